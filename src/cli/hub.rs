//! `tamga hub …` and `tamga sync FILE`: a team's project shared through a PostgreSQL hub.
//!
//! - `hub init URL`: creates (or upgrades) the hub's schema in an empty database.
//! - `hub publish FILE URL`: uploads a project as the team's; the file becomes a working copy.
//! - `hub clone URL FILE [--project P]`: a member's new working copy.
//! - `hub members FILE [--add LOGIN --role R | --remove LOGIN]`: who may read or write.
//! - `hub status FILE`, `hub conflicts FILE`, `hub resolve FILE CONFLICT --keep mine|theirs`.
//! - `sync FILE`: takes in the team's changes and sends this copy's.
//!
//! A password in a URL is saved to Tamga's password file (readable by its owner only) and
//! never written to the project or printed.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use tamga::domain::{Edit, Keep};
use tamga::hub::{self, Hub, HubAddress};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: HubCommand,
}

#[derive(Debug, clap::Subcommand)]
enum HubCommand {
    /// Create Tamga's hub schema in an empty PostgreSQL database (or upgrade an older one).
    Init {
        #[arg(
            value_name = "URL",
            help = "postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=require&sslrootcert=FILE]"
        )]
        url: String,
    },
    /// Upload a project as the team's project on the hub; the file becomes its working copy.
    Publish {
        /// The project.
        file: PathBuf,
        /// The hub.
        url: String,
    },
    /// Make a working copy of the team's project.
    Clone {
        /// The hub.
        url: String,
        /// The new project file.
        file: PathBuf,
        /// The project on the hub (its name or id), when there are several.
        #[arg(long)]
        project: Option<String>,
    },
    /// List the project's members, or add, change or remove one (owners only).
    Members {
        /// A working copy.
        file: PathBuf,
        /// A database login to make a member (with --role).
        #[arg(long, value_name = "LOGIN", conflicts_with = "remove")]
        add: Option<String>,
        /// Their role: owner, coder (reads and writes) or reader (reads only).
        #[arg(long, default_value = "coder")]
        role: String,
        /// A member to remove.
        #[arg(long, value_name = "LOGIN")]
        remove: Option<String>,
    },
    /// Where the working copy stands: changes to send, to receive, conflicts.
    Status {
        /// A working copy.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the sync conflicts waiting for a decision, with both versions.
    Conflicts {
        /// A working copy.
        file: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Resolve a sync conflict: keep this copy's version or take the hub's (undoable).
    Resolve {
        /// A working copy.
        file: PathBuf,
        /// The conflict, as `hub conflicts` names it (kind:key).
        conflict: String,
        /// Whose version stays.
        #[arg(long, value_enum)]
        keep: KeepArg,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum KeepArg {
    Mine,
    Theirs,
}

/// `tamga sync FILE`.
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// A working copy.
    file: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

fn address(url: &str) -> anyhow::Result<HubAddress> {
    let address = HubAddress::parse(url)?;
    address.remember_password()?;
    Ok(address)
}

pub fn run(args: &Args, coder: &str) -> anyhow::Result<bool> {
    match &args.command {
        HubCommand::Init { url } => {
            let address = address(url)?;
            let (before, after) = Hub::init(&address)?;
            if before == after {
                outln!("{address} is a Tamga hub (schema version {after}); nothing to do.");
            } else if before == 0 {
                outln!("{address} is now a Tamga hub (schema version {after}).");
            } else {
                outln!("{address}: hub schema upgraded from version {before} to {after}.");
            }
        }
        HubCommand::Publish { file, url } => {
            let address = address(url)?;
            let mut hub = Hub::connect(&address)?;
            let mut project = super::open(file, coder)?;
            let report = hub::publish(&mut project, &mut hub)
                .with_context(|| format!("cannot publish {}", file.display()))?;
            outln!(
                "Published {} to {address} as project {} ({} rows){}.",
                file.display(),
                report.project,
                report.rows,
                if hub.is_tls() { ", over TLS" } else { "" }
            );
        }
        HubCommand::Clone { url, file, project } => {
            if file.exists() {
                bail!(
                    "cannot clone into {}: a file already exists there; choose another name",
                    file.display()
                );
            }
            let address = address(url)?;
            let mut hub = Hub::connect(&address)?;
            let copy = hub::clone_project(&mut hub, project.as_deref(), file, coder)
                .context("cannot clone the hub's project")?;
            let link = copy.store().hub_link()?.context("the clone has no hub")?;
            outln!(
                "Cloned project {} from {address} into {} (up to change set {}).",
                link.project,
                file.display(),
                link.last_seq
            );
        }
        HubCommand::Members {
            file,
            add,
            role,
            remove,
        } => {
            let project = super::open_read(file)?;
            let link = project
                .store()
                .hub_link()?
                .ok_or_else(|| hub::HubError::NotLinked(file.clone()))?;
            let mut hub = hub::connect_for(project.store())?;
            if let Some(who) = add {
                hub.set_member(&link.project, who, Some(role))?;
            }
            if let Some(who) = remove {
                hub.set_member(&link.project, who, None)?;
            }
            for (member, role) in hub.members(&link.project)? {
                outln!("{member}\t{role}");
            }
        }
        HubCommand::Status { file, json } => {
            let project = super::open_read(file)?;
            let link = project
                .store()
                .hub_link()?
                .ok_or_else(|| hub::HubError::NotLinked(file.clone()))?;
            let status = hub::connect_for(project.store())
                .and_then(|mut hub| hub::status(project.store(), &mut hub));
            let conflicts = project.store().hub_conflicts()?;
            let to_send = project.store().hub_outgoing()?.len();
            if *json {
                let value = match &status {
                    Ok(s) => serde_json::json!({
                        "hub": link.url, "project": link.project, "last_seq": link.last_seq,
                        "online": true, "to_send": s.to_send, "to_receive": s.to_receive,
                        "conflicts": s.conflicts,
                    }),
                    Err(e) => serde_json::json!({
                        "hub": link.url, "project": link.project, "last_seq": link.last_seq,
                        "online": false, "error": e.to_string(), "to_send": to_send,
                        "conflicts": conflicts.len(),
                    }),
                };
                super::print_json(&value)?;
            } else {
                outln!("Hub: {} (project {})", link.url, link.project);
                match status {
                    Ok(s) => outln!(
                        "{}",
                        describe_status(s.to_send, Some(s.to_receive), s.conflicts)
                    ),
                    Err(e) => {
                        outln!("offline: {e}");
                        outln!("{}", describe_status(to_send, None, conflicts.len()));
                    }
                }
            }
        }
        HubCommand::Conflicts { file, json } => {
            let project = super::open_read(file)?;
            let rows = conflict_rows(&project)?;
            if *json {
                super::print_json(&rows)?;
            } else if rows.is_empty() {
                outln!("No sync conflicts.");
            } else {
                for r in rows {
                    outln!(
                        "{}\t{}:{}\t{}\n  mine:   {}\n  theirs: {}",
                        r["conflict"].as_str().unwrap_or_default(),
                        r["kind"].as_str().unwrap_or_default(),
                        r["key"].as_str().unwrap_or_default(),
                        r["reason"].as_str().unwrap_or_default(),
                        r["mine"].as_str().unwrap_or("(not here)"),
                        r["theirs"].as_str().unwrap_or("(deleted on the hub)"),
                    );
                }
            }
        }
        HubCommand::Resolve {
            file,
            conflict,
            keep,
        } => {
            let mut project = super::open(file, coder)?;
            let keep = match keep {
                KeepArg::Mine => Keep::Mine,
                KeepArg::Theirs => Keep::Theirs,
            };
            project.execute(Edit::ResolveSyncConflict {
                conflict: conflict.clone(),
                keep,
            })?;
            outln!(
                "Resolved {conflict}: {}; sync to send it.",
                match keep {
                    Keep::Mine => "this copy's version stays",
                    Keep::Theirs => "the hub's version taken",
                }
            );
        }
    }
    Ok(true)
}

/// "1 change", "3 changes".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn describe_status(to_send: usize, to_receive: Option<i64>, conflicts: usize) -> String {
    let mut parts = Vec::new();
    if to_send > 0 {
        parts.push(count(to_send, "change", "changes") + " to send");
    }
    if let Some(n) = to_receive.filter(|n| *n > 0) {
        parts.push(format!("{n} to receive"));
    }
    if conflicts > 0 {
        parts.push(count(conflicts, "conflict", "conflicts") + " to resolve");
    }
    if parts.is_empty() {
        if to_receive.is_some() {
            "synced"
        } else {
            "nothing to send"
        }
        .to_owned()
    } else {
        parts.join(", ")
    }
}

/// Each conflicting row with this copy's version and the hub's.
fn conflict_rows(project: &tamga::project::Project) -> anyhow::Result<Vec<serde_json::Value>> {
    let store = project.store();
    let mine: std::collections::HashMap<(String, String), String> = store
        .shared_rows()?
        .into_iter()
        .map(|r| ((r.kind.to_owned(), r.key), r.content))
        .collect();
    Ok(store
        .hub_conflicts()?
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "conflict": c.conflict,
                "kind": c.theirs.kind,
                "key": c.theirs.key,
                "reason": c.reason,
                "mine": mine.get(&(c.theirs.kind.clone(), c.theirs.key.clone())),
                "theirs": c.theirs.content,
                "found_at": c.found_at,
            })
        })
        .collect())
}

