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
	base       int // Seq of the current batch's first line

	// Scratch space, reused from batch to batch so that matching
	// allocates nothing per line once it has grown.
	keys    []keys
	which   []uint8
	byLine  sharding
	byAmt   sharding
	pending []int
	one     [1]InvoiceLine // the line of Match, so that it need not escape
	oneOut  [1]Result
}

// NewMatcher returns a matcher with nothing seen yet.
func (ix *Index) NewMatcher() *Matcher {
	return &Matcher{
		ix:         ix,
		seeds:      [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		cumulative: make([]fixed.Amount, ix.nTerms),
	}
}

// Match matches one line, after every line matched before it. Like a
// batch, it allocates nothing for a valid line once the matcher is warm.
func (m *Matcher) Match(l InvoiceLine) Result {
	m.one[0] = l
	m.match(m.one[:], m.oneOut[:], 1)
	r := m.oneOut[0]
	m.one[0], m.oneOut[0] = InvoiceLine{}, Result{} // keep no strings alive
	return r
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
	m.base = base
	m.seq += len(lines)
	m.keys = resize(m.keys, len(lines))
	if workers <= 1 {
		m.evaluate(lines, results, base, 0, len(lines))
	} else {
		parallel(len(lines), workers, func(_, lo, hi int) { m.evaluate(lines, results, base, lo, hi) })
	}

	m.shard(results, &m.byLine, lineKey)
	if workers <= 1 {
		for s := range shards {
			m.sameLines(results, s)
		}
	} else {
		m.forShards(workers, func(s int) { m.sameLines(results, s) })
	}
	m.shard(results, &m.byAmt, amountKey)
	if workers <= 1 {
		for s := range shards {
			m.sameAmounts(results, s)
		}
	} else {
		m.forShards(workers, func(s int) { m.sameAmounts(results, s) })
	}
	m.cumulate(results)
}

// lineKey and amountKey pick a line's key for a register. They are
// functions rather than closures, and the sequential path above calls
// no closure at all, so that a batch on one goroutine allocates nothing.
func lineKey(k *keys) key   { return k.line }
func amountKey(k *keys) key { return k.amount }

// evaluate runs the line-by-line step over lines[lo:hi], a block at a
// time. Finding a line's candidates takes three reads that each wait for
// the one before: the supplier and item text, the table slot their hash
// names, and the candidates. A pass over the block for each read, each
// touching what the next pass needs, lets the processor fetch it for
// all the block's lines at once instead of waiting for each in turn;
// only then are the lines decided.
func (m *Matcher) evaluate(lines []InvoiceLine, results []Result, base, lo, hi int) {
	const block = 64
	var (
		hashes [block][2]uint64
		spans  [block]span
	)
	t := &m.ix.byItem
	for b := lo; b < hi; b += block {
		n := min(block, hi-b)
		var touched byte
		for j := range n {
			l := &lines[b+j]
			touched ^= firstByte(l.Supplier) ^ firstByte(l.Item)
		}
		for j := range n {
			l := &lines[b+j]
			h1, h2 := t.hash(l.Supplier, l.Item)
			hashes[j] = [2]uint64{h1, h2}
		}
		for j := range n { // nothing but the reads, to have many in flight
			touched ^= t.touch(hashes[j][0])
		}
		for j := range n {
			sp := t.get(hashes[j][0], hashes[j][1])
			spans[j] = sp
			if sp.lo < sp.hi {
				touched ^= byte(m.ix.cands[sp.lo].kind)
			}
		}
		runtime.KeepAlive(touched) // the touches are for their fetches only

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

// firstByte returns the first byte of s, or 0; reading it fetches s.
func firstByte(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// forShards calls f for every shard, spread over workers goroutines.
func (m *Matcher) forShards(workers int, f func(s int)) {
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
// shard's in arrival order, with their keys beside them so that a shard
// reads its keys in one run of memory.
type sharding struct {
	start [shards + 1]int32
	lines []int32
	keys  []key
}

func (s *sharding) of(shard int) ([]int32, []key) {
	lo, hi := s.start[shard], s.start[shard+1]
	return s.lines[lo:hi], s.keys[lo:hi]
}

// shard groups the lines that take part in duplicate checks (not
// rejected, not already duplicates) by the key pick chooses, with a
// counting sort.
func (m *Matcher) shard(results []Result, sh *sharding, pick func(*keys) key) {
	m.which = resize(m.which, len(results))
	var count [shards]int32
	for i := range results {
		if c := results[i].Class; c == Rejected || c == Duplicate {
			m.which[i] = shards
			continue
		}
		s := uint8(pick(&m.keys[i]).h1 >> 60 % shards) // high bits: the table uses the low
		m.which[i] = s
		count[s]++
	}
	for s := range shards {
		sh.start[s+1] = sh.start[s] + count[s]
	}
	sh.lines = resize(sh.lines, int(sh.start[shards]))
	sh.keys = resize(sh.keys, int(sh.start[shards]))
	next := sh.start
	for i, s := range m.which {
		if s < shards {
			sh.lines[next[s]] = int32(i)
			sh.keys[next[s]] = pick(&m.keys[i])
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

// sameLines marks lines already seen, among the lines of shard s. A
// line's Seq is the batch's first plus its position, so that only the
// lines found again are read from results.
func (m *Matcher) sameLines(results []Result, s int) {
	g := &m.lines[s]
	lines, keys := m.byLine.of(s)
	g.reserve(len(lines)) // no growth midway
	for lo := 0; lo < len(lines); lo += registerBlock {
		hi := min(lo+registerBlock, len(lines))
		g.touchAll(keys[lo:hi])
		for j := lo; j < hi; j++ {
			i := lines[j]
			if first, dup := g.first(keys[j], m.base+int(i)); dup {
				results[i].markDuplicate(Duplicate, RuleSameLine, first.seq)
			}
		}
	}
}

// sameAmounts marks lines with the supplier, amount and date of a line of
// another invoice, among the lines of shard s. Lines just marked as
// duplicates take no part.
func (m *Matcher) sameAmounts(results []Result, s int) {
	g := &m.amounts[s]
	lines, keys := m.byAmt.of(s)
	g.reserve(len(lines))
	for lo := 0; lo < len(lines); lo += registerBlock {
		hi := min(lo+registerBlock, len(lines))
		g.touchAll(keys[lo:hi])
		for j := lo; j < hi; j++ {
			i, k := lines[j], keys[j]
			if first, dup := g.first(k, m.base+int(i)); dup && first.invoice != k.invoice {
				results[i].markDuplicate(SuspectedDuplicate, RuleSameAmount, first.seq)
			}
		}
	}
}

// registerBlock is how many lines the registers take at a time: their
// slots are read first, all together, as in [Matcher.evaluate].
const registerBlock = 64

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
