//! The messages between the page and the package worker: one small enum each way, as
//! plain JavaScript objects, so that `File`s and `Blob`s travel by `postMessage` without
//! a copy and the page carries no serde code of its own for them (the claim travels as
//! its JSON, which the page already writes and reads for storage). Every message names
//! [`PROTOCOL`]; a worker of another build is refused rather than misread.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, File};

use crate::claim::DocumentId;
use crate::i18n::Problem;
use crate::package::reader::Check;

/// Changes whenever a message changes shape.
pub const PROTOCOL: u32 = 6;

/// The name the page gives the package worker it starts ahead of use (documents are being
/// added: a package is coming). Such a worker builds a small package as soon as it has
/// started, and drops it, so that the first Build package finds its code compiled
/// (`bin/package_worker.rs`, `warm_up`); one started for a request, or to hash a file,
/// does not.
pub const STARTED_AHEAD: &str = "package-ahead";
/// The name of the worker that reads documents for what they are (the page's
/// `package_worker::inspect`), one at a time.
pub const READER: &str = "reader";
/// The name of a worker that hashes one large file being added at a time (the page's
/// `package_worker::hash`), as the browser's tools and the journeys tell it apart.
pub const HASHER: &str = "hasher";

/// Numbers the requests of one page, so that replies find their request.
pub type JobId = u32;

/// From the page to the worker.
pub enum Request {
    /// Plan and write the package of `claim` (its JSON) as of `today` (ISO date), in
    /// `language`, from the documents' `files`. The claim is reviewed as the page reviews
    /// it: with the tab's `others` claims (their JSON) and the partner's `file_limit`.
    /// `key`: the claim's key on this device, which names its calendar events.
    Build { job: JobId, key: String, claim: String, others: Vec<String>, file_limit: u64, today: String, language: String, files: Vec<(DocumentId, File)> },
    /// Open a package again.
    Open { job: JobId, zip: File },
    /// Write the backup of these claims (each its JSON and its documents' files), in
    /// `language` (the packages' summaries), each reviewed with the others and the
    /// partner's `file_limit`.
    Backup { job: JobId, claims: Vec<(String, Vec<(DocumentId, File)>)>, file_limit: u64, language: String },
    /// Read a backup: every claim it holds, opened like a package.
    Restore { job: JobId, zip: File },
    /// Read a document's file: what it is, and a PDF's health (`sha256`: of that file).
    Inspect { job: JobId, file: File, sha256: String },
    /// Compute the SHA-256 of a file being added (a large one: streamed through wasm).
    Hash { job: JobId, file: File },
    /// Stop building as soon as possible.
    Cancel { job: JobId },
}

/// From the worker to the page.
pub enum Reply {
    /// The worker has started and listens.
    Ready,
    Progress { job: JobId, done: u64, total: u64 },
    /// `unread`: for a backup, each claim's documents left out because the browser could
    /// no longer read their files (moved, changed or deleted on the disk since they were
    /// added), in the order the claims were sent; empty for a package.
    Built { job: JobId, blob: Blob, file_name: String, with_blockers: bool, unread: Vec<u32> },
    /// The claim (its JSON) restored from a package, its documents' files and what the
    /// check found for each document of the manifest.
    Opened { job: JobId, claim: String, files: Vec<(DocumentId, File)>, checks: Vec<(String, Check)>, unlisted: Vec<String>, renamed: Vec<(String, String)>, missing: Vec<String> },
    /// The claims of a backup that could be opened, and those that could not (by name,
    /// with the reason).
    Restored { job: JobId, claims: Vec<RestoredClaim>, failed: Vec<(String, Problem)> },
    /// What the reader found ([`crate::evidence::Inspection`], as JSON).
    Inspected { job: JobId, inspection: String },
    /// A file's SHA-256 (lowercase hex) and size, as read.
    Hashed { job: JobId, sha256: String, size: u64 },
    Failed { job: JobId, problem: Problem },
    /// A package not built for one of its documents (its file can no longer be read): the
    /// page marks that document's row, whatever its name (two documents may share one).
    FailedOn { job: JobId, document: DocumentId, problem: Problem },
}

