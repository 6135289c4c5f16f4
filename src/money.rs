//! Exact amounts of money: minor units of an ISO 4217 currency, never floating point.
//!
//! Partners type amounts the way their locale writes them (`1,234.50`, `1 234,50`,
//! `1'234.50`). [`parse_amount`] reads all of these and says precisely what is wrong with
//! anything else; the text they typed is kept by the claim, so a bad entry is reported and
//! never lost.

use serde::{Deserialize, Serialize};

/// An amount in the minor units (cents, pence, yen) of one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: String,
}

impl Money {
    pub fn new(minor: i64, currency: &str) -> Money {
        Money { minor, currency: currency.to_string() }
    }
}

/// Why a typed amount cannot be read. Each variant has a message in the catalogs
/// (`amount.error.<name>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AmountError {
    /// Letters or symbols other than digits and separators.
    NotANumber,
    /// A minus sign: claims and cost lines are never negative.
    Negative,
    /// More decimals than the currency has (2 for USD, 0 for JPY).
    TooManyDecimals,
    /// More than a trillion: surely a typing mistake, and beyond exact arithmetic here.
    TooLarge,
    /// A currency sign or code that is not the currency the amount is in (`€12` on a
    /// USD claim).
    OtherCurrency,
}

impl AmountError {
    pub fn key(self) -> &'static str {
        match self {
            AmountError::NotANumber => "amount.error.not-a-number",
            AmountError::Negative => "amount.error.negative",
            AmountError::TooManyDecimals => "amount.error.too-many-decimals",
            AmountError::TooLarge => "amount.error.too-large",
            AmountError::OtherCurrency => "amount.error.other-currency",
        }
    }
}

/// The forms a keyboard of another script types for digits, signs and separators, as
/// the page reads them: a Japanese or Chinese input method's full-width forms (`１，２３４`,
/// `￥`, `￦`, the ideographic space), Arabic-Indic and Devanagari digits with the Arabic
/// separators, the no-break and thin spaces French writing and typesetting put in a sign
/// or a number, and without the marks of writing direction and the zero-width spaces a
/// pasted amount brings along unseen (from a Hebrew or Arabic invoice, a web page).
/// `None` when there is none (the usual case, read as typed).
pub fn plain_forms(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let unseen = |c: char| matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}');
    let plain = |c: char| -> Option<char> {
        let digit = |zero: u32| char::from_digit(u32::from(c) - zero, 10);
        match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0),
            // The no-break spaces French writing puts in a sign (`$\u{a0}CA`) and a number,
            // and the thin and figure spaces of typeset figures.
            '\u{3000}' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => Some(' '),
            '\u{ffe0}' => Some('¢'),
            '\u{ffe1}' => Some('£'),
            '\u{ffe5}' => Some('¥'),
            '\u{ffe6}' => Some('₩'),
            '\u{0660}'..='\u{0669}' => digit(0x0660),
            '\u{06f0}'..='\u{06f9}' => digit(0x06f0),
            '\u{0966}'..='\u{096f}' => digit(0x0966),
            '\u{066b}' => Some('.'),
            '\u{066c}' => Some(','),
            _ => None,
        }
    };
    text.chars().any(|c| unseen(c) || plain(c).is_some()).then(|| text.chars().filter(|c| !unseen(*c)).map(|c| plain(c).unwrap_or(c)).collect())
}

/// Whether a currency's sign, as typed and made plain ([`plain_forms`]: `ZŁOTY`, `$ CA`),
/// is `sign`: capitals aside, Latin, Greek and Cyrillic ones too (not ASCII's alone).
pub fn same_sign(typed: &str, sign: &str) -> bool {
    use crate::package::names::lower_latin;
    typed.chars().map(lower_latin).eq(sign.chars().map(lower_latin))
}

/// Whether `typed`, a currency typed alone and made plain ([`typed_currency`]), names
/// `currency`: its code in any case, or one of its signs.
pub fn names_currency(currency: &crate::profile::Currency, typed: &str) -> bool {
    currency.code.eq_ignore_ascii_case(typed) || currency.symbols.iter().any(|sign| same_sign(typed, sign))
}

/// A currency typed alone (an invoice's Currency field) as the page reads it: the forms
/// of other keyboards plain ([`plain_forms`]: `￥`, `ＵＳＤ`), spaces around it aside.
pub fn typed_currency(typed: &str) -> std::borrow::Cow<'_, str> {
    match plain_forms(typed) {
        Some(plain) => std::borrow::Cow::Owned(plain.trim().to_string()),
        None => std::borrow::Cow::Borrowed(typed.trim()),
    }
}

