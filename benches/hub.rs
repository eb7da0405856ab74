//! Team hub benchmarks against a local PostgreSQL: sending 10,000 new codings up in one sync, a
//! new member cloning a project of 100,000 codings, and twenty clients syncing in a loop
//! against one server (throughput and p95 latency printed).
//!
//! Run: `cargo bench --bench hub`. The server is `TAMGA_TEST_HUB` (an admin address, as
//! `.ci/run` sets it) or a throwaway cluster started with `tests/hub_cluster.sh`. Figures and
//! targets are kept in BENCHMARKS.md (targets: sync up ≤ 2 s, clone ≤ 10 s).

#![expect(
    clippy::expect_used,
    reason = "benchmarks fail loudly by design: a failed setup or run must stop them"
)]

mod common;

use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::Lcg;
use divan::Bencher;
use tamga::hub::{self, Hub, HubAddress, SyncOptions};
use tamga::project::Project;

fn main() {
    divan::main();
}

struct Server {
    port: u16,
    password: String,
    ca: String,
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let url = std::env::var("TAMGA_TEST_HUB").unwrap_or_else(|_| {
            let dir = std::env::temp_dir().join(format!("tamga-hub-bench-{}", std::process::id()));
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("a free port")
                .port();
            let out = std::process::Command::new("bash")
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hub_cluster.sh"))
                .arg("start")
                .arg(&dir)
                .arg(port.to_string())
                .output()
                .expect("start a cluster");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            eprintln!(
                "hub benchmarks: a cluster in {} (stop it with tests/hub_cluster.sh stop)",
                dir.display()
            );
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .last()
                .expect("the admin address")
                .to_owned()
        });
        let a = HubAddress::parse(&url).expect("a postgres:// address");
        Server {
            port: a.port,
            password: a.password().expect("the admin password"),
            ca: a.param("sslrootcert").unwrap_or_default().to_owned(),
        }
    })
}

fn address(db: &str) -> HubAddress {
    let s = server();
    HubAddress::parse(&format!(
        "postgres://tamga_admin:{}@localhost:{}/{db}?sslrootcert={}",
        s.password, s.port, s.ca
    ))
    .expect("address")
}

/// A new hub database with `project` published to it; returns the database's name.
fn publish(project: &mut Project) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let db = format!(
        "hub_bench_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    );
    let s = server();
    let mut admin = postgres::Config::new()
        .user("tamga_admin")
        .password(&s.password)
        .host("127.0.0.1")
        .port(s.port)
        .dbname("postgres")
        .connect(postgres::NoTls)
        .expect("admin connection");
    admin
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .expect("database");
    Hub::init(&address(&db)).expect("init");
    let mut hub = Hub::connect(&address(&db)).expect("connect");
    hub::publish(project, &mut hub).expect("publish");
    db
}

fn temp() -> tempfile::TempDir {
    if Path::new("/dev/shm").is_dir() {
        tempfile::tempdir_in("/dev/shm")
    } else {
        tempfile::tempdir()
    }
    .expect("temp dir")
}

/// A published project of `docs` documents of 50,000 characters with `per_doc` codings each.
fn hub_with(docs: usize, per_doc: usize) -> (tempfile::TempDir, String) {
    let dir = temp();
    let mut project =
        Project::create(&dir.path().join("base.tamga"), "bench", "bench").expect("create");
    let codes = common::codes(&mut project, 50);
    let mut rng = Lcg(29);
    for d in 0..docs {
        let text = common::text(&mut rng, 50_000);
        let chars = text.chars().count();
        let doc = common::import(&mut project, &format!("interview {d:03}"), text);
        common::codings(&mut project, &mut rng, doc, chars, &codes, per_doc);
    }
    let db = publish(&mut project);
    (dir, db)
}

fn clone_into(db: &str, path: &Path, coder: &str) -> (Project, Hub) {
    let mut hub = Hub::connect(&address(db)).expect("connect");
    let copy = hub::clone_project(&mut hub, None, path, coder).expect("clone");
    (copy, hub)
}

