//! Architecture invariant, checked: crates depend only downward (model ← store/demo/ingest/
//! analysis/sync ← atalaya ← cli/desktop; model + sync ← server), only `atalaya-store` links
//! SQLite for the store (`atalaya-tiles` reads MBTiles files with it, the server keeps its own
//! database), only the desktop shell links Tauri and only the server links axum.

use std::collections::BTreeMap;
use std::process::Command;

/// Workspace crate → the workspace crates it may depend on.
const ALLOWED: &[(&str, &[&str])] = &[
    ("atalaya-model", &[]),
    ("atalaya-store", &["atalaya-model"]),
    ("atalaya-demo", &["atalaya-model"]),
    ("atalaya-ingest", &["atalaya-model"]),
    ("atalaya-tiles", &[]),
    ("atalaya-analysis", &[]),
    ("atalaya-sync", &["atalaya-model"]),
    ("atalaya-server", &["atalaya-model", "atalaya-sync"]),
    (
        "atalaya",
        &[
            "atalaya-model",
            "atalaya-store",
            "atalaya-demo",
            "atalaya-ingest",
            "atalaya-tiles",
            "atalaya-analysis",
            "atalaya-sync",
            "atalaya-server",
        ],
    ),
    ("atalaya-cli", &["atalaya"]),
    ("atalaya-desktop", &["atalaya"]),
];

/// External crates only the listed workspace crates may name directly. `atalaya-tiles` reads
/// MBTiles, which are plain SQLite files opened read-only: never the store; `atalaya-server`
/// keeps the server's own database (never a workstation's store).
const OWNED: &[(&str, &[&str])] = &[
    (
        "rusqlite",
        &["atalaya-store", "atalaya-tiles", "atalaya-server"],
    ),
    ("tauri", &["atalaya-desktop"]),
    ("axum", &["atalaya-server"]),
];

#[test]
fn workspace_crates_only_depend_downward() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut seen = Vec::new();
    for pkg in meta["packages"].as_array().unwrap() {
        let name = pkg["name"].as_str().unwrap();
        seen.push(name.to_string());
        let Some(ok) = allowed.get(name) else {
            panic!(
                "workspace crate `{name}` has no place in the layering table of this test: add it"
            );
        };
        for dep in pkg["dependencies"].as_array().unwrap() {
            let dep_name = dep["name"].as_str().unwrap();
            let is_normal = dep["kind"].is_null();
            if dep_name.starts_with("atalaya") && is_normal {
                assert!(
                    ok.contains(&dep_name),
                    "`{name}` must not depend on `{dep_name}` (layering)"
                );
            }
            for (ext, owners) in OWNED {
                if dep_name == *ext && is_normal {
                    assert!(
                        owners.contains(&name),
                        "only {owners:?} may depend on `{ext}`, but `{name}` does"
                    );
                }
            }
        }
    }
    for (name, _) in ALLOWED.iter().take(5) {
        assert!(
            seen.iter().any(|s| s == name),
            "expected workspace crate `{name}`"
        );
    }
}
