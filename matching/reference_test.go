package matching_test

// This file holds a slow, obvious reference matcher written from the
// package's documentation with decimal arithmetic throughout, and the
// property tests that hold the fast matcher (scaled integers, sharded
// duplicate registers, parallel batches) to it on random worlds.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// refConfig is the reference's own reading of a matching configuration:
// limits as plain decimals, nil when unset.
type refConfig struct {
	TwoSided     bool
	Relative     *decimal.Decimal // fraction of |expected|; nil: unset
	Absolute     *decimal.Decimal // per unit of the line × |quantity|; nil: unset
	And          bool             // with both limits: true for And, false for Or
	Units        []matching.UnitConversion
	FloorSavings bool
}

// config returns the matching.Config that says the same as c.
func (c refConfig) config(t testing.TB) matching.Config {
	t.Helper()
	cfg := matching.Config{Units: c.Units, FloorSavings: c.FloorSavings}
	if c.TwoSided {
		cfg.Tolerance.Direction = matching.Both
	}
	var err error
	if c.Relative != nil {
		if cfg.Tolerance.Relative, err = matching.Relative(*c.Relative); err != nil {
			t.Fatal(err)
		}
	}
	if c.Absolute != nil {
		if cfg.Tolerance.Absolute, err = matching.Absolute(*c.Absolute); err != nil {
			t.Fatal(err)
		}
	}
	if c.Relative != nil && c.Absolute != nil {
		cfg.Tolerance.Join = matching.Or
		if c.And {
			cfg.Tolerance.Join = matching.And
		}
	}
	return cfg
}

// refResult is the reference's verdict on one line.
type refResult struct {
	Class       matching.Class
	Rule        matching.Rule // the rule that decided the class
	Choice      matching.Rule // the rule that chose the term (Result.Selection); 0 if none
	Reason      matching.Reason
	Contract    matching.ContractID
	Term        int
	Tier        int
	DuplicateOf int
	Priced      bool
	Floored     bool

	Spend, Expected, Leakage, Savings lifecycle.Money

	contract   int // index of the chosen contract; -1 if none
	qtyTerm    decimal.Decimal
	cumulative bool
}

var (
	refMinMillionths = decimal.NewFromInt(-math.MaxInt64) // symmetric: negation is safe
	refMaxMillionths = decimal.NewFromInt(math.MaxInt64)
)

// refFits6 reports whether d has at most six decimal places and fits in
// an int64 count of millionths, the smallest int64 excluded so that every
// value can be negated.
func refFits6(d decimal.Decimal) bool {
	if d.Exponent() > 100 || d.Exponent() < -100 {
		return d.IsZero()
	}
	m := d.Shift(6)
	return m.IsInteger() && m.Cmp(refMinMillionths) >= 0 && m.Cmp(refMaxMillionths) <= 0
}

// refMoney is d in c, or unset money when c is not a currency.
func refMoney(d decimal.Decimal, c lifecycle.Currency) lifecycle.Money {
	m, err := lifecycle.NewMoney(d, c)
	if err != nil {
		return lifecycle.Money{}
	}
	return m
}

// refMatch matches lines, in arrival order, as one fresh matcher would:
// each line on its own, then duplicates in arrival order, then prices,
// cumulative tiers in date order.
func refMatch(contracts []matching.Contract, cfg refConfig, lines []matching.InvoiceLine) []refResult {
	out := make([]refResult, len(lines))
	for i := range lines {
		out[i] = refEvaluate(contracts, cfg, &lines[i])
	}
	refMarkDuplicates(lines, out)
	refPriceAll(contracts, cfg, lines, out)
	return out
}

// refReason validates a line, in the order the package checks.
func refReason(l *matching.InvoiceLine) matching.Reason {
	switch {
	case l.Invoice == "":
		return matching.NoInvoice
	case l.Line <= 0:
		return matching.BadLineNumber
	case l.Supplier == "":
		return matching.NoSupplier
	case l.Item == "":
		return matching.NoItem
	case l.Category.IsZero():
		return matching.NoCategory
	case l.Date.IsZero():
		return matching.NoDate
	case l.Unit == "":
		return matching.NoUnit
	case !l.Currency.Valid():
		return matching.UnknownCurrency
	case l.Quantity.IsZero():
		return matching.ZeroQuantity
	case l.UnitPrice.Sign() < 0:
		return matching.NegativePrice
	case !refFits6(l.Quantity) || !refFits6(l.UnitPrice):
		return matching.TooPrecise
	}
	return matching.ReasonNone
}

// refCandidate is a term that fits a line exactly.
type refCandidate struct {
	contract, term int
	qtyTerm        decimal.Decimal
}

// refEvaluate decides what does not depend on other lines.
func refEvaluate(contracts []matching.Contract, cfg refConfig, l *matching.InvoiceLine) refResult {
	r := refResult{Term: -1, Tier: -1, DuplicateOf: -1, contract: -1}
	r.Spend = refMoney(l.UnitPrice.Mul(l.Quantity), l.Currency)
	r.Leakage = refMoney(decimal.Zero, l.Currency)
	r.Savings = refMoney(decimal.Zero, l.Currency)
	if reason := refReason(l); reason != matching.ReasonNone {
		r.Class, r.Rule, r.Reason = matching.Rejected, matching.RuleInvalidLine, reason
		return r
	}

	var fits []refCandidate
	inexact := false
	for ci := range contracts {
		c := &contracts[ci]
		if c.Supplier != l.Supplier || c.Currency != l.Currency ||
			!refContains(c.Valid, l.Date) || !refCovers(c.Regions, l.Region) {
			continue
		}
		for ti, pt := range c.Terms {
			if pt.Item != l.Item {
				continue
			}
			q, convertible, exact := refConvert(cfg.Units, l.Quantity, l.Unit, pt.Unit)
			switch {
			case !convertible:
			case !exact:
				inexact = true
			default:
				fits = append(fits, refCandidate{ci, ti, q})
			}
		}
	}

	if len(fits) == 0 {
		switch {
		case inexact:
			r.Class, r.Rule, r.Reason = matching.Rejected, matching.RuleInvalidLine, matching.InexactConversion
		case refAround(contracts, l) >= 0:
			r.Class, r.Rule = matching.Maverick, matching.RuleCategoryContracted
			r.Contract = contracts[refAround(contracts, l)].ID
		default:
			r.Class, r.Rule = matching.Uncontracted, matching.RuleCategoryUncontracted
		}
		return r
	}

	// Best first: latest start, smaller id, earlier term.
	sort.SliceStable(fits, func(i, j int) bool {
		a, b := &contracts[fits[i].contract], &contracts[fits[j].contract]
		if c := a.Valid.Start.Compare(b.Valid.Start); c != 0 {
			return c > 0
		}
		if c := a.ID.Compare(b.ID); c != 0 {
			return c < 0
		}
		return fits[i].term < fits[j].term
	})
	best := fits[0]
	r.contract, r.Contract, r.Term, r.qtyTerm = best.contract, contracts[best.contract].ID, best.term, best.qtyTerm
	r.cumulative = contracts[best.contract].Terms[best.term].TierKind == matching.Cumulative
	switch {
	case len(fits) == 1:
		r.Choice = matching.RuleOnlyCandidate
	case fits[1].contract == best.contract:
		r.Choice = matching.RuleNoRuleSeparates
		r.Class, r.Rule = matching.Ambiguous, matching.RuleNoRuleSeparates
	case contracts[fits[1].contract].Valid.Start != contracts[best.contract].Valid.Start:
		r.Choice = matching.RuleLatestStart
	default:
		r.Choice = matching.RuleSmallerID
	}
	return r
}

