//! The claims session: which claim is on the page, which are listed, which are saved on
//! the device, which are being saved, which were deleted and can come back.
//!
//! [`Session::handle`] takes an [`Event`] (something the partner did, or something the
//! device answered) and returns the [`Effect`]s the shell must carry out (save this claim
//! at this version, remove this record, read these files, move the focus…). The shell
//! performs them and feeds their results back as events. Keys, the clock and randomness
//! come in as inputs (inside events); the session does no I/O and holds no browser
//! object: documents refer to their files by claim key and document id, and the `File`s
//! themselves stay in the shell's registry.
//!
//! # Invariants (checked by the model-based property test in `session/tests.rs`)
//! - No claim with content is ever lost: it is listed, or in the bin (an explicit delete,
//!   which Undo reverses, one claim at a time, for every delete).
//! - A save never replaces a newer version: each save names the stored revision it
//!   derives from (`expect`), and the device refuses it when the record moved on (another
//!   tab saved or deleted it). The claim is then kept here, marked, until the partner
//!   says which version to keep.
//! - What the page says about saving is true for every claim: a claim counts as saved
//!   only once the device acknowledged its current version.
//! - A record that cannot be read is reported and never hides the others.
//! - Nothing is saved before the saved claims have been listed, so a fresh page never
//!   overwrites them; an empty claim is never kept.

use std::rc::Rc;

use chrono::NaiveDate;

use crate::claim::{Claim, ClaimField, CostLine, CostLineId, Document, DocumentId, Edit, FileFacts, Origin};
use crate::claims::{self, ClaimRow};
use crate::example::{example_claim, example_document};
use crate::i18n::Problem;
use crate::profile::Profile;
use crate::rules::{review, Review};

#[cfg(test)]
mod tests;

/// A claim as the device stores it: its key, the record's revision and the claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub key: String,
    /// Counts the writes of this record, in every tab; a save must name the one it follows.
    pub revision: u64,
    pub claim: Claim,
}

/// A claim as it was when the page was hidden or closed, written at once (the device's
/// database answers too late for a page that is closing) and read back when the page
/// opens again: `expect` is the revision its save would have followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Journaled {
    pub key: String,
    pub expect: Option<u64>,
    pub claim: Claim,
    /// The fingerprint ([`Claim::fingerprint`]) of the version a save under way was
    /// writing as the claim was journaled: a record of that version, at a revision after
    /// `expect`, is that save landed (a phone discarding the tab before it heard so), not
    /// another tab's.
    pub sending: Option<String>,
}

impl Journaled {
    /// The journal entry as the page keeps it: the revision its save would follow (empty
    /// for none) and, after a space, the fingerprint of the version being saved, on the
    /// first line; then the claim's JSON.
    pub fn to_entry(&self) -> Option<String> {
        let json = self.claim.to_json()?;
        let expect = self.expect.map(|revision| revision.to_string()).unwrap_or_default();
        Some(match &self.sending {
            Some(sending) => format!("{expect} {sending}\n{json}"),
            None => format!("{expect}\n{json}"),
        })
    }

    /// A journal entry read back ([`Journaled::to_entry`]; one written before the
    /// fingerprint has the revision alone); `None` when it cannot be read.
    pub fn from_entry(key: String, entry: &str) -> Option<Journaled> {
        let (first, json) = entry.split_once('\n')?;
        let (expect, sending) = match first.split_once(' ') {
            Some((expect, sending)) => (expect, Some(sending.to_string()).filter(|sending| !sending.is_empty())),
            None => (first, None),
        };
        let expect = if expect.is_empty() { None } else { Some(expect.parse().ok()?) };
        Some(Journaled { key, expect, claim: Claim::from_json(json)?, sending })
    }
}

/// A claim restored from a backup: a fresh key, the claim as the backup holds it, and the
/// files the backup holds for its documents, by the backup's ids. For a claim already here
/// ([`Session::where_here`]), that claim's key, with only the files this device lacks.
#[derive(Clone, Debug, PartialEq)]
pub struct FromBackup {
    pub key: String,
    pub claim: Box<Claim>,
    pub files: Vec<(DocumentId, FileToken)>,
}

/// Whether a backup's claim is here already ([`Session::where_here`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Here {
    No,
    /// The claim here under this key (the same content, or a later state of it).
    As(String),
    /// The same as one before it in the backup, and not here: added once, and reported
    /// apart ("in the backup more than once"), not as "already here".
    Twin,
}

/// A handle the shell gives to a file it holds before the file has a document id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileToken(pub u64);

/// What happened: the partner's actions and the answers of the device and other tabs.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A change to the claim on the page.
    Edit(Edit),
    /// A change to a listed claim that is not on the page (archive, restore).
    EditClaim { key: String, edit: Edit },
    /// Files picked or dropped: each becomes a document of the claim on the page.
    AddDocuments(Vec<(String, FileToken)>),
    /// Files of a claim were read: each one's facts, or why it could not be read.
    FilesRead { key: String, results: Vec<(DocumentId, Result<FileFacts, Problem>)> },
    /// The document reader read these documents' files.
    Inspected { key: String, results: Vec<(DocumentId, crate::evidence::Inspection)> },
    /// Each of these puts a claim on the page; the one there joins the list (an empty
    /// one goes). `key` is a fresh key, made by the shell.
    NewClaim { key: String },
    /// The example claim, written in the page's language (`en`, `fr`).
    LoadExample { key: String, lang: String },
    Open { key: String },
    /// A copy of a listed claim, with its documents, under a fresh key and a new title.
    Duplicate { key: String, new_key: String, title: String },
    /// A claim read back from a package, with the files the package holds for its documents
    /// (by the package's own document ids, which are not trusted: they are renumbered).
    OpenedPackage { key: String, claim: Box<Claim>, files: Vec<(DocumentId, FileToken)> },
    /// Claims restored from a backup (each under a fresh key made by the shell), with the
    /// files the backup holds for their documents, by the backup's own ids (renumbered,
    /// like a package's). They join the list and are saved; a claim whose content is
    /// already here ([`Claim::content_fingerprint`]) is not added a second time. One sent
    /// under the key of the claim here that it is gets the files it brings given to that
    /// claim (`take_files_of_the_same`): those this device lacked.
    RestoredBackup { claims: Vec<FromBackup> },
    /// A listed claim goes to the bin. When it was on the page, the most urgent other
    /// claim takes its place, or a new empty claim under `fallback_key`.
    Delete { key: String, fallback_key: String },
    /// The claim deleted last comes back (each Undo brings back one more), under its own
    /// key, or under `spare_key` when another claim has taken that meanwhile.
    Undo { spare_key: String },
    /// Restore or Delete for good under Recently deleted was pressed for the claim deleted
    /// under `key`, of content `content` ([`Claim::content_fingerprint`]): it comes back
    /// from the device's bin under a new key, or goes for good, and Undo no longer brings
    /// back that claim (pressed while the restore copies its files, it made a second
    /// claim; deleted for good, it is gone). Another version under that key (set aside for
    /// another tab's, or newer than the device's copy) keeps its Undo.
    LeavingBin { key: String, content: String },
    /// The saved claims, the records that could not be read (by key), the claim that
    /// was on the page when the page was last left, and the journal it wrote then.
    Listed { records: Vec<Record>, unreadable: Vec<String>, last_open: Option<String>, journal: Vec<Journaled> },
    /// The saved claims could not be listed (storage refused): nothing will be saved.
    ListFailed(Problem),
    /// The moment the shell was asked for ([`Effect::ScheduleSave`]) has come.
    SaveDue,
    /// A while has passed, or the partner is back on the page (they may have made room
    /// meanwhile): what the device refused to save is tried again. Nothing when every
    /// claim is saved, or its save is under way.
    TryAgain,
    /// The page is being hidden (another tab, the phone's home screen) or closed or
    /// reloaded: save everything now, and journal what is not saved yet, since the save
    /// may not land (a phone discards a hidden tab without a word).
    PageHidden,
    /// Another tab took the lock of claim `key` ("Edit it here instead"): save it now, and
    /// journal what is not saved yet, which the tab taking it over takes as a closed
    /// tab's (its last keystrokes reach it even before the save lands).
    LockLost { key: String },
    /// The device holds `version` of a claim, as record `revision`.
    Saved { key: String, version: u64, revision: u64 },
    /// The device refused a save (full, private browsing…).
    SaveFailed { key: String, version: u64, problem: Problem },
    /// The device refused a save because the record moved on: another tab saved it
    /// (`current` is what it holds now) or deleted it (`None`).
    SaveStale { key: String, version: u64, current: Option<Record> },
    /// A claim's record is removed; it was at `revision` (`None`: there was none), and
    /// its copy was kept in the device's bin or not (`binned`: a full storage refuses it).
    /// `record` is what was removed, when the device read it: another tab may have saved
    /// the claim after this tab last heard of it.
    Removed { key: String, revision: Option<u64>, binned: bool, record: Option<Record> },
    /// Removing a record failed.
    RemoveFailed { key: String, problem: Problem },
    /// Another tab changed a claim (`Some`, as the device now holds it) or deleted it.
    ChangedElsewhere { key: String, record: Option<Record> },
    /// The tab that edited a claim closed (its lock came to this tab) and journaled what
    /// it had not saved: taken here as at a page's start, so that nothing it held is lost
    /// (`spare_key`: for this tab's own unsaved version, kept beside as a claim of its own).
    Journaled { journal: Vec<Journaled>, spare_key: String },
    /// After a conflict: save this tab's version over the other.
    KeepThisVersion { key: String },
    /// The partner changed the file size limit (where the profile lets them), here or in
    /// another tab (`elsewhere`: not this tab's action, so what this tab says stays):
    /// every claim is checked against the new one.
    FileLimit { bytes: u64, elsewhere: bool },
    /// The browser cleared the page's stored claims while it was open (the partner
    /// cleared the site's data, or the browser did): every claim this tab holds is saved
    /// again, as a new record, with its documents' files.
    StorageCleared,
    /// The device's calendar day, told now and then (a page left open past midnight):
    /// every claim's deadlines and checks are of the new day.
    Today(NaiveDate),
    /// The document removed last from the claim on the page comes back, where it was.
    UndoRemoveDocument,
    /// The cost line removed last from the claim on the page comes back, in its place,
    /// with the invoices that paid for it linked again.
    UndoRemoveCostLine,
    /// After a conflict: take the other tab's version (this one goes to the bin, so it
    /// can still come back).
    TakeOtherVersion { key: String },
}

pub use crate::profile::FILE_LIMIT_RANGE;

impl Event {
    /// Whether this changes the content or the life of the claim under `key` (the one on
    /// the page, which a tab showing it read-only must not change), or saves this tab's
    /// version over it.
    pub fn changes_claim(&self, key: &str) -> bool {
        match self {
            Event::Edit(_) | Event::AddDocuments(_) | Event::UndoRemoveDocument | Event::UndoRemoveCostLine => true,
            // Not Delete: the tab editing it is told, keeps what it typed, and can save
            // it again ("Keep this version" there).
            Event::EditClaim { key: edited, .. } | Event::KeepThisVersion { key: edited } => edited == key,
            _ => false,
        }
    }

    /// Whether the partner did this (rather than the device or another tab answering).
    fn is_partners(&self) -> bool {
        matches!(
            self,
            Event::Edit(_)
                | Event::EditClaim { .. }
                | Event::AddDocuments(_)
                | Event::NewClaim { .. }
                | Event::LoadExample { .. }
                | Event::Open { .. }
                | Event::Duplicate { .. }
                | Event::OpenedPackage { .. }
                | Event::RestoredBackup { .. }
                | Event::Delete { .. }
                | Event::Undo { .. }
                | Event::LeavingBin { .. }
                | Event::KeepThisVersion { .. }
                | Event::TakeOtherVersion { .. }
                | Event::FileLimit { elsewhere: false, .. }
                | Event::UndoRemoveDocument
                | Event::UndoRemoveCostLine
        )
    }
}

