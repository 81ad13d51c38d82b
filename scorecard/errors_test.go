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

func TestConfigValidateReportsEveryProblem(t *testing.T) {
	err := (&scorecard.Config{
		From: lifecycle.MustPeriod(2025, time.December), To: jan,
		Dimensions: scorecard.ByOwner | scorecard.Dimension(0x80),
		Grain:      scorecard.Grain(9), Currency: "EURO",
	}).Validate()
	require.ErrorIs(t, err, scorecard.ErrInvalidConfig)
	for _, want := range []string{
		"no as-of time",
		"window ends in 2025-01, before it starts in 2025-12",
		"unknown dimensions owner+unknown(0x80)",
		"unknown grain Grain(9)",
		"rows by owner need the category ownership",
		`reporting currency "EURO" is not an ISO 4217 code`,
		"rate rounding keeps 0 places",
	} {
		assert.Contains(t, err.Error(), want)
	}

	f := newFixture(t)
	cfg := f.config()
	require.NoError(t, cfg.Validate())
	cfg.From, cfg.To = lifecycle.MustPeriod(1990, time.January), lifecycle.MustPeriod(2050, time.January)
	require.ErrorContains(t, cfg.Validate(), "longer than 600 months")

	_, err = scorecard.NewPartial(scorecard.Config{})
	require.ErrorIs(t, err, scorecard.ErrInvalidConfig)
	_, err = scorecard.Build(scorecard.Config{}, nil, nil)
	require.ErrorIs(t, err, scorecard.ErrInvalidConfig)
}

func TestMissingExchangeRate(t *testing.T) {
	f := newFixture(t)

	// Without actual USD rates, B's realized and the USD line cannot be
	// converted: each currency and month missing is named once.
	cfg := f.config()
	cfg.Rates = &scorecard.RateTable{}
	_, err := scorecard.Build(cfg, f.initiatives(), f.results(t))
	require.ErrorIs(t, err, scorecard.ErrMissingRate)
	var re *scorecard.RateError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, lifecycle.USD, re.Currency)
	assert.Contains(t, err.Error(), "no actual exchange rate for USD in 2025-03")
	assert.Contains(t, err.Error(), "no actual exchange rate for USD in 2025-05")
	assert.Contains(t, err.Error(), "no actual exchange rate for USD in 2025-08")
	assert.NotContains(t, err.Error(), "planned")

	// Without planned rates, B's committed-side figures of March cannot.
	cfg = f.config()
	cfg.PlannedRates = &scorecard.RateTable{}
	_, err = scorecard.Build(cfg, f.initiatives(), f.results(t))
	require.ErrorIs(t, err, scorecard.ErrMissingRate)
	assert.Contains(t, err.Error(), "no planned exchange rate for USD in 2025-03")
	assert.NotContains(t, err.Error(), "actual")

	// Without any rates at all, the actual ones serve as planned too.
	cfg.Rates, cfg.PlannedRates = nil, nil
	_, err = scorecard.Build(cfg, f.initiatives(), f.results(t))
	require.ErrorIs(t, err, scorecard.ErrMissingRate)
	assert.Contains(t, err.Error(), "no actual exchange rate for USD in 2025-03")

	// With only actual rates, they are the planned ones and the gap has
	// no currency part.
	cfg.Rates = f.rates
	sc, err := scorecard.Build(cfg, f.initiatives(), f.results(t))
	require.NoError(t, err)
	total := sc.Total()
	money(t, "36000", total.Avoidance.Committed, "B committed at the actual 0.90")
	gap(t, &total.Avoidance, "avoidance", "0")
}

func TestRateTable(t *testing.T) {
	var rt scorecard.RateTable
	_, ok := rt.ExchangeRate("USD", jan)
	assert.False(t, ok, "the zero table is empty")

	require.ErrorIs(t, rt.Set("usd", jan, num("0.9")), lifecycle.ErrUnknownCurrency)
	require.ErrorIs(t, rt.Set("USD", lifecycle.Period{}, num("0.9")), lifecycle.ErrInvalidValue)
	require.ErrorIs(t, rt.Set("USD", jan, num("0")), lifecycle.ErrInvalidValue)
	require.ErrorIs(t, rt.Set("USD", jan, num("-1")), lifecycle.ErrInvalidValue)
	require.ErrorIs(t, rt.SetMonths("USD", dec, jan, num("0.9")), lifecycle.ErrInvalidValue)

	require.NoError(t, rt.SetMonths("USD", jan, lifecycle.MustPeriod(2025, time.March), num("0.9")))
	require.NoError(t, rt.Set("USD", jan, num("0.91")), "a rate set again is replaced")
	r, ok := rt.ExchangeRate("USD", jan)
	require.True(t, ok)
	assert.True(t, r.Equal(num("0.91")))
	r, ok = rt.ExchangeRate("USD", lifecycle.MustPeriod(2025, time.March))
	require.True(t, ok)
	assert.True(t, r.Equal(num("0.9")))
	_, ok = rt.ExchangeRate("USD", lifecycle.MustPeriod(2025, time.April))
	assert.False(t, ok)
}

