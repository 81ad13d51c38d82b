package matching_test

// The performance targets, at 10,000 contracts with 100,000 price terms
// and 1,000,000 invoice lines on two cores: match plus roll-up at most
// 250 ns per line on one goroutine; no heap allocation per valid line in
// the steady state; the parallel mode at least 1.7 times as fast on two
// cores; a few hundred bytes of index per price term. The data comes
// from internal/matchgen, generated afresh with fixed seeds.
//
//	go test -run XXX -bench . -benchtime 3x ./matching/
//	go test -run 'DoesNotAllocate|BytesPerTerm' -v ./matching/

import (
	"runtime"
	"sync"
	"testing"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/matching"
)

// The benchmark's size and seeds.
const (
	benchContracts        = 10_000
	benchTermsPerContract = 10
	benchLineCount        = 1_000_000
	benchContractSeed     = 2024
	benchLineSeed         = 17
	benchBatch            = 1_000 // lines per op of the steady-state benchmark
)

// benchData is built once and shared by every benchmark of the file.
var benchData struct {
	once    sync.Once
	ix      *matching.Index
	lines   []matching.InvoiceLine
	results []matching.Result      // room for one result per line, reused
	valid   []matching.InvoiceLine // lines first seen and valid, in order
}

// benchSetup returns the shared index, lines and result buffer.
func benchSetup(tb testing.TB) (*matching.Index, []matching.InvoiceLine, []matching.Result) {
	tb.Helper()
	d := &benchData
	d.once.Do(func() {
		contracts := matchgen.Contracts(benchContractSeed, benchContracts, benchTermsPerContract)
		ix, err := matching.NewIndex(contracts, matching.Config{Units: matchgen.Units()})
		if err != nil {
			panic(err)
		}
		d.ix = ix
		d.lines = matchgen.Lines(benchLineSeed, contracts, benchLineCount)
		d.results = make([]matching.Result, 0, len(d.lines))
		d.valid = benchValid(ix, d.lines, d.results)
	})
	if d.ix == nil {
		tb.Fatal("benchmark data failed to build")
	}
	return d.ix, d.lines, d.results
}

// benchWorld generates n contracts of the benchmark's kind and indexes
// them.
func benchWorld(tb testing.TB, n int) ([]matching.Contract, *matching.Index) {
	tb.Helper()
	contracts := matchgen.Contracts(benchContractSeed, n, benchTermsPerContract)
	ix, err := matching.NewIndex(contracts, matching.Config{Units: matchgen.Units()})
	if err != nil {
		tb.Fatal(err)
	}
	return contracts, ix
}

// benchValid returns the lines that a fresh matcher, fed them all in
// order, classifies as valid and seen for the first time: on contract,
// leakage, maverick or uncontracted. Fed to a fresh matcher in the same
// order, each of them inserts new keys into both duplicate registers.
func benchValid(ix *matching.Index, lines []matching.InvoiceLine, buf []matching.Result) []matching.InvoiceLine {
	results := ix.NewMatcher().MatchBatch(lines, buf[:0])
	var valid []matching.InvoiceLine
	for i := range results {
		switch results[i].Class {
		case matching.OnContract, matching.Leakage, matching.Maverick, matching.Uncontracted:
			valid = append(valid, lines[i])
		}
	}
	return valid
}

// benchReport reports the time and allocations per invoice line; mallocs
// is the number of heap allocations counted over all b.N ops.
func benchReport(b *testing.B, linesPerOp int, mallocs uint64) {
	lines := float64(b.N) * float64(linesPerOp)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/lines, "ns/line")
	b.ReportMetric(float64(mallocs)/lines, "allocs/line")
}

// benchMallocs returns the number of heap allocations so far. It stops
// the world, so call it with the timer stopped.
func benchMallocs() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Mallocs
}

// BenchmarkMatchAndRollup matches the million lines with a fresh matcher
// on one goroutine and rolls the results up by category and month: the
// headline figure, target at most 250 ns/line. The match and rollup
// sub-benchmarks split the cost between the two steps.
func BenchmarkMatchAndRollup(b *testing.B) {
	ix, lines, results := benchSetup(b)
	b.Run("all", func(b *testing.B) {
		benchRun(b, len(lines), func() {
			out := ix.NewMatcher().MatchBatch(lines, results[:0])
			matching.NewTotals().AddAll(out)
		})
	})
	b.Run("match", func(b *testing.B) {
		benchRun(b, len(lines), func() { ix.NewMatcher().MatchBatch(lines, results[:0]) })
	})
	b.Run("rollup", func(b *testing.B) {
		out := ix.NewMatcher().MatchBatch(lines, results[:0])
		benchRun(b, len(lines), func() { matching.NewTotals().AddAll(out) })
	})
}

