//! Importing many files off the UI thread: a worker parses files and hands back documents; the
//! UI thread stores each in its own transaction, so the window stays responsive and a broken
//! file never stops the others.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::dialogs::ImportSummary;
use crate::domain::NewDocument;
use crate::import::{ImportError, ImportOutcome};

type Parsed = (PathBuf, Result<NewDocument, ImportError>);

pub struct ImportJob {
    rx: Receiver<Parsed>,
    /// Files parsed while waiting in [`ImportJob::wait_parsed`], not yet taken.
    parsed: Vec<Parsed>,
    total: usize,
    done: usize,
    worker_done: bool,
    summary: ImportSummary,
}

fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Files in `dir` (not recursing) whose extension Tamga imports.
pub fn files_in_folder(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && crate::import::Format::from_path(p).is_ok())
        .collect();
    files.sort();
    Ok(files)
}

impl ImportJob {
    pub fn start(
        ctx: &egui::Context,
        paths: Vec<PathBuf>,
        options: crate::import::ImportOptions,
    ) -> ImportJob {
        let (tx, rx) = channel();
        let total = paths.len();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            for path in paths {
                let result = crate::import::read_document_with(&path, options);
                if tx.send((path, result)).is_err() {
                    break;
                }
                ctx.request_repaint();
            }
        });
        ImportJob {
            rx,
            parsed: Vec::new(),
            total,
            done: 0,
            worker_done: false,
            summary: ImportSummary::default(),
        }
    }

    /// Blocks until the worker has parsed every file (tests; the window never waits).
    pub fn wait_parsed(&mut self) {
        while let Ok(item) = self.rx.recv() {
            self.parsed.push(item);
        }
        self.worker_done = true;
    }

    /// Parsed files waiting to be stored.
    pub fn take_ready(&mut self) -> Vec<Parsed> {
        let mut ready = std::mem::take(&mut self.parsed);
        loop {
            match self.rx.try_recv() {
                Ok(item) => ready.push(item),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.worker_done = true;
                    break;
                }
            }
        }
        ready
    }

    /// Notes what happened to one file.
    pub fn record(&mut self, path: &Path, outcome: Result<ImportOutcome, String>) {
        self.done += 1;
        let file = file_label(path);
        match outcome {
            Ok(ImportOutcome::Imported { name, .. }) => self.summary.imported.push(name),
            Ok(ImportOutcome::Duplicate { of }) => self.summary.duplicates.push((file, of)),
            Err(why) => self.summary.refused.push((file, why)),
        }
    }

    pub fn finished(&self) -> bool {
        self.worker_done || self.done >= self.total
    }

    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    pub fn summary(self) -> ImportSummary {
        self.summary
    }
}
