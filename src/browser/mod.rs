//! The few Web APIs the page uses, each behind a plain function, so that neither the core
//! nor the components touch `web-sys` directly. Failures degrade quietly to a sensible
//! default: a page without `localStorage` still works, it just does not remember.

pub mod download;
pub mod files;
pub mod offline;
pub mod open;
pub mod package;
pub mod package_worker;
pub mod staging;
pub mod storage;
pub mod worker_messages;

use chrono::NaiveDate;
use wasm_bindgen::JsCast;

use crate::package::BuildTime;

/// Today's calendar date in the partner's own time zone (the browser's clock).
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

/// This moment, once on the partner's clock and once in UTC (one reading of the clock,
/// so both name the same second), for the package's time stamps.
pub fn build_time() -> BuildTime {
    let now = js_sys::Date::new_0();
    let local = NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .and_then(|day| day.and_hms_opt(now.get_hours(), now.get_minutes(), now.get_seconds()));
    let utc = NaiveDate::from_ymd_opt(now.get_utc_full_year() as i32, now.get_utc_month() + 1, now.get_utc_date())
        .and_then(|day| day.and_hms_opt(now.get_utc_hours(), now.get_utc_minutes(), now.get_utc_seconds()));
    BuildTime { local: local.unwrap_or_default(), utc: utc.unwrap_or_default() }
}

/// 1.5 as the browser's own locale writes it (`Intl.NumberFormat` with no locale given:
/// the browser's language, the nearest the page can know of the regional settings a
/// spreadsheet on the device follows), or `None`.
pub fn one_and_a_half() -> Option<String> {
    let format = js_sys::Intl::NumberFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).format();
    format.call1(&wasm_bindgen::JsValue::NULL, &wasm_bindgen::JsValue::from_f64(1.5)).ok()?.as_string()
}

/// The locale the browser writes numbers in (`de-CH`): its region tells a spreadsheet's
/// list separator where the decimal mark does not ([`crate::register::semicolons_of`]).
pub fn number_locale() -> Option<String> {
    let options = js_sys::Intl::NumberFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
    js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("locale")).ok()?.as_string()
}

/// The browser's preferred languages, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let navigator = window.navigator();
    let mut languages: Vec<String> = navigator.languages().iter().filter_map(|value| value.as_string()).collect();
    if languages.is_empty() {
        languages.extend(navigator.language());
    }
    languages
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What this tab alone remembers across its reloads (another tab has its own).
fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Remembers `value` for this tab (it comes back on a reload of this tab only) and for
/// the page (a tab opened afresh starts from it).
pub fn remember_for_tab(key: &str, value: &str) {
    if let Some(storage) = tab_storage() {
        let _ = storage.set_item(key, value);
    }
    save_preference(key, value);
}

/// What this tab remembered under `key` ([`remember_for_tab`]), and what the page did (a
/// tab reloaded comes back to its own, not to what another tab did last; the page's is
/// for a tab opened afresh).
pub fn recall_for_tab(key: &str) -> [Option<String>; 2] {
    [tab_storage().and_then(|storage| storage.get_item(key).ok().flatten()), load_preference(key)]
}

/// A remembered preference (not the claim: claims go to IndexedDB).
pub fn load_preference(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Remembers `value` under `key`; whether the browser took it (it refuses when its
/// storage is full, or in some private modes). A refused preference only means the choice
/// is not remembered next time.
pub fn save_preference(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|storage| storage.set_item(key, value).is_ok())
}

/// Calls `changed(value)` whenever another tab of the page remembers something else
/// under `key` (the browser's `storage` event: a tab never hears its own writes). For
/// the page's life.
pub fn on_preference_changed(key: &'static str, changed: impl Fn(Option<String>) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let named = js_sys::Reflect::get(&event, &"key".into()).ok().and_then(|named| named.as_string());
        if named.as_deref() == Some(key) {
            changed(load_preference(key));
        }
    });
    let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
    listener.forget();
}

thread_local! {
    /// What waits for the device to be online again ([`when_online`]).
    static WHEN_ONLINE: std::cell::RefCell<Vec<Box<dyn FnOnce()>>> = std::cell::RefCell::new(Vec::new());
}

/// Whether the browser says the device is offline now.
pub fn is_offline() -> bool {
    web_sys::window().is_some_and(|window| !window.navigator().on_line())
}

