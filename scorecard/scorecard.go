package scorecard

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
)

// cell is the figures of one cellKey. The sums sit behind a pointer so
// that sorting cells moves keys, not hundreds of bytes of figures.
type cell struct {
	key  cellKey
	sums *sums
}

// Scorecard is the realization scorecard: initiatives and match results
// as of a date, converted into one reporting currency, ready to be read
// as rows at any dimensions. It is immutable and safe for concurrent
// use. Make one with Build or Partial.Scorecard.
type Scorecard struct {
	cfg     Config
	cells   []cell // sorted by key
	acct    Accounting
	unknown []lifecycle.InitiativeID
}

// AsOf returns when the scorecard was taken.
func (s *Scorecard) AsOf() time.Time { return s.cfg.AsOf }

// Window returns the first and last month the scorecard covers.
func (s *Scorecard) Window() (from, to lifecycle.Period) { return s.cfg.From, s.cfg.To }

// Currency returns the reporting currency.
func (s *Scorecard) Currency() lifecycle.Currency { return s.cfg.Currency }

// Accounting says what happened to every input.
func (s *Scorecard) Accounting() Accounting { return s.acct }

// UnknownInitiatives returns the initiatives that match results named
// but that were not given: their lines' spend is in the rows, but no gap
// is split for them.
func (s *Scorecard) UnknownInitiatives() []lifecycle.InitiativeID {
	return slices.Clone(s.unknown)
}

// Bucket is the period of a row at its grain: a calendar month, a fiscal
// quarter or a fiscal year. The zero Bucket is no period, in rows not
// keyed by period.
type Bucket struct {
	Grain  Grain `json:"grain"`
	Year   int   `json:"year"`   // calendar year of a month; fiscal year of a quarter or year
	Number int   `json:"number"` // month 1..12 or quarter 1..4; 0 for a year
}

func bucketOf(p lifecycle.Period, g Grain, cal lifecycle.FiscalCalendar) Bucket {
	switch g {
	case Quarter:
		y, q := cal.Quarter(p)
		return Bucket{Grain: Quarter, Year: y, Number: q}
	case FiscalYear:
		return Bucket{Grain: FiscalYear, Year: cal.YearOf(p)}
	}
	return Bucket{Grain: Month, Year: p.Year(), Number: int(p.Month())}
}

// IsZero reports whether b is no period.
func (b Bucket) IsZero() bool { return b.Year == 0 }

// String returns "2025-03" for a month, "FY2025-Q1" for a quarter,
// "FY2025" for a fiscal year and "" for no period.
func (b Bucket) String() string {
	switch {
	case b.IsZero():
		return ""
	case b.Grain == Quarter:
		return fmt.Sprintf("FY%d-Q%d", b.Year, b.Number)
	case b.Grain == FiscalYear:
		return fmt.Sprintf("FY%d", b.Year)
	}
	return fmt.Sprintf("%04d-%02d", b.Year, b.Number)
}

// MarshalText writes the bucket as String does.
func (b Bucket) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

// Compare orders buckets in time.
func (b Bucket) Compare(o Bucket) int {
	if c := cmp.Compare(b.Year, o.Year); c != 0 {
		return c
	}
	return cmp.Compare(b.Number, o.Number)
}

// Row is one line of the scorecard: the figures of one combination of
// the keys its dimensions name. Keys of dimensions a scorecard is not
// keyed by are zero. All amounts are in the reporting currency.
type Row struct {
	Category lifecycle.CategoryID
	// Path is the category's path in Config.Categories ("IT > Software")
	// and Depth its depth, 0 for a root; a category's row includes its
	// descendants' figures. Without a tree, Path is empty.
	Path         string
	Depth        int
	Owner        lifecycle.OwnerID
	Supplier     string
	Region       string
	BusinessUnit string
	Period       Bucket

	// Reduction and Avoidance are the cost-reduction and cost-avoidance
	// figures, never added together.
	Reduction, Avoidance Figures

	Spend Spend

	stages   [numStages]int
	rounding lifecycle.Rounding
}

// Figures returns the row's figures of savings type t: Reduction or
// Avoidance.
func (r *Row) Figures(t lifecycle.SavingsType) *Figures {
	if t == lifecycle.CostAvoidance {
		return &r.Avoidance
	}
	return &r.Reduction
}

// Initiatives returns how many initiatives stood in stage st at the
// as-of time. An initiative is counted once, in the row of its keys and
// of the as-of month (the window's nearest month when the as-of time
// falls outside it).
func (r *Row) Initiatives(st lifecycle.Stage) int {
	if int(st) >= numStages {
		return 0
	}
	return r.stages[st]
}

