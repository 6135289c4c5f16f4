//! Rules on documents that came from a package and did not pass its check (our addition
//! to PRODUCT.md §3 "every checksum is verified"): the mark is kept with the claim
//! ([`Integrity`](crate::claim::Integrity)), so the blocker stays across reloads until the original file is added
//! again or the partner accepts the file as it is.

use crate::claim::{DocumentField, IntegrityState};
use crate::rules::{Arg, Code, Context, Finding, Target};

/// `PACKAGE-DOC-ALTERED`: the document's file is not the one its package recorded.
/// `PACKAGE-DOC-MISSING`: the package listed the document without its file, or (a
/// backup's) left it out.
pub fn package_documents(context: &Context, findings: &mut Vec<Finding>) {
    for document in &context.claim.documents {
        let code = match document.integrity.as_ref().map(|mark| mark.state) {
            Some(IntegrityState::Altered) => Code::PackageDocAltered,
            Some(IntegrityState::Missing | IntegrityState::LeftOut) => Code::PackageDocMissing,
            None => continue,
        };
        findings.push(Finding::new(code, Target::Document(document.id, DocumentField::File)).with("file", Arg::Text(document.file_name.clone())));
    }
}
