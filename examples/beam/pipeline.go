package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/openprocure/realize/lifecycle"
	"github.com/openprocure/realize/matching"
	"github.com/openprocure/realize/scorecard"
)

// NumberedLine is an invoice line with its position in the input, so
// that the lines of one supplier are matched in the order they arrived
// wherever the engine moved them.
type NumberedLine struct {
	Pos  int64
	Line matching.InvoiceLine
}

// Pipeline adds the realization scorecard of a year to s and returns the
// PCollection holding it, one JSON document:
//
//  1. lines (NumberedLine) are keyed by supplier and grouped, so that
//     every rule that compares lines — duplicates, suspected duplicates,
//     cumulative tiers — sees all the lines it compares;
//  2. matchFn matches each supplier's lines in arrival order against the
//     index it builds, once per bundle, from the contracts side input
//     (matching.Contract), and emits each result keyed by its category
//     and month;
//  3. resultsFn, a CombineFn, adds the results of each category and
//     month into a scorecard.Partial; initiativesFn does the same for
//     initiatives (their events as JSON) keyed by category;
//  4. mergeFn merges every partial into one and extracts the scorecard.
//
// Partials and results cross the engine's stage boundaries in the
// library's binary forms (see the coders registered in init), so nothing
// they hold is lost.
func Pipeline(s beam.Scope, w World, lines, contracts, initiatives beam.PCollection) beam.PCollection {
	s = s.Scope("realization")
	bySupplier := beam.ParDo(s, keyBySupplier, lines)
	grouped := beam.GroupByKey(s, bySupplier)
	results := beam.ParDo(s, &matchFn{World: w}, grouped, beam.SideInput{Input: contracts})
	linePartials := beam.CombinePerKey(s, &resultsFn{partials{World: w}}, results)

	byCategory := beam.ParDo(s, keyByCategory, initiatives)
	initPartials := beam.CombinePerKey(s, &initiativesFn{partials{World: w}}, byCategory)

	all := beam.Flatten(s, beam.DropKey(s, linePartials), beam.DropKey(s, initPartials))
	return beam.Combine(s, &mergeFn{partials{World: w}}, all)
}

func init() {
	register.Function1x2(keyBySupplier)
	register.Function1x3(keyByCategory)
	// The generic register.DoFn helpers cannot describe a StartBundle
	// that reads a side input; matchFn runs through reflection.
	beam.RegisterType(reflect.TypeFor[matchFn]())
	register.Emitter2[string, matching.Result]()
	register.Iter1[NumberedLine]()
	register.Iter1[matching.Contract]()
	register.Combiner3[*partial, matching.Result, *partial](&resultsFn{})
	register.Combiner3[*partial, []byte, *partial](&initiativesFn{})
	register.Combiner3[*partial, *partial, string](&mergeFn{})

	beam.RegisterCoder(reflect.TypeFor[*partial](), encodePartial, decodePartial)
	beam.RegisterCoder(reflect.TypeFor[matching.Result](), encodeResult, decodeResult)
	beam.RegisterCoder(reflect.TypeFor[NumberedLine](), encodeLine, decodeLine)
	beam.RegisterCoder(reflect.TypeFor[matching.Contract](), encodeContract, decodeContract)
}

func keyBySupplier(l NumberedLine) (string, NumberedLine) { return l.Line.Supplier, l }

// keyByCategory keys an initiative's events by the initiative's
// category.
func keyByCategory(events []byte) (string, []byte, error) {
	in, err := replay(events)
	if err != nil {
		return "", nil, err
	}
	return in.Category().String(), events, nil
}

// EncodeInitiative is the form an initiative takes in the pipeline: its
// events as a JSON array.
func EncodeInitiative(in *lifecycle.Initiative) ([]byte, error) {
	return json.Marshal(in.Events())
}

func replay(data []byte) (*lifecycle.Initiative, error) {
	var events []lifecycle.Event
	if err := json.Unmarshal(data, &events); err != nil {
		return nil, fmt.Errorf("initiative events: %w", err)
	}
	return lifecycle.Replay(events)
}

// matchFn matches one supplier's lines.
type matchFn struct {
	World World

	ix *matching.Index // built from the side input in StartBundle
}

// StartBundle builds the index from the contracts side input, once for
// the bundle's lines. Beam wants StartBundle and ProcessElement to take
// the same side inputs and emitters, so each takes what only the other
// uses.
func (f *matchFn) StartBundle(contracts func(*matching.Contract) bool, _ func(string, matching.Result)) error {
	var cs []matching.Contract
	var c matching.Contract
	for contracts(&c) {
		cs = append(cs, c)
	}
	units, err := f.World.units()
	if err != nil {
		return err
	}
	f.ix, err = matching.NewIndex(cs, matching.Config{Units: units})
	return err
}

