//! The page's side of the package worker (`src/bin/package_worker.rs`), which builds and
//! opens packages, so that the ZIP writer and reader are not in the page's first load.
//! The worker is started ahead of use as documents are added ([`warm`]), or when the
//! partner first presses Build package, Open package, Back up all claims or Restore
//! backup (its files are named by `<meta name="package-worker">`, written at build time, and
//! cached by the service worker like the page's own), and kept for the next time. A
//! worker that fails (it could not load, it crashed, it answers in another protocol) is
//! ended: every request it had is answered with `error.worker`, and the next request
//! starts a new one. Hashing workers (more instances of the same module, see [`hash`])
//! end once no large file waits for them; a file whose hashing worker failed is answered
//! `None`, and the page hashes it itself. The reader (one more instance, see [`inspect`])
//! reads one document at a time within a deadline, and ends once none waits.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::NaiveDate;
use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::browser::files;
use crate::browser::open::Opened;
use crate::browser::worker_messages::{JobId, Reply, Request};
use crate::claim::Claim;
use crate::i18n::Problem;

/// A package built by the worker, to be saved.
pub struct Built {
    pub blob: Blob,
    pub file_name: String,
    pub with_blockers: bool,
    /// A backup's claims' documents left out unread ([`Reply::Built`]).
    pub unread: Vec<u32>,
}

struct Job {
    id: JobId,
    resolve: Function,
    progress: Option<Rc<dyn Fn(u64, u64)>>,
}

/// What a worker of the page does. All are instances of the package worker's module.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Builds and opens packages, backs up and restores.
    Package,
    /// Computes the SHA-256 of one large file being added at a time ([`hash`]).
    Hasher,
    /// Reads documents for what they are, one at a time, each within a deadline
    /// ([`inspect`]).
    Reader,
}

/// A worker of the page: the package worker, a hashing worker or the reader.
struct Running {
    id: u32,
    role: Role,
    worker: Worker,
    /// Requests wait here until the worker says it listens.
    waiting: Option<Vec<JsValue>>,
    jobs: Vec<Job>,
    _listeners: Listeners,
}

/// The worker's `message` listener, and its `error` and `messageerror` listener.
type Listeners = (Closure<dyn Fn(MessageEvent)>, Closure<dyn Fn(web_sys::Event)>);

thread_local! {
    static RUNNING: RefCell<Vec<Running>> = const { RefCell::new(Vec::new()) };
    static LAST_JOB: Cell<JobId> = const { Cell::new(0) };
    static LAST_WORKER: Cell<u32> = const { Cell::new(0) };
    /// The last worker that ended had never said it listens: while offline, the reader
    /// is not started for each document shown ([`inspect`]).
    static NEVER_LOADED: Cell<bool> = const { Cell::new(false) };
    /// Requests for a hashing worker, waiting for one to be free.
    static HASH_QUEUE: RefCell<Vec<(JsValue, Job)>> = const { RefCell::new(Vec::new()) };
    /// Documents waiting for the reader, each with its deadline in milliseconds.
    static READ_QUEUE: RefCell<std::collections::VecDeque<(JsValue, Job, i32)>> = const { RefCell::new(std::collections::VecDeque::new()) };
}

/// A number for a new request; [`cancel`] takes it.
pub fn new_job() -> JobId {
    LAST_JOB.with(|last| {
        last.set(last.get() + 1);
        last.get()
    })
}

/// What a request is answered with when its worker ended before it ever listened.
const NOT_LOADED: &str = "not-loaded";

/// Whether a request's answer (`None`: none came) says its worker never loaded.
fn not_loaded(answer: Option<&JsValue>) -> bool {
    answer.and_then(JsValue::as_string).as_deref() == Some(NOT_LOADED)
}

/// Whether a request's answer says its worker never loaded while the device is offline:
/// it was not downloaded yet (a first visit cut short, or a browser without the service
/// worker's cache), which the partner can mend by connecting once.
fn never_downloaded(answer: Option<&JsValue>) -> bool {
    not_loaded(answer) && super::is_offline()
}

