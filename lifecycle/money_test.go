package lifecycle_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// moneyTestDec parses a decimal literal of a money test.
func moneyTestDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// assertMoney checks that got is want, compared by value with Equal.
func assertMoney(t *testing.T, want, got lifecycle.Money) {
	t.Helper()
	assert.Truef(t, want.Equal(got), "got %s, want %s", got, want)
}

func TestParseMoneyValid(t *testing.T) {
	tests := []struct {
		amount, currency string
		want             string // the amount, compared by value
		wantCurrency     lifecycle.Currency
	}{
		{"1234.50", "EUR", "1234.5", lifecycle.EUR},
		{"-0.5", "EUR", "-0.5", lifecycle.EUR},
		{"0", "USD", "0", lifecycle.USD},
		{"1000", "JPY", "1000", lifecycle.JPY},
		{"0.001", "KWD", "0.001", "KWD"},
		{"12.5", "eur", "12.5", lifecycle.EUR},
		{"12.5", "Gbp", "12.5", lifecycle.GBP},
		{".5", "CHF", "0.5", lifecycle.CHF},
		{"123456789012345678901234567890.123456789", "EUR",
			"123456789012345678901234567890.123456789", lifecycle.EUR},
	}
	for _, tt := range tests {
		t.Run(tt.amount+" "+tt.currency, func(t *testing.T) {
			m, err := lifecycle.ParseMoney(tt.amount, tt.currency)
			require.NoError(t, err)
			assert.Truef(t, m.Amount().Equal(moneyTestDec(tt.want)),
				"amount %s, want %s", m.Amount(), tt.want)
			assert.Equal(t, tt.wantCurrency, m.Currency())
			assert.True(t, m.IsSet())
		})
	}
}

func TestParseMoneyInvalid(t *testing.T) {
	tests := []struct {
		amount, currency string
		want             error
	}{
		{"", "EUR", lifecycle.ErrInvalidAmount},
		{"abc", "EUR", lifecycle.ErrInvalidAmount},
		{"1,50", "EUR", lifecycle.ErrInvalidAmount},
		{"1.2.3", "EUR", lifecycle.ErrInvalidAmount},
		{" 1", "EUR", lifecycle.ErrInvalidAmount},
		{"1 ", "EUR", lifecycle.ErrInvalidAmount},
		{"NaN", "EUR", lifecycle.ErrInvalidAmount},
		{"Inf", "EUR", lifecycle.ErrInvalidAmount},
		{"0x10", "EUR", lifecycle.ErrInvalidAmount},
		{"€5", "EUR", lifecycle.ErrInvalidAmount},
		{"1", "", lifecycle.ErrUnknownCurrency},
		{"1", "EURO", lifecycle.ErrUnknownCurrency},
		{"1", "EU", lifecycle.ErrUnknownCurrency},
		{"1", " EUR", lifecycle.ErrUnknownCurrency},
		{"1", "EUR ", lifecycle.ErrUnknownCurrency},
		{"1", "XXX", lifecycle.ErrUnknownCurrency}, // "no currency" code
		{"1", "XAU", lifecycle.ErrUnknownCurrency}, // gold: left out
		{"1", "DEM", lifecycle.ErrUnknownCurrency}, // withdrawn
		{"1", "€", lifecycle.ErrUnknownCurrency},
		{"abc", "XYZ", lifecycle.ErrUnknownCurrency}, // currency first
	}
	for _, tt := range tests {
		t.Run(tt.amount+" "+tt.currency, func(t *testing.T) {
			m, err := lifecycle.ParseMoney(tt.amount, tt.currency)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.amount, "message names the amount")
			assert.False(t, m.IsSet(), "a failed parse gives unset money")
		})
	}
}

func TestNewMoney(t *testing.T) {
	m, err := lifecycle.NewMoney(moneyTestDec("10.25"), lifecycle.EUR)
	require.NoError(t, err)
	assertMoney(t, lifecycle.MustMoney("10.25", "EUR"), m)

	for _, c := range []lifecycle.Currency{"", "eur", "EURO", "XXX"} {
		t.Run(string(c), func(t *testing.T) {
			_, err := lifecycle.NewMoney(moneyTestDec("1"), c)
			assert.ErrorIs(t, err, lifecycle.ErrUnknownCurrency)
		})
	}
}

func TestMustMoneyPanicsOnBadLiteral(t *testing.T) {
	assert.Panics(t, func() { lifecycle.MustMoney("x", "EUR") })
	assert.Panics(t, func() { lifecycle.MustMoney("1", "EURO") })
	assert.NotPanics(t, func() { lifecycle.MustMoney("1", "EUR") })
}

