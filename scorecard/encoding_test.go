package scorecard

import (
	"encoding/json"
	"errors"
	"math/rand"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/internal/scoregen"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// These tests sit inside the package so that they can check the
// encoding against the partial's own fields.

// encYear is a generated procurement year: its Config, initiatives and
// match results.
type encYear struct {
	cfg         Config
	initiatives []*lifecycle.Initiative
	results     []matching.Result
}

// encGenerate makes a year from seed with the given numbers of
// contracts, lines and initiatives, by category, owner and month over
// 2023 to 2025 in EUR.
func encGenerate(tb testing.TB, seed int64, contracts, lines, initiatives int) *encYear {
	tb.Helper()
	cs := matchgen.Contracts(seed, contracts, 10)
	ls := matchgen.Lines(seed+1, cs, lines)
	ix, err := matching.NewIndex(cs, matching.Config{Units: matchgen.Units()})
	require.NoError(tb, err)
	cats := scoregen.Categories(cs, ls)
	owners, _ := scoregen.Owners(seed+2, cats)
	actual, planned := scoregen.Rates(seed + 3)
	rates, budget := &RateTable{}, &RateTable{}
	for _, r := range actual {
		require.NoError(tb, rates.Set(r.Currency, r.Period, r.Rate))
	}
	for _, r := range planned {
		require.NoError(tb, budget.Set(r.Currency, r.Period, r.Rate))
	}
	return &encYear{
		cfg: Config{
			AsOf:         scoregen.AsOf,
			From:         lifecycle.MustPeriod(2023, time.January),
			To:           lifecycle.MustPeriod(2025, time.December),
			Dimensions:   ByCategory | ByOwner | ByPeriod,
			Categories:   scoregen.Tree(seed+4, cats),
			Owners:       owners,
			Currency:     lifecycle.EUR,
			Rates:        rates,
			PlannedRates: budget,
			RateRounding: lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 6},
		},
		initiatives: scoregen.Initiatives(seed+5, cs, cats, initiatives),
		results:     ix.NewMatcher().MatchBatch(ls, nil),
	}
}

// encViews are the readings two equal scorecards agree on: the JSON and
// the rows at every single dimension, by quarter.
func encViews(tb testing.TB, sc *Scorecard) map[string]string {
	tb.Helper()
	out := map[string]string{}
	b, err := json.Marshal(sc)
	require.NoError(tb, err)
	out["json"] = string(b)
	for _, d := range []Dimension{ByCategory, ByOwner, BySupplier, ByRegion, ByBusinessUnit, ByPeriod} {
		rows, err := sc.RowsBy(d, Quarter)
		require.NoError(tb, err)
		b, err := json.Marshal(rows)
		require.NoError(tb, err)
		out[d.String()] = string(b)
	}
	return out
}

// roundTrip encodes p and decodes it into a new partial of cfg, checking
// that the decoded partial encodes to the same bytes.
func roundTrip(tb testing.TB, cfg Config, p *Partial) *Partial {
	tb.Helper()
	b, err := p.MarshalBinary()
	require.NoError(tb, err)
	q, err := NewPartial(cfg)
	require.NoError(tb, err)
	require.NoError(tb, q.UnmarshalBinary(b))
	again, err := q.MarshalBinary()
	require.NoError(tb, err)
	require.Equal(tb, b, again, "a decoded partial encodes to other bytes")
	return q
}

// shards splits y into n partials at random, each initiative and result
// in one of them.
func shards(tb testing.TB, y *encYear, n int, rng *rand.Rand) []*Partial {
	tb.Helper()
	parts := make([]*Partial, n)
	for i := range parts {
		p, err := NewPartial(y.cfg)
		require.NoError(tb, err)
		parts[i] = p
	}
	for _, in := range y.initiatives {
		require.NoError(tb, parts[rng.Intn(n)].AddInitiative(in))
	}
	for i := range y.results {
		require.NoError(tb, parts[rng.Intn(n)].AddResult(&y.results[i]))
	}
	return parts
}

func TestEncodedShardsMergeToTheWhole(t *testing.T) {
	y := encGenerate(t, 11, 40, 2000, 60)
	whole, err := Build(y.cfg, y.initiatives, y.results)
	require.NoError(t, err)
	want := encViews(t, whole)

	for _, n := range []int{1, 2, 7} {
		parts := shards(t, y, n, rand.New(rand.NewSource(int64(n))))
		merged, err := NewPartial(y.cfg)
		require.NoError(t, err)
		for _, p := range parts {
			require.NoError(t, merged.Merge(roundTrip(t, y.cfg, p)))
		}
		// The merged partial crosses a boundary once more, as the
		// last stage of a pipeline would send it.
		sc, err := roundTrip(t, y.cfg, merged).Scorecard()
		require.NoError(t, err)
		got := encViews(t, sc)
		for k := range want {
			require.Equalf(t, want[k], got[k], "%d shards: view %s", n, k)
		}
	}
}

func TestEncodingIsStable(t *testing.T) {
	y := encGenerate(t, 12, 10, 300, 15)
	a := shards(t, y, 1, rand.New(rand.NewSource(1)))[0]
	b := shards(t, y, 1, rand.New(rand.NewSource(2)))[0]
	ea, err := a.MarshalBinary()
	require.NoError(t, err)
	eb, err := b.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, ea, eb, "one partial built twice encodes to other bytes")
}

