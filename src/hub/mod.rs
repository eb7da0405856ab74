//! The team hub: a PostgreSQL database that a team's working copies sync with (feature `hub`).
//!
//! - `address`: the hub's address and where its password comes from (never the project file).
//! - `client`: the connection (TLS when the server offers it), the hub's schema and its
//!   migrations, and every statement Tamga sends (all parameterised).
//! - `sync`: publish, clone and sync a working copy, with the rows `store::sync` reads and the
//!   one write path (`Edit::PutRows`) applying what comes down.

mod address;
mod client;
mod sync;

pub use address::{HubAddress, password_file};
pub use client::{HUB_SCHEMA_VERSION, Hub, HubRow, Pushed};
pub use sync::{
    HubStatus, PublishReport, SyncOptions, SyncReport, clone_project, connect_for, publish, status,
    sync,
};

/// What went wrong with a hub. Each message names the hub (never with a password) or the
/// project file, and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// The address does not parse.
    #[error("not a hub address: {0}")]
    Address(String),
    /// No connection could be made (the server is down, unreachable, or refused the login).
    #[error("cannot reach the hub {address}: {reason}")]
    Offline {
        /// The hub, without password.
        address: String,
        /// What the connection reported.
        reason: String,
    },
    /// The database holds no Tamga hub.
    #[error("{0} is not a Tamga hub yet: run `tamga hub init` on it first")]
    NotAHub(String),
    /// The hub's schema is newer than this Tamga.
    #[error(
        "the hub {address} has schema version {found}, newer than this Tamga knows ({supported}); install a newer Tamga to use it (nothing was changed)"
    )]
    TooNew {
        /// The hub, without password.
        address: String,
        /// Its schema version.
        found: i64,
        /// The newest this Tamga knows.
        supported: i64,
    },
    /// The hub refused: the caller's role does not allow it, or no such project.
    #[error("the hub refused: {0}")]
    NotAllowed(String),
    /// The project file is not a working copy of a hub.
    #[error("{0} is not a working copy of a hub: publish it (`tamga hub publish`) or clone one")]
    NotLinked(std::path::PathBuf),
    /// Anything else the hub's database reported.
    #[error("the hub {address} failed: {reason}")]
    Database {
        /// The hub, without password.
        address: String,
        /// What the database reported.
        reason: String,
    },
    /// The hub kept refusing this copy's changes as out of date (others kept sending).
    #[error("the hub kept refusing this copy's changes ({0}); nothing is lost — sync again")]
    Busy(String),
    /// A row from the hub takes a name this copy gives another row, and Tamga cannot rename
    /// this copy's by itself.
    #[error(
        "{0} came from the hub, and this copy has another of that name: rename this copy's, then sync again"
    )]
    NameTaken(String),
    /// The project file failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl HubError {
    /// Whether the hub could not be reached (the window shows "offline").
    pub fn is_offline(&self) -> bool {
        matches!(self, HubError::Offline { .. })
    }
}
