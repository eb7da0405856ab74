//! Attributes, cases and the analysis views on a project built for the test, checked against
//! hand counts: matrix counts of codings, characters, documents and cases; co-occurrence by
//! overlap, paragraph and distance with its edge cases; attribute filters of every type;
//! cells that give back exactly their excerpts.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers fail loudly; that is their job"
)]

use std::collections::BTreeSet;

use tamga::analysis::Corpus;
use tamga::analysis::cooccurrence::{Proximity, cooccurrence};
use tamga::analysis::frequencies::{FrequencyColumn, frequencies};
use tamga::analysis::matrix::{ColumnKey, Columns, Count, MatrixSpec, matrix};
use tamga::domain::{
    AttributeId, AttributeKind, AttributeScope, CaseId, CodeId, CodingId, DocumentId, Edit,
    NewCase, NewCaseMember, NewDocument, TextRange, ValueChange, ValueOwner,
};
use tamga::project::Project;
use tamga::retrieval::{self, Query, Restriction, parse_condition};

/// Paragraphs: ¶1 0..25, ¶2 27..53, ¶3 55..70 (counted by hand: 25, 26 and 15 characters).
const A: &str = "Alpha one two three four.\n\nBeta five six seven eight.\n\nGamma nine ten.";
/// ¶1 0..10, ¶2 12..30.
const B: &str = "Delta one.\n\nEpsilon two three.";

struct Fixture {
    _dir: tempfile::TempDir,
    project: Project,
    a: DocumentId,
    b: DocumentId,
    /// Codings 1..=9 as numbered in the comments of `fixture`.
    c: Vec<CodingId>,
    aigerim: CaseId,
    bolat: CaseId,
    late: CaseId,
}

fn import(project: &mut Project, name: &str, text: &str) -> DocumentId {
    match project
        .execute(Edit::ImportDocument(NewDocument {
            name: name.into(),
            text: text.into(),
            original_name: format!("{name}.txt"),
            format: "txt".into(),
            encoding: "UTF-8".into(),
            source: Vec::new(),
            pages: Vec::new(),
        }))
        .unwrap()
    {
        Edit::DeleteDocument { id } => id,
        other => panic!("{other:?}"),
    }
}

fn apply(
    project: &mut Project,
    document: DocumentId,
    code: CodeId,
    start: usize,
    end: usize,
) -> CodingId {
    match project
        .execute(Edit::ApplyCoding {
            document,
            code,
            range: TextRange::new(start, end),
            coder: "Aigerim".into(),
            memo: String::new(),
        })
        .unwrap()
    {
        Edit::RemoveCoding { id } => id,
        other => panic!("{other:?}"),
    }
}

fn define(
    project: &mut Project,
    scope: AttributeScope,
    name: &str,
    kind: AttributeKind,
) -> AttributeId {
    match project
        .execute(Edit::DefineAttribute {
            scope,
            name: name.into(),
            kind,
        })
        .unwrap()
    {
        Edit::DeleteAttribute { id } => id,
        other => panic!("{other:?}"),
    }
}

