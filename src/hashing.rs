//! SHA-256 and CRC-32 of a document, computed in one pass over chunks of any size, so a
//! file of gigabytes is hashed without being held in memory.

use sha2::{Digest, Sha256};

use crate::claim::FileFacts;

#[derive(Default, Clone)]
pub struct FileHasher {
    sha256: Sha256,
    crc32: crc32fast::Hasher,
    size: u64,
}

impl FileHasher {
    pub fn new() -> FileHasher {
        FileHasher::default()
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.sha256.update(chunk);
        self.crc32.update(chunk);
        self.size += chunk.len() as u64;
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn finish(self, media_type: &str) -> FileFacts {
        FileFacts { size: self.size, media_type: media_type.to_string(), sha256: hex(&self.sha256.finalize()), crc32: self.crc32.finalize() }
    }
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

    #[test]
    fn chunked_hashing_equals_hashing_at_once() {
        let data: Vec<u8> = (0..100_000u32).map(|n| (n * 7 % 251) as u8).collect();
        let mut hasher = FileHasher::new();
        for chunk in data.chunks(4093) {
            hasher.update(chunk);
        }
        let facts = hasher.finish("application/pdf");
        assert_eq!(facts.size, 100_000);
        assert_eq!(facts.sha256, sha256_hex(&data));
        assert_eq!(facts.crc32, crc32fast::hash(&data));
    }

    #[test]
    fn known_digests() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(crc32fast::hash(b"123456789"), 0xCBF4_3926);
    }
}
