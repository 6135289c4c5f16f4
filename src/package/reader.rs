//! Reading a package back (PRODUCT.md §3 "opened again"): the ZIP's directory, its
//! manifest, and where each entry's bytes lie, so the shell can check every document
//! against its SHA-256 without unpacking anything it does not need.
//!
//! A package may come back unzipped and zipped again by the partner's tools (Windows'
//! compressed folders, macOS's Compress, `zip -r`, 7-Zip, Python's `zipfile`): entries
//! deflated, in another order, with folder entries, extra fields and data descriptors.
//! Those open. Anything a reader could be fooled by is refused with a reason before any
//! of it is used: names that climb out (`..`, absolute, backslashes, drive letters),
//! entries that share bytes, two entries of one name, encrypted entries, local headers
//! that disagree with the directory, sizes beyond the file, and deflated entries that
//! would inflate to more than [`MAX_INFLATED_TOTAL`] all together, or to more than
//! [`MAX_HIGH_RATIO_TOTAL`] those beyond [`MAX_INFLATE_RATIO`].
//!
//! Nothing here inflates: [`data_range`] says where an entry's bytes are and whether
//! they must be inflated; the shell inflates them (the browser's own
//! `DecompressionStream`, stopped at the declared size), and the bytes that come back
//! are checked against the declared size, the CRC-32 and the manifest's SHA-256.

use std::collections::HashMap;

use serde::Deserialize;

use crate::claim::{Claim, DocumentId, FileFacts, Integrity};

use crate::package::manifest::{ManifestDocument, SCHEMA, SCHEMA_VERSION};

/// How much of the end of a file holds the end-of-directory records: 22 bytes plus a
/// comment of up to 65,535, plus the ZIP64 locator and the ZIP64 end record it points to
/// (56 bytes, without an extensible data part: no tool of a partner writes one).
pub const TAIL_BYTES: u64 = 22 + 65_535 + 20 + 56;
/// More entries than any claim has: a directory claiming more is refused.
pub const MAX_ENTRIES: u64 = 200_000;
/// The manifest is read into memory; a larger one is not ours.
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;
/// More cost lines than a claim of this page keeps: every keystroke reviews them all, and
/// a claim of far more (a manifest edited so) would make each one take seconds.
pub const MAX_COST_LINES: usize = 10_000;
/// A longer text (a note, a field) than a claim of this page keeps: one of tens of
/// megabytes (a manifest edited so) froze the page while it was taken in, and every
/// keystroke after. A million characters is far more than a partner types or pastes
/// (the page's fields take any length: a claim typed here always opens again).
pub const MAX_TEXT_CHARS: usize = 1_000_000;
/// As many documents as a package holds entries ([`MAX_ENTRIES`]) but for its four files
/// of its own (the manifest, summary, calendar and checksums): a claim of this page built
/// into a package always opens again.
pub const MAX_DOCUMENTS: usize = MAX_ENTRIES as usize - GENERATED.len() - 1;
/// More status changes in a claim's history than a partner makes, by far.
pub const MAX_HISTORY: usize = 10_000;
/// More proof items ticked on one document than any activity asks for, by far.
pub const MAX_PROOF_ITEMS: usize = 1_000;
/// More objects (`{…}`) in a manifest than a claim of [`MAX_DOCUMENTS`] documents has,
/// counted before anything is parsed: 64 MiB of `{},` made 21 million empty documents,
/// gigabytes, and the package worker ran out of memory.
pub const MAX_OBJECTS: usize = 2_000_000;
/// Bytes of a local file header before its name.
pub const LOCAL_HEADER_BYTES: u64 = 30;
/// Bytes of a local header's extra field read with it: enough for the ZIP64 sizes,
/// which come first where tools write them.
pub const LOCAL_EXTRA_BYTES: u64 = 64;
/// Most documents inflate to less than this many times their compressed size; a bomb
/// inflates a thousandfold, and so does a scan saved as a bitmap, mostly white…
pub const MAX_INFLATE_RATIO: u64 = 200;
/// …so entries beyond the ratio (that inflate to more than [`RATIO_FREE_BYTES`] each)
/// may inflate to this much all together: a package with a few such scans opens, and a
/// ZIP of a few kilobytes cannot make the page inflate gigabytes.
pub const MAX_HIGH_RATIO_TOTAL: u64 = 256 * 1024 * 1024;
/// An entry that inflates to no more than this is never counted as beyond the ratio.
pub const RATIO_FREE_BYTES: u64 = 1024 * 1024;
/// What the deflated entries of one package may inflate to, all together.
pub const MAX_INFLATED_TOTAL: u64 = 2 * 1024 * 1024 * 1024;

const ENCRYPTED: u16 = 0x0001;
/// The entry's name (and comment) are UTF-8; without it, they are in the writer's code
/// page ([`decode_name`]).
const UTF8_NAME: u16 = 0x0800;
const STRONG_ENCRYPTION: u16 = 0x0040;
const DATA_DESCRIPTOR: u16 = 0x0008;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("the file is empty")]
    Empty,
    #[error("this is not a ZIP file, or it is cut short")]
    NotZip,
    #[error("the ZIP is cut short: its directory points past its end")]
    Truncated,
    #[error("this ZIP was not made by Co-op Claim Preflight: it has no manifest.json")]
    NotOurs,
    /// A backup of this page's claims (`backup.json`), picked with Open package.
    #[error("this is a backup of claims, not a package: Restore backup reads it")]
    IsBackup,
    /// A ZIP holding only another ZIP (a package zipped again as a file, or mailed so).
    #[error("this ZIP holds only another ZIP, {0}: unzip it and open that one")]
    ZipInZip(String),
    /// A package zipped again inside folders (its manifest is in this one).
    #[error("its manifest.json is in the folder {0}")]
    ManifestInFolder(String),
    #[error("entry {0} is compressed with a method this page does not read (only stored and deflated)")]
    Compressed(String),
    #[error("entry {0} has a name that could write outside the package")]
    Hostile(String),
    /// A name inside the package that no Windows file can have: a colon (unzipped there,
    /// `documents/a:b.pdf` is a hidden stream of a file `documents/a`, not a file) or a
    /// control character.
    #[error("entry {0} has a name that is no file name on Windows")]
    Unwritable(String),
    #[error("entry {0} claims more bytes than the file holds")]
    Oversized(String),
    #[error("the manifest cannot be read: {0}")]
    BadManifest(String),
    #[error("the manifest is of a newer version ({0}) than this page reads")]
    NewerSchema(String),
    #[error("entry {0} shares its bytes with another entry")]
    Overlapping(String),
    #[error("two entries are named {0}; tools would disagree on which one is the file")]
    Duplicate(String),
    /// Two entries whose names differ only in capitals (`manifest.json`, `MANIFEST.JSON`):
    /// one name on Windows and macOS, where one would replace the other when unzipped.
    #[error("two entries are named {0} but for capitals, or for a dot or space ending a part of the path; unzipped on Windows or macOS, one would replace the other")]
    CaseTwins(String),
    /// An entry that is a symbolic link (a Unix file mode a ZIP can carry): unzipped, it
    /// is a link to a file elsewhere, not the file the checksums describe.
    #[error("entry {0} is a link to another file, not a file")]
    Link(String),
    #[error("entry {0} is encrypted")]
    Encrypted(String),
    #[error("entry {0} is described differently by its own header and by the directory")]
    Mismatch(String),
    #[error("entry {0} would inflate to far more than its compressed size")]
    Bomb(String),
    #[error("the package's compressed entries would inflate to more than this page accepts")]
    TooLarge,
    #[error("its claim has more cost lines than this page keeps")]
    TooManyLines,
    #[error("its manifest holds a text longer than this page keeps")]
    TooLongText,
    #[error("its claim holds more documents, status changes, proof items or words read than this page keeps")]
    TooManyItems,
    /// A ZIP of more entries (or a larger directory) than a package or backup of this
    /// page ever has.
    #[error("the ZIP holds more entries than a package of this page")]
    TooManyEntries,
    #[error("its {0} is larger than this page reads")]
    TooLargeFile(String),
    #[error("entry {0} does not inflate to the size its directory declares")]
    BadInflate(String),
    #[error("{0} is not the file the package was built with: its SHA-256 is not the one checksums.sha256 records")]
    Altered(String),
    #[error("the package is not whole: {0} is missing")]
    Incomplete(String),
    #[error("checksums.sha256 does not record {0} with the SHA-256 the manifest gives it")]
    ChecksumsDisagree(String),
}

