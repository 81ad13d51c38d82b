package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/matching"
)

func TestMain(m *testing.M) { ptest.MainWithDefault(m, "prism") }

// testYear is a generated year small enough for the local runner and
// large enough to hold every class of line, initiatives at every stage
// and spend in three currencies.
func testYear(t *testing.T) *Year {
	t.Helper()
	y, err := Generate(7, Sizes{Contracts: 40, TermsPerContract: 8, Lines: 3000, Initiatives: 60})
	require.NoError(t, err)
	return y
}

// inProcess is the JSON of the scorecard the library computes in one
// process.
func inProcess(t *testing.T, y *Year) string {
	t.Helper()
	sc, err := y.InProcess()
	require.NoError(t, err)
	b, err := json.Marshal(sc)
	require.NoError(t, err)
	return string(b)
}

// TestPipelineEqualsInProcess runs the pipeline on the local runner: its
// scorecard must be the one the library computes in process, every
// figure to its last digit, and not an empty one.
func TestPipelineEqualsInProcess(t *testing.T) {
	y := testYear(t)
	want := inProcess(t, y)
	sc, err := y.InProcess()
	require.NoError(t, err)
	total := sc.Total()
	require.True(t, total.Reduction.Realized.Sign() > 0, "the year realizes nothing: the comparison would prove little")
	require.True(t, total.Spend.Leakage.Sign() > 0, "the year leaks nothing: the comparison would prove little")

	p, s := beam.NewPipelineWithRoot()
	out, err := y.Pipeline(s)
	require.NoError(t, err)
	passert.Equals(s, out, want)
	ptest.RunAndValidate(t, p)
}

// TestPipelineComparisonCanFail checks that the comparison above would
// catch a difference: the pipeline on a year with one line fewer does
// not give the whole year's scorecard, and the run fails.
func TestPipelineComparisonCanFail(t *testing.T) {
	y := testYear(t)
	want := inProcess(t, y)
	y.Lines = y.Lines[1:]
	p, s := beam.NewPipelineWithRoot()
	out, err := y.Pipeline(s)
	require.NoError(t, err)
	passert.Equals(s, out, want)
	err = ptest.Run(p)
	require.Error(t, err)
	require.Contains(t, err.Error(), "passert")
}

// TestMergeStep drives the CombineFns by hand, as a runner that merges
// would: the lines are matched per supplier as matchFn does, results
// and initiatives are added into accumulators over a random split, each
// accumulator crosses a stage boundary through its coder, and the
// merged partial must give the in-process scorecard.
func TestMergeStep(t *testing.T) {
	y := testYear(t)
	want := inProcess(t, y)

	// Match as matchFn does: each supplier's lines in arrival order.
	units, err := y.World.units()
	require.NoError(t, err)
	ix, err := matching.NewIndex(y.Contracts, matching.Config{Units: units})
	require.NoError(t, err)
	bySupplier := map[string][]matching.InvoiceLine{}
	var suppliers []string
	for _, l := range y.Lines {
		if _, ok := bySupplier[l.Supplier]; !ok {
			suppliers = append(suppliers, l.Supplier)
		}
		bySupplier[l.Supplier] = append(bySupplier[l.Supplier], l)
	}
	var results []matching.Result
	for _, sup := range suppliers {
		results = append(results, ix.NewMatcher().MatchBatch(bySupplier[sup], nil)...)
	}
	require.Len(t, results, len(y.Lines))

	cross := func(a *partial) *partial {
		b, err := encodePartial(a)
		require.NoError(t, err)
		back, err := decodePartial(b)
		require.NoError(t, err)
		return back
	}
	for _, n := range []int{1, 2, 5, 13} {
		rng := rand.New(rand.NewSource(int64(n)))
		rf := &resultsFn{partials{World: y.World}}
		inf := &initiativesFn{partials{World: y.World}}
		mf := &mergeFn{partials{World: y.World}}
		for _, f := range []*partials{&rf.partials, &inf.partials, &mf.partials} {
			require.NoError(t, f.Setup())
		}
		accs := make([]*partial, n)
		for i := range accs {
			accs[i], err = rf.CreateAccumulator()
			require.NoError(t, err)
		}
		for _, r := range results {
			// Results cross a boundary too, through their coder.
			b, err := encodeResult(r)
			require.NoError(t, err)
			back, err := decodeResult(b)
			require.NoError(t, err)
			i := rng.Intn(n)
			accs[i], err = rf.AddInput(accs[i], back)
			require.NoError(t, err)
		}
		initAcc, err := inf.CreateAccumulator()
		require.NoError(t, err)
		for _, in := range y.Initiatives {
			events, err := EncodeInitiative(in)
			require.NoError(t, err)
			initAcc, err = inf.AddInput(initAcc, events)
			require.NoError(t, err)
		}
		accs = append(accs, initAcc)
		rng.Shuffle(len(accs), func(i, j int) { accs[i], accs[j] = accs[j], accs[i] })

		// Merge pairwise in a random tree, each partial crossing a
		// boundary before it is merged.
		for len(accs) > 1 {
			i := rng.Intn(len(accs) - 1)
			merged, err := mf.MergeAccumulators(cross(accs[i]), cross(accs[i+1]))
			require.NoError(t, err)
			accs = append(append(accs[:i:i], merged), accs[i+2:]...)
		}
		got, err := mf.ExtractOutput(cross(accs[0]))
		require.NoError(t, err)
		require.Equalf(t, want, got, "%d shards", n)
	}
}

