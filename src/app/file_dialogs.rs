//! Choosing files without ever freezing the window: the system's dialog runs on its own thread
//! (the window keeps drawing while it is open), and where no system dialog can be shown (no
//! desktop portal and no zenity on Linux) an in-window chooser takes its place, with a line
//! saying why. Answers come back as [`Command::FileChosen`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::Key;

use super::{Command, theme};

/// What a chosen file is for: the command that acts on the answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// Open the chosen project file.
    OpenProject,
    /// Create a new project there (`.tamga` is added to the name).
    NewProject,
    /// Save a copy of the open project there.
    SaveCopy,
    /// Import the chosen document files.
    Import,
    /// Import every document Tamga can read from the chosen folder.
    ImportFolder,
    /// Export the excerpts there in this format.
    ExportExcerpts(crate::export::Format),
    /// Export the codebook there in this format.
    ExportCodebook(crate::export::Format),
    /// Export the open document with its codings there in this format.
    ExportDocument(crate::export::Format),
    /// The `.qdpx` (or `.qdc`) to make a new project from; the project's path is asked next.
    NewFromRefi,
    /// Create the new project there from this `.qdpx` or `.qdc`.
    NewFromRefiAt(PathBuf),
    /// Add the chosen `.qdpx`/`.qdc` to the open project.
    ImportRefi,
    /// Write the project or its codebook there for other QDA programs.
    ExportRefi(crate::exchange::Format),
    /// Save the agreement report there in this format.
    SaveAgreement(crate::export::Format),
    /// Merge the chosen copy of the project into the open one.
    Merge,
    /// Replace this document with the chosen corrected version of its file.
    Reimport(crate::domain::DocumentId),
    /// Save the analysis view's table there.
    SaveTable(crate::analysis::table::TableFormat),
    /// Save the analysis view's chart or network there.
    SaveChart(crate::analysis::chart::ChartFormat),
    /// Read attribute values of documents or cases from the chosen table.
    ImportAttributes(crate::domain::AttributeScope),
    /// Export the memos there in this format.
    ExportMemos(crate::export::Format),
}

/// The kind of dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Choose one existing file.
    OpenFile,
    /// Choose one or more existing files.
    OpenFiles,
    /// Choose a folder.
    Folder,
    /// Name a file to write (its folder must exist).
    Save,
}

/// A request for a file dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRequest {
    /// What the answer is for.
    pub purpose: Purpose,
    /// Whether to open files, choose a folder or name a file to save.
    pub kind: Kind,
    /// The dialog's title ("Export excerpts").
    pub title: String,
    /// Name and extensions (without dots) of each filter; the first is the default.
    pub filters: Vec<(String, Vec<String>)>,
    /// The suggested file name (save dialogs).
    pub file_name: Option<String>,
    /// The folder the dialog starts in.
    pub folder: Option<PathBuf>,
}

/// Why the system's dialog cannot be used, or `Ok` when it can (as far as can be told
/// without trying).
pub fn native_dialog_available(
    dbus_session: Option<&std::ffi::OsStr>,
    search_path: Option<&std::ffi::OsStr>,
) -> Result<(), String> {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    let has_zenity = search_path
        .is_some_and(|p| std::env::split_paths(p).any(|dir| dir.join("zenity").is_file()));
    if dbus_session.is_some_and(|s| !s.is_empty()) || has_zenity {
        Ok(())
    } else {
        Err("the system's file dialog is not available (no desktop portal and no zenity), so Tamga shows its own".to_owned())
    }
}

/// Errors the dialog crate logged while a system dialog was open: it reports a missing portal
/// or zenity only through its log.
static DIALOG_FAILURES: AtomicU64 = AtomicU64::new(0);

/// Forwards the `log` records of crates that use it (the dialog crate) to `tracing`, counting
/// the dialog crate's errors.
struct LogBridge;

impl log::Log for LogBridge {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn
    }

    fn log(&self, record: &log::Record<'_>) {
        if record.target().starts_with("rfd") && record.level() == log::Level::Error {
            DIALOG_FAILURES.fetch_add(1, Ordering::SeqCst);
        }
        if self.enabled(record.metadata()) {
            tracing::warn!(target: "dialog", "{}: {}", record.target(), record.args());
        }
    }

    fn flush(&self) {}
}

/// Installs the bridge once per process.
fn install_log_bridge() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if log::set_boxed_logger(Box::new(LogBridge)).is_ok() {
            log::set_max_level(log::LevelFilter::Warn);
        }
    });
}

