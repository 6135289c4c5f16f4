//! How the work of many claims grows with their number: a backup of `n` claims restored
//! into a page holding `n` others (which claims are already here, as the page asks before
//! and as the restore does, the keys, the calendars, the bin), and the list's rows of the `2n` claims then, for `n` of 500 and
//! 2,000. Work in proportion to the claims grows 4× from one to the other (about 5× with
//! the sort's n log n); work in proportion to their square, 16×. Budget: at most 8×,
//! halfway between the two on a log scale (a ratio of two times measured in the same run,
//! not a time: 5.9× was seen on a busy machine). Prints the figures; run with
//! `cargo bench --bench claims`.

use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use preflight::claim::{ClaimField, Edit};
use preflight::example::example_claim;
use preflight::profile::Profile;
use preflight::session::{Event, FromBackup, Session};

const SMALL: usize = 500;
const LARGE: usize = 2_000;
const BUDGET: f64 = 8.0;

/// `n` claims, each of its own title and amount (no two of the same content), keyed
/// `prefix-0`, `prefix-1`, ….
fn claims(profile: &Profile, today: NaiveDate, prefix: &str, n: usize) -> Vec<FromBackup> {
    (0..n)
        .map(|at| {
            let mut claim = example_claim(today, profile, "en", "USD");
            claim.apply(Edit::Set(ClaimField::Title, format!("{prefix} webinar {at}")), profile);
            claim.calendar_id = format!("{prefix}-calendar-{at}");
            FromBackup { key: format!("{prefix}-{at}"), claim: Box::new(claim), files: Vec::new() }
        })
        .collect()
}

/// The time to restore `n` claims into a page holding `n`, and to list the `2n` then
/// (the lowest of `rounds`).
fn timed(profile: &Rc<Profile>, today: NaiveDate, n: usize, rounds: usize) -> (Duration, Duration) {
    let (mut restore, mut list) = (Duration::MAX, Duration::MAX);
    for _ in 0..rounds {
        let mut session = Session::new(profile.clone(), today, "claim-on-page");
        session.handle(Event::RestoredBackup { claims: claims(profile, today, "here", n) });
        let backup = claims(profile, today, "backup", n);
        let restored: Vec<_> = backup.iter().map(|claim| (*claim.claim).clone()).collect();
        // What the page asks first (which are here already, for its report), then the
        // restore itself.
        let start = Instant::now();
        std::hint::black_box(session.where_here(&restored));
        std::hint::black_box(session.handle(Event::RestoredBackup { claims: backup }));
        restore = restore.min(start.elapsed());
        // The list, many times: its time is short (a few milliseconds), and the machine's
        // moments (another process, memory the system takes back) weigh on a few.
        for _ in 0..25 {
            let start = Instant::now();
            let rows = std::hint::black_box(session.rows());
            list = list.min(start.elapsed());
            assert_eq!(rows.len(), 2 * n, "every claim restored is listed");
        }
    }
    (restore, list)
}

fn main() {
    let profile = Rc::new(Profile::default_profile());
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default();
    let small = timed(&profile, today, SMALL, 5);
    let large = timed(&profile, today, LARGE, 3);
    let millis = |duration: Duration| duration.as_secs_f64() * 1e3;
    let mut over = false;
    for (what, small, large) in [("restore", small.0, large.0), ("list", small.1, large.1)] {
        let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
        let met = ratio <= BUDGET;
        over |= !met;
        println!(
            "{what:>8}: {SMALL} claims into {SMALL} {:>9.1} ms, {LARGE} into {LARGE} {:>9.1} ms: {ratio:.1}× (budget {BUDGET}×; 4× in proportion, 16× with the square) {}",
            millis(small),
            millis(large),
            if met { "met" } else { "MISSED" }
        );
    }
    if over {
        std::process::exit(1);
    }
}
