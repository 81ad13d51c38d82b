package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// The files a review reads. Only these four are required; the others
// add owners, plans, rates, targets and realization entries.
var requiredFiles = []string{"initiatives.csv", "contracts.csv", "terms.csv", "invoices.csv"}

// The columns each file must have; see the README for the optional ones.
var requiredColumns = map[string][]string{
	"categories.csv":   {"category", "owner", "owner_from"},
	"rates.csv":        {"currency", "month", "rate"},
	"targets.csv":      {"owner", "target", "currency"},
	"plans.csv":        {"category", "owner", "stakeholders", "start", "horizon_years"},
	"signoffs.csv":     {"category", "business_unit", "date", "cadence", "compliance_level"},
	"reports.csv":      {"category", "business_unit", "period", "filed"},
	"initiatives.csv":  {"initiative", "title", "category", "owner", "savings_type", "recurrence", "currency", "estimate", "created"},
	"contracts.csv":    {"contract", "supplier", "category", "currency", "valid_from", "valid_to"},
	"terms.csv":        {"contract", "item", "unit", "price", "baseline"},
	"units.csv":        {"from", "to", "factor"},
	"invoices.csv":     {"invoice", "line", "supplier", "item", "category", "date", "quantity", "unit", "unit_price", "currency"},
	"realizations.csv": {"initiative", "period", "source", "recorded_on", "recorded_by"},
}

// options are what the caller sets on a review.
type options struct {
	AsOf     lifecycle.Date     // zero: the last day of the latest invoice month
	Currency lifecycle.Currency // the reporting currency
}

// review is everything the report shows.
type review struct {
	w        *world
	AsOf     lifecycle.Date
	From, To lifecycle.Period

	Files    []fileCount
	Problems []problem

	Initiatives []*tracked
	Lines       []sourceLine
	Results     []matching.Result

	Scorecard  *scorecard.Scorecard
	Total      scorecard.Row
	Categories []scorecard.Row
	Owners     []scorecard.OwnerCard

	Exceptions []exception
	Leakage    []*matching.Result
	Maverick   []maverickSupplier
	Rejected   []int // indexes into Results
	Due        []governance.ReportDue
}

// fileCount is how many data rows a file had, and how many had a
// problem.
type fileCount struct {
	Name      string
	Rows, Bad int
}

// maverickSupplier is the spend bought around contracts from one
// supplier.
type maverickSupplier struct {
	Supplier string
	Spend    decimal.Decimal // in the reporting currency
	Lines    int
	Around   []string // the contracts bought around
}

// runReview reads the files of fsys and reviews them. Bad rows are
// problems of the review, never its end; only a missing exchange rate
// or nothing to review at all is an error.
func runReview(fsys fs.FS, opt options) (*review, error) {
	ps := &problems{}
	w := &world{fsys: fsys, ps: ps, ids: &lifecycle.Sequence{Seed: "quickstart"}, currency: opt.Currency,
		people: map[string]lifecycle.ActorID{}, names: map[lifecycle.ActorID]string{},
		owners: map[lifecycle.ActorID]bool{}, rates: &scorecard.RateTable{}, planned: &scorecard.RateTable{}}
	tables := map[string]*table{}
	for _, name := range sortedKeys(requiredColumns) { // in file order, so problems come out in one order
		tables[name] = readTable(fsys, name, requiredColumns[name], slices.Contains(requiredFiles, name), ps)
	}
	if tables["initiatives.csv"] == nil && tables["invoices.csv"] == nil {
		return nil, fmt.Errorf("nothing to review: %s", joinProblems(ps.list))
	}

	if err := w.buildTree(categoryPaths(tables["categories.csv"], tables["plans.csv"],
		tables["initiatives.csv"], tables["contracts.csv"], tables["invoices.csv"])); err != nil {
		return nil, err
	}
	w.loadOwnership(tables["categories.csv"])
	w.loadRates(tables["rates.csv"])
	w.loadTargets(tables["targets.csv"])
	w.loadPlans(tables["plans.csv"], tables["signoffs.csv"], tables["reports.csv"])

	rv := &review{w: w}
	var byRef map[string]*tracked
	rv.Initiatives, byRef = w.readInitiatives(tables["initiatives.csv"])
	contracts := w.readContracts(tables["contracts.csv"], tables["terms.csv"], byRef)
	ix, err := buildIndex(contracts, matching.Config{Units: readUnits(tables["units.csv"])})
	if err != nil {
		return nil, fmt.Errorf("indexing contracts: %w", err)
	}
	rv.Lines = w.readInvoices(tables["invoices.csv"])
	lines := make([]matching.InvoiceLine, len(rv.Lines))
	for i := range rv.Lines {
		lines[i] = rv.Lines[i].line
	}
	rv.Results = ix.NewMatcher().MatchBatch(lines, nil)

	rv.AsOf = opt.AsOf
	if rv.AsOf.IsZero() {
		rv.AsOf = latestMonthEnd(lines)
	}
	rv.From = lifecycle.MustPeriod(rv.AsOf.Year(), time.January)
	rv.To = lifecycle.MustPeriod(rv.AsOf.Year(), time.December)

	rv.replayInitiatives(tables["realizations.csv"], byRef)
	if err := rv.score(); err != nil {
		return nil, err
	}
	rv.spendNotes()
	if err := rv.governance(); err != nil {
		return nil, err
	}

	rejected := map[*row]bool{}
	for _, i := range rv.Rejected {
		rejected[rv.Lines[i].row] = true
	}
	for _, name := range sortedKeys(tables) {
		if t := tables[name]; t != nil {
			bad := t.bad
			for _, r := range t.rows {
				if r.failed || rejected[r] {
					bad++
				}
			}
			rv.Files = append(rv.Files, fileCount{Name: name, Rows: len(t.rows) + t.bad, Bad: bad})
		}
	}
	rv.Problems = ps.list
	return rv, nil
}

