#!/usr/bin/env bash
# Indexes a corpus one day at a time, as an hourly or daily aggregator
# would, and compares the result with one run over the whole corpus.
#
#   scripts/daily-batches.sh [-w WORKDIR] [-f DATE_FIELD] [CORPUS]
#
# CORPUS defaults to ../shared/data/saudinewsnet/articles.jsonl.gz and
# DATE_FIELD to date_extracted (its first 10 characters name the day).
# WORKDIR (default: a new temporary directory, kept) receives:
#   batches/DAY.jsonl   the corpus split by day (records unchanged)
#   index/              the index built by "cluster --index", one day after the other
#   out/DAY.jsonl       each run's output, with --emit-changes
#   export/DAY.jsonl    "index export" after each run
#   runs.tsv            per run: day, articles, wall s, CPU s, peak RSS KiB
#   single.jsonl        "cluster" over the whole corpus at once
#   onebatch/, onebatch.jsonl   the whole corpus indexed as one batch, and its export
#   regroup-free.jsonl, regroup-kept.jsonl   the index's stored features grouped
#                       again in one go, no story kept whole / stories kept whole
#   log/                each run's time and standard error, "index stats"
#   samestory, regroup  the binaries built for the run
#   summary.txt         the figures printed at the end
# Needs GNU time (/usr/bin/time), bc, python3 and Go. The data stay in WORKDIR.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work="" field=date_extracted
while getopts "w:f:" o; do
  case $o in
    w) work=$OPTARG ;;
    f) field=$OPTARG ;;
    *) echo "usage: scripts/daily-batches.sh [-w WORKDIR] [-f DATE_FIELD] [CORPUS]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
