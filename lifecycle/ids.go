package lifecycle

import (
	"fmt"

	"github.com/google/uuid"
)

// ID identifies one thing of the kind K: a category, an owner, an
// initiative, an actor or a realization entry. The kinds are distinct
// types ([CategoryID], [InitiativeID]...), so an owner's ID cannot be
// passed where a category's is expected.
//
// An ID is a UUID held by value: comparable, usable as a map key, safe for
// concurrent use. The zero value is the nil UUID and means "no ID";
// constructors never return it. In text and JSON an ID is the canonical
// UUID string.
type ID[K Kind] struct {
	uuid uuid.UUID
}

// Kind names what an [ID] identifies. The kinds of this package are
// unexported empty structs behind the aliases below; another package
// makes identifiers of its own the same way, with an empty struct type
// whose KindName says what it identifies ("contract"), and gets parsing,
// text and JSON for free through [NewID] and [ParseID].
type Kind interface {
	// KindName is the thing identified, for error messages: "category".
	KindName() string
}

type (
	categoryKind   struct{}
	ownerKind      struct{}
	initiativeKind struct{}
	actorKind      struct{}
	entryKind      struct{}
)

func (categoryKind) KindName() string   { return "category" }
func (ownerKind) KindName() string      { return "owner" }
func (initiativeKind) KindName() string { return "initiative" }
func (actorKind) KindName() string      { return "actor" }
func (entryKind) KindName() string      { return "realization entry" }

// CategoryID identifies a category.
type CategoryID = ID[categoryKind]

// OwnerID identifies a person who owns categories or initiatives. An
// OwnerID and an [ActorID] holding the same UUID name the same person:
// an owner is the person, an actor that person doing something in a
// role. Convert with [ActorOf] and [OwnerOf].
type OwnerID = ID[ownerKind]

// InitiativeID identifies a savings initiative.
type InitiativeID = ID[initiativeKind]

// ActorID identifies a person who acts: records, commits, validates.
type ActorID = ID[actorKind]

// EntryID identifies a realization entry.
type EntryID = ID[entryKind]

// ParseID parses the canonical UUID form of an identifier of kind K,
// refusing the nil UUID. The ParseXxxID functions are its instances for
// this package's kinds.
func ParseID[K Kind](s string) (ID[K], error) {
	var k K
	// Only the canonical 36-character form: uuid.Parse also takes braces,
	// URNs and bare hex, which would let two spellings name one ID.
	u, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return ID[K]{}, fmt.Errorf("%s id %q: %w", k.KindName(), s, ErrInvalidID)
	}
	if u == uuid.Nil {
		return ID[K]{}, fmt.Errorf("%s id %q is the nil uuid: %w", k.KindName(), s, ErrInvalidID)
	}
	return ID[K]{uuid: u}, nil
}

// ParseCategoryID parses a category identifier in UUID form.
func ParseCategoryID(s string) (CategoryID, error) { return ParseID[categoryKind](s) }

// ParseOwnerID parses an owner identifier in UUID form.
func ParseOwnerID(s string) (OwnerID, error) { return ParseID[ownerKind](s) }

// ParseInitiativeID parses an initiative identifier in UUID form.
func ParseInitiativeID(s string) (InitiativeID, error) { return ParseID[initiativeKind](s) }

// ParseActorID parses an actor identifier in UUID form.
func ParseActorID(s string) (ActorID, error) { return ParseID[actorKind](s) }

// ParseEntryID parses a realization entry identifier in UUID form.
func ParseEntryID(s string) (EntryID, error) { return ParseID[entryKind](s) }

// UUID returns the identifier as a UUID.
func (id ID[K]) UUID() uuid.UUID { return id.uuid }

// IsZero reports whether id is the zero (nil) identifier.
func (id ID[K]) IsZero() bool { return id.uuid == uuid.Nil }

// String returns the canonical UUID form.
func (id ID[K]) String() string { return id.uuid.String() }

// Compare orders identifiers by their bytes, for deterministic sorting.
func (id ID[K]) Compare(o ID[K]) int {
	for i := range id.uuid {
		if id.uuid[i] != o.uuid[i] {
			return cmpInt(int(id.uuid[i]), int(o.uuid[i]))
		}
	}
	return 0
}

// MarshalBinary encodes the identifier as the 16 bytes of its UUID.
func (id ID[K]) MarshalBinary() ([]byte, error) {
	return id.uuid.MarshalBinary()
}

// UnmarshalBinary decodes 16 UUID bytes; it is how an integrator's stored
// UUIDs become typed identifiers. The nil UUID is an error.
func (id *ID[K]) UnmarshalBinary(b []byte) error {
	var k K
	u, err := uuid.FromBytes(b)
	if err != nil || u == uuid.Nil {
		return fmt.Errorf("%s id % x: %w", k.KindName(), b, ErrInvalidID)
	}
	id.uuid = u
	return nil
}

// MarshalText encodes the canonical UUID form; the zero ID as empty text.
func (id ID[K]) MarshalText() ([]byte, error) {
	if id.IsZero() {
		return []byte{}, nil
	}
	return []byte(id.uuid.String()), nil
}

// UnmarshalText decodes the form MarshalText writes; empty text is the
// zero ID.
func (id *ID[K]) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ID[K]{}
		return nil
	}
	parsed, err := ParseID[K](string(b))
	if err != nil {
		return err
	}
	*id = parsed
	return nil
}

// ActorOf returns the actor identifier of the person who is owner id.
func ActorOf(id OwnerID) ActorID { return ActorID(id) }

// OwnerOf returns the owner identifier of the person acting as id.
func OwnerOf(id ActorID) OwnerID { return OwnerID(id) }
