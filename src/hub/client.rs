//! The connection to a hub and every statement Tamga sends it. Statements take their values
//! as parameters, never spliced into SQL; the hub's own functions check who may write.

use std::sync::Arc;
use std::time::Duration;

use postgres::config::SslMode;
use postgres::error::SqlState;
use postgres::{Client, NoTls};

use super::{HubAddress, HubError};
use crate::domain::{HubBase, RowState};
use crate::store::sync::{Outgoing, row_hash};

/// The hub's schema versions, in order: `tamga hub init` applies those a hub lacks.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_hub.sql")];

/// The newest hub schema this Tamga knows.
pub const HUB_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open connection to a hub whose schema this Tamga reads.
pub struct Hub {
    client: Client,
    address: HubAddress,
    tls: bool,
    /// This connection's server process, once it listens for change sets.
    listening: Option<i32>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub")
            .field("address", &self.address)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

/// One row as the hub holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubRow {
    /// Its kind.
    pub kind: String,
    /// Its key.
    pub key: String,
    /// The change set that last wrote it.
    pub seq: i64,
    /// Its content; `None`: deleted.
    pub content: Option<String>,
}

impl HubRow {
    /// Its hash as a working copy computes it (`""` for a deleted row).
    pub fn hash(&self) -> String {
        self.content
            .as_deref()
            .map_or_else(String::new, |c| row_hash(&self.kind, &self.key, c))
    }

    /// This version as the one a working copy last agreed on, given its [`HubRow::hash`].
    pub fn base(&self, hash: String) -> HubBase {
        HubBase {
            kind: self.kind.clone(),
            key: self.key.clone(),
            seq: self.seq,
            hash,
        }
    }

    /// The state it sets a working copy's row to (`Edit::PutRows`).
    pub fn state(&self) -> RowState {
        RowState {
            kind: self.kind.clone(),
            key: self.key.clone(),
            content: self.content.clone(),
            local_id: None,
        }
    }
}

/// What became of a change set sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    /// Taken in (now or before) as this change set number.
    Taken(i64),
    /// Refused whole, because the hub changed since this copy last read it: read, then send
    /// again.
    Stale(String),
}