// inputProblems lists every input row the review could not use — the
// lines matching rejected and the rows and values that could not be
// read — by file and line.
func (rv *review) inputProblems() []problem {
	list := make([]problem, 0, len(rv.Rejected)+len(rv.Problems))
	for _, i := range rv.Rejected {
		r := rv.Lines[i].row
		list = append(list, problem{File: r.t.file, Line: r.line, Msg: "rejected by matching: " + rv.Results[i].Reason.String()})
	}
	list = append(list, rv.Problems...)
	slices.SortStableFunc(list, func(a, b problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return list
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func joinProblems(list []problem) string {
	s := ""
	for i, p := range list {
		if i > 0 {
			s += "; "
		}
		s += p.String()
	}
	return s
}

// latestMonthEnd is the last day of the month of the latest line.
func latestMonthEnd(lines []matching.InvoiceLine) lifecycle.Date {
	var last lifecycle.Date
	for i := range lines {
		if d := lines[i].Date; !d.IsZero() && d.After(last) {
			last = d
		}
	}
	if last.IsZero() {
		return lifecycle.MustDate(2025, time.December, 31)
	}
	return last.Period().Last()
}

// replayInitiatives replays each initiative with its realization
// entries under the governance policy.
func (rv *review) replayInitiatives(realizations *table, byRef map[string]*tracked) {
	w := rv.w
	policy := &governance.Policy{Plans: w.plans, Tree: w.tree, Ownership: w.ownership}
	found := map[realKey]matching.Realization{}
	for _, r := range matching.Realizations(rv.Results) {
		found[realKey{r.Initiative, r.Period}] = r
	}
	timelines := map[*tracked][]action{}
	for _, tr := range rv.Initiatives {
		timelines[tr] = w.timeline(tr, policy)
	}
	entries := w.entries(realizations, byRef, found)
	for _, tr := range rv.Initiatives {
		w.replay(tr, append(timelines[tr], entries[tr]...), &rv.Exceptions)
	}
}

// score builds the scorecard; an initiative or result it cannot count is
// a problem of its row.
func (rv *review) score() error {
	w := rv.w
	cfg := scorecard.Config{
		AsOf: timeOf(rv.AsOf, 23*60), From: rv.From, To: rv.To,
		Dimensions: scorecard.ByCategory, Categories: w.tree, Owners: w.ownership,
		Currency: w.currency, Rates: w.rates, PlannedRates: w.planned,
		RateRounding: lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 4},
	}
	p, err := scorecard.NewPartial(cfg)
	if err != nil {
		return err
	}
	for _, tr := range rv.Initiatives {
		if tr.in == nil {
			continue
		}
		if err := p.AddInitiative(tr.in); err != nil {
			tr.row.fail("", "%v", err)
		}
	}
	for i := range rv.Results {
		if err := p.AddResult(&rv.Results[i]); err != nil {
			rv.Lines[i].row.fail("", "%v", err)
		}
	}
	sc, err := p.Scorecard()
	if err != nil {
		return err
	}
	rv.Scorecard, rv.Total, rv.Categories = sc, sc.Total(), sc.Rows()
	rv.Owners, err = sc.Owners(w.targets)
	return err
}

// reporting converts m into the reporting currency at the actual rate of
// month p; ok is false without a rate.
func (rv *review) reporting(m lifecycle.Money, p lifecycle.Period) (decimal.Decimal, bool) {
	if m.Currency() == rv.w.currency {
		return m.Amount(), true
	}
	r, ok := rv.w.rates.ExchangeRate(m.Currency(), p)
	return m.Amount().Mul(r), ok
}

// spendNotes picks the top leakage lines, the maverick suppliers and
// the rejected lines.
func (rv *review) spendNotes() {
	bySupplier := map[string]*maverickSupplier{}
	leak := map[*matching.Result]decimal.Decimal{}
	for i := range rv.Results {
		r := &rv.Results[i]
		switch r.Class {
		case matching.Leakage:
			if v, ok := rv.reporting(r.Leakage(), r.Period); ok && v.Sign() > 0 {
				leak[r] = v
				rv.Leakage = append(rv.Leakage, r)
			}
		case matching.Maverick:
			m := bySupplier[r.Supplier]
			if m == nil {
				m = &maverickSupplier{Supplier: r.Supplier}
				bySupplier[r.Supplier] = m
			}
			v, _ := rv.reporting(r.Spend(), r.Period)
			m.Spend = m.Spend.Add(v)
			m.Lines++
			if r.ContractRef != "" && !slices.Contains(m.Around, r.ContractRef) {
				m.Around = append(m.Around, r.ContractRef)
			}
		case matching.Rejected:
			rv.Rejected = append(rv.Rejected, i)
		}
	}
	slices.SortStableFunc(rv.Leakage, func(a, b *matching.Result) int { return leak[b].Cmp(leak[a]) })
	if len(rv.Leakage) > 5 {
		rv.Leakage = rv.Leakage[:5]
	}
	for _, m := range bySupplier {
		slices.Sort(m.Around)
		rv.Maverick = append(rv.Maverick, *m)
	}
	slices.SortFunc(rv.Maverick, func(a, b maverickSupplier) int {
		if c := b.Spend.Cmp(a.Spend); c != 0 {
			return c
		}
		return cmp.Compare(a.Supplier, b.Supplier)
	})
}

// governance lists the plans missing sign-offs, the compliance reports
// overdue, and the business units below the compliance they signed up
// to, ahead of the refusals the replay found.
func (rv *review) governance() error {
	w := rv.w
	var ex []exception
	for _, u := range w.unsigned {
		var names []string
		for _, s := range u.missing {
			names = append(names, fmt.Sprintf("%s (%s)", s.BusinessUnit, s.Name))
		}
		ex = append(ex, exception{Kind: "missing sign-off", Subject: w.tree.PathString(u.plan.Category()),
			Detail: fmt.Sprintf("plan %s: waiting for %s", u.plan.State(), joinAnd(names))})
	}
	due, err := governance.Cadences{GraceDays: 15}.Due(w.planList, w.reports, rv.AsOf)
	if err != nil {
		return err
	}
	rv.Due = due
	for _, d := range due {
		if d.Overdue {
			ex = append(ex, exception{Kind: "overdue report", Subject: w.tree.PathString(d.Category),
				Detail: fmt.Sprintf("%s (%s): %s report for %s..%s was due %s, %d days overdue",
					d.Stakeholder.BusinessUnit, d.Stakeholder.Name, d.Cadence, d.From, d.To, d.DueDate, d.DaysOverdue)})
		}
	}
	rows, err := rv.Scorecard.RowsBy(scorecard.ByCategory|scorecard.ByBusinessUnit, scorecard.Month)
	if err != nil {
		return err
	}
	var figures []governance.ComplianceFigure
	for _, r := range rows {
		if r.BusinessUnit != "" && r.Spend.Addressable().Amount().Sign() != 0 {
			figures = append(figures, governance.ComplianceFigure{BusinessUnit: r.BusinessUnit,
				Category: r.Category, OnContract: r.Spend.OnContract, Addressable: r.Spend.Addressable()})
		}
	}
	check, err := governance.CheckCompliance(w.planList, figures, rv.AsOf, lifecycle.Rounding{Places: 4})
	if err != nil && !errors.Is(err, governance.ErrUnknownPlan) {
		return err
	}
	for _, d := range check.Deviations {
		ex = append(ex, exception{Kind: "deviation", Subject: w.tree.PathString(d.Category),
			Detail: fmt.Sprintf("%s: %s on contract against %s committed; consequences: %s",
				d.Stakeholder.BusinessUnit, percent(d.Actual), percent(d.Committed), d.Consequences)})
	}
	rv.Exceptions = append(ex, rv.Exceptions...)
	return nil
}

func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return "nobody"
	case 1:
		return names[0]
	}
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " and "
		default:
			s += ", "
		}
		s += n
	}
	return s
}
