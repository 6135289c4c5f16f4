//! Rules on money: what is claimed against costs, funds and caps, in one currency.

use crate::claim::{ClaimField, CostLineField};
use crate::money::Money;
use crate::profile::Cap;
use crate::rules::{Arg, Code, Context, Finding, Target};

/// `AMOUNT-UNSUPPORTED`: the claimed amount is more than the cost lines add up to.
pub fn unsupported(context: &Context, findings: &mut Vec<Finding>) {
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
/// A cap in another currency than the claim's cannot be compared without an exchange rate;
/// the activity panel shows it for the partner to check.
pub fn cap(context: &Context, findings: &mut Vec<Finding>) {
    let (Some(activity), Some(claimed)) = (context.activity, context.claimed.valid()) else {
        return;
    };
    let claim_currency = context.claim.currency.as_str();
    let over = |limit: Money| {
        Finding::new(Code::AmountCap, Target::Field(ClaimField::ClaimedAmount))
            .with("activity", Arg::Profile(activity.name.clone()))
            .with("claimed", Arg::Money(context.money(claimed)))
            .with("limit", Arg::Money(limit))
    };
    for cap in &activity.caps {
        match cap {
            Cap::MaxAmount { minor, currency } if currency == claim_currency && claimed > *minor => {
                findings.push(over(Money::new(*minor, currency)).with("rule", Arg::Key("cap.max-amount".into())));
            }
            Cap::ShareOfEarned { percent } => {
                if let Some(earned) = context.earned.valid() {
                    let limit = earned.saturating_mul(i64::from(*percent)) / 100;
                    if claimed > limit {
                        findings.push(
                            over(context.money(limit))
                                .with("rule", Arg::Key("cap.share-of-earned".into()))
                                .with("percent", Arg::Number(i64::from(*percent))),
                        );
                    }
                }
            }
            Cap::PerAttendee { max_attendees, minor, currency } => {
                let Some(attendees) = context.attendees.valid() else { continue };
                if attendees > i64::from(*max_attendees) {
                    findings.push(
                        Finding::new(Code::AmountCap, Target::Field(ClaimField::Attendees))
                            .with("activity", Arg::Profile(activity.name.clone()))
                            .with("rule", Arg::Key("cap.max-attendees".into()))
                            .with("attendees", Arg::Number(attendees))
                            .with("max", Arg::Number(i64::from(*max_attendees))),
                    );
                }
                let limit = attendees.min(i64::from(*max_attendees)).saturating_mul(*minor);
                if currency == claim_currency && claimed > limit {
                    findings.push(
                        over(Money::new(limit, currency))
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
        if line.currency != claim_currency {
            findings.push(
                Finding::new(Code::CurrencyMixed, Target::CostLine(line.id, CostLineField::Currency))
                    .with("line", Arg::Number(position as i64 + 1))
                    .with("line-currency", Arg::Text(line.currency.clone()))
                    .with("currency", Arg::Text(claim_currency.to_string())),
            );
        }
    }
}
