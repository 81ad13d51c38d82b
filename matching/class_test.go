package matching_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// The identifiers of the class tests come from one deterministic
// sequence, so every run sees the same IDs.
var clsIDs = &lifecycle.Sequence{Seed: "matching/class_test"}

func clsMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var (
	clsCat       = clsMust(lifecycle.NewCategoryID(clsIDs)) // contracted with ACME and YANK
	clsCatOther  = clsMust(lifecycle.NewCategoryID(clsIDs)) // no contract at all
	clsCatRegion = clsMust(lifecycle.NewCategoryID(clsIDs)) // contracted in DE and AT only
	clsIni       = clsMust(lifecycle.NewInitiativeID(clsIDs))
	clsIni2      = clsMust(lifecycle.NewInitiativeID(clsIDs))
	clsIDA       = clsMust(matching.NewContractID(clsIDs))
	clsIDR       = clsMust(matching.NewContractID(clsIDs))
	clsIDU       = clsMust(matching.NewContractID(clsIDs))
)

// clsDay returns a day of 2024, the year the test contracts run.
func clsDay(m time.Month, d int) lifecycle.Date { return lifecycle.MustDate(2024, m, d) }

// clsYear is 2024, both ends included.
var clsYear = lifecycle.Term{Start: clsDay(time.January, 1), End: clsDay(time.December, 31)}

// clsUnits: a BOX is 12 EA, a CASE 24 EA or 2 BOX.
var clsUnits = []matching.UnitConversion{
	{From: "BOX", To: "EA", Factor: dec("12")},
	{From: "CASE", To: "EA", Factor: dec("24")},
	{From: "CASE", To: "BOX", Factor: dec("2")},
}

// Term positions in contract CW-A, as Result.Term reports them.
const (
	clsTermGlove = iota
	clsTermBolt
	clsTermScrew
	clsTermNutEA
	clsTermNutBox
	clsTermWidget
	clsTermRoll
	clsTermPaper
)

// clsContracts returns the standard contracts:
//
//   - CW-A: ACME, category clsCat, EUR, all of 2024, every region,
//     initiative clsIni, with one term of each kind;
//   - CW-R: REGIO, category clsCatRegion, EUR, 2024, DE and AT only;
//   - CW-U: YANK, category clsCat, USD, 2024, initiative clsIni2.
func clsContracts() []matching.Contract {
	return []matching.Contract{
		{
			ID: clsIDA, Ref: "CW-A", Supplier: "ACME", Category: clsCat, Currency: "EUR",
			Valid: clsYear, Initiative: clsIni,
			Terms: []matching.PriceTerm{
				clsTermGlove: {Item: "GLOVE", Unit: "EA", Price: dec("0.72"), Baseline: dec("0.80")},
				clsTermBolt:  {Item: "BOLT", Unit: "EA", Price: dec("4.00"), Baseline: dec("4.10")},
				clsTermScrew: {Item: "SCREW", Unit: "BOX", Price: dec("6.00"), Baseline: dec("6.60")},
				clsTermNutEA: {Item: "NUT", Unit: "EA", Price: dec("0.50"), Baseline: dec("0.55")},
				clsTermNutBox: {Item: "NUT", Unit: "BOX", Price: dec("6.00"),
					Baseline: dec("6.60")},
				clsTermWidget: {Item: "WIDGET", Unit: "EA", Price: dec("10.00"),
					Baseline: dec("11.00"), TierKind: matching.Range,
					Tiers: []matching.Tier{{From: dec("500"), Price: dec("8.00")},
						{From: dec("100"), Price: dec("9.00")}}},
				clsTermRoll: {Item: "ROLL", Unit: "EA", Price: dec("1.00"),
					Baseline: dec("1.10"), TierKind: matching.Slab,
					Tiers: []matching.Tier{{From: dec("100"), Price: dec("0.90")},
						{From: dec("500"), Price: dec("0.80")}}},
				clsTermPaper: {Item: "PAPER", Unit: "EA", Price: dec("5.00"),
					Baseline: dec("5.50"), TierKind: matching.Cumulative,
					Tiers: []matching.Tier{{From: dec("1000"), Price: dec("4.50")},
						{From: dec("2000"), Price: dec("4.00")}}},
			},
		},
		{
			ID: clsIDR, Ref: "CW-R", Supplier: "REGIO", Category: clsCatRegion,
			Currency: "EUR", Valid: clsYear, Regions: []string{"DE", "AT"}, Initiative: clsIni2,
			Terms: []matching.PriceTerm{
				{Item: "PEN", Unit: "EA", Price: dec("2.00"), Baseline: dec("2.50")},
			},
		},
		{
			ID: clsIDU, Ref: "CW-U", Supplier: "YANK", Category: clsCat, Currency: "USD",
			Valid: clsYear, Initiative: clsIni2,
			Terms: []matching.PriceTerm{
				{Item: "CABLE", Unit: "EA", Price: dec("2.00"), Baseline: dec("2.20")},
			},
		},
	}
}

// clsIndex builds the standard contracts under cfg; the unit table is
// clsUnits unless cfg names its own.
func clsIndex(t testing.TB, cfg matching.Config) *matching.Index {
	t.Helper()
	if cfg.Units == nil {
		cfg.Units = clsUnits
	}
	ix, err := matching.NewIndex(clsContracts(), cfg)
	require.NoError(t, err)
	return ix
}

// clsLine returns line INV-1/1 from ACME in category clsCat, region DE,
// dated 5 March 2024, in EA and EUR.
func clsLine(item, qty, price string) matching.InvoiceLine {
	return matching.InvoiceLine{
		Invoice: "INV-1", Line: 1, Supplier: "ACME", Item: item, Category: clsCat,
		Region: "DE", BusinessUnit: "Plant 1", Date: clsDay(time.March, 5),
		Quantity: dec(qty), Unit: "EA", UnitPrice: dec(price), Currency: "EUR",
	}
}

// clsEdit returns l changed by f.
func clsEdit(l matching.InvoiceLine, f func(*matching.InvoiceLine)) matching.InvoiceLine {
	f(&l)
	return l
}

// clsWant is what a test expects of a result. Money is compared in its
// String form, which keeps the currency's minor units and every further
// digit; "" means unset money (no term was chosen).
type clsWant struct {
	class    matching.Class
	rule     matching.Rule
	reason   matching.Reason
	ref      string // contract ref, "" for none
	term     int    // -1 for none
	tier     int    // -1 for the base price
	expected string
	leakage  string
	savings  string
	dupOf    int // -1 for none
}

// clsUnmatched is the want of a line no term governs, in class c by
// rule r.
func clsUnmatched(c matching.Class, r matching.Rule) clsWant {
	w := clsWant{class: c, rule: r, term: -1, tier: -1,
		leakage: "0.00 EUR", savings: "0.00 EUR", dupOf: -1}
	if c == matching.Maverick {
		w.ref = "CW-A" // the contract the buyer went around
	}
	return w
}

// clsAround is w naming ref as the contract a maverick line went around.
func clsAround(w clsWant, ref string) clsWant {
	w.ref = ref
	return w
}

// clsPriced is the want of a line priced against term of CW-A.
func clsPriced(c matching.Class, r matching.Rule, term, tier int,
	expected, leakage, savings string) clsWant {
	return clsWant{class: c, rule: r, ref: "CW-A", term: term, tier: tier,
		expected: expected, leakage: leakage, savings: savings, dupOf: -1}
}

func clsCheck(t *testing.T, w clsWant, r matching.Result) {
	t.Helper()
	assert.Equal(t, w.class.String(), r.Class.String(), "class")
	assert.Equal(t, w.rule.String(), r.Rule.String(), "rule")
	assert.Equal(t, w.reason.String(), r.Reason.String(), "reason")
	assert.Equal(t, w.ref, r.ContractRef, "contract ref")
	assert.Equal(t, w.term, r.Term, "term")
	assert.Equal(t, w.tier, r.Tier, "tier")
	assert.Equal(t, w.dupOf, r.DuplicateOf, "duplicate of")
	if w.expected == "" {
		assert.False(t, r.Expected().IsSet(), "expected should be unset, is %s", r.Expected())
	} else {
		assert.Equal(t, w.expected, r.Expected().String(), "expected")
	}
	if w.leakage != "" {
		assert.Equal(t, w.leakage, r.Leakage().String(), "leakage")
	}
	if w.savings != "" {
		assert.Equal(t, w.savings, r.Savings().String(), "savings")
	}
}

