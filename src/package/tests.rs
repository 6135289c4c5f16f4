//! The package checked by real readers: the `zip` crate, Info-ZIP's `unzip -t`, Python's
//! `zipfile` and `sha256sum -c`, for stored entries, ZIP64 records and 70,000 entries.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;

use super::*;
use crate::claim::{Claim, ClaimField, DocType, Edit};
use crate::example::example_claim;
use crate::hashing::FileHasher;
use crate::rules::review;

const TODAY: &str = "2026-11-25";

fn built_at() -> BuildTime {
    // Paris in winter: UTC is one hour behind the partner's clock.
    let day = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("date");
    BuildTime { local: day.and_hms_opt(14, 30, 10).expect("time"), utc: day.and_hms_opt(13, 30, 10).expect("time") }
}

/// A claim whose documents have real content, hashed as the page hashes them.
fn claim_with_files(files: &[(&str, Option<DocType>, Vec<u8>)]) -> (Claim, Profile, HashMap<DocumentId, Vec<u8>>) {
    let profile = Profile::default_profile();
    let mut claim = example_claim(built_at().local.date(), &profile, "en", "USD");
    let mut contents = HashMap::new();
    for document in claim.documents.clone() {
        let bytes = format!("%PDF-1.4 example content of {}", document.file_name).into_bytes();
        attach(&mut claim, &profile, document.id, &bytes, "application/pdf");
        contents.insert(document.id, bytes);
    }
    for (name, doc_type, bytes) in files {
        claim.apply(Edit::AddDocument { file_name: name.to_string(), doc_type: *doc_type, file: None }, &profile);
        let id = claim.next_id - 1;
        attach(&mut claim, &profile, id, bytes, "application/octet-stream");
        contents.insert(id, bytes.clone());
    }
    (claim, profile, contents)
}

fn attach(claim: &mut Claim, profile: &Profile, id: DocumentId, bytes: &[u8], media_type: &str) {
    let mut hasher = FileHasher::new();
    hasher.update(bytes);
    claim.apply(Edit::SetDocumentFile(id, Some(hasher.finish(media_type))), profile);
}

fn build(claim: &Claim, profile: &Profile) -> PackagePlan {
    let review = review(claim, profile, built_at().local.date());
    plan(claim, None, profile, &review, &Catalog::for_tag("en"), built_at()).expect("plan")
}

/// Writes the parts as the browser does, reading each document's bytes and computing
/// their CRC-32 from them.
fn materialize(archive: &Archive, contents: &HashMap<DocumentId, Vec<u8>>) -> Vec<u8> {
    let crc32s: Vec<(DocumentId, u32)> = archive.documents().map(|id| (id, crate::hashing::crc32(&contents[&id]))).collect();
    let parts = archive.parts_with_crc32(&crc32s).expect("every document's bytes");
    let mut out = Vec::new();
    for part in &parts {
        match part {
            Part::Bytes(bytes) => out.extend_from_slice(bytes),
            Part::Document { id, size } => {
                let bytes = &contents[id];
                assert_eq!(bytes.len() as u64, *size);
                out.extend_from_slice(bytes);
            }
        }
    }
    out
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("preflight-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{command:?} failed:\n{text}");
    text
}

fn entries_by_zip_crate(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip crate opens the package");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut content = Vec::new();
            entry.read_to_end(&mut content).expect("entry reads with a matching CRC");
            (entry.name().expect("entry name").to_string(), content)
        })
        .collect()
}

#[test]
fn the_package_has_the_layout_of_the_spec_and_every_tool_accepts_it() {
    let (claim, profile, contents) = claim_with_files(&[
        ("../../etc/passwd", Some(DocType::Other), b"root:x:0:0".to_vec()),
        ("CON.pdf", Some(DocType::Other), b"%PDF con".to_vec()),
        ("résumé 2018 (final).pdf", Some(DocType::ProofOfExecution), b"%PDF resume".to_vec()),
        ("Agenda.pdf", Some(DocType::ProofOfExecution), b"%PDF another agenda".to_vec()),
        ("empty.pdf", None, Vec::new()),
    ]);
    let plan = build(&claim, &profile);
    assert_eq!(plan.file_name, "contoso-cloud-security-webinar-2026-11-25.zip");
    let bytes = materialize(&plan.archive, &contents);
    assert_eq!(bytes.len() as u64, plan.total_size());

    let entries = entries_by_zip_crate(&bytes);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(&names[..4], ["manifest.json", "summary.html", "checksums.sha256", "deadlines.ics"]);
    for expected in [
        "documents/core-requirements/Core requirements - Microsoft branding and solution focus.pdf",
        "documents/invoices/Fabrikam invoice INV-20417.pdf",
        "documents/csr/CSR signed.pdf",
        "documents/proof-of-execution/Agenda.pdf",
        "documents/proof-of-execution/Agenda (2).pdf",
        "documents/proof-of-execution/résumé 2018 (final).pdf",
        "documents/other/passwd",
        "documents/other/_CON.pdf",
        "documents/other/empty.pdf",
    ] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    // Every document comes back byte for byte.
    for document in &plan.manifest.documents {
        let (_, content) = entries.iter().find(|(name, _)| *name == document.path).expect("entry");
        assert_eq!(content, &contents[&document.id], "{}", document.path);
    }

    let dir = scratch_dir("layout");
    let zip_path = dir.join(&plan.file_name);
    std::fs::write(&zip_path, &bytes).expect("write zip");
    let tested = run(Command::new("unzip").arg("-t").arg(&zip_path));
    assert!(tested.contains("No errors detected"), "{tested}");
    run(Command::new("python3").args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); bad = z.testzip(); assert bad is None, bad; z.extractall(sys.argv[2])"]).arg(&zip_path).arg(dir.join("out")));
    let checked = run(Command::new("sha256sum").arg("-c").arg("checksums.sha256").current_dir(dir.join("out")));
    assert_eq!(checked.lines().filter(|line| line.ends_with(": OK")).count(), 3 + plan.manifest.documents.len(), "{checked}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_manifest_is_versioned_and_lists_documents_and_findings() {
    let (claim, profile, _) = claim_with_files(&[("empty.pdf", Some(DocType::Other), Vec::new())]);
    let plan = build(&claim, &profile);
    let manifest = &plan.manifest;
    assert_eq!(manifest.schema, "coop-claim-preflight/manifest@1");
    assert!(!manifest.ready_to_submit);
    assert_eq!(manifest.findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), ["FILE-EMPTY"]);
    assert_eq!(manifest.findings[0].severity, "blocker");
    let document = &manifest.documents[0];
    assert_eq!(document.path, "documents/core-requirements/Core requirements - Microsoft branding and solution focus.pdf");
    assert_eq!(document.media_type, "application/pdf");
    assert_eq!(document.sha256.len(), 64);
    let text = serde_json::to_string(manifest).expect("json");
    for field in ["\"schema\"", "\"original_name\"", "\"path\"", "\"size\"", "\"media_type\"", "\"sha256\"", "\"type\"", "\"findings\"", "\"claim_deadline\""] {
        assert!(text.contains(field), "manifest lacks {field}");
    }
    let back: Manifest = serde_json::from_str(&text).expect("manifest reads back");
    assert_eq!(&back, manifest);
}

/// A document's link to a cost line the claim no longer has (the line removed, the
/// document's removal undone before the line's) is not written: the manifest would name
/// a line it does not list.
#[test]
fn the_manifest_names_no_cost_line_it_does_not_list() {
    let (mut claim, profile, _) = claim_with_files(&[]);
    let linked = claim.documents.iter().find(|d| d.cost_line.is_some()).map(|d| d.id).expect("a linked invoice");
    let line = claim.document(linked).and_then(|d| d.cost_line).expect("its line");
    assert!(build(&claim, &profile).manifest.documents.iter().any(|d| d.cost_line == Some(line)));
    claim.cost_lines.retain(|known| known.id != line);
    let manifest = build(&claim, &profile).manifest;
    let listed: Vec<_> = manifest.documents.iter().filter_map(|d| d.cost_line).collect();
    assert!(!listed.contains(&line), "{listed:?}");
}

/// The manifest reads every amount as an exact decimal, whatever the language it was
/// typed in: the French example's `6 850,00` and the English one's `6,850.00` are both
/// `6850.00`, 685000 cents; a currency without decimals has none; an invoice's total
/// typed the French way is read in its own currency; an amount that cannot be read is
/// `null`, and the claim keeps the text as typed.
#[test]
fn the_manifest_reads_amounts_as_exact_decimals_in_any_language() {
    let profile = Profile::default_profile();
    let today = built_at().local.date();
    let amount = |decimal: &str, minor: i64, currency: &str| Some(manifest::ManifestAmount { decimal: decimal.into(), minor, currency: currency.into() });
    let example_claim = |today, profile: &Profile, lang, currency| {
        let mut claim = example_claim(today, profile, lang, currency);
        for document in claim.documents.clone() {
            attach(&mut claim, profile, document.id, document.file_name.as_bytes(), "application/pdf");
        }
        claim
    };
    for (lang, currency) in [("fr", "EUR"), ("en", "USD")] {
        let claim = example_claim(today, &profile, lang, currency);
        let amounts = build(&claim, &profile).manifest.amounts;
        assert_eq!(amounts.claimed, amount("6850.00", 685_000, currency), "{lang}");
        assert_eq!(amounts.cost_lines.iter().map(|line| line.amount.clone()).collect::<Vec<_>>(), [amount("4200.00", 420_000, currency), amount("1150.00", 115_000, currency), amount("1500.00", 150_000, currency)], "{lang}");
        assert_eq!(amounts.available_funds, amount("12000.00", 1_200_000, currency), "{lang}");
    }
    let mut yen = example_claim(today, &profile, "en", "JPY");
    assert_eq!(build(&yen, &profile).manifest.amounts.claimed, amount("6850", 6850, "JPY"));
    yen.apply(Edit::Set(ClaimField::ClaimedAmount, "six thousand".into()), &profile);
    let plan = build(&yen, &profile);
    assert_eq!((plan.manifest.amounts.claimed, plan.manifest.claim.claimed_amount.as_str()), (None, "six thousand"));

    let mut french = example_claim(today, &profile, "fr", "EUR");
    let invoice = french.documents.iter().find(|d| d.doc_type == Some(DocType::Invoice)).map(|d| d.id).expect("an invoice");
    french.apply(Edit::SetInvoiceFact(invoice, crate::claim::InvoiceField::Total, "1\u{202f}234,50".into()), &profile);
    french.apply(Edit::SetInvoiceFact(invoice, crate::claim::InvoiceField::Currency, "eur".into()), &profile);
    let manifest = build(&french, &profile).manifest;
    let total = manifest.documents.iter().find(|d| d.id == invoice).and_then(|d| d.invoice.as_ref()).and_then(|facts| facts.total_amount.clone());
    assert_eq!(total, amount("1234.50", 123_450, "EUR"));
}

/// A reviewer reads in summary.html what each document is for: the cost line an invoice
/// pays for, the proof items a proof of execution shows; and the claim's currency by its
/// code.
#[test]
fn the_summary_says_what_each_document_is_for_and_the_currency() {
    let (claim, profile, contents) = claim_with_files(&[]);
    let today = built_at().local.date();
    let review = review(&claim, &profile, today);
    let plan = plan(&claim, None, &profile, &review, &Catalog::for_tag("en"), built_at()).expect("plan");
    let entries = entries_by_zip_crate(&materialize(&plan.archive, &contents));
    let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
    assert!(summary.contains("<th>Currency</th><td class=\"typed\">USD</td>"), "{summary}");
    let invoices: Vec<_> = claim.documents.iter().filter(|document| document.doc_type == Some(crate::claim::DocType::Invoice) && document.cost_line.is_some()).collect();
    assert!(!invoices.is_empty());
    for invoice in invoices {
        let position = claim.cost_lines.iter().position(|line| Some(line.id) == invoice.cost_line).expect("its line") + 1;
        let row = summary.split("<tr>").find(|row| row.contains(&invoice.file_name) && row.contains("Invoice")).unwrap_or_default();
        assert!(row.contains(&format!("Cost line {position}")), "{}: {row}", invoice.file_name);
    }
    let proof = claim.documents.iter().find(|document| !document.proof_items.is_empty()).expect("a proof of execution");
    let row = summary.split("<tr>").find(|row| row.contains(&proof.file_name) && row.contains("Shows: ")).unwrap_or_default();
    let activity = profile.activity_type(&claim.activity_type).expect("activity");
    for id in &proof.proof_items {
        let name = activity.proof_items.iter().find(|item| item.id == *id).map(|item| item.name.get("en").to_string()).expect("item");
        assert!(row.contains(&name), "{name}: {row}");
    }
    // The manifest says the same: a proof of execution's items of its activity, none for
    // a document retyped since its items were ticked (the claim keeps them, for a
    // document typed back), and no item of another activity.
    let in_manifest = |claim: &Claim, id: u32| {
        let checked = crate::rules::review(claim, &profile, today);
        let planned = super::plan(claim, None, &profile, &checked, &Catalog::for_tag("en"), built_at()).expect("plan");
        planned.manifest.documents.iter().find(|document| document.id == id).map(|document| document.proof_items.clone()).expect("the document")
    };
    assert_eq!(in_manifest(&claim, proof.id), proof.proof_items.iter().cloned().collect::<Vec<_>>());
    let mut retyped = claim.clone();
    retyped.apply(Edit::SetDocumentType(proof.id, Some(crate::claim::DocType::Other)), &profile);
    assert!(!retyped.document(proof.id).expect("the document").proof_items.is_empty(), "the claim keeps its ticks");
    assert_eq!(in_manifest(&retyped, proof.id), Vec::<String>::new());
    let mut stray = claim.clone();
    stray.apply(Edit::SetProofItem(proof.id, "no-such-item".into(), true), &profile);
    assert_eq!(in_manifest(&stray, proof.id), proof.proof_items.iter().cloned().collect::<Vec<_>>());
}

/// summary.html is kept and printed: its checks say dates, never days counted from the
/// day they were checked ("ended 115 days ago" is wrong the next day), in both languages.
#[test]
fn the_summary_s_checks_say_dates_not_days_from_the_day_checked() {
    let (mut claim, profile, contents) = claim_with_files(&[]);
    use crate::claim::ClaimField;
    for (field, value) in [(ClaimField::UsageStart, "2026-07-01"), (ClaimField::UsageEnd, "2026-12-31"), (ClaimField::ActivityStart, "2026-08-01"), (ClaimField::ActivityEnd, "2026-08-02")] {
        claim.apply(Edit::Set(field, value.into()), &profile);
    }
    let today = built_at().local.date();
    assert!(review(&claim, &profile, today).findings.iter().any(|finding| finding.code == crate::rules::Code::Activity45Days));
    for (lang, dated, counted) in [("en", "a date now passed", "days ago"), ("fr", "une date maintenant passée", "il y a")] {
        let review = review(&claim, &profile, today);
        let plan = plan(&claim, None, &profile, &review, &Catalog::for_tag(lang), built_at()).expect("plan");
        let entries = entries_by_zip_crate(&materialize(&plan.archive, &contents));
        let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
        assert!(summary.contains(dated), "{lang}: {summary}");
        assert!(!summary.contains(counted), "{lang}: {summary}");
    }
}

