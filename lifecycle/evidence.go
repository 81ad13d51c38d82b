package lifecycle

// The evidence each change needs (DESIGN §4): what makes a plan, a
// commitment, an implementation or a realization entry complete. Each
// check lists every problem it finds.

// checkPlan checks what an initiative is created with.
func checkPlan(c *evidence, p Plan) {
	c.need(p.Title != "", "a title")
	c.need(!p.Category.IsZero(), "a category")
	c.need(!p.Owner.IsZero(), "an accountable owner")
	c.need(p.Baseline != "", "a baseline description")
	if !p.SavingsType.Valid() {
		c.badf(ErrInvalidValue, "savings type %s", p.SavingsType)
	}
	if !p.Recurrence.Valid() {
		c.badf(ErrInvalidValue, "recurrence %s", p.Recurrence)
		return
	}
	checkSavings(c, "estimate", p.Estimate, p.Recurrence, "", positive)
	checkScope(c, "supplier", p.Suppliers)
	checkScope(c, "region", p.Regions)
	checkScope(c, "business unit", p.BusinessUnits)
}

func checkScope(c *evidence, what string, names []string) {
	for i, n := range names {
		if n == "" {
			c.badf(ErrInvalidValue, "%s %d is empty", what, i+1)
		}
	}
}

// sign rules for figures.
type signRule uint8

const (
	positive    signRule = iota // greater than zero
	nonNegative                 // zero or more
	anySign                     // savings can turn negative
)

// checkSavings checks that s holds the figure its recurrence needs, in
// currency cur (any valid currency when cur is empty), with the sign rule.
func checkSavings(c *evidence, what string, s Savings, r Recurrence, cur Currency, rule signRule) {
	var m Money
	switch r {
	case Recurring:
		c.need(s.Annual.IsSet(), "the "+what+" as an annual rate")
		if s.OneTime.IsSet() {
			c.badf(ErrInvalidValue, "%s %s: a recurring saving has no one-time total", what, s.OneTime)
		}
		m = s.Annual.PerYear()
	case OneTime:
		c.need(s.OneTime.IsSet(), "the "+what+" as a one-time total")
		if s.Annual.IsSet() {
			c.badf(ErrInvalidValue, "%s %s: a one-time saving has no annual rate", what, s.Annual)
		}
		m = s.OneTime
	}
	if m.IsSet() {
		checkMoney(c, what, m, cur, rule)
	}
}

// checkMoney checks one amount's currency and sign.
func checkMoney(c *evidence, what string, m Money, cur Currency, rule signRule) {
	switch {
	case !m.Currency().Valid():
		c.badf(ErrUnknownCurrency, "%s %s", what, m)
	case cur != "" && m.Currency() != cur:
		c.badf(ErrCurrencyMismatch, "%s %s is not in the initiative's currency %s", what, m, cur)
	}
	switch {
	case rule == positive && m.Sign() <= 0:
		c.badf(ErrInvalidValue, "%s %s must be positive", what, m)
	case rule == nonNegative && m.Sign() < 0:
		c.badf(ErrInvalidValue, "%s %s must not be negative", what, m)
	}
}

// checkCommitment checks the evidence of Committed: a contract reference,
// the committed value and term, the volume it assumes, and when rates
// are planned to be loaded.
func checkCommitment(c *evidence, s *state, m Commitment) {
	r := s.plan.Recurrence
	c.need(m.ContractRef != "", "a contract reference")
	checkSavings(c, "committed value", m.Value, r, s.currency(), positive)
	if m.Term.IsZero() {
		c.need(false, "a term")
	} else {
		c.bad(m.Term.Validate())
	}
	c.need(!m.PlannedImplementation.IsZero(), "a planned implementation date")
	if r == Recurring {
		c.need(!m.PlannedVolume.IsZero(), "the planned annual volume or spend")
	}
	v := m.PlannedVolume
	if v.Quantity.Sign() < 0 {
		c.badf(ErrInvalidValue, "planned volume %s must not be negative", v.Quantity)
	}
	if !v.Quantity.IsZero() && v.Unit == "" {
		c.need(false, "the unit of the planned volume")
	}
	if v.Spend.IsSet() {
		checkMoney(c, "planned spend", v.Spend.PerYear(), s.currency(), positive)
	}
}

// checkImplementation checks the evidence of Implemented: when and where
// rates were loaded, and the value implemented.
func checkImplementation(c *evidence, s *state, m Implementation) {
	c.need(!m.Date.IsZero(), "the date rates were loaded")
	c.need(m.Where != "", "where rates were loaded")
	checkSavings(c, "implemented value", m.Value, s.plan.Recurrence, s.currency(), nonNegative)
}

// checkCost checks a one-time implementation cost.
func checkCost(c *evidence, s *state, m Cost) {
	c.need(m.Amount.IsSet(), "the cost amount")
	if m.Amount.IsSet() {
		checkMoney(c, "cost", m.Amount, s.currency(), positive)
	}
	c.need(!m.Date.IsZero(), "the cost date")
	c.need(m.Description != "", "a cost description")
}

// checkEntry checks a realization entry: a new ID, a period, an amount,
// and its evidence: the invoice lines, or a manual entry's reason.
func checkEntry(c *evidence, s *state, m EntryRecord) {
	c.need(!m.ID.IsZero(), "an entry id")
	if _, ok := s.entry(m.ID); ok {
		c.badf(ErrUnknownEntry, "entry %s is already recorded", m.ID)
	}
	c.need(!m.Period.IsZero(), "the period")
	c.need(m.Amount.IsSet(), "the amount")
	if m.Amount.IsSet() {
		checkMoney(c, "realized amount", m.Amount, s.currency(), anySign)
		if m.Amount.IsZero() {
			c.badf(ErrInvalidValue, "realized amount %s is zero", m.Amount)
		}
	}
	switch m.Source.Kind {
	case InvoiceEvidence:
		c.need(len(m.Source.InvoiceLines) > 0, "the invoice lines it was computed from")
		checkScope(c, "invoice line", m.Source.InvoiceLines)
	case ManualEntry:
		c.need(m.Source.Reason != "", "the reason for a manual entry")
	default:
		c.need(false, "the source: invoice evidence or a manual entry")
	}
}

// checkDecision checks finance's validation or rejection of an entry:
// the entry awaits a decision, the checker acts as finance, and the
// checker is not the maker.
func checkDecision(c *evidence, s *state, e Event, d EntryDecision) {
	entry, ok := s.entry(d.Entry)
	switch {
	case !ok:
		c.badf(ErrUnknownEntry, "entry %s", d.Entry)
		return
	case entry.Status != EntryRecorded:
		c.badf(ErrInvalidValue, "entry %s is already %s", d.Entry, entry.Status)
	}
	if e.Actor.Role != RoleFinance {
		c.badf(ErrRoleNotPermitted, "%s acts as %s; only finance decides on realized savings", e.Actor, e.Actor.Role)
	}
	if e.Actor.ID == entry.RecordedBy.ID {
		c.badf(ErrSelfValidation, "%s recorded entry %s and cannot also decide on it", e.Actor, d.Entry)
	}
	if e.Kind == KindRealizationRejected {
		c.need(e.Reason != "", "the reason for the rejection")
	}
}