fn set(project: &mut Project, owner: ValueOwner, attribute: AttributeId, value: &str) {
    project
        .execute(Edit::SetValues(vec![ValueChange {
            owner,
            attribute,
            value: Some(value.into()),
        }]))
        .unwrap();
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut project = Project::create(&dir.path().join("a.tamga"), "Analysis", "Aigerim").unwrap();
    let a = import(&mut project, "A", A);
    let b = import(&mut project, "B", B);
    let h = project.ensure_code_path("Homeland").unwrap();
    let hh = project.ensure_code_path("Homeland/historical").unwrap();
    let r = project.ensure_code_path("Return").unwrap();
    let l = project.ensure_code_path("Language").unwrap();
    let c = vec![
        apply(&mut project, a, h, 0, 10),  // 1: H
        apply(&mut project, a, hh, 2, 6),  // 2: Hh, nested in 1
        apply(&mut project, a, r, 10, 20), // 3: R, touches 1
        apply(&mut project, a, r, 15, 30), // 4: R, overlaps 3, reaches ¶2
        apply(&mut project, a, l, 27, 40), // 5: L, overlaps 4 at 27..30
        apply(&mut project, a, h, 60, 65), // 6: H in ¶3
        apply(&mut project, b, h, 0, 5),   // 7: H
        apply(&mut project, b, l, 12, 20), // 8: L
        apply(&mut project, b, r, 14, 18), // 9: R, nested in 8
    ];
    let cases = match project
        .execute(Edit::CreateCases(vec![
            NewCase {
                name: "Aigerim".into(),
                members: vec![NewCaseMember {
                    document: a,
                    range: None,
                }],
            },
            NewCase {
                name: "Bolat".into(),
                members: vec![NewCaseMember {
                    document: b,
                    range: Some(TextRange::new(12, 30)),
                }],
            },
            NewCase {
                name: "Late".into(),
                members: vec![NewCaseMember {
                    document: a,
                    range: Some(TextRange::new(27, 70)),
                }],
            },
        ]))
        .unwrap()
    {
        Edit::DeleteCases { ids } => ids,
        other => panic!("{other:?}"),
    };
    let region = define(
        &mut project,
        AttributeScope::Documents,
        "region",
        AttributeKind::Text,
    );
    let age = define(
        &mut project,
        AttributeScope::Documents,
        "age",
        AttributeKind::Number,
    );
    let interviewed = define(
        &mut project,
        AttributeScope::Documents,
        "interviewed",
        AttributeKind::Date,
    );
    let urban = define(
        &mut project,
        AttributeScope::Documents,
        "urban",
        AttributeKind::YesNo,
    );
    let education = define(
        &mut project,
        AttributeScope::Documents,
        "education",
        AttributeKind::Choice(vec!["school".into(), "university".into()]),
    );
    let gender = define(
        &mut project,
        AttributeScope::Cases,
        "gender",
        AttributeKind::Choice(vec!["female".into(), "male".into()]),
    );
    let (da, db) = (ValueOwner::Document(a), ValueOwner::Document(b));
    set(&mut project, da, region, "Ili");
    set(&mut project, db, region, "Bayan-Ölgii");
    set(&mut project, da, age, "45");
    set(&mut project, db, age, "38,0");
    set(&mut project, da, interviewed, "14.05.1993");
    set(&mut project, db, interviewed, "2001-02-03");
    set(&mut project, da, urban, "Yes");
    set(&mut project, db, urban, "no");
    set(&mut project, da, education, "University");
    set(&mut project, ValueOwner::Case(cases[0]), gender, "female");
    set(&mut project, ValueOwner::Case(cases[1]), gender, "male");
    Fixture {
        _dir: dir,
        project,
        a,
        b,
        c,
        aigerim: cases[0],
        bolat: cases[1],
        late: cases[2],
    }
}

fn corpus(f: &Fixture, conditions: &[&str]) -> Corpus {
    Corpus::load_with_texts(&f.project, &restriction(f, conditions)).unwrap()
}

fn restriction(f: &Fixture, conditions: &[&str]) -> Restriction {
    let attributes = f.project.store().attributes().unwrap();
    Restriction {
        conditions: conditions
            .iter()
            .map(|c| parse_condition(&attributes, c).unwrap())
            .collect(),
        cases: Vec::new(),
    }
}

/// Rows in codebook order: Homeland, Homeland/historical, Return, Language.
fn cells(m: &tamga::analysis::matrix::Matrix) -> Vec<Vec<u64>> {
    m.cells.clone()
}

fn spec(columns: Columns, count: Count, subcodes: bool) -> MatrixSpec {
    MatrixSpec {
        columns,
        count,
        subcodes,
    }
}

#[test]
fn values_are_stored_in_canonical_form() {
    let f = fixture();
    let store = f.project.store();
    let attr = |name: &str| {
        store
            .attribute_by_name(AttributeScope::Documents, name)
            .unwrap()
            .unwrap()
            .id
    };
    let value = |d: DocumentId, name: &str| {
        store
            .attribute_value(ValueOwner::Document(d), attr(name))
            .unwrap()
    };
    assert_eq!(value(f.b, "age").as_deref(), Some("38"));
    assert_eq!(value(f.a, "interviewed").as_deref(), Some("1993-05-14"));
    assert_eq!(value(f.a, "urban").as_deref(), Some("yes"));
    assert_eq!(value(f.a, "education").as_deref(), Some("university"));
    assert_eq!(value(f.b, "education"), None);
}

