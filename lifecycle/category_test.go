package lifecycle_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// categoryTestSpace names the UUIDs the category and ownership tests
// derive from readable names.
var categoryTestSpace = uuid.MustParse("6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5")

// categoryTestID returns the category ID named name, the same on every
// run.
func categoryTestID(name string) lifecycle.CategoryID {
	u := uuid.NewSHA1(categoryTestSpace, []byte("category "+name))
	id, err := lifecycle.ParseCategoryID(u.String())
	if err != nil {
		panic(err)
	}
	return id
}

// categoryTestList is a three-level tree, given out of order:
//
//	Facilities
//	    Cleaning
//	IT
//	    Hardware
//	        Laptops
//	    Software
//	        Licences
//	        SaaS
func categoryTestList() []lifecycle.Category {
	c := func(name, parent string) lifecycle.Category {
		cat := lifecycle.Category{ID: categoryTestID(name), Name: name}
		if parent != "" {
			cat.Parent = categoryTestID(parent)
		}
		return cat
	}
	return []lifecycle.Category{
		c("SaaS", "Software"),
		c("Hardware", "IT"),
		c("IT", ""),
		c("Cleaning", "Facilities"),
		c("Licences", "Software"),
		c("Software", "IT"),
		c("Facilities", ""),
		c("Laptops", "Hardware"),
	}
}

func categoryTestTree(t *testing.T) *lifecycle.CategoryTree {
	t.Helper()
	tree, err := lifecycle.NewCategoryTree(categoryTestList())
	require.NoError(t, err)
	return tree
}

// categoryNames returns the names of cats, for readable assertions.
func categoryNames(cats []lifecycle.Category) []string {
	names := make([]string, len(cats))
	for i, c := range cats {
		names[i] = c.Name
	}
	return names
}

func TestNewCategoryTreeRefuses(t *testing.T) {
	id := categoryTestID
	root := lifecycle.Category{ID: id("IT"), Name: "IT"}
	tests := []struct {
		name string
		cats []lifecycle.Category
		want error
		// Each part must appear in the message.
		parts []string
	}{{
		name:  "zero id",
		cats:  []lifecycle.Category{root, {Name: "Software"}},
		want:  lifecycle.ErrInvalidCategory,
		parts: []string{"[1]", `"Software"`, "zero id"},
	}, {
		name: "duplicate id",
		cats: []lifecycle.Category{root, {ID: id("IT"), Name: "Other"}},
		want: lifecycle.ErrInvalidCategory,
		parts: []string{"[1]", `"Other"`, id("IT").String(),
			`already used by category [0] "IT"`},
	}, {
		name:  "empty name",
		cats:  []lifecycle.Category{{ID: id("x")}},
		want:  lifecycle.ErrInvalidCategory,
		parts: []string{"[0]", id("x").String(), "empty name"},
	}, {
		name:  "name with trailing space",
		cats:  []lifecycle.Category{{ID: id("x"), Name: "IT "}},
		want:  lifecycle.ErrInvalidCategory,
		parts: []string{"[0]", `"IT "`, "white space"},
	}, {
		name:  "name with separator",
		cats:  []lifecycle.Category{{ID: id("x"), Name: "IT>SaaS"}},
		want:  lifecycle.ErrInvalidCategory,
		parts: []string{"[0]", `"IT>SaaS"`, "separator"},
	}, {
		name: "parent not in list",
		cats: []lifecycle.Category{
			root,
			{ID: id("SaaS"), Parent: id("Software"), Name: "SaaS"},
		},
		want:  lifecycle.ErrUnknownCategory,
		parts: []string{"[1]", `"SaaS"`, "parent " + id("Software").String()},
	}, {
		name:  "own parent",
		cats:  []lifecycle.Category{{ID: id("A"), Parent: id("A"), Name: "A"}},
		want:  lifecycle.ErrInvalidCategory,
		parts: []string{"[0]", `"A" under "A"`},
	}, {
		name: "loop of three",
		cats: []lifecycle.Category{
			root,
			{ID: id("B"), Parent: id("C"), Name: "B"},
			{ID: id("A"), Parent: id("B"), Name: "A"},
			{ID: id("C"), Parent: id("A"), Name: "C"},
		},
		want:  lifecycle.ErrInvalidCategory,
		parts: []string{"[1]", `"B" under "C" under "A" under "B"`},
	}, {
		name: "sibling names differing by case",
		cats: []lifecycle.Category{
			root,
			{ID: id("s1"), Parent: id("IT"), Name: "Software"},
			{ID: id("s2"), Parent: id("IT"), Name: "SOFTWARE"},
		},
		want: lifecycle.ErrInvalidCategory,
		parts: []string{"[2]", `"SOFTWARE"`, "sibling [1]",
			id("s1").String()},
	}, {
		name: "two roots with one name",
		cats: []lifecycle.Category{
			root, {ID: id("IT2"), Name: "IT"},
		},
		want:  lifecycle.ErrInvalidCategory,
		parts: []string{"[1]", "already used by sibling [0]"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree, err := lifecycle.NewCategoryTree(tt.cats)
			require.Error(t, err)
			assert.Nil(t, tree)
			assert.ErrorIs(t, err, tt.want)
			for _, part := range tt.parts {
				assert.Contains(t, err.Error(), part)
			}
			var ce *lifecycle.CategoryError
			assert.ErrorAs(t, err, &ce)
		})
	}
}

