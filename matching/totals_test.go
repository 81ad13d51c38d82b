package matching_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// clsMixedBatch returns twelve lines of every class in two currencies,
// against the standard contracts, with what each costs:
//
//	#  line       class               spend        leakage  savings
//	0  INV-1/1    leakage             3375.00 EUR  135.00   225.00
//	1  INV-1/2    on contract           39.60 EUR             1.40
//	2  INV-2/1    maverick              15.00 EUR
//	3  INV-3/1    uncontracted         100.00 EUR  (other category)
//	4  INV-1/1    duplicate of #0     3375.00 EUR
//	5  INV-4/1    suspected dup. of #1  39.60 EUR
//	6  INV-5/1    rejected (no supplier) 3.00 EUR
//	7  INV-6/1    ambiguous             12.00 EUR
//	8  INV-7/1    on contract, April    72.00 EUR             8.00
//	9  INV-8/1    on contract, credit  -72.00 EUR            -8.00
//	10 INV-U1/1   leakage              210.00 USD   10.00    10.00
//	11 INV-U2/1   maverick               7.20 USD
func clsMixedBatch() []matching.InvoiceLine {
	inv := func(l matching.InvoiceLine, invoice string, line int) matching.InvoiceLine {
		l.Invoice, l.Line = invoice, line
		return l
	}
	leak := clsLine("GLOVE", "4500", "0.75") // 0.75 × 4500 = 3375.00
	bolt := inv(clsLine("BOLT", "10", "3.96"), "INV-1", 2)
	return []matching.InvoiceLine{
		leak,
		bolt,
		inv(clsLine("MOP", "5", "3.00"), "INV-2", 1),
		clsEdit(inv(clsLine("CHAIR", "2", "50.00"), "INV-3", 1), func(l *matching.InvoiceLine) {
			l.Supplier, l.Category = "OTHER", clsCatOther
		}),
		leak,
		inv(bolt, "INV-4", 1),
		clsEdit(inv(clsLine("GLOVE", "3", "1.00"), "INV-5", 1), func(l *matching.InvoiceLine) {
			l.Supplier = ""
		}),
		clsEdit(inv(clsLine("NUT", "1", "12.00"), "INV-6", 1), func(l *matching.InvoiceLine) {
			l.Unit = "CASE"
		}),
		clsEdit(inv(clsLine("GLOVE", "100", "0.72"), "INV-7", 1), func(l *matching.InvoiceLine) {
			l.Date = clsDay(time.April, 2)
		}),
		inv(clsLine("GLOVE", "-100", "0.72"), "INV-8", 1),
		clsEdit(inv(clsLine("CABLE", "100", "2.10"), "INV-U1", 1), func(l *matching.InvoiceLine) {
			l.Supplier, l.Currency = "YANK", "USD"
		}),
		clsEdit(inv(clsLine("GLOVE", "10", "0.72"), "INV-U2", 1), func(l *matching.InvoiceLine) {
			l.Currency = "USD"
		}),
	}
}

func clsMixedResults(t *testing.T) []matching.Result {
	t.Helper()
	return clsIndex(t, matching.Config{}).NewMatcher().MatchBatch(clsMixedBatch(), nil)
}

// clsFigures is what a test expects of one Figures: lines and spend per
// class, and the sums, all money as amounts in the figures' currency.
type clsFigures struct {
	lines                 map[matching.Class]int
	spend                 map[matching.Class]string
	total, addressable    string
	leakageSum, savingSum string
}

func clsCheckFigures(t *testing.T, w clsFigures, f matching.Figures) {
	t.Helper()
	cur := string(f.Currency)
	money := func(s string) lifecycle.Money { return lifecycle.MustMoney(s, cur) }
	n := 0
	for c := matching.OnContract; c <= matching.Ambiguous; c++ {
		assert.Equal(t, w.lines[c], f.Lines[c], "%s lines", c)
		n += w.lines[c]
		want := w.spend[c]
		if want == "" {
			want = "0"
		}
		assert.True(t, f.Spend[c].Equal(money(want)), "%s spend %s, want %s", c, f.Spend[c], want)
	}
	assert.Equal(t, n, f.TotalLines())
	assert.True(t, f.TotalSpend().Equal(money(w.total)), "total spend %s", f.TotalSpend())
	assert.True(t, f.Addressable().Equal(money(w.addressable)), "addressable %s", f.Addressable())
	assert.True(t, f.Leakage.Equal(money(w.leakageSum)), "leakage %s", f.Leakage)
	assert.True(t, f.Savings.Equal(money(w.savingSum)), "savings %s", f.Savings)
}

