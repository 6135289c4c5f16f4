//! The text a PDF shows, line by line, for reading facts from it (an invoice's number,
//! date and total). Strings are decoded through each font's `ToUnicode` map when it has
//! one (Chromium's and most producers' fonts), else through its simple encoding
//! (WinAnsi, or MacRoman where the font names it, with `Differences`; a font naming
//! Standard or none is read as WinAnsi, whose letters and digits are the same); a font with neither (glyph ids
//! without a map) gives nothing rather than garbage. Lines break where the text moves
//! down; a gap of a fifth of the font size becomes a space, and one of a whole font size
//! a tab: table cells are kept apart (`3` and `400.00` in a totals row are two cells, not
//! 3 400.00), where a typed space is about a quarter of the size.

use std::collections::HashMap;

use hayro_syntax::content::UntypedIter;
use hayro_syntax::object::{Array, Dict, Name, Object, Stream};

/// Text kept of one PDF, at most (the first pages of a long document say what an
/// invoice is; a 100-page report is not read whole).
pub const MAX_TEXT: usize = 64 * 1024;
/// A gap between two strings of a line, in font sizes, from which they are two cells (a
/// tab), not two words (a space, from a fifth).
const COLUMN_GAP: f32 = 1.0;
/// Pages read for text, at most.
pub const MAX_PAGES: usize = 10;
/// Codes one font maps to text, and codes it gives a width, at most (a CJK font maps
/// tens of thousands).
pub const MAX_CODES: usize = 65_536;
/// Codes read from the maps and width arrays of all fonts of one PDF together, at most:
/// a map of a million ranges, each of every code, or fifty names for one font on every
/// page, costs no more than this.
pub const MAX_CODE_WORK: usize = 1 << 20;
/// UTF-16 units of one code's text, at most (real maps give 1 to 4; ligatures up to 8).
const MAX_UNITS: usize = 16;

/// How one font's string bytes become text.
struct Decoder {
    /// Codes are two bytes (a CID font), else one.
    two_bytes: bool,
    /// Code → text, from the font's `ToUnicode` map.
    map: HashMap<u32, String>,
    /// One-byte codes → characters, for a simple font without a map.
    simple: Option<Box<[char; 256]>>,
    /// Glyph widths by code, in thousandths of the font size, and the default.
    widths: HashMap<u32, f32>,
    default_width: f32,
}

impl Decoder {
    /// How far a string moves the text, in thousandths of the font size.
    fn advance(&self, bytes: &[u8]) -> f32 {
        let step = if self.two_bytes { 2 } else { 1 };
        bytes.chunks(step).map(|code| self.widths.get(&code.iter().fold(0_u32, |code, b| code << 8 | u32::from(*b))).copied().unwrap_or(self.default_width)).sum()
    }

    /// Writes the text of `bytes` to `out`, until it holds [`MAX_TEXT`].
    fn decode(&self, bytes: &[u8], out: &mut String) {
        if self.two_bytes {
            for pair in bytes.chunks(2) {
                if out.len() >= MAX_TEXT {
                    return;
                }
                let code = pair.iter().fold(0_u32, |code, b| code << 8 | u32::from(*b));
                if let Some(text) = self.map.get(&code) {
                    out.push_str(text);
                }
            }
            return;
        }
        for byte in bytes {
            if out.len() >= MAX_TEXT {
                return;
            }
            if let Some(text) = self.map.get(&u32::from(*byte)) {
                out.push_str(text);
            } else if let Some(table) = &self.simple {
                let c = table[usize::from(*byte)];
                if c != '\0' {
                    out.push(c);
                }
            }
        }
    }
}

/// Windows-1252, the encoding of most simple fonts (and the default here): Latin-1 with
/// typographic signs in 0x80–0x9F.
fn win_ansi() -> [char; 256] {
    const HIGH: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let mut table = ['\0'; 256];
    for (code, slot) in table.iter_mut().enumerate() {
        *slot = match code {
            0x20..=0x7e | 0xa0..=0xff => char::from(code as u8),
            0x80..=0x9f => HIGH[code - 0x80],
            _ => '\0',
        };
    }
    table
}

