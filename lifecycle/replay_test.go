package lifecycle_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// richHistory builds an initiative that has seen every kind of event.
func richHistory(t testing.TB, w *world) *lifecycle.Initiative {
	t.Helper()
	in := w.create(t)
	must := func(_ lifecycle.Event, err error) { t.Helper(); require.NoError(t, err) }
	est := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("140000.00", "EUR")}
	must(in.ReviseEstimate(by(in, w.owner, w.day(3), "quotes in"), est))
	must(in.RecordCost(by(in, w.owner, w.day(4), ""), lifecycle.Cost{
		Amount: lifecycle.MustMoney("5000.00", "EUR"), Date: lifecycle.MustDate(2024, 1, 19),
		Description: "tender consultant",
	}))
	must(in.Commit(by(in, w.owner, w.day(10), ""), w.commitment()))
	must(in.Implement(by(in, w.owner, w.day(100), ""), w.implementation()))
	must(in.StepBack(by(in, w.owner, w.day(101), "rates unloaded in ERP migration")))
	must(in.Implement(by(in, w.owner, w.day(110), "rates reloaded"), w.implementation()))
	fc := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("100000", "EUR")}
	must(in.ReviseForecast(by(in, w.owner, w.day(115), "volumes down"), fc))
	e1 := w.entry(t, "9000.00", lifecycle.MustPeriod(2024, time.May))
	e2 := w.entry(t, "8500.10", lifecycle.MustPeriod(2024, time.June))
	e2.Source = lifecycle.Source{Kind: lifecycle.ManualEntry, Reason: "GL 6100 variance"}
	must(in.RecordRealization(by(in, w.owner, w.day(140), ""), e1))
	must(in.RecordRealization(by(in, w.owner, w.day(170), ""), e2))
	must(in.ValidateRealization(by(in, w.finance, w.day(171), ""), e1.ID))
	must(in.RejectRealization(by(in, w.finance, w.day(172), "no evidence"), e2.ID))
	next, err := lifecycle.NewOwnerID(w.ids)
	require.NoError(t, err)
	must(in.ReassignOwner(by(in, w.owner, w.day(200), "reorganisation"), next))
	return in
}

func TestReplayGivesSameState(t *testing.T) {
	w := newWorld(t)
	in := richHistory(t, w)
	want, err := json.Marshal(in)
	require.NoError(t, err)

	// Through JSON and back, as an event store would keep them.
	raw, err := json.Marshal(in.Events())
	require.NoError(t, err)
	var events []lifecycle.Event
	require.NoError(t, json.Unmarshal(raw, &events))

	for i := 0; i < 3; i++ {
		again, err := lifecycle.Replay(events)
		require.NoError(t, err)
		got, err := json.Marshal(again)
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(got))
		assert.Equal(t, string(want), string(got), "byte for byte")
		assert.Equal(t, lifecycle.Realized, again.Stage())
		assert.True(t, again.Realized().Equal(lifecycle.MustMoney("9000", "EUR")))
	}
	for i, e := range events {
		assert.True(t, e.Equal(in.Events()[i]), "event %d survives the round trip", i+1)
	}
}

func TestReplayRefusesBrokenHistory(t *testing.T) {
	w := newWorld(t)
	events := richHistory(t, w).Events()

	_, err := lifecycle.Replay(nil)
	require.ErrorIs(t, err, lifecycle.ErrNoHistory)

	skipped := append(append([]lifecycle.Event{}, events[:3]...), events[4:]...)
	_, err = lifecycle.Replay(skipped)
	require.ErrorIs(t, err, lifecycle.ErrVersionConflict)

	swapped := append([]lifecycle.Event{}, events...)
	swapped[3].At = swapped[2].At.Add(-time.Hour)
	_, err = lifecycle.Replay(swapped)
	require.ErrorIs(t, err, lifecycle.ErrOutOfOrder)

	forged := append([]lifecycle.Event{}, events...)
	forged[10].Actor = w.owner // the owner validating the owner's entry
	_, err = lifecycle.Replay(forged)
	require.ErrorIs(t, err, lifecycle.ErrSelfValidation)
	assert.Contains(t, err.Error(), "replay")

	other := w.create(t).Events()[0]
	mixed := append([]lifecycle.Event{}, events[:2]...)
	other.Version = 3
	other.At = events[1].At
	_, err = lifecycle.Replay(append(mixed, other))
	require.ErrorIs(t, err, lifecycle.ErrOutOfOrder)
}