// TestWorldTravelsAsJSON checks that the world survives the JSON a
// runner ships functions in: the configuration rebuilt from the decoded
// world gives the same scorecard.
func TestWorldTravelsAsJSON(t *testing.T) {
	y := testYear(t)
	want := inProcess(t, y)
	b, err := json.Marshal(&mergeFn{partials{World: y.World}})
	require.NoError(t, err)
	var back mergeFn
	require.NoError(t, json.Unmarshal(b, &back))
	again, err := json.Marshal(&back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(again))
	y.World = back.World
	require.Equal(t, want, inProcess(t, y))
}

// TestContractsAndLinesTravel checks that the coders of the side input
// and of the lines lose nothing, not even a decimal's trailing zeros:
// what they decode prints the same and encodes to the same bytes, and
// the encoding writes every field. They refuse what they did not write.
func TestContractsAndLinesTravel(t *testing.T) {
	y := testYear(t)
	for i, c := range y.Contracts {
		b, err := encodeContract(c)
		require.NoError(t, err)
		back, err := decodeContract(b)
		require.NoError(t, err)
		again, err := encodeContract(back)
		require.NoError(t, err)
		if !bytes.Equal(b, again) || fmt.Sprintf("%+v", c) != fmt.Sprintf("%+v", back) {
			t.Fatalf("contract %d came back otherwise:\n%+v\n%+v", i, c, back)
		}
		_, err = decodeContract(b[:len(b)-1])
		require.ErrorIs(t, err, errCoder)
	}
	for i, l := range y.Lines {
		b, err := encodeLine(NumberedLine{Pos: int64(i), Line: l})
		require.NoError(t, err)
		back, err := decodeLine(b)
		require.NoError(t, err)
		again, err := encodeLine(back)
		require.NoError(t, err)
		if back.Pos != int64(i) || !bytes.Equal(b, again) || fmt.Sprintf("%+v", l) != fmt.Sprintf("%+v", back.Line) {
			t.Fatalf("line %d came back otherwise:\n%+v\n%+v", i, l, back.Line)
		}
		_, err = decodeLine(append(b, 0))
		require.ErrorIs(t, err, errCoder)
	}
}

func TestPartialCoderRefusesCorruptBytes(t *testing.T) {
	y := testYear(t)
	f := &mergeFn{partials{World: y.World}}
	require.NoError(t, f.Setup())
	acc, err := decodePartial([]byte("not a partial"))
	require.NoError(t, err, "decoding waits for the Config")
	_, err = f.ExtractOutput(acc)
	require.ErrorContains(t, err, "not an encoded scorecard partial")
}

// TestCodersCoverEveryField fails when a field is added to a type the
// coders write: coders.go must then carry it, then this list.
func TestCodersCoverEveryField(t *testing.T) {
	for _, c := range []struct {
		v      any
		fields []string
	}{
		{matching.InvoiceLine{}, []string{"Invoice", "Line", "Supplier", "Item", "Category", "Region",
			"BusinessUnit", "Date", "Quantity", "Unit", "UnitPrice", "Currency"}},
		{matching.Contract{}, []string{"ID", "Supplier", "Category", "Regions", "Currency", "Valid",
			"Initiative", "Ref", "Terms"}},
		{matching.PriceTerm{}, []string{"Item", "Unit", "Price", "Baseline", "TierKind", "Tiers"}},
		{matching.Tier{}, []string{"From", "Price"}},
		{NumberedLine{}, []string{"Pos", "Line"}},
	} {
		typ := reflect.TypeOf(c.v)
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		require.Equalf(t, c.fields, got, "the fields of %s changed", typ.Name())
	}
}
