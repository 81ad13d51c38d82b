package governance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// Stakeholder is a business unit that buys in the category and must
// execute the plan, with the person who speaks for it. Only that person
// can sign the plan off for the business unit.
type Stakeholder struct {
	BusinessUnit   string            `json:"businessUnit"`
	Representative lifecycle.ActorID `json:"representative"`
	Name           string            `json:"name,omitempty"` // the representative's name, for reports
}

// SourcingEvent is a project the plan runs — an RFP, an auction, a
// renegotiation — which ends at award. The plan outlives its sourcing
// events.
type SourcingEvent struct {
	Name  string         `json:"name"`
	Kind  string         `json:"kind"`            // "RFP", "auction", "renegotiation"...
	Start lifecycle.Date `json:"start"`           // when it opens
	Award lifecycle.Date `json:"award,omitempty"` // when it was or is to be awarded
	Ref   string         `json:"ref,omitempty"`   // the integrator's own reference
}

// PlanContent is what a category plan says: the category, its owner,
// the stakeholders who must sign it off, the horizon and the strategy.
//
// Changing a material field — category, stakeholders, horizon, strategy
// or gate — voids the sign-offs given so far; the owner, the sourcing
// events and the reference may change without a new sign-off.
type PlanContent struct {
	Category     lifecycle.CategoryID `json:"category"`
	Owner        lifecycle.OwnerID    `json:"owner"`
	Stakeholders []Stakeholder        `json:"stakeholders"`

	// Start and HorizonYears give the period the plan covers: an
	// enduring strategy of 3 to 5 years.
	Start        lifecycle.Date `json:"start"`
	HorizonYears int            `json:"horizonYears"`

	// Strategy summarises how the category will be managed.
	Strategy string `json:"strategy"`

	// Gate is the initiative stage that needs this plan signed off:
	// Committed (the zero value means Committed) or Implemented.
	Gate lifecycle.Stage `json:"gate,omitempty"`

	SourcingEvents []SourcingEvent `json:"sourcingEvents,omitempty"`
	Ref            string          `json:"ref,omitempty"`
}

// GateStage returns the initiative stage the plan gates: Committed unless
// the content says Implemented.
func (c PlanContent) GateStage() lifecycle.Stage {
	if c.Gate == 0 {
		return lifecycle.Committed
	}
	return c.Gate
}

// End returns the last day of the plan's horizon.
func (c PlanContent) End() lifecycle.Date {
	if c.Start.IsZero() {
		return lifecycle.Date{}
	}
	return lifecycle.DateOf(c.Start.Time().AddDate(c.HorizonYears, 0, -1))
}

// Stakeholder returns the required stakeholder for a business unit.
func (c PlanContent) Stakeholder(businessUnit string) (Stakeholder, bool) {
	i := slices.IndexFunc(c.Stakeholders, func(s Stakeholder) bool { return s.BusinessUnit == businessUnit })
	if i < 0 {
		return Stakeholder{}, false
	}
	return c.Stakeholders[i], true
}

// materialChanges lists the material fields that differ between c and o.
func (c PlanContent) materialChanges(o PlanContent) []string {
	var changed []string
	if c.Category != o.Category {
		changed = append(changed, "category")
	}
	if !slices.Equal(c.Stakeholders, o.Stakeholders) {
		changed = append(changed, "stakeholders")
	}
	if c.Start != o.Start || c.HorizonYears != o.HorizonYears {
		changed = append(changed, "horizon")
	}
	if c.Strategy != o.Strategy {
		changed = append(changed, "strategy")
	}
	if c.GateStage() != o.GateStage() {
		changed = append(changed, "gate")
	}
	return changed
}

// normalized returns c with its own copies of its lists, empty as nil.
func (c PlanContent) normalized() PlanContent {
	c.Stakeholders = cloneOrNil(c.Stakeholders)
	c.SourcingEvents = cloneOrNil(c.SourcingEvents)
	return c
}

func cloneOrNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// SignOff is a stakeholder's documented sign-off of a plan: not a tick
// box, but what the business unit commits to and what happens if it
// does not keep to it.
type SignOff struct {
	// BusinessUnit is the stakeholder signing; it must be one the plan
	// requires, and the actor signing must be its representative.
	BusinessUnit string `json:"businessUnit"`

	// Date is the day the document was signed.
	Date lifecycle.Date `json:"date"`

	// ResourceCommitments says what the business unit puts in: people,
	// time, system changes.
	ResourceCommitments string `json:"resourceCommitments"`

	// Cadence is how often the business unit reports its compliance.
	Cadence Cadence `json:"cadence"`

	// ComplianceLevel is the on-contract share of addressable spend the
	// business unit commits to, as a fraction: 0.9 for 90 %.
	ComplianceLevel decimal.Decimal `json:"complianceLevel"`

	// Consequences says what follows a deviation.
	Consequences string `json:"consequences"`
}

