package lifecycle

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// PathSeparator joins category names into a path, "IT > Software > SaaS",
// in [CategoryTree.PathString] and [CategoryTree.Find].
const PathSeparator = " > "

// Category is one group of goods or services bought from a supply market,
// one node of a [CategoryTree].
//
// Category is a small value: copy it freely. Its zero value is no
// category (no ID, no name). Two categories are == when every field is
// equal; within one tree the ID alone tells categories apart.
//
// Parent is the zero ID for a root. Name is what a category manager calls
// the category; it must not be empty, start or end with white space, or
// contain '>', the path separator. Ref is the integrator's own reference
// (an ERP code, say): the package carries it along and never reads it.
type Category struct {
	ID     CategoryID `json:"id"`
	Parent CategoryID `json:"parent"`
	Name   string     `json:"name"`
	Ref    string     `json:"ref,omitempty"`
}

// IsRoot reports whether c has no parent.
func (c Category) IsRoot() bool { return c.Parent.IsZero() }

// CategoryTree is a validated tree of categories: every parent is known,
// no parent chain loops, and no two siblings share a name. Figures roll up
// it, from a category to its ancestors.
//
// A tree is built once by [NewCategoryTree] and never changes afterwards,
// so a *CategoryTree is safe for concurrent readers. Methods never panic:
// an unknown ID gives false or an empty result. The zero CategoryTree and
// a nil *CategoryTree are empty trees.
//
// Every list a tree returns is in one order, whatever the order of the
// categories it was built from: siblings sorted by name without regard to
// case, and each category followed by its descendants.
type CategoryTree struct {
	nodes  []treeNode         // depth first: each node before its subtree
	roots  []int              // indexes into nodes, in sibling order
	index  map[CategoryID]int // category ID to its index in nodes
	byName map[siblingName]int
}

// treeNode is one category placed in the tree. Because nodes are kept in
// depth-first order, the subtree of node i is nodes[i:end].
type treeNode struct {
	cat      Category
	parent   int // index of the parent node; -1 for a root
	end      int // one past the last node of this node's subtree
	children []int
}

// siblingName keys a category by its parent and its folded name; no two
// categories in a tree have the same key.
type siblingName struct {
	parent CategoryID
	name   string
}

// foldName returns the form in which names are compared: sibling names
// may not differ by case alone, and [CategoryTree.Find] ignores case.
func foldName(name string) string { return strings.ToLower(name) }

// CategoryError is one problem with one of the categories given to
// [NewCategoryTree]. Err wraps [ErrUnknownCategory] when the parent is
// missing from the list and [ErrInvalidCategory] for every other problem.
type CategoryError struct {
	Index int        // position of the category in the input list
	ID    CategoryID // the category's ID as given, possibly zero
	Name  string     // the category's name as given, possibly empty
	Err   error
}

// Error names the category by index, name and ID, then the problem.
func (e *CategoryError) Error() string {
	return fmt.Sprintf("category [%d] %q (id %s): %v",
		e.Index, e.Name, e.ID, e.Err)
}

// Unwrap returns Err, so that [errors.Is] finds the sentinel.
func (e *CategoryError) Unwrap() error { return e.Err }

// NewCategoryTree checks cats and builds the tree they describe. The
// order of cats does not matter.
//
// Every problem is reported, not only the first, as a [*CategoryError]
// joined with [errors.Join]: a zero ID, an ID used twice, a bad name (see
// [Category]), a parent that is not in cats, two siblings whose names
// differ at most by case, and each parent chain that loops back on
// itself. On error the tree is nil. An empty list gives an empty tree.
func NewCategoryTree(cats []Category) (*CategoryTree, error) {
	v := treeValidator{cats: cats, first: make(map[CategoryID]int)}
	v.checkEach()
	v.checkSiblingNames()
	v.checkCycles()
	if len(v.problems) > 0 {
		slices.SortStableFunc(v.problems, func(a, b *CategoryError) int {
			return cmpInt(a.Index, b.Index)
		})
		errs := make([]error, len(v.problems))
		for i, p := range v.problems {
			errs[i] = p
		}
		return nil, errors.Join(errs...)
	}
	return buildTree(cats), nil
}

// treeValidator gathers the problems of a category list. first maps each
// non-zero ID to the index of its first use; later uses are duplicates
// and take no further part in the checks.
type treeValidator struct {
	cats     []Category
	first    map[CategoryID]int
	problems []*CategoryError
}

func (v *treeValidator) report(i int, format string, args ...any) {
	c := v.cats[i]
	v.problems = append(v.problems, &CategoryError{
		Index: i, ID: c.ID, Name: c.Name, Err: fmt.Errorf(format, args...),
	})
}

