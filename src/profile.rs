//! The program profile: every number and list that Microsoft may change, as data.
//!
//! A new program year is an edit of `profile/default.json`, not of code: the claim
//! deadline (45 days after the usage period), the activity window (45 days), record
//! retention (24 months), the usage period length (six months), the warning horizon
//! (14 days), published window closes, file limits, accepted file types, currencies and
//! the activity catalog of PRODUCT.md §2.3.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Text in every language the page speaks, keyed by language tag (`en`, `fr`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LocalizedText(pub BTreeMap<String, String>);

impl LocalizedText {
    /// The text in `lang`, or in English when that language has none.
    pub fn get(&self, lang: &str) -> &str {
        self.0.get(lang).or_else(|| self.0.get("en")).map(String::as_str).unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub name: LocalizedText,
    pub source: String,
    pub claim_deadline_days_after_usage_end: u32,
    pub submission_days_after_activity_end: u32,
    pub retention_months_after_activity_end: u32,
    pub usage_period_months: u32,
    pub deadline_warning_days: u32,
    pub file_size_limit_bytes: u64,
    /// Whether the partner may change the file size limit on the page (when Microsoft
    /// changes it before the profile does); the change is remembered on the device.
    pub file_size_limit_editable: bool,
    /// A proof-of-execution image smaller than this on its long side may be unreadable
    /// to a reviewer (`IMAGE-SMALL`).
    pub image_min_long_side_px: u32,
    /// Words that show Microsoft's branding on a proof of execution (its name and
    /// products): a proof naming none of them, nor the partner's company, is
    /// `POE-BRANDING`.
    pub branding_terms: Vec<String>,
    /// File name extensions, lower case, without the dot.
    pub accepted_file_types: Vec<String>,
    pub published_closes: Vec<PublishedClose>,
    pub currencies: Vec<Currency>,
    pub categories: Vec<Category>,
    pub activity_types: Vec<ActivityType>,
    /// Microsoft's pages on a section's subject, offered in the section's help (opened
    /// only when the partner follows one).
    pub help_links: Vec<HelpLink>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpLink {
    /// The page section the link helps with (`claim`, `usage-period`, `documents`, …).
    pub section: String,
    pub url: String,
    pub name: LocalizedText,
}

/// Microsoft's published close of a claiming window: from FY21, usage periods ending
/// 31 December close on 15 February and those ending 30 June on 15 August.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedClose {
    /// `MM-DD` of the usage period end this close applies to.
    pub usage_period_ends: String,
    /// `MM-DD` of the close, the first such day after the usage period end.
    pub closes: String,
    /// The first usage period end (inclusive) the close applies to.
    #[serde(with = "crate::dates::iso_date")]
    pub from_usage_period_end: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// ISO 4217 code, e.g. `USD`.
    pub code: String,
    /// Decimals of the minor unit: 2 for USD, 0 for JPY.
    pub minor_digits: u8,
    /// Signs and names partners type with an amount (`$`, `€`, `kr`, `euros`, `won`); the
    /// code is always accepted too. A sign may belong to several currencies (`$`,
    /// `dollars`): the amount's own currency tells.
    pub symbols: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: LocalizedText,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityType {
    pub id: String,
    pub name: LocalizedText,
    pub category: String,
    /// What the proof of execution must show, each covered by at least one PoE document.
    pub proof_items: Vec<ProofItem>,
    /// The result the partner reports (registered guests, estimated reach, …), if any.
    pub metric: Option<LocalizedText>,
    /// TV and radio: Microsoft must approve the plan before the activity.
    pub needs_preapproval: bool,
    pub caps: Vec<Cap>,
    pub notes: Vec<LocalizedText>,
}

impl ActivityType {
    /// Whether claims of this type report their number of attendees (a cap per attendee).
    pub fn counts_attendees(&self) -> bool {
        self.caps.iter().any(|cap| matches!(cap, Cap::PerAttendee { .. }))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofItem {
    pub id: String,
    pub name: LocalizedText,
}

/// A limit on what an activity type may claim (`AMOUNT-CAP`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Cap {
    /// At most this amount per usage period (Microsoft syndicated content: USD 18,750).
    MaxAmount { minor: i64, currency: String },
    /// At most this share of the co-op funds earned for the usage period (offers, SPIFFs).
    ShareOfEarned { percent: u32 },
    /// At most so many attendees, and so much per attendee (Microsoft-hosted conferences).
    PerAttendee { max_attendees: u32, minor: i64, currency: String },
}

/// A profile file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("the profile is not valid JSON of the expected shape: {0}")]
    Shape(#[from] serde_json::Error),
    #[error("the profile is inconsistent: {0}")]
    Inconsistent(String),
}

/// The bundled profile as JSON, the source the build turns into Rust (see `build.rs`).
#[cfg(test)]
const DEFAULT_PROFILE_JSON: &str = include_str!("../profile/default.json");

/// The file size limits a partner may set: 1 MiB to 4 GiB.
pub const FILE_LIMIT_RANGE: std::ops::RangeInclusive<u64> = 1024 * 1024..=4 * 1024 * 1024 * 1024;

/// The program profile's currencies and their decimals, as a table made from
/// `profile/default.json` at build time: for an amount formatted where no profile is at
/// hand (a finding's message), without building one.
const MINOR_DIGITS: &[(&str, u8)] = include!(concat!(env!("OUT_DIR"), "/minor_digits.rs"));

/// The decimals of a currency's amounts in the program profile ([`Profile::minor_digits`]
/// of the default profile).
pub fn minor_digits(code: &str) -> u8 {
    MINOR_DIGITS.iter().find(|(known, _)| *known == code).map_or(2, |(_, digits)| *digits)
}

impl Profile {
    /// This profile with the partner's file size limit (`bytes`), where the profile lets
    /// the partner change it and the limit is in [`FILE_LIMIT_RANGE`]; `None` otherwise, or
    /// when nothing changes. The page and the package worker both apply it, so that a
    /// package is judged by the limit the page judged it by.
    pub fn with_file_limit(&self, bytes: u64) -> Option<Profile> {
        (self.file_size_limit_editable && FILE_LIMIT_RANGE.contains(&bytes) && bytes != self.file_size_limit_bytes).then(|| Profile { file_size_limit_bytes: bytes, ..self.clone() })
    }

    /// The profile that ships with the page, `profile/default.json` made into Rust data
    /// by `build.rs` (no JSON parsing at start-up). Tests prove it equals the file read
    /// by serde and that it passes [`Profile::from_json`]'s checks.
    pub fn default_profile() -> Profile {
        fn s(text: &str) -> String {
            text.to_string()
        }
        // One call per list rather than a `vec!` of calls: smaller code in the page.
        fn strings(texts: &[&str]) -> Vec<String> {
            texts.iter().map(|text| text.to_string()).collect()
        }
        fn t(texts: &[(&str, &str)]) -> LocalizedText {
            LocalizedText(texts.iter().map(|(lang, text)| (lang.to_string(), text.to_string())).collect())
        }
        fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
            NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
        }
        include!(concat!(env!("OUT_DIR"), "/profile.rs"))
    }

    /// Reads and checks a profile.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = serde_json::from_str(text)?;
        profile.validate()?;
        Ok(profile)
    }

    fn validate(&self) -> Result<(), ProfileError> {
        let fail = |message: String| Err(ProfileError::Inconsistent(message));
        if self.usage_period_months == 0 {
            return fail("the usage period must last at least one month".into());
        }
        for close in &self.published_closes {
            if month_day(&close.usage_period_ends).is_none() || month_day(&close.closes).is_none() {
                return fail(format!("published close {close:?} needs MM-DD dates"));
            }
        }
        for activity in &self.activity_types {
            if !self.categories.iter().any(|c| c.id == activity.category) {
                return fail(format!("activity type {} has unknown category {}", activity.id, activity.category));
            }
            for cap in &activity.caps {
                if let Cap::MaxAmount { currency, .. } | Cap::PerAttendee { currency, .. } = cap {
                    if self.currency(currency).is_none() {
                        return fail(format!("activity type {} caps in unknown currency {currency}", activity.id));
                    }
                }
            }
        }
        if let Some(link) = self.help_links.iter().find(|link| !link.url.starts_with("https://")) {
            return fail(format!("help link {} must be https", link.url));
        }
        let mut ids: Vec<&str> = self.activity_types.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        if ids.windows(2).any(|pair| pair[0] == pair[1]) {
            return fail("two activity types share an id".into());
        }
        Ok(())
    }

    pub fn activity_type(&self, id: &str) -> Option<&ActivityType> {
        self.activity_types.iter().find(|a| a.id == id)
    }

    /// The decimals of a currency's amounts: the profile's, else 2 (as an amount typed in
    /// a currency the profile lacks is read).
    pub fn minor_digits(&self, code: &str) -> u8 {
        self.currency(code).map_or(2, |currency| currency.minor_digits)
    }

    pub fn currency(&self, code: &str) -> Option<&Currency> {
        self.currencies.iter().find(|c| c.code == code)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// Whether a file name's extension is one the program accepts (case does not matter).
    /// Trailing dots and spaces do not count: Windows drops them, and the package too.
    pub fn accepts_file_name(&self, file_name: &str) -> bool {
        match file_name.trim_end_matches(|c: char| c == '.' || c.is_whitespace()).rsplit_once('.') {
            Some((_, extension)) => self.accepted_file_types.iter().any(|accepted| accepted.eq_ignore_ascii_case(extension)),
            None => false,
        }
    }
}

/// Reads `MM-DD` into (month, day).
pub(crate) fn month_day(text: &str) -> Option<(u32, u32)> {
    let (month, day) = text.split_once('-')?;
    let (month, day): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    // 2000 is a leap year, so 02-29 is a valid month-day.
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The profile's French texts are shown as they are (the catalog's get French spacing
    /// as it is built): a space before `:`, `;`, `!`, `?` or `»`, or after `«`, must be
    /// one a line cannot break at, or the colon starts a line on a phone.
    #[test]
    fn the_profiles_french_texts_never_break_before_their_punctuation() {
        fn walk(value: &serde_json::Value, found: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, value) in map {
                        match (key.as_str(), value) {
                            ("fr", serde_json::Value::String(text)) => {
                                let chars: Vec<char> = text.chars().collect();
                                let breaks = chars.windows(2).any(|pair| matches!(pair, [' ', ':' | ';' | '!' | '?' | '»'] | ['«', ' ']));
                                if breaks {
                                    found.push(text.clone());
                                }
                            }
                            _ => walk(value, found),
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, found)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        walk(&serde_json::from_str(DEFAULT_PROFILE_JSON).expect("JSON"), &mut found);
        assert!(found.is_empty(), "write U+00A0 (before : and », after «) or U+202F (before ; ! ?) in {found:?}");
    }

    #[test]
    fn the_bundled_profile_is_the_json_file_and_is_valid_and_complete() {
        let profile = Profile::from_json(DEFAULT_PROFILE_JSON).expect("bundled profile");
        assert_eq!(Profile::default_profile(), profile, "build.rs must copy the file exactly");
        // The table of decimals (for messages) is the file's too, and 2 for a currency
        // it lacks, as the amounts typed in one are read.
        assert_eq!(MINOR_DIGITS.len(), profile.currencies.len());
        for currency in &profile.currencies {
            assert_eq!(minor_digits(&currency.code), currency.minor_digits, "{}", currency.code);
            assert_eq!(profile.minor_digits(&currency.code), currency.minor_digits);
        }
        assert_eq!((minor_digits("JPY"), minor_digits("XYZ"), profile.minor_digits("XYZ")), (0, 2, 2));
        assert_eq!(profile.claim_deadline_days_after_usage_end, 45);
        assert_eq!(profile.retention_months_after_activity_end, 24);
        assert_eq!(profile.activity_types.len(), 15);
        assert_eq!(profile.accepted_file_types.len(), 26);
        for activity in &profile.activity_types {
            assert!(!activity.proof_items.is_empty(), "{} has no proof items", activity.id);
            for lang in ["en", "fr"] {
                assert!(activity.name.0.contains_key(lang), "{} has no {lang} name", activity.id);
                for item in &activity.proof_items {
                    assert!(item.name.0.contains_key(lang), "{}/{} has no {lang} name", activity.id, item.id);
                }
            }
        }
        let tv = profile.activity_type("tv-radio").expect("tv and radio");
        assert!(tv.needs_preapproval);
    }

    #[test]
    fn accepted_file_types_ignore_case_and_need_an_extension() {
        let profile = Profile::default_profile();
        assert!(profile.accepts_file_name("Invoice.PDF"));
        assert!(profile.accepts_file_name("photo.final.jpeg"));
        assert!(!profile.accepts_file_name("setup.exe"));
        assert!(!profile.accepts_file_name("README"));
        assert!(profile.accepts_file_name("invoice.pdf. "));
    }

    #[test]
    fn an_inconsistent_profile_is_refused_with_a_reason() {
        let broken = DEFAULT_PROFILE_JSON.replacen("\"category\": \"demand-generation\"", "\"category\": \"nowhere\"", 1);
        let error = Profile::from_json(&broken).expect_err("unknown category");
        assert!(error.to_string().contains("unknown category nowhere"), "{error}");
        assert!(Profile::from_json("{").is_err());
    }
}