// ProcessElement matches one supplier's lines in arrival order and emits
// each result keyed by its category and month.
func (f *matchFn) ProcessElement(_ string, lines func(*NumberedLine) bool,
	_ func(*matching.Contract) bool, emit func(string, matching.Result)) {
	var batch []NumberedLine
	var l NumberedLine
	for lines(&l) {
		batch = append(batch, l)
	}
	slices.SortFunc(batch, func(a, b NumberedLine) int { return cmp.Compare(a.Pos, b.Pos) })
	in := make([]matching.InvoiceLine, len(batch))
	for i := range batch {
		in[i] = batch[i].Line
	}
	for _, r := range f.ix.NewMatcher().MatchBatch(in, nil) {
		emit(r.Category.String()+" "+r.Period.String(), r)
	}
}

// partial is the accumulator of the CombineFns: a scorecard.Partial, or
// the bytes of one as they arrived from another stage, opened when first
// used (a coder has no Config to decode into).
type partial struct {
	p   *scorecard.Partial
	raw []byte
}

func encodePartial(a *partial) ([]byte, error) {
	if a.p == nil {
		return a.raw, nil
	}
	return a.p.MarshalBinary()
}

func decodePartial(b []byte) (*partial, error) {
	return &partial{raw: slices.Clone(b)}, nil
}

func encodeResult(r matching.Result) ([]byte, error) { return r.MarshalBinary() }

func decodeResult(b []byte) (matching.Result, error) {
	var r matching.Result
	err := r.UnmarshalBinary(b)
	return r, err
}

// partials is what the three CombineFns share: the Config, built in
// Setup, and the accumulator's create, merge and open.
type partials struct {
	World World

	cfg scorecard.Config
}

func (f *partials) Setup() error {
	cfg, err := f.World.Config()
	f.cfg = cfg
	return err
}

func (f *partials) create() (*partial, error) {
	p, err := scorecard.NewPartial(f.cfg)
	return &partial{p: p}, err
}

// open returns a's partial, decoding it first if it came as bytes.
func (f *partials) open(a *partial) (*scorecard.Partial, error) {
	if a.p != nil {
		return a.p, nil
	}
	p, err := scorecard.NewPartial(f.cfg)
	if err != nil {
		return nil, err
	}
	if err := p.UnmarshalBinary(a.raw); err != nil {
		return nil, err
	}
	a.p, a.raw = p, nil
	return p, nil
}

func (f *partials) merge(a, b *partial) (*partial, error) {
	pa, err := f.open(a)
	if err != nil {
		return nil, err
	}
	pb, err := f.open(b)
	if err != nil {
		return nil, err
	}
	return a, pa.Merge(pb)
}

// resultsFn adds match results into a partial.
type resultsFn struct{ partials }

func (f *resultsFn) CreateAccumulator() (*partial, error) { return f.create() }

func (f *resultsFn) AddInput(a *partial, r matching.Result) (*partial, error) {
	p, err := f.open(a)
	if err != nil {
		return nil, err
	}
	return a, p.AddResult(&r)
}

func (f *resultsFn) MergeAccumulators(a, b *partial) (*partial, error) { return f.merge(a, b) }

func (f *resultsFn) ExtractOutput(a *partial) *partial { return a }

// initiativesFn adds initiatives, given as their events, into a partial.
type initiativesFn struct{ partials }

func (f *initiativesFn) CreateAccumulator() (*partial, error) { return f.create() }

func (f *initiativesFn) AddInput(a *partial, events []byte) (*partial, error) {
	p, err := f.open(a)
	if err != nil {
		return nil, err
	}
	in, err := replay(events)
	if err != nil {
		return nil, err
	}
	return a, p.AddInitiative(in)
}

func (f *initiativesFn) MergeAccumulators(a, b *partial) (*partial, error) { return f.merge(a, b) }

func (f *initiativesFn) ExtractOutput(a *partial) *partial { return a }

// mergeFn merges the partials of every key and extracts the scorecard as
// JSON.
type mergeFn struct{ partials }

func (f *mergeFn) CreateAccumulator() (*partial, error) { return f.create() }

func (f *mergeFn) AddInput(a, b *partial) (*partial, error) { return f.merge(a, b) }

func (f *mergeFn) MergeAccumulators(a, b *partial) (*partial, error) { return f.merge(a, b) }

func (f *mergeFn) ExtractOutput(a *partial) (string, error) {
	p, err := f.open(a)
	if err != nil {
		return "", err
	}
	sc, err := p.Scorecard()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(sc)
	return string(b), err
}
