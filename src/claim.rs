//! The claim as data, and the edits a partner makes to it.
//!
//! Every field keeps the text the partner typed, verbatim; parsing happens when the
//! claim is checked ([`crate::rules`]), so a bad entry is reported and never lost.
//! [`Claim::apply`] is the only way the page changes a claim.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::dates;
use crate::profile::Profile;

pub type CostLineId = u32;
pub type DocumentId = u32;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Claim {
    pub title: String,
    pub partner_id: String,
    /// `YYYY-MM-DD`: the last day of the earning period the usage period follows.
    pub earning_period_end: String,
    pub usage_start: String,
    pub usage_end: String,
    /// An activity type id of the profile.
    pub activity_type: String,
    pub activity_start: String,
    pub activity_end: String,
    /// ISO 4217 code of the claim's one currency.
    pub currency: String,
    pub claimed_amount: String,
    pub available_funds: String,
    /// Co-op funds earned for the usage period, for caps that are a share of them.
    pub earned_funds: String,
    /// People who attended, for caps per attendee.
    pub attendees: String,
    pub preapproval_id: String,
    /// The partner's company name, as its documents write it (`POE-BRANDING`).
    pub company_name: String,
    /// The activity type's metric (registered guests, estimated reach, …).
    pub metric: String,
    pub cost_lines: Vec<CostLine>,
    pub documents: Vec<Document>,
    /// The next id for a cost line or document; ids are never reused within a claim.
    pub next_id: u32,
    /// Where the claim came from, while it is unchanged since: the example, or a package
    /// (by fingerprint). Loading the same again shows this claim instead of a copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Submitted, reviewed, paid, archived ([`crate::lifecycle`]).
    #[serde(skip_serializing_if = "crate::lifecycle::Lifecycle::is_default")]
    pub lifecycle: crate::lifecycle::Lifecycle,
    /// What names the claim's calendar events (their UIDs) wherever it goes: its key on
    /// the device it was made on, written into its package and backup
    /// ([`Claim::calendar_key`]), so that the calendar of a claim opened or restored on
    /// another device moves the events imported before rather than adding a second set.
    /// Empty on the device it was made on (its key names them) and in a copy made with
    /// Duplicate (a claim of its own).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub calendar_id: String,
}

/// What an unchanged claim was made from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Example,
    /// A package, by the fingerprint of the claim its manifest holds ([`Claim::fingerprint`]).
    Package(String),
}

/// The claim's own fields, each with its stable anchor (the id of its control on the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimField {
    Title,
    PartnerId,
    EarningPeriodEnd,
    UsageStart,
    UsageEnd,
    ActivityType,
    ActivityStart,
    ActivityEnd,
    Currency,
    ClaimedAmount,
    AvailableFunds,
    EarnedFunds,
    Attendees,
    PreapprovalId,
    Metric,
    CompanyName,
}

impl ClaimField {
    pub const ALL: [ClaimField; 16] = [
        ClaimField::Title,
        ClaimField::PartnerId,
        ClaimField::EarningPeriodEnd,
        ClaimField::UsageStart,
        ClaimField::UsageEnd,
        ClaimField::ActivityType,
        ClaimField::ActivityStart,
        ClaimField::ActivityEnd,
        ClaimField::Currency,
        ClaimField::ClaimedAmount,
        ClaimField::AvailableFunds,
        ClaimField::EarnedFunds,
        ClaimField::Attendees,
        ClaimField::PreapprovalId,
        ClaimField::Metric,
        ClaimField::CompanyName,
    ];

