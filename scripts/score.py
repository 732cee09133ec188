#!/usr/bin/env python3
"""Score a samestory cluster output against gold labels, independently of Go.

Usage: python3 scripts/score.py OUTPUT.jsonl[.gz] GOLD.tsv [--json] [--level story|group]

This is a cross-check of the Go package eval: it reads the same inputs with
the same rules and prints the same table as eval's WriteTable (or, with
--json, one JSON object with the same snake_case keys as the Go types), but
computes every figure from the definitions with its own code:

- B-cubed precision/recall by a loop over items;
- pairwise precision/recall and ARI with exact integer/fraction arithmetic
  over the contingency table (math.comb, fractions.Fraction);
- pair gold shares by checking each pair.

Conventions shared with the Go package: scores are over ids present in both
the output and the gold; pairwise precision (recall) is 1 when there are no
predicted (gold) pairs; ARI is 1 when its denominator is 0 (both partitions
all singletons, or both one cluster); with no common items every score is 0;
a pair share is 0 when there are no pairs of its kind. Standard library only.
"""

import argparse
import collections
import gzip
import json
import math
import sys
from fractions import Fraction

LABELS = ("DUP", "SAME_EVENT", "DIFFERENT")
MAX_EXAMPLES = 10


class InputError(Exception):
    pass


def open_maybe_gzip(path):
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    if magic == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=f)
    return f


def lines(path):
    """Yield (line number, line without \\n or \\r\\n) as bytes; splits on \\n only."""
    with open_maybe_gzip(path) as f:
        for n, raw in enumerate(f, 1):
            if raw.endswith(b"\n"):
                raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
            yield n, raw


def read_output(path):
    """Return [(id, story, group)] in file order."""
    out = []
    first = {}
    for n, raw in lines(path):
        if not raw.strip():
            continue
        where = "%s:%d" % (path, n)
        try:
            rec = json.loads(raw)
        except ValueError as e:
            raise InputError("%s: %s" % (where, e))
        s = rec.get("samestory") if isinstance(rec, dict) else None
        if not isinstance(s, dict):
            raise InputError('%s: record has no "samestory" object' % where)
        aid, story, dup = s.get("id"), s.get("story"), s.get("duplicate_of")
        if not isinstance(aid, str) or not aid:
            raise InputError("%s: samestory.id is missing or empty" % where)
        if not isinstance(story, str) or not story:
            raise InputError("%s: samestory.story is missing or empty" % where)
        if dup is not None and (not isinstance(dup, str) or not dup):
            raise InputError("%s: samestory.duplicate_of is not an id or null" % where)
        if aid in first:
            raise InputError('%s: duplicate id "%s" (first on line %d)' % (where, aid, first[aid]))
        first[aid] = n
        out.append((aid, story, dup if dup is not None else aid))
    return out


def read_gold(path):
    """Return ("clusters", {id: label}) or ("pairs", [pair dict])."""
    header = None
    kind = None
    clusters, pairs, seen = {}, [], {}
    for n, raw in lines(path):
        text = raw.decode("utf-8", errors="replace")
        if n == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if not text.strip():
            continue
        fields = [x.strip() for x in text.split("\t")]
        where = "%s:%d" % (path, n)
        if header is None:
            header = fields
            index = {}
            for i, h in enumerate(fields):
                index.setdefault(h, i)
            if all(k in index for k in ("id_a", "id_b", "label")):
                kind = "pairs"
                cols = {k: index.get(k) for k in ("id_a", "id_b", "label", "pair", "reason")}
                need = max(cols["id_a"], cols["id_b"], cols["label"]) + 1
            else:
                if "id" not in index:
                    raise InputError("%s: header names neither id_a, id_b and label (pair gold) nor id (cluster gold)" % where)
                kind = "clusters"
                id_col = index["id"]
                if "label" in index:
                    label_col = index["label"]
                else:
                    others = [i for i in range(len(fields)) if i != id_col]
                    if not others:
                        raise InputError("%s: header has an id column but no label column" % where)
                    label_col = others[0]
                label_name = fields[label_col]
                need = max(id_col, label_col) + 1
            continue
        if len(fields) < need:
            raise InputError("%s: got %d columns, want at least %d" % (where, len(fields), need))
        if kind == "pairs":
            def opt(k):
                i = cols[k]
                return fields[i] if i is not None and i < len(fields) else ""
            p = {"name": opt("pair"), "id_a": fields[cols["id_a"]], "id_b": fields[cols["id_b"]],
                 "label": fields[cols["label"]], "reason": opt("reason"), "line": n}
            if not p["id_a"] or not p["id_b"]:
                raise InputError("%s: empty id_a or id_b" % where)
            if p["label"] not in LABELS:
                raise InputError('%s: unknown label "%s" (want DUP, SAME_EVENT or DIFFERENT)' % (where, p["label"]))
            pairs.append(p)
        else:
            aid, label = fields[id_col], fields[label_col]
            if not aid:
                raise InputError("%s: empty id" % where)
            if not label:
                raise InputError("%s: empty %s" % (where, label_name))
            if aid in seen:
                raise InputError('%s: duplicate id "%s" (first on line %d)' % (where, aid, seen[aid]))
            seen[aid] = n
            clusters[aid] = label
    if header is None:
        raise InputError("%s: no header line" % path)
    return (kind, pairs if kind == "pairs" else clusters)


