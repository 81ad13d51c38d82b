// Command quickstart walks one savings initiative through the four
// stages of realize's lifecycle — pipeline, committed, implemented,
// realized — and prints its history, its phasing and its state as of two
// dates.
//
//	go run ./examples/quickstart
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// people and dates of the walk-through.
type story struct {
	ids      *lifecycle.Sequence
	owner    lifecycle.Actor
	finance  lifecycle.Actor
	category lifecycle.CategoryID
}

func at(m time.Month, d int) time.Time {
	return time.Date(2024, m, d, 9, 0, 0, 0, time.UTC)
}

func run(out io.Writer) error {
	s, err := newStory()
	if err != nil {
		return err
	}
	in, err := s.walk()
	if err != nil {
		return err
	}

	// The report is built in memory, then written once.
	var w bytes.Buffer
	fmt.Fprintf(&w, "Initiative %q\n\n", in.Plan().Title)
	printHistory(&w, in)
	if err := printPhasing(&w, in); err != nil {
		return err
	}
	for _, d := range []time.Time{at(time.March, 31), at(time.September, 30)} {
		if err := printAsOf(&w, in, d); err != nil {
			return err
		}
	}
	_, err = w.WriteTo(out)
	return err
}

func newStory() (*story, error) {
	s := &story{ids: &lifecycle.Sequence{Seed: "quickstart"}}
	tree, err := s.categories()
	if err != nil {
		return nil, err
	}
	cleaning, _ := tree.Find("Facilities > Cleaning")
	s.category = cleaning.ID
	olga, err := lifecycle.NewActorID(s.ids)
	if err != nil {
		return nil, err
	}
	fred, err := lifecycle.NewActorID(s.ids)
	if err != nil {
		return nil, err
	}
	s.owner = lifecycle.Actor{ID: olga, Role: lifecycle.RoleOwner, Name: "Olga Berg"}
	s.finance = lifecycle.Actor{ID: fred, Role: lifecycle.RoleFinance, Name: "Fred Amon"}
	return s, nil
}

// categories builds a small category tree.
func (s *story) categories() (*lifecycle.CategoryTree, error) {
	facilities, err := lifecycle.NewCategoryID(s.ids)
	if err != nil {
		return nil, err
	}
	cleaning, err := lifecycle.NewCategoryID(s.ids)
	if err != nil {
		return nil, err
	}
	return lifecycle.NewCategoryTree([]lifecycle.Category{
		{ID: facilities, Name: "Facilities"},
		{ID: cleaning, Parent: facilities, Name: "Cleaning"},
	})
}

// walk creates the initiative and takes it through every stage,
// including a refused self-validation and a step back.
func (s *story) walk() (*lifecycle.Initiative, error) {
	id, err := lifecycle.NewInitiativeID(s.ids)
	if err != nil {
		return nil, err
	}
	in, err := lifecycle.New(id, s.plan(), lifecycle.Change{By: s.owner, At: at(time.January, 15)}, nil)
	if err != nil {
		return nil, err
	}
	change := func(a lifecycle.Actor, t time.Time, reason string) lifecycle.Change {
		return lifecycle.Change{By: a, At: t, Reason: reason, Version: in.Version()}
	}
	entry, err := lifecycle.NewEntryID(s.ids)
	if err != nil {
		return nil, err
	}
	steps := []func() (lifecycle.Event, error){
		func() (lifecycle.Event, error) {
			return in.Commit(change(s.owner, at(time.March, 1), "contract signed"), s.commitment())
		},
		func() (lifecycle.Event, error) {
			loaded := lifecycle.MustDate(2024, time.April, 20)
			return in.Implement(change(s.owner, at(time.April, 20), ""), s.implementation(loaded))
		},
		func() (lifecycle.Event, error) {
			return in.StepBack(change(s.owner, at(time.May, 2), "rates lost in ERP migration"))
		},
		func() (lifecycle.Event, error) {
			reloaded := lifecycle.MustDate(2024, time.May, 10)
			return in.Implement(change(s.owner, at(time.May, 10), "rates reloaded"), s.implementation(reloaded))
		},
		func() (lifecycle.Event, error) {
			return in.RecordRealization(change(s.owner, at(time.July, 5), ""), s.entry(entry))
		},
		func() (lifecycle.Event, error) {
			return in.ValidateRealization(change(s.finance, at(time.July, 8), ""), entry)
		},
	}
	for _, step := range steps {
		if _, err := step(); err != nil {
			return nil, err
		}
	}
	return in, nil
}