func (r *Row) rate(num, den lifecycle.Money) Rate {
	return ratio(num.Amount(), den.Amount(), r.rounding)
}

// CommitmentRate returns committed ÷ pipeline for savings type t: how
// much of what was identified was signed.
func (r *Row) CommitmentRate(t lifecycle.SavingsType) Rate {
	f := r.Figures(t)
	return r.rate(f.Committed, f.Pipeline)
}

// RealizationRate returns realized ÷ committed for savings type t.
func (r *Row) RealizationRate(t lifecycle.SavingsType) Rate {
	f := r.Figures(t)
	return r.rate(f.Realized, f.Committed)
}

// RealizationToDate returns realized ÷ due for savings type t: how much
// of what should have landed by the as-of date did.
func (r *Row) RealizationToDate(t lifecycle.SavingsType) Rate {
	f := r.Figures(t)
	return r.rate(f.Realized, f.Due)
}

// ImplementationRate returns implemented ÷ committed for savings type t.
func (r *Row) ImplementationRate(t lifecycle.SavingsType) Rate {
	f := r.Figures(t)
	return r.rate(f.Implemented, f.Committed)
}

// ContractCompliance returns on-contract ÷ addressable spend.
func (r *Row) ContractCompliance() Rate {
	return r.rate(r.Spend.OnContract, r.Spend.Addressable())
}

// LeakageRate returns the leakage amount ÷ addressable spend.
func (r *Row) LeakageRate() Rate { return r.rate(r.Spend.Leakage, r.Spend.Addressable()) }

// MaverickRate returns maverick spend ÷ addressable spend.
func (r *Row) MaverickRate() Rate { return r.rate(r.Spend.Maverick, r.Spend.Addressable()) }

// rowKey is a cellKey projected onto a scorecard's dimensions.
type rowKey struct {
	category lifecycle.CategoryID
	owner    lifecycle.OwnerID
	labels
	bucket Bucket
}

func (s *Scorecard) project(k *cellKey, d Dimension, g Grain) rowKey {
	var r rowKey
	if d&ByCategory != 0 {
		r.category = k.category
	}
	if d&ByOwner != 0 {
		r.owner = k.owner
	}
	if d&BySupplier != 0 {
		r.supplier = k.supplier
	}
	if d&ByRegion != 0 {
		r.region = k.region
	}
	if d&ByBusinessUnit != 0 {
		r.unit = k.unit
	}
	if d&ByPeriod != 0 {
		r.bucket = bucketOf(k.period, g, s.cfg.Fiscal)
	}
	return r
}

// Rows returns the rows at the Config's dimensions and grain.
func (s *Scorecard) Rows() []Row {
	rows, _ := s.RowsBy(s.cfg.Dimensions, s.cfg.Grain) // the Config was validated
	return rows
}

// RowsBy returns the rows at dimensions d and grain g, so that one
// scorecard can be read by category, by owner and by month in turn.
// Rows come ordered by category path (category id without a tree),
// owner, supplier, region, business unit and period. Only rows with a
// figure, a count or a line appear. Unknown dimensions or grain are an
// error wrapping ErrInvalidConfig.
func (s *Scorecard) RowsBy(d Dimension, g Grain) ([]Row, error) {
	if d&^allDimensions != 0 || g > FiscalYear {
		return nil, fmt.Errorf("scorecard: rows: %w: dimensions %s, grain %s", ErrInvalidConfig, d, g)
	}
	acc := make(map[rowKey]*sums)
	addTo := func(k rowKey, from *sums) {
		t := acc[k]
		if t == nil {
			t = &sums{}
			acc[k] = t
		}
		t.add(from)
	}
	tree := s.cfg.Categories
	for i := range s.cells {
		c := &s.cells[i]
		k := s.project(&c.key, d, g)
		addTo(k, c.sums)
		if d&ByCategory != 0 && tree != nil {
			for _, a := range tree.Ancestors(k.category) {
				up := k
				up.category = a.ID
				addTo(up, c.sums)
			}
		}
	}
	rows := make([]Row, 0, len(acc))
	for k, sm := range acc {
		rows = append(rows, s.row(k, sm))
	}
	slices.SortFunc(rows, compareRows)
	return rows, nil
}

// Total returns the one row of everything: no keys, every figure.
func (s *Scorecard) Total() Row {
	var t sums
	for i := range s.cells {
		t.add(s.cells[i].sums)
	}
	return s.row(rowKey{}, &t)
}

