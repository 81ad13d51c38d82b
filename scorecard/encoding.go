package scorecard

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/openprocure/realize/internal/binx"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// The binary form of a Partial, written by [Partial.MarshalBinary] and
// read by [Partial.UnmarshalBinary], is what a distributed engine sends
// between its stages: everything the partial has counted, and nothing of
// its Config but the as-of time and the window, which the reading side
// checks against its own.
//
// It is a magic string and a version, then the as-of time and window,
// the accounting, the initiatives' records, the initiatives given more
// than once, the line figures and the figures of lines matched to
// initiatives. Integers are varints, strings and coefficients carry
// their length, identifiers are their 16 UUID bytes, and maps are
// written in key order, so one partial always encodes to the same bytes.
const (
	encodingMagic   = "realize.scorecard.partial"
	encodingVersion = 1
)

// MarshalBinary encodes everything the partial has counted, so that it
// can cross a process boundary and be restored with
// [Partial.UnmarshalBinary] against the same Config: the initiatives'
// records, the line figures, the figures of the lines matched to each
// initiative and the accounting, with every decimal exact to its last
// digit and exponent. Of the Config it keeps only the as-of time and the
// window, for the reading side to check. The same partial always
// encodes to the same bytes.
//
// It is an error, wrapping ErrInvalidInput, to encode the zero Partial or
// one holding a decimal beyond the encoding's limits (a coefficient of
// more than 128 bytes, some 300 digits, or an exponent beyond ±256), which no
// procurement figure comes near.
func (p *Partial) MarshalBinary() ([]byte, error) {
	if p == nil || p.inits == nil {
		return nil, fmt.Errorf("scorecard: encode partial: %w: a partial not made by NewPartial", ErrInvalidInput)
	}
	e := &encoder{binx.Encoder{Invalid: ErrInvalidInput}}
	e.Header(encodingMagic, encodingVersion)
	e.Int(p.cfg.AsOf.Unix())
	e.Uint(uint64(p.cfg.AsOf.Nanosecond()))
	e.month(p.cfg.From)
	e.month(p.cfg.To)
	e.accounting(&p.acct)

	ids := sortedIDs(p.inits)
	e.Uint(uint64(len(ids)))
	for _, id := range ids {
		e.ID(id)
		e.record(p.inits[id])
	}
	ids = sortedIDs(p.twice)
	e.Uint(uint64(len(ids)))
	for _, id := range ids {
		e.ID(id)
		e.Int(int64(p.twice[id]))
	}

	lines := make([]lineKey, 0, len(p.lines))
	for k := range p.lines {
		lines = append(lines, k)
	}
	slices.SortFunc(lines, compareLineKeys)
	e.Uint(uint64(len(lines)))
	for _, k := range lines {
		e.lineKey(k)
		e.lineSums(p.lines[k])
	}

	scoped := make([]scopedKey, 0, len(p.scoped))
	for k := range p.scoped {
		scoped = append(scoped, k)
	}
	slices.SortFunc(scoped, compareScopedKeys)
	e.Uint(uint64(len(scoped)))
	for _, k := range scoped {
		e.ID(k.initiative)
		e.month(k.period)
		e.Text(string(k.currency))
		s := p.scoped[k]
		e.Decimal(s.leakage)
		e.Decimal(s.maverick)
		e.Decimal(s.quantity)
	}
	if e.Err != nil {
		return nil, fmt.Errorf("scorecard: encode partial: %w", e.Err)
	}
	return e.Buf, nil
}

// UnmarshalBinary replaces what p has counted with the partial encoded
// in data by [Partial.MarshalBinary]. p must have been made by
// NewPartial with the Config the encoded partial was built with: the
// encoding does not hold the Config's category tree, ownership or
// exchange rates, and the owners already given to line figures came from
// the encoding side's ownership.
//
// An encoding with another as-of time or window than p's Config is an
// error wrapping ErrInvalidConfig. Data that is not such an encoding —
// truncated, corrupt, with trailing bytes, or with a figure no partial
// could hold (a month outside the window, an unknown stage or currency,
// a key given twice, a negative count) — is an error wrapping
// ErrInvalidInput that names the byte where reading stopped. On error p
// is unchanged. Decoding never panics, whatever data holds.
func (p *Partial) UnmarshalBinary(data []byte) error {
	if p == nil || p.inits == nil {
		return fmt.Errorf("scorecard: decode partial: %w: a partial not made by NewPartial", ErrInvalidInput)
	}
	d := &decoder{Decoder: binx.Decoder{Data: data, Invalid: ErrInvalidInput}, cfg: &p.cfg}
	q := d.partial()
	if d.Err != nil {
		return fmt.Errorf("scorecard: decode partial: %w", d.Err)
	}
	p.inits, p.twice, p.lines, p.scoped, p.acct = q.inits, q.twice, q.lines, q.scoped, q.acct
	return nil
}