impl OpenError {
    pub fn problem(&self) -> crate::i18n::Problem {
        use crate::i18n::Problem;
        let (key, name) = match self {
            OpenError::Empty => ("open.error.empty", ""),
            OpenError::NotZip => ("open.error.not-zip", ""),
            OpenError::Truncated => ("open.error.truncated", ""),
            OpenError::NotOurs => ("open.error.not-ours", ""),
            OpenError::ZipInZip(name) => ("open.error.zip-in-zip", name.as_str()),
            OpenError::IsBackup => ("open.error.is-backup", ""),
            OpenError::ManifestInFolder(folder) => ("open.error.in-folder", folder.as_str()),
            OpenError::TooLarge => ("open.error.too-large", ""),
            OpenError::TooManyLines => ("open.error.too-many-lines", ""),
            OpenError::TooLongText => ("open.error.too-long-text", ""),
            OpenError::TooManyItems => ("open.error.too-many-items", ""),
            OpenError::TooManyEntries => ("open.error.too-many-entries", ""),
            OpenError::TooLargeFile(name) => ("open.error.too-large-file", name.as_str()),
            OpenError::Compressed(name) => ("open.error.compressed", name.as_str()),
            OpenError::Hostile(name) => ("open.error.hostile", name.as_str()),
            OpenError::Unwritable(name) => ("open.error.unwritable", name.as_str()),
            OpenError::Oversized(name) => ("open.error.oversized", name.as_str()),
            // The parser's detail is for developers (and in English): not said.
            OpenError::BadManifest(_) => ("open.error.bad-manifest", ""),
            OpenError::NewerSchema(version) => ("open.error.newer-schema", version.as_str()),
            OpenError::Overlapping(name) => ("open.error.overlapping", name.as_str()),
            OpenError::Duplicate(name) => ("open.error.duplicate", name.as_str()),
            OpenError::CaseTwins(name) => ("open.error.case-twins", name.as_str()),
            OpenError::Link(name) => ("open.error.link", name.as_str()),
            OpenError::Encrypted(name) => ("open.error.encrypted", name.as_str()),
            OpenError::Mismatch(name) => ("open.error.mismatch", name.as_str()),
            OpenError::Bomb(name) => ("open.error.bomb", name.as_str()),
            OpenError::BadInflate(name) => ("open.error.bad-inflate", name.as_str()),
            OpenError::Altered(name) => ("open.error.altered", name.as_str()),
            OpenError::Incomplete(name) => ("open.error.incomplete", name.as_str()),
            OpenError::ChecksumsDisagree(name) => ("open.error.checksums", name.as_str()),
        };
        Problem::new(key, name)
    }
}

/// Where the central directory lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directory {
    pub offset: u64,
    pub size: u64,
    pub entries: u64,
}

/// How an entry's bytes are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Stored,
    Deflated,
    /// Any other method (BZIP2, LZMA, Deflate64…): refused when the entry is needed.
    Other(u16),
}

/// One file entry of the central directory (folder entries are left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    /// The name as stored, compared with the local header's.
    pub raw_name: Vec<u8>,
    pub crc32: u32,
    /// Uncompressed.
    pub size: u64,
    pub compressed: u64,
    pub method: Method,
    /// Where its local header starts.
    pub header_offset: u64,
    /// Where the next entry's header, or the directory, starts: its bytes end before.
    pub limit: u64,
}

impl Entry {
    /// Bytes to read at [`Entry::header_offset`] for [`data_range`].
    pub fn header_read_len(&self) -> u64 {
        LOCAL_HEADER_BYTES + self.raw_name.len() as u64 + LOCAL_EXTRA_BYTES
    }
}

/// Where an entry's bytes lie in the file, and how to get its content from them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataRange {
    pub start: u64,
    pub end: u64,
    /// The bytes are deflated (raw DEFLATE); inflated, they must be exactly `size` bytes.
    pub inflate: bool,
    pub size: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

/// Finds the central directory from the last bytes of a file of `file_size` bytes
/// (`tail` = at most [`TAIL_BYTES`] of its end).
pub fn find_directory(tail: &[u8], file_size: u64) -> Result<Directory, OpenError> {
    if file_size == 0 {
        return Err(OpenError::Empty);
    }
    let tail_start = file_size.checked_sub(tail.len() as u64).ok_or(OpenError::NotZip)?;
    let end = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&at| u32_at(tail, at) == Some(0x0605_4b50) && usize::from(u16_at(tail, at + 20).unwrap_or(0)) == tail.len() - at - 22)
        .ok_or(OpenError::NotZip)?;
    let mut directory = Directory {
        entries: u64::from(u16_at(tail, end + 10).ok_or(OpenError::NotZip)?),
        size: u64::from(u32_at(tail, end + 12).ok_or(OpenError::NotZip)?),
        offset: u64::from(u32_at(tail, end + 16).ok_or(OpenError::NotZip)?),
    };
    let needs_zip64 = directory.entries == 0xFFFF || directory.size == 0xFFFF_FFFF || directory.offset == 0xFFFF_FFFF;
    // Without the ZIP64 locator, the values are the plain record's: Python's `zipfile`
    // writes exactly 65,535 entries so (it adds the ZIP64 records only above that).
    let locator = end.checked_sub(20).filter(|&at| needs_zip64 && u32_at(tail, at) == Some(0x0706_4b50));
    if let Some(locator) = locator {
        let record_offset = u64_at(tail, locator + 8).ok_or(OpenError::NotZip)?;
        let record = usize::try_from(record_offset.checked_sub(tail_start).ok_or(OpenError::Truncated)?).map_err(|_| OpenError::Truncated)?;
        if u32_at(tail, record) != Some(0x0606_4b50) {
            return Err(OpenError::NotZip);
        }
        directory = Directory {
            entries: u64_at(tail, record + 32).ok_or(OpenError::Truncated)?,
            size: u64_at(tail, record + 40).ok_or(OpenError::Truncated)?,
            offset: u64_at(tail, record + 48).ok_or(OpenError::Truncated)?,
        };
    }
    if directory.entries > MAX_ENTRIES {
        return Err(OpenError::TooManyEntries);
    }
    if directory.offset.checked_add(directory.size).is_none_or(|end| end > file_size) {
        return Err(OpenError::Truncated);
    }
    Ok(directory)
}

