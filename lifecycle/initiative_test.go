package lifecycle_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// action is one change a test can try on an initiative.
type action struct {
	name string
	do   func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error)
}

func actions() []action {
	at := func(w *world) time.Time { return w.day(200) }
	return []action{
		{"commit", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			return in.Commit(by(in, w.owner, at(w), ""), w.commitment())
		}},
		{"implement", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			return in.Implement(by(in, w.owner, at(w), ""), w.implementation())
		}},
		{"validate", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			e := w.entry(t, "100", lifecycle.MustPeriod(2024, time.June))
			if in.Stage() == lifecycle.Implemented || in.Stage() == lifecycle.Realized {
				_, err := in.RecordRealization(by(in, w.owner, at(w), ""), e)
				require.NoError(t, err)
			}
			return in.ValidateRealization(by(in, w.finance, at(w), ""), e.ID)
		}},
		{"reject", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			e := w.entry(t, "100", lifecycle.MustPeriod(2024, time.June))
			if in.Stage() == lifecycle.Implemented || in.Stage() == lifecycle.Realized {
				_, err := in.RecordRealization(by(in, w.owner, at(w), ""), e)
				require.NoError(t, err)
			}
			return in.RejectRealization(by(in, w.finance, at(w), "lines belong to another contract"), e.ID)
		}},
		{"step back", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			return in.StepBack(by(in, w.owner, at(w), "rates unloaded in ERP migration"))
		}},
		{"cancel", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			return in.Cancel(by(in, w.owner, at(w), "demand disappeared"))
		}},
		{"revise estimate", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			s := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("140000", "EUR")}
			return in.ReviseEstimate(by(in, w.owner, at(w), ""), s)
		}},
		{"revise forecast", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			s := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("90000", "EUR")}
			return in.ReviseForecast(by(in, w.owner, at(w), "volumes down"), s)
		}},
		{"record cost", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			c := lifecycle.Cost{
				Amount:      lifecycle.MustMoney("5000", "EUR"),
				Date:        lifecycle.MustDate(2024, time.March, 1),
				Description: "tender consultant",
			}
			return in.RecordCost(by(in, w.owner, at(w), ""), c)
		}},
		{"record realization", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			e := w.entry(t, "100", lifecycle.MustPeriod(2024, time.June))
			return in.RecordRealization(by(in, w.owner, at(w), ""), e)
		}},
		{"reassign owner", func(t *testing.T, w *world, in *lifecycle.Initiative) (lifecycle.Event, error) {
			o, err := lifecycle.NewOwnerID(w.ids)
			require.NoError(t, err)
			return in.ReassignOwner(by(in, w.owner, at(w), "hand-over"), o)
		}},
	}
}

// TestTransitionMatrix tries every change in every stage. The expected
// outcomes are written out here, independently of the package's table.
func TestTransitionMatrix(t *testing.T) {
	const no = lifecycle.Stage(0) // refused
	P, C, I, R, X := lifecycle.Pipeline, lifecycle.Committed, lifecycle.Implemented,
		lifecycle.Realized, lifecycle.Cancelled
	want := map[string]map[lifecycle.Stage]lifecycle.Stage{
		//                          from: P   C   I   R   X
		"commit":             {P: C, C: no, I: no, R: no, X: no},
		"implement":          {P: no, C: I, I: no, R: no, X: no},
		"validate":           {P: no, C: no, I: R, R: R, X: no},
		"reject":             {P: no, C: no, I: I, R: R, X: no},
		"step back":          {P: no, C: P, I: C, R: no, X: no},
		"cancel":             {P: X, C: X, I: X, R: no, X: no},
		"revise estimate":    {P: P, C: no, I: no, R: no, X: no},
		"revise forecast":    {P: no, C: C, I: I, R: R, X: no},
		"record cost":        {P: P, C: C, I: I, R: R, X: no},
		"record realization": {P: no, C: no, I: I, R: R, X: no},
		"reassign owner":     {P: P, C: C, I: I, R: R, X: no},
	}
	for _, a := range actions() {
		for _, from := range []lifecycle.Stage{P, C, I, R, X} {
			t.Run(a.name+" from "+from.String(), func(t *testing.T) {
				w := newWorld(t)
				in := w.reach(t, from)
				before := snapshot(t, in)
				e, err := a.do(t, w, in)
				to, ok := want[a.name][from]
				require.True(t, ok, "the test's table lacks %s from %s", a.name, from)
				if to == no {
					require.ErrorIs(t, err, lifecycle.ErrTransitionNotAllowed)
					var te *lifecycle.TransitionError
					require.ErrorAs(t, err, &te)
					assert.Equal(t, from, te.From)
					assert.Equal(t, lifecycle.Event{}, e, "a refusal returns no event")
					// Refused cells need no setup event, so nothing at
					// all may have changed.
					assert.Equal(t, before, snapshot(t, in), "initiative unchanged")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, to, in.Stage())
				assert.Equal(t, in.Version(), e.Version)
				assert.Equal(t, e, in.Events()[len(in.Events())-1])
			})
		}
	}
}

