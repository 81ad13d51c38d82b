package main

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// bar is one bar of an SVG chart, in the chart's own coordinates.
type bar struct {
	Label     string
	Lines     []string // the label as drawn, a line each
	Value     string   // the exact amount, for the data attribute
	Shown     string   // the amount as the label shows it
	X, Y      float64
	W, H      float64
	LabelX    float64
	Class     string
	TextY     float64
	ValueText float64
}

// chartWidth and chartHeight are the SVG viewBox of both charts.
const (
	chartWidth  = 900.0
	chartHeight = 320.0
	chartTop    = 30.0
	chartBottom = 260.0
)

// waterfallBars lays the gap out from committed down to realized: the
// total bars stand on the axis, each cause floats where the running
// figure was, falling for a shortfall and rising for a gain.
func (rv *review) waterfallBars() []bar {
	steps := rv.waterfall()
	top := decimal.Zero
	running := decimal.Zero
	for _, s := range steps {
		v := s.Value.Amount()
		if s.Total {
			running = v
		} else {
			running = running.Sub(v)
		}
		top = decimal.Max(top, decimal.Max(running, v.Abs()))
	}
	if top.IsZero() {
		top = decimal.NewFromInt(1)
	}
	scale := func(d decimal.Decimal) float64 {
		f, _ := d.Div(top).Float64() // for drawing only; the figures stay exact
		return f * (chartBottom - chartTop)
	}
	slot := chartWidth / float64(len(steps))
	var bars []bar
	running = decimal.Zero
	for i, s := range steps {
		v := s.Value.Amount()
		b := bar{Label: s.Name, Lines: labelLines(s.Name), Value: v.String(), Shown: s.shown(),
			X: float64(i)*slot + slot*0.15, W: slot * 0.7}
		b.LabelX = b.X + b.W/2
		var from, to decimal.Decimal
		if s.Total {
			from, to, running = decimal.Zero, v, v
			b.Class = "total"
		} else {
			from, to = running, running.Sub(v)
			running = to
			b.Class = "loss"
			if v.Sign() < 0 {
				b.Class = "gain"
			}
		}
		lo, hi := decimal.Min(from, to), decimal.Max(from, to)
		b.Y = chartBottom - scale(hi)
		b.H = max(scale(hi)-scale(lo), 1)
		b.TextY = chartBottom + 18
		b.ValueText = b.Y - 6
		bars = append(bars, b)
	}
	return bars
}

// labelLines breaks a step's name before its parenthesis, "price
// (leakage)" over two lines, so that neighbouring labels do not run into
// each other.
func labelLines(name string) []string {
	if before, after, ok := strings.Cut(name, " ("); ok {
		return []string{before, "(" + after}
	}
	return []string{name}
}

// Funnel geometry: stage names on the left, bars centred in the middle,
// values ending at the right edge.
const (
	funnelBarsFrom = 130.0
	funnelBarsTo   = chartWidth - 230
)

