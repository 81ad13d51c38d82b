package lifecycle_test

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// dateTestParse parses a date literal of a date test.
func dateTestParse(t testing.TB, s string) lifecycle.Date {
	t.Helper()
	d, err := lifecycle.ParseDate(s)
	require.NoError(t, err)
	return d
}

// periodTestParse parses a period literal of a period test.
func periodTestParse(t testing.TB, s string) lifecycle.Period {
	t.Helper()
	p, err := lifecycle.ParsePeriod(s)
	require.NoError(t, err)
	return p
}

func TestNewDate(t *testing.T) {
	tests := []struct {
		name    string
		y       int
		m       time.Month
		d       int
		ok      bool
		wantStr string
	}{
		{"2015-07-01", 2015, time.July, 1, true, "2015-07-01"},
		{"2024-02-29 leap", 2024, time.February, 29, true, "2024-02-29"},
		{"2000-02-29 leap century", 2000, time.February, 29, true, "2000-02-29"},
		{"0001-01-01 first", 1, time.January, 1, true, "0001-01-01"},
		{"9999-12-31 last", 9999, time.December, 31, true, "9999-12-31"},
		{"2024-04-30", 2024, time.April, 30, true, "2024-04-30"},
		{"2023-02-29", 2023, time.February, 29, false, "2023-02-29"},
		{"2100-02-29 no leap century", 2100, time.February, 29, false, "2100-02-29"},
		{"2024-04-31", 2024, time.April, 31, false, "2024-04-31"},
		{"2024-02-30", 2024, time.February, 30, false, "2024-02-30"},
		{"2024-01-32", 2024, time.January, 32, false, "2024-01-32"},
		{"2024-01-00", 2024, time.January, 0, false, "2024-01-00"},
		{"2024-01--1", 2024, time.January, -1, false, "2024-01--1"},
		{"2024-00-10", 2024, 0, 10, false, "2024-00-10"},
		{"2024-13-10", 2024, 13, 10, false, "2024-13-10"},
		{"0000-06-15", 0, time.June, 15, false, "0000-06-15"},
		{"10000-01-01", 10000, time.January, 1, false, "10000-01-01"},
		{"-0001-01-01", -1, time.January, 1, false, "-001-01-01"},
		{"40000-01-01 beyond int16", 40000, time.January, 1, false, "40000-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := lifecycle.NewDate(tt.y, tt.m, tt.d)
			if !tt.ok {
				require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
				assert.Contains(t, err.Error(), tt.wantStr)
				assert.True(t, d.IsZero())
				assert.Panics(t, func() { lifecycle.MustDate(tt.y, tt.m, tt.d) })
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.y, d.Year())
			assert.Equal(t, tt.m, d.Month())
			assert.Equal(t, tt.d, d.Day())
			assert.Equal(t, tt.wantStr, d.String())
			assert.False(t, d.IsZero())
			assert.Equal(t, d, lifecycle.MustDate(tt.y, tt.m, tt.d))
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		want lifecycle.Date
	}{
		{"2015-07-01", true, lifecycle.MustDate(2015, time.July, 1)},
		{"2024-02-29", true, lifecycle.MustDate(2024, time.February, 29)},
		{"0001-01-01", true, lifecycle.MustDate(1, time.January, 1)},
		{"9999-12-31", true, lifecycle.MustDate(9999, time.December, 31)},
		{"2023-02-29", false, lifecycle.Date{}},
		{"2024-04-31", false, lifecycle.Date{}},
		{"2024-13-01", false, lifecycle.Date{}},
		{"2024-00-01", false, lifecycle.Date{}},
		{"2024-01-00", false, lifecycle.Date{}},
		{"0000-01-01", false, lifecycle.Date{}}, // year 0 is outside 1..9999
		{"10000-01-01", false, lifecycle.Date{}},
		{"2015-7-1", false, lifecycle.Date{}},
		{"2015/07/01", false, lifecycle.Date{}},
		{"01.07.2015", false, lifecycle.Date{}},
		{"20150701", false, lifecycle.Date{}},
		{"2015-07-01T00:00:00Z", false, lifecycle.Date{}},
		{" 2015-07-01", false, lifecycle.Date{}},
		{"2015-07-01 ", false, lifecycle.Date{}},
		{"", false, lifecycle.Date{}},
		{"0000-00-00", false, lifecycle.Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := lifecycle.ParseDate(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
				assert.Contains(t, err.Error(), tt.in)
				assert.True(t, got.IsZero(), "got %s", got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestDateZeroValue(t *testing.T) {
	var d lifecycle.Date
	assert.True(t, d.IsZero())
	assert.Equal(t, "0000-00-00", d.String())
	b, err := d.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	assert.True(t, d.Before(lifecycle.MustDate(1, time.January, 1)))
}

func TestDateOf(t *testing.T) {
	plus5 := time.FixedZone("UTC+5", 5*60*60)
	minus8 := time.FixedZone("UTC-8", -8*60*60)
	tests := []struct {
		name string
		t    time.Time
		want lifecycle.Date
	}{
		{"2024-03-01T01:00+05:00",
			time.Date(2024, time.March, 1, 1, 0, 0, 0, plus5),
			lifecycle.MustDate(2024, time.March, 1)},
		{"2023-12-31T22:00-08:00",
			time.Date(2023, time.December, 31, 22, 0, 0, 0, minus8),
			lifecycle.MustDate(2023, time.December, 31)},
		{"2024-01-01T06:00Z in UTC-8",
			time.Date(2024, time.January, 1, 6, 0, 0, 0, time.UTC).In(minus8),
			lifecycle.MustDate(2023, time.December, 31)},
		{"2024-02-29T20:00Z in UTC+5",
			time.Date(2024, time.February, 29, 20, 0, 0, 0, time.UTC).In(plus5),
			lifecycle.MustDate(2024, time.March, 1)},
		{"2015-07-01T23:59:59.999Z",
			time.Date(2015, time.July, 1, 23, 59, 59, 999999999, time.UTC),
			lifecycle.MustDate(2015, time.July, 1)},
		{"zero time", time.Time{}, lifecycle.MustDate(1, time.January, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, lifecycle.DateOf(tt.t))
		})
	}
}

func TestDateTime(t *testing.T) {
	d := lifecycle.MustDate(2024, time.February, 29)
	want := time.Date(2024, time.February, 29, 0, 0, 0, 0, time.UTC)
	assert.True(t, d.Time().Equal(want))
	assert.Equal(t, time.UTC, d.Time().Location())
	assert.Equal(t, d, lifecycle.DateOf(d.Time()))
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2015-07-01", "2015-07-01", 0},
		{"2015-07-01", "2015-07-02", -1},
		{"2015-07-02", "2015-07-01", 1},
		{"2015-06-30", "2015-07-01", -1},
		{"2015-12-31", "2016-01-01", -1},
		{"2016-01-01", "2015-12-31", 1},
		{"2015-01-31", "2014-12-01", 1},
		{"0001-01-01", "9999-12-31", -1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			a, b := dateTestParse(t, tt.a), dateTestParse(t, tt.b)
			assert.Equal(t, tt.want, a.Compare(b))
			assert.Equal(t, -tt.want, b.Compare(a))
			assert.Equal(t, tt.want < 0, a.Before(b))
			assert.Equal(t, tt.want > 0, a.After(b))
			assert.Equal(t, tt.want == 0, a == b)
		})
	}
}

func TestDateAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2015-07-01", 0, "2015-07-01"},
		{"2015-07-01", 1, "2015-07-02"},
		{"2024-01-31", 1, "2024-02-01"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2023-02-28", 1, "2023-03-01"},
		{"2024-02-29", 1, "2024-03-01"},
		{"2024-03-01", -1, "2024-02-29"},
		{"2023-03-01", -1, "2023-02-28"},
		{"2023-12-31", 1, "2024-01-01"},
		{"2024-01-01", -1, "2023-12-31"},
		{"2024-01-01", 366, "2025-01-01"},
		{"2023-01-01", 365, "2024-01-01"},
		{"2025-01-01", -366, "2024-01-01"},
		{"2000-02-28", 1, "2000-02-29"},
		{"2100-02-28", 1, "2100-03-01"},
		{"2015-07-01", 1000, "2018-03-27"},
		{"2015-07-01", -1000, "2012-10-04"},
		{"0001-01-02", -1, "0001-01-01"},
		{"9999-12-30", 1, "9999-12-31"},
		{"0001-01-01", 3652058, "9999-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.from+" plus "+strconv.Itoa(tt.n), func(t *testing.T) {
			got := dateTestParse(t, tt.from).AddDays(tt.n)
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestDateDaysUntil(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2015-07-01", "2015-07-01", 0},
		{"2015-07-01", "2015-07-02", 1},
		{"2015-07-02", "2015-07-01", -1},
		{"2024-02-28", "2024-03-01", 2},
		{"2023-02-28", "2023-03-01", 1},
		{"2024-01-01", "2025-01-01", 366},
		{"2023-01-01", "2024-01-01", 365},
		{"2015-07-01", "2017-12-31", 914},
		{"2015-07-01", "2018-03-27", 1000},
		{"1900-01-01", "2100-01-01", 73049},
		{"1700-01-01", "2100-01-01", 146097},
		{"0001-01-01", "9999-12-31", 3652058},
		{"9999-12-31", "0001-01-01", -3652058},
	}
	for _, tt := range tests {
		t.Run(tt.from+" to "+tt.to, func(t *testing.T) {
			from, to := dateTestParse(t, tt.from), dateTestParse(t, tt.to)
			assert.Equal(t, tt.want, from.DaysUntil(to))
		})
	}
}

// dateTestSlowDaysUntil counts days with Unix seconds, which hold every
// year from 1 to 9999 without overflow.
func dateTestSlowDaysUntil(a, b lifecycle.Date) int {
	return int((b.Time().Unix() - a.Time().Unix()) / 86400)
}

func TestDateDaysUntilMatchesSlow(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 4242))
	first := lifecycle.MustDate(1, time.January, 1)
	for range 2000 {
		a := first.AddDays(rng.IntN(3652059))
		span := 3652059
		if rng.IntN(2) == 0 {
			span = 3000 // most spans in real data are a few years
		}
		b := a.AddDays(rng.IntN(2*span) - span)
		if b.Year() < 1 || b.Year() > 9999 {
			continue
		}
		want := dateTestSlowDaysUntil(a, b)
		if got := a.DaysUntil(b); got != want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", a, b, got, want)
		}
		if got := a.AddDays(want); got != b {
			t.Errorf("%s.AddDays(%d) = %s, want %s", a, want, got, b)
		}
	}
}

func TestDatePeriod(t *testing.T) {
	tests := []struct{ date, period string }{
		{"2015-07-01", "2015-07"},
		{"2015-07-31", "2015-07"},
		{"2024-02-29", "2024-02"},
		{"0001-01-01", "0001-01"},
		{"9999-12-31", "9999-12"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			d := dateTestParse(t, tt.date)
			assert.Equal(t, periodTestParse(t, tt.period), d.Period())
			assert.True(t, d.Period().Contains(d))
		})
	}
}

