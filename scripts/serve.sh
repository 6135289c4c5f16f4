#!/usr/bin/env bash
# Sets up what is missing, builds the page and serves it on http://127.0.0.1:8080/
# (PORT=9000 to change the port). Stop with Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash scripts/setup.sh build
trunk build --release --offline
exec node scripts/serve.mjs --dir dist --port "${PORT:-8080}"