func TestMoneyMixedCurrencies(t *testing.T) {
	eur := lifecycle.MustMoney("10.5", "EUR")
	usd := lifecycle.MustMoney("3.25", "USD")
	ops := []struct {
		name string
		do   func(a, b lifecycle.Money) error
	}{
		{"add", func(a, b lifecycle.Money) error { _, err := a.Add(b); return err }},
		{"subtract", func(a, b lifecycle.Money) error { _, err := a.Sub(b); return err }},
		{"compare", func(a, b lifecycle.Money) error { _, err := a.Cmp(b); return err }},
	}
	pairs := []struct{ a, b lifecycle.Money }{
		{eur, usd},
		{usd, eur},
		{eur, lifecycle.Money{}},
		{lifecycle.Money{}, usd},
	}
	for _, op := range ops {
		for _, p := range pairs {
			t.Run(op.name+" "+p.a.String()+" and "+p.b.String(), func(t *testing.T) {
				err := op.do(p.a, p.b)
				require.Error(t, err)
				assert.ErrorIs(t, err, lifecycle.ErrCurrencyMismatch)
				assert.Contains(t, err.Error(), op.name)
				assert.Contains(t, err.Error(), p.a.String())
				assert.Contains(t, err.Error(), p.b.String())
			})
		}
	}
}

func TestMoneyMixedCurrenciesResultIsUnset(t *testing.T) {
	eur := lifecycle.MustMoney("1", "EUR")
	usd := lifecycle.MustMoney("1", "USD")
	sum, err := eur.Add(usd)
	require.Error(t, err)
	assert.False(t, sum.IsSet())
	diff, err := eur.Sub(usd)
	require.Error(t, err)
	assert.False(t, diff.IsSet())
	c, err := eur.Cmp(usd)
	require.Error(t, err)
	assert.Equal(t, 0, c)
}

func TestMoneyAddSubCmp(t *testing.T) {
	tests := []struct {
		a, b     string
		sum      string
		diff     string
		cmp      int
		currency string
	}{
		{"1.5", "1.50", "3", "0", 0, "EUR"},
		{"0.1", "0.2", "0.3", "-0.1", -1, "EUR"},
		{"100", "-100", "0", "200", 1, "USD"},
		{"-3.005", "1.005", "-2", "-4.01", -1, "KWD"},
		{"0", "0", "0", "0", 0, "JPY"},
		{"99999999999999999999.99", "0.01", "100000000000000000000",
			"99999999999999999999.98", 1, "EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.a+" and "+tt.b+" "+tt.currency, func(t *testing.T) {
			a := lifecycle.MustMoney(tt.a, tt.currency)
			b := lifecycle.MustMoney(tt.b, tt.currency)

			sum, err := a.Add(b)
			require.NoError(t, err)
			assertMoney(t, lifecycle.MustMoney(tt.sum, tt.currency), sum)

			diff, err := a.Sub(b)
			require.NoError(t, err)
			assertMoney(t, lifecycle.MustMoney(tt.diff, tt.currency), diff)

			c, err := a.Cmp(b)
			require.NoError(t, err)
			assert.Equal(t, tt.cmp, c)
			back, err := b.Cmp(a)
			require.NoError(t, err)
			assert.Equal(t, -tt.cmp, back, "Cmp is antisymmetric")
		})
	}
}

func TestMoneyEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b lifecycle.Money
		want bool
	}{
		{"1.5 EUR and 1.50 EUR", lifecycle.MustMoney("1.5", "EUR"),
			lifecycle.MustMoney("1.50", "EUR"), true},
		{"0 EUR and -0.00 EUR", lifecycle.MustMoney("0", "EUR"),
			lifecycle.MustMoney("-0.00", "EUR"), true},
		{"1.5 EUR and 1.5 USD", lifecycle.MustMoney("1.5", "EUR"),
			lifecycle.MustMoney("1.5", "USD"), false},
		{"1.5 EUR and 1.51 EUR", lifecycle.MustMoney("1.5", "EUR"),
			lifecycle.MustMoney("1.51", "EUR"), false},
		{"0 EUR and unset", lifecycle.Zero(lifecycle.EUR), lifecycle.Money{}, false},
		{"unset and unset", lifecycle.Money{}, lifecycle.Money{}, true},
		{"eur and EUR", lifecycle.MustMoney("2", "eur"),
			lifecycle.MustMoney("2", "EUR"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.a.Equal(tt.b))
			assert.Equal(t, tt.want, tt.b.Equal(tt.a), "Equal is symmetric")
		})
	}
}

