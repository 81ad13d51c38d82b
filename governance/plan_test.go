package governance_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// planAction is one change a test can try on a category plan.
type planAction struct {
	name string
	do   func(w *planWorld, p *governance.CategoryPlan) (governance.PlanEvent, error)
}

func planActions() []planAction {
	at := func(w *planWorld) time.Time { return w.day(100) }
	return []planAction{
		{"submit", func(w *planWorld, p *governance.CategoryPlan) (governance.PlanEvent, error) {
			return p.Submit(planBy(p, w.owner, at(w), ""))
		}},
		{"revise material", func(w *planWorld, p *governance.CategoryPlan) (governance.PlanEvent, error) {
			c := p.Content()
			c.Strategy += " Add a second supplier per region."
			return p.Revise(planBy(p, w.owner, at(w), "resilience"), c)
		}},
		{"revise non-material", func(w *planWorld, p *governance.CategoryPlan) (governance.PlanEvent, error) {
			c := p.Content()
			c.Ref = "CP-FAC-2024-B"
			return p.Revise(planBy(p, w.owner, at(w), ""), c)
		}},
		{"sign off", func(w *planWorld, p *governance.CategoryPlan) (governance.PlanEvent, error) {
			return p.SignOff(planBy(p, w.plant, at(w), ""), w.signOff(planPlant))
		}},
		{"activate", func(w *planWorld, p *governance.CategoryPlan) (governance.PlanEvent, error) {
			return p.Activate(planBy(p, w.owner, at(w), ""))
		}},
		{"retire", func(w *planWorld, p *governance.CategoryPlan) (governance.PlanEvent, error) {
			return p.Retire(planBy(p, w.owner, at(w), "category merged into facilities"))
		}},
	}
}

// TestPlanTransitionMatrix tries every change in every state. The
// expected outcomes are written out here, independently of the package's
// table. A plan in review has no sign-off yet, so one sign-off of two
// keeps it in review.
func TestPlanTransitionMatrix(t *testing.T) {
	const no = governance.PlanState(0) // refused
	D, R, S, A, X := governance.Draft, governance.InReview, governance.SignedOff,
		governance.Active, governance.Retired
	kinds := map[string]governance.PlanEventKind{
		"submit":              governance.PlanSubmitted,
		"revise material":     governance.PlanRevised,
		"revise non-material": governance.PlanRevised,
		"sign off":            governance.PlanSignedOff,
		"activate":            governance.PlanActivated,
		"retire":              governance.PlanRetired,
	}
	want := map[string]map[governance.PlanState]governance.PlanState{
		//                          from: D    R    S    A    X
		"submit":              {D: R, R: no, S: no, A: no, X: no},
		"revise material":     {D: D, R: R, S: R, A: R, X: no},
		"revise non-material": {D: D, R: R, S: S, A: A, X: no},
		"sign off":            {D: no, R: R, S: no, A: no, X: no},
		"activate":            {D: no, R: no, S: A, A: no, X: no},
		"retire":              {D: X, R: X, S: X, A: X, X: no},
	}
	for _, a := range planActions() {
		for _, from := range []governance.PlanState{D, R, S, A, X} {
			t.Run(a.name+" from "+from.String(), func(t *testing.T) {
				w := planFixture(t)
				p := w.reach(t, from)
				before := planSnapshot(t, p)
				version := p.Version()

				e, err := a.do(w, p)
				to := want[a.name][from]
				if to == no {
					require.ErrorIs(t, err, governance.ErrTransitionNotAllowed)
					var te *governance.PlanTransitionError
					require.ErrorAs(t, err, &te)
					assert.Equal(t, from, te.From)
					assert.Equal(t, kinds[a.name], te.Kind)
					assert.Equal(t, p.ID(), te.Plan)
					assert.Contains(t, err.Error(), from.String())
					assert.Equal(t, governance.PlanEvent{}, e)
					assert.Equal(t, from, p.State(), "state must not change")
					assert.Equal(t, version, p.Version(), "version must not change")
					assert.Equal(t, before, planSnapshot(t, p))
					return
				}
				require.NoError(t, err)
				assert.Equal(t, to, p.State())
				assert.Equal(t, version+1, p.Version())
				assert.Equal(t, p.Version(), e.Version)
				assert.Equal(t, kinds[a.name], e.Kind)
				assert.True(t, e.Equal(p.Events()[len(p.Events())-1]))
			})
		}
	}
}

func TestPlanAllowed(t *testing.T) {
	assert.True(t, governance.PlanAllowed(0, governance.PlanCreated))
	for _, s := range []governance.PlanState{governance.Draft, governance.InReview,
		governance.SignedOff, governance.Active, governance.Retired} {
		assert.False(t, governance.PlanAllowed(s, governance.PlanCreated), "created from %s", s)
		assert.False(t, governance.PlanAllowed(s, governance.PlanEventKind(0)), "no kind from %s", s)
	}
	assert.False(t, governance.PlanAllowed(0, governance.PlanSubmitted))
	assert.False(t, governance.PlanAllowed(governance.Retired, governance.PlanRetired),
		"retired is final")
}