func (s *Scorecard) row(k rowKey, sm *sums) Row {
	c := s.cfg.Currency
	r := Row{
		Category: k.category, Owner: k.owner,
		Supplier: k.supplier, Region: k.region, BusinessUnit: k.unit, Period: k.bucket,
		Reduction: sm.types[0].figures(c), Avoidance: sm.types[1].figures(c),
		Spend:  sm.spend.figures(c),
		stages: sm.stages, rounding: s.cfg.RateRounding,
	}
	if t := s.cfg.Categories; t != nil && !k.category.IsZero() {
		r.Path = t.PathString(k.category)
		r.Depth = len(t.Ancestors(k.category))
	}
	return r
}

func compareRows(a, b Row) int {
	ka, kb := a.Path, b.Path
	if ka == "" && kb == "" {
		ka, kb = a.Category.String(), b.Category.String()
	}
	if c := strings.Compare(ka, kb); c != 0 {
		return c
	}
	if c := a.Owner.Compare(b.Owner); c != 0 {
		return c
	}
	if c := compareLabels(labels{a.Supplier, a.Region, a.BusinessUnit}, labels{b.Supplier, b.Region, b.BusinessUnit}); c != 0 {
		return c
	}
	return a.Period.Compare(b.Period)
}

// OwnerCard is one category owner's line in the owner scorecard: their
// realized, finance-validated cost-reduction savings against their
// target — the figure compensation should use.
type OwnerCard struct {
	Rank      int               `json:"rank"` // 1 for the highest attainment
	Owner     lifecycle.OwnerID `json:"owner"`
	Target    lifecycle.Money   `json:"target"`
	Committed lifecycle.Money   `json:"committed"`
	Due       lifecycle.Money   `json:"due"`
	Realized  lifecycle.Money   `json:"realized"`
	Slippage  lifecycle.Money   `json:"slippage"`   // due − realized
	Attain    Rate              `json:"attainment"` // realized ÷ target
	Convert   Rate              `json:"conversion"` // realized ÷ committed
}

// Owners ranks the category owners on realized cost-reduction savings
// against targets (in the reporting currency, for the window). Each
// figure goes to the owner who held its category at the time. Owners are
// ranked by attainment, highest first; an undefined attainment (no
// target) ranks after every defined one; ties go to the larger realized
// savings, then to the owner id. An owner with a target and no figures
// is ranked too. Figures of categories nobody owned are left out.
//
// It needs Config.Owners (else an error wrapping ErrInvalidConfig), and
// a target in another currency is an error wrapping
// lifecycle.ErrCurrencyMismatch naming the owner.
func (s *Scorecard) Owners(targets map[lifecycle.OwnerID]lifecycle.Money) ([]OwnerCard, error) {
	if s.cfg.Owners == nil {
		return nil, fmt.Errorf("scorecard: owners: %w: the category ownership (Owners) is not set", ErrInvalidConfig)
	}
	for _, id := range sortedIDs(targets) {
		if t := targets[id]; t.Currency() != s.cfg.Currency {
			return nil, fmt.Errorf("scorecard: owner %s: target %s: %w: the reporting currency is %s",
				id, t, lifecycle.ErrCurrencyMismatch, s.cfg.Currency)
		}
	}
	rows, _ := s.RowsBy(ByOwner, Month)
	byOwner := make(map[lifecycle.OwnerID]*Row, len(rows))
	for i := range rows {
		if !rows[i].Owner.IsZero() {
			byOwner[rows[i].Owner] = &rows[i]
		}
	}
	zero := money(decimal.Zero, s.cfg.Currency)
	for id := range targets {
		if _, ok := byOwner[id]; !ok && !id.IsZero() {
			r := s.row(rowKey{owner: id}, &sums{})
			byOwner[id] = &r
		}
	}
	cards := make([]OwnerCard, 0, len(byOwner))
	for id, r := range byOwner {
		target, ok := targets[id]
		if !ok {
			target = zero
		}
		f := &r.Reduction
		cards = append(cards, OwnerCard{
			Owner: id, Target: target, Committed: f.Committed, Due: f.Due, Realized: f.Realized,
			Slippage: f.Slippage(),
			Attain:   r.rate(f.Realized, target),
			Convert:  r.rate(f.Realized, f.Committed),
		})
	}
	slices.SortFunc(cards, func(a, b OwnerCard) int {
		av, ad := a.Attain.Value()
		bv, bd := b.Attain.Value()
		switch {
		case ad != bd:
			if ad {
				return -1
			}
			return 1
		case ad && !av.Equal(bv):
			return -av.Cmp(bv)
		}
		if c := b.Realized.Amount().Cmp(a.Realized.Amount()); c != 0 {
			return c
		}
		return a.Owner.Compare(b.Owner)
	})
	for i := range cards {
		cards[i].Rank = i + 1
	}
	return cards, nil
}

