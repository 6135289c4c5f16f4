//! Completeness checks, PRODUCT.md §2.1.
//!
//! [`review`] parses the claim once into a [`Context`], runs every rule of [`RULES`], and
//! returns the findings in display order ([`Finding::rank`]: blockers first, and within a
//! severity the most consequential first) with the claim's dates.
//! Checking never fails: whatever the partner typed, the answer is a list of findings.
//! Each rule is a plain function; adding a check is adding a line to [`RULES`].

mod amounts;
mod context;
mod deadlines;
mod documents;
pub(crate) mod fields;
mod files;
mod integrity;
pub mod invoices;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use context::{applies, read_money, without_currency, Context, Entry, Invalid};

use crate::claim::{Claim, ClaimField, CostLineField, CostLineId, DocumentField, DocumentId};
use crate::dates::ClaimDeadline;
use crate::money::Money;
use crate::profile::{LocalizedText, Profile};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Partner Center would reject the claim, or the funds are lost.
    Blocker,
    /// Likely to bring a request for more documents.
    Warning,
    Info,
}

/// What a finding puts at stake, most consequential first: the order of the Checks list
/// within a severity (a forfeited claim before a missing amount, before a missing
/// document, before an empty field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// The claim period deadline and the activity's timing (finished, inside the usage
    /// period): funds can be lost for good, or the claim is in the wrong period.
    Deadline,
    /// What is claimed against costs, funds and caps.
    Money,
    /// The documents and files Partner Center asks for, and the evidence fields
    /// (pre-approval, metric) that go with them.
    Documents,
    /// The claim's own fields: presence, format, periods.
    Fields,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Blocker => "blocker",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident, $concern:ident;)*) => {
        /// A finding's stable code, as shown on the page and written to the manifest.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the finding puts at stake; orders findings within a severity.
            pub fn concern(self) -> Concern {
                match self { $(Code::$variant => Concern::$concern,)* }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    FieldRequired = "FIELD-REQUIRED", Blocker, Fields;
    FieldInvalid = "FIELD-INVALID", Blocker, Fields;
    PartnerIdFormat = "PARTNER-ID-FORMAT", Warning, Fields;
    DatesOrder = "DATES-ORDER", Blocker, Fields;
    UsagePeriodLength = "USAGE-PERIOD-LENGTH", Warning, Fields;
    ActivityOutsideUsage = "ACTIVITY-OUTSIDE-USAGE", Blocker, Deadline;
    ActivityNotComplete = "ACTIVITY-NOT-COMPLETE", Blocker, Deadline;
    DeadlinePassed = "DEADLINE-PASSED", Blocker, Deadline;
    DeadlineSoon = "DEADLINE-SOON", Warning, Deadline;
    Activity45Days = "ACTIVITY-45-DAYS", Warning, Deadline;
    PreapprovalMissing = "PREAPPROVAL-MISSING", Blocker, Documents;
    MetricsMissing = "METRICS-MISSING", Warning, Documents;
    AmountZero = "AMOUNT-ZERO", Blocker, Money;
    AmountAmbiguous = "AMOUNT-AMBIGUOUS", Warning, Money;
    AmountUnsupported = "AMOUNT-UNSUPPORTED", Blocker, Money;
    AmountExceedsFunds = "AMOUNT-EXCEEDS-FUNDS", Blocker, Money;
    AmountCap = "AMOUNT-CAP", Blocker, Money;
    CapUnchecked = "CAP-UNCHECKED", Info, Money;
    CurrencyMixed = "CURRENCY-MIXED", Blocker, Money;
    DocCoreRequirements = "DOC-CORE-REQUIREMENTS", Blocker, Documents;
    DocInvoice = "DOC-INVOICE", Blocker, Documents;
    InvoiceUnlinked = "INVOICE-UNLINKED", Warning, Documents;
    DocCsr = "DOC-CSR", Blocker, Documents;
    DocPoe = "DOC-POE", Blocker, Documents;
    PoeItemMissing = "POE-ITEM-MISSING", Blocker, Documents;
    DocNoteMissing = "DOC-NOTE-MISSING", Warning, Documents;
    DocUnclassified = "DOC-UNCLASSIFIED", Warning, Documents;
    FileEmpty = "FILE-EMPTY", Blocker, Documents;
    FileTooLarge = "FILE-TOO-LARGE", Blocker, Documents;
    FileType = "FILE-TYPE", Warning, Documents;
    FileDuplicate = "FILE-DUPLICATE", Warning, Documents;
    FileExecutable = "FILE-EXECUTABLE", Blocker, Documents;
    FileContentMismatch = "FILE-CONTENT-MISMATCH", Blocker, Documents;
    FileCutShort = "FILE-CUT-SHORT", Blocker, Documents;
    PdfEncrypted = "PDF-ENCRYPTED", Blocker, Documents;
    PdfDamaged = "PDF-DAMAGED", Blocker, Documents;
    PdfNoText = "PDF-NO-TEXT", Info, Documents;
    DocUnchecked = "DOC-UNCHECKED", Warning, Documents;
    ImageSmall = "IMAGE-SMALL", Warning, Documents;
    InvoiceTotalMismatch = "INVOICE-TOTAL-MISMATCH", Blocker, Money;
    InvoicePartial = "INVOICE-PARTIAL", Info, Money;
    InvoiceCurrency = "INVOICE-CURRENCY", Warning, Money;
    InvoiceDateOutside = "INVOICE-DATE-OUTSIDE", Warning, Documents;
    InvoiceReused = "INVOICE-REUSED", Warning, Documents;
    InvoiceRepeated = "INVOICE-REPEATED", Warning, Documents;
    InvoiceFactsMissing = "INVOICE-FACTS-MISSING", Warning, Documents;
    InvoiceCreditNote = "INVOICE-CREDIT-NOTE", Warning, Documents;
    PoeBranding = "POE-BRANDING", Warning, Documents;
    FundsPeriodExceeded = "FUNDS-PERIOD-EXCEEDED", Blocker, Money;
    FundsPeriodDiffers = "FUNDS-PERIOD-DIFFERS", Warning, Money;
    FundsPeriodCurrency = "FUNDS-PERIOD-CURRENCY", Warning, Money;
    PackageDocAltered = "PACKAGE-DOC-ALTERED", Blocker, Documents;
    PackageDocMissing = "PACKAGE-DOC-MISSING", Blocker, Documents;
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Code::from_name(&name).ok_or_else(|| serde::de::Error::custom(format!("unknown check code {name}")))
    }
}

