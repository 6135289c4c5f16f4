//! The session's invariants: unit tests for each case a partner met, and a model-based
//! property test that plays random sequences of events in two tabs against a model of
//! the device's storage (saves answered late, refused, or stale because the other tab
//! wrote first) and checks the invariants after every step.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::claim::{ClaimField, CostLine, DocumentId, Edit, Origin};

fn today() -> NaiveDate {
    crate::dates::parse_iso("2026-11-25").unwrap_or_default()
}

fn session(key: &str) -> Session {
    Session::new(Rc::new(Profile::default_profile()), today(), key)
}

fn title(text: &str) -> Event {
    Event::Edit(Edit::Set(ClaimField::Title, text.into()))
}

fn listed(session: &mut Session, records: Vec<Record>) -> Vec<Effect> {
    session.handle(Event::Listed { records, unreadable: Vec::new(), last_open: None, journal: Vec::new() }).unwrap_or_default()
}

fn record(key: &str, revision: u64, title: &str) -> Record {
    let profile = Profile::default_profile();
    let mut claim = Claim::new(&profile);
    claim.apply(Edit::Set(ClaimField::Title, title.into()), &profile);
    Record { key: key.into(), revision, claim }
}

/// The saves asked for: each claim's key and the revision it must follow.
fn saves(effects: &[Effect]) -> Vec<(String, Option<u64>)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Save { key, expect, .. } => Some((key.clone(), *expect)),
            _ => None,
        })
        .collect()
}

fn titles(session: &Session) -> Vec<String> {
    session.rows().into_iter().map(|row| row.title).collect()
}

/// Acknowledges every save in `effects` as the device would (revision after `expect`).
fn acknowledge(session: &mut Session, effects: &[Effect]) -> Vec<Effect> {
    let mut more = Vec::new();
    for effect in effects {
        if let Effect::Save { key, version, expect, .. } = effect {
            let answer = Event::Saved { key: key.clone(), version: *version, revision: expect.map_or(1, |r| r + 1) };
            more.extend(session.handle(answer).unwrap_or_default());
        }
    }
    more
}

#[test]
fn new_claims_and_the_example_start_in_the_partners_currency_and_language() {
    let mut session = session("a").with_default_currency("EUR");
    assert_eq!(session.claim().currency, "EUR");
    listed(&mut session, Vec::new());
    assert!(saves(&session.handle(Event::SaveDue).unwrap_or_default()).is_empty(), "an empty EUR claim is not kept");
    session.handle(Event::NewClaim { key: "b".into() });
    assert_eq!(session.claim().currency, "EUR");
    session.handle(Event::LoadExample { key: "c".into(), lang: "fr".into() });
    assert_eq!((session.claim().currency.as_str(), session.claim().title.as_str()), ("EUR", "Webinaire Contoso sur la sécurité du cloud"));
    assert!(session.review().findings.is_empty(), "{:?}", session.review().findings);
    let unknown = self::session("d").with_default_currency("XYZ");
    assert_eq!(unknown.claim().currency, "USD", "a currency the profile lacks is ignored");
}

/// The example is dated from the day it is loaded. One loaded weeks ago and never
/// changed was shown again, its activity long over and its deadline passing: today's is
/// loaded. The same day, the example here is shown, its files read or not.
#[test]
fn an_example_of_an_earlier_day_is_not_shown_again_but_todays_is_loaded() {
    let mut here = session("a");
    listed(&mut here, Vec::new());
    let mut page = here;
    page.handle(Event::LoadExample { key: "b".into(), lang: "en".into() });
    page.handle(Event::Saved { key: "b".into(), version: page.entries.get("b").map_or(0, |entry| entry.version), revision: 1 });
    // Its files read, as the page reads them once they are made: still the example as loaded.
    let read: Vec<_> = page.claim().documents.iter().map(|d| (d.id, Ok(crate::claim::FileFacts { size: 10, media_type: "application/pdf".into(), sha256: format!("{:02x}", d.id).repeat(32), crc32: 0 }))).collect();
    page.handle(Event::FilesRead { key: "b".into(), results: read });
    assert!(page.claim().documents.iter().all(|d| d.file.is_some()));
    let first_end = page.claim().activity_end.clone();
    page.handle(Event::NewClaim { key: "c".into() });
    page.handle(title("Another claim"));
    // The same day: that one, shown, with the notice that it is already here.
    page.handle(Event::LoadExample { key: "x".into(), lang: "en".into() });
    assert_eq!(page.key(), "b");
    assert!(matches!(page.notice(), Some(Notice::AlreadyHere { origin: Origin::Example, .. })));
    assert!(!page.entries.contains_key("x"));
    // Weeks later: today's example, the earlier one left as it is.
    page.handle(Event::NewClaim { key: "d".into() });
    page.handle(title("A third claim"));
    let later = page.today + chrono::Days::new(40);
    page.handle(Event::Today(later));
    let effects = page.handle(Event::LoadExample { key: "e".into(), lang: "en".into() }).unwrap_or_default();
    assert_eq!(page.key(), "e", "today's example");
    assert_ne!(page.claim().activity_end, first_end, "dated from today");
    assert!(page.entries.get("b").is_some_and(|entry| entry.claim.activity_end == first_end), "the earlier one as it was");
    assert!(!effects.iter().any(|e| matches!(e, Effect::Remove { .. } | Effect::Save { key: _, expect: Some(_), .. })), "nothing of it removed or saved over: {effects:?}");
    // Archived from the list, an example is the partner's.
    page.handle(Event::EditClaim { key: "e".into(), edit: Edit::SetArchived(true) });
    assert!(page.entries.get("e").is_some_and(|entry| entry.claim.origin.is_none()));
}

#[test]
fn the_example_or_a_package_already_here_unchanged_is_shown_not_copied() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    session.handle(Event::LoadExample { key: "b".into(), lang: "en".into() });
    session.handle(Event::NewClaim { key: "c".into() });
    session.handle(title("Another claim"));
    let effects = session.handle(Event::LoadExample { key: "d".into(), lang: "en".into() }).unwrap_or_default();
    assert_eq!(session.key(), "b", "the example already here is shown");
    assert!(!session.entries.contains_key("d"), "no second example");
    assert!(matches!(session.notice(), Some(Notice::AlreadyHere { origin: Origin::Example, .. })));
    assert!(effects.contains(&Effect::Focus("claim-title".into())));
    // Given again, it is another notice to say; a limit set in another tab is not the
    // partner's action here, and leaves it.
    let first = session.notice_number();
    session.handle(Event::LoadExample { key: "d".into(), lang: "en".into() });
    assert!(matches!(session.notice(), Some(Notice::AlreadyHere { origin: Origin::Example, .. })));
    assert_eq!(session.notice_number(), first + 1);
    session.handle(Event::FileLimit { bytes: 30 * 1024 * 1024, elsewhere: true });
    assert!(session.notice().is_some(), "kept");
    // The notice is said once: the next thing the partner does clears it.
    session.handle(Event::Edit(Edit::Set(ClaimField::PartnerId, "4412346".into())));
    assert_eq!(session.notice(), None);
    // Changed, the example is the partner's claim now: loading the example adds a fresh one.
    session.handle(Event::LoadExample { key: "e".into(), lang: "en".into() });
    assert_eq!(session.key(), "e");

    // The package of a claim here, unchanged since it was built: that claim is shown,
    // not a second one that would claim its period's funds and its invoices twice.
    let built_here = session.entries.get("c").map(|entry| (*entry.claim).clone()).unwrap_or_default();
    session.handle(Event::OpenedPackage { key: "x".into(), claim: Box::new(built_here.clone()), files: vec![(1, FileToken(6))] });
    assert_eq!(session.key(), "c");
    assert!(!session.entries.contains_key("x"));
    assert!(matches!(session.notice(), Some(Notice::AlreadyHere { origin: Origin::Package(_), title }) if title == "Another claim"));
    // A package of another claim: the same package opened twice is shown, and its staged
    // files are dropped.
    let mut package = built_here;
    package.title = "From a colleague".into();
    let effects = session.handle(Event::OpenedPackage { key: "f".into(), claim: Box::new(package.clone()), files: Vec::new() }).unwrap_or_default();
    assert_eq!(session.key(), "f");
    // Opened as a new claim, it leaves the keyboard to the shell's report of the package.
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::Focus(_))), "{effects:?}");
    session.handle(Event::Open { key: "a".into() });
    let effects = session.handle(Event::OpenedPackage { key: "g".into(), claim: Box::new(package), files: vec![(1, FileToken(7))] }).unwrap_or_default();
    assert_eq!(session.key(), "f");
    assert!(!session.entries.contains_key("g"));
    assert!(effects.contains(&Effect::DropStaged(vec![FileToken(7)])), "{effects:?}");
    assert!(matches!(session.notice(), Some(Notice::AlreadyHere { origin: Origin::Package(_), title }) if title == "From a colleague"));
}

/// Built, then submitted (its status, claim ID and date recorded), then its package opened
/// again, or its backup of before restored: the claim here, as it is now, not a second
/// one in preparation.
#[test]
fn a_claim_submitted_since_its_package_or_backup_is_the_claim_here() {
    let mut session = session("fresh");
    let here = record("a", 1, "Spring webinar");
    // Its package and backup carry the name of its calendar events: its key here.
    let built = Claim { calendar_id: "a".into(), ..here.claim.clone() };
    listed(&mut session, vec![here]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::Edit(Edit::SetPartnerCenterId("PC-2026-5555".into())));
    session.handle(Event::Edit(Edit::SetStatus { status: crate::lifecycle::Status::Submitted, on: "2026-12-06".into(), note: String::new() }));
    assert_eq!(session.claim().lifecycle.status, crate::lifecycle::Status::Submitted);
    session.handle(Event::NewClaim { key: "b".into() });
    session.handle(Event::OpenedPackage { key: "p".into(), claim: Box::new(built.clone()), files: Vec::new() });
    assert_eq!(session.key(), "a", "the claim here, shown");
    assert!(!session.entries.contains_key("p"), "no copy in preparation");
    assert_eq!(session.claim().lifecycle.status, crate::lifecycle::Status::Submitted, "as it is now");
    session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r".into(), claim: Box::new(built.clone()), files: Vec::new() }] });
    assert!(!session.entries.contains_key("r"), "no copy from the backup either");
    // Its content changed since: another claim, added beside it.
    let mut edited = built.clone();
    edited.title = "Spring webinar (draft)".into();
    session.handle(Event::OpenedPackage { key: "q".into(), claim: Box::new(edited), files: Vec::new() });
    assert_eq!(session.key(), "q");

    // The claim rejected, and a copy made with Duplicate to send it again, its title set
    // back: one content, two claims (the copy names its own calendar), both restored from
    // their backup into a browser whose data was cleared, and both restored again.
    let mut rejected = session.entries.get("a").map(|entry| (*entry.claim).clone()).expect("a");
    rejected.lifecycle.set_status(crate::lifecycle::Status::Rejected, "2026-12-20", "");
    rejected.calendar_id = "a".into();
    let copy = Claim { lifecycle: crate::lifecycle::Lifecycle::default(), calendar_id: "copy".into(), ..rejected.clone() };
    let backup = || vec![FromBackup { key: "r1".into(), claim: Box::new(rejected.clone()), files: Vec::new() }, FromBackup { key: "r2".into(), claim: Box::new(copy.clone()), files: Vec::new() }];
    let mut cleared = self::session("fresh");
    listed(&mut cleared, Vec::new());
    cleared.handle(Event::RestoredBackup { claims: backup() });
    assert!(cleared.entries.contains_key("r1") && cleared.entries.contains_key("r2"), "both claims");
    cleared.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r3".into(), claim: Box::new(copy.clone()), files: Vec::new() }] });
    assert!(!cleared.entries.contains_key("r3"), "the copy is here already");
    // A backup of the claim submitted since, restored where it is still in preparation:
    // newer than the claim here, added beside it, never "already here, unchanged".
    let mut preparing = self::session("fresh");
    listed(&mut preparing, vec![record("a", 1, "Spring webinar")]);
    let submitted = session.entries.get("a").map(|entry| Claim { calendar_id: "a".into(), ..(*entry.claim).clone() }).expect("a");
    assert_eq!(preparing.already_here(std::slice::from_ref(&submitted)), [false], "the report says it is added");
    preparing.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "s".into(), claim: Box::new(submitted), files: Vec::new() }] });
    assert!(preparing.entries.contains_key("s"));
    // The report of a restore says what the session does: the backup of before is here.
    assert_eq!(session.already_here(std::slice::from_ref(&built)), [true]);
    // A backup of the claim put away (abandoned) since, where it is still active: added
    // beside, not taken for the claim here.
    let abandoned = Claim { lifecycle: crate::lifecycle::Lifecycle { archived: true, ..Default::default() }, ..built.clone() };
    let mut active = self::session("fresh");
    listed(&mut active, vec![record("a", 1, "Spring webinar")]);
    assert_eq!(active.already_here(std::slice::from_ref(&abandoned)), [false]);
}

#[test]
fn the_package_of_a_claim_here_gives_it_its_files_and_adds_no_copy() {
    // The claim here: its document's file may be missing on this device (the page was
    // left before it was saved); its package, opened, has it.
    let mut session = session("fresh");
    let here = with_document("a", 2, "Ours.pdf", "aa");
    let id_here = here.claim.documents[0].id;
    listed(&mut session, vec![here.clone(), record("b", 1, "Other")]);
    session.handle(Event::Open { key: "b".into() });
    let effects = session.handle(Event::OpenedPackage { key: "p".into(), claim: Box::new(here.claim.clone()), files: vec![(id_here, FileToken(5))] }).unwrap_or_default();
    assert_eq!(session.key(), "a", "the claim here, shown");
    assert!(!session.entries.contains_key("p"), "no copy");
    assert!(effects.contains(&Effect::AttachFiles { key: "a".into(), files: vec![(FileToken(5), id_here)] }), "{effects:?}");
    assert_eq!(saves(&effects), [("a".to_string(), Some(2))], "saved with the file");
    assert_eq!(*session.claim(), here.claim, "its content unchanged");
}

/// A backup restored where its claim is: the page sends, under the key of the claim
/// here, the files this device lacks for it; they are given to it and saved, and no copy
/// is added. Files sent for another claim's key are dropped.
#[test]
fn a_backup_of_a_claim_here_gives_it_the_files_this_device_lacks() {
    let mut session = session("fresh");
    let here = with_document("a", 2, "Ours.pdf", "aa");
    let id_here = here.claim.documents[0].id;
    listed(&mut session, vec![here.clone(), record("b", 1, "Other")]);
    assert_eq!(session.where_here(&[here.claim.clone(), here.claim.clone(), record("c", 1, "New").claim]), [Here::As("a".into()), Here::As("a".into()), Here::No]);
    let effects = session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "a".into(), claim: Box::new(here.claim.clone()), files: vec![(id_here, FileToken(5))] }] }).unwrap_or_default();
    assert!(effects.contains(&Effect::AttachFiles { key: "a".into(), files: vec![(FileToken(5), id_here)] }), "{effects:?}");
    assert_eq!(saves(&effects), [("a".to_string(), Some(2))], "saved with the file");
    assert_eq!(session.entries.iter().count(), 2, "no copy");
    // Under the key of a claim of other content: nothing given, the file let go.
    let effects = session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "b".into(), claim: Box::new(here.claim.clone()), files: vec![(id_here, FileToken(6))] }] }).unwrap_or_default();
    assert!(effects.contains(&Effect::DropStaged(vec![FileToken(6)])), "{effects:?}");
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::AttachFiles { .. })), "{effects:?}");
}

/// A claim restored with a document its backup left out (marked so), then a later
/// backup of it holding that file: the claim here takes the file, and the mark goes (the
/// row kept asking for the original, and Build package refused it).
#[test]
fn a_file_a_backup_left_out_given_by_a_later_one_lifts_its_mark() {
    let mut session = session("fresh");
    let whole = with_document("a", 2, "Ours.pdf", "aa");
    let id = whole.claim.documents[0].id;
    let mut marked = whole.clone();
    marked.claim.documents[0].integrity = Some(crate::claim::Integrity::left_out(&"aa".repeat(32)));
    if let Some(file) = marked.claim.documents[0].file.as_mut() {
        file.sha256 = "aa".repeat(32);
    }
    let mut given = whole.claim.clone();
    if let Some(file) = given.documents[0].file.as_mut() {
        file.sha256 = "aa".repeat(32);
    }
    listed(&mut session, vec![marked.clone(), record("b", 1, "Other")]);
    assert_eq!(session.where_here(std::slice::from_ref(&given)), [Here::As("a".into())], "the claim backed up");
    let effects = session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "a".into(), claim: Box::new(given), files: vec![(id, FileToken(5))] }] }).unwrap_or_default();
    assert!(effects.contains(&Effect::AttachFiles { key: "a".into(), files: vec![(FileToken(5), id)] }), "{effects:?}");
    let document = session.entry("a").and_then(|entry| entry.claim.document(id).cloned()).expect("the document");
    assert_eq!(document.integrity, None, "the mark goes");
    assert_eq!(session.entries.iter().count(), 2, "no copy");
}

