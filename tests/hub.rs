//! The team hub against a real PostgreSQL: `.ci/run` starts a throwaway cluster and passes its
//! admin address in `TAMGA_TEST_HUB`; without it, these tests start their own with
//! `tests/hub_cluster.sh` (PostgreSQL's server programs must be installed). Each test works in
//! a database of its own, with logins of its own.
#![cfg(feature = "hub")]
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tamga::domain::{CodeId, Edit, Keep, MemoTarget, TextRange};
use tamga::hub::{self, Hub, HubAddress, HubError, SyncOptions};
use tamga::project::Project;

struct Cluster {
    port: u16,
    password: String,
    ca: String,
}

fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        let url = std::env::var("TAMGA_TEST_HUB").unwrap_or_else(|_| start_own_cluster());
        let a = HubAddress::parse(&url).expect("TAMGA_TEST_HUB is a postgres:// address");
        Cluster {
            port: a.port,
            password: a
                .password()
                .expect("the admin address carries its password"),
            ca: a.param("sslrootcert").unwrap_or_default().to_owned(),
        }
    })
}

/// Starts a cluster for this test process and a watcher that stops it when the process ends.
#[expect(
    clippy::zombie_processes,
    reason = "the watcher outlives this process, to stop the cluster once the process ends"
)]
fn start_own_cluster() -> String {
    let dir = std::env::temp_dir().join(format!("tamga-hub-tests-{}", std::process::id()));
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hub_cluster.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg("start")
        .arg(&dir)
        .arg(port.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cannot start a PostgreSQL cluster for the hub tests: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; bash '{script}' stop '{dir}'; rm -rf '{dir}'",
            pid = std::process::id(),
            script = script.display(),
            dir = dir.display()
        ))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

/// A plain connection as the cluster's administrator (for what a test does behind Tamga's back).
fn admin(db: &str) -> postgres::Client {
    let c = cluster();
    postgres::Config::new()
        .user("tamga_admin")
        .password(&c.password)
        .host("127.0.0.1")
        .port(c.port)
        .dbname(db)
        .connect(postgres::NoTls)
        .unwrap()
}

fn address(user: &str, password: &str, db: &str) -> HubAddress {
    let c = cluster();
    HubAddress::parse(&format!(
        "postgres://{user}:{password}@localhost:{}/{db}?sslrootcert={}",
        c.port, c.ca
    ))
    .unwrap()
}

/// A fresh database made a hub; returns its name.
fn new_hub() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let db = format!(
        "hub_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    admin("postgres")
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .unwrap();
    Hub::init(&address("tamga_admin", &cluster().password, &db)).unwrap();
    db
}

/// A login of this hub's own, allowed to use hubs (`tamga_member`); returns its address.
fn login(db: &str, who: &str) -> HubAddress {
    let name = format!("{db}_{who}");
    let password = format!("pw-{who}");
    admin(db)
        .batch_execute(&format!(
            "CREATE ROLE {name} LOGIN PASSWORD '{password}'; GRANT tamga_member TO {name};"
        ))
        .unwrap();
    address(&name, &password, db)
}

/// A code's id in one copy, found by its GUID (ids are each copy's own).
fn code_id(p: &Project, guid: &str) -> Option<CodeId> {
    p.store()
        .codes()
        .unwrap()
        .into_iter()
        .find(|c| c.guid == guid)
        .map(|c| c.id)
}

