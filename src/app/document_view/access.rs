//! What a screen reader is told about the reading view: each visible paragraph as a paragraph
//! node with its number and text, and each coded passage in it as a node naming its codes and
//! its words, placed over the passage's first part. Text is given in logical order (as stored),
//! which is what a screen reader reads out, whatever the direction on screen. The nodes only
//! sense hover, so they never take a click or a drag from the text.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{Id, Pos2, Rect, Sense, Ui};

use crate::app::paragraph_layout::ParagraphLayout;
use crate::app::view_models::DocumentModel;
use crate::domain::TextRange;
use crate::text;

/// Adds the accessibility nodes of the paragraphs drawn this frame.
pub(super) fn describe(
    ui: &mut Ui,
    model: &DocumentModel,
    drawn: &[(usize, Pos2)],
    layouts: &HashMap<usize, Arc<ParagraphLayout>>,
) {
    for &(i, origin) in drawn {
        let Some(layout) = layouts.get(&i) else {
            continue;
        };
        let rect = Rect::from_min_size(origin, layout.size());
        let text = model.paragraph_text(i);
        let response = ui.interact(
            rect,
            Id::unique(("paragraph", model.id.0, i)),
            Sense::hover(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Paragraph, true, format!("¶{} {text}", i + 1))
        });
        let para = model.paragraphs[i];
        for &ci in &model.by_paragraph[i] {
            let c = &model.codings[ci];
            if c.range.start < para.range.start {
                continue;
            }
            let codes: Vec<&str> = model
                .codings_at(c.range.start)
                .iter()
                .filter(|o| o.range == c.range)
                .filter_map(|o| model.looks.get(&o.code).map(|l| l.path.as_str()))
                .collect();
            if codes.first().copied() != model.looks.get(&c.code).map(|l| l.path.as_str()) {
                // Codings on exactly the same words are told once, with all their codes.
                continue;
            }
            // Sliced from the paragraph's start, not the document's: work in proportion to
            // the passage, whichever paragraph of a long document it is in.
            let from_paragraph = TextRange::new(
                c.range.start - para.range.start,
                c.range.end - para.range.start,
            );
            let words =
                text::slice_chars(&model.text[para.bytes.0..], from_paragraph).unwrap_or_default();
            let id = Id::unique(("coded passage", model.id.0, c.id.0));
            let local = c.range.start - para.range.start
                ..c.range.end.min(para.range.end) - para.range.start;
            let place = layout
                .rects(local)
                .first()
                .map_or(rect, |r| r.translate(origin.to_vec2()));
            let r = ui.interact(place, id, Sense::hover());
            r.widget_info(|| {
                let label = format!("Coded {}: {words}", codes.join(", "));
                egui::WidgetInfo::labeled(egui::Role::Mark, true, label)
            });
        }
    }
}
