//! CPU per frame of the full window, headless, with a 4 KB Connect token on screen.
//!
//! cargo bench --bench window_frames
//!
//! - frame/mint-4k: a steady frame (the countdown's once-a-second repaint): layout and
//!   tessellation of the whole window in Mint mode with 60 attributes.
//! - frame/mint-4k-edit: a frame after an edit: the same plus re-signing and re-checking.
//! - frame/inspect-4k: Inspect mode with the same token pasted and verified.
//! - frame/inspect-84k: the same with an 84 KB token (1,090 attributes): a steady frame costs
//!   what the 4 KB one does (the paste box and token view scroll; only what is in view is drawn).
//! - frame/scan-running: Scan mode while a 200 MB HAR is scanned on its own thread (made by
//!   `cargo bench --bench scan`; skipped without it): hits arriving, the list growing.
//! - frame/minimal: the control, in the same run: a window of one label.
//! - profiles/load-1000: reading a profiles.json of 1,000 profiles.
//! - profiles/change-1000: one change to it as every process makes one (lock, re-read, apply
//!   by id, write and flush a temporary file, rename it over the old one).
//! - profiles/filter-1000: a frame after typing into the profile search, with 1,000 profiles.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use eframe::egui::{self, Pos2, RawInput, Rect, vec2};
use tokenbench::core::preset::Presets;
use tokenbench::store::profiles::{Change, Loaded, Profile, ProfileFile};
use tokenbench::store::secrets::MemoryStore;
use tokenbench::ui::app::command::*;
use tokenbench::ui::app::frame::apply;
use tokenbench::ui::app::services::{Book, Clipboard, Clock, Dialogs, Pick, Running};
use tokenbench::ui::app::state::{AppState as App, Input, Services, Settings};
use tokenbench::ui::mint::form::FieldValue;
use tokenbench::ui::widgets::secret_text::SecretText;
use tokenbench::ui::workbench::Mode;

const NOW: i64 = 1_800_000_000;
const SECRET: &str = "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=";

struct FixedClock;
impl Clock for FixedClock {
    fn now(&self) -> i64 {
        NOW
    }
}
struct NoClipboard;
impl Clipboard for NoClipboard {
    fn copy(&mut self, _: &str) -> Result<(), String> {
        Ok(())
    }
}
struct NoDialogs;
impl Dialogs for NoDialogs {
    fn pick(&self, _: Pick) -> Option<std::path::PathBuf> {
        None
    }
    fn save_to(&self, _: &str, _: &str) -> Option<std::path::PathBuf> {
        None
    }
}

fn window(profiles: Vec<Profile>) -> App {
    let services = Services {
        clock: Box::new(FixedClock),
        clipboard: Box::new(NoClipboard),
        dialogs: std::sync::Arc::new(NoDialogs),
        // As in the window: a scan runs on its own thread while frames are drawn.
        running: Running::Threads,
        history: None,
        book: Book::Memory(profiles.clone()),
        open: Box::new(|| Ok(Box::new(MemoryStore::default()))),
        wake: std::sync::Arc::new(|| {}),
        wake_after: std::sync::Arc::new(|_| {}),
    };
    let settings = Settings {
        preset: Some("amazon-connect".into()),
        ..Settings::default()
    };
    let loaded = Loaded {
        profiles,
        ..Loaded::default()
    };
    App::new(Presets::builtin(), loaded, settings, services)
}

/// Applies `edit` as the window would.
fn edit(app: &mut App, ctx: &egui::Context, edit: impl Into<Command>) {
    apply(ctx, app.handle(Input::Command(edit.into())));
}

/// A Connect window with `rows` attributes (60: a 4 KB token; 1,090: 84 KB), in `mode`.
fn app(mode: Mode, ctx: &egui::Context, rows: usize) -> App {
    let mut app = window(Vec::new());
    let mut secret = SecretText::new();
    secret.set(SECRET);
    edit(&mut app, ctx, Command::Keys(KeysCommand::Secret(secret)));
    edit(
        &mut app,
        ctx,
        Command::Mint(MintCommand::Field {
            name: "sub".into(),
            value: FieldValue::Text("widget-1234".into()),
        }),
    );
    let rows = (0..rows)
        .map(|i| {
            (
                format!("attribute{i:04}"),
                format!("value-{i:04}-{}", "x".repeat(28)),
            )
        })
        .collect();
    edit(
        &mut app,
        ctx,
        Command::Mint(MintCommand::Field {
            name: "attributes".into(),
            value: FieldValue::Rows(rows),
        }),
    );
    let token = app
        .workbench()
        .derived
        .minted
        .as_ref()
        .expect("minted")
        .token
        .clone();
    let n = token.len();
    assert!(
        (4_000..6_144).contains(&n) || (84_000..86_000).contains(&n),
        "a 4 or 84 KB token: {n}"
    );
    if mode == Mode::Inspect {
        apply(
            ctx,
            app.handle(Input::Command(Command::Window(WindowCommand::SetMode(
                Mode::Inspect,
            )))),
        );
        edit(&mut app, ctx, Command::Inspect(InspectCommand::Text(token)));
    }
    app
}

