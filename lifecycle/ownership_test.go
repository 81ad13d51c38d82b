package lifecycle_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

// ownerTestID returns the owner ID named name, the same on every run.
func ownerTestID(name string) lifecycle.OwnerID {
	u := uuid.NewSHA1(categoryTestSpace, []byte("owner "+name))
	id, err := lifecycle.ParseOwnerID(u.String())
	if err != nil {
		panic(err)
	}
	return id
}

// ownershipHandedOver is a register in which Ana owned SaaS from
// 1 January 2024 and handed it to Ben on 1 July 2024.
func ownershipHandedOver(t *testing.T) *lifecycle.Ownership {
	t.Helper()
	var reg lifecycle.Ownership
	saas := categoryTestID("SaaS")
	require.NoError(t, reg.Assign(saas, ownerTestID("Ana"),
		lifecycle.MustDate(2024, time.January, 1)))
	require.NoError(t, reg.Assign(saas, ownerTestID("Ben"),
		lifecycle.MustDate(2024, time.July, 1)))
	return &reg
}

func TestOwnershipOwnerOnAroundHandOver(t *testing.T) {
	reg := ownershipHandedOver(t)
	saas := categoryTestID("SaaS")
	tests := []struct {
		day  string
		want string // empty for no owner
	}{
		{"2023-12-31", ""},
		{"2024-01-01", "Ana"},
		{"2024-06-30", "Ana"},
		{"2024-07-01", "Ben"},
		{"2024-07-02", "Ben"},
		{"2030-01-01", "Ben"},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			d, err := lifecycle.ParseDate(tt.day)
			require.NoError(t, err)
			got, ok := reg.OwnerOn(saas, d)
			assert.Equal(t, tt.want != "", ok)
			if tt.want != "" {
				assert.Equal(t, ownerTestID(tt.want), got)
			}
		})
	}
}

func TestOwnershipOwnerOnNoAnswer(t *testing.T) {
	reg := ownershipHandedOver(t)
	tests := []struct {
		name string
		cat  lifecycle.CategoryID
		day  lifecycle.Date
	}{
		{"zero date", categoryTestID("SaaS"), lifecycle.Date{}},
		{"category never assigned", categoryTestID("IT"),
			lifecycle.MustDate(2024, time.March, 1)},
		{"zero category", lifecycle.CategoryID{},
			lifecycle.MustDate(2024, time.March, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := reg.OwnerOn(tt.cat, tt.day)
			assert.False(t, ok)
			_, ok = reg.TenureOn(tt.cat, tt.day)
			assert.False(t, ok)
		})
	}
}

func TestOwnershipHistory(t *testing.T) {
	reg := ownershipHandedOver(t)
	saas := categoryTestID("SaaS")
	july := lifecycle.MustDate(2024, time.July, 1)
	want := []lifecycle.Tenure{{
		Category: saas,
		Owner:    ownerTestID("Ana"),
		From:     lifecycle.MustDate(2024, time.January, 1),
		Until:    july,
	}, {
		Category: saas,
		Owner:    ownerTestID("Ben"),
		From:     july,
	}}
	assert.Equal(t, want, reg.History(saas))

	current, ok := reg.Current(saas)
	require.True(t, ok)
	assert.Equal(t, want[1], current)
	assert.True(t, current.IsCurrent())
	assert.False(t, want[0].IsCurrent())

	got, ok := reg.TenureOn(saas, lifecycle.MustDate(2024, time.May, 5))
	require.True(t, ok)
	assert.Equal(t, want[0], got)

	// History hands out a copy.
	history := reg.History(saas)
	history[0].Owner = ownerTestID("Eve")
	assert.Equal(t, want, reg.History(saas))
}

