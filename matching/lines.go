package matching

import (
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
)

// Lines holds invoice lines ready to be matched many at a time: each
// line's text is kept once per distinct value and its numbers as exact
// scaled integers, so that [Matcher.MatchLines] hashes no text and reads
// no decimal per line, and each match hashes and looks up a supplier and
// item pair, an invoice or a supplier once, however many lines name it.
// Build it where the lines are read, in place of a slice of
// [InvoiceLine]; matching it gives exactly the results
// [Matcher.MatchBatch] gives for the same lines in the same order.
//
// Lines holds no pointers per line, so a large batch costs the garbage
// collector little. The zero Lines is empty and ready to use. It is not
// safe for concurrent use while lines are added; matching only reads it.
type Lines struct {
	rows []lineRow

	invoices, suppliers, items, regions, businessUnits, units, currencies textSet

	pairs map[[2]int32]int32 // supplier and item → position in pair
	pair  [][2]int32         // supplier and item of each pair

	odd []oddNumbers // numbers beyond six places or an int64, as given
}

// lineRow is one line, its text by position in the Lines' text sets.
type lineRow struct {
	qty, price fixed.Value // when the line's numbers are exact
	line       int
	category   lifecycle.CategoryID

	invoice, supplier, pair, region, businessUnit, unit, currency int32

	odd    int32 // position in Lines.odd; -1 when qty and price hold the numbers
	date   lifecycle.Date
	reason Reason // why the line is invalid; ReasonNone if it is not
}

// oddNumbers are the quantity and unit price of a line whose numbers
// are not exact scaled integers, kept as given.
type oddNumbers struct{ quantity, unitPrice decimal.Decimal }

// textSet numbers distinct texts from 0 in the order first added.
type textSet struct {
	ids  map[string]int32
	list []string
	last int32 // the number returned last, plus one; 0 before any
}

// id returns the number of text, numbering it if it is new. Lines come
// grouped by invoice and supplier, so the text of the line before is
// checked first; a set of a few texts (regions, units, currencies) is
// searched rather than hashed.
func (s *textSet) id(text string) int32 {
	if s.last > 0 && s.list[s.last-1] == text {
		return s.last - 1
	}
	if len(s.list) <= fewTexts {
		if i := slices.Index(s.list, text); i >= 0 {
			s.last = int32(i) + 1
			return int32(i)
		}
	}
	n, ok := s.ids[text]
	if !ok {
		if s.ids == nil {
			s.ids = make(map[string]int32)
		}
		n = int32(len(s.list))
		s.list = append(s.list, text)
		s.ids[text] = n
	}
	s.last = n + 1
	return n
}

// fewTexts is how many texts a set searches before it hashes.
const fewTexts = 8

func (s *textSet) reset() {
	clear(s.ids)
	clear(s.list) // release the texts
	s.list, s.last = s.list[:0], 0
}

// Add appends a line. A line that is invalid is kept, and matching
// rejects it with its reason, as [Matcher.MatchBatch] would.
func (ls *Lines) Add(l InvoiceLine) {
	n := readNumbers(l.Quantity, l.UnitPrice)
	w := lineRow{
		qty: n.qty, price: n.paid, line: l.Line, category: l.Category, date: l.Date,
		invoice: ls.invoices.id(l.Invoice), supplier: ls.suppliers.id(l.Supplier),
		region: ls.regions.id(l.Region), businessUnit: ls.businessUnits.id(l.BusinessUnit),
		unit: ls.units.id(l.Unit), currency: ls.currencies.id(string(l.Currency)),
		odd: -1, reason: check(&l, &n),
	}
	w.pair = ls.pairOf(w.supplier, ls.items.id(l.Item))
	if !n.exact {
		w.qty, w.price, w.odd = 0, 0, int32(len(ls.odd))
		ls.odd = append(ls.odd, oddNumbers{l.Quantity, l.UnitPrice})
	}
	ls.rows = append(ls.rows, w)
}

// AddAll appends lines in order.
func (ls *Lines) AddAll(lines []InvoiceLine) {
	ls.rows = slices.Grow(ls.rows, len(lines))
	for i := range lines {
		ls.Add(lines[i])
	}
}

func (ls *Lines) pairOf(supplier, item int32) int32 {
	k := [2]int32{supplier, item}
	if len(ls.pair) > 0 && ls.pair[len(ls.pair)-1] == k {
		return int32(len(ls.pair) - 1)
	}
	n, ok := ls.pairs[k]
	if !ok {
		if ls.pairs == nil {
			ls.pairs = make(map[[2]int32]int32)
		}
		n = int32(len(ls.pair))
		ls.pair = append(ls.pair, k)
		ls.pairs[k] = n
	}
	return n
}

// Len returns the number of lines added.
func (ls *Lines) Len() int { return len(ls.rows) }