/// A claim's package built, the claim edited since, the package opened again (or its
/// backup restored): two claims, each with the events of its own calendar, never one
/// name for both (a calendar keeps one of two events of one UID).
#[test]
fn a_claim_from_outside_keeps_its_calendar_s_name_unless_a_claim_here_has_it() {
    let mut session = session("fresh");
    let mut from_here = record("claim-here", 1, "Spring webinar");
    listed(&mut session, vec![from_here.clone()]);
    // Its package, built before the title was corrected here: the key here names it.
    from_here.claim.title = "Spring webinar (draft)".into();
    from_here.claim.calendar_id = "claim-here".into();
    session.handle(Event::OpenedPackage { key: "opened".into(), claim: Box::new(from_here.claim.clone()), files: Vec::new() });
    assert_eq!(session.key(), "opened", "another claim: its content differs");
    assert_eq!(session.claim().calendar_key(Some("opened")), "opened", "not the name of the claim here");
    // From another device: its own name, kept; two of one name in one backup: the first.
    let mut elsewhere = record("x", 1, "From elsewhere").claim;
    elsewhere.calendar_id = "claim-elsewhere".into();
    let mut twin = elsewhere.clone();
    twin.title = "From elsewhere, edited".into();
    session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r1".into(), claim: Box::new(elsewhere), files: Vec::new() }, FromBackup { key: "r2".into(), claim: Box::new(twin), files: Vec::new() }] });
    let key_of = |key: &str| session.entries.get(key).map(|entry| entry.claim.calendar_key(Some(key)));
    assert_eq!(key_of("r1").as_deref(), Some("claim-elsewhere"));
    assert_eq!(key_of("r2").as_deref(), Some("r2"));
    // One that could not name events (a line break in it) is let go: the key here names
    // them, in its backup too (which writes it as the claim's own).
    let mut broken = record("y", 1, "Broken name").claim;
    broken.calendar_id = "claim\nUID:evil".into();
    session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r3".into(), claim: Box::new(broken), files: Vec::new() }] });
    assert_eq!(session.entries.get("r3").map(|entry| entry.claim.calendar_id.clone()).as_deref(), Some(""));
}

/// The titles a claim from a backup or a package is said to be kept beside: those of
/// claims with content, compared as the list's search compares them; an empty claim on
/// the page and untitled claims name none.
#[test]
fn titles_with_content_fold_case_and_leave_out_empty_and_untitled_claims() {
    let mut here = session("fresh");
    let mut untitled = record("b", 1, "");
    untitled.claim.apply(Edit::Set(ClaimField::PartnerId, "1234567".into()), &Profile::default_profile());
    listed(&mut here, vec![record("a", 1, "Spring Webinar"), untitled]);
    assert_eq!(here.claims_with_content().len(), 2, "the untitled claim has content");
    let titles = here.titles_with_content();
    assert!(titles.contains(&crate::claims::title_key("spring webinar")), "{titles:?}");
    assert!(!titles.contains(&crate::claims::title_key("")), "an untitled claim is beside no other: {titles:?}");
    assert_eq!(titles.len(), 1, "{titles:?}");
    let mut empty = session("fresh");
    listed(&mut empty, Vec::new());
    assert!(empty.titles_with_content().is_empty(), "the page's empty claim is no claim here");
}

/// A backup restored into a page showing an empty claim (a browser whose data was
/// cleared): a restored claim is shown, and the empty one is not listed.
#[test]
fn a_backup_restored_into_an_empty_page_shows_a_claim_it_restored() {
    let mut session = session("fresh");
    listed(&mut session, Vec::new());
    let (first, second) = (record("x", 1, "Restored first").claim, record("y", 1, "Restored second").claim);
    session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r1".into(), claim: Box::new(first), files: Vec::new() }, FromBackup { key: "r2".into(), claim: Box::new(second), files: Vec::new() }] });
    assert!(["r1", "r2"].contains(&session.key()), "{}", session.key());
    assert_eq!(session.rows().len(), 2, "no empty claim listed beside them");
    // A page showing a claim of the partner's keeps it.
    let mut mine = self::session("mine");
    listed(&mut mine, Vec::new());
    mine.handle(title("Mine"));
    let session = &mut mine;
    session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r3".into(), claim: Box::new(record("z", 1, "Restored").claim), files: Vec::new() }] });
    assert_eq!(session.claim().title, "Mine");
}

/// Claims deleted here, then brought back by a backup: Undo has nothing left to bring back
/// (it would add each a second time).
#[test]
fn a_backup_restored_after_a_delete_ends_its_undo() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Echo"), record("b", 1, "Foxtrot")]);
    session.handle(Event::Delete { key: "a".into(), fallback_key: "x".into() });
    assert_eq!(session.n_deleted(), 1);
    let echo = record("a", 1, "Echo").claim;
    session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r1".into(), claim: Box::new(echo), files: Vec::new() }] });
    assert!(titles(&session).contains(&"Echo".to_string()));
    assert_eq!(session.n_deleted(), 0, "Undo no longer offered");
    session.handle(Event::Undo { spare_key: "s".into() });
    assert_eq!(titles(&session).iter().filter(|title| title.as_str() == "Echo").count(), 1);
}

#[test]
fn content_fingerprints_kept_between_renders_follow_every_change() {
    let profile = Profile::default_profile();
    let mut session = session("a");
    listed(&mut session, vec![record("k1", 3, "First"), record("k2", 1, "Second")]);
    let mut cache = crate::session::FingerprintCache::new();
    assert_eq!(session.content_fingerprints_cached(&mut cache), session.content_fingerprints());
    let kept = cache.get("k1").map(|(claim, _)| claim.clone()).expect("k1 fingerprinted");
    // Asked again unchanged: the claim fingerprinted is the one held.
    assert_eq!(session.content_fingerprints_cached(&mut cache), session.content_fingerprints());
    assert!(Rc::ptr_eq(&kept, &cache["k1"].0));
    // Changed elsewhere: its fingerprint follows.
    let mut changed = record("k1", 3, "First").claim;
    changed.apply(Edit::Set(crate::claim::ClaimField::Title, "First, renamed".into()), &profile);
    session.handle(Event::ChangedElsewhere { key: "k1".into(), record: Some(Record { key: "k1".into(), revision: 4, claim: changed.clone() }) });
    let here = session.content_fingerprints_cached(&mut cache);
    assert_eq!(here, session.content_fingerprints());
    assert!(here.contains(&changed.content_fingerprint()));
    // Deleted elsewhere: it goes from the set and from the cache.
    session.handle(Event::ChangedElsewhere { key: "k2".into(), record: None });
    assert_eq!(session.content_fingerprints_cached(&mut cache), session.content_fingerprints());
    assert!(!cache.contains_key("k2"));
}

#[test]
fn a_backup_restored_adds_each_claim_once_and_saves_it() {
    let profile = Profile::default_profile();
    let mut session = session("a");
    listed(&mut session, vec![record("k1", 3, "Already here")]);
    // The same claim as it comes back from a backup: other ids, an origin, a file of
    // no media type packaged as application/octet-stream.
    let mut here = record("k1", 3, "Already here").claim;
    here.apply(Edit::AddDocument { file_name: "a.pdf".into(), doc_type: None, file: None }, &profile);
    session.handle(Event::ChangedElsewhere { key: "k1".into(), record: Some(Record { key: "k1".into(), revision: 4, claim: here.clone() }) });
    let mut back = here.clone();
    back.documents[0].id = 40;
    // The device's copy has since been read by the document reader; the backup's not.
    here.documents[0].read = Some(Box::new(crate::evidence::Inspection { sha256: "x".into(), ..Default::default() }));
    session.handle(Event::ChangedElsewhere { key: "k1".into(), record: Some(Record { key: "k1".into(), revision: 5, claim: here.clone() }) });
    back.next_id = 41;
    back.origin = Some(Origin::Example);
    let new_one = record("x", 0, "Only in the backup").claim;
    let claims = vec![
        FromBackup { key: "b1".into(), claim: Box::new(back.clone()), files: vec![(40, FileToken(1))] },
        FromBackup { key: "b2".into(), claim: Box::new(new_one.clone()), files: vec![(9, FileToken(2))] },
        FromBackup { key: "b3".into(), claim: Box::new(new_one.clone()), files: Vec::new() },
    ];
    assert_eq!(session.already_here(&[back.clone(), new_one.clone(), new_one.clone()]), [true, false, true], "the second copy of one claim counts as here");
    let on_page = session.key().to_string();
    let effects = session.handle(Event::RestoredBackup { claims }).unwrap_or_default();
    assert_eq!(titles(&session).iter().filter(|t| t.as_str() == "Only in the backup").count(), 1, "{:?}", titles(&session));
    assert_eq!(titles(&session).iter().filter(|t| t.as_str() == "Already here").count(), 1);
    assert!(session.entries.contains_key("b2") && !session.entries.contains_key("b1") && !session.entries.contains_key("b3"));
    assert!(effects.contains(&Effect::DropStaged(vec![FileToken(1)])), "{effects:?}");
    assert!(effects.iter().any(|effect| matches!(effect, Effect::AttachFiles { key, files } if key == "b2" && files.is_empty())), "a file under an id the claim lacks is left out");
    assert_eq!(saves(&effects), [("b2".to_string(), None)], "the restored claim is saved at once");
    assert_eq!(session.key(), on_page, "the page keeps its claim");
    // Restored twice: nothing more.
    let again = session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "b4".into(), claim: Box::new(new_one), files: Vec::new() }] }).unwrap_or_default();
    assert!(saves(&again).is_empty() && !session.entries.contains_key("b4"));
}

#[test]
fn a_file_limit_the_partner_sets_checks_every_claim_and_stays_in_range() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    let big = crate::claim::FileFacts { size: 5 * 1024 * 1024, media_type: "application/pdf".into(), sha256: "ab".repeat(32), crc32: 0 };
    session.handle(Event::Edit(Edit::AddDocument { file_name: "Invoice.pdf".into(), doc_type: None, file: Some(big) }));
    let has_too_large = |session: &Session| session.review().findings.iter().any(|f| f.code == crate::rules::Code::FileTooLarge);
    assert!(!has_too_large(&session));
    assert!(session.handle(Event::FileLimit { bytes: 4 * 1024 * 1024, elsewhere: false }).is_some());
    assert!(has_too_large(&session));
    assert_eq!(session.profile().file_size_limit_bytes, 4 * 1024 * 1024);
    assert!(session.handle(Event::FileLimit { bytes: 10, elsewhere: false }).is_none(), "below 1 MiB is refused");
    assert!(session.handle(Event::FileLimit { bytes: 4 * 1024 * 1024, elsewhere: false }).is_none(), "no change, no new state");
    let restarted = self::session("b").with_file_limit(Some(2 * 1024 * 1024));
    assert_eq!(restarted.profile().file_size_limit_bytes, 2 * 1024 * 1024);
    let mut fixed = Profile::default_profile();
    fixed.file_size_limit_editable = false;
    let mut fixed = Session::new(Rc::new(fixed), today(), "c");
    assert!(fixed.handle(Event::FileLimit { bytes: 4 * 1024 * 1024, elsewhere: false }).is_none(), "a profile may forbid it");
}

#[test]
fn a_removed_document_comes_back_with_undo_in_its_place_until_the_claim_leaves_the_page() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    session.handle(Event::LoadExample { key: "b".into(), lang: "en".into() });
    let ids: Vec<DocumentId> = session.claim().documents.iter().map(|d| d.id).collect();
    let effects = session.handle(Event::Edit(Edit::RemoveDocument(ids[2]))).unwrap_or_default();
    session.handle(Event::Edit(Edit::RemoveDocument(ids[4])));
    assert!(!effects.iter().any(|e| matches!(e, Effect::ForgetFile { .. })), "the file is kept for Undo");
    assert_eq!(session.last_removed_document().map(|d| d.id), Some(ids[4]));
    session.handle(Event::UndoRemoveDocument);
    session.handle(Event::UndoRemoveDocument);
    assert_eq!(session.claim().documents.iter().map(|d| d.id).collect::<Vec<_>>(), ids, "both back, each in its place");
    assert!(session.handle(Event::UndoRemoveDocument).is_none(), "nothing more to undo");

    // A document linked to a cost line removed since comes back with its link: Undo of
    // the line too makes it whole again (the manifest leaves out a link to no line).
    let invoice = session.claim().documents.iter().find(|d| d.cost_line.is_some()).map(|d| (d.id, d.cost_line)).expect("an invoice linked to its line");
    session.handle(Event::Edit(Edit::RemoveDocument(invoice.0)));
    session.handle(Event::Edit(Edit::RemoveCostLine(invoice.1.expect("a line"))));
    session.handle(Event::UndoRemoveDocument);
    session.handle(Event::UndoRemoveCostLine);
    assert_eq!(session.claim().document(invoice.0).map(|d| d.cost_line), Some(invoice.1));

    // Documents added end the offer: the partner may be adding the same file again, and
    // Undo would then add it twice.
    session.handle(Event::Edit(Edit::RemoveDocument(ids[1])));
    let effects = session.handle(Event::AddDocuments(vec![("Again.pdf".into(), FileToken(3))])).unwrap_or_default();
    assert!(effects.contains(&Effect::ForgetFile { key: "b".into(), document: ids[1] }), "{effects:?}");
    assert_eq!(session.last_removed_document(), None);
    assert!(session.handle(Event::UndoRemoveDocument).is_none());

    session.handle(Event::Edit(Edit::RemoveDocument(ids[0])));
    let effects = session.handle(Event::NewClaim { key: "c".into() }).unwrap_or_default();
    assert!(effects.contains(&Effect::ForgetFile { key: "b".into(), document: ids[0] }), "{effects:?}");
    assert_eq!(session.last_removed_document(), None);
}

#[test]
fn a_fresh_page_says_nothing_about_saving_and_saves_nothing_before_the_list() {
    let mut session = session("a");
    assert_eq!(session.save_state(), SaveState::Nothing, "nothing was saved, nothing is claimed");
    let effects = session.handle(title("Webinar")).unwrap_or_default();
    assert!(saves(&effects).is_empty() && !effects.contains(&Effect::ScheduleSave), "the saved claims are not known yet");
    assert_eq!(session.save_state(), SaveState::Pending);
    // The list comes: the claim typed meanwhile is kept and saved (as a new record).
    let effects = listed(&mut session, vec![record("b", 3, "Older")]);
    assert_eq!(saves(&effects), [("a".to_string(), None)]);
    assert_eq!(session.key(), "a", "the partner's claim stays on the page");
    assert_eq!(titles(&session).len(), 2);
}

#[test]
fn the_list_opens_the_claim_open_last_and_an_unreadable_record_hides_nothing() {
    let mut session = session("fresh");
    let effects = session
        .handle(Event::Listed {
            records: vec![record("b", 1, "Second"), record("c", 4, "Third")],
            unreadable: vec!["broken".into()],
            last_open: Some("c".into()),
            journal: Vec::new(),
        })
        .unwrap_or_default();
    assert_eq!(session.key(), "c");
    assert_eq!(session.claim().title, "Third");
    assert_eq!(session.unreadable(), ["broken".to_string()]);
    assert_eq!(titles(&session).len(), 2, "the empty fresh claim went, both saved claims are listed");
    assert!(saves(&effects).is_empty(), "claims as stored need no save");
    assert!(effects.contains(&Effect::RememberOpen { key: "c".into() }));
    assert_eq!(session.save_state(), SaveState::Saved);
}

/// New claim, then a reload before anything is typed: the claim shown before it opens
/// again (the empty one is not kept), not the first of the list. Typed into, the new one
/// is the one remembered.
#[test]
fn a_new_claim_is_remembered_as_open_once_it_has_content() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("b", 1, "Second"), record("c", 4, "Third")]);
    session.handle(Event::Open { key: "c".into() });
    let effects = session.handle(Event::NewClaim { key: "n".into() }).unwrap_or_default();
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::RememberOpen { .. })), "{effects:?}");
    let effects = session.handle(title("Typed")).unwrap_or_default();
    assert!(effects.contains(&Effect::RememberOpen { key: "n".into() }), "{effects:?}");
    let effects = session.handle(title("Typed on")).unwrap_or_default();
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::RememberOpen { .. })), "once: {effects:?}");
}

/// Another tab takes the claim over right after a keystroke here: it is saved at once,
/// and journaled for that tab (it may start editing before the save lands).
#[test]
fn a_claim_taken_over_is_saved_at_once_and_journaled_for_the_other_tab() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    session.handle(title("Typed just now"));
    let effects = session.handle(Event::LockLost { key: "a".into() }).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), None)]);
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Journal(journal) if journal.len() == 1 && journal[0].key == "a" && journal[0].claim.title == "Typed just now")), "{effects:?}");
    // Nothing unsaved: nothing journaled.
    let mut other = self::session("b");
    listed(&mut other, vec![record("b", 1, "Saved")]);
    let effects = other.handle(Event::LockLost { key: "b".into() }).unwrap_or_default();
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::Journal(_))), "{effects:?}");
}

#[test]
fn typing_schedules_one_save_and_hiding_the_page_saves_at_once() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    let first = session.handle(title("W")).unwrap_or_default();
    // (The claim given its first content is remembered as the one open.)
    assert_eq!(first, [Effect::RememberOpen { key: "a".into() }, Effect::ScheduleSave]);
    // Later keys do not push the save back: a note typed and the tab closed is not lost.
    let second = session.handle(title("We")).unwrap_or_default();
    assert!(second.is_empty(), "{second:?}");
    let hidden = session.handle(Event::PageHidden).unwrap_or_default();
    assert_eq!(saves(&hidden), [("a".to_string(), None)]);
    // The key typed while that save is under way is saved when it lands.
    session.handle(title("Web"));
    let landed = acknowledge(&mut session, &hidden);
    assert_eq!(saves(&landed), [("a".to_string(), Some(1))]);
    assert_eq!(session.save_state(), SaveState::Pending);
    acknowledge(&mut session, &landed);
    assert_eq!(session.save_state(), SaveState::Saved);
}

