//! TLS: a real server on `127.0.0.1:0` serving a self-signed certificate (or given PEM files),
//! reached by a reqwest client that trusts only the pinned fingerprint.

use atalaya_server::tls::{SELF_SIGNED_CERT_FILE, SELF_SIGNED_KEY_FILE};
use atalaya_server::{
    Fingerprint, RunningServer, SchemaVersion, ServerConfig, ServerError, Tls, pinned_client_config,
};
use std::path::Path;

/// A server over the data directory `dir` with this TLS setting, stopped when dropped.
struct TlsServer {
    server: Option<RunningServer>,
    runtime: tokio::runtime::Runtime,
}

impl TlsServer {
    fn start(dir: &Path, tls: Tls) -> Result<Self, ServerError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), dir, SchemaVersion(6));
        config.tls = tls;
        let server = runtime.block_on(atalaya_server::serve(config))?;
        Ok(Self {
            server: Some(server),
            runtime,
        })
    }

    fn running(&self) -> &RunningServer {
        self.server.as_ref().expect("running")
    }

    fn url(&self) -> String {
        self.running().url()
    }

    fn fingerprint(&self) -> Fingerprint {
        self.running()
            .fingerprint()
            .expect("a TLS server has a fingerprint")
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            self.runtime
                .block_on(server.shutdown())
                .expect("clean shutdown");
        }
    }
}

/// `GET /health` through a client that pins `pinned`.
fn health(url: &str, pinned: Fingerprint) -> Result<serde_json::Value, reqwest::Error> {
    let client = reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(pinned_client_config(pinned))
        .build()?;
    let reply = client.get(format!("{url}/health")).send()?;
    assert_eq!(reply.status(), 200);
    Ok(serde_json::from_slice(&reply.bytes()?).expect("JSON"))
}

/// The whole chain of an error's messages.
fn messages(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        out.push_str(" / ");
        out.push_str(&e.to_string());
        source = e.source();
    }
    out
}

#[test]
fn given_a_self_signed_server_when_a_client_pins_its_fingerprint_then_health_answers() {
    let dir = tempfile::tempdir().unwrap();
    let server = TlsServer::start(dir.path(), Tls::SelfSigned).expect("starts");

    assert!(
        server.url().starts_with("https://127.0.0.1:"),
        "{}",
        server.url()
    );
    let answer = health(&server.url(), server.fingerprint()).expect("pinned request succeeds");
    assert_eq!(answer["status"], "ok");
}

#[test]
fn given_a_wrong_pinned_fingerprint_then_the_connection_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = TlsServer::start(dir.path(), Tls::SelfSigned).expect("starts");
    let mut wrong = *server.fingerprint().as_bytes();
    wrong[0] ^= 0xff;
    let wrong: Fingerprint = hex::encode(wrong).parse().unwrap();

    let error = health(&server.url(), wrong).expect_err("a wrong pin is refused");

    let text = messages(&error);
    assert!(text.contains("not the pinned"), "{text}");
    // The server is unharmed by the failed handshake.
    health(&server.url(), server.fingerprint()).expect("the right pin still works");
}

#[test]
fn given_a_restart_then_the_same_certificate_is_served() {
    let dir = tempfile::tempdir().unwrap();
    let first = TlsServer::start(dir.path(), Tls::SelfSigned).expect("starts");
    let pinned = first.fingerprint();
    drop(first);

    let second = TlsServer::start(dir.path(), Tls::SelfSigned).expect("restarts");

    assert_eq!(second.fingerprint(), pinned);
    health(&second.url(), pinned).expect("the old pin works after a restart");
}

#[cfg(unix)]
#[test]
fn given_a_first_start_then_the_certificate_and_key_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let _server = TlsServer::start(dir.path(), Tls::SelfSigned).expect("starts");

    for file in [SELF_SIGNED_CERT_FILE, SELF_SIGNED_KEY_FILE] {
        let mode = std::fs::metadata(dir.path().join(file))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
}

#[test]
fn given_pem_files_then_the_server_serves_them() {
    let made = tempfile::tempdir().unwrap();
    let pinned = TlsServer::start(made.path(), Tls::SelfSigned)
        .expect("makes a certificate")
        .fingerprint();
    let files = Tls::Files {
        cert: made.path().join(SELF_SIGNED_CERT_FILE),
        key: made.path().join(SELF_SIGNED_KEY_FILE),
    };

    let dir = tempfile::tempdir().unwrap();
    let server = TlsServer::start(dir.path(), files).expect("starts");

    assert_eq!(server.fingerprint(), pinned);
    health(&server.url(), pinned).expect("pinned request succeeds");
}

#[test]
fn given_a_file_that_is_not_pem_then_the_server_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    std::fs::write(&cert, "not a certificate").unwrap();
    let files = Tls::Files {
        cert: cert.clone(),
        key: cert,
    };

    let error = TlsServer::start(dir.path(), files).err().expect("refused");

    assert_eq!(error.code(), "tls", "{error}");
}

#[test]
fn given_plain_http_on_a_public_address_then_the_server_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let config = ServerConfig::new("0.0.0.0:0".parse().unwrap(), dir.path(), SchemaVersion(6));

    let error = runtime
        .block_on(atalaya_server::serve(config))
        .expect_err("refused");

    assert_eq!(error.code(), "plain_http_off_loopback");
}

#[test]
fn fingerprints_read_the_forms_people_paste() {
    let colons = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    let check = |text: &str| {
        let fingerprint: Fingerprint = text.parse().expect(text);
        assert_eq!(fingerprint.to_string(), colons, "{text}");
    };
    check(colons);
    check(&colons.to_lowercase());
    check(&colons.replace(':', ""));
    check(&format!("sha256 Fingerprint={colons}"));
    check(&format!("sha256:{}", colons.to_lowercase()));
    for bad in [
        "",
        "AB:CD",
        &format!("{colons}:00"),
        &colons.replace('A', "G"),
    ] {
        let error = bad.parse::<Fingerprint>().expect_err(bad);
        assert_eq!(error.code(), "invalid_fingerprint");
    }
}

#[test]
fn tls_settings_read_as_the_command_line_writes_them() {
    let check = |text: &str, expected: Tls| assert_eq!(text.parse::<Tls>().unwrap(), expected);
    check("self-signed", Tls::SelfSigned);
    check("off", Tls::Off);
    check(
        "/etc/a.pem,/etc/b.pem",
        Tls::Files {
            cert: "/etc/a.pem".into(),
            key: "/etc/b.pem".into(),
        },
    );
    for bad in ["", "on", "cert.pem", "cert.pem,", ",key.pem"] {
        assert_eq!(
            bad.parse::<Tls>().unwrap_err().code(),
            "invalid_tls_setting"
        );
    }
}
