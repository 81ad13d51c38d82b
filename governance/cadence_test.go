package governance_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// cadenceCast is one category plan under test and the people acting on
// it: its owner and the representative of each business unit.
type cadenceCast struct {
	t       *testing.T
	plan    *governance.CategoryPlan
	owner   lifecycle.Actor
	reps    map[string]lifecycle.Actor
	content governance.PlanContent
}

// cadencePlan creates a plan at created for the business units named,
// and submits it for sign-off an hour later.
func cadencePlan(t *testing.T, seed string, created time.Time, units ...string) *cadenceCast {
	t.Helper()
	ids := &lifecycle.Sequence{Seed: seed}
	actor := func(name string, role lifecycle.Role) lifecycle.Actor {
		id, err := lifecycle.NewActorID(ids)
		require.NoError(t, err)
		return lifecycle.Actor{ID: id, Role: role, Name: name}
	}
	category, err := lifecycle.NewCategoryID(ids)
	require.NoError(t, err)
	planID, err := governance.NewPlanID(ids)
	require.NoError(t, err)

	c := &cadenceCast{t: t, owner: actor("Olga", lifecycle.RoleOwner)}
	c.reps = map[string]lifecycle.Actor{}
	c.content = governance.PlanContent{
		Category:     category,
		Owner:        lifecycle.OwnerOf(c.owner.ID),
		Start:        lifecycle.MustDate(2024, time.January, 1),
		HorizonYears: 3,
		Strategy:     "consolidate suppliers",
	}
	for _, u := range units {
		rep := actor(u+" rep", lifecycle.RoleStakeholder)
		c.reps[u] = rep
		c.content.Stakeholders = append(c.content.Stakeholders,
			governance.Stakeholder{BusinessUnit: u, Representative: rep.ID, Name: rep.Name})
	}
	c.plan, err = governance.NewPlan(planID, c.content, lifecycle.Change{By: c.owner, At: created})
	require.NoError(t, err)
	c.change(created.Add(time.Hour), c.plan.Submit)
	return c
}

// change makes one owner's change at time at.
func (c *cadenceCast) change(at time.Time,
	do func(lifecycle.Change) (governance.PlanEvent, error),
) {
	c.t.Helper()
	_, err := do(lifecycle.Change{By: c.owner, At: at, Version: c.plan.Version(), Reason: "test"})
	require.NoError(c.t, err)
}

// sign records unit's sign-off, dated date and recorded at noon UTC of
// that day.
func (c *cadenceCast) sign(unit string, date lifecycle.Date, cadence governance.Cadence,
	level string,
) {
	c.signAt(unit, date, date.Time().Add(12*time.Hour), cadence, level)
}

func (c *cadenceCast) signAt(unit string, date lifecycle.Date, at time.Time,
	cadence governance.Cadence, level string,
) {
	c.t.Helper()
	_, err := c.plan.SignOff(lifecycle.Change{By: c.reps[unit], At: at, Version: c.plan.Version()},
		governance.SignOff{
			BusinessUnit:        unit,
			Date:                date,
			ResourceCommitments: "one buyer, two days a month",
			Cadence:             cadence,
			ComplianceLevel:     decimal.RequireFromString(level),
			Consequences:        unit + ": escalation to the divisional CFO",
		})
	require.NoError(c.t, err)
}

// revise makes a material revision at time at, voiding the sign-offs.
func (c *cadenceCast) revise(at time.Time, strategy string) {
	c.t.Helper()
	c.content.Strategy = strategy
	c.reviseContent(at)
}

// reviseContent revises the plan to c.content at time at.
func (c *cadenceCast) reviseContent(at time.Time) {
	c.t.Helper()
	c.change(at, func(ch lifecycle.Change) (governance.PlanEvent, error) {
		return c.plan.Revise(ch, c.content)
	})
}

// cadenceDay is noon UTC of a day, for event times.
func cadenceDay(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
}

