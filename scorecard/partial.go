package scorecard

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// Accounting says what happened to every input: each initiative and each
// match result given to a scorecard is counted here exactly once.
type Accounting struct {
	// Initiatives counted, and those given that did not exist yet at
	// the as-of time (their first event is later).
	Initiatives   int `json:"initiatives"`
	NotYetCreated int `json:"notYetCreated"`

	// Lines counts the results dated on or before the as-of day and in
	// the window, by class. Only on-contract, leakage, maverick and
	// uncontracted lines carry spend into rows.
	Lines [matching.NumClasses]int `json:"-"`

	// AfterAsOf counts results dated after the as-of day; OutsideWindow
	// those of a month outside the window. Neither is in any row.
	AfterAsOf     int `json:"afterAsOf"`
	OutsideWindow int `json:"outsideWindow"`
}

// Results returns how many match results were given in all.
func (a *Accounting) Results() int {
	n := a.AfterAsOf + a.OutsideWindow
	for _, c := range a.Lines {
		n += c
	}
	return n
}

func (a *Accounting) add(o *Accounting) {
	a.Initiatives += o.Initiatives
	a.NotYetCreated += o.NotYetCreated
	for i := range a.Lines {
		a.Lines[i] += o.Lines[i]
	}
	a.AfterAsOf += o.AfterAsOf
	a.OutsideWindow += o.OutsideWindow
}

// labels are a row's supplier, region and business unit.
type labels struct{ supplier, region, unit string }

// scope returns the key an initiative's named values form: the one value,
// none, or several sorted and joined with ", ".
func scope(values []string) string {
	switch len(values) {
	case 0:
		return ""
	case 1:
		return values[0]
	}
	v := slices.Clone(values)
	slices.Sort(v)
	return strings.Join(slices.Compact(v), ", ")
}

// lineKey is the finest slice of line figures, in the line's currency.
type lineKey struct {
	category lifecycle.CategoryID
	owner    lifecycle.OwnerID
	labels
	period   lifecycle.Period
	currency lifecycle.Currency
}

// lineSums are the spend figures of one lineKey.
type lineSums struct {
	spend   [matching.NumClasses]decimal.Decimal
	lines   [matching.NumClasses]int
	leakage decimal.Decimal
}

func (s *lineSums) add(o *lineSums) {
	for i := range s.spend {
		s.spend[i] = s.spend[i].Add(o.spend[i])
		s.lines[i] += o.lines[i]
	}
	s.leakage = s.leakage.Add(o.leakage)
}

// scopedKey is one initiative's matched and maverick lines in one month
// and currency: what the price, compliance and volume parts of its gap
// need.
type scopedKey struct {
	initiative lifecycle.InitiativeID
	period     lifecycle.Period
	currency   lifecycle.Currency
}

type scopedSums struct {
	leakage  decimal.Decimal // leakage amount on the contracts' lines
	maverick decimal.Decimal // maverick spend that went around them
	quantity decimal.Decimal // quantity bought on them, in the terms' units
}

func (s *scopedSums) add(o *scopedSums) {
	s.leakage = s.leakage.Add(o.leakage)
	s.maverick = s.maverick.Add(o.maverick)
	s.quantity = s.quantity.Add(o.quantity)
}

// The amounts an initiative has per month, in its own currency.
const (
	mPipeline = iota
	mCommitted
	mImplemented
	mRealized
	mCosts
	numMonthFigures
)

type monthFigures [numMonthFigures]decimal.Decimal

// initRecord is what the scorecard needs of one initiative as of the
// as-of time. It is built once and never changed, so merged partials may
// share it.
type initRecord struct {
	category    lifecycle.CategoryID
	labels      labels
	reduction   bool // cost reduction; else cost avoidance
	stage       lifecycle.Stage
	currency    lifecycle.Currency
	recurring   bool
	implemented lifecycle.Period // the month of implementation; zero while not implemented

	// live are the window's months in which the initiative stood
	// implemented (or realized) on at least one day: a step back takes
	// the months it spent back out, a re-implementation puts the later
	// ones in again.
	live map[lifecycle.Period]bool

	// The committed annual value and the annual quantity and spend it
	// assumed; zero when not committed or not recurring.
	annual, plannedQty, plannedSpend decimal.Decimal

	months map[lifecycle.Period]*monthFigures // window months only
}

