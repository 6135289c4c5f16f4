// The page's storage: the partner's claims, each with its documents' files, in IndexedDB,
// one record per claim under its key, and the claim's files in records of their own
// ({ ids, files }): one under `[key, n]` for the files each save added, and, as version 2
// of the database wrote them, one under the claim's key. Files are stored as the
// browser's own File objects (structured clone), never read into memory here. Called
// from src/browser/storage.rs.
//
// A save writes only the files the device does not hold yet, in records of their own (a
// large file alone), and rewrites a record only to take a file out of it (a document
// removed, or its file replaced) or, as it adds files, to merge a claim's small records:
// the browser copies a file on every write of a record that holds it (read back and
// written again, too), and frees the copies it replaced only when it closes.
// Files in the claim's record (version 1) made each save of a letter typed write every
// document again: three recordings of 70 MB filled a quota of 1 GB after four edits; one
// record of all its files (version 2) wrote them all again at each document added. A
// record per file would write least, but reading 4,000 of them as the page opens held
// back the list of 200 claims by half a second more than 200 records of 20 (the claims
// benchmark); documents come in batches, and a record per batch is read as fast.
//
// Every record carries a revision. A save names the revision it follows and is refused,
// inside the same transaction, when the record has moved on (another tab saved or
// deleted it): a save never replaces a newer one. Tabs tell each other of their writes
// on a BroadcastChannel.

const DATABASE = 'coop-claim-preflight';
const VERSION = 3;
const STORE = 'claims';
const FILES = 'files';
const CHANNEL = 'coop-claim-preflight';

let opened = null;

/**
 * The database, opened once and kept open: a save asked for while the page is being
 * closed must start its transaction at once, not after another round trip.
 */
/** Told when the browser closed the database under the page (its data cleared). */
let clearedListener = null;

/**
 * Calls `listener()` when the browser closes the claims' database while the page is
 * open: the site's data was cleared (by the partner, or by the browser). The next call
 * opens it again, empty; what the page holds must be saved again.
 */
export function onCleared(listener) {
  clearedListener = listener;
}

function openDatabase() {
  if (opened === null) {
    opened = new Promise((resolve, reject) => {
      attempt(0);
      function attempt(tries) {
        const request = indexedDB.open(DATABASE, VERSION);
        request.onupgradeneeded = () => upgrade(request.result);
        let givenUp = false;
        request.onsuccess = () => {
          const database = request.result;
          if (givenUp) {
            database.close();
            return;
          }
          // A newer version of the page wants the database: let it go, reopen next time.
          // Deleted (by a script of this site: `newVersion` null), it is as cleared.
          database.onversionchange = (event) => {
            database.close();
            opened = null;
            if (event.newVersion === null && clearedListener) clearedListener();
          };
          // Closed by the browser, not by the page (`close()` fires no event): its data
          // was cleared, or its storage stopped under the page (a phone's, short of
          // memory) with the claims still there. Reopened at the next call; the page is
          // told, to save again, only when the claims are gone: told so with its claims
          // there, it said the site's data was cleared, and wrote every claim again.
          database.onclose = () => {
            opened = null;
            holdsClaims().then(
              (holds) => {
                if (!holds && clearedListener) clearedListener();
              },
              () => clearedListener && clearedListener(),
            );
          };
          resolve(database);
        };
        // Opened while the browser is still clearing the site's data (it closes every
        // connection, Recently deleted's too, and the page opens this one again at once),
        // the open is aborted, not refused: it is tried again, a moment later.
        request.onerror = () => {
          if (request.error?.name === 'AbortError' && tries < 5) setTimeout(() => attempt(tries + 1), 100 * 2 ** tries);
          else reject(request.error);
        };
        // Another tab holds the database at an older version: it is asked to let it go
        // (each version closes it when asked), which takes a moment; one that does not
        // within seconds is said so (`BlockedError`), and its late connection closed.
        request.onblocked = () => {
          setTimeout(() => {
            if (request.readyState === 'done') return;
            givenUp = true;
            reject(new DOMException('the database is blocked by another tab', 'BlockedError'));
          }, 5000);
        };
      }
    });
    opened.catch(() => {
      opened = null;
    });
  }
  return opened;
}

/**
 * Makes the database of `VERSION` from an earlier one. Version 1 held each claim's files
 * in its record: they stay there, read as they are, until the claim is next saved, which
 * writes them as records of their own (moving them all here would need as much free
 * space again, at once, and a device nearly full could then not open its claims).
 * Version 2's record of all a claim's files, under its key, is read as it is, and taken
 * apart only as files leave it. Version 3 changes no store: it has other tabs of version
 * 2, which would not see the files of `[key, n]`, let the database go.
 */
