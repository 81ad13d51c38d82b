package main

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openprocure/realize/governance"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// tracked is one initiative of initiatives.csv: its row, the identifier
// the review gave it, and, once replayed, the initiative.
type tracked struct {
	ref     string
	row     *row
	id      lifecycle.InitiativeID
	owner   lifecycle.Actor
	in      *lifecycle.Initiative
	blocked bool // a change was refused; later changes were not tried
}

// exception is a governance exception the review found: a plan missing
// sign-offs, an overdue report, a change refused, a deviation.
type exception struct {
	Kind    string // "missing sign-off", "overdue report", "blocked", "refused validation", "deviation"
	Subject string
	Detail  string
}

// action is one dated change to an initiative, from a row of a file.
type action struct {
	at     time.Time
	seq    int // file order, for changes at the same time
	row    *row
	column string
	what   string
	do     func(*tracked) (lifecycle.Event, error)
	// stage changes stop at a refusal; entry decisions do not.
	stage bool
}

// readInitiatives gives every row of initiatives.csv its identifier, so
// that contracts can name the initiative they deliver.
func (w *world) readInitiatives(t *table) ([]*tracked, map[string]*tracked) {
	byRef := map[string]*tracked{}
	var list []*tracked
	if t == nil {
		return nil, byRef
	}
	for _, r := range t.rows {
		ref := r.need("initiative")
		if ref == "" {
			continue
		}
		if _, dup := byRef[ref]; dup {
			r.fail("initiative", "%q appears twice", ref)
			continue
		}
		id, err := lifecycle.NewInitiativeID(w.ids)
		if err != nil {
			panic(err)
		}
		tr := &tracked{ref: ref, row: r, id: id}
		byRef[ref] = tr
		list = append(list, tr)
	}
	return list, byRef
}

// savingsOf reads an amount column as the initiative's kind of savings:
// an annual rate when recurring, a total when one-time.
func savingsOf(r *row, column string, c lifecycle.Currency, recurring, required bool) lifecycle.Savings {
	m := r.money(column, c, required)
	if !m.IsSet() {
		return lifecycle.Savings{}
	}
	if recurring {
		return lifecycle.Savings{Annual: lifecycle.PerYear(m)}
	}
	return lifecycle.Savings{OneTime: m}
}