func refContains(v lifecycle.Term, d lifecycle.Date) bool {
	return v.Start.Compare(d) <= 0 && d.Compare(v.End) <= 0
}

func refCovers(regions []string, region string) bool {
	if len(regions) == 0 {
		return true
	}
	for _, r := range regions {
		if r == region {
			return true
		}
	}
	return false
}

// refConvert converts qty from one unit to another through the table,
// either way, reporting whether the result is exact at six places.
func refConvert(units []matching.UnitConversion, qty decimal.Decimal, from, to string) (q decimal.Decimal, convertible, exact bool) {
	if from == to {
		return qty, true, true
	}
	for _, u := range units {
		if u.From == from && u.To == to {
			q = qty.Mul(u.Factor)
			return q, true, refFits6(q)
		}
	}
	for _, u := range units {
		if u.From == to && u.To == from {
			q, rem := qty.QuoRem(u.Factor, 6)
			return q, true, rem.IsZero() && refFits6(q)
		}
	}
	return decimal.Zero, false, false
}

// refAround returns the index of the contract a maverick line went around:
// of those covering its category, date and region, latest start then
// smaller id; -1 when none does.
func refAround(contracts []matching.Contract, l *matching.InvoiceLine) int {
	best := -1
	for i := range contracts {
		c := &contracts[i]
		if c.Category != l.Category || !refContains(c.Valid, l.Date) || !refCovers(c.Regions, l.Region) {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := &contracts[best]
		if c.Valid.Start.After(b.Valid.Start) || (c.Valid.Start == b.Valid.Start && c.ID.String() < b.ID.String()) {
			best = i
		}
	}
	return best
}

// refMarkDuplicates marks duplicates and suspected duplicates in arrival
// order, by linear search over the lines before.
func refMarkDuplicates(lines []matching.InvoiceLine, out []refResult) {
	for i := range lines {
		if out[i].Class == matching.Rejected {
			continue
		}
		for j := 0; j < i; j++ {
			if out[j].Class != matching.Rejected && out[j].Class != matching.Duplicate &&
				lines[j].Invoice == lines[i].Invoice && lines[j].Line == lines[i].Line {
				out[i].Class, out[i].Rule, out[i].DuplicateOf = matching.Duplicate, matching.RuleSameLine, j
				break
			}
		}
	}
	for i := range lines {
		if out[i].Class == matching.Rejected || out[i].Class == matching.Duplicate {
			continue
		}
		for j := 0; j < i; j++ {
			if out[j].Class == matching.Rejected || out[j].Class == matching.Duplicate {
				continue
			}
			a, b := &lines[j], &lines[i]
			if a.Supplier != b.Supplier || a.Currency != b.Currency || a.Date != b.Date ||
				!a.UnitPrice.Mul(a.Quantity).Equal(b.UnitPrice.Mul(b.Quantity)) {
				continue
			}
			if a.Invoice != b.Invoice {
				out[i].Class, out[i].Rule, out[i].DuplicateOf = matching.SuspectedDuplicate, matching.RuleSameAmount, j
			}
			break // only the first line with the key counts
		}
	}
}

func refIsDuplicate(c matching.Class) bool {
	return c == matching.Duplicate || c == matching.SuspectedDuplicate
}

// refPriceAll prices every line that chose a term: cumulative ones in
// date order (arrival order within a day), a duplicate at the tier where
// it stands without adding to what was bought.
func refPriceAll(contracts []matching.Contract, cfg refConfig, lines []matching.InvoiceLine, out []refResult) {
	var cumulative []int
	for i := range out {
		r := &out[i]
		if r.contract < 0 || r.Choice == matching.RuleNoRuleSeparates { // ambiguous: not priced
			continue
		}
		if !r.cumulative {
			refPrice(contracts, cfg, &lines[i], r, decimal.Zero)
			continue
		}
		cumulative = append(cumulative, i)
	}
	sort.SliceStable(cumulative, func(a, b int) bool {
		return lines[cumulative[a]].Date.Before(lines[cumulative[b]].Date)
	})
	bought := map[[2]int]decimal.Decimal{}
	for _, i := range cumulative {
		r := &out[i]
		k := [2]int{r.contract, r.Term}
		refPrice(contracts, cfg, &lines[i], r, bought[k])
		if !refIsDuplicate(r.Class) { // priced where it stands, buying nothing
			bought[k] = bought[k].Add(r.qtyTerm)
		}
	}
}

// refPrice checks line l against its chosen term; a duplicate keeps its
// class and carries no leakage or savings.
func refPrice(contracts []matching.Contract, cfg refConfig, l *matching.InvoiceLine, r *refResult, prior decimal.Decimal) {
	pt := &contracts[r.contract].Terms[r.Term]
	cur := l.Currency
	spend := l.UnitPrice.Mul(l.Quantity)
	expected, tier := refExpected(pt, r.qtyTerm, prior)
	r.Priced, r.Tier, r.Expected = true, tier, refMoney(expected, cur)

	within, above := refWithin(cfg, spend, expected, l.Quantity)
	savings := pt.Baseline.Mul(r.qtyTerm).Sub(spend)
	// Paid above the baseline per unit: negative savings on a purchase,
	// positive ones on a credit note.
	if cfg.FloorSavings && savings.Sign()*l.Quantity.Sign() < 0 {
		savings, r.Floored = decimal.Zero, true
	}
	if refIsDuplicate(r.Class) {
		return
	}
	switch {
	case within:
		r.Class, r.Rule = matching.OnContract, matching.RuleWithinTolerance
	case above:
		r.Class, r.Rule = matching.Leakage, matching.RuleAboveTolerance
		r.Leakage = refMoney(spend.Sub(expected), cur)
	default: // a mismatch, but nothing lost: no leakage amount
		r.Class, r.Rule = matching.Leakage, matching.RuleBelowTolerance
	}
	r.Savings = refMoney(savings, cur)
}

// refExpected is what |qtyTerm| units cost under pt, negated for a credit
// note, and the tier that set the price (-1 for the base price).
func refExpected(pt *matching.PriceTerm, qtyTerm, prior decimal.Decimal) (decimal.Decimal, int) {
	q := qtyTerm.Abs()
	tiers := slices.Clone(pt.Tiers)
	sort.Slice(tiers, func(i, j int) bool { return tiers[i].From.LessThan(tiers[j].From) })

	// reached returns the tier with the largest From not above level.
	reached := func(level decimal.Decimal) (decimal.Decimal, int) {
		price, tier := pt.Price, -1
		for k, t := range tiers {
			if t.From.LessThanOrEqual(level) {
				price, tier = t.Price, k
			}
		}
		return price, tier
	}

	var amount decimal.Decimal
	tier := -1
	switch pt.TierKind {
	case matching.NoTiers:
		amount = pt.Price.Mul(q)
	case matching.Range:
		var price decimal.Decimal
		price, tier = reached(q)
		amount = price.Mul(q)
	case matching.Cumulative:
		var price decimal.Decimal
		price, tier = reached(decimal.Max(prior, decimal.Zero))
		amount = price.Mul(q)
	case matching.Slab:
		// Band k runs from its From (0 for the base price) to the next
		// tier's From; units beyond a From get that tier's price.
		amount = decimal.Zero
		for k := -1; k < len(tiers); k++ {
			lo, price := decimal.Zero, pt.Price
			if k >= 0 {
				lo, price = tiers[k].From, tiers[k].Price
			}
			hi := q
			if k+1 < len(tiers) {
				hi = decimal.Min(q, tiers[k+1].From)
			}
			if hi.GreaterThan(lo) {
				amount = amount.Add(price.Mul(hi.Sub(lo)))
				tier = k
			}
		}
	}
	if qtyTerm.Sign() < 0 {
		amount = amount.Neg()
	}
	return amount, tier
}

// refWithin judges spend against expected. The direction is the unit
// price's: a credit note at a price above the contract reverses leakage,
// so above means (spend − expected) has the sign of the quantity.
func refWithin(cfg refConfig, spend, expected, qty decimal.Decimal) (within, above bool) {
	diff := spend.Sub(expected)
	perUnit := diff
	if qty.Sign() < 0 {
		perUnit = diff.Neg()
	}
	above = perUnit.Sign() > 0
	if diff.IsZero() || (!above && !cfg.TwoSided) {
		return true, above
	}
	d := diff.Abs()
	var rel, abs bool
	if cfg.Relative != nil {
		rel = d.LessThanOrEqual(cfg.Relative.Mul(expected.Abs()))
	}
	if cfg.Absolute != nil {
		abs = d.LessThanOrEqual(cfg.Absolute.Mul(qty.Abs()))
	}
	switch {
	case cfg.Relative != nil && cfg.Absolute != nil && cfg.And:
		return rel && abs, above
	case cfg.Relative != nil && cfg.Absolute != nil:
		return rel || abs, above
	case cfg.Relative != nil:
		return rel, above
	case cfg.Absolute != nil:
		return abs, above
	}
	return false, above
}

// refWorld is a random set of contracts, a configuration and lines.
type refWorld struct {
	contracts []matching.Contract
	cfg       refConfig
	lines     []matching.InvoiceLine
}

var (
	refSuppliers  = []string{"ACME", "BOLTCO", "CHEMX"}
	refItems      = []string{"GLOVE", "BOLT", "TAPE", "OIL"}
	refUnits      = []string{"EA", "BOX", "PK", "CS", "L"}
	refRegions    = []string{"NORTH", "SOUTH", "EAST"}
	refCurrencies = []lifecycle.Currency{"EUR", "USD", "JPY", "KWD"}
	refStarts     = []lifecycle.Date{
		lifecycle.MustDate(2024, time.January, 1), lifecycle.MustDate(2024, time.March, 1),
		lifecycle.MustDate(2024, time.June, 15), lifecycle.MustDate(2024, time.March, 1),
	}
	refConversions = []matching.UnitConversion{
		{From: "BOX", To: "EA", Factor: decimal.NewFromInt(12)},
		{From: "PK", To: "EA", Factor: decimal.NewFromInt(3)},
		{From: "CS", To: "BOX", Factor: decimal.RequireFromString("2.5")},
		{From: "L", To: "PK", Factor: decimal.RequireFromString("0.125")},
	}
)

func refPick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

// refAmount returns a random positive amount of up to places decimals.
func refAmount(rng *rand.Rand, maxUnits int, places int32) decimal.Decimal {
	return decimal.New(int64(1+rng.IntN(maxUnits*int(math.Pow10(int(places))))), -places)
}

func refNewWorld(seed uint64, nLines int) refWorld {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	ids := &lifecycle.Sequence{Seed: fmt.Sprint("reference-", seed)}
	var w refWorld

	categories := make([]lifecycle.CategoryID, 3)
	for i := range categories {
		categories[i], _ = lifecycle.NewCategoryID(ids)
	}
	initiatives := make([]lifecycle.InitiativeID, 3)
	for i := range initiatives {
		initiatives[i], _ = lifecycle.NewInitiativeID(ids)
	}
	currencies := slices.Clone(refCurrencies)
	rng.Shuffle(len(currencies), func(i, j int) { currencies[i], currencies[j] = currencies[j], currencies[i] })
	currencies = currencies[:2+rng.IntN(2)]

	for _, u := range refConversions {
		if rng.IntN(4) != 0 {
			w.cfg.Units = append(w.cfg.Units, u)
		}
	}
	w.cfg.TwoSided = rng.IntN(2) == 0
	limits := []string{"", "", "0", "0.01", "0.05", "0.5"}
	if s := refPick(rng, limits); s != "" {
		d := decimal.RequireFromString(s)
		w.cfg.Relative = &d
	}
	if s := refPick(rng, limits); s != "" {
		d := decimal.RequireFromString(s)
		w.cfg.Absolute = &d
	}
	w.cfg.And = rng.IntN(2) == 0
	w.cfg.FloorSavings = rng.IntN(2) == 0

	nContracts := 3 + rng.IntN(6)
	for range nContracts {
		w.contracts = append(w.contracts, refNewContract(rng, ids, categories, initiatives, currencies))
	}
	for i := range nLines {
		w.lines = append(w.lines, refNewLine(rng, &w, i, categories, currencies))
	}
	return w
}

func refNewContract(rng *rand.Rand, ids lifecycle.IDSource, categories []lifecycle.CategoryID,
	initiatives []lifecycle.InitiativeID, currencies []lifecycle.Currency) matching.Contract {
	id, _ := matching.NewContractID(ids)
	start := refPick(rng, refStarts)
	c := matching.Contract{
		ID: id, Supplier: refPick(rng, refSuppliers), Category: refPick(rng, categories),
		Currency: refPick(rng, currencies),
		Valid:    lifecycle.Term{Start: start, End: start.AddDays(rng.IntN(400))},
		Ref:      fmt.Sprint("C-", id.String()[:4]),
	}
	if rng.IntN(3) != 0 {
		c.Initiative = refPick(rng, initiatives)
	}
	if rng.IntN(2) == 0 {
		for _, r := range refRegions {
			if rng.IntN(2) == 0 {
				c.Regions = append(c.Regions, r)
			}
		}
	}
	seen := map[[2]string]bool{}
	for range 1 + rng.IntN(4) {
		item, unit := refPick(rng, refItems), refPick(rng, refUnits)
		if seen[[2]string{item, unit}] {
			continue
		}
		seen[[2]string{item, unit}] = true
		c.Terms = append(c.Terms, refNewTerm(rng, item, unit))
	}
	return c
}

func refNewTerm(rng *rand.Rand, item, unit string) matching.PriceTerm {
	price := refAmount(rng, 50, int32(rng.IntN(4)))
	pt := matching.PriceTerm{
		Item: item, Unit: unit, Price: price,
		Baseline: price.Add(decimal.New(int64(rng.IntN(400)-100), -2)).Abs(),
		TierKind: matching.TierKind(rng.IntN(4)),
	}
	if pt.TierKind == matching.NoTiers {
		return pt
	}
	froms := map[string]bool{}
	for range 1 + rng.IntN(3) {
		from := refPick(rng, []decimal.Decimal{
			decimal.NewFromInt(5), decimal.NewFromInt(10), decimal.NewFromInt(24),
			decimal.NewFromInt(100), decimal.RequireFromString("2.5"), decimal.NewFromInt(1),
		})
		if froms[from.String()] {
			continue
		}
		froms[from.String()] = true
		pt.Tiers = append(pt.Tiers, matching.Tier{
			From:  from,
			Price: price.Mul(decimal.New(int64(70+rng.IntN(30)), -2)).Truncate(6),
		})
	}
	return pt
}

// refNewLine returns a random line: usually one aimed at a term, then
// bent in one of many ways.
func refNewLine(rng *rand.Rand, w *refWorld, n int, categories []lifecycle.CategoryID,
	currencies []lifecycle.Currency) matching.InvoiceLine {
	// Copies of earlier lines: the same line again, or the same amount
	// on another invoice or another line of the same invoice.
	if n > 0 && rng.IntN(8) == 0 {
		l := w.lines[rng.IntN(n)]
		switch rng.IntN(4) {
		case 0:
			l.Invoice = fmt.Sprint("INV-", 1000+n)
		case 1:
			l.Line++
		case 2:
			l.UnitPrice = l.UnitPrice.Add(decimal.New(1, -2))
		}
		return l
	}

	c := &w.contracts[rng.IntN(len(w.contracts))]
	pt := c.Terms[rng.IntN(len(c.Terms))]
	l := matching.InvoiceLine{
		Invoice: fmt.Sprint("INV-", rng.IntN(60)), Line: 1 + rng.IntN(4),
		Supplier: c.Supplier, Item: pt.Item, Category: c.Category,
		Date: refLineDate(rng, c.Valid), Unit: pt.Unit, Currency: c.Currency,
		Quantity:  decimal.New(int64(1+rng.IntN(60)), 0),
		UnitPrice: pt.Price,
	}
	if len(c.Regions) > 0 {
		l.Region = refPick(rng, c.Regions)
	}
	if rng.IntN(6) == 0 {
		l.Region = refPick(rng, refRegions)
	}
	switch rng.IntN(6) {
	case 0:
		l.Quantity = decimal.New(int64(1+rng.IntN(5000)), -int32(rng.IntN(4)))
	case 1:
		l.Quantity = l.Quantity.Neg() // a credit note
	case 2:
		if len(pt.Tiers) > 0 {
			l.Quantity = refPick(rng, pt.Tiers).From
		}
	}
	if rng.IntN(3) == 0 {
		l.Unit = refPick(rng, refUnits)
	}
	switch rng.IntN(6) {
	case 0:
		l.UnitPrice = l.UnitPrice.Add(decimal.New(int64(rng.IntN(200)), -int32(rng.IntN(5))))
	case 1:
		l.UnitPrice = l.UnitPrice.Sub(decimal.New(int64(rng.IntN(100)), -3)).Abs()
	case 2:
		if len(pt.Tiers) > 0 {
			l.UnitPrice = refPick(rng, pt.Tiers).Price
		}
	}
	refBend(rng, &l, categories, currencies)
	return l
}

// refLineDate returns a date in, on the edges of, or just outside v.
func refLineDate(rng *rand.Rand, v lifecycle.Term) lifecycle.Date {
	switch rng.IntN(8) {
	case 0:
		return v.Start
	case 1:
		return v.End
	case 2:
		return v.Start.AddDays(-1)
	case 3:
		return v.End.AddDays(1)
	}
	return v.Start.AddDays(rng.IntN(v.Start.DaysUntil(v.End) + 1))
}

// refBend sometimes makes a line odd or invalid.
func refBend(rng *rand.Rand, l *matching.InvoiceLine, categories []lifecycle.CategoryID,
	currencies []lifecycle.Currency) {
	if rng.IntN(3) != 0 {
		return
	}
	switch rng.IntN(22) {
	case 0:
		l.Invoice = ""
	case 1:
		l.Line = -rng.IntN(2)
	case 2:
		l.Supplier = ""
	case 3:
		l.Item = ""
	case 4:
		l.Category = lifecycle.CategoryID{}
	case 5:
		l.Date = lifecycle.Date{}
	case 6:
		l.Unit = ""
	case 7:
		l.Currency = refPick(rng, []lifecycle.Currency{"", "XXX", "eur"})
	case 8:
		l.Quantity = decimal.Zero
	case 9:
		l.UnitPrice = l.UnitPrice.Neg().Sub(decimal.New(1, -2))
	case 10:
		l.UnitPrice = l.UnitPrice.Add(decimal.New(3, -7)) // seven places
	case 11:
		l.Quantity = l.Quantity.Add(decimal.New(1, -7))
	case 12:
		l.UnitPrice = decimal.RequireFromString("1.2500000000") // trailing zeros fit
	case 13:
		l.Quantity = decimal.RequireFromString("9223372036854.775808") // beyond int64 millionths
	case 14:
		l.Supplier = refPick(rng, refSuppliers)
	case 15:
		l.Item = refPick(rng, refItems)
	case 16:
		l.Category = refPick(rng, categories)
	case 17:
		l.Currency = refPick(rng, currencies)
	case 18:
		l.UnitPrice = decimal.Zero
	case 19:
		l.Quantity = decimal.New(int64(1+rng.IntN(11)), 0) // few EA: inexact in BOX
		l.Unit = "EA"
	case 20:
		l.Region = "ELSEWHERE"
	case 21:
		l.Quantity = decimal.RequireFromString("0.0000001").Neg()
	}
}

// refDescribe prints a line for failure messages.
func refDescribe(l *matching.InvoiceLine) string {
	return fmt.Sprintf("%s/%d %s %s %s×%s@%s %s %s region %q", l.Invoice, l.Line, l.Supplier, l.Item,
		l.Quantity, l.Unit, l.UnitPrice, l.Currency, l.Date, l.Region)
}

// refCompare reports how the matcher's result differs from the
// reference's, or "" when it agrees.
func refCompare(got *matching.Result, want *refResult, seq int) string {
	var diffs []string
	check := func(name string, ok bool, g, w any) {
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s %v, want %v", name, g, w))
		}
	}
	check("Seq", got.Seq == seq, got.Seq, seq)
	check("Class", got.Class == want.Class, got.Class, want.Class)
	check("Rule", got.Rule == want.Rule, got.Rule, want.Rule)
	check("Selection", got.Selection == want.Choice, got.Selection, want.Choice)
	check("Reason", got.Reason == want.Reason, got.Reason, want.Reason)
	check("Contract", got.Contract == want.Contract, got.Contract, want.Contract)
	check("Term", got.Term == want.Term, got.Term, want.Term)
	check("Tier", got.Tier == want.Tier, got.Tier, want.Tier)
	check("DuplicateOf", got.DuplicateOf == want.DuplicateOf, got.DuplicateOf, want.DuplicateOf)
	check("Matched", got.Matched() == want.Priced, got.Matched(), want.Priced)
	check("Spend", got.Spend().Equal(want.Spend), got.Spend(), want.Spend)
	check("Expected", got.Expected().Equal(want.Expected), got.Expected(), want.Expected)
	check("Leakage", got.Leakage().Equal(want.Leakage), got.Leakage(), want.Leakage)
	check("Savings", got.Savings().Equal(want.Savings), got.Savings(), want.Savings)
	if !refIsDuplicate(want.Class) {
		check("Floored", got.Floored == want.Floored, got.Floored, want.Floored)
	}
	return strings.Join(diffs, "; ")
}

