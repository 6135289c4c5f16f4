//! The Checks region: every finding with its code, severity and fix; activating one moves
//! focus to the field it concerns. The summary line is a polite live region, so screen
//! readers hear the result change as the partner types.

use yew::prelude::*;

use crate::browser;
use crate::rules::{Finding, Severity, Target};
use crate::ui::controls::{reveal, Rows};
use crate::ui::store::use_store;

#[derive(Properties, PartialEq)]
struct FindingItemProps {
    finding: Finding,
    /// Its place among the findings of its code, from 1: its button's id.
    nth: usize,
}

#[component]
fn FindingItem(props: &FindingItemProps) -> Html {
    let store = use_store();
    let finding = &props.finding;
    let anchor = finding.anchor();
    let target = anchor.clone();
    // A row past the first hundred is shown first, then its field takes the focus.
    let row = match finding.target {
        Target::Document(id, _) => store.claim.documents.iter().position(|document| document.id == id).map(|at| (Rows::Documents, at, id)),
        Target::CostLine(id, _) => store.claim.cost_lines.iter().position(|line| line.id == id).map(|at| (Rows::CostLines, at, id)),
        _ => None,
    };
    let key = store.session.key().to_string();
    let onclick = Callback::from(move |_| {
        if !browser::focus_element(&anchor) {
            if let Some((rows, at, id)) = row {
                reveal(rows, at, id, &key);
                browser::focus_soon(anchor.clone());
            }
        }
    });
    // A required date that is empty because the browser holds one it cannot give: said so.
    let not_a_date = finding.code == crate::rules::Code::FieldRequired && store.not_dates.contains(&target);
    let (problem, fix) = if not_a_date {
        (store.catalog.format("check.FIELD-REQUIRED.not-a-date", &finding.args), store.catalog.format("check.FIELD-REQUIRED.not-a-date.fix", &finding.args))
    } else {
        (store.catalog.finding_problem(finding), store.catalog.finding_fix(finding))
    };
    let severity = finding.severity.name();
    let id = format!("finding-{}-{}", finding.code.as_str(), props.nth);
    html! {
        <li class={classes!("finding", severity)} data-code={finding.code.as_str()} data-severity={severity} data-target={target}>
            <div class="finding-head" id={format!("{id}-head")}>
                <span class="badge">{ store.t(&format!("severity.{severity}")) }</span>
                <code>{ finding.code.as_str() }</code>
            </div>
            // Tabbing through Checks, each finding says whether it blocks, its code, and
            // how to fix it.
            <button type="button" class="finding-problem" id={id.clone()} aria-describedby={format!("{id}-head {id}-fix")} {onclick}>{ problem }</button>
            <p class="finding-fix" id={format!("{id}-fix")}>{ fix }</p>
        </li>
    }
}

/// Findings listed per code at first; "Show more" lists this many more each time.
pub const PER_CODE: usize = 10;
const MORE_PER_CODE: usize = 100;

/// The live region that says the summary, and how long it must stand still to be said.
const CHECKS_SAID: &str = "checks-said";
const SUMMARY_SETTLES_MS: i32 = 1000;

#[component]
pub fn ChecksPanel() -> Html {
    let store = use_store();
    let review = &store.review;
    let (blockers, warnings) = (review.count(Severity::Blocker), review.count(Severity::Warning));
    let count = |key: &str, n: usize| store.catalog.count(key, n, &[]);
    // Info findings (a cap that could not be checked) leave the claim ready; a claim
    // already submitted is not "ready to submit", only clear.
    let ready = store.t(if store.claim.lifecycle.status.submitted() { "ui.checks.clear" } else { "ui.checks.ready" });
    let summary = if blockers == 0 && warnings == 0 {
        ready
    } else if blockers == 0 {
        format!("{ready} {}", count("ui.checks.with-warnings", warnings))
    } else {
        let mut parts = vec![count("ui.checks.blockers", blockers)];
        if warnings > 0 {
            parts.push(count("ui.checks.warnings", warnings));
        }
        parts.join(", ")
    };
    // A screen reader hears the summary once it has stood still for a moment: arrowing
    // through Activity type or typing an amount changes it at each key, and each count
    // was read out. Said too when another claim is opened, though its count is the same.
    // Not when the page opens: what is there is read when reached.
    {
        let opened = use_mut_ref(|| false);
        use_effect_with((summary.clone(), store.session.key().to_string()), move |(summary, _)| {
            if std::mem::replace(&mut *opened.borrow_mut(), true) {
                browser::say_in(CHECKS_SAID, summary, SUMMARY_SETTLES_MS);
            }
        });
    }
    // Thousands of findings of one kind say little more than the first few: the rest of
    // each code are counted, and listed on request (`listed`: how many of a code).
    let listed = use_state(std::collections::HashMap::<&'static str, usize>::new);
    let mut per_code: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut shown = Vec::new();
    let mut hidden: Vec<(&'static str, usize)> = Vec::new();
    for finding in &review.findings {
        let code = finding.code.as_str();
        let seen = per_code.entry(code).or_default();
        *seen += 1;
        if *seen <= listed.get(code).copied().unwrap_or(PER_CODE) {
            shown.push((finding, *seen));
        } else if let Some(entry) = hidden.iter_mut().find(|(c, _)| *c == code) {
            entry.1 += 1;
        } else {
            hidden.push((code, 1));
        }
    }
    let show_more = |code: &'static str, n: usize| {
        let listed = listed.clone();
        let onclick = Callback::from(move |_| {
            let mut more = (*listed).clone();
            let before = *more.entry(code).or_insert(PER_CODE);
            more.insert(code, before + MORE_PER_CODE);
            listed.set(more);
            // The keyboard goes on to the first finding listed now (the button may go).
            browser::focus_soon(format!("finding-{code}-{}", before + 1));
        });
        let total = store.catalog.number(per_code.get(code).copied().unwrap_or(n) as i64);
        let label = store.catalog.count("ui.checks.show-more", MORE_PER_CODE.min(n), &[("code", code), ("total", &total)]);
        html! { <p key={code} class="more-findings" data-more-code={code}><button type="button" {onclick}>{ label }</button></p> }
    };
    html! {
        <section class="card checks" aria-labelledby="checks-heading">
            <h2 id="checks-heading">{ store.t("ui.checks.heading") }</h2>
            <p class={classes!("summary", if blockers == 0 { "ready" } else { "blocked" })}>{ summary }</p>
            <p id={CHECKS_SAID} class="visually-hidden" role="status"></p>
            if !review.findings.is_empty() {
                <ul class="findings">
                    { for shown.iter().map(|(finding, nth)| html! { <FindingItem key={format!("{}-{nth}", finding.code.as_str())} finding={(*finding).clone()} nth={*nth} /> }) }
                </ul>
                <>{ for hidden.iter().map(|(code, n)| show_more(code, *n)) }</>
            }
        </section>
    }
}
