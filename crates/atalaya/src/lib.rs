//! Atalaya's library API: the one crate the desktop shell, the CLI and the tests call.
//!
//! A [`Workspace`] is an unlocked store plus the standard taxonomy; its methods take and return
//! plain, serializable types, so every capability is written once and can be scripted without a
//! window. Errors carry a stable [`Error::code`] the UI switches on.
#![deny(missing_docs)]

pub mod analysis;
pub mod areas;
pub mod basemap;
pub mod capture;
pub mod cases;
pub mod demo;
pub mod error;
pub mod export;
pub mod filter;
pub mod import;
pub mod incident_edit;
pub mod incidents;
pub mod links;
pub mod maintenance;
pub mod overlays;
pub mod paths;
mod placing;
pub mod profiles;
pub mod quarantine;
pub mod quarantine_review;
pub mod server;
pub mod stats;
pub mod sync;
pub mod view;
pub mod workspace;

pub use atalaya_demo::DemoConfig;
pub use basemap::{
    BaseMapProblem, BaseMapState, BuildSummary, StoreBaseMap, TilesError, TilesFile, TilesFormat,
    TilesInfo,
};
pub use demo::{DemoSummary, Progress};
pub use error::Error;
pub use export::ExportFormat;
pub use filter::FilterArgs;
pub use import::{
    CancelToken, IMPORT_CHUNK_ROWS, ImportOptions, ImportPreview, ImportProgress, ImportSummary,
    ProfileChoice,
};
pub use incidents::IncidentOut;
pub use maintenance::restore;
pub use overlays::{CameraOut, TrackLayer, TrackOut};
pub use paths::default_store_path;
pub use profiles::{
    CheckReport, CheckedRow, ProfileInfo, profile_check, profile_infer, profile_list,
};
pub use quarantine::{QuarantineOutcome, QuarantinedRow};
pub use quarantine_review::{QuarantineBatch, QuarantineEntry, QuarantinePage};
pub use stats::{AreaCount, CategoryCount, GroupCount, SourceCount, Stats};
pub use view::{
    IncidentDetail, IncidentView, MapLayer, MapRequest, PageRequest, Selection, SortSpec,
    TablePage, ViewCatalog, ViewQuery, ViewSummary,
};
pub use workspace::{OpenOptions, Workspace, store_needs_passphrase};

pub use atalaya_store::{AuditProblem, AuditReport};

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
