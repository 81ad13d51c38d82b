package lifecycle_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openprocure/realize/lifecycle"
)

const idsTestUUID = "6ba7b810-9dad-41d1-80b4-00c04fd430c8"

func TestParseIDValid(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{idsTestUUID, idsTestUUID},
		{strings.ToUpper(idsTestUUID), idsTestUUID},
		{"00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000001"},
		{"ffffffff-ffff-ffff-ffff-ffffffffffff", "ffffffff-ffff-ffff-ffff-ffffffffffff"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			cat, err := lifecycle.ParseCategoryID(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, cat.String())
			assert.False(t, cat.IsZero())
			assert.Equal(t, uuid.MustParse(tt.want), cat.UUID())

			own, err := lifecycle.ParseOwnerID(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, own.String())
			ini, err := lifecycle.ParseInitiativeID(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, ini.String())
			act, err := lifecycle.ParseActorID(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, act.String())
			ent, err := lifecycle.ParseEntryID(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, ent.String())
		})
	}
}

func TestParseIDInvalid(t *testing.T) {
	tests := []struct {
		in      string
		mention string
	}{
		{"", `""`},
		{"not-a-uuid", "not-a-uuid"},
		{"6ba7b810-9dad-41d1-80b4-00c04fd430c", "00c04fd430c"},    // short
		{"6ba7b810-9dad-41d1-80b4-00c04fd430c88", "430c88"},       // long
		{"6ba7b810-9dad-41d1-80b4-00c04fd430cg", "430cg"},         // bad hex
		{"6ba7b810x9dad-41d1-80b4-00c04fd430c8", "6ba7b810x9dad"}, // bad dash
		{" " + idsTestUUID, idsTestUUID},
		{"00000000-0000-0000-0000-000000000000", "nil uuid"},
		// Other spellings uuid.Parse accepts: one ID, one spelling.
		{"{" + idsTestUUID + "}", idsTestUUID},
		{"urn:uuid:" + idsTestUUID, "urn:uuid:"},
		{strings.ReplaceAll(idsTestUUID, "-", ""), strings.ReplaceAll(idsTestUUID, "-", "")},
	}
	parsers := []struct {
		kind  string
		parse func(string) error
	}{
		{"category", func(s string) error { _, err := lifecycle.ParseCategoryID(s); return err }},
		{"owner", func(s string) error { _, err := lifecycle.ParseOwnerID(s); return err }},
		{"initiative", func(s string) error { _, err := lifecycle.ParseInitiativeID(s); return err }},
		{"actor", func(s string) error { _, err := lifecycle.ParseActorID(s); return err }},
		{"realization entry", func(s string) error { _, err := lifecycle.ParseEntryID(s); return err }},
	}
	for _, tt := range tests {
		for _, p := range parsers {
			t.Run(p.kind+" "+tt.in, func(t *testing.T) {
				err := p.parse(tt.in)
				require.ErrorIs(t, err, lifecycle.ErrInvalidID)
				assert.Contains(t, err.Error(), p.kind+" id")
				assert.Contains(t, err.Error(), tt.mention)
			})
		}
	}
}

func TestIDZeroValue(t *testing.T) {
	var id lifecycle.InitiativeID
	assert.True(t, id.IsZero())
	assert.Equal(t, uuid.Nil, id.UUID())
	assert.Equal(t, uuid.Nil.String(), id.String())
}

func TestIDText(t *testing.T) {
	id, err := lifecycle.ParseInitiativeID(idsTestUUID)
	require.NoError(t, err)
	b, err := id.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, idsTestUUID, string(b))

	var back lifecycle.InitiativeID
	require.NoError(t, back.UnmarshalText(b))
	assert.Equal(t, id, back)

	var zero lifecycle.InitiativeID
	b, err = zero.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	require.NoError(t, back.UnmarshalText(b))
	assert.True(t, back.IsZero())

	tests := []string{"nope", "00000000-0000-0000-0000-000000000000"}
	for _, in := range tests {
		t.Run(in, func(t *testing.T) {
			keep := id
			err := keep.UnmarshalText([]byte(in))
			require.ErrorIs(t, err, lifecycle.ErrInvalidID)
			assert.Equal(t, id, keep, "unchanged on error")
		})
	}
}

