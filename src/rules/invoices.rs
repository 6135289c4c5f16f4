//! Each invoice held against the claim (PRODUCT.md §2.4): its total against the cost
//! line it pays for, its currency against the line's, its date against the usage period,
//! its facts present, and the same invoice in another claim on the device. Facts are the
//! partner's where typed, else what the reader found in the file
//! ([`Document::invoice_fact`]).
//!
//! [`Document::invoice_fact`]: crate::claim::Document::invoice_fact

use std::collections::HashMap;

use crate::claim::{DocType, Document, DocumentField, InvoiceField};
use crate::rules::context::{parse_date, read_money, Invalid};
use crate::rules::{Arg, Code, Context, Finding, Target};

fn invoices<'a>(context: &Context<'a>) -> impl Iterator<Item = &'a Document> {
    context.claim.documents.iter().filter(|document| document.doc_type == Some(DocType::Invoice))
}

/// The claim's invoices, each with its key ([`invoice_key`], worked out once in the
/// context).
fn keyed<'c>(context: &'c Context) -> impl Iterator<Item = (&'c Document, Option<&'c str>)> {
    context.claim.documents.iter().zip(&context.invoice_keys).filter(|(document, _)| document.doc_type == Some(DocType::Invoice)).map(|(document, key)| (document, key.as_deref()))
}

/// Each document's invoice key, in claim order, for [`Context::invoice_keys`] (`lines`:
/// the claim's [`lines_by_id`]).
pub fn keys_of(claim: &crate::claim::Claim, lines: &Lines) -> Vec<Option<String>> {
    claim.documents.iter().map(|document| (document.doc_type == Some(DocType::Invoice)).then(|| invoice_key(lines, document)).flatten()).collect()
}

/// Each cost line by its id, with its place ([`lines_by_id`]).
pub type Lines<'a> = HashMap<crate::claim::CostLineId, (usize, &'a crate::claim::CostLine)>;

/// Each cost line by its id, with its place: a map, not a search per invoice, so a
/// thousand invoices and lines stay linear.
pub fn lines_by_id(claim: &crate::claim::Claim) -> Lines<'_> {
    claim.cost_lines.iter().enumerate().map(|(position, line)| (line.id, (position, line))).collect()
}

fn finding(code: Code, document: &Document, field: InvoiceField) -> Finding {
    Finding::new(code, Target::Document(document.id, DocumentField::Invoice(field))).with("file", Arg::Text(document.file_name.clone()))
}

/// A cost line's invoices, each with its total in minor units of the line's currency
/// (`None`: not known, or in another currency), and its key ([`invoice_key`]).
type LineInvoices<'a> = Vec<(&'a Document, Option<i64>, Option<&'a str>)>;

