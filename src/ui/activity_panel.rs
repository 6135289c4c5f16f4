//! The activity: its type from the program's catalog, its dates, and the checklist of
//! what its proof of execution must show.

use yew::prelude::*;

use crate::claim::{ClaimField, DocType, Edit};
use crate::money::Money;
use crate::profile::{ActivityType, Cap};
use crate::rules::Target;
use crate::ui::claim_form::{field_error, ClaimInput};
use crate::ui::controls::{Choices, Select};
use crate::ui::store::{use_store, Action, State};

fn activity_choices(state: &State) -> Choices {
    let lang = state.catalog.lang();
    let groups = state
        .profile
        .categories
        .iter()
        .map(|category| {
            let options = state
                .profile
                .activity_types
                .iter()
                .filter(|activity| activity.category == category.id)
                .map(|activity| (activity.id.clone(), activity.name.get(lang).to_string()))
                .collect();
            (Some(category.name.get(lang).to_string()), options)
        })
        .collect();
    Choices { groups }
}

fn cap_text(state: &State, cap: &Cap) -> String {
    let catalog = &state.catalog;
    let money = |minor: i64, currency: &str| catalog.money(&Money::new(minor, currency), Some(&state.profile));
    match cap {
        Cap::MaxAmount { minor, currency } => catalog.format_with("ui.cap.max-amount", &[("limit", &money(*minor, currency))]),
        Cap::ShareOfEarned { percent } => catalog.format_with("ui.cap.share-of-earned", &[("percent", &percent.to_string())]),
        Cap::PerAttendee { max_attendees, minor, currency } => catalog.format_with(
            "ui.cap.per-attendee",
            &[("max", &max_attendees.to_string()), ("per-person", &money(*minor, currency))],
        ),
    }
}

/// What the activity type asks for, with each proof item ticked once a PoE covers it.
fn checklist(state: &State, activity: &ActivityType) -> Html {
    let lang = state.catalog.lang();
    let proofs: Vec<_> = state.claim.documents.iter().filter(|d| d.doc_type == Some(DocType::ProofOfExecution)).collect();
    let item = |id: &str, name: &str| {
        let covered = proofs.iter().any(|document| document.proof_items.contains(id));
        let status = state.t(if covered { "ui.checklist.covered" } else { "ui.checklist.missing" });
        html! {
            <li class={classes!("proof-item", covered.then_some("covered"))}>
                <span class="mark" aria-hidden="true">{ if covered { "✓" } else { "○" } }</span>
                { name.to_string() }<span class="visually-hidden">{ format!(" ({status})") }</span>
            </li>
        }
    };
    html! {
        <div class="checklist" aria-labelledby="checklist-heading" role="group">
            <h3 id="checklist-heading">{ state.t("ui.checklist.heading") }</h3>
            <ul>{ for activity.proof_items.iter().map(|proof| item(&proof.id, proof.name.get(lang))) }</ul>
            <dl class="facts">
                if let Some(metric) = &activity.metric {
                    <dt>{ state.t("field.metric") }</dt><dd>{ metric.get(lang).to_string() }</dd>
                }
                if !activity.caps.is_empty() {
                    <dt>{ state.t("ui.checklist.caps") }</dt>
                    <dd>{ activity.caps.iter().map(|cap| cap_text(state, cap)).collect::<Vec<_>>().join(" · ") }</dd>
                }
                if activity.needs_preapproval {
                    <dt>{ state.t("ui.checklist.preapproval") }</dt><dd>{ state.t("ui.checklist.preapproval-needed") }</dd>
                }
                { for activity.notes.iter().map(|note| html! { <><dt>{ state.t("ui.checklist.note") }</dt><dd>{ note.get(lang).to_string() }</dd></> }) }
            </dl>
        </div>
    }
}

#[component]
pub fn ActivityPanel() -> Html {
    let store = use_store();
    let activity = store.profile.activity_type(&store.claim.activity_type).cloned();
    let on_type = {
        let store = store.clone();
        Callback::from(move |id: String| store.dispatch(Action::Edit(Edit::Set(ClaimField::ActivityType, id))))
    };
    let lang = store.catalog.lang();
    let metric_hint = activity.as_ref().and_then(|a| a.metric.as_ref()).map(|metric| AttrValue::from(metric.get(lang).to_string()));
    let per_attendee = crate::rules::applies(ClaimField::Attendees, &store.claim, &store.profile);
    // Which types need it is the profile's (a program year may add one).
    let preapproval_hint = store.catalog.with_profile(
        if activity.as_ref().is_some_and(|a| a.needs_preapproval) { "ui.hint.preapproval-needed" } else { "ui.hint.preapproval-optional" },
        &store.profile,
    );
    html! {
        <section class="card" aria-labelledby="section-activity">
            <h2 id="section-activity">{ store.t("ui.section.activity") }</h2>
            <crate::ui::controls::SectionHelp section="activity" />
            <div class="grid">
                <Select key={store.session.key().to_string()} id={Target::Field(ClaimField::ActivityType).anchor()} label={store.t("field.activity-type")}
                    value={store.claim.activity_type.clone()} choices={activity_choices(&store)} required=true
                    placeholder={store.t("ui.activity-type.choose")} error={field_error(&store, Target::Field(ClaimField::ActivityType))}
                    flags={crate::ui::claim_form::field_flags(&store, &Target::Field(ClaimField::ActivityType).anchor())} onchange={on_type} />
                <ClaimInput field={ClaimField::ActivityStart} kind="date" required=true />
                <ClaimInput field={ClaimField::ActivityEnd} kind="date" required=true />
                // Required where the activity type needs pre-approval (PREAPPROVAL-MISSING
                // blocks then), marked as the other required fields are.
                <ClaimInput field={ClaimField::PreapprovalId} hint={preapproval_hint} required={activity.as_ref().is_some_and(|a| a.needs_preapproval)} />
                <ClaimInput field={ClaimField::Metric} hint={metric_hint} />
                if per_attendee {
                    <ClaimInput field={ClaimField::Attendees} inputmode="numeric" required=true />
                }
            </div>
            if let Some(activity) = &activity { { checklist(&store, activity) } }
        </section>
    }
}
