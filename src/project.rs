//! A `Store` plus undo/redo history and a revision counter: the one write path. The window and
//! the CLI both change a project only through [`Project::execute`], [`Project::undo`] and
//! [`Project::redo`].
//!
//! Typing (a memo, a description) goes through [`Project::execute_deferred`]: the same edits,
//! applied by a writer thread with a connection of its own, so the window never waits for the
//! disk while a person types. A burst of keystrokes queued together is committed as one write,
//! and becomes one undo step; a synchronous change, an undo or a redo first waits for the writer,
//! so the history keeps its order.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use crate::domain::{CodeId, Edit, MemoTarget, Touched};
use crate::store::{Result, Store, StoreError};

/// An edit waiting for the writer thread: the edit, its merge key and the coder making it.
/// (The writer names it for the menus on its own connection, so the window reads nothing.)
type Queued = (Edit, Option<String>, String);
/// What the writer did with a run of queued edits: how many it took, their label and merge
/// key, and the inverse and reach of what it applied.
type Done = (usize, String, Option<String>, Result<(Edit, Touched)>);

/// The writer thread for deferred edits.
struct Writer {
    tx: Option<Sender<Queued>>,
    rx: Receiver<Done>,
    /// Edits sent and not yet reported back.
    in_flight: usize,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("in_flight", &self.in_flight)
            .finish_non_exhaustive()
    }
}

/// Applies queued edits in order; consecutive edits with the same merge key that are already
/// waiting are written once: as the last of them (they set the same value), or, for text
/// changes, all of them in one transaction.
fn writer_loop(
    mut store: Store,
    rx: &Receiver<Queued>,
    tx: &Sender<Done>,
    wake: &(dyn Fn() + Send),
) {
    let mut next: Option<Queued> = None;
    loop {
        let first = match next.take() {
            Some(q) => q,
            None => match rx.recv() {
                Ok(q) => q,
                Err(_) => return,
            },
        };
        let (mut edit, key, coder) = first;
        let label = Describer { store: &store }.describe(&edit);
        let mut taken = 1;
        while let Ok(q) = rx.try_recv() {
            if key.is_some() && q.1 == key && q.2 == coder {
                // A text change is a step of its own (each keystroke moves codings); other
                // queued edits of one key set the same value, and the last one wins.
                edit = match (edit, q.0) {
                    (Edit::Batch(mut steps), next @ Edit::ChangeText(_)) => {
                        steps.push(next);
                        Edit::Batch(steps)
                    }
                    (first @ Edit::ChangeText(_), next @ Edit::ChangeText(_)) => {
                        Edit::Batch(vec![first, next])
                    }
                    (_, next) => next,
                };
                taken += 1;
            } else {
                next = Some(q);
                break;
            }
        }
        store.set_coder(&coder);
        let result = store.apply_touching(&edit);
        if tx.send((taken, label, key, result)).is_err() {
            return;
        }
        wake();
    }
}

/// A code as the codebook shows it: with its path, depth and counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodebookEntry {
    /// The code itself, as stored.
    pub code: crate::domain::Code,
    /// Names from the top of the tree joined by `/`.
    pub path: String,
    /// 0 for top-level codes.
    pub depth: usize,
    /// Codings of this code itself.
    pub own: i64,
    /// Codings of this code and all its subcodes.
    pub total: i64,
}

/// One undoable step: what the menu calls it, and the edit that reverses it.
#[derive(Debug, Clone)]
struct Step {
    label: String,
    /// Applying this undoes (on the undo stack) or redoes (on the redo stack) the step.
    edit: Edit,
    /// Steps with the same key in a row merge into one (typing a memo).
    merge_key: Option<String>,
}

/// An open project with its history.
#[derive(Debug)]
pub struct Project {
    store: Store,
    coder: String,
    undo: Vec<Step>,
    redo: Vec<Step>,
    revision: u64,
    /// What changed since [`Project::take_touched`] was last called.
    touched: Touched,
    /// The writer thread of deferred edits, started with the first of them.
    writer: Option<Writer>,
    /// Called from the writer thread after each write (the window asks for a repaint).
    waker: Option<Waker>,
}

