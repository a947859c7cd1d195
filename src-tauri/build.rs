//! Generates Tauri's context (config, embedded assets, capabilities) and declares the app's
//! commands, so the capability file can allow exactly these and nothing else.

const COMMANDS: &[&str] = &[
    "store_status",
    "unlock",
    "stats",
    "view_catalog",
    "view_areas",
    "view_summary",
    "view_map",
    "view_page",
    "incident_detail",
    "incident_capture",
    "incident_correct",
    "overlay_cameras",
    "overlay_tracks",
    "base_map_status",
    "base_map_choose",
    "base_map_clear",
    "import_profiles",
    "import_preview",
    "import_start",
    "import_cancel",
    "quarantine_page",
    "quarantine_batches",
    "quarantine_fix",
    "quarantine_accept",
    "links_queue",
    "link_confirm",
    "link_reject",
    "cases_list",
    "case_detail",
    "case_open",
    "case_add_incidents",
    "case_add_note",
    "case_submit",
    "case_review",
    "case_close",
    "case_reopen",
    "analysis_run",
    "analysis_cancel",
    "analysis_export",
    "sync_status",
    "sync_now",
    "conflicts_list",
    "conflict_resolve",
    "refusals_dismiss",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed: check tauri.conf.json and capabilities/");
}
