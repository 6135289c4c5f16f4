//! Carries out what the claims session asks for ([`Effect`]s), after each render, in
//! order, and feeds the results back as events: the shell side of [`crate::session`].
//! Storage requests (save, remove, announce) run one at a time, in the order asked, so
//! that a remove is never overtaken by an earlier save of the same claim.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::package_worker::Read;
use crate::browser::{self, files, storage};
use crate::claim::{Claim, DocumentId};
use crate::claims;
use crate::session::{Effect, Event};
use crate::ui::store::{Action, OpenReport, Store};

/// Quiet time before a change is saved. The first change starts it and later ones do not
/// push it back; leaving or hiding the page saves at once.
const SAVE_AFTER_MS: i32 = 400;

/// Read results are reported this often, so 5,000 files do not re-render 5,000 times.
const REPORT_EVERY_MS: f64 = 150.0;

/// Where the page remembers which claim was open, for the next visit.
pub const OPEN_CLAIM_KEY: &str = "preflight.open-claim";

thread_local! {
    /// Storage requests waiting for the one under way.
    static STORAGE_QUEUE: RefCell<Vec<Effect>> = const { RefCell::new(Vec::new()) };
    static STORAGE_BUSY: Cell<bool> = const { Cell::new(false) };
    /// The files with the document reader now (claim key, document, SHA-256): asked once.
    static INSPECTING: RefCell<std::collections::HashSet<(String, DocumentId, String)>> = RefCell::new(std::collections::HashSet::new());
    /// Documents read once more, online, after the reader never loaded ([`retry_read`]).
    static RETRIED: RefCell<std::collections::HashSet<(String, DocumentId, String)>> = RefCell::new(std::collections::HashSet::new());
    /// What the reader found and the page has not been told yet: told a few times a second.
    static INSPECTED: RefCell<Vec<(String, DocumentId, crate::evidence::Inspection)>> = const { RefCell::new(Vec::new()) };
    /// The large files being hashed (claim key, document, file): each asked once, however
    /// often the page asks for the facts it lacks meanwhile.
    static HASHING: RefCell<Vec<(String, DocumentId, web_sys::File)>> = const { RefCell::new(Vec::new()) };
    /// The documents whose files are being read now (claim key, document), until their
    /// facts or error are reported: [`reading`].
    static READING: RefCell<Vec<(String, DocumentId)>> = const { RefCell::new(Vec::new()) };
}

/// Whether the file of this document of the claim under `key` is being read now (a
/// backup made meanwhile says to back up again once it is, and tells it apart from one
/// whose read failed, or never started: `ui::backup`).
pub fn reading(key: &str, id: DocumentId) -> bool {
    READING.with(|reading| reading.borrow().iter().any(|(k, i)| k == key && *i == id))
}

/// Whether any document's file is being read now.
pub fn reading_any() -> bool {
    READING.with(|reading| !reading.borrow().is_empty())
}

/// Carries out the effects of actions dispatched from components, after the render.
#[hook]
pub fn use_effect_runner(store: Store) {
    let generation = store.outbox_generation;
    use_effect_with(generation, move |_| run_outbox(&store));
}

/// Hands an event to the session and carries out its effects at once (the reducer runs
/// when the action is dispatched): a page being closed may not render again.
pub fn send(store: &Store, event: Event) {
    store.dispatch(Action::Session(Box::new(event)));
    run_outbox(store);
}

fn run_outbox(store: &Store) {
    let effects = std::mem::take(&mut *store.outbox.borrow_mut());
    for effect in effects {
        perform(store, effect);
    }
}

/// A key no claim of the page has: the time and a random number (inputs of the session).
pub fn fresh_key(store: &Store) -> String {
    key_not_in(|key| store.session.keys().any(|taken| taken == key))
}

/// A key made of the time and a random number, one `taken` does not say is taken.
pub fn key_not_in(taken: impl Fn(&str) -> bool) -> String {
    claims::new_key(js_sys::Date::now() as u64, (js_sys::Math::random() * 1e9) as u64, taken)
}

/// Files picked or dropped become documents of the claim on the page.
pub fn add_files(store: &Store, picked: Vec<web_sys::File>) {
    if picked.is_empty() {
        return;
    }
    let staged = picked.into_iter().map(|file| (file.name(), files::stage(file))).collect();
    send(store, Event::AddDocuments(staged));
    // Documents coming in: the package is next. The worker loads meanwhile.
    crate::browser::package_worker::warm();
}