// BenchmarkMatchParallel is BenchmarkMatchAndRollup on two goroutines:
// target at least 1.7 times as fast on two cores.
func BenchmarkMatchParallel(b *testing.B) {
	ix, lines, results := benchSetup(b)
	const workers = 2
	b.Run("all", func(b *testing.B) {
		benchRun(b, len(lines), func() {
			out := ix.NewMatcher().MatchParallel(lines, results[:0], workers)
			matching.NewTotals().AddParallel(out, workers)
		})
	})
	b.Run("match", func(b *testing.B) {
		benchRun(b, len(lines), func() {
			ix.NewMatcher().MatchParallel(lines, results[:0], workers)
		})
	})
	b.Run("rollup", func(b *testing.B) {
		out := ix.NewMatcher().MatchBatch(lines, results[:0])
		benchRun(b, len(lines), func() { matching.NewTotals().AddParallel(out, workers) })
	})
}

// benchRun times op b.N times and reports per line, op covering
// linesPerOp lines. Allocations made under benchUntimed are not counted
// per line (allocs/op, which the testing package counts, includes them).
func benchRun(b *testing.B, linesPerOp int, op func()) {
	b.ReportAllocs()
	runtime.GC()
	benchUntimedMallocs = 0
	before := benchMallocs()
	b.ResetTimer()
	for range b.N {
		op()
	}
	b.StopTimer()
	benchReport(b, linesPerOp, benchMallocs()-before-benchUntimedMallocs)
}

// benchUntimedMallocs counts the allocations made under benchUntimed
// during the current benchRun.
var benchUntimedMallocs uint64

// benchUntimed runs f with the timer stopped and its allocations left
// out of allocs/line.
func benchUntimed(b *testing.B, f func()) {
	b.StopTimer()
	before := benchMallocs()
	f()
	benchUntimedMallocs += benchMallocs() - before
	b.StartTimer()
}

// benchLines is the benchmark's lines held in matching.Lines, built once
// and kept without the slice of lines they came from, as a program that
// reads lines into Lines would hold them.
var benchLines struct {
	once    sync.Once
	ix      *matching.Index
	lines   *matching.Lines
	results []matching.Result
}

func benchLinesSetup(tb testing.TB) (*matching.Index, *matching.Lines, []matching.Result) {
	tb.Helper()
	d := &benchLines
	d.once.Do(func() {
		contracts, ix := benchWorld(tb, benchContracts)
		d.ix, d.lines = ix, new(matching.Lines)
		d.lines.AddAll(matchgen.Lines(benchLineSeed, contracts, benchLineCount))
		d.results = make([]matching.Result, 0, d.lines.Len())
	})
	if d.ix == nil {
		tb.Fatal("benchmark data failed to build")
	}
	return d.ix, d.lines, d.results
}

// BenchmarkMatchLines is BenchmarkMatchAndRollup and
// BenchmarkMatchParallel for the same million lines held in
// matching.Lines: all and match on one goroutine, parallel and
// parallel-match on two. Run it on its own (-bench MatchLines): the
// other benchmarks keep the lines as a slice, whose decimals and
// strings the garbage collector then marks during this one.
func BenchmarkMatchLines(b *testing.B) {
	ix, ls, results := benchLinesSetup(b)
	const workers = 2
	b.Run("all", func(b *testing.B) {
		benchRun(b, ls.Len(), func() {
			out := ix.NewMatcher().MatchLines(ls, results[:0])
			matching.NewTotals().AddAll(out)
		})
	})
	b.Run("match", func(b *testing.B) {
		benchRun(b, ls.Len(), func() { ix.NewMatcher().MatchLines(ls, results[:0]) })
	})
	b.Run("parallel", func(b *testing.B) {
		benchRun(b, ls.Len(), func() {
			out := ix.NewMatcher().MatchLinesParallel(ls, results[:0], workers)
			matching.NewTotals().AddParallel(out, workers)
		})
	})
	b.Run("parallel-match", func(b *testing.B) {
		benchRun(b, ls.Len(), func() { ix.NewMatcher().MatchLinesParallel(ls, results[:0], workers) })
	})
}

// BenchmarkLinesAdd measures holding the million lines in
// matching.Lines: the price of reading them into Lines rather than a
// slice, paid where they are read.
func BenchmarkLinesAdd(b *testing.B) {
	contracts := matchgen.Contracts(benchContractSeed, benchContracts, benchTermsPerContract)
	lines := matchgen.Lines(benchLineSeed, contracts, benchLineCount)
	var ls matching.Lines
	benchRun(b, len(lines), func() {
		ls.Reset()
		ls.AddAll(lines)
	})
}

