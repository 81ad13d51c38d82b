package governance

import "github.com/openprocure/realize/lifecycle"

type planKind struct{}

// KindName names what a [PlanID] identifies.
func (planKind) KindName() string { return "category plan" }

// PlanID identifies a category plan. It is a [lifecycle.ID]: a UUID held
// by value, comparable, with the zero value meaning no plan.
type PlanID = lifecycle.ID[planKind]

// NewPlanID returns a new plan identifier from src.
func NewPlanID(src lifecycle.IDSource) (PlanID, error) {
	return lifecycle.NewID[planKind](src)
}

// ParsePlanID parses a plan identifier in canonical UUID form.
func ParsePlanID(s string) (PlanID, error) { return lifecycle.ParseID[planKind](s) }