/// MacRomanEncoding (older Mac producers): ASCII, and its own high half, where 0xDB is
/// the euro (as Mac OS has it since 8.5; the PDF reference's older table says ¤).
fn mac_roman() -> [char; 256] {
    const HIGH: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{a0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{f8ff}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";
    let mut table = ['\0'; 256];
    for (code, slot) in table.iter_mut().enumerate().take(0x7f).skip(0x20) {
        *slot = char::from(code as u8);
    }
    for (slot, c) in table[0x80..].iter_mut().zip(HIGH.chars()) {
        *slot = c;
    }
    table
}

/// A glyph name's character: single letters and digits' names, common punctuation and
/// accented letters, `uniXXXX`. Unknown names give nothing.
fn glyph(name: &[u8]) -> Option<char> {
    let name = std::str::from_utf8(name).ok()?;
    if name.len() == 1 {
        return name.chars().next();
    }
    if let Some(hex) = name.strip_prefix("uni").filter(|hex| hex.len() == 4) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    // The standard names of ASCII and Latin-1 (Adobe's glyph list), the euro and the
    // typographic signs: what simple fonts of Western documents use.
    const NAMES: &[(&str, char)] = &[
        ("space", ' '), ("exclam", '!'), ("quotedbl", '"'), ("numbersign", '#'), ("dollar", '$'), ("percent", '%'), ("ampersand", '&'), ("quotesingle", '\''),
        ("parenleft", '('), ("parenright", ')'), ("asterisk", '*'), ("plus", '+'), ("comma", ','), ("hyphen", '-'), ("minus", '-'), ("period", '.'), ("slash", '/'),
        ("zero", '0'), ("one", '1'), ("two", '2'), ("three", '3'), ("four", '4'), ("five", '5'), ("six", '6'), ("seven", '7'), ("eight", '8'), ("nine", '9'),
        ("colon", ':'), ("semicolon", ';'), ("less", '<'), ("equal", '='), ("greater", '>'), ("question", '?'), ("at", '@'), ("bracketleft", '['), ("backslash", '\\'),
        ("bracketright", ']'), ("asciicircum", '^'), ("underscore", '_'), ("grave", '`'), ("quoteleft", '‘'), ("quoteright", '’'), ("braceleft", '{'), ("bar", '|'),
        ("braceright", '}'), ("asciitilde", '~'), ("exclamdown", '¡'), ("cent", '¢'), ("sterling", '£'), ("currency", '¤'), ("yen", '¥'), ("brokenbar", '¦'),
        ("section", '§'), ("dieresis", '¨'), ("copyright", '©'), ("ordfeminine", 'ª'), ("guillemotleft", '«'), ("logicalnot", '¬'), ("registered", '®'), ("macron", '¯'),
        ("degree", '°'), ("plusminus", '±'), ("twosuperior", '²'), ("threesuperior", '³'), ("acute", '´'), ("mu", 'µ'), ("paragraph", '¶'), ("periodcentered", '·'),
        ("cedilla", '¸'), ("onesuperior", '¹'), ("ordmasculine", 'º'), ("guillemotright", '»'), ("onequarter", '¼'), ("onehalf", '½'), ("threequarters", '¾'),
        ("questiondown", '¿'), ("Agrave", 'À'), ("Aacute", 'Á'), ("Acircumflex", 'Â'), ("Atilde", 'Ã'), ("Adieresis", 'Ä'), ("Aring", 'Å'), ("AE", 'Æ'), ("Ccedilla", 'Ç'),
        ("Egrave", 'È'), ("Eacute", 'É'), ("Ecircumflex", 'Ê'), ("Edieresis", 'Ë'), ("Igrave", 'Ì'), ("Iacute", 'Í'), ("Icircumflex", 'Î'), ("Idieresis", 'Ï'), ("Eth", 'Ð'),
        ("Ntilde", 'Ñ'), ("Ograve", 'Ò'), ("Oacute", 'Ó'), ("Ocircumflex", 'Ô'), ("Otilde", 'Õ'), ("Odieresis", 'Ö'), ("multiply", '×'), ("Oslash", 'Ø'), ("Ugrave", 'Ù'),
        ("Uacute", 'Ú'), ("Ucircumflex", 'Û'), ("Udieresis", 'Ü'), ("Yacute", 'Ý'), ("Thorn", 'Þ'), ("germandbls", 'ß'), ("agrave", 'à'), ("aacute", 'á'), ("acircumflex", 'â'),
        ("atilde", 'ã'), ("adieresis", 'ä'), ("aring", 'å'), ("ae", 'æ'), ("ccedilla", 'ç'), ("egrave", 'è'), ("eacute", 'é'), ("ecircumflex", 'ê'), ("edieresis", 'ë'),
        ("igrave", 'ì'), ("iacute", 'í'), ("icircumflex", 'î'), ("idieresis", 'ï'), ("eth", 'ð'), ("ntilde", 'ñ'), ("ograve", 'ò'), ("oacute", 'ó'), ("ocircumflex", 'ô'),
        ("otilde", 'õ'), ("odieresis", 'ö'), ("divide", '÷'), ("oslash", 'ø'), ("ugrave", 'ù'), ("uacute", 'ú'), ("ucircumflex", 'û'), ("udieresis", 'ü'), ("yacute", 'ý'),
        ("thorn", 'þ'), ("ydieresis", 'ÿ'), ("Euro", '€'), ("endash", '–'), ("emdash", '—'), ("quotedblleft", '“'), ("quotedblright", '”'), ("quotesinglbase", '‚'),
        ("quotedblbase", '„'), ("bullet", '•'), ("ellipsis", '…'), ("trademark", '™'), ("fi", 'ﬁ'), ("fl", 'ﬂ'), ("OE", 'Œ'), ("oe", 'œ'), ("Scaron", 'Š'), ("scaron", 'š'),
        ("Zcaron", 'Ž'), ("zcaron", 'ž'), ("Ydieresis", 'Ÿ'), ("florin", 'ƒ'), ("dagger", '†'), ("daggerdbl", '‡'), ("perthousand", '‰'), ("guilsinglleft", '‹'),
        ("guilsinglright", '›'), ("circumflex", 'ˆ'), ("tilde", '˜'), ("nbspace", '\u{a0}'),
    ];
    NAMES.iter().find(|(known, _)| *known == name).map(|(_, c)| *c)
}

/// The hex string `<...>` of a CMap as a number.
fn hex_code(token: &str) -> Option<u32> {
    let hex = token.strip_prefix('<')?.strip_suffix('>')?;
    u32::from_str_radix(hex, 16).ok()
}

/// The hex string of a CMap destination as text (UTF-16BE).
fn hex_text(token: &str) -> Option<String> {
    let hex = token.strip_prefix('<')?.strip_suffix('>')?;
    let units: Vec<u16> = (0..(hex.len() / 4).min(MAX_UNITS)).filter_map(|i| u16::from_str_radix(hex.get(i * 4..i * 4 + 4)?, 16).ok()).collect();
    Some(String::from_utf16_lossy(&units))
}

/// Whether one more code may be mapped or given a width: `work` left, and room in `map`
/// for `code`.
fn may_add<V>(work: &mut usize, map: &HashMap<u32, V>, code: u32) -> bool {
    if *work == 0 {
        return false;
    }
    *work -= 1;
    map.len() < MAX_CODES || map.contains_key(&code)
}

/// Reads a `ToUnicode` CMap: its code width and `bfchar` / `bfrange` entries, within
/// `work` (codes read).
fn read_cmap(bytes: &[u8], decoder: &mut Decoder, work: &mut usize) {
    let text = String::from_utf8_lossy(bytes);
    // Tokens: `<hex>`, `[`, `]`, and words.
    let mut tokens = Vec::new();
    let mut rest = text.as_ref();
    while let Some(start) = rest.find(|c: char| !c.is_ascii_whitespace()) {
        rest = &rest[start..];
        let end = if rest.starts_with('<') {
            rest.find('>').map_or(rest.len(), |at| at + 1)
        } else if rest.starts_with('[') || rest.starts_with(']') {
            1
        } else {
            rest.find(|c: char| c.is_ascii_whitespace() || c == '<' || c == '[' || c == ']').unwrap_or(rest.len()).max(1)
        };
        tokens.push(&rest[..end]);
        rest = &rest[end..];
    }
    let mut at = 0;
    while at < tokens.len() {
        match tokens[at] {
            "begincodespacerange" => {
                if let Some(low) = tokens.get(at + 1) {
                    decoder.two_bytes = low.len() >= 6;
                }
            }
            "beginbfchar" => {
                at += 1;
                while at + 1 < tokens.len() && tokens[at] != "endbfchar" {
                    if let (Some(code), Some(text)) = (hex_code(tokens[at]), hex_text(tokens[at + 1])) {
                        if may_add(work, &decoder.map, code) {
                            decoder.map.insert(code, text);
                        }
                    }
                    at += 2;
                }
            }
            "beginbfrange" => {
                at += 1;
                while at + 2 < tokens.len() && tokens[at] != "endbfrange" {
                    let (low, high) = (hex_code(tokens[at]), hex_code(tokens[at + 1]));
                    if tokens[at + 2] == "[" {
                        let mut item = at + 3;
                        let mut code = low.unwrap_or(0);
                        while item < tokens.len() && tokens[item] != "]" {
                            if let Some(text) = hex_text(tokens[item]) {
                                if may_add(work, &decoder.map, code) {
                                    decoder.map.insert(code, text);
                                }
                            }
                            code = code.saturating_add(1);
                            item += 1;
                        }
                        at = item + 1;
                        continue;
                    }
                    if let (Some(low), Some(high), Some(first)) = (low, high, hex_text(tokens[at + 2])) {
                        // At most 64 Ki codes a range: a hostile map stays small.
                        let mut units: Vec<u16> = first.encode_utf16().collect();
                        for code in low..=high.min(low.saturating_add(0xffff)) {
                            if !may_add(work, &decoder.map, code) {
                                break;
                            }
                            decoder.map.insert(code, String::from_utf16_lossy(&units));
                            if let Some(last) = units.last_mut() {
                                *last = last.wrapping_add(1);
                            }
                        }
                    }
                    at += 3;
                }
            }
            _ => {}
        }
        at += 1;
    }
}

/// A font's glyph widths: `FirstChar` and `Widths` for a simple font; the descendant's
/// `W` (`c [w …]` and `c1 c2 w` entries) and `DW` for a composite one. At most 64 Ki
/// codes are read, within `work`.
fn read_widths(font: &Dict<'_>, composite: bool, decoder: &mut Decoder, work: &mut usize) {
    if *work == 0 {
        return;
    }
    let number = |object: &Object<'_>| match object {
        Object::Number(number) => Some(number.as_f32()),
        _ => None,
    };
    if !composite {
        let first = font.get::<Object<'_>>(b"FirstChar").as_ref().and_then(number).unwrap_or(0.0).max(0.0) as u32;
        if let Some(widths) = font.get::<Array<'_>>(b"Widths") {
            for (at, width) in widths.iter::<Object<'_>>().take(256).enumerate() {
                let code = first.saturating_add(at as u32);
                if let (Some(width), true) = (number(&width), may_add(work, &decoder.widths, code)) {
                    decoder.widths.insert(code, width);
                }
            }
        }
        return;
    }
    let Some(descendant) = font.get::<Array<'_>>(b"DescendantFonts").and_then(|fonts| fonts.iter::<Dict<'_>>().next()) else { return };
    if let Some(default) = descendant.get::<Object<'_>>(b"DW").as_ref().and_then(number) {
        decoder.default_width = default;
    }
    let Some(w) = descendant.get::<Array<'_>>(b"W") else { return };
    let items: Vec<Object<'_>> = w.iter::<Object<'_>>().take(65_536).collect();
    let mut at = 0;
    while at + 1 < items.len() {
        let Some(first) = number(&items[at]) else { break };
        let first = first.max(0.0) as u32;
        if let Object::Array(widths) = &items[at + 1] {
            for (offset, width) in widths.iter::<Object<'_>>().take(65_536).enumerate() {
                let code = first.saturating_add(offset as u32);
                if let (Some(width), true) = (number(&width), may_add(work, &decoder.widths, code)) {
                    decoder.widths.insert(code, width);
                }
            }
            at += 2;
        } else if let (Some(last), Some(width)) = (number(&items[at + 1]), items.get(at + 2).and_then(number)) {
            for code in first..=(last.max(0.0) as u32).min(first.saturating_add(65_535)) {
                if !may_add(work, &decoder.widths, code) {
                    break;
                }
                decoder.widths.insert(code, width);
            }
            at += 3;
        } else {
            break;
        }
    }
}