func TestTransitionTableMatchesAllowed(t *testing.T) {
	to, ok := lifecycle.Allowed(0, lifecycle.KindCreated)
	assert.True(t, ok)
	assert.Equal(t, lifecycle.Pipeline, to)
	_, ok = lifecycle.Allowed(lifecycle.Realized, lifecycle.KindSteppedBack)
	assert.False(t, ok, "realized savings are reversed by entries, not by stepping back")
	_, ok = lifecycle.Allowed(lifecycle.Cancelled, lifecycle.KindCancelled)
	assert.False(t, ok, "cancelled is final")
}

func TestEstimateFrozenAfterCommit(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Committed)
	s := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("999", "EUR")}
	_, err := in.ReviseEstimate(by(in, w.owner, w.day(20), ""), s)
	require.ErrorIs(t, err, lifecycle.ErrPlanFrozen)
	assert.Contains(t, err.Error(), "record a forecast instead")
	assert.True(t, in.Estimate().Annual.Equal(lifecycle.MustAnnualRate("150000", "EUR")))

	f := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("100000", "EUR")}
	_, err = in.ReviseForecast(by(in, w.owner, w.day(21), "volumes down 15 %"), f)
	require.NoError(t, err)
	c, ok := in.Commitment()
	require.True(t, ok)
	assert.True(t, c.Value.Annual.Equal(lifecycle.MustAnnualRate("120000", "EUR")), "plan unchanged")
	fc := in.Forecast()
	require.Len(t, fc, 1)
	assert.True(t, fc[0].Value.Annual.Equal(f.Annual))
	assert.Equal(t, "volumes down 15 %", fc[0].Reason)
	assert.Equal(t, w.owner, fc[0].By)
}

func TestStepBackKeepsHistory(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Implemented)
	_, err := in.StepBack(by(in, w.owner, w.day(120), "rates unloaded after ERP migration"))
	require.NoError(t, err)
	assert.Equal(t, lifecycle.Committed, in.Stage())
	_, ok := in.Implementation()
	assert.False(t, ok, "the implementation no longer holds")
	_, ok = in.Commitment()
	assert.True(t, ok)

	_, err = in.StepBack(by(in, w.owner, w.day(121), "contract renegotiated"))
	require.NoError(t, err)
	_, ok = in.Commitment()
	assert.False(t, ok)

	again := w.commitment()
	again.ContractRef = "CW-2024-017-A1"
	_, err = in.Commit(by(in, w.owner, w.day(130), ""), again)
	require.NoError(t, err)
	c, _ := in.Commitment()
	assert.Equal(t, "CW-2024-017-A1", c.ContractRef)

	var moves []string
	for _, m := range in.StageHistory() {
		moves = append(moves, m.From.String()+"→"+m.To.String())
	}
	assert.Equal(t, []string{
		"none→pipeline", "pipeline→committed", "committed→implemented",
		"implemented→committed", "committed→pipeline", "pipeline→committed",
	}, moves)
	first := in.Events()[1].Payload.(lifecycle.Commitment)
	assert.Equal(t, "CW-2024-017", first.ContractRef, "the first commitment stays in history")
	assert.Equal(t, "rates unloaded after ERP migration", in.StageHistory()[3].Reason)
}

