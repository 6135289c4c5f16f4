//! Component tests in a real headless Chromium (wasm-bindgen-test). The page is mounted
//! into a fresh element, driven through real DOM events, and read back from the DOM.
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test components`.
#![cfg(target_arch = "wasm32")]

use preflight::ui::controls::TextInput;
use preflight::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn fresh_root() -> Element {
    let root = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&root).expect("append");
    root
}

async fn mount_app() -> Element {
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

/// Lets the page work (renders, storage, timers) until `done` holds, for up to 5 s.
async fn settle(mut done: impl FnMut() -> bool) {
    for _ in 0..500 {
        yew::scheduler::flush().await;
        if done() {
            return;
        }
        let pause = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
    }
    panic!("the page did not settle in 5 s");
}

/// Loads the example claim (the claim on the page is saved first, so it takes a moment).
async fn load_example(root: &Element) {
    button(root, "Load example claim").click();
    settle(|| input(root, "claim-title").value() == "Contoso cloud security webinar").await;
}

fn button(root: &Element, text: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").expect("buttons");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .find(|button| button.text_content().unwrap_or_default().trim() == text)
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

fn input(root: &Element, id: &str) -> HtmlInputElement {
    root.query_selector(&format!("#{id}")).ok().flatten().and_then(|e| e.dyn_into().ok()).unwrap_or_else(|| panic!("no input #{id}"))
}

async fn type_into(root: &Element, id: &str, text: &str) {
    let field = input(root, id);
    field.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    field.dispatch_event(&Event::new_with_event_init_dict("input", &init).expect("event")).expect("dispatch");
    yew::scheduler::flush().await;
}

fn codes(root: &Element) -> Vec<String> {
    let items = root.query_selector_all("[data-code]").expect("findings");
    (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .filter_map(|item| item.get_attribute("data-code"))
        .collect()
}

fn deadline(root: &Element) -> Option<String> {
    root.query_selector("[data-date=\"claim-deadline\"] time").ok().flatten().and_then(|time| time.get_attribute("datetime"))
}

#[wasm_bindgen_test]
async fn an_empty_claim_lists_what_is_missing() {
    let root = mount_app().await;
    let codes = codes(&root);
    assert!(codes.iter().filter(|code| *code == "FIELD-REQUIRED").count() >= 8, "{codes:?}");
    assert!(codes.contains(&"DOC-POE".to_string()), "{codes:?}");
    assert_eq!(deadline(&root), None);
}

#[wasm_bindgen_test]
async fn the_example_claim_is_ready_and_dated() {
    let root = mount_app().await;
    load_example(&root).await;
    assert_eq!(codes(&root), Vec::<String>::new());
    assert!(root.text_content().unwrap_or_default().contains("Ready to submit"));
    assert!(deadline(&root).is_some());
    assert_eq!(input(&root, "claim-title").value(), "Contoso cloud security webinar");
}

#[wasm_bindgen_test]
async fn typing_a_usage_period_end_shows_its_deadline() {
    let root = mount_app().await;
    type_into(&root, "claim-usage-end", "2018-12-31").await;
    assert_eq!(deadline(&root).as_deref(), Some("2019-02-14"));
    let text = root.query_selector("[data-date=\"claim-deadline\"]").ok().flatten().and_then(|e| e.text_content()).unwrap_or_default();
    assert!(text.contains("February\u{a0}14,\u{a0}2019"), "{text}");
}

#[wasm_bindgen_test]
async fn a_bad_amount_stays_in_the_field_and_is_flagged() {
    let root = mount_app().await;
    load_example(&root).await;
    type_into(&root, "claim-claimed-amount", "12abc").await;
    let field = input(&root, "claim-claimed-amount");
    assert_eq!(field.value(), "12abc");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(codes(&root), ["FIELD-INVALID"]);
    type_into(&root, "claim-claimed-amount", "6,850.00").await;
    assert_eq!(codes(&root), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn a_text_input_ties_its_hint_and_error_to_the_control() {
    let root = fresh_root();
    #[component]
    fn Probe() -> Html {
        html! { <TextInput id="probe" label="Probe" value="x" hint={Some(AttrValue::from("a hint"))} error={Some(AttrValue::from("an error"))} oninput={Callback::noop()} /> }
    }
    yew::Renderer::<Probe>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let field = input(&root, "probe");
    assert_eq!(field.get_attribute("aria-describedby").as_deref(), Some("probe-hint probe-error"));
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    let label = root.query_selector("label[for=probe]").ok().flatten().and_then(|l| l.text_content());
    assert_eq!(label.as_deref(), Some("Probe"));
}

/// Resolves in a later task (a zero timeout).
async fn next_task() {
    let pause = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window().expect("window").set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
}

#[wasm_bindgen_test]
async fn a_staged_page_renders_one_part_per_task_behind_its_copy_and_then_replaces_it() {
    use preflight::browser::staging;
    thread_local! {
        /// How many parts each render of the page showed, in order.
        static RENDERED: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    /// A page of a frame and three parts, staged as the app's are.
    #[component]
    fn Parts() -> Html {
        let parts = use_state(|| if staging::active() { 0 } else { 3 });
        {
            let parts = parts.clone();
            use_effect_with((), move |_| staging::parts(3, move |shown| parts.set(shown)));
        }
        // Counted as it renders (an effect of a render the next one overtook runs with the
        // later count: Yew yields between a render and its effects after 16 ms of work).
        RENDERED.with(|rendered| rendered.borrow_mut().push(*parts));
        // Each render takes 20 ms, as on a slow phone, so the renderer yields after each.
        let start = js_sys::Date::now();
        while js_sys::Date::now() - start < 20.0 {}
        html! { <><p id="frame">{ "frame" }</p>if *parts > 0 { <p id="one">{ "one" }</p> }if *parts > 1 { <p id="two">{ "two" }</p> }if *parts > 2 { <p id="three">{ "three" }</p> }</> }
    }
    let copy = document().create_element("main").expect("main");
    copy.set_attribute("data-prerendered", "").expect("attribute");
    document().body().expect("body").append_child(&copy).expect("append");
    let root = fresh_root();
    let html = document().document_element().expect("html");
    let shown = |root: &Element| ["frame", "one", "two", "three"].into_iter().filter(|id| root.query_selector(&format!("#{id}")).ok().flatten().is_some()).collect::<Vec<_>>();

    staging::begin();
    yew::Renderer::<Parts>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    // The frame only, hidden, the copy in place: the parts wait for the claims.
    assert_eq!(shown(&root), ["frame"]);
    assert!(html.has_attribute("data-staging") && copy.is_connected());
    next_task().await;
    yew::scheduler::flush().await;
    assert_eq!(shown(&root), ["frame"], "no part renders before the claims are listed");

    staging::proceed();
    staging::proceed(); // a second call changes nothing
    // Tasks pass as in the page: nothing here runs the renderer's queue for it.
    for _ in 0..20 {
        next_task().await;
        if !html.has_attribute("data-staging") {
            break;
        }
    }
    yew::scheduler::flush().await;
    // One more part in each task, in order (two shown in one task would render once,
    // and a count would be missing), then the app shown and the copy gone.
    assert_eq!(RENDERED.with(|rendered| rendered.take()), [0, 1, 2, 3]);
    assert_eq!(shown(&root), ["frame", "one", "two", "three"]);
    assert!(!html.has_attribute("data-staging"));
    assert!(!copy.is_connected(), "the copy is removed when the app is shown");

    // Not staged (any later render), every part shows at once.
    assert!(!staging::active());
    let late = fresh_root();
    yew::Renderer::<Parts>::with_root(late.clone()).render();
    yew::scheduler::flush().await;
    assert_eq!(shown(&late), ["frame", "one", "two", "three"]);
    assert_eq!(RENDERED.with(|rendered| rendered.take()), [3]);
}

/// Sizes past 4 GiB, in the page's 32-bit wasm: a file over a 4 GiB limit reads above it.
#[wasm_bindgen_test]
fn a_size_past_four_gib_reads_above_its_limit() {
    let catalog = preflight::i18n::Catalog::for_tag("en");
    let limit = 4 * 1024 * 1024 * 1024_u64;
    assert_eq!(catalog.bytes_above(limit + 1, limit), "4,294,967,297 bytes");
    assert_eq!(catalog.bytes(limit + 1024 * 1024 * 1024), "5 GB");
}