/// The decoder of a font dictionary; `work`: codes its map and widths may still read.
fn decoder(font: &Dict<'_>, budget: &mut usize, work: &mut usize) -> Decoder {
    let composite = font.get::<Name<'_>>(b"Subtype").is_some_and(|subtype| subtype.as_ref() == b"Type0");
    let mut decoder = Decoder { two_bytes: composite, map: HashMap::new(), simple: None, widths: HashMap::new(), default_width: if composite { 1000.0 } else { 500.0 } };
    read_widths(font, composite, &mut decoder, work);
    if let Some(bytes) = font.get::<Stream<'_>>(b"ToUnicode").filter(|_| *work > 0).and_then(|stream| super::pdf::content(&stream, budget).ok()) {
        read_cmap(&bytes, &mut decoder, work);
        // A simple font's codes are one byte each (ISO 32000, 9.6), whatever its map's
        // code space says: several producers write `<0000> <FFFF>` for every font, and its
        // codes read in pairs gave no text at all. Its map's `<0041>` is the code 0x41.
        decoder.two_bytes = composite && decoder.two_bytes;
    }
    if !composite {
        // The encoding named, by itself or as the base of `Differences`.
        let named = font.get::<Name<'_>>(b"Encoding").or_else(|| font.get::<Dict<'_>>(b"Encoding").and_then(|encoding| encoding.get::<Name<'_>>(b"BaseEncoding")));
        let mut table = Box::new(if named.is_some_and(|name| name.as_ref() == b"MacRomanEncoding") { mac_roman() } else { win_ansi() });
        if let Some(encoding) = font.get::<Dict<'_>>(b"Encoding") {
            if let Some(differences) = encoding.get::<Array<'_>>(b"Differences") {
                let mut code = 0_usize;
                for item in differences.iter::<Object<'_>>() {
                    match item {
                        Object::Number(number) => code = number.as_f32().max(0.0) as usize,
                        Object::Name(name) => {
                            if let Some(slot) = table.get_mut(code) {
                                *slot = glyph(name.as_ref()).unwrap_or('\0');
                            }
                            code = code.saturating_add(1);
                        }
                        _ => {}
                    }
                }
            }
        }
        decoder.simple = Some(table);
    }
    decoder
}