func TestStepBackAndCancelNeedReason(t *testing.T) {
	w := newWorld(t)
	in := w.reach(t, lifecycle.Committed)
	_, err := in.StepBack(by(in, w.owner, w.day(20), ""))
	requireMissing(t, err, "a reason")
	_, err = in.Cancel(by(in, w.owner, w.day(20), ""))
	requireMissing(t, err, "a reason")
	assert.Equal(t, lifecycle.Committed, in.Stage())
	assert.Equal(t, 2, in.Version())

	_, err = in.Cancel(by(in, w.owner, w.day(20), "business unit sold"))
	require.NoError(t, err)
	assert.Equal(t, "business unit sold", in.CancelReason())
	c, ok := in.Commitment()
	assert.True(t, ok, "a cancelled initiative keeps its commitment on record")
	assert.Equal(t, "CW-2024-017", c.ContractRef)
}

// requireMissing asserts err is an EvidenceError listing what as missing.
func requireMissing(t *testing.T, err error, what ...string) {
	t.Helper()
	require.ErrorIs(t, err, lifecycle.ErrMissingEvidence)
	var ee *lifecycle.EvidenceError
	require.ErrorAs(t, err, &ee)
	for _, w := range what {
		assert.Contains(t, ee.Missing, w)
	}
}

func TestCommitEvidence(t *testing.T) {
	usd := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "USD")}
	cases := []struct {
		name    string
		edit    func(c *lifecycle.Commitment)
		missing []string
		is      error
	}{
		{"no contract reference", func(c *lifecycle.Commitment) { c.ContractRef = "" },
			[]string{"a contract reference"}, nil},
		{"no committed value", func(c *lifecycle.Commitment) { c.Value = lifecycle.Savings{} },
			[]string{"the committed value as an annual rate"}, nil},
		{"one-time total on a recurring saving", func(c *lifecycle.Commitment) {
			c.Value.OneTime = lifecycle.MustMoney("1", "EUR")
		}, nil, lifecycle.ErrInvalidValue},
		{"value in another currency", func(c *lifecycle.Commitment) { c.Value = usd },
			nil, lifecycle.ErrCurrencyMismatch},
		{"zero value", func(c *lifecycle.Commitment) {
			c.Value.Annual = lifecycle.MustAnnualRate("0", "EUR")
		}, nil, lifecycle.ErrInvalidValue},
		{"no term", func(c *lifecycle.Commitment) { c.Term = lifecycle.Term{} },
			[]string{"a term"}, nil},
		{"term ends before it starts", func(c *lifecycle.Commitment) {
			c.Term.End = lifecycle.MustDate(2024, time.March, 31)
		}, nil, lifecycle.ErrInvalidDate},
		{"no planned volume", func(c *lifecycle.Commitment) { c.PlannedVolume = lifecycle.Volume{} },
			[]string{"the planned annual volume or spend"}, nil},
		{"volume without unit", func(c *lifecycle.Commitment) {
			c.PlannedVolume.Quantity = decimalOf("1200")
		}, []string{"the unit of the planned volume"}, nil},
		{"no planned implementation", func(c *lifecycle.Commitment) {
			c.PlannedImplementation = lifecycle.Date{}
		}, []string{"a planned implementation date"}, nil},
		{"everything missing", func(c *lifecycle.Commitment) { *c = lifecycle.Commitment{} },
			[]string{"a contract reference", "the committed value as an annual rate", "a term",
				"a planned implementation date", "the planned annual volume or spend"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			in := w.create(t)
			c := w.commitment()
			tc.edit(&c)
			_, err := in.Commit(by(in, w.owner, w.day(10), ""), c)
			require.Error(t, err)
			if tc.missing != nil {
				requireMissing(t, err, tc.missing...)
				var ee *lifecycle.EvidenceError
				require.ErrorAs(t, err, &ee)
				assert.Len(t, ee.Missing, len(tc.missing), "exactly what is missing: %v", ee.Missing)
			}
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			assert.Equal(t, lifecycle.Pipeline, in.Stage())
			assert.Equal(t, 1, in.Version())
		})
	}
}