func TestAsOf(t *testing.T) {
	w := newWorld(t)
	in := richHistory(t, w)
	cases := []struct {
		day      int
		stage    lifecycle.Stage
		version  int
		realized string
	}{
		{0, lifecycle.Pipeline, 1, "0"},
		{9, lifecycle.Pipeline, 3, "0"},
		{10, lifecycle.Committed, 4, "0"},
		{100, lifecycle.Implemented, 5, "0"},
		{105, lifecycle.Committed, 6, "0"},
		{170, lifecycle.Implemented, 10, "0"},
		{171, lifecycle.Realized, 11, "9000"},
		{365, lifecycle.Realized, 13, "9000"},
	}
	for _, tc := range cases {
		t.Run(w.day(tc.day).Format(time.DateOnly), func(t *testing.T) {
			then, err := in.AsOf(w.day(tc.day))
			require.NoError(t, err)
			assert.Equal(t, tc.stage, then.Stage())
			assert.Equal(t, tc.version, then.Version())
			assert.True(t, then.Realized().Equal(lifecycle.MustMoney(tc.realized, "EUR")), then.Realized().String())
		})
	}
	_, err := in.AsOf(w.day(-1))
	require.ErrorIs(t, err, lifecycle.ErrNoHistory)
}

// TestAsOfUnchangedByLaterEvents: a month-end report can be reproduced
// whatever happened afterwards.
func TestAsOfUnchangedByLaterEvents(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Implemented)
	monthEnd := w.day(120)
	before, err := in.AsOf(monthEnd)
	require.NoError(t, err)
	report, err := json.Marshal(before)
	require.NoError(t, err)

	e := w.entry(t, "500", lifecycle.MustPeriod(2024, time.April))
	_, err = in.RecordRealization(by(in, w.owner, w.day(121), ""), e)
	require.NoError(t, err)
	_, err = in.ValidateRealization(by(in, w.finance, w.day(122), ""), e.ID)
	require.NoError(t, err)

	after, err := in.AsOf(monthEnd)
	require.NoError(t, err)
	again, err := json.Marshal(after)
	require.NoError(t, err)
	assert.Equal(t, string(report), string(again))
	assert.Equal(t, lifecycle.Realized, in.Stage())
}

// TestSnapshotWithPendingEntry: an entry awaiting finance has no checker
// yet, and the state still encodes and replays.
func TestSnapshotWithPendingEntry(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Implemented)
	e := w.entry(t, "1200.00", lifecycle.MustPeriod(2024, time.May))
	_, err := in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
	require.NoError(t, err)

	raw, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"status":"recorded"`)
	assert.Contains(t, string(raw), `"decidedBy":{"id":"","role":""}`)
	assert.Contains(t, string(raw), `"pending":{"amount":"1200.00","currency":"EUR"}`)

	again, err := lifecycle.Replay(in.Events())
	require.NoError(t, err)
	raw2, err := json.Marshal(again)
	require.NoError(t, err)
	assert.Equal(t, string(raw), string(raw2))
}

func TestApplyKeepsTimesInUTC(t *testing.T) {
	w := newWorld(t)
	src := w.reach(t, lifecycle.Committed)
	events := src.Events()
	paris := time.FixedZone("CET", 3600)

	in, err := lifecycle.Replay(events[:1])
	require.NoError(t, err)
	e := events[1]
	e.At = e.At.In(paris)
	require.NoError(t, in.Apply(e))
	assert.Equal(t, time.UTC, in.Events()[1].At.Location())
	assert.True(t, in.Events()[1].Equal(events[1]))
}

// TestHistoryNotAliased: changing what the initiative hands out, or what
// was handed to it, never changes its history.
func TestHistoryNotAliased(t *testing.T) {
	w := newWorld(t)
	in := richHistory(t, w)
	before, err := json.Marshal(in.Events())
	require.NoError(t, err)

	for _, e := range in.Events() {
		switch p := e.Payload.(type) {
		case lifecycle.Plan:
			p.Suppliers[0] = "Someone Else"
		case lifecycle.EntryRecord:
			if len(p.Source.InvoiceLines) > 0 {
				p.Source.InvoiceLines[0] = "FORGED/1"
			}
		}
	}
	lines := []string{"INV-7/1"}
	e := w.entry(t, "10", lifecycle.MustPeriod(2024, time.July))
	e.Source.InvoiceLines = lines
	_, err = in.RecordRealization(by(in, w.owner, w.day(300), ""), e)
	require.NoError(t, err)
	lines[0] = "FORGED/2"

	after, err := json.Marshal(in.Events()[:len(in.Events())-1])
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after))
	last := in.Events()[len(in.Events())-1].Payload.(lifecycle.EntryRecord)
	assert.Equal(t, []string{"INV-7/1"}, last.Source.InvoiceLines)
	_, err = in.AsOf(w.day(400))
	require.NoError(t, err)
}
