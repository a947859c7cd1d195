//! The filter options shared by `query`, `export` and `stats`.

use atalaya::FilterArgs;
use clap::Args;

#[derive(Args, Clone, Default)]
pub struct FilterOpts {
    /// Occurred at or after (YYYY-MM-DD or YYYY-MM-DDTHH:MM in America/Santiago, or RFC 3339).
    #[arg(long, value_name = "WHEN")]
    pub from: Option<String>,
    /// Occurred before (same forms).
    #[arg(long, value_name = "WHEN")]
    pub to: Option<String>,
    /// Taxonomy category or group code (repeatable, or comma separated), e.g. dmcs.hurto or dmcs.
    #[arg(long = "category", value_delimiter = ',', value_name = "CODE")]
    pub categories: Vec<String>,
    /// Source name (repeatable).
    #[arg(long = "source", value_name = "NAME")]
    pub sources: Vec<String>,
    /// Cuadrante or barrio code (repeatable, or comma separated), e.g. C07.
    #[arg(long = "area", value_delimiter = ',', value_name = "CODE")]
    pub areas: Vec<String>,
    /// Bounding box min_lon,min_lat,max_lon,max_lat (WGS84 degrees).
    #[arg(long, value_name = "BOX", allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Words that must all appear in the description or address (accents ignored).
    #[arg(long, value_name = "WORDS")]
    pub text: Option<String>,
}

impl FilterOpts {
    pub fn args(&self) -> FilterArgs {
        FilterArgs {
            from: self.from.clone(),
            to: self.to.clone(),
            categories: self.categories.clone(),
            sources: self.sources.clone(),
            areas: self.areas.clone(),
            bbox: self.bbox.clone(),
            text: self.text.clone(),
        }
    }
}
