//! A small TCP proxy on loopback that can cut connections mid-stream: each connection is
//! closed on both sides once it has carried `cut_after` bytes (either way), as a dropped
//! mobile link would.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A running proxy; its threads end with the process.
pub struct CutProxy {
    /// Where clients connect.
    pub port: u16,
    cut_after: Arc<AtomicU64>,
    cuts: Arc<AtomicU64>,
    carried: Arc<AtomicU64>,
}

impl CutProxy {
    /// Forward `127.0.0.1:<port>` to `127.0.0.1:<upstream>`.
    pub fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("proxy binds");
        let port = listener.local_addr().unwrap().port();
        let cut_after = Arc::new(AtomicU64::new(0));
        let cuts = Arc::new(AtomicU64::new(0));
        let total = Arc::new(AtomicU64::new(0));
        let (budget, counted, all) = (
            Arc::clone(&cut_after),
            Arc::clone(&cuts),
            Arc::clone(&total),
        );
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                };
                let limit = budget.load(Ordering::Relaxed);
                let carried = Arc::new(AtomicU64::new(0));
                for (from, to) in [
                    (client.try_clone().unwrap(), server.try_clone().unwrap()),
                    (server, client),
                ] {
                    let meters = Meters {
                        connection: Arc::clone(&carried),
                        all: Arc::clone(&all),
                        cuts: Arc::clone(&counted),
                    };
                    std::thread::spawn(move || pump(from, to, limit, &meters));
                }
            }
        });
        Self {
            port,
            cut_after,
            cuts,
            carried: total,
        }
    }

    /// Cut each new connection after this many bytes (0: never).
    pub fn cut_after(&self, bytes: u64) {
        self.cut_after.store(bytes, Ordering::Relaxed);
    }

    /// Connections cut so far.
    pub fn cuts(&self) -> u64 {
        self.cuts.load(Ordering::Relaxed)
    }

    /// Bytes carried so far, both ways, over every connection.
    pub fn carried(&self) -> u64 {
        self.carried.load(Ordering::Relaxed)
    }
}

/// What a pump counts: its connection's bytes, every connection's bytes, and cuts.
struct Meters {
    connection: Arc<AtomicU64>,
    all: Arc<AtomicU64>,
    cuts: Arc<AtomicU64>,
}

fn pump(mut from: TcpStream, mut to: TcpStream, limit: u64, meters: &Meters) {
    let mut buf = [0u8; 4096];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let before = meters.connection.fetch_add(n as u64, Ordering::Relaxed);
        meters.all.fetch_add(n as u64, Ordering::Relaxed);
        if limit > 0 && before + n as u64 > limit {
            // Forward what fits, then drop the line both ways.
            let fits = limit.saturating_sub(before) as usize;
            let _ = to.write_all(&buf[..fits.min(n)]);
            if before <= limit {
                meters.cuts.fetch_add(1, Ordering::Relaxed);
            }
            let _ = from.shutdown(Shutdown::Both);
            let _ = to.shutdown(Shutdown::Both);
            return;
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}
