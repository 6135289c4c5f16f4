//! The reader on files made here: every signature and its near misses, image headers,
//! PDFs written by hand (text, scan, form, deflated, cut, headless, broken, a flate
//! bomb) and by `qpdf` (encrypted with and without a password to open), and random or
//! damaged bytes, which never panic and always end in a state.

use std::process::Command;

use proptest::prelude::*;

use super::*;

fn kind_of(head: &[u8]) -> Kind {
    sniff::kind(head, None)
}

fn zip_kind(names: &[&str]) -> Kind {
    let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    sniff::kind(b"PK\x03\x04rest of a zip", Some(&names))
}

#[test]
fn every_kind_is_known_by_its_signature_bytes() {
    let mut pe = vec![0_u8; 256];
    pe[..2].copy_from_slice(b"MZ");
    pe[60] = 128;
    pe[128..132].copy_from_slice(b"PE\0\0");
    let mut bmp = b"BM\0\0\0\0\0\0\0\0\0\0\0\0".to_vec();
    bmp.extend_from_slice(&40_u32.to_le_bytes());
    let cases: &[(&[u8], Kind)] = &[
        (b"%PDF-1.7\n", Kind::Pdf),
        (b"garbage before the header %PDF-1.4\n", Kind::Pdf),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Kind::Png),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", Kind::Jpeg),
        (b"GIF89a\x01\0\x01\0", Kind::Gif),
        (b"II*\0\x08\0\0\0", Kind::Tiff),
        (b"MM\0*\0\0\0\x08", Kind::Tiff),
        (&bmp, Kind::Bmp),
        (b"RIFF\0\0\0\0WEBPVP8 ", Kind::Webp),
        (b"8BPS\0\x01", Kind::Psd),
        (b"\0\0\0\x18ftypheic\0\0\0\0", Kind::Heic),
        (b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic", Kind::Heic),
        (b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf", Kind::Avif),
        // HEIF's brand first, AVIF's among the compatible ones.
        (b"\0\0\0\x18ftypmif1\0\0\0\0avif", Kind::Avif),
        // `avif` past the box is not its brand.
        (b"\0\0\0\x10ftypmif1\0\0\0\0avif", Kind::Heic),
        (b"\0\0\0\x18ftypisom\0\0\0\0", Kind::Mp4),
        (b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\x00\xaa\x00\x62\xce\x6c rest", Kind::Asf),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", Kind::Ole),
        (b"{\\rtf1\\ansi", Kind::Rtf),
        (b"<!DOCTYPE html><html><body>", Kind::Html),
        (b"  <html lang=fr>", Kind::Html),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", Kind::Mht),
        // As Chrome saves a page (Save as, single file), its page within its first KiB.
        (b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://contoso.example/event\r\nSubject: Event\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"--b--\"\r\n\r\n\r\n----b--\r\nContent-Type: text/html\r\n\r\n<html><body>Event</body></html>", Kind::Mht),
        // A mail's headers, but no archive: a page, a text.
        (b"From: Ada\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<html><body>Hi</body></html>", Kind::Html),
        (b"Notes\r\n\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related\r\n", Kind::Text),
        (b"Date,Amount\r\n2026-11-02,1234.50\r\n", Kind::Text),
        ("Facture n° 2041 — total 1 234,50 €\n".as_bytes(), Kind::Text),
        (b"\xef\xbb\xbfDate;Montant\n", Kind::Text),
        (b"\xff\xfeD\0a\0t\0e\0", Kind::Text),
        (&pe, Kind::Executable),
        (b"\x7fELF\x02\x01\x01\0", Kind::Executable),
        (b"\xcf\xfa\xed\xfe\x07\0\0\x01", Kind::Executable),
        (b"\xca\xfe\xba\xbe\0\0\0\x02", Kind::Executable),
        (b"#!/bin/sh\nrm -rf ~\n", Kind::Script),
        (b"@ECHO OFF\r\ndel *.*\r\n", Kind::Script),
        (b"\x00\x01\x02\x03 binary", Kind::Unknown),
        (b"", Kind::Unknown),
    ];
    for (head, expected) in cases {
        assert_eq!(kind_of(head), *expected, "{:?}", String::from_utf8_lossy(&head[..head.len().min(24)]));
    }
}

#[test]
fn near_misses_are_not_taken_for_what_they_almost_are() {
    // A text starting with BM or MZ is text; a PDF header after the first KiB is not one.
    assert_eq!(kind_of(b"BMW invoice for the webinar car"), Kind::Text);
    assert_eq!(kind_of(b"MZ short"), Kind::Text);
    let mut late = vec![b' '; 2000];
    late.extend_from_slice(b"%PDF-1.4");
    assert_eq!(kind_of(&late), Kind::Text);
    // An MZ header whose PE signature is elsewhere than it says is not a program.
    let mut fake = vec![b'a'; 256];
    fake[..2].copy_from_slice(b"MZ");
    fake[60..64].copy_from_slice(&[200, 0, 0, 0]);
    assert_eq!(kind_of(&fake), Kind::Unknown, "binary, but no program");
    assert_eq!(kind_of(b"RIFF\0\0\0\0AVI LIST"), Kind::Unknown);
    assert_eq!(kind_of(b"<p>not a page</p>"), Kind::Text);
    // A text that starts with MZ is no program, however its letters read as a place.
    assert_eq!(kind_of(b"MZ Consulting GmbH - invoice export, all amounts in EUR, Q3 2026\n"), Kind::Text);
    assert_eq!(kind_of(b"MZN;Amount\n2026-11-02;1234.50\n2026-11-03;99.00\n2026-11-04;15.75\n2026-11-05;12.00\n"), Kind::Text);
}

/// A `%PDF-` in the first KiB of another kind of file does not make it a PDF: a program
/// with a PDF appended (its header padding holding one), a ZIP whose first entry is a
/// PDF stored as it is, a script with one in a comment. A PDF with bytes before its
/// header is still one.
#[test]
fn another_kind_s_signature_comes_before_a_pdf_header_further_on() {
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.resize(64, 0);
    elf.extend_from_slice(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    assert_eq!(kind_of(&elf), Kind::Executable);
    assert_eq!(kind_of(b"#!/bin/sh\n# %PDF-1.4\nexit 0\n"), Kind::Script);
    let mut zip = b"PK\x03\x04".to_vec();
    zip.resize(46, 0);
    zip.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    assert_eq!(sniff::kind(&zip, Some(&["invoice.pdf".to_string()])), Kind::Zip);
    let mut shifted = b"\0\0 junk before the header\n".to_vec();
    shifted.extend_from_slice(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    assert_eq!(kind_of(&shifted), Kind::Pdf);
}

#[test]
fn a_zip_is_told_by_its_parts() {
    assert_eq!(zip_kind(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]), Kind::Docx);
    assert_eq!(zip_kind(&["[Content_Types].xml", "xl/workbook.xml"]), Kind::Xlsx);
    assert_eq!(zip_kind(&["[Content_Types].xml", "ppt/presentation.xml"]), Kind::Pptx);
    assert_eq!(zip_kind(&["FixedDocumentSequence.fdseq", "Documents/1/FixedDocument.fdoc"]), Kind::Xps);
    assert_eq!(zip_kind(&["word/document.xml"]), Kind::Zip, "no content types: not Office");
    assert_eq!(zip_kind(&["photo.png"]), Kind::Zip);
    // This page's own ZIPs, as built or zipped again as their folder.
    assert_eq!(zip_kind(&["manifest.json", "summary.html", "checksums.sha256", "documents/other/a.pdf"]), Kind::Package);
    assert_eq!(zip_kind(&["webinar/", "webinar/manifest.json", "webinar/checksums.sha256"]), Kind::Package);
    assert_eq!(zip_kind(&["backup.json", "claims/001-a.zip"]), Kind::Backup);
    assert_eq!(zip_kind(&["My backup/backup.json", "My backup/claims/001-a.zip"]), Kind::Backup);
    assert_eq!(zip_kind(&["manifest.json"]), Kind::Zip, "a manifest alone is not enough");
    assert_eq!(sniff::kind(b"PK\x03\x04", None), Kind::Zip);
}

#[test]
fn names_promise_kinds_and_programs_are_known_by_name_too() {
    assert_eq!(expected("Invoice_Contoso_March.PDF"), [Kind::Pdf]);
    assert_eq!(expected("photo.jpeg"), [Kind::Jpeg]);
    assert!(expected("notes.doc").contains(&Kind::Rtf));
    assert!(expected("no-extension").is_empty());
    assert!(expected(".pdf").is_empty(), "a dot file has no extension");
    assert!(expected("archive.7z").is_empty());
    assert!(named_as_program("setup.EXE") && named_as_program("run.ps1") && !named_as_program("invoice.pdf"));
    assert_eq!(Kind::Docx.media_type("a.docx"), Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"));
    assert_eq!(Kind::Unknown.media_type("a.bin"), None);
    // A compound file's type is its program's, by its name.
    assert_eq!(Kind::Ole.media_type("Budget 2003.XLS"), Some("application/vnd.ms-excel"));
    assert_eq!(Kind::Ole.media_type("RE Invoice approval.msg"), Some("application/vnd.ms-outlook"));
    assert_eq!(Kind::Ole.media_type("Old agenda.doc"), Some("application/msword"));
    assert_eq!(Kind::Ole.media_type("thumbs.db"), Some("application/x-ole-storage"));
}

#[test]
fn image_headers_give_their_size() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&1920_u32.to_be_bytes());
    png.extend_from_slice(&1080_u32.to_be_bytes());
    assert_eq!(image::dimensions(Kind::Png, &png), Some((1920, 1080)));
    assert_eq!(image::dimensions(Kind::Gif, b"GIF89a\x20\x03\x58\x02"), Some((800, 600)));
    // A JPEG with an APP0 segment before its frame header.
    let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xc0\0\x11\x08\x01\xe0\x02\x80\x03";
    assert_eq!(image::dimensions(Kind::Jpeg, jpeg), Some((640, 480)));
    assert_eq!(image::dimensions(Kind::Jpeg, b"\xff\xd8\xff\xe0\0\x10JFIF"), None, "cut before the frame");
    let mut bmp = b"BM\0\0\0\0\0\0\0\0\0\0\0\0".to_vec();
    bmp.extend_from_slice(&40_u32.to_le_bytes());
    bmp.extend_from_slice(&300_i32.to_le_bytes());
    bmp.extend_from_slice(&(-200_i32).to_le_bytes());
    assert_eq!(image::dimensions(Kind::Bmp, &bmp), Some((300, 200)), "a top-down bitmap");
    let mut webp = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
    webp.extend_from_slice(&[0x7f, 0x02, 0x00, 0xdf, 0x01, 0x00]);
    assert_eq!(image::dimensions(Kind::Webp, &webp), Some((640, 480)));
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&2_u16.to_le_bytes());
    for (tag, value) in [(256_u16, 500_u32), (257, 400)] {
        tiff.extend_from_slice(&tag.to_le_bytes());
        tiff.extend_from_slice(&4_u16.to_le_bytes());
        tiff.extend_from_slice(&1_u32.to_le_bytes());
        tiff.extend_from_slice(&value.to_le_bytes());
    }
    assert_eq!(image::dimensions(Kind::Tiff, &tiff), Some((500, 400)));
    // A TIFF whose first directory is said to be near 4 GiB away: no size, read no further.
    let mut far = tiff.clone();
    far[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(image::dimensions(Kind::Tiff, &far), None);
    assert_eq!(image::dimensions(Kind::Png, b"\x89PNG"), None);
    assert_eq!(image::dimensions(Kind::Pdf, b"%PDF-1.4"), None);
}

/// An ISO base media box: its size, type and content.
fn iso_box(kind: &[u8; 4], content: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(8 + content.len()).expect("small").to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(content);
    out
}

/// HEIF and AVIF: the primary image's size, not the first size written. An AVIF as
/// Pillow writes it; and an iPhone's HEIC as its camera lays it out: a grid of 512-pixel
/// tiles (their sizes written first), turned by a quarter.
#[test]
fn heif_photos_give_their_primary_image_size() {
    let avif = include_bytes!("fixtures/64x48.avif");
    assert_eq!(sniff::kind(avif, None), Kind::Avif, "not said to be HEIC");
    assert_eq!(image::dimensions(Kind::Avif, avif), Some((64, 48)));

    let mut ipco = iso_box(b"ispe", &[&[0; 4][..], &512_u32.to_be_bytes(), &512_u32.to_be_bytes()].concat());
    ipco.extend(iso_box(b"ispe", &[&[0; 4][..], &4032_u32.to_be_bytes(), &3024_u32.to_be_bytes()].concat()));
    ipco.extend(iso_box(b"irot", &[1]));
    // Items 1 to 48 are the tiles, with the first property; item 49, the grid, has the
    // second and third, the first marked essential.
    let mut ipma = vec![0, 0, 0, 0];
    ipma.extend_from_slice(&49_u32.to_be_bytes());
    for tile in 1..=48_u16 {
        ipma.extend_from_slice(&tile.to_be_bytes());
        ipma.extend_from_slice(&[1, 0x81]);
    }
    ipma.extend_from_slice(&49_u16.to_be_bytes());
    ipma.extend_from_slice(&[2, 0x82, 0x03]);
    let mut iprp = iso_box(b"ipco", &ipco);
    iprp.extend(iso_box(b"ipma", &ipma));
    let mut meta = vec![0; 4];
    meta.extend(iso_box(b"hdlr", &[&[0; 8][..], b"pict", &[0; 13]].concat()));
    meta.extend(iso_box(b"pitm", &[0, 0, 0, 0, 0, 49]));
    meta.extend(iso_box(b"iprp", &iprp));
    let mut heic = iso_box(b"ftyp", b"heic\0\0\0\0mif1heic");
    heic.extend(iso_box(b"meta", &meta));
    heic.extend_from_slice(&[0, 0, 0, 0]);
    heic.extend_from_slice(b"mdat");
    heic.extend_from_slice(&[0x55; 64]);
    assert_eq!(sniff::kind(&heic, None), Kind::Heic);
    assert_eq!(image::dimensions(Kind::Heic, &heic), Some((3024, 4032)), "the grid's size, turned");
    // Not turned, the size as written; without `pitm`, or cut inside `meta`, no size.
    let at = heic.windows(4).position(|window| window == b"irot").expect("written") + 4;
    let mut upright = heic.clone();
    upright[at] = 0;
    assert_eq!(image::dimensions(Kind::Heic, &upright), Some((4032, 3024)));
    let mut no_primary = heic.clone();
    let at = heic.windows(4).position(|window| window == b"pitm").expect("written");
    no_primary[at..at + 4].copy_from_slice(b"free");
    assert_eq!(image::dimensions(Kind::Heic, &no_primary), None);
    assert_eq!(image::dimensions(Kind::Heic, &heic[..200]), None);
    // Sizes that say less than their header, or run past the bytes: no size, no panic.
    let mut small = heic.clone();
    small[24..28].copy_from_slice(&4_u32.to_be_bytes());
    assert_eq!(image::dimensions(Kind::Heic, &small), None);
    let mut large = heic.clone();
    large[24..28].copy_from_slice(&1_u32.to_be_bytes());
    assert_eq!(image::dimensions(Kind::Heic, &large), None);
}

/// A photo whose metadata fills more than the first bytes read (an editor's history, an
/// embedded preview): the walk stops where they end, and goes on in the bytes after.
#[test]
fn a_jpeg_frame_after_the_first_bytes_is_found_by_walking_on() {
    use crate::evidence::image::{jpeg_walk, Jpeg};
    let mut jpeg = b"\xff\xd8".to_vec();
    for _ in 0..5 {
        jpeg.extend_from_slice(b"\xff\xef");
        jpeg.extend_from_slice(&65_000_u16.to_be_bytes());
        jpeg.extend_from_slice(&[b'x'; 64_998]);
    }
    jpeg.extend_from_slice(b"\xff\xc0\x00\x11\x08\x04\xb0\x06\x40\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xda");
    let head = &jpeg[..usize::try_from(sniff::HEAD_BYTES).expect("fits")];
    assert_eq!(image::dimensions(Kind::Jpeg, head), None, "not in the first bytes");
    let Jpeg::From(at) = jpeg_walk(head, 2) else { panic!("the walk should stop where the bytes end") };
    assert!(at > 3 * 65_000 && at < jpeg.len(), "{at}: the segment that crosses the end is skipped whole");
    assert_eq!(jpeg_walk(&jpeg[at..], 0), Jpeg::Frame(1600, 1200));
    assert_eq!(image::dimensions(Kind::Jpeg, &jpeg), Some((1600, 1200)), "all of it at once");
    assert_eq!(jpeg_walk(b"\xff\xd8\xff\xd9\0\0\0\0\0\0\0", 2), Jpeg::Stop, "its end");
}

/// A PDF from object bodies (object 1 is the catalog), with a correct cross-reference.
pub(crate) fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// One page whose content is `content` (with `filter`), its resources `resources`,
/// and `more` objects from number 5 on.
pub(crate) fn one_page(content: &[u8], filter: &str, resources: &str, more: &[Vec<u8>]) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << {resources} >> >>").into_bytes(),
        stream(filter, content),
    ];
    objects.extend_from_slice(more);
    pdf(&objects)
}