// rowJSON is a row as JSON: keys of dimensions not used are left out,
// and the counts and rates are written out.
type rowJSON struct {
	Category     string         `json:"category,omitempty"`
	Path         string         `json:"path,omitempty"`
	Depth        int            `json:"depth,omitempty"`
	Owner        string         `json:"owner,omitempty"`
	Supplier     string         `json:"supplier,omitempty"`
	Region       string         `json:"region,omitempty"`
	BusinessUnit string         `json:"businessUnit,omitempty"`
	Period       string         `json:"period,omitempty"`
	Initiatives  map[string]int `json:"initiatives"`
	Reduction    typeJSON       `json:"costReduction"`
	Avoidance    typeJSON       `json:"costAvoidance"`
	Spend        spendJSON      `json:"spend"`
}

type typeJSON struct {
	Figures
	NetRealized       lifecycle.Money `json:"netRealized"`
	Slippage          lifecycle.Money `json:"slippage"`
	CommitmentRate    Rate            `json:"commitmentRate"`
	RealizationRate   Rate            `json:"realizationRate"`
	RealizationToDate Rate            `json:"realizationToDate"`
	Implementation    Rate            `json:"implementationRate"`
}

type spendJSON struct {
	Spend
	Addressable lifecycle.Money `json:"addressable"`
	Compliance  Rate            `json:"contractCompliance"`
	LeakageRate Rate            `json:"leakageRate"`
	Maverick    Rate            `json:"maverickRate"`
}

// MarshalJSON writes the row with its keys, counts per stage, figures,
// net figures and rates.
func (r Row) MarshalJSON() ([]byte, error) {
	j := rowJSON{
		Path: r.Path, Depth: r.Depth, Supplier: r.Supplier, Region: r.Region,
		BusinessUnit: r.BusinessUnit, Period: r.Period.String(),
		Initiatives: map[string]int{},
		Spend: spendJSON{Spend: r.Spend, Addressable: r.Spend.Addressable(),
			Compliance: r.ContractCompliance(), LeakageRate: r.LeakageRate(), Maverick: r.MaverickRate()},
	}
	if !r.Category.IsZero() {
		j.Category = r.Category.String()
	}
	if !r.Owner.IsZero() {
		j.Owner = r.Owner.String()
	}
	for st := lifecycle.Pipeline; st <= lifecycle.Cancelled; st++ {
		j.Initiatives[st.String()] = r.stages[st]
	}
	for _, t := range []lifecycle.SavingsType{lifecycle.CostReduction, lifecycle.CostAvoidance} {
		f := r.Figures(t)
		tj := typeJSON{Figures: *f, NetRealized: f.NetRealized(), Slippage: f.Slippage(),
			CommitmentRate: r.CommitmentRate(t), RealizationRate: r.RealizationRate(t),
			RealizationToDate: r.RealizationToDate(t), Implementation: r.ImplementationRate(t)}
		if t == lifecycle.CostReduction {
			j.Reduction = tj
		} else {
			j.Avoidance = tj
		}
	}
	return json.Marshal(j)
}

// MarshalJSON writes the scorecard: when and over which months it was
// taken, its currency and dimensions, the rows, the total and the
// accounting of its input.
func (s *Scorecard) MarshalJSON() ([]byte, error) {
	lines := map[string]int{}
	for c := matching.Class(1); int(c) < matching.NumClasses; c++ {
		lines[c.String()] = s.acct.Lines[c]
	}
	unknown := make([]string, len(s.unknown))
	for i, id := range s.unknown {
		unknown[i] = id.String()
	}
	return json.Marshal(struct {
		AsOf       time.Time          `json:"asOf"`
		From       lifecycle.Period   `json:"from"`
		To         lifecycle.Period   `json:"to"`
		Currency   lifecycle.Currency `json:"currency"`
		Dimensions string             `json:"dimensions"`
		Grain      string             `json:"grain"`
		Rows       []Row              `json:"rows"`
		Total      Row                `json:"total"`
		Accounting struct {
			Accounting
			Lines map[string]int `json:"lines"`
		} `json:"accounting"`
		Unknown []string `json:"unknownInitiatives"`
	}{
		AsOf: s.cfg.AsOf, From: s.cfg.From, To: s.cfg.To, Currency: s.cfg.Currency,
		Dimensions: s.cfg.Dimensions.String(), Grain: s.cfg.Grain.String(),
		Rows: s.Rows(), Total: s.Total(),
		Accounting: struct {
			Accounting
			Lines map[string]int `json:"lines"`
		}{s.acct, lines},
		Unknown: unknown,
	})
}