/// The field or document a finding concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Field(ClaimField),
    CostLine(CostLineId, CostLineField),
    Document(DocumentId, DocumentField),
    /// The claim's document list as a whole (a document type nobody has added yet).
    Documents,
}

impl Target {
    /// The stable id of the control the finding points to, e.g. `claim-title`,
    /// `cost-3-amount`, `document-7-note`, `add-documents`.
    pub fn anchor(self) -> String {
        match self {
            Target::Field(field) => format!("claim-{}", field.name()),
            Target::CostLine(id, field) => format!("cost-{id}-{}", field.name()),
            Target::Document(id, field) => format!("document-{id}-{}", field.name()),
            Target::Documents => "add-documents".to_string(),
        }
    }
}

/// A value a finding's message mentions, formatted for the partner's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Arg {
    /// Text the partner typed or a file name, shown as it is.
    Text(String),
    #[serde(with = "crate::dates::iso_date")]
    Date(NaiveDate),
    Money(Money),
    Number(i64),
    /// A size in bytes, shown as KB, MB or GB.
    Bytes(u64),
    /// A size in bytes said beside a smaller one (a limit): shown so that it reads larger,
    /// with more digits, or in bytes ([`crate::i18n::Catalog::bytes_above`]).
    BytesAbove(u64, u64),
    /// A catalog key (a field's label, a reason), shown in the partner's language.
    Key(String),
    /// Text from the program profile (a proof item, an activity type).
    Profile(LocalizedText),
    /// A half of Microsoft's fiscal year, named the way each language names it.
    Half(crate::dates::FiscalHalf),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub target: Target,
    /// Named values for the message templates `check.<CODE>` and `check.<CODE>.fix`.
    pub args: Vec<(String, Arg)>,
}