// refSameResult reports how two of the matcher's results differ.
func refSameResult(a, b *matching.Result) string {
	var diffs []string
	if a.Seq != b.Seq || a.Invoice != b.Invoice || a.Line != b.Line || a.Class != b.Class ||
		a.Rule != b.Rule || a.Selection != b.Selection || a.Reason != b.Reason || a.Contract != b.Contract ||
		a.ContractRef != b.ContractRef || a.Term != b.Term || a.Tier != b.Tier ||
		a.Initiative != b.Initiative || a.Category != b.Category || a.Period != b.Period ||
		a.Currency != b.Currency || a.DuplicateOf != b.DuplicateOf || a.Floored != b.Floored ||
		a.Matched() != b.Matched() {
		diffs = append(diffs, fmt.Sprintf("fields %+v vs %+v", *a, *b))
	}
	for _, m := range []struct {
		name string
		x, y lifecycle.Money
	}{
		{"spend", a.Spend(), b.Spend()}, {"expected", a.Expected(), b.Expected()},
		{"variance", a.Variance(), b.Variance()}, {"leakage", a.Leakage(), b.Leakage()},
		{"savings", a.Savings(), b.Savings()},
	} {
		if !m.x.Equal(m.y) {
			diffs = append(diffs, fmt.Sprintf("%s %s vs %s", m.name, m.x, m.y))
		}
	}
	return strings.Join(diffs, "; ")
}