/// Whether a name is a relative path inside the package that every system would keep
/// there: no absolute paths, drive letters, backslashes (read as slashes before:
/// [`with_slashes`]), `..` or empty parts; no colon or control character either, which no
/// Windows file name has ([`OpenError::Unwritable`]).
fn is_contained(name: &str) -> bool {
    is_contained_but_for_characters(name) && !name.contains(':') && !name.chars().any(char::is_control)
}

/// Whether a name is refused ([`is_contained`]) only for a colon or a control character
/// in it, not for where it would write: [`OpenError::Unwritable`], not
/// [`OpenError::Hostile`]. A drive letter (`C:/`, `C:evil.exe`) is where it writes.
fn unwritable_only(name: &str) -> bool {
    let drive = name.as_bytes().get(1) == Some(&b':') && name.as_bytes()[0].is_ascii_alphabetic();
    !drive && is_contained_but_for_characters(name)
}

/// A refusal of a name ([`is_contained`]), by why.
fn refused_name(name: String) -> OpenError {
    if unwritable_only(&name) {
        OpenError::Unwritable(name)
    } else {
        OpenError::Hostile(name)
    }
}

/// [`is_contained`] but for the characters no Windows file name has: where the name is.
fn is_contained_but_for_characters(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('/') && !name.contains('\\') && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// The ZIP64 extra field's values (APPNOTE 4.5.3): those of `values` that are
/// `0xFFFF_FFFF` are replaced, in order, by the 8-byte values of the field.
fn apply_zip64(extra: &[u8], values: &mut [&mut u64]) -> Result<(), OpenError> {
    let mut cursor = 0_usize;
    while cursor + 4 <= extra.len() {
        let (id, length) = (u16_at(extra, cursor).unwrap_or(0), usize::from(u16_at(extra, cursor + 2).unwrap_or(0)));
        if id == 0x0001 {
            let mut field = cursor + 4;
            for value in values.iter_mut() {
                if **value == 0xFFFF_FFFF {
                    **value = u64_at(extra, field).filter(|_| field + 8 <= cursor + 4 + length).ok_or(OpenError::Truncated)?;
                    field += 8;
                }
            }
            return Ok(());
        }
        cursor += 4 + length;
    }
    Ok(())
}

/// The entry whose local header starts `header` (the bytes at `offset` of a file of
/// `file_size` bytes: at least the fixed header, its name and its extra field), read
/// without the central directory: for a ZIP cut short (a download that stopped), whose
/// entries are found one after the other from the start. `None` where the entries stop
/// being whole and plain: another signature (the directory), a header cut short, an
/// entry whose sizes follow its data (a data descriptor), an encrypted entry, a name
/// that could write outside, bytes past the end. Its `limit` is where its bytes end,
/// and where the next header starts.
pub fn local_entry(header: &[u8], offset: u64, file_size: u64) -> Option<Entry> {
    if u32_at(header, 0)? != 0x0403_4b50 {
        return None;
    }
    let (flags, method) = (u16_at(header, 6)?, u16_at(header, 8)?);
    if flags & (ENCRYPTED | STRONG_ENCRYPTION | DATA_DESCRIPTOR) != 0 {
        return None;
    }
    let (crc32, mut compressed, mut size) = (u32_at(header, 14)?, u64::from(u32_at(header, 18)?), u64::from(u32_at(header, 22)?));
    let (name_length, extra_length) = (usize::from(u16_at(header, 26)?), usize::from(u16_at(header, 28)?));
    let name_end = LOCAL_HEADER_BYTES as usize + name_length;
    let raw_name = header.get(LOCAL_HEADER_BYTES as usize..name_end)?.to_vec();
    let extra = header.get(name_end..name_end + extra_length)?;
    apply_zip64(extra, &mut [&mut size, &mut compressed]).ok()?;
    let name = String::from_utf8(raw_name.clone()).ok().map(with_slashes).filter(|name| is_contained(name))?;
    let method = match method {
        0 if size == compressed => Method::Stored,
        8 => Method::Deflated,
        _ => return None,
    };
    let limit = offset.checked_add((name_end + extra_length) as u64)?.checked_add(compressed).filter(|end| *end <= file_size)?;
    Some(Entry { name, raw_name, crc32, size, compressed, method, header_offset: offset, limit })
}

/// The length of a folder's local header at the start of `header` (its name ends with
/// `/`, it holds no data, its sizes are in the header, it is not encrypted), which
/// [`local_entry`] does not take: `None` for anything else.
pub fn local_folder_length(header: &[u8]) -> Option<usize> {
    if u32_at(header, 0)? != 0x0403_4b50 || u16_at(header, 6)? & (ENCRYPTED | DATA_DESCRIPTOR) != 0 || u32_at(header, 18)? != 0 {
        return None;
    }
    let (name, extra) = (usize::from(u16_at(header, 26)?), usize::from(u16_at(header, 28)?));
    let name_start = LOCAL_HEADER_BYTES as usize;
    header.get(name_start..name_start + name)?.ends_with(b"/").then_some(name_start + name + extra)
}

/// Reads the central directory (`bytes` = exactly its `size` bytes) of a file of
/// `file_size` bytes, and refuses what would fool a reader: escaping names, encrypted
/// entries, two entries of one name, entries that share bytes, deflated entries that
/// would inflate beyond the limits. Folder entries (`documents/`) are checked and left
/// out. Sorting the entries by offset keeps it O(n log n) whatever the package holds.
pub fn read_directory(bytes: &[u8], directory: &Directory) -> Result<Vec<Entry>, OpenError> {
    let mut entries = Vec::with_capacity(directory.entries.min(MAX_ENTRIES) as usize);
    // Every entry's span, folders included: (header offset, least end, index or none).
    let mut spans: Vec<(u64, u64, Option<usize>)> = Vec::with_capacity(entries.capacity());
    let mut inflated_total = 0_u64;
    let mut high_ratio_total = 0_u64;
    let mut at = 0_usize;
    for _ in 0..directory.entries {
        if u32_at(bytes, at) != Some(0x0201_4b50) {
            return Err(OpenError::NotZip);
        }
        let field16 = |offset| u16_at(bytes, at + offset).ok_or(OpenError::Truncated);
        let field32 = |offset| u32_at(bytes, at + offset).ok_or(OpenError::Truncated);
        let flags = field16(8)?;
        let method = field16(10)?;
        let crc32 = field32(16)?;
        let mut compressed = u64::from(field32(20)?);
        let mut size = u64::from(field32(24)?);
        let (name_length, extra_length, comment_length) = (usize::from(field16(28)?), usize::from(field16(30)?), usize::from(field16(32)?));
        // The file's mode, where the tool wrote one (the upper half): Unix and macOS
        // tools do, and unzip makes links of it for VMS, Atari, BeOS and AtheOS too. Tools
        // of other systems leave it 0, or their own attributes there (a Windows one may
        // copy all 32 bits), which are taken for a mode only where they say a link (7-Zip
        // makes one of a Windows entry that carries a Unix mode).
        let unix_like = matches!(field16(4)? >> 8, 2 | 3 | 5 | 16 | 19 | 30);
        let mode = field32(38)? >> 16;
        let mut header_offset = u64::from(field32(42)?);
        let name_bytes = bytes.get(at + 46..at + 46 + name_length).ok_or(OpenError::Truncated)?;
        let name = decode_name(name_bytes, flags & UTF8_NAME != 0);
        let extra = bytes.get(at + 46 + name_length..at + 46 + name_length + extra_length).ok_or(OpenError::Truncated)?;
        apply_zip64(extra, &mut [&mut size, &mut compressed, &mut header_offset])?;
        at += 46 + name_length + extra_length + comment_length;

        // (The empty name, of no size: the package's own folder, `./` as tar writes it.)
        let root = name.is_empty() && size == 0;
        let folder = if root { Some("") } else { name.strip_suffix('/').filter(|_| size == 0) };
        if !root && !is_contained(folder.unwrap_or(&name)) {
            return Err(refused_name(name));
        }
        // A link (or a device, a pipe): unzipped, it is not the file its checksum
        // describes, and a link may point anywhere. Only files and folders, or no mode.
        if (unix_like && !matches!(mode & 0o170_000, 0 | 0o100_000 | 0o040_000)) || mode & 0o170_000 == 0o120_000 {
            return Err(OpenError::Link(name));
        }
        if flags & (ENCRYPTED | STRONG_ENCRYPTION) != 0 {
            return Err(OpenError::Encrypted(name));
        }
        let method = match method {
            0 => Method::Stored,
            8 => Method::Deflated,
            other => Method::Other(other),
        };
        if method == Method::Stored && compressed != size {
            return Err(OpenError::Mismatch(name));
        }
        inflation(&name, method, size, compressed, &mut inflated_total, &mut high_ratio_total)?;
        let least_end = header_offset
            .checked_add(LOCAL_HEADER_BYTES + name_length as u64)
            .and_then(|start| start.checked_add(compressed))
            .filter(|end| *end <= directory.offset)
            .ok_or_else(|| OpenError::Oversized(name.clone()))?;
        if folder.is_some() {
            spans.push((header_offset, least_end, None));
        } else {
            spans.push((header_offset, least_end, Some(entries.len())));
            entries.push(Entry { name, raw_name: name_bytes.to_vec(), crc32, size, compressed, method, header_offset, limit: directory.offset });
        }
    }
    // More entries than the end record counts (one hidden past the count, which tools
    // reading the directory by its size would unzip; a count that wrapped past 65,535):
    // the ZIP says two things of itself. Refused, naming the first entry not counted.
    if u32_at(bytes, at) == Some(0x0201_4b50) {
        let name_length = u16_at(bytes, at + 28).map_or(0, usize::from);
        let utf8 = u16_at(bytes, at + 8).is_some_and(|flags| flags & UTF8_NAME != 0);
        return Err(OpenError::Mismatch(bytes.get(at + 46..at + 46 + name_length).map(|name| decode_name(name, utf8)).unwrap_or_default()));
    }
    named_once(&mut entries)?;
    // Entries in the order of their bytes: each must end before the next one starts.
    heap_sort(&mut spans, |a, b| (a.0, a.1) < (b.0, b.1));
    for pair in spans.windows(2) {
        let ((_, least_end, first), (next_start, _, second)) = (pair[0], pair[1]);
        if next_start < least_end {
            let name = first.or(second).and_then(|index| entries.get(index)).map_or_else(String::new, |entry| entry.name.clone());
            return Err(OpenError::Overlapping(name));
        }
        if let Some(entry) = first.and_then(|index| entries.get_mut(index)) {
            entry.limit = next_start;
        }
    }
    Ok(entries)
}

/// What an entry may inflate to, counted with the entries before it (`inflated_total`,
/// `high_ratio_total`): beyond [`MAX_INFLATE_RATIO`], only [`MAX_HIGH_RATIO_TOTAL`] in all
/// (a bomb otherwise); everything deflated, [`MAX_INFLATED_TOTAL`].
fn inflation(name: &str, method: Method, size: u64, compressed: u64, inflated_total: &mut u64, high_ratio_total: &mut u64) -> Result<(), OpenError> {
    if method != Method::Deflated {
        return Ok(());
    }
    if size > RATIO_FREE_BYTES && size / MAX_INFLATE_RATIO > compressed {
        *high_ratio_total = high_ratio_total.saturating_add(size);
        if *high_ratio_total > MAX_HIGH_RATIO_TOTAL {
            return Err(OpenError::Bomb(name.to_string()));
        }
        return Ok(());
    }
    *inflated_total = inflated_total.saturating_add(size);
    if *inflated_total > MAX_INFLATED_TOTAL {
        return Err(OpenError::TooLarge);
    }
    Ok(())
}

/// Whether a document found by its content at `found` is elsewhere than the manifest's
/// `path` says (renamed or moved by the partner), not only written otherwise by a tool:
/// decomposed (the names, composed, are the same), or in an old code page
/// (`in_code_page`: its bytes were not UTF-8, so only their ASCII can be compared). Said
/// in the report, since the ZIP as it is fails `sha256sum -c`.
pub fn found_elsewhere(path: &str, found: &str, in_code_page: bool) -> bool {
    use crate::package::names::composed;
    let ascii = |name: &str| composed(name).chars().filter(char::is_ascii).collect::<String>();
    if in_code_page { ascii(path) != ascii(found) } else { composed(path) != composed(found) }
}

/// What the packages of one backup may inflate to, all together, held to the limits of
/// one package ([`MAX_INFLATED_TOTAL`], [`MAX_HIGH_RATIO_TOTAL`]): each package alone is
/// held to them as it is opened, and a backup of thousands of packages, each just within
/// them (a few hundred KB each), would otherwise make terabytes.
#[derive(Default)]
pub struct Inflation {
    inflated_total: u64,
    high_ratio_total: u64,
}

impl Inflation {
    /// Counts one package's entries with those counted before; the error of the limit
    /// passed, and then nothing of this package is counted.
    pub fn add(&mut self, entries: &[Entry]) -> Result<(), OpenError> {
        let (mut inflated_total, mut high_ratio_total) = (self.inflated_total, self.high_ratio_total);
        for entry in entries {
            inflation(&entry.name, entry.method, entry.size, entry.compressed, &mut inflated_total, &mut high_ratio_total)?;
        }
        (self.inflated_total, self.high_ratio_total) = (inflated_total, high_ratio_total);
        Ok(())
    }
}

/// Entries found from the start of a ZIP whose directory is lost (a backup cut short):
/// held to the limits the directory's entries are held to (a bomb, names that climb out,
/// two entries of one name are refused), and without an enclosing folder.
pub fn check_scanned(entries: &mut [Entry]) -> Result<(), OpenError> {
    let (mut inflated_total, mut high_ratio_total) = (0, 0);
    for entry in entries.iter() {
        if !is_contained(&entry.name) {
            return Err(refused_name(entry.name.clone()));
        }
        inflation(&entry.name, entry.method, entry.size, entry.compressed, &mut inflated_total, &mut high_ratio_total)?;
    }
    named_once(entries)
}

/// The entries' names as they are read: a package or backup zipped again as its folder
/// without the folder; then two entries of one name (as read: a UTF-8 name and the same
/// one in the OEM code page are one) are refused, since tools differ on which they extract,
/// and so are two whose names differ only in capitals, as the package names its files
/// apart ([`crate::package::names::fold_case`]), or only in dots and spaces ending a
/// part of the path (`a.pdf.`, `a.pdf `: Windows drops them): Windows and macOS would unzip
/// one over the other, and what a reviewer opens would not be what was checked here.
fn named_once(entries: &mut [Entry]) -> Result<(), OpenError> {
    strip_enclosing_folder(entries);
    let as_unzipped = |name: &str| name.split('/').map(|part| part.trim_end_matches(['.', ' '])).collect::<Vec<_>>().join("/");
    let mut names: Vec<(String, &str)> = entries.iter().map(|entry| (crate::package::names::fold_case(&as_unzipped(&entry.name)), entry.name.as_str())).collect();
    heap_sort(&mut names, |a, b| a < b);
    match names.windows(2).find(|pair| pair[0].0 == pair[1].0) {
        Some(twin) if twin[0].1 == twin[1].1 => Err(OpenError::Duplicate(twin[0].1.to_string())),
        Some(twin) => Err(OpenError::CaseTwins(twin[0].1.to_string())),
        None => Ok(()),
    }
}

/// An entry's name. Flagged UTF-8, or valid UTF-8 (what Linux's and macOS's tools write
/// without the flag), it is read as UTF-8; otherwise it is in the writer's OEM code page,
/// as Windows' compressed folders and 7-Zip write names they can: read as code page 850,
/// Western Europe's, which has every accented letter of French (and, at the same bytes,
/// those of code page 437, the United States'). Accents stored apart from their letters
/// (NFD, as macOS's older volumes keep names, and so the folder a partner zips again) are
/// composed, as the package wrote them: `résumé.pdf` is one name however it is stored.
fn decode_name(bytes: &[u8], utf8: bool) -> String {
    let name = match std::str::from_utf8(bytes) {
        Ok(name) => crate::package::names::composed(name),
        Err(_) if utf8 => crate::package::names::composed(&String::from_utf8_lossy(bytes)),
        Err(_) => bytes.iter().map(|&byte| if byte < 0x80 { char::from(byte) } else { CP850_HIGH[usize::from(byte - 0x80)] }).collect(),
    };
    with_slashes(name)
}

/// A name whose folders are parted by backslashes, as Windows PowerShell 5.1's
/// `Compress-Archive` writes them (`documents\invoices\a.pdf`), with slashes: the name
/// the ZIP format means (Info-ZIP's `unzip` and libarchive read them so). A package
/// this page builds never has a backslash in a name (it becomes `_`), so none is a
/// character of a name here; `..\`, `\\server` and `C:\` are still refused, as
/// `../`, `//server` and `C:/` ([`is_contained`]).
///
/// Parts `.` are dropped: Windows' own `tar.exe` (`tar -a -cf package.zip .`, in the
/// unzipped folder) and bsdtar name every entry `./manifest.json`, `./documents/…`, the
/// same places (every other tool extracts them so); the folder `./` itself becomes the
/// empty name, the package's own folder.
fn with_slashes(name: String) -> String {
    let name = if name.contains('\\') { name.replace('\\', "/") } else { name };
    if name.split('/').any(|part| part == ".") {
        name.split('/').filter(|part| *part != ".").collect::<Vec<_>>().join("/")
    } else {
        name
    }
}

/// Code page 850's characters for the bytes 0x80 to 0xFF.
const CP850_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', 'ø', '£', 'Ø', '×', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '®', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', 'Á', 'Â', 'À', '©', '╣', '║', '╗', '╝', '¢', '¥', '┐', //
    '└', '┴', '┬', '├', '─', '┼', 'ã', 'Ã', '╚', '╔', '╩', '╦', '╠', '═', '╬', '¤', //
    'ð', 'Ð', 'Ê', 'Ë', 'È', 'ı', 'Í', 'Î', 'Ï', '┘', '┌', '█', '▄', '¦', 'Ì', '▀', //
    'Ó', 'ß', 'Ô', 'Ò', 'õ', 'Õ', 'µ', 'þ', 'Þ', 'Ú', 'Û', 'Ù', 'ý', 'Ý', '¯', '´', //
    '\u{ad}', '±', '‗', '¾', '¶', '§', '÷', '¸', '°', '¨', '·', '¹', '³', '²', '■', '\u{a0}', //
];

