package lifecycle

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"sync"

	"github.com/google/uuid"
)

// IDSource hands out new identifiers. The library never invents an ID on
// its own: whoever creates a category, an initiative or an entry takes
// its ID from a source, so tests can use a [Sequence] and get the same
// IDs on every run, while a service uses [RandomIDs].
type IDSource interface {
	// NewUUID returns a UUID not handed out before by this source.
	NewUUID() (uuid.UUID, error)
}

// NewCategoryID returns a new category identifier from src.
func NewCategoryID(src IDSource) (CategoryID, error) { return NewID[categoryKind](src) }

// NewOwnerID returns a new owner identifier from src.
func NewOwnerID(src IDSource) (OwnerID, error) { return NewID[ownerKind](src) }

// NewInitiativeID returns a new initiative identifier from src.
func NewInitiativeID(src IDSource) (InitiativeID, error) { return NewID[initiativeKind](src) }

// NewActorID returns a new actor identifier from src.
func NewActorID(src IDSource) (ActorID, error) { return NewID[actorKind](src) }

// NewEntryID returns a new realization entry identifier from src.
func NewEntryID(src IDSource) (EntryID, error) { return NewID[entryKind](src) }

// NewID returns a new identifier of kind K from src, refusing a source
// that hands out the nil UUID. The NewXxxID functions are its instances
// for this package's kinds.
func NewID[K Kind](src IDSource) (ID[K], error) {
	u, err := src.NewUUID()
	if err != nil {
		var k K
		return ID[K]{}, fmt.Errorf("new %s id: %w", k.KindName(), err)
	}
	if u == uuid.Nil {
		var k K
		return ID[K]{}, fmt.Errorf("new %s id: source returned the nil uuid: %w", k.KindName(), ErrInvalidID)
	}
	return ID[K]{uuid: u}, nil
}

// RandomIDs returns a source of random (version 4) UUIDs read from r; a
// nil r means the operating system's secure random source, which
// crypto/rand reads. Safe for concurrent use if r is.
func RandomIDs(r io.Reader) IDSource { return randomIDs{r: r} }

type randomIDs struct{ r io.Reader }

func (s randomIDs) NewUUID() (uuid.UUID, error) {
	if s.r == nil {
		return uuid.NewRandom()
	}
	return uuid.NewRandomFromReader(s.r)
}

// Sequence is a deterministic IDSource for tests and reproducible runs: the
// n-th UUID it returns depends only on its seed and n. Two sequences with
// different seeds do not collide in practice.
//
// The zero Sequence is ready to use with the empty seed. A Sequence is
// safe for concurrent use; it must not be copied after first use.
type Sequence struct {
	Seed string

	mu sync.Mutex
	n  uint64
}

// NewUUID returns the next UUID of the sequence: a version 8 UUID built
// from the SHA-256 of the seed and the counter.
func (s *Sequence) NewUUID() (uuid.UUID, error) {
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()

	h := sha256.New()
	h.Write([]byte(s.Seed))
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], n)
	h.Write(buf[:])
	var u uuid.UUID
	copy(u[:], h.Sum(nil))
	u[6] = (u[6] & 0x0f) | 0x80 // version 8: custom
	u[8] = (u[8] & 0x3f) | 0x80 // RFC 4122 variant
	return u, nil
}
