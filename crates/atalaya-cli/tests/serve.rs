//! `atalaya serve` and `atalaya server …` as an operator scripts them: the real binary as a
//! server process on `127.0.0.1:0`, its URL and fingerprint read from its standard output,
//! users and devices administered by other processes while it runs, requests over TLS pinned
//! to the printed fingerprint, and a clean stop on SIGTERM.

mod support;

use std::path::Path;
use std::process::Stdio;

use atalaya::server::{DeviceId, Fingerprint, pinned_client_config};
use support::serve::ServeProcess;
use support::{Run, bin};

use support::serve::USER_PASSWORD as PASSWORD;

/// `atalaya server ARGS… --data DATA`, with `env` set.
fn server_cmd(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = bin();
    command.arg("server").args(args).arg("--data").arg(data);
    command.env_remove("ATALAYA_USER_PASSWORD");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap().into()
}

/// Same, feeding `stdin`.
fn server_cmd_stdin(data: &Path, args: &[&str], stdin: &str) -> Run {
    use std::io::Write;
    let mut child = bin()
        .arg("server")
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("ATALAYA_USER_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap().into()
}

fn pinned_client(fingerprint: &str) -> reqwest::blocking::Client {
    let fingerprint: Fingerprint = fingerprint.parse().expect("a fingerprint");
    reqwest::blocking::Client::builder()
        .tls_backend_preconfigured(pinned_client_config(fingerprint))
        .build()
        .unwrap()
}

fn json(response: reqwest::blocking::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let body = response.bytes().unwrap();
    let value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&body)));
    (status, value)
}

#[test]
fn given_a_served_data_dir_when_an_admin_scripts_users_and_devices_then_all_of_it_works_over_pinned_tls()
 {
    let data = tempfile::tempdir().unwrap();
    let server = ServeProcess::start(data.path());
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );
    assert_eq!(server.fingerprint.len(), 95, "{}", server.fingerprint);

    // Users: one with the password in the environment, one with it on standard input.
    let added = server_cmd(
        data.path(),
        &[
            "user",
            "add",
            "ana",
            "--role",
            "analyst",
            "--jurisdiction",
            "all",
        ],
        &[("ATALAYA_USER_PASSWORD", PASSWORD)],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(added.stdout.contains("ana"), "{}", added.stdout);
    let added = server_cmd_stdin(
        data.path(),
        &[
            "user",
            "add",
            "pedro",
            "--role",
            "field",
            "--jurisdiction",
            "C3",
        ],
        "contraseña de pedro\n",
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    let users = server_cmd(data.path(), &["user", "list", "--format", "json"], &[]);
    let users: serde_json::Value = serde_json::from_str(&users.stdout).unwrap();
    assert_eq!(
        users,
        serde_json::json!([
            {"username": "ana", "role": "analyst", "jurisdiction": "all"},
            {"username": "pedro", "role": "field", "jurisdiction": {"cuadrantes": ["C3"]}},
        ])
    );

    // The server answers over TLS pinned to the printed fingerprint.
    let http = pinned_client(&server.fingerprint);
    let (status, health) = json(http.get(format!("{}/health", server.url)).send().unwrap());
    assert_eq!((status, health["status"].as_str()), (200, Some("ok")));

    // A device registers with ana's credentials.
    let device = DeviceId::new();
    let registration = serde_json::json!({
        "username": "ana", "password": PASSWORD, "device": device, "name": "laptop 3",
    });
    let (status, registered) = json(
        http.post(format!("{}/v1/devices", server.url))
            .header("content-type", "application/json")
            .body(registration.to_string())
            .send()
            .unwrap(),
    );
    assert_eq!(status, 201, "{registered}");
    let token = registered["token"].as_str().expect("a token").to_owned();

    // The administrator sees it, revokes it, and its token stops working.
    let listed = server_cmd(data.path(), &["device", "list"], &[]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(
        listed.stdout.contains(&device.to_string()),
        "{}",
        listed.stdout
    );
    assert!(listed.stdout.contains("laptop 3"), "{}", listed.stdout);
    assert!(listed.stdout.contains("active"), "{}", listed.stdout);
    let revoked = server_cmd(data.path(), &["device", "revoke", &device.to_string()], &[]);
    assert_eq!(revoked.code, 0, "{}", revoked.stderr);
    let listed = server_cmd(data.path(), &["device", "list", "--format", "json"], &[]);
    let listed: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(listed[0]["device"], device.to_string());
    assert_eq!(listed[0]["revoked"], true);
    let (status, refused) = json(
        http.get(format!("{}/v1/admin/devices", server.url))
            .bearer_auth(&token)
            .send()
            .unwrap(),
    );
    assert_eq!(
        (status, refused["code"].as_str()),
        (403, Some("device_revoked"))
    );

    // SIGTERM stops it cleanly.
    let status = server.terminate();
    assert!(status.success(), "atalaya serve exited with {status}");
}

#[test]
fn given_a_restart_then_serve_prints_the_same_fingerprint() {
    let data = tempfile::tempdir().unwrap();
    let first = ServeProcess::start(data.path());
    let fingerprint = first.fingerprint.clone();
    assert!(first.terminate().success());

    let second = ServeProcess::start(data.path());

    assert_eq!(second.fingerprint, fingerprint);
    assert!(second.terminate().success());
}

#[test]
fn given_plain_http_on_a_public_address_then_serve_refuses() {
    let data = tempfile::tempdir().unwrap();
    let run: Run = bin()
        .args(["serve", "--listen", "0.0.0.0:0", "--tls", "off", "--data"])
        .arg(data.path())
        .output()
        .unwrap()
        .into();

    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("refusing plain HTTP"), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn given_bad_arguments_then_admin_commands_exit_2() {
    let data = tempfile::tempdir().unwrap();
    let short = server_cmd(
        data.path(),
        &["user", "add", "ana", "--role", "analyst"],
        &[("ATALAYA_USER_PASSWORD", "short")],
    );
    assert_eq!(short.code, 2, "{}", short.stderr);
    assert!(short.stderr.contains("at least 8"), "{}", short.stderr);

    let field_everywhere = server_cmd(
        data.path(),
        &[
            "user",
            "add",
            "pedro",
            "--role",
            "field",
            "--jurisdiction",
            "all",
        ],
        &[("ATALAYA_USER_PASSWORD", PASSWORD)],
    );
    assert_eq!(field_everywhere.code, 2, "{}", field_everywhere.stderr);
    let users = server_cmd(data.path(), &["user", "list", "--format", "json"], &[]);
    assert_eq!(users.stdout.trim(), "[]", "nothing was added");

    let bad_role = server_cmd(
        data.path(),
        &["user", "add", "ana", "--role", "chief"],
        &[("ATALAYA_USER_PASSWORD", PASSWORD)],
    );
    assert_eq!(bad_role.code, 2, "{}", bad_role.stderr);
}