func TestImplementEvidence(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(m *lifecycle.Implementation)
		missing string
		is      error
	}{
		{"no date", func(m *lifecycle.Implementation) { m.Date = lifecycle.Date{} },
			"the date rates were loaded", nil},
		{"no place", func(m *lifecycle.Implementation) { m.Where = "" },
			"where rates were loaded", nil},
		{"no value", func(m *lifecycle.Implementation) { m.Value = lifecycle.Savings{} },
			"the implemented value as an annual rate", nil},
		{"negative value", func(m *lifecycle.Implementation) {
			m.Value.Annual = lifecycle.MustAnnualRate("-1", "EUR")
		}, "", lifecycle.ErrInvalidValue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			in := w.reach(t, lifecycle.Committed)
			m := w.implementation()
			tc.edit(&m)
			_, err := in.Implement(by(in, w.owner, w.day(100), ""), m)
			if tc.missing != "" {
				requireMissing(t, err, tc.missing)
			}
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			assert.Equal(t, lifecycle.Committed, in.Stage())
		})
	}
}

func TestPlanEvidence(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(p *lifecycle.Plan)
		missing string
		is      error
	}{
		{"no title", func(p *lifecycle.Plan) { p.Title = "" }, "a title", nil},
		{"no category", func(p *lifecycle.Plan) { p.Category = lifecycle.CategoryID{} }, "a category", nil},
		{"no owner", func(p *lifecycle.Plan) { p.Owner = lifecycle.OwnerID{} }, "an accountable owner", nil},
		{"no baseline", func(p *lifecycle.Plan) { p.Baseline = "" }, "a baseline description", nil},
		{"no estimate", func(p *lifecycle.Plan) { p.Estimate = lifecycle.Savings{} },
			"the estimate as an annual rate", nil},
		{"no savings type", func(p *lifecycle.Plan) { p.SavingsType = 0 }, "", lifecycle.ErrInvalidValue},
		{"no recurrence", func(p *lifecycle.Plan) { p.Recurrence = 0 }, "", lifecycle.ErrInvalidValue},
		{"empty supplier", func(p *lifecycle.Plan) { p.Suppliers = []string{""} }, "", lifecycle.ErrInvalidValue},
		{"one-time without total", func(p *lifecycle.Plan) { p.Recurrence = lifecycle.OneTime },
			"the estimate as a one-time total", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			p := w.plan()
			tc.edit(&p)
			id, err := lifecycle.NewInitiativeID(w.ids)
			require.NoError(t, err)
			in, err := lifecycle.New(id, p, lifecycle.Change{By: w.owner, At: w.day(0)}, nil)
			assert.Nil(t, in)
			if tc.missing != "" {
				requireMissing(t, err, tc.missing)
			}
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
		})
	}
}

func TestChangeNeedsActorAndTime(t *testing.T) {
	w := newWorld(t)
	in := w.create(t)
	_, err := in.Commit(lifecycle.Change{At: w.day(1), Version: 1}, w.commitment())
	require.ErrorIs(t, err, lifecycle.ErrInvalidID)
	noRole := lifecycle.Actor{ID: w.owner.ID}
	_, err = in.Commit(lifecycle.Change{By: noRole, At: w.day(1), Version: 1}, w.commitment())
	require.ErrorIs(t, err, lifecycle.ErrInvalidValue)
	_, err = in.Commit(lifecycle.Change{By: w.owner, Version: 1}, w.commitment())
	require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
	_, err = in.Commit(by(in, w.owner, w.day(-1), ""), w.commitment())
	require.ErrorIs(t, err, lifecycle.ErrOutOfOrder)
	assert.Equal(t, 1, in.Version())
}

