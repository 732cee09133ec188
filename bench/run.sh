#!/usr/bin/env bash
# Generates the benchmark corpora (100,000 and 1,000,000 articles) and runs
# the side-by-side comparison of samestory's signature + LSH stage with
# github.com/ekzhu/minhash-lsh on the 100,000-article corpus.
#
#   bench/run.sh                 # generate what is missing, compare (3 runs)
#   FORCE=1 bench/run.sh         # generate again even if the files exist
#   RUNS=1 bench/run.sh          # one run of each library
#   COMPARE_1M=1 bench/run.sh    # also compare on the 1,000,000 articles (needs ~10 GB)
#
# Environment: SRC (SaudiNewsNet articles.jsonl.gz), OUT (folder for the
# corpora, default /tmp), SEED (default 1), RUNS (default 3).
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PATH:/usr/local/go/bin"

SRC=${SRC:-../../shared/data/saudinewsnet/articles.jsonl.gz}
OUT=${OUT:-/tmp}
SEED=${SEED:-1}
RUNS=${RUNS:-3}

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/gencorpus" ./cmd/gencorpus
go build -o "$bin/compare" ./cmd/compare

gen() { # name n
  local corpus="$OUT/gen$1.jsonl" gold="$OUT/gen$1.gold.tsv"
  if [[ -s "$corpus" && -s "$gold" && -z "${FORCE:-}" ]]; then
    echo "== $corpus exists (FORCE=1 makes it again)"
    return
  fi
  echo "== generating $corpus ($2 articles, seed $SEED)"
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -f "   %e s wall, %U s user, %S s sys, %M KB max RSS" \
      "$bin/gencorpus" -n "$2" -seed "$SEED" -src "$SRC" -o "$corpus" -gold "$gold"
  else
    TIMEFORMAT="   %R s wall, %U s user, %S s sys"
    time "$bin/gencorpus" -n "$2" -seed "$SEED" -src "$SRC" -o "$corpus" -gold "$gold"
  fi
  ls -l "$corpus" "$gold"
}

gen 100k 100000
gen 1m 1000000

echo "== comparing on $OUT/gen100k.jsonl ($RUNS runs)"
"$bin/compare" -corpus "$OUT/gen100k.jsonl" -gold "$OUT/gen100k.gold.tsv" -runs "$RUNS"

if [[ -n "${COMPARE_1M:-}" ]]; then
  echo "== comparing on $OUT/gen1m.jsonl (1 run)"
  "$bin/compare" -corpus "$OUT/gen1m.jsonl" -gold "$OUT/gen1m.gold.tsv" -runs 1
fi
