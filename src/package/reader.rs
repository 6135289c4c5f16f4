//! Reading a package back (PRODUCT.md §3 "opened again"): the ZIP's directory, its
//! manifest, and where each entry's bytes lie, so the shell can check every document
//! against its SHA-256 without unpacking anything.
//!
//! Only what this product writes is accepted: stored entries, UTF-8 names inside the
//! package's folders, sizes that fit the file. Anything else (a truncated file, a ZIP of
//! another origin, names that climb out with `..`, entries that claim more bytes than the
//! file holds) is refused with a reason before any of it is used.

use serde::Deserialize;

use crate::claim::Claim;
use crate::package::manifest::{ManifestDocument, SCHEMA, SCHEMA_VERSION};

/// How much of the end of a file holds the end-of-directory records: 22 bytes plus a
/// comment of up to 65,535, plus the ZIP64 locator.
pub const TAIL_BYTES: u64 = 22 + 65_535 + 20;
/// More entries than any claim has: a directory claiming more is refused.
pub const MAX_ENTRIES: u64 = 200_000;
/// The manifest is read into memory; a larger one is not ours.
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;
/// Bytes of a local file header before its name.
pub const LOCAL_HEADER_BYTES: u64 = 30;

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
    #[error("entry {0} is compressed; packages of this product store their files")]
    Compressed(String),
    #[error("entry {0} has a name that could write outside the package")]
    Hostile(String),
    #[error("entry {0} claims more bytes than the file holds")]
    Oversized(String),
    #[error("the manifest cannot be read: {0}")]
    BadManifest(String),
    #[error("the manifest is of a newer version ({0}) than this page reads")]
    NewerSchema(String),
}

impl OpenError {
    pub fn problem(&self) -> crate::i18n::Problem {
        use crate::i18n::Problem;
        match self {
            OpenError::Empty => Problem::new("open.error.empty", ""),
            OpenError::NotZip => Problem::new("open.error.not-zip", ""),
            OpenError::Truncated => Problem::new("open.error.truncated", ""),
            OpenError::NotOurs => Problem::new("open.error.not-ours", ""),
            OpenError::Compressed(name) => Problem::new("open.error.compressed", name.clone()),
            OpenError::Hostile(name) => Problem::new("open.error.hostile", name.clone()),
            OpenError::Oversized(name) => Problem::new("open.error.oversized", name.clone()),
            OpenError::BadManifest(detail) => Problem::new("open.error.bad-manifest", detail.clone()),
            OpenError::NewerSchema(version) => Problem::new("open.error.newer-schema", version.clone()),
        }
    }
}

/// Where the central directory lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Directory {
    pub offset: u64,
    pub size: u64,
    pub entries: u64,
}

/// One entry of the central directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub crc32: u32,
    pub size: u64,
    /// Where its local header starts.
    pub header_offset: u64,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// Finds the central directory from the last bytes of a file of `file_size` bytes
/// (`tail` = at most [`TAIL_BYTES`] of its end).
pub fn find_directory(tail: &[u8], file_size: u64) -> Result<Directory, OpenError> {
    if file_size == 0 {
        return Err(OpenError::Empty);
    }
    let tail_start = file_size - tail.len() as u64;
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
    if needs_zip64 {
        let locator = end.checked_sub(20).filter(|&at| u32_at(tail, at) == Some(0x0706_4b50)).ok_or(OpenError::NotZip)?;
        let record_offset = u64_at(tail, locator + 8).ok_or(OpenError::NotZip)?;
        let record = record_offset.checked_sub(tail_start).ok_or(OpenError::Truncated)? as usize;
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
        return Err(OpenError::NotOurs);
    }
    if directory.offset.checked_add(directory.size).is_none_or(|end| end > file_size) {
        return Err(OpenError::Truncated);
    }
    Ok(directory)
}