/// A file picked for a document of the claim on the page (the original of a document
/// whose package check failed, or its file given again): it is read, and its facts come
/// back as [`Event::FilesRead`]; it becomes the document's file unless the document's
/// mark refuses it ([`crate::claim::Document::takes_file`]), and when its SHA-256 is the
/// one the package recorded, the mark goes (`Edit::SetDocumentFile`).
pub fn replace_file(store: &Store, document: DocumentId, file: web_sys::File) {
    let key = store.session.key().to_string();
    // Read as given: until its facts come back, the document's facts name the file it
    // had, which the page still holds beside this one (`files::get`).
    files::pick(&key, document, file.clone());
    read(store.clone(), key, vec![(document, file)]);
    store.dispatch(Action::Reading);
}

/// A claim read from a package, with its files, as a new claim on the page.
pub fn open_package(store: &Store, claim: Claim, package_files: Vec<(DocumentId, web_sys::File)>, report: OpenReport) {
    let staged = package_files.into_iter().map(|(id, file)| (id, files::stage(file))).collect();
    let key = fresh_key(store);
    send(store, Event::OpenedPackage { key, claim: Box::new(claim), files: staged });
    store.dispatch(Action::OpenReport(report));
}

fn perform(store: &Store, effect: Effect) {
    match effect {
        Effect::Save { .. } | Effect::Remove { .. } | Effect::Announce { .. } => {
            // A delete is marked on the device at once: it may wait behind a save here,
            // and a reload before it runs would otherwise leave the claim listed.
            if let Effect::Remove { key, revision } = &effect {
                storage::mark_deleting(key, *revision);
            }
            STORAGE_QUEUE.with(|queue| queue.borrow_mut().push(effect));
            run_storage(store.clone());
        }
        Effect::ScheduleSave => {
            let store = store.clone();
            let due = Closure::once_into_js(move || send(&store, Event::SaveDue));
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(due.unchecked_ref(), SAVE_AFTER_MS);
            }
        }
        Effect::AttachFiles { key, files: attached } => {
            let mut held = Vec::new();
            for (token, id) in attached {
                if let Some(file) = files::take_staged(token) {
                    files::register(&key, id, file);
                    held.push((id, None));
                }
            }
            // A document whose file this device lacked has it now (a package or backup
            // of the claim here gave it): its row no longer says to add it again.
            if !held.is_empty() {
                store.dispatch(Action::ReadResults { key, results: held });
            }
        }
        Effect::CreateFiles { key, files: made } => {
            for (id, name, bytes) in made {
                if let Some(file) = files::file_from_bytes(&bytes, &name, "application/pdf") {
                    files::register(&key, id, file);
                }
            }
        }
        Effect::CopyFiles { from, to } => files::copy_claim(&from, &to),
        Effect::ReadFiles { key, documents } => read_files(store.clone(), key, documents),
        Effect::CheckFiles { key, documents } => {
            stored_files(store, &key, documents);
        }
        Effect::Inspect { key, documents } => inspect_files(store, key, documents),
        Effect::ForgetFile { key, document } => files::forget(&key, document),
        Effect::NotOriginal { key, document, sha256 } => {
            let name = files::let_go(&key, document, &sha256).map(|file| file.name()).unwrap_or_default();
            // Said once, as the pick's answer; the row keeps the words.
            if let Some(of) = store.session.entry(&key).filter(|_| key == store.session.key()).and_then(|entry| entry.claim.document(document).map(|d| d.file_name.clone())) {
                browser::say(&crate::ui::documents::not_original_words(&store.catalog, &name, &of));
            }
            store.dispatch(Action::NotOriginal { key, document, name });
        }
        Effect::ForgetFiles { key } => files::forget_claim(&key),
        Effect::Journal(claims) => storage::journal(&claims),
        Effect::ClearJournal { key } => storage::clear_journal(&key),
        // For the tab (its reload comes back to it, whatever another tab opened since)
        // and for the page (a new tab opens the claim open last).
        Effect::RememberOpen { key } => browser::remember_for_tab(OPEN_CLAIM_KEY, &key),
        Effect::RememberSettings => {
            // What the partner chose differs from what the page would take by itself.
            let lang = store.catalog.lang();
            if lang != crate::i18n::Catalog::negotiate(browser::preferred_languages().iter().map(String::as_str)) {
                browser::save_preference(crate::ui::header::LANGUAGE_KEY, lang);
            }
            let limit = store.profile.file_size_limit_bytes;
            if limit != store.session.profile_file_limit() {
                crate::ui::documents::remember_file_limit(limit);
            }
        }
        Effect::Focus(id) => browser::focus_soon(id),
        Effect::DropStaged(tokens) => {
            for token in tokens {
                drop(files::take_staged(token));
            }
        }
    }
}

