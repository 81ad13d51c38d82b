package governance_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// signedWorld is a policy world whose Facilities plan every required
// stakeholder has signed off on day 4.
func signedWorld(t *testing.T) *policyWorld {
	t.Helper()
	w := newPolicyWorld(t)
	plan := w.plan(t)
	w.signOff(t, plan, w.plant, "Plant Operations", 4)
	w.signOff(t, plan, w.offices, "Offices", 4)
	return w
}

// proposed is a change to in as the lifecycle would hand it to a guard.
func proposed(in *lifecycle.Initiative, k lifecycle.EventKind, by lifecycle.Actor, at time.Time,
	payload lifecycle.Payload,
) lifecycle.Event {
	return lifecycle.Event{Initiative: in.ID(), Version: in.Version() + 1, Kind: k,
		Actor: by, At: at, Payload: payload}
}

// TestDefaultPermissionsMatrix checks every kind of initiative change
// against every role, with the expected table written out here.
func TestDefaultPermissionsMatrix(t *testing.T) {
	const (
		o = lifecycle.RoleOwner
		f = lifecycle.RoleFinance
		s = lifecycle.RoleStakeholder
		a = lifecycle.RoleAdministrator
	)
	want := map[lifecycle.EventKind][]lifecycle.Role{
		lifecycle.KindCreated:              {o, a},
		lifecycle.KindEstimateRevised:      {o, a},
		lifecycle.KindCommitted:            {o, a},
		lifecycle.KindImplemented:          {o, a},
		lifecycle.KindForecastRevised:      {o, a},
		lifecycle.KindCostRecorded:         {o, a},
		lifecycle.KindRealizationRecorded:  {o, a, f},
		lifecycle.KindRealizationValidated: {f},
		lifecycle.KindRealizationRejected:  {f},
		lifecycle.KindSteppedBack:          {o, a},
		lifecycle.KindCancelled:            {o, a},
		lifecycle.KindOwnerReassigned:      {o, a},
	}
	require.Len(t, governance.DefaultPermissions(), len(want), "every kind has a rule")

	w := newPolicyWorld(t)
	pol := w.policy() // no thresholds; gate and segregation refusals are ignored here
	in := w.initiative(t, nil)
	for k, allowed := range want {
		for _, r := range []lifecycle.Role{o, f, s, a} {
			ok := false
			for _, x := range allowed {
				ok = ok || x == r
			}
			t.Run(k.String()+" by "+r.String(), func(t *testing.T) {
				assert.Equal(t, ok, governance.DefaultPermissions().Allows(k, r))

				// The person owns the initiative, so only the role decides.
				by := lifecycle.Actor{ID: w.owner.ID, Role: r, Name: "Olga"}
				err := pol.Check(in, proposed(in, k, by, w.day(5), nil))
				if ok {
					assert.NotErrorIs(t, err, governance.ErrNotPermitted)
					return
				}
				require.ErrorIs(t, err, governance.ErrNotPermitted)
				assert.Contains(t, err.Error(), "Olga ("+r.String()+") may not make a "+k.String()+" change")
			})
		}
	}
}

func TestPermissionsKindMissingAllowsNobody(t *testing.T) {
	w := newPolicyWorld(t)
	pol := w.policy()
	pol.Permissions = governance.Permissions{lifecycle.KindCreated: {lifecycle.RoleOwner}}
	in := w.initiative(t, pol)
	for _, by := range []lifecycle.Actor{w.owner, w.admin, w.finance, w.plant} {
		err := pol.Check(in, proposed(in, lifecycle.KindEstimateRevised, by, w.day(3), nil))
		require.ErrorIs(t, err, governance.ErrNotPermitted, by.String())
	}
}