// Partial is a scorecard in the making: initiatives and match results
// added to it, not yet converted or keyed into rows. Partials built with
// the same Config on separate shards of the input merge, in any grouping
// and order, into exactly the partial of the whole input; that is what
// lets the work spread over goroutines or the machines of a distributed
// engine.
//
// A Partial is not safe for concurrent use: give each goroutine its own.
// The zero Partial is not ready; make one with NewPartial.
type Partial struct {
	cfg       Config
	asOf      lifecycle.Date
	asOfMonth lifecycle.Period // the as-of month, within the window

	inits  map[lifecycle.InitiativeID]*initRecord
	twice  map[lifecycle.InitiativeID]int // extra times an initiative was given
	lines  map[lineKey]*lineSums
	scoped map[scopedKey]*scopedSums
	acct   Accounting
}

// NewPartial returns an empty partial for cfg, or the configuration's
// problems (see Config.Validate).
func NewPartial(cfg Config) (*Partial, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	p := &Partial{
		cfg:    cfg,
		asOf:   lifecycle.DateOf(cfg.AsOf),
		inits:  make(map[lifecycle.InitiativeID]*initRecord),
		twice:  make(map[lifecycle.InitiativeID]int),
		lines:  make(map[lineKey]*lineSums),
		scoped: make(map[scopedKey]*scopedSums),
	}
	p.asOfMonth = p.asOf.Period()
	switch {
	case p.asOfMonth.Before(cfg.From):
		p.asOfMonth = cfg.From
	case p.asOfMonth.After(cfg.To):
		p.asOfMonth = cfg.To
	}
	return p, nil
}

// Accounting returns what the partial has counted so far.
func (p *Partial) Accounting() Accounting { return p.acct }

// ownerOn returns who owned category c on day d: the zero OwnerID
// without ownership data or when nobody did.
func (p *Partial) ownerOn(c lifecycle.CategoryID, d lifecycle.Date) lifecycle.OwnerID {
	if p.cfg.Owners == nil {
		return lifecycle.OwnerID{}
	}
	o, _ := p.cfg.Owners.OwnerOn(c, d)
	return o
}

// AddResult counts one match result. A result dated after the as-of day
// or in a month outside the window is counted as such and goes in no
// row; so do duplicates, suspected duplicates, rejected and ambiguous
// lines, whose spend the matcher counted once already. On-contract,
// leakage, maverick and uncontracted lines add their spend to the row of
// their category, owner on the line's date, supplier, region, business
// unit and month, and — on-contract, leakage and maverick lines naming an
// initiative — to that initiative's gap.
//
// A result with no class, or a counted line with no category, month or
// spend, is an error wrapping ErrInvalidInput; nothing is counted then.
func (p *Partial) AddResult(r *matching.Result) error {
	if r == nil || r.Class == 0 || int(r.Class) >= matching.NumClasses {
		return p.badResult(r, "no verdict (class %d)", classOf(r))
	}
	d := r.Date()
	switch {
	case !d.IsZero() && d.After(p.asOf):
		p.acct.AfterAsOf++
		return nil
	case !r.Period.IsZero() && !p.cfg.inWindow(r.Period):
		p.acct.OutsideWindow++
		return nil
	}
	switch r.Class {
	case matching.OnContract, matching.Leakage, matching.Maverick, matching.Uncontracted:
	default:
		p.acct.Lines[r.Class]++
		return nil
	}
	spend := r.Spend()
	switch {
	case r.Category.IsZero():
		return p.badResult(r, "a line of class %s with no category", r.Class)
	case r.Period.IsZero():
		return p.badResult(r, "a line of class %s with no date", r.Class)
	case !spend.IsSet():
		return p.badResult(r, "a line of class %s with no spend", r.Class)
	}
	k := lineKey{
		category: r.Category,
		owner:    p.ownerOn(r.Category, d),
		labels:   labels{r.Supplier, r.Region, r.BusinessUnit},
		period:   r.Period,
		currency: r.Currency,
	}
	s := p.lines[k]
	if s == nil {
		s = &lineSums{}
		p.lines[k] = s
	}
	s.spend[r.Class] = s.spend[r.Class].Add(spend.Amount())
	s.lines[r.Class]++
	if r.Class == matching.Leakage {
		s.leakage = s.leakage.Add(r.Leakage().Amount())
	}
	if !r.Initiative.IsZero() && r.Class != matching.Uncontracted {
		p.addScoped(r, spend)
	}
	p.acct.Lines[r.Class]++
	return nil
}

