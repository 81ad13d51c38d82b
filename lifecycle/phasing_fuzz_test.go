package lifecycle

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// FuzzScheduleAddsUp phases arbitrary rates over arbitrary terms under
// arbitrary roundings, allocates totals by arbitrary weights, adds the
// two, and checks that every schedule's parts add up exactly to its
// total, that no figure panics, and that the phased parts stay within
// one rounding step of a slow exact computation.
func FuzzScheduleAddsUp(f *testing.F) {
	f.Add(int64(1000000), uint8(0), uint16(9040), uint16(364), int8(2),
		uint8(0), []byte{1, 1, 1})
	f.Add(int64(1200), uint8(0), uint16(5660), uint16(913), int8(2),
		uint8(0), []byte{3, 0, 2, 9})
	f.Add(int64(120000), uint8(2), uint16(8805), uint16(365), int8(2),
		uint8(1), []byte{})
	f.Add(int64(-1000000), uint8(0), uint16(9000), uint16(30), int8(0),
		uint8(4), []byte{0, 0})
	f.Add(int64(7), uint8(3), uint16(0), uint16(0), int8(4), uint8(5),
		[]byte{255})
	f.Add(int64(999999999999), uint8(7), uint16(12345), uint16(3999),
		int8(-3), uint8(3), []byte{5, 4, 3, 2, 1, 0, 1, 2, 3})
	f.Add(int64(-9223372036854775808), uint8(9), uint16(65535),
		uint16(65535), int8(-128), uint8(255), []byte{0, 7})

	f.Fuzz(func(t *testing.T, units int64, scale uint8, startDay,
		length uint16, places int8, mode uint8, ws []byte) {
		rate := PerYear(Money{
			amount:   decimal.New(units, -int32(scale%10)),
			currency: EUR,
		})
		start := MustDate(2000, time.January, 1).AddDays(int(startDay) % 20000)
		term := Term{Start: start, End: start.AddDays(int(length) % 2000)}
		r := Rounding{Mode: RoundingMode(mode % 8), Places: int32(places % 7)}

		phased, err := PhaseAnnual(rate, term, r)
		require.NoError(t, err)
		fuzzCheckSchedule(t, phased)
		assertPhasedNearExact(t, phased, rate, term, r)
		annual, err := phased.Annualised(r)
		require.NoError(t, err)
		require.True(t, annual.Equal(rate), "annualised %s", annual)
		fuzzCheckFiscalYears(t, phased, time.Month(mode%13))

		allocated := fuzzScheduleAllocate(t, rate, term, r, ws)
		sum, err := phased.Add(allocated)
		require.NoError(t, err)
		fuzzCheckSchedule(t, sum)
		both := phased.Total().Amount().Add(allocated.Total().Amount())
		require.True(t, sum.Total().Amount().Equal(both), "sum %s", sum.Total())
		require.Equal(t, EUR, sum.Currency())
	})
}

// fuzzScheduleAllocate allocates the rate, rounded under r, over the months from
// the term's start with weights ws, and checks the result.
func fuzzScheduleAllocate(t *testing.T, rate AnnualRate, term Term, r Rounding,
	ws []byte) Schedule {
	total := rate.PerYear().Round(r)
	weights := make([]PeriodWeight, len(ws))
	positive := false
	for i, w := range ws {
		weights[i] = PeriodWeight{
			Period: term.Start.Period().AddMonths(i),
			Weight: decimal.New(int64(w), -1),
		}
		positive = positive || w > 0
	}

	s, err := AllocateSchedule(total, weights, r)
	if !positive {
		require.ErrorIs(t, err, ErrInvalidSchedule)
		return Schedule{}
	}
	require.NoError(t, err)
	require.True(t, s.Total().Equal(total), "allocated %s of %s", s.Total(), total)
	require.Equal(t, len(ws), s.Len())
	for _, pa := range s.Parts() {
		require.True(t, pa.Amount.Amount().Equal(r.Round(pa.Amount.Amount())))
	}
	fuzzCheckSchedule(t, s)
	return s
}

// fuzzCheckSchedule checks the invariants of s, and that it survives being
// rebuilt from its parts and a JSON round trip.
func fuzzCheckSchedule(t *testing.T, s Schedule) {
	assertScheduleAddsUp(t, s)

	rebuilt, err := NewSchedule(s.Parts())
	require.NoError(t, err)
	require.True(t, rebuilt.Total().Equal(s.Total()))

	b, err := json.Marshal(s)
	require.NoError(t, err)
	var decoded Schedule
	require.NoError(t, json.Unmarshal(b, &decoded), "%s", b)
	require.True(t, decoded.Equal(s), "%s", b)
}

// fuzzCheckFiscalYears checks that the in-year figures of every fiscal year
// the schedule touches add up to its total.
func fuzzCheckFiscalYears(t *testing.T, s Schedule, first time.Month) {
	cal := FiscalCalendar{FirstMonth: first}
	parts := s.Parts()
	from := cal.YearOf(parts[0].Period)
	to := cal.YearOf(parts[len(parts)-1].Period)
	sum := Zero(s.Currency())
	for year := from; year <= to; year++ {
		var err error
		sum, err = sum.Add(s.InYear(cal, year))
		require.NoError(t, err)
	}
	require.True(t, sum.Equal(s.Total()), "%s: years add to %s, total %s",
		cal, sum, s.Total())
}
