#!/usr/bin/env bash
# Every test file, through tsx, with node's own runner (Node 20's --test does not expand globs).
# Found with find rather than bash's globstar: macOS ships bash 3.2, which has none.
set -euo pipefail
cd "$(dirname "$0")/.."
files=()
while IFS= read -r f; do files+=("$f"); done < <(find test src fake-civitai -name '*.test.ts' -not -path '*/node_modules/*' | LC_ALL=C sort)
exec node --import tsx --test --test-reporter=tap --test-concurrency=2 "${files[@]}"
