//! Mounts the page. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    if preflight::browser::framed() {
        preflight::ui::refuse_framed();
        return;
    }
    // The first view built into index.html is on screen by now (the loader starts the
    // wasm after it was painted): the app takes its place, in a task after the one that
    // compiled and started the wasm, so that neither blocks the page for long.
    wasm_bindgen_futures::spawn_local(async {
        preflight::browser::next_task().await;
        preflight::browser::drop_prerendered();
        yew::Renderer::<preflight::ui::App>::new().render();
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Co-op Claim Preflight is a web page: build it with `trunk build --release` (see README.md).");
}