func TestMakerChecker(t *testing.T) {
	may := lifecycle.MustPeriod(2024, time.May)
	t.Run("finance validates what the owner recorded", func(t *testing.T) {
		w := newWorld(t)
		in := w.reach(t, lifecycle.Implemented)
		e := w.entry(t, "9000.00", may)
		_, err := in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
		require.NoError(t, err)
		assert.True(t, in.Realized().Equal(lifecycle.MustMoney("0", "EUR")), "recorded is not realized")
		assert.True(t, in.Pending().Equal(lifecycle.MustMoney("9000", "EUR")))
		assert.Equal(t, lifecycle.Implemented, in.Stage())

		_, err = in.ValidateRealization(by(in, w.finance, w.day(141), ""), e.ID)
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Realized, in.Stage())
		assert.True(t, in.Realized().Equal(lifecycle.MustMoney("9000", "EUR")))
		assert.True(t, in.RealizedIn(may).Equal(lifecycle.MustMoney("9000", "EUR")))
		assert.True(t, in.RealizedIn(may.Next()).IsZero())
		got := in.Entries()[0]
		assert.Equal(t, lifecycle.EntryValidated, got.Status)
		assert.Equal(t, w.finance, got.DecidedBy)
		assert.Equal(t, w.owner, got.RecordedBy)
	})
	t.Run("recorder cannot validate", func(t *testing.T) {
		w := newWorld(t)
		in := w.reach(t, lifecycle.Implemented)
		e := w.entry(t, "9000.00", may)
		_, err := in.RecordRealization(by(in, w.finance, w.day(140), ""), e)
		require.NoError(t, err)
		_, err = in.ValidateRealization(by(in, w.finance, w.day(141), ""), e.ID)
		require.ErrorIs(t, err, lifecycle.ErrSelfValidation)
		assert.Contains(t, err.Error(), "Fred Finance")
		assert.Equal(t, lifecycle.Implemented, in.Stage())
		assert.Equal(t, lifecycle.EntryRecorded, in.Entries()[0].Status)

		_, err = in.ValidateRealization(by(in, w.auditor, w.day(142), ""), e.ID)
		require.NoError(t, err)
	})
	t.Run("only finance validates", func(t *testing.T) {
		w := newWorld(t)
		in := w.reach(t, lifecycle.Implemented)
		e := w.entry(t, "9000.00", may)
		_, err := in.RecordRealization(by(in, w.finance, w.day(140), ""), e)
		require.NoError(t, err)
		_, err = in.ValidateRealization(by(in, w.owner, w.day(141), ""), e.ID)
		require.ErrorIs(t, err, lifecycle.ErrRoleNotPermitted)
	})
	t.Run("rejection needs a reason and is not realized", func(t *testing.T) {
		w := newWorld(t)
		in := w.reach(t, lifecycle.Implemented)
		e := w.entry(t, "9000.00", may)
		_, err := in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
		require.NoError(t, err)
		_, err = in.RejectRealization(by(in, w.finance, w.day(141), ""), e.ID)
		requireMissing(t, err, "the reason for the rejection")
		_, err = in.RejectRealization(by(in, w.finance, w.day(141), "lines belong to Q1 contract"), e.ID)
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Implemented, in.Stage(), "a rejected entry realizes nothing")
		assert.True(t, in.Realized().IsZero())
		assert.True(t, in.Pending().IsZero())
		_, err = in.ValidateRealization(by(in, w.auditor, w.day(142), ""), e.ID)
		require.ErrorIs(t, err, lifecycle.ErrInvalidValue, "decided once only")
	})
	t.Run("unknown and duplicate entries", func(t *testing.T) {
		w := newWorld(t)
		in := w.reach(t, lifecycle.Implemented)
		e := w.entry(t, "10", may)
		_, err := in.ValidateRealization(by(in, w.finance, w.day(140), ""), e.ID)
		require.ErrorIs(t, err, lifecycle.ErrUnknownEntry)
		_, err = in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
		require.NoError(t, err)
		_, err = in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
		require.ErrorIs(t, err, lifecycle.ErrUnknownEntry)
		assert.Contains(t, err.Error(), "already recorded")
	})
	t.Run("a negative entry reverses savings", func(t *testing.T) {
		w := newWorld(t)
		in := w.reach(t, lifecycle.Realized)
		e := w.entry(t, "-1500.50", may)
		e.Source = lifecycle.Source{Kind: lifecycle.ManualEntry, Reason: "credit note CN-77 reverses May"}
		_, err := in.RecordRealization(by(in, w.owner, w.day(150), ""), e)
		require.NoError(t, err)
		_, err = in.ValidateRealization(by(in, w.finance, w.day(151), ""), e.ID)
		require.NoError(t, err)
		assert.True(t, in.Realized().Equal(lifecycle.MustMoney("7499.50", "EUR")), in.Realized().String())
	})
}

