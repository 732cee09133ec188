#!/usr/bin/env bash
# hostile200.sh: samestory on ~200 MB of hostile input, and on a clean
# input of the same size, for comparison.
#
# Builds, deterministically, from SaudiNewsNet (31,030 articles, repeated
# with modified ids until the size is reached):
#   clean.jsonl    ~200 MB of articles
#   hostile.jsonl  the same articles, the same size, with a bad line
#                  injected after every 200th (a few hundred in all: not
#                  JSON, not an object, no id, duplicate ids, Windows-1256,
#                  binary garbage, NUL bytes, byte-order marks, CRLF, empty,
#                  punctuation-only and boilerplate-only texts, bidi and
#                  zero-width characters, garbage dates, a 10 MB line with
#                  no spaces, ...), listed with their expected outcome in
#                  injected.tsv
# then runs `samestory cluster --errors` on both under /usr/bin/time -v,
# checks that every record is accounted for (read = written + rejected;
# read = the non-blank lines; each injected line has its expected outcome
# in the errors file, and nothing else is rejected), and prints the peak
# memory of both runs and their ratio.
#
# Usage: scripts/hostile200.sh [WORKDIR]   (default /tmp/samestory-hostile200)
# Environment: SNN (default ../shared/data/saudinewsnet/articles.jsonl.gz),
# SIZE in bytes (default 200000000). The data is never written inside the
# repository. Needs go, python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
work=${1:-/tmp/samestory-hostile200}
snn=${SNN:-../shared/data/saudinewsnet/articles.jsonl.gz}
size=${SIZE:-200000000}
mkdir -p "$work"

go build -o "$work/samestory" ./cmd/samestory

echo "building $work/clean.jsonl and $work/hostile.jsonl (~$size bytes each) from $snn"
python3 - "$snn" "$size" "$work" <<'EOF'
import gzip, random, re, sys

snn, size, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with gzip.open(snn, "rb") as f:
    base = [l.rstrip(b"\n") for l in f if l.strip()]
id_re = re.compile(rb'^\{"id": "([^"]*)"')

def clean_records():
    """SNN, then SNN again with ids suffixed ~1, ~2, ... forever."""
    k = 0
    while True:
        for l in base:
            if k == 0:
                yield l
            else:
                yield id_re.sub(lambda m: b'{"id": "' + m.group(1) + b"~%d\"" % k, l, count=1)
        k += 1

STORM = ("A powerful storm hit the northern coast on Monday, flooding streets and cutting power "
         "to thousands of homes, officials said.")
ARABIC = "وصل الرئيس الروسي فلاديمير بوتين إلى مينسك في زيارة رسمية يلتقي خلالها نظيره البيلاروسي"
rng = random.Random(200)

def rec(i, text, extra=b""):
    return b'{"id":"bad-%d","title":"Injected %d","text":"' % (i, i) + text + b'"' + extra + b"}"

# kind: (make(i, first_id) -> line bytes, expected outcome). Outcomes:
# "kept", "bad date", "blank" (not a record), or "rejected:<reason substring>".
kinds = [
    ("not-json", lambda i, d: b"this is not json {", "rejected:not valid JSON"),
    ("cut-record", lambda i, d: b'{"id":"bad-%d","text":"half a rec' % i, "rejected:not valid JSON"),
    ("not-object", lambda i, d: b'["id","bad-%d"]' % i, "rejected:not a JSON object"),
    ("no-id", lambda i, d: b'{"title":"no id","text":"' + STORM.encode() + b'"}', "rejected:no id"),
    ("empty-id", lambda i, d: b'{"id":"","text":"x"}', "rejected:id empty"),
    ("number-id", lambda i, d: b'{"id":%d,"text":"%s"}' % (900000000 + i, STORM.encode()), "kept"),
    ("duplicate-id", lambda i, d: b'{"id":"' + d + b'","text":"a second record with the first id"}', "rejected:duplicate id"),
    ("binary-garbage", lambda i, d: rec(i, bytes(rng.randrange(0x80, 0x100) for _ in range(80))), "rejected:not UTF-8"),
    ("windows-1256", lambda i, d: rec(i, ARABIC.encode("cp1256")), "rejected:not UTF-8"),
    ("stray-byte", lambda i, d: rec(i, STORM.encode() + b" \xd8"), "kept"),
    ("raw-nul", lambda i, d: rec(i, b"abc\x00def"), "rejected:not valid JSON"),
    ("escaped-nul", lambda i, d: rec(i, b"abc\\u0000def " + STORM.encode()), "kept"),
    ("bom", lambda i, d: b"\xef\xbb\xbf" + rec(i, STORM.encode()), "kept"),
    ("crlf", lambda i, d: rec(i, STORM.encode()) + b"\r", "kept"),
    ("empty-text", lambda i, d: rec(i, b""), "kept"),
    ("blank-text", lambda i, d: rec(i, b"   \\n\\t  "), "kept"),
    ("punctuation", lambda i, d: rec(i, "!!! ... ??? ،؛؟ — …".encode()), "kept"),
    ("digits", lambda i, d: rec(i, b"2015 07 21 100 200 300 %d" % i), "kept"),
    ("boilerplate", lambda i, d: rec(i, "Share this article\\nRelated posts\\nاقرأ أيضاً".encode()), "kept"),
    ("bidi-zero-width", lambda i, d: rec(i, ("\u202e" + STORM[:40] + "\u202c\u200b" + STORM[40:] + "\u200d\ufeff").encode()), "kept"),
    ("garbage-date", lambda i, d: rec(i, STORM.encode(), b',"date":"yesterday at noon"'), "bad date"),
    ("id-not-utf8", lambda i, d: b'{"id":"bad-%d\xff","text":"x"}' % i, "rejected:id is not valid UTF-8"),
    ("blank-line", lambda i, d: b"  \t ", "blank"),
]

