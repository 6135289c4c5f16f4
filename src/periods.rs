//! The funds of one usage period, across its claims (PRODUCT.md §2.5: claims of the same
//! usage period draw on the same funds): what is claimed, by status, against what is
//! available, and what remains. A rejected claim draws nothing, nor one archived before
//! it was submitted (abandoned); one paid and archived still does.

use crate::claim::Claim;
use crate::lifecycle::Status;
use crate::profile::Profile;
use crate::rules::read_money;

/// One usage period's funds, as the claims of it say them (minor units of its currency).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodFunds {
    pub currency: String,
    /// The claims of the period that draw on its funds.
    pub claims: usize,
    /// What they claim, by status, in the order of [`Status::ALL`]; statuses none has are
    /// left out.
    pub claimed: Vec<(Status, i64)>,
    pub total: i64,
    /// The period's available funds: this claim's, else the first another claim gives.
    pub available: Option<i64>,
    /// Earned funds, as given the same way.
    pub earned: Option<i64>,
}

impl PeriodFunds {
    /// What remains of the available funds once every claim is paid (negative: over).
    pub fn remaining(&self) -> Option<i64> {
        Some(self.available?.saturating_sub(self.total))
    }
}

/// The funds of the usage period of `this`, across `this` and `others` (every claim on
/// the device; `this` among them or not); `None` while its period or currency is not given.
pub fn funds<'a>(this: &Claim, others: impl Iterator<Item = &'a Claim>, profile: &Profile) -> Option<PeriodFunds> {
    let period = crate::rules::invoices::period_of(this)?;
    let mut funds = PeriodFunds { currency: period.currency.clone(), ..PeriodFunds::default() };
    let read = |text: &str| read_money(text, &period.currency, profile).valid();
    let mut by_status = [0_i64; Status::ALL.len()];
    let mut add = |claim: &Claim| {
        if !claim.lifecycle.draws_funds() {
            return;
        }
        if let Some(claimed) = read(&claim.claimed_amount) {
            funds.claims += 1;
            funds.total = funds.total.saturating_add(claimed);
            let at = Status::ALL.iter().position(|status| *status == claim.lifecycle.status).unwrap_or(0);
            by_status[at] = by_status[at].saturating_add(claimed);
        }
    };
    add(this);
    // The example stands apart: its made-up funds neither count with the partner's
    // claims nor take theirs in.
    let apart = this.is_the_example();
    let mut same: Vec<&Claim> = others.filter(|other| !apart && !other.is_the_example() && !std::ptr::eq(*other, this) && crate::rules::invoices::period_of(other).as_ref() == Some(&period)).collect();
    for other in &same {
        add(other);
    }
    // The funds a claim gives count as `FUNDS-PERIOD-EXCEEDED` counts them: not a
    // rejected claim's, nor one put away before it went in (this claim's own, always).
    same.retain(|other| other.lifecycle.draws_funds());
    same.insert(0, this);
    funds.available = same.iter().find_map(|claim| read(&claim.available_funds));
    funds.earned = same.iter().find_map(|claim| read(&claim.earned_funds));
    funds.claimed = Status::ALL.iter().zip(by_status).filter(|(_, amount)| *amount != 0).map(|(status, amount)| (*status, amount)).collect();
    Some(funds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::{ClaimField, Edit};

    #[test]
    fn the_example_stands_apart_from_the_partners_claims_of_its_period() {
        let profile = Profile::default_profile();
        let claim = |title: &str, claimed: &str, available: &str| {
            let mut claim = Claim::new(&profile);
            for (field, text) in [(ClaimField::Title, title), (ClaimField::UsageStart, "2026-07-01"), (ClaimField::UsageEnd, "2026-12-31"), (ClaimField::ClaimedAmount, claimed), (ClaimField::AvailableFunds, available)] {
                claim.apply(Edit::Set(field, text.into()), &profile);
            }
            claim
        };
        let mut example = claim("Example", "6,850.00", "12,000.00");
        example.origin = Some(crate::claim::Origin::Example);
        let all = [example, claim("Mine", "6,000.00", "10,000.00"), claim("Other", "3,000.00", "")];
        let of_mine = funds(&all[1], all.iter(), &profile).expect("funds");
        assert_eq!((of_mine.claims, of_mine.total, of_mine.available), (2, 900_000, Some(1_000_000)), "the example counts for none of the partner's");
        let of_example = funds(&all[0], all.iter(), &profile).expect("funds");
        assert_eq!((of_example.claims, of_example.total, of_example.available), (1, 685_000, Some(1_200_000)), "nor do the partner's for it");
    }

    /// The card's funds agree with `FUNDS-PERIOD-EXCEEDED`: a rejected claim's funds are
    /// not the period's.
    #[test]
    fn a_rejected_claims_funds_are_not_the_periods() {
        let profile = Profile::default_profile();
        let claim = |claimed: &str, available: &str, status: Status| {
            let mut claim = Claim::new(&profile);
            for (field, text) in [(ClaimField::UsageStart, "2026-07-01"), (ClaimField::UsageEnd, "2026-12-31"), (ClaimField::ClaimedAmount, claimed), (ClaimField::AvailableFunds, available)] {
                claim.apply(Edit::Set(field, text.into()), &profile);
            }
            claim.apply(Edit::SetStatus { status, on: "2026-11-01".into(), note: String::new() }, &profile);
            claim
        };
        let all = [claim("6,000.00", "", Status::Preparing), claim("1.00", "5,000.00", Status::Rejected), claim("1,000.00", "", Status::Preparing)];
        let card = funds(&all[0], all.iter(), &profile).expect("funds");
        assert_eq!((card.total, card.available), (700_000, None));
        let elsewhere = crate::rules::invoices::Elsewhere::of(all[1..].iter(), &profile);
        let review = crate::rules::review_with(&all[0], &profile, crate::dates::parse_iso("2026-12-01").expect("a day"), Some(&elsewhere));
        assert!(!review.has(crate::rules::Code::FundsPeriodExceeded));
        // Its own funds, typed on it, it keeps.
        let rejected = funds(&all[1], all.iter(), &profile).expect("funds");
        assert_eq!(rejected.available, Some(500_000));
    }

    #[test]
    fn a_period_adds_its_claims_by_status_against_its_funds() {
        let profile = Profile::default_profile();
        let today = crate::dates::parse_iso("2026-11-25").unwrap_or_default();
        let this = crate::example::example_claim(today, &profile, "en", "USD");
        let with = |claimed: &str, status: Status, more: Option<Edit>| {
            let mut claim = this.clone();
            claim.available_funds.clear();
            claim.apply(Edit::Set(ClaimField::ClaimedAmount, claimed.into()), &profile);
            claim.apply(Edit::SetStatus { status, on: "2026-11-01".into(), note: String::new() }, &profile);
            if let Some(edit) = more {
                claim.apply(edit, &profile);
            }
            claim
        };
        let others = [
            with("1,000.00", Status::Paid, None),
            with("500.00", Status::Submitted, None),
            with("9,999.00", Status::Rejected, None),
            with("7,777.00", Status::Preparing, Some(Edit::SetArchived(true))),
            // Paid, then put away: its funds stay spent.
            with("250.00", Status::Paid, Some(Edit::SetArchived(true))),
            with("3,000.00", Status::Preparing, Some(Edit::Set(ClaimField::UsageEnd, "2027-06-30".into()))),
            // Another location of the company: its own funds.
            with("4,000.00", Status::Preparing, Some(Edit::Set(ClaimField::PartnerId, "2222222".into()))),
        ];
        let funds = funds(&this, others.iter(), &profile).expect("a period");
        assert_eq!(funds.claims, 4, "the example, the paid ones (one archived), the submitted one");
        assert_eq!(funds.currency, "USD");
        assert_eq!(funds.claimed, [(Status::Preparing, 685_000), (Status::Submitted, 50_000), (Status::Paid, 125_000)]);
        assert_eq!((funds.total, funds.available, funds.earned), (860_000, Some(1_200_000), Some(4_800_000)));
        assert_eq!(funds.remaining(), Some(340_000));
        // The claim itself among the others is counted once.
        let mut all: Vec<&Claim> = others.iter().collect();
        all.push(&this);
        assert_eq!(super::funds(&this, all.into_iter(), &profile).map(|funds| funds.total), Some(860_000));
        assert!(super::funds(&Claim::new(&profile), others.iter(), &profile).is_none(), "no period yet");
    }
}