function upgrade(database) {
  for (const name of [STORE, FILES]) {
    if (!database.objectStoreNames.contains(name)) database.createObjectStore(name);
  }
}

/** Whether the claims' database holds any claim (opened again if need be). */
function holdsClaims() {
  return run('readonly', (store, out) => {
    out.count = store.count();
  }).then(({ count }) => count.result > 0);
}

/** The keys of the records of claim `key`'s files added by its saves, `[key, n]`. */
function batchesOf(key) {
  return IDBKeyRange.bound([key], [key, []]);
}

/** The claim whose files a record of the files store holds, by the record's key. */
function claimOf(recordKey) {
  return Array.isArray(recordKey) ? recordKey[0] : recordKey;
}

/**
 * Reads claim `key`'s file records in `files` (a store of a transaction), then calls
 * `done(byId, records)`: a Map of document id to File, and the records as
 * `{ at: record key, byId }`, in key order (a later record's file for an id wins).
 */
function readFiles(files, key, done) {
  const whole = files.get(key);
  const keys = files.getAllKeys(batchesOf(key));
  const values = files.getAll(batchesOf(key));
  values.onsuccess = () => {
    const records = [[key, whole.result], ...keys.result.map((at, n) => [at, values.result[n]])].filter(([, record]) => record !== undefined).map(([at, record]) => ({ at, byId: filesById(record) }));
    done(mergedFiles(records), records);
  };
}

/** The files of a claim's records (`{ byId }`, in key order), as one Map of id to File. */
function mergedFiles(records) {
  const byId = new Map();
  for (const record of records) for (const [id, file] of record.byId) byId.set(id, file);
  return byId;
}

/** How many records of its files a claim has before those of small files are merged. */
const RECORDS = 4;
/**
 * A file of this size or more is large (4 MiB), and has a record of its own; a record of
 * files under this together is small.
 */
const MERGED_BELOW = 4 * 1024 * 1024;

/**
 * Document ids in the records a claim's files are written in: the small files together,
 * each large one in a record of its own (removing a document then copies only small files
 * again, never a recording). `fileOf(id)` gives each id's File. Empty records left out.
 */
function laidOut(ids, fileOf) {
  const small = ids.filter((id) => fileOf(id).size < MERGED_BELOW);
  const large = ids.filter((id) => fileOf(id).size >= MERGED_BELOW).map((id) => [id]);
  return [small, ...large].filter((record) => record.length > 0);
}

/** A files' record ({ ids, files }) as a Map of document id to File. */
function filesById(record) {
  const ids = Array.isArray(record?.ids) ? record.ids : [];
  const held = Array.isArray(record?.files) ? record.files : [];
  return new Map(ids.map((id, at) => [id, held[at]]).filter(([, file]) => file instanceof Blob));
}

/**
 * The File each document of each claim has on the device, as this page wrote or read it
 * (by `[claim key, id]` as text): a save writes the claim's files only when the page
 * holds others (a document added or removed, the original added for one a package had
 * altered), not the same again.
 */
const written = new Map();

function fileName(key, id) {
  return JSON.stringify([key, id]);
}

/**
 * A record as the page reads it, { key, json, ids, files, revision }: its files in the
 * order of its ids, from their own records (`byId`), or from the claim's record where
 * version 1 of the database kept them and the claim was not saved since.
 */
function withFiles(key, record, byId) {
  if (record === null || typeof record !== 'object') return { key };
  const ids = Array.from(record.ids ?? []);
  const held = Array.isArray(record.files) ? record.files : [];
  const files = ids.map((id, at) => {
    const file = byId.get(id);
    if (file) written.set(fileName(key, id), file);
    return file ?? (held[at] instanceof Blob ? held[at] : null);
  });
  return { key, ...record, ids, files };
}

/** Forgets what `written` holds of claim `key` (its record removed). */
function forgetWritten(key) {
  const prefix = JSON.stringify([key]).slice(0, -1) + ',';
  for (const name of written.keys()) if (name.startsWith(prefix)) written.delete(name);
}

/**
 * Runs `action(store, out, guard, files)` in one transaction of the claims and their
 * files; resolves with `out` once it has committed. Request callbacks are wrapped in
 * `guard`: an exception there (a refused put throws at once) aborts the transaction and
 * rejects with that exception.
 */
