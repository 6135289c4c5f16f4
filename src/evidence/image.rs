//! An image's dimensions from its header (PNG, JPEG, GIF, BMP, WebP, TIFF, PSD, and
//! HEIF: an iPhone's HEIC photos, AVIF), read from the file's first bytes; `None` when the header is not in them or does not
//! make sense. Nothing is decoded.

use super::Kind;

fn u16_be(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?)))
}

fn u16_le(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?)))
}

fn u32_be(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u32_le(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u24_le(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 3)?;
    Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
}

/// Width and height in pixels of an image of `kind` whose first bytes are `head`.
pub fn dimensions(kind: Kind, head: &[u8]) -> Option<(u32, u32)> {
    let size = match kind {
        Kind::Png if head.get(12..16) == Some(b"IHDR") => (u32_be(head, 16)?, u32_be(head, 20)?),
        Kind::Gif => (u16_le(head, 6)?, u16_le(head, 8)?),
        Kind::Bmp => match u32_le(head, 14)? {
            12 => (u16_le(head, 18)?, u16_le(head, 20)?),
            // A negative height is a top-down bitmap.
            _ => ((u32_le(head, 18)? as i32).unsigned_abs(), (u32_le(head, 22)? as i32).unsigned_abs()),
        },
        Kind::Psd => (u32_be(head, 18)?, u32_be(head, 14)?),
        Kind::Webp => webp(head)?,
        Kind::Jpeg => jpeg(head)?,
        Kind::Tiff => tiff(head)?,
        Kind::Heic | Kind::Avif => heif(head)?,
        _ => return None,
    };
    (size.0 > 0 && size.1 > 0).then_some(size)
}

fn webp(head: &[u8]) -> Option<(u32, u32)> {
    match head.get(12..16)? {
        b"VP8 " => Some((u16_le(head, 26)? & 0x3fff, u16_le(head, 28)? & 0x3fff)),
        b"VP8L" => {
            let bits = u32_le(head, 21)?;
            Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1))
        }
        b"VP8X" => Some((u24_le(head, 24)? + 1, u24_le(head, 27)? + 1)),
        _ => None,
    }
}

/// The frame header (SOF0 to SOF15, but DHT, JPG and DAC, which share the range),
/// found by walking the segments from the start; stops at the scan.
fn jpeg(head: &[u8]) -> Option<(u32, u32)> {
    match jpeg_walk(head, 2) {
        Jpeg::Frame(width, height) => Some((width, height)),
        _ => None,
    }
}

/// Where a walk of a JPEG's segments ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jpeg {
    /// The frame header: width and height.
    Frame(u32, u32),
    /// The bytes ran out at this offset, before the frame header: a photo whose metadata
    /// (an embedded preview, an editor's history, colour profiles) fills the first bytes
    /// read. The walk goes on from there, in the bytes that follow.
    From(usize),
    /// The scan or the image's end came first, or the bytes are no segment.
    Stop,
}

/// Walks a JPEG's segments in `bytes` from `at` (a marker), to the frame header.
pub fn jpeg_walk(bytes: &[u8], mut at: usize) -> Jpeg {
    loop {
        // Fill bytes before a marker.
        while bytes.get(at) == Some(&0xff) && bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        // A frame header's size is in its first nine bytes.
        if at.saturating_add(9) > bytes.len() {
            return Jpeg::From(at);
        }
        if bytes[at] != 0xff {
            return Jpeg::Stop;
        }
        let marker = bytes[at + 1];
        match marker {
            0xd8 | 0x01 | 0xd0..=0xd7 => at += 2,
            0xda | 0xd9 => return Jpeg::Stop,
            0xc0..=0xcf if !matches!(marker, 0xc4 | 0xc8 | 0xcc) => {
                return match (u16_be(bytes, at + 7), u16_be(bytes, at + 5)) {
                    (Some(width), Some(height)) => Jpeg::Frame(width, height),
                    _ => Jpeg::Stop,
                };
            }
            _ => match u16_be(bytes, at + 2).and_then(|length| usize::try_from(length).ok()) {
                Some(length) => at += 2 + length,
                None => return Jpeg::Stop,
            },
        }
    }
}

