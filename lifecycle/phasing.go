package lifecycle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// Phasing works in whole days of calendar months. A month's share of a
// year is (days of the term in the month) / (12 × days in the month).
// Every such share is a whole number of 1/yearShares, because
// monthShares is divisible by 28, 29, 30 and 31; so cumulative shares
// add up as integers with no rounding at all.
const (
	monthShares = 377580           // lcm(28, 29, 30, 31)
	yearShares  = 12 * monthShares // 4530960
)

// Schedule is a phasing: how much of a saving falls in each calendar
// month. It is what turns a committed annual rate, or a caller's own
// seasonal or stepped plan, into in-year, annualised, contract-life and
// due-by-date figures.
//
// A Schedule holds one currency, one amount per [Period] in ascending
// order with no period twice, and their total, which is their exact sum:
// the parts of a schedule always add up to its total. A schedule made
// by [PhaseAnnual] also remembers the rate it was phased from, which
// [Schedule.Annualised] returns.
//
// Schedule is an immutable value: no method changes it, [Schedule.Parts]
// returns a copy, and it is safe for concurrent use. Pass it by value.
// The zero value is the empty schedule in no currency: nothing phased,
// every figure zero in no currency (unset [Money]).
//
// Compare two schedules with [Schedule.Equal], not == (which does not
// compile, as the parts are a slice). In JSON a schedule is
// {"currency":"EUR","parts":[{"period":"2025-01","amount":{...}}]},
// with "annualRate" added when it was phased from a rate.
type Schedule struct {
	currency Currency
	parts    []PeriodAmount // ascending, unique periods; never shared
	total    Money
	rate     AnnualRate // set only when phased from an annual rate
}

// PeriodAmount is one part of a [Schedule]: the amount that falls in one
// calendar month.
type PeriodAmount struct {
	Period Period `json:"period"`
	Amount Money  `json:"amount"`
}

// PeriodWeight is one month's weight in [AllocateSchedule]: a month with
// twice the weight of another gets twice its share of the total.
type PeriodWeight struct {
	Period Period          `json:"period"`
	Weight decimal.Decimal `json:"weight"`
}

// PhaseAnnual spreads an annual run rate over a term by calendar month.
// Both of the term's days count. A month the term covers wholly gets one
// twelfth of the rate; a month it covers in part gets one twelfth times
// the share of that month's days it covers, so 10 days of a 31-day month
// get rate × 10 / (12 × 31).
//
// Rounding happens once per month on the running total, never on the
// parts: month i's part is the cumulative exact amount up to the end of
// month i, rounded under r, minus the same up to month i−1. The parts
// therefore add up exactly to the rounded total of the whole term, each
// running total is within one rounding step of the exact one, and no
// part differs from its exact share by more than one step.
// So a full month gets exactly rate/12 when r can write it; when it
// cannot (1,000,000 / 12 in cents), full months differ from one another
// by one step at most (83333.33, 83333.34, 83333.33).
//
// Because months are weighed by their own length, a twelve-month term
// that starts mid-month does not total exactly the annual rate: the
// short first and last months are shares of months of different
// lengths. A term of whole months totals rate × months / 12.
//
// A negative rate (a price rise, negative savings) phases the same way,
// into negative parts; a zero rate gives a schedule of zeros. The rate
// must have a valid currency (else an error wrapping
// [ErrUnknownCurrency]) and the term must pass [Term.Validate] (else an
// error wrapping [ErrInvalidDate]); every problem is reported.
func PhaseAnnual(rate AnnualRate, term Term, r Rounding) (Schedule, error) {
	var errs []error
	if !rate.Currency().Valid() {
		errs = append(errs, fmt.Errorf("phase %s: rate needs a currency: %w",
			rate, ErrUnknownCurrency))
	}
	if err := term.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("phase %s: %w", rate, err))
	}
	if len(errs) > 0 {
		return Schedule{}, errors.Join(errs...)
	}

	first, last := term.Start.Period(), term.End.Period()
	parts := make([]PeriodAmount, 0, first.MonthsUntil(last)+1)
	den := decimal.NewFromInt(yearShares)
	var shares int64
	done := Zero(rate.Currency())
	for p := first; !p.After(last); p = p.Next() {
		shares += termShares(term, p)
		upTo, err := rate.PerYear().MulDiv(decimal.NewFromInt(shares), den, r)
		if err != nil {
			return Schedule{}, fmt.Errorf("phase %s over %s: %w",
				rate, term, err)
		}
		parts = append(parts,
			PeriodAmount{Period: p, Amount: since(upTo, done)})
		done = upTo
	}
	return Schedule{
		currency: rate.Currency(),
		parts:    parts,
		total:    done,
		rate:     rate,
	}, nil
}