function run(mode, action) {
  return openDatabase().then(
    (database) =>
      new Promise((resolve, reject) => {
        const transaction = database.transaction([STORE, FILES], mode, { durability: 'strict' });
        const out = {};
        let failure = null;
        const guard = (callback) => (...args) => {
          try {
            callback(...args);
          } catch (error) {
            failure = error;
            transaction.abort();
          }
        };
        try {
          action(transaction.objectStore(STORE), out, guard, transaction.objectStore(FILES));
        } catch (error) {
          // Nothing of it is kept: requests made before the throw go with it.
          failure = error;
          transaction.abort();
        }
        transaction.oncomplete = () => resolve(out);
        // A request's error (a put refused for want of space, say) comes before the
        // transaction's own is set: the first one is the reason. (The requests an abort
        // ends each say AbortError: a consequence, not the reason.)
        transaction.onerror = (event) => {
          const error = event.target?.error;
          if (!failure && error && error.name !== 'AbortError') failure = error;
        };
        transaction.onabort = () => reject(failure || transaction.error || new DOMException('the transaction was aborted', 'AbortError'));
      }),
  );
}

/** A record's revision; records of earlier versions of the page have none (0). */
function revisionOf(record) {
  return record === undefined ? null : typeof record.revision === 'number' ? record.revision : 0;
}

/**
 * Saves a claim (its JSON) and its files (document ids and File objects, in order) if
 * the record's revision is still `expect` (null: no record). Only a file the device
 * does not hold for its document is written (`written`), the claim's small records
 * merged with it past `RECORDS`, and the files of documents no longer listed are
 * removed. Resolves with { revision } when saved, or { stale: true, record } with what
 * the record is now.
 */
export function saveClaim(key, json, ids, files, expect) {
  return run('readwrite', (store, out, guard, stored) => {
    // The record and its files asked for at once: a save started as the page closes
    // has no round trip to spare.
    const get = store.get(key);
    readFiles(
      stored,
      key,
      guard((before, records) => {
        const current = revisionOf(get.result);
        if (current !== (expect === undefined ? null : expect)) {
          out.stale = true;
          out.record = get.result === undefined ? null : withFiles(key, get.result, before);
          return;
        }
        // Forward even across a delete: a record made again never reuses a revision.
        const revision = Math.max((current ?? 0) + 1, Date.now());
        const listed = Array.from(ids);
        const put = store.put({ json, ids: listed, revision }, key);
        put.onsuccess = () => {
          out.revision = revision;
        };
        // The claim's files as the page holds them, by id: those the device does not
        // hold yet are written, in records of their own; the others stay where they
        // are. What the device holds is read back as new objects: the one this page
        // wrote or read (`written`), alike in name, size, type and time, is as near as
        // it can be told apart without reading its bytes (another tab may have replaced
        // it since, unheard).
        const held = new Map(listed.map((id, at) => [id, files[at]]).filter(([, file]) => file instanceof Blob));
        const onDevice = (id) => {
          const file = held.get(id);
          const there = before.get(id);
          return written.get(fileName(key, id)) === file && there !== undefined && there.size === file.size && there.name === file.name && there.type === file.type && there.lastModified === file.lastModified;
        };
        const fresh = new Set([...held.keys()].filter((id) => !onDevice(id)));
        // A record keeps the files still its claim's; one that holds another (a
        // document removed, or a file replaced) is written again without it, or goes.
        const remaining = records.map(({ at, byId }) => ({ at, byId, kept: [...byId.keys()].filter((id) => held.has(id) && !fresh.has(id) && before.get(id) === byId.get(id)) }));
        // Documents added one at a time make a record each, and thousands of records
        // are what held back the list as the page opened (above): when a save adds files
        // and the claim has `RECORDS` records of small files, those go into the new one,
        // as the device holds them (the page's own may be a picked file moved since).
        // Copying them costs little; a large file is never copied so, and a save that
        // adds nothing (a letter typed, a document removed to make room) copies nothing.
        const small = remaining.filter(({ kept }) => kept.length > 0 && kept.reduce((size, id) => size + held.get(id).size, 0) < MERGED_BELOW);
        const merged = new Set();
        if (fresh.size > 0 && small.length >= RECORDS) {
          for (const record of small) {
            for (const id of record.kept) merged.add(id);
            record.kept = [];
          }
        }
        for (const { at, byId, kept } of remaining) {
          if (kept.length === byId.size) continue;
          if (kept.length === 0) stored.delete(at);
          else stored.put({ ids: kept, files: kept.map((id) => byId.get(id)) }, at);
          // (A file merged stays the one the device holds: the page's record of it too.)
          const stays = new Set(kept);
          for (const id of byId.keys()) if (!stays.has(id) && !merged.has(id)) written.delete(fileName(key, id));
        }
        out.written = [];
        if (fresh.size === 0) return;
        // The small files together (with those merged), each large one in a record of
        // its own: removing a document then copies only small files again, never a
        // recording.
        let last = records.map(({ at }) => (Array.isArray(at) && typeof at[1] === 'number' ? at[1] : 0)).reduce((a, b) => Math.max(a, b), 0);
        // (A file merged is a small record's: small.)
        const fileOf = (id) => (merged.has(id) ? before.get(id) : held.get(id));
        for (const ids of laidOut([...merged, ...fresh], fileOf)) {
          last += 1;
          stored.put({ ids, files: ids.map(fileOf) }, [key, last]);
        }
        for (const id of fresh) out.written.push([fileName(key, id), held.get(id)]);
      }),
    );
  }).then(({ written: put = [], ...out }) => {
    for (const [name, file] of put) written.set(name, file);
    return out;
  });
}

