//! The disagreement navigator (issue 13): two coders' codings compared place by place, F8
//! stepping through them in the reading view, and resolutions — keep both, keep one coder's, a
//! consensus coding — each one undoable step recording who resolved it.

use tamga::domain::{CodeId, DocumentId, Edit};

use super::*;

/// The fixture (Aigerim coded "тарихи отан" with Modernity) plus Ruslan's codings: the same
/// passage with the same code (agreement), "Біз Моңғолиядан келдік" with Belonging where
/// Aigerim coded only "Моңғолиядан келдік" (boundaries), and the second paragraph with
/// citizenship where Aigerim coded nothing.
fn two_coders() -> (Fixture, DocumentId, CodeId, [TextRange; 3]) {
    let mut f = fixture();
    let project = f.harness.state_mut().project.as_mut().unwrap();
    let doc = project
        .store()
        .document_by_name("interview")
        .unwrap()
        .unwrap();
    let code = |p: &Project, path: &str| p.find_code_path(path).unwrap().unwrap();
    let (modernity, belonging, citizenship) = (
        code(project, "Modernity"),
        code(project, "Belonging"),
        code(project, "Belonging/citizenship"),
    );
    let ruslans = text::find_occurrence(TEXT, "Біз Моңғолиядан келдік", 1).unwrap();
    let aigerims = text::find_occurrence(TEXT, "Моңғолиядан келдік", 1).unwrap();
    let only_ruslan = text::find_occurrence(TEXT, "A second paragraph", 1).unwrap();
    for (coder, code, range) in [
        (
            "Ruslan",
            modernity,
            text::find_occurrence(TEXT, "тарихи отан", 1).unwrap(),
        ),
        ("Ruslan", belonging, ruslans),
        ("Aigerim", belonging, aigerims),
        ("Ruslan", citizenship, only_ruslan),
    ] {
        project
            .execute(Edit::ApplyCoding {
                document: doc,
                code,
                range,
                coder: coder.into(),
                memo: String::new(),
            })
            .unwrap();
    }
    f.harness.run();
    (f, doc, belonging, [aigerims, ruslans, only_ruslan])
}

fn settle_analysis(harness: &mut Harness<'static, Workbench>) {
    harness.step();
    harness.state_mut().analysis_ui.wait();
    harness.run();
    harness.state_mut().analysis_ui.wait();
    harness.run();
}

fn resolutions(h: &Harness<'_, Workbench>) -> Vec<(String, String)> {
    h.state()
        .project
        .as_ref()
        .unwrap()
        .store()
        .resolutions()
        .unwrap()
        .into_iter()
        .map(|r| (r.outcome.as_str().to_owned(), r.coder))
        .collect()
}

#[test]
fn the_navigator_steps_through_disagreements_and_a_keep_both_resolution_is_undoable() {
    let (Fixture { _dir, mut harness }, _doc, _belonging, [aigerims, ruslans, only_ruslan]) =
        two_coders();
    // Codes ▸ Disagreements between coders… opens the navigator on the two coders.
    harness.get_by_label("Codes").click();
    harness.run();
    harness
        .get_by_label("Disagreements between coders…")
        .click();
    settle_analysis(&mut harness);
    harness.get_by_label("2 places where Aigerim and Ruslan differ");

    // F8 steps to each place and shows it in the reading view; Shift+F8 steps back.
    let extent = TextRange::new(ruslans.start, aigerims.end);
    harness.key_press(Key::F8);
    settle_analysis(&mut harness);
    assert_eq!(harness.state().view.selected_range(), Some(extent));
    // Both versions side by side: Aigerim's shorter passage and Ruslan's longer one.
    harness.get_by_label("interview · different boundaries");
    harness.get_by_label("“Моңғолиядан келдік”");
    // Ruslan's, in the navigator and in the inspector (the reading view selected his coding).
    assert_eq!(
        harness.get_all_by_label("“Біз Моңғолиядан келдік”").count(),
        2
    );
    harness.key_press(Key::F8);
    settle_analysis(&mut harness);
    assert_eq!(harness.state().view.selected_range(), Some(only_ruslan));
    harness.get_by_label("interview · only Ruslan coded");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::F8);
    settle_analysis(&mut harness);
    assert_eq!(harness.state().view.selected_range(), Some(extent));

    // Keep both (the boundaries place): nothing coded changes, the place is recorded as
    // resolved by Aigerim.
    let before = codings(&harness);
    harness.get_by_label("Keep both").click();
    settle_analysis(&mut harness);
    assert_eq!(codings(&harness), before);
    assert_eq!(
        resolutions(&harness),
        [("keep_both".to_owned(), "Aigerim".to_owned())]
    );
    harness.get_by_label("1 place where Aigerim and Ruslan differ · 1 resolved");

    // Undo takes the resolution back: the place is listed again.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle_analysis(&mut harness);
    assert!(resolutions(&harness).is_empty());
    harness.get_by_label("2 places where Aigerim and Ruslan differ");
    assert_eq!(codings(&harness), before);
    // Redo puts it back.
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    settle_analysis(&mut harness);
    assert_eq!(resolutions(&harness).len(), 1);
    harness.get_by_label("1 place where Aigerim and Ruslan differ · 1 resolved");
}