func TestPlanCreate(t *testing.T) {
	w := planFixture(t)
	id := w.planID(t)
	content := w.content()
	p, err := governance.NewPlan(id, content, lifecycle.Change{By: w.owner, At: w.day(0)})
	require.NoError(t, err)

	assert.Equal(t, id, p.ID())
	assert.Equal(t, governance.Draft, p.State())
	assert.Equal(t, 1, p.Version())
	assert.Equal(t, w.category, p.Category())
	assert.Equal(t, content, p.Content())
	assert.Equal(t, w.day(0), p.UpdatedAt())
	assert.False(t, p.InForce())
	assert.Empty(t, p.SignOffs())
	assert.Equal(t, content.Stakeholders, p.MissingSignOffs())
	assert.Equal(t, lifecycle.Committed, p.Content().GateStage())
	assert.Equal(t, lifecycle.MustDate(2028, time.March, 31), p.Content().End())
	assert.Contains(t, p.String(), "draft")

	// The plan keeps its own copy of what it was given, and gives copies.
	content.Stakeholders[0].BusinessUnit = "Marketing"
	p.Content().Stakeholders[1].BusinessUnit = "Legal"
	assert.Equal(t, w.content(), p.Content())

	// A draft needs only a category and an owner.
	minimal := governance.PlanContent{Category: w.category, Owner: lifecycle.OwnerOf(w.owner.ID)}
	_, err = governance.NewPlan(w.planID(t), minimal, lifecycle.Change{By: w.owner, At: w.day(0)})
	require.NoError(t, err)

	byAdmin := lifecycle.Change{By: w.admin, At: w.day(0)}
	_, err = governance.NewPlan(w.planID(t), governance.PlanContent{}, byAdmin)
	require.ErrorIs(t, err, governance.ErrMissingEvidence)
	de := planDocumentError(t, err)
	assert.Equal(t, governance.PlanCreated, de.Kind)
	assert.True(t, planMissing(de.Missing, "category"), de.Missing)
	assert.True(t, planMissing(de.Missing, "owner"), de.Missing)
}

// TestPlanSubmitNeedsCompletePlan: a plan goes to review only with its
// stakeholders, the start and length of its horizon and a strategy, and
// the refusal names each missing piece.
func TestPlanSubmitNeedsCompletePlan(t *testing.T) {
	w := planFixture(t)
	draft := governance.PlanContent{Category: w.category, Owner: lifecycle.OwnerOf(w.owner.ID)}
	p, err := governance.NewPlan(w.planID(t), draft, lifecycle.Change{By: w.owner, At: w.day(0)})
	require.NoError(t, err)
	before := planSnapshot(t, p)

	_, err = p.Submit(planBy(p, w.owner, w.day(1), ""))
	require.ErrorIs(t, err, governance.ErrMissingEvidence)
	require.ErrorIs(t, err, governance.ErrInvalidValue, "a horizon of 0 years")
	de := planDocumentError(t, err)
	assert.Equal(t, p.ID(), de.Plan)
	assert.Equal(t, governance.PlanSubmitted, de.Kind)
	assert.Len(t, de.Missing, 3)
	for _, what := range []string{"stakeholders", "start", "strategy"} {
		assert.True(t, planMissing(de.Missing, what), "%q in %q", what, de.Missing)
		assert.Contains(t, err.Error(), what)
	}
	assert.Contains(t, err.Error(), "0 years")
	assert.Equal(t, before, planSnapshot(t, p), "a refused submission changes nothing")
}

func TestPlanSubmitEachRequirement(t *testing.T) {
	cases := []struct {
		name    string
		edit    func(c *governance.PlanContent)
		missing string // the missing piece named, or ""
		invalid bool   // refused with ErrInvalidValue
	}{
		{"complete", func(*governance.PlanContent) {}, "", false},
		{"no stakeholders", func(c *governance.PlanContent) { c.Stakeholders = nil }, "stakeholders", false},
		{"no start", func(c *governance.PlanContent) { c.Start = lifecycle.Date{} }, "start", false},
		{"no strategy", func(c *governance.PlanContent) { c.Strategy = "" }, "strategy", false},
		{"horizon 2 years", func(c *governance.PlanContent) { c.HorizonYears = 2 }, "", true},
		{"horizon 3 years", func(c *governance.PlanContent) { c.HorizonYears = 3 }, "", false},
		{"horizon 5 years", func(c *governance.PlanContent) { c.HorizonYears = 5 }, "", false},
		{"horizon 6 years", func(c *governance.PlanContent) { c.HorizonYears = 6 }, "", true},
		{"horizon -4 years", func(c *governance.PlanContent) { c.HorizonYears = -4 }, "", true},
		{"gate implemented", func(c *governance.PlanContent) { c.Gate = lifecycle.Implemented }, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := planFixture(t)
			c := w.content()
			tc.edit(&c)
			p, err := governance.NewPlan(w.planID(t), c, lifecycle.Change{By: w.owner, At: w.day(0)})
			require.NoError(t, err, "a draft may be incomplete")

			_, err = p.Submit(planBy(p, w.owner, w.day(1), ""))
			if tc.missing == "" && !tc.invalid {
				require.NoError(t, err)
				assert.Equal(t, governance.InReview, p.State())
				return
			}
			require.Error(t, err)
			assert.Equal(t, governance.Draft, p.State())
			assert.Equal(t, 1, p.Version())
			de := planDocumentError(t, err)
			if tc.missing != "" {
				require.ErrorIs(t, err, governance.ErrMissingEvidence)
				require.Len(t, de.Missing, 1)
				assert.Contains(t, de.Missing[0], tc.missing)
			} else {
				assert.NotErrorIs(t, err, governance.ErrMissingEvidence)
				assert.Empty(t, de.Missing)
			}
			if tc.invalid {
				require.ErrorIs(t, err, governance.ErrInvalidValue)
				assert.Contains(t, err.Error(), "3 to 5 years")
			} else {
				assert.NotErrorIs(t, err, governance.ErrInvalidValue)
			}
		})
	}
}