corpus=${1:-$repo/../shared/data/saudinewsnet/articles.jsonl.gz}
[ -r "$corpus" ] || { echo "cannot read $corpus" >&2; exit 1; }
[ -n "$work" ] || work=$(mktemp -d /tmp/daily-batches.XXXXXX)
mkdir -p "$work"/{batches,out,export,log}
rm -rf "$work/index" "$work"/batches/* "$work"/out/* "$work"/export/*
export PATH="$PATH:/usr/local/go/bin"
bin=$work/samestory
(cd "$repo" && go build -o "$bin" ./cmd/samestory)
echo "work directory: $work ($(cd "$repo" && git describe --always --dirty 2>/dev/null || echo "?"))"

# Split by day, records byte for byte.
python3 - "$corpus" "$field" "$work/batches" <<'EOF'
import gzip, json, sys, collections
corpus, field, out = sys.argv[1:]
opener = gzip.open if open(corpus, 'rb').read(2) == b'\x1f\x8b' else open
files, counts = {}, collections.Counter()
with opener(corpus, 'rb') as f:
    for line in f:
        if not line.strip():
            continue
        try:
            day = str(json.loads(line).get(field) or '')[:10] or 'undated'
        except ValueError:
            day = 'undated'
        if day not in files:
            files[day] = open(f'{out}/{day}.jsonl', 'wb')
        files[day].write(line if line.endswith(b'\n') else line + b'\n')
        counts[day] += 1
for f in files.values():
    f.close()
print(f'{sum(counts.values())} records in {len(counts)} daily batches')
EOF

printf 'day\tarticles\twall_s\tcpu_s\tpeak_rss_kib\n' >"$work/runs.tsv"
total_start=$(date +%s.%N)
for b in "$work"/batches/*.jsonl; do
  day=$(basename "$b" .jsonl)
  n=$(wc -l <"$b")
  /usr/bin/time -f "%e %U %S %M" -o "$work/log/$day.time" \
    "$bin" cluster --index "$work/index" --emit-changes -o "$work/out/$day.jsonl" "$b" 2>"$work/log/$day.err" ||
    { cat "$work/log/$day.err" >&2; exit 1; }
  read -r wall user sys rss <"$work/log/$day.time"
  printf '%s\t%s\t%s\t%s\t%s\n' "$day" "$n" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >>"$work/runs.tsv"
  "$bin" index export -o "$work/export/$day.jsonl" "$work/index"
  printf '%s  %5d articles  %6.1f s  %6.0f MiB  %s\n' "$day" "$n" "$wall" "$(echo "$rss / 1024" | bc -l)" \
    "$(grep -o 'added.*' "$work/log/$day.err" || true)"
done
total=$(echo "$(date +%s.%N) - $total_start" | bc)

/usr/bin/time -f "%e %U %S %M" -o "$work/log/single.time" \
  "$bin" cluster -q -o "$work/single.jsonl" "$corpus"
"$bin" index stats "$work/index" >"$work/log/stats.txt"
# One cause at a time (see the end of the summary): the whole corpus as a
# single batch into an empty index; the by-day index's stored features
# grouped again in one go, with no story kept whole, and with them kept.
rm -rf "$work/onebatch"
"$bin" cluster -q --index "$work/onebatch" -o /dev/null "$corpus"
"$bin" index export -o "$work/onebatch.jsonl" "$work/onebatch"
(cd "$repo" && go build -o "$work/regroup" ./scripts/regroup)
"$work/regroup" -free "$work/index" >"$work/regroup-free.jsonl"
"$work/regroup" "$work/index" >"$work/regroup-kept.jsonl"

python3 - "$work" "$total" <<'EOF' | tee "$work/summary.txt"
import json, os, sys, collections, glob, math
work, total = sys.argv[1], float(sys.argv[2])

def assignments(path):
    out = {}
    for line in open(path, encoding='utf-8'):
        s = json.loads(line)['samestory']
        if 'change' not in s:
            out[s['id']] = s['story']
    return out

runs = [l.rstrip('\n').split('\t') for l in open(f'{work}/runs.tsv')][1:]
rss = [int(r[4]) / 1024 for r in runs]
print(f'{len(runs)} daily batches, {sum(int(r[1]) for r in runs)} articles')
print(f'indexing, all batches: {total:.1f} s wall (runs alone: {sum(float(r[2]) for r in runs):.1f} s wall, '
      f'{sum(float(r[3]) for r in runs):.1f} s CPU)')
print(f'peak RSS: first run {rss[0]:.0f} MiB, last run {rss[-1]:.0f} MiB ({rss[-1] / rss[0]:.2f}x), '
      f'largest {max(rss):.0f} MiB; last run {float(runs[-1][2]):.1f} s wall')
w, u, s, m = open(f'{work}/log/single.time').read().split()
print(f'single run over the whole corpus: {float(w):.1f} s wall, {float(u) + float(s):.1f} s CPU, {int(m) / 1024:.0f} MiB peak RSS')

# The two partitions.
days = sorted(os.path.basename(p)[:-6] for p in glob.glob(f'{work}/export/*.jsonl'))
inc = assignments(f'{work}/export/{days[-1]}.jsonl')
one = assignments(f'{work}/single.jsonl')
assert set(inc) == set(one), (len(inc), len(one))
day_of = {}
for d in days:
    for line in open(f'{work}/batches/{d}.jsonl', 'rb'):
        day_of[json.loads(line)['id']] = d

def clusters(a):
    c = collections.defaultdict(set)
    for i, s in a.items():
        c[s].add(i)
    return {i: frozenset(c[s]) for i, s in a.items()}
ci, co = clusters(inc), clusters(one)
n = len(inc)
p = sum(len(ci[i] & co[i]) / len(ci[i]) for i in inc) / n
r = sum(len(ci[i] & co[i]) / len(co[i]) for i in inc) / n
f = 2 * p * r / (p + r)
def pairs(c):
    return sum(len(x) * (len(x) - 1) // 2 for x in set(c.values()))
both = collections.Counter((inc[i], one[i]) for i in inc)
pb = sum(v * (v - 1) // 2 for v in both.values())
pi, po, N = pairs(ci), pairs(co), n * (n - 1) // 2
exp = pi * po / N
ari = (pb - exp) / ((pi + po) / 2 - exp)
print(f'stories: indexed by day {len(set(inc.values()))}, single run {len(set(one.values()))}')
print(f'agreement with the single run: B-cubed precision {p:.4f} recall {r:.4f} F1 {f:.4f}; '
      f'pairs together in both {pb} of {pi} (by day) and {po} (single); ARI {ari:.4f}')
diff = [i for i in inc if ci[i] != co[i]]
print(f'articles whose story (set of members) differs: {len(diff)} of {n} ({100 * len(diff) / n:.1f}%)')
kinds = collections.Counter()
for i in diff:
    a, b = ci[i], co[i]
    kinds['by day: part of the single run\'s story' if a < b else
          'by day: more than the single run\'s story' if a > b else 'overlapping differently'] += 1
for k, v in kinds.most_common():
    print(f'  {v:6d}  {k}')
# Pairs split or joined, by whether the two articles came the same day.
split = collections.Counter(); joined = collections.Counter()
for i in diff:
    for j in co[i] - ci[i]:
        if i < j:
            split['same day' if day_of[i] == day_of[j] else 'different days'] += 1
    for j in ci[i] - co[i]:
        if i < j:
            joined['same day' if day_of[i] == day_of[j] else 'different days'] += 1
print(f'  pairs together in the single run only: {dict(split)}; in the index only: {dict(joined)}')

# Story ids of articles already seen change only through reported merges.
prev, merged_ids, unreported, reported, canonical = {}, 0, 0, 0, 0
for d in days:
    now = {}
    for line in open(f'{work}/export/{d}.jsonl', encoding='utf-8'):
        s = json.loads(line)['samestory']
        now[s['id']] = s['story']
    changes = {}
    for line in open(f'{work}/out/{d}.jsonl', encoding='utf-8'):
        s = json.loads(line)['samestory']
        if 'change' in s:
            changes[s['id']] = s
            if s['change'] == 'canonical':
                canonical += 1
    gone = set()
    for i, old in prev.items():
        if now[i] == old:
            continue
        c = changes.get(i)
        if c and c['change'] in ('merged', 'split') and c['previous_story'] == old and c['story'] == now[i] \
                and (c['change'] == 'split' or old in c.get('merged_from', [])):
            reported += 1
            gone.add(old)
        else:
            unreported += 1
    merged_ids += len(gone)
    prev = now
print(f'story ids of earlier articles changed: {reported + unreported} times, {reported} reported as merged '
      f'({merged_ids} story ids retired), {unreported} unreported; {canonical} canonical-change records')

def compare(a_path, b_path, what):
    a, b = assignments(a_path), assignments(b_path)
    ca, cb = clusters(a), clusters(b)
    p = sum(len(ca[i] & cb[i]) / len(ca[i]) for i in a) / len(a)
    r = sum(len(ca[i] & cb[i]) / len(cb[i]) for i in a) / len(a)
    d = sum(1 for i in a if ca[i] != cb[i])
    print(f'  {what}: B-cubed F1 {2 * p * r / (p + r):.4f}, {d} articles ({100 * d / len(a):.1f}%) differ')
print('one cause at a time:')
compare(f'{work}/onebatch.jsonl', f'{work}/single.jsonl', 'whole corpus as one batch into an index vs the single run (Config.Incremental)')
compare(f'{work}/regroup-free.jsonl', f'{work}/onebatch.jsonl', 'by-day features grouped again, nothing kept whole, vs one batch (features measured on the corpus so far)')
compare(f'{work}/regroup-free.jsonl', f'{work}/single.jsonl', 'by-day features grouped again, nothing kept whole, vs the single run')
compare(f'{work}/regroup-kept.jsonl', f'{work}/export/{days[-1]}.jsonl', 'by-day features grouped again, stories kept whole, vs the index (loading only what each batch needs)')
EOF