func TestDateText(t *testing.T) {
	for _, in := range []string{"2015-07-01", "2024-02-29", "0001-01-01", "9999-12-31"} {
		t.Run(in, func(t *testing.T) {
			d := dateTestParse(t, in)
			b, err := d.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, in, string(b))
			var back lifecycle.Date
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, d, back)
		})
	}
	t.Run("empty", func(t *testing.T) {
		back := lifecycle.MustDate(2015, time.July, 1)
		require.NoError(t, back.UnmarshalText(nil))
		assert.True(t, back.IsZero())
	})
	t.Run("2015-02-30", func(t *testing.T) {
		back := lifecycle.MustDate(2015, time.July, 1)
		err := back.UnmarshalText([]byte("2015-02-30"))
		require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
		assert.Equal(t, lifecycle.MustDate(2015, time.July, 1), back, "unchanged on error")
	})
}

func TestDateJSON(t *testing.T) {
	type contract struct {
		Start lifecycle.Date `json:"start"`
		End   lifecycle.Date `json:"end"`
	}
	in := contract{Start: lifecycle.MustDate(2015, time.July, 1)}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Equal(t, `{"start":"2015-07-01","end":""}`, string(b))
	var out contract
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	err = json.Unmarshal([]byte(`{"start":"2015-13-01"}`), &out)
	assert.ErrorIs(t, err, lifecycle.ErrInvalidDate)
}