#[test]
fn bad_values_are_refused_and_change_nothing() {
    let mut f = fixture();
    let before = f.project.store().dump().unwrap();
    let attr = |p: &Project, name: &str| {
        p.store()
            .attribute_by_name(AttributeScope::Documents, name)
            .unwrap()
            .unwrap()
            .id
    };
    let age = attr(&f.project, "age");
    let date = attr(&f.project, "interviewed");
    let education = attr(&f.project, "education");
    for (attribute, value) in [
        (age, "forty"),
        (date, "1993-02-30"),
        (date, "14/05/93"),
        (education, "college"),
    ] {
        let err = f
            .project
            .execute(Edit::SetValues(vec![
                ValueChange {
                    owner: ValueOwner::Document(f.b),
                    attribute: age,
                    value: Some("50".into()),
                },
                ValueChange {
                    owner: ValueOwner::Document(f.a),
                    attribute,
                    value: Some(value.into()),
                },
            ]))
            .unwrap_err();
        assert!(err.to_string().contains(value), "{err}");
    }
    // A document value for a case attribute.
    let gender = f
        .project
        .store()
        .attribute_by_name(AttributeScope::Cases, "gender")
        .unwrap()
        .unwrap()
        .id;
    assert!(
        f.project
            .execute(Edit::SetValues(vec![ValueChange {
                owner: ValueOwner::Document(f.a),
                attribute: gender,
                value: Some("male".into()),
            }]))
            .is_err()
    );
    assert_eq!(f.project.store().dump().unwrap(), before);
}

#[test]
fn matrix_by_documents_counts_codings_and_characters() {
    let f = fixture();
    let c = corpus(&f, &[]);
    let m = matrix(&c, &spec(Columns::Documents, Count::Codings, false)).unwrap();
    assert_eq!(
        m.columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["A", "B"]
    );
    assert_eq!(cells(&m), [[2, 1], [1, 0], [2, 1], [1, 1]]);
    assert_eq!(m.row_totals, [3, 1, 3, 2]);
    assert_eq!(m.column_totals, [6, 3]);
    assert_eq!(m.total, 9);

    let rolled = matrix(&c, &spec(Columns::Documents, Count::Codings, true)).unwrap();
    assert_eq!(cells(&rolled)[0], [3, 1]);
    assert_eq!(rolled.row_totals[0], 4);
    // Each coding counts once in the totals, though Homeland's row holds historical's.
    assert_eq!(rolled.column_totals, [6, 3]);
    assert_eq!(rolled.total, 9);

    // Characters: Homeland 0..10 + 60..65 in A; Return 10..20 ∪ 15..30 = 10..30.
    let chars = matrix(&c, &spec(Columns::Documents, Count::Chars, false)).unwrap();
    assert_eq!(cells(&chars), [[15, 5], [4, 0], [20, 4], [13, 8]]);
    assert_eq!(chars.row_totals, [20, 4, 24, 21]);
    // A: 0..40 ∪ 60..65 = 45; B: 0..5 ∪ 12..20 = 13.
    assert_eq!(chars.column_totals, [45, 13]);
    assert_eq!(chars.total, 58);
    let rolled = matrix(&c, &spec(Columns::Documents, Count::Chars, true)).unwrap();
    assert_eq!(
        cells(&rolled)[0],
        [15, 5],
        "historical lies inside Homeland"
    );
}

#[test]
fn matrix_by_cases_counts_codings_characters_and_cases() {
    let f = fixture();
    let c = corpus(&f, &[]);
    let m = matrix(&c, &spec(Columns::Cases, Count::Codings, false)).unwrap();
    assert_eq!(
        m.columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["Aigerim", "Bolat", "Late"]
    );
    // Late is A 27..70: Return 15..30 overlaps it, so does Language 27..40 and Homeland 60..65.
    assert_eq!(cells(&m), [[2, 0, 1], [1, 0, 0], [2, 1, 1], [1, 1, 1]]);
    assert_eq!(m.row_totals, [2, 1, 3, 2]);
    assert_eq!(m.column_totals, [6, 2, 3]);
    // Coding 7 (B 0..5) lies in no case.
    assert_eq!(m.total, 8);

    let chars = matrix(&c, &spec(Columns::Cases, Count::Chars, false)).unwrap();
    // Inside Late only 27..30 of Return's 15..30 counts.
    assert_eq!(
        cells(&chars),
        [[15, 0, 5], [4, 0, 0], [20, 4, 3], [13, 8, 13]]
    );
    assert_eq!(chars.row_totals, [15, 4, 24, 21]);

    let cases = matrix(&c, &spec(Columns::Cases, Count::Cases, false)).unwrap();
    assert_eq!(cells(&cases), [[1, 0, 1], [1, 0, 0], [1, 1, 1], [1, 1, 1]]);
    assert_eq!(cases.row_totals, [2, 1, 3, 3]);
    assert_eq!(cases.total, 3);

    let docs = matrix(&c, &spec(Columns::Documents, Count::Cases, false)).unwrap();
    // Homeland in A lies in Aigerim and Late; in B only 0..5, in no case.
    assert_eq!(cells(&docs), [[2, 0], [1, 0], [2, 1], [2, 1]]);
}

