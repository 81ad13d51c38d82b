package lifecycle_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

func TestInitiativeDue(t *testing.T) {
	w := newWorld(t)
	cents := lifecycle.CurrencyRounding(lifecycle.EUR)
	in := w.create(t)
	_, err := in.Due(lifecycle.MustDate(2024, time.June, 30), cents)
	require.ErrorIs(t, err, lifecycle.ErrNotCommitted)

	// 120,000 a year from 1 April 2024 to 31 March 2026: 10,000 a month.
	_, err = in.Commit(by(in, w.owner, w.day(10), ""), w.commitment())
	require.NoError(t, err)
	cases := []struct {
		by   lifecycle.Date
		want string
	}{
		{lifecycle.MustDate(2024, time.March, 31), "0"},
		{lifecycle.MustDate(2024, time.April, 29), "0"}, // April not over yet
		{lifecycle.MustDate(2024, time.April, 30), "10000"},
		{lifecycle.MustDate(2024, time.December, 31), "90000"},
		{lifecycle.MustDate(2030, time.January, 1), "240000"},
	}
	for _, tc := range cases {
		t.Run(tc.by.String(), func(t *testing.T) {
			got, err := in.Due(tc.by, cents)
			require.NoError(t, err)
			assert.True(t, got.Equal(lifecycle.MustMoney(tc.want, "EUR")), "got %s", got)
		})
	}
	s, err := in.Phasing(cents)
	require.NoError(t, err)
	assert.True(t, s.InYear(lifecycle.FiscalCalendar{}, 2025).Equal(lifecycle.MustMoney("120000", "EUR")))
}

func TestOneTimeDue(t *testing.T) {
	w := newWorld(t)
	p := w.plan()
	p.Recurrence = lifecycle.OneTime
	p.Estimate = lifecycle.Savings{OneTime: lifecycle.MustMoney("25000", "EUR")}
	id, err := lifecycle.NewInitiativeID(w.ids)
	require.NoError(t, err)
	in, err := lifecycle.New(id, p, lifecycle.Change{By: w.owner, At: w.day(0)}, nil)
	require.NoError(t, err)
	c := w.commitment()
	c.Value = lifecycle.Savings{OneTime: lifecycle.MustMoney("20000", "EUR")}
	c.Term = lifecycle.Term{Start: lifecycle.MustDate(2024, time.May, 15), End: lifecycle.MustDate(2024, time.May, 15)}
	c.PlannedVolume = lifecycle.Volume{}
	_, err = in.Commit(by(in, w.owner, w.day(10), ""), c)
	require.NoError(t, err, "a one-time saving needs no planned volume")

	cents := lifecycle.CurrencyRounding(lifecycle.EUR)
	before, err := in.Due(lifecycle.MustDate(2024, time.May, 30), cents)
	require.NoError(t, err)
	assert.True(t, before.IsZero())
	after, err := in.Due(lifecycle.MustDate(2024, time.May, 31), cents)
	require.NoError(t, err)
	assert.True(t, after.Equal(lifecycle.MustMoney("20000", "EUR")))
}
