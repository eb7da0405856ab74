//! REFI-QDA exchange through the `tamga` binary: `new --from`, `import` of a `.qdpx`, `export
//! --format qdpx|qdc`, each printing its report (or its JSON), and clean refusals.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly; that is their job"
)]

mod common;

use std::path::{Path, PathBuf};

use common::{Env, s};

fn qc_demo() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [manifest.join(".."), manifest.join("../..")]
        .into_iter()
        .map(|up| up.join("shared/fixtures/refi-qda/qc-demo.qdpx"))
        .find(|p| p.exists())
        .expect("shared/fixtures/refi-qda/qc-demo.qdpx beside the repository")
}

#[test]
fn a_new_project_from_a_qdpx_prints_the_report_as_json() {
    let env = Env::new();
    let project = env.path("qc.tamga");
    let report = env.json(&["new", s(&project), "--from", s(&qc_demo()), "--json"]);
    assert_eq!(report["direction"], "import");
    assert_eq!(report["origin"], "qc 1.3.2");
    assert_eq!(report["carried"]["documents"], 2);
    assert_eq!(report["carried"]["codes"], 262);
    assert_eq!(report["carried"]["codings"], 205);
    assert_eq!(report["sources"][0]["confirmed"], 158);
    assert_eq!(report["unplaced"].as_array().unwrap().len(), 0);
    let info = env.json(&["info", s(&project), "--json"]);
    assert_eq!(info["name"], "qc project");
    assert_eq!(info["codings"], 205);
}

#[test]
fn export_then_import_through_the_cli_carries_everything_and_says_so() {
    let env = Env::new();
    let sample = env.path("sample.tamga");
    env.ok(&["sample", s(&sample)]);
    let qdpx = env.path("out.qdpx");
    let saved = env.path("report.txt");
    let out = env.ok(&[
        "export",
        s(&sample),
        "--format",
        "qdpx",
        "--out",
        s(&qdpx),
        "--report",
        s(&saved),
    ]);
    assert!(out.contains("Exported “Kazakh migration”"), "{out}");
    assert!(out.contains("161 codings"), "{out}");
    let saved = std::fs::read_to_string(&saved).unwrap();
    assert!(out.starts_with("exported to "), "{out}");
    assert!(out.contains(saved.trim_end()), "{out}\n---\n{saved}");

    let other = env.path("other.tamga");
    env.ok(&["new", s(&other)]);
    let report = env.json(&["import", s(&other), s(&qdpx), "--json"]);
    let info = env.json(&["info", s(&sample), "--json"]);
    assert_eq!(report["carried"]["codings"], info["codings"]);
    assert_eq!(report["carried"]["codes"], info["codes"]);
    assert_eq!(report["carried"]["memos"], info["memos"]);
    assert_eq!(report["lost"].as_array().unwrap().len(), 0, "{report}");
    // The same segments, at the same offsets, with the same text.
    let strip = |v: serde_json::Value| -> Vec<(String, String, u64, u64, String)> {
        let mut rows: Vec<_> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["document"].as_str().unwrap().to_owned(),
                    c["code"].as_str().unwrap().to_owned(),
                    c["start"].as_u64().unwrap(),
                    c["end"].as_u64().unwrap(),
                    c["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        strip(env.json(&["segments", s(&other), "--json"])),
        strip(env.json(&["segments", s(&sample), "--json"]))
    );

    let qdc = env.path("codes.qdc");
    let out = env.ok(&["export", s(&sample), "--out", s(&qdc)]);
    assert!(out.contains("REFI-QDA codebook"), "{out}");
    assert!(
        std::fs::read_to_string(&qdc)
            .unwrap()
            .contains("urn:QDA-XML:codebook:1.0")
    );
}

#[test]
fn a_file_that_is_not_a_refi_qda_project_is_refused_in_one_line() {
    let env = Env::new();
    let project = env.path("p.tamga");
    env.ok(&["new", s(&project)]);
    let fake = env.path("fake.qdpx");
    std::fs::write(&fake, "not a zip").unwrap();
    let err = env.fails(&["import", s(&project), s(&fake)]);
    assert!(
        err.contains("not a zip archive") || err.contains("zip archives"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("fake.qdpx"), "{err}");
    let err = env.fails(&["new", s(&env.path("n.tamga")), "--from", s(&fake)]);
    assert!(err.contains("fake.qdpx"), "{err}");
    assert!(!env.path("n.tamga").exists());
    let err = env.fails(&[
        "export",
        s(&project),
        "--out",
        s(&env.path("x.csv")),
        "--json",
    ]);
    assert!(err.contains("--json"), "{err}");
}
