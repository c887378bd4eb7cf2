//! The workbench window (eframe/egui): a thin view over `core`. One panel per file; panels
//! read a view of the state and push commands, and `AppState::handle` carries them out.

pub mod app;
pub mod diff;
pub mod history;
pub mod inspect;
pub mod keys;
pub mod mint;
pub mod profiles;
pub mod scan;
pub mod server;
#[cfg(test)]
pub mod testing;
pub mod widgets;
pub mod workbench;

use std::sync::{Arc, OnceLock};

use eframe::egui;
use time::UtcOffset;

use crate::ui::app::services::{
    Book, NativeDialogs, Running, SystemClipboard, SystemClock, open_os_keyring,
};
use crate::ui::app::state::{AppState, Services, Settings};

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
        persistence_path: crate::store::dirs::config_dir().map(|d| d.join("app.ron")),
        ..Default::default()
    }
}

/// Opens the window and runs until it is closed.
pub fn run() -> Result<(), String> {
    // Read while there is still only one thread (the `time` crate requires it on Linux).
    if let Ok(offset) = UtcOffset::current_local_offset() {
        let _ = LOCAL_OFFSET.set(offset);
    }
    // The start-up benchmark (benches/window_process.rs) asks for one line at the first frame.
    let report_first_frame = std::env::var_os("TOKENBENCH_REPORT_FIRST_FRAME").is_some();
    let presets = crate::store::presets::load_all();
    let (book, profiles) = match crate::store::profiles::ProfileFile::default_location() {
        Some(file) => {
            let loaded = file.read();
            (Book::File(file), loaded)
        }
        None => (
            Book::Memory(Vec::new()),
            crate::store::profiles::Loaded {
                profiles: Vec::new(),
                problem: Some("there is no config directory: profiles can't be saved".into()),
                unreadable: false,
            },
        ),
    };
    let options = native_options();
    if let Some(path) = &options.persistence_path {
        // eframe rewrites its settings file in place: made 0600 first, it stays so.
        let _ = crate::store::files::prepare_private(path);
    }
    eframe::run_native(
        "tokenbench",
        options,
        Box::new(move |cc| {
            let settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                .unwrap_or_default();
            // The remembered theme before the first frame is drawn: no dark flash.
            cc.egui_ctx.set_theme(settings.theme);
            let (ctx, later) = (cc.egui_ctx.clone(), cc.egui_ctx.clone());
            let services = Services {
                clock: Box::new(SystemClock),
                clipboard: Box::new(SystemClipboard::new()),
                dialogs: Arc::new(NativeDialogs),
                running: Running::Threads,
                history: crate::store::history::HistoryFile::default_location(),
                book,
                open: open_os_keyring(),
                wake: Arc::new(move || ctx.request_repaint()),
                wake_after: Arc::new(move |after| later.request_repaint_after(after)),
            };
            let mut app = AppState::new(presets, profiles, settings, services);
            if report_first_frame {
                app.first_frame = Some(Box::new(|| {
                    use std::io::Write;
                    let mut out = std::io::stdout();
                    let _ = writeln!(out, "first-frame");
                    let _ = out.flush();
                }));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("the window could not open: {e}"))
}