/// `INVOICE-TOTAL-MISMATCH` (the cost line claims more than its invoices' total),
/// `INVOICE-PARTIAL` (less: partial funding, said for information) and
/// `INVOICE-CURRENCY` (an invoice is in another currency than its cost line). A line paid
/// by several invoices (a deposit and the balance) is held to their totals together,
/// once every one of them is known; the finding goes on the first of them.
pub fn against_cost_line(context: &Context, findings: &mut Vec<Finding>) {
    let lines = &context.lines_by_id;
    // Each line's invoices with their totals in its currency (`None`: not known yet, or
    // in another currency: the line's total cannot be judged), by the line's position.
    let mut by_line: Vec<LineInvoices> = vec![Vec::new(); context.claim.cost_lines.len()];
    for (document, key) in keyed(context) {
        let Some(&(position, line)) = document.cost_line.and_then(|id| lines.get(&id)) else { continue };
        // A currency typed that names none (`FIELD-INVALID`): neither another currency nor
        // the line's, so the line's total waits for it.
        if typed_currency_unreadable(document, context.profile).is_some() {
            by_line[position].push((document, None, key));
            continue;
        }
        // Read as the manifest reads it: `usd `, `€` on a line in dollars, euros are no other.
        let currency = context.claim.invoice_currency(document, context.profile);
        let foreign = (!line.currency.is_empty() && !currency.eq_ignore_ascii_case(&line.currency)).then_some(currency);
        if let Some(currency) = &foreign {
            findings.push(
                finding(Code::InvoiceCurrency, document, InvoiceField::Currency)
                    .with("currency", Arg::Text(currency.clone()))
                    .with("line", Arg::Number(position as i64 + 1))
                    .with("line-currency", Arg::Text(line.currency.clone()))
                    // The fix names the claim's: a line in another (CURRENCY-MIXED) is not
                    // the currency to enter it in.
                    .with("claim-currency", Arg::Text(Some(context.claim.currency.trim()).filter(|code| !code.is_empty()).unwrap_or(&line.currency).to_string())),
            );
        }
        let total = document.invoice_fact(InvoiceField::Total).filter(|_| foreign.is_none()).and_then(|(total, _)| read_money(total, &line.currency, context.profile).valid());
        by_line[position].push((document, total, key));
    }
    for (position, (invoices, line)) in by_line.into_iter().zip(&context.claim.cost_lines).enumerate() {
        // One invoice in two files (`INVOICE-REPEATED`), or one file twice (`FILE-DUPLICATE`),
        // pays the line once. One file twice under two invoice numbers is two invoices in
        // one file (the reader reads no facts from such a file: the partner types them).
        // Maps of `&str` to `&str`, as the rules have elsewhere: each map of other types is
        // code of its own in the page (the two of an earlier version of this cost 1.5 KB).
        // A line of one invoice (most) has nothing to count twice.
        if invoices.len() < 2 {
            judge_line(context, position, line, invoices, findings);
            continue;
        }
        let numbers_folded: Vec<Option<String>> = invoices.iter().map(|(document, ..)| document.invoice_fact(InvoiceField::Number).map(|(number, _)| fold(number))).collect();
        let (mut numbers, mut files): (HashMap<&str, &str>, HashMap<&str, &str>) = (HashMap::new(), HashMap::new());
        let mut kept = Vec::with_capacity(invoices.len());
        for ((document, total, key), number) in invoices.into_iter().zip(&numbers_folded) {
            let file = document.file.as_ref().map(|file| file.sha256.as_str()).filter(|sha256| !sha256.is_empty());
            let seen_number = key.is_some_and(|key| numbers.contains_key(key));
            // Two rows of one file have one vendor: their numbers alone tell them apart.
            let seen_file = file.and_then(|sha256| files.get(sha256)).is_some_and(|first| first.is_empty() || number.as_deref().is_none_or(|number| number == *first));
            if let Some(key) = key {
                numbers.insert(key, "");
            }
            if let Some(sha256) = file {
                files.entry(sha256).or_insert(number.as_deref().unwrap_or(""));
            }
            if !(seen_number || seen_file) {
                kept.push((document, total, key));
            }
        }
        judge_line(context, position, line, kept, findings);
    }
}

/// A cost line (at `position`) held to its invoices' totals together, once each is known.
fn judge_line(context: &Context, position: usize, line: &crate::claim::CostLine, invoices: LineInvoices, findings: &mut Vec<Finding>) {
    let Some(first) = invoices.first() else { return };
    let Some(claimed) = context.line_amounts[position].valid() else { return };
    let Some(total) = invoices.iter().try_fold(0_i64, |sum, (_, total, _)| sum.checked_add((*total)?)) else { return };
    let money = |minor| Arg::Money(crate::money::Money::new(minor, &line.currency));
    let code = match claimed.cmp(&total) {
        std::cmp::Ordering::Greater => Code::InvoiceTotalMismatch,
        std::cmp::Ordering::Less => Code::InvoicePartial,
        std::cmp::Ordering::Equal => return,
    };
    findings.push(
        finding(code, first.0, InvoiceField::Total)
            .with("line", Arg::Number(position as i64 + 1))
            .with("amount", money(claimed))
            .with("total", money(total))
            .with("n", Arg::Number(invoices.len() as i64)),
    );
}