// clsCase feeds lines to a fresh matcher in one batch and checks the
// result of the last.
type clsCase struct {
	name  string
	cfg   matching.Config
	lines []matching.InvoiceLine
	want  clsWant
}

func clsRun(t *testing.T, cases []clsCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := clsIndex(t, tc.cfg).NewMatcher()
			results := m.MatchBatch(tc.lines, nil)
			require.Len(t, results, len(tc.lines))
			clsCheck(t, tc.want, results[len(results)-1])
		})
	}
}

func TestClsClasses(t *testing.T) {
	both := matching.Config{Tolerance: matching.Tolerance{Direction: matching.Both}}
	onInvoice2 := func(l *matching.InvoiceLine) { l.Invoice = "INV-2" }
	leak := clsLine("GLOVE", "4500", "0.75")
	bolt := clsLine("BOLT", "10", "3.96")
	clsRun(t, []clsCase{
		{
			// 0.72 × 100 = 72.00 expected and paid; savings
			// (0.80 − 0.72) × 100 = 8.00.
			name:  "on contract at the contract price",
			lines: []matching.InvoiceLine{clsLine("GLOVE", "100", "0.72")},
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermGlove, -1,
				"72.00 EUR", "0.00 EUR", "8.00 EUR"),
		},
		{
			// 4.00 × 10 = 40.00 expected, 39.60 paid: below contract is
			// never leakage one-sided; savings (4.10 − 3.96) × 10 = 1.40.
			name:  "on contract below the contract price",
			lines: []matching.InvoiceLine{bolt},
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermBolt, -1,
				"40.00 EUR", "0.00 EUR", "1.40 EUR"),
		},
		{
			// (0.75 − 0.72) × 4500 = 135.00 leakage; expected
			// 0.72 × 4500 = 3240.00; savings (0.80 − 0.75) × 4500 = 225.00.
			name:  "leakage above the contract price",
			lines: []matching.InvoiceLine{leak},
			want: clsPriced(matching.Leakage, matching.RuleAboveTolerance, clsTermGlove, -1,
				"3240.00 EUR", "135.00 EUR", "225.00 EUR"),
		},
		{
			// Two-sided: (3.96 − 4.00) × 10 = −0.40 is a breach too,
			// but nothing leaked; savings (4.10 − 3.96) × 10 = 1.40.
			name:  "leakage below the contract price, two-sided",
			cfg:   both,
			lines: []matching.InvoiceLine{bolt},
			want: clsPriced(matching.Leakage, matching.RuleBelowTolerance, clsTermBolt, -1,
				"40.00 EUR", "0.00 EUR", "1.40 EUR"),
		},
		{
			name: "maverick: other supplier, category contracted",
			lines: []matching.InvoiceLine{clsEdit(clsLine("GLOVE", "100", "0.70"),
				func(l *matching.InvoiceLine) { l.Supplier = "OTHER" })},
			want: clsUnmatched(matching.Maverick, matching.RuleCategoryContracted),
		},
		{
			name:  "maverick: item not in the contract",
			lines: []matching.InvoiceLine{clsLine("MOP", "5", "3.00")},
			want:  clsUnmatched(matching.Maverick, matching.RuleCategoryContracted),
		},
		{
			name: "uncontracted: no contract for the category",
			lines: []matching.InvoiceLine{clsEdit(clsLine("CHAIR", "2", "50.00"),
				func(l *matching.InvoiceLine) {
					l.Supplier, l.Category = "OTHER", clsCatOther
				})},
			want: clsUnmatched(matching.Uncontracted, matching.RuleCategoryUncontracted),
		},
		{
			// The contracts of clsCat end on 31 December 2024.
			name: "uncontracted: category contract outside its dates",
			lines: []matching.InvoiceLine{clsEdit(clsLine("MOP", "5", "3.00"),
				func(l *matching.InvoiceLine) { l.Date = lifecycle.MustDate(2025, time.January, 1) })},
			want: clsUnmatched(matching.Uncontracted, matching.RuleCategoryUncontracted),
		},
		{
			// CW-R covers DE and AT only.
			name: "uncontracted: category contract outside its region",
			lines: []matching.InvoiceLine{clsEdit(clsLine("PENCIL", "5", "1.00"),
				func(l *matching.InvoiceLine) {
					l.Supplier, l.Category, l.Region = "OTHER", clsCatRegion, "FR"
				})},
			want: clsUnmatched(matching.Uncontracted, matching.RuleCategoryUncontracted),
		},
		{
			// The same invoice line twice: the second is a duplicate of
			// Seq 0, and its leakage and savings are not counted again.
			name:  "duplicate: same invoice and line",
			lines: []matching.InvoiceLine{leak, leak},
			want: clsWant{class: matching.Duplicate, rule: matching.RuleSameLine, ref: "CW-A",
				term: clsTermGlove, tier: -1, expected: "3240.00 EUR",
				leakage: "0.00 EUR", savings: "0.00 EUR", dupOf: 0},
		},
		{
			name:  "suspected duplicate: same supplier, spend and date, other invoice",
			lines: []matching.InvoiceLine{bolt, clsEdit(bolt, onInvoice2)},
			want: clsWant{class: matching.SuspectedDuplicate, rule: matching.RuleSameAmount,
				ref: "CW-A", term: clsTermBolt, tier: -1, expected: "40.00 EUR",
				leakage: "0.00 EUR", savings: "0.00 EUR", dupOf: 0},
		},
		{
			// Same amount on another line of the same invoice: two
			// real purchases, not a duplicate.
			name: "not suspected: same invoice, other line",
			lines: []matching.InvoiceLine{bolt,
				clsEdit(bolt, func(l *matching.InvoiceLine) { l.Line = 2 })},
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermBolt, -1,
				"40.00 EUR", "0.00 EUR", "1.40 EUR"),
		},
		{
			name: "not suspected: other date",
			lines: []matching.InvoiceLine{bolt, clsEdit(bolt, func(l *matching.InvoiceLine) {
				l.Invoice, l.Date = "INV-2", clsDay(time.March, 6)
			})},
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermBolt, -1,
				"40.00 EUR", "0.00 EUR", "1.40 EUR"),
		},
		{
			// NUT is priced per EA and per BOX; a CASE is 24 EA and
			// 2 BOX, so both terms of CW-A fit. The first is named,
			// neither is priced.
			name: "ambiguous: two terms of one contract fit",
			lines: []matching.InvoiceLine{clsEdit(clsLine("NUT", "1", "12.00"),
				func(l *matching.InvoiceLine) { l.Unit = "CASE" })},
			want: clsWant{class: matching.Ambiguous, rule: matching.RuleNoRuleSeparates,
				ref: "CW-A", term: clsTermNutEA, tier: -1,
				leakage: "0.00 EUR", savings: "0.00 EUR", dupOf: -1},
		},
		{
			// 5 EA is 5/12 BOX, inexact, so the BOX term drops out
			// and the EA term alone fits: 0.50 × 5 = 2.50, savings
			// (0.55 − 0.50) × 5 = 0.25.
			name:  "not ambiguous: the other term converts inexactly",
			lines: []matching.InvoiceLine{clsLine("NUT", "5", "0.50")},
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermNutEA, -1,
				"2.50 EUR", "0.00 EUR", "0.25 EUR"),
		},
	})
}

