package scorecard_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// The fixture is one procurement year, 2025, reported as of 30 September
// in EUR, small enough to check every figure by hand:
//
//   - Category tree MRO > Fasteners, and IT. Fasteners is owned by Alice
//     until 30 June and by Bob from 1 July; IT by Carol.
//   - A (Fasteners, cost reduction, recurring, EUR): estimated 150,000 a
//     year; committed 120,000 a year for 2025 (10,000 a month) assuming
//     120,000 bolts and 600,000 of spend a year, planned to start
//     1 January; implemented 1 April at 120,000; validated entries of
//     8,000 (April), 8,100 (May) and 8,000 (June); 10,000 for July
//     recorded but not validated; a cost of 5,000 in March. Its contract
//     CW-1 with ACME prices bolts at 4.00 against a 5.00 baseline.
//   - B (IT, cost avoidance, one-time, USD): estimated 50,000; committed
//     40,000 on 1 March; implemented 15 May; 36,000 validated for May.
//     USD is worth 0.90 EUR, and was planned at 0.95.
//   - C (Fasteners, cost reduction, recurring): still in the pipeline at
//     24,000 a year.
//   - D (Fasteners): cancelled.
//   - E: created in October, after the as-of date.
//
// And eleven invoice lines; see fixtureLines.
type fixture struct {
	ids                    *lifecycle.Sequence
	catMRO, catFast, catIT lifecycle.CategoryID
	alice, bob, carol      lifecycle.OwnerID
	tree                   *lifecycle.CategoryTree
	owners                 *lifecycle.Ownership
	owner, finance         lifecycle.Actor
	a, b, c, d, e          *lifecycle.Initiative
	contract               matching.ContractID
	rates, planned         *scorecard.RateTable
}

var (
	asOf = time.Date(2025, time.September, 30, 18, 0, 0, 0, time.UTC)
	jan  = lifecycle.MustPeriod(2025, time.January)
	dec  = lifecycle.MustPeriod(2025, time.December)
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func num(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func eur(s string) lifecycle.Money { return lifecycle.MustMoney(s, "EUR") }

func day(m time.Month, d int) lifecycle.Date { return lifecycle.MustDate(2025, m, d) }

func at(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, time.UTC) }

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{ids: &lifecycle.Sequence{Seed: "scorecard fixture"}}
	f.catMRO = must(lifecycle.NewCategoryID(f.ids))
	f.catFast = must(lifecycle.NewCategoryID(f.ids))
	f.catIT = must(lifecycle.NewCategoryID(f.ids))
	f.tree = must(lifecycle.NewCategoryTree([]lifecycle.Category{
		{ID: f.catMRO, Name: "MRO"},
		{ID: f.catFast, Parent: f.catMRO, Name: "Fasteners"},
		{ID: f.catIT, Name: "IT"},
	}))
	f.alice = must(lifecycle.NewOwnerID(f.ids))
	f.bob = must(lifecycle.NewOwnerID(f.ids))
	f.carol = must(lifecycle.NewOwnerID(f.ids))
	f.owners = &lifecycle.Ownership{}
	require.NoError(t, f.owners.Assign(f.catFast, f.alice, day(time.January, 1)))
	require.NoError(t, f.owners.Assign(f.catFast, f.bob, day(time.July, 1)))
	require.NoError(t, f.owners.Assign(f.catIT, f.carol, day(time.January, 1)))
	f.owner = lifecycle.Actor{ID: lifecycle.ActorOf(f.alice), Role: lifecycle.RoleOwner, Name: "Alice"}
	f.finance = lifecycle.Actor{ID: must(lifecycle.NewActorID(f.ids)), Role: lifecycle.RoleFinance, Name: "Fred"}
	f.contract = must(matching.NewContractID(f.ids))

	f.a = f.initiativeA(t)
	f.b = f.initiativeB(t)
	f.c = f.create(t, "C", f.catFast, lifecycle.CostReduction,
		lifecycle.Savings{Annual: lifecycle.MustAnnualRate("24000", "EUR")}, at(time.February, 1))
	f.d = f.create(t, "D", f.catFast, lifecycle.CostReduction,
		lifecycle.Savings{Annual: lifecycle.MustAnnualRate("30000", "EUR")}, at(time.February, 1))
	_, err := f.d.Cancel(f.by(f.d, at(time.March, 1), "demand moved to another plant"))
	require.NoError(t, err)
	f.e = f.create(t, "E", f.catIT, lifecycle.CostReduction,
		lifecycle.Savings{Annual: lifecycle.MustAnnualRate("5000", "EUR")}, at(time.October, 2))

	f.rates, f.planned = &scorecard.RateTable{}, &scorecard.RateTable{}
	require.NoError(t, f.rates.SetMonths("USD", jan, dec, num("0.90")))
	require.NoError(t, f.planned.SetMonths("USD", jan, dec, num("0.95")))
	return f
}