#[test]
fn matrix_by_attribute_values_has_a_column_per_value() {
    let f = fixture();
    let store = f.project.store();
    let gender = store
        .attribute_by_name(AttributeScope::Cases, "gender")
        .unwrap()
        .unwrap();
    let region = store
        .attribute_by_name(AttributeScope::Documents, "region")
        .unwrap()
        .unwrap();
    let education = store
        .attribute_by_name(AttributeScope::Documents, "education")
        .unwrap()
        .unwrap();
    let c = corpus(&f, &[]);
    let m = matrix(
        &c,
        &spec(Columns::Attribute(gender.id), Count::Codings, false),
    )
    .unwrap();
    assert_eq!(
        m.columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["female", "male", "(no value)"]
    );
    assert_eq!(cells(&m), [[2, 0, 1], [1, 0, 0], [2, 1, 1], [1, 1, 1]]);
    let m = matrix(
        &c,
        &spec(Columns::Attribute(region.id), Count::Codings, false),
    )
    .unwrap();
    assert_eq!(
        m.columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["Bayan-Ölgii", "Ili"]
    );
    assert_eq!(cells(&m), [[1, 2], [0, 1], [1, 2], [1, 1]]);
    let m = matrix(
        &c,
        &spec(Columns::Attribute(education.id), Count::Documents, false),
    )
    .unwrap();
    assert_eq!(
        m.columns
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>(),
        ["school", "university", "(no value)"]
    );
    assert_eq!(cells(&m), [[0, 1, 1], [0, 1, 0], [0, 1, 1], [0, 1, 1]]);
}

fn retrieved(project: &Project, query: &Query) -> BTreeSet<CodingId> {
    retrieval::retrieve(project, query)
        .unwrap()
        .excerpts
        .iter()
        .flat_map(|e| e.codings.iter().map(|c| c.coding))
        .collect()
}

#[test]
fn every_matrix_cell_retrieves_exactly_its_codings() {
    let f = fixture();
    let store = f.project.store();
    let gender = store
        .attribute_by_name(AttributeScope::Cases, "gender")
        .unwrap()
        .unwrap();
    let region = store
        .attribute_by_name(AttributeScope::Documents, "region")
        .unwrap()
        .unwrap();
    for conditions in [&[][..], &["age>=40"][..]] {
        let c = corpus(&f, conditions);
        for columns in [
            Columns::Documents,
            Columns::Cases,
            Columns::Attribute(gender.id),
            Columns::Attribute(region.id),
        ] {
            for subcodes in [false, true] {
                let m = matrix(&c, &spec(columns, Count::Codings, subcodes)).unwrap();
                for row in 0..m.rows.len() {
                    for col in 0..m.columns.len() {
                        let behind: BTreeSet<CodingId> =
                            m.cell_codings(row, col).into_iter().collect();
                        assert_eq!(behind.len() as u64, m.cells[row][col]);
                        let query = m.cell_query(row, col).unwrap();
                        assert_eq!(
                            retrieved(&f.project, &query),
                            behind,
                            "{columns:?} row {row} column {:?}",
                            m.columns[col].key
                        );
                    }
                }
            }
        }
    }
    // A cell by hand: Return × Late is coding 4 only.
    let c = corpus(&f, &[]);
    let m = matrix(&c, &spec(Columns::Cases, Count::Codings, false)).unwrap();
    let late = m
        .columns
        .iter()
        .position(|c| c.key == ColumnKey::Case(f.late))
        .unwrap();
    assert_eq!(m.cell_codings(2, late), [f.c[3]]);
}

