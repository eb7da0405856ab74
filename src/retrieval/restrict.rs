//! Restricting retrieval and analysis by attributes and cases (`--where`): which documents and
//! which passages of them are kept, decided once per query and checked by binary search.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::domain::{
    Attribute, AttributeKind, AttributeScope, AttributeValue, CaseId, CaseMember, Comparison,
    Condition, DocumentId, TextRange, ValueOwner,
};

/// Restricts retrieval and analysis to documents and cases by their attributes, and to
/// chosen cases. `Restriction::default()` restricts nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Restriction {
    /// All must hold. A condition on a document attribute restricts documents; one on a case
    /// attribute restricts cases.
    pub conditions: Vec<Condition>,
    /// Only the text of these cases (empty: no restriction by case).
    pub cases: Vec<CaseId>,
}

impl Restriction {
    /// Whether it restricts nothing.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty() && self.cases.is_empty()
    }

    /// Which text passes, from the project's attributes, values and case members: pure, for a
    /// worker thread. Conditions on attributes not in `attributes` pass nothing.
    pub fn scope(
        &self,
        attributes: &[Attribute],
        values: &[AttributeValue],
        members: &[CaseMember],
    ) -> Scope {
        if self.is_empty() {
            return Scope::everything();
        }
        let kinds: HashMap<_, _> = attributes.iter().map(|a| (a.id, a)).collect();
        let mut by_owner: HashMap<ValueOwner, Vec<&AttributeValue>> = HashMap::new();
        for v in values {
            by_owner.entry(v.owner).or_default().push(v);
        }
        let passes = |owner: ValueOwner, scope: AttributeScope| {
            let own = by_owner.get(&owner).map_or(&[][..], Vec::as_slice);
            self.conditions
                .iter()
                .all(|c| match kinds.get(&c.attribute) {
                    Some(a) if a.scope != scope => true,
                    Some(a) => {
                        let value = own
                            .iter()
                            .find(|v| v.attribute == c.attribute)
                            .map(|v| v.value.as_str());
                        c.matches(&a.kind, value)
                    }
                    None => false,
                })
        };
        let on_cases = !self.cases.is_empty()
            || self.conditions.iter().any(|c| {
                kinds
                    .get(&c.attribute)
                    .is_none_or(|a| a.scope == AttributeScope::Cases)
            });
        let on_documents = self.conditions.iter().any(|c| {
            kinds
                .get(&c.attribute)
                .is_none_or(|a| a.scope == AttributeScope::Documents)
        });
        let mut regions: HashMap<DocumentId, Region> = HashMap::new();
        if on_cases {
            let chosen: HashSet<CaseId> = self.cases.iter().copied().collect();
            let mut case_ok: HashMap<CaseId, bool> = HashMap::new();
            for m in members {
                let ok = *case_ok.entry(m.case).or_insert_with(|| {
                    (chosen.is_empty() || chosen.contains(&m.case))
                        && passes(ValueOwner::Case(m.case), AttributeScope::Cases)
                });
                if !ok
                    || (on_documents
                        && !passes(ValueOwner::Document(m.document), AttributeScope::Documents))
                {
                    continue;
                }
                let region = regions
                    .entry(m.document)
                    .or_insert(Region::Ranges(Vec::new()));
                match (m.range, &mut *region) {
                    (None, _) => *region = Region::Whole,
                    (Some(r), Region::Ranges(list)) => list.push(r),
                    (Some(_), Region::Whole) => {}
                }
            }
            for region in regions.values_mut() {
                if let Region::Ranges(list) = region {
                    *list = merge_ranges(std::mem::take(list));
                }
            }
            Scope {
                documents: Some(regions),
                documents_by_attribute: None,
            }
        } else {
            // Documents only: every document that passes, known by its values. Documents with
            // no values at all are decided when asked (see `Scope::region`).
            let mut pass: HashSet<DocumentId> = HashSet::new();
            let mut fail: HashSet<DocumentId> = HashSet::new();
            for owner in by_owner.keys() {
                if let ValueOwner::Document(d) = owner {
                    if passes(*owner, AttributeScope::Documents) {
                        pass.insert(*d);
                    } else {
                        fail.insert(*d);
                    }
                }
            }
            let valueless = passes(
                ValueOwner::Document(DocumentId(i64::MIN)),
                AttributeScope::Documents,
            );
            Scope {
                documents: None,
                documents_by_attribute: Some(DocumentPass {
                    pass,
                    fail,
                    valueless,
                }),
            }
        }
    }

    /// `region = Ili · age >= 40 · cases: Aigerim`, with names from `attributes` and `cases`.
    pub fn describe(
        &self,
        attributes: &[Attribute],
        case_names: &HashMap<CaseId, String>,
    ) -> String {
        let mut parts: Vec<String> = self
            .conditions
            .iter()
            .map(|c| {
                let name = attributes
                    .iter()
                    .find(|a| a.id == c.attribute)
                    .map_or("?", |a| a.name.as_str());
                if c.value.is_empty() {
                    match c.op {
                        Comparison::Ne => format!("{name} has a value"),
                        _ => format!("{name} has no value"),
                    }
                } else {
                    format!("{name} {} {}", c.op.symbol(), c.value)
                }
            })
            .collect();
        if !self.cases.is_empty() {
            let names: Vec<&str> = self
                .cases
                .iter()
                .map(|c| case_names.get(c).map_or("?", String::as_str))
                .collect();
            parts.push(format!("cases: {}", names.join(", ")));
        }
        parts.join(" · ")
    }
}

