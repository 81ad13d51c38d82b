package matching

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
)

// Totals rolls match results up by category, month and currency: lines
// and spend per class, leakage and savings. Its classes always add up to
// exactly the lines and spend it was given — the reconciliation a finance
// person checks first — and partial totals merge exactly, whatever the
// split.
//
// The zero Totals is not ready; make one with [NewTotals]. Adding is not
// safe for concurrent use; build one Totals per goroutine and
// [Totals.Merge] them.
type Totals struct {
	cells map[cellKey]*cell
}

type cellKey struct {
	category lifecycle.CategoryID
	period   lifecycle.Period
	currency lifecycle.Currency
}

type cell struct {
	lines            [NumClasses]int
	spend            [NumClasses]fixed.Amount
	slow             [NumClasses]decimal.Decimal // spend of lines too large for the fast path
	leakage, savings fixed.Amount
}

// NewTotals returns empty totals.
func NewTotals() *Totals { return &Totals{cells: make(map[cellKey]*cell)} }

// Add counts one result.
func (t *Totals) Add(r *Result) {
	k := cellKey{r.Category, r.Period, r.Currency}
	c := t.cells[k]
	if c == nil {
		c = new(cell)
		t.cells[k] = c
	}
	c.lines[r.Class]++
	if r.bigSpend != nil {
		c.slow[r.Class] = c.slow[r.Class].Add(*r.bigSpend)
	} else {
		c.spend[r.Class] = c.spend[r.Class].Add(r.spend)
	}
	c.leakage = c.leakage.Add(r.leakage)
	c.savings = c.savings.Add(r.savings)
}

// AddAll counts every result.
func (t *Totals) AddAll(results []Result) {
	for i := range results {
		t.Add(&results[i])
	}
}

// AddParallel counts every result, spread over workers goroutines; the
// totals are exactly those AddAll gives.
func (t *Totals) AddParallel(results []Result, workers int) {
	if workers <= 1 {
		t.AddAll(results)
		return
	}
	parts := make([]*Totals, workers)
	parallel(len(results), workers, func(w, lo, hi int) {
		parts[w] = NewTotals()
		parts[w].AddAll(results[lo:hi])
	})
	for _, p := range parts {
		if p != nil {
			t.Merge(p)
		}
	}
}

// Merge adds o's counts to t.
func (t *Totals) Merge(o *Totals) {
	for k, oc := range o.cells {
		c := t.cells[k]
		if c == nil {
			c = new(cell)
			t.cells[k] = c
		}
		c.add(oc)
	}
}

func (c *cell) add(o *cell) {
	for i := range NumClasses {
		c.lines[i] += o.lines[i]
		c.spend[i] = c.spend[i].Add(o.spend[i])
		if !o.slow[i].IsZero() { // decimal's Add allocates even for zeros
			c.slow[i] = c.slow[i].Add(o.slow[i])
		}
	}
	c.leakage = c.leakage.Add(o.leakage)
	c.savings = c.savings.Add(o.savings)
}

// Figures are the totals of one slice of the lines: one currency, or one
// category, month and currency. Index Lines and Spend by [Class].
type Figures struct {
	Category lifecycle.CategoryID // zero in a currency summary
	Period   lifecycle.Period     // zero in a currency summary
	Currency lifecycle.Currency
	Lines    [NumClasses]int
	Spend    [NumClasses]lifecycle.Money
	Leakage  lifecycle.Money
	Savings  lifecycle.Money
}

// TotalLines returns the number of lines in every class.
func (f *Figures) TotalLines() int {
	n := 0
	for _, l := range f.Lines {
		n += l
	}
	return n
}

// TotalSpend returns the spend of every class: the input spend.
func (f *Figures) TotalSpend() lifecycle.Money { return f.sum(func(Class) bool { return true }) }

// Addressable returns on-contract, leakage and maverick spend.
func (f *Figures) Addressable() lifecycle.Money { return f.sum(Class.Addressable) }

func (f *Figures) sum(keep func(Class) bool) lifecycle.Money {
	total := decimal.Zero
	for c := range NumClasses {
		if keep(Class(c)) && f.Spend[c].IsSet() {
			total = total.Add(f.Spend[c].Amount())
		}
	}
	return money(total, f.Currency)
}

// Cells returns the figures per category, month and currency, ordered by
// currency, category and month.
func (t *Totals) Cells() []Figures {
	out := make([]Figures, 0, len(t.cells))
	for k, c := range t.cells {
		out = append(out, c.figures(k))
	}
	slices.SortFunc(out, func(a, b Figures) int {
		if c := cmp.Compare(a.Currency, b.Currency); c != 0 {
			return c
		}
		if c := a.Category.Compare(b.Category); c != 0 {
			return c
		}
		return a.Period.Compare(b.Period)
	})
	return out
}

// ByCurrency returns the figures per currency, ordered by currency code:
// the reconciliation of everything counted.
func (t *Totals) ByCurrency() []Figures {
	sums := map[lifecycle.Currency]*cell{}
	for k, c := range t.cells {
		s := sums[k.currency]
		if s == nil {
			s = new(cell)
			sums[k.currency] = s
		}
		s.add(c)
	}
	out := make([]Figures, 0, len(sums))
	for cur, s := range sums {
		out = append(out, s.figures(cellKey{currency: cur}))
	}
	slices.SortFunc(out, func(a, b Figures) int { return cmp.Compare(a.Currency, b.Currency) })
	return out
}

// Lines returns the number of lines counted.
func (t *Totals) Lines() int {
	n := 0
	for _, c := range t.cells {
		for _, l := range c.lines {
			n += l
		}
	}
	return n
}

func (c *cell) figures(k cellKey) Figures {
	f := Figures{Category: k.category, Period: k.period, Currency: k.currency, Lines: c.lines}
	places, ok := k.currency.MinorUnits()
	if !ok {
		places = 2
	}
	for i := range NumClasses {
		f.Spend[i] = money(c.spend[i].DecimalPlaces(places).Add(c.slow[i]), k.currency)
	}
	f.Leakage = moneyOf(c.leakage, k.currency)
	f.Savings = moneyOf(c.savings, k.currency)
	return f
}