// BenchmarkMatchLineSteadyState matches batches of 1,000 valid lines
// never seen before, on one goroutine, into a reused result buffer: the
// claim that matching a valid line allocates nothing.
//
// A new line inserts one key into each of the matcher's two duplicate
// registers, hash tables that double as they fill, and the package
// offers no way to size them ahead. So the matcher is warmed first with
// 200,000 valid lines, which grows the registers to the size where
// further growth is amortised over hundreds of insertions; what is
// measured is that amortised growth plus whatever the match itself
// allocates. When the valid lines run out, a new matcher is warmed
// with the timer stopped.
//
// The seen-before sub-benchmark matches valid lines the matcher has
// already registered: they come out as duplicates, having been
// evaluated in full, and the registers do not grow. The difference
// between the two is the cost of remembering lines.
func BenchmarkMatchLineSteadyState(b *testing.B) {
	ix, _, _ := benchSetup(b)
	valid := benchData.valid
	const warm = 200_000
	b.Run("new", func(b *testing.B) {
		buf := make([]matching.Result, 0, benchBatch)
		var m *matching.Matcher
		next := len(valid)
		benchRunBatches(b, func() {
			if next+benchBatch > len(valid) {
				benchUntimed(b, func() {
					m = ix.NewMatcher()
					for lo := 0; lo < warm; lo += benchBatch {
						m.MatchBatch(valid[lo:lo+benchBatch], buf[:0])
					}
					next = warm
				})
			}
			m.MatchBatch(valid[next:next+benchBatch], buf[:0])
			next += benchBatch
		})
	})
	b.Run("seen-before", func(b *testing.B) {
		buf := make([]matching.Result, 0, benchBatch)
		m := ix.NewMatcher()
		m.MatchBatch(valid[:warm], nil)
		next := 0
		benchRunBatches(b, func() {
			if next+benchBatch > warm {
				next = 0
			}
			m.MatchBatch(valid[next:next+benchBatch], buf[:0])
			next += benchBatch
		})
	})
}

// benchRunBatches runs op, one batch of benchBatch lines, b.N times and
// reports per line, after running it once to warm up.
func benchRunBatches(b *testing.B, op func()) {
	op()
	benchRun(b, benchBatch, op)
}

// TestMatchDoesNotAllocate checks that matching valid lines allocates
// nothing per line, once the matcher is warm: at most a small constant
// per batch of 1,000 lines, less than 0.01 allocations per line. Lines
// are new to the matcher, so the amortised growth of its duplicate
// registers counts; lines seen before are checked on their own, so a
// failure says which of the two allocates.
func TestMatchDoesNotAllocate(t *testing.T) {
	ix, valid := allocWorld(t)
	const warm, runs = allocWarm, allocRuns

	check := func(t *testing.T, m *matching.Matcher, from int) {
		buf := make([]matching.Result, 0, benchBatch)
		next := from
		perBatch := testing.AllocsPerRun(runs, func() {
			m.MatchBatch(valid[next:next+benchBatch], buf[:0])
			next += benchBatch
		})
		perLine := perBatch / benchBatch
		t.Logf("%.0f allocations per batch of %d lines, %.4f per line", perBatch, benchBatch, perLine)
		if perLine >= 0.01 {
			t.Errorf("matching a valid line allocates %.4f times (%.0f per batch of %d)",
				perLine, perBatch, benchBatch)
		}
	}
	t.Run("new-lines", func(t *testing.T) {
		m := ix.NewMatcher()
		m.MatchBatch(valid[:warm], nil)
		check(t, m, warm)
	})
	t.Run("seen-before", func(t *testing.T) {
		m := ix.NewMatcher()
		m.MatchBatch(valid[:warm], nil)
		check(t, m, 0)
	})
}

// The allocation tests warm a matcher with allocWarm valid lines, then
// match allocRuns batches of benchBatch lines.
const allocWarm, allocRuns = 120_000, 100

// allocWorld returns an index of 2,000 contracts and enough valid lines
// for an allocation test.
func allocWorld(t *testing.T) (*matching.Index, []matching.InvoiceLine) {
	t.Helper()
	contracts, ix := benchWorld(t, 2_000)
	lines := matchgen.Lines(benchLineSeed, contracts, 250_000)
	valid := benchValid(ix, lines, make([]matching.Result, 0, len(lines)))
	if len(valid) < allocWarm+(allocRuns+1)*benchBatch {
		t.Fatalf("only %d valid lines generated", len(valid))
	}
	return ix, valid
}

// TestIndexBytesPerTerm measures the heap an index of the benchmark's
// size holds per price term: target a few hundred bytes at most. It
// counts the index alone, with the contracts it was built from still
// alive, and the index left when the contracts are dropped (it then
// keeps their item, unit and reference strings alive too).
func TestIndexBytesPerTerm(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 100,000 price terms")
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}

	start := heap()
	contracts := matchgen.Contracts(benchContractSeed, benchContracts, benchTermsPerContract)
	withContracts := heap()
	ix, err := matching.NewIndex(contracts, matching.Config{Units: matchgen.Units()})
	if err != nil {
		t.Fatal(err)
	}
	withIndex := heap()
	runtime.KeepAlive(contracts) // the contracts are unreachable from here on
	retained := heap()
	runtime.KeepAlive(ix)

	_, terms := ix.Len()
	own := float64(withIndex-withContracts) / float64(terms)
	kept := float64(retained-start) / float64(terms)
	t.Logf("contracts: %.0f bytes/term; index: %.0f bytes/term on its own, %.0f retained without the contracts",
		float64(withContracts-start)/float64(terms), own, kept)
	if kept > 300 {
		t.Errorf("the index retains %.0f bytes per price term, want at most 300", kept)
	}
}
