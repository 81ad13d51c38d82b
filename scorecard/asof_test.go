package scorecard_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/scorecard"
)

// TestAsOfIgnoresLaterEvents takes the fixture's scorecard as of 30
// September, then records what October brought — July's entry
// validated, August's recorded and validated, a late cost, C committed
// and B handed to Bob — and takes the 30 September scorecard again: it
// must be the same to the byte. The October scorecard must see the
// changes, or the test would prove nothing.
func TestAsOfIgnoresLaterEvents(t *testing.T) {
	f := newFixture(t)
	cfg := f.config()
	cfg.Dimensions = scorecard.ByCategory | scorecard.ByOwner | scorecard.ByPeriod
	before, err := json.Marshal(f.build(t, cfg))
	require.NoError(t, err)

	july := f.a.Entries()[3]
	require.Equal(t, lifecycle.EntryRecorded, july.Status, "the fixture's July entry awaits validation")
	_, err = f.a.ValidateRealization(f.checked(f.a, at(time.October, 3)), july.ID)
	require.NoError(t, err)
	f.entry(t, f.a, eur("9000"), lifecycle.MustPeriod(2025, time.August), at(time.October, 6), true)
	_, err = f.a.RecordCost(f.by(f.a, at(time.October, 7), ""),
		lifecycle.Cost{Amount: eur("700"), Date: day(time.September, 15), Description: "late invoice for rate loading"})
	require.NoError(t, err)
	_, err = f.c.Commit(f.by(f.c, at(time.October, 8), ""), lifecycle.Commitment{
		ContractRef: "CW-2",
		Value:       lifecycle.Savings{Annual: lifecycle.MustAnnualRate("12000", "EUR")},
		Term:        lifecycle.Term{Start: day(time.January, 1), End: day(time.December, 31)},
		PlannedVolume: lifecycle.Volume{Quantity: num("24000"), Unit: "EA",
			Spend: lifecycle.MustAnnualRate("96000", "EUR")},
		PlannedImplementation: day(time.November, 1),
	})
	require.NoError(t, err)
	_, err = f.b.ReassignOwner(f.by(f.b, at(time.October, 9), "hand-over"), f.bob)
	require.NoError(t, err)

	after, err := json.Marshal(f.build(t, cfg))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "the 30 September scorecard changed with October's events")

	// As of 31 October the new events count: realized 24,100 + 10,000
	// + 9,000; C's 12,000 committed joins A's 120,000; the September cost.
	cfg.AsOf = time.Date(2025, time.October, 31, 18, 0, 0, 0, time.UTC)
	total := f.build(t, cfg).Total()
	money(t, "43100", total.Reduction.Realized, "realized as of 31 October")
	money(t, "132000", total.Reduction.Committed, "committed as of 31 October")
	money(t, "5700", total.Reduction.Costs, "costs as of 31 October")
}

// TestAsOfBeforeAStage reads the fixture as of 31 March: A committed
// but not implemented, B committed, nothing realized.
func TestAsOfBeforeAStage(t *testing.T) {
	f := newFixture(t)
	cfg := f.config()
	cfg.AsOf = time.Date(2025, time.March, 31, 23, 0, 0, 0, time.UTC)
	sc := f.build(t, cfg)
	total := sc.Total()

	// A: 120,000 committed, January to March due (30,000), all of it
	// timing because A is not implemented yet; the rest not yet due. C is
	// in the pipeline; D was cancelled on 1 March; E does not exist.
	figures(t, &total.Reduction, "reduction", "174000", "120000", "0", "30000", "0", "5000")
	gap(t, &total.Reduction, "reduction", "0", "90000", "30000", "0", "0", "0", "0")
	assert.Equal(t, 2, total.Initiatives(lifecycle.Committed), "A and B")
	assert.Equal(t, 1, total.Initiatives(lifecycle.Pipeline), "C")
	assert.Equal(t, 1, total.Initiatives(lifecycle.Cancelled), "D")
	assert.Equal(t, 0, total.Initiatives(lifecycle.Realized))

	// B's 40,000 USD for March is due at the planned 0.95; nothing is
	// realized and it is not implemented: timing 36,000 at the actual
	// rate, currency 2,000.
	figures(t, &total.Avoidance, "avoidance", "47500", "38000", "0", "38000", "0", "0")
	gap(t, &total.Avoidance, "avoidance", "2000", "0", "36000", "0", "0", "0", "0")

	// Lines after 31 March are left out and counted as such.
	a := sc.Accounting()
	assert.Equal(t, 10, a.AfterAsOf, "the April to October lines, the April duplicate and the June rejected line")
	assert.Equal(t, 1, a.OutsideWindow, "December 2024")
	assert.Equal(t, 4, a.Initiatives)
	assert.Equal(t, 1, a.NotYetCreated)
}

// TestSteppedBackMonthsAreTiming follows C through a step back: committed
// at 12,000 a year (1,000 a month) for 2025, implemented 1 March, rates
// unloaded on 20 May and loaded again on 2 July. As of 30 September the
// months it did not stand implemented on any day — January, February and
// June — are timing; the months it stood implemented but realized
// nothing are unexplained; October to December are not yet due.
func TestSteppedBackMonthsAreTiming(t *testing.T) {
	f := newFixture(t)
	c := f.c
	_, err := c.Commit(f.by(c, at(time.February, 1), ""), lifecycle.Commitment{
		ContractRef: "CW-3",
		Value:       lifecycle.Savings{Annual: lifecycle.MustAnnualRate("12000", "EUR")},
		Term:        lifecycle.Term{Start: day(time.January, 1), End: day(time.December, 31)},
		PlannedVolume: lifecycle.Volume{Quantity: num("24000"), Unit: "EA",
			Spend: lifecycle.MustAnnualRate("96000", "EUR")},
		PlannedImplementation: day(time.February, 1),
	})
	require.NoError(t, err)
	implement := func(when time.Time) {
		_, err := c.Implement(f.by(c, when, ""), lifecycle.Implementation{
			Date: lifecycle.DateOf(when), Where: "ERP price list",
			Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("12000", "EUR")},
		})
		require.NoError(t, err)
	}
	implement(at(time.March, 1))
	_, err = c.StepBack(f.by(c, at(time.May, 20), "rates unloaded in the ERP migration"))
	require.NoError(t, err)
	implement(at(time.July, 2))

	sc, err := scorecard.Build(f.config(), []*lifecycle.Initiative{c}, nil)
	require.NoError(t, err)
	total := sc.Total()
	gap(t, &total.Reduction, "C", "0", "3000", "3000", "0", "0", "0", "6000")

	months, err := sc.RowsBy(scorecard.ByPeriod, scorecard.Month)
	require.NoError(t, err)
	require.Len(t, months, 12)
	for i, want := range []string{"1000", "1000", "0", "0", "0", "1000", "0", "0", "0", "0", "0", "0"} {
		money(t, want, months[i].Reduction.Gap.Timing, months[i].Period.String()+" timing")
	}
}