#[test]
fn cooccurrence_by_overlap_pairs_different_codings_that_share_text() {
    let f = fixture();
    let co = cooccurrence(&corpus(&f, &[]), Proximity::Overlap).unwrap();
    // Rows: Homeland, historical, Return, Language.
    assert_eq!(
        co.counts,
        [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 2], [0, 0, 2, 0]],
        "nested 1⊃2 overlap; 1 and 3 only touch; 3 and 4 (both Return) overlap once; \
         4×5 and 8⊃9 make Return × Language; a coding never overlaps itself"
    );
    let places = co.passages(2, 3);
    assert_eq!(places.len(), 2);
    assert_eq!(
        (places[0].document, places[0].range),
        (f.a, TextRange::new(27, 30))
    );
    assert_eq!(places[0].codings, [f.c[3], f.c[4]]);
    assert_eq!(
        (places[1].document, places[1].range),
        (f.b, TextRange::new(14, 18))
    );
    assert_eq!(co.passages(2, 2)[0].range, TextRange::new(15, 20));
    assert_eq!(co.cell_codings(0, 1), [f.c[0], f.c[1]]);
    // The cell's query finds the overlaps (retrieval's "all").
    let q = co.cell_query(2, 3).unwrap();
    let found = retrieval::retrieve(&f.project, &q).unwrap();
    let ranges: Vec<TextRange> = found.excerpts.iter().map(|e| e.range).collect();
    assert_eq!(ranges, [TextRange::new(27, 30), TextRange::new(14, 18)]);

    let network = co.network();
    assert_eq!(network.nodes.len(), 4);
    let edges: Vec<(usize, usize, u64)> =
        network.edges.iter().map(|e| (e.a, e.b, e.weight)).collect();
    assert_eq!(edges, [(0, 1, 1), (2, 3, 2)]);
    assert_eq!(network.nodes[0].weight, 3, "Homeland has three codings");
}

#[test]
fn cooccurrence_by_paragraph_counts_paragraphs_both_codes_touch() {
    let f = fixture();
    let co = cooccurrence(&corpus(&f, &[]), Proximity::Paragraph).unwrap();
    // A ¶1: Homeland, historical, Return (3 and 4); A ¶2: Return (4), Language; A ¶3:
    // Homeland; B ¶1: Homeland; B ¶2: Language, Return.
    assert_eq!(
        co.counts,
        [[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 1, 2], [0, 0, 2, 0]]
    );
    let places = co.passages(2, 3);
    assert_eq!(places[0].range, TextRange::new(27, 53));
    assert_eq!(places[1].range, TextRange::new(12, 30));
    assert_eq!(co.passages(2, 2)[0].codings, [f.c[2], f.c[3]]);
}

#[test]
fn cooccurrence_within_a_distance_counts_close_pairs() {
    let f = fixture();
    let co = cooccurrence(&corpus(&f, &[]), Proximity::Window(5)).unwrap();
    // 1·3 touch (0 apart), 1·4 are 5 apart, 2·3 are 4 apart; 3·5 are 7 apart; 7·8 are 7 apart.
    assert_eq!(
        co.counts,
        [[0, 1, 2, 0], [1, 0, 1, 0], [2, 1, 1, 2], [0, 0, 2, 0]]
    );
    assert_eq!(co.passages(0, 2)[1].range, TextRange::new(0, 30));
    let tight = cooccurrence(&corpus(&f, &[]), Proximity::Window(0)).unwrap();
    assert_eq!(tight.counts[0][2], 1, "touching codings are 0 apart");
}

#[test]
fn frequencies_count_codings_documents_cases_and_share() {
    let f = fixture();
    let mut freq = frequencies(&corpus(&f, &[]), false);
    let row = |fr: &tamga::analysis::frequencies::Frequencies, path: &str| {
        fr.rows.iter().find(|r| r.path == path).unwrap().clone()
    };
    let r = row(&freq, "Return");
    assert_eq!((r.codings, r.documents, r.cases, r.chars), (3, 2, 3, 24));
    // 100 characters of text: A 70, B 30.
    assert!((r.share - 0.24).abs() < 1e-9);
    let h = row(&freq, "Homeland");
    assert_eq!((h.codings, h.documents, h.cases, h.chars), (3, 2, 2, 20));
    let rolled = frequencies(&corpus(&f, &[]), true);
    assert_eq!(row(&rolled, "Homeland").codings, 4);
    assert_eq!(row(&rolled, "Homeland").chars, 20);
    freq.sort(FrequencyColumn::Codings, true);
    let order: Vec<&str> = freq.rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        order,
        ["Homeland", "Return", "Language", "Homeland/historical"]
    );
    assert_eq!(freq.row_codings(3), [f.c[1]]);
    assert_eq!(
        retrieved(&f.project, &freq.row_query(1).unwrap()),
        [f.c[2], f.c[3], f.c[8]].into_iter().collect()
    );
}

