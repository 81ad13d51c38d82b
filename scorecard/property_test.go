package scorecard_test

import (
	"encoding/json"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/internal/scoregen"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// year is a generated procurement year: contracts, their lines matched,
// and initiatives at every stage around them.
type year struct {
	cfg         scorecard.Config
	initiatives []*lifecycle.Initiative
	results     []matching.Result
}

// generate makes a year from seed with the given numbers of contracts,
// lines and initiatives, reported by category, owner and month over
// 2023 to 2025 in EUR.
func generate(tb testing.TB, seed int64, contracts, lines, initiatives int) *year {
	tb.Helper()
	cs := matchgen.Contracts(seed, contracts, 10)
	ls := matchgen.Lines(seed+1, cs, lines)
	ix, err := matching.NewIndex(cs, matching.Config{Units: matchgen.Units()})
	require.NoError(tb, err)
	results := ix.NewMatcher().MatchBatch(ls, nil)

	cats := scoregen.Categories(cs, ls)
	owners, _ := scoregen.Owners(seed+2, cats)
	actual, planned := scoregen.Rates(seed + 3)
	rates, budget := &scorecard.RateTable{}, &scorecard.RateTable{}
	for _, r := range actual {
		require.NoError(tb, rates.Set(r.Currency, r.Period, r.Rate))
	}
	for _, r := range planned {
		require.NoError(tb, budget.Set(r.Currency, r.Period, r.Rate))
	}
	return &year{
		cfg: scorecard.Config{
			AsOf:         scoregen.AsOf,
			From:         lifecycle.MustPeriod(2023, time.January),
			To:           lifecycle.MustPeriod(2025, time.December),
			Dimensions:   scorecard.ByCategory | scorecard.ByOwner | scorecard.ByPeriod,
			Categories:   scoregen.Tree(seed+4, cats),
			Owners:       owners,
			Currency:     lifecycle.EUR,
			Rates:        rates,
			PlannedRates: budget,
			RateRounding: lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 6},
		},
		initiatives: scoregen.Initiatives(seed+5, cs, cats, initiatives),
		results:     results,
	}
}

// views are the readings of a scorecard two equal scorecards agree on:
// its JSON (rows at its own dimensions, total, accounting) and its rows
// at every single dimension, by quarter.
func views(tb testing.TB, sc *scorecard.Scorecard) map[string]string {
	tb.Helper()
	out := map[string]string{}
	b, err := json.Marshal(sc)
	require.NoError(tb, err)
	out["json"] = string(b)
	for _, d := range []scorecard.Dimension{scorecard.ByCategory, scorecard.ByOwner,
		scorecard.BySupplier, scorecard.ByRegion, scorecard.ByBusinessUnit, scorecard.ByPeriod} {
		rows, err := sc.RowsBy(d, scorecard.Quarter)
		require.NoError(tb, err)
		b, err := json.Marshal(rows)
		require.NoError(tb, err)
		out[d.String()] = string(b)
	}
	return out
}

// sharded builds y's scorecard from shards: each initiative and each
// result goes to one of n partials drawn from rng, and the partials are
// merged in a random grouping and order.
func sharded(tb testing.TB, y *year, n int, rng *rand.Rand) *scorecard.Scorecard {
	tb.Helper()
	parts := shards(tb, y, n, rng)
	// Merge two partials drawn at random, either way round, until one
	// is left: every grouping and order can come out.
	for len(parts) > 1 {
		i, j := rng.Intn(len(parts)), rng.Intn(len(parts)-1)
		if j >= i {
			j++
		}
		require.NoError(tb, parts[i].Merge(parts[j]))
		parts[j] = parts[len(parts)-1]
		parts = parts[:len(parts)-1]
	}
	sc, err := parts[0].Scorecard()
	require.NoError(tb, err)
	return sc
}

