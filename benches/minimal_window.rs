//! The smallest eframe window, with tokenbench's renderer and size, repainting once a second
//! like tokenbench's countdown: the baseline the window benchmark compares start-up time,
//! memory and idle CPU against. Prints `first-frame` at its first frame.

use std::io::Write;

use eframe::egui;

#[derive(Default)]
struct Minimal {
    reported: bool,
}

impl eframe::App for Minimal {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if !self.reported {
            self.reported = true;
            let mut out = std::io::stdout();
            let _ = writeln!(out, "first-frame");
            let _ = out.flush();
        }
        egui::CentralPanel::default_margins().show(ui, |ui| ui.label("Hello"));
        // Like tokenbench's countdown: one repaint a second.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(1));
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("minimal")
            .with_inner_size([1280.0, 820.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "minimal",
        options,
        Box::new(|_| Ok(Box::<Minimal>::default())),
    )
}