// since returns the part that falls between two running totals in one
// currency: upTo − done. Parts taken this way add up exactly to the last
// running total, whatever rounding each running total had.
func since(upTo, done Money) Money {
	return Money{amount: upTo.amount.Sub(done.amount), currency: upTo.currency}
}

// termShares returns the share of a year that term covers in month p,
// in units of 1/yearShares.
func termShares(term Term, p Period) int64 {
	from, to := p.First(), p.Last()
	if term.Start.After(from) {
		from = term.Start
	}
	if term.End.Before(to) {
		to = term.End
	}
	days := int64(from.DaysUntil(to) + 1)
	return days * int64(monthShares/p.Days())
}

// NewSchedule returns the schedule with the caller's own parts, for a
// saving phased by season or in steps rather than evenly. The parts may
// come in any order; the schedule holds them sorted by period. Amounts
// keep every digit they were given, and the total is their exact sum.
//
// No parts give the empty schedule, the zero value. Otherwise every part
// needs a period (else [ErrInvalidSchedule]), an amount in a valid
// currency (else [ErrUnknownCurrency]), the same currency as the first
// part that has one (else [ErrCurrencyMismatch]), and a period no other
// part has (else [ErrInvalidSchedule]). Every problem is reported, each
// naming the part's index and period.
func NewSchedule(parts []PeriodAmount) (Schedule, error) {
	if len(parts) == 0 {
		return Schedule{}, nil
	}
	c := scheduleCurrency(parts)
	if errs := checkParts(parts, c); len(errs) > 0 {
		return Schedule{}, errors.Join(errs...)
	}

	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b PeriodAmount) int {
		return a.Period.Compare(b.Period)
	})
	total := Money{amount: sumParts(sorted), currency: c}
	return Schedule{currency: c, parts: sorted, total: total}, nil
}

// scheduleCurrency returns the currency of the first part whose amount
// has a valid one, or the zero Currency if none has.
func scheduleCurrency(parts []PeriodAmount) Currency {
	for _, pa := range parts {
		if pa.Amount.Currency().Valid() {
			return pa.Amount.Currency()
		}
	}
	return ""
}

// checkParts returns every problem with parts for a schedule in c.
func checkParts(parts []PeriodAmount, c Currency) []error {
	var errs []error
	seen := make(map[Period]int, len(parts))
	for i, pa := range parts {
		if pa.Period.IsZero() {
			errs = append(errs, fmt.Errorf("schedule part %d: no period: %w",
				i, ErrInvalidSchedule))
		} else if j, dup := seen[pa.Period]; dup {
			errs = append(errs, fmt.Errorf(
				"schedule part %d: period %s repeats part %d: %w",
				i, pa.Period, j, ErrInvalidSchedule))
		} else {
			seen[pa.Period] = i
		}
		cur := pa.Amount.Currency()
		switch {
		case !cur.Valid():
			errs = append(errs, fmt.Errorf(
				"schedule part %d (%s): amount %s needs a currency: %w",
				i, pa.Period, pa.Amount, ErrUnknownCurrency))
		case cur != c:
			errs = append(errs, fmt.Errorf(
				"schedule part %d (%s): amount %s in a schedule in %s: %w",
				i, pa.Period, pa.Amount, c, ErrCurrencyMismatch))
		}
	}
	return errs
}

// sumParts returns the exact sum of the parts' amounts.
func sumParts(parts []PeriodAmount) decimal.Decimal {
	sum := decimal.Zero
	for _, pa := range parts {
		sum = sum.Add(pa.Amount.amount)
	}
	return sum
}

