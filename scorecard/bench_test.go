package scorecard_test

import (
	"sync"
	"testing"

	"github.com/openprocure/realize/scorecard"
)

// The benchmarks' year: 10,000 contracts with 100,000 price terms,
// 1,000,000 invoice lines matched against them, and 10,000 initiatives.
// It is generated once per test binary; generating and matching it takes
// a few seconds that no benchmark counts.
var (
	benchOnce sync.Once
	benchData *year
)

func benchYear(b *testing.B) *year {
	b.Helper()
	benchOnce.Do(func() { benchData = generate(b, 2024, 10_000, 1_000_000, 10_000) })
	return benchData
}

// BenchmarkBuild makes the whole scorecard, by category, owner and month,
// from the 1,000,000 results and 10,000 initiatives; ns/result is the
// time per match result with the initiatives' share included.
func BenchmarkBuild(b *testing.B) {
	y := benchYear(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := scorecard.Build(y.cfg, y.initiatives, y.results); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(y.results)), "ns/result")
}

// BenchmarkAddResults counts the 1,000,000 results alone into a partial.
func BenchmarkAddResults(b *testing.B) {
	y := benchYear(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		p, err := scorecard.NewPartial(y.cfg)
		if err != nil {
			b.Fatal(err)
		}
		for i := range y.results {
			if err := p.AddResult(&y.results[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(y.results)), "ns/result")
}

// BenchmarkAddInitiatives reads the 10,000 initiatives as of the as-of
// time and phases their figures.
func BenchmarkAddInitiatives(b *testing.B) {
	y := benchYear(b)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		p, err := scorecard.NewPartial(y.cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, in := range y.initiatives {
			if err := p.AddInitiative(in); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(y.initiatives)), "ns/initiative")
}

// BenchmarkMergeTwoShards builds two halves in two goroutines and merges
// them, the way a caller spreads the work over two cores.
func BenchmarkMergeTwoShards(b *testing.B) {
	y := benchYear(b)
	half := len(y.results) / 2
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var parts [2]*scorecard.Partial
		var errs [2]error
		var wg sync.WaitGroup
		for s := range parts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := scorecard.NewPartial(y.cfg)
				if err != nil {
					errs[s] = err
					return
				}
				lo, hi := s*half, (s+1)*half
				if s == 1 {
					hi = len(y.results)
				}
				for i := lo; i < hi && err == nil; i++ {
					err = p.AddResult(&y.results[i])
				}
				for i := s; i < len(y.initiatives) && err == nil; i += 2 {
					err = p.AddInitiative(y.initiatives[i])
				}
				parts[s], errs[s] = p, err
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		if err := parts[0].Merge(parts[1]); err != nil {
			b.Fatal(err)
		}
		if _, err := parts[0].Scorecard(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(y.results)), "ns/result")
}
