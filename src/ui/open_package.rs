//! Open package: pick a package made by this page; its claim and documents come back,
//! every document checked against the manifest's SHA-256, as a new claim beside the
//! others. A bad file changes nothing and says why.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser::{open, package_worker};
use crate::package::reader::Check;
use crate::ui::store::{use_store, Action, OpenReport};

/// The id of the Open package report, which takes the focus when opening fails.
const OPEN_REPORT: &str = "open-report";
/// Its first line, what opening came to: said with the report's name when it is focused.
const OPEN_VERDICT: &str = "open-verdict";
/// Files not in the manifest named one by one, at most; the rest are counted.
const UNLISTED_SHOWN: usize = 10;

/// A list of the report of which the first [`UNLISTED_SHOWN`] items are shown, and the
/// rest counted ("and 19,990 more").
fn some_of(catalog: &crate::i18n::Catalog, class: &'static str, items: impl ExactSizeIterator<Item = Html>) -> Html {
    let more = items.len().saturating_sub(UNLISTED_SHOWN);
    html! {
        <ul class={class}>
            { for items.take(UNLISTED_SHOWN) }
            if more > 0 {
                <li>{ catalog.count("ui.open.unlisted-more", more, &[]) }</li>
            }
        </ul>
    }
}

#[component]
pub fn OpenPackageButton() -> Html {
    let store = use_store();
    let input = use_node_ref();
    let busy = use_state(|| false);
    let choose = {
        let (input, busy) = (input.clone(), busy.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            if let Some(input) = input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let onchange = {
        let (store, busy) = (store.clone(), busy.clone());
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(zip) = input.files().and_then(|list| list.item(0)) else { return };
            input.set_value("");
            busy.set(true);
            // A package of gigabytes takes a while to check: said once as it starts (the
            // button stays where the keyboard is, unpressable until it ends).
            crate::browser::say(&store.catalog.format_with("ui.open.working", &[("name", &crate::package::names::without_bidi_controls(zip.name()))]));
            // And shown, where the report will be.
            store.dispatch(Action::OpenReport(OpenReport::Opening { file_name: zip.name() }));
            let (store, busy) = (store.clone(), busy.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let file_name = zip.name();
                match package_worker::open(zip).await {
                    Ok(open::Opened { claim, files, checks, unlisted, renamed, missing }) => {
                        // The keyboard goes to what the package came to, verified or not:
                        // it is what the partner asked, and on a phone the claim's title is
                        // a long way below it (the claim follows it in the page).
                        let beside = store.session.titles_with_content().contains(&crate::claims::title_key(&claim.title)).then(|| crate::claims::label(&claim.title));
                        crate::ui::effects::open_package(&store, claim, files, OpenReport::Opened { file_name, checks, unlisted, renamed, missing, already_here: false, beside, marked: 0 });
                        crate::browser::focus_or_say(OPEN_REPORT, "#open-package", OPEN_VERDICT);
                    }
                    Err(problem) => {
                        store.dispatch(Action::OpenReport(OpenReport::Failed { file_name, problem }));
                        // The keyboard goes to the reason, not back to the top of the page.
                        crate::browser::focus_or_say(OPEN_REPORT, "#open-package", OPEN_VERDICT);
                    }
                }
                busy.set(false);
            });
        })
    };
    html! {
        <>
            // A package dropped on the button is opened as one picked (`js/drops.js`).
            <button type="button" id="open-package" onclick={choose} aria-disabled={(*busy).then_some("true")} data-drop-input="open-package-file">{ store.t("ui.open-package") }</button>
            <input type="file" id="open-package-file" ref={input} class="visually-hidden" tabindex="-1" aria-hidden="true"
                accept=".zip,application/zip" {onchange} />
        </>
    }
}