/// Whether a name is a relative path inside the package that every system would keep
/// there: no absolute paths, drive letters, backslashes, `..` or empty parts.
fn is_contained(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.contains('\\')
        && !name.contains(':')
        && !name.chars().any(char::is_control)
        && name.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Reads the central directory (`bytes` = exactly its `size` bytes) of a file of
/// `file_size` bytes.
pub fn read_directory(bytes: &[u8], directory: &Directory, file_size: u64) -> Result<Vec<Entry>, OpenError> {
    let mut entries = Vec::with_capacity(directory.entries.min(MAX_ENTRIES) as usize);
    let mut at = 0_usize;
    for _ in 0..directory.entries {
        if u32_at(bytes, at) != Some(0x0201_4b50) {
            return Err(OpenError::NotZip);
        }
        let field16 = |offset| u16_at(bytes, at + offset).ok_or(OpenError::Truncated);
        let field32 = |offset| u32_at(bytes, at + offset).ok_or(OpenError::Truncated);
        let method = field16(10)?;
        let crc32 = field32(16)?;
        let mut compressed = u64::from(field32(20)?);
        let mut size = u64::from(field32(24)?);
        let (name_length, extra_length, comment_length) = (usize::from(field16(28)?), usize::from(field16(30)?), usize::from(field16(32)?));
        let mut header_offset = u64::from(field32(42)?);
        let name_bytes = bytes.get(at + 46..at + 46 + name_length).ok_or(OpenError::Truncated)?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        let extra = bytes.get(at + 46 + name_length..at + 46 + name_length + extra_length).ok_or(OpenError::Truncated)?;
        // ZIP64 extra field: the values that overflowed, in this order.
        let mut cursor = 0;
        while cursor + 4 <= extra.len() {
            let (id, length) = (u16_at(extra, cursor).unwrap_or(0), usize::from(u16_at(extra, cursor + 2).unwrap_or(0)));
            if id == 0x0001 {
                let mut field = cursor + 4;
                for value in [&mut size, &mut compressed, &mut header_offset] {
                    if *value == 0xFFFF_FFFF {
                        *value = u64_at(extra, field).ok_or(OpenError::Truncated)?;
                        field += 8;
                    }
                }
            }
            cursor += 4 + length;
        }
        if !is_contained(&name) {
            return Err(OpenError::Hostile(name));
        }
        if method != 0 || compressed != size {
            return Err(OpenError::Compressed(name));
        }
        let end = header_offset.checked_add(LOCAL_HEADER_BYTES + name_length as u64).and_then(|start| start.checked_add(size));
        if end.is_none_or(|end| end > file_size) {
            return Err(OpenError::Oversized(name));
        }
        entries.push(Entry { name, crc32, size, header_offset });
        at += 46 + name_length + extra_length + comment_length;
    }
    Ok(entries)
}

/// Where an entry's data starts, from its local header (`header` = at least its first
/// 30 bytes).
pub fn data_offset(entry: &Entry, header: &[u8], file_size: u64) -> Result<u64, OpenError> {
    if u32_at(header, 0) != Some(0x0403_4b50) {
        return Err(OpenError::NotZip);
    }
    let name_length = u64::from(u16_at(header, 26).ok_or(OpenError::Truncated)?);
    let extra_length = u64::from(u16_at(header, 28).ok_or(OpenError::Truncated)?);
    let start = entry.header_offset + LOCAL_HEADER_BYTES + name_length + extra_length;
    if start.checked_add(entry.size).is_none_or(|end| end > file_size) {
        return Err(OpenError::Oversized(entry.name.clone()));
    }
    Ok(start)
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
    let head: SchemaOnly = serde_json::from_slice(bytes).map_err(|error| OpenError::BadManifest(error.to_string()))?;
    let version = head
        .schema
        .strip_prefix(SCHEMA)
        .and_then(|rest| rest.strip_prefix('@'))
        .ok_or_else(|| OpenError::BadManifest(format!("unknown schema {}", head.schema)))?;
    match version.parse::<u32>() {
        Ok(1) => serde_json::from_slice(bytes).map_err(|error| OpenError::BadManifest(error.to_string())),
        Ok(newer) if newer > SCHEMA_VERSION => Err(OpenError::NewerSchema(newer.to_string())),
        _ => Err(OpenError::BadManifest(format!("unknown schema {}", head.schema))),
    }
}

/// The `manifest.json` entry, which every package of ours has.
pub fn manifest_entry(entries: &[Entry]) -> Result<&Entry, OpenError> {
    let entry = entries.iter().find(|entry| entry.name == "manifest.json").ok_or(OpenError::NotOurs)?;
    if entry.size > MAX_MANIFEST_BYTES {
        return Err(OpenError::BadManifest("manifest.json is too large".into()));
    }
    Ok(entry)
}

/// The entry holding each document the manifest lists (`None`: missing from the ZIP).
pub fn document_entries<'a>(manifest: &PackageContents, entries: &'a [Entry]) -> Vec<Option<&'a Entry>> {
    manifest.documents.iter().map(|document| entries.iter().find(|entry| entry.name == document.path)).collect()
}

/// What opening found about one document of the manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    Verified,
    /// Its bytes do not have the SHA-256 the manifest records.
    Differs,
    /// The manifest lists it, the ZIP does not hold it.
    Missing,
}
