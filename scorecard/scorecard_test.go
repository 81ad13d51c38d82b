package scorecard_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// money asserts that got is want EUR, compared as numbers.
func money(t *testing.T, want string, got lifecycle.Money, what string) {
	t.Helper()
	assert.Truef(t, got.Equal(eur(want)), "%s: want %s EUR, got %s", what, want, got)
}

func rate(t *testing.T, want string, got scorecard.Rate, what string) {
	t.Helper()
	assert.Equalf(t, want, got.String(), "%s", what)
}

// figures lists a savings type's figures in order: pipeline, committed,
// implemented, due, realized, costs.
func figures(t *testing.T, f *scorecard.Figures, what string, want ...string) {
	t.Helper()
	got := []lifecycle.Money{f.Pipeline, f.Committed, f.Implemented, f.Due, f.Realized, f.Costs}
	names := []string{"pipeline", "committed", "implemented", "due", "realized", "costs"}
	for i := range want {
		money(t, want[i], got[i], what+" "+names[i])
	}
}

// gap lists the gap's parts in order: currency, not yet due, timing,
// volume, price, compliance, unexplained; and checks they add up to
// committed − realized.
func gap(t *testing.T, f *scorecard.Figures, what string, want ...string) {
	t.Helper()
	g := &f.Gap
	got := []lifecycle.Money{g.Currency, g.NotYetDue, g.Timing, g.Volume, g.Price, g.Compliance, g.Unexplained}
	names := []string{"currency", "not yet due", "timing", "volume", "price", "compliance", "unexplained"}
	for i := range want {
		money(t, want[i], got[i], what+" gap "+names[i])
	}
	total, err := f.Committed.Sub(f.Realized)
	require.NoError(t, err)
	assert.Truef(t, g.Total().Equal(total), "%s: gap parts add up to %s, committed − realized is %s", what, g.Total(), total)
}

func TestTotalFigures(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())
	total := sc.Total()

	// Cost reduction is A and C. Pipeline: A's 150,000 phased over 2025
	// plus C's 24,000 phased over the window. Committed 12 × 10,000;
	// implemented April to December, 9 × 10,000; due January to
	// September, 9 × 10,000; realized 8,000 + 8,100 + 8,000 (July's
	// 10,000 awaits validation); the March cost.
	figures(t, &total.Reduction, "reduction", "174000", "120000", "90000", "90000", "24100", "5000")
	money(t, "19100", total.Reduction.NetRealized(), "net realized")
	money(t, "115000", total.Reduction.NetCommitted(), "net committed")
	money(t, "65900", total.Reduction.Slippage(), "slippage 90,000 − 24,100")
	// The gap, 120,000 − 24,100 = 95,900:
	//   not yet due: October to December, 30,000;
	//   timing: January to March, before the April implementation, 30,000;
	//   volume, April to September at 1.00 a bolt against 10,000 a month:
	//     April 10,000 − 8,000 = 2,000; May 10,000 − 9,000 = 1,000;
	//     June 10,000 − 8,000 − compliance 2,200 = −200; July 10,000 bought, 0;
	//     August and September nothing bought, 20,000; in all 22,800;
	//   price: May's leakage, 9,000 × (4.10 − 4.00) = 900;
	//   compliance: June's maverick 11,000 × 120,000 / 600,000 = 2,200;
	//   unexplained: July's 10,000 awaiting validation.
	gap(t, &total.Reduction, "reduction", "0", "30000", "30000", "22800", "900", "2200", "10000")
	rate(t, "0.2008", total.RealizationRate(lifecycle.CostReduction), "realization 24,100 / 120,000")
	rate(t, "0.2678", total.RealizationToDate(lifecycle.CostReduction), "to date 24,100 / 90,000")
	rate(t, "0.7500", total.ImplementationRate(lifecycle.CostReduction), "implementation 90,000 / 120,000")
	rate(t, "0.6897", total.CommitmentRate(lifecycle.CostReduction), "commitment 120,000 / 174,000")

	// Cost avoidance is B, in USD: pipeline 50,000 and committed and
	// implemented 40,000 at the planned 0.95; realized 36,000 at the
	// actual 0.90. The gap 38,000 − 32,400 = 5,600: currency 40,000 ×
	// (0.95 − 0.90) = 2,000; timing 36,000 in March, back in May when it
	// was implemented; unexplained 4,000 × 0.90 = 3,600 not realized.
	figures(t, &total.Avoidance, "avoidance", "47500", "38000", "38000", "38000", "32400", "0")
	gap(t, &total.Avoidance, "avoidance", "2000", "0", "0", "0", "0", "0", "3600")
	rate(t, "0.8526", total.RealizationRate(lifecycle.CostAvoidance), "avoidance realization 32,400 / 38,000")

	// Spend: on contract 32,000 + 32,000 + 40,000; leakage line 36,900;
	// maverick 11,000; uncontracted 2,400 + 1,000 × 0.90.
	money(t, "104000", total.Spend.OnContract, "on contract")
	money(t, "36900", total.Spend.LeakageSpend, "leakage spend")
	money(t, "900", total.Spend.Leakage, "leakage")
	money(t, "11000", total.Spend.Maverick, "maverick")
	money(t, "3300", total.Spend.Uncontracted, "uncontracted")
	money(t, "151900", total.Spend.Addressable(), "addressable")
	assert.Equal(t, 7, total.Spend.Lines)
	rate(t, "0.6847", total.ContractCompliance(), "compliance 104,000 / 151,900")
	rate(t, "0.0059", total.LeakageRate(), "leakage 900 / 151,900")
	rate(t, "0.0724", total.MaverickRate(), "maverick 11,000 / 151,900")

	assert.Equal(t, 1, total.Initiatives(lifecycle.Pipeline))
	assert.Equal(t, 0, total.Initiatives(lifecycle.Committed))
	assert.Equal(t, 0, total.Initiatives(lifecycle.Implemented))
	assert.Equal(t, 2, total.Initiatives(lifecycle.Realized))
	assert.Equal(t, 1, total.Initiatives(lifecycle.Cancelled))
}