#[component]
pub fn OpenReportCard() -> Html {
    let store = use_store();
    // Not a live region: the focus goes to the report (or, the partner being elsewhere, it
    // is said), and as both a screen reader read it twice. Empty, it takes no room.
    let Some(report) = store.open_report.clone() else { return html! { <div class="open-said"></div> } };
    let catalog = &store.catalog;
    // Names come from the ZIP (its entries', its manifest's) or the partner's disk: a
    // direction control in one (`invoice\u{202e}fdp.exe`) would show another name.
    let shown = |name: &str| crate::package::names::without_bidi_controls(name.to_string());
    let body = match &*report {
        // Said as it starts; shown until it ends (not said again: the report is no live region).
        OpenReport::Opening { file_name } => html! {
            <div class="progress">
                <progress aria-label={store.t("ui.open-package")} />
                <p id={OPEN_VERDICT}>{ catalog.format_with("ui.open.working", &[("name", &shown(file_name))]) }</p>
            </div>
        },
        OpenReport::Failed { file_name, problem } => html! {
            <p class="build-error" id={OPEN_VERDICT}>{ catalog.format_with("ui.open.failed", &[("name", &shown(file_name)), ("reason", &shown(&catalog.problem(problem)))]) }</p>
        },
        OpenReport::Opened { file_name, checks, unlisted, renamed, missing, already_here, beside, marked } => {
            let file_name = &shown(file_name);
            let bad: Vec<_> = checks.iter().filter(|(_, check)| *check != Check::Verified).collect();
            // Every document checked, the claim shown may still carry marks from before (a
            // backup's package of a claim whose file was left out; already here, its own):
            // not all well.
            let marked = *marked;
            let marked_only = bad.is_empty() && marked > 0;
            let first = match (bad.is_empty(), *already_here) {
                _ if marked_only && *already_here => catalog.count("ui.open.marked-here", marked, &[("name", file_name)]),
                _ if marked_only => catalog.count("ui.open.marked", marked, &[("name", file_name)]),
                (true, false) => catalog.count("ui.open.verified", checks.len(), &[("name", file_name)]),
                (true, true) => catalog.count("ui.open.verified-here", checks.len(), &[("name", file_name)]),
                (false, false) => catalog.count("ui.open.problems", bad.len(), &[("name", file_name)]),
                (false, true) => catalog.count("ui.open.problems-here", bad.len(), &[("name", file_name)]),
            };
            html! {
                <>
                    <p class={if bad.is_empty() && !marked_only { "saved" } else { "build-error" }} id={OPEN_VERDICT}>{ first }</p>
                    // Already here, the claim is the one on the device: nothing was restored.
                    <p class="open-scope">{ catalog.count(if *already_here { "ui.open.scope-here" } else { "ui.open.scope" }, checks.len(), &[]) }</p>
                    // Beside a claim of its title changed since: two rows of one title, said.
                    if let (Some(title), false) = (beside, *already_here) {
                        <p class="open-beside">{ catalog.format_with("ui.open.beside", &[("title", &shown(title))]) }</p>
                    }
                    // Each named, up to a screenful (a package listing 20,000 documents it
                    // does not hold is not a report to read); the rest counted.
                    if !bad.is_empty() {
                        { some_of(catalog, "open-problems", bad.iter().map(|(name, check)| {
                            let (kind, key) = match check {
                                Check::Missing => ("missing", "ui.open.missing"),
                                Check::Damaged => ("damaged", "ui.open.damaged"),
                                _ => ("differs", "ui.open.differs"),
                            };
                            html! { <li data-check={kind}>{ catalog.format_with(key, &[("name", &shown(&crate::claims::label(name)))]) }</li> }
                        })) }
                    }
                    // Found by content under another path: the claim is whole, the ZIP as it
                    // is would fail `sha256sum -c`, and its summary links to the old paths.
                    if !renamed.is_empty() {
                        <p class="open-renamed">{ catalog.count("ui.open.renamed", renamed.len(), &[("name", file_name)]) }</p>
                        { some_of(catalog, "open-renamed-files", renamed.iter().map(|(name, path)| html! { <li>{ catalog.format_with("ui.open.renamed-one", &[("name", &shown(name)), ("path", &shown(path))]) }</li> })) }
                    }
                    // Made from the manifest, left out by whoever zipped it again: the
                    // claim did not need them; a package to send needs them again.
                    if !missing.is_empty() {
                        <p class="open-missing">{ catalog.count("ui.open.generated-missing", missing.len(), &[("name", file_name), ("files", &missing.join(", "))]) }</p>
                    }
                    if !unlisted.is_empty() {
                        <p class="open-unlisted">{ catalog.count("ui.open.unlisted", unlisted.len(), &[("name", file_name)]) }</p>
                        { some_of(catalog, "open-unlisted-files", unlisted.iter().map(|name| html! { <li>{ shown(name) }</li> })) }
                    }
                </>
            }
        }
    };
    html! {
        <div class="open-said">
            <section class="card open-report" id={OPEN_REPORT} tabindex="-1" aria-labelledby="open-report-heading" aria-describedby={OPEN_VERDICT}>
                <h2 id="open-report-heading">{ store.t(match *report {
                    OpenReport::Failed { .. } => "ui.open.heading-failed",
                    OpenReport::Opening { .. } => "ui.open.heading-opening",
                    OpenReport::Opened { .. } => "ui.open.heading",
                }) }</h2>
                { body }
            </section>
        </div>
    }
}