func TestNewCategoryTreeReportsEveryProblem(t *testing.T) {
	id := categoryTestID
	cats := []lifecycle.Category{
		{ID: id("A"), Parent: id("B"), Name: "A"},
		{Name: ""},
		{ID: id("B"), Parent: id("A"), Name: "B"},
		{ID: id("C"), Parent: id("missing"), Name: "C"},
		{ID: id("C"), Name: "C again"},
	}
	_, err := lifecycle.NewCategoryTree(cats)
	require.Error(t, err)

	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "want errors.Join, got %T", err)
	var got []int
	for _, e := range joined.Unwrap() {
		var ce *lifecycle.CategoryError
		require.ErrorAs(t, e, &ce)
		got = append(got, ce.Index)
	}
	// [0] loop, [1] empty name and zero id, [3] unknown parent,
	// [4] duplicate id; in input order.
	assert.Equal(t, []int{0, 1, 1, 3, 4}, got)
	assert.ErrorIs(t, err, lifecycle.ErrUnknownCategory)
	assert.ErrorIs(t, err, lifecycle.ErrInvalidCategory)
}

func TestNewCategoryTreeEmpty(t *testing.T) {
	for _, cats := range [][]lifecycle.Category{nil, {}} {
		tree, err := lifecycle.NewCategoryTree(cats)
		require.NoError(t, err)
		assert.Zero(t, tree.Len())
		assert.Empty(t, tree.All())
		assert.Empty(t, tree.Roots())
	}
}

func TestCategoryTreeOrderDoesNotMatter(t *testing.T) {
	want := categoryTestTree(t)
	wantAll := []string{"Facilities", "Cleaning", "IT", "Hardware",
		"Laptops", "Software", "Licences", "SaaS"}
	require.Equal(t, wantAll, categoryNames(want.All()))

	rng := rand.New(rand.NewPCG(1, 2))
	for run := range 20 {
		cats := categoryTestList()
		rng.Shuffle(len(cats), func(i, j int) {
			cats[i], cats[j] = cats[j], cats[i]
		})
		tree, err := lifecycle.NewCategoryTree(cats)
		require.NoError(t, err, "run %d", run)
		assert.Equal(t, want.All(), tree.All(), "run %d", run)
		assert.Equal(t, want.Roots(), tree.Roots(), "run %d", run)
		for _, c := range want.All() {
			assert.Equal(t, want.Children(c.ID), tree.Children(c.ID))
			assert.Equal(t, want.Descendants(c.ID), tree.Descendants(c.ID))
		}
	}
}

func TestCategoryTreeSiblingOrder(t *testing.T) {
	id := categoryTestID
	cats := []lifecycle.Category{
		{ID: id("cherry"), Name: "cherry"},
		{ID: id("Banana"), Name: "Banana"},
		{ID: id("apple"), Name: "apple"},
		{ID: id("Apricot"), Name: "Apricot"},
	}
	tree, err := lifecycle.NewCategoryTree(cats)
	require.NoError(t, err)
	assert.Equal(t, []string{"apple", "Apricot", "Banana", "cherry"},
		categoryNames(tree.Roots()))
}

