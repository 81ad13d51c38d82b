package scorecard

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

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

	// Limits of a decimal in the encoding. They are far beyond any
	// amount or quantity a procurement year holds, and they keep a
	// corrupt or hostile input from making the decoder, or the
	// arithmetic after it, allocate without bound.
	maxCoefficientBytes = 128
	maxExponent         = 256
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
	e := &encoder{}
	e.buf = append(e.buf, encodingMagic...)
	e.uint(encodingVersion)
	e.int(p.cfg.AsOf.Unix())
	e.uint(uint64(p.cfg.AsOf.Nanosecond()))
	e.period(p.cfg.From)
	e.period(p.cfg.To)
	e.accounting(&p.acct)

	ids := sortedIDs(p.inits)
	e.uint(uint64(len(ids)))
	for _, id := range ids {
		e.id(id)
		e.record(p.inits[id])
	}
	ids = sortedIDs(p.twice)
	e.uint(uint64(len(ids)))
	for _, id := range ids {
		e.id(id)
		e.int(int64(p.twice[id]))
	}

	lines := make([]lineKey, 0, len(p.lines))
	for k := range p.lines {
		lines = append(lines, k)
	}
	slices.SortFunc(lines, compareLineKeys)
	e.uint(uint64(len(lines)))
	for _, k := range lines {
		e.lineKey(k)
		e.lineSums(p.lines[k])
	}

	scoped := make([]scopedKey, 0, len(p.scoped))
	for k := range p.scoped {
		scoped = append(scoped, k)
	}
	slices.SortFunc(scoped, compareScopedKeys)
	e.uint(uint64(len(scoped)))
	for _, k := range scoped {
		e.id(k.initiative)
		e.period(k.period)
		e.string(string(k.currency))
		s := p.scoped[k]
		e.decimal(s.leakage)
		e.decimal(s.maverick)
		e.decimal(s.quantity)
	}
	if e.err != nil {
		return nil, fmt.Errorf("scorecard: encode partial: %w", e.err)
	}
	return e.buf, nil
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
	d := &decoder{data: data, cfg: &p.cfg}
	q := d.partial()
	if d.err != nil {
		return fmt.Errorf("scorecard: decode partial: %w", d.err)
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

// encoder appends the binary form to buf; the first value it cannot
// encode is kept in err, and later values are ignored.
type encoder struct {
	buf []byte
	err error
}

func (e *encoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) int(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }

func (e *encoder) bool(v bool) {
	if v {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

func (e *encoder) string(s string) {
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// id writes the 16 bytes of an identifier's UUID; the zero ID is 16 zero
// bytes.
func (e *encoder) id(id interface{ UUID() uuid.UUID }) {
	u := id.UUID()
	e.buf = append(e.buf, u[:]...)
}

// period writes 0 for the zero period, else the month's number counted
// from January of year 1, plus one.
func (e *encoder) period(p lifecycle.Period) {
	if p.IsZero() {
		e.uint(0)
		return
	}
	e.uint(uint64(p.Year()*12+int(p.Month())-1) + 1)
}

// decimal writes the exponent, then the coefficient's sign and, unless
// it is zero, its magnitude's big-endian bytes. A zero keeps its
// exponent, so 0.00 comes back as 0.00.
func (e *encoder) decimal(d decimal.Decimal) {
	c := d.Coefficient()
	mag := c.Bytes()
	if e.err == nil && (len(mag) > maxCoefficientBytes || d.Exponent() < -maxExponent || d.Exponent() > maxExponent) {
		e.err = fmt.Errorf("%w: %s is beyond the encoding's limits", ErrInvalidInput, d)
	}
	e.int(int64(d.Exponent()))
	switch c.Sign() {
	case 0:
		e.buf = append(e.buf, 0)
		return
	case 1:
		e.buf = append(e.buf, 1)
	default:
		e.buf = append(e.buf, 2)
	}
	e.uint(uint64(len(mag)))
	e.buf = append(e.buf, mag...)
}

func (e *encoder) accounting(a *Accounting) {
	e.int(int64(a.Initiatives))
	e.int(int64(a.NotYetCreated))
	e.uint(uint64(len(a.Lines)))
	for _, n := range a.Lines {
		e.int(int64(n))
	}
	e.int(int64(a.AfterAsOf))
	e.int(int64(a.OutsideWindow))
}

func (e *encoder) labels(l labels) {
	e.string(l.supplier)
	e.string(l.region)
	e.string(l.unit)
}

func (e *encoder) record(r *initRecord) {
	e.id(r.category)
	e.labels(r.labels)
	e.bool(r.reduction)
	e.uint(uint64(r.stage))
	e.string(string(r.currency))
	e.bool(r.recurring)
	e.period(r.implemented)
	live := make([]lifecycle.Period, 0, len(r.live))
	for m, ok := range r.live {
		if ok {
			live = append(live, m)
		}
	}
	slices.SortFunc(live, lifecycle.Period.Compare)
	e.uint(uint64(len(live)))
	for _, m := range live {
		e.period(m)
	}
	e.decimal(r.annual)
	e.decimal(r.plannedQty)
	e.decimal(r.plannedSpend)
	months := make([]lifecycle.Period, 0, len(r.months))
	for m := range r.months {
		months = append(months, m)
	}
	slices.SortFunc(months, lifecycle.Period.Compare)
	e.uint(uint64(len(months)))
	for _, m := range months {
		e.period(m)
		for _, v := range r.months[m] {
			e.decimal(v)
		}
	}
}

func (e *encoder) lineKey(k lineKey) {
	e.id(k.category)
	e.id(k.owner)
	e.labels(k.labels)
	e.period(k.period)
	e.string(string(k.currency))
}

func (e *encoder) lineSums(s *lineSums) {
	e.uint(uint64(len(s.spend)))
	for i := range s.spend {
		e.decimal(s.spend[i])
		e.int(int64(s.lines[i]))
	}
	e.decimal(s.leakage)
}

// decoder reads the binary form. The first problem is kept in err with
// the offset where it was met; every read after it returns a zero value,
// so the decoding functions need not check after each read.
type decoder struct {
	data []byte
	off  int
	cfg  *Config
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: at byte %d: "+format, append([]any{ErrInvalidInput, d.off}, args...)...)
	}
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.off:])
	if n <= 0 {
		d.fail("a truncated or overlong number")
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) int() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data[d.off:])
	if n <= 0 {
		d.fail("a truncated or overlong number")
		return 0
	}
	d.off += n
	return v
}

