package governance

import "github.com/openprocure/realize/internal/enum"

// PlanState is where a category plan stands: Draft → In review → Signed
// off → Active → Retired. See [CategoryPlan] for the moves between them.
//
// PlanState is a small comparable value; it marshals to text as its name.
// The zero value is no state: a plan not yet created.
type PlanState uint8

// The plan states.
const (
	// Draft: the owner is writing the plan.
	Draft PlanState = iota + 1
	// InReview: submitted to the required stakeholders for sign-off.
	InReview
	// SignedOff: every required stakeholder has signed it off.
	SignedOff
	// Active: signed off and in force.
	Active
	// Retired: no longer in force. Final.
	Retired
)

var planStateNames = [...]string{"", "draft", "in-review", "signed-off", "active", "retired"}

// String returns the state's name, such as "in-review".
func (s PlanState) String() string { return nameOf("PlanState", planStateNames[:], uint8(s)) }

// MarshalText encodes the name; the zero value as empty text.
func (s PlanState) MarshalText() ([]byte, error) {
	return marshalName("plan state", planStateNames[:], uint8(s))
}

// UnmarshalText decodes a state's name.
func (s *PlanState) UnmarshalText(b []byte) error {
	v, err := parseName("plan state", planStateNames[:], string(b))
	*s = PlanState(v)
	return err
}

// Cadence is how often a stakeholder reports compliance with a plan they
// signed off. Reporting periods follow the fiscal calendar: a quarter is
// a fiscal quarter.
type Cadence uint8

// The cadences.
const (
	Monthly Cadence = iota + 1
	Quarterly
	HalfYearly
	Yearly
)

var cadenceNames = [...]string{"", "monthly", "quarterly", "half-yearly", "yearly"}

// String returns the cadence's name, such as "quarterly".
func (c Cadence) String() string { return nameOf("Cadence", cadenceNames[:], uint8(c)) }

// Months returns the length of one reporting period in months, or 0 for
// an invalid cadence.
func (c Cadence) Months() int {
	switch c {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	case HalfYearly:
		return 6
	case Yearly:
		return 12
	}
	return 0
}

// MarshalText encodes the name; the zero value as empty text.
func (c Cadence) MarshalText() ([]byte, error) {
	return marshalName("cadence", cadenceNames[:], uint8(c))
}

// UnmarshalText decodes a cadence's name.
func (c *Cadence) UnmarshalText(b []byte) error {
	v, err := parseName("cadence", cadenceNames[:], string(b))
	*c = Cadence(v)
	return err
}

func nameOf(typ string, names []string, v uint8) string { return enum.Name(typ, names, v) }

func marshalName(what string, names []string, v uint8) ([]byte, error) {
	return enum.Marshal(what, names, v, ErrInvalidValue)
}

func parseName(what string, names []string, s string) (uint8, error) {
	return enum.Parse(what, names, s, ErrInvalidValue)
}
