//! Writes a planned package: every document is read again, streamed, for its CRC-32 and size
//! (a file changed, moved or deleted since it was added cannot be read, and is named), then
//! the ZIP is assembled from header bytes and the original `File`s and offered as a
//! download. The SHA-256s are those computed when the files were added: see
//! [`files::Sums`] for why they are not computed again.
//!
//! Small files are the exception: their bytes, just read, are copied with
//! the headers around them into a few large pieces (up to [`KEEP_SMALL_FILES`] in all),
//! in the browser's memory (wasm memory never shrinks). A Blob of 1,000 small pieces is
//! slow to make and to read back; one of a few large ones is not, and memory stays
//! bounded by that budget, not by the package.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};

use crate::browser::{download, files};
use crate::claim::DocumentId;
use crate::i18n::Problem;
use crate::package::{PackagePlan, Part};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{0} cannot be read: it may have been changed, moved, renamed or deleted since you added it. Remove it and add it again")]
    Unreadable(String),
    #[error("{0} has changed since you added it: remove it and add it again, so that its checksum is right")]
    Changed(String),
    #[error("{0} is no longer available in this tab: remove it and add it again")]
    Missing(String),
    #[error("building was cancelled; nothing was saved")]
    Cancelled,
    #[error("the browser refused: {0}")]
    Browser(&'static str),
}

impl BuildError {
    pub fn problem(&self) -> Problem {
        match self {
            BuildError::Unreadable(name) => Problem::new("error.unreadable-document", name.clone()),
            BuildError::Changed(name) => Problem::new("error.changed", name.clone()),
            BuildError::Missing(name) => Problem::new("error.missing", name.clone()),
            BuildError::Cancelled => Problem::new("error.build-cancelled", ""),
            BuildError::Browser(key) => Problem::new(key, ""),
        }
    }
}

/// Bytes of small files copied into the package's pieces, at most; beyond, files are
/// referenced like large ones.
pub const KEEP_SMALL_FILES: u64 = 64 * 1024 * 1024;
/// Bytes per copied piece.
const PIECE: u32 = 8 * 1024 * 1024;

/// The package's pieces: bytes copied into large buffers, and files referenced. The
/// bytes between two referenced files become a view of the current buffer, whose rest
/// serves the bytes that follow.
#[derive(Default)]
struct Pieces {
    done: Array,
    buffer: Option<Uint8Array>,
    /// Where the bytes not yet handed over start in `buffer`, and where they end.
    start: u32,
    used: u32,
}

impl Pieces {
    /// Copies `length` bytes, written by `write` into the target it is given.
    fn copy(&mut self, length: u32, write: impl FnOnce(&Uint8Array)) {
        if length > PIECE {
            let own = Uint8Array::new_with_length(length);
            write(&own);
            self.hand_over();
            self.done.push(&own);
            return;
        }
        if self.buffer.is_none() || self.used + length > PIECE {
            self.hand_over();
            self.buffer = Some(Uint8Array::new_with_length(PIECE));
            (self.start, self.used) = (0, 0);
        }
        if let Some(buffer) = &self.buffer {
            write(&buffer.subarray(self.used, self.used + length));
            self.used += length;
        }
    }

    fn reference(&mut self, file: &web_sys::File) {
        self.hand_over();
        self.done.push(file);
    }

    /// Hands over the bytes copied since the last time.
    fn hand_over(&mut self) {
        if let Some(buffer) = self.buffer.as_ref().filter(|_| self.used > self.start) {
            self.done.push(&buffer.subarray(self.start, self.used));
        }
        self.start = self.used;
    }

    fn finish(mut self) -> Array {
        self.hand_over();
        self.done
    }
}

/// Reads every document once more for its CRC-32 (`file_of` gives each one's `File`), then
/// assembles the package. `progress` gets (bytes read, bytes in all). Copies at most
/// `keep` bytes of small files ([`KEEP_SMALL_FILES`] for one package; a backup writes
/// many and shares the budget among them); a failure names the document it is of, if one
/// (Build package marks that row; a backup leaves that document out and writes the
/// package again).
pub async fn write_keeping(file_of: &dyn Fn(DocumentId) -> Option<web_sys::File>, plan: &PackagePlan, progress: impl Fn(u64, u64) + 'static, cancel: &Rc<Cell<bool>>, keep: u64) -> Result<web_sys::Blob, (BuildError, Option<DocumentId>)> {
    let total = plan.document_bytes();
    progress(0, total);
    let read_so_far = Rc::new(Cell::new(0_u64));
    let on_read: Rc<dyn Fn(u64)> = {
        let read_so_far = read_so_far.clone();
        Rc::new(move |bytes| {
            read_so_far.set(read_so_far.get() + bytes);
            progress(read_so_far.get().min(total), total);
        })
    };
    let mut to_read = Vec::new();
    for document in &plan.manifest.documents {
        let file = file_of(document.id).ok_or_else(|| (BuildError::Missing(document.original_name.clone()), Some(document.id)))?;
        to_read.push((document.id, file));
    }
    let mut failure = None;
    // Bytes of small files, in the manifest's order, which is also the ZIP's.
    let mut kept: Vec<(DocumentId, Option<Uint8Array>)> = Vec::new();
    // The CRC-32 of the bytes just read: the only CRC-32 the ZIP gets.
    let mut crc32s: Vec<(DocumentId, u32)> = Vec::with_capacity(plan.manifest.documents.len());
    // Results come in the order the files were given: the manifest's.
    let mut expected_documents = plan.manifest.documents.iter();
    files::hash_all(to_read, files::Sums::Crc32, cancel, on_read, keep, &mut |(id, _, result, bytes)| {
        let Some(expected) = expected_documents.next() else { return false };
        let outcome = match result {
            Err(files::ReadError::Cancelled) => Err(BuildError::Cancelled),
            Err(files::ReadError::Unreadable(name)) => Err(BuildError::Unreadable(name)),
            // A browser that read a changed file rather than refuse it: a size is all
            // that can be compared (its SHA-256 is not computed again).
            Ok(facts) if facts.size != expected.size => Err(BuildError::Changed(expected.original_name.clone())),
            Ok(facts) => {
                crc32s.push((id, facts.crc32));
                Ok(())
            }
        };
        match outcome {
            Ok(_) => {
                kept.push((id, bytes));
                true
            }
            Err(error) => {
                failure = Some((error, Some(id)));
                false
            }
        }
    })
    .await;
    if let Some(error) = failure {
        return Err(error);
    }
    if cancel.get() {
        return Err((BuildError::Cancelled, None));
    }
    let parts = plan.parts_with_crc32(&crc32s).map_err(|error| match error {
        crate::package::PackageError::NotRead(name) | crate::package::PackageError::Unverified(name) => (BuildError::Changed(name), None),
    })?;
    let mut pieces = Pieces::default();
    let mut kept = kept.into_iter();
    for part in &parts {
        match part {
            Part::Bytes(bytes) => pieces.copy(bytes.len() as u32, |target| target.copy_from(bytes)),
            // Were the orders ever to differ, every file would be referenced: still right.
            Part::Document { id, .. } => match kept.next().filter(|(kept_id, _)| kept_id == id).and_then(|(_, bytes)| bytes) {
                Some(bytes) => pieces.copy(bytes.length(), |target| target.set(&bytes, 0)),
                None => pieces.reference(&file_of(*id).ok_or_else(|| (BuildError::Missing(format!("document {id}")), Some(*id)))?),
            },
        }
    }
    let pieces = pieces.finish();
    download::blob_of(&pieces, "application/zip").map_err(|key| (BuildError::Browser(key), None))
}
