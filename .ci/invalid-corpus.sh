#!/usr/bin/env bash
# Runs `fiveforces check` on every document of a folder of invalid TOML (the toml-test suite's
# invalid cases) and fails unless each one exits 2 with a message located at FILE:LINE:COLUMN
# and without a panic. Usage: .ci/invalid-corpus.sh FIVEFORCES_BINARY CORPUS_FOLDER
set -euo pipefail

bin=${1:?usage: invalid-corpus.sh FIVEFORCES_BINARY CORPUS_FOLDER}
corpus=${2:?usage: invalid-corpus.sh FIVEFORCES_BINARY CORPUS_FOLDER}

passed=0
failed=0
shopt -s nullglob
for file in "$corpus"/*.toml; do
  name=$(basename "$file")
  pattern="$(printf '%s' "$name" | sed 's/[][\.*^$+?(){}|/]/\\&/g'):[0-9]+:[0-9]+"
  code=0
  stderr=$("$bin" check "$file" 2>&1 >/dev/null </dev/null) || code=$?
  if [[ $code -eq 2 ]] && grep -qE -- "$pattern" <<<"$stderr" && ! grep -q 'panicked' <<<"$stderr"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s: exit code %s, expected 2 and a %s:LINE:COLUMN location\n%s\n\n' "$name" "$code" "$name" "$stderr"
  fi
done

echo "toml-test-invalid: $passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
