package lifecycle

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time of day and no time zone: the day a
// contract starts, rates were loaded or an invoice was dated.
//
// Date is a small comparable value, usable as a map key; == is true
// exactly when two dates are the same day. Order dates with
// [Date.Compare], [Date.Before] and [Date.After]. The zero value is no
// date (it prints as "0000-00-00" and [Date.IsZero] reports true); every
// constructor returns a real day between years 1 and 9999.
type Date struct {
	year  int16
	month uint8
	day   uint8
}

// NewDate returns the day y-m-d. A day that does not exist (31 April,
// 29 February 2023) or a year outside 1..9999 is an error wrapping
// [ErrInvalidDate].
func NewDate(y int, m time.Month, d int) (Date, error) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if y < 1 || y > 9999 || t.Year() != y || t.Month() != m || t.Day() != d {
		return Date{}, fmt.Errorf("date %04d-%02d-%02d: %w", y, int(m), d, ErrInvalidDate)
	}
	return Date{year: int16(y), month: uint8(m), day: uint8(d)}, nil
}

// MustDate is like [NewDate] but panics on error; for literals in tests
// and examples.
func MustDate(y int, m time.Month, d int) Date {
	date, err := NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return date
}

// ParseDate parses an ISO 8601 calendar date, "2015-07-01".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1 {
		return Date{}, fmt.Errorf("date %q: %w", s, ErrInvalidDate)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar day of t in t's own location. Callers that
// keep times in UTC but report in a local calendar convert t first.
//
// Limitation: a Date holds years 1..9999. DateOf of a time outside them,
// and AddDays past either end, give a day that is not meaningful; check
// the year of times that do not come from a calendar a person uses.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{year: int16(y), month: uint8(m), day: uint8(d)}
}

// Year returns the year.
func (d Date) Year() int { return int(d.year) }

// Month returns the month.
func (d Date) Month() time.Month { return time.Month(d.month) }

// Day returns the day of the month.
func (d Date) Day() int { return int(d.day) }

// IsZero reports whether d is the zero Date, no date at all.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.year != o.year:
		return cmpInt(int(d.year), int(o.year))
	case d.month != o.month:
		return cmpInt(int(d.month), int(o.month))
	default:
		return cmpInt(int(d.day), int(o.day))
	}
}

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// AddDays returns the day n days after d (before it if n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.Time().AddDate(0, 0, n))
}

// DaysUntil returns the number of days from d to o: 1 from a day to the
// next, negative when o is earlier.
func (d Date) DaysUntil(o Date) int {
	// Unix seconds, not Time.Sub: a Duration overflows after 292 years.
	return int((o.Time().Unix() - d.Time().Unix()) / (24 * 60 * 60))
}

// Period returns the calendar month d falls in.
func (d Date) Period() Period { return Period{year: d.year, month: d.month} }

// String returns the ISO 8601 form, "2015-07-01".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.year, int(d.month), d.day)
}

// MarshalText encodes d as "2015-07-01"; the zero Date as empty text.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes the form MarshalText writes; empty text is the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