func TestAccounting(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())
	a := sc.Accounting()
	assert.Equal(t, 4, a.Initiatives)
	assert.Equal(t, 1, a.NotYetCreated, "E was created in October")
	assert.Equal(t, 1, a.AfterAsOf)
	assert.Equal(t, 1, a.OutsideWindow)
	want := map[matching.Class]int{matching.OnContract: 3, matching.Leakage: 1, matching.Maverick: 1,
		matching.Uncontracted: 2, matching.Duplicate: 1, matching.Rejected: 1}
	for c := matching.Class(1); int(c) < matching.NumClasses; c++ {
		assert.Equalf(t, want[c], a.Lines[c], "lines %s", c)
	}
	assert.Equal(t, len(f.lines()), a.Results(), "every line is accounted for")
	assert.Empty(t, sc.UnknownInitiatives())
}

func TestCategoryRollUp(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())
	rows := sc.Rows()
	require.Len(t, rows, 3)
	assert.Equal(t, []string{"IT", "MRO", "MRO > Fasteners"}, []string{rows[0].Path, rows[1].Path, rows[2].Path})
	assert.Equal(t, []int{0, 0, 1}, []int{rows[0].Depth, rows[1].Depth, rows[2].Depth})
	it, mro, fast := &rows[0], &rows[1], &rows[2]
	assert.Equal(t, f.catIT, it.Category)

	// IT holds B and the two uncontracted lines: nothing addressable, so
	// compliance is undefined, not 0.
	figures(t, &it.Avoidance, "IT avoidance", "47500", "38000", "38000", "38000", "32400", "0")
	figures(t, &it.Reduction, "IT reduction", "0", "0", "0", "0", "0", "0")
	money(t, "3300", it.Spend.Uncontracted, "IT uncontracted")
	assert.False(t, it.ContractCompliance().Defined())
	assert.Equal(t, "undefined", it.ContractCompliance().String())
	assert.False(t, it.RealizationRate(lifecycle.CostReduction).Defined())

	// MRO has nothing of its own: its row is Fasteners'.
	for _, r := range []*scorecard.Row{mro, fast} {
		figures(t, &r.Reduction, r.Path, "174000", "120000", "90000", "90000", "24100", "5000")
		gap(t, &r.Reduction, r.Path, "0", "30000", "30000", "22800", "900", "2200", "10000")
		money(t, "151900", r.Spend.Addressable(), r.Path+" addressable")
		assert.Equal(t, 2, r.Initiatives(lifecycle.Realized)+r.Initiatives(lifecycle.Pipeline))
		assert.Equal(t, 1, r.Initiatives(lifecycle.Cancelled))
	}
}

