//! Build package: the package worker plans the ZIP with the core, reads and verifies
//! every document with a progress bar that can be cancelled; the page offers the
//! download. With blockers open it asks first, and the summary's first line says so.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::{self, download, package_worker};
use crate::i18n::Problem;
use crate::package;
use crate::ui::store::use_store;

/// The id of the Build package button, which a failed save offers to press.
pub const BUILD_BUTTON: &str = "build-package";

#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    /// Blockers are open: build anyway?
    Confirming,
    Building { done: u64, total: u64 },
    /// `blockers`: how many were open when it was built (0: none); `changed`: the claim
    /// was changed while it was built (the package holds it as it was at the press).
    Saved { file_name: String, size: u64, blockers: usize, changed: bool },
    Failed(Problem),
}

/// A build's failures of one document, said on its row too.
const DOCUMENT_FAILURES: [&str; 3] = ["error.unreadable-document", "error.changed-document", "error.missing-document"];

/// Ids of what takes the keyboard focus as the panel changes.
const BUILD_ANYWAY: &str = "package-build-anyway";
const BACK: &str = "package-back";
const CONFIRM: &str = "package-confirm";
const CANCEL: &str = "package-cancel";
const RESULT: &str = "package-result";

impl Status {
    /// Where the keyboard goes when the panel enters this state from `before`: into the
    /// question, onto Cancel while building (the Build button is disabled then), onto the
    /// result, and back to Build package when the question is dismissed. Nothing moves
    /// on the first render.
    fn focus_after(&self, before: Option<&Status>) -> Option<&'static str> {
        match (before?, self) {
            (_, Status::Confirming) => Some(BUILD_ANYWAY),
            (_, Status::Building { .. }) => Some(CANCEL),
            (Status::Building { .. }, Status::Saved { .. } | Status::Failed(_)) => Some(RESULT),
            (_, Status::Failed(_)) => Some(RESULT),
            (Status::Confirming, Status::Idle) => Some(BUILD_BUTTON),
            _ => None,
        }
    }

    fn same_kind(&self, other: &Status) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

