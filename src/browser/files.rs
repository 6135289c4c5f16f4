//! The partner's files: kept as `File` objects (never copied whole into memory), read in
//! chunks to compute SHA-256 and CRC-32, and handed back to build the package.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, ReadableStreamDefaultReader};

use crate::claim::{Document, DocumentId, FileFacts};
use crate::session::FileToken;
use crate::hashing::{hex, Crc32, FileHasher};
use crate::i18n::Problem;

thread_local! {
    /// The files of every claim of the page, by claim key and document id. The session
    /// (the core) refers to files by these two and the SHA-256 in the document's facts;
    /// the `File` objects live only here.
    static FILES: RefCell<HashMap<(String, DocumentId), Vec<Held>>> = RefCell::new(HashMap::new());
    /// Files picked, dropped or read from a package that have no document id yet.
    static STAGED: RefCell<(u64, HashMap<u64, File>)> = RefCell::new((0, HashMap::new()));
}

/// A file held for a document, with the SHA-256 it was read with (`None` until read).
///
/// A document may have several: each version of its claim keeps its own. Two tabs that
/// each added a document at once gave it the same number with two files; a saved record
/// of the other tab's version, read into this tab, must not replace this tab's file, or
/// the version this tab keeps (or brings back with Undo) is saved and packaged with the
/// other's file under its own name and checksum. [`get`] finds the one the document's
/// facts name.
#[derive(Clone)]
struct Held {
    sha256: Option<String>,
    file: File,
    /// Picked to take the place of the document's file (given again on its row, its
    /// original added), until read: the document's facts still name the file it had.
    picked: bool,
}

/// Keeps the file a document came with (added, or given by a package or a backup with
/// the claim), not read yet.
pub fn register(key: &str, id: DocumentId, file: File) {
    hold(key, id, file, None, false);
}

/// Keeps a file picked to take the place of a document's (given again on its row, its
/// original added), not read yet: beside the file it had, which stays the document's
/// until this one is read and taken (it may be refused: [`let_go`]). It replaces a file
/// picked before it and not read yet.
pub fn pick(key: &str, id: DocumentId, file: File) {
    hold(key, id, file, None, true);
}

/// Keeps the file a saved record has for a document (`sha256` from the record's facts,
/// `None` when not read there yet), beside the others held for it. One not read yet is
/// kept only where no file not read yet is held: that is this tab's own.
pub fn register_recorded(key: &str, id: DocumentId, file: File, sha256: Option<&str>) {
    let sha256 = sha256.filter(|sha256| !sha256.is_empty());
    if sha256.is_none() && FILES.with(|files| files.borrow().get(&(key.to_string(), id)).is_some_and(|held| held.iter().any(|held| held.sha256.is_none()))) {
        return;
    }
    hold(key, id, file, sha256, false);
}

/// A file read replaces the one of its SHA-256; one not read yet, the one not read yet
/// of its kind (picked, or come with the document): a file picked does not push out the
/// document's own file, not read here yet (a package's), which stays its file if the
/// one picked is refused.
fn hold(key: &str, id: DocumentId, file: File, sha256: Option<&str>, picked: bool) {
    let sha256 = sha256.map(str::to_string);
    FILES.with(|files| {
        let mut files = files.borrow_mut();
        let held = files.entry((key.to_string(), id)).or_default();
        held.retain(|held| held.sha256 != sha256 || (sha256.is_none() && held.picked != picked));
        held.push(Held { sha256, file, picked });
    });
}

/// The file read for a document now has its SHA-256 (unless it was replaced meanwhile).
/// False when the page no longer holds that file for it: replaced or removed while read.
pub fn mark_read(key: &str, id: DocumentId, file: &File, sha256: Option<&str>) -> bool {
    FILES.with(|files| {
        let mut files = files.borrow_mut();
        let Some(held) = files.get_mut(&(key.to_string(), id)) else { return false };
        let Some(index) = held.iter().position(|held| held.file == *file) else { return false };
        if let Some(sha256) = sha256.filter(|sha256| !sha256.is_empty()) {
            let mut read = held.remove(index);
            held.retain(|held| held.sha256.as_deref() != Some(sha256));
            read.sha256 = Some(sha256.to_string());
            read.picked = false;
            held.push(read);
        }
        true
    })
}

