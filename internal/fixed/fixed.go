// Package fixed is the exact fixed-point arithmetic of the matching hot
// path: quantities and unit prices as int64 counts of millionths, and
// amounts (price × quantity) as 128-bit counts of 10^-12. Nothing here
// allocates, and every operation that could overflow reports it, so the
// caller can refuse a value rather than return a wrong one.
package fixed

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Scale is the number of decimal places of a Value: millionths.
const Scale = 6

// One is 1 as a Value.
const One Value = 1_000_000

// Value is a quantity, unit price or factor in millionths.
type Value int64

// FromDecimal returns d as a Value, and false if d has more than six
// decimal places (after dropping trailing zeros) or does not fit. It
// does not allocate for coefficients of up to 18 digits.
func FromDecimal(d decimal.Decimal) (Value, bool) {
	if d.NumDigits() <= 18 {
		return fromInt(d.CoefficientInt64(), d.Exponent())
	}
	return fromParts(d.Coefficient(), d.Exponent())
}

func fromParts(coef *big.Int, exp int32) (Value, bool) {
	// Drop trailing zeros so 1.500000000 fits.
	ten := big.NewInt(10)
	var mod big.Int
	for exp < -Scale && coef.Sign() != 0 {
		var q big.Int
		q.QuoRem(coef, ten, &mod)
		if mod.Sign() != 0 {
			return 0, false
		}
		coef, exp = &q, exp+1
	}
	if coef.Sign() == 0 {
		return 0, true
	}
	if !coef.IsInt64() {
		return 0, false
	}
	return fromInt(coef.Int64(), exp)
}

// fromInt returns c × 10^exp as a Value.
func fromInt(c int64, exp int32) (Value, bool) {
	if c == 0 {
		return 0, true // whatever the exponent: 0e-999999999 is zero
	}
	shift := int64(exp) + Scale
	for ; shift > 0; shift-- {
		if c > math.MaxInt64/10 || c < math.MinInt64/10 {
			return 0, false
		}
		c *= 10
	}
	for ; shift < 0; shift++ {
		if c%10 != 0 {
			return 0, false
		}
		c /= 10
	}
	if c == math.MinInt64 {
		return 0, false // keep the range symmetric, so negation is safe
	}
	return Value(c), true
}

// Decimal returns v as a decimal with six places.
func (v Value) Decimal() decimal.Decimal { return decimal.New(int64(v), -Scale) }

// MulExact returns v × f (both Values) as a Value, and false if the
// product has more than six decimal places or does not fit.
func (v Value) MulExact(f Value) (Value, bool) {
	p := MulValues(v, f) // scale 10^-12
	q, r := p.QuoRem64(int64(One))
	if r != 0 {
		return 0, false
	}
	return q.Int64()
}

// DivExact returns v ÷ f as a Value, and false if it does not terminate
// within six places or f is zero.
func (v Value) DivExact(f Value) (Value, bool) {
	if f == 0 {
		return 0, false
	}
	n := MulValues(v, One) // scale 10^-12
	q, r := n.QuoRem64(int64(f))
	if r != 0 {
		return 0, false
	}
	return q.Int64()
}

// Amount is a signed 128-bit count of 10^-12: the exact product of a
// price and a quantity, and sums of such products.
type Amount struct {
	hi int64
	lo uint64
}

// AmountScale is the number of decimal places of an Amount.
const AmountScale = 2 * Scale

// MulValues returns a × b exactly, as an Amount.
func MulValues(a, b Value) Amount {
	neg := (a < 0) != (b < 0)
	ua, ub := abs64(int64(a)), abs64(int64(b))
	hi, lo := bits.Mul64(ua, ub)
	r := Amount{hi: int64(hi), lo: lo}
	if neg {
		return r.Neg()
	}
	return r
}

func abs64(x int64) uint64 {
	if x < 0 {
		return uint64(-x) // -MinInt64 wraps to itself, which as uint64 is right
	}
	return uint64(x)
}

// Add returns a + b. Amounts in the hot path stay far below 2^127, so
// Add does not check for overflow; AddChecked does.
func (a Amount) Add(b Amount) Amount {
	lo, carry := bits.Add64(a.lo, b.lo, 0)
	return Amount{hi: a.hi + b.hi + int64(carry), lo: lo}
}

// AddChecked returns a + b and false on overflow.
func (a Amount) AddChecked(b Amount) (Amount, bool) {
	s := a.Add(b)
	if (a.hi >= 0) == (b.hi >= 0) && (s.hi >= 0) != (a.hi >= 0) {
		return Amount{}, false
	}
	return s, true
}