/// `FIELD-INVALID` on an invoice's total, date or currency that cannot be read
/// (`4,200.001`, `abc`, a sign of another currency than the invoice's; a currency that
/// is neither a code of three letters nor a sign the profile knows, `dollars`): typed
/// text stays, and what it would judge (the cost line's total, the usage period) waits
/// for a readable one; said, not silently skipped (a total typed wrong hid
/// `INVOICE-TOTAL-MISMATCH`, and so did a currency typed wrong, as another currency).
pub fn unreadable(context: &Context, findings: &mut Vec<Finding>) {
    for document in invoices(context) {
        // Typed text only: what the reader found is written as it reads it (a total with
        // cents for yen), and is not the partner's to correct as "typed".
        let typed = |field| document.invoice_fact(field).filter(|(_, source)| *source == crate::claim::FactSource::Typed);
        let total = typed(InvoiceField::Total).and_then(|(text, _)| match read_money(text, &context.claim.invoice_currency(document, context.profile), context.profile) {
            crate::rules::context::Entry::Invalid(invalid) => Some((InvoiceField::Total, text, invalid)),
            _ => None,
        });
        let date = typed(InvoiceField::Date).and_then(|(text, _)| match parse_date(text) {
            crate::rules::context::Entry::Invalid(invalid) => Some((InvoiceField::Date, text, invalid)),
            _ => None,
        });
        let currency = typed_currency_unreadable(document, context.profile).map(|text| (InvoiceField::Currency, text, Invalid::CurrencyText));
        for (field, text, invalid) in total.into_iter().chain(date).chain(currency) {
            let label = match field {
                InvoiceField::Total => "check.FIELD-INVALID.invoice-total",
                InvoiceField::Date => "check.FIELD-INVALID.invoice-date",
                _ => "check.FIELD-INVALID.invoice-currency",
            };
            let finding = Finding::new(Code::FieldInvalid, Target::Document(document.id, DocumentField::Invoice(field)))
                .with("field", Arg::Key(label.into()))
                .with("file", Arg::Text(document.file_name.clone()))
                .with("value", crate::rules::fields::quoted(text, invalid));
            let currency = context.claim.invoice_currency(document, context.profile);
            findings.push(crate::rules::fields::with_reason(finding, text, invalid, &currency, context.profile));
        }
    }
}

/// The invoice currency the partner typed, when it names none (`FIELD-INVALID`): what
/// [`unreadable`] reports, and what keeps [`against_cost_line`] from judging the line's
/// total with it.
fn typed_currency_unreadable<'a>(document: &'a crate::claim::Document, profile: &crate::profile::Profile) -> Option<&'a str> {
    document.invoice_fact(InvoiceField::Currency).filter(|(text, source)| *source == crate::claim::FactSource::Typed && !currency_readable(text, profile)).map(|(text, _)| text)
}

/// Whether a typed invoice currency names one: a code of three letters (any, not only
/// the profile's: an invoice may be in a currency no cost line is), or a code or sign
/// the profile knows (`US$`, `€`). Blank is no currency typed.
fn currency_readable(typed: &str, profile: &crate::profile::Profile) -> bool {
    let typed = crate::money::typed_currency(typed);
    let typed = typed.as_ref();
    typed.is_empty()
        || (typed.len() == 3 && typed.bytes().all(|byte| byte.is_ascii_alphabetic()))
        || profile.currencies.iter().any(|currency| crate::money::names_currency(currency, typed))
}

/// `INVOICE-DATE-OUTSIDE`: the invoice is dated outside the usage period.
pub fn date_outside(context: &Context, findings: &mut Vec<Finding>) {
    let Some((start, end)) = context.usage_period() else { return };
    for document in invoices(context) {
        let Some((date, _)) = document.invoice_fact(InvoiceField::Date) else { continue };
        let Some(date) = parse_date(date).valid() else { continue };
        if date < start || date > end {
            findings.push(
                finding(Code::InvoiceDateOutside, document, InvoiceField::Date)
                    .with("date", Arg::Date(date))
                    .with("usage-start", Arg::Date(start))
                    .with("usage-end", Arg::Date(end)),
            );
        }
    }
}

