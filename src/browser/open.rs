//! Opening a package again: reads only what it needs of the ZIP (its end, its directory,
//! the manifest and the local headers), then checks every document's bytes against the
//! manifest's SHA-256. Documents are restored as slices of the ZIP file, so nothing is
//! copied, whatever the size.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

use crate::browser::files;
use crate::claim::{Claim, DocumentId, FileFacts};
use crate::i18n::Problem;
use crate::package::reader::{self, Check, OpenError};

/// Directories larger than this are not ours (200,000 entries of ordinary names).
const MAX_DIRECTORY_BYTES: u64 = 64 * 1024 * 1024;

/// A package opened: the claim, each document's file and what the check found.
pub struct Opened {
    pub claim: Claim,
    pub files: Vec<(DocumentId, File)>,
    /// Each document of the manifest with the check's result.
    pub checks: Vec<(String, Check)>,
}

fn failed(_: wasm_bindgen::JsValue) -> Problem {
    OpenError::Truncated.problem()
}

async fn read(blob: &Blob, start: u64, end: u64) -> Result<Vec<u8>, Problem> {
    let slice = blob.slice_with_f64_and_f64(start as f64, end as f64).map_err(failed)?;
    let buffer = JsFuture::from(slice.array_buffer()).await.map_err(failed)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Where an entry's data starts, from its local header.
async fn data_start(zip: &File, entry: &reader::Entry, size: u64) -> Result<u64, Problem> {
    let header = read(zip, entry.header_offset, (entry.header_offset + reader::LOCAL_HEADER_BYTES).min(size)).await?;
    reader::data_offset(entry, &header, size).map_err(|error| error.problem())
}

pub async fn open(zip: &File, cancel: &Rc<Cell<bool>>) -> Result<Opened, Problem> {
    let size = zip.size() as u64;
    let tail = read(zip, size.saturating_sub(reader::TAIL_BYTES), size).await?;
    let directory = reader::find_directory(&tail, size).map_err(|error| error.problem())?;
    if directory.size > MAX_DIRECTORY_BYTES {
        return Err(OpenError::NotOurs.problem());
    }
    let listing = read(zip, directory.offset, directory.offset + directory.size).await?;
    let entries = reader::read_directory(&listing, &directory, size).map_err(|error| error.problem())?;
    let manifest_entry = reader::manifest_entry(&entries).map_err(|error| error.problem())?;
    let start = data_start(zip, manifest_entry, size).await?;
    let manifest = reader::read_manifest(&read(zip, start, start + manifest_entry.size).await?).map_err(|error| error.problem())?;

    let profile = crate::profile::Profile::default_profile();
    let mut claim = manifest.claim.clone();
    let mut restored = Vec::new();
    let mut checks = Vec::new();
    for (document, entry) in manifest.documents.iter().zip(reader::document_entries(&manifest, &entries)) {
        let Some(entry) = entry else {
            checks.push((document.original_name.clone(), Check::Missing));
            continue;
        };
        let start = data_start(zip, entry, size).await?;
        let slice = zip.slice_with_f64_and_f64(start as f64, (start + entry.size) as f64).map_err(failed)?;
        let options = web_sys::FilePropertyBag::new();
        options.set_type(&document.media_type);
        let file = File::new_with_blob_sequence_and_options(&js_sys::Array::of1(&slice), &document.original_name, &options).map_err(failed)?;
        let facts: FileFacts = files::hash(&file, |_| {}, cancel).await.map_err(|error| error.problem())?;
        let check = if facts.sha256 == document.sha256 && facts.crc32 == entry.crc32 { Check::Verified } else { Check::Differs };
        checks.push((document.original_name.clone(), check));
        claim.apply(crate::claim::Edit::SetDocumentFile(document.id, Some(facts)), &profile);
        restored.push((document.id, file));
    }
    // The manifest's documents carry their files; any other document of the claim has none.
    Ok(Opened { claim, files: restored, checks })
}
