package lifecycle

import (
	"fmt"
	"time"
)

// FiscalCalendar says where an organisation's financial year begins, so
// that phased savings can be reported as in-year figures.
//
// It is a plain comparable value holding one field; copy it freely, use
// it as a map key, compare two with ==. It never changes and is safe for
// concurrent use.
//
// The zero value is a calendar fiscal year: FirstMonth 0 means January.
// A FirstMonth outside 0..12 is invalid; [NewFiscalCalendar] and
// [FiscalCalendar.Validate] report it. The other methods cannot fail, so
// rather than panic they treat an invalid first month as January; a
// caller that reads the month from configuration should build the
// calendar with NewFiscalCalendar and so never meet that case.
//
// A fiscal year is labelled by the calendar year in which it ends: with
// April as the first month, FY2025 runs from April 2024 to March 2025;
// with January, FY2025 is calendar 2025.
type FiscalCalendar struct {
	// FirstMonth is the month the fiscal year starts with. Default
	// (zero): January. Range 0..12.
	FirstMonth time.Month `json:"firstMonth"`
}

// NewFiscalCalendar returns the calendar whose years start with month
// first. A month outside 1..12 is an error wrapping [ErrInvalidDate].
func NewFiscalCalendar(first time.Month) (FiscalCalendar, error) {
	if first < time.January || first > time.December {
		return FiscalCalendar{}, fmt.Errorf(
			"fiscal calendar: first month %d: %w", int(first), ErrInvalidDate)
	}
	return FiscalCalendar{FirstMonth: first}, nil
}

// Validate reports an error wrapping [ErrInvalidDate] if FirstMonth is
// outside 0..12, and nil otherwise.
func (c FiscalCalendar) Validate() error {
	if c.FirstMonth < 0 || c.FirstMonth > time.December {
		return fmt.Errorf("fiscal calendar: first month %d: %w",
			int(c.FirstMonth), ErrInvalidDate)
	}
	return nil
}

// first returns the first month, with the zero value and invalid months
// read as January.
func (c FiscalCalendar) first() time.Month {
	if c.FirstMonth < time.January || c.FirstMonth > time.December {
		return time.January
	}
	return c.FirstMonth
}

// offset returns how many months p lies after the start of its fiscal
// year, 0..11.
func (c FiscalCalendar) offset(p Period) int {
	return (int(p.Month()) - int(c.first()) + 12) % 12
}

// YearOf returns the fiscal year p belongs to, labelled by the calendar
// year in which that fiscal year ends. The zero Period gives 0.
func (c FiscalCalendar) YearOf(p Period) int {
	if p.IsZero() {
		return 0
	}
	if c.first() != time.January && p.Month() >= c.first() {
		return p.Year() + 1
	}
	return p.Year()
}

// YearOfDate returns the fiscal year day d belongs to. The zero Date
// gives 0.
func (c FiscalCalendar) YearOfDate(d Date) int {
	if d.IsZero() {
		return 0
	}
	return c.YearOf(d.Period())
}

// Months returns the first and last month of fiscal year year, both
// included. A year that holds no month of years 1..9999 (before 1 or,
// for a calendar starting in January, after 9999) gives two zero
// Periods, which no schedule part falls between.
func (c FiscalCalendar) Months(year int) (first, last Period) {
	startYear := year
	if c.first() != time.January {
		startYear = year - 1
	}
	if year < 1 || startYear > 9999 {
		return Period{}, Period{}
	}
	first = Period{year: int16(startYear), month: uint8(c.first())}
	return first, first.AddMonths(11)
}

// Contains reports whether month p falls in fiscal year year.
func (c FiscalCalendar) Contains(year int, p Period) bool {
	return !p.IsZero() && c.YearOf(p) == year
}

// Quarter returns the fiscal year of p and its fiscal quarter, 1..4: the
// first three months of the fiscal year are quarter 1. The zero Period
// gives (0, 0).
func (c FiscalCalendar) Quarter(p Period) (year, quarter int) {
	if p.IsZero() {
		return 0, 0
	}
	return c.YearOf(p), c.offset(p)/3 + 1
}

// String describes the calendar, such as "fiscal year from April"; an
// invalid first month prints as "fiscal year from %!Month(13)".
func (c FiscalCalendar) String() string {
	if c.FirstMonth == 0 {
		return "fiscal year from January"
	}
	return "fiscal year from " + c.FirstMonth.String()
}
