//! [`Corpus`]: what the analysis views read, loaded from a project in a few queries and
//! restricted once. Plain owned data (`Send`), so a view can be computed on a worker thread.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::domain::{
    Attribute, AttributeId, AttributeScope, AttributeValue, Case, CaseId, CaseMember, CodeId,
    CoderId, CodingId, DocumentId, TextRange, ValueOwner,
};
use crate::project::{CodebookEntry, Project};
use crate::retrieval::{Region, Restriction, Scope, merge_ranges};

use super::Result;

/// A document as the views see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusDocument {
    /// Row id.
    pub id: DocumentId,
    /// As the document list shows it.
    pub name: String,
    /// Length in characters.
    pub chars: usize,
}

/// A coding as the views see it: where it lies and what code it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The coding.
    pub id: CodingId,
    /// Its document.
    pub document: DocumentId,
    /// Its code.
    pub code: CodeId,
    /// Its passage, in characters.
    pub range: TextRange,
}

/// A project's documents, codebook, codings, attributes and cases, restricted by a
/// [`Restriction`]: only documents with text in scope, only codings that lie in it.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The project's name, for titles.
    pub project_name: String,
    /// Documents with text in scope, in list order.
    pub documents: Vec<CorpusDocument>,
    /// The whole codebook in tree order.
    pub codebook: Vec<CodebookEntry>,
    /// Codings in scope, by document (list order), then start, end and id.
    pub codings: Vec<Place>,
    /// Every attribute of documents and cases.
    pub attributes: Vec<Attribute>,
    /// Every stored value.
    pub values: Vec<AttributeValue>,
    /// Cases that pass the restriction, by name.
    pub cases: Vec<Case>,
    /// Members of those cases.
    pub members: Vec<CaseMember>,
    /// The restriction this corpus was loaded with.
    pub restriction: Restriction,
    /// The text the restriction lets through.
    pub scope: Scope,
    /// Document texts, when loaded (paragraph co-occurrence, words, keywords in context).
    pub texts: HashMap<DocumentId, Arc<str>>,
    value_index: HashMap<(ValueOwner, AttributeId), usize>,
    /// Per coding (same index as `codings`), the cases it lies in, by case id.
    coding_cases: Vec<Vec<CaseId>>,
    /// Per document, each case's merged passages there.
    case_regions: HashMap<DocumentId, Vec<(CaseId, Region)>>,
}

impl Corpus {
    /// Loads the project's codings, attributes and cases (not the texts), restricted.
    pub fn load(project: &Project, restriction: &Restriction) -> Result<Corpus> {
        Self::load_inner(project, restriction, &[], false)
    }

    /// Like [`Corpus::load`], with the texts of the documents in scope.
    pub fn load_with_texts(project: &Project, restriction: &Restriction) -> Result<Corpus> {
        Self::load_inner(project, restriction, &[], true)
    }

    /// Like [`Corpus::load`] (with the texts when `texts`), keeping only the codings of
    /// `coders` (every coder's when empty): the analysis views' coder filter.
    pub fn load_by_coders(
        project: &Project,
        restriction: &Restriction,
        coders: &[CoderId],
        texts: bool,
    ) -> Result<Corpus> {
        Self::load_inner(project, restriction, coders, texts)
    }

    fn load_inner(
        project: &Project,
        restriction: &Restriction,
        coders: &[CoderId],
        texts: bool,
    ) -> Result<Corpus> {
        let store = project.store();
        let attributes = store.attributes()?;
        let values = store.attribute_values()?;
        let all_members = store.case_members()?;
        let scope = restriction.scope(&attributes, &values, &all_members);
        let documents: Vec<CorpusDocument> = store
            .document_summaries()?
            .into_iter()
            .filter(|d| scope.region(d.id).is_some())
            .map(|d| CorpusDocument {
                id: d.id,
                name: d.name,
                chars: d.chars as usize,
            })
            .collect();
        let rank: HashMap<DocumentId, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let mut codings: Vec<Place> = store
            .coding_places()?
            .into_iter()
            .filter(|(d, c)| rank.contains_key(d) && scope.admits(*d, c.range))
            .filter(|(_, c)| coders.is_empty() || coders.contains(&c.coder))
            .map(|(document, c)| Place {
                id: c.id,
                document,
                code: c.code,
                range: c.range,
            })
            .collect();
        codings.sort_by_key(|c| (rank[&c.document], c.range.start, c.range.end, c.id));
        let texts = if texts {
            let ids: Vec<DocumentId> = documents.iter().map(|d| d.id).collect();
            store
                .document_texts(&ids)?
                .into_iter()
                .map(|t| (t.id, Arc::from(t.text)))
                .collect()
        } else {
            HashMap::new()
        };
        let cases: Vec<Case> = {
            let passing = passing_cases(restriction, &attributes, &values);
            store
                .cases()?
                .into_iter()
                .filter(|c| passing(c.id))
                .collect()
        };
        let kept: HashSet<CaseId> = cases.iter().map(|c| c.id).collect();
        let members: Vec<CaseMember> = all_members
            .into_iter()
            .filter(|m| kept.contains(&m.case))
            .collect();
        Ok(Corpus::assemble(CorpusParts {
            project_name: store.project_name()?,
            documents,
            codebook: project.codebook()?,
            codings,
            attributes,
            values,
            cases,
            members,
            restriction: restriction.clone(),
            scope,
            texts,
        }))
    }

