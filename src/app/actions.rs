//! One table of user actions. Each action's label, shortcut, menu place and when it is enabled
//! live here and nowhere else: the menus, the keyboard, Help ▸ Keyboard shortcuts and the
//! command palette are all drawn from it, so a shortcut cannot exist without firing.
//! `Workbench::perform` (in `command_handling.rs`) carries actions out.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::export::Format;

/// Something the user can do from a menu, the keyboard or the command palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Create a new project file, asking where (Ctrl+N).
    New,
    /// Open a project file, asking which (Ctrl+O).
    Open,
    /// The n-th project of the recent list.
    OpenRecent(u8),
    /// Save a consistent copy of the open project under another name.
    SaveCopy,
    /// Open one of the automatic snapshots of the project beside it.
    RestoreSnapshot,
    /// Import one or more document files chosen in a file dialog.
    Import,
    /// Import every document Tamga can read from a chosen folder.
    ImportFolder,
    /// Create a new project from a REFI-QDA project (`.qdpx`) another program wrote.
    NewFromRefi,
    /// Merge a colleague's copy of the project into this one, after a preview.
    Merge,
    /// Add what a REFI-QDA project or codebook holds to the open project, as one step.
    ImportRefi,
    /// Sync the working copy with its team hub now (it also syncs by itself).
    SyncNow,
    /// List the sync conflicts, to keep this copy's version or take the hub's.
    SyncConflicts,
    /// Write the project (`.qdpx`) or its codebook (`.qdc`) for other QDA programs.
    ExportRefi(crate::exchange::Format),
    /// Switch joining the hard-wrapped lines of PDF paragraphs at import on or off.
    ToggleJoinPdfLines,
    /// Export the retrieved excerpts (or every coding) in this format.
    ExportExcerpts(Format),
    /// Export the codebook in this format.
    ExportCodebook(Format),
    /// Export the open document with its codings in this format.
    ExportDocument(Format),
    /// Export the memos (those the memo panel lists, else all) in this format.
    ExportMemos(Format),
    /// Close the project, leaving the window open.
    CloseProject,
    /// Close the window (Ctrl+Q).
    Quit,
    /// Undo the last change (Ctrl+Z).
    Undo,
    /// Redo the last undone change (Ctrl+Shift+Z).
    Redo,
    /// Redo on its second key, Ctrl+Y; listed only under that key.
    RedoAlt,
    /// Change the name codings and memos are signed with.
    ChangeCoder,
    /// Open the command palette to find any action by typing (Ctrl+Shift+P).
    CommandPalette,
    /// Show or hide the retrieval panel (Ctrl+R).
    ToggleRetrieval,
    /// Show or hide the analysis views: frequencies, matrix, co-occurrence, words.
    ToggleAnalysis,
    /// Show the places where two coders differ, to resolve them one by one.
    Disagreements,
    /// Go to the next place where the two coders differ (F8).
    NextDisagreement,
    /// Go to the previous place where the two coders differ (Shift+F8).
    PreviousDisagreement,
    /// Search the open document (Ctrl+F).
    FindInDocument,
    /// Search every document and memo of the project (Ctrl+Shift+F).
    FindInProject,
    /// Select the next search hit (F3).
    NextHit,
    /// Select the previous search hit (Shift+F3).
    PreviousHit,
    /// Show the passages most like those coded with the selected code.
    PassagesLikeThese,
    /// Show or hide the memo panel (Ctrl+M).
    ToggleMemos,
    /// Show single line breaks inside paragraphs as spaces; the text itself does not change.
    ToggleReflow,
    /// Blind coding: hide other coders' codings until the window closes.
    ToggleBlind,
    /// Make the reading view's text larger (Ctrl+=).
    Bigger,
    /// Make the reading view's text smaller (Ctrl+-).
    Smaller,
    /// Use the light theme.
    ThemeLight,
    /// Use the dark theme.
    ThemeDark,
    /// Follow the system's light or dark setting.
    ThemeSystem,
    /// Start a new code in the codebook, under the selected code if any.
    NewCode,
    /// Open the quick code picker to code the selected passage (Ctrl+K).
    QuickCode,
    /// Code the selected words with a top-level code named after them, made if new (Ctrl+I).
    CodeInVivo,
    /// Remove the selected coding (Delete).
    RemoveCoding,
    /// Move the selected coding's start one word earlier.
    GrowStart,
    /// Move the selected coding's start one word later.
    ShrinkStart,
    /// Move the selected coding's end one word earlier.
    ShrinkEnd,
    /// Move the selected coding's end one word later.
    GrowEnd,
    /// Select the coding before the cursor or the selected coding (Alt+Up).
    PreviousCoding,
    /// Select the coding after the cursor or the selected coding (Alt+Down).
    NextCoding,
    /// Rename the selected code, or else the open document (F2).
    Rename,
    /// Switch the open document into editing mode, or back to reading.
    EditText,
    /// Replace the open document with a corrected version of its file, after a preview of
    /// where its codings go.
    ReplaceWithCorrected,
    /// Replace a person's name with a pseudonym across documents and memos, after a preview.
    Pseudonymise,
    /// Apply the n-th most recently used code (1–9).
    ApplyRecent(u8),
    /// List every keyboard shortcut.
    Shortcuts,
    /// Open the folder holding Tamga's log file in the system's file manager.
    ShowLogFolder,
    /// Show Tamga's version and what it is for.
    About,
}

