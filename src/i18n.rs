//! Message catalogs and locale formatting of dates, amounts and sizes.
//!
//! Catalogs are data (`i18n/<lang>.json`, flat key → template with `{name}` slots), so a
//! language is added by adding a file: `build.rs` finds every catalog, lists it in
//! [`LANGUAGES`] and makes it Rust data (no JSON parsing in the page).
//!
//! Every count goes through the plural rules of its language, with the plural form of
//! ICU MessageFormat inside the template: `{n, plural, one {# day} other {# days}}`
//! (`#` is the number, written the language's way; `=0 {today}` matches one number
//! exactly). Which numbers are `one` is the catalog's `plural.one` (CLDR: English 1,
//! French 0 and 1); every other number is `other`. [`Catalog::count`] fills a template
//! with a count.
//! A test fails when a catalog lacks a key that English has. Findings carry codes and values, never text: the
//! text is made here, in the partner's language, when the page or the summary shows it.

use chrono::{Datelike, NaiveDate};

use crate::money::{format_minor_grouped, Money};
use crate::profile::Profile;
use crate::rules::{Arg, Finding};

// `LANGUAGES`: every language the page speaks, English first. `KEYS`: every key,
// sorted, separated by U+001F. `TEXTS`: per language, the texts in the order of `KEYS`.
include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));

/// A failure to tell the partner, in their language: a catalog key and the name of the
/// file (or other thing) it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub key: &'static str,
    pub name: String,
}

impl Problem {
    pub fn new(key: &'static str, name: impl Into<String>) -> Problem {
        Problem { key, name: name.into() }
    }

    /// A problem whose key came as text (from the package worker); `None` when no
    /// catalog has that key.
    pub fn from_key(key: &str, name: impl Into<String>) -> Option<Problem> {
        let key = KEYS.split('\u{1f}').find(|known| *known == key)?;
        Some(Problem::new(key, name))
    }
}

pub struct Catalog {
    lang: &'static str,
    /// The tag it was made for (`en-GB`), as given: the package worker makes the same.
    tag: String,
    /// Dates written day first (`14 February 2027`): every English but the United
    /// States' and the few regions that write as it does (`February 14, 2027`), and French.
    day_first: bool,
    /// Amounts grouped by lakh (`12,34,567.50`), as India's English writes them.
    lakh: bool,
    /// United States dollars written `US$` in English: outside the United States (and
    /// its territories), `$` reads as the partner's own dollar (a Canadian's, an
    /// Australian's). French writes `$US` everywhere.
    us_dollar: bool,
    /// Key and template, sorted by key; a key the catalog lacks is absent.
    entries: Vec<(&'static str, &'static str)>,
}

/// The regions whose English writes a date month first (`February 14, 2027`): the United
/// States, its territories, Canada and the Philippines, as their locales do. A tag with no
/// region (`en`) writes as the United States.
const MONTH_FIRST_REGIONS: [&str; 10] = ["US", "CA", "PH", "AS", "GU", "MP", "PR", "UM", "VI", "MH"];

/// The page's language `lang` in the region of the browser's `preferred` languages: the
/// region of the first ([`region_of`]); for a first language of its own other than
/// English without a region (Firefox lists `de, en-US, en` for a German partner), `001`,
/// the world's English, which writes the day first as every language but American English
/// does; else the first region any names; `lang` alone when none does.
pub fn regional_tag(lang: &str, preferred: &[String]) -> String {
    let first = preferred.first().map(String::as_str).unwrap_or_default();
    let primary = first.split(['-', '_']).next().unwrap_or_default();
    let region = region_of(first).or_else(|| (!primary.is_empty() && !primary.eq_ignore_ascii_case("en")).then_some("001"));
    match region.or_else(|| preferred.iter().find_map(|tag| region_of(tag))) {
        Some(region) => format!("{lang}-{region}"),
        None => lang.to_string(),
    }
}

/// The region a language tag names (`GB` of `en-GB`, `419` of `es-419`, `US` of
/// `en-Latn-US`): two letters, or three digits, after the language and a script if any,
/// before any extension (`en-u-nu-latn` names none).
pub fn region_of(tag: &str) -> Option<&str> {
    tag.split(['-', '_'])
        .skip(1)
        .take_while(|subtag| subtag.len() > 1)
        .find(|subtag| (subtag.len() == 2 && subtag.bytes().all(|byte| byte.is_ascii_alphabetic())) || (subtag.len() == 3 && subtag.bytes().all(|byte| byte.is_ascii_digit())))
}

/// A language's name in that language ("Français"), from its catalog's `language.name`:
/// the language buttons, which a screen reader says in that language.
pub fn language_name(lang: &str) -> &'static str {
    let Some(index) = LANGUAGES.iter().position(|known| *known == lang) else { return "" };
    KEYS.split('\u{1f}').zip(TEXTS[index].split('\u{1f}')).find(|(key, _)| *key == "language.name").map_or("", |(_, text)| text)
}

impl Catalog {
    /// The catalog for a language tag such as `fr-CA` or `en-GB`, or English.
    pub fn for_tag(tag: &str) -> Catalog {
        let primary = tag.split(['-', '_']).next().unwrap_or("en").to_ascii_lowercase();
        let index = LANGUAGES.iter().position(|lang| *lang == primary).unwrap_or(0);
        let region = region_of(tag);
        let day_first = LANGUAGES[index] != "en" || region.is_some_and(|region| !MONTH_FIRST_REGIONS.iter().any(|first| first.eq_ignore_ascii_case(region)));
        let lakh = LANGUAGES[index] == "en" && region.is_some_and(|region| region.eq_ignore_ascii_case("IN"));
        let us_dollar = LANGUAGES[index] == "en" && region.is_some_and(|region| !["US", "AS", "GU", "MP", "PR", "UM", "VI"].iter().any(|us| us.eq_ignore_ascii_case(region)));
        let entries = KEYS.split('\u{1f}').zip(TEXTS[index].split('\u{1f}')).filter(|(_, text)| !text.is_empty()).collect();
        Catalog { lang: LANGUAGES[index], tag: tag.to_string(), day_first, lakh, us_dollar, entries }
    }

