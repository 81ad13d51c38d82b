package repocheck_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeTourIsTheExample checks that the code in the README's tour is
// the body of lifecycle's package Example, which go test runs, and that the
// output the README shows is the Example's checked output.
func TestReadmeTourIsTheExample(t *testing.T) {
	readme := readFile(t, "README.md")
	example := readFile(t, "lifecycle/example_test.go")

	tour := section(t, readme, "## A short tour")
	blocks := fenced(tour)
	if len(blocks) < 2 {
		t.Fatalf("README tour: want a code block and its output, found %d blocks", len(blocks))
	}
	code, output := blocks[0], blocks[1]

	body := functionBody(t, example, "func Example() {")
	want, got, ok := strings.Cut(body, "\t// Output:\n")
	if !ok {
		t.Fatal("lifecycle Example has no // Output: block")
	}
	if unindent(want, "\t") != code {
		t.Errorf("README tour code differs from lifecycle Example:\n--- README\n%s\n--- Example\n%s",
			code, unindent(want, "\t"))
	}
	if unindent(got, "\t// ") != output {
		t.Errorf("README tour output differs from lifecycle Example:\n--- README\n%s\n--- Example\n%s",
			output, unindent(got, "\t// "))
	}
}

// TestReadmeCommands checks the two commands a new user runs first.
func TestReadmeCommands(t *testing.T) {
	readme := readFile(t, "README.md")
	for _, cmd := range []string{"go run ./examples/quickstart", "go test ./..."} {
		if !strings.Contains(readme, cmd) {
			t.Errorf("README does not show %q", cmd)
		}
	}
	ci := readFile(t, ".ci/run")
	if !strings.Contains(ci, "go test -race ./...") {
		t.Error(".ci/run does not run the README's test command")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// section returns the text from heading to the next heading of its level.
func section(t *testing.T, doc, heading string) string {
	t.Helper()
	_, rest, ok := strings.Cut(doc, heading+"\n")
	if !ok {
		t.Fatalf("README has no %q section", heading)
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// fenced returns the contents of the ``` blocks in text, in order.
func fenced(text string) []string {
	var blocks []string
	parts := strings.Split(text, "```")
	for i := 1; i < len(parts); i += 2 {
		_, body, _ := strings.Cut(parts[i], "\n") // drop the info string
		blocks = append(blocks, body)
	}
	return blocks
}

// functionBody returns the lines between a function's opening line and
// its closing brace at the start of a line.
func functionBody(t *testing.T, src, opening string) string {
	t.Helper()
	_, rest, ok := strings.Cut(src, opening+"\n")
	if !ok {
		t.Fatalf("no %q in source", opening)
	}
	body, _, ok := strings.Cut(rest, "\n}\n")
	if !ok {
		t.Fatalf("%q has no closing brace", opening)
	}
	return body + "\n"
}

// unindent removes prefix from the start of every line.
func unindent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, prefix)
	}
	return strings.Join(lines, "")
}
