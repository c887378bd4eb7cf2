//! The workbench window (eframe/egui): a thin view over `core`. One panel per file; panels
//! read the model and push commands, and `App::apply` carries them out.

pub mod app;
pub mod claims_form;
pub mod command;
pub mod countdown;
pub mod findings;
pub mod form;
pub mod inspect_panel;
pub mod json_view;
pub mod key_panel;
pub mod model;
pub mod preset_list;
pub mod profiles;
pub mod profiles_panel;
pub mod secret_text;
pub mod server_panel;
pub mod services;
pub mod snippet_panel;
pub mod theme;
pub mod toasts;
pub mod token_panel;
pub mod welcome;

use std::sync::{Arc, OnceLock};

use eframe::egui;
use time::UtcOffset;

use app::{App, KeyringSetup, Services, Settings};
use profiles::ProfileBook;
use services::{NativeDialogs, SystemClipboard, SystemClock, open_os_keyring};

/// The app icon, rendered from `assets/icon.svg`.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

static LOCAL_OFFSET: OnceLock<UtcOffset> = OnceLock::new();

/// A time in the user's time zone, for hover text.
pub fn local_time(secs: f64) -> Option<String> {
    let offset = *LOCAL_OFFSET.get()?;
    #[allow(clippy::cast_possible_truncation)]
    let dt = time::OffsetDateTime::from_unix_timestamp(secs.floor() as i64)
        .ok()?
        .to_offset(offset);
    dt.format(time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] [offset_hour sign:mandatory]:[offset_minute]"
    ))
    .ok()
}

/// Window options: title, icon, size, persistence, renderer.
pub fn native_options() -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("tokenbench")
        .with_app_id("tokenbench")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([820.0, 520.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        // Dithering costs a little per pixel on every frame; flat UI colours don't need it.
        dithering: false,
        persist_window: true,
        persistence_path: crate::store::presets::config_dir().map(|d| d.join("app.ron")),
        ..Default::default()
    }
}

/// Opens the window and runs until it is closed.
pub fn run() -> Result<(), String> {
    // Read while there is still only one thread (the `time` crate requires it on Linux).
    if let Ok(offset) = UtcOffset::current_local_offset() {
        let _ = LOCAL_OFFSET.set(offset);
    }
    let presets = crate::store::presets::load_all();
    let book = ProfileBook::load_default();
    eframe::run_native(
        "tokenbench",
        native_options(),
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            let ctx = cc.egui_ctx.clone();
            let services = Services {
                clock: Box::new(SystemClock),
                clipboard: Box::new(SystemClipboard::new()),
                dialogs: Box::new(NativeDialogs),
                keyring: KeyringSetup::Threaded {
                    open: open_os_keyring(),
                    repaint: Box::new(move || ctx.request_repaint()),
                },
            };
            Ok(Box::new(App::new(presets, book, settings, services)))
        }),
    )
    .map_err(|e| format!("the window could not open: {e}"))
}

#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod tests;