/// The codings a restriction lets through, by their numbers in `fixture`.
fn passing(f: &Fixture, conditions: &[&str]) -> Vec<usize> {
    let q = Query {
        restrict: restriction(f, conditions),
        ..Query::default()
    };
    let found = retrieved(&f.project, &q);
    let mut numbers: Vec<usize> = found
        .iter()
        .map(|id| f.c.iter().position(|c| c == id).unwrap() + 1)
        .collect();
    numbers.sort_unstable();
    // The analysis corpus agrees with retrieval.
    let c = corpus(f, conditions);
    let mut in_corpus: Vec<usize> = c
        .codings
        .iter()
        .map(|p| f.c.iter().position(|c| *c == p.id).unwrap() + 1)
        .collect();
    in_corpus.sort_unstable();
    assert_eq!(numbers, in_corpus, "{conditions:?}");
    numbers
}

#[test]
fn filters_of_every_type_restrict_retrieval_and_views() {
    let f = fixture();
    let a = vec![1, 2, 3, 4, 5, 6];
    let b = vec![7, 8, 9];
    let all: Vec<usize> = (1..=9).collect();
    // text, without regard to case
    assert_eq!(passing(&f, &["region=Ili"]), a);
    assert_eq!(passing(&f, &["region=ili"]), a);
    assert_eq!(passing(&f, &["region!=Ili"]), b);
    // number, with a decimal comma in the condition too
    assert_eq!(passing(&f, &["age>=40"]), a);
    assert_eq!(passing(&f, &["age<40"]), b);
    assert_eq!(passing(&f, &["age>45"]), Vec::<usize>::new());
    assert_eq!(passing(&f, &["age<=45"]), all);
    assert_eq!(passing(&f, &["age=38,0"]), b);
    // date
    assert_eq!(passing(&f, &["interviewed<2000-01-01"]), a);
    assert_eq!(passing(&f, &["interviewed>=03.02.2001"]), b);
    // yes/no
    assert_eq!(passing(&f, &["urban=no"]), b);
    assert_eq!(passing(&f, &["urban=yes"]), a);
    // one of a list, and no value
    assert_eq!(passing(&f, &["education=university"]), a);
    assert_eq!(passing(&f, &["education="]), b);
    assert_eq!(passing(&f, &["education!="]), a);
    // a case attribute: the text of the cases that pass
    assert_eq!(passing(&f, &["gender=male"]), [8, 9]);
    assert_eq!(passing(&f, &["gender="]), [4, 5, 6]);
    assert_eq!(passing(&f, &["gender=female", "region=Ili"]), a);
    assert_eq!(
        passing(&f, &["gender=male", "region=Ili"]),
        Vec::<usize>::new()
    );
    // all conditions hold
    assert_eq!(passing(&f, &["age>=30", "urban=no"]), b);

    // Chosen cases.
    let q = Query {
        restrict: Restriction {
            conditions: Vec::new(),
            cases: vec![f.bolat, f.late],
        },
        ..Query::default()
    };
    assert_eq!(
        retrieved(&f.project, &q),
        [f.c[3], f.c[4], f.c[5], f.c[7], f.c[8]]
            .into_iter()
            .collect()
    );
    assert_eq!(
        retrieval::retrieve(&f.project, &q).unwrap().restriction,
        "cases: Bolat, Late"
    );
    let _ = f.aigerim;
}

