//! Each rule: the case that fires and the near case that must not. Fixtures are the
//! example claim (which has no findings) changed by edits, as a partner would.

use chrono::NaiveDate;

use super::*;
use crate::money::AmountError;
use crate::claim::{Claim, ClaimField as F, CostLineField as L, DocType, Edit, FileFacts};
use crate::example::example_claim;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

const TODAY: &str = "2026-11-25";

struct Case {
    situation: &'static str,
    edits: Vec<Edit>,
    today: &'static str,
    code: Code,
    fires: bool,
}

fn case(situation: &'static str, code: Code, fires: bool, edits: Vec<Edit>) -> Case {
    Case { situation, edits, today: TODAY, code, fires }
}

fn on(today: &'static str, mut case: Case) -> Case {
    case.today = today;
    case
}

fn set(field: F, text: &str) -> Edit {
    Edit::Set(field, text.to_string())
}

fn base() -> (Claim, Profile) {
    let profile = Profile::default_profile();
    (example_claim(date(TODAY), &profile, "en", "USD"), profile)
}

// Ids in the example claim: cost lines 1–3, documents 4–10 (see example.rs).
const VENUE_LINE: u32 = 1;
const IN_HOUSE_LINE: u32 = 3;
const CORE_DOC: u32 = 4;
const FIRST_INVOICE: u32 = 5;
const CSR_DOC: u32 = 7;
const INVITATION_POE: u32 = 8;

fn file(size: u64, sha: &str) -> Option<FileFacts> {
    Some(FileFacts { size, media_type: "application/pdf".into(), sha256: sha.into(), crc32: 0 })
}

fn add_file(name: &str, doc_type: Option<DocType>, size: u64, sha: &str) -> Edit {
    Edit::AddDocument { file_name: name.into(), doc_type, file: file(size, sha) }
}

#[test]
fn a_package_or_a_backup_added_as_a_document_is_said_to_be_one_with_the_button_that_opens_it() {
    let catalog = crate::i18n::Catalog::for_tag("en");
    let advice = |kind: Option<crate::evidence::Kind>| {
        let (mut claim, profile) = base();
        claim.apply(add_file("webinar-2026-12-05.zip", Some(DocType::Other), 10, "ab"), &profile);
        let id = claim.next_id - 1;
        if let Some(kind) = kind {
            claim.apply(Edit::SetInspection(id, crate::evidence::Inspection { sha256: "ab".into(), kind, ..Default::default() }), &profile);
        }
        let review = review(&claim, &profile, date(TODAY));
        let finding = review.findings.iter().find(|finding| finding.code == Code::FileType).cloned();
        finding.map(|finding| catalog.finding_fix(&finding)).unwrap_or_default()
    };
    assert!(advice(Some(crate::evidence::Kind::Package)).contains("use Open package to bring its claim back"), "{}", advice(Some(crate::evidence::Kind::Package)));
    assert!(advice(Some(crate::evidence::Kind::Backup)).contains("use Restore backup under Your claims"));
    assert!(advice(Some(crate::evidence::Kind::Zip)).starts_with("Save it as PDF"));
    assert!(advice(None).starts_with("Save it as PDF"), "not read yet: the usual advice");
    // A PDF or a Word document named otherwise (no extension, or one not accepted) is
    // that kind: renamed, it is accepted.
    assert_eq!(advice(Some(crate::evidence::Kind::Pdf)), "Its content is a PDF: rename the file so that its name ends in .pdf, add it again, and remove this one.");
    assert!(advice(Some(crate::evidence::Kind::Docx)).contains("ends in .docx"));
    // A kind the program does not accept either (WebP): converted, not renamed.
    assert!(advice(Some(crate::evidence::Kind::Webp)).starts_with("Save it as PDF"));
    // A recording not in the program's recording format (an MP4, an iPhone's MOV): that
    // format, or screenshots; not a PDF.
    assert_eq!(advice(Some(crate::evidence::Kind::Mp4)), "Recordings are accepted as .wmv files: save it in that format, or add screenshots of it (png, jpg) instead.");
    let french = crate::i18n::Catalog::for_tag("fr");
    let (mut claim, profile) = base();
    claim.apply(add_file("facture", Some(DocType::Other), 10, "ab"), &profile);
    claim.apply(Edit::SetInspection(claim.next_id - 1, crate::evidence::Inspection { sha256: "ab".into(), kind: crate::evidence::Kind::Pdf, ..Default::default() }), &profile);
    let review = review(&claim, &profile, date(TODAY));
    let finding = review.findings.iter().find(|finding| finding.code == Code::FileType).cloned().expect("FILE-TYPE");
    assert_eq!(french.finding_fix(&finding), "Son contenu est un PDF\u{a0}: renommez le fichier pour que son nom se termine par .pdf, ajoutez-le à nouveau, et retirez celui-ci.");
}

#[test]
fn the_base_claim_has_no_findings() {
    let (claim, profile) = base();
    assert_eq!(review(&claim, &profile, date(TODAY)).findings, Vec::new());
}

