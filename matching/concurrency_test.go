package matching_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/matching"
)

// TestIndexSharedByConcurrentMatchers holds the Index to its doc: one
// index, read by several matchers on their own goroutines at once (some
// of them in parallel batches), gives each the results a matcher alone
// gets. Run under -race, it also shows that matching writes nothing the
// index shares.
func TestIndexSharedByConcurrentMatchers(t *testing.T) {
	contracts := matchgen.Contracts(7, 300, 6)
	ix, err := matching.NewIndex(contracts, matching.Config{Units: matchgen.Units()})
	if err != nil {
		t.Fatal(err)
	}
	lines := matchgen.Lines(8, contracts, 5_000)
	want := ix.NewMatcher().MatchBatch(lines, nil)

	const goroutines = 4
	got := make([][]matching.Result, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := ix.NewMatcher()
			switch g % 3 {
			case 0:
				got[g] = m.MatchBatch(lines, nil)
			case 1:
				got[g] = m.MatchParallel(lines, nil, 2)
			default:
				for lo := 0; lo < len(lines); lo += 700 {
					got[g] = m.MatchBatch(lines[lo:min(lo+700, len(lines))], got[g])
				}
			}
		}()
	}
	wg.Wait()
	for g := range goroutines {
		refSameResults(t, fmt.Sprintf("goroutine %d", g), got[g], want)
	}
}

// TestMatchOneDoesNotAllocate: matching one line at a time allocates
// nothing either, once the matcher is warm. Lines seen before must not
// allocate at all; new lines only for the amortised growth of the
// duplicate registers.
func TestMatchOneDoesNotAllocate(t *testing.T) {
	contracts, ix := benchWorld(t, 500)
	lines := matchgen.Lines(benchLineSeed, contracts, 60_000)
	valid := benchValid(ix, lines, make([]matching.Result, 0, len(lines)))
	const warm, runs = 20_000, 20_000
	if len(valid) < warm+runs+1 {
		t.Fatalf("only %d valid lines generated", len(valid))
	}

	m := ix.NewMatcher()
	for i := range valid[:warm] {
		m.Match(valid[i])
	}
	next := 0
	seen := testing.AllocsPerRun(runs, func() {
		m.Match(valid[next%warm])
		next++
	})
	if seen != 0 {
		t.Errorf("Match of a line seen before allocates %v times", seen)
	}
	// AllocsPerRun counts whole allocations per run: a run of a hundred
	// lines resolves a hundredth of one per line.
	const perRun = 100
	next = warm
	fresh := testing.AllocsPerRun(runs/perRun-1, func() {
		for range perRun {
			m.Match(valid[next])
			next++
		}
	}) / perRun
	t.Logf("Match of a new valid line: %.4f allocations", fresh)
	if fresh >= 0.01 {
		t.Errorf("Match of a new valid line allocates %.4f times", fresh)
	}
}

// TestMatchParallelAtScale: on a generated year large enough that every
// step runs in parallel — thousands of lines awaiting cumulative tiers
// among them — parallel batches give the sequential batch's results,
// line for line, whatever the number of goroutines.
func TestMatchParallelAtScale(t *testing.T) {
	contracts, ix := benchWorld(t, 2_000)
	lines := matchgen.Lines(benchLineSeed, contracts, 150_000)
	want := ix.NewMatcher().MatchBatch(lines, nil)
	byID := map[matching.ContractID]*matching.Contract{}
	for i := range contracts {
		byID[contracts[i].ID] = &contracts[i]
	}
	cumulative := 0
	for i := range want {
		if want[i].Matched() && byID[want[i].Contract].Terms[want[i].Term].TierKind == matching.Cumulative {
			cumulative++
		}
	}
	if cumulative < 1_000 {
		t.Fatalf("only %d lines priced at cumulative tiers; the test needs thousands", cumulative)
	}
	for _, workers := range []int{2, 3, 5} {
		got := ix.NewMatcher().MatchParallel(lines, nil, workers)
		refSameResults(t, fmt.Sprintf("MatchParallel(%d)", workers), got, want)
	}
}
