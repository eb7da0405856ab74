//! The attributes table (a view of the Analysis tab): documents — or cases — × their
//! attributes, like a spreadsheet. Click a cell, or move with the arrow keys, Tab and Shift+Tab;
//! Enter (or typing) edits it, Enter keeps the value and goes down, Escape leaves it as it was,
//! Delete clears it. A new attribute is defined with its type above the table. Every change
//! is one `Edit` (`SetValues`, `DefineAttribute`), undoable; a value that does not fit its
//! attribute's type is refused by the store with the reason, and nothing changes.

use egui::{Key, RichText, Ui};

use super::{Command, theme};
pub use crate::analysis::attribute_table::AttributeGrid;
use crate::domain::{AttributeKind, AttributeScope, Edit, ValueChange};

/// A change waiting for the researcher's yes: an imported table checked against the project,
/// or the cases "by speaker" would make — each with the one edit that applies it.
#[derive(Debug, Clone)]
pub enum Pending {
    /// A table of attribute values read from a file.
    Import {
        /// The file's name.
        file: String,
        /// What was found, in words.
        report: String,
        /// Whether every row matched and every value fitted.
        clean: bool,
        /// How many values would change.
        changes: usize,
        /// The edit, when the table is clean and something changes.
        edit: Option<Edit>,
    },
    /// Cases by speaker from `Name:` turns.
    Speakers {
        /// Each case with its counts, in words.
        lines: Vec<String>,
        /// The edit, when there is something to create.
        edit: Option<Edit>,
    },
}

/// The types a new attribute can have, as the form names them.
const KINDS: [&str; 5] = ["text", "number", "date", "yes/no", "one of a list"];

/// Where the table stands: the cursor, the cell being edited, the new-attribute form.
#[derive(Debug, Default)]
pub struct AttributeEditor {
    /// Documents or cases.
    pub scope: AttributeScope,
    /// The current cell (row, column).
    pub cursor: (usize, usize),
    /// The text of the cell being edited.
    pub editing: Option<String>,
    /// Give the keyboard to the current cell next frame.
    focus: bool,
    /// Whether a cell had the keyboard last frame: bare-key shortcuts (Delete, 1–9, F8) are
    /// left to the table then, as they are to a text field.
    pub has_keyboard: bool,
    new_name: String,
    new_kind: usize,
    new_choices: String,
    /// An import or cases by speaker, previewed, waiting for Apply.
    pub pending: Option<Pending>,
}

impl AttributeEditor {
    /// The edit that sets the current cell to `text` (cleared when blank).
    fn set(&self, grid: &AttributeGrid, text: &str) -> Option<Edit> {
        let (row, column) = self.cursor;
        let owner = grid.owners.get(row)?.0;
        let attribute = grid.attributes.get(column)?.id;
        let value = Some(text.trim().to_owned()).filter(|v| !v.is_empty());
        if value.as_deref().unwrap_or("") == grid.value(row, column) {
            return None;
        }
        Some(Edit::SetValues(vec![ValueChange {
            owner,
            attribute,
            value,
        }]))
    }