/// Which documents pass conditions on document attributes only.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocumentPass {
    pass: HashSet<DocumentId>,
    fail: HashSet<DocumentId>,
    /// Whether a document with no values at all passes (conditions like `region=`).
    valueless: bool,
}

/// Where in a document a restriction lets text through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Region {
    /// All of it.
    Whole,
    /// These passages: sorted, disjoint, not touching.
    Ranges(Vec<TextRange>),
}

impl Region {
    /// Whether `range` overlaps the region.
    pub fn admits(&self, range: TextRange) -> bool {
        match self {
            Region::Whole => true,
            Region::Ranges(list) => {
                let k = list.partition_point(|r| r.end <= range.start);
                list.get(k).is_some_and(|r| r.overlaps(&range))
            }
        }
    }

    /// The region's passages in a document of `chars` characters.
    pub fn ranges(&self, chars: usize) -> Vec<TextRange> {
        match self {
            Region::Whole => vec![TextRange::new(0, chars)],
            Region::Ranges(list) => list
                .iter()
                .filter(|r| r.start < chars)
                .map(|r| TextRange::new(r.start, r.end.min(chars)))
                .collect(),
        }
    }
}

/// The text a [`Restriction`] lets through: per document, all of it, some passages, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Restricted by cases: exactly these documents, each with its region.
    documents: Option<HashMap<DocumentId, Region>>,
    /// Restricted by document attributes only.
    documents_by_attribute: Option<DocumentPass>,
}

impl Scope {
    /// No restriction.
    pub fn everything() -> Scope {
        Scope {
            documents: None,
            documents_by_attribute: None,
        }
    }

    /// Whether it lets everything through.
    pub fn is_everything(&self) -> bool {
        self.documents.is_none() && self.documents_by_attribute.is_none()
    }

    /// The part of `document` that passes, or `None` when none of it does.
    pub fn region(&self, document: DocumentId) -> Option<&Region> {
        const WHOLE: &Region = &Region::Whole;
        if let Some(map) = &self.documents {
            return map.get(&document);
        }
        if let Some(p) = &self.documents_by_attribute {
            let ok = p.pass.contains(&document) || (!p.fail.contains(&document) && p.valueless);
            return ok.then_some(WHOLE);
        }
        Some(WHOLE)
    }

    /// Whether a passage of `document` passes (it overlaps the document's region).
    pub fn admits(&self, document: DocumentId, range: TextRange) -> bool {
        self.region(document).is_some_and(|r| r.admits(range))
    }
}

/// Sorted, merged (overlapping or touching) ranges.
pub fn merge_ranges(mut ranges: Vec<TextRange>) -> Vec<TextRange> {
    ranges.retain(|r| !r.is_empty());
    ranges.sort_unstable();
    let mut out: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Reads a condition as typed on the command line: `region=Ili`, `age>=40`, `urban!=yes`,
/// `region=` (has no value). The attribute is found by name among documents' and cases'
/// attributes; when both have one of that name, write `document:NAME` or `case:NAME`.
pub fn parse_condition(
    attributes: &[Attribute],
    input: &str,
) -> std::result::Result<Condition, String> {
    let at = input
        .find(['=', '<', '>', '!'])
        .ok_or_else(|| format!("“{input}” is not a condition; write NAME=VALUE, NAME>=VALUE, …"))?;
    let (name, rest) = input.split_at(at);
    let (op, value) = [
        ("!=", Comparison::Ne),
        ("<=", Comparison::Le),
        (">=", Comparison::Ge),
        ("=", Comparison::Eq),
        ("<", Comparison::Lt),
        (">", Comparison::Gt),
    ]
    .iter()
    .find_map(|(sym, op)| rest.strip_prefix(sym).map(|v| (*op, v)))
    .ok_or_else(|| format!("“{input}” is not a condition; write NAME=VALUE, NAME>=VALUE, …"))?;
    let name = name.trim();
    let (scope, name) = if let Some(n) = name.strip_prefix("document:") {
        (Some(AttributeScope::Documents), n.trim())
    } else if let Some(n) = name.strip_prefix("case:") {
        (Some(AttributeScope::Cases), n.trim())
    } else {
        (None, name)
    };
    let found: Vec<&Attribute> = attributes
        .iter()
        .filter(|a| a.name == name && scope.is_none_or(|s| s == a.scope))
        .collect();
    let attribute = match found.as_slice() {
        [one] => *one,
        [] => return Err(format!("no attribute named “{name}”")),
        _ => {
            return Err(format!(
                "both documents and cases have an attribute “{name}”; write document:{name} or case:{name}"
            ));
        }
    };
    let value = value.trim();
    if value.is_empty() {
        return match op {
            Comparison::Eq | Comparison::Ne => Ok(Condition {
                attribute: attribute.id,
                op,
                value: String::new(),
            }),
            _ => Err(format!("“{input}” compares with nothing")),
        };
    }
    if !attribute.kind.is_ordered() && !matches!(op, Comparison::Eq | Comparison::Ne) {
        return Err(format!(
            "“{}” compares numbers and dates; “{name}” is a {} attribute (use = or !=)",
            op.symbol(),
            attribute.kind.name()
        ));
    }
    let value = match &attribute.kind {
        // A text condition is compared as typed (without regard to case).
        AttributeKind::Text => value.to_owned(),
        kind => kind
            .canonical(value)
            .map_err(|reason| format!("{name}: {reason}"))?,
    };
    Ok(Condition {
        attribute: attribute.id,
        op,
        value,
    })
}
