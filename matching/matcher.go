package matching

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/openprocure/realize/internal/fixed"
)

// shards splits the duplicate registers so that they can be filled in
// parallel; it is fixed, so a matcher's state does not depend on how many
// goroutines fill it.
const shards = 16

// Matcher matches invoice lines against an [Index] and remembers what it
// has seen: the invoice lines (for duplicates), the amounts (for
// suspected duplicates) and the quantity bought under each cumulative
// term. Feed it every line of a reporting run, in one batch or many.
//
// A Matcher is not safe for concurrent use; [Matcher.MatchParallel]
// spreads one batch over goroutines itself. Make one with
// [Index.NewMatcher].
//
// Memory: what a matcher remembers takes 80 to 160 bytes per line seen.
// A large batch may need about 50 bytes per line of scratch space
// besides, which the matcher keeps for its next batch.
//
// Limitation: cumulative tiers are resolved within a batch in
// invoice-date order, but across batches and calls of [Matcher.Match]
// in the order lines arrive; feed batches in date order.
type Matcher struct {
	ix         *Index
	lines      [shards]register[struct{}] // invoice and line number
	amounts    [shards]register[uint64]   // supplier, amount, currency and date; the invoice's hash
	cumulative []fixed.Amount             // per term: millionths of the term's unit bought so far
	seq        int

	// Scratch space, reused from batch to batch so that matching
	// allocates nothing per line once it has grown.
	listed    []keyLists      // keys of a large batch's lines, per part
	dup       []bool          // of a large batch's lines: found a duplicate
	pending   []pendingLine   // lines awaiting a cumulative tier
	pendingOf [][]pendingLine // the same, per goroutine of a parallel batch
	resolved  resolved        // of the Lines being matched
	one       [1]InvoiceLine  // the line of Match, so that it need not escape
	oneOut    [1]Result
}

// NewMatcher returns a matcher with nothing seen yet.
func (ix *Index) NewMatcher() *Matcher {
	return &Matcher{
		ix:         ix,
		cumulative: make([]fixed.Amount, ix.nTerms),
	}
}

// Match matches one line, after every line matched before it. Like a
// batch, it allocates nothing for a valid line once the matcher is warm.
func (m *Matcher) Match(l InvoiceLine) Result {
	m.one[0] = l
	m.match(input{lines: m.one[:]}, m.oneOut[:], 1)
	r := m.oneOut[0]
	m.one[0], m.oneOut[0] = InvoiceLine{}, Result{} // keep no strings alive
	return r
}

// MatchBatch matches lines in order and appends one result per line to
// out, which it returns; pass a slice with room to spare to avoid
// allocating.
func (m *Matcher) MatchBatch(lines []InvoiceLine, out []Result) []Result {
	out, results := grow(out, len(lines))
	m.match(input{lines: lines}, results, 1)
	return out
}

// MatchParallel is [Matcher.MatchBatch] spread over workers goroutines
// (GOMAXPROCS when workers < 1). Its results are identical to
// MatchBatch's, line for line.
func (m *Matcher) MatchParallel(lines []InvoiceLine, out []Result, workers int) []Result {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	out, results := grow(out, len(lines))
	m.match(input{lines: lines}, results, workers)
	return out
}

// MatchLines is [Matcher.MatchBatch] for lines held in [Lines]: the same
// results, line for line, found faster.
func (m *Matcher) MatchLines(ls *Lines, out []Result) []Result {
	return m.matchLines(ls, out, 1)
}

// MatchLinesParallel is [Matcher.MatchLines] spread over workers
// goroutines (GOMAXPROCS when workers < 1), with the same results.
func (m *Matcher) MatchLinesParallel(ls *Lines, out []Result, workers int) []Result {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	return m.matchLines(ls, out, workers)
}

func (m *Matcher) matchLines(ls *Lines, out []Result, workers int) []Result {
	out, results := grow(out, ls.Len())
	m.resolved.resolve(m.ix, ls, workers)
	m.match(input{rows: ls}, results, workers)
	return out
}

// input is a batch of lines: a slice of them, or a Lines whose texts
// the matcher has resolved.
type input struct {
	lines []InvoiceLine
	rows  *Lines
}

func (in *input) len() int {
	if in.rows != nil {
		return in.rows.Len()
	}
	return len(in.lines)
}

func grow(out []Result, n int) (all, added []Result) {
	out = slices.Grow(out, n)
	start := len(out)
	out = out[:start+n]
	return out, out[start:]
}