func refSameResults(t *testing.T, what string, got, want []matching.Result) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d results, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if d := refSameResult(&got[i], &want[i]); d != "" {
			t.Errorf("%s: line %d: %s", what, i, d)
			return
		}
	}
}

func refIndex(t *testing.T, w *refWorld) *matching.Index {
	t.Helper()
	ix, err := matching.NewIndex(w.contracts, w.cfg.config(t))
	if err != nil {
		t.Fatalf("NewIndex: %v", err)
	}
	return ix
}

func refSeeds() int {
	if testing.Short() {
		return 40
	}
	return 400
}

// TestMatcherAgreesWithReference holds the matcher to the reference, line
// by line, on random worlds.
func TestMatcherAgreesWithReference(t *testing.T) {
	failedSeeds := 0
	var seen refCoverage
	for seed := range uint64(refSeeds()) {
		w := refNewWorld(seed, 200)
		ix := refIndex(t, &w)
		got := ix.NewMatcher().MatchBatch(w.lines, nil)
		want := refMatch(w.contracts, w.cfg, w.lines)
		reported := 0
		for i := range w.lines {
			seen.count(&w, &w.lines[i], &want[i])
			d := refCompare(&got[i], &want[i], i)
			if d == "" {
				continue
			}
			if reported < 3 && failedSeeds < 5 {
				t.Errorf("seed %d line %d %s (cfg %s):\n\t%s", seed, i, refDescribe(&w.lines[i]),
					refDescribeConfig(w.cfg), d)
			}
			reported++
		}
		if reported > 0 {
			failedSeeds++
		}
	}
	if failedSeeds > 0 {
		t.Errorf("the matcher disagrees with the reference on %d of %d seeds (the first 5 shown)",
			failedSeeds, refSeeds())
	}
	seen.check(t)
}