    /// Stable kebab-case name, used as the page anchor and the catalog key.
    pub fn name(self) -> &'static str {
        match self {
            ClaimField::Title => "title",
            ClaimField::PartnerId => "partner-id",
            ClaimField::EarningPeriodEnd => "earning-period-end",
            ClaimField::UsageStart => "usage-start",
            ClaimField::UsageEnd => "usage-end",
            ClaimField::ActivityType => "activity-type",
            ClaimField::ActivityStart => "activity-start",
            ClaimField::ActivityEnd => "activity-end",
            ClaimField::Currency => "currency",
            ClaimField::ClaimedAmount => "claimed-amount",
            ClaimField::AvailableFunds => "available-funds",
            ClaimField::EarnedFunds => "earned-funds",
            ClaimField::Attendees => "attendees",
            ClaimField::PreapprovalId => "preapproval-id",
            ClaimField::Metric => "metric",
            ClaimField::CompanyName => "company-name",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostType {
    /// Work bought from a vendor: needs a third-party invoice.
    #[default]
    ThirdParty,
    /// The partner's own work: needs a Certification Statement and Report.
    InHouse,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CostLine {
    pub id: CostLineId,
    pub description: String,
    pub cost_type: CostType,
    pub vendor: String,
    pub amount: String,
    pub currency: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CostLineField {
    Description,
    CostType,
    Vendor,
    Amount,
    Currency,
}

impl CostLineField {
    pub fn name(self) -> &'static str {
        match self {
            CostLineField::Description => "description",
            CostLineField::CostType => "cost-type",
            CostLineField::Vendor => "vendor",
            CostLineField::Amount => "amount",
            CostLineField::Currency => "currency",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocType {
    CoreRequirements,
    Invoice,
    Csr,
    ProofOfExecution,
    Other,
}

impl DocType {
    pub const ALL: [DocType; 5] =
        [DocType::CoreRequirements, DocType::Invoice, DocType::Csr, DocType::ProofOfExecution, DocType::Other];

    /// Stable name: the catalog key and the package folder (`documents/<name>/`).
    pub fn name(self) -> &'static str {
        match self {
            DocType::CoreRequirements => "core-requirements",
            DocType::Invoice => "invoices",
            DocType::Csr => "csr",
            DocType::ProofOfExecution => "proof-of-execution",
            DocType::Other => "other",
        }
    }

    pub fn from_name(name: &str) -> Option<DocType> {
        DocType::ALL.into_iter().find(|doc_type| doc_type.name() == name)
    }
}

/// What is known of a document's file once it has been read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub size: u64,
    pub media_type: String,
    /// Lower-case hex.
    pub sha256: String,
    /// CRC-32 of the content, as the ZIP format needs it, where it was computed; 0 for a
    /// file added in the page (a package computes its CRC-32s from the bytes it reads
    /// when built: `browser::files::Sums`).
    #[serde(default)]
    pub crc32: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Document {
    pub id: DocumentId,
    /// The file name as the partner's system gave it.
    pub file_name: String,
    pub doc_type: Option<DocType>,
    /// The cost line an invoice pays for.
    pub cost_line: Option<CostLineId>,
    /// Proof item ids (of the activity type) this proof of execution covers.
    pub proof_items: BTreeSet<String>,
    /// The explanatory note Microsoft asks for with each proof document.
    pub note: String,
    /// `None` until the file has been read.
    pub file: Option<FileFacts>,
    /// Set when the document came from a package whose file did not match, or lacked it:
    /// a blocker until the original file is added again or the partner accepts the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integrity: Option<Integrity>,
    /// What the document reader found in the file (`None` until it has read it); it
    /// counts only while its SHA-256 is the file's ([`Document::inspection`]).
    /// Boxed: most documents of a large claim are reviewed without it, and a document
    /// holding it inline was twice the size, which the review of 1,000 documents felt.
    #[serde(rename = "inspection", skip_serializing_if = "Option::is_none")]
    pub read: Option<Box<crate::evidence::Inspection>>,
    /// An invoice's facts as the partner typed them; each one typed wins over what was
    /// read from the file ([`Document::invoice_fact`]).
    #[serde(skip_serializing_if = "crate::evidence::invoice::InvoiceFacts::is_empty")]
    pub invoice: crate::evidence::invoice::InvoiceFacts,
}

/// One of an invoice's facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvoiceField {
    Number,
    Date,
    Total,
    Currency,
    /// Who issued it: its cost line's vendor is held to it (`INVOICE-REUSED` compares
    /// invoices by vendor and number).
    Vendor,
}

impl InvoiceField {
    pub const ALL: [InvoiceField; 5] = [InvoiceField::Number, InvoiceField::Date, InvoiceField::Total, InvoiceField::Currency, InvoiceField::Vendor];

    pub fn name(self) -> &'static str {
        match self {
            InvoiceField::Number => "invoice-number",
            InvoiceField::Date => "invoice-date",
            InvoiceField::Total => "invoice-total",
            InvoiceField::Currency => "invoice-currency",
            InvoiceField::Vendor => "invoice-vendor",
        }
    }

    fn of(self, facts: &crate::evidence::invoice::InvoiceFacts) -> Option<&String> {
        match self {
            InvoiceField::Number => facts.number.as_ref(),
            InvoiceField::Date => facts.date.as_ref(),
            InvoiceField::Total => facts.total.as_ref(),
            InvoiceField::Currency => facts.currency.as_ref(),
            InvoiceField::Vendor => facts.vendor.as_ref(),
        }
    }

    fn of_mut(self, facts: &mut crate::evidence::invoice::InvoiceFacts) -> &mut Option<String> {
        match self {
            InvoiceField::Number => &mut facts.number,
            InvoiceField::Date => &mut facts.date,
            InvoiceField::Total => &mut facts.total,
            InvoiceField::Currency => &mut facts.currency,
            InvoiceField::Vendor => &mut facts.vendor,
        }
    }
}

/// Where an invoice's fact comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactSource {
    Typed,
    /// Read from the file's text by the document reader.
    Read,
}

impl Document {
    /// Whether a file read for this document may become its file. Any may, unless a
    /// package's check marked it: then only its original (the SHA-256 the package
    /// recorded) or the file it has, read again. Another file picked as "the original"
    /// would otherwise take the place of the package's file under the mark, and accepting
    /// the file as it is would then accept the file picked by mistake. A mark that
    /// records no SHA-256 (a backup that left out a file never read) takes any file.
    pub fn takes_file(&self, file: &FileFacts) -> bool {
        let Some(mark) = &self.integrity else { return true };
        mark.expected_sha256.is_empty() || mark.expected_sha256 == file.sha256 || self.file.as_ref().is_some_and(|known| known.sha256 == file.sha256)
    }

    /// The items of its `activity` a proof of execution shows, in the order of their ids,
    /// as POE-ITEM-MISSING counts them: none for a document of another type, and no tick
    /// of another activity's item (a document retyped, or an activity changed, keeps ticks
    /// that count for nothing). What the summary and the manifest say it shows.
    pub fn proof_items_shown<'a>(&'a self, activity: Option<&'a crate::profile::ActivityType>) -> impl Iterator<Item = &'a crate::profile::ProofItem> + 'a {
        let activity = activity.filter(|_| self.doc_type == Some(DocType::ProofOfExecution));
        self.proof_items.iter().filter_map(move |id| activity.and_then(|activity| activity.proof_items.iter().find(|item| item.id == *id)))
    }

    /// An invoice's fact: what the partner typed, else what was read from the file.
    pub fn invoice_fact(&self, field: InvoiceField) -> Option<(&str, FactSource)> {
        if let Some(typed) = field.of(&self.invoice) {
            return Some((typed.as_str(), FactSource::Typed));
        }
        let read = self.inspection()?.invoice.as_ref()?;
        field.of(read).map(|value| (value.as_str(), FactSource::Read))
    }

    /// What the reader found in the document's current file, if it has read it.
    pub fn inspection(&self) -> Option<&crate::evidence::Inspection> {
        let file = self.file.as_ref()?;
        self.read.as_deref().filter(|read| read.sha256 == file.sha256 && !read.from_a_later_reader())
    }
}

/// What opening a package found wrong with a document, kept with the claim. (A struct
/// and a plain enum rather than a tagged enum: serde's code for those is far smaller.)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrity {
    pub state: IntegrityState,
    /// The SHA-256 the package recorded for the document's file.
    pub expected_sha256: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntegrityState {
    /// The file's bytes are not those the package recorded.
    Altered,
    /// The package listed the document but did not hold its file.
    Missing,
    /// The package did not list the document: a backup's, made while this browser could
    /// not read its file. Said as `Missing` is, but the claim so marked is the claim it
    /// was backed up from ([`Claim::content_fingerprint`]): restored where that claim is,
    /// it is already here, not added again beside it.
    LeftOut,
}

impl Integrity {
    pub fn altered(expected_sha256: &str) -> Integrity {
        Integrity { state: IntegrityState::Altered, expected_sha256: expected_sha256.to_string() }
    }

