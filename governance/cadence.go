package governance

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// A sign-off commits a business unit to report its compliance with the
// plan at a cadence, and to keep its on-contract share of addressable
// spend at a level. This file answers the two questions that follow, as
// of a date: which reports are due or overdue ([Cadences.Due]), and who
// is below the level they signed up to ([CheckCompliance]).

// ComplianceReport is a compliance report a business unit has filed for
// one reporting period of a plan it signed off.
//
// It is a plain comparable value. Period is the first month of the
// reporting period the report covers — for a fiscal quarter, its first
// month — which is how [Cadences.Due] matches it with the report due.
// The zero value is no report and is refused by Due.
type ComplianceReport struct {
	Plan         PlanID           `json:"plan"`
	BusinessUnit string           `json:"businessUnit"`
	Period       lifecycle.Period `json:"period"`
	Filed        lifecycle.Date   `json:"filed"`
	By           lifecycle.Actor  `json:"by"`
}

// Cadences is the configuration of compliance reporting: how reporting
// periods align and how long after its period a report is due.
//
// It is a plain comparable value, safe for concurrent use. Its zero
// value is the strict default: periods aligned to a fiscal year that
// starts in January, and a report due on the last day of its period.
//
// Reporting periods follow the fiscal calendar: a monthly report covers
// a month, a quarterly one a fiscal quarter, a half-yearly one a fiscal
// half and a yearly one the fiscal year.
type Cadences struct {
	// Calendar aligns the reporting periods. Default (zero): the fiscal
	// year starts in January.
	Calendar lifecycle.FiscalCalendar `json:"calendar"`

	// GraceDays is how many days after the last day of its period a
	// report is due. Default 0: due on the last day. Negative is invalid.
	GraceDays int `json:"graceDays"`
}

// Validate reports an error wrapping [ErrInvalidValue] for negative
// grace days, and the calendar's own error for an invalid first month.
func (c Cadences) Validate() error {
	var errs []error
	if c.GraceDays < 0 {
		errs = append(errs, fmt.Errorf("cadences: %d grace days: %w", c.GraceDays, ErrInvalidValue))
	}
	if err := c.Calendar.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("cadences: %w", err))
	}
	return errors.Join(errs...)
}

// ReportingPeriod returns the first and last month of the reporting
// period of cadence cad that contains month p. With a fiscal year from
// April, the quarter containing 2024-11 runs from 2024-10 to 2024-12 and
// the half-year from 2024-10 to 2025-03. An invalid cadence or a zero p
// gives two zero Periods.
func (c Cadences) ReportingPeriod(cad Cadence, p lifecycle.Period) (from, to lifecycle.Period) {
	n := cad.Months()
	if n == 0 || p.IsZero() {
		return lifecycle.Period{}, lifecycle.Period{}
	}
	yearStart, _ := c.Calendar.Months(c.Calendar.YearOf(p))
	offset := yearStart.MonthsUntil(p)
	from = yearStart.AddMonths(offset - offset%n)
	return from, from.AddMonths(n - 1)
}

// DueDate returns the day the report for a period ending with month to
// is due: the period's last day plus the grace days.
func (c Cadences) DueDate(to lifecycle.Period) lifecycle.Date {
	return to.Last().AddDays(c.GraceDays)
}

// ReportDue is a compliance report a stakeholder owes: for which plan
// and reporting period, by when, and whether it is late.
//
// It is a value; SignOff is the record that asks for the report, with
// its cadence and consequences. The zero value is no report. Compare two
// field by field; SignOff holds a decimal and is not comparable with ==.
type ReportDue struct {
	Plan        PlanID               `json:"plan"`
	Category    lifecycle.CategoryID `json:"category"`
	Stakeholder Stakeholder          `json:"stakeholder"`
	Cadence     Cadence              `json:"cadence"`

	// From and To are the first and last month of the reporting period;
	// a report filed for it names From.
	From lifecycle.Period `json:"from"`
	To   lifecycle.Period `json:"to"`

	DueDate lifecycle.Date `json:"dueDate"`

	// Overdue is true when the date asked about is after DueDate, by
	// DaysOverdue days; DaysOverdue is 0 when the report is not overdue.
	Overdue     bool `json:"overdue"`
	DaysOverdue int  `json:"daysOverdue"`

	SignOff SignOffRecord `json:"signOff"`
}