/// One sync sending 10,000 codings made offline (the hub already holds 10,000).
#[divan::bench(sample_count = 3)]
fn sync_up_10000_new_codings(bencher: Bencher) {
    static HUB: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    let (_, db) = HUB.get_or_init(|| hub_with(10, 1_000));
    bencher
        .with_inputs(|| {
            let dir = temp();
            let (mut copy, hub) = clone_into(db, &dir.path().join("copy.tamga"), "Bolat");
            let docs = copy.store().document_summaries().expect("documents");
            let codes: Vec<_> = copy
                .store()
                .codes()
                .expect("codes")
                .iter()
                .map(|c| c.id)
                .collect();
            let mut rng = Lcg(41);
            for d in &docs {
                common::codings_by(&mut copy, &mut rng, d.id, 50_000, &codes, 1_000, "Bolat");
            }
            (dir, copy, hub)
        })
        .bench_local_values(|(dir, mut copy, mut hub)| {
            let report = hub::sync(&mut copy, &mut hub, &SyncOptions::default()).expect("sync");
            assert!(report.sent >= 10_000, "10,000 codings (and their coder)");
            (dir, copy, hub)
        });
}

/// A new member's clone of a project with 100,000 codings (100 documents of 50,000 characters).
#[divan::bench(sample_count = 3)]
fn clone_100000_codings(bencher: Bencher) {
    static HUB: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    let (_, db) = HUB.get_or_init(|| hub_with(100, 1_000));
    bencher.with_inputs(temp).bench_local_values(|dir| {
        let (copy, _) = clone_into(db, &dir.path().join("clone.tamga"), "Dana");
        assert_eq!(copy.store().info().expect("info").codings, 100_000);
        dir
    });
}

/// Twenty clients, each on its own thread with its own working copy and connection, coding one
/// passage and syncing, twenty times each, against one server. Prints syncs per second and
/// the median and 95th-percentile sync latency.
#[divan::bench(sample_count = 1)]
fn twenty_clients_syncing_in_a_loop(bencher: Bencher) {
    const CLIENTS: usize = 20;
    const ROUNDS: usize = 20;
    static HUB: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    let (_, db) = HUB.get_or_init(|| hub_with(5, 200));
    bencher
        .with_inputs(|| {
            let dir = temp();
            let copies: Vec<(Project, Hub)> = (0..CLIENTS)
                .map(|i| clone_into(db, &dir.path().join(format!("c{i}.tamga")), &format!("coder {i}")))
                .collect();
            (dir, copies)
        })
        .bench_local_values(|(dir, copies)| {
            let started = Instant::now();
            let threads: Vec<_> = copies
                .into_iter()
                .enumerate()
                .map(|(i, (mut copy, mut hub))| {
                    std::thread::spawn(move || {
                        let doc = copy.store().document_summaries().expect("documents")[0].id;
                        let code = copy.store().codes().expect("codes")[0].id;
                        let mut rng = Lcg(i as u64 + 1);
                        let mut times = Vec::with_capacity(ROUNDS);
                        for _ in 0..ROUNDS {
                            common::codings_by(&mut copy, &mut rng, doc, 50_000, &[code], 1, &format!("coder {i}"));
                            let t = Instant::now();
                            hub::sync(&mut copy, &mut hub, &SyncOptions::default()).expect("sync");
                            times.push(t.elapsed());
                        }
                        times
                    })
                })
                .collect();
            let mut times: Vec<Duration> = threads
                .into_iter()
                .flat_map(|t| t.join().expect("a client"))
                .collect();
            let total = started.elapsed();
            times.sort();
            let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
            eprintln!(
                "twenty clients: {} syncs in {:.2} s = {:.0} syncs/s; latency median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
                times.len(),
                total.as_secs_f64(),
                times.len() as f64 / total.as_secs_f64(),
                at(0.5).as_secs_f64() * 1e3,
                at(0.95).as_secs_f64() * 1e3,
                times[times.len() - 1].as_secs_f64() * 1e3,
            );
            dir
        });
}