/// Lets go the file read with this SHA-256 for a document (one refused as its file):
/// the one it had stays. The file let go, if the page held it.
pub fn let_go(key: &str, id: DocumentId, sha256: &str) -> Option<File> {
    FILES.with(|files| {
        let mut files = files.borrow_mut();
        let held = files.get_mut(&(key.to_string(), id))?;
        let at = held.iter().position(|held| held.sha256.as_deref() == Some(sha256))?;
        Some(held.remove(at).file)
    })
}

pub fn forget(key: &str, id: DocumentId) {
    FILES.with(|files| files.borrow_mut().remove(&(key.to_string(), id)));
}

/// Forgets every file of a claim.
pub fn forget_claim(key: &str) {
    FILES.with(|files| files.borrow_mut().retain(|(claim, _), _| claim != key));
}

/// The documents of `to` get the files of `from` (a duplicate keeps the document ids).
pub fn copy_claim(from: &str, to: &str) {
    FILES.with(|files| {
        let mut files = files.borrow_mut();
        let copies: Vec<_> = files
            .iter()
            .filter(|((claim, _), _)| claim == from)
            .map(|((_, id), held)| ((to.to_string(), *id), held.clone()))
            .collect();
        files.extend(copies);
    });
}

/// The file of a document of the claim under `key`: the one read with the SHA-256 its
/// facts name, or, when none was, the one not read yet (the one it came with before one
/// picked to take its place); `None` when the page holds neither (never saved here, or
/// only another version's file).
pub fn get(key: &str, document: &Document) -> Option<File> {
    let sha256 = document.file.as_ref().map(|facts| facts.sha256.as_str()).filter(|sha256| !sha256.is_empty());
    get_read(key, document.id, sha256)
}

/// [`get`], by the document's id and the SHA-256 of its facts (`None`: not read).
pub fn get_read(key: &str, id: DocumentId, sha256: Option<&str>) -> Option<File> {
    FILES.with(|files| {
        let files = files.borrow();
        let held = files.get(&(key.to_string(), id))?;
        let read = sha256.and_then(|sha256| held.iter().find(|held| held.sha256.as_deref() == Some(sha256)));
        let unread = || held.iter().find(|held| held.sha256.is_none() && !held.picked).or_else(|| held.iter().find(|held| held.sha256.is_none()));
        read.or_else(unread).map(|held| held.file.clone())
    })
}

/// Holds a file until the session gives it a document ([`take_staged`]).
pub fn stage(file: File) -> FileToken {
    STAGED.with(|staged| {
        let mut staged = staged.borrow_mut();
        staged.0 += 1;
        let token = staged.0;
        staged.1.insert(token, file);
        FileToken(token)
    })
}

pub fn take_staged(token: FileToken) -> Option<File> {
    STAGED.with(|staged| staged.borrow_mut().1.remove(&token.0))
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0} cannot be read: it may have been changed, moved, renamed or deleted since you added it. Remove it and add it again.")]
    Unreadable(String),
    #[error("reading was cancelled")]
    Cancelled,
}

impl ReadError {
    /// Of a document's file, which its row takes again ("Add this file again").
    pub fn problem(&self) -> Problem {
        match self {
            ReadError::Unreadable(name) => Problem::new("error.unreadable-document", name.clone()),
            ReadError::Cancelled => Problem::new("error.cancelled", ""),
        }
    }