#[test]
fn every_rule_fires_in_its_case_and_not_in_the_near_case() {
    use Code::*;
    let cases = vec![
        case("empty claim title", FieldRequired, true, vec![set(F::Title, "  ")]),
        case("empty claimed amount", FieldRequired, true, vec![set(F::ClaimedAmount, "")]),
        case("empty usage end", FieldRequired, true, vec![set(F::UsageEnd, "")]),
        case("no activity type", FieldRequired, true, vec![set(F::ActivityType, "")]),
        case("empty cost line description", FieldRequired, true, vec![Edit::SetCostLine(VENUE_LINE, L::Description, "".into())]),
        case("hosted conference without attendees", FieldRequired, true, vec![set(F::ActivityType, "hosted-conference")]),
        case("hosted conference with attendees", FieldRequired, false, vec![set(F::ActivityType, "hosted-conference"), set(F::Attendees, "2")]),
        case("empty available funds is optional", FieldRequired, false, vec![set(F::AvailableFunds, "")]),
        case("letters in the claimed amount", FieldInvalid, true, vec![set(F::ClaimedAmount, "12abc")]),
        case("negative claimed amount", FieldInvalid, true, vec![set(F::ClaimedAmount, "-5")]),
        case("too many decimals", FieldInvalid, true, vec![set(F::ClaimedAmount, "10.5055")]),
        case("impossible date", FieldInvalid, true, vec![set(F::ActivityStart, "2026-02-30")]),
        case("year typed with five digits", FieldInvalid, true, vec![set(F::UsageStart, "20260-07-01")]),
        case("letters in a cost line amount", FieldInvalid, true, vec![Edit::SetCostLine(VENUE_LINE, L::Amount, "four thousand".into())]),
        case("attendees not a number", FieldInvalid, true, vec![set(F::ActivityType, "hosted-conference"), set(F::Attendees, "three")]),
        case("attendees not a number, then another activity type", FieldInvalid, false, vec![
            set(F::ActivityType, "hosted-conference"), set(F::Attendees, "four"), set(F::ActivityType, "seminar-webinar"),
        ]),
        case("unknown currency", FieldInvalid, true, vec![set(F::Currency, "XXX")]),
        case("amount with French separators", FieldInvalid, false, vec![set(F::ClaimedAmount, "6 850,00")]),
        case("partner ID with letters", PartnerIdFormat, true, vec![set(F::PartnerId, "12ab")]),
        case("partner ID of 5 digits", PartnerIdFormat, true, vec![set(F::PartnerId, "12345")]),
        case("partner ID of 11 digits", PartnerIdFormat, true, vec![set(F::PartnerId, "12345678901")]),
        case("partner ID of 10 digits", PartnerIdFormat, false, vec![set(F::PartnerId, "1234567890")]),
        case("partner ID of 6 digits", PartnerIdFormat, false, vec![set(F::PartnerId, "123456")]),
        case("activity ends before it starts", DatesOrder, true, vec![set(F::ActivityEnd, "2026-11-14")]),
        case("usage period ends before it starts", DatesOrder, true, vec![set(F::UsageEnd, "2026-06-30")]),
        case("one-day activity", DatesOrder, false, vec![set(F::ActivityStart, "2026-11-15"), set(F::ActivityEnd, "2026-11-15")]),
        case("usage period of five months", UsagePeriodLength, true, vec![set(F::UsageEnd, "2026-11-30")]),
        case("usage period of six months from mid-month", UsagePeriodLength, true, vec![set(F::UsageStart, "2026-06-15"), set(F::UsageEnd, "2026-12-14")]),
        case("usage period of six months a month off the fiscal half", UsagePeriodLength, true, vec![set(F::UsageStart, "2026-02-01"), set(F::UsageEnd, "2026-07-31")]),
        case("usage period of a fiscal half", UsagePeriodLength, false, vec![set(F::UsageStart, "2026-01-01"), set(F::UsageEnd, "2026-06-30")]),
        case("activity before the usage period", ActivityOutsideUsage, true, vec![set(F::ActivityStart, "2026-06-30")]),
        case("activity on the usage period's first day", ActivityOutsideUsage, false, vec![set(F::ActivityStart, "2026-07-01")]),
        case("activity ends tomorrow", ActivityNotComplete, true, vec![set(F::ActivityEnd, "2026-11-26")]),
        case("activity ends today", ActivityNotComplete, false, vec![set(F::ActivityEnd, "2026-11-25")]),
        on("2027-02-15", case("day after the deadline", DeadlinePassed, true, vec![])),
        case("usage period reversed: no deadline counted from the wrong end", DeadlinePassed, false, vec![set(F::UsageStart, "2026-12-31"), set(F::UsageEnd, "2026-07-01")]),
        on("2027-02-15", case("activity reversed: nothing counted from its end", Activity45Days, false, vec![set(F::ActivityStart, "2026-11-15"), set(F::ActivityEnd, "2026-11-01")])),
        on("2027-02-14", case("on the deadline day", DeadlinePassed, false, vec![])),
        on("2027-01-31", case("deadline in 14 days", DeadlineSoon, true, vec![])),
        on("2027-01-31", case("deadline in 14 days, the claim put away unsubmitted: not urged", DeadlineSoon, false, vec![Edit::SetArchived(true)])),
        on("2026-12-31", case("46 days after the activity, the claim put away unsubmitted: not urged", Activity45Days, false, vec![Edit::SetArchived(true)])),
        on("2027-01-30", case("deadline in 15 days", DeadlineSoon, false, vec![])),
        on("2027-02-15", case("deadline passed is not soon", DeadlineSoon, false, vec![])),
        on("2026-12-31", case("46 days after the activity", Activity45Days, true, vec![])),
        on("2026-12-30", case("45 days after the activity", Activity45Days, false, vec![])),
        on("2027-02-15", case("45 days after the activity, the claim deadline passed too", Activity45Days, false, vec![])),
        case("TV and radio without pre-approval", PreapprovalMissing, true, vec![set(F::ActivityType, "tv-radio")]),
        case("TV and radio with pre-approval", PreapprovalMissing, false, vec![set(F::ActivityType, "tv-radio"), set(F::PreapprovalId, "PA-0042")]),
        case("metric empty", MetricsMissing, true, vec![set(F::Metric, " ")]),
        case("activity type without a metric", MetricsMissing, false, vec![set(F::ActivityType, "proof-of-concept"), set(F::Metric, "")]),
        case("claimed amount of zero", AmountZero, true, vec![set(F::ClaimedAmount, "0")]),
        case("claimed amount of zero with French decimals", AmountZero, true, vec![set(F::ClaimedAmount, "0,00")]),
        case("claimed amount of one cent", AmountZero, false, vec![set(F::ClaimedAmount, "0.01")]),
        case("claimed amount empty is not zero", AmountZero, false, vec![set(F::ClaimedAmount, "")]),
        case("claimed amount 1,234", AmountAmbiguous, true, vec![set(F::ClaimedAmount, "1,234")]),
        case("claimed amount 1.234 in EUR", AmountAmbiguous, true, vec![set(F::Currency, "EUR"), set(F::ClaimedAmount, "1.234")]),
        case("cost line amount 2,500", AmountAmbiguous, true, vec![Edit::SetCostLine(VENUE_LINE, L::Amount, "2,500".into())]),
        case("claimed amount 1234", AmountAmbiguous, false, vec![set(F::ClaimedAmount, "1234")]),
        case("claimed amount 1,234.00", AmountAmbiguous, false, vec![set(F::ClaimedAmount, "1,234.00")]),
        case("claimed amount 1 234", AmountAmbiguous, false, vec![set(F::ClaimedAmount, "1 234")]),
        case("claimed amount 1,23", AmountAmbiguous, false, vec![set(F::ClaimedAmount, "1,23")]),
        case("claimed amount 1,234 in JPY, which has no decimals", AmountAmbiguous, false, vec![set(F::Currency, "JPY"), set(F::ClaimedAmount, "1,234")]),
        case("claimed amount with a euro sign on a USD claim", FieldInvalid, true, vec![set(F::ClaimedAmount, "€1234")]),
        case("claimed amount with the code of another currency", FieldInvalid, true, vec![set(F::ClaimedAmount, "1234 EUR")]),
        case("claimed amount with a dollar sign on a USD claim", FieldInvalid, false, vec![set(F::ClaimedAmount, "$1,234.50")]),
        case("claimed amount with a euro sign after it on a EUR claim", FieldInvalid, false, vec![set(F::Currency, "EUR"), set(F::ClaimedAmount, "1 234 €")]),
        case("claimed amount with its code in lower case", FieldInvalid, false, vec![set(F::ClaimedAmount, "usd 12")]),
        case("claim above the cost lines", AmountUnsupported, true, vec![set(F::ClaimedAmount, "6,850.01")]),
        case("claim equal to the cost lines", AmountUnsupported, false, vec![set(F::ClaimedAmount, "6850")]),
        case("claim without cost lines", AmountUnsupported, true, (1..=3).map(Edit::RemoveCostLine).collect()),
        case("claim above the available funds", AmountExceedsFunds, true, vec![set(F::AvailableFunds, "6,000")]),
        case("available funds not entered", AmountExceedsFunds, false, vec![set(F::AvailableFunds, "")]),
        case("syndicated content above USD 18,750", AmountCap, true, vec![set(F::ActivityType, "syndicated-content"), set(F::ClaimedAmount, "18750.01"), Edit::SetCostLine(VENUE_LINE, L::Amount, "20000".into())]),
        case("syndicated content at USD 18,750", AmountCap, false, vec![set(F::ActivityType, "syndicated-content"), set(F::ClaimedAmount, "18750"), Edit::SetCostLine(VENUE_LINE, L::Amount, "20000".into())]),
        case("customer offer above 25% of earned funds", AmountCap, true, vec![set(F::ActivityType, "customer-offer"), set(F::EarnedFunds, "20,000")]),
        case("customer offer at 25% of earned funds", AmountCap, false, vec![set(F::ActivityType, "customer-offer"), set(F::EarnedFunds, "27,400")]),
        case("hosted conference with 4 attendees", AmountCap, true, vec![set(F::ActivityType, "hosted-conference"), set(F::Attendees, "4")]),
        case("hosted conference above USD 5,000 a person", AmountCap, true, vec![set(F::ActivityType, "hosted-conference"), set(F::Attendees, "1")]),
        case("hosted conference within its caps", AmountCap, false, vec![set(F::ActivityType, "hosted-conference"), set(F::Attendees, "2")]),
        case("customer offer without earned funds", CapUnchecked, true, vec![set(F::ActivityType, "customer-offer"), set(F::EarnedFunds, "")]),
        case("customer offer with earned funds", CapUnchecked, false, vec![set(F::ActivityType, "customer-offer"), set(F::EarnedFunds, "27,400")]),
        case("customer offer with unreadable earned funds", CapUnchecked, false, vec![set(F::ActivityType, "customer-offer"), set(F::EarnedFunds, "lots")]),
        case("syndicated content on a EUR claim", CapUnchecked, true, vec![set(F::ActivityType, "syndicated-content"), set(F::Currency, "EUR")]),
        case("syndicated content on a USD claim", CapUnchecked, false, vec![set(F::ActivityType, "syndicated-content")]),
        case("hosted conference on a EUR claim", CapUnchecked, true, vec![set(F::ActivityType, "hosted-conference"), set(F::Attendees, "2"), set(F::Currency, "EUR")]),
        case("hosted conference on a USD claim", CapUnchecked, false, vec![set(F::ActivityType, "hosted-conference"), set(F::Attendees, "2")]),
        case("activity type without caps on a EUR claim", CapUnchecked, false, vec![set(F::Currency, "EUR")]),
        case("cost line in another currency", CurrencyMixed, true, vec![Edit::SetCostLine(VENUE_LINE, L::Currency, "EUR".into())]),
        case("cost line in another currency: the total is not judged short", AmountUnsupported, false, vec![Edit::SetCostLine(VENUE_LINE, L::Currency, "EUR".into())]),
        case("cost line amount that cannot be read: the total is not judged short", AmountUnsupported, false, vec![Edit::SetCostLine(VENUE_LINE, L::Amount, "4,2OO".into())]),
        case("cost line amount not entered: the total is not judged short", AmountUnsupported, false, vec![Edit::SetCostLine(VENUE_LINE, L::Amount, String::new())]),
        case("cost line amount negative: the total is not judged short", AmountUnsupported, false, vec![Edit::SetCostLine(VENUE_LINE, L::Amount, "-4200".into())]),
        case("claim currency changed with its lines", CurrencyMixed, false, vec![set(F::Currency, "EUR")]),
        case("no core requirements document", DocCoreRequirements, true, vec![Edit::RemoveDocument(CORE_DOC)]),
        case("core requirements retyped as other", DocCoreRequirements, true, vec![Edit::SetDocumentType(CORE_DOC, Some(DocType::Other))]),
        case("third-party line without its invoice", DocInvoice, true, vec![Edit::RemoveDocument(FIRST_INVOICE)]),
        case("invoice not linked", DocInvoice, true, vec![Edit::LinkDocument(FIRST_INVOICE, None)]),
        case("in-house line needs no invoice", DocInvoice, false, vec![Edit::SetCostLine(VENUE_LINE, L::CostType, "in-house".into())]),
        case("invoice whose cost line was removed", InvoiceUnlinked, true, vec![Edit::RemoveCostLine(VENUE_LINE)]),
        case("invoice never linked", InvoiceUnlinked, true, vec![Edit::LinkDocument(FIRST_INVOICE, None)]),
        case("invoice linked to its cost line", InvoiceUnlinked, false, vec![]),
        case("unlinked document retyped as other", InvoiceUnlinked, false, vec![Edit::RemoveCostLine(VENUE_LINE), Edit::SetDocumentType(FIRST_INVOICE, Some(DocType::Other))]),
        case("in-house work without a CSR", DocCsr, true, vec![Edit::RemoveDocument(CSR_DOC)]),
        case("no in-house work, no CSR needed", DocCsr, false, vec![Edit::RemoveDocument(CSR_DOC), Edit::RemoveCostLine(IN_HOUSE_LINE), set(F::ClaimedAmount, "5350")]),
        case("no proof of execution", DocPoe, true, (8..=10).map(Edit::RemoveDocument).collect()),
        case("one proof of execution is enough", DocPoe, false, (9..=10).map(Edit::RemoveDocument).collect()),
        case("agenda not covered", PoeItemMissing, true, vec![Edit::SetProofItem(9, "agenda".into(), false)]),
        case("agenda covered by another proof", PoeItemMissing, false, vec![Edit::SetProofItem(9, "agenda".into(), false), Edit::SetProofItem(INVITATION_POE, "agenda".into(), true)]),
        case("proof of execution without a note", DocNoteMissing, true, vec![Edit::SetDocumentNote(INVITATION_POE, " ".into())]),
        case("invoice without a note", DocNoteMissing, false, vec![Edit::SetDocumentNote(FIRST_INVOICE, "".into())]),
        case("document without a type", DocUnclassified, true, vec![Edit::AddDocument { file_name: "misc.pdf".into(), doc_type: None, file: None }]),
        case("document typed Other", DocUnclassified, false, vec![Edit::AddDocument { file_name: "misc.pdf".into(), doc_type: Some(DocType::Other), file: None }]),
        case("file of 0 bytes", FileEmpty, true, vec![add_file("empty.pdf", Some(DocType::Other), 0, "e3b0")]),
        case("file of 1 byte", FileEmpty, false, vec![add_file("tiny.pdf", Some(DocType::Other), 1, "aa")]),
        case("file over the limit", FileTooLarge, true, vec![add_file("video.wmv", Some(DocType::Other), 25 * 1024 * 1024 + 1, "bb")]),
        case("file at the limit", FileTooLarge, false, vec![add_file("video.wmv", Some(DocType::Other), 25 * 1024 * 1024, "bb")]),
        case("executable file", FileType, true, vec![add_file("setup.exe", Some(DocType::Other), 10, "cc")]),
        case("upper-case extension", FileType, false, vec![add_file("SCAN.JPG", Some(DocType::Other), 10, "cc")]),
        // Packaged as `invoice.pdf`, as Windows names it: a PDF by its name.
        case("a trailing dot or space after the extension", FileType, false, vec![add_file("invoice.pdf. ", Some(DocType::Other), 10, "cc")]),
        case("same content twice", FileDuplicate, true, vec![add_file("a.pdf", Some(DocType::Other), 10, "dd"), add_file("b.pdf", Some(DocType::Other), 10, "dd")]),
        case("different content", FileDuplicate, false, vec![add_file("a.pdf", Some(DocType::Other), 10, "dd"), add_file("b.pdf", Some(DocType::Other), 10, "ee")]),
        case("two empty files are not duplicates", FileDuplicate, false, vec![add_file("a.pdf", Some(DocType::Other), 0, "e3"), add_file("b.pdf", Some(DocType::Other), 0, "e3")]),
    ];
    let mut failures = Vec::new();
    for case in cases {
        let (mut claim, profile) = base();
        for edit in case.edits {
            claim.apply(edit, &profile);
        }
        let review = review(&claim, &profile, date(case.today));
        if review.has(case.code) != case.fires {
            let verb = if case.fires { "should fire" } else { "should not fire" };
            failures.push(format!("{}: {} {verb}; findings: {:?}", case.situation, case.code.as_str(), review.findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn an_empty_claim_lists_every_missing_field_and_document_and_never_panics() {
    let profile = Profile::default_profile();
    let review = review(&Claim::new(&profile), &profile, date(TODAY));
    let required: Vec<Target> = review.findings.iter().filter(|f| f.code == Code::FieldRequired).map(|f| f.target).collect();
    assert_eq!(
        required,
        [F::Title, F::PartnerId, F::UsageStart, F::UsageEnd, F::ActivityType, F::ActivityStart, F::ActivityEnd, F::ClaimedAmount].map(Target::Field)
    );
    for code in [Code::DocCoreRequirements, Code::DocPoe] {
        assert!(review.has(code), "{}", code.as_str());
    }
    assert!(!review.is_ready());
    assert_eq!(review.dates, ClaimDates::default());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
    /// Whatever is typed in whichever field, under whichever activity type, a finding on a
    /// claim field points at a field the page shows (one the partner can see and fix).
    #[test]
    fn every_field_finding_points_at_a_shown_field(
        edits in proptest::collection::vec((0..F::ALL.len(), "[0-9a-z ,.-]{0,6}", 0..13usize), 0..12),
    ) {
        let (mut claim, profile) = base();
        for (field, text, activity) in edits {
            let field = F::ALL[field];
            let text = if field == F::ActivityType {
                profile.activity_types.get(activity).map_or(text, |a| a.id.clone())
            } else { text };
            claim.apply(Edit::Set(field, text), &profile);
            let review = review(&claim, &profile, date(TODAY));
            for finding in &review.findings {
                if let Target::Field(target) = finding.target {
                    proptest::prop_assert!(applies(target, &claim, &profile),
                        "{} on hidden {:?} ({:?})", finding.code.as_str(), target, claim.activity_type);
                }
            }
        }
    }
}

#[test]
fn blockers_come_first_and_each_finding_points_to_its_field() {
    let (mut claim, profile) = base();
    claim.apply(set(F::PartnerId, "12ab"), &profile);
    claim.apply(set(F::Title, ""), &profile);
    let review = review(&claim, &profile, date(TODAY));
    let codes: Vec<&str> = review.findings.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["FIELD-REQUIRED", "PARTNER-ID-FORMAT"]);
    assert_eq!(review.findings[0].target.anchor(), "claim-title");
    assert_eq!(review.findings[1].target.anchor(), "claim-partner-id");
    assert_eq!(review.n_blockers(), 1);
}

#[test]
fn within_a_severity_deadline_then_money_then_documents_then_fields() {
    use Code::*;
    struct Order {
        situation: &'static str,
        today: &'static str,
        edits: Vec<Edit>,
        codes: Vec<Code>,
    }
    let cases = [
        Order {
            situation: "deadline passed and fields empty",
            today: "2027-02-15",
            edits: vec![set(F::Title, ""), set(F::PartnerId, "")],
            codes: vec![DeadlinePassed, FieldRequired, FieldRequired],
        },
        Order {
            situation: "over the funds, an invoice missing and the title empty",
            today: TODAY,
            edits: vec![set(F::Title, ""), Edit::RemoveDocument(FIRST_INVOICE), set(F::AvailableFunds, "6000")],
            codes: vec![AmountExceedsFunds, DocInvoice, FieldRequired],
        },
        Order {
            situation: "an empty file and an empty title",
            today: TODAY,
            edits: vec![set(F::Title, ""), add_file("empty.pdf", Some(DocType::Other), 0, "e3b0")],
            codes: vec![FileEmpty, FieldRequired],
        },
        Order {
            situation: "deadline close, a malformed partner ID and an empty title",
            today: "2027-01-31",
            edits: vec![set(F::PartnerId, "12ab"), set(F::Title, "")],
            codes: vec![FieldRequired, DeadlineSoon, Activity45Days, PartnerIdFormat],
        },
        Order {
            situation: "activity before the usage period and an empty title",
            today: TODAY,
            edits: vec![set(F::Title, ""), set(F::ActivityStart, "2026-06-30")],
            codes: vec![ActivityOutsideUsage, FieldRequired],
        },
    ];
    let mut failures = Vec::new();
    for case in cases {
        let (mut claim, profile) = base();
        for edit in case.edits {
            claim.apply(edit, &profile);
        }
        let found: Vec<Code> = review(&claim, &profile, date(case.today)).findings.iter().map(|f| f.code).collect();
        if found != case.codes {
            failures.push(format!("{}: {found:?}, expected {:?}", case.situation, case.codes));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn findings_name_the_values_they_are_about() {
    let (mut claim, profile) = base();
    claim.apply(set(F::ClaimedAmount, "7,000"), &profile);
    let review = review(&claim, &profile, date(TODAY));
    let finding = review.findings.iter().find(|f| f.code == Code::AmountUnsupported).expect("unsupported");
    assert_eq!(finding.arg("claimed"), Some(&Arg::Money(crate::money::Money::new(700_000, "USD"))));
    assert_eq!(finding.arg("total"), Some(&Arg::Money(crate::money::Money::new(685_000, "USD"))));
    let english = crate::i18n::Catalog::for_tag("en");
    assert_eq!(english.finding_problem(finding), "The claimed amount, $7,000.00, is more than the cost lines add up to ($6,850.00).");
}

#[test]
fn a_cost_line_without_its_invoice_is_named_by_its_description_when_it_has_one() {
    let (mut claim, profile) = base();
    claim.apply(Edit::RemoveDocument(FIRST_INVOICE), &profile);
    let (problem, _, _) = message(&claim, &profile, Code::DocInvoice, "en");
    assert!(problem.starts_with("Cost line 1 (") && problem.ends_with(") has no third-party invoice."), "{problem}");
    claim.apply(Edit::SetCostLine(VENUE_LINE, L::Description, "  ".into()), &profile);
    let (problem, _, _) = message(&claim, &profile, Code::DocInvoice, "en");
    assert_eq!(problem, "Cost line 1 has no third-party invoice.");
    let (problem, _, _) = message(&claim, &profile, Code::DocInvoice, "fr");
    assert_eq!(problem, "La ligne de coût 1 n'a pas de facture de tiers.");
}

#[test]
fn too_many_attendees_says_to_correct_the_number_and_none_is_no_count() {
    let (mut claim, profile) = base();
    claim.apply(set(F::ActivityType, "hosted-conference"), &profile);
    claim.apply(set(F::Attendees, "4"), &profile);
    let review = review(&claim, &profile, date(TODAY));
    let catalog = crate::i18n::Catalog::for_tag("en");
    let over_attendees = review.findings.iter().find(|f| f.code == Code::AmountCap && f.target == Target::Field(F::Attendees)).expect("too many attendees");
    assert!(catalog.finding_fix(over_attendees).starts_with("Microsoft reimburses at most 3 attendees per event"), "{}", catalog.finding_fix(over_attendees));
    // Over the cap of 3 attendees at $5,000.00 each: the amount's fix is its own.
    let mut over = claim.clone();
    over.apply(set(F::ClaimedAmount, "16,000.00"), &profile);
    let over_review = super::review(&over, &profile, date(TODAY));
    let over_amount = over_review.findings.iter().find(|f| f.code == Code::AmountCap && f.target == Target::Field(F::ClaimedAmount)).expect("over the cap");
    assert_eq!(catalog.finding_fix(over_amount), "Lower the claimed amount to the cap.");
    // In another currency than the cap's, only its amount per person is unchecked: the
    // number of attendees is checked (and said over), not said unchecked as well.
    claim.apply(set(F::Currency, "EUR"), &profile);
    let review_eur = super::review(&claim, &profile, date(TODAY));
    let unchecked = review_eur.findings.iter().find(|f| f.code == Code::CapUnchecked).expect("the amount per person unchecked");
    assert!(catalog.finding_problem(unchecked).contains("($5,000.00 per attendee)"), "{}", catalog.finding_problem(unchecked).replace('\u{a0}', " "));
    assert!(review_eur.findings.iter().any(|f| f.code == Code::AmountCap && f.target == Target::Field(F::Attendees)));
    claim.apply(set(F::Currency, "USD"), &profile);
    for typed in ["0", "-1", "2.5"] {
        claim.apply(set(F::Attendees, typed), &profile);
        let again = super::review(&claim, &profile, date(TODAY));
        let invalid = again.findings.iter().find(|f| f.code == Code::FieldInvalid && f.target == Target::Field(F::Attendees)).unwrap_or_else(|| panic!("{typed} attendees"));
        assert!(catalog.finding_problem(invalid).contains("enter a whole number, 1 or more"), "{}", catalog.finding_problem(invalid));
    }
}

#[test]
fn a_deadline_close_never_says_to_submit_by_a_day_gone() {
    let (claim, profile) = base();
    let fix_on = |day: &str| {
        let review = review(&claim, &profile, date(day));
        let finding = review.findings.iter().find(|f| f.code == Code::DeadlineSoon).expect("soon");
        crate::i18n::Catalog::for_tag("en").finding_fix(finding).replace('\u{a0}', " ")
    };
    // The deadline, 2027-02-14, is a Sunday: the business day before is Friday the 12th.
    assert!(fix_on("2027-02-10").starts_with("Submit the claim and every document by February 12, 2027"), "{}", fix_on("2027-02-10"));
    // On Saturday the 13th that Friday is gone: today, as the Dates card says.
    assert!(fix_on("2027-02-13").starts_with("Submit the claim and every document by February 13, 2027"), "{}", fix_on("2027-02-13"));
    assert!(fix_on("2027-02-14").starts_with("Submit the claim and every document by February 14, 2027"));
}

/// The problem and fix of the first finding of `code`, in a language.
fn message(claim: &Claim, profile: &Profile, code: Code, lang: &str) -> (String, String, String) {
    let review = review(claim, profile, date(TODAY));
    let finding = review.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{} should fire", code.as_str()));
    let catalog = crate::i18n::Catalog::for_tag(lang);
    (catalog.finding_problem(finding), catalog.finding_fix(finding), finding.target.anchor())
}

#[test]
fn an_amount_refused_for_a_character_names_it() {
    let (mut claim, profile) = base();
    claim.apply(set(F::Currency, "KRW"), &profile);
    claim.apply(set(F::ClaimedAmount, "about 5,000 won"), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert_eq!(en, "Claimed amount: “about 5,000 won” cannot be read: “about” is not part of an amount: type it as digits alone, grouped by threes if at all (1,234 or 1234).");
    let (fr, _, _) = message(&claim, &profile, Code::FieldInvalid, "fr");
    assert!(fr.replace('\u{a0}', " ").contains(": « about » ne fait pas partie d'un montant : saisissez"), "{fr}");
    // A sign the profile knows is not named: what is left is.
    claim.apply(set(F::ClaimedAmount, "₩5,000 KRWx"), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert!(en.contains("“KRWx” is not part of an amount"), "{en}");
    // A cost line's and an invoice's amount say it the same way.
    claim.apply(set(F::ClaimedAmount, "5000"), &profile);
    claim.apply(Edit::SetCostLine(VENUE_LINE, L::Amount, "4,2OO".into()), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert!(en.contains("“OO” is not part of an amount"), "{en}");
    // Refused for its grouping, not a character: said as before.
    claim.apply(Edit::SetCostLine(VENUE_LINE, L::Amount, "42 00".into()), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert!(en.ends_with("cannot be read: type it as digits, grouped by threes if at all (1,234 or 1234)."), "{en}");
}

#[test]
fn a_date_of_an_implausible_year_is_quoted_as_the_field_shows_it() {
    let (mut claim, profile) = base();
    claim.apply(set(F::UsageStart, "20260-07-01"), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert_eq!(en.replace('\u{a0}', " "), "Usage period start: “July 1, 20260” cannot be read: not a valid date (years 1990 to 2100).");
    let (fr, _, _) = message(&claim, &profile, Code::FieldInvalid, "fr");
    assert!(fr.replace('\u{a0}', " ").contains("« 1er juillet 20260 »"), "{fr}");
    // A year typed short keeps its four digits when quoted: 0202, not 202.
    claim.apply(set(F::UsageStart, "0202-07-01"), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert!(en.replace('\u{a0}', " ").contains("“July 1, 0202”"), "{en}");
    // A date that is no date is quoted as typed.
    claim.apply(set(F::UsageStart, "2026-02-30"), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert!(en.contains("“2026-02-30”"), "{en}");
}

/// Types the usage period and the activity's dates, each as (start, end), in that order.
fn with_dates(claim: &mut Claim, profile: &Profile, usage: (&str, &str), activity: (&str, &str)) {
    claim.apply(set(F::UsageStart, usage.0), profile);
    claim.apply(set(F::UsageEnd, usage.1), profile);
    claim.apply(set(F::ActivityStart, activity.0), profile);
    claim.apply(set(F::ActivityEnd, activity.1), profile);
}

#[test]
fn an_activity_outside_the_usage_period_names_the_earning_period_to_choose() {
    let (mut claim, profile) = base();
    // The example's usage period is the current one; an activity of August 2018 belongs
    // to the usage period of FY18 H2 (earned January to June 2018).
    claim.apply(set(F::ActivityStart, "2018-08-01"), &profile);
    claim.apply(set(F::ActivityEnd, "2018-08-31"), &profile);
    let (_, fix, _) = message(&claim, &profile, Code::ActivityOutsideUsage, "en");
    assert_eq!(fix, "Choose the earning period FY18\u{a0}H2 (January\u{a0}1,\u{a0}2018 to June\u{a0}30,\u{a0}2018): its usage period, July\u{a0}1,\u{a0}2018 to December\u{a0}31,\u{a0}2018, holds the activity. Or correct the activity dates.");
    let (_, fix, _) = message(&claim, &profile, Code::ActivityOutsideUsage, "fr");
    assert!(fix.starts_with("Choisissez la période d'acquisition S2\u{a0}de l'exercice\u{a0}2018 (du 1er\u{a0}janvier\u{a0}2018 au 30\u{a0}juin\u{a0}2018)"), "{fix}");
    claim.apply(set(F::ActivityStart, "2018-06-15"), &profile);
    let (_, fix, _) = message(&claim, &profile, Code::ActivityOutsideUsage, "en");
    assert!(fix.starts_with("No usage period holds the whole activity"), "{fix}");
}

/// A usage period of six months from another first day than a fiscal half's (typed by
/// hand, a month off) is no usage period: said, with the earning period to choose and
/// the usage period it gives, for the deadline counted from its end would be a month off.
/// One of the wrong length from a half's first day still says where it ends.
#[test]
fn a_usage_period_a_month_off_the_fiscal_half_names_the_earning_period_to_choose() {
    let (mut claim, profile) = base();
    with_dates(&mut claim, &profile, ("2026-08-01", "2027-01-31"), ("2026-09-01", "2026-09-02"));
    let (problem, fix, anchor) = message(&claim, &profile, Code::UsagePeriodLength, "en");
    let plain = |text: &str| text.replace('\u{a0}', " ");
    assert_eq!(plain(&problem), "The usage period (August 1, 2026 to January 31, 2027) does not follow an earning period: a usage period starts on the first of January or of July, the day after an earning period ends, and the claim deadline counts from its end.");
    assert_eq!(plain(&fix), "Choose the earning period FY26 H2 (January 1, 2026 to June 30, 2026): it fills in the usage period July 1, 2026 to December 31, 2026.");
    assert_eq!(anchor, Target::Field(F::UsageEnd).anchor());
    let (problem, fix, _) = message(&claim, &profile, Code::UsagePeriodLength, "fr");
    assert!(plain(&problem).starts_with("La période d'utilisation (du 1er août 2026 au 31 janvier 2027) ne suit pas"), "{problem}");
    assert!(plain(&fix).contains("du 1er juillet 2026 au 31 décembre 2026"), "{fix}");
    // From a half's first day, the wrong length: where it ends.
    claim.apply(set(F::UsageStart, "2026-07-01"), &profile);
    claim.apply(set(F::UsageEnd, "2026-11-30"), &profile);
    let (problem, fix, _) = message(&claim, &profile, Code::UsagePeriodLength, "en");
    assert_eq!(plain(&problem), "The usage period is not 6 months long.");
    assert!(plain(&fix).contains("from this start it ends on December 31, 2026"), "{fix}");
    claim.apply(set(F::UsageEnd, "2026-12-31"), &profile);
    assert!(review(&claim, &profile, date(TODAY)).findings.iter().all(|finding| finding.code != Code::UsagePeriodLength));
}

#[test]
fn a_message_never_nests_parentheses() {
    let invalid = [set(F::ActivityStart, "2026-02-30"), set(F::ClaimedAmount, "12abc"), set(F::Currency, "XYZ"), set(F::ClaimedAmount, "€5")];
    for edit in invalid {
        let (mut claim, profile) = base();
        claim.apply(edit.clone(), &profile);
        for lang in ["en", "fr"] {
            let (said, _, _) = message(&claim, &profile, Code::FieldInvalid, lang);
            let mut depth = 0_i32;
            for c in said.chars() {
                depth += match c { '(' => 1, ')' => -1, _ => 0 };
                assert!(depth <= 1, "{lang}: nested parentheses in {said:?}");
            }
        }
    }
}

#[test]
fn amounts_typed_with_a_currency_sign_read_as_the_amount() {
    let profile = Profile::default_profile();
    let cases = [
        ("$1,234.50", "USD", Entry::Valid(123_450)),
        ("US$ 1,234.50", "USD", Entry::Valid(123_450)),
        ("1 234,50 €", "EUR", Entry::Valid(123_450)),
        ("€1234", "EUR", Entry::Valid(123_400)),
        ("EUR 12", "EUR", Entry::Valid(1_200)),
        ("12 eur", "EUR", Entry::Valid(1_200)),
        ("¥5000", "JPY", Entry::Valid(5_000)),
        ("CA$ 10", "CAD", Entry::Valid(1_000)),
        // As French writes them (the page's own `$US`), in France and in Québec.
        ("6 850,00 $US", "USD", Entry::Valid(685_000)),
        ("1 234,50 $ CA", "CAD", Entry::Valid(123_450)),
        ("1\u{202f}234,50\u{a0}$\u{a0}CA", "CAD", Entry::Valid(123_450)),
        ("1 234,50 $ NZ", "NZD", Entry::Valid(123_450)),
        ("12 $US", "CAD", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        // A sign written in capitals, of letters beyond ASCII's too.
        ("1 234,50 ZŁOTY", "PLN", Entry::Valid(123_450)),
        ("1 234,50 ZŁOTYCH", "PLN", Entry::Valid(123_450)),
        ("1 234,50 ZŁ", "PLN", Entry::Valid(123_450)),
        ("12 ZŁOTY", "EUR", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        ("$10", "CAD", Entry::Valid(1_000)),
        ("12", "", Entry::Valid(1_200)),
        ("€12", "", Entry::Valid(1_200)),
        ("-$5", "USD", Entry::Invalid(Invalid::Amount(AmountError::Negative))),
        ("$-5", "USD", Entry::Invalid(Invalid::Amount(AmountError::Negative))),
        ("€", "EUR", Entry::Invalid(Invalid::Amount(AmountError::NotANumber))),
        ("€12", "USD", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        ("US$ 12", "CAD", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        ("12 GBP", "EUR", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        // A sign and a code both, as invoices and Partner Center print them: of one
        // currency, read; of two, another currency than one of them.
        ("$1,234.56 USD", "USD", Entry::Valid(123_456)),
        ("USD $1,234.56", "USD", Entry::Valid(123_456)),
        ("$1,234.56 CAD", "CAD", Entry::Valid(123_456)),
        ("€1.234,56 EUR", "EUR", Entry::Valid(123_456)),
        ("-$5 USD", "USD", Entry::Invalid(Invalid::Amount(AmountError::Negative))),
        ("$1,234.56 CAD", "USD", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        ("€100 USD", "USD", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        ("€100 USD", "EUR", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        ("$ 5 $ 6", "USD", Entry::Invalid(Invalid::Amount(AmountError::NotANumber))),
        // Pasted with what the eye does not see: marks of writing direction, zero-width
        // spaces, thin and figure spaces grouping the thousands.
        ("\u{200f}1,234.56 ₪", "ILS", Entry::Valid(123_456)),
        ("\u{feff}1\u{2009}234,56\u{200b} €", "EUR", Entry::Valid(123_456)),
        ("1\u{2007}234", "EUR", Entry::Valid(123_400)),
        ("\u{061c}12", "AED", Entry::Valid(1_200)),
        // A plus sign stands apart as a minus does.
        ("+ 1234", "USD", Entry::Valid(123_400)),
        ("+1234", "USD", Entry::Valid(123_400)),
        // The currency's name, as partners write it out (the profile's `symbols`).
        ("12 dollars", "USD", Entry::Valid(1_200)),
        ("12 Dollars", "CAD", Entry::Valid(1_200)),
        ("5 000 euros", "EUR", Entry::Valid(500_000)),
        ("5,000 won", "KRW", Entry::Valid(5_000)),
        ("12 dollars", "EUR", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        ("5 000 euros", "USD", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
        // A sign that ends in a dot, after the amount.
        ("1 234 Fr.", "CHF", Entry::Valid(123_400)),
        ("5,000 Rs.", "INR", Entry::Valid(500_000)),
        ("1,234.", "USD", Entry::Valid(123_400)),
        // A sign ending in a letter is not the end of a word (`Rs` of `hrs`).
        ("12 hrs", "INR", Entry::Invalid(Invalid::Amount(AmountError::NotANumber))),
        // As keyboards of other scripts type them: full-width forms, other digits, the
        // everyday abbreviations.
        ("￥１，２３４", "JPY", Entry::Valid(1_234)),
        ("１２３４円", "JPY", Entry::Valid(1_234)),
        ("1,234.00", "JPY", Entry::Valid(1_234)),
        ("￦5000", "KRW", Entry::Valid(5_000)),
        ("5,000원", "KRW", Entry::Valid(5_000)),
        ("Rs. 1,234", "INR", Entry::Valid(123_400)),
        ("RMB 1234", "CNY", Entry::Valid(123_400)),
        ("٢٥٠٠", "AED", Entry::Valid(250_000)),
        ("٢٬٥٠٠٫٥٠", "AED", Entry::Valid(250_050)),
        ("१२३४", "INR", Entry::Valid(123_400)),
        ("￥１２３４", "USD", Entry::Invalid(Invalid::Amount(AmountError::OtherCurrency))),
    ];
    for (text, currency, expected) in cases {
        assert_eq!(read_money(text, currency, &profile), expected, "{text:?} in {currency:?}");
    }
}

/// An amount typed as the page shows it is read back as that amount: in every language,
/// in every currency of the profile (French writes `6 850,00 $US`).
#[test]
fn every_amount_the_page_writes_reads_back_as_itself() {
    let profile = Profile::default_profile();
    for lang in crate::i18n::LANGUAGES {
        let catalog = crate::i18n::Catalog::for_tag(lang);
        for currency in &profile.currencies {
            let minor = if currency.minor_digits == 0 { 6_850 } else { 685_050 };
            let shown = catalog.money(&crate::money::Money::new(minor, &currency.code), Some(&profile));
            assert_eq!(read_money(&shown, &currency.code, &profile), Entry::Valid(minor), "{lang}: {shown:?} in {}", currency.code);
        }
    }
}

#[test]
fn an_ambiguous_amount_says_both_readings_in_both_languages() {
    let (mut claim, profile) = base();
    claim.apply(set(F::Currency, "EUR"), &profile);
    claim.apply(set(F::ClaimedAmount, "1,234"), &profile);
    let (said, fix, anchor) = message(&claim, &profile, Code::AmountAmbiguous, "en");
    assert_eq!(said, "“1,234” is read as €1,234.00, the separator grouping thousands; it could also mean 1.234, the separator as a decimal point.");
    assert!(fix.contains("type 1234 without the separator"), "{fix}");
    assert_eq!(anchor, "claim-claimed-amount");
    let (said, _, _) = message(&claim, &profile, Code::AmountAmbiguous, "fr");
    assert_eq!(said, "«\u{a0}1,234\u{a0}» est lu comme 1\u{202f}234,00\u{a0}€, le séparateur groupant les milliers\u{202f}; s'il marquait les décimales, le montant serait de 1,234 seulement.");
    // The decimal reading is written as amounts are, when the currency has room for it.
    for (typed, other) in [("1.000", "1.00"), ("1.500", "1.50"), ("2,050", "2.05"), ("1.230", "1.23"), ("1.234", "1.234")] {
        claim.apply(set(F::ClaimedAmount, typed), &profile);
        let (said, fix, _) = message(&claim, &profile, Code::AmountAmbiguous, "en");
        assert!(said.ends_with(&format!("it could also mean {other}, the separator as a decimal point.")), "{typed}: {said}");
        // The way to say the thousands reading keeps every digit typed.
        let plain: String = typed.chars().filter(char::is_ascii_digit).collect();
        assert!(fix.contains(&format!("type {plain} without the separator")), "{typed}: {fix}");
    }
}

#[test]
fn an_unchecked_cap_says_what_it_takes_to_check_it() {
    struct Unchecked {
        situation: &'static str,
        edits: Vec<Edit>,
        anchor: &'static str,
        en: [&'static str; 2],
        fr: [&'static str; 2],
    }
    let cases = [
        Unchecked {
            situation: "customer offer without earned funds",
            edits: vec![set(F::ActivityType, "customer-offer"), set(F::EarnedFunds, "")],
            anchor: "claim-earned-funds",
            en: ["Customer offer has a cap (at most 25% of the earned co-op funds per usage period) that could not be checked.", "Enter the Earned funds"],
            fr: ["L'activité «\u{a0}Offre client\u{a0}» a un plafond (au plus 25\u{a0}% des fonds Co-op acquis par période d'utilisation) qui n'a pas pu être vérifié.", "Saisissez les fonds acquis"],
        },
        Unchecked {
            situation: "syndicated content on a EUR claim",
            edits: vec![set(F::ActivityType, "syndicated-content"), set(F::Currency, "EUR")],
            anchor: "claim-claimed-amount",
            en: ["(at most $18,750.00 per usage period)", "The cap is in USD and the claim in EUR"],
            fr: ["(au plus 18\u{202f}750,00\u{a0}$US par période d'utilisation)", "Le plafond est en USD et la demande en EUR"],
        },
    ];
    for case in cases {
        let (mut claim, profile) = base();
        for edit in case.edits {
            claim.apply(edit, &profile);
        }
        for (lang, [problem, fix]) in [("en", case.en), ("fr", case.fr)] {
            let (said, fixed, anchor) = message(&claim, &profile, Code::CapUnchecked, lang);
            assert!(said.contains(problem), "{} ({lang}): {said}", case.situation);
            assert!(fixed.starts_with(fix), "{} ({lang}): {fixed}", case.situation);
            assert_eq!(anchor, case.anchor, "{}", case.situation);
        }
    }
}

#[test]
fn the_metric_message_names_the_activity_types_own_metric() {
    let cases = [
        ("seminar-webinar", "Registered guests", "Invités inscrits"),
        ("digital-advertising", "Results summary (e.g. click-through rate)", "Synthèse des résultats (par ex. taux de clics)"),
        ("telemarketing", "Calls and successful contacts", "Appels et contacts aboutis"),
    ];
    for (activity, en, fr) in cases {
        let (mut claim, profile) = base();
        claim.apply(set(F::ActivityType, activity), &profile);
        claim.apply(set(F::Metric, ""), &profile);
        for (lang, metric, other) in [("en", en, "registered guests"), ("fr", fr, "invités inscrits")] {
            let (problem, fix, _) = message(&claim, &profile, Code::MetricsMissing, lang);
            assert!(problem.contains(metric) && fix.contains(metric), "{activity} ({lang}): {problem} / {fix}");
            if activity != "seminar-webinar" {
                assert!(!fix.to_lowercase().contains(other), "{activity} ({lang}) speaks of another metric: {fix}");
            }
        }
    }
}

#[test]
fn dates_follow_the_usage_period_and_activity() {
    let (mut claim, profile) = base();
    with_dates(&mut claim, &profile, ("2018-07-01", "2018-12-31"), ("2018-08-01", "2018-08-31"));
    let dates = review(&claim, &profile, date(TODAY)).dates;
    assert_eq!(dates.claim_deadline.map(|d| d.effective()), Some(date("2019-02-14")));
    assert_eq!(dates.recommended_submission, Some(date("2018-10-15")));
    assert_eq!(dates.retention_end, Some(date("2020-08-31")));
}

#[test]
fn codes_round_trip_through_their_names() {
    for code in Code::ALL {
        assert_eq!(Code::from_name(code.as_str()), Some(*code));
        let json = serde_json::to_string(code).expect("serialize");
        assert_eq!(serde_json::from_str::<Code>(&json).expect("deserialize"), *code);
    }
    assert!(serde_json::from_str::<Code>("\"NO-SUCH\"").is_err());
}

#[test]
fn a_document_that_failed_its_package_check_is_a_blocker_until_replaced_or_accepted() {
    use crate::claim::Integrity;
    let (claim, profile) = base();
    let mark = |claim: &mut Claim, integrity: Integrity| {
        claim.documents.iter_mut().filter(|d| d.id == CORE_DOC).for_each(|d| d.integrity = Some(integrity.clone()));
    };
    let findings = |claim: &Claim| review(claim, &profile, date(TODAY)).findings.into_iter().map(|f| (f.code, f.target)).collect::<Vec<_>>();
    let on_row = Target::Document(CORE_DOC, crate::claim::DocumentField::File);

    let mut altered = claim.clone();
    altered.apply(Edit::SetDocumentFile(CORE_DOC, file(3, "dd")), &profile);
    mark(&mut altered, Integrity::altered(&"aa".repeat(32)));
    assert_eq!(findings(&altered), [(Code::PackageDocAltered, on_row)]);
    assert_eq!(Code::PackageDocAltered.severity(), Severity::Blocker);
    // Another file that is not the original: refused, the package's file stays (and is
    // the one Accept accepts), and so does the blocker. The file it has, read again, too.
    let packaged = altered.document(CORE_DOC).and_then(|d| d.file.clone());
    assert!(packaged.is_some());
    for other in [file(3, "bb"), packaged.clone()] {
        let before = altered.clone();
        altered.apply(Edit::SetDocumentFile(CORE_DOC, other), &profile);
        assert_eq!(altered, before);
        assert_eq!(findings(&altered), [(Code::PackageDocAltered, on_row)]);
    }
    // The original again: gone.
    let mut replaced = altered.clone();
    replaced.apply(Edit::SetDocumentFile(CORE_DOC, file(3, &"aa".repeat(32))), &profile);
    assert_eq!(findings(&replaced), []);
    // Accepted as it is: gone, and it stays gone when saved and read back.
    let mut accepted = altered.clone();
    accepted.apply(Edit::AcceptDocumentFile(CORE_DOC), &profile);
    assert_eq!(findings(&accepted), []);
    assert_eq!(accepted.document(CORE_DOC).and_then(|d| d.file.clone()), packaged, "the package's file accepted");

    let mut missing = claim.clone();
    mark(&mut missing, Integrity::missing(&"cc".repeat(32)));
    assert_eq!(findings(&missing), [(Code::PackageDocMissing, on_row)]);
    missing.apply(Edit::AcceptDocumentFile(CORE_DOC), &profile);
    assert_eq!(findings(&missing), [(Code::PackageDocMissing, on_row)], "a missing file cannot be accepted");
    let before = missing.clone();
    missing.apply(Edit::SetDocumentFile(CORE_DOC, file(3, "bb")), &profile);
    assert_eq!(missing, before, "nor another file given in its place");
    // A mark that records no SHA-256 (a backup's, of a file never read) takes the file given.
    let mut unknown = claim.clone();
    mark(&mut unknown, Integrity::left_out(""));
    unknown.apply(Edit::SetDocumentFile(CORE_DOC, file(3, "bb")), &profile);
    assert_eq!(findings(&unknown), []);
    assert_eq!(unknown.document(CORE_DOC).and_then(|d| d.file.as_ref()).map(|f| f.sha256.as_str()), Some("bb"));
    // Kept with the claim: saved and read back, the mark is still there.
    let stored: Claim = serde_json::from_slice(&serde_json::to_vec_pretty(&missing).expect("json")).expect("reads back");
    assert_eq!(findings(&stored), [(Code::PackageDocMissing, on_row)]);
    // A claim stored before the mark existed still loads, unmarked.
    let old = serde_json::to_string(&claim).expect("json");
    assert!(!old.contains("integrity"));
    assert_eq!(serde_json::from_str::<Claim>(&old).expect("old claim"), claim);
}

/// A document `name` added with a file of SHA-256 `sha`, then what the reader found in it.
fn read_as(claim: &mut Claim, profile: &Profile, name: &str, doc_type: DocType, inspection: crate::evidence::Inspection) -> u32 {
    claim.apply(add_file(name, Some(doc_type), 1000, "f1"), profile);
    let id = claim.next_id - 1;
    claim.apply(Edit::SetInspection(id, crate::evidence::Inspection { sha256: "f1".into(), ..inspection }), profile);
    id
}

#[test]
fn what_the_reader_found_fires_each_evidence_code_and_its_near_miss_does_not() {
    use crate::evidence::{Inspection, Kind, PdfState};
    let seen = |kind| Inspection { kind, ..Inspection::default() };
    let pdf = |state| Inspection { kind: Kind::Pdf, pdf: Some(state), pages: Some(2), ..Inspection::default() };
    let image = |width, height| Inspection { kind: Kind::Png, width: Some(width), height: Some(height), ..Inspection::default() };
    let cases: Vec<(&str, &str, DocType, Inspection, Option<Code>)> = vec![
        ("a program named .pdf", "Invoice_Contoso_March.pdf", DocType::Invoice, seen(Kind::Executable), Some(Code::FileExecutable)),
        ("a shell script named .pdf", "invoice.pdf", DocType::Invoice, seen(Kind::Script), Some(Code::FileExecutable)),
        ("a ZIP named .png", "booth.png", DocType::ProofOfExecution, seen(Kind::Zip), Some(Code::FileContentMismatch)),
        ("text named .docx", "agenda.docx", DocType::ProofOfExecution, seen(Kind::Text), Some(Code::FileContentMismatch)),
        ("a docx named .docx", "agenda.docx", DocType::ProofOfExecution, seen(Kind::Docx), None),
        ("an AVIF named .avif", "booth.avif", DocType::ProofOfExecution, seen(Kind::Avif), None),
        ("an AVIF named .heic", "booth.heic", DocType::ProofOfExecution, seen(Kind::Avif), Some(Code::FileContentMismatch)),
        ("RTF named .doc", "agenda.doc", DocType::ProofOfExecution, seen(Kind::Rtf), None),
        ("a CSV", "attendees.csv", DocType::ProofOfExecution, seen(Kind::Text), None),
        ("unknown bytes named .pdf", "scan.pdf", DocType::Invoice, seen(Kind::Unknown), Some(Code::PdfDamaged)),
        ("a PDF that needs a password", "locked.pdf", DocType::Invoice, pdf(PdfState::Encrypted), Some(Code::PdfEncrypted)),
        ("a PDF cut short", "cut.pdf", DocType::Invoice, pdf(PdfState::NoEnd), Some(Code::PdfDamaged)),
        ("a PDF with a broken cross-reference", "broken.pdf", DocType::Invoice, pdf(PdfState::BrokenXref), Some(Code::PdfDamaged)),
        ("a scanned PDF", "scan.pdf", DocType::Invoice, pdf(PdfState::NoText), Some(Code::PdfNoText)),
        ("a PDF with text", "invoice.pdf", DocType::Invoice, pdf(PdfState::Text), None),
        ("a PDF too large to read", "huge.pdf", DocType::Invoice, pdf(PdfState::NotRead), None),
        ("a small screenshot as proof", "shot.png", DocType::ProofOfExecution, image(599, 300), Some(Code::ImageSmall)),
        ("a screenshot of 600 px as proof", "shot.png", DocType::ProofOfExecution, image(600, 300), None),
        ("a small image that is not proof", "logo.png", DocType::Other, image(100, 100), None),
        // The reader stopped on it: said to be unchecked, not damaged (nothing is known).
        ("a PDF the reader stopped on", "objstm.pdf", DocType::Invoice, Inspection { stopped: true, ..Inspection::default() }, Some(Code::DocUnchecked)),
    ];
    let evidence = [Code::FileExecutable, Code::FileContentMismatch, Code::PdfEncrypted, Code::PdfDamaged, Code::PdfNoText, Code::ImageSmall, Code::DocUnchecked];
    let mut failures = Vec::new();
    for (situation, name, doc_type, inspection, expected) in cases {
        let (mut claim, profile) = base();
        let id = read_as(&mut claim, &profile, name, doc_type, inspection);
        let review = review(&claim, &profile, date(TODAY));
        let fired: Vec<Code> = review.findings.iter().filter(|f| evidence.contains(&f.code) && f.target == Target::Document(id, DocumentField::File)).map(|f| f.code).collect();
        if fired != expected.into_iter().collect::<Vec<_>>() {
            failures.push(format!("{situation}: expected {expected:?}, fired {fired:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_word_document_cut_short_is_said_to_be_one_whatever_its_name() {
    use crate::evidence::{Inspection, Kind};
    let (mut claim, profile) = base();
    let id = read_as(&mut claim, &profile, "agenda.docx", DocType::Other, Inspection { kind: Kind::Zip, cut_short: Some(Kind::Docx), ..Inspection::default() });
    let review_now = review(&claim, &profile, date(TODAY));
    let codes: Vec<Code> = review_now.findings.iter().filter(|f| f.target == Target::Document(id, DocumentField::File)).map(|f| f.code).collect();
    assert_eq!(codes, [Code::FileCutShort], "not FILE-CONTENT-MISMATCH ('its content is a ZIP archive')");
    assert!(review_now.findings.iter().any(|f| f.code == Code::FileCutShort && f.severity == crate::rules::Severity::Blocker));
    let (en, fix, _) = message(&claim, &profile, Code::FileCutShort, "en");
    assert_eq!(en, "agenda.docx is a Word document, but its end is missing: the file was cut short, as when a download or a copy stops early, and it would not open.");
    assert!(fix.starts_with("Download or copy it again"), "{fix}");
    let (fr, _, _) = message(&claim, &profile, Code::FileCutShort, "fr");
    assert!(fr.starts_with("agenda.docx est un document Word, mais sa fin manque\u{a0}:"), "{fr}");
    // Named as something else, it is still said cut short, as what it is.
    let (mut claim, profile) = base();
    read_as(&mut claim, &profile, "agenda.pdf", DocType::Other, Inspection { kind: Kind::Zip, cut_short: Some(Kind::Docx), ..Inspection::default() });
    let (en, _, _) = message(&claim, &profile, Code::FileCutShort, "en");
    assert!(en.starts_with("agenda.pdf is a Word document, but its end is missing"), "{en}");
    // Cut in its first part (nothing to tell it by): what its name says, if a ZIP too.
    for (name, said) in [("agenda.docx", "agenda.docx is a Word document,"), ("photos.zip", "photos.zip is a ZIP archive,"), ("agenda.pdf", "agenda.pdf is a ZIP archive,")] {
        let (mut claim, profile) = base();
        read_as(&mut claim, &profile, name, DocType::Other, Inspection { kind: Kind::Zip, cut_short: Some(Kind::Zip), ..Inspection::default() });
        let (en, _, _) = message(&claim, &profile, Code::FileCutShort, "en");
        assert!(en.starts_with(said), "{en}");
    }
    // A reading of an earlier version (no `cut_short`, saved by a tab of it): a ZIP not
    // what its name says, as before.
    let (mut claim, profile) = base();
    read_as(&mut claim, &profile, "agenda.docx", DocType::Other, Inspection { kind: Kind::Zip, ..Inspection::default() });
    assert!(review(&claim, &profile, date(TODAY)).has(Code::FileContentMismatch));
}

#[test]
fn an_avif_photo_is_said_to_be_one_not_heic() {
    use crate::evidence::{Inspection, Kind};
    let (mut claim, profile) = base();
    read_as(&mut claim, &profile, "booth.jpg", DocType::ProofOfExecution, Inspection { kind: Kind::Avif, ..Inspection::default() });
    let (en, _, _) = message(&claim, &profile, Code::FileContentMismatch, "en");
    assert_eq!(en, "booth.jpg is named as a JPEG image, but its content is an AVIF image.");
    let (fr, _, _) = message(&claim, &profile, Code::FileContentMismatch, "fr");
    assert!(fr.ends_with("une image AVIF."), "{fr}");
}

#[test]
fn an_inspection_of_another_file_does_not_count_and_a_program_is_known_by_its_name() {
    use crate::evidence::{Inspection, Kind};
    let (mut claim, profile) = base();
    let id = read_as(&mut claim, &profile, "invoice.pdf", DocType::Invoice, Inspection { kind: Kind::Executable, ..Inspection::default() });
    assert!(review(&claim, &profile, date(TODAY)).has(Code::FileExecutable));
    // The partner gives the document another file: the old inspection no longer speaks for it.
    claim.apply(Edit::SetDocumentFile(id, file(2000, "f2")), &profile);
    assert!(!review(&claim, &profile, date(TODAY)).has(Code::FileExecutable));
    // An inspection of other bytes is not taken at all.
    claim.apply(Edit::SetInspection(id, Inspection { sha256: "zz".into(), kind: Kind::Executable, ..Inspection::default() }), &profile);
    assert!(claim.document(id).is_some_and(|d| d.inspection().is_none()));
    // A batch file is a script whatever the reader says of its text.
    claim.apply(add_file("run.bat", Some(DocType::Other), 10, "f3"), &profile);
    let review = review(&claim, &profile, date(TODAY));
    assert!(review.has(Code::FileExecutable));
    let (message, _, _) = message(&claim, &profile, Code::FileExecutable, "fr");
    assert!(message.starts_with("run.bat est un fichier à extension de programme\u{a0}: un ordinateur l'exécuterait"), "{message}");
    // A PDF under a program's name is a program by its name, and said to be one by it
    // (not "is a PDF: it runs").
    let (mut claim, profile) = base();
    read_as(&mut claim, &profile, "report.exe", DocType::Other, Inspection { kind: Kind::Pdf, ..Inspection::default() });
    let (said, _, _) = self::message(&claim, &profile, Code::FileExecutable, "en");
    assert!(said.starts_with("report.exe is named as a program: a computer would run it rather than open it"), "{said}");
    // A program whatever its name is said to be one by its content.
    let (mut claim, profile) = base();
    read_as(&mut claim, &profile, "report.pdf", DocType::Other, Inspection { kind: Kind::Script, ..Inspection::default() });
    let (said, _, _) = self::message(&claim, &profile, Code::FileExecutable, "en");
    assert!(said.starts_with("report.pdf is a script: a computer would run it"), "{said}");
}

#[test]
fn a_cost_line_paid_by_several_invoices_is_held_to_their_totals_together() {
    use crate::claim::InvoiceField as I;
    // The venue line claims 4,200.00: a deposit invoice and the balance.
    let (mut claim, profile) = base();
    claim.apply(Edit::SetInvoiceFact(FIRST_INVOICE, I::Total, "2,000.00".into()), &profile);
    claim.apply(add_file("balance.pdf", Some(DocType::Invoice), 100, "c3"), &profile);
    let balance = claim.next_id - 1;
    claim.apply(Edit::LinkDocument(balance, Some(VENUE_LINE)), &profile);
    let totals = |claim: &Claim| -> Vec<(Code, Target)> {
        review(claim, &profile, date(TODAY)).findings.iter().filter(|f| matches!(f.code, Code::InvoiceTotalMismatch | Code::InvoicePartial)).map(|f| (f.code, f.target)).collect()
    };
    assert_eq!(totals(&claim), vec![], "the balance's total not known yet: the line is not judged");
    claim.apply(Edit::SetInvoiceFact(balance, I::Total, "2,200.00".into()), &profile);
    assert_eq!(totals(&claim), vec![], "2,000.00 and 2,200.00 pay the 4,200.00 in full: no blocker for either");
    claim.apply(Edit::SetInvoiceFact(balance, I::Total, "2,000.00".into()), &profile);
    let first_total = Target::Document(FIRST_INVOICE, DocumentField::Invoice(I::Total));
    assert_eq!(totals(&claim), vec![(Code::InvoiceTotalMismatch, first_total)], "4,000.00 together: one blocker, on the first invoice");
    let (en, _, _) = message(&claim, &profile, Code::InvoiceTotalMismatch, "en");
    assert_eq!(en, "Cost line 1 claims $4,200.00, more than its 2 invoices together, $4,000.00.");
    let (fr, _, _) = message(&claim, &profile, Code::InvoiceTotalMismatch, "fr");
    assert!(fr.contains("plus que ses 2\u{a0}factures réunies"), "{fr}");
    claim.apply(Edit::SetInvoiceFact(balance, I::Total, "3,000.00".into()), &profile);
    assert_eq!(totals(&claim), vec![(Code::InvoicePartial, first_total)], "5,000.00 together: part of them claimed");
    // An invoice of the line in another currency: said, and the line's total not judged.
    claim.apply(Edit::SetInvoiceFact(balance, I::Total, "2,000.00".into()), &profile);
    claim.apply(Edit::SetInvoiceFact(balance, I::Currency, "EUR".into()), &profile);
    assert_eq!(totals(&claim), vec![]);
    assert!(review(&claim, &profile, date(TODAY)).has(Code::InvoiceCurrency));
    // Its fix names the claim's currency, as CURRENCY-MIXED's does, even for a line in
    // another: the two never send the partner to each other.
    let line = claim.cost_lines[0].id;
    claim.apply(Edit::SetCostLine(line, L::Currency, "GBP".into()), &profile);
    let (_, fix, _) = message(&claim, &profile, Code::InvoiceCurrency, "en");
    assert!(fix.starts_with("A claim is in one currency: enter the cost line in USD,"), "{fix}");
    let (_, mixed, _) = message(&claim, &profile, Code::CurrencyMixed, "en");
    assert!(mixed.contains("enter the cost in USD"), "{mixed}");
}

#[test]
fn one_invoice_in_two_files_of_a_claim_is_said_to_count_twice() {
    use crate::claim::InvoiceField as I;
    let (mut claim, profile) = base();
    let first = claim.documents.iter().find(|document| document.id == FIRST_INVOICE).expect("invoice");
    let (number, first_name) = (first.invoice.number.clone().expect("the example's number"), first.file_name.clone());
    // A scan of the venue's invoice beside its PDF, on the same line: its total would pay
    // the line twice.
    claim.apply(add_file("venue scan.jpg", Some(DocType::Invoice), 100, "d4"), &profile);
    let scan = claim.next_id - 1;
    claim.apply(Edit::LinkDocument(scan, Some(VENUE_LINE)), &profile);
    let repeated = |claim: &Claim| review(claim, &profile, date(TODAY)).findings.iter().filter(|f| f.code == Code::InvoiceRepeated).map(|f| f.target).collect::<Vec<_>>();
    assert_eq!(repeated(&claim), vec![], "no number yet");
    claim.apply(Edit::SetInvoiceFact(scan, I::Number, format!(" {} ", number.to_lowercase())), &profile);
    assert_eq!(repeated(&claim), vec![Target::Document(scan, DocumentField::Invoice(I::Number))], "the same number and vendor, case and spaces aside");
    let (en, _, _) = message(&claim, &profile, Code::InvoiceRepeated, "en");
    assert_eq!(en, format!("venue scan.jpg and {first_name} are the same invoice, number {}: it counts twice in this claim.", number.to_lowercase()));
    let (fr, _, _) = message(&claim, &profile, Code::InvoiceRepeated, "fr");
    assert!(fr.starts_with(&format!("venue scan.jpg et {first_name} sont la même facture")), "{fr}");
    // Its total pays the line once: the venue line's 4,200.00 is more than the bill.
    claim.apply(Edit::SetInvoiceFact(FIRST_INVOICE, I::Total, "2,100.00".into()), &profile);
    claim.apply(Edit::SetInvoiceFact(scan, I::Total, "2,100.00".into()), &profile);
    let (en, _, _) = message(&claim, &profile, Code::InvoiceTotalMismatch, "en");
    assert_eq!(en, format!("Cost line 1 claims $4,200.00, more than the total of its invoice {first_name}, $2,100.00."));
    // On another cost line of the same vendor's, it is still the one bill.
    claim.apply(Edit::LinkDocument(scan, Some(IN_HOUSE_LINE)), &profile);
    let in_house_vendor = claim.cost_lines.iter().find(|line| line.id == IN_HOUSE_LINE).map(|line| line.vendor.clone()).unwrap_or_default();
    let venue_vendor = claim.cost_lines.iter().find(|line| line.id == VENUE_LINE).map(|line| line.vendor.clone()).unwrap_or_default();
    claim.apply(Edit::SetInvoiceFact(scan, I::Vendor, venue_vendor.clone()), &profile);
    assert_eq!(repeated(&claim).len(), 1, "one vendor's number on two lines: {in_house_vendor} / {venue_vendor}");
    // Another vendor's invoice of the same number is another invoice.
    claim.apply(Edit::SetInvoiceFact(scan, I::Vendor, "Someone Else Ltd".into()), &profile);
    assert_eq!(repeated(&claim), vec![]);
    // The same file twice is FILE-DUPLICATE's, not said a second time.
    let (mut claim, profile) = base();
    for name in ["invoice.pdf", "invoice (1).pdf"] {
        claim.apply(add_file(name, Some(DocType::Invoice), 100, "e5"), &profile);
        let id = claim.next_id - 1;
        claim.apply(Edit::LinkDocument(id, Some(VENUE_LINE)), &profile);
        claim.apply(Edit::SetInvoiceFact(id, I::Number, "INV-900".into()), &profile);
    }
    let review = review(&claim, &profile, date(TODAY));
    assert!(review.has(Code::FileDuplicate) && !review.has(Code::InvoiceRepeated));
}

#[test]
fn a_credit_note_naming_the_invoice_it_corrects_is_not_that_invoice_again() {
    use crate::claim::InvoiceField as I;
    let (mut claim, profile) = base();
    let number = claim.documents.iter().find(|document| document.id == FIRST_INVOICE).and_then(|first| first.invoice.number.clone()).expect("the example's number");
    // A credit note beside the venue's invoice, on its line: the number read from it is
    // the invoice's it corrects (`Invoice No.: …`).
    claim.apply(add_file("credit note.pdf", Some(DocType::Invoice), 100, "f6"), &profile);
    let credit = claim.next_id - 1;
    claim.apply(Edit::LinkDocument(credit, Some(VENUE_LINE)), &profile);
    let read = crate::evidence::invoice::InvoiceFacts { number: Some(number.clone()), date: Some("2026-11-01".into()), below_zero: true, ..Default::default() };
    claim.apply(Edit::SetInspection(credit, crate::evidence::Inspection { sha256: "f6".into(), invoice: Some(read), ..Default::default() }), &profile);
    let review_now = |claim: &Claim| review(claim, &profile, date(TODAY));
    assert!(review_now(&claim).has(Code::InvoiceCreditNote));
    assert!(!review_now(&claim).has(Code::InvoiceRepeated), "{:?}", review_now(&claim).findings);
    // The credit note alone in another claim on the device: not that invoice reused.
    let mut other = claim.clone();
    other.title = "Spring summit booth".into();
    other.documents.retain(|document| document.id == credit);
    let reused = |claim: &Claim, other: &Claim| crate::rules::review_with(claim, &profile, date(TODAY), Some(&crate::rules::invoices::Elsewhere::of([other].into_iter(), &profile))).has(Code::InvoiceReused);
    let (plain, _) = base();
    assert!(!reused(&plain, &other));
    other.documents.iter_mut().for_each(|document| document.invoice.total = Some("100.00".into()));
    assert!(reused(&plain, &other), "typed, it is an invoice: the same number is reused");
    // Its total typed, it is the partner's invoice: the same number is said again.
    claim.apply(Edit::SetInvoiceFact(credit, I::Total, "100.00".into()), &profile);
    assert!(!review_now(&claim).has(Code::InvoiceCreditNote));
    assert!(review_now(&claim).has(Code::InvoiceRepeated));
}

#[test]
fn the_same_file_twice_on_a_cost_line_pays_it_once() {
    use crate::claim::InvoiceField as I;
    let (mut claim, profile) = base();
    claim.apply(Edit::SetInvoiceFact(FIRST_INVOICE, I::Total, "2,100.00".into()), &profile);
    claim.apply(Edit::SetInvoiceFact(FIRST_INVOICE, I::Number, "INV-900".into()), &profile);
    if let Some(document) = claim.documents.iter_mut().find(|document| document.id == FIRST_INVOICE) {
        document.file = file(100, "e5");
    }
    claim.apply(add_file("invoice (1).pdf", Some(DocType::Invoice), 100, "e5"), &profile);
    let copy = claim.next_id - 1;
    claim.apply(Edit::LinkDocument(copy, Some(VENUE_LINE)), &profile);
    claim.apply(Edit::SetInvoiceFact(copy, I::Total, "2,100.00".into()), &profile);
    let review = review(&claim, &profile, date(TODAY));
    assert!(review.has(Code::FileDuplicate));
    assert!(review.has(Code::InvoiceTotalMismatch), "4,200.00 claimed on one bill of 2,100.00");
    // One file of two invoices, attached for each with its own number and total: two.
    claim.apply(Edit::SetInvoiceFact(copy, I::Number, "INV-901".into()), &profile);
    let review = crate::rules::review(&claim, &profile, date(TODAY));
    assert!(!review.has(Code::InvoiceTotalMismatch) && !review.has(Code::InvoicePartial), "2,100.00 and 2,100.00 pay the 4,200.00");
    assert!(!review.has(Code::InvoiceRepeated));
    // The same without a vendor on the line: the numbers alone tell the two apart.
    if let Some(line) = claim.cost_lines.iter_mut().find(|line| line.id == VENUE_LINE) {
        line.vendor.clear();
    }
    let review = crate::rules::review(&claim, &profile, date(TODAY));
    assert!(!review.has(Code::InvoiceTotalMismatch) && !review.has(Code::InvoicePartial), "no vendor: two invoices still");
}

#[test]
fn a_proof_item_not_covered_takes_the_keyboard_to_its_own_checkbox() {
    let (mut claim, profile) = base();
    claim.apply(Edit::SetProofItem(9, "agenda".into(), false), &profile);
    let review = review(&claim, &profile, date(TODAY));
    let finding = review.findings.iter().find(|f| f.code == Code::PoeItemMissing).expect("agenda not covered");
    let first = profile.activity_type(&claim.activity_type).and_then(|activity| activity.proof_items.first()).map(|item| item.id.clone());
    assert_ne!(first.as_deref(), Some("agenda"), "the case of an item past the first");
    let Target::Document(id, _) = finding.target else { panic!("{:?}", finding.target) };
    assert_eq!(finding.anchor(), format!("document-{id}-proof-agenda"));
}

#[test]
fn an_invoice_total_or_currency_that_cannot_be_read_is_said_with_its_file_in_both_languages() {
    let (mut claim, profile) = base();
    claim.apply(Edit::SetInvoiceFact(FIRST_INVOICE, crate::claim::InvoiceField::Total, "abc".into()), &profile);
    let file = claim.document(FIRST_INVOICE).map(|document| document.file_name.clone()).unwrap_or_default();
    let (en, _, anchor) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert!(en.starts_with(&format!("The invoice total of {file}: “abc” cannot be read: ")), "{en}");
    assert_eq!(anchor, format!("document-{FIRST_INVOICE}-invoice-total"));
    let (fr, _, _) = message(&claim, &profile, Code::FieldInvalid, "fr");
    assert!(fr.starts_with(&format!("Le total de la facture {file}")) && fr.contains("abc") && fr.contains("est illisible"), "{fr}");
    // An invoice date of an implausible year, quoted as its field shows it.
    let (mut claim, profile) = base();
    claim.apply(Edit::SetInvoiceFact(FIRST_INVOICE, crate::claim::InvoiceField::Date, "20260-07-01".into()), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert_eq!(en.replace('\u{a0}', " "), format!("The invoice date of {file}: “July 1, 20260” cannot be read: not a valid date (years 1990 to 2100)."));
    // And a currency that names none, with what to type instead.
    let (mut claim, profile) = base();
    claim.apply(Edit::SetInvoiceFact(FIRST_INVOICE, crate::claim::InvoiceField::Currency, "dolars".into()), &profile);
    let (en, _, anchor) = message(&claim, &profile, Code::FieldInvalid, "en");
    assert_eq!(en, format!("The invoice currency of {file}: “dolars” cannot be read: type its code of three letters (USD, EUR) or its sign ($, €)."));
    assert_eq!(anchor, format!("document-{FIRST_INVOICE}-invoice-currency"));
    let (fr, _, _) = message(&claim, &profile, Code::FieldInvalid, "fr");
    assert_eq!(fr, format!("La devise de la facture {file}\u{a0}: «\u{a0}dolars\u{a0}» est illisible\u{a0}: saisissez son code de trois lettres (USD, EUR) ou son symbole ($, €)."));
}

#[test]
fn each_invoice_is_held_against_its_cost_line_the_usage_period_and_the_other_claims() {
    use crate::claim::InvoiceField as I;
    use crate::rules::invoices::Elsewhere;
    let fact = |field, text: &str| Edit::SetInvoiceFact(FIRST_INVOICE, field, text.into());
    let cases: Vec<(&str, Vec<Edit>, Option<Code>)> = vec![
        ("the example: its invoice totals its line", vec![], None),
        ("the invoice total is below the line", vec![fact(I::Total, "4,000.00")], Some(Code::InvoiceTotalMismatch)),
        ("the invoice total is above the line: partial funding", vec![fact(I::Total, "5,000.00")], Some(Code::InvoicePartial)),
        ("the total typed with its currency sign", vec![fact(I::Total, "$4,200.00")], None),
        ("the invoice is in euros, its line in dollars", vec![fact(I::Currency, "EUR")], Some(Code::InvoiceCurrency)),
        ("the currency in lower case is the same", vec![fact(I::Currency, "usd")], None),
        // Pasted with a space, or typed as its sign: the same currency, and the total judged.
        ("the currency pasted with a space, the total below the line", vec![fact(I::Currency, "USD "), fact(I::Total, "4,000.00")], Some(Code::InvoiceTotalMismatch)),
        ("the currency typed as its sign, the total below the line", vec![fact(I::Currency, "$"), fact(I::Total, "4,000.00")], Some(Code::InvoiceTotalMismatch)),
        ("the currency typed as US$", vec![fact(I::Currency, "us$")], None),
        // As French writing types it, with no-break spaces, and in capitals beyond ASCII.
        ("the currency typed as $\u{a0}US, the total below the line", vec![fact(I::Currency, "$\u{a0}US"), fact(I::Total, "4,000.00")], Some(Code::InvoiceTotalMismatch)),
        ("the invoice in zlotys typed in capitals", vec![fact(I::Currency, "ZŁOTY")], Some(Code::InvoiceCurrency)),
        // As a Japanese input method types them: full-width forms.
        ("the currency typed as a full-width yen sign", vec![fact(I::Currency, "￥")], Some(Code::InvoiceCurrency)),
        ("the currency typed as a full-width code, the total below the line", vec![fact(I::Currency, "ＵＳＤ"), fact(I::Total, "4,000.00")], Some(Code::InvoiceTotalMismatch)),
        ("the invoice in euros typed as a sign", vec![fact(I::Currency, "€")], Some(Code::InvoiceCurrency)),
        ("the invoice is dated before the usage period", vec![fact(I::Date, "2019-01-01")], Some(Code::InvoiceDateOutside)),
        // Typed so that it cannot be read: said on the field, not skipped unsaid (it hid
        // the line's total).
        ("the invoice total typed with a third decimal, the line above it", vec![Edit::SetCostLine(VENUE_LINE, crate::claim::CostLineField::Amount, "4,500.00".into()), fact(I::Total, "4,200.001")], Some(Code::FieldInvalid)),
        ("the invoice total in letters", vec![fact(I::Total, "abc")], Some(Code::FieldInvalid)),
        ("the invoice total with the sign of another currency", vec![fact(I::Total, "€4,200.00")], Some(Code::FieldInvalid)),
        ("the invoice date not a date", vec![fact(I::Date, "2026-02-30")], Some(Code::FieldInvalid)),
        // A currency typed that names none: said on its field, not taken for another
        // currency (which hid the line's total behind INVOICE-CURRENCY).
        ("the currency typed in words misspelt, the total below the line", vec![fact(I::Currency, "dolars"), fact(I::Total, "4,000.00")], Some(Code::FieldInvalid)),
        ("the currency written out, euros, its line in dollars", vec![fact(I::Currency, "euros")], Some(Code::InvoiceCurrency)),
        ("the currency typed as digits", vec![fact(I::Currency, "840")], Some(Code::FieldInvalid)),
        ("a currency code of three letters the profile does not list", vec![fact(I::Currency, "THB")], Some(Code::InvoiceCurrency)),
        ("the currency blank", vec![fact(I::Currency, "  ")], None),
        ("the line raised above the invoice", vec![Edit::SetCostLine(VENUE_LINE, crate::claim::CostLineField::Amount, "4,300.00".into())], Some(Code::InvoiceTotalMismatch)),
    ];
    let money = [Code::InvoiceTotalMismatch, Code::InvoicePartial, Code::InvoiceCurrency, Code::InvoiceDateOutside, Code::InvoiceFactsMissing, Code::InvoiceReused, Code::FieldInvalid];
    let mut failures = Vec::new();
    for (situation, edits, expected) in cases {
        let (mut claim, profile) = base();
        for edit in edits {
            claim.apply(edit, &profile);
        }
        let fired: Vec<Code> = review(&claim, &profile, date(TODAY)).findings.iter().map(|f| f.code).filter(|code| money.contains(code)).collect();
        if fired != expected.into_iter().collect::<Vec<_>>() {
            failures.push(format!("{situation}: expected {expected:?}, fired {fired:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));

    // What was typed wins over what was read; cleared, what was read counts again (the
    // scan is the line's only invoice).
    let (mut claim, profile) = base();
    claim.apply(Edit::LinkDocument(FIRST_INVOICE, None), &profile);
    claim.apply(add_file("scan.pdf", Some(DocType::Invoice), 100, "a1"), &profile);
    let id = claim.next_id - 1;
    claim.apply(Edit::LinkDocument(id, Some(VENUE_LINE)), &profile);
    let read = crate::evidence::invoice::InvoiceFacts { number: Some("R-1".into()), date: Some("2026-11-01".into()), total: Some("4000.00".into()), currency: Some("USD".into()), vendor: None, below_zero: false };
    claim.apply(Edit::SetInspection(id, crate::evidence::Inspection { sha256: "a1".into(), invoice: Some(read), ..Default::default() }), &profile);
    let target = |field| Target::Document(id, DocumentField::Invoice(field));
    let has = |claim: &Claim, code, field| review(claim, &profile, date(TODAY)).findings.iter().any(|f| f.code == code && f.target == target(field));
    assert!(has(&claim, Code::InvoiceTotalMismatch, I::Total), "read total below the line");
    claim.apply(Edit::SetInvoiceFact(id, I::Total, "4,200.00".into()), &profile);
    assert!(!has(&claim, Code::InvoiceTotalMismatch, I::Total), "the typed total wins");
    claim.apply(Edit::SetInvoiceFact(id, I::Total, " ".into()), &profile);
    assert!(has(&claim, Code::InvoiceTotalMismatch, I::Total), "cleared: the read total again");
    // A total read as the reader writes it, with cents, for an invoice in yen: not the
    // partner's typing to correct, so no FIELD-INVALID (typed so, it would be).
    let yen = crate::evidence::invoice::InvoiceFacts { number: Some("R-2".into()), date: Some("2026-11-01".into()), total: Some("450000.00".into()), currency: Some("JPY".into()), vendor: None, below_zero: false };
    claim.apply(Edit::SetInspection(id, crate::evidence::Inspection { sha256: "a1".into(), invoice: Some(yen), ..Default::default() }), &profile);
    assert!(!has(&claim, Code::FieldInvalid, I::Total), "{:?}", review(&claim, &profile, date(TODAY)).findings);
    claim.apply(Edit::SetInvoiceFact(id, I::Total, "450000.001".into()), &profile);
    assert!(has(&claim, Code::FieldInvalid, I::Total), "typed so, it is said");
    claim.apply(Edit::SetInvoiceFact(id, I::Total, "".into()), &profile);
    // A credit note given as the invoice: its total below zero is said as such, not as a
    // total that could not be read; typed, the total is the partner's.
    let credit = crate::evidence::invoice::InvoiceFacts { number: Some("CN-12".into()), date: Some("2026-11-01".into()), below_zero: true, ..Default::default() };
    claim.apply(Edit::SetInspection(id, crate::evidence::Inspection { sha256: "a1".into(), invoice: Some(credit), ..Default::default() }), &profile);
    let codes = |claim: &Claim| review(claim, &profile, date(TODAY)).findings.iter().filter(|f| f.target == target(I::Total)).map(|f| f.code).collect::<Vec<_>>();
    assert_eq!(codes(&claim), [Code::InvoiceCreditNote]);
    let finding = review(&claim, &profile, date(TODAY)).findings.into_iter().find(|f| f.code == Code::InvoiceCreditNote).expect("credit note");
    let en = crate::i18n::Catalog::for_tag("en");
    assert_eq!(en.finding_problem(&finding), "scan.pdf reads as a credit note: its total is below zero, and a credit note pays nothing.");
    assert!(en.finding_fix(&finding).starts_with("Add the invoice it corrects"));
    claim.apply(Edit::SetInvoiceFact(id, I::Total, "4,200.00".into()), &profile);
    assert_eq!(codes(&claim), Vec::<Code>::new(), "the typed total wins");

    // Facts missing: only once the reader has read the file, and not when typed.
    let (mut claim, profile) = base();
    claim.apply(add_file("photo of invoice.jpg", Some(DocType::Invoice), 100, "b2"), &profile);
    let id = claim.next_id - 1;
    let target = |field| Target::Document(id, DocumentField::Invoice(field));
    let missing = |claim: &Claim| review(claim, &profile, date(TODAY)).findings.iter().find(|f| f.code == Code::InvoiceFactsMissing).map(|f| f.target);
    assert_eq!(missing(&claim), None, "not read yet: nothing said");
    claim.apply(Edit::SetInspection(id, crate::evidence::Inspection { sha256: "b2".into(), kind: crate::evidence::Kind::Jpeg, ..Default::default() }), &profile);
    assert_eq!(missing(&claim), Some(target(I::Number)));
    // Which facts are missing, said in both languages.
    let said = |claim: &Claim, lang: &str| {
        let finding = review(claim, &profile, date(TODAY)).findings.into_iter().find(|f| f.code == Code::InvoiceFactsMissing).expect("finding");
        crate::i18n::Catalog::for_tag(lang).finding_problem(&finding)
    };
    assert_eq!(said(&claim, "en"), "photo of invoice.jpg: its invoice number, date and total could not be read from the file.");
    assert_eq!(said(&claim, "fr"), "photo of invoice.jpg\u{a0}: son numéro, sa date et son total n'ont pas pu être lus dans le fichier.");
    for (field, text) in [(I::Number, "A-7"), (I::Date, "2026-11-01")] {
        claim.apply(Edit::SetInvoiceFact(id, field, text.into()), &profile);
    }
    assert_eq!(missing(&claim), Some(target(I::Total)));
    assert_eq!(said(&claim, "en"), "photo of invoice.jpg: its invoice total could not be read from the file.");
    assert_eq!(said(&claim, "fr"), "photo of invoice.jpg\u{a0}: son total n'a pas pu être lu dans le fichier.");
    claim.apply(Edit::SetInvoiceFact(id, I::Total, "10.00".into()), &profile);
    assert_eq!(missing(&claim), None);

    // The same invoice in another claim: by its file, or by vendor and number.
    let (claim, profile) = base();
    let mut other = claim.clone();
    other.title = "Spring summit booth".into();
    let reused = |elsewhere: &Elsewhere| {
        crate::rules::review_with(&claim, &profile, date(TODAY), Some(elsewhere)).findings.iter().filter(|f| f.code == Code::InvoiceReused).map(|f| f.args.clone()).collect::<Vec<_>>()
    };
    // The example's invoices have no file here: same vendor and number.
    assert_eq!(reused(&Elsewhere::of([&other].into_iter(), &profile)).len(), 2);
    assert_eq!(reused(&Elsewhere::of([&other].into_iter(), &profile))[0].iter().find(|(name, _)| name == "claim").map(|(_, arg)| arg.clone()), Some(Arg::Text("Spring summit booth".into())));
    // A title of a million letters (from a crafted package) is named as the list names it.
    let mut long = other.clone();
    long.title = "x".repeat(1_000_000);
    let named = reused(&Elsewhere::of([&long].into_iter(), &profile))[0].iter().find(|(name, _)| name == "claim").map(|(_, arg)| arg.clone());
    assert_eq!(named, Some(Arg::Text(format!("{}…", "x".repeat(crate::claims::LABEL_CHARS)))));
    for document in &mut other.documents {
        document.invoice.number = Some("OTHER-1".into());
    }
    assert!(reused(&Elsewhere::of([&other].into_iter(), &profile)).is_empty(), "other numbers: other invoices");
    assert!(reused(&Elsewhere::default()).is_empty());
    // The example, as it was loaded, stands apart: its made-up invoices are not said to
    // be reused by a copy of it.
    let mut example = claim.clone();
    example.origin = Some(crate::claim::Origin::Example);
    assert!(reused(&Elsewhere::of([&example].into_iter(), &profile)).is_empty(), "the example's invoices");
    // A claim rejected, or put away before it was submitted, no longer uses its invoices:
    // the claim made to send them again is not warned. Submitted, paid, they are used.
    let mut rejected = other_with_the_same_invoices(&claim);
    rejected.lifecycle.set_status(crate::lifecycle::Status::Rejected, "2026-11-01", "");
    assert!(reused(&Elsewhere::of([&rejected].into_iter(), &profile)).is_empty(), "a rejected claim's invoices");
    let mut abandoned = other_with_the_same_invoices(&claim);
    abandoned.lifecycle.archived = true;
    assert!(reused(&Elsewhere::of([&abandoned].into_iter(), &profile)).is_empty(), "an abandoned claim's invoices");
    let mut paid = other_with_the_same_invoices(&claim);
    paid.lifecycle.set_status(crate::lifecycle::Status::Paid, "2026-11-01", "");
    paid.lifecycle.archived = true;
    assert_eq!(reused(&Elsewhere::of([&paid].into_iter(), &profile)).len(), 2, "a paid claim's invoices");

    // The invoice's vendor, typed, else read, wins over its cost line's; typed wins over read.
    let (claim, profile) = base();
    let mut other = claim.clone();
    let invoices: Vec<_> = other.documents.iter().filter(|document| document.doc_type == Some(DocType::Invoice)).map(|document| document.id).collect();
    for id in &invoices {
        other.apply(Edit::SetInvoiceFact(*id, I::Vendor, "Someone Else Ltd".into()), &profile);
    }
    assert!(reused(&Elsewhere::of([&other].into_iter(), &profile)).is_empty(), "another vendor typed: other invoices");
    for id in &invoices {
        let document = other.documents.iter_mut().find(|document| document.id == *id).expect("invoice");
        document.invoice.vendor = None;
        let sha256 = format!("{id:064x}");
        document.file = Some(crate::claim::FileFacts { size: 10, media_type: "application/pdf".into(), sha256: sha256.clone(), crc32: 0 });
        document.read = Some(Box::new(crate::evidence::Inspection { sha256, invoice: Some(crate::evidence::invoice::InvoiceFacts { vendor: Some("Read Vendor GmbH".into()), ..Default::default() }), ..Default::default() }));
    }
    let read = other.documents.iter().find(|document| document.id == invoices[0]).and_then(|document| document.invoice_fact(I::Vendor));
    assert_eq!(read, Some(("Read Vendor GmbH", crate::claim::FactSource::Read)));
    assert!(reused(&Elsewhere::of([&other].into_iter(), &profile)).is_empty(), "another vendor read: other invoices");
    // In the manifest, with where it came from.
    let facts = crate::package::manifest::ManifestInvoice::of(other.documents.iter().find(|document| document.id == invoices[0]).expect("invoice")).expect("facts");
    assert_eq!(facts.vendor.map(|fact| (fact.value, fact.source)), Some(("Read Vendor GmbH".to_string(), "read".to_string())));
}

/// Another claim with the same invoices as `claim`.
fn other_with_the_same_invoices(claim: &Claim) -> Claim {
    Claim { title: "Spring summit booth".into(), ..claim.clone() }
}

#[test]
fn a_proof_that_names_neither_microsoft_nor_the_company_is_a_warning() {
    use crate::evidence::Inspection;
    let (mut claim, profile) = base();
    claim.apply(add_file("booth.pdf", Some(DocType::ProofOfExecution), 100, "c3"), &profile);
    let id = claim.next_id - 1;
    let words = |list: &[&str]| list.iter().map(|word| word.to_string()).collect::<Vec<_>>();
    let read = |brands: Option<bool>, list: &[&str]| Edit::SetInspection(id, Inspection { sha256: "c3".into(), brands, words: words(list), ..Default::default() });
    let fired = |claim: &Claim| review(claim, &profile, date(TODAY)).findings.iter().filter(|f| f.code == Code::PoeBranding).map(|f| f.args.clone()).collect::<Vec<_>>();
    claim.apply(read(Some(true), &[]), &profile);
    assert!(fired(&claim).is_empty(), "names Microsoft");
    claim.apply(read(None, &[]), &profile);
    assert!(fired(&claim).is_empty(), "no text: nothing to say");
    claim.apply(read(Some(false), &["booth", "contoso", "events", "summit"]), &profile);
    let args = fired(&claim);
    assert_eq!(args.len(), 1, "no company name given");
    assert!(args[0].contains(&("company".to_string(), Arg::Key("poe.your-company".into()))));
    claim.apply(set(F::CompanyName, "Contoso Events"), &profile);
    assert!(fired(&claim).is_empty(), "names the company");
    claim.apply(set(F::CompanyName, &format!("{}Events", "Contoso ".repeat(100_000))), &profile);
    assert!(fired(&claim).is_empty(), "each word of the name is looked for once");
    // The reader keeps words of two characters or more: a name's shorter words (`K & L`,
    // `Studio 5`) are not looked for.
    claim.apply(set(F::CompanyName, "Contoso & K Events 5"), &profile);
    assert!(fired(&claim).is_empty(), "names the company, its one-character words aside");
    // A legal name's form (`Ltd`, `GmbH`, `S.A.R.L.`) is not looked for: a brochure names
    // the company without it. A name that is all forms is looked for whole.
    claim.apply(set(F::CompanyName, "Contoso Events Ltd."), &profile);
    assert!(fired(&claim).is_empty(), "its legal form aside");
    claim.apply(set(F::CompanyName, "Contoso GmbH & Co. KG"), &profile);
    assert!(fired(&claim).is_empty(), "its legal forms aside");
    claim.apply(set(F::CompanyName, "Fabrikam Ltd"), &profile);
    assert_eq!(fired(&claim).len(), 1, "another company, whatever its form");
    claim.apply(set(F::CompanyName, "Fabrikam"), &profile);
    assert_eq!(fired(&claim).len(), 1, "another company");
    let (message, _, _) = message(&claim, &profile, Code::PoeBranding, "en");
    assert_eq!(message, "booth.pdf names neither Microsoft (nor a Microsoft product) nor Fabrikam.");
    claim.apply(Edit::SetDocumentType(id, Some(DocType::Other)), &profile);
    assert!(fired(&claim).is_empty(), "not a proof of execution");
}

/// The day after the days allowed is Microsoft's published close (14 and 15 February):
/// the deadline shown has passed, a blocker (PRODUCT.md §2.2: the earlier date counts),
/// but Partner Center still takes the claim that day, and the fix says so rather than
/// that the funds are lost; the day after, they are.
#[test]
fn on_microsofts_published_close_a_passed_deadline_says_the_claim_is_still_taken_that_day() {
    let (claim, profile) = base();
    let said = |today: &str, lang: &str| {
        let review = review(&claim, &profile, date(today));
        let finding = review.findings.iter().find(|f| f.code == Code::DeadlinePassed).expect("DEADLINE-PASSED").clone();
        let catalog = crate::i18n::Catalog::for_tag(lang);
        (finding.severity, catalog.finding_fix(&finding).replace('\u{a0}', " "))
    };
    assert_eq!(
        said("2027-02-15", "en"),
        (Severity::Blocker, "Microsoft's published close for this usage period, February 15, 2027, has not passed: Partner Center may still take the claim until then. Submit it now; funds not claimed by then are forfeited, with no reinstatement.".to_string())
    );
    assert!(said("2027-02-15", "fr").1.starts_with("La clôture publiée par Microsoft pour cette période d'utilisation, le 15 février 2027, n'est pas dépassée"));
    assert_eq!(said("2027-02-16", "en").1, "Funds not claimed by the deadline are forfeited, with no reinstatement. If you submitted this claim already, set its Status to Submitted; otherwise check the usage period dates.");
}

#[test]
fn a_submitted_claim_is_locked_until_edit_anyway_and_its_claim_deadline_no_longer_warns() {
    use crate::lifecycle::Status;
    let (mut claim, profile) = base();
    let late = "2027-06-30";
    assert!(review(&claim, &profile, date(late)).has(Code::DeadlinePassed));
    claim.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-11-25".into(), note: String::new() }, &profile);
    let findings = review(&claim, &profile, date(late));
    assert!(!findings.has(Code::DeadlinePassed) && !findings.has(Code::DeadlineSoon) && !findings.has(Code::Activity45Days), "submitted: the claim deadline is met");
    assert!(findings.dates.retention_end.is_some(), "the retention end stays");
    // Locked: what the claim says does not change; its life after submission does.
    let before = claim.clone();
    claim.apply(set(F::Title, "Changed by accident"), &profile);
    claim.apply(Edit::RemoveDocument(FIRST_INVOICE), &profile);
    claim.apply(Edit::AddCostLine, &profile);
    assert_eq!(claim, before);
    claim.apply(Edit::SetPartnerCenterId("PC-1".into()), &profile);
    assert_eq!(claim.lifecycle.partner_center_id, "PC-1");
    claim.apply(Edit::SetUnlocked(true), &profile);
    claim.apply(set(F::Title, "Corrected on request"), &profile);
    assert_eq!(claim.title, "Corrected on request");
    // Sent back for more information: open to the correction, without Edit anyway.
    claim.apply(Edit::SetStatus { status: Status::MoreInformation, on: "2026-12-01".into(), note: "Add the CSR".into() }, &profile);
    claim.apply(set(F::Title, "With the CSR"), &profile);
    assert_eq!(claim.title, "With the CSR");
    // Back in preparation for the correction, past the claim deadline: the claim went in
    // on time, so its deadline neither blocks nor warns, nor files it as forfeited; its
    // submission stays for the Dates card, the list and the calendars.
    claim.apply(Edit::SetStatus { status: Status::Preparing, on: "2027-03-02".into(), note: String::new() }, &profile);
    assert_eq!(claim.lifecycle.status, Status::Preparing);
    let later = date("2027-03-05");
    let findings = review(&claim, &profile, later);
    assert!(!findings.has(Code::DeadlinePassed) && !findings.has(Code::DeadlineSoon) && !findings.has(Code::Activity45Days), "{:?}", findings.findings);
    assert!(claim.lifecycle.went_in() && !claim.lifecycle.awaits_submission());
    assert_eq!(claim.lifecycle.submission(later), Some(Some(date("2026-11-25"))));
    let row = crate::claims::ClaimRow::of("a", &claim, &profile, later);
    assert_eq!((row.group(), row.submitted), (crate::claims::Group::ToDo, Some(date("2026-11-25"))));
    // Straight after Submitted (opened with Edit anyway), Preparing takes the submission
    // back: the deadline is the claim's to meet again.
    let (mut slip, profile) = base();
    slip.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-11-25".into(), note: String::new() }, &profile);
    slip.apply(Edit::SetUnlocked(true), &profile);
    slip.apply(Edit::SetStatus { status: Status::Preparing, on: "2026-11-25".into(), note: String::new() }, &profile);
    assert!(!slip.lifecycle.went_in() && slip.lifecycle.awaits_submission());
    assert!(review(&slip, &profile, date(late)).has(Code::DeadlinePassed));
    assert_eq!(crate::claims::ClaimRow::of("b", &slip, &profile, date(late)).group(), crate::claims::Group::Forfeited);
    // Rejected, then opened and set back to Preparing to send it again: Partner Center
    // does not take a rejected claim back, so the deadline binds that submission.
    let (mut rejected, profile) = base();
    rejected.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-11-25".into(), note: String::new() }, &profile);
    rejected.apply(Edit::SetStatus { status: Status::Rejected, on: "2027-03-01".into(), note: "Proof missing".into() }, &profile);
    rejected.apply(Edit::SetUnlocked(true), &profile);
    rejected.apply(Edit::SetStatus { status: Status::Preparing, on: "2027-03-02".into(), note: String::new() }, &profile);
    assert_eq!(rejected.lifecycle.status, Status::Preparing);
    assert!(!rejected.lifecycle.went_in());
    assert!(review(&rejected, &profile, date("2027-03-05")).has(Code::DeadlinePassed));
    // Sent again: that submission, after its deadline, is the one the Dates card, the row
    // and the register name, not the first (which Partner Center rejected).
    rejected.apply(Edit::SetStatus { status: Status::Submitted, on: "2027-03-04".into(), note: String::new() }, &profile);
    let after = date("2027-03-05");
    assert_eq!(rejected.lifecycle.submission(after), Some(Some(date("2027-03-04"))));
    assert_eq!(crate::claims::ClaimRow::of("c", &rejected, &profile, after).submitted, Some(date("2027-03-04")));
    let deadline = review(&rejected, &profile, after).dates.claim_deadline.expect("a deadline");
    let notes = crate::advice::deadline_notes(&deadline, rejected.lifecycle.submission(after), false, after);
    assert!(notes.iter().any(|note| note.key == "ui.dates.submitted-late"), "{notes:?}");
    // Submitted on dates that submission, and corrects it (recorded here the day after it
    // was sent); the rejected one stays in the history, which stays in order.
    assert_eq!(rejected.lifecycle.submitted_on, "2027-03-04");
    rejected.apply(Edit::SetSubmittedOn("2027-03-03".into(), "2027-03-05".into()), &profile);
    assert_eq!(rejected.lifecycle.submission(after), Some(Some(date("2027-03-03"))));
    let days: Vec<&str> = rejected.lifecycle.history.iter().map(|change| change.on.as_str()).collect();
    assert_eq!(days, ["2026-11-25", "2027-03-01", "2027-03-02", "2027-03-03"]);
    // A rejection chosen by mistake and taken back at once leaves the submission as it was.
    let (mut slip_of_rejection, profile) = base();
    slip_of_rejection.apply(Edit::SetStatus { status: Status::Submitted, on: "2026-11-25".into(), note: String::new() }, &profile);
    slip_of_rejection.apply(Edit::SetStatus { status: Status::Rejected, on: "2027-03-01".into(), note: String::new() }, &profile);
    slip_of_rejection.apply(Edit::SetUnlocked(true), &profile);
    slip_of_rejection.apply(Edit::SetStatus { status: Status::Submitted, on: "2027-03-01".into(), note: String::new() }, &profile);
    assert_eq!(slip_of_rejection.lifecycle.submission(after), Some(Some(date("2026-11-25"))));
    // A claim recorded here once Partner Center had asked for more (Submitted on typed,
    // the request chosen straight from Preparing), then prepared for its correction, went
    // in: the request records the submission first.
    let (mut recorded, profile) = base();
    recorded.apply(Edit::SetSubmittedOn("2026-11-25".into(), "2027-03-01".into()), &profile);
    recorded.apply(Edit::SetStatus { status: Status::MoreInformation, on: "2027-03-01".into(), note: "Add the CSR".into() }, &profile);
    recorded.apply(Edit::SetStatus { status: Status::Preparing, on: "2027-03-02".into(), note: String::new() }, &profile);
    assert!(recorded.lifecycle.went_in());
    assert!(!review(&recorded, &profile, later).has(Code::DeadlinePassed));
    assert_eq!(recorded.lifecycle.submission(later), Some(Some(date("2026-11-25"))));
    let statuses: Vec<(Status, &str)> = recorded.lifecycle.history.iter().map(|change| (change.status, change.on.as_str())).collect();
    assert_eq!(statuses, [(Status::Submitted, "2026-11-25"), (Status::MoreInformation, "2027-03-01"), (Status::Preparing, "2027-03-02")]);
}

#[test]
fn the_claims_of_one_usage_period_together_stay_within_its_funds() {
    use crate::lifecycle::Status;
    use crate::rules::invoices::Elsewhere;
    let (claim, profile) = base();
    // The example claims 6,850.00 of 12,000.00 available.
    let other = |claimed: &str, edit: Option<Edit>| {
        let mut other = claim.clone();
        other.title = "Spring booth".into();
        other.documents.clear();
        other.available_funds.clear();
        other.apply(set(F::ClaimedAmount, claimed), &profile);
        if let Some(edit) = edit {
            other.apply(edit, &profile);
        }
        other
    };
    let fired = |this: &Claim, others: &[Claim]| {
        let elsewhere = Elsewhere::of(others.iter(), &profile);
        crate::rules::review_with(this, &profile, date(TODAY), Some(&elsewhere)).findings.into_iter().find(|f| f.code == Code::FundsPeriodExceeded)
    };
    assert!(fired(&claim, &[other("5,000.00", None)]).is_none(), "11,850.00 of 12,000.00");
    let over = fired(&claim, &[other("5,200.00", None)]).expect("12,050.00 of 12,000.00");
    assert!(over.args.contains(&("total".to_string(), Arg::Money(crate::money::Money::new(1_205_000, "USD")))));
    assert!(over.args.contains(&("n".to_string(), Arg::Number(2))));
    assert!(fired(&claim, &[other("5,200.00", Some(set(F::UsageEnd, "2027-06-30")))]).is_none(), "another usage period");
    // Another location of the company (another Partner ID) has funds of its own; the
    // same ID typed with spaces around it is the same partner's.
    assert!(fired(&claim, &[other("5,200.00", Some(set(F::PartnerId, "2222222")))]).is_none(), "another partner's funds");
    let spaced = format!(" {} ", claim.partner_id.trim());
    assert!(fired(&claim, &[other("5,200.00", Some(set(F::PartnerId, &spaced)))]).is_some(), "the same partner's");
    assert!(fired(&claim, &[other("5,200.00", Some(Edit::SetStatus { status: Status::Rejected, on: "2026-11-01".into(), note: String::new() }))]).is_none(), "a rejected claim draws nothing");
    assert!(fired(&claim, &[other("5,200.00", Some(Edit::SetArchived(true)))]).is_none(), "one archived before it was submitted (abandoned) neither");
    // A claim paid and then put away spent its funds: archiving it gives nothing back.
    let paid = |edits: Vec<Edit>| {
        let mut paid = other("5,200.00", Some(Edit::SetStatus { status: Status::Paid, on: "2026-11-01".into(), note: String::new() }));
        for edit in edits {
            paid.apply(edit, &profile);
        }
        paid
    };
    assert!(fired(&claim, &[paid(vec![])]).is_some(), "paid");
    assert!(fired(&claim, &[paid(vec![Edit::SetArchived(true)])]).is_some(), "paid and archived");
    // The paid claim itself, put away, is not told it is over: it cannot change now.
    let put_away = paid(vec![Edit::SetArchived(true)]);
    assert!(fired(&put_away, std::slice::from_ref(&claim)).is_none(), "a claim in Partner Center's hands is not judged");
    // Funds entered on another claim of the period count for this one.
    let mut without = claim.clone();
    without.available_funds.clear();
    let mut giver = other("5,000.00", None);
    giver.available_funds = "10,000.00".into();
    assert!(fired(&without, &[giver]).is_some(), "11,850.00 of 10,000.00");
    assert!(fired(&claim, &[]).is_none(), "alone: AMOUNT-EXCEEDS-FUNDS is its rule");
}

#[test]
fn two_claims_of_one_usage_period_giving_other_available_funds_are_warned_on_each() {
    use crate::rules::invoices::Elsewhere;
    let (claim, profile) = base();
    // The example gives 12,000.00 available; a copy of its period gives 2,000.00.
    let mut copy = claim.clone();
    copy.title = "Copy of the webinar".into();
    copy.apply(set(F::AvailableFunds, "2,000.00"), &profile);
    let differs = |this: &Claim, others: &[Claim]| {
        let elsewhere = Elsewhere::of(others.iter(), &profile);
        crate::rules::review_with(this, &profile, date(TODAY), Some(&elsewhere)).findings.into_iter().find(|f| f.code == Code::FundsPeriodDiffers)
    };
    let here = differs(&claim, std::slice::from_ref(&copy)).expect("12,000.00 here, 2,000.00 there");
    assert_eq!(here.severity, Severity::Warning);
    assert!(here.args.contains(&("available".to_string(), Arg::Money(crate::money::Money::new(200_000, "USD")))));
    assert!(here.args.contains(&("claim".to_string(), Arg::Text("Copy of the webinar".into()))));
    assert!(differs(&copy, std::slice::from_ref(&claim)).is_some(), "and on the other");
    // The same figure however it is typed, or none given there: nothing to say.
    let mut same = copy.clone();
    same.apply(set(F::AvailableFunds, "12000"), &profile);
    assert!(differs(&claim, &[same]).is_none());
    let mut none = copy.clone();
    none.available_funds.clear();
    assert!(differs(&claim, std::slice::from_ref(&none)).is_none());
    assert!(differs(&none, std::slice::from_ref(&claim)).is_none(), "a claim without funds takes the period's");
    // Another usage period is another figure.
    copy.apply(set(F::UsageEnd, "2027-06-30"), &profile);
    assert!(differs(&claim, &[copy]).is_none());
}

#[test]
fn a_claim_of_the_same_usage_period_in_another_currency_is_warned_of_on_each() {
    use crate::rules::invoices::Elsewhere;
    let (claim, profile) = base();
    let mut other = claim.clone();
    other.title = "Spring booth".into();
    other.origin = None;
    let mut claim = claim;
    claim.origin = None;
    let said = |this: &Claim, others: &[Claim]| {
        let elsewhere = Elsewhere::of(others.iter(), &profile);
        crate::rules::review_with(this, &profile, date(TODAY), Some(&elsewhere)).findings.into_iter().filter(|f| matches!(f.code, Code::FundsPeriodCurrency | Code::FundsPeriodExceeded)).map(|f| (f.code, f.target, f.args)).collect::<Vec<_>>()
    };
    // Two claims of 6,850.00 on 12,000.00: over the funds, in one currency.
    assert_eq!(said(&claim, std::slice::from_ref(&other)).iter().map(|(code, ..)| *code).collect::<Vec<_>>(), [Code::FundsPeriodExceeded]);
    // One of them in euros: said on each, naming the other's currency, not left silent.
    other.apply(set(F::Currency, "EUR"), &profile);
    let here = said(&claim, std::slice::from_ref(&other));
    assert_eq!(here.len(), 1, "{here:?}");
    assert_eq!((here[0].0, here[0].1), (Code::FundsPeriodCurrency, Target::Field(F::Currency)));
    assert!(here[0].2.contains(&("currency".to_string(), Arg::Text("EUR".into()))) && here[0].2.contains(&("claim".to_string(), Arg::Text("Spring booth".into()))));
    let there = said(&other, std::slice::from_ref(&claim));
    assert!(there.iter().any(|(code, _, args)| *code == Code::FundsPeriodCurrency && args.contains(&("currency".to_string(), Arg::Text("USD".into())))), "{there:?}");
    let catalog = crate::i18n::Catalog::for_tag("en");
    let finding = crate::rules::review_with(&claim, &profile, date(TODAY), Some(&Elsewhere::of(std::slice::from_ref(&other).iter(), &profile))).findings.into_iter().find(|f| f.code == Code::FundsPeriodCurrency).expect("finding");
    assert_eq!(catalog.finding_problem(&finding), "The claim Spring booth, of the same usage period, is in EUR: what it claims is not counted with this claim against the period's funds.");
    // Another usage period in another currency is nothing to say.
    other.apply(set(F::UsageEnd, "2027-06-30"), &profile);
    assert!(said(&claim, &[other]).is_empty());
}

#[test]
fn an_activity_types_cap_per_usage_period_counts_the_periods_other_claims_of_that_type() {
    use crate::lifecycle::Status;
    use crate::rules::invoices::Elsewhere;
    let (mut claim, profile) = base();
    claim.apply(set(F::ActivityType, "syndicated-content"), &profile);
    claim.apply(set(F::ClaimedAmount, "10,000.00"), &profile);
    claim.available_funds = "100,000.00".into();
    let other = |claimed: &str, edit: Option<Edit>| {
        let mut other = claim.clone();
        other.title = "Autumn syndication".into();
        other.documents.clear();
        other.apply(set(F::ClaimedAmount, claimed), &profile);
        if let Some(edit) = edit {
            other.apply(edit, &profile);
        }
        other
    };
    let cap = |others: &[Claim]| {
        let elsewhere = Elsewhere::of(others.iter(), &profile);
        crate::rules::review_with(&claim, &profile, date(TODAY), Some(&elsewhere)).findings.into_iter().find(|f| f.code == Code::AmountCap)
    };
    assert!(cap(&[]).is_none(), "10,000.00 alone, under USD 18,750 per usage period");
    assert!(cap(&[other("8,750.00", None)]).is_none(), "18,750.00 together: at the cap");
    let over = cap(&[other("10,000.00", None)]).expect("20,000.00 together");
    let message = crate::i18n::Catalog::for_tag("en").finding_problem(&over);
    assert!(message.ends_with("at most $18,750.00 per usage period; $20,000.00 is claimed, by this claim and 1 other of the period."), "{message}");
    let message = crate::i18n::Catalog::for_tag("fr").finding_problem(&over);
    assert!(message.contains("par cette demande et 1\u{a0}autre de la période"), "{message}");
    // Lowered to the cap alone, it would still be over: the fix says what is left for it.
    let fix = crate::i18n::Catalog::for_tag("en").finding_fix(&over);
    assert_eq!(fix, "The period's other claims of this activity type claim the rest: lower this claim to $8,750.00 at most, or lower them.");
    let fix = crate::i18n::Catalog::for_tag("fr").finding_fix(&over).replace(['\u{a0}', '\u{202f}'], " ");
    assert!(fix.contains("ramenez cette demande à 8 750,00 $US au plus"), "{fix}");
    let fix = crate::i18n::Catalog::for_tag("en").finding_fix(&cap(&[other("20,000.00", None)]).expect("over by the other alone"));
    assert!(fix.contains("lower this claim to $0.00 at most"), "{fix}");
    let mut alone = claim.clone();
    alone.apply(set(F::ClaimedAmount, "20,000.00"), &profile);
    let over_alone = crate::rules::review(&alone, &profile, date(TODAY)).findings.into_iter().find(|f| f.code == Code::AmountCap).expect("over alone");
    assert_eq!(crate::i18n::Catalog::for_tag("en").finding_fix(&over_alone), "Lower the claimed amount to the cap.");
    assert!(cap(&[other("10,000.00", Some(set(F::ActivityType, "digital-advertising")))]).is_none(), "another activity type has its own caps");
    assert!(cap(&[other("10,000.00", Some(set(F::UsageEnd, "2027-06-30")))]).is_none(), "another usage period");
    assert!(cap(&[other("10,000.00", Some(Edit::SetStatus { status: Status::Rejected, on: "2026-11-01".into(), note: String::new() }))]).is_none(), "a rejected claim draws nothing");
    let mut paid_and_put_away = other("10,000.00", Some(Edit::SetStatus { status: Status::Paid, on: "2026-11-01".into(), note: String::new() }));
    paid_and_put_away.apply(Edit::SetArchived(true), &profile);
    assert!(cap(&[paid_and_put_away]).is_some(), "a claim paid and archived still counts against the cap");
    let two = cap(&[other("5,000.00", None), other("5,000.00", None)]).expect("20,000.00 by three claims");
    assert!(crate::i18n::Catalog::for_tag("en").finding_problem(&two).contains("by this claim and 2 others of the period"));

    // A cap per attendee is per event: the period's other conferences do not count.
    let (mut conference, _) = base();
    conference.apply(set(F::ActivityType, "hosted-conference"), &profile);
    conference.apply(set(F::Attendees, "3"), &profile);
    conference.apply(set(F::ClaimedAmount, "10,000.00"), &profile);
    let mut second = conference.clone();
    second.title = "Second conference".into();
    second.documents.clear();
    let elsewhere = Elsewhere::of([&second].into_iter(), &profile);
    let review = crate::rules::review_with(&conference, &profile, date(TODAY), Some(&elsewhere));
    assert!(!review.has(Code::AmountCap), "two conferences of 10,000.00, each within its attendees' 15,000.00: {:?}", review.findings.iter().map(|f| f.code).collect::<Vec<_>>());
}

/// The list counts what claims not on the page get from the others in one pass
/// (`blockers_with_the_others`): `FUNDS-PERIOD-EXCEEDED`, and `AMOUNT-CAP` over a cap per
/// usage period. It must give each claim exactly the blockers its own review, with every
/// other claim, has more than alone: amounts on either side of the funds and of the caps
/// (a fixed amount, a share of earned funds, and a cap per attendee, which is per event
/// and so never counts the others), funds given by one claim or by each, claims in other
/// periods or of another activity type, and claims that draw nothing (a rejected or
/// archived claim, which also exceeds nothing itself).
#[test]
fn the_lists_count_of_blockers_shared_with_the_other_claims_agrees_with_each_claims_review() {
    use crate::lifecycle::Status;
    use crate::rules::invoices::{blockers_with_the_others, Elsewhere};
    let (claim, profile) = base();
    let variant = |claimed: &str, available: &str, end: Option<&str>, life: Option<Edit>| {
        let mut other = claim.clone();
        other.documents.clear();
        other.available_funds = available.into();
        other.apply(set(F::ClaimedAmount, claimed), &profile);
        if let Some(end) = end {
            other.apply(set(F::UsageEnd, end), &profile);
        }
        if let Some(edit) = life {
            other.apply(edit, &profile);
        }
        other
    };
    let rejected = || Some(Edit::SetStatus { status: Status::Rejected, on: "2026-11-01".into(), note: String::new() });
    // An activity type with a cap per usage period (or per attendee), and what it needs.
    let typed = |activity: &str, claimed: &str, more: &[(F, &str)], life: Option<Edit>| {
        let mut other = variant(claimed, "", None, life);
        other.apply(set(F::ActivityType, activity), &profile);
        for (field, text) in more {
            other.apply(set(*field, text), &profile);
        }
        other
    };
    let syndicated = |claimed: &str, life: Option<Edit>| typed("syndicated-content", claimed, &[], life);
    let offer = |claimed: &str, earned: &str| typed("customer-offer", claimed, &[(F::EarnedFunds, earned)], None);
    let conference = |claimed: &str| typed("hosted-conference", claimed, &[(F::Attendees, "2")], None);
    let sets: Vec<Vec<Claim>> = vec![
        vec![variant("6,850.00", "12,000.00", None, None)],
        vec![variant("6,850.00", "12,000.00", None, None), variant("5,000.00", "", None, None)],
        vec![variant("6,850.00", "12,000.00", None, None), variant("5,200.00", "", None, None)],
        vec![variant("6,850.00", "", None, None), variant("5,200.00", "", None, None), variant("100.00", "12,000.00", None, None)],
        vec![variant("6,850.00", "12,000.00", None, None), variant("6,000.00", "13,000.00", None, None)],
        vec![variant("6,850.00", "12,000.00", None, None), variant("9,000.00", "", Some("2027-06-30"), None), variant("9,000.00", "10,000.00", Some("2027-06-30"), None)],
        vec![variant("6,850.00", "12,000.00", None, None), variant("9,000.00", "", None, rejected())],
        vec![variant("6,850.00", "12,000.00", None, rejected()), variant("9,000.00", "", None, None)],
        vec![variant("6,850.00", "12,000.00", None, Some(Edit::SetArchived(true))), variant("9,000.00", "", None, None), variant("not a number", "", None, None)],
        vec![variant("6,850.00", "12,000.00", None, None), variant("9,000.00", "", None, None), variant("1.00", "", None, None)],
        vec![syndicated("10,000.00", None), syndicated("8,750.00", None)],
        vec![syndicated("10,000.00", None), syndicated("8,750.01", None), variant("100.00", "", None, None)],
        vec![syndicated("18,750.01", None), syndicated("1.00", None)],
        vec![syndicated("10,000.00", None), syndicated("10,000.00", rejected()), syndicated("10,000.00", Some(Edit::SetArchived(true)))],
        vec![syndicated("10,000.00", None), offer("10,000.00", "100,000.00"), syndicated("9,000.00", None)],
        vec![offer("10,000.00", "60,000.00"), offer("5,000.00", "60,000.00"), offer("1,000.00", "")],
        vec![offer("10,000.00", "60,000.00"), offer("5,001.00", "")],
        vec![conference("9,000.00"), conference("9,000.00")],
    ];
    // Claims in Partner Center's hands: a locked one (submitted, paid, paid and archived)
    // is not judged with the others, though its funds count for them; one sent back for
    // more information, or opened with Edit anyway, is (its correction may go over).
    let status = |status: Status| Edit::SetStatus { status, on: "2026-11-01".into(), note: String::new() };
    let living = |claimed: &str, available: &str, edits: Vec<Edit>| {
        let mut other = variant(claimed, available, None, None);
        for edit in edits {
            other.apply(edit, &profile);
        }
        other
    };
    let in_hands = vec![
        vec![living("9,000.00", "10,000.00", vec![status(Status::Paid)]), variant("2,000.00", "", None, None)],
        vec![living("9,000.00", "10,000.00", vec![status(Status::Paid), Edit::SetArchived(true)]), variant("2,000.00", "", None, None)],
        vec![living("9,000.00", "10,000.00", vec![status(Status::Submitted)]), variant("2,000.00", "", None, None)],
        vec![living("9,000.00", "10,000.00", vec![status(Status::MoreInformation)]), variant("2,000.00", "", None, None)],
        vec![living("9,000.00", "10,000.00", vec![status(Status::Submitted), Edit::SetUnlocked(true)]), variant("2,000.00", "", None, None)],
        vec![syndicated("10,000.00", Some(status(Status::Paid))), syndicated("8,750.01", None)],
        vec![syndicated("10,000.00", Some(status(Status::MoreInformation))), syndicated("8,750.01", None)],
    ];
    // The example, as it was loaded, stands apart: its made-up funds neither count with
    // the partner's claims nor are judged with them.
    let example = |claimed: &str, available: &str| {
        let mut example = variant(claimed, available, None, None);
        example.origin = Some(crate::claim::Origin::Example);
        example
    };
    let in_hands: Vec<Vec<Claim>> = in_hands
        .into_iter()
        .chain([
            vec![example("9,000.00", "10,000.00"), variant("2,000.00", "", None, None), variant("7,000.00", "", None, None)],
            vec![syndicated("10,000.00", None), { let mut s = syndicated("8,750.01", None); s.origin = Some(crate::claim::Origin::Example); s }],
        ])
        .collect();
    // Funds, or earned funds, that only a claim of the period with no amount yet gives:
    // the period's, for the claims that do claim.
    let given_elsewhere = [
        vec![variant("15,000.00", "", None, None), variant("", "10,000.00", None, None)],
        vec![variant("9,000.00", "", None, None), variant("", "10,000.00", None, None)],
        vec![offer("3,000.00", ""), offer("4,000.00", "20,000.00")],
        vec![offer("3,000.00", ""), offer("", "20,000.00")],
        vec![offer("6,000.00", ""), offer("", "20,000.00")],
    ];
    let sets: Vec<Vec<Claim>> = sets.into_iter().chain(in_hands).chain(given_elsewhere).collect();
    let mut fired_somewhere = 0;
    for (n, claims) in sets.iter().enumerate() {
        let refs: Vec<&Claim> = claims.iter().collect();
        let listed = blockers_with_the_others(&refs, &profile, date(TODAY));
        assert_eq!(listed.len(), claims.len());
        for (at, this) in claims.iter().enumerate() {
            let others = claims.iter().enumerate().filter(|(other, _)| *other != at).map(|(_, claim)| claim);
            let elsewhere = Elsewhere::of(others, &profile);
            let count = |elsewhere: Option<&Elsewhere>| {
                let review = crate::rules::review_with(this, &profile, date(TODAY), elsewhere);
                review.findings.iter().filter(|f| matches!(f.code, Code::FundsPeriodExceeded | Code::AmountCap)).count()
            };
            let more = count(Some(&elsewhere)) - count(None);
            assert_eq!(listed[at], more, "set {n}, claim {at}");
            fired_somewhere += usize::from(more > 0);
        }
    }
    assert!(fired_somewhere >= 12, "the sets exercise the rules ({fired_somewhere} claims over)");
    // A claim that draws nothing is over nothing, whatever the others claim.
    let listed = |set: &[Claim]| blockers_with_the_others(&set.iter().collect::<Vec<_>>(), &profile, date(TODAY));
    assert_eq!(listed(&sets[8])[0], 0, "archived");
    assert_eq!(listed(&sets[13]), vec![0, 0, 0], "a rejected and an archived claim draw nothing, nor are they over");
    assert_eq!(listed(&sets[18]), vec![0, 1], "paid: not judged, its funds count for the other");
    assert_eq!(listed(&sets[19]), vec![0, 1], "paid and archived: the same");
    assert_eq!(listed(&sets[21]), vec![1, 1], "sent back for more information: judged");
    assert_eq!(listed(&sets[22]), vec![1, 1], "opened with Edit anyway: judged");
    assert_eq!(listed(&sets[24]), vec![1, 1], "a cap per usage period, sent back: judged");
    assert_eq!(listed(&sets[25]), vec![0, 0, 0], "the example: its funds and claim count with none");
    assert_eq!(listed(&sets[26]), vec![0, 0], "the example: its claim counts toward no cap of the partner's");
    assert_eq!(listed(&sets[27]), vec![1, 0], "15,000.00 on the 10,000.00 another claim gives, claiming nothing yet");
    assert_eq!(listed(&sets[28]), vec![0, 0], "9,000.00 on those 10,000.00");
    assert_eq!(listed(&sets[29]), vec![1, 1], "7,000.00 offered on a quarter of the 20,000.00 earned one of them gives");
    assert_eq!(listed(&sets[30]), vec![0, 0], "3,000.00 on that quarter, 5,000.00");
    assert_eq!(listed(&sets[31]), vec![1, 0], "6,000.00 on it");
    // One claim over the funds another gives is said as one claim.
    let elsewhere = Elsewhere::of(sets[27][1..].iter(), &profile);
    let review = crate::rules::review_with(&sets[27][0], &profile, date(TODAY), Some(&elsewhere));
    let over = review.findings.iter().find(|f| f.code == Code::FundsPeriodExceeded).expect("over the period's funds");
    assert_eq!(crate::i18n::Catalog::for_tag("en").finding_problem(over), "This claim, the only one of its usage period with an amount, claims $15,000.00, more than the period's available funds, $10,000.00.");
    assert_eq!(crate::i18n::Catalog::for_tag("fr").finding_problem(over), "Cette demande, la seule de sa période d'utilisation à indiquer un montant, totalise 15\u{202f}000,00\u{a0}$US, plus que les fonds disponibles de la période (10\u{202f}000,00\u{a0}$US).");
}

/// A currency of three decimals (a dinar, should the profile add one) reads `1,234` as
/// 1.234: not said to be read as thousands.
#[test]
fn an_amount_in_a_currency_of_three_decimals_is_not_said_to_be_read_as_thousands() {
    let (mut claim, mut profile) = base();
    profile.currencies.push(crate::profile::Currency { code: "KWD".into(), minor_digits: 3, symbols: Vec::new() });
    claim.apply(set(F::Currency, "KWD"), &profile);
    claim.apply(set(F::ClaimedAmount, "1,234"), &profile);
    let review = crate::rules::review(&claim, &profile, date(TODAY));
    assert_eq!(crate::rules::context::Context::new(&claim, &profile, date(TODAY)).claimed.valid(), Some(1_234), "1.234 dinars");
    assert!(review.findings.iter().all(|f| f.code != Code::AmountAmbiguous || f.target != Target::Field(F::ClaimedAmount)), "{:?}", review.findings);
}

#[test]
fn a_file_added_twice_under_one_name_is_not_said_to_be_like_itself() {
    let (mut claim, profile) = base();
    claim.apply(add_file("Photos.pdf", Some(DocType::Other), 10, "dd"), &profile);
    claim.apply(add_file("Photos.pdf", Some(DocType::Other), 10, "dd"), &profile);
    let (en, _, _) = message(&claim, &profile, Code::FileDuplicate, "en");
    assert_eq!(en, "Photos.pdf has the same content as another document of the same name.");
    let (fr, _, _) = message(&claim, &profile, Code::FileDuplicate, "fr");
    assert_eq!(fr, "Photos.pdf a le même contenu que celui d'un autre document du même nom.");
}

/// An amount that cannot be read says what to type: the decimals its currency has (none,
/// for yen), no minus sign, the largest amount; in both languages.
#[test]
fn an_amount_that_cannot_be_read_says_what_to_type() {
    let (claim, profile) = base();
    let said = |claim: &Claim, lang: &str| {
        let review = review(claim, &profile, date(TODAY));
        let finding = review.findings.iter().find(|f| f.code == Code::FieldInvalid && f.target == Target::Field(F::ClaimedAmount)).unwrap_or_else(|| panic!("FIELD-INVALID for {:?} {:?}: {:?}", claim.claimed_amount, claim.currency, review.findings.iter().map(|f| f.code).collect::<Vec<_>>()));
        crate::i18n::Catalog::for_tag(lang).finding_problem(finding).replace(['\u{a0}', '\u{202f}'], " ")
    };
    let with = |currency: &str, amount: &str| {
        let mut claim = claim.clone();
        claim.apply(set(F::Currency, currency), &profile);
        claim.apply(set(F::ClaimedAmount, amount), &profile);
        claim
    };
    assert!(said(&with("USD", "10.5055"), "en").ends_with("cannot be read: USD has 2 decimals: type at most 2 digits after the decimal mark (1234.56)."), "{}", said(&with("USD", "10.5055"), "en"));
    assert!(said(&with("JPY", "1000.5"), "en").ends_with("JPY has no decimals: type whole units (1234)."), "{}", said(&with("JPY", "1000.5"), "en"));
    assert!(said(&with("JPY", "1000,5"), "fr").ends_with("JPY a zéro décimale : saisissez des unités entières (1234)."), "{}", said(&with("JPY", "1000,5"), "fr"));
    assert!(said(&with("EUR", "10,5055"), "fr").contains("EUR a 2 décimales : saisissez au plus 2 chiffres après la virgule"), "{}", said(&with("EUR", "10,5055"), "fr"));
    // No currency chosen yet: read with two decimals, and none named.
    assert!(said(&with("", "10.5055"), "en").ends_with("cannot be read: too many decimals: type at most 2 digits after the decimal mark (1234.56)."), "{}", said(&with("", "10.5055"), "en"));
    assert!(said(&with("USD", "-5"), "en").ends_with("an amount cannot be negative: type it without a minus sign."));
    assert!(said(&with("USD", "5000000000000"), "en").ends_with("amounts go up to 1,000,000,000,000."));
}