#[test]
fn a_package_with_blockers_says_so_on_the_summary_first_line() {
    let (mut claim, profile, contents) = claim_with_files(&[]);
    claim.apply(Edit::Set(crate::claim::ClaimField::PartnerId, "".into()), &profile);
    let plan = build(&claim, &profile);
    let entries = entries_by_zip_crate(&materialize(&plan.archive, &contents));
    let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
    let body = summary.split("<body>").nth(1).expect("body");
    assert!(body.trim_start().starts_with("<p class=\"status blocked\">Not ready to submit: 1 blocker is still open."), "{body}");
    assert!(summary.contains("FIELD-REQUIRED"));
    assert!(!summary.contains("http://") && !summary.contains("https://") && !summary.contains(" src="), "summary must be self-contained");
}

#[test]
fn the_calendar_stamp_is_utc_and_the_zip_times_are_the_partners_clock() {
    let (claim, profile, contents) = claim_with_files(&[]);
    let plan = build(&claim, &profile);
    let bytes = materialize(&plan.archive, &contents);
    let entries = entries_by_zip_crate(&bytes);
    let calendar = String::from_utf8(entries[3].1.clone()).expect("utf-8");
    // Built at 14:30:10 in Paris (13:30:10 UTC): the Z time is the UTC one.
    assert!(calendar.contains("DTSTAMP:20261125T133010Z\r\n"), "{calendar}");
    assert!(!calendar.contains("T143010Z"), "local time written as UTC");
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let modified = archive.by_index(0).expect("entry").last_modified().expect("time");
    assert_eq!((modified.hour(), modified.minute(), modified.second()), (14, 30, 10), "ZIP times are local, as ZIP readers expect");
    assert_eq!(plan.file_name, "contoso-cloud-security-webinar-2026-11-25.zip");
}

#[test]
fn a_retention_end_in_the_past_is_printed_as_the_originals_may_go_not_as_overdue() {
    let (mut claim, profile, contents) = claim_with_files(&[]);
    use crate::claim::ClaimField as F;
    for (field, value) in [(F::UsageStart, "2018-07-01"), (F::UsageEnd, "2018-12-31"), (F::ActivityStart, "2018-08-01"), (F::ActivityEnd, "2018-08-31")] {
        claim.apply(Edit::Set(field, value.into()), &profile);
    }
    let plan = build(&claim, &profile);
    let entries = entries_by_zip_crate(&materialize(&plan.archive, &contents));
    let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
    let row = summary.lines().find(|line| line.contains("\"2020-08-31\"")).unwrap_or_else(|| panic!("no retention row in {summary}"));
    assert!(row.contains("(The retention period is over: the originals may now be discarded.)"), "{row}");
    assert!(!row.contains("overdue"), "{row}");
}

#[test]
fn summary_and_calendar_escape_what_the_partner_typed() {
    let (mut claim, profile, contents) = claim_with_files(&[("<script>alert(1)</script>.pdf", Some(DocType::Other), b"x".to_vec())]);
    claim.apply(Edit::Set(crate::claim::ClaimField::Title, "Q3 <b>launch</b>, \"big\"; done".into()), &profile);
    let plan = build(&claim, &profile);
    let entries = entries_by_zip_crate(&materialize(&plan.archive, &contents));
    let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
    assert!(!summary.contains("<script>") && !summary.contains("<b>launch"), "unescaped text in summary");
    let calendar = String::from_utf8(entries[3].1.clone()).expect("utf-8");
    assert!(calendar.contains("SUMMARY:Co-op claim deadline: Q3 <b>launch</b>\\, \"big\"\\; done"), "{calendar}");
}

/// A vendor or description typed without a space breaks within its own column of the
/// printed summary (a vendor of 100 letters pushed the amounts off the page).
#[test]
fn the_summary_lets_what_was_typed_break_in_its_own_column() {
    let (mut claim, profile, contents) = claim_with_files(&[]);
    let vendor = "FabrikamEventsInternationalHoldingsGmbHProductionsProductionsProductions";
    let first = claim.cost_lines[0].id;
    claim.apply(Edit::SetCostLine(first, crate::claim::CostLineField::Vendor, vendor.into()), &profile);
    let plan = build(&claim, &profile);
    let entries = entries_by_zip_crate(&materialize(&plan.archive, &contents));
    let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
    assert!(summary.contains(&format!("<td class=\"typed\" data-label=\"Vendor\">{vendor}</td>")), "{summary}");
    assert!(summary.contains("td.typed{overflow-wrap:anywhere}"));
}

/// Windows' Explorer extracts a ZIP into `<Downloads>\<zip name>\` and refuses a path of
/// more than 259 characters (UTF-16 units). With the longest title and file names a
/// package can have, and a user name of 20 characters, every path stays under it.
#[test]
fn every_path_of_a_package_extracted_on_windows_stays_under_its_260_characters() {
    let long = "Quarterly partner marketing event with workshops, webinars and follow-up campaign material ".repeat(4);
    let (mut claim, profile, contents) = claim_with_files(&[(&format!("{long}.pdf"), Some(DocType::ProofOfExecution), b"x".to_vec())]);
    claim.apply(Edit::Set(crate::claim::ClaimField::Title, long.clone()), &profile);
    let plan = build(&claim, &profile);
    let _ = contents;
    let stem = plan.file_name.trim_end_matches(".zip");
    let folder = format!("C:\\Users\\{}\\Downloads\\{stem}\\", "u".repeat(20));
    let longest = plan.manifest.documents.iter().map(|document| document.path.encode_utf16().count()).max().unwrap_or(0);
    assert!(folder.encode_utf16().count() + longest <= 259, "{} + {longest}: {folder}", folder.encode_utf16().count());
    assert!(plan.manifest.documents.iter().any(|document| document.path.starts_with("documents/proof-of-execution/")));
}

/// An untitled claim's summary is "Untitled claim", as the list and the package's name
/// say, not the page's name.
#[test]
fn an_untitled_claims_summary_is_called_untitled() {
    let (mut claim, profile, contents) = claim_with_files(&[("a.pdf", Some(DocType::Other), b"x".to_vec())]);
    claim.apply(Edit::Set(crate::claim::ClaimField::Title, "  ".into()), &profile);
    let plan = build(&claim, &profile);
    let entries = entries_by_zip_crate(&materialize(&plan.archive, &contents));
    let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
    assert!(summary.contains("<title>Untitled claim</title>"), "{summary}");
    assert!(summary.contains("<h1>Untitled claim</h1>"), "{summary}");
    assert!(!summary.contains("Co-op Claim Preflight</h1>"), "{summary}");
}

