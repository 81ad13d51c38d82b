// Package matchgen generates contracts and invoice lines that look like a
// mid-sized company's procurement data, for the matching benchmarks and
// for tests that need volume rather than hand-computed figures.
//
// Everything is deterministic: the same seed and sizes give the same data,
// byte for byte, on every machine and Go version (math/rand's seeded
// source and [lifecycle.Sequence] are both frozen). Nothing is read from
// or written to files, and nothing reads the clock.
//
// The data is shaped like this. Suppliers ("SUP-00042") each serve one of
// a few hundred categories and hold about three contracts, renewals and
// regional deals whose validity overlaps around 2024. A contract prices
// items ("ITEM-000123") drawn from its supplier's catalogue, so an item
// is often on several contracts of its supplier and the matcher has to
// choose. Units are EA, BOX and KG; a BOX is 12 EA (see [Units]). Most
// contracts are in EUR, some in USD and GBP. Most price terms have no
// tiers or range tiers, some slab and a few cumulative ones. Most
// contracts deliver the savings of an initiative.
//
// Invoices come one supplier at a time, one to five lines dated the same
// day. About 86 % of lines buy on contract, most at the contracted price
// and some a little above it (leakage); the rest are maverick buys from
// suppliers without a contract in a contracted category, uncontracted
// spend, credit notes, duplicates, suspected duplicates and a few invalid
// lines. See [Lines] for the shares.
package matchgen

