// Invoices held against the claim (issue: read the invoice and hold it against the claim):
// an invoice made here by fpdf2 is added to the example claim, its facts are read from its
// text and shown on its row as read from the file; its total below its cost line is a
// blocker on that row until the line is corrected; a typed fact wins; the facts survive a
// reload and are in the package's manifest; the same invoice in a second claim is said to
// be claimed twice, naming the first. Chromium's print to PDF is read too, in four
// languages.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually, formatViolations, journey as defineJourney, runAxe, TIMEOUT, useBrowser, useScratch } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body) => defineJourney(test, env, name, body, { timeout: 240_000 });
const scratch = useScratch({ before, after }, 'invoices');

const button = (page, name) => page.getByRole('button', { name, exact: true });
const field = (page, label) => page.getByLabel(label, { exact: true });
const row = (page, fileName) => page.locator('li.document').filter({ has: page.getByRole('heading', { name: fileName, exact: true }) });
const markers = (page, name) => row(page, name).locator('[data-marker]').evaluateAll((items) => items.map((item) => item.dataset.marker));

const FPDF = `
import sys
from fpdf import FPDF
pdf = FPDF(); pdf.add_page()
pdf.add_font('dejavu', fname='/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'); pdf.set_font('dejavu', size=11)
for line in sys.argv[2].split('\\n'):
    pdf.cell(0, 7, text=line, new_x='LMARGIN', new_y='NEXT')
pdf.output(sys.argv[1])
`;

async function invoicePdf(name, text) {
  const file = path.join(scratch.dir, name);
  execFileSync('python3', ['-c', FPDF, file, text]);
  return file;
}

/** Adds an invoice to the claim on the page, typed as an invoice and linked to line `line`. */
async function addInvoice(page, file, line) {
  const name = path.basename(file);
  await page.getByLabel('Add documents', { exact: true }).setInputFiles(file);
  await row(page, name).getByLabel('Document type', { exact: true }).selectOption({ label: 'Invoice' });
  if (line) await row(page, name).getByLabel('Cost line', { exact: true }).selectOption({ index: line });
  return name;
}

