package governance_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// policyWorld is a small organisation: a category tree, its owner, two
// business units that must sign the plan, finance people and an
// administrator.
type policyWorld struct {
	ids        *lifecycle.Sequence
	tree       *lifecycle.CategoryTree
	facilities lifecycle.CategoryID
	cleaning   lifecycle.CategoryID
	owner      lifecycle.Actor
	stranger   lifecycle.Actor // an owner, but of nothing here
	plant      lifecycle.Actor // Plant Operations' representative
	offices    lifecycle.Actor // Offices' representative
	finance    lifecycle.Actor
	auditor    lifecycle.Actor
	admin      lifecycle.Actor
	ownership  *lifecycle.Ownership
	plans      *governance.Plans
	records    *governance.Records
	start      time.Time
}

func newPolicyWorld(t *testing.T) *policyWorld {
	t.Helper()
	w := &policyWorld{ids: &lifecycle.Sequence{Seed: t.Name()}}
	actor := func(name string, role lifecycle.Role) lifecycle.Actor {
		id, err := lifecycle.NewActorID(w.ids)
		require.NoError(t, err)
		return lifecycle.Actor{ID: id, Role: role, Name: name}
	}
	var err error
	w.facilities, err = lifecycle.NewCategoryID(w.ids)
	require.NoError(t, err)
	w.cleaning, err = lifecycle.NewCategoryID(w.ids)
	require.NoError(t, err)
	w.tree, err = lifecycle.NewCategoryTree([]lifecycle.Category{
		{ID: w.facilities, Name: "Facilities"},
		{ID: w.cleaning, Parent: w.facilities, Name: "Cleaning"},
	})
	require.NoError(t, err)
	w.owner = actor("Olga Owner", lifecycle.RoleOwner)
	w.stranger = actor("Sam Stranger", lifecycle.RoleOwner)
	w.plant = actor("Paula Plant", lifecycle.RoleStakeholder)
	w.offices = actor("Otto Offices", lifecycle.RoleStakeholder)
	w.finance = actor("Fred Finance", lifecycle.RoleFinance)
	w.auditor = actor("Ada Auditor", lifecycle.RoleFinance)
	w.admin = actor("Adam Admin", lifecycle.RoleAdministrator)
	w.ownership = &lifecycle.Ownership{}
	require.NoError(t, w.ownership.Assign(w.facilities, lifecycle.OwnerOf(w.owner.ID),
		lifecycle.MustDate(2023, time.January, 1)))
	w.plans = &governance.Plans{}
	w.records = &governance.Records{}
	w.start = time.Date(2024, time.January, 15, 9, 0, 0, 0, time.UTC)
	return w
}

func (w *policyWorld) day(n int) time.Time { return w.start.AddDate(0, 0, n) }

func (w *policyWorld) policy() *governance.Policy {
	return &governance.Policy{
		Plans: w.plans, Tree: w.tree, Ownership: w.ownership, Records: w.records,
	}
}

// plan drafts and submits the Facilities plan on day 1, with Plant
// Operations and Offices as required stakeholders.
func (w *policyWorld) plan(t *testing.T) *governance.CategoryPlan {
	t.Helper()
	id, err := governance.NewPlanID(w.ids)
	require.NoError(t, err)
	p, err := governance.NewPlan(id, governance.PlanContent{
		Category: w.facilities,
		Owner:    lifecycle.OwnerOf(w.owner.ID),
		Stakeholders: []governance.Stakeholder{
			{BusinessUnit: "Plant Operations", Representative: w.plant.ID, Name: "Paula Plant"},
			{BusinessUnit: "Offices", Representative: w.offices.ID, Name: "Otto Offices"},
		},
		Start:        lifecycle.MustDate(2024, time.January, 1),
		HorizonYears: 4,
		Strategy:     "Consolidate to two regional suppliers; output-based specs.",
	}, lifecycle.Change{By: w.owner, At: w.day(1)})
	require.NoError(t, err)
	_, err = p.Submit(lifecycle.Change{By: w.owner, At: w.day(1), Version: p.Version()})
	require.NoError(t, err)
	require.NoError(t, w.plans.Add(p))
	return p
}