func TestClsRejectionReasons(t *testing.T) {
	ok := clsLine("GLOVE", "100", "0.72")
	edit := func(f func(*matching.InvoiceLine)) matching.InvoiceLine { return clsEdit(ok, f) }
	cases := []struct {
		reason matching.Reason
		line   matching.InvoiceLine
	}{
		{matching.NoInvoice, edit(func(l *matching.InvoiceLine) { l.Invoice = "" })},
		{matching.BadLineNumber, edit(func(l *matching.InvoiceLine) { l.Line = 0 })},
		{matching.NoSupplier, edit(func(l *matching.InvoiceLine) { l.Supplier = "" })},
		{matching.NoItem, edit(func(l *matching.InvoiceLine) { l.Item = "" })},
		{matching.NoCategory, edit(func(l *matching.InvoiceLine) { l.Category = lifecycle.CategoryID{} })},
		{matching.NoDate, edit(func(l *matching.InvoiceLine) { l.Date = lifecycle.Date{} })},
		{matching.ZeroQuantity, edit(func(l *matching.InvoiceLine) { l.Quantity = dec("0") })},
		{matching.NoUnit, edit(func(l *matching.InvoiceLine) { l.Unit = "" })},
		{matching.NegativePrice, edit(func(l *matching.InvoiceLine) { l.UnitPrice = dec("-0.72") })},
		{matching.UnknownCurrency, edit(func(l *matching.InvoiceLine) { l.Currency = "XYZ" })},
		// Seven decimal places, in the price and then in the quantity.
		{matching.TooPrecise, edit(func(l *matching.InvoiceLine) { l.UnitPrice = dec("0.7200001") })},
		{matching.TooPrecise, edit(func(l *matching.InvoiceLine) { l.Quantity = dec("100.0000001") })},
		// SCREW is priced per BOX of 12 EA: 5 EA is 0.41666… BOX.
		{matching.InexactConversion, clsLine("SCREW", "5", "0.50")},
	}
	seen := map[matching.Reason]bool{}
	for _, tc := range cases {
		t.Run(tc.reason.String(), func(t *testing.T) {
			r := clsIndex(t, matching.Config{}).NewMatcher().Match(tc.line)
			assert.Equal(t, matching.Rejected, r.Class)
			assert.Equal(t, matching.RuleInvalidLine, r.Rule)
			assert.Equal(t, tc.reason, r.Reason)
			assert.False(t, r.Matched())
			assert.Equal(t, -1, r.Term)
			assert.True(t, r.Contract.IsZero())
		})
		seen[tc.reason] = true
	}
	for reason := matching.NoInvoice; reason <= matching.InexactConversion; reason++ {
		assert.True(t, seen[reason], "no case for reason %q", reason)
	}
}

// A rejected line is not remembered: the same invoice line sent again,
// corrected, is matched and not a duplicate of the rejected one.
func TestClsRejectedLineIsNoDuplicateSource(t *testing.T) {
	bad := clsEdit(clsLine("GLOVE", "100", "0.72"), func(l *matching.InvoiceLine) { l.Unit = "" })
	results := clsIndex(t, matching.Config{}).NewMatcher().MatchBatch(
		[]matching.InvoiceLine{bad, clsLine("GLOVE", "100", "0.72")}, nil)
	assert.Equal(t, matching.Rejected, results[0].Class)
	assert.Equal(t, matching.OnContract, results[1].Class)
	assert.Equal(t, -1, results[1].DuplicateOf)
}

// clsOverlap returns three contracts for supplier OVER, item TAPE in EA:
// OLD from 1 January at 1.00, NEW from 1 June at 0.90, and SAME from
// 1 June too at 0.95, with IDs such that smaller < larger.
func clsOverlap(t *testing.T) (contracts []matching.Contract, smaller, larger matching.ContractID) {
	t.Helper()
	ids := &lifecycle.Sequence{Seed: "matching/class_test/overlap"}
	old := clsMust(matching.NewContractID(ids))
	a := clsMust(matching.NewContractID(ids))
	b := clsMust(matching.NewContractID(ids))
	if b.Compare(a) < 0 {
		a, b = b, a
	}
	c := func(id matching.ContractID, ref string, start lifecycle.Date, price string,
		ini lifecycle.InitiativeID) matching.Contract {
		return matching.Contract{ID: id, Ref: ref, Supplier: "OVER", Category: clsCat,
			Currency: "EUR", Valid: lifecycle.Term{Start: start, End: clsDay(time.December, 31)},
			Initiative: ini, Terms: []matching.PriceTerm{
				{Item: "TAPE", Unit: "EA", Price: dec(price), Baseline: dec("1.20")}}}
	}
	// The larger ID is listed first so that input order cannot decide.
	return []matching.Contract{
		c(old, "OLD", clsDay(time.January, 1), "1.00", clsIni),
		c(b, "LARGER", clsDay(time.June, 1), "0.95", clsIni2),
		c(a, "SMALLER", clsDay(time.June, 1), "0.90", clsIni2),
	}, a, b
}

func TestClsOverlappingContractsRule(t *testing.T) {
	contracts, smaller, _ := clsOverlap(t)
	line := func(d lifecycle.Date, price string) matching.InvoiceLine {
		return matching.InvoiceLine{Invoice: "INV-" + d.String(), Line: 1, Supplier: "OVER",
			Item: "TAPE", Category: clsCat, Date: d, Quantity: dec("100"), Unit: "EA",
			UnitPrice: dec(price), Currency: "EUR"}
	}
	cases := []struct {
		name     string
		contract matching.ContractID
		ref      string
		rule     matching.Rule
		line     matching.InvoiceLine
		expected string
	}{
		// Only OLD runs on 31 May: 1.00 × 100 = 100.00.
		{"only candidate", contracts[0].ID, "OLD", matching.RuleOnlyCandidate,
			line(clsDay(time.May, 31), "1.00"), "100.00 EUR"},
		// On 1 June OLD and SMALLER and LARGER run; the later start
		// wins over OLD, and of the two June contracts the smaller ID:
		// 0.90 × 100 = 90.00.
		{"same start, smaller id", smaller, "SMALLER", matching.RuleSmallerID,
			line(clsDay(time.June, 1), "0.90"), "90.00 EUR"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := matching.NewIndex(contracts, matching.Config{})
			require.NoError(t, err)
			r := ix.NewMatcher().Match(tc.line)
			assert.Equal(t, matching.OnContract, r.Class)
			assert.Equal(t, tc.contract, r.Contract)
			assert.Equal(t, tc.ref, r.ContractRef)
			assert.Equal(t, tc.expected, r.Expected().String())
			// The rule that chose among the candidates is the
			// explanation DESIGN.md §5 asks for ("which rule decided",
			// "where two initiatives could claim it, the rule that
			// decided is part of the explanation").
			assert.Equal(t, tc.rule.String(), r.Selection.String(), "rule that chose the contract")
		})
	}

	// The latest start: without SMALLER and LARGER's tie, a June line
	// goes to the later of two contracts.
	t.Run("latest start", func(t *testing.T) {
		ix, err := matching.NewIndex(contracts[:2], matching.Config{})
		require.NoError(t, err)
		r := ix.NewMatcher().Match(line(clsDay(time.July, 1), "0.95"))
		assert.Equal(t, matching.OnContract, r.Class)
		assert.Equal(t, "LARGER", r.ContractRef)
		assert.Equal(t, clsIni2, r.Initiative, "the savings go to the winner's initiative only")
		// 0.95 × 100 = 95.00 expected; savings (1.20 − 0.95) × 100 = 25.00.
		assert.Equal(t, "95.00 EUR", r.Expected().String())
		assert.Equal(t, "25.00 EUR", r.Savings().String())
		assert.Equal(t, matching.RuleLatestStart.String(), r.Selection.String(),
			"rule that chose the contract")
	})
}