    /// The tag the catalog was made for (`en-GB`): the package worker writes the
    /// summary's dates as the page does by it.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The first supported language among the browser's preferred ones, or English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> &'static str {
        for tag in preferred {
            let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
            if let Some(lang) = LANGUAGES.iter().find(|lang| **lang == primary) {
                return lang;
            }
        }
        LANGUAGES[0]
    }

    pub fn lang(&self) -> &'static str {
        self.lang
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(key, _)| *key)
    }

    fn entry(&self, key: &str) -> Option<&'static str> {
        self.entries.binary_search_by(|(probe, _)| (*probe).cmp(key)).ok().map(|index| self.entries[index].1)
    }

    /// The template of a key; the key itself when the catalog lacks it (visible, never blank).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.entry(key).unwrap_or(key)
    }

    /// [`Catalog::text`], or its region's own where the catalog has one: India's English
    /// reads lakh grouping too, and says so (`<key>.lakh`: "grouped by lakh or by threes").
    fn text_of_region<'a>(&'a self, key: &'a str) -> &'a str {
        match self.lakh.then(|| self.entry(&format!("{key}.lakh"))).flatten() {
            Some(text) => text,
            None => self.text(key),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// Fills a template's `{name}` slots with formatted values, and its plural slots
    /// (`{name, plural, one {…} other {…}}`) with the form of the named count.
    pub fn format(&self, key: &str, args: &[(String, Arg)]) -> String {
        self.fill(self.text(key), args, 0)
    }

    /// Fills plain string values into a template. A plural slot reads its count from a
    /// value that is a whole number (`"3"`); prefer [`Catalog::count`] for counts.
    pub fn format_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        let args: Vec<(String, Arg)> = values.iter().map(|(name, value)| (name.to_string(), Arg::Text(value.to_string()))).collect();
        self.format(key, &args)
    }

    /// A text that names the program's numbers, each from `profile` (so that help and
    /// summaries follow a new program year as the dates do): `{usage-months}`, the usage
    /// period's length; `{deadline-days}`, the claim deadline after the usage period;
    /// `{activity-days}`, the submission window after the activity; `{retention-months}`,
    /// how long the originals are kept. Write them as plural slots.
    pub fn with_profile(&self, key: &str, profile: &Profile) -> String {
        let number = |name: &str, n: u32| (name.to_string(), Arg::Number(i64::from(n)));
        // The activity types Microsoft must approve before they take place, by name, in
        // brackets after a space (nothing when none does).
        let preapproval: Vec<&str> = profile.activity_types.iter().filter(|activity| activity.needs_preapproval).map(|activity| activity.name.get(self.lang())).collect();
        let preapproval = if preapproval.is_empty() { String::new() } else { format!(" ({})", preapproval.join(", ")) };
        self.format(
            key,
            &[
                number("usage-months", profile.usage_period_months),
                number("deadline-days", profile.claim_deadline_days_after_usage_end),
                number("activity-days", profile.submission_days_after_activity_end),
                number("retention-months", profile.retention_months_after_activity_end),
                ("preapproval".to_string(), Arg::Text(preapproval)),
            ],
        )
    }

    /// A template with a count `{n}` in the form its language needs (`1 blocker`,
    /// `2 blockers`; `0 point bloquant`), and plain string values for its other slots.
    pub fn count(&self, key: &str, n: usize, values: &[(&str, &str)]) -> String {
        let mut args: Vec<(String, Arg)> = vec![("n".to_string(), Arg::Number(i64::try_from(n).unwrap_or(i64::MAX)))];
        args.extend(values.iter().map(|(name, value)| (name.to_string(), Arg::Text(value.to_string()))));
        self.format(key, &args)
    }

    /// The CLDR plural category of a whole number in this language: `one` for the numbers
    /// the catalog's `plural.one` lists, else `other`.
    pub fn plural_category(&self, n: i64) -> &'static str {
        let one = self.entry("plural.one").unwrap_or("1");
        let magnitude = n.unsigned_abs().to_string();
        if one.split_whitespace().any(|listed| listed == magnitude) {
            "one"
        } else {
            "other"
        }
    }

    fn fill(&self, template: &str, args: &[(String, Arg)], depth: u8) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = closing_brace(after) else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let slot = &after[..close];
            rest = &after[close + 1..];
            let value = |name: &str| args.iter().find(|(key, _)| key == name.trim()).map(|(_, arg)| arg);
            let filled = match slot.split_once(',') {
                Some((name, spec)) => match (spec.trim_start().strip_prefix("plural"), value(name).and_then(count_of)) {
                    (Some(forms), Some(n)) => Some(self.fill(&plural_form(forms, n, self.plural_category(n)).replace('#', &self.number(n)), args, depth)),
                    _ => None,
                },
                None => value(slot).map(|arg| self.arg(arg, args, depth)),
            };
            match filled {
                Some(text) => out.push_str(&text),
                // An unknown slot stays visible rather than silently blank.
                None => {
                    out.push('{');
                    out.push_str(slot);
                    out.push('}');
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn arg(&self, arg: &Arg, args: &[(String, Arg)], depth: u8) -> String {
        match arg {
            Arg::Text(text) => text.clone(),
            Arg::Date(date) => self.date(*date),
            Arg::Money(money) => self.money(money, None),
            Arg::Number(number) => self.number(*number),
            Arg::Bytes(bytes) => self.bytes(*bytes),
            Arg::BytesAbove(bytes, than) => self.bytes_above(*bytes, *than),
            // A label may itself name values (`Cost line {line} amount`); one level only.
            Arg::Key(key) if depth == 0 => self.fill(self.text_of_region(key), args, 1),
            Arg::Key(key) => self.text_of_region(key).to_string(),
            Arg::Profile(text) => text.get(self.lang).to_string(),
            Arg::Half(half) => self.fiscal_half(*half),
        }
    }

    /// A half of Microsoft's fiscal year: `FY27 H1`, `S1 de l'exercice 2027`.
    pub fn fiscal_half(&self, half: crate::dates::FiscalHalf) -> String {
        let values = [("yy", format!("{:02}", half.fiscal_year.rem_euclid(100))), ("year", half.fiscal_year.to_string()), ("half", half.half.to_string())];
        let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
        self.format_with("format.fiscal-half", &values)
    }

    pub fn problem(&self, problem: &Problem) -> String {
        self.format_with(problem.key, &[("name", &problem.name)])
    }

    /// What is wrong, in a sentence.
    pub fn finding_problem(&self, finding: &Finding) -> String {
        self.format(&format!("check.{}", finding.code.as_str()), &finding.args)
    }

    /// What went wrong, for a page kept (a printout, summary.html): dated, never in days
    /// from the day checked (`check.CODE.dated`, where the problem counts days).
    pub fn finding_problem_dated(&self, finding: &Finding) -> String {
        let dated = format!("check.{}.dated", finding.code.as_str());
        if self.has(&dated) {
            self.format(&dated, &finding.args)
        } else {
            self.finding_problem(finding)
        }
    }

    /// What to do about it. A finding naming Microsoft's published close (`close`: not
    /// passed yet) has a fix of its own, `check.CODE.fix-close`; one naming a `setting`
    /// of the page the partner may change, `check.CODE.fix-setting`.
    pub fn finding_fix(&self, finding: &Finding) -> String {
        // (A key made only for a finding that has the argument: this runs for every
        // finding shown.)
        for (arg, fix) in [("close", "fix-close"), ("setting", "fix-setting")] {
            if finding.args.iter().any(|(name, _)| name == arg) {
                let own = format!("check.{}.{fix}", finding.code.as_str());
                if self.has(&own) {
                    return self.format(&own, &finding.args);
                }
            }
        }
        self.format(&format!("check.{}.fix", finding.code.as_str()), &finding.args)
    }

    /// A calendar date in the long form of the language: `February 14, 2019`, `14 février 2019`.
    pub fn date(&self, date: NaiveDate) -> String {
        let month = self.text(&format!("month.{}", date.month())).to_string();
        // French writes the first of the month as an ordinal: 1er février.
        let day = if date.day() == 1 { self.text("format.first-day").to_string() } else { date.day().to_string() };
        // A year written with four digits at least, as typed: 0202 is not cut to 202.
        let values = [("day", day), ("month", month), ("year", format!("{:04}", date.year()))];
        let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
        self.format_with(if self.day_first { "format.date.day-first" } else { "format.date" }, &values)
    }

    pub fn weekday(&self, date: NaiveDate) -> &str {
        let key = match date.weekday() {
            chrono::Weekday::Mon => "weekday.1",
            chrono::Weekday::Tue => "weekday.2",
            chrono::Weekday::Wed => "weekday.3",
            chrono::Weekday::Thu => "weekday.4",
            chrono::Weekday::Fri => "weekday.5",
            chrono::Weekday::Sat => "weekday.6",
            chrono::Weekday::Sun => "weekday.7",
        };
        self.text(key)
    }

    pub fn number(&self, number: i64) -> String {
        self.grouped(number, 0, self.text("format.group"))
    }

    /// Minor units written in this catalog's grouping and decimal separator.
    fn grouped(&self, minor: i64, digits: u8, group: &str) -> String {
        format_minor_grouped(minor, digits, group, self.text("format.decimal"), self.lakh)
    }

    /// An amount as a partner of this language types it, without its currency:
    /// `1,234.50`, `1 234,50`; not grouped without decimals (`6850`), where `6,850`
    /// would read two ways (`AMOUNT-AMBIGUOUS`).
    pub fn amount_as_typed(&self, minor: i64, digits: u8) -> String {
        let group = if digits == 0 { "" } else { self.text("format.group") };
        self.grouped(minor, digits, group)
    }

    /// An amount with its currency: `$1,234.50`, `1 234,50 €`, `CAD 1,234.50`.
    pub fn money(&self, money: &Money, profile: Option<&Profile>) -> String {
        let digits = profile.map_or_else(|| crate::profile::minor_digits(&money.currency), |profile| profile.minor_digits(&money.currency));
        let amount = self.grouped(money.minor, digits, self.text("format.group"));
        let symbol_key = format!("currency.symbol.{}", money.currency);
        let (template, symbol) = if self.us_dollar && money.currency == "USD" {
            ("format.money.symbol", "US$")
        } else if self.has(&symbol_key) {
            ("format.money.symbol", self.text(&symbol_key))
        } else {
            ("format.money.code", money.currency.as_str())
        };
        self.format_with(template, &[("amount", &amount), ("symbol", symbol), ("code", &money.currency)])
    }

    /// A claim's title as files name it (a calendar's events): its own, else "Untitled claim".
    pub fn claim_title(&self, title: &str) -> String {
        if title.trim().is_empty() {
            self.text("claims.untitled").to_string()
        } else {
            title.to_string()
        }
    }

    /// A file size: `980 bytes`, `25 MB`, `1.5 GB` (powers of 1,024).
    pub fn bytes(&self, bytes: u64) -> String {
        self.bytes_to(bytes, 1)
    }

    /// A size said beside a smaller one (`than`, a limit), so that it never reads as the
    /// same: with more digits (25.04 MB beside 25 MB), else in bytes (26,214,401 bytes).
    pub fn bytes_above(&self, bytes: u64, than: u64) -> String {
        if bytes <= than {
            return self.bytes(bytes);
        }
        (1..=3).map(|digits| (self.bytes_to(bytes, digits), self.bytes_to(than, digits))).find(|(shown, limit)| shown != limit).map_or_else(|| self.format("format.bytes", &[("n".to_string(), Arg::Number(i64::try_from(bytes).unwrap_or(i64::MAX)))]), |(shown, _)| shown)
    }

    /// A size in KB, MB or GB with at most `digits` decimals (none when they are zeros).
    fn bytes_to(&self, bytes: u64, digits: u8) -> String {
        const UNITS: [&str; 3] = ["format.kb", "format.mb", "format.gb"];
        if bytes < 1024 {
            return self.count("format.bytes", bytes as usize, &[]);
        }
        let mut unit = 0;
        let mut scaled = bytes as f64 / 1024.0;
        while scaled >= 1024.0 && unit < UNITS.len() - 1 {
            scaled /= 1024.0;
            unit += 1;
        }
        let scale = 10_i64.pow(u32::from(digits));
        let minor = (scaled * scale as f64).round() as i64;
        let text = if minor % scale == 0 { self.number(minor / scale) } else { self.grouped(minor, digits, self.text("format.group")) };
        self.format_with(UNITS[unit], &[("size", &text)])
    }

    /// `in 3 days`, `today`, `2 days overdue`.
    pub fn days_relative(&self, days: i64) -> String {
        match days {
            0 => self.text("days.today").to_string(),
            d if d > 0 => self.format("days.left", &[("n".to_string(), Arg::Number(d))]),
            d => self.format("days.overdue", &[("n".to_string(), Arg::Number(d.saturating_neg()))]),
        }
    }
}

/// The position of the `}` that closes a slot whose `{` was just before `text`.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0_usize;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(at),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The count a plural slot is about: a number, or text that is a whole number.
fn count_of(arg: &Arg) -> Option<i64> {
    match arg {
        Arg::Number(n) => Some(*n),
        Arg::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// The form to use among `=0 {…} one {…} other {…}`: an exact `=n` first, then the
/// number's category, then `other`; empty if the template has none of them.
fn plural_form(forms: &str, n: i64, category: &str) -> String {
    let mut rest = forms.trim_start().trim_start_matches(',');
    let (mut exact, mut by_category, mut other) = (None, None, None);
    while let Some(open) = rest.find('{') {
        let selector = rest[..open].trim();
        let Some(close) = closing_brace(&rest[open + 1..]) else { break };
        let form = &rest[open + 1..open + 1 + close];
        rest = &rest[open + 2 + close..];
        if selector.strip_prefix('=').and_then(|number| number.parse::<i64>().ok()) == Some(n) {
            exact = exact.or(Some(form));
        } else if selector == category {
            by_category = by_category.or(Some(form));
        } else if selector == "other" {
            other = other.or(Some(form));
        }
    }
    exact.or(by_category).or(other).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    use crate::claim::ClaimField;
    use crate::rules::{Code, Target};

    fn date(text: &str) -> NaiveDate {
        crate::dates::parse_iso(text).expect("date")
    }

    #[test]
    fn english_dates_are_written_as_the_partners_region_writes_them() {
        let day = date("2027-02-14");
        for (tag, said) in [
            ("en", "February 14, 2027"),
            ("en-US", "February 14, 2027"),
            ("en-CA", "February 14, 2027"),
            ("en_ph", "February 14, 2027"),
            ("en-GB", "14 February 2027"),
            ("en-AU", "14 February 2027"),
            ("en-IN", "14 February 2027"),
            ("en-Latn-IE", "14 February 2027"),
            ("en-150", "14 February 2027"),
            ("en-DE", "14 February 2027"),
            ("en-MH", "February 14, 2027"),
            ("en-u-nu-latn", "February 14, 2027"),
            ("fr-CA", "14 février 2027"),
            ("fr", "14 février 2027"),
        ] {
            let catalog = Catalog::for_tag(tag);
            assert_eq!((catalog.date(day).replace('\u{a0}', " ").as_str(), catalog.tag()), (said, tag));
        }
        assert_eq!(Catalog::for_tag("en-GB").date(date("2027-03-01")), "1\u{a0}March\u{a0}2027");
        // The region of the partner's browser, for the page's language.
        let tags = |list: &[&str]| list.iter().map(|tag| tag.to_string()).collect::<Vec<_>>();
        for (preferred, lang, tag) in [
            (&["en-GB", "en"][..], "en", "en-GB"),
            (&["de-DE", "de", "en-US", "en"], "en", "en-DE"),
            (&["de", "en-US", "en"], "en", "en-001"),
            (&["en", "en-GB"], "en", "en-GB"),
            (&["en"], "en", "en"),
            (&["en-US"], "en", "en-US"),
            (&["fr-CA", "en-CA"], "en", "en-CA"),
            (&[], "en", "en"),
            (&["fr-FR"], "fr", "fr-FR"),
        ] {
            assert_eq!(regional_tag(lang, &tags(preferred)), tag, "{preferred:?}");
        }
        assert_eq!(Catalog::for_tag(&regional_tag("en", &tags(&["de", "en-US"]))).date(date("2027-02-14")), "14\u{a0}February\u{a0}2027");
    }

    /// A Canadian or Australian partner reads `$` as their own dollar: United States
    /// dollars are `US$` in their English (read back as such), `$` in the United States'.
    #[test]
    fn us_dollars_are_us_dollars_where_a_dollar_is_another() {
        let caps = Money::new(1_875_000, "USD");
        let said = |tag: &str| Catalog::for_tag(tag).money(&caps, None).replace('\u{a0}', " ");
        assert_eq!(said("en-CA"), "US$18,750.00");
        assert_eq!(said("en-AU"), "US$18,750.00");
        assert_eq!(said("en-001"), "US$18,750.00");
        assert_eq!(said("en-US"), "$18,750.00");
        assert_eq!(said("en-PR"), "$18,750.00");
        assert_eq!(said("en"), "$18,750.00");
        assert_eq!(Catalog::for_tag("en-CA").money(&Money::new(100, "CAD"), None).replace('\u{a0}', " "), Catalog::for_tag("en-US").money(&Money::new(100, "CAD"), None).replace('\u{a0}', " "), "only the United States' dollar");
        let profile = Profile::default_profile();
        assert_eq!(crate::rules::read_money(&said("en-CA"), "USD", &profile).valid(), Some(1_875_000));
    }

    #[test]
    fn indias_english_groups_amounts_by_lakh() {
        let rupees = Money::new(123_456_750, "INR");
        let said = |tag: &str| Catalog::for_tag(tag).money(&rupees, None).replace('\u{a0}', " ");
        assert!(said("en-IN").contains("12,34,567.50"), "{}", said("en-IN"));
        assert!(said("en-GB").contains("1,234,567.50"), "{}", said("en-GB"));
        assert!(said("en").contains("1,234,567.50"), "{}", said("en"));
        assert!(said("fr-IN").contains("1\u{202f}234\u{202f}567,50"), "{}", said("fr-IN"));
        let indian = Catalog::for_tag("en-IN");
        assert_eq!(indian.number(1_234_567), "12,34,567");
        assert_eq!(indian.amount_as_typed(123_456_750, 2), "12,34,567.50");
        assert_eq!(indian.amount_as_typed(1_234_567, 0), "1234567");
        // Its message of an amount that does not read names the lakh grouping it reads.
        let said = |catalog: &Catalog| catalog.fill("{reason}", &[("reason".into(), Arg::Key("amount.error.not-a-number".into()))], 0);
        assert!(said(&indian).contains("12,34,567"), "{}", said(&indian));
        assert!(!said(&Catalog::for_tag("en-GB")).contains("lakh"), "{}", said(&Catalog::for_tag("en-GB")));
    }

    #[test]
    fn a_problem_named_by_its_key_as_text_is_one_of_the_catalogs() {
        assert_eq!(Problem::from_key("error.worker", "x"), Some(Problem::new("error.worker", "x")));
        assert_eq!(Problem::from_key("error.no-such-key", ""), None);
        assert_eq!(Problem::from_key("", ""), None);
    }

    #[test]
    fn every_catalog_has_every_key_of_english_and_no_other() {
        let expected: BTreeSet<String> = source("en").into_keys().collect();
        assert!(expected.len() > 100, "the English catalog looks truncated");
        for lang in LANGUAGES {
            let parsed = source(lang);
            let keys: BTreeSet<String> = parsed.keys().cloned().collect();
            let missing: Vec<_> = expected.difference(&keys).collect();
            let extra: Vec<_> = keys.difference(&expected).collect();
            assert!(missing.is_empty(), "{lang}.json lacks {missing:?}");
            assert!(extra.is_empty(), "{lang}.json has keys English lacks: {extra:?}");
            // The build copied every text exactly (but for French spaces, below), and none
            // is blank.
            let catalog = Catalog::for_tag(lang);
            assert_eq!(catalog.keys().count(), parsed.len(), "{lang}");
            let spaces = |text: &str| text.replace(['\u{a0}', '\u{202f}'], " ");
            for (key, value) in &parsed {
                assert!(!value.is_empty(), "{lang}.json: {key} is blank");
                assert_eq!(spaces(catalog.text(key)), spaces(value), "{lang}: {key}");
                if *lang == "en" {
                    assert_eq!(catalog.text(key), value, "{lang}: {key}");
                }
            }
        }
    }

    /// French puts a space the line must not break at before `:` and `»` (no-break),
    /// before `;`, `!` and `?` (narrow no-break), after `«`, and between a count and its
    /// noun: the build writes them into the catalog, whose file has plain spaces.
    #[test]
    fn french_texts_never_break_a_line_before_their_punctuation_or_after_a_count() {
        let fr = Catalog::for_tag("fr");
        for key in fr.keys() {
            let text = fr.text(key);
            for bad in [" :", " ;", " !", " ?", " »", "« ", "# "] {
                assert!(!text.contains(bad), "fr: {key}: {bad:?} in {text:?}");
            }
        }
        assert_eq!(fr.text("ui.open.failed"), "{name} n'a pas pu être ouvert\u{a0}: {reason} Votre demande actuelle est inchangée.");
        assert_eq!(fr.count("ui.checks.blockers", 2, &[]), "2\u{a0}points bloquants");
        assert_eq!(fr.text("ui.package.progress-text"), "Vérifiés\u{a0}: {done} sur {total}");
        // Nothing of the kind in English, where "{n} : " does not occur and a count may
        // break from its noun.
        assert_eq!(Catalog::for_tag("en").count("ui.checks.blockers", 2, &[]), "2 blockers");
    }

    /// A catalog file as serde reads it.
    fn source(lang: &str) -> BTreeMap<String, String> {
        let path = format!("{}/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{lang}.json: {e}"))
    }

    #[test]
    fn every_code_and_field_has_messages_in_every_language() {
        for lang in LANGUAGES {
            let catalog = Catalog::for_tag(lang);
            for code in Code::ALL {
                for suffix in ["", ".fix", ".title"] {
                    let key = format!("check.{}{suffix}", code.as_str());
                    assert!(catalog.has(&key), "{lang}: {key}");
                }
            }
            for field in ClaimField::ALL {
                assert!(catalog.has(&format!("field.{}", field.name())), "{lang}: field {}", field.name());
            }
        }
    }

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        // No-break spaces: a date never breaks across lines (month here, year there).
        assert_eq!(Catalog::for_tag("en-US").date(date("2019-02-14")), "February\u{a0}14,\u{a0}2019");
        assert_eq!(Catalog::for_tag("fr-FR").date(date("2019-02-14")), "14\u{a0}février\u{a0}2019");
        assert_eq!(Catalog::for_tag("fr").date(date("2019-08-01")), "1er\u{a0}août\u{a0}2019");
        assert_eq!(Catalog::for_tag("en").date(date("2019-08-01")), "August\u{a0}1,\u{a0}2019");
    }

    #[test]
    fn amounts_are_written_the_way_each_language_writes_them() {
        let euros = Money::new(123_450, "EUR");
        assert_eq!(Catalog::for_tag("en").money(&euros, None), "€1,234.50");
        assert_eq!(Catalog::for_tag("fr").money(&euros, None), "1\u{202f}234,50\u{a0}€");
        assert_eq!(Catalog::for_tag("en").money(&Money::new(500_000, "USD"), None), "$5,000.00");
        assert_eq!(Catalog::for_tag("en").money(&Money::new(99, "CAD"), None), "CAD 0.99");
        assert_eq!(Catalog::for_tag("en").money(&Money::new(5_000, "JPY"), None), "¥5,000");
        // As typed in a field: without the currency, and read back as the same amount.
        let profile = Profile::default_profile();
        for (lang, minor, digits, currency, typed) in [("en", 123_450, 2, "EUR", "1,234.50"), ("fr", 123_450, 2, "EUR", "1\u{202f}234,50"), ("en", 6_850, 0, "JPY", "6850"), ("fr", 6_850, 0, "JPY", "6850")] {
            assert_eq!(Catalog::for_tag(lang).amount_as_typed(minor, digits), typed);
            assert_eq!(crate::rules::read_money(typed, currency, &profile), crate::rules::Entry::Valid(minor), "{typed}");
        }
    }

    #[test]
    fn sizes_and_days_read_naturally() {
        let en = Catalog::for_tag("en");
        assert_eq!(en.bytes(0), "0 bytes");
        assert_eq!(en.bytes(25 * 1024 * 1024), "25 MB");
        assert_eq!(en.bytes(1536), "1.5 KB");
        assert_eq!(Catalog::for_tag("fr").bytes(3 * 1024 * 1024 * 1024 / 2), "1,5\u{a0}Go");
        // Beside a limit it is over, a size never reads as the limit.
        let limit = 25 * 1024 * 1024;
        assert_eq!(en.bytes_above(limit + 40 * 1024, limit), "25.04 MB");
        assert_eq!(en.bytes_above(limit + 1, limit), "26,214,401 bytes");
        assert_eq!(en.bytes_above(limit + 512 * 1024, limit), "25.5 MB");
        assert_eq!(en.bytes_above(limit, limit), "25 MB");
        let largest = 4 * 1024 * 1024 * 1024;
        assert_eq!(en.bytes_above(largest + 1, largest), "4,294,967,297 bytes", "the largest limit the page takes");
        assert_eq!(Catalog::for_tag("fr").bytes_above(limit + 40 * 1024, limit), "25,04\u{a0}Mo");
        assert_eq!(en.days_relative(1), "in 1 day");
        assert_eq!(en.days_relative(12), "in 12 days");
        assert_eq!(en.days_relative(0), "today");
        assert_eq!(en.days_relative(-3), "3 days overdue");
    }

    /// What a template's slot holds: a count (whose words must agree with it), a count
    /// that stands alone without a noun (`(of {total})`), or anything else.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Slot {
        Count,
        BareCount,
        Other,
    }

    /// Every slot name of every catalog, classified. A new slot name fails here until it
    /// is classified, so a new count cannot slip past the plural rules.
    fn slot_kind(key: &str, name: &str) -> Slot {
        match name {
            "n" | "days" | "months" | "max" | "attendees" | "usage-months" | "deadline-days" | "activity-days" | "retention-months" => Slot::Count,
            "limit" if key == "check.ACTIVITY-45-DAYS" || key == "check.ACTIVITY-45-DAYS.dated" => Slot::Count,
            "total" if key == "ui.documents.show-more" || key == "claims.show-more" || key == "ui.checks.show-more" || key == "ui.cost-lines.show-more" || key == "ui.document.cost-line-number" => Slot::BareCount,
            "activity" | "amount" | "available" | "cap" | "cap-currency" | "claimed" | "code" | "currency" | "date" | "day" | "deadline"
            | "description" | "done" | "end" | "expected" | "field" | "file" | "fraction" | "half" | "item" | "limit" | "line" | "line-currency"
            | "metric" | "month" | "name" | "need" | "original" | "per-person" | "percent" | "period" | "plain" | "profile" | "read" | "reason"
            | "recommended" | "rule" | "size" | "start" | "submit-by" | "symbol" | "title" | "total" | "usage-end" | "usage-start"
            | "value" | "weekday" | "whole" | "year" | "yy" | "advice" | "earning" | "earning-start" | "earning-end" | "option" | "section" | "smallest" | "largest" | "default" | "used" | "space" | "kind" | "width" | "height" | "minimum" | "claim" | "number" | "company" | "status" | "titles" | "how" | "example" | "more" | "check" | "what" | "problem" | "then-start" | "then-end" | "path" | "close" | "extension" | "again" | "other" | "stray" | "files" | "preapproval" | "items" | "setting" | "left" | "claim-currency" => Slot::Other,
            other => panic!("{key}: classify the slot {{{other}}} in slot_kind (a count or not?)"),
        }
    }

    /// The top-level slots of a template: name, and the plural forms' selectors if any.
    fn slots(template: &str) -> Vec<(String, Option<Vec<String>>)> {
        let mut found = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = closing_brace(after) else { break };
            let slot = &after[..close];
            rest = &after[close + 1..];
            match slot.split_once(',') {
                Some((name, spec)) => {
                    let forms = spec.trim_start().strip_prefix("plural").unwrap_or(spec);
                    let mut selectors = Vec::new();
                    let mut tail = forms.trim_start().trim_start_matches(',');
                    while let Some(open) = tail.find('{') {
                        selectors.push(tail[..open].trim().to_string());
                        let Some(close) = closing_brace(&tail[open + 1..]) else { break };
                        tail = &tail[open + 2 + close..];
                    }
                    found.push((name.trim().to_string(), Some(selectors)));
                }
                None => found.push((slot.to_string(), None)),
            }
        }
        found
    }

    /// `pattern` in `text`, not as the tail of a longer number (`1 000 jours` is not `0 jours`).
    fn contains_count(text: &str, pattern: &str) -> bool {
        text.match_indices(pattern).any(|(at, _)| !text[..at].chars().next_back().is_some_and(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '\u{202f}' | '\u{a0}')))
    }

    const WRONG_FORMS: &[&str] = &[
        "(s)", "1 days", "0 day ", "1 blockers", "1 warnings", "1 files", "1 bytes", "1 attendees", "1 are ", "1 months", "1 more documents",
        "1 documents", "1 saved claims", "1 jours", "0 jours", "1 points", "0 points", "1 avertissements", "0 avertissements", "1 fichiers",
        "0 fichiers", "1 octets", "0 octets", "1 participants", "0 participants", "1 saisis", "0 saisis", "1 demandes", "0 demandes", "1 autres",
        "0 autres", "1 documents de plus", "0 documents de plus",
    ];

    const ENGLISH_WORDS: &[&str] = &[
        "day", "days", "blocker", "blockers", "warning", "warnings", "file", "files", "more", "and", "in", "of", "is", "are", "overdue",
        "bytes", "byte", "attendee", "attendees", "saved", "claim", "claims", "stays", "stay", "month", "months", "ago", "still", "open",
        "today", "left", "review", "match", "matches", "entered", "could", "not", "partner", "center",
    ];

    /// Names a French page says in English: the product's, Microsoft's name of a
    /// document, the backup's file name.
    const NAMES: &[&str] = &["Co-op Claim Preflight", "Certification Statement and Report", "coop-claims-backup"];

    /// English words in a French message (its names aside).
    fn english_in_french(key: &str, n: i64, text: &str, failures: &mut Vec<String>) {
        let text = NAMES.iter().fold(text.to_string(), |text, name| text.replace(name, ""));
        let words = text.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase);
        for word in words.filter(|word| ENGLISH_WORDS.contains(&word.as_str())) {
            failures.push(format!("fr {key} ({n}): English “{word}” in: {text}"));
        }
    }

    #[test]
    fn a_wrong_form_is_found_behind_the_no_break_space_the_catalogs_write() {
        let mut failures = Vec::new();
        english_in_french("k", 1, "Voir Partner Center", &mut failures);
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert_eq!(wrong_forms("Il reste 0\u{a0}jours et 1\u{202f}demandes."), ["0 jours", "1 demandes"]);
        assert!(wrong_forms("Il reste 1\u{a0}000\u{a0}jours.").is_empty(), "a longer number");
    }

    /// The wrong forms in a message. The catalogs write a no-break space between a count
    /// and its word (`build.rs`): the forms are matched as if it were a space.
    fn wrong_forms(text: &str) -> Vec<&'static str> {
        let spaced = text.replace(['\u{a0}', '\u{202f}'], " ");
        WRONG_FORMS.iter().copied().filter(|wrong| contains_count(&spaced, wrong)).collect()
    }

    #[test]
    fn every_count_in_every_message_agrees_with_its_number_in_both_languages() {
        let mut failures = Vec::new();
        let mut rendered_messages = 0;
        for lang in LANGUAGES {
            let catalog = Catalog::for_tag(lang);
            for key in catalog.keys() {
                let template = catalog.text(key);
                let found = slots(template);
                let mut counts = Vec::new();
                for (name, forms) in &found {
                    let kind = slot_kind(key, name);
                    match (kind, forms) {
                        (Slot::Count, None) => failures.push(format!("{lang} {key}: {{{name}}} is a count; write it as {{{name}, plural, one {{…}} other {{…}}}}")),
                        (Slot::Other, Some(_)) => failures.push(format!("{lang} {key}: {{{name}}} is not a count, yet plural")),
                        (_, Some(selectors)) if !(selectors.iter().any(|s| s == "one") && selectors.iter().any(|s| s == "other")) => {
                            failures.push(format!("{lang} {key}: {{{name}, plural}} needs both a one and an other form, has {selectors:?}"))
                        }
                        _ => {}
                    }
                    if kind != Slot::Other {
                        counts.push(name.clone());
                    }
                }
                if counts.is_empty() {
                    // No count: still no English in the French page.
                    if *lang == "fr" {
                        let args: Vec<(String, Arg)> = found.iter().map(|(name, _)| (name.clone(), Arg::Text("X".into()))).collect();
                        english_in_french(key, 1, &catalog.format(key, &args), &mut failures);
                    }
                    continue;
                }
                // Plain slots inside plural forms (`one {its invoice {file}}`) too.
                let nested: Vec<String> = template
                    .split('{')
                    .skip(1)
                    .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                    .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !found.iter().any(|(found, _)| found == name))
                    .map(str::to_string)
                    .collect();
                for n in [0, 1, 2, 1000] {
                    let args: Vec<(String, Arg)> = found
                        .iter()
                        .map(|(name, _)| (name.clone(), if counts.contains(name) { Arg::Number(n) } else { Arg::Text("X".into()) }))
                        .chain(nested.iter().map(|name| (name.clone(), Arg::Text("X".into()))))
                        .collect();
                    let text = catalog.format(key, &args);
                    rendered_messages += 1;
                    if text.contains('{') || text.contains('}') || text.contains('#') {
                        failures.push(format!("{lang} {key} ({n}): a slot is left: {text}"));
                    }
                    for wrong in wrong_forms(&text) {
                        failures.push(format!("{lang} {key} ({n}): “{wrong}” in: {text}"));
                    }
                    if *lang == "fr" {
                        english_in_french(key, n, &text, &mut failures);
                    }
                }
            }
        }
        assert!(rendered_messages >= 2 * 4 * 20, "only {rendered_messages} messages with a count were rendered");
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn plural_categories_follow_cldr() {
        let (en, fr) = (Catalog::for_tag("en"), Catalog::for_tag("fr"));
        let category = |catalog: &Catalog| [0, 1, 2, 1000].map(|n| catalog.plural_category(n));
        assert_eq!(category(&en), ["other", "one", "other", "other"]);
        assert_eq!(category(&fr), ["one", "one", "other", "other"]);
    }

    #[test]
    fn counts_are_written_in_the_form_and_the_digits_of_their_language() {
        let (en, fr) = (Catalog::for_tag("en"), Catalog::for_tag("fr"));
        let cases: &[(&Catalog, &str, usize, &str)] = &[
            (&en, "ui.checks.blockers", 1, "1 blocker"),
            (&en, "ui.checks.blockers", 2, "2 blockers"),
            (&en, "ui.checks.blockers", 1000, "1,000 blockers"),
            (&fr, "ui.checks.blockers", 0, "0\u{a0}point bloquant"),
            (&fr, "ui.checks.blockers", 1, "1\u{a0}point bloquant"),
            (&fr, "ui.checks.blockers", 1000, "1\u{202f}000\u{a0}points bloquants"),
            (&en, "ui.package.confirm", 1, "1 blocker is still open: Partner Center would likely reject this claim. Build the package anyway? Its summary will say so."),
            (&fr, "ui.documents.reading", 1, "Lecture de 1\u{a0}fichier…"),
            (&en, "format.bytes", 1, "1 byte"),
            (&fr, "format.bytes", 0, "0\u{a0}octet"),
        ];
        for (catalog, key, n, expected) in cases {
            assert_eq!(catalog.count(key, *n, &[]), *expected, "{} {key} {n}", catalog.lang());
        }
        // An exact form wins over the category: a deadline today, not “in 0 days”.
        let soon = |catalog: &Catalog, days| catalog.format("check.DEADLINE-SOON", &[("deadline".into(), Arg::Text("D".into())), ("days".into(), Arg::Number(days))]);
        assert_eq!(soon(&en, 0), "The claim deadline is D, today.");
        assert_eq!(soon(&fr, 0), "La date limite de demande est le D, aujourd'hui.");
        assert_eq!(soon(&fr, 1), "La date limite de demande est le D, dans 1\u{a0}jour.");
        // A count given as text (older call sites) still picks its form.
        assert_eq!(en.format_with("claims.unreadable", &[("n", "1")]), "1 saved claim could not be read. It stays on this device, untouched.");
        assert_eq!(fr.days_relative(-1), "dépassée de 1\u{a0}jour");
        assert_eq!(fr.days_relative(1), "dans 1\u{a0}jour");
        assert_eq!(fr.days_relative(2), "dans 2\u{a0}jours");
        // Two documents are "both", not "all 2"; three are "all 3".
        let verified = |n| en.count("ui.open.verified", n, &[("name", "p.zip")]);
        assert_eq!(verified(2), "p.zip: the claim is restored and both documents match their checksums.");
        assert_eq!(verified(3), "p.zip: the claim is restored and all 3 documents match their checksums.");
        assert_eq!(en.count("ui.open.verified-here", 2, &[("name", "p.zip")]), "p.zip: this claim was already on this device and is the one shown; both of the package's documents match their checksums.");
    }

    #[test]
    fn backup_reports_count_claims_in_both_languages_for_0_1_and_2() {
        let (en, fr) = (Catalog::for_tag("en"), Catalog::for_tag("fr"));
        let name = [("name", "b.zip")];
        type Case<'a> = (&'a Catalog, &'a str, usize, &'a [(&'a str, &'a str)], &'a str);
        let cases: &[Case] = &[
            (&en, "backup.restored", 0, &name, "b.zip: no claim was restored."),
            (&en, "backup.restored", 1, &name, "b.zip: 1 claim was restored."),
            (&en, "backup.restored", 2, &name, "b.zip: 2 claims were restored."),
            (&fr, "backup.restored", 0, &name, "b.zip\u{a0}: aucune demande restaurée."),
            (&fr, "backup.restored", 1, &name, "b.zip\u{a0}: 1\u{a0}demande restaurée."),
            (&fr, "backup.restored", 2, &name, "b.zip\u{a0}: 2\u{a0}demandes restaurées."),
            (&en, "backup.already-here", 1, &[], "1 claim was already here, unchanged, and not added again."),
            (&fr, "backup.already-here", 1, &[], "1\u{a0}demande était déjà là, inchangée, et n'a pas été ajoutée une seconde fois."),
            (&fr, "backup.already-here", 2, &[], "2\u{a0}demandes étaient déjà là, inchangées, et n'ont pas été ajoutées une seconde fois."),
            (&en, "backup.twins", 1, &[], "1 claim was in the backup more than once, the same each time: it was added once."),
            (&en, "backup.twins", 2, &[], "2 claims were in the backup more than once, the same each time: each was added once."),
            (&fr, "backup.twins", 1, &[], "1\u{a0}demande figurait plus d'une fois dans la sauvegarde, identique à chaque fois\u{a0}: elle a été ajoutée une seule fois."),
            (&fr, "backup.twins", 2, &[], "2\u{a0}demandes figuraient plus d'une fois dans la sauvegarde, identiques à chaque fois\u{a0}: chacune a été ajoutée une seule fois."),
            (&en, "backup.saved", 0, &name, "b.zip is saved: no claim. Keep it somewhere other than this browser."),
            (&en, "backup.saved", 1, &name, "b.zip is saved: 1 claim with its documents and checksums. Keep it somewhere other than this browser."),
            (&fr, "backup.saved", 1, &name, "b.zip est enregistré\u{a0}: 1\u{a0}demande avec ses documents et ses sommes de contrôle. Gardez-le ailleurs que dans ce navigateur."),
            (&en, "backup.added", 2, &[("titles", "“A”, “B”"), ("more", "")], "Added to your claims: “A”, “B”."),
            (&fr, "backup.added", 1, &[("titles", "«\u{a0}A\u{a0}»"), ("more", "")], "Ajoutée à vos demandes\u{a0}: «\u{a0}A\u{a0}»."),
            (&fr, "backup.added", 7, &[("titles", "«\u{a0}A\u{a0}»"), ("more", " et 6\u{a0}autres")], "Ajoutées à vos demandes\u{a0}: «\u{a0}A\u{a0}» et 6\u{a0}autres."),
            (&fr, "backup.added-more", 1, &[], " et 1\u{a0}autre"),
            (&en, "backup.added-more", 2, &[], " and 2 others"),
            (&en, "ui.checks.show-more", 1, &[("code", "DOC-UNCLASSIFIED"), ("total", "11")], "Show 1 more DOC-UNCLASSIFIED (of 11)"),
            (&fr, "ui.checks.show-more", 2, &[("code", "DOC-UNCLASSIFIED"), ("total", "12")], "Afficher 2\u{a0}autres DOC-UNCLASSIFIED (sur 12)"),
            (&fr, "backup.saved", 2, &name, "b.zip est enregistré\u{a0}: 2\u{a0}demandes, chacune avec ses documents et ses sommes de contrôle. Gardez-le ailleurs que dans ce navigateur."),
            (&fr, "backup.left-out", 1, &[("title", "T")], "T\u{a0}: 1\u{a0}document n'est pas dans la sauvegarde, car ce navigateur n'en a plus le fichier, ou ne peut plus le lire\u{a0}: retirez-le et ajoutez-le de nouveau, puis sauvegardez de nouveau."),
            (&fr, "backup.left-out", 2, &[("title", "T")], "T\u{a0}: 2\u{a0}documents ne sont pas dans la sauvegarde, car ce navigateur n'en a plus les fichiers, ou ne peut plus les lire\u{a0}: retirez-les et ajoutez-les de nouveau, puis sauvegardez de nouveau."),
            (&fr, "backup.working", 1, &[("done", "0")], "Sauvegarde\u{a0}: 0 sur 1\u{a0}demande écrite…"),
        ];
        for (catalog, key, n, values, expected) in cases {
            assert_eq!(catalog.count(key, *n, values), *expected, "{} {key} {n}", catalog.lang());
        }
    }

    #[test]
    fn finding_messages_name_the_field_and_the_values() {
        let en = Catalog::for_tag("en");
        let finding = Finding::new(Code::FieldRequired, Target::Field(ClaimField::Title)).with("field", Arg::Key("field.title".into()));
        assert_eq!(en.finding_problem(&finding), "Claim title is empty.");
        let line = Finding::new(Code::FieldRequired, Target::Field(ClaimField::Title))
            .with("field", Arg::Key("cost-line.amount.of".into()))
            .with("line", Arg::Number(2));
        assert_eq!(en.finding_problem(&line), "Cost line 2 amount is empty.");
    }

    #[test]
    fn every_catalog_file_is_offered_with_english_first() {
        assert_eq!(LANGUAGES, ["en", "fr"]);
    }

    #[test]
    fn each_language_is_named_in_itself() {
        assert_eq!(LANGUAGES.iter().map(|lang| language_name(lang)).collect::<Vec<_>>(), ["English", "Français"]);
        assert_eq!(language_name("de"), "");
    }

    #[test]
    fn the_browser_language_picks_the_catalog() {
        assert_eq!(Catalog::negotiate(["de-DE", "fr-CA", "en"]), "fr");
        assert_eq!(Catalog::negotiate(["es"]), "en");
        assert_eq!(Catalog::for_tag("xx").lang(), "en");
    }

    #[test]
    fn the_programs_numbers_come_from_the_profile_in_every_text() {
        const NAMES: [&str; 4] = ["{usage-months", "{deadline-days", "{activity-days", "{retention-months"];
        let mut profile = Profile::default_profile();
        (profile.usage_period_months, profile.claim_deadline_days_after_usage_end) = (1, 60);
        (profile.submission_days_after_activity_end, profile.retention_months_after_activity_end) = (30, 36);
        for tag in LANGUAGES {
            let catalog = Catalog::for_tag(tag);
            let mut named = 0;
            for key in catalog.keys() {
                let text = catalog.text(key);
                // Written as words, a number would stay when Microsoft changes it.
                for fixed in ["six months", "24 months", "45 days", "six mois", "24 mois", "45 jours"] {
                    assert!(!text.contains(fixed), "{tag} {key}: {fixed:?} belongs in the profile");
                }
                if NAMES.iter().any(|name| text.contains(name)) {
                    named += 1;
                    let filled = catalog.with_profile(key, &profile);
                    assert!(!NAMES.iter().any(|name| filled.contains(name)), "{tag} {key}: {filled}");
                }
            }
            assert_eq!(named, 7, "{tag}: the texts that name the program's numbers");
        }
        let en = Catalog::for_tag("en");
        assert!(en.with_profile("summary.verify", &profile).ends_with("Keep the original documents for 36 months after the activity."));
        assert!(en.with_profile("ui.help.usage-period", &profile).starts_with("The usage period is the month after the earning period"));
        let help = en.with_profile("help.usage-period", &profile);
        assert!(help.contains("spent in the month that follows") && help.contains("at the latest 60 days after"), "{help}");
        assert_eq!(en.with_profile("check.ACTIVITY-45-DAYS.title", &profile), "Over 30 days since the activity");
        let fr = Catalog::for_tag("fr");
        assert!(fr.with_profile("ui.help.usage-period", &profile).starts_with("La période d'utilisation couvre le mois qui suit la période"));
        assert!(fr.with_profile("help.documents", &Profile::default_profile()).contains("Conservez les originaux 24\u{a0}mois après"));
        // Which activity types need pre-approval is the profile's too: a program year that
        // adds one is named, in each language, and no text names one itself.
        for activity in profile.activity_types.iter_mut().filter(|activity| activity.id == "customer-offer") {
            activity.needs_preapproval = true;
        }
        assert_eq!(en.with_profile("ui.hint.preapproval-optional", &profile), "Only for activities that need pre-approval (TV and radio, Customer offer)");
        let mut none = profile.clone();
        none.activity_types.iter_mut().for_each(|activity| activity.needs_preapproval = false);
        assert_eq!(en.with_profile("ui.hint.preapproval-optional", &none), "Only for activities that need pre-approval");
        assert!(fr.with_profile("help.activity", &profile).contains("(Télévision et radio, Offre client)"));
        for tag in LANGUAGES {
            let catalog = Catalog::for_tag(tag);
            for key in catalog.keys() {
                let text = catalog.text(key);
                assert!(!text.contains("TV and radio") && !text.to_lowercase().contains("télévision et"), "{tag} {key}: the profile names them");
            }
        }
    }

    #[test]
    fn an_unknown_key_shows_itself_and_unknown_slots_stay_visible() {
        let en = Catalog::for_tag("en");
        assert_eq!(en.text("no.such.key"), "no.such.key");
        assert_eq!(en.format("check.FIELD-REQUIRED", &[]), "{field} is empty.");
    }
}
