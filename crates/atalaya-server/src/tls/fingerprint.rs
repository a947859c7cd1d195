//! A certificate's SHA-256 fingerprint, written as `openssl x509 -fingerprint -sha256` does:
//! 32 upper-case hex bytes joined by colons.

use crate::ServerError;
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// The SHA-256 digest of a certificate's DER bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER-encoded certificate.
    pub fn of(cert_der: &[u8]) -> Self {
        Self(Sha256::digest(cert_der).into())
    }

    /// The digest's bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, byte) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{byte:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Reads the colon-separated form, in either case, or 64 hex digits without colons; a leading
/// `sha256:` or `SHA256 Fingerprint=` (openssl's own line) is allowed.
impl FromStr for Fingerprint {
    type Err = ServerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = || ServerError::InvalidFingerprint { value: s.into() };
        let text = s.trim();
        let text = text
            .split_once('=')
            .filter(|(label, _)| label.to_ascii_lowercase().starts_with("sha256"))
            .map_or(text, |(_, rest)| rest);
        let text = text
            .strip_prefix("sha256:")
            .or_else(|| text.strip_prefix("SHA256:"))
            .unwrap_or(text);
        let digits: String = text.chars().filter(|c| *c != ':').collect();
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(&digits, &mut bytes).map_err(|_| invalid())?;
        Ok(Self(bytes))
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
