package lifecycle_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// world holds the people and references a lifecycle test needs, all with
// deterministic identifiers.
type world struct {
	ids      *lifecycle.Sequence
	category lifecycle.CategoryID
	owner    lifecycle.Actor
	finance  lifecycle.Actor
	auditor  lifecycle.Actor // a second finance person
	start    time.Time
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{ids: &lifecycle.Sequence{Seed: t.Name()}}
	var err error
	w.category, err = lifecycle.NewCategoryID(w.ids)
	require.NoError(t, err)
	w.owner = w.actor(t, "Olga Owner", lifecycle.RoleOwner)
	w.finance = w.actor(t, "Fred Finance", lifecycle.RoleFinance)
	w.auditor = w.actor(t, "Ada Auditor", lifecycle.RoleFinance)
	w.start = time.Date(2024, time.January, 15, 9, 0, 0, 0, time.UTC)
	return w
}

func (w *world) actor(t testing.TB, name string, role lifecycle.Role) lifecycle.Actor {
	t.Helper()
	id, err := lifecycle.NewActorID(w.ids)
	require.NoError(t, err)
	return lifecycle.Actor{ID: id, Role: role, Name: name}
}

// day returns a time n days after the world's start.
func (w *world) day(n int) time.Time { return w.start.AddDate(0, 0, n) }

// plan is a recurring saving of 120,000 EUR a year on cleaning services.
func (w *world) plan() lifecycle.Plan {
	return lifecycle.Plan{
		Title:         "Consolidate cleaning suppliers",
		Category:      w.category,
		Owner:         lifecycle.OwnerOf(w.owner.ID),
		SavingsType:   lifecycle.CostReduction,
		Recurrence:    lifecycle.Recurring,
		Baseline:      "2023 average price per square metre",
		Estimate:      lifecycle.Savings{Annual: lifecycle.MustAnnualRate("150000", "EUR")},
		Suppliers:     []string{"CleanCo"},
		BusinessUnits: []string{"Plant Operations"},
	}
}

func (w *world) commitment() lifecycle.Commitment {
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

func (w *world) implementation() lifecycle.Implementation {
	return lifecycle.Implementation{
		Date:  lifecycle.MustDate(2024, time.April, 20),
		Where: "ERP price list CLEAN-01",
		Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("110000", "EUR")},
	}
}

func (w *world) entry(t testing.TB, amount string, p lifecycle.Period) lifecycle.EntryRecord {
	t.Helper()
	id, err := lifecycle.NewEntryID(w.ids)
	require.NoError(t, err)
	return lifecycle.EntryRecord{
		ID:     id,
		Period: p,
		Amount: lifecycle.MustMoney(amount, "EUR"),
		Source: lifecycle.Source{
			Kind:         lifecycle.InvoiceEvidence,
			InvoiceLines: []string{"INV-1001/1", "INV-1001/2"},
		},
	}
}

// by returns a change by actor a on day n, decided on in's version.
func by(in *lifecycle.Initiative, a lifecycle.Actor, at time.Time, reason string) lifecycle.Change {
	return lifecycle.Change{By: a, At: at, Reason: reason, Version: in.Version()}
}

// create makes a new initiative from the world's plan on day 0.
func (w *world) create(t testing.TB) *lifecycle.Initiative {
	t.Helper()
	id, err := lifecycle.NewInitiativeID(w.ids)
	require.NoError(t, err)
	in, err := lifecycle.New(id, w.plan(), lifecycle.Change{By: w.owner, At: w.day(0)}, nil)
	require.NoError(t, err)
	return in
}

// reach makes a new initiative and drives it to stage s with valid
// evidence: committed on day 10, implemented on day 100, an entry of
// 9,000.00 for 2024-05 recorded by the owner on day 140 and validated by
// finance on day 141. Cancelled is reached from Pipeline on day 5.
func (w *world) reach(t testing.TB, s lifecycle.Stage) *lifecycle.Initiative {
	t.Helper()
	in := w.create(t)
	var err error
	for in.Stage() != s && err == nil {
		switch in.Stage() {
		case lifecycle.Pipeline:
			if s == lifecycle.Cancelled {
				_, err = in.Cancel(by(in, w.owner, w.day(5), "supplier went bankrupt"))
				continue
			}
			_, err = in.Commit(by(in, w.owner, w.day(10), ""), w.commitment())
		case lifecycle.Committed:
			_, err = in.Implement(by(in, w.owner, w.day(100), ""), w.implementation())
		case lifecycle.Implemented:
			e := w.entry(t, "9000.00", lifecycle.MustPeriod(2024, time.May))
			_, err = in.RecordRealization(by(in, w.owner, w.day(140), ""), e)
			require.NoError(t, err)
			_, err = in.ValidateRealization(by(in, w.finance, w.day(141), ""), e.ID)
		default:
			t.Fatalf("cannot reach %s from %s", s, in.Stage())
		}
	}
	require.NoError(t, err)
	return in
}