#[test]
fn keeping_one_coders_version_removes_the_others_and_a_consensus_replaces_both() {
    let (Fixture { _dir, mut harness }, _doc, belonging, [aigerims, ruslans, _]) = two_coders();
    // The first F8 opens the navigator, the second goes to the first place (document order):
    // the boundaries place. Keep Ruslan's.
    harness.key_press(Key::F8);
    settle_analysis(&mut harness);
    harness.key_press(Key::F8);
    settle_analysis(&mut harness);
    harness.get_by_label("Keep Ruslan's").click();
    settle_analysis(&mut harness);
    let belonging_ranges = |h: &Harness<'_, Workbench>| -> Vec<(TextRange, String)> {
        let names: std::collections::HashMap<_, _> = h
            .state()
            .project
            .as_ref()
            .unwrap()
            .store()
            .coders()
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        codings(h)
            .into_iter()
            .filter(|c| c.code == belonging)
            .map(|c| (c.range, names[&c.coder].clone()))
            .collect()
    };
    assert_eq!(belonging_ranges(&harness), [(ruslans, "Ruslan".to_owned())]);
    harness.get_by_label("1 place where Aigerim and Ruslan differ · 1 resolved");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle_analysis(&mut harness);
    let mut both = belonging_ranges(&harness);
    both.sort();
    assert_eq!(
        both,
        [
            (ruslans, "Ruslan".to_owned()),
            (aigerims, "Aigerim".to_owned())
        ]
    );

    // A consensus on a passage selected in the reading view: both versions go, one coding by
    // the resolver (Aigerim) takes their place, and the navigator no longer lists it.
    harness.state_mut().analysis_ui.navigator.current = 0;
    harness.run();
    let consensus = text::find_occurrence(TEXT, "Моңғолиядан", 1).unwrap();
    harness.state_mut().view.select(consensus);
    harness.run();
    harness.get_by_label("Consensus on the selection").click();
    settle_analysis(&mut harness);
    assert_eq!(
        belonging_ranges(&harness),
        [(consensus, "Aigerim".to_owned())]
    );
    assert_eq!(
        resolutions(&harness),
        [("consensus".to_owned(), "Aigerim".to_owned())]
    );
    harness.get_by_label("1 place where Aigerim and Ruslan differ · 1 resolved");
}

/// The rectangles filled with `color` inside `rect` in the last frame.
fn rects_in(h: &Harness<'_, Workbench>, rect: egui::Rect, color: egui::Color32) -> usize {
    fn walk(shape: &egui::Shape, rect: egui::Rect, color: egui::Color32) -> usize {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().map(|s| walk(s, rect, color)).sum(),
            egui::Shape::Rect(r) if r.fill == color && rect.contains_rect(r.rect) => 1,
            _ => 0,
        }
    }
    h.output()
        .shapes
        .iter()
        .map(|c| walk(&c.shape, rect.expand(0.5), color))
        .sum()
}

#[test]
fn the_coder_filter_shows_chosen_coders_and_stripes_tell_coders_apart() {
    let (Fixture { _dir, mut harness }, _doc, belonging, [aigerims, ruslans, only_ruslan]) =
        two_coders();
    let shown = |h: &Harness<'_, Workbench>| -> Vec<TextRange> {
        let mut r: Vec<TextRange> = h
            .state()
            .model
            .as_ref()
            .unwrap()
            .codings
            .iter()
            .map(|c| c.range)
            .collect();
        r.sort();
        r
    };
    let everything = codings(&harness);
    assert_eq!(shown(&harness).len(), 5);
    // Two coders shown: Aigerim's stripe (first coder) is solid, Ruslan's dashed.
    let stripe_of = |h: &Harness<'_, Workbench>, range: TextRange| {
        let bench = h.state();
        let model = bench.model.as_ref().unwrap();
        let coding = model
            .codings
            .iter()
            .find(|c| c.range == range && c.code == belonging)
            .unwrap()
            .id;
        bench.view.stripe_rects(model, coding)[0]
    };
    let color = harness.state().model.as_ref().unwrap().looks[&belonging].color;
    let mine = stripe_of(&harness, aigerims);
    let his = stripe_of(&harness, ruslans);
    assert_eq!(rects_in(&harness, mine, color), 1, "solid: one rectangle");
    assert!(rects_in(&harness, his, color) > 2, "dashed: several");

    // The menu beside the title: only Ruslan's codings.
    harness.get_by_label("Coders: all").click();
    harness.run();
    // Each coder with the pattern of their stripes.
    harness
        .get_by_role_and_label(Role::CheckBox, "Ruslan   ╏ dashed")
        .hover();
    harness
        .get_by_role_and_label(Role::CheckBox, "Aigerim   ┃ solid")
        .click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    harness.get_by_label("Coders: Ruslan");
    let tarixi = text::find_occurrence(TEXT, "тарихи отан", 1).unwrap();
    let mut his_ranges = vec![tarixi, ruslans, only_ruslan];
    his_ranges.sort();
    assert_eq!(shown(&harness), his_ranges);
    // One coder shown: solid stripes again.
    let his = stripe_of(&harness, ruslans);
    assert_eq!(rects_in(&harness, his, color), 1);
    // The project is as it was.
    assert_eq!(codings(&harness), everything);

    // Back to every coder.
    harness.get_by_label("Coders: Ruslan").click();
    harness.run();
    harness.get_by_label("All coders").click();
    harness.run();
    assert_eq!(shown(&harness).len(), 5);
}
