package governance_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// Above a threshold a change needs finance approval from someone else
// than the person making it. Where the owner also signs for finance, an
// administrator may override self-approval for that one change; the
// override stays on record with who, in which role, and why.
func ExampleRecords_Override() {
	ids := &lifecycle.Sequence{Seed: "override example"}
	newActor := func(name string, role lifecycle.Role) lifecycle.Actor {
		id, _ := lifecycle.NewActorID(ids)
		return lifecycle.Actor{ID: id, Role: role, Name: name}
	}
	olga := newActor("Olga", lifecycle.RoleOwner)
	olgaForFinance := olga
	olgaForFinance.Role = lifecycle.RoleFinance
	adam := newActor("Adam", lifecycle.RoleAdministrator)
	day := func(d int) time.Time { return time.Date(2024, time.March, d, 9, 0, 0, 0, time.UTC) }

	records := &governance.Records{}
	policy := &governance.Policy{
		Records: records,
		Thresholds: []governance.Threshold{{
			Kinds: []lifecycle.EventKind{lifecycle.KindEstimateRevised},
			Above: lifecycle.MustMoney("200000", "EUR"),
		}},
	}
	cleaning, _ := lifecycle.NewCategoryID(ids)
	id, _ := lifecycle.NewInitiativeID(ids)
	in, _ := lifecycle.New(id, lifecycle.Plan{
		Title: "Consolidate cleaning", Category: cleaning, Owner: lifecycle.OwnerOf(olga.ID),
		SavingsType: lifecycle.CostReduction, Recurrence: lifecycle.Recurring,
		Baseline: "2023 prices",
		Estimate: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("150000", "EUR")},
	}, lifecycle.Change{By: olga, At: day(1)}, policy)
	estimate := lifecycle.Savings{Annual: lifecycle.MustAnnualRate("250000", "EUR")}

	// Olga approves for finance, then revises the estimate as owner.
	_ = records.Approve(governance.Approval{
		Initiative: in.ID(), Kind: lifecycle.KindEstimateRevised, Version: in.Version(),
		Amount: lifecycle.MustMoney("250000", "EUR"), By: olgaForFinance, At: day(2),
	})
	_, err := in.ReviseEstimate(lifecycle.Change{By: olga, At: day(3), Version: in.Version()}, estimate)
	var refusal *governance.PolicyError
	if errors.As(err, &refusal) {
		fmt.Println("refused:", refusal)
	}

	_ = records.Override(governance.Override{
		Initiative: in.ID(), Version: in.Version(),
		Rules: []governance.Rule{governance.RuleSelfApproval},
		By:    adam, At: day(3), Reason: "sole finance signatory this week; CFO informed",
	})
	_, err = in.ReviseEstimate(lifecycle.Change{By: olga, At: day(3), Version: in.Version()}, estimate)
	fmt.Println("revised:", err, in.Estimate())
	for _, o := range records.Overrides() {
		fmt.Printf("override of %s by %s: %s\n", o.Rules[0], o.By, o.Reason)
	}
	// Output:
	// refused: Olga (owner) approved their own estimate-revised: segregation of duties
	// revised: <nil> 250000 EUR/year
	// override of self-approval by Adam (administrator): sole finance signatory this week; CFO informed
}
