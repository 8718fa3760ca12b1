#!/usr/bin/env bash
# Every test file, through tsx, with node's own runner. scripts/test-plan.ts says how: in-process files grouped
# into a few processes, files that run the CLI one process each, longest first (docs/development.md, "Running the tests").
# `--record` also writes the seconds each file took to test/durations.json, which orders the next runs.
# No mapfile or globstar: macOS ships bash 3.2.
set -euo pipefail
cd "$(dirname "$0")/.."
entries=()
while IFS= read -r e; do entries+=("$e"); done < <(node --import tsx scripts/run-tests.ts plan "${TEST_SHARDS:-4}")
run=(node --import tsx --test --test-reporter=tap --test-concurrency="${TEST_CONCURRENCY:-3}" "${entries[@]}")
if [[ "${1:-}" != "--record" ]]; then exec "${run[@]}"; fi
"${run[@]}" | tee .test-groups/run.tap
node --import tsx scripts/run-tests.ts record .test-groups/run.tap
