//! What the Dates card says about the claim's dates as of today. The decision is made
//! here, in the core, and tested; the page only renders it.
//!
//! Advice never points to the past: with the deadline today the page does not say
//! "Submit by" yesterday, with the deadline passed it says so, and a retention end
//! that has passed means the originals may be discarded, not that anything is overdue.

use chrono::NaiveDate;

use crate::dates;
use crate::rules::Arg;

/// How a date reads beside its day count: passed, within the profile's warning horizon,
/// or later. The page colours the count by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    Soon,
    Later,
}

impl Urgency {
    /// `days` from today to a date that must be met, with the profile's warning horizon.
    pub fn of(days: i64, warning_days: u32) -> Urgency {
        if days < 0 {
            Urgency::Overdue
        } else if days <= i64::from(warning_days) {
            Urgency::Soon
        } else {
            Urgency::Later
        }
    }

    /// The page's class for it.
    pub fn class(self) -> &'static str {
        match self {
            Urgency::Overdue => "overdue",
            Urgency::Soon => "soon",
            Urgency::Later => "later",
        }
    }
}

/// When to submit, given the claim deadline (PRODUCT.md §2.2: Microsoft names no cut-off
/// time, so the page advises the business day before).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineAdvice {
    /// The business day before the deadline, today or later.
    SubmitBy(NaiveDate),
    /// That business day has passed but the deadline has not (a weekend before a Monday
    /// deadline): submit today.
    SubmitToday { deadline: NaiveDate },
    /// The deadline is today.
    DueToday,
    /// The deadline has passed; the funds of this claim are forfeited.
    Passed,
}

impl DeadlineAdvice {
    pub fn new(deadline: NaiveDate, today: NaiveDate) -> DeadlineAdvice {
        let submit_by = dates::business_day_before(deadline);
        if today > deadline {
            DeadlineAdvice::Passed
        } else if today == deadline {
            DeadlineAdvice::DueToday
        } else if today > submit_by {
            DeadlineAdvice::SubmitToday { deadline }
        } else {
            DeadlineAdvice::SubmitBy(submit_by)
        }
    }

    /// The catalog key of the sentence and its values.
    pub fn message(self) -> (&'static str, Vec<(String, Arg)>) {
        match self {
            DeadlineAdvice::SubmitBy(date) => ("ui.dates.submit-by", vec![("date".into(), Arg::Date(date))]),
            DeadlineAdvice::SubmitToday { deadline } => ("ui.dates.submit-today", vec![("date".into(), Arg::Date(deadline))]),
            DeadlineAdvice::DueToday => ("ui.dates.due-today", Vec::new()),
            DeadlineAdvice::Passed => ("ui.dates.passed", Vec::new()),
        }
    }

    /// Whether the deadline is still ahead (today included): then a weekend deadline is
    /// worth a note.
    pub fn is_open(self) -> bool {
        self != DeadlineAdvice::Passed
    }

    /// Whether the sentence asks for action now (the page stresses it).
    pub fn is_urgent(self) -> bool {
        !matches!(self, DeadlineAdvice::SubmitBy(_))
    }
}

/// What the end of record retention means today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetentionAdvice {
    /// Keep the originals: the end is today or later, `days_left` from today.
    Keep { days_left: i64 },
    /// The retention period is over: the originals may now be discarded. Nothing is
    /// overdue, so the page says it in a neutral tone and shows no day count.
    MayDiscard,
}

impl RetentionAdvice {
    pub fn new(retention_end: NaiveDate, today: NaiveDate) -> RetentionAdvice {
        let days_left = dates::days_from(today, retention_end);
        if days_left < 0 {
            RetentionAdvice::MayDiscard
        } else {
            RetentionAdvice::Keep { days_left }
        }
    }

    /// The catalog key of the note shown instead of a day count, if any.
    pub fn note(self) -> Option<&'static str> {
        match self {
            RetentionAdvice::Keep { .. } => None,
            RetentionAdvice::MayDiscard => Some("ui.dates.may-discard"),
        }
    }
}


