package matching

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
)

// Config is how an [Index] matches. Its zero value is strict: no
// tolerance (any price above the contract is leakage), no unit
// conversions (a line must be in the term's own unit), and negative
// savings reported as negative.
type Config struct {
	// Tolerance is how far a paid price may stray from the contract.
	Tolerance Tolerance

	// Units converts units of measure; see [UnitConversion].
	Units []UnitConversion

	// FloorSavings reports a matched line paid above its baseline as
	// zero savings instead of negative ones; the result says so.
	FloorSavings bool
}

// Index is the contracts, prepared for matching: built once by
// [NewIndex], immutable afterwards, and safe for concurrent use by any
// number of [Matcher]s. Look-ups by supplier and item cost one hash of
// the two strings; each price term takes about 130 bytes, its contract's
// share included.
type Index struct {
	cfg        Config
	contracts  []contractInfo
	terms      []term // while building only
	tiers      []tierInfo
	byItem     itemTable // candidate terms, best first, in cands
	cands      []candidate
	nTerms     int
	unitIDs    unitNumbers
	conv       map[uint32]conversion
	byCategory map[lifecycle.CategoryID]span // contracts of a category, in around
	around     []covering
	units      map[unitPair]fixed.Value
	regionIDs  map[string]uint8                 // see regionMask
	grouped    map[lifecycle.CategoryID][]int32 // while building only
}

// covering is a contract as the maverick check needs it: when and where
// it holds. A category's coverings lie together in Index.around, latest
// start first, then smaller contract id, so that the first that holds
// on a line's day and in its region is the one the line went around.
type covering struct {
	start, end day
	contract   int32
	regions    []string
}

type itemKey struct{ supplier, item string }

// span is a range of cands.
type span struct{ lo, hi int32 }

// candidate is everything matching needs to decide a line against a
// term: 64 bytes, one cache line, kept together with the other
// candidates of its supplier and item, so that deciding a line reads one
// run of memory. What only the chosen term needs (the contract's id,
// initiative and reference) is in the contract's contractInfo.
type candidate struct {
	currency       uint32 // see currencyCode
	unit           uint16 // see unitNumbers
	kind           TierKind
	start, end     day
	regions        uint64 // see regionMask
	term           int32  // position in terms, for cumulative quantities
	contract       int32
	index          int32 // position of the term in its contract's Terms
	tierLo, tierHi int32
	price          fixed.Value
	baseline       fixed.Value
}

type unitPair struct{ from, to string }

// contractInfo is a contract as the index keeps it. What a chosen term
// copies into its result comes first, in the first cache line.
type contractInfo struct {
	id         ContractID
	initiative lifecycle.InitiativeID
	ref        string
	category   lifecycle.CategoryID
	currency   lifecycle.Currency
	valid      lifecycle.Term
	regions    []string
}

type term struct {
	contract       int32
	index          int32 // position in the contract's Terms
	unit           string
	price          fixed.Value
	baseline       fixed.Value
	kind           TierKind
	tierLo, tierHi int32 // tiers[tierLo:tierHi], ascending by from
}

type tierInfo struct{ from, price fixed.Value }

// ContractError reports what is wrong with one contract; [NewIndex]
// joins one per problem. It matches [ErrInvalidContract].
type ContractError struct {
	Index    int // position in the list given to NewIndex
	Contract ContractID
	Ref      string
	Err      error
}

// Error names the contract and the problem.
func (e *ContractError) Error() string {
	name := e.Contract.String()
	if e.Ref != "" {
		name += " (" + e.Ref + ")"
	}
	return fmt.Sprintf("contract %d %s: %v", e.Index, name, e.Err)
}

// Unwrap returns the problem.
func (e *ContractError) Unwrap() error { return e.Err }

