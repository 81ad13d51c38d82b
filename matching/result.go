package matching

import (
	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
)

// Result is the matcher's verdict on one invoice line, with everything
// needed to explain it: the class, the rule that decided, the contract,
// term and tier, the expected amount, the variance, the leakage and the
// savings.
//
// Result is a value and holds no pointers to the index or the line
// besides the line's own strings; its amounts are exact and are turned
// into decimals only when asked for, so matching allocates nothing.
// The zero Result is no verdict.
type Result struct {
	Seq          int // the line's position in everything this matcher has seen
	Invoice      string
	Line         int
	Supplier     string // the line's supplier, region and business unit
	Region       string
	BusinessUnit string
	Class        Class
	Rule         Rule   // the rule that decided the class
	Selection    Rule   // the rule that chose the term among candidates; 0 if none was chosen
	Reason       Reason // why the line was rejected; ReasonNone otherwise
	Floored      bool   // negative savings were reported as zero
	// Contract is the contract whose term priced the line; for a
	// maverick line, the contract the buyer went around (the one a
	// matching term would have come from: latest start, then smaller
	// id). Initiative is that contract's initiative.
	Contract    ContractID
	ContractRef string
	Term        int // position of the term in its contract's Terms; -1 if none
	Tier        int // position of the tier among the term's tiers, ascending; -1 for the base price
	Initiative  lifecycle.InitiativeID
	Category    lifecycle.CategoryID
	Period      lifecycle.Period
	Currency    lifecycle.Currency
	DuplicateOf int // Seq of the line this one duplicates; -1 if none

	spend, expected, leakage, savings fixed.Amount
	bigSpend                          *decimal.Decimal
	qtyTerm                           fixed.Value
	qty                               fixed.Value
	pending                           int32 // candidate of a cumulative term awaiting its tier; -1 none
	date                              lifecycle.Date
	matched                           bool // a term was chosen
	unpriced                          bool // spend beyond what a decimal holds
}

// Matched reports whether the line was priced against a contract term:
// on-contract and leakage lines, and duplicates of such lines. An
// ambiguous line names its first candidate but is not priced.
func (r *Result) Matched() bool { return r.matched }

// Date returns the line's invoice date.
func (r *Result) Date() lifecycle.Date { return r.date }

// TermQuantity returns the line's quantity in the unit of the term that
// priced it, negative for a credit note; false when no term priced the
// line.
func (r *Result) TermQuantity() (decimal.Decimal, bool) {
	if !r.matched {
		return decimal.Zero, false
	}
	return r.qtyTerm.Decimal(), true
}

// Spend returns what the line cost: unit price × quantity, negative for
// a credit note.
//
// A rejected line whose quantity and price carry exponents beyond what a
// decimal can hold has no spend: Spend returns unset money, and
// [Totals] count the line with no spend.
func (r *Result) Spend() lifecycle.Money {
	if r.unpriced {
		return lifecycle.Money{}
	}
	if r.bigSpend != nil {
		return money(*r.bigSpend, r.Currency)
	}
	return moneyOf(r.spend, r.Currency)
}

// Expected returns what the line should have cost under the chosen
// term and tier; unset money when no term was chosen.
func (r *Result) Expected() lifecycle.Money {
	if !r.matched {
		return lifecycle.Money{}
	}
	return moneyOf(r.expected, r.Currency)
}

// Variance returns spend − expected; unset when no term was chosen.
func (r *Result) Variance() lifecycle.Money {
	if !r.matched {
		return lifecycle.Money{}
	}
	return moneyOf(r.spend.Sub(r.expected), r.Currency)
}

// VariancePercent returns the variance as a percentage of the expected
// amount, rounded under rd, and false when no term was chosen or the
// expected amount is zero (the percentage is undefined).
func (r *Result) VariancePercent(rd lifecycle.Rounding) (decimal.Decimal, bool) {
	if !r.matched || r.expected.IsZero() {
		return decimal.Zero, false
	}
	hundred := decimal.NewFromInt(100)
	q, err := rd.Quo(r.spend.Sub(r.expected).Decimal().Mul(hundred), r.expected.Decimal())
	return q, err == nil
}

// ExpectedUnitPrice returns the expected amount divided by the quantity,
// rounded under rd: the tier price for range and cumulative tiers, the
// blended price for slabs. False when no term was chosen.
func (r *Result) ExpectedUnitPrice(rd lifecycle.Rounding) (decimal.Decimal, bool) {
	if !r.matched || r.qty == 0 {
		return decimal.Zero, false
	}
	q, err := rd.Quo(r.expected.Decimal(), r.qty.Decimal())
	return q, err == nil
}

// Leakage returns (paid − contracted) × quantity for a line paid above
// the contract beyond tolerance (negative for its credit note), and zero
// money for every other line: a line two-sided tolerance finds below
// the contract lost nothing, and [Result.Variance] says how far below.
func (r *Result) Leakage() lifecycle.Money { return moneyOf(r.leakage, r.Currency) }

// Savings returns the realized savings against the baseline,
// (baseline − paid) × quantity, for on-contract and leakage lines; zero
// for every other class. They belong to [Result.Initiative] in
// [Result.Period].
func (r *Result) Savings() lifecycle.Money { return moneyOf(r.savings, r.Currency) }

// moneyOf returns a as money in c, with the currency's minor units at
// least (135.00 EUR) and every further digit it has (0.0075 EUR).
func moneyOf(a fixed.Amount, c lifecycle.Currency) lifecycle.Money {
	places, ok := c.MinorUnits()
	if !ok {
		places = 2
	}
	return money(a.DecimalPlaces(places), c)
}

func money(d decimal.Decimal, c lifecycle.Currency) lifecycle.Money {
	m, err := lifecycle.NewMoney(d, c)
	if err != nil {
		return lifecycle.Money{} // a rejected line in an unknown currency
	}
	return m
}
