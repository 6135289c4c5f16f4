//! An invoice's facts from its text (PRODUCT.md §2.4): number, date, total (the amount
//! due, tax included), currency and vendor, by their labels in English, French, German
//! and Spanish. A value is reported only when the text says it plainly: a label this
//! reader knows, then a value of the right form after it on the same line or the next;
//! two different totals of the same rank, or a date that reads two ways, are reported
//! as nothing, never guessed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an invoice's text says, as far as it says it plainly.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceFacts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// ISO 8601.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The amount due, as a plain decimal (`4200.00`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
    /// ISO 4217.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// The total is below zero (`-1,200.00`, `(1,200.00)`) and the text calls itself a
    /// credit note (`Credit note`, `Avoir`, `Gutschrift`, `Nota de crédito`): it pays
    /// nothing. `total` is then none. (A total below zero alone is no sign: a credit
    /// carried forward, or `Total savings -100.00`, stands beside an invoice's total.)
    #[serde(skip_serializing_if = "is_false")]
    pub below_zero: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl InvoiceFacts {
    pub fn is_empty(&self) -> bool {
        *self == InvoiceFacts::default()
    }
}

/// Lower-case ASCII with the accents of these four languages folded (`é` → `e`, `ü` →
/// `u`, `ß` → `ss`, `º`/`°` → `o`): labels are matched on this form.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => out.push('a'),
            'ç' | 'Ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'Í' | 'Î' => out.push('i'),
            'ñ' | 'Ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'ö' | 'Ó' | 'Ô' | 'Ö' | 'º' | '°' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' | 'Ú' | 'Û' | 'Ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            // No-break, thin and figure spaces: the thousands' groups of many countries.
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' | '\u{2008}' | '\t' => out.push(' '),
            '\u{2019}' | '\u{2018}' => out.push('\''),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            // Same length in chars is not needed: values are read from the folded line.
            c => out.push(c),
        }
    }
    out
}

const NUMBER_LABELS: &[&str] = &[
    "invoice number", "invoice no", "invoice #", "inv no", "inv #", "numero de facture", "no de facture", "facture no", "facture numero", "rechnungsnummer", "rechnungs-nr",
    "rechnung nr", "rechnungsnr", "numero de factura", "no de factura", "factura no", "factura numero", "n.o de factura", "factura n.o", "no facture", "no de la facture",
];

const DATE_LABELS: &[&str] = &[
    "invoice date", "date of invoice", "date of issue", "issue date", "date de facture", "date de la facture", "date d'emission", "rechnungsdatum", "ausstellungsdatum",
    "fecha de factura", "fecha de emision", "fecha factura",
];

/// Generic date labels: used only when no invoice date label is found.
const PLAIN_DATE_LABELS: &[&str] = &["date", "datum", "fecha"];

/// Totals, the most specific first: the invoice's own total, tax included; then what is
/// due (the same, unless part of it was paid: see `PAYMENTS`); then a plain "Total".
const TOTAL_LABELS: &[&[&str]] = &[
    &["total ttc", "montant total ttc", "total (ttc)", "gesamtbetrag", "rechnungsbetrag", "endbetrag", "bruttobetrag", "importe total", "total factura", "total (incl", "total incl", "grand total", "invoice total", "total amount", "total de la facture", "montant de la facture"],
    &["amount due", "total due", "balance due", "balance", "total amount due", "amount payable", "total payable", "montant du", "net a payer", "reste a payer", "montant a payer", "zu zahlen", "zahlbetrag", "restbetrag", "importe a pagar", "total a pagar", "saldo"],
    &["total", "montant total", "summe", "gesamt"],
];

/// Where an invoice says some of it was paid: what is then due is not its total.
const PAYMENTS: &[&str] = &[
    "paid", "amount paid", "payment received", "payments received", "less payment", "deposit paid", "deposit received", "less deposit", "prepayment", "acompte", "deja paye", "deja regle", "montant paye", "montant regle",
    "bezahlt", "gezahlt", "anzahlung", "pagado", "anticipo", "abonado",
];

/// Payments as accounting programs list them (`Payments/Credits -$200.00`, QuickBooks'
/// `Deposit 200.00`, Zoho's `Payment Made`, Wave's `Payment on March 3, 2026 …: $200.00`):
/// a payment only heading its line (`Less:` before it at most), with an amount after it,
/// and not one asked for (`Deposit required (50%): $600.00`). `Payment on receipt` is a
/// term, `Pay by direct deposit` a way to pay, `Security deposit 500.00` a line item.
const PAYMENTS_WITH_AMOUNT: &[&str] = &["payments/credits", "payments", "payment made", "payments made", "payment on", "credits", "deposit", "amount received"];