/// Runs the storage requests one at a time until none is left.
fn run_storage(store: Store) {
    if STORAGE_BUSY.with(|busy| busy.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(effect) = STORAGE_QUEUE.with(|queue| { let mut queue = queue.borrow_mut(); (!queue.is_empty()).then(|| queue.remove(0)) }) {
            // A request the storage leaves unanswered (a browser's database can hang until
            // it restarts) is said after a while, and unsaid when it answers.
            watch_storage(&store);
            match effect {
                Effect::Save { key, version, expect, claim, documents } => {
                    let claim_files: Vec<_> = documents.iter().filter_map(|id| Some((*id, files::get(&key, claim.document(*id)?)?))).collect();
                    let event = match storage::save(&key, &claim, &claim_files, expect).await {
                        Ok(storage::SaveOutcome::Saved(revision)) => Event::Saved { key, version, revision },
                        Ok(storage::SaveOutcome::Stale(current)) => {
                            let current = current.map(|stored| adopt_files(*stored));
                            Event::SaveStale { key, version, current }
                        }
                        Err(problem) => Event::SaveFailed { key, version, problem },
                    };
                    send(&store, event);
                }
                Effect::Remove { key, .. } => match storage::delete(&key).await {
                    Ok(storage::Removed { binned, revision, record }) => {
                        let record = record.map(|stored| adopt_files(*stored));
                        send(&store, Event::Removed { key, revision, binned, record });
                    }
                    Err(problem) => send(&store, Event::RemoveFailed { key, problem }),
                },
                Effect::Announce { key, .. } => storage::announce(&key),
                _ => {}
            }
            storage_answered(&store);
        }
        STORAGE_BUSY.with(|busy| busy.set(false));
    });
}

/// How long a storage request may go unanswered before the page says so.
const STORAGE_SLOW_MS: i32 = 15_000;