// Due lists the compliance reports due and overdue as of the end of day
// asOf, per stakeholder.
//
// Each plan is taken as it stood at the end of asOf (UTC); a plan
// created later contributes nothing. Every sign-off the plan has
// recorded by then asks for reports, voided ones included for the time
// they stood: reporting starts with the reporting period containing the
// sign-off's Date and stops with the periods that start after the day
// the sign-off was voided or the plan retired. A period is listed once
// its last day is on or before asOf, unless a report filed on or before
// asOf names its plan, business unit and first month; reports filed
// after asOf were not filed yet as of asOf. A listed report is overdue
// when asOf is after its due date.
//
// A sign-off asks for reports from its own date, whether or not the
// other stakeholders have signed yet; and reporting ends only with a
// void or the plan's retirement, not with the end of the plan's
// horizon, so a plan left unretired past its horizon keeps asking.
//
// Where two sign-offs of one business unit (one voided, one given again)
// ask for a report for the same period, it is listed once, with the
// later sign-off. A filed report for a period nobody owes is ignored;
// but a filed report naming a plan not among plans, or a business unit
// that is not a stakeholder of its plan, is an error, as are a report
// without a period or a filing date, a nil or repeated plan, a zero
// asOf and invalid cadences. Every problem is reported, joined; on error
// the list is nil.
//
// The list is sorted by due date, then category, business unit, plan
// and period. Due only reads the plans; they must not change while it
// runs.
func (c Cadences) Due(plans []*CategoryPlan, filed []ComplianceReport,
	asOf lifecycle.Date,
) ([]ReportDue, error) {
	errs := []error{c.Validate()}
	if asOf.IsZero() {
		errs = append(errs, fmt.Errorf("compliance reports due: no date: %w",
			lifecycle.ErrInvalidDate))
	}
	known, planErrs := cadencePlans(plans, asOf)
	errs = append(errs, planErrs...)
	errs = append(errs, checkFiled(filed, known)...)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	done := map[reportKey]bool{}
	for _, f := range filed {
		if !f.Filed.After(asOf) {
			done[reportKey{f.Plan, f.BusinessUnit, f.Period}] = true
		}
	}

	var due []ReportDue
	for _, p := range known {
		if p.at != nil {
			due = append(due, c.duePlan(p.at, done, asOf)...)
		}
	}
	slices.SortFunc(due, func(a, b ReportDue) int {
		return cmp.Or(a.DueDate.Compare(b.DueDate),
			holderOf(a.Category, a.Stakeholder, a.Plan).compare(
				holderOf(b.Category, b.Stakeholder, b.Plan)),
			a.From.Compare(b.From))
	})
	return due, nil
}

// reportKey names one report: plan, business unit, first month.
type reportKey struct {
	plan         PlanID
	businessUnit string
	from         lifecycle.Period
}

// duePlan lists the reports one plan, as of asOf, asks for and lacks.
func (c Cadences) duePlan(p *CategoryPlan, done map[reportKey]bool,
	asOf lifecycle.Date,
) []ReportDue {
	retired, isRetired := retiredOn(p)
	content := p.Content()

	var out []ReportDue
	at := map[reportKey]int{} // where a report is in out
	for _, r := range p.SignOffs() {
		// The last day a reporting period may start on and still be owed.
		stop := asOf
		if r.Voided() {
			stop = minDate(stop, lifecycle.DateOf(r.VoidedAt.UTC()))
		}
		if isRetired {
			stop = minDate(stop, retired)
		}

		from, to := c.ReportingPeriod(r.Cadence, r.Date.Period())
		for !from.IsZero() && !from.First().After(stop) && !to.Last().After(asOf) {
			key := reportKey{p.ID(), r.BusinessUnit, from}
			if !done[key] {
				d := c.reportDue(p, content, r, from, to, asOf)
				if i, ok := at[key]; ok {
					out[i] = d // the later sign-off
				} else {
					at[key] = len(out)
					out = append(out, d)
				}
			}
			from, to = to.Next(), to.AddMonths(r.Cadence.Months())
		}
	}
	return out
}

