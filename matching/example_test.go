package matching_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// clsExampleIndex indexes one contract, CW-2024-017 with ACME for
// gloves at 0.72 and bolts at 4.00 a piece, all of 2024, and returns it
// with the category and initiative it names.
func clsExampleIndex() (*matching.Index, lifecycle.CategoryID, error) {
	ids := &lifecycle.Sequence{Seed: "example"}
	contract, _ := matching.NewContractID(ids)
	category, _ := lifecycle.NewCategoryID(ids)
	initiative, _ := lifecycle.NewInitiativeID(ids)
	ix, err := matching.NewIndex([]matching.Contract{{
		ID: contract, Ref: "CW-2024-017", Supplier: "ACME", Category: category,
		Currency: lifecycle.EUR, Initiative: initiative,
		Valid: lifecycle.Term{
			Start: lifecycle.MustDate(2024, time.January, 1),
			End:   lifecycle.MustDate(2024, time.December, 31),
		},
		Terms: []matching.PriceTerm{
			{Item: "GLOVE", Unit: "EA", Price: decimal.RequireFromString("0.72"),
				Baseline: decimal.RequireFromString("0.80")},
			{Item: "BOLT", Unit: "EA", Price: decimal.RequireFromString("4.00"),
				Baseline: decimal.RequireFromString("4.10")},
		},
	}}, matching.Config{})
	return ix, category, err
}

// clsExampleLine is an ACME invoice line in EUR and EA.
func clsExampleLine(category lifecycle.CategoryID, invoice string, line int,
	day lifecycle.Date, item, qty, price string) matching.InvoiceLine {
	return matching.InvoiceLine{
		Invoice: invoice, Line: line, Supplier: "ACME", Item: item, Category: category,
		Date: day, Quantity: decimal.RequireFromString(qty), Unit: "EA",
		UnitPrice: decimal.RequireFromString(price), Currency: lifecycle.EUR,
	}
}

// Gloves contracted at 0.72 and invoiced at 0.75 for 4,500 pieces leak
// (0.75 − 0.72) × 4500 = 135.00, and still save (0.80 − 0.75) × 4500 =
// 225.00 against the baseline. Bolts at 3.96 against 4.00 leak nothing.
func ExampleMatcher_Match_leakage() {
	ix, category, err := clsExampleIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	m := ix.NewMatcher()
	march := lifecycle.MustDate(2024, time.March, 5)

	r := m.Match(clsExampleLine(category, "INV-1001", 1, march, "GLOVE", "4500", "0.75"))
	pct, _ := r.VariancePercent(lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 2})
	fmt.Println("class:", r.Class)
	fmt.Println("rule:", r.Rule)
	fmt.Println("contract:", r.ContractRef, "term", r.Term)
	fmt.Println("expected:", r.Expected())
	fmt.Println("spend:", r.Spend())
	fmt.Println("variance:", r.Variance(), pct.StringFixed(2)+"%")
	fmt.Println("leakage:", r.Leakage())
	fmt.Println("savings:", r.Savings(), "in", r.Period)

	r = m.Match(clsExampleLine(category, "INV-1001", 2, march, "BOLT", "10", "3.96"))
	fmt.Println(r.Class, r.Rule, "leakage", r.Leakage(), "savings", r.Savings())
	// Output:
	// class: leakage
	// rule: above-tolerance
	// contract: CW-2024-017 term 0
	// expected: 3240.00 EUR
	// spend: 3375.00 EUR
	// variance: 135.00 EUR 4.17%
	// leakage: 135.00 EUR
	// savings: 225.00 EUR in 2024-03
	// on-contract within-tolerance leakage 0.00 EUR savings 1.40 EUR
}

