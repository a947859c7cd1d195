//! Transport security: the server's certificate and key (a self-signed pair made on first
//! start and kept in the data directory, or PEM files given by the operator), the rustls
//! configuration that serves them, and the certificate's SHA-256 [`Fingerprint`] that clients
//! pin ([`pinned_client_config`]), or, for a certificate an authority signed, the system's
//! authorities ([`system_client_config`]).

mod fingerprint;
mod pinning;
mod system;

pub use fingerprint::Fingerprint;
pub use pinning::pinned_client_config;
pub use system::system_client_config;

use crate::ServerError;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The self-signed certificate's file in the data directory.
pub const SELF_SIGNED_CERT_FILE: &str = "tls-cert.pem";
/// Its private key's file in the data directory (mode 0600).
pub const SELF_SIGNED_KEY_FILE: &str = "tls-key.pem";

/// The crypto every TLS configuration here uses: ring, named explicitly so that no process-wide
/// default provider has to be installed first.
pub(crate) fn crypto_provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A certificate chain, its private key and the leaf certificate's fingerprint.
pub(crate) struct Identity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    /// The fingerprint of the first certificate of the chain (the server's own).
    pub fingerprint: Fingerprint,
}

impl Identity {
    /// The rustls configuration that serves this identity (HTTP/2 and HTTP/1.1).
    pub fn server_config(self, path: &Path) -> Result<Arc<rustls::ServerConfig>, ServerError> {
        let bad = |e: rustls::Error| tls_error(path, e.to_string());
        let mut config = rustls::ServerConfig::builder_with_provider(crypto_provider())
            .with_safe_default_protocol_versions()
            .map_err(bad)?
            .with_no_client_auth()
            .with_single_cert(self.chain, self.key)
            .map_err(bad)?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

/// Load a PEM certificate chain (server certificate first) and its PEM private key.
pub(crate) fn load_pem_files(cert: &Path, key: &Path) -> Result<Identity, ServerError> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| tls_error(cert, format!("not a PEM certificate chain: {e}")))?;
    let Some(leaf) = chain.first() else {
        return Err(tls_error(cert, "holds no certificate".into()));
    };
    let fingerprint = Fingerprint::of(leaf);
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| tls_error(key, format!("not a PEM private key: {e}")))?;
    Ok(Identity {
        chain,
        key,
        fingerprint,
    })
}

/// The self-signed certificate in `data_dir`, made (with its key) the first time. Later starts
/// reuse it, so the fingerprint clients pinned stays valid. `listen` is named in the new
/// certificate besides `localhost` and the loopback addresses.
pub(crate) fn self_signed(data_dir: &Path, listen: IpAddr) -> Result<Identity, ServerError> {
    let cert_path = data_dir.join(SELF_SIGNED_CERT_FILE);
    let key_path = data_dir.join(SELF_SIGNED_KEY_FILE);
    if cert_path.exists() && key_path.exists() {
        return load_pem_files(&cert_path, &key_path);
    }
    std::fs::create_dir_all(data_dir).map_err(|source| ServerError::Io {
        action: "create the data directory",
        path: data_dir.to_owned(),
        source,
    })?;
    let (cert_pem, key_pem) = generate(listen).map_err(|e| tls_error(&cert_path, e))?;
    // The key first: a certificate on disk always has its key beside it.
    write_private(&key_path, key_pem.as_bytes())?;
    write_private(&cert_path, cert_pem.as_bytes())?;
    load_pem_files(&cert_path, &key_path)
}

/// A new ECDSA P-256 key and a certificate for it, both PEM.
fn generate(listen: IpAddr) -> Result<(String, String), String> {
    let mut names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    if !listen.is_unspecified() && !listen.is_loopback() {
        names.push(listen.to_string());
    }
    let mut params = rcgen::CertificateParams::new(names).map_err(|e| e.to_string())?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Atalaya sync server");
    let key = rcgen::KeyPair::generate().map_err(|e| e.to_string())?;
    let cert = params.self_signed(&key).map_err(|e| e.to_string())?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// Write a file readable by its owner only, through a temporary file renamed into place (a
/// crash leaves the old file or the new one, never half of one).
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ServerError> {
    let io = |source| ServerError::Io {
        action: "write",
        path: path.to_owned(),
        source,
    };
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    drop(file);
    std::fs::rename(&partial, path).map_err(io)
}

fn tls_error(path: &Path, detail: String) -> ServerError {
    ServerError::Tls {
        path: path.to_owned(),
        detail,
    }
}
