//! Mounts the page. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    if preflight::browser::framed() {
        preflight::ui::refuse_framed();
        return;
    }
    // The first view built into index.html is on screen by now (the loader starts the
    // wasm after it was painted): the app makes its first state in a task after the one
    // that compiled and started the wasm, renders in the next, in parts
    // (`browser::staging`), and takes the copy's place once all are rendered, so that
    // none of this blocks the page for long.
    wasm_bindgen_futures::spawn_local(async {
        preflight::browser::next_task().await;
        preflight::ui::prepare();
        preflight::browser::next_task().await;
        preflight::browser::staging::begin();
        yew::Renderer::<preflight::ui::App>::new().render();
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Co-op Claim Preflight is a web page: build it with `trunk build --release` (see README.md).");
}