#[test]
fn conditions_that_cannot_hold_are_refused_with_a_reason() {
    let f = fixture();
    let attributes = f.project.store().attributes().unwrap();
    for (input, says) in [
        ("region>Ili", "compares numbers and dates"),
        ("age>=forty", "not a number"),
        ("education=college", "not one of the choices"),
        ("height=3", "no attribute named “height”"),
        ("region", "not a condition"),
        ("interviewed<yesterday", "not a date"),
    ] {
        let err = parse_condition(&attributes, input).unwrap_err();
        assert!(err.contains(says), "{input}: {err}");
    }
}

#[test]
fn restricted_views_count_only_text_in_scope() {
    let f = fixture();
    let m = matrix(
        &corpus(&f, &["gender=male"]),
        &spec(Columns::Documents, Count::Chars, false),
    )
    .unwrap();
    assert_eq!(m.columns.len(), 1);
    // Only B 12..30: Language 12..20, Return 14..18.
    assert_eq!(cells(&m), [[0], [0], [4], [8]]);
    let freq = frequencies(&corpus(&f, &["gender=male"]), false);
    assert_eq!(freq.scope_chars, 18);
}

#[test]
fn a_type_change_that_a_value_would_not_survive_is_refused() {
    let mut f = fixture();
    let store = f.project.store();
    let region = store
        .attribute_by_name(AttributeScope::Documents, "region")
        .unwrap()
        .unwrap();
    let age = store
        .attribute_by_name(AttributeScope::Documents, "age")
        .unwrap()
        .unwrap();
    let before = f.project.store().dump().unwrap();
    // "Bayan-Ölgii" is no number.
    let err = f
        .project
        .execute(Edit::ChangeAttribute {
            id: region.id,
            name: "region".into(),
            kind: AttributeKind::Number,
        })
        .unwrap_err();
    assert!(err.to_string().contains("is not a number"), "{err}");
    // A list without "Bayan-Ölgii".
    assert!(
        f.project
            .execute(Edit::ChangeAttribute {
                id: region.id,
                name: "region".into(),
                kind: AttributeKind::Choice(vec!["Ili".into()]),
            })
            .is_err()
    );
    assert_eq!(f.project.store().dump().unwrap(), before);
    // Numbers are text already: allowed, and the values stay.
    f.project
        .execute(Edit::ChangeAttribute {
            id: age.id,
            name: "age (years)".into(),
            kind: AttributeKind::Text,
        })
        .unwrap();
    assert_eq!(
        f.project
            .store()
            .attribute_value(ValueOwner::Document(f.b), age.id)
            .unwrap()
            .as_deref(),
        Some("38")
    );
}

#[test]
fn the_coder_filter_counts_only_the_chosen_coders_codings() {
    let dir = tempfile::tempdir().unwrap();
    let mut project =
        Project::create(&dir.path().join("coders.tamga"), "Coders", "Aigerim").unwrap();
    let a = import(&mut project, "a", A);
    let code = project.ensure_code_path("Alpha").unwrap();
    // Aigerim codes ¶1 and ¶2; Ruslan codes ¶1 and ¶3.
    apply(&mut project, a, code, 0, 25);
    apply(&mut project, a, code, 27, 53);
    for (start, end) in [(0, 25), (55, 70)] {
        project
            .execute(Edit::ApplyCoding {
                document: a,
                code,
                range: TextRange::new(start, end),
                coder: "Ruslan".into(),
                memo: String::new(),
            })
            .unwrap();
    }
    let coders = project.store().coders().unwrap();
    let id = |name: &str| coders.iter().find(|c| c.name == name).unwrap().id;
    let counted = |only: &[tamga::domain::CoderId]| {
        let corpus =
            Corpus::load_by_coders(&project, &Restriction::default(), only, false).unwrap();
        let f = frequencies(&corpus, false);
        let row = f.rows.iter().find(|r| r.path == "Alpha").unwrap();
        (row.codings, row.share)
    };
    assert_eq!(counted(&[]).0, 4);
    assert_eq!(counted(&[id("Ruslan")]).0, 2);
    assert_eq!(counted(&[id("Aigerim")]).0, 2);
    assert_eq!(counted(&[id("Aigerim"), id("Ruslan")]).0, 4);
    // Share of text: Aigerim's 25 + 26 of 70 characters, Ruslan's 25 + 15.
    assert!((counted(&[id("Aigerim")]).1 - 51.0 / 70.0).abs() < 1e-9);
    assert!((counted(&[id("Ruslan")]).1 - 40.0 / 70.0).abs() < 1e-9);
}
