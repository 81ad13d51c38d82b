package lifecycle

import (
	"fmt"
	"slices"
	"time"
)

// state is an initiative's state: the fold of its events. fold never
// modifies a state in place; it returns the next one, sharing nothing
// mutable with the previous, so a refused change leaves no trace.
type state struct {
	id        InitiativeID
	version   int
	stage     Stage
	plan      Plan
	owner     OwnerID
	createdAt time.Time
	updatedAt time.Time

	commitment     Commitment
	implementation Implementation
	forecast       []ForecastPoint
	costs          []Cost
	entries        []Entry
	cancelReason   string
}

// currency is the initiative's currency: its estimate's.
func (s *state) currency() Currency { return s.plan.Estimate.Currency() }

// entry returns the entry with the given ID.
func (s *state) entry(id EntryID) (Entry, bool) {
	for _, e := range s.entries {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// fold returns the state after event e, or an error saying why e cannot
// follow s. It checks everything that makes a history valid: order,
// version, the transition table, evidence and maker-checker. Guards are
// not part of it: they judged the change when it was made.
func (s state) fold(e Event) (state, error) {
	if err := s.checkSequence(e); err != nil {
		return s, err
	}
	to, ok := Allowed(s.stage, e.Kind)
	if !ok {
		return s, &TransitionError{Initiative: e.Initiative, Kind: e.Kind, From: s.stage}
	}
	if err := s.checkEvidence(e); err != nil {
		return s, err
	}
	next := s.with(e)
	next.version = e.Version
	next.stage = to
	next.updatedAt = e.At
	return next, nil
}

// checkSequence checks that e is well formed and comes next. Its errors
// name the initiative and the event.
func (s *state) checkSequence(e Event) error {
	var err error
	switch {
	case !e.Kind.Valid():
		err = fmt.Errorf("kind %s: %w", e.Kind, ErrInvalidValue)
	case !payloadFits(e.Kind, e.Payload):
		err = fmt.Errorf("payload %T does not fit: %w", e.Payload, ErrInvalidValue)
	case e.Initiative.IsZero():
		err = fmt.Errorf("no initiative id: %w", ErrInvalidID)
	case s.version > 0 && e.Initiative != s.id:
		err = fmt.Errorf("cannot follow the history of initiative %s: %w", s.id, ErrOutOfOrder)
	case e.Version != s.version+1:
		return &ConflictError{Initiative: e.Initiative, Expected: e.Version - 1, Actual: s.version}
	case e.At.IsZero():
		err = fmt.Errorf("no time: %w", ErrInvalidDate)
	case e.At.Before(s.updatedAt):
		err = fmt.Errorf("at %s is before v%d at %s: %w", e.At.Format(time.RFC3339Nano),
			s.version, s.updatedAt.Format(time.RFC3339Nano), ErrOutOfOrder)
	default:
		err = e.Actor.validate()
	}
	if err == nil {
		return nil
	}
	if e.Initiative.IsZero() {
		return fmt.Errorf("event v%d %s: %w", e.Version, e.Kind, err)
	}
	return fmt.Errorf("initiative %s: event v%d %s: %w", e.Initiative, e.Version, e.Kind, err)
}

// checkEvidence checks the evidence e needs in state s.
func (s *state) checkEvidence(e Event) error {
	var c evidence
	switch p := e.Payload.(type) {
	case Plan:
		checkPlan(&c, p)
	case EstimateRevision:
		checkSavings(&c, "estimate", p.Estimate, s.plan.Recurrence, s.currency(), positive)
	case Commitment:
		checkCommitment(&c, s, p)
	case Implementation:
		checkImplementation(&c, s, p)
	case ForecastRevision:
		checkSavings(&c, "forecast", p.Forecast, s.plan.Recurrence, s.currency(), anySign)
	case Cost:
		checkCost(&c, s, p)
	case EntryRecord:
		checkEntry(&c, s, p)
	case EntryDecision:
		checkDecision(&c, s, e, p)
	case OwnerReassignment:
		c.need(!p.Owner.IsZero(), "the new owner")
		if p.Owner == s.owner {
			c.badf(ErrInvalidValue, "owner %s already holds the initiative", p.Owner)
		}
	case nil: // stepped back or cancelled
		c.need(e.Reason != "", "a reason")
	}
	return c.err(e.Initiative, e.Kind)
}

// with returns s changed by e's payload. It copies every slice it
// changes, so s itself stays as it was.
func (s state) with(e Event) state {
	switch p := e.Payload.(type) {
	case Plan:
		s.id = e.Initiative
		s.plan = p.normalized()
		s.owner = p.Owner
		s.createdAt = e.At
	case EstimateRevision:
		s.plan.Estimate = p.Estimate
	case Commitment:
		s.commitment = p
	case Implementation:
		s.implementation = p
	case ForecastRevision:
		point := ForecastPoint{At: e.At, By: e.Actor, Value: p.Forecast, Reason: e.Reason}
		s.forecast = append(slices.Clip(s.forecast), point)
	case Cost:
		s.costs = append(slices.Clip(s.costs), p)
	case EntryRecord:
		entry := Entry{EntryRecord: p.normalized(), Status: EntryRecorded, RecordedBy: e.Actor, RecordedAt: e.At}
		s.entries = append(slices.Clip(s.entries), entry)
	case EntryDecision:
		s.entries = slices.Clone(s.entries)
		i := slices.IndexFunc(s.entries, func(x Entry) bool { return x.ID == p.Entry })
		s.entries[i].Status = EntryValidated
		if e.Kind == KindRealizationRejected {
			s.entries[i].Status = EntryRejected
			s.entries[i].Reason = e.Reason
		}
		s.entries[i].DecidedBy = e.Actor
		s.entries[i].DecidedAt = e.At
	case OwnerReassignment:
		s.owner = p.Owner
	case nil:
		s = s.withoutPayload(e)
	}
	return s
}

// normalized returns p with empty scope lists as nil, so that a plan
// reads the same after a round trip through JSON.
func (p Plan) normalized() Plan {
	p.Suppliers = cloneOrNil(p.Suppliers)
	p.Regions = cloneOrNil(p.Regions)
	p.BusinessUnits = cloneOrNil(p.BusinessUnits)
	return p
}

// normalized returns r with its own copy of the invoice line list.
func (r EntryRecord) normalized() EntryRecord {
	r.Source.InvoiceLines = cloneOrNil(r.Source.InvoiceLines)
	return r
}

func cloneOrNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// withoutPayload applies a step back or a cancellation. Stepping back
// clears the record of the stage left; the history keeps it.
func (s state) withoutPayload(e Event) state {
	switch {
	case e.Kind == KindCancelled:
		s.cancelReason = e.Reason
	case s.stage == Committed:
		s.commitment = Commitment{}
	case s.stage == Implemented:
		s.implementation = Implementation{}
	}
	return s
}