// timeline reads an initiative's row into its dated changes.
func (w *world) timeline(tr *tracked, policy lifecycle.Guard) []action {
	r := tr.row
	var typ lifecycle.SavingsType
	var rec lifecycle.Recurrence
	r.text("savings_type", &typ, true)
	r.text("recurrence", &rec, true)
	recurring := rec == lifecycle.Recurring
	cur := r.currency("currency")
	plan := lifecycle.Plan{
		Title: r.need("title"), Category: w.category(r, "category"),
		SavingsType: typ, Recurrence: rec, Baseline: r.str("baseline"),
		Estimate:  savingsOf(r, "estimate", cur, recurring, true),
		Suppliers: r.list("suppliers"), Regions: r.list("regions"), BusinessUnits: r.list("business_units"),
		Ref: tr.ref,
	}
	owner := r.need("owner")
	created := r.date("created", true)
	if r.failed {
		return nil
	}
	tr.owner = w.actor(owner, lifecycle.RoleOwner)
	w.owners[tr.owner.ID] = true
	plan.Owner = lifecycle.OwnerOf(tr.owner.ID)

	var acts []action
	add := func(d lifecycle.Date, minute int, column, what string,
		do func(*tracked, lifecycle.Change) (lifecycle.Event, error)) {
		if d.IsZero() {
			return
		}
		acts = append(acts, action{at: timeOf(d, minute), row: r, column: column, what: what, stage: true,
			do: func(tr *tracked) (lifecycle.Event, error) {
				return do(tr, lifecycle.Change{By: tr.owner, At: timeOf(d, minute), Version: tr.in.Version(),
					Reason: r.str(reasonColumn(column))})
			}})
	}
	acts = append(acts, action{at: timeOf(created, 0), row: r, column: "created", what: "create", stage: true,
		do: func(tr *tracked) (lifecycle.Event, error) {
			in, err := lifecycle.New(tr.id, plan, lifecycle.Change{By: tr.owner, At: timeOf(created, 0)}, policy)
			if err != nil {
				return lifecycle.Event{}, err
			}
			tr.in = in
			return in.Events()[0], nil
		}})

	if d := r.date("committed_on", false); !d.IsZero() {
		qty, _ := r.number("planned_quantity", false)
		c := lifecycle.Commitment{
			ContractRef: r.need("contract_ref"),
			Value:       savingsOf(r, "committed_value", cur, recurring, true),
			Term:        lifecycle.Term{Start: r.date("term_start", true), End: r.date("term_end", recurring)},
			PlannedVolume: lifecycle.Volume{Quantity: qty, Unit: r.str("planned_unit"),
				Spend: lifecycle.PerYear(r.money("planned_spend", cur, false))},
			PlannedImplementation: r.date("planned_implementation", false),
		}
		if !recurring && c.Term.End.IsZero() {
			c.Term.End = c.Term.Start
		}
		if !c.PlannedVolume.Spend.PerYear().IsSet() {
			c.PlannedVolume.Spend = lifecycle.AnnualRate{}
		}
		add(d, 10, "committed_on", "commit", func(tr *tracked, ch lifecycle.Change) (lifecycle.Event, error) {
			return tr.in.Commit(ch, c)
		})
	}
	if d := r.date("cost_date", false); !d.IsZero() {
		cost := lifecycle.Cost{Amount: r.money("cost", cur, true), Date: d, Description: r.str("cost_description")}
		add(d, 20, "cost_date", "record a cost", func(tr *tracked, ch lifecycle.Change) (lifecycle.Event, error) {
			return tr.in.RecordCost(ch, cost)
		})
	}
	value := savingsOf(r, "implemented_value", cur, recurring, false)
	where := r.str("implemented_where")
	for _, column := range []string{"implemented_on", "reimplemented_on"} {
		if d := r.date(column, false); !d.IsZero() {
			m := lifecycle.Implementation{Date: d, Where: where, Value: value}
			add(d, 30, column, "implement", func(tr *tracked, ch lifecycle.Change) (lifecycle.Event, error) {
				return tr.in.Implement(ch, m)
			})
		}
	}
	add(r.date("stepped_back_on", false), 40, "stepped_back_on", "step back",
		func(tr *tracked, ch lifecycle.Change) (lifecycle.Event, error) { return tr.in.StepBack(ch) })
	add(r.date("cancelled_on", false), 50, "cancelled_on", "cancel",
		func(tr *tracked, ch lifecycle.Change) (lifecycle.Event, error) { return tr.in.Cancel(ch) })
	if r.failed {
		return nil
	}
	return acts
}

// reasonColumn is the column that gives a change's reason.
func reasonColumn(column string) string {
	switch column {
	case "stepped_back_on":
		return "step_back_reason"
	case "cancelled_on":
		return "cancel_reason"
	}
	return ""
}

