package main

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// contractRow is a contract read from contracts.csv, with the row it
// came from so the index's verdict on it can point there.
type contractRow struct {
	c   matching.Contract
	row *row
}

// readContracts reads contracts.csv (contract, supplier, category,
// regions, currency, valid_from, valid_to, initiative) and terms.csv
// (contract, item, unit, price, baseline, tier_kind, tiers as
// "from:price" joined by ";").
func (w *world) readContracts(contracts, terms *table, byRef map[string]*tracked) []contractRow {
	var out []contractRow
	byID := map[string]int{}
	if contracts == nil {
		return nil
	}
	for _, r := range contracts.rows {
		ref := r.need("contract")
		c := matching.Contract{
			Ref: ref, Supplier: r.need("supplier"), Category: w.category(r, "category"),
			Regions: r.list("regions"), Currency: r.currency("currency"),
			Valid: lifecycle.Term{Start: r.date("valid_from", true), End: r.date("valid_to", true)},
		}
		if v := r.str("initiative"); v != "" {
			tr, ok := byRef[v]
			if !ok {
				r.fail("initiative", "%q is not in initiatives.csv", v)
			} else {
				c.Initiative = tr.id
			}
		}
		if _, dup := byID[ref]; dup && ref != "" {
			r.fail("contract", "%q appears twice", ref)
		}
		if r.failed {
			continue
		}
		id, err := matching.NewContractID(w.ids)
		if err != nil {
			panic(err)
		}
		c.ID = id
		byID[ref] = len(out)
		out = append(out, contractRow{c: c, row: r})
	}
	if terms == nil {
		return out
	}
	for _, r := range terms.rows {
		ref := r.need("contract")
		i, ok := byID[ref]
		if ref != "" && !ok {
			r.fail("contract", "%q is not a readable contract of contracts.csv", ref)
		}
		t := matching.PriceTerm{Item: r.need("item"), Unit: strings.ToUpper(r.need("unit"))}
		t.Price, _ = r.number("price", true)
		t.Baseline, _ = r.number("baseline", true)
		if r.str("tier_kind") != "" {
			r.text("tier_kind", &t.TierKind, false)
		}
		for _, tier := range r.list("tiers") {
			from, price, ok := strings.Cut(tier, ":")
			f, err1 := decimal.NewFromString(strings.TrimSpace(from))
			p, err2 := decimal.NewFromString(strings.TrimSpace(price))
			if !ok || err1 != nil || err2 != nil {
				r.fail("tiers", "%q is not \"from quantity:unit price\"", tier)
				continue
			}
			t.Tiers = append(t.Tiers, matching.Tier{From: f, Price: p})
		}
		if r.failed {
			continue
		}
		out[i].c.Terms = append(out[i].c.Terms, t)
	}
	return out
}

// readUnits reads units.csv: from, to, factor (1 from is factor to).
func readUnits(t *table) []matching.UnitConversion {
	if t == nil {
		return nil
	}
	var out []matching.UnitConversion
	for _, r := range t.rows {
		u := matching.UnitConversion{From: strings.ToUpper(r.need("from")), To: strings.ToUpper(r.need("to"))}
		u.Factor, _ = r.number("factor", true)
		if !r.failed {
			out = append(out, u)
		}
	}
	return out
}

// buildIndex indexes the contracts. The index reports every contract it
// refuses; each is a problem of its row and is left out, and the rest
// are indexed.
func buildIndex(rows []contractRow, cfg matching.Config) (*matching.Index, error) {
	all := make([]matching.Contract, len(rows))
	for i := range rows {
		all[i] = rows[i].c
	}
	ix, err := matching.NewIndex(all, cfg)
	if err == nil {
		return ix, nil
	}
	var good []matching.Contract
	for i := range rows {
		if _, err := matching.NewIndex([]matching.Contract{rows[i].c}, cfg); err != nil {
			rows[i].row.fail("", "%v", err)
			continue
		}
		good = append(good, rows[i].c)
	}
	return matching.NewIndex(good, cfg)
}

// sourceLine is an invoice line with the row it came from.
type sourceLine struct {
	line matching.InvoiceLine
	row  *row
}

// readInvoices reads invoices.csv: invoice, line, supplier, item,
// category, region, business_unit, date, quantity, unit, unit_price,
// currency. A row whose values cannot be read at all (a date that is no
// date, a number that is no number) is a problem of the file; a line
// that reads but is invalid (no supplier, quantity zero, an unknown
// currency) goes to the matcher, which rejects it with its reason.
func (w *world) readInvoices(t *table) []sourceLine {
	if t == nil {
		return nil
	}
	var out []sourceLine
	for _, r := range t.rows {
		l := matching.InvoiceLine{
			Invoice: r.str("invoice"), Supplier: r.str("supplier"), Item: r.str("item"),
			Region: r.str("region"), BusinessUnit: r.str("business_unit"),
			Unit: strings.ToUpper(r.str("unit")), Currency: lifecycle.Currency(strings.ToUpper(r.str("currency"))),
		}
		if v := r.str("line"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				r.fail("line", "%q is not a whole number", v)
			}
			l.Line = n
		}
		if r.str("category") != "" {
			l.Category = w.category(r, "category")
		}
		l.Date = r.date("date", true)
		l.Quantity, _ = r.number("quantity", true)
		l.UnitPrice, _ = r.number("unit_price", true)
		if r.failed {
			continue
		}
		out = append(out, sourceLine{line: l, row: r})
	}
	return out
}