// TestPlanStakeholderRules: every stakeholder is a business unit listed
// once, with a representative who can sign for it. The rules hold for a
// draft and for a revision alike.
func TestPlanStakeholderRules(t *testing.T) {
	cases := []struct {
		name string
		edit func(w *planWorld, c *governance.PlanContent)
		says string
	}{
		{"duplicate", func(w *planWorld, c *governance.PlanContent) {
			c.Stakeholders = append(c.Stakeholders, governance.Stakeholder{
				BusinessUnit: planPlant, Representative: w.fleet.ID,
			})
		}, "listed twice"},
		{"no representative", func(_ *planWorld, c *governance.PlanContent) {
			c.Stakeholders[1].Representative = lifecycle.ActorID{}
		}, "no representative"},
		{"no business unit", func(_ *planWorld, c *governance.PlanContent) {
			c.Stakeholders[0].BusinessUnit = ""
		}, "no business unit"},
		{"sourcing event without start", func(_ *planWorld, c *governance.PlanContent) {
			c.SourcingEvents = []governance.SourcingEvent{{Name: "Cleaning RFP", Kind: "RFP"}}
		}, "sourcing event 1"},
		{"gate realized", func(_ *planWorld, c *governance.PlanContent) {
			c.Gate = lifecycle.Realized
		}, "gate"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := planFixture(t)
			c := w.content()
			tc.edit(w, &c)

			_, err := governance.NewPlan(w.planID(t), c, lifecycle.Change{By: w.owner, At: w.day(0)})
			require.ErrorIs(t, err, governance.ErrInvalidValue)
			assert.Contains(t, err.Error(), tc.says)

			p := w.reach(t, governance.InReview)
			before := planSnapshot(t, p)
			_, err = p.Revise(planBy(p, w.owner, w.day(10), ""), c)
			require.ErrorIs(t, err, governance.ErrInvalidValue)
			assert.Contains(t, err.Error(), tc.says)
			assert.Equal(t, before, planSnapshot(t, p))
		})
	}
}

// TestPlanSignOffRefused: only the named representative, acting as
// stakeholder, signs a complete document for a required business unit.
func TestPlanSignOffRefused(t *testing.T) {
	type edit func(w *planWorld, by *lifecycle.Actor, s *governance.SignOff)
	cases := []struct {
		name    string
		edit    edit
		is      error
		missing []string // each named in DocumentError.Missing
	}{
		{"wrong person", func(w *planWorld, by *lifecycle.Actor, _ *governance.SignOff) {
			*by = w.fleet
		}, governance.ErrNotStakeholder, nil},
		{"wrong role", func(_ *planWorld, by *lifecycle.Actor, _ *governance.SignOff) {
			by.Role = lifecycle.RoleOwner
		}, governance.ErrNotStakeholder, nil},
		{"as administrator", func(_ *planWorld, by *lifecycle.Actor, _ *governance.SignOff) {
			by.Role = lifecycle.RoleAdministrator
		}, governance.ErrNotStakeholder, nil},
		{"the owner", func(w *planWorld, by *lifecycle.Actor, _ *governance.SignOff) {
			*by = w.owner
		}, governance.ErrNotStakeholder, nil},
		{"unknown business unit", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.BusinessUnit = "Marketing"
		}, governance.ErrNotStakeholder, nil},
		{"no business unit", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.BusinessUnit = ""
		}, governance.ErrMissingEvidence, []string{"business unit"}},
		{"no date", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.Date = lifecycle.Date{}
		}, governance.ErrMissingEvidence, []string{"date"}},
		{"no resource commitments", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.ResourceCommitments = ""
		}, governance.ErrMissingEvidence, []string{"resource commitments"}},
		{"no cadence", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.Cadence = 0
		}, governance.ErrMissingEvidence, []string{"cadence"}},
		{"unknown cadence", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.Cadence = governance.Cadence(9)
		}, governance.ErrMissingEvidence, []string{"cadence"}},
		{"no consequences", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.Consequences = ""
		}, governance.ErrMissingEvidence, []string{"consequences"}},
		{"empty document", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			*s = governance.SignOff{
				BusinessUnit:    planPlant,
				ComplianceLevel: decimal.RequireFromString("0.8"),
			}
		}, governance.ErrMissingEvidence,
			[]string{"date", "resource commitments", "cadence", "consequences"}},
		{"compliance level 0", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.ComplianceLevel = decimal.Zero
		}, governance.ErrInvalidValue, nil},
		{"compliance level -0.5", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.ComplianceLevel = decimal.RequireFromString("-0.5")
		}, governance.ErrInvalidValue, nil},
		{"compliance level 1.01", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.ComplianceLevel = decimal.RequireFromString("1.01")
		}, governance.ErrInvalidValue, nil},
		{"compliance level 90", func(_ *planWorld, _ *lifecycle.Actor, s *governance.SignOff) {
			s.ComplianceLevel = decimal.NewFromInt(90) // a percentage, not a fraction
		}, governance.ErrInvalidValue, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := planFixture(t)
			p := w.reach(t, governance.InReview)
			before := planSnapshot(t, p)
			by, s := w.plant, w.signOff(planPlant)
			tc.edit(w, &by, &s)

			_, err := p.SignOff(planBy(p, by, w.day(10), ""), s)
			require.ErrorIs(t, err, tc.is)
			de := planDocumentError(t, err)
			assert.Equal(t, governance.PlanSignedOff, de.Kind)
			require.Len(t, de.Missing, len(tc.missing), "%q", de.Missing)
			for i, what := range tc.missing {
				assert.Contains(t, de.Missing[i], what)
			}
			assert.Equal(t, before, planSnapshot(t, p), "a refused sign-off changes nothing")
			assert.Equal(t, governance.InReview, p.State())
			assert.Empty(t, p.SignOffs())
		})
	}
}

func TestPlanSignOffComplianceBounds(t *testing.T) {
	for _, level := range []string{"1", "1.000", "0.0001", "0.95"} {
		t.Run(level, func(t *testing.T) {
			w := planFixture(t)
			p := w.reach(t, governance.InReview)
			s := w.signOff(planPlant)
			s.ComplianceLevel = decimal.RequireFromString(level)
			_, err := p.SignOff(planBy(p, w.plant, w.day(10), ""), s)
			require.NoError(t, err)
			got := p.Standing()
			require.Len(t, got, 1)
			assert.True(t, got[0].ComplianceLevel.Equal(decimal.RequireFromString(level)))
		})
	}
}

func TestPlanSecondSignOffRefused(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.InReview)
	w.sign(t, p, planPlant, w.day(10))
	before := planSnapshot(t, p)

	_, err := p.SignOff(planBy(p, w.plant, w.day(11), ""), w.signOff(planPlant))
	require.ErrorIs(t, err, governance.ErrInvalidValue)
	assert.Contains(t, err.Error(), "already signed off")
	assert.Equal(t, before, planSnapshot(t, p))
	assert.Len(t, p.SignOffs(), 1)
}