func TestCategoryTreePath(t *testing.T) {
	tree := categoryTestTree(t)
	tests := []struct {
		id        string
		path      string
		ancestors []string
	}{
		{"IT", "IT", nil},
		{"Software", "IT > Software", []string{"IT"}},
		{"SaaS", "IT > Software > SaaS", []string{"Software", "IT"}},
		{"Laptops", "IT > Hardware > Laptops", []string{"Hardware", "IT"}},
		{"unknown", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			id := categoryTestID(tt.id)
			assert.Equal(t, tt.path, tree.PathString(id))
			assert.Equal(t, tt.ancestors, nilIfEmpty(
				categoryNames(tree.Ancestors(id))))

			wantPath := slices.Clone(tt.ancestors)
			slices.Reverse(wantPath)
			if tt.path != "" {
				wantPath = append(wantPath, tt.id)
			}
			assert.Equal(t, nilIfEmpty(wantPath), nilIfEmpty(
				categoryNames(tree.Path(id))))
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestCategoryTreeParentAndChildren(t *testing.T) {
	tree := categoryTestTree(t)
	tests := []struct {
		id       string
		parent   string // empty for none
		children []string
	}{
		{"IT", "", []string{"Hardware", "Software"}},
		{"Software", "IT", []string{"Licences", "SaaS"}},
		{"SaaS", "Software", nil},
		{"unknown", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			id := categoryTestID(tt.id)
			parent, ok := tree.Parent(id)
			assert.Equal(t, tt.parent != "", ok)
			assert.Equal(t, tt.parent, parent.Name)
			assert.Equal(t, tt.children, nilIfEmpty(
				categoryNames(tree.Children(id))))
		})
	}
	assert.Equal(t, []string{"Facilities", "IT"},
		categoryNames(tree.Roots()))
}

func TestCategoryTreeDescendants(t *testing.T) {
	tree := categoryTestTree(t)
	tests := []struct {
		id   string
		want []string
	}{
		{"IT", []string{"Hardware", "Laptops", "Software", "Licences",
			"SaaS"}},
		{"Software", []string{"Licences", "SaaS"}},
		{"Facilities", []string{"Cleaning"}},
		{"SaaS", nil},
		{"unknown", nil},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			got := tree.Descendants(categoryTestID(tt.id))
			assert.Equal(t, tt.want, nilIfEmpty(categoryNames(got)))
		})
	}
}

