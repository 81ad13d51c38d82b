package governance

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// Policy enforces the operating model of DESIGN §7 on initiatives: it is
// a [lifecycle.Guard], so attach it to each initiative with
// [lifecycle.Initiative.SetGuard] (or pass it to [lifecycle.New]).
//
// For every proposed change it checks, and reports together:
//
//   - permissions: the actor's role may make this kind of change, and an
//     actor acting as owner owns the initiative or its category;
//   - the gate: an initiative entering the stage its category plan gates
//     (Committed by default) needs that plan signed off by every
//     required stakeholder at the time of the change;
//   - the approval matrix: a change whose amount is above a threshold
//     needs a finance approval that covers it, from someone else than
//     the person making the change;
//   - segregation of duties: nobody validates or rejects realized
//     savings of an initiative whose changes they approved, or that they
//     own or whose category they own.
//
// An administrator's [Override], recorded beforehand, lifts the
// self-approval rule for one change. The other segregation rules admit
// no override: the lifecycle itself refuses validation by the person who
// recorded an entry, and by anyone not acting as finance, and the policy
// refuses validation by anyone who approved a change of the initiative
// or owns it or its category.
//
// Policy is configuration and references to records: its zero value
// refuses what the default permissions refuse and, having no plans,
// every change into the gated stage (Committed). It only
// reads: Check is safe for concurrent use as long as nobody changes the
// plans, ownership or records at the same time.
type Policy struct {
	// Plans are the category plans the gate consults. Nil: no plans,
	// so every gated change is refused for want of one.
	Plans *Plans

	// Tree lets a parent category's plan and thresholds cover its
	// descendants. Nil: each category stands alone.
	Tree *lifecycle.CategoryTree

	// Ownership names category owners by date; a category without an
	// owner of its own is owned by its nearest ancestor's. Nil: only
	// initiative owners count as owners.
	Ownership *lifecycle.Ownership

	// Permissions says which roles may make which changes. Nil means
	// [DefaultPermissions].
	Permissions Permissions

	// Thresholds are the approval matrix: data, not code.
	Thresholds []Threshold

	// Rates convert amounts into the currencies of thresholds.
	Rates []Rate

	// Records holds finance approvals and administrators' overrides.
	Records *Records
}

// Permissions maps each kind of initiative change to the roles allowed
// to make it. A kind missing from the map is allowed to nobody.
type Permissions map[lifecycle.EventKind][]lifecycle.Role

// DefaultPermissions returns the permissions a [Policy] uses when given
// none: owners (and administrators) run their initiatives; finance may
// also record realization entries, and alone validates or rejects them;
// stakeholders change nothing.
func DefaultPermissions() Permissions {
	owner := []lifecycle.Role{lifecycle.RoleOwner, lifecycle.RoleAdministrator}
	finance := []lifecycle.Role{lifecycle.RoleFinance}
	return Permissions{
		lifecycle.KindCreated:              owner,
		lifecycle.KindEstimateRevised:      owner,
		lifecycle.KindCommitted:            owner,
		lifecycle.KindImplemented:          owner,
		lifecycle.KindForecastRevised:      owner,
		lifecycle.KindCostRecorded:         owner,
		lifecycle.KindSteppedBack:          owner,
		lifecycle.KindCancelled:            owner,
		lifecycle.KindOwnerReassigned:      owner,
		lifecycle.KindRealizationRecorded:  append(slices.Clone(owner), lifecycle.RoleFinance),
		lifecycle.KindRealizationValidated: finance,
		lifecycle.KindRealizationRejected:  finance,
	}
}

// Allows reports whether role r may make a change of kind k.
func (p Permissions) Allows(k lifecycle.EventKind, r lifecycle.Role) bool {
	return slices.Contains(p[k], r)
}

