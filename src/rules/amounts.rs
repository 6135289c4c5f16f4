//! Rules on money: what is claimed against costs, funds and caps, in one currency.

use crate::claim::{ClaimField, CostLineField};
use crate::money::{ambiguous_group, Money};
use crate::profile::Cap;
use crate::rules::{without_currency, Arg, Code, Context, Entry, Finding, Target};

/// `AMOUNT-ZERO` (our addition to PRODUCT.md §2.1): a claimed amount of zero (`0`,
/// `0,00`) claims nothing. It is a slip (a placeholder left in, a misplaced separator),
/// and Partner Center has nothing to reimburse: a blocker.
pub fn zero(context: &Context, findings: &mut Vec<Finding>) {
    if context.claimed.valid() == Some(0) {
        findings.push(Finding::new(Code::AmountZero, Target::Field(ClaimField::ClaimedAmount)));
    }
}

/// `AMOUNT-AMBIGUOUS` (our addition): an amount typed as `1,234` or `1.234` reads as one
/// thousand two hundred and thirty-four, but the partner may have meant a decimal
/// separator. The message gives both readings and how to say which is meant. The review
/// does not depend on the page's language (the manifest records it), so this warns in
/// every language.
pub fn ambiguous(context: &Context, findings: &mut Vec<Finding>) {
    let claim = context.claim;
    let fields = [
        (Target::Field(ClaimField::ClaimedAmount), &claim.claimed_amount, &context.claimed, &claim.currency),
        (Target::Field(ClaimField::AvailableFunds), &claim.available_funds, &context.available, &claim.currency),
        (Target::Field(ClaimField::EarnedFunds), &claim.earned_funds, &context.earned, &claim.currency),
    ];
    let lines = context.lines().map(|(line, amount)| (Target::CostLine(line.id, CostLineField::Amount), &line.amount, amount, &line.currency));
    for (target, text, entry, currency) in fields.into_iter().chain(lines) {
        let Some(minor) = entry.valid() else { continue };
        let digits = context.profile.currency(currency).map_or(2, |known| usize::from(known.minor_digits));
        // A currency without decimals (JPY) has no decimal reading: `¥1,234` is plain. One
        // of three (a dinar) reads `1,234` as its decimals already (`money::parse_amount`),
        // shown so by the field: the message's words (read as thousands, could be decimals)
        // would say it backwards.
        if digits == 0 || digits >= 3 {
            continue;
        }
        let (number, _) = without_currency(text, context.profile);
        if let Some((whole, fraction)) = ambiguous_group(&number) {
            findings.push(
                Finding::new(Code::AmountAmbiguous, target)
                    .with("value", Arg::Text(text.trim().to_string()))
                    .with("read", Arg::Money(Money::new(minor, currency)))
                    .with("plain", Arg::Text(format!("{whole}{fraction}")))
                    .with("whole", Arg::Text(whole))
                    .with("fraction", Arg::Text(decimal_reading(fraction, digits))),
            );
        }
    }
}

/// The digits after the separator as the decimal reading writes them: `1.000` in
/// dollars could mean one dollar, said `1.00` as amounts are, not `1.000`; `1.500`
/// is `1.50`. Digits the currency has no room for stay as typed (`1.234`).
fn decimal_reading(fraction: String, digits: usize) -> String {
    let significant = fraction.trim_end_matches('0');
    if significant.len() <= digits {
        format!("{significant:0<digits$}")
    } else {
        fraction
    }
}

/// `AMOUNT-UNSUPPORTED`: the claimed amount is more than the cost lines add up to.
pub fn unsupported(context: &Context, findings: &mut Vec<Finding>) {
    // A line in another currency is left out of the total: the total is not judged until
    // it is in the claim's (CURRENCY-MIXED says which line), rather than said short and
    // the partner told to add lines, or lower the claim by a real cost.
    if !context.claim.currency.trim().is_empty() && !context.claim.cost_lines.iter().all(|line| context.in_claim_currency(line)) {
        return;
    }
    // So is a line whose amount is not entered yet, or cannot be read (FIELD-REQUIRED or
    // FIELD-INVALID says so on the line): its cost is real, the total not known.
    if context.lines().any(|(_, amount)| amount.valid().is_none()) {
        return;
    }
    if let Some(claimed) = context.claimed.valid() {
        let total = context.supported_total();
        if claimed > total {
            findings.push(
                Finding::new(Code::AmountUnsupported, Target::Field(ClaimField::ClaimedAmount))
                    .with("claimed", Arg::Money(context.money(claimed)))
                    .with("total", Arg::Money(context.money(total))),
            );
        }
    }
}

