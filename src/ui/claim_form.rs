//! The claim's own fields: who claims, for which usage period, and how much.

use yew::prelude::*;

use crate::claim::{ClaimField, Edit};
use crate::claim::Origin;
use crate::dates::FiscalHalf;
use crate::session::Notice;
use crate::money::Money;
use crate::rules::{Code, Target};
use crate::ui::controls::{Choices, Select, TextInput};
use crate::ui::store::{use_store, Action, Lock, State};

/// The inline message for a field whose text cannot be read, in the page's language.
pub fn field_error(state: &State, target: Target) -> Option<AttrValue> {
    state
        .review
        .findings
        .iter()
        .find(|finding| finding.code == Code::FieldInvalid && finding.target == target)
        .map(|finding| AttrValue::from(state.catalog.finding_problem(finding)))
}

/// What Checks says of a field, for a screen reader on the field itself: the ids of the
/// findings that name it (their buttons in Checks, `finding-<CODE>-<n>`), for its
/// `aria-describedby`, and whether one of them is a blocker (`aria-invalid`). Checks lists
/// the first ten of a code at first: a field of a later one is described by its
/// document's own list of checks (`document-<id>-markers`) or its cost line's
/// (`cost-<id>-findings`), and is marked all the same. Text that cannot be read has its
/// own message on the field, and an empty required field is said by `aria-required`;
/// neither is repeated. The map of the review on the page is made once per review, not
/// once per field.
pub fn field_flags(state: &State, anchor: &str) -> (Option<AttrValue>, bool) {
    type Flags = std::collections::HashMap<String, (String, bool)>;
    // The review itself is kept with its map, not its address: a review dropped and
    // another made at the same address would be taken for it.
    thread_local! {
        static FLAGS: std::cell::RefCell<(Option<std::rc::Rc<crate::rules::Review>>, std::rc::Rc<Flags>)> = std::cell::RefCell::default();
    }
    let flags = FLAGS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if !cell.0.as_ref().is_some_and(|review| std::rc::Rc::ptr_eq(review, &state.review)) {
            let mut flags = Flags::new();
            let mut nth: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for finding in &state.review.findings {
                let code = finding.code.as_str();
                let n = nth.entry(code).or_default();
                *n += 1;
                if matches!(finding.code, Code::FieldInvalid | Code::FieldRequired) || finding.severity == crate::rules::Severity::Info {
                    continue;
                }
                // A field names only what is on the page.
                let described = match finding.target {
                    // What is wrong and how to fix it.
                    _ if *n <= crate::ui::checks::PER_CODE => Some(format!("finding-{code}-{n} finding-{code}-{n}-fix")),
                    Target::Document(id, _) => Some(format!("document-{id}-markers")),
                    Target::CostLine(id, _) => Some(format!("cost-{id}-findings")),
                    _ => None,
                };
                let entry = flags.entry(finding.target.anchor()).or_default();
                if let Some(described) = described.filter(|described| !entry.0.split(' ').any(|id| id == described)) {
                    if !entry.0.is_empty() {
                        entry.0.push(' ');
                    }
                    entry.0.push_str(&described);
                }
                // Invalid when the field's own value is wrong: not a cost line's description
                // for an invoice missing (DOC-INVOICE), nor an activity type for a proof.
                entry.1 |= finding.severity == crate::rules::Severity::Blocker && finding.code.concern() != crate::rules::Concern::Documents;
            }
            *cell = (Some(state.review.clone()), std::rc::Rc::new(flags));
        }
        cell.1.clone()
    });
    flags.get(anchor).map_or((None, false), |(ids, blocker)| ((!ids.is_empty()).then(|| AttrValue::from(ids.clone())), *blocker))
}

/// How an amount field's text was read, in the page's format ("Read as 1 234,50 €"), when
/// it can be read.
pub fn amount_reading(state: &State, text: &str, currency: &str) -> Option<AttrValue> {
    let minor = crate::rules::read_money(text, currency, &state.profile).valid()?;
    let amount = state.catalog.money(&Money::new(minor, currency), Some(&state.profile));
    Some(AttrValue::from(state.catalog.format_with("ui.read-as", &[("amount", &amount)])))
}