func TestClsTotalsByCurrency(t *testing.T) {
	results := clsMixedResults(t)
	classes := []matching.Class{matching.Leakage, matching.OnContract, matching.Maverick,
		matching.Uncontracted, matching.Duplicate, matching.SuspectedDuplicate,
		matching.Rejected, matching.Ambiguous, matching.OnContract, matching.OnContract,
		matching.Leakage, matching.Maverick}
	for i, c := range classes {
		require.Equal(t, c.String(), results[i].Class.String(), "line %d", i)
	}

	tot := matching.NewTotals()
	tot.AddAll(results)
	assert.Equal(t, 12, tot.Lines())
	byCur := tot.ByCurrency()
	require.Len(t, byCur, 2)
	assert.Equal(t, lifecycle.EUR, byCur[0].Currency)
	assert.Equal(t, lifecycle.USD, byCur[1].Currency)
	assert.True(t, byCur[0].Category.IsZero())
	assert.True(t, byCur[0].Period.IsZero())

	clsCheckFigures(t, clsFigures{
		lines: map[matching.Class]int{matching.OnContract: 3, matching.Leakage: 1,
			matching.Maverick: 1, matching.Uncontracted: 1, matching.Duplicate: 1,
			matching.SuspectedDuplicate: 1, matching.Rejected: 1, matching.Ambiguous: 1},
		spend: map[matching.Class]string{
			matching.OnContract:         "39.60", // 39.60 + 72.00 − 72.00
			matching.Leakage:            "3375.00",
			matching.Maverick:           "15.00", // 5 × 3.00
			matching.Uncontracted:       "100.00",
			matching.Duplicate:          "3375.00",
			matching.SuspectedDuplicate: "39.60",
			matching.Rejected:           "3.00",
			matching.Ambiguous:          "12.00",
		},
		// 39.60 + 3375.00 + 15.00 + 100.00 + 3375.00 + 39.60 + 3.00 + 12.00
		// = 6959.20, the input spend.
		total: "6959.20",
		// 39.60 + 3375.00 + 15.00.
		addressable: "3429.60",
		// Only #0; the duplicate #4 is not counted again.
		leakageSum: "135.00",
		// 225.00 + 1.40 + 8.00 − 8.00.
		savingSum: "226.40",
	}, byCur[0])

	clsCheckFigures(t, clsFigures{
		lines: map[matching.Class]int{matching.Leakage: 1, matching.Maverick: 1},
		// 100 × 2.10 = 210.00; 10 × 0.72 = 7.20.
		spend:       map[matching.Class]string{matching.Leakage: "210.00", matching.Maverick: "7.20"},
		total:       "217.20",
		addressable: "217.20",
		// (2.10 − 2.00) × 100 = 10.00; (2.20 − 2.10) × 100 = 10.00.
		leakageSum: "10.00", savingSum: "10.00",
	}, byCur[1])

	// The total spend is the sum of the input spend, line by line.
	for _, f := range byCur {
		sum := lifecycle.Zero(f.Currency)
		for _, l := range clsMixedBatch() {
			if l.Currency == f.Currency {
				sum = clsMust(sum.Add(lifecycle.MustMoney(l.UnitPrice.Mul(l.Quantity).String(),
					string(l.Currency))))
			}
		}
		assert.True(t, f.TotalSpend().Equal(sum), "%s: %s, input %s", f.Currency, f.TotalSpend(), sum)
	}
}

