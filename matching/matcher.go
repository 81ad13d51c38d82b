package matching

import (
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sync"

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
// Limitation: cumulative tiers are resolved within a batch in
// invoice-date order, but across batches and calls of [Matcher.Match]
// in the order lines arrive; feed batches in date order.
type Matcher struct {
	ix         *Index
	seeds      [2]maphash.Seed
	lines      [shards]register
	amounts    [shards]register
	cumulative []fixed.Amount // per term: millionths of the term's unit bought so far
	seq        int

	// Scratch space, reused from batch to batch so that matching
	// allocates nothing per line once it has grown.
	keys    []keys
	which   []uint8
	byLine  sharding
	byAmt   sharding
	pending []int
}

// NewMatcher returns a matcher with nothing seen yet.
func (ix *Index) NewMatcher() *Matcher {
	return &Matcher{
		ix:         ix,
		seeds:      [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		cumulative: make([]fixed.Amount, ix.nTerms),
	}
}

// Match matches one line, after every line matched before it.
func (m *Matcher) Match(l InvoiceLine) Result {
	var out [1]Result
	m.match([]InvoiceLine{l}, out[:], 1)
	return out[0]
}

// MatchBatch matches lines in order and appends one result per line to
// out, which it returns; pass a slice with room to spare to avoid
// allocating.
func (m *Matcher) MatchBatch(lines []InvoiceLine, out []Result) []Result {
	out, results := grow(out, len(lines))
	m.match(lines, results, 1)
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
	m.match(lines, results, workers)
	return out
}

func grow(out []Result, n int) (all, added []Result) {
	out = slices.Grow(out, n)
	start := len(out)
	out = out[:start+n]
	return out, out[start:]
}

// match runs the three steps over a batch: each line on its own (in
// parallel), duplicates in arrival order (in parallel by shard), then
// cumulative tiers in date order.
func (m *Matcher) match(lines []InvoiceLine, results []Result, workers int) {
	base := m.seq
	m.seq += len(lines)
	m.keys = resize(m.keys, len(lines))
	if workers <= 1 {
		m.evaluate(lines, results, base, 0, len(lines))
	} else {
		parallel(len(lines), workers, func(_, lo, hi int) { m.evaluate(lines, results, base, lo, hi) })
	}

	m.shard(results, &m.byLine, func(k keys) uint64 { return k.line.h1 })
	m.forShards(workers, func(s int) { m.sameLines(results, s) })
	m.shard(results, &m.byAmt, func(k keys) uint64 { return k.amount.h1 })
	m.forShards(workers, func(s int) { m.sameAmounts(results, s) })
	m.cumulate(results)
}

// evaluate runs the line-by-line step over lines[lo:hi], a block at a
// time: first every line's candidates are looked up, then the lines are
// decided. Separate passes let the processor overlap the look-ups'
// memory accesses instead of waiting for each in turn.
func (m *Matcher) evaluate(lines []InvoiceLine, results []Result, base, lo, hi int) {
	const block = 64
	var spans [block]span
	for b := lo; b < hi; b += block {
		n := min(block, hi-b)
		for j := range n {
			l := &lines[b+j]
			spans[j] = m.ix.byItem.candidates(l.Supplier, l.Item)
		}
		for j := range n {
			i := b + j
			r := &results[i]
			m.ix.evaluate(&lines[i], spans[j], base+i, r)
			if r.Class != Rejected {
				m.keys[i] = lineKeys(&m.seeds, lines[i].Supplier, r)
			}
		}
	}
}

// forShards calls f for every shard, spread over workers goroutines.
func (m *Matcher) forShards(workers int, f func(s int)) {
	if workers <= 1 {
		for s := range shards {
			f(s)
		}
		return
	}
	parallel(shards, workers, func(_, lo, hi int) {
		for s := lo; s < hi; s++ {
			f(s)
		}
	})
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// sharding lists the positions of a batch's lines shard by shard, each
// shard's in arrival order.
type sharding struct {
	start [shards + 1]int32
	lines []int32
}

func (s *sharding) of(shard int) []int32 { return s.lines[s.start[shard]:s.start[shard+1]] }

// shard groups the lines that take part in duplicate checks (not
// rejected, not already duplicates) by their hash, with a counting sort.
func (m *Matcher) shard(results []Result, sh *sharding, hash func(keys) uint64) {
	m.which = resize(m.which, len(results))
	var count [shards]int32
	for i := range results {
		if c := results[i].Class; c == Rejected || c == Duplicate {
			m.which[i] = shards
			continue
		}
		s := uint8(hash(m.keys[i]) >> 60 % shards) // high bits: the table uses the low
		m.which[i] = s
		count[s]++
	}
	for s := range shards {
		sh.start[s+1] = sh.start[s] + count[s]
	}
	sh.lines = resize(sh.lines, int(sh.start[shards]))
	next := sh.start
	for i, s := range m.which {
		if s < shards {
			sh.lines[next[s]] = int32(i)
			next[s]++
		}
	}
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

// sameLines marks lines already seen, among the lines of shard s.
func (m *Matcher) sameLines(results []Result, s int) {
	g := &m.lines[s]
	lines := m.byLine.of(s)
	g.reserve(len(lines)) // no growth midway
	for _, i := range lines {
		if first, dup := g.first(m.keys[i].line, results[i].Seq); dup {
			results[i].markDuplicate(Duplicate, RuleSameLine, first.seq)
		}
	}
}

// sameAmounts marks lines with the supplier, amount and date of a line of
// another invoice, among the lines of shard s. Lines just marked as
// duplicates take no part.
func (m *Matcher) sameAmounts(results []Result, s int) {
	g := &m.amounts[s]
	lines := m.byAmt.of(s)
	g.reserve(len(lines))
	for _, i := range lines {
		k := m.keys[i].amount
		if first, dup := g.first(k, results[i].Seq); dup && first.invoice != k.invoice {
			results[i].markDuplicate(SuspectedDuplicate, RuleSameAmount, first.seq)
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

// cumulate prices the lines of cumulative terms in date order (arrival
// order within a day), each at the tier set by what was bought before.
func (m *Matcher) cumulate(results []Result) {
	pending := m.pending[:0]
	for i := range results {
		if results[i].pending >= 0 {
			pending = append(pending, i)
		}
	}
	m.pending = pending
	slices.SortStableFunc(pending, func(a, b int) int {
		return results[a].date.Compare(results[b].date)
	})
	for _, i := range pending {
		r := &results[i]
		c := &m.ix.cands[r.pending]
		t := c.term
		r.pending = -1
		if r.DuplicateOf >= 0 {
			// Priced where it stands, for the explanation, but it buys
			// nothing and counts nothing a second time.
			class, rule := r.Class, r.Rule
			m.ix.price(r, c, r.qtyTerm, bought(m.cumulative[t]))
			r.markDuplicate(class, rule, r.DuplicateOf)
			continue
		}
		m.ix.price(r, c, r.qtyTerm, bought(m.cumulative[t]))
		m.cumulative[t] = m.cumulative[t].Add(fixed.MulValues(r.qtyTerm, 1))
	}
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