#[test]
fn a_removed_cost_line_comes_back_with_undo_in_its_place_with_its_invoices_linked_again() {
    let mut session = session("fresh");
    session.handle(Event::LoadExample { key: "a".into(), lang: "en".into() });
    let before = session.claim().clone();
    let (line, linked): (CostLine, Vec<DocumentId>) = before
        .cost_lines
        .iter()
        .find_map(|line| {
            let linked: Vec<DocumentId> = before.documents.iter().filter(|d| d.cost_line == Some(line.id)).map(|d| d.id).collect();
            (!linked.is_empty()).then(|| (line.clone(), linked))
        })
        .expect("an example line with its invoice");
    let position = before.cost_lines.iter().position(|l| l.id == line.id).unwrap_or_default();
    session.handle(Event::Edit(Edit::RemoveCostLine(line.id)));
    assert!(session.claim().cost_line(line.id).is_none());
    assert!(linked.iter().all(|id| session.claim().document(*id).is_some_and(|d| d.cost_line.is_none())), "unlinked");
    assert_eq!(session.last_removed_cost_line().map(|(at, l)| (at, l.id)), Some((position, line.id)));
    session.handle(Event::UndoRemoveCostLine);
    assert_eq!(session.claim().cost_lines, before.cost_lines, "back in its place");
    assert!(linked.iter().all(|id| session.claim().document(*id).is_some_and(|d| d.cost_line == Some(line.id))), "linked again");
    assert!(session.last_removed_cost_line().is_none());
    assert_eq!(session.handle(Event::UndoRemoveCostLine), None, "nothing more to undo");
    // An invoice typed otherwise since the line went is no invoice to link again.
    session.handle(Event::Edit(Edit::RemoveCostLine(line.id)));
    session.handle(Event::Edit(Edit::SetDocumentType(linked[0], Some(crate::claim::DocType::Other))));
    session.handle(Event::UndoRemoveCostLine);
    assert!(session.claim().cost_line(line.id).is_some());
    assert_eq!(session.claim().document(linked[0]).map(|d| d.cost_line), Some(None), "an Other document links to no line");
    // Leaving the page forgets it.
    session.handle(Event::Edit(Edit::RemoveCostLine(line.id)));
    session.handle(Event::NewClaim { key: "b".into() });
    assert!(session.last_removed_cost_line().is_none());
}

#[test]
fn storage_cleared_under_the_page_saves_again_every_claim_it_holds() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 5, "Kept claim"), record("b", 7, "Other claim")]);
    session.handle(Event::Open { key: "a".into() });
    let effects = session.handle(Event::StorageCleared).unwrap_or_default();
    let mut saved = saves(&effects);
    saved.sort();
    assert_eq!(saved, [("a".to_string(), None), ("b".to_string(), None)], "each saved again as a new record");
    assert!(matches!(session.notice(), Some(Notice::StorageCleared)));
    // The page's own choices went with the claims: remembered again.
    assert!(effects.contains(&Effect::RememberOpen { key: "a".into() }));
    assert!(effects.contains(&Effect::RememberSettings));
    // Answered: saved again, nothing said to be lost or changed elsewhere.
    acknowledge(&mut session, &effects);
    assert_eq!(session.save_state(), SaveState::Saved);
    // A page that had saved nothing says nothing was cleared, and still remembers its
    // choices again.
    let mut fresh = super::tests::session("fresh-2");
    listed(&mut fresh, Vec::new());
    let effects = fresh.handle(Event::StorageCleared).unwrap_or_default();
    assert!(fresh.notice().is_none());
    assert!(effects.contains(&Effect::RememberSettings));
}

#[test]
fn a_page_left_open_past_midnight_counts_from_the_new_day() {
    let profile = Profile::default_profile();
    let mut session = session("fresh");
    // Usage period ending 2026-09-30: its deadline is 2026-11-14 (45 days), so on
    // 2026-11-25 it has passed, and on 2026-11-13 it is tomorrow.
    let mut claim = Claim::new(&profile);
    claim.apply(Edit::Set(ClaimField::Title, "Autumn webinar".into()), &profile);
    claim.apply(Edit::Set(ClaimField::UsageStart, "2026-07-01".into()), &profile);
    claim.apply(Edit::Set(ClaimField::UsageEnd, "2026-09-30".into()), &profile);
    listed(&mut session, vec![Record { key: "a".into(), revision: 1, claim: claim.clone() }, record("b", 1, "Other")]);
    session.handle(Event::Open { key: "a".into() });
    let passed = |session: &Session| session.review().findings.iter().any(|f| f.code == crate::rules::Code::DeadlinePassed);
    assert!(passed(&session));
    assert_eq!(session.handle(Event::Today(today())), None, "the same day changes nothing");
    let earlier = crate::dates::parse_iso("2026-11-13").unwrap_or_default();
    assert!(session.handle(Event::Today(earlier)).is_some());
    assert_eq!(session.today(), earlier);
    assert!(!passed(&session), "{:?}", session.review().findings);
    let row = session.rows().into_iter().find(|row| row.key == "a").map(|row| row.days_left);
    assert_eq!(row, Some(Some(1)), "the row counts from the new day too");
}

#[test]
fn a_duplicate_is_a_new_claim_not_submitted_whatever_the_original_went_through() {
    let mut session = session("fresh");
    // Opened from a package made on another device: its calendar's events keep their names.
    let mut original = record("a", 1, "Spring webinar");
    original.claim.calendar_id = "made-elsewhere".into();
    listed(&mut session, vec![original]);
    assert_eq!(session.key(), "a");
    session.handle(Event::Edit(Edit::SetPartnerCenterId("PC-2026-4242".into())));
    session.handle(Event::Edit(Edit::SetStatus { status: crate::lifecycle::Status::Paid, on: "2026-11-30".into(), note: "Remittance 4471".into() }));
    session.handle(Event::Edit(Edit::SetArchived(true)));
    assert!(session.claim().lifecycle.locked());
    session.handle(Event::Duplicate { key: "a".into(), new_key: "b".into(), title: "Spring webinar (copy)".into() });
    assert_eq!(session.key(), "b");
    assert_eq!(session.claim().title, "Spring webinar (copy)");
    assert!(session.claim().lifecycle.is_default(), "{:?}", session.claim().lifecycle);
    assert!(!session.claim().lifecycle.locked());
    assert_eq!(session.claim().calendar_key(Some("b")), "b", "the copy's events are its own");
    let original = session.rows().into_iter().find(|row| row.key == "a").map(|row| row.title);
    assert_eq!(original.as_deref(), Some("Spring webinar"), "the original stays as it was");
}

#[test]
fn deleting_twice_and_undoing_twice_restores_both() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Claim 08"), record("b", 1, "Claim 09"), record("c", 1, "Claim 10")]);
    session.handle(Event::Delete { key: "a".into(), fallback_key: "x".into() });
    session.handle(Event::Delete { key: "b".into(), fallback_key: "y".into() });
    assert_eq!(titles(&session), ["Claim 10"]);
    assert_eq!(session.n_deleted(), 2);
    let effects = session.handle(Event::Undo { spare_key: "s1".into() }).unwrap_or_default();
    assert!(saves(&effects).iter().any(|(key, expect)| key == "b" && expect.is_none()), "saved again as a new record");
    // Its row takes the keyboard, shown even in a folded list.
    assert!(effects.contains(&Effect::Focus("open-b".into())), "{effects:?}");
    assert_eq!(session.brought_back(), Some("b"));
    session.handle(Event::Undo { spare_key: "s2".into() });
    assert_eq!(session.brought_back(), Some("a"));
    let mut restored = titles(&session);
    restored.sort();
    assert_eq!(restored, ["Claim 08", "Claim 09", "Claim 10"]);
    assert_eq!(session.handle(Event::Undo { spare_key: "s3".into() }), None, "nothing more to undo");
    session.handle(Event::Open { key: "a".into() });
    assert_eq!(session.brought_back(), None, "once another claim is on the page");
}

#[test]
fn deleting_the_claim_on_the_page_opens_the_most_urgent_other_or_an_empty_claim() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Only")]);
    assert_eq!(session.key(), "a");
    let effects = session.handle(Event::Delete { key: "a".into(), fallback_key: "new".into() }).unwrap_or_default();
    assert_eq!(session.key(), "new");
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Remove { key, .. } if key == "a")));
    assert!(effects.contains(&Effect::Focus("claims-undo".into())));
    assert_eq!(session.save_state(), SaveState::Nothing);
    // A second press on a claim already deleted changes nothing and keeps Undo.
    assert_eq!(session.handle(Event::Delete { key: "a".into(), fallback_key: "other".into() }), None);
    assert_eq!(session.last_deleted().map(|binned| binned.key.as_str()), Some("a"));
    // The empty claim now on the page, deleted too: no Undo for it, so the keyboard goes
    // to the claim shown next.
    let effects = session.handle(Event::Delete { key: "new".into(), fallback_key: "next".into() }).unwrap_or_default();
    assert_eq!(session.key(), "next");
    assert!(effects.contains(&Effect::Focus("claim-title".into())), "{effects:?}");
    assert!(!effects.contains(&Effect::Focus("claims-undo".into())));
}

#[test]
fn a_refused_save_is_still_said_after_moving_to_another_claim() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    session.handle(title("Not saved anywhere"));
    let effects = session.handle(Event::NewClaim { key: "b".into() }).unwrap_or_default();
    let Some(Effect::Save { key, version, .. }) = effects.iter().find(|effect| matches!(effect, Effect::Save { .. })) else { panic!("one save: {effects:?}") };
    let full = Problem::new("storage.full", "");
    session.handle(Event::SaveFailed { key: key.clone(), version: *version, problem: full.clone() });
    assert_eq!(session.save_state(), SaveState::Failed(full.clone()), "the claim that left is only in this page");
    // Another change to the empty claim on the page does not make it "saved".
    session.handle(Event::SaveDue);
    assert_eq!(session.save_state(), SaveState::Failed(full));
    assert!(session.entry("a").is_some_and(|entry| !entry.is_saved()));
    assert_eq!(titles(&session).len(), 2, "the claim that could not be saved is listed and opens");
}

#[test]
fn a_refused_save_is_tried_again_when_asked_once_at_a_time_and_nothing_is_asked_when_all_is_saved() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Webinar")]);
    assert_eq!(session.handle(Event::TryAgain), None, "nothing refused: nothing to do, nothing to render");
    session.handle(title("Webinar, changed"));
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    let Some(Effect::Save { version, .. }) = effects.iter().find(|effect| matches!(effect, Effect::Save { .. })).cloned() else { panic!("a save: {effects:?}") };
    assert_eq!(session.handle(Event::TryAgain), None, "a save under way is not sent twice");
    let full = Problem::new("storage.full", "");
    session.handle(Event::SaveFailed { key: "a".into(), version, problem: full.clone() });
    // A minute later, or the partner back on the page: the device is asked again.
    let effects = session.handle(Event::TryAgain).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(1))]);
    assert_eq!(session.save_state(), SaveState::Failed(full.clone()), "said until the device takes it");
    assert_eq!(session.handle(Event::TryAgain), None, "not again while that save is under way");
    let version = session.entry("a").and_then(|entry| entry.saving).expect("saving");
    session.handle(Event::Saved { key: "a".into(), version, revision: 2 });
    assert_eq!(session.save_state(), SaveState::Saved);
    assert_eq!(session.handle(Event::TryAgain), None);
}

/// Taken over by another tab, the claim's unsaved version went to that tab (journaled):
/// a refused save is not tried again from here, where it would write this tab's version
/// over the other's work, unless the partner changes it here again.
#[test]
fn a_claim_taken_over_by_another_tab_is_not_saved_again_from_here_unless_changed_here() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Shared")]);
    session.handle(title("Shared, typed here"));
    let effects = session.handle(Event::LockLost { key: "a".into() }).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(1))], "saved at once as it is handed over");
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Journal(_))), "and journaled for the tab taking it");
    let version = session.entry("a").and_then(|entry| entry.saving).expect("saving");
    session.handle(Event::SaveFailed { key: "a".into(), version, problem: Problem::new("storage.full", "") });
    assert_eq!(session.handle(Event::TryAgain), None, "not tried again: the other tab has it");
    assert!(saves(&session.handle(Event::PageHidden).unwrap_or_default()).is_empty());
    // Taken back and changed here: saved again.
    let effects = session.handle(title("Shared, typed here again")).unwrap_or_default();
    let effects = if saves(&effects).is_empty() { session.handle(Event::SaveDue).unwrap_or_default() } else { effects };
    assert_eq!(saves(&effects).len(), 1, "{effects:?}");
}

#[test]
fn a_save_behind_another_tabs_save_is_a_conflict_and_both_versions_are_kept() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 5, "Webinar")]);
    session.handle(title("Webinar, ours"));
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(5))], "the save names the revision it follows");
    let theirs = record("a", 6, "Webinar, theirs");
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(theirs.clone()) });
    assert_eq!(session.save_state(), SaveState::Conflict { changed: true });
    assert!(saves(&session.handle(title("Webinar, ours!")).unwrap_or_default()).is_empty());
    assert!(saves(&session.handle(Event::SaveDue).unwrap_or_default()).is_empty(), "no save over the other tab's");
    // Taking the other version keeps ours in the bin.
    session.handle(Event::TakeOtherVersion { key: "a".into() });
    assert_eq!(session.claim().title, "Webinar, theirs");
    assert_eq!(session.save_state(), SaveState::Saved);
    assert_eq!(session.last_deleted().map(|binned| binned.claim.title.clone()), Some("Webinar, ours!".into()));
    // Undo brings ours back as a claim of its own.
    session.handle(Event::Undo { spare_key: "mine".into() });
    assert_eq!(session.entry("mine").map(|entry| entry.claim.title.clone()), Some("Webinar, ours!".into()));
}

#[test]
fn keeping_this_version_saves_it_over_the_other() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 5, "Webinar")]);
    session.handle(title("Ours"));
    session.handle(Event::SaveDue);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(record("a", 6, "Theirs")) });
    let effects = session.handle(Event::KeepThisVersion { key: "a".into() }).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(6))]);
}

/// A claim of one document whose file is `sha`, as saved at `revision`.
fn with_document(key: &str, revision: u64, file_name: &str, sha: &str) -> Record {
    let profile = Profile::default_profile();
    let mut record = record(key, revision, "Shared claim");
    let file = crate::claim::FileFacts { size: 100, media_type: "application/pdf".into(), sha256: sha.into(), crc32: 0 };
    record.claim.apply(Edit::AddDocument { file_name: file_name.into(), doc_type: None, file: Some(file) }, &profile);
    record
}

fn reading(sha: &str) -> crate::evidence::Inspection {
    crate::evidence::Inspection { sha256: sha.into(), pages: Some(1), ..Default::default() }
}

/// Saves every save asked for, each at the revision after the one it follows.
fn save_all(session: &mut Session, effects: Vec<Effect>) {
    let mut effects = effects;
    while !effects.is_empty() {
        effects = acknowledge(session, &effects);
    }
}

#[test]
fn what_the_reader_found_unsaved_does_not_hold_back_another_tabs_version() {
    // This tab's document is saved; the reader's findings in its file come after.
    let mut session = session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] });
    assert_eq!(session.save_state(), SaveState::Pending);
    // The other tab's version, kept there on purpose (the same document number, another file).
    let theirs = with_document("a", 3, "Theirs.pdf", "bb");
    session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(theirs.clone()) });
    assert_eq!(session.save_state(), SaveState::Saved, "followed, not a conflict");
    assert_eq!(*session.claim(), theirs.claim, "and nothing of our file's reading is carried onto theirs");
    assert!(saves(&session.handle(Event::SaveDue).unwrap_or_default()).is_empty());
    // A reading of our file that comes later does not stick to their document either.
    assert!(session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] }).is_none());

    // The same, when the reading's save was on its way: refused, then the other version followed.
    let mut session = self::session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] });
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(2))]);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(theirs.clone()) });
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(theirs.clone()) });
    assert_eq!(session.save_state(), SaveState::Saved);
    assert_eq!(*session.claim(), theirs.claim);
}

#[test]
fn a_tab_following_another_keeps_what_its_reader_found_in_the_same_file() {
    // This tab read its document; the other tab, which had not read it yet, saved a
    // change of its own to the claim meanwhile (the same file, no reading).
    let profile = Profile::default_profile();
    let mut session = session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] });
    let mut theirs = with_document("a", 3, "Ours.pdf", "aa");
    theirs.claim.apply(Edit::Set(ClaimField::Title, "Renamed there".into()), &profile);
    let effects = session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(theirs.clone()) }).unwrap_or_default();
    assert_eq!(session.claim().title, "Renamed there", "followed, not a conflict");
    assert!(session.claim().documents[0].inspection().is_some(), "and the reading of the file is kept, no one would read it again");
    assert!(saves(&effects).is_empty(), "saved after the delay, as any change on the page");
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(3))], "saved over their version");
    // A version that changed the file there takes nothing of this tab's reading.
    let mut other_file = with_document("a", 5, "Ours.pdf", "cc");
    other_file.claim.apply(Edit::Set(ClaimField::Title, "Another file there".into()), &profile);
    save_all(&mut session, effects);
    session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(other_file.clone()) });
    assert_eq!(*session.claim(), other_file.claim);
}

#[test]
fn a_partners_edit_is_no_conflict_with_a_version_another_tab_only_read_further() {
    // This tab types; the other tab saves what its reader found in the same file.
    let profile = Profile::default_profile();
    let read_there = |revision: u64| {
        let mut record = with_document("a", revision, "Ours.pdf", "aa");
        record.claim.apply(Edit::SetInspection(1, reading("aa")), &profile);
        record
    };
    let mut session = session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(title("Typed here"));
    let effects = session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(read_there(3)) }).unwrap_or_default();
    assert_eq!(session.save_state(), SaveState::Pending, "not a conflict");
    assert!(saves(&effects).is_empty());
    assert_eq!(session.claim().title, "Typed here");
    assert!(session.claim().documents[0].inspection().is_some(), "their reading taken");
    assert_eq!(saves(&session.handle(Event::SaveDue).unwrap_or_default()), [("a".to_string(), Some(3))]);

    // The same when this tab's save was on its way: refused, then saved over that version.
    let mut session = self::session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(title("Typed here"));
    assert_eq!(saves(&session.handle(Event::SaveDue).unwrap_or_default()), [("a".to_string(), Some(2))]);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    let effects = session.handle(Event::SaveStale { key: "a".into(), version, current: Some(read_there(3)) }).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(3))], "saved again, over the version read further");
    save_all(&mut session, effects);
    assert_eq!(session.save_state(), SaveState::Saved);
    assert_eq!(session.claim().title, "Typed here");
    assert!(session.claim().documents[0].inspection().is_some());
    // Once saved, a version the partner changed there is a conflict again.
    session.handle(title("Typed here again"));
    let mut renamed = read_there(9);
    renamed.claim.apply(Edit::Set(ClaimField::Title, "Renamed there".into()), &profile);
    session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(renamed) });
    assert_eq!(session.save_state(), SaveState::Conflict { changed: true });
}

