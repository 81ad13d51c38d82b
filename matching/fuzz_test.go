package matching_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// refFuzzIndex is a small index with every tier kind, a unit conversion,
// a region and a tolerance, for fuzzed lines to meet.
func refFuzzIndex(f *testing.F) (*matching.Index, lifecycle.CategoryID) {
	f.Helper()
	ids := &lifecycle.Sequence{Seed: "fuzz"}
	cat, _ := lifecycle.NewCategoryID(ids)
	id1, _ := matching.NewContractID(ids)
	id2, _ := matching.NewContractID(ids)
	valid := lifecycle.Term{Start: lifecycle.MustDate(2024, 1, 1), End: lifecycle.MustDate(2024, 12, 31)}
	tiers := []matching.Tier{{From: dec("10"), Price: dec("0.70")}, {From: dec("100"), Price: dec("0.65")}}
	contracts := []matching.Contract{{
		ID: id1, Supplier: "ACME", Category: cat, Currency: "EUR", Valid: valid,
		Terms: []matching.PriceTerm{
			{Item: "GLOVE", Unit: "EA", Price: dec("0.72"), Baseline: dec("0.80")},
			{Item: "GLOVE", Unit: "BOX", Price: dec("8.50"), Baseline: dec("9"), TierKind: matching.Range, Tiers: tiers},
			{Item: "BOLT", Unit: "EA", Price: dec("4"), Baseline: dec("4.10"), TierKind: matching.Slab, Tiers: tiers},
			{Item: "TAPE", Unit: "PK", Price: dec("2.5"), Baseline: dec("2"), TierKind: matching.Cumulative, Tiers: tiers},
		},
	}, {
		ID: id2, Supplier: "ACME", Category: cat, Currency: "EUR", Valid: valid, Regions: []string{"NORTH"},
		Terms: []matching.PriceTerm{{Item: "BOLT", Unit: "EA", Price: dec("3.90"), Baseline: dec("4.10")}},
	}}
	rel, _ := matching.Relative(dec("0.02"))
	abs, _ := matching.Absolute(dec("0.01"))
	ix, err := matching.NewIndex(contracts, matching.Config{
		Tolerance:    matching.Tolerance{Direction: matching.Both, Relative: rel, Absolute: abs, Join: matching.Or},
		Units:        []matching.UnitConversion{{From: "BOX", To: "EA", Factor: dec("12")}},
		FloorSavings: true,
	})
	if err != nil {
		f.Fatal(err)
	}
	return ix, cat
}