#[component]
pub fn PackagePanel() -> Html {
    let store = use_store();
    let status = use_state(|| Status::Idle);
    // The question closed because the partner went elsewhere: the keyboard stays there.
    let quietly = use_mut_ref(|| false);
    // Counts the presses that start a build: one that fails at once again, as before, is
    // an outcome to give the keyboard to (or say) again, though the panel's state is of
    // the same kind.
    let attempts = use_mut_ref(|| 0_u32);
    {
        let before = use_mut_ref(|| (None::<Status>, 0_u32));
        let now = (*status).clone();
        let (quietly, attempt) = (quietly.clone(), *attempts.borrow());
        use_effect(move || {
            let (previous, previous_attempt) = before.borrow().clone();
            let again = attempt != previous_attempt && matches!(now, Status::Failed(_));
            if again || previous.as_ref().is_none_or(|previous| !previous.same_kind(&now)) {
                let previous = if again { Some(Status::Idle) } else { previous };
                let quiet = std::mem::take(&mut *quietly.borrow_mut());
                match now.focus_after(previous.as_ref()).filter(|_| !quiet) {
                    // The partner may have gone on elsewhere while it built.
                    Some(RESULT) => browser::focus_or_say(RESULT, "section.package", RESULT),
                    Some(id) => browser::focus_soon(id.to_string()),
                    None => {}
                }
                *before.borrow_mut() = (Some(now), attempt);
            }
        });
    }
    // The request under way, for Cancel.
    let job = use_mut_ref(|| 0);
    // The claim the last build was of, its title then, and the claim on the page when it
    // ended. Beside another claim, its progress is said as that claim's; how it ended
    // too, beside the claim on the page then (the download comes all the same, and a
    // failure must not go unsaid), and not beside others opened since.
    let built_for = use_mut_ref(|| (String::new(), String::new(), String::new()));
    let n_blockers = store.review.n_blockers();
    // The claim on the page as it is now, for a build that ends to compare with the one
    // it was given: the form stays open while it runs.
    let latest = use_mut_ref(|| (String::new(), Rc::new(crate::claim::Claim::default())));
    *latest.borrow_mut() = (store.session.key().to_string(), store.claim.clone());

    let start = {
        let (store, status, job, attempts, built_for, latest) = (store.clone(), status.clone(), job.clone(), attempts.clone(), built_for.clone(), latest.clone());
        Callback::from(move |_| {
            *attempts.borrow_mut() += 1;
            *built_for.borrow_mut() = (store.session.key().to_string(), store.claim.title.clone(), store.session.key().to_string());
            // Answered here at once when the claim cannot be packaged; the worker (and
            // the ZIP writer in it) is loaded only to build.
            let total = match package::check_packable(&store.claim) {
                Ok(total) => total,
                Err(error) => return status.set(Status::Failed(error.problem())),
            };
            let this_job = package_worker::new_job();
            *job.borrow_mut() = this_job;
            status.set(Status::Building { done: 0, total });
            let status = status.clone();
            let (key, claim, session, today, language) = (store.session.key().to_string(), store.claim.clone(), store.session.clone(), store.today, store.catalog.tag().to_string());
            let blockers = store.review.n_blockers();
            let rows = store.clone();
            let (latest, built_content, built_for) = (latest.clone(), claim.content_fingerprint(), built_for.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // A few updates a second: a bar of 500 small files must not re-render 500 times.
                let progress = {
                    let status = status.clone();
                    let last = Cell::new(0.0);
                    Rc::new(move |done, total| {
                        let now = js_sys::Date::now();
                        if done == total || now - last.get() >= 100.0 {
                            last.set(now);
                            status.set(Status::Building { done, total });
                        }
                    })
                };
                // Reviewed in the worker as here: with the other claims and the partner's file size limit.
                let outcome = package_worker::build(this_job, &key, &claim, session.others(), session.profile().file_size_limit_bytes, today, &language, progress)
                    .await
                    .and_then(|built| download::save(&built.blob, &built.file_name).map(|()| (built.blob.size() as u64, built)).map_err(|key| (Problem::new(key, ""), None)));
                // A file the browser can no longer read (or that changed on the disk, or
                // that this tab does not hold): its row says so too, with the field that
                // takes it again (that row only: another may have its name). A row that
                // says already why its file is not here keeps its words.
                if let Err((problem, Some(document))) = &outcome {
                    if DOCUMENT_FAILURES.contains(&problem.key) && !rows.read_failed(&key, *document) {
                        rows.dispatch(crate::ui::store::Action::ReadResults { key: key.clone(), results: vec![(*document, Some(problem.clone()))] });
                    }
                }
                // Typed in while it was built (the amount corrected, a document removed):
                // the package is of the claim as it was, and the result says so.
                let changed = {
                    let (now_key, now) = &*latest.borrow();
                    built_for.borrow_mut().2.clone_from(now_key);
                    *now_key == key && now.content_fingerprint() != built_content
                };
                status.set(match outcome {
                    Ok((size, built)) => Status::Saved { file_name: built.file_name, size, blockers: if built.with_blockers { blockers.max(1) } else { 0 }, changed },
                    Err((message, _)) => Status::Failed(message),
                });
            });
        })
    };
    let build = {
        let (status, start) = (status.clone(), start.clone());
        Callback::from(move |event: MouseEvent| if n_blockers > 0 { status.set(Status::Confirming) } else { start.emit(event) })
    };
    let back = {
        let status = status.clone();
        Callback::from(move |_| status.set(Status::Idle))
    };
    // The question is modal: Escape answers it with "Back", as in any dialog, and Tab
    // goes round its two buttons. The partner who goes elsewhere all the same (a click in
    // a field) closes it, so that it never stands stale beside a claim since corrected.
    let on_key = {
        let status = status.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                status.set(Status::Idle);
            }
            "Tab" => {
                event.prevent_default();
                let on_first = crate::browser::focused().is_some_and(|active| active.id() == BUILD_ANYWAY);
                browser::focus_element(if on_first { BACK } else { BUILD_ANYWAY });
            }
            _ => {}
        })
    };
    let on_leave = {
        let (status, quietly) = (status.clone(), quietly.clone());
        Callback::from(move |event: FocusEvent| {
            let to = event.related_target().and_then(|target| target.dyn_into::<web_sys::Node>().ok());
            // (Yew listens at the page's root: `current_target` is not the question.)
            let within = web_sys::window().and_then(|window| window.document()).and_then(|document| document.get_element_by_id(CONFIRM)).map(web_sys::Node::from);
            if let (Some(to), Some(within)) = (to, within) {
                if !within.contains(Some(&to)) {
                    *quietly.borrow_mut() = true;
                    status.set(Status::Idle);
                }
            }
        })
    };
    // Nothing left to ask about (the claim corrected meanwhile, from another tab): the
    // question goes, and the keyboard, which was in it, goes back to Build package.
    if *status == Status::Confirming && n_blockers == 0 {
        status.set(Status::Idle);
    }
    let stop = {
        let job = job.clone();
        Callback::from(move |_| package_worker::cancel(*job.borrow()))
    };
    let catalog = &store.catalog;
    let building = matches!(*status, Status::Building { .. });
    // "The package of “Launch event”:", before the progress or the outcome of another claim's build.
    let (of_other, ended_here) = {
        let (key, title, ended_beside) = &*built_for.borrow();
        // Its title now if it is still here (renamed in another tab), in the page's language.
        let title = store.title_of(store.session.entry(key).map_or(title.as_str(), |entry| entry.claim.title.as_str()));
        let of_other = (key != store.session.key()).then(|| html! { <>{ catalog.format_with("ui.package.of-claim", &[("title", &title)]) }{ " " }</> });
        (of_other, key == store.session.key() || ended_beside == store.session.key())
    };
    html! {
        <section class="card package" aria-labelledby="package-heading">
            <h2 id="package-heading">{ store.t("ui.package.heading") }</h2>
            <p class="help">{ store.t("ui.package.help") }</p>
            <button type="button" id={BUILD_BUTTON} class="primary" onclick={build} disabled={building}>{ store.t("ui.build-package") }</button>
            // The question and the progress are not in the live region: the question is a
            // dialog the focus goes to, and a screen reader would read each step of the
            // progress; the region says once that the documents are being checked, then
            // how it ended.
            <div class="package-status">
                { match &*status {
                    Status::Confirming => html! {
                        <div id={CONFIRM} class="confirm" role="alertdialog" aria-modal="true" aria-labelledby="confirm-text" onkeydown={on_key} onfocusout={on_leave}>
                            <p id="confirm-text">{ catalog.count("ui.package.confirm", n_blockers, &[]) }</p>
                            <button type="button" id={BUILD_ANYWAY} class="primary" onclick={start.clone()}>{ store.t("ui.package.build-anyway") }</button>
                            <button type="button" id={BACK} onclick={back.clone()}>{ store.t("ui.package.back") }</button>
                        </div>
                    },
                    Status::Building { done, total } => html! {
                        <div class="progress">
                            <progress max={total.max(&1).to_string()} value={done.to_string()} aria-label={store.t("ui.package.progress")} />
                            <p>{ of_other.clone() }{ catalog.format_with("ui.package.progress-text", &[("done", &catalog.bytes(*done)), ("total", &catalog.bytes(*total))]) }</p>
                            <button type="button" id={CANCEL} onclick={stop}>{ store.t("ui.package.cancel") }</button>
                        </div>
                    },
                    _ => Html::default(),
                } }
            </div>
            // Never out of the accessibility tree (an empty region takes no room), so that
            // what it says first is heard. How it ended is not in it: the focus goes there
            // (or, the partner being elsewhere, it is said), and a screen reader read it twice.
            <div class="package-said" role="status" aria-live="polite">
                if building { <p class="visually-hidden">{ store.t("ui.package.progress") }</p> }
            </div>
            <div class="package-result">
                { match &*status {
                    Status::Idle | Status::Confirming | Status::Building { .. } => Html::default(),
                    _ if !ended_here => Html::default(),
                    Status::Saved { file_name, size, blockers, changed } => html! {
                        <p id={RESULT} tabindex="-1" class={classes!("saved", (*blockers > 0 || *changed).then_some("with-blockers"))}>
                            { of_other.clone() }{ catalog.format_with("ui.package.saved", &[("name", file_name), ("size", &catalog.bytes(*size))]) }
                            if *blockers > 0 { { " " }{ catalog.count("ui.package.saved-with-blockers", *blockers, &[]) } }
                            if *changed { { " " }{ store.t("ui.package.changed-meanwhile") } }
                        </p>
                    },
                    Status::Failed(problem) => html! { <p id={RESULT} tabindex="-1" class="build-error">{ of_other.clone() }{ catalog.problem(problem) }</p> },
                } }
            </div>
        </section>
    }
}
