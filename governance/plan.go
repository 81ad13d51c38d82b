package governance

import (
	"fmt"
	"slices"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// CategoryPlan is the enduring strategy for a category and its history:
// who owns it, which business units must execute it and have signed it
// off, on what terms.
//
// A plan moves Draft → In review → Signed off → Active → Retired:
//
//	created     (none)                               → draft
//	submitted   draft                                → in-review
//	signed-off  in-review                            → in-review, or signed-off
//	                                                   with the last required sign-off
//	activated   signed-off                           → active
//	revised     draft, in-review                     → the same state
//	            signed-off, active                   → the same state, or in-review
//	                                                   when the revision is material
//	retired     draft, in-review, signed-off, active → retired
//
// A material revision (category, stakeholders, horizon, strategy, gate)
// voids every sign-off given so far and sends a signed-off or active
// plan back to review; the revision event names the fields and the
// sign-offs. The owner (or an administrator) makes every change except a
// sign-off, which only the stakeholder's representative can give.
//
// Like a [lifecycle.Initiative], a plan is the fold of its events: each
// change either applies wholly, returning its [PlanEvent], or returns an
// error and leaves the plan as it was; [ReplayPlan] rebuilds it and
// [CategoryPlan.AsOf] gives it as of a time. Use it through a pointer;
// it is not safe for concurrent use.
type CategoryPlan struct {
	s      planState
	events []PlanEvent
}

// SignOffRecord is a sign-off as the plan holds it: the document, who
// gave it and when, and whether a material revision has voided it.
type SignOffRecord struct {
	SignOff
	By      lifecycle.Actor `json:"by"`
	At      time.Time       `json:"at"`
	Version int             `json:"version"` // the plan version it was given at

	// VoidedAt and VoidedBy are the time and version of the material
	// revision that voided it; zero while it stands.
	VoidedAt time.Time `json:"voidedAt"`
	VoidedBy int       `json:"voidedBy,omitempty"`
}

// Voided reports whether a material revision has voided the sign-off.
func (r SignOffRecord) Voided() bool { return r.VoidedBy != 0 }

type planState struct {
	id        PlanID
	version   int
	state     PlanState
	content   PlanContent
	signOffs  []SignOffRecord
	createdAt time.Time
	updatedAt time.Time
	retired   string
}

// planMoves is the transition table: for each kind, the states it may
// happen in. Where a change leads depends on what it carries (see
// [CategoryPlan]); next decides that.
var planMoves = map[PlanEventKind][]PlanState{
	PlanCreated:   {0},
	PlanSubmitted: {Draft},
	PlanSignedOff: {InReview},
	PlanActivated: {SignedOff},
	PlanRevised:   {Draft, InReview, SignedOff, Active},
	PlanRetired:   {Draft, InReview, SignedOff, Active},
}

// PlanAllowed reports whether a change of kind k may happen to a plan in
// state s (the zero state for a plan not yet created).
func PlanAllowed(s PlanState, k PlanEventKind) bool {
	return slices.Contains(planMoves[k], s)
}

// PlanTransitionError reports a change the plan's state does not permit.
// It matches [ErrTransitionNotAllowed].
type PlanTransitionError struct {
	Plan PlanID
	Kind PlanEventKind
	From PlanState
}

// Error names the change and the state.
func (e *PlanTransitionError) Error() string {
	return fmt.Sprintf("category plan %s: %s is not allowed in state %s", e.Plan, e.Kind, e.From)
}

// Unwrap returns [ErrTransitionNotAllowed].
func (e *PlanTransitionError) Unwrap() error { return ErrTransitionNotAllowed }

// PlanConflictError reports a change decided on a stale version of the
// plan. It matches [ErrVersionConflict].
type PlanConflictError struct {
	Plan     PlanID
	Expected int
	Actual   int
}

// Error names both versions.
func (e *PlanConflictError) Error() string {
	return fmt.Sprintf("category plan %s: change decided on version %d, current version is %d",
		e.Plan, e.Expected, e.Actual)
}

// Unwrap returns [ErrVersionConflict].
func (e *PlanConflictError) Unwrap() error { return ErrVersionConflict }

// NewPlan creates a category plan in Draft. A draft needs only its
// category and its owner; the rest is required when it is submitted.
// ch.Version must be 0; ch.By must be the owner or an administrator.
func NewPlan(id PlanID, content PlanContent, ch lifecycle.Change) (*CategoryPlan, error) {
	p := &CategoryPlan{s: planState{id: id}}
	if _, err := p.change(ch, PlanCreated, content.normalized()); err != nil {
		return nil, err
	}
	return p, nil
}

// Submit sends a draft to the stakeholders for sign-off. The plan must
// now be complete: stakeholders, a 3 to 5 year horizon, a strategy.
func (p *CategoryPlan) Submit(ch lifecycle.Change) (PlanEvent, error) {
	return p.change(ch, PlanSubmitted, nil)
}

// Revise replaces the plan's content. A material revision of a plan in
// review, signed off or active voids every sign-off so far and puts the
// plan (back) in review; the returned event's [Revision] says which
// fields and sign-offs. A revision that changes nothing is refused.
func (p *CategoryPlan) Revise(ch lifecycle.Change, content PlanContent) (PlanEvent, error) {
	return p.change(ch, PlanRevised, Revision{Content: content.normalized()})
}

// SignOff records a stakeholder's sign-off, given by its representative
// acting as stakeholder. With the last required sign-off the plan is
// signed off.
func (p *CategoryPlan) SignOff(ch lifecycle.Change, s SignOff) (PlanEvent, error) {
	return p.change(ch, PlanSignedOff, s)
}

// Activate puts a signed-off plan in force.
func (p *CategoryPlan) Activate(ch lifecycle.Change) (PlanEvent, error) {
	return p.change(ch, PlanActivated, nil)
}

// Retire ends the plan, with a reason in ch.Reason. Retired is final.
func (p *CategoryPlan) Retire(ch lifecycle.Change) (PlanEvent, error) {
	return p.change(ch, PlanRetired, nil)
}

// change decides one change and appends its event.
func (p *CategoryPlan) change(ch lifecycle.Change, k PlanEventKind, payload PlanPayload) (PlanEvent, error) {
	if ch.Version != p.s.version {
		return PlanEvent{}, &PlanConflictError{Plan: p.s.id, Expected: ch.Version, Actual: p.s.version}
	}
	e := PlanEvent{
		Plan:    p.s.id,
		Version: p.s.version + 1,
		Kind:    k,
		Actor:   ch.By,
		At:      ch.At.UTC(),
		Reason:  ch.Reason,
		Payload: payload,
	}
	if r, ok := payload.(Revision); ok {
		// The record says what the revision did.
		r.Changed, r.Voided = p.s.revisionEffects(r.Content)
		e.Payload = r
	}
	next, err := p.s.fold(e)
	if err != nil {
		return PlanEvent{}, err
	}
	p.s = next
	p.events = append(p.events, e.clone())
	return e, nil
}

// ApplyPlanEvent appends an event made elsewhere, checked as
// [ReplayPlan] checks it. On error the plan is unchanged.
func (p *CategoryPlan) ApplyPlanEvent(e PlanEvent) error {
	e.At = e.At.UTC()
	next, err := p.s.fold(e)
	if err != nil {
		return err
	}
	p.s = next
	p.events = append(p.events, e.clone())
	return nil
}

// ReplayPlan rebuilds a plan from its events, oldest first, checking each
// as it was checked when it happened.
func ReplayPlan(events []PlanEvent) (*CategoryPlan, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("replay plan: %w", ErrNoHistory)
	}
	p := &CategoryPlan{}
	for _, e := range events {
		if err := p.ApplyPlanEvent(e); err != nil {
			return nil, fmt.Errorf("replay plan: %w", err)
		}
	}
	return p, nil
}

