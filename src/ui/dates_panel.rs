//! The dates that matter: claim deadline, recommended submission, keep-originals-until,
//! each as a `<time datetime>` with days remaining or overdue.

use chrono::NaiveDate;
use yew::prelude::*;

use crate::dates;
use crate::ui::store::{use_store, State};

/// A date as `<time datetime>` with the days from today, coloured by urgency (passed,
/// within the profile's warning horizon, later). The claims list shows deadlines so too.
pub fn dated(state: &State, date: NaiveDate) -> Html {
    let days = dates::days_from(state.today, date);
    let urgency = if days < 0 { "overdue" } else if days <= i64::from(state.profile.deadline_warning_days) { "soon" } else { "later" };
    html! {
        <>
            <time datetime={dates::iso(date)}>{ state.catalog.date(date) }</time>
            <span class={classes!("relative", urgency)}>{ state.catalog.days_relative(days) }</span>
        </>
    }
}

fn date_row(state: &State, key: &'static str, date: Option<NaiveDate>, notes: Html) -> Html {
    let value = match date {
        Some(date) => html! { <>{ dated(state, date) }{ notes }</> },
        None => html! { <span class="pending">{ state.t(&format!("ui.dates.{key}.pending")) }</span> },
    };
    html! {
        <div class="date-row" data-date={key}>
            <dt>{ state.t(&format!("ui.dates.{key}")) }</dt>
            <dd>{ value }</dd>
        </div>
    }
}

#[component]
pub fn DatesPanel() -> Html {
    let store = use_store();
    let dates_of_claim = &store.review.dates;
    let deadline_notes = match &dates_of_claim.claim_deadline {
        Some(deadline) => {
            let effective = deadline.effective();
            let submit_by = dates::business_day_before(effective);
            html! {
                <ul class="date-notes">
                    if let Some(other) = deadline.other() {
                        <li>{ store.catalog.format_with("ui.dates.other-close", &[("date", &store.catalog.date(other))]) }</li>
                    }
                    if dates::is_weekend(effective) {
                        <li class="weekend">{ store.catalog.format_with("ui.dates.weekend", &[("weekday", store.catalog.weekday(effective))]) }</li>
                    }
                    <li>{ store.catalog.format_with("ui.dates.submit-by", &[("date", &store.catalog.date(submit_by))]) }</li>
                </ul>
            }
        }
        None => Html::default(),
    };
    html! {
        <section class="card dates" aria-labelledby="dates-heading">
            <h2 id="dates-heading">{ store.t("ui.dates.heading") }</h2>
            <dl>
                { date_row(&store, "claim-deadline", dates_of_claim.claim_deadline.as_ref().map(|d| d.effective()), deadline_notes) }
                { date_row(&store, "recommended-submission", dates_of_claim.recommended_submission, Html::default()) }
                { date_row(&store, "retention-end", dates_of_claim.retention_end, Html::default()) }
            </dl>
            <p class="help">{ store.catalog.format_with("ui.dates.today", &[("date", &store.catalog.date(store.today))]) }</p>
        </section>
    }
}