pub(crate) fn text_pdf() -> Vec<u8> {
    one_page(b"BT /F1 12 Tf 72 712 Td (Invoice 2041 total 1234.50 USD) Tj ET", "", "/Font << /F1 5 0 R >>", &[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()])
}

pub(crate) fn scan_pdf() -> Vec<u8> {
    let image = stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", b"\x80");
    one_page(b"q 612 0 0 792 0 0 cm /Im0 Do Q", "", "/XObject << /Im0 5 0 R >>", &[image])
}

fn inspect_pdf(bytes: Vec<u8>) -> (PdfState, Option<u32>) {
    let facts = pdf::inspect(bytes);
    (facts.state, facts.pages)
}

#[test]
fn a_pdf_with_text_a_scan_and_a_form_are_told_apart() {
    assert_eq!(inspect_pdf(text_pdf()), (PdfState::Text, Some(1)));
    assert_eq!(inspect_pdf(scan_pdf()), (PdfState::NoText, Some(1)));
    let form = stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> >>", b"BT /F1 12 Tf (In a form) Tj ET");
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec();
    assert_eq!(inspect_pdf(one_page(b"/Fm0 Do", "", "/XObject << /Fm0 5 0 R >>", &[form, font])), (PdfState::Text, Some(1)), "text in a form the page draws");
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(b"BT /F1 12 Tf (Deflated) Tj ET", 6);
    assert_eq!(inspect_pdf(one_page(&deflated, "/Filter /FlateDecode", "", &[])), (PdfState::Text, Some(1)));
    // An empty string shown is still a text operator; a page with no content is no text.
    assert_eq!(inspect_pdf(one_page(b"", "", "", &[])), (PdfState::NoText, Some(1)));
}

