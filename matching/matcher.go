package matching

import (
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
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
	seed       maphash.Seed
	lines      [shards]map[lineKey]int
	amounts    [shards]map[amountKey]firstSeen
	cumulative []fixed.Amount // per term: millionths of the term's unit bought so far
	seq        int
}

type lineKey struct {
	invoice string
	line    int
}

type amountKey struct {
	supplier string
	spend    fixed.Amount
	currency lifecycle.Currency
	date     lifecycle.Date
}

type firstSeen struct {
	invoice string
	seq     int
}

// NewMatcher returns a matcher with nothing seen yet.
func (ix *Index) NewMatcher() *Matcher {
	m := &Matcher{ix: ix, seed: maphash.MakeSeed(), cumulative: make([]fixed.Amount, len(ix.terms))}
	for i := range shards {
		m.lines[i] = make(map[lineKey]int)
		m.amounts[i] = make(map[amountKey]firstSeen)
	}
	return m
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
	parallel(len(lines), workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			m.ix.evaluate(&lines[i], base+i, &results[i])
		}
	})

	byLine := m.shard(results, func(r *Result) string { return r.Invoice })
	parallel(shards, workers, func(_, lo, hi int) {
		for s := lo; s < hi; s++ {
			m.sameLines(results, byLine.of(s), s)
		}
	})
	byAmount := m.shard(results, func(r *Result) string { return r.supplier })
	parallel(shards, workers, func(_, lo, hi int) {
		for s := lo; s < hi; s++ {
			m.sameAmounts(results, byAmount.of(s), s)
		}
	})
	m.cumulate(results)
}

// sharding lists the positions of a batch's lines shard by shard, each
// shard's in arrival order.
type sharding struct {
	start [shards + 1]int32
	lines []int32
}

func (s *sharding) of(shard int) []int32 { return s.lines[s.start[shard]:s.start[shard+1]] }

// shard groups the lines that take part in duplicate checks (not
// rejected) by the hash of key, with a counting sort: two passes and one
// allocation per batch.
func (m *Matcher) shard(results []Result, key func(*Result) string) *sharding {
	var sh sharding
	which := make([]uint8, len(results))
	var count [shards]int32
	for i := range results {
		r := &results[i]
		if r.Class == Rejected || r.Class == Duplicate {
			which[i] = shards
			continue
		}
		which[i] = uint8(maphash.String(m.seed, key(r)) % shards)
		count[which[i]]++
	}
	for s := range shards {
		sh.start[s+1] = sh.start[s] + count[s]
	}
	sh.lines = make([]int32, sh.start[shards])
	next := sh.start
	for i, s := range which {
		if s < shards {
			sh.lines[next[s]] = int32(i)
			next[s]++
		}
	}
	return &sh
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
func (m *Matcher) sameLines(results []Result, lines []int32, s int) {
	seen := m.lines[s]
	for _, i := range lines {
		r := &results[i]
		k := lineKey{r.Invoice, r.Line}
		if first, dup := seen[k]; dup {
			r.markDuplicate(Duplicate, RuleSameLine, first)
			continue
		}
		seen[k] = r.Seq
	}
}

// sameAmounts marks lines with the supplier, amount and date of a line of
// another invoice, among the lines of shard s. Lines just marked as
// duplicates take no part.
func (m *Matcher) sameAmounts(results []Result, lines []int32, s int) {
	seen := m.amounts[s]
	for _, i := range lines {
		r := &results[i]
		if r.Class == Duplicate {
			continue
		}
		k := amountKey{r.supplier, r.spend, r.Currency, r.date}
		first, dup := seen[k]
		switch {
		case !dup:
			seen[k] = firstSeen{r.Invoice, r.Seq}
		case first.invoice != r.Invoice:
			r.markDuplicate(SuspectedDuplicate, RuleSameAmount, first.seq)
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
	var pending []int
	for i := range results {
		if results[i].pending >= 0 {
			pending = append(pending, i)
		}
	}
	slices.SortStableFunc(pending, func(a, b int) int {
		return results[a].date.Compare(results[b].date)
	})
	for _, i := range pending {
		r := &results[i]
		t := r.pending
		r.pending = -1
		if r.DuplicateOf >= 0 {
			// Priced where it stands, for the explanation, but it buys
			// nothing and counts nothing a second time.
			class, rule := r.Class, r.Rule
			m.ix.price(r, &m.ix.terms[t], r.qtyTerm, bought(m.cumulative[t]))
			r.markDuplicate(class, rule, r.DuplicateOf)
			continue
		}
		m.ix.price(r, &m.ix.terms[t], r.qtyTerm, bought(m.cumulative[t]))
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
