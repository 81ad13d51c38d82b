package matching_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// clsIdxIDs hands out the contract IDs of the index tests.
var clsIdxIDs = &lifecycle.Sequence{Seed: "matching/index_test"}

// clsIdxContract returns a valid contract with one plain term and one
// range-tiered term.
func clsIdxContract(ref string) matching.Contract {
	return matching.Contract{
		ID: clsMust(matching.NewContractID(clsIdxIDs)), Ref: ref, Supplier: "ACME",
		Category: clsCat, Currency: "EUR", Valid: clsYear, Regions: []string{"DE"},
		Terms: []matching.PriceTerm{
			{Item: "GLOVE", Unit: "EA", Price: dec("0.72"), Baseline: dec("0.80")},
			{Item: "WIDGET", Unit: "EA", Price: dec("10"), Baseline: dec("11"),
				TierKind: matching.Range, Tiers: []matching.Tier{
					{From: dec("100"), Price: dec("9")}, {From: dec("500"), Price: dec("8")}}},
		},
	}
}

// clsProblems returns the problems joined in err.
func clsProblems(t *testing.T, err error) []error {
	t.Helper()
	require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "not a joined error: %v", err)
	return joined.Unwrap()
}

func TestClsIndexContractProblems(t *testing.T) {
	cases := []struct {
		name string
		edit func(c *matching.Contract, first matching.ContractID)
		want string // in the problem's message
	}{
		{"zero id", func(c *matching.Contract, _ matching.ContractID) { c.ID = matching.ContractID{} },
			"no id"},
		{"duplicate id", func(c *matching.Contract, first matching.ContractID) { c.ID = first },
			"same id as contract 0"},
		{"no supplier", func(c *matching.Contract, _ matching.ContractID) { c.Supplier = "" },
			"no supplier"},
		{"no category", func(c *matching.Contract, _ matching.ContractID) {
			c.Category = lifecycle.CategoryID{}
		}, "no category"},
		{"unknown currency", func(c *matching.Contract, _ matching.ContractID) { c.Currency = "XYZ" },
			`currency "XYZ" is not ISO 4217`},
		{"no currency", func(c *matching.Contract, _ matching.ContractID) { c.Currency = "" },
			`currency "" is not ISO 4217`},
		{"inverted validity", func(c *matching.Contract, _ matching.ContractID) {
			c.Valid.Start, c.Valid.End = c.Valid.End, c.Valid.Start
		}, "validity"},
		{"no validity", func(c *matching.Contract, _ matching.ContractID) { c.Valid = lifecycle.Term{} },
			"validity"},
		{"empty region", func(c *matching.Contract, _ matching.ContractID) {
			c.Regions = []string{"DE", ""}
		}, "an empty region"},
		{"empty item", func(c *matching.Contract, _ matching.ContractID) { c.Terms[0].Item = "" },
			"term 0: needs an item and a unit"},
		{"empty unit", func(c *matching.Contract, _ matching.ContractID) { c.Terms[1].Unit = "" },
			"term 1: needs an item and a unit"},
		{"same item and unit twice", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms = append(c.Terms, c.Terms[0])
		}, `term 2: item "GLOVE" in EA priced twice`},
		{"negative price", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[0].Price = dec("-0.72")
		}, "term 0: price -0.72 is not a non-negative price"},
		{"negative baseline", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[0].Baseline = dec("-1")
		}, "term 0: baseline -1 is not a non-negative price"},
		{"price of seven places", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[0].Price = dec("0.7200001")
		}, "term 0: price 0.7200001"},
		{"tier kind without tiers", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[0].TierKind = matching.Slab
		}, "term 0: slab tiers but none given"},
		{"tiers without kind", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[1].TierKind = matching.NoTiers
		}, "term 1: tiers given but no tier kind"},
		{"unknown tier kind", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[1].TierKind = matching.TierKind(9)
		}, "term 1: tier kind 9"},
		{"tier from zero", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[1].Tiers[0].From = dec("0")
		}, "term 1 tier 0: from 0 is not a positive quantity"},
		{"tier from negative", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[1].Tiers[1].From = dec("-5")
		}, "term 1 tier 1: from -5 is not a positive quantity"},
		{"duplicate tier from", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[1].Tiers[1].From = dec("100.000")
		}, "term 1: two tiers from 100"},
		{"negative tier price", func(c *matching.Contract, _ matching.ContractID) {
			c.Terms[1].Tiers[0].Price = dec("-9")
		}, "term 1: tier 0 price -9 is not a non-negative price"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			good, bad := clsIdxContract("CW-GOOD"), clsIdxContract("CW-BAD")
			tc.edit(&bad, good.ID)
			ix, err := matching.NewIndex([]matching.Contract{good, bad}, matching.Config{})
			assert.Nil(t, ix, "nothing is built unless everything is valid")
			require.ErrorIs(t, err, matching.ErrInvalidContract)
			problems := clsProblems(t, err)
			require.Len(t, problems, 1, "%v", err)
			var ce *matching.ContractError
			require.ErrorAs(t, problems[0], &ce)
			assert.Equal(t, 1, ce.Index)
			assert.Equal(t, bad.ID, ce.Contract)
			assert.Equal(t, "CW-BAD", ce.Ref)
			require.ErrorIs(t, ce, matching.ErrInvalidContract)
			msg := ce.Error()
			assert.Contains(t, msg, tc.want)
			assert.True(t, strings.HasPrefix(msg, "contract 1 "+bad.ID.String()+" (CW-BAD): "), msg)
		})
	}
}