/// Creates a code (under the code with GUID `parent`); returns its GUID.
fn create_code(p: &mut Project, parent: Option<&str>, name: &str) -> String {
    let inverse = p
        .execute(Edit::CreateCode {
            parent: parent.map(|g| code_id(p, g).unwrap()),
            name: name.into(),
            color: None,
            description: String::new(),
            position: None,
        })
        .unwrap();
    let Edit::DeleteCode { id } = inverse else {
        panic!("{inverse:?}")
    };
    p.store().code(id).unwrap().guid
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn sample(dir: &Path, name: &str, coder: &str) -> Project {
    let path = dir.join(name);
    tamga::sample::write_sample(&path).unwrap();
    Project::open(&path, coder).unwrap()
}

fn sync(p: &mut Project, hub: &mut Hub) -> hub::SyncReport {
    hub::sync(p, hub, &SyncOptions::default())
        .unwrap_or_else(|e| panic!("sync of {}: {e}", p.store().path().display()))
}

fn dump(p: &Project) -> String {
    p.store().content_dump().unwrap()
}

/// One team: an owner who published the sample, and members who cloned it.
struct Team {
    db: String,
    dir: tempfile::TempDir,
    copies: Vec<(Project, Hub)>,
}

fn team(names: &[&str]) -> Team {
    let db = new_hub();
    let dir = temp();
    let owner = login(&db, &names[0].to_lowercase());
    let mut hub = Hub::connect(&owner).unwrap();
    let mut first = sample(dir.path(), &format!("{}.tamga", names[0]), names[0]);
    let published = hub::publish(&mut first, &mut hub).unwrap();
    let mut copies = vec![(first, hub)];
    for name in &names[1..] {
        let member = login(&db, &name.to_lowercase());
        copies[0]
            .1
            .set_member(&published.project, &member.user, Some("coder"))
            .unwrap();
        let mut hub = Hub::connect(&member).unwrap();
        let copy = hub::clone_project(
            &mut hub,
            None,
            &dir.path().join(format!("{name}.tamga")),
            name,
        )
        .unwrap();
        copies.push((copy, hub));
    }
    // Each member registers as a coder, and everyone learns of everyone.
    for (i, (p, _)) in copies.iter_mut().enumerate() {
        p.execute(Edit::AddCoder {
            name: names[i].into(),
        })
        .unwrap();
    }
    for _ in 0..2 {
        for (p, hub) in &mut copies {
            sync(p, hub);
        }
    }
    Team { db, dir, copies }
}

#[test]
fn a_published_project_clones_identically_over_tls_and_keeps_no_password() {
    let team = team(&["Aigerim", "Bolat"]);
    let (a, hub_a) = &team.copies[0];
    let (b, hub_b) = &team.copies[1];
    assert!(
        hub_a.is_tls() && hub_b.is_tls(),
        "the test cluster offers TLS"
    );
    assert_eq!(dump(a), dump(b));
    // Every kind of shared row made the trip.
    let d = dump(b);
    for kind in ["project", "coder", "document", "code", "coding", "memo"] {
        assert!(
            d.lines().any(|l| l.starts_with(&format!("{kind}\t"))),
            "{kind}"
        );
    }
    for p in [a, b] {
        let bytes = std::fs::read(p.store().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("pw-"),
            "no password in {}",
            p.store().path().display()
        );
        let link = p.store().hub_link().unwrap().unwrap();
        assert!(link.url.starts_with("postgres://") && !link.url.contains("pw-"));
    }
}

#[test]
fn changes_travel_both_ways_and_a_shared_row_changed_twice_is_a_conflict_resolved_by_choice() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let code = {
        let (a, _) = &team.copies[0];
        a.store().codes().unwrap()[0].clone()
    };
    // Both rename the same code offline.
    for (i, name) in ["Aigerim's name", "Bolat's name"].into_iter().enumerate() {
        let (p, _) = &mut team.copies[i];
        let id = code_id(p, &code.guid).unwrap();
        p.execute(Edit::RenameCode {
            id,
            name: name.into(),
        })
        .unwrap();
    }
    let (a, hub_a) = &mut team.copies[0];
    assert_eq!(sync(a, hub_a).sent, 1);
    let (b, hub_b) = &mut team.copies[1];
    let report = sync(b, hub_b);
    assert_eq!(report.conflicts, 1);
    assert_eq!(report.sent, 0, "the conflicting rename waits");
    let conflicts = b.store().hub_conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].reason, "changed here and on the hub");
    assert!(
        conflicts[0]
            .theirs
            .content
            .as_deref()
            .unwrap()
            .contains("Aigerim's name")
    );
    // Bolat's copy still shows his own name until he decides.
    let name_in = |p: &Project| {
        p.store()
            .codes()
            .unwrap()
            .into_iter()
            .find(|c| c.guid == code.guid)
            .unwrap()
            .name
    };
    assert_eq!(name_in(b), "Bolat's name");
    // Keep mine: undoable, then redone; it goes up with the next sync.
    let conflict = conflicts[0].conflict.clone();
    b.execute(Edit::ResolveSyncConflict {
        conflict: conflict.clone(),
        keep: Keep::Mine,
    })
    .unwrap();
    assert!(b.store().hub_conflicts().unwrap().is_empty());
    b.undo().unwrap();
    assert_eq!(b.store().hub_conflicts().unwrap().len(), 1);
    b.redo().unwrap();
    assert_eq!(sync(b, hub_b).sent, 1);
    let (a, hub_a) = &mut team.copies[0];
    assert_eq!(sync(a, hub_a).received, 1);
    assert_eq!(name_in(a), "Bolat's name");
    let d = dump(a);
    assert_eq!(d, dump(&team.copies[1].0));

    // Keep theirs: the hub's version replaces this copy's.
    let (a, _) = &mut team.copies[0];
    let id = code_id(a, &code.guid).unwrap();
    a.execute(Edit::RecolorCode {
        id,
        color: "#112233".into(),
    })
    .unwrap();
    let (b, hub_b) = &mut team.copies[1];
    let id = code_id(b, &code.guid).unwrap();
    b.execute(Edit::RecolorCode {
        id,
        color: "#445566".into(),
    })
    .unwrap();
    sync(b, hub_b);
    let (a, hub_a) = &mut team.copies[0];
    assert_eq!(sync(a, hub_a).conflicts, 1);
    let conflict = a.store().hub_conflicts().unwrap()[0].conflict.clone();
    a.execute(Edit::ResolveSyncConflict {
        conflict,
        keep: Keep::Theirs,
    })
    .unwrap();
    let color = a
        .store()
        .codes()
        .unwrap()
        .into_iter()
        .find(|c| c.guid == code.guid)
        .unwrap()
        .color;
    assert_eq!(color, "#445566");
    let report = sync(a, hub_a);
    assert_eq!((report.sent, report.conflicts), (0, 0));
    let (b, hub_b) = &mut team.copies[1];
    sync(b, hub_b);
    assert_eq!(dump(&team.copies[0].0), dump(&team.copies[1].0));
}

#[test]
fn a_code_deleted_on_the_hub_does_not_come_back_and_one_used_here_since_is_a_conflict() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let codes = team.copies[0].0.store().codes().unwrap();
    let (leaf_a, leaf_b) = {
        let parents: HashSet<CodeId> = codes.iter().filter_map(|c| c.parent).collect();
        let leaves: Vec<_> = codes.iter().filter(|c| !parents.contains(&c.id)).collect();
        (leaves[0].guid.clone(), leaves[1].guid.clone())
    };
    // Aigerim deletes two codes; Bolat, offline, codes a passage with the second.
    let (a, hub_a) = &mut team.copies[0];
    for g in [&leaf_a, &leaf_b] {
        let id = code_id(a, g).unwrap();
        a.execute(Edit::DeleteCode { id }).unwrap();
    }
    sync(a, hub_a);
    let (b, hub_b) = &mut team.copies[1];
    let doc = b.store().document_summaries().unwrap()[0].id;
    let code = code_id(b, &leaf_b).unwrap();
    b.execute(Edit::ApplyCoding {
        document: doc,
        code,
        range: TextRange::new(5, 25),
        coder: "Bolat".into(),
        memo: String::new(),
    })
    .unwrap();
    let report = sync(b, hub_b);
    // The first code is gone here too; the second, used here since, is a conflict.
    assert!(
        code_id(b, &leaf_a).is_none(),
        "a deleted code does not stay"
    );
    assert!(code_id(b, &leaf_b).is_some());
    assert_eq!(report.conflicts, 1);
    let c = &b.store().hub_conflicts().unwrap()[0];
    assert_eq!(c.reason, "deleted on the hub; used or changed here since");
    assert_eq!(c.theirs.content, None);
    // Bolat's new coding waits with it (it refers to the code in conflict).
    assert!(report.held_back >= 1);
    // Nothing brings the first code back to the hub.
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    assert!(code_id(a, &leaf_a).is_none());
    // Bolat keeps his: the code comes back with his coding, on both copies.
    let (b, hub_b) = &mut team.copies[1];
    let conflict = b.store().hub_conflicts().unwrap()[0].conflict.clone();
    b.execute(Edit::ResolveSyncConflict {
        conflict,
        keep: Keep::Mine,
    })
    .unwrap();
    let report = sync(b, hub_b);
    assert_eq!(report.conflicts, 0);
    assert!(report.sent >= 2);
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    assert!(code_id(a, &leaf_b).is_some());
    assert_eq!(dump(&team.copies[0].0), dump(&team.copies[1].0));
}

/// Every code reaches the top of the codebook by its parents.
fn assert_tree(p: &Project) {
    let codes = p.store().codes().unwrap();
    for c in &codes {
        let mut at = c.parent;
        let mut steps = 0;
        while let Some(id) = at {
            steps += 1;
            assert!(steps <= codes.len(), "“{}” is inside itself", c.name);
            at = codes.iter().find(|x| x.id == id).unwrap().parent;
        }
    }
}