func (w *policyWorld) signOff(t *testing.T, p *governance.CategoryPlan, who lifecycle.Actor, unit string, day int) {
	t.Helper()
	_, err := p.SignOff(lifecycle.Change{By: who, At: w.day(day), Version: p.Version()}, governance.SignOff{
		BusinessUnit:        unit,
		Date:                lifecycle.DateOf(w.day(day)),
		ResourceCommitments: "one buyer two days a month",
		Cadence:             governance.Quarterly,
		ComplianceLevel:     decimalOf("0.9"),
		Consequences:        "escalation to the COO",
	})
	require.NoError(t, err)
}

// initiative creates an initiative in Cleaning under the policy, owned
// by the world's owner, worth 120,000 EUR a year.
func (w *policyWorld) initiative(t *testing.T, pol lifecycle.Guard) *lifecycle.Initiative {
	t.Helper()
	id, err := lifecycle.NewInitiativeID(w.ids)
	require.NoError(t, err)
	in, err := lifecycle.New(id, lifecycle.Plan{
		Title:         "Consolidate cleaning suppliers",
		Category:      w.cleaning,
		Owner:         lifecycle.OwnerOf(w.owner.ID),
		SavingsType:   lifecycle.CostReduction,
		Recurrence:    lifecycle.Recurring,
		Baseline:      "2023 average price per square metre",
		Estimate:      lifecycle.Savings{Annual: lifecycle.MustAnnualRate("150000", "EUR")},
		BusinessUnits: []string{"Plant Operations"},
	}, lifecycle.Change{By: w.owner, At: w.day(2)}, pol)
	require.NoError(t, err)
	return in
}

func commitment() lifecycle.Commitment {
	return lifecycle.Commitment{
		ContractRef: "CW-2024-017",
		Value:       lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "EUR")},
		Term: lifecycle.Term{
			Start: lifecycle.MustDate(2024, time.April, 1),
			End:   lifecycle.MustDate(2026, time.March, 31),
		},
		PlannedVolume:         lifecycle.Volume{Spend: lifecycle.MustAnnualRate("800000", "EUR")},
		PlannedImplementation: lifecycle.MustDate(2024, time.April, 1),
	}
}

func implementation() lifecycle.Implementation {
	return lifecycle.Implementation{
		Date:  lifecycle.MustDate(2024, time.April, 20),
		Where: "ERP price list CLEAN-01",
		Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "EUR")},
	}
}

func change(in *lifecycle.Initiative, a lifecycle.Actor, at time.Time) lifecycle.Change {
	return lifecycle.Change{By: a, At: at, Version: in.Version()}
}

// requireProblem asserts err is a refusal by the policy matching target.
func requireProblem(t *testing.T, err error, target error, says string) {
	t.Helper()
	require.ErrorIs(t, err, lifecycle.ErrRefused)
	require.ErrorIs(t, err, target)
	var pe *governance.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), says)
}

