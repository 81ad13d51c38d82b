package lifecycle

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var phasingEUR = CurrencyRounding(EUR)

// mustPhasingTerm returns the term between two ISO dates.
func mustPhasingTerm(t *testing.T, start, end string) Term {
	t.Helper()
	s, err := ParseDate(start)
	require.NoError(t, err)
	e, err := ParseDate(end)
	require.NoError(t, err)
	return Term{Start: s, End: e}
}

// mustPhaseEUR phases amount EUR a year over start..end under r.
func mustPhaseEUR(t *testing.T, amount, start, end string, r Rounding) Schedule {
	t.Helper()
	s, err := PhaseAnnual(MustAnnualRate(amount, "EUR"), mustPhasingTerm(t, start, end), r)
	require.NoError(t, err)
	return s
}

// assertPhasedMoney checks that got is want, written as "1234.50 EUR".
func assertPhasedMoney(t *testing.T, want string, got Money) {
	t.Helper()
	f := strings.Fields(want)
	require.Len(t, f, 2, "want %q", want)
	w := MustMoney(f[0], f[1])
	assert.True(t, got.Equal(w), "got %s want %s", got, w)
}

// assertScheduleAddsUp checks the invariants every schedule keeps.
func assertScheduleAddsUp(t *testing.T, s Schedule) {
	t.Helper()
	parts := s.Parts()
	sum := Zero(s.Currency())
	for i, pa := range parts {
		if i > 0 && !parts[i-1].Period.Before(pa.Period) {
			t.Fatalf("parts %d and %d out of order: %s, %s",
				i-1, i, parts[i-1].Period, pa.Period)
		}
		var err error
		if sum, err = sum.Add(pa.Amount); err != nil {
			t.Fatal(err)
		}
	}
	require.True(t, sum.Equal(s.Total()), "parts add to %s, total %s", sum, s.Total())
	if len(parts) == 0 {
		return
	}
	first, last := parts[0].Period, parts[len(parts)-1].Period
	all := s.Between(first, last)
	require.True(t, all.Equal(s.Total()), "between %s", all)
	due := s.DueBy(last.Last())
	require.True(t, due.Equal(s.Total()), "due by end %s", due)
	none := s.DueBy(first.Last().AddDays(-1))
	require.True(t, none.IsZero(), "due before first month ends %s", none)
}

func TestPhaseAnnualWorkedChecks(t *testing.T) {
	calendar := FiscalCalendar{}

	t.Run("1000000 from 2024-10-01 for 12 months", func(t *testing.T) {
		s := mustPhaseEUR(t, "1000000", "2024-10-01", "2025-09-30", phasingEUR)
		assertScheduleAddsUp(t, s)
		assertPhasedMoney(t, "250000 EUR", s.InYear(calendar, 2024))
		assertPhasedMoney(t, "750000 EUR", s.InYear(calendar, 2025))
		assertPhasedMoney(t, "0 EUR", s.InYear(calendar, 2026))
		assertPhasedMoney(t, "1000000 EUR", s.Total())
		rate, err := s.Annualised(phasingEUR)
		require.NoError(t, err)
		assert.True(t, rate.Equal(MustAnnualRate("1000000", "EUR")), "%s", rate)
	})

	t.Run("100 a month from 2015-07-01 for 30 months", func(t *testing.T) {
		s := mustPhaseEUR(t, "1200", "2015-07-01", "2017-12-31", phasingEUR)
		assertScheduleAddsUp(t, s)
		assert.Equal(t, 30, s.Len())
		for _, pa := range s.Parts() {
			assertPhasedMoney(t, "100 EUR", pa.Amount)
		}
		assertPhasedMoney(t, "600 EUR", s.InYear(calendar, 2015))
		assertPhasedMoney(t, "1200 EUR", s.InYear(calendar, 2016))
		assertPhasedMoney(t, "1200 EUR", s.InYear(calendar, 2017))
		assertPhasedMoney(t, "3000 EUR", s.Total())
		rate, err := s.Annualised(phasingEUR)
		require.NoError(t, err)
		assert.True(t, rate.Equal(MustAnnualRate("1200", "EUR")), "%s", rate)

		// The same parts given by hand annualise from their total.
		own, err := NewSchedule(s.Parts())
		require.NoError(t, err)
		rate, err = own.Annualised(phasingEUR)
		require.NoError(t, err)
		assert.True(t, rate.Equal(MustAnnualRate("1200", "EUR")), "%s", rate)
	})
}

