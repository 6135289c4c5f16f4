//! The dates that matter: claim deadline, recommended submission, keep-originals-until,
//! each as a `<time datetime>` with days remaining or overdue, and what to do about them.
//! What the card advises is decided by the core (`crate::advice`); this only renders it.

use chrono::NaiveDate;
use yew::prelude::*;

use crate::advice::{RetentionAdvice, Urgency};
use crate::dates;
use crate::ui::store::{use_store, State};

/// A date as `<time datetime>`, written in the page's language.
pub fn day(state: &State, date: NaiveDate) -> Html {
    html! { <time datetime={dates::iso(date)}>{ state.catalog.date(date) }</time> }
}

/// A date as `<time datetime>` with the days from today, coloured by urgency (passed,
/// within the profile's warning horizon, later). The claims list shows deadlines so too.
pub fn dated(state: &State, date: NaiveDate) -> Html {
    let days = dates::days_from(state.today, date);
    let urgency = Urgency::of(days, state.profile.deadline_warning_days);
    html! {
        <>
            // A space between them: on a narrow screen the count goes under the date.
            { day(state, date) }{" "}
            <span class={classes!("relative", urgency.class())}>{ state.catalog.days_relative(days) }</span>
        </>
    }
}

/// The end of record retention: days left while it is ahead; once passed, a neutral note
/// that the originals may be discarded instead of a red count of days "overdue".
fn retention(state: &State, end: NaiveDate) -> Html {
    match RetentionAdvice::new(end, state.today).note() {
        None => dated(state, end),
        Some(note) => html! {
            <>
                { day(state, end) }{" "}
                <span class="relative later note">{ state.t(note) }</span>
            </>
        },
    }
}

fn date_row(state: &State, key: &'static str, date: Option<NaiveDate>, value: impl Fn(NaiveDate) -> Html, notes: Html) -> Html {
    let value = match date {
        Some(date) => html! { <>{ value(date) }{ notes }</> },
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
    // Once submitted, the claim deadline is no longer ahead: the row says whether the
    // submission met it, and the recommended submission date goes.
    let submitted = store.session.claim().lifecycle.submission(store.today);
    // Put away without being submitted (abandoned, or forfeited): its deadline is said,
    // not urged (no advice, no recommended submission; Microsoft's other date stays), as
    // Checks no longer warns that it is near (DEADLINE-SOON, ACTIVITY-45-DAYS).
    let put_away = store.session.claim().lifecycle.put_away();
    let notes = dates_of_claim.claim_deadline.as_ref().map(|deadline| crate::advice::deadline_notes(deadline, submitted, put_away, store.today)).unwrap_or_default();
    let deadline_notes = match notes.is_empty() {
        false => html! {
            <ul class="date-notes">
                { for notes.into_iter().map(|note| {
                    let class = match note.key {
                        "ui.dates.weekend" => classes!("weekend"),
                        "ui.dates.other-close" | "ui.dates.other-rule" => classes!(),
                        _ => classes!("advice", note.urgent.then_some("urgent")),
                    };
                    html! { <li {class}>{ store.catalog.format(note.key, &note.args) }</li> }
                }) }
            </ul>
        },
        // (A claim put away with no other date has no note: no empty list.)
        true => Html::default(),
    };
    html! {
        <section class="card dates" aria-labelledby="dates-heading">
            <h2 id="dates-heading">{ store.t("ui.dates.heading") }</h2>
            <dl>
                if submitted.is_some() || put_away {
                    { date_row(&store, "claim-deadline", dates_of_claim.claim_deadline.as_ref().map(|d| d.effective()), |date| day(&store, date), deadline_notes) }
                } else {
                    { date_row(&store, "claim-deadline", dates_of_claim.claim_deadline.as_ref().map(|d| d.effective()), |date| dated(&store, date), deadline_notes) }
                    { date_row(&store, "recommended-submission", dates_of_claim.recommended_submission, |date| dated(&store, date), Html::default()) }
                }
                { date_row(&store, "retention-end", dates_of_claim.retention_end, |date| retention(&store, date), Html::default()) }
            </dl>
            <p class="help">{ store.catalog.format_with("ui.dates.today", &[("date", &store.catalog.date(store.today))]) }</p>
        </section>
    }
}
