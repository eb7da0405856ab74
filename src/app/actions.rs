//! One table of user actions: their labels and shortcuts drive the menus, the keyboard and the
//! shortcuts dialog alike; `Workbench::perform` carries them out.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::dialogs::Dialog;
use super::{Command, Workbench, theme};
use crate::domain::Edit;

/// Something the user can do from a menu or the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    New,
    Open,
    SaveCopy,
    Import,
    ImportFolder,
    CloseProject,
    Quit,
    Undo,
    Redo,
    RedoAlt,
    ChangeCoder,
    QuickCode,
    CodeInVivo,
    RemoveCoding,
    NewCode,
    PreviousCoding,
    NextCoding,
    Rename,
    /// Move the selected coding's end a word right / left, its start a word left / right.
    GrowEnd,
    ShrinkEnd,
    GrowStart,
    ShrinkStart,
    /// Apply the n-th most recently used code (1–9).
    ApplyRecent(u8),
    Bigger,
    Smaller,
    ToggleRetrieval,
    ToggleReflow,
    ThemeLight,
    ThemeDark,
    ThemeSystem,
    Shortcuts,
    About,
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "reads best in the match below, where most actions have no key"
)]
const fn shortcut(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}

const RECENT_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

impl Action {
    /// Every action that has a key, in the order the shortcuts dialog lists them.
    pub fn with_shortcuts() -> Vec<Action> {
        let mut all = vec![
            Action::QuickCode,
            Action::CodeInVivo,
            Action::RemoveCoding,
            Action::Undo,
            Action::Redo,
            Action::RedoAlt,
            Action::PreviousCoding,
            Action::NextCoding,
            Action::Rename,
            Action::GrowEnd,
            Action::ShrinkEnd,
            Action::GrowStart,
            Action::ShrinkStart,
            Action::Open,
            Action::New,
            Action::ToggleRetrieval,
            Action::Bigger,
            Action::Smaller,
            Action::Quit,
        ];
        all.extend((1..=9).map(Action::ApplyRecent));
        all
    }

    /// The key that triggers it (Ctrl on Linux/Windows, Cmd on macOS).
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        match self {
            Action::New => shortcut(cmd, Key::N),
            Action::Open => shortcut(cmd, Key::O),
            Action::Quit => shortcut(cmd, Key::Q),
            Action::Undo => shortcut(cmd, Key::Z),
            Action::Redo => shortcut(cmd.plus(Modifiers::SHIFT), Key::Z),
            Action::RedoAlt => shortcut(cmd, Key::Y),
            Action::QuickCode => shortcut(cmd, Key::K),
            Action::CodeInVivo => shortcut(cmd, Key::I),
            Action::RemoveCoding => shortcut(Modifiers::NONE, Key::Delete),
            Action::PreviousCoding => shortcut(Modifiers::ALT, Key::ArrowUp),
            Action::NextCoding => shortcut(Modifiers::ALT, Key::ArrowDown),
            Action::Rename => shortcut(Modifiers::NONE, Key::F2),
            Action::GrowEnd => shortcut(Modifiers::ALT.plus(Modifiers::SHIFT), Key::ArrowRight),
            Action::ShrinkEnd => shortcut(Modifiers::ALT.plus(Modifiers::SHIFT), Key::ArrowLeft),
            Action::GrowStart => shortcut(Modifiers::ALT.plus(cmd), Key::ArrowLeft),
            Action::ShrinkStart => shortcut(Modifiers::ALT.plus(cmd), Key::ArrowRight),
            Action::ToggleRetrieval => shortcut(cmd, Key::R),
            Action::Bigger => shortcut(cmd, Key::Equals),
            Action::Smaller => shortcut(cmd, Key::Minus),
            Action::ApplyRecent(n) => RECENT_KEYS
                .get(usize::from(n).saturating_sub(1))
                .and_then(|k| shortcut(Modifiers::NONE, *k)),
            _ => None,
        }
    }

    /// Keys without Ctrl/Cmd only act when no text field has the keyboard.
    fn is_bare(self) -> bool {
        self.shortcut()
            .is_some_and(|s| s.modifiers.is_none() && s.logical_key != Key::F2)
    }

    /// The menu label.
    pub fn label(self) -> String {
        match self {
            Action::New => "New project…".into(),
            Action::Open => "Open…".into(),
            Action::SaveCopy => "Save a copy as…".into(),
            Action::Import => "Import documents…".into(),
            Action::ImportFolder => "Import a folder…".into(),
            Action::CloseProject => "Close project".into(),
            Action::Quit => "Quit".into(),
            Action::Undo => "Undo".into(),
            Action::Redo | Action::RedoAlt => "Redo".into(),
            Action::ChangeCoder => "Change coder name…".into(),
            Action::QuickCode => "Quick code picker…".into(),
            Action::CodeInVivo => "Code in vivo".into(),
            Action::RemoveCoding => "Remove coding".into(),
            Action::NewCode => "New code…".into(),
            Action::PreviousCoding => "Previous coding".into(),
            Action::NextCoding => "Next coding".into(),
            Action::Rename => "Rename".into(),
            Action::GrowEnd => "Coding end one word later".into(),
            Action::ShrinkEnd => "Coding end one word earlier".into(),
            Action::GrowStart => "Coding start one word earlier".into(),
            Action::ShrinkStart => "Coding start one word later".into(),
            Action::ApplyRecent(n) => format!("Apply recent code {n}"),
            Action::ToggleRetrieval => "Retrieval panel".into(),
            Action::ToggleReflow => "Join hard-wrapped lines".into(),
            Action::Bigger => "Larger text".into(),
            Action::Smaller => "Smaller text".into(),
            Action::ThemeLight => "Light".into(),
            Action::ThemeDark => "Dark".into(),
            Action::ThemeSystem => "Follow the system".into(),
            Action::Shortcuts => "Keyboard shortcuts".into(),
            Action::About => "About Tamga".into(),
        }
    }
}