// TestClsEveryRuleReported checks that each Rule is what some result
// reports: a Rule no result can carry explains nothing.
func TestClsEveryRuleReported(t *testing.T) {
	contracts, _, _ := clsOverlap(t)
	ix, err := matching.NewIndex(append(clsContracts(), contracts...),
		matching.Config{Units: clsUnits, Tolerance: matching.Tolerance{Direction: matching.Both}})
	require.NoError(t, err)
	tape := func(d lifecycle.Date) matching.InvoiceLine {
		return matching.InvoiceLine{Invoice: "T-" + d.String(), Line: 1, Supplier: "OVER",
			Item: "TAPE", Category: clsCat, Date: d, Quantity: dec("7"), Unit: "EA",
			UnitPrice: dec("1.00"), Currency: "EUR"}
	}
	lines := []matching.InvoiceLine{
		clsLine("GLOVE", "100", "0.72"),
		clsEdit(clsLine("GLOVE", "100", "0.80"), func(l *matching.InvoiceLine) { l.Line = 2 }),
		clsEdit(clsLine("GLOVE", "100", "0.70"), func(l *matching.InvoiceLine) { l.Line = 3 }),
		clsEdit(clsLine("GLOVE", "100", "0.70"), func(l *matching.InvoiceLine) { l.Line = 3 }),
		clsEdit(clsLine("GLOVE", "100", "0.70"), func(l *matching.InvoiceLine) { l.Invoice = "INV-9" }),
		clsEdit(clsLine("NUT", "1", "12.00"), func(l *matching.InvoiceLine) { l.Line, l.Unit = 4, "CASE" }),
		clsEdit(clsLine("MOP", "1", "3.00"), func(l *matching.InvoiceLine) { l.Line = 5 }),
		clsEdit(clsLine("MOP", "1", "3.00"), func(l *matching.InvoiceLine) {
			l.Line, l.Category = 6, clsCatOther
		}),
		clsEdit(clsLine("GLOVE", "1", "3.00"), func(l *matching.InvoiceLine) { l.Line = 0 }),
		tape(clsDay(time.March, 1)), tape(clsDay(time.July, 1)),
	}
	seen := map[matching.Rule]bool{}
	for _, r := range ix.NewMatcher().MatchBatch(lines, nil) {
		seen[r.Rule], seen[r.Selection] = true, true
	}
	// The latest start needs two contracts of different starts on top:
	// OLD and LARGER alone.
	ix, err = matching.NewIndex(contracts[:2], matching.Config{})
	require.NoError(t, err)
	r := ix.NewMatcher().Match(tape(clsDay(time.July, 1)))
	seen[r.Rule], seen[r.Selection] = true, true
	for rule := matching.RuleInvalidLine; rule <= matching.RuleCategoryUncontracted; rule++ {
		assert.True(t, seen[rule], "no result reports rule %s", rule)
	}
}

func TestClsTiers(t *testing.T) {
	widget := func(qty, price string) []matching.InvoiceLine {
		return []matching.InvoiceLine{clsLine("WIDGET", qty, price)}
	}
	roll := func(qty, price string) []matching.InvoiceLine {
		return []matching.InvoiceLine{clsLine("ROLL", qty, price)}
	}
	on, leak := matching.OnContract, matching.Leakage
	within, above := matching.RuleWithinTolerance, matching.RuleAboveTolerance
	w, r := clsTermWidget, clsTermRoll
	clsRun(t, []clsCase{
		// WIDGET, range: 10.00 base, 9.00 from 100, 8.00 from 500;
		// baseline 11.00.
		// 99 × 10.00 = 990.00; savings (11.00 − 10.00) × 99 = 99.00.
		{name: "range below the first break", lines: widget("99", "10.00"),
			want: clsPriced(on, within, w, -1, "990.00 EUR", "0.00 EUR", "99.00 EUR")},
		// 100 × 9.00 = 900.00; savings (11.00 − 9.00) × 100 = 200.00.
		{name: "range at the first break", lines: widget("100", "9.00"),
			want: clsPriced(on, within, w, 0, "900.00 EUR", "0.00 EUR", "200.00 EUR")},
		// 101 × 9.00 = 909.00; savings 2.00 × 101 = 202.00.
		{name: "range above the first break", lines: widget("101", "9.00"),
			want: clsPriced(on, within, w, 0, "909.00 EUR", "0.00 EUR", "202.00 EUR")},
		// 499 × 9.00 = 4491.00; paid at 10.00 (the base price):
		// leakage 1.00 × 499 = 499.00; savings 1.00 × 499 = 499.00.
		{name: "range below the second break", lines: widget("499", "10.00"),
			want: clsPriced(leak, above, w, 0, "4491.00 EUR", "499.00 EUR", "499.00 EUR")},
		// 500 × 8.00 = 4000.00; savings 3.00 × 500 = 1500.00.
		{name: "range at the second break", lines: widget("500", "8.00"),
			want: clsPriced(on, within, w, 1, "4000.00 EUR", "0.00 EUR", "1500.00 EUR")},
		// 600 × 8.00 = 4800.00 expected; paid 600 × 8.50 = 5100.00:
		// leakage 0.50 × 600 = 300.00; savings 6600.00 − 5100.00 = 1500.00.
		{name: "range above the second break", lines: widget("600", "8.50"),
			want: clsPriced(leak, above, w, 1, "4800.00 EUR", "300.00 EUR", "1500.00 EUR")},

		// ROLL, slab: 1.00 base, 0.90 from 100, 0.80 from 500;
		// baseline 1.10.
		// 100 × 1.00 = 100.00: no unit beyond the break.
		{name: "slab at the first break", lines: roll("100", "1.00"),
			want: clsPriced(on, within, r, -1, "100.00 EUR", "0.00 EUR", "10.00 EUR")},
		// 100 × 1.00 + 1 × 0.90 = 100.90; paid 101 × 1.00 = 101.00:
		// leakage 0.10; savings 111.10 − 101.00 = 10.10.
		{name: "slab one unit above the first break", lines: roll("101", "1.00"),
			want: clsPriced(leak, above, r, 0, "100.90 EUR", "0.10 EUR", "10.10 EUR")},
		// 100 × 1.00 + 400 × 0.90 + 100 × 0.80 = 540.00; paid
		// 600 × 0.90 = 540.00; savings 600 × 1.10 − 540.00 = 120.00.
		{name: "slab across two breaks", lines: roll("600", "0.90"),
			want: clsPriced(on, within, r, 1, "540.00 EUR", "0.00 EUR", "120.00 EUR")},
		// Paid the base price for all 600: 600.00 − 540.00 = 60.00
		// leakage; savings 660.00 − 600.00 = 60.00.
		{name: "slab paid at the base price", lines: roll("600", "1.00"),
			want: clsPriced(leak, above, r, 1, "540.00 EUR", "60.00 EUR", "60.00 EUR")},
	})
}

// clsPaper returns a PAPER line (cumulative: 5.00 base, 4.50 from 1000
// bought, 4.00 from 2000; baseline 5.50) on invoice inv.
func clsPaper(inv string, d lifecycle.Date, qty, price string) matching.InvoiceLine {
	return clsEdit(clsLine("PAPER", qty, price), func(l *matching.InvoiceLine) {
		l.Invoice, l.Date = inv, d
	})
}

func TestClsTierCumulativeDateOrder(t *testing.T) {
	feb := clsPaper("P-1", clsDay(time.February, 1), "800", "5.00")
	mar := clsPaper("P-2", clsDay(time.March, 1), "400", "5.00")
	apr := clsPaper("P-3", clsDay(time.April, 1), "900", "4.50")
	may := clsPaper("P-4", clsDay(time.May, 1), "100", "4.50")
	// Shuffled: the matcher must put them in date order.
	results := clsIndex(t, matching.Config{}).NewMatcher().MatchBatch(
		[]matching.InvoiceLine{may, mar, feb, apr}, nil)
	on, within := matching.OnContract, matching.RuleWithinTolerance
	p := clsTermPaper
	want := []clsWant{
		// May: bought before 800 + 400 + 900 = 2100 ≥ 2000, tier 1 at
		// 4.00: 100 × 4.00 = 400.00 expected; paid 450.00, leakage
		// 0.50 × 100 = 50.00; savings (5.50 − 4.50) × 100 = 100.00.
		clsPriced(matching.Leakage, matching.RuleAboveTolerance, p, 1,
			"400.00 EUR", "50.00 EUR", "100.00 EUR"),
		// March: bought before 800 < 1000, base 5.00: 400 × 5.00 =
		// 2000.00; savings 0.50 × 400 = 200.00.
		clsPriced(on, within, p, -1, "2000.00 EUR", "0.00 EUR", "200.00 EUR"),
		// February: nothing bought before: 800 × 5.00 = 4000.00;
		// savings 0.50 × 800 = 400.00.
		clsPriced(on, within, p, -1, "4000.00 EUR", "0.00 EUR", "400.00 EUR"),
		// April: bought before 1200 ≥ 1000, tier 0 at 4.50: 900 × 4.50
		// = 4050.00; savings 1.00 × 900 = 900.00.
		clsPriced(on, within, p, 0, "4050.00 EUR", "0.00 EUR", "900.00 EUR"),
	}
	for i, w := range want {
		t.Run(results[i].Invoice, func(t *testing.T) { clsCheck(t, w, results[i]) })
	}
}