// DocumentError reports a plan, sign-off, approval or override that
// lacks what it needs or carries values that break a rule; it lists
// every problem. Plan is zero for approvals and overrides. It matches
// [ErrMissingEvidence] when something is missing, and the sentinel of
// each invalid value.
type DocumentError struct {
	Plan    PlanID
	Kind    PlanEventKind
	Missing []string
	Invalid []error
}

// Error lists what is missing, then each invalid value.
func (e *DocumentError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, "missing "+strings.Join(e.Missing, ", "))
	}
	for _, err := range e.Invalid {
		parts = append(parts, err.Error())
	}
	msg := strings.Join(parts, "; ")
	if e.Plan.IsZero() {
		return msg // an approval or override, named by its wrapper
	}
	return fmt.Sprintf("category plan %s: %s: %s", e.Plan, e.Kind, msg)
}

// Unwrap returns the sentinels the error matches.
func (e *DocumentError) Unwrap() []error {
	errs := make([]error, 0, len(e.Invalid)+1)
	if len(e.Missing) > 0 {
		errs = append(errs, ErrMissingEvidence)
	}
	return append(errs, e.Invalid...)
}

// checks collects the problems of one document.
type checks struct {
	missing []string
	invalid []error
}

func (c *checks) need(ok bool, what string) {
	if !ok {
		c.missing = append(c.missing, what)
	}
}

func (c *checks) badf(sentinel error, format string, args ...any) {
	c.invalid = append(c.invalid, fmt.Errorf(format+": %w", append(args, sentinel)...))
}

func (c *checks) err(id PlanID, k PlanEventKind) error {
	if len(c.missing) == 0 && len(c.invalid) == 0 {
		return nil
	}
	return &DocumentError{Plan: id, Kind: k, Missing: c.missing, Invalid: c.invalid}
}

// checkContent checks a plan's content. A draft needs only its category
// and owner; a plan going to review needs everything (complete).
func checkContent(c *checks, p PlanContent, complete bool) {
	c.need(!p.Category.IsZero(), "a category")
	c.need(!p.Owner.IsZero(), "a named owner")
	if g := p.GateStage(); g != lifecycle.Committed && g != lifecycle.Implemented {
		c.badf(ErrInvalidValue, "gate %s: a plan gates committed or implemented", g)
	}
	seen := map[string]bool{}
	for i, s := range p.Stakeholders {
		switch {
		case s.BusinessUnit == "":
			c.badf(ErrInvalidValue, "stakeholder %d has no business unit", i+1)
		case seen[s.BusinessUnit]:
			c.badf(ErrInvalidValue, "stakeholder %q is listed twice", s.BusinessUnit)
		case s.Representative.IsZero():
			c.badf(ErrInvalidValue, "stakeholder %q has no representative", s.BusinessUnit)
		}
		seen[s.BusinessUnit] = true
	}
	for i, e := range p.SourcingEvents {
		if e.Name == "" || e.Start.IsZero() {
			c.badf(ErrInvalidValue, "sourcing event %d needs a name and a start date", i+1)
		}
	}
	if !complete {
		return
	}
	c.need(len(p.Stakeholders) > 0, "the required stakeholders")
	c.need(!p.Start.IsZero(), "the start of the horizon")
	c.need(p.Strategy != "", "a strategy summary")
	if p.HorizonYears < 3 || p.HorizonYears > 5 {
		c.badf(ErrInvalidValue, "horizon of %d years: a category plan runs 3 to 5 years", p.HorizonYears)
	}
}

// checkSignOff checks a sign-off document against the plan and signer.
func checkSignOff(c *checks, p PlanContent, s SignOff, by lifecycle.Actor) {
	holder, ok := p.Stakeholder(s.BusinessUnit)
	switch {
	case s.BusinessUnit == "":
		c.need(false, "the business unit signing")
	case !ok:
		c.badf(ErrNotStakeholder, "%q is not a required stakeholder", s.BusinessUnit)
	case holder.Representative != by.ID:
		c.badf(ErrNotStakeholder, "%s does not represent %q", by, s.BusinessUnit)
	}
	if by.Role != lifecycle.RoleStakeholder {
		c.badf(ErrNotStakeholder, "%s signs as %s, not as stakeholder", by, by.Role)
	}
	c.need(!s.Date.IsZero(), "the date signed")
	c.need(s.ResourceCommitments != "", "the resource commitments")
	c.need(s.Cadence.Months() > 0, "the compliance reporting cadence")
	c.need(s.Consequences != "", "the consequences of deviation")
	one := decimal.NewFromInt(1)
	if s.ComplianceLevel.Sign() <= 0 || s.ComplianceLevel.GreaterThan(one) {
		c.badf(ErrInvalidValue, "compliance level %s: a fraction above 0 and at most 1", s.ComplianceLevel)
	}
}
