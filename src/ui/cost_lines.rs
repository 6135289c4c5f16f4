//! Cost lines: what the activity cost, bought from a vendor or done in-house.

use yew::prelude::*;

use crate::claim::{CostLine, CostLineField, CostType, Edit};
use crate::rules::Target;
use crate::ui::claim_form::{amount_reading, field_error};
use crate::ui::controls::{show_more, Choices, Select, TextInput, PAGE};
use crate::ui::store::{use_store, Action};

#[derive(Properties, PartialEq)]
struct CostLineRowProps {
    line: CostLine,
    position: usize,
}

#[component]
fn CostLineRow(props: &CostLineRowProps) -> Html {
    let store = use_store();
    let id = props.line.id;
    let set = |field: CostLineField| {
        let store = store.clone();
        Callback::from(move |text: String| store.dispatch(Action::Edit(Edit::SetCostLine(id, field, text))))
    };
    // Removed, the line can come back: the keyboard goes to its Undo, not to the page.
    let remove = {
        let store = store.clone();
        // One click, one line: the next line's Remove moves into its place.
        crate::ui::controls::single_click(move || {
            store.dispatch(Action::Edit(Edit::RemoveCostLine(id)));
            crate::browser::focus_soon(UNDO_REMOVE.to_string());
        })
    };
    let cost_types = Choices::flat(vec![
        ("third-party".into(), store.t("cost-line.third-party")),
        ("in-house".into(), store.t("cost-line.in-house")),
    ]);
    let cost_type = match props.line.cost_type {
        CostType::ThirdParty => "third-party",
        CostType::InHouse => "in-house",
    };
    let currencies = Choices::flat(store.profile.currencies.iter().map(|c| (c.code.clone(), c.code.clone())).collect());
    let anchor = |field| Target::CostLine(id, field).anchor();
    // What Checks says of each field, for its description and invalid mark (see
    // `field_flags`), found once for the line.
    let [description_flags, cost_type_flags, vendor_flags, amount_flags, currency_flags] =
        [CostLineField::Description, CostLineField::CostType, CostLineField::Vendor, CostLineField::Amount, CostLineField::Currency].map(|field| crate::ui::claim_form::field_flags(&store, &anchor(field)));
    // Numbered as the findings number it ("line 1,000", "ligne 1 000").
    let heading = store.catalog.format_with("ui.cost-line.heading", &[("line", &store.catalog.number(props.position as i64))]);
    // What Checks finds on the line, in words, for its fields' descriptions past the
    // findings Checks lists at first (see `field_flags`); not shown (Checks shows them).
    // Only for a line a field of which is described so (the findings are not walked for
    // every line of thousands).
    let described_here = format!("cost-{id}-findings");
    let late = [&description_flags, &cost_type_flags, &vendor_flags, &amount_flags, &currency_flags]
        .into_iter()
        .any(|flags| flags.0.as_ref().is_some_and(|ids| ids.split(' ').any(|described| described == described_here)));
    let findings: Vec<String> = if late {
        let said = |finding: &crate::rules::Finding| format!("{}, {}", store.t(&format!("severity.{}", finding.severity.name())), store.catalog.with_profile(&format!("check.{}.title", finding.code.as_str()), &store.profile));
        let told = |finding: &&crate::rules::Finding| !matches!(finding.code, crate::rules::Code::FieldInvalid | crate::rules::Code::FieldRequired) && finding.severity != crate::rules::Severity::Info;
        store.review.findings.iter().filter(|finding| matches!(finding.target, Target::CostLine(line, _) if line == id)).filter(told).map(said).collect()
    } else {
        Vec::new()
    };
    html! {
        <li class="cost-line" aria-labelledby={format!("cost-{id}-heading")}>
            <div class="row-head">
                <h3 id={format!("cost-{id}-heading")} tabindex="-1">{ heading.clone() }</h3>
                <button type="button" class="quiet" onclick={remove}
                    aria-label={store.catalog.format_with("ui.cost-line.remove", &[("name", &heading)])}>{ store.t("ui.remove") }</button>
            </div>
            // Named by its heading: a screen reader moving into a field of the line hears
            // which line it is in (every line's fields have the same names).
            <div class="grid" role="group" aria-labelledby={format!("cost-{id}-heading")}>
                <TextInput id={anchor(CostLineField::Description)} label={store.t("cost-line.description")}
                    value={props.line.description.clone()} oninput={set(CostLineField::Description)} required=true flags={description_flags} />
                <Select id={anchor(CostLineField::CostType)} label={store.t("cost-line.cost-type")} value={cost_type}
                    choices={cost_types} onchange={set(CostLineField::CostType)} flags={cost_type_flags} />
                <TextInput id={anchor(CostLineField::Vendor)} label={store.t("cost-line.vendor")}
                    value={props.line.vendor.clone()} oninput={set(CostLineField::Vendor)} flags={vendor_flags} />
                <TextInput id={anchor(CostLineField::Amount)} label={store.t("cost-line.amount")} inputmode="decimal"
                    value={props.line.amount.clone()} oninput={set(CostLineField::Amount)} required=true
                    reading={amount_reading(&store, &props.line.amount, &props.line.currency)}
                    error={field_error(&store, Target::CostLine(id, CostLineField::Amount))} flags={amount_flags} />
                // A currency the program lacks (a line from a package of another profile)
                // shows "Choose a currency", not the first one while it holds another.
                <Select id={anchor(CostLineField::Currency)} label={store.t("cost-line.currency")}
                    value={props.line.currency.clone()} choices={currencies} onchange={set(CostLineField::Currency)} flags={currency_flags}
                    placeholder={store.profile.currency(props.line.currency.trim()).is_none().then(|| AttrValue::from(store.t("ui.currency.choose")))} />
            </div>
            if !findings.is_empty() {
                <p id={format!("cost-{id}-findings")} class="visually-hidden">{ findings.join(". ") }</p>
            }
        </li>
    }
}

