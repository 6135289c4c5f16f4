//! The claim parsed once for all rules: dates, amounts and the chosen activity type.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use crate::claim::{Claim, ClaimField, CostLine};
use crate::dates;
use crate::money::{parse_amount, AmountError, Money};
use crate::profile::{ActivityType, Profile};
use crate::rules::ClaimDates;

/// A typed value: nothing typed, a value, or text that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry<T> {
    Empty,
    Valid(T),
    Invalid(Invalid),
}

impl<T: Copy> Entry<T> {
    pub fn valid(&self) -> Option<T> {
        match self {
            Entry::Valid(value) => Some(*value),
            _ => None,
        }
    }
}

/// Why typed text cannot be read; each has a catalog key for its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Amount(AmountError),
    /// Not a calendar date, or outside the years a claim can concern.
    Date,
    /// Not a whole number.
    Count,
    /// A currency the profile does not know.
    Currency,
    /// Neither a currency code (three letters) nor a sign the profile knows.
    CurrencyText,
    /// An activity type the profile does not know.
    ActivityType,
}

impl Invalid {
    pub fn key(self) -> &'static str {
        match self {
            Invalid::Amount(error) => error.key(),
            Invalid::Date => "date.error.invalid",
            Invalid::Count => "count.error.invalid",
            Invalid::Currency => "currency.error.unknown",
            Invalid::CurrencyText => "currency.error.unreadable",
            Invalid::ActivityType => "activity-type.error.unknown",
        }
    }
}


pub fn parse_date(text: &str) -> Entry<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return Entry::Empty;
    }
    match crate::dates::parse_iso(text) {
        Some(date) if dates::PLAUSIBLE_YEARS.contains(&date.year()) => Entry::Valid(date),
        _ => Entry::Invalid(Invalid::Date),
    }
}

/// Reads an amount typed in `currency` (a code of the profile; empty or unknown while
/// none is chosen), with or without a currency sign or code before or after it (`€1234`,
/// `1 234 €`, `USD 12`). A sign or code of another currency is an error: the partner
/// meant another amount than the one this currency would give.
pub fn read_money(text: &str, currency: &str, profile: &Profile) -> Entry<i64> {
    if text.trim().is_empty() {
        return Entry::Empty;
    }
    let known = profile.currency(currency);
    let (number, marked) = without_currency(text, profile);
    if let (Some(codes), Some(known)) = (marked, known) {
        if !codes.contains(&known.code.as_str()) {
            return Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency));
        }
    }
    match parse_amount(&number, known.map_or(2, |c| c.minor_digits)) {
        Ok(minor) => Entry::Valid(minor),
        Err(error) => Entry::Invalid(Invalid::Amount(error)),
    }
}

/// The amount's text without a currency sign or code typed before or after it, and the
/// currencies that sign or code may stand for (`$` stands for several). The longest
/// marker wins (`US$` over `$`); codes match in any case (`usd`). A sign and a code
/// both, as invoices and Partner Center print them (`$1,234.56 USD`, `USD $1,234.56`),
/// both go: the currencies are those both may stand for (none: they name two).
pub fn without_currency<'t, 'p>(text: &'t str, profile: &'p Profile) -> (Cow<'t, str>, Option<Vec<&'p str>>) {
    let (number, codes) = one_marker(text, profile);
    let Some(codes) = codes else { return (number, None) };
    match one_marker(&number, profile) {
        (inner, Some(more)) => (Cow::Owned(inner.into_owned()), Some(codes.into_iter().filter(|code| more.contains(code)).collect())),
        _ => (number, Some(codes)),
    }
}