func TestClsTierCumulativeCreditNote(t *testing.T) {
	lines := []matching.InvoiceLine{
		clsPaper("P-1", clsDay(time.February, 1), "800", "5.00"),
		clsPaper("C-1", clsDay(time.March, 1), "-300", "5.00"),
		clsPaper("P-2", clsDay(time.April, 1), "300", "5.00"),
		clsPaper("P-3", clsDay(time.May, 1), "600", "5.00"),
		clsPaper("P-4", clsDay(time.June, 1), "100", "4.50"),
	}
	results := clsIndex(t, matching.Config{}).NewMatcher().MatchBatch(lines, nil)
	on, within := matching.OnContract, matching.RuleWithinTolerance
	p := clsTermPaper
	want := []clsWant{
		// 800 × 5.00 = 4000.00; savings 0.50 × 800 = 400.00.
		clsPriced(on, within, p, -1, "4000.00 EUR", "0.00 EUR", "400.00 EUR"),
		// Credit of 300 at 5.00: −1500.00; savings 0.50 × −300 = −150.00.
		clsPriced(on, within, p, -1, "-1500.00 EUR", "0.00 EUR", "-150.00 EUR"),
		// Bought before 800 − 300 = 500: 300 × 5.00 = 1500.00.
		clsPriced(on, within, p, -1, "1500.00 EUR", "0.00 EUR", "150.00 EUR"),
		// Bought before 800 − 300 + 300 = 800 < 1000, still base:
		// 600 × 5.00 = 3000.00 (without the credit it would be 1100
		// and 4.50).
		clsPriced(on, within, p, -1, "3000.00 EUR", "0.00 EUR", "300.00 EUR"),
		// Bought before 1400 ≥ 1000: 100 × 4.50 = 450.00; savings
		// 1.00 × 100 = 100.00.
		clsPriced(on, within, p, 0, "450.00 EUR", "0.00 EUR", "100.00 EUR"),
	}
	for i, w := range want {
		t.Run(results[i].Invoice, func(t *testing.T) { clsCheck(t, w, results[i]) })
	}
}

// Cumulative quantities carry over from one batch to the next of the
// same matcher.
func TestClsTierCumulativeAcrossBatches(t *testing.T) {
	m := clsIndex(t, matching.Config{}).NewMatcher()
	m.MatchBatch([]matching.InvoiceLine{clsPaper("P-1", clsDay(time.February, 1), "1000", "5.00")}, nil)
	r := m.Match(clsPaper("P-2", clsDay(time.March, 1), "10", "4.50"))
	// Bought before 1000: tier 0, 10 × 4.50 = 45.00.
	clsCheck(t, clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermPaper, 0,
		"45.00 EUR", "0.00 EUR", "10.00 EUR"), r)
}

// Result.Matched documents that duplicates of priced lines are matched;
// that holds for a cumulative term's line as for any other.
func TestClsDuplicateOfCumulativeLine(t *testing.T) {
	line := clsPaper("P-1", clsDay(time.February, 1), "10", "5.00")
	results := clsIndex(t, matching.Config{}).NewMatcher().MatchBatch(
		[]matching.InvoiceLine{line, line}, nil)
	require.Equal(t, matching.Duplicate, results[1].Class)
	assert.True(t, results[0].Matched())
	assert.True(t, results[1].Matched(), "a duplicate of a priced line is matched (Result.Matched)")
	// 10 × 5.00 = 50.00, as for the line it duplicates.
	assert.Equal(t, "50.00 EUR", results[1].Expected().String())
}

func TestClsValidityEdges(t *testing.T) {
	on := func(d lifecycle.Date) matching.InvoiceLine {
		return clsEdit(clsLine("GLOVE", "10", "0.72"), func(l *matching.InvoiceLine) { l.Date = d })
	}
	// 0.72 × 10 = 7.20; savings 0.08 × 10 = 0.80.
	matched := clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermGlove, -1,
		"7.20 EUR", "0.00 EUR", "0.80 EUR")
	outside := clsUnmatched(matching.Uncontracted, matching.RuleCategoryUncontracted)
	clsRun(t, []clsCase{
		{name: "first day", lines: []matching.InvoiceLine{on(clsDay(time.January, 1))}, want: matched},
		{name: "last day", lines: []matching.InvoiceLine{on(clsDay(time.December, 31))}, want: matched},
		{name: "day before", lines: []matching.InvoiceLine{on(lifecycle.MustDate(2023, time.December, 31))},
			want: outside},
		{name: "day after", lines: []matching.InvoiceLine{on(lifecycle.MustDate(2025, time.January, 1))},
			want: outside},
	})
}

func TestClsRegions(t *testing.T) {
	pen := func(supplier, region string) matching.InvoiceLine {
		return clsEdit(clsLine("PEN", "10", "2.00"), func(l *matching.InvoiceLine) {
			l.Supplier, l.Category, l.Region = supplier, clsCatRegion, region
		})
	}
	// 2.00 × 10 = 20.00; savings (2.50 − 2.00) × 10 = 5.00.
	covered := clsWant{class: matching.OnContract, rule: matching.RuleWithinTolerance,
		ref: "CW-R", term: 0, tier: -1, expected: "20.00 EUR", leakage: "0.00 EUR",
		savings: "5.00 EUR", dupOf: -1}
	clsRun(t, []clsCase{
		{name: "DE covered", lines: []matching.InvoiceLine{pen("REGIO", "DE")}, want: covered},
		{name: "AT covered", lines: []matching.InvoiceLine{pen("REGIO", "AT")}, want: covered},
		{name: "FR not covered", lines: []matching.InvoiceLine{pen("REGIO", "FR")},
			want: clsUnmatched(matching.Uncontracted, matching.RuleCategoryUncontracted)},
		{name: "no region not covered", lines: []matching.InvoiceLine{pen("REGIO", "")},
			want: clsUnmatched(matching.Uncontracted, matching.RuleCategoryUncontracted)},
		{name: "DE other supplier", lines: []matching.InvoiceLine{pen("OTHER", "DE")},
			want: clsAround(clsUnmatched(matching.Maverick, matching.RuleCategoryContracted), "CW-R")},
		// CW-A has no regions: it covers every region, including none.
		{name: "contract without regions covers any", lines: []matching.InvoiceLine{
			clsEdit(clsLine("GLOVE", "10", "0.72"), func(l *matching.InvoiceLine) { l.Region = "" })},
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermGlove, -1,
				"7.20 EUR", "0.00 EUR", "0.80 EUR")},
	})
}

// TestClsManyRegions: the index numbers the first 63 regions it meets
// and searches a contract's list for the others; coverage is the same
// either way.
func TestClsManyRegions(t *testing.T) {
	var wide []string
	for i := range 70 {
		wide = append(wide, fmt.Sprintf("R%02d", i)) // R63 to R69 go unnumbered
	}
	contracts := clsContracts()
	contracts[1].Regions = wide // CW-R covers all 70
	contracts = append(contracts, matching.Contract{
		ID: clsMust(matching.NewContractID(clsIDs)), Ref: "CW-M", Supplier: "MIXED",
		Category: clsCatRegion, Currency: "EUR", Valid: clsYear,
		Regions: []string{"R66", "R05"}, // one beyond the numbered, one within
		Terms:   []matching.PriceTerm{{Item: "PEN", Unit: "EA", Price: dec("2.00"), Baseline: dec("2.50")}},
	})
	ix, err := matching.NewIndex(contracts, matching.Config{})
	require.NoError(t, err)
	for _, tc := range []struct {
		supplier, region string
		class            matching.Class
	}{
		{"REGIO", "R00", matching.OnContract},
		{"REGIO", "R62", matching.OnContract},
		{"REGIO", "R63", matching.OnContract},
		{"REGIO", "R69", matching.OnContract},
		{"REGIO", "R70", matching.Uncontracted},
		{"MIXED", "R66", matching.OnContract},
		{"MIXED", "R05", matching.OnContract},
		{"MIXED", "R06", matching.Maverick}, // CW-R covers R06: the buyer went around it
		{"MIXED", "R67", matching.Maverick},
		{"MIXED", "R70", matching.Uncontracted},
	} {
		l := clsEdit(clsLine("PEN", "10", "2.00"), func(l *matching.InvoiceLine) {
			l.Supplier, l.Category, l.Region = tc.supplier, clsCatRegion, tc.region
		})
		r := ix.NewMatcher().Match(l)
		assert.Equal(t, tc.class.String(), r.Class.String(), "%s in %s", tc.supplier, tc.region)
	}
}

