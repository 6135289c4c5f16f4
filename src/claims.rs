//! The partner's claims, as the start view lists them: one row per claim with its
//! deadline, days left and blocker count, the most urgent first.
//!
//! The rows are derived from the claims (never stored), so they cannot disagree with
//! what a claim's own page shows.

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::claim::Claim;
use crate::dates;
use crate::profile::Profile;
use crate::rules::{review, Review};

/// The most of a title that a label shows (the list's rows, notices, reports).
pub const LABEL_CHARS: usize = 200;

/// A title as a label shows it: whole up to [`LABEL_CHARS`] characters, then cut with
/// "…". The claim keeps its title whole (the field, the package); a label of 400 KB
/// without a space, from a crafted package, took the browser half a minute to lay out.
pub fn label(title: &str) -> String {
    cut(title, LABEL_CHARS)
}

/// `text` whole up to `most` characters, then cut with "…".
pub fn cut(text: &str, most: usize) -> String {
    match text.char_indices().nth(most) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// One claim of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimRow {
    /// Where the claim is kept on the device.
    pub key: String,
    pub title: String,
    /// The title as the list orders it ([`title_key`]: case and accents aside).
    pub sort_title: String,
    /// The claim deadline (the earlier of the rule's and a published close); unknown
    /// until the usage period end is entered.
    pub deadline: Option<NaiveDate>,
    /// Days from today to the deadline; negative once it has passed.
    pub days_left: Option<i64>,
    /// Past the deadline, but not past Microsoft's published close: Partner Center still
    /// takes the claim (the Dates card and `DEADLINE-PASSED`'s fix say to submit now), so
    /// it is still to do, the most urgent, not forfeited.
    pub still_taken: bool,
    pub blockers: usize,
    pub documents: usize,
    pub status: crate::lifecycle::Status,
    /// Whether the claim went in ([`crate::lifecycle::Lifecycle::went_in`]): back in
    /// preparation for a correction, it is no claim whose deadline is still to meet.
    pub went_in: bool,
    /// When the claim was submitted in Partner Center, once it was: the row shows this
    /// rather than a deadline that no longer applies.
    pub submitted: Option<NaiveDate>,
    pub archived: bool,
    /// Until when the originals are kept (activity end + the profile's months): an
    /// archived claim's row shows it (PRODUCT.md §2.5), rather than dates now past.
    pub retention_end: Option<NaiveDate>,
    /// The usage period (`start..end`, ISO), empty while not given: the list's filter.
    pub period: String,
    /// What `Search claims` looks in, lower-case: the title, Partner ID, Partner Center
    /// claim ID, the cost lines' vendors and descriptions, the invoices' numbers and vendors.
    pub search: String,
}

/// The groups of the list, in order: what needs the partner, what Microsoft has, what is
/// done, what was forfeited (its deadline passed, the claim never gone in), what was put
/// away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    ToDo,
    WithMicrosoft,
    Done,
    Forfeited,
    Archived,
}

impl Group {
    pub fn name(self) -> &'static str {
        match self {
            Group::ToDo => "to-do",
            Group::WithMicrosoft => "with-microsoft",
            Group::Done => "done",
            Group::Forfeited => "forfeited",
            Group::Archived => "archived",
        }
    }
}

impl ClaimRow {
    /// The row of a claim, from a review already made (the open claim has one).
    pub fn from_review(key: &str, claim: &Claim, review: &Review) -> ClaimRow {
        let deadline = review.dates.claim_deadline.as_ref().map(|deadline| deadline.effective());
        let mut search = format!("{}\n{}\n{}", claim.title, claim.partner_id, claim.lifecycle.partner_center_id);
        for line in &claim.cost_lines {
            search.push('\n');
            search.push_str(&line.vendor);
            search.push('\n');
            search.push_str(&line.description);
        }
        for document in &claim.documents {
            for field in [crate::claim::InvoiceField::Number, crate::claim::InvoiceField::Vendor] {
                if let Some((fact, _)) = document.invoice_fact(field) {
                    search.push('\n');
                    search.push_str(fact);
                }
            }
        }
        ClaimRow {
            key: key.to_string(),
            title: claim.title.trim().to_string(),
            sort_title: title_key(&claim.title),
            deadline,
            days_left: deadline.map(|deadline| dates::days_from(review.today, deadline)),
            still_taken: review.dates.claim_deadline.as_ref().is_some_and(|deadline| review.today > deadline.effective() && review.today <= deadline.accepted_until()),
            blockers: review.n_blockers(),
            documents: claim.documents.len(),
            status: claim.lifecycle.status,
            went_in: claim.lifecycle.went_in(),
            // A slip (a day still to come, or after Partner Center answered) is not the
            // day it went in; the Dates card says the same day.
            submitted: claim.lifecycle.submission(review.today).flatten(),
            archived: claim.lifecycle.archived,
            retention_end: review.dates.retention_end,
            period: if claim.usage_start.trim().is_empty() || claim.usage_end.trim().is_empty() { String::new() } else { format!("{}..{}", claim.usage_start.trim(), claim.usage_end.trim()) },
            search: folded(&search),
        }
    }

