package matching_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// encodedResults matches a generated batch — tiers, unit conversions,
// credit notes, duplicates and invalid lines — and, for the class the
// generator never makes, an ambiguous line and slab and cumulative
// lines of the class tests' contracts.
func encodedResults(tb testing.TB) []matching.Result {
	tb.Helper()
	cs := matchgen.Contracts(21, 60, 8)
	ix, err := matching.NewIndex(cs, matching.Config{Units: matchgen.Units()})
	require.NoError(tb, err)
	results := ix.NewMatcher().MatchBatch(matchgen.Lines(22, cs, 3000), nil)
	return append(results, clsIndex(tb, matching.Config{}).NewMatcher().MatchBatch([]matching.InvoiceLine{
		clsEdit(clsLine("NUT", "1", "12.00"), func(l *matching.InvoiceLine) { l.Unit = "CASE" }),
		clsLine("ROLL", "700", "0.95"),
		clsLine("PAPER", "2500", "4.60"),
	}, nil)...)
}

func TestResultRoundTrip(t *testing.T) {
	results := encodedResults(t)
	seen := map[matching.Class]int{}
	for i := range results {
		r := &results[i]
		seen[r.Class]++
		b, err := r.MarshalBinary()
		require.NoError(t, err)
		var got matching.Result
		require.NoError(t, got.UnmarshalBinary(b), "result %d", i)
		require.Equal(t, *r, got, "result %d (%s) came back otherwise", i, r.Class)
		again, err := got.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, b, again, "result %d encodes to other bytes once decoded", i)

		// What a reader sees agrees too.
		assert.True(t, r.Spend().Equal(got.Spend()))
		assert.True(t, r.Savings().Equal(got.Savings()))
		assert.True(t, r.Leakage().Equal(got.Leakage()))
		assert.Equal(t, r.Matched(), got.Matched())
		assert.Equal(t, r.Date(), got.Date())
	}
	for c := matching.OnContract; int(c) < matching.NumClasses; c++ {
		assert.Positivef(t, seen[c], "the batch has no %s line, so its encoding is untested", c)
	}
}

func TestResultRefusals(t *testing.T) {
	results := encodedResults(t)
	var leak *matching.Result
	for i := range results {
		if results[i].Class == matching.Leakage {
			leak = &results[i]
			break
		}
	}
	require.NotNil(t, leak)
	good, err := leak.MarshalBinary()
	require.NoError(t, err)
	magic := len("realize.matching.result")

	withByte := func(at int, v byte) []byte {
		b := append([]byte{}, good...)
		b[at] = v
		return b
	}
	cases := map[string]struct {
		data []byte
		msg  string
	}{
		"empty":          {nil, "not an encoded match result"},
		"another thing":  {[]byte("realize.scorecard.partial"), "not an encoded match result"},
		"other version":  {withByte(magic, 2), "encoding version 2; this library reads version 1"},
		"trailing bytes": {append(append([]byte{}, good...), 0), "1 bytes after the end"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got := *leak
			err := got.UnmarshalBinary(c.data)
			require.ErrorIs(t, err, matching.ErrInvalidResult)
			assert.Contains(t, err.Error(), c.msg)
			assert.Equal(t, *leak, got, "a refused decoding changed the result")
		})
	}

	t.Run("every truncation", func(t *testing.T) {
		for n := range len(good) {
			var got matching.Result
			require.ErrorIsf(t, got.UnmarshalBinary(good[:n]), matching.ErrInvalidResult, "first %d bytes", n)
			require.Equal(t, matching.Result{}, got)
		}
	})

	t.Run("unknown class", func(t *testing.T) {
		// A result with empty strings, so the class sits at a known byte:
		// magic, version, seq, invoice, line, supplier, region, unit.
		r := matching.Result{Class: matching.Ambiguous}
		b, err := r.MarshalBinary()
		require.NoError(t, err)
		at := magic + 7
		require.Equal(t, byte(matching.Ambiguous), b[at])
		b[at] = byte(matching.NumClasses)
		var got matching.Result
		err = got.UnmarshalBinary(b)
		require.ErrorIs(t, err, matching.ErrInvalidResult)
		assert.Contains(t, err.Error(), "class 9 is unknown")
	})
}

// TestCorruptResultsNeverPanic flips each byte of encodings of every
// class: the decoder refuses the bytes or gives a result that encodes
// back to them.
func TestCorruptResultsNeverPanic(t *testing.T) {
	results := encodedResults(t)
	done := map[matching.Class]bool{}
	for i := range results {
		r := &results[i]
		if done[r.Class] {
			continue
		}
		done[r.Class] = true
		good, err := r.MarshalBinary()
		require.NoError(t, err)
		for at := range good {
			for _, flip := range []byte{0x01, 0x80, 0xff} {
				bad := append([]byte{}, good...)
				bad[at] ^= flip
				decodeResult(t, bad)
			}
		}
	}
}

func decodeResult(t *testing.T, data []byte) {
	t.Helper()
	var got matching.Result
	if err := got.UnmarshalBinary(data); err != nil {
		if !errors.Is(err, matching.ErrInvalidResult) {
			t.Fatalf("decoding refused with an error of no documented kind: %v", err)
		}
		return
	}
	again, err := got.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, data, again, "a decoded result encodes to other bytes")
}

func FuzzResultUnmarshalBinary(f *testing.F) {
	results := encodedResults(f)
	for i := 0; i < len(results); i += 97 {
		b, err := results[i].MarshalBinary()
		require.NoError(f, err)
		f.Add(b)
	}
	f.Fuzz(decodeResult)
}

// TestResultEncodingCoversEveryField fails when a field is added to
// Result: the encoding must then write and read it too, or results sent
// between the stages of a pipeline would lose it.
func TestResultEncodingCoversEveryField(t *testing.T) {
	want := []string{"Seq", "Invoice", "Line", "Supplier", "Region", "BusinessUnit", "Class", "Rule",
		"Selection", "Reason", "Floored", "Contract", "ContractRef", "Term", "Tier", "Initiative",
		"Category", "Period", "Currency", "DuplicateOf", "spend", "expected", "leakage", "savings",
		"bigSpend", "qtyTerm", "qty", "pending", "date", "matched", "unpriced"}
	typ := reflect.TypeFor[matching.Result]()
	var got []string
	for i := range typ.NumField() {
		got = append(got, typ.Field(i).Name)
	}
	require.Equal(t, want, got, "the fields of Result changed: extend encoding.go to carry them, then this list")
}

// A date the encoding cannot hold in a month is refused, not rolled
// over: 31 February.
func TestResultRefusesImpossibleDate(t *testing.T) {
	r := matching.Result{Period: lifecycle.MustPeriod(2024, 2)}
	b, err := r.MarshalBinary()
	require.NoError(t, err)
	// The date is the last three bytes: year 0, month 0, day 0.
	n := len(b)
	require.Equal(t, []byte{0, 0, 0}, b[n-3:])
	bad := append(append([]byte{}, b[:n-3]...), 0xd0, 0x1f, 2, 31) // 2024 as a varint, February, 31
	var got matching.Result
	err = got.UnmarshalBinary(bad)
	require.ErrorIs(t, err, matching.ErrInvalidResult)
}