// TestClsManyUnits: an index that knows more than a few units looks a
// line's unit up by hash instead of by comparing names; matching is the
// same.
func TestClsManyUnits(t *testing.T) {
	contract := matching.Contract{
		ID: clsMust(matching.NewContractID(clsIDs)), Ref: "CW-MU", Supplier: "UNITS",
		Category: clsCatRegion, Currency: "EUR", Valid: clsYear,
	}
	for i := range 12 {
		contract.Terms = append(contract.Terms, matching.PriceTerm{
			Item: fmt.Sprintf("I%d", i), Unit: fmt.Sprintf("U%d", i),
			Price: dec("2.00"), Baseline: dec("2.50"),
		})
	}
	units := append(slices.Clone(clsUnits), matching.UnitConversion{From: "U11", To: "U0", Factor: dec("2")})
	ix, err := matching.NewIndex(append(clsContracts(), contract), matching.Config{Units: units})
	require.NoError(t, err)
	for _, tc := range []struct {
		item, unit string
		class      matching.Class
		expected   string
	}{
		{"I7", "U7", matching.OnContract, "20.00 EUR"},
		{"I11", "U11", matching.OnContract, "20.00 EUR"},
		{"I0", "U11", matching.OnContract, "40.00 EUR"}, // 10 U11 are 20 U0
		{"I7", "U6", matching.Maverick, ""},
		{"I7", "ZZ", matching.Maverick, ""},
	} {
		l := clsEdit(clsLine(tc.item, "10", "2.00"), func(l *matching.InvoiceLine) {
			l.Supplier, l.Category, l.Unit = "UNITS", clsCatRegion, tc.unit
		})
		r := ix.NewMatcher().Match(l)
		assert.Equal(t, tc.class.String(), r.Class.String(), "%s in %s", tc.item, tc.unit)
		if tc.expected != "" {
			assert.Equal(t, tc.expected, r.Expected().String(), "%s in %s", tc.item, tc.unit)
		}
	}
}

func TestClsCurrencyMismatch(t *testing.T) {
	usd := func(supplier, item string) matching.InvoiceLine {
		return clsEdit(clsLine(item, "10", "0.72"), func(l *matching.InvoiceLine) {
			l.Supplier, l.Currency = supplier, "USD"
		})
	}
	unmatched := func(c matching.Class, r matching.Rule) clsWant {
		w := clsUnmatched(c, r)
		w.leakage, w.savings = "0.00 USD", "0.00 USD"
		return w
	}
	clsRun(t, []clsCase{
		// CW-A prices GLOVE in EUR: a USD line never matches it, but
		// the category has a contract that day: maverick.
		{name: "USD line against EUR term", lines: []matching.InvoiceLine{usd("ACME", "GLOVE")},
			want: unmatched(matching.Maverick, matching.RuleCategoryContracted)},
		{name: "USD line, category without contract", lines: []matching.InvoiceLine{
			clsEdit(usd("ACME", "GLOVE"), func(l *matching.InvoiceLine) { l.Category = clsCatOther })},
			want: unmatched(matching.Uncontracted, matching.RuleCategoryUncontracted)},
		// CW-U prices CABLE in USD: 2.00 × 10 = 20.00 expected, paid
		// 7.20; savings (2.20 − 0.72) × 10 = 14.80.
		{name: "USD line against USD term", lines: []matching.InvoiceLine{usd("YANK", "CABLE")},
			want: clsWant{class: matching.OnContract, rule: matching.RuleWithinTolerance,
				ref: "CW-U", term: 0, tier: -1, expected: "20.00 USD", leakage: "0.00 USD",
				savings: "14.80 USD", dupOf: -1}},
	})
}

func TestClsUnitConversion(t *testing.T) {
	in := func(item, unit, qty, price string) []matching.InvoiceLine {
		return []matching.InvoiceLine{clsEdit(clsLine(item, qty, price),
			func(l *matching.InvoiceLine) { l.Unit = unit })}
	}
	on, leak := matching.OnContract, matching.Leakage
	within, above := matching.RuleWithinTolerance, matching.RuleAboveTolerance
	clsRun(t, []clsCase{
		// EA line, BOX term: 24 EA = 2 BOX; 2 × 6.00 = 12.00 expected,
		// 24 × 0.50 = 12.00 paid; savings 2 × 6.60 − 12.00 = 1.20.
		{name: "EA line against BOX term", lines: in("SCREW", "EA", "24", "0.50"),
			want: clsPriced(on, within, clsTermScrew, -1, "12.00 EUR", "0.00 EUR", "1.20 EUR")},
		// 24 × 0.55 = 13.20 paid: leakage 1.20, savings 0.00.
		{name: "EA line against BOX term, leakage", lines: in("SCREW", "EA", "24", "0.55"),
			want: clsPriced(leak, above, clsTermScrew, -1, "12.00 EUR", "1.20 EUR", "0.00 EUR")},
		// BOX line, EA term: 2 BOX = 24 EA; 24 × 0.72 = 17.28 expected,
		// 2 × 8.64 = 17.28 paid; savings 24 × 0.80 − 17.28 = 1.92.
		{name: "BOX line against EA term", lines: in("GLOVE", "BOX", "2", "8.64"),
			want: clsPriced(on, within, clsTermGlove, -1, "17.28 EUR", "0.00 EUR", "1.92 EUR")},
		// 2 × 9.00 = 18.00 paid: leakage 0.72; savings 19.20 − 18.00 = 1.20.
		{name: "BOX line against EA term, leakage", lines: in("GLOVE", "BOX", "2", "9.00"),
			want: clsPriced(leak, above, clsTermGlove, -1, "17.28 EUR", "0.72 EUR", "1.20 EUR")},
		// Half a box is 6 EA, exact: 6 × 0.72 = 4.32; 0.5 × 8.64 = 4.32.
		{name: "half a BOX against EA term", lines: in("GLOVE", "BOX", "0.5", "8.64"),
			want: clsPriced(on, within, clsTermGlove, -1, "4.32 EUR", "0.00 EUR", "0.48 EUR")},
		{name: "unit without conversion", lines: in("GLOVE", "PAIR", "2", "1.44"),
			want: clsUnmatched(matching.Maverick, matching.RuleCategoryContracted)},
		// Without a unit table, a BOX line does not fit an EA term.
		{name: "no conversion table", cfg: matching.Config{Units: []matching.UnitConversion{}},
			lines: in("GLOVE", "BOX", "2", "8.64"),
			want:  clsUnmatched(matching.Maverick, matching.RuleCategoryContracted)},
	})
}

func TestClsCreditNotes(t *testing.T) {
	credit := func(qty, price string) []matching.InvoiceLine {
		return []matching.InvoiceLine{clsEdit(clsLine("GLOVE", qty, price),
			func(l *matching.InvoiceLine) { l.Invoice = "CN-1" })}
	}
	clsRun(t, []clsCase{
		// A credit at the contract price: spend 0.72 × −100 = −72.00,
		// savings (0.80 − 0.72) × −100 = −8.00.
		{name: "credit at the contract price", lines: credit("-100", "0.72"),
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermGlove, -1,
				"-72.00 EUR", "0.00 EUR", "-8.00 EUR")},
		// The credit of the 135.00 leakage line: expected 0.72 × −4500
		// = −3240.00; leakage (0.75 − 0.72) × −4500 = −135.00; savings
		// (0.80 − 0.75) × −4500 = −225.00.
		{name: "credit of a leakage line", lines: credit("-4500", "0.75"),
			want: clsPriced(matching.Leakage, matching.RuleAboveTolerance, clsTermGlove, -1,
				"-3240.00 EUR", "-135.00 EUR", "-225.00 EUR")},
		// The credit of a line bought below contract (on contract,
		// one-sided): nothing to reverse but spend and savings.
		// Spend 0.70 × −100 = −70.00; savings (0.80 − 0.70) × −100 = −10.00.
		{name: "credit of a line below contract", lines: credit("-100", "0.70"),
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermGlove, -1,
				"-72.00 EUR", "0.00 EUR", "-10.00 EUR")},
		// Range tiers price a credit as the same quantity bought: 600
		// reaches the 8.00 tier, −600 × 8.00 = −4800.00; savings
		// (11.00 − 8.00) × −600 = −1800.00.
		{name: "credit against range tiers", lines: []matching.InvoiceLine{clsLine("WIDGET", "-600", "8.00")},
			want: clsPriced(matching.OnContract, matching.RuleWithinTolerance, clsTermWidget, 1,
				"-4800.00 EUR", "0.00 EUR", "-1800.00 EUR")},
	})

	// A line and its full credit net to nothing: spend, leakage and
	// savings all come back to zero.
	t.Run("line and credit net to zero", func(t *testing.T) {
		m := clsIndex(t, matching.Config{}).NewMatcher()
		results := m.MatchBatch([]matching.InvoiceLine{
			clsLine("GLOVE", "4500", "0.75"),
			clsEdit(clsLine("GLOVE", "-4500", "0.75"), func(l *matching.InvoiceLine) { l.Invoice = "CN-1" }),
		}, nil)
		tot := matching.NewTotals()
		tot.AddAll(results)
		f := tot.ByCurrency()
		require.Len(t, f, 1)
		assert.True(t, f[0].TotalSpend().IsZero(), "spend %s", f[0].TotalSpend())
		assert.True(t, f[0].Leakage.IsZero(), "leakage %s", f[0].Leakage)
		assert.True(t, f[0].Savings.IsZero(), "savings %s", f[0].Savings)
	})
}