func TestNewPeriod(t *testing.T) {
	tests := []struct {
		name string
		y    int
		m    time.Month
		ok   bool
	}{
		{"2015-07", 2015, time.July, true},
		{"0001-01", 1, time.January, true},
		{"9999-12", 9999, time.December, true},
		{"2015-00", 2015, 0, false},
		{"2015-13", 2015, 13, false},
		{"2015--1", 2015, -1, false},
		{"0000-01", 0, time.January, false},
		{"10000-01", 10000, time.January, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := lifecycle.NewPeriod(tt.y, tt.m)
			if !tt.ok {
				require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
				assert.True(t, p.IsZero())
				assert.Panics(t, func() { lifecycle.MustPeriod(tt.y, tt.m) })
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.y, p.Year())
			assert.Equal(t, tt.m, p.Month())
			assert.Equal(t, tt.name, p.String())
			assert.Equal(t, p, lifecycle.MustPeriod(tt.y, tt.m))
		})
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"2015-07", true},
		{"2024-02", true},
		{"0001-01", true},
		{"9999-12", true},
		{"2015-7", false},
		{"2015-13", false},
		{"2015-00", false},
		{"0000-01", false},
		{"2015-07-01", false},
		{"201507", false},
		{"2015/07", false},
		{"07-2015", false},
		{" 2015-07", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := lifecycle.ParsePeriod(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
				assert.True(t, p.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.in, p.String())
		})
	}
}