// AllocateSchedule splits total over the months of weights in proportion
// to their weights, for a saving whose seasonal pattern is known as
// shares (say, last year's spend by month) rather than amounts.
//
// It rounds as [PhaseAnnual] does: each month's part is the running
// share of the total, rounded under r, minus the previous one. The parts
// add up exactly to total, which must therefore already be written with
// no more digits than r keeps (else an error wrapping [ErrInvalidAmount]:
// round it first, knowingly, with [Money.Round]). A month of weight zero
// gets a part of zero.
//
// The total needs a valid currency ([ErrUnknownCurrency]). Weights need
// at least one month, a period each, no period twice, no negative weight
// and a positive sum ([ErrInvalidSchedule]). Every problem is reported.
func AllocateSchedule(
	total Money, weights []PeriodWeight, r Rounding,
) (Schedule, error) {
	errs := checkAllocation(total, weights, r)
	if len(errs) > 0 {
		return Schedule{}, errors.Join(errs...)
	}

	sorted := slices.Clone(weights)
	slices.SortFunc(sorted, func(a, b PeriodWeight) int {
		return a.Period.Compare(b.Period)
	})
	sum := decimal.Zero
	for _, w := range sorted {
		sum = sum.Add(w.Weight)
	}

	parts := make([]PeriodAmount, 0, len(sorted))
	running := decimal.Zero
	done := Zero(total.currency)
	for _, w := range sorted {
		running = running.Add(w.Weight)
		upTo, err := total.MulDiv(running, sum, r)
		if err != nil {
			return Schedule{}, fmt.Errorf("allocate %s: %w", total, err)
		}
		parts = append(parts,
			PeriodAmount{Period: w.Period, Amount: since(upTo, done)})
		done = upTo
	}
	return Schedule{currency: total.currency, parts: parts, total: done}, nil
}

// checkAllocation returns every problem with an allocation of total by
// weights under r.
func checkAllocation(total Money, weights []PeriodWeight, r Rounding) []error {
	var errs []error
	if !total.Currency().Valid() {
		errs = append(errs, fmt.Errorf(
			"allocate %s: total needs a currency: %w",
			total, ErrUnknownCurrency))
	}
	if !r.Round(total.amount).Equal(total.amount) {
		errs = append(errs, fmt.Errorf(
			"allocate %s: total has more digits than %s keeps: %w",
			total, r, ErrInvalidAmount))
	}
	if len(weights) == 0 {
		errs = append(errs, fmt.Errorf(
			"allocate %s: no months to allocate to: %w",
			total, ErrInvalidSchedule))
	}
	errs = append(errs, checkWeights(total, weights)...)
	return errs
}

// checkWeights returns every problem with the weights of an allocation
// of total.
func checkWeights(total Money, weights []PeriodWeight) []error {
	var errs []error
	seen := make(map[Period]int, len(weights))
	sum := decimal.Zero
	for i, w := range weights {
		switch j, dup := seen[w.Period]; {
		case w.Period.IsZero():
			errs = append(errs, fmt.Errorf(
				"allocate %s: weight %d: no period: %w",
				total, i, ErrInvalidSchedule))
		case dup:
			errs = append(errs, fmt.Errorf(
				"allocate %s: weight %d: period %s repeats weight %d: %w",
				total, i, w.Period, j, ErrInvalidSchedule))
		default:
			seen[w.Period] = i
		}
		if w.Weight.Sign() < 0 {
			errs = append(errs, fmt.Errorf(
				"allocate %s: weight %d (%s): negative weight %s: %w",
				total, i, w.Period, w.Weight, ErrInvalidSchedule))
		}
		sum = sum.Add(w.Weight)
	}
	if len(weights) > 0 && len(errs) == 0 && sum.Sign() == 0 {
		errs = append(errs, fmt.Errorf(
			"allocate %s: weights add up to zero: %w",
			total, ErrInvalidSchedule))
	}
	return errs
}

// Parts returns a copy of the parts, in ascending order of period.
func (s Schedule) Parts() []PeriodAmount { return slices.Clone(s.parts) }

// Len returns the number of parts.
func (s Schedule) Len() int { return len(s.parts) }

// Currency returns the schedule's currency; the zero Currency for the
// empty zero-value schedule.
func (s Schedule) Currency() Currency { return s.currency }

// Total returns the sum of all parts: the contract-life figure of a
// phased saving.
func (s Schedule) Total() Money {
	if !s.total.IsSet() {
		return Zero(s.currency)
	}
	return s.total
}