func TestEntryEvidence(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(e *lifecycle.EntryRecord)
		missing string
		is      error
	}{
		{"no id", func(e *lifecycle.EntryRecord) { e.ID = lifecycle.EntryID{} }, "an entry id", nil},
		{"no period", func(e *lifecycle.EntryRecord) { e.Period = lifecycle.Period{} }, "the period", nil},
		{"no amount", func(e *lifecycle.EntryRecord) { e.Amount = lifecycle.Money{} }, "the amount", nil},
		{"zero amount", func(e *lifecycle.EntryRecord) { e.Amount = lifecycle.MustMoney("0", "EUR") },
			"", lifecycle.ErrInvalidValue},
		{"other currency", func(e *lifecycle.EntryRecord) { e.Amount = lifecycle.MustMoney("5", "GBP") },
			"", lifecycle.ErrCurrencyMismatch},
		{"no source", func(e *lifecycle.EntryRecord) { e.Source = lifecycle.Source{} },
			"the source: invoice evidence or a manual entry", nil},
		{"invoice without lines", func(e *lifecycle.EntryRecord) { e.Source.InvoiceLines = nil },
			"the invoice lines it was computed from", nil},
		{"manual without reason", func(e *lifecycle.EntryRecord) {
			e.Source = lifecycle.Source{Kind: lifecycle.ManualEntry}
		}, "the reason for a manual entry", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			in := w.reach(t, lifecycle.Implemented)
			e := w.entry(t, "100", lifecycle.MustPeriod(2024, time.May))
			tc.edit(&e)
			_, err := in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
			if tc.missing != "" {
				requireMissing(t, err, tc.missing)
			}
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			assert.Empty(t, in.Entries())
		})
	}
}

func TestCosts(t *testing.T) {
	w := newWorld(t)
	in := w.create(t)
	assert.True(t, in.TotalCost().Equal(lifecycle.MustMoney("0", "EUR")))
	for i, amount := range []string{"5000.00", "1250.25"} {
		c := lifecycle.Cost{
			Amount:      lifecycle.MustMoney(amount, "EUR"),
			Date:        lifecycle.MustDate(2024, time.February, 1+i),
			Description: "implementation work",
		}
		_, err := in.RecordCost(by(in, w.owner, w.day(1+i), ""), c)
		require.NoError(t, err)
	}
	assert.True(t, in.TotalCost().Equal(lifecycle.MustMoney("6250.25", "EUR")))
	_, err := in.RecordCost(by(in, w.owner, w.day(5), ""), lifecycle.Cost{})
	requireMissing(t, err, "the cost amount", "the cost date", "a cost description")
}

