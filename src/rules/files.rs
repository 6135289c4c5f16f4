//! Rules on the files themselves, judged from what was read of them ([`FileFacts`]).
//!
//! [`FileFacts`]: crate::claim::FileFacts

use std::collections::HashMap;

use crate::claim::DocumentField;
use crate::rules::{Arg, Code, Context, Finding, Target};

fn file_finding(code: Code, id: u32, file_name: &str) -> Finding {
    Finding::new(code, Target::Document(id, DocumentField::File)).with("file", Arg::Text(file_name.to_string()))
}

/// `FILE-EMPTY`: a file has 0 bytes (often a failed export or download).
pub fn empty(context: &Context, findings: &mut Vec<Finding>) {
    for document in &context.claim.documents {
        if document.file.as_ref().is_some_and(|file| file.size == 0) {
            findings.push(file_finding(Code::FileEmpty, document.id, &document.file_name));
        }
    }
}

/// `FILE-TOO-LARGE`: a file is larger than the profile's limit per file.
pub fn too_large(context: &Context, findings: &mut Vec<Finding>) {
    let limit = context.profile.file_size_limit_bytes;
    for document in &context.claim.documents {
        if let Some(file) = document.file.as_ref().filter(|file| file.size > limit) {
            findings.push(
                file_finding(Code::FileTooLarge, document.id, &document.file_name)
                    .with("size", Arg::Bytes(file.size))
                    .with("limit", Arg::Bytes(limit)),
            );
        }
    }
}

/// `FILE-TYPE`: a file's type is not one the program accepts.
pub fn file_type(context: &Context, findings: &mut Vec<Finding>) {
    for document in &context.claim.documents {
        if !context.profile.accepts_file_name(&document.file_name) {
            findings.push(file_finding(Code::FileType, document.id, &document.file_name));
        }
    }
}

/// `FILE-DUPLICATE`: two documents have the same content (same SHA-256); the later one is
/// reported, naming the earlier.
pub fn duplicate(context: &Context, findings: &mut Vec<Finding>) {
    let mut first_with: HashMap<&str, &str> = HashMap::new();
    for document in &context.claim.documents {
        let Some(file) = &document.file else { continue };
        if file.size == 0 || file.sha256.is_empty() {
            continue; // FILE-EMPTY says it better; an unhashed file cannot be compared
        }
        match first_with.get(file.sha256.as_str()) {
            Some(original) => findings.push(
                file_finding(Code::FileDuplicate, document.id, &document.file_name).with("original", Arg::Text(original.to_string())),
            ),
            None => {
                first_with.insert(&file.sha256, &document.file_name);
            }
        }
    }
}