/// A package or a backup unzipped into a folder and zipped again as that folder
/// (Windows' "Send to > Compressed folder", macOS's Compress, `zip -r` of the folder) has
/// every entry in one top-level folder: the names are then read without it. Only when
/// the ZIP has no `manifest.json` (or `backup.json`) of its own, and every entry lies in
/// the folder that holds it, but macOS's `__MACOSX/` ones and the files a desktop leaves
/// beside it (`.DS_Store`, `Thumbs.db`, `desktop.ini`).
fn strip_enclosing_folder(entries: &mut [Entry]) {
    let ours = |entry: &&mut Entry| !left_by_file_managers(&entry.name);
    let markers = ["manifest.json", crate::package::backup::INDEX];
    if entries.iter().any(|entry| markers.contains(&entry.name.as_str())) {
        return;
    }
    let Some(folder) = entries
        .iter()
        .filter_map(|entry| markers.iter().find_map(|marker| entry.name.strip_suffix(marker)))
        .find(|folder| folder.ends_with('/') && folder.matches('/').count() == 1 && *folder != "__MACOSX/")
        .map(str::to_string)
    else {
        return;
    };
    if entries.iter_mut().filter(ours).all(|entry| entry.name.starts_with(&folder)) {
        for entry in entries.iter_mut().filter(|entry| entry.name.starts_with(&folder)) {
            entry.name.drain(..folder.len());
        }
    }
}