/// One claim of a backup, opened.
pub struct RestoredClaim {
    /// The claim's title as the backup's index has it, or its package's path.
    pub name: String,
    /// The claim, as JSON.
    pub claim: String,
    pub files: Vec<(DocumentId, File)>,
    pub checks: Vec<(String, Check)>,
    /// Whether the package's bytes are the ones the backup recorded.
    pub as_recorded: bool,
}

fn object(kind: &str) -> Object {
    let object = Object::new();
    set(&object, "protocol", &JsValue::from(PROTOCOL));
    set(&object, "kind", &JsValue::from_str(kind));
    object
}

fn set(object: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

fn get(message: &JsValue, name: &str) -> JsValue {
    Reflect::get(message, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn text(message: &JsValue, name: &str) -> Option<String> {
    get(message, name).as_string()
}

fn number(message: &JsValue, name: &str) -> Option<f64> {
    get(message, name).as_f64()
}

/// The kind of a message of this protocol; `None` for anything else.
fn kind(message: &JsValue) -> Option<String> {
    (number(message, "protocol") == Some(f64::from(PROTOCOL))).then(|| text(message, "kind")).flatten()
}

fn set_files(object: &Object, files: &[(DocumentId, File)]) {
    let (ids, list) = (Array::new(), Array::new());
    for (id, file) in files {
        ids.push(&JsValue::from(*id));
        list.push(file);
    }
    set(object, "ids", &ids);
    set(object, "files", &list);
}

fn files(message: &JsValue) -> Option<Vec<(DocumentId, File)>> {
    let (ids, list) = (get(message, "ids"), get(message, "files"));
    if !Array::is_array(&ids) || !Array::is_array(&list) {
        return None;
    }
    let (ids, list) = (Array::from(&ids), Array::from(&list));
    if ids.length() != list.length() {
        return None;
    }
    ids.iter().zip(list.iter()).map(|(id, file)| Some((id.as_f64()? as DocumentId, file.dyn_into::<File>().ok()?))).collect()
}

fn set_checks(object: &Object, checks: &[(String, Check)]) {
    let (names, results) = (Array::new(), Array::new());
    for (name, check) in checks {
        names.push(&JsValue::from_str(name));
        results.push(&JsValue::from_str(match check {
            Check::Verified => "verified",
            Check::Differs => "differs",
            Check::Missing => "missing",
            Check::Damaged => "damaged",
        }));
    }
    set(object, "names", &names);
    set(object, "checks", &results);
}

fn checks(message: &JsValue) -> Option<Vec<(String, Check)>> {
    let (names, results) = (get(message, "names"), get(message, "checks"));
    if !Array::is_array(&names) || !Array::is_array(&results) {
        return None;
    }
    let (names, results) = (Array::from(&names), Array::from(&results));
    if names.length() != results.length() {
        return None;
    }
    names
        .iter()
        .zip(results.iter())
        .map(|(name, check)| {
            let check = match check.as_string()?.as_str() {
                "verified" => Check::Verified,
                "differs" => Check::Differs,
                "missing" => Check::Missing,
                "damaged" => Check::Damaged,
                _ => return None,
            };
            Some((name.as_string()?, check))
        })
        .collect()
}

/// An array of the message's `name` field, each element read by `each`; `None` when it
/// is not an array or an element does not read.
fn list<T>(message: &JsValue, name: &str, each: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    let value = get(message, name);
    if !Array::is_array(&value) {
        return None;
    }
    Array::from(&value).iter().map(|item| each(&item)).collect()
}

fn set_problem(object: &Object, problem: &Problem) {
    set(object, "key", &JsValue::from_str(problem.key));
    set(object, "name", &JsValue::from_str(&problem.name));
}

fn problem(message: &JsValue) -> Problem {
    let name = text(message, "name").unwrap_or_default();
    text(message, "key").and_then(|key| Problem::from_key(&key, name)).unwrap_or_else(|| Problem::new("error.worker", ""))
}

impl Request {
    pub fn to_js(&self) -> JsValue {
        let object = match self {
            Request::Build { job, key, claim, others, file_limit, today, language, files } => {
                let object = object("build");
                set(&object, "job", &JsValue::from(*job));
                set(&object, "key", &JsValue::from_str(key));
                set(&object, "claim", &JsValue::from_str(claim));
                let list = Array::new();
                for other in others {
                    list.push(&JsValue::from_str(other));
                }
                set(&object, "others", &list);
                set(&object, "fileLimit", &JsValue::from(*file_limit as f64));
                set(&object, "today", &JsValue::from_str(today));
                set(&object, "language", &JsValue::from_str(language));
                set_files(&object, files);
                object
            }
            Request::Open { job, zip } => {
                let object = object("open");
                set(&object, "job", &JsValue::from(*job));
                set(&object, "zip", zip);
                object
            }
            Request::Backup { job, claims, file_limit, language } => {
                let object = object("backup");
                set(&object, "job", &JsValue::from(*job));
                set(&object, "fileLimit", &JsValue::from(*file_limit as f64));
                set(&object, "language", &JsValue::from_str(language));
                let list = Array::new();
                for (claim, files) in claims {
                    let item = Object::new();
                    set(&item, "claim", &JsValue::from_str(claim));
                    set_files(&item, files);
                    list.push(&item);
                }
                set(&object, "claims", &list);
                object
            }
            Request::Restore { job, zip } => {
                let object = object("restore");
                set(&object, "job", &JsValue::from(*job));
                set(&object, "zip", zip);
                object
            }
            Request::Inspect { job, file, sha256 } => {
                let object = object("inspect");
                set(&object, "job", &JsValue::from(*job));
                set(&object, "file", file);
                set(&object, "sha256", &JsValue::from_str(sha256));
                object
            }
            Request::Hash { job, file } => {
                let object = object("hash");
                set(&object, "job", &JsValue::from(*job));
                set(&object, "file", file);
                object
            }
            Request::Cancel { job } => {
                let object = object("cancel");
                set(&object, "job", &JsValue::from(*job));
                object
            }
        };
        object.into()
    }

    pub fn from_js(message: &JsValue) -> Option<Request> {
        let job = number(message, "job")? as JobId;
        Some(match kind(message)?.as_str() {
            "build" => Request::Build {
                job,
                key: text(message, "key")?,
                claim: text(message, "claim")?,
                others: list(message, "others", JsValue::as_string)?,
                file_limit: number(message, "fileLimit")? as u64,
                today: text(message, "today")?,
                language: text(message, "language")?,
                files: files(message)?,
            },
            "open" => Request::Open { job, zip: get(message, "zip").dyn_into().ok()? },
            "backup" => Request::Backup {
                job,
                file_limit: number(message, "fileLimit")? as u64,
                language: text(message, "language")?,
                claims: list(message, "claims", |item| Some((text(item, "claim")?, files(item)?)))?,
            },
            "restore" => Request::Restore { job, zip: get(message, "zip").dyn_into().ok()? },
            "inspect" => Request::Inspect { job, file: get(message, "file").dyn_into().ok()?, sha256: text(message, "sha256")? },
            "hash" => Request::Hash { job, file: get(message, "file").dyn_into().ok()? },
            "cancel" => Request::Cancel { job },
            _ => return None,
        })
    }
}

impl Reply {
    pub fn to_js(&self) -> JsValue {
        let with_job = |kind: &str, job: JobId| {
            let object = object(kind);
            set(&object, "job", &JsValue::from(job));
            object
        };
        let object = match self {
            Reply::Ready => object("ready"),
            Reply::Progress { job, done, total } => {
                let object = with_job("progress", *job);
                set(&object, "done", &JsValue::from(*done as f64));
                set(&object, "total", &JsValue::from(*total as f64));
                object
            }
            Reply::Built { job, blob, file_name, with_blockers, unread } => {
                let object = with_job("built", *job);
                set(&object, "blob", blob);
                set(&object, "fileName", &JsValue::from_str(file_name));
                set(&object, "withBlockers", &JsValue::from(*with_blockers));
                set(&object, "unread", &unread.iter().map(|n| JsValue::from(*n)).collect::<Array>());
                object
            }
            Reply::Opened { job, claim, files, checks, unlisted, renamed, missing } => {
                let object = with_job("opened", *job);
                set(&object, "claim", &JsValue::from_str(claim));
                set_files(&object, files);
                set_checks(&object, checks);
                set(&object, "unlisted", &unlisted.iter().map(|name| JsValue::from_str(name)).collect::<Array>());
                set(&object, "renamed", &renamed.iter().map(|(name, _)| JsValue::from_str(name)).collect::<Array>());
                set(&object, "renamedAs", &renamed.iter().map(|(_, path)| JsValue::from_str(path)).collect::<Array>());
                set(&object, "missing", &missing.iter().map(|name| JsValue::from_str(name)).collect::<Array>());
                object
            }
            Reply::Restored { job, claims, failed } => {
                let object = with_job("restored", *job);
                let list = Array::new();
                for claim in claims {
                    let item = Object::new();
                    set(&item, "title", &JsValue::from_str(&claim.name));
                    set(&item, "claim", &JsValue::from_str(&claim.claim));
                    set(&item, "asRecorded", &JsValue::from(claim.as_recorded));
                    set_files(&item, &claim.files);
                    set_checks(&item, &claim.checks);
                    list.push(&item);
                }
                set(&object, "claims", &list);
                let failures = Array::new();
                for (name, problem) in failed {
                    let item = Object::new();
                    set(&item, "title", &JsValue::from_str(name));
                    set_problem(&item, problem);
                    failures.push(&item);
                }
                set(&object, "failed", &failures);
                object
            }
            Reply::Inspected { job, inspection } => {
                let object = with_job("inspected", *job);
                set(&object, "inspection", &JsValue::from_str(inspection));
                object
            }
            Reply::Hashed { job, sha256, size } => {
                let object = with_job("hashed", *job);
                set(&object, "sha256", &JsValue::from_str(sha256));
                set(&object, "size", &JsValue::from(*size as f64));
                object
            }
            Reply::Failed { job, problem } => {
                let object = with_job("failed", *job);
                set_problem(&object, problem);
                object
            }
            Reply::FailedOn { job, document, problem } => {
                let object = with_job("failed-on", *job);
                set(&object, "document", &JsValue::from(*document));
                set_problem(&object, problem);
                object
            }
        };
        object.into()
    }

    /// The reply in a message; `None` when it is not one of this protocol (a worker of
    /// another build, or a message that lost a part on the way).
    pub fn from_js(message: &JsValue) -> Option<Reply> {
        let kind = kind(message)?;
        if kind == "ready" {
            return Some(Reply::Ready);
        }
        let job = number(message, "job")? as JobId;
        Some(match kind.as_str() {
            "progress" => Reply::Progress { job, done: number(message, "done")? as u64, total: number(message, "total")? as u64 },
            "built" => Reply::Built {
                job,
                blob: get(message, "blob").dyn_into().ok()?,
                file_name: text(message, "fileName")?,
                with_blockers: get(message, "withBlockers").as_bool()?,
                unread: list(message, "unread", |n| n.as_f64().map(|n| n as u32))?,
            },
            "opened" => {
                let (renamed, renamed_as) = (list(message, "renamed", JsValue::as_string)?, list(message, "renamedAs", JsValue::as_string)?);
                Reply::Opened {
                    job,
                    claim: text(message, "claim")?,
                    files: files(message)?,
                    checks: checks(message)?,
                    unlisted: list(message, "unlisted", JsValue::as_string)?,
                    renamed: renamed.into_iter().zip(renamed_as).collect(),
                    missing: list(message, "missing", JsValue::as_string)?,
                }
            }
            "restored" => Reply::Restored {
                job,
                claims: list(message, "claims", |item| {
                    Some(RestoredClaim {
                        name: text(item, "title")?,
                        claim: text(item, "claim")?,
                        files: files(item)?,
                        checks: checks(item)?,
                        as_recorded: get(item, "asRecorded").as_bool()?,
                    })
                })?,
                failed: list(message, "failed", |item| Some((text(item, "title")?, problem(item))))?,
            },
            "inspected" => Reply::Inspected { job, inspection: text(message, "inspection")? },
            "hashed" => Reply::Hashed { job, sha256: text(message, "sha256")?, size: number(message, "size")? as u64 },
            "failed" => Reply::Failed { job, problem: problem(message) },
            "failed-on" => Reply::FailedOn { job, document: number(message, "document")? as DocumentId, problem: problem(message) },
            _ => return None,
        })
    }
}