// TestPlanLastSignOff: the plan is signed off when every required
// stakeholder has signed, in whatever order; until then MissingSignOffs
// lists the others in the plan's order.
func TestPlanLastSignOff(t *testing.T) {
	w := planFixture(t)
	lab := w.actor(t, "Lea Lab", lifecycle.RoleStakeholder)
	c := w.content()
	c.Stakeholders = append(c.Stakeholders,
		governance.Stakeholder{BusinessUnit: "Laboratories", Representative: lab.ID})
	p, err := governance.NewPlan(w.planID(t), c, lifecycle.Change{By: w.owner, At: w.day(0)})
	require.NoError(t, err)
	_, err = p.Submit(planBy(p, w.owner, w.day(1), ""))
	require.NoError(t, err)
	units := func(ss []governance.Stakeholder) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.BusinessUnit)
		}
		return out
	}
	assert.Equal(t, []string{planPlant, planFleet, "Laboratories"}, units(p.MissingSignOffs()))

	e, err := p.SignOff(planBy(p, lab, w.day(2), ""), w.signOff("Laboratories"))
	require.NoError(t, err)
	assert.Equal(t, governance.InReview, p.State())
	assert.Equal(t, []string{planPlant, planFleet}, units(p.MissingSignOffs()))
	assert.Equal(t, c.Stakeholders[:2], p.MissingSignOffs())
	assert.Equal(t, governance.PlanSignedOff, e.Kind)
	assert.Equal(t, lab, e.Actor)

	w.sign(t, p, planFleet, w.day(3))
	assert.Equal(t, governance.InReview, p.State())
	assert.Equal(t, []string{planPlant}, units(p.MissingSignOffs()))
	assert.False(t, p.InForce())

	w.sign(t, p, planPlant, w.day(4))
	assert.Equal(t, governance.SignedOff, p.State())
	assert.Empty(t, p.MissingSignOffs())
	assert.True(t, p.InForce())

	got := p.Standing()
	require.Len(t, got, 3)
	assert.Equal(t, []string{"Laboratories", planFleet, planPlant},
		[]string{got[0].BusinessUnit, got[1].BusinessUnit, got[2].BusinessUnit}, "oldest first")
	assert.Equal(t, w.plant, got[2].By)
	assert.Equal(t, w.day(4), got[2].At)
	assert.Equal(t, 5, got[2].Version)
	assert.False(t, got[2].Voided())
	assert.True(t, got[2].VoidedAt.IsZero())
	assert.Equal(t, governance.Quarterly, got[2].Cadence)
	assert.True(t, got[2].ComplianceLevel.Equal(decimal.RequireFromString("0.90")))
}

// TestPlanMaterialRevisionVoidsSignOffs: revising the strategy of an
// active plan sends it back to review, voids both sign-offs, and says so
// in the event and in the records.
func TestPlanMaterialRevisionVoidsSignOffs(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.Active)
	require.Len(t, p.Standing(), 2)

	c := p.Content()
	c.Strategy = "Single national supplier with regional service levels."
	e, err := p.Revise(planBy(p, w.owner, w.day(30), "national tender"), c)
	require.NoError(t, err)

	assert.Equal(t, governance.InReview, p.State())
	assert.False(t, p.InForce())
	assert.Equal(t, governance.PlanRevised, e.Kind)
	assert.Equal(t, 6, e.Version)
	r, ok := e.Payload.(governance.Revision)
	require.True(t, ok, "payload %T", e.Payload)
	assert.Equal(t, []string{"strategy"}, r.Changed)
	assert.Equal(t, []string{planPlant, planFleet}, r.Voided)
	assert.Equal(t, c, r.Content)
	assert.Equal(t, c, p.Content())

	all := p.SignOffs()
	require.Len(t, all, 2, "voided sign-offs stay on record")
	for _, rec := range all {
		assert.True(t, rec.Voided(), rec.BusinessUnit)
		assert.Equal(t, 6, rec.VoidedBy)
		assert.Equal(t, w.day(30), rec.VoidedAt)
	}
	assert.Equal(t, 3, all[0].Version, "the version it was given at is kept")
	assert.Empty(t, p.Standing())
	assert.Equal(t, c.Stakeholders, p.MissingSignOffs())

	// The business units sign again; the plan is in force once more.
	_, err = p.Activate(planBy(p, w.owner, w.day(31), ""))
	require.ErrorIs(t, err, governance.ErrTransitionNotAllowed)
	w.sign(t, p, planPlant, w.day(32))
	assert.Equal(t, governance.InReview, p.State())
	w.sign(t, p, planFleet, w.day(33))
	assert.Equal(t, governance.SignedOff, p.State())
	_, err = p.Activate(planBy(p, w.owner, w.day(34), ""))
	require.NoError(t, err)
	assert.Len(t, p.SignOffs(), 4)
	assert.Len(t, p.Standing(), 2)

	// A second material revision voids the new sign-offs only; the old
	// records keep the revision that voided them.
	c.HorizonYears = 5
	e, err = p.Revise(planBy(p, w.owner, w.day(35), ""), c)
	require.NoError(t, err)
	r = e.Payload.(governance.Revision)
	assert.Equal(t, []string{"horizon"}, r.Changed)
	assert.Equal(t, []string{planPlant, planFleet}, r.Voided)
	all = p.SignOffs()
	require.Len(t, all, 4)
	assert.Equal(t, []int{6, 6, e.Version, e.Version},
		[]int{all[0].VoidedBy, all[1].VoidedBy, all[2].VoidedBy, all[3].VoidedBy})
	assert.Equal(t, w.day(30), all[0].VoidedAt)
	assert.Equal(t, w.day(35), all[3].VoidedAt)
}

