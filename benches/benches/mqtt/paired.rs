//! Paired timing: every implementation of one row measured in alternation, many short rounds,
//! so that what the shared VM does to the clock (the other core, frequency, neighbours) hits
//! all of them alike. Criterion times each function for seconds on end, one after another,
//! and on this machine the same binary's median moves by 10–40% between such runs; the ratio
//! of two functions timed side by side, round after round, moves far less.
//!
//! `M2MWIRE_PAIRED=1 cargo bench -p m2mwire-benches --bench mqtt` runs this instead of the
//! criterion groups: the same `#[inline(never)]` routines, the same inputs, the same untimed
//! checks. Each round times a batch of about `BATCH` of each contender, in an order that
//! rotates from round to round; the table gives each one's median over the rounds (ns per
//! operation) and, for m2mwire, the median and quartiles of its per-round ratio to the peer
//! with the lowest median.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Target length of one timed batch.
const BATCH: Duration = Duration::from_micros(20);

/// One timed batch: run `n` operations, return the time they took (setup untimed).
pub(crate) type Batch<'a> = Box<dyn FnMut(u64) -> Duration + 'a>;

/// A contender in one row: its name and its batch.
pub(crate) struct Contender<'a> {
    pub(crate) name: &'static str,
    pub(crate) batch: Batch<'a>,
}

/// Time `f` over `n` operations whose results go through `black_box` and are dropped.
pub(crate) fn timed<T>(n: u64, mut f: impl FnMut() -> T) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    t.elapsed()
}

fn median(v: &mut [f64]) -> f64 {
    quantile(v, 0.5)
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v[i]
}

/// Measure one row (`rounds` rounds) and print it as a Markdown table row per contender.
/// Contenders whose name starts with `m2mwire` are compared with the fastest other one.
pub(crate) fn row(title: &str, op: &str, contenders: &mut [Contender<'_>], rounds: usize) {
    // Batch sizes: double until one batch takes BATCH (after a warm-up).
    let sizes: Vec<u64> = contenders
        .iter_mut()
        .map(|c| {
            let mut n = 1u64;
            (c.batch)(n);
            while (c.batch)(n) < BATCH && n < 1 << 24 {
                n *= 2;
            }
            n
        })
        .collect();
    let k = contenders.len();
    let mut ns: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); k];
    for r in 0..rounds {
        for j in 0..k {
            let i = (r + j) % k;
            let d = (contenders[i].batch)(sizes[i]);
            ns[i].push(d.as_secs_f64() * 1e9 / sizes[i] as f64);
        }
    }
    let medians: Vec<f64> = ns.iter().map(|v| median(&mut v.clone())).collect();
    let best_peer = (0..k)
        .filter(|&i| !contenders[i].name.starts_with("m2mwire"))
        .min_by(|&a, &b| medians[a].total_cmp(&medians[b]));
    for i in 0..k {
        let ratio = match best_peer {
            Some(p) if contenders[i].name.starts_with("m2mwire") => {
                let mut per_round: Vec<f64> =
                    ns[i].iter().zip(&ns[p]).map(|(m, q)| m / q).collect();
                format!(
                    "{:.2} ({:.2}–{:.2}) vs {}",
                    median(&mut per_round),
                    quantile(&mut per_round, 0.25),
                    quantile(&mut per_round, 0.75),
                    contenders[p].name
                )
            }
            _ => String::new(),
        };
        println!(
            "| {title} | {op} | {} | {:.1} | {ratio} |",
            contenders[i].name, medians[i]
        );
    }
}