pub fn sync(args: &SyncArgs, coder: &str) -> anyhow::Result<bool> {
    let mut project = super::open(&args.file, coder)?;
    let mut hub = hub::connect_for(project.store())?;
    let report = hub::sync(&mut project, &mut hub, &hub::SyncOptions::default())
        .with_context(|| format!("cannot sync {}", args.file.display()))?;
    if args.json {
        super::print_json(&serde_json::json!({
            "received": report.received,
            "sent": report.sent,
            "conflicts": report.conflicts,
            "held_back": report.held_back,
            "last_seq": report.last_seq,
            "renamed": report.renamed,
            "tls": hub.is_tls(),
        }))?;
    } else {
        outln!(
            "Synced with {}{}: {} received, {} sent; up to change set {}.",
            hub.address(),
            if hub.is_tls() { " (TLS)" } else { "" },
            count(report.received, "row", "rows"),
            report.sent,
            report.last_seq
        );
        for line in &report.renamed {
            outln!("{line}.");
        }
        if report.conflicts > 0 {
            outln!(
                "{} for a decision ({} held back until then): tamga hub conflicts {}",
                count(report.conflicts, "conflict waits", "conflicts wait"),
                count(report.held_back, "change", "changes"),
                args.file.display()
            );
        }
    }
    Ok(true)
}