// TestEndToEnd: an initiative is blocked at Committed until the last
// stakeholder signs; a realization entry is refused when its recorder
// validates it, and accepted when someone else in finance does.
func TestEndToEnd(t *testing.T) {
	w := newPolicyWorld(t)
	pol := w.policy()
	plan := w.plan(t)
	in := w.initiative(t, pol)

	_, err := in.Commit(change(in, w.owner, w.day(3)), commitment())
	requireProblem(t, err, governance.ErrGate,
		"missing the sign-off of Plant Operations (Paula Plant), the sign-off of Offices (Otto Offices)")
	var gate *governance.GateError
	require.ErrorAs(t, err, &gate)
	assert.Equal(t, plan.ID(), gate.Plan)
	assert.Equal(t, lifecycle.Committed, gate.Stage)
	assert.Equal(t, lifecycle.Pipeline, in.Stage())

	w.signOff(t, plan, w.plant, "Plant Operations", 4)
	_, err = in.Commit(change(in, w.owner, w.day(5)), commitment())
	requireProblem(t, err, governance.ErrGate, "missing the sign-off of Offices (Otto Offices)")
	assert.NotContains(t, err.Error(), "Plant Operations")

	w.signOff(t, plan, w.offices, "Offices", 6)
	_, err = in.Commit(change(in, w.owner, w.day(7)), commitment())
	require.NoError(t, err)
	_, err = in.Implement(change(in, w.owner, w.day(100)), implementation())
	require.NoError(t, err)

	entryID, err := lifecycle.NewEntryID(w.ids)
	require.NoError(t, err)
	entry := lifecycle.EntryRecord{
		ID: entryID, Period: lifecycle.MustPeriod(2024, time.May),
		Amount: lifecycle.MustMoney("9000.00", "EUR"),
		Source: lifecycle.Source{Kind: lifecycle.ManualEntry, Reason: "GL 6100 variance May"},
	}
	_, err = in.RecordRealization(change(in, w.finance, w.day(140)), entry)
	require.NoError(t, err)
	_, err = in.ValidateRealization(change(in, w.finance, w.day(141)), entryID)
	require.ErrorIs(t, err, lifecycle.ErrSelfValidation)
	assert.Equal(t, lifecycle.Implemented, in.Stage())

	_, err = in.ValidateRealization(change(in, w.auditor, w.day(142)), entryID)
	require.NoError(t, err)
	assert.Equal(t, lifecycle.Realized, in.Stage())
	assert.True(t, in.Realized().Equal(lifecycle.MustMoney("9000", "EUR")))
}

