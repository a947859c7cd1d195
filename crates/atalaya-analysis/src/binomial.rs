//! The exact two-sided binomial test (scipy's `binomtest(k, n, p).pvalue`) through the
//! regularized incomplete beta function, so a test costs O(log n) whatever the counts.

/// `ln P(X = k)` for `X ~ Binomial(n, p)`, `0 < p < 1`.
fn ln_pmf(k: u64, n: u64, p: f64) -> f64 {
    let (k, n) = (k as f64, n as f64);
    libm::lgamma(n + 1.0) - libm::lgamma(k + 1.0) - libm::lgamma(n - k + 1.0)
        + k * p.ln()
        + (n - k) * (1.0 - p).ln()
}

/// `P(X ≤ k)` for `X ~ Binomial(n, p)`: `I_{1−p}(n − k, k + 1)`.
fn cdf(k: u64, n: u64, p: f64) -> f64 {
    if k >= n {
        return 1.0;
    }
    regularized_beta(1.0 - p, (n - k) as f64, k as f64 + 1.0)
}

/// `P(X ≥ k)`: `I_p(k, n − k + 1)`.
fn sf_inclusive(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    regularized_beta(p, k as f64, (n - k) as f64 + 1.0)
}

/// Two-sided exact p-value of `k` successes in `n` trials with success probability `p`: the
/// total probability of the outcomes no more likely than `k` (likelihoods within a relative
/// 10⁻⁷ count as equal, as in scipy). `n = 0` gives 1.
pub fn binomial_two_sided(k: u64, n: u64, p: f64) -> f64 {
    if n == 0 || p <= 0.0 || p >= 1.0 {
        let certain = if p <= 0.0 { 0 } else { n };
        return if n == 0 || k == certain { 1.0 } else { 0.0 };
    }
    let d = ln_pmf(k, n, p) + (1.0 + 1e-7f64).ln();
    let mode = ((n as f64 + 1.0) * p).floor().min(n as f64) as u64;
    let likely = |i: u64| ln_pmf(i, n, p) > d;
    let p_value = if k == mode || likely(k) {
        1.0
    } else if k < mode {
        // The upper tail starts at the first i > mode with pmf(i) ≤ pmf(k): pmf falls above the
        // mode, so bisect.
        let first = first_where(mode, n, |i| !likely(i));
        let upper = first.map_or(0.0, |i| sf_inclusive(i, n, p));
        cdf(k, n, p) + upper
    } else {
        // The lower tail ends at the last i < mode with pmf(i) ≤ pmf(k).
        let first_likely = first_where(0, mode, likely).unwrap_or(mode);
        let lower = if first_likely == 0 {
            0.0
        } else {
            cdf(first_likely - 1, n, p)
        };
        lower + sf_inclusive(k, n, p)
    };
    p_value.clamp(0.0, 1.0)
}

/// The first `i` in `lo..=hi` with `pred(i)`, for a predicate false then true on that range.
fn first_where(lo: u64, hi: u64, pred: impl Fn(u64) -> bool) -> Option<u64> {
    if !pred(hi) {
        return None;
    }
    let (mut lo, mut hi) = (lo, hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// `I_x(a, b)`, by the continued fraction of Numerical Recipes §6.4 on the side where it
/// converges fast.
fn regularized_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front =
        libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        (ln_front.exp() * beta_fraction(x, a, b) / a).min(1.0)
    } else {
        (1.0 - ln_front.exp() * beta_fraction(1.0 - x, b, a) / b).max(0.0)
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    let tiny = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < tiny {
        d = tiny;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..100_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = 1.0 + aa / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = 1.0 + aa / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(k: u64, n: u64, p: f64, expected: f64) {
        let got = binomial_two_sided(k, n, p);
        assert!(
            (got - expected).abs() <= 1e-13 * expected.max(1e-300),
            "k {k} n {n} p {p}: {got:e} vs {expected:e}"
        );
    }

    #[test]
    fn small_cases_by_hand() {
        // 10 of 12 at p = ½: 2·(1 + 12 + 66)/4096.
        check(10, 12, 0.5, 158.0 / 4096.0);
        check(2, 12, 0.5, 158.0 / 4096.0);
        // 3 of 3: pmf(3) = pmf(0) = 1/8.
        check(3, 3, 0.5, 0.25);
        check(0, 3, 0.5, 0.25);
        check(5, 10, 0.5, 1.0);
        check(0, 0, 0.5, 1.0);
        // 0 of 4 at p = ¼: pmf(0) = 81/256; pmf(2) = 54/256, pmf(3) = 12/256, pmf(4) = 1/256
        // are no more likely; pmf(1) = 108/256 is. So (81 + 54 + 12 + 1)/256.
        check(0, 4, 0.25, 148.0 / 256.0);
    }
}