func TestIDJSON(t *testing.T) {
	type record struct {
		Initiative lifecycle.InitiativeID `json:"initiative"`
		Category   lifecycle.CategoryID   `json:"category"`
		Owner      lifecycle.OwnerID      `json:"owner"`
	}
	cat, err := lifecycle.ParseCategoryID(idsTestUUID)
	require.NoError(t, err)
	ini, err := lifecycle.ParseInitiativeID("0190a4d2-8d3e-7c00-9f00-112233445566")
	require.NoError(t, err)

	in := record{Initiative: ini, Category: cat}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.Equal(t, `{"initiative":"0190a4d2-8d3e-7c00-9f00-112233445566",`+
		`"category":"`+idsTestUUID+`","owner":""}`, string(b))

	var out record
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)
	assert.True(t, out.Owner.IsZero())

	tests := []struct {
		in   string
		want error
	}{
		{`{"category":"x"}`, lifecycle.ErrInvalidID},
		{`{"category":"00000000-0000-0000-0000-000000000000"}`, lifecycle.ErrInvalidID},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var r record
			err := json.Unmarshal([]byte(tt.in), &r)
			assert.ErrorIs(t, err, tt.want)
		})
	}
	t.Run(`{"category":7}`, func(t *testing.T) {
		var r record
		assert.Error(t, json.Unmarshal([]byte(`{"category":7}`), &r))
	})
}

func TestIDJSONMapKey(t *testing.T) {
	seq := &lifecycle.Sequence{Seed: "map key"}
	a, err := lifecycle.NewEntryID(seq)
	require.NoError(t, err)
	b, err := lifecycle.NewEntryID(seq)
	require.NoError(t, err)
	in := map[lifecycle.EntryID]string{a: "first", b: "second"}
	data, err := json.Marshal(in)
	require.NoError(t, err)
	var out map[lifecycle.EntryID]string
	require.NoError(t, json.Unmarshal(data, &out))
	assert.Equal(t, in, out)
}

func TestIDBinary(t *testing.T) {
	id, err := lifecycle.ParseEntryID(idsTestUUID)
	require.NoError(t, err)
	b, err := id.MarshalBinary()
	require.NoError(t, err)
	want := uuid.MustParse(idsTestUUID)
	assert.Equal(t, want[:], b)

	var back lifecycle.EntryID
	require.NoError(t, back.UnmarshalBinary(b))
	assert.Equal(t, id, back)

	tests := []struct {
		name string
		in   []byte
	}{
		{"nil uuid", make([]byte, 16)},
		{"15 bytes", b[:15]},
		{"17 bytes", append(slices.Clone(b), 0)},
		{"empty", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keep := id
			err := keep.UnmarshalBinary(tt.in)
			require.ErrorIs(t, err, lifecycle.ErrInvalidID)
			assert.Contains(t, err.Error(), "realization entry id")
			assert.Equal(t, id, keep, "unchanged on error")
		})
	}
}

func TestIDCompare(t *testing.T) {
	ids := []string{
		"00000000-0000-0000-0000-000000000001",
		"00000000-0000-0000-0000-000000000002",
		"00000000-0000-0000-0000-000000000100",
		"00000001-0000-0000-0000-000000000000",
		"7fffffff-ffff-ffff-ffff-ffffffffffff",
		"80000000-0000-0000-0000-000000000000",
		"ffffffff-ffff-ffff-ffff-fffffffffffe",
		"ffffffff-ffff-ffff-ffff-ffffffffffff",
	}
	parsed := make([]lifecycle.CategoryID, len(ids))
	for i, s := range ids {
		id, err := lifecycle.ParseCategoryID(s)
		require.NoError(t, err)
		parsed[i] = id
	}
	for i := range parsed {
		for j := range parsed {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			t.Run(ids[i]+" vs "+ids[j], func(t *testing.T) {
				assert.Equal(t, want, parsed[i].Compare(parsed[j]))
				assert.Equal(t, strings.Compare(ids[i], ids[j]), parsed[i].Compare(parsed[j]),
					"byte order is string order")
			})
		}
	}

	shuffled := []lifecycle.CategoryID{parsed[5], parsed[0], parsed[7], parsed[2],
		parsed[6], parsed[1], parsed[4], parsed[3]}
	slices.SortFunc(shuffled, lifecycle.CategoryID.Compare)
	assert.Equal(t, parsed, shuffled)
}