func TestGateRefusals(t *testing.T) {
	t.Run("no plan at all", func(t *testing.T) {
		w := newPolicyWorld(t)
		in := w.initiative(t, w.policy())
		_, err := in.Commit(change(in, w.owner, w.day(3)), commitment())
		requireProblem(t, err, governance.ErrGate, "missing a category plan for Facilities > Cleaning")
	})
	t.Run("plan still a draft", func(t *testing.T) {
		w := newPolicyWorld(t)
		id, err := governance.NewPlanID(w.ids)
		require.NoError(t, err)
		draft, err := governance.NewPlan(id, governance.PlanContent{
			Category: w.cleaning, Owner: lifecycle.OwnerOf(w.owner.ID),
		}, lifecycle.Change{By: w.owner, At: w.day(1)})
		require.NoError(t, err)
		require.NoError(t, w.plans.Add(draft))
		in := w.initiative(t, w.policy())
		_, err = in.Commit(change(in, w.owner, w.day(3)), commitment())
		requireProblem(t, err, governance.ErrGate, "missing the plan's submission for review")
	})
	t.Run("signed off later than the change", func(t *testing.T) {
		w := newPolicyWorld(t)
		plan := w.plan(t)
		in := w.initiative(t, w.policy())
		w.signOff(t, plan, w.plant, "Plant Operations", 10)
		w.signOff(t, plan, w.offices, "Offices", 10)
		// The change is dated before the sign-offs: the plan as of then counts.
		_, err := in.Commit(change(in, w.owner, w.day(5)), commitment())
		requireProblem(t, err, governance.ErrGate, "the sign-off of Plant Operations")
		_, err = in.Commit(change(in, w.owner, w.day(10)), commitment())
		require.NoError(t, err)
	})
	t.Run("material revision voids sign-offs and closes the gate", func(t *testing.T) {
		w := newPolicyWorld(t)
		plan := w.plan(t)
		w.signOff(t, plan, w.plant, "Plant Operations", 4)
		w.signOff(t, plan, w.offices, "Offices", 4)
		content := plan.Content()
		content.Strategy = "Insource cleaning."
		_, err := plan.Revise(lifecycle.Change{By: w.owner, At: w.day(5), Version: plan.Version()}, content)
		require.NoError(t, err)
		in := w.initiative(t, w.policy())
		_, err = in.Commit(change(in, w.owner, w.day(6)), commitment())
		requireProblem(t, err, governance.ErrGate, "the sign-off of Offices")
	})
	t.Run("plan gates implemented instead", func(t *testing.T) {
		w := newPolicyWorld(t)
		id, err := governance.NewPlanID(w.ids)
		require.NoError(t, err)
		plan, err := governance.NewPlan(id, governance.PlanContent{
			Category: w.facilities, Owner: lifecycle.OwnerOf(w.owner.ID),
			Stakeholders: []governance.Stakeholder{{BusinessUnit: "Offices", Representative: w.offices.ID}},
			Start:        lifecycle.MustDate(2024, time.January, 1), HorizonYears: 3,
			Strategy: "Tender in 2024.", Gate: lifecycle.Implemented,
		}, lifecycle.Change{By: w.owner, At: w.day(1)})
		require.NoError(t, err)
		_, err = plan.Submit(lifecycle.Change{By: w.owner, At: w.day(1), Version: 1})
		require.NoError(t, err)
		require.NoError(t, w.plans.Add(plan))
		in := w.initiative(t, w.policy())
		_, err = in.Commit(change(in, w.owner, w.day(3)), commitment())
		require.NoError(t, err, "committing is not gated by this plan")
		_, err = in.Implement(change(in, w.owner, w.day(4)), implementation())
		requireProblem(t, err, governance.ErrGate, "implemented needs a signed-off category plan: missing the sign-off of Offices")
	})
	t.Run("stepping back is not gated", func(t *testing.T) {
		w := newPolicyWorld(t)
		plan := w.plan(t)
		w.signOff(t, plan, w.plant, "Plant Operations", 4)
		w.signOff(t, plan, w.offices, "Offices", 4)
		in := w.initiative(t, w.policy())
		_, err := in.Commit(change(in, w.owner, w.day(5)), commitment())
		require.NoError(t, err)
		_, err = in.Implement(change(in, w.owner, w.day(6)), implementation())
		require.NoError(t, err)
		content := plan.Content()
		content.HorizonYears = 5
		_, err = plan.Revise(lifecycle.Change{By: w.owner, At: w.day(7), Version: plan.Version()}, content)
		require.NoError(t, err)
		ch := change(in, w.owner, w.day(8))
		ch.Reason = "rates lost in migration"
		_, err = in.StepBack(ch)
		require.NoError(t, err)
	})
}

func TestPermissions(t *testing.T) {
	cases := []struct {
		name  string
		actor func(w *policyWorld) lifecycle.Actor
		ok    bool
		says  string
	}{
		{"initiative owner", func(w *policyWorld) lifecycle.Actor { return w.owner }, true, ""},
		{"administrator", func(w *policyWorld) lifecycle.Actor { return w.admin }, true, ""},
		{"finance may not commit", func(w *policyWorld) lifecycle.Actor { return w.finance }, false,
			"Fred Finance (finance) may not make a committed change"},
		{"stakeholder may not commit", func(w *policyWorld) lifecycle.Actor { return w.plant }, false,
			"Paula Plant (stakeholder) may not make a committed change"},
		{"an owner of something else", func(w *policyWorld) lifecycle.Actor { return w.stranger }, false,
			"Sam Stranger (owner) owns neither the initiative nor its category"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newPolicyWorld(t)
			plan := w.plan(t)
			w.signOff(t, plan, w.plant, "Plant Operations", 4)
			w.signOff(t, plan, w.offices, "Offices", 4)
			in := w.initiative(t, w.policy())
			_, err := in.Commit(change(in, tc.actor(w), w.day(5)), commitment())
			if tc.ok {
				require.NoError(t, err)
				return
			}
			requireProblem(t, err, governance.ErrNotPermitted, tc.says)
			assert.Equal(t, lifecycle.Pipeline, in.Stage())
		})
	}
}