    /// Builds the indexes over loaded parts.
    fn assemble(parts: CorpusParts) -> Corpus {
        let value_index = parts
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| ((v.owner, v.attribute), i))
            .collect();
        let mut by_doc: HashMap<DocumentId, HashMap<CaseId, Region>> = HashMap::new();
        for m in &parts.members {
            let region = by_doc
                .entry(m.document)
                .or_default()
                .entry(m.case)
                .or_insert(Region::Ranges(Vec::new()));
            match (m.range, &mut *region) {
                (None, _) => *region = Region::Whole,
                (Some(r), Region::Ranges(list)) => list.push(r),
                (Some(_), Region::Whole) => {}
            }
        }
        let case_regions: HashMap<DocumentId, Vec<(CaseId, Region)>> = by_doc
            .into_iter()
            .map(|(d, cases)| {
                let mut list: Vec<(CaseId, Region)> = cases
                    .into_iter()
                    .map(|(c, r)| match r {
                        Region::Ranges(list) => (c, Region::Ranges(merge_ranges(list))),
                        Region::Whole => (c, Region::Whole),
                    })
                    .collect();
                list.sort_by_key(|(c, _)| *c);
                (d, list)
            })
            .collect();
        let coding_cases = parts
            .codings
            .iter()
            .map(|c| {
                case_regions.get(&c.document).map_or_else(Vec::new, |list| {
                    list.iter()
                        .filter(|(_, r)| r.admits(c.range))
                        .map(|(id, _)| *id)
                        .collect()
                })
            })
            .collect();
        Corpus {
            project_name: parts.project_name,
            documents: parts.documents,
            codebook: parts.codebook,
            codings: parts.codings,
            attributes: parts.attributes,
            values: parts.values,
            cases: parts.cases,
            members: parts.members,
            restriction: parts.restriction,
            scope: parts.scope,
            texts: parts.texts,
            value_index,
            coding_cases,
            case_regions,
        }
    }

    /// The stored value of `attribute` for a document or case.
    pub fn value(&self, owner: ValueOwner, attribute: AttributeId) -> Option<&str> {
        self.value_index
            .get(&(owner, attribute))
            .map(|&i| self.values[i].value.as_str())
    }

    /// The attribute with this id.
    pub fn attribute(&self, id: AttributeId) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.id == id)
    }

    /// The cases coding `index` (into `codings`) lies in (it overlaps a case's passage, or lies
    /// in a case's whole document).
    pub fn cases_of(&self, index: usize) -> &[CaseId] {
        self.coding_cases.get(index).map_or(&[], Vec::as_slice)
    }

    /// Each case's passages in `document` (a case's whole document is `Region::Whole`).
    pub fn case_regions(&self, document: DocumentId) -> &[(CaseId, Region)] {
        self.case_regions.get(&document).map_or(&[], Vec::as_slice)
    }

    /// The text of the document in scope, in passages: all of it, or the passages the
    /// restriction lets through.
    pub fn scope_ranges(&self, document: &CorpusDocument) -> Vec<TextRange> {
        self.scope
            .region(document.id)
            .map_or_else(Vec::new, |r| r.ranges(document.chars))
    }

    /// The parts of coding `index` inside the scope (all of it, unless cases restrict).
    pub fn coded_in_scope(&self, index: usize) -> Vec<TextRange> {
        let c = &self.codings[index];
        self.scope
            .region(c.document)
            .map_or_else(Vec::new, |r| clip(r, c.range))
    }

    /// The rank of each document in `documents`.
    pub fn document_ranks(&self) -> HashMap<DocumentId, usize> {
        self.documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect()
    }

    /// Characters of text in scope, over all documents.
    pub fn scope_chars(&self) -> usize {
        self.documents
            .iter()
            .map(|d| {
                self.scope_ranges(d)
                    .iter()
                    .map(TextRange::len)
                    .sum::<usize>()
            })
            .sum()
    }

    /// The code ids each codebook row stands for: itself, and with `subcodes` its
    /// descendants. Same order as `codebook`.
    pub fn code_rows(&self, subcodes: bool) -> Vec<Vec<CodeId>> {
        let index: HashMap<CodeId, usize> = self
            .codebook
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.id, i))
            .collect();
        let mut rows: Vec<Vec<CodeId>> = self.codebook.iter().map(|e| vec![e.code.id]).collect();
        if subcodes {
            // Tree order puts children after parents; walking backwards adds each subtree to
            // its parent once the subtree is complete.
            for i in (0..self.codebook.len()).rev() {
                if let Some(&p) = self.codebook[i].code.parent.and_then(|p| index.get(&p)) {
                    let below = rows[i].clone();
                    rows[p].extend(below);
                }
            }
        }
        rows
    }

    /// For each codebook row, the indices (into `codings`) of its codings, ascending; with
    /// `subcodes`, a row holds its descendants' codings too.
    pub fn codings_by_row(&self, subcodes: bool) -> Vec<Vec<u32>> {
        let index: HashMap<CodeId, usize> = self
            .codebook
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.id, i))
            .collect();
        let parents: Vec<Option<usize>> = self
            .codebook
            .iter()
            .map(|e| e.code.parent.and_then(|p| index.get(&p).copied()))
            .collect();
        let mut rows: Vec<Vec<u32>> = vec![Vec::new(); self.codebook.len()];
        for (i, c) in self.codings.iter().enumerate() {
            let Some(&row) = index.get(&c.code) else {
                continue;
            };
            rows[row].push(i as u32);
            if subcodes {
                let mut up = parents[row];
                while let Some(p) = up {
                    rows[p].push(i as u32);
                    up = parents[p];
                }
            }
        }
        rows
    }
}

