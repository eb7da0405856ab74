//! The menu bar, drawn from the action table: each action in its menu, submenu and group, with
//! its shortcut, its tick, and disabled when it cannot run.

use super::actions::{Action, Check, Menu, State};
use super::{Command, Workbench};

/// One action as a menu item; a click queues it.
fn item(ui: &mut egui::Ui, action: Action, state: &State, out: &mut Vec<Command>) {
    let label = action.label(state);
    let enabled = action.enabled(state);
    let response = match action.check(state) {
        Check::Toggle(on) => {
            let mut on = on;
            ui.add_enabled(enabled, egui::Checkbox::new(&mut on, label))
        }
        Check::Radio(on) => ui.add_enabled(enabled, egui::RadioButton::new(on, label)),
        Check::None => {
            let mut button = egui::Button::new(label);
            if let Some(s) = action.shortcut() {
                button = button.shortcut_text(ui.ctx().format_shortcut(&s));
            }
            ui.add_enabled(enabled, button)
        }
    };
    let response = match action.hint(state) {
        Some(hint) => response.on_hover_text(hint),
        None => response,
    };
    if response.clicked() {
        out.push(Command::Action(action));
        ui.close();
    }
}

/// The items of one menu, with separators between groups and submenus for grouped actions.
fn menu_items(ui: &mut egui::Ui, menu: Menu, state: &State, out: &mut Vec<Command>) {
    let actions: Vec<Action> = Action::all()
        .into_iter()
        .filter(|a| a.place().is_some_and(|p| p.menu == menu))
        .collect();
    let mut last_group = None;
    let mut i = 0;
    while i < actions.len() {
        let Some(place) = actions[i].place() else {
            i += 1;
            continue;
        };
        if last_group.is_some_and(|g| g != place.group) {
            ui.separator();
        }
        last_group = Some(place.group);
        if let Some(submenu) = place.submenu {
            let members: Vec<Action> = actions[i..]
                .iter()
                .copied()
                .take_while(|a| a.place().is_some_and(|p| p.submenu == Some(submenu)))
                .collect();
            i += members.len();
            let any = members.iter().any(|a| a.visible(state) && a.enabled(state));
            ui.add_enabled_ui(any, |ui| {
                ui.menu_button(submenu, |ui| {
                    for action in members {
                        if action.visible(state) {
                            item(ui, action, state, out);
                        }
                    }
                });
            });
        } else {
            if actions[i].visible(state) {
                item(ui, actions[i], state, out);
            }
            i += 1;
        }
    }
}

impl Workbench {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let state = self.action_state();
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.title(), |ui| {
                    menu_items(ui, menu, &state, &mut self.commands);
                });
            }
        });
    }
}
