//! Profiles changed by several `tokenbench` processes at the same moment: every change is
//! applied to the file as it is then, under a lock, so none is lost.

use std::collections::BTreeSet;

use crate::support::Tb;

/// The profile names in the config directory, as `profile list --json` gives them.
fn names(tb: &Tb) -> Vec<String> {
    let list = tb.run(&["profile", "list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    list.json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Runs `each` for 0..n on its own thread, `threads` at a time: separate processes racing.
fn race(threads: usize, n: usize, each: impl Fn(usize, usize) + Send + Sync + 'static) {
    let each = std::sync::Arc::new(each);
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let each = each.clone();
            std::thread::spawn(move || (0..n).for_each(|i| each(t, i)))
        })
        .collect();
    for w in workers {
        w.join().expect("a worker panicked");
    }
}

#[test]
fn two_processes_adding_fifty_profiles_each_keep_all_hundred() {
    let tb = Tb::new();
    let dir = tb.dir().to_path_buf();
    race(2, 50, move |t, i| {
        let tb = Tb::at(&dir);
        let name = format!("loop{t}-{i:02}");
        let run = tb.run(&["profile", "add", &name, "--preset", "intercom"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    });
    let got: BTreeSet<String> = names(&tb).into_iter().collect();
    assert_eq!(got.len(), 100, "{got:?}");
    for t in 0..2 {
        for i in 0..50 {
            assert!(got.contains(&format!("loop{t}-{i:02}")));
        }
    }
}

#[test]
fn adds_renames_and_removes_at_the_same_moment_all_land() {
    let tb = Tb::new();
    for i in 0..20 {
        let run = tb.run(&[
            "profile",
            "add",
            &format!("old-{i:02}"),
            "--preset",
            "tiledesk",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let dir = tb.dir().to_path_buf();
    // One process adds, one renames the even ones, one removes the odd ones.
    race(3, 20, move |t, i| {
        let tb = Tb::at(&dir);
        let old = format!("old-{i:02}");
        let run = match t {
            0 => tb.run(&[
                "profile",
                "add",
                &format!("new-{i:02}"),
                "--preset",
                "intercom",
            ]),
            1 if i % 2 == 0 => tb.run(&["profile", "rename", &old, &format!("renamed-{i:02}")]),
            2 if i % 2 == 1 => tb.run(&["profile", "remove", &old]),
            _ => return,
        };
        assert_eq!(run.code, 0, "{t}/{i}: {}", run.stderr);
    });
    let got: BTreeSet<String> = names(&tb).into_iter().collect();
    let mut want = BTreeSet::new();
    for i in 0..20 {
        want.insert(format!("new-{i:02}"));
        if i % 2 == 0 {
            want.insert(format!("renamed-{i:02}"));
        }
    }
    assert_eq!(got, want);
}

#[test]
fn the_same_name_added_twice_at_once_is_refused_once_in_one_line() {
    let tb = Tb::new();
    let dir = tb.dir().to_path_buf();
    let results = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let out = results.clone();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (dir, out) = (dir.clone(), out.clone());
            std::thread::spawn(move || {
                let run = Tb::at(&dir).run(&["profile", "add", "Shared", "--preset", "intercom"]);
                out.lock().expect("lock").push(run);
            })
        })
        .collect();
    for w in workers {
        w.join().expect("join");
    }
    let runs = results.lock().expect("lock");
    assert_eq!(runs.iter().filter(|r| r.code == 0).count(), 1);
    let refused = runs.iter().find(|r| r.code != 0).expect("one refused");
    refused.assert_one_line_error();
    assert!(refused.stderr.contains("already"), "{}", refused.stderr);
    assert_eq!(names(&tb), ["Shared"]);
}