/// [`without_currency`], for one sign or code.
fn one_marker<'t, 'p>(text: &'t str, profile: &'p Profile) -> (Cow<'t, str>, Option<Vec<&'p str>>) {
    if let Some(plain) = crate::money::plain_forms(text) {
        let (number, codes) = one_marker(&plain, profile);
        return (Cow::Owned(number.into_owned()), codes);
    }
    let trimmed = text.trim();
    let unsigned = trimmed.trim_start_matches(['-', '\u{2212}', '+']);
    let (sign, rest) = trimmed.split_at(trimmed.len() - unsigned.len());
    let rest = rest.trim_start();
    // The usual case, an amount that begins and ends with a digit or separator, has no
    // sign to look for: the review runs this for every amount on every keystroke.
    let plain = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
    // A last `.` after a letter ends a sign (`1 234 Fr.`, `5,000 Rs.`), not the number.
    let mut back = rest.chars().rev();
    let ends_plain = match back.next() {
        Some('.') => back.next().is_none_or(|before| !before.is_ascii_alphabetic()),
        last => plain(last),
    };
    if plain(rest.chars().next()) && ends_plain {
        return (Cow::Borrowed(trimmed), None);
    }
    let mut best: Option<(usize, &str, Vec<&'p str>)> = None;
    for currency in &profile.currencies {
        for marker in std::iter::once(&currency.code).chain(&currency.symbols) {
            let length = marker.len();
            // A marker ending in a letter stands apart from letters (`Rs` is not the end
            // of `dollars`). ASCII letters only: Unicode's letter table would cost the
            // page kilobytes, and a sign glued to a word of another script is rare.
            let letter = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
            let apart = |beside: Option<char>, edge: Option<char>| !(letter(beside) && letter(edge));
            let prefix = rest
                .get(..length)
                .filter(|head| same_but_for_case(head, marker))
                .map(|_| &rest[length..])
                .filter(|after| apart(after.chars().next(), marker.chars().last()));
            let suffix = rest
                .len()
                .checked_sub(length)
                .and_then(|at| Some((rest.get(at..)?, &rest[..at])))
                .filter(|(tail, _)| same_but_for_case(tail, marker))
                .map(|(_, head)| head)
                .filter(|before| apart(before.chars().next_back(), marker.chars().next()));
            for remainder in [prefix, suffix].into_iter().flatten() {
                match &mut best {
                    Some((best_length, best_rest, codes)) if *best_length == length && *best_rest == remainder => {
                        if !codes.contains(&currency.code.as_str()) {
                            codes.push(&currency.code);
                        }
                    }
                    Some((best_length, _, _)) if *best_length >= length => {}
                    _ => best = Some((length, remainder, vec![currency.code.as_str()])),
                }
            }
        }
    }
    match best {
        Some((_, remainder, codes)) => (Cow::Owned(format!("{sign}{}", remainder.trim())), Some(codes)),
        None => (Cow::Borrowed(trimmed), None),
    }
}

/// Whether a sign typed is the profile's but for capitals ([`crate::money::same_sign`]),
/// of the same length in bytes (the text is cut at it).
fn same_but_for_case(typed: &str, sign: &str) -> bool {
    typed.len() == sign.len() && crate::money::same_sign(typed, sign)
}

fn parse_count(text: &str) -> Entry<i64> {
    let text = text.trim();
    if text.is_empty() {
        return Entry::Empty;
    }
    // A count of people: one or more (0 attendees would make a per-attendee cap of 0).
    match text.parse::<u32>() {
        Ok(count) if count > 0 => Entry::Valid(i64::from(count)),
        _ => Entry::Invalid(Invalid::Count),
    }
}

/// Whether the page shows `field` for this claim. Most fields always apply; the number of
/// attendees only where the activity type caps the amount per attendee. A field that is
/// not shown keeps what was typed in it, but nothing judges it: a finding must point at a
/// control the partner can see and fix.
pub fn applies(field: ClaimField, claim: &Claim, profile: &Profile) -> bool {
    match field {
        ClaimField::Attendees => profile.activity_type(&claim.activity_type).is_some_and(ActivityType::counts_attendees),
        _ => true,
    }
}

/// Everything the rules need, parsed once per review.
pub struct Context<'a> {
    pub claim: &'a Claim,
    pub profile: &'a Profile,
    pub today: NaiveDate,
    pub activity: Option<&'a ActivityType>,
    pub usage_start: Entry<NaiveDate>,
    pub usage_end: Entry<NaiveDate>,
    pub earning_period_end: Entry<NaiveDate>,
    pub activity_start: Entry<NaiveDate>,
    pub activity_end: Entry<NaiveDate>,
    /// Decimals of the claim's currency (2 when the currency is unknown).
    pub minor_digits: u8,
    pub claimed: Entry<i64>,
    pub available: Entry<i64>,
    pub earned: Entry<i64>,
    pub attendees: Entry<i64>,
    /// Each cost line's amount, in the line's own currency, in claim order.
    pub line_amounts: Vec<Entry<i64>>,
    /// The claim's dates, computed once for the rules and the review.
    pub dates: ClaimDates,
    /// The invoices of the other claims on the device, when the review knows them.
    pub elsewhere: Option<&'a crate::rules::invoices::Elsewhere>,
    /// Each document's invoice key (vendor and number, folded), in claim order: worked
    /// out once for the three rules that compare invoices (`None`: not an invoice, or
    /// without a number or a vendor).
    pub invoice_keys: Vec<Option<String>>,
    /// Each cost line by its id, with its place: built once for the rules that find an
    /// invoice's line (a map, not a search per invoice, so a thousand stay linear).
    pub lines_by_id: crate::rules::invoices::Lines<'a>,
}