func TestOwnershipAssignRefused(t *testing.T) {
	saas := categoryTestID("SaaS")
	ana, ben := ownerTestID("Ana"), ownerTestID("Ben")
	day := func(m time.Month, d int) lifecycle.Date {
		return lifecycle.MustDate(2024, m, d)
	}
	tests := []struct {
		name  string
		cat   lifecycle.CategoryID
		owner lifecycle.OwnerID
		from  lifecycle.Date
		want  error
		parts []string
	}{{
		name: "zero category", owner: ana, from: day(time.August, 1),
		want: lifecycle.ErrInvalidID, parts: []string{"zero category id"},
	}, {
		name: "zero owner", cat: saas, from: day(time.August, 1),
		want:  lifecycle.ErrInvalidID,
		parts: []string{saas.String(), "zero owner id"},
	}, {
		name: "zero date", cat: saas, owner: ana,
		want:  lifecycle.ErrInvalidDate,
		parts: []string{saas.String(), ana.String(), "zero date"},
	}, {
		name: "before the current tenure", cat: saas, owner: ana,
		from: day(time.March, 1), want: lifecycle.ErrOwnership,
		parts: []string{saas.String(), "2024-03-01", ben.String(),
			"since 2024-07-01"},
	}, {
		name: "on the current tenure's first day", cat: saas, owner: ana,
		from: day(time.July, 1), want: lifecycle.ErrOwnership,
		parts: []string{saas.String(), "2024-07-01", ben.String()},
	}, {
		name: "to the current owner", cat: saas, owner: ben,
		from: day(time.September, 1), want: lifecycle.ErrOwnership,
		parts: []string{saas.String(), "2024-09-01", ben.String(),
			"since 2024-07-01"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := ownershipHandedOver(t)
			before := reg.History(saas)

			err := reg.Assign(tt.cat, tt.owner, tt.from)
			require.ErrorIs(t, err, tt.want)
			for _, part := range tt.parts {
				assert.Contains(t, err.Error(), part)
			}
			assert.Equal(t, before, reg.History(saas))
			assert.Equal(t, []lifecycle.CategoryID{saas}, reg.Categories())
		})
	}
}

func TestOwnershipZeroValue(t *testing.T) {
	var nilReg *lifecycle.Ownership
	regs := map[string]*lifecycle.Ownership{
		"nil":  nilReg,
		"zero": new(lifecycle.Ownership),
	}
	saas := categoryTestID("SaaS")
	day := lifecycle.MustDate(2024, time.July, 1)
	for name, reg := range regs {
		t.Run(name, func(t *testing.T) {
			_, ok := reg.OwnerOn(saas, day)
			assert.False(t, ok)
			_, ok = reg.Current(saas)
			assert.False(t, ok)
			assert.Empty(t, reg.History(saas))
			assert.Empty(t, reg.Categories())
			assert.Empty(t, reg.OwnedBy(ownerTestID("Ana"), day))
		})
	}
}

func TestOwnershipCategoriesAndOwnedBy(t *testing.T) {
	var reg lifecycle.Ownership
	jan := lifecycle.MustDate(2024, time.January, 1)
	jul := lifecycle.MustDate(2024, time.July, 1)
	ana, ben := ownerTestID("Ana"), ownerTestID("Ben")
	names := []string{"SaaS", "Licences", "Laptops", "Cleaning"}
	for _, name := range names {
		require.NoError(t, reg.Assign(categoryTestID(name), ana, jan))
	}
	require.NoError(t, reg.Assign(categoryTestID("Laptops"), ben, jul))
	require.NoError(t, reg.Assign(categoryTestID("IT"), ben, jul))

	cats := reg.Categories()
	assert.Len(t, cats, 5)
	assert.True(t, slices.IsSortedFunc(cats, lifecycle.CategoryID.Compare))

	tests := []struct {
		owner string
		day   lifecycle.Date
		want  []string
	}{
		{"Ana", jan, []string{"SaaS", "Licences", "Laptops", "Cleaning"}},
		{"Ana", jul, []string{"SaaS", "Licences", "Cleaning"}},
		{"Ben", jan, nil},
		{"Ben", jul, []string{"Laptops", "IT"}},
		{"Eve", jul, nil},
	}
	for _, tt := range tests {
		t.Run(tt.owner+" on "+tt.day.String(), func(t *testing.T) {
			var want []lifecycle.CategoryID
			for _, name := range tt.want {
				want = append(want, categoryTestID(name))
			}
			slices.SortFunc(want, lifecycle.CategoryID.Compare)
			assert.Equal(t, want, reg.OwnedBy(ownerTestID(tt.owner), tt.day))
		})
	}
}