/// Calls `then` once, when the browser is next online (its `online` event; one listener
/// for the page's life, whatever waits).
pub fn when_online(then: impl FnOnce() + 'static) {
    WHEN_ONLINE.with(|waiting| waiting.borrow_mut().push(Box::new(then)));
    static LISTENING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if LISTENING.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        for then in WHEN_ONLINE.with(|waiting| std::mem::take(&mut *waiting.borrow_mut())) {
            then();
        }
    });
    let _ = window.add_event_listener_with_callback("online", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Remembered items whose key starts with `prefix`, as (rest of the key, value).
pub fn preferences_starting(prefix: &str) -> Vec<(String, String)> {
    let Some(storage) = local_storage() else { return Vec::new() };
    let n = storage.length().unwrap_or(0);
    (0..n)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter_map(|key| Some((key.strip_prefix(prefix)?.to_string(), storage.get_item(&key).ok().flatten()?)))
        .collect()
}

pub fn forget_preference(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Asks a yes/no question in the browser's own dialog; no answer counts as no.
pub fn confirm(question: &str) -> bool {
    web_sys::window().and_then(|window| window.confirm_with_message(question).ok()).unwrap_or(false)
}

/// Sets `<html lang>` so that screen readers pronounce the page in its language.
pub fn set_document_language(lang: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang);
    }
}

/// Presses the button with this id, as the partner would (focus, then click).
pub fn press(id: &str) {
    if focus_element(id) {
        if let Some(button) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            button.click();
        }
    }
}

/// [`focus_soon`], or, when the page has no control of that id then, the first control
/// that `otherwise` (a CSS selector) finds: what leads to it (a row moved out of view).
pub fn focus_soon_or(id: String, otherwise: &'static str) {
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
        if focus_element(&id) {
            return;
        }
        let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(otherwise).ok().flatten());
        if let Some(element) = found.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0);
    }
}

/// Moves keyboard focus to the control with this id once the page has rendered what
/// the current event changed (a control that replaces the one just pressed).
pub fn focus_soon(id: String) {
    let focus = wasm_bindgen::closure::Closure::once_into_js(move || {
        focus_element(&id);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0);
    }
}

/// The page's live region for what an action did that the page does not show where the
/// focus is (an archived claim's row moved, a note added to the history): `App` renders
/// it empty, and only [`say`] fills it.
pub const SAID: &str = "said";

/// Says `text` to a screen reader, through [`SAID`]: emptied at once and filled a moment
/// later, so that the same words said twice are said twice.
/// Two things said within that moment are both said, in their order (a claim opened
/// that is locked and held by another tab: both notices), not the second alone.
pub fn say(text: &str) {
    fill_region(SAID, text, 100, true);
}

/// A live region filled through [`say_in`]: the words it will say, the timeout that
/// will, and the one callback that fills it (made once per region, so that a timeout
/// cleared at each key leaves nothing behind).
struct Saying {
    region: &'static str,
    text: String,
    timeout: Option<i32>,
    /// Counts what the region said: a clearing is of one saying, not of its words (the
    /// same words said again stay their five seconds).
    said: u32,
    fill: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

/// How long what was said stays in its region.
const SAID_FOR_MS: i32 = 5000;

thread_local! {
    static SAYING: std::cell::RefCell<Vec<Saying>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Fills the live region `region` (rendered empty, filled only here) with `text` once
/// `after_ms` have passed without another call for it: what changes at each key is said
/// once the keys stop. Emptied at once, so that the same words are said again.
pub fn say_in(region: &'static str, text: &str, after_ms: i32) {
    fill_region(region, text, after_ms, false);
}

/// [`say_in`]; with `join`, what waits to be said is said too, before `text`.
fn fill_region(region: &'static str, text: &str, after_ms: i32, join: bool) {
    let Some(window) = web_sys::window() else { return };
    let Some(element) = window.document().and_then(|d| d.get_element_by_id(region)) else { return };
    element.set_text_content(None);
    SAYING.with(|saying| {
        let mut saying = saying.borrow_mut();
        let index = match saying.iter().position(|saying| saying.region == region) {
            Some(index) => index,
            None => {
                let fill = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    let text = SAYING.with(|saying| {
                        let mut saying = saying.borrow_mut();
                        let pending = saying.iter_mut().find(|saying| saying.region == region)?;
                        pending.timeout = None;
                        pending.said = pending.said.wrapping_add(1);
                        Some((std::mem::take(&mut pending.text), pending.said))
                    });
                    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(region));
                    if let (Some((text, said)), Some(element)) = (text, element) {
                        element.set_text_content(Some(&text));
                        // Said, it goes after a while: a screen reader walking the page would
                        // read it again beside what it repeats (in a language left since).
                        let clear = wasm_bindgen::closure::Closure::once_into_js(move || {
                            let latest = SAYING.with(|saying| saying.borrow().iter().find(|saying| saying.region == region).map(|saying| saying.said));
                            if latest == Some(said) {
                                element.set_text_content(None);
                            }
                        });
                        if let Some(window) = web_sys::window() {
                            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(clear.unchecked_ref(), SAID_FOR_MS);
                        }
                    }
                });
                saying.push(Saying { region, text: String::new(), timeout: None, said: 0, fill });
                saying.len() - 1
            }
        };
        let pending = &mut saying[index];
        let waiting = pending.timeout.take();
        if let Some(timeout) = waiting {
            window.clear_timeout_with_handle(timeout);
        }
        if join && waiting.is_some() && !pending.text.is_empty() && pending.text != text {
            pending.text.push(' ');
            pending.text.push_str(text);
        } else {
            pending.text = text.to_string();
        }
        pending.timeout = window.set_timeout_with_callback_and_timeout_and_arguments_0(pending.fill.as_ref().unchecked_ref(), after_ms).ok();
    });
}

