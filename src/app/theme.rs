//! Colours, spacing and fonts: the only place they are defined.

use egui::{Color32, FontFamily, FontId, Visuals};

/// Default reading font size in points.
pub const DEFAULT_FONT_SIZE: f32 = 15.0;
/// Smallest reading font size View ▸ Smaller text reaches, in points.
pub const MIN_FONT_SIZE: f32 = 11.0;
/// Largest reading font size View ▸ Larger text reaches, in points.
pub const MAX_FONT_SIZE: f32 = 26.0;
/// Reading line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.5;
/// The reading column's width, in multiples of the font size (≈ 75 characters).
pub const READING_WIDTH_EMS: f32 = 38.0;
/// Space between paragraphs, in multiples of the font size.
pub const PARAGRAPH_GAP_EMS: f32 = 0.9;
/// Width of one coding-stripe lane, and the gap between lanes.
pub const STRIPE_WIDTH: f32 = 4.0;
/// The gap between two coding-stripe lanes, in points.
pub const STRIPE_GAP: f32 = 2.0;
/// Lanes of the stripe gutter, always reserved; deeper overlaps are listed on hover.
pub const MAX_LANES: usize = 6;

/// How many stripe patterns tell coders apart (then they repeat).
pub const CODER_PATTERNS: usize = 4;

/// Paints a coding's stripe in `rect` with coder pattern `pattern` (see
/// `DocumentModel::coder_pattern`): 0 solid; 1 dashes; 2 dots; 3 long dashes with a gap, so
/// each coder's codings can be told apart without relying on colour.
pub fn paint_stripe(painter: &egui::Painter, rect: egui::Rect, color: Color32, pattern: usize) {
    let (on, off) = match pattern % CODER_PATTERNS {
        0 => {
            painter.rect_filled(rect, 1.5, color);
            return;
        }
        1 => (6.0, 3.0),
        2 => (2.5, 2.5),
        _ => (12.0, 3.0),
    };
    let mut y = rect.top();
    while y < rect.bottom() {
        let end = (y + on).min(rect.bottom());
        painter.rect_filled(
            egui::Rect::from_min_max(egui::pos2(rect.left(), y), egui::pos2(rect.right(), end)),
            1.0,
            color,
        );
        y = end + off;
    }
}

/// A short sample of coder pattern `pattern` for legends: a few characters that look like it.
pub fn pattern_sample(pattern: usize) -> &'static str {
    match pattern % CODER_PATTERNS {
        0 => "┃ solid",
        1 => "╏ dashed",
        2 => "┇ dotted",
        _ => "╽ long dashes",
    }
}
/// Width of the label column left of the stripes (code names), at most …
pub const STRIPE_LABEL_WIDTH: f32 = 120.0;
/// … and at least, below which the labels are hidden (the stripes name codes on hover).
pub const MIN_LABEL_WIDTH: f32 = 48.0;
/// The narrowest text column the margin gives way to, in multiples of the font size (≈ 48
/// characters).
pub const MIN_READING_WIDTH_EMS: f32 = 24.0;
/// Width of the paragraph-number column.
pub const PARAGRAPH_NUMBER_WIDTH: f32 = 40.0;
/// Side panels.
pub const LEFT_PANEL_WIDTH: f32 = 280.0;
/// Default width of the inspector on the right, in points (the user can drag it).
pub const INSPECTOR_WIDTH: f32 = 290.0;
/// Width of dialogs (narrower windows make them narrower).
pub const DIALOG_WIDTH: f32 = 520.0;
/// Default share of the left column the document list takes (the codebook has the rest).
pub const DOCUMENTS_SHARE: f32 = 0.4;

/// Width of the stripe gutter: every lane, reserved whether or not it is used, so the text
/// never moves when a coding is added.
pub fn stripe_gutter() -> f32 {
    MAX_LANES as f32 * (STRIPE_WIDTH + STRIPE_GAP)
}

/// The font for reading documents.
pub fn reading_font(size: f32) -> FontId {
    FontId::new(size, FontFamily::Proportional)
}

/// Small secondary text (counts, paragraph numbers, stripe labels).
pub fn small_font() -> FontId {
    FontId::new(11.5, FontFamily::Proportional)
}

/// Secondary text colour: counts, paragraph numbers.
pub fn secondary(visuals: &Visuals) -> Color32 {
    visuals.weak_text_color()
}

/// Parses a code's `#rrggbb`, falling back to grey.
pub fn code_color(hex: &str) -> Color32 {
    crate::domain::parse_color(hex).map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b))
}

/// The translucent wash behind a coded passage, in its code's colour. Overlapping codings
/// paint one over the other, so overlaps come out deeper. Light enough to read through in both
/// themes.
pub fn wash(color: Color32, dark: bool) -> Color32 {
    let alpha: u8 = if dark { 52 } else { 46 };
    Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), alpha)
}

/// The edge drawn around a wash where codings overlap, so each band shows where it begins and
/// ends.
pub fn wash_edge(color: Color32, dark: bool) -> Color32 {
    let alpha: u8 = if dark { 190 } else { 160 };
    Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), alpha)
}

