#!/usr/bin/env bash
# trim-markdown.sh MAX_BYTES LINK FILE: FILE as it is when it has at most MAX_BYTES bytes;
# otherwise its first lines that fit, then a note saying it was trimmed and where the full
# report is (LINK). Used by action.yml for the job summary and the pull-request comment,
# which GitHub refuses past 65,536 characters (a comment) or 1 MiB (a job summary).
set -euo pipefail
max=$1 link=$2 file=$3
size=$(wc -c < "$file" | tr -d ' ')
if (( size <= max )); then
  cat "$file"
  exit 0
fi
note=$(printf '\n\n> [!NOTE]\n> This report was trimmed: it is %s bytes, more than the %s a comment or summary may hold here. The full report is in the artifacts of %s\n' "$size" "$max" "$link")
budget=$(( max - ${#note} - 16 ))
# Whole lines only, so that no table row, code span or multi-byte character is cut.
LC_ALL=C awk -v budget="$budget" '{ n += length($0) + 1; if (n > budget) exit; print }' "$file"
printf '%s\n' "$note"
