//! Opening a package again: reads only what it needs of the ZIP (its end, its directory,
//! the manifest and the local headers), then checks every document's bytes against the
//! manifest's SHA-256 and the entry's CRC-32. Stored documents are restored as slices of
//! the ZIP file, so nothing is copied, whatever the size; deflated ones (a package zipped
//! again by another tool) are inflated by the browser's `DecompressionStream`
//! (`js/inflate.js`), stopped at the size the directory declares. What to read, and
//! whether it may be trusted, is the core's to say ([`reader`]).

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

use crate::browser::files;
use crate::claim::{Claim, DocumentId};
use crate::i18n::Problem;
use crate::package::reader::{self, Check, Found, OpenError};

#[wasm_bindgen(module = "/js/inflate.js")]
extern "C" {
    #[wasm_bindgen(js_name = inflateEntry)]
    fn inflate_entry(zip: &Blob, start: f64, end: f64, size: f64, name: &str, media_type: &str) -> js_sys::Promise;
}

/// Directories larger than this are not ours (200,000 entries of ordinary names).
const MAX_DIRECTORY_BYTES: u64 = 64 * 1024 * 1024;

/// A package opened: the claim, each document's file and what the check found.
pub struct Opened {
    pub claim: Claim,
    pub files: Vec<(DocumentId, File)>,
    /// Each document of the manifest with the check's result.
    pub checks: Vec<(String, Check)>,
    /// Files of the ZIP its manifest does not list, not taken ([`reader::unlisted_entries`]).
    pub unlisted: Vec<String>,
    /// Documents found by their content under another path than the manifest's (renamed
    /// or moved, then zipped again): (the manifest's name, the path in the ZIP). Their
    /// content is the one checked, but `sha256sum -c` on the unzipped folder fails.
    pub renamed: Vec<(String, String)>,
    /// The summary or calendar the package does not hold (`summary.html`,
    /// `deadlines.ics`): the claim opens without them ([`reader::generated_entries`]).
    pub missing: Vec<String>,
}

pub async fn read(blob: &Blob, start: u64, end: u64) -> Result<Vec<u8>, Problem> {
    read_bytes(blob, start, end).await.map_err(|error| error.problem())
}