// TestPermissionsOwnerScopeAtCreation: an owner creates initiatives they
// will own, or in a category they own, and nothing else.
func TestPermissionsOwnerScopeAtCreation(t *testing.T) {
	cases := []struct {
		name  string
		by    func(w *policyWorld) lifecycle.Actor
		owner func(w *policyWorld) lifecycle.Actor
		ok    bool
	}{
		{"an owner for themselves", func(w *policyWorld) lifecycle.Actor { return w.stranger },
			func(w *policyWorld) lifecycle.Actor { return w.stranger }, true},
		{"the category owner for someone else", func(w *policyWorld) lifecycle.Actor { return w.owner },
			func(w *policyWorld) lifecycle.Actor { return w.stranger }, true},
		{"an owner for someone else outside their category",
			func(w *policyWorld) lifecycle.Actor { return w.stranger },
			func(w *policyWorld) lifecycle.Actor { return w.owner }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newPolicyWorld(t)
			id, err := lifecycle.NewInitiativeID(w.ids)
			require.NoError(t, err)
			_, err = lifecycle.New(id, lifecycle.Plan{
				Title: "Window cleaning", Category: w.cleaning,
				Owner:       lifecycle.OwnerOf(tc.owner(w).ID),
				SavingsType: lifecycle.CostReduction, Recurrence: lifecycle.Recurring,
				Baseline: "2023 prices",
				Estimate: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("1000", "EUR")},
			}, lifecycle.Change{By: tc.by(w), At: w.day(2)}, w.policy())
			if tc.ok {
				require.NoError(t, err)
				return
			}
			requireProblem(t, err, governance.ErrNotPermitted, "owns neither the initiative nor its category")
		})
	}
}

// TestGateRefusalMessages pins the whole message and the list of what is
// missing for each way the gate refuses.
func TestGateRefusalMessages(t *testing.T) {
	const (
		plant   = "the sign-off of Plant Operations (Paula Plant)"
		offices = "the sign-off of Offices (Otto Offices)"
		noPlan  = "a category plan for Facilities > Cleaning"
	)
	type setup func(t *testing.T, w *policyWorld)
	cases := []struct {
		name    string
		setup   setup
		at      int // the day of the commitment
		missing []string
	}{
		{"no plan", func(*testing.T, *policyWorld) {}, 5, []string{noPlan}},
		{"a plan created after the change", func(t *testing.T, w *policyWorld) { w.plan(t) }, 0,
			[]string{noPlan}},
		{"a retired plan", func(t *testing.T, w *policyWorld) {
			p := w.plan(t)
			_, err := p.Retire(lifecycle.Change{By: w.owner, At: w.day(2), Version: p.Version(),
				Reason: "category dropped"})
			require.NoError(t, err)
		}, 5, []string{noPlan}},
		{"a draft", func(t *testing.T, w *policyWorld) {
			id, err := governance.NewPlanID(w.ids)
			require.NoError(t, err)
			p, err := governance.NewPlan(id, governance.PlanContent{
				Category: w.facilities, Owner: lifecycle.OwnerOf(w.owner.ID),
				Stakeholders: []governance.Stakeholder{
					{BusinessUnit: "Plant Operations", Representative: w.plant.ID, Name: "Paula Plant"},
				},
			}, lifecycle.Change{By: w.owner, At: w.day(1)})
			require.NoError(t, err)
			require.NoError(t, w.plans.Add(p))
		}, 5, []string{"the plan's submission for review", plant}},
		{"in review, nobody signed", func(t *testing.T, w *policyWorld) { w.plan(t) }, 5,
			[]string{plant, offices}},
		{"in review, one signed", func(t *testing.T, w *policyWorld) {
			w.signOff(t, w.plan(t), w.offices, "Offices", 3)
		}, 5, []string{plant}},
		{"sign-offs voided by a material revision", func(t *testing.T, w *policyWorld) {
			p := w.plan(t)
			w.signOff(t, p, w.plant, "Plant Operations", 3)
			w.signOff(t, p, w.offices, "Offices", 3)
			c := p.Content()
			c.Strategy = "Insource cleaning."
			_, err := p.Revise(lifecycle.Change{By: w.owner, At: w.day(4), Version: p.Version()}, c)
			require.NoError(t, err)
		}, 5, []string{plant, offices}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newPolicyWorld(t)
			tc.setup(t, w)
			in := w.initiative(t, nil)
			err := w.policy().Check(in, proposed(in, lifecycle.KindCommitted, w.owner,
				w.day(tc.at), commitment()))
			var gate *governance.GateError
			require.ErrorAs(t, err, &gate)
			require.ErrorIs(t, err, governance.ErrGate)
			assert.Equal(t, tc.missing, gate.Missing)
			assert.Equal(t, lifecycle.Committed, gate.Stage)
			assert.Equal(t, w.cleaning, gate.Category)
			assert.Equal(t, "committed needs a signed-off category plan: missing "+
				joinComma(tc.missing), gate.Error())
		})
	}
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
}

