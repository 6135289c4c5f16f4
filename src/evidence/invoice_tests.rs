//! Invoice facts: a table of invoice texts in four languages with their expected facts,
//! the near misses that must read as nothing, and the same invoices written as PDFs by
//! two producers here (fpdf2, Ghostscript's ps2pdf; Chromium's are in the browser tests),
//! read through the text layer, with the share read exactly right printed.

use std::process::Command;

use super::invoice::{read, InvoiceFacts};

/// Facts as the table writes them: number, date, total, currency.
fn facts(number: &str, date: &str, total: &str, currency: &str) -> InvoiceFacts {
    let some = |text: &str| (!text.is_empty()).then(|| text.to_string());
    InvoiceFacts { number: some(number), date: some(date), total: some(total), currency: some(currency), vendor: None, below_zero: false }
}

/// The four invoices every producer writes (English, French, German, Spanish), with
/// taxes, a discount, line items and subtotals on the page.
pub(crate) const INVOICES: [(&str, &str); 4] = [
    (
        "en",
        "Fabrikam Events Ltd\nINVOICE\nInvoice No.: INV-20417\nInvoice date: March 15, 2026\nDue date: April 14, 2026\nDescription Qty Unit price Amount\nVenue rental 1 3,000.00 3,000.00\nCatering 40 25.00 1,000.00\nSubtotal 4,000.00\nDiscount -200.00\nTax (10%) 380.00\nTotal due: USD 4,180.00",
    ),
    (
        "fr",
        "Contoso Événements SARL\nFACTURE\nFacture n° F-2026-0315\nDate de facture : 15 mars 2026\nDésignation Qté PU HT Montant HT\nLocation de salle 1 2 500,00 2 500,00\nSous-total HT 2 500,00\nTVA 20 % 500,00\nTotal TTC 3 000,00 €\nNet à payer : 3 000,00 €",
    ),
    (
        "de",
        "Northwind Veranstaltungen GmbH\nRECHNUNG\nRechnungsnummer: RE-4711\nRechnungsdatum: 15. März 2026\nPosition Menge Einzelpreis Gesamt\nRaummiete 1 1.800,00 1.800,00\nZwischensumme 1.800,00\nMwSt. 19 % 342,00\nGesamtbetrag 2.142,00 EUR",
    ),
    (
        "es",
        "Eventos Tailspin S.L.\nFACTURA\nFactura nº: FAC-0098\nFecha de factura: 15/03/2026\nConcepto Cantidad Precio Importe\nAlquiler de sala 1 1.250,00 1.250,00\nBase imponible 1.250,00\nIVA 21 % 262,50\nImporte total: 1.512,50 €",
    ),
];

pub(crate) fn expected(lang: &str) -> InvoiceFacts {
    match lang {
        "en" => facts("INV-20417", "2026-03-15", "4180.00", "USD"),
        "fr" => facts("F-2026-0315", "2026-03-15", "3000.00", "EUR"),
        "de" => facts("RE-4711", "2026-03-15", "2142.00", "EUR"),
        _ => facts("FAC-0098", "2026-03-15", "1512.50", "EUR"),
    }
}

#[test]
fn each_language_reads_its_number_date_total_and_currency() {
    for (lang, text) in INVOICES {
        assert_eq!(read(text), expected(lang), "{lang}");
    }
    let more = [
        ("Invoice #: 2041\nDate: 2026-11-02\nAmount due $1,234.50 USD", facts("2041", "2026-11-02", "1234.50", "USD")),
        ("Rechnung Nr. 88\nDatum: 02.11.2026\nZu zahlen: 1'234.50 CHF", facts("88", "2026-11-02", "1234.50", "CHF")),
        ("Facture no 7\nDate : 2 novembre 2026\nMontant dû\n1 234,50 €", facts("7", "2026-11-02", "1234.50", "EUR")),
        ("Número de factura: A-1\nFecha: 2 de noviembre de 2026\nTotal a pagar 99,90 EUR", facts("A-1", "2026-11-02", "99.90", "EUR")),
        ("INVOICE NUMBER\nX-9\nInvoice date\nNov 2, 2026\nGrand total £80.00", facts("X-9", "2026-11-02", "80.00", "GBP")),
    ];
    for (text, expected) in more {
        assert_eq!(read(text), expected, "{text}");
    }
    // The vendor, when the text labels it.
    assert_eq!(read("Vendor: Fabrikam Events Ltd\nTotal 10.00").vendor.as_deref(), Some("Fabrikam Events Ltd"));
    assert_eq!(read("Fournisseur :\nContoso SARL\nTotal TTC 10,00 €").vendor.as_deref(), Some("Contoso SARL"));
    // Accents, in the label and the name, fold to fewer bytes: the name is read whole.
    assert_eq!(read("Vendor: Société Générale\nTotal 10.00").vendor.as_deref(), Some("Société Générale"));
    assert_eq!(read("Émetteur : Café Müller & Straße\nTotal 10,00 €").vendor.as_deref(), Some("Café Müller & Straße"));
    assert_eq!(read("Lieferant: Weiß Großhandel\nGesamtbetrag 10,00 EUR").vendor.as_deref(), Some("Weiß Großhandel"));
    // The first of a month, as an ordinal: how French writes it, and English often.
    for (text, date) in [("FACTURE\nDate de facture : 1er mars 2026", "2026-03-01"), ("Invoice date: March 1st, 2026", "2026-03-01"), ("Invoice date: 22nd November 2026", "2026-11-22"), ("Fecha de factura: 1º de marzo de 2026", "2026-03-01")] {
        assert_eq!(read(text).date.as_deref(), Some(date), "{text}");
    }
    // A number with other letters after it is no day.
    assert_eq!(read("Invoice date: March 1x, 2026").date, None);
    // A date-like token with a part too long for a number is no date, not a crash.
    for text in ["Invoice date: 2026-99999999999-01\nTotal 10.00", "Date: 12/4294967296/2026", "Invoice No.\n2026-10000000000-01"] {
        assert_eq!(read(text).date, None, "{text}");
    }
}