// TestLargeBatchesAgreeWithReference holds batches large enough to go
// through the duplicate registers shard by shard, rather than a block at
// a time as TestMatcherAgreesWithReference's do, to the reference: on
// one goroutine and on several, from a slice and from Lines.
func TestLargeBatchesAgreeWithReference(t *testing.T) {
	dups := 0
	for seed := range uint64(max(2, refSeeds()/20)) {
		w := refNewWorld(6_000_000+seed, 1_500)
		ix := refIndex(t, &w)
		want := refMatch(w.contracts, w.cfg, w.lines)
		for i := range want {
			if refIsDuplicate(want[i].Class) {
				dups++
			}
		}
		for _, run := range []struct {
			name string
			got  []matching.Result
		}{
			{"MatchBatch", ix.NewMatcher().MatchBatch(w.lines, nil)},
			{"MatchParallel", ix.NewMatcher().MatchParallel(w.lines, nil, 3)},
			{"MatchLines", ix.NewMatcher().MatchLines(linesOf(w.lines), nil)},
		} {
			reported := 0
			for i := range w.lines {
				if d := refCompare(&run.got[i], &want[i], i); d != "" && reported < 3 {
					t.Errorf("%s, seed %d line %d %s (cfg %s):\n\t%s", run.name, seed, i,
						refDescribe(&w.lines[i]), refDescribeConfig(w.cfg), d)
					reported++
				}
			}
		}
	}
	if dups < 100 {
		t.Errorf("the worlds hold only %d duplicates and suspected duplicates; the test needs more", dups)
	}
}

