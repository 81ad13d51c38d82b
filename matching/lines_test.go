package matching_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// linesOf returns lines held in Lines.
func linesOf(lines []matching.InvoiceLine) *matching.Lines {
	var ls matching.Lines
	ls.AddAll(lines)
	return &ls
}

// TestMatchLinesAgreesWithMatchBatch holds MatchLines and
// MatchLinesParallel to MatchBatch, result for result, on the random
// worlds of the reference test: every class, rejection reason, tier
// kind, unit conversion and region rule they produce.
func TestMatchLinesAgreesWithMatchBatch(t *testing.T) {
	for seed := range uint64(refSeeds()) {
		w := refNewWorld(seed, 200)
		ix := refIndex(t, &w)
		want := ix.NewMatcher().MatchBatch(w.lines, nil)
		ls := linesOf(w.lines)
		if ls.Len() != len(w.lines) {
			t.Fatalf("seed %d: Len %d, want %d", seed, ls.Len(), len(w.lines))
		}
		refSameResults(t, fmt.Sprintf("seed %d: MatchLines", seed), ix.NewMatcher().MatchLines(ls, nil), want)
		for _, workers := range []int{0, 2, 3} {
			got := ix.NewMatcher().MatchLinesParallel(ls, nil, workers)
			refSameResults(t, fmt.Sprintf("seed %d: MatchLinesParallel(%d)", seed, workers), got, want)
		}
	}
}

// TestMatchLinesInBatches feeds one matcher several Lines, reusing one
// value through Reset, and mixes in slices and single lines: the
// matcher's memory of duplicates and cumulative quantities runs on
// across them all, as it does for MatchBatch.
func TestMatchLinesInBatches(t *testing.T) {
	for seed := range uint64(refSeeds() / 4) {
		w := refNewWorld(3_000_000+seed, 300)
		ix := refIndex(t, &w)
		rng := rand.New(rand.NewPCG(seed, 11))

		m := ix.NewMatcher()
		var want []matching.Result
		for rest := w.lines; len(rest) > 0; {
			n := min(len(rest), 1+rng.IntN(60))
			want = m.MatchBatch(rest[:n], want)
			rest = rest[n:]
		}

		m = ix.NewMatcher()
		var got []matching.Result
		var ls matching.Lines
		for rest := w.lines; len(rest) > 0; {
			n := min(len(rest), 1+rng.IntN(60))
			switch rng.IntN(4) {
			case 0:
				got = m.MatchBatch(rest[:n], got)
			case 1:
				n = 1
				got = append(got, m.Match(rest[0]))
			default:
				ls.Reset()
				ls.AddAll(rest[:n])
				got = m.MatchLinesParallel(&ls, got, rng.IntN(4))
			}
			rest = rest[n:]
		}
		// The batches split differently, so cumulative tiers, which
		// follow date order within a batch, may be set differently;
		// everything else must agree.
		if len(got) != len(want) {
			t.Fatalf("seed %d: %d results, want %d", seed, len(got), len(want))
		}
		for i := range got {
			g, x := got[i], want[i]
			if g.Seq != x.Seq || g.Invoice != x.Invoice || g.Line != x.Line || g.DuplicateOf != x.DuplicateOf ||
				(g.Class == matching.Duplicate) != (x.Class == matching.Duplicate) ||
				(g.Class == matching.SuspectedDuplicate) != (x.Class == matching.SuspectedDuplicate) ||
				!g.Spend().Equal(x.Spend()) {
				t.Fatalf("seed %d line %d: %+v, want %+v", seed, i, g, x)
			}
		}
	}
}

// TestMatchLinesDateOrder checks that Lines fed in date order, in
// batches of any size, agree with one batch exactly, cumulative tiers
// included.
func TestMatchLinesDateOrder(t *testing.T) {
	for seed := range uint64(refSeeds() / 4) {
		w := refNewWorld(4_000_000+seed, 200)
		ix := refIndex(t, &w)
		rng := rand.New(rand.NewPCG(seed, 13))
		sorted := refSortedByDate(w.lines)
		want := ix.NewMatcher().MatchBatch(sorted, nil)

		m := ix.NewMatcher()
		var got []matching.Result
		var ls matching.Lines
		for rest := sorted; len(rest) > 0; {
			n := min(len(rest), 1+rng.IntN(40))
			ls.Reset()
			ls.AddAll(rest[:n])
			got = m.MatchLines(&ls, got)
			rest = rest[n:]
		}
		refSameResults(t, fmt.Sprintf("seed %d: Lines in batches", seed), got, want)
	}
}