func cadenceDate(s string) lifecycle.Date {
	d, err := lifecycle.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func cadencePeriod(s string) lifecycle.Period {
	p, err := lifecycle.ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

// cadenceLine prints a report due as "North 2024-10..2024-12 due
// 2025-01-15 overdue 1", the form expectations are written in.
func cadenceLine(d governance.ReportDue) string {
	s := fmt.Sprintf("%s %s..%s due %s", d.Stakeholder.BusinessUnit, d.From, d.To, d.DueDate)
	if d.Overdue {
		s += fmt.Sprintf(" overdue %d", d.DaysOverdue)
	}
	return s
}

func cadenceLines(due []governance.ReportDue) []string {
	lines := []string{}
	for _, d := range due {
		lines = append(lines, cadenceLine(d))
	}
	return lines
}

func TestCadenceReportingPeriod(t *testing.T) {
	jan := lifecycle.FiscalCalendar{}
	apr := lifecycle.FiscalCalendar{FirstMonth: time.April}
	feb := lifecycle.FiscalCalendar{FirstMonth: time.February}
	const (
		month   = governance.Monthly
		quarter = governance.Quarterly
		half    = governance.HalfYearly
		year    = governance.Yearly
	)
	tests := []struct {
		name     string
		calendar lifecycle.FiscalCalendar
		cadence  governance.Cadence
		month    string
		from, to string
	}{
		{"monthly", jan, month, "2024-11", "2024-11", "2024-11"},
		{"quarterly january", jan, quarter, "2024-11", "2024-10", "2024-12"},
		{"quarterly april", apr, quarter, "2024-11", "2024-10", "2024-12"},
		{"quarterly april first quarter", apr, quarter, "2024-04", "2024-04", "2024-06"},
		{"quarterly february across year end", feb, quarter, "2024-11", "2024-11", "2025-01"},
		{"quarterly february in january", feb, quarter, "2025-01", "2024-11", "2025-01"},
		{"half-yearly january", jan, half, "2024-11", "2024-07", "2024-12"},
		{"half-yearly april", apr, half, "2024-11", "2024-10", "2025-03"},
		{"half-yearly april in march", apr, half, "2025-03", "2024-10", "2025-03"},
		{"yearly january", jan, year, "2024-11", "2024-01", "2024-12"},
		{"yearly april", apr, year, "2024-11", "2024-04", "2025-03"},
		{"yearly april in march", apr, year, "2024-03", "2023-04", "2024-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := governance.Cadences{Calendar: tt.calendar}
			from, to := c.ReportingPeriod(tt.cadence, cadencePeriod(tt.month))
			assert.Equal(t, cadencePeriod(tt.from), from)
			assert.Equal(t, cadencePeriod(tt.to), to)
		})
	}

	t.Run("invalid cadence", func(t *testing.T) {
		from, to := governance.Cadences{}.ReportingPeriod(0, cadencePeriod("2024-11"))
		assert.True(t, from.IsZero())
		assert.True(t, to.IsZero())
	})
}

// TestCadenceReportingPeriodSlow checks every calendar, cadence and month
// of several years against what a reporting period must be: it holds
// the month, has the cadence's length, lies within one fiscal year and
// starts a whole number of periods into it.
func TestCadenceReportingPeriodSlow(t *testing.T) {
	cadences := []governance.Cadence{
		governance.Monthly, governance.Quarterly, governance.HalfYearly, governance.Yearly,
	}
	for first := time.January; first <= time.December; first++ {
		cal := lifecycle.FiscalCalendar{FirstMonth: first}
		c := governance.Cadences{Calendar: cal}
		for _, cad := range cadences {
			n := cad.Months()
			for p := cadencePeriod("2023-01"); p.Before(cadencePeriod("2027-01")); p = p.Next() {
				from, to := c.ReportingPeriod(cad, p)
				where := fmt.Sprintf("%s, %s, %s", cal, cad, p)
				require.False(t, p.Before(from) || p.After(to), where)
				require.Equal(t, n-1, from.MonthsUntil(to), where)
				require.Equal(t, cal.YearOf(from), cal.YearOf(to), where)
				yearStart, _ := cal.Months(cal.YearOf(from))
				require.Zero(t, yearStart.MonthsUntil(from)%n, where)
			}
		}
	}
}

func TestCadenceValidate(t *testing.T) {
	require.NoError(t, governance.Cadences{}.Validate())
	require.ErrorIs(t, governance.Cadences{GraceDays: -1}.Validate(), governance.ErrInvalidValue)
	bad := governance.Cadences{Calendar: lifecycle.FiscalCalendar{FirstMonth: 13}}
	require.ErrorIs(t, bad.Validate(), lifecycle.ErrInvalidDate)
}

// A quarterly sign-off on 2024-11-20 owes its first report for the
// quarter that holds that day, across the year end.
func TestDueQuarterlyAcrossYearEnd(t *testing.T) {
	c := cadencePlan(t, "quarterly", cadenceDay(2024, time.November, 1), "North")
	c.sign("North", cadenceDate("2024-11-20"), governance.Quarterly, "0.9")
	january := governance.Cadences{GraceDays: 15}
	february := governance.Cadences{GraceDays: 15,
		Calendar: lifecycle.FiscalCalendar{FirstMonth: time.February}}
	march := governance.Cadences{Calendar: lifecycle.FiscalCalendar{FirstMonth: time.March}}

	tests := []struct {
		name     string
		cadences governance.Cadences
		asOf     string
		want     []string
	}{
		{"before the quarter ends", january, "2024-12-30", []string{}},
		{"on the last day of the quarter", january, "2024-12-31",
			[]string{"North 2024-10..2024-12 due 2025-01-15"}},
		{"within the grace days", january, "2025-01-10",
			[]string{"North 2024-10..2024-12 due 2025-01-15"}},
		{"on the due date", january, "2025-01-15",
			[]string{"North 2024-10..2024-12 due 2025-01-15"}},
		{"a day late", january, "2025-01-16",
			[]string{"North 2024-10..2024-12 due 2025-01-15 overdue 1"}},
		{"next quarter ended too", january, "2025-04-20", []string{
			"North 2024-10..2024-12 due 2025-01-15 overdue 95",
			"North 2025-01..2025-03 due 2025-04-15 overdue 5",
		}},
		{"february calendar: quarter runs to january", february, "2025-01-16", []string{}},
		{"february calendar: quarter ended", february, "2025-02-16",
			[]string{"North 2024-11..2025-01 due 2025-02-15 overdue 1"}},
		{"march calendar, no grace: due at quarter end", march, "2024-11-30",
			[]string{"North 2024-09..2024-11 due 2024-11-30"}},
		{"march calendar, no grace: a day late", march, "2024-12-01",
			[]string{"North 2024-09..2024-11 due 2024-11-30 overdue 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plans := []*governance.CategoryPlan{c.plan}
			due, err := tt.cadences.Due(plans, nil, cadenceDate(tt.asOf))
			require.NoError(t, err)
			assert.Equal(t, tt.want, cadenceLines(due))
		})
	}
}

func TestDueReportFields(t *testing.T) {
	c := cadencePlan(t, "fields", cadenceDay(2024, time.November, 1), "North")
	c.sign("North", cadenceDate("2024-11-20"), governance.Quarterly, "0.9")

	due, err := governance.Cadences{GraceDays: 15}.Due(
		[]*governance.CategoryPlan{c.plan}, nil, cadenceDate("2025-01-16"))
	require.NoError(t, err)
	require.Len(t, due, 1)
	d := due[0]
	assert.Equal(t, c.plan.ID(), d.Plan)
	assert.Equal(t, c.content.Category, d.Category)
	assert.Equal(t, c.content.Stakeholders[0], d.Stakeholder)
	assert.Equal(t, governance.Quarterly, d.Cadence)
	assert.Equal(t, cadencePeriod("2024-10"), d.From)
	assert.Equal(t, cadencePeriod("2024-12"), d.To)
	assert.Equal(t, cadenceDate("2025-01-15"), d.DueDate)
	assert.True(t, d.Overdue)
	assert.Equal(t, 1, d.DaysOverdue)
	assert.Equal(t, "North", d.SignOff.BusinessUnit)
	assert.Equal(t, c.reps["North"], d.SignOff.By)
	assert.Equal(t, "North: escalation to the divisional CFO", d.SignOff.Consequences)
}

func TestDueMonthlyAcrossYearEnd(t *testing.T) {
	c := cadencePlan(t, "monthly", cadenceDay(2024, time.November, 1), "North")
	c.sign("North", cadenceDate("2024-11-20"), governance.Monthly, "0.9")
	plans := []*governance.CategoryPlan{c.plan}
	cadences := governance.Cadences{GraceDays: 3}

	due, err := cadences.Due(plans, nil, cadenceDate("2025-01-05"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2024-11..2024-11 due 2024-12-03 overdue 33",
		"North 2024-12..2024-12 due 2025-01-03 overdue 2",
	}, cadenceLines(due))

	// February 2024 has 29 days; its report is due on 3 March.
	c = cadencePlan(t, "leap", cadenceDay(2024, time.January, 5), "North")
	c.sign("North", cadenceDate("2024-02-10"), governance.Monthly, "0.9")
	due, err = cadences.Due([]*governance.CategoryPlan{c.plan}, nil, cadenceDate("2024-03-04"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2024-02..2024-02 due 2024-03-03 overdue 1",
	}, cadenceLines(due))
}

func TestDueYearly(t *testing.T) {
	c := cadencePlan(t, "yearly", cadenceDay(2023, time.June, 1), "North")
	c.sign("North", cadenceDate("2023-06-15"), governance.Yearly, "0.9")
	plans := []*governance.CategoryPlan{c.plan}

	due, err := governance.Cadences{GraceDays: 30}.Due(plans, nil, cadenceDate("2025-02-01"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2023-01..2023-12 due 2024-01-30 overdue 368",
		"North 2024-01..2024-12 due 2025-01-30 overdue 2",
	}, cadenceLines(due))

	// From April the fiscal year FY2024 runs April 2023 to March 2024.
	april := governance.Cadences{Calendar: lifecycle.FiscalCalendar{FirstMonth: time.April}}
	due, err = april.Due(plans, nil, cadenceDate("2025-02-01"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2023-04..2024-03 due 2024-03-31 overdue 307",
	}, cadenceLines(due))
}

func TestDueHalfYearly(t *testing.T) {
	c := cadencePlan(t, "half", cadenceDay(2024, time.November, 1), "North")
	c.sign("North", cadenceDate("2024-11-20"), governance.HalfYearly, "0.9")
	plans := []*governance.CategoryPlan{c.plan}

	due, err := governance.Cadences{}.Due(plans, nil, cadenceDate("2025-01-01"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2024-07..2024-12 due 2024-12-31 overdue 1",
	}, cadenceLines(due))

	april := governance.Cadences{Calendar: lifecycle.FiscalCalendar{FirstMonth: time.April}}
	due, err = april.Due(plans, nil, cadenceDate("2025-01-01"))
	require.NoError(t, err)
	assert.Empty(t, due, "the half runs October to March")
}

func TestDueFiledReports(t *testing.T) {
	c := cadencePlan(t, "filed", cadenceDay(2024, time.November, 1), "North")
	c.sign("North", cadenceDate("2024-11-20"), governance.Monthly, "0.9")
	plans := []*governance.CategoryPlan{c.plan}
	report := func(period, filed string) governance.ComplianceReport {
		return governance.ComplianceReport{
			Plan: c.plan.ID(), BusinessUnit: "North", Period: cadencePeriod(period),
			Filed: cadenceDate(filed), By: c.reps["North"],
		}
	}

	tests := []struct {
		name  string
		filed []governance.ComplianceReport
		want  []string
	}{
		{"none filed", nil, []string{
			"North 2024-11..2024-11 due 2024-11-30 overdue 36",
			"North 2024-12..2024-12 due 2024-12-31 overdue 5",
		}},
		{"november filed late", []governance.ComplianceReport{report("2024-11", "2024-12-20")},
			[]string{"North 2024-12..2024-12 due 2024-12-31 overdue 5"}},
		{"both filed", []governance.ComplianceReport{
			report("2024-12", "2025-01-05"), report("2024-11", "2024-11-30"),
		}, []string{}},
		{"filed after the date asked about", []governance.ComplianceReport{report("2024-12", "2025-01-06")},
			[]string{
				"North 2024-11..2024-11 due 2024-11-30 overdue 36",
				"North 2024-12..2024-12 due 2024-12-31 overdue 5",
			}},
		{"filed for a period nobody owes", []governance.ComplianceReport{report("2024-10", "2024-11-02")},
			[]string{
				"North 2024-11..2024-11 due 2024-11-30 overdue 36",
				"North 2024-12..2024-12 due 2024-12-31 overdue 5",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, err := governance.Cadences{}.Due(plans, tt.filed, cadenceDate("2025-01-05"))
			require.NoError(t, err)
			assert.Equal(t, tt.want, cadenceLines(due))
		})
	}

	t.Run("a quarterly report names the first month", func(t *testing.T) {
		q := cadencePlan(t, "filed quarterly", cadenceDay(2024, time.November, 1), "North")
		q.sign("North", cadenceDate("2024-11-20"), governance.Quarterly, "0.9")
		quarter := governance.ComplianceReport{Plan: q.plan.ID(), BusinessUnit: "North",
			Period: cadencePeriod("2024-10"), Filed: cadenceDate("2025-01-03")}
		due, err := governance.Cadences{}.Due([]*governance.CategoryPlan{q.plan},
			[]governance.ComplianceReport{quarter}, cadenceDate("2025-01-05"))
		require.NoError(t, err)
		assert.Empty(t, due)

		quarter.Period = cadencePeriod("2024-12")
		due, err = governance.Cadences{}.Due([]*governance.CategoryPlan{q.plan},
			[]governance.ComplianceReport{quarter}, cadenceDate("2025-01-05"))
		require.NoError(t, err)
		assert.Equal(t, []string{
			"North 2024-10..2024-12 due 2024-12-31 overdue 5",
		}, cadenceLines(due))
	})
}

// A material revision voids the sign-off: no period starting after that
// day is owed under it; a new sign-off starts its own periods.
func TestDueVoidedSignOff(t *testing.T) {
	c := cadencePlan(t, "voided", cadenceDay(2024, time.January, 5), "North")
	c.sign("North", cadenceDate("2024-01-15"), governance.Monthly, "0.9")
	c.revise(cadenceDay(2024, time.March, 10), "dual sourcing")
	plans := []*governance.CategoryPlan{c.plan}

	due, err := governance.Cadences{}.Due(plans, nil, cadenceDate("2024-06-30"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2024-01..2024-01 due 2024-01-31 overdue 151",
		"North 2024-02..2024-02 due 2024-02-29 overdue 122",
		"North 2024-03..2024-03 due 2024-03-31 overdue 91",
	}, cadenceLines(due))

	// Signed again on 20 March: March is owed once, under the new
	// sign-off, and the months after it again.
	c.sign("North", cadenceDate("2024-03-20"), governance.Monthly, "0.9")
	due, err = governance.Cadences{}.Due(plans, nil, cadenceDate("2024-05-31"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2024-01..2024-01 due 2024-01-31 overdue 121",
		"North 2024-02..2024-02 due 2024-02-29 overdue 92",
		"North 2024-03..2024-03 due 2024-03-31 overdue 61",
		"North 2024-04..2024-04 due 2024-04-30 overdue 31",
		"North 2024-05..2024-05 due 2024-05-31",
	}, cadenceLines(due))
	assert.True(t, due[0].SignOff.Voided())
	assert.False(t, due[2].SignOff.Voided(), "march is owed under the standing sign-off")
	assert.Equal(t, cadenceDate("2024-03-20"), due[2].SignOff.Date)
}

func TestDueRetiredPlan(t *testing.T) {
	c := cadencePlan(t, "retired", cadenceDay(2024, time.January, 5), "North")
	c.sign("North", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
	c.change(cadenceDay(2024, time.January, 20), c.plan.Activate)
	c.change(cadenceDay(2024, time.May, 2), c.plan.Retire)
	plans := []*governance.CategoryPlan{c.plan}

	due, err := governance.Cadences{}.Due(plans, nil, cadenceDate("2025-01-31"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2024-01..2024-03 due 2024-03-31 overdue 306",
		"North 2024-04..2024-06 due 2024-06-30 overdue 215",
	}, cadenceLines(due), "the quarter of the retirement is owed, none after")

	// As of a day before the retirement the plan still asks for reports.
	due, err = governance.Cadences{}.Due(plans, nil, cadenceDate("2024-05-01"))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"North 2024-01..2024-03 due 2024-03-31 overdue 31",
	}, cadenceLines(due))
}

