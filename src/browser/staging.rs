//! The app's first render, in parts. Rendered at once it is one task of 50 to 75 ms
//! (four times that on a slow phone), which blocks the page just after the first view
//! showed. Staged, the app renders its frame first, then one more of its parts in each
//! task ([`parts`]), while the first view built into `index.html` stays on screen and the
//! app's nodes are kept out of the page's layout (`html[data-staging]` in the style
//! sheet); then, in one task, the copy is removed and the app shown: no frame shows
//! neither, both, or half of the app.
//!
//! The parts wait for the claims saved on the device ([`proceed`], once they are listed):
//! a part rendered before would render again when they come, and a whole page rendered
//! again is one long task too (Yew yields between components only when none is waiting).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;

/// The app being staged.
#[derive(Default)]
struct Stage {
    /// How many parts the app has, and how it is told to show one more.
    parts: usize,
    show: Option<Rc<dyn Fn(usize)>>,
    /// How many are shown.
    shown: usize,
    /// Whether the claims were listed (or the wait ran out).
    proceeding: bool,
}

thread_local! {
    /// `None` once the app is shown (or when it was never staged).
    static STAGE: RefCell<Option<Stage>> = const { RefCell::new(None) };
}

/// The parts render after this long even if the claims were not listed (storage that
/// never answers): the page must not stay inert.
const WAIT_AT_MOST_MS: i32 = 1500;

const ATTRIBUTE: &str = "data-staging";

/// Starts staging: call it just before the app first renders.
pub fn begin() {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute(ATTRIBUTE, "");
    }
    STAGE.with(|stage| *stage.borrow_mut() = Some(Stage::default()));
    let proceed = wasm_bindgen::closure::Closure::once_into_js(proceed);
    let waiting = web_sys::window().map(|window| window.set_timeout_with_callback_and_timeout_and_arguments_0(proceed.unchecked_ref(), WAIT_AT_MOST_MS));
    if !matches!(waiting, Some(Ok(_))) {
        finish();
    }
}

/// Whether the app is being staged: its parts then start hidden, and [`parts`] shows them.
pub fn active() -> bool {
    STAGE.with(|stage| stage.borrow().is_some())
}

/// The app has `count` parts and shows the first `n` when `show(n)` is called: with 1,
/// 2, … `count`, one per task, once the claims are listed; then the app is shown.
pub fn parts(count: usize, show: impl Fn(usize) + 'static) {
    let go = STAGE.with(|stage| match stage.borrow_mut().as_mut() {
        Some(stage) => {
            stage.parts = count;
            stage.show = Some(Rc::new(show));
            stage.proceeding
        }
        None => false,
    });
    if go {
        next_step();
    }
}

/// The parts render now, one per task (the claims are listed).
pub fn proceed() {
    let go = STAGE.with(|stage| match stage.borrow_mut().as_mut() {
        Some(stage) if !stage.proceeding => {
            stage.proceeding = true;
            stage.show.is_some()
        }
        _ => false,
    });
    if go {
        next_step();
    }
}

/// One more part per task (a zero timeout: the browser may paint and answer input
/// between them), then the app shown in a task after the last part rendered.
fn next_step() {
    let step = wasm_bindgen::closure::Closure::once_into_js(|| {
        let next = STAGE.with(|stage| {
            let mut stage = stage.borrow_mut();
            let stage = stage.as_mut()?;
            (stage.shown < stage.parts).then(|| {
                stage.shown += 1;
                (stage.shown, stage.show.clone())
            })
        });
        match next {
            Some((shown, Some(show))) => {
                show(shown);
                next_step();
            }
            _ => finish(),
        }
    });
    if let Some(window) = web_sys::window() {
        if window.set_timeout_with_callback_and_timeout_and_arguments_0(step.unchecked_ref(), 0).is_ok() {
            return;
        }
    }
    finish();
}

/// The app replaces the first view: all its parts shown (those left, when the wait ran
/// out or the browser refused a timer), and the copy removed, in one task.
fn finish() {
    if let Some(Stage { parts, shown, show: Some(show), .. }) = STAGE.with(|stage| stage.borrow_mut().take()) {
        if shown < parts {
            show(parts);
        }
    }
    super::drop_prerendered();
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.remove_attribute(ATTRIBUTE);
    }
}
