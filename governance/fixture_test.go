package governance_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
)

// The business units of the world's plan, in the plan's order.
const (
	planPlant = "Plant Operations"
	planFleet = "Fleet Services"
)

// planWorld holds the people and references a category plan test needs,
// all with deterministic identifiers.
type planWorld struct {
	ids      *lifecycle.Sequence
	category lifecycle.CategoryID
	owner    lifecycle.Actor // owns the plan's category
	other    lifecycle.Actor // owns another category
	admin    lifecycle.Actor
	finance  lifecycle.Actor
	plant    lifecycle.Actor // represents Plant Operations
	fleet    lifecycle.Actor // represents Fleet Services
	start    time.Time
}

// planFixture returns a world whose identifiers are seeded by the test's
// name.
func planFixture(t testing.TB) *planWorld {
	t.Helper()
	w := &planWorld{ids: &lifecycle.Sequence{Seed: t.Name()}}
	w.category = w.categoryID(t)
	w.owner = w.actor(t, "Olga Owner", lifecycle.RoleOwner)
	w.other = w.actor(t, "Otto Other", lifecycle.RoleOwner)
	w.admin = w.actor(t, "Ada Admin", lifecycle.RoleAdministrator)
	w.finance = w.actor(t, "Fred Finance", lifecycle.RoleFinance)
	w.plant = w.actor(t, "Pia Plant", lifecycle.RoleStakeholder)
	w.fleet = w.actor(t, "Finn Fleet", lifecycle.RoleStakeholder)
	w.start = time.Date(2024, time.February, 1, 9, 0, 0, 0, time.UTC)
	return w
}

func (w *planWorld) actor(t testing.TB, name string, role lifecycle.Role) lifecycle.Actor {
	t.Helper()
	id, err := lifecycle.NewActorID(w.ids)
	require.NoError(t, err)
	return lifecycle.Actor{ID: id, Role: role, Name: name}
}

func (w *planWorld) categoryID(t testing.TB) lifecycle.CategoryID {
	t.Helper()
	id, err := lifecycle.NewCategoryID(w.ids)
	require.NoError(t, err)
	return id
}

func (w *planWorld) planID(t testing.TB) governance.PlanID {
	t.Helper()
	id, err := governance.NewPlanID(w.ids)
	require.NoError(t, err)
	return id
}

// day returns a time n days after the world's start.
func (w *planWorld) day(n int) time.Time { return w.start.AddDate(0, 0, n) }

// content is a complete plan for facility services: two stakeholders, a
// four-year horizon from 2024-04-01, a strategy, the default gate.
func (w *planWorld) content() governance.PlanContent {
	return governance.PlanContent{
		Category: w.category,
		Owner:    lifecycle.OwnerOf(w.owner.ID),
		Stakeholders: []governance.Stakeholder{
			{BusinessUnit: planPlant, Representative: w.plant.ID, Name: w.plant.Name},
			{BusinessUnit: planFleet, Representative: w.fleet.ID, Name: w.fleet.Name},
		},
		Start:        lifecycle.MustDate(2024, time.April, 1),
		HorizonYears: 4,
		Strategy:     "Consolidate to two regional suppliers on outcome-based contracts.",
		Ref:          "CP-FAC-2024",
	}
}

// signOff is a complete sign-off document for a business unit.
func (w *planWorld) signOff(businessUnit string) governance.SignOff {
	return governance.SignOff{
		BusinessUnit:        businessUnit,
		Date:                lifecycle.MustDate(2024, time.February, 20),
		ResourceCommitments: "one buyer half time; ERP catalogue update",
		Cadence:             governance.Quarterly,
		ComplianceLevel:     decimal.RequireFromString("0.9"),
		Consequences:        "off-contract orders escalated to the plant director",
	}
}

// representative returns the actor who signs for a business unit.
func (w *planWorld) representative(businessUnit string) lifecycle.Actor {
	if businessUnit == planFleet {
		return w.fleet
	}
	return w.plant
}

// planBy returns a change by a at the time given, decided on p's current
// version.
func planBy(p *governance.CategoryPlan, a lifecycle.Actor, at time.Time,
	reason string,
) lifecycle.Change {
	return lifecycle.Change{By: a, At: at, Reason: reason, Version: p.Version()}
}

// create makes a new draft from the world's content on day 0.
func (w *planWorld) create(t testing.TB) *governance.CategoryPlan {
	t.Helper()
	p, err := governance.NewPlan(w.planID(t), w.content(), lifecycle.Change{By: w.owner, At: w.day(0)})
	require.NoError(t, err)
	return p
}

// sign records the sign-off of a business unit by its representative.
func (w *planWorld) sign(t testing.TB, p *governance.CategoryPlan, businessUnit string,
	at time.Time,
) governance.PlanEvent {
	t.Helper()
	e, err := p.SignOff(planBy(p, w.representative(businessUnit), at, ""), w.signOff(businessUnit))
	require.NoError(t, err)
	return e
}

