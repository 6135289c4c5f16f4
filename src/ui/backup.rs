//! Back up all claims / Restore backup: one file with every claim's package (written and
//! read by the package worker, `crate::package::backup`), and the claims back from it,
//! each added once (a claim whose content is already here is not added again). What a
//! backup leaves out, and what a damaged backup could not give back, is named.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser::{download, files, package_worker};
use crate::i18n::Problem;
use crate::package::reader::Check;
use crate::session::{Event as SessionEvent, FromBackup, Here};
use crate::ui::effects::{key_not_in, send};
use crate::ui::store::{Action, Store};

/// The report's first line: how the backup or restore ended.
const VERDICT: &str = "backup-verdict";

/// The report, which takes the focus when a backup or a restore ends.
const REPORT: &str = "backup-report";
/// The file input Restore backup opens.
const RESTORE_INPUT: &str = "restore-backup-file";

/// Where a backup or a restore stands, or what it did.
#[derive(Clone, Debug, PartialEq)]
pub enum BackupReport {
    Working { done: u64, total: u64 },
    Restoring,
    /// `unreadable`: saved claims this page could not read (damaged, or of a newer
    /// version), not in the backup; said, as the list says them.
    Saved { file_name: String, claims: usize, left_out: Vec<(String, Taken)>, unreadable: usize },
    BackupFailed(Problem),
    Restored(Restore),
    RestoreFailed { file_name: String, problem: Problem },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Restore {
    file_name: String,
    added: usize,
    /// The keys of the claims it gave to the session (added, or given their files back):
    /// the report says which of them the device refused to save, for as long as it does.
    keys: Vec<String>,
    /// The titles of the claims added, in the backup's order.
    added_titles: Vec<String>,
    already_here: usize,
    /// Claims the backup holds more than once, the same (a claim and its copy left
    /// unchanged): added once, and not "already here".
    twins: usize,
    /// Documents of the claims already here whose files, lost on this device, the backup
    /// gave back.
    files_back: usize,
    /// Claims restored with documents that did not match, by title, with their count.
    problems: Vec<(String, usize)>,
    /// Claims restored without the files the backup left out when it was made (it said
    /// so then), by title, with their count: no mismatch, files to add again.
    left_out: Vec<(String, usize)>,
    /// Claims whose package was not the one the backup recorded.
    changed: Vec<String>,
    failed: Vec<(String, Problem)>,
    /// Claims added beside a claim of the same title here with other content (changed
    /// since the backup): two rows of one title, said rather than left to be found.
    beside: Vec<String>,
}

impl Restore {
    /// How many claims the restore added.
    pub fn added(&self) -> usize {
        self.added
    }
}

/// What the backup leaves out of each claim, as it starts (a file read meanwhile is
/// already left out), as [`Taken`] counts them.
fn not_taken(store: &Store, claims: &[(&str, &Rc<crate::claim::Claim>)]) -> Vec<Taken> {
    claims
        .iter()
        .map(|(key, claim)| {
            let not_read = |d: &crate::claim::Document| d.file.as_ref().is_none_or(|f| f.sha256.is_empty());
            let failed = |d: &crate::claim::Document| store.read_failed(key, d.id);
            let held = |d: &crate::claim::Document| files::get(key, d).is_some();
            let count = |which: &dyn Fn(&crate::claim::Document) -> bool| claim.documents.iter().filter(|d| which(d)).count();
            Taken {
                lost: count(&|d| !held(d) || (not_read(d) && failed(d) && !crate::ui::effects::reading(key, d.id))),
                reading: count(&|d| held(d) && not_read(d) && crate::ui::effects::reading(key, d.id)),
                unread: count(&|d| held(d) && not_read(d) && !failed(d) && !crate::ui::effects::reading(key, d.id)),
            }
        })
        .collect()
}

/// A claim's documents a backup did not take, by why: files this browser no longer holds
/// or could not read (`lost`: add them again), files still being read (`reading`: back up
/// again once read), files held but not read (`unread`: a claim left while they were
/// read; opened, they are read, or its rows say what to do).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Taken {
    lost: usize,
    reading: usize,
    unread: usize,
}

/// Each claim's title (as typed: the report names it in the page's language of the
/// moment, "Untitled claim" included) with the number of its documents the backup did
/// not take ([`not_taken`], with those the worker could no longer read, `unreadable`,
/// in the claims' order, counted as lost).
fn left_out(claims: &[(&str, &Rc<crate::claim::Claim>)], not_taken: &[Taken], unreadable: &[u32]) -> Vec<(String, Taken)> {
    claims
        .iter()
        .zip(not_taken)
        .enumerate()
        .filter_map(|(at, ((_, claim), taken))| {
            let taken = Taken { lost: taken.lost + unreadable.get(at).map_or(0, |n| *n as usize), ..*taken };
            (taken != Taken::default()).then(|| (claim.title.clone(), taken))
        })
        .collect()
}

