package main

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// amount formats an amount rounded to whole units with thousands
// separators: "1,234,568". Rounding is for the eye only; every figure
// behind it is exact.
func amount(d decimal.Decimal) string { return grouped(d.Round(0).StringFixed(0)) }

// lineMoney formats one line's amount to the cent, in its own currency:
// "2,200.00 EUR".
func lineMoney(m lifecycle.Money) string {
	return grouped(m.Amount().StringFixed(2)) + " " + string(m.Currency())
}

// grouped puts thousands separators into the whole part of a plain
// decimal number: "-1234567.50" becomes "-1,234,567.50".
func grouped(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

func money(m lifecycle.Money) string { return amount(m.Amount()) }

// percent formats a fraction as "87.5 %".
func percent(d decimal.Decimal) string { return d.Shift(2).Round(1).StringFixed(1) + " %" }

// rate formats a rate as a percentage, or "undefined".
func rate(r scorecard.Rate) string {
	v, ok := r.Value()
	if !ok {
		return "undefined"
	}
	return percent(v)
}

// grid is a table of text cells: the first column left-aligned, the
// others right-aligned, unless a column is marked left.
type grid struct {
	head []string
	rows [][]string
	left map[int]bool
}

func (g *grid) add(cells ...string) { g.rows = append(g.rows, cells) }

func (g *grid) write(w *bytes.Buffer) {
	widths := make([]int, len(g.head))
	for _, r := range append([][]string{g.head}, g.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	line := func(r []string) {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i == 0 || g.left[i] {
				b.WriteString(c + pad)
			} else {
				b.WriteString(pad + c)
			}
		}
		fmt.Fprintln(w, "  "+strings.TrimRight(b.String(), " "))
	}
	line(g.head)
	for _, r := range g.rows {
		line(r)
	}
}

func heading(w *bytes.Buffer, title string) {
	fmt.Fprintf(w, "\n%s\n%s\n", title, strings.Repeat("=", utf8.RuneCountInString(title)))
}

// funnelStage is one step of the savings funnel.
type funnelStage struct {
	Name  string
	Count int // initiatives in this stage at the as-of date
	Value lifecycle.Money
	Rate  scorecard.Rate // this value ÷ the step before's; undefined for the first
}

// funnel is the cost-reduction funnel of the total row.
func (rv *review) funnel() []funnelStage {
	t := &rv.Total
	f := &t.Reduction
	return []funnelStage{
		{"pipeline", t.Initiatives(lifecycle.Pipeline), f.Pipeline, scorecard.Rate{}},
		{"committed", t.Initiatives(lifecycle.Committed), f.Committed, t.CommitmentRate(lifecycle.CostReduction)},
		{"implemented", t.Initiatives(lifecycle.Implemented), f.Implemented, t.ImplementationRate(lifecycle.CostReduction)},
		{"realized", t.Initiatives(lifecycle.Realized), f.Realized, t.RealizationRate(lifecycle.CostReduction)},
	}
}

// gapStep is one bar of the waterfall from committed to realized.
type gapStep struct {
	Name  string
	Value lifecycle.Money
	Total bool // a total bar (committed, realized), not a cause
}

// shown is the step's figure as the reports print it: a total as it is,
// a cause as what it does to the running figure, "-16,458" for a
// shortfall and "+5,705" for a gain.
func (s gapStep) shown() string {
	v := s.Value.Amount()
	switch {
	case s.Total || v.IsZero():
		return amount(v)
	case v.Sign() > 0:
		return "-" + amount(v)
	}
	return "+" + amount(v.Neg())
}

func (rv *review) waterfall() []gapStep {
	f := &rv.Total.Reduction
	g := &f.Gap
	return []gapStep{
		{"committed", f.Committed, true},
		{"not yet due", g.NotYetDue, false},
		{"timing", g.Timing, false},
		{"volume", g.Volume, false},
		{"price (leakage)", g.Price, false},
		{"compliance (maverick)", g.Compliance, false},
		{"currency", g.Currency, false},
		{"unexplained", g.Unexplained, false},
		{"realized", f.Realized, true},
	}
}

// explain says in a line why a result is what it is.
func (rv *review) explain(r *matching.Result) string {
	src := &rv.Lines[r.Seq]
	paid := src.row.str("unit_price")
	places := max(2, -src.line.UnitPrice.Exponent())
	unit, _ := r.ExpectedUnitPrice(lifecycle.Rounding{Places: places})
	s := fmt.Sprintf("paid %s per %s against %s on %s", paid, src.line.Unit,
		unit.StringFixed(places), r.ContractRef)
	if r.Tier >= 0 {
		s += fmt.Sprintf(" quantity break %d", r.Tier+1)
	}
	return s + ", " + strings.ReplaceAll(r.Rule.String(), "-", " ")
}

// writeText writes the review as plain aligned text.
func (rv *review) writeText(w *bytes.Buffer) {
	cur := rv.w.currency
	fmt.Fprintf(w, "Realization review as of %s, %s to %s, in %s\n", rv.AsOf, rv.From, rv.To, cur)
	var g grid
	g.head = []string{"file", "rows", "with problems"}
	for _, f := range rv.Files {
		g.add(f.Name, fmt.Sprint(f.Rows), fmt.Sprint(f.Bad))
	}
	g.write(w)

	heading(w, "Savings funnel (cost reduction, "+string(cur)+")")
	g = grid{head: []string{"stage", "initiatives there now", "value that reached it", "of the step before"}}
	for _, s := range rv.funnel() {
		r := rate(s.Rate)
		if s.Name == "pipeline" {
			r = ""
		}
		g.add(s.Name, fmt.Sprint(s.Count), money(s.Value), r)
	}
	g.add("cancelled", fmt.Sprint(rv.Total.Initiatives(lifecycle.Cancelled)), "", "")
	g.write(w)
	a := &rv.Total.Avoidance
	fmt.Fprintf(w, "  cost avoidance, kept apart: committed %s, realized %s\n", money(a.Committed), money(a.Realized))
	fmt.Fprintf(w, "  due by %s: %s; realized to date %s; slippage %s\n", rv.AsOf,
		money(rv.Total.Reduction.Due), rate(rv.Total.RealizationToDate(lifecycle.CostReduction)),
		money(rv.Total.Reduction.Slippage()))

	heading(w, "Scorecard by category")
	g = grid{head: []string{"category", "committed", "due", "realized", "to date", "compliance", "leakage", "maverick"}}
	for _, r := range rv.Categories {
		g.add(strings.Repeat("  ", r.Depth)+lastName(r.Path), money(r.Reduction.Committed), money(r.Reduction.Due),
			money(r.Reduction.Realized), rate(r.RealizationToDate(lifecycle.CostReduction)),
			rate(r.ContractCompliance()), money(r.Spend.Leakage), money(r.Spend.Maverick))
	}
	g.write(w)

	heading(w, "Scorecard by owner (realized, finance-validated cost reduction)")
	g = grid{head: []string{"rank", "owner", "target", "committed", "due", "realized", "attainment", "slippage"},
		left: map[int]bool{1: true}}
	for _, c := range rv.Owners {
		g.add(fmt.Sprint(c.Rank), rv.w.nameOf(lifecycle.ActorOf(c.Owner)), money(c.Target), money(c.Committed),
			money(c.Due), money(c.Realized), rate(c.Attain), money(c.Slippage))
	}
	g.write(w)

	heading(w, "Where the gap went (committed to realized)")
	g = grid{head: []string{"step", cur.String()}}
	for _, s := range rv.waterfall() {
		g.add(s.Name, s.shown())
	}
	g.write(w)

	heading(w, "Top leakage lines")
	g = grid{head: []string{"invoice", "supplier", "item", "leakage", "why"}, left: map[int]bool{1: true, 2: true, 4: true}}
	for _, r := range rv.Leakage {
		g.add(fmt.Sprintf("%s/%d", r.Invoice, r.Line), r.Supplier, rv.Lines[r.Seq].line.Item,
			lineMoney(r.Leakage()), rv.explain(r))
	}
	g.write(w)

	heading(w, "Maverick suppliers")
	g = grid{head: []string{"supplier", "lines", "spend", "bought around"}, left: map[int]bool{3: true}}
	for _, m := range rv.Maverick {
		g.add(m.Supplier, fmt.Sprint(m.Lines), amount(m.Spend), strings.Join(m.Around, ", "))
	}
	g.write(w)

	heading(w, "Governance exceptions")
	for _, e := range rv.Exceptions {
		fmt.Fprintf(w, "  %-18s  %s: %s\n", e.Kind, e.Subject, e.Detail)
	}
	if len(rv.Exceptions) == 0 {
		fmt.Fprintln(w, "  none")
	}

	heading(w, "Rejected and unreadable input")
	for _, p := range rv.inputProblems() {
		fmt.Fprintf(w, "  %s\n", p)
	}
	acct := rv.Scorecard.Accounting()
	fmt.Fprintf(w, "  %d invoice lines classified: %s\n", acct.Results(), classCounts(acct))
}

// lastName is the last part of a category path.
func lastName(path string) string {
	parts := splitPath(path)
	return parts[len(parts)-1]
}

func classCounts(a scorecard.Accounting) string {
	var parts []string
	for c := matching.Class(1); int(c) < matching.NumClasses; c++ {
		if a.Lines[c] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", a.Lines[c], c))
		}
	}
	if a.AfterAsOf > 0 {
		parts = append(parts, fmt.Sprintf("%d after the as-of date", a.AfterAsOf))
	}
	if a.OutsideWindow > 0 {
		parts = append(parts, fmt.Sprintf("%d outside the year", a.OutsideWindow))
	}
	return strings.Join(parts, ", ")
}