#[test]
fn a_damaged_pdf_says_why() {
    let good = text_pdf();
    assert_eq!(inspect_pdf(good[9..].to_vec()).0, PdfState::NoHeader, "header gone");
    assert_eq!(inspect_pdf(good[..good.len() / 2].to_vec()).0, PdfState::NoEnd, "cut in the middle");
    assert_eq!(inspect_pdf(b"%PDF-1.4\nnothing else at all\n%%EOF\n".to_vec()).0, PdfState::BrokenXref, "no objects, no cross-reference");
    // A wrong cross-reference is rebuilt from the objects: the PDF still reads.
    let shifted = String::from_utf8_lossy(&good).replace("startxref\n", "startxref\n9").into_bytes();
    assert_eq!(inspect_pdf(shifted), (PdfState::Text, Some(1)));
    // The facts of a whole file, through `inspect`.
    let inspection = inspect("abc", &good, good.len() as u64, None, Some(good.clone()), &[]);
    assert_eq!((inspection.kind, inspection.pdf, inspection.pages, inspection.sha256.as_str()), (Kind::Pdf, Some(PdfState::Text), Some(1), "abc"));
    let big = inspect("abc", &good, pdf::MAX_PDF_BYTES + 1, None, None, &[]);
    assert_eq!((big.pdf, big.pages), (Some(PdfState::NotRead), None));
    assert_eq!(needs(&good, good.len() as u64), Needs::Whole);
    assert_eq!(needs(&good, pdf::MAX_PDF_BYTES + 1), Needs::Nothing);
    assert_eq!(needs(b"PK\x03\x04", 100), Needs::ZipNames);
}

