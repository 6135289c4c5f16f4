//! Turns the data files into Rust data, so the page does not carry a JSON parser's
//! code for them (the page's size budget is tight; see ARCHITECTURE.md, "Size"):
//!
//! - every message catalog `i18n/<lang>.json` (adding a language is adding a file; the
//!   page offers every catalog it finds, English first) becomes `catalogs.rs`: the keys
//!   once, sorted, and each language's texts in that order;
//! - the program profile `profile/default.json` becomes `profile.rs`, an expression
//!   that builds the `Profile`, and `minor_digits.rs`, its currencies' decimals as a
//!   table (for an amount formatted without the profile at hand).
//!
//! The JSON files stay the source of truth. Native tests compare the generated data
//! with the files read by serde, so a mistake here cannot pass unnoticed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// Separates texts in the generated strings; no catalog text may contain it.
const SEPARATOR: char = '\u{1f}';

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    write(&out.join("catalogs.rs"), &catalogs(&root.join("i18n")));
    let profile = root.join("profile").join("default.json");
    println!("cargo:rerun-if-changed={}", profile.display());
    let profile = read_json(&profile);
    write(&out.join("profile.rs"), &profile_expression(&profile));
    let digits: Vec<String> = array(&profile, "currencies").iter().map(|currency| format!("({:?}, {})", currency["code"].as_str().unwrap_or_else(|| panic!("profile: a currency's code must be a string")), number(currency, "minor_digits"))).collect();
    write(&out.join("minor_digits.rs"), &format!("&[{}]", digits.join(", ")));
}

fn write(path: &Path, code: &str) {
    if let Err(error) = std::fs::write(path, code) {
        panic!("cannot write {}: {error}", path.display());
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{} is not valid JSON: {error}", path.display()))
}

/// `LANGUAGES` (tags, English first), `KEYS` (every English key, sorted, separated)
/// and `TEXTS` (per language, the text of each key in `KEYS` order; empty when the
/// catalog lacks the key, which the test suite reports).
fn catalogs(dir: &Path) -> String {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut languages: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .filter_map(|path| Some((path.file_stem()?.to_str()?.to_string(), path.clone())))
                .collect()
        })
        .unwrap_or_default();
    languages.sort_by_key(|(lang, _)| (lang != "en", lang.clone()));
    let parsed: Vec<(String, BTreeMap<String, String>)> = languages
        .iter()
        .map(|(lang, path)| {
            println!("cargo:rerun-if-changed={}", path.display());
            let Value::Object(entries) = read_json(path) else { panic!("{} must be one JSON object", path.display()) };
            let texts = entries
                .into_iter()
                .map(|(key, value)| match value {
                    Value::String(text) if !text.contains(SEPARATOR) && lang == "fr" => (key, french_spacing(&text)),
                    Value::String(text) if !text.contains(SEPARATOR) => (key, text),
                    _ => panic!("{}: {key} must be a string without U+001F", path.display()),
                })
                .collect();
            (lang.clone(), texts)
        })
        .collect();
    let keys: BTreeSet<&str> = parsed.first().map(|(_, texts)| texts.keys().map(String::as_str).collect()).unwrap_or_default();
    let joined = |texts: Vec<&str>| texts.join(&SEPARATOR.to_string());
    let mut code = String::new();
    let tags: Vec<String> = parsed.iter().map(|(lang, _)| format!("{lang:?}")).collect();
    let _ = writeln!(code, "pub const LANGUAGES: &[&str] = &[{}];", tags.join(", "));
    let _ = writeln!(code, "const KEYS: &str = {:?};", joined(keys.iter().copied().collect()));
    code.push_str("const TEXTS: &[&str] = &[\n");
    for (_, texts) in &parsed {
        let row: Vec<&str> = keys.iter().map(|key| texts.get(*key).map_or("", String::as_str)).collect();
        let _ = writeln!(code, "    {:?},", joined(row));
    }
    code.push_str("];\n");
    code
}