/// Where an entry's bytes lie, from its local header (`header` = the
/// [`Entry::header_read_len`] bytes at its offset, or fewer at the end of the file),
/// after checking that the header tells the same story as the directory: the same name,
/// method and (without a data descriptor) CRC-32 and sizes, and bytes that end before
/// the next entry.
pub fn data_range(entry: &Entry, header: &[u8]) -> Result<DataRange, OpenError> {
    if u32_at(header, 0) != Some(0x0403_4b50) {
        return Err(OpenError::Mismatch(entry.name.clone()));
    }
    let mismatch = || OpenError::Mismatch(entry.name.clone());
    let field16 = |offset| u16_at(header, offset).ok_or(OpenError::Truncated);
    let field32 = |offset| u32_at(header, offset).ok_or(OpenError::Truncated);
    let flags = field16(6)?;
    let method = field16(8)?;
    let name_length = usize::from(field16(26)?);
    let extra_length = usize::from(field16(28)?);
    let name_end = LOCAL_HEADER_BYTES as usize + name_length;
    if header.get(LOCAL_HEADER_BYTES as usize..name_end) != Some(entry.raw_name.as_slice()) {
        return Err(mismatch());
    }
    if flags & (ENCRYPTED | STRONG_ENCRYPTION) != 0 {
        return Err(OpenError::Encrypted(entry.name.clone()));
    }
    let expected_method = match entry.method {
        Method::Stored => 0,
        Method::Deflated => 8,
        Method::Other(_) => return Err(OpenError::Compressed(entry.name.clone())),
    };
    if method != expected_method {
        return Err(mismatch());
    }
    if flags & DATA_DESCRIPTOR == 0 {
        let (crc32, mut compressed, mut size) = (field32(14)?, u64::from(field32(18)?), u64::from(field32(22)?));
        // The ZIP64 sizes, when they are in what was read of the extra field.
        let extra = header.get(name_end..).unwrap_or(&[]);
        let extra = &extra[..extra.len().min(extra_length)];
        if apply_zip64(extra, &mut [&mut size, &mut compressed]).is_err() {
            (size, compressed) = (entry.size, entry.compressed);
        }
        let unread = |value: u64| value == 0xFFFF_FFFF;
        if crc32 != entry.crc32 || (!unread(size) && size != entry.size) || (!unread(compressed) && compressed != entry.compressed) {
            return Err(mismatch());
        }
    }
    let start = entry.header_offset + LOCAL_HEADER_BYTES + name_length as u64 + extra_length as u64;
    let end = start.checked_add(entry.compressed).ok_or_else(|| OpenError::Oversized(entry.name.clone()))?;
    if end > entry.limit {
        return Err(OpenError::Overlapping(entry.name.clone()));
    }
    Ok(DataRange { start, end, inflate: entry.method == Method::Deflated, size: entry.size })
}