// TestPlanMaterialRevisionInReview: a material revision during review
// voids the sign-offs given so far and keeps the plan in review.
func TestPlanMaterialRevisionInReview(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.InReview)
	w.sign(t, p, planPlant, w.day(10))

	c := p.Content()
	c.Start = lifecycle.MustDate(2024, time.July, 1)
	e, err := p.Revise(planBy(p, w.owner, w.day(11), ""), c)
	require.NoError(t, err)
	r := e.Payload.(governance.Revision)
	assert.Equal(t, []string{"horizon"}, r.Changed)
	assert.Equal(t, []string{planPlant}, r.Voided)
	assert.Equal(t, governance.InReview, p.State())
	assert.Empty(t, p.Standing())
	assert.Len(t, p.MissingSignOffs(), 2)

	// Fleet's sign-off alone no longer completes it.
	w.sign(t, p, planFleet, w.day(12))
	assert.Equal(t, governance.InReview, p.State())
	w.sign(t, p, planPlant, w.day(13))
	assert.Equal(t, governance.SignedOff, p.State())
}

// TestPlanEachMaterialField: each material field, changed alone on a
// signed-off plan, is named in the revision and voids both sign-offs.
func TestPlanEachMaterialField(t *testing.T) {
	cases := []struct {
		name string
		edit func(t *testing.T, w *planWorld, c *governance.PlanContent)
		want []string
	}{
		{"category", func(t *testing.T, w *planWorld, c *governance.PlanContent) {
			c.Category = w.categoryID(t)
		}, []string{"category"}},
		{"stakeholder added", func(t *testing.T, w *planWorld, c *governance.PlanContent) {
			lab := w.actor(t, "Lea Lab", lifecycle.RoleStakeholder)
			c.Stakeholders = append(c.Stakeholders,
				governance.Stakeholder{BusinessUnit: "Laboratories", Representative: lab.ID})
		}, []string{"stakeholders"}},
		{"stakeholder removed", func(_ *testing.T, _ *planWorld, c *governance.PlanContent) {
			c.Stakeholders = c.Stakeholders[:1]
		}, []string{"stakeholders"}},
		{"representative replaced", func(_ *testing.T, w *planWorld, c *governance.PlanContent) {
			c.Stakeholders[0].Representative = w.fleet.ID
		}, []string{"stakeholders"}},
		{"horizon start", func(_ *testing.T, _ *planWorld, c *governance.PlanContent) {
			c.Start = lifecycle.MustDate(2025, time.January, 1)
		}, []string{"horizon"}},
		{"horizon years", func(_ *testing.T, _ *planWorld, c *governance.PlanContent) {
			c.HorizonYears = 3
		}, []string{"horizon"}},
		{"strategy", func(_ *testing.T, _ *planWorld, c *governance.PlanContent) {
			c.Strategy = "Insource cleaning at the two largest plants."
		}, []string{"strategy"}},
		{"gate", func(_ *testing.T, _ *planWorld, c *governance.PlanContent) {
			c.Gate = lifecycle.Implemented
		}, []string{"gate"}},
		{"several", func(t *testing.T, w *planWorld, c *governance.PlanContent) {
			c.Gate = lifecycle.Implemented
			c.Strategy = "Insource cleaning."
			c.Category = w.categoryID(t)
			c.Ref = "CP-2"
		}, []string{"category", "strategy", "gate"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := planFixture(t)
			p := w.reach(t, governance.SignedOff)
			c := p.Content()
			tc.edit(t, w, &c)

			e, err := p.Revise(planBy(p, w.owner, w.day(20), ""), c)
			require.NoError(t, err)
			r := e.Payload.(governance.Revision)
			assert.Equal(t, tc.want, r.Changed)
			assert.Equal(t, []string{planPlant, planFleet}, r.Voided)
			assert.Equal(t, governance.InReview, p.State())
			assert.Empty(t, p.Standing())
			assert.Equal(t, c.Category, p.Category())
		})
	}
}

// TestPlanNonMaterialRevision: the owner, the sourcing events and the
// reference change without a new sign-off.
func TestPlanNonMaterialRevision(t *testing.T) {
	cases := []struct {
		name string
		edit func(w *planWorld, c *governance.PlanContent)
	}{
		{"sourcing event added", func(_ *planWorld, c *governance.PlanContent) {
			c.SourcingEvents = append(c.SourcingEvents, governance.SourcingEvent{
				Name: "Regional cleaning RFP", Kind: "RFP",
				Start: lifecycle.MustDate(2024, time.March, 1),
			})
		}},
		{"reference", func(_ *planWorld, c *governance.PlanContent) { c.Ref = "CP-FAC-2024-REV" }},
		{"reference removed", func(_ *planWorld, c *governance.PlanContent) { c.Ref = "" }},
		{"owner", func(w *planWorld, c *governance.PlanContent) {
			c.Owner = lifecycle.OwnerOf(w.other.ID)
		}},
	}
	for _, from := range []governance.PlanState{governance.SignedOff, governance.Active} {
		for _, tc := range cases {
			t.Run(tc.name+" when "+from.String(), func(t *testing.T) {
				w := planFixture(t)
				p := w.reach(t, from)
				standing := p.Standing()
				c := p.Content()
				tc.edit(w, &c)

				e, err := p.Revise(planBy(p, w.owner, w.day(20), ""), c)
				require.NoError(t, err)
				r := e.Payload.(governance.Revision)
				assert.Empty(t, r.Changed)
				assert.Empty(t, r.Voided)
				assert.Equal(t, from, p.State())
				assert.Equal(t, c, p.Content())
				assert.Len(t, p.Standing(), len(standing))
				assert.Empty(t, p.MissingSignOffs())
				for _, rec := range p.SignOffs() {
					assert.False(t, rec.Voided())
				}
			})
		}
	}
}

// TestPlanOwnerHandOver: after the owner changes, the new owner makes
// the changes and the old one may not.
func TestPlanOwnerHandOver(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.Active)
	c := p.Content()
	c.Owner = lifecycle.OwnerOf(w.other.ID)
	_, err := p.Revise(planBy(p, w.owner, w.day(20), "hand-over"), c)
	require.NoError(t, err)

	_, err = p.Retire(planBy(p, w.owner, w.day(21), "merged"))
	require.ErrorIs(t, err, governance.ErrNotPermitted)
	_, err = p.Retire(planBy(p, w.other, w.day(21), "merged"))
	require.NoError(t, err)
	assert.Equal(t, governance.Retired, p.State())
}