// checkEach checks what can be seen of each category alone, and the
// uniqueness of IDs, then that each parent is in the list.
func (v *treeValidator) checkEach() {
	for i, c := range v.cats {
		if err := checkCategoryName(c.Name); err != nil {
			v.report(i, "%w", err)
		}
		if c.ID.IsZero() {
			v.report(i, "zero id: %w", ErrInvalidCategory)
			continue
		}
		if j, ok := v.first[c.ID]; ok {
			v.report(i, "id already used by category [%d] %q: %w",
				j, v.cats[j].Name, ErrInvalidCategory)
			continue
		}
		v.first[c.ID] = i
	}
	for i, c := range v.cats {
		if _, ok := v.first[c.Parent]; !ok && !c.Parent.IsZero() {
			v.report(i, "parent %s is not in the list: %w",
				c.Parent, ErrUnknownCategory)
		}
	}
}

// isNode reports whether cats[i] has a non-zero ID used by no earlier
// category, that is, whether it would be a node of the tree.
func (v *treeValidator) isNode(i int) bool {
	j, ok := v.first[v.cats[i].ID]
	return ok && j == i
}

// checkCategoryName returns why name cannot name a category, or nil.
func checkCategoryName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("empty name: %w", ErrInvalidCategory)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("name %q starts or ends with white space: %w",
			name, ErrInvalidCategory)
	case strings.Contains(name, ">"):
		return fmt.Errorf("name %q contains the path separator '>': %w",
			name, ErrInvalidCategory)
	}
	return nil
}

// checkSiblingNames reports each category whose name an earlier sibling
// already uses, ignoring case.
func (v *treeValidator) checkSiblingNames() {
	seen := make(map[siblingName]int)
	for i, c := range v.cats {
		if !v.isNode(i) || c.Name == "" {
			continue
		}
		key := siblingName{parent: c.Parent, name: foldName(c.Name)}
		if j, ok := seen[key]; ok {
			v.report(i, "name %q already used by sibling [%d] (id %s): %w",
				c.Name, j, v.cats[j].ID, ErrInvalidCategory)
			continue
		}
		seen[key] = i
	}
}

// checkCycles follows the parent chain of every node and reports each
// loop once, at its member that comes first in the list. Categories that
// hang below a loop are not reported: the loop is their only problem.
func (v *treeValidator) checkCycles() {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]int, len(v.cats))
	for start := range v.cats {
		if !v.isNode(start) || state[start] != unseen {
			continue
		}
		var path []int
		i, ok := start, true
		for ok && state[i] == unseen {
			state[i] = onPath
			path = append(path, i)
			i, ok = v.first[v.cats[i].Parent]
		}
		if ok && state[i] == onPath {
			v.reportCycle(path[slices.Index(path, i):])
		}
		for _, j := range path {
			state[j] = done
		}
	}
}

// reportCycle reports the loop whose members, each the child of the
// next, are loop; the last member's parent is the first.
func (v *treeValidator) reportCycle(loop []int) {
	low := slices.Index(loop, slices.Min(loop))
	loop = append(loop[low:len(loop):len(loop)], loop[:low]...)
	names := make([]string, 0, len(loop)+1)
	for _, i := range loop {
		names = append(names, fmt.Sprintf("%q", v.cats[i].Name))
	}
	names = append(names, names[0])
	v.report(loop[0], "parent chain loops back to itself: %s: %w",
		strings.Join(names, " under "), ErrInvalidCategory)
}

// buildTree lays out cats, already validated, in depth-first order.
func buildTree(cats []Category) *CategoryTree {
	children := make(map[CategoryID][]Category)
	for _, c := range cats {
		children[c.Parent] = append(children[c.Parent], c)
	}
	for _, list := range children {
		slices.SortFunc(list, compareSiblings)
	}

	t := &CategoryTree{
		nodes:  make([]treeNode, 0, len(cats)),
		index:  make(map[CategoryID]int, len(cats)),
		byName: make(map[siblingName]int, len(cats)),
	}
	for _, root := range children[CategoryID{}] {
		t.roots = append(t.roots, t.place(root, -1, children))
	}
	return t
}

// place appends c and then its subtree to t.nodes and returns c's index.
func (t *CategoryTree) place(c Category, parent int,
	children map[CategoryID][]Category) int {
	i := len(t.nodes)
	t.nodes = append(t.nodes, treeNode{cat: c, parent: parent})
	t.index[c.ID] = i
	t.byName[siblingName{parent: c.Parent, name: foldName(c.Name)}] = i

	var kids []int
	for _, child := range children[c.ID] {
		kids = append(kids, t.place(child, i, children))
	}
	t.nodes[i].children = kids
	t.nodes[i].end = len(t.nodes)
	return i
}

// compareSiblings orders siblings by name without regard to case. Folded
// names are unique among siblings, so the order is total.
func compareSiblings(a, b Category) int {
	return strings.Compare(foldName(a.Name), foldName(b.Name))
}

// lookup returns the index of id in t.nodes.
func (t *CategoryTree) lookup(id CategoryID) (int, bool) {
	if t == nil {
		return 0, false
	}
	i, ok := t.index[id]
	return i, ok
}

