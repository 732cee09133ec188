package main

import (
	"reflect"
	"strings"
	"testing"
)

// dedupInput holds two identical articles with different ids (d1, d2)
// and one other (d3).
var dedupInput = `{"id":"d1","title":"Flood","text":"Heavy rain flooded the old town overnight and the river burst its banks near the central bridge, residents said on Sunday morning."}
{"id":"d2","title":"Flood","text":"Heavy rain flooded the old town overnight and the river burst its banks near the central bridge, residents said on Sunday morning."}
{"id":"d3","title":"Rates","text":"The central bank raised interest rates by half a point to fight inflation, the largest increase in two decades, economists noted."}
`

func TestDedupPerGroup(t *testing.T) {
	full := parseOutput(t, mustRun(t, exitOK, strings.NewReader(dedupInput), "cluster", "-").stdout)
	for _, args := range [][]string{{"dedup", "-"}, {"dedup", "--per", "group", "-"}} {
		r := mustRun(t, exitOK, strings.NewReader(dedupInput), args...)
		recs := parseOutput(t, r.stdout)
		if got := ids(recs); !reflect.DeepEqual(got, []string{"d1", "d3"}) {
			t.Fatalf("%q: written ids = %v, want d1 (canonical of the pair) and d3", args, got)
		}
		for _, rec := range recs {
			if rec.ss.DuplicateOf != nil {
				t.Errorf("%q: wrote %s, a copy of %s", args, *rec.ss.ID, *rec.ss.DuplicateOf)
			}
		}
		// Written records are those of cluster, byte for byte.
		if recs[0].line != full[0].line || recs[1].line != full[2].line {
			t.Errorf("%q: records differ from cluster's", args)
		}
		sum := summary(t, "dedup", r.stderr)
		if !strings.HasPrefix(sum, "samestory dedup: read 3 records, wrote 2") || !strings.Contains(sum, "left out 1") {
			t.Errorf("%q: summary = %q, want read 3, wrote 2, left out 1 copy", args, sum)
		}
	}
}

func TestDedupPerStory(t *testing.T) {
	r := mustRun(t, exitOK, strings.NewReader(dedupInput), "dedup", "--per", "story", "-")
	if got := ids(parseOutput(t, r.stdout)); !reflect.DeepEqual(got, []string{"d1", "d3"}) {
		t.Errorf("written ids = %v, want d1 d3", got)
	}
	// On the seeds, one story holds a duplicate group (002, 003) and
	// another article (001): per group keeps 4, per story 3.
	r = mustRun(t, exitOK, nil, "dedup", "--per", "group", seedsDir)
	if got, want := ids(parseOutput(t, r.stdout)), []string{seed000, seed001, seed002, seed004}; !reflect.DeepEqual(got, want) {
		t.Errorf("seeds per group: %v, want %v", got, want)
	}
	r = mustRun(t, exitOK, nil, "dedup", "--per", "story", seedsDir)
	recs := parseOutput(t, r.stdout)
	if got, want := ids(recs), []string{seed000, seed001, seed004}; !reflect.DeepEqual(got, want) {
		t.Errorf("seeds per story: %v, want %v", got, want)
	}
	for _, rec := range recs {
		if !*rec.ss.Canonical {
			t.Errorf("per story wrote %s, not a story canonical", *rec.ss.ID)
		}
	}
	if sum := summary(t, "dedup", r.stderr); !strings.HasPrefix(sum, "samestory dedup: read 5 records, wrote 3") {
		t.Errorf("summary = %q", sum)
	}
}

func TestDedupPerBogus(t *testing.T) {
	r := mustRun(t, exitUsage, strings.NewReader(dedupInput), "dedup", "--per", "bogus", "-")
	if !strings.Contains(r.stderr, "--per") {
		t.Errorf("stderr does not name --per:\n%s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want empty", r.stdout)
	}
}