#[test]
fn codes_moved_into_each_other_on_two_copies_are_a_conflict_and_the_codebook_stays_a_tree() {
    for keep in [Keep::Theirs, Keep::Mine] {
        let mut team = team(&["Aigerim", "Bolat"]);
        let codes = team.copies[0].0.store().codes().unwrap();
        // Two leaves, each the last child of a different parent, so that neither move
        // renumbers a sibling: the only disagreement is the loop.
        let last_child = |parent: CodeId| {
            codes
                .iter()
                .filter(|c| c.parent == Some(parent))
                .max_by_key(|c| c.position)
                .unwrap()
                .guid
                .clone()
        };
        let tops: Vec<_> = codes.iter().filter(|c| c.parent.is_none()).collect();
        let (x, y) = (last_child(tops[0].id), last_child(tops[1].id));
        // Aigerim moves X under Y; Bolat, offline, moves Y under X.
        let (a, hub_a) = &mut team.copies[0];
        a.execute(Edit::MoveCode {
            id: code_id(a, &x).unwrap(),
            parent: code_id(a, &y),
            position: i64::MAX,
        })
        .unwrap();
        sync(a, hub_a);
        let (b, hub_b) = &mut team.copies[1];
        b.execute(Edit::MoveCode {
            id: code_id(b, &y).unwrap(),
            parent: code_id(b, &x),
            position: i64::MAX,
        })
        .unwrap();
        let report = sync(b, hub_b);
        assert!(report.conflicts >= 1, "{report:?}");
        assert_tree(b);
        let conflicts = b.store().hub_conflicts().unwrap();
        // The two moves wait as one decision.
        let rows: HashSet<String> = conflicts.iter().map(|c| c.theirs.key.clone()).collect();
        assert_eq!(rows, HashSet::from([x.clone(), y.clone()]));
        assert_eq!(conflicts[0].conflict, conflicts[1].conflict);
        assert!(
            conflicts
                .iter()
                .all(|c| c.reason == "moved here and on the hub into each other")
        );
        // The store itself refuses a loop: the hub's X alone would put X inside itself.
        let before = dump(b);
        let theirs_x = conflicts.iter().find(|c| c.theirs.key == x).unwrap();
        let err = b
            .execute(Edit::PutRows {
                rows: vec![theirs_x.theirs.clone()],
                hub: None,
            })
            .unwrap_err();
        assert!(err.to_string().contains("inside itself"), "{err}");
        assert_eq!(dump(b), before, "nothing changed");
        // Bolat decides; the codebook stays a tree everywhere and the copies agree.
        let groups: HashSet<String> = conflicts.iter().map(|c| c.conflict.clone()).collect();
        for conflict in groups {
            b.execute(Edit::ResolveSyncConflict { conflict, keep })
                .unwrap();
            assert_tree(b);
        }
        sync(b, hub_b);
        let (a, hub_a) = &mut team.copies[0];
        sync(a, hub_a);
        assert_tree(a);
        let parent_guid = |p: &Project, guid: &str| {
            let codes = p.store().codes().unwrap();
            let c = codes.iter().find(|c| c.guid == guid).unwrap();
            c.parent
                .map(|id| codes.iter().find(|p| p.id == id).unwrap().guid.clone())
        };
        match keep {
            Keep::Theirs => assert_eq!(parent_guid(a, &x), Some(y.clone())),
            Keep::Mine => assert_eq!(parent_guid(a, &y), Some(x.clone())),
        }
        assert_eq!(dump(&team.copies[0].0), dump(&team.copies[1].0));
    }
}

#[test]
fn a_code_that_a_conflict_refers_to_still_moves_and_its_old_parent_can_be_deleted() {
    let mut team = team(&["Aigerim", "Bolat"]);
    // Aigerim makes P ▸ K ▸ C; everyone has it.
    let (a, hub_a) = &mut team.copies[0];
    let p = create_code(a, None, "P");
    let k = create_code(a, Some(&p), "K");
    let c = create_code(a, Some(&k), "C");
    sync(a, hub_a);
    let (b, hub_b) = &mut team.copies[1];
    sync(b, hub_b);
    // Both recolour C: a conflict whose hub version sits under K.
    let (a, hub_a) = &mut team.copies[0];
    a.execute(Edit::RecolorCode {
        id: code_id(a, &c).unwrap(),
        color: "#112233".into(),
    })
    .unwrap();
    sync(a, hub_a);
    // Bolat recolours C too, moves K to the top and deletes P.
    let (b, hub_b) = &mut team.copies[1];
    b.execute(Edit::RecolorCode {
        id: code_id(b, &c).unwrap(),
        color: "#445566".into(),
    })
    .unwrap();
    b.execute(Edit::MoveCode {
        id: code_id(b, &k).unwrap(),
        parent: None,
        position: 0,
    })
    .unwrap();
    b.execute(Edit::DeleteCode {
        id: code_id(b, &p).unwrap(),
    })
    .unwrap();
    let report = sync(b, hub_b);
    assert_eq!(report.conflicts, 1, "{report:?}");
    // K's move and P's deletion went up; only C waits.
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    assert!(code_id(a, &p).is_none(), "P deleted on the hub");
    let k_in_a = a.store().code(code_id(a, &k).unwrap()).unwrap();
    assert_eq!(k_in_a.parent, None, "K moved to the top");
}

#[test]
fn a_teammates_change_set_is_signalled_and_ones_own_is_not() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let project = team.copies[0]
        .0
        .store()
        .hub_link()
        .unwrap()
        .unwrap()
        .project;
    for (_, hub) in &mut team.copies {
        hub.listen().unwrap();
        assert!(!hub.changed_elsewhere(&project).unwrap(), "nothing yet");
    }
    let (a, hub_a) = &mut team.copies[0];
    a.execute(Edit::WriteMemo {
        target: MemoTarget::Project,
        title: "Fieldwork, week 3".into(),
        body: "Interviews in Almaty".into(),
        coder: "Aigerim".into(),
    })
    .unwrap();
    assert!(sync(a, hub_a).sent >= 1);
    // Bolat's connection hears of it (the signal travels on its own; wait for it a little).
    let until = Instant::now() + Duration::from_secs(10);
    let hub_b = &mut team.copies[1].1;
    while !hub_b.changed_elsewhere(&project).unwrap() {
        assert!(Instant::now() < until, "no signal of Aigerim's change set");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Read once, the signal is spent; another project's signal is not this one's.
    assert!(!hub_b.changed_elsewhere(&project).unwrap());
    // Aigerim is not told of her own change set.
    std::thread::sleep(Duration::from_millis(300));
    assert!(!team.copies[0].1.changed_elsewhere(&project).unwrap());
    assert!(
        !team.copies[1]
            .1
            .changed_elsewhere("another project")
            .unwrap()
    );
}