func TestClsTotalsCells(t *testing.T) {
	tot := matching.NewTotals()
	tot.AddAll(clsMixedResults(t))
	cells := tot.Cells()
	require.Len(t, cells, 4)

	march, april := lifecycle.MustPeriod(2024, time.March), lifecycle.MustPeriod(2024, time.April)
	find := func(cat lifecycle.CategoryID, p lifecycle.Period, cur lifecycle.Currency) matching.Figures {
		t.Helper()
		for _, c := range cells {
			if c.Category == cat && c.Period == p && c.Currency == cur {
				return c
			}
		}
		t.Fatalf("no cell %s %s %s", cat, p, cur)
		return matching.Figures{}
	}
	// Ordered by currency, category, month.
	for i := 1; i < len(cells); i++ {
		a, b := cells[i-1], cells[i]
		ordered := a.Currency < b.Currency ||
			a.Currency == b.Currency && (a.Category.Compare(b.Category) < 0 ||
				a.Category == b.Category && a.Period.Before(b.Period))
		assert.True(t, ordered, "cell %d out of order", i)
	}

	t.Run("EUR March", func(t *testing.T) {
		clsCheckFigures(t, clsFigures{
			lines: map[matching.Class]int{matching.OnContract: 2, matching.Leakage: 1,
				matching.Maverick: 1, matching.Duplicate: 1, matching.SuspectedDuplicate: 1,
				matching.Rejected: 1, matching.Ambiguous: 1},
			spend: map[matching.Class]string{
				matching.OnContract:         "-32.40", // 39.60 − 72.00
				matching.Leakage:            "3375.00",
				matching.Maverick:           "15.00",
				matching.Duplicate:          "3375.00",
				matching.SuspectedDuplicate: "39.60",
				matching.Rejected:           "3.00",
				matching.Ambiguous:          "12.00",
			},
			// 6959.20 − 100.00 (other category) − 72.00 (April).
			total: "6787.20",
			// −32.40 + 3375.00 + 15.00.
			addressable: "3357.60",
			leakageSum:  "135.00",
			// 225.00 + 1.40 − 8.00.
			savingSum: "218.40",
		}, find(clsCat, march, lifecycle.EUR))
	})
	t.Run("EUR April", func(t *testing.T) {
		clsCheckFigures(t, clsFigures{
			lines:       map[matching.Class]int{matching.OnContract: 1},
			spend:       map[matching.Class]string{matching.OnContract: "72.00"},
			total:       "72.00",
			addressable: "72.00",
			leakageSum:  "0", savingSum: "8.00",
		}, find(clsCat, april, lifecycle.EUR))
	})
	t.Run("EUR other category", func(t *testing.T) {
		clsCheckFigures(t, clsFigures{
			lines:       map[matching.Class]int{matching.Uncontracted: 1},
			spend:       map[matching.Class]string{matching.Uncontracted: "100.00"},
			total:       "100.00",
			addressable: "0",
			leakageSum:  "0", savingSum: "0",
		}, find(clsCatOther, march, lifecycle.EUR))
	})
	t.Run("USD March", func(t *testing.T) {
		clsCheckFigures(t, clsFigures{
			lines:       map[matching.Class]int{matching.Leakage: 1, matching.Maverick: 1},
			spend:       map[matching.Class]string{matching.Leakage: "210.00", matching.Maverick: "7.20"},
			total:       "217.20",
			addressable: "217.20",
			leakageSum:  "10.00", savingSum: "10.00",
		}, find(clsCat, march, lifecycle.USD))
	})
}

// clsSameFigures reports whether two lists of figures are equal, money
// by Equal.
func clsSameFigures(t *testing.T, want, got []matching.Figures) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		assert.Equal(t, w.Category, g.Category, "cell %d", i)
		assert.Equal(t, w.Period, g.Period, "cell %d", i)
		assert.Equal(t, w.Currency, g.Currency, "cell %d", i)
		assert.Equal(t, w.Lines, g.Lines, "cell %d", i)
		for c := range w.Spend {
			assert.True(t, w.Spend[c].Equal(g.Spend[c]), "cell %d class %d: %s, want %s",
				i, c, g.Spend[c], w.Spend[c])
		}
		assert.True(t, w.Leakage.Equal(g.Leakage), "cell %d leakage", i)
		assert.True(t, w.Savings.Equal(g.Savings), "cell %d savings", i)
	}
}

func TestClsTotalsMerge(t *testing.T) {
	results := clsMixedResults(t)
	whole := matching.NewTotals()
	whole.AddAll(results)
	for _, split := range []int{0, 1, 5, 6, 11, 12} {
		first, second := matching.NewTotals(), matching.NewTotals()
		first.AddAll(results[:split])
		second.AddAll(results[split:])
		first.Merge(second)
		clsSameFigures(t, whole.Cells(), first.Cells())
		clsSameFigures(t, whole.ByCurrency(), first.ByCurrency())
		assert.Equal(t, whole.Lines(), first.Lines())
	}
}

