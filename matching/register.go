package matching

import (
	"hash/maphash"
	"math/bits"
)

// A register remembers keys by two independent 64-bit hashes of them:
// the first places the key in an open-addressing table, and both
// together identify it. Two different keys are taken for one only if
// both hashes collide, a chance of about 2^-128 per pair — below one in
// 10^20 even over a billion lines. In exchange the register holds no
// strings: the garbage collector never scans it, and it costs 32 bytes a
// line at most half full.
type register struct {
	slots []entry
	used  int
}

type entry struct {
	h1, h2  uint64 // h1 == 0: empty
	seq     int    // the first line with this key
	invoice uint64 // hash of that line's invoice, for suspected duplicates
}

// slot returns the entry for the key (h1, h2): its own, or the empty one
// where it belongs.
func (g *register) slot(h1, h2 uint64) *entry {
	mask := uint64(len(g.slots) - 1)
	for i := h1 & mask; ; i = (i + 1) & mask {
		e := &g.slots[i]
		if (e.h1 == h1 && e.h2 == h2) || e.h1 == 0 {
			return e
		}
	}
}

// reserve makes room for n more keys, so that no insert of the batch
// has to grow the table.
func (g *register) reserve(n int) {
	need := 2 * (g.used + n)
	if need <= len(g.slots) {
		return
	}
	old := g.slots
	g.slots = make([]entry, 1<<bits.Len(uint(need)))
	for _, e := range old {
		if e.h1 != 0 {
			*g.slot(e.h1, e.h2) = e
		}
	}
}

// first returns the first entry recorded for the key and true, or
// records this one and returns false.
func (g *register) first(k key, seq int) (entry, bool) {
	e := g.slot(k.h1, k.h2)
	if e.h1 != 0 {
		return *e, true
	}
	*e = entry{h1: k.h1, h2: k.h2, seq: seq, invoice: k.invoice}
	g.used++
	return entry{}, false
}

// key is a line's identity in a register.
type key struct{ h1, h2, invoice uint64 }

// keys are a line's two register keys: its invoice line, and its
// supplier, amount, currency and date.
type keys struct{ line, amount key }

// lineKeys hashes a result's keys with two seeds; it runs in the
// parallel step, so the registers only compare integers.
func lineKeys(seeds *[2]maphash.Seed, r *Result) keys {
	var k keys
	for i, seed := range seeds {
		invoice := maphash.String(seed, r.Invoice)
		line := nonzero(mix(invoice, uint64(r.Line)))
		a := maphash.String(seed, r.supplier)
		a = mix(a, uint64(r.spend.Hi()))
		a = mix(a, r.spend.Lo())
		a = mix(a, uint64(r.date.Year())<<16|uint64(r.date.Month())<<8|uint64(r.date.Day()))
		a = nonzero(mix(a, maphash.String(seed, string(r.Currency))))
		if i == 0 {
			k.line.h1, k.amount.h1 = line, a
			k.line.invoice, k.amount.invoice = invoice, invoice
		} else {
			k.line.h2, k.amount.h2 = line, a
		}
	}
	return k
}

// nonzero keeps 0 free to mark empty entries.
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
