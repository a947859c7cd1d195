//! `atalaya tiles`: the offline base map — build one from the store, describe a tiles file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::Global;
use crate::common::open;

#[derive(Subcommand)]
pub enum TilesCommand {
    /// Write a PMTiles base map (vector tiles, z11–z16) of the store's streets and areas.
    Build(BuildArgs),
    /// Check a PMTiles or MBTiles file and say what it holds (format, zooms, bounds, tiles).
    Info(InfoArgs),
}

#[derive(Args)]
pub struct BuildArgs {
    /// The file to write (replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum InfoFormat {
    Text,
    Json,
}

#[derive(Args)]
pub struct InfoArgs {
    /// The tiles file.
    pub file: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: InfoFormat,
}

pub fn run(g: &Global, command: TilesCommand) -> atalaya::Result<ExitCode> {
    match command {
        TilesCommand::Build(a) => {
            let summary = open(g)?.build_base_map(&a.out)?;
            outln!(
                "base map written to {}: {} tiles, z{}–z{}, {} streets, {} areas, {} bytes",
                summary.path.display(),
                summary.tiles,
                summary.min_zoom,
                summary.max_zoom,
                summary.streets,
                summary.areas,
                summary.bytes
            );
        }
        TilesCommand::Info(a) => {
            let info = atalaya::basemap::tiles_info(&a.file)?;
            match a.format {
                InfoFormat::Json => {
                    outln!(
                        "{}",
                        serde_json::to_string_pretty(&info).unwrap_or_default()
                    );
                }
                InfoFormat::Text => {
                    outln!("format:      {} (vector tiles, MVT)", info.format.name());
                    outln!("zooms:       {}–{}", info.min_zoom, info.max_zoom);
                    if let Some([w, s, e, n]) = info.bounds {
                        outln!("bounds:      {w:.5},{s:.5},{e:.5},{n:.5}");
                    }
                    outln!("tiles:       {}", info.tile_count);
                    outln!("compression: {}", info.compression);
                    if !info.layers.is_empty() {
                        outln!("layers:      {}", info.layers.join(", "));
                    }
                    if let Some(name) = &info.name {
                        outln!("name:        {name}");
                    }
                    outln!("size:        {} bytes", info.bytes);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
