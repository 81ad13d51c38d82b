package matching

import (
	"fmt"
	"time"

	"github.com/openprocure/realize/internal/binx"
	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
)

// The binary form of a Result is a magic string and a version, then
// every field in the order the struct declares them: integers as
// varints, strings with their length, identifiers as their 16 UUID
// bytes, months and dates as their numbers, amounts exactly.
const (
	resultMagic   = "realize.matching.result"
	resultVersion = 1
)

// MarshalBinary encodes the result whole — the line it describes, its
// class and rules, the contract, term and tier, and every amount to its
// last digit — so that a result can cross a process boundary, between
// the stages of a distributed engine for example, and come back through
// [Result.UnmarshalBinary] as the same result. The same result always
// encodes to the same bytes.
//
// It is an error, wrapping ErrInvalidResult, to encode a result whose
// spend is a decimal beyond the binary form's limits (a coefficient of
// some 300 digits, or an exponent beyond ±256), which no invoice comes
// near.
func (r *Result) MarshalBinary() ([]byte, error) {
	e := &binx.Encoder{Invalid: ErrInvalidResult, Buf: make([]byte, 0, 160)}
	e.Header(resultMagic, resultVersion)
	e.Int(int64(r.Seq))
	e.Text(r.Invoice)
	e.Int(int64(r.Line))
	e.Text(r.Supplier)
	e.Text(r.Region)
	e.Text(r.BusinessUnit)
	e.Uint(uint64(r.Class))
	e.Uint(uint64(r.Rule))
	e.Uint(uint64(r.Selection))
	e.Uint(uint64(r.Reason))
	e.ID(r.Contract)
	e.Text(r.ContractRef)
	e.Int(int64(r.Term))
	e.Int(int64(r.Tier))
	e.ID(r.Initiative)
	e.ID(r.Category)
	e.Month(r.Period.Year(), r.Period.Month())
	e.Text(string(r.Currency))
	e.Int(int64(r.DuplicateOf))
	e.Bool(r.Floored)
	for _, a := range [...]fixed.Amount{r.spend, r.expected, r.leakage, r.savings} {
		e.Int(a.Hi())
		e.Uint(a.Lo())
	}
	e.Bool(r.matched)
	e.Bool(r.bigSpend != nil)
	if r.bigSpend != nil {
		e.Decimal(*r.bigSpend)
	}
	e.Bool(r.unpriced)
	e.Int(int64(r.pending))
	e.Int(int64(r.qtyTerm))
	e.Int(int64(r.qty))
	e.Int(int64(r.date.Year()))
	e.Uint(uint64(r.date.Month()))
	e.Uint(uint64(r.date.Day()))
	if e.Err != nil {
		return nil, fmt.Errorf("matching: encode result of %s/%d: %w", r.Invoice, r.Line, e.Err)
	}
	return e.Buf, nil
}

// UnmarshalBinary replaces r with the result encoded in data by
// [Result.MarshalBinary]. Data that is not such an encoding — truncated,
// corrupt, of another version, with trailing bytes, or holding a class,
// rule, reason, month or date no result could hold — is an error
// wrapping ErrInvalidResult that names the byte where reading stopped; r
// is then unchanged. Decoding never panics, whatever data holds.
func (r *Result) UnmarshalBinary(data []byte) error {
	d := &binx.Decoder{Data: data, Invalid: ErrInvalidResult}
	if !d.Header(resultMagic, resultVersion, "match result") {
		return fmt.Errorf("matching: decode result: %w", d.Err)
	}
	var q Result
	q.Seq = int(d.Int())
	q.Invoice = d.Text()
	q.Line = int(d.Int())
	q.Supplier = d.Text()
	q.Region = d.Text()
	q.BusinessUnit = d.Text()
	q.Class = Class(enumValue(d, "class", NumClasses))
	q.Rule = Rule(enumValue(d, "rule", len(ruleNames)))
	q.Selection = Rule(enumValue(d, "rule", len(ruleNames)))
	q.Reason = Reason(enumValue(d, "reason", len(reasonNames)))
	q.Contract = binx.ReadID[ContractID](d)
	q.ContractRef = d.Text()
	q.Term = int(d.Int())
	q.Tier = int(d.Int())
	q.Initiative = binx.ReadID[lifecycle.InitiativeID](d)
	q.Category = binx.ReadID[lifecycle.CategoryID](d)
	q.Period = readMonth(d)
	q.Currency = lifecycle.Currency(d.Text())
	q.DuplicateOf = int(d.Int())
	q.Floored = d.Bool()
	for _, a := range [...]*fixed.Amount{&q.spend, &q.expected, &q.leakage, &q.savings} {
		hi := d.Int()
		*a = fixed.AmountOf(hi, d.Uint())
	}
	q.matched = d.Bool()
	if d.Bool() {
		big := d.Decimal()
		q.bigSpend = &big
	}
	q.unpriced = d.Bool()
	q.pending = int32(d.Int())
	q.qtyTerm = fixed.Value(d.Int())
	q.qty = fixed.Value(d.Int())
	q.date = readDate(d)
	d.Rest()
	if d.Err != nil {
		return fmt.Errorf("matching: decode result: %w", d.Err)
	}
	*r = q
	return nil
}

// enumValue reads an enumeration's number, which must be below n.
func enumValue(d *binx.Decoder, what string, n int) uint8 {
	v := d.Uint()
	if d.Err == nil && v >= uint64(n) {
		d.Fail("%s %d is unknown", what, v)
		return 0
	}
	return uint8(v)
}

// readMonth reads a month, which may be zero.
func readMonth(d *binx.Decoder) lifecycle.Period {
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

func readDate(d *binx.Decoder) lifecycle.Date {
	y, m, day := d.Int(), d.Uint(), d.Uint()
	if d.Err != nil || (y == 0 && m == 0 && day == 0) {
		return lifecycle.Date{}
	}
	if y < 1 || y > 9999 || m < 1 || m > 12 || day < 1 || day > 31 {
		d.Fail("%d-%d-%d is not a date", y, m, day)
		return lifecycle.Date{}
	}
	date, err := lifecycle.NewDate(int(y), time.Month(m), int(day))
	if err != nil {
		d.Fail("%v", err)
	}
	return date
}