// Line returns the i-th line added, counting from 0. Its quantity and
// unit price equal those given, though a number given with trailing
// zeros (1.50) comes back without them (1.5).
func (ls *Lines) Line(i int) InvoiceLine {
	w := &ls.rows[i]
	l := InvoiceLine{
		Invoice: ls.invoices.list[w.invoice], Line: w.line,
		Supplier: ls.suppliers.list[w.supplier], Item: ls.items.list[ls.pair[w.pair][1]],
		Category: w.category, Region: ls.regions.list[w.region],
		BusinessUnit: ls.businessUnits.list[w.businessUnit], Date: w.date,
		Unit: ls.units.list[w.unit], Currency: lifecycle.Currency(ls.currencies.list[w.currency]),
	}
	if w.odd >= 0 {
		o := &ls.odd[w.odd]
		l.Quantity, l.UnitPrice = o.quantity, o.unitPrice
	} else {
		l.Quantity, l.UnitPrice = w.qty.Decimal(), w.price.Decimal()
	}
	return l
}

// Reset removes every line, keeping the space they took for the lines
// added next.
func (ls *Lines) Reset() {
	ls.rows = ls.rows[:0]
	for _, s := range []*textSet{&ls.invoices, &ls.suppliers, &ls.items, &ls.regions, &ls.businessUnits, &ls.units, &ls.currencies} {
		s.reset()
	}
	clear(ls.pairs)
	ls.pair = ls.pair[:0]
	clear(ls.odd)
	ls.odd = ls.odd[:0]
}

// evaluateRow is [Index.evaluate] for the i-th line of ls, whose texts
// the matcher has looked up in rs.
func (ix *Index) evaluateRow(ls *Lines, rs *resolved, i int, sp span, seq int, r *Result) {
	w := &ls.rows[i]
	*r = Result{
		Seq: seq, Invoice: ls.invoices.list[w.invoice], Line: w.line, Category: w.category,
		Currency: lifecycle.Currency(ls.currencies.list[w.currency]),
		Supplier: ls.suppliers.list[w.supplier], Region: ls.regions.list[w.region],
		BusinessUnit: ls.businessUnits.list[w.businessUnit],
		Term:         -1, Tier: -1, DuplicateOf: -1, pending: -1, date: w.date,
	}
	if !w.date.IsZero() {
		r.Period = w.date.Period()
	}
	if w.odd < 0 {
		r.qty, r.spend = w.qty, fixed.MulValues(w.price, w.qty)
	} else {
		o := &ls.odd[w.odd]
		n := readNumbers(o.quantity, o.unitPrice)
		r.setNumbers(&n)
	}
	lk := lineCodes{currency: rs.currency[w.currency], unit: rs.unit[w.unit], day: dayOf(w.date), region: rs.region[w.region]}
	ix.decide(r, w.reason, &lk, sp)
}

// resolved is what a matcher looks up once per distinct text of a
// [Lines] it matches: the candidates of each supplier and item pair,
// the hashes of suppliers and invoices, and the codes of regions, units
// and currencies.
type resolved struct {
	spans     []span
	suppliers [][2]uint64
	invoices  [][2]uint64
	region    []uint64
	unit      []uint16
	currency  []uint32
}

// resolve looks up the texts of ls in the index, on up to workers
// goroutines.
func (rs *resolved) resolve(ix *Index, ls *Lines, workers int) {
	rs.suppliers = resize(rs.suppliers, len(ls.suppliers.list))
	rs.invoices = resize(rs.invoices, len(ls.invoices.list))
	rs.spans = resize(rs.spans, len(ls.pair))
	rs.region = resize(rs.region, len(ls.regions.list))
	rs.unit = resize(rs.unit, len(ls.units.list))
	rs.currency = resize(rs.currency, len(ls.currencies.list))
	h := textHashes{seeds: &ix.byItem.seeds}
	for i, s := range ls.suppliers.list { // before the pairs, which need them
		rs.suppliers[i] = *h.of(s)
	}
	for i, r := range ls.regions.list {
		rs.region[i] = ix.regionBit(r)
	}
	for i, u := range ls.units.list {
		rs.unit[i] = ix.unitNumber(u)
	}
	for i, c := range ls.currencies.list {
		rs.currency[i] = currencyCode(lifecycle.Currency(c))
	}
	if workers <= 1 {
		rs.resolveShare(ix, ls, 0, 1)
		return
	}
	parallel(workers, workers, func(w, _, _ int) { rs.resolveShare(ix, ls, w, workers) })
}

// resolveShare hashes the w-th of shares invoices, and looks up the
// candidates of the w-th of shares supplier and item pairs.
func (rs *resolved) resolveShare(ix *Index, ls *Lines, w, shares int) {
	t := &ix.byItem
	h := textHashes{seeds: &t.seeds}
	n := len(ls.invoices.list)
	for i := n * w / shares; i < n*(w+1)/shares; i++ {
		rs.invoices[i] = *h.of(ls.invoices.list[i])
	}
	n = len(ls.pair)
	for p := n * w / shares; p < n*(w+1)/shares; p++ {
		k := ls.pair[p]
		h1, h2 := t.key(&rs.suppliers[k[0]], ls.items.list[k[1]])
		rs.spans[p] = t.get(h1, h2)
	}
}
