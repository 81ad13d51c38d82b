package matching

import (
	"cmp"
	"encoding/binary"
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
	index cellIndex // finds cells without hashing a string

	// The cell found last and its key: the lines of an invoice, which
	// come together, mostly share one.
	last    *cell
	lastKey indexKey
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
	c := t.cell(r.Category, r.Period, r.Currency)
	c.lines[r.Class]++
	if r.bigSpend != nil {
		c.slow[r.Class] = c.slow[r.Class].Add(*r.bigSpend)
	} else {
		c.spend[r.Class] = c.spend[r.Class].Add(r.spend)
	}
	c.leakage = c.leakage.Add(r.leakage)
	c.savings = c.savings.Add(r.savings)
}

// cell returns the cell of a category, month and currency, adding it if
// it is new. The index finds it when the currency is a code of three
// bytes, as every valid one is; the map holds every cell.
func (t *Totals) cell(cat lifecycle.CategoryID, p lifecycle.Period, cur lifecycle.Currency) *cell {
	code := currencyCode(cur)
	if code == 0 {
		return t.mapCell(cellKey{cat, p, cur})
	}
	u := cat.UUID()
	k := indexKey{
		cat:  [2]uint64{binary.LittleEndian.Uint64(u[:8]), binary.LittleEndian.Uint64(u[8:])},
		rest: uint64(uint16(p.Year()))<<40 | uint64(p.Month())<<32 | uint64(code),
	}
	if t.last != nil && k == t.lastKey {
		return t.last
	}
	c := t.index.get(&k)
	if c == nil {
		c = t.mapCell(cellKey{cat, p, cur})
		t.index.put(&k, c)
	}
	t.last, t.lastKey = c, k
	return c
}

func (t *Totals) mapCell(k cellKey) *cell {
	c := t.cells[k]
	if c == nil {
		c = new(cell)
		t.cells[k] = c
	}
	return c
}

// cellIndex finds the cell of a category, month and three-byte currency
// code: an open-addressing table at most half full, in front of the
// map, which hashes the currency's string header and text.
type cellIndex struct {
	slots []indexSlot
	used  int
}

// indexKey is a category's sixteen bytes, and the year, month and
// currency code packed in one word.
type indexKey struct {
	cat  [2]uint64
	rest uint64
}

type indexSlot struct {
	key  indexKey
	cell *cell // nil: empty
}

func (k *indexKey) hash() uint64 { return mix(mix(k.cat[0], k.cat[1]), k.rest) }

func (x *cellIndex) get(k *indexKey) *cell {
	if len(x.slots) == 0 {
		return nil
	}
	mask := uint64(len(x.slots) - 1)
	for i := k.hash() & mask; ; i = (i + 1) & mask {
		s := &x.slots[i]
		if s.cell == nil || s.key == *k {
			return s.cell
		}
	}
}

// put adds a key known to be absent.
func (x *cellIndex) put(k *indexKey, c *cell) {
	if 2*(x.used+1) > len(x.slots) {
		old := x.slots
		x.slots = make([]indexSlot, max(64, 2*len(old)))
		for i := range old {
			if old[i].cell != nil {
				x.insert(&old[i].key, old[i].cell)
			}
		}
	}
	x.insert(k, c)
	x.used++
}

func (x *cellIndex) insert(k *indexKey, c *cell) {
	mask := uint64(len(x.slots) - 1)
	i := k.hash() & mask
	for x.slots[i].cell != nil {
		i = (i + 1) & mask
	}
	x.slots[i] = indexSlot{key: *k, cell: c}
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
	// The first goroutine counts into t itself; the others' totals are
	// merged into it after.
	of := make([]*Totals, workers)
	of[0] = t
	n := len(results)
	parts := max(1, min(partsPerWorker*workers, n/block))
	share(parts, workers, func(w, p int) {
		if of[w] == nil {
			of[w] = NewTotals()
		}
		of[w].AddAll(results[n*p/parts : n*(p+1)/parts])
	})
	for _, o := range of[1:] {
		if o != nil {
			t.Merge(o)
		}
	}
}

// Merge adds o's counts to t.
func (t *Totals) Merge(o *Totals) {
	for k, oc := range o.cells {
		t.cell(k.category, k.period, k.currency).add(oc)
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