/// The id of the Undo button for the cost line removed last.
const UNDO_REMOVE: &str = "undo-remove-cost-line";

/// Says which cost line was removed last and offers to bring it back, in its place, with
/// the invoices that paid for it linked again.
#[component]
fn RemovedCostLine() -> Html {
    let store = use_store();
    let Some((position, line)) = store.session.last_removed_cost_line() else { return Html::default() };
    let name = match line.description.trim() {
        "" => store.catalog.format_with("ui.cost-line.heading", &[("line", &store.catalog.number(position as i64 + 1))]),
        description => description.to_string(),
    };
    let focus = Target::CostLine(line.id, CostLineField::Description).anchor();
    crate::ui::controls::removed_notice(&store, "ui.cost-lines.removed", &name, UNDO_REMOVE, crate::session::Event::UndoRemoveCostLine, focus)
}

#[component]
pub fn CostLines() -> Html {
    let store = use_store();
    let shown = use_state(|| PAGE);
    // Lines shown apart, past Show more: a line added while the list shows only its
    // first rows, or one a finding leads to (see `controls::Apart`).
    let apart = use_state(crate::ui::controls::Apart::default);
    crate::ui::controls::register_rows(crate::ui::controls::Rows::CostLines, &shown, &apart);
    let count = crate::ui::controls::use_rows_of_claim(&shown, store.session.key());
    let total = store.claim.cost_lines.len();
    let key = store.session.key().to_string();
    let add = {
        let (store, shown, apart, key) = (store.clone(), shown.clone(), apart.clone(), key.clone());
        Callback::from(move |_| {
            // The new line takes the claim's next id; the keyboard goes to its first field.
            let id = store.claim.next_id;
            let lines = store.claim.cost_lines.len();
            if lines == *shown {
                shown.set(lines + 1);
            } else if lines > *shown {
                apart.set(crate::ui::controls::with_apart(&apart, &key, id));
            }
            store.dispatch(Action::Edit(Edit::AddCostLine));
            crate::browser::focus_soon(Target::CostLine(id, CostLineField::Description).anchor());
        })
    };
    let row = |(i, line): (usize, &CostLine)| html! {
        // Keyed by claim too, as documents are: every claim's lines are numbered from
        // 1, and a row kept for another claim put on the page (a package opened, this
        // one deleted in another tab) would keep the keyboard, and its keys would go
        // into the other claim's line.
        <CostLineRow key={format!("{}/{}", store.session.key(), line.id)} line={line.clone()} position={i + 1} />
    };
    let apart_rows = crate::ui::controls::apart_rows(&store.claim.cost_lines, count, &apart, &key, |line| line.id);
    let hidden = total.saturating_sub(count + apart_rows.len());
    let locked = crate::ui::controls::locked(&store);
    html! {
        <section class="card" aria-labelledby="section-cost-lines">
            <h2 id="section-cost-lines">{ store.t("ui.section.cost-lines") }</h2>
            <crate::ui::controls::SectionHelp section="cost-lines" />
            <p class="help">{ store.t("ui.help.cost-lines") }</p>
            // Out of reach on a locked claim but for Show more (see `ui::mod`).
            <fieldset class="rows-fields" disabled={locked}>
            // No live region: Remove takes the keyboard to Undo, which names the line.
            <RemovedCostLine />
            if store.claim.cost_lines.is_empty() {
                <p class="empty">{ store.t("ui.cost-lines.none") }</p>
            }
            <ol class={classes!("rows", crate::ui::controls::long_list(total))}>
                { for store.claim.cost_lines.iter().enumerate().take(count).map(&row) }
            </ol>
            </fieldset>
            { show_more(&store, &shown, total, PAGE.min(hidden), "ui.cost-lines.show-more", store.claim.cost_lines.get(count).map(|line| if locked { format!("cost-{}-heading", line.id) } else { Target::CostLine(line.id, CostLineField::Description).anchor() })) }
            <fieldset class="rows-fields" disabled={locked}>
            if !apart_rows.is_empty() {
                <ol class="rows">
                    { for apart_rows.into_iter().map(&row) }
                </ol>
            }
            <button type="button" onclick={add}>{ store.t("ui.add-cost-line") }</button>
            </fieldset>
        </section>
    }
}
