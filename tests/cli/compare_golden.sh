#!/usr/bin/env bash
# `wiretrace compare --format json` on the seed pair (AP story, CBC rewrite) must reproduce
# tests/golden/compare_seeds.json byte for byte. WIRETRACE_UPDATE_GOLDEN=1 rewrites the golden file
# instead (see tests/cli/README.md); review the diff before committing it.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
wt_init "$@"

golden="tests/golden/compare_seeds.json"

expect_exit 0 "$WIRETRACE" compare --format json "$SEED_AP" "$SEED_CBC"
expect_stderr_empty

if [[ "${WIRETRACE_UPDATE_GOLDEN:-}" == "1" ]]; then
    mkdir -p "$(dirname "$golden")"
    cp -- "$WT_OUT" "$golden"
    echo "updated $REPO_ROOT/$golden; review it with: git diff -- $golden" >&2
    exit 0
fi

[[ -f "$golden" ]] || fail "no golden file $REPO_ROOT/$golden" \
    "create it with: WIRETRACE_UPDATE_GOLDEN=1 bash tests/cli/compare_golden.sh <wiretrace> <repo-root>"
expect_same_bytes "$golden" "$WT_OUT" \
    "if the change is intended: WIRETRACE_UPDATE_GOLDEN=1 ctest -R cli.compare_golden, then review git diff"