/// Why a request got no reply (`answer`: what came instead): its worker ended, not
/// downloaded yet ([`never_downloaded`]), or stopped.
fn worker_failed(answer: Option<&JsValue>) -> Problem {
    Problem::new(if never_downloaded(answer) { "error.worker-not-loaded" } else { "error.worker" }, "")
}

/// Its worker stopped (for what a reply did not hold as it should).
fn stopped() -> Problem {
    worker_failed(None)
}

/// The worker's module, as the build named it.
fn worker_url() -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector("meta[name='package-worker']").ok()??.get_attribute("content")
}

/// Starts the package worker if none is running (`ahead`: before any request for it).
/// `false` when it cannot be started.
fn ensure_running(ahead: bool) -> bool {
    RUNNING.with(|running| running.borrow().iter().any(|running| running.role == Role::Package)) || start(Role::Package, ahead).is_some()
}

/// Starts a worker of the package worker's module; its number, or `None` when it cannot
/// be started.
fn start(role: Role, ahead: bool) -> Option<u32> {
    let url = worker_url()?;
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    if ahead {
        options.set_name(super::worker_messages::STARTED_AHEAD);
    } else if role == Role::Reader {
        options.set_name(super::worker_messages::READER);
    } else if role == Role::Hasher {
        options.set_name(super::worker_messages::HASHER);
    }
    let worker = Worker::new_with_options(&url, &options).ok()?;
    let id = LAST_WORKER.with(|last| {
        last.set(last.get() + 1);
        last.get()
    });
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| receive(id, event.data()));
    // Failing to load, an uncaught error in the worker and a message that cannot be
    // received all end it: its state can no longer be trusted.
    let on_failure = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        stop(id);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_failure.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_failure.as_ref().unchecked_ref()));
    RUNNING.with(|running| running.borrow_mut().push(Running { id, role, worker, waiting: Some(Vec::new()), jobs: Vec::new(), _listeners: (on_message, on_failure) }));
    Some(id)
}

/// Starts the worker ahead of its first use (documents are being added: a package is
/// coming), so that Build package does not wait for it to load and compile.
pub fn warm() {
    ensure_running(true);
    // The documents will be read as soon as they are hashed: the reader loads and
    // compiles its module meanwhile. It ends once it has read what waits.
    if !RUNNING.with(|running| running.borrow().iter().any(|running| running.role == Role::Reader)) {
        start(Role::Reader, false);
    }
}

/// Ends worker `id`; every request it had gets no answer, which reads as `error.worker`
/// (or, for a file being hashed, has the page hash it itself).
fn stop(id: u32) {
    let Some(running) = RUNNING.with(|running| {
        let mut running = running.borrow_mut();
        let index = running.iter().position(|running| running.id == id)?;
        Some(running.remove(index))
    }) else {
        return;
    };
    running.worker.terminate();
    let never_loaded = running.waiting.is_some();
    NEVER_LOADED.with(|never| never.set(never_loaded));
    // Each request of it learns whether it ever loaded: another worker's fate is not
    // this one's.
    let answer = if never_loaded { JsValue::from_str(NOT_LOADED) } else { JsValue::UNDEFINED };
    for job in running.jobs {
        let _ = job.resolve.call1(&JsValue::NULL, &answer);
    }
    match running.role {
        Role::Hasher => dispatch_hashes(),
        Role::Reader => dispatch_reads(),
        Role::Package => {}
    }
    // The listeners go with `running` once this returns: the closure running now is
    // one of them, so they are dropped later, not from inside it.
    let listeners = running._listeners;
    let drop_later = Closure::once_into_js(move || drop(listeners));
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback(drop_later.unchecked_ref());
    }
}

/// Sends a message to worker `id` (the package worker: `None`), or keeps it until the
/// worker listens.
fn post_to(id: Option<u32>, message: JsValue) {
    RUNNING.with(|running| {
        if let Some(running) = running.borrow_mut().iter_mut().find(|running| id.map_or(running.role == Role::Package, |id| running.id == id)) {
            match &mut running.waiting {
                Some(waiting) => waiting.push(message),
                None => {
                    let _ = running.worker.post_message(&message);
                }
            }
        }
    });
}

