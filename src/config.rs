//! Per-user settings: the coder's name, recent projects, reading preferences. Stored as JSON in
//! the user's config directory (`TAMGA_CONFIG_DIR` overrides it, for tests and portable use).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What Tamga remembers for this user between sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// The name recorded with every coding this user makes.
    pub coder: Option<String>,
    /// Most recently opened projects first.
    pub recent: Vec<PathBuf>,
    /// Reading font size in points.
    pub font_size: Option<f32>,
    /// `Some(true)` for the dark theme, `None` to follow the system.
    pub dark: Option<bool>,
    /// Show hard-wrapped lines inside a paragraph joined (display only).
    pub reflow: bool,
    /// Import PDFs with each paragraph's hard-wrapped lines joined.
    pub join_pdf_lines: bool,
    /// Height of the document list in the left column, in points (the codebook takes the rest).
    pub documents_height: Option<f32>,
    /// The window's inner size in points when it was last used.
    pub window: Option<[f32; 2]>,
}

const RECENT_MAX: usize = 10;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "Tamga", "Tamga")
}

/// The folder holding `config.json`.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TAMGA_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    project_dirs().map(|d| d.config_dir().to_owned())
}

/// The folder where Tamga keeps the working copy of the sample project.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TAMGA_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    project_dirs().map(|d| d.data_dir().to_owned())
}

impl Config {
    /// Loads the config; a missing or unreadable file gives the defaults.
    pub fn load() -> Config {
        config_dir()
            .map(|d| d.join("config.json"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default()
    }

    /// Saves the config (write to a temporary file, then rename).
    pub fn save(&self) -> std::io::Result<()> {
        let Some(dir) = config_dir() else {
            return Ok(());
        };
        std::fs::create_dir_all(&dir)?;
        let tmp = dir.join("config.json.tmp");
        let json = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        std::fs::write(&tmp, json)?;
        std::fs::rename(tmp, dir.join("config.json"))
    }

    /// Puts `path` first in the recent list.
    pub fn remember_project(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_MAX);
    }

    /// The coder's name: the remembered one, else the login name.
    pub fn coder_or_login(&self) -> String {
        self.coder
            .clone()
            .filter(|c| !c.trim().is_empty())
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| "coder".to_owned())
    }
}