func TestVersionConflict(t *testing.T) {
	w := newWorld(t)
	in := w.create(t)
	seen := in.Version()

	_, err := in.Commit(lifecycle.Change{By: w.owner, At: w.day(2), Version: seen}, w.commitment())
	require.NoError(t, err)

	// A second writer decided on the same version and is now stale.
	c := lifecycle.Cost{Amount: lifecycle.MustMoney("10", "EUR"), Date: lifecycle.MustDate(2024, 2, 1), Description: "x"}
	_, err = in.RecordCost(lifecycle.Change{By: w.owner, At: w.day(3), Version: seen}, c)
	require.ErrorIs(t, err, lifecycle.ErrVersionConflict)
	var ce *lifecycle.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 1, ce.Expected)
	assert.Equal(t, 2, ce.Actual)
	assert.Equal(t, 2, in.Version())
	assert.Empty(t, in.Costs())

	// Apply refuses an event that is not the next version.
	old := in.Events()[1]
	require.ErrorIs(t, in.Apply(old), lifecycle.ErrVersionConflict)
}

// refusal is a guard's own error type, to check it survives wrapping.
type refusal struct{ missing []string }

func (r refusal) Error() string { return "category plan lacks sign-off of " + r.missing[0] }

func TestGuard(t *testing.T) {
	w := newWorld(t)
	in := w.create(t)
	var asked []lifecycle.EventKind
	in.SetGuard(lifecycle.Guards(nil, lifecycle.GuardFunc(func(cur *lifecycle.Initiative, e lifecycle.Event) error {
		asked = append(asked, e.Kind)
		if e.Kind == lifecycle.KindCommitted {
			return refusal{missing: []string{"Plant Operations"}}
		}
		return nil
	})))

	_, err := in.Commit(by(in, w.owner, w.day(10), ""), w.commitment())
	require.ErrorIs(t, err, lifecycle.ErrRefused)
	var re *lifecycle.RefusedError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, lifecycle.Pipeline, re.From)
	assert.Equal(t, lifecycle.Committed, re.To)
	var own refusal
	require.ErrorAs(t, err, &own)
	assert.Equal(t, []string{"Plant Operations"}, own.missing)
	assert.Contains(t, err.Error(), "lacks sign-off of Plant Operations")
	assert.Equal(t, lifecycle.Pipeline, in.Stage())
	assert.Equal(t, 1, in.Version())
	_, ok := in.Commitment()
	assert.False(t, ok)

	// A change that fails its own evidence never reaches the guard.
	_, err = in.Commit(by(in, w.owner, w.day(10), ""), lifecycle.Commitment{})
	require.ErrorIs(t, err, lifecycle.ErrMissingEvidence)
	assert.Equal(t, []lifecycle.EventKind{lifecycle.KindCommitted}, asked)

	// The guard at creation is asked too, and stays attached.
	id, err := lifecycle.NewInitiativeID(w.ids)
	require.NoError(t, err)
	no := lifecycle.GuardFunc(func(*lifecycle.Initiative, lifecycle.Event) error { return errors.New("frozen budget") })
	_, err = lifecycle.New(id, w.plan(), lifecycle.Change{By: w.owner, At: w.day(0)}, no)
	require.ErrorIs(t, err, lifecycle.ErrRefused)
}

func TestOwnerReassignment(t *testing.T) {
	w := newWorld(t)
	in := w.create(t)
	_, err := in.ReassignOwner(by(in, w.owner, w.day(1), ""), in.Owner())
	require.ErrorIs(t, err, lifecycle.ErrInvalidValue)
	next, err := lifecycle.NewOwnerID(w.ids)
	require.NoError(t, err)
	_, err = in.ReassignOwner(by(in, w.owner, w.day(1), "reorganisation"), next)
	require.NoError(t, err)
	assert.Equal(t, next, in.Owner())
	assert.Equal(t, lifecycle.OwnerOf(w.owner.ID), in.Plan().Owner, "the plan keeps the original owner")
}