/// The top-level menus, in menu-bar order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// Projects, import and export.
    File,
    /// Undo, redo, the coder's name and the command palette.
    Edit,
    /// Changing the open document's text.
    Document,
    /// Panels, text size and theme.
    View,
    /// Coding the selection and changing codings.
    Codes,
    /// Shortcuts, the log folder and About.
    Help,
}

impl Menu {
    /// Every menu, left to right.
    pub const ALL: [Menu; 6] = [
        Menu::File,
        Menu::Edit,
        Menu::Document,
        Menu::View,
        Menu::Codes,
        Menu::Help,
    ];

    /// Its title in the menu bar.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::Document => "Document",
            Menu::View => "View",
            Menu::Codes => "Codes",
            Menu::Help => "Help",
        }
    }
}

/// Where an action sits in the menus: its menu, a submenu if any, and a group (a separator
/// is drawn between groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The top-level menu.
    pub menu: Menu,
    /// The title of the submenu it sits in, if any ("Export excerpts").
    pub submenu: Option<&'static str>,
    /// Its group within the menu, counted from 0 from the top.
    pub group: u8,
}

/// How a menu item shows its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A plain command.
    None,
    /// A checkbox, ticked or not.
    Toggle(bool),
    /// One of a set of radio buttons, chosen or not.
    Radio(bool),
}

/// What the table needs to know about the window to say what is enabled, ticked or named.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// A project is open.
    pub project_open: bool,
    /// A document is open in the reading view.
    pub document_open: bool,
    /// Some text is selected in the reading view.
    pub has_selection: bool,
    /// A coding is selected in the reading view.
    pub has_coding: bool,
    /// A code is selected in the codebook.
    pub has_code: bool,
    /// What Undo would undo ("apply ‘Identity’"); `None` when there is nothing to undo.
    pub undo: Option<String>,
    /// What Redo would redo; `None` when there is nothing to redo.
    pub redo: Option<String>,
    /// The retrieval panel is shown.
    pub show_retrieval: bool,
    /// The memo panel is shown.
    pub show_memos: bool,
    /// Single line breaks inside paragraphs are shown as spaces.
    pub reflow: bool,
    /// Blind coding: only the coder's own codings are shown.
    pub blind: bool,
    /// PDF imports join the hard-wrapped lines of each paragraph.
    pub join_pdf_lines: bool,
    /// The chosen theme: `Some(true)` dark, `Some(false)` light, `None` following the system.
    pub dark: Option<bool>,
    /// The open document is in editing mode.
    pub editing_text: bool,
    /// The open project is a working copy of a team hub (and this Tamga syncs).
    pub hub: bool,
    /// File names of the recent projects that still exist, most recent first.
    pub recent: Vec<String>,
    /// How many recently used codes keys 1–9 can apply.
    pub recent_codes: usize,
    /// An export or a snapshot is being written in the background.
    pub busy: bool,
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "reads best in the match below, where most actions have no key"
)]
const fn key(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
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

/// How many recent projects File ▸ Open recent lists.
pub const RECENT_PROJECTS: u8 = 10;

#[expect(
    clippy::unnecessary_wraps,
    reason = "reads best in the match of `Action::place`, where some actions have no place"
)]
const fn place(menu: Menu, group: u8) -> Option<Place> {
    Some(Place {
        menu,
        submenu: None,
        group,
    })
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "reads best in the match of `Action::place`, where some actions have no place"
)]
const fn sub(menu: Menu, submenu: &'static str, group: u8) -> Option<Place> {
    Some(Place {
        menu,
        submenu: Some(submenu),
        group,
    })
}