// count reads a non-negative integer that fits an int.
func (d *decoder) count(what string) int {
	v := d.int()
	if v < 0 || v > int64(maxInt) {
		d.fail("%s %d is not a count", what, v)
		return 0
	}
	return int(v)
}

const maxInt = int(^uint(0) >> 1)

// length reads the number of entries or bytes that follow; each takes
// at least one byte, so a length beyond what is left is corrupt.
func (d *decoder) length(what string) int {
	v := d.uint()
	if v > uint64(len(d.data)-d.off) {
		d.fail("%s of %d is longer than the %d bytes left", what, v, len(d.data)-d.off)
		return 0
	}
	return int(v)
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n > len(d.data)-d.off {
		d.fail("%d bytes expected, %d left", n, len(d.data)-d.off)
		return nil
	}
	b := d.data[d.off : d.off+n]
	d.off += n
	return b
}

func (d *decoder) bool() bool {
	b := d.bytes(1)
	switch {
	case b == nil:
		return false
	case b[0] > 1:
		d.fail("%d is not a boolean", b[0])
	}
	return b[0] == 1
}

func (d *decoder) string() string { return string(d.bytes(d.length("a string"))) }

func (d *decoder) currency() lifecycle.Currency {
	c := lifecycle.Currency(d.string())
	if d.err == nil && !c.Valid() {
		d.fail("currency %q is not an ISO 4217 code", string(c))
	}
	return c
}