func (p *Partial) addScoped(r *matching.Result, spend lifecycle.Money) {
	k := scopedKey{r.Initiative, r.Period, r.Currency}
	s := p.scoped[k]
	if s == nil {
		s = &scopedSums{}
		p.scoped[k] = s
	}
	switch r.Class {
	case matching.Maverick:
		s.maverick = s.maverick.Add(spend.Amount())
	case matching.Leakage:
		s.leakage = s.leakage.Add(r.Leakage().Amount())
	}
	if q, ok := r.TermQuantity(); ok {
		s.quantity = s.quantity.Add(q)
	}
}

func classOf(r *matching.Result) int {
	if r == nil {
		return 0
	}
	return int(r.Class)
}

func (p *Partial) badResult(r *matching.Result, format string, args ...any) error {
	where := "a nil result"
	if r != nil {
		where = fmt.Sprintf("result %d (invoice %q line %d)", r.Seq, r.Invoice, r.Line)
	}
	return fmt.Errorf("scorecard: %s: %w: "+format, append([]any{where, ErrInvalidInput}, args...)...)
}

// AddInitiative counts one initiative as it stood at the as-of time,
// rebuilt from its own history. An initiative whose history starts after
// then did not exist yet: it is counted in Accounting.NotYetCreated and
// in no row. Giving the same initiative twice is an error; so is one
// whose figures cannot be read (each wrapping ErrInvalidInput). On error
// nothing is counted.
func (p *Partial) AddInitiative(in *lifecycle.Initiative) error {
	if in == nil {
		return fmt.Errorf("scorecard: %w: a nil initiative", ErrInvalidInput)
	}
	id := in.ID()
	if _, seen := p.inits[id]; seen {
		return fmt.Errorf("scorecard: initiative %s: %w: given twice", id, ErrInvalidInput)
	}
	at, err := in.AsOf(p.cfg.AsOf)
	if errors.Is(err, lifecycle.ErrNoHistory) {
		p.acct.NotYetCreated++
		return nil
	}
	if err != nil {
		return fmt.Errorf("scorecard: initiative %s: %w: %w", id, ErrInvalidInput, err)
	}
	rec, err := p.record(at)
	if err != nil {
		return fmt.Errorf("scorecard: initiative %s: %w: %w", id, ErrInvalidInput, err)
	}
	p.inits[id] = rec
	p.acct.Initiatives++
	return nil
}