func TestMoneySignNegAbsMul(t *testing.T) {
	tests := []struct {
		amount   string
		sign     int
		neg, abs string
		times    string // amount × 1.5
	}{
		{"2.40", 1, "-2.40", "2.40", "3.6"},
		{"-2.40", -1, "2.40", "2.40", "-3.6"},
		{"0", 0, "0", "0", "0"},
		{"0.001", 1, "-0.001", "0.001", "0.0015"},
	}
	for _, tt := range tests {
		t.Run(tt.amount, func(t *testing.T) {
			m := lifecycle.MustMoney(tt.amount, "EUR")
			assert.Equal(t, tt.sign, m.Sign())
			assertMoney(t, lifecycle.MustMoney(tt.neg, "EUR"), m.Neg())
			assertMoney(t, lifecycle.MustMoney(tt.abs, "EUR"), m.Abs())
			assertMoney(t, lifecycle.MustMoney(tt.times, "EUR"),
				m.Mul(moneyTestDec("1.5")))
		})
	}
}

func TestMoneyDivByZero(t *testing.T) {
	for _, amount := range []string{"100", "0", "-0.01"} {
		t.Run(amount, func(t *testing.T) {
			m := lifecycle.MustMoney(amount, "EUR")
			r := lifecycle.CurrencyRounding(lifecycle.EUR)
			var err error
			require.NotPanics(t, func() { _, err = m.Div(decimal.Zero, r) })
			assert.ErrorIs(t, err, lifecycle.ErrDivisionByZero)
			assert.Contains(t, err.Error(), amount)

			require.NotPanics(t, func() {
				_, err = m.MulDiv(moneyTestDec("17"), moneyTestDec("0.00"), r)
			})
			assert.ErrorIs(t, err, lifecycle.ErrDivisionByZero)
		})
	}
}

func TestMoneyDiv(t *testing.T) {
	tests := []struct {
		amount, by string
		mode       lifecycle.RoundingMode
		places     int32
		want       string
	}{
		{"100", "3", lifecycle.HalfEven, 2, "33.33"},
		{"200", "3", lifecycle.HalfEven, 2, "66.67"},
		{"-200", "3", lifecycle.HalfEven, 2, "-66.67"},
		{"100", "3", lifecycle.Up, 2, "33.34"},
		{"100", "3", lifecycle.Ceiling, 2, "33.34"},
		{"-100", "3", lifecycle.Ceiling, 2, "-33.33"},
		{"-100", "3", lifecycle.Floor, 2, "-33.34"},
		{"100", "-3", lifecycle.Down, 2, "-33.33"},

		// Ties: 5 / 2 = 2.5 and -5 / 2 = -2.5 at 0 places.
		{"5", "2", lifecycle.HalfEven, 0, "2"},
		{"5", "2", lifecycle.HalfUp, 0, "3"},
		{"5", "2", lifecycle.Down, 0, "2"},
		{"5", "2", lifecycle.Up, 0, "3"},
		{"5", "2", lifecycle.Floor, 0, "2"},
		{"5", "2", lifecycle.Ceiling, 0, "3"},
		{"7", "2", lifecycle.HalfEven, 0, "4"},
		{"-5", "2", lifecycle.HalfEven, 0, "-2"},
		{"-5", "2", lifecycle.HalfUp, 0, "-3"},
		{"-5", "2", lifecycle.Floor, 0, "-3"},
		{"-5", "2", lifecycle.Ceiling, 0, "-2"},
		{"-5", "2", lifecycle.Down, 0, "-2"},
		{"-5", "2", lifecycle.Up, 0, "-3"},
		{"5", "-2", lifecycle.Floor, 0, "-3"},
		{"-5", "-2", lifecycle.Floor, 0, "2"},

		// A tie at cents: 0.125 = 1 / 8.
		{"1", "8", lifecycle.HalfEven, 2, "0.12"},
		{"1", "8", lifecycle.HalfUp, 2, "0.13"},
		{"-1", "8", lifecycle.HalfEven, 2, "-0.12"},
		{"-1", "8", lifecycle.HalfUp, 2, "-0.13"},

		// Just off a tie must not be mistaken for one.
		{"1.0000001", "8", lifecycle.HalfEven, 2, "0.13"},
		{"0.9999999", "8", lifecycle.HalfUp, 2, "0.12"},

		// Exact quotients are not moved by any mode.
		{"10", "4", lifecycle.Up, 2, "2.5"},
		{"10", "4", lifecycle.Down, 2, "2.5"},
		{"0", "7", lifecycle.Up, 2, "0"},

		// Negative places round to tens and hundreds.
		{"1000", "7", lifecycle.HalfEven, -1, "140"},
		{"1000", "7", lifecycle.Up, -2, "200"},
		{"1000", "3", lifecycle.Floor, -2, "300"},
		{"1250", "1", lifecycle.HalfEven, -2, "1200"},
		{"1350", "1", lifecycle.HalfEven, -2, "1400"},

		// More places than the currency has.
		{"1", "3", lifecycle.HalfEven, 6, "0.333333"},
		{"2", "3", lifecycle.Down, 6, "0.666666"},
	}
	for _, tt := range tests {
		r := lifecycle.Rounding{Mode: tt.mode, Places: tt.places}
		t.Run(tt.amount+" by "+tt.by+" "+r.String(), func(t *testing.T) {
			m := lifecycle.MustMoney(tt.amount, "EUR")
			got, err := m.Div(moneyTestDec(tt.by), r)
			require.NoError(t, err)
			assertMoney(t, lifecycle.MustMoney(tt.want, "EUR"), got)
		})
	}
}

