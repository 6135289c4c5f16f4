//! `summary.html`: a printable, self-contained page (no external resources) in the
//! partner's language: status first, then claim, dates, checks, cost lines, documents.

use crate::claim::{Claim, ClaimField, CostType, DocType};
use crate::i18n::Catalog;
use crate::package::manifest::ManifestDocument;
use crate::profile::Profile;
use crate::rules::{Context, Review};

/// Escapes text for HTML element content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Whether `c` embeds, overrides or isolates a direction (U+202A–U+202E, U+2066–U+2069):
/// typed in an invoice number, a vendor or a title (or in a crafted manifest), one left
/// open turns the date and the total after it around (`00.002,4$`). The summary leaves
/// them out, as file names do; the marks (U+200E, U+200F) stay.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without the direction controls of [`is_direction_control`], for the summary and
/// the page's printout.
pub fn without_direction_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(is_direction_control) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !is_direction_control(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// [`escape`], written at the end of `out`: the runs between special characters are
/// copied whole (a summary of 500 documents is about 460 KB of HTML). Control characters
/// (a NUL typed or pasted, a crafted manifest's) are left out, as the calendar leaves
/// them: HTML has no place for them, and a file holding them is taken for binary.
fn escape_into(out: &mut String, text: &str) {
    let text = &*without_direction_controls(text);
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\t' | b'\n' | b'\r' => continue,
            0..=0x1F | 0x7F => "",
            _ => continue,
        };
        // The special characters are ASCII, so `at` is a character boundary.
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

/// `open`, the escaped `text`, `close`.
fn element(html: &mut String, open: &str, text: &str, close: &str) {
    html.push_str(open);
    escape_into(html, text);
    html.push_str(close);
}

const STYLE: &str = "body{font:11pt/1.45 'Segoe UI',system-ui,Arial,sans-serif;color:#111;max-width:48rem;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.5rem;margin:0 0 .25rem;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #999}\
.status{padding:.5rem .75rem;border-radius:6px;font-weight:700}.ready{background:#e3f5ea;color:#0e6b35}.blocked{background:#fdecec;color:#a4262c}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #ddd;overflow-wrap:break-word}td:first-child,td.typed{overflow-wrap:anywhere}td.num{white-space:nowrap}td.typed.num{white-space:normal}\
th{width:35%;font-weight:600}th[colspan],thead th{width:auto}thead th{border-bottom-color:#999}p,li{overflow-wrap:anywhere}.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.85em}\
.blocker{color:#a4262c}.warning{color:#7a4d00}.muted{color:#555;font-size:.9em}.muted,li.history{white-space:pre-line}\
@media screen and (max-width:30rem){body{padding:0 .75rem}table{font-size:.9em}th,td{padding:.25rem .3rem;overflow-wrap:anywhere}code{word-break:break-all}\
table.rows thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}table.rows,table.rows tbody,table.rows tr,table.rows td{display:block}\
table.rows tr{border-bottom:1px solid #999;padding:.3rem 0}table.rows td,table.rows tbody th{display:block;border:0;padding:.1rem 0;text-align:left;white-space:normal}table.rows td[data-label]::before{content:attr(data-label) \": \";font-weight:600}html[lang=fr] table.rows td[data-label]::before{content:attr(data-label) \"\\a0: \"}}\
@page{size:auto;margin:15mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

/// Why the summary is made: for a package being built, or for the page being printed
/// (no package is built then, and the summary must not say one was).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occasion {
    Package,
    Print,
}

pub struct SummaryInput<'a> {
    pub claim: &'a Claim,
    pub profile: &'a Profile,
    pub review: &'a Review,
    pub catalog: &'a Catalog,
    pub documents: &'a [ManifestDocument],
    /// The day the package is built or the page printed.
    pub on: chrono::NaiveDate,
    pub occasion: Occasion,
}

/// A piece of text in a summary: every piece is text, whatever it holds; the renderers
/// (HTML for `summary.html`, DOM text nodes for printing) never read it as markup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Strong(String),
    Code(String),
    Muted(String),
    /// A date, with its `YYYY-MM-DD` for machines.
    Time { iso: String, text: String },
    Break,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Cell {
    pub header: bool,
    /// A class of the summary's style sheet (`num`, `muted`, `typed`).
    pub class: Option<&'static str>,
    pub colspan: Option<u32>,
    pub content: Vec<Inline>,
}

impl Cell {
    fn th(text: String) -> Cell {
        Cell { header: true, content: vec![Inline::Text(text)], ..Cell::default() }
    }
    fn td(content: Vec<Inline>) -> Cell {
        Cell { content, ..Cell::default() }
    }
    fn text(text: String) -> Cell {
        Cell::td(vec![Inline::Text(text)])
    }
    fn num(text: String) -> Cell {
        Cell { class: Some("num"), ..Cell::text(text) }
    }
    /// What the partner typed, which may hold a word of a hundred letters (a vendor
    /// pasted without spaces): it breaks anywhere in its own column, rather than push the
    /// amounts off the printed page.
    fn typed(content: Vec<Inline>) -> Cell {
        Cell { class: Some("typed"), ..Cell::td(content) }
    }
}

/// The summary as blocks of text, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// The first line: ready to submit, or how many blockers are open.
    Status { ready: bool, text: String },
    Title(String),
    /// A muted paragraph.
    Note(String),
    Heading(String),
    Paragraph(String),
    /// Rows under column headings (none for a table of labels and values, whose
    /// headings are its first column).
    Table { head: Vec<Cell>, rows: Vec<Vec<Cell>> },
    /// A list whose items carry a class (the finding's severity).
    List(Vec<(&'static str, Vec<Inline>)>),
}

/// The change `at` of a status history, dated, as the Submission card and the printout
/// say it: a note added under the same status is said as a note, not as the status again
/// (which read as a second submission).
pub fn change_said(catalog: &Catalog, history: &[crate::lifecycle::StatusChange], at: usize) -> String {
    let change = &history[at];
    let day = crate::dates::parse_iso(&change.on).map(|day| catalog.date(day)).unwrap_or_else(|| change.on.clone());
    let note_only = at.checked_sub(1).and_then(|before| history.get(before)).is_some_and(|before| before.status == change.status);
    if note_only {
        catalog.format_with("ui.submission.change-note", &[("date", &day)])
    } else {
        catalog.format_with("ui.submission.change", &[("date", &day), ("status", catalog.text(&format!("status.{}", change.status.name())))])
    }
}

/// The whole page: `summary.html` in the package.
pub fn summary_html(input: &SummaryInput) -> String {
    let title = if input.claim.title.trim().is_empty() { input.catalog.text("claims.untitled").to_string() } else { input.claim.title.clone() };
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>\n{}</body></html>\n",
        input.catalog.lang(),
        escape(&title),
        blocks_html(&summary_blocks(input))
    )
}