/// The content of an entry, from the bytes the shell got for it (inflated where
/// [`DataRange::inflate`]): refused when it is not the size the directory declares.
/// Whether its CRC-32 and SHA-256 match is for [`check`] to say.
pub fn check_inflated(entry: &Entry, content_size: u64) -> Result<(), OpenError> {
    if content_size == entry.size {
        Ok(())
    } else {
        Err(OpenError::BadInflate(entry.name.clone()))
    }
}

#[derive(Deserialize)]
struct SchemaOnly {
    schema: String,
}

/// What opening needs of a manifest: the claim and its documents. (Findings and dates
/// are recomputed from the claim; not reading them keeps their deserializers, large for
/// tagged enums, out of the page.)
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PackageContents {
    pub claim: Claim,
    pub documents: Vec<ManifestDocument>,
}

/// Reads `manifest.json`, accepting every schema version up to this page's.
pub fn read_manifest(bytes: &[u8]) -> Result<PackageContents, OpenError> {
    let (longest, objects) = extent(bytes);
    if longest > MAX_TEXT_CHARS {
        return Err(OpenError::TooLongText);
    }
    if objects > MAX_OBJECTS {
        return Err(OpenError::TooManyItems);
    }
    let mut contents: PackageContents = read_versioned(bytes, SCHEMA, SCHEMA_VERSION)?;
    // A reading with more words than this reader keeps (a later page's, or edited) is
    // not taken: the file is read again here.
    for document in &mut contents.claim.documents {
        if document.read.as_ref().is_some_and(|read| read.words.len() > crate::evidence::MAX_WORDS) {
            document.read = None;
        }
    }
    let claim = &contents.claim;
    if claim.cost_lines.len() > MAX_COST_LINES {
        return Err(OpenError::TooManyLines);
    }
    // Every keystroke reviews them all, and every save writes them: a claim of far more
    // (a manifest edited so) would be slow for as long as it is kept.
    let too_many = claim.documents.len() > MAX_DOCUMENTS
        || contents.documents.len() > MAX_DOCUMENTS
        || claim.lifecycle.history.len() > MAX_HISTORY
        || claim.documents.iter().any(|document| document.proof_items.len() > MAX_PROOF_ITEMS);
    if too_many {
        return Err(OpenError::TooManyItems);
    }
    // A path listed twice (or twice but for capitals) is no manifest of this page's: each
    // listing would read and hash the same entry again, and a small ZIP listing one
    // entry 200,000 times would make the page hash gigabytes.
    let mut paths = std::collections::HashSet::with_capacity(contents.documents.len());
    if let Some(twice) = contents.documents.iter().find(|document| !paths.insert(crate::package::names::fold_case(&document.path))) {
        return Err(OpenError::BadManifest(format!("it lists {} twice", twice.path)));
    }
    Ok(contents)
}

/// The characters of the longest string of a JSON text (an escape counted as the
/// characters it is written with), and how many objects it holds: one pass over the
/// bytes, before anything is parsed.
pub(crate) fn extent(json: &[u8]) -> (usize, usize) {
    let (mut longest, mut current, mut inside, mut escaped, mut objects) = (0, 0, false, false, 0);
    for &byte in json {
        if !inside {
            if byte == b'"' {
                (inside, current) = (true, 0);
            } else if byte == b'{' {
                objects += 1;
            }
            continue;
        }
        match byte {
            _ if escaped => {
                escaped = false;
                current += 1;
            }
            b'\\' => escaped = true,
            b'"' => {
                inside = false;
                longest = longest.max(current);
            }
            // A UTF-8 continuation byte is part of the character before it.
            _ if byte & 0xC0 == 0x80 => {}
            _ => current += 1,
        }
    }
    (longest.max(current), objects)
}

/// Reads a JSON file of ours whose `schema` is `<name>@<version>`: version 1 is read
/// (the only one so far), a version newer than `ours` is refused as such, anything else
/// is not ours.
pub fn read_versioned<T: serde::de::DeserializeOwned>(bytes: &[u8], name: &str, ours: u32) -> Result<T, OpenError> {
    let head: SchemaOnly = serde_json::from_slice(bytes).map_err(|error| OpenError::BadManifest(error.to_string()))?;
    let version = head
        .schema
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix('@'))
        .ok_or_else(|| OpenError::BadManifest(format!("unknown schema {}", head.schema)))?;
    match version.parse::<u32>() {
        Ok(1) => serde_json::from_slice(bytes).map_err(|error| OpenError::BadManifest(error.to_string())),
        Ok(newer) if newer > ours => Err(OpenError::NewerSchema(newer.to_string())),
        _ => Err(OpenError::BadManifest(format!("unknown schema {}", head.schema))),
    }
}

/// The `manifest.json` entry, which every package of ours has.
pub fn manifest_entry(entries: &[Entry]) -> Result<&Entry, OpenError> {
    let backup = || entries.iter().any(|entry| entry.name.split_once('/').map_or(entry.name.as_str(), |(_, rest)| rest) == crate::package::backup::INDEX);
    // Deeper than one folder, or beside other files: where the manifest is, is said.
    let folder = || entries.iter().filter_map(|entry| entry.name.strip_suffix("/manifest.json")).find(|folder| !folder.starts_with("__MACOSX")).map(|folder| OpenError::ManifestInFolder(folder.to_string()));
    // A package zipped again as a file (mailed, or backed up so): the ZIP inside is named.
    let zip_in_zip = || {
        let mut files = entries.iter().filter(|entry| !left_by_file_managers(&entry.name));
        match (files.next(), files.next()) {
            (Some(only), None) if only.name.to_ascii_lowercase().ends_with(".zip") => Some(OpenError::ZipInZip(only.name.clone())),
            _ => None,
        }
    };
    let entry = entries.iter().find(|entry| entry.name == "manifest.json").ok_or_else(|| if backup() { OpenError::IsBackup } else { folder().or_else(zip_in_zip).unwrap_or(OpenError::NotOurs) })?;
    if entry.size > MAX_MANIFEST_BYTES {
        return Err(OpenError::BadManifest("manifest.json is too large".into()));
    }
    Ok(entry)
}

/// The files a package generates besides its documents, whose SHA-256s its
/// `checksums.sha256` lists first (each document is checked against the manifest).
pub const GENERATED: [&str; 3] = ["manifest.json", "summary.html", "deadlines.ics"];