func TestPlanRevisionChangingNothingRefused(t *testing.T) {
	for _, from := range []governance.PlanState{governance.Draft, governance.InReview,
		governance.SignedOff, governance.Active} {
		t.Run(from.String(), func(t *testing.T) {
			w := planFixture(t)
			p := w.reach(t, from)
			before := planSnapshot(t, p)

			_, err := p.Revise(planBy(p, w.owner, w.day(20), ""), p.Content())
			require.ErrorIs(t, err, governance.ErrInvalidValue)
			assert.Contains(t, err.Error(), "changes nothing")

			// The default gate written out is the same gate.
			c := p.Content()
			c.Gate = lifecycle.Committed
			_, err = p.Revise(planBy(p, w.owner, w.day(20), ""), c)
			require.ErrorIs(t, err, governance.ErrInvalidValue)

			// Empty lists are no lists.
			c = p.Content()
			c.SourcingEvents = []governance.SourcingEvent{}
			_, err = p.Revise(planBy(p, w.owner, w.day(20), ""), c)
			require.ErrorIs(t, err, governance.ErrInvalidValue)
			assert.Equal(t, before, planSnapshot(t, p))
		})
	}
}

// TestPlanAuthorship: the plan's owner acting as owner, or an
// administrator, makes every change but a sign-off.
func TestPlanAuthorship(t *testing.T) {
	// names lists the actors in a fixed order; actors gives each one.
	names := []string{"owner", "administrator", "another owner", "finance", "stakeholder",
		"owner as finance", "owner as stakeholder", "administrator, no role"}
	actors := func(w *planWorld) map[string]lifecycle.Actor {
		asFinance := w.owner
		asFinance.Role = lifecycle.RoleFinance
		asStakeholder := w.owner
		asStakeholder.Role = lifecycle.RoleStakeholder
		return map[string]lifecycle.Actor{
			"owner":                  w.owner,
			"administrator":          w.admin,
			"another owner":          w.other,
			"finance":                w.finance,
			"stakeholder":            w.plant,
			"owner as finance":       asFinance,
			"owner as stakeholder":   asStakeholder,
			"administrator, no role": {ID: w.admin.ID, Name: w.admin.Name},
		}
	}
	permitted := map[string]bool{"owner": true, "administrator": true}
	type attempt func(w *planWorld, p *governance.CategoryPlan, by lifecycle.Actor) error
	changes := []struct {
		name string
		from governance.PlanState
		do   attempt
	}{
		{"submit", governance.Draft, func(w *planWorld, p *governance.CategoryPlan,
			by lifecycle.Actor,
		) error {
			_, err := p.Submit(planBy(p, by, w.day(20), ""))
			return err
		}},
		{"revise", governance.InReview, func(w *planWorld, p *governance.CategoryPlan,
			by lifecycle.Actor,
		) error {
			c := p.Content()
			c.Ref = "CP-2"
			_, err := p.Revise(planBy(p, by, w.day(20), ""), c)
			return err
		}},
		{"activate", governance.SignedOff, func(w *planWorld, p *governance.CategoryPlan,
			by lifecycle.Actor,
		) error {
			_, err := p.Activate(planBy(p, by, w.day(20), ""))
			return err
		}},
		{"retire", governance.Active, func(w *planWorld, p *governance.CategoryPlan,
			by lifecycle.Actor,
		) error {
			_, err := p.Retire(planBy(p, by, w.day(20), "merged"))
			return err
		}},
	}
	for _, name := range names {
		t.Run("create by "+name, func(t *testing.T) {
			w := planFixture(t)
			by := actors(w)[name]
			p, err := governance.NewPlan(w.planID(t), w.content(), lifecycle.Change{By: by, At: w.day(0)})
			planAssertPermitted(t, permitted[name], name, err)
			if err != nil {
				assert.Nil(t, p)
			}
		})
		for _, ch := range changes {
			t.Run(ch.name+" by "+name, func(t *testing.T) {
				w := planFixture(t)
				p := w.reach(t, ch.from)
				before := planSnapshot(t, p)
				err := ch.do(w, p, actors(w)[name])
				planAssertPermitted(t, permitted[name], name, err)
				if err != nil {
					assert.Equal(t, before, planSnapshot(t, p))
				}
			})
		}
	}
}

func planAssertPermitted(t *testing.T, permitted bool, name string, err error) {
	t.Helper()
	switch {
	case permitted:
		require.NoError(t, err)
	case name == "administrator, no role":
		require.ErrorIs(t, err, lifecycle.ErrInvalidID, "an actor without a role")
	default:
		require.ErrorIs(t, err, governance.ErrNotPermitted)
		assert.Contains(t, err.Error(), "not the plan's owner")
	}
}

func TestPlanRetireNeedsReason(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.Active)
	before := planSnapshot(t, p)

	_, err := p.Retire(planBy(p, w.owner, w.day(20), ""))
	require.ErrorIs(t, err, governance.ErrMissingEvidence)
	de := planDocumentError(t, err)
	assert.Equal(t, governance.PlanRetired, de.Kind)
	assert.True(t, planMissing(de.Missing, "reason"), de.Missing)
	assert.Equal(t, before, planSnapshot(t, p))
	assert.Empty(t, p.RetireReason())

	e, err := p.Retire(planBy(p, w.owner, w.day(20), "category merged into facilities"))
	require.NoError(t, err)
	assert.Equal(t, "category merged into facilities", e.Reason)
	assert.Equal(t, "category merged into facilities", p.RetireReason())
	assert.False(t, p.InForce())
	assert.Contains(t, e.String(), "category merged into facilities")
}