/// Blocks as HTML, every piece of text escaped.
pub fn blocks_html(blocks: &[Block]) -> String {
    let mut html = String::with_capacity(16 * 1024);
    for block in blocks {
        match block {
            Block::Status { ready, text } => element(&mut html, if *ready { "<p class=\"status ready\">" } else { "<p class=\"status blocked\">" }, text, "</p>\n"),
            Block::Title(text) => element(&mut html, "<h1>", text, "</h1>\n"),
            Block::Note(text) => element(&mut html, "<p class=\"muted\">", text, "</p>\n"),
            Block::Heading(text) => element(&mut html, "<h2>", text, "</h2>\n"),
            Block::Paragraph(text) => element(&mut html, "<p>", text, "</p>\n"),
            Block::Table { head, rows } => {
                // A table of rows under headings: on a phone, each row stands as a block of
                // its cells, each said with its heading (`data-label`), rather than columns
                // too narrow for their words, which broke them anywhere ("Fourni/sseur").
                html.push_str(if head.is_empty() { "<table>\n" } else { "<table class=\"rows\">\n" });
                let labels: Vec<String> = head.iter().flat_map(|cell| std::iter::repeat_n(plain(&cell.content), cell.colspan.unwrap_or(1) as usize)).collect();
                if !head.is_empty() {
                    html.push_str("<thead>");
                    row_html(head, &[], &mut html);
                    html.push_str("</thead>\n<tbody>\n");
                }
                for row in rows {
                    row_html(row, &labels, &mut html);
                }
                html.push_str(if head.is_empty() { "</table>\n" } else { "</tbody>\n</table>\n" });
            }
            Block::List(items) => {
                html.push_str("<ul>\n");
                for (class, content) in items {
                    html.push_str("<li class=\"");
                    html.push_str(class);
                    html.push_str("\">");
                    inline_html(content, &mut html);
                    html.push_str("</li>\n");
                }
                html.push_str("</ul>\n");
            }
        }
    }
    html
}

/// A cell's text alone, as a heading's label.
fn plain(content: &[Inline]) -> String {
    let mut text = String::new();
    for piece in content {
        match piece {
            Inline::Text(part) | Inline::Strong(part) | Inline::Code(part) | Inline::Muted(part) | Inline::Time { text: part, .. } => {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(part);
            }
            Inline::Break => {}
        }
    }
    text
}

/// A row; its data cells labelled by `labels`, the headings of their columns.
fn row_html(row: &[Cell], labels: &[String], html: &mut String) {
    html.push_str("<tr>");
    let mut column = 0;
    for cell in row {
        let tag = if cell.header { "th" } else { "td" };
        html.push('<');
        html.push_str(tag);
        if let Some(class) = cell.class {
            html.push_str(" class=\"");
            html.push_str(class);
            html.push('"');
        }
        if let Some(span) = cell.colspan {
            html.push_str(&format!(" colspan=\"{span}\""));
        }
        if let Some(label) = labels.get(column).filter(|label| !cell.header && !label.is_empty()) {
            html.push_str(" data-label=\"");
            escape_into(html, label);
            html.push('"');
        }
        column += cell.colspan.unwrap_or(1) as usize;
        html.push('>');
        inline_html(&cell.content, html);
        html.push_str("</");
        html.push_str(tag);
        html.push('>');
    }
    html.push_str("</tr>\n");
}

/// Whether a space goes before the piece at `at`: between two pieces, never beside a
/// line break. Both renderings (HTML here, text nodes when printing) follow it.
pub fn spaced(content: &[Inline], at: usize) -> bool {
    at > 0 && !matches!(content[at - 1], Inline::Break) && !matches!(content[at], Inline::Break)
}

fn inline_html(content: &[Inline], html: &mut String) {
    for (i, piece) in content.iter().enumerate() {
        if spaced(content, i) {
            html.push(' ');
        }
        match piece {
            Inline::Text(text) => escape_into(html, text),
            Inline::Strong(text) => element(html, "<strong>", text, "</strong>"),
            Inline::Code(text) => element(html, "<code>", text, "</code>"),
            Inline::Muted(text) => element(html, "<span class=\"muted\">", text, "</span>"),
            Inline::Time { iso, text } => {
                element(html, "<time datetime=\"", iso, "\">");
                element(html, "", text, "</time>");
            }
            Inline::Break => html.push_str("<br>"),
        }
    }
}