// funnelBars draws the funnel as bars of decreasing width.
func (rv *review) funnelBars() []bar {
	stages := rv.funnel()
	top := decimal.Zero
	for _, s := range stages {
		top = decimal.Max(top, s.Value.Amount())
	}
	if top.IsZero() {
		top = decimal.NewFromInt(1)
	}
	var bars []bar
	for i, s := range stages {
		f, _ := s.Value.Amount().Div(top).Float64() // drawing only
		w := max(f*(funnelBarsTo-funnelBarsFrom), 1)
		b := bar{Label: s.Name, Value: s.Value.Amount().String(), Shown: amount(s.Value.Amount()),
			X: funnelBarsFrom + (funnelBarsTo-funnelBarsFrom-w)/2, Y: chartTop + float64(i)*65, W: w, H: 50, Class: "stage"}
		b.LabelX, b.TextY = 10, b.Y+30
		b.ValueText = chartWidth - 10 // the value's right end
		if i > 0 {
			b.Shown += " (" + rate(s.Rate) + ")"
		}
		bars = append(bars, b)
	}
	return bars
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"money":   money,
	"amount":  amount,
	"rate":    rate,
	"indent":  func(n int) string { return strings.Repeat("\u00a0\u00a0\u00a0\u00a0", n) },
	"last":    lastName,
	"f":       func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"cr":      func() lifecycle.SavingsType { return lifecycle.CostReduction },
	"ownerOf": func(rv *review, id lifecycle.OwnerID) string { return rv.w.nameOf(lifecycle.ActorOf(id)) },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>Realization review as of {{.AsOf}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { padding: 0.25em 0.6em; border-bottom: 1px solid #eee; }
th { text-align: left; background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { width: 100%; height: auto; background: #fcfcfc; border: 1px solid #eee; }
svg text { font-size: 13px; } .total { fill: #3b6ea5; } .loss { fill: #d9534f; } .gain { fill: #5cb85c; } .stage { fill: #3b6ea5; }
.kind { white-space: nowrap; font-weight: 600; }
</style>
</head>
<body>
<h1>Realization review as of {{.AsOf}}</h1>
<p>{{.From}} to {{.To}}, amounts in {{.Currency}}. Cost reduction and cost avoidance are kept apart.</p>

<h2>Savings funnel (cost reduction)</h2>
<svg id="funnel" viewBox="0 0 900 300" role="img" aria-label="savings funnel">
{{range .FunnelBars}}<g class="step" data-step="{{.Label}}" data-value="{{.Value}}">
<rect class="{{.Class}}" x="{{f .X}}" y="{{f .Y}}" width="{{f .W}}" height="{{f .H}}"/>
<text x="{{f .LabelX}}" y="{{f .TextY}}">{{.Label}}</text>
<text x="{{f .ValueText}}" y="{{f .TextY}}" text-anchor="end">{{.Shown}}</text>
</g>
{{end}}</svg>

<h2>Where the gap went</h2>
<svg id="waterfall" viewBox="0 0 900 300" role="img" aria-label="waterfall from committed to realized">
<line x1="0" y1="260" x2="900" y2="260" stroke="#999"/>
{{range .WaterfallBars}}<g class="bar" data-step="{{.Label}}" data-value="{{.Value}}">
<rect class="{{.Class}}" x="{{f .X}}" y="{{f .Y}}" width="{{f .W}}" height="{{f .H}}"/>
<text x="{{f .LabelX}}" y="{{f .TextY}}" text-anchor="middle">{{$x := .LabelX}}{{range $i, $l := .Lines}}<tspan x="{{f $x}}"{{if $i}} dy="15"{{end}}>{{$l}}</tspan>{{end}}</text>
<text x="{{f .LabelX}}" y="{{f .ValueText}}" text-anchor="middle">{{.Shown}}</text>
</g>
{{end}}</svg>

<h2>Scorecard by category</h2>
<table id="categories">
<tr><th>Category</th><th>Committed</th><th>Due</th><th>Realized</th><th>To date</th><th>Compliance</th><th>Leakage</th><th>Maverick</th></tr>
{{range .Rows}}<tr><td>{{indent .Depth}}{{last .Path}}</td><td class="n">{{money .Reduction.Committed}}</td><td class="n">{{money .Reduction.Due}}</td><td class="n">{{money .Reduction.Realized}}</td><td class="n">{{rate (.RealizationToDate cr)}}</td><td class="n">{{rate .ContractCompliance}}</td><td class="n">{{money .Spend.Leakage}}</td><td class="n">{{money .Spend.Maverick}}</td></tr>
{{end}}</table>

<h2>Scorecard by owner</h2>
<table id="owners">
<tr><th>Rank</th><th>Owner</th><th>Target</th><th>Committed</th><th>Due</th><th>Realized</th><th>Attainment</th><th>Slippage</th></tr>
{{$rv := .Review}}{{range .Owners}}<tr><td>{{.Rank}}</td><td>{{ownerOf $rv .Owner}}</td><td class="n">{{money .Target}}</td><td class="n">{{money .Committed}}</td><td class="n">{{money .Due}}</td><td class="n">{{money .Realized}}</td><td class="n">{{rate .Attain}}</td><td class="n">{{money .Slippage}}</td></tr>
{{end}}</table>

<h2>Top leakage lines</h2>
<table id="leakage">
<tr><th>Invoice line</th><th>Supplier</th><th>Leakage</th><th>Why</th></tr>
{{range .Leakage}}<tr><td>{{.Line}}</td><td>{{.Supplier}}</td><td class="n">{{.Amount}}</td><td>{{.Why}}</td></tr>
{{end}}</table>

<h2>Maverick suppliers</h2>
<table id="maverick">
<tr><th>Supplier</th><th>Lines</th><th>Spend</th><th>Bought around</th></tr>
{{range .Maverick}}<tr><td>{{.Supplier}}</td><td class="n">{{.Lines}}</td><td class="n">{{amount .Spend}}</td><td>{{range $i, $c := .Around}}{{if $i}}, {{end}}{{$c}}{{end}}</td></tr>
{{end}}</table>

<h2>Governance exceptions</h2>
<table id="exceptions">
<tr><th>Kind</th><th>Where</th><th>Detail</th></tr>
{{range .Exceptions}}<tr><td class="kind">{{.Kind}}</td><td>{{.Subject}}</td><td>{{.Detail}}</td></tr>
{{end}}</table>

<h2>Rejected and unreadable input</h2>
<ul id="rejected">
{{range .Rejected}}<li>{{.}}</li>
{{end}}</ul>
</body>
</html>
`))

// leakRow is a leakage line as the HTML table shows it.
type leakRow struct{ Line, Supplier, Amount, Why string }

// writeHTML writes the review as one self-contained HTML page: inline
// styles and SVG charts, nothing fetched from anywhere.
func (rv *review) writeHTML(w io.Writer) error {
	var leaks []leakRow
	for _, r := range rv.Leakage {
		leaks = append(leaks, leakRow{fmt.Sprintf("%s/%d", r.Invoice, r.Line), r.Supplier, lineMoney(r.Leakage()), rv.explain(r)})
	}
	var rejected []string
	for _, p := range rv.inputProblems() {
		rejected = append(rejected, p.String())
	}
	return page.Execute(w, map[string]any{
		"Review": rv, "AsOf": rv.AsOf, "From": rv.From, "To": rv.To, "Currency": rv.w.currency,
		"FunnelBars": rv.funnelBars(), "WaterfallBars": rv.waterfallBars(),
		"Rows": rv.Categories, "Owners": rv.Owners, "Leakage": leaks, "Maverick": rv.Maverick,
		"Exceptions": rv.Exceptions, "Rejected": rejected,
	})
}