    /// Still in preparation, its deadline passed, Microsoft's published close too: its
    /// funds are lost (archived or not).
    pub fn deadline_missed(&self) -> bool {
        self.status == crate::lifecycle::Status::Preparing && !self.went_in && self.days_left.is_some_and(|days| days < 0) && !self.still_taken
    }

    /// The row's group in the list.
    pub fn group(&self) -> Group {
        use crate::lifecycle::Status;
        match self.status {
            _ if self.archived => Group::Archived,
            _ if self.deadline_missed() => Group::Forfeited,
            // Asked for something: more information, or the tax invoice payment waits for.
            Status::Preparing | Status::MoreInformation | Status::PendingTaxInvoice => Group::ToDo,
            Status::Submitted | Status::Approved | Status::PaymentInProgress => Group::WithMicrosoft,
            Status::Rejected | Status::Paid => Group::Done,
        }
    }

    /// Whether the row answers a search: every word of it is in the row's text, case and
    /// accents aside (`ecole` and `école` find "École", as a partner types them).
    pub fn matches(&self, query: &str) -> bool {
        query.split_whitespace().all(|word| self.search.contains(&folded(word)))
    }

    /// The row of a saved claim: its review as of `today`.
    pub fn of(key: &str, claim: &Claim, profile: &Profile, today: NaiveDate) -> ClaimRow {
        ClaimRow::from_review(key, claim, &review(claim, profile, today))
    }
}

/// Text in lower case without its accents, for the search: Latin letters to their base
/// (`É` → `e`, `ß` → `ss`, `Œ` → `oe`), combining accents dropped (a decomposed `é`), and
/// the apostrophes macOS, iOS and Word type (`’`, `ʼ`) as the keyboard's `'`.
fn folded(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{300}'..='\u{36F}').contains(c))
        .map(|c| if matches!(c, '\u{2019}' | '\u{2018}' | '\u{2BC}') { '\'' } else { c })
        .flat_map(crate::package::names::fold_accent)
        .map(crate::package::names::lower_latin)
        .collect()
}

/// A title as two claims are said to have the same one: folded as the search folds it
/// (case and accents aside), spaces around it aside. (Not `to_lowercase`: its Unicode
/// tables cost the first view 8 KB.)
pub fn title_key(title: &str) -> String {
    folded(title.trim())
}

/// The order of the list: by group ([`Group`]: a forfeited claim never sits above one
/// due today), then the nearest deadline first; then claims that went in, whose deadline
/// no longer applies (their row says when they went in, not a deadline; a request for
/// more information is answered in a claim that went in), the earliest submitted first;
/// then claims whose deadline is not known yet. Ties by title as a reader orders it
/// (case and accents aside: "apple", "Banana", "école", "Zeta"; claims of one usage
/// period share a deadline, so ties are common), an untitled claim after the titled
/// ones, then by key, so the order never changes between two renders.
pub fn by_urgency(a: &ClaimRow, b: &ClaimRow) -> Ordering {
    let when = |row: &ClaimRow| match row.deadline {
        // One that went in without a day said (Submitted on left empty) after those with.
        _ if row.went_in => (if row.submitted.is_some() { 1 } else { 2 }, row.submitted),
        Some(deadline) => (0, Some(deadline)),
        None => (3, None),
    };
    let title = |row: &ClaimRow| row.sort_title.is_empty();
    a.group().cmp(&b.group()).then_with(|| when(a).cmp(&when(b))).then_with(|| title(a).cmp(&title(b))).then_with(|| a.sort_title.cmp(&b.sort_title)).then_with(|| a.title.cmp(&b.title)).then_with(|| a.key.cmp(&b.key))
}

