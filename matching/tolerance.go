package matching

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/fixed"
)

// Direction says which price differences a tolerance judges.
type Direction uint8

// The directions.
const (
	// Above: one-sided; only paying above the contract can breach it.
	// The zero value.
	Above Direction = iota
	// Both: two-sided; any difference beyond the tolerance is a breach.
	// Paying below it is classed [Leakage] by [RuleBelowTolerance], a
	// mismatch to look into, but carries no leakage amount.
	Both
)

// Join says how a relative and an absolute limit combine when both are
// set.
type Join uint8

// The joins.
const (
	// NoJoin is the zero value; with both limits set it is an error, so
	// that nobody gets AND when they meant OR.
	NoJoin Join = iota
	// And: within tolerance only if within both limits.
	And
	// Or: within tolerance if within either limit.
	Or
)

// Limit is one allowance of a [Tolerance]. The zero Limit is unset: no
// allowance at all, never a zero that switches the check off. Make one
// with [Relative] or [Absolute].
type Limit struct {
	value fixed.Value
	set   bool
}

// Relative returns a limit of a fraction of the contracted price: 0.02
// allows paying 2 % above it. Negative or beyond six places is an error.
func Relative(fraction decimal.Decimal) (Limit, error) { return newLimit("relative", fraction) }

// Absolute returns a limit of an amount per unit, in the line's
// currency: 0.01 allows a cent per unit.
func Absolute(perUnit decimal.Decimal) (Limit, error) { return newLimit("absolute", perUnit) }

func newLimit(what string, d decimal.Decimal) (Limit, error) {
	v, ok := fixed.FromDecimal(d)
	if !ok || v < 0 {
		return Limit{}, fmt.Errorf("%s tolerance %s: not a non-negative number of up to six places: %w",
			what, d, ErrInvalidContract)
	}
	return Limit{value: v, set: true}, nil
}

// IsSet reports whether the limit allows anything at all.
func (l Limit) IsSet() bool { return l.set }

// Decimal returns the limit's value; zero when unset.
func (l Limit) Decimal() decimal.Decimal { return l.value.Decimal() }

// Tolerance is how far a paid price may differ from the contracted one
// and still be on contract. The zero Tolerance is strict: one-sided, no
// allowance, so paying a fraction of a cent above the contract is
// leakage.
type Tolerance struct {
	Direction Direction
	Relative  Limit // of the expected amount
	Absolute  Limit // per unit of the line
	Join      Join  // required when both limits are set
}

// Validate reports a tolerance with both limits and no join, or an
// unknown direction or join.
func (t Tolerance) Validate() error {
	switch {
	case t.Direction > Both:
		return fmt.Errorf("tolerance direction %d: %w", t.Direction, ErrInvalidContract)
	case t.Join > Or:
		return fmt.Errorf("tolerance join %d: %w", t.Join, ErrInvalidContract)
	case t.Relative.set && t.Absolute.set && t.Join == NoJoin:
		return fmt.Errorf("tolerance with relative and absolute limits needs And or Or: %w", ErrInvalidContract)
	}
	return nil
}

// within reports whether a line whose paid amount differs from the
// expected one by diff (paid − expected) is within tolerance; expected
// is the expected amount and qty the line's quantity in its own unit.
func (t *Tolerance) within(diff, expected fixed.Amount, qty fixed.Value) bool {
	if diff.Sign() == 0 {
		return true
	}
	if diff.Sign() < 0 && t.Direction == Above {
		return true // paying less is never leakage one-sided
	}
	d := diff.Abs()
	rel, relOK := t.relativeWithin(d, expected)
	abs, absOK := t.absoluteWithin(d, qty)
	switch {
	case relOK && absOK && t.Join == And:
		return rel && abs
	case relOK && absOK:
		return rel || abs
	case relOK:
		return rel
	case absOK:
		return abs
	}
	return false // no allowance: any difference breaches
}

// relativeWithin compares |diff| with fraction × |expected|, both scaled
// to 10^-18 so no rounding happens.
func (t *Tolerance) relativeWithin(d, expected fixed.Amount) (within, set bool) {
	if !t.Relative.set {
		return false, false
	}
	lhs, ok1 := d.MulValue(fixed.One)
	rhs, ok2 := expected.Abs().MulValue(t.Relative.value)
	if !ok1 || !ok2 {
		return false, true
	}
	return lhs.Cmp(rhs) <= 0, true
}

// absoluteWithin compares |diff| with perUnit × |qty|.
func (t *Tolerance) absoluteWithin(d fixed.Amount, qty fixed.Value) (within, set bool) {
	if !t.Absolute.set {
		return false, false
	}
	q := qty
	if q < 0 {
		q = -q
	}
	return d.Cmp(fixed.MulValues(t.Absolute.value, q)) <= 0, true
}