#[test]
fn an_invoice_paid_in_part_or_in_full_gives_its_total_not_its_balance() {
    let total = |text: &str| read(text).total;
    assert_eq!(total("INVOICE\nTotal: USD 4,200.00\nAmount paid: USD 4,200.00\nAmount due: USD 0.00").as_deref(), Some("4200.00"));
    assert_eq!(total("Invoice total: USD 4,200.00\nBalance due: USD 2,200.00").as_deref(), Some("4200.00"));
    assert_eq!(total("Total TTC : 4 200,00 €\nAcompte versé : 4 200,00 €\nNet à payer : 0,00 €").as_deref(), Some("4200.00"));
    assert_eq!(total("Gesamtbetrag 1.000,00 EUR\nAnzahlung 400,00 EUR\nRestbetrag 600,00 EUR").as_deref(), Some("1000.00"));
    assert_eq!(total("Total amount: 500.00\nPaid 500.00\nTotal amount due: 0.00").as_deref(), Some("500.00"), "a due line is not a \"total amount\"");
    // Nothing paid: what is due is the total (before a plain "Total" that may be before tax).
    assert_eq!(total("Total 4,000.00\nTax 800.00\nAmount due 4,800.00").as_deref(), Some("4800.00"));
    // Paid in part, and no total said: the balance is not taken for it.
    assert_eq!(total("Amount paid 100.00\nBalance due 50.00"), None);
    // Payment instructions are not a payment, nor are terms that say "paid".
    assert_eq!(total("Amount due: 75.00\nPay by direct deposit to our account").as_deref(), Some("75.00"));
    assert_eq!(
        total("INVOICE\nInvoice No.: INV-1001\nDescription\tQty\tTotal\nWebinar platform\t1\t3,000.00\nPromotion\t1\t1,200.00\nAmount due: USD 4,200.00\nPayment terms: to be paid within 30 days").as_deref(),
        Some("4200.00")
    );
    assert_eq!(total("Amount due: 75.00\nTo be paid within 30 days of the invoice date").as_deref(), Some("75.00"));
    // A payment after other words, with its amount: the balance is still not the total.
    assert_eq!(total("Invoice total: 500.00\nLess: amount paid 200.00\nBalance due: 300.00").as_deref(), Some("500.00"));
    assert_eq!(total("Total ¥150,000\nLess: deposit paid ¥50,000\nBalance due ¥100,000").as_deref(), Some("150000"));
    assert_eq!(total("Total USD 4,000\nLess: amount paid USD 1,000\nBalance due USD 3,000").as_deref(), Some("4000"));
    assert_eq!(total("Amount due: ¥165,000\nAmount to be paid ¥165,000").as_deref(), Some("165000"), "what is to be paid is due");
    assert_eq!(total("Balance due: ¥50,000\nNot yet paid ¥50,000").as_deref(), Some("50000"), "nor what is not yet paid");
}

#[test]
fn payments_as_accounting_programs_list_them_leave_the_total_not_the_balance() {
    let total = |text: &str| read(text).total;
    assert_eq!(total("Total $1,200.00\nPayments/Credits -$200.00\nBalance Due $1,000.00").as_deref(), Some("1200.00"));
    assert_eq!(total("Total 1,200.00\nDeposit 200.00\nBalance Due 1,000.00").as_deref(), Some("1200.00"), "QuickBooks Online");
    assert_eq!(total("Total 1,200.00\nPayment Made (-) 200.00\nBalance Due 1,000.00").as_deref(), Some("1200.00"), "Zoho");
    assert_eq!(total("Total $1,200.00\nPayment on March 3, 2026 using a bank payment: $200.00\nAmount Due (USD): $1,000.00").as_deref(), Some("1200.00"), "Wave");
    // A payment's line is no total, however it is labelled.
    assert_eq!(total("Total 1,200.00\nTotal amount paid 200.00\nBalance due 1,000.00").as_deref(), Some("1200.00"));
    // But a receipt's only total may be what was paid.
    assert_eq!(total("RECEIPT\nTotal paid: USD 1,200.00").as_deref(), Some("1200.00"));
    // Terms and ways to pay are no payments.
    assert_eq!(total("Amount due: 75.00\nPayment on receipt").as_deref(), Some("75.00"));
    assert_eq!(total("Balance due: 75.00\nPay by direct deposit to our account").as_deref(), Some("75.00"));
    // Nor are a deposit asked for, or line items named so.
    assert_eq!(total("Deposit required (50%): $600.00\nAmount due: $2,000.00").as_deref(), Some("2000.00"));
    assert_eq!(total("Venue hire 2,000.00\nTotal deposit required 600.00\nAmount due 2,000.00").as_deref(), Some("2000.00"));
    assert_eq!(total("Security deposit 500.00\nTraining credits 1,500.00\nAmount due 2,000.00").as_deref(), Some("2000.00"));
    assert_eq!(total("Total 1,200.00\nLess: deposit 200.00\nBalance due 1,000.00").as_deref(), Some("1200.00"));
}

