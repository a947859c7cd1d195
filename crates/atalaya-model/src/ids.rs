//! Record identifiers: UUIDv7 newtypes, one per kind of record, so ids cannot be mixed up.
//!
//! UUIDv7 sorts by creation time, which keeps B-tree inserts local. Deterministic generators
//! (the demo city, tests) build ids from a timestamp and caller-supplied random bytes.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh id from the system clock and a thread-local CSPRNG seeded by the OS (one
            /// system call per id would cost a bulk import a tenth of its time).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// A reproducible id from a Unix time in milliseconds and 10 caller-chosen random bytes.
            pub fn from_parts(unix_ms: u64, random: [u8; 10]) -> Self {
                Self(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
            }
            /// The 16 raw bytes, as stored.
            pub fn as_bytes(&self) -> &[u8; 16] {
                self.0.as_bytes()
            }
            /// Rebuild from 16 raw bytes.
            pub fn from_bytes(bytes: [u8; 16]) -> Self {
                Self(Uuid::from_bytes(bytes))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// Identifies an [`crate::Incident`].
    IncidentId,
    /// Identifies a [`crate::Source`].
    SourceId,
    /// Identifies an [`crate::ImportBatch`].
    BatchId,
    /// Identifies a [`crate::Camera`].
    CameraId,
    /// Identifies a [`crate::CameraEvent`].
    CameraEventId,
    /// Identifies a [`crate::PatrolTrack`].
    TrackId,
    /// Identifies a [`crate::CitizenReport`].
    CitizenReportId,
    /// Identifies a [`crate::RegistryRecord`].
    RegistryRecordId,
    /// Identifies a [`crate::Link`].
    LinkId,
    /// Identifies a [`crate::Case`].
    CaseId,
    /// Identifies a [`crate::CaseItem`].
    CaseItemId,
    /// Identifies a [`crate::Review`].
    ReviewId,
    /// Identifies a [`crate::User`].
    UserId,
    /// Identifies a [`crate::Jurisdiction`].
    JurisdictionId,
    /// Identifies an attachment blob record.
    AttachmentId,
    /// Identifies a device (one workstation or laptop store).
    DeviceId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_same_parts_when_building_ids_then_they_are_equal_and_time_ordered() {
        let a = IncidentId::from_parts(1_700_000_000_000, [1; 10]);
        let b = IncidentId::from_parts(1_700_000_000_000, [1; 10]);
        let later = IncidentId::from_parts(1_700_000_000_001, [0; 10]);
        assert_eq!(a, b);
        assert!(later > a);
        assert_eq!(a.0.get_version_num(), 7);
    }

    #[test]
    fn id_round_trips_through_text_and_bytes() {
        let id = CaseId::new();
        assert_eq!(id.to_string().parse::<CaseId>().unwrap(), id);
        assert_eq!(CaseId::from_bytes(*id.as_bytes()), id);
    }
}