/// Bytes after its end (padding, a web page a download appended) are not the PDF's, and
/// not a cut; a page whose compressed content does not decode is damaged, not a scan.
#[test]
fn what_follows_a_pdf_s_end_is_left_out_and_a_page_that_does_not_decode_is_damaged() {
    let good = text_pdf();
    // A web page that speaks of a film's trailer, or links crossref.org, holds no PDF's
    // trailer or cross-reference.
    for trailing in [vec![0_u8; 2048], b"<html><body>".repeat(200), b"<html><body><p>Watch the trailer</p><a href=\"https://www.crossref.org/\">xref</a></body></html>\n".repeat(40)] {
        let mut padded = good.clone();
        padded.extend_from_slice(&trailing);
        assert_eq!(inspect_pdf(padded), (PdfState::Text, Some(1)), "{} bytes after %%EOF", trailing.len());
    }
    let content = b"BT /F1 12 Tf 72 712 Td (Invoice 2041 total 1234.50 USD) Tj ET ".repeat(20);
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec();
    let deflated = miniz_oxide::deflate::compress_to_vec_zlib(&content, 6);
    let page = |data: &[u8]| one_page(data, "/Filter /FlateDecode", "/Font << /F1 5 0 R >>", std::slice::from_ref(&font));
    assert_eq!(inspect_pdf(page(&deflated)), (PdfState::Text, Some(1)));
    // Bytes of its compressed data changed, as a damaged copy leaves them.
    let mut flipped = deflated.clone();
    for at in (4..flipped.len() - 8).step_by(7) {
        flipped[at] ^= 0x5A;
    }
    assert_eq!(inspect_pdf(page(&flipped)), (PdfState::BadContent, Some(1)));
    // Every line feed made CR LF, as a transfer in text mode does (the structure's offsets
    // rebuilt, the streams' binary data damaged).
    let mut crlf = Vec::new();
    for &byte in &page(&deflated) {
        if byte == b'\n' {
            crlf.push(b'\r');
        }
        crlf.push(byte);
    }
    assert!(deflated.contains(&b'\n'), "the compressed content holds a line feed to damage");
    assert_eq!(inspect_pdf(crlf).0, PdfState::BadContent);
    // A wrong checksum after whole data: viewers show it, so is it read.
    let mut checksum = deflated.clone();
    let last = checksum.len() - 1;
    checksum[last] ^= 0xFF;
    assert_eq!(inspect_pdf(page(&checksum)), (PdfState::Text, Some(1)));
    // A stream that inflates far when read without a zlib header and fails, then reads as
    // an empty page from its third byte: both readings are charged, or a thousand pages of
    // it would cost nothing.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0_u8; 7_900_000], 9);
    let mut two_ways = vec![0x00, 0x03, 0x03, 0xFC, 0xFC];
    two_ways.extend_from_slice(&[b'A'; 771]);
    two_ways.extend_from_slice(&bomb[..bomb.len() - 8]);
    let pdf = hayro_syntax::Pdf::new(one_page(&two_ways, "/Filter /FlateDecode", "", &[])).expect("a PDF");
    let mut budget = pdf::MAX_CONTENT_TOTAL;
    super::text::text(&pdf, &mut budget);
    assert!(pdf::MAX_CONTENT_TOTAL - budget >= 7_000_000, "charged {}", pdf::MAX_CONTENT_TOTAL - budget);
    // Deflated with no zlib header, or with its checksum left out, or empty: read, as
    // viewers read them.
    let raw = miniz_oxide::deflate::compress_to_vec(&content, 6);
    assert_eq!(inspect_pdf(page(&raw)), (PdfState::Text, Some(1)));
    assert_eq!(inspect_pdf(page(&deflated[..deflated.len() - 4])), (PdfState::Text, Some(1)));
    assert_eq!(inspect_pdf(page(b"")), (PdfState::NoText, Some(1)));
    // Cut short inside an update appended to it (a signature, a form filled in): the
    // first version's %%EOF is not the file's end.
    let mut updated = good.clone();
    updated.extend_from_slice(b"5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev 100 >>\nstartxref\n");
    updated.extend_from_slice(&vec![b' '; 2048]);
    assert_eq!(inspect_pdf(updated).0, PdfState::NoEnd);
    // Cut inside the update's first object (a signature's hex data), far or near the end.
    for digits in [5000, 100] {
        let mut signed = good.clone();
        signed.extend_from_slice(b"\n12 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/Contents<3082");
        signed.extend_from_slice(&b"0f".repeat(digits));
        assert_eq!(inspect_pdf(signed).0, PdfState::NoEnd, "{digits} hex digits");
    }
    assert_eq!(PdfState::BadContent.damage(), Some("bad-content"));
}

