//! A stamp names one version of a field: the clock of the edit and the device that made it.

use atalaya_model::{DeviceId, Hlc};
use serde::{Deserialize, Serialize};

/// The clock and the author device of a field version. Stamps order every version of a field:
/// by HLC, then (ties, two devices in the same millisecond and counter) by device id.
///
/// A bare HLC cannot name a version: two devices can issue the same reading, so a base that
/// names only the clock could take a concurrent edit for a successor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    /// When (hybrid logical clock of the edit's transaction).
    pub hlc: Hlc,
    /// Which device made the edit.
    pub device: DeviceId,
}

impl Stamp {
    /// A stamp from its parts.
    pub fn new(hlc: Hlc, device: DeviceId) -> Self {
        Self { hlc, device }
    }
}

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.hlc, self.device)
    }
}