#[test]
fn a_total_said_without_its_tax_is_no_total_wherever_the_words_stand() {
    let total = |text: &str| read(text).total;
    assert_eq!(total("Total amount (excl. VAT) 1,000.00\nVAT 200.00\nAmount due 1,200.00").as_deref(), Some("1200.00"));
    assert_eq!(total("Total amount before tax 1,000.00\nTax 200.00\nTotal amount due 1,200.00").as_deref(), Some("1200.00"));
    assert_eq!(total("Importe total sin IVA 1.000,00 €\nIVA 210,00 €\nTotal a pagar 1.210,00 €").as_deref(), Some("1210.00"));
    assert_eq!(total("Montant total HT 1 000,00 €\nTVA 200,00 €\nMontant total TTC 1 200,00 €").as_deref(), Some("1200.00"));
    // What a total includes, after its amount, still reads as before.
    assert_eq!(total("Total 1,200.00 incl. VAT 200.00").as_deref(), Some("1200.00"));
    // A net amount before the total on its line, or in brackets with its own amount, is
    // not what the total says of itself.
    assert_eq!(total("Amount excl. VAT\t1,000.00\tVAT\t200.00\tTotal incl. VAT\t1,200.00").as_deref(), Some("1200.00"));
    assert_eq!(total("Total TTC (HT : 1 000,00 €) 1 200,00 €").as_deref(), Some("1200.00"));
}

#[test]
fn a_total_column_heading_a_table_does_not_take_its_first_row() {
    let total = |text: &str| read(text).total;
    let table = "Description\tQty\tUnit price\tTotal amount\nWebinar\t1\t1,000.00\t1,000.00\nPromotion\t1\t500.00\t500.00\nSubtotal\t1,500.00\nVAT\t300.00\nAmount due\t1,800.00";
    assert_eq!(total(table).as_deref(), Some("1800.00"));
    let table = "Item\tQty\tPrice\tTotal\nWebinar\t1\t1,000.00\t1,000.00\nSubtotal\t1,000.00\nVAT\t200.00\nTotal\t1,200.00";
    assert_eq!(total(table).as_deref(), Some("1200.00"), "the plain Total heading its column");
    assert_eq!(total("Total hours: 40\nRate 25.00\nAmount due 1,000.00").as_deref(), Some("1000.00"));
    // A label above its amount is still read, with what it says of itself.
    assert_eq!(total("Invoice total\nUSD 4,200.00").as_deref(), Some("4200.00"));
    assert_eq!(total("Total (€)\n1 234,56").as_deref(), Some("1234.56"));
    assert_eq!(total("Invoice total (incl. VAT)\n£1,200.00").as_deref(), Some("1200.00"));
    assert_eq!(total("Gesamtbetrag\n1.190,00 Euro").as_deref(), Some("1190.00"));
    assert_eq!(total("Rechnungsbetrag (brutto)\n1.190,00 €").as_deref(), Some("1190.00"));
    // A row of totals over their amounts.
    assert_eq!(total("Net amount\tVAT\tTotal amount\n1,000.00\t200.00\t1,200.00").as_deref(), Some("1200.00"));
    // Thin spaces group thousands as no-break spaces do.
    assert_eq!(total("Total TTC 1\u{2009}234,56 €").as_deref(), Some("1234.56"));
}

#[test]
fn a_date_column_beside_the_number_is_not_the_number_and_french_numbers_are_read() {
    let number = |text: &str| read(text).number;
    assert_eq!(number("Date\tInvoice #\n3/15/2026\t1001").as_deref(), Some("1001"), "QuickBooks Desktop's header row");
    assert_eq!(number("Invoice No.\n2026-11-20"), None, "a date alone is still no number");
    // Numbers in three groups of digits that are no date are numbers.
    assert_eq!(number("Invoice No.\n2026-03-042").as_deref(), Some("2026-03-042"));
    assert_eq!(number("N° de facture\n001-001-000000123").as_deref(), Some("001-001-000000123"));
    assert_eq!(number("Facture n°2026-042\nTotal TTC 1 200,00 €").as_deref(), Some("2026-042"));
    assert_eq!(number("N° facture : FA-12").as_deref(), Some("FA-12"));
    assert_eq!(number("Facture n° F-2026-0315").as_deref(), Some("F-2026-0315"));
}