func TestRowsByOwner(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())
	rows, err := sc.RowsBy(scorecard.ByOwner, scorecard.Month)
	require.NoError(t, err)
	byOwner := map[lifecycle.OwnerID]*scorecard.Row{}
	for i := range rows {
		byOwner[rows[i].Owner] = &rows[i]
	}
	require.Len(t, byOwner, 3)

	// Alice held Fasteners January to June: half of A's year and of C's
	// pipeline, the three validated entries, the March cost, and the
	// lines of April to June.
	alice := byOwner[f.alice]
	require.NotNil(t, alice)
	figures(t, &alice.Reduction, "alice", "87000", "60000", "30000", "60000", "24100", "5000")
	gap(t, &alice.Reduction, "alice", "0", "0", "30000", "2800", "900", "2200", "0")
	money(t, "64000", alice.Spend.OnContract, "alice on contract")
	assert.Equal(t, 0, alice.Initiatives(lifecycle.Realized), "counts go to the owner at the as-of date")

	// Bob from July: the rest of the year, July's line and every count
	// of Fasteners.
	bob := byOwner[f.bob]
	require.NotNil(t, bob)
	figures(t, &bob.Reduction, "bob", "87000", "60000", "60000", "30000", "0", "0")
	gap(t, &bob.Reduction, "bob", "0", "30000", "0", "20000", "0", "0", "10000")
	money(t, "40000", bob.Spend.OnContract, "bob on contract")
	assert.Equal(t, 1, bob.Initiatives(lifecycle.Realized))
	assert.Equal(t, 1, bob.Initiatives(lifecycle.Pipeline))
	assert.Equal(t, 1, bob.Initiatives(lifecycle.Cancelled))

	carol := byOwner[f.carol]
	require.NotNil(t, carol)
	money(t, "32400", carol.Avoidance.Realized, "carol avoidance realized")
	assert.Equal(t, 1, carol.Initiatives(lifecycle.Realized))
}

func TestRowsByPeriod(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())

	rows, err := sc.RowsBy(scorecard.ByPeriod, scorecard.Quarter)
	require.NoError(t, err)
	require.Len(t, rows, 4)
	want := []struct {
		label                         string
		committed, realized, timing   string
		notYetDue, avoidanceCommitted string
	}{
		{"FY2025-Q1", "30000", "0", "30000", "0", "38000"},
		{"FY2025-Q2", "30000", "24100", "0", "0", "0"},
		{"FY2025-Q3", "30000", "0", "0", "0", "0"},
		{"FY2025-Q4", "30000", "0", "0", "30000", "0"},
	}
	for i, w := range want {
		r := &rows[i]
		assert.Equal(t, w.label, r.Period.String())
		money(t, w.committed, r.Reduction.Committed, w.label+" committed")
		money(t, w.realized, r.Reduction.Realized, w.label+" realized")
		money(t, w.timing, r.Reduction.Gap.Timing, w.label+" timing")
		money(t, w.notYetDue, r.Reduction.Gap.NotYetDue, w.label+" not yet due")
		money(t, w.avoidanceCommitted, r.Avoidance.Committed, w.label+" avoidance committed")
		gap(t, &r.Reduction, w.label)
		gap(t, &r.Avoidance, w.label+" avoidance")
	}
	// Counts land in the as-of month's quarter.
	assert.Equal(t, 2, rows[2].Initiatives(lifecycle.Realized))
	// B's timing: 36,000 owed in Q1, back in Q2 with the implementation.
	money(t, "36000", rows[0].Avoidance.Gap.Timing, "Q1 avoidance timing")
	money(t, "-36000", rows[1].Avoidance.Gap.Timing, "Q2 avoidance timing")

	// A fiscal year starting in April splits 2025 into FY2025 (January
	// to March) and FY2026 (April to December).
	cfg := f.config()
	cfg.Fiscal = lifecycle.FiscalCalendar{FirstMonth: time.April}
	cfg.Dimensions, cfg.Grain = scorecard.ByPeriod, scorecard.FiscalYear
	rows = f.build(t, cfg).Rows()
	require.Len(t, rows, 2)
	assert.Equal(t, "FY2025", rows[0].Period.String())
	assert.Equal(t, "FY2026", rows[1].Period.String())
	money(t, "30000", rows[0].Reduction.Committed, "FY2025 committed")
	money(t, "90000", rows[1].Reduction.Committed, "FY2026 committed")

	months, err := sc.RowsBy(scorecard.ByPeriod, scorecard.Month)
	require.NoError(t, err)
	require.Len(t, months, 12)
	assert.Equal(t, "2025-06", months[5].Period.String())
	gap(t, &months[5].Reduction, "June", "0", "0", "0", "-200", "0", "2200", "0")
}