    pub fn missing(expected_sha256: &str) -> Integrity {
        Integrity { state: IntegrityState::Missing, expected_sha256: expected_sha256.to_string() }
    }

    pub fn left_out(expected_sha256: &str) -> Integrity {
        Integrity { state: IntegrityState::LeftOut, expected_sha256: expected_sha256.to_string() }
    }

    /// Whether the package did not hold the file (listed without it, or left out).
    pub fn lacks_file(&self) -> bool {
        matches!(self.state, IntegrityState::Missing | IntegrityState::LeftOut)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentField {
    DocType,
    CostLine,
    ProofItems,
    Note,
    File,
    Invoice(InvoiceField),
}

impl DocumentField {
    pub fn name(self) -> &'static str {
        match self {
            DocumentField::DocType => "type",
            DocumentField::CostLine => "cost-line",
            DocumentField::ProofItems => "proof-items",
            DocumentField::Note => "note",
            DocumentField::File => "file",
            DocumentField::Invoice(field) => field.name(),
        }
    }
}

impl Edit {
    /// Whether the edit changes what the claim says (locked once submitted), rather than
    /// its life after submission or what was read of its files.
    pub fn changes_content(&self) -> bool {
        !matches!(
            self,
            Edit::SetStatus { .. }
                | Edit::SetPartnerCenterId(_)
                | Edit::SetSubmittedOn(..)
                | Edit::SetArchived(_)
                | Edit::SetUnlocked(_)
                | Edit::SetInspection(..)
                | Edit::SetDocumentFile(..)
        )
    }
}

/// Every change a partner can make to a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Edit {
    Set(ClaimField, String),
    /// Sets the earning period end and, when it is a date, derives the usage period.
    SetEarningPeriodEnd(String),
    AddCostLine,
    RemoveCostLine(CostLineId),
    SetCostLine(CostLineId, CostLineField, String),
    AddDocument { file_name: String, doc_type: Option<DocType>, file: Option<FileFacts> },
    RemoveDocument(DocumentId),
    /// What the document reader found in a document's file; kept only while it is the
    /// document's file (the same SHA-256).
    SetInspection(DocumentId, crate::evidence::Inspection),
    /// A change of status on a day (ISO), with a note ([`crate::lifecycle::Lifecycle::set_status`]).
    SetStatus { status: crate::lifecycle::Status, on: String, note: String },
    SetPartnerCenterId(String),
    /// Submitted on as typed, and today (ISO): a day still to come is not the history's.
    SetSubmittedOn(String, String),
    SetArchived(bool),
    /// "Edit anyway" on a submitted claim (`true`), or locked again (`false`).
    SetUnlocked(bool),
    SetDocumentType(DocumentId, Option<DocType>),
    LinkDocument(DocumentId, Option<CostLineId>),
    SetProofItem(DocumentId, String, bool),
    SetDocumentNote(DocumentId, String),
    /// An invoice's fact as the partner types it: it wins over what was read; cleared,
    /// what was read shows again.
    SetInvoiceFact(DocumentId, InvoiceField, String),
    /// A document's file, as read; refused for a marked document by another file than
    /// its original ([`Document::takes_file`]).
    SetDocumentFile(DocumentId, Option<FileFacts>),
    /// The partner accepts a document's file as it is, though it is not the one its
    /// package recorded ([`Integrity::Altered`]).
    AcceptDocumentFile(DocumentId),
}

impl Claim {
    /// The claim as JSON, as it is stored and handed to the package worker. Always
    /// pretty and read from bytes, as the manifest is written and read: one copy of
    /// serde's code for `Claim` in the page instead of two.
    pub fn to_json(&self) -> Option<String> {
        serde_json::to_vec_pretty(self).ok().and_then(|bytes| String::from_utf8(bytes).ok())
    }

    /// A claim read back from [`Claim::to_json`]'s text; `None` when it is not one.
    pub fn from_json(json: &str) -> Option<Claim> {
        serde_json::from_slice(json.as_bytes()).ok()
    }

    /// An empty claim in the profile's first currency.
    pub fn new(profile: &Profile) -> Claim {
        Claim::new_in(profile.currencies.first().map_or("", |c| c.code.as_str()))
    }

    /// An empty claim in `currency` (the partner's region's, see [`crate::locale`]).
    pub fn new_in(currency: &str) -> Claim {
        Claim { currency: currency.to_string(), next_id: 1, ..Claim::default() }
    }

    pub fn field(&self, field: ClaimField) -> &str {
        match field {
            ClaimField::Title => &self.title,
            ClaimField::PartnerId => &self.partner_id,
            ClaimField::EarningPeriodEnd => &self.earning_period_end,
            ClaimField::UsageStart => &self.usage_start,
            ClaimField::UsageEnd => &self.usage_end,
            ClaimField::ActivityType => &self.activity_type,
            ClaimField::ActivityStart => &self.activity_start,
            ClaimField::ActivityEnd => &self.activity_end,
            ClaimField::Currency => &self.currency,
            ClaimField::ClaimedAmount => &self.claimed_amount,
            ClaimField::AvailableFunds => &self.available_funds,
            ClaimField::EarnedFunds => &self.earned_funds,
            ClaimField::Attendees => &self.attendees,
            ClaimField::PreapprovalId => &self.preapproval_id,
            ClaimField::Metric => &self.metric,
            ClaimField::CompanyName => &self.company_name,
        }
    }

