#!/usr/bin/env bash
# Sets up what is missing, then runs every test: clippy, native unit and property tests, the
# checks benchmark (budget: 1 ms, as a ratio to a reference timed beside it), the growth of a restore of thousands of claims, browser component tests (wasm-bindgen-test in headless
# Chromium), the release build and its size budget, the end-to-end journeys with the
# accessibility audit (playwright-core, axe-core), and the benchmarks of the document
# reader and of 200 claims.
set -euo pipefail
source "$(dirname "$0")/env.sh"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
bash scripts/setup.sh

step "lint (clippy, native and wasm, warnings are errors)"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings

step "native tests (core)"
cargo test --locked

step "benchmark: all checks on 1,000 cost lines and 1,000 documents"
cargo bench --locked --bench checks

step "benchmark: a backup of 4,000 claims restored beside 4,000, and their list"
cargo bench --locked --bench claims

step "browser component tests (headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown --test components

step "release build"
trunk build --release --offline

step "page size budget"
node scripts/size.mjs dist

step "end-to-end tests (headless Chromium)"
npm run --silent e2e

step "benchmark: the document reader (200 one-page PDFs, one of 100 pages)"
node scripts/bench-reader.mjs

step "benchmark: 200 claims of 20 documents (open, search, accessibility)"
node scripts/bench-claims.mjs
