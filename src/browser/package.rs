//! Writes a planned package: every document is read again and its SHA-256 checked against
//! the manifest (so the checksums never lie about a file that changed), then the ZIP is
//! assembled from header bytes and the original `File`s and offered as a download.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Array;

use crate::browser::{download, files};
use crate::i18n::Problem;
use crate::package::{PackagePlan, Part};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{0} cannot be read: it may have been moved, renamed or deleted since you added it")]
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
            BuildError::Unreadable(name) => Problem::new("error.unreadable", name.clone()),
            BuildError::Changed(name) => Problem::new("error.changed", name.clone()),
            BuildError::Missing(name) => Problem::new("error.missing", name.clone()),
            BuildError::Cancelled => Problem::new("error.build-cancelled", ""),
            BuildError::Browser(key) => Problem::new(key, ""),
        }
    }
}

/// Reads and verifies every document, then assembles the package. `progress` gets
/// (bytes verified, bytes in all).
pub async fn write(plan: &PackagePlan, progress: impl Fn(u64, u64) + 'static, cancel: &Rc<Cell<bool>>) -> Result<web_sys::Blob, BuildError> {
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
    let mut to_verify = Vec::new();
    for document in &plan.manifest.documents {
        let file = files::get(document.id).ok_or_else(|| BuildError::Missing(document.original_name.clone()))?;
        to_verify.push((document.id, file));
    }
    let mut failure = None;
    // Results come in the order the files were given: the manifest's.
    let mut expected_documents = plan.manifest.documents.iter();
    files::hash_all(to_verify, cancel, on_read, &mut |_, _, result| {
        let Some(expected) = expected_documents.next() else { return false };
        let outcome = match result {
            Err(files::ReadError::Cancelled) => Err(BuildError::Cancelled),
            Err(files::ReadError::Unreadable(name)) => Err(BuildError::Unreadable(name)),
            Ok(facts) if facts.sha256 != expected.sha256 || facts.size != expected.size => Err(BuildError::Changed(expected.original_name.clone())),
            Ok(_) => Ok(()),
        };
        match outcome {
            Ok(_) => true,
            Err(error) => {
                failure = Some(error);
                false
            }
        }
    })
    .await;
    if let Some(error) = failure {
        return Err(error);
    }
    if cancel.get() {
        return Err(BuildError::Cancelled);
    }
    let pieces = Array::new();
    for part in &plan.parts {
        match part {
            Part::Bytes(bytes) => {
                pieces.push(&download::bytes(bytes));
            }
            Part::Document { id, .. } => {
                let file = files::get(*id).ok_or_else(|| BuildError::Missing(format!("document {id}")))?;
                pieces.push(&file);
            }
        }
    }
    download::blob_of(&pieces, "application/zip").map_err(BuildError::Browser)
}
