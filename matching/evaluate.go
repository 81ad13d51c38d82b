package matching

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/fixed"
)

// evaluate decides everything about a line that does not depend on other
// lines: validity, the candidate terms (sp, found by the caller) and,
// unless the term's tiers are cumulative, the price check. It writes r
// and allocates nothing for a valid line.
func (ix *Index) evaluate(l *InvoiceLine, sp span, seq int, r *Result) {
	*r = Result{
		Seq: seq, Invoice: l.Invoice, Line: l.Line, Category: l.Category, Currency: l.Currency,
		Supplier: l.Supplier, Region: l.Region, BusinessUnit: l.BusinessUnit,
		Term: -1, Tier: -1, DuplicateOf: -1, pending: -1, date: l.Date,
	}
	if !l.Date.IsZero() {
		r.Period = l.Date.Period()
	}
	n := readNumbers(l.Quantity, l.UnitPrice)
	r.setNumbers(&n)
	lk := lineCodes{currency: currencyCode(l.Currency), unit: ix.unitNumber(l.Unit), day: dayOf(l.Date), region: noRegion}
	ix.decide(r, check(l, &n), &lk, sp)
}

// numbers are a line's quantity and unit price as the matcher reads
// them: scaled integers when both have at most six places (exact), and
// otherwise the decimals as given.
type numbers struct {
	qty, paid           fixed.Value
	exact               bool
	zero                bool // the quantity is zero
	negative            bool // the unit price is below zero
	quantity, unitPrice decimal.Decimal
}

func readNumbers(quantity, unitPrice decimal.Decimal) numbers {
	qty, okQty := fixed.FromDecimal(quantity)
	paid, okPaid := fixed.FromDecimal(unitPrice)
	return numbers{
		qty: qty, paid: paid, exact: okQty && okPaid,
		zero: quantity.IsZero(), negative: unitPrice.Sign() < 0,
		quantity: quantity, unitPrice: unitPrice,
	}
}

// setNumbers records a line's quantity and spend on its result: the
// spend as a decimal when the numbers are not exact, or unpriced when not
// even a decimal holds it.
func (r *Result) setNumbers(n *numbers) {
	if n.exact {
		r.qty = n.qty
		r.spend = fixed.MulValues(n.paid, n.qty)
		return
	}
	if exp := int64(n.unitPrice.Exponent()) + int64(n.quantity.Exponent()); exp >= math.MinInt32 && exp <= math.MaxInt32 {
		s := n.unitPrice.Mul(n.quantity) // the rare slow path: exact, allocating
		r.bigSpend = &s
		return
	}
	// Beyond what a decimal can hold: the line is counted, its spend
	// cannot be, and Spend reports it unset.
	zero := decimal.Zero
	r.bigSpend, r.unpriced = &zero, true
}

// check validates a line whose numbers read n, returning why it is
// invalid, if it is.
func check(l *InvoiceLine, n *numbers) Reason {
	switch {
	case l.Invoice == "":
		return NoInvoice
	case l.Line <= 0:
		return BadLineNumber
	case l.Supplier == "":
		return NoSupplier
	case l.Item == "":
		return NoItem
	case l.Category.IsZero():
		return NoCategory
	case l.Date.IsZero():
		return NoDate
	case l.Unit == "":
		return NoUnit
	case !validCurrency(l.Currency):
		return UnknownCurrency
	case n.zero:
		return ZeroQuantity
	case n.negative:
		return NegativePrice
	case !n.exact:
		return TooPrecise
	}
	return ReasonNone
}

// decide classifies a line whose result r holds its fields and numbers:
// rejected for reason, if it has one, and otherwise against the
// candidates sp, its codes lk.
func (ix *Index) decide(r *Result, reason Reason, lk *lineCodes, sp span) {
	if reason != ReasonNone {
		r.Class, r.Rule, r.Reason = Rejected, RuleInvalidLine, reason
		return
	}
	ix.choose(lk, sp, r)
}

// choose finds the term that governs the line, or classifies it as
// maverick or uncontracted when none does.
func (ix *Index) choose(lk *lineCodes, sp span, r *Result) {
	candidates := ix.cands[sp.lo:sp.hi]
	if len(candidates) == 0 {
		ix.unmatched(r, false)
		return
	}
	best, bestQty, inexact := -1, fixed.Value(0), false
	for i := range candidates {
		q, fits, exact := ix.fits(r.Region, lk, r.qty, &candidates[i])
		if !fits {
			continue
		}
		if !exact {
			inexact = true
			continue
		}
		if best < 0 {
			best, bestQty = i, q
			continue
		}
		r.Selection = separate(&candidates[best], &candidates[i])
		if r.Selection == RuleNoRuleSeparates {
			ix.chosen(r, &candidates[best], bestQty)
			r.Class, r.Rule = Ambiguous, RuleNoRuleSeparates // named, not priced
			return
		}
		break
	}
	if best < 0 {
		ix.unmatched(r, inexact)
		return
	}
	if r.Selection == 0 {
		r.Selection = RuleOnlyCandidate
	}
	c := &candidates[best]
	ix.chosen(r, c, bestQty)
	if c.kind == Cumulative {
		r.pending = sp.lo + int32(best)
		return
	}
	ix.price(r, c, bestQty, 0)
}

// lineCodes are a line's currency, unit and date as the index numbers
// them.
type lineCodes struct {
	currency uint32
	unit     uint16
	day      day
	region   uint64 // see Index.regionBit; noRegion until needed
}

// noRegion marks a line's region bit not looked up yet.
const noRegion = 1<<64 - 1

