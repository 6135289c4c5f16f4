//! The app's first render, in parts. Rendered at once it is one task of 50 to 75 ms
//! (four times that on a slow phone), which blocks the page just after the first view
//! showed. Staged, the app renders its frame first and each part wrapped in
//! `ui::Later` in a task of its own, while the first view built into `index.html` stays
//! on screen and the app's nodes are kept out of the page's layout (`html[data-staging]`
//! in the style sheet); then, in one task, the copy is removed and the app shown: no frame
//! shows neither, both, or half of the app.
//!
//! The parts wait for the claims saved on the device ([`proceed`], once they are listed):
//! a part rendered before would render again when they come, and a whole page rendered
//! again is one long task too (Yew yields between components only when none is waiting).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use wasm_bindgen::JsCast;

/// A part waiting for its task.
type Part = Box<dyn FnOnce()>;

thread_local! {
    /// The parts still to render; `None` once the app is shown (or was never staged).
    static PARTS: RefCell<Option<VecDeque<Part>>> = const { RefCell::new(None) };
    /// Whether the parts have started rendering.
    static PROCEEDING: Cell<bool> = const { Cell::new(false) };
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
    PARTS.with(|parts| *parts.borrow_mut() = Some(VecDeque::new()));
    let proceed = wasm_bindgen::closure::Closure::once_into_js(proceed);
    let waiting = web_sys::window().map(|window| window.set_timeout_with_callback_and_timeout_and_arguments_0(proceed.unchecked_ref(), WAIT_AT_MOST_MS));
    if !matches!(waiting, Some(Ok(_))) {
        finish();
    }
}

/// The parts render now, one per task (the claims are listed).
pub fn proceed() {
    if active() && !PROCEEDING.with(|proceeding| proceeding.replace(true)) {
        next_step();
    }
}

/// Whether the app is still being staged (a part created now waits for its task).
pub fn active() -> bool {
    PARTS.with(|parts| parts.borrow().is_some())
}

/// Runs `show` in a task of its own while the app is staged, in the order asked; at
/// once otherwise.
pub fn later(show: impl FnOnce() + 'static) {
    let show: Part = Box::new(show);
    let waiting = PARTS.with(|parts| match parts.borrow_mut().as_mut() {
        Some(parts) => {
            parts.push_back(show);
            None
        }
        None => Some(show),
    });
    if let Some(show) = waiting {
        show();
    }
}

/// One part per task (a zero timeout: the browser may paint and answer input between
/// them), then the app shown in a task after the last part rendered.
fn next_step() {
    let step = wasm_bindgen::closure::Closure::once_into_js(|| {
        let part = PARTS.with(|parts| parts.borrow_mut().as_mut().and_then(VecDeque::pop_front));
        match part {
            Some(show) => {
                show();
                next_step();
            }
            None => finish(),
        }
    });
    if let Some(window) = web_sys::window() {
        if window.set_timeout_with_callback_and_timeout_and_arguments_0(step.unchecked_ref(), 0).is_ok() {
            return;
        }
    }
    finish();
}

/// The app replaces the first view: both in one task.
fn finish() {
    let rest = PARTS.with(|parts| parts.borrow_mut().take()).unwrap_or_default();
    for show in rest {
        show();
    }
    super::drop_prerendered();
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.remove_attribute(ATTRIBUTE);
    }
}
