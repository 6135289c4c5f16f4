//! Message catalogs and locale formatting of dates, amounts and sizes.
//!
//! Catalogs are data (`i18n/<lang>.json`, flat key → template with `{name}` slots), so a
//! language is added by adding a file: `build.rs` finds every catalog, lists it in
//! [`LANGUAGES`] and makes it Rust data (no JSON parsing in the page).
//! A test fails when a catalog lacks a key that English has. Findings carry codes and values, never text: the
//! text is made here, in the partner's language, when the page or the summary shows it.

use chrono::{Datelike, NaiveDate};

use crate::money::{format_minor, Money};
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
}

pub struct Catalog {
    lang: &'static str,
    /// Key and template, sorted by key; a key the catalog lacks is absent.
    entries: Vec<(&'static str, &'static str)>,
}

impl Catalog {
    /// The catalog for a language tag such as `fr-CA`, or English.
    pub fn for_tag(tag: &str) -> Catalog {
        let primary = tag.split(['-', '_']).next().unwrap_or("en").to_ascii_lowercase();
        let index = LANGUAGES.iter().position(|lang| *lang == primary).unwrap_or(0);
        let entries = KEYS.split('\u{1f}').zip(TEXTS[index].split('\u{1f}')).filter(|(_, text)| !text.is_empty()).collect();
        Catalog { lang: LANGUAGES[index], entries }
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

    pub fn has(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// Fills a template's `{name}` slots with formatted values.
    pub fn format(&self, key: &str, args: &[(String, Arg)]) -> String {
        self.fill(self.text(key), args, 0)
    }

    /// Fills plain string values into a template.
    pub fn format_with(&self, key: &str, values: &[(&str, &str)]) -> String {
        let args: Vec<(String, Arg)> = values.iter().map(|(name, value)| (name.to_string(), Arg::Text(value.to_string()))).collect();
        self.format(key, &args)
    }

    fn fill(&self, template: &str, args: &[(String, Arg)], depth: u8) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match args.iter().find(|(key, _)| key == name) {
                        Some((_, arg)) => out.push_str(&self.arg(arg, args, depth)),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
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
            // A label may itself name values (`Cost line {line} amount`); one level only.
            Arg::Key(key) if depth == 0 => self.fill(self.text(key), args, 1),
            Arg::Key(key) => self.text(key).to_string(),
            Arg::Profile(text) => text.get(self.lang).to_string(),
        }
    }

    pub fn problem(&self, problem: &Problem) -> String {
        self.format_with(problem.key, &[("name", &problem.name)])
    }

    /// What is wrong, in a sentence.
    pub fn finding_problem(&self, finding: &Finding) -> String {
        self.format(&format!("check.{}", finding.code.as_str()), &finding.args)
    }

    /// What to do about it.
    pub fn finding_fix(&self, finding: &Finding) -> String {
        self.format(&format!("check.{}.fix", finding.code.as_str()), &finding.args)
    }

    /// A calendar date in the long form of the language: `February 14, 2019`, `14 février 2019`.
    pub fn date(&self, date: NaiveDate) -> String {
        let month = self.text(&format!("month.{}", date.month())).to_string();
        // French writes the first of the month as an ordinal: 1er février.
        let day = if date.day() == 1 { self.text("format.first-day").to_string() } else { date.day().to_string() };
        let values = [("day", day), ("month", month), ("year", date.year().to_string())];
        let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
        self.format_with("format.date", &values)
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
        format_minor(number, 0, self.text("format.group"), self.text("format.decimal"))
    }

    /// An amount with its currency: `$1,234.50`, `1 234,50 €`, `CAD 1,234.50`.
    pub fn money(&self, money: &Money, profile: Option<&Profile>) -> String {
        let digits = profile.and_then(|p| p.currency(&money.currency)).map_or_else(|| default_minor_digits(&money.currency), |c| c.minor_digits);
        let amount = format_minor(money.minor, digits, self.text("format.group"), self.text("format.decimal"));
        let symbol_key = format!("currency.symbol.{}", money.currency);
        let (template, symbol) = if self.has(&symbol_key) {
            ("format.money.symbol", self.text(&symbol_key))
        } else {
            ("format.money.code", money.currency.as_str())
        };
        self.format_with(template, &[("amount", &amount), ("symbol", symbol), ("code", &money.currency)])
    }

    /// A file size: `980 bytes`, `25 MB`, `1.5 GB` (powers of 1,024).
    pub fn bytes(&self, bytes: u64) -> String {
        const UNITS: [&str; 3] = ["format.kb", "format.mb", "format.gb"];
        if bytes < 1024 {
            return self.format_with("format.bytes", &[("n", &bytes.to_string())]);
        }
        let mut unit = 0;
        let mut scaled = bytes as f64 / 1024.0;
        while scaled >= 1024.0 && unit < UNITS.len() - 1 {
            scaled /= 1024.0;
            unit += 1;
        }
        let tenths = (scaled * 10.0).round() as i64;
        let text = if tenths % 10 == 0 { self.number(tenths / 10) } else { format_minor(tenths, 1, self.text("format.group"), self.text("format.decimal")) };
        self.format_with(UNITS[unit], &[("n", &text)])
    }

    /// `in 3 days`, `today`, `2 days overdue`.
    pub fn days_relative(&self, days: i64) -> String {
        let (key, n) = match days {
            0 => ("days.today", 0),
            d if d > 0 => (if self.is_singular(d) { "days.left.one" } else { "days.left.other" }, d),
            d => (if self.is_singular(-d) { "days.overdue.one" } else { "days.overdue.other" }, -d),
        };
        self.format_with(key, &[("n", &self.number(n))])
    }

    /// Plural choice: English says "1 day", French also "0 jour" / "1 jour".
    pub fn is_singular(&self, n: i64) -> bool {
        n == 1 || (n == 0 && self.text("plural.zero-is-singular") == "yes")
    }
}

fn default_minor_digits(code: &str) -> u8 {
    if matches!(code, "JPY" | "KRW") {
        0
    } else {
        2
    }
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
            // The build copied every text exactly, and none is blank.
            let catalog = Catalog::for_tag(lang);
            assert_eq!(catalog.keys().count(), parsed.len(), "{lang}");
            for (key, value) in &parsed {
                assert!(!value.is_empty(), "{lang}.json: {key} is blank");
                assert_eq!(catalog.text(key), value, "{lang}: {key}");
            }
        }
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
        assert_eq!(Catalog::for_tag("en-US").date(date("2019-02-14")), "February 14, 2019");
        assert_eq!(Catalog::for_tag("fr-FR").date(date("2019-02-14")), "14 février 2019");
        assert_eq!(Catalog::for_tag("fr").date(date("2019-08-01")), "1er août 2019");
        assert_eq!(Catalog::for_tag("en").date(date("2019-08-01")), "August 1, 2019");
    }

    #[test]
    fn amounts_are_written_the_way_each_language_writes_them() {
        let euros = Money::new(123_450, "EUR");
        assert_eq!(Catalog::for_tag("en").money(&euros, None), "€1,234.50");
        assert_eq!(Catalog::for_tag("fr").money(&euros, None), "1\u{202f}234,50\u{a0}€");
        assert_eq!(Catalog::for_tag("en").money(&Money::new(500_000, "USD"), None), "$5,000.00");
        assert_eq!(Catalog::for_tag("en").money(&Money::new(99, "CAD"), None), "CAD 0.99");
        assert_eq!(Catalog::for_tag("en").money(&Money::new(5_000, "JPY"), None), "¥5,000");
    }

    #[test]
    fn sizes_and_days_read_naturally() {
        let en = Catalog::for_tag("en");
        assert_eq!(en.bytes(0), "0 bytes");
        assert_eq!(en.bytes(25 * 1024 * 1024), "25 MB");
        assert_eq!(en.bytes(1536), "1.5 KB");
        assert_eq!(Catalog::for_tag("fr").bytes(3 * 1024 * 1024 * 1024 / 2), "1,5 Go");
        assert_eq!(en.days_relative(1), "in 1 day");
        assert_eq!(en.days_relative(12), "in 12 days");
        assert_eq!(en.days_relative(0), "today");
        assert_eq!(en.days_relative(-3), "3 days overdue");
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
    fn the_browser_language_picks_the_catalog() {
        assert_eq!(Catalog::negotiate(["de-DE", "fr-CA", "en"]), "fr");
        assert_eq!(Catalog::negotiate(["es"]), "en");
        assert_eq!(Catalog::for_tag("xx").lang(), "en");
    }

    #[test]
    fn an_unknown_key_shows_itself_and_unknown_slots_stay_visible() {
        let en = Catalog::for_tag("en");
        assert_eq!(en.text("no.such.key"), "no.such.key");
        assert_eq!(en.format("check.FIELD-REQUIRED", &[]), "{field} is empty.");
    }
}