// Totals reconcile: the classes add back up to the spend of every line
// given, duplicates and rejects included, so nothing is lost or counted
// twice.
func ExampleTotals_reconciliation() {
	ix, category, err := clsExampleIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	march := lifecycle.MustDate(2024, time.March, 5)
	line := func(invoice string, n int, item, qty, price string) matching.InvoiceLine {
		return clsExampleLine(category, invoice, n, march, item, qty, price)
	}
	noSupplier := line("INV-1004", 1, "BOLT", "2", "4.00")
	noSupplier.Supplier = ""
	results := ix.NewMatcher().MatchBatch([]matching.InvoiceLine{
		line("INV-1001", 1, "GLOVE", "4500", "0.75"), // leakage 135.00
		line("INV-1001", 2, "BOLT", "10", "3.96"),    // on contract
		line("INV-1002", 1, "MOP", "5", "3.00"),      // maverick: not in the contract
		line("INV-1001", 1, "GLOVE", "4500", "0.75"), // duplicate
		line("INV-1003", 1, "BOLT", "10", "3.96"),    // suspected duplicate
		noSupplier, // rejected
	}, nil)

	totals := matching.NewTotals()
	totals.AddAll(results)
	for _, f := range totals.ByCurrency() {
		for c := matching.OnContract; c <= matching.Ambiguous; c++ {
			if f.Lines[c] > 0 {
				fmt.Printf("%-20s %d %12s\n", c, f.Lines[c], f.Spend[c])
			}
		}
		fmt.Printf("%-20s %d %12s\n", "total", f.TotalLines(), f.TotalSpend())
		fmt.Println("addressable:", f.Addressable())
		fmt.Println("leakage:", f.Leakage)
		fmt.Println("savings:", f.Savings)
	}
	// Output:
	// on-contract          1    39.60 EUR
	// leakage              1  3375.00 EUR
	// maverick             1    15.00 EUR
	// duplicate            1  3375.00 EUR
	// suspected-duplicate  1    39.60 EUR
	// rejected             1     8.00 EUR
	// total                6  6852.20 EUR
	// addressable: 3429.60 EUR
	// leakage: 135.00 EUR
	// savings: 226.40 EUR
}

// Realizations gather matched lines' savings by initiative and month,
// ready to record on the initiative for finance to validate.
func ExampleRealizations() {
	ix, category, err := clsExampleIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	results := ix.NewMatcher().MatchBatch([]matching.InvoiceLine{
		// (0.80 − 0.75) × 4500 = 225.00
		clsExampleLine(category, "INV-1001", 1, lifecycle.MustDate(2024, time.March, 5),
			"GLOVE", "4500", "0.75"),
		// (4.10 − 3.96) × 10 = 1.40
		clsExampleLine(category, "INV-1001", 2, lifecycle.MustDate(2024, time.March, 5),
			"BOLT", "10", "3.96"),
		// (0.80 − 0.72) × −100 = −8.00: a credit note
		clsExampleLine(category, "CN-2001", 1, lifecycle.MustDate(2024, time.March, 20),
			"GLOVE", "-100", "0.72"),
		// (0.80 − 0.72) × 1000 = 80.00
		clsExampleLine(category, "INV-1010", 1, lifecycle.MustDate(2024, time.April, 2),
			"GLOVE", "1000", "0.72"),
	}, nil)

	ids := &lifecycle.Sequence{Seed: "example entries"}
	for _, rz := range matching.Realizations(results) {
		id, _ := lifecycle.NewEntryID(ids)
		entry := rz.Entry(id)
		fmt.Println(entry.Period, entry.Amount, entry.Source.Kind, entry.Source.InvoiceLines)
	}
	// Output:
	// 2024-03 218.40 EUR invoice [INV-1001/1 INV-1001/2 CN-2001/1]
	// 2024-04 80.00 EUR invoice [INV-1010/1]
}

// Lines hold a large batch for matching: each distinct supplier, item
// and invoice once, each number as an exact scaled integer. MatchLines
// gives what MatchBatch gives for the same lines.
func ExampleMatcher_MatchLines() {
	ix, category, err := clsExampleIndex()
	if err != nil {
		fmt.Println(err)
		return
	}
	march := lifecycle.MustDate(2024, time.March, 5)
	var lines matching.Lines
	lines.Add(clsExampleLine(category, "INV-1001", 1, march, "GLOVE", "4500", "0.75"))
	lines.Add(clsExampleLine(category, "INV-1001", 2, march, "BOLT", "10", "3.96"))
	lines.Add(clsExampleLine(category, "INV-1001", 1, march, "GLOVE", "4500", "0.75"))

	for _, r := range ix.NewMatcher().MatchLines(&lines, nil) {
		fmt.Printf("%s/%d %-12s spend %s leakage %s\n", r.Invoice, r.Line, r.Class, r.Spend(), r.Leakage())
	}
	// Output:
	// INV-1001/1 leakage      spend 3375.00 EUR leakage 135.00 EUR
	// INV-1001/2 on-contract  spend 39.60 EUR leakage 0.00 EUR
	// INV-1001/1 duplicate    spend 3375.00 EUR leakage 0.00 EUR
}
