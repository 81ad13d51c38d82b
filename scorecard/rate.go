package scorecard

import (
	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// Rate is a ratio of two figures — realized ÷ committed, on-contract ÷
// addressable spend — rounded under an explicit policy. A rate whose
// denominator is zero is undefined: Defined reports false, Value gives
// false, String says "undefined" and JSON writes null. It is never 0 or
// NaN.
//
// Rate is a small value; compare rates with Equal.
type Rate struct {
	value    decimal.Decimal
	defined  bool
	rounding lifecycle.Rounding
}

// ratio returns num ÷ den rounded under r, undefined when den is zero.
func ratio(num, den decimal.Decimal, r lifecycle.Rounding) Rate {
	q, err := r.Quo(num, den)
	if err != nil {
		return Rate{rounding: r}
	}
	return Rate{value: q, defined: true, rounding: r}
}

// Value returns the rate as a fraction (0.875 for 87.5 %); false when
// it is undefined.
func (r Rate) Value() (decimal.Decimal, bool) { return r.value, r.defined }

// Defined reports whether the rate has a value: its denominator was not
// zero.
func (r Rate) Defined() bool { return r.defined }

// Rounding returns the policy the rate was rounded under.
func (r Rate) Rounding() lifecycle.Rounding { return r.rounding }

// Percent returns the rate × 100 (87.5 for 0.875), with the places the
// rounding left; false when undefined.
func (r Rate) Percent() (decimal.Decimal, bool) {
	if !r.defined {
		return decimal.Zero, false
	}
	return r.value.Shift(2), true
}

// Equal reports whether two rates are both undefined, or both defined
// with equal values.
func (r Rate) Equal(o Rate) bool {
	return r.defined == o.defined && (!r.defined || r.value.Equal(o.value))
}

// String returns the fraction with every place the rounding keeps
// ("0.8750"), or "undefined".
func (r Rate) String() string {
	if !r.defined {
		return "undefined"
	}
	return r.value.StringFixed(max(r.rounding.Places, 0))
}

// MarshalJSON writes the fraction as a string, "0.8750", or null when
// the rate is undefined.
func (r Rate) MarshalJSON() ([]byte, error) {
	if !r.defined {
		return []byte("null"), nil
	}
	return []byte(`"` + r.String() + `"`), nil
}