/// Words after a payment's label that make it one asked for, not one made.
const ASKED: &[&str] = &["required", "requested", "due", "to", "of", "payable", "needed"];

/// Words that, before a total's amount, say it is without its tax (`Total amount (excl.
/// VAT)`, `Importe total sin IVA`): a net amount, not the total.
const NET: &[&str] = &[
    "excl", "excluding", "exclusive of", "before tax", "before taxes", "before vat", "pre-tax", "net of", "ex vat", "ex. vat", "ex-vat", "hors taxe", "hors taxes", "sans tva", "sin iva",
    "sin impuestos", "ohne mwst", "ohne ust", "zzgl", "netto", "ht",
];

/// Labels that look like a total and are not the amount due.
const NOT_TOTAL: &[&str] = &[
    "subtotal", "sub-total", "sub total", "sous-total", "sous total", "zwischensumme", "total ht", "total hors", "total excl", "total (excl", "total before", "total net", "net total", "nettobetrag",
    "netto", "base imponible", "total tax", "total vat", "total tva", "total iva", "total mwst", "total discount", "total remise",
    "total savings", "total credits",
];

const VENDOR_LABELS: &[&str] = &["vendor", "supplier", "from", "bill from", "fournisseur", "emetteur", "lieferant", "proveedor", "emisor"];

/// Whether a word starts at byte `at` of `text`: nothing, or no letter or digit, before it.
fn word_starts_at(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
}

/// Where a label ends in a folded line, if the line has it as words (not inside a word).
fn after_label(line: &str, label: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = line[from..].find(label).map(|at| at + from) {
        let end = at + label.len();
        let word_start = word_starts_at(line, at);
        // `Facture n°2026-042`: `n°` (folded `no`) runs into its number.
        let word_end = !label.ends_with(|c: char| c.is_alphanumeric())
            || line[end..].chars().next().is_none_or(|c| !c.is_alphanumeric() || (label.ends_with(" no") && c.is_ascii_digit()));
        if word_start && word_end {
            return Some(end);
        }
        from = end;
    }
    None
}

/// The text after a label: the rest of its line, or the next line when that is empty
/// (a label above its value), without the separators between.
fn value_after(lines: &[String], index: usize, end: usize) -> &str {
    let rest = rest_of_line(&lines[index], end);
    if rest.is_empty() {
        lines.get(index + 1).map_or("", |next| next.trim())
    } else {
        rest
    }
}

/// What follows a label on its line, without the separators between.
fn rest_of_line(line: &str, end: usize) -> &str {
    line[end..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '#' | '-')).trim_end()
}

/// Whether a label ending at `end` (`length` long) heads its line or its cell (a word
/// before it at most: `Tax Invoice No.`): the header of another invoice, not a sentence
/// that names the label ("please quote the invoice number", "das Leistungsdatum
/// entspricht dem Rechnungsdatum").
fn heads_its_value(line: &str, end: usize, length: usize) -> bool {
    let before = &line[..end - length];
    let cell = before.rfind(['\t', '|']).map_or(before, |at| &before[at + 1..]);
    cell.split_whitespace().count() <= 1
}

/// The invoice number: the value of the first line with a number label. Another number
/// heading its line under such a label (a file of several invoices, one a page) makes it
/// not read: which one the file is for is not the reader's to guess.
fn number(lines: &[String], folded: &[String]) -> Option<String> {
    let mut labelled = folded.iter().enumerate().filter_map(|(index, line)| NUMBER_LABELS.iter().find_map(|label| Some((index, after_label(line, label)?, label.len()))));
    let (index, end, _) = labelled.next()?;
    let number = number_at(lines, folded, index, end)?;
    let mut others = labelled.filter(|(index, end, length)| heads_its_value(&folded[*index], *end, *length)).filter_map(|(index, end, _)| number_at(lines, folded, index, end));
    others.all(|other| other.eq_ignore_ascii_case(&number)).then_some(number)
}

