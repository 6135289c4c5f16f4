//! The package worker: builds and opens packages in a Web Worker, so that the page's
//! first load carries neither the ZIP writer nor the reader. A thin shell: it receives a
//! [`Request`], calls the core (`preflight::package`) and the browser adapters that read
//! the files (`preflight::browser::{package, open}`), and posts [`Reply`]s. The page
//! starts it on first use (`preflight::browser::package_worker`).
//!
//! [`Request`]: preflight::browser::worker_messages::Request
//! [`Reply`]: preflight::browser::worker_messages::Reply

#[cfg(target_arch = "wasm32")]
mod worker {
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::rc::Rc;

    use preflight::browser::worker_messages::{JobId, Reply, Request, RestoredClaim};
    use preflight::browser::{self, open, package};
    use preflight::claim::Claim;
    use preflight::evidence;
    use preflight::i18n::{Catalog, Problem};
    use preflight::package::{backup, Draft, PackagePlan, Part};
    use preflight::profile::Profile;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

    thread_local! {
        /// The cancel flag of each build under way.
        static BUILDS: RefCell<Vec<(JobId, Rc<Cell<bool>>)>> = const { RefCell::new(Vec::new()) };
        /// Files waiting for the reader, read one at a time: memory holds one PDF at most.
        static INSPECTIONS: RefCell<std::collections::VecDeque<(JobId, File, String)>> = const { RefCell::new(std::collections::VecDeque::new()) };
        static INSPECTING: Cell<bool> = const { Cell::new(false) };
    }

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(reply: &Reply) {
        let _ = scope().post_message(&reply.to_js());
    }