/// One note under the claim deadline: a catalog key with its values, and whether it asks
/// for action now (the page stresses it).
#[derive(Clone, Debug, PartialEq)]
pub struct DeadlineNote {
    pub key: &'static str,
    pub args: Vec<(String, Arg)>,
    pub urgent: bool,
}

/// The notes under the claim deadline, as the Dates card and the summary write them. A
/// claim submitted (`submitted`: `Some`, with the day if known): whether it met the
/// deadline. Else: Microsoft's other date for it, a weekend while it is ahead, and when
/// to submit ([`DeadlineAdvice`]); a claim put away without being submitted
/// (`put_away`: abandoned, forfeited) is not urged: the other date alone.
pub fn deadline_notes(deadline: &dates::ClaimDeadline, submitted: Option<Option<NaiveDate>>, put_away: bool, today: NaiveDate) -> Vec<DeadlineNote> {
    let note = |key, args, urgent| DeadlineNote { key, args, urgent };
    let effective = deadline.effective();
    // The other date stays beside the deadline, submitted or not (PRODUCT.md §2.2).
    let mut notes = Vec::new();
    match deadline.other() {
        Some(dates::OtherDeadline::PublishedClose(close)) => notes.push(note("ui.dates.other-close", vec![("date".into(), Arg::Date(close))], false)),
        Some(dates::OtherDeadline::ByRule(by_rule)) => notes.push(note("ui.dates.other-rule", vec![("date".into(), Arg::Date(by_rule))], false)),
        None => {}
    }
    if let Some(on) = submitted {
        notes.push(match on {
            Some(on) if on <= effective => note("ui.dates.submitted-in-time", vec![("date".into(), Arg::Date(on))], false),
            // After the days allowed, by Microsoft's published close: Partner Center took it.
            Some(on) if on <= deadline.accepted_until() => note("ui.dates.submitted-by-close", vec![("date".into(), Arg::Date(on))], false),
            Some(on) => note("ui.dates.submitted-late", vec![("date".into(), Arg::Date(on))], false),
            None => note("ui.dates.submitted", Vec::new(), false),
        });
        return notes;
    }
    if put_away {
        return notes;
    }
    let advice = DeadlineAdvice::new(effective, today);
    if advice.is_open() && dates::is_weekend(effective) {
        let weekday = format!("weekday.{}", chrono::Datelike::weekday(&effective).number_from_monday());
        notes.push(note("ui.dates.weekend", vec![("weekday".into(), Arg::Key(weekday))], false));
    }
    let (key, args) = match advice.message() {
        // Past the days allowed, not past Microsoft's published close: still taken.
        ("ui.dates.passed", _) if today <= deadline.accepted_until() => ("ui.dates.passed-before-close", vec![("date".into(), Arg::Date(deadline.accepted_until()))]),
        message => message,
    };
    notes.push(note(key, args, advice.is_urgent()));
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalog;

    fn date(text: &str) -> NaiveDate {
        dates::parse_iso(text).expect("date")
    }

    #[test]
    fn deadline_advice_never_points_to_the_past() {
        // 2019-02-14 is a Thursday; 2019-02-18 a Monday.
        let cases = [
            ("a week before a Thursday deadline", "2019-02-14", "2019-02-07", DeadlineAdvice::SubmitBy(date("2019-02-13"))),
            ("the business day before the deadline", "2019-02-14", "2019-02-13", DeadlineAdvice::SubmitBy(date("2019-02-13"))),
            ("the deadline is today", "2019-02-14", "2019-02-14", DeadlineAdvice::DueToday),
            ("the day after the deadline", "2019-02-14", "2019-02-15", DeadlineAdvice::Passed),
            ("a year after the deadline", "2019-02-14", "2020-02-14", DeadlineAdvice::Passed),
            ("Friday before a Monday deadline", "2019-02-18", "2019-02-15", DeadlineAdvice::SubmitBy(date("2019-02-15"))),
            ("Saturday before a Monday deadline", "2019-02-18", "2019-02-16", DeadlineAdvice::SubmitToday { deadline: date("2019-02-18") }),
            ("Sunday before a Monday deadline", "2019-02-18", "2019-02-17", DeadlineAdvice::SubmitToday { deadline: date("2019-02-18") }),
        ];
        for (situation, deadline, today, expected) in cases {
            let advice = DeadlineAdvice::new(date(deadline), date(today));
            assert_eq!(advice, expected, "{situation}");
            if let DeadlineAdvice::SubmitBy(by) = advice {
                assert!(by >= date(today), "{situation}: submit by {by}, before today");
            }
        }
    }

    #[test]
    fn the_date_beside_the_deadline_is_named_for_what_it_is() {
        let en = Catalog::for_tag("en");
        let beside = |by_rule: &str, close: &str| {
            let deadline = dates::ClaimDeadline { by_rule: date(by_rule), published_close: Some(date(close)) };
            let notes = deadline_notes(&deadline, None, false, date("2026-01-05"));
            notes.iter().filter(|note| note.key.starts_with("ui.dates.other-")).map(|note| en.format(note.key, &note.args).replace('\u{a0}', " ")).collect::<Vec<_>>()
        };
        // The rule first, Microsoft's close later: the close is beside it.
        assert_eq!(beside("2026-02-14", "2026-02-15"), ["Microsoft's published close: February 15, 2026"]);
        // Microsoft's close first (a 60-day rule, or an early close): the rule's date is
        // beside it, not called Microsoft's close.
        assert_eq!(beside("2026-03-01", "2026-02-15"), ["By the days allowed after the usage period: March 1, 2026 (Microsoft's published close comes first)"]);
        assert!(beside("2026-02-15", "2026-02-15").is_empty(), "one date: nothing beside it");
        // A claim put away without being submitted: not urged, the other date still said.
        let deadline = dates::ClaimDeadline { by_rule: date("2026-02-14"), published_close: Some(date("2026-02-15")) };
        let put_away: Vec<&str> = deadline_notes(&deadline, None, true, date("2026-01-05")).iter().map(|note| note.key).collect();
        assert_eq!(put_away, ["ui.dates.other-close"]);
    }

    /// Submitted after the days allowed and by Microsoft's published close: Partner
    /// Center took it, in time; the published close stays beside the deadline.
    #[test]
    fn a_claim_submitted_by_the_published_close_is_in_time_and_the_close_stays_shown() {
        let en = Catalog::for_tag("en");
        let deadline = dates::ClaimDeadline { by_rule: date("2027-02-14"), published_close: Some(date("2027-02-15")) };
        let said = |on: &str| deadline_notes(&deadline, Some(Some(date(on))), false, date("2027-03-01")).iter().map(|note| en.format(note.key, &note.args).replace('\u{a0}', " ")).collect::<Vec<_>>();
        assert_eq!(said("2027-02-14"), ["Microsoft's published close: February 15, 2027", "Submitted on February 14, 2027: in time."]);
        assert_eq!(said("2027-02-15"), ["Microsoft's published close: February 15, 2027", "Submitted on February 15, 2027: after this date, but by Microsoft's published close, so in time."]);
        assert_eq!(said("2027-02-16"), ["Microsoft's published close: February 15, 2027", "Submitted on February 16, 2027, after this deadline."]);
    }

    /// Not submitted, past the days allowed and not past Microsoft's published close:
    /// the Dates card says the claim is still taken, as it says of one submitted that day.
    #[test]
    fn a_claim_not_submitted_by_the_days_allowed_is_still_taken_until_the_published_close() {
        let (en, fr) = (Catalog::for_tag("en"), Catalog::for_tag("fr"));
        let deadline = dates::ClaimDeadline { by_rule: date("2027-02-14"), published_close: Some(date("2027-02-15")) };
        let said = |catalog: &Catalog, today: &str| deadline_notes(&deadline, None, false, date(today)).iter().map(|note| (catalog.format(note.key, &note.args).replace('\u{a0}', " "), note.urgent)).collect::<Vec<_>>();
        assert_eq!(said(&en, "2027-02-15").last().cloned().unwrap_or_default(), ("The deadline has passed, but not Microsoft's published close, February 15, 2027: Partner Center may still take the claim until then. Submit it now.".to_string(), true));
        assert_eq!(said(&fr, "2027-02-15").last().cloned().unwrap_or_default().0, "La date limite est dépassée, mais pas la clôture publiée par Microsoft, le 15 février 2027 : l'Espace partenaires peut encore accepter la demande jusque-là. Soumettez-la maintenant.");
        assert_eq!(said(&en, "2027-02-16").last().cloned().unwrap_or_default().0, "The deadline has passed: funds not claimed by then are forfeited.");
        assert_eq!(said(&en, "2027-02-14").last().cloned().unwrap_or_default().0, "The deadline is today: submit now, as Microsoft names no cut-off time.");
    }

    #[test]
    fn deadline_advice_reads_well_in_both_languages() {
        let (en, fr) = (Catalog::for_tag("en"), Catalog::for_tag("fr"));
        let said = |catalog: &Catalog, deadline: &str, today: &str| {
            let (key, args) = DeadlineAdvice::new(date(deadline), date(today)).message();
            catalog.format(key, &args)
        };
        assert_eq!(said(&en, "2019-02-14", "2019-02-07"), "Submit by February\u{a0}13,\u{a0}2019: Microsoft names no cut-off time.");
        assert_eq!(said(&en, "2019-02-14", "2019-02-14"), "The deadline is today: submit now, as Microsoft names no cut-off time.");
        assert_eq!(said(&en, "2019-02-14", "2019-02-15"), "The deadline has passed: funds not claimed by then are forfeited.");
        assert_eq!(said(&en, "2019-02-18", "2019-02-16"), "Submit today: the deadline is February\u{a0}18,\u{a0}2019, and Microsoft names no cut-off time.");
        assert_eq!(said(&fr, "2019-02-14", "2019-02-14"), "La date limite est aujourd'hui\u{a0}: soumettez sans attendre, car Microsoft ne précise aucune heure limite.");
        assert_eq!(said(&fr, "2019-02-14", "2019-02-15"), "La date limite est dépassée\u{a0}: les fonds non demandés à temps sont perdus.");
        assert_eq!(said(&fr, "2019-02-18", "2019-02-16"), "Soumettez aujourd'hui\u{a0}: la date limite est le 18\u{a0}février\u{a0}2019, et Microsoft ne précise aucune heure limite.");
        for (deadline, today) in [("2019-02-14", "2019-02-14"), ("2019-02-14", "2019-02-15"), ("2019-02-18", "2019-02-17")] {
            for catalog in [&en, &fr] {
                let text = said(catalog, deadline, today);
                assert!(!text.contains("Submit by") && !text.contains("au plus tard le"), "{deadline} seen on {today}: {text}");
            }
        }
    }

    #[test]
    fn a_past_retention_end_means_the_originals_may_be_discarded() {
        let cases = [
            ("retention ends in a year", "2020-08-31", "2019-08-31", RetentionAdvice::Keep { days_left: 366 }),
            ("retention ends today", "2020-08-31", "2020-08-31", RetentionAdvice::Keep { days_left: 0 }),
            ("retention ended yesterday", "2020-08-31", "2020-09-01", RetentionAdvice::MayDiscard),
            ("retention ended years ago", "2020-08-31", "2026-11-25", RetentionAdvice::MayDiscard),
        ];
        for (situation, end, today, expected) in cases {
            assert_eq!(RetentionAdvice::new(date(end), date(today)), expected, "{situation}");
        }
        let note = RetentionAdvice::MayDiscard.note().expect("a note");
        assert_eq!(Catalog::for_tag("en").text(note), "The retention period is over: the originals may now be discarded.");
        assert_eq!(Catalog::for_tag("fr").text(note), "La durée de conservation est écoulée\u{a0}: les originaux n'ont plus à être conservés.");
        assert_eq!(RetentionAdvice::Keep { days_left: 3 }.note(), None);
    }

    #[test]
    fn urgency_follows_the_warning_horizon() {
        let cases = [(-1, Urgency::Overdue), (0, Urgency::Soon), (14, Urgency::Soon), (15, Urgency::Later)];
        for (days, expected) in cases {
            assert_eq!(Urgency::of(days, 14), expected, "{days} days");
        }
    }
}
