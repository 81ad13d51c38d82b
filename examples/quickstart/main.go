// Command quickstart runs a realization review: it reads a procurement
// year — categories and owners, category plans and their sign-offs,
// initiatives, contracts and their price terms, invoice lines and
// realization entries — matches every invoice line against the contract
// that should govern it, and prints where the committed savings went.
//
//	go run ./examples/quickstart                 the sample year shipped with it
//	go run ./examples/quickstart -data DIR       your own CSV exports
//	go run ./examples/quickstart -html out.html  also write an HTML report
//	go run ./examples/quickstart -json           the scorecard as JSON
//
// The CSV format is described in the README. A bad row stops nothing:
// it is reported as file:line: column: problem, and the rest is
// reviewed.
package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/openprocure/realize/lifecycle"
)

//go:embed sample/*.csv
var sample embed.FS

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is the program: it parses args, reviews the data and writes the
// report to stdout (and the HTML file when asked).
func run(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("data", "", "review the CSV files in `DIR` instead of the sample year")
	html := fl.String("html", "", "also write a self-contained HTML report to `FILE`")
	asJSON := fl.Bool("json", false, "write the scorecard as JSON instead of the text report")
	asOf := fl.String("asof", "", "review as of `YYYY-MM-DD` (default: the end of the latest invoice month)")
	currency := fl.String("currency", "EUR", "the reporting `CURRENCY`")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}

	opt := options{}
	c, err := lifecycle.ParseCurrency(strings.ToUpper(*currency))
	if err != nil {
		return fmt.Errorf("-currency: %w", err)
	}
	opt.Currency = c
	if *asOf != "" {
		if opt.AsOf, err = lifecycle.ParseDate(*asOf); err != nil {
			return fmt.Errorf("-asof: %w", err)
		}
	}
	var fsys fs.FS
	if *dir != "" {
		fsys = os.DirFS(*dir)
	} else {
		fsys, _ = fs.Sub(sample, "sample")
	}

	rv, err := runReview(fsys, opt)
	if err != nil {
		return err
	}

	// Reports are built in memory, then written once.
	var out bytes.Buffer
	if *asJSON {
		b, err := json.MarshalIndent(rv.Scorecard, "", "  ")
		if err != nil {
			return err
		}
		out.Write(append(b, '\n'))
		// The JSON is the scorecard alone; the rows it could not use
		// are reported beside it, as the text report lists them.
		if list := rv.inputProblems(); len(list) > 0 {
			var msg bytes.Buffer
			fmt.Fprintf(&msg, "quickstart: %d input rows not reviewed:\n", len(list))
			for _, p := range list {
				fmt.Fprintf(&msg, "  %s\n", p)
			}
			if _, err := msg.WriteTo(stderr); err != nil {
				return err
			}
		}
	} else {
		rv.writeText(&out)
	}
	if *html != "" {
		var page bytes.Buffer
		if err := rv.writeHTML(&page); err != nil {
			return err
		}
		if err := os.WriteFile(*html, page.Bytes(), 0o644); err != nil {
			return err
		}
	}
	_, err = out.WriteTo(stdout)
	return err
}