// TestApprovalMatrixRules covers each rule of the matrix on a proposed
// change, checked directly by the policy.
func TestApprovalMatrixRules(t *testing.T) {
	eur := func(s string) lifecycle.Money { return lifecycle.MustMoney(s, "EUR") }
	annual := func(s string) lifecycle.Savings {
		return lifecycle.Savings{Annual: lifecycle.MustAnnualRate(s, "EUR")}
	}
	above := func(k lifecycle.EventKind, s string) governance.Threshold {
		return governance.Threshold{Kinds: []lifecycle.EventKind{k}, Above: eur(s)}
	}
	entry := func(amount string) lifecycle.EntryRecord {
		return lifecycle.EntryRecord{Period: lifecycle.MustPeriod(2024, time.May), Amount: eur(amount)}
	}
	cases := []struct {
		name       string
		kind       lifecycle.EventKind
		payload    lifecycle.Payload
		thresholds func(w *policyWorld) []governance.Threshold
		approval   *governance.Approval // Initiative, Version and By are filled in
		says       string               // "" when the change passes
	}{
		{"an estimate revision above", lifecycle.KindEstimateRevised,
			lifecycle.EstimateRevision{Estimate: annual("200000")},
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindEstimateRevised, "150000")}
			}, nil, "estimate-revised of 200000 EUR is above the threshold of 150000 EUR"},
		{"an implementation above", lifecycle.KindImplemented, implementation(),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindImplemented, "100000")}
			}, nil, "implemented of 120000 EUR is above the threshold of 100000 EUR"},
		{"a forecast revision above", lifecycle.KindForecastRevised,
			lifecycle.ForecastRevision{Forecast: annual("130000")},
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindForecastRevised, "125000")}
			}, nil, "forecast-revised of 130000 EUR is above the threshold of 125000 EUR"},
		{"a cost above", lifecycle.KindCostRecorded,
			lifecycle.Cost{Amount: eur("25000"), Date: lifecycle.MustDate(2024, time.March, 1),
				Description: "consultant"},
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindCostRecorded, "20000")}
			}, nil, "cost-recorded of 25000 EUR is above the threshold of 20000 EUR"},
		{"a realization entry above", lifecycle.KindRealizationRecorded, entry("12000"),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindRealizationRecorded, "10000")}
			}, nil, "realization-recorded of 12000 EUR is above the threshold of 10000 EUR"},
		{"a negative entry counts by its size", lifecycle.KindRealizationRecorded, entry("-12000"),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindRealizationRecorded, "10000")}
			}, nil, "realization-recorded of 12000 EUR is above the threshold"},
		{"a realization entry below", lifecycle.KindRealizationRecorded, entry("9000"),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindRealizationRecorded, "10000")}
			}, nil, ""},
		{"a one-time saving compares its total", lifecycle.KindCommitted,
			lifecycle.Commitment{Value: lifecycle.Savings{OneTime: eur("60000")}},
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{{Above: eur("50000")}}
			}, nil, "committed of 60000 EUR is above the threshold of 50000 EUR"},
		{"no kinds means the commitment only", lifecycle.KindImplemented, implementation(),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{{Above: eur("1")}}
			}, nil, ""},
		{"a change without an amount never exceeds", lifecycle.KindCancelled, nil,
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{above(lifecycle.KindCancelled, "0")}
			}, nil, ""},
		{"a threshold on the initiative's own category", lifecycle.KindCommitted, commitment(),
			func(w *policyWorld) []governance.Threshold {
				return []governance.Threshold{{Category: w.cleaning, Above: eur("100000")}}
			}, nil, "above the threshold of 100000 EUR"},
		{"a threshold on another category does not apply", lifecycle.KindCommitted, commitment(),
			func(w *policyWorld) []governance.Threshold {
				other, err := lifecycle.NewCategoryID(w.ids)
				if err != nil {
					panic(err)
				}
				return []governance.Threshold{{Category: other, Above: eur("1")}}
			}, nil, ""},
		{"category and business unit must both match", lifecycle.KindCommitted, commitment(),
			func(w *policyWorld) []governance.Threshold {
				return []governance.Threshold{{Category: w.facilities, BusinessUnit: "Offices",
					Above: eur("1")}}
			}, nil, ""},
		{"an approval of another kind does not cover", lifecycle.KindCommitted, commitment(),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{{Above: eur("100000")}}
			},
			&governance.Approval{Kind: lifecycle.KindImplemented, Amount: eur("200000")},
			"committed of 120000 EUR is above the threshold"},
		{"an approval at exactly the amount covers", lifecycle.KindCommitted, commitment(),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{{Above: eur("100000")}}
			},
			&governance.Approval{Kind: lifecycle.KindCommitted, Amount: eur("120000")}, ""},
		{"an approval in another currency does not cover", lifecycle.KindCommitted, commitment(),
			func(*policyWorld) []governance.Threshold {
				return []governance.Threshold{{Above: eur("100000")}}
			},
			&governance.Approval{Kind: lifecycle.KindCommitted,
				Amount: lifecycle.MustMoney("500000", "USD")},
			"committed of 120000 EUR is above the threshold"},
		{"one approval covers every threshold exceeded", lifecycle.KindCommitted, commitment(),
			func(w *policyWorld) []governance.Threshold {
				return []governance.Threshold{
					{Category: w.facilities, Above: eur("100000")},
					{BusinessUnit: "Plant Operations", Above: eur("50000")},
				}
			},
			&governance.Approval{Kind: lifecycle.KindCommitted, Amount: eur("120000")}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := signedWorld(t)
			pol := w.policy()
			pol.Thresholds = tc.thresholds(w)
			in := w.initiative(t, nil)
			if tc.approval != nil {
				a := *tc.approval
				a.Initiative, a.Version, a.By, a.At = in.ID(), in.Version(), w.finance, w.day(4)
				require.NoError(t, w.records.Approve(a))
			}
			err := pol.Check(in, proposed(in, tc.kind, w.owner, w.day(5), tc.payload))
			if tc.says == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, governance.ErrApprovalNeeded)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestApprovalMatrixManyThresholdsOneRefusal(t *testing.T) {
	w := signedWorld(t)
	pol := w.policy()
	pol.Thresholds = []governance.Threshold{
		{Category: w.facilities, Above: lifecycle.MustMoney("100000", "EUR")},
		{BusinessUnit: "Plant Operations", Above: lifecycle.MustMoney("50000", "EUR")},
	}
	in := w.initiative(t, nil)
	err := pol.Check(in, proposed(in, lifecycle.KindCommitted, w.owner, w.day(5), commitment()))
	var pe *governance.PolicyError
	require.ErrorAs(t, err, &pe)
	require.Len(t, pe.Problems, 1, "one approval would cover both: %v", err)
	assert.Contains(t, err.Error(), "above the threshold of 100000 EUR")
}

