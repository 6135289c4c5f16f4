//! The partner's claims and their documents' files, in IndexedDB (through the small
//! module `js/storage.js`), one record per claim under its key, so that a reload or a
//! crash loses nothing. Each record carries a revision; a save names the revision it
//! follows and is refused when the record moved on (see [`crate::session`]).

use js_sys::{Array, Function, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use crate::claim::{Claim, DocumentId};
use crate::i18n::Problem;
use crate::session::{Journaled, Record};

#[wasm_bindgen(module = "/js/storage.js")]
extern "C" {
    #[wasm_bindgen(js_name = saveClaim)]
    fn save_claim(key: &str, json: &str, ids: &Uint32Array, files: &Array, expect: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = loadClaim)]
    fn load_claim(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = listClaims)]
    fn list_claims() -> js_sys::Promise;
    #[wasm_bindgen(js_name = deleteClaim)]
    fn delete_claim(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = markDeleting)]
    fn mark_deleting_js(key: &str, revision: JsValue);
    #[wasm_bindgen(js_name = errorName)]
    fn error_name(error: &JsValue) -> String;
    #[wasm_bindgen(js_name = announce)]
    fn announce_js(key: &str);
    #[wasm_bindgen(js_name = listen)]
    fn listen_js(listener: &Function);
    #[wasm_bindgen(js_name = onCleared)]
    fn on_cleared_js(listener: &Function);
    #[wasm_bindgen(js_name = persistence)]
    fn persistence_js() -> js_sys::Promise;
    #[wasm_bindgen(js_name = claimsHeld)]
    fn claims_held_js() -> js_sys::Promise;
    #[wasm_bindgen(js_name = holdClaim)]
    fn hold_claim_js(key: &str, steal: bool, on_lost: &Function, on_free: &Function) -> js_sys::Promise;
    #[wasm_bindgen(js_name = listBin)]
    fn list_bin_js() -> js_sys::Promise;
    #[wasm_bindgen(js_name = restoreFromBin)]
    fn restore_from_bin_js(key: &str, new_key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = forgetFromBin)]
    fn forget_from_bin_js(key: &str) -> js_sys::Promise;
}

/// Holds the editing lock of claim `key` for this tab (see `js/storage.js`): `true` when
/// this tab may edit it, `false` when another tab does. With `steal`, takes it over.
/// `on_lost` runs if another tab takes it later; `on_free` when, held by another tab, it
/// comes to this one (that tab closed, or shows another claim).
pub async fn hold_claim(key: &str, steal: bool, on_lost: impl Fn() + 'static, on_free: impl Fn() + 'static) -> bool {
    let on_lost = Closure::<dyn Fn()>::new(on_lost);
    let on_free = Closure::<dyn Fn()>::new(on_free);
    let promise = hold_claim_js(key, steal, on_lost.as_ref().unchecked_ref(), on_free.as_ref().unchecked_ref());
    // The lock may be lost, or come, at any later time: the listeners are kept until the
    // next claim's.
    LISTENERS.with(|listeners| *listeners.borrow_mut() = Some((on_lost, on_free)));
    JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()).unwrap_or(true)
}

/// What the lock of the claim on the page calls: when it is lost, and when it comes.
type LockListeners = (Closure<dyn Fn()>, Closure<dyn Fn()>);