func (f *fixture) by(in *lifecycle.Initiative, when time.Time, reason string) lifecycle.Change {
	return lifecycle.Change{By: f.owner, At: when, Reason: reason, Version: in.Version()}
}

func (f *fixture) checked(in *lifecycle.Initiative, when time.Time) lifecycle.Change {
	return lifecycle.Change{By: f.finance, At: when, Version: in.Version()}
}

func (f *fixture) create(t testing.TB, title string, cat lifecycle.CategoryID, st lifecycle.SavingsType,
	estimate lifecycle.Savings, when time.Time) *lifecycle.Initiative {
	t.Helper()
	rec := lifecycle.Recurring
	if estimate.OneTime.IsSet() {
		rec = lifecycle.OneTime
	}
	plan := lifecycle.Plan{
		Title: title, Category: cat, Owner: f.alice, SavingsType: st, Recurrence: rec,
		Baseline: "2024 prices", Estimate: estimate,
	}
	if title == "A" {
		plan.Suppliers = []string{"ACME"}
	}
	if title == "B" {
		plan.Suppliers = []string{"SOFTCO", "CLOUDCO"}
	}
	in, err := lifecycle.New(must(lifecycle.NewInitiativeID(f.ids)), plan,
		lifecycle.Change{By: f.owner, At: when}, nil)
	require.NoError(t, err)
	return in
}

func (f *fixture) entry(t testing.TB, in *lifecycle.Initiative, amount lifecycle.Money, p lifecycle.Period,
	recorded time.Time, validate bool) {
	t.Helper()
	e := lifecycle.EntryRecord{ID: must(lifecycle.NewEntryID(f.ids)), Period: p, Amount: amount,
		Source: lifecycle.Source{Kind: lifecycle.InvoiceEvidence, InvoiceLines: []string{"INV-1/1"}}}
	_, err := in.RecordRealization(f.by(in, recorded, ""), e)
	require.NoError(t, err)
	if validate {
		_, err = in.ValidateRealization(f.checked(in, recorded.Add(time.Hour)), e.ID)
		require.NoError(t, err)
	}
}

func (f *fixture) initiativeA(t testing.TB) *lifecycle.Initiative {
	in := f.create(t, "A", f.catFast, lifecycle.CostReduction,
		lifecycle.Savings{Annual: lifecycle.MustAnnualRate("150000", "EUR")}, at(time.January, 2))
	_, err := in.Commit(f.by(in, at(time.January, 10), ""), lifecycle.Commitment{
		ContractRef: "CW-1",
		Value:       lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "EUR")},
		Term:        lifecycle.Term{Start: day(time.January, 1), End: day(time.December, 31)},
		PlannedVolume: lifecycle.Volume{Quantity: num("120000"), Unit: "EA",
			Spend: lifecycle.MustAnnualRate("600000", "EUR")},
		PlannedImplementation: day(time.January, 1),
	})
	require.NoError(t, err)
	_, err = in.RecordCost(f.by(in, at(time.March, 15), ""),
		lifecycle.Cost{Amount: eur("5000"), Date: day(time.March, 15), Description: "rate loading"})
	require.NoError(t, err)
	_, err = in.Implement(f.by(in, at(time.April, 1), ""), lifecycle.Implementation{
		Date: day(time.April, 1), Where: "ERP price list",
		Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "EUR")},
	})
	require.NoError(t, err)
	f.entry(t, in, eur("8000"), lifecycle.MustPeriod(2025, time.April), at(time.May, 5), true)
	f.entry(t, in, eur("8100"), lifecycle.MustPeriod(2025, time.May), at(time.June, 5), true)
	f.entry(t, in, eur("8000"), lifecycle.MustPeriod(2025, time.June), at(time.July, 5), true)
	f.entry(t, in, eur("10000"), lifecycle.MustPeriod(2025, time.July), at(time.August, 5), false)
	return in
}

func (f *fixture) initiativeB(t testing.TB) *lifecycle.Initiative {
	usd := func(s string) lifecycle.Money { return lifecycle.MustMoney(s, "USD") }
	in := f.create(t, "B", f.catIT, lifecycle.CostAvoidance,
		lifecycle.Savings{OneTime: usd("50000")}, at(time.January, 5))
	_, err := in.Commit(f.by(in, at(time.February, 10), ""), lifecycle.Commitment{
		ContractRef:           "IT-7",
		Value:                 lifecycle.Savings{OneTime: usd("40000")},
		Term:                  lifecycle.Term{Start: day(time.March, 1), End: day(time.March, 1)},
		PlannedImplementation: day(time.March, 1),
	})
	require.NoError(t, err)
	_, err = in.Implement(f.by(in, at(time.May, 15), ""), lifecycle.Implementation{
		Date: day(time.May, 15), Where: "licence portal", Value: lifecycle.Savings{OneTime: usd("40000")},
	})
	require.NoError(t, err)
	f.entry(t, in, usd("36000"), lifecycle.MustPeriod(2025, time.May), at(time.June, 2), true)
	return in
}

