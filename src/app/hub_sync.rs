//! The team hub in the window: a worker thread keeps the open working copy in sync (every
//! half minute while the hub answers, at once when the hub signals a teammate's change set —
//! `LISTEN tamga_hub`, a signal to read, never the data — and at once on File ▸ Sync with the
//! team hub now), and
//! tells the status bar where it stands — synced, changes to send or receive, conflicts, or
//! offline. It syncs through its own connection to the file with the same `hub::sync` the CLI
//! runs; what it takes in is committed before the window shows it, and the window reads the
//! project again. Conflicts are listed in a dialog and resolved with undoable edits.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use crate::hub::{self, HubError, SyncOptions};
use crate::project::Project;

/// How often the worker syncs by itself.
const AUTO_SYNC: Duration = Duration::from_secs(30);

/// How often the worker looks for the hub's signal (`NOTIFY tamga_hub`) between syncs.
const LISTEN_SLICE: Duration = Duration::from_millis(500);

/// Where the working copy stands with its hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubState {
    /// Connecting or syncing.
    Syncing,
    /// Nothing to send, nothing to receive.
    Synced,
    /// Changes waiting in one direction or both.
    Pending {
        /// Rows changed here.
        to_send: usize,
        /// Rows changed on the hub.
        to_receive: i64,
    },
    /// Conflicts wait for a decision (changes that depend on them wait too).
    Conflicts(usize),
    /// The hub cannot be reached; work goes on here and syncs later.
    Offline(String),
    /// The hub refused (a reader's copy, a newer hub, a login that fails).
    Refused(String),
}

enum Request {
    SyncNow,
    Check,
}

struct Update {
    state: HubState,
    received: bool,
}

/// The sync worker of the open project.
pub struct HubSync {
    tx: Sender<Request>,
    rx: Receiver<Update>,
    /// Where the copy stands, as last reported.
    pub state: HubState,
    /// The hub's address, without password.
    pub address: String,
    /// When the worker last reported.
    pub updated: Option<Instant>,
}

impl HubSync {
    /// Starts syncing the open project if it is a working copy of a hub (`None` otherwise).
    pub fn start(
        project: &Project,
        wake: impl Fn() + Send + 'static,
    ) -> Option<Result<HubSync, String>> {
        let store = project.store();
        let link = store.hub_link().ok()??;
        if store.is_read_only() {
            return None;
        }
        let companion = match store.companion() {
            Ok(s) => s,
            Err(e) => return Some(Err(e.to_string())),
        };
        let coder = project.coder().to_owned();
        let (tx, worker_rx) = channel::<Request>();
        let (worker_tx, rx) = channel::<Update>();
        let started = std::thread::Builder::new()
            .name("hub sync".into())
            .spawn(move || {
                let Ok(mut copy) = Project::with_store(companion, &coder) else {
                    return;
                };
                worker(&mut copy, &worker_rx, &worker_tx, &wake);
            });
        if let Err(e) = started {
            return Some(Err(format!("cannot start syncing ({e})")));
        }
        Some(Ok(HubSync {
            tx,
            rx,
            state: HubState::Syncing,
            address: link.url,
            updated: None,
        }))
    }

    /// Syncs now.
    pub fn sync_now(&mut self) {
        if self.tx.send(Request::SyncNow).is_ok() {
            self.state = HubState::Syncing;
        }
    }

    /// Counts again what there is to send (after a change here).
    pub fn check(&self) {
        let _ = self.tx.send(Request::Check);
    }

    /// Takes in the worker's reports; `true` when it brought rows in (the window reads the
    /// project again).
    pub fn poll(&mut self) -> bool {
        let mut received = false;
        while let Ok(update) = self.rx.try_recv() {
            received |= update.received;
            self.state = update.state;
            self.updated = Some(Instant::now());
        }
        received
    }

