package lifecycle_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// snapshot returns all an initiative shows, its state and its history,
// as JSON: two snapshots are equal only if nothing changed.
func snapshot(t *testing.T, in *lifecycle.Initiative) string {
	t.Helper()
	state, err := json.Marshal(in)
	require.NoError(t, err)
	history, err := json.Marshal(in.Events())
	require.NoError(t, err)
	return string(state) + "\n" + string(history)
}

// TestAllowedEveryKindEveryStage checks the whole transition table, cell
// by cell, against a copy written out independently of the package's.
func TestAllowedEveryKindEveryStage(t *testing.T) {
	const none = lifecycle.Stage(0)
	P, C, I, R, X := lifecycle.Pipeline, lifecycle.Committed, lifecycle.Implemented,
		lifecycle.Realized, lifecycle.Cancelled
	want := map[lifecycle.EventKind]map[lifecycle.Stage]lifecycle.Stage{
		lifecycle.KindCreated:              {none: P},
		lifecycle.KindEstimateRevised:      {P: P},
		lifecycle.KindCommitted:            {P: C},
		lifecycle.KindImplemented:          {C: I},
		lifecycle.KindForecastRevised:      {C: C, I: I, R: R},
		lifecycle.KindCostRecorded:         {P: P, C: C, I: I, R: R},
		lifecycle.KindRealizationRecorded:  {I: I, R: R},
		lifecycle.KindRealizationValidated: {I: R, R: R},
		lifecycle.KindRealizationRejected:  {I: I, R: R},
		lifecycle.KindSteppedBack:          {C: P, I: C},
		lifecycle.KindCancelled:            {P: X, C: X, I: X},
		lifecycle.KindOwnerReassigned:      {P: P, C: C, I: I, R: R},
	}
	stages := []lifecycle.Stage{none, P, C, I, R, X, lifecycle.Stage(9)}
	for k := lifecycle.EventKind(0); k <= 13; k++ {
		for _, from := range stages {
			t.Run(k.String()+" from "+from.String(), func(t *testing.T) {
				wantTo, wantOK := want[k][from]
				to, ok := lifecycle.Allowed(from, k)
				assert.Equal(t, wantOK, ok)
				assert.Equal(t, wantTo, to)
			})
		}
	}
}

// TestCreatedOnlyOnce: a creation event cannot be applied to an
// initiative that exists, whatever its stage.
func TestCreatedOnlyOnce(t *testing.T) {
	for _, s := range []lifecycle.Stage{lifecycle.Pipeline, lifecycle.Committed,
		lifecycle.Implemented, lifecycle.Realized, lifecycle.Cancelled} {
		t.Run(s.String(), func(t *testing.T) {
			w := newWorld(t)
			in := w.reach(t, s)
			before := snapshot(t, in)
			again := in.Events()[0]
			again.Version = in.Version() + 1
			again.At = w.day(400)
			err := in.Apply(again)
			require.ErrorIs(t, err, lifecycle.ErrTransitionNotAllowed)
			assert.Equal(t, before, snapshot(t, in))
		})
	}
}