#[test]
fn loops_in_a_pdf_end_in_a_state() {
    // A cross-reference whose previous section is itself.
    let good = text_pdf();
    let text = String::from_utf8_lossy(&good).into_owned();
    let xref_at = text.rfind("startxref\n").map(|at| text[at + 10..].lines().next().unwrap_or("0").to_string()).unwrap_or_default();
    let looping = text.replace("/Root 1 0 R >>", &format!("/Root 1 0 R /Prev {xref_at} >>")).into_bytes();
    assert_eq!(inspect_pdf(looping), (PdfState::Text, Some(1)));
    // A page tree whose node lists itself among its kids, and a page that is its own parent.
    let cycle = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>".to_vec(),
    ]);
    let (state, _) = inspect_pdf(cycle);
    assert!(matches!(state, PdfState::NoText | PdfState::BrokenXref), "{state:?}");
    // A form that draws itself.
    let selfish = stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /Fm0 5 0 R >> >>", b"/Fm0 Do");
    assert_eq!(inspect_pdf(one_page(b"/Fm0 Do", "", "/XObject << /Fm0 5 0 R >>", &[selfish])), (PdfState::NoText, Some(1)));
}

#[test]
fn font_numbers_at_their_limits_are_read_without_overflow() {
    // A simple font whose first code is the largest there is, with widths after it and a
    // difference from a code past every table; a composite font whose widths start there.
    let simple = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 4294967295.0 /Widths [500 600 700] /Encoding << /Differences [1000000000000000000000000000000.0 /a /b 4294967295.0 /c /d] >> >>".to_vec();
    assert_eq!(inspect_pdf(one_page(b"BT /F1 12 Tf (Invoice 2041) Tj ET", "", "/Font << /F1 5 0 R >>", &[simple])), (PdfState::Text, Some(1)));
    let composite = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /W [4294967295.0 [500 600 700] 1000000000000000000000000000000.0 [1 2]] >>] >>".to_vec();
    assert_eq!(inspect_pdf(one_page(b"BT /F1 12 Tf <00410042> Tj ET", "", "/Font << /F1 5 0 R >>", &[composite])).1, Some(1));
}

#[test]
fn a_flate_bomb_in_a_page_costs_its_limit_not_its_size() {
    // 256 MiB of spaces, deflated to a few hundred KB: never inflated whole.
    let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; 256 * 1024 * 1024], 1);
    assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
    let started = std::time::Instant::now();
    assert_eq!(inspect_pdf(one_page(&bomb, "/Filter /FlateDecode", "", &[])), (PdfState::NoText, Some(1)));
    assert!(started.elapsed().as_secs() < 20);
}

/// Runs `read` on another thread; fails if it has not ended within a minute (a reader
/// that loops for hours would otherwise hang the test run rather than fail it). The
/// inputs below are read in milliseconds: the minute is no budget, only the hang's end.
fn ends<T: Send + 'static>(read: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(read());
    });
    match receiver.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(value) => value,
        Err(_) => panic!("the reader did not end within a minute"),
    }
}

/// A font's map made of 200,000 ranges, each of every two-byte code, was read code by
/// code: 13 billion codes for one font of a PDF of a few KB, and the worker busy for
/// hours at every visit. Its codes are counted for the whole PDF ([`text::MAX_CODE_WORK`]).
#[test]
fn a_font_map_of_every_code_many_times_over_costs_its_limit() {
    let mut cmap = b"begincmap\n1 begincodespacerange <00> <FF> endcodespacerange\n200000 beginbfrange\n".to_vec();
    for _ in 0..200_000 {
        cmap.extend_from_slice(b"<0><FFFF><0041>\n");
    }
    cmap.extend_from_slice(b"endbfrange\nendcmap\n");
    let map = stream("/Filter /FlateDecode", &miniz_oxide::deflate::compress_to_vec_zlib(&cmap, 6));
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>".to_vec();
    let bytes = one_page(b"BT /F1 12 Tf (A) Tj ET", "", "/Font << /F1 5 0 R >>", &[font, map]);
    assert_eq!(ends(move || inspect_pdf(bytes)), (PdfState::Text, Some(1)));
}

/// A composite font whose widths are 21,845 ranges of 65,536 codes, under fifty names on
/// each of ten pages: a decoder each, 700 billion codes. Counted like the maps' codes.
#[test]
fn a_font_of_every_width_many_times_over_under_many_names_costs_its_limit() {
    let widths = format!("[{}]", "0 65535 500 ".repeat(21_845));
    let names: String = (1..=50).map(|n| format!("/F{n} 4 0 R ")).collect();
    let shows: String = (1..=50).map(|n| format!("/F{n} 12 Tf <0041> Tj ")).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count 10 >>", (7..17).map(|n| format!("{n} 0 R")).collect::<Vec<_>>().join(" ")).into_bytes(),
        stream("", format!("BT {shows}ET").as_bytes()),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [5 0 R] >>".to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /W 6 0 R >>".to_vec(),
        widths.into_bytes(),
    ];
    for _ in 0..10 {
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << {names}>> >> >>").into_bytes());
    }
    let bytes = pdf(&objects);
    assert_eq!(ends(move || inspect_pdf(bytes)).1, Some(10));
}

/// A CJK font maps tens of thousands of codes: two such fonts on each of ten pages are
/// read once each (by their object), not once a page, so the last pages' text is not
/// lost to the PDF's count of codes read.
#[test]
fn fonts_drawn_on_every_page_are_read_once_and_every_page_s_text_is_kept() {
    let map = stream("", b"begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange\n<0000> <EA5F> <4E00>\nendbfrange\nendcmap\n");
    let font = |map: usize| format!("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 >>] /ToUnicode {map} 0 R >>").into_bytes();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count 10 >>", (8..18).map(|n| format!("{n} 0 R")).collect::<Vec<_>>().join(" ")).into_bytes(),
        stream("", b"BT /F1 12 Tf 72 712 Td <0001> Tj /F2 12 Tf <0002> Tj ET"),
        font(6),
        font(7),
        map.clone(),
        map,
    ];
    for _ in 0..10 {
        objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> >>".to_vec());
    }
    let facts = pdf::inspect(pdf(&objects));
    assert_eq!(facts.pages, Some(10));
    assert_eq!((facts.text.matches('丁').count(), facts.text.matches('丂').count()), (10, 10), "{}", facts.text);
}