/// `INVOICE-FACTS-MISSING`: once the reader has read an invoice's file, its number, date
/// or total is neither read from it nor typed (a scan, an image, a text that does not
/// say it plainly). Before the reader has read it, nothing is said.
/// `INVOICE-CREDIT-NOTE` (warning, our addition): the file calls itself a credit note and
/// says a total below zero, and none is typed: a credit note given as an invoice. It
/// pays nothing, and proves no cost: said as such, not as a total that could not be read
/// (typed, it is the partner's: the reader may have read it wrong).
pub fn facts_missing(context: &Context, findings: &mut Vec<Finding>) {
    for document in invoices(context) {
        if document.inspection().is_none() {
            continue;
        }
        let credit = is_credit_note(document);
        if credit {
            findings.push(finding(Code::InvoiceCreditNote, document, InvoiceField::Total));
        }
        let missing: Vec<InvoiceField> =
            [InvoiceField::Number, InvoiceField::Date, InvoiceField::Total].into_iter().filter(|field| document.invoice_fact(*field).is_none() && !(credit && *field == InvoiceField::Total)).collect();
        if let Some(field) = missing.first() {
            // Which of them, said: "its invoice total", "its invoice number and date".
            let what = missing.iter().map(|field| field.name().trim_start_matches("invoice-")).collect::<Vec<_>>().join("-");
            findings.push(finding(Code::InvoiceFactsMissing, document, *field).with("what", Arg::Key(format!("invoice.missing.{what}"))));
        }
    }
}

/// `INVOICE-REUSED`: the same invoice (same file, or same vendor and number) is attached
/// to another claim on the device; the message names that claim.
pub fn reused(context: &Context, findings: &mut Vec<Finding>) {
    let Some(elsewhere) = context.elsewhere else { return };
    for (document, key) in keyed(context) {
        let by_file = document.file.as_ref().and_then(|file| elsewhere.by_sha256.get(&file.sha256));
        let by_number = key.and_then(|key| elsewhere.by_number.get(key));
        if let Some(title) = by_file.or(by_number) {
            findings.push(finding(Code::InvoiceReused, document, InvoiceField::Number).with("claim", title.clone()));
        }
    }
}

/// `INVOICE-REPEATED`: two files of this claim are one invoice (the same vendor and
/// number: a scan beside the PDF, a copy sent again). On one cost line, their totals
/// together would cover twice what it was billed; on two, one bill is claimed twice. The
/// finding goes on the later file and names the first. The same file twice is
/// `FILE-DUPLICATE`'s.
pub fn repeated(context: &Context, findings: &mut Vec<Finding>) {
    // Each invoice's key to the first file of it, and that file's checksum (maps of `&str`
    // as the rules have elsewhere: a map of other types is code of its own in the page).
    let (mut names, mut checksums): (HashMap<&str, &str>, HashMap<&str, &str>) = (HashMap::new(), HashMap::new());
    for (document, key) in keyed(context) {
        let Some(key) = key else { continue };
        let checksum = document.file.as_ref().map_or("", |file| file.sha256.as_str());
        match names.get(key) {
            Some(earlier) => {
                let same_file = !checksum.is_empty() && checksums.get(key) == Some(&checksum);
                if !same_file {
                    let number = document.invoice_fact(InvoiceField::Number).map(|(number, _)| number.trim().to_string()).unwrap_or_default();
                    findings.push(finding(Code::InvoiceRepeated, document, InvoiceField::Number).with("other", Arg::Text(earlier.to_string())).with("number", Arg::Text(number)));
                }
            }
            None => {
                names.insert(key, document.file_name.as_str());
                checksums.insert(key, checksum);
            }
        }
    }
}

/// A file given as an invoice that reads as a credit note (it calls itself one, and says
/// a total below zero), with no total typed: the partner's total makes it an invoice.
fn is_credit_note(document: &Document) -> bool {
    document.inspection().and_then(|read| read.invoice.as_ref()).is_some_and(|facts| facts.below_zero) && document.invoice_fact(InvoiceField::Total).is_none()
}

/// An invoice's vendor and number, as compared across claims (case and spaces aside):
/// the invoice's vendor (typed, else read from the file), else its cost line's; `None`
/// without a number or a vendor (a number alone, `1001`, is too common to say two
/// invoices are one).
/// A credit note (`INVOICE-CREDIT-NOTE`) has none: the number read from it is most often
/// that of the invoice it corrects (`Invoice No.: INV-77`), which is no second copy of it.
fn invoice_key(lines: &Lines, document: &Document) -> Option<String> {
    if is_credit_note(document) {
        return None;
    }
    let (number, _) = document.invoice_fact(InvoiceField::Number)?;
    let vendor = document.invoice_fact(InvoiceField::Vendor).map(|(vendor, _)| vendor.to_string());
    let line_vendor = || document.cost_line.and_then(|id| lines.get(&id)).map(|(_, line)| line.vendor.clone());
    let vendor = vendor.or_else(line_vendor).filter(|vendor| !vendor.trim().is_empty())?;
    Some(format!("{}\u{1f}{}", fold(&vendor), fold(number)))
}