// Threshold is one row of the approval matrix: a change of one of Kinds,
// in Category (and below it) or for BusinessUnit, whose amount is above
// Above needs finance approval. Zero fields match everything: a zero
// Category any category, an empty BusinessUnit any business unit, no
// Kinds the commitment only.
//
// The amount compared is the one the change carries: the value of a
// creation's estimate, an estimate or forecast revision, a commitment or
// an implementation — a recurring saving's annual figure, a one-time
// saving's total — or the size of a cost or a realization entry, a
// negative one counting as its absolute value. Changes that carry no
// amount (decisions on entries, stepping back, cancelling, reassigning
// the owner) never exceed a threshold, even one that lists their kind.
type Threshold struct {
	Category     lifecycle.CategoryID  `json:"category"`
	BusinessUnit string                `json:"businessUnit,omitempty"`
	Kinds        []lifecycle.EventKind `json:"kinds,omitempty"`
	Above        lifecycle.Money       `json:"above"`
}

// Rate converts From into To: one unit of From is Rate units of To.
type Rate struct {
	From lifecycle.Currency `json:"from"`
	To   lifecycle.Currency `json:"to"`
	Rate decimal.Decimal    `json:"rate"`
}

// PolicyError reports every reason a [Policy] refused a change. It
// matches the sentinel of each ([ErrGate], [ErrNotPermitted],
// [ErrApprovalNeeded], [ErrSegregation], [ErrMissingRate]); a gate
// refusal is also a [GateError] for [errors.As].
type PolicyError struct {
	Problems []error
}