// entries reads realizations.csv: initiative, period, amount (blank: the
// savings matching found for the initiative and month), source (invoice
// or manual), reason, recorded_on, recorded_by, validated_on,
// validated_by.
func (w *world) entries(t *table, byRef map[string]*tracked, found map[realKey]matching.Realization) map[*tracked][]action {
	out := map[*tracked][]action{}
	if t == nil {
		return out
	}
	for i, r := range t.rows {
		ref := r.need("initiative")
		tr, ok := byRef[ref]
		if ref != "" && !ok {
			r.fail("initiative", "%q is not in initiatives.csv", ref)
		}
		period := r.period("period", true)
		var kind lifecycle.SourceKind
		r.text("source", &kind, true)
		recorded := r.date("recorded_on", true)
		recorder := r.need("recorded_by")
		validated := r.date("validated_on", false)
		validator := r.str("validated_by")
		if validated.IsZero() != (validator == "") {
			r.fail("validated_by", "validated_on and validated_by go together")
		}
		if r.failed {
			continue
		}
		entry, err := lifecycle.NewEntryID(w.ids)
		if err != nil {
			panic(err)
		}
		rec := lifecycle.EntryRecord{ID: entry, Period: period,
			Source: lifecycle.Source{Kind: kind, Reason: r.str("reason")}}
		if r.str("amount") == "" {
			m, ok := found[realKey{tr.id, period}]
			if kind != lifecycle.InvoiceEvidence || !ok {
				r.fail("amount", "empty, and matching found no invoice savings of %s in %s to take", ref, period)
				continue
			}
			rec.Amount, rec.Source.InvoiceLines = m.Amount, m.Lines
		} else {
			cur := lifecycle.Currency(strings.ToUpper(r.str("currency")))
			if cur == "" {
				cur = lifecycle.Currency(strings.ToUpper(tr.row.str("currency")))
			}
			rec.Amount = r.money("amount", cur, true)
			if kind == lifecycle.InvoiceEvidence {
				rec.Source.InvoiceLines = []string{r.where()}
			}
		}
		recorderRole := w.roleOf(recorder, lifecycle.RoleOwner)
		entered := false // the entry was recorded: only then is it decided on
		out[tr] = append(out[tr], action{at: timeOf(recorded, 60+i%60), seq: i, row: r, column: "recorded_by",
			what: "record realization",
			do: func(tr *tracked) (lifecycle.Event, error) {
				e, err := tr.in.RecordRealization(lifecycle.Change{By: w.actor(recorder, recorderRole),
					At: timeOf(recorded, 60+i%60), Version: tr.in.Version()}, rec)
				entered = err == nil
				return e, err
			}})
		if validator == "" {
			continue
		}
		out[tr] = append(out[tr], action{at: timeOf(validated, 180+i%60), seq: i, row: r, column: "validated_by",
			what: "validate realization",
			do: func(tr *tracked) (lifecycle.Event, error) {
				if !entered {
					return lifecycle.Event{}, nil // its recording was refused and reported
				}
				return tr.in.ValidateRealization(lifecycle.Change{By: w.actor(validator, w.roleOf(validator, lifecycle.RoleFinance)),
					At: timeOf(validated, 180+i%60), Version: tr.in.Version()}, entry)
			}})
	}
	return out
}

// roleOf is the role a person acts in: owner for the owners of a
// category or an initiative, otherwise def.
func (w *world) roleOf(name string, def lifecycle.Role) lifecycle.Role {
	if w.owners[w.person(name)] {
		return lifecycle.RoleOwner
	}
	return def
}

// realKey finds the savings matching found for an initiative and month.
type realKey struct {
	initiative lifecycle.InitiativeID
	period     lifecycle.Period
}

// replay applies an initiative's changes in time order. A refused stage
// change stops the initiative there; a refused decision on an entry
// leaves the entry awaiting validation. Either is a governance
// exception when the policy or segregation of duties refused it, and a
// problem of its row otherwise.
func (w *world) replay(tr *tracked, acts []action, exceptions *[]exception) {
	slices.SortStableFunc(acts, func(a, b action) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for _, a := range acts {
		if tr.in == nil && a.what != "create" {
			return
		}
		_, err := a.do(tr)
		if err == nil {
			continue
		}
		msg := w.plainly(err, tr)
		subject := fmt.Sprintf("%s %s", tr.ref, tr.row.str("title"))
		switch {
		case errors.Is(err, governance.ErrGate), errors.Is(err, governance.ErrApprovalNeeded):
			*exceptions = append(*exceptions, exception{Kind: "blocked", Subject: subject,
				Detail: fmt.Sprintf("%s on %s refused: %s", a.what, a.at.Format(time.DateOnly), msg)})
		case errors.Is(err, lifecycle.ErrSelfValidation), errors.Is(err, governance.ErrSegregation),
			errors.Is(err, lifecycle.ErrRoleNotPermitted) && !a.stage:
			*exceptions = append(*exceptions, exception{Kind: "refused validation", Subject: subject,
				Detail: fmt.Sprintf("%s (%s) on %s: %s", a.what, a.row.where(), a.at.Format(time.DateOnly), msg)})
		default:
			a.row.fail(a.column, "%s: %s", a.what, msg)
		}
		if a.stage {
			tr.blocked = true
			return
		}
	}
}

// plainly is an error as a person reads it in the report: without the
// initiative's and entries' identifiers, which the row already names.
func (w *world) plainly(err error, tr *tracked) string {
	msg := err.Error()
	if tr.in != nil {
		msg = strings.TrimPrefix(msg, "initiative "+tr.id.String()+": ")
		for _, e := range tr.in.Entries() {
			msg = strings.ReplaceAll(msg, "entry "+e.ID.String(), "the entry")
		}
	}
	var gate *governance.GateError
	if errors.As(err, &gate) {
		return gate.Error()
	}
	if k, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(k, " ") {
		msg = rest // the event kind, which the action names already
	}
	return msg
}
