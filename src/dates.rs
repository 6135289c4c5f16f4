//! Deadline math, PRODUCT.md §2.2. Deadlines are calendar dates, never moments: Microsoft
//! documents no cut-off time or time zone. `today` is always a parameter; nothing here
//! reads a clock.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::profile::{month_day, Profile};

/// The claim period deadline: the rule's date and, where the profile carries one,
/// Microsoft's published close of the same window. The earlier one counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDeadline {
    /// Usage period end + 45 days (the profile's number).
    #[serde(with = "iso_date")]
    pub by_rule: NaiveDate,
    /// Microsoft's published close for this usage period, if the profile has one.
    #[serde(with = "iso_date::option")]
    pub published_close: Option<NaiveDate>,
}

impl ClaimDeadline {
    /// The date that counts: the earlier of the two.
    pub fn effective(&self) -> NaiveDate {
        match self.published_close {
            Some(close) => close.min(self.by_rule),
            None => self.by_rule,
        }
    }

    /// The last day Partner Center takes a claim of this window: Microsoft's published
    /// close where the profile has one (later than the rule's date or not), else the
    /// rule's date. A claim submitted after the effective date and by this one was taken.
    pub fn accepted_until(&self) -> NaiveDate {
        self.published_close.unwrap_or(self.by_rule)
    }

    /// The other date, shown beside the effective one, when it differs: the published
    /// close when the rule's date is earlier, else the rule's date.
    pub fn other(&self) -> Option<OtherDeadline> {
        let close = self.published_close.filter(|close| *close != self.by_rule)?;
        Some(if close > self.by_rule { OtherDeadline::PublishedClose(close) } else { OtherDeadline::ByRule(self.by_rule) })
    }
}

/// The date of a claim deadline that does not count, the later one, said beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtherDeadline {
    /// Microsoft's published close.
    PublishedClose(NaiveDate),
    /// The usage period end plus the profile's days.
    ByRule(NaiveDate),
}

/// Years outside this range are typing mistakes (a browser date field accepts year 20189,
/// and 0202 for 2020 typed short).
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// `YYYY-MM-DD`, the form of `<time datetime>`, `<input type=date>` and the manifest.
/// Written by hand: chrono's formatting and parsing machinery would add tens of kilobytes
/// to the page for this one format.
pub fn iso(date: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    let year = date.year();
    if (0..=9999).contains(&year) {
        push_digits(&mut out, year as u32, 4);
    } else {
        out.push_str(&year.to_string());
    }
    out.push('-');
    push_digits(&mut out, date.month(), 2);
    out.push('-');
    push_digits(&mut out, date.day(), 2);
    out
}

/// `YYYYMMDD`, for iCalendar.
pub fn compact(date: NaiveDate) -> String {
    iso(date).replace('-', "")
}

fn push_digits(out: &mut String, value: u32, width: usize) {
    let text = value.to_string();
    for _ in text.len()..width {
        out.push('0');
    }
    out.push_str(&text);
}

/// Reads `YYYY-MM-DD` (a year of four or more digits); `None` for anything else,
/// including dates that do not exist (`2019-02-30`).
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let mut pieces = text.splitn(3, '-');
    let (year, month, day) = (pieces.next()?, pieces.next()?, pieces.next()?);
    let digits = |piece: &str, min: usize, max: usize| {
        (piece.len() >= min && piece.len() <= max && piece.bytes().all(|b| b.is_ascii_digit())).then(|| piece.parse::<u32>().ok()).flatten()
    };
    let year = digits(year, 4, 6)?;
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, digits(month, 2, 2)?, digits(day, 2, 2)?)
}

/// Serde for dates as `YYYY-MM-DD` strings, without chrono's parser.
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::iso(*date))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_iso(&text).ok_or_else(|| serde::de::Error::custom(format!("not a date: {text}")))
    }

    /// The same for `Option<NaiveDate>` (`null` for none).
    pub mod option {
        use chrono::NaiveDate;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => serializer.serialize_some(&super::super::iso(*date)),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
            match Option::<String>::deserialize(deserializer)? {
                Some(text) => super::super::parse_iso(&text).map(Some).ok_or_else(|| serde::de::Error::custom(format!("not a date: {text}"))),
                None => Ok(None),
            }
        }
    }
}