/** The saved claim as { key, json, ids, files, revision }, or null. */
export function loadClaim(key) {
  return run('readonly', (store, out, guard, files) => {
    const get = store.get(key);
    get.onsuccess = () => {
      if (get.result === undefined) return;
      readFiles(files, key, (byId) => {
        out.record = withFiles(key, get.result, byId);
      });
    };
  }).then((out) => out.record ?? null);
}

/** Every saved claim as { key, json, ids, files, revision }, in key order (one transaction). */
export function listClaims() {
  // The bin's claims past their 30 days go as the page opens, not only when Recently
  // deleted is opened: their files hold the device's space until then. A walk of a few
  // records, waited for before the list (nothing of the bin left under way behind it),
  // a second at most: a bin held by another tab's delete of gigabytes does not hold the
  // claims back.
  const expired = Promise.race([expireBin().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1000))]);
  return Promise.all([expired, finishDeletes()]).then(() => listRecords());
}

function listRecords() {
  return run('readonly', (store, out, guard, files) => {
    // Every claim and every file, in one transaction, a request each.
    out.keys = store.getAllKeys();
    out.values = store.getAll();
    out.fileKeys = files.getAllKeys();
    out.files = files.getAll();
  }).then(({ keys, values, fileKeys, files }) => {
    // Each claim's file records, in key order (the one under its key, then `[key, n]`).
    const byClaim = new Map();
    fileKeys.result.forEach((at, n) => {
      const claim = claimOf(at);
      if (!byClaim.has(claim)) byClaim.set(claim, []);
      byClaim.get(claim).push({ byId: filesById(files.result[n]) });
    });
    return keys.result.map((key, at) => withFiles(key, values.result[at], mergedFiles(byClaim.get(key) ?? [])));
  });
}

/**
 * Removes a claim and its files (nothing happens when there is no such claim). A copy
 * goes to the bin first, a database of its own, kept 30 days: a claim deleted and no
 * longer undoable on the page (after a reload) can still be restored. Resolves with
 * { binned, revision, record }: whether that copy was kept (a full storage refuses it, and
 * the claim is deleted all the same, deleting being how a partner makes room, so the page
 * must say so), the revision of the record the delete took (null: none), read in the
 * same transaction, so that word of that very save arriving late is known as such, and
 * that record (`removeClaim`). Another tab saving the claim again at each of the delete's
 * tries keeps it: then nothing is taken (revision null), its copy stays in the bin, and
 * that tab's next save lists it here again.
 */
export function deleteClaim(key) {
  return withDeleteLock(key, false, () => removeClaim(key, undefined)).finally(() => unmarkDeleting(key));
}

/**
 * Removes claim `key`, its copy going to the bin first: whatever record is there, or,
 * with `expect` (a revision), only the record at that revision (another tab may have
 * saved it since). Only the revision copied is removed: one another tab saved between
 * the copy and the removal is copied again first (up to `tries` times; then, still
 * changing, it stays, and is not said removed), so that Recently deleted gives back
 * the claim as it last was. Resolves with { binned, revision, record } (revision: of the
 * record removed, null when none was; record: the one removed, with its files, as
 * `loadClaim` gives it). With `onlyBinned`, a claim whose copy the bin refused is not
 * removed: a delete finished after a reload has no page to say it was not kept.
 */