async fn back_up(store: Store) {
    let report = |report| store.dispatch(Action::BackupReport(report));
    let claims = store.session.claims_with_content();
    let total = claims.len() as u64;
    report(BackupReport::Working { done: 0, total });
    let progress: Rc<dyn Fn(u64, u64)> = {
        let store = store.clone();
        Rc::new(move |done, total| store.dispatch(Action::BackupReport(BackupReport::Working { done, total })))
    };
    let list: Vec<(&str, &crate::claim::Claim)> = claims.iter().map(|(key, claim)| (*key, claim.as_ref())).collect();
    let missing = not_taken(&store, &claims);
    let outcome = package_worker::backup(package_worker::new_job(), &list, store.profile.file_size_limit_bytes, store.catalog.tag(), progress)
        .await
        .and_then(|built| download::save(&built.blob, &built.file_name).map(|()| (built.file_name, built.unread)).map_err(|key| Problem::new(key, "")));
    report(match outcome {
        Ok((file_name, unread)) => BackupReport::Saved { file_name, claims: list.len(), left_out: left_out(&claims, &missing, &unread), unreadable: store.session.unreadable().len() },
        Err(problem) => BackupReport::BackupFailed(problem),
    });
    crate::browser::focus_or_say(REPORT, ".backup", REPORT);
}

async fn restore(store: Store, zip: web_sys::File) {
    let report = |report| store.dispatch(Action::BackupReport(report));
    report(BackupReport::Restoring);
    let file_name = zip.name();
    let restored = match package_worker::restore(zip).await {
        Ok(restored) => restored,
        Err(problem) => {
            report(BackupReport::RestoreFailed { file_name, problem });
            crate::browser::focus_or_say(REPORT, ".backup", REPORT);
            return;
        }
    };
    let claims: Vec<_> = restored.claims.iter().map(|(_, opened, _)| opened.claim.clone()).collect();
    let here = store.session.where_here(&claims);
    let mut outcome = Restore { file_name, added: 0, keys: Vec::new(), added_titles: Vec::new(), already_here: 0, twins: 0, files_back: 0, problems: Vec::new(), left_out: Vec::new(), changed: Vec::new(), failed: restored.failed, beside: Vec::new() };
    let titles_here = store.session.titles_with_content();
    // The keys taken, looked up by the thousand (a large backup): a set.
    let mut keys: std::collections::HashSet<String> = store.session.keys().map(str::to_string).collect();
    let (mut to_add, mut to_give) = (Vec::new(), Vec::new());
    let mut twins = std::collections::HashSet::new();
    for ((name, opened, as_recorded), here) in restored.claims.into_iter().zip(here) {
        match here {
            Here::No => {}
            Here::As(key) => {
                outcome.already_here += 1;
                to_give.extend(lacking(&store, key, opened));
                continue;
            }
            Here::Twin => {
                // Counted once however many times the backup holds it.
                twins.insert(opened.claim.content_fingerprint());
                continue;
            }
        }
        // Documents not verified, or marked on the claim (altered in a package opened
        // before the backup); and those the backup left out (its file unreadable when it
        // was made), which the manifest does not list but the claim marks: said apart,
        // the backup being no less whole for them.
        let unverified = opened.checks.iter().filter(|(_, check)| *check != Check::Verified).count();
        let left_out = |document: &&crate::claim::Document| document.integrity.as_ref().is_some_and(|integrity| integrity.state == crate::claim::IntegrityState::LeftOut);
        let n_left_out = opened.claim.documents.iter().filter(left_out).count();
        let marked = opened.claim.documents.iter().filter(|document| document.integrity.is_some() && !left_out(document)).count();
        let bad = unverified.max(marked);
        if bad > 0 {
            outcome.problems.push((name.clone(), bad));
        }
        if n_left_out > 0 {
            outcome.left_out.push((name.clone(), n_left_out));
        }
        if !as_recorded {
            outcome.changed.push(name);
        }
        outcome.added_titles.push(opened.claim.title.clone());
        if titles_here.contains(&crate::claims::title_key(&opened.claim.title)) {
            outcome.beside.push(opened.claim.title.clone());
        }
        let key = key_not_in(|key| keys.contains(key));
        keys.insert(key.clone());
        let staged = opened.files.into_iter().map(|(id, file)| (id, files::stage(file))).collect();
        to_add.push(FromBackup { key, claim: Box::new(opened.claim), files: staged });
    }
    outcome.added = to_add.len();
    outcome.twins = twins.len();
    outcome.keys = to_add.iter().chain(&to_give).map(|given| given.key.clone()).collect();
    outcome.files_back = to_give.iter().map(|given: &FromBackup| given.files.len()).sum();
    to_add.extend(to_give);
    if !to_add.is_empty() {
        send(&store, SessionEvent::RestoredBackup { claims: to_add });
    }
    report(BackupReport::Restored(outcome));
    crate::browser::focus_or_say(REPORT, ".backup", REPORT);
}