func TestClsTolerance(t *testing.T) {
	rel := func(s string) matching.Limit { return clsMust(matching.Relative(dec(s))) }
	abs := func(s string) matching.Limit { return clsMust(matching.Absolute(dec(s))) }
	// One term: T at 10.00, baseline 12.00; every line is 10 T, so the
	// expected amount is 100.00.
	contracts := []matching.Contract{{ID: clsIDA, Supplier: "ACME", Category: clsCat,
		Currency: "EUR", Valid: clsYear, Ref: "CW-T",
		Terms: []matching.PriceTerm{{Item: "T", Unit: "EA", Price: dec("10.00"), Baseline: dec("12.00")}}}}
	cases := []struct {
		name    string
		tol     matching.Tolerance
		price   string
		class   matching.Class
		rule    matching.Rule
		leakage string
	}{
		// Strict: no allowance at all.
		{"strict, exact", matching.Tolerance{}, "10.00", matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		// 10 × 0.000001 = 0.00001 above: still leakage.
		{"strict, a millionth above", matching.Tolerance{}, "10.000001", matching.Leakage,
			matching.RuleAboveTolerance, "0.00001"},
		{"strict, below", matching.Tolerance{}, "9.00", matching.OnContract, matching.RuleWithinTolerance, "0.00"},

		// Relative 2 % of 100.00 = 2.00.
		{"relative 2%, 10.20", matching.Tolerance{Relative: rel("0.02")}, "10.20",
			matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		// 102.10 − 100.00 = 2.10 > 2.00.
		{"relative 2%, 10.21", matching.Tolerance{Relative: rel("0.02")}, "10.21",
			matching.Leakage, matching.RuleAboveTolerance, "2.10"},

		// Absolute 0.01 per unit × 10 = 0.10.
		{"absolute 0.01, 10.01", matching.Tolerance{Absolute: abs("0.01")}, "10.01",
			matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		// 100.20 − 100.00 = 0.20 > 0.10.
		{"absolute 0.01, 10.02", matching.Tolerance{Absolute: abs("0.01")}, "10.02",
			matching.Leakage, matching.RuleAboveTolerance, "0.20"},

		// Relative 2 % (2.00) and absolute 0.10 per unit (1.00):
		// 10.15 is 1.50 above, within the first only.
		{"2% and 0.10, 10.15", matching.Tolerance{Relative: rel("0.02"), Absolute: abs("0.10"),
			Join: matching.And}, "10.15", matching.Leakage, matching.RuleAboveTolerance, "1.50"},
		{"2% or 0.10, 10.15", matching.Tolerance{Relative: rel("0.02"), Absolute: abs("0.10"),
			Join: matching.Or}, "10.15", matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		// Relative 0.5 % (0.50) and absolute 0.10 (1.00): 10.08 is 0.80
		// above, within the second only.
		{"0.5% and 0.10, 10.08", matching.Tolerance{Relative: rel("0.005"), Absolute: abs("0.10"),
			Join: matching.And}, "10.08", matching.Leakage, matching.RuleAboveTolerance, "0.80"},
		{"0.5% or 0.10, 10.08", matching.Tolerance{Relative: rel("0.005"), Absolute: abs("0.10"),
			Join: matching.Or}, "10.08", matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		// 10.05 is 0.50 above: within both.
		{"2% and 0.10, 10.05", matching.Tolerance{Relative: rel("0.02"), Absolute: abs("0.10"),
			Join: matching.And}, "10.05", matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		// 10.25 is 2.50 above: within neither.
		{"2% or 0.10, 10.25", matching.Tolerance{Relative: rel("0.02"), Absolute: abs("0.10"),
			Join: matching.Or}, "10.25", matching.Leakage, matching.RuleAboveTolerance, "2.50"},

		// Two-sided 2 %: 9.80 is 2.00 below, within; 9.79 is 2.10
		// below, a breach with variance (9.79 − 10.00) × 10 = −2.10 but
		// no leakage.
		{"two-sided 2%, 9.80", matching.Tolerance{Direction: matching.Both, Relative: rel("0.02")},
			"9.80", matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		{"two-sided 2%, 9.79", matching.Tolerance{Direction: matching.Both, Relative: rel("0.02")},
			"9.79", matching.Leakage, matching.RuleBelowTolerance, "0.00"},
		{"two-sided 2%, 10.21", matching.Tolerance{Direction: matching.Both, Relative: rel("0.02")},
			"10.21", matching.Leakage, matching.RuleAboveTolerance, "2.10"},
		// One-sided 2 %: far below is still on contract.
		{"one-sided 2%, 9.00", matching.Tolerance{Relative: rel("0.02")}, "9.00",
			matching.OnContract, matching.RuleWithinTolerance, "0.00"},
		// Two-sided strict: a millionth below is a breach, with variance
		// −0.000001 × 10 = −0.00001 and no leakage.
		{"two-sided strict, a millionth below", matching.Tolerance{Direction: matching.Both},
			"9.999999", matching.Leakage, matching.RuleBelowTolerance, "0.00"},
		// A zero limit that is set allows nothing, like none.
		{"relative 0, 10.01", matching.Tolerance{Relative: rel("0")}, "10.01",
			matching.Leakage, matching.RuleAboveTolerance, "0.10"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := matching.NewIndex(contracts, matching.Config{Tolerance: tc.tol})
			require.NoError(t, err)
			r := ix.NewMatcher().Match(clsLine("T", "10", tc.price))
			assert.Equal(t, tc.class, r.Class)
			assert.Equal(t, tc.rule, r.Rule)
			assert.Equal(t, tc.leakage+" EUR", r.Leakage().String())
			assert.Equal(t, "100.00 EUR", r.Expected().String())
			// The variance is price × 10 − 100.00 whatever the class.
			variance := lifecycle.MustMoney(dec(tc.price).Mul(dec("10")).Sub(dec("100")).String(), "EUR")
			assert.True(t, r.Variance().Equal(variance), "variance %s, want %s", r.Variance(), variance)
		})
	}
}

func TestClsFloorSavings(t *testing.T) {
	// GLOVE paid 0.85 against a baseline of 0.80: savings
	// (0.80 − 0.85) × 100 = −5.00; leakage (0.85 − 0.72) × 100 = 13.00.
	line := clsLine("GLOVE", "100", "0.85")
	cases := []struct {
		floor   bool
		savings string
	}{
		{false, "-5.00 EUR"},
		{true, "0.00 EUR"},
	}
	for _, tc := range cases {
		name := "negative"
		if tc.floor {
			name = "floored"
		}
		t.Run(name, func(t *testing.T) {
			r := clsIndex(t, matching.Config{FloorSavings: tc.floor}).NewMatcher().Match(line)
			assert.Equal(t, matching.Leakage, r.Class)
			assert.Equal(t, "13.00 EUR", r.Leakage().String())
			assert.Equal(t, tc.savings, r.Savings().String())
			assert.Equal(t, tc.floor, r.Floored)
		})
	}
	// A line paid below baseline is not floored.
	r := clsIndex(t, matching.Config{FloorSavings: true}).NewMatcher().Match(clsLine("GLOVE", "100", "0.72"))
	assert.False(t, r.Floored)
	assert.Equal(t, "8.00 EUR", r.Savings().String())
}

func TestClsExplanation(t *testing.T) {
	two := lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 2}
	m := clsIndex(t, matching.Config{}).NewMatcher()

	t.Run("leakage", func(t *testing.T) {
		r := m.Match(clsLine("GLOVE", "4500", "0.75"))
		assert.Equal(t, clsIDA, r.Contract)
		assert.Equal(t, "CW-A", r.ContractRef)
		assert.Equal(t, clsTermGlove, r.Term)
		assert.Equal(t, -1, r.Tier)
		assert.Equal(t, clsIni, r.Initiative)
		assert.Equal(t, clsCat, r.Category)
		assert.Equal(t, lifecycle.MustPeriod(2024, time.March), r.Period)
		assert.Equal(t, clsDay(time.March, 5), r.Date())
		assert.Equal(t, lifecycle.EUR, r.Currency)
		assert.Equal(t, "ACME", r.Supplier)
		assert.Equal(t, "DE", r.Region)
		assert.Equal(t, "Plant 1", r.BusinessUnit)
		assert.True(t, r.Matched())
		qty, ok := r.TermQuantity()
		require.True(t, ok)
		assert.True(t, qty.Equal(dec("4500")), "term quantity %s", qty)
		// 0.72 × 4500 = 3240.00; 3375.00 − 3240.00 = 135.00.
		assert.True(t, r.Spend().Equal(lifecycle.MustMoney("3375", "EUR")))
		assert.True(t, r.Expected().Equal(lifecycle.MustMoney("3240", "EUR")))
		assert.True(t, r.Variance().Equal(lifecycle.MustMoney("135", "EUR")))
		// 135 / 3240 × 100 = 4.1666…, 4.17 at two places.
		pct, ok := r.VariancePercent(two)
		require.True(t, ok)
		assert.True(t, pct.Equal(dec("4.17")), "variance %% %s", pct)
		pct, ok = r.VariancePercent(lifecycle.Rounding{Mode: lifecycle.Down, Places: 1})
		require.True(t, ok)
		assert.True(t, pct.Equal(dec("4.1")), "variance %% %s", pct)
		// 3240.00 / 4500 = 0.72.
		unit, ok := r.ExpectedUnitPrice(two)
		require.True(t, ok)
		assert.True(t, unit.Equal(dec("0.72")), "unit price %s", unit)
	})

	t.Run("range tier", func(t *testing.T) {
		r := m.Match(clsEdit(clsLine("WIDGET", "600", "8.50"),
			func(l *matching.InvoiceLine) { l.Invoice = "INV-W" }))
		assert.Equal(t, clsTermWidget, r.Term)
		assert.Equal(t, 1, r.Tier)
		// 600 × 8.50 − 600 × 8.00 = 300.00; 300 / 4800 × 100 = 6.25.
		assert.True(t, r.Variance().Equal(lifecycle.MustMoney("300", "EUR")))
		pct, ok := r.VariancePercent(two)
		require.True(t, ok)
		assert.True(t, pct.Equal(dec("6.25")), "variance %% %s", pct)
		unit, ok := r.ExpectedUnitPrice(two)
		require.True(t, ok)
		assert.True(t, unit.Equal(dec("8")), "unit price %s", unit)
	})

	t.Run("slab blended price", func(t *testing.T) {
		r := m.Match(clsEdit(clsLine("ROLL", "150", "0.95"),
			func(l *matching.InvoiceLine) { l.Invoice = "INV-R" }))
		// 100 × 1.00 + 50 × 0.90 = 145.00; 145 / 150 = 0.96666…, 0.967
		// at three places; paid 142.50: variance −2.50, −2.50 / 145 ×
		// 100 = −1.7241…, −1.72.
		assert.Equal(t, 0, r.Tier)
		assert.True(t, r.Expected().Equal(lifecycle.MustMoney("145", "EUR")))
		assert.True(t, r.Variance().Equal(lifecycle.MustMoney("-2.50", "EUR")))
		unit, ok := r.ExpectedUnitPrice(lifecycle.Rounding{Mode: lifecycle.HalfUp, Places: 3})
		require.True(t, ok)
		assert.True(t, unit.Equal(dec("0.967")), "unit price %s", unit)
		pct, ok := r.VariancePercent(two)
		require.True(t, ok)
		assert.True(t, pct.Equal(dec("-1.72")), "variance %% %s", pct)
	})

	t.Run("unmatched", func(t *testing.T) {
		r := m.Match(clsEdit(clsLine("MOP", "5", "3.00"),
			func(l *matching.InvoiceLine) { l.Invoice = "INV-M" }))
		assert.False(t, r.Matched())
		assert.False(t, r.Expected().IsSet())
		assert.False(t, r.Variance().IsSet())
		_, ok := r.VariancePercent(two)
		assert.False(t, ok)
		_, ok = r.ExpectedUnitPrice(two)
		assert.False(t, ok)
		_, ok = r.TermQuantity()
		assert.False(t, ok)
		// A maverick line names the contract it went around and that
		// contract's initiative, and claims no savings for it.
		assert.Equal(t, matching.Maverick, r.Class)
		assert.Equal(t, clsIDA, r.Contract)
		assert.Equal(t, clsIni, r.Initiative)
		assert.True(t, r.Savings().IsZero())
		assert.True(t, r.Spend().Equal(lifecycle.MustMoney("15", "EUR")))
	})

	t.Run("zero expected", func(t *testing.T) {
		free := []matching.Contract{{ID: clsIDA, Supplier: "ACME", Category: clsCat,
			Currency: "EUR", Valid: clsYear, Terms: []matching.PriceTerm{
				{Item: "SAMPLE", Unit: "EA", Price: dec("0"), Baseline: dec("1")}}}}
		ix, err := matching.NewIndex(free, matching.Config{})
		require.NoError(t, err)
		r := ix.NewMatcher().Match(clsLine("SAMPLE", "3", "0"))
		assert.Equal(t, matching.OnContract, r.Class)
		_, ok := r.VariancePercent(two)
		assert.False(t, ok, "a percentage of zero is undefined")
	})
}

func TestClsNames(t *testing.T) {
	classes := map[matching.Class]string{
		matching.OnContract: "on-contract", matching.Leakage: "leakage",
		matching.Maverick: "maverick", matching.Uncontracted: "uncontracted",
		matching.Duplicate: "duplicate", matching.SuspectedDuplicate: "suspected-duplicate",
		matching.Rejected: "rejected", matching.Ambiguous: "ambiguous",
	}
	for c, name := range classes {
		assert.Equal(t, name, c.String())
		b, err := c.MarshalText()
		require.NoError(t, err)
		var back matching.Class
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, c, back)
		assert.Equal(t, c == matching.OnContract || c == matching.Leakage || c == matching.Maverick,
			c.Addressable(), "addressable %s", c)
	}
	for rule := matching.RuleInvalidLine; rule <= matching.RuleCategoryUncontracted; rule++ {
		b, err := rule.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, rule.String(), string(b))
	}
	for k := matching.NoTiers; k <= matching.Cumulative; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back matching.TierKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "TierKind(9)", matching.TierKind(9).String())
	assert.Equal(t, "Reason(99)", matching.Reason(99).String())
	id, err := matching.ParseContractID(clsIDA.String())
	require.NoError(t, err)
	assert.Equal(t, clsIDA, id)
	assert.Equal(t, "latest-start", matching.RuleLatestStart.String())
	assert.Equal(t, "no supplier", matching.NoSupplier.String())
	assert.Equal(t, "none", matching.ReasonNone.String())
	assert.Equal(t, "slab", matching.Slab.String())
	_, err = matching.Class(99).MarshalText()
	require.ErrorIs(t, err, lifecycle.ErrInvalidValue)
	var c matching.Class
	assert.ErrorIs(t, c.UnmarshalText([]byte("bogus")), lifecycle.ErrInvalidValue)
}