#[test]
fn dates_as_accounting_programs_and_other_languages_abbreviate_them_are_read() {
    let date = |text: &str| read(text).date;
    assert_eq!(date("Invoice date: 15-Mar-2026").as_deref(), Some("2026-03-15"), "Tally, Oracle");
    assert_eq!(date("Invoice date: 2026-03-15T10:00:00").as_deref(), Some("2026-03-15"));
    assert_eq!(date("Date de facture : 15 janv. 2026").as_deref(), Some("2026-01-15"));
    assert_eq!(date("Date de facture : 3 févr. 2026").as_deref(), Some("2026-02-03"));
    assert_eq!(date("Date de facture : 9 juil. 2026").as_deref(), Some("2026-07-09"));
    assert_eq!(date("Rechnungsdatum: 15. Okt. 2026").as_deref(), Some("2026-10-15"));
    assert_eq!(date("Rechnungsdatum: 1. Dez. 2026").as_deref(), Some("2026-12-01"));
    assert_eq!(date("Fecha de factura: 15-ene-2026").as_deref(), Some("2026-01-15"));
    assert_eq!(date("Fecha de factura: 5 de dic. de 2026").as_deref(), Some("2026-12-05"));
    // Not a date: a name that is no month's, a year out of range.
    assert_eq!(date("Invoice date: 15-Foo-2026"), None);
    assert_eq!(date("Invoice date: 15-Mar-3026"), None);
    // In English and French (Canada's): a date that reads two ways is not taken; one
    // that reads one way is.
    assert_eq!(date("INVOICE / FACTURE\nDate: 03/04/2026"), None);
    assert_eq!(date("INVOICE / FACTURE\nDate: 23/04/2026").as_deref(), Some("2026-04-23"));
    assert_eq!(date("FACTURE\nDate : 03/04/2026").as_deref(), Some("2026-04-03"));
    // A French invoice naming an address of invoices is no English one.
    assert_eq!(date("FACTURE\nDate de facture : 03/04/2026\nE-mail : invoices@exemple.fr").as_deref(), Some("2026-04-03"));
    // A date of two-digit year is not read, and the date after it on its line (delivery,
    // due) is not taken in its place.
    assert_eq!(date("Rechnungsdatum: 15.03.26  Lieferdatum: 10.03.2026"), None);
    assert_eq!(date("Invoice Date: 3/15/26 Due Date: 4/14/2026"), None);
}

#[test]
fn a_total_without_decimals_is_read_when_a_currency_stands_beside_it() {
    let total = |text: &str| read(text).total;
    assert_eq!(total("Total: USD 4,200").as_deref(), Some("4200"));
    assert_eq!(total("Total: ¥420,000").as_deref(), Some("420000"));
    assert_eq!(total("Total TTC 4 200 €").as_deref(), Some("4200"));
    assert_eq!(total("Total 420000 JPY").as_deref(), Some("420000"));
    assert_eq!(read("Invoice total: 420,000 JPY").currency.as_deref(), Some("JPY"));
    // A code inside a word is no currency: "4,200 usda".
    assert_eq!(total("Total 4,200 usda"), None);
    // A decimal amount on the line is preferred as ever: the last one.
    assert_eq!(total("Total USD 1,000 (2 × 500.00) 1,000.00").as_deref(), Some("1000.00"));
    assert_eq!(total("Total 1,000.00 USD 3").as_deref(), Some("1000.00"));
    // India's grouping (lakhs, crores) and sign; Korea's won, without decimals.
    assert_eq!(total("Total 12,34,567.00").as_deref(), Some("1234567.00"));
    assert_eq!(total("Grand total 1,00,00,000.00").as_deref(), Some("10000000.00"));
    let indian = read("Tax Invoice No. GST/26/118\nInvoice date: 15/03/2026\nAmount due: ₹12,34,567.00");
    assert_eq!((indian.total.as_deref(), indian.currency.as_deref()), (Some("1234567.00"), Some("INR")));
    assert_eq!(read("Amount due: ₹4,200.00").currency.as_deref(), Some("INR"));
    assert_eq!(total("Total: ₩5,000,000").as_deref(), Some("5000000"));
    // Lakhs are grouped by commas, two by two before the last three: nothing else is.
    assert_eq!(total("Total 1,23,4567.00"), None);
    assert_eq!(total("Total 12.34.567,00"), None);
}

#[test]
fn what_the_text_does_not_say_plainly_is_not_read() {
    let nothing = |text: &str| read(text);
    // Two different amounts due: which one is not the reader's to guess.
    assert_eq!(nothing("Total 100.00\nTotal 200.00").total, None);
    // The same total twice is one total.
    assert_eq!(nothing("Total TTC 10,00 €\nTotal TTC : 10,00 €").total.as_deref(), Some("10.00"));
    // Only a subtotal, a net amount or a tax: no total.
    assert_eq!(nothing("Subtotal 4,000.00\nTotal HT 4 000,00\nTotal VAT 800.00\nNetto 1.000,00").total, None);
    // A number printed above its label, a date below it: the date is not the number.
    assert_eq!(nothing("12345\nInvoice No.\nNovember 20, 2026").number, None);
    assert_eq!(nothing("Invoice No.\n2026-11-20").number, None);
    assert_eq!(nothing("Invoice No.: 20417 Date: 15.03.2026").number.as_deref(), Some("20417"), "on one line with its date");
    // A date that reads two ways in English.
    assert_eq!(nothing("Invoice date: 03/04/2026").date, None);
    assert_eq!(nothing("Date de facture : 03/04/2026").date.as_deref(), Some("2026-04-03"));
    assert_eq!(nothing("Invoice date: 13/04/2026").date.as_deref(), Some("2026-04-13"));
    assert_eq!(nothing("Invoice date: 31/02/2026").date, None, "no such day");
    // Digits of another script, a language not read, a label inside a word.
    assert_eq!(nothing("Invoice No.: ٤٥٦\nTotal: ١٢٣٫٤٥"), InvoiceFacts::default());
    assert_eq!(nothing("請求書番号: 123\n合計: ¥1,234"), InvoiceFacts::default());
    assert_eq!(nothing("Totality of the 5.00 fees"), InvoiceFacts::default());
    // Amounts without two decimals and with no currency beside them, or with groups that
    // are not thousands, are not totals.
    assert_eq!(nothing("Total 1,234").total, None);
    assert_eq!(nothing("Total: 3 items").total, None);
    assert_eq!(nothing("Total 12,3,567.00").total, None);
    assert_eq!(nothing("Total 1,234,56,789.00").total, None, "thousands, then lakhs");
    // A bare dollar sign names no one currency; a code does.
    assert_eq!(nothing("Total $12.00").currency, None);
    assert_eq!(nothing("Total $12.00\nAll amounts in CAD").currency.as_deref(), Some("CAD"));
    // CAD as computer-aided design names no currency; as a currency it still does.
    assert_eq!(nothing("Invoice total: $4,200.00\nCAD modelling and CAD drawings").currency, None);
    assert_eq!(nothing("Invoice total: CAD 4,200.00\nCAD design services").currency.as_deref(), Some("CAD"));
    assert!(nothing("").is_empty());
}