#[test]
fn a_tab_with_only_readings_unsaved_follows_whatever_the_other_tab_saves() {
    let profile = Profile::default_profile();
    // Two documents: this tab reads the first, the other tab the second.
    let two = |revision: u64| {
        let mut record = with_document("a", revision, "Ours.pdf", "aa");
        let file = crate::claim::FileFacts { size: 100, media_type: "application/pdf".into(), sha256: "bb".into(), crc32: 0 };
        record.claim.apply(Edit::AddDocument { file_name: "Theirs.pdf".into(), doc_type: None, file: Some(file) }, &profile);
        record
    };
    let mut session = session("fresh");
    listed(&mut session, vec![two(2)]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] });
    assert_eq!(saves(&session.handle(Event::SaveDue).unwrap_or_default()), [("a".to_string(), Some(2))]);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    // Refused: the other tab saved its reading of the second document.
    let mut read_there = two(3);
    read_there.claim.apply(Edit::SetInspection(2, reading("bb")), &profile);
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(read_there.clone()) });
    assert_ne!(session.save_state(), SaveState::Conflict { changed: true });
    assert!(session.claim().documents.iter().all(|document| document.inspection().is_some()), "both readings");
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(3))]);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    // Refused again: the partner typed in the other tab meanwhile. Followed, not a conflict.
    let mut typed = read_there.clone();
    typed.revision = 4;
    typed.claim.apply(Edit::Set(ClaimField::Title, "Typed there".into()), &profile);
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(typed) });
    assert_ne!(session.save_state(), SaveState::Conflict { changed: true });
    assert_eq!(session.claim().title, "Typed there");
    assert!(session.claim().documents[0].inspection().is_some(), "this tab's reading kept");
}

/// A phone puts the page away (hidden, never closed) while a save is under way: what was
/// typed behind that save is journaled, for the page's next start if the phone discards
/// the tab; the save that lands leaves the journal until what it lacks is saved too.
#[test]
fn edits_behind_a_save_under_way_are_journaled_when_the_page_is_hidden() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    session.handle(title("W"));
    let first = session.handle(Event::PageHidden).unwrap_or_default();
    assert_eq!(saves(&first).len(), 1);
    session.handle(title("We"));
    let hidden = session.handle(Event::PageHidden).unwrap_or_default();
    assert!(saves(&hidden).is_empty(), "one save at a time");
    assert!(hidden.iter().any(|effect| matches!(effect, Effect::Journal(journal) if journal.len() == 1 && journal[0].claim.title == "We")), "{hidden:?}");
    let landed = acknowledge(&mut session, &first);
    assert!(!landed.iter().any(|effect| matches!(effect, Effect::ClearJournal { .. })), "{landed:?}");
    let last = acknowledge(&mut session, &landed);
    assert!(last.iter().any(|effect| matches!(effect, Effect::ClearJournal { .. })), "{last:?}");
    assert_eq!(session.save_state(), SaveState::Saved);
}

#[test]
fn only_the_partners_changes_are_journaled_when_the_tab_closes() {
    let mut session = session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa"), record("b", 1, "Other")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] });
    let effects = session.handle(Event::PageHidden).unwrap_or_default();
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::Journal(_))), "a reading is read again when the claim is shown");
    session.handle(title("Typed"));
    let effects = session.handle(Event::PageHidden).unwrap_or_default();
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Journal(journaled) if journaled.len() == 1 && journaled[0].key == "a")));
}

#[test]
fn a_partners_edit_unsaved_is_still_a_conflict_whatever_the_reader_found_since() {
    let mut session = session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(title("Renamed here"));
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] });
    session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(with_document("a", 3, "Theirs.pdf", "bb")) });
    assert_eq!(session.save_state(), SaveState::Conflict { changed: true });
    assert_eq!(session.claim().title, "Renamed here");
}

#[test]
fn a_version_kept_is_saved_over_one_that_was_only_read_further_meanwhile() {
    // This tab's save was refused for the other tab's version; the partner keeps this one.
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Shared claim")]);
    session.handle(Event::Open { key: "a".into() });
    let profile = Profile::default_profile();
    let ours = with_document("a", 0, "Ours.pdf", "aa").claim;
    session.handle(Event::Edit(Edit::AddDocument { file_name: "Ours.pdf".into(), doc_type: None, file: ours.documents[0].file.clone() }));
    session.handle(Event::SaveDue);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    let theirs = with_document("a", 2, "Theirs.pdf", "bb");
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(theirs.clone()) });
    let effects = session.handle(Event::KeepThisVersion { key: "a".into() }).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(2))]);
    // Meanwhile the other tab saved what its reader found in its own file.
    let mut read_there = theirs.clone();
    read_there.revision = 3;
    read_there.claim.apply(Edit::SetInspection(1, reading("bb")), &profile);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    let effects = session.handle(Event::SaveStale { key: "a".into(), version, current: Some(read_there.clone()) }).unwrap_or_default();
    assert_eq!(saves(&effects), [("a".to_string(), Some(3))], "the partner's choice stands: saved again over it");
    assert_eq!(session.save_state(), SaveState::Pending);
    save_all(&mut session, effects);
    assert_eq!(session.save_state(), SaveState::Saved);
    assert_eq!(session.claim().documents[0].file_name, "Ours.pdf");
    // A version changed by the partner there meanwhile is a conflict again.
    session.handle(title("Ours, renamed"));
    session.handle(Event::SaveDue);
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    let mut renamed = read_there.clone();
    renamed.revision = 9;
    renamed.claim.apply(Edit::Set(ClaimField::Title, "Renamed there".into()), &profile);
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(renamed.clone()) });
    session.handle(Event::KeepThisVersion { key: "a".into() });
    let version = session.entry("a").map(|entry| entry.version).unwrap_or_default();
    renamed.revision = 10;
    renamed.claim.apply(Edit::Set(ClaimField::Title, "Renamed there again".into()), &profile);
    session.handle(Event::SaveStale { key: "a".into(), version, current: Some(renamed) });
    assert_eq!(session.save_state(), SaveState::Conflict { changed: true });
}

#[test]
fn a_claim_deleted_in_another_tab_stays_deleted_here_unless_this_tab_changed_it() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "On the page"), record("b", 1, "Listed")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: None });
    assert_eq!(titles(&session), ["On the page"], "deleted there, deleted here (Undo still has it)");
    session.handle(title("Changed here"));
    session.handle(Event::ChangedElsewhere { key: "a".into(), record: None });
    assert_eq!(session.save_state(), SaveState::Conflict { changed: false });
    assert_eq!(session.claim().title, "Changed here", "this tab's changes are kept");
}

/// A tab with two saved claims, `a` on the page and `b` (revision 3, titled `title`)
/// just deleted: its Remove is under way.
fn with_b_deleted(title: &str) -> Session {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "On the page"), record("b", 3, title)]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(Event::Delete { key: "b".into(), fallback_key: "n".into() });
    session
}

#[test]
fn undo_brings_back_the_claim_as_it_was_removed_when_another_tab_saved_it_since() {
    // Deleted here at revision 3; another tab saved revision 4 before the removal, whose
    // word had not come: the device removed 4 (its copy in the bin), and Undo gives 4.
    let mut session = with_b_deleted("Bravo");
    session.handle(Event::Removed { key: "b".into(), revision: Some(4), binned: true, record: Some(record("b", 4, "Bravo, titled in the other tab")) });
    session.handle(Event::Undo { spare_key: "spare".into() });
    assert!(titles(&session).contains(&"Bravo, titled in the other tab".to_string()), "{:?}", titles(&session));
    // A record older than the one this tab knew (or not the one removed) changes nothing.
    let mut session = with_b_deleted("Bravo");
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: Some(record("b", 2, "Older")) });
    session.handle(Event::Undo { spare_key: "spare".into() });
    assert!(titles(&session).contains(&"Bravo".to_string()), "{:?}", titles(&session));
}

#[test]
fn undo_brings_back_this_tabs_copy_when_it_was_deleted_with_an_edit_unsaved() {
    // This tab's copy is the newest of it, and a later revision removed is its own save
    // of an older state.
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "On the page"), record("b", 3, "Bravo")]);
    session.handle(Event::Open { key: "b".into() });
    session.handle(title("Bravo, typed here"));
    session.handle(Event::Delete { key: "b".into(), fallback_key: "n".into() });
    session.handle(Event::Removed { key: "b".into(), revision: Some(4), binned: true, record: Some(record("b", 4, "Bravo, typ")) });
    session.handle(Event::Undo { spare_key: "spare".into() });
    assert!(titles(&session).contains(&"Bravo, typed here".to_string()), "{:?}", titles(&session));
}

#[test]
fn undo_after_the_claim_came_back_in_another_tab_does_not_bring_it_back_twice() {
    let mut session = with_b_deleted("Bravo");
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: None });
    // The other tab pressed Undo (or Restore under Recently deleted): saved as a new record
    // (a revision is never reused, even across a delete). Undo here has nothing left.
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 10, "Bravo")) });
    assert_eq!(session.n_deleted(), 0, "no Undo offered for a claim that is back");
    assert_eq!(session.handle(Event::Undo { spare_key: "spare".into() }), None);
    let mut listed = titles(&session);
    listed.sort();
    assert_eq!(listed, ["Bravo", "On the page"]);
    // Restored under Recently deleted, under a new key: the same.
    let mut session = with_b_deleted("Bravo");
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: None });
    session.handle(Event::ChangedElsewhere { key: "restored".into(), record: Some(record("restored", 10, "Bravo")) });
    assert_eq!(session.n_deleted(), 0);
    assert_eq!(titles(&session).len(), 2, "{:?}", titles(&session));
    // Undo pressed before word of the other tab's came: still one claim, its row shown.
    let mut session = with_b_deleted("Bravo");
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: None });
    let entry = session.new_entry("restored", record("restored", 10, "Bravo").claim);
    session.entries.insert("restored".into(), entry);
    let effects = session.handle(Event::Undo { spare_key: "spare".into() }).unwrap_or_default();
    assert!(saves(&effects).is_empty(), "{effects:?}");
    assert!(effects.contains(&Effect::Focus("open-restored".into())), "its row is shown");
    // Changed there since: this tab's Undo keeps the version deleted here as a copy.
    let mut session = with_b_deleted("Bravo");
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: None });
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 11, "Bravo, renamed there")) });
    session.handle(Event::Undo { spare_key: "spare".into() });
    let mut listed = titles(&session);
    listed.sort();
    assert_eq!(listed, ["Bravo", "Bravo, renamed there", "On the page"], "nothing lost");
}

/// Deleted, then opened again from its package: it is back, so Undo has nothing to bring
/// back, and the page stops saying it was deleted (Undo would add a second copy).
#[test]
fn a_deleted_claim_opened_again_from_its_package_leaves_nothing_to_undo() {
    let mut session = with_b_deleted("Bravo");
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: None });
    assert_eq!(session.n_deleted(), 1);
    let package = record("b", 3, "Bravo").claim;
    session.handle(Event::OpenedPackage { key: "opened".into(), claim: Box::new(package), files: Vec::new() });
    assert_eq!(session.n_deleted(), 0, "no Undo offered for a claim that is back");
    assert_eq!(session.handle(Event::Undo { spare_key: "spare".into() }), None);
    let mut listed = titles(&session);
    listed.sort();
    assert_eq!(listed, ["Bravo", "On the page"]);
}

#[test]
fn a_claim_deleted_here_and_kept_by_the_tab_typing_in_it_comes_back_here() {
    let mut session = with_b_deleted("Typed in elsewhere");
    assert_eq!(titles(&session), ["On the page"]);
    // Word of a save read before this tab's Remove landed: that Remove takes it away.
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 4, "Saved there meanwhile")) });
    assert_eq!(titles(&session), ["On the page"], "a record the Remove under way is about to take");
    session.handle(Event::Removed { key: "b".into(), revision: Some(4), binned: true, record: None });
    // Late word of what the Remove took, or of what this tab saw before, does not bring it back.
    for seen in [3, 4] {
        session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", seen, "Gone")) });
        assert_eq!(titles(&session), ["On the page"], "revision {seen} stays deleted");
    }
    // The other tab, told its claim was deleted, keeps its version: saved again, later.
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 5, "Kept elsewhere")) });
    let mut listed_now = titles(&session);
    listed_now.sort();
    assert_eq!(listed_now, ["Kept elsewhere", "On the page"], "the device holds it again: so does the list");
    // Undo still brings back what this tab deleted, beside it rather than over it.
    session.handle(Event::Undo { spare_key: "spare".into() });
    assert_eq!(titles(&session).len(), 3);
}

#[test]
fn a_claim_deleted_twice_around_an_undo_stays_deleted_until_both_removes_are_answered() {
    let mut session = with_b_deleted("Deleted twice");
    session.handle(Event::Undo { spare_key: "spare".into() });
    session.handle(Event::Delete { key: "b".into(), fallback_key: "n".into() });
    // The first Remove answered (it took revision 3); the Undo's save (revision 4) and the
    // second Remove are still under way: word of revision 4 is of what that Remove takes.
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: None });
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 4, "Deleted twice")) });
    assert_eq!(titles(&session), ["On the page"], "a record a Remove under way is about to take");
    session.handle(Event::Removed { key: "b".into(), revision: Some(4), binned: true, record: None });
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 4, "Deleted twice")) });
    assert_eq!(titles(&session), ["On the page"], "late word of what the second Remove took");
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 5, "Kept elsewhere")) });
    assert!(titles(&session).contains(&"Kept elsewhere".to_string()), "a save made since is followed");
}

#[test]
fn a_remove_the_device_refused_does_not_hide_the_claim_for_good() {
    let mut session = with_b_deleted("Not removed");
    session.handle(Event::RemoveFailed { key: "b".into(), problem: Problem::new("storage.refused", "") });
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: Some(record("b", 4, "Saved in the other tab")) });
    assert!(titles(&session).contains(&"Saved in the other tab".to_string()));
}

fn removes_of(effects: &[Effect], of: &str) -> usize {
    effects.iter().filter(|effect| matches!(effect, Effect::Remove { key, .. } if key == of)).count()
}

#[test]
fn a_delete_the_device_refused_is_said_as_one_until_the_claim_is_back_or_deleted_again() {
    let mut session = with_b_deleted("Not removed");
    session.handle(Event::RemoveFailed { key: "b".into(), problem: Problem::new("storage.blocked", "") });
    // Not a save refused ("your claim is still on the page"): the claim left the page,
    // and the device still holds it.
    let not_deleted = SaveState::Failed(Problem::new(NOT_DELETED, ""));
    assert_eq!(session.save_state(), not_deleted);
    assert_eq!(session.deletes_refused(), ["Not removed"]);
    assert_eq!(titles(&session), ["On the page"], "deleted here all the same");
    // Said with its title, in either language.
    let said = |lang: &str| crate::i18n::Catalog::for_tag(lang).count(NOT_DELETED, 1, &[("title", "Not removed")]);
    assert_eq!(said("en"), "You deleted “Not removed”, but it is still on this device: this device's storage refused to remove it. It is listed again when this page is opened again: delete it then.");
    assert!(said("fr").starts_with("La demande «\u{a0}Not removed\u{a0}» que vous avez supprimée est toujours sur cet appareil\u{a0}:"), "{}", said("fr"));
    let two = crate::i18n::Catalog::for_tag("fr").count(NOT_DELETED, 2, &[("title", "Not removed")]);
    assert!(two.starts_with('2') && two.contains("demandes que vous avez supprimées sont toujours"), "{two}");
    // Not sent again by itself (another tab may save it meanwhile).
    assert_eq!(removes_of(&session.handle(Event::TryAgain).unwrap_or_default(), "b"), 0);
    // Brought back: nothing to say.
    session.handle(Event::Undo { spare_key: "spare".into() });
    assert!(titles(&session).contains(&"Not removed".to_string()));
    assert_eq!(session.deletes_refused().len(), 0);
    assert_ne!(session.save_state(), not_deleted);
    // Deleted again: said only if this delete is refused too.
    let effects = session.handle(Event::Delete { key: "b".into(), fallback_key: "m".into() }).unwrap_or_default();
    assert_eq!(removes_of(&effects, "b"), 1, "{effects:?}");
    assert_eq!(session.deletes_refused().len(), 0, "while its answer is under way");
    session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: true, record: None });
    assert_eq!(session.deletes_refused().len(), 0);
    assert_ne!(session.save_state(), not_deleted);
}

#[test]
fn a_delete_the_device_refused_is_done_when_another_tab_deletes_the_claim() {
    let mut session = with_b_deleted("Deleted there");
    session.handle(Event::RemoveFailed { key: "b".into(), problem: Problem::new("storage.refused", "") });
    assert_eq!(session.deletes_refused().len(), 1);
    session.handle(Event::ChangedElsewhere { key: "b".into(), record: None });
    assert_eq!(session.deletes_refused().len(), 0);
    assert_ne!(session.save_state(), SaveState::Failed(Problem::new(NOT_DELETED, "")));
}

#[test]
fn a_remove_the_device_refused_of_a_claim_emptied_on_the_page_is_a_save_refused() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Emptied")]);
    session.handle(Event::Open { key: "a".into() });
    let refused = Problem::new("storage.refused", "");
    session.handle(Event::RemoveFailed { key: "a".into(), problem: refused.clone() });
    assert_eq!(session.save_state(), SaveState::Failed(refused));
    assert_eq!(session.deletes_refused().len(), 0);
}