func TestDueAsOfPlanHistory(t *testing.T) {
	c := cadencePlan(t, "later", cadenceDay(2024, time.November, 1), "North")
	// The sign-off is dated 20 November but recorded on 20 January.
	c.signAt("North", cadenceDate("2024-11-20"), cadenceDay(2025, time.January, 20),
		governance.Quarterly, "0.9")
	plans := []*governance.CategoryPlan{c.plan}

	t.Run("plan created after the date", func(t *testing.T) {
		due, err := governance.Cadences{}.Due(plans, nil, cadenceDate("2024-10-31"))
		require.NoError(t, err)
		assert.Empty(t, due)
	})
	t.Run("sign-off recorded after the date", func(t *testing.T) {
		due, err := governance.Cadences{}.Due(plans, nil, cadenceDate("2025-01-19"))
		require.NoError(t, err)
		assert.Empty(t, due)
	})
	t.Run("sign-off recorded on the date", func(t *testing.T) {
		due, err := governance.Cadences{}.Due(plans, nil, cadenceDate("2025-01-20"))
		require.NoError(t, err)
		assert.Equal(t, []string{
			"North 2024-10..2024-12 due 2024-12-31 overdue 20",
		}, cadenceLines(due))
	})
}

func TestDueOrder(t *testing.T) {
	a := cadencePlan(t, "order a", cadenceDay(2024, time.January, 5), "South", "North")
	a.sign("South", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
	a.sign("North", cadenceDate("2024-01-16"), governance.Monthly, "0.9")
	b := cadencePlan(t, "order b", cadenceDay(2024, time.January, 5), "East")
	b.sign("East", cadenceDate("2024-02-01"), governance.Quarterly, "0.9")

	due, err := governance.Cadences{}.Due([]*governance.CategoryPlan{a.plan, b.plan}, nil,
		cadenceDate("2024-04-01"))
	require.NoError(t, err)
	require.Len(t, due, 5)
	assert.Equal(t, "North 2024-01..2024-01 due 2024-01-31 overdue 61", cadenceLine(due[0]))
	assert.Equal(t, "North 2024-02..2024-02 due 2024-02-29 overdue 32", cadenceLine(due[1]))
	// Three reports due on 31 March: by category, then business unit.
	last := due[2:]
	assert.True(t, slices.IsSortedFunc(last, func(x, y governance.ReportDue) int {
		if c := x.Category.Compare(y.Category); c != 0 {
			return c
		}
		return strings.Compare(x.Stakeholder.BusinessUnit, y.Stakeholder.BusinessUnit)
	}))
	var units []string
	for _, d := range last {
		assert.Equal(t, cadenceDate("2024-03-31"), d.DueDate)
		units = append(units, d.Stakeholder.BusinessUnit)
	}
	assert.ElementsMatch(t, []string{"East", "North", "South"}, units)
	assert.Less(t, slices.Index(units, "North"), slices.Index(units, "South"))
}

// cadenceInputErrors returns the ComplianceInputErrors joined in err.
func cadenceInputErrors(t *testing.T, err error) []*governance.ComplianceInputError {
	t.Helper()
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "a joined error: %v", err)
	var out []*governance.ComplianceInputError
	for _, e := range joined.Unwrap() {
		var input *governance.ComplianceInputError
		if errors.As(e, &input) {
			out = append(out, input)
		}
	}
	return out
}