// TestLinesGiveBackTheirLines checks that Line returns what was added:
// the same text, and numbers of the same value, exact ones and odd ones
// alike.
func TestLinesGiveBackTheirLines(t *testing.T) {
	w := refNewWorld(5_000_000, 400)
	ls := linesOf(w.lines)
	cat, _ := lifecycle.NewCategoryID(&lifecycle.Sequence{Seed: t.Name()})
	odd := refHandLine(cat, "INV-ODD", "1", "1")
	odd.Quantity, odd.UnitPrice = decimal.New(1, 2_000_000_000), decimal.RequireFromString("0.12345678")
	ls.Add(odd)
	all := append(slices.Clip(w.lines), odd)
	for i, want := range all {
		got := ls.Line(i)
		if got.Invoice != want.Invoice || got.Line != want.Line || got.Supplier != want.Supplier ||
			got.Item != want.Item || got.Category != want.Category || got.Region != want.Region ||
			got.BusinessUnit != want.BusinessUnit || got.Date != want.Date || got.Unit != want.Unit ||
			got.Currency != want.Currency || !got.Quantity.Equal(want.Quantity) || !got.UnitPrice.Equal(want.UnitPrice) {
			t.Fatalf("line %d: got %+v, want %+v", i, got, want)
		}
	}
	if got := ls.Line(len(all) - 1); got.Quantity.Exponent() != 2_000_000_000 {
		t.Errorf("an odd quantity comes back as %s", got.Quantity)
	}

	ls.Reset()
	if ls.Len() != 0 {
		t.Errorf("Len after Reset: %d", ls.Len())
	}
	ix := refIndex(t, &w)
	before := make([]matching.Result, 2, 5)
	if got := ix.NewMatcher().MatchLinesParallel(ls, before, 2); len(got) != 2 {
		t.Errorf("matching no lines gives %d results, want the 2 given", len(got))
	}
	ls.Add(all[7])
	if got := ls.Line(0); got.Invoice != all[7].Invoice || got.Supplier != all[7].Supplier {
		t.Errorf("after Reset: %+v, want %+v", got, all[7])
	}
}

// TestMatchLinesHandChecked matches the hand-computed lines of the
// package example through Lines: 4,500 units at 0.75 against 0.72 leak
// 135.00; 3.96 against 4.00 leaks nothing; the same invoice line twice
// is a duplicate.
func TestMatchLinesHandChecked(t *testing.T) {
	pt := matching.PriceTerm{
		Item: "GLOVE", Unit: "EA",
		Price: decimal.RequireFromString("0.72"), Baseline: decimal.RequireFromString("0.80"),
	}
	_, ix, cat := refHandWorld(t, pt, refConfig{})
	var ls matching.Lines
	ls.Add(refHandLine(cat, "INV-1", "4500", "0.75"))
	ls.Add(refHandLine(cat, "INV-2", "10", "0.70"))
	ls.Add(refHandLine(cat, "INV-2", "10", "0.70"))
	got := ix.NewMatcher().MatchLines(&ls, nil)

	if got[0].Class != matching.Leakage || got[0].Leakage().String() != "135.00 EUR" ||
		got[0].Savings().String() != "225.00 EUR" {
		t.Errorf("4,500 at 0.75: %s, leakage %s, savings %s; want leakage, 135.00 EUR, 225.00 EUR",
			got[0].Class, got[0].Leakage(), got[0].Savings())
	}
	if got[1].Class != matching.OnContract || !got[1].Leakage().IsZero() || got[1].Savings().String() != "1.00 EUR" {
		t.Errorf("10 at 0.70: %s, leakage %s, savings %s; want on contract, none, 1.00 EUR",
			got[1].Class, got[1].Leakage(), got[1].Savings())
	}
	if got[2].Class != matching.Duplicate || got[2].DuplicateOf != 1 {
		t.Errorf("the same line again: %s of %d, want duplicate of 1", got[2].Class, got[2].DuplicateOf)
	}
}

