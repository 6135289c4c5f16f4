//! The partner's files: kept as `File` objects (never copied whole into memory), read in
//! chunks to compute SHA-256 and CRC-32, and handed back to build the package.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use crate::claim::{DocumentId, FileFacts};
use crate::hashing::FileHasher;

/// Bytes read at a time: large enough to amortise the calls, small enough that memory
/// stays flat whatever the file size.
pub const CHUNK: u64 = 4 * 1024 * 1024;

thread_local! {
    static FILES: RefCell<HashMap<DocumentId, File>> = RefCell::new(HashMap::new());
}

/// Keeps the file of a document for reading and packaging.
pub fn register(id: DocumentId, file: File) {
    FILES.with(|files| files.borrow_mut().insert(id, file));
}

pub fn forget(id: DocumentId) {
    FILES.with(|files| files.borrow_mut().remove(&id));
}

pub fn get(id: DocumentId) -> Option<File> {
    FILES.with(|files| files.borrow().get(&id).cloned())
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("{0} cannot be read: it may have been moved, renamed or deleted since you added it. Add it again.")]
    Unreadable(String),
    #[error("reading was cancelled")]
    Cancelled,
}

/// Forgets every file, when the page starts another claim.
pub fn forget_all() {
    FILES.with(|files| files.borrow_mut().clear());
}

/// A `File` made from bytes (the example claim's documents).
pub fn file_from_bytes(bytes: &[u8], name: &str, media_type: &str) -> Option<File> {
    let pieces = js_sys::Array::of1(&Uint8Array::from(bytes));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(media_type);
    File::new_with_u8_array_sequence_and_options(&pieces, name, &options).ok()
}

/// Files from a file input or a drop.
pub fn from_list(list: Option<web_sys::FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|index| list.item(index)).collect()
}

/// Reads a file chunk by chunk, hashing as it goes. `progress` gets the bytes read so
/// far; setting `cancel` stops at the next chunk.
pub async fn hash(file: &File, progress: impl Fn(u64), cancel: &Rc<Cell<bool>>) -> Result<FileFacts, ReadError> {
    let size = file.size() as u64;
    let unreadable = || ReadError::Unreadable(file.name());
    let mut hasher = FileHasher::new();
    let mut buffer = vec![0_u8; CHUNK.min(size) as usize];
    let mut offset = 0_u64;
    while offset < size {
        if cancel.get() {
            return Err(ReadError::Cancelled);
        }
        let end = (offset + CHUNK).min(size);
        let slice = file.slice_with_f64_and_f64(offset as f64, end as f64).map_err(|_| unreadable())?;
        let array_buffer = JsFuture::from(slice.array_buffer()).await.map_err(|_| unreadable())?;
        let array_buffer: js_sys::ArrayBuffer = array_buffer.dyn_into().map_err(|_| unreadable())?;
        let bytes = Uint8Array::new(&array_buffer);
        let length = bytes.length() as usize;
        if length as u64 != end - offset {
            return Err(unreadable()); // the file changed size under us
        }
        bytes.copy_to(&mut buffer[..length]);
        hasher.update(&buffer[..length]);
        offset = end;
        progress(offset);
    }
    Ok(hasher.finish(&file.type_()))
}