/// What in a typed amount is not part of one (`won` of `5,000 won`, `O` of `1O0`): the
/// first run of characters other than digits, separators, spaces and a sign, cut at 20
/// characters; `None` when each character could be an amount's (`12 34` is refused for
/// its grouping, not for a character).
pub fn stray_characters(text: &str) -> Option<String> {
    let part = |c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}' | '-' | '\u{2212}' | '+');
    let start = text.find(|c| !part(c))?;
    Some(text[start..].chars().take_while(|c| !part(*c)).take(20).collect())
}

/// The largest amount accepted, in whole units.
const MAX_WHOLE_UNITS: i64 = 1_000_000_000_000;

/// Reads a typed amount as minor units of a currency with `minor_digits` decimals.
///
/// Spaces, no-break spaces and apostrophes group digits. Where both `.` and `,` appear,
/// the later one is the decimal separator. A lone `.` or `,` followed by exactly three
/// digits groups thousands (`1,234`, `1.234`) unless the currency has three decimals; any
/// other lone `.` or `,` is the decimal separator, so `12,5` and `12.5` both mean twelve
/// and a half. The lone case is ambiguous, and [`ambiguous_group`] says so. The caller
/// handles empty text and currency signs.
pub fn parse_amount(text: &str, minor_digits: u8) -> Result<i64, AmountError> {
    let trimmed = text.trim();
    let (negative, unsigned) = match trimmed.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed.strip_prefix('+').map_or(trimmed, str::trim_start)),
    };
    let spacer = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}');
    // A space (or an apostrophe) groups thousands: three digits follow it, never two or
    // one (`12 34` is a slip, not 1,234).
    let mut rest = unsigned;
    while let Some(at) = rest.find(spacer) {
        let after = rest[at..].trim_start_matches(spacer);
        if after.chars().take_while(char::is_ascii_digit).count() != 3 {
            return Err(AmountError::NotANumber);
        }
        rest = after;
    }
    let compact: String = unsigned.chars().filter(|c| !spacer(*c)).collect();
    if compact.is_empty() || !compact.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(AmountError::NotANumber);
    }
    let decimal_at = decimal_separator_position(&compact, minor_digits);
    let (whole_text, fraction_text) = match decimal_at {
        Some(at) => (&compact[..at], &compact[at + 1..]),
        None => (compact.as_str(), ""),
    };
    if fraction_text.contains(['.', ',']) {
        return Err(AmountError::NotANumber);
    }
    if !well_grouped(whole_text) {
        return Err(AmountError::NotANumber);
    }
    let whole_digits: String = whole_text.chars().filter(char::is_ascii_digit).collect();
    if whole_digits.is_empty() && fraction_text.is_empty() {
        return Err(AmountError::NotANumber);
    }
    if negative {
        return Err(AmountError::Negative);
    }
    // Yen and won have no minor unit, and a bank's export or an accounting tool still
    // writes `1234.00`: zeros that say nothing. Any other decimal is one too many.
    let fraction_text = if minor_digits == 0 && fraction_text.len() <= 2 && fraction_text.bytes().all(|digit| digit == b'0') { "" } else { fraction_text };
    if fraction_text.len() > usize::from(minor_digits) {
        return Err(AmountError::TooManyDecimals);
    }
    let whole: i64 = if whole_digits.is_empty() {
        0
    } else if whole_digits.trim_start_matches('0').len() > 13 {
        return Err(AmountError::TooLarge);
    } else {
        whole_digits.parse().map_err(|_| AmountError::TooLarge)?
    };
    if whole > MAX_WHOLE_UNITS {
        return Err(AmountError::TooLarge);
    }
    let scale = 10_i64.pow(u32::from(minor_digits));
    let mut fraction: i64 = 0;
    for (i, digit) in fraction_text.bytes().enumerate() {
        fraction += i64::from(digit - b'0') * 10_i64.pow(u32::from(minor_digits) - 1 - i as u32);
    }
    Ok(whole * scale + fraction)
}

/// Where the decimal separator stands in text made only of digits, `.` and `,`.
fn decimal_separator_position(compact: &str, minor_digits: u8) -> Option<usize> {
    let last_dot = compact.rfind('.');
    let last_comma = compact.rfind(',');
    match (last_dot, last_comma) {
        (Some(dot), Some(comma)) => Some(dot.max(comma)),
        (Some(at), None) | (None, Some(at)) => {
            let separator = &compact[at..=at];
            let lone = compact.matches(separator).count() == 1;
            let groups = lone_group(compact).is_some() && minor_digits < 3;
            (lone && !groups).then_some(at)
        }
        (None, None) => None,
    }
}

