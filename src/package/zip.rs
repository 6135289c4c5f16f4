//! A ZIP writer that never holds the documents: it lays out the archive as a list of
//! [`Part`]s, header bytes it makes and references to documents the shell supplies, so a
//! package of gigabytes is assembled from the partner's own files (a `Blob` of `File`s in
//! the browser) without copying them. Entries are stored (documents are already
//! compressed). ZIP64 records are written where sizes, offsets or the entry count need
//! them (APPNOTE.TXT 6.3, sections 4.3 and 4.5.3).
//!
//! A document's CRC-32 is not taken from what was stored about it: the layout leaves its
//! place in the headers open ([`Archive`]), and the only way to the parts,
//! [`Archive::parts_with_crc32`], fills it from the bytes read at build time.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::claim::DocumentId;

/// One piece of the archive, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Bytes(Vec<u8>),
    /// The full content of a document, exactly `size` bytes.
    Document { id: DocumentId, size: u64 },
}

impl Part {
    pub fn len(&self) -> u64 {
        match self {
            Part::Bytes(bytes) => bytes.len() as u64,
            Part::Document { size, .. } => *size,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where an entry's data comes from.
pub enum Content {
    Bytes(Vec<u8>),
    /// Its CRC-32 is written when the parts are taken ([`Archive::parts_with_crc32`]).
    Document { id: DocumentId, size: u64 },
}

/// The laid-out archive, whose documents' CRC-32s are still to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Archive {
    parts: Vec<Part>,
    /// Each document's CRC-32 places, in the order of the entries: its local header's
    /// and its directory entry's, as offsets in the archive.
    crc_places: Vec<(DocumentId, [u64; 2])>,
}

impl Archive {
    /// Every part's length, for sizes and progress (the CRC-32s change no length).
    pub fn lengths(&self) -> impl Iterator<Item = (bool, u64)> + '_ {
        self.parts.iter().map(|part| (matches!(part, Part::Document { .. }), part.len()))
    }

    /// The documents, in the order [`Archive::parts_with_crc32`] takes their CRC-32s.
    pub fn documents(&self) -> impl Iterator<Item = DocumentId> + '_ {
        self.crc_places.iter().map(|(id, _)| *id)
    }

    /// The parts with each document's CRC-32 as `crc32s` gives it, in the order the
    /// documents were added: the CRC-32 of the bytes that go into the package, computed as
    /// they are read. Fails with the first document given out of order or not at all.
    pub fn parts_with_crc32(&self, crc32s: &[(DocumentId, u32)]) -> Result<Vec<Part>, DocumentId> {
        if let Some(((id, _), _)) = self.crc_places.iter().zip(crc32s.iter().map(Some).chain(std::iter::repeat(None))).find(|((id, _), given)| given.is_none_or(|(given, _)| given != id)) {
            return Err(*id);
        }
        // Every local header comes before the directory, and both lists follow the entries:
        // the places in archive order, without sorting.
        let locals = self.crc_places.iter().zip(crc32s).map(|((_, [local, _]), (_, crc32))| (*local, *crc32));
        let centrals = self.crc_places.iter().zip(crc32s).map(|((_, [_, central]), (_, crc32))| (*central, *crc32));
        let mut patches = locals.chain(centrals).peekable();
        let mut parts = self.parts.clone();
        let mut offset = 0_u64;
        for part in &mut parts {
            let end = offset + part.len();
            if let Part::Bytes(bytes) = part {
                while let Some((at, crc32)) = patches.next_if(|(at, _)| *at + 4 <= end) {
                    let local = (at - offset) as usize;
                    bytes[local..local + 4].copy_from_slice(&crc32.to_le_bytes());
                }
            }
            offset = end;
        }
        Ok(parts)
    }
}

struct CentralEntry {
    document: Option<DocumentId>,
    name: Vec<u8>,
    crc32: u32,
    size: u64,
    offset: u64,
}

const LIMIT_16: u64 = 0xFFFF;
const UTF8_NAMES: u16 = 0x0800;
const VERSION_ZIP64: u16 = 45;
const VERSION_DEFAULT: u16 = 20;
/// Made by UNIX (3) so that unzip applies the file mode in the external attributes.
const MADE_BY: u16 = (3 << 8) | VERSION_ZIP64;
const FILE_MODE: u32 = 0o100644 << 16;

/// Builds the archive's parts entry by entry.
pub struct ZipLayout {
    parts: Vec<Part>,
    entries: Vec<CentralEntry>,
    offset: u64,
    dos_time: u16,
    dos_date: u16,
    /// Values at or above this need ZIP64 fields: `0xFFFF_FFFF` in real use, lowered in
    /// tests to exercise the ZIP64 records with small files.
    limit_32: u64,
}

impl ZipLayout {
    /// Entries get `modified` as their time stamp (ZIP stores local time, in 2-second steps).
    pub fn new(modified: NaiveDateTime) -> ZipLayout {
        ZipLayout::with_limit(modified, 0xFFFF_FFFF)
    }

    pub(crate) fn with_limit(modified: NaiveDateTime, limit_32: u64) -> ZipLayout {
        let year = modified.year().clamp(1980, 2107) as u16;
        let dos_date = ((year - 1980) << 9) | ((modified.month() as u16) << 5) | modified.day() as u16;
        let dos_time = ((modified.hour() as u16) << 11) | ((modified.minute() as u16) << 5) | (modified.second() as u16 / 2);
        ZipLayout { parts: Vec::new(), entries: Vec::new(), offset: 0, dos_time, dos_date, limit_32 }
    }

