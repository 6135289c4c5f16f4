//! The document reader (PRODUCT.md §2.4): what each file really is, judged from its
//! bytes, never from its name. [`sniff`] names the kind from the signature bytes at the
//! start of the file (and, for a ZIP, the names of its parts: a `.docx` is a ZIP with
//! `word/document.xml`); [`image`] reads an image's dimensions from its header; [`pdf`]
//! reads a PDF's structure: encrypted, damaged (and why), its pages, whether it has a
//! text layer. What the reader found is an [`Inspection`], kept with the document (tied
//! to the SHA-256 of the bytes read, so a replaced file is read again); the rules judge
//! it (`FILE-CONTENT-MISMATCH`, `FILE-EXECUTABLE`, `PDF-*`, `IMAGE-SMALL`).
//!
//! Pure: the shell (the package worker) reads the bytes and hands them over. The page
//! carries the types and [`expected`] (what a name promises); the readers themselves are
//! only in the worker.

pub mod image;
pub mod invoice;
pub mod pdf;
pub mod sniff;
pub mod text;

use serde::{Deserialize, Serialize};

/// What a file is, by its content.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Tiff,
    Bmp,
    Webp,
    /// HEIC and HEIF (HEVC in the HEIF container: an iPhone's photos).
    Heic,
    /// AVIF (AV1 in the same container).
    Avif,
    Psd,
    /// Word, Excel, PowerPoint (Office Open XML: a ZIP with the parts of each).
    Docx,
    Xlsx,
    Pptx,
    /// XPS (a ZIP with a fixed document sequence).
    Xps,
    /// A compound file: legacy Word, Excel, PowerPoint, Outlook `.msg`.
    Ole,
    Rtf,
    Html,
    /// A web archive (MIME, `multipart/related`).
    Mht,
    /// Plain text (CSV, TXT): no control bytes, valid UTF-8 or Latin-1.
    Text,
    /// MP4, MOV, M4A (ISO base media).
    Mp4,
    /// WMV, WMA (Advanced Systems Format).
    Asf,
    /// A package this page built (`manifest.json` and `checksums.sha256`, at its top or
    /// in one folder): a claim to open, not a document.
    Package,
    /// A backup of this page's claims (`backup.json`, at its top or in one folder).
    Backup,
    /// Any other ZIP.
    Zip,
    /// A program: PE (Windows), ELF (Linux), Mach-O (macOS), Java class.
    Executable,
    /// A script: a `#!` line, a batch file.
    Script,
    /// Nothing this reader knows.
    #[default]
    Unknown,
    /// A kind a later version of the page found: the claim is read (a tab still on this
    /// version reads it rather than refuse it), and the reading is not taken
    /// ([`Inspection::from_a_later_reader`]): the file is read again here. Never written
    /// by this reader.
    #[serde(other)]
    Later,
}

