#!/usr/bin/env bash
# Times `samestory cluster` end to end: wall time, CPU time (and, of
# it, the kernel's, which on a virtual machine moves with the host from
# hour to hour) and peak memory, median of RUNS runs, for each input
# given; and the time to only read and JSON-decode the same input
# (`samestory cluster --read-only` is not a thing: the baseline is
# scripts/readonly, a small program that reads every record with
# samestory's reader and decodes it; and, as a second baseline, the same
# with encoding/json as the decoder).
#
#   scripts/bench.sh [-r RUNS] INPUT...
#
# Needs GNU time (/usr/bin/time) and bc. Prints, per input, a line that
# counts its records, then one line per measure.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
if [ "${1:-}" = "-r" ]; then runs=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: scripts/bench.sh [-r RUNS] INPUT..." >&2; exit 2; }
export PATH="$PATH:/usr/local/go/bin"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/samestory" ./cmd/samestory
go build -o "$bin/readonly" ./scripts/readonly

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # name cmd...
  local name=$1; shift
  local walls=() cpus=() syss=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$bin/t" "$@" >/dev/null 2>"$bin/err" || { cat "$bin/err" >&2; exit 1; }
    read -r w u s m <"$bin/t"
    walls+=("$w"); cpus+=("$(echo "$u + $s" | bc)"); syss+=("$s"); rss+=("$m")
  done
  printf '%-10s wall %7.2f s  cpu %7.2f s (kernel %.2f s)  peak RSS %6.0f MiB  (median of %d: wall %s; peak RSS %s KiB)\n' "$name" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(printf '%s\n' "${syss[@]}" | median)" \
    "$(echo "$(printf '%s\n' "${rss[@]}" | median) / 1024" | bc -l)" "$runs" "${walls[*]}" "${rss[*]}"
}

for in in "$@"; do
  n=$("$bin/readonly" "$in")
  echo "== $in: $n"
  measure readonly "$bin/readonly" "$in"
  measure readstd "$bin/readonly" -std "$in"
  measure cluster "$bin/samestory" cluster -q -o /dev/null "$in"
done
