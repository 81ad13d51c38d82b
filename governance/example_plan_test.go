package governance_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// A category plan written by its owner, signed off by the two business
// units that must execute it, then revised in a way that voids their
// sign-offs.
func ExampleCategoryPlan() {
	ids := &lifecycle.Sequence{Seed: "category plan"} // reproducible IDs
	category, _ := lifecycle.NewCategoryID(ids)
	olga, _ := lifecycle.NewActorID(ids)
	pia, _ := lifecycle.NewActorID(ids)
	finn, _ := lifecycle.NewActorID(ids)
	owner := lifecycle.Actor{ID: olga, Role: lifecycle.RoleOwner, Name: "Olga"}
	signers := map[string]lifecycle.Actor{
		"Plant Operations": {ID: pia, Role: lifecycle.RoleStakeholder, Name: "Pia"},
		"Fleet Services":   {ID: finn, Role: lifecycle.RoleStakeholder, Name: "Finn"},
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2024, m, d, 9, 0, 0, 0, time.UTC) }

	id, _ := governance.NewPlanID(ids)
	plan, err := governance.NewPlan(id, governance.PlanContent{
		Category: category,
		Owner:    lifecycle.OwnerOf(olga),
		Stakeholders: []governance.Stakeholder{
			{BusinessUnit: "Plant Operations", Representative: pia, Name: "Pia"},
			{BusinessUnit: "Fleet Services", Representative: finn, Name: "Finn"},
		},
		Start:        lifecycle.MustDate(2024, time.April, 1),
		HorizonYears: 4,
		Strategy:     "Consolidate to two regional cleaning suppliers.",
	}, lifecycle.Change{By: owner, At: day(time.February, 1)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created:", plan.State())

	submit := lifecycle.Change{By: owner, At: day(time.February, 5), Version: plan.Version()}
	_, err = plan.Submit(submit)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("submitted:", plan.State())

	// Each business unit documents what it commits to.
	for i, unit := range []string{"Plant Operations", "Fleet Services"} {
		ch := lifecycle.Change{By: signers[unit], At: day(time.February, 10+i), Version: plan.Version()}
		_, err = plan.SignOff(ch, governance.SignOff{
			BusinessUnit:        unit,
			Date:                lifecycle.MustDate(2024, time.February, 10+i),
			ResourceCommitments: "one buyer half time",
			Cadence:             governance.Quarterly,
			ComplianceLevel:     decimal.RequireFromString("0.9"),
			Consequences:        "escalation to the unit's director",
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("signed off by %s: %s, %d to go\n", unit, plan.State(), len(plan.MissingSignOffs()))
	}

	// A new strategy is a material change: the sign-offs no longer hold.
	content := plan.Content()
	content.Strategy = "Single national cleaning supplier."
	ch := lifecycle.Change{By: owner, At: day(time.March, 1), Version: plan.Version()}
	e, err := plan.Revise(ch, content)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := e.Payload.(governance.Revision)
	fmt.Printf("revised %v: %s, voided %q\n", r.Changed, plan.State(), r.Voided)
	for _, s := range plan.SignOffs() {
		fmt.Printf("  %s signed at v%d, voided by v%d\n", s.BusinessUnit, s.Version, s.VoidedBy)
	}
	// Output:
	// created: draft
	// submitted: in-review
	// signed off by Plant Operations: in-review, 1 to go
	// signed off by Fleet Services: signed-off, 0 to go
	// revised [strategy]: in-review, voided ["Plant Operations" "Fleet Services"]
	//   Plant Operations signed at v3, voided by v5
	//   Fleet Services signed at v4, voided by v5
}