// match runs the three steps over a batch: each line on its own, then
// the duplicate registers in arrival order, then cumulative tiers in date
// order.
//
// A small batch goes through the registers a block at a time, as soon
// as the block is decided; so does one on one goroutine that is small
// against what the matcher remembers already. Any other is first decided
// in full, in parts, each part listing its lines' keys by register
// shard, and the registers are filled a shard at a time, from every
// part's lists in turn, so in arrival order. A shard's table is a
// sixteenth of its register and takes a sixteenth of the batch's keys:
// when those are many against the table, the processor keeps it at hand
// far better than the whole register. On several goroutines, each takes
// parts, and then shards, as it comes free (see share). The cumulative
// step, too, splits by term.
func (m *Matcher) match(in input, results []Result, workers int) {
	n := in.len()
	base := m.seq
	m.seq += n
	workers = min(workers, n/block)
	if n < 2*block || (workers <= 1 && n < base/4) { // a block at a time
		m.reserve(n)
		m.pending = m.evaluate(&in, results, base, 0, n, nil, m.pending[:0])
		m.cumulate(results, 1)
		return
	}
	// A parallel batch is decided in more parts than there are
	// goroutines; see share.
	parts := 1
	if workers > 1 {
		parts = min(partsPerWorker*workers, n/block)
	}
	if len(m.listed) < parts {
		m.listed = make([]keyLists, parts)
	}
	if len(m.pendingOf) < workers {
		m.pendingOf = make([][]pendingLine, workers)
	}
	listed := m.listed[:parts]
	m.dup = resize(m.dup, n)
	clear(m.dup)
	if workers == 1 { // the same steps, making no closures, so that a batch allocates nothing
		listed[0].reset(n)
		m.pending = m.evaluate(&in, results, base, 0, n, &listed[0], m.pending[:0])
		m.fill(results, base, 0, shards, listed, false)
		m.fill(results, base, 0, shards, listed, true)
		m.cumulate(results, 1)
		return
	}
	shared := new(input) // the goroutines' copy, so that in stays on the stack
	*shared = in
	for w := range workers {
		m.pendingOf[w] = m.pendingOf[w][:0]
	}
	share(parts, workers, func(w, p int) {
		lo, hi := n*p/parts, n*(p+1)/parts
		listed[p].reset(hi - lo)
		m.pendingOf[w] = m.evaluate(shared, results, base, lo, hi, &listed[p], m.pendingOf[w])
	})
	m.pending = m.pending[:0]
	for w := range workers {
		m.pending = append(m.pending, m.pendingOf[w]...)
	}
	for _, amount := range [...]bool{false, true} { // duplicates first: they take no part in the amounts
		share(shards, workers, func(_, s int) { m.fill(results, base, s, s+1, listed, amount) })
	}
	m.cumulate(results, workers)
}

// fill runs the keys listed for shards lo to hi, part by part, through
// the line register, or the amount register (amount), first making room
// in each shard for its share of the batch, so that a goroutine clears
// the new memory of the shards it fills.
func (m *Matcher) fill(results []Result, base, lo, hi int, listed []keyLists, amount bool) {
	room := len(results) / shards
	for s := lo; s < hi; s++ {
		if amount {
			m.amounts[s].reserve(room)
		} else {
			m.lines[s].reserve(room)
		}
		for p := range listed {
			m.sameKeys(results, base, s, listed[p].of(amount, s), amount)
		}
	}
}

// reserve makes room in every shard of the registers for about its share
// of n more lines, so that they rarely grow midway through a batch.
func (m *Matcher) reserve(n int) {
	share := n / shards
	for s := range shards {
		m.lines[s].reserve(share)
		m.amounts[s].reserve(share)
	}
}

// partsPerWorker is how many parts a parallel batch is decided in, per
// goroutine.
const partsPerWorker = 8

// block is how many lines the matcher takes at a time in each step:
// every read a line needs is started for the whole block before any
// line waits for one.
const block = 256