/// `1,234` or `12.345`: one separator, one to three digits before it (not all zeros) and
/// exactly three after. Returns the parts before and after the separator.
fn lone_group(compact: &str) -> Option<(&str, &str)> {
    let at = compact.find(['.', ','])?;
    let (whole, fraction) = (&compact[..at], &compact[at + 1..]);
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let plausible_group = (1..=3).contains(&whole.len()) && whole.bytes().any(|b| b != b'0') && fraction.len() == 3;
    (plausible_group && digits(whole) && digits(fraction)).then_some((whole, fraction))
}

/// An amount that reads two ways, `1,234` or `1.234`: thousands grouped (how it is read,
/// one thousand two hundred and thirty-four) or a decimal separator (one point two three
/// four). Returns the digits before and after the separator, for a message that says both
/// readings. Spaces and a sign around the amount do not matter; currency signs must
/// already be removed.
pub fn ambiguous_group(text: &str) -> Option<(String, String)> {
    let compact: String = text.trim().trim_start_matches('+').chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    lone_group(&compact).map(|(whole, fraction)| (whole.to_string(), fraction.to_string()))
}

/// Whether the thousands separators in the whole part stand where they can, one way or
/// the other: by threes (`1,234,567`), or as Indian lakh grouping, by twos before the
/// last three (`12,34,567`); never both in one amount (`1,234,56,789` is a slip).
fn well_grouped(whole: &str) -> bool {
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let Some((last, rest)) = groups.split_last() else { return true };
    if rest.is_empty() {
        return true;
    }
    let (first, middle) = rest.split_first().unwrap_or((&"", &[]));
    let by = |size: usize| (1..=size).contains(&first.len()) && middle.iter().all(|group| group.len() == size);
    (by(3) || by(2)) && last.len() == 3
}

/// Writes minor units with a decimal separator and digit grouping, e.g. `1,234.50`.
pub fn format_minor(minor: i64, minor_digits: u8, group: &str, decimal: &str) -> String {
    format_minor_grouped(minor, minor_digits, group, decimal, false)
}