func TestPlanVersionConflict(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.InReview)
	before := planSnapshot(t, p)

	for _, v := range []int{0, 1, 3, -1} {
		ch := lifecycle.Change{By: w.plant, At: w.day(10), Version: v}
		_, err := p.SignOff(ch, w.signOff(planPlant))
		require.ErrorIs(t, err, governance.ErrVersionConflict, "decided on v%d", v)
		var ce *governance.PlanConflictError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, governance.PlanConflictError{Plan: p.ID(), Expected: v, Actual: 2}, *ce)
		assert.Contains(t, err.Error(), "current version is 2")
	}
	assert.Equal(t, before, planSnapshot(t, p))

	stale := lifecycle.Change{By: w.owner, At: w.day(0), Version: 1}
	_, err := governance.NewPlan(w.planID(t), w.content(), stale)
	require.ErrorIs(t, err, governance.ErrVersionConflict)
}

func TestPlanOutOfOrder(t *testing.T) {
	w := planFixture(t)
	p := w.reach(t, governance.InReview) // last change on day 1
	before := planSnapshot(t, p)

	_, err := p.SignOff(planBy(p, w.plant, w.day(1).Add(-time.Nanosecond), ""), w.signOff(planPlant))
	require.ErrorIs(t, err, governance.ErrOutOfOrder)
	assert.Equal(t, before, planSnapshot(t, p))

	_, err = p.SignOff(planBy(p, w.plant, time.Time{}, ""), w.signOff(planPlant))
	require.ErrorIs(t, err, lifecycle.ErrInvalidDate)

	nobody := lifecycle.Actor{Role: lifecycle.RoleStakeholder}
	_, err = p.SignOff(planBy(p, nobody, w.day(2), ""), w.signOff(planPlant))
	require.ErrorIs(t, err, lifecycle.ErrInvalidID)
	assert.Equal(t, before, planSnapshot(t, p))

	// The same instant is in order, and times are kept in UTC.
	paris := time.FixedZone("CET", 3600)
	e, err := p.SignOff(planBy(p, w.plant, w.day(1).In(paris), ""), w.signOff(planPlant))
	require.NoError(t, err)
	assert.Equal(t, time.UTC, e.At.Location())
	assert.Equal(t, w.day(1), p.UpdatedAt())
}

// TestPlanHistoryNotAliased: the events a plan returns, from a change
// or from Events, do not share memory with its history; editing them
// changes nothing in the plan, and the plan still replays.
func TestPlanHistoryNotAliased(t *testing.T) {
	t.Run("through Events", func(t *testing.T) {
		w := planFixture(t)
		p := planHistory(t, w)
		want := planSnapshot(t, p)

		for _, e := range p.Events() {
			switch pl := e.Payload.(type) {
			case governance.PlanContent:
				pl.Stakeholders[0].BusinessUnit = "Marketing"
			case governance.Revision:
				pl.Content.Stakeholders[0].BusinessUnit = "Marketing"
				if len(pl.Voided) > 0 {
					pl.Voided[0] = "Marketing"
				}
			}
		}
		assert.Equal(t, want, planSnapshot(t, p), "the history is not changed through Events")
		_, err := p.AsOf(w.day(400))
		require.NoError(t, err)
	})
	t.Run("through the returned event", func(t *testing.T) {
		w := planFixture(t)
		p := w.reach(t, governance.Active)
		c := p.Content()
		c.Strategy = "Single national supplier."
		e, err := p.Revise(planBy(p, w.owner, w.day(20), ""), c)
		require.NoError(t, err)
		want := planSnapshot(t, p)

		c.Stakeholders[1].BusinessUnit = "Legal" // the caller's own copy
		r := e.Payload.(governance.Revision)
		r.Voided[0] = "Marketing"
		assert.Equal(t, want, planSnapshot(t, p), "the history is not changed through the event")
		_, err = p.AsOf(w.day(20))
		require.NoError(t, err, "the plan replays its own history")
	})
}

func TestPlanApplyFromElsewhere(t *testing.T) {
	w := planFixture(t)
	src := w.reach(t, governance.SignedOff)
	events := src.Events()

	p, err := governance.ReplayPlan(events[:1])
	require.NoError(t, err)
	for _, e := range events[1:] {
		require.NoError(t, p.ApplyPlanEvent(e))
	}
	assert.Equal(t, planSnapshot(t, src), planSnapshot(t, p))

	// An event of another plan is out of order, and changes nothing.
	other := w.reach(t, governance.SignedOff)
	before := planSnapshot(t, p)
	e := other.Events()[1]
	e.Version = p.Version() + 1
	e.At = w.day(10)
	require.ErrorIs(t, p.ApplyPlanEvent(e), governance.ErrOutOfOrder)
	assert.Equal(t, before, planSnapshot(t, p))

	// A payload that does not fit its kind.
	e = events[1]
	e.Version = p.Version() + 1
	e.At = w.day(10)
	e.Payload = w.signOff(planPlant)
	require.ErrorIs(t, p.ApplyPlanEvent(e), governance.ErrInvalidValue)
	e.Kind = governance.PlanEventKind(42)
	require.ErrorIs(t, p.ApplyPlanEvent(e), governance.ErrInvalidValue)
	assert.Equal(t, before, planSnapshot(t, p))
}

// TestPlanReplayGivesSameState: the history, kept as JSON, rebuilds the
// same plan every time.
func TestPlanReplayGivesSameState(t *testing.T) {
	w := planFixture(t)
	p := planHistory(t, w)
	require.Equal(t, 14, p.Version())
	want := planSnapshot(t, p)
	wantEvents, err := json.Marshal(p.Events())
	require.NoError(t, err)

	var events []governance.PlanEvent
	require.NoError(t, json.Unmarshal(wantEvents, &events))
	for i := 0; i < 3; i++ {
		again, err := governance.ReplayPlan(events)
		require.NoError(t, err)
		gotEvents, err := json.Marshal(again.Events())
		require.NoError(t, err)
		assert.Equal(t, string(wantEvents), string(gotEvents), "byte for byte")
		assert.Equal(t, p.State(), again.State())
		assert.Equal(t, p.Content(), again.Content())
		assert.Equal(t, planSignOffsJSON(t, p), planSignOffsJSON(t, again))
		assert.Equal(t, want, planSnapshot(t, again))
	}
	assert.Equal(t, governance.Retired, p.State())
	assert.Len(t, p.SignOffs(), 5)
	assert.Len(t, p.Standing(), 2)
	assert.Equal(t, "CP-FAC-2024-A", p.Content().Ref)
	assert.Equal(t, 5, p.Content().HorizonYears)
}