// NewIndex validates the contracts and the configuration and builds the
// index. Every problem is reported, each naming its contract, joined in
// one error; nothing is built unless everything is valid.
func NewIndex(contracts []Contract, cfg Config) (*Index, error) {
	byItem := make(map[itemKey][]int32)
	cfg.Units = slices.Clone(cfg.Units) // the caller may reuse its table
	ix := &Index{
		cfg:        cfg,
		unitIDs:    unitNumbers{byName: make(map[string]uint16)},
		conv:       make(map[uint32]conversion),
		byCategory: make(map[lifecycle.CategoryID]span),
		units:      make(map[unitPair]fixed.Value),
		regionIDs:  make(map[string]uint8),
		grouped:    make(map[lifecycle.CategoryID][]int32),
	}
	var problems []error
	if err := cfg.Tolerance.Validate(); err != nil {
		problems = append(problems, err)
	}
	problems = append(problems, ix.addUnits(cfg.Units)...)
	seen := make(map[ContractID]int, len(contracts))
	for i := range contracts {
		c := &contracts[i]
		bad := func(format string, args ...any) {
			err := fmt.Errorf(format+": %w", append(args, ErrInvalidContract)...)
			problems = append(problems, &ContractError{Index: i, Contract: c.ID, Ref: c.Ref, Err: err})
		}
		if first, dup := seen[c.ID]; dup && !c.ID.IsZero() {
			bad("same id as contract %d", first)
		} else {
			seen[c.ID] = i // the first with the id is the one named
		}
		ix.add(c, byItem, bad)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	ix.order(byItem)
	ix.groupByCategory()
	ix.nTerms, ix.terms = len(ix.terms), nil // the candidates hold all matching needs
	return ix, nil
}

func (ix *Index) addUnits(units []UnitConversion) []error {
	var problems []error
	for i, u := range units {
		f, ok := fixed.FromDecimal(u.Factor)
		switch {
		case u.From == "" || u.To == "" || u.From == u.To:
			problems = append(problems, fmt.Errorf("unit conversion %d %q→%q: needs two different units: %w",
				i, u.From, u.To, ErrInvalidContract))
		case !ok || f <= 0:
			problems = append(problems, fmt.Errorf("unit conversion %d %s→%s: factor %s is not positive with up to six places: %w",
				i, u.From, u.To, u.Factor, ErrInvalidContract))
		default:
			if _, back := ix.units[unitPair{u.To, u.From}]; back {
				problems = append(problems, fmt.Errorf("unit conversion %d %s→%s: the other direction is given too; give one: %w",
					i, u.From, u.To, ErrInvalidContract))
			}
			if _, dup := ix.units[unitPair{u.From, u.To}]; dup {
				problems = append(problems, fmt.Errorf("unit conversion %d %s→%s: given twice: %w",
					i, u.From, u.To, ErrInvalidContract))
			}
			ix.units[unitPair{u.From, u.To}] = f
		}
	}
	return problems
}

// add validates one contract and, if it is valid so far, adds it.
func (ix *Index) add(c *Contract, byItem map[itemKey][]int32, bad func(string, ...any)) {
	n := len(ix.terms)
	if c.ID.IsZero() {
		bad("no id")
	}
	if c.Supplier == "" {
		bad("no supplier")
	}
	if c.Category.IsZero() {
		bad("no category")
	}
	if !c.Currency.Valid() {
		bad("currency %q is not ISO 4217", string(c.Currency))
	}
	if err := c.Valid.Validate(); err != nil {
		bad("validity: %v", err)
	}
	for _, r := range c.Regions {
		if r == "" {
			bad("an empty region")
		}
	}
	ci := int32(len(ix.contracts))
	units := make(map[itemKey]bool, len(c.Terms))
	for j := range c.Terms {
		ix.addTerm(ci, j, &c.Terms[j], units, bad)
	}
	ix.contracts = append(ix.contracts, contractInfo{
		id: c.ID, category: c.Category, initiative: c.Initiative, currency: c.Currency,
		valid: c.Valid, regions: slices.Clone(c.Regions), ref: c.Ref,
	})
	ix.grouped[c.Category] = append(ix.grouped[c.Category], ci)
	for t := n; t < len(ix.terms); t++ {
		k := itemKey{c.Supplier, c.Terms[ix.terms[t].index].Item}
		byItem[k] = append(byItem[k], int32(t))
	}
}

func (ix *Index) addTerm(ci int32, j int, pt *PriceTerm, seen map[itemKey]bool, bad func(string, ...any)) {
	if pt.Item == "" || pt.Unit == "" {
		bad("term %d: needs an item and a unit", j)
	}
	if seen[itemKey{pt.Item, pt.Unit}] {
		bad("term %d: item %q in %s priced twice", j, pt.Item, pt.Unit)
	}
	seen[itemKey{pt.Item, pt.Unit}] = true
	unitPrice := checkPrice(bad, j, "price", pt.Price)
	baseline := checkPrice(bad, j, "baseline", pt.Baseline)
	lo := int32(len(ix.tiers))
	switch {
	case pt.TierKind > Cumulative:
		bad("term %d: tier kind %d", j, pt.TierKind)
	case pt.TierKind == NoTiers && len(pt.Tiers) > 0:
		bad("term %d: tiers given but no tier kind", j)
	case pt.TierKind != NoTiers && len(pt.Tiers) == 0:
		bad("term %d: %s tiers but none given", j, pt.TierKind)
	}
	for k, t := range pt.Tiers {
		from, ok := fixed.FromDecimal(t.From)
		if !ok || from <= 0 {
			bad("term %d tier %d: from %s is not a positive quantity of up to six places", j, k, t.From)
		}
		p := checkPrice(bad, j, fmt.Sprintf("tier %d price", k), t.Price)
		ix.tiers = append(ix.tiers, tierInfo{from: from, price: p})
	}
	hi := int32(len(ix.tiers))
	tiers := ix.tiers[lo:hi]
	slices.SortFunc(tiers, func(a, b tierInfo) int { return cmp.Compare(a.from, b.from) })
	for k := 1; k < len(tiers); k++ {
		if tiers[k].from == tiers[k-1].from {
			bad("term %d: two tiers from %s", j, tiers[k].from.Decimal())
		}
	}
	ix.terms = append(ix.terms, term{
		contract: ci, index: int32(j), unit: pt.Unit, price: unitPrice, baseline: baseline,
		kind: pt.TierKind, tierLo: lo, tierHi: hi,
	})
}

// checkPrice converts a unit price, reporting a negative or unrepresentable one.
func checkPrice(bad func(string, ...any), j int, what string, d decimal.Decimal) fixed.Value {
	v, ok := fixed.FromDecimal(d)
	if !ok || v < 0 {
		bad("term %d: %s %s is not a non-negative price of up to six places", j, what, d)
	}
	return v
}

// order sorts each candidate list best first — latest contract start,
// then smaller contract id, then term position — and lays the lists out
// one after another in cands.
func (ix *Index) order(byItem map[itemKey][]int32) {
	keys := make([]itemKey, 0, len(byItem))
	for k := range byItem {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b itemKey) int { // deterministic layout
		return cmp.Or(cmp.Compare(a.supplier, b.supplier), cmp.Compare(a.item, b.item))
	})
	ix.cands = make([]candidate, 0, len(ix.terms))
	ix.byItem.build(len(keys))
	for _, k := range keys {
		list := byItem[k]
		slices.SortFunc(list, func(a, b int32) int {
			ta, tb := &ix.terms[a], &ix.terms[b]
			ca, cb := &ix.contracts[ta.contract], &ix.contracts[tb.contract]
			if c := cb.valid.Start.Compare(ca.valid.Start); c != 0 {
				return c
			}
			if c := ca.id.Compare(cb.id); c != 0 {
				return c
			}
			return cmp.Compare(ta.index, tb.index)
		})
		lo := int32(len(ix.cands))
		for _, t := range list {
			tm := &ix.terms[t]
			c := &ix.contracts[tm.contract]
			ix.cands = append(ix.cands, candidate{
				term: t, contract: tm.contract, start: dayOf(c.valid.Start), end: dayOf(c.valid.End),
				currency: currencyCode(c.currency), unit: ix.unitIDs.of(tm.unit),
				kind: tm.kind, index: tm.index, price: tm.price, baseline: tm.baseline,
				tierLo: tm.tierLo, tierHi: tm.tierHi, regions: ix.regionMask(c.regions),
			})
		}
		ix.byItem.add(k.supplier, k.item, span{lo, int32(len(ix.cands))})
	}
	for pair, f := range ix.units {
		from, to := ix.unitIDs.of(pair.from), ix.unitIDs.of(pair.to)
		ix.conv[unitPairKey(from, to)] = conversion{factor: f}
		ix.conv[unitPairKey(to, from)] = conversion{factor: f, divide: true}
	}
}