/// `AMOUNT-EXCEEDS-FUNDS`: the claimed amount is more than the available funds entered.
pub fn exceeds_funds(context: &Context, findings: &mut Vec<Finding>) {
    if let (Some(claimed), Some(available)) = (context.claimed.valid(), context.available.valid()) {
        if claimed > available {
            findings.push(
                Finding::new(Code::AmountExceedsFunds, Target::Field(ClaimField::ClaimedAmount))
                    .with("claimed", Arg::Money(context.money(claimed)))
                    .with("available", Arg::Money(context.money(available))),
            );
        }
    }
}

/// `AMOUNT-CAP`: the claim is over a cap of its activity type (PRODUCT.md §2.3): a fixed
/// amount per usage period, a share of earned funds, or attendees and an amount per person.
///
/// `CAP-UNCHECKED` (info; our addition): a cap that cannot be compared is said, with what
/// it takes to check it, rather than skipped: a share of earned funds when no Earned funds
/// are entered, and an amount in another currency than the claim's (no exchange rate
/// here). Text that cannot be read (a bad amount or currency) is left to `FIELD-INVALID`.
pub fn cap(context: &Context, findings: &mut Vec<Finding>) {
    let (Some(activity), Some(own)) = (context.activity, context.claimed.valid()) else {
        return;
    };
    // The caps are per usage period: what the period's other claims of this activity type
    // claim counts too (when this claim draws on the period's funds and can still change:
    // not once locked in Partner Center's hands).
    let period = context.elsewhere.filter(|_| context.claim.judged_with_the_period()).zip(crate::rules::invoices::period_of(context.claim)).and_then(|(elsewhere, period)| elsewhere.periods.get(&period));
    let (others, other_claims) = period.and_then(|period| period.by_activity.get(&activity.id).copied()).unwrap_or_default();
    // The period's earned funds: this claim's, else as another claim of the period gives
    // them (its period card shows them so); text that does not read is `FIELD-INVALID`'s.
    let earned = match (&context.earned, period.and_then(|period| period.earned)) {
        (Entry::Empty, Some(earned)) => &Entry::Valid(earned),
        (earned, _) => earned,
    };
    let claimed = own.saturating_add(others);
    let claim_currency = context.claim.currency.as_str();
    // `claimed` by this claim and `others` more claims of the period. With others, the
    // fix says what is left for this claim: lowered to the cap alone, it was still over.
    let over = |limit: Money, claimed: i64, others: usize| {
        let left = Money::new(limit.minor.saturating_sub(claimed.saturating_sub(own)).max(0), &limit.currency);
        let finding = Finding::new(Code::AmountCap, Target::Field(ClaimField::ClaimedAmount))
            .with("activity", Arg::Profile(activity.name.clone()))
            .with("claimed", Arg::Money(context.money(claimed)))
            .with("limit", Arg::Money(limit))
            .with("n", Arg::Number(others as i64));
        match others {
            0 => finding.with("how", Arg::Key("cap.fix.amount".into())),
            _ => finding.with("left", Arg::Money(left)).with("how", Arg::Key("cap.fix.amount-shared".into())),
        }
    };
    let unchecked = |field: ClaimField, cap: &str, need: &str| {
        Finding::new(Code::CapUnchecked, Target::Field(field))
            .with("activity", Arg::Profile(activity.name.clone()))
            .with("cap", Arg::Key(cap.into()))
            .with("need", Arg::Key(need.into()))
    };
    // A cap in another currency, when the claim's own currency is one the profile knows.
    let other_currency = |currency: &str| currency != claim_currency && context.profile.currency(claim_currency).is_some();
    let in_other_currency = |finding: Finding, currency: &str| {
        finding.with("cap-currency", Arg::Text(currency.to_string())).with("currency", Arg::Text(claim_currency.to_string()))
    };
    for cap in &activity.caps {
        match cap {
            Cap::MaxAmount { minor, currency } if currency == claim_currency && claimed > *minor => {
                findings.push(over(Money::new(*minor, currency), claimed, other_claims).with("rule", Arg::Key("cap.max-amount".into())));
            }
            Cap::MaxAmount { minor, currency } if other_currency(currency) => {
                let finding = unchecked(ClaimField::ClaimedAmount, "ui.cap.max-amount", "cap.need.currency")
                    .with("limit", Arg::Money(Money::new(*minor, currency)));
                findings.push(in_other_currency(finding, currency));
            }
            Cap::ShareOfEarned { percent } => match earned {
                Entry::Valid(earned) => {
                    let limit = earned.saturating_mul(i64::from(*percent)) / 100;
                    if claimed > limit {
                        findings.push(
                            over(context.money(limit), claimed, other_claims)
                                .with("rule", Arg::Key("cap.share-of-earned".into()))
                                .with("percent", Arg::Number(i64::from(*percent))),
                        );
                    }
                }
                Entry::Empty => findings.push(
                    unchecked(ClaimField::EarnedFunds, "ui.cap.share-of-earned", "cap.need.earned-funds")
                        .with("percent", Arg::Number(i64::from(*percent))),
                ),
                Entry::Invalid(_) => {}
            },
            Cap::PerAttendee { max_attendees, minor, currency } => {
                if other_currency(currency) {
                    // Only its amount per person is unchecked: the number of attendees is.
                    let finding = unchecked(ClaimField::ClaimedAmount, "ui.cap.per-person", "cap.need.currency")
                        .with("max", Arg::Number(i64::from(*max_attendees)))
                        .with("per-person", Arg::Money(Money::new(*minor, currency)));
                    findings.push(in_other_currency(finding, currency));
                }
                let Some(attendees) = context.attendees.valid() else { continue };
                if attendees > i64::from(*max_attendees) {
                    findings.push(
                        Finding::new(Code::AmountCap, Target::Field(ClaimField::Attendees))
                            .with("activity", Arg::Profile(activity.name.clone()))
                            .with("rule", Arg::Key("cap.max-attendees".into()))
                            .with("attendees", Arg::Number(attendees))
                            .with("max", Arg::Number(i64::from(*max_attendees)))
                            // Too many attendees: the number is what to correct, not the amount.
                            .with("how", Arg::Key("cap.fix.attendees".into())),
                    );
                }
                // Per event, not per usage period: this claim's own amount.
                let limit = attendees.min(i64::from(*max_attendees)).saturating_mul(*minor);
                if currency == claim_currency && own > limit {
                    findings.push(
                        over(Money::new(limit, currency), own, 0)
                            .with("rule", Arg::Key("cap.per-attendee".into()))
                            .with("per-person", Arg::Money(Money::new(*minor, currency))),
                    );
                }
            }
            Cap::MaxAmount { .. } => {}
        }
    }
}

/// `CURRENCY-MIXED`: one currency per claim; a cost line in another currency.
pub fn currency_mixed(context: &Context, findings: &mut Vec<Finding>) {
    let claim_currency = context.claim.currency.trim();
    if claim_currency.is_empty() {
        return;
    }
    for (position, line) in context.claim.cost_lines.iter().enumerate() {
        if !context.in_claim_currency(line) {
            findings.push(
                Finding::new(Code::CurrencyMixed, Target::CostLine(line.id, CostLineField::Currency))
                    .with("line", Arg::Number(position as i64 + 1))
                    .with("line-currency", Arg::Text(line.currency.clone()))
                    .with("currency", Arg::Text(claim_currency.to_string())),
            );
        }
    }
}
