//! The sample project: two ethnographic papers and a codebook with codings located by quote,
//! kept as text under `projects/sample/` and built into a `.tamga` file by Tamga itself.

use std::path::Path;

use serde::Deserialize;

use crate::domain::{CodeId, Edit, MemoTarget, NewDocument};
use crate::project::Project;
use crate::store::{Result, StoreError};

const MANIFEST: &str = include_str!("../projects/sample/manifest.json");
const TEXTS: [(&str, &[u8]); 2] = [
    (
        "000_5ec8af2e2cad208b.txt",
        include_bytes!("../projects/sample/000_5ec8af2e2cad208b.txt"),
    ),
    (
        "002_fe3d62281fbed493.txt",
        include_bytes!("../projects/sample/002_fe3d62281fbed493.txt"),
    ),
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
