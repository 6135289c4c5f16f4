// Inflates one deflated entry of a package (a package zipped again by another tool) with
// the browser's own DecompressionStream: the entry's bytes are read from the ZIP as a
// stream, and reading stops, and fails, as soon as the output passes the size the ZIP's
// directory declares; it fails too when the output ends short. Called from
// src/browser/open.rs, which then checks the CRC-32 and the SHA-256 of what comes back.

export async function inflateEntry(zip, start, end, size, name, type) {
  const reader = zip.slice(start, end).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > size) {
      await reader.cancel();
      throw new Error('the entry inflates to more than its declared size');
    }
    parts.push(value);
  }
  if (total !== size) throw new Error('the entry inflates to less than its declared size');
  return new File(parts, name, { type });
}