/// The number after a number label (ending at `end` of folded line `index`), as printed.
fn number_at(lines: &[String], folded: &[String], index: usize, end: usize) -> Option<String> {
    let line = &folded[index];
    let mut value = value_after(folded, index, end);
    if rest_of_line(line, end).is_empty() {
        // Values under a header row (`Date  Invoice #` over `3/15/2026  1001`): the
        // date's column is not the number.
        let numeric_date = |token: &str| {
            let parts: Vec<&str> = token.split(['/', '-', '.']).collect();
            parts.len() == 3 && parts.iter().all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        };
        let first = value.split_whitespace().next().unwrap_or("");
        if numeric_date(first) && (first_date(first, true).is_some() || first_date(first, false).is_some()) {
            value = value[first.len()..].trim_start();
        } else if first_date(value, true).is_some() {
            // A date on the line below a bare label (the number printed above it): not
            // a number to take.
            return None;
        }
    }
    let token = value.split_whitespace().find(|token| token.chars().any(|c| c.is_ascii_digit()))?;
    let token = token.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_' | '.')) {
        return None;
    }
    // The value as printed (its case), from the original line.
    let original = lines.get(index).into_iter().chain(lines.get(index + 1)).find_map(|line| {
        let start = line.to_ascii_lowercase().find(token)?;
        line.get(start..start + token.len()).map(str::to_string)
    });
    Some(original.unwrap_or_else(|| token.to_ascii_uppercase()))
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7), ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12),
    ("janvier", 1), ("fevrier", 2), ("mars", 3), ("avril", 4), ("mai", 5), ("juin", 6), ("juillet", 7), ("aout", 8), ("septembre", 9), ("octobre", 10), ("novembre", 11), ("decembre", 12),
    ("januar", 1), ("februar", 2), ("marz", 3), ("maerz", 3), ("juni", 6), ("juli", 7), ("oktober", 10), ("dezember", 12),
    ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7), ("agosto", 8), ("septiembre", 9), ("setiembre", 9), ("octubre", 10), ("noviembre", 11), ("diciembre", 12),
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    // Abbreviated in French, German and Spanish (`15 janv. 2026`, `15. Okt. 2026`, `15-ene-2026`).
    ("janv", 1), ("fevr", 2), ("fev", 2), ("avr", 4), ("juil", 7), ("mrz", 3), ("okt", 10), ("dez", 12), ("ene", 1), ("abr", 4), ("ago", 8), ("set", 9), ("dic", 12),
];

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS.iter().find(|(name, _)| *name == word).map(|(_, month)| *month)
}

/// The first date in folded text: ISO, day/month/year with `/`, `.` or `-` (a day over
/// 12 tells the order; `03/04/2026` reads two ways and is not taken unless `day_first`),
/// `March 15, 2026`, `15 mars 2026`, `15. März 2026`, `15 de marzo de 2026`.
fn first_date(text: &str, day_first: bool) -> Option<NaiveDate> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty() && *w != "de").collect();
    for (at, word) in words.iter().enumerate() {
        // A date and a time (`2026-03-15t10:00`, folded): the date.
        let word = match word.split_once('t') {
            Some((date, _)) if date.len() == 10 && date.as_bytes()[4] == b'-' => date,
            _ => word,
        };
        let parts: Vec<&str> = word.trim_end_matches('.').split(['/', '.', '-']).collect();
        // `15-Mar-2026`, `15.okt.2026`: a day, a month's name, a year, as one word.
        if let [day, name, year] = parts.as_slice() {
            if let (Some(month), Ok(day), Ok(year)) = (month(name), day.parse::<u32>(), year.parse::<i32>()) {
                if (1990..=2100).contains(&year) {
                    return NaiveDate::from_ymd_opt(year, month, day);
                }
            }
        }
        if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
            // A part too long for a number (`2026-99999999999-01`) is no date.
            let Some(numbers) = parts.iter().map(|p| p.parse::<u32>().ok()).collect::<Option<Vec<u32>>>() else { continue };
            if parts[0].len() == 4 {
                return NaiveDate::from_ymd_opt(numbers[0] as i32, numbers[1], numbers[2]);
            }
            if parts[2].len() == 4 {
                let (a, b, year) = (numbers[0], numbers[1], numbers[2] as i32);
                let (day, month) = if a > 12 || day_first || word.contains('.') { (a, b) } else if b > 12 { (b, a) } else { return None };
                return NaiveDate::from_ymd_opt(year, month, day);
            }
            // A date this does not read (`15.03.26`, a two-digit year): none, not the date
            // after it on the line (a delivery or due date).
            return None;
        }
        // Month names: `15 mars 2026`, `15. marz 2026`, `march 15 2026`.
        if let Some(month) = month(word) {
            // A day may be written as an ordinal: `1er mars`, `March 1st`, `1º de marzo`
            // (`1o` once folded).
            let number = |w: Option<&&str>| {
                w.and_then(|w| {
                    let w = w.trim_end_matches('.');
                    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == 'º' || c == '°');
                    let ordinal = ["", "er", "re", "st", "nd", "rd", "th", "º", "°", "o"].contains(&&w[digits.len()..]);
                    ordinal.then(|| digits.trim_end_matches('.').parse::<u32>().ok()).flatten()
                })
            };
            let year = |w: Option<&&str>| w.and_then(|w| w.parse::<i32>().ok()).filter(|y| (1990..=2100).contains(y));
            if let (Some(day), Some(year)) = (number(at.checked_sub(1).and_then(|i| words.get(i))), year(words.get(at + 1))) {
                return NaiveDate::from_ymd_opt(year, month, day);
            }
            if let (Some(day), Some(year)) = (number(words.get(at + 1)), year(words.get(at + 2))) {
                return NaiveDate::from_ymd_opt(year, month, day);
            }
        }
    }
    None
}