thread_local! {
    static LISTENERS: std::cell::RefCell<Option<LockListeners>> = const { std::cell::RefCell::new(None) };
    /// Each journal entry as this tab last wrote or read it (see [`clear_journal`]).
    static JOURNAL_KNOWN: std::cell::RefCell<std::collections::HashMap<String, String>> = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// A claim in the bin: deleted, kept 30 days.
#[derive(Clone, Debug, PartialEq)]
pub struct BinnedRecord {
    pub key: String,
    pub title: String,
    /// Its claim's content fingerprint: a claim of the same content here (a backup
    /// restored since it was deleted) is not offered again.
    pub content: String,
    /// When it was deleted, in milliseconds since 1970 (the browser's clock).
    pub deleted_at: f64,
}

/// The claims in the bin, newest first (those over 30 days old are removed on the way).
pub async fn list_bin() -> Result<Vec<BinnedRecord>, Problem> {
    let list = JsFuture::from(list_bin_js()).await.map_err(|error| problem(&error))?;
    let text = |value: &JsValue, name: &str| Reflect::get(value, &JsValue::from_str(name)).ok().and_then(|v| v.as_string()).unwrap_or_default();
    Ok(Array::from(&list)
        .iter()
        .map(|item| {
            let claim = Claim::from_json(&text(&item, "json"));
            BinnedRecord {
                key: text(&item, "key"),
                content: claim.as_ref().map(Claim::content_fingerprint).unwrap_or_default(),
                title: claim.map(|claim| claim.title).unwrap_or_default(),
                deleted_at: Reflect::get(&item, &JsValue::from_str("deletedAt")).ok().and_then(|v| v.as_f64()).unwrap_or(0.0),
            }
        })
        .collect())
}

/// Puts a claim of the bin back among the claims under `new_key`; `false` when it is no
/// longer in the bin.
pub async fn restore_from_bin(key: &str, new_key: &str) -> Result<bool, Problem> {
    let done = JsFuture::from(restore_from_bin_js(key, new_key)).await.map_err(|error| problem(&error))?;
    Ok(done.as_bool().unwrap_or(false))
}

/// Deletes a claim of the bin for good, with its files; `false` when it is no longer in
/// the bin, or a restore has it.
pub async fn forget_from_bin(key: &str) -> Result<bool, Problem> {
    let done = JsFuture::from(forget_from_bin_js(key)).await.map_err(|error| problem(&error))?;
    Ok(done.as_bool().unwrap_or(false))
}

/// Whether the browser agreed to keep the claims (not evict them when space runs low),
/// and the space used and available, as the browser estimates them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Persistence {
    pub persisted: bool,
    pub usage: Option<u64>,
    pub quota: Option<u64>,
}

/// Asks the browser to keep the claims, and how much space they take.
pub async fn persistence() -> Persistence {
    let answer = JsFuture::from(persistence_js()).await.unwrap_or(JsValue::UNDEFINED);
    let number = |name: &str| Reflect::get(&answer, &JsValue::from_str(name)).ok().and_then(|value| value.as_f64()).map(|n| n as u64);
    Persistence {
        persisted: Reflect::get(&answer, &JsValue::from_str("persisted")).ok().and_then(|value| value.as_bool()).unwrap_or(false),
        usage: number("usage"),
        quota: number("quota"),
    }
}

/// A record read back: the claim as stored and its documents' files.
pub struct Stored {
    pub record: Record,
    pub files: Vec<(DocumentId, File)>,
}

/// What became of a save.
pub enum SaveOutcome {
    /// Stored, as this revision.
    Saved(u64),
    /// Refused: the record moved on; this is what it holds now (`None`: it was deleted).
    Stale(Option<Box<Stored>>),
}

fn problem(error: &JsValue) -> Problem {
    match error_name(error).as_str() {
        "QuotaExceededError" => Problem::new("storage.full", ""),
        // The stored claims were written by a newer version of the page: they are kept,
        // untouched, and this older page says so instead of blaming the browser.
        "VersionError" => Problem::new("storage.newer", ""),
        // Another tab holds the database at an older version and does not let it go
        // (`openDatabase`): not the browser refusing, which would send the partner to look
        // at private browsing.
        "BlockedError" => Problem::new("storage.blocked", ""),
        _ => Problem::new("storage.refused", ""),
    }
}