// groupByCategory lays each category's contracts out in around, best
// first as the selection rule orders them: latest start, then smaller id.
func (ix *Index) groupByCategory() {
	ix.around = make([]covering, 0, len(ix.contracts))
	for cat, list := range ix.grouped {
		slices.SortFunc(list, func(a, b int32) int {
			ca, cb := &ix.contracts[a], &ix.contracts[b]
			if c := cb.valid.Start.Compare(ca.valid.Start); c != 0 {
				return c
			}
			return ca.id.Compare(cb.id)
		})
		lo := int32(len(ix.around))
		for _, ci := range list {
			c := &ix.contracts[ci]
			ix.around = append(ix.around, covering{
				start: dayOf(c.valid.Start), end: dayOf(c.valid.End), contract: ci, regions: c.regions,
			})
		}
		ix.byCategory[cat] = span{lo, int32(len(ix.around))}
	}
	ix.grouped = nil
}

// Len returns the number of contracts and of price terms indexed.
func (ix *Index) Len() (contracts, terms int) { return len(ix.contracts), ix.nTerms }

// Config returns the configuration the index was built with; its unit
// table is a copy, which the caller may change without effect.
func (ix *Index) Config() Config {
	cfg := ix.cfg
	cfg.Units = slices.Clone(cfg.Units)
	return cfg
}
