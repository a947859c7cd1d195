//! Starting and stopping a server: open the storage, bind, serve until told to stop.

use crate::http::{AppState, Metrics, router};
use crate::storage::{PostgresStorage, SqliteStorage, SyncStorage};
use crate::{Database, ServerConfig, ServerError, StorageConfig, Tls};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::oneshot;
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
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    /// The address it listens on (the real port when 0 was asked).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, e.g. `http://127.0.0.1:7878`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stop accepting, let requests in flight finish, and wait until it has stopped.
    pub async fn shutdown(mut self) -> Result<(), ServerError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
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
    if config.tls != Tls::Off {
        return Err(ServerError::NotYetSupported { what: "TLS" });
    }
    if !config.listen.ip().is_loopback() {
        return Err(ServerError::PlainHttpOffLoopback {
            addr: config.listen,
        });
    }
    let io = |action, source| ServerError::Io {
        action,
        path: config.listen.to_string().into(),
        source,
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| io("listen on", e))?;
    let addr = listener.local_addr().map_err(|e| io("listen on", e))?;
    let app = router(AppState {
        storage,
        limits: config.limits,
        schema: config.schema,
        metrics: Arc::new(Metrics::default()),
    });
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
    });
    Ok(RunningServer {
        addr,
        stop: Some(stop),
        task: Some(task),
    })
}

/// Serve until Ctrl-C, on a runtime of its own (what `atalaya serve` runs). `on_ready` gets
/// the running server first (to print its URL).
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
        on_ready(&server);
        // If the signal cannot be listened for, stopping now beats running unstoppable.
        let _ = tokio::signal::ctrl_c().await;
        server.shutdown().await
    })
}
