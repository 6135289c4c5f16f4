//! Safe names inside the package: PRODUCT.md §3 "File names are made safe".
//!
//! A partner's file names come from any system (`../../etc/passwd`, `CON.pdf`,
//! `résumé 2018 (final).pdf`, names with control characters or 300 characters). Each is
//! reduced to its last path component, cleaned of what Windows, macOS or Linux refuse,
//! kept in Unicode, capped in length and made unique within its folder.

use std::collections::HashSet;

/// Longest name kept, in bytes of UTF-8 (well under every file system's 255).
pub const MAX_NAME_BYTES: usize = 120;

const WINDOWS_FORBIDDEN: [char; 9] = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Names Windows reserves for devices, with or without an extension.
fn is_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem[3..].chars().all(|c| c.is_ascii_digit() || "¹²³".contains(c)))
}

/// Cuts `text` to at most `max` bytes without splitting a character.
fn truncate_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Splits `name.ext` into (`name`, `.ext`); a leading dot is part of the stem.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 && name.len() - dot <= 16 => (&name[..dot], &name[dot..]),
        _ => (name, ""),
    }
}

/// One file name made safe on every common system; never empty, never reserved.
pub fn safe_file_name(original: &str) -> String {
    let last = original.rsplit(['/', '\\']).next().unwrap_or("");
    let mut cleaned: String = last
        .chars()
        .map(|c| if c.is_control() || WINDOWS_FORBIDDEN.contains(&c) { '_' } else { c })
        .collect();
    // Windows drops trailing dots and spaces; leading ones hide files or confuse shells.
    cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string();
    if cleaned.is_empty() {
        cleaned = "document".to_string();
    }
    if is_reserved(&cleaned) {
        cleaned = format!("_{cleaned}");
    }
    let (stem, extension) = split_extension(&cleaned);
    let stem = truncate_bytes(stem, MAX_NAME_BYTES.saturating_sub(extension.len()));
    let stem = stem.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{}{extension}", if stem.is_empty() { "document" } else { stem })
}

/// Hands out names unique within one folder, compared without case (as Windows and
/// macOS do): the second `Invoice.pdf` becomes `Invoice (2).pdf`.
#[derive(Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    pub fn claim(&mut self, safe: &str) -> String {
        let (stem, extension) = split_extension(safe);
        let mut candidate = safe.to_string();
        let mut n = 2;
        while !self.taken.insert(fold_case(&candidate)) {
            let suffix = format!(" ({n})");
            let room = MAX_NAME_BYTES.saturating_sub(extension.len() + suffix.len());
            candidate = format!("{}{suffix}{extension}", truncate_bytes(stem, room));
            n += 1;
        }
        candidate
    }
}

/// Lower case for ASCII, Latin-1 and Latin Extended-A, the letters of the languages the
/// page serves. (`char::to_lowercase` would bring Unicode's full case tables, about 11 KB
/// of the page's budget, for names that are only compared.)
fn lower_latin(c: char) -> char {
    match c {
        'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from_u32(c as u32 + 32).unwrap_or(c),
        'Ā'..='ķ' | 'Ŋ'..='ŷ' if (c as u32).is_multiple_of(2) => char::from_u32(c as u32 + 1).unwrap_or(c),
        'Ĺ'..='ň' | 'Ź'..='ž' if !(c as u32).is_multiple_of(2) => char::from_u32(c as u32 + 1).unwrap_or(c),
        'Ÿ' => 'ÿ',
        _ => c,
    }
}

/// How two names compare on a case-insensitive file system.
fn fold_case(name: &str) -> String {
    name.chars().map(lower_latin).collect()
}

/// The claim's title as a file-name slug: lower-case ASCII letters, digits and hyphens.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = truncate_bytes(slug.trim_end_matches('-'), 60).trim_end_matches('-').to_string();
    if slug.is_empty() {
        "claim".to_string()
    } else {
        slug
    }
}

