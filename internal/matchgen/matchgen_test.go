package matchgen_test

import (
	"reflect"
	"testing"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/matching"
)

func TestSameSeedSameData(t *testing.T) {
	contracts := matchgen.Contracts(42, 300, 10)
	lines := matchgen.Lines(7, contracts, 5000)
	if !reflect.DeepEqual(contracts, matchgen.Contracts(42, 300, 10)) {
		t.Error("contracts differ between two runs with seed 42")
	}
	if !reflect.DeepEqual(lines, matchgen.Lines(7, contracts, 5000)) {
		t.Error("lines differ between two runs with seed 7")
	}
	if reflect.DeepEqual(lines, matchgen.Lines(8, contracts, 5000)) {
		t.Error("seeds 7 and 8 give the same lines")
	}
	if len(lines) != 5000 {
		t.Errorf("got %d lines, want 5000", len(lines))
	}
}

// TestShares checks that the data is what the package comment promises:
// contracts the index accepts, and every class of line in about its
// share.
func TestShares(t *testing.T) {
	contracts := matchgen.Contracts(1, 1000, 10)
	ix, err := matching.NewIndex(contracts, matching.Config{Units: matchgen.Units()})
	if err != nil {
		t.Fatal(err)
	}
	const n = 50_000
	results := ix.NewMatcher().MatchBatch(matchgen.Lines(2, contracts, n), nil)
	var count [matching.NumClasses]int
	for i := range results {
		count[results[i].Class]++
	}
	want := map[matching.Class][2]float64{ // share of lines, low and high
		matching.OnContract:         {0.55, 0.80},
		matching.Leakage:            {0.10, 0.30},
		matching.Maverick:           {0.03, 0.09},
		matching.Uncontracted:       {0.01, 0.05},
		matching.Duplicate:          {0.005, 0.03},
		matching.SuspectedDuplicate: {0.001, 0.01},
		matching.Rejected:           {0.001, 0.01},
	}
	for c, bounds := range want {
		share := float64(count[c]) / n
		if share < bounds[0] || share > bounds[1] {
			t.Errorf("%s: %.2f %% of lines, want %.1f %% to %.1f %%",
				c, 100*share, 100*bounds[0], 100*bounds[1])
		}
	}
	t.Logf("lines per class: %v", count)
}