    /// Of a part of a package or backup being opened: no row to take it again.
    pub fn problem_in_package(&self) -> Problem {
        match self {
            ReadError::Unreadable(name) => Problem::new("error.unreadable", name.clone()),
            ReadError::Cancelled => self.problem(),
        }
    }
}

/// A `File` made from bytes (the example claim's documents).
pub fn file_from_bytes(bytes: &[u8], name: &str, media_type: &str) -> Option<File> {
    let pieces = js_sys::Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(media_type);
    File::new_with_u8_array_sequence_and_options(&pieces, name, &options).ok()
}

/// Files from a file input or a drop.
pub fn from_list(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|index| list.item(index)).collect()
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/drops.js")]
extern "C" {
    #[wasm_bindgen(js_name = forwardDrops)]
    fn forward_drops_js(selector: &str);
    #[wasm_bindgen(js_name = dropped)]
    fn dropped_js(event: &web_sys::DragEvent) -> JsValue;
    #[wasm_bindgen(js_name = takesDrag)]
    fn takes_drag_js(event: &web_sys::DragEvent, except: &str) -> bool;
}

/// Whether a drag is the page's to take: it carries files (not text or a link dragged
/// into a note, which takes it), and is not over a file field of its own (a document's
/// "Add the original file") other than `except`, which takes what is dropped on it.
pub fn takes_drag(event: &web_sys::DragEvent, except: &str) -> bool {
    takes_drag_js(event, except)
}

/// Files dropped anywhere on the page, but where they are taken already or on a file
/// field of its own, go to the element of `selector` (the documents' card), as dropped
/// there: the browser would otherwise open the file in place of the page. For the page's life.
pub fn forward_drops(selector: &str) {
    forward_drops_js(selector);
}

/// The files a drop carries, and the names of the folders among them: a folder dropped
/// is listed with the files, as a file that cannot be read.
pub fn dropped(event: &web_sys::DragEvent) -> (Vec<File>, Vec<String>) {
    let found = dropped_js(event);
    let list = |name: &str| js_sys::Array::from(&Reflect::get(&found, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED));
    let files = list("files").iter().filter_map(|file| file.dyn_into::<File>().ok()).collect();
    let folders = list("folders").iter().filter_map(|name| name.as_string()).collect();
    (files, folders)
}

/// Files up to this size are read whole and their SHA-256 left to the browser's Web
/// Crypto (native code, on another thread, about five times faster than SHA-256 in wasm)
/// while the CRC-32 is computed here (the smallest are hashed here entirely); larger ones
/// are streamed through SHA-256 in wasm, so that memory stays flat however large the file.
pub const WHOLE_FILE_LIMIT: u64 = 128 * 1024 * 1024;

/// Bytes copied into wasm memory at a time for the CRC-32.
const CRC_SLICE: u32 = 1024 * 1024;

/// Bytes of files being read at once: several small files in flight hide the latency of
/// each read, and the total stays bounded so memory does not grow with the package.
pub const IN_FLIGHT_BYTES: u64 = 256 * 1024 * 1024;
/// Files being read at once, at most.
pub const IN_FLIGHT_FILES: usize = 64;

/// Files up to this size are read in batches (see `hash_small_batch`); read alone (the
/// batch read failed), they get their SHA-256 here rather than from Web Crypto, because
/// for one small file the hop to the browser's crypto thread costs more than the hashing.
pub const SMALL_FILE: u32 = 256 * 1024;

/// What [`hash_all`] hands over for each file: its facts (or why it could not be read)
/// and, for a small file while the `keep` budget lasts, the bytes that were read (a view
/// of the batch's buffer, in the browser's memory, not wasm's).
pub type Hashed = (DocumentId, File, Result<FileFacts, ReadError>, Option<Uint8Array>);