// Sub returns a − b.
func (a Amount) Sub(b Amount) Amount { return a.Add(b.Neg()) }

// Neg returns −a.
func (a Amount) Neg() Amount {
	lo := ^a.lo + 1
	hi := ^a.hi
	if lo == 0 {
		hi++
	}
	return Amount{hi: hi, lo: lo}
}

// Sign returns -1, 0 or +1.
func (a Amount) Sign() int {
	switch {
	case a.hi < 0:
		return -1
	case a.hi == 0 && a.lo == 0:
		return 0
	}
	return 1
}

// Abs returns |a|.
func (a Amount) Abs() Amount {
	if a.hi < 0 {
		return a.Neg()
	}
	return a
}

// Cmp returns -1, 0 or +1 as a is less than, equal to or greater than b.
func (a Amount) Cmp(b Amount) int {
	switch {
	case a.hi < b.hi:
		return -1
	case a.hi > b.hi:
		return 1
	case a.lo < b.lo:
		return -1
	case a.lo > b.lo:
		return 1
	}
	return 0
}

// IsZero reports whether a is zero.
func (a Amount) IsZero() bool { return a.hi == 0 && a.lo == 0 }

// MulValue returns the raw product a × v, at scale 10^-18, to compare
// only with other such products; false on overflow. It weighs an amount
// by a relative tolerance.
func (a Amount) MulValue(v Value) (Amount, bool) {
	neg := (a.hi < 0) != (v < 0)
	ua := a.Abs()
	uv := abs64(int64(v))
	// (hi·2^64 + lo) × uv
	h1, l1 := bits.Mul64(ua.lo, uv)
	h2, l2 := bits.Mul64(uint64(ua.hi), uv)
	if h2 != 0 {
		return Amount{}, false
	}
	hi, carry := bits.Add64(h1, l2, 0)
	if carry != 0 || hi > math.MaxInt64 {
		return Amount{}, false
	}
	r := Amount{hi: int64(hi), lo: l1}
	if neg {
		r = r.Neg()
	}
	return r, true
}

// QuoRem64 divides a by a positive d, truncating toward zero, and
// returns the quotient and the remainder's sign-carrying low part.
func (a Amount) QuoRem64(d int64) (Amount, int64) {
	neg := a.hi < 0
	u := a.Abs()
	ud := uint64(d)
	qhi := uint64(u.hi) / ud
	rhi := uint64(u.hi) % ud
	qlo, r := bits.Div64(rhi, u.lo, ud)
	q := Amount{hi: int64(qhi), lo: qlo}
	rem := int64(r)
	if neg {
		q, rem = q.Neg(), -rem
	}
	return q, rem
}

// Int64 returns a as an int64, and false if it does not fit.
func (a Amount) Int64() (Value, bool) {
	if (a.hi == 0 && a.lo <= math.MaxInt64) || (a.hi == -1 && a.lo > math.MaxInt64) {
		return Value(int64(a.lo)), true
	}
	return 0, false
}

// Big returns a as a big.Int (it allocates).
func (a Amount) Big() *big.Int {
	u := a.Abs()
	b := new(big.Int).SetUint64(uint64(u.hi))
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(u.lo))
	if a.hi < 0 {
		b.Neg(b)
	}
	return b
}

// Decimal returns a as an exact decimal with twelve places (it
// allocates; call it when reporting, not in the hot path).
func (a Amount) Decimal() decimal.Decimal {
	return decimal.NewFromBigInt(a.Big(), -AmountScale)
}

// FromValue returns v (scale 10^-6) as an Amount (scale 10^-12).
func FromValue(v Value) Amount { return MulValues(v, One) }

// DecimalPlaces returns a as an exact decimal with at least places and
// at most twelve decimal places: trailing zeros beyond places dropped,
// so 135 at two places reads 135.00 and 0.0075 stays 0.0075.
func (a Amount) DecimalPlaces(places int32) decimal.Decimal {
	exp := int32(-AmountScale)
	for exp < -places {
		q, r := a.QuoRem64(10)
		if r != 0 {
			break
		}
		a, exp = q, exp+1
	}
	return decimal.NewFromBigInt(a.Big(), exp)
}

// Hi returns the high 64 bits, for hashing.
func (a Amount) Hi() int64 { return a.hi }

// Lo returns the low 64 bits, for hashing.
func (a Amount) Lo() uint64 { return a.lo }

// AmountOf returns the Amount whose high and low 64 bits are hi and lo,
// as Hi and Lo return them: the inverse of the pair, for decoding.
func AmountOf(hi int64, lo uint64) Amount { return Amount{hi: hi, lo: lo} }