#[test]
fn a_deletion_on_the_hub_does_not_take_a_code_whose_move_away_waits_in_a_conflict() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let codes = team.copies[0].0.store().codes().unwrap();
    let tops: Vec<_> = codes.iter().filter(|c| c.parent.is_none()).collect();
    let (x, w) = (tops[0].guid.clone(), tops[1].guid.clone());
    let y = codes
        .iter()
        .find(|c| c.parent == Some(tops[0].id))
        .unwrap()
        .guid
        .clone();
    let codings_of = |p: &Project, guid: &str| {
        let id = code_id(p, guid).unwrap();
        let all = p.store().all_codings().unwrap();
        all.iter().filter(|c| c.code == id).count()
    };
    let before = codings_of(&team.copies[1].0, &y);
    assert!(before > 0, "Y has codings");
    // Aigerim renames W, moves Y under it and deletes X.
    let (a, hub_a) = &mut team.copies[0];
    a.execute(Edit::RenameCode {
        id: code_id(a, &w).unwrap(),
        name: "Aigerim's W".into(),
    })
    .unwrap();
    a.execute(Edit::MoveCode {
        id: code_id(a, &y).unwrap(),
        parent: code_id(a, &w),
        position: i64::MAX,
    })
    .unwrap();
    a.execute(Edit::DeleteCode {
        id: code_id(a, &x).unwrap(),
    })
    .unwrap();
    sync(a, hub_a);
    // Bolat, offline, renamed W too: W is a conflict, Y's move waits with it, and X's
    // deletion must wait as well — taking it now would take Y and its codings.
    let (b, hub_b) = &mut team.copies[1];
    b.execute(Edit::RenameCode {
        id: code_id(b, &w).unwrap(),
        name: "Bolat's W".into(),
    })
    .unwrap();
    let report = sync(b, hub_b);
    assert!(report.conflicts >= 1, "{report:?}");
    assert_eq!(codings_of(b, &y), before, "Y keeps its codings here");
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    assert_eq!(codings_of(a, &y), before, "and on the hub");
    // Bolat takes the hub's versions: Y under W, X gone, codings kept everywhere.
    let (b, hub_b) = &mut team.copies[1];
    let groups: HashSet<String> = b
        .store()
        .hub_conflicts()
        .unwrap()
        .into_iter()
        .map(|c| c.conflict)
        .collect();
    for conflict in groups {
        b.execute(Edit::ResolveSyncConflict {
            conflict,
            keep: Keep::Theirs,
        })
        .unwrap();
    }
    sync(b, hub_b);
    assert!(code_id(b, &x).is_none());
    assert_eq!(codings_of(b, &y), before);
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    assert_eq!(dump(&team.copies[0].0), dump(&team.copies[1].0));
}

#[test]
fn a_copys_own_change_set_read_back_after_a_lost_answer_is_no_conflict() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let guid = team.copies[0].0.store().codes().unwrap()[0].guid.clone();
    let project = team.copies[0]
        .0
        .store()
        .hub_link()
        .unwrap()
        .unwrap()
        .project;
    // Aigerim renames a code and is about to send it…
    let (a, _) = &mut team.copies[0];
    a.execute(Edit::RenameCode {
        id: code_id(a, &guid).unwrap(),
        name: "first name".into(),
    })
    .unwrap();
    let outgoing = a.store().hub_outgoing().unwrap();
    a.store_mut()
        .hub_note_pending("lost-answer", &outgoing)
        .unwrap();
    // …Bolat's change set lands first, then hers, whose answer is lost on the way back.
    let (b, hub_b) = &mut team.copies[1];
    add_codings(b, "Bolat", 2);
    sync(b, hub_b);
    let hub_a = &mut team.copies[0].1;
    let hub::Pushed::Taken(_) = hub_a.push(&project, "lost-answer", &outgoing).unwrap() else {
        panic!("the hub takes it");
    };
    // She renames the code again and syncs: her own first name, read back from the hub,
    // is not someone else's change.
    let (a, hub_a) = &mut team.copies[0];
    a.execute(Edit::RenameCode {
        id: code_id(a, &guid).unwrap(),
        name: "second name".into(),
    })
    .unwrap();
    let report = sync(a, hub_a);
    assert_eq!(report.conflicts, 0, "{report:?}");
    let (b, hub_b) = &mut team.copies[1];
    sync(b, hub_b);
    let name = b.store().code(code_id(b, &guid).unwrap()).unwrap().name;
    assert_eq!(name, "second name");
    assert_eq!(dump(&team.copies[0].0), dump(&team.copies[1].0));
}

#[test]
fn a_code_of_the_same_name_made_on_two_copies_is_renamed_here_and_sync_goes_on() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let theirs = create_code(&mut team.copies[0].0, None, "Trust");
    let mine = create_code(&mut team.copies[1].0, None, "Trust");
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    let (b, hub_b) = &mut team.copies[1];
    let report = sync(b, hub_b);
    assert_eq!(
        report.renamed,
        vec!["This copy's code “Trust” is now “Trust (Bolat)”: one of that name came from the hub"]
    );
    assert_eq!(report.conflicts, 0);
    let name = |p: &Project, guid: &str| p.store().code(code_id(p, guid).unwrap()).unwrap().name;
    assert_eq!(name(b, &theirs), "Trust");
    assert_eq!(name(b, &mine), "Trust (Bolat)");
    // The rename is Bolat's to undo like any other, and it went up.
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    assert_eq!(name(a, &mine), "Trust (Bolat)");
    assert_eq!(dump(&team.copies[0].0), dump(&team.copies[1].0));
}

/// A small deterministic generator (xorshift64*), so a failing run can be replayed by its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What the convergence test remembers of the changes made.
#[derive(Default)]
struct Ledger {
    /// Codings made: GUID → the code's GUID then.
    codings: BTreeMap<String, String>,
    /// Codings removed on purpose, and codes deleted or merged away (their codings go with them).
    removed: HashSet<String>,
    /// Rows (kind:key) that were ever part of a conflict, with their codes.
    conflicted: HashSet<String>,
    /// Changes made and refused by the store (a merge into its own subcode, say).
    refused: usize,
    /// Decisions refused until the next sync (see the settling loop).
    retried: usize,
}