/// What a system dialog answered.
enum Outcome {
    Chosen(Vec<PathBuf>),
    Cancelled,
    Failed,
}

/// File dialogs of the window: at most one at a time.
pub struct FileDialogs {
    /// `Err(reason)` when the system's dialog cannot be used.
    native: Result<(), String>,
    waiting: Option<(FileRequest, Receiver<Outcome>)>,
    chooser: Option<Chooser>,
    /// The folder of the last file chosen.
    pub last_folder: Option<PathBuf>,
}

impl std::fmt::Debug for FileDialogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileDialogs")
            .field("native", &self.native)
            .field("waiting", &self.waiting.as_ref().map(|(r, _)| r))
            .finish_non_exhaustive()
    }
}

impl FileDialogs {
    /// Dialogs as this machine offers them.
    pub fn detect() -> FileDialogs {
        FileDialogs::with_native(native_dialog_available(
            std::env::var_os("DBUS_SESSION_BUS_ADDRESS").as_deref(),
            std::env::var_os("PATH").as_deref(),
        ))
    }

    /// Dialogs that use the system's when `native` is `Ok`, else always the in-window chooser
    /// (tests, and machines without a dialog service).
    pub fn with_native(native: Result<(), String>) -> FileDialogs {
        FileDialogs {
            native,
            waiting: None,
            chooser: None,
            last_folder: None,
        }
    }

    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.waiting.is_some() || self.chooser.is_some()
    }

    /// Opens a dialog for `request`.
    pub fn open(&mut self, ctx: &egui::Context, mut request: FileRequest) {
        if self.is_open() {
            return;
        }
        if request.folder.is_none() {
            request.folder.clone_from(&self.last_folder);
        }
        match &self.native {
            Ok(()) => {
                install_log_bridge();
                let (tx, rx) = channel();
                let ctx = ctx.clone();
                let req = request.clone();
                let spawned = std::thread::Builder::new()
                    .name("file dialog".into())
                    .spawn(move || {
                        let before = DIALOG_FAILURES.load(Ordering::SeqCst);
                        let chosen = pollster::block_on(run_native(&req));
                        let failed = DIALOG_FAILURES.load(Ordering::SeqCst) != before;
                        let outcome = match chosen {
                            Some(paths) if !paths.is_empty() => Outcome::Chosen(paths),
                            _ if failed => Outcome::Failed,
                            _ => Outcome::Cancelled,
                        };
                        let _ = tx.send(outcome);
                        ctx.request_repaint();
                    });
                if spawned.is_ok() {
                    self.waiting = Some((request, rx));
                } else {
                    self.chooser = Some(Chooser::new(
                        request,
                        Some("cannot start the system's file dialog".into()),
                    ));
                }
            }
            Err(reason) => self.chooser = Some(Chooser::new(request, Some(reason.clone()))),
        }
    }

    /// Takes a system dialog's answer, draws the in-window chooser, and queues
    /// [`Command::FileChosen`] when a file was chosen.
    pub fn ui(&mut self, ctx: &egui::Context, out: &mut Vec<Command>) {
        if let Some((request, rx)) = self.waiting.take() {
            match rx.try_recv() {
                Ok(Outcome::Chosen(paths)) => self.chosen(request.purpose, paths, out),
                Ok(Outcome::Cancelled) => {}
                Ok(Outcome::Failed) | Err(TryRecvError::Disconnected) => {
                    let reason = "the system's file dialog could not be shown (no desktop portal or zenity answered; see the log), so Tamga shows its own".to_owned();
                    tracing::warn!("{reason}");
                    self.native = Err(reason.clone());
                    self.chooser = Some(Chooser::new(request, Some(reason)));
                }
                Err(TryRecvError::Empty) => {
                    egui::Area::new(egui::Id::unique("file-dialog-waiting"))
                        .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -40.0))
                        .show(ctx, |ui| {
                            egui::Frame::popup(ui.style()).show(ui, |ui| {
                                ui.label(format!(
                                    "{} — waiting for the file dialog…",
                                    request.title
                                ));
                            });
                        });
                    self.waiting = Some((request, rx));
                }
            }
        }
        if let Some(chooser) = &mut self.chooser {
            match chooser.ui(ctx) {
                ChooserResult::Open => {}
                ChooserResult::Cancelled => self.chooser = None,
                ChooserResult::Chosen(paths) => {
                    let purpose = chooser.request.purpose.clone();
                    self.chooser = None;
                    self.chosen(purpose, paths, out);
                }
            }
        }
    }

    fn chosen(&mut self, purpose: Purpose, paths: Vec<PathBuf>, out: &mut Vec<Command>) {
        if let Some(first) = paths.first() {
            self.last_folder = if purpose == Purpose::ImportFolder {
                Some(first.clone())
            } else {
                first.parent().map(Path::to_owned)
            };
        }
        out.push(Command::FileChosen(purpose, paths));
    }
}