// evaluate runs the line-by-line step over lines lo to hi of in, a
// block at a time, and returns pending with the positions of the lines
// that await a cumulative tier appended. With into nil it fills the
// registers as it goes; otherwise it lists each line's keys in into for
// them.
//
// Finding a line's candidates takes reads that each wait for the one
// before: for a slice of lines, the supplier and item text, the table
// slot their hash names, and the candidates; for Lines, whose pairs are
// resolved, the candidates alone. A pass over the block for each read,
// each touching what the next pass needs, lets the processor fetch it
// for all the block's lines at once instead of waiting for each in turn;
// only then are the lines decided.
func (m *Matcher) evaluate(in *input, results []Result, base, lo, hi int, into *keyLists, pending []pendingLine) []pendingLine {
	var f found
	for b := lo; b < hi; b += block {
		n := min(block, hi-b)
		if in.rows != nil {
			f.rows(in.rows, &m.resolved, b, n)
		} else {
			f.lines(&m.ix.byItem, in.lines[b:b+n])
		}
		m.touchCandidates(f.spans[:n])

		ks := f.own[:n]
		for j := range n {
			i := b + j
			r := &results[i]
			if in.rows != nil {
				m.ix.evaluateRow(in.rows, &m.resolved, i, f.spans[j], base+i, r)
			} else {
				m.ix.evaluate(&in.lines[i], f.spans[j], base+i, r)
			}
			if r.pending >= 0 {
				pending = append(pending, pendingOf(r, &m.ix.cands[r.pending], i))
			}
			if r.Class == Rejected {
				ks[j] = keys{}
				continue
			}
			ks[j] = lineKeys(&f.invoices[j], &f.suppliers[j], r)
		}
		if into == nil {
			m.remember(results[b:b+n], base+b, ks)
		} else {
			into.add(ks, b)
		}
	}
	return pending
}

// found is what evaluate finds for a block of lines before deciding
// them: the hashes of each line's invoice and supplier, and its
// candidates.
type found struct {
	invoices, suppliers [block][2]uint64
	spans               [block]span
	own                 [block]keys // the block's keys

	invoiceText, supplierText textHashes // hashes of the last text
}

// lines finds what evaluate needs for a block of lines: their hashes
// and, through the index's table t, their candidates.
func (f *found) lines(t *itemTable, lines []InvoiceLine) {
	f.invoiceText.seeds, f.supplierText.seeds = &t.seeds, &t.seeds
	var hashes [block][2]uint64
	var touched byte
	for j := range lines {
		l := &lines[j]
		touched ^= firstByte(l.Supplier) ^ firstByte(l.Item)
	}
	for j := range lines {
		l := &lines[j]
		f.suppliers[j] = *f.supplierText.of(l.Supplier)
		f.invoices[j] = *f.invoiceText.of(l.Invoice)
		h1, h2 := t.key(&f.suppliers[j], l.Item)
		hashes[j] = [2]uint64{h1, h2}
	}
	for j := range lines { // nothing but the reads, to have many in flight
		touched ^= t.touch(hashes[j][0])
	}
	runtime.KeepAlive(touched) // the touches are for their fetches only
	for j := range lines {
		f.spans[j] = t.get(hashes[j][0], hashes[j][1])
	}
}

// rows finds what evaluate needs for n lines of ls from the b-th, from
// what the matcher resolved of their texts.
func (f *found) rows(ls *Lines, rs *resolved, b, n int) {
	for j, w := range ls.rows[b : b+n] {
		f.spans[j] = rs.spans[w.pair]
		f.suppliers[j] = rs.suppliers[w.supplier]
		f.invoices[j] = rs.invoices[w.invoice]
	}
}

// touchCandidates reads the candidates of a block's lines, and what the
// first candidate, most often chosen, reads next, so that the processor
// fetches them all before any line is decided.
func (m *Matcher) touchCandidates(spans []span) {
	var touched byte
	for _, sp := range spans {
		for c := sp.lo; c < sp.hi; c++ {
			touched ^= byte(m.ix.cands[c].kind)
		}
	}
	for _, sp := range spans {
		if sp.lo < sp.hi {
			c := &m.ix.cands[sp.lo]
			touched ^= m.ix.contracts[c.contract].id.UUID()[0]
			if c.tierLo < c.tierHi {
				touched ^= byte(m.ix.tiers[c.tierLo].from)
			}
		}
	}
	runtime.KeepAlive(touched)
}

// remember runs a block of lines, decided and keyed, through both
// registers in arrival order: a line seen before is a duplicate; a line
// with the supplier, amount, currency and date of a line of another
// invoice is a suspected duplicate. first is the block's first Seq.
func (m *Matcher) remember(results []Result, first int, ks []keys) {
	var touched byte
	for j := range ks {
		if k := &ks[j].line; k.h1 != 0 {
			touched ^= m.lines[shardOf(k.h1)].touch(k.h1)
			a := &ks[j].amount
			touched ^= m.amounts[shardOf(a.h1)].touch(a.h1)
		}
	}
	runtime.KeepAlive(touched)
	for j := range ks {
		if k := &ks[j].line; k.h1 != 0 && m.sameLine(&results[j], first+j, k.h1, k.h2) {
			ks[j].amount = key{} // a duplicate takes no part in the amount check
		}
	}
	for j := range ks {
		if k := &ks[j].amount; k.h1 != 0 {
			m.sameAmount(&results[j], first+j, k.h1, k.h2, k.invoice)
		}
	}
}