/// The entries of the summary and the calendar (`None`: not in the ZIP), and of
/// `checksums.sha256`, which must be there (`Incomplete`): without it, nothing says the
/// manifest is the one built. The summary and the calendar are made from the manifest
/// (a partner may leave them out of a package unzipped and zipped again): the claim opens
/// without them, and the report says they are not there ([`missing_generated`]).
/// Each is read whole into memory, so each is bounded as the manifest is: a summary of
/// gigabytes (a few hundred KB deflated) ran the worker out of memory.
pub fn generated_entries(entries: &[Entry]) -> Result<([Option<&Entry>; 2], &Entry), OpenError> {
    let find = |name: &str| match entries.iter().find(|entry| entry.name == name) {
        Some(entry) if entry.size > MAX_MANIFEST_BYTES => Err(OpenError::TooLargeFile(name.to_string())),
        found => Ok(found),
    };
    let checksums = find("checksums.sha256")?.ok_or_else(|| OpenError::Incomplete("checksums.sha256".to_string()))?;
    Ok(([find(GENERATED[1])?, find(GENERATED[2])?], checksums))
}

/// The generated files a package does not hold, of the summary and the calendar
/// ([`generated_entries`]), by name.
pub fn missing_generated(found: &[Option<&Entry>; 2]) -> Vec<String> {
    GENERATED[1..].iter().zip(found).filter(|(_, entry)| entry.is_none()).map(|(name, _)| (*name).to_string()).collect()
}

/// Checks the generated files against `checksums.sha256` (`checksums`: its bytes;
/// `digests`: the SHA-256 of [`GENERATED`]'s files as read, in that order, `None` for a
/// summary or calendar the package does not hold): a manifest edited after the package
/// was built (an amount, a date) is refused, by name, unless `checksums.sha256` was
/// edited to match. Then each document's line against the manifest (`documents`): a
/// line edited, or taken out, would fail `sha256sum -c` for whoever checks the package,
/// so such a package is not called verified.
pub fn check_generated(checksums: &[u8], digests: &[Option<String>; 3], documents: &[ManifestDocument]) -> Result<(), OpenError> {
    let listed = String::from_utf8_lossy(checksums);
    let by_path: HashMap<&str, &str> = listed.lines().filter_map(checksum_line).collect();
    let digest_of = |name: &str| by_path.get(name).map(|digest| digest.to_ascii_lowercase());
    for (name, digest) in GENERATED.iter().zip(digests) {
        let Some(digest) = digest else { continue };
        if digest_of(name).as_deref() != Some(digest.as_str()) {
            return Err(OpenError::Altered((*name).to_string()));
        }
    }
    match documents.iter().find(|document| digest_of(&document.path).as_deref() != Some(document.sha256.to_ascii_lowercase().as_str())) {
        Some(document) => Err(OpenError::ChecksumsDisagree(document.path.clone())),
        None => Ok(()),
    }
}

/// One line of a checksums file as (path, digest). `sha256sum` writes the digest, two
/// spaces (or a space and `*`) and the path; `sha256sum --tag` and macOS's `shasum -a 256
/// --tag`, which a partner may use to write the file again, write `SHA256 (path) = digest`.
/// A path from `./` (as `find . -type f -exec sha256sum {} +` writes it) is the same path.
fn checksum_line(line: &str) -> Option<(&str, &str)> {
    let (path, digest) = match line.strip_prefix("SHA256 (") {
        Some(tagged) => tagged.rsplit_once(") = ")?,
        None => line.split_once(' ').map(|(digest, path)| (path.trim_start_matches([' ', '*']), digest))?,
    };
    Some((path.trim_start_matches("./"), digest))
}

/// The entry holding each document the manifest lists (`None`: missing from the ZIP).
pub fn document_entries<'a>(manifest: &PackageContents, entries: &'a [Entry]) -> Vec<Option<&'a Entry>> {
    // A map, not a search per document: 20,000 documents stay linear.
    let by_name: HashMap<&str, &Entry> = entries.iter().map(|entry| (entry.name.as_str(), entry)).collect();
    // The manifest's path composed as the entries' names are read (`decode_name`): a
    // package of an earlier version may have written a name the page composes now.
    manifest.documents.iter().map(|document| by_name.get(crate::package::names::composed(&document.path).as_str()).copied()).collect()
}

/// The files of the ZIP no document is named for, as stand-ins for the documents not
/// found by name (`by_name`, from [`document_entries`]): a tool wrote their names
/// otherwise (an old code page, marks in another order), and a file's content names it,
/// as `sha256sum -c` does once such a copy is unzipped. The shell reads and hashes the
/// candidates of a document's size ([`StandIns::to_hash`], each at most once, in the
/// ZIP's order), says what it found ([`StandIns::hashed`]) and takes the first of the
/// document's content ([`StandIns::take`]): reads and work stay linear in what the ZIP
/// holds, whatever a hostile package lists.
pub struct StandIns<'a, T> {
    /// Candidates not hashed yet, by size, in the ZIP's order.
    unhashed: HashMap<u64, Vec<&'a Entry>>,
    /// Candidates hashed and not taken, with what the shell keeps of each (its file and
    /// facts), by SHA-256, in the ZIP's order.
    hashed: HashMap<String, std::collections::VecDeque<(&'a Entry, T)>>,
    /// The contents sought, when only those are kept ([`StandIns::new`]).
    wanted: Option<std::collections::HashSet<&'a str>>,
}

impl<'a, T> StandIns<'a, T> {
    pub fn new(manifest: &'a PackageContents, entries: &'a [Entry], by_name: &[Option<&Entry>]) -> StandIns<'a, T> {
        let missing = || manifest.documents.iter().zip(by_name.iter().chain(std::iter::repeat(&None))).filter(|(_, found)| found.is_none()).map(|(document, _)| document);
        let sizes: std::collections::HashSet<u64> = missing().map(|document| document.size).collect();
        // A candidate of no content a document has is dropped once read, with what the
        // shell keeps of it (its file): a hostile package's do not pile up in memory.
        let wanted = Some(missing().map(|document| document.sha256.as_str()).collect());
        StandIns { wanted, ..StandIns::among(&sizes, unlisted(manifest, entries).filter(|entry| !entry.name.ends_with('/'))) }
    }

    /// The `candidates` (in the ZIP's order) of one of these `sizes`: the others cannot
    /// stand in for anything.
    pub fn among(sizes: &std::collections::HashSet<u64>, candidates: impl Iterator<Item = &'a Entry>) -> StandIns<'a, T> {
        let mut unhashed: HashMap<u64, Vec<&'a Entry>> = HashMap::new();
        if !sizes.is_empty() {
            for entry in candidates.filter(|entry| sizes.contains(&entry.size)) {
                unhashed.entry(entry.size).or_default().push(entry);
            }
        }
        StandIns { unhashed, hashed: HashMap::new(), wanted: None }
    }

    /// Where the candidates not taken start in the ZIP (their local headers' offsets:
    /// entries do not overlap, so each has its own).
    pub fn not_taken(&self) -> std::collections::HashSet<u64> {
        let unhashed = self.unhashed.values().flatten().map(|entry| entry.header_offset);
        unhashed.chain(self.hashed.values().flatten().map(|(entry, _)| entry.header_offset)).collect()
    }

    /// The candidates of this size not read yet (none the second time).
    pub fn to_hash(&mut self, size: u64) -> Vec<&'a Entry> {
        self.unhashed.remove(&size).unwrap_or_default()
    }

    /// A candidate's content, once the shell has read it, with what it keeps of it.
    pub fn hashed(&mut self, entry: &'a Entry, sha256: &str, kept: T) {
        if self.wanted.as_ref().is_none_or(|wanted| wanted.contains(sha256)) {
            self.hashed.entry(sha256.to_string()).or_default().push_back((entry, kept));
        }
    }

    /// The first candidate hashed of this content, taken: it is that document. (From the
    /// front of a queue: 100,000 candidates of one content took quadratic time.)
    pub fn take(&mut self, sha256: &str) -> Option<(&'a Entry, T)> {
        self.hashed.get_mut(sha256)?.pop_front()
    }
}

