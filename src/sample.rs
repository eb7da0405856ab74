//! The sample project: ethnographic papers and a codebook with codings located by quote, kept
//! as text under `projects/sample/` (rebuilt from raw PDF extractions by
//! `projects/sample/rebuild.py`) and built into a `.tamga` file by Tamga itself.

use std::path::Path;

use serde::Deserialize;

use crate::domain::{CodeId, Edit, MemoTarget, NewDocument};
use crate::project::Project;
use crate::store::{Result, StoreError};

const MANIFEST: &str = include_str!("../projects/sample/manifest.json");

/// Pairs each listed file name under `projects/sample/` with its bytes, built in.
macro_rules! texts {
    ($($file:literal),* $(,)?) => {
        &[$(($file, include_bytes!(concat!("../projects/sample/", $file)) as &[u8])),*]
    };
}

/// The sample's texts, by the file name the manifest gives them. To add a document to the
/// sample, list its file here and describe it in `manifest.json`.
const TEXTS: &[(&str, &[u8])] = texts![
    "shanatibieke-2016-china-kazakhs-emigration.txt",
    "werner-emmelhainz-barcus-2017-privileged-exclusion.txt",
];

/// The name recorded as coder of the sample's codings.
pub const SAMPLE_CODER: &str = "Tamga sample";

#[derive(Debug, Deserialize)]
struct Manifest {
    name: String,
    description: String,
    documents: Vec<ManifestDocument>,
    codes: Vec<ManifestCode>,
    codings: Vec<ManifestCoding>,
}

#[derive(Debug, Deserialize)]
struct ManifestDocument {
    file: String,
    name: String,
}

#[derive(Debug, Deserialize)]
struct ManifestCode {
    path: String,
    description: String,
}

#[derive(Debug, Deserialize)]
struct ManifestCoding {
    document: String,
    code: String,
    quote: String,
    #[serde(default = "one")]
    occurrence: usize,
    #[serde(default)]
    memo: String,
}

fn one() -> usize {
    1
}

fn invalid(msg: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(format!("the sample manifest is wrong: {msg}"))
}

/// Writes a fresh copy of the sample project to `path` (which must not exist).
pub fn write_sample(path: &Path) -> Result<()> {
    let manifest: Manifest = serde_json::from_str(MANIFEST).map_err(|e| invalid(e.to_string()))?;
    let mut project = Project::create(path, &manifest.name, SAMPLE_CODER)?;
    for doc in &manifest.documents {
        let (_, bytes) = TEXTS
            .iter()
            .find(|(file, _)| *file == doc.file)
            .ok_or_else(|| invalid(format!("no text {}", doc.file)))?;
        let extracted = crate::import::extract(crate::import::Format::Text, bytes)
            .map_err(|e| invalid(e.to_string()))?;
        project.execute(Edit::ImportDocument(NewDocument {
            name: doc.name.clone(),
            text: extracted.text,
            original_name: doc.file.clone(),
            format: "txt".to_owned(),
            encoding: extracted.encoding,
            source: bytes.to_vec(),
            pages: Vec::new(),
        }))?;
    }
    for code in &manifest.codes {
        let (parent, name) = match code.path.rsplit_once('/') {
            Some((parent, name)) => (Some(code_by_path(&project, parent)?), name),
            None => (None, code.path.as_str()),
        };
        project.execute(Edit::CreateCode {
            parent,
            name: name.to_owned(),
            color: None,
            description: code.description.clone(),
            position: None,
        })?;
    }
    for coding in &manifest.codings {
        let document = project
            .store()
            .document_by_name(&coding.document)?
            .ok_or_else(|| invalid(format!("no document {}", coding.document)))?;
        let text = project.store().document(document)?.text;
        let range = crate::text::find_occurrence(&text, &coding.quote, coding.occurrence)
            .ok_or_else(|| invalid(format!("quote not found: {}", coding.quote)))?;
        let code = code_by_path(&project, &coding.code)?;
        project.execute(Edit::ApplyCoding {
            document,
            code,
            range,
            coder: SAMPLE_CODER.to_owned(),
            memo: coding.memo.clone(),
        })?;
    }
    project.execute(Edit::WriteMemo {
        target: MemoTarget::Project,
        title: "About this sample".to_owned(),
        body: manifest.description.clone(),
        coder: SAMPLE_CODER.to_owned(),
    })?;
    Ok(())
}

fn code_by_path(project: &Project, path: &str) -> Result<CodeId> {
    project
        .find_code_path(path)?
        .ok_or_else(|| invalid(format!("no code {path}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_text_is_a_manifest_document_and_every_document_is_listed() {
        let manifest: Manifest = serde_json::from_str(MANIFEST).unwrap();
        let mut named: Vec<&str> = manifest.documents.iter().map(|d| d.file.as_str()).collect();
        let mut listed: Vec<&str> = TEXTS.iter().map(|(file, _)| *file).collect();
        named.sort_unstable();
        listed.sort_unstable();
        assert_eq!(named, listed);
    }
}
