package scorecard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// Build makes the scorecard of initiatives and match results under cfg
// in one call: one Partial fed everything. The first input that cannot
// be counted stops it with an error naming that input.
func Build(cfg Config, initiatives []*lifecycle.Initiative, results []matching.Result) (*Scorecard, error) {
	p, err := NewPartial(cfg)
	if err != nil {
		return nil, err
	}
	for i, in := range initiatives {
		if err := p.AddInitiative(in); err != nil {
			return nil, fmt.Errorf("initiative %d: %w", i, err)
		}
	}
	for i := range results {
		if err := p.AddResult(&results[i]); err != nil {
			return nil, err
		}
	}
	return p.Scorecard()
}

// cellKey is the finest slice a scorecard keeps: every dimension, by
// month.
type cellKey struct {
	category lifecycle.CategoryID
	owner    lifecycle.OwnerID
	labels
	period lifecycle.Period
}

// Scorecard converts everything the partial counted into the reporting
// currency and keys it by category, owner, supplier, region, business
// unit and month, ready to be read as rows at the Config's dimensions.
// The partial is not changed and can take more input afterwards.
//
// It is an error when an initiative was given more than once across
// merged partials (wrapping ErrInvalidInput), when a category met is not
// in Config.Categories (ErrInvalidInput), or when an amount has no
// exchange rate for its month (a RateError for each currency and month,
// wrapping ErrMissingRate). Every problem is reported, joined.
func (p *Partial) Scorecard() (*Scorecard, error) {
	var errs []error
	for _, id := range sortedIDs(p.twice) {
		errs = append(errs, fmt.Errorf("scorecard: initiative %s: %w: given %d times", id, ErrInvalidInput, p.twice[id]+1))
	}
	b := builder{p: p, conv: newConverter(&p.cfg), cells: make(map[cellKey]*sums)}
	b.lines()
	b.initiatives()
	if err := b.conv.err(); err != nil {
		errs = append(errs, err)
	}
	sc := &Scorecard{cfg: p.cfg, acct: p.acct, unknown: b.unknown}
	sc.cells = make([]cell, 0, len(b.cells))
	for k, s := range b.cells {
		sc.cells = append(sc.cells, cell{k, s})
	}
	if t := p.cfg.Categories; t != nil {
		missing := map[lifecycle.CategoryID]bool{}
		for i := range sc.cells {
			if _, ok := t.Category(sc.cells[i].key.category); !ok {
				missing[sc.cells[i].key.category] = true
			}
		}
		for _, id := range sortedIDs(missing) {
			errs = append(errs, fmt.Errorf("scorecard: %w: category %s is not in the category tree", ErrInvalidInput, id))
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	slices.SortFunc(sc.cells, func(a, b cell) int { return compareKeys(&a.key, &b.key) })
	return sc, nil
}

func sortedIDs[K lifecycle.Kind, V any](m map[lifecycle.ID[K]]V) []lifecycle.ID[K] {
	ids := make([]lifecycle.ID[K], 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b lifecycle.ID[K]) int { return a.Compare(b) })
	return ids
}

type builder struct {
	p       *Partial
	conv    *converter
	cells   map[cellKey]*sums
	unknown []lifecycle.InitiativeID
}

func (b *builder) cell(k cellKey) *sums {
	s := b.cells[k]
	if s == nil {
		s = &sums{}
		b.cells[k] = s
	}
	return s
}

// lines converts the line figures at the actual rates of their months.
func (b *builder) lines() {
	for k, ls := range b.p.lines {
		var sp spendSums
		for c := range ls.spend {
			sp.byClass[c] = b.conv.convert(ls.spend[c], k.currency, k.period, false)
			sp.lines += ls.lines[c]
		}
		sp.leakage = b.conv.convert(ls.leakage, k.currency, k.period, false)
		s := b.cell(cellKey{k.category, k.owner, k.labels, k.period})
		s.spend.add(&sp)
	}
}

// scopedLine is one currency's lines of an initiative in one month.
type scopedLine struct {
	currency lifecycle.Currency
	sums     *scopedSums
}

// initiatives converts each initiative's figures month by month and
// splits its gap.
func (b *builder) initiatives() {
	scoped := make(map[lifecycle.InitiativeID]map[lifecycle.Period][]scopedLine)
	unknown := map[lifecycle.InitiativeID]bool{}
	for k, s := range b.p.scoped {
		if _, ok := b.p.inits[k.initiative]; !ok {
			unknown[k.initiative] = true
			continue
		}
		byMonth := scoped[k.initiative]
		if byMonth == nil {
			byMonth = make(map[lifecycle.Period][]scopedLine)
			scoped[k.initiative] = byMonth
		}
		byMonth[k.period] = append(byMonth[k.period], scopedLine{k.currency, s})
	}
	b.unknown = sortedIDs(unknown)
	months := b.p.cfg.months()
	for id, rec := range b.p.inits {
		b.initiative(rec, months, scoped[id])
	}
}

func (b *builder) initiative(rec *initRecord, months []lifecycle.Period, lines map[lifecycle.Period][]scopedLine) {
	p := b.p
	count := b.cell(cellKey{rec.category, p.ownerOn(rec.category, p.asOf), rec.labels, p.asOfMonth})
	count.stages[rec.stage]++
	if rec.stage == lifecycle.Cancelled {
		return
	}
	cur := rec.currency
	r := lifecycle.CurrencyRounding(cur)
	hasLines := len(lines) > 0
	late := decimal.Zero // a one-time saving's timing parts before its implementation
	var zero monthFigures
	for _, m := range months {
		mf := rec.months[m]
		if mf == nil {
			mf = &zero
		}
		ls := lines[m]
		catchUp := !rec.recurring && m == rec.implemented && !late.IsZero()
		if mf == &zero && len(ls) == 0 && !catchUp {
			continue
		}
		var t typeSums
		part := mf[mCommitted]
		planned := b.conv.convert(part, cur, m, true)
		actual := b.conv.convert(part, cur, m, false)
		due := !m.Last().After(p.asOf)
		t.fig[fPipeline] = b.conv.convert(mf[mPipeline], cur, m, true)
		t.fig[fCommitted] = planned
		t.fig[fImplemented] = b.conv.convert(mf[mImplemented], cur, m, true)
		if due {
			t.fig[fDue] = planned
		}
		t.fig[fRealized] = b.conv.convert(mf[mRealized], cur, m, false)
		t.fig[fCosts] = b.conv.convert(mf[mCosts], cur, m, false)

		t.gap[gCurrency] = planned.Sub(actual)
		volumeMonth := false
		switch {
		case !due:
			t.gap[gNotYetDue] = actual
		case !rec.live[m]:
			t.gap[gTiming] = actual
			late = late.Add(actual)
		case rec.recurring && rec.plannedQty.Sign() > 0 && hasLines:
			volumeMonth = true
		}
		if catchUp {
			// A one-time saving implemented late lands whole in the
			// month of its implementation: the timing it owed comes back.
			t.gap[gTiming] = t.gap[gTiming].Sub(late)
		}
		for _, l := range ls {
			t.gap[gPrice] = t.gap[gPrice].Add(b.conv.convert(l.sums.leakage, l.currency, m, false))
			if rec.recurring && rec.plannedSpend.Sign() > 0 && !l.sums.maverick.IsZero() {
				lost, _ := lifecycle.CurrencyRounding(l.currency).Quo(l.sums.maverick.Mul(rec.annual), rec.plannedSpend)
				t.gap[gCompliance] = t.gap[gCompliance].Add(b.conv.convert(lost, l.currency, m, false))
			}
		}
		if volumeMonth {
			// The savings the quantity bought on contract gives at the
			// committed unit saving; the shortfall maverick buying
			// explains is compliance, not volume.
			qty := decimal.Zero
			for _, l := range ls {
				qty = qty.Add(l.sums.quantity)
			}
			got, _ := r.Quo(rec.annual.Mul(qty), rec.plannedQty) // plannedQty is above zero
			t.gap[gVolume] = actual.Sub(b.conv.convert(got, cur, m, false)).Sub(t.gap[gCompliance])
		}
		explained := decimal.Zero
		for _, g := range t.gap[:gUnexplained] {
			explained = explained.Add(g)
		}
		t.gap[gUnexplained] = planned.Sub(t.fig[fRealized]).Sub(explained)
		if t.isZero() {
			continue
		}
		at := m.Last()
		if at.After(p.asOf) {
			at = p.asOf
		}
		s := b.cell(cellKey{rec.category, p.ownerOn(rec.category, at), rec.labels, m})
		s.types[typeIndex(rec.reduction)].add(&t)
	}
}

// compareKeys orders cells by category id, owner, supplier, region,
// business unit and month.
func compareKeys(a, b *cellKey) int {
	if c := a.category.Compare(b.category); c != 0 {
		return c
	}
	if c := a.owner.Compare(b.owner); c != 0 {
		return c
	}
	if c := compareLabels(a.labels, b.labels); c != 0 {
		return c
	}
	return a.period.Compare(b.period)
}

func compareLabels(a, b labels) int {
	for _, c := range [...]int{strings.Compare(a.supplier, b.supplier), strings.Compare(a.region, b.region), strings.Compare(a.unit, b.unit)} {
		if c != 0 {
			return c
		}
	}
	return 0
}