/// Words of French, German and Spanish invoices, as the start of a word (`facture`,
/// `factura`, `rechnungsdatum`), never inside one (`manufacturer`).
const DAY_FIRST_WORDS: &[&str] = &["factur", "rechnung", "datum", "fecha"];

/// Words before a generic date label that make it another date than the invoice's.
const OTHER_DATE_BEFORE: &[&str] = &[
    "order", "due", "delivery", "ship", "shipping", "shipment", "service", "payment", "expiry", "expiration", "start", "end", "event", "print", "printed", "valid", "value",
    "purchase", "po", "dispatch", "despatch", "quote", "booking", "posting", "transaction", "liefer", "leistungs", "faelligkeits", "zahlungs", "bestell",
];

/// Words after a generic date label that keep it the invoice's date (`Date de
/// facturation`, `Fecha emisión`, `Date issued`); any other word makes it another date
/// (`Date de la prestation`, `Fecha vencimiento`, `Date paid`).
const INVOICE_DATE_AFTER: &[&str] = &[
    "de facturation", "facturation", "de la facture", "de facture", "facture", "d'emission", "emission", "de emision", "emision", "de expedicion", "expedicion", "de la factura",
    "de factura", "factura", "issued", "of issue", "of invoice", "of the invoice", "invoiced", "created", "der rechnung", "rechnung",
];

/// Where a generic date label ([`PLAIN_DATE_LABELS`]) ends, when it is the invoice's:
/// followed by its value (a colon, a cell, a number, a month) or by words that say so
/// ([`INVOICE_DATE_AFTER`]), and not named another date by the word before
/// ([`OTHER_DATE_BEFORE`]: `Order date`, `PO Date`). `Billing date` and a `Date` after the
/// number on its line are the invoice's.
fn plain_date_label(line: &str, label: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(end) = after_label(&line[from..], label).map(|end| end + from) {
        let start = end - label.len();
        let before = line[..start].trim_end_matches([' ', '-']);
        let word_before = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or_default();
        let other_before = OTHER_DATE_BEFORE.iter().any(|word| word_before == *word || (word.len() > 5 && word_before.starts_with(word)));
        let after = line[end..].trim_start_matches(' ');
        // Its value (`: …`, `- …`, `.: …`, `(dd/mm/yyyy): …`, `/Time: …`, a cell, a number,
        // a month), or words that say it is the invoice's.
        let value_follows = after.is_empty() || after.starts_with([':', '\t', '|', '-', '.', '/', '(']) || after.starts_with(|c: char| c.is_ascii_digit()) || after.split_whitespace().next().and_then(month).is_some();
        let says_invoice = INVOICE_DATE_AFTER.iter().any(|words| after.strip_prefix(words).is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric())));
        if !other_before && (value_follows || says_invoice) {
            return Some(end);
        }
        from = end;
    }
    None
}

fn date(folded: &[String]) -> Option<NaiveDate> {
    // French, German and Spanish write the day first; English-only text may not.
    // An invoice in English too (`INVOICE / FACTURE`, Canada's) may write the month first:
    // its `03/04/2026` reads two ways, and is not taken.
    let has = |stems: &[&str]| folded.iter().any(|line| stems.iter().any(|stem| line.match_indices(stem).any(|(at, _)| word_starts_at(line, at))));
    let heads_a_line = |word: &str| folded.iter().any(|line| after_label(line.trim_start(), word) == Some(word.len()));
    let day_first = has(DAY_FIRST_WORDS) && !heads_a_line("invoice");
    // The first labelled line's date; another heading its line under such a label
    // (several invoices in one file) makes it not read.
    let labelled = |labels: &[&str], find: fn(&str, &str) -> Option<usize>| {
        let mut dates = folded.iter().enumerate().filter_map(|(index, line)| {
            labels.iter().find_map(|label| {
                let end = find(line, label)?;
                Some((first_date(value_after(folded, index, end), day_first)?, heads_its_value(line, end, label.len())))
            })
        });
        let (first, _) = dates.next()?;
        Some(dates.filter(|(_, heads)| *heads).all(|(date, _)| date == first).then_some(first))
    };
    labelled(DATE_LABELS, after_label).or_else(|| labelled(PLAIN_DATE_LABELS, plain_date_label)).flatten()
}

