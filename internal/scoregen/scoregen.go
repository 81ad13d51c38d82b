// Package scoregen generates the rest of a procurement year around
// matchgen's contracts and lines — initiatives at every stage, a
// category tree, category owners with hand-overs, and exchange rates —
// for the scorecard's property tests and benchmarks.
//
// Everything is deterministic: the same seed and input give the same
// data on every machine. Nothing reads files or the clock.
package scoregen

import (
	"fmt"
	"math/rand"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// AsOf is a good as-of time for generated data: late in the year the
// lines are dated in, with entries of earlier months validated.
var AsOf = time.Date(2024, time.November, 20, 12, 0, 0, 0, time.UTC)

// Categories returns every category the contracts and lines name, in
// first-seen order.
func Categories(contracts []matching.Contract, lines []matching.InvoiceLine) []lifecycle.CategoryID {
	seen := map[lifecycle.CategoryID]bool{}
	var out []lifecycle.CategoryID
	add := func(c lifecycle.CategoryID) {
		if !c.IsZero() && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for i := range contracts {
		add(contracts[i].Category)
	}
	for i := range lines {
		add(lines[i].Category)
	}
	return out
}

// Tree returns a category tree holding cats under ten parent
// categories, themselves under one root.
func Tree(seed int64, cats []lifecycle.CategoryID) *lifecycle.CategoryTree {
	ids := &lifecycle.Sequence{Seed: fmt.Sprintf("scoregen/tree/%d", seed)}
	root := must(lifecycle.NewCategoryID(ids))
	all := []lifecycle.Category{{ID: root, Name: "All spend"}}
	var parents []lifecycle.CategoryID
	for i := range 10 {
		p := must(lifecycle.NewCategoryID(ids))
		parents = append(parents, p)
		all = append(all, lifecycle.Category{ID: p, Parent: root, Name: fmt.Sprintf("Family %d", i+1)})
	}
	for i, c := range cats {
		all = append(all, lifecycle.Category{ID: c, Parent: parents[i%len(parents)], Name: fmt.Sprintf("Category %d", i+1)})
	}
	return must(lifecycle.NewCategoryTree(all))
}

// Owners returns an ownership of cats: each category has an owner from
// 2023, one of a pool of a tenth as many people, and a third of them
// hand over to another owner on the first of a month of 2024.
func Owners(seed int64, cats []lifecycle.CategoryID) (*lifecycle.Ownership, []lifecycle.OwnerID) {
	rng := rand.New(rand.NewSource(seed))
	ids := &lifecycle.Sequence{Seed: fmt.Sprintf("scoregen/owners/%d", seed)}
	people := make([]lifecycle.OwnerID, max(len(cats)/10, 2))
	for i := range people {
		people[i] = must(lifecycle.NewOwnerID(ids))
	}
	o := &lifecycle.Ownership{}
	for _, c := range cats {
		first := people[rng.Intn(len(people))]
		check(o.Assign(c, first, lifecycle.MustDate(2023, time.January, 1)))
		if rng.Intn(3) == 0 {
			next := people[rng.Intn(len(people))]
			if next != first {
				check(o.Assign(c, next, lifecycle.MustDate(2024, time.Month(2+rng.Intn(10)), 1)))
			}
		}
	}
	return o, people
}

// Rate is a plain exchange-rate table for the generated currencies.
type Rate struct {
	Currency lifecycle.Currency
	Period   lifecycle.Period
	Rate     decimal.Decimal
}

// Rates returns monthly rates into EUR for USD and GBP from 2023 to
// 2025, actual and planned: the planned rate is a round budget rate,
// the actual one moves around it.
func Rates(seed int64) (actual, planned []Rate) {
	rng := rand.New(rand.NewSource(seed))
	budget := map[lifecycle.Currency]int64{lifecycle.USD: 9200, lifecycle.GBP: 11600}
	for _, c := range []lifecycle.Currency{lifecycle.USD, lifecycle.GBP} {
		for p := lifecycle.MustPeriod(2023, time.January); p.Year() <= 2025; p = p.Next() {
			b := budget[c]
			planned = append(planned, Rate{c, p, decimal.New(b, -4)})
			actual = append(actual, Rate{c, p, decimal.New(b-300+rng.Int63n(600), -4)})
		}
	}
	return actual, planned
}

// Initiatives generates n initiatives: first one for each initiative the
// contracts name, in the category and currency of the first contract
// naming it, then others in random categories of cats, in EUR. They
// stand at every stage: about a fifth in the pipeline, some committed,
// implemented, realized with entries for most months since their
// implementation (most validated, some awaiting validation or
// rejected), a few cancelled, a few with a step back. Every event is
// dated in 2023 or 2024.
func Initiatives(seed int64, contracts []matching.Contract, cats []lifecycle.CategoryID, n int) []*lifecycle.Initiative {
	g := &initGen{
		rng: rand.New(rand.NewSource(seed)),
		ids: &lifecycle.Sequence{Seed: fmt.Sprintf("scoregen/initiatives/%d", seed)},
	}
	g.owner = lifecycle.Actor{ID: must(lifecycle.NewActorID(g.ids)), Role: lifecycle.RoleOwner, Name: "owner"}
	g.finance = lifecycle.Actor{ID: must(lifecycle.NewActorID(g.ids)), Role: lifecycle.RoleFinance, Name: "finance"}
	var out []*lifecycle.Initiative
	named := map[lifecycle.InitiativeID]bool{}
	for i := range contracts {
		c := &contracts[i]
		if c.Initiative.IsZero() || named[c.Initiative] || len(out) >= n {
			continue
		}
		named[c.Initiative] = true
		out = append(out, g.initiative(c.Initiative, c.Category, c.Currency, c.Supplier))
	}
	for len(out) < n && len(cats) > 0 {
		id := must(lifecycle.NewInitiativeID(g.ids))
		out = append(out, g.initiative(id, cats[g.rng.Intn(len(cats))], lifecycle.EUR, ""))
	}
	return out
}

type initGen struct {
	rng            *rand.Rand
	ids            *lifecycle.Sequence
	owner, finance lifecycle.Actor
	at             time.Time
	in             *lifecycle.Initiative
}

// next returns a change one to five days after the last.
func (g *initGen) next(reason string) lifecycle.Change {
	g.at = g.at.Add(time.Duration(1+g.rng.Intn(5)) * 24 * time.Hour)
	return lifecycle.Change{By: g.owner, At: g.at, Reason: reason, Version: g.in.Version()}
}

// until moves the clock to d, when it is later.
func (g *initGen) until(d lifecycle.Date) {
	if t := d.Time(); t.After(g.at) {
		g.at = t
	}
}

func (g *initGen) amount(c lifecycle.Currency, lo, hi int64) lifecycle.Money {
	return must(lifecycle.NewMoney(decimal.New(lo+g.rng.Int63n(hi-lo), 0), c))
}

func (g *initGen) initiative(id lifecycle.InitiativeID, cat lifecycle.CategoryID, cur lifecycle.Currency, supplier string) *lifecycle.Initiative {
	recurring := g.rng.Intn(5) != 0
	typ := lifecycle.CostReduction
	if g.rng.Intn(4) == 0 {
		typ = lifecycle.CostAvoidance
	}
	plan := lifecycle.Plan{
		Title: "generated", Category: cat, Owner: lifecycle.OwnerOf(g.owner.ID),
		SavingsType: typ, Recurrence: lifecycle.OneTime, Baseline: "last price paid",
		Regions: []string{"DE", "FR", "US"}[:g.rng.Intn(3)],
	}
	if supplier != "" {
		plan.Suppliers = []string{supplier}
	}
	value := func() lifecycle.Savings {
		if recurring {
			return lifecycle.Savings{Annual: lifecycle.PerYear(g.amount(cur, 1_000, 500_000))}
		}
		return lifecycle.Savings{OneTime: g.amount(cur, 1_000, 200_000)}
	}
	if recurring {
		plan.Recurrence = lifecycle.Recurring
	}
	plan.Estimate = value()
	g.at = time.Date(2023, time.September, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(g.rng.Intn(300)) * 24 * time.Hour)
	g.in = must(lifecycle.New(id, plan, lifecycle.Change{By: g.owner, At: g.at}, nil))
	in := g.in

	stage := g.rng.Intn(100)
	if stage < 5 {
		_ = must(in.Cancel(g.next("dropped")))
		return in
	}
	if stage < 25 {
		return in
	}
	start := lifecycle.DateOf(g.at).AddDays(g.rng.Intn(60))
	term := lifecycle.Term{Start: start, End: start.AddDays(365 + g.rng.Intn(365))}
	if !recurring {
		term.End = start
	}
	committed := value()
	c := lifecycle.Commitment{
		ContractRef: "generated", Value: committed, Term: term,
		PlannedImplementation: start,
	}
	if recurring {
		qty := decimal.New(1_000+g.rng.Int63n(100_000), 0)
		spend := committed.Annual.PerYear().Mul(decimal.New(5+g.rng.Int63n(10), 0))
		c.PlannedVolume = lifecycle.Volume{Quantity: qty, Unit: "EA", Spend: lifecycle.PerYear(spend)}
	}
	_ = must(in.Commit(g.next(""), c))
	if g.rng.Intn(3) == 0 {
		_ = must(in.RecordCost(g.next(""), lifecycle.Cost{Amount: g.amount(cur, 100, 20_000),
			Date: lifecycle.DateOf(g.at), Description: "implementation"}))
	}
	if stage < 40 {
		return in
	}
	implemented := start.AddDays(g.rng.Intn(120))
	g.until(implemented)
	impl := lifecycle.Implementation{Date: implemented, Where: "ERP", Value: committed}
	_ = must(in.Implement(lifecycle.Change{By: g.owner, At: g.at, Version: in.Version()}, impl))
	if stage < 45 {
		_ = must(in.StepBack(g.next("rates unloaded in a migration")))
		return in
	}
	if stage < 55 {
		return in
	}
	// Entries for each month since implementation, recorded early the
	// next month, until November 2024.
	part := committed.OneTime
	if recurring {
		part = must(committed.Annual.PerYear().Div(decimal.NewFromInt(12), lifecycle.CurrencyRounding(cur)))
	}
	for p := implemented.Period(); p.Before(lifecycle.MustPeriod(2024, time.November)); p = p.Next() {
		g.until(p.Next().First().AddDays(2))
		amount := part.Mul(decimal.New(70+g.rng.Int63n(40), -2)).Round(lifecycle.CurrencyRounding(cur))
		e := lifecycle.EntryRecord{
			ID: must(lifecycle.NewEntryID(g.ids)), Period: p, Amount: amount,
			Source: lifecycle.Source{Kind: lifecycle.InvoiceEvidence, InvoiceLines: []string{"generated"}},
		}
		_ = must(in.RecordRealization(g.next(""), e))
		switch n := g.rng.Intn(10); {
		case n < 8:
			_ = must(in.ValidateRealization(lifecycle.Change{By: g.finance, At: g.at.Add(time.Hour), Version: in.Version()}, e.ID))
		case n < 9:
			_ = must(in.RejectRealization(lifecycle.Change{By: g.finance, At: g.at.Add(time.Hour),
				Reason: "no evidence", Version: in.Version()}, e.ID))
		}
		g.at = g.at.Add(2 * time.Hour)
		if !recurring {
			break
		}
	}
	return in
}

// Shuffle returns a copy of s in an order drawn from seed.
func Shuffle[T any](seed int64, s []T) []T {
	out := slices.Clone(s)
	rand.New(rand.NewSource(seed)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func check(err error) {
	if err != nil {
		panic(fmt.Sprintf("scoregen: %v", err))
	}
}

func must[T any](v T, err error) T {
	check(err)
	return v
}