/// Runs a command; its success.
fn ran(command: &mut Command) -> bool {
    command.status().is_ok_and(|status| status.success())
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("preflight-invoices-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The text layer of a PDF, through the reader.
fn pdf_text(bytes: Vec<u8>) -> String {
    let pdf = hayro_syntax::Pdf::new(bytes).expect("the PDF reads");
    super::text::text(&pdf, &mut super::pdf::MAX_CONTENT_TOTAL.clone())
}

/// A PostScript page that writes `text` line by line in Helvetica re-encoded as Latin-1.
fn postscript(text: &str) -> Vec<u8> {
    let mut out = b"%!PS\n/Helvetica findfont dup length dict begin { 1 index /FID ne { def } { pop pop } ifelse } forall /Encoding ISOLatin1Encoding def currentdict end /Latin exch definefont pop\n/Latin findfont 11 scalefont setfont\n".to_vec();
    for (index, line) in text.lines().enumerate() {
        out.extend_from_slice(format!("72 {} moveto (", 760 - index * 16).as_bytes());
        for c in line.chars() {
            match c {
                '(' | ')' | '\\' => out.extend_from_slice(&[b'\\', c as u8]),
                // Latin-1 has no euro sign: the code says it.
                '€' => out.extend_from_slice(b"EUR"),
                c if (c as u32) < 256 => out.push(c as u8),
                _ => out.push(b'?'),
            }
        }
        out.extend_from_slice(b") show\n");
    }
    out.extend_from_slice(b"showpage\n");
    out
}

/// fpdf2 with DejaVu Sans (Debian's, installed with Chromium), embedded as a CID font
/// with a `ToUnicode` map: the other way text is stored.
const FPDF: &str = "import sys\nfrom fpdf import FPDF\npdf = FPDF(); pdf.add_page(); pdf.add_font('dejavu', fname='/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'); pdf.set_font('dejavu', size=11)\nfor line in open(sys.argv[1], encoding='utf-8').read().split('\\n'):\n    pdf.cell(0, 7, text=line, new_x='LMARGIN', new_y='NEXT')\npdf.output(sys.argv[2])\n";

#[test]
fn invoices_written_by_fpdf2_and_ghostscript_are_read_right() {
    let dir = scratch("producers");
    let mut right = 0;
    let mut total = 0;
    let mut misses = Vec::new();
    for (lang, text) in INVOICES {
        let source = dir.join(format!("{lang}.txt"));
        std::fs::write(&source, text).expect("write");
        let by_fpdf = dir.join(format!("{lang}-fpdf.pdf"));
        assert!(ran(Command::new("python3").args(["-c", FPDF]).arg(&source).arg(&by_fpdf)), "fpdf2 (scripts/setup.sh installs it)");
        let ps = dir.join(format!("{lang}.ps"));
        std::fs::write(&ps, postscript(text)).expect("write");
        let by_gs = dir.join(format!("{lang}-gs.pdf"));
        assert!(ran(Command::new("ps2pdf").arg(&ps).arg(&by_gs)), "ps2pdf (scripts/setup.sh installs Ghostscript)");
        for (producer, path) in [("fpdf2", by_fpdf), ("ps2pdf", by_gs)] {
            let text = pdf_text(std::fs::read(&path).expect("read"));
            let found = read(&text);
            let want = expected(lang);
            for (field, got, wanted) in [("number", &found.number, &want.number), ("date", &found.date, &want.date), ("total", &found.total, &want.total)] {
                total += 1;
                if got == wanted {
                    right += 1;
                } else {
                    misses.push(format!("{producer} {lang} {field}: {got:?} for {wanted:?}\n{text}"));
                }
            }
        }
    }
    println!("invoice facts read exactly right: {right} of {total} ({}%)", right * 100 / total.max(1));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}


#[test]
fn a_total_is_read_up_to_what_it_includes_and_a_code_against_its_number_is_its_currency() {
    // The tax a total includes, said after it, is not the total.
    let french = read("Facture n° F-1\nDate : 01/12/2026\nTotal TTC : 1 234,56 € (dont TVA 20 % : 205,76 €)");
    assert_eq!((french.total.as_deref(), french.currency.as_deref()), (Some("1234.56"), Some("EUR")));
    let english = read("Invoice No.: 5\nInvoice date: 2026-12-01\nTotal: £1,234.56 incl. VAT £205.76");
    assert_eq!((english.total.as_deref(), english.currency.as_deref()), (Some("1234.56"), Some("GBP")));
    // A tax added on the line, or the total with its tax after the total without: the
    // total with its tax.
    assert_eq!(read("Total: £1,000.00 + VAT £200.00 = £1,200.00").total.as_deref(), Some("1200.00"));
    assert_eq!(read("Total: £1,000.00 ex VAT, £1,200.00 inc VAT").total.as_deref(), Some("1200.00"));
    assert_eq!(read("Total: £1,000.00 ex VAT, incl. VAT £1,200.00").total.as_deref(), Some("1200.00"));
    assert_eq!(read("Gesamtbetrag 1.190,00 EUR inkl. 19 % MwSt. 190,00 EUR").total.as_deref(), Some("1190.00"));
    // The tax, or the net, said after the total: not the total.
    for (text, total) in [
        ("Total £1,200.00 (VAT £200.00)", "1200.00"),
        ("Total: €1,210.00 (of which VAT €210.00)", "1210.00"),
        ("Total TTC 1 200,00 € (TVA 200,00 €)", "1200.00"),
        ("Total TTC 1 200,00 € (soit 200,00 € de TVA)", "1200.00"),
        ("Total: 1.190,00 € (MwSt. 190,00 €)", "1190.00"),
        ("Gesamtbetrag 1.190,00 € (enthaltene MwSt. 190,00 €)", "1190.00"),
        ("Gesamtbetrag 1.190,00 EUR, darin enthalten 19% USt. 190,00 EUR", "1190.00"),
        ("Importe total 1.210,00 € (IVA 21%: 210,00 €)", "1210.00"),
        ("Grand total $1,080.00 Sales tax $80.00", "1080.00"),
        ("Total incl. VAT £1,200.00 (£1,000.00 excl. VAT)", "1200.00"),
        ("Total €1,210.00 (net €1,000.00 + VAT €210.00)", "1210.00"),
        // A discount between the gross and the total: the total.
        ("Total\t1,100.00\t(100.00)\t1,000.00", "1000.00"),
        ("Total: £1,100.00 less £100.00 (discount) = £1,000.00", "1000.00"),
        ("Total\t1,100.00\tDiscount\t100.00\tNet\t1,000.00", "1000.00"),
        ("Total TTC 1 100,00 € remise 110,00 € (10 %) = 990,00 €", "990.00"),
        ("Total (EUR) 1 234,56", "1234.56"),
    ] {
        assert_eq!(read(text).total.as_deref(), Some(total), "{text}");
    }
    // Columns (cells apart: a tab) are still read to their last amount: quantity, price, total.
    assert_eq!(read("Total\t2\t500.00\t1,000.00").total.as_deref(), Some("1000.00"));
    // A currency code written against the number is the currency, and the number whole.
    let glued = read("Invoice No.: 7\nInvoice date: 2026-12-01\nTotal due: USD1,234.56");
    assert_eq!((glued.total.as_deref(), glued.currency.as_deref()), (Some("1234.56"), Some("USD")));
    let swiss = read("Rechnung Nr. 9\nDatum: 01.12.2026\nGesamtbetrag: CHF1'234.50");
    assert_eq!((swiss.total.as_deref(), swiss.currency.as_deref()), (Some("1234.50"), Some("CHF")));
    // Digits inside another word are no amount, not even their end.
    assert_eq!(read("Total ref INV2041.50").total, None);
    assert_eq!(read("Total: A1,234.56").total, None);
}

/// A file of several invoices (one a page): which one it is for is not the reader's to
/// guess, so neither number nor date nor total is read; the same invoice's header
/// repeated on each page is one invoice.
#[test]
fn a_file_of_several_invoices_gives_no_number_date_or_total() {
    let two = read("INVOICE\nInvoice No.: INV-100\nInvoice date: 2026-11-02\nTotal: USD 1,000.00\nINVOICE\nInvoice No.: INV-101\nInvoice date: 2026-11-20\nTotal: USD 2,500.00");
    assert_eq!((two.number, two.date, two.total), (None, None, None));
    // Sentences that name the labels are not other invoices.
    for text in [
        "Invoice No.: INV-0042\nInvoice date: 2026-12-01\nPlease quote the invoice number with your payment within 30 days.",
        "Rechnungsnummer: INV-0042\nRechnungsdatum: 01.12.2026\nDas Leistungsdatum entspricht dem Rechnungsdatum.\nBitte geben Sie bei Zahlung die Rechnungsnummer an. Zahlbar bis 15.12.2026",
        "Invoice No.: INV-0042\nInvoice date: 2026-12-01\nPayment terms: 30 days from invoice date\nDue date: 2026-12-31",
    ] {
        let facts = read(text);
        assert_eq!((facts.number.as_deref(), facts.date.as_deref()), (Some("INV-0042"), Some("2026-12-01")), "{text}");
    }
    // Several invoices however their labels are written: a value on the next line, a word
    // before the label, a generic date label followed by an invoice word.
    for text in [
        "Invoice No.\nINV-100\nInvoice date\n2026-11-02\nInvoice No.\nINV-101\nInvoice date\n2026-11-20",
        "Tax Invoice No: INV-100\nDate issued: 2026-11-02\nTax Invoice No: INV-101\nDate issued: 2026-11-20",
    ] {
        let facts = read(text);
        assert_eq!((facts.number, facts.date), (None, None), "{text}");
    }
    let repeated = read("INVOICE\nInvoice No.: INV-100\nInvoice date: 2026-11-02\nPage 1 of 2\nInvoice No.: inv-100\nInvoice date: 2026-11-02\nTotal: USD 1,000.00");
    assert_eq!((repeated.number.as_deref(), repeated.date.as_deref(), repeated.total.as_deref()), (Some("INV-100"), Some("2026-11-02"), Some("1000.00")));
}

#[test]
fn the_day_first_is_told_by_whole_words_and_a_generic_date_label_by_its_own_line() {
    // "manufacturer" holds "facture": an English invoice still reads 11/03 two ways.
    assert_eq!(read("INVOICE\nInvoice No.: 11\nInvoice date: 11/03/2026\nDisplays, manufacturer: Northwind\nTotal: $10.00").date, None);
    assert_eq!(read("Rechnungsnummer: 3\nDate: 11/03/2026").date.as_deref(), Some("2026-03-11"), "a German word of its own");
    // Order, due and service dates are not the invoice's date; a plain "Date" line is.
    assert_eq!(read("Order date: 2026-05-02\nDue date: 2027-01-05\nDate: 2026-12-01").date.as_deref(), Some("2026-12-01"));
    assert_eq!(read("FACTURE\nDate de la prestation : 15/05/2026\nDate : 01/12/2026").date.as_deref(), Some("2026-12-01"));
    assert_eq!(read("Date of service: 2026-05-15\nDelivery date 2026-05-16").date, None);
    assert_eq!(read("Order date: 2026-05-02").date, None);
    assert_eq!(read("Date\n2026-12-01").date.as_deref(), Some("2026-12-01"), "a label above its value");
    assert_eq!(read("Client\tDate\t2 décembre 2026").date.as_deref(), Some("2026-12-02"), "a label in its own cell");
    assert_eq!(read("Date December 2, 2026").date.as_deref(), Some("2026-12-02"));
    // Labels that name the invoice's date in other words, and a date after the number.
    for (text, date) in [
        ("FACTURE\nDate de facturation : 01/12/2026", "2026-12-01"),
        ("FACTURE\nDate facture : 01/12/2026", "2026-12-01"),
        ("FACTURA\nFecha emisión: 15/05/2026", "2026-05-15"),
        ("FACTURA\nFecha de expedición: 15/05/2026", "2026-05-15"),
        ("Date issued: 2026-12-01", "2026-12-01"),
        ("Billing date: 2026-12-01", "2026-12-01"),
        ("Invoice No.: 20417 Date: 15.03.2026", "2026-03-15"),
        ("Rechnung\nLieferdatum: 02.11.2026\nDatum: 05.11.2026", "2026-11-05"),
        ("FACTURE\nDate d'échéance : 31/12/2026\nDate : 01/12/2026", "2026-12-01"),
        ("FACTURA\nFecha de vencimiento: 31/12/2026\nFecha: 01/12/2026", "2026-12-01"),
    ] {
        assert_eq!(read(text).date.as_deref(), Some(date), "{text}");
    }
    assert_eq!(read("Payment date: 2026-12-20\nDelivery date: 2026-12-01").date, None);
    // Other dates, however they are written, are not the invoice's; beside its own, they
    // leave it read.
    for text in [
        "FACTURE\nDate d\u{2019}échéance : 31/12/2026", "FACTURE\nDate échéance : 31/12/2026", "FACTURE\nDate d'exigibilité : 31/12/2026", "FACTURE\nDate commande : 02/11/2026",
        "FACTURA\nFecha vencimiento: 31/12/2026", "FACTURA\nFecha Vto.: 31/12/2026", "FACTURA\nFecha pedido: 02/11/2026", "FACTURA\nFecha de cobro: 31/12/2026",
        "Rechnung\nDatum der Bestellung: 02.11.2026", "Date paid: 2026-12-20", "PO Date: 2026-11-15", "Date shipped: 2026-11-15", "Date of purchase: 2026-11-15",
    ] {
        assert_eq!(read(text).date, None, "{text}");
    }
    for text in ["FACTURA\nFecha: 01/12/2026\nFecha vencimiento: 31/12/2026", "FACTURE\nDate : 01/12/2026\nDate échéance : 31/12/2026", "Date: 2026-12-01\nPO Date: 2026-11-15"] {
        assert_eq!(read(text).date.as_deref(), Some("2026-12-01"), "{text}");
    }
    assert_eq!(read("FACTURE\nDate d\u{2019}émission : 01/12/2026").date.as_deref(), Some("2026-12-01"));
    for text in ["Date - 01/12/2026", "Date.: 01.12.2026", "Date/Time: 01.12.2026 10:30", "Date (dd/mm/yyyy): 01/12/2026", "Date Invoiced: 01/12/2026", "Date of the invoice: 01.12.2026"] {
        assert_eq!(read(&format!("FACTURE\n{text}")).date.as_deref(), Some("2026-12-01"), "{text}");
    }

}

/// fpdf2 writing each line's cells (`|` between them) in columns, right-aligned but the
/// first: a table as invoices print one.
const FPDF_TABLE: &str = "import sys\nfrom fpdf import FPDF\npdf = FPDF(); pdf.add_page(); pdf.add_font('dejavu', fname='/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'); pdf.set_font('dejavu', size=11)\nfor line in open(sys.argv[1], encoding='utf-8').read().split('\\n'):\n    for i, cell in enumerate(line.split('|')):\n        pdf.cell(70 if i == 0 else 35, 7, text=cell, align='L' if i == 0 else 'R')\n    pdf.ln(7)\npdf.output(sys.argv[2])\n";

#[test]
fn a_quantity_beside_a_total_in_a_table_is_another_cell_not_its_thousands() {
    let dir = scratch("table");
    for (text, total) in [
        ("Fabrikam Events Ltd\nINVOICE\nInvoice No.: INV-3001\nInvoice date: 2026-12-01\nItem|Qty|Amount (USD)\nBooth panels|2|300.00\nCatering|1|100.00\nTotal|3|400.00", "400.00"),
        ("Agence Lumière SARL\nFACTURE\nFacture n° FA-3002\nDate : 01/12/2026\nDésignation|Qté|Montant (EUR)\nPanneaux|2|300,00\nTraiteur|1|100,00\nTotal TTC|3|400,00", "400.00"),
        // A space that groups thousands inside one cell is still one amount.
        ("Agence Lumière SARL\nFACTURE\nFacture n° FA-3003\nDate : 01/12/2026\nTotal TTC|1|2 400,00 €", "2400.00"),
    ] {
        let source = dir.join("table.txt");
        std::fs::write(&source, text).expect("write");
        let pdf = dir.join("table.pdf");
        assert!(ran(Command::new("python3").args(["-c", FPDF_TABLE]).arg(&source).arg(&pdf)), "fpdf2");
        let read_text = pdf_text(std::fs::read(&pdf).expect("read"));
        assert_eq!(read(&read_text).total.as_deref(), Some(total), "{read_text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A credit note's total is below zero: it pays nothing, and is no total to compare with
/// a cost line (read as the same amount due, it hid an over-claim). A net total is not
/// the total; an amount payable is.
#[test]
fn a_total_below_zero_is_no_total_and_a_net_total_is_not_the_total() {
    for credit in [
        "Credit note CN-12\nInvoice date: 2026-03-15\nTotal: -1,200.00 EUR",
        "Avoir n° A-3\nDate : 15/03/2026\nTotal TTC : -1 200,00 €",
        "Gutschrift Nr. 5\nDatum: 15.03.2026\nGesamtbetrag 1.190,00- EUR",
        "Credit memo 9\nTotal (1,200.00)",
        "Nota de crédito NC-4\nImporte total -1.200,00 €",
    ] {
        assert_eq!(read(credit).total, None, "{credit}");
        assert!(read(credit).below_zero, "{credit}");
    }
    // Below zero, but not said to be a credit note (a credit carried forward, a line of
    // the same rank, thanks for having chosen us): no total, and no credit note either;
    // nor is a zero below zero.
    for text in [
        "Total: USD -1,200.00",
        "Total \u{2212}1,200.00 €",
        "Invoice 12\nTotal 1,200.00\nPrevious balance -200.00\nAmount due 1,000.00",
        "Facture 12\nMerci de nous avoir choisis\nTotal TTC : -1 200,00 €",
        "Invoice 13\nCredit card: Visa\nBalance -0.00",
    ] {
        assert_eq!(read(text).total, None, "{text}");
        assert!(!read(text).below_zero, "{text}");
    }
    // A credit note's zero is no credit either.
    assert!(!read("Credit note 14\nTotal -0.00").below_zero);
    // What a total saved or credited is, beside it, is not the total.
    assert_eq!(read("Invoice 15\nTotal 1,200.00 USD\nTotal savings -100.00").total.as_deref(), Some("1200.00"));
    for (text, total) in [
        ("Invoice No.: 4\nNet Total £1,000.00\nVAT 20% £200.00\nAmount payable £1,200.00", "1200.00"),
        ("Invoice 5\nSubtotal 1,000.00\nDiscount -100.00\nTotal 900.00 USD", "900.00"),
        ("Invoice 6\nTotal (incl. VAT) 1,200.00 EUR", "1200.00"),
        // A dash between the label and its amount is no minus.
        ("Invoice 7\nTotal - 1,200.00 EUR", "1200.00"),
        ("Facture 8\nTotal TTC \u{2013} 1 200,00 €", "1200.00"),
    ] {
        assert_eq!(read(text).total.as_deref(), Some(total), "{text}");
        assert!(!read(text).below_zero, "{text}");
    }
    // A total in dollars takes no euro named elsewhere (an account for payments from
    // abroad); a dollar code named elsewhere it does.
    assert_eq!(read("Invoice No.: 1001\nInvoice date: 2026-03-15\nTotal $1,200.00\nInternational payments: EUR account IBAN DE89 3704").currency, None);
    assert_eq!(read("Invoice No.: 1002\nTotal $1,200.00\nAll amounts in CAD").currency.as_deref(), Some("CAD"));
    // A period after From: is no vendor; a name is, and a label ending the text leaves
    // the search going on.
    assert_eq!(read("From: 01/03/2026 To: 31/03/2026\nTotal 10.00").vendor, None);
    assert_eq!(read("From: Fabrikam Events Ltd\nTotal 10.00").vendor.as_deref(), Some("Fabrikam Events Ltd"));
    assert_eq!(read("Supplier: Northwind Mailing\nTotal 10.00\nFrom:").vendor.as_deref(), Some("Northwind Mailing"));
}