fn post(message: JsValue) {
    post_to(None, message);
}

fn receive(id: u32, message: JsValue) {
    let job = match Reply::from_js(&message) {
        Some(Reply::Ready) => {
            RUNNING.with(|running| {
                if let Some(running) = running.borrow_mut().iter_mut().find(|running| running.id == id) {
                    for waiting in running.waiting.take().unwrap_or_default() {
                        let _ = running.worker.post_message(&waiting);
                    }
                }
            });
            return;
        }
        Some(Reply::Progress { job, done, total }) => {
            let progress = RUNNING.with(|running| running.borrow().iter().find(|running| running.id == id)?.jobs.iter().find(|j| j.id == job)?.progress.clone());
            if let Some(progress) = progress {
                progress(done, total);
            }
            return;
        }
        Some(Reply::Built { job, .. } | Reply::Opened { job, .. } | Reply::Restored { job, .. } | Reply::Inspected { job, .. } | Reply::Hashed { job, .. } | Reply::Failed { job, .. } | Reply::FailedOn { job, .. }) => job,
        // Not of this protocol: a worker of another build.
        None => return stop(id),
    };
    let (finished, role) = RUNNING.with(|running| {
        let mut running = running.borrow_mut();
        let Some(running) = running.iter_mut().find(|running| running.id == id) else { return (None, Role::Package) };
        let finished = running.jobs.iter().position(|j| j.id == job).map(|index| running.jobs.remove(index));
        (finished, running.role)
    });
    if let Some(finished) = finished {
        let _ = finished.resolve.call1(&JsValue::NULL, &message);
    }
    if role == Role::Reader {
        dispatch_reads();
    }
    if role == Role::Hasher {
        // The next large file, if one waits; else this worker ends (one starts again for
        // the next).
        dispatch_hashes();
        if HASH_QUEUE.with(|queue| queue.borrow().is_empty()) && RUNNING.with(|running| running.borrow().iter().any(|running| running.id == id && running.jobs.is_empty())) {
            stop(id);
        }
    }
}

/// Sends a request and waits for its final reply; why there is none when the worker
/// failed.
async fn ask(request: Request, progress: Option<Rc<dyn Fn(u64, u64)>>) -> Result<Reply, Problem> {
    if !ensure_running(false) {
        return Err(stopped());
    }
    let (message, job) = prepare(&request, progress).ok_or_else(stopped)?;
    RUNNING.with(|running| {
        if let Some(running) = running.borrow_mut().iter_mut().find(|running| running.role == Role::Package) {
            running.jobs.push(job.0);
        }
    });
    post(message);
    let answer = JsFuture::from(job.1).await.ok();
    answer.as_ref().and_then(Reply::from_js).ok_or_else(|| worker_failed(answer.as_ref()))
}

/// A request as a message, and its job with the promise of its final reply.
fn prepare(request: &Request, progress: Option<Rc<dyn Fn(u64, u64)>>) -> Option<(JsValue, (Job, Promise))> {
    let id = match request {
        Request::Build { job, .. }
        | Request::Open { job, .. }
        | Request::Backup { job, .. }
        | Request::Restore { job, .. }
        | Request::Inspect { job, .. }
        | Request::Hash { job, .. }
        | Request::Cancel { job } => *job,
    };
    let mut resolve = None;
    let answered = Promise::new(&mut |yes, _| resolve = Some(yes));
    Some((request.to_js(), (Job { id, resolve: resolve?, progress }, answered)))
}