def bad_lines():
    i = 0
    while True:
        for k in kinds:
            yield k, i
            i += 1

with open(f"{work}/hostile.jsonl", "wb") as h, open(f"{work}/injected.tsv", "w") as inj:
    inj.write("line\tkind\texpected\n")
    n = line = injected = 0
    first_id = None
    bad = bad_lines()
    for r in clean_records():
        if n >= size:
            break
        h.write(r + b"\n"); n += len(r) + 1; line += 1
        if first_id is None:
            first_id = id_re.match(r).group(1)
        if line % 200 == 0:
            (name, make, want), i = next(bad)
            if injected == 100:  # once: a 10 MB line with no spaces
                name, want = "10mb-no-spaces", "kept"
                b = rec(i, bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10_000_000)))
            else:
                b = make(i, first_id)
            h.write(b + b"\n"); n += len(b) + 1; line += 1
            inj.write(f"{line}\t{name}\t{want}\n")
            injected += 1
    hostile_size = n

with open(f"{work}/clean.jsonl", "wb") as c:
    n = 0
    for r in clean_records():
        if n >= hostile_size:
            break
        c.write(r + b"\n"); n += len(r) + 1
print(f"hostile.jsonl: {hostile_size} bytes, {injected} injected lines; clean.jsonl: {n} bytes")
EOF

run() { # name
  echo "== samestory cluster --errors $work/$1.errors.jsonl $work/$1.jsonl"
  /usr/bin/time -v "$work/samestory" cluster --errors "$work/$1.errors.jsonl" -o "$work/$1.out.jsonl" "$work/$1.jsonl" \
    2> "$work/$1.stderr"
  grep -E '^samestory cluster: read ' "$work/$1.stderr"
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)' "$work/$1.stderr"
}
run clean
run hostile

echo "== accounting"
python3 - "$work" <<'EOF'
import json, re, sys

work = sys.argv[1]
ok = True
def fail(msg):
    global ok
    ok = False
    print("FAIL:", msg)

def summary(name):
    for l in open(f"{work}/{name}.stderr", encoding="utf-8", errors="replace"):
        m = re.match(r"samestory cluster: read (\d+) records, wrote (\d+), rejected (\d+)", l)
        if m:
            return tuple(map(int, m.groups()))
    fail(f"{name}: no summary line")
    return (0, 0, 0)

def records(path):
    n = 0
    with open(path, "rb") as f:
        for l in f:
            if l.strip(b" \t\r\n\xef\xbb\xbf"):
                n += 1
    return n

def lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)

rss = {}
for name in ("clean", "hostile"):
    read, written, rejected = summary(name)
    if read != written + rejected:
        fail(f"{name}: read {read} != written {written} + rejected {rejected}")
    if read != records(f"{work}/{name}.jsonl"):
        fail(f"{name}: read {read}, but the input holds {records(f'{work}/{name}.jsonl')} records")
    if written != lines(f"{work}/{name}.out.jsonl"):
        fail(f"{name}: wrote {written}, but the output holds {lines(f'{work}/{name}.out.jsonl')} lines")
    for l in open(f"{work}/{name}.stderr"):
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", l)
        if m:
            rss[name] = int(m.group(1))
    print(f"{name}: read {read} = written {written} + rejected {rejected}; peak RSS {rss.get(name, 0) / 1024:.0f} MiB")

probs = {}
for l in open(f"{work}/hostile.errors.jsonl", encoding="utf-8"):
    p = json.loads(l)
    probs.setdefault(p.get("line", 0), []).append(p)
want_rejected = 0
seen = set()
for row in list(open(f"{work}/injected.tsv"))[1:]:
    line, kind, want = row.rstrip("\n").split("\t")
    line = int(line)
    seen.add(line)
    got = probs.get(line, [])
    kinds = [p["kind"] for p in got]
    if want.startswith("rejected:"):
        want_rejected += 1
        if not any(p["kind"] == "rejected" and want[9:] in p["reason"] for p in got):
            fail(f"line {line} ({kind}): want rejected with {want[9:]!r}, errors file has {got}")
    elif want == "bad date":
        if kinds != ["bad date"]:
            fail(f"line {line} ({kind}): want a bad date, errors file has {got}")
    elif got:
        fail(f"line {line} ({kind}): want {want}, errors file has {got}")
for line, ps in probs.items():
    if line not in seen:
        fail(f"line {line} is not an injected line, yet: {ps}")
read, written, rejected = summary("hostile")
if rejected != want_rejected:
    fail(f"hostile: rejected {rejected}, injected {want_rejected} lines to reject")
clean = summary("clean")
if clean[2] != 0:
    fail(f"clean: rejected {clean[2]}")
if open(f"{work}/clean.errors.jsonl").read().strip():
    fail("clean: the errors file is not empty")
if rss.get("clean") and rss.get("hostile"):
    ratio = rss["hostile"] / rss["clean"]
    print(f"peak RSS hostile / clean = {ratio:.2f}")
    if ratio > 2:
        fail("hostile run needs more than twice the memory of the clean one")
print("every record accounted for" if ok else "accounting FAILED")
sys.exit(0 if ok else 1)
EOF