function removeClaim(key, expect, onlyBinned = false, tries = 5) {
  const kept = (record) => expect === undefined || (record !== undefined && revisionOf(record) === expect);
  // The record the first step read (and copied, if it was one to remove).
  let found;
  return run('readonly', (store, out, guard, files) => {
    const get = store.get(key);
    get.onsuccess = () => {
      if (get.result === undefined) return;
      readFiles(files, key, (byId) => {
        out.record = withFiles(key, get.result, byId);
      });
    };
  })
    .then(({ record }) => {
      found = record;
      if (record === undefined || !kept(record)) return true;
      // The revision it found, should a reload cut the rest short.
      if (expect === undefined) markDeleting(key, revisionOf(record));
      // In the bin, the claim keeps its files in its record: written once, as it goes.
      const { key: _, ...binned } = record;
      return runBin('readwrite', (bin) => bin.put({ ...binned, deletedAt: Date.now() }, key)).then(
        () => true,
        () => false,
      );
    })
    .then((binned) =>
      !binned && onlyBinned ? { binned, revision: null } : run('readwrite', (store, out, guard, files) => {
        const get = store.get(key);
        get.onsuccess = guard(() => {
          out.revision = null;
          if (get.result === undefined || !kept(get.result)) return;
          // Saved again since the copy: copied again, then removed.
          if (binned && revisionOf(get.result) !== revisionOf(found)) {
            out.changed = true;
            return;
          }
          out.revision = revisionOf(get.result);
          store.delete(key);
          files.delete(key);
          files.delete(batchesOf(key));
          forgetWritten(key);
        });
      }).then((out) =>
        out.changed && tries > 1
          ? removeClaim(key, expect, onlyBinned, tries - 1)
          : { binned, revision: out.revision, record: out.revision !== null && revisionOf(found) === out.revision ? found : null },
      ),
    );
}

// Deletes asked for and not done yet, in localStorage (written at once, kept across a
// reload): `preflight.deleting.<key>`, with the revision of the record to delete (null:
// not known, as when its first save was under way).
const DELETING = 'preflight.deleting.';

/**
 * Marks the delete of claim `key` at once, as the page asks for it (it may wait behind a
 * save), until `deleteClaim` is done: a reload between them, or between the delete's own
 * steps (read, copy to the bin, remove), left the claim listed after the reload.
 */
export function markDeleting(key, revision) {
  try {
    localStorage.setItem(DELETING + key, JSON.stringify({ revision: typeof revision === 'number' ? revision : null }));
  } catch {
    // No localStorage (a browser setting): a delete cut short comes back, as before.
  }
}

function unmarkDeleting(key) {
  try {
    localStorage.removeItem(DELETING + key);
  } catch {
    // As above.
  }
}

const BUSY = Symbol('busy');

/**
 * Runs `action` holding the Web Lock of the delete of `key`, so that a tab opening while
 * another deletes the claim does not take that delete for one cut short. With
 * `ifAvailable`, resolves with `BUSY` when another tab holds it. Without Web Locks,
 * runs it at once.
 */
function withDeleteLock(key, ifAvailable, action) {
  if (!navigator.locks) return action();
  return navigator.locks.request(`${DATABASE}:deleting:${key}`, { ifAvailable }, (lock) => (lock === null ? BUSY : action()));
}

/**
 * Finishes the deletes a reload or a closed tab cut short, before the claims are listed:
 * each one marked that no open tab is running, of a record still at the revision marked
 * (one another tab saved since stays, and so does one whose revision was not known); the
 * other tabs are told.
 */
function finishDeletes() {
  let marks = [];
  try {
    marks = Object.keys(localStorage).filter((name) => name.startsWith(DELETING));
  } catch {
    return Promise.resolve();
  }
  return Promise.all(
    marks.map((name) => {
      const key = name.slice(DELETING.length);
      let revision = null;
      try {
        revision = JSON.parse(localStorage.getItem(name) ?? '{}')?.revision ?? null;
      } catch {
        // Unreadable: as one whose revision is not known.
      }
      if (typeof revision !== 'number') {
        unmarkDeleting(key);
        return undefined;
      }
      // Its copy refused by the bin (the storage full), the claim stays, listed: deleted
      // now, nothing would say it is gone for good, and Undo is no more.
      return withDeleteLock(key, true, () =>
        removeClaim(key, revision, true).then(({ revision: removed }) => {
          unmarkDeleting(key);
          if (removed !== null) announce(key);
        }),
      ).catch(() => {
        // Not finished now: the claim is listed, as it is on the device.
      });
    }),
  );
}

