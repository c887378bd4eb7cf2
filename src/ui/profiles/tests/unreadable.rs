//! A `profiles.json` that is there but can't be read: the window keeps the list as last
//! read, says why, and writes nothing until the file can be read again.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::store::profiles::{Profile, ProfileFile};
use crate::ui::app::state::Settings;
use crate::ui::testing::*;

/// The window loses and regains focus: it reads the profiles file again.
fn refocus(h: &mut Harness<'static, App>) {
    h.event(eframe::egui::Event::WindowFocused(false));
    h.run();
    h.event(eframe::egui::Event::WindowFocused(true));
    h.run();
}

#[test]
fn a_profiles_file_that_cant_be_read_keeps_the_list_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("profiles.json");
    let alpha = Profile::new("Alpha", "amazon-connect");
    let id = alpha.id.clone();
    let (mut h, _) = start(Start {
        settings: Settings {
            preset: Some("amazon-connect".into()),
            profile: Some(id.clone()),
            ..Settings::default()
        },
        profiles: vec![alpha, Profile::new("Bravo", "amazon-connect")],
        file: Some(path.clone()),
        ..Start::default()
    });
    // An I/O error in the file's place (root reads any file, so a folder stands for one).
    let aside = dir.path().join("profiles.json.real");
    std::fs::rename(&path, &aside).expect("move aside");
    std::fs::create_dir(&path).expect("a folder in its place");
    refocus(&mut h);
    let names: Vec<&str> = (h.state().workbench.profiles.list.iter())
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["Alpha", "Bravo"], "the list as last read");
    assert_eq!(
        h.state().workbench.profiles.active.as_deref(),
        Some(id.as_str()),
        "not taken for deleted elsewhere"
    );
    assert!(shows(&h, "can't be read"), "the banner says why");
    assert!(!shows(&h, "was deleted"));
    // A change is refused, and nothing is written in the folder's place.
    type_into(&mut h, "Widget ID", "w-1");
    h.get_by_label("Save changes").click();
    h.run();
    assert!(path.is_dir());
    assert_eq!(std::fs::read_dir(&path).expect("dir").count(), 0);
    // The file back: the window reads it again and the banner goes.
    std::fs::remove_dir(&path).expect("rmdir");
    std::fs::rename(&aside, &path).expect("move back");
    refocus(&mut h);
    assert_eq!(
        h.state().workbench.profiles.unreadable,
        None,
        "the banner goes"
    );
    assert_eq!(ProfileFile::new(&path).read().profiles.len(), 2);
}