// sameLine marks r, line seq keyed (h1, h2), a duplicate if its invoice
// line was seen before, and reports whether it was.
func (m *Matcher) sameLine(r *Result, seq int, h1, h2 uint64) bool {
	first, _, dup := m.lines[shardOf(h1)].first(h1, h2, seq, struct{}{})
	if dup {
		r.markDuplicate(Duplicate, RuleSameLine, first)
	}
	return dup
}

// sameAmount marks r, line seq keyed (h1, h2) of the invoice hashed
// invoice, a suspected duplicate if a line of another invoice had its
// supplier, amount, currency and date.
func (m *Matcher) sameAmount(r *Result, seq int, h1, h2, invoice uint64) {
	first, firstInvoice, dup := m.amounts[shardOf(h1)].first(h1, h2, seq, invoice)
	if dup && firstInvoice != invoice {
		r.markDuplicate(SuspectedDuplicate, RuleSameAmount, first)
	}
}

// firstByte returns the first byte of s, or 0; reading it fetches s.
func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// share calls f(w, p) for every part p in [0, parts), on workers
// goroutines, each goroutine w taking the next part left as it comes
// free: one that the machine slows down leaves more parts to the others.
func share(parts, workers int, f func(w, p int)) {
	var next atomic.Int32
	parallel(workers, workers, func(w, _, _ int) {
		for p := int(next.Add(1)) - 1; p < parts; p = int(next.Add(1)) - 1 {
			f(w, p)
		}
	})
}

// parallel calls f over [0, n) split into at most workers ranges, the
// w-th range on the w-th goroutine.
func parallel(n, workers int, f func(w, lo, hi int)) {
	if workers <= 1 || n < 2 {
		f(0, 0, n)
		return
	}
	workers = min(workers, n)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w, lo, hi)
		}()
	}
	wg.Wait()
}

// keyLists are the keys of the lines of one part of a batch, listed by
// register and shard, each list in arrival order. A rejected line has no
// keys.
type keyLists struct {
	line, amount [shards][]listedKey
}

// listedKey is a key as a register keeps it: its first hash, the high
// bits of its second (see register) with the line's position in its
// batch in the low bits, and its invoice's hash.
type listedKey struct{ h1, tag, invoice uint64 }

// reset empties the lists, with room for about n lines.
func (kl *keyLists) reset(n int) {
	room := n/shards + n/(8*shards) + 64 // a shard's share, and some
	for s := range shards {
		kl.line[s] = slices.Grow(kl.line[s][:0], room)
		kl.amount[s] = slices.Grow(kl.amount[s][:0], room)
	}
}

// of returns the list of shard s's amount keys, or line keys.
func (kl *keyLists) of(amount bool, s int) []listedKey {
	if amount {
		return kl.amount[s]
	}
	return kl.line[s]
}

// add lists the keys of a block of lines, the first at position b.
func (kl *keyLists) add(ks []keys, b int) {
	for j := range ks {
		k := &ks[j]
		if k.line.h1 == 0 {
			continue
		}
		at := uint64(b + j)
		s := shardOf(k.line.h1)
		kl.line[s] = append(kl.line[s], listedKey{k.line.h1, k.line.h2&^seqMask | at, 0})
		s = shardOf(k.amount.h1)
		kl.amount[s] = append(kl.amount[s], listedKey{k.amount.h1, k.amount.h2&^seqMask | at, k.amount.invoice})
	}
}

