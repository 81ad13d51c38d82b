package governance_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// cadenceExamplePlan returns an active packaging plan signed off by two
// plants: Lyon quarterly at 90 %, Porto monthly at 80 %, both on
// 20 November 2024.
func cadenceExamplePlan() (*governance.CategoryPlan, error) {
	ids := &lifecycle.Sequence{Seed: "cadence example"}
	olga, _ := lifecycle.NewActorID(ids)
	lyon, _ := lifecycle.NewActorID(ids)
	porto, _ := lifecycle.NewActorID(ids)
	category, _ := lifecycle.NewCategoryID(ids)
	planID, _ := governance.NewPlanID(ids)
	owner := lifecycle.Actor{ID: olga, Role: lifecycle.RoleOwner, Name: "Olga"}

	at := time.Date(2024, time.November, 1, 9, 0, 0, 0, time.UTC)
	plan, err := governance.NewPlan(planID, governance.PlanContent{
		Category: category,
		Owner:    lifecycle.OwnerOf(olga),
		Stakeholders: []governance.Stakeholder{
			{BusinessUnit: "Lyon plant", Representative: lyon, Name: "Luc"},
			{BusinessUnit: "Porto plant", Representative: porto, Name: "Pia"},
		},
		Start:        lifecycle.MustDate(2025, time.January, 1),
		HorizonYears: 3,
		Strategy:     "two suppliers of corrugated board, on a price index",
	}, lifecycle.Change{By: owner, At: at})
	if err != nil {
		return nil, err
	}
	if _, err := plan.Submit(lifecycle.Change{By: owner, At: at, Version: 1}); err != nil {
		return nil, err
	}

	signed := lifecycle.MustDate(2024, time.November, 20)
	for _, s := range []struct {
		rep     lifecycle.ActorID
		unit    string
		cadence governance.Cadence
		level   string
	}{
		{lyon, "Lyon plant", governance.Quarterly, "0.9"},
		{porto, "Porto plant", governance.Monthly, "0.8"},
	} {
		by := lifecycle.Actor{ID: s.rep, Role: lifecycle.RoleStakeholder}
		_, err := plan.SignOff(lifecycle.Change{By: by, At: signed.Time(), Version: plan.Version()},
			governance.SignOff{
				BusinessUnit:        s.unit,
				Date:                signed,
				ResourceCommitments: "a buyer one day a week",
				Cadence:             s.cadence,
				ComplianceLevel:     decimal.RequireFromString(s.level),
				Consequences:        "maverick spend recharged to the plant's budget",
			})
		if err != nil {
			return nil, err
		}
	}
	_, err = plan.Activate(lifecycle.Change{By: owner, At: signed.Time(), Version: plan.Version()})
	return plan, err
}

// Reports are due at the end of each reporting period plus the grace
// days; the quarter that holds the sign-off is owed across the year end.
// A report filed for Porto's November removes it from the list.
func ExampleCadences_Due() {
	plan, err := cadenceExamplePlan()
	if err != nil {
		fmt.Println(err)
		return
	}
	filed := []governance.ComplianceReport{{
		Plan:         plan.ID(),
		BusinessUnit: "Porto plant",
		Period:       lifecycle.MustPeriod(2024, time.November),
		Filed:        lifecycle.MustDate(2024, time.December, 12),
	}}

	cadences := governance.Cadences{GraceDays: 15}
	for _, asOf := range []lifecycle.Date{
		lifecycle.MustDate(2025, time.January, 10),
		lifecycle.MustDate(2025, time.January, 20),
	} {
		fmt.Println("as of", asOf)
		due, err := cadences.Due([]*governance.CategoryPlan{plan}, filed, asOf)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, d := range due {
			fmt.Printf("  %s %s %s..%s due %s", d.Stakeholder.BusinessUnit, d.Cadence,
				d.From, d.To, d.DueDate)
			if d.Overdue {
				fmt.Printf(", %d days overdue", d.DaysOverdue)
			}
			fmt.Println()
		}
	}
	// Output:
	// as of 2025-01-10
	//   Lyon plant quarterly 2024-10..2024-12 due 2025-01-15
	//   Porto plant monthly 2024-12..2024-12 due 2025-01-15
	// as of 2025-01-20
	//   Lyon plant quarterly 2024-10..2024-12 due 2025-01-15, 5 days overdue
	//   Porto plant monthly 2024-12..2024-12 due 2025-01-15, 5 days overdue
}

// Lyon committed to 90 % of its addressable spend on contract and is at
// 85 %: a deviation, pointing at the consequences it signed up to. Porto
// is exactly at its 80 %, which is no deviation.
func ExampleCheckCompliance() {
	plan, err := cadenceExamplePlan()
	if err != nil {
		fmt.Println(err)
		return
	}
	figures := []governance.ComplianceFigure{
		{
			BusinessUnit: "Lyon plant",
			OnContract:   lifecycle.MustMoney("170000", "EUR"),
			Addressable:  lifecycle.MustMoney("200000", "EUR"),
		},
		{
			BusinessUnit: "Porto plant",
			OnContract:   lifecycle.MustMoney("64000", "EUR"),
			Addressable:  lifecycle.MustMoney("80000", "EUR"),
		},
	}

	check, err := governance.CheckCompliance([]*governance.CategoryPlan{plan}, figures,
		lifecycle.MustDate(2025, time.March, 31), lifecycle.Rounding{Places: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range check.Deviations {
		fmt.Printf("%s: %s on contract against %s committed\n",
			d.Stakeholder.BusinessUnit, d.Actual.StringFixed(4), d.Committed)
		fmt.Println("  consequences:", d.Consequences)
	}
	fmt.Println("actual rounded", check.Rounding)
	fmt.Println("unmeasured:", len(check.Undefined)+len(check.Unreported))
	// Output:
	// Lyon plant: 0.8500 on contract against 0.9 committed
	//   consequences: maverick spend recharged to the plant's budget
	// actual rounded half-even to 4 places
	// unmeasured: 0
}
