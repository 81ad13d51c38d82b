package lifecycle_test

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// roundingTestModes lists every rounding mode the package defines.
var roundingTestModes = []lifecycle.RoundingMode{
	lifecycle.HalfEven, lifecycle.HalfUp, lifecycle.Down,
	lifecycle.Up, lifecycle.Floor, lifecycle.Ceiling,
}

func TestRoundingModeString(t *testing.T) {
	tests := []struct {
		m    lifecycle.RoundingMode
		want string
	}{
		{lifecycle.HalfEven, "half-even"},
		{lifecycle.HalfUp, "half-up"},
		{lifecycle.Down, "down"},
		{lifecycle.Up, "up"},
		{lifecycle.Floor, "floor"},
		{lifecycle.Ceiling, "ceiling"},
		{lifecycle.RoundingMode(6), "RoundingMode(6)"},
		{lifecycle.RoundingMode(9), "RoundingMode(9)"},
		{lifecycle.RoundingMode(255), "RoundingMode(255)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.m.String())
		})
	}
}

func TestRoundingZeroValue(t *testing.T) {
	var r lifecycle.Rounding
	assert.Equal(t, lifecycle.HalfEven, r.Mode)
	assert.Equal(t, int32(0), r.Places)
	assert.True(t, r.Round(decimal.RequireFromString("2.5")).Equal(decimal.NewFromInt(2)))
	assert.True(t, r.Round(decimal.RequireFromString("3.5")).Equal(decimal.NewFromInt(4)))
}

func TestRoundingString(t *testing.T) {
	tests := []struct {
		r    lifecycle.Rounding
		want string
	}{
		{lifecycle.Rounding{}, "half-even to 0 places"},
		{lifecycle.CurrencyRounding(lifecycle.EUR), "half-even to 2 places"},
		{lifecycle.Rounding{Mode: lifecycle.Floor, Places: 3}, "floor to 3 places"},
		{lifecycle.Rounding{Mode: lifecycle.Up, Places: -2}, "up to -2 places"},
		{lifecycle.Rounding{Mode: 9, Places: 1}, "RoundingMode(9) to 1 places"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.r.String())
		})
	}
}

func TestRoundingBadModeRoundsHalfEven(t *testing.T) {
	// A mode outside the list is not a panic; it rounds as the default.
	r := lifecycle.Rounding{Mode: 9, Places: 0}
	for _, in := range []string{"2.5", "3.5", "-2.5"} {
		t.Run(in, func(t *testing.T) {
			d := decimal.RequireFromString(in)
			want := lifecycle.Rounding{Places: 0}.Round(d)
			assert.True(t, r.Round(d).Equal(want))
		})
	}
}

func TestRoundingQuoByZero(t *testing.T) {
	for _, mode := range roundingTestModes {
		r := lifecycle.Rounding{Mode: mode, Places: 2}
		t.Run(r.String(), func(t *testing.T) {
			var err error
			require.NotPanics(t, func() {
				_, err = r.Quo(decimal.NewFromInt(7), decimal.RequireFromString("0.000"))
			})
			assert.ErrorIs(t, err, lifecycle.ErrDivisionByZero)
			assert.Contains(t, err.Error(), "7")
		})
	}
}

// roundingTestSlow rounds the exact rational x to places digits under mode
// the long way, with integers only: scale, split into quotient and
// remainder, and decide from the remainder.
func roundingTestSlow(x *big.Rat, places int32, mode lifecycle.RoundingMode) *big.Rat {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10),
		big.NewInt(int64(roundingTestAbs(places))), nil))
	if places < 0 {
		scale.Inv(scale)
	}
	scaled := new(big.Rat).Mul(x, scale)
	num, den := scaled.Num(), scaled.Denom() // den > 0
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	sign := num.Sign()

	away := false // whether to move q one step away from zero
	if rem.Sign() != 0 {
		twice := new(big.Int).Abs(rem)
		twice.Lsh(twice, 1)
		half := twice.Cmp(den) // -1 below the midpoint, 0 at, +1 above
		switch mode {
		case lifecycle.Down:
		case lifecycle.Up:
			away = true
		case lifecycle.Floor:
			away = sign < 0
		case lifecycle.Ceiling:
			away = sign > 0
		case lifecycle.HalfUp:
			away = half >= 0
		case lifecycle.HalfEven:
			away = half > 0 || (half == 0 && q.Bit(0) == 1)
		}
	}
	if away {
		q.Add(q, big.NewInt(int64(sign)))
	}
	return new(big.Rat).Quo(new(big.Rat).SetInt(q), scale)
}

func roundingTestAbs(n int32) int32 {
	if n < 0 {
		return -n
	}
	return n
}

