//! The example claim: a customer webinar that is complete and ready to submit, dated
//! relative to today so that it is always inside an open usage period.

use chrono::{Days, NaiveDate};

use crate::claim::{Claim, ClaimField, CostLineField, DocType, Edit};
use crate::dates::FiscalHalf;
use crate::profile::Profile;

fn iso(date: NaiveDate) -> String {
    crate::dates::iso(date)
}

/// The webinar ended ten days before `today`, in the usage period that holds that day
/// (the previous one early in a half, so that the deadline is still weeks away).
pub fn example_claim(today: NaiveDate, profile: &Profile) -> Claim {
    let activity_end = today.checked_sub_days(Days::new(10)).unwrap_or(today);
    let usage = FiscalHalf::containing(activity_end);
    let earning = usage.previous();
    let activity_start = activity_end.max(usage.start());

    let mut claim = Claim::new(profile);
    let edits = [
        Edit::Set(ClaimField::Title, "Contoso cloud security webinar".into()),
        Edit::Set(ClaimField::PartnerId, "4412345".into()),
        Edit::SetEarningPeriodEnd(iso(earning.end())),
        Edit::Set(ClaimField::ActivityType, "seminar-webinar".into()),
        Edit::Set(ClaimField::ActivityStart, iso(activity_start)),
        Edit::Set(ClaimField::ActivityEnd, iso(activity_end)),
        Edit::Set(ClaimField::Currency, "USD".into()),
        Edit::Set(ClaimField::ClaimedAmount, "6,850.00".into()),
        Edit::Set(ClaimField::AvailableFunds, "12,000.00".into()),
        Edit::Set(ClaimField::EarnedFunds, "48,000.00".into()),
        Edit::Set(ClaimField::Metric, "112 registered guests, 87 attended live".into()),
    ];
    for edit in edits {
        claim.apply(edit, profile);
    }

    let lines = [
        ("Webinar platform and production", "third-party", "Fabrikam Events Ltd", "4,200.00"),
        ("Email invitation campaign", "third-party", "Northwind Mailing", "1,150.00"),
        ("Presenter preparation and delivery", "in-house", "", "1,500.00"),
    ];
    for (description, cost_type, vendor, amount) in lines {
        claim.apply(Edit::AddCostLine, profile);
        let id = claim.next_id - 1;
        let mut set = |field, text: &str| claim.apply(Edit::SetCostLine(id, field, text.to_string()), profile);
        set(CostLineField::Description, description);
        set(CostLineField::CostType, cost_type);
        set(CostLineField::Vendor, vendor);
        set(CostLineField::Amount, amount);
    }
    let line_ids: Vec<u32> = claim.cost_lines.iter().map(|line| line.id).collect();

    // (file name, type, cost line it pays for, proof items it covers, note)
    type ExampleDocument<'a> = (&'a str, DocType, Option<u32>, &'a [&'a str], &'a str);
    let documents: [ExampleDocument; 7] = [
        ("Core requirements - Microsoft branding and solution focus.pdf", DocType::CoreRequirements, None, &[], ""),
        ("Fabrikam invoice INV-20417.pdf", DocType::Invoice, Some(line_ids[0]), &[], ""),
        ("Northwind invoice 8831.pdf", DocType::Invoice, Some(line_ids[1]), &[], ""),
        ("CSR signed.pdf", DocType::Csr, None, &[], ""),
        ("Invitation email.pdf", DocType::ProofOfExecution, None, &["invitation"], "Invitation sent to 2,400 customers, with the date header visible."),
        ("Agenda.pdf", DocType::ProofOfExecution, None, &["agenda"], "Final agenda as published on the registration page."),
        ("Webinar screenshots.pdf", DocType::ProofOfExecution, None, &["event-photos"], "Screenshots of the live session with Microsoft presenters and attendee count."),
    ];
    for (file_name, doc_type, cost_line, proof_items, note) in documents {
        claim.apply(Edit::AddDocument { file_name: file_name.into(), doc_type: Some(doc_type), file: None }, profile);
        let id = claim.next_id - 1;
        claim.apply(Edit::LinkDocument(id, cost_line), profile);
        for item in proof_items {
            claim.apply(Edit::SetProofItem(id, item.to_string(), true), profile);
        }
        claim.apply(Edit::SetDocumentNote(id, note.into()), profile);
    }
    claim
}

/// The content of an example document: a one-page PDF saying what the document is, so
/// the example claim can be packaged and opened like a real one.
pub fn example_document(file_name: &str, claim: &Claim) -> Vec<u8> {
    let document = claim.documents.iter().find(|d| d.file_name == file_name);
    let mut lines = vec![
        format!("Example document: {file_name}"),
        format!("Claim: {}", claim.title),
        format!("Partner ID: {}   Activity: {} to {}", claim.partner_id, claim.activity_start, claim.activity_end),
    ];
    if let Some(note) = document.map(|d| d.note.as_str()).filter(|note| !note.is_empty()) {
        lines.push(format!("Note: {note}"));
    }
    lines.push("Made by Co-op Claim Preflight to show how a package looks. Not a real document.".into());
    simple_pdf(&lines)
}

/// Text for a PDF string in WinAnsi: Latin-1 as octal escapes, other characters as `?`.
fn pdf_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
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
            let claim = example_claim(today, &profile);
            let review = review(&claim, &profile, today);
            assert!(review.findings.is_empty(), "on {today}: {:?}", review.findings);
            today = today.succ_opt().expect("next day");
        }
    }

    #[test]
    fn example_documents_are_valid_pdfs_with_a_correct_cross_reference() {
        let profile = Profile::default_profile();
        let claim = example_claim(NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"), &profile);
        let pdf = example_document("Agenda.pdf", &claim);
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
    }
}