/// French typography, applied to the French catalog as it is built (its file keeps plain
/// spaces, easy to edit): a space the line must not break at, so that no line starts
/// with a colon, a guillemet or a noun without its count. A no-break space before `:` and
/// `»` and after `«`; a narrow one before `;`, `!` and `?`; a no-break space after a
/// count (`#` in a plural form, or a digit) and its noun, and before a unit after a slot
/// (`{size} Mo`, `{percent} %`).
fn french_spacing(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (at, &c) in chars.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let (before, after) = (at.checked_sub(1).map(|i| chars[i]), chars.get(at + 1).copied());
        let word: String = chars[at + 1..].iter().take_while(|c| c.is_alphabetic()).collect();
        let space = match (before, after) {
            (_, Some(':' | '»')) | (Some('«'), _) => '\u{a0}',
            (_, Some(';' | '!' | '?')) => '\u{202f}',
            (Some('#'), _) => '\u{a0}',
            (Some(digit), Some(next)) if digit.is_ascii_digit() && (next.is_alphabetic() || matches!(next, '%' | '€' | '$')) => '\u{a0}',
            (Some('}'), Some('%')) => '\u{a0}',
            (Some('}'), _) if matches!(word.as_str(), "octet" | "octets" | "Ko" | "Mo" | "Go" | "an" | "ans" | "jour" | "jours" | "mois") => '\u{a0}',
            _ => ' ',
        };
        out.push(space);
    }
    out
}

/// A Rust expression that builds the profile with the helpers of `src/profile.rs`
/// (`s`, `t`, `ymd`). It follows the shape of `Profile`: a field added there is added
/// here too, or the build fails.
fn profile_expression(profile: &Value) -> String {
    let activity_types: Vec<String> = array(profile, "activity_types").iter().map(activity_type).collect();
    let closes: Vec<String> = array(profile, "published_closes")
        .iter()
        .map(|close| {
            format!(
                "PublishedClose {{ usage_period_ends: {}, closes: {}, from_usage_period_end: {} }}",
                string(close, "usage_period_ends"),
                string(close, "closes"),
                date(close, "from_usage_period_end")
            )
        })
        .collect();
    let currencies: Vec<String> = array(profile, "currencies")
        .iter()
        .map(|currency| {
            let symbols: Vec<String> = array(currency, "symbols").iter().map(quoted).collect();
            format!(
                "Currency {{ code: {}, minor_digits: {}, symbols: strings(&[{}]) }}",
                string(currency, "code"),
                number(currency, "minor_digits"),
                symbols.join(", ")
            )
        })
        .collect();
    let categories: Vec<String> = array(profile, "categories")
        .iter()
        .map(|category| format!("Category {{ id: {}, name: {} }}", string(category, "id"), text(&category["name"])))
        .collect();
    let types: Vec<String> = array(profile, "accepted_file_types").iter().map(quoted).collect();
    let help_links: Vec<String> = array(profile, "help_links")
        .iter()
        .map(|link| format!("HelpLink {{ section: {}, url: {}, name: {} }}", string(link, "section"), string(link, "url"), text(&link["name"])))
        .collect();
    format!(
        "Profile {{\n    id: {},\n    name: {},\n    source: {},\n    claim_deadline_days_after_usage_end: {},\n    \
         submission_days_after_activity_end: {},\n    retention_months_after_activity_end: {},\n    usage_period_months: {},\n    \
         deadline_warning_days: {},\n    file_size_limit_bytes: {},\n    file_size_limit_editable: {},\n    image_min_long_side_px: {},\n    branding_terms: strings(&[{}]),\n    accepted_file_types: strings(&[{}]),\n    \
         published_closes: vec![{}],\n    currencies: vec![{}],\n    categories: vec![{}],\n    activity_types: vec![\n        {}\n    ],\n    help_links: vec![{}],\n}}\n",
        string(profile, "id"),
        text(&profile["name"]),
        string(profile, "source"),
        number(profile, "claim_deadline_days_after_usage_end"),
        number(profile, "submission_days_after_activity_end"),
        number(profile, "retention_months_after_activity_end"),
        number(profile, "usage_period_months"),
        number(profile, "deadline_warning_days"),
        number(profile, "file_size_limit_bytes"),
        profile["file_size_limit_editable"].as_bool().unwrap_or(false),
        number(profile, "image_min_long_side_px"),
        array(profile, "branding_terms").iter().map(quoted).collect::<Vec<_>>().join(", "),
        types.join(", "),
        closes.join(", "),
        currencies.join(", "),
        categories.join(", "),
        activity_types.join(",\n        "),
        help_links.join(", "),
    )
}

