//! Rules that compare the claim's dates with today, PRODUCT.md §2.2.

use crate::claim::ClaimField;
use crate::dates;
use crate::rules::{Arg, Code, Context, Finding, Target};

/// `ACTIVITY-NOT-COMPLETE`: the activity ends after today, so there is nothing to claim yet.
pub fn activity_not_complete(context: &Context, findings: &mut Vec<Finding>) {
    if let Some(end) = context.activity_end.valid() {
        if end > context.today {
            findings.push(Finding::new(Code::ActivityNotComplete, Target::Field(ClaimField::ActivityEnd)).with("end", Arg::Date(end)));
        }
    }
}

/// `DEADLINE-PASSED`: today is after the claim period deadline; the funds are forfeited.
pub fn deadline_passed(context: &Context, findings: &mut Vec<Finding>) {
    // Submitted (being corrected too): the claim deadline is met; Partner Center's review
    // is what counts now.
    if context.claim.lifecycle.went_in() {
        return;
    }
    if let Some(deadline) = &context.dates.claim_deadline {
        let effective = deadline.effective();
        if context.today > effective {
            let mut finding = Finding::new(Code::DeadlinePassed, Target::Field(ClaimField::UsageEnd))
                .with("deadline", Arg::Date(effective))
                .with("days", Arg::Number(-dates::days_from(context.today, effective)));
            // Past the days allowed, not yet past Microsoft's published close (the day
            // after 14 February or 14 August): the deadline shown is the earlier date
            // (PRODUCT.md §2.2), but Partner Center still takes the claim, and a claim
            // submitted today is in time (`advice::deadline_notes`): its fix says so.
            if context.today <= deadline.accepted_until() {
                finding = finding.with("close", Arg::Date(deadline.accepted_until()));
            }
            findings.push(finding);
        }
    }
}

/// `DEADLINE-SOON`: the claim period deadline is 14 days away or less.
pub fn deadline_soon(context: &Context, findings: &mut Vec<Finding>) {
    // Submitted (being corrected too): the claim deadline is met; Partner Center's review
    // is what counts now. Put away without being submitted (abandoned): not to be urged.
    if context.claim.lifecycle.went_in() || context.claim.lifecycle.put_away() {
        return;
    }
    if let Some(deadline) = &context.dates.claim_deadline {
        let days_left = dates::days_from(context.today, deadline.effective());
        if (0..=i64::from(context.profile.deadline_warning_days)).contains(&days_left) {
            findings.push(
                Finding::new(Code::DeadlineSoon, Target::Field(ClaimField::UsageEnd))
                    .with("deadline", Arg::Date(deadline.effective()))
                    .with("days", Arg::Number(days_left))
                    // The business day before, unless that is past: then today (the
                    // Dates card says "submit today" too).
                    .with("submit-by", Arg::Date(dates::business_day_before(deadline.effective()).max(context.today))),
            );
        }
    }
}

/// `ACTIVITY-45-DAYS`: claims should be submitted within 45 days of the activity's end.
pub fn activity_45_days(context: &Context, findings: &mut Vec<Finding>) {
    // Submitted, or put away without being submitted: not to be urged.
    if context.claim.lifecycle.went_in() || context.claim.lifecycle.put_away() {
        return;
    }
    // Past the claim deadline, DEADLINE-PASSED says all there is to say: "submit before the
    // claim deadline" would contradict it.
    if context.dates.claim_deadline.as_ref().is_some_and(|deadline| context.today > deadline.effective()) {
        return;
    }
    // An activity ending before it starts (DATES-ORDER) is not counted from its end.
    if let Some(end) = context.activity_end_in_order() {
        let recommended = dates::recommended_submission(end, context.profile);
        if end <= context.today && context.today > recommended {
            findings.push(
                Finding::new(Code::Activity45Days, Target::Field(ClaimField::ActivityEnd))
                    .with("recommended", Arg::Date(recommended))
                    .with("days", Arg::Number(dates::days_from(end, context.today)))
                    .with("limit", Arg::Number(i64::from(context.profile.submission_days_after_activity_end))),
            );
        }
    }
}
