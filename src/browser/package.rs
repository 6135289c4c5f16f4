//! Writes a planned package: every document is read again and its SHA-256 checked against
//! the manifest (so the checksums never lie about a file that changed), then the ZIP is
//! assembled from header bytes and the original `File`s and offered as a download.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Array;

use crate::browser::{download, files};
use crate::package::{PackagePlan, Part};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Unreadable(String),
    #[error("{0} has changed since you added it: remove it and add it again, so that its checksum is right")]
    Changed(String),
    #[error("{0} is no longer available in this tab: remove it and add it again")]
    Missing(String),
    #[error("building was cancelled; nothing was saved")]
    Cancelled,
    #[error("{0}")]
    Browser(String),
}

/// Reads, verifies and saves the package. `progress` gets (bytes verified, bytes in all).
pub async fn write(plan: &PackagePlan, progress: impl Fn(u64, u64), cancel: &Rc<Cell<bool>>) -> Result<web_sys::Blob, BuildError> {
    let total = plan.document_bytes();
    let mut done = 0_u64;
    progress(0, total);
    let pieces = Array::new();
    for part in &plan.parts {
        match part {
            Part::Bytes(bytes) => {
                pieces.push(&download::bytes(bytes));
            }
            Part::Document { id, size } => {
                let expected = plan.manifest.documents.iter().find(|d| d.id == *id);
                let name = expected.map_or_else(String::new, |d| d.original_name.clone());
                let file = files::get(*id).ok_or_else(|| BuildError::Missing(name.clone()))?;
                let facts = files::hash(&file, |read| progress(done + read, total), cancel).await.map_err(|error| match error {
                    files::ReadError::Cancelled => BuildError::Cancelled,
                    other => BuildError::Unreadable(other.to_string()),
                })?;
                if Some(facts.sha256.as_str()) != expected.map(|d| d.sha256.as_str()) || facts.size != *size {
                    return Err(BuildError::Changed(name));
                }
                done += size;
                pieces.push(&file);
            }
        }
    }
    progress(total, total);
    download::blob_of(&pieces, "application/zip").map_err(BuildError::Browser)
}