func TestDueErrors(t *testing.T) {
	c := cadencePlan(t, "errors", cadenceDay(2024, time.January, 5), "North")
	c.sign("North", cadenceDate("2024-01-15"), governance.Monthly, "0.9")
	plans := []*governance.CategoryPlan{c.plan}
	good := governance.ComplianceReport{Plan: c.plan.ID(), BusinessUnit: "North",
		Period: cadencePeriod("2024-01"), Filed: cadenceDate("2024-02-01")}
	unknown := good
	unknown.Plan = governance.PlanID{}
	stranger := good
	stranger.BusinessUnit = "Atlantis"
	undated := good
	undated.Filed = lifecycle.Date{}
	noPeriod := good
	noPeriod.Period = lifecycle.Period{}

	tests := []struct {
		name     string
		cadences governance.Cadences
		plans    []*governance.CategoryPlan
		filed    []governance.ComplianceReport
		asOf     lifecycle.Date
		want     error
	}{
		{"unknown plan", governance.Cadences{}, plans, []governance.ComplianceReport{good, unknown},
			cadenceDate("2024-06-30"), governance.ErrUnknownPlan},
		{"not a stakeholder", governance.Cadences{}, plans, []governance.ComplianceReport{stranger},
			cadenceDate("2024-06-30"), governance.ErrNotStakeholder},
		{"no filing date", governance.Cadences{}, plans, []governance.ComplianceReport{undated},
			cadenceDate("2024-06-30"), lifecycle.ErrInvalidDate},
		{"no period", governance.Cadences{}, plans, []governance.ComplianceReport{noPeriod},
			cadenceDate("2024-06-30"), lifecycle.ErrInvalidDate},
		{"negative grace", governance.Cadences{GraceDays: -1}, plans, nil,
			cadenceDate("2024-06-30"), governance.ErrInvalidValue},
		{"invalid calendar", governance.Cadences{Calendar: lifecycle.FiscalCalendar{FirstMonth: 13}},
			plans, nil, cadenceDate("2024-06-30"), lifecycle.ErrInvalidDate},
		{"no date", governance.Cadences{}, plans, nil, lifecycle.Date{}, lifecycle.ErrInvalidDate},
		{"nil plan", governance.Cadences{}, []*governance.CategoryPlan{c.plan, nil}, nil,
			cadenceDate("2024-06-30"), governance.ErrInvalidValue},
		{"plan listed twice", governance.Cadences{}, []*governance.CategoryPlan{c.plan, c.plan}, nil,
			cadenceDate("2024-06-30"), governance.ErrInvalidValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			due, err := tt.cadences.Due(tt.plans, tt.filed, tt.asOf)
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, due)
		})
	}

	t.Run("every problem reported", func(t *testing.T) {
		filed := []governance.ComplianceReport{good, unknown, stranger, undated}
		_, err := governance.Cadences{GraceDays: -2}.Due(plans, filed, cadenceDate("2024-06-30"))
		require.ErrorIs(t, err, governance.ErrInvalidValue)
		require.ErrorIs(t, err, governance.ErrUnknownPlan)
		require.ErrorIs(t, err, governance.ErrNotStakeholder)
		require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
		inputs := cadenceInputErrors(t, err)
		require.Len(t, inputs, 3)
		assert.Equal(t, 1, inputs[0].Index)
		assert.Equal(t, 2, inputs[1].Index)
		assert.Equal(t, "Atlantis", inputs[1].BusinessUnit)
		assert.Equal(t, 3, inputs[2].Index)
		assert.Equal(t, `filed report 2 (business unit "Atlantis"): not a stakeholder of plan `+
			c.plan.ID().String()+": not a required stakeholder", inputs[1].Error())
	})

	t.Run("a business unit removed by a revision may still report", func(t *testing.T) {
		p := cadencePlan(t, "removed", cadenceDay(2024, time.January, 5), "North", "South")
		p.sign("South", cadenceDate("2024-01-15"), governance.Monthly, "0.9")
		p.content.Stakeholders = p.content.Stakeholders[:1]
		p.reviseContent(cadenceDay(2024, time.February, 10))
		report := governance.ComplianceReport{Plan: p.plan.ID(), BusinessUnit: "South",
			Period: cadencePeriod("2024-01"), Filed: cadenceDate("2024-02-01")}
		due, err := governance.Cadences{}.Due([]*governance.CategoryPlan{p.plan},
			[]governance.ComplianceReport{report}, cadenceDate("2024-03-31"))
		require.NoError(t, err)
		assert.Equal(t, []string{
			"South 2024-02..2024-02 due 2024-02-29 overdue 31",
		}, cadenceLines(due))
		assert.Equal(t, p.reps["South"].ID, due[0].Stakeholder.Representative)
	})
}