/// What the shell must do. Effects of one event are carried out in order; storage
/// effects (save, remove) are carried out one at a time, in the order given.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Store this version of a claim, with the files the registry holds for `documents`,
    /// only if the record's revision is still `expect` (`None`: there is no record);
    /// answer with [`Event::Saved`], [`Event::SaveFailed`] or [`Event::SaveStale`].
    Save { key: String, version: u64, expect: Option<u64>, claim: Rc<Claim>, documents: Vec<DocumentId> },
    /// Remove a claim's record (nothing happens when there is none), a copy of it going
    /// to the device's bin first; answer with [`Event::Removed`] or [`Event::RemoveFailed`].
    /// `revision`: the record's revision as this tab knows it (`None`: not known, its
    /// first save under way), marked on the device at once, so that a delete cut short by
    /// a reload is finished then if the record is still at that revision.
    Remove { key: String, revision: Option<u64> },
    /// Send [`Event::SaveDue`] in a moment (one is pending until it comes).
    ScheduleSave,
    /// Keep these files (given by token) as the files of these documents.
    AttachFiles { key: String, files: Vec<(FileToken, DocumentId)> },
    /// Make files from these bytes (the example's documents) for these documents.
    CreateFiles { key: String, files: Vec<(DocumentId, String, Vec<u8>)> },
    /// The documents of `to` have the files of `from` (a duplicate keeps the ids).
    CopyFiles { from: String, to: String },
    /// Say on the row of each of these documents (read, not marked by a package) whose
    /// file the page does not hold that the file was never saved on this device: the
    /// page was left between adding it and saving it.
    CheckFiles { key: String, documents: Vec<DocumentId> },
    /// Read and hash the files of these documents; answer with [`Event::FilesRead`].
    ReadFiles { key: String, documents: Vec<DocumentId> },
    /// Have the document reader read these documents' files (each with the SHA-256 of
    /// the file it must be); answer with [`Event::Inspected`].
    Inspect { key: String, documents: Vec<(DocumentId, String)> },
    /// The file of a removed document is no longer needed.
    ForgetFile { key: String, document: DocumentId },
    /// The file of this SHA-256, read for a document a package's check marked, is not
    /// its original: refused ([`crate::claim::Document::takes_file`]). The document
    /// keeps the file it had; the page lets the one read go and says so on its row.
    NotOriginal { key: String, document: DocumentId, sha256: String },
    /// The files of a claim that is gone (an empty claim left the page).
    ForgetFiles { key: String },
    /// Tell the other tabs that the device now holds this revision (or no record).
    Announce { key: String, revision: Option<u64> },
    /// Write these claims to the journal now, synchronously: the page is being hidden or
    /// closed and their saves may not land.
    Journal(Vec<Journaled>),
    /// The device holds this claim (or it is gone): its journal entry, if any, goes.
    ClearJournal { key: String },
    /// Remember the claim on the page for the next visit.
    RememberOpen { key: String },
    /// Remember again the page's own settings the partner chose (its language, the file
    /// size limit): the browser cleared them with the claims.
    RememberSettings,
    /// Move the keyboard focus to the control with this id, once the page has rendered.
    Focus(String),
    /// Files staged for a package that was not added after all (its claim was here).
    DropStaged(Vec<FileToken>),
}

/// Where the claim on the page stands with the device, as the page says it.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Not saved yet, and nothing went wrong: a save is under way or coming.
    Pending,
    /// The device holds the claim as it is.
    Saved,
    /// An empty claim: nothing to keep.
    Nothing,
    /// The device refused; the claim is only in this page.
    Failed(Problem),
    /// Another tab changed (`true`) or deleted (`false`) the claim meanwhile.
    Conflict { changed: bool },
}

/// Content fingerprints by claim key, each with the version of the claim it is of
/// ([`Session::content_fingerprints_cached`]).
pub type FingerprintCache = std::collections::HashMap<String, (Rc<Claim>, String)>;

/// One claim this tab knows.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub claim: Rc<Claim>,
    /// The list's row, derived from the claim.
    pub row: ClaimRow,
    /// Counts this tab's changes to the claim.
    pub version: u64,
    /// The version of its last change that was not what the document reader found in
    /// a file: a version the device holds from then on has all the partner's changes.
    pub edited: u64,
    /// The version the device is known to hold.
    pub saved_version: Option<u64>,
    /// The revision of the record this version derives from (`None`: no record).
    pub revision: Option<u64>,
    /// The version being saved now.
    pub saving: Option<u64>,
    /// Why the last save was refused, until one lands.
    pub failure: Option<Problem>,
    /// Another tab saved (`Some(record)`) or deleted (`None`) this claim while this tab
    /// had changes of its own: both versions are kept until the partner chooses.
    pub conflict: Option<Option<Record>>,
    /// The claim as the device holds it at `revision` (`None`: no record, or deleted
    /// there). Another tab's version that differs from it only in what the document
    /// reader found is no conflict with this tab's changes, whatever they are: this tab
    /// takes those readings and saves over it (after "Keep this version" too, where it is
    /// the version kept over).
    pub base: Option<Rc<Claim>>,
    /// The claim of the save under way (`saving`): the base once it lands.
    sent: Option<Rc<Claim>>,
    /// The version this tab had when another tab took the claim over ([`Event::LockLost`]):
    /// saved then, and journaled for that tab, it is that tab's to save now. Not saved
    /// again from here, even when that save was refused (a retry would write it over the
    /// taking tab's work, a conflict its partner never made), unless changed here again.
    handed_over: Option<u64>,
}

impl Entry {
    fn new(key: &str, claim: Claim, version: u64, profile: &Profile, today: NaiveDate) -> Entry {
        let row = ClaimRow::of(key, &claim, profile, today);
        Entry { claim: Rc::new(claim), row, version, edited: version, saved_version: None, revision: None, saving: None, failure: None, conflict: None, base: None, sent: None, handed_over: None }
    }

    fn from_record(record: Record, version: u64, profile: &Profile, today: NaiveDate) -> Entry {
        let mut entry = Entry::new(&record.key, record.claim, version, profile, today);
        entry.saved_version = Some(entry.version);
        entry.revision = Some(record.revision);
        entry.base = Some(entry.claim.clone());
        entry
    }

    /// Whether the device holds this claim as it is.
    pub fn is_saved(&self) -> bool {
        self.saved_version == Some(self.version)
    }

    /// Whether the device holds every change the partner made here: what is unsaved, if
    /// anything, is only what the document reader found (another tab's version may
    /// replace it; the reader reads that version's files in its own tab).
    fn edits_saved(&self) -> bool {
        self.saved_version.is_some_and(|saved| saved >= self.edited)
    }

    /// Whether the claim holds a document whose file the device may not hold yet: one its
    /// record does not have (added since, or no record at all, as for a claim restored
    /// from a backup). Until it is saved, closing the page would lose that file: the
    /// journal keeps a claim's words, not its files. A save refused (the storage full) is
    /// no exception: the file is only on the page until a save lands.
    fn files_unsaved(&self) -> bool {
        if self.edits_saved() || self.conflict.is_some() || self.handed_over == Some(self.version) {
            return false;
        }
        let sha256 = |document: &Document| document.file.as_ref().map(|file| file.sha256.clone());
        self.claim.documents.iter().filter(|document| document.file.is_some()).any(|document| {
            self.base.as_deref().is_none_or(|base| base.document(document.id).is_none_or(|saved| sha256(saved) != sha256(document)))
        })
    }

    /// The claim as this entry holds it, journaled under `key` ([`Journaled`]).
    fn journaled(&self, key: &str) -> Journaled {
        Journaled { key: key.to_string(), expect: self.revision, claim: (*self.claim).clone(), sending: self.sent.as_ref().map(|sent| sent.fingerprint()) }
    }

    /// Whether `record` is this claim's base with only more of what the document reader
    /// found: another tab's reading, not a change of the partner's.
    fn only_read_further(&self, record: &Record) -> bool {
        self.base.as_ref().is_some_and(|base| Some(record.revision) != self.revision && base.same_but_readings(&record.claim))
    }
}

/// A claim as loaded, whatever was read of its files since (their facts, what the reader
/// found): the example here unchanged is today's example by this.
fn as_loaded(claim: &Claim) -> String {
    let mut claim = claim.clone();
    for document in &mut claim.documents {
        document.file = None;
        document.read = None;
    }
    claim.content_fingerprint()
}

/// A deleted claim, kept so that Undo can bring it back.
#[derive(Clone, Debug, PartialEq)]
pub struct Binned {
    pub key: String,
    pub claim: Rc<Claim>,
    /// The revision of its record this tab knew when the claim left it (`None`: never
    /// saved). Word of that revision or an earlier one is late news of what is gone.
    pub revision: Option<u64>,
    /// Whether this copy is the device's record at `revision` (deleted here with nothing
    /// unsaved and no save under way): a later revision removed with it was another tab's
    /// save, newer than this copy, and Undo brings that back instead.
    pub as_saved: bool,
    /// This tab's version of a claim, set aside for another tab's (not deleted: the
    /// claim is still here, in the other tab's version).
    pub set_aside: bool,
    /// How many claims this tab had put in the bin before it, plus one: the page says a
    /// claim deleted once, as it comes, by this number (the one before it, shown again
    /// after an Undo, is not news).
    pub number: u64,
}

/// The Removes of one key this tab asked for.
#[derive(Clone, Debug)]
struct Removal {
    key: String,
    /// How many are not answered yet.
    under_way: u32,
    /// The highest revision one of them took from the device.
    took: Option<u64>,
}

/// What the page says when a claim it deleted could not be kept in the device's bin.
pub const NOT_BINNED: &str = "storage.not-binned";

/// What the page says when the device refused to remove claims deleted here
/// ([`Session::deletes_refused`] of them).
pub const NOT_DELETED: &str = "storage.not-deleted";

/// The keys of claims by a name: their calendar's ([`Session::calendars`]), or their
/// content's fingerprint ([`Session::where_here`]).
type KeysBy = std::collections::HashMap<String, Vec<String>>;

#[derive(Clone, Debug)]
pub struct Session {
    profile: Rc<Profile>,
    today: NaiveDate,
    /// Every claim of this tab, the one on the page included, by key.
    entries: Entries,
    on_page: String,
    /// The review of the claim on the page, remade after every change to it.
    review: Rc<Review>,
    /// Deleted claims, the last deleted last.
    bin: Vec<Binned>,
    /// How many claims this tab put in the bin (`Binned::number`).
    binned: u64,
    /// Keys whose record this tab asked the device to remove: word of a save of such a
    /// key is ignored while a Remove is under way (it may be of the very record that
    /// Remove is about to take) and when it is of a revision a Remove took.
    removals: Vec<Removal>,
    /// Whether the saved claims have been listed: nothing is saved before.
    listed: bool,
    /// Keys of saved records that could not be read; they stay stored, untouched.
    unreadable: Vec<String>,
    /// The storage could not be listed at all.
    storage_problem: Option<Problem>,
    /// Keys of claims deleted here whose copy the device's bin refused: only Undo on this
    /// page brings them back, which the page says (after any failed save) while one of them
    /// is in this page's bin: until Undo brings it back, or it comes back otherwise (a
    /// restore) and leaves the bin.
    deleted_unkept: Vec<String>,
    /// Keys of claims the partner deleted here whose record the device refused to remove
    /// (its database blocked, or refusing): the claim is still stored, and listed again
    /// when the page is opened again, which the page says until it is back on the list
    /// (Undo, another tab's save), deleted again, or its record gone (another tab's
    /// delete, the site's data cleared). Not tried again by itself: a delete sent minutes
    /// later could take a save another tab made since. Each with its title then.
    deletes_refused: Vec<(String, String)>,
    /// A [`Effect::ScheduleSave`] is pending.
    save_scheduled: bool,
    /// The last version given to a claim: versions are unique across every claim and
    /// every incarnation of a key (a claim deleted and brought back), so that a late
    /// answer about an older one is never taken for the current one.
    last_version: u64,
    /// The currency new claims and the example start in (the partner's region's).
    default_currency: String,
    /// What the page should say about the last action, until the next one.
    notice: Option<Notice>,
    /// How many notices were given: the same notice given again is another to say.
    notices: u64,
    /// Documents removed from the claim on the page, the last removed last, each with
    /// the place it had: Undo puts them back, file included. Their files are forgotten
    /// only when the claim leaves the page.
    removed_documents: Vec<(usize, Document)>,
    /// Cost lines removed from the claim on the page, with their place and the documents
    /// linked to them then, for Undo.
    removed_cost_lines: Vec<(usize, CostLine, Vec<DocumentId>)>,
    /// The profile's own file size limit, before the partner changed it.
    profile_file_limit: u64,
    /// The claim Undo brought back last, until another claim comes on the page: a folded
    /// list shows its row, where the keyboard goes.
    brought_back: Option<String>,
}