import (
	"fmt"
	"math/rand"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// Regions are the regions contracts cover and lines are bought in.
var regions = []string{"DE", "FR", "NL", "BE", "IT", "ES", "PL", "GB", "US"}

// Units returns the unit conversions the generated data relies on: a BOX
// is 12 EA. Pass them in [matching.Config.Units].
func Units() []matching.UnitConversion {
	return []matching.UnitConversion{{From: "BOX", To: "EA", Factor: decimal.NewFromInt(12)}}
}

// Contracts generates the given number of contracts from seed, each
// with termsPerContract price terms. They are valid: [matching.NewIndex]
// accepts them with [Units]. Sizes below one are taken as one.
func Contracts(seed int64, contracts, termsPerContract int) []matching.Contract {
	contracts, termsPerContract = max(contracts, 1), max(termsPerContract, 1)
	g := newCatalogue(seed, contracts, termsPerContract)
	out := make([]matching.Contract, contracts)
	for i := range out {
		out[i] = g.contract(i)
	}
	return out
}

// catalogue holds what contracts share: categories, initiatives, and the
// supplier each category and item belongs to.
type catalogue struct {
	rng         *rand.Rand
	ids         *lifecycle.Sequence
	terms       int
	categories  []lifecycle.CategoryID
	initiatives []lifecycle.InitiativeID
	suppliers   []string
	category    []int // per supplier: its category
	items       int   // items in each supplier's catalogue
}

func newCatalogue(seed int64, contracts, terms int) *catalogue {
	g := &catalogue{
		rng:   rand.New(rand.NewSource(seed)),
		ids:   &lifecycle.Sequence{Seed: fmt.Sprintf("matchgen/%d", seed)},
		terms: terms,
		items: 2 * terms,
	}
	for range clamp(contracts/30, 1, 300) {
		g.categories = append(g.categories, must(lifecycle.NewCategoryID(g.ids)))
	}
	for range clamp(contracts/20, 1, 2000) {
		g.initiatives = append(g.initiatives, must(lifecycle.NewInitiativeID(g.ids)))
	}
	for s := range max(contracts/3, 1) {
		g.suppliers = append(g.suppliers, supplierName(s))
		g.category = append(g.category, g.rng.Intn(len(g.categories)))
	}
	return g
}

// contract generates the i-th contract.
func (g *catalogue) contract(i int) matching.Contract {
	s := g.rng.Intn(len(g.suppliers))
	c := matching.Contract{
		ID:       must(matching.NewContractID(g.ids)),
		Supplier: g.suppliers[s],
		Category: g.categories[g.category[s]],
		Regions:  g.regions(),
		Currency: g.currency(),
		Valid:    g.validity(),
		Ref:      fmt.Sprintf("CW-2024-%05d", i+1),
		Terms:    make([]matching.PriceTerm, g.terms),
	}
	if g.rng.Intn(4) != 0 {
		c.Initiative = g.initiatives[g.rng.Intn(len(g.initiatives))]
	}

	// Distinct items of the supplier's catalogue, so that no item is
	// priced twice in one contract.
	for j, k := range g.rng.Perm(g.items)[:g.terms] {
		c.Terms[j] = g.term(s*g.items + k)
	}
	return c
}

// regions returns no region (the contract covers all) for most
// contracts, one to three for the others.
func (g *catalogue) regions() []string {
	if g.rng.Intn(10) < 6 {
		return nil
	}
	n := 1 + g.rng.Intn(3)
	out := make([]string, 0, n)
	for _, k := range g.rng.Perm(len(regions))[:n] {
		out = append(out, regions[k])
	}
	return out
}

// currency returns EUR for 85 % of contracts, USD or GBP for the rest.
func (g *catalogue) currency() lifecycle.Currency {
	switch n := g.rng.Intn(100); {
	case n < 85:
		return lifecycle.EUR
	case n < 95:
		return lifecycle.USD
	}
	return lifecycle.GBP
}

// validity returns when a contract holds: the whole of 2024 for half of
// them, otherwise one expiring in 2024, one starting in 2024 and running
// into 2025, or a short spot deal, so that contracts overlap.
func (g *catalogue) validity() lifecycle.Term {
	jan1 := lifecycle.MustDate(2024, time.January, 1)
	var from, days int // offset from 1 January 2024, length in days
	switch n := g.rng.Intn(10); {
	case n < 5:
		return lifecycle.Term{Start: jan1, End: lifecycle.MustDate(2024, time.December, 31)}
	case n < 7:
		from, days = -180+g.rng.Intn(150), 240+g.rng.Intn(200)
	case n < 9:
		from, days = 60+g.rng.Intn(200), 365
	default:
		from, days = g.rng.Intn(300), 60+g.rng.Intn(60)
	}
	start := jan1.AddDays(from)
	return lifecycle.Term{Start: start, End: start.AddDays(days - 1)}
}

// term prices catalogue item k: from 0.50 to 500.00, with a baseline up
// to 15 % above, mostly without tiers.
func (g *catalogue) term(k int) matching.PriceTerm {
	cents := int64(50 + g.rng.Intn(50_000))
	t := matching.PriceTerm{
		Item:     itemName(k),
		Unit:     unitOf(k),
		Price:    money(cents),
		Baseline: money(cents + cents*int64(g.rng.Intn(16))/100),
	}
	switch n := g.rng.Intn(100); {
	case n < 60:
	case n < 85:
		t.TierKind, t.Tiers = matching.Range, tiers(cents, 50, 200)
	case n < 96:
		t.TierKind, t.Tiers = matching.Slab, tiers(cents, 50, 200)
	default:
		t.TierKind, t.Tiers = matching.Cumulative, tiers(cents, 2_000, 10_000)
	}
	return t
}

// tiers returns two quantity breaks, from first at 5 % off and from
// second at 10 % off a base price in cents.
func tiers(cents int64, first, second int64) []matching.Tier {
	return []matching.Tier{
		{From: decimal.NewFromInt(first), Price: money(cents * 95 / 100)},
		{From: decimal.NewFromInt(second), Price: money(cents * 90 / 100)},
	}
}

// unitOf returns the unit item k is sold in: one item in three each.
func unitOf(k int) string { return [...]string{"EA", "BOX", "KG"}[k%3] }

func supplierName(s int) string { return fmt.Sprintf("SUP-%05d", s) }

func itemName(k int) string { return fmt.Sprintf("ITEM-%06d", k) }

// money returns an amount of cents as a decimal with two places.
func money(cents int64) decimal.Decimal { return decimal.New(cents, -2) }

func clamp(n, lo, hi int) int { return min(max(n, lo), hi) }

// must returns v; the sources used here never fail.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("matchgen: %v", err))
	}
	return v
}

