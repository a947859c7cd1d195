//! Random draws built from raw `u64`s with arithmetic only.
//!
//! The generator promises the same output on every machine for the same seed. `rand`'s
//! distributions may change between releases and its normal/exponential samplers call libm
//! (`ln`, `exp`), whose last bit differs between platforms; these helpers use only IEEE basic
//! operations on the bits of `ChaCha8Rng`, whose stream is fixed by its specification.

use rand::RngCore;

/// Uniform in `[0, 1)` with 53 random bits.
pub(crate) fn unit(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Uniform integer in `0..n` (`n > 0`); the bias of the multiply-shift map is below 2⁻⁵⁰.
pub(crate) fn below(rng: &mut impl RngCore, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// True with probability `p`.
pub(crate) fn chance(rng: &mut impl RngCore, p: f64) -> bool {
    unit(rng) < p
}

/// Approximately standard normal: the Irwin–Hall sum of four uniforms, rescaled to unit
/// variance. Bounded at ±3.46, which suits spatial scatter around a hot spot.
pub(crate) fn normal(rng: &mut impl RngCore) -> f64 {
    let sum = unit(rng) + unit(rng) + unit(rng) + unit(rng);
    (sum - 2.0) * 1.732_050_807_568_877_2
}

/// Uniform in the unit disc (rejection from the square: no `sin`/`cos`).
pub(crate) fn disc(rng: &mut impl RngCore) -> (f64, f64) {
    loop {
        let (x, y) = (2.0 * unit(rng) - 1.0, 2.0 * unit(rng) - 1.0);
        if x * x + y * y <= 1.0 {
            return (x, y);
        }
    }
}

/// A discrete distribution over `0..n` given by non-negative weights.
#[derive(Clone, Debug)]
pub(crate) struct Cdf {
    cumulative: Vec<f64>,
}

impl Cdf {
    /// Build from weights; at least one must be positive.
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Self {
        let mut total = 0.0;
        let cumulative: Vec<f64> = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        assert!(total > 0.0, "a Cdf needs a positive weight");
        Self { cumulative }
    }

    /// Draw an index, with probability proportional to its weight.
    pub(crate) fn sample(&self, rng: &mut impl RngCore) -> usize {
        let total = self.cumulative[self.cumulative.len() - 1];
        let target = unit(rng) * total;
        let i = self.cumulative.partition_point(|&c| c <= target);
        i.min(self.cumulative.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn given_weights_when_sampling_then_frequencies_follow_them_and_zero_never_appears() {
        let cdf = Cdf::new([1.0, 0.0, 3.0]);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[cdf.sample(&mut rng)] += 1;
        }
        assert_eq!(counts[1], 0);
        let share = counts[2] as f64 / 40_000.0;
        assert!((0.74..0.76).contains(&share), "{share}");
    }

    #[test]
    fn given_many_normal_draws_then_mean_is_zero_and_variance_one() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let xs: Vec<f64> = (0..50_000).map(|_| normal(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / xs.len() as f64;
        assert!(
            mean.abs() < 0.02 && (var - 1.0).abs() < 0.03,
            "{mean} {var}"
        );
    }

    #[test]
    fn given_a_range_when_drawing_below_then_all_values_are_inside_and_each_occurs() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut seen = [false; 7];
        for _ in 0..1_000 {
            seen[below(&mut rng, 7)] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }
}