#[test]
fn a_deleted_claim_not_kept_in_the_bin_is_said_after_a_save_that_failed_and_room_made_saves_again() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "On the page"), record("b", 3, "Deleted to make room")]);
    session.handle(Event::Open { key: "a".into() });
    let effects = session.handle(title("Changed, not saved")).unwrap_or_default();
    assert!(effects.contains(&Effect::ScheduleSave));
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    let Some(Effect::Save { version, .. }) = effects.iter().find(|effect| matches!(effect, Effect::Save { .. })).cloned() else { panic!("a save: {effects:?}") };
    let full = Problem::new("storage.full", "");
    session.handle(Event::SaveFailed { key: "a".into(), version, problem: full.clone() });
    session.handle(Event::Delete { key: "b".into(), fallback_key: "n".into() });
    let effects = session.handle(Event::Removed { key: "b".into(), revision: Some(3), binned: false, record: None }).unwrap_or_default();
    // The page's own claim is still not saved: that is what the page says, and it is saved
    // again now that a claim made room.
    assert_eq!(session.save_state(), SaveState::Failed(full));
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Save { key, .. } if key == "a")), "{effects:?}");
    session.handle(Event::Saved { key: "a".into(), version, revision: 2 });
    assert_eq!(session.save_state(), SaveState::Failed(Problem::new(crate::session::NOT_BINNED, "")), "then the delete not kept in the bin");
    // A backup brings the claim back: it leaves this page's bin, and the page no longer
    // says that only Undo brings it back (Undo would bring back another claim, or none).
    let back = record("b", 3, "Deleted to make room").claim;
    session.handle(Event::RestoredBackup { claims: vec![FromBackup { key: "r1".into(), claim: Box::new(back), files: Vec::new() }] });
    assert_eq!(session.n_deleted(), 0);
    assert_ne!(session.save_state(), SaveState::Failed(Problem::new(crate::session::NOT_BINNED, "")));
    // Deleted again, kept by the device this time: nothing is said of the earlier refusal.
    let key = session.entries.iter().find(|(_, entry)| entry.claim.title == "Deleted to make room").map(|(key, _)| key.clone()).expect("restored");
    session.handle(Event::Delete { key: key.clone(), fallback_key: "m".into() });
    session.handle(Event::Removed { key, revision: None, binned: true, record: None });
    assert_ne!(session.save_state(), SaveState::Failed(Problem::new(crate::session::NOT_BINNED, "")));
}

#[test]
fn another_tabs_save_is_followed_when_this_tab_has_nothing_unsaved() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 1, "Old")]);
    session.handle(Event::ChangedElsewhere { key: "a".into(), record: Some(record("a", 2, "New")) });
    assert_eq!(session.claim().title, "New");
    assert_eq!(session.save_state(), SaveState::Saved);
    session.handle(Event::ChangedElsewhere { key: "z".into(), record: Some(record("z", 1, "Made there")) });
    assert!(titles(&session).contains(&"Made there".to_string()));
}

#[test]
fn a_package_with_lying_ids_is_renumbered() {
    let profile = Profile::default_profile();
    let mut claim = Claim::new(&profile);
    claim.apply(Edit::Set(ClaimField::Title, "From a package".into()), &profile);
    for name in ["a.pdf", "b.pdf"] {
        claim.apply(Edit::AddDocument { file_name: name.into(), doc_type: None, file: None }, &profile);
    }
    claim.documents[1].id = claim.documents[0].id; // two documents, one id
    claim.next_id = u32::MAX;
    let mut session = session("fresh");
    listed(&mut session, Vec::new());
    let files = vec![(7, FileToken(1))];
    let effects = session.handle(Event::OpenedPackage { key: "p".into(), claim: Box::new(claim), files: files.clone() }).unwrap_or_default();
    let ids: Vec<u32> = session.claim().documents.iter().map(|d| d.id).collect();
    assert_eq!(ids, [1, 2]);
    assert_eq!(session.claim().next_id, 3);
    assert!(effects.iter().any(|effect| matches!(effect, Effect::AttachFiles { files, .. } if files.is_empty())), "a file under an unknown id is not attached");
    // Adding a document now takes a fresh id, never an existing one (and never overflows).
    session.handle(Event::AddDocuments(vec![("c.pdf".into(), FileToken(2))]));
    assert_eq!(session.claim().documents.last().map(|d| d.id), Some(3));
}

/// A document removed while its file was still being read, then brought back by Undo:
/// it said "Reading…" for good (the read landed while it was out of the claim), and its
/// file, never marked read in the claim, was left out of the next save.
#[test]
fn a_document_removed_while_its_file_is_read_comes_back_read_with_undo() {
    let facts = crate::claim::FileFacts { size: 10, media_type: "application/pdf".into(), sha256: "cd".repeat(32), crc32: 0 };
    // The read lands while the document is removed: its copy for Undo takes it.
    let mut here = session("a");
    listed(&mut here, Vec::new());
    let mut page = here;
    page.handle(Event::AddDocuments(vec![("x.pdf".into(), FileToken(9))]));
    page.handle(Event::Edit(Edit::RemoveDocument(1)));
    page.handle(Event::FilesRead { key: "a".into(), results: vec![(1, Ok(facts.clone()))] });
    let effects = page.handle(Event::UndoRemoveDocument).unwrap_or_default();
    assert_eq!(page.claim().document(1).and_then(|d| d.file.clone()), Some(facts.clone()));
    assert!(!effects.iter().any(|e| matches!(e, Effect::ReadFiles { .. })), "read already: {effects:?}");
    // Undo before the read lands (or after it failed): read again, as when it was added.
    let mut here = session("a");
    listed(&mut here, Vec::new());
    let mut page = here;
    page.handle(Event::AddDocuments(vec![("x.pdf".into(), FileToken(9))]));
    page.handle(Event::Edit(Edit::RemoveDocument(1)));
    page.handle(Event::FilesRead { key: "a".into(), results: vec![(1, Err(Problem::new("error.unreadable-document", "x.pdf")))] });
    let effects = page.handle(Event::UndoRemoveDocument).unwrap_or_default();
    assert!(effects.contains(&Effect::ReadFiles { key: "a".into(), documents: vec![1] }), "{effects:?}");
    page.handle(Event::FilesRead { key: "a".into(), results: vec![(1, Ok(facts.clone()))] });
    assert_eq!(page.claim().document(1).and_then(|d| d.file.clone()), Some(facts));
}

#[test]
fn a_removed_document_lets_its_file_go_and_an_empty_claim_leaving_the_page_is_not_kept() {
    let mut session = session("a");
    listed(&mut session, Vec::new());
    let effects = session.handle(Event::AddDocuments(vec![("x.pdf".into(), FileToken(9))])).unwrap_or_default();
    assert_eq!(effects[0], Effect::AttachFiles { key: "a".into(), files: vec![(FileToken(9), 1)] });
    session.handle(Event::Edit(Edit::RemoveDocument(1)));
    // Kept for Undo while the claim is on the page; let go when it leaves.
    let effects = session.handle(Event::NewClaim { key: "b".into() }).unwrap_or_default();
    assert!(effects.contains(&Effect::ForgetFile { key: "a".into(), document: 1 }));
    assert!(effects.contains(&Effect::ForgetFiles { key: "a".into() }));
    assert!(session.entry("a").is_none());
}

#[test]
fn opening_a_claim_reads_again_the_files_never_read() {
    // The page was closed while a file was being read: its facts are missing.
    let mut unread = record("a", 1, "Half read");
    let profile = Profile::default_profile();
    unread.claim.apply(Edit::AddDocument { file_name: "invoice.pdf".into(), doc_type: None, file: None }, &profile);
    let mut session = session("fresh");
    listed(&mut session, vec![record("b", 1, "Other"), unread]);
    session.handle(Event::Open { key: "b".into() });
    let effects = session.handle(Event::Open { key: "a".into() }).unwrap_or_default();
    assert!(effects.contains(&Effect::ReadFiles { key: "a".into(), documents: vec![1] }), "{effects:?}");
}

#[test]
fn opening_a_claim_reads_again_the_files_an_earlier_reader_read_and_keeps_that_reading_meanwhile() {
    let profile = Profile::default_profile();
    let file = crate::claim::FileFacts { size: 10, media_type: "application/pdf".into(), sha256: "ab".repeat(32), crc32: 0 };
    let reading = |reader| crate::evidence::Inspection { sha256: "ab".repeat(32), kind: crate::evidence::Kind::Pdf, pages: Some(1), reader, ..Default::default() };
    let with_reading = |key: &str, reader: u32| {
        let mut record = record(key, 1, key);
        record.claim.apply(Edit::AddDocument { file_name: "invoice.pdf".into(), doc_type: None, file: Some(file.clone()) }, &profile);
        record.claim.apply(Edit::SetInspection(1, reading(reader)), &profile);
        record
    };
    let inspects = |effects: &[Effect]| effects.iter().any(|effect| matches!(effect, Effect::Inspect { documents, .. } if documents.iter().any(|(id, _)| *id == 1)));
    let mut session = session("fresh");
    listed(&mut session, vec![record("b", 1, "Other"), with_reading("old", crate::evidence::READER - 1), with_reading("current", crate::evidence::READER)]);
    let effects = session.handle(Event::Open { key: "old".into() }).unwrap_or_default();
    assert!(inspects(&effects), "read by an earlier reader: read again, {effects:?}");
    assert_eq!(session.claim().documents[0].inspection().map(|read| read.reader), Some(crate::evidence::READER - 1), "its reading counts meanwhile");
    // The reader stops on it this time: the earlier reading stays, its facts with it, and
    // it is not tried again at the next visit.
    let stopped = crate::evidence::Inspection { sha256: "ab".repeat(32), stopped: true, reader: crate::evidence::READER, ..Default::default() };
    session.handle(Event::Inspected { key: "old".into(), results: vec![(1, stopped.clone())] });
    let kept = session.claim().documents[0].inspection().cloned().expect("a reading");
    assert_eq!((kept.stopped, kept.pages, kept.reader), (false, Some(1), crate::evidence::READER));
    session.handle(Event::Open { key: "b".into() });
    let effects = session.handle(Event::Open { key: "old".into() }).unwrap_or_default();
    assert!(!inspects(&effects), "not again: {effects:?}");
    // A reading of this reader's is replaced by its stop (the file changed, read again).
    session.handle(Event::Inspected { key: "current".into(), results: vec![(1, stopped)] });
    assert!(session.entries.get("current").is_some_and(|entry| entry.claim.documents[0].inspection().is_some_and(|read| read.stopped)));
    let effects = session.handle(Event::Open { key: "current".into() }).unwrap_or_default();
    assert!(!inspects(&effects), "read by this reader: not again");
    // The example's readings are known, whichever reader they say.
    let mut example = with_reading("example", 0);
    example.claim.origin = Some(Origin::Example);
    listed(&mut session, vec![example]);
    let effects = session.handle(Event::Open { key: "example".into() }).unwrap_or_default();
    assert!(!inspects(&effects), "{effects:?}");
}

#[test]
fn a_claim_the_storage_refuses_is_journaled_at_once_and_a_crash_loses_none_of_it() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 3, "Webinar"), record("b", 1, "Other")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(title("Webinar, typed while the storage is full"));
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    let Some(Effect::Save { version, .. }) = effects.iter().find(|effect| matches!(effect, Effect::Save { .. })).cloned() else { panic!("a save: {effects:?}") };
    let effects = session.handle(Event::SaveFailed { key: "a".into(), version, problem: Problem::new("storage.full", "") }).unwrap_or_default();
    let Some(Effect::Journal(journal)) = effects.iter().find(|effect| matches!(effect, Effect::Journal(_))).cloned() else {
        panic!("a refused save journals the claim: {effects:?}")
    };
    assert_eq!((journal[0].key.as_str(), journal[0].expect, journal[0].claim.title.as_str()), ("a", Some(3), "Webinar, typed while the storage is full"));
    // The tab crashes (no pagehide): the next one brings the claim back as typed, not as
    // saved last, and tries to save it.
    let mut reopened = super::tests::session("fresh-2");
    let effects = reopened.handle(Event::Listed { records: vec![record("a", 3, "Webinar")], unreadable: Vec::new(), last_open: Some("a".into()), journal }).unwrap_or_default();
    assert_eq!(reopened.claim().title, "Webinar, typed while the storage is full");
    assert_eq!(saves(&effects), [("a".to_string(), Some(3))]);

    // Typed on, then another claim opened: journaled as it leaves the page; its refused
    // retries after that are not (another tab may have taken its entry, and holds a newer
    // copy than this one's).
    let journals = |effects: &[Effect]| effects.iter().any(|effect| matches!(effect, Effect::Journal(journal) if journal.iter().any(|entry| entry.key == "a")));
    session.handle(title("Webinar, typed on"));
    let effects = session.handle(Event::Open { key: "b".into() }).unwrap_or_default();
    assert!(journals(&effects), "journaled as it leaves: {effects:?}");
    let Some(Effect::Save { version, .. }) = effects.iter().find(|effect| matches!(effect, Effect::Save { key, .. } if key == "a")).cloned() else { panic!("saved as it leaves: {effects:?}") };
    let effects = session.handle(Event::SaveFailed { key: "a".into(), version, problem: Problem::new("storage.full", "") }).unwrap_or_default();
    assert!(!journals(&effects), "not on the page: not journaled again, {effects:?}");

    // A claim whose first refusal comes after it left the page: journaled then.
    let mut session = super::tests::session("fresh-4");
    listed(&mut session, vec![record("a", 3, "Webinar"), record("b", 1, "Other")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(title("Webinar, typed as the storage fills"));
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    let Some(Effect::Save { version, .. }) = effects.iter().find(|effect| matches!(effect, Effect::Save { key, .. } if key == "a")).cloned() else { panic!("a save: {effects:?}") };
    let effects = session.handle(Event::Open { key: "b".into() }).unwrap_or_default();
    assert!(!journals(&effects), "not refused yet as it leaves");
    let effects = session.handle(Event::SaveFailed { key: "a".into(), version, problem: Problem::new("storage.full", "") }).unwrap_or_default();
    assert!(journals(&effects), "its first refusal, off the page: journaled, {effects:?}");
}

#[test]
fn a_claim_closed_before_its_save_landed_comes_back_from_the_journal() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 3, "Webinar")]);
    session.handle(title("Webinar, typed just before closing"));
    let effects = session.handle(Event::PageHidden).unwrap_or_default();
    let Some(Effect::Journal(journal)) = effects.iter().find(|effect| matches!(effect, Effect::Journal(_))).cloned() else {
        panic!("closing journals what is not saved: {effects:?}")
    };
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].expect, Some(3));

    // The page opens again; the save never landed: the device still has revision 3.
    let mut reopened = super::tests::session("fresh-2");
    let effects = reopened
        .handle(Event::Listed { records: vec![record("a", 3, "Webinar")], unreadable: Vec::new(), last_open: Some("a".into()), journal: journal.clone() })
        .unwrap_or_default();
    assert_eq!(reopened.claim().title, "Webinar, typed just before closing");
    assert_eq!(saves(&effects), [("a".to_string(), Some(3))], "and it is saved at once");
    assert!(effects.contains(&Effect::ClearJournal { key: "a".into() }));

    // Had another tab saved the claim since, both versions are kept and the partner chooses.
    let mut elsewhere = super::tests::session("fresh-3");
    elsewhere.handle(Event::Listed { records: vec![record("a", 4, "Webinar, other tab")], unreadable: Vec::new(), last_open: Some("a".into()), journal });
    assert_eq!(elsewhere.claim().title, "Webinar, typed just before closing");
    assert_eq!(elsewhere.save_state(), SaveState::Conflict { changed: true });
}

/// Claims restored from a backup hold documents whose files the device does not have
/// until each is saved (one save at a time, each copying its files): the page counts them
/// and asks to be kept open meanwhile. A letter typed in a saved claim with documents is
/// no such save; a document added is, until its save lands.
#[test]
fn claims_whose_files_are_not_saved_yet_are_counted_until_their_saves_land() {
    let mut session = session("fresh");
    listed(&mut session, vec![with_document("a", 2, "Ours.pdf", "aa")]);
    session.handle(Event::Open { key: "a".into() });
    session.handle(title("Typed"));
    assert_eq!(session.claims_with_files_unsaved(), 0, "its file is on the device");
    let restored = |key: &str, sha: &str| FromBackup { key: key.into(), claim: Box::new(with_document(key, 1, "Backed up.pdf", sha).claim), files: Vec::new() };
    let effects = session.handle(Event::RestoredBackup { claims: vec![restored("r1", "b1"), restored("r2", "b2")] }).unwrap_or_default();
    assert_eq!(session.claims_with_files_unsaved(), 2);
    save_all(&mut session, effects);
    assert_eq!(session.claims_with_files_unsaved(), 0);
    let file = crate::claim::FileFacts { size: 1, media_type: "application/pdf".into(), sha256: "cc".into(), crc32: 0 };
    session.handle(Event::Edit(Edit::AddDocument { file_name: "added.pdf".into(), doc_type: None, file: Some(file) }));
    assert_eq!(session.claims_with_files_unsaved(), 1, "a document added");
    let effects = session.handle(Event::PageHidden).unwrap_or_default();
    save_all(&mut session, effects);
    assert_eq!(session.claims_with_files_unsaved(), 0);
    // Handed over to another tab, its unsaved files are that tab's to save; taken back
    // and added to here, they are this tab's again.
    session.handle(Event::LockLost { key: "a".into() });
    let file = crate::claim::FileFacts { size: 1, media_type: "application/pdf".into(), sha256: "dd".into(), crc32: 0 };
    session.handle(Event::Edit(Edit::AddDocument { file_name: "later.pdf".into(), doc_type: None, file: Some(file) }));
    assert_eq!(session.claims_with_files_unsaved(), 1, "added after it was taken back");
    // Its save refused (the storage full), the file is still only on the page: counted
    // until a save lands, as closing the page would lose it.
    let effects = session.handle(Event::SaveDue).unwrap_or_default();
    let Some(Effect::Save { key, version, .. }) = effects.iter().find(|effect| matches!(effect, Effect::Save { .. })).cloned() else { panic!("a save: {effects:?}") };
    session.handle(Event::SaveFailed { key, version, problem: Problem::new("storage.full", "") });
    assert_eq!(session.claims_with_files_unsaved(), 1, "refused, the file is not on the device");
    let effects = session.handle(Event::TryAgain).unwrap_or_default();
    save_all(&mut session, effects);
    assert_eq!(session.claims_with_files_unsaved(), 0, "saved once the device took it");
}