/// A function the writer thread calls after each write.
#[derive(Clone)]
struct Waker(std::sync::Arc<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for Waker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Waker")
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        // Nothing typed is lost by closing: wait for the writer to finish.
        let _ = self.flush();
        if let Some(writer) = &mut self.writer {
            writer.tx = None;
            if let Some(thread) = writer.thread.take() {
                let _ = thread.join();
            }
        }
    }
}

impl Project {
    /// Opens an existing project file for writing as `coder`. Opening writes nothing: the
    /// coder's name is registered with their first change.
    pub fn open(path: &Path, coder: &str) -> Result<Project> {
        Self::with_store(Store::open(path)?, coder)
    }

    /// Opens a project for reading only (see [`Store::open_read_only`]): every change is
    /// refused, nothing is written to the file or beside it.
    pub fn open_read_only(path: &Path) -> Result<Project> {
        Self::with_store(Store::open_read_only(path)?, "")
    }

    /// Creates a new project file named `name`.
    pub fn create(path: &Path, name: &str, coder: &str) -> Result<Project> {
        Self::with_store(Store::create(path, name)?, coder)
    }

    /// Wraps an open store; edits made through it are recorded as `coder`'s.
    pub fn with_store(mut store: Store, coder: &str) -> Result<Project> {
        store.set_coder(coder);
        Ok(Project {
            store,
            coder: coder.trim().to_owned(),
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 1,
            touched: Touched::everything(),
            writer: None,
            waker: None,
        })
    }

    /// Read access to the project file.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Write access to the project file, for the team hub's bookkeeping (`store::sync`):
    /// what the hub holds is not a change to the project, so it is not an `Edit`. Waits for
    /// deferred edits first.
    pub fn store_mut(&mut self) -> &mut Store {
        let _ = self.flush();
        &mut self.store
    }

    /// The current coder's name.
    pub fn coder(&self) -> &str {
        &self.coder
    }

    /// Records later edits as `name`'s (registered in the project with the first of them).
    pub fn set_coder(&mut self, name: &str) {
        name.trim().clone_into(&mut self.coder);
        self.store.set_coder(name);
    }

    /// Increases with every change, undo and redo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// What changed since the last call (everything, the first time): views rebuild only what
    /// depends on it.
    pub fn take_touched(&mut self) -> Touched {
        std::mem::take(&mut self.touched)
    }

    /// Applies `edit` through the store and notes what it touched.
    fn apply(&mut self, edit: &Edit) -> Result<Edit> {
        let (inverse, touched) = self.store.apply_touching(edit)?;
        self.touched.merge(&touched);
        self.revision += 1;
        Ok(inverse)
    }

    /// Applies `edit`, committed before this returns, and records it for undo. Returns the
    /// edit's inverse (which carries, e.g., the id of a new coding).
    pub fn execute(&mut self, edit: Edit) -> Result<Edit> {
        self.execute_merging(edit, None)
    }

    /// Sets what the writer thread calls after each deferred write (the window asks for a
    /// repaint, so the change shows).
    pub fn set_waker(&mut self, waker: impl Fn() + Send + Sync + 'static) {
        self.waker = Some(Waker(std::sync::Arc::new(waker)));
    }