func TestPeriodFirstLastDays(t *testing.T) {
	tests := []struct {
		period      string
		first, last string
		days        int
	}{
		{"2024-02", "2024-02-01", "2024-02-29", 29},
		{"2023-02", "2023-02-01", "2023-02-28", 28},
		{"2000-02", "2000-02-01", "2000-02-29", 29},
		{"2100-02", "2100-02-01", "2100-02-28", 28},
		{"2024-04", "2024-04-01", "2024-04-30", 30},
		{"2024-12", "2024-12-01", "2024-12-31", 31},
		{"2015-07", "2015-07-01", "2015-07-31", 31},
		{"0001-01", "0001-01-01", "0001-01-31", 31},
		{"9999-12", "9999-12-01", "9999-12-31", 31},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			p := periodTestParse(t, tt.period)
			assert.Equal(t, tt.first, p.First().String())
			assert.Equal(t, tt.last, p.Last().String())
			assert.Equal(t, tt.days, p.Days())
			assert.Equal(t, tt.days-1, p.First().DaysUntil(p.Last()))
		})
	}
}

func TestPeriodAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2015-07", 0, "2015-07"},
		{"2015-07", 1, "2015-08"},
		{"2024-12", 1, "2025-01"},
		{"2025-01", -1, "2024-12"},
		{"2024-11", 14, "2026-01"},
		{"2024-03", -15, "2022-12"},
		{"2024-03", -3, "2023-12"},
		{"2024-01", -12, "2023-01"},
		{"2024-01", -13, "2022-12"},
		{"2024-01", 12, "2025-01"},
		{"2015-07", 120, "2025-07"},
		{"2015-07", -120, "2005-07"},
		{"0001-02", -1, "0001-01"},
		{"9999-11", 1, "9999-12"},
	}
	for _, tt := range tests {
		t.Run(tt.from+" plus "+strconv.Itoa(tt.n), func(t *testing.T) {
			p := periodTestParse(t, tt.from)
			got := p.AddMonths(tt.n)
			assert.Equal(t, tt.want, got.String())
			assert.Equal(t, tt.n, p.MonthsUntil(got))
			assert.Equal(t, -tt.n, got.MonthsUntil(p))
			if tt.n == 1 {
				assert.Equal(t, got, p.Next())
			}
		})
	}
}

func TestPeriodNextWalksEveryMonth(t *testing.T) {
	p := lifecycle.MustPeriod(2023, time.January)
	d := p.First()
	for range 48 {
		next := p.Next()
		assert.Equal(t, p.Last().AddDays(1), next.First(), "%s then %s", p, next)
		assert.Equal(t, d, p.First())
		d = d.AddDays(p.Days())
		p = next
	}
	assert.Equal(t, "2027-01", p.String())
}