// readID reads 16 UUID bytes into an identifier of type T; all zeros is
// the zero ID.
func readID[T any, PT interface {
	*T
	UnmarshalBinary([]byte) error
}](d *decoder) T {
	var id T
	b := d.bytes(16)
	if b == nil || uuid.UUID(b) == uuid.Nil {
		return id
	}
	if err := PT(&id).UnmarshalBinary(b); err != nil {
		d.fail("%v", err)
	}
	return id
}

// period reads a month, which may be zero.
func (d *decoder) period() lifecycle.Period {
	v := d.uint()
	if v == 0 || d.err != nil {
		return lifecycle.Period{}
	}
	if v > 9999*12 {
		d.fail("month number %d is beyond the year 9999", v)
		return lifecycle.Period{}
	}
	p, err := lifecycle.NewPeriod(int((v-1)/12), time.Month((v-1)%12+1))
	if err != nil {
		d.fail("%v", err)
	}
	return p
}

// month reads a month of the window.
func (d *decoder) month(what string) lifecycle.Period {
	p := d.period()
	if d.err == nil && (p.IsZero() || !d.cfg.inWindow(p)) {
		d.fail("%s month %s is outside the window %s..%s", what, p, d.cfg.From, d.cfg.To)
	}
	return p
}

func (d *decoder) decimal() decimal.Decimal {
	exp := d.int()
	if d.err == nil && (exp < -maxExponent || exp > maxExponent) {
		d.fail("decimal exponent %d is beyond ±%d", exp, maxExponent)
	}
	sign := d.bytes(1)
	if d.err != nil {
		return decimal.Zero
	}
	if sign[0] == 0 {
		return decimal.New(0, int32(exp))
	}
	if sign[0] > 2 {
		d.fail("%d is not a sign", sign[0])
		return decimal.Zero
	}
	n := d.length("a coefficient")
	if d.err == nil && (n == 0 || n > maxCoefficientBytes) {
		d.fail("a coefficient of %d bytes; 1 to %d expected", n, maxCoefficientBytes)
	}
	mag := d.bytes(n)
	if d.err != nil {
		return decimal.Zero
	}
	if mag[0] == 0 {
		d.fail("a coefficient with a leading zero byte")
		return decimal.Zero
	}
	c := new(big.Int).SetBytes(mag)
	if sign[0] == 2 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp))
}