func TestCategoryOwnerActsOnOthersInitiative(t *testing.T) {
	w := newPolicyWorld(t)
	plan := w.plan(t)
	w.signOff(t, plan, w.plant, "Plant Operations", 4)
	w.signOff(t, plan, w.offices, "Offices", 4)
	pol := w.policy()
	in := w.initiative(t, pol)
	// The initiative passes to the stranger; the category owner can still act.
	_, err := in.ReassignOwner(change(in, w.owner, w.day(5)), lifecycle.OwnerOf(w.stranger.ID))
	require.NoError(t, err)
	_, err = in.Commit(change(in, w.owner, w.day(6)), commitment())
	require.NoError(t, err, "the category owner (via the parent category) may act")

	// After a hand-over of the category, the old owner may no longer.
	require.NoError(t, w.ownership.Assign(w.facilities, lifecycle.OwnerOf(w.auditor.ID),
		lifecycle.DateOf(w.day(10))))
	_, err = in.Implement(change(in, w.owner, w.day(11)), implementation())
	requireProblem(t, err, governance.ErrNotPermitted, "owns neither")
}

func TestCustomPermissions(t *testing.T) {
	w := newPolicyWorld(t)
	pol := w.policy()
	pol.Permissions = governance.Permissions{
		lifecycle.KindCreated:   {lifecycle.RoleOwner},
		lifecycle.KindCancelled: {lifecycle.RoleAdministrator},
	}
	in := w.initiative(t, pol)
	ch := change(in, w.owner, w.day(3))
	ch.Reason = "no longer needed"
	_, err := in.Cancel(ch)
	requireProblem(t, err, governance.ErrNotPermitted, "may not make a cancelled change")
	ch.By = w.admin
	_, err = in.Cancel(ch)
	require.NoError(t, err)
}

