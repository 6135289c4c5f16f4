//! The example claim: a customer webinar that is complete and ready to submit, dated
//! relative to today so that it is always inside an open usage period.

use chrono::{Days, NaiveDate};

use crate::claim::{Claim, ClaimField, CostLineField, DocType, Edit};
use crate::dates::FiscalHalf;
use crate::money::format_minor;
use crate::profile::Profile;

fn iso(date: NaiveDate) -> String {
    crate::dates::iso(date)
}

/// The example's words in one language.
struct Words {
    title: &'static str,
    metric: &'static str,
    /// (description, cost type, vendor, amount in whole units)
    lines: [(&'static str, &'static str, &'static str, i64); 3],
    /// (file name, note) of the seven documents, in the order of [`DOCUMENTS`].
    documents: [(&'static str, &'static str); 7],
    /// Digit grouping and decimal separator.
    format: (&'static str, &'static str),
    /// What the example's documents say, in the claim's language ([`example_document`]).
    document: DocumentWords,
}

/// The lines of an example document: its heading, the claim's title, Partner ID and
/// activity (`activity` then `from`, the start, `to`, the end), a note, an invoice's
/// facts as the invoice reader reads them in that language, and what made it.
struct DocumentWords {
    heading: &'static str,
    claim: &'static str,
    partner: &'static str,
    activity: (&'static str, &'static str, &'static str),
    note: &'static str,
    invoice: [&'static str; 3],
    made_by: &'static str,
}

const ENGLISH: Words = Words {
    title: "Contoso cloud security webinar",
    metric: "112 registered guests, 87 attended live",
    lines: [
        ("Webinar platform and production", "third-party", "Fabrikam Events Ltd", 4_200),
        ("Email invitation campaign", "third-party", "Northwind Mailing", 1_150),
        ("Presenter preparation and delivery", "in-house", "", 1_500),
    ],
    documents: [
        ("Core requirements - Microsoft branding and solution focus.pdf", ""),
        ("Fabrikam invoice INV-20417.pdf", ""),
        ("Northwind invoice 8831.pdf", ""),
        ("CSR signed.pdf", ""),
        ("Invitation email.pdf", "Invitation sent to 2,400 customers, with the date header visible."),
        ("Agenda.pdf", "Final agenda as published on the registration page."),
        ("Webinar screenshots.pdf", "Screenshots of the live session with Microsoft presenters and attendee count."),
    ],
    format: (",", "."),
    document: DocumentWords {
        heading: "Example document: ",
        claim: "Claim: ",
        partner: "Partner ID: ",
        activity: ("Activity: ", "", " to "),
        note: "Note: ",
        invoice: ["Invoice No.: ", "Invoice date: ", "Total due: "],
        made_by: "Made by Co-op Claim Preflight to show how a package for a Microsoft co-op claim looks. Not a real document.",
    },
};

const FRENCH: Words = Words {
    title: "Webinaire Contoso sur la sécurité du cloud",
    metric: "112 invités inscrits, 87 présents en direct",
    lines: [
        ("Plateforme et production du webinaire", "third-party", "Fabrikam Événements SARL", 4_200),
        ("Campagne d'invitation par e-mail", "third-party", "Northwind Routage", 1_150),
        ("Préparation et animation par nos intervenants", "in-house", "", 1_500),
    ],
    documents: [
        ("Exigences de base - marque Microsoft et solution.pdf", ""),
        ("Facture Fabrikam INV-20417.pdf", ""),
        ("Facture Northwind 8831.pdf", ""),
        ("CSR signé.pdf", ""),
        ("E-mail d'invitation.pdf", "Invitation envoyée à 2\u{202f}400 clients, date d'envoi visible."),
        ("Programme.pdf", "Programme définitif tel que publié sur la page d'inscription."),
        ("Captures du webinaire.pdf", "Captures de la session en direct avec les intervenants Microsoft et le nombre de participants."),
    ],
    format: ("\u{202f}", ","),
    document: DocumentWords {
        heading: "Document d'exemple\u{a0}: ",
        claim: "Demande\u{a0}: ",
        partner: "ID partenaire\u{a0}: ",
        activity: ("Activité\u{a0}: ", "du ", " au "),
        note: "Note\u{a0}: ",
        invoice: ["Facture n°\u{a0}: ", "Date de facture\u{a0}: ", "Net à payer\u{a0}: "],
        made_by: "Préparé par Co-op Claim Preflight pour montrer à quoi ressemble le dossier d'une demande Co-op Microsoft. Ce n'est pas un vrai document.",
    },
};

/// The numbers of the example's invoices, by the cost line they pay for.
const INVOICE_NUMBERS: [&str; 2] = ["INV-20417", "8831"];

/// What each document is: its type, the cost line it pays for (by position), the proof
/// items it covers.
const DOCUMENTS: [(DocType, Option<usize>, &[&str]); 7] = [
    (DocType::CoreRequirements, None, &[]),
    (DocType::Invoice, Some(0), &[]),
    (DocType::Invoice, Some(1), &[]),
    (DocType::Csr, None, &[]),
    (DocType::ProofOfExecution, None, &["invitation"]),
    (DocType::ProofOfExecution, None, &["agenda"]),
    (DocType::ProofOfExecution, None, &["event-photos"]),
];

/// The webinar ended ten days before `today`, in the usage period that holds that day
/// (the previous one early in a half, so that the deadline is still weeks away). It is
/// written in `lang` (`en` or `fr`), its amounts in `currency` as that language writes
/// them.
#[inline(never)]
pub fn example_claim(today: NaiveDate, profile: &Profile, lang: &str, currency: &str) -> Claim {
    let words = if lang == "fr" { &FRENCH } else { &ENGLISH };
    let digits = profile.currency(currency).map_or(2, |c| c.minor_digits);
    // Without decimals, a grouped `6,850` would read two ways (AMOUNT-AMBIGUOUS).
    let (group, decimal) = if digits == 0 { ("", words.format.1) } else { words.format };
    let amount = |units: i64| format_minor(units * 10_i64.pow(u32::from(digits)), digits, group, decimal);
    let activity_end = today.checked_sub_days(Days::new(10)).unwrap_or(today);
    let usage = FiscalHalf::containing(activity_end);
    let earning = usage.previous();
    let activity_start = activity_end.max(usage.start());

    let mut claim = Claim::new_in(currency);
    let edits = [
        Edit::Set(ClaimField::Title, words.title.into()),
        Edit::Set(ClaimField::PartnerId, "4412345".into()),
        Edit::SetEarningPeriodEnd(iso(earning.end())),
        Edit::Set(ClaimField::ActivityType, "seminar-webinar".into()),
        Edit::Set(ClaimField::ActivityStart, iso(activity_start)),
        Edit::Set(ClaimField::ActivityEnd, iso(activity_end)),
        Edit::Set(ClaimField::ClaimedAmount, amount(6_850)),
        Edit::Set(ClaimField::AvailableFunds, amount(12_000)),
        Edit::Set(ClaimField::EarnedFunds, amount(48_000)),
        Edit::Set(ClaimField::Metric, words.metric.into()),
    ];
    for edit in edits {
        claim.apply(edit, profile);
    }

    for (description, cost_type, vendor, units) in words.lines {
        claim.apply(Edit::AddCostLine, profile);
        let id = claim.next_id - 1;
        let mut set = |field, text: &str| claim.apply(Edit::SetCostLine(id, field, text.to_string()), profile);
        set(CostLineField::Description, description);
        set(CostLineField::CostType, cost_type);
        set(CostLineField::Vendor, vendor);
        set(CostLineField::Amount, &amount(units));
    }
    let line_ids: Vec<u32> = claim.cost_lines.iter().map(|line| line.id).collect();

    for ((file_name, note), (doc_type, line, proof_items)) in words.documents.into_iter().zip(DOCUMENTS) {
        claim.apply(Edit::AddDocument { file_name: file_name.into(), doc_type: Some(doc_type), file: None }, profile);
        let id = claim.next_id - 1;
        claim.apply(Edit::LinkDocument(id, line.map(|position| line_ids[position])), profile);
        // The invoices' facts, as a partner would have confirmed them: each invoice's
        // total is its cost line's amount, dated the day the webinar ended.
        if let Some(position) = line.filter(|_| doc_type == DocType::Invoice) {
            let (_, _, _, units) = words.lines[position];
            let facts = [
                (crate::claim::InvoiceField::Number, INVOICE_NUMBERS[position].to_string()),
                (crate::claim::InvoiceField::Date, claim.activity_end.clone()),
                (crate::claim::InvoiceField::Total, amount(units)),
                (crate::claim::InvoiceField::Currency, claim.currency.clone()),
            ];
            for (field, value) in facts {
                claim.apply(Edit::SetInvoiceFact(id, field, value), profile);
            }
        }
        for item in proof_items {
            claim.apply(Edit::SetProofItem(id, item.to_string(), true), profile);
        }
        claim.apply(Edit::SetDocumentNote(id, note.into()), profile);
    }
    claim
}

/// What the document reader finds in an example document (`bytes`, from
/// [`example_document`]): a one-page PDF with text. The page uses this rather than start
/// the reader for its own example; a test checks the reader agrees.
pub fn example_inspection(bytes: &[u8]) -> crate::evidence::Inspection {
    crate::evidence::Inspection {
        sha256: crate::hashing::sha256_hex(bytes),
        kind: crate::evidence::Kind::Pdf,
        pages: Some(1),
        pdf: Some(crate::evidence::PdfState::Text),
        // Each says "Microsoft": its branding is shown.
        brands: Some(true),
        ..crate::evidence::Inspection::default()
    }
}

/// The content of an example document: a one-page PDF saying what the document is (an
/// invoice its number, date and total), in the example's language (`lang`), so the
/// example claim can be packaged and opened like a real one.
pub fn example_document(file_name: &str, claim: &Claim, lang: &str) -> Vec<u8> {
    let words = if lang == "fr" { &FRENCH.document } else { &ENGLISH.document };
    let document = claim.documents.iter().find(|d| d.file_name == file_name);
    let (activity, from, to) = words.activity;
    let mut lines = vec![
        format!("{}{file_name}", words.heading),
        format!("{}{}", words.claim, claim.title),
        format!("{}{}   {activity}{from}{}{to}{}", words.partner, claim.partner_id, claim.activity_start, claim.activity_end),
    ];
    if let Some(note) = document.map(|d| d.note.as_str()).filter(|note| !note.is_empty()) {
        lines.push(format!("{}{note}", words.note));
    }
    if let Some(document) = document.filter(|d| d.doc_type == Some(DocType::Invoice)) {
        let fact = |field| document.invoice_fact(field).map_or("", |(value, _)| value);
        let [number, date, total] = words.invoice;
        lines.push(format!("{number}{}", fact(crate::claim::InvoiceField::Number)));
        lines.push(format!("{date}{}", fact(crate::claim::InvoiceField::Date)));
        lines.push(format!("{total}{} {}", fact(crate::claim::InvoiceField::Total), fact(crate::claim::InvoiceField::Currency)));
    }
    lines.push(words.made_by.into());
    simple_pdf(&lines)
}

/// Text for a PDF string in WinAnsi: Latin-1 as octal escapes, a narrow no-break space as
/// a space, other characters as `?`.
fn pdf_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            // WinAnsi has no narrow no-break space (French groups thousands with it).
            '\u{202f}' => out.push(' '),
            c if (c as u32) >= 0xA0 && (c as u32) <= 0xFF => out.push_str(&format!("\\{:03o}", c as u32)),
            _ => out.push('?'),
        }
    }
    out
}

/// A valid one-page A4 PDF with lines of Helvetica text.
pub fn simple_pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 12 Tf 56 780 Td 16 TL\n");
    for line in lines {
        content.push_str(&format!("({}) Tj T*\n", pdf_text(line)));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (number, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", number + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1));
    pdf.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::review;

    #[test]
    fn the_example_is_ready_to_submit_on_every_day_of_three_years() {
        let profile = Profile::default_profile();
        let mut today = NaiveDate::from_ymd_opt(2025, 1, 1).expect("start");
        while today < NaiveDate::from_ymd_opt(2028, 1, 1).expect("end") {
            for (lang, currency) in [("en", "USD"), ("fr", "EUR")] {
                let claim = example_claim(today, &profile, lang, currency);
                let review = review(&claim, &profile, today);
                assert!(review.findings.is_empty(), "{lang} on {today}: {:?}", review.findings);
            }
            today = today.succ_opt().expect("next day");
        }
    }

    #[test]
    fn the_example_speaks_the_pages_language_in_the_partners_currency() {
        let profile = Profile::default_profile();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let french = example_claim(today, &profile, "fr", "EUR");
        assert_eq!((french.title.as_str(), french.currency.as_str(), french.claimed_amount.as_str()), ("Webinaire Contoso sur la sécurité du cloud", "EUR", "6\u{202f}850,00"));
        assert!(french.cost_lines.iter().all(|line| line.currency == "EUR"));
        assert_eq!(french.documents[1].file_name, "Facture Fabrikam INV-20417.pdf");
        let yen = example_claim(today, &profile, "en", "JPY");
        assert_eq!((yen.claimed_amount.as_str(), yen.cost_lines[0].amount.as_str()), ("6850", "4200"));
        for (lang, currency) in [("fr", "EUR"), ("en", "JPY"), ("en", "GBP")] {
            let claim = example_claim(today, &profile, lang, currency);
            let review = review(&claim, &profile, today);
            assert!(review.findings.is_empty(), "{lang} {currency}: {:?}", review.findings);
        }
    }

    #[test]
    fn example_documents_are_valid_pdfs_with_a_correct_cross_reference() {
        let profile = Profile::default_profile();
        let claim = example_claim(NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"), &profile, "en", "USD");
        let pdf = example_document("Agenda.pdf", &claim, "en");
        let text = String::from_utf8(pdf.clone()).expect("ascii");
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert!(text.contains("(Note: Final agenda as published on the registration page.) Tj"));
        let xref_at: usize = text.lines().rev().nth(1).and_then(|line| line.parse().ok()).expect("startxref");
        assert!(text[xref_at..].starts_with("xref"));
        for (number, line) in text[xref_at..].lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().expect("offset");
            assert!(text[offset..].starts_with(&format!("{} 0 obj", number + 1)), "object {}", number + 1);
        }
        assert_eq!(pdf_text("é (a) \\ 請"), "\\351 \\(a\\) \\\\ ?");
        // The French example's documents are in French, as the invoice reader reads them.
        let claim = example_claim(NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"), &profile, "fr", "EUR");
        let text = String::from_utf8(example_document("Facture Fabrikam INV-20417.pdf", &claim, "fr")).expect("ascii");
        assert!(text.contains("(Facture n\\260\\240: INV-20417) Tj"), "{text}");
        assert!(text.contains("(Net \\340 payer\\240: 4 200,00 EUR) Tj"), "{text}");
        assert!(!text.contains("Invoice") && !text.contains("Example") && !text.contains(" to "), "{text}");
    }
}
