//! `manifest.json`: the machine-readable claim, findings, dates and document list.
//! Language-neutral: codes, ISO dates and minor units; the summary carries the words.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::claim::{Claim, CostLineId, DocType, DocumentId};
use crate::rules::{Finding, Review};

/// The manifest format's name and version. A reader accepts every version up to its own.
pub const SCHEMA: &str = "coop-claim-preflight/manifest";
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// `coop-claim-preflight/manifest@1`.
    pub schema: String,
    pub generator: String,
    #[serde(with = "crate::dates::iso_date")]
    pub built_on: NaiveDate,
    /// The language of `summary.html`.
    pub language: String,
    pub profile: ProfileRef,
    pub ready_to_submit: bool,
    pub n_blockers: usize,
    pub n_warnings: usize,
    pub dates: ManifestDates,
    pub findings: Vec<ManifestFinding>,
    pub documents: Vec<ManifestDocument>,
    /// The claim as the page holds it, so that the package can be opened again.
    pub claim: Claim,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileRef {
    pub id: String,
    pub claim_deadline_days_after_usage_end: u32,
    pub submission_days_after_activity_end: u32,
    pub retention_months_after_activity_end: u32,
    pub file_size_limit_bytes: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestDates {
    #[serde(with = "crate::dates::iso_date::option")]
    pub claim_deadline: Option<NaiveDate>,
    /// Usage period end + 45 days.
    #[serde(with = "crate::dates::iso_date::option")]
    pub claim_deadline_by_rule: Option<NaiveDate>,
    /// Microsoft's published close of the claiming window, where the profile has one.
    #[serde(with = "crate::dates::iso_date::option")]
    pub published_close: Option<NaiveDate>,
    #[serde(with = "crate::dates::iso_date::option")]
    pub recommended_submission: Option<NaiveDate>,
    #[serde(with = "crate::dates::iso_date::option")]
    pub retention_end: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFinding {
    pub code: String,
    pub severity: String,
    /// The id of the page control the finding concerns.
    pub target: String,
    pub args: Vec<(String, crate::rules::Arg)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestDocument {
    pub id: DocumentId,
    pub original_name: String,
    /// Path inside the package, e.g. `documents/invoices/Fabrikam invoice.pdf`.
    pub path: String,
    pub size: u64,
    pub media_type: String,
    pub sha256: String,
    #[serde(rename = "type")]
    pub doc_type: Option<DocType>,
    pub cost_line: Option<CostLineId>,
    pub proof_items: Vec<String>,
    pub note: String,
    /// An invoice's facts, each as typed by the partner or read from the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice: Option<ManifestInvoice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestInvoice {
    pub number: Option<ManifestFact>,
    /// ISO 8601 when read; as typed otherwise.
    pub date: Option<ManifestFact>,
    pub total: Option<ManifestFact>,
    pub currency: Option<ManifestFact>,
    /// Absent from packages built before it was shown (read as `None`).
    #[serde(default)]
    pub vendor: Option<ManifestFact>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFact {
    pub value: String,
    /// `read` (from the file) or `typed`.
    pub source: String,
}

impl ManifestInvoice {
    /// The facts of an invoice document; `None` when it has none.
    pub fn of(document: &crate::claim::Document) -> Option<ManifestInvoice> {
        use crate::claim::{FactSource, InvoiceField};
        let fact = |field| {
            document.invoice_fact(field).map(|(value, source)| ManifestFact {
                value: value.to_string(),
                source: if source == FactSource::Typed { "typed" } else { "read" }.to_string(),
            })
        };
        let facts = ManifestInvoice {
            number: fact(InvoiceField::Number),
            date: fact(InvoiceField::Date),
            total: fact(InvoiceField::Total),
            currency: fact(InvoiceField::Currency),
            vendor: fact(InvoiceField::Vendor),
        };
        InvoiceField::ALL.into_iter().any(|field| document.invoice_fact(field).is_some()).then_some(facts)
    }
}

impl ManifestFinding {
    pub fn from_finding(finding: &Finding) -> ManifestFinding {
        ManifestFinding {
            code: finding.code.as_str().to_string(),
            severity: finding.severity.name().to_string(),
            target: finding.target.anchor(),
            args: finding.args.clone(),
        }
    }
}

impl ManifestDates {
    pub fn from_review(review: &Review) -> ManifestDates {
        let deadline = review.dates.claim_deadline.as_ref();
        ManifestDates {
            claim_deadline: deadline.map(|d| d.effective()),
            claim_deadline_by_rule: deadline.map(|d| d.by_rule),
            published_close: deadline.and_then(|d| d.published_close),
            recommended_submission: review.dates.recommended_submission,
            retention_end: review.dates.retention_end,
        }
    }
}

/// `coop-claim-preflight/manifest@1`.
pub fn schema_id() -> String {
    format!("{SCHEMA}@{SCHEMA_VERSION}")
}