/// Every amount in a folded line: (its value as a plain decimal, where it starts, where
/// it ends). With two decimals: `1,234.50`, `1 234,50`, `1.234,50`, `1'234.50`. Without
/// (`4,200`, `420 000`), only next to a currency (`USD 4,200`, `¥420,000`, `4 200 €`):
/// a bare `1,234` may be 1.234 or a count.
fn amounts(line: &str) -> Vec<(String, usize, usize)> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    // A run of digits and the separators between them.
    let run_end = |start: usize| {
        let mut end = start;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || (matches!(bytes[end], b',' | b'.' | b'\'' | b' ') && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit())) {
            end += 1;
        }
        end
    };
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        let end = run_end(start);
        at = end.max(start + 1);
        // Digits inside a word (`INV2041`, `A4`) are no amount, and no part of the run is
        // (`INV2041.50` is not 41.50); a currency code written against them is a word of
        // its own (`USD1,234.56`, `CHF1'234.50`).
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() && !code_before(line, start) {
            continue;
        }
        let text = &line[start..end];
        // Two decimals after the last separator; the others group thousands by three.
        let (whole, cents) = match text.rfind([',', '.']) {
            Some(last) if text.len() - last == 3 => (&text[..last], Some(&text[last + 1..])),
            _ if currency_next_to(line, start, end) => (text, None),
            _ => continue,
        };
        let groups: Vec<&str> = whole.split([',', '.', '\'', ' ']).collect();
        let first_up_to = |most: usize| groups.first().is_some_and(|first| !first.is_empty() && (first.len() <= most || groups.len() == 1));
        let by_threes = groups.iter().skip(1).all(|group| group.len() == 3) && first_up_to(3);
        // India's lakhs and crores: `12,34,567.00`, commas only.
        let by_lakhs = groups.len() >= 3
            && groups.last().is_some_and(|last| last.len() == 3)
            && groups[1..groups.len() - 1].iter().all(|group| group.len() == 2)
            && first_up_to(2)
            && !whole.contains(['.', '\'', ' ']);
        if !(by_threes || by_lakhs) {
            continue;
        }
        let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
        let digits = match digits.trim_start_matches('0') {
            "" => "0",
            digits => digits,
        };
        found.push((cents.map_or_else(|| digits.to_string(), |cents| format!("{digits}.{cents}")), start, end));
    }
    found
}

const CURRENCIES: &[(&str, &str)] = &[
    ("usd", "USD"), ("us$", "USD"), ("eur", "EUR"), ("€", "EUR"), ("gbp", "GBP"), ("£", "GBP"), ("cad", "CAD"), ("ca$", "CAD"), ("chf", "CHF"), ("aud", "AUD"), ("jpy", "JPY"),
    ("sek", "SEK"), ("nok", "NOK"), ("dkk", "DKK"), ("inr", "INR"), ("₹", "INR"), ("mxn", "MXN"), ("brl", "BRL"), ("r$", "BRL"), ("krw", "KRW"), ("₩", "KRW"),
];

/// Whether a currency code, as a word of its own, ends right at `at` (`usd` of
/// `usd1,234.56`).
fn code_before(line: &str, at: usize) -> bool {
    let before = &line[..at];
    CURRENCIES.iter().map(|(mark, _)| *mark).filter(|mark| mark.chars().all(|c| c.is_ascii_alphabetic())).any(|code| {
        before.ends_with(code) && word_starts_at(before, before.len() - code.len())
    })
}

