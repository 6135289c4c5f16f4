//! How long re-running every check takes on a large claim: 1,000 cost lines and 1,000
//! documents. Budget (issue 2): under 1 ms natively, held as a ratio to a reference
//! measured in the same run (see [`reference`]), since this machine's own speed varies
//! by half from one minute to the next. Prints the figures; run with
//! `cargo bench --bench checks`.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use preflight::claim::{Claim, ClaimField, CostLineField, DocType, Edit, FileFacts};
use preflight::example::example_claim;
use preflight::profile::Profile;
use preflight::rules::review;

const BUDGET: Duration = Duration::from_millis(1);

fn large_claim(profile: &Profile, today: NaiveDate) -> Claim {
    let mut claim = example_claim(today, profile, "en", "USD");
    for n in 0..1_000 {
        claim.apply(Edit::AddCostLine, profile);
        let line = claim.next_id - 1;
        claim.apply(Edit::SetCostLine(line, CostLineField::Description, format!("Cost line {n}")), profile);
        claim.apply(Edit::SetCostLine(line, CostLineField::Amount, format!("{},{:03}.50", n % 9 + 1, n % 1000)), profile);
        let in_house = if n % 3 == 0 { "in-house" } else { "third-party" };
        claim.apply(Edit::SetCostLine(line, CostLineField::CostType, in_house.into()), profile);
        let file = FileFacts { size: 10_000 + n, media_type: "application/pdf".into(), sha256: format!("{:064x}", n * 7919), crc32: 0 };
        claim.apply(Edit::AddDocument { file_name: format!("Invoice {n}.pdf"), doc_type: Some(DocType::Invoice), file: Some(file) }, profile);
        let document = claim.next_id - 1;
        claim.apply(Edit::LinkDocument(document, Some(line)), profile);
    }
    claim.apply(Edit::Set(ClaimField::ClaimedAmount, "1,000,000".into()), profile);
    claim
}

/// The reference: work of the kind the checks do (strings made, hashed into a map, and
/// sorted), of a fixed size, timed beside each review, so that what slows the machine
/// slows both. The checks' budget is 1 ms on the machine the project is built on, where
/// this took [`REFERENCE_THERE`] with nothing else running; it is held as the ratio of
/// the two.
fn reference() -> usize {
    let mut seen = std::collections::HashMap::with_capacity(4_000);
    for n in 0..4_000_u32 {
        seen.insert(format!("line {:05} of {}", n.wrapping_mul(7_919) % 10_007, n % 13), n);
    }
    let mut names: Vec<&String> = seen.keys().collect();
    names.sort_unstable();
    names.len()
}

/// How long [`reference`] took on the project's machine, where the checks are held to 1
/// ms (quiet runs of this benchmark, 431-445 µs a round; the checks took 620-650 µs then,
/// a ratio of 1.45, and 1.45-1.57 with a release build running beside them).
const REFERENCE_THERE: Duration = Duration::from_micros(435);

fn main() {
    let profile = Profile::default_profile();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let claim = large_claim(&profile, today);
    assert_eq!((claim.cost_lines.len(), claim.documents.len()), (1_003, 1_007));

    // Warm up, then time the reference and a review, one after the other, in rounds a
    // moment apart: each round's ratio is the median review over the median reference,
    // and the budget is held on the lower quartile of the rounds' ratios. On a machine of
    // two cores a whole round can run slowed by what the machine does meanwhile (right
    // after the build, every review of one round took 1.3-1.4 ms, then 0.80 ms a minute
    // later; at the end of one stop, with nothing else running, rounds took 1.6-1.8 ms
    // for minutes): the reference, slowed with it, keeps the ratio. But the review alone
    // was also seen slowed 2.6 times for whole rounds, the reference beside it not (four
    // rounds of seven in one clean run, two in the next, none in a run here at once after:
    // the same code; the review's working set is far larger than the reference's). Noise
    // only adds time, and a slower review slows every round: the lower quartile holds a
    // regression and lets those rounds pass. Every round is printed.
    for _ in 0..50 {
        std::hint::black_box(review(&claim, &profile, today));
        std::hint::black_box(reference());
    }
    const ROUNDS: usize = 9;
    const RUNS: usize = 150;
    let time = |work: &dyn Fn()| {
        let start = Instant::now();
        work();
        start.elapsed()
    };
    let median = |samples: &mut Vec<Duration>| {
        samples.sort_unstable();
        samples[samples.len() / 2]
    };
    let mut rounds: Vec<(Duration, Duration)> = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        if round > 0 {
            std::thread::sleep(Duration::from_millis(150));
        }
        let (mut reviews, mut references) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
        for _ in 0..RUNS {
            references.push(time(&|| {
                std::hint::black_box(reference());
            }));
            reviews.push(time(&|| {
                std::hint::black_box(review(std::hint::black_box(&claim), &profile, today));
            }));
        }
        rounds.push((median(&mut reviews), median(&mut references)));
    }
    let ratio = |(review, reference): &(Duration, Duration)| review.as_secs_f64() / reference.as_secs_f64().max(1e-9);
    let mut ratios: Vec<f64> = rounds.iter().map(ratio).collect();
    ratios.sort_unstable_by(f64::total_cmp);
    let held = ratios[ratios.len() / 4];
    let budget = BUDGET.as_secs_f64() / REFERENCE_THERE.as_secs_f64();
    let findings = review(&claim, &profile, today).findings.len();
    println!("review of 1,003 cost lines and 1,007 documents ({findings} findings), {ROUNDS} rounds of {RUNS} runs, each beside the reference:");
    for (review, reference) in &rounds {
        println!("  review {:>7.1} µs   reference {:>7.1} µs   ratio {:.2}", micros(*review), micros(*reference), ratio(&(*review, *reference)));
    }
    let fastest = rounds.iter().map(|(review, _)| *review).min().unwrap_or(Duration::MAX);
    println!(
        "  ratio {held:.2} (the rounds' lower quartile), budget {budget:.2}: 1 ms where the reference took {:.1} µs; the review took {:.1} µs in its fastest round here",
        micros(REFERENCE_THERE),
        micros(fastest)
    );
    if held <= budget {
        println!("  met ({:.0}% of the budget)", 100.0 * held / budget);
    } else {
        println!("  MISSED");
        std::process::exit(1);
    }
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}