fn activity_type(activity: &Value) -> String {
    let proof_items: Vec<String> = array(activity, "proof_items")
        .iter()
        .map(|item| format!("ProofItem {{ id: {}, name: {} }}", string(item, "id"), text(&item["name"])))
        .collect();
    let metric = match &activity["metric"] {
        Value::Null => "None".to_string(),
        metric => format!("Some({})", text(metric)),
    };
    let caps: Vec<String> = array(activity, "caps").iter().map(cap).collect();
    let notes: Vec<String> = array(activity, "notes").iter().map(text).collect();
    let Some(needs_preapproval) = activity["needs_preapproval"].as_bool() else { panic!("needs_preapproval must be true or false") };
    format!(
        "ActivityType {{ id: {}, name: {}, category: {}, proof_items: vec![{}], metric: {metric}, needs_preapproval: {needs_preapproval}, caps: vec![{}], notes: vec![{}] }}",
        string(activity, "id"),
        text(&activity["name"]),
        string(activity, "category"),
        proof_items.join(", "),
        caps.join(", "),
        notes.join(", "),
    )
}

fn cap(cap: &Value) -> String {
    match cap["kind"].as_str() {
        Some("max-amount") => format!("Cap::MaxAmount {{ minor: {}, currency: {} }}", number(cap, "minor"), string(cap, "currency")),
        Some("share-of-earned") => format!("Cap::ShareOfEarned {{ percent: {} }}", number(cap, "percent")),
        Some("per-attendee") => format!(
            "Cap::PerAttendee {{ max_attendees: {}, minor: {}, currency: {} }}",
            number(cap, "max_attendees"),
            number(cap, "minor"),
            string(cap, "currency")
        ),
        other => panic!("unknown cap kind {other:?}"),
    }
}

fn array<'a>(value: &'a Value, field: &str) -> &'a Vec<Value> {
    value[field].as_array().unwrap_or_else(|| panic!("profile: {field} must be a list"))
}

fn literal(value: &Value) -> String {
    match value.as_str() {
        Some(text) => format!("s({text:?})"),
        None => panic!("profile: {value} must be a string"),
    }
}

/// A string as a Rust `&str` literal.
fn quoted(value: &Value) -> String {
    match value.as_str() {
        Some(text) => format!("{text:?}"),
        None => panic!("profile: {value} must be a string"),
    }
}

fn string(value: &Value, field: &str) -> String {
    literal(&value[field])
}

fn number(value: &Value, field: &str) -> String {
    match &value[field] {
        Value::Number(number) if number.is_i64() || number.is_u64() => number.to_string(),
        other => panic!("profile: {field} must be a whole number, not {other}"),
    }
}

/// `YYYY-MM-DD` as `ymd(year, month, day)`.
fn date(value: &Value, field: &str) -> String {
    let text = value[field].as_str().unwrap_or_default();
    let parts: Vec<u32> = text.split('-').filter_map(|part| part.parse().ok()).collect();
    match parts.as_slice() {
        [year, month, day] if text.len() == 10 => format!("ymd({year}, {month}, {day})"),
        _ => panic!("profile: {field} must be a YYYY-MM-DD date, not {text:?}"),
    }
}

/// A text in every language: `{"en": "...", "fr": "..."}` as `t(&[("en", "..."), ...])`.
fn text(value: &Value) -> String {
    let Some(map): Option<&Map<String, Value>> = value.as_object() else { panic!("profile: {value} must be a text per language") };
    let pairs: Vec<String> = map
        .iter()
        .map(|(lang, text)| match text.as_str() {
            Some(text) => format!("({lang:?}, {text:?})"),
            None => panic!("profile: the {lang} text must be a string"),
        })
        .collect();
    format!("t(&[{}])", pairs.join(", "))
}