func TestApprovalMatrix(t *testing.T) {
	cases := []struct {
		name      string
		threshold func(w *policyWorld) governance.Threshold
		approve   func(w *policyWorld, in *lifecycle.Initiative) *governance.Approval
		rates     []governance.Rate
		is        error
		says      string
	}{
		{"below the threshold the owner's word is enough",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Category: w.facilities, Above: lifecycle.MustMoney("120000", "EUR")}
			}, nil, nil, nil, ""},
		{"above it finance must approve",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Category: w.facilities, Above: lifecycle.MustMoney("100000", "EUR")}
			}, nil, nil, governance.ErrApprovalNeeded,
			"committed of 120000 EUR is above the threshold of 100000 EUR"},
		{"an approval that covers it",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Category: w.facilities, Above: lifecycle.MustMoney("100000", "EUR")}
			},
			func(w *policyWorld, in *lifecycle.Initiative) *governance.Approval {
				return &governance.Approval{Initiative: in.ID(), Kind: lifecycle.KindCommitted,
					Version: in.Version(), Amount: lifecycle.MustMoney("125000", "EUR"), By: w.finance, At: w.day(4)}
			}, nil, nil, ""},
		{"an approval for less does not cover it",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Category: w.facilities, Above: lifecycle.MustMoney("100000", "EUR")}
			},
			func(w *policyWorld, in *lifecycle.Initiative) *governance.Approval {
				return &governance.Approval{Initiative: in.ID(), Kind: lifecycle.KindCommitted,
					Version: in.Version(), Amount: lifecycle.MustMoney("110000", "EUR"), By: w.finance, At: w.day(4)}
			}, nil, governance.ErrApprovalNeeded, "above the threshold"},
		{"an approval of another version does not cover it",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Above: lifecycle.MustMoney("100000", "EUR")}
			},
			func(w *policyWorld, in *lifecycle.Initiative) *governance.Approval {
				return &governance.Approval{Initiative: in.ID(), Kind: lifecycle.KindCommitted,
					Version: in.Version() - 1, Amount: lifecycle.MustMoney("125000", "EUR"), By: w.finance, At: w.day(4)}
			}, nil, governance.ErrApprovalNeeded, "above the threshold"},
		{"a threshold for another business unit does not apply",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{BusinessUnit: "Offices", Above: lifecycle.MustMoney("1", "EUR")}
			}, nil, nil, nil, ""},
		{"a threshold for the business unit applies",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{BusinessUnit: "Plant Operations", Above: lifecycle.MustMoney("1", "EUR")}
			}, nil, nil, governance.ErrApprovalNeeded, "above the threshold of 1 EUR"},
		{"a threshold for another kind does not apply",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Kinds: []lifecycle.EventKind{lifecycle.KindImplemented},
					Above: lifecycle.MustMoney("1", "EUR")}
			}, nil, nil, nil, ""},
		{"a threshold in another currency converts",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Above: lifecycle.MustMoney("100000", "GBP")}
			}, nil,
			[]governance.Rate{{From: "EUR", To: "GBP", Rate: decimalOf("0.85")}},
			governance.ErrApprovalNeeded, "above the threshold of 100000 GBP"},
		{"converted below it passes",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Above: lifecycle.MustMoney("102000", "GBP")}
			}, nil,
			[]governance.Rate{{From: "EUR", To: "GBP", Rate: decimalOf("0.85")}},
			nil, ""},
		{"a missing rate is an error, never a pass",
			func(w *policyWorld) governance.Threshold {
				return governance.Threshold{Above: lifecycle.MustMoney("1000000", "USD")}
			}, nil, nil, governance.ErrMissingRate, "no rate from EUR to USD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newPolicyWorld(t)
			plan := w.plan(t)
			w.signOff(t, plan, w.plant, "Plant Operations", 4)
			w.signOff(t, plan, w.offices, "Offices", 4)
			pol := w.policy()
			pol.Thresholds = []governance.Threshold{tc.threshold(w)}
			pol.Rates = tc.rates
			in := w.initiative(t, pol)
			if tc.approve != nil {
				require.NoError(t, w.records.Approve(*tc.approve(w, in)))
			}
			_, err := in.Commit(change(in, w.owner, w.day(5)), commitment())
			if tc.is == nil {
				require.NoError(t, err)
				return
			}
			requireProblem(t, err, tc.is, tc.says)
		})
	}
}

func TestSelfApproval(t *testing.T) {
	w := newPolicyWorld(t)
	plan := w.plan(t)
	w.signOff(t, plan, w.plant, "Plant Operations", 4)
	w.signOff(t, plan, w.offices, "Offices", 4)
	pol := w.policy()
	pol.Thresholds = []governance.Threshold{{Above: lifecycle.MustMoney("100000", "EUR")}}
	pol.Permissions = governance.DefaultPermissions()
	pol.Permissions[lifecycle.KindCommitted] = append(pol.Permissions[lifecycle.KindCommitted], lifecycle.RoleFinance)
	in := w.initiative(t, pol)
	require.NoError(t, w.records.Approve(governance.Approval{Initiative: in.ID(), Kind: lifecycle.KindCommitted,
		Version: in.Version(), Amount: lifecycle.MustMoney("120000", "EUR"), By: w.finance, At: w.day(4)}))

	_, err := in.Commit(change(in, w.finance, w.day(5)), commitment())
	requireProblem(t, err, governance.ErrSegregation, "Fred Finance (finance) approved their own committed")

	// An owner may not override; an administrator may, with a reason.
	err = w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version(),
		Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.owner, At: w.day(5), Reason: "urgent"})
	require.ErrorIs(t, err, governance.ErrNotPermitted)
	err = w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version(),
		Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.admin, At: w.day(5)})
	require.ErrorIs(t, err, governance.ErrMissingEvidence)
	require.NoError(t, w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version(),
		Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.admin, At: w.day(5),
		Reason: "sole finance officer on duty; reviewed by CFO"}))
	_, err = in.Commit(change(in, w.finance, w.day(5)), commitment())
	require.NoError(t, err)

	overrides := w.records.Overrides()
	require.Len(t, overrides, 1)
	assert.Equal(t, w.admin, overrides[0].By)
	assert.Equal(t, "sole finance officer on duty; reviewed by CFO", overrides[0].Reason)
}