// TestApprovalMatrixAtCreation: a creation is matched by the category
// and business units of the plan it carries.
func TestApprovalMatrixAtCreation(t *testing.T) {
	w := newPolicyWorld(t)
	pol := w.policy()
	pol.Thresholds = []governance.Threshold{{
		Category: w.facilities, BusinessUnit: "Plant Operations",
		Kinds: []lifecycle.EventKind{lifecycle.KindCreated}, Above: lifecycle.MustMoney("100000", "EUR"),
	}}
	id, err := lifecycle.NewInitiativeID(w.ids)
	require.NoError(t, err)
	plan := lifecycle.Plan{
		Title: "Consolidate cleaning suppliers", Category: w.cleaning,
		Owner:       lifecycle.OwnerOf(w.owner.ID),
		SavingsType: lifecycle.CostReduction, Recurrence: lifecycle.Recurring,
		Baseline:      "2023 prices",
		Estimate:      lifecycle.Savings{Annual: lifecycle.MustAnnualRate("150000", "EUR")},
		BusinessUnits: []string{"Plant Operations"},
	}
	_, err = lifecycle.New(id, plan, lifecycle.Change{By: w.owner, At: w.day(2)}, pol)
	requireProblem(t, err, governance.ErrApprovalNeeded, "created of 150000 EUR is above the threshold")

	require.NoError(t, w.records.Approve(governance.Approval{Initiative: id, Kind: lifecycle.KindCreated,
		Version: 0, Amount: lifecycle.MustMoney("150000", "EUR"), By: w.finance, At: w.day(2)}))
	_, err = lifecycle.New(id, plan, lifecycle.Change{By: w.owner, At: w.day(2)}, pol)
	require.NoError(t, err)
}