// categories returns the categories at the given node indexes.
func (t *CategoryTree) categories(indexes []int) []Category {
	if len(indexes) == 0 {
		return nil
	}
	out := make([]Category, len(indexes))
	for k, i := range indexes {
		out[k] = t.nodes[i].cat
	}
	return out
}

// span returns the categories of t.nodes[from:to].
func (t *CategoryTree) span(from, to int) []Category {
	if from >= to {
		return nil
	}
	out := make([]Category, 0, to-from)
	for _, n := range t.nodes[from:to] {
		out = append(out, n.cat)
	}
	return out
}

// Len returns the number of categories in t.
func (t *CategoryTree) Len() int {
	if t == nil {
		return 0
	}
	return len(t.nodes)
}

// Category returns the category with the given ID, or false if t holds
// none.
func (t *CategoryTree) Category(id CategoryID) (Category, bool) {
	i, ok := t.lookup(id)
	if !ok {
		return Category{}, false
	}
	return t.nodes[i].cat, true
}

// All returns every category, each followed by its descendants, roots
// and siblings in name order. The slice is the caller's to keep.
func (t *CategoryTree) All() []Category {
	return t.span(0, t.Len())
}

// Roots returns the categories without a parent, in name order.
func (t *CategoryTree) Roots() []Category {
	if t == nil {
		return nil
	}
	return t.categories(t.roots)
}

// Children returns the categories directly below id, in name order; none
// for a leaf or an unknown ID.
func (t *CategoryTree) Children(id CategoryID) []Category {
	i, ok := t.lookup(id)
	if !ok {
		return nil
	}
	return t.categories(t.nodes[i].children)
}

// Parent returns the category directly above id, or false for a root or
// an unknown ID.
func (t *CategoryTree) Parent(id CategoryID) (Category, bool) {
	i, ok := t.lookup(id)
	if !ok || t.nodes[i].parent < 0 {
		return Category{}, false
	}
	return t.nodes[t.nodes[i].parent].cat, true
}

// Ancestors returns the categories above id, nearest first: its parent,
// then that parent's parent, up to the root. It is empty for a root or an
// unknown ID. [CategoryTree.Path] gives the same line root first.
func (t *CategoryTree) Ancestors(id CategoryID) []Category {
	i, ok := t.lookup(id)
	if !ok {
		return nil
	}
	var out []Category
	for p := t.nodes[i].parent; p >= 0; p = t.nodes[p].parent {
		out = append(out, t.nodes[p].cat)
	}
	return out
}

// Path returns the categories from the root down to id, id last. It is
// empty for an unknown ID.
func (t *CategoryTree) Path(id CategoryID) []Category {
	i, ok := t.lookup(id)
	if !ok {
		return nil
	}
	path := append([]Category{t.nodes[i].cat}, t.Ancestors(id)...)
	slices.Reverse(path)
	return path
}

// PathString returns the names on the path to id joined by
// [PathSeparator], "IT > Software > SaaS"; empty for an unknown ID.
// [CategoryTree.Find] reads it back.
func (t *CategoryTree) PathString(id CategoryID) string {
	path := t.Path(id)
	names := make([]string, len(path))
	for i, c := range path {
		names[i] = c.Name
	}
	return strings.Join(names, PathSeparator)
}

// Descendants returns every category below id, not id itself, depth
// first: each child in name order, followed by its own descendants. It
// is empty for a leaf or an unknown ID.
func (t *CategoryTree) Descendants(id CategoryID) []Category {
	i, ok := t.lookup(id)
	if !ok {
		return nil
	}
	return t.span(i+1, t.nodes[i].end)
}

// IsWithin reports whether id is ancestor or lies below it: whether
// figures booked on id roll up into ancestor. It is false when either ID
// is unknown. It takes constant time.
func (t *CategoryTree) IsWithin(id, ancestor CategoryID) bool {
	i, ok := t.lookup(id)
	a, okAncestor := t.lookup(ancestor)
	return ok && okAncestor && a <= i && i < t.nodes[a].end
}

// Find returns the category at path, names separated by '>' as
// [CategoryTree.PathString] writes them. Names are matched without regard
// to case, and white space around each name is ignored, so
// "it>software" finds "IT > Software". It reports false if any name on
// the path is not found.
func (t *CategoryTree) Find(path string) (Category, bool) {
	if t == nil || strings.TrimSpace(path) == "" {
		return Category{}, false
	}
	var parent CategoryID
	i := -1
	for _, name := range strings.Split(path, ">") {
		key := siblingName{
			parent: parent,
			name:   foldName(strings.TrimSpace(name)),
		}
		next, ok := t.byName[key]
		if !ok {
			return Category{}, false
		}
		i, parent = next, t.nodes[next].cat.ID
	}
	return t.nodes[i].cat, true
}
