package main

import (
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/scorecard"
)

// world is what the review knows before it looks at any initiative or
// invoice: categories and their owners, the people, exchange rates,
// owner targets, and the category plans with their sign-offs.
type world struct {
	fsys     fs.FS
	ps       *problems
	ids      *lifecycle.Sequence
	currency lifecycle.Currency // the reporting currency

	tree      *lifecycle.CategoryTree
	paths     map[string]lifecycle.CategoryID
	ownership *lifecycle.Ownership

	people map[string]lifecycle.ActorID
	names  map[lifecycle.ActorID]string
	owners map[lifecycle.ActorID]bool // category or initiative owners

	rates, planned *scorecard.RateTable
	targets        map[lifecycle.OwnerID]lifecycle.Money

	plans    *governance.Plans
	planList []*governance.CategoryPlan
	planRows map[governance.PlanID]*row
	reports  []governance.ComplianceReport
	unsigned []unsignedPlan
}

// unsignedPlan is a plan still waiting for sign-offs.
type unsignedPlan struct {
	plan    *governance.CategoryPlan
	missing []governance.Stakeholder
}

// timeOf is when the review says a dated change happened: 09:00 UTC on
// the day, plus minutes to keep a day's changes in order.
func timeOf(d lifecycle.Date, minutes int) time.Time {
	return d.Time().Add(9*time.Hour + time.Duration(minutes)*time.Minute)
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// person returns the actor named name, giving a new name its identifier.
func (w *world) person(name string) lifecycle.ActorID {
	if id, ok := w.people[name]; ok {
		return id
	}
	id, err := lifecycle.NewActorID(w.ids)
	if err != nil {
		panic(err) // a Sequence never fails
	}
	w.people[name] = id
	w.names[id] = name
	return id
}

// actor returns the person named name acting in role.
func (w *world) actor(name string, role lifecycle.Role) lifecycle.Actor {
	return lifecycle.Actor{ID: w.person(name), Role: role, Name: name}
}

// nameOf returns a person's name, or the identifier when unknown.
func (w *world) nameOf(id lifecycle.ActorID) string {
	if n, ok := w.names[id]; ok {
		return n
	}
	if id.IsZero() {
		return "(nobody)"
	}
	return id.String()
}

// splitPath splits "IT > Software" into its names.
func splitPath(path string) []string {
	parts := strings.Split(path, ">")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// categoryPaths collects every category path the files name, in the
// order met, so that the tree holds them all.
func categoryPaths(tables ...*table) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range tables {
		if t == nil {
			continue
		}
		for _, r := range t.rows {
			names := splitPath(r.str("category"))
			p := strings.Join(names, " > ")
			if slices.Contains(names, "") || seen[p] {
				continue // no path, or a malformed one its row reports
			}
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// buildTree makes the category tree of paths, each parent implied by
// its children's paths.
func (w *world) buildTree(paths []string) error {
	var cats []lifecycle.Category
	w.paths = map[string]lifecycle.CategoryID{}
	for _, p := range paths {
		names := splitPath(p)
		var parent lifecycle.CategoryID
		for i := range names {
			sub := strings.Join(names[:i+1], " > ")
			id, ok := w.paths[sub]
			if !ok {
				var err error
				if id, err = lifecycle.NewCategoryID(w.ids); err != nil {
					return err
				}
				w.paths[sub] = id
				cats = append(cats, lifecycle.Category{ID: id, Parent: parent, Name: names[i]})
			}
			parent = id
		}
	}
	tree, err := lifecycle.NewCategoryTree(cats)
	w.tree = tree
	return err
}

// category returns the category a row's column names.
func (w *world) category(r *row, column string) lifecycle.CategoryID {
	v := r.need(column)
	if v == "" {
		return lifecycle.CategoryID{}
	}
	id, ok := w.paths[strings.Join(splitPath(v), " > ")]
	if !ok || strings.Contains(v, ">>") || slices.Contains(splitPath(v), "") {
		r.fail(column, "%q is not a category path like \"IT > Software\"", v)
		return lifecycle.CategoryID{}
	}
	return id
}

// loadOwnership reads categories.csv: category, owner, from. A category
// handed over has one row per owner.
func (w *world) loadOwnership(t *table) {
	w.ownership = &lifecycle.Ownership{}
	if t == nil {
		return
	}
	for _, r := range t.rows {
		cat := w.category(r, "category")
		owner := r.str("owner")
		from := r.date("owner_from", owner != "")
		if r.failed || owner == "" {
			continue
		}
		id := w.person(owner)
		w.owners[id] = true
		if err := w.ownership.Assign(cat, lifecycle.OwnerOf(id), from); err != nil {
			r.fail("owner", "%v", err)
		}
	}
}

// loadRates reads rates.csv: currency, month, rate and planned_rate, one
// unit of the currency in the reporting currency.
func (w *world) loadRates(t *table) {
	if t == nil {
		return
	}
	for _, r := range t.rows {
		c := r.currency("currency")
		p := r.period("month", true)
		actual, ok := r.number("rate", true)
		planned, hasPlanned := r.number("planned_rate", false)
		if r.failed || !ok {
			continue
		}
		if !hasPlanned {
			planned = actual
		}
		if err := w.rates.Set(c, p, actual); err != nil {
			r.fail("rate", "%v", err)
		}
		if err := w.planned.Set(c, p, planned); err != nil {
			r.fail("planned_rate", "%v", err)
		}
	}
}

// loadTargets reads targets.csv: owner, target, currency.
func (w *world) loadTargets(t *table) {
	w.targets = map[lifecycle.OwnerID]lifecycle.Money{}
	if t == nil {
		return
	}
	for _, r := range t.rows {
		name := r.need("owner")
		c := r.currency("currency")
		m := r.money("target", c, true)
		if r.failed {
			continue
		}
		if c != w.currency {
			r.fail("currency", "%s: targets are in the reporting currency %s", c, w.currency)
			continue
		}
		w.targets[lifecycle.OwnerOf(w.person(name))] = m
	}
}

// loadPlans reads plans.csv (category, owner, stakeholders as
// "business unit: representative" joined by ";", start, horizon_years,
// strategy, gate) and signoffs.csv (category, business_unit, date,
// cadence, compliance_level, resource_commitments, consequences), and
// reports.csv (category, business_unit, period, filed).
func (w *world) loadPlans(plans, signoffs, reports *table) {
	w.plans = &governance.Plans{}
	w.planRows = map[governance.PlanID]*row{}
	if plans == nil {
		return
	}
	byCategory := map[lifecycle.CategoryID]*governance.CategoryPlan{}
	for _, r := range plans.rows {
		p := w.plan(r)
		if p != nil {
			byCategory[p.Category()] = p
		}
	}
	if signoffs != nil {
		for _, r := range signoffs.rows {
			w.signOff(r, byCategory)
		}
	}
	for _, p := range w.planList {
		if missing := p.MissingSignOffs(); len(missing) > 0 {
			w.unsigned = append(w.unsigned, unsignedPlan{plan: p, missing: missing})
			continue
		}
		owner := w.actor(w.nameOf(lifecycle.ActorOf(p.Content().Owner)), lifecycle.RoleOwner)
		at := p.UpdatedAt()
		if _, err := p.Activate(lifecycle.Change{By: owner, At: at, Version: p.Version()}); err != nil {
			w.planRows[p.ID()].fail("category", "activating the plan: %v", err)
		}
	}
	if reports != nil {
		for _, r := range reports.rows {
			w.report(r, byCategory)
		}
	}
}

func (w *world) plan(r *row) *governance.CategoryPlan {
	cat := w.category(r, "category")
	owner := r.need("owner")
	start := r.date("start", true)
	years, _ := r.number("horizon_years", true)
	var stakeholders []governance.Stakeholder
	for _, s := range r.list("stakeholders") {
		unit, rep, ok := strings.Cut(s, ":")
		unit, rep = strings.TrimSpace(unit), strings.TrimSpace(rep)
		if !ok || unit == "" || rep == "" {
			r.fail("stakeholders", "%q is not \"business unit: representative\"", s)
			continue
		}
		stakeholders = append(stakeholders, governance.Stakeholder{
			BusinessUnit: unit, Representative: w.person(rep), Name: rep})
	}
	gate := lifecycle.Committed
	if r.str("gate") != "" {
		r.text("gate", &gate, false)
	}
	if r.failed {
		return nil
	}
	id, err := governance.NewPlanID(w.ids)
	if err != nil {
		panic(err)
	}
	by := w.actor(owner, lifecycle.RoleOwner)
	w.owners[by.ID] = true
	at := timeOf(start.AddDays(-60), 0)
	p, err := governance.NewPlan(id, governance.PlanContent{
		Category: cat, Owner: lifecycle.OwnerOf(by.ID), Stakeholders: stakeholders,
		Start: start, HorizonYears: int(years.IntPart()), Strategy: r.str("strategy"), Gate: gate,
	}, lifecycle.Change{By: by, At: at})
	if err == nil {
		_, err = p.Submit(lifecycle.Change{By: by, At: at, Version: p.Version()})
	}
	if err == nil {
		err = w.plans.Add(p)
	}
	if err != nil {
		r.fail("", "%v", err)
		return nil
	}
	w.planList = append(w.planList, p)
	w.planRows[id] = r
	return p
}

func (w *world) signOff(r *row, byCategory map[lifecycle.CategoryID]*governance.CategoryPlan) {
	cat := w.category(r, "category")
	unit := r.need("business_unit")
	date := r.date("date", true)
	var cadence governance.Cadence
	r.text("cadence", &cadence, true)
	level, _ := r.number("compliance_level", true)
	if r.failed {
		return
	}
	p, ok := byCategory[cat]
	if !ok {
		r.fail("category", "no plan in plans.csv for %s", r.str("category"))
		return
	}
	s, ok := p.Content().Stakeholder(unit)
	if !ok {
		r.fail("business_unit", "%q is not a stakeholder of the plan", unit)
		return
	}
	by := lifecycle.Actor{ID: s.Representative, Role: lifecycle.RoleStakeholder, Name: s.Name}
	at := later(timeOf(date, 0), p.UpdatedAt())
	_, err := p.SignOff(lifecycle.Change{By: by, At: at, Version: p.Version()}, governance.SignOff{
		BusinessUnit: unit, Date: date, ResourceCommitments: r.str("resource_commitments"),
		Cadence: cadence, ComplianceLevel: level, Consequences: r.str("consequences"),
	})
	if err != nil {
		r.fail("", "%v", err)
	}
}

func (w *world) report(r *row, byCategory map[lifecycle.CategoryID]*governance.CategoryPlan) {
	cat := w.category(r, "category")
	unit := r.need("business_unit")
	period := r.period("period", true)
	filed := r.date("filed", true)
	if r.failed {
		return
	}
	p, ok := byCategory[cat]
	if !ok {
		r.fail("category", "no plan in plans.csv for %s", r.str("category"))
		return
	}
	w.reports = append(w.reports, governance.ComplianceReport{
		Plan: p.ID(), BusinessUnit: unit, Period: period, Filed: filed})
}