func TestCategoryTreeIsWithin(t *testing.T) {
	tree := categoryTestTree(t)
	tests := []struct {
		id, ancestor string
		want         bool
	}{
		{"SaaS", "IT", true},
		{"SaaS", "Software", true},
		{"SaaS", "SaaS", true},
		{"IT", "SaaS", false},
		{"SaaS", "Hardware", false},
		{"Cleaning", "IT", false},
		{"unknown", "IT", false},
		{"IT", "unknown", false},
		{"unknown", "unknown", false},
	}
	for _, tt := range tests {
		t.Run(tt.id+" in "+tt.ancestor, func(t *testing.T) {
			got := tree.IsWithin(categoryTestID(tt.id),
				categoryTestID(tt.ancestor))
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestCategoryTreeIsWithinSlow checks IsWithin, which compares positions,
// against the obvious walk up the ancestors, for every pair.
func TestCategoryTreeIsWithinSlow(t *testing.T) {
	tree := categoryTestTree(t)
	for _, c := range tree.All() {
		for _, a := range tree.All() {
			slow := c.ID == a.ID || slices.ContainsFunc(
				tree.Ancestors(c.ID),
				func(x lifecycle.Category) bool { return x.ID == a.ID })
			assert.Equal(t, slow, tree.IsWithin(c.ID, a.ID),
				"%s within %s", c.Name, a.Name)
		}
	}
}

func TestCategoryTreeFind(t *testing.T) {
	tree := categoryTestTree(t)
	tests := []struct {
		path string
		want string // empty for not found
	}{
		{"IT", "IT"},
		{"IT > Software > SaaS", "SaaS"},
		{"it>software>saas", "SaaS"},
		{"  IT >   Hardware  ", "Hardware"},
		{"Software", ""},
		{"IT > SaaS", ""},
		{"IT > Software > SaaS > More", ""},
		{"IT >", ""},
		{"", ""},
		{"   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, ok := tree.Find(tt.path)
			assert.Equal(t, tt.want != "", ok)
			if tt.want != "" {
				assert.Equal(t, categoryTestID(tt.want), got.ID)
			}
		})
	}
}

// TestCategoryTreeFindPathString checks that Find reads back what
// PathString writes, for every category.
func TestCategoryTreeFindPathString(t *testing.T) {
	tree := categoryTestTree(t)
	for _, c := range tree.All() {
		got, ok := tree.Find(tree.PathString(c.ID))
		assert.True(t, ok, c.Name)
		assert.Equal(t, c, got)
	}
}

func TestCategoryTreeCategory(t *testing.T) {
	tree := categoryTestTree(t)
	assert.Equal(t, 8, tree.Len())
	got, ok := tree.Category(categoryTestID("SaaS"))
	require.True(t, ok)
	assert.Equal(t, "SaaS", got.Name)
	assert.Equal(t, categoryTestID("Software"), got.Parent)
	assert.False(t, got.IsRoot())

	_, ok = tree.Category(categoryTestID("unknown"))
	assert.False(t, ok)
	_, ok = tree.Category(lifecycle.CategoryID{})
	assert.False(t, ok)
}

// TestCategoryTreeEmptyTrees checks that the zero tree and a nil tree
// answer every question without panicking.
func TestCategoryTreeEmptyTrees(t *testing.T) {
	trees := map[string]*lifecycle.CategoryTree{
		"nil":  nil,
		"zero": {},
	}
	id := categoryTestID("IT")
	for name, tree := range trees {
		t.Run(name, func(t *testing.T) {
			assert.Zero(t, tree.Len())
			assert.Empty(t, tree.All())
			assert.Empty(t, tree.Roots())
			assert.Empty(t, tree.Children(id))
			assert.Empty(t, tree.Ancestors(id))
			assert.Empty(t, tree.Path(id))
			assert.Empty(t, tree.PathString(id))
			assert.Empty(t, tree.Descendants(id))
			assert.False(t, tree.IsWithin(id, id))
			_, ok := tree.Category(id)
			assert.False(t, ok)
			_, ok = tree.Parent(id)
			assert.False(t, ok)
			_, ok = tree.Find("IT")
			assert.False(t, ok)
		})
	}
}

func TestCategoryTreeResultsAreCopies(t *testing.T) {
	tree := categoryTestTree(t)
	it := categoryTestID("IT")

	all := tree.All()
	all[0].Name = "changed"
	children := tree.Children(it)
	children[0].Name = "changed"
	desc := tree.Descendants(it)
	desc[0].Name = "changed"

	assert.Equal(t, "Facilities", tree.All()[0].Name)
	assert.Equal(t, "Hardware", tree.Children(it)[0].Name)
	assert.Equal(t, "Hardware", tree.Descendants(it)[0].Name)
}

func TestCategoryTreeConcurrentReaders(t *testing.T) {
	tree := categoryTestTree(t)
	saas := categoryTestID("SaaS")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				assert.Equal(t, "IT > Software > SaaS", tree.PathString(saas))
				assert.True(t, tree.IsWithin(saas, categoryTestID("IT")))
			}
		}()
	}
	wg.Wait()
}

func TestCategoryJSON(t *testing.T) {
	tests := []struct {
		name string
		cat  lifecycle.Category
	}{
		{"root", lifecycle.Category{ID: categoryTestID("IT"), Name: "IT"}},
		{"child with ref", lifecycle.Category{
			ID:     categoryTestID("SaaS"),
			Parent: categoryTestID("Software"),
			Name:   "SaaS",
			Ref:    "ERP-4711",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.cat)
			require.NoError(t, err)
			var back lifecycle.Category
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.cat, back)
			assert.Equal(t, tt.cat.Ref != "",
				strings.Contains(string(b), `"ref"`))
		})
	}

	var bad lifecycle.Category
	err := json.Unmarshal([]byte(`{"id":"nope","name":"IT"}`), &bad)
	assert.ErrorIs(t, err, lifecycle.ErrInvalidID)
}
