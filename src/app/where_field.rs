//! "Only where …": the field that restricts retrieval and the analysis views by attribute
//! values (`region=Ili; age>=40`, the CLI's `--where` conditions, separated by `;`) and by
//! cases (`case=Aigerim`, as the CLI's `--case`). Enter
//! applies it; the workbench parses it against the project's attributes and says what is
//! wrong, naming the condition, when it cannot.

use egui::Ui;

use crate::domain::{Attribute, Case};
use crate::retrieval::{Restriction, parse_condition};

/// Which panel a restriction is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhereFor {
    /// The retrieval tab.
    Retrieval,
    /// The analysis views.
    Analysis,
}

/// Parses `text` (conditions separated by `;`) against `attributes` and `cases`; empty text
/// restricts nothing. `case=NAME` keeps that case's text (unless an attribute is named
/// "case").
pub fn parse(attributes: &[Attribute], cases: &[Case], text: &str) -> Result<Restriction, String> {
    let mut restriction = Restriction::default();
    let case_attribute = attributes
        .iter()
        .any(|a| a.name.eq_ignore_ascii_case("case"));
    for c in text.split(';').map(str::trim).filter(|c| !c.is_empty()) {
        if !case_attribute
            && let Some((key, name)) = c.split_once('=')
            && key.trim().eq_ignore_ascii_case("case")
        {
            let name = name.trim();
            let case = cases
                .iter()
                .find(|k| k.name == name)
                .ok_or_else(|| format!("“{c}”: no case named “{name}”"))?;
            restriction.cases.push(case.id);
            continue;
        }
        restriction
            .conditions
            .push(parse_condition(attributes, c).map_err(|e| format!("“{c}”: {e}"))?);
    }
    Ok(restriction)
}

/// Draws the field; returns its text when Enter was pressed in it.
pub fn ui(ui: &mut Ui, text: &mut String, id: &str) -> Option<String> {
    ui.label("Only where");
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .id_salt(id)
            .hint_text("region=Ili; age>=40; case=…")
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
