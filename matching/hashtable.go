package matching

import "math/bits"

// hashTable is an open-addressing table keyed by two independent 64-bit
// hashes: the first places a key, and both together identify it. Two
// different keys are taken for one only if both hashes collide, a chance
// of about 2^-128 per pair. In exchange the table holds no strings, so
// the garbage collector never scans it. It keeps at most half its slots
// full. The index's supplier and item table is one; a matcher's
// registers keep fewer bits (see register).
type hashTable[V any] struct {
	slots []hashSlot[V]
	used  int
}

type hashSlot[V any] struct {
	h1, h2 uint64 // h1 == 0: empty
	value  V
}

// slot returns the slot for the key (h1, h2): its own, or the empty one
// where it belongs. h1 must not be 0.
func (t *hashTable[V]) slot(h1, h2 uint64) *hashSlot[V] {
	mask := uint64(len(t.slots) - 1)
	for i := h1 & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if (s.h1 == h1 && s.h2 == h2) || s.h1 == 0 {
			return s
		}
	}
}

// reserve makes room for n more keys, so that none of them has to grow
// the table.
func (t *hashTable[V]) reserve(n int) {
	need := 2 * (t.used + n)
	if need <= len(t.slots) {
		return
	}
	old := t.slots
	t.slots = make([]hashSlot[V], 1<<bits.Len(uint(need)))
	for _, s := range old {
		if s.h1 != 0 {
			*t.slot(s.h1, s.h2) = s
		}
	}
}

// touch reads the slot where a key hashed h1 would start its probe, so
// that the processor fetches it ahead of [hashTable.get].
func (t *hashTable[V]) touch(h1 uint64) byte {
	if len(t.slots) == 0 {
		return 0
	}
	return byte(t.slots[h1&uint64(len(t.slots)-1)].h1)
}

// get returns the value of the key (h1, h2), the zero V if it is absent.
func (t *hashTable[V]) get(h1, h2 uint64) V {
	if len(t.slots) == 0 {
		var zero V
		return zero
	}
	return t.slot(h1, h2).value
}

// put sets the value of the key (h1, h2), and reports whether the key
// was already there, with its earlier value; an existing value is kept.
func (t *hashTable[V]) put(h1, h2 uint64, v V) (V, bool) {
	t.reserve(1)
	s := t.slot(h1, h2)
	if s.h1 != 0 {
		return s.value, true
	}
	*s = hashSlot[V]{h1: h1, h2: h2, value: v}
	t.used++
	return v, false
}

// nonzero keeps 0 free to mark empty slots.
func nonzero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// mix folds v into hash h.
func mix(h, v uint64) uint64 {
	h ^= v + 0x9e3779b97f4a7c15 + h<<6 + h>>2
	return h * 0xbf58476d1ce4e5b9
}