/// Restore under Recently deleted takes the claim from the device's bin under a new
/// key; Undo, pressed while that restore copies its files, no longer brings it back a
/// second time: it brings back the claim deleted before it, if any.
#[test]
fn a_claim_restored_from_the_devices_bin_is_no_longer_undone() {
    let mut session = session("fresh");
    let effects = listed(&mut session, vec![record("a", 1, "Alpha"), record("b", 1, "Beta")]);
    save_all(&mut session, effects);
    session.handle(Event::Delete { key: "a".into(), fallback_key: "spare-1".into() });
    session.handle(Event::Delete { key: "b".into(), fallback_key: "spare-2".into() });
    assert_eq!(session.last_deleted().map(|binned| binned.key.as_str()), Some("b"));
    let beta = session.last_deleted().map(|binned| binned.claim.content_fingerprint()).unwrap_or_default();
    assert!(session.handle(Event::LeavingBin { key: "b".into(), content: "another version".into() }).is_none(), "another version keeps its Undo");
    assert!(session.handle(Event::LeavingBin { key: "b".into(), content: beta.clone() }).is_some());
    assert_eq!(session.last_deleted().map(|binned| binned.key.as_str()), Some("a"), "Undo is of the claim deleted before");
    assert!(session.handle(Event::LeavingBin { key: "b".into(), content: beta }).is_none(), "a second press changes nothing");
    session.handle(Event::Undo { spare_key: "spare-3".into() });
    assert_eq!(titles(&session).iter().filter(|title| *title == "Beta").count(), 0, "Beta comes back by its restore alone");
    assert!(titles(&session).contains(&"Alpha".to_string()));
}

/// A space typed in a new claim (Space pressed to scroll, the focus in Title) is no
/// content: nothing is saved or listed; a word typed after it is.
#[test]
fn blanks_typed_in_a_new_claim_are_no_content() {
    let mut session = session("fresh");
    listed(&mut session, Vec::new());
    let effects = session.handle(title(" ")).unwrap_or_default();
    let hidden = session.handle(Event::PageHidden).unwrap_or_default();
    assert!(saves(&effects).is_empty() && saves(&hidden).is_empty(), "{effects:?} {hidden:?}");
    assert!(session.claims_with_content().is_empty(), "nothing to back up or export");
    assert!(session.handle(Event::Edit(Edit::Set(ClaimField::PartnerId, "\t ".into()))).is_some());
    assert!(saves(&session.handle(Event::PageHidden).unwrap_or_default()).is_empty());
    session.handle(title(" Webinar"));
    assert_eq!(saves(&session.handle(Event::PageHidden).unwrap_or_default()).len(), 1);
    assert_eq!(titles(&session), ["Webinar"], "listed by its words");
}

/// A document removed while the reader was checking it, its reading come and gone, then
/// brought back by Undo: it is checked again, not left "Checking…" with its content's
/// checks never run.
#[test]
fn a_document_brought_back_by_undo_before_it_was_checked_is_checked() {
    let mut session = session("fresh");
    let opened = listed(&mut session, vec![with_document("a", 2, "Invoice.pdf", "aa")]);
    assert_eq!(session.key(), "a");
    assert!(opened.iter().any(|effect| matches!(effect, Effect::Inspect { documents, .. } if documents.iter().any(|(id, _)| *id == 1))), "{opened:?}");
    session.handle(Event::Edit(Edit::RemoveDocument(1)));
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, reading("aa"))] });
    let effects = session.handle(Event::UndoRemoveDocument).unwrap_or_default();
    assert_eq!(session.claim().documents.len(), 1);
    assert!(effects.contains(&Effect::Inspect { key: "a".into(), documents: vec![(1, "aa".into())] }), "{effects:?}");
    // Checked before it was removed, it is not checked again.
    session.handle(Event::Inspected { key: "a".into(), results: vec![(1, crate::evidence::Inspection { reader: crate::evidence::READER, ..reading("aa") })] });
    session.handle(Event::Edit(Edit::RemoveDocument(1)));
    let effects = session.handle(Event::UndoRemoveDocument).unwrap_or_default();
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::Inspect { .. })), "{effects:?}");
}

/// Typed before the list of claims came, the page hidden (journaled), then a document
/// added: the list brings the journal entry this tab wrote, older than the page's claim,
/// which stays as it is.
#[test]
fn a_journal_entry_this_tab_wrote_before_the_list_came_does_not_take_back_its_claim() {
    let mut session = session("fresh");
    session.handle(title("Typed early"));
    let hidden = session.handle(Event::PageHidden).unwrap_or_default();
    let Some(Effect::Journal(journal)) = hidden.iter().find(|effect| matches!(effect, Effect::Journal(_))).cloned() else {
        panic!("journaled as it is hidden: {hidden:?}")
    };
    let file = crate::claim::FileFacts { size: 1, media_type: "application/pdf".into(), sha256: "aa".into(), crc32: 0 };
    session.handle(Event::Edit(Edit::AddDocument { file_name: "invoice.pdf".into(), doc_type: None, file: Some(file) }));
    let effects = session.handle(Event::Listed { records: Vec::new(), unreadable: Vec::new(), last_open: None, journal }).unwrap_or_default();
    assert_eq!((session.claim().title.as_str(), session.claim().documents.len()), ("Typed early", 1));
    assert_eq!(saves(&effects), [("fresh".to_string(), None)]);
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Journal(journal) if journal[0].key == "fresh" && journal[0].claim.documents.len() == 1)), "its entry written again as the claim is now: {effects:?}");
    assert_ne!(session.save_state(), SaveState::Conflict { changed: true });
}

/// A phone puts the page away while a save is under way, with more typed behind it, and
/// discards the tab once that save has landed on the device but before the page heard
/// so: the record moved on, by this tab's own save. Reopened, the page carries on from
/// the journal, with no conflict to resolve; a record of another version still is one.
#[test]
fn a_save_that_landed_as_the_phone_discarded_the_tab_is_no_conflict() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 3, "Webinar")]);
    session.handle(title("Webinar 1"));
    let first = session.handle(Event::PageHidden).unwrap_or_default();
    let Some(Effect::Save { claim: sent, expect: Some(3), .. }) = first.iter().find(|effect| matches!(effect, Effect::Save { .. })).cloned() else {
        panic!("hidden, the claim is saved: {first:?}")
    };
    session.handle(title("Webinar 12"));
    let hidden = session.handle(Event::PageHidden).unwrap_or_default();
    let Some(Effect::Journal(journal)) = hidden.iter().find(|effect| matches!(effect, Effect::Journal(_))).cloned() else {
        panic!("what is typed behind the save is journaled: {hidden:?}")
    };
    assert_eq!((journal[0].expect, journal[0].claim.title.as_str()), (Some(3), "Webinar 12"));
    // The entry, as the page keeps it, reads back the same.
    let entry = journal[0].to_entry().unwrap_or_default();
    assert_eq!(Journaled::from_entry("a".into(), &entry).as_ref(), Some(&journal[0]));
    assert_eq!(Journaled::from_entry("a".into(), &entry.replacen(" ", "", 1).replacen(&journal[0].sending.clone().unwrap_or_default(), "", 1)).map(|read| read.sending), Some(None), "an entry of an earlier version");

    // The device wrote the save (revision 4); the tab was discarded before it heard so.
    let landed = Record { key: "a".into(), revision: 4, claim: (*sent).clone() };
    let mut reopened = super::tests::session("fresh-2");
    let effects = reopened.handle(Event::Listed { records: vec![landed], unreadable: Vec::new(), last_open: Some("a".into()), journal: journal.clone() }).unwrap_or_default();
    assert_eq!(reopened.claim().title, "Webinar 12");
    assert_ne!(reopened.save_state(), SaveState::Conflict { changed: true });
    assert_eq!(saves(&effects), [("a".to_string(), Some(4))], "saved at once after the save that landed");

    // Another tab's save at revision 4 is still a conflict.
    let mut elsewhere = super::tests::session("fresh-3");
    elsewhere.handle(Event::Listed { records: vec![record("a", 4, "Webinar, other tab")], unreadable: Vec::new(), last_open: Some("a".into()), journal });
    assert_eq!(elsewhere.save_state(), SaveState::Conflict { changed: true });
}

/// The tab that edited a claim closed right after a keystroke; this tab, which showed it
/// read-only, takes its journal when the lock comes (`Event::Journaled`).
#[test]
fn the_journal_of_a_tab_that_closed_is_taken_by_the_tab_that_stays() {
    // This tab has nothing unsaved: the closed tab's edit becomes this tab's, and is saved.
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 3, "Webinar")]);
    let mut closed = record("a", 3, "Webinar, typed in the closed tab").claim;
    closed.partner_id = "1234567".into();
    let effects = session.handle(Event::Journaled { journal: vec![Journaled { key: "a".into(), expect: Some(3), claim: closed.clone(), sending: None }], spare_key: "kept".into() }).unwrap_or_default();
    assert_eq!(session.claim().title, "Webinar, typed in the closed tab");
    assert_eq!(saves(&effects), [("a".to_string(), Some(3))]);
    assert!(effects.contains(&Effect::ClearJournal { key: "a".into() }));
    assert_eq!(session.n_deleted(), 0, "nothing of this tab's to keep aside");

    // This tab had an edit of its own the device refused (full): it is not dropped
    // unsaid: it becomes a claim of its own, saved beside the closed tab's version.
    let mut session = session_with_refused_edit();
    let effects = session.handle(Event::Journaled { journal: vec![Journaled { key: "a".into(), expect: Some(3), claim: closed.clone(), sending: None }], spare_key: "kept".into() }).unwrap_or_default();
    assert_eq!(session.claim().title, "Webinar, typed in the closed tab");
    let mut saved = saves(&effects);
    saved.sort();
    assert_eq!(saved, [("a".to_string(), Some(3)), ("kept".to_string(), None)]);
    assert!(effects.contains(&Effect::CopyFiles { from: "a".into(), to: "kept".into() }), "{effects:?}");
    assert!(titles(&session).contains(&"Webinar, this tab's own edit".to_string()), "{:?}", titles(&session));
    assert_eq!(session.n_deleted(), 0);

    // A conflict shown already: the device's version it gives is the one the closed tab's
    // edit follows, no second conflict of an old version.
    let mut session = super::tests::session("fresh");
    listed(&mut session, vec![record("a", 3, "Webinar")]);
    let effects = session.handle(title("Webinar, typed here")).unwrap_or_default();
    let due = session.handle(Event::SaveDue).unwrap_or_default();
    let version = effects.iter().chain(due.iter()).find_map(|effect| match effect {
        Effect::Save { version, .. } => Some(*version),
        _ => None,
    });
    let other = record("a", 4, "Webinar, saved by the other tab");
    session.handle(Event::SaveStale { key: "a".into(), version: version.expect("a save"), current: Some(other.clone()) });
    assert_eq!(session.save_state(), SaveState::Conflict { changed: true });
    let mut later = other.claim.clone();
    later.title = "Webinar, the other tab's last keystrokes".into();
    let effects = session.handle(Event::Journaled { journal: vec![Journaled { key: "a".into(), expect: Some(4), claim: later, sending: None }], spare_key: "mine".into() }).unwrap_or_default();
    assert_eq!(session.claim().title, "Webinar, the other tab's last keystrokes");
    assert_ne!(session.save_state(), SaveState::Conflict { changed: true });
    assert!(saves(&effects).contains(&("a".to_string(), Some(4))), "{effects:?}");
    assert!(titles(&session).contains(&"Webinar, typed here".to_string()), "this tab's own, kept beside: {:?}", titles(&session));

    // Before the list is in, nothing: the list brings the journal with it.
    let mut early = super::tests::session("fresh-2");
    assert_eq!(early.handle(Event::Journaled { journal: vec![Journaled { key: "a".into(), expect: Some(3), claim: closed, sending: None }], spare_key: "kept".into() }).unwrap_or_default(), Vec::new());
}

/// This tab's Webinar claim (record 3) with an edit the device refused.
fn session_with_refused_edit() -> Session {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 3, "Webinar")]);
    let effects = session.handle(title("Webinar, this tab's own edit")).unwrap_or_default();
    let due = session.handle(Event::SaveDue).unwrap_or_default();
    let version = effects.iter().chain(due.iter()).find_map(|effect| match effect {
        Effect::Save { version, .. } => Some(*version),
        _ => None,
    });
    let version = version.expect("a save asked for");
    session.handle(Event::SaveFailed { key: "a".into(), version, problem: Problem::new("storage.error.full", "") });
    session
}

/// A save refused as stale whose record is what this save would have written (the tab
/// that closed saved it after all, and this one took its journal too): saved, no conflict,
/// and said to the other tabs.
#[test]
fn a_save_refused_for_a_record_that_holds_the_same_claim_is_saved() {
    let mut session = session("fresh");
    listed(&mut session, vec![record("a", 3, "Webinar")]);
    session.handle(title("Webinar, the same on both sides"));
    let due = session.handle(Event::SaveDue).unwrap_or_default();
    let Some((version, claim)) = due.iter().find_map(|effect| match effect {
        Effect::Save { version, claim, .. } => Some((*version, (**claim).clone())),
        _ => None,
    }) else {
        panic!("a save: {due:?}")
    };
    let effects = session.handle(Event::SaveStale { key: "a".into(), version, current: Some(Record { key: "a".into(), revision: 4, claim }) }).unwrap_or_default();
    assert_eq!(session.save_state(), SaveState::Saved);
    // The tab that saved it closed before it could tell the others: this one does.
    assert!(effects.contains(&Effect::Announce { key: "a".into(), revision: Some(4) }), "{effects:?}");
}

// The model-based property test.

/// What a partner or the device does next, in one of two tabs.
#[derive(Clone, Debug)]
enum Step {
    Type(usize, u8),
    Clear(usize),
    New(usize),
    Open(usize, usize),
    Duplicate(usize, usize),
    Delete(usize, usize),
    Undo(usize),
    SaveDue(usize),
    Hide(usize),
    /// The device answers the tab's oldest storage request; `true`: it refuses (full).
    Answer(usize, bool),
    /// The tab hears of the other tab's last write.
    Hear(usize, bool),
    List(usize),
    Resolve(usize, bool),
    /// The tab is reloaded or closed and opened again at once: its pending storage
    /// requests never run (the harshest case); what it journaled comes back. With
    /// `true`, the device wrote its oldest save first, and the tab never heard so (a
    /// phone discarding a tab put away).
    Reload(usize, bool),
    /// The partner adds a document (its file read at once, of content `c`).
    Attach(usize, u8),
    /// The document reader's findings in each file of the claim on the page arrive: not
    /// an edit of the partner's (another tab's version may replace them).
    Read(usize),
    /// The partner records what Partner Center did: one of [`STATUSES`].
    Status(usize, usize),
    /// "Edit anyway" on a submitted claim.
    Unlock(usize),
    /// The claim on the page is archived, or taken out of the archive.
    Archive(usize, bool),
    /// The claim on the page is built into a package, which the partner keeps.
    Package(usize),
    /// One of the packages built so far is opened again, in a tab.
    OpenPackage(usize, usize),
    /// Every claim of the tab is backed up, into a backup the partner keeps.
    Backup(usize),
    /// One of the backups made so far is restored, in a tab.
    Restore(usize, usize),
}

/// The statuses the model's partner records, in Partner Center's usual order.
const STATUSES: [crate::lifecycle::Status; 5] = {
    use crate::lifecycle::Status;
    [Status::Submitted, Status::MoreInformation, Status::Approved, Status::Paid, Status::Preparing]
};

fn step() -> impl Strategy<Value = Step> {
    let tab = 0usize..2;
    prop_oneof![
        4 => (tab.clone(), any::<u8>()).prop_map(|(t, c)| Step::Type(t, c)),
        1 => tab.clone().prop_map(Step::Clear),
        2 => tab.clone().prop_map(Step::New),
        2 => (tab.clone(), 0usize..6).prop_map(|(t, i)| Step::Open(t, i)),
        1 => (tab.clone(), 0usize..6).prop_map(|(t, i)| Step::Duplicate(t, i)),
        2 => (tab.clone(), 0usize..6).prop_map(|(t, i)| Step::Delete(t, i)),
        2 => tab.clone().prop_map(Step::Undo),
        2 => tab.clone().prop_map(Step::SaveDue),
        1 => tab.clone().prop_map(Step::Hide),
        6 => (tab.clone(), proptest::bool::weighted(0.1)).prop_map(|(t, refuse)| Step::Answer(t, refuse)),
        3 => (tab.clone(), proptest::bool::weighted(0.3)).prop_map(|(t, stale)| Step::Hear(t, stale)),
        2 => tab.clone().prop_map(Step::List),
        1 => (tab.clone(), any::<bool>()).prop_map(|(t, keep)| Step::Resolve(t, keep)),
        1 => (tab.clone(), any::<bool>()).prop_map(|(t, landed)| Step::Reload(t, landed)),
        1 => (tab.clone(), any::<u8>()).prop_map(|(t, c)| Step::Attach(t, c)),
        2 => tab.clone().prop_map(Step::Read),
        2 => (tab.clone(), 0..STATUSES.len()).prop_map(|(t, i)| Step::Status(t, i)),
        1 => tab.clone().prop_map(Step::Unlock),
        1 => (tab.clone(), any::<bool>()).prop_map(|(t, archived)| Step::Archive(t, archived)),
        1 => tab.clone().prop_map(Step::Package),
        2 => (tab.clone(), 0usize..4).prop_map(|(t, i)| Step::OpenPackage(t, i)),
        1 => tab.clone().prop_map(Step::Backup),
        1 => (tab, 0usize..3).prop_map(|(t, i)| Step::Restore(t, i)),
    ]
}

/// A tab: its session, its storage requests in order, what it has heard of the other
/// (each key with the record as it was when announced: a load may read it then and
/// deliver it late), and the highest revision of each key its own Removes took.
struct Tab {
    session: Session,
    requests: VecDeque<Effect>,
    heard: VecDeque<(String, Option<Record>)>,
    removed: HashMap<String, u64>,
}

