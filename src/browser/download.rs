//! Saving the package: a `Blob` assembled from header bytes and the partner's own `File`
//! objects (the browser does not copy file data into it), offered as a download.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Saves a blob under `file_name` through the browser's download.
/// Errors are catalog keys.
pub fn save(blob: &Blob, file_name: &str) -> Result<(), &'static str> {
    const REFUSED: &str = "error.download";
    let url = Url::create_object_url_with_blob(blob).map_err(|_| REFUSED)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(REFUSED)?;
    let anchor: HtmlAnchorElement = document.create_element("a").map_err(|_| REFUSED)?.dyn_into().map_err(|_| REFUSED)?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&anchor);
        anchor.click();
        let _ = body.remove_child(&anchor);
    }
    // The download has taken its reference; revoking later frees the blob's memory.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// A blob of the given pieces, in order: byte arrays and blobs (files).
/// Errors are catalog keys.
pub fn blob_of(pieces: &Array, media_type: &str) -> Result<Blob, &'static str> {
    let options = BlobPropertyBag::new();
    options.set_type(media_type);
    Blob::new_with_u8_array_sequence_and_options(pieces, &options).map_err(|_| "error.assemble")
}

pub fn bytes(data: &[u8]) -> Uint8Array {
    Uint8Array::from(data)
}
