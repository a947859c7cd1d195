//! Starting and stopping a server: open the storage, bind, serve until told to stop.

use crate::http::{AppState, Metrics, router};
use crate::storage::{PostgresStorage, SqliteStorage, SyncStorage};
use crate::tls::{self, Fingerprint};
use crate::{Database, ServerConfig, ServerError, StorageConfig, Tls};
use axum_server::Handle;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Open the storage a configuration names.
pub fn open_storage(config: &StorageConfig) -> Result<Arc<dyn SyncStorage>, ServerError> {
    match &config.database {
        Database::Sqlite => Ok(Arc::new(SqliteStorage::open(&config.data_dir)?)),
        Database::Postgres { url } => Ok(Arc::new(PostgresStorage::open(url)?)),
    }
}

/// A server accepting requests; dropping it stops accepting (in-flight requests are cut).
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    fingerprint: Option<Fingerprint>,
    handle: Handle<SocketAddr>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// How long a stopping server lets requests in flight finish before cutting them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

impl RunningServer {
    /// The address it listens on (the real port when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL: `https://127.0.0.1:7878` with TLS, `http://…` without.
    pub fn url(&self) -> String {
        let scheme = if self.fingerprint.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// The SHA-256 fingerprint of the certificate it serves (none for plain HTTP).
    pub fn fingerprint(&self) -> Option<Fingerprint> {
        self.fingerprint
    }

    /// Stop accepting, let requests in flight finish, and wait until it has stopped.
    pub async fn shutdown(mut self) -> Result<(), ServerError> {
        self.handle.graceful_shutdown(Some(SHUTDOWN_GRACE));
        let Some(task) = self.task.take() else {
            return Ok(());
        };
        match task.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(source)) => Err(ServerError::Io {
                action: "serve on",
                path: self.addr.to_string().into(),
                source,
            }),
            Err(e) => Err(ServerError::Internal {
                detail: e.to_string(),
            }),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            self.handle.shutdown();
            task.abort();
        }
    }
}

/// Open the configured storage and start serving on the current tokio runtime.
pub async fn serve(config: ServerConfig) -> Result<RunningServer, ServerError> {
    let storage_config = config.storage.clone();
    let storage = tokio::task::spawn_blocking(move || open_storage(&storage_config))
        .await
        .map_err(|e| ServerError::Internal {
            detail: e.to_string(),
        })??;
    serve_storage(config, storage).await
}

/// Start serving this storage (the configuration's storage part is not used).
pub async fn serve_storage(
    config: ServerConfig,
    storage: Arc<dyn SyncStorage>,
) -> Result<RunningServer, ServerError> {
    let tls = match &config.tls {
        Tls::Off if !config.listen.ip().is_loopback() => {
            return Err(ServerError::PlainHttpOffLoopback {
                addr: config.listen,
            });
        }
        Tls::Off => None,
        Tls::SelfSigned => {
            let identity = tls::self_signed(&config.storage.data_dir, config.listen.ip())?;
            let path = config.storage.data_dir.join(tls::SELF_SIGNED_CERT_FILE);
            Some((identity.fingerprint, identity.server_config(&path)?))
        }
        Tls::Files { cert, key } => {
            let identity = tls::load_pem_files(cert, key)?;
            Some((identity.fingerprint, identity.server_config(cert)?))
        }
    };
    let io = |action, source| ServerError::Io {
        action,
        path: config.listen.to_string().into(),
        source,
    };
    let listener = std::net::TcpListener::bind(config.listen).map_err(|e| io("listen on", e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| io("listen on", e))?;
    let addr = listener.local_addr().map_err(|e| io("listen on", e))?;
    let app = router(AppState {
        storage,
        limits: config.limits,
        schema: config.schema,
        metrics: Arc::new(Metrics::default()),
    })
    .into_make_service();
    let handle = Handle::new();
    let server = axum_server::from_tcp(listener)
        .map_err(|e| io("listen on", e))?
        .handle(handle.clone());
    let fingerprint = tls.as_ref().map(|(fingerprint, _)| *fingerprint);
    let task = match tls {
        None => tokio::spawn(server.serve(app)),
        Some((_, rustls_config)) => {
            let acceptor = RustlsAcceptor::new(RustlsConfig::from_config(rustls_config));
            tokio::spawn(server.acceptor(acceptor).serve(app))
        }
    };
    Ok(RunningServer {
        addr,
        fingerprint,
        handle,
        task: Some(task),
    })
}

/// Serve until SIGINT (Ctrl-C) or SIGTERM, on a runtime of its own (what `atalaya serve`
/// runs), then stop gracefully. `on_ready` gets the running server first (to print its URL and
/// fingerprint).
pub fn run(config: ServerConfig, on_ready: impl FnOnce(&RunningServer)) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServerError::Io {
            action: "start the runtime for",
            path: config.listen.to_string().into(),
            source,
        })?;
    runtime.block_on(async move {
        let server = serve(config).await?;
        // Listen before announcing: a SIGTERM sent as soon as the URL is read must stop the
        // server gracefully, not kill it with the default action.
        let stop = StopSignal::listen();
        on_ready(&server);
        stop.wait().await;
        server.shutdown().await
    })
}

/// SIGINT or SIGTERM, listened for from creation on.
struct StopSignal {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignal {
    fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(interrupt), Ok(terminate)) => Some((interrupt, terminate)),
                _ => None,
            };
            Self { signals }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    /// Resolves at the first signal. If the signals could not be listened for, it resolves at
    /// once: stopping now beats running unstoppable.
    async fn wait(self) {
        #[cfg(unix)]
        {
            let Some((mut interrupt, mut terminate)) = self.signals else {
                return;
            };
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