impl Kind {
    /// The extension a file of this kind is named with, where one says it (not a compound
    /// file, Word's, Excel's or Outlook's alike; not plain text, a CSV or not).
    pub fn usual_extension(self) -> Option<&'static str> {
        match self {
            Kind::Jpeg => Some("jpg"),
            Kind::Asf => Some("wmv"),
            // Named as their extension is.
            Kind::Pdf | Kind::Png | Kind::Gif | Kind::Tiff | Kind::Bmp | Kind::Webp | Kind::Heic | Kind::Avif | Kind::Psd | Kind::Docx | Kind::Xlsx | Kind::Pptx | Kind::Xps | Kind::Rtf | Kind::Html | Kind::Mht | Kind::Mp4 => Some(self.name()),
            _ => None,
        }
    }

    /// The name of the kind in messages and the catalogs (`kind.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Png => "png",
            Kind::Jpeg => "jpeg",
            Kind::Gif => "gif",
            Kind::Tiff => "tiff",
            Kind::Bmp => "bmp",
            Kind::Webp => "webp",
            Kind::Heic => "heic",
            Kind::Avif => "avif",
            Kind::Psd => "psd",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Pptx => "pptx",
            Kind::Xps => "xps",
            Kind::Ole => "ole",
            Kind::Rtf => "rtf",
            Kind::Html => "html",
            Kind::Mht => "mht",
            Kind::Text => "text",
            Kind::Mp4 => "mp4",
            Kind::Asf => "asf",
            Kind::Package => "package",
            Kind::Backup => "backup",
            Kind::Zip => "zip",
            Kind::Executable => "executable",
            Kind::Script => "script",
            Kind::Unknown | Kind::Later => "unknown",
        }
    }

    /// The media type the manifest records for a file of this kind named `file_name`
    /// (`None`: the browser's, by the name, is kept). A compound file is Word's, Excel's,
    /// PowerPoint's or Outlook's by its name: its own type says which program opens it.
    pub fn media_type(self, file_name: &str) -> Option<&'static str> {
        Some(match self {
            Kind::Ole => match extension(file_name).as_str() {
                "doc" | "dot" => "application/msword",
                "xls" | "xlt" => "application/vnd.ms-excel",
                "ppt" | "pps" | "pot" => "application/vnd.ms-powerpoint",
                "msg" => "application/vnd.ms-outlook",
                _ => "application/x-ole-storage",
            },
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Tiff => "image/tiff",
            Kind::Bmp => "image/bmp",
            Kind::Webp => "image/webp",
            Kind::Heic => "image/heic",
            Kind::Avif => "image/avif",
            Kind::Psd => "image/vnd.adobe.photoshop",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            Kind::Xps => "application/vnd.ms-xpsdocument",
            Kind::Rtf => "application/rtf",
            Kind::Html => "text/html",
            Kind::Mht => "multipart/related",
            Kind::Mp4 => "video/mp4",
            Kind::Asf => "video/x-ms-asf",
            Kind::Zip | Kind::Package | Kind::Backup => "application/zip",
            Kind::Executable => "application/octet-stream",
            Kind::Script => "text/plain",
            Kind::Text | Kind::Unknown | Kind::Later => return None,
        })
    }

    /// Whether a file of this kind runs as a program.
    pub fn runs(self) -> bool {
        matches!(self, Kind::Executable | Kind::Script)
    }

    pub fn is_image(self) -> bool {
        matches!(self, Kind::Png | Kind::Jpeg | Kind::Gif | Kind::Tiff | Kind::Bmp | Kind::Webp | Kind::Heic | Kind::Avif | Kind::Psd)
    }
}

/// What a PDF's structure says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PdfState {
    /// Readable, with a text layer.
    Text,
    /// Readable, but no page shows text: a scan or a photo.
    NoText,
    /// It needs a password to open.
    Encrypted,
    /// Damaged: no `%PDF-` header.
    NoHeader,
    /// Damaged: no end (`%%EOF`): cut short.
    NoEnd,
    /// Damaged: no cross-reference, and none could be rebuilt.
    BrokenXref,
    /// Damaged: its encryption dictionary cannot be read.
    BadEncryption,
    /// Damaged: a page's content does not decode (its compressed data corrupt, as a
    /// transfer in text mode leaves it): the page shows blank, not as a scan.
    BadContent,
    /// Larger than the reader opens ([`pdf::MAX_PDF_BYTES`]): not read.
    NotRead,
    /// A state a later version of the page found: as [`Kind::Later`].
    #[serde(other)]
    Later,
}

impl PdfState {
    /// The reason a damaged PDF cannot be read (the catalogs' `pdf.damage.<name>`).
    pub fn damage(self) -> Option<&'static str> {
        Some(match self {
            PdfState::NoHeader => "no-header",
            PdfState::NoEnd => "no-end",
            PdfState::BrokenXref => "broken-xref",
            PdfState::BadEncryption => "bad-encryption",
            PdfState::BadContent => "bad-content",
            _ => return None,
        })
    }
}