/// The files of the ZIP that are neither the package's own four nor a document its
/// manifest lists, nor what file managers leave beside files (`__MACOSX/`, `.DS_Store`,
/// `Thumbs.db`, `desktop.ini`), in the ZIP's order: a partner unzipped the package, put
/// a file into its folder and zipped it again. They are not taken into the claim (the
/// manifest says what the claim holds), and the page names them rather than drop them
/// unsaid.
pub fn unlisted_entries(manifest: &PackageContents, entries: &[Entry]) -> Vec<String> {
    unlisted(manifest, entries).map(|entry| entry.name.clone()).collect()
}

/// The entries of [`unlisted_entries`].
fn unlisted<'a>(manifest: &'a PackageContents, entries: &'a [Entry]) -> impl Iterator<Item = &'a Entry> {
    // Composed as the entries' names are (see `document_entries`).
    let listed: std::collections::HashSet<String> = manifest.documents.iter().map(|document| crate::package::names::composed(&document.path)).chain(GENERATED.into_iter().chain(["checksums.sha256"]).map(str::to_string)).collect();
    entries.iter().filter(move |entry| !listed.contains(entry.name.as_str()) && !left_by_file_managers(&entry.name))
}

/// What file managers leave beside files, in any folder: macOS's `__MACOSX/`,
/// `.DS_Store` and `._` files (each file's attributes, beside it on a USB stick or a
/// network share), Windows' `Thumbs.db` and `desktop.ini` (in any case, as Windows
/// names them). One definition for a package read whole and one zipped again as its folder.
fn left_by_file_managers(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/") || base == ".DS_Store" || base.starts_with("._") || base.eq_ignore_ascii_case("Thumbs.db") || base.eq_ignore_ascii_case("desktop.ini")
}

/// What opening found about one document of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    Verified,
    /// Its bytes do not have the SHA-256 the manifest records.
    Differs,
    /// The manifest lists it, the ZIP does not hold it.
    Missing,
    /// The ZIP holds it, but its data does not inflate, or not to the size the ZIP
    /// declares: damaged since it was zipped (the other documents may be whole).
    Damaged,
}

/// What the shell found for one document of the manifest: the facts of its bytes as
/// read from the package (inflated where needed), or nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    File { facts: FileFacts, entry_crc32: u32 },
    Missing,
    /// Its entry is there, its data could not be read back ([`Check::Damaged`]).
    Damaged,
}

/// Judges one document: its bytes must have the manifest's SHA-256 and the entry's CRC-32.
pub fn check(document: &ManifestDocument, found: &Found) -> Check {
    match found {
        Found::File { facts, entry_crc32 } if facts.sha256 == document.sha256 && facts.crc32 == *entry_crc32 && facts.size == document.size => Check::Verified,
        Found::File { .. } => Check::Differs,
        Found::Missing => Check::Missing,
        Found::Damaged => Check::Damaged,
    }
}

/// A package opened: the claim as it comes back, and each manifest document's check and
/// the id its document has in that claim (`None`: the claim does not list it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    pub claim: Claim,
    pub documents: Vec<(Check, Option<DocumentId>)>,
}

/// The claim of a package with what was found of each document (`found`, in the order of
/// the manifest's documents). Ids from the package are not trusted: manifest documents are
/// matched to the claim's documents by id, one each, in order, and the claim is numbered
/// anew. A document whose bytes differ keeps the facts of those bytes and is marked
/// altered, with the SHA-256 the package recorded; one the ZIP lacks, or that the manifest
/// does not list, is marked missing ([`Integrity`]). Either is a blocker on its
/// row (`PACKAGE-DOC-ALTERED`, `PACKAGE-DOC-MISSING`) until the original file is added
/// again or the partner accepts the file as it is; the mark is part of the claim, so it
/// is saved with it and survives a reload and a package built again.
pub fn restore(contents: &PackageContents, found: &[Found]) -> Restored {
    let mut claim = contents.claim.clone();
    // What the reader found is the manifest's word, which anyone could have edited with
    // its checksum line (a program said to be a one-page PDF): it is dropped, and the
    // page's reader reads each file itself, as when it was added.
    for document in &mut claim.documents {
        document.read = None;
    }
    // The claim's documents of each id, in order: the first of an id and, for each, the
    // next of the same id (ids from outside may repeat).
    let mut first_of: HashMap<DocumentId, usize> = HashMap::new();
    let mut next_of = vec![usize::MAX; claim.documents.len()];
    for (index, document) in claim.documents.iter().enumerate().rev() {
        if let Some(next) = first_of.insert(document.id, index) {
            next_of[index] = next;
        }
    }
    let mut listed = vec![false; claim.documents.len()];
    let mut places = Vec::with_capacity(contents.documents.len());
    for (document, found) in contents.documents.iter().zip(found.iter().chain(std::iter::repeat(&Found::Missing))) {
        let check = check(document, found);
        let place = first_of.get(&document.id).copied().filter(|index| *index < next_of.len());
        if let Some(index) = place {
            first_of.insert(document.id, next_of[index]);
            listed[index] = true;
        }
        if let Some(target) = place.and_then(|index| claim.documents.get_mut(index)) {
            match found {
                Found::File { facts, .. } => {
                    target.file = Some(facts.clone());
                    if check != Check::Verified {
                        target.integrity = Some(Integrity::altered(&document.sha256));
                    }
                }
                // No bytes to keep: the row asks for the original, as for a missing file.
                Found::Missing | Found::Damaged => target.integrity = Some(Integrity::missing(&document.sha256)),
            }
        }
        places.push((check, place));
    }
    for (document, listed) in claim.documents.iter_mut().zip(&listed) {
        if !listed {
            let expected_sha256 = document.file.as_ref().map_or("", |file| file.sha256.as_str()).to_string();
            document.integrity = Some(Integrity::left_out(&expected_sha256));
        }
    }
    let (claim, renumbered) = claim.renumbered();
    let documents = places.into_iter().map(|(check, place)| (check, place.and_then(|index| renumbered.get(index).map(|(_, new)| *new)))).collect();
    Restored { claim, documents }
}

/// Sorts in place in O(n log n), without the standard sort's code for one more type (a
/// few KB of the page each): a plain heap sort.
fn heap_sort<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let sift = |items: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&items[child], &items[child + 1]) {
            child += 1;
        }
        if !less(&items[root], &items[child]) {
            break;
        }
        items.swap(root, child);
        root = child;
    };
    for root in (0..items.len() / 2).rev() {
        sift(items, root, items.len());
    }
    for end in (1..items.len()).rev() {
        items.swap(0, end);
        sift(items, 0, end);
    }
}
