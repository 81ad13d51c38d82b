package scorecard

import (
	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// Figures are one savings type's figures in a row, in the reporting
// currency. See the package documentation for what each means.
type Figures struct {
	Pipeline    lifecycle.Money `json:"pipeline"`
	Committed   lifecycle.Money `json:"committed"`
	Implemented lifecycle.Money `json:"implemented"`
	Due         lifecycle.Money `json:"due"`
	Realized    lifecycle.Money `json:"realized"`
	Costs       lifecycle.Money `json:"costs"`
	Gap         Gap             `json:"gap"`
}

// NetRealized returns realized savings net of implementation costs.
func (f *Figures) NetRealized() lifecycle.Money { return sub(f.Realized, f.Costs) }

// NetCommitted returns committed savings net of implementation costs.
func (f *Figures) NetCommitted() lifecycle.Money { return sub(f.Committed, f.Costs) }

// Slippage returns due − realized: what should have landed by the as-of
// date and did not. Negative when more was realized than was due.
func (f *Figures) Slippage() lifecycle.Money { return sub(f.Due, f.Realized) }

// Gap is committed minus realized savings split into its causes; the
// parts add up exactly to Total. Each part is positive where it explains
// a shortfall and negative where it made up for one.
type Gap struct {
	Currency    lifecycle.Money `json:"currency"`
	NotYetDue   lifecycle.Money `json:"notYetDue"`
	Timing      lifecycle.Money `json:"timing"`
	Volume      lifecycle.Money `json:"volume"`
	Price       lifecycle.Money `json:"price"`
	Compliance  lifecycle.Money `json:"compliance"`
	Unexplained lifecycle.Money `json:"unexplained"`
}

// Total returns the sum of the parts: committed − realized.
func (g *Gap) Total() lifecycle.Money {
	t := g.Currency
	for _, m := range []lifecycle.Money{g.NotYetDue, g.Timing, g.Volume, g.Price, g.Compliance, g.Unexplained} {
		t = add(t, m)
	}
	return t
}

// Spend is a row's spend figures from matching, in the reporting
// currency.
type Spend struct {
	OnContract   lifecycle.Money `json:"onContract"`
	LeakageSpend lifecycle.Money `json:"leakageSpend"` // spend of the lines in class leakage
	Leakage      lifecycle.Money `json:"leakage"`      // (paid − contracted) × quantity on those lines
	Maverick     lifecycle.Money `json:"maverick"`
	Uncontracted lifecycle.Money `json:"uncontracted"`
	Lines        int             `json:"lines"` // lines of the four classes
}

// Addressable returns on-contract, leakage and maverick spend: what the
// contracts could govern.
func (s *Spend) Addressable() lifecycle.Money {
	return add(add(s.OnContract, s.LeakageSpend), s.Maverick)
}

// The figures in sums, in the reporting currency.
const (
	fPipeline = iota
	fCommitted
	fImplemented
	fDue
	fRealized
	fCosts
	numFigures
)

// The parts of the gap.
const (
	gCurrency = iota
	gNotYetDue
	gTiming
	gVolume
	gPrice
	gCompliance
	gUnexplained
	numCauses
)

// typeSums are one savings type's figures as exact decimals.
type typeSums struct {
	fig [numFigures]decimal.Decimal
	gap [numCauses]decimal.Decimal
}

func (s *typeSums) add(o *typeSums) {
	for i := range s.fig {
		s.fig[i] = s.fig[i].Add(o.fig[i])
	}
	for i := range s.gap {
		s.gap[i] = s.gap[i].Add(o.gap[i])
	}
}

func (s *typeSums) isZero() bool {
	for i := range s.fig {
		if !s.fig[i].IsZero() {
			return false
		}
	}
	for i := range s.gap {
		if !s.gap[i].IsZero() {
			return false
		}
	}
	return true
}

// spendSums are a row's spend figures as exact decimals.
type spendSums struct {
	byClass [matching.NumClasses]decimal.Decimal
	leakage decimal.Decimal
	lines   int
}

func (s *spendSums) add(o *spendSums) {
	for i := range s.byClass {
		s.byClass[i] = s.byClass[i].Add(o.byClass[i])
	}
	s.leakage = s.leakage.Add(o.leakage)
	s.lines += o.lines
}

// numStages indexes stage counts by lifecycle.Stage.
const numStages = int(lifecycle.Cancelled) + 1

// sums are everything one cell or row adds up.
type sums struct {
	types  [2]typeSums // cost reduction, cost avoidance
	stages [numStages]int
	spend  spendSums
}

func (s *sums) add(o *sums) {
	s.types[0].add(&o.types[0])
	s.types[1].add(&o.types[1])
	for i := range s.stages {
		s.stages[i] += o.stages[i]
	}
	s.spend.add(&o.spend)
}

func typeIndex(reduction bool) int {
	if reduction {
		return 0
	}
	return 1
}

func (s *typeSums) figures(c lifecycle.Currency) Figures {
	m := func(d decimal.Decimal) lifecycle.Money { return money(d, c) }
	return Figures{
		Pipeline: m(s.fig[fPipeline]), Committed: m(s.fig[fCommitted]),
		Implemented: m(s.fig[fImplemented]), Due: m(s.fig[fDue]),
		Realized: m(s.fig[fRealized]), Costs: m(s.fig[fCosts]),
		Gap: Gap{
			Currency: m(s.gap[gCurrency]), NotYetDue: m(s.gap[gNotYetDue]),
			Timing: m(s.gap[gTiming]), Volume: m(s.gap[gVolume]), Price: m(s.gap[gPrice]),
			Compliance: m(s.gap[gCompliance]), Unexplained: m(s.gap[gUnexplained]),
		},
	}
}

func (s *spendSums) figures(c lifecycle.Currency) Spend {
	return Spend{
		OnContract:   money(s.byClass[matching.OnContract], c),
		LeakageSpend: money(s.byClass[matching.Leakage], c),
		Leakage:      money(s.leakage, c),
		Maverick:     money(s.byClass[matching.Maverick], c),
		Uncontracted: money(s.byClass[matching.Uncontracted], c),
		Lines:        s.lines,
	}
}

// money returns d in the reporting currency c, which the Config checked.
func money(d decimal.Decimal, c lifecycle.Currency) lifecycle.Money {
	m, err := lifecycle.NewMoney(d, c)
	if err != nil {
		return lifecycle.Money{}
	}
	return m
}

// add and sub work on two amounts in the reporting currency.
func add(a, b lifecycle.Money) lifecycle.Money {
	s, err := a.Add(b)
	if err != nil {
		return lifecycle.Money{}
	}
	return s
}

func sub(a, b lifecycle.Money) lifecycle.Money { return add(a, b.Neg()) }
