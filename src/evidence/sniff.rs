//! A file's kind from its signature bytes: a small table, in the order that keeps each
//! test unambiguous (a PDF may have bytes before `%PDF-`; a ZIP is told apart by the
//! names of its parts; text is what is left when no signature matched and the bytes
//! hold no control characters).

use super::Kind;

/// How much of a file's start the reader is given: enough for every signature, for a
/// JPEG's frame header behind its metadata, and for text to be recognised as text.
pub const HEAD_BYTES: u64 = 256 * 1024;

/// Where a PDF's header may start: readers accept bytes before it, up to 1 KiB.
const PDF_HEADER_WITHIN: usize = 1024;

fn starts(head: &[u8], signature: &[u8]) -> bool {
    head.starts_with(signature)
}

fn at(head: &[u8], offset: usize, signature: &[u8]) -> bool {
    // (An offset read from the file may be near `usize::MAX` on wasm32.)
    offset.checked_add(signature.len()).and_then(|end| head.get(offset..end)) == Some(signature)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Where `%PDF-` starts, if it does within the first KiB.
pub fn pdf_header(head: &[u8]) -> Option<usize> {
    find(&head[..head.len().min(PDF_HEADER_WITHIN + 5)], b"%PDF-")
}

/// The kind of a file from its first bytes (`head`: up to [`HEAD_BYTES`], the whole
/// file when shorter) and, for a ZIP, the names of its entries (`None` when they could
/// not be read: then it is a ZIP, no more).
pub fn kind(head: &[u8], zip_names: Option<&[String]>) -> Kind {
    if head.is_empty() {
        return Kind::Unknown;
    }
    if pdf_header(head) == Some(0) {
        return Kind::Pdf;
    }
    // Another kind's signature at the start comes before a `%PDF-` further on: a program
    // with one in its first KiB (a PDF appended to it), a ZIP whose first entry is a PDF
    // stored as it is, a script with one in a comment.
    if let Some(kind) = binary(head) {
        return match kind {
            Kind::Zip => zip_kind(zip_names.unwrap_or_default()),
            kind => kind,
        };
    }
    match text_kind(head) {
        Kind::Script => Kind::Script,
        _ if pdf_header(head).is_some() => Kind::Pdf,
        kind => kind,
    }
}

/// The kinds known by a signature at a fixed place.
fn binary(head: &[u8]) -> Option<Kind> {
    let kind = if starts(head, b"\x89PNG\r\n\x1a\n") {
        Kind::Png
    } else if starts(head, b"\xff\xd8\xff") {
        Kind::Jpeg
    } else if starts(head, b"GIF87a") || starts(head, b"GIF89a") {
        Kind::Gif
    } else if starts(head, b"II*\0") || starts(head, b"MM\0*") {
        Kind::Tiff
    } else if starts(head, b"BM") && is_bmp(head) {
        Kind::Bmp
    } else if starts(head, b"RIFF") && at(head, 8, b"WEBP") {
        Kind::Webp
    } else if starts(head, b"8BPS") {
        Kind::Psd
    } else if at(head, 4, b"ftyp") {
        let brand = head.get(8..12).unwrap_or_default();
        // The compatible brands after the major one and its version: an AVIF may say
        // only `mif1` (HEIF's) first.
        let size = head.get(0..4).map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
        let compatible = head.get(16..size.min(head.len())).unwrap_or_default();
        let avif = |brand: &[u8]| brand == b"avif" || brand == b"avis";
        if avif(brand) || ([&b"mif1"[..], b"msf1"].contains(&brand) && compatible.chunks_exact(4).any(avif)) {
            Kind::Avif
        } else if [&b"heic"[..], b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"].contains(&brand) {
            Kind::Heic
        } else {
            Kind::Mp4
        }
    } else if starts(head, b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c") {
        Kind::Asf
    } else if starts(head, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        Kind::Ole
    } else if starts(head, b"{\\rtf") {
        Kind::Rtf
    } else if starts(head, b"PK\x03\x04") || starts(head, b"PK\x05\x06") {
        Kind::Zip
    } else if is_program(head) {
        Kind::Executable
    } else {
        return None;
    };
    Some(kind)
}

/// A BMP's second header declares a size that one of its versions has.
fn is_bmp(head: &[u8]) -> bool {
    let size = head.get(14..18).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    matches!(size, Some(12 | 16 | 40 | 52 | 56 | 64 | 108 | 124))
}

/// PE (with its `PE\0\0` where the header says, when the head holds it), ELF, Mach-O
/// (both byte orders, 32 and 64 bits, universal) and Java classes.
fn is_program(head: &[u8]) -> bool {
    if starts(head, b"MZ") && head.len() >= 64 {
        let pe_at = u32::from_le_bytes([head[60], head[61], head[62], head[63]]) as usize;
        // Past the head, `PE\0\0` cannot be looked at: a program unless the head is text
        // (`MZ Consulting GmbH, invoice export…`, whose letters make a place far off).
        return at(head, pe_at, b"PE\0\0") || (pe_at >= head.len().saturating_sub(4) && !is_text(head));
    }
    starts(head, b"\x7fELF")
        || starts(head, b"\xfe\xed\xfa\xce")
        || starts(head, b"\xfe\xed\xfa\xcf")
        || starts(head, b"\xce\xfa\xed\xfe")
        || starts(head, b"\xcf\xfa\xed\xfe")
        || starts(head, b"\xca\xfe\xba\xbe")
}

/// The names of a ZIP's entries found from its start (`head`, the first bytes of a file
/// of `size` bytes), one local header after the other, while they are whole and plain
/// ([`crate::package::reader::local_entry`]): what a ZIP whose directory is lost (cut
/// short) still says of itself. A folder's entry (`word/`, no data) is stepped over.
pub fn local_names(head: &[u8], size: u64) -> Vec<String> {
    let mut names = Vec::new();
    let mut offset = 0_usize;
    while names.len() < 10_000 {
        let Some(header) = head.get(offset..) else { break };
        let next = match crate::package::reader::local_entry(header, offset as u64, size) {
            Some(entry) => {
                names.push(entry.name);
                usize::try_from(entry.limit).ok()
            }
            None => crate::package::reader::local_folder_length(header).and_then(|length| offset.checked_add(length)),
        };
        match next {
            Some(next) if next > offset => offset = next,
            _ => break,
        }
    }
    names
}

/// Whether the last bytes of a file (`tail`: its last [`crate::package::reader::TAIL_BYTES`])
/// hold a ZIP's end record anywhere: a ZIP without one was cut short; one with it and
/// still refused is damaged otherwise (bytes after it, a wrong offset), not cut.
pub fn has_end_record(tail: &[u8]) -> bool {
    find(tail, b"PK\x05\x06").is_some()
}

/// Office Open XML and XPS by the names of their parts; any other ZIP is a ZIP.
fn zip_kind(names: &[String]) -> Kind {
    let has = |prefix: &str| names.iter().any(|name| name.starts_with(prefix));
    let content_types = names.iter().any(|name| name == "[Content_Types].xml");
    // At the ZIP's top, or in one folder (a package or backup zipped again as its folder).
    let top = |file: &str| names.iter().any(|name| name == file || name.split_once('/').is_some_and(|(_, rest)| rest == file));
    if content_types && has("word/") {
        Kind::Docx
    } else if content_types && has("xl/") {
        Kind::Xlsx
    } else if content_types && has("ppt/") {
        Kind::Pptx
    } else if names.iter().any(|name| name.ends_with(".fdseq")) {
        Kind::Xps
    } else if top(crate::package::backup::INDEX) {
        Kind::Backup
    } else if top(crate::package::reader::GENERATED[0]) && top("checksums.sha256") {
        Kind::Package
    } else {
        Kind::Zip
    }
}

/// Whether bytes read as text: no control byte but tab, line feeds, form feed and
/// carriage return (UTF-8 and the single-byte code pages alike); UTF-16 with its mark.
fn is_text(bytes: &[u8]) -> bool {
    if starts(bytes, b"\xff\xfe") || starts(bytes, b"\xfe\xff") {
        return true;
    }
    bytes.iter().all(|b| *b >= 0x20 && *b != 0x7f || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
}

/// Text, HTML, a web archive, or a script; else unknown.
fn text_kind(head: &[u8]) -> Kind {
    let body = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if !is_text(body) {
        return Kind::Unknown;
    }
    if starts(body, b"#!") {
        return Kind::Script;
    }
    // Only ASCII matters below: lower-casing it is enough.
    let start: Vec<u8> = body.iter().take(4096).map(u8::to_ascii_lowercase).collect();
    let trimmed = start.iter().position(|b| !b.is_ascii_whitespace()).map_or(&start[..0], |at| &start[at..]);
    if starts(trimmed, b"@echo off") || starts(trimmed, b"@echo on") {
        return Kind::Script;
    }
    // A web archive: a mail's headers (Chrome's and Edge's start with `From: <Saved by
    // Blink>`, Internet Explorer's with MIME-Version), a multipart/related body; its
    // first part, the page, names no kind of its own.
    let (mut mime, mut related) = (false, false);
    for line in trimmed.split(|b| *b == b'\n').map(|line| line.strip_suffix(b"\r").unwrap_or(line)).take_while(|line| !line.is_empty()) {
        mime |= starts(line, b"mime-version:");
        related |= starts(line, b"content-type: multipart/related");
    }
    if mime && related || starts(trimmed, b"mime-version:") && find(&start, b"multipart/related").is_some() {
        return Kind::Mht;
    }
    if starts(trimmed, b"<!doctype html") || starts(trimmed, b"<html") || find(&start[..start.len().min(1024)], b"<html").is_some() {
        return Kind::Html;
    }
    Kind::Text
}

#[cfg(test)]
mod tests {
    /// An MZ header's offset of its PE signature is the file's to say: near the end of
    /// the address space (wasm32's is 4 GiB), it is past the head, not an overflow.
    #[test]
    fn an_offset_at_the_end_of_the_address_space_is_past_the_head() {
        let head = [0_u8; 64];
        assert!(!super::at(&head, usize::MAX - 1, b"PE\0\0"));
        assert!(!super::at(&head, usize::MAX, b""));
    }
}
