package lifecycle

import (
	"encoding/json"
	"fmt"
)

// AnnualRate is a run rate: an amount of savings per year, as opposed to
// a [Money] total over some stretch of time. The two are different types
// so that a rate is never added to a total by mistake; [Schedule] turns a
// rate over a [Term] into totals.
//
// AnnualRate is an immutable value like Money. Its zero value is unset.
// In JSON it is {"amount":"1200","currency":"EUR","per":"year"}.
type AnnualRate struct {
	perYear Money
}

// PerYear returns the rate for perYear a year.
func PerYear(perYear Money) AnnualRate { return AnnualRate{perYear: perYear} }

// ParseAnnualRate parses an amount per year in currency c, as
// [ParseMoney] does.
func ParseAnnualRate(amount, c string) (AnnualRate, error) {
	m, err := ParseMoney(amount, c)
	if err != nil {
		return AnnualRate{}, fmt.Errorf("annual rate: %w", err)
	}
	return AnnualRate{perYear: m}, nil
}

// MustAnnualRate is like [ParseAnnualRate] but panics on error; for
// literals in tests and examples.
func MustAnnualRate(amount, c string) AnnualRate {
	return AnnualRate{perYear: MustMoney(amount, c)}
}

// PerYear returns the amount a year.
func (r AnnualRate) PerYear() Money { return r.perYear }

// Currency returns the rate's currency.
func (r AnnualRate) Currency() Currency { return r.perYear.currency }

// IsSet reports whether the rate has a currency, that is, is not the
// zero value.
func (r AnnualRate) IsSet() bool { return r.perYear.IsSet() }

// Sign returns -1, 0 or +1 as the rate is negative, zero or positive.
func (r AnnualRate) Sign() int { return r.perYear.Sign() }

// Add returns the sum of two rates in one currency.
func (r AnnualRate) Add(o AnnualRate) (AnnualRate, error) {
	m, err := r.perYear.Add(o.perYear)
	return AnnualRate{perYear: m}, err
}

// Sub returns the difference of two rates in one currency.
func (r AnnualRate) Sub(o AnnualRate) (AnnualRate, error) {
	m, err := r.perYear.Sub(o.perYear)
	return AnnualRate{perYear: m}, err
}

// Equal reports whether two rates are the same amount per year.
func (r AnnualRate) Equal(o AnnualRate) bool { return r.perYear.Equal(o.perYear) }

// String returns the rate as "1200 EUR/year".
func (r AnnualRate) String() string { return r.perYear.String() + "/year" }

type rateJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	Per      string `json:"per"`
}

// MarshalJSON encodes the rate with "per":"year"; an unset rate as null.
func (r AnnualRate) MarshalJSON() ([]byte, error) {
	if !r.IsSet() {
		return []byte("null"), nil
	}
	return json.Marshal(rateJSON{
		Amount:   formatAmount(r.perYear.amount),
		Currency: string(r.perYear.currency),
		Per:      "year",
	})
}

// UnmarshalJSON decodes the form MarshalJSON writes. A "per" other than
// "year" is an error: a total must not be read as a rate.
func (r *AnnualRate) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = AnnualRate{}
		return nil
	}
	var v rateJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("annual rate: %w", err)
	}
	if v.Per != "year" {
		return fmt.Errorf("annual rate: per %q, want \"year\": %w", v.Per, ErrInvalidAmount)
	}
	parsed, err := ParseAnnualRate(v.Amount, v.Currency)
	if err != nil {
		return err
	}
	*r = parsed
	return nil
}

// Term is the stretch of days a saving runs over, from Start to End, both
// days included. The zero Term is unset.
type Term struct {
	Start Date `json:"start"`
	End   Date `json:"end"`
}

// IsZero reports whether t is unset.
func (t Term) IsZero() bool { return t == Term{} }

// Validate reports what is wrong with t: a missing start or end, or an
// end before the start. The error wraps [ErrInvalidDate].
func (t Term) Validate() error {
	switch {
	case t.Start.IsZero() || t.End.IsZero():
		return fmt.Errorf("term %s to %s: start and end are both needed: %w", t.Start, t.End, ErrInvalidDate)
	case t.End.Before(t.Start):
		return fmt.Errorf("term %s to %s: ends before it starts: %w", t.Start, t.End, ErrInvalidDate)
	}
	return nil
}

// Contains reports whether day d falls within the term.
func (t Term) Contains(d Date) bool { return !d.Before(t.Start) && !d.After(t.End) }

// String returns the term as "2015-07-01..2017-12-31".
func (t Term) String() string { return t.Start.String() + ".." + t.End.String() }