impl Finding {
    pub fn new(code: Code, target: Target) -> Finding {
        Finding { code, severity: code.severity(), target, args: Vec::new() }
    }

    pub fn with(mut self, name: &str, arg: Arg) -> Finding {
        self.args.push((name.to_string(), arg));
        self
    }

    /// Where the finding is listed: by severity, then by [`Concern`]; findings of equal
    /// rank keep the order of [`RULES`].
    pub fn rank(&self) -> u8 {
        self.severity as u8 * 4 + self.code.concern() as u8
    }

    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(key, _)| key == name).map(|(_, arg)| arg)
    }

    /// The id of the control to go to: its target's, or for a proof item not covered, that
    /// item's checkbox on the first proof document (the first item's is the target's).
    pub fn anchor(&self) -> String {
        match (self.target, self.arg("item-id")) {
            (Target::Document(id, DocumentField::ProofItems), Some(Arg::Text(item))) => format!("document-{id}-proof-{item}"),
            _ => self.target.anchor(),
        }
    }
}

/// The dates that matter for a claim, where its fields allow them to be computed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDates {
    pub claim_deadline: Option<ClaimDeadline>,
    #[serde(with = "crate::dates::iso_date::option")]
    pub recommended_submission: Option<NaiveDate>,
    #[serde(with = "crate::dates::iso_date::option")]
    pub retention_end: Option<NaiveDate>,
}

/// What the page shows for a claim: every finding in display order ([`Finding::rank`]),
/// and its dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub findings: Vec<Finding>,
    pub dates: ClaimDates,
    #[serde(with = "crate::dates::iso_date")]
    pub today: NaiveDate,
}

impl Review {
    pub fn n_blockers(&self) -> usize {
        self.count(Severity::Blocker)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|finding| finding.severity == severity).count()
    }

    /// No blocker remains: Partner Center should accept the claim as it stands.
    pub fn is_ready(&self) -> bool {
        self.n_blockers() == 0
    }

    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|finding| finding.code == code)
    }
}

type Rule = fn(&Context, &mut Vec<Finding>);

/// Every check, in display order among findings of the same [`Finding::rank`].
pub const RULES: &[Rule] = &[
    deadlines::deadline_passed,
    deadlines::activity_not_complete,
    fields::activity_outside_usage,
    deadlines::deadline_soon,
    deadlines::activity_45_days,
    amounts::zero,
    amounts::ambiguous,
    amounts::exceeds_funds,
    amounts::unsupported,
    amounts::cap,
    amounts::currency_mixed,
    fields::preapproval_missing,
    fields::metrics_missing,
    documents::core_requirements,
    documents::invoice,
    documents::invoice_unlinked,
    documents::csr,
    documents::proof_of_execution,
    documents::proof_items,
    documents::notes,
    documents::unclassified,
    files::empty,
    files::too_large,
    files::file_type,
    files::duplicate,
    files::content,
    invoices::against_cost_line,
    invoices::unreadable,
    invoices::date_outside,
    invoices::facts_missing,
    invoices::reused,
    invoices::repeated,
    invoices::period_funds,
    documents::branding,
    integrity::package_documents,
    fields::required,
    fields::invalid,
    fields::partner_id_format,
    fields::dates_order,
    fields::usage_period_length,
];

/// Checks a claim against the profile as of `today` (the partner's calendar date).
pub fn review(claim: &Claim, profile: &Profile, today: NaiveDate) -> Review {
    review_with(claim, profile, today, None)
}

/// [`review`], knowing the invoices of the other claims on the device (`INVOICE-REUSED`).
pub fn review_with(claim: &Claim, profile: &Profile, today: NaiveDate, elsewhere: Option<&invoices::Elsewhere>) -> Review {
    let mut context = Context::new(claim, profile, today);
    context.elsewhere = elsewhere;
    let mut findings = Vec::new();
    for rule in RULES {
        rule(&context, &mut findings);
    }
    // Stable: findings of one rank keep the order of `RULES`.
    findings.sort_by_key(Finding::rank);
    Review { findings, dates: context.dates, today }
}

#[cfg(test)]
mod tests;
