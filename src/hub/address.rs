//! A hub's address (`postgres://user@host:port/database`), kept and shown without its
//! password, and where the password comes from: the address given on the command line (then
//! saved for next time), `PGPASSWORD`, Tamga's own password file, or `~/.pgpass` — both files
//! only their owner may read.

use std::path::{Path, PathBuf};

use super::HubError;

/// A parsed hub address. Its `Display` never shows a password.
#[derive(Clone, PartialEq, Eq)]
pub struct HubAddress {
    /// The user to log in as.
    pub user: String,
    /// The host name or address.
    pub host: String,
    /// The port (5432 unless given).
    pub port: u16,
    /// The database.
    pub database: String,
    /// Query parameters (`sslmode=…`, `sslrootcert=…`), as given.
    pub params: Vec<(String, String)>,
    /// The password, when the address carried one (never written to the project or a log).
    password: Option<String>,
}

impl std::fmt::Debug for HubAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HubAddress({self})")
    }
}

impl std::fmt::Display for HubAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "postgres://{}@{}:{}/{}",
            encode(&self.user),
            self.host,
            self.port,
            encode(&self.database)
        )?;
        for (i, (k, v)) in self.params.iter().enumerate() {
            write!(
                f,
                "{}{}={}",
                if i == 0 { '?' } else { '&' },
                k,
                encode_value(v)
            )?;
        }
        Ok(())
    }
}

fn encode(s: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A query value keeps the slashes and colons of a path.
fn encode_value(s: &str) -> String {
    encode(s).replace("%2F", "/").replace("%3A", ":")
}

fn decode(s: &str) -> Result<String, HubError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    HubError::Address("a % in it is not followed by two hex digits".into())
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| HubError::Address("it is not valid UTF-8 once decoded".into()))
}

impl HubAddress {
    /// Parses `postgres://[user[:password]@]host[:port]/database[?param=value&…]`. Without a
    /// user, the login name of whoever runs Tamga (`PGUSER`, then `USER`).
    pub fn parse(text: &str) -> Result<HubAddress, HubError> {
        let text = text.trim();
        let rest = text
            .strip_prefix("postgres://")
            .or_else(|| text.strip_prefix("postgresql://"))
            .ok_or_else(|| HubError::Address("a hub address starts with postgres://".into()))?;
        let (authority_path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = authority_path
            .split_once('/')
            .ok_or_else(|| HubError::Address("it names no database (…/DATABASE)".into()))?;
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, authority),
        };
        let (user, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((user, pass)) => (decode(user)?, Some(decode(pass)?)),
                None => (decode(u)?, None),
            },
            None => (
                std::env::var("PGUSER")
                    .or_else(|_| std::env::var("USER"))
                    .unwrap_or_default(),
                None,
            ),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || hostport.starts_with('[') => (
                h.to_owned(),
                p.parse::<u16>()
                    .map_err(|_| HubError::Address(format!("“{p}” is not a port")))?,
            ),
            _ => (hostport.to_owned(), 5432),
        };
        if host.is_empty() {
            return Err(HubError::Address("it names no host".into()));
        }
        if user.is_empty() {
            return Err(HubError::Address(
                "it names no user (postgres://USER@HOST/…)".into(),
            ));
        }
        let database = decode(path)?;
        if database.is_empty() {
            return Err(HubError::Address(
                "it names no database (…/DATABASE)".into(),
            ));
        }
        let mut params = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "sslmode" | "sslrootcert" | "connect_timeout" | "application_name" => {
                    params.push((k.to_owned(), decode(v)?));
                }
                other => {
                    return Err(HubError::Address(format!(
                        "Tamga does not know the setting “{other}” (it knows sslmode, sslrootcert, connect_timeout)"
                    )));
                }
            }
        }
        Ok(HubAddress {
            user,
            host,
            port,
            database,
            params,
            password: password.filter(|p| !p.is_empty()),
        })
    }

    /// A query parameter's value.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the address itself carried a password.
    pub fn has_password(&self) -> bool {
        self.password.is_some()
    }

    /// The password to log in with: the address's own, `PGPASSWORD`, Tamga's password file,
    /// then `~/.pgpass` (files that others may read are not used).
    pub fn password(&self) -> Option<String> {
        if let Some(p) = &self.password {
            return Some(p.clone());
        }
        if let Ok(p) = std::env::var("PGPASSWORD") {
            return Some(p);
        }
        let files = [
            password_file(),
            std::env::var_os("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass"))),
        ];
        files.into_iter().flatten().find_map(|f| self.look_up(&f))
    }

    fn look_up(&self, file: &Path) -> Option<String> {
        if !private(file) {
            return None;
        }
        let text = std::fs::read_to_string(file).ok()?;
        text.lines().find_map(|line| {
            let fields = split_pgpass(line)?;
            let matches = |field: &str, value: &str| field == "*" || field == value;
            (matches(&fields[0], &self.host)
                && matches(&fields[1], &self.port.to_string())
                && matches(&fields[2], &self.database)
                && matches(&fields[3], &self.user))
            .then(|| fields[4].clone())
        })
    }

    /// Saves the address's password in Tamga's password file (readable by its owner only),
    /// so the project file and later commands need not carry it. Nothing to do without one.
    pub fn remember_password(&self) -> Result<(), HubError> {
        let Some(password) = &self.password else {
            return Ok(());
        };
        let file = password_file().ok_or_else(|| {
            HubError::Address("there is no settings folder to keep the password in".into())
        })?;
        let esc = |s: &str| s.replace('\\', "\\\\").replace(':', "\\:");
        let entry_key = format!(
            "{}:{}:{}:{}:",
            esc(&self.host),
            self.port,
            esc(&self.database),
            esc(&self.user)
        );
        let old = std::fs::read_to_string(&file).unwrap_or_default();
        let mut lines: Vec<&str> = old.lines().filter(|l| !l.starts_with(&entry_key)).collect();
        let entry = format!("{entry_key}{}", esc(password));
        lines.push(&entry);
        let mut text = lines.join("\n");
        text.push('\n');
        write_private(&file, &text).map_err(|e| {
            HubError::Address(format!(
                "cannot keep the password in {} ({e})",
                file.display()
            ))
        })
    }
}