// refCoverage counts what the random worlds reached, so that a change to
// the generator cannot quietly stop exercising a rule.
type refCoverage struct {
	classes [matching.NumClasses]int
	reasons map[matching.Reason]int
	choices map[matching.Rule]int
	rules   map[matching.Rule]int
	tiers   map[matching.TierKind]int // priced at a tier, not the base price
	credits int                       // credit notes priced
	floored int
}

func (c *refCoverage) count(w *refWorld, l *matching.InvoiceLine, r *refResult) {
	if c.reasons == nil {
		c.reasons, c.choices = map[matching.Reason]int{}, map[matching.Rule]int{}
		c.rules, c.tiers = map[matching.Rule]int{}, map[matching.TierKind]int{}
	}
	c.classes[r.Class]++
	c.reasons[r.Reason]++
	c.choices[r.Choice]++
	c.rules[r.Rule]++
	if r.Priced && r.Tier >= 0 {
		c.tiers[w.contracts[r.contract].Terms[r.Term].TierKind]++
	}
	if r.Priced && l.Quantity.Sign() < 0 {
		c.credits++
	}
	if r.Floored {
		c.floored++
	}
}

func (c *refCoverage) check(t *testing.T) {
	t.Helper()
	if testing.Short() {
		return
	}
	for class := matching.OnContract; int(class) < matching.NumClasses; class++ {
		if c.classes[class] == 0 {
			t.Errorf("no line reached class %s", class)
		}
	}
	for reason := matching.NoInvoice; reason <= matching.InexactConversion; reason++ {
		if c.reasons[reason] == 0 {
			t.Errorf("no line was rejected for %s", reason)
		}
	}
	for rule := matching.RuleInvalidLine; rule <= matching.RuleCategoryUncontracted; rule++ {
		if c.rules[rule]+c.choices[rule] == 0 {
			t.Errorf("no line was decided by rule %s", rule)
		}
	}
	for _, kind := range []matching.TierKind{matching.Range, matching.Slab, matching.Cumulative} {
		if c.tiers[kind] == 0 {
			t.Errorf("no line was priced at a %s tier", kind)
		}
	}
	if c.credits == 0 || c.floored == 0 {
		t.Errorf("%d credit notes priced, %d savings floored", c.credits, c.floored)
	}
}

func refDescribeConfig(c refConfig) string {
	s := "one-sided"
	if c.TwoSided {
		s = "two-sided"
	}
	if c.Relative != nil {
		s += " relative " + c.Relative.String()
	}
	if c.Absolute != nil {
		s += " absolute " + c.Absolute.String()
	}
	if c.Relative != nil && c.Absolute != nil {
		s += map[bool]string{true: " and", false: " or"}[c.And]
	}
	if c.FloorSavings {
		s += " floor"
	}
	return s
}

// TestMatchParallelAgreesWithReference checks that parallel and
// sequential batches give identical results, and that one batch, many
// batches and one line at a time agree when lines come in date order.
func TestMatchParallelAgreesWithReference(t *testing.T) {
	for seed := range uint64(refSeeds() / 4) {
		w := refNewWorld(1_000_000+seed, 200)
		ix := refIndex(t, &w)
		rng := rand.New(rand.NewPCG(seed, 7))

		whole := ix.NewMatcher().MatchBatch(w.lines, nil)
		for _, workers := range []int{2, 3} {
			got := ix.NewMatcher().MatchParallel(w.lines, nil, workers)
			refSameResults(t, fmt.Sprintf("seed %d: MatchParallel(%d)", seed, workers), got, whole)
		}

		sorted := refSortedByDate(w.lines)
		want := ix.NewMatcher().MatchBatch(sorted, nil)

		m := ix.NewMatcher()
		var one []matching.Result
		for _, l := range sorted {
			one = append(one, m.Match(l))
		}
		refSameResults(t, fmt.Sprintf("seed %d: Match one at a time", seed), one, want)

		m = ix.NewMatcher()
		var batches []matching.Result
		for rest := sorted; len(rest) > 0; {
			n := min(len(rest), 1+rng.IntN(40))
			if rng.IntN(2) == 0 {
				batches = m.MatchParallel(rest[:n], batches, 1+rng.IntN(4))
			} else {
				batches = m.MatchBatch(rest[:n], batches)
			}
			rest = rest[n:]
		}
		refSameResults(t, fmt.Sprintf("seed %d: several batches", seed), batches, want)
	}
}

// refSortedByDate returns a copy of lines in date order, lines of one
// day in the order given.
func refSortedByDate(lines []matching.InvoiceLine) []matching.InvoiceLine {
	sorted := slices.Clone(lines)
	slices.SortStableFunc(sorted, func(a, b matching.InvoiceLine) int { return a.Date.Compare(b.Date) })
	return sorted
}

// TestTotalsReconcileWithReference checks that class totals add back up
// to the input, computed with decimals, and that totals merge exactly.
func TestTotalsReconcileWithReference(t *testing.T) {
	for seed := range uint64(refSeeds() / 4) {
		w := refNewWorld(2_000_000+seed, 200)
		ix := refIndex(t, &w)
		results := ix.NewMatcher().MatchBatch(w.lines, nil)
		want := refMatch(w.contracts, w.cfg, w.lines)
		totals := matching.NewTotals()
		totals.AddAll(results)

		refCheckByCurrency(t, seed, w.lines, want, totals)
		refCheckCells(t, seed, totals)

		rng := rand.New(rand.NewPCG(seed, 11))
		parts := make([]*matching.Totals, 1+rng.IntN(5))
		for i := range parts {
			parts[i] = matching.NewTotals()
		}
		for i := range results {
			parts[rng.IntN(len(parts))].Add(&results[i])
		}
		merged := matching.NewTotals()
		for _, p := range parts {
			merged.Merge(p)
		}
		refSameFigures(t, fmt.Sprintf("seed %d: merged cells", seed), merged.Cells(), totals.Cells())
		refSameFigures(t, fmt.Sprintf("seed %d: merged currencies", seed), merged.ByCurrency(), totals.ByCurrency())

		parallel := matching.NewTotals()
		parallel.AddParallel(results, 1+rng.IntN(4))
		refSameFigures(t, fmt.Sprintf("seed %d: AddParallel", seed), parallel.Cells(), totals.Cells())
	}
}