// partial reads a whole encoding into a new partial of d's Config.
func (d *decoder) partial() *Partial {
	if !bytes.HasPrefix(d.data, []byte(encodingMagic)) {
		d.fail("not an encoded scorecard partial")
		return nil
	}
	d.off = len(encodingMagic)
	if v := d.uint(); d.err == nil && v != encodingVersion {
		d.fail("encoding version %d; this library reads version %d", v, encodingVersion)
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
	if d.err == nil && d.off != len(d.data) {
		d.fail("%d bytes after the end", len(d.data)-d.off)
	}
	return q
}

// window checks the encoded as-of time and window against the Config.
func (d *decoder) window() {
	sec := d.int()
	nsec := d.uint()
	from, to := d.period(), d.period()
	if d.err != nil {
		return
	}
	if nsec >= uint64(time.Second) {
		d.fail("%d nanoseconds", nsec)
		return
	}
	asOf := time.Unix(sec, int64(nsec))
	if !asOf.Equal(d.cfg.AsOf) || from != d.cfg.From || to != d.cfg.To {
		d.err = fmt.Errorf("%w: encoded as of %s over %s..%s, decoded against as of %s over %s..%s",
			ErrInvalidConfig, asOf.UTC(), from, to, d.cfg.AsOf, d.cfg.From, d.cfg.To)
	}
}

func (d *decoder) classes() {
	if n := d.uint(); d.err == nil && n != uint64(matching.NumClasses) {
		d.fail("%d classes of line; this library has %d", n, matching.NumClasses)
	}
}

func (d *decoder) accounting(a *Accounting) {
	a.Initiatives = d.count("initiatives")
	a.NotYetCreated = d.count("initiatives not yet created")
	d.classes()
	for i := range a.Lines {
		a.Lines[i] = d.count("lines")
	}
	a.AfterAsOf = d.count("lines after the as-of day")
	a.OutsideWindow = d.count("lines outside the window")
}

func (d *decoder) labels() labels {
	return labels{supplier: d.string(), region: d.string(), unit: d.string()}
}

func (d *decoder) initiatives(q *Partial) {
	n := d.length("a list of initiatives")
	for range n {
		k := readID[lifecycle.InitiativeID](d)
		rec := d.record()
		if d.err != nil {
			return
		}
		if _, dup := q.inits[k]; dup || k.IsZero() {
			d.fail("initiative %s given twice or with no id", k)
			return
		}
		q.inits[k] = rec
	}
	if d.err == nil && q.acct.Initiatives != len(q.inits) {
		d.fail("%d initiatives counted but %d held", q.acct.Initiatives, len(q.inits))
	}
	n = d.length("a list of initiatives given twice")
	for range n {
		k := readID[lifecycle.InitiativeID](d)
		times := d.count("times given")
		if d.err != nil {
			return
		}
		if _, held := q.inits[k]; !held || times < 1 {
			d.fail("initiative %s given %d extra times but not held", k, times)
			return
		}
		if _, dup := q.twice[k]; dup {
			d.fail("initiative %s listed twice", k)
			return
		}
		q.twice[k] = times
	}
}

func (d *decoder) record() *initRecord {
	r := &initRecord{
		category:  readID[lifecycle.CategoryID](d),
		labels:    d.labels(),
		reduction: d.bool(),
	}
	st := d.uint()
	if d.err == nil && !lifecycle.Stage(st).Valid() {
		d.fail("stage %d", st)
	}
	r.stage = lifecycle.Stage(st)
	r.currency = d.currency()
	r.recurring = d.bool()
	r.implemented = d.period()
	n := d.length("a list of implemented months")
	r.live = make(map[lifecycle.Period]bool)
	for range n {
		m := d.month("an implemented")
		if d.err == nil && r.live[m] {
			d.fail("implemented month %s given twice", m)
		}
		r.live[m] = true
	}
	r.annual, r.plannedQty, r.plannedSpend = d.decimal(), d.decimal(), d.decimal()
	n = d.length("a list of months")
	r.months = make(map[lifecycle.Period]*monthFigures)
	for range n {
		m := d.month("an initiative's")
		f := &monthFigures{}
		for i := range f {
			f[i] = d.decimal()
		}
		if d.err != nil {
			return r
		}
		if _, dup := r.months[m]; dup {
			d.fail("month %s given twice", m)
			return r
		}
		r.months[m] = f
	}
	return r
}

func (d *decoder) lines(q *Partial) {
	n := d.length("a list of line figures")
	for range n {
		k := lineKey{
			category: readID[lifecycle.CategoryID](d),
			owner:    readID[lifecycle.OwnerID](d),
			labels:   d.labels(),
		}
		k.period = d.month("a line's")
		k.currency = d.currency()
		if d.err == nil && k.category.IsZero() {
			d.fail("line figures with no category")
		}
		s := &lineSums{}
		d.classes()
		for i := range s.spend {
			s.spend[i] = d.decimal()
			s.lines[i] = d.count("lines")
		}
		s.leakage = d.decimal()
		if d.err != nil {
			return
		}
		if _, dup := q.lines[k]; dup {
			d.fail("line figures of one key given twice")
			return
		}
		q.lines[k] = s
	}
}

func (d *decoder) scoped(q *Partial) {
	n := d.length("a list of initiatives' line figures")
	for range n {
		k := scopedKey{initiative: readID[lifecycle.InitiativeID](d)}
		k.period = d.month("an initiative's line")
		k.currency = d.currency()
		s := &scopedSums{leakage: d.decimal(), maverick: d.decimal(), quantity: d.decimal()}
		if d.err != nil {
			return
		}
		if _, dup := q.scoped[k]; dup || k.initiative.IsZero() {
			d.fail("an initiative's line figures given twice or with no initiative")
			return
		}
		q.scoped[k] = s
	}
}
