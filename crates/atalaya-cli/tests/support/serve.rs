//! A real `atalaya serve` process for the tests: started on `127.0.0.1:0`, its URL and
//! certificate fingerprint read from its standard output.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{Run, bin, ok};

/// The password of the users [`add_user`] adds.
pub const USER_PASSWORD: &str = "contraseña de ana";

/// A running `atalaya serve`; killed if the test ends before it stops.
pub struct ServeProcess {
    child: Child,
    /// The URL it printed.
    pub url: String,
    /// The certificate fingerprint it printed.
    pub fingerprint: String,
}

impl ServeProcess {
    /// Start `atalaya serve --listen 127.0.0.1:0 --data DATA` and read what it prints.
    pub fn start(data: &Path) -> Self {
        Self::start_on(data, "127.0.0.1:0")
    }

    /// The same on a given address.
    pub fn start_on(data: &Path, listen: &str) -> Self {
        Self::start_with(data, listen, &[])
    }

    /// The same with more arguments (`--tls CERT,KEY`).
    pub fn start_with(data: &Path, listen: &str, more: &[&str]) -> Self {
        let mut child = bin()
            .args(["serve", "--listen", listen, "--data"])
            .arg(data)
            .args(more)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("atalaya serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    return;
                }
            }
        });
        let next = |label: &str| {
            let line = received
                .recv_timeout(Duration::from_secs(60))
                .unwrap_or_else(|_| panic!("no `{label}` line from atalaya serve"));
            line.strip_prefix(&format!("{label}: "))
                .unwrap_or_else(|| panic!("expected `{label}: …`, got {line:?}"))
                .to_owned()
        };
        let url = next("url");
        let fingerprint = next("fingerprint");
        Self {
            child,
            url,
            fingerprint,
        }
    }

    /// SIGTERM, then wait (at most 30 s) for the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success(), "kill -TERM {pid}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "atalaya serve did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl ServeProcess {
    /// SIGKILL, as a power cut would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server on a new data folder `server` in `dir`; returns the folder and the server.
pub fn serve_in(dir: &tempfile::TempDir) -> (std::path::PathBuf, ServeProcess) {
    let data = dir.path().join("server");
    std::fs::create_dir_all(&data).unwrap();
    let server = ServeProcess::start(&data);
    (data, server)
}

/// Add `name` as an analyst for the whole comuna, with [`USER_PASSWORD`].
pub fn add_user(data: &Path, name: &str) {
    add_user_as(data, name, "analyst", "all");
}

/// Add `name` with this role and jurisdiction (`all` or cuadrante codes, `C3,C4`), with
/// [`USER_PASSWORD`].
pub fn add_user_as(data: &Path, name: &str, role: &str, jurisdiction: &str) {
    let run: Run = bin()
        .args([
            "server",
            "user",
            "add",
            name,
            "--role",
            role,
            "--jurisdiction",
            jurisdiction,
        ])
        .arg("--data")
        .arg(data)
        .env("ATALAYA_USER_PASSWORD", USER_PASSWORD)
        .output()
        .unwrap()
        .into();
    ok(run);
}

/// `atalaya sync` against the server, registering as `user` when given.
pub fn sync(db: &Path, server: &ServeProcess, user: Option<&str>) -> Run {
    let mut args = vec![
        "sync",
        "--server",
        server.url.as_str(),
        "--fingerprint",
        server.fingerprint.as_str(),
    ];
    if let Some(user) = user {
        args.extend(["--user", user]);
    }
    let run: Run = bin()
        .arg("--db")
        .arg(db)
        .args(&args)
        .env("ATALAYA_PASSPHRASE", super::PASS)
        .env("ATALAYA_USER_PASSWORD", USER_PASSWORD)
        .output()
        .unwrap()
        .into();
    ok(run)
}
