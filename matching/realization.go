package matching

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
)

// Realization is what one initiative realized in one month in one
// currency, as its matched invoice lines show: ready to become a
// lifecycle realization entry that finance validates.
type Realization struct {
	Initiative lifecycle.InitiativeID
	Period     lifecycle.Period
	Amount     lifecycle.Money
	Lines      []string // the lines it comes from, "invoice/line", in match order
}

// Realizations sums the savings of on-contract and leakage lines by
// initiative, month and currency. Each line's savings go to the one
// initiative of its contract; duplicates, suspected duplicates and lines
// of contracts without an initiative add nothing. A sum that comes to
// exactly zero (lines paid at their baseline, a purchase and its full
// credit, floored savings) realizes nothing and is left out, as
// lifecycle refuses a zero realization entry. Ordered by initiative,
// month and currency.
func Realizations(results []Result) []Realization {
	type key struct {
		initiative lifecycle.InitiativeID
		period     lifecycle.Period
		currency   lifecycle.Currency
	}
	type sum struct {
		amount fixed.Amount
		lines  []string
	}
	sums := map[key]*sum{}
	for i := range results {
		r := &results[i]
		if (r.Class != OnContract && r.Class != Leakage) || r.Initiative.IsZero() {
			continue
		}
		k := key{r.Initiative, r.Period, r.Currency}
		s := sums[k]
		if s == nil {
			s = &sum{}
			sums[k] = s
		}
		s.amount = s.amount.Add(r.savings)
		s.lines = append(s.lines, r.Invoice+"/"+strconv.Itoa(r.Line))
	}
	out := make([]Realization, 0, len(sums))
	for k, s := range sums {
		if s.amount.IsZero() {
			continue
		}
		out = append(out, Realization{
			Initiative: k.initiative, Period: k.period,
			Amount: moneyOf(s.amount, k.currency), Lines: s.lines,
		})
	}
	slices.SortFunc(out, func(a, b Realization) int {
		if c := a.Initiative.Compare(b.Initiative); c != 0 {
			return c
		}
		if c := a.Period.Compare(b.Period); c != 0 {
			return c
		}
		return cmp.Compare(a.Amount.Currency(), b.Amount.Currency())
	})
	return out
}

// Entry returns the realization as a lifecycle entry record on invoice
// evidence, to record on the initiative for finance to validate. The
// amount is in the contracts' currency; an initiative kept in another
// currency refuses it until the caller converts it.
func (r Realization) Entry(id lifecycle.EntryID) lifecycle.EntryRecord {
	return lifecycle.EntryRecord{
		ID:     id,
		Period: r.Period,
		Amount: r.Amount,
		Source: lifecycle.Source{Kind: lifecycle.InvoiceEvidence, InvoiceLines: slices.Clone(r.Lines)},
	}
}
