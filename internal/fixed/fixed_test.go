package fixed

import (
	"math/big"
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"
)

func TestFromDecimal(t *testing.T) {
	cases := []struct {
		in   string
		want Value
		ok   bool
	}{
		{"0", 0, true}, {"1", 1_000_000, true}, {"0.72", 720_000, true},
		{"-3.5", -3_500_000, true}, {"0.000001", 1, true}, {"0.0000001", 0, false},
		{"1.5000000000", 1_500_000, true}, {"9223372036854.775807", 9223372036854775807, true},
		{"9223372036855", 0, false}, {"123456789012345678901234567890", 0, false},
		{"1e3", 1_000_000_000, true},
	}
	for _, c := range cases {
		got, ok := FromDecimal(decimal.RequireFromString(c.in))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("FromDecimal(%s) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestFromDecimalDoesNotAllocate(t *testing.T) {
	d := decimal.RequireFromString("1234.5678")
	allocs := testing.AllocsPerRun(100, func() { _, _ = FromDecimal(d) })
	if allocs != 0 {
		t.Fatalf("FromDecimal allocates %v times", allocs)
	}
}

// TestAmountMatchesBig cross-checks the 128-bit arithmetic with math/big.
func TestAmountMatchesBig(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 20000; i++ {
		a := Value(rng.Int63() >> uint(rng.Intn(63)))
		b := Value(rng.Int63() >> uint(rng.Intn(63)))
		if rng.Intn(2) == 0 {
			a = -a
		}
		if rng.Intn(2) == 0 {
			b = -b
		}
		p := MulValues(a, b)
		want := decimal.New(int64(a), -Scale).Mul(decimal.New(int64(b), -Scale))
		if !p.Decimal().Equal(want) {
			t.Fatalf("%d × %d = %s, want %s", a, b, p.Decimal(), want)
		}
		q := MulValues(b, a)
		if !p.Add(q).Decimal().Equal(want.Add(want)) || !p.Sub(q).IsZero() {
			t.Fatalf("add/sub of %s", want)
		}
		if p.Neg().Decimal().Equal(want.Neg()) == false || p.Cmp(p.Neg()) != want.Sign() {
			t.Fatalf("neg/cmp of %s", want)
		}
		d := int64(rng.Intn(1_000_000) + 1)
		quo, rem := p.QuoRem64(d)
		back := quo.Big()
		back.Mul(back, decimal.NewFromInt(d).BigInt())
		back.Add(back, decimal.NewFromInt(rem).BigInt())
		if back.Cmp(p.Big()) != 0 {
			t.Fatalf("QuoRem64(%s, %d)", p.Big(), d)
		}
		if r, ok := p.MulValue(Value(d)); ok {
			w := new(big.Int).Mul(p.Big(), big.NewInt(d))
			if r.Big().Cmp(w) != 0 {
				t.Fatalf("MulValue")
			}
		}
	}
}

func TestExactMulDiv(t *testing.T) {
	if v, ok := Value(5_000_000).MulExact(12_000_000); !ok || v != 60_000_000 {
		t.Fatal("5 × 12")
	}
	if _, ok := Value(1).MulExact(1); ok {
		t.Fatal("0.000001 × 0.000001 is not exact at six places")
	}
	if v, ok := Value(6_000_000).DivExact(12_000_000); !ok || v != 500_000 {
		t.Fatal("6 / 12")
	}
	if _, ok := Value(5_000_000).DivExact(12_000_000); ok {
		t.Fatal("5 / 12 does not terminate")
	}
	if _, ok := Value(5).DivExact(0); ok {
		t.Fatal("division by zero")
	}
}

func TestDecimalPlaces(t *testing.T) {
	cases := []struct {
		v      Amount
		places int32
		want   string
	}{
		{MulValues(750_000, 4_500_000_000), 2, "3375.00"},
		{MulValues(7_500, 1_000_000), 2, "0.0075"},
		{MulValues(-30_000, 4_500_000_000), 2, "-135.00"},
		{MulValues(1_000_000, 5_000_000), 0, "5"},
		{Amount{}, 2, "0.00"},
	}
	for _, c := range cases {
		got := c.v.DecimalPlaces(c.places)
		if got.String() != c.want && got.StringFixed(-got.Exponent()) != c.want {
			t.Errorf("DecimalPlaces(%d) = %s, want %s", c.places, got.StringFixed(-got.Exponent()), c.want)
		}
	}
}

func TestAmountOfInvertsHiLo(t *testing.T) {
	for _, a := range []Amount{{}, MulValues(12_500_000, 3_000_000), MulValues(-7, One), MulValues(-1<<62, 1<<62)} {
		b := AmountOf(a.Hi(), a.Lo())
		if b != a || b.Decimal().String() != a.Decimal().String() {
			t.Errorf("AmountOf(%d, %d) = %s, want %s", a.Hi(), a.Lo(), b.Decimal(), a.Decimal())
		}
	}
}