func TestClsTotalsAddParallel(t *testing.T) {
	results := clsMixedResults(t)
	serial := matching.NewTotals()
	serial.AddAll(results)
	for _, workers := range []int{0, 1, 2, 3, 7, 64} {
		par := matching.NewTotals()
		par.AddParallel(results, workers)
		clsSameFigures(t, serial.Cells(), par.Cells())
		clsSameFigures(t, serial.ByCurrency(), par.ByCurrency())

		// Into totals that already count some results.
		split := len(results) / 3
		more := matching.NewTotals()
		more.AddAll(results[:split])
		more.AddParallel(results[split:], workers)
		clsSameFigures(t, serial.Cells(), more.Cells())
		clsSameFigures(t, serial.ByCurrency(), more.ByCurrency())
	}
}

func TestClsTotalsRealizations(t *testing.T) {
	got := matching.Realizations(clsMixedResults(t))
	march, april := lifecycle.MustPeriod(2024, time.March), lifecycle.MustPeriod(2024, time.April)
	want := []matching.Realization{
		// 225.00 + 1.40 − 8.00 = 218.40; the duplicate #4 and the
		// suspected duplicate #5 add nothing.
		{Initiative: clsIni, Period: march, Amount: lifecycle.MustMoney("218.40", "EUR"),
			Lines: []string{"INV-1/1", "INV-1/2", "INV-8/1"}},
		{Initiative: clsIni, Period: april, Amount: lifecycle.MustMoney("8.00", "EUR"),
			Lines: []string{"INV-7/1"}},
		// (2.20 − 2.10) × 100 = 10.00.
		{Initiative: clsIni2, Period: march, Amount: lifecycle.MustMoney("10.00", "USD"),
			Lines: []string{"INV-U1/1"}},
	}
	if clsIni2.Compare(clsIni) < 0 {
		want = append(want[2:], want[:2]...)
	}
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].Initiative, got[i].Initiative, "%d", i)
		assert.Equal(t, want[i].Period, got[i].Period, "%d", i)
		assert.True(t, want[i].Amount.Equal(got[i].Amount), "%d: %s, want %s", i, got[i].Amount, want[i].Amount)
		assert.Equal(t, want[i].Lines, got[i].Lines, "%d", i)
	}

	// Lines of a contract without an initiative realize nothing.
	contracts := clsContracts()
	contracts[0].Initiative = lifecycle.InitiativeID{}
	ix, err := matching.NewIndex(contracts, matching.Config{})
	require.NoError(t, err)
	r := ix.NewMatcher().Match(clsLine("GLOVE", "100", "0.72"))
	require.Equal(t, matching.OnContract, r.Class)
	assert.Empty(t, matching.Realizations([]matching.Result{r}))
}

// clsImplemented returns an initiative in EUR, implemented, ready to
// record realizations on.
func clsImplemented(t *testing.T, id lifecycle.InitiativeID, owner lifecycle.Actor) *lifecycle.Initiative {
	t.Helper()
	at := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 9, 0, 0, 0, time.UTC) }
	in, err := lifecycle.New(id, lifecycle.Plan{
		Title: "Glove tender", Category: clsCat, Owner: lifecycle.OwnerOf(owner.ID),
		SavingsType: lifecycle.CostReduction, Recurrence: lifecycle.Recurring,
		Baseline: "2023 price per pair",
		Estimate: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("3000", "EUR")},
	}, lifecycle.Change{By: owner, At: at(time.January, 2)}, nil)
	require.NoError(t, err)
	_, err = in.Commit(lifecycle.Change{By: owner, At: at(time.January, 3), Version: in.Version()},
		lifecycle.Commitment{
			ContractRef:           "CW-A",
			Value:                 lifecycle.Savings{Annual: lifecycle.MustAnnualRate("2500", "EUR")},
			Term:                  clsYear,
			PlannedVolume:         lifecycle.Volume{Spend: lifecycle.MustAnnualRate("40000", "EUR")},
			PlannedImplementation: clsDay(time.January, 15),
		})
	require.NoError(t, err)
	_, err = in.Implement(lifecycle.Change{By: owner, At: at(time.January, 15), Version: in.Version()},
		lifecycle.Implementation{Date: clsDay(time.January, 15), Where: "ERP price list",
			Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("2500", "EUR")}})
	require.NoError(t, err)
	return in
}