// Between returns the sum of the parts for the months from through to,
// both included. An empty range (to before from) sums to zero.
func (s Schedule) Between(from, to Period) Money {
	sum := decimal.Zero
	for _, pa := range s.parts {
		if !pa.Period.Before(from) && !pa.Period.After(to) {
			sum = sum.Add(pa.Amount.amount)
		}
	}
	return Money{amount: sum, currency: s.currency}
}

// InYear returns the in-year figure: the sum of the parts for the months
// of fiscal year year of calendar cal.
func (s Schedule) InYear(cal FiscalCalendar, year int) Money {
	first, last := cal.Months(year)
	return s.Between(first, last)
}

// DueBy returns the savings due by day d: the sum of the parts of every
// month that has ended on or before d. A month still in progress on d is
// not yet due, even when the term ended earlier in that month, because
// finance validates realization per whole month; so on 31 January the
// January part is due, and on 30 January it is not. The zero Date has
// nothing due.
func (s Schedule) DueBy(d Date) Money {
	if d.IsZero() {
		return Zero(s.currency)
	}
	last := d.Period()
	if d != last.Last() {
		last = last.AddMonths(-1)
	}
	sum := decimal.Zero
	for _, pa := range s.parts {
		if pa.Period.After(last) {
			break
		}
		sum = sum.Add(pa.Amount.amount)
	}
	return Money{amount: sum, currency: s.currency}
}

// Annualised returns the schedule as a run rate a year.
//
// A schedule from [PhaseAnnual] returns the rate it was phased from,
// exactly and unrounded, whatever its term. Any other schedule returns
// its total × 12 / the months it spans, counted from its first part to
// its last, both included and gaps counted, rounded once under r: a
// saving of 3,000 over 30 months annualises to 1,200. The empty schedule
// is an error wrapping [ErrInvalidSchedule].
func (s Schedule) Annualised(r Rounding) (AnnualRate, error) {
	if s.rate.IsSet() {
		return s.rate, nil
	}
	if len(s.parts) == 0 {
		return AnnualRate{}, fmt.Errorf("annualise %s: %w",
			s, ErrInvalidSchedule)
	}
	first, last := s.parts[0].Period, s.parts[len(s.parts)-1].Period
	months := decimal.NewFromInt(int64(first.MonthsUntil(last) + 1))
	perYear, err := s.total.MulDiv(decimal.NewFromInt(12), months, r)
	if err != nil {
		return AnnualRate{}, fmt.Errorf("annualise %s: %w", s, err)
	}
	return PerYear(perYear), nil
}

// Add returns the month-by-month sum of s and o, as when adding up the
// schedules of a portfolio. Both must be in one currency (else an error
// wrapping [ErrCurrencyMismatch]), except that a schedule with no parts
// in no currency, the zero value, adds to anything. A month in only one
// of them keeps its part.
//
// Adding an empty schedule returns the other unchanged. Otherwise the
// sum remembers no annual rate, since rates over different terms do not
// add up to a rate; [Schedule.Annualised] then works from its total.
func (s Schedule) Add(o Schedule) (Schedule, error) {
	switch {
	case len(o.parts) == 0 && (o.currency == "" || o.currency == s.currency):
		return s, nil
	case len(s.parts) == 0 && (s.currency == "" || s.currency == o.currency):
		return o, nil
	case s.currency != o.currency:
		return Schedule{}, fmt.Errorf("add schedules in %s and %s: %w",
			s.currency, o.currency, ErrCurrencyMismatch)
	}

	parts := mergeParts(s.parts, o.parts)
	total := s.total.amount.Add(o.total.amount)
	return Schedule{
		currency: s.currency,
		parts:    parts,
		total:    Money{amount: total, currency: s.currency},
	}, nil
}

