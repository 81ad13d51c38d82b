package lifecycle

import (
	"fmt"

	"github.com/openprocure/realize/internal/enum"
)

// Stage is where an initiative stands on the way from an idea to the
// profit and loss statement. The stages run Pipeline → Committed →
// Implemented → Realized, with Cancelled as the one way out; see
// [Allowed] for every move the package permits.
//
// Stage is a small comparable value. Its zero value is no stage: an
// initiative that does not exist yet. It marshals to text as its name.
type Stage uint8

// The stages.
const (
	// Pipeline: the opportunity is identified and an estimate exists.
	Pipeline Stage = iota + 1
	// Committed: a signed contract states the terms and the committed
	// value; the plan freezes here.
	Committed
	// Implemented: rates are loaded, systems configured, buyers
	// redirected.
	Implemented
	// Realized: finance has validated at least one realization entry
	// against actual spend.
	Realized
	// Cancelled: abandoned before it was realized, with a reason. Final.
	Cancelled
)

var stageNames = [...]string{"", "pipeline", "committed", "implemented", "realized", "cancelled"}

// String returns the stage's name, such as "committed"; an unknown value
// prints as "Stage(9)" and the zero value as "none".
func (s Stage) String() string {
	switch {
	case s == 0:
		return "none"
	case int(s) < len(stageNames):
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", uint8(s))
}

// Valid reports whether s is one of the five stages.
func (s Stage) Valid() bool { return s >= Pipeline && s <= Cancelled }

// MarshalText encodes the name; the zero value as empty text.
func (s Stage) MarshalText() ([]byte, error) {
	return marshalName("stage", stageNames[:], uint8(s))
}

// UnmarshalText decodes a stage's name.
func (s *Stage) UnmarshalText(b []byte) error {
	v, err := parseName("stage", stageNames[:], string(b))
	*s = Stage(v)
	return err
}

// Role is the capacity in which an actor acts. Which role may do what is
// policy: the lifecycle package insists only that finance validates
// realized savings; the governance package adds the rest through a
// [Guard].
//
// The zero value is no role and is refused wherever an actor acts.
type Role uint8

// The roles.
const (
	RoleOwner         Role = iota + 1 // the accountable category or initiative owner
	RoleFinance                       // finance, who validates savings in the P&L
	RoleStakeholder                   // a business unit's representative
	RoleAdministrator                 // administers the system; may override
)

var roleNames = [...]string{"", "owner", "finance", "stakeholder", "administrator"}

// String returns the role's name, such as "finance".
func (r Role) String() string {
	switch {
	case r == 0:
		return "none"
	case int(r) < len(roleNames):
		return roleNames[r]
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return r >= RoleOwner && r <= RoleAdministrator }

// MarshalText encodes the name; the zero value as empty text.
func (r Role) MarshalText() ([]byte, error) {
	return marshalName("role", roleNames[:], uint8(r))
}

// UnmarshalText decodes a role's name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := parseName("role", roleNames[:], string(b))
	*r = Role(v)
	return err
}

// Actor is a person doing something in a role: who committed, who
// validated. Every event names its actor.
//
// Actor is a comparable value. Its zero value is nobody and is refused.
type Actor struct {
	ID   ActorID `json:"id"`
	Role Role    `json:"role"`
	Name string  `json:"name,omitempty"` // for people reading reports; not compared by rules
}

// String returns the actor as "Ana Ruiz (finance)", or the ID when the
// name is empty.
func (a Actor) String() string {
	name := a.Name
	if name == "" {
		name = a.ID.String()
	}
	return name + " (" + a.Role.String() + ")"
}

func (a Actor) validate() error {
	if a.ID.IsZero() {
		return fmt.Errorf("actor %q has no id: %w", a.Name, ErrInvalidID)
	}
	if !a.Role.Valid() {
		return fmt.Errorf("actor %s has no valid role: %w", a, ErrInvalidValue)
	}
	return nil
}

// SavingsType says whether a saving reaches the profit and loss
// statement. Scorecards keep the two apart and never add them.
type SavingsType uint8

// The savings types.
const (
	// CostReduction: a lower price or spend than the baseline; "hard"
	// savings that reach the P&L.
	CostReduction SavingsType = iota + 1
	// CostAvoidance: a price increase that was prevented; real, but
	// "soft": not in the P&L.
	CostAvoidance
)

var savingsTypeNames = [...]string{"", "cost-reduction", "cost-avoidance"}

// String returns "cost-reduction" or "cost-avoidance".
func (t SavingsType) String() string {
	if t != 0 && int(t) < len(savingsTypeNames) {
		return savingsTypeNames[t]
	}
	return fmt.Sprintf("SavingsType(%d)", uint8(t))
}

// Valid reports whether t is one of the two types.
func (t SavingsType) Valid() bool { return t == CostReduction || t == CostAvoidance }

// MarshalText encodes the name; the zero value as empty text.
func (t SavingsType) MarshalText() ([]byte, error) {
	return marshalName("savings type", savingsTypeNames[:], uint8(t))
}

// UnmarshalText decodes the type's name.
func (t *SavingsType) UnmarshalText(b []byte) error {
	v, err := parseName("savings type", savingsTypeNames[:], string(b))
	*t = SavingsType(v)
	return err
}

// Recurrence says whether a saving repeats every year it runs or
// happens once.
type Recurrence uint8

// The recurrences.
const (
	Recurring Recurrence = iota + 1 // an annual run rate over a term
	OneTime                         // a single amount on one date
)

var recurrenceNames = [...]string{"", "recurring", "one-time"}

// String returns "recurring" or "one-time".
func (r Recurrence) String() string {
	if r != 0 && int(r) < len(recurrenceNames) {
		return recurrenceNames[r]
	}
	return fmt.Sprintf("Recurrence(%d)", uint8(r))
}

// Valid reports whether r is one of the two recurrences.
func (r Recurrence) Valid() bool { return r == Recurring || r == OneTime }

// MarshalText encodes the name; the zero value as empty text.
func (r Recurrence) MarshalText() ([]byte, error) {
	return marshalName("recurrence", recurrenceNames[:], uint8(r))
}

// UnmarshalText decodes the recurrence's name.
func (r *Recurrence) UnmarshalText(b []byte) error {
	v, err := parseName("recurrence", recurrenceNames[:], string(b))
	*r = Recurrence(v)
	return err
}

func marshalName(what string, names []string, v uint8) ([]byte, error) {
	return enum.Marshal(what, names, v, ErrInvalidValue)
}

func parseName(what string, names []string, s string) (uint8, error) {
	return enum.Parse(what, names, s, ErrInvalidValue)
}