// reportDue describes one report owed under sign-off r.
func (c Cadences) reportDue(p *CategoryPlan, content PlanContent, r SignOffRecord,
	from, to lifecycle.Period, asOf lifecycle.Date,
) ReportDue {
	d := ReportDue{
		Plan:        p.ID(),
		Category:    content.Category,
		Stakeholder: stakeholderOf(content, r),
		Cadence:     r.Cadence,
		From:        from,
		To:          to,
		DueDate:     c.DueDate(to),
		SignOff:     r,
	}
	if asOf.After(d.DueDate) {
		d.Overdue = true
		d.DaysOverdue = d.DueDate.DaysUntil(asOf)
	}
	return d
}

// retiredOn returns the day (UTC) the plan was retired, if it was.
func retiredOn(p *CategoryPlan) (lifecycle.Date, bool) {
	for _, e := range p.Events() {
		if e.Kind == PlanRetired {
			return lifecycle.DateOf(e.At.UTC()), true
		}
	}
	return lifecycle.Date{}, false
}

// stakeholderOf returns the stakeholder who gave sign-off r: as the plan
// lists it, or, when a revision has since removed the business unit,
// as the sign-off record names it.
func stakeholderOf(content PlanContent, r SignOffRecord) Stakeholder {
	if s, ok := content.Stakeholder(r.BusinessUnit); ok {
		return s
	}
	return Stakeholder{BusinessUnit: r.BusinessUnit, Representative: r.By.ID, Name: r.By.Name}
}

func minDate(a, b lifecycle.Date) lifecycle.Date {
	if b.Before(a) {
		return b
	}
	return a
}

// holder is who owes a report or a level, in the order results list
// them: by category, business unit, then plan.
type holder struct {
	category     lifecycle.CategoryID
	businessUnit string
	plan         PlanID
}

func holderOf(c lifecycle.CategoryID, s Stakeholder, p PlanID) holder {
	return holder{c, s.BusinessUnit, p}
}

func (h holder) compare(o holder) int {
	return cmp.Or(h.category.Compare(o.category),
		cmp.Compare(h.businessUnit, o.businessUnit), h.plan.Compare(o.plan))
}

// cadencePlan is a plan as given and as it stood at the end of the day
// asked about; at is nil when the plan did not exist yet.
type cadencePlan struct {
	full, at *CategoryPlan
}

// cadencePlans takes each plan as of the end of day asOf, keyed by ID. A
// nil or repeated plan is an error.
func cadencePlans(plans []*CategoryPlan, asOf lifecycle.Date) (map[PlanID]cadencePlan, []error) {
	endOfDay := asOf.AddDays(1).Time().Add(-time.Nanosecond)
	known := make(map[PlanID]cadencePlan, len(plans))
	var errs []error
	for i, p := range plans {
		switch {
		case p == nil:
			errs = append(errs, fmt.Errorf("plan %d is nil: %w", i, ErrInvalidValue))
			continue
		case known[p.ID()].full != nil:
			errs = append(errs, fmt.Errorf("plan %d: %s is listed twice: %w",
				i, p.ID(), ErrInvalidValue))
			continue
		}
		at, err := p.AsOf(endOfDay)
		if err != nil && !errors.Is(err, ErrNoHistory) {
			errs = append(errs, fmt.Errorf("plan %d: %w", i, err))
			continue
		}
		known[p.ID()] = cadencePlan{full: p, at: at}
	}
	return known, errs
}