func TestClsTotalsRealizationEntry(t *testing.T) {
	ids := &lifecycle.Sequence{Seed: "matching/totals_test/entry"}
	owner := lifecycle.Actor{ID: clsMust(lifecycle.NewActorID(ids)), Role: lifecycle.RoleOwner}
	finance := lifecycle.Actor{ID: clsMust(lifecycle.NewActorID(ids)), Role: lifecycle.RoleFinance}
	in := clsImplemented(t, clsIni, owner)

	var march, usd matching.Realization
	for _, rz := range matching.Realizations(clsMixedResults(t)) {
		switch {
		case rz.Initiative == clsIni && rz.Period == lifecycle.MustPeriod(2024, time.March):
			march = rz
		case rz.Initiative == clsIni2:
			usd = rz
		}
	}
	require.True(t, march.Amount.IsSet())

	entryID := clsMust(lifecycle.NewEntryID(ids))
	entry := march.Entry(entryID)
	assert.Equal(t, entryID, entry.ID)
	assert.Equal(t, march.Period, entry.Period)
	assert.Equal(t, lifecycle.InvoiceEvidence, entry.Source.Kind)
	assert.Equal(t, []string{"INV-1/1", "INV-1/2", "INV-8/1"}, entry.Source.InvoiceLines)
	entry.Source.InvoiceLines[0] = "changed"
	assert.Equal(t, "INV-1/1", march.Lines[0], "the entry owns its copy of the lines")

	at := time.Date(2024, time.April, 3, 9, 0, 0, 0, time.UTC)
	_, err := in.RecordRealization(lifecycle.Change{By: owner, At: at, Version: in.Version()},
		march.Entry(entryID))
	require.NoError(t, err)
	_, err = in.ValidateRealization(lifecycle.Change{By: finance, At: at.Add(time.Hour),
		Version: in.Version()}, entryID)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.Realized, in.Stage())
	assert.True(t, in.Realized().Equal(lifecycle.MustMoney("218.40", "EUR")), "realized %s", in.Realized())
	assert.True(t, in.RealizedIn(march.Period).Equal(lifecycle.MustMoney("218.40", "EUR")))

	// A USD realization is refused by a EUR initiative until converted.
	require.True(t, usd.Amount.IsSet())
	_, err = in.RecordRealization(lifecycle.Change{By: owner, At: at.Add(2 * time.Hour),
		Version: in.Version()}, usd.Entry(clsMust(lifecycle.NewEntryID(ids))))
	require.ErrorIs(t, err, lifecycle.ErrCurrencyMismatch)
	assert.Len(t, in.Entries(), 1)
}

// A line too precise to match is rejected, but its spend still counts,
// exactly: the classes add up to the input whatever it holds.
func TestClsTotalsTooPreciseSpend(t *testing.T) {
	precise := clsEdit(clsLine("GLOVE", "3", "0.3333333"), func(l *matching.InvoiceLine) {
		l.Invoice = "INV-P"
	})
	results := clsIndex(t, matching.Config{}).NewMatcher().MatchBatch(
		[]matching.InvoiceLine{precise, clsLine("GLOVE", "1", "1.00")}, nil)
	require.Equal(t, matching.TooPrecise, results[0].Reason)
	// 3 × 0.3333333 = 0.9999999, every digit kept.
	assert.True(t, results[0].Spend().Equal(lifecycle.MustMoney("0.9999999", "EUR")),
		"spend %s", results[0].Spend())
	tot := matching.NewTotals()
	tot.AddAll(results)
	f := tot.ByCurrency()
	require.Len(t, f, 1)
	assert.True(t, f[0].Spend[matching.Rejected].Equal(lifecycle.MustMoney("0.9999999", "EUR")),
		"rejected spend %s", f[0].Spend[matching.Rejected])
	// 0.9999999 + 1.00 = 1.9999999.
	assert.True(t, f[0].TotalSpend().Equal(lifecycle.MustMoney("1.9999999", "EUR")),
		"total %s", f[0].TotalSpend())
}

