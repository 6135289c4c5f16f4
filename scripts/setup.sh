#!/usr/bin/env bash
# Installs everything the build and the tests need, from the package registries only.
# Idempotent: each step checks what is present first and skips it. Pinned versions are
# explained in ARCHITECTURE.md ("Toolchain").
# `setup.sh build`: only what building the page needs (serving it needs no browser, and
# none of the tests' tools).
set -euo pipefail
ONLY_BUILD=$([ "${1:-}" = build ] && echo 1 || echo)
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  say "adding clippy"
  rustup component add clippy
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock. No --locked: a crate of its
# lock file is missing from the registry.
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Chromium renders the first view at build time (scripts/prerender.mjs) and runs the
# browser tests; unzip, zip, python3 and sha256sum check packages and zip them again as a
# partner's tools would; qpdf (encrypts PDFs) and Ghostscript (ps2pdf) make the document
# reader's fixtures, and fpdf2 writes its invoices in the DejaVu font.
DEBIAN_PACKAGES=()
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then DEBIAN_PACKAGES+=(chromium chromium-driver); fi
if [ -z "$ONLY_BUILD" ]; then
  if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then DEBIAN_PACKAGES+=(fonts-dejavu-core); fi
  for tool in unzip zip python3 qpdf; do command -v "$tool" >/dev/null || DEBIAN_PACKAGES+=("$tool"); done
  command -v ps2pdf >/dev/null || DEBIAN_PACKAGES+=(ghostscript)
fi
if [ ${#DEBIAN_PACKAGES[@]} -gt 0 ]; then
  say "installing ${DEBIAN_PACKAGES[*]} from Debian"
  if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${DEBIAN_PACKAGES[@]}" >/dev/null
fi

# npm: binaryen (wasm-opt 132), playwright-core, axe-core and the benchmark's zip libraries.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# PyPI: fpdf2 (a second PDF producer), python-docx and openpyxl (a real docx and xlsx)
# for the document reader's fixtures; icalendar reads the exported calendar back.
if [ -z "$ONLY_BUILD" ] && ! python3 -c "import fpdf, docx, openpyxl, icalendar" 2>/dev/null; then
  say "installing fpdf2, python-docx, openpyxl and icalendar from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check "fpdf2==2.8.9" "python-docx==1.1.2" "openpyxl==3.1.5" "icalendar==6.1.0"
fi

say "ready"
