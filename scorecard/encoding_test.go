package scorecard_test

import (
	"errors"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/scorecard"
)

// roundTrip encodes p and decodes it into a new partial of cfg, checking
// that the decoded partial encodes to the same bytes.
func roundTrip(tb testing.TB, cfg scorecard.Config, p *scorecard.Partial) *scorecard.Partial {
	tb.Helper()
	b, err := p.MarshalBinary()
	require.NoError(tb, err)
	q, err := scorecard.NewPartial(cfg)
	require.NoError(tb, err)
	require.NoError(tb, q.UnmarshalBinary(b))
	again, err := q.MarshalBinary()
	require.NoError(tb, err)
	require.Equal(tb, b, again, "a decoded partial encodes to other bytes")
	return q
}

// shards splits y into n partials at random, each initiative and result
// in one of them.
func shards(tb testing.TB, y *year, n int, rng *rand.Rand) []*scorecard.Partial {
	tb.Helper()
	parts := make([]*scorecard.Partial, n)
	for i := range parts {
		p, err := scorecard.NewPartial(y.cfg)
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
	y := generate(t, 11, 40, 2000, 60)
	whole, err := scorecard.Build(y.cfg, y.initiatives, y.results)
	require.NoError(t, err)
	want := views(t, whole)

	for _, n := range []int{1, 2, 7} {
		parts := shards(t, y, n, rand.New(rand.NewSource(int64(n))))
		merged, err := scorecard.NewPartial(y.cfg)
		require.NoError(t, err)
		for _, p := range parts {
			require.NoError(t, merged.Merge(roundTrip(t, y.cfg, p)))
		}
		// The merged partial crosses a boundary once more, as the
		// last stage of a pipeline would send it.
		sc, err := roundTrip(t, y.cfg, merged).Scorecard()
		require.NoError(t, err)
		got := views(t, sc)
		for k := range want {
			require.Equalf(t, want[k], got[k], "%d shards: view %s", n, k)
		}
	}
}

func TestEncodingIsStable(t *testing.T) {
	y := generate(t, 12, 10, 300, 15)
	a := shards(t, y, 1, rand.New(rand.NewSource(1)))[0]
	b := shards(t, y, 1, rand.New(rand.NewSource(2)))[0]
	ea, err := a.MarshalBinary()
	require.NoError(t, err)
	eb, err := b.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, ea, eb, "one partial built twice encodes to other bytes")
}

func TestEmptyPartialRoundTrip(t *testing.T) {
	y := generate(t, 13, 2, 10, 2)
	p, err := scorecard.NewPartial(y.cfg)
	require.NoError(t, err)
	q := roundTrip(t, y.cfg, p)
	require.Equal(t, scorecard.Accounting{}, q.Accounting())
}

func TestUnmarshalRefusals(t *testing.T) {
	y := generate(t, 14, 4, 80, 6)
	p := shards(t, y, 1, rand.New(rand.NewSource(1)))[0]
	good, err := p.MarshalBinary()
	require.NoError(t, err)

	fresh := func() *scorecard.Partial {
		q, err := scorecard.NewPartial(y.cfg)
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
			require.ErrorIs(t, err, scorecard.ErrInvalidInput)
		})
	}

	t.Run("every truncation", func(t *testing.T) {
		q := fresh()
		for n := range len(good) {
			require.ErrorIsf(t, q.UnmarshalBinary(good[:n]), scorecard.ErrInvalidInput, "first %d bytes", n)
		}
		require.Equal(t, scorecard.Accounting{}, q.Accounting(), "a refused decoding changed the partial")
	})

	t.Run("other as-of time", func(t *testing.T) {
		cfg := y.cfg
		cfg.AsOf = cfg.AsOf.Add(time.Second)
		q, err := scorecard.NewPartial(cfg)
		require.NoError(t, err)
		require.ErrorIs(t, q.UnmarshalBinary(good), scorecard.ErrInvalidConfig)
	})

	t.Run("zero partial", func(t *testing.T) {
		var zero scorecard.Partial
		require.ErrorIs(t, zero.UnmarshalBinary(good), scorecard.ErrInvalidInput)
		_, err := zero.MarshalBinary()
		require.ErrorIs(t, err, scorecard.ErrInvalidInput)
	})
}

// TestCorruptBytesNeverPanic flips each byte of an encoding in turn: the
// decoder refuses the result or gives a partial that still makes a
// scorecard or an error, never a panic.
func TestCorruptBytesNeverPanic(t *testing.T) {
	y := generate(t, 15, 3, 40, 4)
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
func decodeAndUse(t *testing.T, cfg scorecard.Config, data []byte) {
	t.Helper()
	q, err := scorecard.NewPartial(cfg)
	require.NoError(t, err)
	if err := q.UnmarshalBinary(data); err != nil {
		if !errors.Is(err, scorecard.ErrInvalidInput) && !errors.Is(err, scorecard.ErrInvalidConfig) {
			t.Fatalf("decoding refused with an error of no documented kind: %v", err)
		}
		return
	}
	roundTrip(t, cfg, q)
	_, _ = q.Scorecard() // an error is fine: a corrupt month may lack a rate
}

func FuzzUnmarshalBinary(f *testing.F) {
	y := generate(f, 16, 4, 60, 6)
	for i, n := range []int{1, 3} {
		for _, p := range shards(f, y, n, rand.New(rand.NewSource(int64(i)))) {
			b, err := p.MarshalBinary()
			require.NoError(f, err)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) { decodeAndUse(t, y.cfg, data) })
}