/// A vendor or number as compared (case and spaces aside). ASCII case only: Unicode's
/// case tables would cost the page 11 KB.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase()
}

/// Invoices of the other claims on the device, for `INVOICE-REUSED`: by their file's
/// SHA-256 and by vendor and number, each to the title of a claim that has it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Elsewhere {
    pub by_sha256: std::collections::HashMap<String, Arg>,
    pub by_number: std::collections::HashMap<String, Arg>,
    /// The other claims of each usage period ([`PeriodKey`]: Partner ID, start, end, currency), for
    /// `FUNDS-PERIOD-EXCEEDED`: what they claim together, how many they are, and the
    /// period's available funds as one of them gives it.
    pub periods: std::collections::HashMap<PeriodKey, PeriodClaims>,
}

/// The other claims of one usage period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodClaims {
    pub claimed: i64,
    pub claims: usize,
    pub available: Option<i64>,
    /// The period's earned funds as the first of them to give them gives them: a share of
    /// earned funds caps the period's claims of some activity types (`AMOUNT-CAP`).
    pub earned: Option<i64>,
    /// The available funds each of them gives, with its title (`FUNDS-PERIOD-DIFFERS`).
    pub stated: Vec<(i64, Arg)>,
    /// What they claim for each activity type (by its id), and how many they are: the
    /// caps of an activity type are per usage period (`AMOUNT-CAP`).
    pub by_activity: std::collections::HashMap<String, (i64, usize)>,
    /// The title of the first of them (`FUNDS-PERIOD-CURRENCY` names it).
    pub first: Option<Arg>,
}

/// A usage period's funds: the partner's (its Partner ID: the location that earned them),
/// its first and last days, its currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PeriodKey {
    pub partner: String,
    pub start: String,
    pub end: String,
    pub currency: String,
}

/// The usage period a claim draws funds from, when its dates and currency are given: of
/// its Partner ID (two locations of one company each have their own funds; claims with
/// no Partner ID yet are one partner's).
pub fn period_of(claim: &crate::claim::Claim) -> Option<PeriodKey> {
    let (start, end, currency) = (claim.usage_start.trim(), claim.usage_end.trim(), claim.currency.trim());
    (!start.is_empty() && !end.is_empty() && !currency.is_empty()).then(|| PeriodKey { partner: claim.partner_id.trim().to_string(), start: start.to_string(), end: end.to_string(), currency: currency.to_string() })
}

impl Elsewhere {
    /// The invoices and usage periods of `claims`, their amounts read as the profile's
    /// currencies write them (a claim whose amount does not read adds nothing).
    pub fn of<'a>(claims: impl Iterator<Item = &'a crate::claim::Claim>, profile: &crate::profile::Profile) -> Elsewhere {
        let mut elsewhere = Elsewhere::default();
        for claim in claims {
            add_to_period(&mut elsewhere.periods, claim, profile);
            // The example's invoices are made up: a copy of it is not said to reuse them.
            // A claim rejected, or put away unsubmitted, no longer uses its invoices: the
            // claim made to send them again (a copy of a rejected one) is not warned.
            if claim.is_the_example() || !claim.lifecycle.draws_funds() {
                continue;
            }
            let title = title_of(claim);
            let lines = lines_by_id(claim);
            for document in claim.documents.iter().filter(|document| document.doc_type == Some(DocType::Invoice)) {
                if let Some(file) = document.file.as_ref().filter(|file| file.size > 0 && !file.sha256.is_empty()) {
                    elsewhere.by_sha256.entry(file.sha256.clone()).or_insert_with(|| title.clone());
                }
                if let Some(key) = invoice_key(&lines, document) {
                    elsewhere.by_number.entry(key).or_insert_with(|| title.clone());
                }
            }
        }
        elsewhere
    }
}

/// A claim named in another claim's finding: its title as a label shows it (cut at 200
/// characters: a title of a million, from a crafted package, would take the page's layout
/// a minute), or "Untitled claim".
fn title_of(claim: &crate::claim::Claim) -> Arg {
    if claim.title.trim().is_empty() {
        Arg::Key("claims.untitled".into())
    } else {
        Arg::Text(crate::claims::label(&claim.title))
    }
}

