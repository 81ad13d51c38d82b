package matching

import (
	"hash/maphash"
	"math/bits"
)

// A register remembers the lines a matcher has seen: an open-addressing
// table of their keys, at most half full, that holds no strings, so the
// garbage collector never scans it. A slot is 16 bytes, 24 with the
// invoice hash the amount register keeps.
//
// A key is two independent 64-bit hashes. The first places the key and
// is kept whole; of the second the table keeps the high 24 bits, beside
// the first line's Seq in the low 40. Two different lines are taken for
// one only if 88 bits of hash collide: for a matcher that sees ten
// million lines, a chance of about one in 6 × 10^12 that it happens
// even once; for a billion lines, about one in 600 million.
type register[V any] struct {
	slots []registerSlot[V]
	used  int
}

type registerSlot[V any] struct {
	value V      // first, so that an empty V adds no padding
	h1    uint64 // 0: empty
	tag   uint64 // high 24 bits of the second hash, then Seq
}

// seqBits is how many bits of a line's Seq a register keeps: a matcher
// tells apart the first 2^40 lines it sees, over a trillion.
const (
	seqBits = 40
	seqMask = 1<<seqBits - 1
)

// reserve makes room for n more keys, so that none of them has to grow
// the table.
func (g *register[V]) reserve(n int) {
	need := 2 * (g.used + n)
	if need <= len(g.slots) {
		return
	}
	old := g.slots
	g.slots = make([]registerSlot[V], 1<<bits.Len(uint(need)))
	// Write the new table a page at a time before it is read at
	// random. Memory fresh from the operating system is not mapped yet:
	// a read would map a shared page of zeros, and the write after it
	// fault again for a page of the table's own. Written first, each
	// page faults once, in order. A slot is at most 32 bytes, so every
	// 128th slot writes every page of 4 KiB.
	for i := 0; i < len(g.slots); i += 128 {
		g.slots[i].h1 = 0
	}
	mask := uint64(len(g.slots) - 1)
	for _, s := range old {
		if s.h1 == 0 {
			continue
		}
		i := s.h1 & mask
		for g.slots[i].h1 != 0 {
			i = (i + 1) & mask
		}
		g.slots[i] = s
	}
}

// touch reads the slot where a key hashed h1 starts its probe, so that
// the processor fetches it ahead of [register.first].
func (g *register[V]) touch(h1 uint64) byte {
	if len(g.slots) == 0 {
		return 0
	}
	return byte(g.slots[h1&uint64(len(g.slots)-1)].tag)
}

// first returns the Seq and value of the first line recorded under the
// key (h1, h2) and true; or records this line, seq and v, and returns
// false. h1 must not be 0.
func (g *register[V]) first(h1, h2 uint64, seq int, v V) (int, V, bool) {
	g.reserve(1)
	mask := uint64(len(g.slots) - 1)
	tag := h2 &^ seqMask
	for i := h1 & mask; ; i = (i + 1) & mask {
		s := &g.slots[i]
		switch {
		case s.h1 == 0:
			*s = registerSlot[V]{value: v, h1: h1, tag: tag | uint64(seq)&seqMask}
			g.used++
			return seq, v, false
		case s.h1 == h1 && s.tag&^seqMask == tag:
			return int(s.tag & seqMask), s.value, true
		}
	}
}

// key is a line's identity in a register; invoice is the hash of its
// invoice, which the amount register keeps to tell a suspected duplicate
// from another line of the same invoice. h1 == 0: no key.
type key struct{ h1, h2, invoice uint64 }

// shardOf returns the register shard of a key whose first hash is h1:
// its high bits, as the table uses the low ones.
func shardOf(h1 uint64) int { return int(h1 >> 60 % shards) }

// keys are a line's two register keys: its invoice line, and its
// supplier, amount, currency and date.
type keys struct{ line, amount key }

// lineKeys returns the keys of a line and its result, from inv and sup,
// its invoice's and supplier's hashes under each of the index's two
// seeds. The currency, valid on a line that has keys, enters as its
// exact code.
func lineKeys(inv, sup *[2]uint64, r *Result) keys {
	var k keys
	day := uint64(r.date.Year())<<16 | uint64(r.date.Month())<<8 | uint64(r.date.Day())
	cur := uint64(currencyCode(r.Currency))
	for i := range inv {
		line := nonzero(mix(inv[i], uint64(r.Line)))
		a := mix(sup[i], uint64(r.spend.Hi()))
		a = mix(a, r.spend.Lo())
		a = nonzero(mix(a, day<<32|cur))
		if i == 0 {
			k.line.h1, k.amount.h1 = line, a
			k.line.invoice, k.amount.invoice = inv[0], inv[0]
		} else {
			k.line.h2, k.amount.h2 = line, a
		}
	}
	return k
}

// textHashes hashes text under two seeds, remembering the last text:
// the lines of an invoice come together, so most lines reuse the hashes
// of their invoice number and supplier.
type textHashes struct {
	seeds  *[2]maphash.Seed
	last   string
	hashes [2]uint64
	primed bool // last and hashes hold a text
}

func (h *textHashes) of(text string) *[2]uint64 {
	if !h.primed || text != h.last {
		h.last, h.primed = text, true
		h.hashes = [2]uint64{maphash.String(h.seeds[0], text), maphash.String(h.seeds[1], text)}
	}
	return &h.hashes
}