// cadenceCompliancePlan is an active plan signed off by four business
// units: North and East at 90 %, South at 80 %, West at 75 %.
func cadenceCompliancePlan(t *testing.T) *cadenceCast {
	t.Helper()
	c := cadencePlan(t, "compliance", cadenceDay(2024, time.January, 5),
		"North", "South", "East", "West")
	c.sign("North", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
	c.sign("South", cadenceDate("2024-01-15"), governance.Quarterly, "0.8")
	c.sign("East", cadenceDate("2024-01-16"), governance.Quarterly, "0.9")
	c.sign("West", cadenceDate("2024-01-17"), governance.Quarterly, "0.75")
	c.change(cadenceDay(2024, time.January, 20), c.plan.Activate)
	return c
}

func cadenceFigure(unit string, category lifecycle.CategoryID, onContract, addressable string,
) governance.ComplianceFigure {
	return governance.ComplianceFigure{
		BusinessUnit: unit,
		Category:     category,
		OnContract:   lifecycle.MustMoney(onContract, "EUR"),
		Addressable:  lifecycle.MustMoney(addressable, "EUR"),
	}
}

var cadenceFourPlaces = lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 4}

func TestCheckCompliance(t *testing.T) {
	c := cadenceCompliancePlan(t)
	cat := c.content.Category
	figures := []governance.ComplianceFigure{
		cadenceFigure("North", cat, "85000", "100000"),
		cadenceFigure("North", lifecycle.CategoryID{}, "95000", "100000"), // not used: less specific
		cadenceFigure("South", lifecycle.CategoryID{}, "40000", "50000"),  // exactly 80 %
		cadenceFigure("East", cat, "0", "0"),
		cadenceFigure("Elsewhere", cat, "1", "100"), // no sign-off asks
	}

	check, err := governance.CheckCompliance([]*governance.CategoryPlan{c.plan}, figures,
		cadenceDate("2024-06-30"), cadenceFourPlaces)
	require.NoError(t, err)
	assert.Equal(t, cadenceFourPlaces, check.Rounding)

	require.Len(t, check.Deviations, 1)
	d := check.Deviations[0]
	assert.Equal(t, c.plan.ID(), d.Plan)
	assert.Equal(t, cat, d.Category)
	assert.Equal(t, "North", d.Stakeholder.BusinessUnit)
	assert.Equal(t, c.reps["North"].ID, d.Stakeholder.Representative)
	assert.True(t, d.Committed.Equal(decimal.RequireFromString("0.9")), d.Committed.String())
	assert.True(t, d.Actual.Equal(decimal.RequireFromString("0.85")), d.Actual.String())
	assert.True(t, d.OnContract.Equal(lifecycle.MustMoney("85000", "EUR")))
	assert.True(t, d.Addressable.Equal(lifecycle.MustMoney("100000", "EUR")))
	assert.Equal(t, "North: escalation to the divisional CFO", d.Consequences)
	assert.Equal(t, d.Consequences, d.SignOff.Consequences)
	assert.Equal(t, c.reps["North"], d.SignOff.By)

	require.Len(t, check.Undefined, 1)
	assert.Equal(t, "East", check.Undefined[0].Stakeholder.BusinessUnit)
	assert.Equal(t, figures[3], check.Undefined[0].Figure)
	assert.True(t, check.Undefined[0].Committed.Equal(decimal.RequireFromString("0.9")))

	require.Len(t, check.Unreported, 1)
	assert.Equal(t, "West", check.Unreported[0].Stakeholder.BusinessUnit)
	assert.Equal(t, governance.ComplianceFigure{}, check.Unreported[0].Figure)
	assert.Equal(t, c.plan.ID(), check.Unreported[0].Plan)
}