/// What the reader found in a file. (Flat, with plain enums: serde's code for it in the
/// page stays small.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Inspection {
    /// The SHA-256 of the bytes read: an inspection of another file is not this one's.
    pub sha256: String,
    pub kind: Kind,
    /// An image's size in pixels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// A PDF's page count, when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pdf: Option<PdfState>,
    /// An invoice's facts read from a PDF's text, when it says any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invoice: Option<invoice::InvoiceFacts>,
    /// Whether a PDF's text names Microsoft or a product of the profile's
    /// `branding_terms` (`None`: no text to say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brands: Option<bool>,
    /// When it names none: the words of its text (folded, distinct, at most
    /// [`MAX_WORDS`]), where the partner's company name is looked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// The reader stopped on this file (it ran out of memory or time in it: a file damaged,
    /// or far larger inside than it looks), and found nothing else (`DOC-UNCHECKED`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stopped: bool,
    /// A ZIP whose end is lost (no end record at all: a download or a copy that stopped
    /// early): what the names of its first entries make it (a Word document's `word/…`),
    /// and it would not open (`FILE-CUT-SHORT`). Its `kind` stays `Zip`: a tab of an
    /// earlier version drops this field as it saves, and still finds a `.docx` whose
    /// content is a ZIP not what its name says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut_short: Option<Kind>,
    /// The version of the reader that made this reading ([`READER`]; 0: before readings
    /// said it). A later page whose reader finds more reads again a file an earlier one
    /// read, rather than keep its lesser reading: a reading this version makes after a
    /// later one's (which it cannot take, [`Inspection::from_a_later_reader`]) is then not
    /// the last word.
    #[serde(skip_serializing_if = "is_zero")]
    pub reader: u32,
}

/// The version of this page's reader, written in each reading it makes. Raise it when the
/// reader comes to find what it did not: a claim's documents read by an earlier version
/// are read again when the claim comes on the page ([`Inspection::from_an_earlier_reader`]).
/// 2: table cells read apart, a total's tax and discount, several invoices in one file,
/// streams that do not decode, bytes after the end of a PDF. 3: a JPEG's pixel size past
/// its first 256 KB. 4: a credit note's total below zero not read as a total; `Net total`
/// not a total, `Amount payable` one; a period after `From:` not a vendor; the text of a
/// simple font whose map says its codes are two bytes. 5: a credit note's total below zero said
/// as such (`INVOICE-CREDIT-NOTE`). 6: AVIF told from HEIC; a ZIP cut short known by its
/// first entries (`FILE-CUT-SHORT`).
pub const READER: u32 = 6;

fn is_zero(version: &u32) -> bool {
    *version == 0
}

impl Inspection {
    /// Whether a later version of the page's reader made this reading, finding what this
    /// one does not know: not taken here (a valid PDF read as unknown was PDF-DAMAGED, and
    /// the claim saved from here carried that to every version), so the file is read again.
    pub fn from_a_later_reader(&self) -> bool {
        self.kind == Kind::Later || self.pdf == Some(PdfState::Later)
    }

    /// Whether an earlier version of the reader made this reading: it is kept, and
    /// counts, until the file is read again by this one (a total it read wrong would
    /// otherwise stay wrong in every claim saved before the reader was mended).
    pub fn from_an_earlier_reader(&self) -> bool {
        self.reader < READER
    }
}

/// Words kept of a text that names no brand.
pub const MAX_WORDS: usize = 400;

/// The words of a text, folded as [`invoice::fold`] does: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(invoice::fold)
}

/// Whether `text` names one of `terms` (as whole words, case and accents aside).
fn names_any(text: &str, terms: &[String]) -> bool {
    let folded: Vec<String> = words(text).collect();
    terms.iter().any(|term| {
        let term: Vec<String> = words(term).collect();
        !term.is_empty() && folded.windows(term.len()).any(|window| window == term.as_slice())
    })
}

impl Inspection {
    /// The longer side of an image, in pixels.
    pub fn long_side(&self) -> Option<u32> {
        Some(self.width?.max(self.height?))
    }
}