// Error lists the reasons, one after another.
func (e *PolicyError) Error() string {
	msgs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns the reasons.
func (e *PolicyError) Unwrap() []error { return e.Problems }

// GateError reports an initiative that may not enter Stage because the
// plan of its category is missing or not signed off. Missing names each
// requirement left: the plan itself, or each stakeholder's sign-off.
type GateError struct {
	Category lifecycle.CategoryID
	Stage    lifecycle.Stage
	Plan     PlanID // zero when there is no plan
	Missing  []string
}

// Error names the stage and everything missing.
func (e *GateError) Error() string {
	return fmt.Sprintf("%s needs a signed-off category plan: missing %s",
		e.Stage, strings.Join(e.Missing, ", "))
}

// Unwrap returns [ErrGate].
func (e *GateError) Unwrap() error { return ErrGate }

// Check implements [lifecycle.Guard]: it returns nil, or a *PolicyError
// listing every reason the change is refused.
//
// A nil *Policy refuses everything: a guard that was meant to be there
// and is not must not let changes through unchecked.
func (p *Policy) Check(in *lifecycle.Initiative, e lifecycle.Event) error {
	if p == nil {
		return fmt.Errorf("no governance policy to check %s: %w", e.Kind, ErrNotPermitted)
	}
	var problems []error
	add := func(err error) {
		if err != nil {
			problems = append(problems, err)
		}
	}
	add(p.checkPermission(in, e))
	add(p.checkGate(in, e))
	add(p.checkApproval(in, e))
	add(p.checkSegregation(in, e))
	if len(problems) == 0 {
		return nil
	}
	return &PolicyError{Problems: problems}
}

// checkPermission: the role may make the change, and an owner acts only
// on what they own.
func (p *Policy) checkPermission(in *lifecycle.Initiative, e lifecycle.Event) error {
	perms := p.Permissions
	if perms == nil {
		perms = DefaultPermissions()
	}
	if !perms.Allows(e.Kind, e.Actor.Role) {
		return fmt.Errorf("%s may not make a %s change: %w", e.Actor, e.Kind, ErrNotPermitted)
	}
	if e.Actor.Role != lifecycle.RoleOwner {
		return nil
	}
	owner, category := in.Owner(), in.Category()
	if plan, ok := e.Payload.(lifecycle.Plan); ok { // a creation
		owner, category = plan.Owner, plan.Category
	}
	if p.owns(lifecycle.OwnerOf(e.Actor.ID), owner, category, e) {
		return nil
	}
	return fmt.Errorf("%s owns neither the initiative nor its category: %w", e.Actor, ErrNotPermitted)
}

// owns reports whether person is the initiative's owner or owned its
// category on the day of e.
func (p *Policy) owns(person, initiativeOwner lifecycle.OwnerID, category lifecycle.CategoryID, e lifecycle.Event) bool {
	if person == initiativeOwner {
		return true
	}
	holder, ok := p.categoryOwner(category, lifecycle.DateOf(e.At))
	return ok && holder == person
}

// categoryOwner returns who owned category cat on day d: its own owner,
// else the owner of its nearest ancestor that has one.
func (p *Policy) categoryOwner(cat lifecycle.CategoryID, d lifecycle.Date) (lifecycle.OwnerID, bool) {
	if p.Ownership == nil {
		return lifecycle.OwnerID{}, false
	}
	if o, ok := p.Ownership.OwnerOn(cat, d); ok {
		return o, true
	}
	for _, a := range p.Tree.Ancestors(cat) {
		if o, ok := p.Ownership.OwnerOn(a.ID, d); ok {
			return o, true
		}
	}
	return lifecycle.OwnerID{}, false
}

// checkGate: entering the gated stage needs the category plan signed off
// by every required stakeholder as of the change. Stepping back into a
// stage is not gated.
func (p *Policy) checkGate(in *lifecycle.Initiative, e lifecycle.Event) error {
	var to lifecycle.Stage
	switch e.Kind {
	case lifecycle.KindCommitted:
		to = lifecycle.Committed
	case lifecycle.KindImplemented:
		to = lifecycle.Implemented
	default:
		return nil
	}

	var plan *CategoryPlan // as it stood at the time of the change
	if live, ok := p.Plans.For(in.Category(), p.Tree); ok {
		plan = asOf(live, e.At)
	}
	gate := lifecycle.Committed
	if plan != nil {
		gate = plan.Content().GateStage()
	}
	switch {
	case to != gate:
		return nil
	case plan == nil:
		return &GateError{Category: in.Category(), Stage: to,
			Missing: []string{"a category plan for " + p.categoryName(in.Category())}}
	case plan.InForce():
		return nil
	}
	return &GateError{Category: in.Category(), Stage: to, Plan: plan.ID(), Missing: gateMissing(plan)}
}

// gateMissing names what a plan lacks to be in force.
func gateMissing(plan *CategoryPlan) []string {
	var missing []string
	if plan.State() == Draft {
		missing = append(missing, "the plan's submission for review")
	}
	for _, s := range plan.MissingSignOffs() {
		who := s.BusinessUnit
		if s.Name != "" {
			who += " (" + s.Name + ")"
		}
		missing = append(missing, "the sign-off of "+who)
	}
	return missing
}

func (p *Policy) categoryName(id lifecycle.CategoryID) string {
	if name := p.Tree.PathString(id); name != "" {
		return name
	}
	return "category " + id.String()
}

// checkApproval: above a threshold, a finance approval from someone else
// must cover the change.
func (p *Policy) checkApproval(in *lifecycle.Initiative, e lifecycle.Event) error {
	amount, ok := amountOf(e)
	if !ok {
		return nil
	}
	var problems []error
	for _, t := range p.Thresholds {
		if !p.applies(t, in, e) {
			continue
		}
		above, err := p.exceeds(amount, t.Above)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		if above {
			problems = append(problems, p.approved(in, e, amount, t))
			break // one approval covers every threshold it exceeds
		}
	}
	return errors.Join(problems...)
}

// approved returns nil if an approval from someone other than the actor
// covers the change, or an override lifts self-approval.
func (p *Policy) approved(in *lifecycle.Initiative, e lifecycle.Event, amount lifecycle.Money, t Threshold) error {
	a, ok := p.Records.approval(in.ID(), e.Kind, in.Version(), amount)
	if !ok {
		return fmt.Errorf("%s of %s is above the threshold of %s: %w", e.Kind, amount, t.Above, ErrApprovalNeeded)
	}
	if a.By.ID != e.Actor.ID {
		return nil
	}
	if _, ok := p.Records.overridden(in.ID(), in.Version(), RuleSelfApproval); ok {
		return nil
	}
	return fmt.Errorf("%s approved their own %s: %w", e.Actor, e.Kind, ErrSegregation)
}

// applies reports whether threshold t covers change e to in.
func (p *Policy) applies(t Threshold, in *lifecycle.Initiative, e lifecycle.Event) bool {
	kinds := t.Kinds
	if len(kinds) == 0 {
		kinds = []lifecycle.EventKind{lifecycle.KindCommitted}
	}
	if !slices.Contains(kinds, e.Kind) {
		return false
	}
	category, units := subjectOf(in, e)
	if !t.Category.IsZero() && category != t.Category && !p.Tree.IsWithin(category, t.Category) {
		return false
	}
	return t.BusinessUnit == "" || slices.Contains(units, t.BusinessUnit)
}

// subjectOf returns the category and business units change e concerns:
// the initiative's, or for a creation those of the plan it carries.
func subjectOf(in *lifecycle.Initiative, e lifecycle.Event) (lifecycle.CategoryID, []string) {
	if plan, ok := e.Payload.(lifecycle.Plan); ok {
		return plan.Category, plan.BusinessUnits
	}
	return in.Category(), in.Plan().BusinessUnits
}

// exceeds reports whether amount, converted to limit's currency, is
// above limit.
func (p *Policy) exceeds(amount, limit lifecycle.Money) (bool, error) {
	if amount.Currency() != limit.Currency() {
		i := slices.IndexFunc(p.Rates, func(r Rate) bool {
			return r.From == amount.Currency() && r.To == limit.Currency()
		})
		if i < 0 {
			return false, fmt.Errorf("no rate from %s to %s to compare %s with the threshold of %s: %w",
				amount.Currency(), limit.Currency(), amount, limit, ErrMissingRate)
		}
		converted, err := lifecycle.NewMoney(amount.Amount().Mul(p.Rates[i].Rate), limit.Currency())
		if err != nil {
			return false, err
		}
		amount = converted
	}
	c, err := amount.Cmp(limit)
	return c > 0, err
}

// amountOf returns the amount a change carries for the approval matrix.
func amountOf(e lifecycle.Event) (lifecycle.Money, bool) {
	var s lifecycle.Savings
	switch p := e.Payload.(type) {
	case lifecycle.Plan:
		s = p.Estimate
	case lifecycle.EstimateRevision:
		s = p.Estimate
	case lifecycle.Commitment:
		s = p.Value
	case lifecycle.Implementation:
		s = p.Value
	case lifecycle.ForecastRevision:
		s = p.Forecast
	case lifecycle.Cost:
		return p.Amount.Abs(), p.Amount.IsSet()
	case lifecycle.EntryRecord:
		return p.Amount.Abs(), p.Amount.IsSet()
	default:
		return lifecycle.Money{}, false
	}
	if s.Annual.IsSet() {
		return s.Annual.PerYear(), true
	}
	return s.OneTime, s.OneTime.IsSet()
}

// checkSegregation: whoever decides on realized savings neither approved
// the initiative's changes nor owns it or its category.
func (p *Policy) checkSegregation(in *lifecycle.Initiative, e lifecycle.Event) error {
	if e.Kind != lifecycle.KindRealizationValidated && e.Kind != lifecycle.KindRealizationRejected {
		return nil
	}
	var problems []error
	if p.Records.approvedBy(in.ID(), e.Actor.ID) {
		problems = append(problems, fmt.Errorf(
			"%s approved a change of this initiative and cannot also decide on its savings: %w",
			e.Actor, ErrSegregation))
	}
	if p.owns(lifecycle.OwnerOf(e.Actor.ID), in.Owner(), in.Category(), e) {
		problems = append(problems, fmt.Errorf(
			"%s owns the initiative or its category and cannot validate its savings: %w",
			e.Actor, ErrSegregation))
	}
	return errors.Join(problems...)
}