func TestCheckComplianceLevels(t *testing.T) {
	c := cadenceCompliancePlan(t)
	plans := []*governance.CategoryPlan{c.plan}
	tests := []struct {
		name                    string
		onContract, addressable string
		rounding                lifecycle.Rounding
		actual                  string // empty: no deviation
	}{
		{"85 % against 90 %", "85", "100", cadenceFourPlaces, "0.85"},
		{"exactly 90 %", "90", "100", cadenceFourPlaces, ""},
		{"above", "99.5", "100", cadenceFourPlaces, ""},
		{"all on contract", "100", "100", cadenceFourPlaces, ""},
		{"nothing on contract", "0", "100", cadenceFourPlaces, "0"},
		{"two thirds, four places", "200", "300", cadenceFourPlaces, "0.6667"},
		{"two thirds, truncated to two", "200", "300",
			lifecycle.Rounding{Mode: lifecycle.Down, Places: 2}, "0.66"},
		{"just below rounds to the level", "89.996", "100",
			lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 2}, "0.9"},
		{"a cent below", "8999.99", "10000", cadenceFourPlaces, "0.9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			figures := []governance.ComplianceFigure{
				cadenceFigure("North", lifecycle.CategoryID{}, tt.onContract, tt.addressable),
			}
			check, err := governance.CheckCompliance(plans, figures,
				cadenceDate("2024-06-30"), tt.rounding)
			require.NoError(t, err)
			if tt.actual == "" {
				assert.Empty(t, check.Deviations)
				return
			}
			require.Len(t, check.Deviations, 1)
			got := check.Deviations[0].Actual
			assert.True(t, got.Equal(decimal.RequireFromString(tt.actual)), "actual %s", got)
		})
	}
}

