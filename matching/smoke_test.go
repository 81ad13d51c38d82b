package matching_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestHandComputedLeakage(t *testing.T) {
	ids := &lifecycle.Sequence{Seed: t.Name()}
	cid, _ := matching.NewContractID(ids)
	cat, _ := lifecycle.NewCategoryID(ids)
	ini, _ := lifecycle.NewInitiativeID(ids)
	ix, err := matching.NewIndex([]matching.Contract{{
		ID: cid, Supplier: "ACME", Category: cat, Currency: "EUR", Initiative: ini,
		Valid: lifecycle.Term{Start: lifecycle.MustDate(2024, 1, 1), End: lifecycle.MustDate(2024, 12, 31)},
		Terms: []matching.PriceTerm{
			{Item: "GLOVE", Unit: "EA", Price: dec("0.72"), Baseline: dec("0.80")},
			{Item: "BOLT", Unit: "EA", Price: dec("4.00"), Baseline: dec("4.10")},
		},
	}}, matching.Config{})
	require.NoError(t, err)
	m := ix.NewMatcher()
	line := func(inv, item, qty, price string) matching.InvoiceLine {
		return matching.InvoiceLine{Invoice: inv, Line: 1, Supplier: "ACME", Item: item, Category: cat,
			Date: lifecycle.MustDate(2024, time.March, 5), Quantity: dec(qty), Unit: "EA",
			UnitPrice: dec(price), Currency: "EUR"}
	}
	r := m.Match(line("INV-1", "GLOVE", "4500", "0.75"))
	assert.Equal(t, matching.Leakage, r.Class)
	assert.Equal(t, "135.00 EUR", r.Leakage().String())
	assert.Equal(t, "225.00 EUR", r.Savings().String())
	assert.Equal(t, "3375.00 EUR", r.Spend().String())
	r = m.Match(line("INV-2", "BOLT", "10", "3.96"))
	assert.Equal(t, matching.OnContract, r.Class)
	assert.Equal(t, "0.00 EUR", r.Leakage().String())
	assert.Equal(t, "1.40 EUR", r.Savings().String())
}