fn input(frame: u64) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1400.0, 900.0))),
        #[allow(clippy::cast_precision_loss)]
        time: Some(frame as f64 / 60.0),
        ..RawInput::default()
    }
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    for (name, mode, edit, demo, rows) in [
        ("mint-4k", Mode::Mint, false, false, 60),
        ("mint-4k-edit", Mode::Mint, true, false, 60),
        ("mint-4k-demo", Mode::Mint, false, true, 60),
        ("inspect-4k", Mode::Inspect, false, false, 60),
        ("inspect-84k", Mode::Inspect, false, false, 1090),
    ] {
        let ctx = egui::Context::default();
        let mut app = app(mode, &ctx, rows);
        if demo {
            apply(
                &ctx,
                app.handle(Input::Command(Command::Window(WindowCommand::SetDemo(
                    true,
                )))),
            );
        }
        let mut frame = 0u64;
        for _ in 0..5 {
            frame += 1;
            let _ = ctx.run_ui(input(frame), |ui| app.draw(ui));
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                frame += 1;
                if edit {
                    // A typed character: a new token, its checks, its snippet.
                    let value = FieldValue::Text(format!("widget-{}", 1000 + frame % 2));
                    let sub = Command::Mint(MintCommand::Field {
                        name: "sub".into(),
                        value,
                    });
                    apply(&ctx, app.handle(Input::Command(sub)));
                }
                let out = ctx.run_ui(input(frame), |ui| app.draw(ui));
                black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
            });
        });
    }
    scan_running(&mut group);
    // The control in the same run: the smallest window (one label), as the process
    // benchmark's minimal eframe window draws it.
    let ctx = egui::Context::default();
    let mut frame = 0u64;
    group.bench_function("minimal", |b| {
        b.iter(|| {
            frame += 1;
            let out = ctx.run_ui(input(frame), |ui| {
                egui::CentralPanel::default_margins().show(ui, |ui| ui.label("Hello"));
            });
            black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
        });
    });
    group.finish();
}

/// Frames while a scan runs (a new one starts whenever the last has finished).
fn scan_running(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let path: std::path::PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "target",
        "scan-bench",
        "capture-200mb.har",
    ]
    .iter()
    .collect();
    if !path.exists() {
        eprintln!(
            "frame/scan-running skipped: run `cargo bench --bench scan` first to make the capture"
        );
        return;
    }
    let ctx = egui::Context::default();
    let mut app = window(Vec::new());
    apply(
        &ctx,
        app.handle(Input::Command(Command::Window(WindowCommand::SetMode(
            Mode::Scan,
        )))),
    );
    let mut frame = 0u64;
    group.bench_function("scan-running", |b| {
        b.iter(|| {
            if !app.scan().running {
                apply(
                    &ctx,
                    app.handle(Input::Command(Command::Scan(ScanCommand::File(
                        path.clone(),
                    )))),
                );
            }
            frame += 1;
            let out = ctx.run_ui(input(frame), |ui| app.draw(ui));
            black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
        });
    });
    apply(
        &ctx,
        app.handle(Input::Command(Command::Scan(ScanCommand::Cancel))),
    );
}

/// 1,000 profiles across the vendors, with names like a support team's.
fn thousand_profiles() -> Vec<Profile> {
    let presets = Presets::builtin();
    let ids: Vec<String> = presets.iter().map(|p| p.id.clone()).collect();
    (0..1000)
        .map(|i| {
            let preset = &ids[i % ids.len()];
            let mut p = Profile::new(
                &format!("customer-{i:04} {}", ["staging", "prod", "demo"][i % 3]),
                preset,
            );
            p.has_secret = i % 2 == 0;
            p
        })
        .collect()
}

fn profile_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("profiles");
    let dir = std::env::temp_dir().join(format!("tokenbench-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("profiles.json");
    let file = ProfileFile::new(&path);
    file.update(Change::Import(thousand_profiles())).unwrap();
    group.bench_function("load-1000", |b| {
        b.iter(|| {
            let loaded = ProfileFile::new(black_box(&path)).read();
            assert_eq!(loaded.profiles.len(), 1000);
            loaded
        });
    });
    // One change as every process makes it: lock, read the 1,000, rename one by id, write a
    // temporary file, flush it to disk, rename it over the old one.
    let id = file.read().profiles[500].id.clone();
    let mut n = 0u64;
    group.bench_function("change-1000", |b| {
        b.iter(|| {
            n += 1;
            let name = format!("renamed {n}");
            file.update(Change::Rename {
                id: id.clone(),
                name,
            })
            .unwrap()
        });
    });
    let _ = std::fs::remove_dir_all(&dir);

    let mut app = window(thousand_profiles());
    let ctx = egui::Context::default();
    let mut frame = 0u64;
    for _ in 0..5 {
        frame += 1;
        let _ = ctx.run_ui(input(frame), |ui| app.draw(ui));
    }
    // Alternate between a filter that keeps ~a third of the list and one that keeps a few.
    let filters = ["prod", "customer-04"];
    group.bench_function("filter-1000", |b| {
        b.iter(|| {
            frame += 1;
            let filter = filters[(frame % 2) as usize].to_string();
            apply(
                &ctx,
                app.handle(Input::Command(Command::Profiles(ProfilesCommand::Filter(
                    filter,
                )))),
            );
            let out = ctx.run_ui(input(frame), |ui| app.draw(ui));
            black_box(ctx.tessellate(out.shapes, out.pixels_per_point))
        });
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(3));
    targets = frames, profile_benches
}
criterion_main!(benches);