/// Writes the gap between two cells of a line: a tab, in place of any space just written
/// (a space glyph ending the cell before).
fn next_cell(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    out.push('\t');
}

/// The decoders of a PDF's fonts, so that a font drawn on every page is read once (its
/// codes counted once in the PDF's work): a font that is an object of its own by its
/// reference (under any name); one written out in a font dictionary by where its bytes
/// are in the file (the id of the object around it would name every font written there
/// alike, and every page written out in its page tree's node too, and they read with
/// the first one's decoder).
type Fonts = HashMap<(Option<(u32, i32)>, (usize, usize)), std::rc::Rc<Decoder>>;

/// How deep forms drawn in forms are followed.
const MAX_FORM_DEPTH: usize = 3;

/// What reading a PDF's pages shares: the bytes left to decode, the work left for font
/// maps, the fonts read, the forms whose text is read already, and how deep in forms this is.
struct Reading<'r> {
    budget: &'r mut usize,
    work: &'r mut usize,
    fonts: &'r mut Fonts,
    forms: &'r mut std::collections::HashSet<hayro_syntax::object::ObjectIdentifier>,
    depth: usize,
}

/// The text of one page's content (`bytes`, decoded) or a form's, its fonts from
/// `resources`, into `out`; with the text of the
/// forms it draws (`Do`: a page imported or stamped as a form, as print drivers, FPDI and
/// pdf-lib write them), each form once a PDF.
fn page_text(bytes: &[u8], resources: &hayro_syntax::page::Resources<'_>, reading: &mut Reading<'_>, out: &mut String) {
    let mut decoders: HashMap<Vec<u8>, std::rc::Rc<Decoder>> = HashMap::new();
    let mut current: Option<Vec<u8>> = None;
    // Where the text is (the start of its line, and where the last string ended), the
    // text matrix's scale and the font size: lines break where the text moves down, and
    // a space is written where it moves right by more than a fifth of the font size.
    let (mut line_x, mut line_y, mut end_x, mut scale, mut size, mut leading) = (0.0_f32, 0.0_f32, f32::NAN, 1.0_f32, 12.0_f32, 0.0_f32);
    let mut last_line = f32::NAN;
    let mut instructions = UntypedIter::new(bytes);
    while let Some(instruction) = instructions.next() {
        if out.len() >= MAX_TEXT {
            return;
        }
        let operator: &[u8] = instruction.operator;
        let operands: Vec<&Object<'_>> = instruction.operands().collect();
        let number = |index: usize| match operands.get(index) {
            Some(Object::Number(number)) => number.as_f32(),
            _ => 0.0,
        };
        match operator {
            b"BT" => (line_x, line_y, scale) = (0.0, 0.0, 1.0),
            b"Tf" => {
                size = number(1).abs().max(0.1);
                if let Some(Object::Name(name)) = operands.first() {
                    let key = name.as_ref().to_vec();
                    if !decoders.contains_key(&key) {
                        if let Some(font) = resources.get_font(name) {
                            let cached = match resources.fonts.get_ref(name.as_ref()) {
                                Some(named) => (Some((named.obj_number, named.gen_number)), (0, 0)),
                                None => (None, super::pdf::place(font.data())),
                            };
                            let made = reading.fonts.entry(cached).or_insert_with(|| std::rc::Rc::new(decoder(&font, reading.budget, reading.work))).clone();
                            decoders.insert(key.clone(), made);
                        }
                    }
                    current = Some(key);
                }
            }
            b"Do" if reading.depth < MAX_FORM_DEPTH => {
                let Some(Object::Name(name)) = operands.first() else { continue };
                let Some(form) = resources.get_x_object(name) else { continue };
                let is_form = form.dict().get::<Name<'_>>(b"Subtype").is_some_and(|subtype| subtype.as_ref() == b"Form");
                if !is_form || !reading.forms.insert(form.obj_id()) {
                    continue;
                }
                let Some(content) = super::pdf::decoded(&form, reading.budget, &mut false) else { continue };
                // Its own resources, else the page's (an old producer's form leaves them out).
                let own = form.dict().get::<Dict<'_>>(b"Resources").map(hayro_syntax::page::Resources::new);
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                let mut inner = Reading { budget: &mut *reading.budget, work: &mut *reading.work, fonts: &mut *reading.fonts, forms: &mut *reading.forms, depth: reading.depth + 1 };
                page_text(&content, own.as_ref().unwrap_or(resources), &mut inner, out);
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                // What follows starts a line of its own.
                last_line = f32::NAN;
            }
            b"TL" => leading = number(0),
            b"Td" | b"TD" => {
                line_x += number(0) * scale;
                line_y += number(1) * scale.abs();
                if operator == b"TD" {
                    leading = -number(1);
                }
            }
            b"Tm" => {
                scale = if number(0) == 0.0 { 1.0 } else { number(0) };
                (line_x, line_y) = (number(4), number(5));
            }
            b"T*" => line_y -= leading * scale.abs(),
            b"Tj" | b"'" | b"\"" | b"TJ" => {
                if operator == b"'" || operator == b"\"" {
                    line_y -= leading * scale.abs();
                }
                let em = size * scale.abs();
                if last_line.is_nan() || (line_y - last_line).abs() > em * 0.5 {
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    last_line = line_y;
                } else if !end_x.is_nan() && line_x - end_x > em * 0.2 && !out.ends_with(['\n', '\t']) {
                    if line_x - end_x > em * COLUMN_GAP {
                        next_cell(out);
                    } else if !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
                let Some(decoder) = current.as_ref().and_then(|key| decoders.get(key)) else { continue };
                let mut x = line_x;
                match operands.last() {
                    Some(Object::String(string)) => {
                        decoder.decode(string.as_ref(), out);
                        x += decoder.advance(string.as_ref()) / 1000.0 * em;
                    }
                    Some(Object::Array(array)) => {
                        for item in array.iter::<Object<'_>>() {
                            match item {
                                Object::String(string) => {
                                    if out.len() >= MAX_TEXT {
                                        break;
                                    }
                                    decoder.decode(string.as_ref(), out);
                                    x += decoder.advance(string.as_ref()) / 1000.0 * em;
                                }
                                Object::Number(moved) => {
                                    let moved = moved.as_f32();
                                    if moved < -1000.0 * COLUMN_GAP && !out.ends_with(['\n', '\t']) {
                                        next_cell(out);
                                    } else if moved < -200.0 && !out.ends_with([' ', '\n', '\t']) {
                                        out.push(' ');
                                    }
                                    x -= moved / 1000.0 * em;
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
                // The next string on this line starts where the line matrix says; this
                // one ended here.
                end_x = x;
            }
            _ => {}
        }
    }
}

/// The text the first pages of a PDF show ([`MAX_PAGES`], [`MAX_TEXT`]), lines joined
/// by `\n`; pages in order, each ending a line.
pub fn text(pdf: &hayro_syntax::Pdf, budget: &mut usize) -> String {
    read_text(pdf, budget, &mut false)
}

/// [`text`], noting in `corrupt` a page content that does not decode ([`super::pdf::decoded`]).
pub(super) fn read_text(pdf: &hayro_syntax::Pdf, budget: &mut usize, corrupt: &mut bool) -> String {
    let mut out = String::new();
    let mut work = MAX_CODE_WORK;
    let mut fonts = Fonts::new();
    let mut forms = std::collections::HashSet::new();
    for page in pdf.pages().iter().take(MAX_PAGES) {
        let raw = page.raw();
        let mut contents: Vec<Stream<'_>> = Vec::new();
        if let Some(stream) = raw.get::<Stream<'_>>(b"Contents") {
            contents.push(stream);
        } else if let Some(array) = raw.get::<Array<'_>>(b"Contents") {
            contents.extend(array.iter::<Stream<'_>>());
        }
        let mut bytes = Vec::new();
        for stream in &contents {
            if let Some(content) = super::pdf::decoded(stream, budget, corrupt) {
                bytes.extend_from_slice(&content);
                bytes.push(b'\n');
            }
        }
        page_text(&bytes, page.resources(), &mut Reading { budget, work: &mut work, fonts: &mut fonts, forms: &mut forms, depth: 0 }, &mut out);
        if !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        if out.len() >= MAX_TEXT {
            break;
        }
    }
    out.truncate(floor_char_boundary(&out, MAX_TEXT));
    out
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len())).rev().find(|at| text.is_char_boundary(*at)).unwrap_or(0)
}