/// Hashes many files, several at a time, and hands each result to `each` in the order
/// given. `read` hears of every chunk read (its length), for a progress bar. Small files
/// are handed over with their bytes until `keep` bytes have been handed over (0: never),
/// so that a package can copy them rather than read them once more. Stops early,
/// without reading further files, when `each` returns false.
pub fn hash_all<'a>(files: Vec<(DocumentId, File)>, sums: Sums, cancel: &'a Rc<Cell<bool>>, read: Rc<dyn Fn(u64)>, keep: u64, each: &'a mut dyn FnMut(Hashed) -> bool) -> futures::future::LocalBoxFuture<'a, ()> {
    // Boxed, so that its state machine is compiled once rather than into each of its
    // callers (two in the page: files being added, and a large one no worker could hash).
    Box::pin(async move {
        use futures::stream::{FuturesOrdered, StreamExt};
        use futures::FutureExt;
        let mut queue = files.into_iter().peekable();
        let mut running = FuturesOrdered::new();
        let mut in_flight = 0_u64;
        let keep = Rc::new(Cell::new(keep));
        'reading: loop {
            while let Some((_, next)) = queue.peek() {
                let size = next.size() as u64;
                let room = running.is_empty() || (running.len() < IN_FLIGHT_FILES && in_flight + size <= IN_FLIGHT_BYTES);
                if !room {
                    break;
                }
                if size <= u64::from(SMALL_FILE) {
                    // Small files travel together: one read for many saves a round trip each.
                    let mut batch = Vec::new();
                    let mut batch_bytes = 0_u64;
                    while let Some((_, next)) = queue.peek() {
                        let next_size = next.size() as u64;
                        if next_size > u64::from(SMALL_FILE) || batch_bytes + next_size > SMALL_BATCH_BYTES || batch.len() >= SMALL_BATCH_FILES {
                            break;
                        }
                        let Some(item) = queue.next() else { break };
                        batch_bytes += next_size;
                        batch.push(item);
                    }
                    in_flight += batch_bytes;
                    let (cancel, read, keep) = (cancel.clone(), read.clone(), keep.clone());
                    running.push_back(async move { hash_small_batch(batch, batch_bytes, sums, &read, &cancel, &keep).await }.boxed_local());
                    continue;
                }
                let Some((key, file)) = queue.next() else { break };
                in_flight += size;
                let (cancel, read) = (cancel.clone(), read.clone());
                running.push_back(
                    async move {
                        let so_far = Cell::new(0_u64);
                        let result = hash_with(&file, sums, |bytes| read(bytes - so_far.replace(bytes)), &cancel).await;
                        vec![(key, file, result, None)]
                    }
                    .boxed_local(),
                );
            }
            let Some(results) = running.next().await else { break };
            for hashed in results {
                in_flight = in_flight.saturating_sub(hashed.1.size() as u64);
                if !each(hashed) {
                    break 'reading;
                }
            }
        }
    })
}

/// Results of one read: a file, or a batch of small ones.
type Batch = Vec<Hashed>;

/// Bytes and files of small files read in one go.
const SMALL_BATCH_BYTES: u64 = 8 * 1024 * 1024;
const SMALL_BATCH_FILES: usize = 256;

