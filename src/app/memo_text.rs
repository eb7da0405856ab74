//! Memo text in the window: rendered with its emphasis where it is read (`*italic*` in italics,
//! `**bold**` in the strong text colour, egui's fonts having no bold face), and plain while it
//! is typed, its emphasis shown but its asterisks kept, dimmed.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Galley, Ui};

use super::bidi_label::{BidiLabel, Fit};
use super::theme;
use crate::bidi::Direction;

fn format(ui: &Ui, bold: bool, italic: bool) -> TextFormat {
    let visuals = ui.visuals();
    TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: if bold {
            visuals.strong_text_color()
        } else {
            visuals.text_color()
        },
        italics: italic,
        ..Default::default()
    }
}

/// The text as it reads: emphasis shown, markers gone.
pub fn rendered(ui: &Ui, text: &str) -> LayoutJob {
    let mut job = LayoutJob::default();
    for span in crate::memos::emphasis(text) {
        job.append(span.text, 0.0, format(ui, span.bold, span.italic));
    }
    job.wrap.max_width = ui.available_width();
    job
}

/// A label showing the text as it reads, wrapped to the space there is, each paragraph in its
/// own direction (Arabic-script memos read right to left).
pub fn show(ui: &mut Ui, text: &str) -> egui::Response {
    let job = rendered(ui, text);
    BidiLabel::new(job, Direction::Auto, Fit::Fill).show(ui)
}

/// The text as it is typed: every character kept, emphasis shown, the asterisks dimmed.
pub fn typed(ui: &Ui, text: &str) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut at = 0;
    let mut marker = format(ui, false, false);
    marker.color = theme::secondary(ui.visuals());
    for span in crate::memos::emphasis(text) {
        // Spans are slices of `text`: what lies between them is markers.
        let start = span.text.as_ptr() as usize - text.as_ptr() as usize;
        if start > at {
            job.append(&text[at..start], 0.0, marker.clone());
        }
        job.append(span.text, 0.0, format(ui, span.bold, span.italic));
        at = start + span.text.len();
    }
    if at < text.len() {
        job.append(&text[at..], 0.0, marker);
    }
    job
}

/// Adds a multi-line memo editor labelled by `label` to `ui`.
pub fn add_editor(
    ui: &mut Ui,
    text: &mut String,
    rows: usize,
    hint: &str,
    label: egui::Id,
) -> egui::Response {
    let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, width: f32| -> Arc<Galley> {
        let mut job = typed(ui, buf.as_str());
        job.wrap.max_width = width;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(rows)
            .desired_width(f32::INFINITY)
            .hint_text(hint)
            .layouter(&mut layouter),
    )
    .labelled_by(label)
}
