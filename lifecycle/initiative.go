package lifecycle

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Initiative is one savings opportunity on its way from an estimate to
// the P&L, and its complete history.
//
// An Initiative is its events: every change is an [Event] appended to its
// history, and its state is the fold of those events. Use it through a
// pointer. The zero value is not usable; make one with [New] or rebuild
// one from stored events with [Replay].
//
// Changes (Commit, Implement, RecordRealization...) each take a [Change]
// saying who acts, when, why and on which version. A change either
// applies wholly, returning the new event, or returns an error and leaves
// the initiative exactly as it was. Accessors return copies; nothing
// they return aliases the initiative's state.
//
// An Initiative is not safe for concurrent use: a service serialises the
// changes to one initiative, and the version check in [Change] catches
// two writers who decided on the same state.
type Initiative struct {
	s      state
	events []Event
	guard  Guard
}

// Change says who makes a change, when, why, and on which version of the
// initiative they decided it.
type Change struct {
	By Actor

	// At is when the change happens. The library never reads the clock;
	// the caller passes the time, which must not be earlier than the
	// initiative's last event. It is kept in UTC.
	At time.Time

	// Reason says why. Cancelling, stepping back and rejecting an entry
	// require one; every other change may carry one.
	Reason string

	// Version is the initiative's version the change was decided on:
	// [Initiative.Version] as the actor saw it, 0 for [New]. If it is not
	// the current version, the change fails with a [ConflictError].
	Version int
}

// New creates an initiative in the Pipeline stage from its plan. The ID
// comes from the caller (see [NewInitiativeID]). ch.Version must be 0.
// The guard, if any, is asked about the creation and stays attached to
// the initiative for its later changes; nil means no guard.
func New(id InitiativeID, plan Plan, ch Change, guard Guard) (*Initiative, error) {
	in := &Initiative{s: state{id: id}, guard: guard}
	if _, err := in.change(ch, KindCreated, plan.normalized()); err != nil {
		return nil, err
	}
	return in, nil
}

// SetGuard attaches g to the initiative, replacing any guard it had; nil
// removes it. Replayed initiatives start without a guard.
func (in *Initiative) SetGuard(g Guard) { in.guard = g }

// change runs one change through the whole pipeline: version, table,
// evidence, guard; then appends the event.
func (in *Initiative) change(ch Change, k EventKind, p Payload) (Event, error) {
	if ch.Version != in.s.version {
		return Event{}, &ConflictError{Initiative: in.s.id, Expected: ch.Version, Actual: in.s.version}
	}
	e := Event{
		Initiative: in.s.id,
		Version:    in.s.version + 1,
		Kind:       k,
		Actor:      ch.By,
		At:         ch.At.UTC(),
		Reason:     ch.Reason,
		Payload:    p,
	}
	next, err := in.s.fold(e)
	if err != nil {
		return Event{}, err
	}
	if err := in.ask(e); err != nil {
		return Event{}, &RefusedError{Initiative: e.Initiative, Kind: k, From: in.s.stage, To: next.stage, Err: err}
	}
	in.s = next
	in.events = append(in.events, e.clone())
	return e, nil
}

// ask puts the proposed event to the guard, if any. The guard sees a
// copy of the initiative and of the event, so whatever it does to them,
// the initiative applies exactly what was checked or stays as it was.
func (in *Initiative) ask(e Event) error {
	if in.guard == nil {
		return nil
	}
	view := &Initiative{s: in.s, events: slices.Clip(in.events)}
	return in.guard.Check(view, e.clone())
}

// ReviseEstimate replaces the pipeline estimate. Only possible in
// Pipeline: once committed, the plan is frozen ([ErrPlanFrozen]) and
// new views go to [Initiative.ReviseForecast].
func (in *Initiative) ReviseEstimate(ch Change, estimate Savings) (Event, error) {
	return in.change(ch, KindEstimateRevised, EstimateRevision{Estimate: estimate})
}

// Commit moves the initiative from Pipeline to Committed. The commitment
// must name the contract, the committed value and term, the planned
// annual volume or spend (recurring savings) and the planned
// implementation date; its values become the frozen plan.
func (in *Initiative) Commit(ch Change, c Commitment) (Event, error) {
	return in.change(ch, KindCommitted, c)
}

// Implement moves the initiative from Committed to Implemented. It needs
// the date rates were loaded, where, and the implemented value.
func (in *Initiative) Implement(ch Change, m Implementation) (Event, error) {
	return in.change(ch, KindImplemented, m)
}

// ReviseForecast records the value now expected, beside the frozen plan.
// Possible from Committed on.
func (in *Initiative) ReviseForecast(ch Change, forecast Savings) (Event, error) {
	return in.change(ch, KindForecastRevised, ForecastRevision{Forecast: forecast})
}

// RecordCost records a one-time implementation cost.
func (in *Initiative) RecordCost(ch Change, c Cost) (Event, error) {
	return in.change(ch, KindCostRecorded, c)
}

// RecordRealization records a realization entry for a period, on invoice
// evidence or as a documented manual entry. It counts as realized only
// once a different actor, acting as finance, validates it. Possible once
// the initiative is Implemented.
func (in *Initiative) RecordRealization(ch Change, r EntryRecord) (Event, error) {
	return in.change(ch, KindRealizationRecorded, r.normalized())
}

// ValidateRealization is finance's validation of a recorded entry: the
// checker must act as finance and must not be who recorded it
// ([ErrSelfValidation]). The first validated entry moves an Implemented
// initiative to Realized.
func (in *Initiative) ValidateRealization(ch Change, id EntryID) (Event, error) {
	return in.change(ch, KindRealizationValidated, EntryDecision{Entry: id})
}

