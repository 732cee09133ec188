#!/usr/bin/env bash
# Compares two builds of samestory on one input, fairly on a machine
# whose speed drifts: the input is read into the page cache before every
# run (this machine's kernel drops unread files from it after a while),
# and the builds run in the order A B B A, ROUNDS times, so that a drift
# in either direction favours neither. Prints every run (wall, CPU = user
# + system, peak RSS), the medians, and per round the ratio of B's mean
# to A's.
#
#   scripts/compare.sh [-r ROUNDS] A_BINARY B_BINARY INPUT [FLAG...]
#
# Flags after INPUT go to `samestory cluster` (which always gets
# -q -o /dev/null). To build an earlier commit:
#   git worktree add /tmp/old COMMIT && (cd /tmp/old && go build -o /tmp/ss-old ./cmd/samestory)
# Needs GNU time (/usr/bin/time) and bc.
set -euo pipefail
rounds=2
if [ "${1:-}" = "-r" ]; then rounds=$2; shift 2; fi
[ $# -ge 3 ] || { echo "usage: scripts/compare.sh [-r ROUNDS] A_BINARY B_BINARY INPUT [FLAG...]" >&2; exit 2; }
a=$1 b=$2 in=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run() { # label binary flag...
  local label=$1 bin=$2
  shift 2
  cat "$in" >/dev/null
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$bin" cluster -q -o /dev/null "$@" "$in" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  read -r w u s m <"$tmp/t"
  cpu=$(echo "$u + $s" | bc)
  printf '%s  wall %7.2f s  cpu %7.2f s  peak RSS %8d KiB\n' "$label" "$w" "$cpu" "$m"
  echo "$w" >>"$tmp/$label.wall"
  echo "$cpu" >>"$tmp/$label.cpu"
  echo "$w $cpu" >>"$tmp/$label.round"
}

for r in $(seq "$rounds"); do
  rm -f "$tmp/A.round" "$tmp/B.round"
  run A "$a" "$@"
  run B "$b" "$@"
  run B "$b" "$@"
  run A "$a" "$@"
  awk 'FNR==NR {aw+=$1; ac+=$2; next} {bw+=$1; bc+=$2} END {printf "round %d: B/A wall %.3f, cpu %.3f\n", r, bw/aw, bc/ac}' \
    r="$r" "$tmp/A.round" "$tmp/B.round"
done
for x in A B; do
  printf '%s median: wall %.2f s, cpu %.2f s (%d runs)\n' "$x" \
    "$(median <"$tmp/$x.wall")" "$(median <"$tmp/$x.cpu")" "$(wc -l <"$tmp/$x.wall")"
done