// compareLineKeys orders line keys by every field, for a stable
// encoding.
func compareLineKeys(a, b lineKey) int {
	return cmp.Or(
		a.category.Compare(b.category),
		a.owner.Compare(b.owner),
		compareLabels(a.labels, b.labels),
		a.period.Compare(b.period),
		strings.Compare(string(a.currency), string(b.currency)),
	)
}

func compareScopedKeys(a, b scopedKey) int {
	return cmp.Or(
		a.initiative.Compare(b.initiative),
		a.period.Compare(b.period),
		strings.Compare(string(a.currency), string(b.currency)),
	)
}

// encoder writes the binary form of a partial.
type encoder struct{ binx.Encoder }

func (e *encoder) month(p lifecycle.Period) { e.Month(p.Year(), p.Month()) }

func (e *encoder) accounting(a *Accounting) {
	e.Int(int64(a.Initiatives))
	e.Int(int64(a.NotYetCreated))
	e.Uint(uint64(len(a.Lines)))
	for _, n := range a.Lines {
		e.Int(int64(n))
	}
	e.Int(int64(a.AfterAsOf))
	e.Int(int64(a.OutsideWindow))
}

func (e *encoder) labels(l labels) {
	e.Text(l.supplier)
	e.Text(l.region)
	e.Text(l.unit)
}

func (e *encoder) record(r *initRecord) {
	e.ID(r.category)
	e.labels(r.labels)
	e.Bool(r.reduction)
	e.Uint(uint64(r.stage))
	e.Text(string(r.currency))
	e.Bool(r.recurring)
	e.month(r.implemented)
	live := make([]lifecycle.Period, 0, len(r.live))
	for m, ok := range r.live {
		if ok {
			live = append(live, m)
		}
	}
	slices.SortFunc(live, lifecycle.Period.Compare)
	e.Uint(uint64(len(live)))
	for _, m := range live {
		e.month(m)
	}
	e.Decimal(r.annual)
	e.Decimal(r.plannedQty)
	e.Decimal(r.plannedSpend)
	months := make([]lifecycle.Period, 0, len(r.months))
	for m := range r.months {
		months = append(months, m)
	}
	slices.SortFunc(months, lifecycle.Period.Compare)
	e.Uint(uint64(len(months)))
	for _, m := range months {
		e.month(m)
		for _, v := range r.months[m] {
			e.Decimal(v)
		}
	}
}

func (e *encoder) lineKey(k lineKey) {
	e.ID(k.category)
	e.ID(k.owner)
	e.labels(k.labels)
	e.month(k.period)
	e.Text(string(k.currency))
}

func (e *encoder) lineSums(s *lineSums) {
	e.Uint(uint64(len(s.spend)))
	for i := range s.spend {
		e.Decimal(s.spend[i])
		e.Int(int64(s.lines[i]))
	}
	e.Decimal(s.leakage)
}

// decoder reads the binary form of a partial for the Config cfg.
type decoder struct {
	binx.Decoder
	cfg *Config
}

func (d *decoder) currency() lifecycle.Currency {
	c := lifecycle.Currency(d.Text())
	if d.Err == nil && !c.Valid() {
		d.Fail("currency %q is not an ISO 4217 code", string(c))
	}
	return c
}

// period reads a month, which may be zero.
func (d *decoder) period() lifecycle.Period {
	y, m := d.Month()
	if y == 0 {
		return lifecycle.Period{}
	}
	p, err := lifecycle.NewPeriod(y, m)
	if err != nil {
		d.Fail("%v", err)
	}
	return p
}

// month reads a month of the window.
func (d *decoder) month(what string) lifecycle.Period {
	p := d.period()
	if d.Err == nil && (p.IsZero() || !d.cfg.inWindow(p)) {
		d.Fail("%s month %s is outside the window %s..%s", what, p, d.cfg.From, d.cfg.To)
	}
	return p
}

// partial reads a whole encoding into a new partial of d's Config.
func (d *decoder) partial() *Partial {
	if !d.Header(encodingMagic, encodingVersion, "scorecard partial") {
		return nil
	}
	d.window()
	q := &Partial{
		inits:  make(map[lifecycle.InitiativeID]*initRecord),
		twice:  make(map[lifecycle.InitiativeID]int),
		lines:  make(map[lineKey]*lineSums),
		scoped: make(map[scopedKey]*scopedSums),
	}
	d.accounting(&q.acct)
	d.initiatives(q)
	d.lines(q)
	d.scoped(q)
	d.Rest()
	return q
}

// window checks the encoded as-of time and window against the Config.
func (d *decoder) window() {
	sec := d.Int()
	nsec := d.Uint()
	from, to := d.period(), d.period()
	if d.Err != nil {
		return
	}
	if nsec >= uint64(time.Second) {
		d.Fail("%d nanoseconds", nsec)
		return
	}
	asOf := time.Unix(sec, int64(nsec))
	if !asOf.Equal(d.cfg.AsOf) || from != d.cfg.From || to != d.cfg.To {
		d.Err = fmt.Errorf("%w: encoded as of %s over %s..%s, decoded against as of %s over %s..%s",
			ErrInvalidConfig, asOf.UTC(), from, to, d.cfg.AsOf, d.cfg.From, d.cfg.To)
	}
}

