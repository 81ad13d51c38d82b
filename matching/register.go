package matching

import (
	"hash/maphash"
	"runtime"
)

// A register remembers the lines a matcher has seen, by a [hashTable] of
// their keys: 32 bytes a line at most half full, and no strings.
type register struct {
	hashTable[seen]
}

// seen is the first line recorded under a key.
type seen struct {
	seq     int    // its Seq
	invoice uint64 // hash of its invoice, for suspected duplicates
}

// first returns the first line recorded under k and true, or records this
// one and returns false.
func (g *register) first(k key, seq int) (seen, bool) {
	return g.put(k.h1, k.h2, seen{seq: seq, invoice: k.invoice})
}

// touchAll reads the slots where keys start their probes, all together,
// so that the processor fetches them at once before they are used.
func (g *register) touchAll(keys []key) {
	var touched byte
	for i := range keys {
		touched ^= g.touch(keys[i].h1)
	}
	runtime.KeepAlive(touched) // the reads are for their fetches only
}

// key is a line's identity in a register.
type key struct{ h1, h2, invoice uint64 }

// keys are a line's two register keys: its invoice line, and its
// supplier, amount, currency and date.
type keys struct{ line, amount key }

// lineKeys hashes the keys of a line and its result with two seeds; it
// runs in the parallel step, so the registers only compare integers.
func lineKeys(seeds *[2]maphash.Seed, supplier string, r *Result) keys {
	var k keys
	for i, seed := range seeds {
		invoice := maphash.String(seed, r.Invoice)
		line := nonzero(mix(invoice, uint64(r.Line)))
		a := maphash.String(seed, supplier)
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