// refCheckByCurrency compares the currency summaries with the lines'
// count and spend, summed with decimals, and with the reference's
// leakage and savings.
func refCheckByCurrency(t *testing.T, seed uint64, lines []matching.InvoiceLine, want []refResult, totals *matching.Totals) {
	t.Helper()
	type sums struct {
		lines                   int
		spend, leakage, savings decimal.Decimal
		classLines              [matching.NumClasses]int
	}
	byCurrency := map[lifecycle.Currency]*sums{}
	for i := range lines {
		l := &lines[i]
		s := byCurrency[l.Currency]
		if s == nil {
			s = &sums{}
			byCurrency[l.Currency] = s
		}
		s.lines++
		s.classLines[want[i].Class]++
		s.spend = s.spend.Add(l.UnitPrice.Mul(l.Quantity))
		s.leakage = s.leakage.Add(want[i].Leakage.Amount())
		s.savings = s.savings.Add(want[i].Savings.Amount())
	}
	figures := totals.ByCurrency()
	if len(figures) != len(byCurrency) {
		t.Errorf("seed %d: %d currencies in totals, want %d", seed, len(figures), len(byCurrency))
	}
	for _, f := range figures {
		s := byCurrency[f.Currency]
		if s == nil {
			t.Errorf("seed %d: currency %q in totals but in no line", seed, f.Currency)
			continue
		}
		if f.TotalLines() != s.lines || f.Lines != s.classLines {
			t.Errorf("seed %d %q: lines %v (total %d), want %v (total %d)", seed, f.Currency,
				f.Lines, f.TotalLines(), s.classLines, s.lines)
		}
		if !f.Currency.Valid() {
			continue // no money in an unknown currency; the count reconciles
		}
		sum := decimal.Zero
		for c := range matching.NumClasses {
			if f.Spend[c].IsSet() {
				sum = sum.Add(f.Spend[c].Amount())
			}
		}
		if !sum.Equal(s.spend) || !f.TotalSpend().Amount().Equal(s.spend) {
			t.Errorf("seed %d %s: class spends sum to %s (TotalSpend %s), input is %s",
				seed, f.Currency, sum, f.TotalSpend(), s.spend)
		}
		if !f.Leakage.Amount().Equal(s.leakage) || !f.Savings.Amount().Equal(s.savings) {
			t.Errorf("seed %d %s: leakage %s savings %s, reference %s and %s",
				seed, f.Currency, f.Leakage, f.Savings, s.leakage, s.savings)
		}
	}
}

// refCheckCells checks that the cells add up to the currency summaries.
func refCheckCells(t *testing.T, seed uint64, totals *matching.Totals) {
	t.Helper()
	sums := map[lifecycle.Currency]*matching.Figures{}
	for _, f := range totals.Cells() {
		s := sums[f.Currency]
		if s == nil {
			s = &matching.Figures{Currency: f.Currency}
			for c := range matching.NumClasses {
				s.Spend[c] = refMoney(decimal.Zero, f.Currency)
			}
			s.Leakage, s.Savings = refMoney(decimal.Zero, f.Currency), refMoney(decimal.Zero, f.Currency)
			sums[f.Currency] = s
		}
		for c := range matching.NumClasses {
			s.Lines[c] += f.Lines[c]
			s.Spend[c] = refMoney(s.Spend[c].Amount().Add(f.Spend[c].Amount()), f.Currency)
		}
		s.Leakage = refMoney(s.Leakage.Amount().Add(f.Leakage.Amount()), f.Currency)
		s.Savings = refMoney(s.Savings.Amount().Add(f.Savings.Amount()), f.Currency)
	}
	var fromCells []matching.Figures
	for _, s := range sums {
		fromCells = append(fromCells, *s)
	}
	slices.SortFunc(fromCells, func(a, b matching.Figures) int { return strings.Compare(string(a.Currency), string(b.Currency)) })
	refSameFigures(t, fmt.Sprintf("seed %d: Σ cells vs ByCurrency", seed), fromCells, totals.ByCurrency())
}

func refSameFigures(t *testing.T, what string, got, want []matching.Figures) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d figures, want %d", what, len(got), len(want))
		return
	}
	for i := range got {
		g, w := &got[i], &want[i]
		same := g.Category == w.Category && g.Period == w.Period && g.Currency == w.Currency &&
			g.Lines == w.Lines && g.Leakage.Equal(w.Leakage) && g.Savings.Equal(w.Savings)
		for c := range matching.NumClasses {
			same = same && g.Spend[c].Equal(w.Spend[c])
		}
		if !same {
			t.Errorf("%s: figures %d differ:\n\tgot  %+v\n\twant %+v", what, i, *g, *w)
			return
		}
	}
}

// refHandWorld is one contract, GLOVE at 1.00 EUR in EA with a 1.20
// baseline, delivering an initiative's savings, and a strict tolerance
// unless the caller changes it.
func refHandWorld(t *testing.T, pt matching.PriceTerm, cfg refConfig) ([]matching.Contract, *matching.Index, lifecycle.CategoryID) {
	t.Helper()
	ids := &lifecycle.Sequence{Seed: t.Name()}
	id, _ := matching.NewContractID(ids)
	cat, _ := lifecycle.NewCategoryID(ids)
	ini, _ := lifecycle.NewInitiativeID(ids)
	contracts := []matching.Contract{{
		ID: id, Supplier: "ACME", Category: cat, Currency: "EUR", Initiative: ini,
		Valid: lifecycle.Term{Start: lifecycle.MustDate(2024, 1, 1), End: lifecycle.MustDate(2024, 12, 31)},
		Terms: []matching.PriceTerm{pt},
	}}
	ix, err := matching.NewIndex(contracts, cfg.config(t))
	if err != nil {
		t.Fatal(err)
	}
	return contracts, ix, cat
}

func refHandLine(cat lifecycle.CategoryID, invoice, qty, price string) matching.InvoiceLine {
	return matching.InvoiceLine{Invoice: invoice, Line: 1, Supplier: "ACME", Item: "GLOVE", Category: cat,
		Date: lifecycle.MustDate(2024, 3, 5), Unit: "EA", Currency: "EUR",
		Quantity: decimal.RequireFromString(qty), UnitPrice: decimal.RequireFromString(price)}
}

