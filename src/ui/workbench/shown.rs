//! What the screen shows of a token, made once when the token or demo mode changes (not every
//! frame): the pretty JSON texts, and in demo mode the token cut short and personal values
//! masked. Also the snippet for the token on screen.

use serde_json::{Map, Value};

use crate::core::mask::{mask_payload, mask_token, personal_values};
use crate::core::mint::Minted;
use crate::core::preset::Preset;
use crate::core::snippet;
use crate::ui::workbench::{Derived, Inputs, Snippet, Workbench, capitalize};

/// A token as the screen shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// The compact token (cut short in demo mode).
    pub token: String,
    /// The header as pretty JSON.
    pub header: String,
    /// The payload as pretty JSON (personal values masked in demo mode).
    pub payload: String,
    /// Personal values that messages must not show (demo mode only).
    pub hide: Vec<String>,
}

impl Shown {
    pub fn of(
        token: &str,
        header: Option<&Map<String, Value>>,
        payload: Option<&Map<String, Value>>,
        preset: Option<&Preset>,
        demo: bool,
    ) -> Shown {
        let pretty = |m: &Map<String, Value>| serde_json::to_string_pretty(m).unwrap_or_default();
        let (payload, hide) = match payload {
            Some(p) if demo => (pretty(&mask_payload(preset, p)), personal_values(preset, p)),
            Some(p) => (pretty(p), Vec::new()),
            None => (String::new(), Vec::new()),
        };
        Shown {
            token: if demo {
                mask_token(token)
            } else {
                token.to_string()
            },
            header: header.map(pretty).unwrap_or_default(),
            payload,
            hide,
        }
    }
}

impl Workbench {
    /// The preset and the inputs to read, and what is derived to change, at once.
    fn split(&mut self) -> (Option<&Preset>, &Inputs, &mut Derived) {
        let Workbench {
            presets,
            inputs,
            derived,
            ..
        } = self;
        let preset = inputs.preset_id.as_deref().and_then(|id| presets.get(id));
        (preset, inputs, derived)
    }

    /// Demo mode changed: the minted token's texts again, without re-signing.
    pub(in crate::ui) fn reshow_minted(&mut self) {
        let (preset, inputs, derived) = self.split();
        if let Some(m) = &mut derived.minted {
            m.shown = Shown::of(
                &m.token,
                Some(&m.header),
                Some(&m.payload),
                preset,
                inputs.demo,
            );
        }
    }

    pub(in crate::ui) fn reshow_inspected(&mut self) {
        let (preset, inputs, derived) = self.split();
        if let Some(v) = &mut derived.inspect {
            v.shown = Shown::of(
                &v.decoded.compact,
                v.decoded.header.object.as_ref(),
                v.decoded.payload.object.as_ref(),
                preset,
                inputs.demo,
            );
        }
    }

    /// The snippet for the token on screen, in the kind chosen (or Node.js when the preset
    /// has no template for it).
    pub(in crate::ui) fn fill_snippet(&mut self) {
        let (Some(preset), Some(m)) = (self.preset(), &self.derived.minted) else {
            self.derived.snippet = None;
            return;
        };
        let kind = effective_kind(preset, self.inputs.snippet_kind);
        let settings = self.form().map(|f| f.settings.clone()).unwrap_or_default();
        let render = |minted: &Minted| {
            snippet::render(
                kind,
                &snippet::Inputs {
                    preset,
                    minted,
                    now: m.minted_at,
                    encoding: self.inputs.key.encoding,
                    server_url: &self.inputs.server_url,
                    settings: &settings,
                },
            )
            .map_err(|e| capitalize(&e.to_string()))
        };
        let minted = Minted {
            token: m.token.clone(),
            header: m.header.clone(),
            payload: m.payload.clone(),
            alg: m.alg,
        };
        let real = render(&minted);
        let shown = if self.inputs.demo {
            render(&Minted {
                token: mask_token(&m.token),
                payload: mask_payload(Some(preset), &m.payload),
                ..minted
            })
        } else {
            real.clone()
        };
        self.derived.snippet = Some(Snippet { kind, real, shown });
    }
}

/// Whether the preset has a template for `kind`.
pub fn snippet_available(preset: &Preset, kind: snippet::Kind) -> bool {
    match kind {
        snippet::Kind::Handover => preset.snippets.handover.is_some(),
        snippet::Kind::Inline => preset.snippets.inline.is_some(),
        _ => true,
    }
}

/// The kind shown: the one chosen, or Node.js when this preset has no such template.
pub fn effective_kind(preset: &Preset, kind: snippet::Kind) -> snippet::Kind {
    if snippet_available(preset, kind) {
        kind
    } else {
        snippet::Kind::Node
    }
}
