package governance

import (
	"fmt"
	"slices"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// fold returns the state after e, or an error saying why e cannot follow
// s. It never changes s.
func (s planState) fold(e PlanEvent) (planState, error) {
	if err := s.checkSequence(e); err != nil {
		return s, err
	}
	if !PlanAllowed(s.state, e.Kind) {
		return s, &PlanTransitionError{Plan: e.Plan, Kind: e.Kind, From: s.state}
	}
	if err := s.checkChange(e); err != nil {
		return s, err
	}
	next := s.with(e)
	next.version = e.Version
	next.updatedAt = e.At
	return next, nil
}

func (s *planState) checkSequence(e PlanEvent) error {
	switch {
	case !e.Kind.Valid():
		return fmt.Errorf("plan event v%d: kind %s: %w", e.Version, e.Kind, ErrInvalidValue)
	case !planPayloadFits(e.Kind, e.Payload):
		return fmt.Errorf("plan event v%d %s: payload %T does not fit: %w", e.Version, e.Kind, e.Payload, ErrInvalidValue)
	case e.Plan.IsZero():
		return fmt.Errorf("plan event v%d %s: no plan id: %w", e.Version, e.Kind, lifecycle.ErrInvalidID)
	case s.version > 0 && e.Plan != s.id:
		return fmt.Errorf("plan event v%d %s is for plan %s, not %s: %w", e.Version, e.Kind, e.Plan, s.id, ErrOutOfOrder)
	case e.Version != s.version+1:
		return &PlanConflictError{Plan: e.Plan, Expected: e.Version - 1, Actual: s.version}
	case e.At.IsZero():
		return fmt.Errorf("plan event v%d %s: no time: %w", e.Version, e.Kind, lifecycle.ErrInvalidDate)
	case e.At.Before(s.updatedAt):
		return fmt.Errorf("plan event v%d %s at %s is before v%d: %w", e.Version, e.Kind,
			e.At.Format(time.RFC3339Nano), s.version, ErrOutOfOrder)
	case e.Actor.ID.IsZero() || !e.Actor.Role.Valid():
		return fmt.Errorf("plan event v%d %s: actor %s needs an id and a role: %w", e.Version, e.Kind, e.Actor, lifecycle.ErrInvalidID)
	}
	return nil
}

// checkChange checks who makes the change and what it carries.
func (s *planState) checkChange(e PlanEvent) error {
	var c checks
	switch p := e.Payload.(type) {
	case PlanContent:
		checkContent(&c, p, false)
		checkAuthor(&c, p, e.Actor)
	case Revision:
		checkContent(&c, p.Content, s.state != Draft)
		checkAuthor(&c, s.content, e.Actor)
		s.checkRevision(&c, p)
	case SignOff:
		checkSignOff(&c, s.content, p, e.Actor)
		if s.standingFor(p.BusinessUnit) {
			c.badf(ErrInvalidValue, "%q has already signed off", p.BusinessUnit)
		}
	case nil:
		checkAuthor(&c, s.content, e.Actor)
		if e.Kind == PlanSubmitted {
			checkContent(&c, s.content, true)
		}
		if e.Kind == PlanRetired {
			c.need(e.Reason != "", "a reason")
		}
	}
	return c.err(e.Plan, e.Kind)
}

// checkAuthor: the owner of the plan, acting as owner, or an
// administrator makes every change but a sign-off.
func checkAuthor(c *checks, p PlanContent, by lifecycle.Actor) {
	switch {
	case by.Role == lifecycle.RoleAdministrator:
	case by.Role == lifecycle.RoleOwner && lifecycle.OwnerOf(by.ID) == p.Owner:
	default:
		c.badf(ErrNotPermitted, "%s is not the plan's owner", by)
	}
}

// checkRevision checks that a revision changes something and that the
// effects it records are the ones it has.
func (s *planState) checkRevision(c *checks, r Revision) {
	if contentEqual(s.content, r.Content) {
		c.badf(ErrInvalidValue, "revision changes nothing")
	}
	changed, voided := s.revisionEffects(r.Content)
	if !slices.Equal(changed, r.Changed) || !slices.Equal(voided, r.Voided) {
		c.badf(ErrInvalidValue, "revision records changes %v voiding %v, but it changes %v voiding %v",
			r.Changed, r.Voided, changed, voided)
	}
}

// revisionEffects returns the material fields new changes and the
// business units whose standing sign-offs it voids.
func (s *planState) revisionEffects(next PlanContent) (changed, voided []string) {
	if s.version == 0 {
		return nil, nil
	}
	changed = s.content.materialChanges(next)
	if len(changed) == 0 {
		return nil, nil
	}
	for _, r := range s.standing() {
		voided = append(voided, r.BusinessUnit)
	}
	return changed, voided
}

func contentEqual(a, b PlanContent) bool {
	return len(a.materialChanges(b)) == 0 && a.Owner == b.Owner && a.Ref == b.Ref &&
		slices.Equal(a.SourcingEvents, b.SourcingEvents)
}

// with returns s changed by e, copying every slice it changes.
func (s planState) with(e PlanEvent) planState {
	switch p := e.Payload.(type) {
	case PlanContent:
		s.id = e.Plan
		s.content = p.normalized()
		s.state = Draft
		s.createdAt = e.At
	case Revision:
		s.content = p.Content.normalized()
		if len(p.Changed) > 0 && (s.state == SignedOff || s.state == Active) {
			s.state = InReview
		}
		s.signOffs = slices.Clone(s.signOffs)
		for i := range s.signOffs {
			if !s.signOffs[i].Voided() && slices.Contains(p.Voided, s.signOffs[i].BusinessUnit) {
				s.signOffs[i].VoidedAt = e.At
				s.signOffs[i].VoidedBy = e.Version
			}
		}
	case SignOff:
		r := SignOffRecord{SignOff: p, By: e.Actor, At: e.At, Version: e.Version}
		s.signOffs = append(slices.Clip(s.signOffs), r)
		if len(s.missing()) == 0 {
			s.state = SignedOff
		}
	case nil:
		switch e.Kind {
		case PlanSubmitted:
			s.state = InReview
		case PlanActivated:
			s.state = Active
		case PlanRetired:
			s.state = Retired
			s.retired = e.Reason
		}
	}
	return s
}

func (s *planState) standing() []SignOffRecord {
	var out []SignOffRecord
	for _, r := range s.signOffs {
		if !r.Voided() {
			out = append(out, r)
		}
	}
	return out
}

func (s *planState) standingFor(businessUnit string) bool {
	return slices.ContainsFunc(s.signOffs, func(r SignOffRecord) bool {
		return !r.Voided() && r.BusinessUnit == businessUnit
	})
}

func (s *planState) missing() []Stakeholder {
	var out []Stakeholder
	for _, h := range s.content.Stakeholders {
		if !s.standingFor(h.BusinessUnit) {
			out = append(out, h)
		}
	}
	return out
}
