package lifecycle_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// An initiative walked from estimate to finance-validated savings.
func Example() {
	ids := &lifecycle.Sequence{Seed: "tour"} // reproducible IDs
	category, _ := lifecycle.NewCategoryID(ids)
	olga, _ := lifecycle.NewActorID(ids)
	fred, _ := lifecycle.NewActorID(ids)
	owner := lifecycle.Actor{ID: olga, Role: lifecycle.RoleOwner, Name: "Olga"}
	finance := lifecycle.Actor{ID: fred, Role: lifecycle.RoleFinance, Name: "Fred"}
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 9, 0, 0, 0, time.UTC) }

	id, _ := lifecycle.NewInitiativeID(ids)
	in, err := lifecycle.New(id, lifecycle.Plan{
		Title:       "Consolidate cleaning suppliers",
		Category:    category,
		Owner:       lifecycle.OwnerOf(olga),
		SavingsType: lifecycle.CostReduction,
		Recurrence:  lifecycle.Recurring,
		Baseline:    "2023 average price per square metre",
		Estimate:    lifecycle.Savings{Annual: lifecycle.MustAnnualRate("150000", "EUR")},
	}, lifecycle.Change{By: owner, At: day(time.January, 15)}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}

	// Committed: a signed contract, the committed value and its term.
	_, err = in.Commit(lifecycle.Change{By: owner, At: day(time.March, 1), Version: in.Version()},
		lifecycle.Commitment{
			ContractRef: "CW-2024-017",
			Value:       lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "EUR")},
			Term: lifecycle.Term{
				Start: lifecycle.MustDate(2024, time.April, 1),
				End:   lifecycle.MustDate(2026, time.March, 31),
			},
			PlannedVolume:         lifecycle.Volume{Spend: lifecycle.MustAnnualRate("800000", "EUR")},
			PlannedImplementation: lifecycle.MustDate(2024, time.April, 1),
		})
	if err != nil {
		fmt.Println(err)
		return
	}

	// Implemented: the rates are loaded.
	_, _ = in.Implement(lifecycle.Change{By: owner, At: day(time.April, 20), Version: in.Version()},
		lifecycle.Implementation{
			Date:  lifecycle.MustDate(2024, time.April, 20),
			Where: "ERP price list CLEAN-01",
			Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "EUR")},
		})

	// Realized: the owner records May's savings, finance validates them.
	entry, _ := lifecycle.NewEntryID(ids)
	_, _ = in.RecordRealization(lifecycle.Change{By: owner, At: day(time.June, 5), Version: in.Version()},
		lifecycle.EntryRecord{
			ID:     entry,
			Period: lifecycle.MustPeriod(2024, time.May),
			Amount: lifecycle.MustMoney("8750.00", "EUR"),
			Source: lifecycle.Source{Kind: lifecycle.InvoiceEvidence, InvoiceLines: []string{"INV-1001/1"}},
		})
	_, err = in.ValidateRealization(lifecycle.Change{By: owner, At: day(time.June, 6), Version: in.Version()}, entry)
	fmt.Println("owner validates:", errors.Is(err, lifecycle.ErrRoleNotPermitted))
	_, err = in.ValidateRealization(lifecycle.Change{By: finance, At: day(time.June, 7), Version: in.Version()}, entry)
	fmt.Println("finance validates:", err == nil)

	due, _ := in.Due(lifecycle.MustDate(2024, time.May, 31), lifecycle.CurrencyRounding(lifecycle.EUR))
	fmt.Println("stage:", in.Stage())
	fmt.Println("due by May 31:", due)
	fmt.Println("realized:", in.Realized())

	// The same initiative as a report on 31 March showed it.
	march, _ := in.AsOf(day(time.March, 31))
	fmt.Println("as of March 31:", march.Stage(), "version", march.Version())
	for _, e := range in.Events() {
		fmt.Println(e.Version, e.At.Format(time.DateOnly), e.Kind, "by", e.Actor.Name)
	}
	// Output:
	// owner validates: true
	// finance validates: true
	// stage: realized
	// due by May 31: 20000.00 EUR
	// realized: 8750.00 EUR
	// as of March 31: committed version 2
	// 1 2024-01-15 created by Olga
	// 2 2024-03-01 committed by Olga
	// 3 2024-04-20 implemented by Olga
	// 4 2024-06-05 realization-recorded by Olga
	// 5 2024-06-07 realization-validated by Fred
}

// A change without the evidence its stage needs is refused, saying what
// is missing, and the initiative stays as it was.
func ExampleInitiative_Commit_missingEvidence() {
	ids := &lifecycle.Sequence{Seed: "evidence"}
	category, _ := lifecycle.NewCategoryID(ids)
	actor, _ := lifecycle.NewActorID(ids)
	owner := lifecycle.Actor{ID: actor, Role: lifecycle.RoleOwner}
	id, _ := lifecycle.NewInitiativeID(ids)
	at := time.Date(2024, time.January, 15, 9, 0, 0, 0, time.UTC)
	in, _ := lifecycle.New(id, lifecycle.Plan{
		Title: "Freight tender", Category: category, Owner: lifecycle.OwnerOf(actor),
		SavingsType: lifecycle.CostReduction, Recurrence: lifecycle.Recurring,
		Baseline: "2023 lane rates",
		Estimate: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("40000", "EUR")},
	}, lifecycle.Change{By: owner, At: at}, nil)

	_, err := in.Commit(lifecycle.Change{By: owner, At: at.Add(time.Hour), Version: in.Version()},
		lifecycle.Commitment{Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("35000", "EUR")}})
	var missing *lifecycle.EvidenceError
	if errors.As(err, &missing) {
		for _, m := range missing.Missing {
			fmt.Println("missing:", m)
		}
	}
	fmt.Println("stage:", in.Stage())
	// Output:
	// missing: a contract reference
	// missing: a term
	// missing: a planned implementation date
	// missing: the planned annual volume or spend
	// stage: pipeline
}