// FuzzMatchLine matches arbitrary lines: none panics, each lands in
// exactly one valid class, and totals count it once with its spend.
func FuzzMatchLine(f *testing.F) {
	ix, cat := refFuzzIndex(f)
	f.Add("INV-1", 1, "ACME", "GLOVE", "EA", "4500", "0.75", 2024, 3, 5, "EUR", "", true)
	f.Add("INV-2", 2, "ACME", "GLOVE", "BOX", "-12", "8.5", 2024, 1, 1, "EUR", "NORTH", true)
	f.Add("INV-3", 1, "ACME", "GLOVE", "EA", "5", "0.72", 2024, 12, 31, "EUR", "", true)
	f.Add("INV-4", 1, "ACME", "BOLT", "EA", "150.5", "3.95", 2024, 6, 30, "EUR", "NORTH", true)
	f.Add("INV-5", 1, "ACME", "TAPE", "PK", "1e3", "2.4999999", 2024, 2, 29, "EUR", "", true)
	f.Add("INV-6", 0, "", "", "", "0", "-1", 2023, 2, 29, "eur", "", false)
	f.Add("INV-7", 1, "ACME", "BOLT", "EA", "9223372036854.775808", "1", 2024, 5, 5, "EUR", "", true)
	f.Add("INV-8", 1, "ACME", "BOLT", "EA", "-9223372036854.775808", "0.000001", 2024, 5, 5, "EUR", "", true)
	f.Add("INV-9", 1, "ACME", "GLOVE", "BOX", "0.0000001", "1e-7", 2024, 5, 5, "XXX", "", true)
	f.Add("INV-10", 1, "ACME", "GLOVE", "EA", "1e9999", "1E-9999", 2024, 5, 5, "JPY", "", true)
	f.Add("", -5, "Z", "Q", "EA", "1.5", "0", 0, 0, 0, "", "SOUTH", true)

	f.Fuzz(func(t *testing.T, invoice string, lineNo int, supplier, item, unit, qty, price string,
		y, m, d int, currency, region string, categorized bool) {
		q, err := decimal.NewFromString(qty)
		if err != nil {
			t.Skip()
		}
		p, err := decimal.NewFromString(price)
		if err != nil {
			t.Skip()
		}
		date, _ := lifecycle.NewDate(y, time.Month(m), d) // the zero Date when invalid
		l := matching.InvoiceLine{
			Invoice: invoice, Line: lineNo, Supplier: supplier, Item: item, Region: region,
			Date: date, Quantity: q, Unit: unit, UnitPrice: p, Currency: lifecycle.Currency(currency),
		}
		if categorized {
			l.Category = cat
		}

		matcher := ix.NewMatcher()
		r := matcher.Match(l)
		if r.Class < matching.OnContract || r.Class > matching.Ambiguous {
			t.Fatalf("class %d is no class", r.Class)
		}
		if (r.Class == matching.Rejected) != (r.Reason != matching.ReasonNone) {
			t.Fatalf("class %s with reason %q", r.Class, r.Reason)
		}
		if r.Class == matching.Duplicate || r.Class == matching.SuspectedDuplicate {
			t.Fatalf("the first line seen is a %s", r.Class)
		}
		var held matching.Lines
		held.Add(l)
		if d := refSameResult(&ix.NewMatcher().MatchLines(&held, nil)[0], &r); d != "" {
			t.Fatalf("MatchLines disagrees with Match: %s", d)
		}
		spend := refMoney(p.Mul(q), l.Currency)
		if !r.Spend().Equal(spend) {
			t.Fatalf("spend %s, want %s", r.Spend(), spend)
		}

		totals := matching.NewTotals()
		totals.Add(&r)
		if totals.Lines() != 1 {
			t.Fatalf("totals count %d lines, want 1", totals.Lines())
		}
		byCurrency := totals.ByCurrency()
		if len(byCurrency) != 1 || byCurrency[0].Lines[r.Class] != 1 {
			t.Fatalf("totals by currency %+v, want one line in %s", byCurrency, r.Class)
		}
		if l.Currency.Valid() {
			f := &byCurrency[0]
			if !f.Spend[r.Class].Equal(spend) || !f.TotalSpend().Equal(spend) {
				t.Fatalf("class spend %s (total %s), want %s", f.Spend[r.Class], f.TotalSpend(), spend)
			}
		}

		// The same line again is a duplicate; on another invoice, a
		// suspected one. Neither changes what was counted.
		again := matcher.Match(l)
		other := l
		other.Invoice += "-other"
		elsewhere := matcher.Match(other)
		if r.Class != matching.Rejected {
			if again.Class != matching.Duplicate || again.DuplicateOf != r.Seq {
				t.Fatalf("the same line again: %s of %d, want duplicate of %d", again.Class, again.DuplicateOf, r.Seq)
			}
			if elsewhere.Class != matching.SuspectedDuplicate || elsewhere.DuplicateOf != r.Seq {
				t.Fatalf("on another invoice: %s of %d, want suspected duplicate of %d",
					elsewhere.Class, elsewhere.DuplicateOf, r.Seq)
			}
			if !again.Leakage().IsZero() || !again.Savings().IsZero() {
				t.Fatalf("a duplicate carries leakage %s and savings %s", again.Leakage(), again.Savings())
			}
		}
		totals.Add(&again)
		totals.Add(&elsewhere)
		if totals.Lines() != 3 {
			t.Fatalf("totals count %d lines, want 3", totals.Lines())
		}
	})
}

// TestMatchLineExtremeExponents: user data never panics (STYLE.md habit
// 4), and a decimal built with a huge exponent is user data too.
func TestMatchLineExtremeExponents(t *testing.T) {
	ids := &lifecycle.Sequence{Seed: t.Name()}
	cat, _ := lifecycle.NewCategoryID(ids)
	ix, err := matching.NewIndex(nil, matching.Config{})
	if err != nil {
		t.Fatal(err)
	}
	line := refHandLine(cat, "INV-1", "1", "1")

	t.Run("product exponent beyond int32", func(t *testing.T) {
		l := line
		l.Quantity, l.UnitPrice = decimal.New(1, 2_000_000_000), decimal.New(1, 2_000_000_000)
		defer func() {
			if p := recover(); p != nil {
				t.Errorf("Match panics: %v", p)
			}
		}()
		r := ix.NewMatcher().Match(l)
		if r.Class != matching.Rejected || r.Reason != matching.TooPrecise {
			t.Errorf("%s %s, want rejected as too precise", r.Class, r.Reason)
		}
	})

	t.Run("zero with a huge negative exponent", func(t *testing.T) {
		l := line
		l.UnitPrice = decimal.New(0, -300_000_000) // a free line, written oddly
		start := time.Now()
		r := ix.NewMatcher().Match(l)
		if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
			t.Errorf("matching one line took %s", elapsed)
		}
		if r.Class != matching.Uncontracted {
			t.Errorf("%s %s, want uncontracted", r.Class, r.Reason)
		}
	})
}