journey('an invoice is read, held against its cost line, kept across a reload, packaged, and said to be claimed twice in another claim', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const activityEnd = await field(page, 'Activity end').inputValue();
  const file = await invoicePdf('Fabrikam invoice 77.pdf', `Fabrikam Events Ltd\nINVOICE\nInvoice No.: INV-77\nInvoice date: ${activityEnd}\nVenue rental 1 3,636.36 3,636.36\nSubtotal 3,636.36\nTax (10%) 363.64\nTotal due: USD 4,000.00`);
  // It replaces the example's invoice of line 1 (a line paid by several invoices is held
  // to their totals together: the rules' tests).
  await row(page, 'Fabrikam invoice INV-20417.pdf').getByLabel('Cost line', { exact: true }).selectOption({ index: 0 });
  const name = await addInvoice(page, file, 1);
  const invoice = row(page, name);
  // Read from the file, and said so.
  await eventually(async () => assert.equal(await invoice.getByLabel('Invoice number', { exact: true }).inputValue(), 'INV-77'));
  assert.equal(await invoice.getByLabel('Invoice date', { exact: true }).inputValue(), activityEnd);
  assert.equal(await invoice.getByLabel('Invoice total', { exact: true }).inputValue(), '4,000.00');
  assert.equal(await invoice.getByLabel('Invoice currency', { exact: true }).inputValue(), 'USD');
  assert.equal(await invoice.getByText('Read from the file: correct it if it is wrong.').count(), 4);
  // The line claims 4,200.00: more than the invoice.
  await eventually(async () => assert.ok((await markers(page, name)).includes('INVOICE-TOTAL-MISMATCH')));
  await page.getByRole('region', { name: 'Checks', exact: true }).getByText(`Cost line 1 claims $4,200.00, more than the total of its invoice ${name}, $4,000.00.`).waitFor();
  // A total typed so that it cannot be read is said on its field, and the blocker does not
  // go unsaid: the Checks' link takes the keyboard to the field; typed right, it goes.
  await invoice.getByLabel('Invoice total', { exact: true }).fill('4,000.001');
  const unreadable = page.getByRole('region', { name: 'Checks', exact: true }).locator('[data-code="FIELD-INVALID"]');
  await unreadable.getByText(`The invoice total of ${name}: “4,000.001” cannot be read`, { exact: false }).waitFor();
  // Said on the field itself too, for a screen reader as for the eye.
  const total = invoice.getByLabel('Invoice total', { exact: true });
  assert.equal(await total.getAttribute('aria-invalid'), 'true');
  const described = (await total.getAttribute('aria-describedby')) ?? '';
  assert.ok(described.split(' ').some((id) => id.endsWith('-error')), described);
  assert.equal(await page.getByRole('region', { name: 'Checks', exact: true }).getByText(/Ready to submit/).count(), 0);
  await unreadable.getByRole('button').first().click();
  await eventually(async () => assert.equal(await page.evaluate(() => document.activeElement?.id), await invoice.getByLabel('Invoice total', { exact: true }).getAttribute('id')));
  // Cleared, what was read counts again; the field shows it once left. While it has the
  // keyboard it stays as typed: what was read, put back under the caret, had the next
  // keys appended to it (4,000.0035).
  await total.fill('');
  await eventually(async () => assert.equal(await unreadable.count(), 0, (await unreadable.allInnerTexts()).join(' / ')));
  await total.press('3');
  await total.press('5');
  await eventually(async () => assert.equal(await total.inputValue(), '35'));
  await total.press('Backspace');
  await total.press('Backspace');
  await page.waitForTimeout(300);
  assert.equal(await total.inputValue(), '', 'emptied by the keyboard, it stays empty while typed in');
  await total.blur();
  await eventually(async () => assert.equal(await total.inputValue(), '4,000.00'));
  // A currency typed in words is said on its field too, not taken for another currency
  // (which hid the line's total behind a warning); cleared, the line's blocker is back.
  const currency = invoice.getByLabel('Invoice currency', { exact: true });
  await currency.fill('dolars');
  await unreadable.getByText(`The invoice currency of ${name}: “dolars” cannot be read: type its code of three letters (USD, EUR) or its sign ($, €).`).waitFor();
  assert.equal(await currency.getAttribute('aria-invalid'), 'true');
  await eventually(async () => assert.ok(!(await markers(page, name)).includes('INVOICE-CURRENCY')));
  await currency.fill('');
  await eventually(async () => assert.equal(await unreadable.count(), 0));
  await eventually(async () => assert.ok((await markers(page, name)).includes('INVOICE-TOTAL-MISMATCH')));
  // Corrected on the line, the blocker goes.
  await page.locator('li.cost-line').first().getByLabel('Amount', { exact: true }).fill('4,000.00');
  await field(page, 'Claimed amount').fill('6,650.00');
  await eventually(async () => assert.ok(!(await markers(page, name)).includes('INVOICE-TOTAL-MISMATCH')));
  // A typed fact wins over the one read, and says nothing of the file.
  await invoice.getByLabel('Invoice number', { exact: true }).fill('INV-0077');
  await eventually(async () => assert.equal(await invoice.getByText('Read from the file: correct it if it is wrong.').count(), 3));
  // Its vendor, which this file does not label, typed: it goes into the manifest too.
  await invoice.getByLabel('Invoice vendor', { exact: true }).fill('Fabrikam Events Ltd');

  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  await page.reload();
  await eventually(async () => assert.equal(await row(page, name).getByLabel('Invoice number', { exact: true }).inputValue(), 'INV-0077'));
  assert.equal(await row(page, name).getByLabel('Invoice total', { exact: true }).inputValue(), '4,000.00');

  // In the package: the facts, and where each came from.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT * 4 }), button(page, 'Build package').click()]);
  const zip = path.join(scratch.dir, download.suggestedFilename());
  await download.saveAs(zip);
  const manifest = JSON.parse(execFileSync('unzip', ['-p', zip, 'manifest.json'], { encoding: 'utf8' }));
  const facts = manifest.documents.find((document) => document.original_name === name).invoice;
  assert.deepEqual(facts, {
    number: { value: 'INV-0077', source: 'typed' },
    date: { value: activityEnd, source: 'read' },
    total: { value: '4000.00', source: 'read' },
    currency: { value: 'USD', source: 'read' },
    vendor: { value: 'Fabrikam Events Ltd', source: 'typed' },
    total_amount: { decimal: '4000.00', minor: 400000, currency: 'USD' },
  });
  assert.match(execFileSync('unzip', ['-p', zip, 'summary.html'], { encoding: 'utf8' }), /Invoice INV-0077 of .+?, total \$4,000\.00/);

  // The same file in a new claim: claimed twice, naming the first claim.
  await button(page, 'New claim').click();
  await eventually(async () => assert.equal(await field(page, 'Claim title').inputValue(), ''));
  await field(page, 'Claim title').fill('Second webinar');
  await addInvoice(page, file, 0);
  await page.getByText(`${name} is also attached to the claim Contoso cloud security webinar.`).waitFor();
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], formatViolations(violations));
});

// The same four invoices as the native tests, printed to PDF by Chromium (a Type0 font
// with a ToUnicode map), read from the page.
const PRINTED = [
  ['en', '<p>Fabrikam Events Ltd</p><h1>INVOICE</h1><p>Invoice No.: INV-20417</p><p>Invoice date: March 15, 2026</p><table><tr><td>Venue rental</td><td>3,000.00</td></tr><tr><td>Subtotal</td><td>4,000.00</td></tr></table><p>Total due: USD 4,180.00</p>', ['INV-20417', '2026-03-15', '4,180.00', 'USD']],
  ['fr', '<p>Contoso Événements SARL</p><h1>FACTURE</h1><p>Facture n° F-2026-0315</p><p>Date de facture : 15 mars 2026</p><p>Sous-total HT 2 500,00</p><p>TVA 20 % 500,00</p><p>Net à payer : 3 000,00 €</p>', ['F-2026-0315', '2026-03-15', '3,000.00', 'EUR']],
  ['de', '<p>Northwind Veranstaltungen GmbH</p><h1>RECHNUNG</h1><p>Rechnungsnummer: RE-4711</p><p>Rechnungsdatum: 15. März 2026</p><p>Zwischensumme 1.800,00</p><p>Gesamtbetrag 2.142,00 EUR</p>', ['RE-4711', '2026-03-15', '2,142.00', 'EUR']],
  ['es', '<p>Eventos Tailspin S.L.</p><h1>FACTURA</h1><p>Factura nº: FAC-0098</p><p>Fecha de factura: 15/03/2026</p><p>Base imponible 1.250,00</p><p>Importe total: 1.512,50 €</p>', ['FAC-0098', '2026-03-15', '1,512.50', 'EUR']],
];

