package dec_test

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/dec"
)

// fuzzModes are the rounding functions Quo is used with, in the order of
// lifecycle.RoundingMode.
var fuzzModes = []struct {
	name  string
	round dec.RoundFunc
}{
	{"half-even", decimal.Decimal.RoundBank},
	{"half-up", decimal.Decimal.Round},
	{"down", decimal.Decimal.RoundDown},
	{"up", decimal.Decimal.RoundUp},
	{"floor", decimal.Decimal.RoundFloor},
	{"ceiling", decimal.Decimal.RoundCeil},
}

// slowRound rounds the exact rational x to places digits with integers
// only; mode indexes fuzzModes.
func slowRound(x *big.Rat, places int32, mode int) *big.Rat {
	p := int64(places)
	if p < 0 {
		p = -p
	}
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(p), nil))
	if places < 0 {
		scale.Inv(scale)
	}
	scaled := new(big.Rat).Mul(x, scale)
	num, den := scaled.Num(), scaled.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	sign := num.Sign()

	away := false
	if rem.Sign() != 0 {
		twice := new(big.Int).Lsh(new(big.Int).Abs(rem), 1)
		half := twice.Cmp(den)
		switch fuzzModes[mode].name {
		case "half-even":
			away = half > 0 || (half == 0 && q.Bit(0) == 1)
		case "half-up":
			away = half >= 0
		case "up":
			away = true
		case "floor":
			away = sign < 0
		case "ceiling":
			away = sign > 0
		}
	}
	if away {
		q.Add(q, big.NewInt(int64(sign)))
	}
	return new(big.Rat).Quo(new(big.Rat).SetInt(q), scale)
}

// FuzzQuoRounding checks Quo and MulDiv against the exact rational
// quotient rounded the slow way, for every rounding mode.
func FuzzQuoRounding(f *testing.F) {
	seeds := []struct {
		a, b   string
		places int8
	}{
		{"100", "3", 2}, {"5", "2", 0}, {"-5", "2", 0}, {"1", "8", 2},
		{"-1", "8", 2}, {"1000", "7", -2}, {"0", "3", 2}, {"1", "0", 2},
		{"123456789.123", "-0.7", 3}, {"1.0000001", "8", 2},
		{"99999999999999999999", "0.0000003", 6}, {"250", "1", -2},
	}
	for _, s := range seeds {
		f.Add(s.a, s.b, s.places)
	}
	f.Fuzz(func(t *testing.T, as, bs string, places int8) {
		a, err := decimal.NewFromString(as)
		if err != nil {
			return
		}
		b, err := decimal.NewFromString(bs)
		if err != nil {
			return
		}
		// Keep the work bounded: exponents of a few hundred already
		// cover every code path.
		if a.Exponent() < -300 || a.Exponent() > 300 ||
			b.Exponent() < -300 || b.Exponent() > 300 {
			return
		}
		p := int32(places) % 40
		for mode, m := range fuzzModes {
			got, ok := dec.Quo(a, b, p, m.round)
			if b.IsZero() {
				if ok || !got.IsZero() {
					t.Fatalf("Quo(%s, 0) = %s, %v", a, got, ok)
				}
				continue
			}
			if !ok {
				t.Fatalf("Quo(%s, %s) not ok", a, b)
			}
			want := slowRound(new(big.Rat).Quo(a.Rat(), b.Rat()), p, mode)
			if got.Rat().Cmp(want) != 0 {
				t.Fatalf("Quo(%s, %s) %s at %d = %s, want %s",
					a, b, m.name, p, got, want.RatString())
			}
			viaMulDiv, ok := dec.MulDiv(a, decimal.NewFromInt(1), b, p, m.round)
			if !ok || !viaMulDiv.Equal(got) {
				t.Fatalf("MulDiv(%s, 1, %s) %s = %s, Quo gave %s",
					a, b, m.name, viaMulDiv, got)
			}
		}
	})
}
