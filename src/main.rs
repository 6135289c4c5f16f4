//! Mounts the page. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    if preflight::browser::framed() {
        preflight::ui::refuse_framed();
        return;
    }
    yew::Renderer::<preflight::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Co-op Claim Preflight is a web page: build it with `trunk build --release` (see README.md).");
}