/// Something the page says once about what the partner just did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The example, or a package's claim, was already on the device, unchanged: that
    /// claim is shown instead of a second, identical one.
    AlreadyHere { origin: Origin, title: String },
    /// The browser cleared the page's stored claims while it was open: what the page
    /// holds is being saved again.
    StorageCleared,
}

/// The documents whose current file the document reader has not read, or an earlier
/// version of it read (its reading counts until this one's comes; the example's readings
/// are known), with the SHA-256 of that file (empty files have nothing to read).
fn uninspected(claim: &Claim) -> Vec<(DocumentId, String)> {
    claim
        .documents
        .iter()
        .filter(|document| document.inspection().is_none_or(|reading| reading.from_an_earlier_reader() && !claim.is_the_example()))
        .filter_map(|document| document.file.as_ref().filter(|file| file.size > 0 && !file.sha256.is_empty()).map(|file| (document.id, file.sha256.clone())))
        .collect()
}

/// A claim from a package or a backup, renumbered (ids from outside are not trusted),
/// marked with where it came from, and its files by their new ids: old id → new, the
/// first document of an id winning; a file under an id the claim lacks is left out. A
/// map keeps this linear in what the package holds.
fn from_outside(claim: Claim, files: Vec<(DocumentId, FileToken)>, origin: Origin) -> (Claim, Vec<(FileToken, DocumentId)>) {
    let (mut claim, renumbered) = claim.renumbered();
    claim.origin = Some(origin);
    for document in &mut claim.documents {
        document.file_name = crate::package::names::without_bidi_controls(std::mem::take(&mut document.file_name));
    }
    let mut new_ids = std::collections::HashMap::with_capacity(renumbered.len());
    for (from, to) in renumbered {
        new_ids.entry(from).or_insert(to);
    }
    let files = files.into_iter().filter_map(|(old, token)| new_ids.get(&old).map(|new| (token, *new))).collect();
    (claim, files)
}

impl Session {
    /// A fresh page: an empty claim under `key`, the saved claims not listed yet.
    pub fn new(profile: Rc<Profile>, today: NaiveDate, key: &str) -> Session {
        let claim = Claim::new(&profile);
        let claim_currency = claim.currency.clone();
        let profile_file_limit = profile.file_size_limit_bytes;
        let review = Rc::new(review(&claim, &profile, today));
        let mut entries = Entries::default();
        entries.insert(key.to_string(), Entry::new(key, claim, 1, &profile, today));
        Session {
            profile,
            today,
            entries,
            on_page: key.to_string(),
            review,
            bin: Vec::new(),
            binned: 0,
            listed: false,
            unreadable: Vec::new(),
            storage_problem: None,
            deleted_unkept: Vec::new(),
            deletes_refused: Vec::new(),
            removals: Vec::new(),
            save_scheduled: false,
            last_version: 1,
            default_currency: claim_currency,
            notice: None,
            notices: 0,
            removed_documents: Vec::new(),
            removed_cost_lines: Vec::new(),
            profile_file_limit,
            brought_back: None,
        }
    }

    /// The same fresh page with new claims in `currency` (when the profile has it).
    pub fn with_default_currency(mut self, currency: &str) -> Session {
        if self.profile.currency(currency).is_some() {
            self.default_currency = currency.to_string();
            let key = self.on_page.clone();
            let empty = self.entries.get(&key).is_some_and(|entry| self.is_empty(&entry.claim));
            if let (true, Some(entry)) = (empty, self.entries.get_mut(&key)) {
                entry.claim = Rc::new(Claim::new_in(currency));
            }
            self.review = Rc::new(review(self.claim(), &self.profile, self.today));
        }
        self
    }

    fn next_version(&mut self) -> u64 {
        self.last_version += 1;
        self.last_version
    }

    /// A new entry with a version of its own.
    fn new_entry(&mut self, key: &str, claim: Claim) -> Entry {
        let version = self.next_version();
        Entry::new(key, claim, version, &self.profile, self.today)
    }

    fn entry_from_record(&mut self, record: Record) -> Entry {
        let version = self.next_version();
        Entry::from_record(record, version, &self.profile, self.today)
    }