func planSignOffsJSON(t *testing.T, p *governance.CategoryPlan) string {
	t.Helper()
	raw, err := json.Marshal(p.SignOffs())
	require.NoError(t, err)
	return string(raw)
}

func TestPlanAsOf(t *testing.T) {
	w := planFixture(t)
	p := planHistory(t, w)
	cases := []struct {
		at       time.Time
		state    governance.PlanState
		version  int
		standing int
		voided   int
	}{
		{w.day(0), governance.Draft, 1, 0, 0},
		{w.day(2).Add(-time.Second), governance.Draft, 2, 0, 0},
		{w.day(3), governance.InReview, 4, 1, 0},
		{w.day(4), governance.InReview, 5, 0, 1},
		{w.day(6), governance.SignedOff, 7, 2, 1},
		{w.day(8), governance.Active, 9, 2, 1},
		{w.day(9), governance.InReview, 10, 0, 3},
		{w.day(11), governance.SignedOff, 12, 2, 3},
		{w.day(39), governance.Active, 13, 2, 3},
		{w.day(400), governance.Retired, 14, 2, 3},
	}
	for _, tc := range cases {
		t.Run(tc.at.Format(time.RFC3339), func(t *testing.T) {
			then, err := p.AsOf(tc.at)
			require.NoError(t, err)
			assert.Equal(t, tc.state, then.State())
			assert.Equal(t, tc.version, then.Version())
			assert.Len(t, then.Standing(), tc.standing)
			assert.Len(t, then.SignOffs(), tc.standing+tc.voided)
			assert.Equal(t, p.ID(), then.ID())
			assert.Equal(t, p.Events()[:tc.version], then.Events())
		})
	}
	_, err := p.AsOf(w.day(0).Add(-time.Nanosecond))
	require.ErrorIs(t, err, governance.ErrNoHistory)
	assert.Contains(t, err.Error(), p.ID().String())

	_, err = governance.ReplayPlan(nil)
	require.ErrorIs(t, err, governance.ErrNoHistory)
}

// TestPlanReplayRefusesBrokenHistory: a stored history that was cut,
// reordered, mixed or tampered with does not replay.
func TestPlanReplayRefusesBrokenHistory(t *testing.T) {
	w := planFixture(t)
	events := planHistory(t, w).Events()
	const materialInForce = 9 // v10: the horizon revision that voids both
	require.Equal(t, governance.PlanRevised, events[materialInForce].Kind)
	r := events[materialInForce].Payload.(governance.Revision)
	require.Equal(t, []string{planPlant, planFleet}, r.Voided)

	tamper := func(i int, edit func(r *governance.Revision)) []governance.PlanEvent {
		out := append([]governance.PlanEvent{}, events...)
		r := out[i].Payload.(governance.Revision)
		r.Changed = append([]string(nil), r.Changed...)
		r.Voided = append([]string(nil), r.Voided...)
		edit(&r)
		out[i].Payload = r
		return out
	}
	cases := []struct {
		name    string
		history []governance.PlanEvent
		is      error
		says    string
	}{
		{"voids fewer than it does", tamper(materialInForce, func(r *governance.Revision) {
			r.Voided = r.Voided[:1]
		}), governance.ErrInvalidValue, "voiding"},
		{"voids in another order", tamper(materialInForce, func(r *governance.Revision) {
			r.Voided = []string{planFleet, planPlant}
		}), governance.ErrInvalidValue, "voiding"},
		{"voids nothing", tamper(materialInForce, func(r *governance.Revision) {
			r.Voided = nil
		}), governance.ErrInvalidValue, "voiding"},
		{"not material, says it voids", tamper(8, func(r *governance.Revision) {
			r.Voided = []string{planPlant}
		}), governance.ErrInvalidValue, "voiding"},
		{"not material, says it changes the strategy", tamper(8, func(r *governance.Revision) {
			r.Changed = []string{"strategy"}
		}), governance.ErrInvalidValue, "strategy"},
		{"hides what it changes", tamper(materialInForce, func(r *governance.Revision) {
			r.Changed = nil
			r.Voided = nil
		}), governance.ErrInvalidValue, "horizon"},
		{"skipped", append(append([]governance.PlanEvent{}, events[:3]...), events[4:]...),
			governance.ErrVersionConflict, "version"},
	}
	swapped := append([]governance.PlanEvent{}, events...)
	swapped[5].At = swapped[4].At.Add(-time.Hour)
	cases = append(cases, struct {
		name    string
		history []governance.PlanEvent
		is      error
		says    string
	}{"dated before the one it follows", swapped, governance.ErrOutOfOrder, "before"})
	forged := append([]governance.PlanEvent{}, events...)
	forged[5].Actor = w.fleet // Fleet's representative signing for Plant Operations
	cases = append(cases, struct {
		name    string
		history []governance.PlanEvent
		is      error
		says    string
	}{"signed by the wrong person", forged, governance.ErrNotStakeholder, planPlant})
	other := w.reach(t, governance.InReview).Events()[1]
	other.Version = 3
	other.At = events[1].At
	cases = append(cases, struct {
		name    string
		history []governance.PlanEvent
		is      error
		says    string
	}{"another plan's event", append(append([]governance.PlanEvent{}, events[:2]...), other),
		governance.ErrOutOfOrder, other.Plan.String()})

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := governance.ReplayPlan(tc.history)
			require.ErrorIs(t, err, tc.is)
			assert.Contains(t, err.Error(), "replay")
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}