    fn field_mut(&mut self, field: ClaimField) -> &mut String {
        match field {
            ClaimField::Title => &mut self.title,
            ClaimField::PartnerId => &mut self.partner_id,
            ClaimField::EarningPeriodEnd => &mut self.earning_period_end,
            ClaimField::UsageStart => &mut self.usage_start,
            ClaimField::UsageEnd => &mut self.usage_end,
            ClaimField::ActivityType => &mut self.activity_type,
            ClaimField::ActivityStart => &mut self.activity_start,
            ClaimField::ActivityEnd => &mut self.activity_end,
            ClaimField::Currency => &mut self.currency,
            ClaimField::ClaimedAmount => &mut self.claimed_amount,
            ClaimField::AvailableFunds => &mut self.available_funds,
            ClaimField::EarnedFunds => &mut self.earned_funds,
            ClaimField::Attendees => &mut self.attendees,
            ClaimField::PreapprovalId => &mut self.preapproval_id,
            ClaimField::Metric => &mut self.metric,
            ClaimField::CompanyName => &mut self.company_name,
        }
    }

    /// The cost line of id `id`. Lines are in the order of their ids as the page makes
    /// them (added at the end, put back where they were), so it is looked for by halves
    /// first: the checks ask it for each invoice, at each key typed; a claim in another
    /// order (read from elsewhere) is searched line by line.
    pub fn cost_line(&self, id: CostLineId) -> Option<&CostLine> {
        match self.cost_lines.binary_search_by_key(&id, |line| line.id) {
            Ok(at) => Some(&self.cost_lines[at]),
            Err(_) => self.cost_lines.iter().find(|line| line.id == id),
        }
    }

    /// The document of id `id`, looked for as [`Claim::cost_line`] looks for a line.
    pub fn document(&self, id: DocumentId) -> Option<&Document> {
        match self.documents.binary_search_by_key(&id, |document| document.id) {
            Ok(at) => Some(&self.documents[at]),
            Err(_) => self.documents.iter().find(|document| document.id == id),
        }
    }

    /// The currency an invoice's total is read in: the one the invoice names, typed as a
    /// code in any case or as a sign (`usd `, `€`; a sign of several currencies, `$`, is
    /// its cost line's, or the claim's without one, when that is one of them), else its
    /// cost line's, else the claim's.
    /// A currency the profile does not know is the text typed, in capitals.
    pub fn invoice_currency(&self, invoice: &Document, profile: &Profile) -> String {
        let line = invoice.cost_line.and_then(|id| self.cost_line(id)).map(|line| line.currency.as_str()).filter(|code| !code.is_empty()).unwrap_or(&self.currency);
        let Some(typed) = invoice.invoice_fact(InvoiceField::Currency).map(|(typed, _)| crate::money::typed_currency(typed)).filter(|typed| !typed.is_empty()) else {
            return line.to_string();
        };
        let typed = typed.as_ref();
        let named: Vec<&str> = profile.currencies.iter().filter(|currency| crate::money::names_currency(currency, typed)).map(|currency| currency.code.as_str()).collect();
        match named.as_slice() {
            _ if named.contains(&line) => line.to_string(),
            [only] => only.to_string(),
            _ => typed.to_ascii_uppercase(),
        }
    }

    fn take_id(&mut self) -> u32 {
        let id = self.next_id.max(1);
        // Saturating: a claim from outside may carry any number here (and is renumbered
        // when it comes in, see `renumbered`); no arithmetic on ids may panic.
        self.next_id = id.saturating_add(1);
        id
    }

    /// Whether the claim is the example, as it was loaded (a partner's change makes it
    /// theirs: its origin goes). It stands apart from the partner's claims of its usage
    /// period: its made-up funds neither count with theirs nor are judged with them.
    pub fn is_the_example(&self) -> bool {
        self.origin == Some(Origin::Example)
    }

    /// Whether the claim is judged with its usage period's other claims (their funds
    /// together, the caps per usage period): not the example, and, by its lifecycle,
    /// drawing on the funds and open to change ([`Lifecycle::judged_with_the_period`]).
    ///
    /// [`Lifecycle::judged_with_the_period`]: crate::lifecycle::Lifecycle::judged_with_the_period
    pub fn judged_with_the_period(&self) -> bool {
        !self.is_the_example() && self.lifecycle.judged_with_the_period()
    }

    /// A short fingerprint of the claim as it is (fields, lines, documents and their
    /// checksums): two packages holding the same claim have the same one.
    pub fn fingerprint(&self) -> String {
        // Through `to_json`, the one serialiser of `Claim` the page carries.
        let mut hex = crate::hashing::sha256_hex(self.to_json().unwrap_or_default().as_bytes());
        hex.truncate(32);
        hex
    }

    /// The fingerprint of what the claim holds, whatever its ids and its origin: a claim
    /// and the same claim back from a package (or a backup) have the same one. A file's
    /// media type is left out: the browser's guess from the name (`video/x-ms-wmv`, or
    /// none) is what the claim on the device keeps, what the reader found it to be
    /// (`video/x-ms-asf`) is what its package says, and the file's checksum counts already;
    /// so is what the document reader found (derived from the file, and it may arrive
    /// after a copy was made), and the CRC-32 (a file added in the page has none; one read
    /// from a package has its entry's).
    pub fn content_fingerprint(&self) -> String {
        let (mut claim, _) = Claim { origin: None, calendar_id: String::new(), ..self.clone() }.renumbered();
        for document in &mut claim.documents {
            document.read = None;
            // A document a backup left out (its file unreadable when it was made) is
            // marked so on the claim restored from it: the claim is the one backed up.
            if document.integrity.as_ref().is_some_and(|mark| mark.state == IntegrityState::LeftOut) {
                document.integrity = None;
            }
            if let Some(file) = document.file.as_mut() {
                file.crc32 = 0;
                file.media_type.clear();
            }
        }
        claim.fingerprint()
    }

    /// [`Claim::content_fingerprint`] without its life after its package (status, claim
    /// ID, history, archive): what two states of one claim share.
    pub fn content_without_life(&self) -> String {
        Claim { lifecycle: crate::lifecycle::Lifecycle::default(), ..self.clone() }.content_fingerprint()
    }