    /// Queues `edit` for the writer thread and returns at once: for typing, so the window never
    /// waits for the disk. Edits with the same `merge_key` in a row become one undo step. The
    /// result arrives through [`Project::poll_deferred`]; [`Project::flush`] waits for it.
    pub fn execute_deferred(&mut self, edit: Edit, merge_key: Option<String>) -> Result<()> {
        if self.store.is_read_only() {
            return Err(StoreError::ReadOnly(self.store.path().to_owned()));
        }
        if self.writer.is_none() {
            let store = self.store.companion()?;
            let (tx, worker_rx) = channel::<Queued>();
            let (worker_tx, rx) = channel::<Done>();
            let waker = self.waker.clone();
            let thread = std::thread::Builder::new()
                .name("project writer".into())
                .spawn(move || {
                    let wake = move || {
                        if let Some(Waker(w)) = &waker {
                            w();
                        }
                    };
                    writer_loop(store, &worker_rx, &worker_tx, &wake);
                })
                .map_err(|e| StoreError::Io {
                    reason: format!("cannot start the writer ({e})"),
                    path: self.store.path().to_owned(),
                })?;
            self.writer = Some(Writer {
                tx: Some(tx),
                rx,
                in_flight: 0,
                thread: Some(thread),
            });
        }
        let Some(writer) = &mut self.writer else {
            return Ok(());
        };
        let sent = writer
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send((edit, merge_key, self.coder.clone())).is_ok());
        if !sent {
            return Err(StoreError::Invalid(
                "the project's writer has stopped".into(),
            ));
        }
        writer.in_flight += 1;
        self.redo.clear();
        Ok(())
    }

    /// Takes what the writer thread has finished, without waiting; returns the errors of edits
    /// that failed (nothing of them was written).
    pub fn poll_deferred(&mut self) -> Vec<StoreError> {
        self.take_deferred(false)
    }

    /// Waits until every deferred edit is written; returns the errors of those that failed.
    pub fn flush(&mut self) -> Vec<StoreError> {
        self.take_deferred(true)
    }

    /// Whether deferred edits are still being written.
    pub fn writing(&self) -> bool {
        self.writer.as_ref().is_some_and(|w| w.in_flight > 0)
    }

    fn take_deferred(&mut self, wait: bool) -> Vec<StoreError> {
        let mut errors = Vec::new();
        loop {
            let Some(writer) = &mut self.writer else {
                return errors;
            };
            if writer.in_flight == 0 {
                return errors;
            }
            let done = if wait {
                writer.rx.recv().ok()
            } else {
                writer.rx.try_recv().ok()
            };
            let Some((taken, label, key, result)) = done else {
                if wait {
                    // The writer is gone: nothing more will come.
                    writer.in_flight = 0;
                }
                return errors;
            };
            writer.in_flight = writer.in_flight.saturating_sub(taken);
            match result {
                Ok((inverse, touched)) => {
                    self.touched.merge(&touched);
                    self.revision += 1;
                    self.record(label, inverse, key);
                }
                Err(e) => errors.push(e),
            }
        }
    }

    /// Pushes an undo step, or merges it into the last one when it continues the same burst
    /// (the first step's inverse already restores what was there before the burst).
    fn record(&mut self, label: String, inverse: Edit, merge_key: Option<String>) {
        let merges = merge_key.is_some()
            && self
                .undo
                .last()
                .is_some_and(|last| last.merge_key == merge_key);
        if merges && matches!(inverse, Edit::ChangeText(_) | Edit::Batch(_)) {
            // Each keystroke's inverse undoes only that keystroke: a burst of typing keeps them
            // all, latest first, so one undo restores the text as it was before the burst.
            if let Some(last) = self.undo.last_mut() {
                let earlier = std::mem::replace(&mut last.edit, Edit::Batch(Vec::new()));
                last.edit = Edit::Batch(vec![inverse.clone(), earlier]);
            }
        } else if !merges {
            self.undo.push(Step {
                label,
                edit: inverse,
                merge_key,
            });
        }
    }

    /// Like [`Project::execute`], but consecutive edits with the same `merge_key` become one undo
    /// step (a burst of typing in a memo). Only for edits that set a value.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "callers hand over the edit; taking it by value keeps call sites simple"
    )]
    pub fn execute_merging(&mut self, edit: Edit, merge_key: Option<String>) -> Result<Edit> {
        self.flush_in_order()?;
        let label = self.describe(&edit);
        let inverse = self.apply(&edit)?;
        self.redo.clear();
        self.record(label, inverse.clone(), merge_key);
        Ok(inverse)
    }

    /// Applies `edit` (committed before this returns) without an undo step: changes that came
    /// from the team hub. Undo and redo keep the project's own steps, which the store checks
    /// against what is there when they are applied.
    pub fn take_in(&mut self, edit: &Edit) -> Result<()> {
        self.flush_in_order()?;
        self.apply(edit).map(drop)
    }

    /// Notes that the file changed through another connection (the team hub's sync worker):
    /// everything is read again.
    pub fn note_changed_elsewhere(&mut self) {
        self.touched.merge(&Touched::everything());
        self.revision += 1;
    }

    /// Waits for deferred edits before a synchronous one, so the history keeps its order; the
    /// first failure of theirs is reported.
    fn flush_in_order(&mut self) -> Result<()> {
        match self.flush().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Stops the current burst from merging with the next edit.
    pub fn end_burst(&mut self) {
        let _ = self.flush();
        if let Some(last) = self.undo.last_mut() {
            last.merge_key = None;
        }
    }

    /// What Undo would undo, e.g. "apply ‘own modernity’".
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Undoes the last step; returns its label, or `None` if there was nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>> {
        self.flush_in_order()?;
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        match self.apply(&step.edit) {
            Ok(redo) => {
                self.redo.push(Step {
                    label: step.label.clone(),
                    edit: redo,
                    merge_key: None,
                });
                Ok(Some(step.label))
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self) -> Result<Option<String>> {
        self.flush_in_order()?;
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        match self.apply(&step.edit) {
            Ok(undo) => {
                self.undo.push(Step {
                    label: step.label.clone(),
                    edit: undo,
                    merge_key: None,
                });
                Ok(Some(step.label))
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// Every code in tree order (parents before children, siblings in order) with paths and
    /// counts. One query for the codes and one for the counts, whatever the project's size.
    pub fn codebook(&self) -> Result<Vec<CodebookEntry>> {
        let codes = self.store.codes()?;
        let counts = self.store.coding_counts()?;
        let mut index: std::collections::HashMap<CodeId, usize> =
            std::collections::HashMap::with_capacity(codes.len());
        let mut entries: Vec<CodebookEntry> = Vec::with_capacity(codes.len());
        for code in codes {
            let (path, depth) = match code.parent.and_then(|p| index.get(&p)) {
                Some(&i) => (
                    format!("{}/{}", entries[i].path, code.name),
                    entries[i].depth + 1,
                ),
                None => (code.name.clone(), 0),
            };
            let own = counts.get(&code.id).copied().unwrap_or(0);
            index.insert(code.id, entries.len());
            entries.push(CodebookEntry {
                code,
                path,
                depth,
                own,
                total: own,
            });
        }
        // Children come after their parents, so one backward pass adds totals upwards.
        for i in (0..entries.len()).rev() {
            if let Some(&p) = entries[i].code.parent.and_then(|p| index.get(&p)) {
                entries[p].total += entries[i].total;
            }
        }
        Ok(entries)
    }

    /// The code at `path` (names joined by `/`), if there is one.
    pub fn find_code_path(&self, path: &str) -> Result<Option<CodeId>> {
        let codes = self.store.codes()?;
        let mut parent: Option<CodeId> = None;
        for name in path.split('/').map(str::trim) {
            match codes.iter().find(|c| c.parent == parent && c.name == name) {
                Some(c) => parent = Some(c.id),
                None => return Ok(None),
            }
        }
        Ok(parent)
    }

    /// The code at `path`, creating any missing codes along it (each an undoable step).
    pub fn ensure_code_path(&mut self, path: &str) -> Result<CodeId> {
        let mut parent: Option<CodeId> = None;
        for name in path.split('/').map(str::trim) {
            let existing = self
                .store
                .codes()?
                .into_iter()
                .find(|c| c.parent == parent && c.name == name)
                .map(|c| c.id);
            parent = Some(match existing {
                Some(id) => id,
                None => match self.execute(Edit::CreateCode {
                    parent,
                    name: name.to_owned(),
                    color: None,
                    description: String::new(),
                    position: None,
                })? {
                    Edit::DeleteCode { id } => id,
                    other => {
                        return Err(crate::store::StoreError::Invalid(format!(
                            "unexpected inverse {other:?}"
                        )));
                    }
                },
            });
        }
        parent
            .ok_or_else(|| crate::store::StoreError::Invalid("a code path cannot be empty".into()))
    }

    /// A label for menus, naming what the edit touches: "apply ‘own modernity’".
    pub fn describe(&self, edit: &Edit) -> String {
        Describer { store: &self.store }.describe(edit)
    }
}

/// Names edits for menus from what a store holds: the project's own connection, or the writer
/// thread's (so typing is labelled without the window reading the file).
struct Describer<'a> {
    store: &'a Store,
}

impl Describer<'_> {
    fn code_name(&self, id: crate::domain::CodeId) -> String {
        self.store
            .code(id)
            .map_or_else(|_| "code".to_owned(), |c| c.name)
    }

    fn coding_code_name(&self, id: crate::domain::CodingId) -> String {
        self.store
            .coding(id)
            .map_or_else(|_| "code".to_owned(), |c| self.code_name(c.code))
    }

    fn document_name(&self, id: crate::domain::DocumentId) -> String {
        self.store
            .document_name(id)
            .unwrap_or_else(|_| "document".to_owned())
    }

    /// A label for menus, naming what the edit touches: "apply ‘own modernity’".
    fn describe(&self, edit: &Edit) -> String {
        let quoted = |s: &str| format!("‘{s}’");
        match edit {
            Edit::ImportDocument(doc) => format!("import {}", quoted(&doc.name)),
            Edit::RenameDocument { id, .. } => {
                format!("rename {}", quoted(&self.document_name(*id)))
            }
            Edit::SetDocumentDirection { id, direction } => format!(
                "set {} to {}",
                quoted(&self.document_name(*id)),
                direction.label()
            ),
            Edit::DeleteDocument { id } => {
                format!("delete {}", quoted(&self.document_name(*id)))
            }
            Edit::CreateCode { name, .. } => format!("create {}", quoted(name)),
            Edit::RenameCode { id, .. } => format!("rename {}", quoted(&self.code_name(*id))),
            Edit::RecolorCode { id, .. } => format!("recolour {}", quoted(&self.code_name(*id))),
            Edit::DescribeCode { id, .. } => {
                format!("describe {}", quoted(&self.code_name(*id)))
            }
            Edit::DefineCode { id, field, .. } => format!(
                "edit “{}” of {}",
                field.label().to_lowercase(),
                quoted(&self.code_name(*id))
            ),
            Edit::SplitCode { from, .. } => format!("split {}", quoted(&self.code_name(*from))),
            Edit::MoveCode { id, .. } => format!("move {}", quoted(&self.code_name(*id))),
            Edit::MergeCode { from, into } => format!(
                "merge {} into {}",
                quoted(&self.code_name(*from)),
                quoted(&self.code_name(*into))
            ),
            Edit::DeleteCode { id } => format!("delete {}", quoted(&self.code_name(*id))),
            Edit::ApplyCoding { code, .. } => format!("apply {}", quoted(&self.code_name(*code))),
            Edit::RemoveCoding { id } => {
                format!("remove {} coding", quoted(&self.coding_code_name(*id)))
            }
            Edit::ResizeCoding { id, .. } => {
                format!("resize {} coding", quoted(&self.coding_code_name(*id)))
            }
            Edit::RecodeCoding { code, .. } => {
                format!("recode as {}", quoted(&self.code_name(*code)))
            }
            Edit::SetCodingMemo { .. } => "edit coding memo".to_owned(),
            Edit::WriteMemo { target, .. } => match target {
                MemoTarget::Project => "write journal entry".to_owned(),
                _ => "write memo".to_owned(),
            },
            Edit::EditMemo { .. } => "edit memo".to_owned(),
            Edit::Explained { edit, .. } | Edit::Unrecorded { edit, .. } => self.describe(edit),
            Edit::ChangeText(text) => {
                let document = quoted(&self.document_name(text.document));
                match text.kind() {
                    Some(crate::domain::CorrectionKind::Pseudonymise) => {
                        format!("pseudonymise {document}")
                    }
                    Some(crate::domain::CorrectionKind::Reimport) => {
                        format!("replace {document} with a corrected version")
                    }
                    _ => format!("edit the text of {document}"),
                }
            }
            Edit::PlaceUnplaced { id, .. } => format!(
                "place {} coding",
                quoted(
                    &self
                        .store
                        .unplaced_coding(*id)
                        .map_or_else(|_| "unplaced".to_owned(), |u| self.code_name(u.coding.code))
                )
            ),
            Edit::DeleteUnplaced { id } => format!(
                "delete unplaced {} coding",
                quoted(
                    &self
                        .store
                        .unplaced_coding(*id)
                        .map_or_else(|_| "code".to_owned(), |u| self.code_name(u.coding.code))
                )
            ),
            // Pseudonymisation: the list entry first, then the texts and memos.
            Edit::Batch(edits)
                if matches!(edits.first(), Some(Edit::AddPseudonym { .. })) && edits.len() > 1 =>
            {
                match edits.first() {
                    Some(Edit::AddPseudonym {
                        name, pseudonym, ..
                    }) => {
                        format!("pseudonymise {} as {}", quoted(name), quoted(pseudonym))
                    }
                    _ => edit.verb().to_owned(),
                }
            }
            Edit::AddPseudonym {
                name, pseudonym, ..
            } => {
                format!("pseudonym {} for {}", quoted(pseudonym), quoted(name))
            }
            Edit::RejectSuggestion { code, .. } => {
                format!("reject suggestion for {}", quoted(&self.code_name(*code)))
            }
            Edit::UnrejectSuggestion { code, .. } => {
                format!("restore suggestion for {}", quoted(&self.code_name(*code)))
            }
            // The disagreement navigator: codings changed, then the resolution recorded.
            Edit::Batch(edits)
                if matches!(edits.last(), Some(Edit::ResolveDisagreement { .. })) =>
            {
                match edits.last() {
                    Some(Edit::ResolveDisagreement { outcome, .. }) => {
                        format!("resolve disagreement: {}", outcome.label())
                    }
                    _ => edit.verb().to_owned(),
                }
            }
            Edit::ResolveDisagreement { outcome, .. } => {
                format!("resolve disagreement: {}", outcome.label())
            }
            // Autocode: one step that applies one code to many passages.
            Edit::Batch(edits) => match edits.first() {
                Some(Edit::ApplyCoding { code, .. })
                    if edits
                        .iter()
                        .all(|e| matches!(e, Edit::ApplyCoding { code: c, .. } if c == code)) =>
                {
                    let n = edits.len();
                    let passages = if n == 1 { "passage" } else { "passages" };
                    format!("apply {} to {n} {passages}", quoted(&self.code_name(*code)))
                }
                _ => edit.verb().to_owned(),
            },
            Edit::DefineAttribute { scope, name, .. } => {
                format!("define {} attribute {}", scope.noun(), quoted(name))
            }
            Edit::ChangeAttribute { id, .. } => {
                format!("change attribute {}", quoted(&self.attribute_name(*id)))
            }
            Edit::DeleteAttribute { id } => {
                format!("delete attribute {}", quoted(&self.attribute_name(*id)))
            }
            Edit::SetValues(changes) => match changes.as_slice() {
                [one] => {
                    let owner = match one.owner {
                        crate::domain::ValueOwner::Document(d) => self.document_name(d),
                        crate::domain::ValueOwner::Case(c) => self.case_name(c),
                    };
                    let verb = if one.value.is_some() { "set" } else { "clear" };
                    format!(
                        "{verb} {} of {}",
                        quoted(&self.attribute_name(one.attribute)),
                        quoted(&owner)
                    )
                }
                many => format!("set {} values", many.len()),
            },
            Edit::CreateCases(cases) => match cases.as_slice() {
                [one] => format!("create case {}", quoted(&one.name)),
                many => format!("create {} cases", many.len()),
            },
            Edit::RenameCase { id, .. } => format!("rename case {}", quoted(&self.case_name(*id))),
            Edit::DeleteCases { ids } => match ids.as_slice() {
                [one] => format!("delete case {}", quoted(&self.case_name(*one))),
                many => format!("delete {} cases", many.len()),
            },
            Edit::AddCaseMembers { case, members } => format!(
                "add {} to case {}",
                if members.len() == 1 {
                    "1 member".to_owned()
                } else {
                    format!("{} members", members.len())
                },
                quoted(&self.case_name(*case))
            ),
            Edit::RemoveCaseMembers { ids } => match ids.len() {
                1 => "remove 1 member from its case".to_owned(),
                n => format!("remove {n} members from their cases"),
            },
            Edit::InsertRows(rows) => {
                let parts: Vec<String> = [
                    (rows.documents.len(), "document", "documents"),
                    (rows.codes.len(), "code", "codes"),
                    (rows.codings.len(), "coding", "codings"),
                    (rows.memos.len(), "memo", "memos"),
                ]
                .into_iter()
                .filter(|(n, _, _)| *n > 0)
                .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
                .collect();
                match parts.split_last() {
                    None => "add nothing".to_owned(),
                    Some((last, [])) => format!("add {last}"),
                    Some((last, rest)) => format!("add {} and {last}", rest.join(", ")),
                }
            }
            other => other.verb().to_owned(),
        }
    }

    fn attribute_name(&self, id: crate::domain::AttributeId) -> String {
        self.store
            .attribute(id)
            .map_or_else(|_| "attribute".to_owned(), |a| a.name)
    }

    fn case_name(&self, id: crate::domain::CaseId) -> String {
        self.store
            .case(id)
            .map_or_else(|_| "case".to_owned(), |c| c.name)
    }
}