def score_clusters(out, gold, level):
    pred = {}
    for aid, story, group in out:
        pred.setdefault(aid, story if level == "story" else group)
    missing_out = sorted(i for i in gold if i not in pred)
    missing_gold = sorted(i for i in pred if i not in gold)
    items = sorted(i for i in pred if i in gold)
    n = len(items)
    r = {
        "level": level,
        "items": n,
        "missing_in_output": len(missing_out),
        "missing_in_gold": len(missing_gold),
        "missing_in_output_examples": missing_out[:MAX_EXAMPLES],
        "missing_in_gold_examples": missing_gold[:MAX_EXAMPLES],
    }
    pred_size = collections.Counter(pred[i] for i in items)
    gold_size = collections.Counter(gold[i] for i in items)
    both = collections.Counter((pred[i], gold[i]) for i in items)
    r["predicted_clusters"] = len(pred_size)
    r["gold_clusters"] = len(gold_size)
    sum_pred = sum(math.comb(c, 2) for c in pred_size.values())
    sum_gold = sum(math.comb(c, 2) for c in gold_size.values())
    index = sum(math.comb(c, 2) for c in both.values())
    r["predicted_pairs"], r["gold_pairs"], r["true_pairs"] = sum_pred, sum_gold, index
    zero = ["bcubed_precision", "bcubed_recall", "bcubed_f1",
            "pairwise_precision", "pairwise_recall", "pairwise_f1", "ari"]
    if n == 0:
        for k in zero:
            r[k] = 0.0
        return r

    # B-cubed: one term per item.
    prec_terms, rec_terms = [], []
    for i in items:
        overlap = both[(pred[i], gold[i])]
        prec_terms.append(overlap / pred_size[pred[i]])
        rec_terms.append(overlap / gold_size[gold[i]])
    bp, br = math.fsum(prec_terms) / n, math.fsum(rec_terms) / n
    r["bcubed_precision"], r["bcubed_recall"], r["bcubed_f1"] = bp, br, f1(bp, br)

    pp = Fraction(index, sum_pred) if sum_pred else Fraction(1)
    pr = Fraction(index, sum_gold) if sum_gold else Fraction(1)
    r["pairwise_precision"], r["pairwise_recall"] = float(pp), float(pr)
    r["pairwise_f1"] = float(2 * pp * pr / (pp + pr)) if pp + pr else 0.0

    total = math.comb(n, 2)
    if total == 0:
        r["ari"] = 1.0
    else:
        expected = Fraction(sum_pred * sum_gold, total)
        maximum = Fraction(sum_pred + sum_gold, 2)
        r["ari"] = 1.0 if maximum == expected else float((index - expected) / (maximum - expected))
    return r


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def score_pairs(out, pairs):
    where = {}
    for aid, story, group in out:
        where.setdefault(aid, (story, group))
    r = {k: 0 for k in ("dup_total", "dup_together", "related_total", "related_together",
                        "different_total", "different_apart")}
    wrong, missing = [], []
    for p in pairs:
        a, b = where.get(p["id_a"]), where.get(p["id_b"])
        if a is None or b is None:
            if a is None and b is None:
                what = "id_a and id_b not in output"
            elif a is None:
                what = "id_a not in output"
            else:
                what = "id_b not in output"
            missing.append(dict(p, what=what))
            continue
        story = a[0] == b[0]
        group = a[1] == b[1]
        label = p["label"]
        problem = None
        if label in ("DUP", "SAME_EVENT"):
            r["related_total"] += 1
            r["related_together"] += story
        if label == "DUP":
            r["dup_total"] += 1
            r["dup_together"] += group
            if not group:
                problem = "DUP pair not in one duplicate group (%s)" % ("same story" if story else "different stories")
            elif not story:
                problem = "DUP pair in one duplicate group but different stories"
        elif label == "SAME_EVENT":
            if not story:
                problem = "SAME_EVENT pair in different stories"
        elif label == "DIFFERENT":
            r["different_total"] += 1
            r["different_apart"] += not story
            if story:
                problem = "DIFFERENT pair in one story" + (" (same duplicate group)" if group else "")
        if problem:
            wrong.append(dict(p, what=problem))
    for share, k, n in (("dup_together_share", "dup_together", "dup_total"),
                        ("related_together_share", "related_together", "related_total"),
                        ("different_apart_share", "different_apart", "different_total")):
        r[share] = r[k] / r[n] if r[n] else 0.0
    r["wrong"], r["missing"] = wrong, missing
    return r


