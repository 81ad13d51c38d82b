package matching

import (
	"hash/maphash"
	"slices"
	"sync"

	"github.com/openprocure/realize/internal/fixed"
	"github.com/openprocure/realize/lifecycle"
)

// The index finds a line's candidates without comparing strings: a
// supplier and item pair is known by two independent 64-bit hashes in a
// hashTable, as the matcher's registers know lines, and units and
// currencies by small numbers.

// itemTable maps a supplier and item pair to its run of candidates.
type itemTable struct {
	seeds [2]maphash.Seed
	hashTable[span]
}

// key returns the key of a supplier and item pair, from the supplier's
// hashes under the table's two seeds.
func (t *itemTable) key(sup *[2]uint64, item string) (h1, h2 uint64) {
	h1 = nonzero(mix(sup[0], maphash.String(t.seeds[0], item)))
	h2 = mix(sup[1], maphash.String(t.seeds[1], item))
	return h1, h2
}

// build prepares the table for n pairs.
func (t *itemTable) build(n int) {
	t.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	t.reserve(n)
}

func (t *itemTable) add(supplier, item string, sp span) {
	h := textHashes{seeds: &t.seeds}
	h1, h2 := t.key(h.of(supplier), item)
	t.put(h1, h2, sp)
}

// day is a date as one ordered integer, so that validity checks compare
// one number instead of a date's three fields.
type day int32

func dayOf(d lifecycle.Date) day {
	return day(d.Year())<<9 | day(d.Month())<<5 | day(d.Day())
}

// noUnit is the unit number of a unit the index does not know.
const noUnit = 0

// unitNumbers gives every unit the index knows a number from 1 up.
type unitNumbers struct {
	names  []string // by number − 1
	byName map[string]uint16
}

// of returns the number of a unit, numbering it if it is new.
func (u *unitNumbers) of(unit string) uint16 {
	if n, ok := u.lookup(unit); ok {
		return n
	}
	n := uint16(len(u.names) + 1)
	u.names = append(u.names, unit)
	u.byName[unit] = n
	return n
}

// lookup returns the number of a known unit, and 0 for any other: by
// comparing names when the index knows a few units, which is quicker
// than hashing the name.
func (u *unitNumbers) lookup(unit string) (uint16, bool) {
	if len(u.names) <= 8 {
		for i, name := range u.names {
			if name == unit {
				return uint16(i + 1), true
			}
		}
		return noUnit, false
	}
	n, ok := u.byName[unit]
	return n, ok
}

// conversion converts a quantity between two numbered units.
type conversion struct {
	factor fixed.Value
	divide bool // the table gives the other direction
}

func unitPairKey(from, to uint16) uint32 { return uint32(from)<<16 | uint32(to) }

// validCurrency reports whether c is a valid ISO 4217 code, as
// [lifecycle.Currency.Valid] does, from a table of every code of three
// capital letters, built on first use.
func validCurrency(c lifecycle.Currency) bool { return validCodes().has(c) }

// codeSet is a set of codes of three capital letters, a bit each.
type codeSet [(26*26*26 + 63) / 64]uint64

func (s *codeSet) has(c lifecycle.Currency) bool {
	n, ok := letterCode(c)
	return ok && s[n/64]&(1<<(n%64)) != 0
}

// letterCode numbers a code of three capital letters from 0 to 26³−1.
func letterCode(c lifecycle.Currency) (int, bool) {
	if len(c) != 3 {
		return 0, false
	}
	n := 0
	for i := range 3 {
		d := c[i] - 'A'
		if d >= 26 {
			return 0, false
		}
		n = n*26 + int(d)
	}
	return n, true
}

var validCodes = sync.OnceValue(func() *codeSet {
	var bits codeSet
	code := []byte("AAA")
	for n := range 26 * 26 * 26 {
		code[0], code[1], code[2] = 'A'+byte(n/676), 'A'+byte(n/26%26), 'A'+byte(n%26)
		if lifecycle.Currency(code).Valid() {
			bits[n/64] |= 1 << (n % 64)
		}
	}
	return &bits
})

// currencyCode packs a three-letter code into an integer; anything else
// packs to 0, which no valid currency does.
func currencyCode(c lifecycle.Currency) uint32 {
	if len(c) != 3 {
		return 0
	}
	return uint32(c[0])<<16 | uint32(c[1])<<8 | uint32(c[2])
}

// A region mask says which regions a candidate covers: 0 for every
// region; otherwise bit k-1 for the region numbered k (1 to 63, in the
// order the index first meets them), and slowRegions when the contract
// names a region beyond the 63rd, whose list must then be searched.
const (
	numberedRegions = 63
	slowRegions     = 1 << numberedRegions
)

// regionMask returns the mask of a contract's regions, numbering those
// not numbered yet.
func (ix *Index) regionMask(regions []string) uint64 {
	var mask uint64
	for _, r := range regions {
		n, ok := ix.regionIDs[r]
		if !ok && len(ix.regionIDs) < numberedRegions {
			n = uint8(len(ix.regionIDs) + 1)
			ix.regionIDs[r] = n
		}
		if n == 0 {
			mask |= slowRegions
		} else {
			mask |= 1 << (n - 1)
		}
	}
	return mask
}

// regionBit returns the mask bit of a line's region: 0 for a region no
// contract names among the first 63.
func (ix *Index) regionBit(region string) uint64 {
	if n := ix.regionIDs[region]; n > 0 {
		return 1 << (n - 1)
	}
	return 0
}

// coversRegion reports whether candidate c covers the region of a line
// whose bit is bit.
func (ix *Index) coversRegion(c *candidate, region string, bit uint64) bool {
	switch {
	case c.regions == 0 || c.regions&bit != 0:
		return true
	case c.regions&slowRegions != 0:
		return slices.Contains(ix.contracts[c.contract].regions, region)
	}
	return false
}

// unitNumber returns the number of a line's unit; noUnit if no term or
// conversion names it.
func (ix *Index) unitNumber(unit string) uint16 {
	n, _ := ix.unitIDs.lookup(unit)
	return n
}
