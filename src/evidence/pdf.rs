//! A PDF's health: readable or not (and why), encrypted, its pages, and whether any page
//! shows text. The structure (header, cross-reference, trailer, object streams,
//! encryption, the page tree) is read by `hayro-syntax` (ARCHITECTURE.md, "The document
//! reader", for the choice and its numbers); what it means is decided here.
//!
//! Bounded: a PDF larger than [`MAX_PDF_BYTES`] is not opened; page contents are
//! inflated here, each stream stopped at [`MAX_PAGE_CONTENT`] and all of them at
//! [`MAX_CONTENT_TOTAL`], so a stream made to inflate to gigabytes costs at most that;
//! only Flate and the ASCII encodings are decoded (Flate twice over could make gigabytes
//! of a few hundred bytes); at most [`MAX_PAGES_SCANNED`] pages are looked at.

use hayro_syntax::object::{Array, Stream};
use hayro_syntax::{Filter, LoadPdfError, Pdf};

use super::PdfState;

/// PDFs larger than this are not opened (the worker would hold them whole).
pub const MAX_PDF_BYTES: u64 = 64 * 1024 * 1024;
/// Bytes one content stream may inflate to.
pub const MAX_PAGE_CONTENT: usize = 8 * 1024 * 1024;
/// Bytes all content streams of a PDF may inflate to, together.
pub const MAX_CONTENT_TOTAL: usize = 64 * 1024 * 1024;
/// Pages scanned for a text operator, at most, when the first pages give no text: a PDF
/// of 20,000 pages drawing one stream each costs no more than this.
pub const MAX_PAGES_SCANNED: usize = 1_000;
/// Where `%%EOF` is looked for first: within the last KiB (a few bytes after it are
/// common). Further back, what follows it is not the PDF's (padding, a web page a
/// download appended) and is left out; none anywhere is a file cut short.
const END_WITHIN: usize = 1024;

/// What a PDF's structure says: its state and, when it could be read, its page count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PdfFacts {
    pub state: PdfState,
    pub pages: Option<u32>,
    /// The text of its first pages ([`super::text`]).
    pub text: String,
}

/// Reads the PDF whose bytes are `bytes` (whole).
pub fn inspect(bytes: Vec<u8>) -> PdfFacts {
    let damaged = |state| PdfFacts { state, pages: None, text: String::new() };
    if super::sniff::pdf_header(&bytes).is_none() {
        return damaged(PdfState::NoHeader);
    }
    let mut bytes = bytes;
    let Some(end) = bytes.windows(5).rposition(|window| window == b"%%EOF") else { return damaged(PdfState::NoEnd) };
    // What follows the last end holds PDF structure: an update appended to the PDF (a
    // signature, a form filled in) cut short, whose first version's end is not the file's.
    if holds_pdf_structure(&bytes[end + 5..]) {
        return damaged(PdfState::NoEnd);
    }
    if bytes.len() - end > END_WITHIN {
        bytes.truncate(end + 5);
    }
    let pdf = match Pdf::new(bytes) {
        Ok(pdf) => pdf,
        Err(LoadPdfError::Decryption(hayro_syntax::DecryptionError::PasswordProtected | hayro_syntax::DecryptionError::UnsupportedAlgorithm)) => {
            return damaged(PdfState::Encrypted);
        }
        Err(LoadPdfError::Decryption(_)) => return damaged(PdfState::BadEncryption),
        Err(LoadPdfError::Invalid) => return damaged(PdfState::BrokenXref),
    };
    let pages = pdf.pages();
    let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    if count == 0 {
        return damaged(PdfState::BrokenXref);
    }
    let mut budget = MAX_CONTENT_TOTAL;
    // The text of the first pages says there is a text layer; only when they give none
    // (fonts without a map, text in forms or further on) are the pages scanned for it.
    let mut corrupt = false;
    let text = super::text::read_text(&pdf, &mut budget, &mut corrupt);
    // Each stream once: a form drawn by every page is inflated once, not once a page.
    let (mut seen, mut walked) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    let shows = !text.trim().is_empty() || pages.iter().take(MAX_PAGES_SCANNED).any(|page| shows_text(page, &mut budget, (&mut seen, &mut walked), &mut corrupt));
    let state = match (corrupt, shows) {
        (true, _) => PdfState::BadContent,
        (false, true) => PdfState::Text,
        (false, false) => PdfState::NoText,
    };
    PdfFacts { state, pages: Some(count), text }
}