/// The files of a backup's claim that the same claim here (`key`) lacks on this device
/// (a page left before they were saved: its own backup said they were left out), staged
/// and sent under its key: the session gives them to it. The files it has are let go.
fn lacking(store: &Store, key: String, opened: crate::browser::open::Opened) -> Option<FromBackup> {
    let here = store.session.entry(&key)?.claim.clone();
    // The same content: the same documents, in the same order.
    let place = |id: &crate::claim::DocumentId| opened.claim.documents.iter().position(|document| document.id == *id);
    let files: Vec<_> = opened
        .files
        .into_iter()
        .filter(|(id, _)| place(id).and_then(|at| here.documents.get(at)).is_some_and(|document| files::get(&key, document).is_none()))
        .map(|(id, file)| (id, files::stage(file)))
        .collect();
    (!files.is_empty()).then(|| FromBackup { key, claim: Box::new(opened.claim), files })
}

/// What the report says: a first line (its class, its text), then a list of lines, each
/// with what it is about. Text only: one rendering for every case keeps the page small.
fn report_lines(store: &Store, report: &BackupReport) -> (&'static str, String, Vec<(&'static str, String)>) {
    let catalog = &store.catalog;
    match report {
        BackupReport::Working { done, total } => ("progress", catalog.count("backup.working", *total as usize, &[("done", &catalog.number(*done as i64))]), Vec::new()),
        BackupReport::Restoring => ("progress", store.t("backup.restoring"), Vec::new()),
        BackupReport::Saved { file_name, claims, left_out, unreadable } => (
            "saved",
            catalog.count("backup.saved", *claims, &[("name", file_name)]),
            left_out
                .iter()
                .flat_map(|(title, taken)| {
                    let title = store.title_of(title);
                    [("backup.left-out", taken.lost), ("backup.still-reading", taken.reading), ("backup.not-read", taken.unread)]
                        .into_iter()
                        .filter(|(_, n)| *n > 0)
                        .map(move |(key, n)| ("left-out", catalog.count(key, n, &[("title", &title)])))
                })
                .chain((*unreadable > 0).then(|| ("left-out", catalog.count("backup.unreadable", *unreadable, &[]))))
                .collect(),
        ),
        BackupReport::BackupFailed(problem) => ("build-error", catalog.format_with("backup.failed", &[("reason", &catalog.problem(problem))]), Vec::new()),
        BackupReport::RestoreFailed { file_name, problem } => {
            ("build-error", catalog.format_with("backup.restore-failed", &[("name", file_name), ("reason", &catalog.problem(problem))]), Vec::new())
        }
        BackupReport::Restored(outcome) => {
            let mut lines = Vec::new();
            // Which claims came, by title: one added beside an edited version of itself
            // (the backup older than the claim here) is then seen, not only counted.
            if !outcome.added_titles.is_empty() {
                const NAMED: usize = 5;
                let titles: Vec<String> = outcome.added_titles.iter().take(NAMED).map(|title| catalog.format_with("backup.title", &[("title", &store.title_of(title))])).collect();
                let others = outcome.added_titles.len().saturating_sub(NAMED);
                let more = if others == 0 { String::new() } else { catalog.count("backup.added-more", others, &[]) };
                lines.push(("added", catalog.count("backup.added", outcome.added_titles.len(), &[("titles", &titles.join(", ")), ("more", &more)])));
            }
            if outcome.already_here > 0 {
                lines.push(("already-here", catalog.count("backup.already-here", outcome.already_here, &[])));
            }
            if outcome.twins > 0 {
                lines.push(("twins", catalog.count("backup.twins", outcome.twins, &[])));
            }
            if outcome.files_back > 0 {
                lines.push(("files-back", catalog.count("backup.files-back", outcome.files_back, &[])));
            }
            // Each claim that did not come back is named, up to a screenful: an index that
            // lists a hundred thousand (damaged, or made to) is not a report to read.
            const FAILED_NAMED: usize = 20;
            // Titles as the list shows them, cut (an index's title may be a megabyte long),
            // an untitled claim so called in the page's language of the moment.
            let label = |title: &str| store.title_of(title);
            for (title, problem) in outcome.failed.iter().take(FAILED_NAMED) {
                let title = &label(title);
                lines.push(match problem.key {
                    "backup.error.cut" => ("failed", catalog.format_with("backup.cut", &[("name", title)])),
                    "backup.index-damaged" => ("failed", catalog.format_with("backup.index-damaged", &[("name", title)])),
                    _ => ("failed", catalog.format_with("backup.not-restored", &[("title", title), ("reason", &catalog.problem(problem))])),
                });
            }
            if outcome.failed.len() > FAILED_NAMED {
                lines.push(("failed", catalog.count("backup.failed-more", outcome.failed.len() - FAILED_NAMED, &[])));
            }
            for (title, n) in &outcome.problems {
                lines.push(("problems", catalog.count("backup.problems", *n, &[("title", &label(title))])));
            }
            // Restored, but not on the device yet: its storage refused (full). Said as long
            // as it refuses; the page tries again, and the claims are only in this page.
            let refused = outcome.keys.iter().filter(|key| store.session.entry(key).is_some_and(|entry| entry.failure.is_some())).count();
            if refused > 0 {
                lines.push(("not-kept", catalog.count("backup.not-kept", refused, &[])));
            }
            for (title, n) in &outcome.left_out {
                lines.push(("left-out", catalog.count("backup.restored-left-out", *n, &[("title", &label(title))])));
            }
            for title in &outcome.changed {
                lines.push(("changed", catalog.format_with("backup.changed", &[("title", &label(title))])));
            }
            for title in &outcome.beside {
                lines.push(("beside", catalog.format_with("backup.beside", &[("title", &store.title_of(title))])));
            }
            let clean = lines.iter().all(|(kind, _)| matches!(*kind, "already-here" | "twins" | "files-back" | "added" | "beside"));
            (if clean { "saved" } else { "build-error" }, catalog.count("backup.restored", outcome.added, &[("name", &outcome.file_name)]), lines)
        }
    }
}

