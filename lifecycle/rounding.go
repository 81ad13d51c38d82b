package lifecycle

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/dec"
)

// RoundingMode says which way a figure goes when it has more digits than
// a [Rounding] keeps. The zero value is [HalfEven], the accounting
// default that does not drift when many roundings are added up.
type RoundingMode uint8

// Rounding modes.
const (
	HalfEven RoundingMode = iota // to nearest, ties to the even digit
	HalfUp                       // to nearest, ties away from zero
	Down                         // toward zero (truncate)
	Up                           // away from zero
	Floor                        // toward negative infinity
	Ceiling                      // toward positive infinity
)

var roundingModeNames = [...]string{"half-even", "half-up", "down", "up", "floor", "ceiling"}

// String returns the mode's name, such as "half-even".
func (m RoundingMode) String() string {
	if int(m) < len(roundingModeNames) {
		return roundingModeNames[m]
	}
	return fmt.Sprintf("RoundingMode(%d)", uint8(m))
}

func (m RoundingMode) fn() dec.RoundFunc {
	switch m {
	case HalfUp:
		return decimal.Decimal.Round
	case Down:
		return decimal.Decimal.RoundDown
	case Up:
		return decimal.Decimal.RoundUp
	case Floor:
		return decimal.Decimal.RoundFloor
	case Ceiling:
		return decimal.Decimal.RoundCeil
	default:
		return decimal.Decimal.RoundBank
	}
}

// Rounding is an explicit rounding policy: how many digits to keep after
// the decimal point, and which way to round. It is a plain value; pass it
// wherever a figure may be rounded. The package has no global precision
// and never changes the decimal package's.
//
// The zero value keeps no decimal places and rounds half to even. For
// money, [CurrencyRounding] gives the currency's own minor units.
type Rounding struct {
	Mode   RoundingMode
	Places int32 // digits after the decimal point, -64..64; negative rounds to tens, hundreds...
}

// maxPlaces bounds Rounding.Places: far beyond any currency or rate, and
// small enough that no rounding builds an enormous number.
const maxPlaces = 64

// CurrencyRounding returns half-even rounding to the minor units of c
// (2 places for EUR, 0 for JPY). An invalid currency gets 2 places.
func CurrencyRounding(c Currency) Rounding {
	places, ok := c.MinorUnits()
	if !ok {
		places = 2
	}
	return Rounding{Mode: HalfEven, Places: places}
}

// Round rounds d under the policy.
func (r Rounding) Round(d decimal.Decimal) decimal.Decimal {
	return r.Mode.fn()(d, r.Places)
}

// Quo returns a ÷ b rounded once under the policy, as if computed exactly
// first. Dividing by zero is an error wrapping [ErrDivisionByZero];
// places outside -64..64 one wrapping [ErrInvalidValue].
func (r Rounding) Quo(a, b decimal.Decimal) (decimal.Decimal, error) {
	if r.Places < -maxPlaces || r.Places > maxPlaces {
		return decimal.Zero, fmt.Errorf("rounding to %d places, outside -%d..%d: %w",
			r.Places, maxPlaces, maxPlaces, ErrInvalidValue)
	}
	q, ok := dec.Quo(a, b, r.Places, r.Mode.fn())
	if !ok {
		return decimal.Zero, fmt.Errorf("divide %s by zero: %w", a, ErrDivisionByZero)
	}
	return q, nil
}

// String describes the policy, such as "half-even to 2 places".
func (r Rounding) String() string {
	return fmt.Sprintf("%s to %d places", r.Mode, r.Places)
}
