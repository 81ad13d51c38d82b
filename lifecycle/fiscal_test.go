package lifecycle

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFiscalNewCalendar(t *testing.T) {
	tests := []struct {
		first   time.Month
		wantErr bool
	}{
		{time.January, false},
		{time.April, false},
		{time.December, false},
		{0, true},
		{13, true},
		{-1, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("month %d", int(tt.first)), func(t *testing.T) {
			cal, err := NewFiscalCalendar(tt.first)
			if tt.wantErr {
				require.Error(t, err)
				assert.ErrorIs(t, err, ErrInvalidDate)
				assert.Contains(t, err.Error(), fmt.Sprint(int(tt.first)))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.first, cal.FirstMonth)
			assert.NoError(t, cal.Validate())
		})
	}
}

func TestFiscalValidate(t *testing.T) {
	tests := []struct {
		first   time.Month
		wantErr bool
	}{
		{0, false}, // the zero value: January
		{time.January, false},
		{time.December, false},
		{13, true},
		{-3, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("month %d", int(tt.first)), func(t *testing.T) {
			err := FiscalCalendar{FirstMonth: tt.first}.Validate()
			if tt.wantErr {
				assert.ErrorIs(t, err, ErrInvalidDate)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func TestFiscalYearOf(t *testing.T) {
	tests := []struct {
		first  time.Month
		period string
		want   int
	}{
		{0, "2025-01", 2025},
		{0, "2025-12", 2025},
		{time.January, "2024-07", 2024},
		{time.April, "2024-03", 2024},
		{time.April, "2024-04", 2025},
		{time.April, "2025-03", 2025},
		{time.April, "2025-04", 2026},
		{time.July, "2024-06", 2024},
		{time.July, "2024-07", 2025},
		{time.October, "2024-09", 2024},
		{time.October, "2024-10", 2025},
		{time.December, "2024-11", 2024},
		{time.December, "2024-12", 2025},
		{13, "2024-06", 2024}, // invalid: read as January
		{time.April, "9999-12", 10000},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("first %d %s", int(tt.first), tt.period)
		t.Run(name, func(t *testing.T) {
			cal := FiscalCalendar{FirstMonth: tt.first}
			p, err := ParsePeriod(tt.period)
			require.NoError(t, err)
			assert.Equal(t, tt.want, cal.YearOf(p))
			assert.True(t, cal.Contains(tt.want, p))
			assert.False(t, cal.Contains(tt.want+1, p))
			assert.False(t, cal.Contains(tt.want-1, p))
		})
	}
}

func TestFiscalZeroPeriodAndDate(t *testing.T) {
	cal := FiscalCalendar{FirstMonth: time.April}
	assert.Equal(t, 0, cal.YearOf(Period{}))
	assert.Equal(t, 0, cal.YearOfDate(Date{}))
	assert.False(t, cal.Contains(0, Period{}))
	y, q := cal.Quarter(Period{})
	assert.Equal(t, 0, y)
	assert.Equal(t, 0, q)
}

func TestFiscalYearOfDate(t *testing.T) {
	tests := []struct {
		first time.Month
		date  string
		want  int
	}{
		{0, "2024-12-31", 2024},
		{time.April, "2024-03-31", 2024},
		{time.April, "2024-04-01", 2025},
		{time.July, "2015-07-01", 2016},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("first %d %s", int(tt.first), tt.date), func(t *testing.T) {
			d, err := ParseDate(tt.date)
			require.NoError(t, err)
			got := FiscalCalendar{FirstMonth: tt.first}.YearOfDate(d)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFiscalMonths(t *testing.T) {
	tests := []struct {
		first     time.Month
		year      int
		wantFirst string
		wantLast  string
	}{
		{0, 2025, "2025-01", "2025-12"},
		{time.January, 1, "0001-01", "0001-12"},
		{time.April, 2025, "2024-04", "2025-03"},
		{time.July, 2016, "2015-07", "2016-06"},
		{time.December, 2025, "2024-12", "2025-11"},
		{time.October, 2025, "2024-10", "2025-09"},
		{13, 2025, "2025-01", "2025-12"}, // invalid: read as January
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("first %d FY%d", int(tt.first), tt.year), func(t *testing.T) {
			cal := FiscalCalendar{FirstMonth: tt.first}
			first, last := cal.Months(tt.year)
			assert.Equal(t, tt.wantFirst, first.String())
			assert.Equal(t, tt.wantLast, last.String())
			assert.Equal(t, 11, first.MonthsUntil(last))
			assert.Equal(t, tt.year, cal.YearOf(first))
			assert.Equal(t, tt.year, cal.YearOf(last))
		})
	}
}

func TestFiscalMonthsOutOfRange(t *testing.T) {
	tests := []struct {
		first time.Month
		year  int
	}{
		{0, 0},
		{0, -5},
		{0, 10000},
		{time.April, 10001},
		{time.April, 1 << 40},
		{time.April, -(1 << 40)},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("first %d FY%d", int(tt.first), tt.year), func(t *testing.T) {
			first, last := FiscalCalendar{FirstMonth: tt.first}.Months(tt.year)
			assert.True(t, first.IsZero())
			assert.True(t, last.IsZero())
		})
	}
}

func TestFiscalQuarter(t *testing.T) {
	tests := []struct {
		first       time.Month
		period      string
		wantYear    int
		wantQuarter int
	}{
		{0, "2025-01", 2025, 1},
		{0, "2025-03", 2025, 1},
		{0, "2025-04", 2025, 2},
		{0, "2025-12", 2025, 4},
		{time.April, "2024-04", 2025, 1},
		{time.April, "2024-07", 2025, 2},
		{time.April, "2024-12", 2025, 3},
		{time.April, "2025-01", 2025, 4},
		{time.April, "2025-03", 2025, 4},
		{time.October, "2024-09", 2024, 4},
		{time.October, "2024-10", 2025, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("first %d %s", int(tt.first), tt.period), func(t *testing.T) {
			p, err := ParsePeriod(tt.period)
			require.NoError(t, err)
			y, q := FiscalCalendar{FirstMonth: tt.first}.Quarter(p)
			assert.Equal(t, tt.wantYear, y)
			assert.Equal(t, tt.wantQuarter, q)
		})
	}
}

// TestFiscalEveryMonthOnce checks, for every first month, that the
// fiscal years of a stretch of months tile it: each month lies in
// exactly one year, which Months agrees with.
func TestFiscalEveryMonthOnce(t *testing.T) {
	for first := time.Month(0); first <= time.December; first++ {
		cal := FiscalCalendar{FirstMonth: first}
		t.Run(cal.String(), func(t *testing.T) {
			p := MustPeriod(2019, time.January)
			for range 60 {
				y := cal.YearOf(p)
				lo, hi := cal.Months(y)
				assert.False(t, p.Before(lo), "%s before %s", p, lo)
				assert.False(t, p.After(hi), "%s after %s", p, hi)
				p = p.Next()
			}
		})
	}
}

func TestFiscalString(t *testing.T) {
	tests := []struct {
		first time.Month
		want  string
	}{
		{0, "fiscal year from January"},
		{time.April, "fiscal year from April"},
		{13, "fiscal year from %!Month(13)"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("month %d", int(tt.first)), func(t *testing.T) {
			assert.Equal(t, tt.want, FiscalCalendar{FirstMonth: tt.first}.String())
		})
	}
}