/// Hashes small files with one read of a Blob made of them all (the browser does not
/// copy them to make it). If that read fails, each file is read alone, so that the
/// failure is put on the file it belongs to. Each file's bytes are handed over while
/// `keep` lasts.
async fn hash_small_batch(batch: Vec<(DocumentId, File)>, total: u64, sums: Sums, read: &Rc<dyn Fn(u64)>, cancel: &Rc<Cell<bool>>, keep: &Cell<u64>) -> Batch {
    if cancel.get() {
        return batch.into_iter().map(|(key, file)| (key, file, Err(ReadError::Cancelled), None)).collect();
    }
    let pieces = js_sys::Array::new();
    for (_, file) in &batch {
        pieces.push(file);
    }
    let contents = match web_sys::Blob::new_with_blob_sequence(&pieces) {
        Ok(blob) => JsFuture::from(blob.array_buffer()).await.ok().and_then(|buffer| buffer.dyn_into::<js_sys::ArrayBuffer>().ok()),
        Err(_) => None,
    };
    let mut results = Vec::with_capacity(batch.len());
    match contents.filter(|buffer| u64::from(buffer.byte_length()) == total) {
        Some(buffer) => {
            // Web Crypto hashes every file of the batch at once on its own thread (500
            // files of 20 KB in about 9 ms, a fifth of SHA-256 in wasm) while the CRC-32,
            // when asked for, is computed here; without it, wasm computes the sums.
            let subtle = subtle_crypto().filter(|_| sums != Sums::Crc32);
            // What wasm computes, it computes over one copy of the whole batch (one call
            // and one allocation rather than one per file; at most SMALL_BATCH_BYTES),
            // dropped before the digests are awaited.
            let in_wasm = (subtle.is_none() || sums != Sums::Sha256).then(|| Uint8Array::new(&buffer).to_vec());
            let mut hashing = Vec::with_capacity(batch.len());
            let mut offset = 0_u32;
            for (key, file) in batch {
                let size = file.size() as u32;
                let view = Uint8Array::new_with_byte_offset_and_length(&buffer, offset, size);
                let bytes = in_wasm.as_ref().map_or(&[][..], |all| &all[offset as usize..(offset + size) as usize]);
                offset += size;
                let digest = subtle.as_ref().and_then(|subtle| subtle.digest_with_str_and_buffer_source("SHA-256", &view).ok());
                let facts = match digest {
                    Some(digest) if sums == Sums::Sha256 => Hashing::Digesting(digest, 0),
                    Some(digest) => {
                        let mut crc = Crc32::default();
                        crc.update(bytes);
                        Hashing::Digesting(digest, crc.finalize())
                    }
                    None => {
                        let mut hasher = sums.hasher();
                        match &in_wasm {
                            Some(_) => hasher.update(bytes),
                            // Web Crypto refused this one file: it is copied alone.
                            None => hasher.update(&view.to_vec()),
                        }
                        Hashing::Done(hasher.finish(&file.type_()))
                    }
                };
                read(u64::from(size));
                let kept = (keep.get() >= u64::from(size)).then(|| {
                    keep.set(keep.get() - u64::from(size));
                    view
                });
                hashing.push((key, file, facts, kept));
            }
            drop(in_wasm);
            for (key, file, facts, kept) in hashing {
                let result = match facts {
                    Hashing::Done(facts) => Ok(facts),
                    Hashing::Digesting(digest, crc32) => with_digest(&file, file.size() as u64, digest, crc32).await,
                };
                results.push((key, file, result, kept));
            }
        }
        None => {
            for (key, file) in batch {
                let result = hash_with(&file, sums, |_| {}, cancel).await;
                results.push((key, file, result, None));
            }
        }
    }
    results
}

/// Reads a file and computes its SHA-256 and CRC-32. `progress` gets the bytes read so
/// far; setting `cancel` stops at the next chunk.
pub async fn hash(file: &File, progress: impl Fn(u64), cancel: &Rc<Cell<bool>>) -> Result<FileFacts, ReadError> {
    hash_with(file, Sums::Both, progress, cancel).await
}

/// Which sums of a file are computed.
///
/// A package's CRC-32s come from the bytes read when it is built, never from stored
/// facts; so a file being added gets its SHA-256 only (its `FileFacts::crc32` is 0),
/// which leaves the reading to Web Crypto's own thread. A package being built reads
/// every file once more for its CRC-32 only (its `FileFacts::sha256` is then empty):
/// the browser keeps a picked file as it was when picked and refuses to read it once it
/// changed on disk (`NotReadableError`, `NotFoundError` once deleted, whatever its size
/// or date), and a stored copy cannot change; so the SHA-256 computed when it was added
/// is still the file's, and its download reads the same bytes. Computing it again cost
/// half of Build package's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sums {
    /// SHA-256 and CRC-32 (a package's documents, read from it).
    Both,
    /// SHA-256 only (a file being added).
    Sha256,
    /// CRC-32 only (a package being built), read as a stream: memory stays flat.
    Crc32,
}