impl<'a> Context<'a> {
    pub fn new(claim: &'a Claim, profile: &'a Profile, today: NaiveDate) -> Context<'a> {
        let digits_of = |code: &str| profile.currency(code).map_or(2, |currency| currency.minor_digits);
        let minor_digits = digits_of(&claim.currency);
        let lines_by_id = crate::rules::invoices::lines_by_id(claim);
        let mut context = Context {
            claim,
            profile,
            today,
            activity: profile.activity_type(&claim.activity_type),
            usage_start: parse_date(&claim.usage_start),
            usage_end: parse_date(&claim.usage_end),
            earning_period_end: parse_date(&claim.earning_period_end),
            activity_start: parse_date(&claim.activity_start),
            activity_end: parse_date(&claim.activity_end),
            minor_digits,
            claimed: read_money(&claim.claimed_amount, &claim.currency, profile),
            available: read_money(&claim.available_funds, &claim.currency, profile),
            earned: read_money(&claim.earned_funds, &claim.currency, profile),
            attendees: if applies(ClaimField::Attendees, claim, profile) { parse_count(&claim.attendees) } else { Entry::Empty },
            line_amounts: claim.cost_lines.iter().map(|line| read_money(&line.amount, &line.currency, profile)).collect(),
            dates: ClaimDates::default(),
            elsewhere: None,
            invoice_keys: crate::rules::invoices::keys_of(claim, &lines_by_id),
            lines_by_id,
        };
        context.dates = context.compute_dates();
        context
    }

    /// The parsed form of a claim field that holds a date, amount or count.
    pub fn entry_error(&self, field: ClaimField) -> Option<Invalid> {
        let error_of = |entry: &Entry<NaiveDate>| match entry {
            Entry::Invalid(invalid) => Some(*invalid),
            _ => None,
        };
        let number_error = |entry: &Entry<i64>| match entry {
            Entry::Invalid(invalid) => Some(*invalid),
            _ => None,
        };
        match field {
            ClaimField::UsageStart => error_of(&self.usage_start),
            ClaimField::UsageEnd => error_of(&self.usage_end),
            ClaimField::EarningPeriodEnd => error_of(&self.earning_period_end),
            ClaimField::ActivityStart => error_of(&self.activity_start),
            ClaimField::ActivityEnd => error_of(&self.activity_end),
            ClaimField::ClaimedAmount => number_error(&self.claimed),
            ClaimField::AvailableFunds => number_error(&self.available),
            ClaimField::EarnedFunds => number_error(&self.earned),
            ClaimField::Attendees => number_error(&self.attendees),
            ClaimField::Currency => {
                let code = self.claim.currency.trim();
                (!code.is_empty() && self.profile.currency(code).is_none()).then_some(Invalid::Currency)
            }
            ClaimField::ActivityType => {
                let id = self.claim.activity_type.trim();
                (!id.is_empty() && self.activity.is_none()).then_some(Invalid::ActivityType)
            }
            ClaimField::Title | ClaimField::PartnerId | ClaimField::PreapprovalId | ClaimField::Metric | ClaimField::CompanyName => None,
        }
    }

    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, &self.claim.currency)
    }

    /// Cost lines with their parsed amounts.
    pub fn lines(&self) -> impl Iterator<Item = (&'a CostLine, &Entry<i64>)> {
        self.claim.cost_lines.iter().zip(self.line_amounts.iter())
    }

    /// Whether a cost line is in the claim's currency: one that is not is reported by
    /// `CURRENCY-MIXED` (once the claim names its currency) and left out of every total.
    pub fn in_claim_currency(&self, line: &CostLine) -> bool {
        line.currency == self.claim.currency.trim()
    }

    /// The sum of the cost lines in the claim's currency (lines in another currency are
    /// reported by `CURRENCY-MIXED` and left out).
    pub fn supported_total(&self) -> i64 {
        self.lines()
            .filter(|(line, _)| self.in_claim_currency(line))
            .filter_map(|(_, amount)| amount.valid())
            .fold(0_i64, i64::saturating_add)
    }

    /// The usage period, when both ends are dates in order.
    pub fn usage_period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (start, end) = (self.usage_start.valid()?, self.usage_end.valid()?);
        (start <= end).then_some((start, end))
    }

    pub fn activity_period(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (start, end) = (self.activity_start.valid()?, self.activity_end.valid()?);
        (start <= end).then_some((start, end))
    }

    /// The activity's end, unless it comes before its start (DATES-ORDER): nothing is
    /// counted from an end that is a slip.
    pub fn activity_end_in_order(&self) -> Option<NaiveDate> {
        end_in_order(&self.activity_start, &self.activity_end)
    }

    fn compute_dates(&self) -> ClaimDates {
        // A period whose end comes before its start gives no date: one counted from the
        // wrong end only adds a wrong deadline to the slip.
        let activity_end = self.activity_end_in_order();
        ClaimDates {
            claim_deadline: end_in_order(&self.usage_start, &self.usage_end).map(|end| dates::claim_deadline(end, self.profile)),
            recommended_submission: activity_end.map(|end| dates::recommended_submission(end, self.profile)),
            retention_end: activity_end.map(|end| dates::retention_end(end, self.profile)),
        }
    }
}

/// A period's end, when it is a date and not before the period's start (when that is one).
fn end_in_order(start: &Entry<NaiveDate>, end: &Entry<NaiveDate>) -> Option<NaiveDate> {
    end.valid().filter(|end| start.valid().is_none_or(|start| start <= *end))
}
