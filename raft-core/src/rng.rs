//! The seeded PRNG the node and the simulator draw from.
//!
//! A well-kept permuted congruential generator from the rand_core family: small, `no_std`,
//! clonable (time travel clones the whole cluster) and identical on every platform, which is
//! what makes a recording replay byte for byte.

use rand_core::Rng as _;

/// The generator type used throughout the crate.
pub type Rng = rand_pcg::Pcg64Mcg;

/// A generator for `seed`, one independent stream per `stream` (a node id, the network, …).
pub fn seeded(seed: u64, stream: u64) -> Rng {
    // Mixing the stream into a 128-bit state keeps the streams of one seed unrelated.
    let state = ((seed as u128) << 64) | (stream.wrapping_mul(0x9E37_79B9_7F4A_7C15) as u128) | 1;
    rand_pcg::Pcg64Mcg::new(state)
}

/// A uniform draw from `[lo, hi]` (inclusive); `lo` when the range is empty.
pub fn range_inclusive(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    if hi <= lo {
        return lo;
    }
    let span = hi - lo + 1;
    // Rejection sampling: no modulo bias, so timeouts are truly uniform over the range.
    let zone = u64::MAX - (u64::MAX % span);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return lo + x % span;
        }
    }
}

/// True with probability `p` (clamped to [0, 1]).
pub fn chance(rng: &mut Rng, p: f64) -> bool {
    if p <= 0.0 {
        return false;
    }
    if p >= 1.0 {
        return true;
    }
    // 53 random bits give a uniform float in [0, 1).
    let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    x < p
}