// TestSelfApprovalOfAnEntry: finance records an entry above the
// threshold on their own approval; it is refused until an administrator
// overrides self-approval for that change, and the override names who,
// in which role, when and why.
func TestSelfApprovalOfAnEntry(t *testing.T) {
	w := signedWorld(t)
	pol := w.policy()
	pol.Thresholds = []governance.Threshold{{
		Kinds: []lifecycle.EventKind{lifecycle.KindRealizationRecorded},
		Above: lifecycle.MustMoney("5000", "EUR"),
	}}
	in := w.initiative(t, pol)
	_, err := in.Commit(change(in, w.owner, w.day(5)), commitment())
	require.NoError(t, err)
	_, err = in.Implement(change(in, w.owner, w.day(6)), implementation())
	require.NoError(t, err)
	entryID, err := lifecycle.NewEntryID(w.ids)
	require.NoError(t, err)
	entry := lifecycle.EntryRecord{ID: entryID, Period: lifecycle.MustPeriod(2024, time.May),
		Amount: lifecycle.MustMoney("9000", "EUR"),
		Source: lifecycle.Source{Kind: lifecycle.ManualEntry, Reason: "GL 6100 variance May"}}
	require.NoError(t, w.records.Approve(governance.Approval{Initiative: in.ID(),
		Kind: lifecycle.KindRealizationRecorded, Version: in.Version(),
		Amount: lifecycle.MustMoney("9000", "EUR"), By: w.finance, At: w.day(40)}))

	_, err = in.RecordRealization(change(in, w.finance, w.day(41)), entry)
	requireProblem(t, err, governance.ErrSegregation,
		"Fred Finance (finance) approved their own realization-recorded")

	// An override for another version does not lift it.
	require.NoError(t, w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version() + 1,
		Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.admin, At: w.day(41), Reason: "early"}))
	_, err = in.RecordRealization(change(in, w.finance, w.day(41)), entry)
	requireProblem(t, err, governance.ErrSegregation, "approved their own")

	// Finance may not override; an administrator may.
	err = w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version(),
		Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.auditor, At: w.day(41), Reason: "x"})
	require.ErrorIs(t, err, governance.ErrNotPermitted)
	assert.Contains(t, err.Error(), "only an administrator overrides")
	require.NoError(t, w.records.Override(governance.Override{Initiative: in.ID(), Version: in.Version(),
		Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.admin, At: w.day(41),
		Reason: "month-end close; CFO reviewed"}))
	_, err = in.RecordRealization(change(in, w.finance, w.day(41)), entry)
	require.NoError(t, err)

	got := w.records.Overrides()
	require.Len(t, got, 2)
	o := got[1]
	assert.Equal(t, w.admin.ID, o.By.ID)
	assert.Equal(t, lifecycle.RoleAdministrator, o.By.Role)
	assert.Equal(t, "month-end close; CFO reviewed", o.Reason)
	assert.Equal(t, w.day(41), o.At)
	assert.Equal(t, []governance.Rule{governance.RuleSelfApproval}, o.Rules)
}

