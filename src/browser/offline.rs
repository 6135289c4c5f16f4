//! The service worker that keeps the page working offline (`static/sw.js`), and the
//! notice when a new version has been installed and waits for the next visit.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// Registers the service worker; `on_update` runs when a newer version is installed and
/// waiting while this page runs on the older one. Does nothing where service workers are
/// not available (an insecure origin, or a browser setting).
pub fn register_service_worker(on_update: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let registering = container.register("./sw.js");
    let on_update: Rc<dyn Fn()> = Rc::new(on_update);
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = JsFuture::from(registering).await else { return };
        // A browser that keeps service workers out (by policy, or a test harness) may
        // answer with nothing rather than refuse.
        if !registration.is_object() {
            return;
        }
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        // A first install has no controller yet: that is not an update. Asked again at
        // each install: the tab of the first visit is controlled once that worker
        // activates, and a version installed later is an update for it too (read once,
        // it never said so).
        if container.controller().is_some() && registration.waiting().is_some() {
            on_update();
            return;
        }
        // Says a version being installed once it is installed (and waits).
        let watch: Rc<dyn Fn(web_sys::ServiceWorker)> = {
            let container = container.clone();
            Rc::new(move |worker: web_sys::ServiceWorker| {
                let (on_update, installing, container) = (on_update.clone(), worker.clone(), container.clone());
                let on_state = Closure::<dyn Fn()>::new(move || {
                    if installing.state() == ServiceWorkerState::Installed && container.controller().is_some() {
                        on_update();
                    }
                });
                worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                // Lives as long as the worker it listens to: for the page's life.
                on_state.forget();
            })
        };
        let (watched, watch_found) = (registration.clone(), watch.clone());
        let on_found = Closure::<dyn Fn()>::new(move || {
            if let Some(worker) = watched.installing() {
                watch_found(worker);
            }
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        // A version already being installed as the page registered (the browser looked
        // for one as the page opened, on a slow device): its `updatefound` came before
        // this page listened.
        if let Some(worker) = registration.installing() {
            watch(worker);
        }
        look_for_updates(registration);
    });
}

/// How often a tab left open looks for a new version, at most.
const LOOK_EVERY_MS: f64 = 60.0 * 60.0 * 1000.0;
/// How often it asks itself whether it is time: a look made when the tab came back into
/// view moves the next one an hour on, which a timer of an hour would skip.
const ASK_EVERY_MS: i32 = 5 * 60 * 1000;

/// Has the browser look for a new version of the service worker an hour after it last
/// did (asked every few minutes), and when the page comes back into view an hour or more
/// after: it looks only as a page is opened, and a tab left open for days (an installed
/// page is rarely reloaded) never heard of a version deployed meanwhile. One request for
/// `sw.js` each time; offline, it fails quietly.
fn look_for_updates(registration: ServiceWorkerRegistration) {
    let Some(window) = web_sys::window() else { return };
    let last = std::cell::Cell::new(js_sys::Date::now());
    let look = Closure::<dyn Fn()>::new(move || {
        if super::page_hidden() || js_sys::Date::now() - last.get() < LOOK_EVERY_MS {
            return;
        }
        last.set(js_sys::Date::now());
        if let Ok(looking) = registration.update() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(looking).await;
            });
        }
    });
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(look.as_ref().unchecked_ref(), ASK_EVERY_MS);
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", look.as_ref().unchecked_ref());
    }
    // For the page's life.
    look.forget();
}