func TestTenureIncludes(t *testing.T) {
	ended := lifecycle.Tenure{
		From:  lifecycle.MustDate(2024, time.January, 1),
		Until: lifecycle.MustDate(2024, time.July, 1),
	}
	current := lifecycle.Tenure{From: ended.Until}
	tests := []struct {
		day         string
		ended, curr bool
	}{
		{day: "2023-12-31"},
		{day: "2024-01-01", ended: true},
		{day: "2024-06-30", ended: true},
		{day: "2024-07-01", curr: true},
		{day: "2099-12-31", curr: true},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			d, err := lifecycle.ParseDate(tt.day)
			require.NoError(t, err)
			assert.Equal(t, tt.ended, ended.Includes(d))
			assert.Equal(t, tt.curr, current.Includes(d))
		})
	}
	assert.False(t, current.Includes(lifecycle.Date{}))
}

func TestTenureJSON(t *testing.T) {
	reg := ownershipHandedOver(t)
	history := reg.History(categoryTestID("SaaS"))

	b, err := json.Marshal(history)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"from":"2024-01-01","until":"2024-07-01"`)
	assert.Contains(t, string(b), `"from":"2024-07-01","until":""`)

	var back []lifecycle.Tenure
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, history, back)
}

// TestOwnershipReplay checks the documented way to restore a register:
// replaying each stored tenure through Assign rebuilds the same history.
func TestOwnershipReplay(t *testing.T) {
	reg := ownershipHandedOver(t)
	saas := categoryTestID("SaaS")

	var restored lifecycle.Ownership
	for _, tenure := range reg.History(saas) {
		require.NoError(t,
			restored.Assign(tenure.Category, tenure.Owner, tenure.From))
	}
	assert.Equal(t, reg.History(saas), restored.History(saas))
}

// TestOwnershipInvariants assigns at random and checks after every call
// that each category has exactly one owner at a time: its tenures follow
// one another without gap or overlap, only the last is current, and
// OwnerOn agrees with a plain scan of the history.
func TestOwnershipInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	cats := []lifecycle.CategoryID{
		categoryTestID("SaaS"), categoryTestID("IT"),
	}
	owners := []lifecycle.OwnerID{
		ownerTestID("Ana"), ownerTestID("Ben"), ownerTestID("Eve"),
	}
	start := lifecycle.MustDate(2024, time.January, 1)

	var reg lifecycle.Ownership
	var applied, refused int
	for step := range 300 {
		cat := cats[rng.IntN(len(cats))]
		owner := owners[rng.IntN(len(owners))]
		// Near the current tenure's start: some before it, most after.
		from := start
		if current, ok := reg.Current(cat); ok {
			from = current.From
		}
		from = from.AddDays(rng.IntN(40) - 10)
		before := reg.History(cat)

		if err := reg.Assign(cat, owner, from); err != nil {
			require.ErrorIs(t, err, lifecycle.ErrOwnership, "step %d", step)
			require.Equal(t, before, reg.History(cat), "step %d", step)
			refused++
		} else {
			applied++
		}
		checkOwnershipInvariants(t, &reg, cat, start)
	}
	assert.Greater(t, applied, 100)
	assert.Greater(t, refused, 50)
}

func checkOwnershipInvariants(t *testing.T, reg *lifecycle.Ownership,
	cat lifecycle.CategoryID, start lifecycle.Date) {
	t.Helper()
	history := reg.History(cat)
	for i, tenure := range history {
		last := i == len(history)-1
		require.Equal(t, last, tenure.IsCurrent())
		if !last {
			require.True(t, tenure.From.Before(tenure.Until))
			require.Equal(t, tenure.Until, history[i+1].From)
			require.NotEqual(t, tenure.Owner, history[i+1].Owner)
		}
	}
	end := start.AddDays(3000)
	for d := start.AddDays(-1); d.Before(end); d = d.AddDays(37) {
		var want lifecycle.OwnerID
		for _, tenure := range history {
			if tenure.Includes(d) {
				require.True(t, want.IsZero(), "two owners on %s", d)
				want = tenure.Owner
			}
		}
		got, ok := reg.OwnerOn(cat, d)
		require.Equal(t, !want.IsZero(), ok, "on %s", d)
		require.Equal(t, want, got, "on %s", d)
	}
}