// The bin: deleted claims, kept BIN_DAYS days, in a database of their own (so that the
// claims' database and its version stay as they were).
const BIN_DATABASE = 'coop-claim-preflight-bin';
const BIN = 'bin';
const BIN_DAYS = 30;
let binOpened = null;

function runBin(mode, action) {
  if (binOpened === null) {
    binOpened = new Promise((resolve, reject) => {
      attempt(0);
      function attempt(tries) {
        const request = indexedDB.open(BIN_DATABASE, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(BIN);
        request.onsuccess = () => {
          request.result.onversionchange = () => {
            request.result.close();
            binOpened = null;
          };
          // Closed by the browser (the site's data cleared, as the claims' database is):
          // opened again at the next call, rather than every later delete failing on it.
          request.result.onclose = () => {
            binOpened = null;
          };
          resolve(request.result);
        };
        // Aborted while the browser still clears the site's data: tried again, as the
        // claims' database is (`openDatabase`).
        request.onerror = () => {
          if (request.error?.name === 'AbortError' && tries < 5) setTimeout(() => attempt(tries + 1), 100 * 2 ** tries);
          else reject(request.error);
        };
      }
    });
    binOpened.catch(() => {
      binOpened = null;
    });
  }
  return binOpened.then(
    (database) =>
      new Promise((resolve, reject) => {
        const transaction = database.transaction(BIN, mode);
        const out = {};
        action(transaction.objectStore(BIN), out);
        transaction.oncomplete = () => resolve(out);
        transaction.onabort = transaction.onerror = () => reject(transaction.error);
      }),
  );
}

/**
 * The claims in the bin, newest first, as { key, json, deletedAt }; those deleted more
 * than 30 days ago are removed on the way.
 */
export function listBin() {
  return walkBin(true).then((claims) => claims.sort((a, b) => b.deletedAt - a.deletedAt));
}

/** Removes the bin's claims deleted more than 30 days ago. */
function expireBin() {
  return walkBin(false);
}

/** Walks the bin, removing what is past its days; `listing`: resolves with the rest. */
function walkBin(listing) {
  const oldest = Date.now() - BIN_DAYS * 24 * 60 * 60 * 1000;
  return runBin('readwrite', (bin, out) => {
    out.claims = [];
    const request = bin.openCursor();
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor) return;
      const value = cursor.value;
      if (typeof value?.deletedAt !== 'number' || value.deletedAt < oldest) {
        cursor.delete();
      } else if (listing) {
        out.claims.push({ key: cursor.key, json: value.json, deletedAt: value.deletedAt });
      }
      cursor.continue();
    };
  }).then((out) => out.claims);
}

/** Without Web Locks: how long a claim being restored is held by the restore that marked it. */
const RESTORE_HOLD_MS = 60 * 1000;

/**
 * Puts a claim of the bin back among the claims, under `newKey`, with its files; it
 * leaves the bin. Resolves with true, or false when it is no longer in the bin, or
 * another restore has it (Restore pressed twice, or in two tabs: one claim comes back,
 * not two). The record leaves the bin only once the claim is saved (put back as it was
 * if the save fails), so the claim is never lost on the way. One restore at a time holds
 * a Web Lock named after the record, for as long as it runs, however long its files take
 * to copy (the browser lets it go when a tab closes mid-way). Without Web Locks, the
 * restore marks the record as its own in one transaction that reads and writes it, and a
 * mark left by a tab closed meanwhile lapses after a minute.
 */
export function restoreFromBin(key, newKey) {
  if (navigator.locks?.request) {
    return navigator.locks.request(`${BIN_DATABASE}:restore:${key}`, { ifAvailable: true }, (lock) => (lock === null ? false : restoreRecord(key, newKey, false)));
  }
  return restoreRecord(key, newKey, true);
}