impl Action {
    /// Every action, in menu order (File, Edit, View, Codes, Help; then those only on keys).
    pub fn all() -> Vec<Action> {
        use Action as A;
        let mut all = vec![A::New, A::Open, A::NewFromRefi];
        all.extend((0..RECENT_PROJECTS).map(A::OpenRecent));
        all.extend([
            A::SaveCopy,
            A::RestoreSnapshot,
            A::Import,
            A::ImportFolder,
            A::ImportRefi,
            A::Merge,
            A::SyncNow,
            A::SyncConflicts,
        ]);
        all.push(A::ToggleJoinPdfLines);
        all.extend(crate::export::EXCERPT_FORMATS.map(A::ExportExcerpts));
        all.extend(crate::export::CODEBOOK_FORMATS.map(A::ExportCodebook));
        all.extend(crate::export::DOCUMENT_FORMATS.map(A::ExportDocument));
        all.extend(crate::export::MEMO_FORMATS.map(A::ExportMemos));
        all.extend([
            A::ExportRefi(crate::exchange::Format::Qdpx),
            A::ExportRefi(crate::exchange::Format::Qdc),
        ]);
        all.extend([
            A::CloseProject,
            A::Quit,
            A::Undo,
            A::Redo,
            A::RedoAlt,
            A::ChangeCoder,
            A::CommandPalette,
            A::FindInDocument,
            A::FindInProject,
            A::NextHit,
            A::PreviousHit,
            A::EditText,
            A::ReplaceWithCorrected,
            A::Pseudonymise,
            A::ToggleRetrieval,
            A::ToggleAnalysis,
            A::Disagreements,
            A::NextDisagreement,
            A::PreviousDisagreement,
            A::PassagesLikeThese,
            A::ToggleMemos,
            A::ToggleReflow,
            A::ToggleBlind,
            A::Bigger,
            A::Smaller,
            A::ThemeLight,
            A::ThemeDark,
            A::ThemeSystem,
            A::NewCode,
            A::QuickCode,
            A::CodeInVivo,
            A::RemoveCoding,
            A::GrowStart,
            A::ShrinkStart,
            A::ShrinkEnd,
            A::GrowEnd,
            A::PreviousCoding,
            A::NextCoding,
            A::Rename,
        ]);
        all.extend((1..=9).map(A::ApplyRecent));
        all.extend([A::Shortcuts, A::ShowLogFolder, A::About]);
        all
    }

    /// Every action that has a key, in table order: what Help ▸ Keyboard shortcuts lists.
    pub fn with_shortcuts() -> Vec<Action> {
        Action::all()
            .into_iter()
            .filter(|a| a.shortcut().is_some())
            .collect()
    }

