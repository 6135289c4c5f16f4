// A dependency-free static file server for the built app (dist/), used by the browser
// tests, the screenshot script and by hand. It serves files exactly as they are: no
// single-page fallback, so a missing file is a 404 that the tests notice.
//
//   node scripts/serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1]

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The browser only runs WebAssembly.instantiateStreaming on application/wasm, and refuses
// module scripts served with a non-JavaScript type, so these must be right.
const MEDIA_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// A file whose own name carries its content's hash never changes: it may be kept a year.
// Everything else (index.html, sw.js, the manifest, JS snippets under a crate-named
// folder) is revalidated, so that a new build is never hidden behind an old file.
const HASHED = /-[0-9a-f]{12,16}(_bg|_loader)?\.(js|wasm|css)$/;

/** The policy of a worker's scripts: its own code and wasm, and requests to this site only. */
export const WORKER_POLICY = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";

function cachingOf(file) {
  return HASHED.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function mediaTypeOf(file) {
  return MEDIA_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

// Whether an Accept-Encoding header takes `coding`: listed, and not with q=0 (which
// refuses it).
function takes(header, coding) {
  return header.split(',').some((part) => {
    const [name, ...parameters] = part.split(';').map((piece) => piece.trim());
    const weight = parameters.find((parameter) => /^q=/i.test(parameter));
    return name.toLowerCase() === coding && (weight === undefined || Number(weight.slice(2)) > 0);
  });
}

// Maps a request path to a file inside `root` ({ file, size }), to { folder: true } for a
// folder's address without its slash (the server sends it on to the slash), or to null
// when it names nothing servable. `root` is already a real path; the candidate is
// resolved through symlinks as well, so neither `..` nor a link can lead outside the
// served directory.
async function fileFor(root, requestPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0')) return null;

  let candidate = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  const inside = (real) => real === root || real.startsWith(root + path.sep);
  try {
    candidate = await realpath(candidate);
    if ((await stat(candidate)).isDirectory()) {
      // A folder's page is at its address with a slash, as static hosts have it: there
      // the page's own names (`./…`) are found in the folder, not beside it.
      if (!decoded.endsWith('/')) return inside(candidate) ? { folder: true } : null;
      candidate = await realpath(path.join(candidate, 'index.html'));
    }
    const info = await stat(candidate);
    return inside(candidate) && info.isFile() ? { file: candidate, size: info.size } : null;
  } catch {
    return null; // does not exist or cannot be read
  }
}

/**
 * Serves `dir` over HTTP. Port 0 picks a free port.
 * Resolves to `{ url, close() }` once listening; rejects with a readable error otherwise.
 */
export async function startServer({ dir = 'dist', host = '127.0.0.1', port = 0 } = {}) {
  let root;
  try {
    root = await realpath(path.resolve(dir));
    if (!(await stat(root)).isDirectory()) throw new Error('not a directory');
  } catch (error) {
    throw new Error(`cannot serve ${path.resolve(dir)}: ${error.message}`);
  }

  const server = createServer(async (request, response) => {
    const send = (status, body, headers = {}) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    };

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    // The target's path as it is: `//x` is the path `//x` (as a host merging slashes
    // has it, `/x`), not a host named x (`new URL` reads it so against a base: every
    // `//…` was the site's page, its files then HTML). A target no URL takes is refused
    // here: thrown in this handler, it ended the server.
    let pathname;
    let search;
    try {
      const target = new URL(request.url.startsWith('/') ? `http://localhost${request.url}` : request.url);
      ({ pathname, search } = target);
    } catch {
      return send(400, 'bad request\n');
    }
    const found = await fileFor(root, pathname);
    if (!found) return send(404, 'not found\n');
    if (found.folder) {
      // One leading slash: `//snippets/` would send the browser to a host named snippets.
      return send(301, 'moved\n', { Location: `/${pathname.replace(/^\/+/, '')}/${search}` });
    }

    // The precompressed copy the build wrote beside the file, when the browser takes it.
    const accepted = String(request.headers['accept-encoding'] ?? '');
    let body = found;
    let encoding = null;
    for (const [name, extension] of [['br', '.br'], ['gzip', '.gz']]) {
      if (!takes(accepted, name)) continue;
      try {
        const info = await stat(found.file + extension);
        if (info.isFile()) {
          body = { file: found.file + extension, size: info.size };
          encoding = name;
          break;
        }
      } catch {
        // No copy of this encoding: try the next, or send the file itself.
      }
    }
    response.writeHead(200, {
      'Content-Type': mediaTypeOf(found.file),
      'Content-Length': body.size,
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
      Vary: 'Accept-Encoding',
      'Cache-Control': cachingOf(found.file),
      'X-Content-Type-Options': 'nosniff',
      // The page refuses to run in another site's frame by itself too, but only a
      // header can stop the frame from loading at all (a <meta> policy cannot). A worker
      // takes its policy from its script's response, not from the page's <meta>: the
      // package worker, which reads untrusted PDFs and ZIPs, may reach nothing but this
      // site (a script a page loads ignores a policy on its response).
      'Content-Security-Policy': found.file.endsWith('.js') ? `${WORKER_POLICY}; frame-ancestors 'none'` : "frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
    });
    if (request.method === 'HEAD') return response.end();
    createReadStream(body.file)
      .on('error', () => response.destroy())
      .pipe(response);
  });

  await new Promise((resolve, reject) => {
    server.once('error', (error) => {
      const reason = error.code === 'EADDRINUSE' ? `port ${port} is already in use` : error.message;
      reject(new Error(`cannot start the server on ${host}:${port}: ${reason}`));
    });
    server.listen(port, host, resolve);
  });

  const address = server.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    // Node's server, for tests that watch what the browser asks for ('request' events).
    http: server,
    // Browsers keep connections alive; without closing them, close() would wait for them.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--dir') options.dir = value;
    else if (flag === '--host') options.host = value;
    else if (flag === '--port') {
      options.port = Number(value);
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
        throw new Error(`--port must be a number from 0 to 65535, not ${value}`);
      }
    } else throw new Error(`unknown option ${flag} (use --dir, --port, --host)`);
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const server = await startServer(parseArguments(process.argv.slice(2)));
    console.log(`Serving Co-op Claim Preflight at ${server.url}`);
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => server.close().then(() => process.exit(0)));
    }
  } catch (error) {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  }
}