/// The rustls configuration: the system's root certificates, and the hub's own
/// (`sslrootcert=FILE`) when given. Certificates are always verified.
fn tls_config(address: &HubAddress) -> Result<rustls::ClientConfig, HubError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for cert in native.certs {
        let _ = roots.add(cert);
    }
    if let Some(file) = address.param("sslrootcert") {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(file)
            .and_then(Iterator::collect)
            .map_err(|e| HubError::Address(format!("cannot read the certificate {file} ({e})")))?;
        for cert in certs {
            roots.add(cert).map_err(|e| {
                HubError::Address(format!("the certificate {file} is not usable ({e})"))
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| HubError::Address(format!("TLS cannot be set up ({e})")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

impl Hub {
    /// Connects to the hub at `address`: over TLS when the server offers it (`sslmode=prefer`,
    /// the default), always (`require`), or never (`disable`). Does not check the schema.
    pub fn connect_raw(address: &HubAddress) -> Result<Hub, HubError> {
        let mut config = postgres::Config::new();
        config
            .user(&address.user)
            .host(&address.host)
            .port(address.port)
            .dbname(&address.database)
            .application_name(address.param("application_name").unwrap_or("tamga"))
            .connect_timeout(Duration::from_secs(
                address
                    .param("connect_timeout")
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(10),
            ))
            .keepalives(true);
        if let Some(password) = address.password() {
            config.password(password);
        }
        let mode = match address.param("sslmode").unwrap_or("prefer") {
            "disable" => SslMode::Disable,
            "prefer" | "allow" => SslMode::Prefer,
            "require" | "verify-ca" | "verify-full" => SslMode::Require,
            other => {
                return Err(HubError::Address(format!(
                    "sslmode “{other}” is not one of disable, prefer, require"
                )));
            }
        };
        config.ssl_mode(mode);
        let offline = |e: postgres::Error| {
            let mut reason = describe(&e);
            if address.password().is_none() && reason.contains("password missing") {
                reason = format!(
                    "the hub asks for a password and none is known for {}@{}:{}/{}: give it once in \
                     the address (postgres://{}:PASSWORD@…; Tamga keeps it in a file only you can \
                     read), or in ~/.pgpass or PGPASSWORD",
                    address.user, address.host, address.port, address.database, address.user
                );
            }
            HubError::Offline {
                address: address.to_string(),
                reason,
            }
        };
        let mut client = if mode == SslMode::Disable {
            config.connect(NoTls).map_err(offline)?
        } else {
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(address)?);
            config.connect(tls).map_err(offline)?
        };
        let tls = client
            .query_one("SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)", &[])
            .and_then(|r| r.try_get::<_, bool>(0))
            .unwrap_or(false);
        Ok(Hub {
            client,
            address: address.clone(),
            tls,
            listening: None,
        })
    }

    /// Connects and checks that the database is a hub whose schema this Tamga reads.
    pub fn connect(address: &HubAddress) -> Result<Hub, HubError> {
        let mut hub = Self::connect_raw(address)?;
        match hub.schema_version()? {
            None => Err(HubError::NotAHub(address.to_string())),
            Some(v) if v > HUB_SCHEMA_VERSION => Err(HubError::TooNew {
                address: address.to_string(),
                found: v,
                supported: HUB_SCHEMA_VERSION,
            }),
            Some(v) if v < HUB_SCHEMA_VERSION => Err(HubError::Database {
                address: address.to_string(),
                reason: format!(
                    "its schema is version {v}, older than this Tamga's ({HUB_SCHEMA_VERSION}); whoever looks after the hub runs `tamga hub init` on it to upgrade it"
                ),
            }),
            Some(_) => Ok(hub),
        }
    }

    /// The hub's address (without password).
    pub fn address(&self) -> &HubAddress {
        &self.address
    }

    /// Whether the connection is encrypted.
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    fn fail(&self, e: &postgres::Error) -> HubError {
        hub_fail(&self.address, e)
    }

    /// The hub's schema version; `None` when the database holds no hub.
    pub fn schema_version(&mut self) -> Result<Option<i64>, HubError> {
        let exists: bool = self
            .client
            .query_one("SELECT to_regclass('tamga.hub') IS NOT NULL", &[])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.fail(&e))?;
        if !exists {
            return Ok(None);
        }
        let row = self
            .client
            .query_opt(
                "SELECT value FROM tamga.hub WHERE key = $1",
                &[&"schema_version"],
            )
            .map_err(|e| self.fail(&e))?;
        Ok(row
            .and_then(|r| r.try_get::<_, String>(0).ok())
            .and_then(|v| v.parse().ok()))
    }

    /// Creates the hub's schema in this database, or upgrades an older one, in one
    /// transaction; returns the versions before and after. A newer hub is refused untouched.
    pub fn init(address: &HubAddress) -> Result<(i64, i64), HubError> {
        let mut hub = Self::connect_raw(address)?;
        let before = hub.schema_version()?.unwrap_or(0);
        if before > HUB_SCHEMA_VERSION {
            return Err(HubError::TooNew {
                address: address.to_string(),
                found: before,
                supported: HUB_SCHEMA_VERSION,
            });
        }
        let mut tx = hub
            .client
            .transaction()
            .map_err(|e| hub_fail(address, &e))?;
        // One upgrade at a time.
        tx.execute("SELECT pg_advisory_xact_lock(7162930501)", &[])
            .map_err(|e| hub_fail(address, &e))?;
        for sql in &MIGRATIONS[before as usize..] {
            tx.batch_execute(sql).map_err(|e| hub_fail(address, &e))?;
        }
        tx.execute(
            "UPDATE tamga.hub SET value = $1 WHERE key = 'schema_version'",
            &[&HUB_SCHEMA_VERSION.to_string()],
        )
        .map_err(|e| hub_fail(address, &e))?;
        tx.commit().map_err(|e| hub_fail(address, &e))?;
        Ok((before, HUB_SCHEMA_VERSION))
    }

    /// The projects the caller is a member of: id, name and role.
    pub fn projects(&mut self) -> Result<Vec<(String, String, String)>, HubError> {
        let rows = self
            .client
            .query(
                "SELECT p.id, p.name, tamga.role_of(p.id) FROM tamga.projects p
                 WHERE tamga.role_of(p.id) IS NOT NULL ORDER BY p.name, p.id",
                &[],
            )
            .map_err(|e| self.fail(&e))?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    /// Creates a project; the caller becomes its owner.
    pub fn create_project(&mut self, id: &str, name: &str) -> Result<(), HubError> {
        self.client
            .execute("SELECT tamga.create_project($1, $2)", &[&id, &name])
            .map_err(|e| self.fail(&e))?;
        Ok(())
    }

    /// Makes `who` (a database login) an owner, coder or reader of the project, or no
    /// member (`None`). Only an owner may.
    pub fn set_member(
        &mut self,
        project: &str,
        who: &str,
        role: Option<&str>,
    ) -> Result<(), HubError> {
        self.client
            .execute(
                "SELECT tamga.set_member($1, $2::text::name, $3)",
                &[&project, &who, &role],
            )
            .map_err(|e| self.fail(&e))?;
        Ok(())
    }

    /// The project's members and their roles.
    pub fn members(&mut self, project: &str) -> Result<Vec<(String, String)>, HubError> {
        let rows = self
            .client
            .query(
                "SELECT member::text, role FROM tamga.members WHERE project = $1 ORDER BY member",
                &[&project],
            )
            .map_err(|e| self.fail(&e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// The caller's role on the project, if a member.
    pub fn role(&mut self, project: &str) -> Result<Option<String>, HubError> {
        self.client
            .query_one("SELECT tamga.role_of($1)", &[&project])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.fail(&e))
    }

    /// The number of the project's last change set.
    pub fn last_seq(&mut self, project: &str) -> Result<i64, HubError> {
        let row = self
            .client
            .query_opt(
                "SELECT last_seq FROM tamga.projects WHERE id = $1",
                &[&project],
            )
            .map_err(|e| self.fail(&e))?;
        row.map(|r| r.get(0)).ok_or_else(|| {
            HubError::NotAllowed(format!(
                "the hub {} has no project {project} that “{}” is a member of",
                self.address, self.address.user
            ))
        })
    }

    /// How many rows changed on the hub after change set `since`.
    pub fn waiting(&mut self, project: &str, since: i64) -> Result<i64, HubError> {
        self.client
            .query_one(
                "SELECT count(*) FROM tamga.rows WHERE project = $1 AND seq > $2",
                &[&project, &since],
            )
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.fail(&e))
    }

    /// Every row written after change set `since`, oldest first, and the last change set's
    /// number, read in one snapshot.
    pub fn fetch(&mut self, project: &str, since: i64) -> Result<(Vec<HubRow>, i64), HubError> {
        let address = self.address.clone();
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| hub_fail(&address, &e))?;
        let last: Option<i64> = tx
            .query_opt(
                "SELECT last_seq FROM tamga.projects WHERE id = $1",
                &[&project],
            )
            .map_err(|e| hub_fail(&address, &e))?
            .map(|r| r.get(0));
        let Some(last) = last else {
            return Err(HubError::NotAllowed(format!(
                "the hub {address} has no project {project} that “{}” is a member of",
                address.user
            )));
        };
        let rows = tx
            .query(
                "SELECT kind, key, seq, content FROM tamga.rows
                 WHERE project = $1 AND seq > $2 ORDER BY seq",
                &[&project, &since],
            )
            .map_err(|e| hub_fail(&address, &e))?;
        tx.commit().map_err(|e| hub_fail(&address, &e))?;
        Ok((rows.iter().map(hub_row).collect(), last))
    }

    /// The hub's versions of these rows (`kind:key`).
    pub fn fetch_refs(&mut self, project: &str, refs: &[String]) -> Result<Vec<HubRow>, HubError> {
        let rows = self
            .client
            .query(
                "SELECT kind, key, seq, content FROM tamga.rows WHERE project = $1 AND ref = ANY($2)",
                &[&project, &refs],
            )
            .map_err(|e| self.fail(&e))?;
        Ok(rows.iter().map(hub_row).collect())
    }

    /// The number the hub gave change set `id`, if it took it.
    pub fn change_set_seq(&mut self, project: &str, id: &str) -> Result<Option<i64>, HubError> {
        let row = self
            .client
            .query_opt(
                "SELECT seq FROM tamga.change_sets WHERE project = $1 AND id = $2",
                &[&project, &id],
            )
            .map_err(|e| self.fail(&e))?;
        Ok(row.map(|r| r.get(0)))
    }

    /// Sends one change set, all or nothing. Sent again with the same id, it is not applied
    /// twice: the hub answers with the number it gave it the first time.
    pub fn push(&mut self, project: &str, id: &str, rows: &[Outgoing]) -> Result<Pushed, HubError> {
        let json = serde_json::Value::Array(
            rows.iter()
                .map(|r| {
                    serde_json::json!({
                        "kind": r.kind,
                        "key": r.key,
                        "content": r.content,
                        "refs": r.refs,
                        "base": r.base_seq,
                    })
                })
                .collect(),
        )
        .to_string();
        let stale = SqlState::from_code("TG001");
        let dangling = SqlState::from_code("TG002");
        match self
            .client
            .query_one("SELECT tamga.push($1, $2, $3)", &[&project, &id, &json])
        {
            Ok(row) => Ok(Pushed::Taken(row.get(0))),
            Err(e) if e.code() == Some(&stale) || e.code() == Some(&dangling) => {
                Ok(Pushed::Stale(describe(&e)))
            }
            Err(e) => Err(self.fail(&e)),
        }
    }

    /// This connection's server process (tests cut it from another connection).
    pub fn backend_pid(&mut self) -> Result<i32, HubError> {
        self.client
            .query_one("SELECT pg_backend_pid()", &[])
            .and_then(|r| r.try_get(0))
            .map_err(|e| self.fail(&e))
    }

    /// Asks the hub to signal, on this connection, every change set taken in (`push` sends
    /// `NOTIFY tamga_hub` with the project's id); see [`Hub::changed_elsewhere`].
    pub fn listen(&mut self) -> Result<(), HubError> {
        self.client
            .batch_execute("LISTEN tamga_hub")
            .map_err(|e| self.fail(&e))?;
        self.listening = Some(self.backend_pid()?);
        Ok(())
    }

    /// Whether, since the last call, another connection's change set reached `project` — a
    /// signal to sync, nothing more (the rows are read by sequence number as always). Waits a
    /// millisecond at most (with the non-waiting reader, signals already sent were not seen
    /// here: the connection is only read while the client waits on it). Needs [`Hub::listen`] first.
    pub fn changed_elsewhere(&mut self, project: &str) -> Result<bool, HubError> {
        use postgres::fallible_iterator::FallibleIterator;
        let Some(own) = self.listening else {
            return Ok(false);
        };
        let mut changed = false;
        let read = {
            let mut notifications = self.client.notifications();
            let mut pending = notifications.timeout_iter(Duration::from_millis(1));
            loop {
                match pending.next() {
                    Ok(Some(n)) => {
                        changed |= n.channel() == "tamga_hub"
                            && n.payload() == project
                            && n.process_id() != own;
                    }
                    Ok(None) => break Ok(()),
                    Err(e) => break Err(e),
                }
            }
        };
        read.map_err(|e| self.fail(&e))?;
        Ok(changed)
    }
}

fn hub_row(r: &postgres::Row) -> HubRow {
    HubRow {
        kind: r.get(0),
        key: r.get(1),
        seq: r.get(2),
        content: r.get(3),
    }
}

fn hub_fail(address: &HubAddress, e: &postgres::Error) -> HubError {
    // Class 08 (connection exception) and 57P01–57P03 (the server shutting down or the
    // connection terminated by an administrator) mean the hub went away.
    let gone = e.code().is_some_and(|c| {
        c.code().starts_with("08") || matches!(c.code(), "57P01" | "57P02" | "57P03")
    });
    if gone || e.is_closed() || e.as_db_error().is_none() && e.code().is_none() {
        return HubError::Offline {
            address: address.to_string(),
            reason: describe(e),
        };
    }
    if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
        return HubError::NotAllowed(describe(e));
    }
    HubError::Database {
        address: address.to_string(),
        reason: describe(e),
    }
}

/// A database error's own message (never the connection string).
fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_owned();
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        source = s.source();
    }
    text
}