func TestMoneyMulDiv(t *testing.T) {
	tests := []struct {
		amount, num, den string
		mode             lifecycle.RoundingMode
		want             string
	}{
		// 17 of 30 days of 1000: 566.666... once, not twice.
		{"1000", "17", "30", lifecycle.HalfEven, "566.67"},
		{"1000", "17", "30", lifecycle.Down, "566.66"},
		{"1000", "17", "30", lifecycle.Floor, "566.66"},
		{"1000", "17", "30", lifecycle.Ceiling, "566.67"},
		{"-1000", "17", "30", lifecycle.Floor, "-566.67"},
		// 0.05 × 5 / 2 = 0.125: a tie only the exact product shows.
		{"0.05", "5", "2", lifecycle.HalfEven, "0.12"},
		{"0.05", "5", "2", lifecycle.HalfUp, "0.13"},
		// Rounding 100/3 first and then × 3 would give 99.99.
		{"100", "3", "3", lifecycle.HalfEven, "100"},
		{"100", "1", "3", lifecycle.Up, "33.34"},
	}
	for _, tt := range tests {
		r := lifecycle.Rounding{Mode: tt.mode, Places: 2}
		name := tt.amount + " times " + tt.num + " over " + tt.den + " " + tt.mode.String()
		t.Run(name, func(t *testing.T) {
			m := lifecycle.MustMoney(tt.amount, "USD")
			got, err := m.MulDiv(moneyTestDec(tt.num), moneyTestDec(tt.den), r)
			require.NoError(t, err)
			assertMoney(t, lifecycle.MustMoney(tt.want, "USD"), got)
		})
	}
}

func TestMoneyRound(t *testing.T) {
	tests := []struct {
		amount string
		mode   lifecycle.RoundingMode
		places int32
		want   string
	}{
		{"2.5", lifecycle.HalfEven, 0, "2"},
		{"3.5", lifecycle.HalfEven, 0, "4"},
		{"2.5", lifecycle.HalfUp, 0, "3"},
		{"-2.5", lifecycle.HalfEven, 0, "-2"},
		{"-2.5", lifecycle.HalfUp, 0, "-3"},
		{"-2.5", lifecycle.Floor, 0, "-3"},
		{"-2.5", lifecycle.Ceiling, 0, "-2"},
		{"-2.5", lifecycle.Down, 0, "-2"},
		{"-2.5", lifecycle.Up, 0, "-3"},
		{"2.5", lifecycle.Floor, 0, "2"},
		{"2.5", lifecycle.Ceiling, 0, "3"},
		{"2.5", lifecycle.Down, 0, "2"},
		{"2.5", lifecycle.Up, 0, "3"},
		{"1.005", lifecycle.HalfEven, 2, "1"},
		{"1.015", lifecycle.HalfEven, 2, "1.02"},
		{"1.005", lifecycle.HalfUp, 2, "1.01"},
		{"1.001", lifecycle.Up, 2, "1.01"},
		{"-1.001", lifecycle.Up, 2, "-1.01"},
		{"1.009", lifecycle.Down, 2, "1"},
		{"1.25", lifecycle.HalfEven, 5, "1.25"},
		{"1234.5", lifecycle.HalfEven, -2, "1200"},
		{"1250", lifecycle.HalfEven, -2, "1200"},
		{"1250", lifecycle.HalfUp, -2, "1300"},
		{"0", lifecycle.Up, 2, "0"},
	}
	for _, tt := range tests {
		r := lifecycle.Rounding{Mode: tt.mode, Places: tt.places}
		t.Run(tt.amount+" "+r.String(), func(t *testing.T) {
			got := lifecycle.MustMoney(tt.amount, "EUR").Round(r)
			assertMoney(t, lifecycle.MustMoney(tt.want, "EUR"), got)
		})
	}
}