// sameKeys runs listed lines of shard s through the line register, or
// the amount register (amount), in order, a block at a time whose slots
// are fetched first; base is the batch's first Seq. A line the line
// register found a duplicate takes no part in the amount check. A
// shard's table is a sixteenth of the register, so the processor keeps
// more of it at hand.
func (m *Matcher) sameKeys(results []Result, base, s int, list []listedKey, amount bool) {
	for lo := 0; lo < len(list); lo += block {
		part := list[lo:min(lo+block, len(list))]
		var touched byte
		for i := range part {
			if amount {
				touched ^= m.amounts[s].touch(part[i].h1)
			} else {
				touched ^= m.lines[s].touch(part[i].h1)
			}
		}
		runtime.KeepAlive(touched)
		for _, k := range part {
			at := k.tag & seqMask
			switch {
			case !amount:
				m.dup[at] = m.sameLine(&results[at], base+int(at), k.h1, k.tag)
			case !m.dup[at]:
				m.sameAmount(&results[at], base+int(at), k.h1, k.tag, k.invoice)
			}
		}
	}
}

// markDuplicate reclassifies a line as a duplicate of line first: its
// spend stays, counted in its new class; its leakage and savings are not
// counted again, and it adds nothing to cumulative quantities.
func (r *Result) markDuplicate(c Class, rule Rule, first int) {
	r.Class, r.Rule, r.DuplicateOf = c, rule, first
	r.leakage, r.savings, r.Floored = fixed.Amount{}, fixed.Amount{}, false
}

// pendingLine is a line awaiting its cumulative tier: its date and its
// position in the batch, packed so that they sort as one number, and
// the term whose tier it awaits.
type pendingLine struct {
	order uint64 // day<<32 | position
	term  int32
}

func pendingOf(r *Result, c *candidate, at int) pendingLine {
	return pendingLine{order: uint64(dayOf(r.date))<<32 | uint64(at), term: c.term}
}

// cumulate prices the lines of cumulative terms in date order (arrival
// order within a day), each at the tier set by what was bought before
// under its term. Terms do not share quantities, so with several
// workers each takes the terms it is given, all of whose lines it
// prices in order.
func (m *Matcher) cumulate(results []Result, workers int) {
	pending := m.pending
	slices.SortFunc(pending, func(a, b pendingLine) int { return cmp.Compare(a.order, b.order) })
	if workers <= 1 || len(pending) < 4*block {
		m.cumulateTerms(results, 0, 1)
		return
	}
	parallel(workers, workers, func(w, _, _ int) { m.cumulateTerms(results, w, workers) })
}

// cumulateTerms prices the pending lines of the terms t with t % of ==
// w, a block at a time: the results, and then their terms' candidates
// and quantities, are fetched for the whole block before any is priced.
func (m *Matcher) cumulateTerms(results []Result, w, of int) {
	var mine [block]int32
	pending := m.pending
	for lo := 0; lo < len(pending); {
		n := 0
		for ; lo < len(pending) && n < block; lo++ {
			if int(pending[lo].term)%of == w {
				mine[n] = int32(lo)
				n++
			}
		}
		var touched byte
		for _, k := range mine[:n] {
			p := &pending[k]
			r := &results[uint32(p.order)]
			touched ^= byte(r.Class) ^ byte(r.Tier) ^ byte(r.DuplicateOf) ^ byte(r.pending) ^
				byte(m.cumulative[p.term].Lo())
		}
		for _, k := range mine[:n] {
			r := &results[uint32(pending[k].order)]
			c := &m.ix.cands[r.pending]
			touched ^= byte(c.kind)
			if c.tierLo < c.tierHi {
				touched ^= byte(m.ix.tiers[c.tierLo].from)
			}
		}
		runtime.KeepAlive(touched)
		for _, k := range mine[:n] {
			m.cumulateOne(&results[uint32(pending[k].order)])
		}
	}
}

// cumulateOne prices r at the tier its term's quantity bought so far
// sets, and adds its quantity.
func (m *Matcher) cumulateOne(r *Result) {
	c := &m.ix.cands[r.pending]
	t := c.term
	r.pending = -1
	if r.DuplicateOf >= 0 {
		// Priced where it stands, for the explanation, but it buys
		// nothing and counts nothing a second time.
		class, rule := r.Class, r.Rule
		m.ix.price(r, c, r.qtyTerm, bought(m.cumulative[t]))
		r.markDuplicate(class, rule, r.DuplicateOf)
		return
	}
	m.ix.price(r, c, r.qtyTerm, bought(m.cumulative[t]))
	m.cumulative[t] = m.cumulative[t].Add(fixed.MulValues(r.qtyTerm, 1))
}

// bought returns a running quantity as a tier level: 128 bits never
// overflow, and beyond int64 every tier is reached anyway.
func bought(a fixed.Amount) fixed.Value {
	if v, ok := a.Int64(); ok {
		return v
	}
	if a.Sign() < 0 {
		return 0
	}
	return math.MaxInt64
}