#[derive(Properties, PartialEq)]
pub struct ClaimInputProps {
    pub field: ClaimField,
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub required: bool,
    /// An amount in the claim's currency: shows how it was read.
    #[prop_or_default]
    pub amount: bool,
}

/// A text or date input bound to one claim field.
#[component]
pub fn ClaimInput(props: &ClaimInputProps) -> Html {
    let store = use_store();
    let field = props.field;
    let oninput = {
        let store = store.clone();
        Callback::from(move |text: String| store.dispatch(Action::Edit(Edit::Set(field, text))))
    };
    let text = store.claim.field(field);
    // A date, as the page's language writes it: the browser's date field orders day and
    // month as the browser's language does (07/01/2026 is July 1 in the United States,
    // January 7 in France), whatever the page's.
    let reading = match props.kind.as_str() {
        _ if props.amount => amount_reading(&store, text, &store.claim.currency),
        "date" => crate::dates::parse_iso(text.trim())
            .filter(|day| crate::dates::PLAUSIBLE_YEARS.contains(&chrono::Datelike::year(day)))
            .map(|day| AttrValue::from(store.catalog.format_with("ui.read-as", &[("amount", &store.catalog.date(day))]))),
        _ => None,
    };
    let label = store.t(&format!("field.{}", field.name()));
    let not_a_date = super::controls::not_a_date(&store.catalog, &props.kind, &label);
    let onbaddate = not_a_date.is_some().then(|| {
        let store = store.clone();
        Callback::from(move |bad: bool| store.dispatch(Action::NotADate(Target::Field(field).anchor(), bad)))
    });
    html! {
        <TextInput key={store.session.key().to_string()} id={Target::Field(field).anchor()} {label} {not_a_date} {onbaddate}
            value={text.to_string()} kind={props.kind.clone()} inputmode={props.inputmode.clone()}
            // The partner's own company: the browser may offer it (WCAG 1.3.5).
            autocomplete={(field == ClaimField::CompanyName).then_some(AttrValue::Static("organization"))}
            hint={props.hint.clone()} {reading} required={props.required} error={field_error(&store, Target::Field(field))}
            flags={field_flags(&store, &Target::Field(field).anchor())} {oninput} />
    }
}

/// How far back the earning periods go: the spec's worked examples are of 2018.
const OLDEST_EARNING_YEAR: i32 = 2017;

/// The earning period whose usage period holds the activity dates, when they are known.
fn suggested_earning(state: &State) -> Option<FiscalHalf> {
    let start = crate::dates::parse_iso(state.claim.activity_start.trim())?;
    let end = crate::dates::parse_iso(state.claim.activity_end.trim())?;
    FiscalHalf::earning_for_activity(start, end, &state.profile)
}

/// The earning periods: the six a partner may still be claiming for, newest first, then
/// older ones back to FY17. The one whose usage period holds the activity says so.
fn earning_period_choices(state: &State, suggested: Option<FiscalHalf>) -> Choices {
    let option = |half: FiscalHalf| {
        let (start, end) = (half.start(), half.end());
        let mut label = state.catalog.format_with(
            "ui.earning-period.option",
            &[("half", &state.catalog.fiscal_half(half)), ("start", &state.catalog.date(start)), ("end", &state.catalog.date(end))],
        );
        if Some(half) == suggested {
            label = state.catalog.format_with("ui.earning-period.holds-activity", &[("option", &label)]);
        }
        (crate::dates::iso(end), label)
    };
    let mut half = FiscalHalf::containing(state.today);
    let mut recent = Vec::new();
    for _ in 0..6 {
        recent.push(option(half));
        half = half.previous();
    }
    let mut older = Vec::new();
    while half.fiscal_year >= OLDEST_EARNING_YEAR {
        older.push(option(half));
        half = half.previous();
    }
    // The claim's own earning period is offered wherever it lies (a usage period typed
    // ahead, or one before FY17, takes it there): a select without it would show another.
    if let Some(chosen) = crate::dates::parse_iso(&state.claim.earning_period_end).map(FiscalHalf::containing).filter(|half| crate::dates::iso(half.end()) == state.claim.earning_period_end) {
        let here = |options: &Vec<(String, String)>| options.iter().any(|(value, _)| *value == state.claim.earning_period_end);
        if !here(&recent) && !here(&older) {
            if chosen.end() > FiscalHalf::containing(state.today).end() {
                recent.insert(0, option(chosen));
            } else {
                older.push(option(chosen));
            }
        }
    }
    Choices { groups: vec![(None, recent), (Some(state.t("ui.earning-period.older").to_string()), older)] }
}