fn random_change(p: &mut Project, rng: &mut Rng, who: &str, n: usize, ledger: &mut Ledger) {
    let codes = p.store().codes().unwrap();
    let docs = p.store().document_summaries().unwrap();
    let pick_code = |rng: &mut Rng| codes[rng.below(codes.len())].clone();
    let descendants = |root: CodeId| -> Vec<String> {
        let mut out = vec![root];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i];
            out.extend(
                codes
                    .iter()
                    .filter(|c| c.parent == Some(parent))
                    .map(|c| c.id),
            );
            i += 1;
        }
        out.iter()
            .filter_map(|id| codes.iter().find(|c| c.id == *id).map(|c| c.guid.clone()))
            .collect()
    };
    let edit = match rng.below(13) {
        0 => Edit::CreateCode {
            parent: (rng.below(2) == 0 && !codes.is_empty()).then(|| pick_code(rng).id),
            name: format!("{who} code {n}"),
            color: None,
            description: String::new(),
            position: None,
        },
        1 if !codes.is_empty() => Edit::RenameCode {
            id: pick_code(rng).id,
            name: format!("{who} renamed {n}"),
        },
        2 if !codes.is_empty() => Edit::RecolorCode {
            id: pick_code(rng).id,
            color: ["#aa3344", "#3344aa", "#44aa33"][rng.below(3)].into(),
        },
        3 if codes.len() > 4 => {
            let code = pick_code(rng);
            ledger.removed.extend(descendants(code.id));
            Edit::DeleteCode { id: code.id }
        }
        4 if codes.len() > 4 => {
            let (from, into) = (pick_code(rng), pick_code(rng));
            if from.id == into.id {
                return;
            }
            ledger.removed.extend(descendants(from.id));
            Edit::MergeCode {
                from: from.id,
                into: into.id,
            }
        }
        5 | 6 if !codes.is_empty() => {
            let doc = &docs[rng.below(docs.len())];
            let start = rng.below(doc.chars as usize - 40);
            Edit::ApplyCoding {
                document: doc.id,
                code: pick_code(rng).id,
                range: TextRange::new(start, start + 1 + rng.below(30)),
                coder: who.into(),
                memo: String::new(),
            }
        }
        7 => {
            let all = p.store().all_codings().unwrap();
            if all.is_empty() {
                return;
            }
            let c = &all[rng.below(all.len())];
            ledger.removed.insert(c.guid.clone());
            Edit::RemoveCoding { id: c.id }
        }
        8 => Edit::WriteMemo {
            target: if codes.is_empty() || rng.below(2) == 0 {
                MemoTarget::Project
            } else {
                MemoTarget::Code(pick_code(rng).id)
            },
            title: format!("{who} memo {n}"),
            body: format!("Written by {who} — ақпарат, 信息, معلومات {n}"),
            coder: who.into(),
        },
        9 | 10 => {
            let memos = p.store().memos().unwrap();
            if memos.is_empty() {
                return;
            }
            let m = &memos[rng.below(memos.len())];
            if rng.below(3) == 0 {
                Edit::DeleteMemo { id: m.id }
            } else {
                Edit::EditMemo {
                    id: m.id,
                    title: m.title.clone(),
                    body: format!("{who} edited this ({n})"),
                    modified_at: None,
                }
            }
        }
        12 if codes.len() > 2 => Edit::MoveCode {
            id: pick_code(rng).id,
            parent: (rng.below(3) > 0).then(|| pick_code(rng).id),
            position: rng.below(4) as i64,
        },
        _ => {
            let all = p.store().all_codings().unwrap();
            if all.is_empty() {
                return;
            }
            Edit::SetCodingMemo {
                id: all[rng.below(all.len())].id,
                memo: format!("{who} note {n}"),
            }
        }
    };
    match p.execute(edit.clone()) {
        Ok(inverse) => {
            if let (Edit::ApplyCoding { code, .. }, Edit::RemoveCoding { id }) = (&edit, &inverse) {
                let guid = p.store().coding(*id).unwrap().guid;
                let code = p.store().code(*code).unwrap().guid;
                ledger.codings.insert(guid, code);
            }
        }
        Err(_) => ledger.refused += 1,
    }
}

fn note_conflicts(p: &Project, ledger: &mut Ledger) {
    let codes = p.store().codes().unwrap();
    for c in p.store().hub_conflicts().unwrap() {
        ledger
            .conflicted
            .insert(format!("{}:{}", c.theirs.kind, c.theirs.key));
        ledger.conflicted.insert(c.conflict.clone());
        // A code's deletion taken from the hub takes the codes inside it here (moved there
        // on this copy, perhaps) with their codings.
        if c.theirs.kind == "code" {
            let mut inside: Vec<CodeId> = codes
                .iter()
                .filter(|x| x.guid == c.theirs.key)
                .map(|x| x.id)
                .collect();
            while let Some(id) = inside.pop() {
                for child in codes.iter().filter(|x| x.parent == Some(id)) {
                    ledger.conflicted.insert(format!("code:{}", child.guid));
                    inside.push(child.id);
                }
            }
        }
    }
}

#[test]
fn three_copies_changing_offline_and_syncing_in_random_orders_end_identical() {
    // More seeds: TAMGA_HUB_SEEDS=20 (each run is a few seconds).
    let extra: u64 = std::env::var("TAMGA_HUB_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    for seed in 1..=extra {
        converge(0x5EED_0000 + seed);
    }
}

fn converge(seed: u64) {
    eprintln!("convergence run, seed {seed:#x}");
    let names = ["Aigerim", "Bolat", "Dana"];
    let mut team = team(&names);
    let mut rng = Rng(seed);
    let mut ledger = Ledger::default();
    for n in 0..150 {
        let c = rng.below(3);
        let (p, hub) = &mut team.copies[c];
        if rng.below(6) == 0 {
            sync(p, hub);
            note_conflicts(p, &mut ledger);
        } else {
            random_change(p, &mut rng, names[c], n, &mut ledger);
        }
    }
    // Everyone settles: conflicts resolved one way or the other, then sync until quiet.
    let mut rounds = 0;
    loop {
        rounds += 1;
        assert!(
            rounds < 12,
            "seed {seed:#x}: no quiet round after {rounds} rounds"
        );
        let mut busy = false;
        let mut order = vec![0, 1, 2];
        for i in (1..3).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for c in order {
            let (p, hub) = &mut team.copies[c];
            let r = sync(p, hub);
            busy |= r.sent > 0 || r.received > 0;
            note_conflicts(p, &mut ledger);
            let mut groups: Vec<String> = p
                .store()
                .hub_conflicts()
                .unwrap()
                .into_iter()
                .map(|c| c.conflict)
                .collect();
            groups.dedup();
            for g in groups {
                let keep = if rng.below(2) == 0 {
                    Keep::Mine
                } else {
                    Keep::Theirs
                };
                match p.execute(Edit::ResolveSyncConflict {
                    conflict: g.clone(),
                    keep,
                }) {
                    Ok(_) => {}
                    // An earlier decision of this round took away rows the hub's version
                    // refers to: the next sync brings them into the conflict.
                    Err(e) if e.to_string().contains("sync, then choose again") => {
                        ledger.retried += 1;
                    }
                    Err(e) => panic!("seed {seed:#x}: resolving {g}: {e}"),
                }

                busy = true;
            }
            let r = sync(p, hub);
            note_conflicts(p, &mut ledger);
            busy |= r.sent > 0 || r.received > 0 || r.conflicts > 0;
        }
        if !busy {
            break;
        }
    }
    let dumps: Vec<String> = team.copies.iter().map(|(p, _)| dump(p)).collect();
    assert_eq!(
        dumps[0], dumps[1],
        "seed {seed:#x}: Aigerim's and Bolat's copies differ"
    );
    assert_eq!(
        dumps[0], dumps[2],
        "seed {seed:#x}: Aigerim's and Dana's copies differ"
    );
    for (p, _) in &team.copies {
        assert_tree(p);
    }
    // Every coding made anywhere is there, or was removed on purpose (itself, or its code),
    // or was part of a conflict someone resolved.
    let present: HashSet<String> = dumps[0]
        .lines()
        .filter_map(|l| l.strip_prefix("coding\t"))
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect();
    let mut lost = Vec::new();
    for (coding, code) in &ledger.codings {
        let accounted = present.contains(coding)
            || ledger.removed.contains(coding)
            || ledger.removed.contains(code)
            || ledger.conflicted.contains(&format!("coding:{coding}"))
            || ledger.conflicted.contains(&format!("code:{code}"));
        if !accounted {
            lost.push(coding.clone());
        }
    }
    assert!(
        lost.is_empty(),
        "seed {seed:#x}: codings lost without a trace: {lost:?}"
    );
    assert!(
        ledger.codings.len() >= 5,
        "the run made codings ({})",
        ledger.codings.len()
    );
    // Each copy is a sound project file.
    for (p, _) in &team.copies {
        p.store().integrity_check().unwrap();
    }
    drop(team.dir);
}

