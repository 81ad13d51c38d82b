// Package dec holds the exact decimal arithmetic the public packages share:
// division that rounds once, under a rounding function the caller names,
// without touching the decimal package's global precision settings.
package dec

import "github.com/shopspring/decimal"

// RoundFunc rounds d to places digits after the decimal point. The methods
// of decimal.Decimal (RoundBank, Round, RoundDown...) have this shape.
type RoundFunc func(d decimal.Decimal, places int32) decimal.Decimal

// Quo returns a ÷ b rounded to places digits by round, as if the quotient
// had been computed exactly first. It reports false, and returns zero,
// when b is zero.
//
// decimal's own Div rounds to a package-wide precision that belongs to the
// host program, and its DivRound knows one rounding mode only. Quo instead
// truncates to places digits, then uses the remainder to pick a stand-in
// a quarter, a half or three quarters of the way to the next step. The
// stand-in lies on the same side of every rounding boundary as the exact
// quotient, so any rounding mode applied to it gives the exact answer.
func Quo(a, b decimal.Decimal, places int32, round RoundFunc) (decimal.Decimal, bool) {
	if b.IsZero() {
		return decimal.Zero, false
	}
	q, r := a.QuoRem(b, places)
	if r.IsZero() {
		return round(q, places), true
	}

	// ulp is one step at places digits; twice the remainder compared with
	// |b|·ulp tells whether the exact quotient is below, at or above the
	// midpoint between q and the next step away from zero.
	ulp := decimal.New(1, -places)
	half := r.Abs().Add(r.Abs()).Cmp(b.Abs().Mul(ulp))
	var frac decimal.Decimal
	switch {
	case half < 0:
		frac = decimal.New(25, -2)
	case half == 0:
		frac = decimal.New(5, -1)
	default:
		frac = decimal.New(75, -2)
	}
	step := ulp.Mul(frac)
	if a.Sign()*b.Sign() < 0 {
		step = step.Neg()
	}
	return round(q.Add(step), places), true
}

// MulDiv returns a × num ÷ den rounded as Quo rounds it: the product is
// exact, so only one rounding happens.
func MulDiv(a, num, den decimal.Decimal, places int32, round RoundFunc) (decimal.Decimal, bool) {
	return Quo(a.Mul(num), den, places, round)
}