    /// The form that defines a new attribute.
    fn define_ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            ui.label("New attribute:");
            ui.add(
                egui::TextEdit::singleline(&mut self.new_name)
                    .hint_text("name")
                    .desired_width(140.0),
            )
            .on_hover_text("The new attribute's name");
            egui::ComboBox::from_label("type")
                .selected_text(KINDS[self.new_kind])
                .show_ui(ui, |ui| {
                    for (i, k) in KINDS.iter().enumerate() {
                        ui.selectable_value(&mut self.new_kind, i, *k);
                    }
                });
            if self.new_kind == 4 {
                ui.add(
                    egui::TextEdit::singleline(&mut self.new_choices)
                        .hint_text("values, separated by commas")
                        .desired_width(200.0),
                )
                .on_hover_text("The values it can take, separated by commas");
            }
            let name = self.new_name.trim();
            if ui
                .add_enabled(!name.is_empty(), egui::Button::new("Add attribute"))
                .clicked()
            {
                let kind = match self.new_kind {
                    1 => AttributeKind::Number,
                    2 => AttributeKind::Date,
                    3 => AttributeKind::YesNo,
                    4 => AttributeKind::Choice(
                        self.new_choices
                            .split(',')
                            .map(str::trim)
                            .filter(|c| !c.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    ),
                    _ => AttributeKind::Text,
                };
                out.push(Command::Edit(Edit::DefineAttribute {
                    scope: self.scope,
                    name: name.to_owned(),
                    kind,
                }));
                self.new_name.clear();
                self.new_choices.clear();
            }
        });
    }

    /// Moves the cursor by `(rows, columns)` within the grid.
    fn step(&mut self, grid: &AttributeGrid, rows: isize, columns: isize) {
        let clamp = |v: usize, d: isize, n: usize| -> usize {
            v.saturating_add_signed(d).min(n.saturating_sub(1))
        };
        self.cursor = (
            clamp(self.cursor.0, rows, grid.owners.len()),
            clamp(self.cursor.1, columns, grid.attributes.len()),
        );
        self.focus = true;
    }

    /// The preview of an import or of cases by speaker, with Apply and Dismiss.
    fn pending_ui(&mut self, ui: &mut Ui, out: &mut Vec<Command>) {
        let Some(pending) = &self.pending else {
            return;
        };
        let mut close = false;
        egui::Frame::group(ui.style()).show(ui, |ui| match pending {
            Pending::Import {
                file,
                report,
                clean,
                changes,
                edit,
            } => {
                ui.strong(format!("Importing “{file}”"));
                ui.label(report.trim_end());
                if !clean {
                    ui.colored_label(
                        theme::error(ui.visuals()),
                        "Nothing was changed: mend the table (or define the missing attributes) and import it again.",
                    );
                }
                ui.horizontal(|ui| {
                    if let Some(edit) = edit
                        && ui
                            .button(format!(
                                "Apply {}",
                                super::widgets::counted(*changes, "change", "changes")
                            ))
                            .clicked()
                    {
                        out.push(Command::Edit(edit.clone()));
                        close = true;
                    }
                    close |= ui.button("Dismiss").clicked();
                });
            }
            Pending::Speakers { lines, edit } => {
                ui.strong("Cases by speaker, from “Name:” at the start of a paragraph");
                if lines.is_empty() {
                    ui.label("No speaker turns found, or every turn is in its speaker's case already.");
                }
                for line in lines {
                    ui.label(line);
                }
                ui.horizontal(|ui| {
                    if let Some(edit) = edit
                        && ui.button("Create these cases").clicked()
                    {
                        out.push(Command::Edit(edit.clone()));
                        close = true;
                    }
                    close |= ui.button("Dismiss").clicked();
                });
            }
        });
        if close {
            self.pending = None;
        }
    }

    /// Draws the table; edits go to `out`.
    pub fn ui(&mut self, ui: &mut Ui, grid: &AttributeGrid, out: &mut Vec<Command>) {
        self.define_ui(ui, out);
        ui.horizontal(|ui| {
            if ui
                .button("Import a table…")
                .on_hover_text(format!(
                    "Values from a CSV or XLSX file: a header of attribute names, then a row per {} named in the first column. Checked first; nothing changes unless every row fits.",
                    grid.scope.noun()
                ))
                .clicked()
            {
                out.push(Command::ImportAttributes(grid.scope));
            }
            if grid.scope == AttributeScope::Cases
                && ui
                    .button("Cases by speaker…")
                    .on_hover_text("A case per speaker of the transcripts (“Name:” at the start of a paragraph), previewed first")
                    .clicked()
            {
                out.push(Command::PreviewSpeakers);
            }
        });
        self.pending_ui(ui, out);
        if grid.attributes.is_empty() {
            self.has_keyboard = false;
            ui.label(
                RichText::new(format!(
                    "No {} attributes yet: add one above, or import a table (tamga attributes FILE --import table.csv).",
                    grid.scope.noun()
                ))
                .color(theme::secondary(ui.visuals())),
            );
            return;
        }
        if grid.owners.is_empty() {
            self.has_keyboard = false;
            return;
        }
        self.cursor.0 = self.cursor.0.min(grid.owners.len() - 1);
        self.cursor.1 = self.cursor.1.min(grid.attributes.len() - 1);
        let mut cursor_focused = false;
        // How editing ended this frame: the key that ended it (or none: clicked away).
        let mut ended: Option<Option<Key>> = None;
        egui::ScrollArea::both()
            .id_salt("attribute-table")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("attributes")
                    .striped(true)
                    .min_col_width(90.0)
                    .show(ui, |ui| {
                        ui.strong(grid.scope.noun());
                        for a in &grid.attributes {
                            ui.strong(&a.name).on_hover_text(a.kind.name());
                        }
                        ui.end_row();
                        for (row, (_, name)) in grid.owners.iter().enumerate() {
                            // Long names are cut so the attributes stay in view.
                            ui.add_sized(
                                [260.0, ui.spacing().interact_size.y],
                                egui::Label::new(name.as_str()).truncate(),
                            )
                            .on_hover_text(name.as_str());
                            for column in 0..grid.attributes.len() {
                                let here = self.cursor == (row, column);
                                if here && let Some(text) = &mut self.editing {
                                    let edit = ui
                                        .add(egui::TextEdit::singleline(text).desired_width(120.0));
                                    let label =
                                        format!("{} of {name}", grid.attributes[column].name);
                                    edit.widget_info(|| {
                                        egui::WidgetInfo::labeled(
                                            egui::Role::TextInput,
                                            true,
                                            &label,
                                        )
                                    });
                                    if self.focus {
                                        edit.request_focus();
                                        self.focus = false;
                                    } else if edit.lost_focus() {
                                        ended = Some(ui.input(|i| {
                                            [Key::Enter, Key::Tab, Key::Escape]
                                                .into_iter()
                                                .find(|k| i.key_pressed(*k))
                                        }));
                                    }
                                    cursor_focused |= edit.has_focus();
                                    continue;
                                }
                                let value = grid.value(row, column);
                                let response = ui.add(
                                    egui::Button::selectable(here, value)
                                        .min_size(egui::vec2(90.0, 0.0)),
                                );
                                let label = format!(
                                    "{} of {name}: {}",
                                    grid.attributes[column].name,
                                    if value.is_empty() { "none" } else { value }
                                );
                                response.widget_info(|| {
                                    egui::WidgetInfo::labeled(egui::Role::Cell, true, &label)
                                });
                                if here && self.focus {
                                    response.request_focus();
                                    self.focus = false;
                                }
                                if response.clicked() {
                                    self.cursor = (row, column);
                                    self.focus = true;
                                }
                                if response.double_clicked() {
                                    self.editing = Some(value.to_owned());
                                    self.focus = true;
                                }
                                cursor_focused |= here && response.has_focus();
                            }
                            ui.end_row();
                        }
                    });
            });
        if let Some(how) = ended
            && let Some(text) = self.editing.take()
        {
            // Escape leaves the value as it was; anything else keeps what was typed.
            if how != Some(Key::Escape) {
                out.extend(self.set(grid, &text).map(Command::Edit));
            }
            match how {
                Some(Key::Enter) => self.step(grid, 1, 0),
                Some(Key::Tab) => self.step(grid, 0, 1),
                Some(_) => self.focus = true,
                None => {}
            }
        }
        self.has_keyboard = cursor_focused;
        if !cursor_focused {
            return;
        }
        // Keys act on the cell that has the keyboard.
        let pressed = |ui: &Ui, key: Key, shift: bool| {
            ui.input_mut(|i| {
                i.consume_key(
                    if shift {
                        egui::Modifiers::SHIFT
                    } else {
                        egui::Modifiers::NONE
                    },
                    key,
                )
            })
        };
        if self.editing.is_some() {
            return;
        }
        if pressed(ui, Key::ArrowDown, false) {
            self.step(grid, 1, 0);
        } else if pressed(ui, Key::ArrowUp, false) {
            self.step(grid, -1, 0);
        } else if pressed(ui, Key::ArrowRight, false) || pressed(ui, Key::Tab, false) {
            self.step(grid, 0, 1);
        } else if pressed(ui, Key::ArrowLeft, false) || pressed(ui, Key::Tab, true) {
            self.step(grid, 0, -1);
        } else if pressed(ui, Key::Enter, false) {
            self.editing = Some(grid.value(self.cursor.0, self.cursor.1).to_owned());
            self.focus = true;
        } else if pressed(ui, Key::Delete, false) || pressed(ui, Key::Backspace, false) {
            out.extend(self.set(grid, "").map(Command::Edit));
        } else {
            // Typing starts editing with what was typed.
            let typed: String = ui.input(|i| {
                i.events
                    .iter()
                    .filter_map(|e| match e {
                        egui::Event::Text(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect()
            });
            if !typed.is_empty() {
                self.editing = Some(typed);
                self.focus = true;
            }
        }
    }
}