// Lines generates n invoice lines from seed, bought against contracts
// (as [Contracts] returns them; any valid contracts do). Invoices are
// drawn one at a time; by share of lines, roughly:
//
//   - 86 % contracted: a supplier's invoice of one to five lines, each
//     for an item of one of its contracts, in the contract's currency,
//     within its validity and regions, in the term's unit or, for some
//     EA items, in boxes. Of these, about 78 % pay the contracted (tier)
//     price, 5 % a little less and 17 % one to eight percent more.
//   - 6 % maverick: a contracted item bought, on a contract's day and
//     region, from a supplier that has no contract.
//   - 3 % uncontracted: categories that no contract covers.
//   - 2 % credit notes: an earlier line credited, wholly or in part.
//   - 1.5 % duplicates: an earlier line sent again under its invoice.
//   - 0.5 % suspected duplicates: an earlier line billed again under a
//     new invoice number.
//   - 0.5 % invalid: an earlier line with one field broken.
//
// Matched, about a quarter of all lines come out as leakage rather than
// the 15 % priced above contract: slab and cumulative lines pay the base
// price, and where two contracts of a supplier price an item the later
// one governs at its own price. Lines are not in date order. With no
// contracts, every line is uncontracted or derived from one.
func Lines(seed int64, contracts []matching.Contract, n int) []matching.InvoiceLine {
	g := newInvoicer(seed, contracts, n)
	for len(g.out) < n {
		g.invoice()
	}
	return g.out[:n]
}

// invoicer draws invoices and remembers the lines drawn so far.
type invoicer struct {
	rng          *rand.Rand
	contracts    []matching.Contract
	offContract  []string // suppliers without a contract
	uncontracted []lifecycle.CategoryID
	units        []string // business units
	invoices     int
	out          []matching.InvoiceLine
}

func newInvoicer(seed int64, contracts []matching.Contract, n int) *invoicer {
	g := &invoicer{
		rng:       rand.New(rand.NewSource(seed)),
		contracts: contracts,
		out:       make([]matching.InvoiceLine, 0, n+5),
	}
	contracted := make(map[string]bool)
	for i := range contracts {
		contracted[contracts[i].Supplier] = true
	}
	for s := 90_000; len(g.offContract) < 500; s++ {
		if name := supplierName(s); !contracted[name] {
			g.offContract = append(g.offContract, name)
		}
	}
	ids := &lifecycle.Sequence{Seed: fmt.Sprintf("matchgen/lines/%d", seed)}
	for range 20 {
		g.uncontracted = append(g.uncontracted, must(lifecycle.NewCategoryID(ids)))
	}
	for b := range 12 {
		g.units = append(g.units, fmt.Sprintf("BU-%02d", b+1))
	}
	return g
}

// invoice draws one invoice, or one line derived from an earlier one.
// The weights are per draw; a contracted invoice has three lines on
// average, a maverick or uncontracted one two, the others one.
func (g *invoicer) invoice() {
	n := g.rng.Intn(1000)
	if len(g.contracts) == 0 && n < 840 {
		n = 840 // nothing to buy on or around contract
	}
	switch {
	case n < 761:
		g.contracted()
	case n < 840:
		g.maverick()
	case n < 880:
		g.uncontractedInvoice()
	case len(g.out) == 0:
		g.uncontractedInvoice()
	case n < 933:
		g.creditNote()
	case n < 973:
		g.out = append(g.out, g.earlier())
	case n < 987:
		l := g.earlier()
		l.Invoice = g.nextInvoice("INV")
		g.out = append(g.out, l)
	default:
		g.out = append(g.out, g.broken(g.earlier()))
	}
}