/// The two buttons, their file input and the report: part of the claims list.
pub fn backup_controls(store: &Store, with_help: bool) -> Html {
    let busy = matches!(store.backup_report.as_deref(), Some(BackupReport::Working { .. } | BackupReport::Restoring));
    // While one works, the buttons stay where the keyboard is, unpressable (a disabled
    // button drops the focus to the page's top until the report takes it).
    let back_up = {
        let store = store.clone();
        Callback::from(move |_| {
            if !busy {
                wasm_bindgen_futures::spawn_local(back_up(store.clone()));
            }
        })
    };
    let choose = Callback::from(move |_| {
        if busy {
            return;
        }
        let input = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(RESTORE_INPUT));
        if let Some(input) = input.and_then(|input| input.dyn_into::<HtmlInputElement>().ok()) {
            input.click();
        }
    });
    let onchange = {
        let store = store.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(zip) = input.files().and_then(|list| list.item(0)) else { return };
            input.set_value("");
            wasm_bindgen_futures::spawn_local(restore(store.clone(), zip));
        })
    };
    let nothing = store.session.claims_with_content().is_empty();
    let report = store.backup_report.as_deref().map(|report| (matches!(report, BackupReport::Working { .. }), report_lines(store, report)));
    html! {
        <div class="backup">
            if with_help {
                <p class="help">{ store.t("backup.help") }</p>
            }
            <div class="backup-actions">
                <button type="button" onclick={back_up} disabled={nothing} aria-disabled={busy.then_some("true")}>{ store.t("backup.back-up") }</button>
                // A backup dropped on the button is restored as one picked (`js/drops.js`).
                <button type="button" onclick={choose} aria-disabled={busy.then_some("true")} data-drop-input={RESTORE_INPUT}>{ store.t("backup.restore") }</button>
                <input type="file" id={RESTORE_INPUT} class="visually-hidden" tabindex="-1" aria-hidden="true" accept=".zip,application/zip" {onchange} />
            </div>
            // While it works, a live region says so once (a screen reader read each count of
            // claims written); how it ended is not in it: the focus goes to the report (or,
            // the partner being elsewhere, it is said), and it was read twice.
            <p class="visually-hidden" role="status">
                if busy {
                    { match &report {
                        Some((true, _)) => store.t("backup.working-said"),
                        Some((false, (_, first, _))) => first.clone(),
                        None => String::new(),
                    } }
                }
            </p>
            // Focused when it ends: a group named by its first line, how it ended.
            <div id={REPORT} class="backup-report" tabindex="-1" role={report.is_some().then_some("group")} aria-labelledby={report.is_some().then_some(VERDICT)}>
                if let Some((backing_up, (class, first, lines))) = report {
                    if class == "progress" {
                        <progress aria-label={store.t(if backing_up { "backup.back-up" } else { "backup.restore" })} />
                    }
                    <p class={class} id={VERDICT}>{ first }</p>
                    if !lines.is_empty() {
                        <ul class="open-problems">
                            { for lines.into_iter().map(|(kind, line)| html! { <li data-restore={kind}>{ line }</li> }) }
                        </ul>
                    }
                }
            </div>
        </div>
    }
}
