//! The team hub in the window (issue 16): a working copy whose hub cannot be reached says so
//! in the status bar and keeps working; File ▸ Sync conflicts… lists each conflict with what
//! differs, and "Keep theirs" takes the hub's version as one undoable step.

use tamga::domain::{HubBase, HubConflict, HubRecord, RowState};

use super::*;

#[test]
fn sync_conflicts_are_listed_and_resolved_in_the_window_and_an_unreachable_hub_shows_offline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.tamga");
    let mut project = Project::create(&path, "Working copy", "Aigerim").unwrap();
    let code = project.ensure_code_path("Belonging").unwrap();
    let guid = project.store().code(code).unwrap().guid;
    let modernity = project.ensure_code_path("Modernity").unwrap();
    let modernity_guid = project.store().code(modernity).unwrap().guid;
    // A working copy of a hub nobody answers at (port 1), holding what it last synced.
    let bases: Vec<HubBase> = project
        .store()
        .shared_rows()
        .unwrap()
        .into_iter()
        .map(|r| HubBase {
            kind: r.kind.to_owned(),
            key: r.key,
            seq: 1,
            hash: r.hash,
        })
        .collect();
    project
        .store_mut()
        .link_hub(
            "postgres://aigerim@127.0.0.1:1/team?connect_timeout=2",
            "p1",
            1,
            &bases,
        )
        .unwrap();
    // Renamed here; renamed otherwise on the hub (its version as the hub sent it).
    let original = project
        .store()
        .shared_rows()
        .unwrap()
        .into_iter()
        .find(|r| r.key == guid)
        .unwrap()
        .content;
    // …and moved under Modernity there.
    let theirs = original
        .replace("\"Belonging\"", "\"Belonging (the hub's)\"")
        .replacen("[null,", &format!("[\"{modernity_guid}\","), 1);
    assert!(
        theirs.starts_with(&format!("[\"{modernity_guid}\"")),
        "{theirs}"
    );
    project
        .execute(Edit::RenameCode {
            id: code,
            name: "Belonging (mine)".into(),
        })
        .unwrap();
    project
        .take_in(&Edit::PutRows {
            rows: Vec::new(),
            hub: Some(Box::new(HubRecord {
                conflicts: vec![HubConflict {
                    theirs: RowState {
                        kind: "code".into(),
                        key: guid.clone(),
                        content: Some(theirs),
                        local_id: None,
                    },
                    conflict: format!("code:{guid}"),
                    seq: 2,
                    reason: "changed here and on the hub".into(),
                    found_at: "2026-12-01T10:00:00Z".into(),
                }],
                ..HubRecord::default()
            })),
        })
        .unwrap();
    drop(project);

    let mut harness = window_opening(&path, "Aigerim");
    harness.run();
    // The worker tries the hub and reports it unreachable; the window keeps working.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while harness.query_by_label("Hub: offline").is_none() {
        assert!(std::time::Instant::now() < until, "no offline status");
        std::thread::sleep(std::time::Duration::from_millis(50));
        harness.run();
    }
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Sync conflicts…").click();
    harness.run();
    harness.get_by_label("Code “Belonging (mine)”");
    harness.get_by_label("    name: “Belonging (mine)” here, “Belonging (the hub's)” on the hub");
    harness.get_by_label("    place: the top of the codebook here, under “Modernity” on the hub");
    harness.get_by_label("Keep theirs").click();
    harness.run();
    let name = |h: &Harness<'_, Workbench>| {
        let p = h.state().project.as_ref().unwrap();
        (
            p.store().code(code).unwrap().name,
            p.store().hub_conflicts().unwrap().len(),
        )
    };
    assert_eq!(name(&harness), ("Belonging (the hub's)".to_owned(), 0));
    let parent = harness
        .state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .code(code)
        .unwrap()
        .parent;
    assert_eq!(parent, Some(modernity), "under Modernity, as on the hub");
    assert!(
        harness.query_by_label("Keep theirs").is_none(),
        "the list is empty now"
    );
    harness.get_by_label("Close").click();
    harness.run();
    // One undoable step: the conflict and this copy's name come back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(name(&harness), ("Belonging (mine)".to_owned(), 1));
}