// ComplianceInputError reports one bad filed report or compliance
// figure: which input, where it is in the slice given, its business
// unit and what is wrong, as an error that matches a sentinel.
type ComplianceInputError struct {
	Input        string // "filed report" or "compliance figure"
	Index        int    // position in the slice given, from 0
	BusinessUnit string
	Err          error
}

// Error names the input, its index and business unit, then the problem.
func (e *ComplianceInputError) Error() string {
	return fmt.Sprintf("%s %d (business unit %q): %v", e.Input, e.Index, e.BusinessUnit, e.Err)
}

// Unwrap returns the problem, which wraps a sentinel error.
func (e *ComplianceInputError) Unwrap() error { return e.Err }

// checkFiled checks each filed report against the plans it may name.
func checkFiled(filed []ComplianceReport, known map[PlanID]cadencePlan) []error {
	var errs []error
	for i, f := range filed {
		bad := func(err error) {
			errs = append(errs, &ComplianceInputError{
				Input: "filed report", Index: i, BusinessUnit: f.BusinessUnit, Err: err,
			})
		}
		if f.Period.IsZero() {
			bad(fmt.Errorf("no period: %w", lifecycle.ErrInvalidDate))
		}
		if f.Filed.IsZero() {
			bad(fmt.Errorf("no filing date: %w", lifecycle.ErrInvalidDate))
		}
		p, ok := known[f.Plan]
		switch {
		case !ok:
			bad(fmt.Errorf("plan %s: %w", f.Plan, ErrUnknownPlan))
		case !reportsTo(p.full, f.BusinessUnit):
			bad(fmt.Errorf("not a stakeholder of plan %s: %w", f.Plan, ErrNotStakeholder))
		}
	}
	return errs
}

// reportsTo reports whether a business unit is a stakeholder of the plan
// or has signed it off at some time.
func reportsTo(p *CategoryPlan, businessUnit string) bool {
	if _, ok := p.Content().Stakeholder(businessUnit); ok {
		return true
	}
	return slices.ContainsFunc(p.SignOffs(), func(r SignOffRecord) bool {
		return r.BusinessUnit == businessUnit
	})
}

// ComplianceFigure is a business unit's on-contract and addressable
// spend, from matching or supplied by the caller, for one category or,
// with the zero Category, for all categories.
//
// It is a value; compare amounts with [lifecycle.Money.Equal]. Both
// amounts must be set, in one currency, not negative, and OnContract at
// most Addressable. The zero value is no figure and is refused.
type ComplianceFigure struct {
	BusinessUnit string               `json:"businessUnit"`
	Category     lifecycle.CategoryID `json:"category,omitempty"`
	OnContract   lifecycle.Money      `json:"onContract"`
	Addressable  lifecycle.Money      `json:"addressable"`
}

// Deviation is a stakeholder whose on-contract share of addressable
// spend is below the compliance level it signed up to, with the
// consequences its sign-off records.
//
// It is a value; compare decimals with Cmp and money with Equal, not
// with ==. Committed is the sign-off's level; Actual is OnContract ÷
// Addressable, rounded under the policy [ComplianceCheck.Rounding]
// names. The comparison that found the deviation is exact, so a rounded
// Actual may print equal to Committed: 0.89996 against 0.9 is a
// deviation that rounds to 0.9000 at four places.
type Deviation struct {
	Plan         PlanID               `json:"plan"`
	Category     lifecycle.CategoryID `json:"category"`
	Stakeholder  Stakeholder          `json:"stakeholder"`
	Committed    decimal.Decimal      `json:"committed"`
	Actual       decimal.Decimal      `json:"actual"`
	OnContract   lifecycle.Money      `json:"onContract"`
	Addressable  lifecycle.Money      `json:"addressable"`
	Consequences string               `json:"consequences"`
	SignOff      SignOffRecord        `json:"signOff"`
}

