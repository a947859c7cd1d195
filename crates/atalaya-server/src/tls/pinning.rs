//! The client side of a pinned certificate: a rustls verifier that accepts exactly one server
//! certificate, named by its fingerprint, whoever signed it and whatever names it carries. A
//! self-signed server has no authority to chain to; the fingerprint its operator printed is
//! the trust.

use super::{Fingerprint, crypto_provider};
use rustls::DigitallySignedStruct;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use std::sync::Arc;

/// A TLS client configuration that trusts only the server certificate with this fingerprint
/// (for reqwest: `ClientBuilder::tls_backend_preconfigured`).
pub fn pinned_client_config(fingerprint: Fingerprint) -> rustls::ClientConfig {
    let provider = crypto_provider();
    let verifier = Arc::new(PinnedCertificate {
        fingerprint,
        provider: provider.clone(),
    });
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        // Cannot fail: ring supports rustls's default protocol versions.
        .expect("ring supports the default TLS versions")
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config
}

#[derive(Debug)]
struct PinnedCertificate {
    fingerprint: Fingerprint,
    provider: Arc<CryptoProvider>,
}

struct NotThePinnedCertificate {
    expected: Fingerprint,
    got: Fingerprint,
}

// rustls shows this error through `Debug`, and that is what people read.
impl std::fmt::Debug for NotThePinnedCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::fmt::Display for NotThePinnedCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the server's certificate has fingerprint {}, not the pinned {}",
            self.got, self.expected
        )
    }
}

impl std::error::Error for NotThePinnedCertificate {}

impl ServerCertVerifier for PinnedCertificate {
    // Names and validity dates are not checked: the pin names one exact certificate, which
    // is what the operator handed out (a self-signed one has no meaningful expiry).
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let got = Fingerprint::of(end_entity);
        if got == self.fingerprint {
            return Ok(ServerCertVerified::assertion());
        }
        let mismatch = NotThePinnedCertificate {
            expected: self.fingerprint,
            got,
        };
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::Other(rustls::OtherError(Arc::new(mismatch))),
        ))
    }

    // The handshake signatures are still checked: they prove the server holds the pinned
    // certificate's key.
    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
