package repocheck_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// root is the repository root, seen from this package's directory, where
// go test runs its tests.
const root = "../.."

// corePackages are the directories whose code must stay pure: no file,
// network or process access, no logging and no reading of the wall clock.
// Their subdirectories are checked too, and so is every package of this
// module's internal/ that their code imports, directly or not: a helper
// they call is part of them.
var corePackages = []string{"lifecycle", "matching", "scorecard", "governance"}

// modulePath is the import path of the repository's module.
const modulePath = "github.com/openprocure/realize"

// clockReaders are the functions of package time that read the wall
// clock. The rest of package time (Date, Duration, Time's methods) is
// arithmetic on values the caller passes.
var clockReaders = map[string]bool{"Now": true, "Since": true, "Until": true}

// forbiddenImports are the import paths a core package may not use. A path
// ending in "/..." also forbids every path below it.
var forbiddenImports = []string{
	"os", "os/...",
	"net", "net/...",
	"log", "log/...",
	"io/fs",
	"io/ioutil",
	"path/filepath",
	"syscall", "syscall/...",
}

// forbidden reports whether an import path is on the forbidden list.
func forbidden(path string) bool {
	for _, f := range forbiddenImports {
		if prefix, ok := strings.CutSuffix(f, "/..."); ok {
			if strings.HasPrefix(path, prefix+"/") {
				return true
			}
			continue
		}
		if path == f {
			return true
		}
	}
	return false
}

// checkPurity parses one Go source file and returns a description of each
// impurity in it, as "file:line: what", in source order. It reports
// forbidden imports and every reference to time.Now, time.Since and
// time.Until, under whatever name the file imports package time. A dot
// import of time is reported as well, since it would hide a call to Now.
func checkPurity(filename string, src any) ([]string, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}

	var problems []string
	report := func(pos token.Pos, format string, args ...any) {
		p := fset.Position(pos)
		msg := fmt.Sprintf(format, args...)
		problems = append(problems, fmt.Sprintf("%s:%d: %s", p.Filename, p.Line, msg))
	}

	timeNames := map[string]bool{}
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: bad import path %s", filename, imp.Path.Value)
		}
		if forbidden(path) {
			report(imp.Pos(), "imports %q", path)
		}
		if path != "time" {
			continue
		}
		switch {
		case imp.Name == nil:
			timeNames["time"] = true
		case imp.Name.Name == ".":
			report(imp.Pos(), `dot-imports "time", which hides time.Now`)
		case imp.Name.Name != "_":
			timeNames[imp.Name.Name] = true
		}
	}

	ast.Inspect(file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || !clockReaders[sel.Sel.Name] {
			return true
		}
		if pkg, ok := sel.X.(*ast.Ident); ok && timeNames[pkg.Name] {
			report(sel.Pos(), "uses %s.%s: times come from the caller",
				pkg.Name, sel.Sel.Name)
		}
		return true
	})
	return problems, nil
}

// coreSources lists the non-test Go files of the core packages that
// exist, and of the internal packages they import, and fails the test if
// lifecycle has none, so that the purity check can never pass by checking
// nothing.
func coreSources(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pkg := range corePackages {
		dir := filepath.Join(root, pkg)
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			continue
		}
		files = append(files, goSources(t, dir, true)...)
	}

	lifecycle := 0
	for _, f := range files {
		if strings.HasPrefix(f, filepath.Join(root, "lifecycle")+string(filepath.Separator)) {
			lifecycle++
		}
	}
	if lifecycle == 0 {
		t.Fatalf("no Go source files found under lifecycle/ (checked %v): "+
			"the purity check would pass on nothing", corePackages)
	}

	files = append(files, internalSources(t, files)...)
	sort.Strings(files)
	return files
}

// goSources lists the non-test Go files in dir, and below it when deep.
func goSources(t *testing.T, dir string, deep bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path == dir {
				return nil
			}
			// The go tool ignores these directories too.
			if !deep || name == "testdata" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s: %v", dir, err)
	}
	return files
}