/// A content stream behind Flate twice: a few hundred bytes that the PDF library would
/// inflate to 96 MiB with no limit, once for each of 2,000 pages drawing it. Only Flate
/// once (within its limit) and the ASCII encodings are decoded, and each stream once.
#[test]
fn a_stream_deflated_twice_over_and_drawn_by_every_page_is_not_inflated() {
    let once = miniz_oxide::deflate::compress_to_vec_zlib(&vec![0_u8; 96 * 1024 * 1024], 6);
    let twice = miniz_oxide::deflate::compress_to_vec_zlib(&once, 6);
    assert!(twice.len() < 4 * 1024, "{}", twice.len());
    let pages = 2_000;
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", (4..4 + pages).map(|n| format!("{n} 0 R")).collect::<Vec<_>>().join(" ")).into_bytes(),
        stream("/Filter [/FlateDecode /FlateDecode]", &twice),
    ];
    for _ in 0..pages {
        objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>".to_vec());
    }
    let bytes = pdf(&objects);
    assert_eq!(ends(move || inspect_pdf(bytes)), (PdfState::NoText, Some(pages as u32)));
    // The ASCII encodings are still read.
    let hex: String = b"BT /F1 12 Tf 72 712 Td (Invoice 2041) Tj ET".iter().map(|byte| format!("{byte:02X}")).collect();
    let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec();
    let facts = pdf::inspect(one_page(format!("{hex}>").as_bytes(), "/Filter /ASCIIHexDecode", "/Font << /F1 5 0 R >>", &[font]));
    assert_eq!((facts.state, facts.text.trim()), (PdfState::Text, "Invoice 2041"));
}

/// ASCII85 as PDF writers encode it (`z` for four zeros, `~>` at the end).
fn ascii85_encode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in bytes.chunks(4) {
        let mut word = [0_u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut value = u32::from_be_bytes(word);
        if value == 0 && chunk.len() == 4 {
            out.push(b'z');
            continue;
        }
        let mut digits = [0_u8; 5];
        for digit in digits.iter_mut().rev() {
            *digit = (value % 85) as u8 + b'!';
            value /= 85;
        }
        out.extend_from_slice(&digits[..chunk.len() + 1]);
    }
    out.extend_from_slice(b"~>");
    out
}

/// A page whose resources are its page tree's (a print driver's page drawing a form it
/// inherits): the form's text is seen, so the page has a text layer, not a scan's.
#[test]
fn a_form_a_page_inherits_from_its_page_tree_is_seen_to_show_text() {
    let form = stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >>", b"BT /F1 12 Tf (In a form) Tj ET");
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /XObject << /Fm0 6 0 R >> >> >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
        stream("", b"/Fm0 Do"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        form,
    ]);
    assert_eq!(inspect_pdf(bytes), (PdfState::Text, Some(1)));
}

/// A page imported or stamped as a form (FPDI, iText, pdf-lib's `embedPage`, print
/// drivers): its text is read, with the form's own fonts; a form in a form too; each form
/// once (drawn on every page, or by itself), and no deeper than a few forms down.
#[test]
fn the_text_of_forms_a_page_draws_is_read() {
    let form = stream(
        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /Fm1 7 0 R >> >>",
        b"BT /F1 12 Tf 72 700 Td (Invoice No.: INV-77) Tj 0 -20 Td (Total: USD 1,200.00) Tj ET /Fm1 Do /Fm0 Do",
    );
    let inner = stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /Fm2 7 0 R >> >>", b"BT /F1 12 Tf (Stamped: paid) Tj ET /Fm2 Do");
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Fm0 6 0 R >> >> >>".to_vec(),
        stream("", b"q /Fm0 Do Q q /Fm0 Do Q"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        form,
        inner,
    ]);
    let facts = pdf::inspect(bytes);
    assert_eq!(facts.text, "Invoice No.: INV-77\nTotal: USD 1,200.00\nStamped: paid\n");
    let read = crate::evidence::invoice::read(&facts.text);
    assert_eq!((read.number.as_deref(), read.total.as_deref()), (Some("INV-77"), Some("1200.00")));
}

/// A simple font in MacRomanEncoding (named, or as the base of its `Differences`) is read
/// as such: `é` is 0x8E there, `€` 0xDB (as WinAnsi, `Ž` and `Û`).
#[test]
fn a_font_in_mac_roman_reads_its_accents_and_euro() {
    for encoding in ["/MacRomanEncoding", "<< /Type /Encoding /BaseEncoding /MacRomanEncoding /Differences [65 /B] >>"] {
        let resources = format!("/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding {encoding} >> >>");
        let facts = pdf::inspect(one_page(b"BT /F1 12 Tf 72 700 Td (Num\x8Ero de facture : 42) Tj 0 -20 Td (Total TTC : 1 200,00 \xDB) Tj ET", "", &resources, &[]));
        assert!(facts.text.starts_with("Numéro de facture : 42\nTotal TTC : 1 200,00 €"), "{encoding}: {}", facts.text);
    }
    // WinAnsi stays WinAnsi.
    let facts = pdf::inspect(one_page(b"BT /F1 12 Tf (\x80 \xE9) Tj ET", "", "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >>", &[]));
    assert_eq!(facts.text, "€ é\n");
}

/// Pages written out in their page tree's node (not objects of their own), each with its
/// own forms and fonts: the second page's were taken for the first's, known by the id of
/// the node around both, so its form was never looked in and its font read with the
/// first's decoder.
#[test]
fn pages_written_out_in_their_node_each_have_their_own_forms_and_fonts() {
    let image = stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", b"\0");
    let form = stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 8 0 R >> >>", b"BT /F1 12 Tf (In a form) Tj ET");
    let page = |content: u32, object: u32| format!("<< /Type /Page /MediaBox [0 0 612 792] /Contents {content} 0 R /Resources << /XObject << /Fm0 {object} 0 R >> >> >>");
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{} {}] /Count 2 >>", page(3, 5), page(4, 6)).into_bytes(),
        stream("", b"/Fm0 Do"),
        stream("", b"/Fm0 Do"),
        image,
        form,
        b"<< >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]);
    assert_eq!(inspect_pdf(bytes), (PdfState::Text, Some(2)));
    // Two pages, each with a font /F1 written out: a plain one, then one whose codes
    // are two bytes, mapped.
    let map = stream("", b"begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfchar\n<0001> <0049>\nendbfchar\nendcmap\n");
    let plain = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";
    let mapped = "/Font << /F1 << /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 >>] /ToUnicode 5 0 R >> >>";
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [<< /Type /Page /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << {plain} >> >> << /Type /Page /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << {mapped} >> >>] /Count 2 >>").into_bytes(),
        stream("", b"BT /F1 12 Tf 72 712 Td (Total) Tj ET"),
        stream("", b"BT /F1 12 Tf 72 712 Td <0001> Tj ET"),
        map,
    ]);
    let facts = pdf::inspect(bytes);
    assert!(facts.text.contains("Total") && facts.text.contains('I'), "{:?}", facts.text);
}

