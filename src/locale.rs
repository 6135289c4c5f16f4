//! What the partner's browser locale says about defaults: the currency a new claim starts
//! in. A region's currency counts only when the program profile has it; otherwise the
//! language decides (French: EUR), and last the profile's first currency.

use crate::profile::Profile;

/// ISO 3166 regions and their currencies, for the currencies Co-op claims are paid in
/// (the profile's list). Eurozone members share EUR (Bulgaria since 1 January 2026),
/// and so do the small states that use it by agreement (Andorra, Monaco, San Marino,
/// the Vatican). `scripts/prerender.mjs` reads this
/// table and `LANGUAGE_CURRENCIES` as written here (`("XX", "XXX")` pairs), so that the
/// first view's copy shows the currency the app will: keep their form.
const REGION_CURRENCIES: &[(&str, &str)] = &[
    ("US", "USD"), ("GB", "GBP"), ("CA", "CAD"), ("AU", "AUD"), ("NZ", "NZD"), ("JP", "JPY"), ("CH", "CHF"), ("LI", "CHF"),
    ("SE", "SEK"), ("NO", "NOK"), ("DK", "DKK"), ("PL", "PLN"), ("CZ", "CZK"), ("HU", "HUF"), ("IN", "INR"), ("CN", "CNY"),
    ("HK", "HKD"), ("SG", "SGD"), ("KR", "KRW"), ("TW", "TWD"), ("BR", "BRL"), ("MX", "MXN"), ("ZA", "ZAR"), ("AE", "AED"),
    ("SA", "SAR"), ("IL", "ILS"), ("TR", "TRY"),
    ("AD", "EUR"), ("AT", "EUR"), ("BE", "EUR"), ("BG", "EUR"), ("CY", "EUR"), ("DE", "EUR"), ("EE", "EUR"), ("ES", "EUR"), ("FI", "EUR"), ("FR", "EUR"),
    ("GR", "EUR"), ("HR", "EUR"), ("IE", "EUR"), ("IT", "EUR"), ("LT", "EUR"), ("LU", "EUR"), ("LV", "EUR"), ("MC", "EUR"),
    ("MT", "EUR"), ("NL", "EUR"), ("PT", "EUR"), ("SI", "EUR"), ("SK", "EUR"), ("SM", "EUR"), ("VA", "EUR"),
];

/// The currency of a language when no region says: French pages are mostly read in France.
const LANGUAGE_CURRENCIES: &[(&str, &str)] = &[("fr", "EUR"), ("de", "EUR"), ("it", "EUR"), ("es", "EUR"), ("nl", "EUR")];

/// The currency new claims start in, for the browser's language tags (most preferred
/// first, e.g. `fr-CA`, `fr`) and the page's language. The browser's first language
/// decides: the region of a tag of it, else the language's own currency when no tag of
/// it names a region (a German browser sends `de`, `en-US`, `en`: a German partner's, in
/// euros, not dollars); then any tag's region; then the page's language; last the
/// profile's first currency. `scripts/prerender.mjs` follows the same steps.
pub fn default_currency(tags: &[String], page_lang: &str, profile: &Profile) -> String {
    let of = |table: &[(&str, &str)], key: &str| table.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).and_then(|(_, code)| profile.currency(code)).map(|currency| currency.code.clone());
    // The language, and the region (`crate::i18n::region_of`: two letters, or three
    // digits, as `es-419`, Latin America: a region, of no one currency).
    let parts = |tag: &str| (tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase(), crate::i18n::region_of(tag).map(str::to_string));
    let first = tags.first().map(|tag| parts(tag).0).unwrap_or_default();
    let (mut mine, mut any, mut bare) = (None, None, true);
    for tag in tags {
        let (lang, region) = parts(tag);
        let currency = region.as_deref().and_then(|region| of(REGION_CURRENCIES, region));
        if lang == first {
            bare &= region.is_none();
            mine = mine.or_else(|| currency.clone());
        }
        any = any.or(currency);
    }
    mine.or_else(|| if bare { of(LANGUAGE_CURRENCIES, &first) } else { None })
        .or(any)
        .or_else(|| of(LANGUAGE_CURRENCIES, page_lang))
        .or_else(|| profile.currencies.first().map(|currency| currency.code.clone()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_then_the_language_then_the_profile_decides() {
        let profile = Profile::default_profile();
        let tags = |list: &[&str]| list.iter().map(|tag| tag.to_string()).collect::<Vec<_>>();
        assert_eq!(default_currency(&tags(&["fr-FR", "fr"]), "fr", &profile), "EUR");
        assert_eq!(default_currency(&tags(&["fr-CA"]), "fr", &profile), "CAD");
        assert_eq!(default_currency(&tags(&["fr-CH"]), "fr", &profile), "CHF");
        assert_eq!(default_currency(&tags(&["bg-BG"]), "en", &profile), "EUR", "the euro since 2026");
        assert_eq!(default_currency(&tags(&["en-GB"]), "en", &profile), "GBP");
        assert_eq!(default_currency(&tags(&["en-US"]), "en", &profile), "USD");
        assert_eq!(default_currency(&tags(&["fr"]), "fr", &profile), "EUR");
        assert_eq!(default_currency(&tags(&["en"]), "en", &profile), "USD");
        assert_eq!(default_currency(&tags(&["zh-Hant-TW"]), "en", &profile), "TWD");
        assert_eq!(default_currency(&tags(&["es-AR"]), "en", &profile), "USD", "a region without a profile currency");
        assert_eq!(default_currency(&[], "en", &profile), "USD");
        // The browser's first language decides, before the regions of the languages after it.
        assert_eq!(default_currency(&tags(&["de", "en-US", "en"]), "en", &profile), "EUR", "a German browser");
        assert_eq!(default_currency(&tags(&["nl"]), "en", &profile), "EUR");
        assert_eq!(default_currency(&tags(&["fr", "fr-CA", "en-US"]), "fr", &profile), "CAD", "its region, though after it");
        assert_eq!(default_currency(&tags(&["en", "en-GB"]), "en", &profile), "GBP");
        assert_eq!(default_currency(&tags(&["es-AR", "es"]), "en", &profile), "USD", "a region named, without a profile currency: not the language's guess");
        assert_eq!(default_currency(&tags(&["es-419", "es"]), "en", &profile), "USD", "Latin America, named by its number");
        assert_eq!(default_currency(&tags(&["ja", "en-US"]), "en", &profile), "USD", "no currency of the language: another tag's region");
        assert_eq!(default_currency(&tags(&["ja-JP", "en-US"]), "en", &profile), "JPY");
    }
}
