//! Tamga: a desktop workbench for qualitative coding. The library holds every layer; the
//! `tamga` binary is a thin shell over it.
//!
//! Layers, each depending only on those before it: `domain` → `text` → `store` → `project` →
//! `import`, `sample`, `retrieval`, `search`, `memos`, `analysis`, `snapshots` → `export`, `exchange` →
//! `cli`, and (with the `gui` feature) `app`.

pub mod analysis;
pub mod bidi;
pub mod config;
pub mod corrections;
pub mod domain;
pub mod exchange;
pub mod export;
#[cfg(feature = "hub")]
pub mod hub;
pub mod import;
pub mod logging;
pub mod memos;
pub mod project;
pub mod retrieval;
pub mod sample;
pub mod search;
pub mod snapshots;
pub mod store;
pub mod text;

#[cfg(feature = "gui")]
pub mod app;
