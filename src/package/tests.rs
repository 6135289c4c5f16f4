//! The package checked by real readers: the `zip` crate, Info-ZIP's `unzip -t`, Python's
//! `zipfile` and `sha256sum -c`, for stored entries, ZIP64 records and 70,000 entries.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

use chrono::NaiveDate;

use super::*;
use crate::claim::{Claim, DocType, Edit};
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
    plan(claim, profile, &review, &Catalog::for_tag("en"), built_at()).expect("plan")
}

/// Writes the parts as the browser does, reading each document's bytes.
fn materialize(parts: &[Part], contents: &HashMap<DocumentId, Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
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
    let bytes = materialize(&plan.parts, &contents);
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

#[test]
fn a_package_with_blockers_says_so_on_the_summary_first_line() {
    let (mut claim, profile, contents) = claim_with_files(&[]);
    claim.apply(Edit::Set(crate::claim::ClaimField::PartnerId, "".into()), &profile);
    let plan = build(&claim, &profile);
    let entries = entries_by_zip_crate(&materialize(&plan.parts, &contents));
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
    let bytes = materialize(&plan.parts, &contents);
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
    let entries = entries_by_zip_crate(&materialize(&plan.parts, &contents));
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
    let entries = entries_by_zip_crate(&materialize(&plan.parts, &contents));
    let summary = String::from_utf8(entries[1].1.clone()).expect("utf-8");
    assert!(!summary.contains("<script>") && !summary.contains("<b>launch"), "unescaped text in summary");
    let calendar = String::from_utf8(entries[3].1.clone()).expect("utf-8");
    assert!(calendar.contains("SUMMARY:Co-op claim deadline: Q3 <b>launch</b>\\, \"big\"\\; done"), "{calendar}");
}

#[test]
fn zip64_records_are_read_by_every_tool() {
    let (claim, profile, contents) = claim_with_files(&[("big.pdf", Some(DocType::Other), vec![7u8; 5000])]);
    let review = review(&claim, &profile, built_at().local.date());
    let normal = plan(&claim, &profile, &review, &Catalog::for_tag("en"), built_at()).expect("plan");
    // Lower the 4 GiB limit to 1,000 bytes: sizes, offsets and the directory now need ZIP64.
    let mut layout = ZipLayout::with_limit(built_at().local, 1_000);
    let zip64_parts: Vec<Part> = {
        let bytes = materialize(&normal.parts, &contents);
        let entries = entries_by_zip_crate(&bytes);
        for (name, content) in &entries {
            layout.add(name, Content::Bytes(content.clone()));
        }
        layout.finish()
    };
    let bytes = materialize(&zip64_parts, &HashMap::new());
    assert!(bytes.windows(4).any(|w| w == 0x0606_4b50u32.to_le_bytes()), "no ZIP64 end record");
    let reread = entries_by_zip_crate(&bytes);
    assert_eq!(reread, entries_by_zip_crate(&materialize(&normal.parts, &contents)));
    let dir = scratch_dir("zip64");
    let path = dir.join("zip64.zip");
    std::fs::write(&path, &bytes).expect("write");
    assert!(run(Command::new("unzip").arg("-t").arg(&path)).contains("No errors detected"));
    run(Command::new("python3").args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; assert any(i.file_size == 5000 for i in z.infolist())"]).arg(&path));
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
    let error = plan(&claim, &profile, &review, &Catalog::for_tag("en"), built_at()).expect_err("unread files");
    assert_eq!(error, PackageError::NotRead("Core requirements - Microsoft branding and solution focus.pdf".into()));
}

#[test]
fn the_same_claim_gives_the_same_package() {
    let (claim, profile, contents) = claim_with_files(&[]);
    let first = materialize(&build(&claim, &profile).parts, &contents);
    let second = materialize(&build(&claim, &profile).parts, &contents);
    assert_eq!(first, second);
}

mod reading {
    use super::*;
    use crate::hashing::sha256_hex;
    use crate::package::reader::{self, Check, OpenError};

    /// Opens a package as the page does, from the file's bytes: directory, manifest,
    /// then every document checked against its SHA-256.
    fn open(bytes: &[u8]) -> Result<(reader::PackageContents, Vec<Check>), OpenError> {
        let size = bytes.len() as u64;
        let tail = &bytes[bytes.len().saturating_sub(reader::TAIL_BYTES as usize)..];
        let directory = reader::find_directory(tail, size)?;
        let listing = &bytes[directory.offset as usize..(directory.offset + directory.size) as usize];
        let entries = reader::read_directory(listing, &directory, size)?;
        let data = |entry: &reader::Entry| -> Result<&[u8], OpenError> {
            let start = reader::data_offset(entry, &bytes[entry.header_offset as usize..], size)? as usize;
            Ok(&bytes[start..start + entry.size as usize])
        };
        let manifest = reader::read_manifest(data(reader::manifest_entry(&entries)?)?)?;
        let mut checks = Vec::new();
        for (document, entry) in manifest.documents.iter().zip(reader::document_entries(&manifest, &entries)) {
            checks.push(match entry {
                None => Check::Missing,
                Some(entry) if sha256_hex(data(entry)?) == document.sha256 => Check::Verified,
                Some(_) => Check::Differs,
            });
        }
        Ok((manifest, checks))
    }

    fn package() -> (Vec<u8>, PackagePlan) {
        let (claim, profile, contents) = claim_with_files(&[("résumé 2018 (final).pdf", Some(DocType::Other), b"%PDF resume".to_vec())]);
        let plan = build(&claim, &profile);
        (materialize(&plan.parts, &contents), plan)
    }

    #[test]
    fn a_package_opens_again_with_its_claim_and_every_document_verified() {
        let (bytes, plan) = package();
        let (contents, checks) = open(&bytes).expect("opens");
        assert_eq!(contents.claim, plan.manifest.claim);
        assert_eq!(contents.documents, plan.manifest.documents);
        assert_eq!(checks, vec![Check::Verified; 8]);
    }

    #[test]
    fn an_altered_document_is_named() {
        let (mut bytes, plan) = package();
        let agenda = plan.manifest.documents.iter().position(|d| d.original_name == "Agenda.pdf").expect("agenda");
        let needle = b"example content of Agenda.pdf";
        let at = bytes.windows(needle.len()).position(|w| w == needle).expect("agenda bytes");
        bytes[at] ^= 0x20;
        let (_, checks) = open(&bytes).expect("still a ZIP");
        for (i, check) in checks.iter().enumerate() {
            assert_eq!(*check, if i == agenda { Check::Differs } else { Check::Verified }, "{}", plan.manifest.documents[i].original_name);
        }
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
        let (_, checks) = open(&zip64).expect("opens");
        assert!(checks.iter().all(|check| *check == Check::Verified));
    }

    fn layout_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
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
            ("a name that climbs out", layout_of(&[("../../etc/passwd", b"root"), ("manifest.json", b"{}")]), OpenError::Hostile("../../etc/passwd".into())),
            ("an absolute name", layout_of(&[("/etc/passwd", b"root")]), OpenError::Hostile("/etc/passwd".into())),
            ("a Windows path", layout_of(&[("..\\evil.exe", b"MZ")]), OpenError::Hostile("..\\evil.exe".into())),
            ("a manifest that is not JSON", layout_of(&[("manifest.json", b"not json")]), OpenError::BadManifest("expected ident at line 1 column 2".into())),
            ("a newer manifest", layout_of(&[("manifest.json", br#"{"schema": "coop-claim-preflight/manifest@7"}"#)]), OpenError::NewerSchema("7".into())),
            ("another schema", layout_of(&[("manifest.json", br#"{"schema": "something-else@1"}"#)]), OpenError::BadManifest("unknown schema something-else@1".into())),
        ];
        for (situation, bytes, expected) in cases {
            assert_eq!(open(&bytes).map(|_| ()), Err(expected), "{situation}");
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

    proptest::proptest! {
        #[test]
        fn no_damage_to_a_package_makes_opening_panic(at in 0_usize..4000, value in proptest::prelude::any::<u8>(), cut in 0_usize..4000) {
            let (mut bytes, _) = package();
            let at = at % bytes.len();
            bytes[at] = value;
            bytes.truncate(bytes.len() - cut.min(bytes.len()));
            let _ = open(&bytes);
        }
    }
}