function restoreRecord(key, newKey, mark) {
  return runBin(mark ? 'readwrite' : 'readonly', (bin, out) => {
    const get = bin.get(key);
    get.onsuccess = () => {
      const record = get.result;
      if (record === undefined) return;
      if (mark) {
        if (typeof record.restoringAt === 'number' && Date.now() - record.restoringAt < RESTORE_HOLD_MS) return;
        bin.put({ ...record, restoringAt: Date.now() }, key);
      }
      out.record = record;
    };
  }).then(({ record }) => {
    if (record === undefined) return false;
    const { deletedAt, restoringAt, ...claim } = record;
    // Under its new key, the claim keeps the name its calendar events had under the old
    // one (the claim's `calendar_id`, written only when it has one), so that its
    // deadline imported before is moved, not doubled, by the next calendar.
    if (typeof claim.json === 'string' && !/"calendar_id"\s*:/.test(claim.json)) {
      claim.json = claim.json.replace(/^\s*\{(?=\s*")/, `{"calendar_id": ${JSON.stringify(String(key))},`);
    }
    const { files: held, ...rest } = claim;
    const ids = Array.from(rest.ids ?? []);
    return run('readwrite', (store, out, guard, files) => {
      store.put({ ...rest, ids, revision: Date.now() }, newKey);
      // Laid out as a save lays them out (`laidOut`).
      const given = filesById({ ids, files: held });
      laidOut([...given.keys()], (id) => given.get(id)).forEach((record, n) => {
        files.put({ ids: record, files: record.map((id) => given.get(id)) }, [newKey, n + 1]);
      });
    })
      .catch((error) => {
        // Not saved (storage full): the record is the bin's again at once.
        const back = mark ? runBin('readwrite', (bin) => bin.put(record, key)) : Promise.resolve();
        return back.then(() => Promise.reject(error), () => Promise.reject(error));
      })
      // Restored: said so even when the bin then refuses to let it go (its copy stays
      // there, not offered while the claim is here): said not restored, it was restored
      // again, a second claim, at the next press.
      .then(() => runBin('readwrite', (bin) => bin.delete(key)).catch(() => {}))
      .then(() => {
        announce(newKey);
        return true;
      });
  });
}

/**
 * Deletes a claim of the bin for good, its files with it: how a partner makes room on a
 * full device, where deleting a claim only moved it into the bin. Resolves with true, or
 * false when it is no longer in the bin or a restore has it (pressed in another tab: the
 * restore goes on, and the claim comes back). The restore's Web Lock is asked for as a
 * restore asks for it; without Web Locks, a restore's mark younger than a minute keeps it.
 */
export function forgetFromBin(key) {
  if (navigator.locks?.request) {
    return navigator.locks.request(`${BIN_DATABASE}:restore:${key}`, { ifAvailable: true }, (lock) => (lock === null ? false : forgetRecord(key, false)));
  }
  return forgetRecord(key, true);
}

function forgetRecord(key, marked) {
  return runBin('readwrite', (bin, out) => {
    const get = bin.get(key);
    get.onsuccess = () => {
      const record = get.result;
      if (record === undefined) return;
      if (marked && typeof record.restoringAt === 'number' && Date.now() - record.restoringAt < RESTORE_HOLD_MS) return;
      bin.delete(key);
      out.forgotten = true;
    };
  }).then((out) => out.forgotten === true);
}

/** The name of a storage error (QuotaExceededError, …), for the page's message. */
export function errorName(error) {
  return (error && error.name) || 'Error';
}

let channel = null;

function theChannel() {
  if (channel === null && typeof BroadcastChannel === 'function') {
    channel = new BroadcastChannel(CHANNEL);
  }
  return channel;
}

/** Tells the other tabs of the page that a claim's record changed (or went). */
export function announce(key) {
  theChannel()?.postMessage({ key: String(key) });
}

/** Calls `listener(key)` when another tab changed a claim's record. */
export function listen(listener) {
  const channel = theChannel();
  if (channel) {
    channel.onmessage = (event) => {
      if (event.data && typeof event.data.key === 'string') listener(event.data.key);
    };
  }
}

let persistAsked = false;

/**
 * Asks the browser to keep this page's data (claims and documents) rather than evict it
 * when space runs low, and reports whether it agreed and the space used and available:
 * `{ persisted, usage, quota }` (sizes in bytes; `null` where the browser does not say).
 */
export async function persistence() {
  const manager = navigator.storage;
  if (!manager) return { persisted: false, usage: null, quota: null };
  let persisted = false;
  try {
    // Asked once a visit: the space is measured again after saves, and a browser may
    // ask the partner each time it is asked.
    const ask = !persistAsked;
    persistAsked = true;
    persisted = (await manager.persisted?.()) || (ask && (await manager.persist?.())) || false;
  } catch {
    persisted = false;
  }
  let usage = null;
  let quota = null;
  try {
    const estimate = await manager.estimate?.();
    usage = estimate?.usage ?? null;
    quota = estimate?.quota ?? null;
  } catch {
    // No estimate: the line says what it can.
  }
  return { persisted, usage, quota };
}

// One editor per claim: the tab showing a claim holds a Web Lock named after it; another
// tab showing the same claim finds it taken and shows it read-only, until it takes it
// over (which steals the lock: the first tab is told it lost it). A tab without the lock
// waits for it: when the tab holding it closes (or shows another claim), this one holds
// it and is told so. Browsers without Web Locks edit in every tab, and the revision
// check keeps saves safe.
let heldLock = null;
// The wait for a lock held elsewhere, given up when this tab shows another claim.
let waiting = null;
// Counts the claims asked for: an answer to an earlier ask is let go at once.
let asked = 0;
// A tab reloaded while it edited a claim edits it again once reloaded, rather than find
// its lock taken meanwhile by a tab that waited for it (session storage: this tab only).
const RELOADED_EDITING = 'preflight.editing';
addEventListener('pagehide', () => {
  try {
    if (heldLock) sessionStorage.setItem(RELOADED_EDITING, JSON.stringify({ key: heldLock.key, at: Date.now() }));
  } catch {
    // Not remembered: the tab asks for the lock as any tab does.
  }
});

/**
 * Holds the lock of claim `key` (releasing any other this tab held). Resolves with
 * true when this tab may edit it, false when another tab holds it. With `steal`, takes it
 * from the other tab. `onLost()` is called if another tab takes it later; `onFree()`
 * when, held elsewhere, it came to this tab (the other tab closed or let it go).
 */
/**
 * The keys of the claims whose lock another tab holds now (a tab that has not asked for
 * one holds none): what such a tab journaled is its own, still open, not a closed tab's.
 */
export async function claimsHeld() {
  if (!navigator.locks?.query) return [];
  try {
    const { held } = await navigator.locks.query();
    const prefix = 'coop-claim-preflight:';
    return held.map((lock) => lock.name ?? '').filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
  } catch {
    return [];
  }
}

export function holdClaim(key, steal, onLost, onFree) {
  releaseClaim();
  if (!navigator.locks) return Promise.resolve(true);
  const name = `coop-claim-preflight:${key}`;
  const mine = asked;
  let reloaded = false;
  try {
    // The page shows an empty claim before its list is in: the mark waits for the claim
    // it names, a few seconds (a reload's), no longer.
    const mark = JSON.parse(sessionStorage.getItem(RELOADED_EDITING) ?? 'null');
    const fresh = mark && Date.now() - mark.at < 10_000;
    reloaded = fresh && mark.key === key;
    if (!fresh || reloaded) sessionStorage.removeItem(RELOADED_EDITING);
  } catch {
    // No session storage, or a mark of another kind: asked for as any tab does.
  }
  // Asks for the lock; `whenAsked(got)` says whether to keep it (not once the tab asked
  // for another claim, or gave the wait up: that answer is let go at once).
  const take = (options, whenAsked) => {
    let release;
    const held = new Promise((done) => {
      release = done;
    });
    navigator.locks
      .request(name, options, (lock) => {
        if (!whenAsked(Boolean(lock)) || !lock) return undefined;
        heldLock = { key, release };
        return held;
      })
      .catch(() => {
        // Stolen by another tab: lost, and waited for again. (A wait given up rejects
        // too, with nothing held.)
        if (heldLock?.release === release) {
          heldLock = null;
          onLost();
          wait();
        }
      });
  };
  const wait = () => {
    if (waiting) waiting.abort();
    const controller = new AbortController();
    waiting = controller;
    take({ signal: controller.signal }, (got) => {
      if (!got || waiting !== controller || asked !== mine) return false;
      waiting = null;
      // Once it is held (below), this tab is told, unless it asked for another claim
      // meanwhile (its callback for this one is gone then).
      queueMicrotask(() => {
        if (asked === mine) onFree();
      });
      return true;
    });
  };
  return new Promise((resolve) => {
    take(steal || reloaded ? { steal: true } : { ifAvailable: true }, (got) => {
      if (asked !== mine) {
        resolve(false);
        return false;
      }
      resolve(got);
      if (!got) wait();
      return got;
    });
  });
}

/** Lets the claim this tab held go (it shows another, or no longer edits), and gives up
 * waiting for one held elsewhere. */
export function releaseClaim() {
  asked += 1;
  if (waiting) {
    waiting.abort();
    waiting = null;
  }
  if (heldLock) {
    heldLock.release();
    heldLock = null;
  }
}
