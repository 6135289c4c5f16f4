//! Rules on the claim's own fields: presence, format, periods, pre-approval, metric.

use crate::claim::{ClaimField, CostLineField};
use crate::dates::{self, FiscalHalf};
use crate::profile::ActivityType;
use crate::rules::{Arg, Code, Context, Entry, Finding, Target};

/// The fields Partner Center needs on every claim, in form order.
const REQUIRED: [ClaimField; 9] = [
    ClaimField::Title,
    ClaimField::PartnerId,
    ClaimField::UsageStart,
    ClaimField::UsageEnd,
    ClaimField::ActivityType,
    ClaimField::ActivityStart,
    ClaimField::ActivityEnd,
    ClaimField::Currency,
    ClaimField::ClaimedAmount,
];

fn field_label(field: ClaimField) -> Arg {
    Arg::Key(format!("field.{}", field.name()))
}

fn cost_line_label(field: CostLineField) -> Arg {
    Arg::Key(format!("cost-line.{}.of", field.name()))
}

/// `FIELD-REQUIRED`: a required field is empty (claim title, partner ID, usage period,
/// activity type, activity dates, claimed amount), PRODUCT.md §2.1. Also each cost line's
/// description and amount, and the number of attendees where a cap is per attendee.
pub fn required(context: &Context, findings: &mut Vec<Finding>) {
    let claim = context.claim;
    for field in REQUIRED {
        if claim.field(field).trim().is_empty() {
            findings.push(Finding::new(Code::FieldRequired, Target::Field(field)).with("field", field_label(field)));
        }
    }
    if context.activity.is_some_and(ActivityType::counts_attendees) && claim.attendees.trim().is_empty() {
        let field = ClaimField::Attendees;
        findings.push(Finding::new(Code::FieldRequired, Target::Field(field)).with("field", field_label(field)));
    }
    for (position, line) in claim.cost_lines.iter().enumerate() {
        for (field, text) in [(CostLineField::Description, &line.description), (CostLineField::Amount, &line.amount)] {
            if text.trim().is_empty() {
                findings.push(
                    Finding::new(Code::FieldRequired, Target::CostLine(line.id, field))
                        .with("field", cost_line_label(field))
                        .with("line", Arg::Number(position as i64 + 1)),
                );
            }
        }
    }
}

/// An entry that cannot be read, as `FIELD-INVALID` quotes it: a calendar date of an
/// implausible year (a browser's date field takes 20260) as the field shows it, not in
/// the ISO form it is stored in; anything else as typed.
pub(crate) fn quoted(text: &str, invalid: crate::rules::context::Invalid) -> Arg {
    match dates::parse_iso(text.trim()).filter(|_| invalid == crate::rules::context::Invalid::Date) {
        Some(date) => Arg::Date(date),
        None => Arg::Text(text.to_string()),
    }
}

/// A `FIELD-INVALID` finding's reason: why `text` cannot be read, naming what in an
/// amount is not part of one (`won` of `5,000 won`) when that is why, and how many
/// decimals its `currency` has when it has more.
pub(crate) fn with_reason(finding: Finding, text: &str, invalid: crate::rules::context::Invalid, currency: &str, profile: &crate::profile::Profile) -> Finding {
    use crate::money::AmountError;
    let stray = (invalid == crate::rules::context::Invalid::Amount(AmountError::NotANumber)).then(|| crate::money::stray_characters(&crate::rules::context::without_currency(text, profile).0)).flatten();
    match stray {
        Some(stray) => finding.with("reason", Arg::Key("amount.error.stray".into())).with("stray", Arg::Text(stray)),
        // (A currency the profile does not know is read with 2 decimals, and not named.)
        None if invalid == crate::rules::context::Invalid::Amount(AmountError::TooManyDecimals) => match profile.currency(currency) {
            Some(known) => finding
                .with("reason", Arg::Key(invalid.key().to_string()))
                .with("currency", Arg::Text(known.code.clone()))
                .with("n", Arg::Number(i64::from(known.minor_digits))),
            None => finding.with("reason", Arg::Key("amount.error.too-many-decimals.two".into())),
        },
        None => finding.with("reason", Arg::Key(invalid.key().to_string())),
    }
}

/// `FIELD-INVALID`: typed text cannot be read (letters in an amount, a negative amount,
/// too many decimals, an impossible date). The text stays in the field; the finding says
/// what is wrong with it.
pub fn invalid(context: &Context, findings: &mut Vec<Finding>) {
    for field in ClaimField::ALL {
        if let Some(invalid) = context.entry_error(field) {
            let text = context.claim.field(field);
            let finding = Finding::new(Code::FieldInvalid, Target::Field(field)).with("field", field_label(field)).with("value", quoted(text, invalid));
            findings.push(with_reason(finding, text, invalid, &context.claim.currency, context.profile));
        }
    }
    for (position, (line, amount)) in context.lines().enumerate() {
        if let Entry::Invalid(invalid) = amount {
            findings.push(
                with_reason(
                    Finding::new(Code::FieldInvalid, Target::CostLine(line.id, CostLineField::Amount))
                        .with("field", cost_line_label(CostLineField::Amount))
                        .with("line", Arg::Number(position as i64 + 1))
                        .with("value", Arg::Text(line.amount.clone())),
                    &line.amount,
                    *invalid,
                    &line.currency,
                    context.profile,
                ),
            );
        }
    }
}

