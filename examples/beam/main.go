// Command beam computes the realization scorecard of a procurement year
// on Apache Beam: the same matching and the same mergeable partial
// scorecards as the library in one process, spread over the workers of
// whichever runner it is given — prism on this machine, or Dataflow,
// Flink or Spark unchanged.
//
//	go run . --output scorecard.json
//	go run . --lines 200000 --contracts 2000 --runner prism --output scorecard.json
//
// The year is the library's generated benchmark data (see Generate);
// --check also computes the scorecard in this process and fails unless
// the pipeline's is the same to the last digit.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
)

var (
	seed        = flag.Int64("seed", 1, "seed of the generated year")
	contracts   = flag.Int("contracts", 200, "contracts in the generated year")
	terms       = flag.Int("terms", 10, "price terms per contract")
	lines       = flag.Int("lines", 20000, "invoice lines in the generated year")
	initiatives = flag.Int("initiatives", 150, "initiatives in the generated year")
	output      = flag.String("output", "", "file the scorecard's JSON is written to (required)")
	check       = flag.Bool("check", false, "also compute the scorecard in this process and compare")
)

func main() {
	flag.Parse()
	beam.Init()
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context) error {
	if *output == "" {
		return errors.New("--output is required")
	}
	y, err := Generate(*seed, Sizes{Contracts: *contracts, TermsPerContract: *terms,
		Lines: *lines, Initiatives: *initiatives})
	if err != nil {
		return err
	}
	p, s := beam.NewPipelineWithRoot()
	out, err := y.Pipeline(s)
	if err != nil {
		return err
	}
	textio.Write(s, *output, out)
	if err := beamx.Run(ctx, p); err != nil {
		return err
	}
	if !*check {
		return nil
	}
	got, err := os.ReadFile(*output)
	if err != nil {
		return err
	}
	sc, err := y.InProcess()
	if err != nil {
		return err
	}
	want, err := sc.MarshalJSON()
	if err != nil {
		return err
	}
	if string(got) != string(want)+"\n" {
		return fmt.Errorf("the pipeline's scorecard in %s differs from the one computed in process", *output)
	}
	fmt.Println("the pipeline's scorecard equals the one computed in process")
	return nil
}
