#!/usr/bin/env bash
# `pnpm bench` runs every benchmark; `pnpm bench ml` or `pnpm bench dashboard` only that one.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s deps
case "${1:-}" in
  "")
    corepack pnpm --filter @collectflow/runtime bench
    corepack pnpm --filter @collectflow/designer build
    corepack pnpm --filter @collectflow/e2e bench
    ;;
  ml | dashboard)
    corepack pnpm --filter @collectflow/runtime bench "$1"
    ;;
  *)
    echo "There is no benchmark called \"$1\". Run \`pnpm bench\` for all of them, or \`pnpm bench ml\` / \`pnpm bench dashboard\` for one." >&2
    exit 2
    ;;
esac