/// The device's storage: each record with its revision. A save is accepted only when it
/// names the revision the record has (compare-and-set, as the page's IndexedDB
/// transaction does); every accepted write is one revision more.
#[derive(Default)]
struct Device {
    records: BTreeMap<String, (u64, Claim)>,
    /// Every revision each key has had, to prove that none ever goes back.
    history: BTreeMap<String, u64>,
    /// What the tabs journaled (written at once, like the page's local storage).
    journal: BTreeMap<String, Journaled>,
}

struct World {
    tabs: [Tab; 2],
    device: Device,
    keys: u64,
    /// Whether the device may refuse a Remove too (then the record stays, and the tab
    /// says the storage refused; the claim comes back after a reload, nothing is lost).
    removes_refused: bool,
    /// The claims of the packages built, as a package carries them (its calendar's name).
    packages: Vec<Claim>,
    /// The claims of each backup made.
    backups: Vec<Vec<Claim>>,
    /// Days go by: each status is recorded a day after the last.
    day: u32,
    /// The claim whose save the device wrote as its tab was discarded ([`Step::Reload`]).
    landed: Option<(String, Claim)>,
}

/// What the partner keeps of a claim of `key` in a package or a backup: the claim as it
/// is, naming its calendar ([`crate::package`] writes it so).
fn as_carried(key: &str, claim: &Claim) -> Claim {
    Claim { origin: None, calendar_id: claim.calendar_key(Some(key)), ..claim.clone() }
}

/// The files a package or backup holds for its claim's documents (each file read).
fn carried_files(claim: &Claim) -> Vec<(DocumentId, FileToken)> {
    claim.documents.iter().filter(|document| document.file.is_some()).enumerate().map(|(n, document)| (document.id, FileToken(n as u64))).collect()
}

impl World {
    fn new(two_tabs_share_a_claim: bool) -> World {
        let mut device = Device::default();
        if two_tabs_share_a_claim {
            device.records.insert("seed".into(), (1, record("seed", 1, "Shared").claim));
            device.history.insert("seed".into(), 1);
        }
        let tab = |key: &str| Tab { session: session(key), requests: VecDeque::new(), heard: VecDeque::new(), removed: HashMap::new() };
        World { tabs: [tab("t0-start"), tab("t1-start")], device, keys: 0, removes_refused: false, packages: Vec::new(), backups: Vec::new(), day: 0, landed: None }
    }

    fn fresh_key(&mut self, tab: usize) -> String {
        self.keys += 1;
        format!("t{tab}-k{}", self.keys)
    }

    fn send(&mut self, tab: usize, event: Event) {
        let effects = self.tabs[tab].session.handle(event).unwrap_or_default();
        for effect in effects {
            match effect {
                Effect::Save { .. } | Effect::Remove { .. } | Effect::Announce { .. } => self.tabs[tab].requests.push_back(effect),
                Effect::Journal(claims) => self.device.journal.extend(claims.into_iter().map(|journaled| (journaled.key.clone(), journaled))),
                Effect::ClearJournal { key } => {
                    self.device.journal.remove(&key);
                }
                _ => {}
            }
        }
    }

    fn listed_key(&self, tab: usize, index: usize) -> Option<String> {
        let rows = self.tabs[tab].session.rows();
        rows.get(index % rows.len().max(1)).map(|row| row.key.clone())
    }

    fn play(&mut self, step: Step) {
        match step {
            Step::Type(t, c) => {
                let text = format!("{}{}", self.tabs[t].session.claim().title, char::from(b'a' + c % 26));
                self.send(t, title(&text));
            }
            Step::Clear(t) => self.send(t, title("")),
            Step::New(t) => {
                let key = self.fresh_key(t);
                self.send(t, Event::NewClaim { key });
            }
            Step::Open(t, i) => {
                if let Some(key) = self.listed_key(t, i) {
                    self.send(t, Event::Open { key });
                }
            }
            Step::Duplicate(t, i) => {
                if let Some(key) = self.listed_key(t, i) {
                    let new_key = self.fresh_key(t);
                    self.send(t, Event::Duplicate { key, new_key, title: "Copy".into() });
                }
            }
            Step::Delete(t, i) => {
                if let Some(key) = self.listed_key(t, i) {
                    let fallback_key = self.fresh_key(t);
                    self.send(t, Event::Delete { key, fallback_key });
                }
            }
            Step::Undo(t) => {
                let spare_key = self.fresh_key(t);
                self.send(t, Event::Undo { spare_key });
            }
            Step::SaveDue(t) => self.send(t, Event::SaveDue),
            Step::Hide(t) => self.send(t, Event::PageHidden),
            Step::Answer(t, refuse) => self.answer(t, refuse),
            Step::Hear(t, stale) => {
                if let Some((key, then)) = self.tabs[t].heard.pop_front() {
                    let now = self.device.records.get(&key).map(|(revision, claim)| Record { key: key.clone(), revision: *revision, claim: claim.clone() });
                    self.send(t, Event::ChangedElsewhere { key, record: if stale { then } else { now } });
                }
            }
            Step::List(t) => self.list(t, None),
            Step::Reload(t, landed) => {
                if !self.tabs[t].session.is_listed() {
                    return; // a page that never listed its claims saved nothing
                }
                self.send(t, Event::PageHidden);
                if let Some(Effect::Save { key, expect, claim, .. }) = self.tabs[t].requests.front().cloned().filter(|_| landed) {
                    let current = self.device.records.get(&key).map(|(revision, _)| *revision);
                    if current == expect {
                        let revision = self.device.history.get(&key).map_or(1, |last| last + 1);
                        self.device.history.insert(key.clone(), revision);
                        self.device.records.insert(key.clone(), (revision, (*claim).clone()));
                        self.landed = Some((key, (*claim).clone()));
                    }
                }
                let last_open = Some(self.tabs[t].session.key().to_string());
                let key = self.fresh_key(t);
                self.tabs[t] = Tab { session: session(&key), requests: VecDeque::new(), heard: VecDeque::new(), removed: HashMap::new() };
                self.list(t, last_open);
            }
            Step::Resolve(t, keep) => {
                let key = self.tabs[t].session.key().to_string();
                self.send(t, if keep { Event::KeepThisVersion { key } } else { Event::TakeOtherVersion { key } });
            }
            Step::Attach(t, c) => {
                let file = crate::claim::FileFacts { size: 1, media_type: "application/pdf".into(), sha256: format!("{c:02x}"), crc32: 0 };
                self.send(t, Event::Edit(Edit::AddDocument { file_name: format!("{c}.pdf"), doc_type: None, file: Some(file) }));
            }
            Step::Read(t) => {
                let session = &self.tabs[t].session;
                let results = session.claim().documents.iter().filter_map(|document| Some((document.id, crate::evidence::Inspection { sha256: document.file.as_ref()?.sha256.clone(), pages: Some(1), ..Default::default() }))).collect();
                let key = session.key().to_string();
                self.send(t, Event::Inspected { key, results });
            }
            Step::Status(t, i) => {
                self.day += 1;
                let on = crate::dates::iso(today() + chrono::Days::new(u64::from(self.day)));
                self.send(t, Event::Edit(Edit::SetStatus { status: STATUSES[i], on, note: String::new() }));
            }
            Step::Unlock(t) => self.send(t, Event::Edit(Edit::SetUnlocked(true))),
            Step::Archive(t, archived) => self.send(t, Event::Edit(Edit::SetArchived(archived))),
            Step::Package(t) => {
                let session = &self.tabs[t].session;
                if !session.is_empty(session.claim()) {
                    self.packages.push(as_carried(session.key(), session.claim()));
                }
            }
            Step::OpenPackage(t, i) => {
                if let Some(claim) = self.packages.get(i).cloned() {
                    let (key, files) = (self.fresh_key(t), carried_files(&claim));
                    self.send(t, Event::OpenedPackage { key, claim: Box::new(claim), files });
                }
            }
            Step::Backup(t) => {
                let session = &self.tabs[t].session;
                let claims = session.entries.iter().filter(|(_, entry)| !session.is_empty(&entry.claim)).map(|(key, entry)| as_carried(key, &entry.claim)).collect::<Vec<_>>();
                if !claims.is_empty() {
                    self.backups.push(claims);
                }
            }
            Step::Restore(t, i) => {
                if let Some(claims) = self.backups.get(i).cloned() {
                    let claims = claims.into_iter().map(|claim| FromBackup { key: self.fresh_key(t), files: carried_files(&claim), claim: Box::new(claim) }).collect();
                    self.send(t, Event::RestoredBackup { claims });
                }
            }
        }
    }

    fn list(&mut self, t: usize, last_open: Option<String>) {
        let records = self.device.records.iter().map(|(key, (revision, claim))| Record { key: key.clone(), revision: *revision, claim: claim.clone() }).collect();
        // Every journal entry, also one the other tab wrote as its storage refused a save
        // (the page leaves to that tab the entry of a claim it holds: the model knows no
        // locks, and takes the harder case).
        let journal = self.device.journal.values().cloned().collect();
        self.send(t, Event::Listed { records, unreadable: Vec::new(), last_open, journal });
    }

    fn answer(&mut self, t: usize, refuse: bool) {
        let Some(request) = self.tabs[t].requests.pop_front() else { return };
        match request {
            Effect::Save { key, version, expect, claim, .. } => {
                let current = self.device.records.get(&key).map(|(revision, _)| *revision);
                if refuse {
                    self.send(t, Event::SaveFailed { key, version, problem: Problem::new("storage.full", "") });
                } else if current != expect {
                    let current = self.device.records.get(&key).map(|(revision, claim)| Record { key: key.clone(), revision: *revision, claim: claim.clone() });
                    self.send(t, Event::SaveStale { key, version, current });
                } else {
                    // Revisions only go forward, even across a delete and a new record.
                    let revision = self.device.history.get(&key).map_or(1, |last| last + 1);
                    assert!(current.is_none_or(|current| revision > current), "a save went back");
                    self.device.history.insert(key.clone(), revision);
                    self.device.records.insert(key.clone(), ((revision), (*claim).clone()));
                    self.send(t, Event::Saved { key, version, revision });
                }
            }
            Effect::Remove { key, .. } if refuse && self.removes_refused => self.send(t, Event::RemoveFailed { key, problem: Problem::new("storage.refused", "") }),
            Effect::Remove { key, .. } => {
                let record = self.device.records.remove(&key).map(|(revision, claim)| Record { key: key.clone(), revision, claim });
                let revision = record.as_ref().map(|record| record.revision);
                if let Some(revision) = revision {
                    let removed = self.tabs[t].removed.entry(key.clone()).or_default();
                    *removed = (*removed).max(revision);
                }
                self.send(t, Event::Removed { key, revision, binned: true, record });
            }
            Effect::Announce { key, .. } => {
                let then = self.device.records.get(&key).map(|(revision, claim)| Record { key: key.clone(), revision: *revision, claim: claim.clone() });
                self.tabs[1 - t].heard.push_back((key, then));
            }
            _ => {}
        }
    }
}

/// A claim with content that a tab had before a step and has no more after it must be in
/// its bin (an explicit delete that Undo reverses), or the step was an answer from
/// elsewhere replacing a version the device held.
fn check_nothing_lost(before: &Session, after: &Session, step: &Step) -> Result<(), TestCaseError> {
    for (key, entry) in &before.entries {
        if before.is_empty(&entry.claim) {
            continue;
        }
        // The partner's steps change the claim on the page (a new version); the device's
        // answers and the other tab's news never take away what this tab typed and has
        // not saved: it stays as it was (what the reader found aside), or in the bin.
        let passive = matches!(step, Step::Hear(..) | Step::Answer(..) | Step::List(..) | Step::SaveDue(..) | Step::Hide(..));
        let kept = after.entries.get(key).is_some_and(|now| {
            now.claim == entry.claim
                || if passive && !entry.edits_saved() {
                    now.claim.content_fingerprint() == entry.claim.content_fingerprint()
                } else {
                    now.version > entry.version || now.revision > entry.revision
                }
        });
        let binned = after.bin.iter().any(|binned| binned.claim == entry.claim);
        let followed = matches!(step, Step::Hear(..)) && entry.is_saved();
        prop_assert!(kept || binned || followed, "{key} ({:?}) was lost by {step:?}", entry.claim.title);
    }
    // The bin gives back what it holds, it never drops it: every delete can be undone.
    // Each entry is itself (its number), not any entry of the same content: two claims of
    // one content deleted, one of them found newer on the device, are two entries.
    for binned in &before.bin {
        let same = after.bin.iter().find(|other| other.number == binned.number && other.key == binned.key);
        let still_binned = same.is_some_and(|other| other.claim == binned.claim);
        // Back, or here already: Undo does not bring back a second claim of the same
        // content (what the reader found aside, which is not the partner's).
        let back = after.entries.values().any(|entry| entry.claim == binned.claim || entry.claim.content_fingerprint() == binned.claim.content_fingerprint());
        // Or it is the claim as another tab saved it later, removed with it: Undo gives that.
        let newer = same.is_some_and(|other| other.revision > binned.revision);
        prop_assert!(still_binned || back || newer, "{} left the bin by {step:?} and is nowhere", binned.key);
    }
    Ok(())
}

/// No ghost: a claim that says it is saved is never at a revision this tab's own Remove
/// took (revisions only go forward, so such a record is gone from the device for good).
fn check_no_ghost(tab: &Tab) -> Result<(), TestCaseError> {
    for (key, entry) in &tab.session.entries {
        if !entry.is_saved() || entry.saving.is_some() || entry.conflict.is_some() {
            continue;
        }
        if let (Some(revision), Some(removed)) = (entry.revision, tab.removed.get(key)) {
            prop_assert!(revision > *removed, "{} says saved at revision {} which this tab removed ({})", key, revision, removed);
        }
    }
    Ok(())
}

/// A claim that says it is saved, at the revision the device holds, is exactly what the
/// device holds.
fn check_saved_is_true(session: &Session, device: &Device) -> Result<(), TestCaseError> {
    for (key, entry) in &session.entries {
        if !entry.is_saved() || entry.conflict.is_some() || session.is_empty(&entry.claim) {
            continue;
        }
        if let (Some(revision), Some((stored, claim))) = (entry.revision, device.records.get(key)) {
            if revision == *stored {
                prop_assert_eq!(&*entry.claim, claim, "{} says saved but the device holds another version", key);
            }
        }
    }
    Ok(())
}

/// After a reload: every claim the tab had not saved is back, as it was; one it had
/// saved is back as it was, unless the other tab changed or deleted it since. What the
/// document reader found and was not saved yet may be missing: it is not the partner's
/// work, and the reader reads the files again when the claim is shown.
fn check_reload_lost_nothing(before: &Session, after: &Session, device: &Device, journal_before: &BTreeMap<String, Journaled>) -> Result<(), TestCaseError> {
    for (key, entry) in &before.entries {
        if before.is_empty(&entry.claim) {
            continue;
        }
        let back = after.entries.get(key).is_some_and(|now| now.claim == entry.claim || (entry.edits_saved() && now.claim.same_but_readings(&entry.claim)));
        // Changed by the other tab since: saved, or journaled there (its save refused).
        let journaled_elsewhere = journal_before.get(key).is_some_and(|journaled| journaled.claim != *entry.claim);
        // (Only the reader's findings unsaved here, the other tab's edits journaled are newer.)
        let moved_elsewhere = (entry.is_saved() && device.records.get(key).is_none_or(|(_, stored)| *stored != *entry.claim))
            || (entry.edits_saved() && journaled_elsewhere)
            || (entry.edits_saved() && device.records.get(key).is_none_or(|(_, stored)| !stored.same_but_readings(&entry.claim)));
        prop_assert!(back || moved_elsewhere, "{} ({:?}) did not come back after a reload", key, entry.claim.title);
    }
    Ok(())
}

/// Whether a claim brought from outside (`incoming`, a package's or a backup's) is here,
/// by the model's own reckoning: by its content, as opened from it before (and edited
/// since), or as a state of its life at least as far along (the same calendar's name and
/// content, its history going on from the incoming one's). Looser than the session's rule
/// of a later state (which also weighs the claim ID, Submitted on and the archive), so
/// that a claim the session matched to another of other content, and dropped, is caught.
fn brought_here(session: &Session, incoming: &Claim) -> bool {
    let (history, content) = (&incoming.lifecycle.history, incoming.content_without_life());
    let along = session.entries.iter().any(|(key, entry)| {
        let life = &entry.claim.lifecycle;
        !session.is_empty(&entry.claim)
            && entry.claim.calendar_key(Some(key)) == incoming.calendar_id
            && life.history.len() >= history.len()
            && life.history.iter().zip(history).all(|(now, then)| (now.status, &now.note) == (then.status, &then.note))
            && entry.claim.content_without_life() == content
    });
    along || same_or_opened_here(session, incoming)
}

fn same_or_opened_here(session: &Session, incoming: &Claim) -> bool {
    let (content, origin) = (incoming.content_fingerprint(), Origin::Package(incoming.fingerprint()));
    session.key_here(|claim| claim.content_fingerprint() == content || claim.origin.as_ref() == Some(&origin)).is_some()
}

/// The model's own plainest case of a later state, told apart from the session's rule: a
/// claim of the same calendar's name and content whose history goes on from the
/// incoming claim's, longer (a status recorded since).
fn plainly_later_here(session: &Session, incoming: &Claim) -> bool {
    let (history, content) = (&incoming.lifecycle.history, incoming.content_without_life());
    session.entries.iter().any(|(key, entry)| {
        let life = &entry.claim.lifecycle;
        !session.is_empty(&entry.claim)
            && entry.claim.calendar_key(Some(key)) == incoming.calendar_id
            && life.partner_center_id == incoming.lifecycle.partner_center_id
            && life.history.len() > history.len()
            && life.history.iter().zip(history).all(|(now, then)| (now.status, &now.note) == (then.status, &then.note))
            && entry.claim.content_without_life() == content
    })
}

fn with_content(session: &Session) -> usize {
    session.entries.values().filter(|entry| !session.is_empty(&entry.claim)).count()
}