func TestPhaseAnnualFiscalApril(t *testing.T) {
	april := FiscalCalendar{FirstMonth: time.April}
	tests := []struct {
		name   string
		amount string
		start  string
		end    string
		want   map[int]string // fiscal year → in-year figure
	}{
		{
			name: "1000000 from 2024-10-01", amount: "1000000",
			start: "2024-10-01", end: "2025-09-30",
			want: map[int]string{
				2024: "0 EUR", 2025: "500000 EUR",
				2026: "500000 EUR", 2027: "0 EUR",
			},
		},
		{
			name: "1200 from 2015-07-01 for 30 months", amount: "1200",
			start: "2015-07-01", end: "2017-12-31",
			want: map[int]string{
				2016: "900 EUR", 2017: "1200 EUR", 2018: "900 EUR",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustPhaseEUR(t, tt.amount, tt.start, tt.end, phasingEUR)
			for year, want := range tt.want {
				assertPhasedMoney(t, want, s.InYear(april, year))
			}
		})
	}
}

func TestPhaseAnnualPartialMonths(t *testing.T) {
	tests := []struct {
		name  string
		start string
		end   string
		want  map[string]string // period → part
		total string
	}{
		{
			// February 2024 has 29 days; the term has 20 of them:
			// 100 × 20/29 = 68.9655… → 68.97. February 2025 has 28
			// days, the term 9: the running total 100 × (11 + 20/29 +
			// 9/28) = 1201.108… rounds to 1201.11, and 1168.97 was
			// already phased, so 32.14.
			name: "leap february start", start: "2024-02-10", end: "2025-02-09",
			want: map[string]string{
				"2024-02": "68.97 EUR", "2024-03": "100 EUR",
				"2025-01": "100 EUR", "2025-02": "32.14 EUR",
			},
			total: "1201.11 EUR",
		},
		{
			// 19 of 28 days: 100 × 19/28 = 67.857… → 67.86.
			name: "plain february start", start: "2023-02-10", end: "2023-03-31",
			want:  map[string]string{"2023-02": "67.86 EUR", "2023-03": "100 EUR"},
			total: "167.86 EUR",
		},
		{
			// 15 of 31 days: 100 × 15/31 = 48.387… → 48.39.
			name: "ends mid january", start: "2025-01-01", end: "2025-01-15",
			want:  map[string]string{"2025-01": "48.39 EUR"},
			total: "48.39 EUR",
		},
		{
			// 1 of 30 days: 100/30 = 3.333… → 3.33.
			name: "single day", start: "2025-06-30", end: "2025-06-30",
			want:  map[string]string{"2025-06": "3.33 EUR"},
			total: "3.33 EUR",
		},
		{
			// 16 days of March (31) and 15 of April (30): the running
			// total 100 × (16/31 + 15/30) = 101.6129… → 101.61, after
			// 51.61 for March.
			name: "across a month end", start: "2025-03-16", end: "2025-04-15",
			want:  map[string]string{"2025-03": "51.61 EUR", "2025-04": "50 EUR"},
			total: "101.61 EUR",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustPhaseEUR(t, "1200", tt.start, tt.end, phasingEUR)
			assertScheduleAddsUp(t, s)
			assertPhasedNearExact(t, s, MustAnnualRate("1200", "EUR"),
				mustPhasingTerm(t, tt.start, tt.end), phasingEUR)
			got := map[string]Money{}
			for _, pa := range s.Parts() {
				got[pa.Period.String()] = pa.Amount
			}
			for period, want := range tt.want {
				assertPhasedMoney(t, want, got[period])
			}
			assertPhasedMoney(t, tt.total, s.Total())
		})
	}
}

func TestPhaseAnnualRounding(t *testing.T) {
	tests := []struct {
		name    string
		amount  string
		cur     string
		r       Rounding
		pattern []string // parts of each quarter, repeated four times
	}{
		{
			name: "1000000 EUR half-even cents", amount: "1000000", cur: "EUR",
			r:       phasingEUR,
			pattern: []string{"83333.33", "83333.34", "83333.33"},
		},
		{
			name: "1000000 JPY whole yen", amount: "1000000", cur: "JPY",
			r:       CurrencyRounding(JPY),
			pattern: []string{"83333", "83334", "83333"},
		},
		{
			name: "1000000 EUR down cents", amount: "1000000", cur: "EUR",
			r:       Rounding{Mode: Down, Places: 2},
			pattern: []string{"83333.33", "83333.33", "83333.34"},
		},
		{
			name: "1000000 EUR half-even hundreds", amount: "1000000", cur: "EUR",
			r:       Rounding{Mode: HalfEven, Places: -2},
			pattern: []string{"83300", "83400", "83300"},
		},
		{
			name: "-1000000 EUR floor cents", amount: "-1000000", cur: "EUR",
			r:       Rounding{Mode: Floor, Places: 2},
			pattern: []string{"-83333.34", "-83333.33", "-83333.33"},
		},
		{
			name: "-1200 EUR half-even cents", amount: "-1200", cur: "EUR",
			r:       phasingEUR,
			pattern: []string{"-100", "-100", "-100"},
		},
		{
			name: "0 EUR", amount: "0", cur: "EUR", r: phasingEUR,
			pattern: []string{"0", "0", "0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rate := MustAnnualRate(tt.amount, tt.cur)
			term := mustPhasingTerm(t, "2025-01-01", "2025-12-31")
			s, err := PhaseAnnual(rate, term, tt.r)
			require.NoError(t, err)
			assertScheduleAddsUp(t, s)
			assertPhasedNearExact(t, s, rate, term, tt.r)
			parts := s.Parts()
			require.Len(t, parts, 12)
			for i, pa := range parts {
				want := tt.pattern[i%3] + " " + tt.cur
				assertPhasedMoney(t, want, pa.Amount)
			}
			assertPhasedMoney(t, tt.amount+" "+tt.cur, s.Total())
		})
	}
}

