//! The HTTP side: reqwest over rustls with the server's certificate pinned by fingerprint (or,
//! without one, signed by an authority the system trusts; an untrusted certificate is final),
//! sync frames in and out, device registration, and retries with exponential back-off on
//! transient failures (connection refused or cut, 5xx, 429). Requests are safe to repeat:
//! a push is idempotent by device change numbers, a pull by cursor.

use std::str::FromStr;
use std::time::Duration;

use atalaya_model::DeviceId;
use atalaya_server::http::SYNC_CONTENT_TYPE;
use atalaya_server::{Fingerprint, pinned_client_config, system_client_config};
use atalaya_sync::wire::{Limits, ProtocolVersion, SchemaVersion, ServerVersions, decode, encode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::SyncError;

/// How often and how patiently to retry.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    /// Attempts per request (at least 1).
    pub attempts: u32,
    /// Wait before the second attempt; doubled each time.
    pub first_delay: Duration,
    /// The longest wait.
    pub max_delay: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            attempts: 6,
            first_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// A connection to one sync server.
pub struct SyncClient {
    http: reqwest::blocking::Client,
    url: String,
    backoff: Backoff,
    token: Option<String>,
}

/// What the server answers a registration (the fields the client keeps).
#[derive(serde::Deserialize)]
struct Registration {
    token: String,
    user: RegisteredUser,
}

/// Who a registered device syncs as.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct RegisteredUser {
    /// Login name.
    pub username: String,
    /// `analyst`, `supervisor`, `field` or `admin`.
    pub role: String,
    /// What the user may see and change (a server before this field: not said).
    #[serde(default)]
    pub jurisdiction: Option<RegisteredJurisdiction>,
}

/// A user's jurisdiction as the server words it at registration.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegisteredJurisdiction {
    /// The whole comuna.
    All,
    /// The records of these cuadrantes only.
    Cuadrantes(Vec<String>),
}

enum Failure {
    Transient(String),
    Final(SyncError),
}