    fn push(&mut self, part: Part) {
        self.offset += part.len();
        match (self.parts.last_mut(), part) {
            (Some(Part::Bytes(last)), Part::Bytes(bytes)) => last.extend_from_slice(&bytes),
            (_, part) => self.parts.push(part),
        }
    }

    /// Adds a stored entry at `path` (forward slashes, UTF-8).
    pub fn add(&mut self, path: &str, content: Content) {
        let (crc32, size, document) = match &content {
            Content::Bytes(bytes) => (crate::hashing::crc32(bytes), bytes.len() as u64, None),
            // Written when the parts are taken, from the bytes read then.
            Content::Document { id, size } => (0, *size, Some(*id)),
        };
        let name = path.as_bytes().to_vec();
        let offset = self.offset;
        let zip64 = size >= self.limit_32;
        let mut header = Vec::with_capacity(30 + name.len() + 20);
        put32(&mut header, 0x0403_4b50);
        put16(&mut header, if zip64 { VERSION_ZIP64 } else { VERSION_DEFAULT });
        put16(&mut header, UTF8_NAMES);
        put16(&mut header, 0); // stored
        put16(&mut header, self.dos_time);
        put16(&mut header, self.dos_date);
        put32(&mut header, crc32);
        let small = if zip64 { 0xFFFF_FFFF } else { size as u32 };
        put32(&mut header, small);
        put32(&mut header, small);
        put16(&mut header, name.len() as u16);
        put16(&mut header, if zip64 { 20 } else { 0 });
        header.extend_from_slice(&name);
        if zip64 {
            put16(&mut header, 0x0001);
            put16(&mut header, 16);
            put64(&mut header, size);
            put64(&mut header, size);
        }
        self.push(Part::Bytes(header));
        match content {
            Content::Bytes(bytes) => self.push(Part::Bytes(bytes)),
            Content::Document { id, size } => self.push(Part::Document { id, size }),
        }
        self.entries.push(CentralEntry { document, name, crc32, size, offset });
    }

    /// Writes the central directory and end records, and returns the archive.
    pub fn finish(mut self) -> Archive {
        let directory_offset = self.offset;
        let mut directory = Vec::new();
        let mut crc_places = Vec::new();
        for entry in &self.entries {
            if let Some(id) = entry.document {
                // Local header: 14 bytes in; directory entry: 16 bytes in.
                crc_places.push((id, [entry.offset + 14, directory_offset + directory.len() as u64 + 16]));
            }
            let big_size = entry.size >= self.limit_32;
            let big_offset = entry.offset >= self.limit_32;
            let mut extra = Vec::new();
            if big_size {
                put64(&mut extra, entry.size);
                put64(&mut extra, entry.size);
            }
            if big_offset {
                put64(&mut extra, entry.offset);
            }
            put32(&mut directory, 0x0201_4b50);
            put16(&mut directory, MADE_BY);
            put16(&mut directory, if extra.is_empty() { VERSION_DEFAULT } else { VERSION_ZIP64 });
            put16(&mut directory, UTF8_NAMES);
            put16(&mut directory, 0);
            put16(&mut directory, self.dos_time);
            put16(&mut directory, self.dos_date);
            put32(&mut directory, entry.crc32);
            let small_size = if big_size { 0xFFFF_FFFF } else { entry.size as u32 };
            put32(&mut directory, small_size);
            put32(&mut directory, small_size);
            put16(&mut directory, entry.name.len() as u16);
            put16(&mut directory, if extra.is_empty() { 0 } else { extra.len() as u16 + 4 });
            put16(&mut directory, 0); // comment
            put16(&mut directory, 0); // disk
            put16(&mut directory, 0); // internal attributes
            put32(&mut directory, FILE_MODE);
            put32(&mut directory, if big_offset { 0xFFFF_FFFF } else { entry.offset as u32 });
            directory.extend_from_slice(&entry.name);
            if !extra.is_empty() {
                put16(&mut directory, 0x0001);
                put16(&mut directory, extra.len() as u16);
                directory.extend_from_slice(&extra);
            }
        }
        let directory_size = directory.len() as u64;
        let count = self.entries.len() as u64;
        let zip64 = count >= LIMIT_16 || directory_offset >= self.limit_32 || directory_size >= self.limit_32;
        let mut end = Vec::new();
        if zip64 {
            let record_offset = directory_offset + directory_size;
            put32(&mut end, 0x0606_4b50);
            put64(&mut end, 44);
            put16(&mut end, MADE_BY);
            put16(&mut end, VERSION_ZIP64);
            put32(&mut end, 0);
            put32(&mut end, 0);
            put64(&mut end, count);
            put64(&mut end, count);
            put64(&mut end, directory_size);
            put64(&mut end, directory_offset);
            put32(&mut end, 0x0706_4b50);
            put32(&mut end, 0);
            put64(&mut end, record_offset);
            put32(&mut end, 1);
        }
        put32(&mut end, 0x0605_4b50);
        put16(&mut end, 0);
        put16(&mut end, 0);
        let small_count = if zip64 { 0xFFFF } else { count as u16 };
        put16(&mut end, small_count);
        put16(&mut end, small_count);
        put32(&mut end, if zip64 { 0xFFFF_FFFF } else { directory_size as u32 });
        put32(&mut end, if zip64 { 0xFFFF_FFFF } else { directory_offset as u32 });
        put16(&mut end, 0);
        directory.extend_from_slice(&end);
        self.push(Part::Bytes(directory));
        Archive { parts: self.parts, crc_places }
    }
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(&value.to_le_bytes());
}