// A month whose savings net to exactly zero realizes nothing: lifecycle
// refuses a zero realization entry, so none is offered.
func TestClsTotalsRealizationsLeaveOutZero(t *testing.T) {
	m := clsIndex(t, matching.Config{}).NewMatcher()
	inv := func(invoice string, d lifecycle.Date, qty, price string) matching.InvoiceLine {
		return clsEdit(clsLine("GLOVE", qty, price), func(l *matching.InvoiceLine) {
			l.Invoice, l.Date = invoice, d
		})
	}
	results := m.MatchBatch([]matching.InvoiceLine{
		// At the baseline: (0.80 − 0.80) × 10 = 0.00 in January.
		inv("INV-J", clsDay(time.January, 9), "10", "0.80"),
		// Bought and wholly credited in February: 8.00 − 8.00.
		inv("INV-F", clsDay(time.February, 9), "100", "0.72"),
		inv("CN-F", clsDay(time.February, 20), "-100", "0.72"),
		// Bought in March (8.00), credited in April (−8.00): two months.
		inv("INV-M", clsDay(time.March, 9), "100", "0.72"),
		inv("CN-A", clsDay(time.April, 2), "-100", "0.72"),
	}, nil)
	got := matching.Realizations(results)
	require.Len(t, got, 2, "%v", got)
	assert.Equal(t, lifecycle.MustPeriod(2024, time.March), got[0].Period)
	assert.True(t, got[0].Amount.Equal(lifecycle.MustMoney("8.00", "EUR")), "%s", got[0].Amount)
	assert.Equal(t, lifecycle.MustPeriod(2024, time.April), got[1].Period)
	assert.True(t, got[1].Amount.Equal(lifecycle.MustMoney("-8.00", "EUR")), "%s", got[1].Amount)
	for _, rz := range got {
		assert.False(t, rz.Amount.IsZero())
	}
}

// TestTotalsManyCells: hundreds of category, month and currency cells,
// counted line by line in a plain map here, agree with Totals however
// the lines are added: in order, in reverse, merged from parts and
// added again after a merge.
func TestTotalsManyCells(t *testing.T) {
	contracts := matchgen.Contracts(7, 400, 5)
	ix, err := matching.NewIndex(contracts, matching.Config{Units: matchgen.Units()})
	require.NoError(t, err)
	results := ix.NewMatcher().MatchBatch(matchgen.Lines(11, contracts, 40_000), nil)

	type cellKey struct {
		cat lifecycle.CategoryID
		p   lifecycle.Period
		cur lifecycle.Currency
	}
	type sums struct {
		lines [matching.NumClasses]int
		spend [matching.NumClasses]decimal.Decimal
	}
	want := map[cellKey]*sums{}
	for i := range results {
		r := &results[i]
		k := cellKey{r.Category, r.Period, r.Currency}
		if want[k] == nil {
			want[k] = &sums{}
		}
		want[k].lines[r.Class]++
		want[k].spend[r.Class] = want[k].spend[r.Class].Add(r.Spend().Amount())
	}
	require.Greater(t, len(want), 500, "the test needs many cells")

	check := func(name string, tot *matching.Totals, times int) {
		cells := tot.Cells()
		assert.Len(t, cells, len(want), name)
		for _, f := range cells {
			w := want[cellKey{f.Category, f.Period, f.Currency}]
			if !assert.NotNil(t, w, "%s: a cell no line has", name) {
				continue
			}
			for c := range matching.NumClasses {
				assert.Equal(t, times*w.lines[c], f.Lines[c], "%s: lines", name)
				assert.True(t, w.spend[c].Mul(decimal.NewFromInt(int64(times))).Equal(f.Spend[c].Amount()),
					"%s: spend %s, want %s × %d", name, f.Spend[c], w.spend[c], times)
			}
		}
	}

	inOrder := matching.NewTotals()
	inOrder.AddAll(results)
	check("in order", inOrder, 1)

	reverse := matching.NewTotals()
	for i := len(results) - 1; i >= 0; i-- {
		reverse.Add(&results[i])
	}
	check("reverse", reverse, 1)

	merged := matching.NewTotals()
	merged.AddAll(results[:len(results)/3])
	rest := matching.NewTotals()
	rest.AddAll(results[len(results)/3:])
	merged.Merge(rest)
	check("merged", merged, 1)
	merged.AddAll(results) // the cells the merge added are found again
	check("merged, then added again", merged, 2)
}