/// Fonts written out in the page's font dictionary, not as objects of their own, each
/// with its own decoder: the cache named them by the object around them alone, so the
/// second read its codes with the first's.
#[test]
fn fonts_written_out_in_a_page_s_resources_each_read_with_their_own_decoder() {
    let map = stream("", b"begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfchar\n<0001> <0049>\nendbfchar\nendcmap\n");
    let resources = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> /F2 << /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 >>] /ToUnicode 5 0 R >> >>";
    let facts = pdf::inspect(one_page(b"BT /F1 12 Tf 72 712 Td (Total) Tj /F2 12 Tf 0 -20 Td <0001> Tj ET", "", resources, &[map]));
    assert!(facts.text.contains("Total") && facts.text.contains('I'), "{:?}", facts.text);
}

/// A simple font (TrueType, WinAnsi) whose ToUnicode map says its codes are two bytes
/// (`<0000> <FFFF>`, as several producers write for every font): its codes are one byte
/// each, and its text is read (read in pairs, it was none).
#[test]
fn a_simple_font_whose_map_says_two_byte_codes_reads_its_one_byte_codes() {
    let map = stream("", b"begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n2 beginbfchar\n<0054> <0054>\n<006F> <006F>\nendbfchar\nendcmap\n");
    let resources = "/Font << /F1 << /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding /ToUnicode 5 0 R >> >>";
    let facts = pdf::inspect(one_page(b"BT /F1 12 Tf 72 712 Td (Total 1,200.00) Tj ET", "", resources, &[map]));
    assert_eq!((facts.state, facts.text.trim()), (PdfState::Text, "Total 1,200.00"));
}

/// ReportLab, a common PDF library of invoicing tools, writes every stream as ASCII85
/// over Flate: its pages' text and its fonts' maps are read (they were dropped when only
/// Flate alone and the ASCII encodings alone were decoded, and its invoices read as scans).
#[test]
fn streams_encoded_as_ascii85_over_flate_are_read_as_reportlab_writes_them() {
    let wrapped = |bytes: &[u8]| ascii85_encode(&miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6));
    let content = wrapped(b"BT /F1 12 Tf 72 712 Td <0001000200030004> Tj ET");
    let map = wrapped(b"begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange\n<0001> <0004> <0049>\nendbfrange\nendcmap\n");
    let font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 >>] /ToUnicode 6 0 R >>".to_vec();
    let bytes = one_page(&content, "/Filter [/ASCII85Decode /FlateDecode]", "/Font << /F1 5 0 R >>", &[font, stream("/Filter [/ASCII85Decode /FlateDecode]", &map)]);
    let facts = pdf::inspect(bytes);
    assert_eq!((facts.state, facts.text.trim()), (PdfState::Text, "IJKL"));
    // ASCII85 alone, as some writers leave a page.
    let one = one_page(&ascii85_encode(b"BT /F1 12 Tf (Invoice 7) Tj ET"), "/Filter /ASCII85Decode", "/Font << /F1 5 0 R >>", &[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()]);
    assert_eq!(pdf::inspect(one).text.trim(), "Invoice 7");
    // The encodings' own cases: Adobe's example, a last group of two and of four, `z`,
    // white space, a byte outside the alphabet; hex with white space and an odd last digit.
    assert_eq!(pdf::ascii85(b"9jqo^~>").as_deref(), Some(&b"Man "[..]));
    assert_eq!(pdf::ascii85(b"9jqo^ BlbD-\nBleB1DJ+*+F(f,q~>").as_deref(), Some(&b"Man is distinguished"[..]));
    assert_eq!(pdf::ascii85(b"z9`~>").as_deref(), Some(&b"\0\0\0\0M"[..]));
    assert_eq!(pdf::ascii85(b"9jqo~>").as_deref(), Some(&b"Man"[..]));
    assert_eq!(pdf::ascii85(b"9jq{o~>"), None);
    assert_eq!(pdf::ascii_hex(b"48 65\n6C6C 6F7>").as_deref(), Some(&b"Hellop"[..]));
    assert_eq!(pdf::ascii_hex(b"4G>"), None);
    for bytes in [&b""[..], b"a", b"ab", b"abc", b"abcd", b"\0\0\0\0\0", b"\xff\xff\xff\xff\xff"] {
        assert_eq!(pdf::ascii85(&ascii85_encode(bytes)).as_deref(), Some(bytes), "{bytes:?}");
    }
}

/// Runs qpdf (Debian's) on a PDF; the output PDF's bytes.
fn qpdf(input: &[u8], args: &[&str]) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("preflight-evidence-{}-{}", std::process::id(), args.len()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let (source, target) = (dir.join("in.pdf"), dir.join("out.pdf"));
    std::fs::write(&source, input).expect("write");
    let status = Command::new("qpdf").args(args).arg(&source).arg(&target).status().expect("qpdf runs (scripts/setup.sh installs it)");
    assert!(status.success(), "qpdf {args:?}");
    let bytes = std::fs::read(&target).expect("read");
    let _ = std::fs::remove_dir_all(&dir);
    bytes
}

#[test]
fn a_pdf_that_needs_a_password_is_encrypted_and_one_that_opens_without_is_not() {
    let locked = qpdf(&text_pdf(), &["--encrypt", "user-secret", "owner-secret", "256", "--"]);
    assert_eq!(inspect_pdf(locked).0, PdfState::Encrypted);
    // Restrictions with no password to open: a reviewer reads it; so does the reader.
    let restricted = qpdf(&text_pdf(), &["--encrypt", "", "owner-secret", "256", "--print=none", "--"]);
    assert_eq!(inspect_pdf(restricted), (PdfState::Text, Some(1)));
    // Object streams and a cross-reference stream (PDF 1.5) read the same.
    let compressed = qpdf(&text_pdf(), &["--object-streams=generate"]);
    assert_eq!(inspect_pdf(compressed), (PdfState::Text, Some(1)));
}