func TestMoneyZeroValue(t *testing.T) {
	tests := []struct {
		name   string
		m      lifecycle.Money
		isSet  bool
		isZero bool
	}{
		{"unset", lifecycle.Money{}, false, true},
		{"0 EUR", lifecycle.Zero(lifecycle.EUR), true, true},
		{"0.00 USD", lifecycle.MustMoney("0.00", "USD"), true, true},
		{"0.01 EUR", lifecycle.MustMoney("0.01", "EUR"), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.isSet, tt.m.IsSet())
			assert.Equal(t, tt.isZero, tt.m.IsZero())
		})
	}
	var unset lifecycle.Money
	assert.Equal(t, lifecycle.Currency(""), unset.Currency())
	assert.True(t, unset.Amount().IsZero())
	assert.Equal(t, 0, unset.Sign())
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		m    lifecycle.Money
		want string
	}{
		{lifecycle.MustMoney("1234.50", "EUR"), "1234.50 EUR"},
		{lifecycle.MustMoney("1234.5", "EUR"), "1234.5 EUR"},
		{lifecycle.MustMoney("-0.5", "usd"), "-0.5 USD"},
		{lifecycle.MustMoney("1000", "JPY"), "1000 JPY"},
		{lifecycle.MustMoney("0.000", "KWD"), "0.000 KWD"},
		{lifecycle.Money{}, "0 (no currency)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.m.String())
		})
	}
}

func TestMoneyJSONForm(t *testing.T) {
	tests := []struct {
		m    lifecycle.Money
		want string
	}{
		{lifecycle.MustMoney("1234.50", "EUR"),
			`{"amount":"1234.50","currency":"EUR"}`},
		{lifecycle.MustMoney("1234.5", "EUR"),
			`{"amount":"1234.5","currency":"EUR"}`},
		{lifecycle.MustMoney("-7", "jpy"), `{"amount":"-7","currency":"JPY"}`},
		{lifecycle.MustMoney("0.100", "KWD"), `{"amount":"0.100","currency":"KWD"}`},
		{lifecycle.Money{}, `null`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			b, err := json.Marshal(tt.m)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
		})
	}
}

func TestMoneyJSONRoundTrip(t *testing.T) {
	type line struct {
		Saving lifecycle.Money  `json:"saving"`
		Cap    *lifecycle.Money `json:"cap,omitempty"`
	}
	for _, amount := range []string{"1234.50", "-0.5", "0", "1e3", "0.0001",
		"123456789012345678901234567890.000000001"} {
		t.Run(amount, func(t *testing.T) {
			in := line{Saving: lifecycle.MustMoney(amount, "EUR")}
			b, err := json.Marshal(in)
			require.NoError(t, err)
			var out line
			require.NoError(t, json.Unmarshal(b, &out))
			assertMoney(t, in.Saving, out.Saving)
			assert.Nil(t, out.Cap)
		})
	}
}

func TestMoneyUnmarshalJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    lifecycle.Money
		wantErr error // nil: no error; errAny: some error
	}{
		{`{"amount":"1234.50","currency":"EUR"}`, lifecycle.MustMoney("1234.5", "EUR"), nil},
		{`{"currency":"eur","amount":"1"}`, lifecycle.MustMoney("1", "EUR"), nil},
		{` { "amount" : "2" , "currency" : "USD" } `, lifecycle.MustMoney("2", "USD"), nil},
		{`null`, lifecycle.Money{}, nil},
		{` null `, lifecycle.Money{}, nil},
		{`{"amount":"x","currency":"EUR"}`, lifecycle.Money{}, lifecycle.ErrInvalidAmount},
		{`{"amount":"","currency":"EUR"}`, lifecycle.Money{}, lifecycle.ErrInvalidAmount},
		{`{"currency":"EUR"}`, lifecycle.Money{}, lifecycle.ErrInvalidAmount},
		{`{"amount":"1","currency":"EURO"}`, lifecycle.Money{}, lifecycle.ErrUnknownCurrency},
		{`{"amount":"1","currency":""}`, lifecycle.Money{}, lifecycle.ErrUnknownCurrency},
		{`{"amount":"1"}`, lifecycle.Money{}, lifecycle.ErrUnknownCurrency},
		{`{}`, lifecycle.Money{}, lifecycle.ErrUnknownCurrency},
		{`{"amount":1234.5,"currency":"EUR"}`, lifecycle.Money{}, errMoneyTestAny},
		{`{"amount":"1","currency":7}`, lifecycle.Money{}, errMoneyTestAny},
		{`"1234.50 EUR"`, lifecycle.Money{}, errMoneyTestAny},
		{`[1,2]`, lifecycle.Money{}, errMoneyTestAny},
		{`{"amount":"1",`, lifecycle.Money{}, errMoneyTestAny},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			m := lifecycle.MustMoney("99", "GBP") // overwritten or kept
			err := m.UnmarshalJSON([]byte(tt.in))
			switch tt.wantErr {
			case nil:
				require.NoError(t, err)
				assertMoney(t, tt.want, m)
			case errMoneyTestAny:
				require.Error(t, err)
			default:
				require.ErrorIs(t, err, tt.wantErr)
			}
			if tt.wantErr != nil {
				assertMoney(t, lifecycle.MustMoney("99", "GBP"), m)
			}
		})
	}
}

// errMoneyTestAny stands for "some error" in a table of money tests.
var errMoneyTestAny = errors.New("any error")

func TestMoneyUnmarshalJSONErrorNamesValue(t *testing.T) {
	var m lifecycle.Money
	err := json.Unmarshal([]byte(`{"amount":"12,5","currency":"EUR"}`), &m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "12,5")

	err = json.Unmarshal([]byte(`{"amount":"12.5","currency":"ZZZ"}`), &m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ZZZ")
}

func TestParseCurrency(t *testing.T) {
	tests := []struct {
		in   string
		want lifecycle.Currency
		ok   bool
	}{
		{"EUR", lifecycle.EUR, true},
		{"eur", lifecycle.EUR, true},
		{"eUr", lifecycle.EUR, true},
		{"USD", lifecycle.USD, true},
		{"GBP", lifecycle.GBP, true},
		{"JPY", lifecycle.JPY, true},
		{"CHF", lifecycle.CHF, true},
		{"KWD", "KWD", true},
		{"CLF", "CLF", true},
		{"", "", false},
		{"EURO", "", false},
		{"EU", "", false},
		{"XXX", "", false},
		{"XAU", "", false},
		{" EUR", "", false},
		{"EUR\n", "", false},
		{"E U", "", false},
		{"123", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := lifecycle.ParseCurrency(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, lifecycle.ErrUnknownCurrency)
				assert.Contains(t, err.Error(), strconv.Quote(tt.in))
				assert.Equal(t, lifecycle.Currency(""), got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, got.Valid())
		})
	}
}

func TestCurrencyMinorUnits(t *testing.T) {
	tests := []struct {
		c     lifecycle.Currency
		units int32
		ok    bool
	}{
		{lifecycle.EUR, 2, true},
		{lifecycle.USD, 2, true},
		{lifecycle.GBP, 2, true},
		{lifecycle.CHF, 2, true},
		{lifecycle.JPY, 0, true},
		{"KRW", 0, true},
		{"ISK", 0, true},
		{"KWD", 3, true},
		{"BHD", 3, true},
		{"TND", 3, true},
		{"CLF", 4, true},
		{"", 0, false},
		{"eur", 0, false}, // not parsed: not a code
		{"XXX", 0, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.c), func(t *testing.T) {
			units, ok := tt.c.MinorUnits()
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.units, units)
			assert.Equal(t, tt.ok, tt.c.Valid())
		})
	}
}

func TestCurrencyRounding(t *testing.T) {
	tests := []struct {
		c    lifecycle.Currency
		want lifecycle.Rounding
	}{
		{lifecycle.EUR, lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 2}},
		{lifecycle.JPY, lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 0}},
		{"KWD", lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 3}},
		{"CLF", lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 4}},
		{"", lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 2}},
		{"XYZ", lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 2}},
	}
	for _, tt := range tests {
		t.Run(string(tt.c), func(t *testing.T) {
			assert.Equal(t, tt.want, lifecycle.CurrencyRounding(tt.c))
		})
	}
}

func TestCurrencyString(t *testing.T) {
	assert.Equal(t, "EUR", lifecycle.EUR.String())
	assert.Equal(t, "(no currency)", lifecycle.Currency("").String())
}