/// The SHA-256 and size of a large file being added, computed by a hashing worker: such
/// a file is streamed through SHA-256 in wasm (Web Crypto would need it whole in memory),
/// which takes a core for seconds; with a worker per file, several files take several
/// cores, and the page's thread stays free. The hashing workers run the package worker's
/// module (nothing more to fetch or cache), one file each at a time, as many at once as
/// the browser has cores (at most [`MAX_HASHERS`]), started by the page (one started by
/// the package worker could not load while that worker hashed), and each ends when no
/// file waits. `None` when no worker could do it (the page then hashes it itself).
pub async fn hash(file: File) -> Option<Result<(String, u64), Problem>> {
    let (message, (job, answered)) = prepare(&Request::Hash { job: new_job(), file }, None)?;
    HASH_QUEUE.with(|queue| queue.borrow_mut().push((message, job)));
    dispatch_hashes();
    match Reply::from_js(&JsFuture::from(answered).await.ok()?)? {
        Reply::Hashed { sha256, size, .. } => Some(Ok((sha256, size))),
        Reply::Failed { problem, .. } => Some(Err(problem)),
        _ => None,
    }
}

/// Hashing workers at most, however many cores the machine has.
const MAX_HASHERS: usize = 4;

/// Hands waiting files to hashing workers without one (started or starting), and starts
/// one more while files wait and cores are left. A worker that cannot start answers its
/// file `None`.
fn dispatch_hashes() {
    let cores = web_sys::window().map_or(1.0, |window| window.navigator().hardware_concurrency()) as usize;
    while let Some((message, job)) = HASH_QUEUE.with(|queue| {
        let mut queue = queue.borrow_mut();
        (!queue.is_empty()).then(|| queue.remove(0))
    }) {
        let free = RUNNING.with(|running| {
            let running = running.borrow();
            let hashers = running.iter().filter(|running| running.role == Role::Hasher);
            hashers.clone().find(|hasher| hasher.jobs.is_empty()).map(|hasher| hasher.id).ok_or(hashers.count())
        });
        let id = match free {
            Ok(id) => Some(id),
            Err(count) if count < cores.clamp(1, MAX_HASHERS) => start(Role::Hasher, false),
            Err(_) => {
                HASH_QUEUE.with(|queue| queue.borrow_mut().insert(0, (message, job)));
                return;
            }
        };
        let Some(id) = id else {
            let _ = job.resolve.call1(&JsValue::NULL, &JsValue::UNDEFINED);
            continue;
        };
        RUNNING.with(|running| {
            if let Some(running) = running.borrow_mut().iter_mut().find(|running| running.id == id) {
                running.jobs.push(job);
            }
        });
        post_to(Some(id), message);
    }
}

/// Builds the package of the claim under `key` (its files are the page's) as of `today`,
/// in `language`, reviewed as the page reviews it: with the tab's `others` claims and
/// the partner's `file_limit`. `progress` gets (bytes verified, bytes in all). A failure
/// for one document names it (its file can no longer be read).
#[allow(clippy::too_many_arguments)]
pub async fn build<'a>(job: JobId, key: &str, claim: &Claim, others: impl Iterator<Item = &'a Claim>, file_limit: u64, today: NaiveDate, language: &str, progress: Rc<dyn Fn(u64, u64)>) -> Result<Built, (Problem, Option<crate::claim::DocumentId>)> {
    let claim_json = claim.to_json().ok_or_else(|| (stopped(), None))?;
    let mut others_json = Vec::new();
    for other in others {
        others_json.push(other.to_json().ok_or_else(|| (stopped(), None))?);
    }
    let files: Vec<(u32, File)> = claim.documents.iter().filter_map(|document| Some((document.id, files::get(key, document)?))).collect();
    let request = Request::Build { job, key: key.to_string(), claim: claim_json, others: others_json, file_limit, today: crate::dates::iso(today), language: language.to_string(), files };
    match ask(request, Some(progress)).await {
        Ok(Reply::Built { blob, file_name, with_blockers, .. }) => Ok(Built { blob, file_name, with_blockers, unread: Vec::new() }),
        Ok(Reply::FailedOn { problem, document, .. }) => Err((problem, Some(document))),
        Ok(Reply::Failed { problem, .. }) | Err(problem) => Err((problem, None)),
        Ok(_) => Err((stopped(), None)),
    }
}