// roundingTestRandomDecimal returns a decimal of up to 24 digits with an
// exponent from -8 to 3, negative about half the time.
func roundingTestRandomDecimal(rng *rand.Rand) decimal.Decimal {
	digits := 1 + rng.IntN(24)
	coef := new(big.Int)
	for range digits {
		coef.Mul(coef, big.NewInt(10))
		coef.Add(coef, big.NewInt(int64(rng.IntN(10))))
	}
	if rng.IntN(2) == 0 {
		coef.Neg(coef)
	}
	return decimal.NewFromBigInt(coef, int32(rng.IntN(12)-8))
}

func TestRoundingQuoMatchesExactRational(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240229, 7))
	const pairs = 3000
	checked := 0
	for i := range pairs {
		a := roundingTestRandomDecimal(rng)
		b := roundingTestRandomDecimal(rng)
		if i%10 == 0 {
			// Small divisors make ties and near-ties common.
			b = decimal.NewFromInt(int64(rng.IntN(16) + 1))
			if rng.IntN(2) == 0 {
				b = b.Neg()
			}
		}
		if b.IsZero() {
			continue
		}
		exact := new(big.Rat).Quo(a.Rat(), b.Rat())
		for _, mode := range roundingTestModes {
			r := lifecycle.Rounding{Mode: mode, Places: int32(rng.IntN(11) - 3)}
			got, err := r.Quo(a, b)
			require.NoError(t, err)
			want := roundingTestSlow(exact, r.Places, mode)
			if got.Rat().Cmp(want) != 0 {
				t.Errorf("%s / %s %s = %s, want %s",
					a, b, r, got, want.FloatString(int(max(r.Places, 0))))
			}
			checked++
		}
	}
	t.Logf("checked %d quotients", checked)
}

func TestRoundingRoundMatchesExactRational(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		d := roundingTestRandomDecimal(rng)
		for _, mode := range roundingTestModes {
			r := lifecycle.Rounding{Mode: mode, Places: int32(rng.IntN(11) - 3)}
			got := r.Round(d)
			want := roundingTestSlow(d.Rat(), r.Places, mode)
			if got.Rat().Cmp(want) != 0 {
				t.Errorf("round %s %s = %s, want %s", d, r, got, want.RatString())
			}
		}
	}
}

func TestRoundingQuoTies(t *testing.T) {
	// Each row is a quotient exactly halfway between two steps.
	tests := []struct {
		a, b   string
		places int32
		want   map[lifecycle.RoundingMode]string
	}{
		{"5", "2", 0, map[lifecycle.RoundingMode]string{
			lifecycle.HalfEven: "2", lifecycle.HalfUp: "3", lifecycle.Down: "2",
			lifecycle.Up: "3", lifecycle.Floor: "2", lifecycle.Ceiling: "3"}},
		{"-5", "2", 0, map[lifecycle.RoundingMode]string{
			lifecycle.HalfEven: "-2", lifecycle.HalfUp: "-3", lifecycle.Down: "-2",
			lifecycle.Up: "-3", lifecycle.Floor: "-3", lifecycle.Ceiling: "-2"}},
		{"7", "-2", 0, map[lifecycle.RoundingMode]string{
			lifecycle.HalfEven: "-4", lifecycle.HalfUp: "-4", lifecycle.Down: "-3",
			lifecycle.Up: "-4", lifecycle.Floor: "-4", lifecycle.Ceiling: "-3"}},
		{"0.25", "2", 2, map[lifecycle.RoundingMode]string{
			lifecycle.HalfEven: "0.12", lifecycle.HalfUp: "0.13", lifecycle.Down: "0.12",
			lifecycle.Up: "0.13", lifecycle.Floor: "0.12", lifecycle.Ceiling: "0.13"}},
		{"250", "1", -2, map[lifecycle.RoundingMode]string{
			lifecycle.HalfEven: "200", lifecycle.HalfUp: "300", lifecycle.Down: "200",
			lifecycle.Up: "300", lifecycle.Floor: "200", lifecycle.Ceiling: "300"}},
	}
	for _, tt := range tests {
		for _, mode := range roundingTestModes {
			r := lifecycle.Rounding{Mode: mode, Places: tt.places}
			t.Run(fmt.Sprintf("%s by %s %s", tt.a, tt.b, r), func(t *testing.T) {
				got, err := r.Quo(decimal.RequireFromString(tt.a), decimal.RequireFromString(tt.b))
				require.NoError(t, err)
				want := decimal.RequireFromString(tt.want[mode])
				assert.Truef(t, got.Equal(want), "got %s, want %s", got, want)
			})
		}
	}
}

func TestRoundingQuoPlacesOutOfRange(t *testing.T) {
	for _, places := range []int32{65, -65, math.MaxInt32, math.MinInt32} {
		r := lifecycle.Rounding{Places: places}
		_, err := r.Quo(decimal.NewFromInt(1), decimal.NewFromInt(3))
		require.ErrorIs(t, err, lifecycle.ErrInvalidValue, "places %d", places)
	}
	got, err := lifecycle.Rounding{Places: 64}.Quo(decimal.NewFromInt(1), decimal.NewFromInt(3))
	require.NoError(t, err)
	assert.Equal(t, int32(-64), got.Exponent())
}