func (d *decoder) classes() {
	if n := d.Uint(); d.Err == nil && n != uint64(matching.NumClasses) {
		d.Fail("%d classes of line; this library has %d", n, matching.NumClasses)
	}
}

func (d *decoder) accounting(a *Accounting) {
	a.Initiatives = d.Count("initiatives")
	a.NotYetCreated = d.Count("initiatives not yet created")
	d.classes()
	for i := range a.Lines {
		a.Lines[i] = d.Count("lines")
	}
	a.AfterAsOf = d.Count("lines after the as-of day")
	a.OutsideWindow = d.Count("lines outside the window")
}

func (d *decoder) labels() labels {
	return labels{supplier: d.Text(), region: d.Text(), unit: d.Text()}
}

func (d *decoder) initiatives(q *Partial) {
	n := d.Length("a list of initiatives")
	for range n {
		k := binx.ReadID[lifecycle.InitiativeID](&d.Decoder)
		rec := d.record()
		if d.Err != nil {
			return
		}
		if _, dup := q.inits[k]; dup || k.IsZero() {
			d.Fail("initiative %s given twice or with no id", k)
			return
		}
		q.inits[k] = rec
	}
	if d.Err == nil && q.acct.Initiatives != len(q.inits) {
		d.Fail("%d initiatives counted but %d held", q.acct.Initiatives, len(q.inits))
	}
	n = d.Length("a list of initiatives given twice")
	for range n {
		k := binx.ReadID[lifecycle.InitiativeID](&d.Decoder)
		times := d.Count("times given")
		if d.Err != nil {
			return
		}
		if _, held := q.inits[k]; !held || times < 1 {
			d.Fail("initiative %s given %d extra times but not held", k, times)
			return
		}
		if _, dup := q.twice[k]; dup {
			d.Fail("initiative %s listed twice", k)
			return
		}
		q.twice[k] = times
	}
}

func (d *decoder) record() *initRecord {
	r := &initRecord{
		category:  binx.ReadID[lifecycle.CategoryID](&d.Decoder),
		labels:    d.labels(),
		reduction: d.Bool(),
	}
	st := d.Uint()
	if d.Err == nil && !lifecycle.Stage(st).Valid() {
		d.Fail("stage %d", st)
	}
	r.stage = lifecycle.Stage(st)
	r.currency = d.currency()
	r.recurring = d.Bool()
	r.implemented = d.period()
	n := d.Length("a list of implemented months")
	r.live = make(map[lifecycle.Period]bool)
	for range n {
		m := d.month("an implemented")
		if d.Err == nil && r.live[m] {
			d.Fail("implemented month %s given twice", m)
		}
		r.live[m] = true
	}
	r.annual, r.plannedQty, r.plannedSpend = d.Decimal(), d.Decimal(), d.Decimal()
	n = d.Length("a list of months")
	r.months = make(map[lifecycle.Period]*monthFigures)
	for range n {
		m := d.month("an initiative's")
		f := &monthFigures{}
		for i := range f {
			f[i] = d.Decimal()
		}
		if d.Err != nil {
			return r
		}
		if _, dup := r.months[m]; dup {
			d.Fail("month %s given twice", m)
			return r
		}
		r.months[m] = f
	}
	return r
}

func (d *decoder) lines(q *Partial) {
	n := d.Length("a list of line figures")
	for range n {
		k := lineKey{
			category: binx.ReadID[lifecycle.CategoryID](&d.Decoder),
			owner:    binx.ReadID[lifecycle.OwnerID](&d.Decoder),
			labels:   d.labels(),
		}
		k.period = d.month("a line's")
		k.currency = d.currency()
		if d.Err == nil && k.category.IsZero() {
			d.Fail("line figures with no category")
		}
		s := &lineSums{}
		d.classes()
		for i := range s.spend {
			s.spend[i] = d.Decimal()
			s.lines[i] = d.Count("lines")
		}
		s.leakage = d.Decimal()
		if d.Err != nil {
			return
		}
		if _, dup := q.lines[k]; dup {
			d.Fail("line figures of one key given twice")
			return
		}
		q.lines[k] = s
	}
}

func (d *decoder) scoped(q *Partial) {
	n := d.Length("a list of initiatives' line figures")
	for range n {
		k := scopedKey{initiative: binx.ReadID[lifecycle.InitiativeID](&d.Decoder)}
		k.period = d.month("an initiative's line")
		k.currency = d.currency()
		s := &scopedSums{leakage: d.Decimal(), maverick: d.Decimal(), quantity: d.Decimal()}
		if d.Err != nil {
			return
		}
		if _, dup := q.scoped[k]; dup || k.initiative.IsZero() {
			d.Fail("an initiative's line figures given twice or with no initiative")
			return
		}
		q.scoped[k] = s
	}
}