/// The server process of the first Tamga connection that waits for a lock, within 20 s.
fn waiting_backend(db: &str) -> i32 {
    let mut watcher = admin(db);
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        let row = watcher
            .query_opt(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tamga'
                 AND wait_event_type = 'Lock' LIMIT 1",
                &[&db],
            )
            .unwrap();
        if let Some(r) = row {
            return r.get(0);
        }
        assert!(
            Instant::now() < until,
            "no Tamga connection waited for the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn add_codings(p: &mut Project, who: &str, n: usize) {
    let doc = p.store().document_summaries().unwrap()[0].id;
    let code = p.store().codes().unwrap()[0].id;
    for i in 0..n {
        p.execute(Edit::ApplyCoding {
            document: doc,
            code,
            range: TextRange::new(i * 7, i * 7 + 5),
            coder: who.into(),
            memo: String::new(),
        })
        .unwrap();
    }
}

/// Syncs `copy` on a thread of its own while the administrator's `lock` holds it up, cuts
/// its connection with `pg_terminate_backend`, and returns the copy with the outcome.
fn sync_cut_while(
    db: &str,
    lock: &str,
    copy: (Project, Hub),
) -> (Project, Result<hub::SyncReport, HubError>) {
    let mut blocker = admin(db);
    let mut tx = blocker.transaction().unwrap();
    tx.batch_execute(lock).unwrap();
    let (mut p, mut h) = copy;
    let syncing = std::thread::spawn(move || {
        let result = hub::sync(&mut p, &mut h, &SyncOptions::default());
        (p, result)
    });
    let pid = waiting_backend(db);
    admin(db)
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
    tx.rollback().unwrap();
    syncing.join().unwrap()
}

#[test]
fn a_connection_cut_in_the_middle_of_a_push_loses_nothing_and_the_next_sync_completes() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let db = team.db.clone();
    let project = team.copies[0]
        .0
        .store()
        .hub_link()
        .unwrap()
        .unwrap()
        .project;
    let (a, _) = &mut team.copies[0];
    add_codings(a, "Aigerim", 300);
    let before = dump(a);
    // The hub's project row is locked, so the push waits inside tamga.push; then its
    // connection is cut.
    let (mut a, result) = sync_cut_while(
        &db,
        &format!("SELECT 1 FROM tamga.projects WHERE id = '{project}' FOR UPDATE"),
        team.copies.remove(0),
    );
    let err = result.unwrap_err();
    assert!(err.is_offline(), "{err}");
    assert_eq!(dump(&a), before, "the working copy is as it was");
    a.store().integrity_check().unwrap();
    // Nothing reached the hub.
    let rows: i64 = admin(&db)
        .query_one(
            "SELECT count(*) FROM tamga.rows WHERE kind = 'coding' AND seq > 1",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
    // The next sync (a new connection) completes, and Bolat gets every coding.
    let mut hub_a = Hub::connect(&address(&format!("{db}_aigerim"), "pw-aigerim", &db)).unwrap();
    let report = sync(&mut a, &mut hub_a);
    assert_eq!(report.sent, 300);
    let (b, hub_b) = &mut team.copies[0];
    assert_eq!(sync(b, hub_b).received, 300);
    assert_eq!(dump(b), dump(&a));
}

#[test]
fn a_connection_cut_in_the_middle_of_a_pull_loses_nothing_and_the_next_sync_completes() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let db = team.db.clone();
    let (a, hub_a) = &mut team.copies[0];
    add_codings(a, "Aigerim", 200);
    sync(a, hub_a);
    let (b, _) = &mut team.copies[1];
    add_codings(b, "Bolat", 3);
    let before = dump(b);
    // Reading the rows waits for a lock on them; then the connection is cut.
    let (mut b, result) = sync_cut_while(
        &db,
        "LOCK TABLE tamga.rows IN ACCESS EXCLUSIVE MODE",
        team.copies.remove(1),
    );
    assert!(result.unwrap_err().is_offline());
    assert_eq!(dump(&b), before);
    let mut hub_b = Hub::connect(&address(&format!("{db}_bolat"), "pw-bolat", &db)).unwrap();
    let report = sync(&mut b, &mut hub_b);
    assert_eq!((report.received, report.sent), (200, 3));
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    assert_eq!(dump(a), dump(&b));
}