#[test]
fn the_example_documents_are_what_the_page_says_they_are() {
    let profile = crate::profile::Profile::default_profile();
    let today = crate::dates::parse_iso("2026-11-25").unwrap_or_default();
    for (lang, currency) in [("en", "USD"), ("fr", "EUR")] {
        let claim = crate::example::example_claim(today, &profile, lang, currency);
        for document in &claim.documents {
            let bytes = crate::example::example_document(&document.file_name, &claim, lang);
            let sha256 = crate::hashing::sha256_hex(&bytes);
            let mut read = inspect(&sha256, &bytes, bytes.len() as u64, None, Some(bytes.clone()), &profile.branding_terms);
            // An invoice says the facts its claim holds (typed there, so they are not
            // taken from the reader): the same number, date, total and currency.
            let facts = read.invoice.take();
            if document.doc_type == Some(crate::claim::DocType::Invoice) {
                let facts = facts.unwrap_or_else(|| panic!("{}: an invoice's facts are read", document.file_name));
                let typed = &document.invoice;
                let total = crate::rules::read_money(typed.total.as_deref().unwrap_or_default(), currency, &profile).valid().map(|minor| format!("{}.{:02}", minor / 100, minor % 100));
                assert_eq!((facts.number.as_ref(), facts.date.as_ref(), facts.total, facts.currency.as_ref()), (typed.number.as_ref(), typed.date.as_ref(), total, typed.currency.as_ref()), "{}", document.file_name);
            }
            // The example's reading is written as before readings said their reader's
            // version: the example an earlier page saved is still the example loaded now.
            assert_eq!(read.reader, READER);
            assert_eq!(Inspection { reader: 0, ..read }, crate::example::example_inspection(&bytes), "{}", document.file_name);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic_and_always_get_a_kind(bytes in proptest::collection::vec(any::<u8>(), 0..2048), prefix in 0_usize..4) {
        let mut head = [&b"%PDF-1.4\n"[..], b"PK\x03\x04", b"\xff\xd8\xff", b""][prefix].to_vec();
        head.extend_from_slice(&bytes);
        let inspection = inspect("x", &head, head.len() as u64, Some(&[]), Some(head.clone()), &[]);
        if inspection.kind == Kind::Pdf {
            prop_assert!(inspection.pdf.is_some());
        }
    }

    #[test]
    fn a_damaged_pdf_never_panics_and_always_ends_in_a_state(cut in 0_usize..4096, flips in proptest::collection::vec((0_usize..4096, any::<u8>()), 0..8), which in 0_usize..2) {
        let mut bytes = [text_pdf(), scan_pdf()][which].clone();
        for (at, value) in flips {
            let at = at % bytes.len();
            bytes[at] = value;
        }
        bytes.truncate(cut.max(1).min(bytes.len()));
        let facts = pdf::inspect(bytes);
        prop_assert!(facts.pages.is_none() || facts.state == PdfState::Text || facts.state == PdfState::NoText);
    }
}

#[test]
fn a_text_names_a_brand_as_whole_words_and_keeps_its_words_when_it_names_none() {
    let terms: Vec<String> = ["Microsoft", "Microsoft 365", "Power BI"].iter().map(|t| t.to_string()).collect();
    let text_of = |text: &str| {
        let pdf = one_page(format!("BT /F1 12 Tf 72 712 Td ({text}) Tj ET").as_bytes(), "", "/Font << /F1 5 0 R >>", &[b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()]);
        inspect("s", &pdf, pdf.len() as u64, None, Some(pdf.clone()), &terms)
    };
    assert_eq!(text_of("Webinar with MICROSOFT presenters").brands, Some(true));
    assert_eq!(text_of("Dashboards in Power  BI").brands, Some(true), "words, whatever the spaces");
    let none = text_of("Microsoftware and PowerBIG booth by Contoso");
    assert_eq!(none.brands, Some(false), "not as whole words");
    assert!(none.words.contains(&"contoso".to_string()) && none.words.contains(&"booth".to_string()));
    assert_eq!(inspect("s", &scan_pdf(), 1, None, Some(scan_pdf()), &terms).brands, None, "a scan says nothing");
}

/// A Word document cut short (its directory, at the end, lost): the names of its first
/// entries say it is one; one cut inside its first entry says nothing more than a ZIP.
#[test]
fn a_zip_cut_short_is_known_by_its_first_entries() {
    use std::io::Write;
    let mut writer = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Stored);
    for (name, size) in [("[Content_Types].xml", 300), ("_rels/.rels", 200), ("word/", 0), ("word/document.xml", 5_000), ("word/media/image1.png", 20_000)] {
        if name.ends_with('/') {
            writer.add_directory(name, stored).expect("folder");
            continue;
        }
        writer.start_file(name, stored).expect("entry");
        writer.write_all(&vec![b'x'; size]).expect("written");
    }
    let whole = writer.finish().expect("zip").into_inner();
    assert!(sniff::has_end_record(&whole[whole.len() - 100..]));
    let cut = &whole[..whole.len() * 2 / 3];
    assert!(!sniff::has_end_record(&cut[cut.len() - 100..]), "cut short: no end record");
    let names = sniff::local_names(cut, cut.len() as u64);
    assert_eq!(names, ["[Content_Types].xml", "_rels/.rels", "word/document.xml"], "the entries whole before the cut, a folder stepped over");
    assert_eq!(sniff::kind(cut, Some(&names)), Kind::Docx);
    // Cut inside its first entry: a ZIP, no more.
    let early = &whole[..200];
    assert_eq!(sniff::local_names(early, early.len() as u64), Vec::<String>::new());
    assert_eq!(sniff::kind(early, Some(&[])), Kind::Zip);
    // Whole, every entry is found from the start too, and nothing past the last.
    assert_eq!(sniff::local_names(&whole, whole.len() as u64).len(), 4);
    // Bytes that only look like a start: nothing, and no endless loop.
    let mut looping = b"PK\x03\x04".to_vec();
    looping.extend_from_slice(&[0; 26]);
    assert_eq!(sniff::local_names(&looping, 30), Vec::<String>::new());
}
