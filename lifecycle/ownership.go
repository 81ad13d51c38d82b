package lifecycle

import (
	"fmt"
	"slices"
	"sort"
)

// Tenure is one owner's time in charge of one category: from the day
// From up to, but not including, the day Until. A zero Until means the
// owner still holds the category.
//
// Tenure is a small comparable value; == compares every field. The zero
// Tenure is no tenure at all. In JSON a tenure is
// {"category":"…","owner":"…","from":"2024-01-01","until":""}, with an
// empty until while it is current.
type Tenure struct {
	Category CategoryID `json:"category"`
	Owner    OwnerID    `json:"owner"`
	From     Date       `json:"from"`
	Until    Date       `json:"until"`
}

// IsCurrent reports whether the tenure has not ended.
func (t Tenure) IsCurrent() bool { return t.Until.IsZero() }

// Includes reports whether the owner held the category on day d: d is on
// or after From and, unless the tenure is current, before Until.
func (t Tenure) Includes(d Date) bool {
	if d.IsZero() || d.Before(t.From) {
		return false
	}
	return t.IsCurrent() || d.Before(t.Until)
}

// Ownership is the dated register of who owns which category. Each
// category has exactly one owner at a time from its first assignment on:
// a hand-over ends one tenure the day the next begins, so the tenures of
// a category never overlap and leave no gap. History is only ever added
// to, never rewritten.
//
// The zero Ownership is an empty register, ready to use; use it through
// a pointer, since a copy shares the original's storage. The register
// knows nothing of a [CategoryTree]: any non-zero [CategoryID] may be
// assigned.
//
// [Ownership.Assign] is not safe for concurrent use. The reading methods
// are safe for concurrent use as long as nobody assigns at the same time.
//
// To persist a register, store the [Ownership.History] of each category;
// to restore it, replay each tenure's Owner and From through Assign in
// date order.
type Ownership struct {
	tenures map[CategoryID][]Tenure // per category, in date order
}

// Assign makes owner the owner of category cat from the day from on.
//
// The first assignment of cat starts its ownership. A later one is a
// hand-over: the current tenure ends on from (its Until, exclusive) and
// the new one starts that day. A hand-over must come after the start of
// the current tenure, so history is never rewritten, and must go to
// someone other than the current owner.
//
// A zero cat or owner is an error wrapping [ErrInvalidID], a zero from
// one wrapping [ErrInvalidDate]; a refused hand-over wraps
// [ErrOwnership] and names the current owner and the start of their
// tenure. On error the register is unchanged.
func (o *Ownership) Assign(cat CategoryID, owner OwnerID, from Date) error {
	if err := checkAssignment(cat, owner, from); err != nil {
		return err
	}

	history := o.tenures[cat]
	if len(history) == 0 {
		o.start(cat, owner, from)
		return nil
	}
	current := history[len(history)-1]
	if err := checkHandOver(current, owner, from); err != nil {
		return err
	}
	history[len(history)-1].Until = from
	o.start(cat, owner, from)
	return nil
}

// checkAssignment refuses zero identifiers and a zero date.
func checkAssignment(cat CategoryID, owner OwnerID, from Date) error {
	switch {
	case cat.IsZero():
		return fmt.Errorf("assign category: zero category id: %w",
			ErrInvalidID)
	case owner.IsZero():
		return fmt.Errorf("assign category %s: zero owner id: %w",
			cat, ErrInvalidID)
	case from.IsZero():
		return fmt.Errorf("assign category %s to owner %s: zero date: %w",
			cat, owner, ErrInvalidDate)
	}
	return nil
}

// checkHandOver refuses a hand-over from current to owner on from that
// would rewrite history or not change the owner.
func checkHandOver(current Tenure, owner OwnerID, from Date) error {
	if !from.After(current.From) {
		return fmt.Errorf("hand over category %s to owner %s on %s: "+
			"owner %s has held it since %s; "+
			"a hand-over must fall after that day: %w",
			current.Category, owner, from,
			current.Owner, current.From, ErrOwnership)
	}
	if owner == current.Owner {
		return fmt.Errorf("hand over category %s to owner %s on %s: "+
			"that owner has held it since %s: %w",
			current.Category, owner, from, current.From, ErrOwnership)
	}
	return nil
}

// start appends a current tenure of owner over cat from the day from.
func (o *Ownership) start(cat CategoryID, owner OwnerID, from Date) {
	if o.tenures == nil {
		o.tenures = make(map[CategoryID][]Tenure)
	}
	o.tenures[cat] = append(o.tenures[cat],
		Tenure{Category: cat, Owner: owner, From: from})
}

// OwnerOn returns who owned category cat on day d. It reports false
// before the category's first assignment, for a zero d and for a
// category never assigned.
func (o *Ownership) OwnerOn(cat CategoryID, d Date) (OwnerID, bool) {
	t, ok := o.TenureOn(cat, d)
	return t.Owner, ok
}

// TenureOn returns the tenure of category cat that includes day d, with
// the same false cases as [Ownership.OwnerOn].
func (o *Ownership) TenureOn(cat CategoryID, d Date) (Tenure, bool) {
	if o == nil || d.IsZero() {
		return Tenure{}, false
	}
	history := o.tenures[cat]
	// The first tenure that starts after d; the one before it is d's.
	i := sort.Search(len(history), func(i int) bool {
		return history[i].From.After(d)
	})
	if i == 0 {
		return Tenure{}, false
	}
	return history[i-1], true
}

// History returns the tenures of category cat in date order, the current
// one last; none for a category never assigned. The slice is a copy.
func (o *Ownership) History(cat CategoryID) []Tenure {
	if o == nil {
		return nil
	}
	return slices.Clone(o.tenures[cat])
}

// Current returns the tenure of category cat that has not ended, or
// false for a category never assigned.
func (o *Ownership) Current(cat CategoryID) (Tenure, bool) {
	if o == nil {
		return Tenure{}, false
	}
	history := o.tenures[cat]
	if len(history) == 0 {
		return Tenure{}, false
	}
	return history[len(history)-1], true
}

// Categories returns every category ever assigned, ordered by ID.
func (o *Ownership) Categories() []CategoryID {
	if o == nil || len(o.tenures) == 0 {
		return nil
	}
	cats := make([]CategoryID, 0, len(o.tenures))
	for cat := range o.tenures {
		cats = append(cats, cat)
	}
	slices.SortFunc(cats, CategoryID.Compare)
	return cats
}

// OwnedBy returns the categories owner held on day d, ordered by ID.
func (o *Ownership) OwnedBy(owner OwnerID, d Date) []CategoryID {
	var held []CategoryID
	for _, cat := range o.Categories() {
		if who, ok := o.OwnerOn(cat, d); ok && who == owner {
			held = append(held, cat)
		}
	}
	return held
}