/// What a long action came to (`id`, rendered next): the keyboard goes there when it is
/// free now, that is on nothing (the button that started it was disabled meanwhile) or
/// still inside `started_in` (a CSS selector: where it was started, as on its Cancel). A
/// partner who went on elsewhere meanwhile keeps their place and hears `verdict` (an
/// element's id: the outcome's first line, or the whole outcome where its details matter,
/// as a backup's problems) instead; unless that place is gone with the outcome (a
/// package opened replaces the claim being typed in), and the keyboard goes there after
/// all. Either way once: what is focused is not also in a live region. Decided at once,
/// before what the outcome moves (a claim opened takes the keyboard to its title) has
/// moved anything.
pub fn focus_or_say(id: &'static str, started_in: &'static str, verdict: &'static str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let active = document.active_element().filter(|active| document.body().is_none_or(|body| *active != *body.as_ref()));
    let Some(place) = active.filter(|active| active.closest(started_in).ok().flatten().is_none()) else {
        return focus_soon(id.to_string());
    };
    let settle = wasm_bindgen::closure::Closure::once_into_js(move || {
        if !place.is_connected() {
            focus_element(id);
        } else if let Some(element) = document.get_element_by_id(verdict).and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok()) {
            say(&element.inner_text());
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(settle.unchecked_ref(), 0);
    }
}

/// The element the keyboard is on, if any.
pub fn focused() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Whether the page is out of view (another tab, the phone's home screen).
pub fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}

/// Moves keyboard focus to the control with this id and brings it into view. Returns
/// false when no such control is on the page.
/// A control that cannot take the focus (Claim title in a claim locked, or shown
/// read-only while another tab edits it) hands it to what unlocks it: "Edit it here
/// instead", else "Edit anyway".
pub fn focus_element(id: &str) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let enabled = |element: web_sys::Element| (!element.matches(":disabled").unwrap_or(false)).then_some(element);
    let unlock = || ["take-over", "lock-toggle"].into_iter().find_map(|id| document.get_element_by_id(id).and_then(enabled));
    let element = document.get_element_by_id(id).and_then(|element| enabled(element).or_else(unlock));
    match element.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(element) => {
            // In the middle of the window: its label above and its hint below show too.
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            element.scroll_into_view_with_scroll_into_view_options(&options);
            element.focus().is_ok()
        }
        None => false,
    }
}


/// Removes the first view that the build wrote into `index.html` (`data-prerendered`:
/// the same components, rendered at build time by `scripts/prerender.mjs`, shown while
/// the wasm loads, inert), once the app has rendered the live one behind it, in the task
/// that shows the app (`staging`): no frame shows neither or both.
pub fn drop_prerendered() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    while let Ok(Some(element)) = document.query_selector("[data-prerendered], template[data-first-view]") {
        element.remove();
    }
}

/// Resolves in a task of its own (a zero timeout): work split there lets the browser
/// answer input and paint in between (the app's first render is one long task).
pub async fn next_task() {
    after_ms(0).await;
}

/// Resolves after `ms` milliseconds (at once without a window).
pub async fn after_ms(ms: i32) {
    let Some(window) = web_sys::window() else { return };
    let task = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(task).await;
}

/// Whether the page runs inside another page's frame (where a `<meta>` policy cannot
/// forbid it: `frame-ancestors` works only as a header, which not every host sends).
pub fn framed() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        // A top window we may not even look at is another site's.
        _ => true,
    }
}

/// Replaces the page with a short message and a link that opens it on its own: a page
/// that holds claims and documents does not run inside another site's page, where that
/// site could draw over it or make the partner click on it unawares.
pub fn refuse_framed(message: &str, link: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    body.set_text_content(None);
    let Ok(paragraph) = document.create_element("p") else { return };
    paragraph.set_class_name("framed");
    paragraph.set_text_content(Some(message));
    let _ = body.append_child(&paragraph);
    if let Ok(anchor) = document.create_element("a") {
        let href = document.location().and_then(|location| location.href().ok()).unwrap_or_default();
        let _ = anchor.set_attribute("href", &href);
        let _ = anchor.set_attribute("target", "_top");
        let _ = anchor.set_attribute("rel", "noopener");
        anchor.set_text_content(Some(link));
        let _ = body.append_child(&anchor);
    }
}