// contracted draws a supplier's invoice against one of its contracts.
func (g *invoicer) contracted() {
	c := &g.contracts[g.rng.Intn(len(g.contracts))]
	head := g.head(c.Supplier, c.Category, c.Currency, g.day(c.Valid), g.region(c.Regions))
	lines := min(1+g.rng.Intn(5), len(c.Terms))
	for k, j := range g.rng.Perm(len(c.Terms))[:lines] {
		l := head
		l.Line = k + 1
		g.buy(&l, &c.Terms[j])
		g.out = append(g.out, l)
	}
}

// head returns a line with the invoice's fields set and a new number.
func (g *invoicer) head(supplier string, cat lifecycle.CategoryID, cur lifecycle.Currency,
	day lifecycle.Date, region string) matching.InvoiceLine {
	return matching.InvoiceLine{
		Invoice: g.nextInvoice("INV"), Supplier: supplier, Category: cat, Currency: cur,
		Date: day, Region: region, BusinessUnit: g.units[g.rng.Intn(len(g.units))],
	}
}

// buy sets the item, quantity, unit and price of a line bought under t.
func (g *invoicer) buy(l *matching.InvoiceLine, t *matching.PriceTerm) {
	l.Item, l.Unit = t.Item, t.Unit
	qty, boxes := g.quantity(t.Unit), int64(0)
	if t.Unit == "EA" && g.rng.Intn(10) == 0 {
		boxes = 1 + g.rng.Int63n(25)
		qty = decimal.NewFromInt(12 * boxes)
	}
	cents := g.markUp(contractedCents(t, qty))
	l.Quantity, l.UnitPrice = qty, money(cents)
	if boxes > 0 {
		l.Unit, l.Quantity, l.UnitPrice = "BOX", decimal.NewFromInt(boxes), money(12*cents)
	}
}

// quantity returns how much of a unit a line buys: whole pieces and
// boxes, kilograms to one decimal place.
func (g *invoicer) quantity(unit string) decimal.Decimal {
	switch unit {
	case "EA":
		return decimal.NewFromInt(1 + g.rng.Int63n(300))
	case "BOX":
		return decimal.NewFromInt(1 + g.rng.Int63n(60))
	}
	return decimal.New(5+g.rng.Int63n(3000), -1)
}

// contractedCents returns the unit price, in cents, that t fixes for qty
// units bought on one line: the range tier qty reaches, otherwise the
// base price (for slab and cumulative tiers, paying it is the leakage of
// a missed volume discount).
func contractedCents(t *matching.PriceTerm, qty decimal.Decimal) int64 {
	price := t.Price
	if t.TierKind == matching.Range {
		from := decimal.Zero
		for _, tier := range t.Tiers {
			if tier.From.Cmp(qty) <= 0 && tier.From.Cmp(from) > 0 {
				price, from = tier.Price, tier.From
			}
		}
	}
	return price.Shift(2).IntPart()
}

// markUp returns what the buyer paid for a contracted price in cents:
// the price itself mostly, sometimes a little less, and in one line of
// six a little more.
func (g *invoicer) markUp(cents int64) int64 {
	switch n := g.rng.Intn(100); {
	case n < 78:
		return cents
	case n < 83:
		return max(cents-cents*int64(1+g.rng.Intn(3))/100, 1)
	}
	return cents + max(cents*int64(1+g.rng.Intn(8))/100, 1)
}