async fn run_native(request: &FileRequest) -> Option<Vec<PathBuf>> {
    let mut dialog = rfd::AsyncFileDialog::new().set_title(&request.title);
    for (name, extensions) in &request.filters {
        dialog = dialog.add_filter(name, extensions);
    }
    if let Some(folder) = &request.folder {
        dialog = dialog.set_directory(folder);
    }
    if let Some(name) = &request.file_name {
        dialog = dialog.set_file_name(name);
    }
    match request.kind {
        Kind::OpenFile => dialog.pick_file().await.map(|f| vec![f.path().to_owned()]),
        Kind::OpenFiles => dialog
            .pick_files()
            .await
            .map(|fs| fs.iter().map(|f| f.path().to_owned()).collect()),
        Kind::Folder => dialog
            .pick_folder()
            .await
            .map(|f| vec![f.path().to_owned()]),
        Kind::Save => dialog.save_file().await.map(|f| vec![f.path().to_owned()]),
    }
}

enum ChooserResult {
    Open,
    Cancelled,
    Chosen(Vec<PathBuf>),
}

/// The in-window file chooser: a folder, its subfolders and the files the request accepts.
struct Chooser {
    request: FileRequest,
    why: Option<String>,
    folder: PathBuf,
    folder_text: String,
    name: String,
    selected: Vec<PathBuf>,
    entries: Vec<(PathBuf, bool)>,
    error: Option<String>,
    listed: Option<PathBuf>,
    focus_name: bool,
}

fn home() -> PathBuf {
    directories::UserDirs::new().map_or_else(|| PathBuf::from("/"), |d| d.home_dir().to_owned())
}

impl Chooser {
    fn new(request: FileRequest, why: Option<String>) -> Chooser {
        let folder = request
            .folder
            .clone()
            .filter(|f| f.is_dir())
            .unwrap_or_else(home);
        Chooser {
            name: request.file_name.clone().unwrap_or_default(),
            folder_text: folder.display().to_string(),
            focus_name: request.kind == Kind::Save,
            folder,
            why,
            request,
            selected: Vec::new(),
            entries: Vec::new(),
            error: None,
            listed: None,
        }
    }

    fn accepts(&self, path: &Path) -> bool {
        let extensions: Vec<&String> = self.request.filters.iter().flat_map(|(_, e)| e).collect();
        extensions.is_empty()
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    fn list(&mut self) {
        if self.listed.as_ref() == Some(&self.folder) {
            return;
        }
        self.listed = Some(self.folder.clone());
        self.entries.clear();
        self.error = None;
        match std::fs::read_dir(&self.folder) {
            Ok(read) => {
                let mut entries: Vec<(PathBuf, bool)> = read
                    .filter_map(Result::ok)
                    .map(|e| {
                        let path = e.path();
                        let dir = path.is_dir();
                        (path, dir)
                    })
                    .filter(|(p, dir)| {
                        let hidden = p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                        !hidden && (*dir || (self.request.kind != Kind::Folder && self.accepts(p)))
                    })
                    .collect();
                entries.sort_by(|a, b| {
                    b.1.cmp(&a.1).then_with(|| {
                        a.0.file_name()
                            .map(|n| n.to_string_lossy().to_lowercase())
                            .cmp(&b.0.file_name().map(|n| n.to_string_lossy().to_lowercase()))
                    })
                });
                self.entries = entries;
            }
            Err(e) => self.error = Some(format!("cannot read this folder ({e})")),
        }
    }

    fn go(&mut self, folder: PathBuf) {
        self.folder_text = folder.display().to_string();
        self.folder = folder;
        self.selected.clear();
    }

    fn confirm_label(&self) -> &'static str {
        match self.request.kind {
            Kind::OpenFile | Kind::OpenFiles => "Open",
            Kind::Folder => "Choose this folder",
            Kind::Save => "Save",
        }
    }

