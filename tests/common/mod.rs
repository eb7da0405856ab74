//! Running the built `tamga` binary in a temporary folder, as the CLI tests do.

#![expect(
    clippy::expect_used,
    reason = "test helpers fail loudly: a broken set-up must stop the test"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A temporary folder with its own settings, where `tamga` runs as coder "Aigerim".
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tamga"));
        cmd.args(args)
            .env("TAMGA_CONFIG_DIR", self.path("config"))
            .env("TAMGA_DATA_DIR", self.path("data"))
            .env("RUST_BACKTRACE", "1")
            .arg("--coder")
            .arg("Aigerim");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("tamga runs")
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "tamga {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("JSON output")
    }

    /// Runs and expects a clean failure: exit 1 and one line on stderr, no panic.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8(out.stderr).expect("UTF-8 errors");
        assert_eq!(out.status.code(), Some(1), "tamga {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        assert!(stderr.starts_with("tamga: "), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        stderr
    }
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}
