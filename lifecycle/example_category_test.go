package lifecycle_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// A three-level tree, given in any order: paths, roll-up and look-up by
// path.
func ExampleCategoryTree() {
	ids := &lifecycle.Sequence{Seed: "example"}
	newCategory := func(name string,
		parent lifecycle.CategoryID) lifecycle.Category {
		id, err := lifecycle.NewCategoryID(ids)
		if err != nil {
			panic(err)
		}
		return lifecycle.Category{ID: id, Parent: parent, Name: name}
	}
	it := newCategory("IT", lifecycle.CategoryID{})
	software := newCategory("Software", it.ID)
	saas := newCategory("SaaS", software.ID)
	hardware := newCategory("Hardware", it.ID)

	tree, err := lifecycle.NewCategoryTree(
		[]lifecycle.Category{saas, hardware, it, software})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tree.PathString(saas.ID))
	for _, c := range tree.Descendants(it.ID) {
		fmt.Println("below IT:", c.Name)
	}
	fmt.Println("SaaS rolls up into IT:", tree.IsWithin(saas.ID, it.ID))
	found, ok := tree.Find("it > software")
	fmt.Println("found:", found.Name, ok)

	// Output:
	// IT > Software > SaaS
	// below IT: Hardware
	// below IT: Software
	// below IT: SaaS
	// SaaS rolls up into IT: true
	// found: Software true
}

// A mid-year hand-over of a category: one call answers who owned it on a
// day, and a backdated hand-over is refused.
func ExampleOwnership() {
	ids := &lifecycle.Sequence{Seed: "example"}
	saas, _ := lifecycle.NewCategoryID(ids)
	ana, _ := lifecycle.NewOwnerID(ids)
	ben, _ := lifecycle.NewOwnerID(ids)
	names := map[lifecycle.OwnerID]string{ana: "Ana", ben: "Ben"}

	var owners lifecycle.Ownership
	_ = owners.Assign(saas, ana, lifecycle.MustDate(2024, time.January, 1))
	_ = owners.Assign(saas, ben, lifecycle.MustDate(2024, time.July, 1))

	for _, day := range []string{"2023-12-31", "2024-06-30", "2024-07-01"} {
		d, _ := lifecycle.ParseDate(day)
		owner, ok := owners.OwnerOn(saas, d)
		if !ok {
			fmt.Println(day, "no owner yet")
			continue
		}
		fmt.Println(day, names[owner])
	}

	err := owners.Assign(saas, ana, lifecycle.MustDate(2024, time.March, 1))
	fmt.Println("backdated:", errors.Is(err, lifecycle.ErrOwnership))
	for _, t := range owners.History(saas) {
		if t.IsCurrent() {
			fmt.Println(names[t.Owner], "since", t.From)
			continue
		}
		fmt.Println(names[t.Owner], "from", t.From, "until", t.Until)
	}

	// Output:
	// 2023-12-31 no owner yet
	// 2024-06-30 Ana
	// 2024-07-01 Ben
	// backdated: true
	// Ana from 2024-01-01 until 2024-07-01
	// Ben since 2024-07-01
}