// Unmeasured is a standing sign-off whose compliance could not be
// measured: no figure was given for its business unit, or the figure's
// addressable spend is zero, so there is no rate to fall short.
//
// It is a value. Figure is the figure used, the zero ComplianceFigure
// when there was none.
type Unmeasured struct {
	Plan        PlanID               `json:"plan"`
	Category    lifecycle.CategoryID `json:"category"`
	Stakeholder Stakeholder          `json:"stakeholder"`
	Committed   decimal.Decimal      `json:"committed"`
	Figure      ComplianceFigure     `json:"figure"`
	SignOff     SignOffRecord        `json:"signOff"`
}

// ComplianceCheck is the result of [CheckCompliance]: every standing
// sign-off of an in-force plan is either a deviation, unmeasured, or
// compliant (and then not listed).
//
// It is a value holding slices; the zero value is a check that found
// nothing to report. Each list is sorted by category, business unit,
// then plan.
type ComplianceCheck struct {
	// Deviations are the stakeholders below their committed level.
	Deviations []Deviation `json:"deviations"`

	// Undefined are the stakeholders whose figure has zero addressable
	// spend: the rate is undefined and cannot breach the level.
	Undefined []Unmeasured `json:"undefined"`

	// Unreported are the stakeholders for whom no figure was given,
	// neither for the plan's category nor for all categories.
	Unreported []Unmeasured `json:"unreported"`

	// Rounding is the policy each Deviation's Actual was rounded under.
	Rounding lifecycle.Rounding `json:"rounding"`
}

// CheckCompliance flags the stakeholders whose on-contract compliance is
// below the level they committed to, as of the end of day asOf.
//
// Each plan is taken as it stood at the end of asOf (UTC); only plans
// then in force (signed off or active) are checked, against each
// sign-off that stands. The figure for a sign-off is the one for its
// business unit and the plan's category, else the one for its business
// unit with the zero Category. A stakeholder is below its level when
// OnContract < ComplianceLevel × Addressable, compared exactly; the
// Actual rate shown is OnContract ÷ Addressable rounded once under r.
// Figures for business units or categories no sign-off asks about are
// ignored.
//
// Errors, each naming the figure's index and business unit: a figure
// without a business unit, an amount not set or negative, the two
// amounts in different currencies, more on-contract than addressable
// spend, and two figures for the same business unit and category. A nil
// or repeated plan, a zero asOf and a rounding outside -64..64 places
// are errors too. Every problem is reported, joined; on error the check
// is empty. CheckCompliance only reads the plans.
func CheckCompliance(plans []*CategoryPlan, figures []ComplianceFigure, asOf lifecycle.Date,
	r lifecycle.Rounding,
) (ComplianceCheck, error) {
	var errs []error
	if asOf.IsZero() {
		errs = append(errs, fmt.Errorf("compliance check: no date: %w", lifecycle.ErrInvalidDate))
	}
	// A division that cannot fail tells whether r is usable.
	one := decimal.NewFromInt(1)
	if _, err := r.Quo(one, one); err != nil {
		errs = append(errs, fmt.Errorf("compliance check: %w", err))
	}
	known, planErrs := cadencePlans(plans, asOf)
	errs = append(errs, planErrs...)
	byKey, figureErrs := indexFigures(figures)
	errs = append(errs, figureErrs...)
	if err := errors.Join(errs...); err != nil {
		return ComplianceCheck{}, err
	}

	check := ComplianceCheck{Rounding: r}
	for _, p := range known {
		if p.at == nil || !p.at.InForce() {
			continue
		}
		content := p.at.Content()
		for _, s := range p.at.Standing() {
			check.add(p.at.ID(), content, s, byKey, r)
		}
	}
	check.sort()
	return check, nil
}

