// The page's storage: the partner's claims, each with its documents' files, in IndexedDB,
// one record per claim under its key. Files are stored as the browser's own File objects
// (structured clone), never read into memory here. Called from src/browser/storage.rs.

const DATABASE = 'coop-claim-preflight';
const STORE = 'claims';

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new DOMException('the database is blocked by another tab', 'InvalidStateError'));
  });
}

function run(mode, action) {
  return openDatabase().then(
    (database) =>
      new Promise((resolve, reject) => {
        const transaction = database.transaction(STORE, mode);
        const request = action(transaction.objectStore(STORE));
        transaction.oncomplete = () => {
          database.close();
          resolve(request.result);
        };
        transaction.onabort = transaction.onerror = () => {
          database.close();
          reject(transaction.error || request.error);
        };
      }),
  );
}

/** Saves a claim (its JSON) and its files (document ids and File objects, in order). */
export function saveClaim(key, json, ids, files) {
  return run('readwrite', (store) => store.put({ json, ids: Array.from(ids), files }, key)).then(() => undefined);
}

/** The saved claim as { json, ids, files }, or undefined. */
export function loadClaim(key) {
  return run('readonly', (store) => store.get(key));
}

/** Every saved claim as { key, json, ids, files }, in key order (one transaction). */
export function listClaims() {
  const claims = [];
  return run('readonly', (store) => {
    const request = store.openCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor) {
        claims.push({ key: cursor.key, ...cursor.value });
        cursor.continue();
      }
    };
    return request;
  }).then(() => claims);
}

/** Removes a claim and its files (nothing happens when there is no such claim). */
export function deleteClaim(key) {
  return run('readwrite', (store) => store.delete(key)).then(() => undefined);
}

/** The name of a storage error (QuotaExceededError, …), for the page's message. */
export function errorName(error) {
  return (error && error.name) || 'Error';
}