func (f *fixture) initiatives() []*lifecycle.Initiative {
	return []*lifecycle.Initiative{f.a, f.b, f.c, f.d, f.e}
}

// lines are the year's invoice lines:
//
//	1  10 Apr  ACME bolts 8,000 at 4.00       on contract, spend 32,000
//	2  12 May  ACME bolts 9,000 at 4.10       leakage 900, spend 36,900
//	3   5 Jun  ACME bolts 8,000 at 4.00       on contract, spend 32,000
//	4  20 Jun  OTHERCO bolts 2,000 at 5.50    maverick around CW-1, 11,000
//	5   8 Jul  ACME bolts 10,000 at 4.00      on contract, spend 40,000
//	6   1 Aug  SOFTCO licence 2,400 EUR       uncontracted
//	7   2 Aug  SOFTCO support 1,000 USD       uncontracted, 900 EUR
//	8  10 Apr  line 1 again                   duplicate
//	9   5 Oct  ACME bolts                     after the as-of date
//	10 15 Dec 2024 ACME bolts                 outside the window
//	11  6 Jun  ACME bolts, quantity 0         rejected
func (f *fixture) lines() []matching.InvoiceLine {
	bolt := func(inv string, supplier string, d lifecycle.Date, qty, price string) matching.InvoiceLine {
		return matching.InvoiceLine{Invoice: inv, Line: 1, Supplier: supplier, Item: "BOLT",
			Category: f.catFast, Region: "DE", BusinessUnit: "Plant 1", Date: d,
			Quantity: num(qty), Unit: "EA", UnitPrice: num(price), Currency: "EUR"}
	}
	soft := func(inv, item string, d lifecycle.Date, price string, c lifecycle.Currency) matching.InvoiceLine {
		return matching.InvoiceLine{Invoice: inv, Line: 1, Supplier: "SOFTCO", Item: item,
			Category: f.catIT, Region: "DE", BusinessUnit: "IT", Date: d,
			Quantity: num("1"), Unit: "EA", UnitPrice: num(price), Currency: c}
	}
	return []matching.InvoiceLine{
		bolt("INV-1", "ACME", day(time.April, 10), "8000", "4.00"),
		bolt("INV-2", "ACME", day(time.May, 12), "9000", "4.10"),
		bolt("INV-3", "ACME", day(time.June, 5), "8000", "4.00"),
		bolt("INV-4", "OTHERCO", day(time.June, 20), "2000", "5.50"),
		bolt("INV-5", "ACME", day(time.July, 8), "10000", "4.00"),
		soft("INV-6", "LICENCE", day(time.August, 1), "2400", "EUR"),
		soft("INV-7", "SUPPORT", day(time.August, 2), "1000", "USD"),
		bolt("INV-1", "ACME", day(time.April, 10), "8000", "4.00"),
		bolt("INV-9", "ACME", day(time.October, 5), "1000", "4.00"),
		bolt("INV-10", "ACME", lifecycle.MustDate(2024, time.December, 15), "1000", "4.00"),
		bolt("INV-11", "ACME", day(time.June, 6), "0", "4.00"),
	}
}

func (f *fixture) results(t testing.TB) []matching.Result {
	t.Helper()
	ix, err := matching.NewIndex([]matching.Contract{{
		ID: f.contract, Supplier: "ACME", Category: f.catFast, Currency: "EUR",
		Valid:      lifecycle.Term{Start: day(time.January, 1), End: day(time.December, 31)},
		Initiative: f.a.ID(), Ref: "CW-1",
		Terms: []matching.PriceTerm{{Item: "BOLT", Unit: "EA", Price: num("4.00"), Baseline: num("5.00")}},
	}}, matching.Config{})
	require.NoError(t, err)
	return ix.NewMatcher().MatchBatch(f.lines(), nil)
}

func (f *fixture) config() scorecard.Config {
	return scorecard.Config{
		AsOf: asOf, From: jan, To: dec,
		Dimensions:   scorecard.ByCategory,
		Categories:   f.tree,
		Owners:       f.owners,
		Currency:     "EUR",
		Rates:        f.rates,
		PlannedRates: f.planned,
		RateRounding: lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 4},
	}
}

func (f *fixture) build(t testing.TB, cfg scorecard.Config) *scorecard.Scorecard {
	t.Helper()
	sc, err := scorecard.Build(cfg, f.initiatives(), f.results(t))
	require.NoError(t, err)
	return sc
}
