//! The backup of every claim (PRODUCT.md §5, `Back up all claims` / `Restore backup`):
//! one ZIP holding each claim's package, exactly as Build package writes it (documents,
//! `manifest.json`, `summary.html`, `checksums.sha256`, `deadlines.ics`), under
//! `claims/`, with `backup.json`, the index, and `checksums.sha256` for the packages, so
//! that `sha256sum -c` passes on the unzipped backup as on a package.
//!
//! Restoring is opening each package again, with every check of Open package, after
//! checking its bytes against the SHA-256 the index recorded. A damaged backup restores
//! what is intact and names what is not: a package missing from the ZIP, one whose bytes
//! changed, one that cannot be opened. Without a readable index (cut short, edited), the
//! packages under `claims/` are still found by name.
//!
//! A backup is for this page, not for Partner Center: a claim's package in a backup also
//! takes documents Build package refuses (an altered document the partner has not
//! accepted yet keeps its mark, inside the claim), and leaves out, by name, documents
//! whose file the device does not hold. Nothing here reads a file or a clock.

use serde::{Deserialize, Serialize};

use crate::claim::{Claim, FileFacts};
use crate::hashing::sha256_hex;
use crate::package::reader::{self, Entry, OpenError};
use crate::package::zip::{Content, ZipLayout};
use crate::package::{names, Archive, BuildTime, Part};

/// The index's format and version. A reader accepts every version up to its own.
pub const SCHEMA: &str = "coop-claim-preflight/backup";
pub const SCHEMA_VERSION: u32 = 1;
/// The index's name in the backup.
pub const INDEX: &str = "backup.json";
/// The folder of the packages.
pub const FOLDER: &str = "claims/";
/// An index larger than this is not ours (100,000 claims of long titles).
pub const MAX_INDEX_BYTES: u64 = 64 * 1024 * 1024;

/// `backup.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupIndex {
    /// `coop-claim-preflight/backup@1`.
    pub schema: String,
    pub generator: String,
    /// When the backup was made, the partner's local time (ISO 8601, no zone).
    pub created: String,
    pub claims: Vec<BackedUpClaim>,
}

/// One claim of a backup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackedUpClaim {
    /// The package's path in the backup, e.g. `claims/001-contoso-webinar.zip`.
    pub path: String,
    pub title: String,
    pub size: u64,
    pub sha256: String,
    /// [`Claim::content_fingerprint`]: the same claim, wherever it is, has the same one.
    pub fingerprint: String,
    /// Documents in the package.
    pub documents: usize,
    /// Documents of the claim left out: the device did not hold their file.
    #[serde(default)]
    pub left_out: Vec<String>,
}

/// A claim's package, written and read back by the shell: what the index says of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packed {
    pub claim_title: String,
    pub fingerprint: String,
    pub documents: usize,
    pub left_out: Vec<String>,
    /// The facts of the package's bytes, as the shell read them after writing them.
    pub facts: FileFacts,
}

impl Packed {
    pub fn new(claim: &Claim, documents: usize, left_out: Vec<String>, facts: FileFacts) -> Packed {
        Packed { claim_title: claim.title.clone(), fingerprint: claim.content_fingerprint(), documents, left_out, facts }
    }
}

/// The backup, laid out: its file name, its index and its parts (each package a
/// document part, by its place in `packed`, from 0).
#[derive(Debug)]
pub struct BackupPlan {
    pub file_name: String,
    pub index: BackupIndex,
    pub parts: Vec<Part>,
}

/// `claims/<NNN>-<slug>.zip`: numbered, so that two claims of one title stay two files.
pub fn package_path(place: usize, title: &str) -> String {
    let slug = names::slug(title);
    format!("{FOLDER}{:03}-{slug}.zip", place + 1)
}