def clean(s):
    for c in "\t\n\r\v\f":
        s = s.replace(c, " ")
    return s


def render(rows):
    """Lay out rows like Go's text/tabwriter with padding 2 and no flags.

    A row is a list of cells, or a string printed as is. Consecutive rows
    with cells must have the same number of cells; every cell but the last
    is padded to its column's widest cell plus 2. Trailing spaces are
    stripped, as eval's WriteTable does.
    """
    lines_out = []
    block = []

    def flush():
        if not block:
            return
        widths = [max(len(row[c]) for row in block) + 2 for c in range(len(block[0]) - 1)]
        for row in block:
            text = "".join(cell.ljust(w) for cell, w in zip(row, widths)) + row[-1]
            lines_out.append(text.rstrip(" "))
        block.clear()

    for row in rows:
        if isinstance(row, str):
            flush()
            lines_out.append(row.rstrip(" "))
        else:
            if block and len(block[0]) != len(row):
                flush()
            block.append(row)
    flush()
    return "".join(line + "\n" for line in lines_out)


def missing_text(count, examples):
    if count == 0 or not examples:
        return str(count)
    more = ", ..." if count > len(examples) else ""
    return "%d (e.g. %s%s)" % (count, ", ".join(clean(e) for e in examples), more)


def cluster_table(r):
    rows = [["metric", "value"], ["level", r["level"]], ["items", str(r["items"])],
            ["missing in output", missing_text(r["missing_in_output"], r["missing_in_output_examples"])],
            ["missing in gold", missing_text(r["missing_in_gold"], r["missing_in_gold_examples"])]]
    for name, k in (("predicted clusters", "predicted_clusters"), ("gold clusters", "gold_clusters"),
                    ("predicted pairs", "predicted_pairs"), ("gold pairs", "gold_pairs"),
                    ("true pairs", "true_pairs")):
        rows.append([name, str(r[k])])
    for name, k in (("B-cubed precision", "bcubed_precision"), ("B-cubed recall", "bcubed_recall"),
                    ("B-cubed F1", "bcubed_f1"), ("pairwise precision", "pairwise_precision"),
                    ("pairwise recall", "pairwise_recall"), ("pairwise F1", "pairwise_f1"),
                    ("adjusted Rand index", "ari")):
        rows.append([name, "%.4f" % r[k]])
    return render(rows)


def pair_table(r):
    rows = [["check", "pairs", "share", "percent"]]
    for name, k, n, sh in (("DUP in one duplicate group", "dup_together", "dup_total", "dup_together_share"),
                           ("DUP+SAME_EVENT in one story", "related_together", "related_total", "related_together_share"),
                           ("DIFFERENT in different stories", "different_apart", "different_total", "different_apart_share")):
        frac = "%d/%d" % (r[k], r[n])
        if r[n] == 0:
            rows.append([name, frac, "n/a", "n/a"])
        else:
            rows.append([name, frac, "%.4f" % r[sh], "%.1f%%" % (r[sh] * 100)])

    def listing(title, items, with_reason):
        rows.append("")
        rows.append("%s: %d" % (title, len(items)))
        if not items:
            return
        head = ["line", "pair", "id_a", "id_b", "label", "what"] + (["reason"] if with_reason else [])
        rows.append(head)
        for p in items:
            row = [str(p["line"]), clean(p["name"]), clean(p["id_a"]), clean(p["id_b"]), clean(p["label"]), p["what"]]
            if with_reason:
                row.append(clean(p["reason"]))
            rows.append(row)

    listing("pairs with an id missing from the output", r["missing"], False)
    listing("wrong pairs", r["wrong"], any(p["reason"] for p in r["wrong"]))
    return render(rows)


def main(argv):
    ap = argparse.ArgumentParser(description="Score samestory output against gold labels.")
    ap.add_argument("output", help="samestory cluster output, JSONL (plain or gzip)")
    ap.add_argument("gold", help="gold TSV: cluster gold (id, label) or pair gold (id_a, id_b, label)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--level", choices=("story", "group"), default="story",
                    help="predicted partition for cluster gold (default story)")
    args = ap.parse_args(argv)
    try:
        out = read_output(args.output)
        kind, gold = read_gold(args.gold)
    except (InputError, OSError) as e:
        print("score.py: %s" % e, file=sys.stderr)
        return 1
    if kind == "clusters":
        r = score_clusters(out, gold, args.level)
        text = cluster_table(r)
    else:
        r = score_pairs(out, gold)
        text = pair_table(r)
    if args.json:
        text = json.dumps(r) + "\n"
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
