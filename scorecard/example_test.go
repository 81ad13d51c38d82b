package scorecard_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// exampleYear is the first quarter of 2024 for one initiative: bolts
// renegotiated from 5.00 to 4.00 with ACME, committed at 120,000 a year
// on 120,000 bolts and 600,000 of spend, implemented on 1 February.
// Finance validated 9,000 for February and, on 1 April, 7,200 for
// March. February
// bought 9,000 bolts on contract; March 8,000 at 4.10 and 1,000 from
// another supplier at 5.00.
func exampleYear() (scorecard.Config, []*lifecycle.Initiative, []matching.Result, error) {
	ids := &lifecycle.Sequence{Seed: "scorecard example"}
	category, _ := lifecycle.NewCategoryID(ids)
	olga, _ := lifecycle.NewActorID(ids)
	fred, _ := lifecycle.NewActorID(ids)
	owner := lifecycle.Actor{ID: olga, Role: lifecycle.RoleOwner, Name: "Olga"}
	finance := lifecycle.Actor{ID: fred, Role: lifecycle.RoleFinance, Name: "Fred"}
	at := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 9, 0, 0, 0, time.UTC) }
	eur := func(s string) lifecycle.AnnualRate { return lifecycle.MustAnnualRate(s, "EUR") }
	year := lifecycle.Term{Start: lifecycle.MustDate(2024, time.January, 1), End: lifecycle.MustDate(2024, time.December, 31)}

	id, _ := lifecycle.NewInitiativeID(ids)
	in, err := lifecycle.New(id, lifecycle.Plan{
		Title: "Renegotiate bolts", Category: category, Owner: lifecycle.OwnerOf(olga),
		SavingsType: lifecycle.CostReduction, Recurrence: lifecycle.Recurring,
		Baseline: "2023 price 5.00", Estimate: lifecycle.Savings{Annual: eur("150000")},
	}, lifecycle.Change{By: owner, At: at(time.January, 2)}, nil)
	if err != nil {
		return scorecard.Config{}, nil, nil, err
	}
	steps := []func() (lifecycle.Event, error){
		func() (lifecycle.Event, error) {
			return in.Commit(lifecycle.Change{By: owner, At: at(time.January, 5), Version: in.Version()},
				lifecycle.Commitment{ContractRef: "CW-1", Value: lifecycle.Savings{Annual: eur("120000")}, Term: year,
					PlannedVolume:         lifecycle.Volume{Quantity: decimal.NewFromInt(120000), Unit: "EA", Spend: eur("600000")},
					PlannedImplementation: year.Start})
		},
		func() (lifecycle.Event, error) {
			return in.Implement(lifecycle.Change{By: owner, At: at(time.February, 1), Version: in.Version()},
				lifecycle.Implementation{Date: lifecycle.MustDate(2024, time.February, 1), Where: "ERP",
					Value: lifecycle.Savings{Annual: eur("120000")}})
		},
	}
	for i, amount := range []string{"9000.00", "7200.00"} {
		entry, _ := lifecycle.NewEntryID(ids)
		month := lifecycle.MustPeriod(2024, time.February+time.Month(i))
		steps = append(steps,
			func() (lifecycle.Event, error) {
				return in.RecordRealization(lifecycle.Change{By: owner, At: month.Next().First().Time(), Version: in.Version()},
					lifecycle.EntryRecord{ID: entry, Period: month, Amount: lifecycle.MustMoney(amount, "EUR"),
						Source: lifecycle.Source{Kind: lifecycle.InvoiceEvidence, InvoiceLines: []string{"ACME"}}})
			},
			func() (lifecycle.Event, error) {
				return in.ValidateRealization(lifecycle.Change{By: finance,
					At: month.Next().First().Time().Add(time.Hour), Version: in.Version()}, entry)
			})
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			return scorecard.Config{}, nil, nil, err
		}
	}

	contract, _ := matching.NewContractID(ids)
	ix, err := matching.NewIndex([]matching.Contract{{
		ID: contract, Ref: "CW-1", Supplier: "ACME", Category: category, Currency: "EUR",
		Valid: year, Initiative: id,
		Terms: []matching.PriceTerm{{Item: "BOLT", Unit: "EA",
			Price: decimal.RequireFromString("4.00"), Baseline: decimal.RequireFromString("5.00")}},
	}}, matching.Config{})
	if err != nil {
		return scorecard.Config{}, nil, nil, err
	}
	line := func(inv, supplier string, m time.Month, qty int64, price string) matching.InvoiceLine {
		return matching.InvoiceLine{Invoice: inv, Line: 1, Supplier: supplier, Item: "BOLT",
			Category: category, Date: lifecycle.MustDate(2024, m, 10), Quantity: decimal.NewFromInt(qty),
			Unit: "EA", UnitPrice: decimal.RequireFromString(price), Currency: "EUR"}
	}
	results := ix.NewMatcher().MatchBatch([]matching.InvoiceLine{
		line("INV-1", "ACME", time.February, 9000, "4.00"),
		line("INV-2", "ACME", time.March, 8000, "4.10"),
		line("INV-3", "OTHERCO", time.March, 1000, "5.00"),
	}, nil)

	cfg := scorecard.Config{
		AsOf: time.Date(2024, time.April, 5, 18, 0, 0, 0, time.UTC),
		From: lifecycle.MustPeriod(2024, time.January), To: lifecycle.MustPeriod(2024, time.December),
		Currency:     "EUR",
		RateRounding: lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 4},
	}
	return cfg, []*lifecycle.Initiative{in}, results, nil
}