thread_local! {
    /// When the storage request under way was made ([`watch_storage`], in ms), and its
    /// timer.
    static STORAGE_WAITING: Cell<(Option<f64>, Option<i32>)> = const { Cell::new((None, None)) };
    /// Says the storage does not answer, if a request still waits: one function for the
    /// page's life (a timer cleared may still call it: a test's clock did).
    static STORAGE_SILENT: RefCell<Option<Closure<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Watches the storage request about to be made (a save, a delete, the list as the page
/// opens): unanswered after [`STORAGE_SLOW_MS`], the page says the storage does not
/// answer, until [`storage_answered`].
pub fn watch_storage(store: &Store) {
    let silent = STORAGE_SILENT.with(|silent| {
        let mut silent = silent.borrow_mut();
        let store = store.clone();
        let said = silent.get_or_insert_with(|| {
            // A timer of a request answered since, called all the same, is of no
            // request: only one made long enough ago is said.
            Closure::<dyn Fn()>::new(move || {
                if STORAGE_WAITING.with(Cell::get).0.is_some_and(|since| js_sys::Date::now() - since >= f64::from(STORAGE_SLOW_MS) - 100.0) {
                    store.dispatch(Action::StorageSlow(true));
                }
            })
        });
        said.as_ref().clone()
    });
    let timeout = web_sys::window().and_then(|window| window.set_timeout_with_callback_and_timeout_and_arguments_0(silent.unchecked_ref(), STORAGE_SLOW_MS).ok());
    STORAGE_WAITING.with(|waiting| waiting.set((Some(js_sys::Date::now()), timeout)));
}

/// The storage answered the request [`watch_storage`] watched.
pub fn storage_answered(store: &Store) {
    let (_, timeout) = STORAGE_WAITING.with(|waiting| waiting.replace((None, None)));
    if let (Some(window), Some(timeout)) = (web_sys::window(), timeout) {
        window.clear_timeout_with_handle(timeout);
    }
    store.dispatch(Action::StorageSlow(false));
}

/// A record another tab wrote: its files join the registry (under its key) and the
/// session gets the record.
pub fn adopt_files(stored: storage::Stored) -> crate::session::Record {
    for (id, file) in stored.files {
        let sha256 = stored.record.claim.document(id).and_then(|document| document.file.as_ref()).map(|facts| facts.sha256.as_str());
        files::register_recorded(&stored.record.key, id, file, sha256);
    }
    stored.record
}

/// Reads and hashes the files of these documents, a few at a time, and reports the
/// results in batches.
fn read_files(store: Store, key: String, documents: Vec<DocumentId>) {
    let batch = stored_files(&store, &key, documents);
    read(store, key, batch);
}

/// Reads and hashes these files of documents of the claim under `key`.
fn read(store: Store, key: String, batch: Vec<(DocumentId, web_sys::File)>) {
    // Each read started is kept until reported (a large file asked again while it is
    // hashed is not started again, nor kept twice).
    let started = |id: DocumentId| {
        READING.with(|reading| reading.borrow_mut().push((key.clone(), id)));
        // A file being read is lost if the page closes now: the page asks first.
        crate::ui::autosave::guard_leaving();
    };
    // Large files are streamed through SHA-256 in wasm: in workers, one each, so that
    // several take several cores and the page's thread stays free.
    let (large, batch): (Vec<_>, Vec<_>) = batch.into_iter().partition(|(_, file)| file.size() as u64 > files::WHOLE_FILE_LIMIT);
    for (id, file) in large {
        let asked = (key.clone(), id, file.clone());
        if HASHING.with(|hashing| hashing.borrow().contains(&asked)) {
            continue;
        }
        HASHING.with(|hashing| hashing.borrow_mut().push(asked.clone()));
        started(id);
        let (store, key) = (store.clone(), key.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match crate::browser::package_worker::hash(file.clone()).await {
                Some(hashed) => {
                    let result = hashed.map(|(sha256, size)| crate::claim::FileFacts { size, media_type: file.type_(), sha256, crc32: 0 });
                    report_read(&store, &key, vec![(id, file, result)]);
                }
                // No worker could: the page reads it itself.
                None => hash_here(&store, &key, vec![(id, file)]).await,
            }
            HASHING.with(|hashing| hashing.borrow_mut().retain(|hashed| *hashed != asked));
        });
    }
    if batch.is_empty() {
        return;
    }
    for (id, _) in &batch {
        started(*id);
    }
    wasm_bindgen_futures::spawn_local(async move { hash_here(&store, &key, batch).await });
}

/// The files of these documents that the page holds. A document whose file it does not
/// hold (added just before the page was closed or reloaded, so never stored) is reported
/// as such, rather than "reading" for ever (never read) or seeming whole (read before).
fn stored_files(store: &Store, key: &str, documents: Vec<DocumentId>) -> Vec<(DocumentId, web_sys::File)> {
    let mut stored = Vec::with_capacity(documents.len());
    let mut results = Vec::new();
    let claim = store.session.entry(key).map(|entry| entry.claim.clone());
    for id in documents {
        let document = claim.as_ref().and_then(|claim| claim.document(id));
        match document.and_then(|document| files::get(key, document)) {
            Some(file) => stored.push((id, file)),
            None => results.push((id, Some(crate::i18n::Problem::new("error.not-stored", document.map(|d| d.file_name.clone()).unwrap_or_default())))),
        }
    }
    if !results.is_empty() {
        store.dispatch(Action::ReadResults { key: key.to_string(), results });
    }
    stored
}

/// Reads and hashes files in the page, a few at a time, and reports them a few times a
/// second (`report_read`).
async fn hash_here(store: &Store, key: &str, batch: Vec<(DocumentId, web_sys::File)>) {
    let never = Rc::new(Cell::new(false));
    let mut results = Vec::new();
    let mut last_report = js_sys::Date::now();
    files::hash_all(batch, files::Sums::Sha256, &never, Rc::new(|_| {}), 0, &mut |(id, file, result, _)| {
        results.push((id, file, result.map_err(|error| error.problem())));
        if js_sys::Date::now() - last_report >= REPORT_EVERY_MS {
            report_read(store, key, std::mem::take(&mut results));
            last_report = js_sys::Date::now();
        }
        true
    })
    .await;
    if !results.is_empty() {
        report_read(store, key, results);
    }
}

/// Files read for documents of the claim under `key`: their facts, or why they could not
/// be read. A file replaced or removed while it was read is not reported.
fn report_read(store: &Store, key: &str, results: Vec<(DocumentId, web_sys::File, Result<crate::claim::FileFacts, crate::i18n::Problem>)>) {
    READING.with(|reading| {
        let mut reading = reading.borrow_mut();
        for (id, _, _) in &results {
            if let Some(at) = reading.iter().position(|(k, i)| k == key && i == id) {
                reading.swap_remove(at);
            }
        }
    });
    crate::ui::autosave::guard_leaving();
    let current: Vec<_> = results.into_iter().filter(|(id, file, result)| files::mark_read(key, *id, file, result.as_ref().ok().map(|facts| facts.sha256.as_str()))).collect();
    // A file given again on its row that fails as the one before did: its row's words do
    // not change, nor does the count of files not read (`DocumentList` says that), so the
    // try is said here, or nothing answers it.
    let again: Vec<String> = current
        .iter()
        .filter_map(|(id, _, result)| result.as_ref().err().filter(|problem| key == store.session.key() && store.read_errors.get(id) == Some(*problem)))
        .map(|problem| store.catalog.problem(problem))
        .collect();
    if !again.is_empty() {
        crate::browser::say(&again.join(" "));
    }
    let errors = current.iter().map(|(id, _, result)| (*id, result.as_ref().err().cloned())).collect();
    store.dispatch(Action::ReadResults { key: key.to_string(), results: errors });
    let facts = current.into_iter().map(|(id, _, result)| (id, result)).collect();
    send(store, Event::FilesRead { key: key.to_string(), results: facts });
}

/// Has the document reader (in the package worker) read these documents' files, each
/// once; what it found comes back as [`Event::Inspected`], one document at a time, so
/// each row shows its result as soon as it is known. A reader that failed on a file is
/// said on the row; the next file starts a new one. A document whose file the page does
/// not hold is left out ([`Effect::CheckFiles`] has it say why).
fn inspect_files(store: &Store, key: String, documents: Vec<(DocumentId, String)>) {
    for (id, sha256) in documents {
        let asked = (key.clone(), id, sha256.clone());
        if INSPECTING.with(|inspecting| !inspecting.borrow_mut().insert(asked.clone())) {
            continue;
        }
        let Some(file) = files::get_read(&key, id, Some(&sha256)) else {
            INSPECTING.with(|inspecting| inspecting.borrow_mut().remove(&asked));
            continue;
        };
        let (store, key) = (store.clone(), key.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let found = crate::browser::package_worker::inspect(file, sha256.clone()).await;
            INSPECTING.with(|inspecting| inspecting.borrow_mut().remove(&asked));
            match found {
                Read::Found(inspection) => {
                    let first = INSPECTED.with(|inspected| {
                        let mut inspected = inspected.borrow_mut();
                        inspected.push((key, id, inspection));
                        inspected.len() == 1
                    });
                    // 2,000 files read are 2,000 results: the page renders a few batches.
                    if first {
                        let store = store.clone();
                        let tell = Closure::once_into_js(move || tell_inspected(&store));
                        if let Some(window) = web_sys::window() {
                            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(tell.unchecked_ref(), REPORT_EVERY_MS as i32);
                        }
                    }
                }
                // The reader never loaded (offline before the page was kept for offline
                // use, or its download failed): no word on the file, which is read once
                // the device is online again, or at the next visit (its row says it is
                // being checked meanwhile).
                Read::NotLoaded => retry_read(store, key, id, sha256),
                // The file could no longer be read: its row says so, and nothing is
                // recorded of its content (read again at the next visit, or once added again).
                Read::Unreadable(problem) => store.dispatch(Action::ReadResults { key, results: vec![(id, Some(problem))] }),
                // The reader stopped on it: recorded as such (DOC-UNCHECKED), with the
                // file's checksum, so that it is not read again at each visit.
                Read::Stopped => {
                    let stopped = crate::evidence::Inspection { sha256, stopped: true, reader: crate::evidence::READER, ..Default::default() };
                    send(&store, Event::Inspected { key, results: vec![(id, stopped)] });
                }
            }
        });
    }
}

