package dec

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

func TestQuoMatchesExactRounding(t *testing.T) {
	modes := map[string]RoundFunc{
		"bank":  decimal.Decimal.RoundBank,
		"half":  decimal.Decimal.Round,
		"down":  decimal.Decimal.RoundDown,
		"up":    decimal.Decimal.RoundUp,
		"floor": decimal.Decimal.RoundFloor,
		"ceil":  decimal.Decimal.RoundCeil,
	}
	cases := []struct{ a, b string }{
		{"1000000", "12"}, {"-1000000", "12"}, {"1", "3"}, {"2", "3"},
		{"-2", "3"}, {"1", "8"}, {"-1", "8"}, {"5", "-2"}, {"0.125", "1"},
		{"7", "7"}, {"0", "3"}, {"123456789.123", "-0.7"}, {"1", "200"},
	}
	for _, c := range cases {
		a, b := decimal.RequireFromString(c.a), decimal.RequireFromString(c.b)
		exact := new(big.Rat).Quo(a.Rat(), b.Rat())
		for name, round := range modes {
			for places := int32(0); places <= 3; places++ {
				got, ok := Quo(a, b, places, round)
				if !ok {
					t.Fatalf("%s/%s: not ok", c.a, c.b)
				}
				// Rounding the exact rational at a generous precision
				// first is safe here: none of these quotients has a
				// digit pattern that reaches 30 places.
				want := round(decimal.NewFromBigRat(exact, 30), places)
				if !got.Equal(want) {
					t.Errorf("%s/%s %s@%d = %s, want %s", c.a, c.b, name, places, got, want)
				}
			}
		}
	}
}

func TestQuoByZero(t *testing.T) {
	if _, ok := Quo(decimal.NewFromInt(1), decimal.Zero, 2, decimal.Decimal.Round); ok {
		t.Fatal("division by zero reported ok")
	}
}