impl SyncClient {
    /// A client for `url`; an `https` server's certificate is pinned by `fingerprint`, or else
    /// must be signed by an authority the system trusts.
    pub fn new(url: &str, fingerprint: Option<&str>, backoff: Backoff) -> Result<Self, SyncError> {
        let url = url.trim_end_matches('/').to_owned();
        let mut builder = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(120))
            .connect_timeout(Duration::from_secs(10));
        if url.starts_with("https://") {
            let config = match fingerprint {
                Some(text) => {
                    let pinned =
                        Fingerprint::from_str(text).map_err(|_| SyncError::BadFingerprint {
                            value: text.to_owned(),
                        })?;
                    pinned_client_config(pinned)
                }
                // No fingerprint: a certificate a trusted authority signed.
                None => {
                    system_client_config().map_err(|detail| SyncError::NoTrustedAuthorities {
                        url: url.clone(),
                        detail,
                    })?
                }
            };
            builder = builder.tls_backend_preconfigured(config);
        } else {
            // Plain HTTP (a loopback server with `--tls off`): no TLS is ever negotiated, but
            // reqwest still wants a configuration; one that trusts nothing.
            builder = builder.tls_backend_preconfigured(no_tls_config());
        }
        let http = builder.build().map_err(|e| SyncError::Unreachable {
            url: url.clone(),
            attempts: 0,
            detail: e.to_string(),
        })?;
        Ok(Self {
            http,
            url,
            backoff,
            token: None,
        })
    }

    /// The server URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Use this device token from now on.
    pub fn set_token(&mut self, token: String) {
        self.token = Some(token);
    }

    /// Register `device` with a user's credentials; returns its token.
    pub fn register(
        &self,
        user: &str,
        password: &str,
        device: DeviceId,
        name: &str,
    ) -> Result<(String, RegisteredUser), SyncError> {
        let body = serde_json::json!({
            "username": user, "password": password, "device": device, "name": name,
        });
        let bytes = self.send(
            "registration",
            "/v1/devices",
            "application/json",
            body.to_string().into_bytes(),
        )?;
        let registration: Registration =
            serde_json::from_slice(&bytes).map_err(|e| SyncError::BadAnswer {
                what: "registration",
                detail: e.to_string(),
            })?;
        Ok((registration.token, registration.user))
    }

    /// The versions the server says it speaks (`GET /health`, no token needed), so that a
    /// workstation that cannot sync with it is told before it registers. `None` when the
    /// server does not say, or cannot be asked (the registration then says why).
    pub fn versions(&self) -> Result<Option<ServerVersions>, SyncError> {
        let response = match self.http.get(format!("{}/health", self.url)).send() {
            Ok(response) => response,
            Err(e) => return self.untrusted(&e).map_or(Ok(None), Err),
        };
        let Ok(bytes) = response.bytes() else {
            return Ok(None);
        };
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let number = |key: &str| json[key].as_u64();
        let (Some(newest), Some(schema)) = (number("protocol"), number("schema")) else {
            return Ok(None);
        };
        let protocol = |n: u64| ProtocolVersion(u16::try_from(n).unwrap_or(u16::MAX));
        Ok(Some(ServerVersions {
            // A server that predates the field reads its own protocol only.
            oldest_protocol: protocol(number("oldest_protocol").unwrap_or(newest)),
            newest_protocol: protocol(newest),
            schema: SchemaVersion(u32::try_from(schema).unwrap_or(u32::MAX)),
        }))
    }

    /// The error to give when a request failed because TLS refused the server's certificate
    /// (what TLS said, read from the error's text: reqwest boxes the TLS error in layers that
    /// no downcast reaches); `None` for any other failure.
    fn untrusted(&self, e: &reqwest::Error) -> Option<SyncError> {
        let text = chain(e);
        let at = text.find(INVALID_CERTIFICATE)?;
        Some(SyncError::UntrustedCertificate {
            url: self.url.clone(),
            detail: text[at + INVALID_CERTIFICATE.len()..]
                .trim_start_matches(": ")
                .to_owned(),
        })
    }

    /// POST a message as a frame and decode the answer's frame.
    pub fn exchange<T: Serialize, R: DeserializeOwned>(
        &self,
        what: &'static str,
        path: &str,
        message: &T,
    ) -> Result<R, SyncError> {
        let limits = Limits::default();
        let frame = encode(message, &limits).map_err(|e| SyncError::BadAnswer {
            what,
            detail: e.to_string(),
        })?;
        let answer = self.send(what, path, SYNC_CONTENT_TYPE, frame)?;
        decode(&answer, &limits).map_err(|e| SyncError::BadAnswer {
            what,
            detail: e.to_string(),
        })
    }

    fn send(
        &self,
        what: &'static str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<Vec<u8>, SyncError> {
        let mut delay = self.backoff.first_delay;
        let attempts = self.backoff.attempts.max(1);
        let mut last = String::new();
        for attempt in 1..=attempts {
            match self.attempt(what, path, content_type, body.clone()) {
                Ok(bytes) => return Ok(bytes),
                Err(Failure::Final(e)) => return Err(e),
                Err(Failure::Transient(detail)) => last = detail,
            }
            if attempt < attempts {
                std::thread::sleep(delay);
                delay = (delay * 2).min(self.backoff.max_delay);
            }
        }
        Err(SyncError::Unreachable {
            url: self.url.clone(),
            attempts,
            detail: last,
        })
    }

    fn attempt(
        &self,
        what: &'static str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<Vec<u8>, Failure> {
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().map_err(|e| match self.untrusted(&e) {
            // Trying again would meet the same certificate.
            Some(refused) => Failure::Final(refused),
            None => Failure::Transient(chain(&e)),
        })?;
        let status = response.status().as_u16();
        let bytes = response
            .bytes()
            .map_err(|e| Failure::Transient(chain(&e)))?
            .to_vec();
        if (200..300).contains(&status) {
            return Ok(bytes);
        }
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let text = |k: &str| json[k].as_str().unwrap_or("").to_owned();
        if status >= 500 || status == 429 {
            return Err(Failure::Transient(format!("{status} {}", text("message"))));
        }
        Err(Failure::Final(SyncError::Refused {
            what,
            status,
            code: text("code"),
            message: text("message"),
        }))
    }
}

fn no_tls_config() -> rustls::ClientConfig {
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        // Cannot fail: ring supports rustls's default protocol versions.
        .expect("ring supports the default TLS versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}

/// How rustls words a certificate it refused (`rustls::Error::InvalidCertificate`).
const INVALID_CERTIFICATE: &str = "invalid peer certificate";

/// An error with its causes, since reqwest's own message hides the useful part.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
