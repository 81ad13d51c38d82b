package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/quickstart.golden from the program's output")

// TestGolden pins the whole text report of the sample year. After a
// deliberate change, run go test ./examples/quickstart -update and read
// the diff.
func TestGolden(t *testing.T) {
	var out, errs bytes.Buffer
	require.NoError(t, run(nil, &out, &errs))
	golden := filepath.Join("testdata", "quickstart.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), out.String(), "the report changed; rerun with -update if that was meant")
	assert.Empty(t, errs.String())
}

// TestSampleStory checks the figures the sample year was written to
// show, independently of the golden file's layout.
func TestSampleStory(t *testing.T) {
	rv, err := runReview(mustSub(t), options{Currency: "EUR"})
	require.NoError(t, err)
	assert.Equal(t, "2025-11-30", rv.AsOf.String())

	kinds := map[string]int{}
	for _, e := range rv.Exceptions {
		kinds[e.Kind]++
	}
	assert.Equal(t, 1, kinds["missing sign-off"], "the freight plan waits for Porto")
	assert.Equal(t, 1, kinds["blocked"], "the freight tender cannot be committed")
	assert.Equal(t, 2, kinds["refused validation"], "self-validation and the category owner's validation")
	assert.Positive(t, kinds["overdue report"])
	assert.Positive(t, kinds["deviation"])

	// Every invoice row is accounted for: matched, or unreadable.
	acct := rv.Scorecard.Accounting()
	var invoiceRows int
	for _, f := range rv.Files {
		if f.Name == "invoices.csv" {
			invoiceRows = f.Rows
		}
	}
	unreadable := 0
	for _, p := range rv.Problems {
		if p.File == "invoices.csv" {
			unreadable++
		}
	}
	assert.Equal(t, invoiceRows, acct.Results()+unreadable)
	assert.Len(t, rv.Rejected, 4)

	// The gap's parts add up to committed − realized.
	f := rv.Total.Reduction
	gap, err := f.Committed.Sub(f.Realized)
	require.NoError(t, err)
	assert.True(t, f.Gap.Total().Equal(gap))

	// The largest leakage is Lyon's August cleaning paid at the base
	// price of 1.80 instead of the 10,000 m² tier's 1.60: 11,000 × 0.20.
	require.NotEmpty(t, rv.Leakage)
	assert.Equal(t, "2200.00 EUR", rv.Leakage[0].Leakage().String())
	assert.Equal(t, "SPARKLECLEAN", rv.Maverick[0].Supplier)
}

func mustSub(t *testing.T) fstest.MapFS {
	t.Helper()
	files := fstest.MapFS{}
	entries, err := sample.ReadDir("sample")
	require.NoError(t, err)
	for _, e := range entries {
		b, err := sample.ReadFile("sample/" + e.Name())
		require.NoError(t, err)
		files[e.Name()] = &fstest.MapFile{Data: b}
	}
	return files
}

// withFile returns the sample year with one file replaced.
func withFile(t *testing.T, name, content string) fstest.MapFS {
	fs := mustSub(t)
	if content == "" {
		delete(fs, name)
	} else {
		fs[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return fs
}

func problemsOf(t *testing.T, fs fstest.MapFS) []string {
	t.Helper()
	rv, err := runReview(fs, options{Currency: "EUR"})
	require.NoError(t, err)
	var out []string
	for _, p := range rv.Problems {
		out = append(out, p.String())
	}
	return out
}

const invoiceHeader = "invoice,line,supplier,item,category,region,business_unit,date,quantity,unit,unit_price,currency\n"

func TestMalformedCSV(t *testing.T) {
	tests := []struct {
		name, file, content string
		want                []string
	}{
		{"missing column", "invoices.csv",
			"invoice,line,supplier,item,category,date,quantity,unit,unit_price\nX,1,ACME,A,IT > Software,2025-01-01,1,EA,1.00\n",
			[]string{"invoices.csv:1: currency: missing from the header"}},
		{"bad numbers", "invoices.csv", invoiceHeader +
			"X-1,1,SOFTCO,LIC-PRO,IT > Software,GB,HQ,2025-02-05,ten,EA,380.00,GBP\n" +
			"X-2,one,SOFTCO,LIC-PRO,IT > Software,GB,HQ,2025-02-05,10,EA,380.00,GBP\n" +
			"X-3,1,SOFTCO,LIC-PRO,IT > Software,GB,HQ,2025-02-05,10,EA,1e3,GBP\n",
			[]string{`invoices.csv:2: quantity: "ten" is not a plain decimal number`,
				`invoices.csv:3: line: "one" is not a whole number`,
				`invoices.csv:4: unit_price: "1e3" is not a plain decimal number`}},
		{"bad dates", "invoices.csv", invoiceHeader +
			"X-1,1,SOFTCO,LIC-PRO,IT > Software,GB,HQ,05/02/2025,10,EA,380.00,GBP\n" +
			"X-2,1,SOFTCO,LIC-PRO,IT > Software,GB,HQ,,10,EA,380.00,GBP\n",
			[]string{`invoices.csv:2: date: "05/02/2025" is not a date (YYYY-MM-DD)`,
				"invoices.csv:3: date: empty: a date (YYYY-MM-DD) is required"}},
		{"unknown currency", "contracts.csv",
			"contract,supplier,category,regions,currency,valid_from,valid_to,initiative\nSW-2025-01,SOFTCO,IT > Software,,POUND,2025-01-01,2025-12-31,I-01\n",
			[]string{`contracts.csv:2: currency: "POUND" is not an ISO 4217 currency code`}},
		{"empty file", "terms.csv", "\n",
			[]string{"terms.csv: empty file: the first row must be the header"}},
		{"missing file", "contracts.csv", "",
			[]string{"contracts.csv: missing: the review needs this file"}},
		{"ragged row and bad quote", "invoices.csv", invoiceHeader +
			"X-1,1,SOFTCO\n" +
			"X-2,1,SOFT\"CO,LIC-PRO,IT > Software,GB,HQ,2025-02-05,10,EA,380.00,GBP\n",
			[]string{"invoices.csv:2: row has 3 fields, the header 12",
				`invoices.csv:3: unreadable row: bare " in non-quoted-field`}},
		{"unknown category and initiative", "contracts.csv",
			"contract,supplier,category,regions,currency,valid_from,valid_to,initiative\nSW-2025-01,SOFTCO,IT >> Software,,GBP,2025-01-01,2025-12-31,I-99\n",
			[]string{`contracts.csv:2: category: "IT >> Software" is not a category path like "IT > Software"`,
				`contracts.csv:2: initiative: "I-99" is not in initiatives.csv`}},
		{"inverted contract dates", "contracts.csv",
			"contract,supplier,category,regions,currency,valid_from,valid_to,initiative\nSW-2025-01,SOFTCO,IT > Software,,GBP,2025-12-31,2025-01-01,I-01\n",
			[]string{"contracts.csv:2: "}},
		{"bad initiative values", "initiatives.csv",
			"initiative,title,category,owner,savings_type,recurrence,currency,estimate,created\nI-01,Licences,IT > Software,Ines Moreau,hard,recurring,GBP,-,2024-11-05\n",
			[]string{`initiatives.csv:2: savings_type: "hard": `, `initiatives.csv:2: estimate: "-" is not a plain decimal number`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := problemsOf(t, withFile(t, tc.file, tc.content))
			for _, w := range tc.want {
				found := false
				for _, g := range got {
					found = found || strings.HasPrefix(g, w)
				}
				assert.Truef(t, found, "no problem starting %q among:\n%s", w, strings.Join(got, "\n"))
			}
		})
	}
}

// TestValidRowsStillProcessed puts one bad row among good ones: the
// good ones are matched as before, the bad one is a problem.
func TestValidRowsStillProcessed(t *testing.T) {
	good, err := runReview(mustSub(t), options{Currency: "EUR"})
	require.NoError(t, err)
	b, err := sample.ReadFile("sample/invoices.csv")
	require.NoError(t, err)
	fs := withFile(t, "invoices.csv", string(b)+"X-1,1,SOFTCO,LIC-PRO,IT > Software,GB,HQ,not a date,10,EA,380.00,GBP\n")
	rv, err := runReview(fs, options{Currency: "EUR"})
	require.NoError(t, err)
	assert.Len(t, rv.Results, len(good.Results))
	assert.Len(t, rv.Problems, len(good.Problems)+1)
	assert.True(t, rv.Total.Spend.OnContract.Equal(good.Total.Spend.OnContract))
}

func TestNothingToReview(t *testing.T) {
	_, err := runReview(fstest.MapFS{}, options{Currency: "EUR"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "initiatives.csv: missing")
}

func TestFlags(t *testing.T) {
	var out, errs bytes.Buffer
	require.Error(t, run([]string{"-currency", "EURO"}, &out, &errs))
	require.Error(t, run([]string{"-asof", "yesterday"}, &out, &errs))
	require.Error(t, run([]string{"extra"}, &out, &errs))
	require.Error(t, run([]string{"-data", t.TempDir()}, &out, &errs), "an empty directory has nothing to review")

	out.Reset()
	require.NoError(t, run([]string{"-json"}, &out, &errs))
	var sc struct {
		Currency string `json:"currency"`
		Rows     []any  `json:"rows"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &sc))
	assert.Equal(t, "EUR", sc.Currency)
	assert.NotEmpty(t, sc.Rows)
	// The sample's six unusable invoice rows are reported beside the
	// JSON, in file order, as the text report lists them.
	assert.Equal(t, "quickstart: 6 input rows not reviewed:\n"+
		"  invoices.csv:57: rejected by matching: no supplier\n"+
		"  invoices.csv:58: rejected by matching: quantity is zero\n"+
		"  invoices.csv:66: rejected by matching: unknown currency\n"+
		"  invoices.csv:96: unit_price: \"1,60\" is not a plain decimal number\n"+
		"  invoices.csv:105: rejected by matching: negative unit price\n"+
		"  invoices.csv:118: date: \"2025-13-01\" is not a date (YYYY-MM-DD)\n", errs.String())
}

// TestProblemsInOneOrder breaks the header of several files at once:
// the problems come out in the same order, by file, on every run.
func TestProblemsInOneOrder(t *testing.T) {
	dir := t.TempDir()
	for name, f := range mustSub(t) {
		data := f.Data
		if name != "initiatives.csv" && name != "invoices.csv" && name != "rates.csv" {
			data = []byte("nonsense\n")
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	var first string
	for range 8 {
		var out, errs bytes.Buffer
		require.NoError(t, run([]string{"-data", dir}, &out, &errs))
		if first == "" {
			first = out.String()
			require.Contains(t, first, "contracts.csv:1: ")
			require.Less(t, strings.Index(first, "categories.csv:1: "), strings.Index(first, "units.csv:1: "))
			continue
		}
		require.Equal(t, first, out.String())
	}
}

// TestDataDir runs the review on a directory, as a user's exports.
func TestDataDir(t *testing.T) {
	dir := t.TempDir()
	for name, f := range mustSub(t) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), f.Data, 0o644))
	}
	var fromDir, fromSample, errs bytes.Buffer
	require.NoError(t, run([]string{"-data", dir}, &fromDir, &errs))
	require.NoError(t, run(nil, &fromSample, &errs))
	assert.Equal(t, fromSample.String(), fromDir.String())
}

// TestHTMLReport checks that the page is well-formed XML-compatible
// markup, fetches nothing, and draws the waterfall's bars with the
// scorecard's own figures.
func TestHTMLReport(t *testing.T) {
	file := filepath.Join(t.TempDir(), "report.html")
	var out, errs bytes.Buffer
	require.NoError(t, run([]string{"-html", file}, &out, &errs))
	page, err := os.ReadFile(file)
	require.NoError(t, err)
	html := string(page)

	// Well-formed: every element closes, as an XML decoder checks.
	d := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(html, "<!DOCTYPE html>")))
	d.Strict, d.Entity = true, xml.HTMLEntity
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
	}
	assert.NotRegexp(t, `(?i)(src|href)=|<script|@import|url\(`, html, "self-contained")

	rv, err := runReview(mustSub(t), options{Currency: "EUR"})
	require.NoError(t, err)
	f := rv.Total.Reduction
	g := f.Gap
	for step, value := range map[string]string{
		"committed": f.Committed.Amount().String(), "not yet due": g.NotYetDue.Amount().String(),
		"timing": g.Timing.Amount().String(), "volume": g.Volume.Amount().String(),
		"price (leakage)": g.Price.Amount().String(), "compliance (maverick)": g.Compliance.Amount().String(),
		"currency": g.Currency.Amount().String(), "unexplained": g.Unexplained.Amount().String(),
		"realized": f.Realized.Amount().String(),
	} {
		assert.Contains(t, html, `<g class="bar" data-step="`+step+`" data-value="`+value+`">`, step)
	}
	assert.Equal(t, 9, strings.Count(html, `<g class="bar"`))

	// The bars are labelled as the text report prints the steps: a
	// shortfall falls, a gain rises.
	// (html/template writes "+" as "&#43;".)
	has := func(s, what string) { // without printing the whole page on failure
		t.Helper()
		if !strings.Contains(html, s) {
			t.Errorf("%s: no %q in the page", what, s)
		}
	}
	for _, st := range rv.waterfall() {
		has(`text-anchor="middle">`+strings.ReplaceAll(st.shown(), "+", "&#43;")+`</text>`, st.Name)
	}
	has(`>&#43;1,861</text>`, "unexplained is a gain in the sample")
	has(`>-18,333</text>`, "timing is a shortfall in the sample")
	// Long names break over two lines, and every label fits its slot
	// (13 px text is at most 8 px a character).
	has(`<tspan x="550.0">compliance</tspan><tspan x="550.0" dy="15">(maverick)</tspan>`, "two-line label")
	slot := chartWidth / 9
	for _, b := range rv.waterfallBars() {
		for _, l := range b.Lines {
			assert.LessOrEqualf(t, 8*float64(len(l)), slot, "%q is wider than its slot", l)
		}
	}
	// Funnel values end at the right edge, clear of the bars.
	for _, b := range rv.funnelBars() {
		assert.InDelta(t, chartWidth-10, b.ValueText, 1e-9)
		assert.LessOrEqualf(t, b.X+b.W+8*float64(len(b.Shown)), b.ValueText, "%s value runs into its bar", b.Label)
		has(fmt.Sprintf(`<text x="890.0" y="%.1f" text-anchor="end">%s</text>`, b.TextY, b.Shown), b.Label)
	}
	assert.Equal(t, 4, strings.Count(html, `<g class="step"`))
	assert.Contains(t, html, "Plant Porto (Pia Costa)")
}