// maverick draws an invoice from a supplier without a contract for items
// a contract prices, in its category, on a day and in a region it
// covers.
func (g *invoicer) maverick() {
	c := &g.contracts[g.rng.Intn(len(g.contracts))]
	supplier := g.offContract[g.rng.Intn(len(g.offContract))]
	head := g.head(supplier, c.Category, c.Currency, g.day(c.Valid), g.region(c.Regions))
	for k := range min(1+g.rng.Intn(3), len(c.Terms)) {
		t := &c.Terms[g.rng.Intn(len(c.Terms))]
		l := head
		l.Line, l.Item, l.Unit = k+1, t.Item, t.Unit
		l.Quantity = g.quantity(t.Unit)
		l.UnitPrice = money(t.Baseline.Shift(2).IntPart() + int64(g.rng.Intn(200)))
		g.out = append(g.out, l)
	}
}

// uncontractedInvoice draws an invoice in a category no contract covers.
func (g *invoicer) uncontractedInvoice() {
	supplier := g.offContract[g.rng.Intn(len(g.offContract))]
	cat := g.uncontracted[g.rng.Intn(len(g.uncontracted))]
	jan1 := lifecycle.MustDate(2024, time.January, 1)
	head := g.head(supplier, cat, lifecycle.EUR, jan1.AddDays(g.rng.Intn(366)), g.region(nil))
	for k := range 1 + g.rng.Intn(3) {
		l := head
		l.Line, l.Item, l.Unit = k+1, itemName(900_000+g.rng.Intn(50_000)), unitOf(g.rng.Intn(3))
		l.Quantity = g.quantity(l.Unit)
		l.UnitPrice = money(int64(100 + g.rng.Intn(100_000)))
		g.out = append(g.out, l)
	}
}

// creditNote credits an earlier line: all of it, or for whole
// quantities above one sometimes part of it.
func (g *invoicer) creditNote() {
	l := g.earlier()
	l.Invoice, l.Line = g.nextInvoice("CN"), 1
	qty := l.Quantity
	if qty.IsInteger() && qty.IntPart() > 1 && g.rng.Intn(2) == 0 {
		qty = decimal.NewFromInt(1 + g.rng.Int63n(qty.IntPart()-1))
	}
	l.Quantity = qty.Neg()
	g.out = append(g.out, l)
}

// broken returns l with one field made invalid.
func (g *invoicer) broken(l matching.InvoiceLine) matching.InvoiceLine {
	switch g.rng.Intn(6) {
	case 0:
		l.Supplier = ""
	case 1:
		l.Quantity = decimal.Zero
	case 2:
		l.Currency = "EUX"
	case 3:
		l.UnitPrice = l.UnitPrice.Neg()
	case 4:
		l.Quantity = decimal.New(1, -7) // beyond six places
	default:
		l.Line = 0
	}
	return l
}

// earlier returns a copy of a line drawn before; there is one.
func (g *invoicer) earlier() matching.InvoiceLine { return g.out[g.rng.Intn(len(g.out))] }

// day returns a day of 2024 within valid, or its start if they do not
// meet.
func (g *invoicer) day(valid lifecycle.Term) lifecycle.Date {
	lo := maxDate(valid.Start, lifecycle.MustDate(2024, time.January, 1))
	hi := minDate(valid.End, lifecycle.MustDate(2024, time.December, 31))
	if hi.Before(lo) {
		return valid.Start
	}
	return lo.AddDays(g.rng.Intn(lo.DaysUntil(hi) + 1))
}

// region returns one of the regions a contract covers, or any region if
// it covers all.
func (g *invoicer) region(covered []string) string {
	if len(covered) == 0 {
		covered = regions
	}
	return covered[g.rng.Intn(len(covered))]
}

func (g *invoicer) nextInvoice(prefix string) string {
	g.invoices++
	return fmt.Sprintf("%s-%07d", prefix, g.invoices)
}

func maxDate(a, b lifecycle.Date) lifecycle.Date {
	if a.After(b) {
		return a
	}
	return b
}

func minDate(a, b lifecycle.Date) lifecycle.Date {
	if a.Before(b) {
		return a
	}
	return b
}