    /// The status bar's words.
    pub fn label(&self) -> String {
        match &self.state {
            HubState::Syncing => "Hub: syncing…".into(),
            HubState::Synced => "Hub: synced".into(),
            HubState::Pending {
                to_send,
                to_receive,
            } => {
                let mut parts = Vec::new();
                if *to_send > 0 {
                    parts.push(format!("{to_send} to send"));
                }
                if *to_receive > 0 {
                    parts.push(format!("{to_receive} to receive"));
                }
                format!("Hub: {}", parts.join(", "))
            }
            HubState::Conflicts(1) => "Hub: 1 conflict to resolve".into(),
            HubState::Conflicts(n) => format!("Hub: {n} conflicts to resolve"),
            HubState::Offline(_) => "Hub: offline".into(),
            HubState::Refused(_) => "Hub: refused".into(),
        }
    }

    /// The status bar's tooltip.
    pub fn hint(&self) -> String {
        let what = match &self.state {
            HubState::Offline(reason) => format!(
                "{reason}\nYour work is kept here and goes up when the hub answers again."
            ),
            HubState::Refused(reason) => reason.clone(),
            HubState::Conflicts(_) => {
                "A row changed here and on the hub since they last agreed. Click to choose whose version stays.".into()
            }
            _ => "Click to sync now. Tamga also syncs when a teammate's changes reach the hub, and every half minute.".into(),
        };
        format!("{}\n{what}", self.address)
    }
}

fn worker(
    project: &mut Project,
    rx: &Receiver<Request>,
    tx: &Sender<Update>,
    wake: &(dyn Fn() + Send),
) {
    let mut hub: Option<hub::Hub> = None;
    let mut next_sync = Instant::now();
    let id = project
        .store()
        .hub_link()
        .ok()
        .flatten()
        .map(|l| l.project)
        .unwrap_or_default();
    loop {
        // Until the next sync is due: requests from the window, and the hub's signal that a
        // teammate's change set arrived (then sync at once).
        let sync = loop {
            let wait = next_sync.saturating_duration_since(Instant::now());
            match rx.recv_timeout(wait.min(LISTEN_SLICE)) {
                Ok(Request::SyncNow) => break true,
                Ok(Request::Check) => break false,
                Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) if wait <= LISTEN_SLICE => break true,
                Err(RecvTimeoutError::Timeout) => {
                    if let Some(h) = hub.as_mut() {
                        match h.changed_elsewhere(&id) {
                            Ok(false) => {}
                            Ok(true) => break true,
                            Err(e) => {
                                tracing::info!("the hub's signal was lost: {e}");
                                hub = None;
                                break true;
                            }
                        }
                    }
                }
            }
        };
        if sync {
            next_sync = Instant::now() + AUTO_SYNC;
        }
        let send = |state: HubState, received: bool| {
            let _ = tx.send(Update { state, received });
            wake();
        };
        if hub.is_none() {
            match hub::connect_for(project.store()) {
                Ok(mut h) => {
                    // Without the signal, the half-minute syncs still run.
                    if let Err(e) = h.listen() {
                        tracing::info!("the hub will not signal changes: {e}");
                    }
                    hub = Some(h);
                }
                Err(e) => {
                    send(failed(&e), false);
                    continue;
                }
            }
        }
        let Some(h) = hub.as_mut() else { continue };
        let mut received = false;
        if sync {
            match hub::sync(project, h, &SyncOptions::default()) {
                Ok(report) => {
                    for line in &report.renamed {
                        tracing::info!("{line}");
                    }
                    received = report.received > 0 || !report.renamed.is_empty();
                }
                Err(e) => {
                    tracing::warn!("sync failed: {e}");
                    if e.is_offline() {
                        hub = None;
                    }
                    send(failed(&e), false);
                    continue;
                }
            }
        }
        match hub::status(project.store(), h) {
            Ok(s) if s.conflicts > 0 => send(HubState::Conflicts(s.conflicts), received),
            Ok(s) if s.to_send == 0 && s.to_receive == 0 => send(HubState::Synced, received),
            Ok(s) => send(
                HubState::Pending {
                    to_send: s.to_send,
                    to_receive: s.to_receive,
                },
                received,
            ),
            Err(e) => {
                if e.is_offline() {
                    hub = None;
                }
                send(failed(&e), received);
            }
        }
    }
}

fn failed(e: &HubError) -> HubState {
    if e.is_offline() || matches!(e, HubError::Busy(_)) {
        HubState::Offline(e.to_string())
    } else {
        HubState::Refused(e.to_string())
    }
}