/// Opening a package, or restoring a backup, brings each claim it carries, and adds a
/// claim only for one not here already: a second claim of one claim would claim its
/// usage period's funds and its invoices twice.
fn check_brought_once(before: &Session, after: &Session, incoming: &[Claim], step: &Step) -> Result<(), TestCaseError> {
    let mut contents = std::collections::HashSet::new();
    let mut new = 0;
    for claim in incoming {
        prop_assert!(brought_here(after, claim), "{:?} is not here after {step:?}", claim.title);
        let here_before = same_or_opened_here(before, claim) || plainly_later_here(before, claim);
        if !here_before && contents.insert(claim.content_fingerprint()) {
            new += 1;
        }
    }
    prop_assert!(with_content(after) <= with_content(before) + new, "{step:?} added {} claims for {new} not here", with_content(after) - with_content(before));
    Ok(())
}

fn run(steps: Vec<Step>, share: bool, removes_refused: bool) -> Result<World, TestCaseError> {
    let mut world = World::new(share);
    world.removes_refused = removes_refused;
    for step in steps {
        let before = [world.tabs[0].session.clone(), world.tabs[1].session.clone()];
        let journal_before = world.device.journal.clone();
        world.play(step.clone());
        for (t, before) in before.iter().enumerate() {
            match step {
                Step::Reload(reloaded, _) if reloaded == t && before.is_listed() => {
                    check_reload_lost_nothing(before, &world.tabs[t].session, &world.device, &journal_before)?;
                    // Its own save, landed unheard, is no conflict: the edits journaled follow
                    // it. (A claim deleted and brought back by Undo since is another entry,
                    // whose journal names no save under way: it may be asked.)
                    if let Some((key, landed)) = world.landed.take() {
                        let unsaved = before.entries.get(&key).is_some_and(|entry| !entry.edits_saved() && !before.is_empty(&entry.claim) && entry.sent.as_deref() == Some(&landed));
                        let conflict = world.tabs[t].session.entries.get(&key).is_some_and(|entry| entry.conflict.is_some());
                        prop_assert!(!(unsaved && conflict), "{key}: its own save, landed as the tab was discarded, taken for another tab's");
                    }
                }
                _ => check_nothing_lost(before, &world.tabs[t].session, &step)?,
            }
            check_saved_is_true(&world.tabs[t].session, &world.device)?;
            check_no_ghost(&world.tabs[t])?;
            match step {
                Step::OpenPackage(opened, i) if opened == t && i < world.packages.len() => check_brought_once(before, &world.tabs[t].session, &world.packages[i..=i], &step)?,
                Step::Restore(restored, i) if restored == t && i < world.backups.len() => check_brought_once(before, &world.tabs[t].session, &world.backups[i], &step)?,
                _ => {}
            }
        }
    }
    Ok(world)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Two tabs, interleaved, with late, refused and stale saves: nothing is lost, a save
    /// never goes back, and "saved" is always true.
    #[test]
    fn two_tabs_lose_nothing_and_say_the_truth(steps in proptest::collection::vec(step(), 1..60), share in any::<bool>()) {
        run(steps, share, true)?;
    }

    /// One tab: once every request is answered (none refused) and the page is hidden,
    /// the device holds exactly the tab's claims with content.
    #[test]
    fn one_tab_ends_with_the_device_holding_every_claim_it_lists(steps in proptest::collection::vec(step(), 1..60)) {
        let steps: Vec<Step> = steps.into_iter().filter(|step| !matches!(step, Step::Hear(..))).map(|step| match step {
            Step::Type(_, c) => Step::Type(0, c),
            Step::Clear(_) => Step::Clear(0),
            Step::New(_) => Step::New(0),
            Step::Open(_, i) => Step::Open(0, i),
            Step::Duplicate(_, i) => Step::Duplicate(0, i),
            Step::Delete(_, i) => Step::Delete(0, i),
            Step::Undo(_) => Step::Undo(0),
            Step::SaveDue(_) => Step::SaveDue(0),
            Step::Hide(_) => Step::Hide(0),
            Step::Answer(_, refuse) => Step::Answer(0, refuse),
            Step::List(_) => Step::List(0),
            Step::Resolve(_, keep) => Step::Resolve(0, keep),
            Step::Reload(_, landed) => Step::Reload(0, landed),
            Step::Attach(_, c) => Step::Attach(0, c),
            Step::Read(_) => Step::Read(0),
            Step::Status(_, i) => Step::Status(0, i),
            Step::Unlock(_) => Step::Unlock(0),
            Step::Archive(_, archived) => Step::Archive(0, archived),
            Step::Package(_) => Step::Package(0),
            Step::OpenPackage(_, i) => Step::OpenPackage(0, i),
            Step::Backup(_) => Step::Backup(0),
            Step::Restore(_, i) => Step::Restore(0, i),
            Step::Hear(..) => Step::Hide(0),
        }).collect();
        // Only saves are refused here: a refused Remove leaves its record, by design.
        let mut world = run(steps, false, false)?;
        world.play(Step::List(0));
        world.play(Step::Hide(0));
        for _ in 0..10_000 {
            if world.tabs[0].requests.is_empty() { break }
            world.play(Step::Answer(0, false));
        }
        // A save refused earlier is tried again at the next save; then all is answered.
        world.play(Step::SaveDue(0));
        // A reload that dropped a pending remove leaves a record the tab had deleted: the
        // claim comes back as a conflict, and the partner keeps this version.
        let conflicts: Vec<String> = world.tabs[0].session.entries.iter().filter(|(_, entry)| entry.conflict.is_some()).map(|(key, _)| key.clone()).collect();
        for key in conflicts {
            world.send(0, Event::KeepThisVersion { key });
        }
        for _ in 0..10_000 {
            if world.tabs[0].requests.is_empty() { break }
            world.play(Step::Answer(0, false));
        }
        let session = &world.tabs[0].session;
        let expected: BTreeMap<String, Claim> = session.entries.iter()
            .filter(|(_, entry)| !session.is_empty(&entry.claim))
            .map(|(key, entry)| (key.clone(), (*entry.claim).clone()))
            .collect();
        let stored: BTreeMap<String, Claim> = world.device.records.iter().map(|(key, (_, claim))| (key.clone(), claim.clone())).collect();
        prop_assert_eq!(stored, expected);
        prop_assert!(session.entries.values().all(|entry| entry.conflict.is_none()), "one tab never conflicts with itself");
        prop_assert!(matches!(session.save_state(), SaveState::Saved | SaveState::Nothing), "{:?}", session.save_state());
    }
}

/// A saved claim of the usage period July to December 2026, whose available funds are
/// 10,000.00, claiming `claimed`.
fn in_period(profile: &Profile, key: &str, title: &str, claimed: &str) -> Record {
    let mut claim = Claim::new(profile);
    for (field, text) in [(ClaimField::Title, title), (ClaimField::UsageStart, "2026-07-01"), (ClaimField::UsageEnd, "2026-12-31"), (ClaimField::ClaimedAmount, claimed), (ClaimField::AvailableFunds, "10,000.00")] {
        claim.apply(Edit::Set(field, text.into()), profile);
    }
    Record { key: key.into(), revision: 1, claim }
}

/// A row of a claim not on the page counts `FUNDS-PERIOD-EXCEEDED` as its page would,
/// with the claims as they are now: lowering the claim on the page clears it on the other
/// row too. A submitted claim's row carries its submission date, and counts no funds
/// blocker its page does not show.
#[test]
fn rows_of_claims_not_on_the_page_count_their_periods_funds_and_say_when_submitted() {
    let profile = Profile::default_profile();
    let period = |key: &str, title: &str, claimed: &str| in_period(&profile, key, title, claimed);
    let mut submitted = period("c", "Submitted one", "100.00");
    submitted.claim.apply(Edit::SetStatus { status: crate::lifecycle::Status::Submitted, on: "2026-11-20".into(), note: String::new() }, &profile);
    let mut session = session("fresh");
    session.handle(Event::Listed { records: vec![period("a", "Booth", "6,000.00"), period("b", "Webinar", "5,000.00"), submitted], unreadable: Vec::new(), last_open: Some("a".into()), journal: Vec::new() });
    assert_eq!(session.key(), "a");
    let alone = |session: &Session, key: &str| crate::claims::ClaimRow::of(key, &session.entry(key).map(|entry| entry.claim.as_ref().clone()).unwrap_or_default(), &profile, today()).blockers;
    let row = |session: &Session, key: &str| session.rows().into_iter().find(|row| row.key == key).unwrap_or_else(|| panic!("row {key}"));
    let page_blockers = session.review().n_blockers();
    assert!(session.review().findings.iter().any(|f| f.code == crate::rules::Code::FundsPeriodExceeded), "11,100.00 of 10,000.00 on the page");
    assert_eq!(row(&session, "a").blockers, page_blockers, "the page's row is its review");
    assert_eq!(row(&session, "b").blockers, alone(&session, "b") + 1, "the other claim of the period counts it too");
    // Submitted, and so locked: not judged with the others (its page is not), though
    // its funds count for them.
    assert_eq!(row(&session, "c").blockers, alone(&session, "c"));
    assert_eq!(row(&session, "c").submitted, crate::dates::parse_iso("2026-11-20"));
    assert_eq!(row(&session, "b").submitted, None);
    // Lowered on the page: every row of the period is clear of it.
    session.handle(Event::Edit(Edit::Set(ClaimField::ClaimedAmount, "4,000.00".into())));
    assert_eq!(row(&session, "b").blockers, alone(&session, "b"));
    assert_eq!(row(&session, "c").blockers, alone(&session, "c"));
    // Opened, the other claim's page agrees with what its row said.
    session.handle(Event::Edit(Edit::Set(ClaimField::ClaimedAmount, "6,000.00".into())));
    let said = row(&session, "b").blockers;
    session.handle(Event::Open { key: "b".into() });
    assert_eq!(session.review().n_blockers(), said);
    let said = row(&session, "c").blockers;
    session.handle(Event::Open { key: "c".into() });
    assert_eq!(session.review().n_blockers(), said, "the submitted claim's page agrees with its row");
}

/// The page's checks and every row follow the other claims as they are now: a claim of
/// the period deleted from the list takes its share of the funds with it at once, a
/// claim brought back or made in another tab brings its share, and a claim that leaves
/// the page is counted once on its row, not once by its last review and once more with
/// the others.
#[test]
fn the_page_and_the_rows_count_the_periods_funds_with_the_claims_there_are_now() {
    let profile = Profile::default_profile();
    let period = |key: &str, title: &str, claimed: &str| in_period(&profile, key, title, claimed);
    let exceeded = |session: &Session| session.review().findings.iter().any(|f| f.code == crate::rules::Code::FundsPeriodExceeded);
    let row = |session: &Session, key: &str| session.rows().into_iter().find(|row| row.key == key).unwrap_or_else(|| panic!("row {key}"));
    let mut session = session("fresh");
    session.handle(Event::Listed { records: vec![period("a", "Booth", "6,000.00"), period("b", "Webinar", "5,000.00")], unreadable: Vec::new(), last_open: Some("a".into()), journal: Vec::new() });
    assert!(exceeded(&session), "11,000.00 of 10,000.00");

    // "b" deleted from the list: the page's claim is alone in its period.
    session.handle(Event::Delete { key: "b".into(), fallback_key: "spare".into() });
    assert!(!exceeded(&session), "{:?}", session.review().findings);
    assert_eq!(row(&session, "a").blockers, session.review().n_blockers());
    session.handle(Event::Undo { spare_key: "spare".into() });
    assert!(exceeded(&session), "brought back, it counts again");

    // "b" on the page, then "a" again: "b"'s row says what its page said.
    session.handle(Event::Open { key: "b".into() });
    let on_its_page = session.review().n_blockers();
    session.handle(Event::Open { key: "a".into() });
    assert_eq!(row(&session, "b").blockers, on_its_page, "counted once");

    // A claim of the period made in another tab joins the count: the page follows.
    session.handle(Event::Delete { key: "b".into(), fallback_key: "spare".into() });
    assert!(!exceeded(&session));
    session.handle(Event::ChangedElsewhere { key: "d".into(), record: Some(period("d", "Roadshow", "5,000.00")) });
    assert!(exceeded(&session), "11,000.00 of 10,000.00 with the claim from the other tab");
}

/// A row of a claim not on the page counts `AMOUNT-CAP` over a cap per usage period as
/// its page would, with the period's other claims of its activity type as they are now:
/// two syndicated-content claims of USD 10,000 in one period are over its USD 18,750
/// together, on both rows; a claim of another activity type, or a rejected one, is not
/// counted, and lowering the claim on the page clears the other row.
#[test]
fn rows_of_claims_not_on_the_page_count_the_caps_per_usage_period_with_the_periods_other_claims() {
    let profile = Profile::default_profile();
    let claim = |key: &str, activity: &str, claimed: &str| {
        let mut claim = Claim::new(&profile);
        for (field, text) in [(ClaimField::Title, key), (ClaimField::ActivityType, activity), (ClaimField::Currency, "USD"), (ClaimField::UsageStart, "2026-07-01"), (ClaimField::UsageEnd, "2026-12-31"), (ClaimField::ClaimedAmount, claimed)] {
            claim.apply(Edit::Set(field, text.into()), &profile);
        }
        Record { key: key.into(), revision: 1, claim }
    };
    let mut rejected = claim("rejected", "syndicated-content", "10,000.00");
    rejected.claim.apply(Edit::SetStatus { status: crate::lifecycle::Status::Rejected, on: "2026-11-20".into(), note: String::new() }, &profile);
    let mut session = session("fresh");
    let records = vec![claim("a", "syndicated-content", "10,000.00"), claim("b", "syndicated-content", "10,000.00"), claim("tradeshow", "tradeshow", "10,000.00"), rejected];
    session.handle(Event::Listed { records, unreadable: Vec::new(), last_open: Some("a".into()), journal: Vec::new() });
    assert_eq!(session.key(), "a");
    let caps = |session: &Session| session.review().findings.iter().filter(|f| f.code == crate::rules::Code::AmountCap).count();
    let alone = |session: &Session, key: &str| crate::claims::ClaimRow::of(key, &session.entry(key).map(|entry| entry.claim.as_ref().clone()).unwrap_or_default(), &profile, today()).blockers;
    let row = |session: &Session, key: &str| session.rows().into_iter().find(|row| row.key == key).unwrap_or_else(|| panic!("row {key}")).blockers;
    assert_eq!(caps(&session), 1, "USD 20,000.00 of syndicated content in one period on the page");
    assert_eq!(row(&session, "a"), session.review().n_blockers(), "the page's row is its review");
    assert_eq!(row(&session, "b"), alone(&session, "b") + 1, "the other claim of the period and type counts it too");
    assert_eq!(row(&session, "tradeshow"), alone(&session, "tradeshow"), "another activity type");
    assert_eq!(row(&session, "rejected"), alone(&session, "rejected"), "a rejected claim draws nothing");
    // Lowered on the page: the other row is clear of it.
    session.handle(Event::Edit(Edit::Set(ClaimField::ClaimedAmount, "8,750.00".into())));
    assert_eq!(caps(&session), 0, "USD 18,750.00 is at the cap, not over");
    assert_eq!(row(&session, "b"), alone(&session, "b"));
    // Opened, the other claim's page agrees with what its row said.
    session.handle(Event::Edit(Edit::Set(ClaimField::ClaimedAmount, "8,750.01".into())));
    let said = row(&session, "b");
    assert_eq!(said, alone(&session, "b") + 1);
    session.handle(Event::Open { key: "b".into() });
    assert_eq!(caps(&session), 1);
    assert_eq!(session.review().n_blockers(), said);
}




/// "Add the original file" on a row a package's check marked, given another file: the
/// document keeps the package's file (the one Accept accepts) and its mark, the page is
/// told to let the file read go and say so; the original, then, lifts the mark.
#[test]
fn a_marked_document_given_another_file_than_its_original_keeps_its_own() {
    let mut session = session("fresh");
    let mut altered = with_document("a", 2, "Venue.pdf", &"bb".repeat(32));
    let id = altered.claim.documents[0].id;
    altered.claim.documents[0].integrity = Some(crate::claim::Integrity::altered(&"aa".repeat(32)));
    session.handle(Event::Listed { records: vec![altered.clone()], unreadable: Vec::new(), last_open: Some("a".into()), journal: Vec::new() });
    assert_eq!(session.key(), "a");
    let facts = |sha: &str| crate::claim::FileFacts { size: 100, media_type: "application/pdf".into(), sha256: sha.into(), crc32: 0 };
    let effects = session.handle(Event::FilesRead { key: "a".into(), results: vec![(id, Ok(facts(&"cc".repeat(32))))] }).unwrap_or_default();
    assert!(effects.contains(&Effect::NotOriginal { key: "a".into(), document: id, sha256: "cc".repeat(32) }), "{effects:?}");
    assert!(saves(&effects).is_empty(), "nothing changed: {effects:?}");
    assert_eq!(session.claim().document(id), altered.claim.document(id), "its file and its mark are the package's");
    session.handle(Event::Edit(Edit::AcceptDocumentFile(id)));
    let accepted = session.claim().document(id).cloned().expect("the document");
    assert_eq!((accepted.integrity, accepted.file.map(|file| file.sha256)), (None, Some("bb".repeat(32))), "the package's file accepted");
    // The original, on a row still marked, is taken and lifts the mark.
    let mut session = self::session("fresh");
    session.handle(Event::Listed { records: vec![altered], unreadable: Vec::new(), last_open: Some("a".into()), journal: Vec::new() });
    let effects = session.handle(Event::FilesRead { key: "a".into(), results: vec![(id, Ok(facts(&"aa".repeat(32))))] }).unwrap_or_default();
    assert!(!effects.iter().any(|effect| matches!(effect, Effect::NotOriginal { .. })), "{effects:?}");
    let document = session.claim().document(id).cloned().expect("the document");
    assert_eq!((document.integrity, document.file.map(|file| file.sha256)), (None, Some("aa".repeat(32))));
}