// TestRefusalsLeaveInitiativeUnchanged: whatever refuses a change, the
// error is typed and says what is wrong, the initiative is exactly as it
// was, and the next change goes ahead on the same version.
func TestRefusalsLeaveInitiativeUnchanged(t *testing.T) {
	usd := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("110000", "USD")}
	cases := []struct {
		name  string
		stage lifecycle.Stage
		// pending: an entry recorded by finance beforehand, to decide on
		pending bool
		refuse  func(w *world, in *lifecycle.Initiative, entry lifecycle.EntryID) (lifecycle.Event, error)
		is      error
		as      any // pointer to the typed error expected
	}{
		{"commit without a contract", lifecycle.Pipeline, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				c := w.commitment()
				c.ContractRef = ""
				return in.Commit(by(in, w.owner, w.day(10), ""), c)
			}, lifecycle.ErrMissingEvidence, new(*lifecycle.EvidenceError)},
		{"implement in another currency", lifecycle.Committed, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				m := w.implementation()
				m.Value = usd
				return in.Implement(by(in, w.owner, w.day(100), ""), m)
			}, lifecycle.ErrCurrencyMismatch, new(*lifecycle.EvidenceError)},
		{"estimate revised after commitment", lifecycle.Committed, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				s := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("1", "EUR")}
				return in.ReviseEstimate(by(in, w.owner, w.day(20), ""), s)
			}, lifecycle.ErrPlanFrozen, new(*lifecycle.TransitionError)},
		{"step back from realized", lifecycle.Realized, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				return in.StepBack(by(in, w.owner, w.day(200), "rates unloaded"))
			}, lifecycle.ErrTransitionNotAllowed, new(*lifecycle.TransitionError)},
		{"cancel without a reason", lifecycle.Implemented, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				return in.Cancel(by(in, w.owner, w.day(200), ""))
			}, lifecycle.ErrMissingEvidence, new(*lifecycle.EvidenceError)},
		{"stale version", lifecycle.Committed, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				ch := by(in, w.owner, w.day(20), "")
				ch.Version--
				return in.Cancel(ch)
			}, lifecycle.ErrVersionConflict, new(*lifecycle.ConflictError)},
		{"dated before the last change", lifecycle.Committed, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				return in.Implement(by(in, w.owner, w.day(9), ""), w.implementation())
			}, lifecycle.ErrOutOfOrder, nil},
		{"actor without a role", lifecycle.Committed, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				ch := by(in, w.owner, w.day(100), "")
				ch.By.Role = 0
				return in.Implement(ch, w.implementation())
			}, lifecycle.ErrInvalidValue, nil},
		{"finance validates its own entry", lifecycle.Implemented, true,
			func(w *world, in *lifecycle.Initiative, entry lifecycle.EntryID) (lifecycle.Event, error) {
				return in.ValidateRealization(by(in, w.finance, w.day(141), ""), entry)
			}, lifecycle.ErrSelfValidation, new(*lifecycle.EvidenceError)},
		{"the owner validates", lifecycle.Implemented, true,
			func(w *world, in *lifecycle.Initiative, entry lifecycle.EntryID) (lifecycle.Event, error) {
				return in.ValidateRealization(by(in, w.owner, w.day(141), ""), entry)
			}, lifecycle.ErrRoleNotPermitted, new(*lifecycle.EvidenceError)},
		{"finance rejects its own entry", lifecycle.Implemented, true,
			func(w *world, in *lifecycle.Initiative, entry lifecycle.EntryID) (lifecycle.Event, error) {
				return in.RejectRealization(by(in, w.finance, w.day(141), "wrong period"), entry)
			}, lifecycle.ErrSelfValidation, new(*lifecycle.EvidenceError)},
		{"a guard refuses", lifecycle.Committed, false,
			func(w *world, in *lifecycle.Initiative, _ lifecycle.EntryID) (lifecycle.Event, error) {
				in.SetGuard(lifecycle.GuardFunc(func(*lifecycle.Initiative, lifecycle.Event) error {
					return errors.New("the rates are not approved by Plant Operations")
				}))
				defer in.SetGuard(nil)
				return in.Implement(by(in, w.owner, w.day(100), ""), w.implementation())
			}, lifecycle.ErrRefused, new(*lifecycle.RefusedError)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			in := w.reach(t, tc.stage)
			var entry lifecycle.EntryID
			if tc.pending {
				rec := w.entry(t, "100", lifecycle.MustPeriod(2024, time.June))
				_, err := in.RecordRealization(by(in, w.finance, w.day(140), ""), rec)
				require.NoError(t, err)
				entry = rec.ID
			}
			before := snapshot(t, in)

			e, err := tc.refuse(w, in, entry)
			require.ErrorIs(t, err, tc.is)
			if tc.as != nil {
				require.ErrorAs(t, err, tc.as)
			}
			assert.Equal(t, lifecycle.Event{}, e, "a refusal returns no event")
			assert.Contains(t, err.Error(), in.ID().String(), "the message names the initiative")
			assert.NotContains(t, err.Error(), "%!", "the message is well formed")
			assert.Equal(t, before, snapshot(t, in), "initiative unchanged")

			// The next valid change applies on the same version.
			version := in.Version()
			cost := lifecycle.Cost{Amount: lifecycle.MustMoney("10", "EUR"),
				Date: lifecycle.MustDate(2024, 1, 2), Description: "travel"}
			next, err := in.RecordCost(by(in, w.owner, w.day(300), ""), cost)
			require.NoError(t, err)
			assert.Equal(t, version+1, next.Version)
		})
	}
}

