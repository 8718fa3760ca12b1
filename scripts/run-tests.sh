#!/usr/bin/env bash
# Every test file, through tsx, with node's own runner (Node 20's --test does not expand globs).
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob
files=(test/**/*.test.ts src/**/*.test.ts fake-civitai/**/*.test.ts)
exec node --import tsx --test --test-reporter=tap --test-concurrency=2 "${files[@]}"