func TestEmptyPartialRoundTrip(t *testing.T) {
	y := encGenerate(t, 13, 2, 10, 2)
	p, err := NewPartial(y.cfg)
	require.NoError(t, err)
	q := roundTrip(t, y.cfg, p)
	require.Equal(t, Accounting{}, q.Accounting())
}

func TestUnmarshalRefusals(t *testing.T) {
	y := encGenerate(t, 14, 4, 80, 6)
	p := shards(t, y, 1, rand.New(rand.NewSource(1)))[0]
	good, err := p.MarshalBinary()
	require.NoError(t, err)

	fresh := func() *Partial {
		q, err := NewPartial(y.cfg)
		require.NoError(t, err)
		return q
	}
	cases := map[string][]byte{
		"empty":          nil,
		"not a partial":  []byte("{\"rows\":[]}"),
		"trailing bytes": append(append([]byte{}, good...), 0),
		"other version":  append([]byte("realize.partial"), 9),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			err := fresh().UnmarshalBinary(data)
			require.ErrorIs(t, err, ErrInvalidInput)
		})
	}

	t.Run("every truncation", func(t *testing.T) {
		q := fresh()
		for n := range len(good) {
			require.ErrorIsf(t, q.UnmarshalBinary(good[:n]), ErrInvalidInput, "first %d bytes", n)
		}
		require.Equal(t, Accounting{}, q.Accounting(), "a refused decoding changed the partial")
	})

	t.Run("other as-of time", func(t *testing.T) {
		cfg := y.cfg
		cfg.AsOf = cfg.AsOf.Add(time.Second)
		q, err := NewPartial(cfg)
		require.NoError(t, err)
		require.ErrorIs(t, q.UnmarshalBinary(good), ErrInvalidConfig)
	})

	t.Run("zero partial", func(t *testing.T) {
		var zero Partial
		require.ErrorIs(t, zero.UnmarshalBinary(good), ErrInvalidInput)
		_, err := zero.MarshalBinary()
		require.ErrorIs(t, err, ErrInvalidInput)
	})
}

// TestCorruptBytesNeverPanic flips each byte of an encoding in turn: the
// decoder refuses the result or gives a partial that still makes a
// scorecard or an error, never a panic.
func TestCorruptBytesNeverPanic(t *testing.T) {
	y := encGenerate(t, 15, 3, 40, 4)
	p := shards(t, y, 1, rand.New(rand.NewSource(1)))[0]
	good, err := p.MarshalBinary()
	require.NoError(t, err)
	for i := range good {
		for _, flip := range []byte{0x01, 0x80, 0xff} {
			bad := append([]byte{}, good...)
			bad[i] ^= flip
			decodeAndUse(t, y.cfg, bad)
		}
	}
}

// decodeAndUse decodes data and, when that succeeds, checks that the
// partial encodes to bytes that decode to the same partial again (see
// roundTrip) and that it gives a scorecard or an error; never a panic.
func decodeAndUse(t *testing.T, cfg Config, data []byte) {
	t.Helper()
	q, err := NewPartial(cfg)
	require.NoError(t, err)
	if err := q.UnmarshalBinary(data); err != nil {
		if !errors.Is(err, ErrInvalidInput) && !errors.Is(err, ErrInvalidConfig) {
			t.Fatalf("decoding refused with an error of no documented kind: %v", err)
		}
		return
	}
	roundTrip(t, cfg, q)
	_, _ = q.Scorecard() // an error is fine: a corrupt month may lack a rate
}

func FuzzUnmarshalBinary(f *testing.F) {
	y := encGenerate(f, 16, 4, 60, 6)
	for i, n := range []int{1, 3} {
		for _, p := range shards(f, y, n, rand.New(rand.NewSource(int64(i)))) {
			b, err := p.MarshalBinary()
			require.NoError(f, err)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { decodeAndUse(t, y.cfg, data) })
}

// TestEncodingCoversEveryField fails when a field is added to what a
// partial holds: the encoding must then write and read it too, or
// partials sent between the stages of a pipeline would lose it.
func TestEncodingCoversEveryField(t *testing.T) {
	encoded := []struct {
		v      any
		fields []string
	}{
		{Partial{}, []string{"cfg", "asOf", "asOfMonth", "inits", "twice", "lines", "scoped", "acct"}},
		{Accounting{}, []string{"Initiatives", "NotYetCreated", "Lines", "AfterAsOf", "OutsideWindow"}},
		{initRecord{}, []string{"category", "labels", "reduction", "stage", "currency", "recurring",
			"implemented", "live", "annual", "plannedQty", "plannedSpend", "months"}},
		{labels{}, []string{"supplier", "region", "unit"}},
		{lineKey{}, []string{"category", "owner", "labels", "period", "currency"}},
		{lineSums{}, []string{"spend", "lines", "leakage"}},
		{scopedKey{}, []string{"initiative", "period", "currency"}},
		{scopedSums{}, []string{"leakage", "maverick", "quantity"}},
	}
	for _, e := range encoded {
		typ := reflect.TypeOf(e.v)
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		require.Equalf(t, e.fields, got, "the fields of %s changed: extend encoding.go to carry them, then this list", typ.Name())
	}
}