fn field(record: &JsValue, name: &str) -> JsValue {
    Reflect::get(record, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Saves a claim under its key with its documents' files, if the record is still at
/// revision `expect` (`None`: there is none).
pub async fn save(key: &str, claim: &Claim, files: &[(DocumentId, File)], expect: Option<u64>) -> Result<SaveOutcome, Problem> {
    let json = claim.to_json().ok_or_else(|| Problem::new("storage.refused", ""))?;
    let ids: Vec<u32> = files.iter().map(|(id, _)| *id).collect();
    let list = Array::new();
    for (_, file) in files {
        list.push(file);
    }
    let expect = expect.map_or(JsValue::NULL, |revision| JsValue::from_f64(revision as f64));
    let out = JsFuture::from(save_claim(key, &json, &Uint32Array::from(&ids[..]), &list, expect)).await.map_err(|error| problem(&error))?;
    if field(&out, "stale").is_truthy() {
        return Ok(SaveOutcome::Stale(read_record(key, &field(&out, "record")).ok().map(Box::new)));
    }
    let revision = field(&out, "revision").as_f64().ok_or_else(|| Problem::new("storage.refused", ""))?;
    Ok(SaveOutcome::Saved(revision as u64))
}

/// What removing a claim did: whether its copy went to the bin (a full storage refuses
/// it: the claim cannot be restored once the page is left), and the revision of the
/// record it took (`None`: there was none), and that record with its files, as copied to
/// the bin (another tab may have saved it since this tab last heard: Undo brings back
/// what was removed, not an older version).
pub struct Removed {
    pub binned: bool,
    pub revision: Option<u64>,
    pub record: Option<Box<Stored>>,
}

/// Marks the delete of claim `key` on the device at once, with the revision of the
/// record to delete as this tab knows it (`None`: unknown; such a delete cut short is
/// not finished later), until [`delete`] is done: one cut short by a reload is finished
/// before the claims are next listed (`js/storage.js`, `finishDeletes`).
pub fn mark_deleting(key: &str, revision: Option<u64>) {
    mark_deleting_js(key, revision.map_or(JsValue::NULL, |revision| JsValue::from_f64(revision as f64)));
}

/// Removes a saved claim and its files.
pub async fn delete(key: &str) -> Result<Removed, Problem> {
    let out = JsFuture::from(delete_claim(key)).await.map_err(|error| problem(&error))?;
    let record = field(&out, "record");
    Ok(Removed {
        binned: field(&out, "binned").as_bool() != Some(false),
        revision: field(&out, "revision").as_f64().map(|revision| revision as u64),
        record: record.is_object().then(|| read_record(key, &record).ok()).flatten().map(Box::new),
    })
}

/// One saved claim with its files; `None` when there is none. A record this page cannot
/// read (written by a newer version of the page, or damaged) is an error: it is there, not
/// deleted, and a tab told of it keeps the claim as it knows it.
pub async fn load(key: &str) -> Result<Option<Stored>, Problem> {
    let record = JsFuture::from(load_claim(key)).await.map_err(|error| problem(&error))?;
    if !record.is_object() {
        return Ok(None);
    }
    read_record(key, &record).map(Some).map_err(|()| Problem::new("storage.refused", ""))
}

/// Every saved claim, and the keys of the records that could not be read (they stay
/// stored, untouched). Each record is read on its own: a bad one hides no other.
pub async fn list() -> Result<(Vec<Stored>, Vec<String>), Problem> {
    let records = JsFuture::from(list_claims()).await.map_err(|error| problem(&error))?;
    let mut saved = Vec::new();
    let mut unreadable = Vec::new();
    for record in Array::from(&records).iter() {
        let key = field(&record, "key").as_string().unwrap_or_default();
        match read_record(&key, &record) {
            Ok(stored) => saved.push(stored),
            Err(()) => unreadable.push(key),
        }
    }
    Ok((saved, unreadable))
}

/// A record as stored; anything missing or of the wrong kind makes it unreadable
/// (`Err`), never a panic. A record without a revision was written by an earlier
/// version of the page: revision 0.
fn read_record(key: &str, record: &JsValue) -> Result<Stored, ()> {
    if !record.is_object() {
        return Err(());
    }
    let json = field(record, "json").as_string().ok_or(())?;
    let claim = Claim::from_json(&json).ok_or(())?;
    let list = |name: &str| {
        let value = field(record, name);
        if Array::is_array(&value) {
            Array::from(&value).iter().collect::<Vec<_>>()
        } else {
            Vec::new()
        }
    };
    let ids = list("ids").into_iter().map(|id| id.as_f64().filter(|id| id.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(id)).map(|id| id as u32));
    let files = list("files").into_iter().map(|file| file.dyn_into::<File>().ok());
    let files = ids.zip(files).filter_map(|(id, file)| Some((id?, file?))).collect();
    let revision = field(record, "revision").as_f64().filter(|revision| *revision >= 0.0).map_or(0, |revision| revision as u64);
    Ok(Stored { record: Record { key: key.to_string(), revision, claim }, files })
}

/// Tells the other tabs that a claim's record changed or went.
pub fn announce(key: &str) {
    announce_js(key);
}

/// Calls `listener` with the key of every claim another tab changed.
pub fn listen(listener: impl Fn(String) + 'static) {
    let closure = Closure::<dyn Fn(String)>::new(listener);
    listen_js(closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}

/// Calls `listener` when the browser clears the page's stored claims while it is open.
pub fn on_cleared(listener: impl Fn() + 'static) {
    let closure = Closure::<dyn Fn()>::new(listener);
    on_cleared_js(closure.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    closure.forget();
}

/// Where the journal lives: local storage, which writes at once (a page being closed
/// cannot wait for IndexedDB). One item per claim, as [`Journaled::to_entry`] writes it.
/// Documents' files are not journaled; those saved before are in the claim's record.
const JOURNAL: &str = "preflight.journal.";

pub fn journal(claims: &[Journaled]) {
    for journaled in claims {
        let Some(value) = journaled.to_entry() else { continue };
        // Refused (the browser's storage full too), the entry written before stays, and
        // stays known as this tab's: the save that lands later lets it go, rather than it
        // coming back at the next start as a version of another tab's.
        if crate::browser::save_preference(&format!("{JOURNAL}{}", journaled.key), &value) {
            JOURNAL_KNOWN.with(|known| known.borrow_mut().insert(journaled.key.clone(), value));
        }
    }
}

/// Lets a claim's journal entry go, if it is the one this tab wrote or read: an entry
/// another tab wrote since (closed right after a keystroke, while this tab showed the
/// claim) is that tab's last edit, which this tab has not taken yet.
pub fn clear_journal(key: &str) {
    let Some(known) = JOURNAL_KNOWN.with(|known| known.borrow_mut().remove(key)) else { return };
    let item = format!("{JOURNAL}{key}");
    if crate::browser::load_preference(&item).as_deref() == Some(known.as_str()) {
        crate::browser::forget_preference(&item);
    }
}

/// What the page journaled when it was last closed; an entry that cannot be read is left
/// out, and so is one of a claim another tab holds now: that tab is open, and journaled
/// it as its storage refused its save (it is taken when that tab lets the claim go).
pub async fn read_journal() -> Vec<Journaled> {
    let held: Vec<String> = JsFuture::from(claims_held_js()).await.map(|keys| Array::from(&keys).iter().filter_map(|key| key.as_string()).collect()).unwrap_or_default();
    crate::browser::preferences_starting(JOURNAL).into_iter().filter(|(key, _)| !held.contains(key)).filter_map(|(key, value)| read_entry(key, value)).collect()
}

/// The journal entry of claim `key`, if another tab left one (it closed before saving).
pub fn journal_of(key: &str) -> Option<Journaled> {
    read_entry(key.to_string(), crate::browser::load_preference(&format!("{JOURNAL}{key}"))?)
}

fn read_entry(key: String, value: String) -> Option<Journaled> {
    let journaled = Journaled::from_entry(key.clone(), &value)?;
    JOURNAL_KNOWN.with(|known| known.borrow_mut().insert(key, value));
    Some(journaled)
}