// AsOf returns the plan as it stood at time t: from its events at or
// before t. It is an error wrapping [ErrNoHistory] if the plan did not
// exist yet.
func (p *CategoryPlan) AsOf(t time.Time) (*CategoryPlan, error) {
	n := 0
	for n < len(p.events) && !p.events[n].At.After(t) {
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("plan %s as of %s: %w", p.s.id, t.Format(time.RFC3339), ErrNoHistory)
	}
	return ReplayPlan(p.events[:n])
}

// ID returns the plan's identifier.
func (p *CategoryPlan) ID() PlanID { return p.s.id }

// Version returns the number of events so far.
func (p *CategoryPlan) Version() int { return p.s.version }

// State returns the plan's state.
func (p *CategoryPlan) State() PlanState { return p.s.state }

// Content returns what the plan currently says.
func (p *CategoryPlan) Content() PlanContent { return p.s.content.normalized() }

// Category returns the plan's category.
func (p *CategoryPlan) Category() lifecycle.CategoryID { return p.s.content.Category }

// InForce reports whether the plan is signed off by every required
// stakeholder and not retired: signed off or active.
func (p *CategoryPlan) InForce() bool { return p.s.state == SignedOff || p.s.state == Active }

// SignOffs returns every sign-off given, voided ones included, oldest
// first.
func (p *CategoryPlan) SignOffs() []SignOffRecord { return slices.Clone(p.s.signOffs) }

// Standing returns the sign-offs that stand: not voided, oldest first.
func (p *CategoryPlan) Standing() []SignOffRecord { return p.s.standing() }

// MissingSignOffs returns the required stakeholders without a standing
// sign-off, in the plan's order.
func (p *CategoryPlan) MissingSignOffs() []Stakeholder { return p.s.missing() }

// RetireReason returns why the plan was retired, or "".
func (p *CategoryPlan) RetireReason() string { return p.s.retired }

// UpdatedAt returns the time of the latest event.
func (p *CategoryPlan) UpdatedAt() time.Time { return p.s.updatedAt }

// Events returns the plan's history, oldest first.
func (p *CategoryPlan) Events() []PlanEvent {
	out := make([]PlanEvent, len(p.events))
	for i, e := range p.events {
		out[i] = e.clone()
	}
	return out
}

// String describes the plan in one line.
func (p *CategoryPlan) String() string {
	return fmt.Sprintf("plan %s for category %s (%s, v%d)", p.s.id, p.s.content.Category, p.s.state, p.s.version)
}