/// Tamga's own password file: `hub-passwords` in its settings folder, in `.pgpass` format.
pub fn password_file() -> Option<PathBuf> {
    crate::config::config_dir().map(|d| d.join("hub-passwords"))
}

/// Splits a `.pgpass` line into its five fields (`\:` and `\\` escaped), or `None` for a
/// comment or a line that is not one.
fn split_pgpass(line: &str) -> Option<Vec<String>> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut()?.push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut()?.push(c),
        }
    }
    (fields.len() == 5).then_some(fields)
}

#[cfg(unix)]
#[expect(
    clippy::verbose_bit_mask,
    reason = "no permission bits for group or others, as libpq checks .pgpass"
)]
fn private(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(file).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn private(file: &Path) -> bool {
    file.exists()
}

fn write_private(file: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(0o600);
        let f = options.open(file)?;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        drop(f);
    }
    #[cfg(not(unix))]
    options.open(file).map(drop)?;
    std::fs::write(file, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_shown_without_its_password() {
        let a = HubAddress::parse(
            "postgres://ai%40gerim:s3cr%3Aet@db.example.kz:6543/team?sslmode=require",
        )
        .unwrap();
        assert_eq!(a.user, "ai@gerim");
        assert_eq!(a.host, "db.example.kz");
        assert_eq!(a.port, 6543);
        assert_eq!(a.database, "team");
        assert_eq!(a.password().as_deref(), Some("s3cr:et"));
        let shown = a.to_string();
        assert_eq!(
            shown,
            "postgres://ai%40gerim@db.example.kz:6543/team?sslmode=require"
        );
        assert!(!format!("{a:?}").contains("s3cr"));
        let again = HubAddress::parse(&shown).unwrap();
        assert_eq!(again.user, "ai@gerim");
        assert!(!again.has_password());
    }

    #[test]
    fn addresses_that_do_not_name_a_hub_are_refused_with_the_reason() {
        for (text, reason) in [
            ("mysql://x@h/db", "starts with postgres://"),
            ("postgres://x@h", "no database"),
            ("postgres://x@h:port/db", "not a port"),
            ("postgres://x@h/db?password=1", "does not know the setting"),
        ] {
            let err = HubAddress::parse(text).unwrap_err().to_string();
            assert!(err.contains(reason), "{text}: {err}");
        }
    }

    #[test]
    fn pgpass_lines_split_on_unescaped_colons() {
        assert_eq!(
            split_pgpass(r"h:5432:db:u:pa\:ss").unwrap(),
            vec!["h", "5432", "db", "u", "pa:ss"]
        );
        assert!(split_pgpass("# comment").is_none());
        assert!(split_pgpass("h:5432:db").is_none());
    }
}