func TestRowsBySupplierRegionUnit(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())
	rows, err := sc.RowsBy(scorecard.BySupplier, scorecard.Month)
	require.NoError(t, err)
	got := map[string]*scorecard.Row{}
	for i := range rows {
		got[rows[i].Supplier] = &rows[i]
	}
	// Lines go to their own supplier; initiatives to the suppliers they
	// name: A to ACME, B to "CLOUDCO, SOFTCO", C to none.
	require.Len(t, got, 5)
	money(t, "120000", got["ACME"].Reduction.Committed, "ACME committed")
	money(t, "140900", got["ACME"].Spend.Addressable(), "ACME addressable: 104,000 on contract + 36,900 leakage")
	money(t, "11000", got["OTHERCO"].Spend.Maverick, "OTHERCO maverick")
	money(t, "3300", got["SOFTCO"].Spend.Uncontracted, "SOFTCO uncontracted")
	money(t, "38000", got["CLOUDCO, SOFTCO"].Avoidance.Committed, "B committed")
	money(t, "24000", got[""].Reduction.Pipeline, "C pipeline")

	rows, err = sc.RowsBy(scorecard.ByRegion|scorecard.ByBusinessUnit, scorecard.Month)
	require.NoError(t, err)
	var plant *scorecard.Row
	for i := range rows {
		if rows[i].Region == "DE" && rows[i].BusinessUnit == "Plant 1" {
			plant = &rows[i]
		}
	}
	require.NotNil(t, plant)
	money(t, "151900", plant.Spend.Addressable(), "DE Plant 1 addressable")
}

func TestOwnerScorecard(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())
	cards, err := sc.Owners(map[lifecycle.OwnerID]lifecycle.Money{
		f.alice: eur("50000"), f.bob: eur("40000"), f.carol: eur("10000"),
	})
	require.NoError(t, err)
	require.Len(t, cards, 3)

	alice := cards[0]
	assert.Equal(t, 1, alice.Rank)
	assert.Equal(t, f.alice, alice.Owner)
	money(t, "24100", alice.Realized, "alice realized")
	money(t, "60000", alice.Committed, "alice committed")
	money(t, "35900", alice.Slippage, "alice slippage 60,000 − 24,100")
	rate(t, "0.4820", alice.Attain, "alice attainment 24,100 / 50,000")
	rate(t, "0.4017", alice.Convert, "alice conversion 24,100 / 60,000")

	// Bob and Carol both attain 0 with nothing realized: the owner id
	// decides. Carol's cost avoidance does not count, and with nothing
	// committed her conversion is undefined.
	rest := map[lifecycle.OwnerID]scorecard.OwnerCard{cards[1].Owner: cards[1], cards[2].Owner: cards[2]}
	assert.Negative(t, cards[1].Owner.Compare(cards[2].Owner))
	assert.Equal(t, []int{2, 3}, []int{cards[1].Rank, cards[2].Rank})
	rate(t, "0.0000", rest[f.bob].Attain, "bob attainment")
	money(t, "30000", rest[f.bob].Slippage, "bob slippage")
	rate(t, "0.0000", rest[f.carol].Attain, "carol attainment")
	rate(t, "undefined", rest[f.carol].Convert, "carol conversion")
	money(t, "0", rest[f.carol].Realized, "carol cost-reduction realized")

	// Without a target, attainment is undefined and ranks last.
	cards, err = sc.Owners(map[lifecycle.OwnerID]lifecycle.Money{f.bob: eur("40000")})
	require.NoError(t, err)
	require.Len(t, cards, 3)
	assert.Equal(t, f.bob, cards[0].Owner)
	assert.False(t, cards[1].Attain.Defined())
	assert.Equal(t, f.alice, cards[1].Owner, "undefined attainments rank by realized savings")

	_, err = sc.Owners(map[lifecycle.OwnerID]lifecycle.Money{f.bob: lifecycle.MustMoney("1", "USD")})
	require.ErrorIs(t, err, lifecycle.ErrCurrencyMismatch)
	assert.Contains(t, err.Error(), f.bob.String())

	cfg := f.config()
	cfg.Owners = nil
	_, err = f.build(t, cfg).Owners(nil)
	require.ErrorIs(t, err, scorecard.ErrInvalidConfig)
}