    /// The name of the claim's calendar events: its own ([`Claim::calendar_id`]), else
    /// its `key` on this device, else (no key: a test) one made of its title, partner ID
    /// and usage end.
    /// One from outside that is not a key's letters, digits, dashes and underscores (1 to
    /// 64 of them: [`Claim::has_calendar_id`]) is not taken: it goes into every
    /// calendar's `UID` lines as it is.
    pub fn calendar_key(&self, key: Option<&str>) -> String {
        let own = &self.calendar_id;
        match key {
            _ if self.has_calendar_id() => own.clone(),
            Some(key) => key.to_string(),
            None => crate::hashing::sha256_hex(format!("{}\n{}\n{}", self.title, self.partner_id, self.usage_end).as_bytes())[..16].to_string(),
        }
    }

    /// Whether the claim names its calendar events itself: its [`Claim::calendar_id`] is
    /// one a key could be, 1 to 64 letters, digits, dashes and underscores (one from
    /// outside that is not is not taken, and the claim's key names them).
    pub fn has_calendar_id(&self) -> bool {
        (1..=64).contains(&self.calendar_id.len()) && self.calendar_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    /// Whether two versions of a claim differ at most in what the document reader found
    /// in their files: what the partner wrote, added and chose is the same.
    pub fn same_but_readings(&self, other: &Claim) -> bool {
        let unread = |claim: &Claim| {
            let mut claim = claim.clone();
            for document in &mut claim.documents {
                document.read = None;
            }
            claim
        };
        self.documents.len() == other.documents.len() && unread(self) == unread(other)
    }

    /// Takes what the document reader found in `from` for this claim's documents of the
    /// same id and the same file that have no reading of their own; whether it took any.
    pub fn take_readings(&mut self, from: &Claim) -> bool {
        let readings: std::collections::HashMap<DocumentId, &crate::evidence::Inspection> = from.documents.iter().filter_map(|document| Some((document.id, document.inspection()?))).collect();
        let mut taken = false;
        for document in self.documents.iter_mut().filter(|document| document.inspection().is_none()) {
            let same_file = |read: &&&crate::evidence::Inspection| document.file.as_ref().is_some_and(|file| file.sha256 == read.sha256);
            if let Some(read) = readings.get(&document.id).filter(same_file) {
                document.read = Some(Box::new((*read).clone()));
                taken = true;
            }
        }
        taken
    }

    /// The claim with its cost lines and documents numbered anew from 1, in order (links
    /// from invoices to cost lines follow), and how each document's id changed. Ids from
    /// outside (a package) are never trusted: two documents may share one, or the next id
    /// may be one already taken.
    pub fn renumbered(mut self) -> (Claim, Vec<(DocumentId, DocumentId)>) {
        let mut next: u32 = 1;
        // Old line id → new: a map, so that renumbering stays linear in what a package holds.
        let mut lines = std::collections::HashMap::with_capacity(self.cost_lines.len());
        for line in &mut self.cost_lines {
            lines.insert(line.id, next);
            line.id = next;
            next = next.saturating_add(1);
        }
        let mut documents = Vec::with_capacity(self.documents.len());
        for document in &mut self.documents {
            documents.push((document.id, next));
            document.id = next;
            next = next.saturating_add(1);
            document.cost_line = document.cost_line.and_then(|old| lines.get(&old).copied());
        }
        self.next_id = next;
        (self, documents)
    }

    /// Applies one edit. Edits that name a cost line or document that is gone change
    /// nothing (a late event from a removed row is harmless).
    pub fn apply(&mut self, edit: Edit, profile: &Profile) {
        // A submitted claim's content is locked: only its life after submission changes,
        // and what is read of its files.
        if self.lifecycle.locked() && edit.changes_content() {
            return;
        }
        match edit {
            Edit::SetStatus { status, on, note } => self.lifecycle.set_status(status, &on, &note),
            Edit::SetPartnerCenterId(id) => self.lifecycle.partner_center_id = id,
            Edit::SetSubmittedOn(on, today) => self.lifecycle.set_submitted_on(on, &today),
            Edit::SetArchived(archived) => self.lifecycle.archived = archived,
            Edit::SetUnlocked(unlocked) => self.lifecycle.unlocked = unlocked,
            Edit::Set(ClaimField::Currency, code) => {
                // Cost lines that were in the claim's currency follow it.
                for line in &mut self.cost_lines {
                    if line.currency == self.currency {
                        line.currency.clone_from(&code);
                    }
                }
                self.currency = code;
            }
            Edit::Set(ClaimField::EarningPeriodEnd, text) => self.set_earning_period_end(text, profile),
            Edit::Set(field @ (ClaimField::UsageStart | ClaimField::UsageEnd), text) => {
                *self.field_mut(field) = text;
                self.follow_usage_period(profile);
            }
            Edit::Set(field, text) => *self.field_mut(field) = text,
            Edit::SetEarningPeriodEnd(text) => self.set_earning_period_end(text, profile),
            Edit::AddCostLine => {
                let id = self.take_id();
                let currency = self.currency.clone();
                self.cost_lines.push(CostLine { id, currency, ..CostLine::default() });
            }
            Edit::RemoveCostLine(id) => {
                self.cost_lines.retain(|line| line.id != id);
                for document in &mut self.documents {
                    if document.cost_line == Some(id) {
                        document.cost_line = None;
                    }
                }
            }
            Edit::SetCostLine(id, field, text) => {
                if let Some(line) = self.cost_lines.iter_mut().find(|line| line.id == id) {
                    match field {
                        CostLineField::Description => line.description = text,
                        CostLineField::CostType => {
                            line.cost_type = if text == "in-house" { CostType::InHouse } else { CostType::ThirdParty }
                        }
                        CostLineField::Vendor => line.vendor = text,
                        CostLineField::Amount => line.amount = text,
                        CostLineField::Currency => line.currency = text,
                    }
                }
            }
            Edit::AddDocument { file_name, doc_type, file } => {
                let id = self.take_id();
                // Shown as it would display: a right-to-left override spoofs the extension.
                let file_name = crate::package::names::without_bidi_controls(file_name);
                self.documents.push(Document { id, file_name, doc_type, file, ..Document::default() });
            }
            Edit::RemoveDocument(id) => self.documents.retain(|document| document.id != id),
            Edit::SetDocumentType(id, doc_type) => {
                if let Some(document) = self.document_mut(id) {
                    document.doc_type = doc_type;
                    if doc_type != Some(DocType::Invoice) {
                        document.cost_line = None;
                    }
                }
            }
            Edit::LinkDocument(id, cost_line) => {
                let cost_line = cost_line.filter(|line| self.cost_line(*line).is_some());
                if let Some(document) = self.document_mut(id) {
                    document.cost_line = cost_line;
                }
            }
            Edit::SetProofItem(id, item, covered) => {
                if let Some(document) = self.document_mut(id) {
                    if covered {
                        document.proof_items.insert(item);
                    } else {
                        document.proof_items.remove(&item);
                    }
                }
            }
            Edit::SetDocumentNote(id, note) => {
                if let Some(document) = self.document_mut(id) {
                    document.note = note;
                }
            }
            Edit::SetInvoiceFact(id, field, text) => {
                if let Some(document) = self.document_mut(id) {
                    *field.of_mut(&mut document.invoice) = (!text.trim().is_empty()).then_some(text);
                }
            }
            Edit::SetDocumentFile(id, file) => {
                if let Some(document) = self.document_mut(id).filter(|document| file.as_ref().is_none_or(|file| document.takes_file(file))) {
                    // The original file, added again, lifts the mark of a package's check.
                    let original = |file: &FileFacts| document.integrity.as_ref().is_some_and(|mark| mark.expected_sha256.is_empty() || mark.expected_sha256 == file.sha256);
                    if file.as_ref().is_some_and(original) {
                        document.integrity = None;
                    }
                    document.file = file;
                }
            }
            Edit::SetInspection(id, inspection) => {
                if let Some(document) = self.document_mut(id) {
                    if document.file.as_ref().is_some_and(|file| file.sha256 == inspection.sha256) {
                        match document.read.as_deref_mut() {
                            // Read again, for a later reader, and the reader stopped on it:
                            // the earlier reading stays (its facts were good), taken as this
                            // reader's so that it is not tried again at each visit.
                            Some(earlier) if inspection.stopped && !earlier.stopped && earlier.sha256 == inspection.sha256 && earlier.from_an_earlier_reader() => {
                                earlier.reader = crate::evidence::READER;
                            }
                            _ => document.read = Some(Box::new(inspection)),
                        }
                    }
                }
            }
            Edit::AcceptDocumentFile(id) => {
                if let Some(document) = self.document_mut(id) {
                    if document.integrity.as_ref().is_some_and(|mark| mark.state == IntegrityState::Altered) && document.file.is_some() {
                        document.integrity = None;
                    }
                }
            }
        }
    }

    fn document_mut(&mut self, id: DocumentId) -> Option<&mut Document> {
        self.documents.iter_mut().find(|document| document.id == id)
    }

    /// A usage period typed by hand that is not the chosen earning period's: the earning
    /// period becomes the one whose usage period it is, else none is chosen (a choice
    /// that says otherwise would stay on screen, contradicted, and in the manifest).
    /// Nothing changes while either date is not a whole date (being typed).
    fn follow_usage_period(&mut self, profile: &Profile) {
        // A date of a year no claim concerns is a typing slip FIELD-INVALID says; it moves
        // nothing (the earning period would inherit the slip).
        let plausible = |text: &str| dates::parse_iso(text.trim()).filter(|day| dates::PLAUSIBLE_YEARS.contains(&chrono::Datelike::year(day)));
        let (Some(start), Some(end)) = (plausible(&self.usage_start), plausible(&self.usage_end)) else { return };
        if dates::parse_iso(self.earning_period_end.trim()).is_some_and(|chosen| dates::usage_period_after(chosen, profile) == (start, end)) {
            return;
        }
        self.earning_period_end = dates::FiscalHalf::earning_for_activity(start, end, profile)
            .filter(|half| half.usage_period(profile) == (start, end))
            .map(|half| dates::iso(half.end()))
            .unwrap_or_default();
    }

    fn set_earning_period_end(&mut self, text: String, profile: &Profile) {
        if let Some(earning_end) = dates::parse_iso(text.trim()) {
            let (start, end) = dates::usage_period_after(earning_end, profile);
            self.usage_start = dates::iso(start);
            self.usage_end = dates::iso(end);
        }
        self.earning_period_end = text;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile::default_profile()
    }

    /// Lines and documents are found by id whatever their order: the page's (by id,
    /// found by halves) and another (read from elsewhere, found line by line).
    #[test]
    fn lines_and_documents_are_found_by_id_in_any_order() {
        let profile = profile();
        let mut claim = Claim::new(&profile);
        for _ in 0..5 {
            claim.apply(Edit::AddCostLine, &profile);
        }
        claim.documents = (1..=5).map(|id| Document { id, ..Document::default() }).collect();
        let ids = |claim: &Claim| (0..=7).map(|id| (claim.cost_line(id).map(|line| line.id), claim.document(id).map(|document| document.id))).collect::<Vec<_>>();
        let expected: Vec<_> = (0..=7).map(|id| {
            let found = (1..=5).contains(&id).then_some(id);
            (found, found)
        }).collect();
        assert_eq!(ids(&claim), expected);
        claim.cost_lines.reverse();
        claim.documents.swap(0, 3);
        assert_eq!(ids(&claim), expected);
    }

    /// A claim whose files were added in the page (no CRC-32) and the same claim read
    /// back from its package (each entry's CRC-32) are the same claim; another checksum
    /// or another document is not.
    #[test]
    fn the_content_fingerprint_leaves_out_the_crc32_but_not_the_sha256() {
        let p = profile();
        let mut added = Claim::new(&p);
        for (name, sha) in [("Invoice.pdf", "a"), ("Photo.jpg", "b")] {
            let file = FileFacts { size: 1000, media_type: "application/pdf".into(), sha256: sha.repeat(64), crc32: 0 };
            added.apply(Edit::AddDocument { file_name: name.into(), doc_type: Some(DocType::Invoice), file: Some(file) }, &p);
        }
        let mut from_package = added.clone();
        for document in &mut from_package.documents {
            if let Some(file) = document.file.as_mut() {
                file.crc32 = 0x1234_5678;
            }
        }
        assert_eq!(added.content_fingerprint(), from_package.content_fingerprint());
        let mut altered = added.clone();
        if let Some(file) = altered.documents.first_mut().and_then(|document| document.file.as_mut()) {
            file.sha256 = "0".repeat(64);
        }
        assert_ne!(added.content_fingerprint(), altered.content_fingerprint());
        assert_eq!(added.documents.iter().filter(|document| document.file.is_some()).count(), 2);
    }

    /// A tab still on this version reads a claim a later version saved, whose reader
    /// found kinds or PDF states this one does not know: the claim is read, not refused,
    /// and such a reading is not taken (it read as an unknown kind: PDF-DAMAGED on a valid
    /// PDF): the file is read again here.
    #[test]
    fn a_claim_from_a_later_version_reads_and_what_its_reader_found_here_unknown_is_read_again() {
        let p = profile();
        let mut claim = Claim::new(&p);
        let file = FileFacts { size: 10, media_type: "application/pdf".into(), sha256: "a".repeat(64), crc32: 0 };
        claim.apply(Edit::AddDocument { file_name: "scan.pdf".into(), doc_type: Some(DocType::Invoice), file: Some(file) }, &p);
        let inspection = crate::evidence::Inspection { sha256: "a".repeat(64), kind: crate::evidence::Kind::Pdf, pdf: Some(crate::evidence::PdfState::Text), ..crate::evidence::Inspection::default() };
        claim.documents[0].read = Some(Box::new(inspection));
        let json = claim.to_json().expect("json");
        assert!(json.contains("\"pdf\""), "{json}");
        assert!(Claim::from_json(&json).expect("read").documents[0].inspection().is_some(), "a reading of this version is taken");
        let kind = json.replacen("\"kind\": \"pdf\"", "\"kind\": \"hologram\"", 1);
        let state = json.replacen("\"pdf\": \"text\"", "\"pdf\": \"quantum-signed\"", 1);
        for later in [kind, state] {
            assert_ne!(later, json);
            let read = Claim::from_json(&later).expect("read, not refused");
            assert!(read.documents[0].read.as_deref().is_some_and(crate::evidence::Inspection::from_a_later_reader));
            assert_eq!(read.documents[0].inspection(), None, "not taken: read again");
        }
    }

    /// Each reading says which reader made it, so that a later page reads again a file
    /// this one read (after it could not take that page's reading, above); a reading
    /// saved before readings said so reads as version 0 and is written as it was.
    #[test]
    fn a_reading_says_its_reader_version_and_one_saved_without_it_is_written_as_it_was() {
        let p = profile();
        let mut claim = Claim::new(&p);
        let sha256 = "b".repeat(64);
        let file = FileFacts { size: 9, media_type: "application/pdf".into(), sha256: sha256.clone(), crc32: 0 };
        claim.apply(Edit::AddDocument { file_name: "notes.txt".into(), doc_type: Some(DocType::Other), file: Some(file) }, &p);
        let id = claim.documents[0].id;
        let reading = crate::evidence::inspect(&sha256, b"some text", 9, None, None, &[]);
        assert_eq!(reading.reader, crate::evidence::READER);
        claim.apply(Edit::SetInspection(id, reading), &p);
        let json = claim.to_json().expect("json");
        assert!(json.contains(&format!("\"reader\": {}", crate::evidence::READER)), "{json}");
        let read = Claim::from_json(&json).expect("read");
        assert_eq!(read.documents[0].inspection().map(|reading| reading.reader), Some(crate::evidence::READER), "taken here");
        let before = json.replacen(&format!(",\n        \"reader\": {}", crate::evidence::READER), "", 1);
        assert!(!before.contains("\"reader\""), "{before}");
        let old = Claim::from_json(&before).expect("read");
        assert_eq!(old.documents[0].inspection().map(|reading| reading.reader), Some(0), "an earlier reading is taken, as version 0");
        assert_eq!(old.to_json().expect("json"), before, "and written as it was: the claim's fingerprint does not change");
    }

    #[test]
    fn an_invoice_s_currency_typed_as_a_sign_is_read_as_the_currency_it_names() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.currency = "USD".into();
        claim.apply(Edit::AddDocument { file_name: "invoice.pdf".into(), doc_type: Some(DocType::Invoice), file: None }, &p);
        let id = claim.documents[0].id;
        let read = |claim: &mut Claim, typed: &str| {
            claim.apply(Edit::SetInvoiceFact(id, InvoiceField::Currency, typed.into()), &p);
            claim.invoice_currency(&claim.documents[0], &p)
        };
        // Linked to no cost line: `$` is the claim's dollars; `€` is euros; unknown, as typed.
        assert_eq!(read(&mut claim, "$"), "USD");
        assert_eq!(read(&mut claim, " usd "), "USD");
        assert_eq!(read(&mut claim, "€"), "EUR");
        assert_eq!(read(&mut claim, "zzz"), "ZZZ");
        assert_eq!(read(&mut claim, ""), "USD", "none typed: the claim's");
    }