/// What the page says once about the partner's last action (the example or a package
/// that was already here), above the claim it concerns.
#[component]
pub fn SessionNotice() -> Html {
    let store = use_store();
    let notice = store.session.notice().cloned();
    let text = match &notice {
        None => String::new(),
        Some(Notice::AlreadyHere { origin: Origin::Example, .. }) => store.t("ui.notice.example-here").to_string(),
        Some(Notice::AlreadyHere { origin: Origin::Package(_), title }) => store.catalog.format_with("ui.notice.package-here", &[("title", &crate::claims::label(title))]),
        Some(Notice::StorageCleared) => store.t("ui.notice.storage-cleared").to_string(),
    };
    // Said once as it comes (see `use_said`), by its number: the same notice given again
    // (Load example claim pressed twice) is said again, and its words in another
    // language are the same notice.
    let when = if notice.is_some() { store.session.notice_number().to_string() } else { String::new() };
    // A package's claim already here: its report, which takes the keyboard, says so.
    let said = if matches!(notice, Some(Notice::AlreadyHere { origin: Origin::Package(_), .. })) { String::new() } else { text.clone() };
    crate::ui::controls::use_said(when, said);
    if notice.is_none() {
        return Html::default();
    }
    html! { <p class="notice">{ text }</p> }
}

/// Says that another tab edits this claim, and offers to edit it here instead.
#[component]
pub fn LockNotice() -> Html {
    let store = use_store();
    let said = if store.lock.1 == Lock::TakenOver { "ui.lock.taken-over" } else { "ui.lock.elsewhere" };
    // Said once as it comes (see `use_said`).
    let shown = !store.editable();
    crate::ui::controls::use_said(format!("{} {shown} {said}", store.session.key()), if shown { store.t(said).to_string() } else { String::new() });
    if !shown {
        return Html::default();
    }
    let key = store.session.key().to_string();
    let take = {
        let store = store.clone();
        Callback::from(move |_| crate::ui::claim_lock::take_over(&store, key.clone()))
    };
    html! {
        <p class="notice lock-notice">
            { store.t(said) }{ " " }
            <button type="button" id="take-over" onclick={take}>{ store.t("ui.lock.take-over") }</button>
        </p>
    }
}