// record reads what the scorecard needs of an initiative.
func (p *Partial) record(at *lifecycle.Initiative) (*initRecord, error) {
	plan := at.Plan()
	rec := &initRecord{
		category:  plan.Category,
		labels:    labels{scope(plan.Suppliers), scope(plan.Regions), scope(plan.BusinessUnits)},
		reduction: plan.SavingsType == lifecycle.CostReduction,
		stage:     at.Stage(),
		currency:  at.Currency(),
		recurring: plan.Recurrence == lifecycle.Recurring,
		months:    make(map[lifecycle.Period]*monthFigures),
	}
	if plan.SavingsType != lifecycle.CostReduction && plan.SavingsType != lifecycle.CostAvoidance {
		return nil, fmt.Errorf("unknown savings type %d", plan.SavingsType)
	}
	if rec.stage == lifecycle.Cancelled {
		return rec, nil // counted, with no figures
	}
	r := lifecycle.CurrencyRounding(rec.currency)
	c, committed := at.Commitment()
	var errs []error
	phase := func(what int, rate lifecycle.AnnualRate, term lifecycle.Term) {
		s, err := lifecycle.PhaseAnnual(rate, term, r)
		if err != nil {
			errs = append(errs, err)
			return
		}
		errs = append(errs, rec.addSchedule(what, s, &p.cfg))
	}
	once := func(what int, m lifecycle.Money, month lifecycle.Period) {
		errs = append(errs, rec.add(what, month, m, &p.cfg))
	}

	est := at.Estimate()
	switch {
	case rec.recurring && committed:
		phase(mPipeline, est.Annual, c.Term)
	case rec.recurring:
		phase(mPipeline, est.Annual, lifecycle.Term{Start: p.cfg.From.First(), End: p.cfg.To.Last()})
	case committed:
		once(mPipeline, est.OneTime, c.Term.Start.Period())
	default:
		once(mPipeline, est.OneTime, p.asOfMonth)
	}

	if committed {
		s, err := at.Phasing(r)
		if err != nil {
			errs = append(errs, err)
		} else {
			errs = append(errs, rec.addSchedule(mCommitted, s, &p.cfg))
		}
		if rec.recurring {
			rec.annual = c.Value.Annual.PerYear().Amount()
			rec.plannedQty = c.PlannedVolume.Quantity
			if c.PlannedVolume.Spend.IsSet() {
				rec.plannedSpend = c.PlannedVolume.Spend.PerYear().Amount()
			}
		}
	}

	rec.live = p.liveMonths(at)
	if m, ok := at.Implementation(); ok {
		rec.implemented = m.Date.Period()
		switch {
		case !rec.recurring:
			once(mImplemented, m.Value.OneTime, m.Date.Period())
		case committed && !m.Date.After(c.Term.End):
			phase(mImplemented, m.Value.Annual, lifecycle.Term{Start: m.Date, End: c.Term.End})
		}
	}

	for _, e := range at.Entries() {
		if e.Status == lifecycle.EntryValidated {
			once(mRealized, e.Amount, e.Period)
		}
	}
	for _, cost := range at.Costs() {
		once(mCosts, cost.Amount, cost.Date.Period())
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return rec, nil
}

// liveMonths returns the window's months in which at stood implemented
// or realized on some day, from its stage history: from the day it was
// implemented to the day it stepped back or was cancelled, or to the end
// of the window.
func (p *Partial) liveMonths(at *lifecycle.Initiative) map[lifecycle.Period]bool {
	live := map[lifecycle.Period]bool{}
	mark := func(from, to lifecycle.Period) {
		from = later(from, p.cfg.From)
		for m := from; !m.After(to) && !m.After(p.cfg.To); m = m.Next() {
			live[m] = true
		}
	}
	var since lifecycle.Period // zero while not implemented
	for _, ch := range at.StageHistory() {
		in := ch.To == lifecycle.Implemented || ch.To == lifecycle.Realized
		switch {
		case in && since.IsZero():
			since = lifecycle.DateOf(ch.At).Period()
		case !in && !since.IsZero():
			mark(since, lifecycle.DateOf(ch.At).Period())
			since = lifecycle.Period{}
		}
	}
	if !since.IsZero() {
		mark(since, p.cfg.To)
	}
	return live
}

func later(a, b lifecycle.Period) lifecycle.Period {
	if b.After(a) {
		return b
	}
	return a
}

// add adds m to figure what of month p, when p is in the window.
func (rec *initRecord) add(what int, p lifecycle.Period, m lifecycle.Money, cfg *Config) error {
	if !m.IsSet() || m.IsZero() || !cfg.inWindow(p) {
		return nil
	}
	if m.Currency() != rec.currency {
		return fmt.Errorf("%s in %s is not in the initiative's currency %s", m, p, rec.currency)
	}
	f := rec.months[p]
	if f == nil {
		f = &monthFigures{}
		rec.months[p] = f
	}
	f[what] = f[what].Add(m.Amount())
	return nil
}

func (rec *initRecord) addSchedule(what int, s lifecycle.Schedule, cfg *Config) error {
	for _, part := range s.Parts() {
		if err := rec.add(what, part.Period, part.Amount, cfg); err != nil {
			return err
		}
	}
	return nil
}

// Merge adds everything o has counted to p; o is left as it was and may
// be merged elsewhere too. Merging is exact, associative and
// commutative. Both must have been made with the same Config; partials
// with a different as-of time or window are an error wrapping
// ErrInvalidConfig, and merging a partial into itself one wrapping
// ErrInvalidInput. An initiative both hold is counted once and makes
// Scorecard return an error naming it.
func (p *Partial) Merge(o *Partial) error {
	switch {
	case o == nil || o == p:
		return fmt.Errorf("scorecard: merge: %w: a partial merges with another partial, not with itself or nil", ErrInvalidInput)
	case !o.cfg.AsOf.Equal(p.cfg.AsOf) || o.cfg.From != p.cfg.From || o.cfg.To != p.cfg.To:
		return fmt.Errorf("scorecard: merge: %w: as of %s over %s..%s against as of %s over %s..%s",
			ErrInvalidConfig, o.cfg.AsOf, o.cfg.From, o.cfg.To, p.cfg.AsOf, p.cfg.From, p.cfg.To)
	}
	for id, rec := range o.inits {
		if _, seen := p.inits[id]; seen {
			p.twice[id]++
			continue
		}
		p.inits[id] = rec
	}
	for id, n := range o.twice {
		p.twice[id] += n
	}
	for k, s := range o.lines {
		if t := p.lines[k]; t != nil {
			t.add(s)
		} else {
			c := *s
			p.lines[k] = &c
		}
	}
	for k, s := range o.scoped {
		if t := p.scoped[k]; t != nil {
			t.add(s)
		} else {
			c := *s
			p.scoped[k] = &c
		}
	}
	p.acct.add(&o.acct)
	p.acct.Initiatives = len(p.inits)
	return nil
}