    #[test]
    fn typed_text_is_kept_verbatim() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::Set(ClaimField::ClaimedAmount, "12abc".into()), &p);
        claim.apply(Edit::Set(ClaimField::UsageEnd, "2019-02-30".into()), &p);
        assert_eq!(claim.field(ClaimField::ClaimedAmount), "12abc");
        assert_eq!(claim.usage_end, "2019-02-30");
    }

    #[test]
    fn earning_period_end_derives_the_usage_period() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::SetEarningPeriodEnd("2018-06-30".into()), &p);
        assert_eq!((claim.usage_start.as_str(), claim.usage_end.as_str()), ("2018-07-01", "2018-12-31"));
        claim.apply(Edit::SetEarningPeriodEnd("not a date".into()), &p);
        assert_eq!(claim.earning_period_end, "not a date");
        assert_eq!(claim.usage_end, "2018-12-31", "a bad entry does not wipe the usage period");
    }

    #[test]
    fn a_usage_period_typed_by_hand_takes_the_earning_period_along() {
        let p = profile();
        let mut claim = Claim::new(&p);
        let set = |claim: &mut Claim, field, text: &str| claim.apply(Edit::Set(field, text.into()), &p);
        claim.apply(Edit::SetEarningPeriodEnd("2026-06-30".into()), &p);
        assert_eq!((claim.usage_start.as_str(), claim.usage_end.as_str()), ("2026-07-01", "2026-12-31"));
        // Typed as another earning period's usage period (a date at a time): that one.
        set(&mut claim, ClaimField::UsageStart, "2026-01-01");
        assert_eq!(claim.earning_period_end, "", "2026-01-01 to 2026-12-31 is no earning period's");
        claim.apply(Edit::SetEarningPeriodEnd("2026-06-30".into()), &p);
        set(&mut claim, ClaimField::UsageEnd, "");
        assert_eq!(claim.earning_period_end, "2026-06-30", "a date being typed changes nothing");
        set(&mut claim, ClaimField::UsageStart, "2026-01-01");
        set(&mut claim, ClaimField::UsageEnd, "2026-06-30");
        assert_eq!(claim.earning_period_end, "2025-12-31", "FY26 H1, whose usage period it is");
        // Its own usage period typed again: nothing moves.
        set(&mut claim, ClaimField::UsageEnd, "2026-06-30");
        assert_eq!(claim.earning_period_end, "2025-12-31");
        // Another length: no earning period's, none chosen.
        set(&mut claim, ClaimField::UsageEnd, "2026-03-31");
        assert_eq!(claim.earning_period_end, "");
        // Both dates typed anew, one after the other: the earning period whose they are.
        set(&mut claim, ClaimField::UsageStart, "2027-01-01");
        set(&mut claim, ClaimField::UsageEnd, "2027-06-30");
        assert_eq!(claim.earning_period_end, "2026-12-31", "FY27 H1");
        // A year slipped (0202, 1989): a slip FIELD-INVALID says; the earning period stays.
        set(&mut claim, ClaimField::UsageStart, "0202-01-01");
        set(&mut claim, ClaimField::UsageEnd, "0202-06-30");
        assert_eq!(claim.earning_period_end, "2026-12-31");
    }

    #[test]
    fn cost_lines_follow_the_claim_currency_unless_set_apart() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::AddCostLine, &p);
        claim.apply(Edit::AddCostLine, &p);
        let (first, second) = (claim.cost_lines[0].id, claim.cost_lines[1].id);
        claim.apply(Edit::SetCostLine(second, CostLineField::Currency, "GBP".into()), &p);
        claim.apply(Edit::Set(ClaimField::Currency, "EUR".into()), &p);
        assert_eq!(claim.cost_line(first).map(|l| l.currency.as_str()), Some("EUR"));
        assert_eq!(claim.cost_line(second).map(|l| l.currency.as_str()), Some("GBP"));
    }

    #[test]
    fn a_documents_name_is_kept_without_the_controls_that_reorder_how_it_displays() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::AddDocument { file_name: "report\u{202E}fdp.exe".into(), doc_type: None, file: None }, &p);
        assert_eq!(claim.documents[0].file_name, "reportfdp.exe", "not shown as \"reportexe.pdf\"");
    }

    #[test]
    fn removing_a_cost_line_unlinks_its_invoices_and_ids_are_not_reused() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::AddCostLine, &p);
        let line = claim.cost_lines[0].id;
        claim.apply(Edit::AddDocument { file_name: "invoice.pdf".into(), doc_type: Some(DocType::Invoice), file: None }, &p);
        let invoice = claim.documents[0].id;
        claim.apply(Edit::LinkDocument(invoice, Some(line)), &p);
        assert_eq!(claim.document(invoice).and_then(|d| d.cost_line), Some(line));
        claim.apply(Edit::RemoveCostLine(line), &p);
        assert_eq!(claim.document(invoice).and_then(|d| d.cost_line), None);
        claim.apply(Edit::AddCostLine, &p);
        assert!(claim.cost_lines[0].id > invoice);
    }

    #[test]
    fn linking_to_a_missing_cost_line_or_editing_a_removed_row_changes_nothing() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::AddDocument { file_name: "a.pdf".into(), doc_type: Some(DocType::Invoice), file: None }, &p);
        let id = claim.documents[0].id;
        claim.apply(Edit::LinkDocument(id, Some(999)), &p);
        assert_eq!(claim.documents[0].cost_line, None);
        let before = claim.clone();
        claim.apply(Edit::SetDocumentNote(999, "ghost".into()), &p);
        claim.apply(Edit::SetCostLine(999, CostLineField::Amount, "1".into()), &p);
        assert_eq!(claim, before);
    }

    #[test]
    fn proof_items_are_ticked_and_unticked() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::AddDocument { file_name: "photos.pdf".into(), doc_type: Some(DocType::ProofOfExecution), file: None }, &p);
        let id = claim.documents[0].id;
        claim.apply(Edit::SetProofItem(id, "agenda".into(), true), &p);
        claim.apply(Edit::SetProofItem(id, "invitation".into(), true), &p);
        claim.apply(Edit::SetProofItem(id, "agenda".into(), false), &p);
        assert_eq!(claim.documents[0].proof_items.iter().collect::<Vec<_>>(), ["invitation"]);
    }

    #[test]
    fn retyping_an_invoice_drops_its_cost_line_link() {
        let p = profile();
        let mut claim = Claim::new(&p);
        claim.apply(Edit::AddCostLine, &p);
        claim.apply(Edit::AddDocument { file_name: "x.pdf".into(), doc_type: Some(DocType::Invoice), file: None }, &p);
        let (line, doc) = (claim.cost_lines[0].id, claim.documents[0].id);
        claim.apply(Edit::LinkDocument(doc, Some(line)), &p);
        claim.apply(Edit::SetDocumentType(doc, Some(DocType::Other)), &p);
        assert_eq!(claim.documents[0].cost_line, None);
    }
}