// reach makes a new plan and drives it to state s: submitted on day 1,
// signed off by Plant Operations on day 2 and by Fleet Services on day 3,
// activated on day 4, retired on day 5.
func (w *planWorld) reach(t testing.TB, s governance.PlanState) *governance.CategoryPlan {
	t.Helper()
	p := w.create(t)
	var err error
	for p.State() != s && err == nil {
		switch p.State() {
		case governance.Draft:
			_, err = p.Submit(planBy(p, w.owner, w.day(1), ""))
		case governance.InReview:
			w.sign(t, p, planPlant, w.day(2))
			w.sign(t, p, planFleet, w.day(3))
		case governance.SignedOff:
			_, err = p.Activate(planBy(p, w.owner, w.day(4), ""))
		case governance.Active:
			_, err = p.Retire(planBy(p, w.owner, w.day(5), "category merged into facilities"))
		default:
			t.Fatalf("cannot reach %s from %s", s, p.State())
		}
	}
	require.NoError(t, err)
	return p
}

// planHistory builds a plan that has seen every kind of event, both
// kinds of revision in review and in force, and two rounds of sign-off:
//
//	v1  day 0  created
//	v2  day 1  revised, not material (reference)
//	v3  day 2  submitted
//	v4  day 3  signed off by Plant Operations
//	v5  day 4  revised, material (strategy): voids Plant Operations
//	v6  day 5  signed off by Plant Operations
//	v7  day 6  signed off by Fleet Services: signed off
//	v8  day 7  activated
//	v9  day 8  revised, not material (a sourcing event)
//	v10 day 9  revised, material (horizon): voids both, back in review
//	v11 day 10 signed off by Fleet Services
//	v12 day 11 signed off by Plant Operations: signed off
//	v13 day 12 activated
//	v14 day 40 retired
func planHistory(t testing.TB, w *planWorld) *governance.CategoryPlan {
	t.Helper()
	must := func(_ governance.PlanEvent, err error) { t.Helper(); require.NoError(t, err) }
	p := w.create(t)
	c := p.Content()
	c.Ref = "CP-FAC-2024-A"
	must(p.Revise(planBy(p, w.owner, w.day(1), "reference from the portfolio tool"), c))
	must(p.Submit(planBy(p, w.owner, w.day(2), "")))
	w.sign(t, p, planPlant, w.day(3))
	c.Strategy += " Exit the three spot suppliers by year end."
	must(p.Revise(planBy(p, w.owner, w.day(4), "spot suppliers"), c))
	w.sign(t, p, planPlant, w.day(5))
	w.sign(t, p, planFleet, w.day(6))
	must(p.Activate(planBy(p, w.owner, w.day(7), "")))
	c.SourcingEvents = []governance.SourcingEvent{{
		Name: "Regional cleaning RFP", Kind: "RFP",
		Start: lifecycle.MustDate(2024, time.March, 1),
		Award: lifecycle.MustDate(2024, time.May, 15),
		Ref:   "RFP-118",
	}}
	must(p.Revise(planBy(p, w.owner, w.day(8), ""), c))
	c.HorizonYears = 5
	must(p.Revise(planBy(p, w.admin, w.day(9), "board asked for five years"), c))
	w.sign(t, p, planFleet, w.day(10))
	w.sign(t, p, planPlant, w.day(11))
	must(p.Activate(planBy(p, w.owner, w.day(12), "")))
	must(p.Retire(planBy(p, w.owner, w.day(40), "category merged into facilities")))
	return p
}

// planSnapshot encodes everything a plan shows, so a test can check that
// a refused change left it exactly as it was.
func planSnapshot(t testing.TB, p *governance.CategoryPlan) string {
	t.Helper()
	raw, err := json.Marshal(struct {
		ID        governance.PlanID
		State     governance.PlanState
		Version   int
		Content   governance.PlanContent
		SignOffs  []governance.SignOffRecord
		Missing   []governance.Stakeholder
		Events    []governance.PlanEvent
		Retired   string
		UpdatedAt time.Time
	}{
		p.ID(), p.State(), p.Version(), p.Content(), p.SignOffs(), p.MissingSignOffs(),
		p.Events(), p.RetireReason(), p.UpdatedAt(),
	})
	require.NoError(t, err)
	return string(raw)
}

// planDocumentError returns the DocumentError err carries.
func planDocumentError(t testing.TB, err error) *governance.DocumentError {
	t.Helper()
	var de *governance.DocumentError
	require.ErrorAs(t, err, &de)
	return de
}

// planMissing reports whether one entry of missing names what.
func planMissing(missing []string, what string) bool {
	for _, m := range missing {
		if strings.Contains(m, what) {
			return true
		}
	}
	return false
}