// mergeParts returns the month-by-month sum of two sorted part lists in
// one currency.
func mergeParts(a, b []PeriodAmount) []PeriodAmount {
	out := make([]PeriodAmount, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch a[0].Period.Compare(b[0].Period) {
		case -1:
			out, a = append(out, a[0]), a[1:]
		case 1:
			out, b = append(out, b[0]), b[1:]
		default:
			sum := a[0].Amount
			sum.amount = sum.amount.Add(b[0].Amount.amount)
			out = append(out, PeriodAmount{Period: a[0].Period, Amount: sum})
			a, b = a[1:], b[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

// Equal reports whether s and o are the same schedule: the same
// currency, the same months with equal amounts (1.5 equals 1.50), and
// the same annual rate phased from, or none for both. A month whose part
// is zero differs from a month with no part.
func (s Schedule) Equal(o Schedule) bool {
	if s.currency != o.currency || len(s.parts) != len(o.parts) ||
		!s.rate.Equal(o.rate) {
		return false
	}
	for i, pa := range s.parts {
		q := o.parts[i]
		if pa.Period != q.Period || !pa.Amount.Equal(q.Amount) {
			return false
		}
	}
	return true
}

// String describes the schedule, such as "3000.00 EUR over
// 2015-07..2017-12 (30 parts) from 1200 EUR/year", or "empty schedule".
func (s Schedule) String() string {
	if len(s.parts) == 0 {
		if s.currency == "" {
			return "empty schedule"
		}
		return "empty schedule in " + string(s.currency)
	}
	first, last := s.parts[0].Period, s.parts[len(s.parts)-1].Period
	str := fmt.Sprintf("%s over %s..%s (%d parts)",
		s.total, first, last, len(s.parts))
	if s.rate.IsSet() {
		str += " from " + s.rate.String()
	}
	return str
}

type scheduleJSON struct {
	Currency   string         `json:"currency"`
	Parts      []PeriodAmount `json:"parts"`
	AnnualRate *AnnualRate    `json:"annualRate,omitempty"`
}

// MarshalJSON encodes s as {"currency":"EUR","parts":[...]}, each part
// {"period":"2025-01","amount":{"amount":"100","currency":"EUR"}}, and
// the rate it was phased from, if any, as "annualRate". The total is not
// written: it is the sum of the parts.
func (s Schedule) MarshalJSON() ([]byte, error) {
	v := scheduleJSON{Currency: string(s.currency), Parts: s.parts}
	if v.Parts == nil {
		v.Parts = []PeriodAmount{}
	}
	if s.rate.IsSet() {
		rate := s.rate
		v.AnnualRate = &rate
	}
	return json.Marshal(v)
}

// UnmarshalJSON decodes the form MarshalJSON writes, checking the parts
// as [NewSchedule] does and their currency against "currency"; null, or
// no currency and no parts, gives the empty zero-value schedule. An
// "annualRate" must be in the schedule's currency and come with parts;
// it is taken as given, not checked against the parts.
func (s *Schedule) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*s = Schedule{}
		return nil
	}
	var v scheduleJSON
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("schedule: %w", err)
	}
	decoded, err := v.schedule()
	if err != nil {
		return err
	}
	*s = decoded
	return nil
}

// schedule builds and checks the schedule v describes.
func (v scheduleJSON) schedule() (Schedule, error) {
	if v.Currency == "" && len(v.Parts) == 0 && v.AnnualRate == nil {
		return Schedule{}, nil
	}
	c, err := ParseCurrency(v.Currency)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule: %w", err)
	}
	s, err := NewSchedule(v.Parts)
	if err != nil {
		return Schedule{}, fmt.Errorf("schedule in %s: %w", c, err)
	}
	if len(v.Parts) > 0 && s.currency != c {
		return Schedule{}, fmt.Errorf("schedule in %s: parts in %s: %w",
			c, s.currency, ErrCurrencyMismatch)
	}
	s.currency, s.total = c, Money{amount: s.total.amount, currency: c}
	if v.AnnualRate == nil {
		return s, nil
	}
	if err := checkRate(*v.AnnualRate, s); err != nil {
		return Schedule{}, err
	}
	s.rate = *v.AnnualRate
	return s, nil
}

// checkRate reports whether rate may be the rate decoded schedule s was
// phased from.
func checkRate(rate AnnualRate, s Schedule) error {
	switch {
	case rate.Currency() != s.currency:
		return fmt.Errorf("schedule in %s: annual rate %s: %w",
			s.currency, rate, ErrCurrencyMismatch)
	case len(s.parts) == 0:
		return fmt.Errorf("schedule in %s: annual rate %s with no parts: %w",
			s.currency, rate, ErrInvalidSchedule)
	}
	return nil
}