/// Whether bytes hold a PDF object's start (`12 0 obj`), a cross-reference table (`xref`
/// heading its line, its first section's numbers on the next) or a trailer (`trailer`
/// and its dictionary): not the words alone, which a web page appended after the end
/// may hold ("Watch the trailer", a crossref.org link).
fn holds_pdf_structure(bytes: &[u8]) -> bool {
    fn after<'b>(bytes: &'b [u8], word: &'b [u8]) -> impl Iterator<Item = (usize, &'b [u8])> {
        bytes.windows(word.len()).enumerate().filter(move |(_, window)| *window == word).map(move |(at, _)| (at, &bytes[at + word.len()..]))
    }
    fn spaced(rest: &[u8]) -> &[u8] {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
        &rest[start..]
    }
    let trailer = after(bytes, b"trailer").any(|(_, rest)| spaced(rest).starts_with(b"<<"));
    let table = after(bytes, b"xref").any(|(at, rest)| {
        let line_start = at == 0 || matches!(bytes[at - 1], b'\n' | b'\r');
        line_start && rest.first().is_some_and(|b| matches!(b, b'\n' | b'\r')) && spaced(rest).first().is_some_and(u8::is_ascii_digit)
    });
    if trailer || table {
        return true;
    }
    // `<number> <number> obj`, white space between.
    bytes.windows(3).enumerate().filter(|(_, window)| *window == b"obj").any(|(at, _)| {
        let before = &bytes[..at];
        let mut parts = before.rsplit(u8::is_ascii_whitespace).filter(|part| !part.is_empty());
        let digits = |part: Option<&[u8]>| part.is_some_and(|part| part.iter().all(u8::is_ascii_digit));
        before.last().is_some_and(u8::is_ascii_whitespace) && digits(parts.next()) && digits(parts.next())
    })
}

/// Where bytes of the PDF are (their start and length), to know a dictionary written out
/// inside another object by: the PDF's bytes, and the streams it decodes, live as long as
/// it is read, so no two dictionaries share a place.
pub(super) fn place(data: &[u8]) -> (usize, usize) {
    (data.as_ptr() as usize, data.len())
}

/// Whether a page's content, or a form it draws, shows text.
fn shows_text(page: &hayro_syntax::page::Page<'_>, budget: &mut usize, (seen, walked): (&mut std::collections::HashSet<hayro_syntax::object::ObjectIdentifier>, &mut std::collections::HashSet<(usize, usize)>), corrupt: &mut bool) -> bool {
    let resources = page.resources();
    let page = page.raw();
    let mut contents: Vec<Stream<'_>> = Vec::new();
    if let Some(stream) = page.get::<Stream<'_>>(b"Contents") {
        contents.push(stream);
    } else if let Some(array) = page.get::<Array<'_>>(b"Contents") {
        contents.extend(array.iter::<Stream<'_>>());
    }
    // Forms (XObjects of subtype Form) one level down: print drivers put pages there. The
    // page's resources as it has them, from the page tree above it too; a dictionary of
    // them that pages share (inherited, or one resources object) is walked once, not once
    // a page (each of its entries is parsed again when looked up): known by where its
    // bytes are in the file, as pages written out in their node share that node's id.
    let objects = &resources.x_objects;
    if walked.insert(place(objects.data())) {
        for key in objects.keys() {
            if let Some(form) = objects.get::<Stream<'_>>(key.as_ref()).filter(|stream| stream.dict().get::<hayro_syntax::object::Name<'_>>(b"Subtype").is_some_and(|subtype| subtype.as_ref() == b"Form")) {
                contents.push(form);
            }
        }
    }
    contents.iter().filter(|stream| seen.insert(stream.obj_id())).any(|stream| decoded(stream, budget, corrupt).is_some_and(|bytes| has_text_operator(&bytes)))
}

/// [`content`], noting in `corrupt` a stream whose data does not decode.
pub(super) fn decoded(stream: &Stream<'_>, budget: &mut usize, corrupt: &mut bool) -> Option<Vec<u8>> {
    match content(stream, budget) {
        Ok(bytes) => Some(bytes),
        Err(Undecoded::Corrupt) => {
            *corrupt = true;
            None
        }
        Err(Undecoded::Skipped) => None,
    }
}

/// Why a content stream's bytes were not had.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Undecoded {
    /// Past the budget, or in a filter no content stream needs: not read, not judged.
    Skipped,
    /// Its data does not decode: damaged.
    Corrupt,
}