func TestCheckCompliancePlansChecked(t *testing.T) {
	below := func(cat lifecycle.CategoryID) []governance.ComplianceFigure {
		return []governance.ComplianceFigure{cadenceFigure("North", cat, "10", "100")}
	}

	t.Run("in review: not yet in force", func(t *testing.T) {
		c := cadencePlan(t, "review", cadenceDay(2024, time.January, 5), "North", "South")
		c.sign("North", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
		check, err := governance.CheckCompliance([]*governance.CategoryPlan{c.plan},
			below(c.content.Category), cadenceDate("2024-06-30"), cadenceFourPlaces)
		require.NoError(t, err)
		assert.Empty(t, check.Deviations)
		assert.Empty(t, check.Unreported)
	})
	t.Run("signed off: in force", func(t *testing.T) {
		c := cadencePlan(t, "signed", cadenceDay(2024, time.January, 5), "North")
		c.sign("North", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
		check, err := governance.CheckCompliance([]*governance.CategoryPlan{c.plan},
			below(c.content.Category), cadenceDate("2024-06-30"), cadenceFourPlaces)
		require.NoError(t, err)
		assert.Len(t, check.Deviations, 1)

		// As of the day before the sign-off, nothing was in force.
		check, err = governance.CheckCompliance([]*governance.CategoryPlan{c.plan},
			below(c.content.Category), cadenceDate("2024-01-14"), cadenceFourPlaces)
		require.NoError(t, err)
		assert.Empty(t, check.Deviations)
	})
	t.Run("retired", func(t *testing.T) {
		c := cadencePlan(t, "retired compliance", cadenceDay(2024, time.January, 5), "North")
		c.sign("North", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
		c.change(cadenceDay(2024, time.March, 1), c.plan.Retire)
		check, err := governance.CheckCompliance([]*governance.CategoryPlan{c.plan},
			below(c.content.Category), cadenceDate("2024-06-30"), cadenceFourPlaces)
		require.NoError(t, err)
		assert.Empty(t, check.Deviations)

		check, err = governance.CheckCompliance([]*governance.CategoryPlan{c.plan},
			below(c.content.Category), cadenceDate("2024-02-29"), cadenceFourPlaces)
		require.NoError(t, err)
		assert.Len(t, check.Deviations, 1, "in force before the retirement")
	})
	t.Run("sign-off voided", func(t *testing.T) {
		c := cadencePlan(t, "voided compliance", cadenceDay(2024, time.January, 5), "North")
		c.sign("North", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
		c.revise(cadenceDay(2024, time.March, 1), "dual sourcing")
		check, err := governance.CheckCompliance([]*governance.CategoryPlan{c.plan},
			below(c.content.Category), cadenceDate("2024-06-30"), cadenceFourPlaces)
		require.NoError(t, err)
		assert.Empty(t, check.Deviations)
	})
	t.Run("figure for another category", func(t *testing.T) {
		c := cadencePlan(t, "other category", cadenceDay(2024, time.January, 5), "North")
		c.sign("North", cadenceDate("2024-01-15"), governance.Quarterly, "0.9")
		other, err := lifecycle.NewCategoryID(&lifecycle.Sequence{Seed: "another"})
		require.NoError(t, err)
		check, err := governance.CheckCompliance([]*governance.CategoryPlan{c.plan},
			below(other), cadenceDate("2024-06-30"), cadenceFourPlaces)
		require.NoError(t, err)
		assert.Empty(t, check.Deviations)
		require.Len(t, check.Unreported, 1)
		assert.Equal(t, "North", check.Unreported[0].Stakeholder.BusinessUnit)
	})
}

func TestCheckComplianceErrors(t *testing.T) {
	c := cadenceCompliancePlan(t)
	plans := []*governance.CategoryPlan{c.plan}
	cat := c.content.Category
	asOf := cadenceDate("2024-06-30")
	usd := cadenceFigure("South", cat, "1", "2")
	usd.Addressable = lifecycle.MustMoney("2", "USD")
	unset := cadenceFigure("South", cat, "1", "2")
	unset.OnContract = lifecycle.Money{}

	tests := []struct {
		name     string
		figures  []governance.ComplianceFigure
		index    int
		unit     string
		want     error
		rounding lifecycle.Rounding
	}{
		{"same business unit and category twice", []governance.ComplianceFigure{
			cadenceFigure("North", cat, "1", "2"), cadenceFigure("North", cat, "1", "3"),
		}, 1, "North", governance.ErrInvalidValue, cadenceFourPlaces},
		{"two currencies", []governance.ComplianceFigure{usd}, 0, "South",
			lifecycle.ErrCurrencyMismatch, cadenceFourPlaces},
		{"negative on-contract", []governance.ComplianceFigure{
			cadenceFigure("North", cat, "1", "2"), cadenceFigure("East", cat, "-1", "2"),
		}, 1, "East", lifecycle.ErrInvalidAmount, cadenceFourPlaces},
		{"negative addressable", []governance.ComplianceFigure{cadenceFigure("East", cat, "0", "-2")},
			0, "East", lifecycle.ErrInvalidAmount, cadenceFourPlaces},
		{"more on contract than addressable", []governance.ComplianceFigure{
			cadenceFigure("West", lifecycle.CategoryID{}, "101", "100"),
		}, 0, "West", governance.ErrInvalidValue, cadenceFourPlaces},
		{"amount not set", []governance.ComplianceFigure{unset}, 0, "South",
			lifecycle.ErrInvalidAmount, cadenceFourPlaces},
		{"no business unit", []governance.ComplianceFigure{cadenceFigure("", cat, "1", "2")}, 0, "",
			governance.ErrInvalidValue, cadenceFourPlaces},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check, err := governance.CheckCompliance(plans, tt.figures, asOf, tt.rounding)
			require.ErrorIs(t, err, tt.want)
			var input *governance.ComplianceInputError
			require.ErrorAs(t, err, &input)
			assert.Equal(t, "compliance figure", input.Input)
			assert.Equal(t, tt.index, input.Index)
			assert.Equal(t, tt.unit, input.BusinessUnit)
			assert.Empty(t, check.Deviations)
			assert.Empty(t, check.Unreported)
		})
	}

	t.Run("every problem reported", func(t *testing.T) {
		figures := []governance.ComplianceFigure{
			cadenceFigure("North", cat, "1", "2"),
			usd,
			cadenceFigure("North", cat, "1", "2"),
			cadenceFigure("East", cat, "-5", "-2"),
		}
		_, err := governance.CheckCompliance(plans, figures, asOf, cadenceFourPlaces)
		inputs := cadenceInputErrors(t, err)
		var got []string
		for _, e := range inputs {
			got = append(got, fmt.Sprintf("%d %s", e.Index, e.BusinessUnit))
		}
		assert.Equal(t, []string{"1 South", "2 North", "3 East", "3 East"}, got)
		assert.Equal(t, `compliance figure 2 (business unit "North"): same business unit and category `+
			"as figure 0: invalid value", inputs[1].Error())
	})

	t.Run("bad arguments", func(t *testing.T) {
		_, err := governance.CheckCompliance(plans, nil, lifecycle.Date{}, cadenceFourPlaces)
		require.ErrorIs(t, err, lifecycle.ErrInvalidDate)
		_, err = governance.CheckCompliance(plans, nil, asOf, lifecycle.Rounding{Places: 65})
		require.ErrorIs(t, err, lifecycle.ErrInvalidValue)
		nilPlan := []*governance.CategoryPlan{nil}
		_, err = governance.CheckCompliance(nilPlan, nil, asOf, cadenceFourPlaces)
		require.ErrorIs(t, err, governance.ErrInvalidValue)
	})
}

func TestCheckComplianceOrder(t *testing.T) {
	a := cadenceCompliancePlan(t)
	b := cadencePlan(t, "second plan", cadenceDay(2024, time.January, 5), "North", "Central")
	b.sign("North", cadenceDate("2024-01-15"), governance.Monthly, "0.9")
	b.sign("Central", cadenceDate("2024-01-15"), governance.Monthly, "0.9")
	figures := []governance.ComplianceFigure{
		cadenceFigure("North", lifecycle.CategoryID{}, "1", "100"),
		cadenceFigure("South", lifecycle.CategoryID{}, "1", "100"),
		cadenceFigure("East", lifecycle.CategoryID{}, "1", "100"),
		cadenceFigure("West", lifecycle.CategoryID{}, "1", "100"),
		cadenceFigure("Central", lifecycle.CategoryID{}, "1", "100"),
	}
	check, err := governance.CheckCompliance([]*governance.CategoryPlan{b.plan, a.plan}, figures,
		cadenceDate("2024-06-30"), cadenceFourPlaces)
	require.NoError(t, err)
	require.Len(t, check.Deviations, 6)

	first, second := a, b
	if b.content.Category.Compare(a.content.Category) < 0 {
		first, second = b, a
	}
	var got []string
	for _, d := range check.Deviations {
		got = append(got, d.Stakeholder.BusinessUnit)
	}
	want := slices.Concat(cadenceUnits(first), cadenceUnits(second))
	assert.Equal(t, want, got)
	assert.Equal(t, first.plan.ID(), check.Deviations[0].Plan)
}

// cadenceUnits returns the plan's business units in sorted order.
func cadenceUnits(c *cadenceCast) []string {
	var units []string
	for u := range c.reps {
		units = append(units, u)
	}
	slices.Sort(units)
	return units
}
