//! A code's definition card in the inspector: description, when to use, when not to use and an
//! anchor example, each typed through the deferred write path (a burst of typing is one write,
//! one undo step and one history entry); the memos on the code; and the code's history —
//! every rename, move, merge, split and definition change, with when, who and why.

use egui::Ui;

use super::{Command, theme};
use crate::domain::{CodeChange, CodeField, CodeId, Edit, MemoTarget};
use crate::project::{CodebookEntry, Project};

/// The card's state: the text of each field as typed, and the history and memos read for the
/// codebook version they were read at.
#[derive(Debug, Default)]
pub struct CodeCardUi {
    fields: Option<(CodeId, [String; 4])>,
    read: Option<Read>,
}

/// What the card read from the project: the code, the codebook and memo versions it was read
/// at, the history entries with their coders' names, and the memos on the code (title, text).
#[derive(Debug)]
struct Read {
    code: CodeId,
    versions: (u64, u64),
    history: Vec<(CodeChange, String)>,
    memos: Vec<(String, String)>,
}

/// The undo step key of a card field's typing.
fn burst_key(id: CodeId, field: CodeField) -> String {
    format!("card-{}-{}", id.0, field.name())
}

impl CodeCardUi {
    fn read(&mut self, project: &Project, entry: &CodebookEntry, versions: (u64, u64)) {
        let id = entry.code.id;
        if self
            .read
            .as_ref()
            .is_some_and(|r| r.code == id && r.versions == versions)
        {
            return;
        }
        let store = project.store();
        let coders: std::collections::HashMap<_, _> = store
            .coders()
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let history = store
            .code_history(Some(&entry.code.guid))
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let who = c
                    .coder
                    .and_then(|k| coders.get(&k).cloned())
                    .unwrap_or_default();
                (c, who)
            })
            .collect();
        let memos = store
            .memos_on(MemoTarget::Code(id))
            .unwrap_or_default()
            .into_iter()
            .map(|m| (m.title, m.body))
            .collect();
        self.read = Some(Read {
            code: id,
            versions,
            history,
            memos,
        });
    }

    /// Draws the card of `entry`. `versions` are the codebook's and the memos' data versions.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        entry: &CodebookEntry,
        project: Option<&Project>,
        versions: (u64, u64),
        out: &mut Vec<Command>,
    ) {
        let id = entry.code.id;
        if self.fields.as_ref().is_none_or(|(c, _)| *c != id) {
            self.fields = Some((id, CodeField::ALL.map(|f| f.of(&entry.code).to_owned())));
        }
        if let Some(project) = project {
            self.read(project, entry, versions);
        }
        ui.add_space(6.0);
        ui.label(egui::RichText::new("Definition").strong());
        if let Some((_, texts)) = &mut self.fields {
            for (field, text) in CodeField::ALL.into_iter().zip(texts.iter_mut()) {
                let label = ui.label(field.label());
                let hint = match field {
                    CodeField::Description => "What does this code mean?",
                    CodeField::WhenToUse => "Apply it when…",
                    CodeField::WhenNotToUse => "Do not apply it when… (use … instead)",
                    CodeField::Example => "A typical passage",
                };
                let rows = if field == CodeField::Description {
                    3
                } else {
                    2
                };
                let response = super::memo_text::add_editor(ui, text, rows, hint, label.id);
                if response.changed() {
                    out.push(Command::EditMerging(
                        Edit::DefineCode {
                            id,
                            field,
                            text: text.clone(),
                        },
                        burst_key(id, field),
                    ));
                } else if !response.has_focus() && text != field.of(&entry.code) {
                    field.of(&entry.code).clone_into(text);
                }
            }
        }
        let Some(Read { history, memos, .. }) = &self.read else {
            return;
        };
        if !memos.is_empty() {
            ui.add_space(6.0);
            ui.label(egui::RichText::new("Memos on this code").strong());
            for (title, body) in memos {
                if !title.trim().is_empty() {
                    ui.label(egui::RichText::new(title.trim()).italics());
                }
                super::memo_text::show(ui, body);
            }
        }
        ui.add_space(6.0);
        ui.label(egui::RichText::new("History").strong());
        let weak = theme::secondary(ui.visuals());
        if history.is_empty() {
            ui.label(
                egui::RichText::new(
                    "Not renamed, moved, merged, split or defined since Tamga began keeping its history.",
                )
                .color(weak),
            );
        }
        for (change, who) in history.iter().rev() {
            let when = change.at.get(..10).unwrap_or(&change.at);
            let by = if who.is_empty() {
                String::new()
            } else {
                format!(" · {who}")
            };
            ui.label(
                egui::RichText::new(format!("{when}{by}"))
                    .color(weak)
                    .small(),
            );
            super::memo_text::show(ui, &change.summary());
            if !change.reason.is_empty() {
                ui.label(egui::RichText::new(format!("Why: {}", change.reason)).italics());
            }
        }
    }
}