// TestMatchLinesExtremeExponents: numbers no scaled integer holds take
// the slow path through Lines too, without panicking.
func TestMatchLinesExtremeExponents(t *testing.T) {
	ids := &lifecycle.Sequence{Seed: t.Name()}
	cat, _ := lifecycle.NewCategoryID(ids)
	ix, err := matching.NewIndex(nil, matching.Config{})
	if err != nil {
		t.Fatal(err)
	}
	huge := refHandLine(cat, "INV-1", "1", "1")
	huge.Quantity, huge.UnitPrice = decimal.New(1, 2_000_000_000), decimal.New(1, 2_000_000_000)
	precise := refHandLine(cat, "INV-2", "3", "0.1234567")
	free := refHandLine(cat, "INV-3", "1", "1")
	free.UnitPrice = decimal.New(0, -300_000_000)
	lines := []matching.InvoiceLine{huge, precise, free}

	start := time.Now()
	got := ix.NewMatcher().MatchLines(linesOf(lines), nil)
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Errorf("matching three lines took %s", elapsed)
	}
	refSameResults(t, "odd numbers", got, ix.NewMatcher().MatchBatch(lines, nil))
	if got[0].Reason != matching.TooPrecise || got[0].Spend().IsSet() {
		t.Errorf("huge: %s %s, spend %s; want too precise, no spend", got[0].Class, got[0].Reason, got[0].Spend())
	}
	if got[1].Reason != matching.TooPrecise || got[1].Spend().String() != "0.3703701 EUR" {
		t.Errorf("precise: %s %s, spend %s; want too precise, 0.3703701 EUR", got[1].Class, got[1].Reason, got[1].Spend())
	}
	if got[2].Class != matching.Uncontracted {
		t.Errorf("free: %s %s, want uncontracted", got[2].Class, got[2].Reason)
	}
}

// TestMatchLinesDoesNotAllocate is TestMatchDoesNotAllocate for
// MatchLines: once warm, matching a valid line allocates nothing; a
// batch allocates at most a few times whatever its size.
func TestMatchLinesDoesNotAllocate(t *testing.T) {
	ix, valid := allocWorld(t)
	const warm, runs = allocWarm, allocRuns
	batches := make([]matching.Lines, runs+1)
	for i := range batches {
		batches[i].AddAll(valid[warm+i*benchBatch : warm+(i+1)*benchBatch])
	}
	m := ix.NewMatcher()
	m.MatchLines(linesOf(valid[:warm]), nil)
	buf := make([]matching.Result, 0, benchBatch)
	next := 0
	perBatch := testing.AllocsPerRun(runs, func() {
		m.MatchLines(&batches[next], buf[:0])
		next++
	})
	perLine := perBatch / benchBatch
	t.Logf("%.0f allocations per batch of %d lines, %.4f per line", perBatch, benchBatch, perLine)
	if perLine >= 0.01 {
		t.Errorf("matching a valid line allocates %.4f times (%.0f per batch of %d)", perLine, perBatch, benchBatch)
	}
}

// TestLargeBatchDuplicateTakesNoPartInAmounts: in a batch large enough
// to go through the registers shard by shard, on one goroutine or
// several, a duplicate line is not remembered by its amount. INV-1's
// line 1 comes again billed at 20.00 instead of 10.00; a later line of
// INV-2 at 20.00, same supplier and day, is not a suspected duplicate of
// it, while a line of INV-3 at 10.00 is one of the first INV-1 line.
func TestLargeBatchDuplicateTakesNoPartInAmounts(t *testing.T) {
	pt := matching.PriceTerm{Item: "GLOVE", Unit: "EA", Price: dec("1.00"), Baseline: dec("1.20")}
	_, ix, cat := refHandWorld(t, pt, refConfig{})
	lines := make([]matching.InvoiceLine, 1200)
	for i := range lines { // amounts from 100.00 up: no two alike
		lines[i] = refHandLine(cat, fmt.Sprintf("F-%d", i), fmt.Sprint(100+i), "1.00")
	}
	const first, again, other, same = 100, 900, 1000, 1100
	lines[first] = refHandLine(cat, "INV-1", "10", "1.00")
	lines[again] = refHandLine(cat, "INV-1", "20", "1.00")
	lines[other] = refHandLine(cat, "INV-2", "20", "1.00")
	lines[same] = refHandLine(cat, "INV-3", "10", "1.00")

	want := make([]matching.Result, len(lines))
	one := ix.NewMatcher()
	for i := range lines {
		want[i] = one.Match(lines[i])
	}
	for _, w := range []struct {
		at          int
		class       matching.Class
		duplicateOf int
		what        string
	}{
		{again, matching.Duplicate, first, "INV-1 line 1 again"},
		{other, matching.OnContract, -1, "INV-2 at the duplicate's amount"},
		{same, matching.SuspectedDuplicate, first, "INV-3 at the first line's amount"},
	} {
		if r := &want[w.at]; r.Class != w.class || r.DuplicateOf != w.duplicateOf {
			t.Fatalf("%s, one at a time: %s of %d, want %s of %d", w.what, r.Class, r.DuplicateOf, w.class, w.duplicateOf)
		}
	}
	for _, workers := range []int{1, 2, 3} {
		refSameResults(t, fmt.Sprintf("MatchParallel, %d goroutines", workers),
			ix.NewMatcher().MatchParallel(lines, nil, workers), want)
		refSameResults(t, fmt.Sprintf("MatchLinesParallel, %d goroutines", workers),
			ix.NewMatcher().MatchLinesParallel(linesOf(lines), nil, workers), want)
	}
}