impl Sums {
    /// What computes these sums in wasm (the SHA-256 there too, but for `Crc32`).
    fn hasher(self) -> FileHasher {
        match self {
            Sums::Crc32 => FileHasher::crc32_only(),
            Sums::Both | Sums::Sha256 => FileHasher::new(),
        }
    }
}

async fn hash_with(file: &File, sums: Sums, progress: impl Fn(u64), cancel: &Rc<Cell<bool>>) -> Result<FileFacts, ReadError> {
    let subtle = subtle_crypto();
    match subtle {
        Some(subtle) if sums != Sums::Crc32 && (file.size() as u64) <= WHOLE_FILE_LIMIT => hash_whole(file, &subtle, sums, progress, cancel).await,
        _ => hash_streamed(file, sums.hasher(), progress, cancel).await,
    }
}

/// Web Crypto, in the page or in the package worker (which has no `window`).
fn subtle_crypto() -> Option<web_sys::SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
    Some(crypto.dyn_into::<web_sys::Crypto>().ok()?.subtle())
}

async fn hash_whole(file: &File, subtle: &web_sys::SubtleCrypto, sums: Sums, progress: impl Fn(u64), cancel: &Rc<Cell<bool>>) -> Result<FileFacts, ReadError> {
    let unreadable = || ReadError::Unreadable(file.name());
    let contents: js_sys::ArrayBuffer = JsFuture::from(file.array_buffer()).await.map_err(|_| unreadable())?.dyn_into().map_err(|_| unreadable())?;
    let size = contents.byte_length();
    if u64::from(size) != file.size() as u64 {
        return Err(unreadable());
    }
    if size <= SMALL_FILE {
        let mut hasher = FileHasher::new();
        hasher.update(&Uint8Array::new(&contents).to_vec());
        progress(u64::from(size));
        return Ok(hasher.finish(&file.type_()));
    }
    let digest = subtle.digest_with_str_and_buffer_source("SHA-256", &contents).map_err(|_| unreadable())?;
    if sums == Sums::Sha256 {
        progress(u64::from(size));
        return with_digest(file, u64::from(size), digest, 0).await;
    }
    let mut crc = Crc32::default();
    let mut buffer = vec![0_u8; CRC_SLICE.min(size) as usize];
    let mut offset = 0;
    while offset < size {
        if cancel.get() {
            return Err(ReadError::Cancelled);
        }
        let length = CRC_SLICE.min(size - offset);
        Uint8Array::new_with_byte_offset_and_length(&contents, offset, length).copy_to(&mut buffer[..length as usize]);
        crc.update(&buffer[..length as usize]);
        offset += length;
        progress(u64::from(offset));
    }
    with_digest(file, u64::from(size), digest, crc.finalize()).await
}

/// A file's SHA-256 on its way from Web Crypto, or already computed here.
enum Hashing {
    Done(FileFacts),
    Digesting(js_sys::Promise, u32),
}

/// The SHA-256 (lowercase hex) of bytes in wasm's memory, by Web Crypto (on its own
/// thread, and several times faster than SHA-256 in wasm), else in wasm.
pub async fn sha256_hex(bytes: &[u8]) -> String {
    let digest = subtle_crypto().and_then(|subtle| subtle.digest_with_str_and_buffer_source("SHA-256", &Uint8Array::from(bytes)).ok());
    let digest = match digest {
        Some(digest) => digest_hex(digest).await,
        None => None,
    };
    digest.unwrap_or_else(|| crate::hashing::sha256_hex(bytes))
}

