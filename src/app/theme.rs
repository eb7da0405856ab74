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
/// Most lanes drawn; deeper overlaps are listed on hover.
pub const MAX_LANES: usize = 8;
/// Width of the label column left of the stripes (code names).
pub const STRIPE_LABEL_WIDTH: f32 = 120.0;
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

/// The translucent wash behind a passage coded `depth` times (deeper where codings overlap),
/// in the colour of the innermost code. Light enough to read through in both themes.
pub fn wash(color: Color32, depth: usize, dark: bool) -> Color32 {
    let base: u8 = if dark { 46 } else { 40 };
    let step: u8 = if dark { 26 } else { 22 };
    let alpha = base.saturating_add(step.saturating_mul(depth.saturating_sub(1).min(4) as u8));
    Color32::from_rgba_unmultiplied(color.r(), color.g(), color.b(), alpha)
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