/// The extension of a file name, lower-case ASCII (`""` when it has none).
pub fn extension(file_name: &str) -> String {
    // Windows drops trailing dots and spaces, and so does the package: `invoice.pdf.` is
    // a PDF by its name.
    let file_name = file_name.trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    match file_name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => extension.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The kinds a file name promises, by its extension; empty when the name promises
/// nothing this reader can check (no extension, or one it does not know).
pub fn expected(file_name: &str) -> &'static [Kind] {
    match extension(file_name).as_str() {
        "pdf" => &[Kind::Pdf],
        "png" => &[Kind::Png],
        "jpg" | "jpeg" | "jpe" | "jfif" => &[Kind::Jpeg],
        "gif" => &[Kind::Gif],
        "tif" | "tiff" => &[Kind::Tiff],
        "bmp" | "dib" => &[Kind::Bmp],
        "webp" => &[Kind::Webp],
        "heic" | "heif" => &[Kind::Heic],
        "avif" => &[Kind::Avif],
        "psd" => &[Kind::Psd],
        "docx" | "docm" | "dotx" => &[Kind::Docx],
        "xlsx" | "xlsm" => &[Kind::Xlsx],
        "pptx" | "pptm" | "ppsx" => &[Kind::Pptx],
        "xps" | "oxps" => &[Kind::Xps, Kind::Zip],
        // Word saves RTF under .doc too.
        "doc" => &[Kind::Ole, Kind::Rtf],
        "xls" | "ppt" | "msg" | "pps" => &[Kind::Ole],
        "rtf" => &[Kind::Rtf],
        "htm" | "html" => &[Kind::Html, Kind::Text],
        "mht" | "mhtml" => &[Kind::Mht, Kind::Html, Kind::Text],
        "csv" | "txt" => &[Kind::Text],
        "mp4" | "m4v" | "mov" | "m4a" => &[Kind::Mp4],
        "wmv" | "wma" | "asf" => &[Kind::Asf],
        "zip" => &[Kind::Zip, Kind::Package, Kind::Backup, Kind::Docx, Kind::Xlsx, Kind::Pptx, Kind::Xps],
        _ => &[],
    }
}

/// Whether a name is that of a program or script, whatever its content shows.
pub fn named_as_program(file_name: &str) -> bool {
    matches!(
        extension(file_name).as_str(),
        "exe" | "dll" | "com" | "scr" | "msi" | "bat" | "cmd" | "ps1" | "vbs" | "vbe" | "js" | "jse" | "wsf" | "sh" | "jar" | "apk" | "app" | "elf" | "bin" | "pif" | "cpl" | "hta" | "lnk"
    )
}

/// What the reader needs of a file beyond its first bytes to finish.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// The names of the ZIP's entries (its central directory).
    ZipNames,
    /// The whole file: a PDF the reader opens.
    Whole,
}

/// What to read next of a file of `size` bytes whose first bytes are `head`.
pub fn needs(head: &[u8], size: u64) -> Needs {
    match sniff::kind(head, None) {
        Kind::Zip => Needs::ZipNames,
        Kind::Pdf if size <= pdf::MAX_PDF_BYTES => Needs::Whole,
        _ => Needs::Nothing,
    }
}

/// Inspects a file: `head` its first bytes ([`sniff::HEAD_BYTES`], or all of a shorter
/// file), `size` its size, `zip_names` its entries' names when it is a ZIP and they could
/// be read, `whole` its bytes when [`needs`] asked for them; `brand_terms` the profile's
/// (`branding_terms`). `sha256` ties the result to the bytes read.
pub fn inspect(sha256: &str, head: &[u8], size: u64, zip_names: Option<&[String]>, whole: Option<Vec<u8>>, brand_terms: &[String]) -> Inspection {
    let kind = sniff::kind(head, zip_names);
    let (width, height) = image::dimensions(kind, head).unzip();
    let (pdf, pages, text) = match (kind, whole) {
        (Kind::Pdf, Some(bytes)) => {
            let facts = pdf::inspect(bytes);
            (Some(facts.state), facts.pages, facts.text)
        }
        (Kind::Pdf, None) if size > pdf::MAX_PDF_BYTES => (Some(PdfState::NotRead), None, String::new()),
        _ => (None, None, String::new()),
    };
    let invoice = Some(invoice::read(&text)).filter(|facts| !facts.is_empty());
    let brands = (!text.trim().is_empty()).then(|| names_any(&text, brand_terms));
    let mut kept = Vec::new();
    if brands == Some(false) {
        let mut seen = std::collections::BTreeSet::new();
        for word in words(&text).filter(|word| word.chars().count() >= 2) {
            if seen.len() >= MAX_WORDS {
                break;
            }
            seen.insert(word);
        }
        kept = seen.into_iter().collect();
    }
    Inspection { sha256: sha256.to_string(), kind, width, height, pages, pdf, invoice, brands, words: kept, stopped: false, cut_short: None, reader: READER }
}

#[cfg(test)]
mod invoice_tests;
#[cfg(test)]
mod tests;
