//! "Only where …": the field that restricts retrieval and the analysis views by attribute
//! values (`region=Ili; age>=40`, the CLI's `--where` conditions, separated by `;`). Enter
//! applies it; the workbench parses it against the project's attributes and says what is
//! wrong, naming the condition, when it cannot.

use egui::Ui;

use crate::domain::Attribute;
use crate::retrieval::{Restriction, parse_condition};

/// Which panel a restriction is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhereFor {
    /// The retrieval tab.
    Retrieval,
    /// The analysis views.
    Analysis,
}

/// Parses `text` (conditions separated by `;`) against `attributes`; empty text restricts
/// nothing.
pub fn parse(attributes: &[Attribute], text: &str) -> Result<Restriction, String> {
    let conditions = text
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| parse_condition(attributes, c).map_err(|e| format!("“{c}”: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Restriction {
        conditions,
        cases: Vec::new(),
    })
}

/// Draws the field; returns its text when Enter was pressed in it.
pub fn ui(ui: &mut Ui, text: &mut String, id: &str) -> Option<String> {
    ui.label("Only where");
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .id_salt(id)
            .hint_text("region=Ili; age>=40")
            .desired_width(170.0),
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::TextInput,
            true,
            "Only where (attribute conditions)",
        )
    });
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    entered.then(|| text.clone())
}