/// The rows in the order of the list ([`by_urgency`]). An insertion sort of the rows'
/// places, each found by halving (the page then carries no copy of the standard sort's
/// code, 0.9 KB): the comparisons grow as n log n, and what is moved to make room is
/// four bytes a row, not the row (a list of 10,000 moves some 100 MB, a few
/// milliseconds; `benches/claims.rs`).
pub fn sorted(rows: impl IntoIterator<Item = ClaimRow>) -> Vec<ClaimRow> {
    let rows: Vec<ClaimRow> = rows.into_iter().collect();
    let mut order: Vec<u32> = Vec::with_capacity(rows.len());
    for (at, row) in rows.iter().enumerate() {
        let place = order.partition_point(|placed| by_urgency(&rows[*placed as usize], row) != Ordering::Greater);
        order.insert(place, at as u32);
    }
    let mut rows: Vec<Option<ClaimRow>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|at| rows[at as usize].take()).collect()
}

/// A key for a new claim that no claim in `taken` has: `claim-` and the two numbers in
/// hexadecimal (the page passes the time in milliseconds and a random number under 2³²),
/// the second always eight digits: keys of one moment have one length, so two claims of
/// the same content give packages of one size (the key names their calendar's events).
/// `taken` says whether a key is taken (a set's lookup where keys are made by the
/// thousand: a restore of a large backup).
pub fn new_key(time: u64, random: u64, taken: impl Fn(&str) -> bool) -> String {
    let mut n = random;
    loop {
        let key = format!("claim-{time:x}-{n:08x}");
        if !taken(&key) {
            return key;
        }
        n = n.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_label_shows_a_long_title_cut() {
        assert_eq!(super::label("Spring webinar"), "Spring webinar");
        let long = "é".repeat(400_000);
        let shown = super::label(&long);
        assert_eq!(shown.chars().count(), super::LABEL_CHARS + 1);
        assert!(shown.ends_with("é…"));
        assert_eq!(super::label(&"x".repeat(super::LABEL_CHARS)), "x".repeat(super::LABEL_CHARS));
    }

    use super::*;
    use crate::claim::{ClaimField, Edit};

    fn date(text: &str) -> NaiveDate {
        dates::parse_iso(text).expect("date")
    }

    fn claim(title: &str, usage_end: &str) -> Claim {
        let profile = Profile::default_profile();
        let mut claim = Claim::new(&profile);
        claim.apply(Edit::Set(ClaimField::Title, title.into()), &profile);
        claim.apply(Edit::Set(ClaimField::UsageEnd, usage_end.into()), &profile);
        claim
    }

    fn row(key: &str, title: &str, usage_end: &str, today: &str) -> ClaimRow {
        ClaimRow::of(key, &claim(title, usage_end), &Profile::default_profile(), date(today))
    }

    #[test]
    fn a_row_carries_the_deadline_the_days_left_and_the_blockers() {
        // PRODUCT.md §2.2: a usage period ending 2018-12-31 must be claimed by 2019-02-14.
        let row = row("a", "  Webinar ", "2018-12-31", "2019-02-10");
        assert_eq!(row.title, "Webinar");
        assert_eq!(row.deadline, Some(date("2019-02-14")));
        assert_eq!(row.days_left, Some(4));
        assert!(row.blockers > 0, "a claim with a title and a date only has blockers");
        let review = review(&claim("Webinar", "2018-12-31"), &Profile::default_profile(), date("2019-02-10"));
        assert_eq!(row.blockers, review.n_blockers());
        assert_eq!(row.documents, 0);
    }

    /// PRODUCT.md §2.5's payment statuses: a payment waiting for the partner's tax invoice
    /// is theirs to do; one in progress is with Microsoft; both draw on the period's funds,
    /// keep the claim locked and read back from their names. An archived claim's row
    /// carries its retention end (activity end + 24 months).
    #[test]
    fn payment_statuses_sort_into_their_groups_and_an_archived_row_keeps_its_retention_end() {
        use crate::lifecycle::Status;
        let profile = Profile::default_profile();
        let with = |status: Status, archived: bool| {
            let mut claim = claim("Webinar", "2026-12-31");
            claim.apply(Edit::Set(ClaimField::ActivityEnd, "2026-10-15".into()), &profile);
            claim.apply(Edit::SetStatus { status, on: "2026-11-20".into(), note: String::new() }, &profile);
            claim.apply(Edit::SetArchived(archived), &profile);
            (ClaimRow::of("k", &claim, &profile, date("2026-11-25")), claim)
        };
        for (status, name, group) in [(Status::PendingTaxInvoice, "pending-tax-invoice", Group::ToDo), (Status::PaymentInProgress, "payment-in-progress", Group::WithMicrosoft)] {
            let (row, claim) = with(status, false);
            assert_eq!((row.status, row.group()), (status, group), "{name}");
            assert_eq!(Status::from_name(name), Some(status));
            assert!(claim.lifecycle.draws_funds() && claim.lifecycle.locked(), "{name}");
        }
        let (row, _) = with(Status::Paid, true);
        assert_eq!((row.group(), row.retention_end), (Group::Archived, Some(date("2028-10-15"))));
    }

    /// `Search claims` finds a claim by an invoice's vendor as typed (or read).
    #[test]
    fn a_claim_is_found_by_its_invoices_vendor() {
        let profile = Profile::default_profile();
        let today = date("2026-11-25");
        let mut claim = crate::example::example_claim(today, &profile, "en", "USD");
        let invoice = claim.documents.iter().find(|document| document.doc_type == Some(crate::claim::DocType::Invoice)).map(|document| document.id).expect("an invoice");
        assert!(!ClaimRow::of("k", &claim, &profile, today).matches("wingtip"));
        claim.apply(Edit::SetInvoiceFact(invoice, crate::claim::InvoiceField::Vendor, "Wingtip Toys Events".into()), &profile);
        assert!(ClaimRow::of("k", &claim, &profile, today).matches("wingtip events"));
    }

    #[test]
    fn the_nearest_deadline_comes_first_unknown_deadlines_next_and_forfeited_claims_after() {
        let today = "2026-11-25";
        let rows = sorted([
            row("later", "Later", "2026-12-31", today),
            row("unknown", "No dates yet", "", today),
            row("passed", "Passed", "2026-06-30", today),
            row("sooner", "Sooner", "2026-10-31", today),
        ]);
        let keys: Vec<&str> = rows.iter().map(|row| row.key.as_str()).collect();
        assert_eq!(keys, ["sooner", "later", "unknown", "passed"]);
        assert!(rows[3].days_left.is_some_and(|days| days < 0), "a passed deadline counts down below zero");
        assert_eq!(rows[2].deadline, None);
    }

    #[test]
    fn equal_deadlines_keep_a_stable_order() {
        let today = "2026-11-25";
        let rows = sorted([row("b", "Same", "2026-12-31", today), row("a", "Same", "2026-12-31", today), row("c", "Alpha", "2026-12-31", today)]);
        let keys: Vec<&str> = rows.iter().map(|row| row.key.as_str()).collect();
        assert_eq!(keys, ["c", "a", "b"]);
    }

    /// Claims of one usage period share their deadline: the title orders them as a reader
    /// would, case and accents aside, an untitled one last.
    #[test]
    fn claims_of_one_deadline_are_in_the_order_of_their_titles_case_and_accents_aside() {
        let today = "2026-11-25";
        let titles = ["Zeta partner day", "", "école d'été", "apple summit", "Banana webinar", "Ecole 2"];
        let rows = sorted(titles.iter().enumerate().map(|(i, title)| row(&format!("k{i}"), title, "2026-12-31", today)));
        let order: Vec<&str> = rows.iter().map(|row| row.title.as_str()).collect();
        assert_eq!(order, ["apple summit", "Banana webinar", "Ecole 2", "école d'été", "Zeta partner day", ""]);
    }

    /// A claim that went in (here, Microsoft asks for more information) has no deadline
    /// left to meet: it sits after the claims still to submit by theirs, by the day it went
    /// in, whatever deadline its usage period once gave it.
    #[test]
    fn a_claim_that_went_in_is_ordered_by_when_it_went_in_not_by_a_deadline_it_no_longer_has() {
        use crate::lifecycle::Status;
        let profile = Profile::default_profile();
        let today = "2026-11-25";
        let asked = |title: &str, usage_end: &str, on: &str, status: Status| {
            let mut claim = claim(title, usage_end);
            claim.apply(Edit::SetStatus { status: Status::Submitted, on: on.into(), note: String::new() }, &profile);
            claim.apply(Edit::SetStatus { status, on: today.into(), note: String::new() }, &profile);
            ClaimRow::of(title, &claim, &profile, date(today))
        };
        let rows = sorted([
            asked("Asked in spring", "2026-03-31", "2026-04-20", Status::MoreInformation),
            asked("Tax invoice", "2026-09-30", "2026-10-10", Status::PendingTaxInvoice),
            row("due", "Due in three days", "2026-10-14", today),
            row("undated", "No dates yet", "", today),
            asked("Asked later", "2026-01-31", "2026-06-01", Status::MoreInformation),
        ]);
        let order: Vec<(&str, Group)> = rows.iter().map(|row| (row.title.as_str(), row.group())).collect();
        assert_eq!(order, [("Due in three days", Group::ToDo), ("Asked in spring", Group::ToDo), ("Asked later", Group::ToDo), ("Tax invoice", Group::ToDo), ("No dates yet", Group::ToDo)]);
        // One whose Submitted on was left empty goes after those of a day said.
        let mut undated = claim("Submitted, no day", "2026-09-30");
        undated.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-10-01".into(), note: String::new() }, &profile);
        undated.apply(Edit::SetSubmittedOn(String::new(), today.into()), &profile);
        let submitted = |title: &str, on: &str| {
            let mut claim = claim(title, "2026-09-30");
            claim.apply(Edit::SetStatus { status: Status::Submitted, on: on.into(), note: String::new() }, &profile);
            ClaimRow::of(title, &claim, &profile, date(today))
        };
        let rows = sorted([ClaimRow::of("undated", &undated, &profile, date(today)), submitted("In October", "2026-10-02"), submitted("In April", "2026-04-02")]);
        assert_eq!(rows.iter().map(|row| row.title.as_str()).collect::<Vec<_>>(), ["In April", "In October", "Submitted, no day"]);
    }

    proptest::proptest! {
        /// Whatever the deadlines, the list's order is the standard sort's.
        #[test]
        fn the_insertion_sort_agrees_with_the_standard_sort(days in proptest::collection::vec((proptest::option::of(-30i64..60), 0u8..3, 0..crate::lifecycle::Status::ALL.len(), proptest::bool::weighted(0.2)), 0..40)) {
            let today = date("2026-11-25");
            let rows: Vec<ClaimRow> = days.iter().enumerate().map(|(i, (days, title, status, archived))| ClaimRow {
                key: format!("k{i:02}"),
                title: format!("t{title}"),
                sort_title: format!("t{title}"),
                deadline: days.map(|d| today.checked_add_signed(chrono::TimeDelta::days(d)).unwrap_or(today)),
                days_left: *days,
                still_taken: days.is_some_and(|days| days == -1),
                blockers: 0,
                documents: 0,
                status: crate::lifecycle::Status::ALL[*status],
                went_in: crate::lifecycle::Status::ALL[*status].submitted(),
                submitted: None,
                archived: *archived,
                retention_end: None,
                period: String::new(),
                search: String::new(),
            }).collect();
            let mut expected = rows.clone();
            expected.sort_by(by_urgency);
            proptest::prop_assert_eq!(sorted(rows), expected);
        }
    }

    /// The day after the days allowed is Microsoft's published close: the claim is still
    /// taken, so it is still to do (the most urgent), not forfeited; the day after, it is.
    #[test]
    fn a_claim_past_its_deadline_but_not_past_the_published_close_is_still_to_do() {
        let on = |today: &str| row("a", "Close day", "2026-12-31", today);
        let close_day = on("2027-02-15");
        assert_eq!((close_day.days_left, close_day.still_taken, close_day.group()), (Some(-1), true, Group::ToDo));
        let after = on("2027-02-16");
        assert_eq!((after.still_taken, after.group()), (false, Group::Forfeited));
        let before = on("2027-02-14");
        assert_eq!((before.still_taken, before.group()), (false, Group::ToDo));
        let keys: Vec<String> = sorted([row("later", "Later", "2027-06-30", "2027-02-15"), close_day]).into_iter().map(|row| row.key).collect();
        assert_eq!(keys, ["a", "later"], "the most urgent first");
    }

    #[test]
    fn groups_put_what_needs_the_partner_first_and_forfeited_and_archived_claims_last() {
        use crate::lifecycle::Status;
        let profile = Profile::default_profile();
        let today = "2026-11-25";
        let mut rows = vec![
            row("a", "Due today", "2026-10-11", today),
            row("b", "Forfeited in spring", "2026-03-31", today),
            row("c", "Later", "2026-12-31", today),
        ];
        let mut submitted = claim("Submitted, in review", "2026-09-30");
        submitted.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-10-01".into(), note: String::new() }, &profile);
        submitted.apply(Edit::SetPartnerCenterId("PC-77881".into()), &profile);
        rows.push(ClaimRow::of("d", &submitted, &profile, date(today)));
        let mut archived = claim("Paid and put away", "2026-09-30");
        archived.apply(Edit::SetArchived(true), &profile);
        rows.push(ClaimRow::of("e", &archived, &profile, date(today)));
        let order: Vec<(String, Group)> = sorted(rows.clone()).into_iter().map(|row| (row.title.clone(), row.group())).collect();
        assert_eq!(
            order,
            [
                ("Due today".to_string(), Group::ToDo),
                ("Later".to_string(), Group::ToDo),
                ("Submitted, in review".to_string(), Group::WithMicrosoft),
                ("Forfeited in spring".to_string(), Group::Forfeited),
                ("Paid and put away".to_string(), Group::Archived),
            ]
        );
        // Search: every word, case aside, in the title, IDs, vendors, invoice numbers.
        let found = |query: &str| rows.iter().filter(|row| row.matches(query)).map(|row| row.key.as_str()).collect::<Vec<_>>();
        assert_eq!(found("pc-77881"), ["d"]);
        assert_eq!(found("DUE today"), ["a"]);
        assert_eq!(found(""), ["a", "b", "c", "d", "e"]);
        assert!(found("nothing like this").is_empty());
        // Accented capitals too: a French title found as it is typed in a search.
        let mut french = Claim::new(&profile);
        french.title = "École d'été ÉLAN".into();
        let row = ClaimRow::of("f", &french, &profile, date(today));
        for query in ["école", "ÉCOLE", "été", "Été", "élan", "d'ÉTÉ", "ecole", "ete", "ELAN", "e\u{301}cole"] {
            assert!(row.matches(query), "{query}");
        }
        let mut more = Claim::new(&profile);
        more.title = "Straße Œuvre Noe\u{308}l".into();
        let row = ClaimRow::of("g", &more, &profile, date(today));
        for query in ["strasse", "oeuvre", "noel", "Noël"] {
            assert!(row.matches(query), "{query}");
        }
        assert!(!row.matches("ecoles"));
        // A title typed with a typographic apostrophe, found with the keyboard's, and back.
        let mut curly = Claim::new(&profile);
        curly.title = "Séminaire de l\u{2019}été".into();
        let row = ClaimRow::of("i", &curly, &profile, date(today));
        for query in ["l'ete", "l\u{2019}été", "L'ÉTÉ"] {
            assert!(row.matches(query), "{query}");
        }
        let row = ClaimRow::of("f", &french, &profile, date(today));
        assert!(row.matches("d\u{2019}été"), "the title's straight apostrophe, typed curly");
        // Vietnamese: typed without its marks, or with them decomposed as macOS pastes them.
        let mut vietnamese = Claim::new(&profile);
        vietnamese.title = "Hội thảo khách hàng ĐÀ NẴNG".into();
        let row = ClaimRow::of("h", &vietnamese, &profile, date(today));
        for query in ["hoi thao", "HỘI", "Đà Nẵng", "da nang", "ho\u{302}\u{323}i"] {
            assert!(row.matches(query), "{query}");
        }
        assert!(!row.matches("hoi thao x"));
    }

    #[test]
    fn a_new_key_is_never_one_already_taken() {
        let first = new_key(0x19abc, 7, |key| key == "claim-other");
        assert_eq!(first, "claim-19abc-00000007");
        let second = new_key(0x19abc, 7, |key| [first.as_str(), "claim-19abc-00000008"].contains(&key));
        assert_eq!(second, "claim-19abc-00000009");
    }
}