// Every problem of every contract is reported at once, each naming its
// contract.
func TestClsIndexEveryProblemJoined(t *testing.T) {
	a, b, c := clsIdxContract("CW-1"), clsIdxContract(""), clsIdxContract("CW-3")
	a.Supplier, a.Currency = "", "EURO" // two problems
	b.Terms[0].Price = dec("-1")        // one
	c.ID = a.ID                         // one: same id as contract 0
	c.Terms[1].Tiers[0].Price = dec("9.0000001")
	cfg := matching.Config{Tolerance: matching.Tolerance{
		Relative: clsMust(matching.Relative(dec("0.02"))),
		Absolute: clsMust(matching.Absolute(dec("0.01"))),
	}}
	_, err := matching.NewIndex([]matching.Contract{a, b, c}, cfg)
	problems := clsProblems(t, err)
	// 2 for a, 1 for b, 2 for c, and the tolerance without a join.
	require.Len(t, problems, 6, "%v", err)
	wantIndex := map[int]int{0: 2, 1: 1, 2: 2}
	got := map[int]int{}
	for _, p := range problems {
		require.ErrorIs(t, p, matching.ErrInvalidContract)
		var ce *matching.ContractError
		if errors.As(p, &ce) {
			got[ce.Index]++
		}
	}
	assert.Equal(t, wantIndex, got)
	// A contract without a ref is named by its id alone.
	assert.Contains(t, err.Error(), "contract 1 "+b.ID.String()+": term 0: price -1")
}