    pub fn start() {
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| receive(event.data()));
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        post(&Reply::Ready);
        if scope().name() == preflight::browser::worker_messages::STARTED_AHEAD {
            wasm_bindgen_futures::spawn_local(warm_up());
        }
    }

    /// Builds a package of a hundred small documents, and drops it, as soon as a worker
    /// started ahead of use has started: the page starts it when documents are first
    /// added, long before Build package, and the browser compiles each function of the
    /// worker's wasm when it is first called, and its faster code once it has run a while.
    /// Without this, the first Build package in a worker paid for both: 500 × 20 KB took
    /// 220-250 ms, and 145-195 ms when built again in the same worker. A warm-up of one
    /// document took about 20 ms of that away (236 ms against 255, nine runs each), one of
    /// a hundred about 50 (180-203 ms, `npm run bench`); it takes a few tens of
    /// milliseconds of the worker's own thread.
    async fn warm_up() {
        // A claim of a hundred documents, as the page writes it (`Claim::to_json`), each
        // with the file `BYTES`, whose SHA-256 it names.
        const BYTES: &[u8] = b"%PDF-1.4\n%%EOF\n";
        const N: u32 = 100;
        let Some(file) = as_file(&js_sys::Uint8Array::from(BYTES), "warm-up.pdf") else { return };
        let documents: Vec<String> = (1..=N).map(|id| format!(r#"{{"id":{id},"file_name":"warm-up-{id}.pdf","file":{{"size":15,"media_type":"application/pdf","sha256":"14bcd090baf31edba64e9cbd8cdfc15f943344aa72cb3675ad8e91bfcbce03ad"}}}}"#)).collect();
        let claim = format!(r#"{{"documents":[{}]}}"#, documents.join(","));
        let today = preflight::dates::iso(browser::today());
        let _ = build("warm-up", (&claim, std::slice::from_ref(&claim)), 0, (&today, "en"), (1..=N).map(|id| (id, file.clone())).collect(), &Rc::new(Cell::new(false)), Box::new(|_, _| {})).await;
    }

    fn receive(message: JsValue) {
        match Request::from_js(&message) {
            Some(Request::Build { job, key, claim, others, file_limit, today, language, files }) => {
                let cancel = Rc::new(Cell::new(false));
                BUILDS.with(|builds| builds.borrow_mut().push((job, cancel.clone())));
                // A few updates a second are plenty for a progress bar.
                let last = Cell::new(f64::NEG_INFINITY);
                let progress = Box::new(move |done, total| {
                    let now = js_sys::Date::now();
                    if done == total || now - last.get() >= 50.0 {
                        last.set(now);
                        post(&Reply::Progress { job, done, total });
                    }
                });
                wasm_bindgen_futures::spawn_local(async move {
                    let reply = match build(&key, (&claim, &others), file_limit, (&today, &language), files, &cancel, progress).await {
                        Ok((blob, plan)) => Reply::Built { job, blob, file_name: plan.file_name, with_blockers: !plan.manifest.ready_to_submit, unread: Vec::new() },
                        Err((problem, Some(document))) => Reply::FailedOn { job, document, problem },
                        Err((problem, None)) => Reply::Failed { job, problem },
                    };
                    BUILDS.with(|builds| builds.borrow_mut().retain(|(id, _)| *id != job));
                    post(&reply);
                });
            }
            Some(Request::Open { job, zip }) => wasm_bindgen_futures::spawn_local(async move {
                post(&open_package(job, &zip).await);
            }),
            Some(Request::Backup { job, claims, file_limit, language }) => {
                let cancel = Rc::new(Cell::new(false));
                BUILDS.with(|builds| builds.borrow_mut().push((job, cancel.clone())));
                wasm_bindgen_futures::spawn_local(async move {
                    let reply = backup(job, claims, file_limit, &language, &cancel).await;
                    BUILDS.with(|builds| builds.borrow_mut().retain(|(id, _)| *id != job));
                    post(&reply);
                });
            }
            Some(Request::Restore { job, zip }) => wasm_bindgen_futures::spawn_local(async move {
                post(&restore(job, &zip).await);
            }),
            Some(Request::Inspect { job, file, sha256 }) => {
                INSPECTIONS.with(|queue| queue.borrow_mut().push_back((job, file, sha256)));
                if !INSPECTING.with(|busy| busy.replace(true)) {
                    wasm_bindgen_futures::spawn_local(inspect_queue());
                }
            }
            // As a hashing worker (`preflight::browser::package_worker::hash`).
            Some(Request::Hash { job, file }) => wasm_bindgen_futures::spawn_local(async move { post(&hash(job, file).await) }),
            Some(Request::Cancel { job }) => BUILDS.with(|builds| {
                for (_, cancel) in builds.borrow().iter().filter(|(id, _)| *id == job) {
                    cancel.set(true);
                }
            }),
            // A request of another protocol: answered, so that the page does not wait.
            None => {
                if let Some(job) = js_sys::Reflect::get(&message, &JsValue::from_str("job")).ok().and_then(|job| job.as_f64()) {
                    post(&Reply::Failed { job: job as JobId, problem: Problem::new("error.worker", "") });
                }
            }
        }
    }

    /// The program profile with the partner's file size limit, as the page has it.
    fn profile_with(file_limit: u64) -> Profile {
        let profile = Profile::default_profile();
        profile.with_file_limit(file_limit).unwrap_or(profile)
    }

    /// Builds the package of `claim` (its JSON, with the JSON of the tab's `others`
    /// claims; `key`, its key on the device), as of `today`, in `language`. `progress`
    /// gets (bytes read, bytes in all). A document whose file could not be read is named
    /// by its id, and in the problem by its name on the claim (the row's; the file's own
    /// may differ, given again under another name).
    async fn build(key: &str, (claim, others): (&str, &[String]), file_limit: u64, (today, language): (&str, &str), files: Vec<(u32, File)>, cancel: &Rc<Cell<bool>>, progress: Box<dyn Fn(u64, u64)>) -> Result<(web_sys::Blob, PackagePlan), (Problem, Option<u32>)> {
        let others: Option<Vec<Claim>> = others.iter().map(|other| Claim::from_json(other)).collect();
        let (Some(claim), Some(others), Some(today)) = (Claim::from_json(claim), others, preflight::dates::parse_iso(today)) else {
            return Err((Problem::new("error.worker", ""), None));
        };
        // The page's review, made again from the same claims, profile and day: the
        // manifest's findings are the ones the page shows.
        let profile = profile_with(file_limit);
        let elsewhere = preflight::rules::invoices::Elsewhere::of(others.iter(), &profile);
        let review = preflight::rules::review_with(&claim, &profile, today, Some(&elsewhere));
        let plan = match preflight::package::draft(&claim, Some(key), &profile, &review, &Catalog::for_tag(language), browser::build_time()) {
            Ok(draft) => finish(draft).await,
            Err(error) => return Err((error.problem(), None)),
        };
        let files: HashMap<u32, File> = files.into_iter().collect();
        match package::write_keeping(&|id| files.get(&id).cloned(), &plan, progress, cancel, package::KEEP_SMALL_FILES).await {
            Ok(blob) => Ok((blob, plan)),
            // Of one document, named as its row names it: its row is marked, with the
            // field that takes its file again.
            Err((error @ (package::BuildError::Unreadable(_) | package::BuildError::Changed(_) | package::BuildError::Missing(_)), Some(id))) => {
                let name = claim.document(id).map_or_else(|| error.problem().name, |document| document.file_name.clone());
                let key = match error {
                    package::BuildError::Changed(_) => "error.changed-document",
                    package::BuildError::Missing(_) => "error.missing-document",
                    _ => "error.unreadable-document",
                };
                Err((Problem::new(key, name), Some(id)))
            }
            Err((error, _)) => Err((error.problem(), None)),
        }
    }

    /// Lays out a drafted package, its generated files digested by Web Crypto, all three
    /// at once.
    async fn finish(draft: Draft) -> PackagePlan {
        let digests = browser::files::sha256_hex_of_generated(draft.generated()).await;
        draft.finish(digests)
    }

    /// Writes each claim's package (documents the device lacks are left out and named),
    /// reads it back for its SHA-256 and CRC-32, then the backup around them. Progress
    /// counts claims.
    async fn backup(job: JobId, claims: Vec<(String, Vec<(u32, File)>)>, file_limit: u64, language: &str, cancel: &Rc<Cell<bool>>) -> Reply {
        let failed = |problem| Reply::Failed { job, problem };
        let profile = profile_with(file_limit);
        let catalog = Catalog::for_tag(language);
        let at = browser::build_time();
        let total = claims.len() as u64;
        // The copying budget for small files, shared by the packages.
        let keep = package::KEEP_SMALL_FILES / total.max(1);
        let Some(claims) = claims.into_iter().map(|(claim, files)| Some((Claim::from_json(&claim)?, files))).collect::<Option<Vec<_>>>() else {
            return failed(Problem::new("error.worker", ""));
        };
        let mut packed = Vec::with_capacity(claims.len());
        let mut unread = Vec::with_capacity(claims.len());
        let mut blobs = Vec::with_capacity(claims.len());
        for (done, (claim, files)) in claims.iter().enumerate() {
            post(&Reply::Progress { job, done: done as u64, total });
            let files: HashMap<u32, File> = files.iter().cloned().collect();
            // Each package's review is its page's: with every other claim backed up.
            let others = claims.iter().enumerate().filter(|(other, _)| *other != done).map(|(_, (other, _))| other);
            let elsewhere = preflight::rules::invoices::Elsewhere::of(others, &profile);
            let review = preflight::rules::review_with(claim, &profile, at.local.date(), Some(&elsewhere));
            // A file the browser can no longer read (moved, changed or deleted on the disk
            // since it was added) leaves its document out, as one the device lacks: the
            // rest of the claim, and every other claim, is backed up.
            let mut unreadable: Vec<u32> = Vec::new();
            let (plan, left_out, blob) = loop {
                let (plan, left_out) = match preflight::package::draft_for_backup(claim, &profile, &review, &catalog, at, &|id| files.contains_key(&id) && !unreadable.contains(&id)) {
                    Ok((draft, left_out)) => (finish(draft).await, left_out),
                    Err(error) => return failed(error.problem()),
                };
                match package::write_keeping(&|id| files.get(&id).cloned(), &plan, |_, _| {}, cancel, keep).await {
                    Ok(blob) => break (plan, left_out, blob),
                    Err((package::BuildError::Unreadable(_) | package::BuildError::Changed(_), Some(id))) if !unreadable.contains(&id) => unreadable.push(id),
                    Err((error, _)) => return failed(error.problem()),
                }
            };
            unread.push(unreadable.len() as u32);
            let Some(file) = as_file(&blob, &plan.file_name) else { return failed(Problem::new("error.worker", "")) };
            let facts = match browser::files::hash(&file, |_| {}, cancel).await {
                Ok(facts) => facts,
                Err(error) => return failed(error.problem_in_package()),
            };
            packed.push(backup::Packed::new(claim, plan.manifest.documents.len(), left_out, facts));
            blobs.push(blob);
        }
        let plan = backup::plan(&packed, at);
        let pieces = js_sys::Array::new();
        for part in &plan.parts {
            match part {
                Part::Bytes(bytes) => {
                    pieces.push(&browser::download::bytes(bytes));
                }
                Part::Document { id, .. } => match blobs.get(*id as usize) {
                    Some(blob) => {
                        pieces.push(blob);
                    }
                    None => return failed(Problem::new("error.worker", "")),
                },
            }
        }
        post(&Reply::Progress { job, done: total, total });
        match browser::download::blob_of(&pieces, "application/zip") {
            Ok(blob) => Reply::Built { job, blob, file_name: plan.file_name, with_blockers: false, unread },
            Err(key) => failed(Problem::new(key, "")),
        }
    }

    fn as_file(contents: &JsValue, name: &str) -> Option<File> {
        File::new_with_blob_sequence(&js_sys::Array::of1(contents), name).ok()
    }

    /// Opens every package of a backup, each checked against the SHA-256 the backup
    /// recorded, then like Open package. What cannot be opened is named with the reason;
    /// the rest is restored. A package given instead of a backup is restored as its claim.
    async fn restore(job: JobId, zip: &File) -> Reply {
        let never = Rc::new(Cell::new(false));
        let mut failed = Vec::new();
        let entries = match open::entries(zip).await {
            Ok(entries) => entries,
            // Cut short (its directory is lost): the packages that are whole are found
            // from the start, held to the directory's limits; the index says which are
            // missing. A directory refused for what it holds (a bomb, two entries of one
            // name, a name that climbs out) is refused as it is, not read past.
            Err(problem) if matches!(problem.key, "open.error.not-zip" | "open.error.truncated") => {
                let mut entries = open::scan_entries(zip).await;
                if let Err(refused) = preflight::package::reader::check_scanned(&mut entries) {
                    return Reply::Failed { job, problem: refused.problem() };
                }
                if !entries.iter().any(|entry| entry.name == backup::INDEX) {
                    return Reply::Failed { job, problem };
                }
                failed.push((zip.name(), Problem::new("backup.error.cut", "")));
                entries
            }
            Err(problem) => return Reply::Failed { job, problem },
        };
        let index = match backup::index_entry(&entries) {
            Some(entry) if entry.size > backup::MAX_INDEX_BYTES => {
                failed.push((zip.name(), Problem::new("backup.index-damaged", "")));
                None
            }
            Some(entry) => match open::entry_bytes(zip, entry, backup::INDEX).await.and_then(|bytes| backup::read_index(&bytes).map_err(|error| error.problem())) {
                Ok(index) => Some(index),
                // Made by a newer page: said so, and nothing restored (its claims may hold
                // what this page would drop), rather than called damaged.
                Err(problem) if problem.key == "open.error.newer-schema" => return Reply::Failed { job, problem },
                // Its index damaged: each claim's package is still checked on its own.
                Err(_) => {
                    failed.push((zip.name(), Problem::new("backup.index-damaged", "")));
                    None
                }
            },
            None => None,
        };
        let mut restoring = backup::restoring(index.as_ref(), &entries);
        if restoring.is_empty() && index.is_none() {
            // Not a backup: a package is one claim to restore; anything else is not ours.
            if entries.iter().any(|entry| entry.name == "manifest.json") {
                return match open::open(zip, &never).await {
                    Ok(opened) => match restored(zip.name(), opened, true) {
                        Some(claim) => Reply::Restored { job, claims: vec![claim], failed },
                        None => Reply::Failed { job, problem: Problem::new("error.worker", "") },
                    },
                    Err(problem) => Reply::Failed { job, problem },
                };
            }
            return Reply::Failed { job, problem: Problem::new("open.error.not-backup", "") };
        }
        let size = zip.size() as u64;
        // Each listed claim's package: by its name, else by its content among those the
        // index does not name (each read at most once); then the packages left.
        let mut packages = Vec::with_capacity(restoring.listed.len());
        for item in &restoring.listed {
            let entry = match (item.entry, item.listed) {
                (None, Some(listed)) => {
                    for candidate in restoring.stand_ins.to_hash(listed.size) {
                        match read_package(zip, candidate, size, &candidate.name, &never).await {
                            Ok((_, facts)) => restoring.stand_ins.hashed(candidate, &facts.sha256, ()),
                            Err(problem) => failed.push((candidate.name.clone(), problem)),
                        }
                    }
                    restoring.stand_ins.take(&listed.sha256).map(|(entry, ())| entry)
                }
                (entry, _) => entry,
            };
            packages.push(backup::ToRestore { entry, ..item.clone() });
        }
        packages.extend(restoring.unlisted());
        let mut claims = Vec::new();
        // What the packages inflate to, all together, within one package's limits.
        let mut inflation = preflight::package::reader::Inflation::default();
        for item in &packages {
            let name = item.name();
            let Some(entry) = item.entry else {
                failed.push((name, Problem::new("backup.error.missing", item.path.clone())));
                continue;
            };
            let outcome = async {
                let (file, facts) = read_package(zip, entry, size, &item.path, &never).await?;
                inflation.add(&open::entries(&file).await?).map_err(|error| error.problem())?;
                Ok::<_, Problem>((backup::as_recorded(item.listed, &facts), open::open(&file, &never).await?))
            };
            match outcome.await {
                Ok((as_recorded, opened)) => match restored(name.clone(), opened, as_recorded) {
                    Some(claim) => claims.push(claim),
                    None => failed.push((name, Problem::new("error.worker", ""))),
                },
                Err(problem) => failed.push((name, problem)),
            }
        }
        Reply::Restored { job, claims, failed }
    }

    /// One package of a backup, as a file of its own, and its facts.
    async fn read_package(zip: &File, entry: &preflight::package::reader::Entry, size: u64, name: &str, never: &Rc<Cell<bool>>) -> Result<(File, preflight::claim::FileFacts), Problem> {
        let file = open::entry_file(zip, entry, size, name, "application/zip").await?;
        let facts = browser::files::hash(&file, |_| {}, never).await.map_err(|error| error.problem_in_package())?;
        Ok((file, facts))
    }

    fn restored(name: String, opened: open::Opened, as_recorded: bool) -> Option<RestoredClaim> {
        Some(RestoredClaim { name, claim: opened.claim.to_json()?, files: opened.files, checks: opened.checks, as_recorded })
    }

    /// Reads the files waiting for the reader, one after the other, until none is left.
    async fn inspect_queue() {
        while let Some((job, file, sha256)) = INSPECTIONS.with(|queue| queue.borrow_mut().pop_front()) {
            post(&match inspect(&file, &sha256).await.map(|inspection| serde_json::to_string(&inspection)) {
                Ok(Ok(inspection)) => Reply::Inspected { job, inspection },
                Ok(Err(_)) => Reply::Failed { job, problem: Problem::new("error.worker", "") },
                Err(problem) => Reply::Failed { job, problem },
            });
        }
        INSPECTING.with(|busy| busy.set(false));
    }

    /// What the reader finds in a file: its first bytes, then the ZIP's names or the
    /// whole PDF when it needs them. A file that can no longer be read (changed, moved or
    /// deleted on the disk since it was added) is said so (`error.unreadable-document`), never
    /// taken for a file of no known kind or a damaged PDF.
    async fn inspect(file: &File, sha256: &str) -> Result<evidence::Inspection, Problem> {
        let size = file.size() as u64;
        let unreadable = || Problem::new("error.unreadable-document", file.name());
        let head = open::read(file, 0, size.min(evidence::sniff::HEAD_BYTES)).await.map_err(|_| unreadable())?;
        let mut cut_short = None;
        let (names, whole) = match evidence::needs(&head, size) {
            evidence::Needs::ZipNames => match open::entries(file).await {
                Ok(entries) => (Some(entries.into_iter().map(|entry| entry.name).collect::<Vec<_>>()), None),
                // A directory refused is the file's (a ZIP of no known kind); one the
                // browser could not read (the file changed on the disk meanwhile) is not:
                // its last byte read again tells them apart.
                Err(_) => {
                    let tail = open::read(file, size.saturating_sub(preflight::package::reader::TAIL_BYTES), size).await.map_err(|_| unreadable())?;
                    // No end record at all: cut short. Its first entries say what it is.
                    if !evidence::sniff::has_end_record(&tail) {
                        cut_short = Some(evidence::sniff::kind(&head, Some(&evidence::sniff::local_names(&head, size))));
                    }
                    (None, None)
                }
            },
            evidence::Needs::Whole if size <= head.len() as u64 => (None, Some(head.clone())),
            evidence::Needs::Whole => (None, Some(open::read(file, 0, size).await.map_err(|_| unreadable())?)),
            evidence::Needs::Nothing => (None, None),
        };
        let mut inspection = evidence::inspect(sha256, &head, size, names.as_deref(), whole, &Profile::default_profile().branding_terms);
        inspection.cut_short = cut_short;
        if inspection.kind == evidence::Kind::Jpeg && inspection.width.is_none() && size > head.len() as u64 {
            if let Some((width, height)) = jpeg_frame_beyond(file, &head, size).await {
                (inspection.width, inspection.height) = (Some(width), Some(height));
            }
        }
        Ok(inspection)
    }

    /// A JPEG's pixel size when its frame header comes after the first bytes read: the
    /// segments walked on, a window of as many bytes at a time, up to 16 MB of metadata.
    async fn jpeg_frame_beyond(file: &File, head: &[u8], size: u64) -> Option<(u32, u32)> {
        use evidence::image::{jpeg_walk, Jpeg};
        let (mut base, mut walk) = (0_u64, jpeg_walk(head, 2));
        for _ in 0..64 {
            let Jpeg::From(at) = walk else { break };
            base += at as u64;
            if at == 0 || base >= size {
                return None;
            }
            let window = open::read(file, base, size.min(base + evidence::sniff::HEAD_BYTES)).await.ok()?;
            walk = jpeg_walk(&window, 0);
        }
        match walk {
            Jpeg::Frame(width, height) if width > 0 && height > 0 => Some((width, height)),
            _ => None,
        }
    }

    /// The SHA-256 of a file being added, here.
    async fn hash(job: JobId, file: File) -> Reply {
        let mut reply = Reply::Failed { job, problem: Problem::new("error.worker", "") };
        browser::files::hash_all(vec![(0, file)], browser::files::Sums::Sha256, &Rc::new(Cell::new(false)), Rc::new(|_| {}), 0, &mut |(_, _, result, _)| {
            reply = match result {
                Ok(facts) => Reply::Hashed { job, sha256: facts.sha256, size: facts.size },
                Err(error) => Reply::Failed { job, problem: error.problem() },
            };
            true
        })
        .await;
        reply
    }

    async fn open_package(job: JobId, zip: &File) -> Reply {
        match open::open(zip, &Rc::new(Cell::new(false))).await {
            Ok(open::Opened { claim, files, checks, unlisted, renamed, missing }) => match claim.to_json() {
                Some(claim) => Reply::Opened { job, claim, files, checks, unlisted, renamed, missing },
                None => Reply::Failed { job, problem: Problem::new("error.worker", "") },
            },
            Err(problem) => Reply::Failed { job, problem },
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The package worker runs in the browser: build the page with `trunk build --release` (see README.md).");
}