// internalSources lists the non-test Go files of every package under
// internal/ that files import, directly or through another such package.
func internalSources(t *testing.T, files []string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	queue := slices.Clone(files)
	for len(queue) > 0 {
		file := queue[0]
		queue = queue[1:]
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parsing %s: %v", file, err)
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				t.Fatalf("%s: bad import path %s", file, imp.Path.Value)
			}
			rel, ok := strings.CutPrefix(path, modulePath+"/")
			if !ok || !strings.HasPrefix(rel, "internal/") || seen[rel] {
				continue
			}
			seen[rel] = true
			found := goSources(t, filepath.Join(root, filepath.FromSlash(rel)), false)
			out = append(out, found...)
			queue = append(queue, found...)
		}
	}
	return out
}

// TestCorePackagesArePure checks that the core packages touch no files,
// network, processes or logs and never read the wall clock: every time is
// passed in by the caller.
func TestCorePackagesArePure(t *testing.T) {
	for _, path := range coreSources(t) {
		problems, err := checkPurity(path, nil)
		if err != nil {
			t.Errorf("parsing %s: %v", path, err)
			continue
		}
		for _, p := range problems {
			t.Error(p)
		}
	}
}

// TestCheckPurityFindsImpurities proves the checker itself works, so that
// TestCorePackagesArePure passing means something.
func TestCheckPurityFindsImpurities(t *testing.T) {
	const src = `package p

import (
	"os"
	t "time"
)

func f() t.Time {
	_ = os.Args
	return t.Now()
}
`
	problems, err := checkPurity("impure.go", src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`impure.go:4: imports "os"`,
		`impure.go:10: uses t.Now: times come from the caller`,
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("checkPurity reported\n%s\nwant\n%s",
			strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
}

// TestCheckPurityCases covers the edges of the checker: what it must
// report and what it must leave alone.
func TestCheckPurityCases(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want int
	}{
		{"clean", `package p; import "time"; var d = time.Second`, 0},
		{"time.Now", `package p; import "time"; var n = time.Now()`, 1},
		{"time.Now as a value", `package p; import "time"; var f = time.Now`, 1},
		{"time.Since", `package p; import "time"; var t0 time.Time; var d = time.Since(t0)`, 1},
		{"time.Until", `package p; import "time"; var t0 time.Time; var d = time.Until(t0)`, 1},
		{"Sub of two given times", `package p; import "time"; var a, b time.Time; var d = a.Sub(b)`, 0},
		{"dot import", `package p; import . "time"; var n = Now()`, 1},
		{"blank import", `package p; import _ "time"`, 0},
		{"other package's Now", `package p; import c "clock"; var n = c.Now()`, 0},
		{"net/http", `package p; import "net/http"; var _ = http.Get`, 1},
		{"os/exec", `package p; import "os/exec"; var _ = exec.Command`, 1},
		{"log/slog", `package p; import "log/slog"; var _ = slog.Info`, 1},
		{"io/fs", `package p; import "io/fs"; var _ fs.FS`, 1},
		{"io/ioutil", `package p; import "io/ioutil"; var _ = ioutil.ReadFile`, 1},
		{"path/filepath", `package p; import "path/filepath"; var _ = filepath.Join`, 1},
		{"syscall", `package p; import "syscall"; var _ = syscall.Getpid`, 1},
		{"path is allowed", `package p; import "path"; var _ = path.Join`, 0},
		{"path merely starting with net", `package p; import "network"; var _ = network.X`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, err := checkPurity("case.go", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != tt.want {
				t.Errorf("got %d problems %q, want %d", len(problems), problems, tt.want)
			}
		})
	}
}

// TestCoreSourcesIncludeInternalImports checks that the purity check
// reaches the internal helpers lifecycle is built on, so that moving an
// impure call into a helper would not hide it.
func TestCoreSourcesIncludeInternalImports(t *testing.T) {
	files := coreSources(t)
	for _, want := range []string{"internal/dec", "internal/jsonx"} {
		dir := filepath.Join(root, filepath.FromSlash(want)) + string(filepath.Separator)
		found := slices.ContainsFunc(files, func(f string) bool {
			return strings.HasPrefix(f, dir)
		})
		if !found {
			t.Errorf("purity check does not reach %s, which lifecycle imports", want)
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			t.Errorf("purity check reads test file %s", f)
		}
	}
}