/// Latin letters with accents to their base letters (`é` → `e`, `ß` → `ss`, `æ` → `ae`).
fn fold_accent(c: char) -> Vec<char> {
    const TABLE: [(&str, &str); 14] = [
        ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ìíîïĩīĭįı", "i"),
        ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"), ("ùúûüũūŭůűų", "u"), ("ýÿŷ", "y"), ("śŝşš", "s"),
        ("źżž", "z"), ("ĝğġģ", "g"), ("ł", "l"), ("ŕřŗ", "r"),
    ];
    let lower = lower_latin(c);
    match lower {
        'ß' => vec!['s', 's'],
        'æ' => vec!['a', 'e'],
        'œ' => vec!['o', 'e'],
        _ => TABLE
            .iter()
            .find(|(from, _)| from.contains(lower))
            .map_or(vec![c], |(_, to)| to.chars().collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hostile_and_odd_names_become_safe() {
        let cases = [
            ("../../etc/passwd", "passwd"),
            ("..\\..\\Windows\\system.ini", "system.ini"),
            ("CON.pdf", "_CON.pdf"),
            ("nul", "_nul"),
            ("com1.txt", "_com1.txt"),
            ("LPT9", "_LPT9"),
            ("console.pdf", "console.pdf"),
            ("résumé 2018 (final).pdf", "résumé 2018 (final).pdf"),
            ("請求書.pdf", "請求書.pdf"),
            ("a:b*c?.pdf", "a_b_c_.pdf"),
            ("tab\there\n.pdf", "tab_here_.pdf"),
            ("  .hidden  ", "hidden"),
            ("report. ", "report"),
            ("...", "document"),
            ("", "document"),
            ("/", "document"),
        ];
        for (original, expected) in cases {
            assert_eq!(safe_file_name(original), expected, "{original:?}");
        }
    }

    #[test]
    fn long_names_keep_their_extension_and_whole_characters() {
        let long = format!("{}.pdf", "é".repeat(200));
        let safe = safe_file_name(&long);
        assert!(safe.len() <= MAX_NAME_BYTES, "{}", safe.len());
        assert!(safe.ends_with("é.pdf"));
    }

    #[test]
    fn names_are_unique_within_a_folder_ignoring_case() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("Invoice.pdf"), "Invoice.pdf");
        assert_eq!(names.claim("invoice.PDF"), "invoice (2).PDF");
        assert_eq!(names.claim("Invoice.pdf"), "Invoice (3).pdf");
        assert_eq!(names.claim("Invoice (2).pdf"), "Invoice (2) (2).pdf");
        assert_eq!(names.claim("ÉTÉ.pdf"), "ÉTÉ.pdf");
        assert_eq!(names.claim("été.pdf"), "été (2).pdf");
    }

    #[test]
    fn latin_letters_fold_like_unicode_lower_case() {
        for c in ('\u{0}'..='\u{17f}').filter(|c| *c != 'İ' && *c != 'ı') {
            let expected = c.to_lowercase().next().unwrap_or(c);
            assert_eq!(lower_latin(c), expected, "{c:?}");
        }
    }

    #[test]
    fn slugs_are_plain_ascii() {
        assert_eq!(slug("Contoso cloud security webinar"), "contoso-cloud-security-webinar");
        assert_eq!(slug("Séminaire client — Q3 (Lyon)"), "seminaire-client-q3-lyon");
        assert_eq!(slug("Straße & Œuvre"), "strasse-oeuvre");
        assert_eq!(slug("!!!"), "claim");
        assert_eq!(slug("請求"), "claim");
        assert!(slug(&"a ".repeat(100)).len() <= 60);
    }

    fn is_safe(name: &str) -> bool {
        !name.is_empty()
            && name.len() <= MAX_NAME_BYTES
            && !name.chars().any(|c| c.is_control() || WINDOWS_FORBIDDEN.contains(&c))
            && name != "."
            && name != ".."
            && !name.ends_with('.')
            && !name.ends_with(' ')
            && !is_reserved(name)
    }

    proptest! {
        #[test]
        fn any_name_becomes_safe(original in "\\PC{0,300}|[./\\\\ :*?\"<>|a-zA-Z0-9\u{0}-\u{1f}]{0,40}") {
            let safe = safe_file_name(&original);
            prop_assert!(is_safe(&safe), "{:?} -> {:?}", original, safe);
        }

        #[test]
        fn any_set_of_names_stays_safe_and_unique(originals in proptest::collection::vec("(?i)(con|nul|a|invoice)(\\.pdf)?|\\PC{0,150}", 1..40)) {
            let mut names = UniqueNames::default();
            let mut seen = std::collections::HashSet::new();
            for original in &originals {
                let name = names.claim(&safe_file_name(original));
                prop_assert!(is_safe(&name), "{:?} -> {:?}", original, name);
                prop_assert!(seen.insert(fold_case(&name)), "duplicate {:?}", name);
            }
        }
    }
}
