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

/// `FILE-TOO-LARGE`: a file is larger than the profile's limit per file. A limit the
/// partner may change has a fix that names its `setting`, where it is.
pub fn too_large(context: &Context, findings: &mut Vec<Finding>) {
    let limit = context.profile.file_size_limit_bytes;
    for document in &context.claim.documents {
        if let Some(file) = document.file.as_ref().filter(|file| file.size > limit) {
            let finding = file_finding(Code::FileTooLarge, document.id, &document.file_name)
                .with("size", Arg::BytesAbove(file.size, limit))
                .with("limit", Arg::Bytes(limit));
            findings.push(if context.profile.file_size_limit_editable { finding.with("setting", Arg::Key("ui.file-limit".into())) } else { finding });
        }
    }
}

/// `FILE-TYPE`: a file's type is not one the program accepts. Its advice is to convert
/// the file, unless the reader found a package or a backup of this page (then it says
/// which button brings its claims back), a kind the program accepts under another name
/// (a PDF named `invoice`, or `invoice.dat`: then to rename it), or a recording (then the
/// recording format accepted, or screenshots).
pub fn file_type(context: &Context, findings: &mut Vec<Finding>) {
    let recording = crate::evidence::Kind::Asf.usual_extension().filter(|extension| context.profile.accepts_file_name(&format!("file.{extension}")));
    for document in &context.claim.documents {
        if !context.profile.accepts_file_name(&document.file_name) {
            let kind = document.read.as_ref().map(|read| read.kind);
            let accepted_as = kind.and_then(crate::evidence::Kind::usual_extension).filter(|extension| context.profile.accepts_file_name(&format!("file.{extension}")));
            let mut finding = file_finding(Code::FileType, document.id, &document.file_name);
            finding = match (kind, accepted_as) {
                (Some(crate::evidence::Kind::Package), _) => finding.with("advice", Arg::Key("check.FILE-TYPE.fix.package".into())),
                (Some(crate::evidence::Kind::Backup), _) => finding.with("advice", Arg::Key("check.FILE-TYPE.fix.backup".into())),
                (Some(kind), Some(extension)) => finding
                    .with("advice", Arg::Key("check.FILE-TYPE.fix.rename".into()))
                    .with("kind", Arg::Key(format!("kind.{}", kind.name())))
                    .with("extension", Arg::Text(format!(".{extension}"))),
                // A recording in a format not accepted (an MP4, an iPhone's MOV): the
                // recording format the program accepts, if any, or screenshots of it.
                (Some(crate::evidence::Kind::Mp4), None) => match recording {
                    Some(extension) => finding.with("advice", Arg::Key("check.FILE-TYPE.fix.recording".into())).with("extension", Arg::Text(format!(".{extension}"))),
                    None => finding.with("advice", Arg::Key("check.FILE-TYPE.fix.convert".into())),
                },
                _ => finding.with("advice", Arg::Key("check.FILE-TYPE.fix.convert".into())),
            };
            findings.push(finding);
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
            Some(original) => {
                // Two of one name read "a.pdf has the same content as a.pdf": the other is
                // said to be another document of that name.
                let original = if *original == document.file_name { Arg::Key("check.FILE-DUPLICATE.same-name".into()) } else { Arg::Text(original.to_string()) };
                findings.push(file_finding(Code::FileDuplicate, document.id, &document.file_name).with("original", original));
            }
            None => {
                first_with.insert(&file.sha256, &document.file_name);
            }
        }
    }
}

/// What the document reader found in each file (PRODUCT.md §2.4): a program or script
/// (`FILE-EXECUTABLE`, also by its name), content that is not what the name says
/// (`FILE-CONTENT-MISMATCH`), a PDF that needs a password, cannot be read or has no
/// text (`PDF-ENCRYPTED`, `PDF-DAMAGED` with the reason, `PDF-NO-TEXT`), and a proof
/// of execution image too small to read (`IMAGE-SMALL`), and a file the reader stopped
/// on (`DOC-UNCHECKED`, our addition). Only an inspection of the
/// file the document has now counts; an empty file is `FILE-EMPTY`'s.
pub fn content(context: &Context, findings: &mut Vec<Finding>) {
    use crate::evidence::{self, Kind, PdfState};
    for document in &context.claim.documents {
        let finding = |code| file_finding(code, document.id, &document.file_name);
        let inspection = document.inspection().filter(|_| document.file.as_ref().is_some_and(|file| file.size > 0));
        let kind = inspection.map(|inspection| inspection.kind);
        if kind.is_some_and(Kind::runs) || evidence::named_as_program(&document.file_name) {
            // What runs is named by its content; a file only named as a program (a PDF
            // called `.exe`) by its name: "is a PDF: it runs" would contradict itself.
            let what = match kind.filter(|kind| kind.runs()) {
                Some(kind) => format!("kind.{}", kind.name()),
                None => "kind.named-program".to_string(),
            };
            findings.push(finding(Code::FileExecutable).with("kind", Arg::Key(what)));
            continue;
        }
        let Some(inspection) = inspection else { continue };
        // The reader stopped on it: nothing is known of it, and the partner is asked to
        // look at it (a warning: the file may well be fine).
        if inspection.stopped {
            findings.push(finding(Code::DocUnchecked));
            continue;
        }
        let expected = evidence::expected(&document.file_name);
        // A ZIP cut short (a Word document whose end is lost): said as such, whatever its
        // name (a `.docx` is a ZIP: "its content is a ZIP archive" would say nothing).
        if let Some(cut) = inspection.cut_short {
            // Its first entries too few to tell (cut in its first part): what its name
            // says, if that is a ZIP too.
            let zipped = [Kind::Docx, Kind::Xlsx, Kind::Pptx, Kind::Xps, Kind::Package, Kind::Backup];
            let kind = match expected.first() {
                Some(named) if cut == Kind::Zip && zipped.contains(named) => *named,
                _ => cut,
            };
            findings.push(finding(Code::FileCutShort).with("kind", Arg::Key(format!("kind.{}", kind.name()))));
            continue;
        }
        if inspection.kind == Kind::Unknown && expected == [Kind::Pdf] {
            findings.push(finding(Code::PdfDamaged).with("reason", Arg::Key("pdf.damage.no-header".into())));
            continue;
        }
        if !expected.is_empty() && !expected.contains(&inspection.kind) {
            findings.push(
                finding(Code::FileContentMismatch)
                    .with("kind", Arg::Key(format!("kind.{}", inspection.kind.name())))
                    .with("expected", Arg::Key(format!("kind.{}", expected[0].name()))),
            );
            continue;
        }
        match inspection.pdf {
            Some(PdfState::Encrypted) => findings.push(finding(Code::PdfEncrypted)),
            Some(state) if state.damage().is_some() => {
                findings.push(finding(Code::PdfDamaged).with("reason", Arg::Key(format!("pdf.damage.{}", state.damage().unwrap_or_default()))));
            }
            Some(PdfState::NoText) => findings.push(finding(Code::PdfNoText)),
            _ => {}
        }
        let minimum = context.profile.image_min_long_side_px;
        if let (Some(long_side), Some(crate::claim::DocType::ProofOfExecution)) = (inspection.long_side(), document.doc_type) {
            if long_side < minimum {
                findings.push(
                    finding(Code::ImageSmall)
                        .with("width", Arg::Number(i64::from(inspection.width.unwrap_or_default())))
                        .with("height", Arg::Number(i64::from(inspection.height.unwrap_or_default())))
                        .with("minimum", Arg::Number(i64::from(minimum))),
                );
            }
        }
    }
}