func TestIDActorOwnerConversion(t *testing.T) {
	owner, err := lifecycle.ParseOwnerID(idsTestUUID)
	require.NoError(t, err)
	actor := lifecycle.ActorOf(owner)
	assert.Equal(t, owner.UUID(), actor.UUID())
	assert.Equal(t, owner.String(), actor.String())
	assert.Equal(t, owner, lifecycle.OwnerOf(actor))

	var zero lifecycle.OwnerID
	assert.True(t, lifecycle.ActorOf(zero).IsZero())
	assert.True(t, lifecycle.OwnerOf(lifecycle.ActorID{}).IsZero())
}

func TestSequenceDeterministic(t *testing.T) {
	draw := func(seed string, n int) []uuid.UUID {
		seq := &lifecycle.Sequence{Seed: seed}
		out := make([]uuid.UUID, n)
		for i := range out {
			u, err := seq.NewUUID()
			require.NoError(t, err)
			out[i] = u
		}
		return out
	}
	for _, seed := range []string{"", "a", "TestSomething", "ünïcode"} {
		t.Run(seed, func(t *testing.T) {
			first := draw(seed, 50)
			assert.Equal(t, first, draw(seed, 50), "same seed, same IDs in the same order")
			other := draw(seed+"x", 50)
			for i := range first {
				assert.NotEqual(t, first[i], other[i])
				assert.NotContains(t, other, first[i])
			}
			seen := make(map[uuid.UUID]bool)
			for _, u := range first {
				assert.False(t, seen[u], "repeated %s", u)
				seen[u] = true
				assert.Equal(t, uuid.Version(8), u.Version(), "%s", u)
				assert.Equal(t, uuid.RFC4122, u.Variant(), "%s", u)
				assert.NotEqual(t, uuid.Nil, u)
			}
		})
	}
}

func TestSequenceZeroValue(t *testing.T) {
	var zero lifecycle.Sequence
	u, err := zero.NewUUID()
	require.NoError(t, err)
	empty := &lifecycle.Sequence{Seed: ""}
	v, err := empty.NewUUID()
	require.NoError(t, err)
	assert.Equal(t, v, u, "the zero Sequence is the empty seed")
}

func TestSequenceMatchesSlowDerivation(t *testing.T) {
	// The n-th UUID is SHA-256(seed, n as 8 big-endian bytes) with the
	// version and variant bits set; test fixtures depend on it staying so.
	slow := func(seed string, n uint64) uuid.UUID {
		sum := sha256.Sum256(binary.BigEndian.AppendUint64([]byte(seed), n))
		var u uuid.UUID
		copy(u[:], sum[:16])
		u[6] = u[6]&0x0f | 0x80
		u[8] = u[8]&0x3f | 0x80
		return u
	}
	for _, seed := range []string{"", "example", "TestSomething"} {
		t.Run(seed, func(t *testing.T) {
			seq := &lifecycle.Sequence{Seed: seed}
			for n := uint64(1); n <= 5; n++ {
				id, err := lifecycle.NewCategoryID(seq)
				require.NoError(t, err)
				assert.Equal(t, slow(seed, n), id.UUID(), "id %d", n)
			}
		})
	}
}

func TestSequenceConcurrent(t *testing.T) {
	const workers, each = 8, 200
	seq := &lifecycle.Sequence{Seed: "concurrent"}
	var mu sync.Mutex
	got := make(map[uuid.UUID]int)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				id, err := lifecycle.NewEntryID(seq)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got[id.UUID()] = w
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, got, workers*each, "every ID unique")

	// The set handed out is exactly the first workers×each of the
	// sequence, whatever the interleaving.
	serial := &lifecycle.Sequence{Seed: "concurrent"}
	for range workers * each {
		u, err := serial.NewUUID()
		require.NoError(t, err)
		_, ok := got[u]
		assert.True(t, ok, "%s missing", u)
	}
}

func TestRandomIDsFromReader(t *testing.T) {
	src := make([]byte, 32)
	for i := range src {
		src[i] = byte(i)
	}
	ids := lifecycle.RandomIDs(bytes.NewReader(src))

	first, err := lifecycle.NewCategoryID(ids)
	require.NoError(t, err)
	assert.Equal(t, "00010203-0405-4607-8809-0a0b0c0d0e0f", first.String())
	second, err := lifecycle.NewCategoryID(ids)
	require.NoError(t, err)
	assert.Equal(t, "10111213-1415-4617-9819-1a1b1c1d1e1f", second.String())

	_, err = lifecycle.NewCategoryID(ids)
	require.Error(t, err, "reader exhausted")
	assert.ErrorIs(t, err, io.EOF)
	assert.Contains(t, err.Error(), "new category id")

	// A zero reader still gives a version 4 UUID, never the nil one.
	zeros := lifecycle.RandomIDs(bytes.NewReader(make([]byte, 16)))
	id, err := lifecycle.NewOwnerID(zeros)
	require.NoError(t, err)
	assert.Equal(t, "00000000-0000-4000-8000-000000000000", id.String())
}