    pub fn profile(&self) -> &Rc<Profile> {
        &self.profile
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The key of the claim on the page.
    pub fn key(&self) -> &str {
        &self.on_page
    }

    /// The claim on the page.
    pub fn claim(&self) -> &Claim {
        match self.entries.get(&self.on_page) {
            Some(entry) => &entry.claim,
            None => unreachable_claim(),
        }
    }

    /// The claim on the page, shared (the page holds it without copying it).
    pub fn shared_claim(&self) -> Rc<Claim> {
        self.entries.get(&self.on_page).map(|entry| entry.claim.clone()).unwrap_or_default()
    }

    /// Every key this tab uses, deleted claims' included (Undo brings them back).
    pub fn keys(&self) -> impl Iterator<Item = &str> + Clone {
        self.entries.keys().map(String::as_str).chain(self.bin.iter().map(|binned| binned.key.as_str()))
    }

    pub fn review(&self) -> &Rc<Review> {
        &self.review
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// Every listed claim (those with content, and the one on the page), most urgent first.
    /// A claim not on the page is reviewed alone when it is loaded or changed elsewhere;
    /// what it shares with the other claims is counted here, with every claim as they are
    /// now: `FUNDS-PERIOD-EXCEEDED`, and `AMOUNT-CAP` over a cap per usage period with the
    /// period's other claims of its activity type. So a row says what its page says.
    pub fn rows(&self) -> Vec<ClaimRow> {
        let listed: Vec<_> = self.entries.iter().filter(|(key, entry)| **key == self.on_page || !self.is_empty(&entry.claim)).collect();
        let claims: Vec<&Claim> = listed.iter().map(|(_, entry)| entry.claim.as_ref()).collect();
        let mut rows: Vec<ClaimRow> = listed.iter().map(|(_, entry)| entry.row.clone()).collect();
        for (at, more) in crate::rules::invoices::blockers_with_the_others(&claims, &self.profile, self.today).into_iter().enumerate() {
            if rows[at].key != self.on_page {
                rows[at].blockers += more;
            }
        }
        claims::sorted(rows)
    }

    /// The claim deleted last, which Undo brings back, and how many are in the bin.
    /// The document removed last from the claim on the page, which Undo brings back.
    pub fn last_removed_document(&self) -> Option<&Document> {
        self.removed_documents.last().map(|(_, document)| document)
    }

    /// The cost line removed last from the claim on the page, and its place (from 0).
    pub fn last_removed_cost_line(&self) -> Option<(usize, &CostLine)> {
        self.removed_cost_lines.last().map(|(position, line, _)| (*position, line))
    }

    /// The claim Undo brought back last ([`Session::brought_back`] is cleared when
    /// another claim comes on the page).
    pub fn brought_back(&self) -> Option<&str> {
        self.brought_back.as_deref()
    }

    pub fn last_deleted(&self) -> Option<&Binned> {
        self.bin.last()
    }

    pub fn n_deleted(&self) -> usize {
        self.bin.len()
    }

    /// Deletes sent to the device and not answered yet (the bin's copy not written yet).
    pub fn removals_under_way(&self) -> u32 {
        self.removals.iter().map(|removal| removal.under_way).sum()
    }

    /// The titles of the claims deleted here that the device still holds, having refused
    /// to remove them, and not back on the list.
    pub fn deletes_refused(&self) -> Vec<&str> {
        self.deletes_refused.iter().filter(|(key, _)| !self.entries.contains_key(key.as_str())).map(|(_, title)| title.as_str()).collect()
    }

    pub fn unreadable(&self) -> &[String] {
        &self.unreadable
    }

    pub fn is_listed(&self) -> bool {
        self.listed
    }

    /// The same fresh page with the partner's remembered file size limit.
    pub fn with_file_limit(mut self, bytes: Option<u64>) -> Session {
        if let Some(bytes) = bytes {
            self.set_file_limit(bytes);
        }
        self
    }

    /// Checks every claim against a new file size limit; false when nothing changes (the
    /// profile does not let the partner change it, or the limit is out of range).
    fn set_file_limit(&mut self, bytes: u64) -> bool {
        let Some(profile) = self.profile.with_file_limit(bytes) else { return false };
        self.profile = Rc::new(profile);
        self.review_all();
        true
    }

    /// Every claim's row and the page's review made again: the profile or the day changed.
    fn review_all(&mut self) {
        let (profile, today) = (self.profile.clone(), self.today);
        for (key, entry) in self.entries.iter_mut() {
            entry.row = ClaimRow::of(key, &entry.claim, &profile, today);
        }
        self.review_page();
    }

    /// The profile's own file size limit (what Partner Center allows, as far as the
    /// profile knows), whatever the partner set.
    pub fn profile_file_limit(&self) -> u64 {
        self.profile_file_limit
    }

    /// What the page should say about the partner's last action, if anything.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The number of the notice given last (each one given, the same again included,
    /// has its own): what tells the page to say it.
    pub fn notice_number(&self) -> u64 {
        self.notices
    }

    fn give_notice(&mut self, notice: Notice) {
        self.notice = Some(notice);
        self.notices += 1;
    }

    /// The keys of the claims here by the name of their calendar events
    /// ([`Claim::calendar_key`]), for [`Session::later_state_in`] and
    /// [`Session::own_calendar`]: made once for a backup of thousands of claims, each
    /// looked up, rather than every claim here compared with each.
    fn calendars(&self) -> KeysBy {
        let mut calendars = KeysBy::new();
        for (key, entry) in self.entries.iter() {
            calendars.entry(entry.claim.calendar_key(Some(key))).or_default().push(key.clone());
        }
        calendars
    }

    /// The key of a claim here that is a later state of `incoming` (a package's or a
    /// backup's claim): the same claim by the name of its calendar events, which its
    /// package and backup carry ([`Claim::calendar_id`]: a copy made with Duplicate has
    /// its own), the same content, and its life gone on since
    /// ([`crate::lifecycle::Lifecycle::goes_on_from`]). `calendars`: the claims here by
    /// their calendar's name ([`Session::calendars`]).
    fn later_state_in(&self, calendars: &KeysBy, incoming: &Claim) -> Option<String> {
        if !incoming.has_calendar_id() {
            return None;
        }
        let mut content = None;
        calendars
            .get(&incoming.calendar_id)?
            .iter()
            .find(|key| {
                self.entries.get(key).is_some_and(|entry| {
                    !self.is_empty(&entry.claim)
                        && entry.claim.lifecycle.goes_on_from(&incoming.lifecycle)
                        && entry.claim.content_without_life() == *content.get_or_insert_with(|| incoming.content_without_life())
                })
            })
            .cloned()
    }

    /// The key of the first claim with content that `here` picks.
    fn key_here(&self, here: impl Fn(&Claim) -> bool) -> Option<String> {
        self.entries.iter().find(|(_, entry)| !self.is_empty(&entry.claim) && here(&entry.claim)).map(|(key, _)| key.clone())
    }

    /// Shows the claim of `key`, the one `origin` would have brought, and says so.
    fn show_found(&mut self, key: String, origin: &Origin, effects: &mut Vec<Effect>) {
        let title = self.entries.get(&key).map(|entry| entry.claim.title.clone()).unwrap_or_default();
        if key != self.on_page {
            self.show(&key, effects);
        }
        // A package's report takes the keyboard and says it (the title first, then the
        // report, was two jumps and the news said twice).
        if !matches!(origin, Origin::Package(_)) {
            effects.push(Effect::Focus("claim-title".into()));
        }
        self.give_notice(Notice::AlreadyHere { origin: origin.clone(), title });
    }

    /// The files of `package`, a claim of the same content as the one of `key` (the same
    /// documents in the same order), given to that claim's documents one by one and saved
    /// with it: this device may lack some of them (a page left before they were saved).
    /// A change of files only, not of the partner's: another tab's version is followed.
    /// Every staged file not given is dropped. Saved at once unless `later` (a restore
    /// gives files to many claims, then saves them all in one pass).
    fn take_files_of_the_same(&mut self, key: &str, package: &Claim, files: Vec<(FileToken, DocumentId)>, staged: Vec<FileToken>, later: bool, effects: &mut Vec<Effect>) {
        // The package's documents are numbered in order (`from_outside`): a document's
        // place is its id less the first one's.
        let first = package.documents.first().map(|document| document.id);
        let place = |id: DocumentId| first.and_then(|first| id.checked_sub(first)).map(|at| at as usize).filter(|at| package.documents.get(*at).is_some_and(|document| document.id == id));
        // A document here marked without its file (its package or backup did not hold
        // it), given it now, verified, as recorded: the mark goes.
        let lifted: Vec<DocumentId> = match self.entries.get(key) {
            Some(entry) => files
                .iter()
                .filter_map(|(_, id)| {
                    let at = place(*id)?;
                    let (given, here) = (package.documents.get(at)?, entry.claim.documents.get(at)?);
                    let expected = here.integrity.as_ref().filter(|mark| mark.lacks_file())?.expected_sha256.as_str();
                    (given.integrity.is_none() && given.file.as_ref().is_some_and(|file| file.sha256 == expected)).then_some(here.id)
                })
                .collect(),
            None => return,
        };
        if let Some(entry) = self.entries.get(key).filter(|_| !lifted.is_empty()) {
            let mut claim = (*entry.claim).clone();
            for document in claim.documents.iter_mut().filter(|document| lifted.contains(&document.id)) {
                document.integrity = None;
            }
            self.set_claim(key, claim);
        }
        let version = self.next_version();
        let Some(entry) = self.entries.get_mut(key) else { return };
        let attached: Vec<(FileToken, DocumentId)> = files.into_iter().filter_map(|(token, id)| place(id).and_then(|at| entry.claim.documents.get(at)).map(|document| (token, document.id))).collect();
        // Both in the order the files came: one walk finds those not given.
        let mut given = attached.iter().map(|(token, _)| *token).peekable();
        let dropped: Vec<FileToken> = staged.into_iter().filter(|token| given.next_if_eq(token).is_none()).collect();
        if !dropped.is_empty() {
            effects.push(Effect::DropStaged(dropped));
        }
        if attached.is_empty() {
            return;
        }
        effects.push(Effect::AttachFiles { key: key.to_string(), files: attached });
        entry.version = version;
        if !later {
            self.flush(effects);
        }
    }

    /// A claim from outside keeps the name of its calendar's events unless a claim here
    /// (or one come with it, `taken`) has it: the same claim edited since its package was
    /// built, opened or restored beside it, is another claim, with events of its own.
    /// `calendars`: the claims here by their calendar's name ([`Session::calendars`]),
    /// to which the claim is added under `key`, the key it will have here.
    fn own_calendar(claim: &mut Claim, calendars: &mut KeysBy, key: &str) {
        // One that could not name events (line breaks, too long) is let go here, so
        // that the claim's key names them everywhere: here, its package and its backup.
        if !claim.has_calendar_id() || calendars.contains_key(&claim.calendar_id) {
            claim.calendar_id.clear();
        }
        calendars.entry(claim.calendar_key(Some(key))).or_default().push(key.to_string());
    }

    /// The content fingerprints of the claims this tab holds (listed or on the page).
    pub fn content_fingerprints(&self) -> std::collections::HashSet<String> {
        self.entries.iter().filter(|(_, entry)| !self.is_empty(&entry.claim)).map(|(_, entry)| entry.claim.content_fingerprint()).collect()
    }

    /// [`Session::content_fingerprints`], each claim's computed only when it changed
    /// since `cache` last saw it (a claim is kept by `Rc`, and a change makes a new one:
    /// the cache holds the `Rc` it fingerprinted, so one the same is that claim). For a
    /// view that asks on every render: a fingerprint serialises and hashes the claim.
    pub fn content_fingerprints_cached(&self, cache: &mut FingerprintCache) -> std::collections::HashSet<String> {
        let keys: std::collections::HashSet<&str> = self.entries.iter().map(|(key, _)| key.as_str()).collect();
        cache.retain(|key, _| keys.contains(key.as_str()));
        let mut here = std::collections::HashSet::new();
        for (key, entry) in self.entries.iter().filter(|(_, entry)| !self.is_empty(&entry.claim)) {
            let known = cache.get(key).filter(|(claim, _)| Rc::ptr_eq(claim, &entry.claim)).map(|(_, fingerprint)| fingerprint.clone());
            let fingerprint = known.unwrap_or_else(|| {
                let fingerprint = entry.claim.content_fingerprint();
                cache.insert(key.clone(), (entry.claim.clone(), fingerprint.clone()));
                fingerprint
            });
            here.insert(fingerprint);
        }
        here
    }

    /// [`Session::where_here`], as whether each claim is here at all.
    #[cfg(test)]
    pub fn already_here(&self, claims: &[Claim]) -> Vec<bool> {
        self.where_here(claims).into_iter().map(|here| here != Here::No).collect()
    }

    /// For each claim of a backup, whether one with the same content is here already (a
    /// backup restored twice, or on the device it was made on; restoring it adds nothing),
    /// and under which key (a restore gives it the files this device lacks). The same rule
    /// as [`Event::RestoredBackup`]: a claim here in a later state of it
    /// ([`Session::later_state_in`]) is it too, so that the report says what was added.
    pub fn where_here(&self, claims: &[Claim]) -> Vec<Here> {
        let calendars = self.calendars();
        // Each claim's content, looked up (a backup of thousands restored beside
        // thousands), with the keys of the claims here that have it: none for a claim of
        // the backup counted already.
        let mut here = KeysBy::new();
        for (key, entry) in self.entries.iter().filter(|(_, entry)| !self.is_empty(&entry.claim)) {
            here.entry(entry.claim.content_fingerprint()).or_default().push(key.clone());
        }
        claims
            .iter()
            .map(|claim| {
                if let Some(key) = self.later_state_in(&calendars, claim) {
                    return Here::As(key);
                }
                match here.entry(claim.content_fingerprint()) {
                    std::collections::hash_map::Entry::Occupied(found) => found.get().first().map_or(Here::Twin, |key| Here::As(key.clone())),
                    std::collections::hash_map::Entry::Vacant(vacant) => {
                        vacant.insert(Vec::new());
                        Here::No
                    }
                }
            })
            .collect()
    }

    /// The claims a backup takes: every claim this tab holds that has content.
    pub fn claims_with_content(&self) -> Vec<(&str, &Rc<Claim>)> {
        self.entries.iter().filter(|(_, entry)| !self.is_empty(&entry.claim)).map(|(key, entry)| (key.as_str(), &entry.claim)).collect()
    }

    /// The titles of the claims with content here, as the list's search compares them
    /// ([`crate::claims::title_key`]; untitled ones left out): a claim coming in from a
    /// backup or a package whose title is among them is said to be kept beside it.
    pub fn titles_with_content(&self) -> std::collections::HashSet<String> {
        self.claims_with_content().iter().map(|(_, claim)| crate::claims::title_key(&claim.title)).filter(|title| !title.is_empty()).collect()
    }

    /// Whether a claim has nothing in it (it is then neither listed nor kept). Ids taken
    /// by lines or documents since removed do not count.
    pub fn is_empty(&self, claim: &Claim) -> bool {
        let new = Claim { next_id: claim.next_id, ..Claim::new_in(&claim.currency) };
        if *claim == new {
            return true;
        }
        // Blanks typed are no content (Space pressed to scroll, the focus in Title): such
        // a claim was saved, listed as "Untitled claim" and backed up.
        claim.cost_lines.is_empty()
            && claim.documents.is_empty()
            && claim.lifecycle == new.lifecycle
            && claim.origin == new.origin
            && claim.calendar_id == new.calendar_id
            && ClaimField::ALL.iter().all(|field| claim.field(*field).trim() == new.field(*field).trim())
    }

    /// How many claims of this tab hold documents whose files are not saved on the
    /// device yet ([`Entry::files_unsaved`]): the page asks to be kept open meanwhile.
    pub fn claims_with_files_unsaved(&self) -> usize {
        self.entries.values().filter(|entry| entry.files_unsaved()).count()
    }

    /// What the page says about saving: the claim on the page's state, unless another
    /// claim of this tab could not be saved (that one is said too: it is only here).
    pub fn save_state(&self) -> SaveState {
        if let Some(problem) = &self.storage_problem {
            return SaveState::Failed(problem.clone());
        }
        let Some(entry) = self.entries.get(&self.on_page) else { return SaveState::Nothing };
        if let Some(conflict) = &entry.conflict {
            return SaveState::Conflict { changed: conflict.is_some() };
        }
        if let Some(problem) = entry.failure.clone().or_else(|| self.entries.values().find_map(|other| other.failure.clone())) {
            return SaveState::Failed(problem);
        }
        // A deleted claim not kept in the bin (lost once the page is left), then one
        // still on the device, are said unless a save failed: that comes first.
        if self.deleted_unkept.iter().any(|key| self.bin.iter().any(|binned| binned.key == *key)) {
            return SaveState::Failed(Problem::new(NOT_BINNED, ""));
        }
        if !self.deletes_refused().is_empty() {
            return SaveState::Failed(Problem::new(NOT_DELETED, ""));
        }
        if self.is_empty(&entry.claim) && entry.revision.is_none() {
            SaveState::Nothing
        } else if entry.is_saved() {
            SaveState::Saved
        } else {
            SaveState::Pending
        }
    }

    /// Handles one event: the session changes and says what the shell must do.
    /// Returns `None` when the event changes nothing (the page need not render again):
    /// an edit that leaves the claim as it was, or an action on a claim that is gone.
    pub fn handle(&mut self, event: Event) -> Option<Vec<Effect>> {
        if self.notice.is_some() && event.is_partners() {
            self.notice = None;
        }
        // The page's review is made with the other claims (a period's funds and caps,
        // invoices used twice): an event that may change them reviews it again.
        let others = match &event {
            Event::EditClaim { key, .. } | Event::Inspected { key, .. } | Event::FilesRead { key, .. } | Event::ChangedElsewhere { key, .. } | Event::SaveStale { key, .. } | Event::TakeOtherVersion { key } => *key != self.on_page,
            Event::Delete { .. } | Event::Undo { .. } | Event::RestoredBackup { .. } | Event::Journaled { .. } => true,
            _ => false,
        };
        let effects = self.apply(event)?;
        if others {
            self.review_page();
        }
        Some(effects)
    }

    fn apply(&mut self, event: Event) -> Option<Vec<Effect>> {
        let mut effects = Vec::new();
        match event {
            Event::Edit(edit) => {
                if !self.edit_on_page(|claim, profile| claim.apply(edit, profile), &mut effects) {
                    return None;
                }
            }
            Event::AddDocuments(files) => {
                // Documents added end the Undo of one removed (the partner may be adding its
                // file again: Undo would add it twice); its file is let go.
                for (_, document) in self.removed_documents.drain(..) {
                    effects.push(Effect::ForgetFile { key: self.on_page.clone(), document: document.id });
                }
                // The files are kept and read first; the save comes after.
                let mut attached = Vec::with_capacity(files.len());
                let mut later = Vec::new();
                self.edit_on_page(
                    |claim, profile| {
                        for (name, token) in files {
                            claim.apply(Edit::AddDocument { file_name: name, doc_type: None, file: None }, profile);
                            attached.push((token, claim.next_id.saturating_sub(1)));
                        }
                    },
                    &mut later,
                );
                let documents = attached.iter().map(|(_, id)| *id).collect();
                effects.push(Effect::AttachFiles { key: self.on_page.clone(), files: attached });
                effects.push(Effect::ReadFiles { key: self.on_page.clone(), documents });
                effects.append(&mut later);
            }
            Event::FilesRead { key, results } => self.files_read(&key, results, &mut effects),
            Event::EditClaim { key, edit } => {
                if key == self.on_page {
                    if !self.edit_on_page(|claim, profile| claim.apply(edit, profile), &mut effects) {
                        return None;
                    }
                    return Some(effects);
                }
                let entry = self.entries.get(&key)?;
                let mut claim = (*entry.claim).clone();
                claim.apply(edit, &self.profile);
                if claim == *entry.claim {
                    return None;
                }
                // Changed by the partner (archived from the list): no longer the example
                // or the package as it came, as an edit on the page.
                claim.origin = None;
                self.set_claim(&key, claim);
                self.flush(&mut effects);
            }
            Event::Inspected { key, results } => {
                let entry = self.entries.get(&key)?;
                let mut claim = (*entry.claim).clone();
                for (id, inspection) in results {
                    claim.apply(Edit::SetInspection(id, inspection), &self.profile);
                }
                if claim == *entry.claim {
                    return None;
                }
                let edited = entry.edited;
                self.set_claim(&key, claim);
                // A reading, not an edit of the partner's.
                if let Some(entry) = self.entries.get_mut(&key) {
                    entry.edited = edited;
                }
                if key == self.on_page {
                    self.schedule(&mut effects);
                } else {
                    self.flush(&mut effects);
                }
            }
            Event::NewClaim { key } => {
                self.put_on_page(&key, Claim::new_in(&self.default_currency), &mut effects);
                effects.push(Effect::Focus("claim-title".into()));
            }
            Event::LoadExample { key, lang } => {
                let mut claim = example_claim(self.today, &self.profile, &lang, &self.default_currency);
                claim.origin = Some(Origin::Example);
                // The example here, unchanged and as today's would be (its files read or
                // not): shown, not copied.
                let today_s = as_loaded(&claim);
                if let Some(found) = self.key_here(|here| here.origin.as_ref() == Some(&Origin::Example) && as_loaded(here) == today_s) {
                    self.show_found(found, &Origin::Example, &mut effects);
                    return Some(effects);
                }
                let files = claim.documents.iter().map(|d| (d.id, d.file_name.clone(), example_document(&d.file_name, &claim, &lang))).collect::<Vec<_>>();
                // The example's documents are PDFs this page writes: what the reader finds
                // in them is known (a test reads them), so the reader is not started for them.
                for (id, _, bytes) in &files {
                    if let Some(document) = claim.documents.iter_mut().find(|d| d.id == *id) {
                        document.read = Some(Box::new(crate::example::example_inspection(bytes)));
                    }
                }
                // One loaded on an earlier day (dated from then: its deadline passing, its
                // activity long over) or in another language is not shown again: today's
                // is loaded beside it. The earlier one stays as it is: changing or removing
                // it here could meet another tab's edit of it, or that tab's files of it.
                effects.push(Effect::CreateFiles { key: key.clone(), files });
                self.put_on_page(&key, claim, &mut effects);
            }
            Event::Open { key } => {
                if key == self.on_page || !self.entries.contains_key(&key) {
                    return None;
                }
                self.show(&key, &mut effects);
                effects.push(Effect::Focus("claim-title".into()));
            }
            Event::Duplicate { key, new_key, title } => {
                if let Some(entry) = self.entries.get(&key) {
                    if !self.entries.contains_key(&new_key) {
                        let mut claim = (*entry.claim).clone();
                        claim.title = title;
                        // A copy made on purpose: loading the original again is not this,
                        // and its calendar's events are its own (named by its key).
                        claim.origin = None;
                        claim.calendar_id = String::new();
                        // A new claim, not yet submitted: the original's status, Partner
                        // Center claim ID, dates, history and archive stay the original's.
                        claim.lifecycle = crate::lifecycle::Lifecycle::default();
                        effects.push(Effect::CopyFiles { from: key, to: new_key.clone() });
                        self.put_on_page(&new_key, claim, &mut effects);
                        effects.push(Effect::Focus("claim-title".into()));
                    }
                }
            }
            Event::OpenedPackage { key, claim, files } => {
                let origin = Origin::Package(claim.fingerprint());
                let content = claim.content_fingerprint();
                let mut calendars = self.calendars();
                let later = self.later_state_in(&calendars, &claim);
                let staged: Vec<FileToken> = files.iter().map(|(_, token)| *token).collect();
                let (claim, files) = from_outside(*claim, files, origin.clone());
                // Opened before, or the claim it was built from, unchanged since (or only
                // submitted, paid, archived since): a second claim of the same content would
                // only claim its funds and invoices twice.
                if let Some(here) = later.or_else(|| self.key_here(|here| here.origin.as_ref() == Some(&origin) || here.content_fingerprint() == content)) {
                    self.show_found(here.clone(), &origin, &mut effects);
                    self.take_files_of_the_same(&here, &claim, files, staged, false, &mut effects);
                    return Some(effects);
                }
                // Deleted here before and back now from its package: Undo has nothing to
                // bring back (it would add a second copy), and nothing is said deleted.
                self.bin.retain(|binned| binned.claim.content_fingerprint() != content);
                effects.push(Effect::AttachFiles { key: key.clone(), files });
                let mut claim = claim;
                Session::own_calendar(&mut claim, &mut calendars, &key);
                // The keyboard goes to what the package came to (the shell's report).
                self.put_on_page(&key, claim, &mut effects);
            }
            Event::RestoredBackup { claims } => {
                // Each looked up, not compared with every claim here: a backup of
                // thousands restored beside thousands (`benches/claims.rs`).
                let (mut here, mut calendars) = (self.content_fingerprints(), self.calendars());
                let (mut added, mut contents) = (std::collections::HashSet::new(), std::collections::HashSet::new());
                for FromBackup { key, claim, files } in claims {
                    let content = claim.content_fingerprint();
                    // Submitted (paid, archived) here since the backup was made: that claim.
                    let moved_on = self.later_state_in(&calendars, &claim);
                    if self.entries.contains_key(&key) || moved_on.is_some() || !here.insert(content.clone()) {
                        let staged: Vec<FileToken> = files.iter().map(|(_, token)| *token).collect();
                        // Sent under the key of the claim here that it is: the files this
                        // device lacks for it (the page sends only those), given to it as
                        // Open package gives them.
                        let same = moved_on.as_deref() == Some(key.as_str()) || self.entries.get(&key).is_some_and(|entry| entry.claim.content_fingerprint() == content);
                        if same && !files.is_empty() {
                            let origin = Origin::Package(claim.fingerprint());
                            let (claim, files) = from_outside(*claim, files, origin);
                            self.take_files_of_the_same(&key, &claim, files, staged, true, &mut effects);
                        } else {
                            effects.push(Effect::DropStaged(staged));
                        }
                        continue;
                    }
                    let origin = Origin::Package(claim.fingerprint());
                    let (mut claim, files) = from_outside(*claim, files, origin);
                    Session::own_calendar(&mut claim, &mut calendars, &key);
                    contents.insert(content);
                    effects.push(Effect::AttachFiles { key: key.clone(), files });
                    let entry = self.new_entry(&key, claim);
                    added.insert(key.clone());
                    self.entries.insert(key, entry);
                }
                // Deleted here before and back now from the backup: Undo has nothing to
                // bring back (it would add a second copy).
                self.bin.retain(|binned| !contents.contains(&binned.claim.content_fingerprint()));
                // Restored into a page showing an empty claim (a browser whose data was
                // cleared): the first claim restored, as the list orders them, is shown
                // rather than the empty one listed as "Untitled claim, 10 blockers".
                if self.is_empty(self.claim()) {
                    if let Some(first) = self.rows().into_iter().map(|row| row.key).find(|key| added.contains(key)) {
                        self.show(&first, &mut effects);
                    }
                }
                self.flush(&mut effects);
            }
            Event::UndoRemoveCostLine => {
                let (position, line, linked) = self.removed_cost_lines.pop()?;
                self.edit_on_page(
                    |claim, _| {
                        if claim.cost_line(line.id).is_none() {
                            let id = line.id;
                            claim.cost_lines.insert(position.min(claim.cost_lines.len()), line);
                            // Those still invoices: one typed otherwise since links to no line.
                            for document in claim.documents.iter_mut().filter(|d| linked.contains(&d.id) && d.cost_line.is_none() && d.doc_type == Some(crate::claim::DocType::Invoice)) {
                                document.cost_line = Some(id);
                            }
                        }
                    },
                    &mut effects,
                );
            }
            Event::UndoRemoveDocument => {
                let (position, document) = self.removed_documents.pop()?;
                // Removed before its file was read, and not read since: read now (the page
                // keeps the file for Undo), or it would say "Reading…" for good.
                if document.file.is_none() {
                    effects.push(Effect::ReadFiles { key: self.on_page.clone(), documents: vec![document.id] });
                }
                // Read, and not checked by the reader yet (its reading came while it was
                // removed, and went): checked now, or it would say "Checking…" for good, and
                // the checks of its content never run.
                let single = Claim { documents: vec![document.clone()], ..Claim::default() };
                let to_inspect = uninspected(&single);
                self.edit_on_page(
                    |claim, _| {
                        if claim.document(document.id).is_none() {
                            claim.documents.insert(position.min(claim.documents.len()), document);
                        }
                    },
                    &mut effects,
                );
                if !to_inspect.is_empty() {
                    effects.push(Effect::Inspect { key: self.on_page.clone(), documents: to_inspect });
                }
            }
            Event::StorageCleared => {
                // Nothing saved: nothing lost to say (what it remembers is written again).
                let saved = self.entries.values().any(|entry| entry.revision.is_some() || entry.saving.is_some()) || !self.bin.is_empty();
                for (_, entry) in self.entries.iter_mut() {
                    entry.revision = None;
                    entry.base = None;
                    entry.sent = None;
                    entry.saving = None;
                    entry.saved_version = None;
                    entry.conflict = None;
                    entry.failure = None;
                }
                self.removals.clear();
                self.deletes_refused.clear();
                self.storage_problem = None;
                if saved {
                    self.give_notice(Notice::StorageCleared);
                }
                effects.push(Effect::RememberOpen { key: self.on_page.clone() });
                effects.push(Effect::RememberSettings);
                self.flush(&mut effects);
            }
            Event::Today(day) => {
                if day == self.today {
                    return None;
                }
                self.today = day;
                self.review_all();
            }
            Event::FileLimit { bytes, .. } => {
                if !self.set_file_limit(bytes) {
                    return None;
                }
            }
            Event::Delete { key, fallback_key } => {
                if !self.entries.contains_key(&key) {
                    return None; // a second press, or a claim another tab deleted
                }
                self.delete(&key, &fallback_key, &mut effects);
            }
            Event::LeavingBin { key, content } => {
                let before = self.bin.len();
                self.bin.retain(|binned| binned.key != key || binned.set_aside || binned.claim.content_fingerprint() != content);
                if self.bin.len() == before {
                    return None;
                }
                if !self.bin.iter().any(|binned| binned.key == key) {
                    self.deleted_unkept.retain(|unkept| *unkept != key);
                }
            }
            Event::Undo { spare_key } => {
                let binned = self.bin.pop()?;
                self.deleted_unkept.retain(|key| *key != binned.key);
                self.deletes_refused.retain(|(key, _)| *key != binned.key);
                // Already back as it was (Undo pressed in another tab, or Restore under
                // Recently deleted, which gives it a new key): the claim is not brought
                // back a second time, its row is shown.
                let content = binned.claim.content_fingerprint();
                let back = self.entries.iter().find(|(_, entry)| !self.is_empty(&entry.claim) && entry.claim.content_fingerprint() == content).map(|(key, _)| key.clone());
                if let Some(key) = back {
                    effects.push(Effect::Focus(format!("open-{key}")));
                    self.brought_back = Some(key);
                } else {
                    let key = if self.entries.contains_key(&binned.key) { spare_key } else { binned.key.clone() };
                    if key != binned.key {
                        effects.push(Effect::CopyFiles { from: binned.key.clone(), to: key.clone() });
                    }
                    // Its record was removed: it is saved again as a new one.
                    let entry = self.new_entry(&key, (*binned.claim).clone());
                    self.entries.insert(key.clone(), entry);
                    effects.push(Effect::Focus(format!("open-{key}")));
                    self.brought_back = Some(key);
                    self.flush(&mut effects);
                }
            }
            Event::Listed { records, unreadable, last_open, journal } => self.listed(records, unreadable, last_open, journal, &mut effects),
            Event::Journaled { journal, spare_key } => self.take_journal(journal, spare_key, &mut effects),
            Event::ListFailed(problem) => {
                self.storage_problem = Some(problem);
            }
            Event::SaveDue => {
                self.save_scheduled = false;
                self.flush(&mut effects);
            }
            Event::TryAgain => {
                if !self.entries.values().any(|entry| entry.failure.is_some() && entry.saving.is_none() && entry.handed_over != Some(entry.version)) {
                    return None;
                }
                self.flush(&mut effects);
            }
            // Hidden, the page may never run again: a phone discards a tab in the
            // background without pagehide, a renderer crashes mid-save. What a save under
            // way does not hold yet (typed behind it) would be lost with it: every claim's
            // unsaved edits are journaled, whether the page is closing or not.
            Event::PageHidden => {
                self.flush(&mut effects);
                let unsaved: Vec<Journaled> = self
                    .entries
                    .iter()
                    // Not a reading alone: it is read again when its claim is shown.
                    .filter(|(_, entry)| !entry.edits_saved() && !self.is_empty(&entry.claim))
                    .map(|(key, entry)| entry.journaled(key))
                    .collect();
                if !unsaved.is_empty() {
                    effects.push(Effect::Journal(unsaved));
                }
            }
            Event::LockLost { key } => {
                self.flush(&mut effects);
                if let Some(entry) = self.entries.get(&key).filter(|entry| !entry.edits_saved() && !self.is_empty(&entry.claim)) {
                    effects.push(Effect::Journal(vec![entry.journaled(&key)]));
                }
                if let Some(entry) = self.entries.get_mut(&key) {
                    entry.handed_over = Some(entry.version);
                }
            }
            Event::Saved { key, version, revision } => {
                if let Some(entry) = self.entries.get_mut(&key) {
                    if entry.saving == Some(version) {
                        entry.saving = None;
                        entry.revision = Some(revision);
                        entry.base = entry.sent.take();
                        entry.saved_version = Some(version);
                        entry.failure = None;
                    }
                }
                // The device takes saves again: a remove it refused earlier is no longer news
                // (a failed listing never gets here: nothing is saved without the list).
                self.storage_problem = None;
                // A journal of edits made behind this save stays until they are saved too.
                if self.entries.get(&key).is_none_or(Entry::edits_saved) {
                    effects.push(Effect::ClearJournal { key: key.clone() });
                }
                effects.push(Effect::Announce { key, revision: Some(revision) });
                self.flush(&mut effects);
            }
            Event::SaveFailed { key, version, problem } => {
                let mut first_refusal = false;
                if let Some(entry) = self.entries.get_mut(&key) {
                    if entry.saving == Some(version) {
                        entry.saving = None;
                        entry.sent = None;
                        first_refusal = entry.failure.is_none();
                        entry.failure = Some(problem);
                    }
                }
                // Not saved (the storage full, most often): the claim on the page is
                // journaled now, as it is when the page is left, so that a tab that crashes
                // or is killed meanwhile loses none of it (only a page left in order
                // journaled it, and a crash brought back the claim as it was saved last,
                // "saved"). Only the claim on the page, whose lock this tab holds (a tab
                // opening takes no entry of a held claim): one it showed before was
                // journaled as it left, and another tab may have taken that entry since (a
                // refused retry here would write this tab's copy over that tab's newer one).
                // The first refusal of a claim that left the page before it came is
                // journaled too: it was not refused yet as it left.
                if key == self.on_page || first_refusal {
                    self.journal_refused(&key, &mut effects);
                }
            }
            Event::SaveStale { key, version, current } => {
                let entry = self.entries.get_mut(&key)?;
                if entry.saving != Some(version) {
                    return Some(effects);
                }
                entry.saving = None;
                let sent = entry.sent.take();
                if let Some((record, sent)) = current.as_ref().zip(sent.as_ref()).filter(|(record, sent)| record.claim == ***sent) {
                    // The device holds what this save would have written (a tab that closed
                    // saved it, and this one took its journal too): saved, no conflict.
                    entry.revision = Some(record.revision);
                    entry.saved_version = Some(version);
                    entry.base = Some(sent.clone());
                    entry.failure = None;
                    // As after a save that lands: a journal of edits made since stays.
                    if entry.edits_saved() {
                        effects.push(Effect::ClearJournal { key: key.clone() });
                    }
                    // The tab that saved it closed before it could tell the others.
                    effects.push(Effect::Announce { key: key.clone(), revision: Some(record.revision) });
                    self.flush(&mut effects);
                    return Some(effects);
                }
                if entry.edits_saved() {
                    // Only a reading of its files was unsaved here: the other version is
                    // followed (with the readings of the files it shares).
                    self.changed_elsewhere(&key, current, &mut effects);
                } else if let Some(record) = current.as_ref().filter(|record| entry.only_read_further(record)) {
                    // The other tab only saved what its reader found since this tab's base
                    // (or since the version kept over): this tab's edits, with it, are saved.
                    let record = record.clone();
                    self.rebase(&key, record);
                    self.flush(&mut effects);
                } else {
                    entry.conflict = Some(current);
                }
            }
            Event::Removed { key, revision, binned, record } => {
                self.removed(&key, revision);
                self.deletes_refused.retain(|(refused, _)| *refused != key);
                // Saved in another tab after this tab last heard (its word still on the
                // way): Undo brings back the claim as it was removed, not this tab's older copy.
                if let Some(record) = record.filter(|record| Some(record.revision) == revision) {
                    if let Some(deleted) = self.bin.iter_mut().rev().find(|binned| binned.key == key && !binned.set_aside) {
                        if deleted.as_saved && deleted.revision.is_some_and(|known| known < record.revision) {
                            deleted.claim = Rc::new(record.claim);
                            deleted.revision = Some(record.revision);
                        }
                    }
                }
                // Only Undo on this page can bring it back now.
                if binned {
                    // Kept by the device this time (the key was deleted before, brought back).
                    self.deleted_unkept.retain(|unkept| *unkept != key);
                } else if self.bin.iter().any(|entry| entry.key == key) && !self.deleted_unkept.contains(&key) {
                    self.deleted_unkept.push(key.clone());
                }
                // Room was made: what could not be saved is tried again.
                self.flush(&mut effects);
            }
            Event::RemoveFailed { key, problem } => {
                self.removed(&key, None);
                let deleted = self.bin.iter().rev().find(|binned| binned.key == key && !binned.set_aside).filter(|_| !self.entries.contains_key(&key));
                if let Some(deleted) = deleted {
                    // A claim the partner deleted: it is still on the device, not a save
                    // refused (the claim is not on the page).
                    let title = deleted.claim.title.clone();
                    if !self.deletes_refused.iter().any(|(refused, _)| *refused == key) {
                        self.deletes_refused.push((key, title));
                    }
                } else {
                    self.storage_problem = Some(problem);
                }
            }
            Event::ChangedElsewhere { key, record } => self.changed_elsewhere(&key, record, &mut effects),
            Event::KeepThisVersion { key } => {
                let entry = self.entries.get_mut(&key)?;
                let conflict = entry.conflict.take()?;
                entry.revision = conflict.as_ref().map(|record| record.revision);
                entry.base = conflict.map(|record| Rc::new(record.claim));
                entry.saved_version = None;
                self.flush(&mut effects);
            }
            Event::TakeOtherVersion { key } => {
                let entry = self.entries.get(&key)?;
                let conflict = entry.conflict.clone()?;
                // This tab's version goes to the bin: Undo can still bring it back.
                // Set aside for the other tab's version; deleted with the other tab's delete.
                let (claim, revision) = (entry.claim.clone(), entry.revision);
                self.put_in_bin(key.clone(), claim, revision, false, conflict.is_some());
                match conflict {
                    Some(record) => {
                        let entry = self.entry_from_record(record);
                        self.entries.insert(key.clone(), entry);
                        if key == self.on_page {
                            self.review_page();
                        }
                    }
                    None => {
                        // Deleted in the other tab: it stays deleted here too.
                        self.entries.remove(&key);
                        if key == self.on_page {
                            self.replace_page_after_removal(&key, None, &mut effects);
                        }
                    }
                }
            }
        }
        Some(effects)
    }

    /// Changes the claim on the page; false when the change left it as it was.
    fn edit_on_page(&mut self, change: impl FnOnce(&mut Claim, &Profile), effects: &mut Vec<Effect>) -> bool {
        let key = self.on_page.clone();
        let profile = self.profile.clone();
        let was_empty = self.is_empty(self.claim());
        let Some(entry) = self.entries.get_mut(&key) else { return false };
        let mut claim = (*entry.claim).clone();
        let removed: Vec<DocumentId> = entry.claim.documents.iter().map(|d| d.id).collect();
        let lines: Vec<CostLineId> = entry.claim.cost_lines.iter().map(|line| line.id).collect();
        change(&mut claim, &profile);
        if claim == *entry.claim {
            return false;
        }
        // Changed by the partner: no longer the example or the package as it came.
        claim.origin = None;
        // A removed document goes to the page's document bin, its file kept for Undo.
        // Looked for only when the claim has fewer (an edit removes, or adds, or changes
        // one): each lookup walks the list, and a claim of 10,000 lines walked it 10,000
        // times at each key typed in its title.
        let fewer = |before: usize, after: usize| after < before;
        let (documents_before, lines_before) = (removed.len(), lines.len());
        for (position, id) in removed.into_iter().enumerate().filter(|(_, id)| fewer(documents_before, claim.documents.len()) && claim.document(*id).is_none()) {
            if let Some(document) = entry.claim.document(id) {
                self.removed_documents.push((position, document.clone()));
            }
        }
        // So does a removed cost line, with the documents that were linked to it.
        for (position, id) in lines.into_iter().enumerate().filter(|(_, id)| fewer(lines_before, claim.cost_lines.len()) && claim.cost_line(*id).is_none()) {
            if let Some(line) = entry.claim.cost_line(id) {
                let linked = entry.claim.documents.iter().filter(|d| d.cost_line == Some(id)).map(|d| d.id).collect();
                self.removed_cost_lines.push((position, line.clone(), linked));
            }
        }
        self.set_claim(&key, claim);
        // A new claim given its first content is the one to open again after a reload
        // (while empty, the claim shown before it was).
        if was_empty && self.listed && !self.is_empty(self.claim()) {
            effects.push(Effect::RememberOpen { key: key.clone() });
        }
        self.schedule(effects);
        true
    }

    /// Replaces a claim's content: a new version, its row and (on the page) its review.
    fn set_claim(&mut self, key: &str, claim: Claim) {
        let version = self.next_version();
        let (profile, today) = (self.profile.clone(), self.today);
        let Some(entry) = self.entries.get_mut(key) else { return };
        if key != self.on_page {
            entry.row = ClaimRow::of(key, &claim, &profile, today);
        }
        entry.claim = Rc::new(claim);
        entry.version = version;
        entry.edited = version;
        if key == self.on_page {
            self.review_page();
        }
    }

    fn schedule(&mut self, effects: &mut Vec<Effect>) {
        if self.listed && !self.save_scheduled {
            self.save_scheduled = true;
            effects.push(Effect::ScheduleSave);
        }
    }

    fn files_read(&mut self, key: &str, results: Vec<(DocumentId, Result<FileFacts, Problem>)>, effects: &mut Vec<Effect>) {
        let Some(entry) = self.entries.get(key) else { return };
        let mut claim = (*entry.claim).clone();
        let mut replaced = false;
        for (id, result) in results {
            if let Ok(facts) = result {
                // Removed from the page's claim while it was read: its copy kept for Undo
                // takes the facts, and comes back read.
                if key == self.on_page && claim.document(id).is_none() {
                    match self.removed_documents.iter_mut().rev().find(|(_, removed)| removed.id == id) {
                        Some((_, removed)) if removed.file.is_none() => removed.file = Some(facts),
                        // Its original given, and not it: let go, as on the row.
                        Some((_, removed)) if !removed.takes_file(&facts) => effects.push(Effect::NotOriginal { key: key.to_string(), document: id, sha256: facts.sha256 }),
                        _ => {}
                    }
                    continue;
                }
                // A marked document takes its original only.
                if claim.document(id).is_some_and(|document| !document.takes_file(&facts)) {
                    effects.push(Effect::NotOriginal { key: key.to_string(), document: id, sha256: facts.sha256 });
                    continue;
                }
                // Facts read for the first time are the same file; other facts mean the
                // partner gave the document another file (the original of an altered one).
                replaced |= claim.document(id).and_then(|document| document.file.as_ref()).is_some_and(|known| *known != facts);
                claim.apply(Edit::SetDocumentFile(id, Some(facts)), &self.profile);
            }
        }
        if replaced {
            claim.origin = None;
        }
        let to_inspect = uninspected(&claim);
        if !to_inspect.is_empty() {
            effects.push(Effect::Inspect { key: key.to_string(), documents: to_inspect });
        }
        if claim != *entry.claim {
            self.set_claim(key, claim);
            if key == self.on_page {
                self.schedule(effects);
            } else {
                self.flush(effects);
            }
        }
    }

    /// A new claim on the page, under a key no claim has.
    fn put_on_page(&mut self, key: &str, claim: Claim, effects: &mut Vec<Effect>) {
        if self.entries.contains_key(key) {
            return;
        }
        let entry = self.new_entry(key, claim);
        self.entries.insert(key.to_string(), entry);
        self.show(key, effects);
    }

    /// Journals claim `key` if the storage refused its last save and it holds edits not
    /// saved ([`Effect::Journal`]).
    fn journal_refused(&self, key: &str, effects: &mut Vec<Effect>) {
        if let Some(entry) = self.entries.get(key).filter(|entry| entry.failure.is_some() && !entry.edits_saved() && !self.is_empty(&entry.claim)) {
            effects.push(Effect::Journal(vec![entry.journaled(key)]));
        }
    }

    /// Puts a claim this tab knows on the page; the one there leaves it (and goes, if
    /// empty). Its documents whose file was never read are read; everything not saved is
    /// saved now. The one way a claim comes on the page.
    fn show(&mut self, key: &str, effects: &mut Vec<Effect>) {
        // The removed documents of the claim leaving the page are gone for good now.
        for (_, document) in self.removed_documents.drain(..) {
            effects.push(Effect::ForgetFile { key: self.on_page.clone(), document: document.id });
        }
        self.removed_cost_lines.clear();
        self.brought_back = None;
        let leaving = std::mem::replace(&mut self.on_page, key.to_string());
        self.drop_if_empty(&leaving, effects);
        // Leaving the page while the storage refuses it: journaled as it leaves (a claim
        // not on the page is not journaled at each refusal, see `Event::SaveFailed`).
        self.journal_refused(&leaving, effects);
        // Its row was its page's review, the other claims counted in: now they are
        // counted with it in the list (`rows`), so its row is its review alone.
        let (profile, today) = (self.profile.clone(), self.today);
        if let Some(entry) = self.entries.get_mut(&leaving) {
            entry.row = ClaimRow::of(&leaving, &entry.claim, &profile, today);
        }
        self.review_page();
        // An empty claim (New claim) is not remembered: it is not kept, and after a reload
        // the claim shown before it is the one to open again, not the first of the list.
        if self.listed && !self.is_empty(self.claim()) {
            effects.push(Effect::RememberOpen { key: key.to_string() });
        }
        self.read_missing_facts(key, effects);
        self.flush(effects);
    }

    /// The claims of this tab other than the one on the page: the page's review is made
    /// with them (`INVOICE-REUSED`, and a usage period's funds and caps), and so is its
    /// package's.
    pub fn others(&self) -> impl Iterator<Item = &Claim> {
        self.entries.iter().filter(|(key, _)| **key != self.on_page).map(|(_, entry)| entry.claim.as_ref())
    }

    /// Reviews the claim on the page again; its row follows the review.
    fn review_page(&mut self) {
        let elsewhere = crate::rules::invoices::Elsewhere::of(self.others(), &self.profile);
        let review = Rc::new(crate::rules::review_with(self.claim(), &self.profile, self.today, Some(&elsewhere)));
        let key = self.on_page.clone();
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.row = ClaimRow::from_review(&key, &entry.claim, &review);
        }
        self.review = review;
    }

    /// An empty claim that is not on the page is not kept (its record, if any, goes).
    fn drop_if_empty(&mut self, key: &str, effects: &mut Vec<Effect>) {
        if key == self.on_page {
            return;
        }
        let Some(entry) = self.entries.get(key) else { return };
        if !self.is_empty(&entry.claim) || entry.conflict.is_some() {
            return;
        }
        if entry.revision.is_some() || entry.saving.is_some() {
            // (A save under way makes the revision on the device unknown here.)
            let revision = entry.revision.filter(|_| entry.saving.is_none());
            self.remove(key, revision, effects);
        }
        self.entries.remove(key);
        effects.push(Effect::ForgetFiles { key: key.to_string() });
    }

    /// Documents whose file was never read (the page closed mid-read) are read again;
    /// those the document reader has not read yet (saved before it existed, or the page
    /// closed first) are given to it.
    fn read_missing_facts(&self, key: &str, effects: &mut Vec<Effect>) {
        let Some(entry) = self.entries.get(key) else { return };
        let documents: Vec<DocumentId> = entry.claim.documents.iter().filter(|d| d.file.is_none()).map(|d| d.id).collect();
        if !documents.is_empty() {
            effects.push(Effect::ReadFiles { key: key.to_string(), documents });
        }
        let read: Vec<DocumentId> = entry.claim.documents.iter().filter(|d| d.integrity.is_none() && d.file.as_ref().is_some_and(|file| file.size > 0)).map(|d| d.id).collect();
        if !read.is_empty() {
            effects.push(Effect::CheckFiles { key: key.to_string(), documents: read });
        }
        let to_inspect = uninspected(&entry.claim);
        if !to_inspect.is_empty() {
            effects.push(Effect::Inspect { key: key.to_string(), documents: to_inspect });
        }
    }

    /// Puts a claim that left this tab in the bin, numbered ([`Binned::number`]).
    fn put_in_bin(&mut self, key: String, claim: Rc<Claim>, revision: Option<u64>, as_saved: bool, set_aside: bool) {
        self.binned += 1;
        self.bin.push(Binned { key, claim, revision, as_saved, set_aside, number: self.binned });
    }

    fn delete(&mut self, key: &str, fallback_key: &str, effects: &mut Vec<Effect>) {
        let Some(entry) = self.entries.remove(key) else { return };
        // Deleted again (brought back since a delete the device refused): this delete's
        // answer says whether it is still there.
        self.deletes_refused.retain(|(refused, _)| refused != key);
        // An empty claim needs no Undo.
        let stored = entry.revision.is_some() || entry.saving.is_some();
        let binned = !self.is_empty(&entry.claim);
        if binned {
            let as_saved = entry.is_saved() && entry.saving.is_none() && entry.conflict.is_none();
            self.put_in_bin(key.to_string(), entry.claim.clone(), entry.revision, as_saved, false);
            effects.push(Effect::Focus("claims-undo".into()));
        } else {
            // No Undo to go to: the keyboard goes to the claim the page shows now.
            effects.push(Effect::Focus("claim-title".into()));
        }
        if stored {
            self.remove(key, entry.revision.filter(|_| entry.saving.is_none()), effects);
            effects.push(Effect::Announce { key: key.to_string(), revision: None });
        }
        effects.push(Effect::ClearJournal { key: key.to_string() });
        if key == self.on_page {
            self.replace_page_after_removal(key, Some(fallback_key), effects);
        }
    }

    /// The claim on the page is gone: the most urgent other takes its place, else a new
    /// empty claim (under `fallback_key`; without one, the page keeps an empty claim
    /// under the old key).
    fn replace_page_after_removal(&mut self, gone: &str, fallback_key: Option<&str>, effects: &mut Vec<Effect>) {
        let next = self.rows().into_iter().map(|row| row.key).find(|key| key != gone && self.entries.contains_key(key));
        let key = match next {
            Some(key) => key,
            None => {
                let key = fallback_key.unwrap_or(gone).to_string();
                let entry = self.new_entry(&key, Claim::new_in(&self.default_currency));
                self.entries.insert(key.clone(), entry);
                key
            }
        };
        self.show(&key, effects);
    }

    fn listed(&mut self, records: Vec<Record>, unreadable: Vec<String>, last_open: Option<String>, journal: Vec<Journaled>, effects: &mut Vec<Effect>) {
        if self.listed {
            return;
        }
        self.listed = true;
        self.unreadable = unreadable;
        // This tab's own claims, made before the list came: a journal entry of one of them
        // is this tab's too (a key is fresh to each page), written as it was hidden before
        // the list came, and older than what is on the page.
        let own: Vec<String> = self.entries.keys().cloned().collect();
        for record in records {
            // A claim this tab already has (made before the list came) keeps this tab's version.
            if self.entries.contains_key(&record.key) || self.bin.iter().any(|binned| binned.key == record.key) {
                continue;
            }
            let entry = self.entry_from_record(record);
            self.entries.insert(entry.row.key.clone(), entry);
        }
        // Its entry is written again as the claim is now (the page may still be hidden,
        // and the tab discarded before the save it is about to make lands), or let go.
        let (mine, journal): (Vec<_>, Vec<_>) = journal.into_iter().partition(|journaled| own.contains(&journaled.key));
        for journaled in mine {
            match self.entries.get(&journaled.key).filter(|entry| !self.is_empty(&entry.claim)) {
                Some(entry) => effects.push(Effect::Journal(vec![entry.journaled(&journaled.key)])),
                None => effects.push(Effect::ClearJournal { key: journaled.key }),
            }
        }
        self.recover(journal, effects);
        // A partner who started before the list came keeps what is on the page.
        if self.is_empty(self.claim()) {
            let open = last_open.filter(|key| *key != self.on_page && self.entries.contains_key(key)).or_else(|| {
                self.rows().into_iter().map(|row| row.key).find(|key| *key != self.on_page)
            });
            if let Some(open) = open {
                self.show(&open, effects);
                return;
            }
        }
        effects.push(Effect::RememberOpen { key: self.on_page.clone() });
        self.flush(effects);
    }

    /// Claims the page journaled when it was last closed come back as this tab's unsaved
    /// version of each (saved once the list is in). The journal entries are taken: this
    /// tab keeps them now, and journals them again if it is closed before they are saved. One whose record moved on since
    /// (another tab saved or deleted it) is kept beside it as a conflict.
    fn recover(&mut self, journal: Vec<Journaled>, effects: &mut Vec<Effect>) {
        for journaled in journal {
            effects.push(Effect::ClearJournal { key: journaled.key.clone() });
            if self.bin.iter().any(|binned| binned.key == journaled.key) || self.is_empty(&journaled.claim) {
                continue;
            }
            self.recover_one(journaled);
        }
    }

    /// One journaled claim as this tab's unsaved version ([`Session::recover`]).
    fn recover_one(&mut self, journaled: Journaled) {
        let key = journaled.key.clone();
        {
            let Some(entry) = self.entries.get(&key) else {
                let mut entry = self.new_entry(&key, journaled.claim);
                if journaled.expect.is_some() {
                    // It had a record, which went meanwhile (deleted in another tab).
                    entry.conflict = Some(None);
                }
                self.entries.insert(key, entry);
                return;
            };
            if *entry.claim == journaled.claim {
                return; // its save landed after all
            }
        }
        let Some(entry) = self.entries.get(&key) else { return };
        // The other version is what the device holds (this tab's base), not this tab's.
        let held = entry.base.as_deref().unwrap_or(&entry.claim).clone();
        // Another tab saved it since. The version the journaling tab was saving, landed
        // after it was journaled (the tab discarded before it heard so), is not: the
        // edits journaled follow it.
        let landed = journaled.sending.as_ref().is_some_and(|sending| *sending == held.fingerprint());
        let moved_on = entry.revision.filter(|revision| Some(*revision) != journaled.expect && !landed);
        let record = moved_on.map(|revision| Record { key: key.clone(), revision, claim: held });
        self.set_claim(&key, journaled.claim);
        if let Some(entry) = self.entries.get_mut(&key) {
            entry.conflict = record.map(Some);
        }
    }

    /// The journal of a tab that closed while this one showed its claims (the lock came
    /// here): its last edits, taken as at a page's start ([`Session::recover`]). What this
    /// tab had not saved of such a claim (a save refused) becomes a claim of its own, under
    /// `spare_key`, saved at once beside it (as Duplicate makes one): nothing of either tab
    /// is dropped, and the checks say the two overlap. A conflict shown here already gives
    /// what the device holds. Before the list is in, nothing: the list brings the journal.
    fn take_journal(&mut self, journal: Vec<Journaled>, spare_key: String, effects: &mut Vec<Effect>) {
        if !self.listed {
            return;
        }
        let mut spare = Some(spare_key).filter(|key| !self.entries.contains_key(key));
        for journaled in journal {
            effects.push(Effect::ClearJournal { key: journaled.key.clone() });
            if self.is_empty(&journaled.claim) {
                continue;
            }
            let mut own = None;
            if let Some(entry) = self.entries.get_mut(&journaled.key) {
                // The device's version, as the conflict shown gives it.
                if let Some(conflict) = entry.conflict.take() {
                    entry.revision = conflict.as_ref().map(|record| record.revision);
                    entry.base = conflict.map(|record| Rc::new(record.claim));
                }
                if !entry.edits_saved() && *entry.claim != journaled.claim && entry.base.as_deref() != Some(&*entry.claim) {
                    own = Some((*entry.claim).clone());
                }
            }
            if let (Some(mut claim), Some(key)) = (own.filter(|claim| !self.is_empty(claim)), spare.take()) {
                claim.origin = None;
                claim.calendar_id = String::new();
                effects.push(Effect::CopyFiles { from: journaled.key.clone(), to: key.clone() });
                let entry = self.new_entry(&key, claim);
                self.entries.insert(key, entry);
            }
            self.recover_one(journaled);
        }
        self.flush(effects);
    }

    /// Saves every claim whose current version the device does not hold and that is not
    /// being saved; an empty claim's record goes instead.
    fn flush(&mut self, effects: &mut Vec<Effect>) {
        if !self.listed {
            return;
        }
        let keys: Vec<String> = self.entries.keys().cloned().collect();
        let mut removes = Vec::new();
        for key in keys {
            let empty = self.entries.get(&key).is_some_and(|entry| self.is_empty(&entry.claim));
            let Some(entry) = self.entries.get_mut(&key) else { continue };
            if entry.is_saved() || entry.saving.is_some() || entry.conflict.is_some() || entry.handed_over == Some(entry.version) {
                continue;
            }
            if empty {
                // Nothing to keep; a record it had (its content was cleared) goes.
                entry.base = None;
                if let Some(revision) = entry.revision.take() {
                    effects.push(Effect::Remove { key: key.clone(), revision: Some(revision) });
                    effects.push(Effect::Announce { key: key.clone(), revision: None });
                    removes.push(key.clone());
                }
                entry.saved_version = Some(entry.version);
                entry.failure = None;
                continue;
            }
            entry.saving = Some(entry.version);
            entry.sent = Some(entry.claim.clone());
            let documents = entry.claim.documents.iter().map(|d| d.id).collect();
            effects.push(Effect::Save { key: key.clone(), version: entry.version, expect: entry.revision, claim: entry.claim.clone(), documents });
        }
        for key in removes {
            self.removing_one_more(&key);
        }
    }

    /// Asks the device to remove a claim's record, and counts that Remove as under way.
    fn remove(&mut self, key: &str, revision: Option<u64>, effects: &mut Vec<Effect>) {
        self.removing_one_more(key);
        effects.push(Effect::Remove { key: key.to_string(), revision });
    }

    fn removing_one_more(&mut self, key: &str) {
        match self.removals.iter_mut().find(|removal| removal.key == key) {
            Some(removal) => removal.under_way += 1,
            None => self.removals.push(Removal { key: key.to_string(), under_way: 1, took: None }),
        }
    }

    /// One Remove of this key has been answered: it took `took` (`None`: nothing, or refused).
    fn removed(&mut self, key: &str, took: Option<u64>) {
        if let Some(removal) = self.removals.iter_mut().find(|removal| removal.key == key) {
            removal.under_way = removal.under_way.saturating_sub(1);
            removal.took = removal.took.max(took);
        }
    }

    fn changed_elsewhere(&mut self, key: &str, record: Option<Record>, effects: &mut Vec<Effect>) {
        // The device no longer holds it (another tab deleted it): a delete it refused here
        // is done.
        if record.is_none() {
            self.deletes_refused.retain(|(refused, _)| refused != key);
        }
        // Late news of a record this tab removed, or is removing (an emptied claim's, or a
        // deleted one's): the device does not hold it, or will not.
        let gone = |record: &Record| self.removals.iter().any(|removal| removal.key == key && (removal.under_way > 0 || removal.took.is_some_and(|took| record.revision <= took)));
        let gone = record.as_ref().is_some_and(gone);
        let Some(entry) = self.entries.get_mut(key) else {
            // A claim this tab did not know (made or restored in another tab), or one it
            // deleted that another tab has saved since (kept there, with its changes):
            // not a save this tab has already seen go.
            if let Some(record) = record {
                let deleted_at = self.bin.iter().filter(|binned| binned.key == record.key).map(|binned| binned.revision).max();
                let saved_since = !gone && deleted_at.is_none_or(|deleted| deleted.is_none_or(|revision| record.revision > revision));
                if self.listed && saved_since {
                    // Brought back as it was (Undo in another tab, Restore under Recently
                    // deleted): Undo here has nothing left to bring back, nor to offer.
                    let content = record.claim.content_fingerprint();
                    self.bin.retain(|binned| binned.claim.content_fingerprint() != content);
                    self.deletes_refused.retain(|(refused, _)| refused != key);
                    let entry = self.entry_from_record(record);
                    self.entries.insert(key.to_string(), entry);
                }
            }
            return;
        };
        let known = entry.revision;
        match record {
            Some(record) if Some(record.revision) == known || gone => {}
            Some(record) if entry.edits_saved() && entry.saving.is_none() && entry.conflict.is_none() => {
                // Nothing of this tab's own is unsaved (a reading of its files at most):
                // follow the other tab, keeping what this tab's reader found in the files
                // the other version has too (its reader may not have read them).
                let mut read_here = record.claim.clone();
                let carried = read_here.take_readings(&entry.claim);
                entry.revision = Some(record.revision);
                entry.base = Some(Rc::new(record.claim.clone()));
                self.set_claim(key, record.claim);
                let followed = self.entries.get_mut(key).map(|entry| {
                    entry.saved_version = Some(entry.version);
                    entry.version
                });
                if let (true, Some(followed)) = (carried, followed) {
                    self.set_claim(key, read_here);
                    if let Some(entry) = self.entries.get_mut(key) {
                        entry.edited = followed;
                    }
                    self.save_soon(key, effects);
                }
            }
            None if known.is_none() => {}
            None if entry.edits_saved() && entry.saving.is_none() && entry.conflict.is_none() => {
                // Deleted in another tab: deleted here too, and Undo can still bring it back.
                let claim = entry.claim.clone();
                self.entries.remove(key);
                self.put_in_bin(key.to_string(), claim, known, false, false);
                if key == self.on_page {
                    self.replace_page_after_removal(key, None, effects);
                }
            }
            // The other tab only saved what its reader found since this tab's base: this
            // tab's changes stay, with those readings, and are saved over it.
            Some(record) if entry.saving.is_none() && entry.conflict.is_none() && entry.only_read_further(&record) => {
                self.rebase(key, record);
                self.save_soon(key, effects);
            }
            // This tab has changes of its own, or is saving them: keep both.
            other => {
                if entry.saving.is_none() {
                    entry.conflict = Some(other);
                }
            }
        }
    }

    /// This tab's claim moved onto `record`, a version that only read its base further:
    /// it takes the readings this tab lacks and follows its revision. Saving is the caller's.
    fn rebase(&mut self, key: &str, record: Record) {
        let Some(entry) = self.entries.get_mut(key) else { return };
        let mut claim = (*entry.claim).clone();
        let carried = claim.take_readings(&record.claim);
        entry.revision = Some(record.revision);
        entry.base = Some(Rc::new(record.claim));
        entry.saved_version = None;
        if carried {
            let edited = entry.edited;
            self.set_claim(key, claim);
            if let Some(entry) = self.entries.get_mut(key) {
                entry.edited = edited;
            }
        }
    }

    /// Saves a claim's change: after the save delay on the page (the partner may be
    /// typing), at once otherwise.
    fn save_soon(&mut self, key: &str, effects: &mut Vec<Effect>) {
        if key == self.on_page {
            self.schedule(effects);
        } else {
            self.flush(effects);
        }
    }
}

/// The claims of a tab by key, in the order they came. A list rather than a map: a tab
/// holds tens of claims, and the page is smaller without a second map type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entries(Vec<(String, Entry)>);

impl Entries {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, entry)| entry)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, entry)| entry)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Puts an entry under a key, replacing the one there.
    pub fn insert(&mut self, key: String, entry: Entry) {
        match self.get_mut(&key) {
            Some(existing) => *existing = entry,
            None => self.0.push((key, entry)),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        let position = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(position).1)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> + Clone {
        self.0.iter().map(|(key, _)| key)
    }

    pub fn values(&self) -> impl Iterator<Item = &Entry> {
        self.0.iter().map(|(_, entry)| entry)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Entry)> {
        self.0.iter_mut().map(|(key, entry)| (&*key, entry))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.0.iter().map(|(key, entry)| (key, entry))
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = (&'a String, &'a Entry);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, Entry)>, fn(&'a (String, Entry)) -> (&'a String, &'a Entry)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(key, entry)| (key, entry))
    }
}

fn unreachable_claim() -> &'static Claim {
    // The claim on the page always has an entry; should that ever fail, an empty claim
    // shows rather than a panic.
    static EMPTY: std::sync::OnceLock<Claim> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Claim::default)
}