/// Whether a currency's sign or code stands right before `start` or right after `end`
/// in a folded line (a space between allowed).
fn currency_next_to(line: &str, start: usize, end: usize) -> bool {
    let (before, after) = (line[..start].trim_end(), line[end..].trim_start());
    let word_before = |at: usize| word_starts_at(before, at);
    let word_after = |at: usize| after[at..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    CURRENCIES.iter().map(|(mark, _)| *mark).chain(["$", "¥"]).any(|mark| {
        let code = mark.chars().all(|c| c.is_ascii_alphabetic());
        (before.ends_with(mark) && (!code || word_before(before.len() - mark.len()))) || (after.starts_with(mark) && (!code || word_after(mark.len())))
    })
}

/// Whether a folded text names a currency code as a word of its own, or written against
/// the amount that follows it (`usd1,234.56`).
fn code_in(text: &str, code: &str) -> bool {
    text.match_indices(code).any(|(at, _)| {
        let rest = &text[at + code.len()..];
        word_starts_at(text, at)
            && rest.chars().next().is_none_or(|c| !c.is_alphabetic())
            // A code that is a word too names no currency before another word (`CAD
            // design services`), only before an amount or at the end (`All amounts in CAD`).
            && !(CODES_ALSO_WORDS.contains(&code) && rest.trim_start_matches([' ', '\t', ':']).starts_with(|c: char| c.is_alphabetic()))
    })
}

/// Currency codes that are words too: computer-aided design.
const CODES_ALSO_WORDS: &[&str] = &["cad"];

/// The currencies a folded text names (codes as whole words, or signs).
fn currencies_in(text: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for (mark, code) in CURRENCIES {
        let named = if mark.chars().all(|c| c.is_ascii_alphabetic()) { code_in(text, mark) } else { text.contains(mark) };
        if named && !found.contains(code) {
            found.push(code);
        }
    }
    found
}

/// Signs several currencies write, with the codes each may stand for: a total written
/// with one takes a code named elsewhere in the text only if it is one of these (`$` and
/// an `EUR account` for payments from abroad is no euro total).
const SHARED_SIGNS: &[(&str, &[&str])] = &[("$", &["USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD"]), ("¥", &["JPY", "CNY"])];

/// The total's amount, its currency when its line names one, and the codes a sign of its
/// line allows ([`SHARED_SIGNS`]; empty: any).
type Total = (String, Option<&'static str>, &'static [&'static str]);

/// The invoice's total; `below_zero` set when the total it says is below zero and not
/// zero (then none).
fn total(folded: &[String], below_zero: &mut bool) -> Option<Total> {
    // Each line is of the rank of its longest label: "total amount due" is due, not a
    // "total amount".
    let rank_of = |line: &str| {
        TOTAL_LABELS
            .iter()
            .enumerate()
            .flat_map(|(rank, labels)| labels.iter().filter_map(move |label| Some((label.len(), rank, after_label(line, label)?))))
            .max_by_key(|(length, ..)| *length)
            .map(|(_, rank, end)| (rank, end))
    };
    // A payment the invoice records: its label heads its line ("Amount paid: 1,000.00",
    // "Acompte versé", "Paid in full"), or an amount follows it ("Less: deposit paid
    // ¥50,000": cents, or a currency beside it); not a word of the terms ("to be paid
    // within 30 days", "Amount to be paid ¥165,000", "not yet paid": what is due).
    let records_payment = |line: &str| {
        PAYMENTS.iter().any(|payment| {
            after_label(line, payment).is_some_and(|end| {
                let still_due = matches!(line[..end - payment.len()].split_whitespace().next_back(), Some("be" | "yet" | "not"));
                !still_due && (line.trim_start().starts_with(payment) || !amounts(&line[end..]).is_empty())
            })
        }) || PAYMENTS_WITH_AMOUNT.iter().any(|payment| {
            let head = line.trim_start();
            let head = head.strip_prefix("less").map_or(head, |rest| rest.trim_start_matches([':', ' ', '-']));
            head.starts_with(payment)
                && after_label(head, payment).is_some_and(|end| {
                    let asked = head[end..].split(|c: char| !c.is_alphanumeric()).find(|word| !word.is_empty()).is_some_and(|word| ASKED.contains(&word));
                    !asked && !amounts(&head[end..]).is_empty()
                })
        })
    };
    let payments: Vec<bool> = folded.iter().map(|line| records_payment(line)).collect();
    let paid = payments.contains(&true);
    // What a total's label says of it before its amount (`Total amount (excl. VAT)`,
    // `Importe total sin IVA`): a net amount. Not what stands in brackets around another
    // amount (`Total TTC (HT : 1 000,00 €) 1 200,00 €`).
    fn says_net(after: &str) -> bool {
        let head = after.find(|c: char| c.is_ascii_digit()).map_or(after, |at| &after[..at]);
        let head = match (head.rfind('('), head.rfind(')')) {
            (Some(open), close) if close.is_none_or(|close| close < open) => &head[..open],
            _ => head,
        };
        NET.iter().any(|net| after_label(head, net).is_some())
    }
    // Each line's rank and where its label ends, found once for every rank tried below.
    // A net amount is no total; a payment (`Total amount paid 200.00`) is one only when
    // no other line is (`Total paid: 1,200.00` on a receipt): a rank after all others.
    let ranked: Vec<Option<(usize, usize)>> = folded
        .iter()
        .zip(&payments)
        .map(|(line, payment)| {
            if NOT_TOTAL.iter().any(|not| line.contains(not)) {
                return None;
            }
            let (rank, end) = rank_of(line)?;
            (!says_net(&line[end..])).then_some((if *payment { TOTAL_LABELS.len() } else { rank }, end))
        })
        .collect();
    for rank in 0..=TOTAL_LABELS.len() {
        // Part paid: the balance due is not the invoice's total.
        if rank == 1 && paid {
            continue;
        }
        let mut candidates: Vec<Total> = Vec::new();
        for (index, line) in folded.iter().enumerate() {
            let Some(end) = ranked[index].filter(|(of, _)| *of == rank).map(|(_, end)| end) else { continue };
            let rest = &line[end..];
            let (text, amounts) = match amounts(rest) {
                found if !found.is_empty() => (rest, found),
                // A label above its amount (`Invoice total (incl. VAT)` over `£1,200.00`,
                // a row of totals over their amounts): the next line holds amounts, not
                // words. Not a table's header over its first row (`Qty Unit price Total
                // amount` over `Webinar 1 1,000.00 1,000.00`), nor `Total hours: 40`.
                _ => {
                    let next = folded.get(index + 1).map_or("", String::as_str);
                    if no_words(next) { (next, amounts(next)) } else { continue }
                }
            };
            // What a total says it includes after it (`1 234,56 € (dont TVA : 205,76 €)`,
            // `£1,234.56 incl. VAT £205.76`) is not the total.
            let amounts = before_included(text, amounts);
            // The last amount of the line is the total (columns: quantity, price, total);
            // one with decimals before one without.
            if let Some((value, start, end)) = amounts.iter().rev().find(|(value, ..)| value.contains('.')).or(amounts.last()) {
                // A total below zero (`-1,200.00`, `(1,200.00)`, `1.200,00-`): a credit
                // note's, which pays nothing. Read as no total, rather than as the same
                // amount due.
                if negative(text, *start, *end) {
                    *below_zero = value.bytes().any(|digit| matches!(digit, b'1'..=b'9'));
                    return None;
                }
                let currencies = currencies_in(text);
                let fits = SHARED_SIGNS.iter().find(|(sign, _)| text.contains(sign)).map_or(&[][..], |(_, codes)| *codes);
                candidates.push((value.clone(), (currencies.len() == 1).then(|| currencies[0]), fits));
            }
        }
        let mut values: Vec<&String> = candidates.iter().map(|(value, ..)| value).collect();
        values.sort();
        values.dedup();
        match values.as_slice() {
            [] => continue,
            [value] => {
                let currency = candidates.iter().find_map(|(_, currency, _)| *currency);
                let fits = candidates.iter().map(|(.., fits)| *fits).find(|fits| !fits.is_empty()).unwrap_or(&[]);
                return Some((value.to_string(), currency, fits));
            }
            // Several different totals of one rank: not read.
            _ => return None,
        }
    }
    None
}

/// Whether the amount at `start..end` of `text` is below zero: a minus against it (or
/// against its currency's sign, `-$1,200.00`), or against its end (`1.190,00-`), or
/// brackets around it. Not a dash between a label and its amount (`Total - 1,200.00`,
/// `Total – 1 200,00 €`).
fn negative(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end_matches(|c: char| "$€£¥₹".contains(c));
    let after = text[end..].trim_start_matches(|c: char| c == ' ' || c.is_alphabetic() || "$€£¥₹".contains(c));
    before.ends_with(['-', '\u{2212}']) || text[end..].starts_with('-') || (before.trim_end().ends_with('(') && after.starts_with(')'))
}

/// Whether `text` holds no word but what goes with an amount: a currency's code or sign
/// (three letters at most), its name, what the amount includes (`incl. VAT`, `brutto`).
fn no_words(text: &str) -> bool {
    const WITH_AMOUNTS: &[&str] = &["euro", "euros", "dollar", "dollars", "pound", "pounds", "franc", "francs", "brutto", "netto", "gross"];
    text.split(|c: char| !c.is_alphabetic()).all(|word| word.chars().count() <= 3 || WITH_AMOUNTS.contains(&word) || INCLUDED.contains(&word))
}

/// Words that, after a total, say what is in it or beside it (`dont TVA`, `incl. VAT`,
/// `of which VAT`, `net`): an amount after them that is less than the amount before them
/// is a part of the total (its tax, its net), not a total; one as much or more is the total
/// with its tax (`£1,000.00 + VAT £200.00 = £1,200.00`, `£1,000.00 ex VAT, incl. VAT
/// £1,200.00`, `1,100.00 Discount 100.00 Net 1,000.00`).
const INCLUDED: &[&str] = &[
    "dont", "incl", "including", "inclusive", "includes", "inkl", "inklusive", "enthalt", "enthalten", "enthaltene", "davon", "darin", "incluido", "incluidos", "incluye", "of which", "soit",
    "vat", "tva", "tax", "taxes", "mwst", "ust", "iva", "gst", "hst", "net", "ht", "excl",
];

/// The amounts of a line that may be its total: the first; none in parentheses after it
/// (`(VAT £200.00)`, `(100.00)` a discount, `(net €1,000.00)`: parts of it); and past the
/// first word of [`INCLUDED`], only those as much as the amount before that word or more.
fn before_included(line: &str, amounts: Vec<(String, usize, usize)>) -> Vec<(String, usize, usize)> {
    let Some(&(_, _, first_end)) = amounts.first() else { return amounts };
    let in_parentheses = |at: usize| line[first_end..at].rfind('(').is_some_and(|open| !line[first_end + open..at].contains(')'));
    let amounts: Vec<_> = amounts.into_iter().enumerate().filter(|(index, (_, start, _))| *index == 0 || !in_parentheses(*start)).map(|(_, amount)| amount).collect();
    let rest = &line[first_end..];
    let Some(cut) = INCLUDED.iter().filter_map(|word| after_label(rest, word).map(|end| first_end + end - word.len())).min() else { return amounts };
    let value = |text: &str| text.parse::<f64>().unwrap_or(0.0);
    let before = amounts.iter().rfind(|(_, start, _)| *start < cut).map_or(0.0, |(text, ..)| value(text));
    amounts.into_iter().filter(|(text, start, _)| *start < cut || value(text) >= before).collect()
}

/// The end of `original` whose fold starts at byte `at` of the line's fold ([`fold`]).
fn original_from(original: &str, at: usize) -> Option<&str> {
    let mut folded = 0;
    for (index, c) in original.char_indices() {
        if folded >= at {
            return (folded == at).then(|| &original[index..]);
        }
        folded += fold(c.encode_utf8(&mut [0; 4])).len();
    }
    (folded == at).then_some("")
}

fn vendor(lines: &[String], folded: &[String]) -> Option<String> {
    for (index, line) in folded.iter().enumerate() {
        for label in VENDOR_LABELS {
            let Some(end) = after_label(line, label).filter(|end| line[..*end].trim_start().len() == label.len()) else { continue };
            let after = line[end..].trim_start_matches([':', ' ']);
            let rest = after.trim();
            // The value as written: from where its fold starts (accents fold to fewer bytes).
            let value = if rest.is_empty() { lines.get(index + 1).map_or("", |next| next.trim()) } else { original_from(&lines[index], line.len() - after.len()).unwrap_or(rest).trim() };
            // A name, not a period (`From: 01/03/2026 To: 31/03/2026`): it does not start
            // with a digit.
            if !value.is_empty() && value.chars().any(char::is_alphabetic) && !value.starts_with(|c: char| c.is_ascii_digit()) {
                return Some(value.chars().take(120).map(|c| if c == '\t' { ' ' } else { c }).collect());
            }
        }
    }
    None
}

/// Reads an invoice's facts from its text (lines joined by `\n`).
pub fn read(text: &str) -> InvoiceFacts {
    let lines: Vec<String> = text.lines().map(|line| line.trim().to_string()).filter(|line| !line.is_empty()).collect();
    // Each cell folded alone: the tab between two cells of a table ([`super::text`]) is
    // kept, so that a quantity and an amount side by side are not one number.
    let folded: Vec<String> = lines.iter().map(|line| line.split('\t').map(fold).collect::<Vec<_>>().join("\t")).collect();
    let mut below_zero = false;
    let (total, total_currency, fits) = match total(&folded, &mut below_zero) {
        Some((total, currency, fits)) => (Some(total), currency, fits),
        None => (None, None, &[][..]),
    };
    let currency = total_currency.or_else(|| match currencies_in(&folded.join("\n")).as_slice() {
        [only] if fits.is_empty() || fits.contains(only) => Some(*only),
        _ => None,
    });
    InvoiceFacts {
        number: number(&lines, &folded),
        date: date(&folded).map(crate::dates::iso),
        total,
        currency: currency.map(str::to_string),
        vendor: vendor(&lines, &folded),
        below_zero: below_zero && calls_itself_a_credit_note(&folded),
    }
}

/// Whether the text calls itself a credit note: a line that starts with its name, as a
/// heading does (`Avoir n° A-3`: not `merci de nous avoir choisis`), or that names it in
/// words no invoice uses otherwise.
fn calls_itself_a_credit_note(folded: &[String]) -> bool {
    const HEADINGS: &[&str] = &["avoir", "factura rectificativa"];
    const NAMES: &[&str] = &["credit note", "credit memo", "creditnote", "gutschrift", "facture d'avoir", "note de credit", "nota de credito", "nota credito"];
    folded.iter().any(|line| HEADINGS.iter().any(|heading| after_label(line.trim_start(), heading).is_some_and(|end| end == heading.len())) || NAMES.iter().any(|name| line.contains(name)))
}