/// Plans the backup of the claims whose packages are `packed` (in order), as of `built_at`.
pub fn plan(packed: &[Packed], built_at: BuildTime) -> BackupPlan {
    let claims: Vec<BackedUpClaim> = packed
        .iter()
        .enumerate()
        .map(|(place, packed)| BackedUpClaim {
            path: package_path(place, &packed.claim_title),
            title: packed.claim_title.clone(),
            size: packed.facts.size,
            sha256: packed.facts.sha256.clone(),
            fingerprint: packed.fingerprint.clone(),
            documents: packed.documents,
            left_out: packed.left_out.clone(),
        })
        .collect();
    let index = BackupIndex {
        schema: format!("{SCHEMA}@{SCHEMA_VERSION}"),
        generator: format!("Co-op Claim Preflight {}", env!("CARGO_PKG_VERSION")),
        created: {
            // By hand: chrono's formatter would add its whole machinery to the worker.
            use chrono::Timelike;
            let time = built_at.local.time();
            format!("{}T{:02}:{:02}:{:02}", crate::dates::iso(built_at.local.date()), time.hour(), time.minute(), time.second())
        },
        claims,
    };
    let index_json = serde_json::to_vec_pretty(&index).unwrap_or_default();
    let mut checksums = format!("{}  {INDEX}\n", sha256_hex(&index_json));
    for claim in &index.claims {
        checksums.push_str(&format!("{}  {}\n", claim.sha256, claim.path));
    }
    let mut layout = ZipLayout::new(built_at.local);
    layout.add(INDEX, Content::Bytes(index_json));
    layout.add("checksums.sha256", Content::Bytes(checksums.into_bytes()));
    for (place, claim) in index.claims.iter().enumerate() {
        layout.add(&claim.path, Content::Document { id: place as u32, size: claim.size });
    }
    let archive: Archive = layout.finish();
    let crc32s: Vec<(u32, u32)> = packed.iter().enumerate().map(|(place, packed)| (place as u32, packed.facts.crc32)).collect();
    // Every package is given, in order: this cannot fail.
    let parts = archive.parts_with_crc32(&crc32s).unwrap_or_default();
    BackupPlan { file_name: format!("coop-claims-backup-{}.zip", crate::dates::iso(built_at.local.date())), index, parts }
}

/// Reads `backup.json`, accepting every version up to this page's.
pub fn read_index(bytes: &[u8]) -> Result<BackupIndex, OpenError> {
    // Bounded as a manifest is: its titles are shown in the restore's report.
    let (longest, objects) = crate::package::reader::extent(bytes);
    if longest > crate::package::reader::MAX_TEXT_CHARS {
        return Err(OpenError::TooLongText);
    }
    if objects > crate::package::reader::MAX_OBJECTS {
        return Err(OpenError::TooManyItems);
    }
    crate::package::reader::read_versioned(bytes, SCHEMA, SCHEMA_VERSION)
}

/// The `backup.json` entry, if the ZIP has one.
pub fn index_entry(entries: &[Entry]) -> Option<&Entry> {
    entries.iter().find(|entry| entry.name == INDEX)
}

/// One package to restore: where it is in the ZIP (`None`: the index lists it, the ZIP
/// does not hold it), and what the index says of it (`None`: not listed, or no index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToRestore<'a> {
    pub path: String,
    pub entry: Option<&'a Entry>,
    pub listed: Option<&'a BackedUpClaim>,
}

impl ToRestore<'_> {
    /// The name to give the partner: the claim's title as the index has it, else the path.
    pub fn name(&self) -> String {
        match self.listed {
            Some(listed) if !listed.title.trim().is_empty() => listed.title.clone(),
            _ => self.path.clone(),
        }
    }
}

/// Whether an entry is a package of the backup by its name: a `.zip` under `claims/`.
fn is_package(entry: &Entry) -> bool {
    entry.name.strip_prefix(FOLDER).is_some_and(|rest| !rest.contains('/') && rest.len() > 4 && rest.is_char_boundary(rest.len() - 4) && rest[rest.len() - 4..].eq_ignore_ascii_case(".zip"))
}

/// The packages to restore ([`restoring`]): every claim the index lists, in its order,
/// then every package of the ZIP it does not list (an index that is missing, unreadable
/// or out of date hides no claim).
pub struct Restoring<'a> {
    /// Every claim the index lists, in its order, with its package if the ZIP holds one
    /// of its name. For one it does not ([`ToRestore::entry`] `None`), the shell looks
    /// among the stand-ins.
    pub listed: Vec<ToRestore<'a>>,
    /// The packages of the ZIP the index does not name, of the size of a listed claim
    /// not found by name: a tool wrote its name otherwise (macOS's decomposed accents, an
    /// old code page). The shell hashes those of the claim's size
    /// ([`reader::StandIns::to_hash`]) and takes the one of the SHA-256 the index recorded:
    /// by content, so that two of one size stored in another order each find their claim.
    pub stand_ins: reader::StandIns<'a, ()>,
    /// The packages the index does not name, in the ZIP's order.
    unnamed: Vec<&'a Entry>,
    /// The sizes of the listed claims not found by name.
    sizes: std::collections::HashSet<u64>,
}