func TestOverrideRefusals(t *testing.T) {
	w := newPolicyWorld(t)
	in := w.initiative(t, nil)
	ok := governance.Override{Initiative: in.ID(), Version: 1,
		Rules: []governance.Rule{governance.RuleSelfApproval}, By: w.admin, At: w.day(3), Reason: "r"}
	cases := []struct {
		name   string
		change func(o *governance.Override)
		is     error
		says   string
	}{
		{"by an owner", func(o *governance.Override) { o.By = w.owner }, governance.ErrNotPermitted,
			"Olga Owner (owner) overrides as owner; only an administrator overrides"},
		{"by finance", func(o *governance.Override) { o.By = w.finance }, governance.ErrNotPermitted,
			"only an administrator overrides"},
		{"without a reason", func(o *governance.Override) { o.Reason = "" }, governance.ErrMissingEvidence,
			"missing a reason"},
		{"without a rule", func(o *governance.Override) { o.Rules = nil }, governance.ErrMissingEvidence,
			"missing the rules overridden"},
		{"without a time", func(o *governance.Override) { o.At = time.Time{} }, governance.ErrMissingEvidence,
			"missing the time of the override"},
		{"without an initiative", func(o *governance.Override) { o.Initiative = lifecycle.InitiativeID{} },
			governance.ErrMissingEvidence, "missing the initiative"},
		{"a rule that admits no override", func(o *governance.Override) { o.Rules = []governance.Rule{2} },
			governance.ErrInvalidValue, "rule Rule(2): only self-approval can be overridden"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			tc.change(&o)
			err := w.records.Override(o)
			require.ErrorIs(t, err, tc.is)
			var de *governance.DocumentError
			require.ErrorAs(t, err, &de)
			assert.Contains(t, err.Error(), tc.says)
			assert.Empty(t, w.records.Overrides(), "nothing recorded")
		})
	}
}

// TestInitiativeOwnerMayNotValidate: the initiative's owner, acting as
// finance, may neither validate nor reject savings of their initiative,
// even when they do not own its category.
func TestInitiativeOwnerMayNotValidate(t *testing.T) {
	w := signedWorld(t)
	pol := w.policy()
	in := w.initiative(t, pol)
	_, err := in.Commit(change(in, w.owner, w.day(5)), commitment())
	require.NoError(t, err)
	_, err = in.Implement(change(in, w.owner, w.day(6)), implementation())
	require.NoError(t, err)
	_, err = in.ReassignOwner(change(in, w.owner, w.day(7)), lifecycle.OwnerOf(w.auditor.ID))
	require.NoError(t, err)
	entryID, err := lifecycle.NewEntryID(w.ids)
	require.NoError(t, err)
	_, err = in.RecordRealization(change(in, w.finance, w.day(40)), lifecycle.EntryRecord{
		ID: entryID, Period: lifecycle.MustPeriod(2024, time.May), Amount: lifecycle.MustMoney("900", "EUR"),
		Source: lifecycle.Source{Kind: lifecycle.ManualEntry, Reason: "GL variance"},
	})
	require.NoError(t, err)

	_, err = in.ValidateRealization(change(in, w.auditor, w.day(41)), entryID)
	requireProblem(t, err, governance.ErrSegregation,
		"Ada Auditor (finance) owns the initiative or its category and cannot validate its savings")
	reject := change(in, w.auditor, w.day(41))
	reject.Reason = "no evidence"
	_, err = in.RejectRealization(reject, entryID)
	requireProblem(t, err, governance.ErrSegregation, "owns the initiative or its category")
	assert.Equal(t, lifecycle.Implemented, in.Stage())
}