#[test]
fn a_change_set_sent_twice_is_applied_once() {
    let mut team = team(&["Aigerim", "Bolat"]);
    let db = team.db.clone();
    let (a, hub_a) = &mut team.copies[0];
    let project = a.store().hub_link().unwrap().unwrap().project;
    add_codings(a, "Aigerim", 5);
    // The hub takes the change set but the answer is lost on the way back.
    let err = hub::sync(a, hub_a, &SyncOptions { lose_answer: true }).unwrap_err();
    assert!(err.is_offline());
    let pending = a
        .store()
        .hub_pending()
        .unwrap()
        .expect("the change set is remembered");
    let count = |db: &str| -> (i64, i64) {
        let r = admin(db)
            .query_one(
                "SELECT (SELECT count(*) FROM tamga.change_sets), (SELECT last_seq FROM tamga.projects)",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    let after_first = count(&db);
    // Sending the same change set again directly: the hub answers with the same number and
    // writes nothing.
    let outgoing = a.store().hub_outgoing().unwrap();
    assert_eq!(outgoing.len(), 5);
    let hub::Pushed::Taken(seq) = hub_a.push(&project, &pending, &outgoing).unwrap() else {
        panic!("a change set already taken is not refused");
    };
    assert_eq!(seq, after_first.1);
    assert_eq!(count(&db), after_first);
    // The next sync asks about it first and sends nothing again.
    let report = sync(a, hub_a);
    assert_eq!(report.sent, 0);
    assert_eq!(count(&db), after_first);
    assert!(a.store().hub_outgoing().unwrap().is_empty());
    let (b, hub_b) = &mut team.copies[1];
    assert_eq!(sync(b, hub_b).received, 5);
    assert_eq!(dump(b), dump(&team.copies[0].0));
}

#[test]
fn a_hub_of_a_newer_schema_is_refused_and_nothing_is_changed() {
    let mut team = team(&["Aigerim"]);
    let db = team.db.clone();
    let (a, _) = &mut team.copies[0];
    add_codings(a, "Aigerim", 2);
    let path = a.store().path().to_owned();
    let bytes = std::fs::read(&path).unwrap();
    admin(&db)
        .execute(
            "UPDATE tamga.hub SET value = '99' WHERE key = 'schema_version'",
            &[],
        )
        .unwrap();
    let err = Hub::connect(&address(&format!("{db}_aigerim"), "pw-aigerim", &db)).unwrap_err();
    assert!(matches!(err, HubError::TooNew { found: 99, .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("schema version 99") && message.contains("newer Tamga"),
        "{message}"
    );
    assert!(
        !message.contains("pw-"),
        "no password in messages: {message}"
    );
    let init = Hub::init(&address("tamga_admin", &cluster().password, &db)).unwrap_err();
    assert!(
        matches!(init, HubError::TooNew { .. }),
        "init does not downgrade: {init}"
    );
    // The CLI says the same, and leaves the file as it was.
    let Team { dir, copies, .. } = team;
    drop(copies);
    let out = tamga_cli(&["sync", path.to_str().unwrap()], "pw-aigerim");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("schema version 99"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    drop(dir);
}

fn tamga_cli(args: &[&str], password: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_tamga"))
        .args(args)
        .env("PGPASSWORD", password)
        .env("TAMGA_CONFIG_DIR", temp().path())
        .output()
        .unwrap()
}

#[test]
fn a_reader_cannot_write_through_tamga_or_by_a_direct_statement() {
    let db = new_hub();
    let dir = temp();
    let owner = login(&db, "aigerim");
    let reader = login(&db, "reader");
    let outsider = login(&db, "outsider");
    let mut hub = Hub::connect(&owner).unwrap();
    let mut a = sample(dir.path(), "a.tamga", "Aigerim");
    let project = hub::publish(&mut a, &mut hub).unwrap().project;
    hub.set_member(&project, &reader.user, Some("reader"))
        .unwrap();
    let mut hub_r = Hub::connect(&reader).unwrap();
    let mut r =
        hub::clone_project(&mut hub_r, None, &dir.path().join("r.tamga"), "Reader").unwrap();
    assert_eq!(dump(&r), dump(&a), "a reader reads");
    // Changes in the reader's copy do not reach the hub, and the copy keeps them.
    add_codings(&mut r, "Reader", 2);
    let before = dump(&r);
    let err = hub::sync(&mut r, &mut hub_r, &SyncOptions::default()).unwrap_err();
    assert!(matches!(err, HubError::NotAllowed(_)), "{err}");
    assert!(err.to_string().contains("may only read"), "{err}");
    assert_eq!(dump(&r), before);
    // Not even by hand with the reader's login: the tables grant no writes, and the push
    // function checks the role.
    let mut direct = postgres::Config::new()
        .user(&reader.user)
        .password("pw-reader")
        .host("127.0.0.1")
        .port(cluster().port)
        .dbname(&db)
        .connect(postgres::NoTls)
        .unwrap();
    for statement in [
        "INSERT INTO tamga.rows (project, kind, key, seq, content, author) SELECT id, 'code', 'x', 99, '[]', 'me' FROM tamga.projects",
        "UPDATE tamga.rows SET content = NULL",
        "DELETE FROM tamga.rows",
        "UPDATE tamga.projects SET last_seq = 0",
        "INSERT INTO tamga.members (project, member, role) SELECT id, current_user, 'owner' FROM tamga.projects",
        "DELETE FROM tamga.change_sets",
        "TRUNCATE tamga.rows",
    ] {
        let e = direct.batch_execute(statement).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{statement}: {e}"
        );
    }
    let push = direct
        .query_one("SELECT tamga.push($1, 'forged', '[{\"kind\":\"code\",\"key\":\"x\",\"content\":\"[]\",\"base\":0}]')", &[&project])
        .unwrap_err();
    assert_eq!(
        push.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );
    let promote = direct
        .query_one(
            "SELECT tamga.set_member($1, current_user, 'owner')",
            &[&project],
        )
        .unwrap_err();
    assert_eq!(
        promote.code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );
    // Someone who is no member sees nothing of the project.
    let mut stranger = postgres::Config::new()
        .user(&outsider.user)
        .password("pw-outsider")
        .host("127.0.0.1")
        .port(cluster().port)
        .dbname(&db)
        .connect(postgres::NoTls)
        .unwrap();
    let seen: i64 = stranger
        .query_one("SELECT count(*) FROM tamga.rows", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
    let stored: i64 = admin(&db)
        .query_one("SELECT count(*) FROM tamga.rows", &[])
        .unwrap()
        .get(0);
    assert!(stored > 100, "the hub holds the project ({stored} rows)");
}

#[test]
fn the_cli_inits_publishes_clones_and_syncs_with_the_password_kept_out_of_the_project() {
    let db = new_hub();
    let dir = temp();
    let config = temp();
    login(&db, "aigerim");
    let bolat = login(&db, "bolat");
    let c = cluster();
    let url = |who: &str, password: Option<&str>| {
        format!(
            "postgres://{db}_{who}{}@localhost:{}/{db}?sslrootcert={}",
            password.map(|p| format!(":{p}")).unwrap_or_default(),
            c.port,
            c.ca
        )
    };
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tamga"))
            .args(args)
            .env("TAMGA_CONFIG_DIR", config.path())
            .env_remove("PGPASSWORD")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let a = dir.path().join("a.tamga");
    let b = dir.path().join("b.tamga");
    run(&["sample", a.to_str().unwrap()]);
    // The password is given once, in the address, and kept in a file only its owner reads.
    let published = run(&[
        "--coder",
        "Aigerim",
        "hub",
        "publish",
        a.to_str().unwrap(),
        &url("aigerim", Some("pw-aigerim")),
    ]);
    assert!(published.contains("over TLS"), "{published}");
    assert!(!published.contains("pw-"));
    let passwords = config.path().join("hub-passwords");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&passwords).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    run(&[
        "hub",
        "members",
        a.to_str().unwrap(),
        "--add",
        &bolat.user,
        "--role",
        "coder",
    ]);
    run(&[
        "--coder",
        "Bolat",
        "hub",
        "clone",
        &url("bolat", Some("pw-bolat")),
        b.to_str().unwrap(),
    ]);
    // A clone never writes over a file that is there.
    let a_bytes = std::fs::read(&a).unwrap();
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_tamga"))
        .args(["hub", "clone", &url("bolat", None), a.to_str().unwrap()])
        .env("TAMGA_CONFIG_DIR", config.path())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read(&a).unwrap(), a_bytes);
    run(&[
        "--coder",
        "Bolat",
        "code",
        b.to_str().unwrap(),
        "--document",
        "Arabic-script Kazakh and Uyghur (written for the sample)",
        "--code",
        "Team/shared",
        "--start",
        "3",
        "--end",
        "12",
    ]);
    let status = run(&["hub", "status", b.to_str().unwrap(), "--json"]);
    let status: serde_json::Value = serde_json::from_str(&status).unwrap();
    assert_eq!(
        status["to_send"], 4,
        "coder, two codes, one coding: {status}"
    );
    let synced = run(&["--coder", "Bolat", "sync", b.to_str().unwrap(), "--json"]);
    let synced: serde_json::Value = serde_json::from_str(&synced).unwrap();
    assert_eq!(
        (synced["sent"].as_i64(), synced["tls"].as_bool()),
        (Some(4), Some(true))
    );
    let synced = run(&["--coder", "Aigerim", "sync", a.to_str().unwrap(), "--json"]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&synced).unwrap()["received"],
        4
    );
    let codes = run(&["codes", a.to_str().unwrap()]);
    assert!(codes.contains("shared"), "{codes}");
    let status = run(&["hub", "status", a.to_str().unwrap()]);
    assert!(status.contains("synced"), "{status}");
    for file in [&a, &b] {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("pw-"),
            "no password in {}",
            file.display()
        );
    }
}

#[test]
fn a_text_correction_travels_as_an_edit_and_moves_codings_made_elsewhere_meanwhile() {
    use tamga::domain::{CorrectionKind, TextChange, TextEdit};
    let mut team = team(&["Aigerim", "Bolat"]);
    // Bolat codes a passage offline.
    let (b, _) = &mut team.copies[1];
    let doc = b.store().document_summaries().unwrap()[0].id;
    let code = b.store().codes().unwrap()[0].id;
    let document = b.store().document(doc).unwrap();
    let (text, doc_guid) = (document.text, document.guid);
    let passage: String = text.chars().skip(2000).take(40).collect();
    let inverse = b
        .execute(Edit::ApplyCoding {
            document: doc,
            code,
            range: TextRange::new(2000, 2040),
            coder: "Bolat".into(),
            memo: String::new(),
        })
        .unwrap();
    let Edit::RemoveCoding { id: mine } = inverse else {
        panic!("{inverse:?}")
    };
    let guid = b.store().coding(mine).unwrap().guid;
    // Aigerim corrects the text before it: eleven characters in, Kazakh and an emoji.
    // Row ids are each copy's own: the same document is found by its GUID.
    let (a, hub_a) = &mut team.copies[0];
    let doc_a = a.store().document_id_by_guid(&doc_guid).unwrap().unwrap();
    let inserted = "Түзету 🙂 — ";
    a.execute(Edit::ChangeText(Box::new(TextEdit::new(
        doc_a,
        vec![TextChange::insert(10, inserted)],
        CorrectionKind::Edit,
        "Aigerim",
    ))))
    .unwrap();
    let moved = a.store().codings_in_document(doc_a).unwrap().len();
    sync(a, hub_a);
    let (b, hub_b) = &mut team.copies[1];
    let report = sync(b, hub_b);
    assert_eq!(report.conflicts, 0);
    assert!(
        report.received > 1,
        "the document and the codings it moved ({moved} here)"
    );
    let shift = inserted.chars().count();
    let coding = b.store().coding(mine).unwrap();
    assert_eq!(coding.range, TextRange::new(2000 + shift, 2040 + shift));
    assert_eq!(coding.text, passage, "Bolat's coding keeps its words");
    assert_eq!(coding.guid, guid);
    let (a, hub_a) = &mut team.copies[0];
    sync(a, hub_a);
    // In Aigerim's copy the coding is still Bolat's, so blind coding hides it from her.
    let theirs = a
        .store()
        .codings_in_document(doc_a)
        .unwrap()
        .into_iter()
        .find(|c| c.guid == guid)
        .unwrap();
    let coders = a.store().coders().unwrap();
    let by = coders.iter().find(|c| c.id == theirs.coder).unwrap();
    assert_eq!(by.name, "Bolat");
    assert_eq!(dump(&team.copies[0].0), dump(&team.copies[1].0));
}

#[test]
fn a_wrong_password_or_a_database_that_is_no_hub_is_a_clear_message_without_the_password() {
    let db = new_hub();
    let who = login(&db, "aigerim");
    let wrong = address(&who.user, "not-the-password", &db);
    let err = Hub::connect(&wrong).unwrap_err();
    let message = err.to_string();
    assert!(err.is_offline(), "{message}");
    assert!(
        message.contains("password authentication failed"),
        "{message}"
    );
    assert!(!message.contains("not-the-password"), "{message}");
    assert!(
        message.contains(&format!("postgres://{}@localhost", who.user)),
        "{message}"
    );
    // No password anywhere: the message says where one goes.
    let c = cluster();
    let bare = HubAddress::parse(&format!(
        "postgres://{}@localhost:{}/{db}?sslrootcert={}",
        who.user, c.port, c.ca
    ))
    .unwrap();
    if bare.password().is_none() {
        let message = Hub::connect(&bare).unwrap_err().to_string();
        assert!(message.contains("none is known"), "{message}");
        assert!(message.contains("~/.pgpass"), "{message}");
    }
    // A database without Tamga's schema.
    admin("postgres")
        .batch_execute(&format!("CREATE DATABASE {db}_plain"))
        .unwrap();
    let plain = address("tamga_admin", &cluster().password, &format!("{db}_plain"));
    let err = Hub::connect(&plain).unwrap_err();
    assert!(matches!(err, HubError::NotAHub(_)), "{err}");
    assert!(err.to_string().contains("tamga hub init"), "{err}");
}