async fn read_bytes(blob: &Blob, start: u64, end: u64) -> Result<Vec<u8>, OpenError> {
    let slice = blob.slice_with_f64_and_f64(start as f64, end as f64).map_err(|_| OpenError::Truncated)?;
    let buffer = JsFuture::from(slice.array_buffer()).await.map_err(|_| OpenError::Truncated)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// An entry's content as a `File`: a slice of the ZIP, or its bytes inflated.
pub async fn entry_file(zip: &File, entry: &reader::Entry, size: u64, name: &str, media_type: &str) -> Result<File, Problem> {
    entry_content(zip, entry, size, name, media_type).await.map_err(|error| error.problem())
}

/// [`entry_file`], with the core's reason when it fails: [`OpenError::BadInflate`] is
/// damage to that entry's data alone, which a document survives ([`Check::Damaged`]).
async fn entry_content(zip: &File, entry: &reader::Entry, size: u64, name: &str, media_type: &str) -> Result<File, OpenError> {
    let header = read_bytes(zip, entry.header_offset, (entry.header_offset + entry.header_read_len()).min(size)).await?;
    let range = reader::data_range(entry, &header)?;
    let bad_inflate = || OpenError::BadInflate(entry.name.clone());
    let file = if range.inflate {
        let inflating = inflate_entry(zip, range.start as f64, range.end as f64, range.size as f64, name, media_type);
        JsFuture::from(inflating).await.map_err(|_| bad_inflate())?.dyn_into::<File>().map_err(|_| bad_inflate())?
    } else {
        let slice = zip.slice_with_f64_and_f64(range.start as f64, range.end as f64).map_err(|_| OpenError::Truncated)?;
        let options = web_sys::FilePropertyBag::new();
        options.set_type(media_type);
        File::new_with_blob_sequence_and_options(&js_sys::Array::of1(&slice), name, &options).map_err(|_| OpenError::Truncated)?
    };
    reader::check_inflated(entry, file.size() as u64)?;
    Ok(file)
}

/// The entries of a ZIP, as its central directory lists them (read and checked by the core).
pub async fn entries(zip: &Blob) -> Result<Vec<reader::Entry>, Problem> {
    let size = zip.size() as u64;
    let tail = read(zip, size.saturating_sub(reader::TAIL_BYTES), size).await?;
    let directory = reader::find_directory(&tail, size).map_err(|error| error.problem())?;
    if directory.size > MAX_DIRECTORY_BYTES {
        return Err(OpenError::TooManyEntries.problem());
    }
    let listing = read(zip, directory.offset, directory.offset + directory.size).await?;
    reader::read_directory(&listing, &directory).map_err(|error| error.problem())
}

/// The entries of a ZIP whose directory is lost (cut short), found from its start, one
/// local header after the other, as long as they are whole ([`reader::local_entry`]).
pub async fn scan_entries(zip: &Blob) -> Vec<reader::Entry> {
    let size = zip.size() as u64;
    let mut entries = Vec::new();
    let mut offset = 0_u64;
    // A fixed header, a name and an extra field: at most this many bytes.
    let most = reader::LOCAL_HEADER_BYTES + 2 * 0xFFFF;
    while entries.len() < 200_000 {
        let Ok(header) = read(zip, offset, (offset + most).min(size)).await else { break };
        let Some(entry) = reader::local_entry(&header, offset, size) else { break };
        offset = entry.limit;
        entries.push(entry);
    }
    entries
}

/// An entry's bytes, whole (an entry known to be small: an index, a manifest).
pub async fn entry_bytes(zip: &File, entry: &reader::Entry, name: &str) -> Result<Vec<u8>, Problem> {
    let file = entry_file(zip, entry, zip.size() as u64, name, "application/json").await?;
    read(&file, 0, file.size() as u64).await
}

pub async fn open(zip: &File, cancel: &Rc<Cell<bool>>) -> Result<Opened, Problem> {
    let size = zip.size() as u64;
    let entries = entries(zip).await?;
    let manifest_entry = reader::manifest_entry(&entries).map_err(|error| error.problem())?;
    let manifest_bytes = entry_bytes(zip, manifest_entry, "manifest.json").await?;
    let manifest = reader::read_manifest(&manifest_bytes).map_err(|error| error.problem())?;
    // The generated files against checksums.sha256: a manifest edited since is refused.
    // A summary or calendar left out (made from the manifest) is said, not checked.
    let (generated, checksums) = reader::generated_entries(&entries).map_err(|error| error.problem())?;
    let missing = reader::missing_generated(&generated);
    let [summary, calendar] = generated;
    let summary = match summary {
        Some(entry) => Some(entry_bytes(zip, entry, "summary.html").await?),
        None => None,
    };
    let calendar = match calendar {
        Some(entry) => Some(entry_bytes(zip, entry, "deadlines.ics").await?),
        None => None,
    };
    let checksums = entry_bytes(zip, checksums, "checksums.sha256").await?;
    let [manifest_digest, summary_digest, calendar_digest] = files::sha256_hex_of_generated([&manifest_bytes, summary.as_deref().unwrap_or_default(), calendar.as_deref().unwrap_or_default()]).await;
    let digests = [Some(manifest_digest), summary.is_some().then_some(summary_digest), calendar.is_some().then_some(calendar_digest)];
    reader::check_generated(&checksums, &digests, &manifest.documents).map_err(|error| error.problem())?;

    let mut found = Vec::with_capacity(manifest.documents.len());
    let mut package_files = Vec::with_capacity(manifest.documents.len());
    let by_name = reader::document_entries(&manifest, &entries);
    let mut stand_ins = reader::StandIns::new(&manifest, &entries, &by_name);
    // Where the entries taken for a document whose name the ZIP wrote otherwise start.
    let mut taken = HashSet::new();
    let mut renamed = Vec::new();
    for (document, named) in manifest.documents.iter().zip(by_name) {
        let read = match named {
            Some(entry) => match entry_content(zip, entry, size, &document.original_name, &document.media_type).await {
                Ok(file) => {
                    let facts = files::hash(&file, |_| {}, cancel).await.map_err(|error| error.problem_in_package())?;
                    Some((entry, (file, facts)))
                }
                // One document's data damaged (a byte changed in a package deflated by
                // another tool): that document is marked, the claim and the rest open.
                Err(OpenError::BadInflate(_)) => {
                    found.push(Found::Damaged);
                    package_files.push(None);
                    continue;
                }
                Err(error) => return Err(error.problem()),
            },
            None => {
                // Each candidate is read once, whatever the manifest lists.
                for entry in stand_ins.to_hash(document.size) {
                    // A candidate that cannot be read is not this document (it stays unlisted).
                    let Ok(file) = entry_file(zip, entry, size, &entry.name, &document.media_type).await else { continue };
                    let facts = files::hash(&file, |_| {}, cancel).await.map_err(|error| error.problem_in_package())?;
                    stand_ins.hashed(entry, &facts.sha256.clone(), (file, facts));
                }
                // Taken, it is the document's file: named and typed as the manifest says
                // (a File of that one File, no bytes copied).
                stand_ins.take(&document.sha256).map(|(entry, (file, mut facts))| {
                    taken.insert(entry.header_offset);
                    if reader::found_elsewhere(&document.path, &entry.name, std::str::from_utf8(&entry.raw_name).is_err()) {
                        renamed.push((document.original_name.clone(), entry.name.clone()));
                    }
                    facts.media_type.clone_from(&document.media_type);
                    let options = web_sys::FilePropertyBag::new();
                    options.set_type(&document.media_type);
                    let named = File::new_with_blob_sequence_and_options(&js_sys::Array::of1(&file), &document.original_name, &options).unwrap_or(file);
                    (entry, (named, facts))
                })
            }
        };
        match read {
            Some((entry, (file, facts))) => {
                found.push(Found::File { facts, entry_crc32: entry.crc32 });
                package_files.push(Some(file));
            }
            None => {
                found.push(Found::Missing);
                package_files.push(None);
            }
        }
    }
    let restored = reader::restore(&manifest, &found);
    let mut checks = Vec::with_capacity(restored.documents.len());
    let mut restored_files = Vec::new();
    for ((document, (check, id)), file) in manifest.documents.iter().zip(restored.documents).zip(package_files) {
        if let (Some(id), Some(file)) = (id, file) {
            restored_files.push((id, file));
        }
        checks.push((document.original_name.clone(), check));
    }
    let taken: HashSet<&str> = entries.iter().filter(|entry| taken.contains(&entry.header_offset)).map(|entry| entry.name.as_str()).collect();
    let unlisted = reader::unlisted_entries(&manifest, &entries).into_iter().filter(|name| !taken.contains(&name.as_str())).collect();
    Ok(Opened { claim: restored.claim, files: restored_files, checks, unlisted, renamed, missing })
}
