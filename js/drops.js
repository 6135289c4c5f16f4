// Files dragged and dropped on the page. Behind `src/browser/files.rs`.

/** Whether a drag carries files, not text or a link (dragged into a note, which takes it). */
const carriesFiles = (event) => Boolean(event.dataTransfer?.types.includes('Files'));

/** Whether a drag is over a file field, which takes what is dropped on it by itself. */
const overFileField = (event) => event.target instanceof HTMLInputElement && event.target.type === 'file';

/**
 * Files dropped anywhere on the page but where they are taken already (the element of
 * `selector`, whose own handler runs first) or on a file field of its own are given to
 * that element, as dropped there: the browser would otherwise open the file in place of
 * the page. A button that opens a file field (`data-drop-input`: Open package, Restore
 * backup) takes a file dropped on it as one picked there, unless it is disabled.
 */
export function forwardDrops(selector) {
  window.addEventListener('dragover', (event) => {
    if (carriesFiles(event) && !overFileField(event)) event.preventDefault();
  });
  window.addEventListener('drop', (event) => {
    if (event.defaultPrevented || !carriesFiles(event) || overFileField(event)) return;
    event.preventDefault();
    const opener = event.target instanceof Element ? event.target.closest('[data-drop-input]') : null;
    if (opener) {
      const input = document.getElementById(opener.dataset.dropInput);
      if (!input || opener.disabled || opener.getAttribute('aria-disabled') === 'true') return;
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return;
    }
    document.querySelector(selector)?.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: event.dataTransfer }));
  });
}

/**
 * The files a drop carries, and the names of the folders among them, as
 * { files, folders }: a folder dropped is listed with the files, as a file that cannot be
 * read (told apart by its entry, `webkitGetAsEntry`, which every browser has by that name).
 */
export function dropped(event) {
  const transfer = event.dataTransfer;
  const folders = [...(transfer?.items ?? [])].map((item) => item.webkitGetAsEntry?.()).filter((entry) => entry?.isDirectory).map((entry) => entry.name);
  const files = [...(transfer?.files ?? [])].filter((file) => !folders.includes(file.name));
  return { files, folders };
}

/** Whether a drag is the page's to take: it carries files, and is not over a file field of its own. */
export function takesDrag(event, except) {
  return carriesFiles(event) && !(overFileField(event) && event.target.id !== except);
}