struct CorpusParts {
    project_name: String,
    documents: Vec<CorpusDocument>,
    codebook: Vec<CodebookEntry>,
    codings: Vec<Place>,
    attributes: Vec<Attribute>,
    values: Vec<AttributeValue>,
    cases: Vec<Case>,
    members: Vec<CaseMember>,
    restriction: Restriction,
    scope: Scope,
    texts: HashMap<DocumentId, Arc<str>>,
}

/// Whether a case passes the restriction: chosen (if cases are chosen) and its values pass
/// every condition on case attributes.
fn passing_cases<'a>(
    restriction: &'a Restriction,
    attributes: &'a [Attribute],
    values: &'a [AttributeValue],
) -> impl Fn(CaseId) -> bool + 'a {
    let index: HashMap<(ValueOwner, AttributeId), &str> = values
        .iter()
        .map(|v| ((v.owner, v.attribute), v.value.as_str()))
        .collect();
    move |case| {
        (restriction.cases.is_empty() || restriction.cases.contains(&case))
            && restriction.conditions.iter().all(|c| {
                match attributes.iter().find(|a| a.id == c.attribute) {
                    Some(a) if a.scope == AttributeScope::Cases => {
                        c.matches(&a.kind, index.get(&(ValueOwner::Case(case), a.id)).copied())
                    }
                    Some(_) => true,
                    None => false,
                }
            })
    }
}

/// The parts of `range` inside `region`.
pub fn clip(region: &Region, range: TextRange) -> Vec<TextRange> {
    match region {
        Region::Whole => vec![range],
        Region::Ranges(list) => {
            let k = list.partition_point(|r| r.end <= range.start);
            list[k..]
                .iter()
                .take_while(|r| r.start < range.end)
                .map(|r| TextRange::new(r.start.max(range.start), r.end.min(range.end)))
                .filter(|r| !r.is_empty())
                .collect()
        }
    }
}

/// Characters covered by `pieces` (document rank, start, end), each counted once.
pub fn union_chars(pieces: &mut [(usize, usize, usize)]) -> usize {
    pieces.sort_unstable();
    let mut total = 0;
    let mut current: Option<(usize, usize, usize)> = None;
    for &(d, s, e) in pieces.iter() {
        match &mut current {
            Some((cd, _, ce)) if *cd == d && s <= *ce => *ce = (*ce).max(e),
            _ => {
                if let Some((_, cs, ce)) = current {
                    total += ce - cs;
                }
                current = Some((d, s, e));
            }
        }
    }
    if let Some((_, cs, ce)) = current {
        total += ce - cs;
    }
    total
}
