package governance_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// A policy attached to an initiative refuses to let it become Committed
// until every required stakeholder has signed off the category plan.
func ExamplePolicy() {
	ids := &lifecycle.Sequence{Seed: "policy example"}
	newActor := func(name string, role lifecycle.Role) lifecycle.Actor {
		id, _ := lifecycle.NewActorID(ids)
		return lifecycle.Actor{ID: id, Role: role, Name: name}
	}
	olga := newActor("Olga", lifecycle.RoleOwner)
	paula := newActor("Paula", lifecycle.RoleStakeholder)
	day := func(d int) time.Time { return time.Date(2024, time.March, d, 9, 0, 0, 0, time.UTC) }

	// The category plan, submitted for review.
	cleaning, _ := lifecycle.NewCategoryID(ids)
	planID, _ := governance.NewPlanID(ids)
	plan, _ := governance.NewPlan(planID, governance.PlanContent{
		Category: cleaning,
		Owner:    lifecycle.OwnerOf(olga.ID),
		Stakeholders: []governance.Stakeholder{
			{BusinessUnit: "Plant Operations", Representative: paula.ID, Name: "Paula"},
		},
		Start:        lifecycle.MustDate(2024, time.January, 1),
		HorizonYears: 3,
		Strategy:     "Two regional suppliers, output-based specifications.",
	}, lifecycle.Change{By: olga, At: day(1)})
	_, _ = plan.Submit(lifecycle.Change{By: olga, At: day(1), Version: plan.Version()})
	plans := &governance.Plans{}
	_ = plans.Add(plan)
	policy := &governance.Policy{Plans: plans}

	// An initiative under the policy.
	id, _ := lifecycle.NewInitiativeID(ids)
	in, _ := lifecycle.New(id, lifecycle.Plan{
		Title: "Consolidate cleaning", Category: cleaning, Owner: lifecycle.OwnerOf(olga.ID),
		SavingsType: lifecycle.CostReduction, Recurrence: lifecycle.Recurring,
		Baseline: "2023 prices",
		Estimate: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("90000", "EUR")},
	}, lifecycle.Change{By: olga, At: day(2)}, policy)
	commitment := lifecycle.Commitment{
		ContractRef: "CW-17",
		Value:       lifecycle.Savings{Annual: lifecycle.MustAnnualRate("80000", "EUR")},
		Term: lifecycle.Term{Start: lifecycle.MustDate(2024, time.April, 1),
			End: lifecycle.MustDate(2025, time.March, 31)},
		PlannedVolume:         lifecycle.Volume{Spend: lifecycle.MustAnnualRate("600000", "EUR")},
		PlannedImplementation: lifecycle.MustDate(2024, time.April, 1),
	}

	_, err := in.Commit(lifecycle.Change{By: olga, At: day(3), Version: in.Version()}, commitment)
	var gate *governance.GateError
	if errors.As(err, &gate) {
		fmt.Println("refused:", gate)
	}

	_, _ = plan.SignOff(lifecycle.Change{By: paula, At: day(4), Version: plan.Version()}, governance.SignOff{
		BusinessUnit:        "Plant Operations",
		Date:                lifecycle.MustDate(2024, time.March, 4),
		ResourceCommitments: "site managers enforce the new supplier",
		Cadence:             governance.Quarterly,
		ComplianceLevel:     decimalOf("0.9"),
		Consequences:        "escalation to the COO",
	})
	fmt.Println("plan:", plan.State())

	_, err = in.Commit(lifecycle.Change{By: olga, At: day(5), Version: in.Version()}, commitment)
	fmt.Println("commit:", err, "→", in.Stage())
	// Output:
	// refused: committed needs a signed-off category plan: missing the sign-off of Plant Operations (Paula)
	// plan: signed-off
	// commit: <nil> → committed
}