func TestBadInput(t *testing.T) {
	f := newFixture(t)
	p, err := scorecard.NewPartial(f.config())
	require.NoError(t, err)

	require.ErrorIs(t, p.AddInitiative(nil), scorecard.ErrInvalidInput)
	require.NoError(t, p.AddInitiative(f.a))
	err = p.AddInitiative(f.a)
	require.ErrorIs(t, err, scorecard.ErrInvalidInput)
	assert.Contains(t, err.Error(), f.a.ID().String()+": invalid scorecard input: given twice")

	require.ErrorIs(t, p.AddResult(nil), scorecard.ErrInvalidInput)
	err = p.AddResult(&matching.Result{Invoice: "INV-9", Line: 3})
	require.ErrorIs(t, err, scorecard.ErrInvalidInput)
	assert.Contains(t, err.Error(), `invoice "INV-9" line 3`)
	assert.Contains(t, err.Error(), "no verdict")

	// A hand-made on-contract result without category or spend.
	results := f.results(t)
	bad := results[0]
	bad.Category = lifecycle.CategoryID{}
	err = p.AddResult(&bad)
	require.ErrorIs(t, err, scorecard.ErrInvalidInput)
	assert.Contains(t, err.Error(), "a line of class on-contract with no category")

	// Nothing was counted by the refusals.
	a := p.Accounting()
	assert.Equal(t, 1, a.Initiatives)
	assert.Zero(t, a.Results())

	// A category outside the tree is named.
	cfg := f.config()
	other := must(lifecycle.NewCategoryID(f.ids))
	cfg.Categories = must(lifecycle.NewCategoryTree([]lifecycle.Category{{ID: other, Name: "Other"}}))
	_, err = scorecard.Build(cfg, f.initiatives(), results)
	require.ErrorIs(t, err, scorecard.ErrInvalidInput)
	assert.Contains(t, err.Error(), "category "+f.catFast.String()+" is not in the category tree")
	assert.Contains(t, err.Error(), "category "+f.catIT.String()+" is not in the category tree")
}

func TestMergeRefusals(t *testing.T) {
	f := newFixture(t)
	cfg := f.config()
	p := must(scorecard.NewPartial(cfg))
	require.ErrorIs(t, p.Merge(p), scorecard.ErrInvalidInput)
	require.ErrorIs(t, p.Merge(nil), scorecard.ErrInvalidInput)

	later := cfg
	later.AsOf = later.AsOf.Add(time.Hour)
	require.ErrorIs(t, p.Merge(must(scorecard.NewPartial(later))), scorecard.ErrInvalidConfig)
	shorter := cfg
	shorter.To = lifecycle.MustPeriod(2025, time.June)
	require.ErrorIs(t, p.Merge(must(scorecard.NewPartial(shorter))), scorecard.ErrInvalidConfig)

	// The same initiative on two shards is counted once and reported.
	q := must(scorecard.NewPartial(cfg))
	require.NoError(t, p.AddInitiative(f.a))
	require.NoError(t, q.AddInitiative(f.a))
	require.NoError(t, q.AddInitiative(f.b))
	require.NoError(t, p.Merge(q))
	assert.Equal(t, 2, p.Accounting().Initiatives)
	_, err := p.Scorecard()
	require.ErrorIs(t, err, scorecard.ErrInvalidInput)
	assert.Contains(t, err.Error(), f.a.ID().String()+": invalid scorecard input: given 2 times")
	assert.NotContains(t, err.Error(), f.b.ID().String())

	// The merged-in partial is left as it was.
	assert.Equal(t, 2, q.Accounting().Initiatives)
	_, err = q.Scorecard()
	require.NoError(t, err)
}

func TestRowsByRefusesUnknownDimensions(t *testing.T) {
	f := newFixture(t)
	sc := f.build(t, f.config())
	_, err := sc.RowsBy(scorecard.Dimension(0x40), scorecard.Month)
	require.ErrorIs(t, err, scorecard.ErrInvalidConfig)
	_, err = sc.RowsBy(scorecard.ByCategory, scorecard.Grain(3))
	require.ErrorIs(t, err, scorecard.ErrInvalidConfig)
	assert.Contains(t, err.Error(), "grain Grain(3)")
}