pub fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// Adds whole months, clamping to the month's last day (2020-02-29 + 24 months = 2022-02-28).
pub fn add_months_clamped(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// Claim period deadline = usage period end + 45 days, or Microsoft's published close when
/// that is earlier.
pub fn claim_deadline(usage_end: NaiveDate, profile: &Profile) -> ClaimDeadline {
    ClaimDeadline {
        by_rule: add_days(usage_end, profile.claim_deadline_days_after_usage_end),
        published_close: published_close(usage_end, profile),
    }
}

/// Microsoft's published close for a usage period ending on `usage_end`: the first
/// `closes` month-day after it, where the profile lists one for that month-day.
pub fn published_close(usage_end: NaiveDate, profile: &Profile) -> Option<NaiveDate> {
    profile.published_closes.iter().find_map(|close| {
        let ends = month_day(&close.usage_period_ends)?;
        if (usage_end.month(), usage_end.day()) != ends || usage_end < close.from_usage_period_end {
            return None;
        }
        let (month, day) = month_day(&close.closes)?;
        let this_year = NaiveDate::from_ymd_opt(usage_end.year(), month, day)?;
        if this_year > usage_end {
            Some(this_year)
        } else {
            NaiveDate::from_ymd_opt(usage_end.year() + 1, month, day)
        }
    })
}

/// Recommended submission date = activity end + 45 days.
pub fn recommended_submission(activity_end: NaiveDate, profile: &Profile) -> NaiveDate {
    add_days(activity_end, profile.submission_days_after_activity_end)
}

/// Keep original documents until = activity end + 24 months, clamped to the month's end.
pub fn retention_end(activity_end: NaiveDate, profile: &Profile) -> NaiveDate {
    add_months_clamped(activity_end, profile.retention_months_after_activity_end)
}

/// The usage period: the six months that immediately follow the earning period.
pub fn usage_period_after(earning_end: NaiveDate, profile: &Profile) -> (NaiveDate, NaiveDate) {
    let start = add_days(earning_end, 1);
    let end = add_months_clamped(start, profile.usage_period_months).pred_opt().unwrap_or(start);
    (start, end)
}

/// Whether a usage period has the profile's length (six months, first day to last day).
pub fn is_full_usage_period(start: NaiveDate, end: NaiveDate, profile: &Profile) -> bool {
    add_months_clamped(start, profile.usage_period_months).pred_opt() == Some(end)
}

/// Days from `today` to `date`: positive ahead, 0 today, negative overdue.
pub fn days_from(today: NaiveDate, date: NaiveDate) -> i64 {
    (date - today).num_days()
}

pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The last business day (Monday to Friday) strictly before `date`: with no documented
/// cut-off time, the page advises submitting by then.
pub fn business_day_before(date: NaiveDate) -> NaiveDate {
    let mut day = date.pred_opt().unwrap_or(date);
    while is_weekend(day) {
        day = day.pred_opt().unwrap_or(day);
    }
    day
}

/// A half of Microsoft's fiscal year (named for the calendar year it ends in):
/// H1 = July–December, H2 = January–June.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiscalHalf {
    pub fiscal_year: i32,
    /// 1 or 2.
    pub half: u8,
}

impl FiscalHalf {
    pub fn containing(date: NaiveDate) -> FiscalHalf {
        if date.month() >= 7 {
            FiscalHalf { fiscal_year: date.year() + 1, half: 1 }
        } else {
            FiscalHalf { fiscal_year: date.year(), half: 2 }
        }
    }