impl Workbench {
    /// Turns key presses into actions. Bare keys (1–9, Delete) wait while a text field has focus.
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let typing = ctx.text_edit_focused();
        let mut fired = Vec::new();
        ctx.input_mut(|input| {
            // Longer chords first, so Ctrl+Shift+Z is not taken for Ctrl+Z.
            let mut actions = Action::with_shortcuts();
            actions.sort_by_key(|a| {
                std::cmp::Reverse(a.shortcut().map_or(0, |s| {
                    u8::from(s.modifiers.shift)
                        + u8::from(s.modifiers.alt)
                        + u8::from(s.modifiers.command)
                }))
            });
            for action in actions {
                if (action.is_bare() || self.picker.is_some()) && typing {
                    continue;
                }
                if let Some(s) = action.shortcut()
                    && input.consume_shortcut(&s)
                {
                    fired.push(action);
                }
            }
        });
        for action in fired {
            self.commands.push(Command::Action(action));
        }
    }

    /// Carries out a menu or keyboard action.
    pub(super) fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("New project")
                    .add_filter("Tamga project", &["tamga"])
                    .set_file_name("fieldwork.tamga")
                    .save_file()
                {
                    self.create_project(&path.with_extension("tamga"));
                }
            }
            Action::Open => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Open project")
                    .add_filter("Tamga project", &["tamga"])
                    .pick_file()
                {
                    self.open_project(&path);
                }
            }
            Action::SaveCopy => {
                let Some(project) = &self.project else {
                    return;
                };
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Save a copy of the project")
                    .add_filter("Tamga project", &["tamga"])
                    .save_file()
                {
                    let path = path.with_extension("tamga");
                    match project.store().save_copy(&path) {
                        Ok(()) => self.notify(format!("Saved a copy: {}", path.display())),
                        Err(e) => self.fail(e.to_string()),
                    }
                }
            }
            Action::Import => {
                let mut dialog = rfd::FileDialog::new().set_title("Import documents");
                let all: Vec<&str> = crate::import::Format::ALL
                    .iter()
                    .flat_map(|f| f.extensions().iter().copied())
                    .collect();
                dialog = dialog.add_filter("Documents Tamga imports", &all);
                for format in crate::import::Format::ALL {
                    dialog = dialog.add_filter(format.description(), format.extensions());
                }
                if let Some(paths) = dialog.pick_files() {
                    self.start_import(ctx, paths);
                }
            }
            Action::ImportFolder => {
                if let Some(dir) = rfd::FileDialog::new()
                    .set_title("Import every document in a folder")
                    .pick_folder()
                {
                    match super::import_job::files_in_folder(&dir) {
                        Ok(paths) if paths.is_empty() => self.notify(format!(
                            "No documents Tamga can import in {}",
                            dir.display()
                        )),
                        Ok(paths) => self.start_import(ctx, paths),
                        Err(e) => {
                            self.fail(format!("cannot read the folder ({e}): {}", dir.display()));
                        }
                    }
                }
            }
            Action::CloseProject => {
                self.project = None;
                self.model = None;
                self.info = None;
                self.documents.clear();
                self.codebook.entries.clear();
                self.view.show_document(None);
            }
            Action::Quit => self.quit_requested = true,
            Action::Undo | Action::Redo | Action::RedoAlt => {
                let Some(project) = &mut self.project else {
                    return;
                };
                let result = if action == Action::Undo {
                    project.undo()
                } else {
                    project.redo()
                };
                match result {
                    Ok(Some(label)) => {
                        let verb = if action == Action::Undo {
                            "Undid"
                        } else {
                            "Redid"
                        };
                        self.notify(format!("{verb} {label}"));
                        self.refresh();
                    }
                    Ok(None) => {}
                    Err(e) => self.fail(e.to_string()),
                }
            }
            Action::ChangeCoder => {
                self.dialog = Some(Dialog::coder(&self.config.coder_or_login()));
            }
            Action::QuickCode => {
                if self.view.selected_range().is_some() {
                    self.picker = Some(super::picker::Picker::default());
                } else {
                    self.notify("Select a passage first, then press Ctrl+K to code it.");
                }
            }
            Action::CodeInVivo => {
                let Some((model, range)) = self.model.as_ref().zip(self.view.selected_range())
                else {
                    self.notify("Select the words to use as the code's name.");
                    return;
                };
                let words: String = model
                    .slice(range)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace('/', "-")
                    .chars()
                    .take(60)
                    .collect();
                let name = words
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_owned();
                if name.is_empty() {
                    self.notify("The selection has no words to name a code with.");
                    return;
                }
                let existing = self
                    .codebook
                    .entries
                    .iter()
                    .find(|e| e.code.parent.is_none() && e.code.name == name)
                    .map(|e| e.code.id);
                match existing {
                    Some(id) => self.commands.push(Command::ApplyCode(id)),
                    None => self.commands.push(Command::CreateCodeAndApply(name)),
                }
            }
            Action::RemoveCoding => {
                if let Some(id) = self.view.selected_coding {
                    self.commands.push(Command::Edit(Edit::RemoveCoding { id }));
                }
            }
            Action::NewCode => self.codebook_ui.start_new(self.selected_code),
            Action::PreviousCoding | Action::NextCoding => {
                if let Some(model) = &self.model {
                    let offset = self.view.selection.map_or(0, |s| s.cursor);
                    let forward = action == Action::NextCoding;
                    if let Some(id) =
                        model.neighbour_coding(self.view.selected_coding, offset, forward)
                        && let Some(c) = model.coding(id)
                    {
                        let start = c.range.start;
                        self.view.selected_coding = Some(id);
                        self.view.selection = None;
                        self.view.reveal(start);
                    }
                }
            }
            Action::Rename => {
                if let Some(id) = self.selected_code {
                    self.codebook_ui.start_rename(&self.codebook, id);
                } else if let Some(model) = &self.model {
                    self.documents_ui.start_rename(model.id, &model.name);
                }
            }
            Action::GrowEnd | Action::ShrinkEnd | Action::GrowStart | Action::ShrinkStart => {
                if let Some(model) = &self.model
                    && let Some(c) = self.view.selected_coding.and_then(|id| model.coding(id))
                {
                    let (end, forward) = match action {
                        Action::GrowEnd => (true, true),
                        Action::ShrinkEnd => (true, false),
                        Action::GrowStart => (false, false),
                        _ => (false, true),
                    };
                    let range = model.nudge(c.range, end, forward);
                    if range != c.range {
                        self.commands.push(Command::ResizeCoding(c.id, range));
                    }
                }
            }
            Action::ApplyRecent(n) => {
                if let Some(code) = self.recent_codes.get(usize::from(n).saturating_sub(1)) {
                    self.commands.push(Command::ApplyCode(*code));
                }
            }
            Action::ToggleRetrieval => self.show_retrieval = !self.show_retrieval,
            Action::ToggleReflow => {
                self.view.reflow = !self.view.reflow;
                self.config.reflow = self.view.reflow;
                self.save_config();
            }
            Action::Bigger | Action::Smaller => {
                let step = if action == Action::Bigger { 1.0 } else { -1.0 };
                self.view.font_size =
                    (self.view.font_size + step).clamp(theme::MIN_FONT_SIZE, theme::MAX_FONT_SIZE);
                self.config.font_size = Some(self.view.font_size);
                self.save_config();
            }
            Action::ThemeLight | Action::ThemeDark | Action::ThemeSystem => {
                self.config.dark = match action {
                    Action::ThemeLight => Some(false),
                    Action::ThemeDark => Some(true),
                    _ => None,
                };
                theme::apply(ctx, self.config.dark);
                self.save_config();
            }
            Action::Shortcuts => self.dialog = Some(Dialog::Shortcuts),
            Action::About => self.dialog = Some(Dialog::About),
        }
    }

    fn menu_item(
        &mut self,
        ui: &mut egui::Ui,
        action: Action,
        label: Option<String>,
        enabled: bool,
    ) {
        let mut button = egui::Button::new(label.unwrap_or_else(|| action.label()));
        if let Some(s) = action.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.commands.push(Command::Action(action));
            ui.close();
        }
    }

    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let open = self.project.is_some();
        let has_selection = self.view.selected_range().is_some();
        let has_coding = self.view.selected_coding.is_some();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.menu_item(ui, Action::New, None, true);
                self.menu_item(ui, Action::Open, None, true);
                let recent: Vec<_> = self
                    .config
                    .recent
                    .iter()
                    .filter(|p| p.exists())
                    .cloned()
                    .collect();
                ui.add_enabled_ui(!recent.is_empty(), |ui| {
                    ui.menu_button("Open recent", |ui| {
                        for path in recent {
                            let name = path.file_name().map_or_else(
                                || path.display().to_string(),
                                |n| n.to_string_lossy().into_owned(),
                            );
                            if ui
                                .button(name)
                                .on_hover_text(path.display().to_string())
                                .clicked()
                            {
                                self.commands.push(Command::OpenProject(path.clone()));
                                ui.close();
                            }
                        }
                    });
                });
                ui.separator();
                self.menu_item(ui, Action::SaveCopy, None, open);
                self.menu_item(ui, Action::Import, None, open);
                self.menu_item(ui, Action::ImportFolder, None, open);
                let mut join = self.config.join_pdf_lines;
                if ui
                    .checkbox(&mut join, "Join hard-wrapped lines in PDFs")
                    .on_hover_text("When importing PDFs, join the lines of each paragraph. Leave off for poems, transcripts and tables.")
                    .changed()
                {
                    self.config.join_pdf_lines = join;
                    self.save_config();
                }
                ui.separator();
                ui.add_enabled_ui(open, |ui| {
                    ui.menu_button("Export excerpts", |ui| {
                        ui.label(
                            egui::RichText::new(if self.show_retrieval {
                                "What the retrieval panel shows"
                            } else {
                                "Every coding, grouped by code"
                            })
                            .small(),
                        );
                        for format in crate::export::EXCERPT_FORMATS {
                            if ui.button(super::format_label(format)).clicked() {
                                self.commands.push(Command::ExportRetrieval(format));
                                ui.close();
                            }
                        }
                    });
                    ui.menu_button("Export codebook", |ui| {
                        for format in crate::export::CODEBOOK_FORMATS {
                            if ui.button(super::format_label(format)).clicked() {
                                self.commands.push(Command::ExportCodebook(format));
                                ui.close();
                            }
                        }
                    });
                    ui.add_enabled_ui(self.model.is_some(), |ui| {
                        ui.menu_button("Export this coded document", |ui| {
                            for format in crate::export::DOCUMENT_FORMATS {
                                if ui.button(super::format_label(format)).clicked() {
                                    self.commands.push(Command::ExportDocument(format));
                                    ui.close();
                                }
                            }
                        });
                    });
                });
                ui.separator();
                self.menu_item(ui, Action::CloseProject, None, open);
                self.menu_item(ui, Action::Quit, None, true);
            });
            ui.menu_button("Edit", |ui| {
                let undo = self
                    .project
                    .as_ref()
                    .and_then(|p| p.undo_label().map(str::to_owned));
                let redo = self
                    .project
                    .as_ref()
                    .and_then(|p| p.redo_label().map(str::to_owned));
                self.menu_item(
                    ui,
                    Action::Undo,
                    Some(
                        undo.as_ref()
                            .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
                    ),
                    undo.is_some(),
                );
                self.menu_item(
                    ui,
                    Action::Redo,
                    Some(
                        redo.as_ref()
                            .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
                    ),
                    redo.is_some(),
                );
                ui.separator();
                self.menu_item(ui, Action::ChangeCoder, None, true);
            });
            ui.menu_button("View", |ui| {
                let label = if self.show_retrieval {
                    "Hide the retrieval panel".to_owned()
                } else {
                    "Show the retrieval panel".to_owned()
                };
                self.menu_item(ui, Action::ToggleRetrieval, Some(label), open);
                ui.separator();
                let mut reflow = self.view.reflow;
                if ui
                    .checkbox(&mut reflow, Action::ToggleReflow.label())
                    .on_hover_text("Show single line breaks inside a paragraph as spaces, for text hard-wrapped by a PDF. The document itself does not change.")
                    .clicked()
                {
                    self.commands.push(Command::Action(Action::ToggleReflow));
                    ui.close();
                }
                self.menu_item(ui, Action::Bigger, None, true);
                self.menu_item(ui, Action::Smaller, None, true);
                ui.separator();
                ui.label("Theme");
                for (action, value) in [
                    (Action::ThemeLight, Some(false)),
                    (Action::ThemeDark, Some(true)),
                    (Action::ThemeSystem, None),
                ] {
                    if ui
                        .radio(self.config.dark == value, action.label())
                        .clicked()
                    {
                        self.commands.push(Command::Action(action));
                        ui.close();
                    }
                }
            });
            ui.menu_button("Codes", |ui| {
                self.menu_item(ui, Action::NewCode, None, open);
                self.menu_item(ui, Action::QuickCode, None, has_selection);
                self.menu_item(ui, Action::CodeInVivo, None, has_selection);
                self.menu_item(ui, Action::RemoveCoding, None, has_coding);
                ui.menu_button("Resize coding", |ui| {
                    for action in [
                        Action::GrowStart,
                        Action::ShrinkStart,
                        Action::ShrinkEnd,
                        Action::GrowEnd,
                    ] {
                        self.menu_item(ui, action, None, has_coding);
                    }
                });
                ui.separator();
                self.menu_item(ui, Action::PreviousCoding, None, self.model.is_some());
                self.menu_item(ui, Action::NextCoding, None, self.model.is_some());
                self.menu_item(ui, Action::Rename, None, open);
            });
            ui.menu_button("Help", |ui| {
                self.menu_item(ui, Action::Shortcuts, None, true);
                self.menu_item(ui, Action::About, None, true);
            });
        });
    }
}
