//! Trusting certificate authorities instead of one pinned certificate: for a server whose
//! certificate the unit's (or the city's) authority signed, so that workstations need no
//! fingerprint. The authorities are the system's (Debian: `/etc/ssl/certs`), or those of the
//! PEM file or directory named by `SSL_CERT_FILE` / `SSL_CERT_DIR`.

use super::crypto_provider;

/// A TLS client configuration that trusts the system's certificate authorities (for reqwest:
/// `ClientBuilder::tls_backend_preconfigured`). Fails, saying why, when none can be read.
pub fn system_client_config() -> Result<rustls::ClientConfig, String> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = rustls::RootCertStore::empty();
    let (added, _unparsable) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        let why = found
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ");
        return Err(if why.is_empty() {
            "no certificate authority found in the system store (install ca-certificates, or set SSL_CERT_FILE)".to_owned()
        } else {
            format!("the system's certificate authorities could not be read: {why}")
        });
    }
    let mut config = rustls::ClientConfig::builder_with_provider(crypto_provider())
        .with_safe_default_protocol_versions()
        // Cannot fail: ring supports rustls's default protocol versions.
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}