/// Asks the worker to stop building as soon as it can.
pub fn cancel(job: JobId) {
    if RUNNING.with(|running| running.borrow().iter().any(|running| running.role == Role::Package)) {
        post(Request::Cancel { job }.to_js());
    }
}

/// Opens a package again.
pub async fn open(zip: File) -> Result<Opened, Problem> {
    match ask(Request::Open { job: new_job(), zip }, None).await {
        Ok(Reply::Opened { claim, files, checks, unlisted, renamed, missing, .. }) => Ok(Opened { claim: Claim::from_json(&claim).ok_or_else(stopped)?, files, checks, unlisted, renamed, missing }),
        Ok(Reply::Failed { problem, .. }) => Err(problem),
        Ok(_) => Err(stopped()),
        Err(problem) => Err(problem),
    }
}

/// Writes the backup of `claims` (each with its key, for its files): every claim's
/// package in one ZIP, with an index, each reviewed with the others and the partner's
/// `file_limit`. `progress` gets (claims written, claims in all).
pub async fn backup(job: JobId, claims: &[(&str, &Claim)], file_limit: u64, language: &str, progress: Rc<dyn Fn(u64, u64)>) -> Result<Built, Problem> {
    let mut list = Vec::with_capacity(claims.len());
    for (key, claim) in claims {
        let files = claim.documents.iter().filter_map(|document| Some((document.id, files::get(key, document)?))).collect();
        // Its key here names its calendar's events: restored elsewhere, the claim keeps them.
        let json = if claim.has_calendar_id() { claim.to_json() } else { Claim { calendar_id: key.to_string(), ..(*claim).clone() }.to_json() };
        list.push((json.ok_or_else(stopped)?, files));
    }
    match ask(Request::Backup { job, claims: list, file_limit, language: language.to_string() }, Some(progress)).await {
        Ok(Reply::Built { blob, file_name, with_blockers, unread, .. }) => Ok(Built { blob, file_name, with_blockers, unread }),
        Ok(Reply::Failed { problem, .. }) => Err(problem),
        Ok(_) => Err(stopped()),
        Err(problem) => Err(problem),
    }
}

/// A backup read: the claims it holds (as [`Opened`], with the name the backup gives
/// each and whether its package was as recorded), and the ones that could not be read.
pub struct Restored {
    pub claims: Vec<(String, Opened, bool)>,
    pub failed: Vec<(String, Problem)>,
}

/// Reads a backup.
pub async fn restore(zip: File) -> Result<Restored, Problem> {
    match ask(Request::Restore { job: new_job(), zip }, None).await {
        Ok(Reply::Restored { claims, failed, .. }) => {
            let claims = claims
                .into_iter()
                .map(|restored| Some((restored.name, Opened { claim: Claim::from_json(&restored.claim)?, files: restored.files, checks: restored.checks, unlisted: Vec::new(), renamed: Vec::new(), missing: Vec::new() }, restored.as_recorded)))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(stopped)?;
            Ok(Restored { claims, failed })
        }
        Ok(Reply::Failed { problem, .. }) => Err(problem),
        Ok(_) => Err(stopped()),
        Err(problem) => Err(problem),
    }
}

/// What the document reader made of a document's file.
pub enum Read {
    Found(crate::evidence::Inspection),
    /// It stopped on the file (crashed, or passed its deadline), twice.
    Stopped,
    /// It never loaded (offline, or its download failed): nothing is known of the file
    /// yet, and nothing is to be recorded of it.
    NotLoaded,
    /// The file could no longer be read (changed, moved or deleted on the disk since it
    /// was added): nothing is to be recorded of its content; the partner is told.
    Unreadable(Problem),
}