/// [`format_minor`], with Indian lakh grouping when `lakh` (`12,34,567.50`: the last three
/// digits, then groups of two), as India's English writes amounts.
pub fn format_minor_grouped(minor: i64, minor_digits: u8, group: &str, decimal: &str, lakh: bool) -> String {
    let scale = 10_i64.pow(u32::from(minor_digits));
    let sign = if minor < 0 { "-" } else { "" };
    let magnitude = minor.unsigned_abs();
    let whole = (magnitude / scale as u64).to_string();
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        let left = whole.len() - i;
        let boundary = if lakh && left > 3 { (left - 3).is_multiple_of(2) } else { left.is_multiple_of(3) };
        if i > 0 && boundary {
            grouped.push_str(group);
        }
        grouped.push(digit);
    }
    if minor_digits == 0 {
        return format!("{sign}{grouped}");
    }
    let fraction = magnitude % scale as u64;
    format!("{sign}{grouped}{decimal}{fraction:0width$}", width = usize::from(minor_digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_amounts_as_partners_type_them() {
        let cases = [
            ("1234.50", 2, 123_450),
            ("1,234.50", 2, 123_450),
            ("1 234,50", 2, 123_450),
            ("1\u{202f}234,5", 2, 123_450),
            ("1.234,50", 2, 123_450),
            ("1'234.50", 2, 123_450),
            ("1,234", 2, 123_400),
            ("12,5", 2, 1_250),
            ("12.5", 2, 1_250),
            ("0.07", 2, 7),
            (".5", 2, 50),
            ("  18750 ", 2, 1_875_000),
            ("+3", 2, 300),
            ("1,000,000", 2, 100_000_000),
            ("12,34,567.00", 2, 123_456_700),
            ("5000", 0, 5_000),
            ("1,234.00", 0, 1_234),
            ("1234.0", 0, 1_234),
            ("1.234,00", 0, 1_234),
            ("1.234", 3, 1_234),
            ("1.234", 2, 123_400),
            ("12.345", 0, 12_345),
            ("0,500", 3, 500),
            ("1 000 000", 2, 100_000_000),
            ("1  234,50", 2, 123_450),
            ("12 345 678,90", 2, 1_234_567_890),
        ];
        for (text, digits, expected) in cases {
            assert_eq!(parse_amount(text, digits), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn says_what_is_wrong_with_a_bad_amount() {
        let cases = [
            ("12abc", 2, AmountError::NotANumber),
            ("USD 12", 2, AmountError::NotANumber),
            ("1.2.3,4", 2, AmountError::NotANumber),
            ("1,2.3.4", 2, AmountError::NotANumber),
            (",", 2, AmountError::NotANumber),
            ("1,23,4.5", 2, AmountError::NotANumber),
            // Threes and lakh's twos in one amount.
            ("1,234,56,789", 2, AmountError::NotANumber),
            ("123,45,678", 2, AmountError::NotANumber),
            ("1,23,456,789.00", 2, AmountError::NotANumber),
            ("-5", 2, AmountError::Negative),
            ("\u{2212}5", 2, AmountError::Negative),
            ("12.3456", 2, AmountError::TooManyDecimals),
            ("0.500", 2, AmountError::TooManyDecimals),
            ("12.5", 0, AmountError::TooManyDecimals),
            ("12.50", 0, AmountError::TooManyDecimals),
            ("99999999999999999999999", 2, AmountError::TooLarge),
            ("1000000000001", 2, AmountError::TooLarge),
            // A space groups thousands: three digits after it, or it is a slip.
            ("12 34", 2, AmountError::NotANumber),
            ("1 23", 2, AmountError::NotANumber),
            ("123 4", 2, AmountError::NotANumber),
            ("1 2 3", 2, AmountError::NotANumber),
            ("1'23.50", 2, AmountError::NotANumber),
        ];
        for (text, digits, expected) in cases {
            assert_eq!(parse_amount(text, digits), Err(expected), "{text:?}");
        }
    }

    #[test]
    fn a_lone_separator_before_three_digits_reads_two_ways() {
        for (text, expected) in [("1,234", Some(("1", "234"))), ("  12.345 ", Some(("12", "345"))), ("999,999", Some(("999", "999")))] {
            assert_eq!(ambiguous_group(text), expected.map(|(w, f)| (w.to_string(), f.to_string())), "{text:?}");
        }
        for text in ["1234", "1,234.50", "1 234", "1,234,567", "1,23", "0,123", "1234,567", "12,3456", "1.234,5"] {
            assert_eq!(ambiguous_group(text), None, "{text:?}");
        }
    }

    #[test]
    fn formats_minor_units_with_grouping() {
        assert_eq!(format_minor(123_450, 2, ",", "."), "1,234.50");
        assert_eq!(format_minor(123_450, 2, "\u{202f}", ","), "1\u{202f}234,50");
        assert_eq!(format_minor(5, 2, ",", "."), "0.05");
        assert_eq!(format_minor(1_000_000, 0, ",", "."), "1,000,000");
        assert_eq!(format_minor(-2_500, 2, ",", "."), "-25.00");
    }

    #[test]
    fn names_what_in_an_amount_is_not_part_of_one() {
        for (text, stray) in [("5,000 won", Some("won")), ("1O0", Some("O")), ("12abc34", Some("abc")), ("1,234.50", None), ("12 34", None), ("-5", None), ("€", Some("€"))] {
            assert_eq!(stray_characters(text).as_deref(), stray, "{text:?}");
        }
        assert_eq!(stray_characters(&"x".repeat(100)).map(|stray| stray.chars().count()), Some(20));
    }

    #[test]
    fn indian_grouping_is_by_lakh_and_crore() {
        let lakh = |minor, digits| format_minor_grouped(minor, digits, ",", ".", true);
        assert_eq!(lakh(123_456_750, 2), "12,34,567.50");
        assert_eq!(lakh(123_456_789_000, 2), "1,23,45,67,890.00");
        assert_eq!(lakh(99_900, 2), "999.00");
        assert_eq!(lakh(100_000, 2), "1,000.00");
        assert_eq!(lakh(-10_000_000, 0), "-1,00,00,000");
        assert_eq!(lakh(0, 2), "0.00");
    }

    proptest::proptest! {
        #[test]
        fn formatting_then_reading_gives_the_same_amount(minor in 0_i64..1_000_000_000_000, digits in 0_u8..=2) {
            let text = format_minor(minor, digits, ",", ".");
            proptest::prop_assert_eq!(parse_amount(&text, digits), Ok(minor));
            let french = format_minor(minor, digits, "\u{202f}", ",");
            proptest::prop_assert_eq!(parse_amount(&french, digits), Ok(minor));
            let indian = format_minor_grouped(minor, digits, ",", ".", true);
            proptest::prop_assert_eq!(parse_amount(&indian, digits), Ok(minor));
        }
    }
}
