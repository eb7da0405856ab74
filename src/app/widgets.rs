//! Small widgets shared by panels.

use egui::Ui;

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