/// The first image directory's width (tag 256) and length (tag 257).
fn tiff(head: &[u8]) -> Option<(u32, u32)> {
    let little = head.starts_with(b"II");
    let short = |at| if little { u16_le(head, at) } else { u16_be(head, at) };
    let long = |at| if little { u32_le(head, at) } else { u32_be(head, at) };
    // Within the bytes read (an offset near 4 GiB would wrap the sums below on wasm32).
    let directory = usize::try_from(long(4)?).ok().filter(|directory| *directory < head.len())?;
    let entries = usize::try_from(short(directory)?).ok()?;
    let (mut width, mut height) = (None, None);
    for entry in 0..entries.min(512) {
        let at = directory + 2 + entry * 12;
        let value = match short(at + 2)? {
            3 => short(at + 8)?,
            4 => long(at + 8)?,
            _ => continue,
        };
        match short(at)? {
            256 => width = Some(value),
            257 => height = Some(value),
            _ => {}
        }
    }
    Some((width?, height?))
}

/// The boxes of an ISO base media file (HEIF, AVIF) in `bytes`, as (type, content); ends
/// at a box that runs past the bytes read.
fn boxes(bytes: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut at = 0_usize;
    std::iter::from_fn(move || {
        let kind = bytes.get(at + 4..at + 8)?;
        let (header, size) = match u32_be(bytes, at)? {
            // To the end of the file.
            0 => (8, bytes.len() - at),
            1 => (16, usize::try_from(u64::from(u32_be(bytes, at + 8)?) << 32 | u64::from(u32_be(bytes, at + 12)?)).ok()?),
            size => (8, usize::try_from(size).ok()?),
        };
        let content = bytes.get(at.checked_add(header)?..at.checked_add(size)?)?;
        at += size;
        Some((kind, content))
    })
}

/// The primary image's size (`pitm`), from the spatial extent (`ispe`) its properties
/// (`ipma`) name, turned by a quarter when its rotation (`irot`) says so: an iPhone's
/// photo is a grid of tiles, each with its own `ispe`, and the grid's is the photo's.
/// The `meta` box comes before the image data in the files cameras and encoders write.
fn heif(head: &[u8]) -> Option<(u32, u32)> {
    // `meta` and `pitm` are full boxes: a version byte and three bytes of flags first.
    let meta = boxes(head).find(|(kind, _)| *kind == b"meta")?.1.get(4..)?;
    let (mut primary, mut iprp) = (None, None);
    for (kind, content) in boxes(meta) {
        match kind {
            b"pitm" if content.first() == Some(&0) => primary = u16_be(content, 4),
            b"pitm" => primary = u32_be(content, 4),
            b"iprp" => iprp = Some(content),
            _ => {}
        }
    }
    let (primary, iprp) = (primary?, iprp?);
    let properties: Vec<(&[u8], &[u8])> = boxes(boxes(iprp).find(|(kind, _)| *kind == b"ipco")?.1).collect();
    let (mut size, mut turned) = (None, false);
    for (_, ipma) in boxes(iprp).filter(|(kind, _)| *kind == b"ipma") {
        let (version, wide) = (*ipma.first()?, ipma.get(3)? & 1 == 1);
        let mut at = 8;
        for _ in 0..u32_be(ipma, 4)? {
            let item = if version == 0 { u16_be(ipma, at)? } else { u32_be(ipma, at)? };
            at += if version == 0 { 2 } else { 4 };
            let count = *ipma.get(at)?;
            at += 1;
            for _ in 0..count {
                // The top bit says whether the property is essential; the rest, its index from 1.
                let index = if wide { u16_be(ipma, at)? & 0x7fff } else { u32::from(ipma.get(at)? & 0x7f) };
                at += if wide { 2 } else { 1 };
                let property = usize::try_from(index).ok().and_then(|index| properties.get(index.checked_sub(1)?));
                match property {
                    Some((b"ispe", extent)) if item == primary => size = Some((u32_be(extent, 4)?, u32_be(extent, 8)?)),
                    Some((b"irot", angle)) if item == primary => turned = angle.first()? & 1 == 1,
                    _ => {}
                }
            }
        }
    }
    let (width, height) = size?;
    Some(if turned { (height, width) } else { (width, height) })
}