/// Body text: the reading text and labels.
pub fn body_text(visuals: &Visuals) -> Color32 {
    visuals.text_color()
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Text in a code's colour (its name beside the stripes) that still reads at 4.5:1 on the
/// reading background: the colour, moved toward the body text until it does.
pub fn code_text(color: Color32, visuals: &Visuals) -> Color32 {
    let background = reading_background(visuals);
    let target = body_text(visuals);
    let mut c = color;
    for step in 1..=10 {
        if contrast(c, background) >= 4.5 {
            return c;
        }
        c = color.lerp_to_gamma(target, step as f32 / 10.0);
    }
    target
}

/// Selection fill in the document.
pub fn selection(visuals: &Visuals) -> Color32 {
    let c = visuals.selection.bg_fill;
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 110)
}

/// Outline around the selected coding.
pub fn selected_outline(visuals: &Visuals) -> egui::Stroke {
    egui::Stroke::new(1.5, visuals.strong_text_color())
}

/// Background of the reading area: a little warmer than panels in the light theme.
pub fn reading_background(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_gray(30)
    } else {
        Color32::from_rgb(252, 251, 248)
    }
}

/// The band under a search hit, in the reading view and the search results: amber, apart
/// from the codes' washes, light enough to read through in both themes.
pub fn search_hit(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(214, 168, 40, 78)
    } else {
        Color32::from_rgba_unmultiplied(255, 196, 0, 96)
    }
}

/// Colour for error notices.
pub fn error(visuals: &Visuals) -> Color32 {
    visuals.error_fg_color
}

/// Applies Tamga's look to the context: spacing and text sizes.
pub fn apply(ctx: &egui::Context, dark: Option<bool>) {
    match dark {
        Some(true) => ctx.set_theme(egui::Theme::Dark),
        Some(false) => ctx.set_theme(egui::Theme::Light),
        None => ctx.set_theme(egui::ThemePreference::System),
    }
    ctx.all_styles_mut(|style| {
        // Text that meets WCAG AA (4.5:1) on every background of the window, in both themes.
        let dark = style.visuals.dark_mode;
        let (body, weak, strong) = if dark {
            (
                Color32::from_gray(206),
                Color32::from_gray(160),
                Color32::from_gray(240),
            )
        } else {
            (
                Color32::from_gray(40),
                Color32::from_gray(92),
                Color32::BLACK,
            )
        };
        style.visuals.widgets.noninteractive.fg_stroke.color = body;
        style.visuals.widgets.inactive.fg_stroke.color = body;
        style.visuals.widgets.active.fg_stroke.color = strong;
        style.visuals.weak_text_color = Some(weak);
        style.visuals.error_fg_color = if dark {
            Color32::from_rgb(255, 110, 100)
        } else {
            Color32::from_rgb(180, 0, 0)
        };
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 22.0;
        for (text_style, size) in [
            (egui::TextStyle::Body, 13.5),
            (egui::TextStyle::Button, 13.5),
            (egui::TextStyle::Small, 11.5),
            (egui::TextStyle::Heading, 16.0),
        ] {
            if let Some(font) = style.text_styles.get_mut(&text_style) {
                font.size = size;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window's visuals in one theme, as [`apply`] sets them.
    fn visuals(dark: bool) -> Visuals {
        let ctx = egui::Context::default();
        apply(&ctx, Some(dark));
        ctx.style_of(if dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        })
        .visuals
        .clone()
    }

    #[test]
    fn contrast_is_computed_as_wcag_defines_it() {
        // Published pairs: black on white is 21:1, #777 on white is 4.48:1.
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::from_gray(0x77), Color32::WHITE) - 4.48).abs() < 0.01);
    }

    #[test]
    fn every_text_colour_meets_wcag_aa_on_every_background_in_both_themes() {
        for dark in [false, true] {
            let v = visuals(dark);
            let backgrounds = [
                ("reading", reading_background(&v)),
                ("panel", v.panel_fill),
                ("window", v.window_fill),
                ("text field", v.extreme_bg_color),
                ("button", v.widgets.inactive.weak_bg_fill),
            ];
            let mut texts = vec![
                ("body", body_text(&v)),
                ("secondary (¶ numbers, counts, hints)", secondary(&v)),
                ("strong", v.strong_text_color()),
                ("button", v.widgets.inactive.text_color()),
                ("error", error(&v)),
            ];
            for hex in crate::domain::PALETTE {
                texts.push(("code name", code_text(code_color(hex), &v)));
            }
            for (bg_name, bg) in backgrounds {
                for (name, text) in &texts {
                    if *name == "code name" && bg_name != "reading" {
                        continue;
                    }
                    let ratio = contrast(*text, bg);
                    assert!(
                        ratio >= 4.5,
                        "{} theme: {name} {text:?} on {bg_name} {bg:?} is {ratio:.2}:1",
                        if dark { "dark" } else { "light" }
                    );
                }
            }
        }
    }
}