#[component]
pub fn ClaimForm() -> Html {
    let store = use_store();
    let on_earning = {
        let store = store.clone();
        Callback::from(move |text: String| store.dispatch(Action::Edit(Edit::SetEarningPeriodEnd(text))))
    };
    let suggested = suggested_earning(&store).filter(|half| crate::dates::iso(half.end()) != store.claim.earning_period_end);
    let use_suggested = suggested.map(|half| {
        let store = store.clone();
        let end = crate::dates::iso(half.end());
        Callback::from(move |_| {
            store.dispatch(Action::Edit(Edit::SetEarningPeriodEnd(end.clone())));
            // The suggestion and its button go: the keyboard goes to the choice it made.
            crate::browser::focus_soon(Target::Field(ClaimField::EarningPeriodEnd).anchor());
        })
    });
    let currencies = Choices::flat(store.profile.currencies.iter().map(|c| (c.code.clone(), c.code.clone())).collect());
    // A currency the program does not have (a claim from a package or backup of another
    // profile): the select shows a choice to make, not the first currency as if chosen,
    // and the field says what is wrong, as Checks does.
    let currency_placeholder = store.profile.currency(store.claim.currency.trim()).is_none().then(|| AttrValue::from(store.t("ui.currency.choose")));
    let on_currency = {
        let store = store.clone();
        Callback::from(move |code: String| store.dispatch(Action::Edit(Edit::Set(ClaimField::Currency, code))))
    };
    // The example in the claim's currency: `1,234.50`, or `1234` for a currency without
    // decimals (JPY), where `.50` would be refused.
    let digits = store.profile.currency(&store.claim.currency).map_or(2, |known| known.minor_digits);
    let example = 1234 * 10_i64.pow(u32::from(digits)) + if digits >= 2 { 50 * 10_i64.pow(u32::from(digits) - 2) } else { 0 };
    let amount_hint = AttrValue::from(store.catalog.format_with("ui.hint.amount", &[("example", &store.catalog.amount_as_typed(example, digits))]));
    html! {
        <>
            <section class="card" aria-labelledby="section-claim">
                <h2 id="section-claim">{ store.t("ui.section.claim") }</h2>
                <crate::ui::controls::SectionHelp section="claim" />
                <div class="grid">
                    <ClaimInput field={ClaimField::Title} required=true />
                    <ClaimInput field={ClaimField::PartnerId} inputmode="numeric" hint={store.t("ui.hint.partner-id")} required=true />
                    <ClaimInput field={ClaimField::CompanyName} hint={store.t("ui.hint.company-name")} />
                </div>
            </section>
            <section class="card" aria-labelledby="section-usage-period">
                <h2 id="section-usage-period">{ store.t("ui.section.usage-period") }</h2>
                <crate::ui::controls::SectionHelp section="usage-period" />
                <p class="help">{ store.catalog.with_profile("ui.help.usage-period", &store.profile) }</p>
                <div class="grid">
                    <Select key={store.session.key().to_string()} id={Target::Field(ClaimField::EarningPeriodEnd).anchor()} label={store.t("field.earning-period-end")}
                        value={store.claim.earning_period_end.clone()} choices={earning_period_choices(&store, suggested_earning(&store))}
                        placeholder={store.t("ui.earning-period.choose")} flags={field_flags(&store, &Target::Field(ClaimField::EarningPeriodEnd).anchor())} onchange={on_earning}
                        hold_keys=true scope={AttrValue::from(store.session.key().to_string())} />
                    <ClaimInput field={ClaimField::UsageStart} kind="date" required=true />
                    <ClaimInput field={ClaimField::UsageEnd} kind="date" required=true />
                </div>
                if let (Some(half), Some(onclick)) = (suggested, use_suggested) {
                    <p class="suggestion">
                        <span>{ store.catalog.format_with("ui.earning-period.suggest", &[("half", &store.catalog.fiscal_half(half))]) }</span>
                        { " " }
                        <button type="button" {onclick}>{ store.catalog.format_with("ui.earning-period.use", &[("half", &store.catalog.fiscal_half(half))]) }</button>
                    </p>
                }
            </section>
            <section class="card" aria-labelledby="section-amounts">
                <h2 id="section-amounts">{ store.t("ui.section.amounts") }</h2>
                <div class="grid">
                    <Select key={store.session.key().to_string()} id={Target::Field(ClaimField::Currency).anchor()} label={store.t("field.currency")}
                        value={store.claim.currency.clone()} choices={currencies} onchange={on_currency} required=true placeholder={currency_placeholder}
                        error={field_error(&store, Target::Field(ClaimField::Currency))}
                        flags={field_flags(&store, &Target::Field(ClaimField::Currency).anchor())}
                        hold_keys=true scope={AttrValue::from(store.session.key().to_string())} />
                    <ClaimInput field={ClaimField::ClaimedAmount} inputmode="decimal" hint={amount_hint.clone()} required=true amount=true />
                    <ClaimInput field={ClaimField::AvailableFunds} inputmode="decimal" hint={store.t("ui.hint.available-funds")} amount=true />
                    <ClaimInput field={ClaimField::EarnedFunds} inputmode="decimal" hint={store.t("ui.hint.earned-funds")} amount=true />
                </div>
            </section>
        </>
    }
}
