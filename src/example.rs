//! The example claim: a customer webinar that is complete and ready to submit, dated
//! relative to today so that it is always inside an open usage period.

use chrono::{Days, NaiveDate};

use crate::claim::{Claim, ClaimField, CostLineField, DocType, Edit};
use crate::dates::FiscalHalf;
use crate::profile::Profile;

fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
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

    let documents: [(&str, DocType, Option<u32>, &[&str], &str); 7] = [
        ("Core requirements - Microsoft branding and solution focus.pdf", DocType::CoreRequirements, None, &[], ""),
        ("Fabrikam invoice INV-20417.pdf", DocType::Invoice, Some(line_ids[0]), &[], ""),
        ("Northwind invoice 8831.pdf", DocType::Invoice, Some(line_ids[1]), &[], ""),
        ("CSR signed.pdf", DocType::Csr, None, &[], ""),
        ("Invitation email.pdf", DocType::ProofOfExecution, None, &["invitation"], "Invitation sent to 2,400 customers, with the date header visible."),
        ("Agenda.pdf", DocType::ProofOfExecution, None, &["agenda"], "Final agenda as published on the registration page."),
        ("Webinar screenshots.png", DocType::ProofOfExecution, None, &["event-photos"], "Screenshots of the live session with Microsoft presenters and attendee count."),
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
}
