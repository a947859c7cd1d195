//! False Discovery Rate: Benjamini–Hochberg adjusted p-values (q-values).

use crate::AnalysisError;

/// Benjamini–Hochberg adjusted p-values, in the input order: `q₍ᵢ₎ = min over k ≥ i of
/// m·p₍ₖ₎/k`, capped at 1 (scipy's `false_discovery_control(p, method = "bh")`). A test is
/// significant at FDR level α exactly when its q-value is ≤ α.
pub fn benjamini_hochberg(p: &[f64]) -> Result<Vec<f64>, AnalysisError> {
    if let Some(index) = p.iter().position(|v| !(0.0..=1.0).contains(v)) {
        return Err(AnalysisError::InvalidValue {
            index,
            value: p[index],
        });
    }
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_unstable_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p[i] * m as f64 / (rank + 1) as f64);
        q[i] = running;
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(p: &[f64], expected: &[f64]) {
        let q = benjamini_hochberg(p).unwrap();
        for (a, b) in q.iter().zip(expected) {
            assert!((a - b).abs() < 1e-15, "{q:?} != {expected:?}");
        }
    }

    #[test]
    fn adjusts_by_rank_and_keeps_monotone() {
        // m = 4: sorted 0.01, 0.02, 0.03, 0.5 → 0.04, 0.04, 0.04, 0.5.
        check(&[0.03, 0.5, 0.01, 0.02], &[0.04, 0.5, 0.04, 0.04]);
        check(&[0.9, 0.95], &[0.95, 0.95]);
        check(&[], &[]);
    }

    #[test]
    fn rejects_values_outside_the_unit_interval() {
        assert_eq!(
            benjamini_hochberg(&[0.1, 1.5]),
            Err(AnalysisError::InvalidValue {
                index: 1,
                value: 1.5
            })
        );
    }
}
