//! The window's sync sessions: at most one at a time, whether a person clicked "Sincronizar
//! ahora" or the background loop's time came, and an update to the UI after each (event
//! [`SYNC_EVENT`]). The session itself is `atalaya::sync::sync_shared`, which borrows the open
//! store only for the steps that read or write it, so the map and table answer while it waits
//! for the network. The background loop follows `atalaya::sync::SyncSchedule` (its interval
//! from `ATALAYA_SYNC_INTERVAL`, back-off while the server is unreachable) and idles while the
//! store is locked or no server is remembered, looking again every [`READY_POLL`]: the first
//! session runs as soon as the store is unlocked, not one interval later.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use atalaya::Workspace;
use atalaya::sync::{
    Backoff, SyncError, SyncOptions, SyncReport, SyncSchedule, SyncStatus, WorkspaceAccess,
    sync_shared,
};
use serde::Serialize;

use crate::error::CommandError;
use crate::session::Session;

/// How often the background loop looks whether the store is unlocked and knows a server.
const READY_POLL: Duration = Duration::from_secs(2);

/// The event the UI listens to.
pub const SYNC_EVENT: &str = "sync-update";

/// What the UI hears when a session starts (`running`) and when it ends (the rest).
#[derive(Debug, Clone, Serialize)]
pub struct SyncUpdate {
    /// A session is under way.
    pub running: bool,
    /// The store's sync state after the session.
    pub status: Option<SyncStatus>,
    /// What the session did, when it completed.
    pub report: Option<SyncReport>,
    /// Why it failed, when it did.
    pub error: Option<CommandError>,
}

type Emit = Box<dyn Fn(&SyncUpdate) + Send + Sync>;

/// Managed state: the running session, if any, and the last one's outcome.
#[derive(Clone)]
pub struct SyncRunner(Arc<Inner>);

struct Inner {
    state: Mutex<RunState>,
    finished: Condvar,
    schedule: SyncSchedule,
    emit: OnceLock<Emit>,
}

#[derive(Default)]
struct RunState {
    running: bool,
    /// Sessions finished so far (a waiter knows its session ended when this moves).
    finished: u64,
    last: Option<Result<SyncReport, CommandError>>,
}

/// The app's sessions give up on an unreachable server quickly: the loop's back-off, not the
/// client's, decides when to try again.
const APP_BACKOFF: Backoff = Backoff {
    attempts: 2,
    first_delay: Duration::from_millis(500),
    max_delay: Duration::from_secs(1),
};

impl SyncRunner {
    /// A runner with this background rhythm.
    pub fn new(schedule: SyncSchedule) -> Self {
        Self(Arc::new(Inner {
            state: Mutex::new(RunState::default()),
            finished: Condvar::new(),
            schedule,
            emit: OnceLock::new(),
        }))
    }

    /// `ATALAYA_SYNC_INTERVAL` (seconds; `0`: no background sync), else every minute.
    pub fn from_env() -> Self {
        Self::new(SyncSchedule::from_setting(
            std::env::var("ATALAYA_SYNC_INTERVAL").ok().as_deref(),
        ))
    }

    /// Where updates go (the window's event); set once at start-up.
    pub fn on_update(&self, emit: impl Fn(&SyncUpdate) + Send + Sync + 'static) {
        let _ = self.0.emit.set(Box::new(emit));
    }

    fn state(&self) -> MutexGuard<'_, RunState> {
        self.0.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn emit(&self, update: &SyncUpdate) {
        if let Some(emit) = self.0.emit.get() {
            emit(update);
        }
    }

    /// One session now. While another one runs, waits for it and answers its outcome instead
    /// of starting a second.
    pub fn run(&self, session: &Session) -> Result<SyncReport, CommandError> {
        let mut state = self.state();
        if state.running {
            let target = state.finished + 1;
            while state.finished < target {
                state = self
                    .0
                    .finished
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            return state
                .last
                .clone()
                .unwrap_or_else(|| Err(CommandError::internal("no sync outcome")));
        }
        state.running = true;
        drop(state);
        let _done = Finished(self.clone());
        self.emit(&SyncUpdate {
            running: true,
            status: None,
            report: None,
            error: None,
        });
        let options = SyncOptions {
            backoff: APP_BACKOFF,
            ..SyncOptions::default()
        };
        let outcome = sync_shared(session, &options).map_err(CommandError::from);
        self.state().last = Some(outcome.clone());
        self.emit(&SyncUpdate {
            running: false,
            status: session.with_workspace(Workspace::sync_status).ok(),
            report: outcome.as_ref().ok().cloned(),
            error: outcome.as_ref().err().cloned(),
        });
        outcome
    }

    /// Starts the background loop on its own thread (nothing when the interval is 0).
    pub fn start_background(&self, session: Session) {
        if !self.0.schedule.enabled() {
            return;
        }
        let runner = self.clone();
        let spawned = std::thread::Builder::new()
            .name("atalaya-sync".into())
            .spawn(move || runner.background(&session));
        if let Err(e) = spawned {
            eprintln!("atalaya-desktop: background sync not started: {e}");
        }
    }

    fn background(&self, session: &Session) {
        let mut unreachable = 0;
        loop {
            // The first session runs as soon as the store is unlocked and knows a server.
            let configured = session
                .with_workspace(Workspace::sync_configured)
                .unwrap_or(false);
            if !configured {
                std::thread::sleep(READY_POLL);
                continue;
            }
            match self.run(session) {
                Err(e) if e.code() == "unreachable" => unreachable += 1,
                _ => unreachable = 0,
            }
            std::thread::sleep(self.0.schedule.delay_after(unreachable));
        }
    }
}

/// Marks the running session finished however it ends, and wakes whoever waits for it.
struct Finished(SyncRunner);

impl Drop for Finished {
    fn drop(&mut self) {
        let mut state = self.0.state();
        state.running = false;
        state.finished += 1;
        drop(state);
        self.0.0.finished.notify_all();
    }
}

/// A session step borrows the open store for its length only; a locked store ends the session.
impl WorkspaceAccess for Session {
    fn lend<R>(
        &self,
        step: impl FnOnce(&mut Workspace) -> Result<R, SyncError>,
    ) -> Result<R, SyncError> {
        self.with_open_workspace(step)
            .unwrap_or(Err(SyncError::StoreClosed))
    }
}
