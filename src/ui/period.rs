//! The usage period's funds across its claims, beside the claim's dates: earned,
//! available, claimed by status, what remains, and when the claiming window closes.
//! Shown once the period has two claims, or its available funds are given, or its earned
//! funds by another claim.

use yew::prelude::*;

use crate::money::Money;
use crate::ui::store::Store;

pub fn card(store: &Store) -> Html {
    let page = store.session.key();
    let others: Vec<&crate::claim::Claim> = store.session.claims_with_content().into_iter().filter(|(key, _)| *key != page).map(|(_, claim)| claim.as_ref()).collect();
    let Some(funds) = crate::periods::funds(&store.claim, others.into_iter(), &store.profile) else { return Html::default() };
    // Also when another claim of the period gives the earned funds (a share of them caps
    // some activity types, `AMOUNT-CAP`): where the figure came from is seen.
    let earned_elsewhere = store.claim.earned_funds.trim().is_empty() && funds.earned.is_some();
    if funds.claims < 2 && funds.available.is_none() && !earned_elsewhere {
        return Html::default();
    }
    let catalog = &store.catalog;
    let money = |minor: i64| catalog.money(&Money::new(minor, &funds.currency), Some(&store.profile));
    let row = |label: String, value: String| html! { <><dt>{ label }</dt><dd>{ value }</dd></> };
    let deadline = store.review.dates.claim_deadline.as_ref().map(|deadline| deadline.effective());
    html! {
        <section class="card period" aria-labelledby="period-heading">
            <h2 id="period-heading">{ store.t("ui.period.heading") }</h2>
            <dl>
                if let Some(earned) = funds.earned { { row(store.t("field.earned-funds"), money(earned)) } }
                if let Some(available) = funds.available { { row(store.t("field.available-funds"), money(available)) } }
                { row(catalog.count("ui.period.claimed", funds.claims, &[]), money(funds.total)) }
                <>{ for funds.claimed.iter().map(|(status, amount)| row(store.t(&format!("status.{}", status.name())), money(*amount))) }</>
                if let Some(remaining) = funds.remaining() {
                    if remaining < 0 { { row(store.t("ui.period.over"), money(-remaining)) } } else { { row(store.t("ui.period.remaining"), money(remaining)) } }
                }
                if let Some(deadline) = deadline {
                    // Once this claim went in, or was put away without being submitted, as
                    // the Dates card says it: the day, with no count of days left or overdue.
                    if store.claim.lifecycle.went_in() || store.claim.lifecycle.put_away() {
                        { row(store.t("ui.period.closes"), catalog.date(deadline)) }
                    } else {
                        { row(store.t("ui.period.closes"), format!("{} ({})", catalog.date(deadline), catalog.days_relative(crate::dates::days_from(store.today, deadline)))) }
                    }
                }
            </dl>
        </section>
    }
}
