//! The claims register (one row per claim, as CSV for Excel and LibreOffice) and one
//! calendar of every active claim's deadline and every claim's retention end (PRODUCT.md
//! §2.5).
//!
//! The CSV is UTF-8 with a byte order mark (so Excel reads accents), separated as the
//! partner's spreadsheet expects it (`;` where the decimal separator is a comma, as in
//! French, `,` otherwise), every field that needs it quoted, and a field that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) written with a leading `'`, which spreadsheets show as text. A
//! Partner Center claim ID a spreadsheet would misread is written `="0012345"`: Excel and
//! LibreOffice read a field of digits as a number (its leading zeros gone, and past 15
//! digits the last ones lost, shown as `1.23457E+17`), and `2026-03` as a date; that
//! formula gives the text itself, and it runs nothing but the text it quotes ([`id_field`]).

use chrono::NaiveDateTime;

use crate::claim::Claim;
use crate::i18n::Catalog;
use crate::package::calendar::calendar as ics;
use crate::profile::Profile;
use crate::rules::review;

/// A field as the CSV writes it.
fn field(text: &str, separator: char) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() };
    if text.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A claim ID as the CSV writes it: one a spreadsheet would read as something else (of
/// digits with marks of numbers and dates only: `0012345` a number without its zeros,
/// `2026-03` March 2026, `1E5` 100000; or starting like a formula, shown after a `'`
/// otherwise) is kept text by a formula that gives the text itself and runs nothing but
/// the text it quotes. Any other (with letters: `PC-2026-77881`) is a field as any other,
/// plain text wherever the spreadsheet evaluates formulas or not; so is one too long for
/// a formula's text (255 characters).
fn id_field(id: &str, separator: char) -> String {
    let misread = id.chars().all(|c| c.is_ascii_digit() || "-/.:,+ eE".contains(c)) || id.starts_with(['=', '+', '-', '@']);
    if id.is_empty() || !misread || id.chars().count() > 255 || id.chars().any(char::is_control) {
        return field(id, separator);
    }
    format!("\"=\"\"{}\"\"\"", id.replace('"', "\"\"\"\""))
}

/// Whether a number written by the browser's locale (`formatted`, 1.5 as its
/// `Intl.NumberFormat` writes it) has a decimal comma; without it (`None`), the page's
/// language decides.
pub fn decimal_comma_of(formatted: Option<&str>, catalog: &Catalog) -> bool {
    match formatted {
        Some(text) if text.contains(',') => true,
        Some(text) if text.contains('.') => false,
        _ => catalog.text("format.decimal") == ",",
    }
}

/// Regions whose spreadsheets separate a list's fields with `;` though they write a
/// decimal point (Switzerland, Liechtenstein: Windows' list separator there).
const SEMICOLON_REGIONS: [&str; 2] = ["CH", "LI"];

/// Whether a spreadsheet of the browser's habit separates fields with `;`: where it
/// writes a decimal comma, and in the regions of [`SEMICOLON_REGIONS`] (`locale`, the
/// browser's number locale, `de-CH`: a Swiss partner's Excel put each row in one column).
pub fn semicolons_of(decimal_comma: bool, locale: Option<&str>) -> bool {
    let region = locale.and_then(crate::i18n::region_of);
    decimal_comma || region.is_some_and(|region| SEMICOLON_REGIONS.iter().any(|semicolon| semicolon.eq_ignore_ascii_case(region)))
}

/// The register of `claims` as of `today`, in the catalog's language, its amounts and
/// fields written for a spreadsheet that writes a decimal comma (`6850,00`, fields
/// separated by `;`, as Excel reads a CSV in most of Europe) or a decimal point
/// (`6850.00`, `,`). That is the habit of the partner's browser (the nearest the page can
/// know of their spreadsheet's), not the page's language: a German partner reads the page
/// in English ([`decimal_comma_of`]). `semicolons`: fields separated by `;` whatever the
/// decimal mark ([`semicolons_of`]).
pub fn csv(claims: &[&Claim], profile: &Profile, catalog: &Catalog, today: chrono::NaiveDate, decimal_comma: bool, semicolons: bool) -> String {
    let separator = if decimal_comma || semicolons { ';' } else { ',' };
    let mut out = String::from("\u{feff}");
    let header = [
        "field.title", "field.usage-start", "field.usage-end", "ui.submission.claim-id", "ui.submission.status", "field.claimed-amount", "field.currency",
        "register.deadline", "ui.submission.submitted-on", "register.retention-end", "register.archived",
    ];
    // Each field written as the CSV writes it; the claim ID's, as [`id_field`] does.
    let line = |fields: Vec<String>| fields.join(&separator.to_string()) + "\r\n";
    out.push_str(&line(header.iter().map(|key| field(catalog.text(key), separator)).collect()));
    for claim in claims {
        let review = review(claim, profile, today);
        let claimed = crate::rules::read_money(&claim.claimed_amount, &claim.currency, profile).valid();
        let digits = profile.currency(&claim.currency).map_or(2, |currency| currency.minor_digits);
        // A plain number the spreadsheet reads: no grouping, its decimal mark.
        let amount = claimed.map(|minor| crate::money::format_minor(minor, digits, "", if decimal_comma { "," } else { "." }));
        let date = |date: Option<chrono::NaiveDate>| date.map(crate::dates::iso).unwrap_or_default();
        let text = |text: &str| field(text, separator);
        out.push_str(&line(vec![
            // Named as the list and the calendar name it.
            text(if claim.title.trim().is_empty() { catalog.text("claims.untitled") } else { &claim.title }),
            text(&claim.usage_start),
            text(&claim.usage_end),
            id_field(claim.lifecycle.partner_center_id.trim(), separator),
            // A claim in preparation whose deadline passed is said to be, as the list
            // groups it: "Preparing" would list funds already lost as work still to do.
            // A claim whose deadline passed unsubmitted (archived or not) is said to be, as
            // the list groups it: "Preparing" would list funds already lost as work to do.
            text(catalog.text(&if crate::claims::ClaimRow::from_review("", claim, &review).deadline_missed() { "register.forfeited".to_string() } else { format!("status.{}", claim.lifecycle.status.name()) })),
            text(&amount.unwrap_or_else(|| claim.claimed_amount.clone())),
            text(&claim.currency),
            text(&date(review.dates.claim_deadline.as_ref().map(|deadline| deadline.effective()))),
            // The day the page counts as the submission's, as the list and the Dates card:
            // none while a slip (a day to come, or after Partner Center answered) is typed.
            text(&date(claim.lifecycle.submission(today).flatten())),
            text(&date(review.dates.retention_end)),
            // Put away (paid, forfeited, abandoned): a spreadsheet filters the active ones.
            text(catalog.text(if claim.lifecycle.archived { "register.yes" } else { "register.no" })),
        ]));
    }
    out
}

/// One calendar of the claims: each claim deadline not yet met (an active claim still in
/// preparation), with an alarm as many days before as the profile's warning
/// (`deadline_warning_days`), and each retention end, an archived claim's too (PRODUCT.md
/// §2.5: an archived claim still shows its retention end; its originals are still kept).
/// Each claim comes with its key on this device, which names its events unless the claim
/// came from another device with its own ([`Claim::calendar_key`]): the same as its
/// package's calendar names them, so that importing either moves the events of the other
/// (a title corrected, a date changed) rather than adding others. With the file, how many
/// of its dates are not withdrawn: what the page says it holds.
pub fn calendar(claims: &[(&str, &Claim)], profile: &Profile, catalog: &Catalog, today: chrono::NaiveDate, stamp_utc: NaiveDateTime) -> (String, usize) {
    // Two claims of one calendar name (a claim brought back by Undo beside a copy of it
    // opened from its package): each keeps events of its own, or a calendar would keep
    // one of the two and drop the other's deadline unsaid. The name stays the claim's
    // whose key it is, never the first of the list's order, which changes (a reload lists
    // claims by key): a second export would move one claim's events onto the other.
    let wanted: Vec<String> = claims.iter().map(|(key, claim)| claim.calendar_key(Some(key))).collect();
    let mut named: std::collections::HashSet<String> = claims.iter().zip(&wanted).filter(|((key, _), wanted)| key == wanted).map(|(_, wanted)| wanted.clone()).collect();
    let mut events = Vec::new();
    for ((key, claim), wanted) in claims.iter().zip(wanted) {
        let name = if *key == wanted || named.insert(wanted.clone()) {
            wanted
        } else {
            let own = (2..).map(|n| format!("{wanted}-{n}")).find(|other| !named.contains(other)).unwrap_or_default();
            named.insert(own.clone());
            own
        };
        let review = review(claim, profile, today);
        events.extend(crate::package::calendar::claim_events(&name, claim, &review, catalog, profile));
    }
    (ics(&events, stamp_utc), events.iter().filter(|event| !event.cancelled).count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::{ClaimField, Edit};
    use crate::lifecycle::Status;

    fn today() -> chrono::NaiveDate {
        crate::dates::parse_iso("2026-11-25").unwrap_or_default()
    }

    fn claims(profile: &Profile) -> Vec<Claim> {
        let example = crate::example::example_claim(today(), profile, "en", "USD");
        let mut hostile = example.clone();
        hostile.apply(Edit::Set(ClaimField::Title, "=HYPERLINK(\"http://x\";\"click\"), \"quoted\"\nand a new line".into()), profile);
        hostile.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-11-20".into(), note: String::new() }, profile);
        hostile.apply(Edit::SetPartnerCenterId("+PC-1".into()), profile);
        let mut archived = example.clone();
        archived.apply(Edit::Set(ClaimField::Title, "Put away".into()), profile);
        archived.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-11-20".into(), note: String::new() }, profile);
        archived.apply(Edit::SetPartnerCenterId(" 000123456789012345678 ".into()), profile);
        archived.apply(Edit::SetArchived(true), profile);
        vec![example, hostile, archived]
    }

    #[test]
    fn the_register_reads_back_as_the_claims_with_no_formula_in_it() {
        let profile = Profile::default_profile();
        let claims = claims(&profile);
        let refs: Vec<&Claim> = claims.iter().collect();
        let text = csv(&refs, &profile, &Catalog::for_tag("en"), today(), false, false);
        assert!(text.starts_with('\u{feff}'));
        let dir = std::env::temp_dir().join(format!("preflight-register-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("register.csv");
        std::fs::write(&path, &text).expect("write");
        let script = "import csv, sys, json; rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=sys.argv[2])); print(json.dumps(rows))";
        let read = |path: &std::path::Path, separator: &str| -> Vec<Vec<String>> {
            let output = std::process::Command::new("python3").args(["-c", script]).arg(path).arg(separator).output().expect("python3");
            serde_json::from_slice(&output.stdout).expect("rows")
        };
        let rows = read(&path, ",");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0][0], "Claim title");
        assert_eq!(rows[1][0], "Contoso cloud security webinar");
        assert_eq!(rows[1][5], "6850.00");
        assert_eq!(rows[2][0], "'=HYPERLINK(\"http://x\";\"click\"), \"quoted\"\nand a new line", "a formula is text");
        assert_eq!((rows[2][3].as_str(), rows[2][4].as_str(), rows[2][8].as_str()), ("=\"+PC-1\"", "Submitted", "2026-11-20"));
        assert!(rows.iter().skip(1).all(|row| row.len() == 11 && !row[9].is_empty()), "each row whole, its retention end given");
        // Archived or not, for a spreadsheet's filter: only the one put away is.
        assert_eq!(rows[0][10], "Archived");
        assert_eq!(rows.iter().skip(1).map(|row| row[10].as_str()).collect::<Vec<_>>(), ["No", "No", "Yes"]);
        // A Submitted on the page takes for a slip (a day still to come) is no day here either.
        let mut slip = claims[1].clone();
        slip.apply(Edit::SetSubmittedOn("2099-01-01".into(), "2026-11-25".into()), &Profile::default_profile());
        let slipped = csv(&[&slip], &Profile::default_profile(), &Catalog::for_tag("en"), today(), false, false);
        std::fs::write(&path, &slipped).expect("write");
        assert_eq!(read(&path, ",")[1][8], "");
        std::fs::write(&path, &text).expect("write");
        // A claim ID stays its text in a spreadsheet (its zeros, all its digits, not a
        // date nor a formula): a formula giving that text, and nothing else.
        assert_eq!(rows[3][3], "=\"000123456789012345678\"");
        assert!(text.contains(",\"=\"\"000123456789012345678\"\"\","), "{text}");
        // A claim in preparation whose deadline passed: said so, not "Preparing".
        let mut forfeited = claims[0].clone();
        forfeited.apply(Edit::Set(ClaimField::UsageStart, "2025-07-01".into()), &profile);
        forfeited.apply(Edit::Set(ClaimField::UsageEnd, "2025-12-31".into()), &profile);
        let mut put_away = forfeited.clone();
        put_away.apply(Edit::SetArchived(true), &profile);
        std::fs::write(&path, csv(&[&forfeited, &claims[0], &put_away], &profile, &Catalog::for_tag("en"), today(), false, false)).expect("write");
        let statuses: Vec<String> = read(&path, ",").into_iter().skip(1).map(|row| row[4].clone()).collect();
        assert_eq!(statuses, ["Deadline passed, not submitted", "Preparing", "Deadline passed, not submitted"]);
        std::fs::write(&path, csv(&[&forfeited], &profile, &Catalog::for_tag("fr"), today(), true, true)).expect("write");
        assert_eq!(read(&path, ";")[1][4], "Date limite passée, non soumise");
        let mut odd = claims[0].clone();
        odd.title = " ".into();
        for (id, written) in [("2026-03", "=\"2026-03\""), ("1E5", "=\"1E5\""), ("+1 \"7\"", "=\"+1 \"\"7\"\"\""), ("PC-2026-77881", "PC-2026-77881")] {
            odd.apply(Edit::SetPartnerCenterId(id.into()), &profile);
            std::fs::write(&path, csv(&[&odd], &profile, &Catalog::for_tag("en"), today(), false, false)).expect("write");
            let rows = read(&path, ",");
            assert_eq!(rows[1][3], written);
            // An untitled claim is named as the list names it.
            assert_eq!(rows[1][0], "Untitled claim");
        }
        // French: semicolons and decimal commas, accents kept.
        let french = csv(&refs, &profile, &Catalog::for_tag("fr"), today(), true, true);
        std::fs::write(&path, &french).expect("write");
        let rows = read(&path, ";");
        assert_eq!(rows[1][5], "6850,00");
        assert_eq!(rows[0][3], "ID de demande dans l'Espace partenaires");
        // A German device's spreadsheet, the page in English: its separator and decimal
        // mark, the page's words.
        let german = csv(&refs, &profile, &Catalog::for_tag("en"), today(), true, true);
        std::fs::write(&path, &german).expect("write");
        let rows = read(&path, ";");
        assert_eq!((rows[0][0].as_str(), rows[1][5].as_str()), ("Claim title", "6850,00"));
        assert!(rows.iter().all(|row| row.len() == 11));
        // The device's habit, from 1.5 as its locale writes it; else the page's language.
        let (en, fr) = (Catalog::for_tag("en"), Catalog::for_tag("fr"));
        assert!(decimal_comma_of(Some("1,5"), &en));
        assert!(!decimal_comma_of(Some("1.5"), &fr));
        assert!(decimal_comma_of(Some("1٫5"), &fr), "no mark it knows: the page's language");
        assert!(!decimal_comma_of(None, &en));
        // A Swiss device's spreadsheet: a decimal point, fields in semicolons.
        let swiss = csv(&refs, &profile, &en, today(), false, semicolons_of(false, Some("de-CH")));
        std::fs::write(&path, &swiss).expect("write");
        let rows = read(&path, ";");
        assert_eq!((rows[0][0].as_str(), rows[1][5].as_str()), ("Claim title", "6850.00"));
        assert!(rows.iter().all(|row| row.len() == 11));
        assert!(semicolons_of(false, Some("fr-li")) && semicolons_of(true, Some("de-DE")) && semicolons_of(true, None));
        assert!(!semicolons_of(false, Some("en-US")) && !semicolons_of(false, Some("de")) && !semicolons_of(false, None));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_calendar_has_the_active_claims_deadlines_and_every_claims_retention_end() {
        let profile = Profile::default_profile();
        let claims = claims(&profile);
        let keys: Vec<String> = (0..claims.len()).map(|n| format!("key-{n}")).collect();
        let refs: Vec<(&str, &Claim)> = keys.iter().map(String::as_str).zip(claims.iter()).collect();
        let stamp = today().and_hms_opt(9, 0, 0).unwrap_or_default();
        let (text, active) = calendar(&refs, &profile, &Catalog::for_tag("en"), today(), stamp);
        let events = text.matches("BEGIN:VEVENT").count();
        // The example: its deadline and retention end; the submitted one and the archived
        // one (put away in preparation): their deadlines withdrawn (cancelled, no alarm:
        // a reminder imported before is taken back), their retention ends.
        assert_eq!(events, 6, "{text}");
        assert!(text.contains("SUMMARY:Last day to keep the Co-op originals: Put away"), "{text}");
        assert_eq!(text.matches("STATUS:CANCELLED").count(), 2, "{text}");
        // Said in their titles too: Outlook shows a cancelled event as any other.
        assert_eq!(text.matches("SUMMARY:Withdrawn: Co-op claim deadline: ").count(), 2, "{text}");
        assert!(text.contains("SUMMARY:Co-op claim deadline: "), "{text}");
        let (french, _) = calendar(&refs, &profile, &Catalog::for_tag("fr"), today(), stamp);
        assert_eq!(french.matches("SUMMARY:Retiré : date limite de demande Co-op : ").count(), 2, "{french}");
        assert_eq!(active, 4, "the dates not withdrawn");
        assert_eq!(text.matches("BEGIN:VALARM").count(), 1);
        assert!(text.contains("TRIGGER:-P14D"), "the profile's warning, 14 days");
        // The alarm follows the profile's warning when Microsoft changes it.
        let earlier = Profile { deadline_warning_days: 21, ..profile.clone() };
        let (text, _) = calendar(&refs, &earlier, &Catalog::for_tag("en"), today(), stamp);
        assert!(text.contains("TRIGGER:-P21D") && !text.contains("TRIGGER:-P14D"), "{text}");
        // So does a package's calendar (of the example without its documents' files).
        let claim = Claim { documents: Vec::new(), ..claims[0].clone() };
        let package = |profile: &Profile| {
            let review = review(&claim, profile, today());
            let draft = crate::package::draft(&claim, Some("key-0"), profile, &review, &Catalog::for_tag("en"), crate::package::BuildTime { local: stamp, utc: stamp }).expect("draft");
            String::from_utf8(draft.generated()[2].to_vec()).expect("text")
        };
        assert!(package(&profile).contains("TRIGGER:-P14D"));
        assert!(package(&earlier).contains("TRIGGER:-P21D"));
        // The package's events are the register's, by their UIDs: importing either moves
        // the other's, and a claim corrected (its title) moves them too.
        let uids = |text: &str| text.lines().filter(|line| line.starts_with("UID:")).map(str::to_string).collect::<Vec<_>>();
        let in_register = uids(&text);
        let in_package = uids(&package(&profile));
        assert!(!in_package.is_empty() && in_package.iter().all(|uid| in_register.contains(uid)), "{in_package:?} {in_register:?}");
        // A claim from another device names its events as there, in the register too.
        let moved = Claim { calendar_id: "claim-from-elsewhere".into(), ..claim.clone() };
        let (text_here, _) = calendar(&[("key-here", &moved)], &profile, &Catalog::for_tag("en"), today(), stamp);
        let moved_uids = uids(&text_here);
        assert!(!moved_uids.is_empty() && moved_uids.iter().all(|uid| uid.starts_with("UID:claim-from-elsewhere-")), "{moved_uids:?}");
        let corrected = Claim { title: "Corrected title".into(), ..claim.clone() };
        let review = review(&corrected, &profile, today());
        let draft = crate::package::draft(&corrected, Some("key-0"), &profile, &review, &Catalog::for_tag("en"), crate::package::BuildTime { local: stamp, utc: stamp }).expect("draft");
        assert_eq!(uids(std::str::from_utf8(draft.generated()[2]).expect("text")), in_package);
        // Two claims of one calendar name (one brought back by Undo beside a copy of it
        // opened from its package): each keeps its events, the one whose key it is under the name.
        let copy = Claim { calendar_id: "key-here".into(), title: "Opened from its package".into(), ..claim.clone() };
        let (both, _) = calendar(&[("key-here", &claim), ("key-other", &copy)], &profile, &Catalog::for_tag("en"), today(), stamp);
        let both_uids = uids(&both);
        let distinct: std::collections::HashSet<&String> = both_uids.iter().collect();
        assert_eq!(distinct.len(), both_uids.len(), "{both_uids:?}");
        assert!(both_uids.iter().any(|uid| uid.starts_with("UID:key-here-claim-deadline")) && both_uids.iter().any(|uid| uid.starts_with("UID:key-here-2-claim-deadline")), "{both_uids:?}");
        // The name stays the claim's whose key it is, whatever the list's order (a reload
        // lists claims by key): a second export moves no claim's events onto the other.
        let deadline_of = |text: &str, title: &str| {
            let event = text.split("BEGIN:VEVENT").find(|event| event.contains("claim-deadline") && event.replace("\r\n ", "").contains(title)).unwrap_or_default().to_string();
            uids(&event)
        };
        for order in [[("key-here", &claim), ("key-other", &copy)], [("key-other", &copy), ("key-here", &claim)]] {
            let (text, _) = calendar(&order, &profile, &Catalog::for_tag("en"), today(), stamp);
            assert_eq!(deadline_of(&text, &claim.title), ["UID:key-here-claim-deadline@coop-claim-preflight".to_string()], "{text}");
            assert_eq!(deadline_of(&text, "Opened from its package"), ["UID:key-here-2-claim-deadline@coop-claim-preflight".to_string()], "{text}");
        }
    }
}