/// Reads a document again that the reader could not get to (it never loaded): once the
/// device is online again, or, online (a download cut short, a captive portal), once
/// more half a minute later; after that, at the next visit.
fn retry_read(store: Store, key: String, id: DocumentId, sha256: String) {
    if browser::is_offline() {
        browser::when_online(move || inspect_files(&store, key, vec![(id, sha256)]));
        return;
    }
    let asked = (key.clone(), id, sha256.clone());
    if !RETRIED.with(|retried| retried.borrow_mut().insert(asked)) {
        return;
    }
    let again = Closure::once_into_js(move || inspect_files(&store, key, vec![(id, sha256)]));
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), 30_000);
    }
}

/// Tells the session what the reader found since the last time, one event per claim.
fn tell_inspected(store: &Store) {
    let mut by_claim: Vec<(String, Vec<(DocumentId, crate::evidence::Inspection)>)> = Vec::new();
    for (key, id, inspection) in INSPECTED.with(|inspected| std::mem::take(&mut *inspected.borrow_mut())) {
        match by_claim.iter_mut().find(|(known, _)| *known == key) {
            Some((_, results)) => results.push((id, inspection)),
            None => by_claim.push((key, vec![(id, inspection)])),
        }
    }
    for (key, results) in by_claim {
        send(store, Event::Inspected { key, results });
    }
}