// TestCategoryRollUpThroughTheTree puts the fixture's categories under
// a root, All > MRO > Fasteners and All > IT: the root's row holds both
// branches, Fasteners' figures reaching it through MRO.
func TestCategoryRollUpThroughTheTree(t *testing.T) {
	f := newFixture(t)
	root := must(lifecycle.NewCategoryID(f.ids))
	tree, err := lifecycle.NewCategoryTree([]lifecycle.Category{
		{ID: root, Name: "All"},
		{ID: f.catMRO, Parent: root, Name: "MRO"},
		{ID: f.catFast, Parent: f.catMRO, Name: "Fasteners"},
		{ID: f.catIT, Parent: root, Name: "IT"},
	})
	require.NoError(t, err)
	cfg := f.config()
	cfg.Categories = tree
	rows := f.build(t, cfg).Rows()
	require.Len(t, rows, 4)
	assert.Equal(t, []string{"All", "All > IT", "All > MRO", "All > MRO > Fasteners"},
		[]string{rows[0].Path, rows[1].Path, rows[2].Path, rows[3].Path})
	assert.Equal(t, []int{0, 1, 1, 2}, []int{rows[0].Depth, rows[1].Depth, rows[2].Depth, rows[3].Depth})

	all := &rows[0]
	figures(t, &all.Reduction, "All reduction", "174000", "120000", "90000", "90000", "24100", "5000")
	figures(t, &all.Avoidance, "All avoidance", "47500", "38000", "38000", "38000", "32400", "0")
	money(t, "151900", all.Spend.Addressable(), "All addressable: Fasteners' lines")
	money(t, "3300", all.Spend.Uncontracted, "All uncontracted: IT's lines")
	assert.Equal(t, 2, all.Initiatives(lifecycle.Realized), "A and B")
	assert.Equal(t, 1, all.Initiatives(lifecycle.Pipeline), "C")
	assert.Equal(t, 1, all.Initiatives(lifecycle.Cancelled), "D")
}

// TestRatesCarryTheirRounding: each rate keeps the policy it was rounded
// with, and the policy decides its digits. Implementation is 90,000 ÷
// 120,000 = 0.75, a tie at one place.
func TestRatesCarryTheirRounding(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		rounding lifecycle.Rounding
		want     string
	}{
		{lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 4}, "0.7500"},
		{lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 1}, "0.8"},
		{lifecycle.Rounding{Mode: lifecycle.Down, Places: 1}, "0.7"},
		{lifecycle.Rounding{Mode: lifecycle.HalfUp, Places: 1}, "0.8"},
	} {
		cfg := f.config()
		cfg.RateRounding = c.rounding
		total := f.build(t, cfg).Total()
		r := total.ImplementationRate(lifecycle.CostReduction)
		assert.Equal(t, c.rounding, r.Rounding())
		rate(t, c.want, r, "implementation rate at "+c.rounding.Mode.String())
	}
}