func TestPhaseAnnualErrors(t *testing.T) {
	good := mustPhasingTerm(t, "2025-01-01", "2025-12-31")
	backwards := mustPhasingTerm(t, "2025-12-31", "2025-01-01")
	rate := MustAnnualRate("1200", "EUR")
	tests := []struct {
		name  string
		rate  AnnualRate
		term  Term
		want  []error
		words []string
	}{
		{
			name: "unset rate", rate: AnnualRate{}, term: good,
			want: []error{ErrUnknownCurrency}, words: []string{"currency"},
		},
		{
			name: "invalid currency", rate: PerYear(Zero("XXX")), term: good,
			want: []error{ErrUnknownCurrency}, words: []string{"XXX"},
		},
		{
			name: "term ends before it starts", rate: rate, term: backwards,
			want:  []error{ErrInvalidDate},
			words: []string{"2025-12-31", "2025-01-01"},
		},
		{
			name: "unset term", rate: rate, term: Term{},
			want: []error{ErrInvalidDate},
		},
		{
			name: "both", rate: AnnualRate{}, term: Term{Start: good.Start},
			want: []error{ErrUnknownCurrency, ErrInvalidDate},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := PhaseAnnual(tt.rate, tt.term, phasingEUR)
			require.Error(t, err)
			assert.True(t, s.Equal(Schedule{}))
			for _, want := range tt.want {
				assert.ErrorIs(t, err, want)
			}
			for _, w := range tt.words {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestScheduleDueBy(t *testing.T) {
	thirty := mustPhaseEUR(t, "1200", "2015-07-01", "2017-12-31", phasingEUR)
	short := mustPhaseEUR(t, "1200", "2025-01-01", "2025-01-15", phasingEUR)
	tests := []struct {
		name string
		s    Schedule
		date string
		want string
	}{
		{"30 months before start", thirty, "2015-06-30", "0 EUR"},
		{"30 months mid first month", thirty, "2015-07-15", "0 EUR"},
		{"30 months day before first month end", thirty, "2015-07-30", "0 EUR"},
		{"30 months first month end", thirty, "2015-07-31", "100 EUR"},
		{"30 months mid second month", thirty, "2015-08-15", "100 EUR"},
		{"30 months year end", thirty, "2015-12-31", "600 EUR"},
		{"30 months new year", thirty, "2016-01-01", "600 EUR"},
		{"30 months leap day", thirty, "2016-02-29", "800 EUR"},
		{"30 months day before leap day", thirty, "2016-02-28", "700 EUR"},
		{"30 months term end", thirty, "2017-12-31", "3000 EUR"},
		{"30 months long after", thirty, "2030-06-15", "3000 EUR"},
		{"short term on its last day", short, "2025-01-15", "0 EUR"},
		{"short term at month end", short, "2025-01-31", "48.39 EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDate(tt.date)
			require.NoError(t, err)
			assertPhasedMoney(t, tt.want, tt.s.DueBy(d))
		})
	}
	assertPhasedMoney(t, "0 EUR", thirty.DueBy(Date{}))
}

func TestScheduleBetween(t *testing.T) {
	s := mustPhaseEUR(t, "1200", "2015-07-01", "2017-12-31", phasingEUR)
	tests := []struct {
		from, to string
		want     string
	}{
		{"2015-07", "2015-07", "100 EUR"},
		{"2015-01", "2015-12", "600 EUR"},
		{"2017-06", "2019-01", "700 EUR"},
		{"2000-01", "2015-06", "0 EUR"},
		{"2018-01", "2020-01", "0 EUR"},
		{"2016-03", "2016-01", "0 EUR"}, // to before from
		{"2000-01", "2099-12", "3000 EUR"},
	}
	for _, tt := range tests {
		t.Run(tt.from+".."+tt.to, func(t *testing.T) {
			from, err := ParsePeriod(tt.from)
			require.NoError(t, err)
			to, err := ParsePeriod(tt.to)
			require.NoError(t, err)
			assertPhasedMoney(t, tt.want, s.Between(from, to))
		})
	}
}

// scheduleParts builds schedule parts from "2025-01=100 EUR" pairs.
func scheduleParts(t *testing.T, specs ...string) []PeriodAmount {
	t.Helper()
	var out []PeriodAmount
	for _, spec := range specs {
		period, amount, ok := strings.Cut(spec, "=")
		require.True(t, ok, spec)
		p, err := ParsePeriod(period)
		require.NoError(t, err)
		f := strings.Fields(amount)
		out = append(out, PeriodAmount{Period: p, Amount: MustMoney(f[0], f[1])})
	}
	return out
}

func TestNewSchedule(t *testing.T) {
	given := scheduleParts(t, "2025-03=300 EUR", "2025-01=100.5 EUR", "2025-02=-20 EUR")
	s, err := NewSchedule(given)
	require.NoError(t, err)
	assertScheduleAddsUp(t, s)
	assert.Equal(t, EUR, s.Currency())
	assertPhasedMoney(t, "380.5 EUR", s.Total())

	got := s.Parts()
	require.Len(t, got, 3)
	assert.Equal(t, "2025-01", got[0].Period.String())
	assert.Equal(t, "2025-02", got[1].Period.String())
	assert.Equal(t, "2025-03", got[2].Period.String())

	// Neither the caller's slice nor the copy from Parts reaches inside.
	given[0].Amount = MustMoney("1", "EUR")
	got[0].Amount = MustMoney("1", "EUR")
	assertPhasedMoney(t, "100.5 EUR", s.Parts()[0].Amount)
	assertPhasedMoney(t, "380.5 EUR", s.Total())
}

func TestNewScheduleEmpty(t *testing.T) {
	s, err := NewSchedule(nil)
	require.NoError(t, err)
	assert.True(t, s.Equal(Schedule{}))
	assert.Equal(t, 0, s.Len())
	assert.False(t, s.Total().IsSet())
	assert.True(t, s.Total().IsZero())
}

func TestNewScheduleErrors(t *testing.T) {
	jan := MustPeriod(2025, time.January)
	feb := MustPeriod(2025, time.February)
	eur := MustMoney("100", "EUR")
	tests := []struct {
		name  string
		parts []PeriodAmount
		want  []error
		words []string
	}{
		{
			name:  "no period",
			parts: []PeriodAmount{{Period: jan, Amount: eur}, {Amount: eur}},
			want:  []error{ErrInvalidSchedule},
			words: []string{"part 1", "no period"},
		},
		{
			name: "repeated period",
			parts: []PeriodAmount{
				{Period: jan, Amount: eur}, {Period: feb, Amount: eur},
				{Period: jan, Amount: eur},
			},
			want:  []error{ErrInvalidSchedule},
			words: []string{"part 2", "2025-01", "part 0"},
		},
		{
			name:  "unset amount",
			parts: []PeriodAmount{{Period: jan, Amount: eur}, {Period: feb}},
			want:  []error{ErrUnknownCurrency},
			words: []string{"part 1", "2025-02"},
		},
		{
			name:  "invalid currency",
			parts: []PeriodAmount{{Period: jan, Amount: Zero("XXX")}},
			want:  []error{ErrUnknownCurrency},
			words: []string{"part 0", "XXX"},
		},
		{
			name: "two currencies",
			parts: []PeriodAmount{
				{Period: jan, Amount: eur},
				{Period: feb, Amount: MustMoney("5", "USD")},
			},
			want:  []error{ErrCurrencyMismatch},
			words: []string{"part 1", "2025-02", "5 USD", "EUR"},
		},
		{
			name: "every problem at once",
			parts: []PeriodAmount{
				{Period: jan, Amount: eur},
				{Amount: MustMoney("5", "USD")},
				{Period: jan},
			},
			want: []error{
				ErrInvalidSchedule, ErrCurrencyMismatch, ErrUnknownCurrency,
			},
			words: []string{"part 1", "part 2", "no period", "repeats part 0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSchedule(tt.parts)
			require.Error(t, err)
			assert.True(t, s.Equal(Schedule{}))
			for _, want := range tt.want {
				assert.ErrorIs(t, err, want)
			}
			for _, w := range tt.words {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// scheduleWeights builds allocation weights from "2025-01=2" pairs.
func scheduleWeights(t *testing.T, specs ...string) []PeriodWeight {
	t.Helper()
	var out []PeriodWeight
	for _, spec := range specs {
		period, weight, ok := strings.Cut(spec, "=")
		require.True(t, ok, spec)
		p, err := ParsePeriod(period)
		require.NoError(t, err)
		out = append(out, PeriodWeight{Period: p, Weight: decimal.RequireFromString(weight)})
	}
	return out
}

func TestAllocateSchedule(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		r       Rounding
		weights []string
		want    []string // parts in period order
	}{
		{
			name: "1000 in thirds", total: "1000 EUR", r: phasingEUR,
			weights: []string{"2025-01=1", "2025-02=1", "2025-03=1"},
			want:    []string{"333.33 EUR", "333.34 EUR", "333.33 EUR"},
		},
		{
			name: "seasonal with an empty month, unsorted", total: "120 EUR",
			r:       phasingEUR,
			weights: []string{"2025-03=2", "2025-01=1", "2025-02=0"},
			want:    []string{"40 EUR", "0 EUR", "80 EUR"},
		},
		{
			name: "decimal weights", total: "100 EUR", r: phasingEUR,
			weights: []string{"2025-01=0.5", "2025-02=0.25", "2025-03=0.25"},
			want:    []string{"50 EUR", "25 EUR", "25 EUR"},
		},
		{
			name: "negative total", total: "-10 EUR", r: phasingEUR,
			weights: []string{"2025-01=1", "2025-02=1", "2025-03=1"},
			want:    []string{"-3.33 EUR", "-3.34 EUR", "-3.33 EUR"},
		},
		{
			name: "whole yen", total: "100 JPY", r: CurrencyRounding(JPY),
			weights: []string{"2025-01=1", "2025-02=1", "2025-03=1"},
			want:    []string{"33 JPY", "34 JPY", "33 JPY"},
		},
		{
			name: "one month", total: "99.99 EUR", r: phasingEUR,
			weights: []string{"2025-07=3"},
			want:    []string{"99.99 EUR"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := strings.Fields(tt.total)
			total := MustMoney(f[0], f[1])
			s, err := AllocateSchedule(total, scheduleWeights(t, tt.weights...), tt.r)
			require.NoError(t, err)
			assertScheduleAddsUp(t, s)
			assert.True(t, s.Total().Equal(total), "total %s", s.Total())
			got := s.Parts()
			require.Len(t, got, len(tt.want))
			for i, want := range tt.want {
				assertPhasedMoney(t, want, got[i].Amount)
			}
		})
	}
}

func TestAllocateScheduleErrors(t *testing.T) {
	three := []string{"2025-01=1", "2025-02=1", "2025-03=1"}
	tests := []struct {
		name    string
		total   Money
		weights []PeriodWeight
		want    []error
		words   []string
	}{
		{
			name: "unset total", total: Money{}, weights: scheduleWeights(t, three...),
			want: []error{ErrUnknownCurrency},
		},
		{
			name: "total finer than the rounding", total: MustMoney("100.005", "EUR"),
			weights: scheduleWeights(t, three...),
			want:    []error{ErrInvalidAmount},
			words:   []string{"100.005", "half-even to 2 places"},
		},
		{
			name: "no weights", total: MustMoney("100", "EUR"),
			want: []error{ErrInvalidSchedule},
		},
		{
			name: "negative weight", total: MustMoney("100", "EUR"),
			weights: scheduleWeights(t, "2025-01=1", "2025-02=-1"),
			want:    []error{ErrInvalidSchedule},
			words:   []string{"weight 1", "2025-02", "-1"},
		},
		{
			name: "all zero", total: MustMoney("100", "EUR"),
			weights: scheduleWeights(t, "2025-01=0", "2025-02=0"),
			want:    []error{ErrInvalidSchedule},
			words:   []string{"zero"},
		},
		{
			name: "repeated period", total: MustMoney("100", "EUR"),
			weights: scheduleWeights(t, "2025-01=1", "2025-01=2"),
			want:    []error{ErrInvalidSchedule},
			words:   []string{"weight 1", "2025-01", "weight 0"},
		},
		{
			name: "no period", total: MustMoney("100", "EUR"),
			weights: []PeriodWeight{{Weight: decimal.NewFromInt(1)}},
			want:    []error{ErrInvalidSchedule},
			words:   []string{"weight 0", "no period"},
		},
		{
			name: "every problem at once", total: MustMoney("0.001", "EUR"),
			weights: append(scheduleWeights(t, "2025-01=-1"), PeriodWeight{}),
			want:    []error{ErrInvalidAmount, ErrInvalidSchedule},
			words:   []string{"negative", "no period", "digits"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := AllocateSchedule(tt.total, tt.weights, phasingEUR)
			require.Error(t, err)
			assert.True(t, s.Equal(Schedule{}))
			for _, want := range tt.want {
				assert.ErrorIs(t, err, want)
			}
			for _, w := range tt.words {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestScheduleAnnualised(t *testing.T) {
	tests := []struct {
		name  string
		parts []string
		r     Rounding
		want  string
	}{
		{
			name:  "three months with a gap",
			parts: []string{"2025-01=100 EUR", "2025-02=200 EUR", "2025-04=300 EUR"},
			r:     phasingEUR, want: "1800 EUR",
		},
		{
			name:  "one month",
			parts: []string{"2025-05=10.01 EUR"},
			r:     phasingEUR, want: "120.12 EUR",
		},
		{
			// 100 × 12 / 7 = 171.428…
			name:  "seven months, rounded half-even",
			parts: []string{"2025-01=100 EUR", "2025-07=0 EUR"},
			r:     phasingEUR, want: "171.43 EUR",
		},
		{
			name:  "seven months, rounded down to whole euros",
			parts: []string{"2025-01=100 EUR", "2025-07=0 EUR"},
			r:     Rounding{Mode: Down}, want: "171 EUR",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSchedule(scheduleParts(t, tt.parts...))
			require.NoError(t, err)
			rate, err := s.Annualised(tt.r)
			require.NoError(t, err)
			assertPhasedMoney(t, tt.want, rate.PerYear())
		})
	}
}

func TestScheduleAnnualisedPhasedKeepsRate(t *testing.T) {
	// A short, partial term still annualises to the rate it came from,
	// unrounded, whatever rounding is asked for.
	s := mustPhaseEUR(t, "1000.125", "2024-02-10", "2024-03-05", phasingEUR)
	rate, err := s.Annualised(Rounding{})
	require.NoError(t, err)
	assert.True(t, rate.Equal(MustAnnualRate("1000.125", "EUR")), "%s", rate)
}

func TestScheduleAnnualisedEmpty(t *testing.T) {
	_, err := Schedule{}.Annualised(phasingEUR)
	assert.ErrorIs(t, err, ErrInvalidSchedule)
}

func TestScheduleAdd(t *testing.T) {
	a, err := NewSchedule(scheduleParts(t, "2025-01=100 EUR", "2025-02=100 EUR", "2025-03=100 EUR"))
	require.NoError(t, err)
	b, err := NewSchedule(scheduleParts(t, "2025-04=10 EUR", "2025-02=10 EUR", "2025-03=10 EUR"))
	require.NoError(t, err)
	want, err := NewSchedule(scheduleParts(t,
		"2025-01=100 EUR", "2025-02=110 EUR", "2025-03=110 EUR", "2025-04=10 EUR"))
	require.NoError(t, err)

	for name, pair := range map[string][2]Schedule{"a+b": {a, b}, "b+a": {b, a}} {
		t.Run(name, func(t *testing.T) {
			sum, err := pair[0].Add(pair[1])
			require.NoError(t, err)
			assertScheduleAddsUp(t, sum)
			assert.True(t, sum.Equal(want), "got %s want %s", sum, want)
			assertPhasedMoney(t, "330 EUR", sum.Total())
		})
	}
}

func TestScheduleAddEmpty(t *testing.T) {
	phased := mustPhaseEUR(t, "1200", "2025-01-01", "2025-06-30", phasingEUR)
	var emptyEUR Schedule
	require.NoError(t, json.Unmarshal([]byte(`{"currency":"EUR","parts":[]}`), &emptyEUR))
	tests := []struct {
		name string
		a, b Schedule
		want Schedule
	}{
		{"phased + zero", phased, Schedule{}, phased},
		{"zero + phased", Schedule{}, phased, phased},
		{"phased + empty EUR", phased, emptyEUR, phased},
		{"zero + zero", Schedule{}, Schedule{}, Schedule{}},
		{"zero + empty EUR", Schedule{}, emptyEUR, emptyEUR},
		{"empty EUR + zero", emptyEUR, Schedule{}, emptyEUR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.a.Add(tt.b)
			require.NoError(t, err)
			assert.True(t, got.Equal(tt.want), "got %s want %s", got, tt.want)
		})
	}
}

func TestScheduleAddForgetsRate(t *testing.T) {
	first := mustPhaseEUR(t, "1200", "2025-01-01", "2025-12-31", phasingEUR)
	second := mustPhaseEUR(t, "1200", "2026-01-01", "2026-12-31", phasingEUR)
	sum, err := first.Add(second)
	require.NoError(t, err)
	rate, err := sum.Annualised(phasingEUR)
	require.NoError(t, err)
	// Two consecutive years at 1200 are 1200 a year, not 2400.
	assertPhasedMoney(t, "1200 EUR", rate.PerYear())
}

func TestScheduleAddCurrencyMismatch(t *testing.T) {
	eur := mustPhaseEUR(t, "1200", "2025-01-01", "2025-12-31", phasingEUR)
	usd, err := PhaseAnnual(MustAnnualRate("1200", "USD"),
		mustPhasingTerm(t, "2025-01-01", "2025-12-31"), phasingEUR)
	require.NoError(t, err)
	var emptyUSD Schedule
	require.NoError(t, json.Unmarshal([]byte(`{"currency":"USD","parts":[]}`), &emptyUSD))
	for name, b := range map[string]Schedule{"usd": usd, "empty usd": emptyUSD} {
		t.Run(name, func(t *testing.T) {
			_, err := eur.Add(b)
			assert.ErrorIs(t, err, ErrCurrencyMismatch)
			assert.Contains(t, err.Error(), "USD")
		})
	}
}

func TestScheduleEqual(t *testing.T) {
	short, err := NewSchedule(scheduleParts(t, "2025-01=1.5 EUR"))
	require.NoError(t, err)
	long, err := NewSchedule(scheduleParts(t, "2025-01=1.50 EUR"))
	require.NoError(t, err)
	other, err := NewSchedule(scheduleParts(t, "2025-02=1.5 EUR"))
	require.NoError(t, err)
	withZero, err := NewSchedule(scheduleParts(t, "2025-01=1.5 EUR", "2025-02=0 EUR"))
	require.NoError(t, err)
	usd, err := NewSchedule(scheduleParts(t, "2025-01=1.5 USD"))
	require.NoError(t, err)
	phased := mustPhaseEUR(t, "1200", "2025-01-01", "2025-12-31", phasingEUR)
	samePartsByHand, err := NewSchedule(phased.Parts())
	require.NoError(t, err)

	tests := []struct {
		name string
		a, b Schedule
		want bool
	}{
		{"1.5 and 1.50", short, long, true},
		{"other month", short, other, false},
		{"extra zero month", short, withZero, false},
		{"other currency", short, usd, false},
		{"zero and zero", Schedule{}, Schedule{}, true},
		{"zero and one part", Schedule{}, short, false},
		{"phased and its parts by hand", phased, samePartsByHand, false},
		{"phased and itself", phased, phased, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.a.Equal(tt.b))
			assert.Equal(t, tt.want, tt.b.Equal(tt.a))
		})
	}
}

func TestScheduleString(t *testing.T) {
	own, err := NewSchedule(scheduleParts(t, "2025-01=1.5 EUR", "2025-03=2 EUR"))
	require.NoError(t, err)
	var emptyEUR Schedule
	require.NoError(t, json.Unmarshal([]byte(`{"currency":"EUR","parts":[]}`), &emptyEUR))
	tests := []struct {
		name string
		s    Schedule
		want string
	}{
		{"zero", Schedule{}, "empty schedule"},
		{"empty EUR", emptyEUR, "empty schedule in EUR"},
		{"own", own, "3.5 EUR over 2025-01..2025-03 (2 parts)"},
		{
			"phased",
			mustPhaseEUR(t, "1200", "2015-07-01", "2017-12-31", phasingEUR),
			"3000.00 EUR over 2015-07..2017-12 (30 parts) from 1200 EUR/year",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.s.String())
		})
	}
}

func TestScheduleJSONRoundTrip(t *testing.T) {
	own, err := NewSchedule(scheduleParts(t, "2025-03=-2 EUR", "2025-01=1.50 EUR"))
	require.NoError(t, err)
	alloc, err := AllocateSchedule(MustMoney("1000", "EUR"),
		scheduleWeights(t, "2025-01=1", "2025-02=1", "2025-03=1"), phasingEUR)
	require.NoError(t, err)
	var emptyEUR Schedule
	require.NoError(t, json.Unmarshal([]byte(`{"currency":"EUR","parts":[]}`), &emptyEUR))

	tests := map[string]Schedule{
		"zero":      {},
		"empty EUR": emptyEUR,
		"own":       own,
		"allocated": alloc,
		"phased":    mustPhaseEUR(t, "1000000", "2024-10-01", "2025-09-30", phasingEUR),
		"partial":   mustPhaseEUR(t, "1200", "2024-02-10", "2025-02-09", phasingEUR),
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(s)
			require.NoError(t, err)
			var got Schedule
			require.NoError(t, json.Unmarshal(b, &got), "%s", b)
			assert.True(t, got.Equal(s), "got %s want %s from %s", got, s, b)
			assert.True(t, got.Total().Equal(s.Total()))
			again, err := json.Marshal(got)
			require.NoError(t, err)
			assert.JSONEq(t, string(b), string(again))
		})
	}
}

func TestScheduleJSONForm(t *testing.T) {
	s := mustPhaseEUR(t, "1200", "2025-01-01", "2025-02-28", phasingEUR)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	want := `{"currency":"EUR","parts":[
		{"period":"2025-01","amount":{"amount":"100.00","currency":"EUR"}},
		{"period":"2025-02","amount":{"amount":"100.00","currency":"EUR"}}],
		"annualRate":{"amount":"1200","currency":"EUR","per":"year"}}`
	assert.JSONEq(t, want, string(b))

	b, err = json.Marshal(Schedule{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"currency":"","parts":[]}`, string(b))

	var got Schedule
	require.NoError(t, json.Unmarshal([]byte("null"), &got))
	assert.True(t, got.Equal(Schedule{}))
}

func TestScheduleJSONErrors(t *testing.T) {
	const jan = `{"period":"2025-01","amount":{"amount":"1","currency":"EUR"}}`
	tests := []struct {
		name string
		json string
		want error
	}{
		{"bad currency", `{"currency":"XXX","parts":[]}`, ErrUnknownCurrency},
		{"no currency with parts", `{"currency":"","parts":[` + jan + `]}`,
			ErrUnknownCurrency},
		{"parts in another currency", `{"currency":"USD","parts":[` + jan + `]}`,
			ErrCurrencyMismatch},
		{"repeated period", `{"currency":"EUR","parts":[` + jan + `,` + jan + `]}`,
			ErrInvalidSchedule},
		{"part with no period",
			`{"currency":"EUR","parts":[{"amount":{"amount":"1","currency":"EUR"}}]}`,
			ErrInvalidSchedule},
		{"part with no amount",
			`{"currency":"EUR","parts":[{"period":"2025-01"}]}`,
			ErrUnknownCurrency},
		{"bad period",
			`{"currency":"EUR","parts":[{"period":"2025-13",` +
				`"amount":{"amount":"1","currency":"EUR"}}]}`,
			ErrInvalidDate},
		{"rate in another currency",
			`{"currency":"EUR","parts":[` + jan + `],` +
				`"annualRate":{"amount":"12","currency":"USD","per":"year"}}`,
			ErrCurrencyMismatch},
		{"rate with no parts",
			`{"currency":"EUR","parts":[],` +
				`"annualRate":{"amount":"12","currency":"EUR","per":"year"}}`,
			ErrInvalidSchedule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Schedule
			err := json.Unmarshal([]byte(tt.json), &s)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
		})
	}
	var s Schedule
	assert.Error(t, json.Unmarshal([]byte(`[1,2]`), &s))
}

// assertPhasedNearExact cross-checks s, phased from rate over term under r,
// against a slow, obvious computation in exact fractions: each running
// total lies within one rounding step of the exact one, and each part
// within one step of its exact share. It counts days one by one with
// the time package rather than with the package's own date arithmetic.
func assertPhasedNearExact(
	t *testing.T, s Schedule, rate AnnualRate, term Term, r Rounding,
) {
	t.Helper()
	step := new(big.Rat).SetFrac64(1, 1)
	ten := big.NewRat(10, 1)
	for i := int32(0); i < r.Places; i++ {
		step.Quo(step, ten)
	}
	for i := r.Places; i < 0; i++ {
		step.Mul(step, ten)
	}

	exactByMonth := slowPhasingShares(term)
	perYear := rate.PerYear().Amount().Rat()
	running, exactRunning := new(big.Rat), new(big.Rat)
	parts := s.Parts()
	require.Len(t, parts, len(exactByMonth))
	for i, pa := range parts {
		share := exactByMonth[i]
		if share.period != pa.Period.String() {
			t.Fatalf("part %d is %s, want %s", i, pa.Period, share.period)
		}
		amount := pa.Amount.Amount()
		exact := new(big.Rat).Mul(perYear, share.ofYear)
		exactRunning.Add(exactRunning, exact)
		running.Add(running, amount.Rat())

		off := new(big.Rat).Sub(running, exactRunning)
		if off.Abs(off).Cmp(step) >= 0 {
			t.Fatalf("%s: running total %s, exact %s", pa.Period,
				running.FloatString(6), exactRunning.FloatString(6))
		}
		off.Sub(amount.Rat(), exact)
		if off.Abs(off).Cmp(step) > 0 {
			t.Fatalf("%s: part %s, exact %s", pa.Period, pa.Amount,
				exact.FloatString(6))
		}
		if !amount.Equal(r.Round(amount)) {
			t.Fatalf("%s: part %s has more digits than %s", pa.Period,
				pa.Amount, r)
		}
	}
}

type slowPhasingShare struct {
	period string
	ofYear *big.Rat // the term's days in the month / (12 × days in month)
}

// slowPhasingShares walks the term day by day.
func slowPhasingShares(term Term) []slowPhasingShare {
	var out []slowPhasingShare
	end := term.End.Time()
	days := 0
	for d := term.Start.Time(); !d.After(end); d = d.AddDate(0, 0, 1) {
		days++
		next := d.AddDate(0, 0, 1)
		if next.Month() == d.Month() && !next.After(end) {
			continue
		}
		inMonth := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		out = append(out, slowPhasingShare{
			period: fmt.Sprintf("%04d-%02d", d.Year(), int(d.Month())),
			ofYear: big.NewRat(int64(days), int64(12*inMonth)),
		})
		days = 0
	}
	return out
}

func TestPhaseAnnualAgainstSlowShares(t *testing.T) {
	tests := []struct {
		amount, start, end string
		r                  Rounding
	}{
		{"1000000", "2024-10-01", "2025-09-30", phasingEUR},
		{"999999.99", "2023-11-17", "2027-03-02", phasingEUR},
		{"7", "2024-01-31", "2024-03-01", phasingEUR},
		{"-123456.789", "2019-12-31", "2021-01-01", Rounding{Mode: HalfUp, Places: 1}},
		{"1000000", "2024-02-29", "2028-02-29", Rounding{Mode: Ceiling}},
		{"1", "2024-02-01", "2024-02-29", Rounding{Mode: Up, Places: 4}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %s..%s %s", tt.amount, tt.start, tt.end, tt.r)
		t.Run(name, func(t *testing.T) {
			rate := MustAnnualRate(tt.amount, "EUR")
			term := mustPhasingTerm(t, tt.start, tt.end)
			s, err := PhaseAnnual(rate, term, tt.r)
			require.NoError(t, err)
			assertScheduleAddsUp(t, s)
			assertPhasedNearExact(t, s, rate, term, tt.r)
		})
	}
}