func TestPeriodMonthsUntil(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2015-07", "2015-07", 0},
		{"2015-07", "2015-08", 1},
		{"2015-08", "2015-07", -1},
		{"2015-12", "2016-01", 1},
		{"2016-01", "2015-12", -1},
		{"2015-07", "2017-12", 29},
		{"0001-01", "9999-12", 9999*12 - 1},
	}
	for _, tt := range tests {
		t.Run(tt.from+" to "+tt.to, func(t *testing.T) {
			from, to := periodTestParse(t, tt.from), periodTestParse(t, tt.to)
			assert.Equal(t, tt.want, from.MonthsUntil(to))
		})
	}
}

func TestPeriodCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"2015-07", "2015-07", 0},
		{"2015-07", "2015-08", -1},
		{"2015-12", "2016-01", -1},
		{"2016-01", "2015-12", 1},
		{"2016-01", "2015-02", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			a, b := periodTestParse(t, tt.a), periodTestParse(t, tt.b)
			assert.Equal(t, tt.want, a.Compare(b))
			assert.Equal(t, -tt.want, b.Compare(a))
			assert.Equal(t, tt.want < 0, a.Before(b))
			assert.Equal(t, tt.want > 0, a.After(b))
		})
	}
}

func TestPeriodContains(t *testing.T) {
	p := lifecycle.MustPeriod(2024, time.February)
	tests := []struct {
		day  string
		want bool
	}{
		{"2024-01-31", false},
		{"2024-02-01", true},
		{"2024-02-29", true},
		{"2024-03-01", false},
		{"2023-02-15", false},
		{"2025-02-15", false},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			assert.Equal(t, tt.want, p.Contains(dateTestParse(t, tt.day)))
		})
	}
	assert.False(t, p.Contains(lifecycle.Date{}), "zero date")
}

func TestPeriodText(t *testing.T) {
	for _, in := range []string{"2015-07", "2024-02", "0001-01", "9999-12"} {
		t.Run(in, func(t *testing.T) {
			p := periodTestParse(t, in)
			b, err := p.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, in, string(b))
			var back lifecycle.Period
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, p, back)
		})
	}
	t.Run("zero", func(t *testing.T) {
		var p lifecycle.Period
		assert.True(t, p.IsZero())
		b, err := p.MarshalText()
		require.NoError(t, err)
		assert.Empty(t, b)
		back := lifecycle.MustPeriod(2015, time.July)
		require.NoError(t, back.UnmarshalText(b))
		assert.True(t, back.IsZero())
	})
	t.Run("2015-13", func(t *testing.T) {
		back := lifecycle.MustPeriod(2015, time.July)
		require.ErrorIs(t, back.UnmarshalText([]byte("2015-13")), lifecycle.ErrInvalidDate)
		assert.Equal(t, lifecycle.MustPeriod(2015, time.July), back)
	})
}

func TestPeriodJSONMapKey(t *testing.T) {
	in := map[lifecycle.Period]int{
		lifecycle.MustPeriod(2024, time.December): 3,
		lifecycle.MustPeriod(2025, time.January):  4,
	}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Equal(t, `{"2024-12":3,"2025-01":4}`, string(b))
	var out map[lifecycle.Period]int
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)
}

// FuzzDateText checks that ParseDate never panics and that every date it
// accepts comes back the same through MarshalText and UnmarshalText.
func FuzzDateText(f *testing.F) {
	for _, seed := range []string{
		"2015-07-01", "2024-02-29", "2023-02-29", "0001-01-01", "9999-12-31",
		"0000-01-01", "", "2015-7-1", "2015-07-01T00:00:00Z", "+015-07-01",
		"-001-01-01", "2015-02-30", "2015-13-01", "9999-12-32",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := lifecycle.ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) failed but returned %s", s, d)
			}
			return
		}
		b, err := d.MarshalText()
		if err != nil {
			t.Fatalf("MarshalText(%s): %v", d, err)
		}
		var back lifecycle.Date
		if err := back.UnmarshalText(b); err != nil {
			t.Fatalf("UnmarshalText(%q) from ParseDate(%q): %v", b, s, err)
		}
		if back != d {
			t.Fatalf("ParseDate(%q) = %s, round trip gave %s", s, d, back)
		}
		if d.AddDays(1).AddDays(-1) != d {
			t.Fatalf("%s: AddDays(1) then AddDays(-1) moved the day", d)
		}
	})
}
