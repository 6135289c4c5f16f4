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
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font:11pt/1.45 'Segoe UI',system-ui,Arial,sans-serif;color:#111;max-width:48rem;margin:2rem auto;padding:0 1rem}\
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #999}\
.status{padding:.5rem .75rem;border-radius:6px;font-weight:700}.ready{background:#e3f5ea;color:#0e6b35}.blocked{background:#fdecec;color:#a4262c}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #ddd}\
th{width:35%;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.85em}\
.blocker{color:#a4262c}.warning{color:#7a4d00}.muted{color:#555;font-size:.9em}\
@page{size:auto;margin:15mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

pub struct SummaryInput<'a> {
    pub claim: &'a Claim,
    pub profile: &'a Profile,
    pub review: &'a Review,
    pub catalog: &'a Catalog,
    pub documents: &'a [ManifestDocument],
    pub built_on: chrono::NaiveDate,
}

/// The whole page: `summary.html` in the package.
pub fn summary_html(input: &SummaryInput) -> String {
    let title = if input.claim.title.trim().is_empty() { input.catalog.text("ui.app-name").to_string() } else { input.claim.title.clone() };
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>\n{}</body></html>\n",
        input.catalog.lang(),
        escape(&title),
        summary_body(input)
    )
}

/// The summary's content, also printed by the page itself (its print style sheet shows
/// this instead of the form).
pub fn summary_body(input: &SummaryInput) -> String {
    let SummaryInput { claim, profile, review, catalog, documents, built_on } = input;
    let t = |key: &str| escape(catalog.text(key));
    let context = Context::new(claim, profile, review.today);
    let money = |minor: Option<i64>| minor.map(|m| escape(&catalog.money(&context.money(m), Some(profile)))).unwrap_or_default();
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| escape(&catalog.date(d))).unwrap_or_else(|| "—".into());
    let mut html = String::with_capacity(16 * 1024);
    let title = if claim.title.trim().is_empty() { catalog.text("ui.app-name").to_string() } else { claim.title.clone() };
    let (status_class, status) = if review.is_ready() {
        ("ready", catalog.text("ui.checks.ready").to_string())
    } else {
        ("blocked", catalog.count("summary.not-ready", review.n_blockers(), &[]))
    };
    html.push_str(&format!("<p class=\"status {status_class}\">{}</p>\n", escape(&status)));
    html.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    html.push_str(&format!(
        "<p class=\"muted\">{}</p>\n",
        escape(&catalog.format_with("summary.built", &[("date", &catalog.date(*built_on)), ("profile", profile.name.get(catalog.lang()))]))
    ));

    html.push_str(&format!("<h2>{}</h2>\n<table>\n", t("ui.section.claim")));
    let activity = profile.activity_type(&claim.activity_type).map(|a| a.name.get(catalog.lang()).to_string()).unwrap_or_default();
    let rows = [
        (ClaimField::PartnerId, escape(&claim.partner_id)),
        (ClaimField::UsageStart, date(context.usage_start.valid())),
        (ClaimField::UsageEnd, date(context.usage_end.valid())),
        (ClaimField::ActivityType, escape(&activity)),
        (ClaimField::ActivityStart, date(context.activity_start.valid())),
        (ClaimField::ActivityEnd, date(context.activity_end.valid())),
        (ClaimField::ClaimedAmount, money(context.claimed.valid())),
        (ClaimField::AvailableFunds, money(context.available.valid())),
        (ClaimField::PreapprovalId, escape(&claim.preapproval_id)),
        (ClaimField::Metric, escape(&claim.metric)),
    ];
    for (field, value) in rows {
        html.push_str(&format!("<tr><th>{}</th><td>{value}</td></tr>\n", t(&format!("field.{}", field.name()))));
    }
    html.push_str("</table>\n");

    html.push_str(&format!("<h2>{}</h2>\n<table>\n", t("ui.dates.heading")));
    let deadline = review.dates.claim_deadline.as_ref();
    let dated = [
        ("claim-deadline", deadline.map(|d| d.effective())),
        ("recommended-submission", review.dates.recommended_submission),
        ("retention-end", review.dates.retention_end),
    ];
    for (key, value) in dated {
        let relative = value
            .map(|d| {
                // A retention end in the past is no day count "overdue": the originals may go.
                let note = match key {
                    "retention-end" => crate::advice::RetentionAdvice::new(d, review.today).note().map(|note| catalog.text(note).to_string()),
                    _ => None,
                };
                let text = note.unwrap_or_else(|| catalog.days_relative(crate::dates::days_from(review.today, d)));
                format!(" <span class=\"muted\">({})</span>", escape(&text))
            })
            .unwrap_or_default();
        html.push_str(&format!("<tr><th>{}</th><td><time datetime=\"{}\">{}</time>{relative}</td></tr>\n", t(&format!("ui.dates.{key}")), value.map(crate::dates::iso).unwrap_or_default(), date(value)));
    }
    if let Some(other) = deadline.and_then(|d| d.other()) {
        html.push_str(&format!("<tr><th></th><td class=\"muted\">{}</td></tr>\n", escape(&catalog.format_with("ui.dates.other-close", &[("date", &catalog.date(other))]))));
    }
    html.push_str("</table>\n");

    html.push_str(&format!("<h2>{}</h2>\n", t("ui.checks.heading")));
    if review.findings.is_empty() {
        html.push_str(&format!("<p>{}</p>\n", t("ui.checks.ready")));
    } else {
        html.push_str("<ul>\n");
        for finding in &review.findings {
            let severity = finding.severity.name();
            html.push_str(&format!(
                "<li class=\"{severity}\"><strong>{}</strong> <code>{}</code> {} <span class=\"muted\">{}</span></li>\n",
                t(&format!("severity.{severity}")),
                finding.code.as_str(),
                escape(&catalog.finding_problem(finding)),
                escape(&catalog.finding_fix(finding))
            ));
        }
        html.push_str("</ul>\n");
    }

    html.push_str(&format!("<h2>{}</h2>\n<table>\n", t("ui.section.cost-lines")));
    for ((line, amount), position) in context.lines().zip(1..) {
        let kind = t(if line.cost_type == CostType::InHouse { "cost-line.in-house" } else { "cost-line.third-party" });
        let amount = amount.valid().map(|m| escape(&catalog.money(&crate::money::Money::new(m, &line.currency), Some(profile)))).unwrap_or_else(|| escape(&line.amount));
        html.push_str(&format!("<tr><td>{position}. {}</td><td>{kind}</td><td>{}</td><td class=\"num\">{amount}</td></tr>\n", escape(&line.description), escape(&line.vendor)));
    }
    html.push_str(&format!("<tr><th colspan=\"3\">{}</th><td class=\"num\">{}</td></tr>\n</table>\n", t("summary.total"), money(Some(context.supported_total()))));

    html.push_str(&format!("<h2>{}</h2>\n<table>\n", t("ui.section.documents")));
    for document in documents.iter() {
        let kind = document.doc_type.map_or_else(|| t("summary.unclassified"), |doc_type: DocType| t(&format!("doc-type.{}", doc_type.name())));
        let checksum = document.sha256.get(..16).map(|prefix| format!("<code>{prefix}…</code>")).unwrap_or_default();
        html.push_str(&format!(
            "<tr><td>{}<br><span class=\"muted\">{}</span></td><td>{kind}</td><td class=\"num\">{}</td><td>{checksum}</td></tr>\n",
            escape(&document.original_name),
            escape(&document.note),
            escape(&catalog.bytes(document.size))
        ));
    }
    html.push_str("</table>\n");
    html.push_str(&format!("<p class=\"muted\">{}</p>\n", t("summary.verify")));
    html
}