    /// What confirming would choose now, if anything.
    fn choice(&self) -> Option<Vec<PathBuf>> {
        match self.request.kind {
            Kind::Folder => Some(vec![self.folder.clone()]),
            Kind::Save => {
                let name = self.name.trim();
                if name.is_empty() {
                    return None;
                }
                let mut path = self.folder.join(name);
                if let Some(ext) = self.request.filters.first().and_then(|(_, e)| e.first())
                    && path.extension().is_none()
                {
                    path.set_extension(ext);
                }
                Some(vec![path])
            }
            Kind::OpenFile | Kind::OpenFiles => {
                if self.selected.is_empty() {
                    let typed = self.folder.join(self.name.trim());
                    (!self.name.trim().is_empty() && typed.is_file()).then(|| vec![typed])
                } else {
                    Some(self.selected.clone())
                }
            }
        }
    }

    fn ui(&mut self, ctx: &egui::Context) -> ChooserResult {
        self.list();
        let mut result = ChooserResult::Open;
        let screen = ctx.content_rect();
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        let modal = egui::Modal::new(egui::Id::unique("file-chooser")).show(ctx, |ui| {
            ui.set_width(theme::DIALOG_WIDTH.min(screen.width() - 48.0));
            ui.heading(&self.request.title);
            if let Some(why) = &self.why {
                ui.label(egui::RichText::new(why).color(theme::secondary(ui.visuals())));
            }
            ui.horizontal(|ui| {
                let label = ui.label("Folder");
                if ui.button("⬆").on_hover_text("The folder above").clicked()
                    && let Some(parent) = self.folder.parent()
                {
                    self.go(parent.to_owned());
                }
                if ui.button("Home").clicked() {
                    self.go(home());
                }
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.folder_text)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    let typed = PathBuf::from(self.folder_text.trim());
                    if typed.is_dir() {
                        self.go(typed);
                    } else {
                        self.error = Some(format!("no such folder: {}", typed.display()));
                    }
                }
            });
            let list_height = (screen.height() - 300.0).clamp(80.0, 360.0);
            let mut enter_folder = None;
            let mut chosen_now = None;
            egui::ScrollArea::vertical()
                .max_height(list_height)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if let Some(error) = &self.error {
                        ui.colored_label(theme::error(ui.visuals()), error);
                    }
                    for (path, dir) in &self.entries {
                        let name = path
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        let shown = if *dir {
                            format!("📁 {name}")
                        } else {
                            name.clone()
                        };
                        let selected = self.selected.contains(path);
                        let row = ui.add(egui::Button::selectable(selected, shown));
                        if row.double_clicked() {
                            if *dir {
                                enter_folder = Some(path.clone());
                            } else {
                                chosen_now = Some(vec![path.clone()]);
                            }
                        } else if row.clicked() {
                            if *dir {
                                enter_folder = Some(path.clone());
                            } else if self.request.kind == Kind::OpenFiles
                                && ui.input(|i| i.modifiers.command || i.modifiers.shift)
                            {
                                if selected {
                                    self.selected.retain(|p| p != path);
                                } else {
                                    self.selected.push(path.clone());
                                }
                            } else {
                                self.selected = vec![path.clone()];
                                self.name = name;
                            }
                        }
                    }
                    if self.entries.is_empty() && self.error.is_none() {
                        ui.label(
                            egui::RichText::new("Nothing here that fits.")
                                .color(theme::secondary(ui.visuals())),
                        );
                    }
                });
            if let Some(folder) = enter_folder {
                self.go(folder);
            }
            let mut enter = false;
            if self.request.kind != Kind::Folder {
                ui.horizontal(|ui| {
                    let label = ui.label("File name");
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.name).desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    if self.focus_name {
                        response.request_focus();
                        self.focus_name = false;
                    }
                    if response.changed() {
                        self.selected.clear();
                    }
                    enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                });
            }
            ui.horizontal(|ui| {
                let choice = self.choice();
                if ui
                    .add_enabled(choice.is_some(), egui::Button::new(self.confirm_label()))
                    .clicked()
                    || (enter && choice.is_some())
                {
                    chosen_now = choice;
                }
                if ui.button("Cancel").clicked() {
                    result = ChooserResult::Cancelled;
                }
            });
            if let Some(paths) = chosen_now {
                result = ChooserResult::Chosen(paths);
            }
        });
        if escape || modal.should_close() {
            return ChooserResult::Cancelled;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_portal_or_zenity_the_system_dialog_is_unavailable() {
        if !cfg!(target_os = "linux") {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().as_os_str();
        assert!(native_dialog_available(None, Some(path)).is_err());
        assert!(native_dialog_available(Some("unix:path=/run/bus".as_ref()), Some(path)).is_ok());
        std::fs::write(dir.path().join("zenity"), b"").unwrap();
        assert!(native_dialog_available(None, Some(path)).is_ok());
    }
}