/// What a claim draws on its usage period's funds (its claimed amount, counted once) and
/// the funds it gives, added to `periods`; a claim that draws nothing adds nothing.
fn add_to_period(periods: &mut std::collections::HashMap<PeriodKey, PeriodClaims>, claim: &crate::claim::Claim, profile: &crate::profile::Profile) {
    // The example's made-up funds do not count with the partner's claims.
    let (Some(period), true) = (period_of(claim), claim.lifecycle.draws_funds() && !claim.is_the_example()) else { return };
    let amount = |text: &str| read_money(text, &period.currency, profile).valid();
    let claimed = amount(&claim.claimed_amount);
    let available = amount(&claim.available_funds);
    let earned = amount(&claim.earned_funds);
    let entry = periods.entry(period).or_default();
    if entry.earned.is_none() {
        entry.earned = earned;
    }
    if entry.first.is_none() {
        entry.first = Some(title_of(claim));
    }
    if let Some(claimed) = claimed {
        entry.claimed = entry.claimed.saturating_add(claimed);
        entry.claims += 1;
        let activity = entry.by_activity.entry(claim.activity_type.clone()).or_default();
        *activity = (activity.0.saturating_add(claimed), activity.1 + 1);
    }
    if entry.available.is_none() {
        entry.available = available;
    }
    if let Some(available) = available {
        entry.stated.push((available, title_of(claim)));
    }
}

/// The rule of `FUNDS-PERIOD-EXCEEDED`, on amounts: a claim of `claimed` (and `available`
/// funds as it gives them) with the other claims of its period. `Some((total, available))`
/// when together they claim more than the funds. A claim alone with funds of its own is
/// `AMOUNT-EXCEEDS-FUNDS`'s; one whose funds only another claim of the period gives (that
/// claim's amount not given yet) is this rule's.
fn over_funds(claimed: i64, available: Option<i64>, others: &PeriodClaims) -> Option<(i64, i64)> {
    if others.claims == 0 && available.is_some() {
        return None;
    }
    let available = available.or(others.available)?;
    let total = claimed.saturating_add(others.claimed);
    (total > available).then_some((total, available))
}

/// How many blockers each claim of `claims` (by index) has with the others that it does
/// not have alone, as its review with every other claim of `claims` finds them:
/// `FUNDS-PERIOD-EXCEEDED`, and `AMOUNT-CAP` over a cap per usage period with the period's
/// other claims of its activity type. For the list's rows of claims not on the page, each
/// reviewed alone: one pass over the claims rather than one review per claim.
pub fn blockers_with_the_others(claims: &[&crate::claim::Claim], profile: &crate::profile::Profile, today: chrono::NaiveDate) -> Vec<usize> {
    let mut periods = HashMap::new();
    for claim in claims {
        add_to_period(&mut periods, claim, profile);
    }
    let blockers = |claim: &crate::claim::Claim| {
        // Judged as the claim's own review judges it (`period_funds`, `amounts::cap`).
        let (Some(period), true) = (period_of(claim), claim.judged_with_the_period()) else { return 0 };
        let amount = |text: &str| read_money(text, &period.currency, profile).valid();
        let (Some(all), Some(claimed)) = (periods.get(&period), amount(&claim.claimed_amount)) else { return 0 };
        // The others: the period's claims less this one (its own funds, when it gives
        // them, come first in the rule, so the period's first given funds stand).
        let others = PeriodClaims { claimed: all.claimed.saturating_sub(claimed), claims: all.claims - 1, available: all.available, earned: all.earned, ..Default::default() };
        let funds = usize::from(over_funds(claimed, amount(&claim.available_funds), &others).is_some());
        funds + over_caps(claim, profile, today, period, claimed, all)
    };
    claims.iter().map(|claim| blockers(claim)).collect()
}