// add checks one standing sign-off against its figure.
func (c *ComplianceCheck) add(plan PlanID, content PlanContent, s SignOffRecord,
	byKey map[figureKey]ComplianceFigure, r lifecycle.Rounding,
) {
	u := Unmeasured{
		Plan:        plan,
		Category:    content.Category,
		Stakeholder: stakeholderOf(content, s),
		Committed:   s.ComplianceLevel,
		SignOff:     s,
	}
	f, ok := byKey[figureKey{s.BusinessUnit, content.Category}]
	if !ok {
		f, ok = byKey[figureKey{s.BusinessUnit, lifecycle.CategoryID{}}]
	}
	switch {
	case !ok:
		c.Unreported = append(c.Unreported, u)
		return
	case f.Addressable.IsZero():
		u.Figure = f
		c.Undefined = append(c.Undefined, u)
		return
	}

	least := s.ComplianceLevel.Mul(f.Addressable.Amount())
	if f.OnContract.Amount().Cmp(least) >= 0 {
		return
	}
	// The divisor is not zero and r was checked: Quo cannot fail.
	actual, _ := r.Quo(f.OnContract.Amount(), f.Addressable.Amount())
	c.Deviations = append(c.Deviations, Deviation{
		Plan:         plan,
		Category:     content.Category,
		Stakeholder:  u.Stakeholder,
		Committed:    s.ComplianceLevel,
		Actual:       actual,
		OnContract:   f.OnContract,
		Addressable:  f.Addressable,
		Consequences: s.Consequences,
		SignOff:      s,
	})
}

func (c *ComplianceCheck) sort() {
	slices.SortFunc(c.Deviations, func(a, b Deviation) int {
		return holderOf(a.Category, a.Stakeholder, a.Plan).compare(
			holderOf(b.Category, b.Stakeholder, b.Plan))
	})
	for _, list := range [][]Unmeasured{c.Undefined, c.Unreported} {
		slices.SortFunc(list, func(a, b Unmeasured) int {
			return holderOf(a.Category, a.Stakeholder, a.Plan).compare(
				holderOf(b.Category, b.Stakeholder, b.Plan))
		})
	}
}

// figureKey names the figure for a business unit and a category, the
// zero category for all of them.
type figureKey struct {
	businessUnit string
	category     lifecycle.CategoryID
}

// indexFigures checks the figures and keys them by business unit and
// category.
func indexFigures(figures []ComplianceFigure) (map[figureKey]ComplianceFigure, []error) {
	byKey := make(map[figureKey]ComplianceFigure, len(figures))
	first := map[figureKey]int{}
	var errs []error
	for i, f := range figures {
		problems := checkFigure(f)
		key := figureKey{f.BusinessUnit, f.Category}
		if j, ok := first[key]; ok {
			problems = append(problems, fmt.Errorf(
				"same business unit and category as figure %d: %w", j, ErrInvalidValue))
		} else {
			first[key] = i
		}
		for _, err := range problems {
			errs = append(errs, &ComplianceInputError{
				Input: "compliance figure", Index: i, BusinessUnit: f.BusinessUnit, Err: err,
			})
		}
		if len(problems) == 0 {
			byKey[key] = f
		}
	}
	return byKey, errs
}

// checkFigure lists what is wrong with one figure.
func checkFigure(f ComplianceFigure) []error {
	var errs []error
	if f.BusinessUnit == "" {
		errs = append(errs, fmt.Errorf("no business unit: %w", ErrInvalidValue))
	}
	amountsOK := true
	for _, m := range []struct {
		name   string
		amount lifecycle.Money
	}{{"on-contract", f.OnContract}, {"addressable", f.Addressable}} {
		switch {
		case !m.amount.IsSet():
			errs = append(errs, fmt.Errorf("%s spend not set: %w",
				m.name, lifecycle.ErrInvalidAmount))
			amountsOK = false
		case m.amount.Sign() < 0:
			errs = append(errs, fmt.Errorf("%s spend %s is negative: %w", m.name, m.amount,
				lifecycle.ErrInvalidAmount))
			amountsOK = false
		}
	}
	if !amountsOK {
		return errs // comparing amounts already wrong would say nothing more
	}
	switch c, err := f.OnContract.Cmp(f.Addressable); {
	case err != nil:
		errs = append(errs, fmt.Errorf("on-contract and addressable spend: %w", err))
	case c > 0:
		errs = append(errs, fmt.Errorf("on-contract spend %s exceeds addressable spend %s: %w",
			f.OnContract, f.Addressable, ErrInvalidValue))
	}
	return errs
}