// TestReferenceCreditNoteReversesLeakage: a credit note "reverses the
// spend, leakage and savings of what it credits" (InvoiceLine), and only
// paying above the contract is leakage one-sided (Leakage, Above). So a
// credit note of a line bought above contract carries the negative of its
// leakage, and one at a price below the contract is not leakage.
func TestReferenceCreditNoteReversesLeakage(t *testing.T) {
	pt := matching.PriceTerm{Item: "GLOVE", Unit: "EA", Price: dec("1.00"), Baseline: dec("1.20")}
	contracts, ix, cat := refHandWorld(t, pt, refConfig{})
	lines := []matching.InvoiceLine{
		refHandLine(cat, "INV-1", "10", "1.10"),  // leakage 1.00
		refHandLine(cat, "CN-1", "-10", "1.10"),  // reverses it: leakage -1.00
		refHandLine(cat, "CN-2", "-10", "0.90"),  // credited below contract: on contract
		refHandLine(cat, "INV-2", "-10", "1.00"), // at contract: on contract
	}
	want := []struct {
		class   matching.Class
		rule    matching.Rule
		leakage string
	}{
		{matching.Leakage, matching.RuleAboveTolerance, "1.00"},
		{matching.Leakage, matching.RuleAboveTolerance, "-1.00"},
		{matching.OnContract, matching.RuleWithinTolerance, "0"},
		{matching.OnContract, matching.RuleWithinTolerance, "0"},
	}
	got := ix.NewMatcher().MatchBatch(lines, nil)
	ref := refMatch(contracts, refConfig{}, lines)
	for i, w := range want {
		leakage := lifecycle.MustMoney(w.leakage, "EUR")
		if ref[i].Class != w.class || ref[i].Rule != w.rule || !ref[i].Leakage.Equal(leakage) {
			t.Errorf("reference, %s: %s %s leakage %s, want %s %s %s",
				refDescribe(&lines[i]), ref[i].Class, ref[i].Rule, ref[i].Leakage, w.class, w.rule, leakage)
		}
		if got[i].Class != w.class || got[i].Rule != w.rule || !got[i].Leakage().Equal(leakage) {
			t.Errorf("%s: %s %s leakage %s, want %s %s %s",
				refDescribe(&lines[i]), got[i].Class, got[i].Rule, got[i].Leakage(), w.class, w.rule, leakage)
		}
	}
}

// TestReferenceCreditNoteFloorsLikeItsPurchase: FloorSavings floors "a
// matched line paid above its baseline"; a credit note of such a line
// must be floored too, and a credit note of a line paid below the
// baseline must not be, or a fully credited purchase keeps savings.
func TestReferenceCreditNoteFloorsLikeItsPurchase(t *testing.T) {
	pt := matching.PriceTerm{Item: "GLOVE", Unit: "EA", Price: dec("1.00"), Baseline: dec("1.20")}
	cfg := refConfig{FloorSavings: true}
	abs := dec("1")
	cfg.Absolute = &abs // everything on contract: only savings matter here
	contracts, ix, cat := refHandWorld(t, pt, cfg)
	lines := []matching.InvoiceLine{
		refHandLine(cat, "INV-1", "10", "1.10"), // savings 1.00
		refHandLine(cat, "CN-1", "-10", "1.10"), // reverses them: -1.00
		refHandLine(cat, "INV-2", "10", "1.30"), // -1.00, floored to 0
		refHandLine(cat, "CN-2", "-10", "1.30"), // +1.00, floored to 0 too
	}
	want := []struct {
		savings string
		floored bool
	}{{"1.00", false}, {"-1.00", false}, {"0", true}, {"0", true}}
	got := ix.NewMatcher().MatchBatch(lines, nil)
	ref := refMatch(contracts, cfg, lines)
	for i, w := range want {
		savings := lifecycle.MustMoney(w.savings, "EUR")
		if !ref[i].Savings.Equal(savings) || ref[i].Floored != w.floored {
			t.Errorf("reference, %s: savings %s floored %v, want %s %v",
				refDescribe(&lines[i]), ref[i].Savings, ref[i].Floored, savings, w.floored)
		}
		if !got[i].Savings().Equal(savings) || got[i].Floored != w.floored {
			t.Errorf("%s: savings %s floored %v, want %s %v",
				refDescribe(&lines[i]), got[i].Savings(), got[i].Floored, savings, w.floored)
		}
	}
	realized := matching.Realizations(got)
	if len(realized) != 0 {
		t.Errorf("fully credited purchases realize %v, want nothing", realized)
	}
}

// TestReferenceExtremeQuantities holds the matcher to the reference at
// the ends of the range a quantity may take (int64 millionths).
func TestReferenceExtremeQuantities(t *testing.T) {
	tiers := []matching.Tier{{From: dec("10"), Price: dec("0.90")}}
	for _, kind := range []matching.TierKind{matching.NoTiers, matching.Range, matching.Slab, matching.Cumulative} {
		for _, qty := range []string{"-9223372036854.775808", "-9223372036854.775807", "9223372036854.775807"} {
			t.Run(fmt.Sprint(kind, qty), func(t *testing.T) {
				pt := matching.PriceTerm{Item: "GLOVE", Unit: "EA", Price: dec("1"), Baseline: dec("1.20"), TierKind: kind}
				if kind != matching.NoTiers {
					pt.Tiers = tiers
				}
				cfg := refConfig{}
				contracts, ix, cat := refHandWorld(t, pt, cfg)
				lines := []matching.InvoiceLine{
					refHandLine(cat, "INV-1", qty, "1"),
					refHandLine(cat, "INV-2", "1", "1"), // after a huge cumulative quantity
					refHandLine(cat, "INV-3", "2", "1"), // another amount: no suspected duplicate
				}
				got := ix.NewMatcher().MatchBatch(lines, nil)
				want := refMatch(contracts, cfg, lines)
				// Only the figures: the class of a credit note is
				// TestReferenceCreditNoteReversesLeakage's business.
				if qty == "-9223372036854.775808" {
					if got[0].Reason != matching.TooPrecise {
						t.Fatalf("reason %s, want too precise: the smallest int64 cannot be negated", got[0].Reason)
					}
				}
				for i := range lines {
					g, w := &got[i], &want[i]
					if g.Tier != w.Tier || !g.Spend().Equal(w.Spend) || !g.Expected().Equal(w.Expected) ||
						!g.Savings().Equal(w.Savings) {
						t.Errorf("%s: tier %d spend %s expected %s savings %s, want %d %s %s %s",
							refDescribe(&lines[i]), g.Tier, g.Spend(), g.Expected(), g.Savings(),
							w.Tier, w.Spend, w.Expected, w.Savings)
					}
				}
			})
		}
	}
}