/// What to restore from a backup of these `entries` with this `index`. Linear in what
/// the backup holds.
pub fn restoring<'a>(index: Option<&'a BackupIndex>, entries: &'a [Entry]) -> Restoring<'a> {
    let by_name: std::collections::HashMap<&str, &Entry> = entries.iter().map(|entry| (entry.name.as_str(), entry)).collect();
    let listed = index.map(|index| index.claims.as_slice()).unwrap_or_default();
    let named: std::collections::HashSet<&str> = listed.iter().map(|listed| listed.path.as_str()).collect();
    let mut seen = std::collections::HashSet::new();
    let listed: Vec<ToRestore> = listed
        .iter()
        .filter(|listed| seen.insert(listed.path.as_str()))
        .map(|listed| ToRestore { path: listed.path.clone(), entry: by_name.get(listed.path.as_str()).copied(), listed: Some(listed) })
        .collect();
    let sizes: std::collections::HashSet<u64> = listed.iter().filter(|item| item.entry.is_none()).filter_map(|item| Some(item.listed?.size)).collect();
    // Each name once: a ZIP may list a name twice, and the first is the one by name.
    let mut seen = std::collections::HashSet::new();
    let unnamed: Vec<&Entry> = entries.iter().filter(|entry| is_package(entry) && !named.contains(entry.name.as_str()) && seen.insert(entry.name.as_str())).collect();
    let stand_ins = reader::StandIns::among(&sizes, unnamed.iter().copied());
    Restoring { listed, stand_ins, unnamed, sizes }
}

impl<'a> Restoring<'a> {
    /// Whether there is nothing to restore: no claim listed, no package found.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty() && self.unnamed.is_empty()
    }

    /// Once every listed claim has had its package: the packages the index does not name
    /// and no listed claim took, in the ZIP's order (restored as packages the index lacks).
    pub fn unlisted(self) -> Vec<ToRestore<'a>> {
        let left = self.stand_ins.not_taken();
        let sizes = self.sizes;
        self.unnamed
            .into_iter()
            .filter(|entry| !sizes.contains(&entry.size) || left.contains(&entry.header_offset))
            .map(|entry| ToRestore { path: entry.name.clone(), entry: Some(entry), listed: None })
            .collect()
    }
}