/// How many more `AMOUNT-CAP` blockers `claim` (claiming `own` in `period`, whose claims
/// are `all`) gets with the period's other claims of its activity type, and the earned
/// funds another claim gives. Only a claim under a cap per usage period (not per
/// attendee: that one is per event) that shares it with another, or takes its earned
/// funds from another, is looked at again, and only by the caps' rule.
fn over_caps(claim: &crate::claim::Claim, profile: &crate::profile::Profile, today: chrono::NaiveDate, period: PeriodKey, own: i64, all: &PeriodClaims) -> usize {
    use crate::profile::Cap;
    let per_period = |cap: &Cap| matches!(cap, Cap::MaxAmount { .. } | Cap::ShareOfEarned { .. });
    let Some(&(claimed, count)) = all.by_activity.get(&claim.activity_type) else { return 0 };
    // Earned funds only another claim of the period gives: a share of them caps this one.
    let earned_elsewhere = claim.earned_funds.trim().is_empty() && all.earned.is_some();
    if (count < 2 && !earned_elsewhere) || !profile.activity_type(&claim.activity_type).is_some_and(|activity| activity.caps.iter().any(per_period)) {
        return 0;
    }
    // The period's claims as `add_to_period` counts them, less this one.
    let mut elsewhere = Elsewhere::default();
    let others = elsewhere.periods.entry(period).or_default();
    others.earned = all.earned;
    *others.by_activity.entry(claim.activity_type.clone()).or_default() = (claimed.saturating_sub(own), count - 1);
    let mut context = Context::new(claim, profile, today);
    let caps = |context: &Context| {
        let mut findings = Vec::new();
        super::amounts::cap(context, &mut findings);
        findings.iter().filter(|finding| finding.code == Code::AmountCap).count()
    };
    let alone = caps(&context);
    context.elsewhere = Some(&elsewhere);
    caps(&context).saturating_sub(alone)
}

/// `FUNDS-PERIOD-EXCEEDED`: this claim and the other claims of its usage period together
/// claim more than the period's available funds (this claim's, else as another claim of
/// the period gives them). A claim that draws nothing (rejected, archived unsubmitted)
/// exceeds nothing; a locked one (submitted, paid, archived after) is not judged either:
/// it cannot change now, and its funds count for the claims that can
/// ([`Claim::judged_with_the_period`]); nor is the example, which stands apart.
///
/// [`Claim::judged_with_the_period`]: crate::claim::Claim::judged_with_the_period
/// `FUNDS-PERIOD-DIFFERS` (warning, our addition): another claim of the period gives other
/// available funds than this one. Partner Center shows one figure for a usage period, so
/// one of them is wrong, and each claim is checked against its own: one claim could be
/// over the funds while the other says it is ready.
pub fn period_funds(context: &Context, findings: &mut Vec<Finding>) {
    let (Some(elsewhere), Some(period)) = (context.elsewhere, period_of(context.claim)) else { return };
    if !context.claim.judged_with_the_period() {
        return;
    }
    // Claims of the same usage period in another currency: their funds are one, and
    // cannot be added to this claim's (a currency chosen wrong on one of them, most often,
    // and `FUNDS-PERIOD-EXCEEDED` would say nothing).
    // The first currency by its code, whatever the map's order (no sort: it would be code
    // of its own in the page).
    let other = elsewhere
        .periods
        .iter()
        .filter(|(other, _)| (&other.partner, &other.start, &other.end) == (&period.partner, &period.start, &period.end) && other.currency != period.currency)
        .filter_map(|(other, others)| Some((&other.currency, others.first.as_ref()?)))
        .min_by(|(one, _), (other, _)| one.cmp(other));
    if let Some((currency, title)) = other {
        findings.push(
            Finding::new(Code::FundsPeriodCurrency, Target::Field(crate::claim::ClaimField::Currency))
                .with("currency", Arg::Text(currency.clone()))
                .with("claim", title.clone()),
        );
    }
    let Some(others) = elsewhere.periods.get(&period) else { return };
    if let Some((other, title)) = context.available.valid().and_then(|here| others.stated.iter().find(|(other, _)| *other != here)) {
        findings.push(
            Finding::new(Code::FundsPeriodDiffers, Target::Field(crate::claim::ClaimField::AvailableFunds))
                .with("available", Arg::Money(context.money(*other)))
                .with("claim", title.clone()),
        );
    }
    let Some(claimed) = context.claimed.valid() else { return };
    if let Some((total, available)) = over_funds(claimed, context.available.valid(), others) {
        findings.push(
            Finding::new(Code::FundsPeriodExceeded, Target::Field(crate::claim::ClaimField::ClaimedAmount))
                .with("total", Arg::Money(context.money(total)))
                .with("available", Arg::Money(context.money(available)))
                .with("n", Arg::Number(others.claims as i64 + 1)),
        );
    }
}