func TestApproveNeedsFinance(t *testing.T) {
	w := newPolicyWorld(t)
	in := w.initiative(t, nil)
	err := w.records.Approve(governance.Approval{Initiative: in.ID(), Kind: lifecycle.KindCommitted,
		Version: 1, Amount: lifecycle.MustMoney("1", "EUR"), By: w.owner, At: w.day(3)})
	require.ErrorIs(t, err, governance.ErrNotPermitted)
	err = w.records.Approve(governance.Approval{By: w.finance})
	require.ErrorIs(t, err, governance.ErrMissingEvidence)
	assert.Contains(t, err.Error(), "the initiative, the kind of change approved, the amount approved")
	assert.Empty(t, w.records.Approvals())
}

// TestSegregationOfDuties covers who may decide on realized savings.
func TestSegregationOfDuties(t *testing.T) {
	setup := func(t *testing.T) (*policyWorld, *lifecycle.Initiative, lifecycle.EntryID) {
		w := newPolicyWorld(t)
		plan := w.plan(t)
		w.signOff(t, plan, w.plant, "Plant Operations", 4)
		w.signOff(t, plan, w.offices, "Offices", 4)
		pol := w.policy()
		pol.Permissions = governance.DefaultPermissions()
		in := w.initiative(t, pol)
		// The auditor approves the commitment (no threshold needs it).
		require.NoError(t, w.records.Approve(governance.Approval{Initiative: in.ID(),
			Kind: lifecycle.KindCommitted, Version: in.Version(),
			Amount: lifecycle.MustMoney("120000", "EUR"), By: w.auditor, At: w.day(4)}))
		_, err := in.Commit(change(in, w.owner, w.day(5)), commitment())
		require.NoError(t, err)
		_, err = in.Implement(change(in, w.owner, w.day(6)), implementation())
		require.NoError(t, err)
		id, err := lifecycle.NewEntryID(w.ids)
		require.NoError(t, err)
		_, err = in.RecordRealization(change(in, w.owner, w.day(40)), lifecycle.EntryRecord{
			ID: id, Period: lifecycle.MustPeriod(2024, time.February), Amount: lifecycle.MustMoney("500", "EUR"),
			Source: lifecycle.Source{Kind: lifecycle.InvoiceEvidence, InvoiceLines: []string{"INV-9/1"}},
		})
		require.NoError(t, err)
		return w, in, id
	}

	t.Run("the approver may not validate", func(t *testing.T) {
		w, in, id := setup(t)
		_, err := in.ValidateRealization(change(in, w.auditor, w.day(41)), id)
		requireProblem(t, err, governance.ErrSegregation, "Ada Auditor (finance) approved a change of this initiative")
		_, err = in.RejectRealization(lifecycle.Change{By: w.auditor, At: w.day(41), Version: in.Version(), Reason: "x"}, id)
		requireProblem(t, err, governance.ErrSegregation, "approved a change")
		_, err = in.ValidateRealization(change(in, w.finance, w.day(41)), id)
		require.NoError(t, err)
	})
	t.Run("a category owner acting as finance may not validate", func(t *testing.T) {
		w, in, id := setup(t)
		require.NoError(t, w.ownership.Assign(w.facilities, lifecycle.OwnerOf(w.finance.ID), lifecycle.DateOf(w.day(30))))
		_, err := in.ValidateRealization(change(in, w.finance, w.day(41)), id)
		requireProblem(t, err, governance.ErrSegregation, "Fred Finance (finance) owns the initiative or its category")
	})
	t.Run("no override lifts the approver or owner rules", func(t *testing.T) {
		w, in, id := setup(t)
		for _, rule := range []governance.Rule{2, 3} {
			err := w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version(),
				Rules: []governance.Rule{rule}, By: w.admin, At: w.day(41), Reason: "short-staffed"})
			require.ErrorIs(t, err, governance.ErrInvalidValue)
			assert.Contains(t, err.Error(), "only self-approval can be overridden")
		}
		// A self-approval override does not reach these rules either.
		require.NoError(t, w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version(),
			Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.admin, At: w.day(41),
			Reason: "auditor is the only finance person not on leave"}))
		_, err := in.ValidateRealization(change(in, w.auditor, w.day(41)), id)
		requireProblem(t, err, governance.ErrSegregation, "approved a change")
		require.NoError(t, w.ownership.Assign(w.facilities, lifecycle.OwnerOf(w.finance.ID), lifecycle.DateOf(w.day(30))))
		_, err = in.ValidateRealization(change(in, w.finance, w.day(41)), id)
		requireProblem(t, err, governance.ErrSegregation, "owns the initiative or its category")
		assert.Len(t, w.records.Overrides(), 1)
	})
	t.Run("the recorder may not validate, whatever the override", func(t *testing.T) {
		w, in, _ := setup(t)
		id, err := lifecycle.NewEntryID(w.ids)
		require.NoError(t, err)
		_, err = in.RecordRealization(change(in, w.finance, w.day(50)), lifecycle.EntryRecord{
			ID: id, Period: lifecycle.MustPeriod(2024, time.March), Amount: lifecycle.MustMoney("600", "EUR"),
			Source: lifecycle.Source{Kind: lifecycle.ManualEntry, Reason: "GL variance"},
		})
		require.NoError(t, err)
		_, err = in.ValidateRealization(change(in, w.finance, w.day(51)), id)
		require.ErrorIs(t, err, lifecycle.ErrSelfValidation)
	})
}

