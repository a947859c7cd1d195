//! Getis-Ord Gi* local hot spot statistic with binary weights that include the unit itself —
//! PySAL's `esda.G_Local(y, w, transform = "B", star = True)` — its normal-approximation
//! p-values, FDR-adjusted q-values and the usual 90/95/99 % hot and cold spot classes.
//!
//! For unit `i` with `Wᵢ` units in its neighbourhood (itself included), `S = Σ y`, `n` units,
//! `ȳ = S/n` and `s² = Σ(y − ȳ)²/n`:
//! `Gᵢ = Σⱼ∈N*(i) yⱼ / S`, `E[Gᵢ] = Wᵢ/n`,
//! `Var[Gᵢ] = Wᵢ(n − Wᵢ)/((n − 1) n²) · s²/ȳ²`, `zᵢ = (Gᵢ − E[Gᵢ]) / √Var[Gᵢ]`.
//! A unit whose neighbourhood is every unit has `Gᵢ = E[Gᵢ] = 1` and zero variance; its z is
//! reported as 0 (esda gives NaN).

use serde::{Deserialize, Serialize};

use crate::AnalysisError;
use crate::fdr::benjamini_hochberg;
use crate::special::normal_sf;
use crate::weights::SpatialWeights;

/// Hot and cold spot classes at 90, 95 and 99 % confidence (ArcGIS's `Gi_Bin` −3…3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HotSpotClass {
    /// Cold spot, p < 0.01.
    Cold99,
    /// Cold spot, p < 0.05.
    Cold95,
    /// Cold spot, p < 0.10.
    Cold90,
    /// Not significant at 90 %.
    NotSignificant,
    /// Hot spot, p < 0.10.
    Hot90,
    /// Hot spot, p < 0.05.
    Hot95,
    /// Hot spot, p < 0.01.
    Hot99,
}

impl HotSpotClass {
    /// The class of a unit with z-score `z` and (two-sided) p-value or q-value `p`.
    pub fn classify(z: f64, p: f64) -> Self {
        let level = if p < 0.01 {
            3
        } else if p < 0.05 {
            2
        } else if p < 0.10 {
            1
        } else {
            0
        };
        match (level, z > 0.0) {
            (0, _) => Self::NotSignificant,
            (1, true) => Self::Hot90,
            (2, true) => Self::Hot95,
            (3, true) => Self::Hot99,
            (1, false) => Self::Cold90,
            (2, false) => Self::Cold95,
            _ => Self::Cold99,
        }
    }

    /// −3 (cold, 99 %) … 0 … 3 (hot, 99 %).
    pub fn bin(self) -> i8 {
        match self {
            Self::Cold99 => -3,
            Self::Cold95 => -2,
            Self::Cold90 => -1,
            Self::NotSignificant => 0,
            Self::Hot90 => 1,
            Self::Hot95 => 2,
            Self::Hot99 => 3,
        }
    }
}

/// Gi* results, one entry per unit in the weights' order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GiStar {
    /// The statistic `Gᵢ` (esda's `Gs`).
    pub g: Vec<f64>,
    /// Its expectation under no spatial association (esda's `EGs`).
    pub expected: Vec<f64>,
    /// Its variance (esda's `VGs`).
    pub variance: Vec<f64>,
    /// z-scores (esda's `Zs`).
    pub z: Vec<f64>,
    /// `P(Z > |z|)`, the one-tailed value esda reports as `p_norm`.
    pub p_norm: Vec<f64>,
    /// Two-sided p-value `2·P(Z > |z|)`: what the classes use.
    pub p_value: Vec<f64>,
    /// Benjamini–Hochberg q-values of `p_value` over all units.
    pub q_value: Vec<f64>,
    /// Classes from the two-sided p-values.
    pub class: Vec<HotSpotClass>,
    /// Classes from the FDR q-values (fewer false hot spots when testing many cells).
    pub class_fdr: Vec<HotSpotClass>,
}

/// Gi* of `values` (counts or rates, one per unit) under `weights` with each unit included in
/// its own neighbourhood.
pub fn gi_star(values: &[f64], weights: &SpatialWeights) -> Result<GiStar, AnalysisError> {
    let n = values.len();
    if n != weights.len() {
        return Err(AnalysisError::LengthMismatch {
            what: "values for the weights' units",
            expected: weights.len(),
            got: n,
        });
    }
    if n < 2 {
        return Err(AnalysisError::TooFewPoints {
            what: "Gi*",
            needed: 2,
            got: n,
        });
    }
    if let Some(index) = values.iter().position(|v| !v.is_finite()) {
        return Err(AnalysisError::InvalidValue {
            index,
            value: values[index],
        });
    }
    let nf = n as f64;
    let total: f64 = values.iter().sum();
    if total == 0.0 {
        return Err(AnalysisError::ZeroTotal);
    }
    let mean = total / nf;
    let variance_y = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / nf;
    if variance_y == 0.0 {
        return Err(AnalysisError::ConstantValues);
    }
    let spread = variance_y / (mean * mean);
    let mut out = GiStar {
        g: Vec::with_capacity(n),
        expected: Vec::with_capacity(n),
        variance: Vec::with_capacity(n),
        z: Vec::with_capacity(n),
        p_norm: Vec::with_capacity(n),
        p_value: Vec::with_capacity(n),
        q_value: Vec::new(),
        class: Vec::with_capacity(n),
        class_fdr: Vec::new(),
    };
    for (i, &own) in values.iter().enumerate() {
        let neighbours = weights.neighbours(i);
        let local = own + neighbours.iter().map(|&j| values[j as usize]).sum::<f64>();
        let w = (neighbours.len() + 1) as f64;
        let g = local / total;
        let expected = w / nf;
        let variance = w * (nf - w) / (nf - 1.0) / (nf * nf) * spread;
        let z = if variance > 0.0 {
            (g - expected) / variance.sqrt()
        } else {
            0.0
        };
        let p_norm = normal_sf(z.abs());
        out.g.push(g);
        out.expected.push(expected);
        out.variance.push(variance);
        out.z.push(z);
        out.p_norm.push(p_norm);
        out.p_value.push((2.0 * p_norm).min(1.0));
        out.class.push(HotSpotClass::classify(z, 2.0 * p_norm));
    }
    out.q_value = benjamini_hochberg(&out.p_value)?;
    out.class_fdr = out
        .z
        .iter()
        .zip(&out.q_value)
        .map(|(&z, &q)| HotSpotClass::classify(z, q))
        .collect();
    Ok(out)
}