/// A content stream's bytes, inflated within the budget; `None` when they cannot be had
/// within it (or are in a filter no content stream needs). Only the ASCII encodings
/// (which shrink what they encode; ReportLab writes every stream as ASCII85, then Flate)
/// and one Flate after them are decoded, here: Flate twice over, LZW or run lengths could
/// inflate without a limit in the PDF library. Work is charged as it is done: a stream
/// that would inflate past the limit costs the limit, so that thousands of them (one drawn
/// by every page) cannot cost hours.
pub(super) fn content(stream: &Stream<'_>, budget: &mut usize) -> Result<Vec<u8>, Undecoded> {
    use miniz_oxide::inflate::TINFLStatus;
    let limit = MAX_PAGE_CONTENT.min(*budget);
    if limit == 0 {
        return Err(Undecoded::Skipped);
    }
    let filters = stream.filters();
    let ascii = filters.iter().take_while(|filter| matches!(filter, Filter::AsciiHexDecode | Filter::Ascii85Decode)).count();
    let flate = match &filters[ascii..] {
        [] => false,
        [Filter::FlateDecode] => true,
        _ => return Err(Undecoded::Skipped),
    };
    let raw = stream.raw_data();
    if !flate && raw.len() > limit {
        return Err(Undecoded::Skipped);
    }
    let mut bytes = raw.into_owned();
    // An empty stream is an empty page, not a damaged one.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    for filter in &filters[..ascii] {
        bytes = match filter {
            Filter::AsciiHexDecode => ascii_hex(&bytes),
            _ => ascii85(&bytes),
        }
        .ok_or(Undecoded::Corrupt)?;
    }
    if flate {
        bytes = match miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&bytes, limit) {
            Ok(bytes) => bytes,
            // Whole, but its checksum wrong (some producers write it so; viewers do not
            // check it): taken.
            Err(error) if error.status == TINFLStatus::Adler32Mismatch => error.output,
            // Past the limit: charged the limit.
            Err(error) if error.status == TINFLStatus::HasMoreOutput => {
                *budget = budget.saturating_sub(limit);
                return Err(Undecoded::Skipped);
            }
            // Deflated with no zlib header, or whole with its checksum left out (a few
            // producers write them so; viewers read them), else damaged (its data invalid,
            // or cut short): charged what it made (the limit past it), and what it made is
            // not taken.
            Err(_) => {
                let mut spent = 0;
                let mut raw = |from: usize| match miniz_oxide::inflate::decompress_to_vec_with_limit(bytes.get(from..).unwrap_or_default(), limit) {
                    Ok(inflated) => Ok(inflated),
                    Err(error) => {
                        let past = error.status == TINFLStatus::HasMoreOutput;
                        spent += if past { limit } else { error.output.len() };
                        Err(past)
                    }
                };
                let inflated = match raw(0) {
                    Err(false) => raw(2),
                    other => other,
                };
                // Every attempt's work is charged, the one that failed before the one that
                // read included: a stream that inflates far on the first could otherwise be
                // drawn by every page for nothing.
                *budget = budget.saturating_sub(spent);
                match inflated {
                    Ok(inflated) => inflated,
                    Err(past) => return Err(if past { Undecoded::Skipped } else { Undecoded::Corrupt }),
                }
            }
        };
    }
    *budget = budget.checked_sub(bytes.len()).ok_or(Undecoded::Skipped)?;
    Ok(bytes)
}

/// `ASCIIHexDecode`: pairs of hex digits, white space between them, `>` ending them (an
/// odd last digit as if followed by 0). `None` on any other byte.
pub(super) fn ascii_hex(encoded: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(encoded.len() / 2);
    let mut high = None;
    for &byte in encoded {
        let digit = match byte {
            b'>' => break,
            _ if byte.is_ascii_whitespace() || byte == 0 => continue,
            _ => (byte as char).to_digit(16)? as u8,
        };
        match high.take() {
            None => high = Some(digit),
            Some(first) => out.push(first << 4 | digit),
        }
    }
    if let Some(first) = high {
        out.push(first << 4);
    }
    Some(out)
}

/// `ASCII85Decode`: groups of five characters from `!` to `u` for four bytes, `z` for four
/// zeros, white space between them, `~>` ending them; a last group of two to four
/// characters gives one byte fewer. `None` on anything else.
pub(super) fn ascii85(encoded: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(encoded.len() / 5 * 4 + 4);
    let (mut group, mut n) = (0_u64, 0_usize);
    for &byte in encoded {
        match byte {
            b'~' => break,
            _ if byte.is_ascii_whitespace() || byte == 0 => continue,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group = group * 85 + u64::from(byte - b'!');
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&u32::try_from(group).ok()?.to_be_bytes());
                    (group, n) = (0, 0);
                }
            }
            _ => return None,
        }
    }
    match n {
        0 => {}
        1 => return None,
        _ => {
            for _ in n..5 {
                group = group * 85 + 84;
            }
            out.extend_from_slice(&u32::try_from(group).ok()?.to_be_bytes()[..n - 1]);
        }
    }
    Some(out)
}

/// A text-showing operator (`Tj`, `TJ`, `'`, `"`) in content bytes.
fn has_text_operator(bytes: &[u8]) -> bool {
    let mut instructions = hayro_syntax::content::UntypedIter::new(bytes);
    while let Some(instruction) = instructions.next() {
        let operator: &[u8] = instruction.operator;
        if matches!(operator, b"Tj" | b"TJ" | b"'" | b"\"") {
            return true;
        }
    }
    false
}