journey("Chromium's printed invoices in four languages are read right", async (page) => {
  let right = 0;
  for (const [lang, html, expected] of PRINTED) {
    const printer = await page.context().newPage();
    await printer.setContent(`<html lang="${lang}"><body>${html}</body></html>`);
    const file = path.join(scratch.dir, `printed-${lang}.pdf`);
    await writeFile(file, await printer.pdf({ format: 'A4' }));
    await printer.close();
    const name = await addInvoice(page, file, 0);
    const invoice = row(page, name);
    await eventually(async () => assert.notEqual(await invoice.getByLabel('Invoice number', { exact: true }).inputValue(), ''));
    const read = [];
    for (const label of ['Invoice number', 'Invoice date', 'Invoice total', 'Invoice currency']) read.push(await invoice.getByLabel(label, { exact: true }).inputValue());
    assert.deepEqual(read, expected, lang);
    right += read.slice(0, 3).filter((value, at) => value === expected[at]).length;
  }
  console.log(`Chromium's invoices: ${right} of ${PRINTED.length * 3} facts (number, date, total) read exactly right`);
});

defineJourney(test, env, 'a total read from an invoice is shown as the page writes amounts: 3 000,00 on a French page', async (page) => {
  await button(page, 'Nouvelle demande').click();
  await button(page, 'Ajouter une ligne de coût').click();
  const file = await invoicePdf('facture.pdf', 'Contoso Événements SARL\nFACTURE\nFacture n° F-2026-0315\nDate de facture : 15 mars 2026\nNet à payer : 3 000,00 EUR');
  await page.getByLabel('Ajouter des documents', { exact: true }).setInputFiles(file);
  await row(page, 'facture.pdf').getByLabel('Type de document', { exact: true }).selectOption({ label: 'Facture' });
  const total = row(page, 'facture.pdf').getByLabel('Total de la facture', { exact: true });
  await eventually(async () => assert.equal(await total.inputValue(), '3\u202f000,00'));
  // Said to be read from the file, and read back as the amount it is.
  const hint = row(page, 'facture.pdf').locator('[id$="-invoice-total-hint"]');
  await eventually(async () => assert.match(await hint.textContent(), /^Lu dans le fichier\s:\scorrigez la valeur si elle est fausse\./));
}, { locale: 'fr-FR', readyButton: "Charger l'exemple de demande" });

// A credit note given as the invoice: its total below zero pays nothing. Said as such, in
// both languages, not as a total that could not be read; a total typed is the partner's.
journey('a credit note given as an invoice is said to be one, not a total that could not be read', async (page) => {
  await button(page, 'Load example claim').click();
  await eventually(async () => assert.equal(await page.locator('li.document .facts', { hasText: 'SHA-256' }).count(), 7));
  const activityEnd = await field(page, 'Activity end').inputValue();
  const file = await invoicePdf('Fabrikam credit note CN-12.pdf', `Fabrikam Events Ltd\nCREDIT NOTE CN-12\nInvoice No.: INV-77\nDate: ${activityEnd}\nVenue rental, cancelled day -400.00\nTotal: USD -400.00`);
  const name = await addInvoice(page, file, 1);
  await eventually(async () => assert.ok((await markers(page, name)).includes('INVOICE-CREDIT-NOTE'), (await markers(page, name)).join(' ')));
  assert.ok(!(await markers(page, name)).includes('INVOICE-FACTS-MISSING'), 'not a total that could not be read');
  const checks = page.getByRole('region', { name: 'Checks', exact: true });
  await checks.getByText(`${name} reads as a credit note: its total is below zero, and a credit note pays nothing.`).waitFor();
  await checks.getByText("Add the invoice it corrects, claim what you paid net of the credit, and set the credit note's Document type to Other. If it is an invoice after all, type its Invoice total on its row.").waitFor();
  assert.equal(await row(page, name).getByLabel('Invoice total', { exact: true }).inputValue(), '');
  await button(page, 'Français').click();
  await page.getByRole('region', { name: 'Vérifications', exact: true }).getByText(`${name} se lit comme un avoir\u00a0: son total est négatif, et un avoir ne paie rien.`).waitFor();
  await button(page, 'English').click();
  // Typed, the total is the partner's: it is an invoice after all.
  await row(page, name).getByLabel('Invoice total', { exact: true }).fill('400.00');
  await eventually(async () => assert.ok(!(await markers(page, name)).includes('INVOICE-CREDIT-NOTE')));
});