func TestPlansRegister(t *testing.T) {
	w := newPolicyWorld(t)
	first := w.plan(t)
	id, err := governance.NewPlanID(w.ids)
	require.NoError(t, err)
	second, err := governance.NewPlan(id, first.Content(), lifecycle.Change{By: w.owner, At: w.day(2)})
	require.NoError(t, err)
	err = w.plans.Add(second)
	require.ErrorIs(t, err, governance.ErrPlanExists)
	require.Error(t, w.plans.Add(first), "added twice")

	got, ok := w.plans.For(w.cleaning, w.tree)
	require.True(t, ok, "a parent's plan covers its children")
	assert.Equal(t, first.ID(), got.ID())
	_, ok = w.plans.For(w.cleaning, nil)
	assert.False(t, ok, "without a tree each category stands alone")

	ch := lifecycle.Change{By: w.owner, At: w.day(3), Version: first.Version(), Reason: "superseded"}
	_, err = first.Retire(ch)
	require.NoError(t, err)
	require.NoError(t, w.plans.Add(second))
	got, ok = w.plans.For(w.facilities, w.tree)
	require.True(t, ok)
	assert.Equal(t, second.ID(), got.ID())
}

func TestNilPolicyRefuses(t *testing.T) {
	w := newPolicyWorld(t)
	var pol *governance.Policy
	in := w.initiative(t, nil)
	in.SetGuard(pol)
	_, err := in.Commit(change(in, w.owner, w.day(3)), commitment())
	requireRefusedBy(t, err, governance.ErrNotPermitted, "no governance policy")
}

func requireRefusedBy(t *testing.T, err, target error, says string) {
	t.Helper()
	require.ErrorIs(t, err, lifecycle.ErrRefused)
	require.ErrorIs(t, err, target)
	assert.Contains(t, err.Error(), says)
}