    /// The key that triggers it (Ctrl on Linux and Windows, Cmd on macOS).
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = Modifiers::COMMAND;
        let shift = Modifiers::SHIFT;
        let alt = Modifiers::ALT;
        match self {
            Action::New => key(cmd, Key::N),
            Action::Open => key(cmd, Key::O),
            Action::Quit => key(cmd, Key::Q),
            Action::Undo => key(cmd, Key::Z),
            Action::Redo => key(cmd.plus(shift), Key::Z),
            Action::RedoAlt => key(cmd, Key::Y),
            Action::CommandPalette => key(cmd.plus(shift), Key::P),
            Action::QuickCode => key(cmd, Key::K),
            Action::CodeInVivo => key(cmd, Key::I),
            Action::RemoveCoding => key(Modifiers::NONE, Key::Delete),
            Action::PreviousCoding => key(alt, Key::ArrowUp),
            Action::NextCoding => key(alt, Key::ArrowDown),
            Action::Rename => key(Modifiers::NONE, Key::F2),
            Action::GrowEnd => key(alt.plus(shift), Key::ArrowRight),
            Action::ShrinkEnd => key(alt.plus(shift), Key::ArrowLeft),
            Action::GrowStart => key(alt.plus(cmd), Key::ArrowLeft),
            Action::ShrinkStart => key(alt.plus(cmd), Key::ArrowRight),
            Action::ToggleRetrieval => key(cmd, Key::R),
            Action::FindInDocument => key(cmd, Key::F),
            Action::FindInProject => key(cmd.plus(shift), Key::F),
            Action::NextHit => key(Modifiers::NONE, Key::F3),
            Action::PreviousHit => key(shift, Key::F3),
            Action::NextDisagreement => key(Modifiers::NONE, Key::F8),
            Action::PreviousDisagreement => key(shift, Key::F8),
            Action::ToggleMemos => key(cmd, Key::M),
            Action::Bigger => key(cmd, Key::Equals),
            Action::Smaller => key(cmd, Key::Minus),
            Action::ApplyRecent(n) => RECENT_KEYS
                .get(usize::from(n).saturating_sub(1))
                .and_then(|k| key(Modifiers::NONE, *k)),
            _ => None,
        }
    }

    /// A key without Ctrl/Cmd/Alt acts only when no text field has the keyboard (F2 and F3
    /// excepted: F3 steps through hits from the search box too).
    pub fn is_bare(self) -> bool {
        self.shortcut().is_some_and(|s| {
            !s.modifiers.command
                && !s.modifiers.ctrl
                && !s.modifiers.alt
                && s.logical_key != Key::F2
                && s.logical_key != Key::F3
        })
    }

    /// Where it sits in the menus; `None` for actions reached only by key or palette.
    pub fn place(self) -> Option<Place> {
        use Menu::{Codes, Document, Edit, File, Help, View};
        match self {
            Action::New | Action::Open | Action::NewFromRefi => place(File, 0),
            Action::OpenRecent(_) => sub(File, "Open recent", 0),
            Action::SaveCopy | Action::RestoreSnapshot => place(File, 1),
            Action::Import
            | Action::ImportFolder
            | Action::ImportRefi
            | Action::Merge
            | Action::SyncNow
            | Action::SyncConflicts
            | Action::ToggleJoinPdfLines => place(File, 2),
            Action::ExportExcerpts(_) => sub(File, "Export excerpts", 3),
            Action::ExportCodebook(_) => sub(File, "Export codebook", 3),
            Action::ExportDocument(_) => sub(File, "Export this coded document", 3),
            Action::ExportRefi(_) => sub(File, "Export for other QDA programs", 3),
            Action::ExportMemos(_) => sub(File, "Export memos", 3),
            Action::CloseProject | Action::Quit => place(File, 4),
            Action::Undo | Action::Redo => place(Edit, 0),
            Action::ChangeCoder | Action::CommandPalette => place(Edit, 1),
            Action::FindInDocument
            | Action::FindInProject
            | Action::NextHit
            | Action::PreviousHit => place(Edit, 2),
            Action::ToggleRetrieval
            | Action::ToggleAnalysis
            | Action::PassagesLikeThese
            | Action::ToggleMemos => place(View, 0),
            Action::Disagreements | Action::NextDisagreement | Action::PreviousDisagreement => {
                place(Codes, 2)
            }
            Action::ToggleReflow | Action::ToggleBlind | Action::Bigger | Action::Smaller => {
                place(View, 1)
            }
            Action::EditText | Action::ReplaceWithCorrected | Action::Pseudonymise => {
                place(Document, 0)
            }
            Action::ThemeLight | Action::ThemeDark | Action::ThemeSystem => sub(View, "Theme", 2),
            Action::NewCode | Action::QuickCode | Action::CodeInVivo | Action::RemoveCoding => {
                place(Codes, 0)
            }
            Action::GrowStart | Action::ShrinkStart | Action::ShrinkEnd | Action::GrowEnd => {
                sub(Codes, "Resize coding", 0)
            }
            Action::PreviousCoding | Action::NextCoding | Action::Rename => place(Codes, 1),
            Action::Shortcuts | Action::ShowLogFolder | Action::About => place(Help, 0),
            Action::RedoAlt | Action::ApplyRecent(_) => None,
        }
    }

    /// The label in menus, the palette and the shortcuts list.
    pub fn label(self, s: &State) -> String {
        match self {
            Action::New => "New project…".into(),
            Action::Open => "Open…".into(),
            Action::OpenRecent(i) => s
                .recent
                .get(usize::from(i))
                .cloned()
                .unwrap_or_else(|| format!("Recent project {}", i + 1)),
            Action::SaveCopy => "Save a copy as…".into(),
            Action::RestoreSnapshot => "Restore from a snapshot…".into(),
            Action::Import => "Import documents…".into(),
            Action::ImportFolder => "Import a folder…".into(),
            Action::ToggleJoinPdfLines => "Join hard-wrapped lines in PDFs".into(),
            Action::NewFromRefi => "New project from a REFI-QDA project…".into(),
            Action::ImportRefi => "Import a REFI-QDA project or codebook…".into(),
            Action::Merge => "Merge another copy of this project…".into(),
            Action::SyncNow => "Sync with the team hub now".into(),
            Action::SyncConflicts => "Sync conflicts…".into(),
            Action::ExportRefi(crate::exchange::Format::Qdpx) => "REFI-QDA project (.qdpx)…".into(),
            Action::ExportRefi(crate::exchange::Format::Qdc) => "REFI-QDA codebook (.qdc)…".into(),
            Action::ExportExcerpts(f)
            | Action::ExportCodebook(f)
            | Action::ExportDocument(f)
            | Action::ExportMemos(f) => super::format_label(f).into(),
            Action::CloseProject => "Close project".into(),
            Action::Quit => "Quit".into(),
            Action::Undo => s
                .undo
                .as_ref()
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}")),
            Action::Redo | Action::RedoAlt => s
                .redo
                .as_ref()
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}")),
            Action::ChangeCoder => "Change coder name…".into(),
            Action::CommandPalette => "Find an action…".into(),
            Action::ToggleRetrieval => "Retrieval panel".into(),
            Action::ToggleAnalysis => "Analysis: frequencies, matrix, co-occurrence, words".into(),
            Action::Disagreements => "Disagreements between coders…".into(),
            Action::NextDisagreement => "Next disagreement".into(),
            Action::PreviousDisagreement => "Previous disagreement".into(),
            Action::FindInDocument => "Find in this document…".into(),
            Action::FindInProject => "Find in the project…".into(),
            Action::NextHit => "Next search hit".into(),
            Action::PreviousHit => "Previous search hit".into(),
            Action::PassagesLikeThese => "Passages like these".into(),
            Action::ToggleMemos => "Memos panel".into(),
            Action::ToggleReflow => "Join hard-wrapped lines".into(),
            Action::ToggleBlind => "Blind coding: show only my codings".into(),
            Action::Bigger => "Larger text".into(),
            Action::Smaller => "Smaller text".into(),
            Action::ThemeLight => "Light".into(),
            Action::ThemeDark => "Dark".into(),
            Action::ThemeSystem => "Follow the system".into(),
            Action::NewCode => "New code…".into(),
            Action::QuickCode => "Quick code picker…".into(),
            Action::CodeInVivo => "Code in vivo".into(),
            Action::RemoveCoding => "Remove coding".into(),
            Action::GrowStart => "Coding start one word earlier".into(),
            Action::ShrinkStart => "Coding start one word later".into(),
            Action::ShrinkEnd => "Coding end one word earlier".into(),
            Action::GrowEnd => "Coding end one word later".into(),
            Action::PreviousCoding => "Previous coding".into(),
            Action::NextCoding => "Next coding".into(),
            Action::Rename => "Rename".into(),
            Action::EditText => "Edit text".into(),
            Action::ReplaceWithCorrected => "Replace with a corrected file…".into(),
            Action::Pseudonymise => "Pseudonymise a name…".into(),
            Action::ApplyRecent(n) => format!("Apply recent code {n}"),
            Action::Shortcuts => "Keyboard shortcuts".into(),
            Action::ShowLogFolder => "Show log folder".into(),
            Action::About => "About Tamga".into(),
        }
    }

    /// The label with its menu path ("File ▸ Export excerpts ▸ Word (.docx)"), for the palette.
    pub fn path_label(self, s: &State) -> String {
        match self.place() {
            Some(Place {
                menu,
                submenu: Some(sub),
                ..
            }) => format!("{} ▸ {sub} ▸ {}", menu.title(), self.label(s)),
            Some(Place { menu, .. }) => format!("{} ▸ {}", menu.title(), self.label(s)),
            None => self.label(s),
        }
    }

    /// A tooltip that says more than the label.
    pub fn hint(self, s: &State) -> Option<&'static str> {
        match self {
            Action::ToggleJoinPdfLines => Some(
                "When importing PDFs, join the lines of each paragraph. Leave off for poems, transcripts and tables.",
            ),
            Action::ToggleBlind => Some(
                "Hides the codings other coders made, so a second coder is not led by the first. Lasts until the window closes; nothing in the project changes.",
            ),
            Action::ToggleReflow => Some(
                "Show single line breaks inside a paragraph as spaces, for text hard-wrapped by a PDF. The document itself does not change.",
            ),
            Action::ExportExcerpts(_) if s.show_retrieval => {
                Some("Exports what the retrieval panel shows.")
            }
            Action::ExportExcerpts(_) => Some("Exports every coding, grouped by code."),
            Action::ExportMemos(_) if s.show_memos => {
                Some("Exports the memos the memo panel lists, grouped by kind.")
            }
            Action::ExportMemos(_) => Some("Exports every memo, grouped by kind."),
            Action::RestoreSnapshot => Some(
                "Tamga keeps copies of each project taken when it is opened and every hour while you work. Restoring opens a copy beside the project; the project itself is never overwritten.",
            ),
            Action::CommandPalette => Some("Type to find and run any action."),
            Action::NewFromRefi => Some(
                "Opens a project exported by NVivo, ATLAS.ti, MAXQDA, QualCoder or another REFI-QDA program as a new Tamga project, and lists what could not come over.",
            ),
            Action::ImportRefi => Some(
                "Adds the documents, codes, codings and memos of a .qdpx project (or the codes of a .qdc codebook) to this project as one undoable step. Documents already here (same text) and codes with the same GUID or path are matched, never changed.",
            ),
            Action::Merge => Some(
                "Brings in what a colleague coded in their copy: new documents, codes, codings and memos with their coders and times, after a preview. A coding changed differently in both copies is listed as a conflict; yours is kept.",
            ),
            Action::SyncNow => Some(
                "Takes in what the team sent to the hub and sends your changes. Tamga also syncs every half minute while the hub answers; offline, your work is kept here.",
            ),
            Action::SyncConflicts => Some(
                "Rows changed here and on the hub since they last agreed: keep yours (it goes up with the next sync) or take the hub's. Each decision can be undone.",
            ),
            Action::ExportRefi(_) => Some(
                "Writes a file NVivo, ATLAS.ti, MAXQDA and QualCoder can import, and lists what it cannot carry.",
            ),
            Action::FindInProject => Some("Search every document and every memo."),
            Action::Disagreements => Some(
                "Lists the places where two coders differ, each with both versions side by side, to keep one coder's, keep both or write a consensus coding — each an undoable step recording who resolved it.",
            ),
            Action::PassagesLikeThese => Some(
                "For the code selected in the codebook: the uncoded passages most like those coded with it, with the words they share.",
            ),
            Action::Pseudonymise => Some(
                "Replaces a person's name, in its Kazakh and Russian forms, with a pseudonym in the documents and memos, keeping every coding on its words; a preview counts what it finds.",
            ),
            Action::ReplaceWithCorrected => Some(
                "Aligns a corrected version of this document's file with it and carries every coding to its words; a preview says how many stay on the same words, on changed words, or cannot be placed.",
            ),
            Action::EditText => Some(
                "Correct the transcript in place: typing, deleting and pasting change the text, and every coding stays on its words. Each change can be undone and is recorded.",
            ),
            _ => None,
        }
    }

    /// Whether it can run now.
    pub fn enabled(self, s: &State) -> bool {
        match self {
            Action::New
            | Action::Open
            | Action::Quit
            | Action::ChangeCoder
            | Action::CommandPalette
            | Action::Bigger
            | Action::Smaller
            | Action::ThemeLight
            | Action::ThemeDark
            | Action::ThemeSystem
            | Action::ToggleBlind
            | Action::ToggleReflow
            | Action::ToggleJoinPdfLines
            | Action::Shortcuts
            | Action::ShowLogFolder
            | Action::About => true,
            Action::OpenRecent(i) => usize::from(i) < s.recent.len(),
            Action::SaveCopy
            | Action::RestoreSnapshot
            | Action::Import
            | Action::ImportFolder
            | Action::CloseProject
            | Action::ToggleRetrieval
            | Action::ToggleAnalysis
            | Action::ToggleMemos
            | Action::FindInDocument
            | Action::FindInProject
            | Action::NextHit
            | Action::PreviousHit
            | Action::PassagesLikeThese
            | Action::Disagreements
            | Action::NextDisagreement
            | Action::PreviousDisagreement
            | Action::NewCode => s.project_open,
            Action::ExportExcerpts(_)
            | Action::ExportCodebook(_)
            | Action::ExportRefi(_)
            | Action::ExportMemos(_)
            | Action::ImportRefi
            | Action::Merge => s.project_open && !s.busy,
            Action::SyncNow | Action::SyncConflicts => s.project_open && s.hub,
            Action::NewFromRefi => !s.busy,
            Action::ExportDocument(_) => s.document_open && !s.busy,
            Action::ReplaceWithCorrected => s.document_open && !s.busy && !s.editing_text,
            Action::Pseudonymise => s.project_open && !s.busy && !s.editing_text,
            Action::Undo => s.undo.is_some(),
            Action::Redo | Action::RedoAlt => s.redo.is_some(),
            Action::QuickCode | Action::CodeInVivo => s.has_selection,
            Action::RemoveCoding
            | Action::GrowStart
            | Action::ShrinkStart
            | Action::ShrinkEnd
            | Action::GrowEnd => s.has_coding,
            Action::PreviousCoding | Action::NextCoding | Action::EditText => s.document_open,
            Action::Rename => s.has_code || s.document_open,
            Action::ApplyRecent(n) => s.has_selection && usize::from(n) <= s.recent_codes,
        }
    }

    /// Whether it shows in menus and the palette now (recent projects that exist).
    pub fn visible(self, s: &State) -> bool {
        match self {
            Action::OpenRecent(i) => usize::from(i) < s.recent.len(),
            // Only a working copy of a team hub syncs.
            Action::SyncNow | Action::SyncConflicts => s.hub,
            _ => true,
        }
    }

    /// A tick or a radio dot, for settings.
    pub fn check(self, s: &State) -> Check {
        match self {
            Action::ToggleRetrieval => Check::Toggle(s.show_retrieval),
            Action::ToggleMemos => Check::Toggle(s.show_memos),
            Action::ToggleReflow => Check::Toggle(s.reflow),
            Action::ToggleBlind => Check::Toggle(s.blind),
            Action::ToggleJoinPdfLines => Check::Toggle(s.join_pdf_lines),
            Action::ThemeLight => Check::Radio(s.dark == Some(false)),
            Action::ThemeDark => Check::Radio(s.dark == Some(true)),
            Action::ThemeSystem => Check::Radio(s.dark.is_none()),
            Action::EditText => Check::Toggle(s.editing_text),
            _ => Check::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_actions_share_a_key() {
        let mut seen: Vec<(KeyboardShortcut, Action)> = Vec::new();
        for action in Action::with_shortcuts() {
            let s = action.shortcut().unwrap();
            if let Some((_, other)) = seen.iter().find(|(k, _)| *k == s) {
                panic!("{action:?} and {other:?} share a key");
            }
            seen.push((s, action));
        }
    }

    #[test]
    fn every_action_is_reachable_from_a_menu_or_a_key() {
        for action in Action::all() {
            assert!(
                action.place().is_some() || action.shortcut().is_some(),
                "{action:?} cannot be reached"
            );
        }
    }
}
