//! A real PostgreSQL for the tests: `initdb` and `pg_ctl` from the system's PostgreSQL
//! (`/usr/lib/postgresql/<version>/bin`), a cluster in a temp dir on a free loopback port,
//! run as `nobody` when the tests run as root (PostgreSQL refuses root). One cluster per
//! test, one fresh database per storage; the cluster is stopped by the guard's drop.

use super::Backend;
use atalaya_server::{Database, StorageConfig};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A running PostgreSQL cluster; each `storage` is a new database in it.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    as_nobody: bool,
    databases: AtomicU32,
    _dir: tempfile::TempDir,
}

impl Postgres {
    /// Start a cluster (panics with the reason when PostgreSQL is not installed).
    pub fn start() -> Self {
        let bin = server_bin();
        let dir = tempfile::tempdir().expect("temp dir");
        let as_nobody = is_root();
        let data = dir.path().join("data");
        if as_nobody {
            run(Command::new("chown").args(["nobody", &dir.path().to_string_lossy()]));
        }
        let port = free_port();
        let pg = Self {
            bin,
            data,
            port,
            as_nobody,
            databases: AtomicU32::new(0),
            _dir: dir,
        };
        let data = pg.data.to_string_lossy().into_owned();
        run(pg.command("initdb").args([
            "-D",
            &data,
            "-U",
            "postgres",
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ]));
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
        );
        let log = pg.data.parent().unwrap().join("postgres.log");
        run(pg.command("pg_ctl").args([
            "-D",
            &data,
            "-o",
            &options,
            "-l",
            &log.to_string_lossy(),
            "-w",
            "start",
        ]));
        pg
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_nobody {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn url(&self, database: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname={database}",
            self.port
        )
    }
}

impl Backend for Postgres {
    fn storage(&self, dir: &Path) -> StorageConfig {
        let n = self.databases.fetch_add(1, Ordering::Relaxed);
        let name = format!("atalaya_test_{n}");
        let mut client = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("connect to the test cluster");
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create a test database");
        StorageConfig {
            data_dir: dir.to_owned(),
            database: Database::Postgres {
                url: self.url(&name),
            },
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data.to_string_lossy().into_owned();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "stop"])
            .output();
    }
}

fn server_bin() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed (/usr/lib/postgresql): `make` installs it")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("no /usr/lib/postgresql/*/bin/initdb")
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("id -u");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().unwrap().port()
}

fn run(command: &mut Command) {
    let out = command.output().expect("the command starts");
    assert!(
        out.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