// The scorecard as of 5 April, when March's entry has been validated: what was committed, due and realized,
// the rates, and where the gap between committed and realized went.
func ExampleBuild() {
	cfg, initiatives, results, err := exampleYear()
	if err != nil {
		fmt.Println(err)
		return
	}
	sc, err := scorecard.Build(cfg, initiatives, results)
	if err != nil {
		fmt.Println(err)
		return
	}
	total := sc.Total()
	f := total.Reduction
	fmt.Println("committed:  ", f.Committed)
	fmt.Println("due:        ", f.Due)
	fmt.Println("realized:   ", f.Realized)
	fmt.Println("slippage:   ", f.Slippage())
	fmt.Println("realization:", total.RealizationRate(lifecycle.CostReduction))
	fmt.Println("to date:    ", total.RealizationToDate(lifecycle.CostReduction))
	fmt.Println("compliance: ", total.ContractCompliance())
	fmt.Println("avoidance:  ", total.RealizationRate(lifecycle.CostAvoidance))
	g := f.Gap
	fmt.Println("gap:", g.Total())
	fmt.Println("  not yet due:", g.NotYetDue)
	fmt.Println("  timing:     ", g.Timing)
	fmt.Println("  volume:     ", g.Volume)
	fmt.Println("  price:      ", g.Price)
	fmt.Println("  compliance: ", g.Compliance)
	fmt.Println("  unexplained:", g.Unexplained)
	// Output:
	// committed:   120000.00 EUR
	// due:         30000.00 EUR
	// realized:    16200.00 EUR
	// slippage:    13800.00 EUR
	// realization: 0.1350
	// to date:     0.5400
	// compliance:  0.4878
	// avoidance:   undefined
	// gap: 103800.00 EUR
	//   not yet due: 90000.00 EUR
	//   timing:      10000.00 EUR
	//   volume:      2000.00 EUR
	//   price:       800.00 EUR
	//   compliance:  1000.00 EUR
	//   unexplained: 0.00 EUR
}

// Shards counted apart merge into the scorecard of everything.
func ExamplePartial_Merge() {
	cfg, initiatives, results, err := exampleYear()
	if err != nil {
		fmt.Println(err)
		return
	}
	first, _ := scorecard.NewPartial(cfg)
	second, _ := scorecard.NewPartial(cfg)
	_ = first.AddInitiative(initiatives[0])
	_ = first.AddResult(&results[0])
	for i := range results[1:] {
		_ = second.AddResult(&results[1+i])
	}
	if err := first.Merge(second); err != nil {
		fmt.Println(err)
		return
	}
	sc, err := first.Scorecard()
	if err != nil {
		fmt.Println(err)
		return
	}
	total := sc.Total()
	fmt.Println("lines:", total.Spend.Lines, "addressable:", total.Spend.Addressable())
	fmt.Println("gap price part:", total.Reduction.Gap.Price)
	// Output:
	// lines: 3 addressable: 73800.00 EUR
	// gap price part: 800.00 EUR
}