func TestClsIndexConfigProblems(t *testing.T) {
	rel := clsMust(matching.Relative(dec("0.02")))
	abs := clsMust(matching.Absolute(dec("0.01")))
	cases := []struct {
		name string
		cfg  matching.Config
		want string
	}{
		{"same unit", matching.Config{Units: []matching.UnitConversion{
			{From: "EA", To: "EA", Factor: dec("1")}}}, "needs two different units"},
		{"empty unit", matching.Config{Units: []matching.UnitConversion{
			{From: "", To: "EA", Factor: dec("12")}}}, "needs two different units"},
		{"zero factor", matching.Config{Units: []matching.UnitConversion{
			{From: "BOX", To: "EA", Factor: dec("0")}}}, "factor 0 is not positive"},
		{"negative factor", matching.Config{Units: []matching.UnitConversion{
			{From: "BOX", To: "EA", Factor: dec("-12")}}}, "factor -12 is not positive"},
		{"factor of seven places", matching.Config{Units: []matching.UnitConversion{
			{From: "BOX", To: "EA", Factor: dec("0.0000001")}}}, "factor 0.0000001 is not positive"},
		{"duplicate conversion", matching.Config{Units: []matching.UnitConversion{
			{From: "BOX", To: "EA", Factor: dec("12")},
			{From: "BOX", To: "EA", Factor: dec("10")}}}, "unit conversion 1 BOX→EA: given twice"},
		{"both limits, no join", matching.Config{Tolerance: matching.Tolerance{
			Relative: rel, Absolute: abs}}, "needs And or Or"},
		{"unknown direction", matching.Config{Tolerance: matching.Tolerance{
			Direction: matching.Direction(7)}}, "tolerance direction 7"},
		{"unknown join", matching.Config{Tolerance: matching.Tolerance{
			Relative: rel, Join: matching.Join(7)}}, "tolerance join 7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := matching.NewIndex([]matching.Contract{clsIdxContract("CW-1")}, tc.cfg)
			assert.Nil(t, ix)
			require.ErrorIs(t, err, matching.ErrInvalidContract)
			problems := clsProblems(t, err)
			require.Len(t, problems, 1, "%v", err)
			assert.Contains(t, problems[0].Error(), tc.want)
		})
	}
}

func TestClsIndexToleranceLimits(t *testing.T) {
	cases := []struct {
		name  string
		make  func(d string) (matching.Limit, error)
		value string
		ok    bool
	}{
		{"relative 2%", func(d string) (matching.Limit, error) { return matching.Relative(dec(d)) }, "0.02", true},
		{"relative 0", func(d string) (matching.Limit, error) { return matching.Relative(dec(d)) }, "0", true},
		{"relative negative", func(d string) (matching.Limit, error) { return matching.Relative(dec(d)) },
			"-0.02", false},
		{"relative seven places", func(d string) (matching.Limit, error) { return matching.Relative(dec(d)) },
			"0.0000001", false},
		{"absolute 0.01", func(d string) (matching.Limit, error) { return matching.Absolute(dec(d)) }, "0.01", true},
		{"absolute negative", func(d string) (matching.Limit, error) { return matching.Absolute(dec(d)) },
			"-0.01", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := tc.make(tc.value)
			if !tc.ok {
				require.ErrorIs(t, err, matching.ErrInvalidContract)
				assert.Contains(t, err.Error(), tc.value)
				assert.False(t, l.IsSet())
				return
			}
			require.NoError(t, err)
			assert.True(t, l.IsSet(), "a zero limit that is set is still set")
			assert.True(t, l.Decimal().Equal(dec(tc.value)), "%s", l.Decimal())
		})
	}
	var unset matching.Limit
	assert.False(t, unset.IsSet())
	require.NoError(t, matching.Tolerance{}.Validate(), "the zero tolerance is valid: strict")
}

func TestClsIndexLen(t *testing.T) {
	ix := clsIndex(t, matching.Config{})
	contracts, terms := ix.Len()
	// CW-A has 8 terms, CW-R and CW-U one each.
	assert.Equal(t, 3, contracts)
	assert.Equal(t, 10, terms)

	empty, err := matching.NewIndex(nil, matching.Config{})
	require.NoError(t, err)
	contracts, terms = empty.Len()
	assert.Zero(t, contracts)
	assert.Zero(t, terms)
	// Every line is uncontracted against no contracts at all.
	r := empty.NewMatcher().Match(clsLine("GLOVE", "1", "1"))
	assert.Equal(t, matching.Uncontracted, r.Class)
}