func TestRandomIDsShortReader(t *testing.T) {
	ids := lifecycle.RandomIDs(bytes.NewReader(make([]byte, 10)))
	_, err := lifecycle.NewInitiativeID(ids)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, err.Error(), "new initiative id")
}

func TestRandomIDsNilReader(t *testing.T) {
	ids := lifecycle.RandomIDs(nil)
	seen := make(map[lifecycle.ActorID]bool)
	for range 100 {
		id, err := lifecycle.NewActorID(ids)
		require.NoError(t, err)
		assert.False(t, id.IsZero())
		assert.Equal(t, uuid.Version(4), id.UUID().Version())
		assert.Equal(t, uuid.RFC4122, id.UUID().Variant())
		assert.False(t, seen[id])
		seen[id] = true
	}
}

// idsTestSource is an IDSource that hands out a fixed UUID and error.
type idsTestSource struct {
	u   uuid.UUID
	err error
}

func (s idsTestSource) NewUUID() (uuid.UUID, error) { return s.u, s.err }

func TestNewIDFromBadSource(t *testing.T) {
	errBroken := errors.New("entropy pool on fire")
	newIDs := []struct {
		kind string
		new  func(lifecycle.IDSource) error
	}{
		{"category", func(s lifecycle.IDSource) error { _, err := lifecycle.NewCategoryID(s); return err }},
		{"owner", func(s lifecycle.IDSource) error { _, err := lifecycle.NewOwnerID(s); return err }},
		{"initiative", func(s lifecycle.IDSource) error { _, err := lifecycle.NewInitiativeID(s); return err }},
		{"actor", func(s lifecycle.IDSource) error { _, err := lifecycle.NewActorID(s); return err }},
		{"realization entry", func(s lifecycle.IDSource) error { _, err := lifecycle.NewEntryID(s); return err }},
	}
	for _, n := range newIDs {
		t.Run(n.kind+" nil uuid", func(t *testing.T) {
			err := n.new(idsTestSource{u: uuid.Nil})
			require.ErrorIs(t, err, lifecycle.ErrInvalidID)
			assert.Contains(t, err.Error(), "new "+n.kind+" id")
			assert.Contains(t, err.Error(), "nil uuid")
		})
		t.Run(n.kind+" source error", func(t *testing.T) {
			err := n.new(idsTestSource{u: uuid.MustParse(idsTestUUID), err: errBroken})
			require.ErrorIs(t, err, errBroken)
			assert.Contains(t, err.Error(), "new "+n.kind+" id")
		})
		t.Run(n.kind+" good uuid", func(t *testing.T) {
			assert.NoError(t, n.new(idsTestSource{u: uuid.MustParse(idsTestUUID)}))
		})
	}
}

// contractKind is a kind defined outside the package, as the matching
// package defines its contract identifiers.
type contractKind struct{}

func (contractKind) KindName() string { return "contract" }

func TestIDKindFromAnotherPackage(t *testing.T) {
	type ContractID = lifecycle.ID[contractKind]
	src := &lifecycle.Sequence{Seed: "contracts"}
	id, err := lifecycle.NewID[contractKind](src)
	require.NoError(t, err)
	back, err := lifecycle.ParseID[contractKind](id.String())
	require.NoError(t, err)
	assert.Equal(t, id, back)

	_, err = lifecycle.ParseID[contractKind]("C-17")
	require.ErrorIs(t, err, lifecycle.ErrInvalidID)
	assert.Contains(t, err.Error(), `contract id "C-17"`)

	var holder struct{ Contract ContractID }
	holder.Contract = id
	raw, err := json.Marshal(holder)
	require.NoError(t, err)
	holder.Contract = ContractID{}
	require.NoError(t, json.Unmarshal(raw, &holder))
	assert.Equal(t, id, holder.Contract)
}