/// The SHA-256s of a package's three generated files (manifest, summary, calendar), all
/// three at once: when Build package lays them out, and when Open package checks them.
pub async fn sha256_hex_of_generated(files: [&[u8]; 3]) -> [String; 3] {
    let [manifest, summary, calendar] = files.map(sha256_hex);
    let (manifest, summary, calendar) = futures::future::join3(manifest, summary, calendar).await;
    [manifest, summary, calendar]
}

/// What a Web Crypto digest promise gives, as lowercase hex; `None` when it fails.
async fn digest_hex(digest: js_sys::Promise) -> Option<String> {
    let digest = JsFuture::from(digest).await.ok()?.dyn_into::<js_sys::ArrayBuffer>().ok()?;
    Some(hex(&Uint8Array::new(&digest).to_vec()))
}

/// The facts of a file once Web Crypto has its SHA-256 (`digest`); its CRC-32 is known.
async fn with_digest(file: &File, size: u64, digest: js_sys::Promise, crc32: u32) -> Result<FileFacts, ReadError> {
    let sha256 = digest_hex(digest).await.ok_or_else(|| ReadError::Unreadable(file.name()))?;
    Ok(FileFacts { size, media_type: file.type_(), sha256, crc32 })
}

/// Bytes read at a time from a streamed file, into one buffer used again and again.
const STREAM_CHUNK: u32 = 1024 * 1024;

/// Streams a file through `hasher` in wasm (SHA-256 and CRC-32, or the CRC-32 only). (A stream, not `slice()`s: in
/// Chromium, slices of in-memory files soon fail with `NotReadableError` once a few
/// hundred megabytes have been read, and streams do not.) A file's stream is a byte
/// stream: it is read into one buffer of our own, which comes back with each chunk. The
/// default reader hands over a new buffer per chunk instead, and on a large file the
/// garbage outgrows the collector: measured in Chromium on a file of 1.4 GiB, 501 MiB of
/// memory over the page, against 78 MiB read into one buffer. A browser whose file
/// streams are not byte streams is read the default way.
async fn hash_streamed(file: &File, mut hasher: FileHasher, progress: impl Fn(u64), cancel: &Rc<Cell<bool>>) -> Result<FileFacts, ReadError> {
    let size = file.size() as u64;
    let unreadable = || ReadError::Unreadable(file.name());
    let stream = file.stream();
    let byob = web_sys::ReadableStreamByobReader::new(&stream).ok();
    let default: Option<ReadableStreamDefaultReader> = match byob {
        Some(_) => None,
        None => Some(stream.get_reader().dyn_into().map_err(|_| unreadable())?),
    };
    let mut view = Uint8Array::new_with_length(STREAM_CHUNK);
    let mut buffer = Vec::new();
    loop {
        // Cancelled: the reader is let go, and the file is read no further.
        if cancel.get() {
            return Err(ReadError::Cancelled);
        }
        let read = match (&byob, &default) {
            (Some(reader), _) => reader.read_with_array_buffer_view(&view),
            (None, Some(reader)) => reader.read(),
            (None, None) => return Err(unreadable()),
        };
        let step = JsFuture::from(read).await.map_err(|_| unreadable())?;
        let done = Reflect::get(&step, &JsValue::from_str("done")).map_err(|_| unreadable())?;
        if done.as_bool().unwrap_or(true) {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&step, &JsValue::from_str("value")).map_err(|_| unreadable())?.dyn_into().map_err(|_| unreadable())?;
        let length = chunk.length() as usize;
        if buffer.len() < length {
            buffer.resize(length, 0);
        }
        chunk.copy_to(&mut buffer[..length]);
        hasher.update(&buffer[..length]);
        progress(hasher.size());
        // Read into one's own buffer, it comes back with the chunk: read into it again.
        if byob.is_some() {
            view = Uint8Array::new(&chunk.buffer());
        }
    }
    if hasher.size() != size {
        return Err(unreadable()); // the file changed size under us
    }
    Ok(hasher.finish(&file.type_()))
}
