//! Paired timing: every implementation of one row measured in alternation, many short rounds,
//! so that what the shared VM does to the clock (the other core, frequency, neighbours) hits
//! all of them alike. Criterion times each function for seconds on end, one after another,
//! and on this machine the same binary's median moves by 10–40% between such runs; the ratio
//! of two functions timed side by side, round after round, moves far less.
//!
//! `M2MWIRE_PAIRED=1 cargo bench -p m2mwire-benches --bench mqtt` runs this instead of the
//! criterion groups: the same `#[inline(never)]` routines, the same inputs, the same untimed
//! checks. Each round times a batch of about `BATCH` of each contender, in an order that
//! rotates from round to round; the rounds of a row are spread over the whole run (sweeps over
//! all rows). The table gives each contender's median over the rounds (ns per operation) and,
//! for m2mwire, the median and quartiles of its per-round ratio to the peer with the lowest
//! median.

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

/// One row of the table: the contenders of one operation on one packet, and their times.
pub(crate) struct Row<'a> {
    pub(crate) title: &'static str,
    pub(crate) op: &'static str,
    pub(crate) contenders: Vec<Contender<'a>>,
    sizes: Vec<u64>,
    ns: Vec<Vec<f64>>,
}

impl<'a> Row<'a> {
    pub(crate) fn new(
        title: &'static str,
        op: &'static str,
        contenders: Vec<Contender<'a>>,
    ) -> Self {
        Row {
            title,
            op,
            contenders,
            sizes: Vec::new(),
            ns: Vec::new(),
        }
    }

    /// Batch sizes: double until one batch takes `BATCH` (after a warm-up).
    fn calibrate(&mut self) {
        self.sizes = self
            .contenders
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
        self.ns = vec![Vec::new(); self.contenders.len()];
    }

    /// `rounds` rounds, each timing one batch of every contender, the order rotating.
    fn rounds(&mut self, rounds: usize) {
        let k = self.contenders.len();
        for r in 0..rounds {
            for j in 0..k {
                let i = (r + j) % k;
                let d = (self.contenders[i].batch)(self.sizes[i]);
                self.ns[i].push(d.as_secs_f64() * 1e9 / self.sizes[i] as f64);
            }
        }
    }

    /// Print the row as Markdown table rows, one per contender. Contenders whose name
    /// starts with `m2mwire` are compared with the other one of lowest median.
    fn print(&self) {
        let k = self.contenders.len();
        let medians: Vec<f64> = self.ns.iter().map(|v| median(&mut v.clone())).collect();
        let is_ours = |i: usize| self.contenders[i].name.starts_with("m2mwire");
        let best_peer = (0..k)
            .filter(|&i| !is_ours(i))
            .min_by(|&a, &b| medians[a].total_cmp(&medians[b]));
        for (i, (c, m)) in self.contenders.iter().zip(&medians).enumerate() {
            let ratio = match best_peer {
                Some(p) if is_ours(i) => {
                    let mut per_round: Vec<f64> = self.ns[i]
                        .iter()
                        .zip(&self.ns[p])
                        .map(|(m, q)| m / q)
                        .collect();
                    format!(
                        "{:.2} ({:.2}–{:.2}) vs {}",
                        median(&mut per_round),
                        quantile(&mut per_round, 0.25),
                        quantile(&mut per_round, 0.75),
                        self.contenders[p].name
                    )
                }
                _ => String::new(),
            };
            println!(
                "| {} | {} | {} | {m:.1} | {ratio} |",
                self.title, self.op, c.name
            );
        }
    }
}

/// Measure every row: `sweeps` passes over all rows, `rounds` rounds of each per pass, so
/// that each row's rounds are spread over the whole run (the machine's slow and fast spells
/// fall on every row alike); then print the table.
pub(crate) fn measure(rows: &mut [Row<'_>], sweeps: usize, rounds: usize) {
    for row in rows.iter_mut() {
        row.calibrate();
    }
    for _ in 0..sweeps {
        for row in rows.iter_mut() {
            row.rounds(rounds);
        }
    }
    println!(
        "| packet | operation | implementation | median ns | m2mwire ÷ fastest peer: median (quartiles) of the rounds |"
    );
    println!("|---|---|---|---|---|");
    for row in rows.iter() {
        row.print();
    }
}