    pub fn start(self) -> NaiveDate {
        let (year, month) = if self.half == 1 { (self.fiscal_year - 1, 7) } else { (self.fiscal_year, 1) };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn end(self) -> NaiveDate {
        let (year, month, day) = if self.half == 1 { (self.fiscal_year - 1, 12, 31) } else { (self.fiscal_year, 6, 30) };
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
    }

    pub fn previous(self) -> FiscalHalf {
        if self.half == 1 {
            FiscalHalf { fiscal_year: self.fiscal_year - 1, half: 2 }
        } else {
            FiscalHalf { fiscal_year: self.fiscal_year, half: 1 }
        }
    }

    pub fn next(self) -> FiscalHalf {
        if self.half == 1 {
            FiscalHalf { fiscal_year: self.fiscal_year, half: 2 }
        } else {
            FiscalHalf { fiscal_year: self.fiscal_year + 1, half: 1 }
        }
    }

    /// `FY19 H1`, Microsoft's own short name (the catalogs name it in each language).
    pub fn label(self) -> String {
        format!("FY{:02} H{}", self.fiscal_year.rem_euclid(100), self.half)
    }

    /// The usage period of funds earned in this half: the profile's months after it.
    pub fn usage_period(self, profile: &Profile) -> (NaiveDate, NaiveDate) {
        usage_period_after(self.end(), profile)
    }

    /// The earning period whose usage period holds the whole activity, if one does: the
    /// one to choose for a claim on that activity. None for dates of a year no claim
    /// concerns (`20189`, a slip `FIELD-INVALID` says): choosing it would write the
    /// slip's usage period into the claim.
    pub fn earning_for_activity(activity_start: NaiveDate, activity_end: NaiveDate, profile: &Profile) -> Option<FiscalHalf> {
        if ![activity_start, activity_end].iter().all(|day| PLAUSIBLE_YEARS.contains(&day.year())) {
            return None;
        }
        let earning = FiscalHalf::containing(activity_start).previous();
        let (start, end) = earning.usage_period(profile);
        (start <= activity_start && activity_end <= end && activity_start <= activity_end).then_some(earning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> NaiveDate {
        parse_iso(text).expect("test date")
    }

    #[test]
    fn iso_dates_are_written_and_read_by_hand() {
        assert_eq!(iso(date("2019-02-04")), "2019-02-04");
        assert_eq!(compact(date("2019-02-04")), "20190204");
        assert_eq!(parse_iso("2020-02-29"), NaiveDate::from_ymd_opt(2020, 2, 29));
        for bad in ["2019-02-30", "2019-2-04", "19-02-04", "2019-02-04x", "2019/02/04", "", "abcd-ef-gh", "2019-02", "+201-01-01"] {
            assert_eq!(parse_iso(bad), None, "{bad:?}");
        }
        assert_eq!(parse_iso("20189-01-01"), NaiveDate::from_ymd_opt(20189, 1, 1));
    }

    fn profile() -> Profile {
        Profile::default_profile()
    }

    /// A profile without published closes, for the bare 45-day rule.
    fn rule_only_profile() -> Profile {
        Profile { published_closes: Vec::new(), ..profile() }
    }

    #[test]
    fn worked_examples_of_the_specification() {
        let p = rule_only_profile();
        assert_eq!(claim_deadline(date("2018-12-31"), &p).effective(), date("2019-02-14"));
        assert_eq!(claim_deadline(date("2019-06-30"), &p).effective(), date("2019-08-14"));
        assert_eq!(claim_deadline(date("2020-01-15"), &p).effective(), date("2020-02-29"));
        assert_eq!(retention_end(date("2018-08-31"), &p), date("2020-08-31"));
        assert_eq!(retention_end(date("2020-02-29"), &p), date("2022-02-28"));
        assert_eq!(usage_period_after(date("2018-06-30"), &p), (date("2018-07-01"), date("2018-12-31")));
    }

    #[test]
    fn worked_examples_hold_with_the_default_profile_too() {
        // Published closes apply from FY21 on, so the 2018–2020 examples are unchanged.
        let p = profile();
        assert_eq!(claim_deadline(date("2018-12-31"), &p).effective(), date("2019-02-14"));
        assert_eq!(claim_deadline(date("2019-06-30"), &p).effective(), date("2019-08-14"));
        assert_eq!(claim_deadline(date("2020-01-15"), &p).effective(), date("2020-02-29"));
    }

    #[test]
    fn published_close_is_shown_beside_the_earlier_rule_date() {
        let deadline = claim_deadline(date("2025-12-31"), &profile());
        assert_eq!(deadline.by_rule, date("2026-02-14"));
        assert_eq!(deadline.published_close, Some(date("2026-02-15")));
        assert_eq!(deadline.effective(), date("2026-02-14"));
        assert_eq!(deadline.other(), Some(OtherDeadline::PublishedClose(date("2026-02-15"))));
        // Partner Center takes claims until its published close, whichever comes first.
        assert_eq!(deadline.accepted_until(), date("2026-02-15"));
        assert_eq!(claim_deadline(date("2025-12-31"), &rule_only_profile()).accepted_until(), date("2026-02-14"));

        let june = claim_deadline(date("2026-06-30"), &profile());
        assert_eq!(june.published_close, Some(date("2026-08-15")));
        assert_eq!(june.effective(), date("2026-08-14"));
    }

    #[test]
    fn a_published_close_earlier_than_the_rule_wins() {
        let mut p = profile();
        p.published_closes[0].closes = "02-01".into();
        let deadline = claim_deadline(date("2025-12-31"), &p);
        assert_eq!(deadline.effective(), date("2026-02-01"));
        assert_eq!(deadline.other(), Some(OtherDeadline::ByRule(date("2026-02-14"))), "the later date beside it is the rule's, not Microsoft's close");
    }

    #[test]
    fn odd_usage_period_ends_have_no_published_close() {
        assert_eq!(published_close(date("2025-11-30"), &profile()), None);
        assert_eq!(published_close(date("2019-12-31"), &profile()), None, "before FY21");
    }

    #[test]
    fn the_earning_period_to_choose_is_the_one_whose_usage_period_holds_the_activity() {
        let p = profile();
        let half = |start: &str, end: &str| FiscalHalf::earning_for_activity(date(start), date(end), &p).map(FiscalHalf::label);
        // The spec's 2018 example: an August 2018 webinar is claimed on FY18 H2 funds.
        assert_eq!(half("2018-08-01", "2018-08-31"), Some("FY18 H2".into()));
        assert_eq!(half("2026-01-01", "2026-06-30"), Some("FY26 H1".into()));
        assert_eq!(half("2026-12-31", "2026-12-31"), Some("FY26 H2".into()));
        assert_eq!(half("2026-06-15", "2026-07-15"), None, "an activity across two usage periods has none");
        assert_eq!(half("2026-08-01", "2026-07-01"), None, "reversed dates have none");
        assert_eq!(half("20189-08-01", "20189-08-31"), None, "a slip of a year has none");
        assert_eq!(half("1989-08-01", "1989-08-31"), None);
    }

    #[test]
    fn recommended_submission_is_45_days_after_the_activity() {
        assert_eq!(recommended_submission(date("2026-10-20"), &profile()), date("2026-12-04"));
    }

    #[test]
    fn weekends_and_the_business_day_before() {
        // 2019-02-16 is a Saturday; 2019-02-14 a Thursday.
        assert!(is_weekend(date("2019-02-16")));
        assert!(!is_weekend(date("2019-02-14")));
        assert_eq!(business_day_before(date("2019-02-14")), date("2019-02-13"));
        assert_eq!(business_day_before(date("2019-02-18")), date("2019-02-15"), "monday → friday");
    }

    #[test]
    fn fiscal_halves_are_named_for_the_year_they_end() {
        let h = FiscalHalf::containing(date("2018-08-15"));
        assert_eq!(h, FiscalHalf { fiscal_year: 2019, half: 1 });
        assert_eq!((h.start(), h.end()), (date("2018-07-01"), date("2018-12-31")));
        assert_eq!(h.label(), "FY19 H1");
        let previous = h.previous();
        assert_eq!((previous.start(), previous.end()), (date("2018-01-01"), date("2018-06-30")));
        assert_eq!(previous.previous().label(), "FY18 H1");
        assert_eq!(previous.next(), h);
        assert_eq!(h.next().previous(), h);
    }

    #[test]
    fn days_from_counts_ahead_and_overdue() {
        assert_eq!(days_from(date("2019-02-10"), date("2019-02-14")), 4);
        assert_eq!(days_from(date("2019-02-14"), date("2019-02-14")), 0);
        assert_eq!(days_from(date("2019-02-20"), date("2019-02-14")), -6);
    }

    // Simple references: walk the calendar one day at a time.
    fn reference_add_days(mut date: NaiveDate, days: u32) -> NaiveDate {
        for _ in 0..days {
            date = date.succ_opt().expect("in range");
        }
        date
    }

    fn reference_last_day_of_month(year: i32, month: u32) -> u32 {
        let mut day = NaiveDate::from_ymd_opt(year, month, 1).expect("first of month");
        while let Some(next) = day.succ_opt().filter(|next| next.month() == month) {
            day = next;
        }
        day.day()
    }

    fn reference_add_months(date: NaiveDate, months: u32) -> NaiveDate {
        let index = date.year() * 12 + date.month0() as i32 + months as i32;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let day = date.day().min(reference_last_day_of_month(year, month));
        NaiveDate::from_ymd_opt(year, month, day).expect("valid")
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // 1990-01-01 to 2100-12-31, which holds 1996, 2000 (leap) and 2100 (not leap).
        let epoch = NaiveDate::from_ymd_opt(1990, 1, 1).expect("epoch").num_days_from_ce();
        (0_i32..40_541).prop_map(move |offset| NaiveDate::from_num_days_from_ce_opt(epoch + offset).expect("in range"))
    }

    fn leap_day() -> impl Strategy<Value = NaiveDate> {
        (0_i32..28).prop_map(|n| NaiveDate::from_ymd_opt(1992 + 4 * n, 2, 29).unwrap_or(NaiveDate::MIN))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn iso_round_trips(day in any_date()) {
            prop_assert_eq!(parse_iso(&iso(day)), Some(day));
            prop_assert_eq!(iso(day), day.format("%Y-%m-%d").to_string());
        }

        #[test]
        fn claim_deadline_matches_day_by_day_counting(usage_end in any_date()) {
            let p = rule_only_profile();
            prop_assert_eq!(claim_deadline(usage_end, &p).effective(), reference_add_days(usage_end, 45));
        }

        #[test]
        fn recommended_submission_matches_day_by_day_counting(activity_end in any_date()) {
            prop_assert_eq!(recommended_submission(activity_end, &profile()), reference_add_days(activity_end, 45));
        }

        #[test]
        fn retention_matches_month_arithmetic(activity_end in prop_oneof![any_date(), leap_day()]) {
            let kept = retention_end(activity_end, &profile());
            prop_assert_eq!(kept, reference_add_months(activity_end, 24));
            prop_assert!(kept > activity_end);
        }

        #[test]
        fn usage_period_follows_the_earning_period(earning_end in any_date()) {
            let p = profile();
            let (start, end) = usage_period_after(earning_end, &p);
            prop_assert_eq!(start, reference_add_days(earning_end, 1));
            let expected_end = reference_add_months(start, 6).pred_opt().expect("in range");
            prop_assert_eq!(end, expected_end);
            prop_assert!(is_full_usage_period(start, end, &p));
        }

        #[test]
        fn fiscal_halves_tile_the_calendar(day in any_date()) {
            let half = FiscalHalf::containing(day);
            prop_assert!(half.start() <= day && day <= half.end());
            prop_assert_eq!(reference_add_days(half.previous().end(), 1), half.start());
            let (start, end) = usage_period_after(half.previous().end(), &profile());
            prop_assert_eq!((start, end), (half.start(), half.end()));
        }

        #[test]
        fn effective_deadline_is_never_after_either_date(usage_end in any_date()) {
            let deadline = claim_deadline(usage_end, &profile());
            prop_assert!(deadline.effective() <= deadline.by_rule);
            if let Some(close) = deadline.published_close {
                prop_assert!(deadline.effective() <= close);
                prop_assert!(close > usage_end);
            }
        }
    }
}
