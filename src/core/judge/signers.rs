//! "Which stored profile signed it?" (or, for an identity hash, made it), answered once for
//! the command line (`--all-profiles`) and the window (*Check every profile*). Each profile
//! is tried with every key it has: the one in the keyring and the ones published at its key
//! URL, with each algorithm the key fits and the preset allows.

use serde_json::{Map, Value};

use super::Judge;
use crate::core::alg::Alg;
use crate::core::decode::Decoded;
use crate::core::hash::{self, HashCheck, TypedSecret};
use crate::core::jws;
use crate::core::key::KeySet;
use crate::core::mint::MintRequest;
use crate::core::preset::Preset;
use crate::core::secret::{Secret, SecretEncoding};

/// A stored profile's keys, as the faces gather them (keyring, key URL).
#[derive(Debug)]
pub struct ProfileKeys {
    pub name: String,
    /// The profile's own preset.
    pub preset: String,
    /// The profile's values (and any given over them): an identity hash's fields.
    pub request: MintRequest,
    /// The key kept in the keyring, when the profile has one.
    pub stored: Option<StoredKey>,
    /// The keys published at the profile's key URL, when it has one (or why they could
    /// not be had).
    pub published: Option<Result<KeySet, String>>,
}

/// A keyring key: as a key set, and the secret's text (for naming the usual mistakes).
#[derive(Debug)]
pub struct StoredKey {
    pub keys: KeySet,
    pub text: Option<(Secret, SecretEncoding)>,
}

impl ProfileKeys {
    /// Every key the profile has, the keyring's first.
    pub fn all_keys(&self) -> KeySet {
        let mut all = KeySet::default();
        if let Some(s) = &self.stored {
            all.keys.extend(s.keys.keys.iter().cloned());
            all.source.clone_from(&s.keys.source);
        }
        if let Some(Ok(p)) = &self.published {
            all.keys.extend(p.keys.iter().cloned());
            all.source = all.source.or_else(|| p.source.clone());
        }
        all
    }
}

/// Which profiles signed (or made) what was checked, of how many tried.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signers {
    pub signed_by: Vec<String>,
    /// The profiles with a key that fits, tried.
    pub tried: usize,
    /// Profiles whose keys could not be had ("Acme: the key URL did not answer").
    pub problems: Vec<String>,
}

/// What trying every profile on a token found.
#[derive(Debug, Default)]
pub struct TokenSigners {
    pub signers: Signers,
    /// The keys of the first profile that verified it: the report is made with these.
    pub verified_with: Option<KeySet>,
    /// Every key tried, for the report when none verified.
    pub tried_keys: KeySet,
}

impl<'a> Judge<'a> {
    /// Tries every profile's keys on `token`. The algorithms: the chosen preset's, else
    /// each profile's own preset's, and always only those its key fits.
    pub fn token_signers(&self, token: &Decoded, profiles: &[ProfileKeys]) -> TokenSigners {
        let alg = token.alg().and_then(Alg::from_jose);
        let mut found = TokenSigners::default();
        for p in profiles {
            if let Some(Err(e)) = &p.published {
                found.signers.problems.push(format!("{}: {e}", p.name));
            }
            let keys = p.all_keys();
            if !alg.is_some_and(|a| keys.keys.iter().any(|k| k.fits(a))) {
                continue;
            }
            found.signers.tried += 1;
            let allowed = self.algorithms_for(&p.preset);
            if jws::verify(token, &keys, &allowed).valid {
                found.signers.signed_by.push(p.name.clone());
                if found.verified_with.is_none() {
                    found.verified_with = Some(keys.clone());
                }
            }
            found.tried_keys.keys.extend(keys.keys);
        }
        found
    }

    /// The algorithms a profile's key may verify with.
    fn algorithms_for(&self, profile_preset: &str) -> Vec<Alg> {
        if let Some(only) = self.algorithms {
            return only.to_vec();
        }
        (self.preset.filter(|p| !p.is_hash()))
            .or_else(|| self.presets.get(profile_preset))
            .map_or_else(|| Alg::ALL.to_vec(), Preset::allowed_algorithms)
    }

    /// Tries every identity-hash profile (of the chosen preset, when one is chosen) on
    /// `value`, each with its own preset, fields and secret. Also returns the check to show:
    /// the first maker's, else the first tried, with the preset it was made in.
    pub fn hash_makers(
        &self,
        value: &str,
        profiles: &[ProfileKeys],
    ) -> (Signers, Option<HashMade<'a>>) {
        let mut signers = Signers::default();
        let mut shown: Option<HashMade<'a>> = None;
        for p in profiles {
            let Some(preset) = self.presets.get(&p.preset).filter(|x| x.is_hash()) else {
                continue;
            };
            if self
                .preset
                .is_some_and(|chosen| chosen.is_hash() && chosen.id != preset.id)
            {
                continue;
            }
            let Some(stored) = &p.stored else { continue };
            let Some(secret) = stored.keys.keys.first().and_then(|k| k.secret_bytes()) else {
                continue;
            };
            let Ok(fields) = hash::fields(preset, &p.request, self.now) else {
                continue;
            };
            let text = stored.text.as_ref().map(|(t, e)| TypedSecret {
                text: t.expose(),
                encoding: *e,
            });
            signers.tried += 1;
            let check = hash::verify(preset, value, &fields, secret, text, self.now);
            let made = check.matches;
            if made {
                signers.signed_by.push(p.name.clone());
            }
            let first_maker = made && signers.signed_by.len() == 1;
            if first_maker || shown.is_none() {
                shown = Some(HashMade {
                    preset,
                    fields,
                    check,
                });
            }
        }
        (signers, shown)
    }
}

/// The identity-hash check a report shows, in the terms of its preset.
#[derive(Debug)]
pub struct HashMade<'a> {
    pub preset: &'a Preset,
    pub fields: Map<String, Value>,
    pub check: HashCheck,
}
