package lifecycle

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// Money is an exact decimal amount in one currency.
//
// Money is an immutable value: pass it and copy it freely; it is safe for
// concurrent use. The zero value is zero in no currency; it is what an
// unset amount looks like, and [Money.IsSet] tells it apart from a real
// zero such as 0 EUR. Amounts keep every digit they were given; only
// [Money.Round] and the division methods, under an explicit [Rounding],
// drop digits.
//
// Adding, subtracting or comparing two currencies is an error wrapping
// [ErrCurrencyMismatch]; nothing is ever converted silently. Compare two
// amounts with [Money.Equal] or [Money.Cmp], not with ==, which also
// compares how many digits each was written with.
//
// In JSON, Money is {"amount":"1234.50","currency":"EUR"}, the amount a
// string so that no digit passes through a floating-point number.
type Money struct {
	amount   decimal.Decimal
	currency Currency
}

// NewMoney returns amount in currency c. An invalid currency is an error
// wrapping [ErrUnknownCurrency].
func NewMoney(amount decimal.Decimal, c Currency) (Money, error) {
	if !c.Valid() {
		return Money{}, fmt.Errorf("money %s %q: %w", amount, string(c), ErrUnknownCurrency)
	}
	return Money{amount: amount, currency: c}, nil
}

// ParseMoney parses a decimal amount such as "1234.50" or "-0.5" in the
// currency with code c.
func ParseMoney(amount, c string) (Money, error) {
	cur, err := ParseCurrency(c)
	if err != nil {
		return Money{}, fmt.Errorf("money %q %q: %w", amount, c, err)
	}
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, fmt.Errorf("money %q %s: %w", amount, cur, ErrInvalidAmount)
	}
	return Money{amount: d, currency: cur}, nil
}

// MustMoney is like [ParseMoney] but panics on error. It is meant for
// literals in tests and examples, never for data.
func MustMoney(amount, c string) Money {
	m, err := ParseMoney(amount, c)
	if err != nil {
		panic(err)
	}
	return m
}

// Zero returns zero in currency c.
func Zero(c Currency) Money {
	return Money{amount: decimal.Zero, currency: c}
}

// Amount returns the decimal amount.
func (m Money) Amount() decimal.Decimal { return m.amount }

// Currency returns the currency, or the zero Currency for unset money.
func (m Money) Currency() Currency { return m.currency }

// IsSet reports whether m has a currency, that is, whether it is an
// amount at all rather than the zero value.
func (m Money) IsSet() bool { return m.currency != "" }

// IsZero reports whether the amount is zero, in whatever currency.
func (m Money) IsZero() bool { return m.amount.IsZero() }

// Sign returns -1, 0 or +1 as the amount is negative, zero or positive.
func (m Money) Sign() int { return m.amount.Sign() }

// Neg returns the amount with its sign flipped.
func (m Money) Neg() Money { return Money{amount: m.amount.Neg(), currency: m.currency} }

// Abs returns the absolute amount.
func (m Money) Abs() Money { return Money{amount: m.amount.Abs(), currency: m.currency} }

func (m Money) same(op string, o Money) error {
	if m.currency != o.currency {
		return fmt.Errorf("%s %s and %s: %w", op, m, o, ErrCurrencyMismatch)
	}
	return nil
}

// Add returns m + o. The sum is exact; two currencies are an error.
func (m Money) Add(o Money) (Money, error) {
	if err := m.same("add", o); err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Add(o.amount), currency: m.currency}, nil
}

// Sub returns m − o. The difference is exact; two currencies are an error.
func (m Money) Sub(o Money) (Money, error) {
	if err := m.same("subtract", o); err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Sub(o.amount), currency: m.currency}, nil
}

// Cmp compares m and o: -1 if m < o, 0 if equal, +1 if m > o. Two
// currencies are an error.
func (m Money) Cmp(o Money) (int, error) {
	if err := m.same("compare", o); err != nil {
		return 0, err
	}
	return m.amount.Cmp(o.amount), nil
}

// Equal reports whether m and o are the same amount in the same currency;
// 1.5 EUR equals 1.50 EUR. Different currencies are simply not equal.
func (m Money) Equal(o Money) bool {
	return m.currency == o.currency && m.amount.Equal(o.amount)
}

// Mul returns m × f exactly.
func (m Money) Mul(f decimal.Decimal) Money {
	return Money{amount: m.amount.Mul(f), currency: m.currency}
}

// Div returns m ÷ d rounded once under r. A zero divisor is an error
// wrapping [ErrDivisionByZero].
func (m Money) Div(d decimal.Decimal, r Rounding) (Money, error) {
	q, err := r.Quo(m.amount, d)
	if err != nil {
		return Money{}, fmt.Errorf("money %s: %w", m, err)
	}
	return Money{amount: q, currency: m.currency}, nil
}

// MulDiv returns m × num ÷ den with one rounding under r: the way to take a
// share such as 17 days out of 30 without rounding twice.
func (m Money) MulDiv(num, den decimal.Decimal, r Rounding) (Money, error) {
	return m.Mul(num).Div(den, r)
}

// Round returns m rounded under r.
func (m Money) Round(r Rounding) Money {
	return Money{amount: r.Round(m.amount), currency: m.currency}
}

// String returns the amount and code, such as "1234.50 EUR", keeping the
// digits the amount has. Unset money prints as "0 (no currency)".
func (m Money) String() string {
	return formatAmount(m.amount) + " " + m.currency.String()
}

// formatAmount writes d with every digit it carries: 1234.50 stays
// "1234.50", where decimal's String would drop the trailing zero.
func formatAmount(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}

type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON encodes m as {"amount":"1234.50","currency":"EUR"}.
// Unset money encodes as null.
func (m Money) MarshalJSON() ([]byte, error) {
	if !m.IsSet() {
		return []byte("null"), nil
	}
	return json.Marshal(moneyJSON{Amount: formatAmount(m.amount), Currency: string(m.currency)})
}

// UnmarshalJSON decodes the form MarshalJSON writes; null gives unset
// money. A bad amount or currency is an error naming the value.
func (m *Money) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*m = Money{}
		return nil
	}
	var v moneyJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("money: %w", err)
	}
	parsed, err := ParseMoney(v.Amount, v.Currency)
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}
