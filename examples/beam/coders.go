package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/openprocure/realize/internal/binx"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// The coders of lines and contracts write every field in the library's
// binary building blocks, decimals exact to their last digit and
// exponent, so that a value comes back equal field for field; JSON would
// drop a decimal's trailing zeros.

var errCoder = errors.New("corrupt element")

func encodeLine(l NumberedLine) ([]byte, error) {
	e := &binx.Encoder{Invalid: errCoder}
	e.Int(l.Pos)
	x := &l.Line
	e.Text(x.Invoice)
	e.Int(int64(x.Line))
	e.Text(x.Supplier)
	e.Text(x.Item)
	e.ID(x.Category)
	e.Text(x.Region)
	e.Text(x.BusinessUnit)
	date(e, x.Date)
	e.Decimal(x.Quantity)
	e.Text(x.Unit)
	e.Decimal(x.UnitPrice)
	e.Text(string(x.Currency))
	return e.Buf, e.Err
}

func decodeLine(b []byte) (NumberedLine, error) {
	d := &binx.Decoder{Data: b, Invalid: errCoder}
	l := NumberedLine{Pos: d.Int()}
	x := &l.Line
	x.Invoice = d.Text()
	x.Line = int(d.Int())
	x.Supplier = d.Text()
	x.Item = d.Text()
	x.Category = binx.ReadID[lifecycle.CategoryID](d)
	x.Region = d.Text()
	x.BusinessUnit = d.Text()
	x.Date = readDate(d)
	x.Quantity = d.Decimal()
	x.Unit = d.Text()
	x.UnitPrice = d.Decimal()
	x.Currency = lifecycle.Currency(d.Text())
	d.Rest()
	return l, d.Err
}

func encodeContract(c matching.Contract) ([]byte, error) {
	e := &binx.Encoder{Invalid: errCoder}
	e.ID(c.ID)
	e.Text(c.Supplier)
	e.ID(c.Category)
	e.Uint(uint64(len(c.Regions)))
	for _, r := range c.Regions {
		e.Text(r)
	}
	e.Text(string(c.Currency))
	date(e, c.Valid.Start)
	date(e, c.Valid.End)
	e.ID(c.Initiative)
	e.Text(c.Ref)
	e.Uint(uint64(len(c.Terms)))
	for _, t := range c.Terms {
		e.Text(t.Item)
		e.Text(t.Unit)
		e.Decimal(t.Price)
		e.Decimal(t.Baseline)
		e.Uint(uint64(t.TierKind))
		e.Uint(uint64(len(t.Tiers)))
		for _, tier := range t.Tiers {
			e.Decimal(tier.From)
			e.Decimal(tier.Price)
		}
	}
	return e.Buf, e.Err
}

func decodeContract(b []byte) (matching.Contract, error) {
	d := &binx.Decoder{Data: b, Invalid: errCoder}
	var c matching.Contract
	c.ID = binx.ReadID[matching.ContractID](d)
	c.Supplier = d.Text()
	c.Category = binx.ReadID[lifecycle.CategoryID](d)
	if n := d.Length("regions"); n > 0 {
		c.Regions = make([]string, n)
		for i := range c.Regions {
			c.Regions[i] = d.Text()
		}
	}
	c.Currency = lifecycle.Currency(d.Text())
	c.Valid.Start = readDate(d)
	c.Valid.End = readDate(d)
	c.Initiative = binx.ReadID[lifecycle.InitiativeID](d)
	c.Ref = d.Text()
	if n := d.Length("terms"); n > 0 {
		c.Terms = make([]matching.PriceTerm, n)
		for i := range c.Terms {
			t := &c.Terms[i]
			t.Item = d.Text()
			t.Unit = d.Text()
			t.Price = d.Decimal()
			t.Baseline = d.Decimal()
			t.TierKind = matching.TierKind(d.Uint())
			if n := d.Length("tiers"); n > 0 {
				t.Tiers = make([]matching.Tier, n)
				for j := range t.Tiers {
					t.Tiers[j] = matching.Tier{From: d.Decimal(), Price: d.Decimal()}
				}
			}
		}
	}
	d.Rest()
	return c, d.Err
}

func date(e *binx.Encoder, d lifecycle.Date) {
	e.Int(int64(d.Year()))
	e.Uint(uint64(d.Month()))
	e.Uint(uint64(d.Day()))
}

func readDate(d *binx.Decoder) lifecycle.Date {
	y, m, day := d.Int(), d.Uint(), d.Uint()
	if d.Err != nil || (y == 0 && m == 0 && day == 0) {
		return lifecycle.Date{}
	}
	if y < 1 || y > 9999 || m > 12 || day > 31 {
		d.Fail("%d-%d-%d is not a date", y, m, day)
		return lifecycle.Date{}
	}
	v, err := lifecycle.NewDate(int(y), time.Month(m), int(day))
	if err != nil {
		d.Fail("%v", fmt.Errorf("date: %w", err))
	}
	return v
}