// TestGuardCannotChangeWhatIsApplied: a guard that changes the initiative
// or the event it is shown changes neither the initiative nor what is
// recorded.
func TestGuardCannotChangeWhatIsApplied(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Implemented)
	var seen *lifecycle.Initiative
	in.SetGuard(lifecycle.GuardFunc(func(cur *lifecycle.Initiative, e lifecycle.Event) error {
		seen = cur
		if p, ok := e.Payload.(lifecycle.EntryRecord); ok {
			p.Source.InvoiceLines[0] = "FORGED/1"
		}
		_, err := cur.Cancel(by(cur, w.owner, e.At, "the guard meddles"))
		require.NoError(t, err, "the guard's copy accepts changes")
		return nil
	}))

	e := w.entry(t, "100", lifecycle.MustPeriod(2024, time.June))
	got, err := in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
	require.NoError(t, err)

	assert.NotSame(t, in, seen, "the guard saw a copy")
	assert.Equal(t, lifecycle.Implemented, in.Stage(), "the guard's cancellation did not reach it")
	assert.Equal(t, 4, in.Version())
	assert.Equal(t, lifecycle.KindRealizationRecorded, in.Events()[3].Kind)
	assert.True(t, got.Equal(in.Events()[3]))
	recorded := in.Events()[3].Payload.(lifecycle.EntryRecord)
	assert.Equal(t, []string{"INV-1001/1", "INV-1001/2"}, recorded.Source.InvoiceLines)
	assert.Equal(t, []string{"INV-1001/1", "INV-1001/2"}, in.Entries()[0].Source.InvoiceLines)

	again, err := lifecycle.Replay(in.Events())
	require.NoError(t, err)
	assert.Equal(t, snapshot(t, in), snapshot(t, again))
}

// attempt is one change a table test tries on an initiative.
type attempt func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error)

// TestRevisionAndScopeEvidence covers the evidence rules the stage tests
// leave out: revisions, planned spend and volume, costs and owner
// reassignment.
func TestRevisionAndScopeEvidence(t *testing.T) {
	eur := func(s string) lifecycle.Savings {
		return lifecycle.Savings{Annual: lifecycle.MustAnnualRate(s, "EUR")}
	}
	gbp := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("5", "GBP")}
	cases := []struct {
		name    string
		stage   lifecycle.Stage
		do      attempt
		missing string
		is      error // nil with no missing: the change is allowed
	}{
		{"estimate missing", lifecycle.Pipeline,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.ReviseEstimate(by(in, w.owner, w.day(1), ""), lifecycle.Savings{})
			}, "the estimate as an annual rate", nil},
		{"estimate in another currency", lifecycle.Pipeline,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.ReviseEstimate(by(in, w.owner, w.day(1), ""), gbp)
			}, "", lifecycle.ErrCurrencyMismatch},
		{"estimate zero", lifecycle.Pipeline,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.ReviseEstimate(by(in, w.owner, w.day(1), ""), eur("0"))
			}, "", lifecycle.ErrInvalidValue},
		{"estimate negative", lifecycle.Pipeline,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.ReviseEstimate(by(in, w.owner, w.day(1), ""), eur("-5"))
			}, "", lifecycle.ErrInvalidValue},
		{"forecast missing", lifecycle.Committed,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.ReviseForecast(by(in, w.owner, w.day(20), ""), lifecycle.Savings{})
			}, "the forecast as an annual rate", nil},
		{"forecast in another currency", lifecycle.Implemented,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.ReviseForecast(by(in, w.owner, w.day(120), ""), gbp)
			}, "", lifecycle.ErrCurrencyMismatch},
		{"forecast negative is allowed", lifecycle.Realized,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				ch := by(in, w.owner, w.day(200), "supplier raised prices")
				return in.ReviseForecast(ch, eur("-1000"))
			}, "", nil},
		{"planned spend in another currency", lifecycle.Pipeline,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				c := w.commitment()
				c.PlannedVolume.Spend = gbp.Annual
				return in.Commit(by(in, w.owner, w.day(10), ""), c)
			}, "", lifecycle.ErrCurrencyMismatch},
		{"planned quantity negative", lifecycle.Pipeline,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				c := w.commitment()
				c.PlannedVolume = lifecycle.Volume{Quantity: decimalOf("-40000"), Unit: "m2"}
				return in.Commit(by(in, w.owner, w.day(10), ""), c)
			}, "", lifecycle.ErrInvalidValue},
		{"planned quantity alone is enough", lifecycle.Pipeline,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				c := w.commitment()
				c.PlannedVolume = lifecycle.Volume{Quantity: decimalOf("40000"), Unit: "m2"}
				return in.Commit(by(in, w.owner, w.day(10), ""), c)
			}, "", nil},
		{"cost in another currency", lifecycle.Committed,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.RecordCost(by(in, w.owner, w.day(20), ""), lifecycle.Cost{
					Amount:      lifecycle.MustMoney("10", "GBP"),
					Date:        lifecycle.MustDate(2024, 2, 1),
					Description: "cleaning audit",
				})
			}, "", lifecycle.ErrCurrencyMismatch},
		{"cost negative", lifecycle.Committed,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				return in.RecordCost(by(in, w.owner, w.day(20), ""), lifecycle.Cost{
					Amount:      lifecycle.MustMoney("-10", "EUR"),
					Date:        lifecycle.MustDate(2024, 2, 1),
					Description: "cleaning audit",
				})
			}, "", lifecycle.ErrInvalidValue},
		{"reassign to nobody", lifecycle.Implemented,
			func(w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
				ch := by(in, w.owner, w.day(120), "")
				return in.ReassignOwner(ch, lifecycle.OwnerID{})
			}, "the new owner", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			in := w.reach(t, tc.stage)
			before := snapshot(t, in)
			_, err := tc.do(w, in)
			if tc.missing == "" && tc.is == nil {
				require.NoError(t, err)
				return
			}
			if tc.missing != "" {
				requireMissing(t, err, tc.missing)
			}
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			assert.Equal(t, before, snapshot(t, in))
		})
	}
}