// fits reports whether candidate c can govern a line in region whose
// codes are lk, the line's quantity in the term's unit, and whether that
// conversion is exact.
func (ix *Index) fits(region string, lk *lineCodes, qty fixed.Value, c *candidate) (q fixed.Value, fits, exact bool) {
	if c.currency != lk.currency || lk.day < c.start || lk.day > c.end {
		return 0, false, false
	}
	if c.regions != 0 {
		if lk.region == noRegion {
			lk.region = ix.regionBit(region)
		}
		if !ix.coversRegion(c, region, lk.region) {
			return 0, false, false
		}
	}
	return ix.convert(qty, lk.unit, c.unit)
}

func covers(regions []string, region string) bool {
	return len(regions) == 0 || slices.Contains(regions, region)
}

// convert returns qty in unit from as a quantity in unit to.
func (ix *Index) convert(qty fixed.Value, from, to uint16) (q fixed.Value, fits, exact bool) {
	if from == to {
		return qty, from != noUnit, true
	}
	c, ok := ix.conv[unitPairKey(from, to)]
	if !ok {
		return 0, false, false
	}
	if c.divide {
		q, exact = qty.DivExact(c.factor)
	} else {
		q, exact = qty.MulExact(c.factor)
	}
	return q, true, exact
}

// separate names the rule that puts candidate a before candidate b.
func separate(a, b *candidate) Rule {
	switch {
	case a.contract == b.contract:
		return RuleNoRuleSeparates
	case a.start != b.start:
		return RuleLatestStart
	}
	return RuleSmallerID
}

// chosen records the chosen term on the result.
func (ix *Index) chosen(r *Result, c *candidate, qtyTerm fixed.Value) {
	k := &ix.contracts[c.contract]
	r.Contract, r.ContractRef, r.Initiative = k.id, k.ref, k.initiative
	r.Term, r.qtyTerm = int(c.index), qtyTerm
}

// unmatched classifies a line no term governs, from its result.
func (ix *Index) unmatched(r *Result, inexact bool) {
	if inexact {
		r.Class, r.Rule, r.Reason = Rejected, RuleInvalidLine, InexactConversion
		return
	}
	// The category's contracts come best first: the first that holds
	// that day and there is the one the buyer went around.
	sp := ix.byCategory[r.Category]
	d := dayOf(r.date)
	for _, c := range ix.around[sp.lo:sp.hi] {
		if d < c.start || d > c.end || !covers(c.regions, r.Region) {
			continue
		}
		// Name it and the initiative whose savings the line would have
		// delivered.
		around := &ix.contracts[c.contract]
		r.Class, r.Rule = Maverick, RuleCategoryContracted
		r.Contract, r.ContractRef, r.Initiative = around.id, around.ref, around.initiative
		return
	}
	r.Class, r.Rule = Uncontracted, RuleCategoryUncontracted
}

// price checks the line against term t, whose tier is set by qtyTerm
// (range and slab) or by prior, the quantity bought before (cumulative).
func (ix *Index) price(r *Result, t *candidate, qtyTerm, prior fixed.Value) {
	expected, tier := ix.expect(t, qtyTerm, prior)
	r.expected, r.Tier, r.matched = expected, tier, true
	diff := r.spend.Sub(expected)
	// The price is judged as if bought: a credit note at a price above
	// the contract reverses leakage, it does not pay less.
	judged := diff
	if r.qty < 0 {
		judged = diff.Neg()
	}
	tol := &ix.cfg.Tolerance
	switch {
	case tol.within(judged, expected.Abs(), r.qty):
		r.Class, r.Rule = OnContract, RuleWithinTolerance
	case judged.Sign() > 0:
		r.Class, r.Rule, r.leakage = Leakage, RuleAboveTolerance, diff
	default:
		// A two-sided breach below the contract: a mismatch to look
		// into, but nothing was lost, so no leakage amount; the
		// variance says how far below.
		r.Class, r.Rule = Leakage, RuleBelowTolerance
	}
	r.savings = fixed.MulValues(t.baseline, qtyTerm).Sub(r.spend)
	// Floor savings that are negative for what was bought: below zero
	// for a purchase, above zero for a credit note (which reverses them).
	if ix.cfg.FloorSavings && r.savings.Sign()*sign(r.qty) < 0 {
		r.savings, r.Floored = fixed.Amount{}, true
	}
}

// expect returns the expected amount for qtyTerm units under t and the
// tier that set it (-1 for the base price). Credit notes (negative
// quantities) are priced as the same quantity bought, negated.
func (ix *Index) expect(t *candidate, qtyTerm, prior fixed.Value) (fixed.Amount, int) {
	q := qtyTerm
	if q < 0 {
		q = -q
	}
	tiers := ix.tiers[t.tierLo:t.tierHi]
	var amount fixed.Amount
	tier := -1
	switch t.kind {
	case Range, Cumulative:
		level := q
		if t.kind == Cumulative {
			level = max(prior, 0)
		}
		p := t.price
		for k := range tiers {
			if tiers[k].from > level {
				break
			}
			p, tier = tiers[k].price, k
		}
		amount = fixed.MulValues(p, q)
	case Slab:
		from, p := fixed.Value(0), t.price
		for k := range tiers {
			if q <= tiers[k].from {
				break
			}
			amount = amount.Add(fixed.MulValues(p, tiers[k].from-from))
			from, p, tier = tiers[k].from, tiers[k].price, k
		}
		amount = amount.Add(fixed.MulValues(p, q-from))
	default:
		amount = fixed.MulValues(t.price, q)
	}
	if qtyTerm < 0 {
		amount = amount.Neg()
	}
	return amount, tier
}

func sign(v fixed.Value) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}