/// `PARTNER-ID-FORMAT`: the partner ID (PartnerID / MPN ID) is not 6–10 digits.
pub fn partner_id_format(context: &Context, findings: &mut Vec<Finding>) {
    let partner_id = context.claim.partner_id.trim();
    let well_formed = partner_id.chars().all(|c| c.is_ascii_digit()) && (6..=10).contains(&partner_id.len());
    if !partner_id.is_empty() && !well_formed {
        findings.push(
            Finding::new(Code::PartnerIdFormat, Target::Field(ClaimField::PartnerId))
                .with("value", Arg::Text(partner_id.to_string())),
        );
    }
}

/// `DATES-ORDER`: the usage period or the activity ends before it starts.
pub fn dates_order(context: &Context, findings: &mut Vec<Finding>) {
    let periods = [
        (&context.usage_start, &context.usage_end, ClaimField::UsageEnd, "period.usage"),
        (&context.activity_start, &context.activity_end, ClaimField::ActivityEnd, "period.activity"),
    ];
    for (start, end, end_field, period) in periods {
        if let (Some(start), Some(end)) = (start.valid(), end.valid()) {
            if end < start {
                findings.push(
                    Finding::new(Code::DatesOrder, Target::Field(end_field))
                        .with("period", Arg::Key(period.to_string()))
                        .with("start", Arg::Date(start))
                        .with("end", Arg::Date(end)),
                );
            }
        }
    }
}

/// `USAGE-PERIOD-LENGTH`: the usage period is not the six months that follow an earning
/// period (first day to last day). Usage periods are fiscal halves: one from another first
/// day (February 1 to July 31, six months all the same) is said to be none, naming the
/// earning period to choose, for its deadline would be a month off.
pub fn usage_period_length(context: &Context, findings: &mut Vec<Finding>) {
    let Some((start, end)) = context.usage_period() else { return };
    let profile = context.profile;
    // The earning period whose usage period holds this start.
    let earning = FiscalHalf::containing(start).previous();
    let (half_start, half_end) = earning.usage_period(profile);
    if (start, end) == (half_start, half_end) {
        return;
    }
    let mut finding = Finding::new(Code::UsagePeriodLength, Target::Field(ClaimField::UsageEnd)).with("months", Arg::Number(i64::from(profile.usage_period_months)));
    if start == half_start {
        finding = finding.with("problem", Arg::Key("usage.not-months".into())).with("advice", Arg::Key("usage.ends-on".into())).with("expected", Arg::Date(half_end));
    } else {
        // The earning period whose usage period holds the activity, else this start.
        let earning = context.activity_period().and_then(|(first, last)| FiscalHalf::earning_for_activity(first, last, profile)).unwrap_or(earning);
        let (then_start, then_end) = earning.usage_period(profile);
        finding = finding
            .with("problem", Arg::Key("usage.not-a-half".into()))
            .with("advice", Arg::Key("usage.choose-half".into()))
            .with("usage-start", Arg::Date(start))
            .with("usage-end", Arg::Date(end))
            .with("earning", Arg::Half(earning))
            .with("earning-start", Arg::Date(earning.start()))
            .with("earning-end", Arg::Date(earning.end()))
            .with("then-start", Arg::Date(then_start))
            .with("then-end", Arg::Date(then_end));
    }
    findings.push(finding);
}

/// `ACTIVITY-OUTSIDE-USAGE`: activities are performed during the usage period.
pub fn activity_outside_usage(context: &Context, findings: &mut Vec<Finding>) {
    if let (Some((usage_start, usage_end)), Some((start, end))) = (context.usage_period(), context.activity_period()) {
        if start < usage_start || end > usage_end {
            let field = if start < usage_start { ClaimField::ActivityStart } else { ClaimField::ActivityEnd };
            let mut finding = Finding::new(Code::ActivityOutsideUsage, Target::Field(field))
                .with("usage-start", Arg::Date(usage_start))
                .with("usage-end", Arg::Date(usage_end));
            // Name the earning period to choose, when one holds the whole activity.
            finding = match FiscalHalf::earning_for_activity(start, end, context.profile) {
                Some(earning) => {
                    let (then_start, then_end) = earning.usage_period(context.profile);
                    finding
                        .with("advice", Arg::Key("usage.choose-earning-period".into()))
                        .with("earning", Arg::Half(earning))
                        .with("earning-start", Arg::Date(earning.start()))
                        .with("earning-end", Arg::Date(earning.end()))
                        .with("then-start", Arg::Date(then_start))
                        .with("then-end", Arg::Date(then_end))
                }
                None => finding.with("advice", Arg::Key("usage.split-activity".into())),
            };
            findings.push(finding);
        }
    }
}

/// `PREAPPROVAL-MISSING`: the activity type (TV and radio) needs Microsoft's approval
/// before the activity, and no pre-approval ID is entered.
pub fn preapproval_missing(context: &Context, findings: &mut Vec<Finding>) {
    if let Some(activity) = context.activity {
        if activity.needs_preapproval && context.claim.preapproval_id.trim().is_empty() {
            findings.push(
                Finding::new(Code::PreapprovalMissing, Target::Field(ClaimField::PreapprovalId))
                    .with("activity", Arg::Profile(activity.name.clone())),
            );
        }
    }
}

/// `METRICS-MISSING`: the activity type's metric (PRODUCT.md §2.3) is not filled in.
pub fn metrics_missing(context: &Context, findings: &mut Vec<Finding>) {
    if let Some(metric) = context.activity.and_then(|activity| activity.metric.as_ref()) {
        if context.claim.metric.trim().is_empty() {
            findings.push(
                Finding::new(Code::MetricsMissing, Target::Field(ClaimField::Metric)).with("metric", Arg::Profile(metric.clone())),
            );
        }
    }
}