func TestAnnualRateParse(t *testing.T) {
	r, err := lifecycle.ParseAnnualRate("1200", "eur")
	require.NoError(t, err)
	assertMoney(t, lifecycle.MustMoney("1200", "EUR"), r.PerYear())
	assert.Equal(t, lifecycle.EUR, r.Currency())
	assert.True(t, r.IsSet())
	assert.Equal(t, 1, r.Sign())
	assert.True(t, r.Equal(lifecycle.PerYear(lifecycle.MustMoney("1200.00", "EUR"))))

	for _, in := range [][2]string{{"x", "EUR"}, {"1", "EURO"}, {"", ""}} {
		t.Run(in[0]+" "+in[1], func(t *testing.T) {
			_, err := lifecycle.ParseAnnualRate(in[0], in[1])
			require.Error(t, err)
			assert.True(t, errors.Is(err, lifecycle.ErrInvalidAmount) ||
				errors.Is(err, lifecycle.ErrUnknownCurrency))
			assert.Contains(t, err.Error(), "annual rate")
		})
	}
	assert.Panics(t, func() { lifecycle.MustAnnualRate("x", "EUR") })
}

func TestAnnualRateAddSub(t *testing.T) {
	a := lifecycle.MustAnnualRate("1200", "EUR")
	b := lifecycle.MustAnnualRate("300.50", "EUR")
	sum, err := a.Add(b)
	require.NoError(t, err)
	assert.True(t, sum.Equal(lifecycle.MustAnnualRate("1500.5", "EUR")), "%s", sum)
	diff, err := a.Sub(b)
	require.NoError(t, err)
	assert.True(t, diff.Equal(lifecycle.MustAnnualRate("899.5", "EUR")), "%s", diff)

	usd := lifecycle.MustAnnualRate("10", "USD")
	for name, op := range map[string]func(lifecycle.AnnualRate) (lifecycle.AnnualRate, error){
		"add": a.Add, "subtract": a.Sub,
	} {
		t.Run(name+" 10 USD", func(t *testing.T) {
			got, err := op(usd)
			require.ErrorIs(t, err, lifecycle.ErrCurrencyMismatch)
			assert.Contains(t, err.Error(), "1200 EUR")
			assert.Contains(t, err.Error(), "10 USD")
			assert.False(t, got.IsSet())
		})
	}
}

func TestAnnualRateString(t *testing.T) {
	assert.Equal(t, "1200 EUR/year", lifecycle.MustAnnualRate("1200", "EUR").String())
	assert.Equal(t, "-5.5 USD/year", lifecycle.MustAnnualRate("-5.5", "USD").String())
	var unset lifecycle.AnnualRate
	assert.False(t, unset.IsSet())
	assert.Equal(t, 0, unset.Sign())
}

func TestAnnualRateJSON(t *testing.T) {
	r := lifecycle.MustAnnualRate("1200", "EUR")
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, `{"amount":"1200","currency":"EUR","per":"year"}`, string(b))

	var back lifecycle.AnnualRate
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.Equal(r), "%s", back)

	b, err = json.Marshal(lifecycle.AnnualRate{})
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))

	type plan struct {
		Rate lifecycle.AnnualRate `json:"rate"`
	}
	var p plan
	p.Rate = r
	require.NoError(t, json.Unmarshal([]byte(`{"rate":null}`), &p))
	assert.False(t, p.Rate.IsSet(), "null gives an unset rate")

	for _, in := range []string{"1200.50", "-1", "0", "0.000001"} {
		t.Run("round trip "+in, func(t *testing.T) {
			in := plan{Rate: lifecycle.MustAnnualRate(in, "USD")}
			b, err := json.Marshal(in)
			require.NoError(t, err)
			var out plan
			require.NoError(t, json.Unmarshal(b, &out))
			assert.True(t, in.Rate.Equal(out.Rate), "%s != %s", out.Rate, in.Rate)
		})
	}
}

func TestAnnualRateUnmarshalJSONRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{`{"amount":"100","currency":"EUR","per":"month"}`, lifecycle.ErrInvalidAmount},
		{`{"amount":"100","currency":"EUR","per":"Year"}`, lifecycle.ErrInvalidAmount},
		{`{"amount":"100","currency":"EUR"}`, lifecycle.ErrInvalidAmount},
		{`{"amount":"x","currency":"EUR","per":"year"}`, lifecycle.ErrInvalidAmount},
		{`{"amount":"1","currency":"EURO","per":"year"}`, lifecycle.ErrUnknownCurrency},
		{`{"amount":1,"currency":"EUR","per":"year"}`, errMoneyTestAny},
		{`"1200 EUR/year"`, errMoneyTestAny},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var r lifecycle.AnnualRate
			err := json.Unmarshal([]byte(tt.in), &r)
			require.Error(t, err)
			if tt.want != errMoneyTestAny {
				assert.ErrorIs(t, err, tt.want)
			}
			assert.Contains(t, err.Error(), "annual rate")
			assert.False(t, r.IsSet())
		})
	}
	var r lifecycle.AnnualRate
	err := json.Unmarshal([]byte(`{"amount":"1","currency":"EUR","per":"month"}`), &r)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"month"`)
}

func TestTermValidate(t *testing.T) {
	d := func(s string) lifecycle.Date {
		if s == "" {
			return lifecycle.Date{}
		}
		date, err := lifecycle.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return date
	}
	tests := []struct {
		start, end string
		ok         bool
		mention    string
	}{
		{"2015-07-01", "2017-12-31", true, ""},
		{"2024-02-29", "2024-02-29", true, ""},
		{"", "2017-12-31", false, "start and end"},
		{"2015-07-01", "", false, "start and end"},
		{"", "", false, "start and end"},
		{"2017-12-31", "2015-07-01", false, "ends before it starts"},
		{"2024-03-01", "2024-02-29", false, "ends before it starts"},
	}
	for _, tt := range tests {
		t.Run(tt.start+".."+tt.end, func(t *testing.T) {
			term := lifecycle.Term{Start: d(tt.start), End: d(tt.end)}
			err := term.Validate()
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
			assert.Contains(t, err.Error(), tt.mention)
			assert.Contains(t, err.Error(), term.Start.String())
			assert.Contains(t, err.Error(), term.End.String())
		})
	}
}

func TestTermContains(t *testing.T) {
	term := lifecycle.Term{
		Start: lifecycle.MustDate(2015, 7, 1),
		End:   lifecycle.MustDate(2017, 12, 31),
	}
	tests := []struct {
		day  lifecycle.Date
		want bool
	}{
		{lifecycle.MustDate(2015, 6, 30), false},
		{lifecycle.MustDate(2015, 7, 1), true},
		{lifecycle.MustDate(2016, 2, 29), true},
		{lifecycle.MustDate(2017, 12, 31), true},
		{lifecycle.MustDate(2018, 1, 1), false},
		{lifecycle.Date{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.day.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, term.Contains(tt.day))
		})
	}
}

func TestTermStringAndZero(t *testing.T) {
	term := lifecycle.Term{
		Start: lifecycle.MustDate(2015, 7, 1),
		End:   lifecycle.MustDate(2017, 12, 31),
	}
	assert.Equal(t, "2015-07-01..2017-12-31", term.String())
	assert.False(t, term.IsZero())
	assert.True(t, lifecycle.Term{}.IsZero())
	assert.Equal(t, "0000-00-00..0000-00-00", lifecycle.Term{}.String())

	b, err := json.Marshal(term)
	require.NoError(t, err)
	assert.Equal(t, `{"start":"2015-07-01","end":"2017-12-31"}`, string(b))
	var back lifecycle.Term
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, term, back)
}

// FuzzParseMoney checks that ParseMoney never panics and that whatever it
// accepts survives a JSON round trip with an equal value.
func FuzzParseMoney(f *testing.F) {
	for _, seed := range [][2]string{
		{"1234.50", "EUR"}, {"-0.5", "eur"}, {"0", "JPY"}, {"1e3", "USD"},
		{".5", "KWD"}, {"", ""}, {"abc", "EURO"}, {"1.2.3", "XXX"},
		{"1e-10000", "EUR"}, {"-0", "CHF"}, {"\u22121", "GBP"},
		{"99999999999999999999999.999999999999", "CLF"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, amount, currency string) {
		m, err := lifecycle.ParseMoney(amount, currency)
		if err != nil {
			if !errors.Is(err, lifecycle.ErrInvalidAmount) &&
				!errors.Is(err, lifecycle.ErrUnknownCurrency) {
				t.Fatalf("ParseMoney(%q, %q): undocumented error %v", amount, currency, err)
			}
			return
		}
		if !m.IsSet() || m.Currency() != lifecycle.Currency(strings.ToUpper(currency)) {
			t.Fatalf("ParseMoney(%q, %q) = %s", amount, currency, m)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("marshal %s: %v", m, err)
		}
		var back lifecycle.Money
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("unmarshal %s: %v", b, err)
		}
		if !back.Equal(m) {
			t.Fatalf("round trip of %s gave %s via %s", m, back, b)
		}
	})
}