// The index keeps the configuration it was built with, and is not
// changed by later edits to the caller's contracts.
func TestClsIndexIsImmutable(t *testing.T) {
	contracts := clsContracts()
	ix, err := matching.NewIndex(contracts, matching.Config{FloorSavings: true, Units: clsUnits})
	require.NoError(t, err)
	assert.True(t, ix.Config().FloorSavings)
	contracts[1].Regions[0] = "FR"
	contracts[0].Terms[clsTermGlove].Price = dec("9.99")
	r := ix.NewMatcher().Match(clsLine("GLOVE", "100", "0.72"))
	assert.Equal(t, matching.OnContract, r.Class)
	assert.Equal(t, "72.00 EUR", r.Expected().String())
	pen := clsEdit(clsLine("PEN", "1", "2.00"), func(l *matching.InvoiceLine) {
		l.Supplier, l.Category, l.Region = "REGIO", clsCatRegion, "DE"
	})
	assert.Equal(t, matching.OnContract, ix.NewMatcher().Match(pen).Class)
}

// Every contract that repeats an id names the first contract with it.
func TestClsIndexRepeatedIDNamesTheFirst(t *testing.T) {
	a, b, c := clsIdxContract("CW-1"), clsIdxContract("CW-2"), clsIdxContract("CW-3")
	b.ID, c.ID = a.ID, a.ID
	_, err := matching.NewIndex([]matching.Contract{a, b, c}, matching.Config{})
	problems := clsProblems(t, err)
	require.Len(t, problems, 2, "%v", err)
	for i, p := range problems {
		var ce *matching.ContractError
		require.ErrorAs(t, p, &ce)
		assert.Equal(t, i+1, ce.Index)
		assert.Contains(t, ce.Error(), "same id as contract 0")
	}
}

// The unit table the index was built with is its own: changing the
// caller's table, or the one Config returns, changes nothing.
func TestClsIndexOwnsItsUnitTable(t *testing.T) {
	units := []matching.UnitConversion{{From: "BOX", To: "EA", Factor: dec("12")}}
	ix, err := matching.NewIndex(clsContracts(), matching.Config{Units: units})
	require.NoError(t, err)
	units[0].Factor = dec("10")
	ix.Config().Units[0].From = "CASE"
	cfg := ix.Config()
	require.Len(t, cfg.Units, 1)
	assert.Equal(t, "BOX", cfg.Units[0].From)
	assert.True(t, cfg.Units[0].Factor.Equal(dec("12")), "%s", cfg.Units[0].Factor)
	// 2 BOX = 24 EA: 24 × 0.72 = 17.28.
	r := ix.NewMatcher().Match(clsEdit(clsLine("GLOVE", "2", "8.64"),
		func(l *matching.InvoiceLine) { l.Unit = "BOX" }))
	assert.Equal(t, "17.28 EUR", r.Expected().String())
}

// TestValidCurrencyAgreesWithLifecycle: the matcher's table of valid
// currency codes says what lifecycle says, for every string of three
// printable ASCII characters and a few of other lengths.
func TestValidCurrencyAgreesWithLifecycle(t *testing.T) {
	check := func(code string) {
		if got, want := matching.ValidCurrency(lifecycle.Currency(code)), lifecycle.Currency(code).Valid(); got != want {
			t.Errorf("%q: the matcher says valid %v, lifecycle %v", code, got, want)
		}
	}
	b := []byte("   ")
	for x := ' '; x <= '~'; x++ {
		for y := ' '; y <= '~'; y++ {
			for z := ' '; z <= '~'; z++ {
				b[0], b[1], b[2] = byte(x), byte(y), byte(z)
				check(string(b))
			}
		}
	}
	for _, code := range []string{"", "E", "EU", "EURO", "eur", "EUR ", "\xffUR"} {
		check(code)
	}
	if !matching.ValidCurrency("EUR") || !matching.ValidCurrency("JPY") || matching.ValidCurrency("XYZ") {
		t.Error("EUR and JPY should be valid, XYZ not")
	}
}
