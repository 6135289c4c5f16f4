//! SHA-256 and CRC-32 of a document, computed in one pass over chunks of any size, so a
//! file of gigabytes is hashed without being held in memory.
//!
//! CRC-32 is our own slice-by-8 with its table built at first use: `crc32fast` ships a
//! 16 KiB table in the binary, which compresses to nothing and would cost 16 KB of the
//! page's 250 KB budget. It is checked against `crc32fast` in the tests.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::claim::FileFacts;

#[derive(Clone)]
pub struct FileHasher {
    /// None: the CRC-32 only ([`FileHasher::crc32_only`]).
    sha256: Option<Sha256>,
    crc32: Crc32,
    size: u64,
}

impl Default for FileHasher {
    fn default() -> FileHasher {
        FileHasher { sha256: Some(Sha256::default()), crc32: Crc32::default(), size: 0 }
    }
}

impl FileHasher {
    pub fn new() -> FileHasher {
        FileHasher::default()
    }

    /// A hasher of the size and CRC-32 only: its facts' `sha256` is empty. For a package
    /// being built, whose SHA-256s were computed when its files were added.
    pub fn crc32_only() -> FileHasher {
        FileHasher { sha256: None, ..FileHasher::default() }
    }

    pub fn update(&mut self, chunk: &[u8]) {
        if let Some(sha256) = &mut self.sha256 {
            sha256.update(chunk);
        }
        self.crc32.update(chunk);
        self.size += chunk.len() as u64;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn finish(self, media_type: &str) -> FileFacts {
        let sha256 = self.sha256.map(|sha256| hex(&sha256.finalize())).unwrap_or_default();
        FileFacts { size: self.size, media_type: media_type.to_string(), sha256, crc32: self.crc32.finalize() }
    }
}

/// CRC-32 (IEEE 802.3, as in ZIP), slice-by-8.
#[derive(Clone, Default)]
pub struct Crc32 {
    state: u32,
}

fn crc_tables() -> &'static [[u32; 256]; 8] {
    static TABLES: OnceLock<Box<[[u32; 256]; 8]>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = Box::new([[0_u32; 256]; 8]);
        for n in 0..256 {
            let mut crc = n as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 { 0xEDB8_8320 ^ (crc >> 1) } else { crc >> 1 };
            }
            tables[0][n] = crc;
        }
        for n in 0..256 {
            for k in 1..8 {
                let previous = tables[k - 1][n];
                tables[k][n] = (previous >> 8) ^ tables[0][(previous & 0xFF) as usize];
            }
        }
        tables
    })
}

impl Crc32 {
    pub fn update(&mut self, bytes: &[u8]) {
        let tables = crc_tables();
        let mut crc = !self.state;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let low = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) ^ crc;
            let high = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
            crc = tables[7][(low & 0xFF) as usize]
                ^ tables[6][((low >> 8) & 0xFF) as usize]
                ^ tables[5][((low >> 16) & 0xFF) as usize]
                ^ tables[4][(low >> 24) as usize]
                ^ tables[3][(high & 0xFF) as usize]
                ^ tables[2][((high >> 8) & 0xFF) as usize]
                ^ tables[1][((high >> 16) & 0xFF) as usize]
                ^ tables[0][(high >> 24) as usize];
        }
        for byte in chunks.remainder() {
            crc = (crc >> 8) ^ tables[0][((crc ^ u32::from(*byte)) & 0xFF) as usize];
        }
        self.state = !crc;
    }

    pub fn finalize(&self) -> u32 {
        self.state
    }
}

/// CRC-32 of bytes already in memory.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc32::default();
    crc.update(bytes);
    crc.finalize()
}

/// SHA-256 of bytes already in memory, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 15)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts of `data` handed to `hasher` in chunks of `chunk` bytes.
    fn in_chunks(mut hasher: FileHasher, data: &[u8], chunk: usize, media_type: &str) -> FileFacts {
        for piece in data.chunks(chunk) {
            hasher.update(piece);
        }
        hasher.finish(media_type)
    }

    #[test]
    fn chunked_hashing_equals_hashing_at_once() {
        let data: Vec<u8> = (0..100_000u32).map(|n| (n * 7 % 251) as u8).collect();
        let facts = in_chunks(FileHasher::new(), &data, 4093, "application/pdf");
        assert_eq!(facts.size, 100_000);
        assert_eq!(facts.sha256, sha256_hex(&data));
        assert_eq!(facts.crc32, crc32fast::hash(&data));
    }

    #[test]
    fn a_crc32_only_hasher_counts_and_checks_the_same_bytes_without_the_sha256() {
        let data: Vec<u8> = (0..70_000u32).map(|n| (n * 13 % 253) as u8).collect();
        let facts = in_chunks(FileHasher::crc32_only(), &data, 1000, "video/mp4");
        assert_eq!((facts.size, facts.crc32, facts.sha256.as_str()), (70_000, crc32fast::hash(&data), ""));
    }

    #[test]
    fn known_digests() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    proptest::proptest! {
        #[test]
        fn crc32_agrees_with_crc32fast_however_it_is_chunked(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000), cut in 0_usize..2000) {
            let cut = cut.min(data.len());
            let mut crc = Crc32::default();
            crc.update(&data[..cut]);
            crc.update(&data[cut..]);
            proptest::prop_assert_eq!(crc.finalize(), crc32fast::hash(&data));
        }
    }
}
