package index

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/samestory/samestory"
	"github.com/samestory/samestory/shingle"
)

// Setting is one setting an index was built with. Name is the
// command-line flag that sets it, without its dashes, when there is one
// (Flag is then true), and otherwise the name of the library setting.
type Setting struct {
	Name  string
	Value string
	Flag  bool
}

// Settings are the settings an index records: every setting that changes
// the features of an article or how articles are grouped, so that a run
// never mixes signatures or decisions made differently. The order is
// fixed.
type Settings []Setting

// Describe names a setting with its value as a user would write it:
// "--signature-size 128", or "sample size 128" for a library setting.
func (s Setting) Describe() string {
	if s.Flag {
		return "--" + s.Name + " " + s.Value
	}
	return strings.ReplaceAll(s.Name, "-", " ") + " " + s.Value
}

// FormatVersion is the version of the index layout and its records. An
// index of another version is refused.
const FormatVersion = 1

// SettingsOf returns the settings of a configuration that an index must
// share with every run that adds to it.
//
// They are: the index format; shingle.NormalizationVersion; the shingles,
// signature size, seed and sketch; the sample size; the boilerplate,
// common-shingle and story-word settings; Config.Incremental and
// Config.AnalyseBytes (how much of a text is analysed); and every
// grouping option of cluster.Options except DF, N and Workers (measured
// by the run, or not changing the result). Left out, because they change
// neither features nor grouping of an article once read: how records are
// read (Config.Read: field names, date layouts, the record size limit,
// which may differ from batch to batch), Workers, and the first-pass
// chunk limits.
func SettingsOf(c *samestory.Config) Settings {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	i := strconv.Itoa
	o := &c.Cluster
	return Settings{
		{"index-format", i(FormatVersion), false},
		{"normalization-version", i(shingle.NormalizationVersion), false},
		{"shingle", c.Shingle.String(), true},
		{"signature-size", i(c.SignatureSize), true},
		{"seed", strconv.FormatUint(c.Seed, 10), true},
		{"sketch", c.Sketch, true},
		{"sample-size", i(c.SampleSize), false},
		{"boilerplate-repeat", i(c.BoilerplateRepeat), true},
		{"boilerplate-words", i(c.BoilerplateWords), false},
		{"common-min", i(c.CommonMin), false},
		{"common-share", f(c.CommonShare), false},
		{"common-bits", i(c.CommonBits), false},
		{"story-terms", i(c.StoryTerms), false},
		{"title-weight", f(c.TitleWeight), false},
		{"lead-weight", f(c.LeadWeight), false},
		{"lead-words", i(c.LeadWords), false},
		{"name-weight", f(c.NameWeight), false},
		{"number-weight", f(c.NumberWeight), false},
		{"incremental", strconv.FormatBool(c.Incremental), false},
		{"analyse-bytes", i(c.AnalyseBytes), false},
		{"canonical", o.Policy.String(), true},
		{"bands", i(o.LSH.Bands), true},
		{"rows", i(o.LSH.Rows), true},
		{"max-bucket", i(o.MaxBucket), false},
		{"resemblance", f(o.Resemblance), true},
		{"containment", f(o.Containment), true},
		{"min-shared", i(o.MinShared), false},
		{"common-value", i(o.CommonValue), false},
		{"common-days", i(o.CommonDays), false},
		{"story-threshold", f(o.StoryThreshold), true},
		{"window", o.Window.String(), true},
		{"time-scale", o.TimeScale.String(), true},
		{"unshared-weight", f(o.UnsharedWeight), false},
		{"probe-terms", i(o.ProbeTerms), false},
	}
}

// Get returns the value of the setting called name.
func (s Settings) Get(name string) (string, bool) {
	for _, x := range s {
		if x.Name == name {
			return x.Value, true
		}
	}
	return "", false
}

// Difference is a setting whose value in the index differs from the
// run's. Index or Run is empty when the setting is missing there.
type Difference struct {
	Setting    Setting // the run's setting (its Value is Run)
	Index, Run string
}

func (d Difference) String() string {
	name := "--" + d.Setting.Name
	if !d.Setting.Flag {
		name = strings.ReplaceAll(d.Setting.Name, "-", " ")
	}
	switch {
	case d.Index == "":
		return fmt.Sprintf("index has no %s, this run has %s", name, d.Run)
	case d.Run == "":
		return fmt.Sprintf("index was built with %s %s, this version of samestory does not know it", name, d.Index)
	}
	return fmt.Sprintf("index was built with %s %s, this run has %s", name, d.Index, d.Run)
}

// MismatchError is returned when a run's settings differ from those an
// index was built with.
type MismatchError struct {
	Dir         string
	Differences []Difference
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "index %s: settings differ: ", e.Dir)
	for i, d := range e.Differences {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.String())
	}
	b.WriteString(" (run with the index's settings, or use a new index)")
	return b.String()
}

// compare returns the differences between an index's settings and a
// run's.
func compare(index, run Settings) []Difference {
	var ds []Difference
	for _, s := range run {
		v, ok := index.Get(s.Name)
		if !ok {
			ds = append(ds, Difference{Setting: s, Run: s.Value})
		} else if v != s.Value {
			ds = append(ds, Difference{Setting: s, Index: v, Run: s.Value})
		}
	}
	for _, s := range index {
		if _, ok := run.Get(s.Name); !ok {
			ds = append(ds, Difference{Setting: s, Index: s.Value})
		}
	}
	return ds
}
