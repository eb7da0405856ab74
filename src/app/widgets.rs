//! Small widgets shared by panels.

use egui::Ui;

/// `n` with its noun, singular for one: `1 coding`, `3 codings`.
pub fn counted(n: impl std::fmt::Display, singular: &str, plural: &str) -> String {
    let n = n.to_string();
    if n == "1" {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// What happened in a [`line_editor`] this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineEdit {
    /// Enter was pressed: commit the text.
    pub enter: bool,
    /// Escape was pressed or focus went elsewhere: drop the edit.
    pub cancel: bool,
}

/// A one-line text field with a visible label (its accessible name), taking the keyboard focus
/// when `focus` is set (which it then clears).
pub fn line_editor(ui: &mut Ui, label: &str, text: &mut String, focus: &mut bool) -> LineEdit {
    let response = ui
        .horizontal(|ui| {
            let label = ui.label(label);
            ui.add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
                .labelled_by(label.id)
        })
        .inner;
    if *focus {
        response.request_focus();
        *focus = false;
    }
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let cancel =
        ui.input(|i| i.key_pressed(egui::Key::Escape)) || (response.lost_focus() && !enter);
    LineEdit { enter, cancel }
}

/// What a filter field holds, lowered for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter(String);

impl Filter {
    /// Whether `text` holds every word typed (any case, any order).
    pub fn matches(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.0.split_whitespace().all(|w| text.contains(w))
    }
}

/// A labelled one-line filter at the top of a long list, focused when the list opens.
pub fn filter_field(ui: &mut Ui, label: &str, text: &mut String) -> Filter {
    let label = ui.label(label);
    let response = ui
        .add(
            egui::TextEdit::singleline(text)
                .hint_text("type to filter")
                .desired_width(240.0),
        )
        .labelled_by(label.id);
    if text.is_empty() && !response.has_focus() && ui.memory(|m| m.focused().is_none()) {
        response.request_focus();
    }
    Filter(text.to_lowercase())
}
