package governance

import (
	"fmt"
	"slices"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// Plans is the set of category plans a [Policy] consults. A category has
// at most one live (not retired) plan at a time; a plan for a parent
// category covers its descendants unless they have their own.
//
// The zero Plans is empty and ready to use; use it through a pointer.
// Adding is not safe for concurrent use; lookups are, while nobody adds
// or changes a plan.
type Plans struct {
	plans []*CategoryPlan
}

// Add registers a plan. A second live plan for the same category is an
// error wrapping [ErrPlanExists]: retire the old one first.
func (ps *Plans) Add(p *CategoryPlan) error {
	if p == nil || p.Version() == 0 {
		return fmt.Errorf("add plan: no plan: %w", ErrInvalidValue)
	}
	if slices.Contains(ps.plans, p) {
		return fmt.Errorf("add plan %s: already added: %w", p.ID(), ErrInvalidValue)
	}
	if other, ok := ps.live(p.Category()); ok && p.State() != Retired {
		return fmt.Errorf("add plan %s for category %s: plan %s is live: %w",
			p.ID(), p.Category(), other.ID(), ErrPlanExists)
	}
	ps.plans = append(ps.plans, p)
	return nil
}

// All returns the plans in the order they were added.
func (ps *Plans) All() []*CategoryPlan { return slices.Clone(ps.plans) }

// live returns the live plan whose category is cat.
func (ps *Plans) live(cat lifecycle.CategoryID) (*CategoryPlan, bool) {
	for _, p := range ps.plans {
		if p.Category() == cat && p.State() != Retired {
			return p, true
		}
	}
	return nil, false
}

// For returns the plan governing category cat: its own live plan, else
// the live plan of its nearest ancestor in tree (nil tree: no
// ancestors).
func (ps *Plans) For(cat lifecycle.CategoryID, tree *lifecycle.CategoryTree) (*CategoryPlan, bool) {
	if ps == nil {
		return nil, false
	}
	if p, ok := ps.live(cat); ok {
		return p, true
	}
	for _, a := range tree.Ancestors(cat) {
		if p, ok := ps.live(a.ID); ok {
			return p, true
		}
	}
	return nil, false
}

// asOf returns p as it stood at t, or nil if it did not exist yet.
func asOf(p *CategoryPlan, t time.Time) *CategoryPlan {
	then, err := p.AsOf(t)
	if err != nil {
		return nil
	}
	return then
}
