package lifecycle

import (
	"fmt"
	"time"
)

// Period is one calendar month, the unit in which savings are phased and
// realized: a realization entry is for a period, and a schedule holds one
// amount per period.
//
// Period is a small comparable value, usable as a map key. Order periods
// with [Period.Compare]. The zero value is no period; constructors return
// months of years 1..9999.
type Period struct {
	year  int16
	month uint8
}

// NewPeriod returns the month m of year y; a month outside 1..12 or a year
// outside 1..9999 is an error wrapping [ErrInvalidDate].
func NewPeriod(y int, m time.Month) (Period, error) {
	if y < 1 || y > 9999 || m < time.January || m > time.December {
		return Period{}, fmt.Errorf("period %04d-%02d: %w", y, int(m), ErrInvalidDate)
	}
	return Period{year: int16(y), month: uint8(m)}, nil
}

// MustPeriod is like [NewPeriod] but panics on error; for literals in
// tests and examples.
func MustPeriod(y int, m time.Month) Period {
	p, err := NewPeriod(y, m)
	if err != nil {
		panic(err)
	}
	return p
}

// ParsePeriod parses a month written "2015-07".
func ParsePeriod(s string) (Period, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Period{}, fmt.Errorf("period %q: %w", s, ErrInvalidDate)
	}
	return NewPeriod(t.Year(), t.Month())
}

// Year returns the year.
func (p Period) Year() int { return int(p.year) }

// Month returns the month of the year.
func (p Period) Month() time.Month { return time.Month(p.month) }

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p == Period{} }

// First returns the first day of the month.
func (p Period) First() Date { return Date{year: p.year, month: p.month, day: 1} }

// Last returns the last day of the month.
func (p Period) Last() Date { return p.Next().First().AddDays(-1) }

// Days returns the number of days in the month.
func (p Period) Days() int { return p.Last().Day() }

// Next returns the following month.
func (p Period) Next() Period { return p.AddMonths(1) }

// AddMonths returns the month n months after p (before it if negative).
func (p Period) AddMonths(n int) Period {
	i := p.index() + n
	return Period{year: int16(i / 12), month: uint8(i%12 + 1)}
}

// MonthsUntil returns how many months lie from p to o: 1 from a month to
// the next, negative when o is earlier.
func (p Period) MonthsUntil(o Period) int { return o.index() - p.index() }

func (p Period) index() int { return int(p.year)*12 + int(p.month) - 1 }

// Compare returns -1, 0 or +1 as p is before, equal to or after o.
func (p Period) Compare(o Period) int { return cmpInt(p.index(), o.index()) }

// Before reports whether p is an earlier month than o.
func (p Period) Before(o Period) bool { return p.index() < o.index() }

// After reports whether p is a later month than o.
func (p Period) After(o Period) bool { return p.index() > o.index() }

// Contains reports whether day d falls in the month.
func (p Period) Contains(d Date) bool { return d.Period() == p }

// String returns the month as "2015-07".
func (p Period) String() string { return fmt.Sprintf("%04d-%02d", p.year, int(p.month)) }

// MarshalText encodes p as "2015-07"; the zero Period as empty text.
func (p Period) MarshalText() ([]byte, error) {
	if p.IsZero() {
		return []byte{}, nil
	}
	return []byte(p.String()), nil
}

// UnmarshalText decodes the form MarshalText writes.
func (p *Period) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Period{}
		return nil
	}
	parsed, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = parsed
	return nil
}