/// Has the document reader read a document's file (`sha256`: of that file). A reader
/// that fails is started again for the next request.
pub async fn inspect(file: File, sha256: String) -> Read {
    // Offline, and the reader never came: none is started for each document shown (each
    // would fail to load).
    if NEVER_LOADED.with(Cell::get) && super::is_offline() {
        return Read::NotLoaded;
    }
    let deadline = READ_DEADLINE_MS.saturating_add(1000 * (file.size() / READ_BYTES_A_SECOND) as i32);
    // A document the reader stopped on is read once more, by a new reader, before it is
    // recorded so for good: the deadline also ran while the reader loaded, while the
    // machine was busy with other work, or asleep.
    let mut outcome = Read::Stopped;
    for _ in 0..2 {
        let Some((message, (job, answered))) = prepare(&Request::Inspect { job: new_job(), file: file.clone(), sha256: sha256.clone() }, None) else {
            return Read::Stopped;
        };
        READ_QUEUE.with(|queue| queue.borrow_mut().push_back((message, job, deadline)));
        dispatch_reads();
        let answer = JsFuture::from(answered).await.ok();
        match answer.as_ref().and_then(Reply::from_js) {
            // The deserializer the claims use (`from_slice`): no second one in the page.
            Some(Reply::Inspected { inspection, .. }) => return serde_json::from_slice(inspection.as_bytes()).map_or(Read::Stopped, Read::Found),
            Some(Reply::Failed { problem, .. }) if problem.key == "error.unreadable-document" => return Read::Unreadable(problem),
            _ => {}
        }
        // A reader that never loaded did not stop on the file: online too (a download
        // cut short, a captive portal), it is not recorded as one it stopped on, for
        // good. Tried once more, as a stop is.
        if not_loaded(answer.as_ref()) {
            if super::is_offline() {
                return Read::NotLoaded;
            }
            outcome = Read::NotLoaded;
            continue;
        }
        outcome = Read::Stopped;
    }
    outcome
}

/// How long the reader may take over one document, at least (twice, see [`inspect`]):
/// far longer than any document takes (a 100-page PDF: a third of a second here), short
/// enough that a partner is not left waiting on one the reader cannot finish…
const READ_DEADLINE_MS: i32 = 20_000;
/// …and a second more for each this many bytes of it.
const READ_BYTES_A_SECOND: f64 = 4.0 * 1024.0 * 1024.0;

/// Hands the next waiting document to the reader, unless it is reading one: one at a
/// time, so that a document the reader stops on (it crashed, or passed its deadline and
/// was ended) is the only one recorded so, and the next ones go to a new reader. The
/// reader is a worker of its own, so that a document it cannot finish never holds up
/// Build package, Open package or a backup; it ends once no document waits.
fn dispatch_reads() {
    let (reader, busy) = RUNNING.with(|running| {
        let running = running.borrow();
        let reader = running.iter().find(|running| running.role == Role::Reader);
        (reader.map(|reader| reader.id), reader.is_some_and(|reader| !reader.jobs.is_empty()))
    });
    if busy {
        return;
    }
    let Some((message, job, deadline)) = READ_QUEUE.with(|queue| queue.borrow_mut().pop_front()) else {
        if let Some(idle) = reader {
            stop(idle);
        }
        return;
    };
    let Some(id) = reader.or_else(|| start(Role::Reader, false)) else {
        // No worker can start here: every waiting document is answered so (in a loop,
        // not by calling this again: thousands may wait).
        let _ = job.resolve.call1(&JsValue::NULL, &JsValue::UNDEFINED);
        for (_, job, _) in READ_QUEUE.with(|queue| std::mem::take(&mut *queue.borrow_mut())) {
            let _ = job.resolve.call1(&JsValue::NULL, &JsValue::UNDEFINED);
        }
        return;
    };
    let asked = job.id;
    RUNNING.with(|running| {
        if let Some(running) = running.borrow_mut().iter_mut().find(|running| running.id == id) {
            running.jobs.push(job);
        }
    });
    post_to(Some(id), message);
    wasm_bindgen_futures::spawn_local(async move {
        super::after_ms(deadline).await;
        // Still on it: the reader is ended, which answers this document (it is recorded
        // as one the reader stopped on), and a new one takes the next.
        if RUNNING.with(|running| running.borrow().iter().any(|running| running.id == id && running.jobs.iter().any(|job| job.id == asked))) {
            stop(id);
        }
    });
}