/// What restoring found of one package, before it is opened: its bytes are the ones
/// the index recorded (`true`), or there is nothing to compare them with (not listed).
pub fn as_recorded(listed: Option<&BackedUpClaim>, facts: &FileFacts) -> bool {
    listed.is_none_or(|listed| listed.sha256 == facts.sha256 && listed.size == facts.size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::reader::{self, Method};

    fn built_at() -> BuildTime {
        let local = crate::dates::parse_iso("2026-12-03").unwrap_or_default().and_hms_opt(9, 30, 0).unwrap_or_default();
        BuildTime { local, utc: local }
    }

    fn facts(bytes: &[u8]) -> FileFacts {
        FileFacts { size: bytes.len() as u64, media_type: "application/zip".into(), sha256: sha256_hex(bytes), crc32: crate::hashing::crc32(bytes) }
    }

    fn claim(title: &str) -> Claim {
        let profile = crate::profile::Profile::default_profile();
        let mut claim = Claim::new(&profile);
        claim.title = title.into();
        claim
    }

    /// The backup's bytes, its packages' bytes in place of the document parts.
    fn bytes(plan: &BackupPlan, packages: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for part in &plan.parts {
            match part {
                Part::Bytes(bytes) => out.extend_from_slice(bytes),
                Part::Document { id, .. } => out.extend_from_slice(&packages[*id as usize]),
            }
        }
        out
    }

    fn entries(zip: &[u8]) -> Vec<Entry> {
        let directory = reader::find_directory(zip, zip.len() as u64).expect("a directory");
        let start = directory.offset as usize;
        reader::read_directory(&zip[start..start + directory.size as usize], &directory).expect("entries")
    }

    #[test]
    fn a_backup_lists_every_package_with_its_checksum_and_is_a_zip_others_read() {
        let packages = vec![b"PK first package".to_vec(), b"PK second".to_vec(), Vec::new()];
        let claims = [claim("Contoso webinar"), claim("Contoso webinar"), claim("")];
        let packed: Vec<Packed> = claims.iter().zip(&packages).map(|(claim, bytes)| Packed::new(claim, 0, vec!["lost.pdf".into()], facts(bytes))).collect();
        let plan = plan(&packed, built_at());
        assert_eq!(plan.file_name, "coop-claims-backup-2026-12-03.zip");
        let paths: Vec<&str> = plan.index.claims.iter().map(|claim| claim.path.as_str()).collect();
        assert_eq!(paths, ["claims/001-contoso-webinar.zip", "claims/002-contoso-webinar.zip", "claims/003-claim.zip"], "two claims of one title stay two files");
        assert_eq!(plan.index.created, "2026-12-03T09:30:00");
        let zip = bytes(&plan, &packages);
        let entries = entries(&zip);
        let names: Vec<&str> = entries.iter().map(|entry| entry.name.as_str()).collect();
        assert_eq!(names, ["backup.json", "checksums.sha256", "claims/001-contoso-webinar.zip", "claims/002-contoso-webinar.zip", "claims/003-claim.zip"]);
        for (entry, package) in entries[2..].iter().zip(&packages) {
            assert_eq!((entry.method, entry.crc32, entry.size), (Method::Stored, crate::hashing::crc32(package), package.len() as u64));
        }
        // The index read back is the one written; the checksums name every package.
        let index_bytes = match &plan.parts[0] {
            Part::Bytes(bytes) => bytes.clone(),
            Part::Document { .. } => Vec::new(),
        };
        let at = index_bytes.iter().position(|b| *b == b'{').unwrap_or_default();
        let index = read_index(&index_bytes[at..at + entries[0].size as usize]).expect("the index reads back");
        assert_eq!(index, plan.index);
        assert_eq!(index.claims[0].left_out, ["lost.pdf"]);
        let zip_text = String::from_utf8_lossy(&zip);
        assert!(zip_text.contains(&format!("{}  claims/002-contoso-webinar.zip\n", sha256_hex(b"PK second"))));
    }

    /// What the shell restores from `zip`, as the package worker does: each listed claim
    /// with the package of its name, else the stand-in of its SHA-256 (each candidate read
    /// once), then the packages left, unlisted. `(path, package taken, listed)`; `reads`
    /// counts the candidates read.
    fn restore_like_the_shell(index: Option<&BackupIndex>, entries: &[Entry], zip: &[u8], reads: &mut usize) -> Vec<(String, Option<String>, bool)> {
        let mut restoring = restoring(index, entries);
        let content = |entry: &Entry| {
            let header = &zip[entry.header_offset as usize..];
            let range = reader::data_range(entry, &header[..entry.header_read_len().min(header.len() as u64) as usize]).expect("the local header reads");
            zip[range.start as usize..range.end as usize].to_vec()
        };
        let mut out = Vec::new();
        for item in &restoring.listed {
            let taken = match (item.entry, item.listed) {
                (Some(entry), _) => Some(entry),
                (None, Some(listed)) => {
                    for candidate in restoring.stand_ins.to_hash(listed.size) {
                        *reads += 1;
                        restoring.stand_ins.hashed(candidate, &sha256_hex(&content(candidate)), ());
                    }
                    restoring.stand_ins.take(&listed.sha256).map(|(entry, ())| entry)
                }
                (None, None) => None,
            };
            out.push((item.path.clone(), taken.map(|entry| entry.name.clone()), true));
        }
        out.extend(restoring.unlisted().into_iter().map(|item| (item.path.clone(), item.entry.map(|entry| entry.name.clone()), false)));
        out
    }

    fn row(path: &str, taken: Option<&str>, listed: bool) -> (String, Option<String>, bool) {
        (path.to_string(), taken.map(str::to_string), listed)
    }

    #[test]
    fn restoring_takes_the_listed_packages_then_any_the_index_does_not_know() {
        let packages = vec![b"one".to_vec(), b"two".to_vec()];
        let packed: Vec<Packed> = ["A", "B"].iter().zip(&packages).map(|(title, bytes)| Packed::new(&claim(title), 1, Vec::new(), facts(bytes))).collect();
        let plan = plan(&packed, built_at());
        let zip = bytes(&plan, &packages);
        let entries = entries(&zip);
        let mut reads = 0;
        let all = restore_like_the_shell(Some(&plan.index), &entries, &zip, &mut reads);
        assert_eq!(all, [row("claims/001-a.zip", Some("claims/001-a.zip"), true), row("claims/002-b.zip", Some("claims/002-b.zip"), true)]);
        assert_eq!(reads, 0, "found by name: nothing read to find them");
        assert_eq!(restoring(Some(&plan.index), &entries).listed[0].name(), "A");

        // The index lists a package the ZIP lost, and the ZIP holds one the index lacks.
        let mut index = plan.index.clone();
        index.claims[1].path = "claims/009-gone.zip".into();
        index.claims[1].size = 999;
        let some = restore_like_the_shell(Some(&index), &entries, &zip, &mut reads);
        assert_eq!(some, [row("claims/001-a.zip", Some("claims/001-a.zip"), true), row("claims/009-gone.zip", None, true), row("claims/002-b.zip", Some("claims/002-b.zip"), false)]);
        // The index names a package the ZIP names otherwise (another tool's spelling): the
        // one of its content the index does not name is taken for it.
        let mut index = plan.index.clone();
        index.claims[1].path = "claims/002-b\u{301}.zip".into();
        let renamed = restore_like_the_shell(Some(&index), &entries, &zip, &mut reads);
        assert_eq!(renamed, [row("claims/001-a.zip", Some("claims/001-a.zip"), true), row("claims/002-b\u{301}.zip", Some("claims/002-b.zip"), true)]);
        // One of its size but other bytes is not that claim: it is missing, and the package
        // is restored as one the index lacks.
        index.claims[1].sha256 = sha256_hex(b"TWO");
        let other = restore_like_the_shell(Some(&index), &entries, &zip, &mut reads);
        assert_eq!(other, [row("claims/001-a.zip", Some("claims/001-a.zip"), true), row("claims/002-b\u{301}.zip", None, true), row("claims/002-b.zip", Some("claims/002-b.zip"), false)]);
        // No index: the packages are found by name; nothing else is taken.
        let none = restoring(None, &entries).unlisted();
        assert_eq!(none.iter().map(|item| item.path.as_str()).collect::<Vec<_>>(), ["claims/001-a.zip", "claims/002-b.zip"]);
        assert_eq!(none[1].name(), "claims/002-b.zip");
    }

    #[test]
    fn two_renamed_packages_of_one_size_stored_in_the_other_order_each_find_their_claim() {
        // Both names spelled otherwise by another tool, and the ZIP holds them in the other
        // order: by size alone, each claim took the other's package.
        let packages = vec![b"one".to_vec(), b"two".to_vec(), b"six".to_vec()];
        let packed: Vec<Packed> = ["A", "B", "C"].iter().zip(&packages).map(|(title, bytes)| Packed::new(&claim(title), 1, Vec::new(), facts(bytes))).collect();
        let plan = plan(&packed, built_at());
        let zip = bytes(&plan, &packages);
        let entries = entries(&zip);
        let mut index = plan.index.clone();
        index.claims.swap(0, 1);
        index.claims[0].path = "claims/002-be\u{301}.zip".into();
        index.claims[1].path = "claims/001-a\u{300}.zip".into();
        let mut reads = 0;
        let restored = restore_like_the_shell(Some(&index), &entries, &zip, &mut reads);
        assert_eq!(
            restored,
            [row("claims/002-be\u{301}.zip", Some("claims/002-b.zip"), true), row("claims/001-a\u{300}.zip", Some("claims/001-a.zip"), true), row("claims/003-c.zip", Some("claims/003-c.zip"), true)]
        );
        assert_eq!(reads, 2, "each candidate read once, the one found by name not at all");
        // A hostile index listing the same content many times: the candidates are still
        // read once, and one claim takes each.
        let mut index = plan.index.clone();
        for claim in &mut index.claims {
            claim.path = format!("{}x", claim.path);
        }
        let many: Vec<BackedUpClaim> = (0..1000).map(|at| BackedUpClaim { path: format!("claims/{at}.zip"), ..index.claims[0].clone() }).collect();
        index.claims.extend(many);
        let mut reads = 0;
        let restored = restore_like_the_shell(Some(&index), &entries, &zip, &mut reads);
        assert_eq!(reads, 3);
        assert_eq!(restored.iter().filter(|(_, taken, _)| taken.is_some()).count(), 3);
    }

    #[test]
    fn a_package_is_as_recorded_only_with_the_recorded_bytes() {
        let packed = [Packed::new(&claim("A"), 0, Vec::new(), facts(b"one"))];
        let index = plan(&packed, built_at()).index;
        assert!(as_recorded(Some(&index.claims[0]), &facts(b"one")));
        assert!(!as_recorded(Some(&index.claims[0]), &facts(b"ONE")), "a byte changed");
        assert!(as_recorded(None, &facts(b"anything")), "not listed: nothing to compare with");
    }

    #[test]
    fn a_backup_cut_short_gives_the_packages_that_are_whole() {
        let packages = vec![b"first package bytes".to_vec(), b"second".to_vec(), b"third, cut".to_vec()];
        let packed: Vec<Packed> = ["A", "B", "C"].iter().zip(&packages).map(|(title, bytes)| Packed::new(&claim(title), 1, Vec::new(), facts(bytes))).collect();
        let plan = plan(&packed, built_at());
        let whole = bytes(&plan, &packages);
        let all = entries(&whole);
        // Cut in the middle of the third package: the directory is gone.
        let cut = &whole[..(all[4].header_offset + 40) as usize];
        assert!(reader::find_directory(cut, cut.len() as u64).is_err());
        let mut found = Vec::new();
        let mut offset = 0_u64;
        while let Some(entry) = reader::local_entry(&cut[offset as usize..], offset, cut.len() as u64) {
            offset = entry.limit;
            found.push(entry);
        }
        let names: Vec<&str> = found.iter().map(|entry| entry.name.as_str()).collect();
        assert_eq!(names, ["backup.json", "checksums.sha256", "claims/001-a.zip", "claims/002-b.zip"]);
        for (entry, listed) in found.iter().zip(&all) {
            assert_eq!((entry.crc32, entry.size, entry.header_offset), (listed.crc32, listed.size, listed.header_offset));
            let header = &cut[entry.header_offset as usize..];
            let range = reader::data_range(entry, &header[..entry.header_read_len().min(header.len() as u64) as usize]).expect("the local header reads");
            assert_eq!(range.end, entry.limit);
        }
        let restoring = restoring(Some(&plan.index), &found);
        assert_eq!(restoring.listed.iter().map(|r| (r.path.as_str(), r.entry.is_some())).collect::<Vec<_>>(), [("claims/001-a.zip", true), ("claims/002-b.zip", true), ("claims/003-c.zip", false)]);
        // Garbage, a header cut short, an escaping name: the scan stops, nothing panics.
        assert!(reader::local_entry(b"PK\x03\x04", 0, 4).is_none());
        assert!(reader::local_entry(&[0; 64], 0, 64).is_none());
        let mut hostile = whole[..all[1].header_offset as usize].to_vec();
        hostile[30..41].copy_from_slice(b"../backup.j");
        assert!(reader::local_entry(&hostile, 0, hostile.len() as u64).is_none());
    }

    #[test]
    fn an_index_of_another_format_or_a_newer_version_is_refused_with_the_reason() {
        assert!(matches!(read_index(br#"{"schema":"coop-claim-preflight/backup@2","claims":[]}"#), Err(OpenError::NewerSchema(v)) if v == "2"));
        assert!(matches!(read_index(br#"{"schema":"coop-claim-preflight/manifest@1"}"#), Err(OpenError::BadManifest(_))));
        assert!(matches!(read_index(b"{not json"), Err(OpenError::BadManifest(_))));
        assert!(matches!(read_index(br#"{"schema":"coop-claim-preflight/backup@1"}"#), Err(OpenError::BadManifest(_))), "fields missing");
        // Bounded as a manifest is: its titles are shown in the restore's report.
        let long = format!(r#"{{"schema":"coop-claim-preflight/backup@1","claims":[{{"title":"{}"}}]}}"#, "x".repeat(reader::MAX_TEXT_CHARS + 1));
        assert_eq!(read_index(long.as_bytes()).map(|_| ()), Err(OpenError::TooLongText));
        let many = format!(r#"{{"schema":"coop-claim-preflight/backup@1","claims":[{}]}}"#, vec!["{}"; reader::MAX_OBJECTS].join(","));
        assert_eq!(read_index(many.as_bytes()).map(|_| ()), Err(OpenError::TooManyItems));
    }
}
