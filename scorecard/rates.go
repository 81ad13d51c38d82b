package scorecard

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// ExchangeRates gives the rate that converts an amount in a currency, in
// a month, into the reporting currency: one unit of from is worth rate
// units of the reporting currency. ok is false when there is no rate.
// Implementations must be safe for concurrent use if partials are
// finished concurrently.
type ExchangeRates interface {
	ExchangeRate(from lifecycle.Currency, p lifecycle.Period) (rate decimal.Decimal, ok bool)
}

// RateTable is a plain table of exchange rates per currency and month.
// The zero RateTable is empty and ready; it is not safe for concurrent
// use while rates are being set, and safe once they are.
type RateTable struct {
	rates map[rateKey]decimal.Decimal
}

type rateKey struct {
	currency lifecycle.Currency
	period   lifecycle.Period
}

// Set records the rate of currency from in month p. The currency must be
// valid, the month set and the rate above zero; a rate already set for
// the month is replaced.
func (t *RateTable) Set(from lifecycle.Currency, p lifecycle.Period, rate decimal.Decimal) error {
	switch {
	case !from.Valid():
		return fmt.Errorf("scorecard: exchange rate: %w: currency %q", lifecycle.ErrUnknownCurrency, string(from))
	case p.IsZero():
		return fmt.Errorf("scorecard: exchange rate for %s: %w: no month", from, lifecycle.ErrInvalidValue)
	case rate.Sign() <= 0:
		return fmt.Errorf("scorecard: exchange rate for %s in %s: %w: %s is not above zero",
			from, p, lifecycle.ErrInvalidValue, rate)
	}
	if t.rates == nil {
		t.rates = make(map[rateKey]decimal.Decimal)
	}
	t.rates[rateKey{from, p}] = rate
	return nil
}

// SetMonths records the same rate for every month from first to last,
// both included.
func (t *RateTable) SetMonths(from lifecycle.Currency, first, last lifecycle.Period, rate decimal.Decimal) error {
	if first.IsZero() || last.Before(first) {
		return fmt.Errorf("scorecard: exchange rate for %s: %w: months %s..%s", from, lifecycle.ErrInvalidValue, first, last)
	}
	for p := first; !p.After(last); p = p.Next() {
		if err := t.Set(from, p, rate); err != nil {
			return err
		}
	}
	return nil
}

// ExchangeRate returns the rate set for from in month p.
func (t *RateTable) ExchangeRate(from lifecycle.Currency, p lifecycle.Period) (decimal.Decimal, bool) {
	r, ok := t.rates[rateKey{from, p}]
	return r, ok
}

// RateError is a currency and month with no exchange rate. It wraps
// ErrMissingRate.
type RateError struct {
	Currency lifecycle.Currency
	Period   lifecycle.Period
	Planned  bool // the planned rate was missing, not the actual one
}

func (e *RateError) Error() string {
	kind := "actual"
	if e.Planned {
		kind = "planned"
	}
	return fmt.Sprintf("scorecard: no %s exchange rate for %s in %s", kind, e.Currency, e.Period)
}

func (e *RateError) Unwrap() error { return ErrMissingRate }

// converter converts amounts into the reporting currency and collects
// every currency and month that has no rate.
type converter struct {
	to      lifecycle.Currency
	actual  ExchangeRates
	planned ExchangeRates
	missing map[RateError]bool
	// separate: planned rates were given apart from the actual ones.
	separate bool
}

func newConverter(cfg *Config) *converter {
	planned := cfg.PlannedRates
	if planned == nil {
		planned = cfg.Rates
	}
	return &converter{to: cfg.Currency, actual: cfg.Rates, planned: planned,
		missing: map[RateError]bool{}, separate: cfg.PlannedRates != nil}
}

// convert returns amount, in currency c in month p, in the reporting
// currency at the planned or the actual rate. A missing rate is recorded
// and gives zero.
func (v *converter) convert(amount decimal.Decimal, c lifecycle.Currency, p lifecycle.Period, planned bool) decimal.Decimal {
	if c == v.to || amount.IsZero() {
		return amount
	}
	rates := v.actual
	if planned {
		rates = v.planned
	}
	if rates != nil {
		if r, ok := rates.ExchangeRate(c, p); ok {
			return amount.Mul(r)
		}
	}
	v.missing[RateError{Currency: c, Period: p, Planned: planned && v.separate}] = true
	return decimal.Zero
}

// err returns the missing rates as one error, sorted by currency, month
// and kind; nil when none was missing.
func (v *converter) err() error {
	if len(v.missing) == 0 {
		return nil
	}
	list := make([]RateError, 0, len(v.missing))
	for e := range v.missing {
		list = append(list, e)
	}
	slices.SortFunc(list, func(a, b RateError) int {
		switch {
		case a.Currency != b.Currency:
			if a.Currency < b.Currency {
				return -1
			}
			return 1
		case a.Period != b.Period:
			return a.Period.Compare(b.Period)
		case a.Planned != b.Planned:
			if !a.Planned {
				return -1
			}
			return 1
		}
		return 0
	})
	errs := make([]error, len(list))
	for i := range list {
		errs[i] = &list[i]
	}
	return joinErrors(errs)
}
