//! `manifest.json`: the machine-readable claim, findings, dates and document list.
//! Language-neutral: codes, ISO dates and minor units; the summary carries the words.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::claim::{Claim, CostLineId, DocType, DocumentId};
use crate::profile::Profile;
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
    /// The claim's amounts as exact decimals. Absent from packages built before it was
    /// written (read as empty).
    #[serde(default)]
    pub amounts: ManifestAmounts,
    /// The claim as the page holds it, so that the package can be opened again (its
    /// amounts as the partner typed them, in the page's language: `amounts` has them read).
    pub claim: Claim,
}

/// An amount read as an exact decimal, whatever the language it was typed in (`6 850,00`
/// on a French page and `6,850.00` on an English one are both `"6850.00"`): `decimal` with
/// a `.` and the currency's decimals, `minor` in the currency's minor units (cents).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestAmount {
    pub decimal: String,
    pub minor: i64,
    pub currency: String,
}

/// The claim's amounts, each `null` when left empty or when it cannot be read (a
/// finding then says why).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestAmounts {
    pub claimed: Option<ManifestAmount>,
    pub available_funds: Option<ManifestAmount>,
    pub earned_funds: Option<ManifestAmount>,
    pub cost_lines: Vec<ManifestCostLineAmount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestCostLineAmount {
    pub id: CostLineId,
    pub amount: Option<ManifestAmount>,
}

impl ManifestAmount {
    /// `text` read as an amount of `currency`, as the checks read it.
    pub fn read(text: &str, currency: &str, profile: &Profile) -> Option<ManifestAmount> {
        let minor = crate::rules::read_money(text, currency, profile).valid()?;
        let digits = profile.currency(currency).map_or(2, |currency| currency.minor_digits);
        let unit = 10_i64.pow(u32::from(digits));
        let decimal = match digits {
            0 => minor.to_string(),
            _ => format!("{}.{:0width$}", minor / unit, minor % unit, width = usize::from(digits)),
        };
        Some(ManifestAmount { decimal, minor, currency: currency.to_string() })
    }
}

impl ManifestAmounts {
    pub fn of(claim: &Claim, profile: &Profile) -> ManifestAmounts {
        let read = |text: &str| ManifestAmount::read(text, &claim.currency, profile);
        ManifestAmounts {
            claimed: read(&claim.claimed_amount),
            available_funds: read(&claim.available_funds),
            earned_funds: read(&claim.earned_funds),
            cost_lines: claim.cost_lines.iter().map(|line| ManifestCostLineAmount { id: line.id, amount: ManifestAmount::read(&line.amount, &line.currency, profile) }).collect(),
        }
    }
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
    /// `total` read as an exact decimal, in the invoice's currency (the one it names,
    /// else its cost line's, else the claim's); absent from packages built before it was
    /// written, and when the total cannot be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<ManifestAmount>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFact {
    pub value: String,
    /// `read` (from the file) or `typed`.
    pub source: String,
}

impl ManifestInvoice {
    /// The facts of an invoice document; `None` when it has none. Its total as an exact
    /// decimal is the package's to add ([`ManifestInvoice::with_amount`]): the page's
    /// print summary does not show it.
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
            total_amount: None,
        };
        InvoiceField::ALL.into_iter().any(|field| document.invoice_fact(field).is_some()).then_some(facts)
    }

    /// These facts with the total read as an exact decimal, in the invoice's currency
    /// ([`Claim::invoice_currency`]).
    pub fn with_amount(self, document: &crate::claim::Document, claim: &Claim, profile: &Profile) -> ManifestInvoice {
        let total_amount = document.invoice_fact(crate::claim::InvoiceField::Total).and_then(|(total, _)| ManifestAmount::read(total, &claim.invoice_currency(document, profile), profile));
        ManifestInvoice { total_amount, ..self }
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