func (s *story) plan() lifecycle.Plan {
	return lifecycle.Plan{
		Title:         "Consolidate cleaning suppliers",
		Category:      s.category,
		Owner:         lifecycle.OwnerOf(s.owner.ID),
		SavingsType:   lifecycle.CostReduction,
		Recurrence:    lifecycle.Recurring,
		Baseline:      "2023 average price per square metre",
		Estimate:      lifecycle.Savings{Annual: lifecycle.MustAnnualRate("150000", "EUR")},
		Suppliers:     []string{"CleanCo"},
		BusinessUnits: []string{"Plant Operations"},
	}
}

func (s *story) commitment() lifecycle.Commitment {
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

func (s *story) implementation(loaded lifecycle.Date) lifecycle.Implementation {
	return lifecycle.Implementation{
		Date:  loaded,
		Where: "ERP price list CLEAN-01",
		Value: lifecycle.Savings{Annual: lifecycle.MustAnnualRate("120000", "EUR")},
	}
}

func (s *story) entry(id lifecycle.EntryID) lifecycle.EntryRecord {
	return lifecycle.EntryRecord{
		ID:     id,
		Period: lifecycle.MustPeriod(2024, time.June),
		Amount: lifecycle.MustMoney("8750.00", "EUR"),
		Source: lifecycle.Source{
			Kind:         lifecycle.InvoiceEvidence,
			InvoiceLines: []string{"INV-24-0612/1", "INV-24-0630/1"},
		},
	}
}

func printHistory(w *bytes.Buffer, in *lifecycle.Initiative) {
	const row = "  %-2v  %-10s  %-21s  %-19s  %s\n"
	fmt.Fprintln(w, "History")
	fmt.Fprintf(w, row, "v", "date", "event", "by", "reason")
	for _, e := range in.Events() {
		line := fmt.Sprintf(row, e.Version, e.At.Format(time.DateOnly), e.Kind, e.Actor, e.Reason)
		fmt.Fprintln(w, strings.TrimRight(line, " \n"))
	}
	fmt.Fprintln(w)
}

func printPhasing(w *bytes.Buffer, in *lifecycle.Initiative) error {
	cents := lifecycle.CurrencyRounding(in.Currency())
	plan, err := in.Phasing(cents)
	if err != nil {
		return err
	}
	annual, err := plan.Annualised(cents)
	if err != nil {
		return err
	}
	const row = "  %-17s %17s\n"
	fmt.Fprintln(w, "Phasing of the committed savings")
	cal := lifecycle.FiscalCalendar{}
	for _, y := range []int{2024, 2025, 2026} {
		fmt.Fprintf(w, row, fmt.Sprint("fiscal year ", y), plan.InYear(cal, y))
	}
	fmt.Fprintf(w, row, "annualised", annual)
	fmt.Fprintf(w, row, "contract life", plan.Total())
	fmt.Fprintln(w)
	return nil
}

func printAsOf(w *bytes.Buffer, in *lifecycle.Initiative, t time.Time) error {
	then, err := in.AsOf(t)
	if err != nil {
		return err
	}
	// Nothing is due before the initiative is committed.
	due, err := then.Due(lifecycle.DateOf(t), lifecycle.CurrencyRounding(in.Currency()))
	if errors.Is(err, lifecycle.ErrNotCommitted) {
		due, err = lifecycle.Zero(in.Currency()), nil
	}
	if err != nil {
		return err
	}
	slippage, err := due.Sub(then.Realized())
	if err != nil {
		return err
	}

	const row = "  %-12s %s\n"
	fmt.Fprintf(w, "As of %s\n", t.Format(time.DateOnly))
	fmt.Fprintf(w, row, "stage", fmt.Sprintf("%s (version %d)", then.Stage(), then.Version()))
	fmt.Fprintf(w, row, "estimated", then.Estimate())
	if c, ok := then.Commitment(); ok {
		fmt.Fprintf(w, row, "committed", fmt.Sprintf("%s, contract %s", c.Value, c.ContractRef))
	}
	if m, ok := then.Implementation(); ok {
		fmt.Fprintf(w, row, "implemented", fmt.Sprintf("%s on %s in %s", m.Value, m.Date, m.Where))
	}
	fmt.Fprintf(w, row, "due", due)
	fmt.Fprintf(w, row, "realized", then.Realized())
	fmt.Fprintf(w, row, "slippage", slippage)
	fmt.Fprintln(w)
	return nil
}