#[test]
fn zip64_records_are_read_by_every_tool() {
    let (claim, profile, contents) = claim_with_files(&[("big.pdf", Some(DocType::Other), vec![7u8; 5000])]);
    let review = review(&claim, &profile, built_at().local.date());
    let normal = plan(&claim, None, &profile, &review, &Catalog::for_tag("en"), built_at()).expect("plan");
    // Lower the 4 GiB limit to 1,000 bytes: sizes, offsets and the directory now need ZIP64.
    let mut layout = ZipLayout::with_limit(built_at().local, 1_000);
    let zip64_parts: Archive = {
        let bytes = materialize(&normal.archive, &contents);
        let entries = entries_by_zip_crate(&bytes);
        for (name, content) in &entries {
            layout.add(name, Content::Bytes(content.clone()));
        }
        layout.finish()
    };
    let bytes = materialize(&zip64_parts, &HashMap::new());
    assert!(bytes.windows(4).any(|w| w == 0x0606_4b50u32.to_le_bytes()), "no ZIP64 end record");
    let reread = entries_by_zip_crate(&bytes);
    assert_eq!(reread, entries_by_zip_crate(&materialize(&normal.archive, &contents)));
    let dir = scratch_dir("zip64");
    let path = dir.join("zip64.zip");
    std::fs::write(&path, &bytes).expect("write");
    assert!(run(Command::new("unzip").arg("-t").arg(&path)).contains("No errors detected"));
    run(Command::new("python3").args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; assert any(i.file_size == 5000 for i in z.infolist())"]).arg(&path));
    // Ending with the longest comment a ZIP can have, its ZIP64 records are still found
    // (they lie before the 65,535 bytes of comment and the locator).
    let mut commented = bytes.clone();
    let end = commented.len() - 22;
    assert_eq!(commented[end..end + 4], 0x0605_4b50u32.to_le_bytes());
    commented[end + 20..end + 22].copy_from_slice(&u16::MAX.to_le_bytes());
    commented.extend(std::iter::repeat_n(b'x', usize::from(u16::MAX)));
    std::fs::write(&path, &commented).expect("write");
    assert!(run(Command::new("unzip").arg("-t").arg(&path)).contains("No errors detected"));
    let names = |bytes: &[u8]| reading::entries_of(bytes).map(|entries| entries.into_iter().map(|entry| entry.name).collect::<Vec<_>>());
    assert_eq!(names(&commented), names(&bytes));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn seventy_thousand_entries_need_and_get_zip64() {
    let mut layout = ZipLayout::new(built_at().local);
    for n in 0..70_000 {
        layout.add(&format!("documents/other/{n}.txt"), Content::Bytes(n.to_string().into_bytes()));
    }
    let bytes = materialize(&layout.finish(), &HashMap::new());
    let archive = ::zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("opens");
    assert_eq!(archive.len(), 70_000);
    let dir = scratch_dir("many");
    let path = dir.join("many.zip");
    std::fs::write(&path, &bytes).expect("write");
    run(Command::new("python3").args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert len(z.infolist()) == 70000; assert z.read('documents/other/69999.txt') == b'69999'"]).arg(&path));
    assert!(run(Command::new("unzip").arg("-tq").arg(&path)).contains("No errors detected"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_document_not_yet_read_stops_the_plan_with_its_name() {
    let profile = Profile::default_profile();
    let claim = example_claim(built_at().local.date(), &profile, "en", "USD");
    let review = review(&claim, &profile, built_at().local.date());
    let error = plan(&claim, None, &profile, &review, &Catalog::for_tag("en"), built_at()).expect_err("unread files");
    assert_eq!(error, PackageError::NotRead("Core requirements - Microsoft branding and solution focus.pdf".into()));
}

#[test]
fn the_same_claim_gives_the_same_package() {
    let (claim, profile, contents) = claim_with_files(&[]);
    let first = materialize(&build(&claim, &profile).archive, &contents);
    let second = materialize(&build(&claim, &profile).archive, &contents);
    assert_eq!(first, second);
}

/// An invoice's currency typed as its name (`dollars`) is the currency the checks read
/// it in: summary.html writes its total as an amount of it, not in a made-up code.
#[test]
fn the_summary_writes_an_invoice_total_in_the_currency_its_name_gives() {
    let (mut claim, profile, _) = claim_with_files(&[]);
    let invoice = claim.documents.iter().find(|document| document.doc_type == Some(DocType::Invoice)).map(|document| document.id).expect("an invoice");
    claim.apply(Edit::SetInvoiceFact(invoice, crate::claim::InvoiceField::Currency, "dollars".into()), &profile);
    claim.apply(Edit::SetInvoiceFact(invoice, crate::claim::InvoiceField::Total, "4,200.00".into()), &profile);
    let review = review(&claim, &profile, built_at().local.date());
    let draft = draft(&claim, None, &profile, &review, &Catalog::for_tag("en"), built_at()).expect("draft");
    let summary = String::from_utf8_lossy(draft.generated()[1]).replace('\u{a0}', " ");
    assert!(summary.contains("total $4,200.00"), "{summary}");
    assert!(!summary.contains("DOLLARS"), "{summary}");
}

/// An invoice of no cost line (unlinked on purpose) has its facts printed on its row in
/// the documents: they were printed only beside the line an invoice pays for.
#[test]
fn the_summary_prints_an_unlinked_invoice_s_facts_on_its_row() {
    let (mut claim, profile, _) = claim_with_files(&[]);
    let invoice = claim.documents.iter().find(|document| document.doc_type == Some(DocType::Invoice)).map(|document| (document.id, document.file_name.clone())).expect("an invoice");
    claim.apply(Edit::LinkDocument(invoice.0, None), &profile);
    claim.apply(Edit::SetInvoiceFact(invoice.0, crate::claim::InvoiceField::Number, "INV-UNLINKED-7".into()), &profile);
    claim.apply(Edit::SetInvoiceFact(invoice.0, crate::claim::InvoiceField::Total, "1,250.00".into()), &profile);
    let review = review(&claim, &profile, built_at().local.date());
    let draft = draft(&claim, None, &profile, &review, &Catalog::for_tag("en"), built_at()).expect("draft");
    let summary = String::from_utf8_lossy(draft.generated()[1]).replace('\u{a0}', " ");
    // Its row in the documents' table.
    let row = summary.split("<tr>").find(|row| row.contains(&invoice.1) && row.contains("data-label=\"File\"")).unwrap_or_default();
    assert!(row.contains("Invoice INV-UNLINKED-7 of ") && row.contains("total $1,250.00"), "{row}");
    assert_eq!(summary.matches("INV-UNLINKED-7").count(), 1, "once, on its row");
}

#[test]
fn a_draft_finished_with_the_shell_s_digests_is_the_plan_and_lists_those_digests() {
    let (claim, profile, contents) = claim_with_files(&[("notes.txt", None, b"minutes".to_vec())]);
    let review = review(&claim, &profile, built_at().local.date());
    let draft = || draft(&claim, None, &profile, &review, &Catalog::for_tag("en"), built_at()).expect("draft");
    // Digests computed elsewhere (the worker's Web Crypto) give the very same package.
    let digests = draft().generated().map(crate::hashing::sha256_hex);
    let finished = materialize(&draft().finish(digests).archive, &contents);
    assert_eq!(finished, materialize(&build(&claim, &profile).archive, &contents));
    let entries = entries_by_zip_crate(&finished);
    let entry = |name: &str| entries.iter().find(|(path, _)| path == name).map(|(_, bytes)| bytes.clone()).expect(name);
    assert_eq!(draft().generated(), [&entry("manifest.json")[..], &entry("summary.html")[..], &entry("deadlines.ics")[..]]);
    // checksums.sha256 lists what it is given, in the generated files' order, then the
    // documents' checksums recorded when they were added.
    let given = ["a", "b", "c"].map(|c| c.repeat(64));
    let checksums = String::from_utf8(entries_by_zip_crate(&materialize(&draft().finish(given).archive, &contents)).into_iter().find(|(path, _)| path == "checksums.sha256").expect("checksums").1).expect("text");
    let lines: Vec<&str> = checksums.lines().collect();
    assert_eq!(&lines[..3], [format!("{}  manifest.json", "a".repeat(64)), format!("{}  summary.html", "b".repeat(64)), format!("{}  deadlines.ics", "c".repeat(64))]);
    assert_eq!(lines.len(), 3 + claim.documents.len());
}

#[test]
fn a_wrong_stored_crc32_never_reaches_the_zip() {
    let (mut claim, profile, contents) = claim_with_files(&[("scan.pdf", Some(DocType::Other), b"%PDF scan".to_vec())]);
    // Stored facts from an older page (no CRC-32 yet) or simply wrong.
    for document in &mut claim.documents {
        if let Some(file) = &mut document.file {
            file.crc32 ^= 0xDEAD_BEEF;
        }
    }
    let plan = build(&claim, &profile);
    assert!(plan.archive.parts_with_crc32(&[]).is_err(), "no parts without the CRC-32 of the bytes read");
    let mut reversed: Vec<_> = plan.manifest.documents.iter().map(|d| (d.id, 0)).collect();
    reversed.reverse();
    assert!(plan.archive.parts_with_crc32(&reversed).is_err(), "nor with CRC-32s out of order");
    let bytes = materialize(&plan.archive, &contents);
    let entries = entries_by_zip_crate(&bytes);
    assert_eq!(entries.len(), 4 + claim.documents.len());
    let dir = scratch_dir("crc");
    let path = dir.join("crc.zip");
    std::fs::write(&path, &bytes).expect("write");
    assert!(run(Command::new("unzip").arg("-t").arg(&path)).contains("No errors detected"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_document_that_failed_its_package_check_is_not_packaged_until_replaced_or_accepted() {
    let (mut claim, profile, contents) = claim_with_files(&[("scan.pdf", Some(DocType::Other), b"%PDF scan".to_vec())]);
    let id = claim.next_id - 1;
    let original = claim.document(id).and_then(|d| d.file.clone()).expect("facts");
    for mark in [crate::claim::Integrity::altered(&"00".repeat(32)), crate::claim::Integrity::missing(&original.sha256)] {
        let mut marked = claim.clone();
        marked.documents.iter_mut().for_each(|d| if d.id == id { d.integrity = Some(mark.clone()) });
        let review = review(&marked, &profile, built_at().local.date());
        let error = plan(&marked, None, &profile, &review, &Catalog::for_tag("en"), built_at()).expect_err("not laundered");
        assert_eq!(error, PackageError::Unverified("scan.pdf".into()));
    }
    // Accepted as it is: packaged, and the package says nothing of it any more.
    claim.documents.iter_mut().for_each(|d| if d.id == id { d.integrity = Some(crate::claim::Integrity::altered(&"00".repeat(32))) });
    claim.apply(Edit::AcceptDocumentFile(id), &profile);
    let plan = build(&claim, &profile);
    assert!(entries_by_zip_crate(&materialize(&plan.archive, &contents)).iter().any(|(name, _)| name == "documents/other/scan.pdf"));
}

#[test]
fn the_page_s_quick_check_agrees_with_the_plan() {
    let (claim, profile, _) = claim_with_files(&[("scan.pdf", Some(DocType::Other), b"%PDF scan".to_vec()), ("invoice.pdf", Some(DocType::Invoice), b"%PDF invoice".to_vec())]);
    let today = built_at().local.date();
    let plan_of = |claim: &Claim| plan(claim, None, &profile, &review(claim, &profile, today), &Catalog::for_tag("en"), built_at());
    assert_eq!(check_packable(&claim), Ok(plan_of(&claim).expect("plan").document_bytes()));
    // Every way to stop the plan, alone and together: the same error, for the same document.
    let ids: Vec<DocumentId> = claim.documents.iter().map(|d| d.id).collect();
    for unread in [None, Some(ids[0]), Some(ids[ids.len() - 1])] {
        for unverified in [None, Some(ids[1]), Some(ids[ids.len() - 2])] {
            let mut changed = claim.clone();
            for document in &mut changed.documents {
                if Some(document.id) == unread {
                    document.file = None;
                }
                if Some(document.id) == unverified {
                    document.integrity = Some(crate::claim::Integrity::altered(&"00".repeat(32)));
                }
            }
            assert_eq!(check_packable(&changed), plan_of(&changed).map(|plan| plan.document_bytes()), "unread {unread:?}, unverified {unverified:?}");
        }
    }
}

mod reading {
    use super::*;
    use crate::package::reader::{self, Check, Found, OpenError};

    fn inflate(raw: &[u8], size: u64) -> Option<Vec<u8>> {
        miniz_oxide::inflate::decompress_to_vec_with_limit(raw, usize::try_from(size).ok()?).ok()
    }

    /// Opens a package as the page does, from the file's bytes: directory, manifest,
    /// then every document (inflated where it is deflated) checked against its SHA-256.
    pub(super) fn open(bytes: &[u8]) -> Result<(reader::PackageContents, reader::Restored), OpenError> {
        let size = bytes.len() as u64;
        let entries = entries_of(bytes)?;
        let content = |entry: &reader::Entry| -> Result<Vec<u8>, OpenError> {
            let header_end = (entry.header_offset + entry.header_read_len()).min(size) as usize;
            let range = reader::data_range(entry, &bytes[entry.header_offset as usize..header_end])?;
            let raw = &bytes[range.start as usize..range.end as usize];
            let content = if range.inflate { inflate(raw, range.size).ok_or_else(|| OpenError::BadInflate(entry.name.clone()))? } else { raw.to_vec() };
            reader::check_inflated(entry, content.len() as u64)?;
            Ok(content)
        };
        let manifest_bytes = content(reader::manifest_entry(&entries)?)?;
        let manifest = reader::read_manifest(&manifest_bytes)?;
        let ([summary, calendar], checksums) = reader::generated_entries(&entries)?;
        let digest_of = |entry: Option<&reader::Entry>| entry.map(|entry| content(entry).map(|bytes| crate::hashing::sha256_hex(&bytes))).transpose();
        let digests = [Some(crate::hashing::sha256_hex(&manifest_bytes)), digest_of(summary)?, digest_of(calendar)?];
        reader::check_generated(&content(checksums)?, &digests, &manifest.documents)?;
        let mut found = Vec::new();
        let by_name = reader::document_entries(&manifest, &entries);
        let mut stand_ins = reader::StandIns::new(&manifest, &entries, &by_name);
        let facts = |entry: &reader::Entry, media_type: &str| -> Result<crate::claim::FileFacts, OpenError> {
            let mut hasher = FileHasher::new();
            hasher.update(&content(entry)?);
            Ok(hasher.finish(media_type))
        };
        // As the page's shell does (`browser::open`): a stand-in is taken by its content.
        for (document, entry) in manifest.documents.iter().zip(by_name) {
            let entry = entry.or_else(|| {
                for candidate in stand_ins.to_hash(document.size) {
                    if let Ok(facts) = facts(candidate, &document.media_type) {
                        stand_ins.hashed(candidate, &facts.sha256, ());
                    }
                }
                stand_ins.take(&document.sha256).map(|(entry, ())| entry)
            });
            found.push(match entry.map(|entry| (entry, facts(entry, &document.media_type))) {
                None => Found::Missing,
                Some((entry, Ok(facts))) => Found::File { facts, entry_crc32: entry.crc32 },
                // One document's data damaged: that document, not the package.
                Some((_, Err(OpenError::BadInflate(_)))) => Found::Damaged,
                Some((_, Err(error))) => return Err(error),
            });
        }
        let restored = reader::restore(&manifest, &found);
        Ok((manifest, restored))
    }

    /// The entries of a ZIP, as its central directory lists them.
    pub(super) fn entries_of(bytes: &[u8]) -> Result<Vec<reader::Entry>, OpenError> {
        let tail = &bytes[bytes.len().saturating_sub(reader::TAIL_BYTES as usize)..];
        let directory = reader::find_directory(tail, bytes.len() as u64)?;
        let listing = &bytes[directory.offset as usize..(directory.offset + directory.size) as usize];
        reader::read_directory(listing, &directory)
    }

    pub(super) fn checks(restored: &reader::Restored) -> Vec<Check> {
        restored.documents.iter().map(|(check, _)| check.clone()).collect()
    }

    pub(super) fn package() -> (Vec<u8>, PackagePlan) {
        let (claim, profile, contents) = claim_with_files(&[("résumé 2018 (final).pdf", Some(DocType::Other), b"%PDF resume".to_vec())]);
        let plan = build(&claim, &profile);
        (materialize(&plan.archive, &contents), plan)
    }

    #[test]
    fn a_package_opens_again_with_its_claim_and_every_document_verified() {
        let (bytes, plan) = package();
        let (contents, restored) = open(&bytes).expect("opens");
        assert_eq!(contents.claim, plan.manifest.claim);
        assert_eq!(contents.documents, plan.manifest.documents);
        assert_eq!(checks(&restored), vec![Check::Verified; 8]);
        assert_eq!(restored.claim, plan.manifest.claim, "nothing marked, ids already in order");
    }

    /// A claim larger than the page keeps (a manifest edited so: a text of megabytes froze
    /// the page, 100,000 cost lines made every keystroke take seconds) is refused; one at
    /// the limits opens.
    #[test]
    fn a_claim_larger_than_the_page_keeps_is_refused_and_one_at_its_limits_opens() {
        let (claim, profile, contents) = claim_with_files(&[("a.pdf", Some(DocType::Other), b"%PDF a".to_vec())]);
        let built = |claim: &Claim| materialize(&build(claim, &profile).archive, &contents);
        let mut long = claim.clone();
        long.metric = "é".repeat(reader::MAX_TEXT_CHARS);
        assert!(open(&built(&long)).is_ok(), "a text at the limit (in characters, not bytes)");
        long.metric.push('x');
        assert_eq!(open(&built(&long)).map(|_| ()), Err(OpenError::TooLongText));
        let mut lines = claim.clone();
        while lines.cost_lines.len() < reader::MAX_COST_LINES {
            lines.apply(Edit::AddCostLine, &profile);
        }
        assert!(open(&built(&lines)).is_ok(), "as many lines as the page keeps");
        lines.apply(Edit::AddCostLine, &profile);
        assert_eq!(open(&built(&lines)).map(|_| ()), Err(OpenError::TooManyLines));
    }

    /// A manifest edited to hold far more than a claim of this page (documents that are
    /// `{}`, a history, proof items, words read) is refused before it is kept: every
    /// keystroke would review them and every save write them; and 64 MiB of `{},` (21
    /// million documents) ran the package worker out of memory while it was parsed.
    #[test]
    fn a_manifest_of_more_items_than_the_page_keeps_is_refused() {
        let (claim, profile, _) = claim_with_files(&[("a.pdf", Some(DocType::Other), b"%PDF a".to_vec())]);
        let manifest = serde_json::to_value(&build(&claim, &profile).manifest).expect("json");
        assert!(reader::read_manifest(&serde_json::to_vec(&manifest).expect("json")).is_ok());
        let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
            let mut manifest = manifest.clone();
            edit(&mut manifest);
            reader::read_manifest(&serde_json::to_vec(&manifest).expect("json")).map(|_| ())
        };
        let many = |n: usize, item: serde_json::Value| serde_json::Value::Array(vec![item; n]);
        assert_eq!(edited(&|m| m["claim"]["documents"] = many(reader::MAX_DOCUMENTS + 1, serde_json::json!({}))), Err(OpenError::TooManyItems));
        assert_eq!(edited(&|m| m["claim"]["lifecycle"]["history"] = many(reader::MAX_HISTORY + 1, serde_json::json!({}))), Err(OpenError::TooManyItems));
        let proof: Vec<String> = (0..=reader::MAX_PROOF_ITEMS).map(|n| format!("item-{n}")).collect();
        assert_eq!(edited(&|m| m["claim"]["documents"][0]["proof_items"] = serde_json::json!(proof)), Err(OpenError::TooManyItems));
        // More words read than this reader keeps (a later page's reading): not refused, the
        // reading dropped (the file is read again here).
        let words: Vec<String> = (0..=crate::evidence::MAX_WORDS).map(|n| format!("w{n}")).collect();
        let mut many_words = manifest.clone();
        many_words["claim"]["documents"][0]["inspection"] = serde_json::json!({ "sha256": "ab", "kind": "pdf", "words": words });
        let read = reader::read_manifest(&serde_json::to_vec(&many_words).expect("json")).expect("opens");
        assert_eq!(read.claim.documents[0].read, None);
        // Counted before parsing: objects past the bound in any place.
        assert_eq!(edited(&|m| m["padding"] = many(reader::MAX_OBJECTS, serde_json::json!({}))), Err(OpenError::TooManyItems));
        // At the limits, it opens.
        assert!(edited(&|m| m["claim"]["lifecycle"]["history"] = many(reader::MAX_HISTORY, serde_json::json!({}))).is_ok());
        // One document listed many times (every listing would read and hash its entry
        // again), or twice but for capitals: refused.
        let first = manifest["documents"][0].clone();
        assert!(matches!(edited(&|m| m["documents"] = many(1000, first.clone())), Err(OpenError::BadManifest(_))));
        let mut shouting = first.clone();
        shouting["path"] = serde_json::json!(first["path"].as_str().expect("a path").to_uppercase());
        assert!(matches!(edited(&|m| m["documents"] = serde_json::json!([first.clone(), shouting.clone()])), Err(OpenError::BadManifest(_))));
    }

    /// The package's calendar of a claim submitted (or archived) withdraws its deadline,
    /// as the register's calendar does: a reminder imported before, under the same name,
    /// is cancelled by the next file imported rather than left to ring for a claim
    /// already in.
    #[test]
    fn a_submitted_claim_s_package_calendar_withdraws_its_deadline() {
        let (mut claim, profile, _) = claim_with_files(&[]);
        let events = |claim: &Claim| {
            let review = review(claim, &profile, built_at().local.date());
            let draft = draft(claim, Some("k"), &profile, &review, &Catalog::for_tag("en"), built_at()).expect("draft");
            let text = String::from_utf8(draft.generated()[2].to_vec()).expect("text");
            text.split("BEGIN:VEVENT").skip(1).map(|event| (event.lines().find(|line| line.starts_with("UID:")).unwrap_or_default().to_string(), event.contains("STATUS:CANCELLED"), event.contains("VALARM"))).collect::<Vec<_>>()
        };
        let deadline = "UID:k-claim-deadline@coop-claim-preflight".to_string();
        let retention = ("UID:k-retention-end@coop-claim-preflight".to_string(), false, false);
        assert_eq!(events(&claim), [(deadline.clone(), false, true), retention.clone()]);
        claim.lifecycle.set_status(crate::lifecycle::Status::Submitted, "2026-11-20", "");
        assert_eq!(events(&claim), [(deadline.clone(), true, false), retention.clone()]);
        claim.lifecycle.unlocked = true;
        claim.lifecycle.set_status(crate::lifecycle::Status::Preparing, "2026-11-21", "");
        claim.lifecycle.archived = true;
        assert_eq!(events(&claim), [(deadline, true, false), retention]);
    }

    /// A package opened on another device gives its claim another key there; its calendar
    /// keeps the events' names of the device it was made on, so that importing its next
    /// calendar moves the events imported before. A copy made with Duplicate has its own.
    #[test]
    fn a_claim_opened_on_another_device_keeps_the_names_of_its_calendar_events() {
        let (claim, profile, contents) = claim_with_files(&[]);
        let uids = |claim: &Claim, key: &str| {
            let review = review(claim, &profile, built_at().local.date());
            let draft = draft(claim, Some(key), &profile, &review, &Catalog::for_tag("en"), built_at()).expect("draft");
            let text = String::from_utf8(draft.generated()[2].to_vec()).expect("text");
            text.lines().filter(|line| line.starts_with("UID:")).map(str::to_string).collect::<Vec<_>>()
        };
        let here = uids(&claim, "made-here");
        assert_eq!(here.len(), 2, "{here:?}");
        assert!(here.iter().all(|uid| uid.contains("made-here")), "{here:?}");
        let review = review(&claim, &profile, built_at().local.date());
        let plan = plan(&claim, Some("made-here"), &profile, &review, &Catalog::for_tag("en"), built_at()).expect("plan");
        let (contents, restored) = open(&materialize(&plan.archive, &contents)).expect("opens");
        assert_eq!(contents.claim.calendar_id, "made-here");
        // Elsewhere, under another key, the same events; and the same claim as the one here.
        assert_eq!(uids(&restored.claim, "key-elsewhere"), here);
        assert_eq!(restored.claim.content_fingerprint(), claim.content_fingerprint());
        // A backup's package too: the page gives it the key before the worker writes it.
        let backed_up = Claim { calendar_id: "made-here".into(), ..claim.clone() };
        let (backup_plan, _) = plan_for_backup(&backed_up, &profile, &review, &Catalog::for_tag("en"), built_at(), &|_| true).expect("backup plan");
        assert_eq!(backup_plan.manifest.claim.calendar_id, "made-here");
        // A copy made with Duplicate names its own (see the session's test).
        assert_ne!(uids(&Claim { calendar_id: String::new(), ..restored.claim.clone() }, "the-copy"), here);
        // A hostile manifest's id with a line break cannot add a line to the calendar: it
        // is not taken, the key here names the events.
        let hostile = Claim { calendar_id: "x\r\nATTENDEE:mailto:someone@example.com\r\nX".into(), ..restored.claim.clone() };
        let named = uids(&hostile, "key-elsewhere");
        assert!(named.iter().all(|uid| uid.starts_with("UID:key-elsewhere-")), "{named:?}");
        let hostile_review = crate::rules::review(&hostile, &profile, built_at().local.date());
        let text = String::from_utf8(draft(&hostile, Some("key-elsewhere"), &profile, &hostile_review, &Catalog::for_tag("en"), built_at()).expect("draft").generated()[2].to_vec()).expect("text");
        assert!(!text.contains("ATTENDEE"), "{text}");
    }

    /// What the reader found in each file is the manifest's word, which anyone can edit
    /// with its checksum line: it is not taken back, and the page's reader reads the
    /// files themselves.
    #[test]
    fn what_the_reader_found_is_read_again_not_taken_from_the_manifest() {
        let (mut claim, profile, contents) = claim_with_files(&[("Invoice_Contoso.pdf", Some(DocType::Other), b"MZ\x90\x00 a program".to_vec())]);
        for document in claim.documents.clone() {
            let sha256 = document.file.as_ref().map(|file| file.sha256.clone()).unwrap_or_default();
            claim.apply(Edit::SetInspection(document.id, crate::evidence::Inspection { sha256, kind: crate::evidence::Kind::Pdf, pages: Some(1), ..Default::default() }), &profile);
        }
        let plan = build(&claim, &profile);
        assert!(plan.manifest.claim.documents.iter().all(|document| document.inspection().is_some()), "the manifest says what was found");
        let (_, restored) = open(&materialize(&plan.archive, &contents)).expect("opens");
        assert!(restored.claim.documents.iter().all(|document| document.read.is_none()), "{:?}", restored.claim.documents);
        assert_eq!(checks(&restored), vec![Check::Verified; 8], "the files themselves match");
    }

    #[test]
    fn an_altered_document_is_named_and_marked_with_the_checksum_it_should_have() {
        let (mut bytes, plan) = package();
        let agenda = plan.manifest.documents.iter().position(|d| d.original_name == "Agenda.pdf").expect("agenda");
        let needle = b"example content of Agenda.pdf";
        let at = bytes.windows(needle.len()).position(|w| w == needle).expect("agenda bytes");
        bytes[at] ^= 0x20;
        let (_, restored) = open(&bytes).expect("still a ZIP");
        for (i, check) in checks(&restored).iter().enumerate() {
            assert_eq!(*check, if i == agenda { Check::Differs } else { Check::Verified }, "{}", plan.manifest.documents[i].original_name);
        }
        let id = restored.documents[agenda].1.expect("in the claim");
        let document = restored.claim.document(id).expect("document");
        assert_eq!(document.integrity, Some(crate::claim::Integrity::altered(&plan.manifest.documents[agenda].sha256)));
        assert_ne!(document.file.as_ref().map(|f| f.sha256.as_str()), Some(plan.manifest.documents[agenda].sha256.as_str()), "the facts are those of the bytes read");
        let marked = restored.claim.documents.iter().filter(|d| d.integrity.is_some()).count();
        assert_eq!(marked, 1);
    }

    #[test]
    fn a_zip64_package_opens_too() {
        let (bytes, _) = package();
        let entries = entries_by_zip_crate(&bytes);
        let mut layout = ZipLayout::with_limit(built_at().local, 100);
        for (name, content) in &entries {
            layout.add(name, Content::Bytes(content.clone()));
        }
        let zip64 = materialize(&layout.finish(), &HashMap::new());
        assert!(zip64.windows(4).any(|w| w == 0x0606_4b50u32.to_le_bytes()), "no ZIP64 end record");
        let (_, restored) = open(&zip64).expect("opens");
        let checks = checks(&restored);
        assert_eq!(checks.len(), restored.claim.documents.len());
        assert!(!checks.is_empty() && checks.iter().all(|check| *check == Check::Verified), "{checks:?}");
    }

    pub(super) fn layout_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut layout = ZipLayout::new(built_at().local);
        for (name, content) in entries {
            layout.add(name, Content::Bytes(content.to_vec()));
        }
        materialize(&layout.finish(), &HashMap::new())
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let (bytes, _) = package();
        let cases: Vec<(&str, Vec<u8>, OpenError)> = vec![
            ("a 0-byte file named .zip", Vec::new(), OpenError::Empty),
            ("random bytes", (0..5000u32).map(|n| (n * 7919 % 251) as u8).collect(), OpenError::NotZip),
            ("a PDF", b"%PDF-1.4 not a zip at all".to_vec(), OpenError::NotZip),
            ("the first half of a package", bytes[..bytes.len() / 2].to_vec(), OpenError::NotZip),
            ("a package without its first bytes", bytes[1000..].to_vec(), OpenError::Truncated),
            ("a ZIP of another origin", layout_of(&[("notes.txt", b"hello")]), OpenError::NotOurs),
            // A package zipped again as a file (mailed so): the ZIP inside is named.
            ("a package zipped as a file", layout_of(&[("webinar-2026-11-25.zip", b"PK"), ("__MACOSX/._webinar-2026-11-25.zip", b"x")]), OpenError::ZipInZip("webinar-2026-11-25.zip".into())),
            ("a ZIP of two ZIPs", layout_of(&[("a.zip", b"PK"), ("b.zip", b"PK")]), OpenError::NotOurs),
            // A backup picked with Open package is named as one, with where it opens.
            ("a backup", layout_of(&[("backup.json", b"{}"), ("claims/001-a.zip", b"PK")]), OpenError::IsBackup),
            ("a backup zipped again as its folder", layout_of(&[("Backup/backup.json", b"{}")]), OpenError::IsBackup),
            // A package zipped as its folder opens (the rezip test); not a manifest in one
            // folder of several, nor one two folders deep.
            // Said where it is, so that the partner zips that folder's contents.
            ("a manifest in one folder of two", layout_of(&[("a/manifest.json", b"{}"), ("b/notes.txt", b"x")]), OpenError::ManifestInFolder("a".into())),
            ("a manifest two folders deep", layout_of(&[("Downloads/a/manifest.json", b"{}")]), OpenError::ManifestInFolder("Downloads/a".into())),
            ("a name that climbs out", layout_of(&[("../../etc/passwd", b"root"), ("manifest.json", b"{}")]), OpenError::Hostile("../../etc/passwd".into())),
            ("a folder that climbs out", layout_of(&[("documents/../../", b""), ("manifest.json", b"{}")]), OpenError::Hostile("documents/../../".into())),
            ("an absolute name", layout_of(&[("/etc/passwd", b"root")]), OpenError::Hostile("/etc/passwd".into())),
            ("an absolute folder", layout_of(&[("/etc/", b"")]), OpenError::Hostile("/etc/".into())),
            ("a Windows path climbing out (its backslashes read as slashes)", layout_of(&[("..\\evil.exe", b"MZ")]), OpenError::Hostile("../evil.exe".into())),
            ("a drive letter", layout_of(&[("C:/evil.exe", b"MZ")]), OpenError::Hostile("C:/evil.exe".into())),
            ("a drive letter without its slash", layout_of(&[("C:evil.exe", b"MZ")]), OpenError::Hostile("C:evil.exe".into())),
            // Inside the package, but no file name on Windows: a colon (a hidden stream of
            // a file there), a control character.
            ("a colon", layout_of(&[("documents/other/a:b.pdf", b"x"), ("manifest.json", b"{}")]), OpenError::Unwritable("documents/other/a:b.pdf".into())),
            ("a control character", layout_of(&[("documents/other/a\u{7}b.pdf", b"x"), ("manifest.json", b"{}")]), OpenError::Unwritable("documents/other/a\u{7}b.pdf".into())),
            ("a colon in a name that climbs out too", layout_of(&[("../a:b.pdf", b"x")]), OpenError::Hostile("../a:b.pdf".into())),
            // One name on Windows and macOS: unzipped there, one replaces the other.
            ("two manifests but for capitals", layout_of(&[("manifest.json", b"{}"), ("MANIFEST.JSON", b"{}")]), OpenError::CaseTwins("MANIFEST.JSON".into())),
            ("two documents but for capitals", layout_of(&[("documents/other/Ⱥ.pdf", b"a"), ("documents/other/ⱥ.pdf", b"b"), ("manifest.json", b"{}")]), OpenError::CaseTwins("documents/other/Ⱥ.pdf".into())),
            ("two documents but for a dot that Windows drops", layout_of(&[("documents/other/a.pdf", b"a"), ("documents/other/a.pdf.", b"b"), ("manifest.json", b"{}")]), OpenError::CaseTwins("documents/other/a.pdf".into())),
            ("two documents but for a space that Windows drops, in a folder's name", layout_of(&[("documents/other /a.pdf", b"a"), ("documents/other/a.pdf", b"b"), ("manifest.json", b"{}")]), OpenError::CaseTwins("documents/other /a.pdf".into())),
            ("a manifest that is not JSON", layout_of(&[("manifest.json", b"not json")]), OpenError::BadManifest("expected ident at line 1 column 2".into())),
            ("a newer manifest", layout_of(&[("manifest.json", br#"{"schema": "coop-claim-preflight/manifest@7"}"#)]), OpenError::NewerSchema("7".into())),
            ("another schema", layout_of(&[("manifest.json", br#"{"schema": "something-else@1"}"#)]), OpenError::BadManifest("unknown schema something-else@1".into())),
        ];
        for (situation, bytes, expected) in cases {
            assert_eq!(open(&bytes).map(|_| ()), Err(expected), "{situation}");
        }
    }

    /// A package of an earlier version whose manifest wrote a name decomposed (Arabic's
    /// hamza as a mark, which the page composes now): its entry, read composed, is found
    /// by that name still, and is not said to be beside the manifest.
    #[test]
    fn a_name_an_earlier_version_wrote_decomposed_is_found_by_name() {
        let (bytes, plan) = package();
        let mut entries = entries_of(&bytes).expect("entries");
        let mut manifest = reader::PackageContents { claim: Claim::default(), documents: plan.manifest.documents.clone() };
        let decomposed = "documents/other/\u{627}\u{654}سعار.pdf";
        let at = entries.iter().position(|entry| entry.name == manifest.documents[0].path).expect("the first document's entry");
        manifest.documents[0].path = decomposed.to_string();
        entries[at].name = crate::package::names::composed(decomposed);
        assert_eq!(reader::document_entries(&manifest, &entries)[0].map(|entry| entry.name.clone()), Some(entries[at].name.clone()));
        assert!(reader::unlisted_entries(&manifest, &entries).is_empty());
    }

    /// An entry hidden past the end record's count (`unzip` and Python read the directory
    /// by its size, and unzip it, over a document of the same name), or a count that
    /// wrapped past 65,535 in a tool without ZIP64: refused, the first such entry named,
    /// rather than read as a package without it.
    #[test]
    fn a_directory_holding_more_entries_than_its_end_record_counts_is_refused() {
        let (mut bytes, _) = package();
        let last = entries_by_zip_crate(&bytes).last().map(|(name, _)| name.clone()).expect("entries");
        let end = bytes.len() - 22;
        assert_eq!(bytes[end..end + 4], 0x0605_4b50u32.to_le_bytes(), "the end record, no comment");
        let count = u16::from_le_bytes([bytes[end + 10], bytes[end + 11]]);
        for at in [end + 8, end + 10] {
            bytes[at..at + 2].copy_from_slice(&(count - 1).to_le_bytes());
        }
        assert_eq!(open(&bytes).map(|_| ()), Err(OpenError::Mismatch(last)));
    }

    #[test]
    fn an_entry_that_is_a_link_is_refused_and_a_file_or_folder_mode_is_not() {
        // A document stored as a Unix link to /etc/passwd, its checksums made to agree:
        // unzipped, it points out of the package.
        let (bytes, plan) = package();
        let name = plan.manifest.documents[0].path.clone();
        let entry_at = |bytes: &[u8]| {
            let directory = bytes.windows(4).position(|w| w == 0x0201_4b50u32.to_le_bytes()).expect("directory");
            directory + bytes[directory..].windows(name.len()).position(|w| w == name.as_bytes()).expect("the document's entry") - 46
        };
        let made_on = |host: u16, mode: u32| {
            let mut bytes = bytes.clone();
            let at = entry_at(&bytes);
            bytes[at + 4..at + 6].copy_from_slice(&(host << 8 | 0x1E).to_le_bytes());
            bytes[at + 38..at + 42].copy_from_slice(&(mode << 16).to_le_bytes());
            bytes
        };
        // Unix, and the systems whose links Info-ZIP's unzip also makes (VMS, Atari, BeOS,
        // AtheOS), and macOS: only a file or a folder.
        for host in [3, 2, 5, 16, 30, 19] {
            assert_eq!(open(&made_on(host, 0o120_777)).map(|_| ()), Err(OpenError::Link(name.clone())), "a link, host {host}");
            assert_eq!(open(&made_on(host, 0o020_644)).map(|_| ()), Err(OpenError::Link(name.clone())), "a device, host {host}");
            for mode in [0o100_644, 0o100_755, 0] {
                assert!(open(&made_on(host, mode)).is_ok(), "{mode:o}, host {host}");
            }
        }
        // FAT and NTFS: a link all the same (7-Zip makes one of a Unix mode there); other
        // bits are that system's attributes (FILE_ATTRIBUTE_STRICTLY_SEQUENTIAL reads as
        // a device), not a mode.
        for host in [0, 10] {
            assert_eq!(open(&made_on(host, 0o120_777)).map(|_| ()), Err(OpenError::Link(name.clone())), "a link, host {host}");
            for mode in [0o100_644, 0o020_000, 0] {
                assert!(open(&made_on(host, mode)).is_ok(), "{mode:o}, host {host}");
            }
        }
    }

    #[test]
    fn entries_claiming_huge_sizes_are_refused_before_anything_is_read() {
        // A zip bomb's trick: the directory says 4 GiB; the file holds a few bytes.
        let mut bytes = layout_of(&[("manifest.json", b"{}")]);
        let directory = bytes.windows(4).rposition(|w| w == 0x0201_4b50u32.to_le_bytes()).expect("directory");
        bytes[directory + 20..directory + 28].copy_from_slice(&[0xF0, 0xFF, 0xFF, 0xFF, 0xF0, 0xFF, 0xFF, 0xFF]);
        assert_eq!(open(&bytes).map(|_| ()), Err(OpenError::Oversized("manifest.json".into())));
        // A directory claiming millions of entries.
        let mut bytes = layout_of(&[("manifest.json", b"{}")]);
        let end = bytes.len() - 22;
        bytes[end + 8..end + 12].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        assert!(open(&bytes).is_err());
    }
}

/// Packages unzipped and zipped again by the tools partners have, and packages made to
/// fool a reader.
mod rezipped {
    use super::reading::{checks, entries_of, layout_of, open, package};
    use super::*;
    use crate::package::reader::{Check, OpenError, MAX_INFLATED_TOTAL};

    /// Runs a shell script in a fresh folder holding the package unzipped in `out/`; the
    /// script writes `re.zip` there.
    fn rezip(name: &str, script: &str) -> Vec<u8> {
        let (bytes, _) = package();
        let dir = scratch_dir(name);
        std::fs::write(dir.join("package.zip"), &bytes).expect("write");
        run(Command::new("unzip").arg("-q").arg("package.zip").arg("-d").arg("out").current_dir(&dir));
        run(Command::new("sh").arg("-c").arg(script).current_dir(&dir));
        let zipped = std::fs::read(dir.join("re.zip")).expect("re.zip");
        let _ = std::fs::remove_dir_all(&dir);
        zipped
    }

    const PYTHON_REZIP: &str = r#"
import io, os, sys, zipfile
class Unseekable(io.RawIOBase):
    def __init__(self, f): self.f = f
    def writable(self): return True
    def seekable(self): return False
    def write(self, b): return self.f.write(b)
mode = sys.argv[1]
class Oem(zipfile.ZipInfo):
    # As Windows' compressed folders and 7-Zip write a name: in the OEM code page, unflagged.
    def _encodeFilenameFlags(self):
        return self.filename.encode('cp850'), self.flag_bits
# 'dot': as Windows' tar.exe and bsdtar write `tar -a -cf re.zip .`: every name from `./`.
prefix = 'Contoso claim/' if mode == 'folder' else './' if mode == 'dot' else ''
with open('re.zip', 'wb') as target:
    stream = Unseekable(target) if mode == 'stream' else target
    with zipfile.ZipFile(stream, 'w', zipfile.ZIP_DEFLATED) as z:
        paths = []
        for root, dirs, files in os.walk('out'):
            rel = os.path.relpath(root, 'out')
            if rel != '.':
                paths.append((rel.replace(os.sep, '/') + '/', None))
            for f in files:
                paths.append((os.path.relpath(os.path.join(root, f), 'out').replace(os.sep, '/'), os.path.join(root, f)))
        if mode == 'reversed':
            paths.reverse()
        if mode in ('folder', 'dot'):
            paths.insert(0, ('', None))
        for name, path in paths:
            name = prefix + name
            if mode == 'nfd':
                import unicodedata
                name = unicodedata.normalize('NFD', name)
            if mode == 'backslash' and path is None:
                continue
            if mode == 'backslash':
                # As Windows PowerShell 5.1's Compress-Archive writes a name: folders
                # parted by backslashes, made by MS-DOS (no folder entries).
                info = zipfile.ZipInfo(name.replace('/', '\\'), date_time=(2026, 12, 5, 12, 0, 0))
                info.create_system = 0
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, 'rb') as f:
                    z.writestr(info, f.read())
            elif mode == 'oem' and path is not None:
                info = Oem(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, 'rb') as f:
                    z.writestr(info, f.read())
            elif path is None:
                z.writestr(zipfile.ZipInfo(name), b'')
            else:
                z.write(path, name)
            if mode in ('macos', 'folder') and path is not None:
                z.writestr('__MACOSX/' + name.rsplit('/', 1)[0] + '/._' + name.rsplit('/', 1)[-1], b'\x00\x05\x16\x07' + b'\x00' * 60)
"#;

    #[test]
    fn packages_zipped_again_by_partners_tools_open_with_every_document_verified() {
        let cases = [
            ("zip -r (deflated, folder entries, extra fields)", "cd out && zip -qr ../re.zip ."),
            ("zip to a pipe (data descriptors)", "cd out && zip -qr - . | cat > ../re.zip"),
            ("zip -0 (stored, folder entries)", "cd out && zip -qr0 ../re.zip ."),
            ("Python, deflated", "python3 -c \"$PY\" plain"),
            ("Python, streamed (data descriptors)", "python3 -c \"$PY\" stream"),
            ("Python, folders last, other order", "python3 -c \"$PY\" reversed"),
            ("macOS-like, with __MACOSX resource entries", "python3 -c \"$PY\" macos"),
            ("the folder zipped as a folder (zip -r)", "mv out 'Contoso claim' && zip -qr re.zip 'Contoso claim'"),
            ("the folder zipped as a folder, macOS-like (Compress)", "python3 -c \"$PY\" folder"),
            ("names in the OEM code page, unflagged (Windows' compressed folders, 7-Zip)", "python3 -c \"$PY\" oem"),
            ("names decomposed, accents apart (NFD, as macOS's older volumes store them)", "python3 -c \"$PY\" nfd"),
            ("folders parted by backslashes (Windows PowerShell 5.1's Compress-Archive)", "python3 -c \"$PY\" backslash && unzip -Z1 re.zip | grep -q 'documents\\\\'"),
            ("every name from ./ (Windows' tar.exe and bsdtar: tar -a -cf re.zip .)", "python3 -c \"$PY\" dot && unzip -Z1 re.zip | grep -qx './documents/'"),
        ];
        for (situation, script) in cases {
            let (_, contents, restored) = rezipped_and_opened("rezip", situation, script);
            assert_eq!(restored.documents.len(), 8, "{situation}");
            assert!(restored.documents.iter().all(|(check, id)| *check == Check::Verified && id.is_some()), "{situation}: {:?}", restored.documents);
            assert!(restored.claim.documents.iter().all(|d| d.integrity.is_none()), "{situation}");
            assert_eq!(restored.claim, contents.claim, "{situation}");
        }
    }

    /// The package unzipped, then zipped again by `script` (with Python's re-zipper as
    /// `$PY`), and opened: its bytes, manifest and what opening restored.
    fn rezipped_and_opened(test: &str, situation: &str, script: &str) -> (Vec<u8>, reader::PackageContents, reader::Restored) {
        let script = format!("PY='{}'\n{}", PYTHON_REZIP.replace('\'', "'\\''"), script);
        // A folder per test: tests run at once.
        let bytes = rezip(test, &script);
        let (contents, restored) = open(&bytes).unwrap_or_else(|error| panic!("{situation}: {error}"));
        (bytes, contents, restored)
    }

    /// Python's `zipfile` writes exactly 65,535 entries with the plain end record alone
    /// (its count at 0xFFFF, no ZIP64 records: those come above it), and reads it back.
    #[test]
    fn a_zip_of_exactly_65535_entries_without_zip64_records_is_read() {
        let dir = scratch_dir("many-entries");
        let script = "import sys, zipfile\nfor n in (65535, 65536):\n    with zipfile.ZipFile(f'{n}.zip', 'w') as z:\n        [z.writestr(f'f{i}', b'') for i in range(n)]";
        run(Command::new("python3").arg("-c").arg(script).current_dir(&dir));
        for n in [65_535_usize, 65_536] {
            let bytes = std::fs::read(dir.join(format!("{n}.zip"))).expect("written");
            let entries = entries_of(&bytes).unwrap_or_else(|error| panic!("{n}: {error}"));
            assert_eq!(entries.len(), n);
        }
        let _ = std::fs::remove_dir_all(&dir);
        // More entries than a package of this page holds: said so, not "no manifest.json".
        let mut tail = Vec::new();
        tail.extend_from_slice(&0x0606_4b50_u32.to_le_bytes());
        tail.extend_from_slice(&44_u64.to_le_bytes());
        tail.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        for value in [reader::MAX_ENTRIES + 1, reader::MAX_ENTRIES + 1, 0, 0] {
            tail.extend_from_slice(&value.to_le_bytes());
        }
        tail.extend_from_slice(&0x0706_4b50_u32.to_le_bytes());
        tail.extend_from_slice(&[0; 12]);
        tail.extend_from_slice(&1_u32.to_le_bytes());
        tail.extend_from_slice(&0x0605_4b50_u32.to_le_bytes());
        tail.extend_from_slice(&[0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0]);
        assert_eq!(reader::find_directory(&tail, tail.len() as u64).map(|_| ()), Err(OpenError::TooManyEntries));
    }

    #[test]
    fn files_a_partner_put_into_the_unzipped_package_are_named_not_taken() {
        let cases = [
            ("zip -r", "cp out/summary.html 'out/Extra invoice.pdf' && mkdir -p out/notes && echo hi > out/notes/todo.txt && touch out/.DS_Store out/documents/Thumbs.db 'out/documents/._Extra invoice.pdf' && cd out && zip -qr ../re.zip ."),
            ("the folder zipped as a folder, macOS-like", "echo hi > 'out/Extra invoice.pdf' && python3 -c \"$PY\" folder"),
        ];
        for (situation, script) in cases {
            let (bytes, contents, restored) = rezipped_and_opened("unlisted", situation, script);
            assert!(restored.documents.iter().all(|(check, _)| *check == Check::Verified), "{situation}");
            let entries = entries_of(&bytes).unwrap_or_else(|error| panic!("{situation}: {error}"));
            let mut unlisted = reader::unlisted_entries(&contents, &entries);
            unlisted.sort();
            let expected: &[&str] = if situation == "zip -r" { &["Extra invoice.pdf", "notes/todo.txt"] } else { &["Extra invoice.pdf"] };
            assert_eq!(unlisted, expected, "{situation}");
        }
        // The package as built has none.
        let (bytes, _) = package();
        let (contents, _) = open(&bytes).expect("opens");
        assert_eq!(reader::unlisted_entries(&contents, &entries_of(&bytes).expect("entries")), Vec::<String>::new());
    }

    /// One entry of a hand-made ZIP, as its local header and directory entry say.
    #[derive(Clone)]
    struct Raw {
        name: String,
        method: u16,
        flags: u16,
        crc32: u32,
        data: Vec<u8>,
        size: u32,
    }

    fn stored(name: &str, content: &[u8]) -> Raw {
        Raw { name: name.into(), method: 0, flags: 0x0800, crc32: crate::hashing::crc32(content), data: content.to_vec(), size: content.len() as u32 }
    }

    fn deflated(name: &str, content: &[u8]) -> Raw {
        let data = miniz_oxide::deflate::compress_to_vec(content, 9);
        Raw { method: 8, data, ..stored(name, content) }
    }

    /// A ZIP whose local entries are `locals` and whose directory lists `central`, each
    /// pointing at the local entry of the index given.
    fn craft(locals: &[Raw], central: &[(usize, Raw)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut offsets = Vec::new();
        for raw in locals {
            offsets.push(out.len() as u32);
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            for value in [20u16, raw.flags, raw.method, 0, 0x5A21] {
                out.extend_from_slice(&value.to_le_bytes());
            }
            for value in [raw.crc32, raw.data.len() as u32, raw.size] {
                out.extend_from_slice(&value.to_le_bytes());
            }
            out.extend_from_slice(&(raw.name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(raw.name.as_bytes());
            out.extend_from_slice(&raw.data);
        }
        let directory_offset = out.len() as u32;
        for (local, raw) in central {
            out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            for value in [0x0314u16, 20, raw.flags, raw.method, 0, 0x5A21] {
                out.extend_from_slice(&value.to_le_bytes());
            }
            for value in [raw.crc32, raw.data.len() as u32, raw.size] {
                out.extend_from_slice(&value.to_le_bytes());
            }
            for value in [raw.name.len() as u16, 0, 0, 0, 0] {
                out.extend_from_slice(&value.to_le_bytes());
            }
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&offsets[*local].to_le_bytes());
            out.extend_from_slice(raw.name.as_bytes());
        }
        let directory_size = out.len() as u32 - directory_offset;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for value in [0u16, 0, central.len() as u16, central.len() as u16] {
            out.extend_from_slice(&value.to_le_bytes());
        }
        out.extend_from_slice(&directory_size.to_le_bytes());
        out.extend_from_slice(&directory_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    /// Every entry of a valid package, as hand-made entries.
    fn entries_of_package() -> Vec<Raw> {
        let (bytes, _) = package();
        entries_by_zip_crate(&bytes).iter().map(|(name, content)| stored(name, content)).collect()
    }

    fn as_is(locals: &[Raw]) -> Vec<(usize, Raw)> {
        locals.iter().cloned().enumerate().collect()
    }

    /// The generated files are read whole, as the manifest is, and bounded as it is: a
    /// summary.html declared to inflate to more than a manifest may (a few hundred KB
    /// deflated can make gigabytes) is refused before anything is inflated.
    #[test]
    fn a_generated_file_larger_than_a_manifest_may_be_is_refused_unread() {
        for name in ["summary.html", "deadlines.ics", "checksums.sha256"] {
            let mut locals = entries_of_package();
            let at = locals.iter().position(|raw| raw.name == name).expect(name);
            locals[at] = Raw { size: reader::MAX_MANIFEST_BYTES as u32 + 1, ..deflated(name, b"small") };
            assert_eq!(open(&craft(&locals, &as_is(&locals))).map(|_| ()), Err(OpenError::TooLargeFile(name.to_string())), "{name}");
        }
    }

    #[test]
    fn a_copy_whose_tool_wrote_the_names_otherwise_opens_verified_by_content() {
        // Three documents of one size; the ZIP names two of them otherwise (Japanese with
        // decomposed sound marks, as macOS writes them; a name in an old code page read as
        // CP850), and swaps their order.
        let documents = [("見積書 ガイド.pdf", b"%PDF one".to_vec()), ("Счёт.pdf", b"%PDF two".to_vec()), ("plain.pdf", b"%PDF 333".to_vec())];
        let (claim, profile, contents) = claim_with_files(&documents.iter().map(|(name, bytes)| (*name, Some(DocType::Other), bytes.clone())).collect::<Vec<_>>());
        let plan = build(&claim, &profile);
        let bytes = materialize(&plan.archive, &contents);
        let renamed: Vec<Raw> = entries_by_zip_crate(&bytes)
            .iter()
            .map(|(name, content)| {
                let name = if name.contains('ガ') { name.replace('ガ', "カ\u{3099}") } else if name.contains("Счёт") { name.replace("Счёт", "æþ±Ô") } else { name.clone() };
                stored(&name, content)
            })
            .rev()
            .collect();
        let said = |(manifest, restored): (reader::PackageContents, reader::Restored)| -> Vec<(String, Check)> {
            manifest.documents.iter().zip(restored.documents).map(|(document, (check, _))| (document.original_name.clone(), check)).filter(|(_, check)| *check != Check::Verified).collect()
        };
        assert_eq!(said(open(&craft(&renamed, &as_is(&renamed))).expect("opens")), [], "every document verified, the renamed ones too");
        // Another file of that size, with other bytes, is not taken for one.
        let mut other = renamed.clone();
        let at = other.iter().position(|raw| raw.name.contains("æþ±Ô")).expect("renamed");
        other[at] = stored(&other[at].name, b"%PDF 2wo");
        assert_eq!(said(open(&craft(&other, &as_is(&other))).expect("opens")), [("Счёт.pdf".to_string(), Check::Missing)]);
    }

    #[test]
    fn stand_ins_are_read_once_whatever_a_hostile_manifest_lists() {
        // 5,000 documents of one byte the ZIP does not name, and 5,000 files of one byte
        // it names otherwise: each file is offered for reading once, not once a document.
        let entry = |n: u64, name: String| reader::Entry { name, raw_name: Vec::new(), crc32: 0, size: 1, compressed: 1, method: reader::Method::Stored, header_offset: n * 64, limit: n * 64 + 64 };
        let document = |n: u64| crate::package::manifest::ManifestDocument {
            id: n as u32 + 1,
            original_name: format!("{n}.pdf"),
            path: format!("documents/other/{n}.pdf"),
            size: 1,
            media_type: "application/pdf".into(),
            sha256: format!("{n:064x}"),
            doc_type: None,
            cost_line: None,
            proof_items: Vec::new(),
            note: String::new(),
            invoice: None,
        };
        let manifest = reader::PackageContents { claim: crate::claim::Claim::default(), documents: (0..5_000).map(document).collect() };
        let entries: Vec<reader::Entry> = (0..5_000).map(|n| entry(n, format!("documents/other/x{n}.pdf"))).collect();
        let by_name = reader::document_entries(&manifest, &entries);
        let mut stand_ins: reader::StandIns<()> = reader::StandIns::new(&manifest, &entries, &by_name);
        let mut offered = 0;
        let mut matched = 0;
        for (n, document) in manifest.documents.iter().enumerate() {
            for candidate in stand_ins.to_hash(document.size) {
                offered += 1;
                // Every tenth file has the content of the document listed ten before it.
                let content = if candidate.header_offset % 640 == 0 { format!("{:064x}", candidate.header_offset / 64) } else { "f".repeat(64) };
                stand_ins.hashed(candidate, &content, ());
            }
            if let Some((taken, ())) = stand_ins.take(&document.sha256) {
                assert_eq!(taken.header_offset, n as u64 * 64, "the file of its content");
                matched += 1;
            }
        }
        assert_eq!(offered, 5_000, "each file offered once");
        assert_eq!(matched, 500);
        // The 4,500 of a content no document has were dropped once read, not kept (with
        // their files) until the package is open.
        assert!(stand_ins.not_taken().is_empty());
    }

    #[test]
    fn a_hand_made_copy_of_a_package_opens() {
        let locals = entries_of_package();
        let (_, restored) = open(&craft(&locals, &as_is(&locals))).expect("opens");
        assert!(restored.documents.iter().all(|(check, _)| *check == Check::Verified));
        let deflated_locals: Vec<Raw> = locals.iter().map(|raw| deflated(&raw.name, &raw.data)).collect();
        let (_, restored) = open(&craft(&deflated_locals, &as_is(&deflated_locals))).expect("opens deflated");
        assert!(restored.documents.iter().all(|(check, _)| *check == Check::Verified));
    }

    #[test]
    fn three_hundred_entries_on_the_same_bytes_are_refused_as_overlapping() {
        let locals = entries_of_package();
        let mut central = as_is(&locals);
        let pdf = locals.iter().position(|raw| raw.name.starts_with("documents/")).expect("a document");
        for n in 0..300 {
            central.push((pdf, Raw { name: format!("documents/other/copy {n}.pdf"), ..locals[pdf].clone() }));
        }
        let bytes = craft(&locals, &central);
        let started = std::time::Instant::now();
        assert!(matches!(open(&bytes), Err(OpenError::Overlapping(_))), "{:?}", open(&bytes).map(|_| ()));
        eprintln!("300 overlapping entries refused in {:?}", started.elapsed());
        // 65,000 entries on one header (as many as a directory without ZIP64 counts):
        // refused, and fast (sorting, not comparing pairs).
        let mut central = as_is(&locals);
        central.extend((0..65_000).map(|n| (pdf, Raw { name: format!("d/{n}"), ..locals[pdf].clone() })));
        let bytes = craft(&locals, &central);
        let started = std::time::Instant::now();
        assert!(matches!(open(&bytes), Err(OpenError::Overlapping(_))));
        eprintln!("65,000 overlapping entries refused in {:?}", started.elapsed());
        // 100,000 of them, their count wrapped past 65,535 by a writer without ZIP64:
        // refused for the entries the count leaves out.
        central.extend((65_000..100_000).map(|n| (pdf, Raw { name: format!("d/{n}"), ..locals[pdf].clone() })));
        assert!(matches!(open(&craft(&locals, &central)), Err(OpenError::Mismatch(name)) if name.starts_with("d/")));
    }

    #[test]
    fn an_entry_reaching_into_the_next_is_refused_as_overlapping() {
        let mut locals = entries_of_package();
        let mut central = as_is(&locals);
        // The manifest's directory entry says it is 10 bytes longer than its local data: its
        // bytes would run into the next entry's header.
        let manifest = locals.iter().position(|raw| raw.name == "manifest.json").expect("manifest");
        central[manifest].1.size += 10;
        central[manifest].1.data.extend_from_slice(&[0; 10]);
        let bytes = craft(&locals, &central);
        assert_eq!(open(&bytes).map(|_| ()), Err(OpenError::Overlapping("manifest.json".into())));
        // The generated files alone (every document missing) open.
        locals.truncate(4);
        assert!(open(&craft(&locals, &as_is(&locals))).is_ok());
    }

    #[test]
    fn hostile_entries_are_refused_with_their_reason() {
        let locals = entries_of_package();
        let document = locals.iter().position(|raw| raw.name.starts_with("documents/")).expect("a document");
        let manifest = locals.iter().position(|raw| raw.name == "manifest.json").expect("manifest");
        let name = locals[document].name.clone();
        let mut twins = locals.clone();
        twins.push(stored(&name, b"%PDF the other file of the same name"));
        // One name stored composed and decomposed (é, and e with its accent apart): one name.
        let mut accents = locals.clone();
        accents.push(stored("documents/other/re\u{301}sume\u{301}.pdf", b"%PDF decomposed"));
        accents.push(stored("documents/other/r\u{e9}sum\u{e9}.pdf", b"%PDF composed"));
        let mut encrypted = as_is(&locals);
        encrypted[document].1.flags |= 1;
        let mut encrypted_locally = locals.clone();
        encrypted_locally[document].flags |= 1;
        let mut renamed = locals.clone();
        renamed[document].name = name.replace("documents/", "documentz/");
        let mut method = as_is(&locals);
        method[manifest].1.method = 8;
        let mut sized = locals.clone();
        sized[manifest].size += 1;
        let mut crc = locals.clone();
        crc[manifest].crc32 ^= 1;
        let mut lzma = locals.clone();
        lzma[manifest].method = 14;
        // Backslashes part folders (Windows' PowerShell writes them), and climb as `..` does.
        let mut climbing = locals.clone();
        climbing[document].name = "documents\\..\\..\\evil.pdf".into();
        let mut server = locals.clone();
        server[document].name = "\\\\server\\share\\evil.pdf".into();
        // `.` parts are dropped (tar writes `./` before every name); `..` behind them climbs still.
        let mut dotted = locals.clone();
        dotted[document].name = "./documents/./../../evil.pdf".into();
        let cases: Vec<(&str, Vec<u8>, OpenError)> = vec![
            ("a name climbing out behind ./ parts", craft(&dotted, &as_is(&dotted)), OpenError::Hostile("documents/../../evil.pdf".into())),
            ("a name climbing out by backslashes", craft(&climbing, &as_is(&climbing)), OpenError::Hostile("documents/../../evil.pdf".into())),
            ("a network path by backslashes", craft(&server, &as_is(&server)), OpenError::Hostile("//server/share/evil.pdf".into())),
            ("two entries of one name", craft(&twins, &as_is(&twins)), OpenError::Duplicate(name.clone())),
            ("one name stored composed and decomposed", craft(&accents, &as_is(&accents)), OpenError::Duplicate("documents/other/r\u{e9}sum\u{e9}.pdf".into())),
            ("an encrypted entry", craft(&locals, &encrypted), OpenError::Encrypted(name.clone())),
            ("an entry encrypted in its local header only", craft(&encrypted_locally, &as_is(&locals)), OpenError::Encrypted(name.clone())),
            ("a local name that is not the directory's", craft(&renamed, &as_is(&locals)), OpenError::Mismatch(name.clone())),
            ("a local method that is not the directory's", craft(&locals, &method), OpenError::Mismatch("manifest.json".into())),
            ("a local size that is not the directory's", craft(&sized, &as_is(&locals)), OpenError::Mismatch("manifest.json".into())),
            ("a local CRC-32 that is not the directory's", craft(&crc, &as_is(&locals)), OpenError::Mismatch("manifest.json".into())),
            ("a method this page does not read", craft(&lzma, &as_is(&lzma)), OpenError::Compressed("manifest.json".into())),
        ];
        for (situation, bytes, expected) in cases {
            assert_eq!(open(&bytes).map(|_| ()), Err(expected), "{situation}");
        }
    }

    /// A document found by its content is said to be elsewhere only when the partner
    /// renamed or moved it, not when a tool wrote its name otherwise.
    #[test]
    fn a_document_found_by_content_is_elsewhere_only_when_renamed_or_moved() {
        assert!(reader::found_elsewhere("documents/other/Venue invoice.pdf", "moved/Venue (final).pdf", false));
        assert!(reader::found_elsewhere("documents/other/a.pdf", "documents/invoices/a.pdf", false));
        assert!(reader::found_elsewhere("documents/other/a.pdf", "documents/other/b.pdf", false));
        // Renamed in another script: every letter changed, none of them ASCII.
        assert!(reader::found_elsewhere("documents/invoices/請求書.pdf", "documents/invoices/領収書.pdf", false));
        assert!(reader::found_elsewhere("documents/other/Счёт.pdf", "documents/other/Договор.pdf", false));
        // Decomposed, as macOS writes names; an old code page's reading of UTF-8 bytes.
        assert!(!reader::found_elsewhere("documents/other/café ガイド.pdf", "documents/other/cafe\u{301} \u{30ab}\u{3099}イド.pdf", false));
        assert!(!reader::found_elsewhere("documents/other/Счёт.pdf", "documents/other/╨í╤ç╤æ╤é.pdf", true));
        // Arabic written decomposed (أ as ا and its hamza) by a tool that writes every
        // name so: not renamed.
        assert!(!reader::found_elsewhere("documents/other/\u{623}سعار.pdf", "documents/other/\u{627}\u{654}سعار.pdf", false));
        // A rename in Bengali or Arabic letters alone (no marks) is one.
        assert!(reader::found_elsewhere("documents/other/চালান.pdf", "documents/other/রসিদ.pdf", false));
        assert!(reader::found_elsewhere("documents/other/فاتورة.pdf", "documents/other/إيصال.pdf", false));
    }

    /// A backup's packages are held together to one package's limits: thousands of
    /// packages each just within them would otherwise inflate to terabytes.
    #[test]
    fn the_packages_of_a_backup_inflate_within_one_package_s_limits_all_together() {
        let entry = |size: u64, compressed: u64| reader::Entry { name: "documents/a.pdf".into(), raw_name: Vec::new(), crc32: 0, size, compressed, method: reader::Method::Deflated, header_offset: 0, limit: 0 };
        // Each package: 200 MiB of high-ratio content, within 256 MiB alone.
        let package = [entry(200 * 1024 * 1024, 100 * 1024)];
        let mut inflation = reader::Inflation::default();
        assert_eq!(inflation.add(&package), Ok(()));
        assert_eq!(inflation.add(&package), Err(OpenError::Bomb("documents/a.pdf".into())), "the second passes the limit together");
        // Ordinary content: 1.5 GiB a package, within 2 GiB alone, not twice.
        let mut inflation = reader::Inflation::default();
        let large = [entry(1536 * 1024 * 1024, 1500 * 1024 * 1024)];
        assert_eq!(inflation.add(&large), Ok(()));
        assert_eq!(inflation.add(&large), Err(OpenError::TooLarge));
        // Refused, a package counts nothing: a smaller one after it still fits.
        assert_eq!(inflation.add(&[entry(256 * 1024 * 1024, 250 * 1024 * 1024)]), Ok(()));
    }

    #[test]
    fn deflated_entries_are_inflated_within_limits_and_to_their_declared_size() {
        let locals = entries_of_package();
        let manifest = locals.iter().position(|raw| raw.name == "manifest.json").expect("manifest");
        let document = locals.iter().position(|raw| raw.name.starts_with("documents/")).expect("a document");
        // A scan saved as a bitmap, mostly white: 4 MB deflate to a few KB, and open.
        let mut scan = locals.clone();
        scan.push(deflated("documents/other/white scan.bmp", &vec![0; 4 * 1024 * 1024]));
        // A bomb: entries beyond the ratio, more than MAX_HIGH_RATIO_TOTAL together.
        let mut bomb = locals.clone();
        for n in 0..2 {
            let mut raw = deflated(&format!("documents/other/zeros {n}.pdf"), b"x");
            raw.data = vec![0; 64 * 1024];
            raw.size = 200 * 1024 * 1024;
            bomb.push(raw);
        }
        // A small file of zeros is no bomb.
        let mut zeros = locals.clone();
        zeros.push(deflated("documents/other/small zeros.pdf", &vec![0; 100_000]));
        // A directory that declares more (or fewer) bytes than the entry inflates to.
        let mut lying = locals.clone();
        lying[document] = deflated(&locals[document].name, &locals[document].data);
        let mut lying_central = as_is(&lying);
        lying_central[document].1.size += 1;
        lying[document].size += 1;
        let mut short = locals.clone();
        short[manifest] = deflated("manifest.json", &locals[manifest].data);
        short[manifest].size -= 1;
        // Deflated entries declaring more than the total cap, each within the ratio.
        let mut huge = locals.clone();
        let mut total = 0;
        while total <= MAX_INFLATED_TOTAL {
            let mut raw = deflated(&format!("documents/other/big {total}.pdf"), b"x");
            raw.data = vec![0; 64 * 1024];
            raw.size = 12 * 1024 * 1024;
            total += u64::from(raw.size);
            huge.push(raw);
        }
        assert!(open(&craft(&scan, &as_is(&scan))).is_ok());
        assert_eq!(open(&craft(&bomb, &as_is(&bomb))).map(|_| ()), Err(OpenError::Bomb("documents/other/zeros 1.pdf".into())));
        assert!(open(&craft(&zeros, &as_is(&zeros))).is_ok());
        // A document that does not inflate to its size is that document's damage: the
        // claim opens, the document is marked and asks for its original.
        let (contents, restored) = open(&craft(&lying, &lying_central)).expect("opens");
        let damaged = contents.documents.iter().position(|d| d.path == locals[document].name).expect("listed");
        let expected: Vec<_> = (0..contents.documents.len()).map(|i| if i == damaged { Check::Damaged } else { Check::Verified }).collect();
        assert_eq!(checks(&restored), expected);
        let id = restored.documents[damaged].1.expect("placed");
        let row = restored.claim.documents.iter().find(|d| d.id == id).expect("row");
        assert_eq!(row.integrity, Some(crate::claim::Integrity::missing(&contents.documents[damaged].sha256)));
        // So is one whose deflated data is cut (a byte lost or changed in transit).
        let mut cut = locals.clone();
        cut[document] = deflated(&locals[document].name, &locals[document].data);
        let half = cut[document].data.len() / 2;
        cut[document].data.truncate(half);
        let (_, restored) = open(&craft(&cut, &as_is(&cut))).expect("opens");
        assert_eq!(checks(&restored), expected);
        // A generated file that does not inflate is still the package's damage.
        assert_eq!(open(&craft(&short, &as_is(&short))).map(|_| ()), Err(OpenError::BadInflate("manifest.json".into())));
        assert_eq!(open(&craft(&huge, &as_is(&huge))).map(|_| ()), Err(OpenError::TooLarge));
    }

    #[test]
    fn a_generated_file_edited_is_refused_by_name_and_one_left_out_is_named() {
        let locals = entries_of_package();
        let edited = |name: &str, content: &[u8]| -> Vec<u8> {
            let locals: Vec<Raw> = locals.iter().map(|raw| if raw.name == name { stored(name, content) } else { raw.clone() }).collect();
            craft(&locals, &as_is(&locals))
        };
        assert_eq!(open(&edited("summary.html", b"<p>Approved</p>")).map(|_| ()), Err(OpenError::Altered("summary.html".into())));
        assert_eq!(open(&edited("deadlines.ics", b"BEGIN:VCALENDAR")).map(|_| ()), Err(OpenError::Altered("deadlines.ics".into())));
        assert_eq!(open(&edited("checksums.sha256", b"")).map(|_| ()), Err(OpenError::Altered("manifest.json".into())), "a checksums file that lists nothing");
        let without: Vec<Raw> = locals.iter().filter(|raw| raw.name != "checksums.sha256").cloned().collect();
        assert_eq!(open(&craft(&without, &as_is(&without))).map(|_| ()), Err(OpenError::Incomplete("checksums.sha256".into())));
        // The summary and the calendar are made from the manifest: left out of a package
        // zipped again, the claim opens without them, and they are named.
        for left_out in [&["summary.html"][..], &["deadlines.ics"], &["summary.html", "deadlines.ics"]] {
            let without: Vec<Raw> = locals.iter().filter(|raw| !left_out.contains(&raw.name.as_str())).cloned().collect();
            let zip = craft(&without, &as_is(&without));
            let (_, restored) = open(&zip).unwrap_or_else(|error| panic!("{left_out:?}: {error:?}"));
            assert!(restored.documents.iter().all(|(check, _)| *check == Check::Verified), "{left_out:?}");
            let entries = entries_of(&zip).expect("entries");
            let (generated, _) = reader::generated_entries(&entries).expect("generated");
            assert_eq!(reader::missing_generated(&generated), left_out.to_vec(), "{left_out:?}");
        }
        // The summary left out, and the manifest edited: the manifest is still checked.
        let edited_manifest: Vec<Raw> = locals
            .iter()
            .filter(|raw| raw.name != "summary.html")
            .map(|raw| if raw.name == "manifest.json" { stored("manifest.json", &[raw.data.as_slice(), b" "].concat()) } else { raw.clone() })
            .collect();
        assert_eq!(open(&craft(&edited_manifest, &as_is(&edited_manifest))).map(|_| ()), Err(OpenError::Altered("manifest.json".into())));
        // A document's line edited, or taken out: sha256sum -c would fail on the package.
        let checksums = locals.iter().find(|raw| raw.name == "checksums.sha256").map(|raw| String::from_utf8_lossy(&raw.data).into_owned()).unwrap_or_default();
        let document_line = checksums.lines().find(|line| line.contains("  documents/")).unwrap_or_default().to_string();
        let path = document_line.split_once("  ").map(|(_, path)| path.to_string()).unwrap_or_default();
        let forged = checksums.replace(&document_line, &format!("{}  {path}", "f".repeat(64)));
        assert_eq!(open(&edited("checksums.sha256", forged.as_bytes())).map(|_| ()), Err(OpenError::ChecksumsDisagree(path.clone())));
        let dropped = checksums.replace(&format!("{document_line}\n"), "");
        assert_eq!(open(&edited("checksums.sha256", dropped.as_bytes())).map(|_| ()), Err(OpenError::ChecksumsDisagree(path.clone())));
        // Written in capitals, or with sha256sum's binary mark, it is the same line.
        let digest = document_line.split_once("  ").map(|(digest, _)| digest.to_string()).unwrap_or_default();
        let marked = checksums.replace(&document_line, &format!("{} *{path}", digest.to_uppercase()));
        assert!(open(&edited("checksums.sha256", marked.as_bytes())).is_ok());
        // Written again by `sha256sum --tag` over the unzipped files (`SHA256 (path) =
        // digest`), it records the same digests.
        let dir = scratch_dir("tagged");
        let mut names = Vec::new();
        for raw in locals.iter().filter(|raw| raw.name != "checksums.sha256" && !raw.name.ends_with('/')) {
            let target = dir.join(&raw.name);
            std::fs::create_dir_all(target.parent().expect("folder")).expect("folders");
            std::fs::write(&target, &raw.data).expect("write");
            names.push(raw.name.clone());
        }
        let tagged = run(Command::new("sha256sum").arg("--tag").args(&names).current_dir(&dir));
        assert!(tagged.starts_with("SHA256 ("), "{tagged}");
        assert!(open(&edited("checksums.sha256", tagged.as_bytes())).is_ok(), "{tagged}");
        let forged = tagged.replace(&digest, &"f".repeat(64));
        assert_eq!(open(&edited("checksums.sha256", forged.as_bytes())).map(|_| ()), Err(OpenError::ChecksumsDisagree(path.clone())));
        // Written again by `find . -type f -exec sha256sum {} +`: every path from `./`.
        let found = run(Command::new("sh").arg("-c").arg("find . -type f -exec sha256sum {} +").current_dir(&dir));
        assert!(found.contains("  ./manifest.json"), "{found}");
        assert!(open(&edited("checksums.sha256", found.as_bytes())).is_ok(), "{found}");
        let _ = std::fs::remove_dir_all(&dir);
        let problem = OpenError::ChecksumsDisagree(path.clone()).problem();
        let message = crate::i18n::Catalog::for_tag("en").format_with(problem.key, &[("name", &problem.name)]);
        assert!(message.starts_with(&format!("its checksums.sha256 does not record {path} with the SHA-256")), "{message}");
        let problem = OpenError::Altered("manifest.json".into()).problem();
        let message = crate::i18n::Catalog::for_tag("en").format_with(problem.key, &[("name", &problem.name)]);
        assert!(message.contains("manifest.json is not the file the package was built with"), "{message}");
    }

    #[test]
    fn a_document_missing_from_the_zip_is_marked_missing_and_ids_from_the_package_are_not_trusted() {
        let (_, plan) = package();
        let mut locals = entries_of_package();
        let agenda = plan.manifest.documents.iter().find(|d| d.original_name == "Agenda.pdf").expect("agenda").clone();
        locals.retain(|raw| raw.name != agenda.path);
        let (_, restored) = open(&craft(&locals, &as_is(&locals))).expect("opens");
        let missing: Vec<_> = restored.claim.documents.iter().filter(|d| d.integrity.is_some()).collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].file_name, "Agenda.pdf");
        assert_eq!(missing[0].integrity, Some(crate::claim::Integrity::missing(&agenda.sha256)));

        // Lying ids: every document and the next id the same number.
        let manifest_index = locals.iter().position(|raw| raw.name == "manifest.json").expect("manifest");
        let mut manifest: serde_json::Value = serde_json::from_slice(&locals[manifest_index].data).expect("json");
        for document in manifest["claim"]["documents"].as_array_mut().expect("documents") {
            document["id"] = 7.into();
        }
        for document in manifest["documents"].as_array_mut().expect("documents") {
            document["id"] = 7.into();
        }
        manifest["claim"]["next_id"] = u32::MAX.into();
        let edited = serde_json::to_vec(&manifest).expect("json");
        locals[manifest_index] = stored("manifest.json", &edited);
        // Edited alone, the manifest is refused by checksums.sha256 …
        assert_eq!(open(&craft(&locals, &as_is(&locals))).map(|_| ()), Err(OpenError::Altered("manifest.json".into())));
        // … and edited with its checksum, its ids are still not trusted.
        let checksums_index = locals.iter().position(|raw| raw.name == "checksums.sha256").expect("checksums");
        let listed = String::from_utf8(locals[checksums_index].data.clone()).expect("text");
        let old = listed.lines().find(|line| line.ends_with("  manifest.json")).expect("manifest line").to_string();
        let listed = listed.replace(&old, &format!("{}  manifest.json", crate::hashing::sha256_hex(&edited)));
        locals[checksums_index] = stored("checksums.sha256", listed.as_bytes());
        let (_, restored) = open(&craft(&locals, &as_is(&locals))).expect("opens");
        let mut ids: Vec<_> = restored.claim.documents.iter().map(|d| d.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), restored.claim.documents.len(), "ids renumbered: {ids:?}");
        let placed: Vec<_> = restored.documents.iter().filter_map(|(_, id)| *id).collect();
        assert_eq!(placed.len(), 8, "every manifest document found its row");
        assert!(restored.claim.next_id > *ids.iter().max().unwrap_or(&0));
    }

    #[test]
    fn a_backup_zipped_again_as_its_folder_is_read_without_it_and_desktop_files_beside_it_do_not_matter() {
        let names = |layout: &[(&str, &[u8])]| entries_of(&layout_of(layout)).map(|entries| entries.into_iter().map(|entry| entry.name).collect::<Vec<_>>());
        let backup = [("My backup/backup.json", b"{}".as_slice()), ("My backup/claims/001-a.zip", b"PK"), ("__MACOSX/My backup/._backup.json", b"x")];
        assert_eq!(names(&backup), Ok(vec!["backup.json".to_string(), "claims/001-a.zip".into(), "__MACOSX/My backup/._backup.json".into()]));
        // A package's folder with Windows' Thumbs.db beside it, at the top.
        let package = [("Thumbs.db", b"x".as_slice()), ("webinar/manifest.json", b"{}"), ("webinar/documents/other/a.pdf", b"%PDF")];
        assert_eq!(names(&package), Ok(vec!["Thumbs.db".to_string(), "manifest.json".into(), "documents/other/a.pdf".into()]));
        // Windows writes its files in any case, and a desktop file may sit in a folder of
        // its own beside: the same definition as for the files a package's folder holds.
        let lower = [("thumbs.db", b"x".as_slice()), ("Desktop.ini", b"x"), ("webinar/manifest.json", b"{}"), ("webinar/documents/other/a.pdf", b"%PDF")];
        assert_eq!(names(&lower), Ok(vec!["thumbs.db".to_string(), "Desktop.ini".into(), "manifest.json".into(), "documents/other/a.pdf".into()]));
        // Two folders, each with its own files: no folder is taken away.
        let two = [("a/backup.json", b"{}".as_slice()), ("b/claims/001-a.zip", b"PK")];
        assert_eq!(names(&two), Ok(vec!["a/backup.json".to_string(), "b/claims/001-a.zip".into()]));
    }

    /// A backup cut short is read from its start; what is found there is held to the
    /// limits of a directory: a bomb, a name that climbs out and two entries of one name
    /// are refused, not read.
    #[test]
    fn entries_found_from_the_start_are_held_to_the_directorys_limits() {
        let entry = |name: &str, size: u64, compressed: u64| reader::Entry { name: name.into(), raw_name: name.as_bytes().to_vec(), crc32: 0, size, compressed, method: reader::Method::Deflated, header_offset: 0, limit: 0 };
        let mut fine = vec![entry("Backup/backup.json", 100, 80), entry("Backup/claims/001-a.zip", 5_000, 4_900)];
        assert_eq!(reader::check_scanned(&mut fine), Ok(()));
        assert_eq!(fine.iter().map(|entry| entry.name.as_str()).collect::<Vec<_>>(), ["backup.json", "claims/001-a.zip"]);
        // 1.5 GiB from 1.5 MB: past the thousandfold entries' 256 MiB in all.
        let mut bomb = vec![entry("backup.json", 100, 80), entry("claims/001-a.zip", 1_536 << 20, 1_500_000)];
        assert_eq!(reader::check_scanned(&mut bomb), Err(OpenError::Bomb("claims/001-a.zip".into())));
        let mut twins = vec![entry("backup.json", 100, 80), entry("claims/001-a.zip", 10, 10), entry("claims/001-a.zip", 10, 10)];
        assert_eq!(reader::check_scanned(&mut twins), Err(OpenError::Duplicate("claims/001-a.zip".into())));
        let mut climbs = vec![entry("claims/../../evil.zip", 10, 10)];
        assert_eq!(reader::check_scanned(&mut climbs), Err(OpenError::Hostile("claims/../../evil.zip".into())));
    }

    #[test]
    fn folder_entries_are_ignored_and_a_folder_with_content_is_not_a_folder() {
        let with_folders = layout_of(&[("documents/", b""), ("documents/other/", b""), ("notes/", b"")]);
        assert_eq!(open(&with_folders).map(|_| ()), Err(OpenError::NotOurs), "folders pass, then no manifest");
        let folder_with_bytes = layout_of(&[("documents/", b"bytes")]);
        assert_eq!(open(&folder_with_bytes).map(|_| ()), Err(OpenError::Hostile("documents/".into())));
    }

    /// A damage done to a valid package, at a place and with a value drawn at random.
    #[derive(Debug, Clone)]
    enum Damage {
        Byte(usize, u8),
        Cut(usize),
        /// The directory entry of one entry is repeated (same name, same bytes).
        RepeatEntry(usize),
        /// One entry's directory entry points at another's bytes.
        PointAt(usize, usize),
        /// One entry gets another's name.
        Rename(usize, usize),
        /// One entry's flags are set (encryption, data descriptor…).
        Flags(usize, u16),
        /// One entry's declared size changes.
        Size(usize, u32),
        /// The manifest's ids are set to these numbers.
        Ids(Vec<u32>, u32),
    }

    fn damage_strategy() -> impl proptest::strategy::Strategy<Value = Damage> {
        use proptest::prelude::*;
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(at, value)| Damage::Byte(at, value)),
            any::<usize>().prop_map(Damage::Cut),
            any::<usize>().prop_map(Damage::RepeatEntry),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Damage::PointAt(a, b)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Damage::Rename(a, b)),
            (any::<usize>(), any::<u16>()).prop_map(|(a, flags)| Damage::Flags(a, flags)),
            (any::<usize>(), any::<u32>()).prop_map(|(a, size)| Damage::Size(a, size)),
            (proptest::collection::vec(0_u32..12, 0..12), any::<u32>()).prop_map(|(ids, next)| Damage::Ids(ids, next)),
        ]
    }

    fn base_entries() -> &'static (Vec<Raw>, Vec<Raw>) {
        static BASE: std::sync::OnceLock<(Vec<Raw>, Vec<Raw>)> = std::sync::OnceLock::new();
        BASE.get_or_init(|| {
            let locals = entries_of_package();
            let deflated_locals = locals.iter().map(|raw| deflated(&raw.name, &raw.data)).collect();
            (locals, deflated_locals)
        })
    }

    fn damaged(deflate: bool, damages: &[Damage]) -> Vec<u8> {
        let (stored_locals, deflated_locals) = base_entries();
        let mut locals = if deflate { deflated_locals.clone() } else { stored_locals.clone() };
        let mut central = as_is(&locals);
        let n = locals.len();
        let mut bytes_damage = Vec::new();
        for damage in damages {
            match damage {
                Damage::RepeatEntry(a) => central.push(central[a % n].clone()),
                Damage::PointAt(a, b) => central[a % n].0 = b % n,
                Damage::Rename(a, b) => central[a % n].1.name = locals[b % n].name.clone(),
                Damage::Flags(a, flags) => central[a % n].1.flags = *flags,
                Damage::Size(a, size) => central[a % n].1.size = *size,
                Damage::Ids(ids, next) => {
                    let Some(index) = locals.iter().position(|raw| raw.name == "manifest.json") else { continue };
                    let content = if deflate { miniz_oxide::inflate::decompress_to_vec(&locals[index].data).unwrap_or_default() } else { locals[index].data.clone() };
                    let Ok(mut manifest) = serde_json::from_slice::<serde_json::Value>(&content) else { continue };
                    for (i, id) in ids.iter().enumerate() {
                        if let Some(document) = manifest["claim"]["documents"].get_mut(i) {
                            document["id"] = (*id).into();
                        }
                        if let Some(document) = manifest["documents"].get_mut(ids.len() - 1 - i) {
                            document["id"] = (*id).into();
                        }
                    }
                    manifest["claim"]["next_id"] = (*next).into();
                    let json = serde_json::to_vec(&manifest).unwrap_or_default();
                    locals[index] = if deflate { deflated("manifest.json", &json) } else { stored("manifest.json", &json) };
                    if let Some(entry) = central.iter_mut().find(|(local, _)| *local == index) {
                        entry.1 = locals[index].clone();
                    }
                    // With its checksum, as one who edits it would: else the manifest is
                    // refused as altered, and its ids are never looked at.
                    let Some(sums) = locals.iter().position(|raw| raw.name == "checksums.sha256") else { continue };
                    let listed = if deflate { miniz_oxide::inflate::decompress_to_vec(&locals[sums].data).unwrap_or_default() } else { locals[sums].data.clone() };
                    let listed: String = String::from_utf8_lossy(&listed)
                        .lines()
                        .map(|line| if line.ends_with("  manifest.json") { format!("{}  manifest.json\n", crate::hashing::sha256_hex(&json)) } else { format!("{line}\n") })
                        .collect();
                    locals[sums] = if deflate { deflated("checksums.sha256", listed.as_bytes()) } else { stored("checksums.sha256", listed.as_bytes()) };
                    if let Some(entry) = central.iter_mut().find(|(local, _)| *local == sums) {
                        entry.1 = locals[sums].clone();
                    }
                }
                Damage::Byte(..) | Damage::Cut(_) => bytes_damage.push(damage.clone()),
            }
        }
        let mut bytes = craft(&locals, &central);
        for damage in bytes_damage {
            match damage {
                Damage::Byte(at, value) => {
                    let length = bytes.len();
                    bytes[at % length] = value;
                }
                Damage::Cut(cut) => bytes.truncate(bytes.len() - cut % (bytes.len() + 1)),
                _ => {}
            }
        }
        bytes
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Whatever is done to a package (stored or deflated): opening never panics, and
        /// ends in a claim or a reason; a claim that comes back has unique ids, and a
        /// document that did not pass is marked.
        #[test]
        fn no_damage_to_a_package_makes_opening_panic(deflate in proptest::prelude::any::<bool>(), damages in proptest::collection::vec(damage_strategy(), 0..4)) {
            let bytes = damaged(deflate, &damages);
            if let Ok((_, restored)) = open(&bytes) {
                let mut ids: Vec<_> = restored.claim.documents.iter().map(|d| d.id).collect();
                ids.sort_unstable();
                ids.dedup();
                proptest::prop_assert_eq!(ids.len(), restored.claim.documents.len());
                for (check, id) in &restored.documents {
                    let document = id.and_then(|id| restored.claim.document(id));
                    if *check != Check::Verified {
                        proptest::prop_assert!(document.is_none_or(|d| d.integrity.is_some()));
                    }
                }
            }
        }

        /// The property's ids case reaches the reader's renumbering: the manifest edited
        /// with its checksum opens, its lying ids made unique.
        #[test]
        fn lying_ids_with_their_checksum_open_renumbered(deflate in proptest::prelude::any::<bool>()) {
            let (_, restored) = open(&damaged(deflate, &[Damage::Ids(vec![3, 3, 0, 3], 1)])).map_err(|error| proptest::test_runner::TestCaseError::fail(format!("{error:?}")))?;
            let mut ids: Vec<_> = restored.claim.documents.iter().map(|d| d.id).collect();
            ids.sort_unstable();
            ids.dedup();
            proptest::prop_assert_eq!(ids.len(), restored.claim.documents.len());
            proptest::prop_assert!(restored.claim.next_id > ids.last().copied().unwrap_or(0));
        }

        #[test]
        fn no_damage_to_a_plain_package_makes_opening_panic(at in 0_usize..4000, value in proptest::prelude::any::<u8>(), cut in 0_usize..4000) {
            let (mut bytes, _) = package();
            let at = at % bytes.len();
            bytes[at] = value;
            bytes.truncate(bytes.len() - cut.min(bytes.len()));
            let _ = open(&bytes);
        }
    }
}

/// A backup of two claims, one with a document the device lost and one with an altered
/// document not accepted yet: every tool accepts it, `sha256sum -c` passes on it and on
/// each package in it, and each claim comes back as it was (the lost document named and
/// marked missing, the altered one still marked), also from the backup zipped again.
#[test]
fn a_backup_holds_every_claims_package_and_restores_each_claim() {
    use crate::claim::Integrity;
    use crate::package::backup;
    let profile = Profile::default_profile();
    let (first, _, mut first_contents) = claim_with_files(&[("lost.pdf", None, b"%PDF lost".to_vec())]);
    let lost = first.documents.last().map(|d| d.id).expect("a document");
    first_contents.remove(&lost);
    let (mut second, _, second_contents) = claim_with_files(&[]);
    second.title = "Second claim".into();
    second.documents[0].integrity = Some(Integrity::altered(&"0".repeat(64)));

    let catalog = Catalog::for_tag("en");
    let mut packed = Vec::new();
    let mut packages = Vec::new();
    for (claim, contents) in [(&first, &first_contents), (&second, &second_contents)] {
        let review = review(claim, &profile, built_at().local.date());
        let (plan, left_out) = plan_for_backup(claim, &profile, &review, &catalog, built_at(), &|id| contents.contains_key(&id)).expect("a backup takes every claim");
        assert!(plan.manifest.documents.iter().all(|d| contents.contains_key(&d.id)));
        let bytes = materialize(&plan.archive, contents);
        let mut hasher = FileHasher::new();
        hasher.update(&bytes);
        packed.push(backup::Packed::new(claim, plan.manifest.documents.len(), left_out, hasher.finish("application/zip")));
        packages.push(bytes);
    }
    assert_eq!(packed[0].left_out, ["lost.pdf"]);
    assert!(packed[1].left_out.is_empty(), "an altered document is kept in a backup");
    assert!(plan(&second, None, &profile, &review(&second, &profile, built_at().local.date()), &catalog, built_at()).is_err(), "but not in a package to submit");

    let backup = backup::plan(&packed, built_at());
    let mut bytes = Vec::new();
    for part in &backup.parts {
        match part {
            Part::Bytes(part) => bytes.extend_from_slice(part),
            Part::Document { id, .. } => bytes.extend_from_slice(&packages[*id as usize]),
        }
    }
    let dir = scratch_dir("backup");
    let zip_path = dir.join(&backup.file_name);
    std::fs::write(&zip_path, &bytes).expect("write backup");
    assert!(run(Command::new("unzip").arg("-t").arg(&zip_path)).contains("No errors detected"));
    run(Command::new("python3").args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; z.extractall(sys.argv[2])"]).arg(&zip_path).arg(dir.join("out")));
    let checked = run(Command::new("sha256sum").arg("-c").arg("checksums.sha256").current_dir(dir.join("out")));
    assert_eq!(checked.lines().filter(|line| line.ends_with(": OK")).count(), 3, "{checked}");
    for claim in &backup.index.claims {
        let inner = dir.join("out").join(&claim.path);
        let unpacked = dir.join(format!("{}-out", claim.path.replace('/', "_")));
        run(Command::new("unzip").arg("-q").arg(&inner).arg("-d").arg(&unpacked));
        run(Command::new("sha256sum").arg("-c").arg("checksums.sha256").current_dir(&unpacked));
    }

    // Zipped again by `zip` (entries deflated, another order): still every claim.
    let rezipped = dir.join("again.zip");
    run(Command::new("zip").arg("-q").arg("-r").arg(&rezipped).arg(".").current_dir(dir.join("out")));
    for zip in [bytes.clone(), std::fs::read(&rezipped).expect("rezipped")] {
        let size = zip.len() as u64;
        let directory = reader::find_directory(&zip, size).expect("directory");
        let listing = &zip[directory.offset as usize..(directory.offset + directory.size) as usize];
        let entries = reader::read_directory(listing, &directory).expect("entries");
        // An entry's content, as the page gets it: a slice, or inflated.
        let content = |entry: &reader::Entry| {
            let header_end = (entry.header_offset + entry.header_read_len()).min(size) as usize;
            let range = reader::data_range(entry, &zip[entry.header_offset as usize..header_end]).expect("local header");
            let raw = &zip[range.start as usize..range.end as usize];
            if range.inflate { miniz_oxide::inflate::decompress_to_vec(raw).expect("inflates") } else { raw.to_vec() }
        };
        let index = backup::read_index(&content(backup::index_entry(&entries).expect("the index"))).expect("the index reads");
        let restoring = backup::restoring(Some(&index), &entries);
        assert_eq!(restoring.listed.len(), 2);
        assert!(backup::restoring(Some(&index), &entries).unlisted().is_empty());
        for (to_restore, original) in restoring.listed.iter().zip([&first, &second]) {
            let package = content(to_restore.entry.expect("the package"));
            let mut hasher = FileHasher::new();
            hasher.update(&package);
            assert!(backup::as_recorded(to_restore.listed, &hasher.finish("application/zip")));
            let (_, restored) = reading::open(&package).expect("the package opens");
            assert!(restored.documents.iter().all(|(check, _)| *check == reader::Check::Verified));
            let marks: Vec<_> = restored.claim.documents.iter().filter_map(|d| d.integrity.as_ref().map(|mark| (d.file_name.as_str(), mark.clone()))).collect();
            if std::ptr::eq(original, &first) {
                let lost_sha256 = original.documents.last().and_then(|d| d.file.as_ref()).map(|f| f.sha256.clone()).unwrap_or_default();
                assert_eq!(marks, [("lost.pdf", Integrity::left_out(&lost_sha256))], "the document left out is named and marked left out");
                // Marked so, it is the claim backed up: restored where that claim is, it
                // is already here, not a copy beside it.
                assert_eq!(restored.claim.content_fingerprint(), original.content_fingerprint(), "the claim backed up");
            } else {
                assert_eq!(marks.len(), 1, "the altered document keeps its mark");
                assert_eq!(restored.claim.content_fingerprint(), original.content_fingerprint(), "the claim comes back as it was");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_manifest_records_the_media_type_the_reader_found() {
    use crate::evidence::{Inspection, Kind};
    let (mut claim, profile, _) = claim_with_files(&[("agenda.bin", Some(DocType::Other), b"PK docx bytes".to_vec()), ("notes.bin", Some(DocType::Other), b"plain".to_vec())]);
    let agenda = claim.documents.iter().find(|d| d.file_name == "agenda.bin").map(|d| (d.id, d.file.as_ref().map(|f| f.sha256.clone()).unwrap_or_default())).unwrap_or_default();
    claim.apply(Edit::SetInspection(agenda.0, Inspection { sha256: agenda.1, kind: Kind::Docx, ..Inspection::default() }), &profile);
    let plan = build(&claim, &profile);
    let media = |name: &str| plan.manifest.documents.iter().find(|d| d.original_name == name).map(|d| d.media_type.clone()).unwrap_or_default();
    assert_eq!(media("agenda.bin"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_eq!(media("notes.bin"), "application/octet-stream", "not read yet: what the browser said");
}

#[test]
fn a_claim_back_from_its_package_is_the_same_claim_whatever_type_the_browser_gave_its_files() {
    use crate::evidence::{Inspection, Kind};
    // A recording the browser calls `video/x-ms-wmv` (the reader finds ASF), a workbook
    // that is a web page, a file the browser gave no type: the package says what the
    // reader found, the claim on the device keeps what the browser said.
    let (mut claim, profile, contents) = claim_with_files(&[("recording.wmv", Some(DocType::Other), b"ASF bytes".to_vec()), ("prices.xls", Some(DocType::Other), b"<html>".to_vec()), ("mail.msg", Some(DocType::Other), b"msg".to_vec())]);
    for (name, browser, kind) in [("recording.wmv", "video/x-ms-wmv", Kind::Asf), ("prices.xls", "application/vnd.ms-excel", Kind::Html), ("mail.msg", "", Kind::Ole)] {
        let id = claim.documents.iter().find(|d| d.file_name == name).map(|d| d.id).expect("added");
        attach(&mut claim, &profile, id, &contents[&id], browser);
        let sha256 = claim.document(id).and_then(|d| d.file.as_ref()).map(|f| f.sha256.clone()).unwrap_or_default();
        claim.apply(Edit::SetInspection(id, Inspection { sha256, kind, ..Inspection::default() }), &profile);
    }
    let plan = build(&claim, &profile);
    let (_, restored) = reading::open(&materialize(&plan.archive, &contents)).expect("the package opens");
    assert_ne!(plan.manifest.documents.iter().find(|d| d.original_name == "recording.wmv").map(|d| d.media_type.as_str()), Some("video/x-ms-wmv"), "the reader's type is packaged");
    assert_eq!(restored.claim.content_fingerprint(), claim.content_fingerprint(), "reopened, it is the claim already here, not another");
}
