package governance

import (
	"fmt"
	"slices"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// Rule names a segregation-of-duties rule that an administrator may
// override for one change. Only self-approval can be overridden: the
// other rules — nobody decides on an entry they recorded, or on savings
// of an initiative whose changes they approved, and an owner never
// validates savings in their own category — admit no override.
//
// Rule is a small comparable value; it marshals to text as its name.
// The zero value is no rule.
type Rule uint8

// The rules an override can lift.
const (
	// RuleSelfApproval: the finance approval of a change comes from the
	// person making it. Refused unless an administrator overrides it.
	RuleSelfApproval Rule = iota + 1
)

var ruleNames = [...]string{"", "self-approval"}

// String returns the rule's name, such as "self-approval".
func (r Rule) String() string { return nameOf("Rule", ruleNames[:], uint8(r)) }

// MarshalText encodes the name; the zero value as empty text.
func (r Rule) MarshalText() ([]byte, error) { return marshalName("rule", ruleNames[:], uint8(r)) }

// UnmarshalText decodes a rule's name.
func (r *Rule) UnmarshalText(b []byte) error {
	v, err := parseName("rule", ruleNames[:], string(b))
	*r = Rule(v)
	return err
}

// Approval is finance's approval of one change to one initiative, needed
// when the change's amount is above a [Threshold]. It covers the change
// of its kind decided on the given version, up to its amount.
type Approval struct {
	Initiative lifecycle.InitiativeID `json:"initiative"`
	Kind       lifecycle.EventKind    `json:"kind"`
	Version    int                    `json:"version"` // the version the change is decided on
	Amount     lifecycle.Money        `json:"amount"`  // the most it covers, in the initiative's currency
	By         lifecycle.Actor        `json:"by"`
	At         time.Time              `json:"at"`
	Reason     string                 `json:"reason,omitempty"`
}

// Override lifts the self-approval rule for one change to one
// initiative: the change decided on the given version. Only an
// administrator gives one, always with a reason; it is kept in the
// records like every other decision, saying who gave it, in which role,
// when and why.
type Override struct {
	Initiative lifecycle.InitiativeID `json:"initiative"`
	Version    int                    `json:"version"`
	Rules      []Rule                 `json:"rules"`
	By         lifecycle.Actor        `json:"by"`
	At         time.Time              `json:"at"`
	Reason     string                 `json:"reason"`
}

// Records keeps finance approvals and administrators' overrides, the
// decisions a [Policy] reads. They are appended, never changed or
// removed.
//
// To persist the records, store [Records.Approvals] and
// [Records.Overrides] (both marshal to JSON); to restore them, add each
// again in order.
//
// The zero Records is empty and ready to use; use it through a pointer.
// Adding is not safe for concurrent use; reading is, while nobody adds.
type Records struct {
	approvals []Approval
	overrides []Override
}

// Approve records a finance approval. The approver must act as finance;
// the approval must name the initiative, the kind of change, the version
// it is decided on (0 or more) and an amount.
func (r *Records) Approve(a Approval) error {
	var c checks
	c.need(!a.Initiative.IsZero(), "the initiative")
	c.need(a.Kind.Valid(), "the kind of change approved")
	c.need(a.Amount.IsSet(), "the amount approved")
	c.need(!a.At.IsZero(), "the time of approval")
	if a.Version < 0 {
		c.badf(ErrInvalidValue, "version %d", a.Version)
	}
	if a.By.ID.IsZero() || a.By.Role != lifecycle.RoleFinance {
		c.badf(ErrNotPermitted, "%s approves as %s; only finance approves", a.By, a.By.Role)
	}
	if err := c.errFor("approval"); err != nil {
		return err
	}
	a.At = a.At.UTC()
	r.approvals = append(r.approvals, a)
	return nil
}

// Override records an administrator's override. It needs an
// administrator, a reason and at least one rule, each of which must be
// one an override can lift: [RuleSelfApproval]. Any other rule is
// refused with [ErrInvalidValue], and an actor who is not an
// administrator with [ErrNotPermitted]. On error nothing is recorded.
func (r *Records) Override(o Override) error {
	var c checks
	c.need(!o.Initiative.IsZero(), "the initiative")
	c.need(len(o.Rules) > 0, "the rules overridden")
	c.need(o.Reason != "", "a reason")
	c.need(!o.At.IsZero(), "the time of the override")
	for _, rule := range o.Rules {
		if rule != RuleSelfApproval {
			c.badf(ErrInvalidValue, "rule %s: only %s can be overridden", rule, RuleSelfApproval)
		}
	}
	if o.By.ID.IsZero() || o.By.Role != lifecycle.RoleAdministrator {
		c.badf(ErrNotPermitted, "%s overrides as %s; only an administrator overrides", o.By, o.By.Role)
	}
	if err := c.errFor("override"); err != nil {
		return err
	}
	o.At = o.At.UTC()
	o.Rules = slices.Clone(o.Rules)
	r.overrides = append(r.overrides, o)
	return nil
}

// Approvals returns the approvals in the order they were recorded.
func (r *Records) Approvals() []Approval { return slices.Clone(r.approvals) }

// Overrides returns the overrides in the order they were recorded.
func (r *Records) Overrides() []Override {
	out := slices.Clone(r.overrides)
	for i := range out {
		out[i].Rules = slices.Clone(out[i].Rules)
	}
	return out
}

// approval returns an approval covering a change of kind k to in decided
// on version v for amount, and whether one exists.
func (r *Records) approval(in lifecycle.InitiativeID, k lifecycle.EventKind, v int, amount lifecycle.Money) (Approval, bool) {
	if r == nil {
		return Approval{}, false
	}
	for _, a := range r.approvals {
		if a.Initiative != in || a.Kind != k || a.Version != v {
			continue
		}
		if cmp, err := a.Amount.Cmp(amount); err == nil && cmp >= 0 {
			return a, true
		}
	}
	return Approval{}, false
}

// approvedBy reports whether actor approved any change of initiative in.
func (r *Records) approvedBy(in lifecycle.InitiativeID, actor lifecycle.ActorID) bool {
	if r == nil {
		return false
	}
	return slices.ContainsFunc(r.approvals, func(a Approval) bool {
		return a.Initiative == in && a.By.ID == actor
	})
}

// overridden returns the override lifting rule for the change to in
// decided on version v.
func (r *Records) overridden(in lifecycle.InitiativeID, v int, rule Rule) (Override, bool) {
	if r == nil {
		return Override{}, false
	}
	for _, o := range r.overrides {
		if o.Initiative == in && o.Version == v && slices.Contains(o.Rules, rule) {
			return o, true
		}
	}
	return Override{}, false
}

// errFor returns the problems of a record that is not a plan event.
func (c *checks) errFor(what string) error {
	if len(c.missing) == 0 && len(c.invalid) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %w", what, &DocumentError{Missing: c.missing, Invalid: c.invalid})
}
