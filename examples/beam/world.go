package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/internal/matchgen"
	"github.com/openprocure/realize/internal/scoregen"
	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// World is what every stage of the pipeline knows besides the data it
// is handed: the scorecard's configuration and the index's unit
// conversions, as plain values. Beam ships a function to its workers by
// encoding the function's exported fields as JSON, so the category tree,
// ownership and rate tables travel as the lists they are built from and
// each worker builds them again in Setup.
type World struct {
	AsOf         time.Time
	From, To     lifecycle.Period
	Currency     lifecycle.Currency
	Dimensions   scorecard.Dimension
	Categories   []lifecycle.Category
	Owners       []lifecycle.Tenure
	Rates        []Rate // actual exchange rates into Currency
	PlannedRates []Rate // the rates commitments were planned at
	RateRounding lifecycle.Rounding
	Units        []Unit
}

// Rate is one unit of Currency in the reporting currency in Month. The
// rate is decimal text: JSON would drop a decimal's trailing zeros, and
// with them the digits of the amounts converted at the rate.
type Rate struct {
	Currency lifecycle.Currency
	Month    lifecycle.Period
	Rate     string
}

// Unit is a unit conversion, its factor as decimal text.
type Unit struct{ From, To, Factor string }

// units returns the index's unit conversions.
func (w *World) units() ([]matching.UnitConversion, error) {
	out := make([]matching.UnitConversion, len(w.Units))
	for i, u := range w.Units {
		f, err := decimal.NewFromString(u.Factor)
		if err != nil {
			return nil, fmt.Errorf("world: unit %s to %s: factor %q: %w", u.From, u.To, u.Factor, err)
		}
		out[i] = matching.UnitConversion{From: u.From, To: u.To, Factor: f}
	}
	return out, nil
}

// Config builds the scorecard configuration the world describes.
func (w *World) Config() (scorecard.Config, error) {
	tree, err := lifecycle.NewCategoryTree(w.Categories)
	if err != nil {
		return scorecard.Config{}, fmt.Errorf("world: %w", err)
	}
	owners := &lifecycle.Ownership{}
	for _, t := range w.Owners {
		if err := owners.Assign(t.Category, t.Owner, t.From); err != nil {
			return scorecard.Config{}, fmt.Errorf("world: owner of %s from %s: %w", t.Category, t.From, err)
		}
	}
	rates, planned := &scorecard.RateTable{}, &scorecard.RateTable{}
	for _, table := range []struct {
		into *scorecard.RateTable
		from []Rate
	}{{rates, w.Rates}, {planned, w.PlannedRates}} {
		for _, r := range table.from {
			rate, err := decimal.NewFromString(r.Rate)
			if err != nil {
				return scorecard.Config{}, fmt.Errorf("world: rate of %s in %s: %q: %w", r.Currency, r.Month, r.Rate, err)
			}
			if err := table.into.Set(r.Currency, r.Month, rate); err != nil {
				return scorecard.Config{}, fmt.Errorf("world: %w", err)
			}
		}
	}
	cfg := scorecard.Config{
		AsOf: w.AsOf, From: w.From, To: w.To, Dimensions: w.Dimensions,
		Categories: tree, Owners: owners, Currency: w.Currency,
		Rates: rates, PlannedRates: planned, RateRounding: w.RateRounding,
	}
	if len(w.PlannedRates) == 0 {
		cfg.PlannedRates = nil
	}
	return cfg, cfg.Validate()
}

// Year is a procurement year to score: the world, the contracts, the
// invoice lines in the order they arrived, and the initiatives.
type Year struct {
	World       World
	Contracts   []matching.Contract
	Lines       []matching.InvoiceLine
	Initiatives []*lifecycle.Initiative
}

// Sizes are the sizes of a generated year.
type Sizes struct {
	Contracts, TermsPerContract, Lines, Initiatives int
}

// Generate returns the deterministic procurement year of seed: the
// library's benchmark data (contracts with every tier kind, lines of
// every class, initiatives at every stage, owners with hand-overs, USD
// and GBP spend) over 2023 to 2025 in EUR, as of 20 November 2024, rolled
// up by category, owner and month.
func Generate(seed int64, n Sizes) (*Year, error) {
	if n.Contracts < 1 || n.TermsPerContract < 1 || n.Lines < 0 || n.Initiatives < 0 {
		return nil, errors.New("generate: sizes must be positive")
	}
	cs := matchgen.Contracts(seed, n.Contracts, n.TermsPerContract)
	lines := matchgen.Lines(seed+1, cs, n.Lines)
	cats := scoregen.Categories(cs, lines)
	tree := scoregen.Tree(seed+4, cats)
	owners, _ := scoregen.Owners(seed+2, cats)
	actual, planned := scoregen.Rates(seed + 3)
	w := World{
		AsOf:         scoregen.AsOf,
		From:         lifecycle.MustPeriod(2023, time.January),
		To:           lifecycle.MustPeriod(2025, time.December),
		Currency:     lifecycle.EUR,
		Dimensions:   scorecard.ByCategory | scorecard.ByOwner | scorecard.ByPeriod,
		Categories:   tree.All(),
		RateRounding: lifecycle.Rounding{Mode: lifecycle.HalfEven, Places: 6},
	}
	for _, u := range matchgen.Units() {
		w.Units = append(w.Units, Unit{From: u.From, To: u.To, Factor: u.Factor.String()})
	}
	for _, c := range owners.Categories() {
		w.Owners = append(w.Owners, owners.History(c)...)
	}
	for _, r := range actual {
		w.Rates = append(w.Rates, Rate{Currency: r.Currency, Month: r.Period, Rate: r.Rate.String()})
	}
	for _, r := range planned {
		w.PlannedRates = append(w.PlannedRates, Rate{Currency: r.Currency, Month: r.Period, Rate: r.Rate.String()})
	}
	return &Year{
		World:       w,
		Contracts:   cs,
		Lines:       lines,
		Initiatives: scoregen.Initiatives(seed+5, cs, cats, n.Initiatives),
	}, nil
}

// InProcess is the scorecard the library computes in one process on the
// year: every line matched in one batch in arrival order, then
// scorecard.Build. The pipeline must give the same.
func (y *Year) InProcess() (*scorecard.Scorecard, error) {
	cfg, err := y.World.Config()
	if err != nil {
		return nil, err
	}
	units, err := y.World.units()
	if err != nil {
		return nil, err
	}
	ix, err := matching.NewIndex(y.Contracts, matching.Config{Units: units})
	if err != nil {
		return nil, err
	}
	return scorecard.Build(cfg, y.Initiatives, ix.NewMatcher().MatchBatch(y.Lines, nil))
}

// Pipeline adds the year's data to s as PCollections — the lines
// numbered in arrival order, the contracts, the initiatives' events —
// and the pipeline that scores them, returning its output.
func (y *Year) Pipeline(s beam.Scope) (beam.PCollection, error) {
	numbered := make([]NumberedLine, len(y.Lines))
	for i, l := range y.Lines {
		numbered[i] = NumberedLine{Pos: int64(i), Line: l}
	}
	events := make([][]byte, len(y.Initiatives))
	for i, in := range y.Initiatives {
		b, err := EncodeInitiative(in)
		if err != nil {
			return beam.PCollection{}, err
		}
		events[i] = b
	}
	return Pipeline(s, y.World,
		beam.CreateList(s, numbered),
		beam.CreateList(s, y.Contracts),
		beam.CreateList(s, events)), nil
}