/// The summary's content, also printed by the page itself (its print style sheet shows
/// it instead of the form). Dates are written as dates, never as day counts that are
/// stale the next day; the checks are dated.
pub fn summary_blocks(input: &SummaryInput) -> Vec<Block> {
    let SummaryInput { claim, profile, review, catalog, documents, on, occasion } = input;
    let t = |key: &str| catalog.text(key).to_string();
    let context = Context::new(claim, profile, review.today);
    // What the field holds when it cannot be read is written as typed (a package built
    // with blockers shows the reviewer the very value that is wrong), "—" when empty.
    let typed = |field: ClaimField| match claim.field(field).trim() {
        "" => "—".to_string(),
        text => text.to_string(),
    };
    let money = |field: ClaimField, minor: Option<i64>| minor.map_or_else(|| typed(field), |m| catalog.money(&context.money(m), Some(profile)));
    let date = |field: ClaimField, d: Option<chrono::NaiveDate>| d.map_or_else(|| typed(field), |d| catalog.date(d));
    let mut blocks = Vec::new();
    let title = if claim.title.trim().is_empty() { t("claims.untitled") } else { claim.title.clone() };
    // A claim in Partner Center's hands is said to be so, with its day, not "ready to submit".
    let lifecycle = &claim.lifecycle;
    let submitted = lifecycle.submission(review.today);
    let status = match submitted {
        Some(on) => {
            let name = t(&format!("status.{}", lifecycle.status.name()));
            let status = match on {
                // Sent again after Partner Center asked for more: both days, as the lock
                // notice says them.
                Some(day) => match lifecycle.resubmitted_after(day) {
                    Some(again) => catalog.format_with("summary.status-again", &[("status", &name), ("date", &catalog.date(day)), ("again", &catalog.date(again))]),
                    None => catalog.format_with("summary.status", &[("status", &name), ("date", &catalog.date(day))]),
                },
                None => catalog.format_with("summary.status-undated", &[("status", &name)]),
            };
            // Built with blockers open (Partner Center asked for more, and the partner
            // built anyway): said after the status, as Build package's question promised.
            if review.is_ready() { status } else { format!("{status} {}", catalog.count("summary.not-ready", review.n_blockers(), &[])) }
        }
        // The warnings counted as the page's Checks count them.
        None if review.is_ready() => match review.count(crate::rules::Severity::Warning) {
            0 => t("ui.checks.ready"),
            warnings => format!("{} {}", t("ui.checks.ready"), catalog.count("ui.checks.with-warnings", warnings, &[])),
        },
        None => catalog.count("summary.not-ready", review.n_blockers(), &[]),
    };
    blocks.push(Block::Status { ready: review.is_ready(), text: status });
    blocks.push(Block::Title(title));
    let made = match occasion {
        Occasion::Package => "summary.built",
        Occasion::Print => "summary.printed",
    };
    blocks.push(Block::Note(catalog.format_with(made, &[("date", &catalog.date(*on)), ("profile", profile.name.get(catalog.lang()))])));

    blocks.push(Block::Heading(t("ui.section.claim")));
    let activity = profile.activity_type(&claim.activity_type).map_or_else(|| typed(ClaimField::ActivityType), |a| a.name.get(catalog.lang()).to_string());
    let rows = [
        (ClaimField::PartnerId, typed(ClaimField::PartnerId)),
        (ClaimField::CompanyName, typed(ClaimField::CompanyName)),
        (ClaimField::UsageStart, date(ClaimField::UsageStart, context.usage_start.valid())),
        (ClaimField::UsageEnd, date(ClaimField::UsageEnd, context.usage_end.valid())),
        (ClaimField::ActivityType, activity),
        (ClaimField::ActivityStart, date(ClaimField::ActivityStart, context.activity_start.valid())),
        (ClaimField::ActivityEnd, date(ClaimField::ActivityEnd, context.activity_end.valid())),
        // The currency by its code: "$" alone says which only to some readers.
        (ClaimField::Currency, typed(ClaimField::Currency)),
        (ClaimField::ClaimedAmount, money(ClaimField::ClaimedAmount, context.claimed.valid())),
        (ClaimField::AvailableFunds, money(ClaimField::AvailableFunds, context.available.valid())),
        (ClaimField::PreapprovalId, typed(ClaimField::PreapprovalId)),
        (ClaimField::Metric, typed(ClaimField::Metric)),
    ];
    // What the caps are worked out from, when given (AMOUNT-CAP: a share of the earned
    // funds, an amount per attendee).
    let caps = [(ClaimField::EarnedFunds, money(ClaimField::EarnedFunds, context.earned.valid())), (ClaimField::Attendees, typed(ClaimField::Attendees))];
    let caps = caps.into_iter().filter(|(field, _)| !claim.field(*field).trim().is_empty() && crate::rules::applies(*field, claim, profile));
    let mut table: Vec<Vec<Cell>> = rows.into_iter().chain(caps).map(|(field, value)| {
        // What was typed as text breaks anywhere; a date or an amount as written here does not.
        let read = matches!(field, ClaimField::UsageStart | ClaimField::UsageEnd | ClaimField::ActivityStart | ClaimField::ActivityEnd | ClaimField::ClaimedAmount | ClaimField::AvailableFunds | ClaimField::EarnedFunds) && value != typed(field);
        vec![Cell::th(t(&format!("field.{}", field.name()))), if read { Cell::text(value) } else { Cell::typed(vec![Inline::Text(value)]) }]
    }).collect();
    if !lifecycle.partner_center_id.trim().is_empty() {
        table.push(vec![Cell::th(t("ui.submission.claim-id")), Cell::typed(vec![Inline::Text(lifecycle.partner_center_id.clone())])]);
    }
    blocks.push(Block::Table { head: Vec::new(), rows: table });

    // Its life with Partner Center, oldest first, as the Submission card lists it: what
    // was asked and when, on the partner's paper record too; and whether it is put away.
    if !lifecycle.history.is_empty() {
        blocks.push(Block::Heading(t("ui.submission.history")));
        let changes = lifecycle.history.iter().enumerate().map(|(at, change)| {
            let mut text = change_said(catalog, &lifecycle.history, at);
            if !change.note.is_empty() {
                text.push(' ');
                text.push_str(&change.note);
            }
            ("history", vec![Inline::Text(text)])
        });
        blocks.push(Block::List(changes.collect()));
        if lifecycle.archived {
            blocks.push(Block::Paragraph(t("register.archived")));
        }
    }

    blocks.push(Block::Heading(t("ui.dates.heading")));
    let deadline = review.dates.claim_deadline.as_ref();
    // Once submitted, or put away without being submitted, the recommended submission
    // date goes, and the deadline is not urged: as on the Dates card.
    let put_away = lifecycle.put_away();
    let recommended = (submitted.is_none() && !put_away).then_some(("recommended-submission", review.dates.recommended_submission));
    let dated = [Some(("claim-deadline", deadline.map(|d| d.effective()))), recommended, Some(("retention-end", review.dates.retention_end))];
    let mut rows = Vec::new();
    for (key, value) in dated.into_iter().flatten() {
        // A date not known yet is a dash, not a `<time>` without a date.
        let mut content = vec![match value {
            Some(day) => Inline::Time { iso: crate::dates::iso(day), text: catalog.date(day) },
            None => Inline::Text("—".into()),
        }];
        // The deadline's notes, as the Dates card has them: whether a submission met it;
        // or Microsoft's other date, a weekend and when to submit.
        if let (true, Some(deadline)) = (key == "claim-deadline", deadline) {
            for note in crate::advice::deadline_notes(deadline, submitted, put_away, review.today) {
                // Read days later, "today" would be another day: the day it means is said.
                let (key, args) = match note.key {
                    "ui.dates.submit-today" | "ui.dates.due-today" => ("ui.dates.submit-by", vec![("date".to_string(), crate::rules::Arg::Date(review.today))]),
                    key => (key, note.args),
                };
                content.push(Inline::Break);
                content.push(Inline::Muted(catalog.format(key, &args)));
            }
        }
        // A retention end in the past stays past: the originals may go (no day count).
        if key == "retention-end" {
            if let Some(note) = value.and_then(|d| crate::advice::RetentionAdvice::new(d, review.today).note()) {
                content.push(Inline::Muted(format!("({})", catalog.text(note))));
            }
        }
        rows.push(vec![Cell::th(t(&format!("ui.dates.{key}"))), Cell::td(content)]);
    }
    blocks.push(Block::Table { head: Vec::new(), rows });

    blocks.push(Block::Heading(t("ui.checks.heading")));
    blocks.push(Block::Note(catalog.format_with("summary.checks-as-of", &[("date", &catalog.date(review.today))])));
    if review.findings.is_empty() {
        blocks.push(Block::Paragraph(t(if submitted.is_some() { "ui.checks.clear" } else { "ui.checks.ready" })));
    } else {
        let items = review
            .findings
            .iter()
            .map(|finding| {
                let severity = finding.severity.name();
                let content = vec![
                    Inline::Strong(t(&format!("severity.{severity}"))),
                    Inline::Code(finding.code.as_str().to_string()),
                    Inline::Text(catalog.finding_problem_dated(finding)),
                    Inline::Muted(catalog.finding_fix(finding)),
                ];
                (severity, content)
            })
            .collect();
        blocks.push(Block::List(items));
    }

    // An invoice's facts, as one line: "Invoice 2041 of 14 November 2026, total $4,200.00".
    let invoice_facts = |invoice: &crate::package::manifest::ManifestInvoice| {
        let value = |fact: &Option<crate::package::manifest::ManifestFact>| fact.as_ref().map_or_else(|| "—".to_string(), |fact| fact.value.clone());
        let date = invoice.date.as_ref().and_then(|fact| crate::dates::parse_iso(&fact.value)).map_or_else(|| value(&invoice.date), |date| catalog.date(date));
        // The total in the page's format when it reads as an amount: the manifest's
        // reading, in the currency the invoice names (`dollars` typed is USD on a line in
        // dollars), as the checks read it; else as typed (the printout fills the same).
        let total = match &invoice.total_amount {
            Some(amount) => catalog.money(&crate::money::Money::new(amount.minor, &amount.currency), Some(profile)),
            None => value(&invoice.total),
        };
        Inline::Muted(catalog.format_with("summary.invoice", &[("number", &value(&invoice.number)), ("date", &date), ("total", &total)]))
    };

    blocks.push(Block::Heading(t("ui.section.cost-lines")));
    let mut rows = Vec::new();
    for ((line, amount), position) in context.lines().zip(1..) {
        let kind = t(if line.cost_type == CostType::InHouse { "cost-line.in-house" } else { "cost-line.third-party" });
        // An amount read is kept on one line; one written as typed (the checks could not
        // read it) may be a sentence, and wraps as typed text does.
        let amount = match amount.valid() {
            Some(minor) => Cell::num(catalog.money(&crate::money::Money::new(minor, &line.currency), Some(profile))),
            None if line.amount.trim().is_empty() => Cell::num("—".to_string()),
            None => Cell { class: Some("typed num"), ..Cell::text(line.amount.clone()) },
        };
        // The invoices that pay for the line, with their facts beside it.
        let mut description = vec![Inline::Text(format!("{position}. {}", line.description))];
        for invoice in documents.iter().filter(|document| document.cost_line == Some(line.id)).filter_map(|document| document.invoice.as_ref()) {
            description.push(Inline::Break);
            description.push(invoice_facts(invoice));
        }
        rows.push(vec![Cell::typed(description), Cell::text(kind), Cell::typed(vec![Inline::Text(line.vendor.clone())]), amount]);
    }
    rows.push(vec![Cell { colspan: Some(3), ..Cell::th(t("summary.total")) }, Cell::num(catalog.money(&context.money(context.supported_total()), Some(profile)))]);
    let head = vec![Cell::th(t("cost-line.description")), Cell::th(t("cost-line.cost-type")), Cell::th(t("cost-line.vendor")), Cell { class: Some("num"), ..Cell::th(t("cost-line.amount")) }];
    blocks.push(Block::Table { head, rows });

    blocks.push(Block::Heading(t("ui.section.documents")));
    let rows = documents
        .iter()
        .map(|document| {
            let kind = document.doc_type.map_or_else(|| t("summary.unclassified"), |doc_type: DocType| t(&format!("doc-type.{}", doc_type.name())));
            // A checksum from a package is text like any other: only its first 16
            // characters are shown, and never as markup.
            let checksum = document.sha256.chars().take(16).collect::<String>();
            let checksum = if checksum.is_empty() { Vec::new() } else { vec![Inline::Code(format!("{checksum}…"))] };
            // In the package, each document by the path it has there (a reviewer finds it
            // by that), with the name it was added under when that differs (`Same (2).pdf`,
            // `_CON.pdf`); printed from the page, by the name it was added under.
            let packaged = matches!(occasion, Occasion::Package).then_some(document.path.as_str()).filter(|path| !path.is_empty());
            let mut name = vec![Inline::Text(packaged.unwrap_or(&document.original_name).to_string())];
            if packaged.is_some_and(|path| path.rsplit('/').next() != Some(document.original_name.as_str())) {
                name.extend([Inline::Break, Inline::Muted(catalog.format_with("summary.original-name", &[("name", &document.original_name)]))]);
            }
            // The note as typed, its lines kept (`white-space: pre-line`).
            if !document.note.trim().is_empty() {
                name.extend([Inline::Break, Inline::Muted(document.note.clone())]);
            }
            // What the document is for: the cost line an invoice pays for, the proof items
            // a proof of execution shows (what POE-ITEM-MISSING judges).
            let mut kind = vec![Inline::Text(kind)];
            match document.cost_line.and_then(|id| claim.cost_lines.iter().position(|line| line.id == id)) {
                Some(position) => kind.extend([Inline::Break, Inline::Muted(catalog.format_with("ui.cost-line.heading", &[("line", &catalog.number(position as i64 + 1))]))]),
                // An invoice of no cost line: its facts are printed here, not beside a line.
                None => kind.extend(document.invoice.as_ref().into_iter().flat_map(|invoice| [Inline::Break, invoice_facts(invoice)])),
            }
            // Those a proof of execution shows, as the checks count them (and the manifest
            // lists them): of the claim's document, by the one rule.
            let shown = claim.document(document.id).map(|shown| shown.proof_items_shown(profile.activity_type(&claim.activity_type)).map(|item| item.name.get(catalog.lang()).to_string()).collect::<Vec<_>>());
            let items = shown.unwrap_or_default();
            if !items.is_empty() {
                kind.extend([Inline::Break, Inline::Muted(catalog.format_with("summary.covers", &[("items", &items.join(", "))]))]);
            }
            vec![
                Cell::td(name),
                // An invoice's facts may be typed (a number of a hundred letters): wrapped
                // anywhere, as typed text is, not widening the column.
                Cell::typed(kind),
                // Over the limit, never read as the limit (as `FILE-TOO-LARGE` says it). A
                // file not read yet (no checksum) has no size to print: not "0 bytes", which
                // is an empty file's.
                Cell::num(if document.sha256.is_empty() { "—".to_string() } else { catalog.bytes_above(document.size, profile.file_size_limit_bytes) }),
                Cell::td(checksum),
            ]
        })
        .collect();
    let head = vec![Cell::th(t("summary.column.document")), Cell::th(t("ui.document.type")), Cell { class: Some("num"), ..Cell::th(t("summary.column.size")) }, Cell::th(t("summary.column.sha256"))];
    blocks.push(Block::Table { head, rows });
    // Printed from the page, no package is there to check yet: the note says where the
    // checksums will be.
    let verify = match occasion {
        Occasion::Package => "summary.verify",
        Occasion::Print => "summary.verify-printed",
    };
    blocks.push(Block::Note(catalog.with_profile(verify, profile)));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::DocType;
    use crate::example::example_claim;
    use crate::rules::review;
    use chrono::NaiveDate;

    fn summary(occasion: Occasion, documents: &[ManifestDocument], lang: &str) -> (Vec<Block>, String) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let profile = Profile::default_profile();
        let claim = example_claim(today, &profile, "en", "USD");
        let review = review(&claim, &profile, today);
        let catalog = Catalog::for_tag(lang);
        let input = SummaryInput { claim: &claim, profile: &profile, review: &review, catalog: &catalog, documents, on: today, occasion };
        let blocks = summary_blocks(&input);
        let html = blocks_html(&blocks);
        (blocks, html)
    }

    /// The summary's dates and status say what the Dates card and the Submission card
    /// say: a deadline's notes (Microsoft's other date with it, a weekend, when to submit);
    /// once submitted, the status, its day and Partner Center's claim ID, and no date to
    /// submit by.
    #[test]
    fn the_summary_says_what_the_dates_and_the_status_say() {
        use crate::claim::{ClaimField, Edit};
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("date");
        let profile = Profile::default_profile();
        let catalog = Catalog::for_tag("en");
        let text = |claim: &crate::claim::Claim| {
            let review = review(claim, &profile, today);
            let input = SummaryInput { claim, profile: &profile, review: &review, catalog: &catalog, documents: &[], on: today, occasion: Occasion::Print };
            blocks_html(&summary_blocks(&input)).replace(['\u{a0}', '\u{202f}'], " ")
        };
        let mut claim = example_claim(today, &profile, "en", "USD");
        // The usage period ends on December 31: the deadline, February 14, 2027, is a Sunday.
        claim.apply(Edit::Set(ClaimField::UsageStart, "2026-07-01".into()), &profile);
        claim.apply(Edit::Set(ClaimField::UsageEnd, "2026-12-31".into()), &profile);
        let preparing = text(&claim);
        assert!(preparing.contains("Falls on a Sunday."), "{preparing}");
        assert!(preparing.contains("Submit by February 12, 2027"), "{preparing}");
        assert!(preparing.contains("published close: February 15, 2027"), "{preparing}");
        assert!(preparing.contains("Recommended submission"), "{preparing}");
        // Ready with a warning: the first line counts it, as the page's Checks do.
        assert!(preparing.contains("<p class=\"status ready\">Ready to submit: no blockers.</p>"), "{preparing}");
        let mut warned = claim.clone();
        warned.apply(Edit::Set(ClaimField::ClaimedAmount, "6,850".into()), &profile);
        let warned = text(&warned);
        assert!(warned.contains("<p class=\"status ready\">Ready to submit: no blockers. 1 warning to review.</p>"), "{warned}");
        // Put away without being submitted (abandoned): its deadline said, not urged.
        let mut abandoned = claim.clone();
        abandoned.apply(Edit::SetArchived(true), &profile);
        let abandoned = text(&abandoned);
        assert!(abandoned.contains("Claim deadline"), "{abandoned}");
        for urged in ["Recommended submission", "Submit by", "Falls on a"] {
            assert!(!abandoned.contains(urged), "{urged}: {abandoned}");
        }

        claim.apply(Edit::SetStatus { status: crate::lifecycle::Status::Submitted, on: "2026-11-20".into(), note: String::new() }, &profile);
        claim.apply(Edit::SetPartnerCenterId("PC-2026-77881".into()), &profile);
        let submitted = text(&claim);
        assert!(submitted.contains("Status: Submitted. Submitted on November 20, 2026."), "{submitted}");
        assert!(submitted.contains("PC-2026-77881"), "{submitted}");
        assert!(submitted.contains("Submitted on November 20, 2026: in time."), "{submitted}");
        for stale in ["Ready to submit", "Recommended submission", "Submit by", "Falls on a"] {
            assert!(!submitted.contains(stale), "{stale}: {submitted}");
        }
        // Its life with Partner Center, oldest first, with what was asked, and put away.
        claim.apply(Edit::SetStatus { status: crate::lifecycle::Status::MoreInformation, on: "2026-12-01".into(), note: "Please add the attendee list.".into() }, &profile);
        claim.apply(Edit::SetStatus { status: crate::lifecycle::Status::MoreInformation, on: "2026-12-02".into(), note: "And the <b>agenda</b>.".into() }, &profile);
        // Sent back, and built with a blocker open: the first line says so after the status.
        assert!(!text(&claim).contains("Not ready to submit"));
        let mut blocked = claim.clone();
        blocked.apply(Edit::Set(ClaimField::PartnerId, String::new()), &profile);
        let blocked = text(&blocked);
        assert!(blocked.contains("<p class=\"status blocked\">Status: More information requested. Submitted on November 20, 2026. Not ready to submit: 1 blocker is still open. See Checks below.</p>"), "{blocked}");
        claim.apply(Edit::SetArchived(true), &profile);
        let history = text(&claim);
        let at = |needle: &str| history.find(needle).unwrap_or_else(|| panic!("{needle}: {history}"));
        assert!(at("<h2>Status history</h2>") < at("November 20, 2026: Submitted.") && at("November 20, 2026: Submitted.") < at("December 1, 2026: More information requested. Please add the attendee list."));
        assert!(history.contains("December 2, 2026: note added. And the &lt;b&gt;agenda&lt;/b&gt;."), "{history}");
        assert!(history.contains("<p>Archived</p>"), "{history}");
        assert!(!text(&example_claim(today, &profile, "en", "USD")).contains("Status history"), "none before a submission");
        // Corrected and submitted again: both days, as the lock notice says them.
        claim.apply(Edit::SetArchived(false), &profile);
        claim.apply(Edit::SetStatus { status: crate::lifecycle::Status::Submitted, on: "2026-12-04".into(), note: String::new() }, &profile);
        let again = text(&claim);
        assert!(again.contains("Status: Submitted. Submitted on November 20, 2026, and again on December 4, 2026."), "{again}");
    }

    /// A summary is read days after it is made: a deadline due the day it was made, or
    /// to be met that day, is said with its date ("Submit by …"), never "today".
    #[test]
    fn a_summary_made_on_the_last_day_says_the_day_not_today() {
        use crate::claim::{ClaimField, Edit};
        let profile = Profile::default_profile();
        for (lang, on, said) in [
            // The deadline, February 14, 2027, is a Sunday: Friday the 12th is the last business day.
            ("en", "2027-02-12", "Submit by February 12, 2027"),
            ("en", "2027-02-14", "Submit by February 14, 2027"),
            ("fr", "2027-02-14", "Soumettez au plus tard le 14 février 2027"),
        ] {
            let today = crate::dates::parse_iso(on).expect("date");
            let catalog = Catalog::for_tag(lang);
            let mut claim = example_claim(today, &profile, lang, "USD");
            claim.apply(Edit::Set(ClaimField::UsageStart, "2026-07-01".into()), &profile);
            claim.apply(Edit::Set(ClaimField::UsageEnd, "2026-12-31".into()), &profile);
            let review = review(&claim, &profile, today);
            for occasion in [Occasion::Package, Occasion::Print] {
                let input = SummaryInput { claim: &claim, profile: &profile, review: &review, catalog: &catalog, documents: &[], on: today, occasion };
                let html = blocks_html(&summary_blocks(&input)).replace(['\u{a0}', '\u{202f}'], " ");
                assert!(html.contains(said), "{on}: {html}");
                for relative in ["today", "Today", "aujourd'hui"] {
                    assert!(!html.contains(relative), "{on}, {relative}: {html}");
                }
            }
        }
    }

    /// A value the checks cannot read is printed as typed, not left out: the reviewer of
    /// a package built with blockers sees the value that is wrong. The earned funds the
    /// caps are worked out from are printed once given.
    #[test]
    fn what_cannot_be_read_is_printed_as_typed_and_the_caps_inputs_once_given() {
        use crate::claim::{ClaimField, Edit};
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let profile = Profile::default_profile();
        let catalog = Catalog::for_tag("en");
        let mut claim = example_claim(today, &profile, "en", "USD");
        let text = |claim: &crate::claim::Claim| {
            let review = review(claim, &profile, today);
            let input = SummaryInput { claim, profile: &profile, review: &review, catalog: &catalog, documents: &[], on: today, occasion: Occasion::Package };
            blocks_html(&summary_blocks(&input))
        };
        claim.apply(Edit::Set(ClaimField::EarnedFunds, String::new()), &profile);
        assert!(!text(&claim).contains("<th>Earned funds</th>"), "not given");
        claim.apply(Edit::Set(ClaimField::ClaimedAmount, "6850..00".into()), &profile);
        claim.apply(Edit::Set(ClaimField::ActivityEnd, "2026-13-45".into()), &profile);
        claim.apply(Edit::Set(ClaimField::AvailableFunds, String::new()), &profile);
        claim.apply(Edit::Set(ClaimField::EarnedFunds, "40,000.00".into()), &profile);
        let html = text(&claim);
        let row = |label: &str| {
            let at = html.find(&format!("<th>{label}</th>")).unwrap_or_else(|| panic!("{label}: {html}"));
            html[at..].split("</tr>").next().unwrap_or_default().to_string()
        };
        assert!(row("Claimed amount").contains("6850..00"), "{}", row("Claimed amount"));
        assert!(row("Activity end").contains("2026-13-45"), "{}", row("Activity end"));
        // Typed, it breaks anywhere; read, a date stays whole.
        assert!(row("Activity end").contains("<td class=\"typed\">"), "{}", row("Activity end"));
        assert!(row("Usage period start").contains("<td>"), "{}", row("Usage period start"));
        assert!(row("Available funds").contains("—"), "{}", row("Available funds"));
        assert!(row("Earned funds").contains("40,000.00"), "{}", row("Earned funds"));
        // Every field empty is a dash, text or not; what is typed wraps in its column.
        claim.apply(Edit::Set(ClaimField::PartnerId, String::new()), &profile);
        claim.apply(Edit::Set(ClaimField::CompanyName, "  ".into()), &profile);
        let html = text(&claim);
        for label in ["Partner ID", "Company name"] {
            let at = html.find(&format!("<th>{label}</th>")).unwrap_or_else(|| panic!("{label}: {html}"));
            assert!(html[at..].starts_with(&format!("<th>{label}</th><td class=\"typed\">—</td>")), "{}", &html[at..at + 80]);
        }
        // A cost line's amount that cannot be read is a sentence as typed: it wraps.
        claim.apply(Edit::SetCostLine(1, crate::claim::CostLineField::Amount, "approx. 4200 USD excluding taxes, to be confirmed".into()), &profile);
        let html = text(&claim);
        assert!(html.contains("<td class=\"typed num\" data-label=\"Amount\">approx. 4200 USD excluding taxes, to be confirmed</td>"), "{html}");
        claim.apply(Edit::SetCostLine(1, crate::claim::CostLineField::Amount, String::new()), &profile);
        assert!(text(&claim).contains("<td class=\"num\" data-label=\"Amount\">—</td>"), "an empty amount is a dash");
        assert!(!html.contains("<th>Attendees</th>"), "not asked of this activity");
        // Where the activity counts attendees, their number too; an activity this profile
        // does not know is written as typed.
        let mut hosted = claim.clone();
        hosted.apply(Edit::Set(ClaimField::ActivityType, "hosted-conference".into()), &profile);
        hosted.apply(Edit::Set(ClaimField::Attendees, "25".into()), &profile);
        let html = text(&hosted);
        assert!(html.contains("<th>Attendees</th><td class=\"typed\">25</td>"), "{html}");
        hosted.apply(Edit::Set(ClaimField::ActivityType, "retired-activity".into()), &profile);
        assert!(text(&hosted).contains("<th>Activity type</th><td class=\"typed\">retired-activity</td>"), "{}", text(&hosted));
        // A document whose file is not read yet: no size, where an empty file's is 0 bytes.
        let document = |sha256: &str| ManifestDocument {
            id: 1,
            original_name: "agenda.pdf".into(),
            path: String::new(),
            size: 0,
            media_type: String::new(),
            sha256: sha256.into(),
            doc_type: Some(DocType::Other),
            cost_line: None,
            proof_items: Vec::new(),
            note: String::new(),
            invoice: None,
        };
        let review = review(&claim, &profile, today);
        for (sha256, size) in [("", "data-label=\"Size\">—</td>"), ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "data-label=\"Size\">0 bytes</td>")] {
            let documents = [document(sha256)];
            let input = SummaryInput { claim: &claim, profile: &profile, review: &review, catalog: &catalog, documents: &documents, on: today, occasion: Occasion::Print };
            let html = blocks_html(&summary_blocks(&input));
            assert!(html.contains(size), "{sha256:?}: {html}");
        }
    }

    #[test]
    fn a_printed_summary_does_not_say_a_package_was_built() {
        let (_, printed) = summary(Occasion::Print, &[], "en");
        assert!(printed.contains("Printed from the page on November\u{a0}25,\u{a0}2026"), "{printed}");
        assert!(!printed.contains("Package built"), "{printed}");
        assert!(!printed.contains("Every file of this package"), "no package to check: {printed}");
        assert!(printed.contains("Build package lists every file"), "{printed}");
        let (_, packaged) = summary(Occasion::Package, &[], "en");
        assert!(packaged.contains("Package built on November\u{a0}25,\u{a0}2026"), "{packaged}");
        assert!(packaged.contains("Every file of this package is listed with its SHA-256"), "{packaged}");
        let (_, imprime) = summary(Occasion::Print, &[], "fr");
        assert!(imprime.contains("Imprimé depuis la page le 25\u{a0}novembre\u{a0}2026"), "{imprime}");
    }

    /// The cost lines and documents tables say what each column holds, in both
    /// languages (printed, a `thead` is repeated at the top of each page).
    #[test]
    fn the_tables_of_rows_have_column_headings() {
        let (_, html) = summary(Occasion::Package, &[], "en");
        assert!(html.contains("<thead><tr><th>Description</th><th>Cost type</th><th>Vendor</th><th class=\"num\">Amount</th></tr>\n</thead>"), "{html}");
        assert!(html.contains("<thead><tr><th>File</th><th>Document type</th><th class=\"num\">Size</th><th>SHA-256, first 16 characters</th></tr>"), "{html}");
        assert_eq!(html.matches("<thead>").count(), 2, "the claim's and the dates' tables are labels and values: {html}");
        assert_eq!(html.matches("<tbody>").count(), html.matches("</tbody>").count());
        let (_, french) = summary(Occasion::Package, &[], "fr");
        assert!(french.contains("<thead><tr><th>Fichier</th><th>Type de document</th><th class=\"num\">Taille</th>"), "{french}");
        // Each cell of such a table carries its column's heading: on a phone, rows stand
        // as blocks of labelled cells.
        assert_eq!(html.matches("<table class=\"rows\">").count(), 2, "{html}");
        assert!(html.contains("<td data-label=\"Cost type\">") && html.contains("<td class=\"num\" data-label=\"Amount\">"), "{html}");
        assert!(french.contains("<td data-label=\"Type de coût\">"), "{french}");
        assert!(!html.contains("<td data-label=\"\""), "no empty label");
    }

    #[test]
    fn dates_are_dates_not_day_counts_that_are_stale_tomorrow() {
        for lang in ["en", "fr"] {
            let (_, html) = summary(Occasion::Package, &[], lang);
            for stale in ["(in ", " days)", "days overdue", "(dans ", " jours)", "en retard"] {
                assert!(!html.contains(stale), "{lang}: {stale:?} in {html}");
            }
            assert!(html.contains("<time datetime=\""), "{html}");
        }
    }

    #[test]
    fn its_numbers_are_the_profiles_and_a_date_not_known_is_a_dash() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let mut profile = Profile::default_profile();
        profile.retention_months_after_activity_end = 36;
        let mut claim = example_claim(today, &profile, "en", "USD");
        claim.apply(crate::claim::Edit::Set(crate::claim::ClaimField::ActivityEnd, String::new()), &profile);
        let review = review(&claim, &profile, today);
        assert_eq!(review.dates.retention_end, None);
        for (lang, kept) in [("en", "Keep the original documents for 36 months after the activity."), ("fr", "Conservez les documents originaux 36\u{a0}mois après l&#39;activité.")] {
            let catalog = Catalog::for_tag(lang);
            let input = SummaryInput { claim: &claim, profile: &profile, review: &review, catalog: &catalog, documents: &[], on: today, occasion: Occasion::Package };
            let html = blocks_html(&summary_blocks(&input));
            assert!(html.contains(kept), "{lang}: {html}");
            // The deadline is known, the retention end is not: a dash, not `<time datetime="">`.
            assert!(html.contains("<time datetime=\"20"), "{html}");
            assert!(!html.contains("datetime=\"\""), "{lang}: {html}");
            assert!(html.contains("</th><td>—</td></tr>"), "{lang}: {html}");
        }
    }

    #[test]
    fn a_hostile_checksum_or_name_is_text_in_every_rendering() {
        let hostile = ManifestDocument {
            id: 1,
            original_name: "<img src=x onerror=alert(1)>.pdf".into(),
            path: String::new(),
            size: 1,
            media_type: "application/pdf".into(),
            sha256: "<img src=x onerror=alert(2)>".into(),
            doc_type: Some(DocType::Other),
            cost_line: None,
            proof_items: Vec::new(),
            note: "</td><script>alert(3)</script>".into(),
            invoice: None,
        };
        let (blocks, html) = summary(Occasion::Print, std::slice::from_ref(&hostile), "en");
        assert!(!html.contains("<img") && !html.contains("<script"), "{html}");
        assert!(html.contains("<code>&lt;img src=x onerr…</code>"), "the checksum is shown, cut and escaped: {html}");
        let Some(Block::Table { rows, .. }) = blocks.iter().rev().find(|block| matches!(block, Block::Table { .. })) else { panic!("no documents table") };
        assert!(rows[0][3].content.contains(&Inline::Code("<img src=x onerr…".into())), "{:?}", rows[0][3]);
    }

    #[test]
    fn a_packages_summary_names_each_document_by_its_path_there() {
        let document = |id, original: &str, path: &str| ManifestDocument {
            id,
            original_name: original.into(),
            path: path.into(),
            size: 1,
            media_type: "application/pdf".into(),
            sha256: "ab".repeat(32),
            doc_type: Some(DocType::Other),
            cost_line: None,
            proof_items: Vec::new(),
            note: String::new(),
            invoice: None,
        };
        let documents = [document(1, "Same.pdf", "documents/other/Same.pdf"), document(2, "Same.pdf", "documents/other/Same (2).pdf"), document(3, "CON.pdf", "documents/other/_CON.pdf")];
        let (_, html) = summary(Occasion::Package, &documents, "en");
        assert!(html.contains("documents/other/Same.pdf</td>"), "no empty line for a note not given: {html}");
        assert!(html.contains("documents/other/Same (2).pdf<br><span class=\"muted\">Added as Same.pdf</span>"), "{html}");
        assert!(html.contains("documents/other/_CON.pdf<br><span class=\"muted\">Added as CON.pdf</span>"), "{html}");
        assert_eq!(html.matches("Added as").count(), 2, "not for a name kept as it was");
        let (_, html) = summary(Occasion::Package, &documents, "fr");
        assert!(html.contains("Ajouté sous le nom CON.pdf"), "{html}");
    }

    #[test]
    fn escaping_keeps_every_character_and_replaces_only_the_five_special_ones_and_drops_controls() {
        let cases = [
            ("", ""),
            // Controls left out (a file holding them is taken for binary); tabs and line
            // breaks kept.
            ("third\u{0}nul\u{1}\u{7}\u{7f}", "thirdnul"),
            ("a\tb\nc\r\n", "a\tb\nc\r\n"),
            // A direction override left open would turn what follows around.
            ("INV-9\u{202E} of November 26", "INV-9 of November 26"),
            ("\u{2067}שלום\u{2069} \u{200F}", "שלום \u{200F}"),
            ("plain", "plain"),
            ("&", "&amp;"),
            ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
            ("é<ü&\"ß'", "é&lt;ü&amp;&quot;ß&#39;"),
            ("Rapport « final » — 2026 & co.>", "Rapport « final » — 2026 &amp; co.&gt;"),
            ("&amp;", "&amp;amp;"),
        ];
        for (text, escaped) in cases {
            assert_eq!(escape(text), escaped);
            let mut out = String::from("kept:");
            escape_into(&mut out, text);
            assert_eq!(out, format!("kept:{escaped}"));
        }
    }
}