// RejectRealization is finance's rejection of a recorded entry, with a
// reason; the same maker-checker rules apply as for validation.
func (in *Initiative) RejectRealization(ch Change, id EntryID) (Event, error) {
	return in.change(ch, KindRealizationRejected, EntryDecision{Entry: id})
}

// StepBack moves the initiative one stage back, Implemented to Committed
// or Committed to Pipeline, for example when rates were unloaded after a
// system migration. ch.Reason is required. The figures recorded before
// stay in the history; committing again records new ones.
func (in *Initiative) StepBack(ch Change) (Event, error) {
	return in.change(ch, KindSteppedBack, nil)
}

// Cancel ends the initiative before it is realized. ch.Reason is
// required. Cancelled is final.
func (in *Initiative) Cancel(ch Change) (Event, error) {
	return in.change(ch, KindCancelled, nil)
}

// ReassignOwner hands the initiative to a new accountable owner.
func (in *Initiative) ReassignOwner(ch Change, owner OwnerID) (Event, error) {
	return in.change(ch, KindOwnerReassigned, OwnerReassignment{Owner: owner})
}

// ID returns the initiative's identifier.
func (in *Initiative) ID() InitiativeID { return in.s.id }

// Version returns the number of events so far; pass it in [Change].
func (in *Initiative) Version() int { return in.s.version }

// Stage returns the current stage.
func (in *Initiative) Stage() Stage { return in.s.stage }

// Plan returns the plan the initiative was created with, with the
// current pipeline estimate.
func (in *Initiative) Plan() Plan { return in.s.plan.normalized() }

// Category returns the initiative's category.
func (in *Initiative) Category() CategoryID { return in.s.plan.Category }

// Owner returns the current accountable owner.
func (in *Initiative) Owner() OwnerID { return in.s.owner }

// Currency returns the currency all the initiative's figures are in.
func (in *Initiative) Currency() Currency { return in.s.currency() }

// CreatedAt returns when the initiative was created.
func (in *Initiative) CreatedAt() time.Time { return in.s.createdAt }

// UpdatedAt returns the time of the latest event.
func (in *Initiative) UpdatedAt() time.Time { return in.s.updatedAt }

// Estimate returns the pipeline estimate.
func (in *Initiative) Estimate() Savings { return in.s.plan.Estimate }

// Commitment returns the frozen plan recorded at commitment, and whether
// there is one: the initiative was committed and has not stepped back to
// Pipeline since. A cancelled initiative keeps what it had.
func (in *Initiative) Commitment() (Commitment, bool) {
	return in.s.commitment, in.s.commitment.ContractRef != ""
}

// Implementation returns the implementation record, and whether there is
// one: the initiative was implemented and has not stepped back since.
func (in *Initiative) Implementation() (Implementation, bool) {
	return in.s.implementation, in.s.implementation.Where != ""
}

// Forecast returns the forecast revisions in the order they were made.
func (in *Initiative) Forecast() []ForecastPoint { return slices.Clone(in.s.forecast) }

// Costs returns the one-time implementation costs recorded.
func (in *Initiative) Costs() []Cost { return slices.Clone(in.s.costs) }

// TotalCost returns the sum of the implementation costs, zero in the
// initiative's currency when there are none.
func (in *Initiative) TotalCost() Money {
	total := Zero(in.s.currency())
	for _, c := range in.s.costs {
		total.amount = total.amount.Add(c.Amount.amount)
	}
	return total
}

// Entries returns the realization entries in the order they were
// recorded, whatever their status.
func (in *Initiative) Entries() []Entry {
	out := slices.Clone(in.s.entries)
	for i := range out {
		out[i].EntryRecord = out[i].normalized()
	}
	return out
}

// Realized returns the realized savings: the sum of validated entries,
// zero in the initiative's currency when there are none.
func (in *Initiative) Realized() Money {
	return in.entrySum(func(e Entry) bool { return e.Status == EntryValidated })
}

// RealizedIn returns the validated savings for period p.
func (in *Initiative) RealizedIn(p Period) Money {
	return in.entrySum(func(e Entry) bool { return e.Status == EntryValidated && e.Period == p })
}

// Pending returns the sum of entries recorded but not yet decided by
// finance: savings claimed and not yet realized.
func (in *Initiative) Pending() Money {
	return in.entrySum(func(e Entry) bool { return e.Status == EntryRecorded })
}

func (in *Initiative) entrySum(keep func(Entry) bool) Money {
	sum := decimal.Zero
	for _, e := range in.s.entries {
		if keep(e) {
			sum = sum.Add(e.Amount.amount)
		}
	}
	return Money{amount: sum, currency: in.s.currency()}
}

// CancelReason returns why the initiative was cancelled, or "".
func (in *Initiative) CancelReason() string { return in.s.cancelReason }

// Events returns the initiative's history, oldest first.
func (in *Initiative) Events() []Event {
	out := make([]Event, len(in.events))
	for i, e := range in.events {
		out[i] = e.clone()
	}
	return out
}

// StageChange is one move between stages, read from the history.
type StageChange struct {
	From, To Stage
	Version  int
	At       time.Time
	By       Actor
	Reason   string
}

// StageHistory returns every move between stages, oldest first; the
// creation is the first, from the zero Stage to Pipeline.
func (in *Initiative) StageHistory() []StageChange {
	var out []StageChange
	from := noStage
	for _, e := range in.events {
		to, _ := Allowed(from, e.Kind)
		if to != from {
			out = append(out, StageChange{From: from, To: to, Version: e.Version, At: e.At, By: e.Actor, Reason: e.Reason})
		}
		from = to
	}
	return out
}

// String describes the initiative in one line: title, stage, version.
func (in *Initiative) String() string {
	return fmt.Sprintf("%s %q (%s, v%d)", in.s.id, in.s.plan.Title, in.s.stage, in.s.version)
}