func TestGeneratedYearHasEveryFigure(t *testing.T) {
	y := generate(t, 1, 60, 3000, 80)
	sc, err := scorecard.Build(y.cfg, y.initiatives, y.results)
	require.NoError(t, err)

	// The property tests below prove nothing on empty figures: the year
	// must exercise every part of the scorecard.
	total := sc.Total()
	for name, m := range map[string]lifecycle.Money{
		"pipeline": total.Reduction.Pipeline, "committed": total.Reduction.Committed,
		"implemented": total.Reduction.Implemented, "realized": total.Reduction.Realized,
		"costs": total.Reduction.Costs, "avoidance committed": total.Avoidance.Committed,
		"on contract": total.Spend.OnContract, "leakage": total.Spend.Leakage,
		"maverick": total.Spend.Maverick, "uncontracted": total.Spend.Uncontracted,
		"gap currency": total.Reduction.Gap.Currency, "gap timing": total.Reduction.Gap.Timing,
		"gap volume": total.Reduction.Gap.Volume, "gap price": total.Reduction.Gap.Price,
		"gap compliance": total.Reduction.Gap.Compliance,
	} {
		require.Falsef(t, m.IsZero(), "the generated year has no %s", name)
	}
	for st := lifecycle.Pipeline; st <= lifecycle.Cancelled; st++ {
		require.Positivef(t, total.Initiatives(st), "no initiative in stage %s", st)
	}
	a := sc.Accounting()
	require.Equal(t, len(y.results), a.Results(), "every result is accounted for")
	require.Equal(t, len(y.initiatives), a.Initiatives+a.NotYetCreated)

	// The gap's parts add up to committed − realized in every row.
	for _, r := range sc.Rows() {
		for _, f := range []*scorecard.Figures{&r.Reduction, &r.Avoidance} {
			want, err := f.Committed.Sub(f.Realized)
			require.NoError(t, err)
			require.Truef(t, f.Gap.Total().Equal(want), "row %s %s: gap %s, committed − realized %s",
				r.Path, r.Period, f.Gap.Total(), want)
		}
	}
}

func TestShardsMergeToTheWhole(t *testing.T) {
	y := generate(t, 2, 60, 3000, 80)
	whole, err := scorecard.Build(y.cfg, y.initiatives, y.results)
	require.NoError(t, err)
	want := views(t, whole)

	rng := rand.New(rand.NewSource(2))
	for _, n := range []int{1, 2, 3, 7, 16} {
		got := views(t, sharded(t, y, n, rng))
		for k := range want {
			require.Equalf(t, want[k], got[k], "%d shards, view %s", n, k)
		}
	}
}

func TestInputOrderDoesNotMatter(t *testing.T) {
	y := generate(t, 3, 60, 3000, 80)
	whole, err := scorecard.Build(y.cfg, y.initiatives, y.results)
	require.NoError(t, err)
	want := views(t, whole)
	for seed := int64(1); seed <= 3; seed++ {
		sc, err := scorecard.Build(y.cfg, scoregen.Shuffle(seed, y.initiatives), scoregen.Shuffle(seed, y.results))
		require.NoError(t, err)
		got := views(t, sc)
		for k := range want {
			require.Equalf(t, want[k], got[k], "shuffle %d, view %s", seed, k)
		}
	}
}

// FuzzShardsMerge checks on years drawn from the fuzzer's seed that any
// split into shards, merged in any order, gives the one-pass scorecard.
func FuzzShardsMerge(f *testing.F) {
	f.Add(int64(1), int64(1), uint8(2))
	f.Add(int64(7), int64(3), uint8(5))
	f.Add(int64(-4), int64(9), uint8(31))
	f.Fuzz(func(t *testing.T, data, split int64, shards uint8) {
		y := generate(t, data, 12, 400, 20)
		whole, err := scorecard.Build(y.cfg, y.initiatives, y.results)
		require.NoError(t, err)
		want := views(t, whole)
		got := views(t, sharded(t, y, 1+int(shards%32), rand.New(rand.NewSource(split))))
		for k := range want {
			require.Equalf(t, want[k], got[k], "view %s", k)
		}
	})
}