// TestOneTimeCommitmentEvidence: a one-time saving commits a total, not a
// rate, and needs no planned volume.
func TestOneTimeCommitmentEvidence(t *testing.T) {
	create := func(t *testing.T, w *world) *lifecycle.Initiative {
		t.Helper()
		p := w.plan()
		p.Recurrence = lifecycle.OneTime
		p.Estimate = lifecycle.Savings{OneTime: lifecycle.MustMoney("25000", "EUR")}
		id, err := lifecycle.NewInitiativeID(w.ids)
		require.NoError(t, err)
		in, err := lifecycle.New(id, p, lifecycle.Change{By: w.owner, At: w.day(0)}, nil)
		require.NoError(t, err)
		return in
	}
	oneTime := func(w *world) lifecycle.Commitment {
		c := w.commitment()
		c.Value = lifecycle.Savings{OneTime: lifecycle.MustMoney("20000", "EUR")}
		c.PlannedVolume = lifecycle.Volume{}
		return c
	}

	t.Run("a rate instead of a total", func(t *testing.T) {
		w := newWorld(t)
		in := create(t, w)
		c := oneTime(w)
		c.Value = lifecycle.Savings{Annual: lifecycle.MustAnnualRate("20000", "EUR")}
		_, err := in.Commit(by(in, w.owner, w.day(10), ""), c)
		requireMissing(t, err, "the committed value as a one-time total")
		require.ErrorIs(t, err, lifecycle.ErrInvalidValue)
		assert.Equal(t, lifecycle.Pipeline, in.Stage())
	})
	t.Run("a total without planned volume", func(t *testing.T) {
		w := newWorld(t)
		in := create(t, w)
		_, err := in.Commit(by(in, w.owner, w.day(10), ""), oneTime(w))
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Committed, in.Stage())
	})
}

// TestEventDecodingRefusesTrailingData: an event read straight from a
// store, not through json.Unmarshal, is one JSON value and nothing more.
func TestEventDecodingRefusesTrailingData(t *testing.T) {
	w := newWorld(t)
	raw, err := json.Marshal(w.reach(t, lifecycle.Committed).Events()[1])
	require.NoError(t, err)
	var e lifecycle.Event
	require.NoError(t, e.UnmarshalJSON(raw))
	for _, tail := range []string{"]", "}", " {}", ",1", "x"} {
		t.Run(tail, func(t *testing.T) {
			var e lifecycle.Event
			err := e.UnmarshalJSON(append(append([]byte{}, raw...), tail...))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "event")
			assert.Equal(t, lifecycle.Event{}, e, "nothing half decoded")
		})
	}
}
