package report

import (
	"fmt"
	"math"
	"strconv"
)

// chart is an SVG bar chart, drawn by the HTML template. Coordinates are
// in the units of the viewBox, already formatted.
type chart struct {
	W, H   int
	Label  string // aria-label
	Grid   []gridLine
	Groups []barGroup
	XTicks []tick
	YTitle string
}

// gridLine is a horizontal line at Y with its value.
type gridLine struct {
	Y, LabelY, X1, X2 string
	Text              string
}

// barGroup is one bar (of one or more stacked parts) with its tooltip.
type barGroup struct {
	Tip   string
	Rects []rect
	Text  *tick // a value shown above the bar
}

type rect struct {
	X, Y, W, H string
	Class      string
}

type tick struct {
	X, Y   string
	Text   string
	Anchor string // text-anchor
}

// f1 formats a coordinate with at most one decimal.
func f1(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// Chart geometry.
const (
	chartH      = 220
	plotTop     = 26
	plotBottom  = 184 // y of the x axis
	plotLeft    = 48
	plotRight   = 8
	xLabelY     = 200
	timelineW   = 720
	sizeChartW  = 480
	maxXLabels  = 8
	valueLabelY = 4 // gap between a bar and its value
)

// timelineChart draws the articles per bucket, copies stacked on the rest.
func timelineChart(unit string, buckets []Bucket) *chart {
	if len(buckets) == 0 {
		return nil
	}
	c := &chart{W: timelineW, H: chartH, YTitle: "articles",
		Label: fmt.Sprintf("Articles per %s, copies stacked on top", unit)}
	top := 0
	for _, b := range buckets {
		top = max(top, b.Articles)
	}
	ymax := niceCeil(float64(top))
	pw := float64(timelineW - plotLeft - plotRight)
	ph := float64(plotBottom - plotTop)
	for _, v := range []float64{0, ymax / 2, ymax} {
		y := plotBottom - v/ymax*ph
		label := count(int(v))
		if v != math.Trunc(v) {
			label = strconv.FormatFloat(v, 'f', -1, 64)
		}
		c.Grid = append(c.Grid, gridLine{Y: f1(y), LabelY: f1(y + 4), X1: f1(plotLeft), X2: f1(float64(timelineW - plotRight)), Text: label})
	}
	bw := pw / float64(len(buckets))
	gap := 0.0
	if bw >= 4 {
		gap = bw * 0.15
	}
	step := (len(buckets) + maxXLabels - 1) / maxXLabels
	for i, b := range buckets {
		x := plotLeft + float64(i)*bw + gap/2
		w := bw - gap
		orig := float64(b.Articles-b.Copies) / ymax * ph
		cp := float64(b.Copies) / ymax * ph
		g := barGroup{Tip: fmt.Sprintf("%s: %s, %s", b.Start.Format("2006-01-02"), plural(b.Articles, "article", "articles"), plural(b.Copies, "copy", "copies"))}
		if unit != "day" {
			g.Tip = unit + " of " + g.Tip
		}
		g.Rects = append(g.Rects, rect{X: f1(x), Y: f1(plotBottom - orig), W: f1(w), H: f1(orig), Class: "a"})
		if b.Copies > 0 {
			g.Rects = append(g.Rects, rect{X: f1(x), Y: f1(plotBottom - orig - cp), W: f1(w), H: f1(cp), Class: "c"})
		}
		c.Groups = append(c.Groups, g)
		if i%step == 0 {
			c.XTicks = append(c.XTicks, tick{X: f1(x + w/2), Y: f1(xLabelY), Text: bucketLabel(unit, b.Start), Anchor: "middle"})
		}
	}
	return c
}

// sizeChart draws the number of stories per size bin, on a logarithmic
// scale (single-article stories outnumber the rest by far), with the
// count above each bar.
func sizeChart(bins []SizeBin) *chart {
	if len(bins) == 0 {
		return nil
	}
	c := &chart{W: sizeChartW, H: chartH, YTitle: "stories (log scale)",
		Label: "Stories by number of articles, logarithmic scale"}
	top := 0
	for _, b := range bins {
		top = max(top, b.Stories)
	}
	logTop := math.Log10(float64(top) + 1)
	if logTop == 0 {
		logTop = 1
	}
	pw := float64(sizeChartW - plotLeft - plotRight)
	ph := float64(plotBottom - plotTop - 12) // room for the values
	c.Grid = []gridLine{{Y: f1(plotBottom), LabelY: f1(plotBottom + 4), X1: f1(plotLeft), X2: f1(float64(sizeChartW - plotRight)), Text: "0"}}
	bw := pw / float64(len(bins))
	gap := bw * 0.2
	for i, b := range bins {
		x := plotLeft + float64(i)*bw + gap/2
		w := bw - gap
		h := math.Log10(float64(b.Stories)+1) / logTop * ph
		y := plotBottom - h
		c.Groups = append(c.Groups, barGroup{
			Tip:   fmt.Sprintf("%s articles: %s (%s)", b.Label(), plural(b.Stories, "story", "stories"), plural(b.Articles, "article", "articles")),
			Rects: []rect{{X: f1(x), Y: f1(y), W: f1(w), H: f1(h), Class: "a"}},
			Text:  &tick{X: f1(x + w/2), Y: f1(y - valueLabelY), Text: count(b.Stories), Anchor: "middle"},
		})
		c.XTicks = append(c.XTicks, tick{X: f1(x + w/2), Y: f1(xLabelY), Text: b.Label(), Anchor: "middle"})
	}
	return c
}
