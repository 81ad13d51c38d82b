// Package binx is the compact binary form the public packages give their
// values to cross a process boundary: varint integers, length-prefixed
// strings, 16-byte identifiers and exact decimals.
//
// An Encoder appends to a buffer and keeps the first value it could not
// encode; a Decoder reads and keeps the first problem with the offset
// where it was met, and every read after a problem returns a zero value,
// so a caller reads a whole record and checks Err once. Nothing here
// panics on any input.
package binx

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/big"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Limits of a decimal in the binary form. They are far beyond any amount
// or quantity procurement data holds, and they keep a corrupt or hostile
// input from making a decoder, or the arithmetic after it, allocate
// without bound.
const (
	MaxCoefficientBytes = 128 // some 300 digits
	MaxExponent         = 256
)

// Encoder appends values to Buf. The first value it cannot encode is
// kept in Err, wrapping Invalid, and later values are still appended.
type Encoder struct {
	Buf     []byte
	Err     error
	Invalid error // the error a value beyond the limits wraps
}

// Header appends what every binary form starts with: a magic string
// naming what follows, and the form's version.
func (e *Encoder) Header(magic string, version uint64) {
	e.Buf = append(e.Buf, magic...)
	e.Uint(version)
}

// Uint appends v as an unsigned varint.
func (e *Encoder) Uint(v uint64) { e.Buf = binary.AppendUvarint(e.Buf, v) }

// Int appends v as a signed varint.
func (e *Encoder) Int(v int64) { e.Buf = binary.AppendVarint(e.Buf, v) }

// Bool appends one byte, 1 for true.
func (e *Encoder) Bool(v bool) {
	if v {
		e.Buf = append(e.Buf, 1)
	} else {
		e.Buf = append(e.Buf, 0)
	}
}

// Text appends the length of s and its bytes.
func (e *Encoder) Text(s string) {
	e.Uint(uint64(len(s)))
	e.Buf = append(e.Buf, s...)
}

// ID appends the 16 bytes of an identifier's UUID; the zero ID is 16
// zero bytes.
func (e *Encoder) ID(id interface{ UUID() uuid.UUID }) {
	u := id.UUID()
	e.Buf = append(e.Buf, u[:]...)
}

// Month appends a month as its number counted from January of year 1,
// plus one; year 0 is the zero month and is written as 0.
func (e *Encoder) Month(year int, month time.Month) {
	if year == 0 {
		e.Uint(0)
		return
	}
	e.Uint(uint64(year*12+int(month)-1) + 1)
}

// Decimal appends the exponent, then the coefficient's sign and, unless
// it is zero, its magnitude's big-endian bytes. A zero keeps its
// exponent, so 0.00 comes back as 0.00.
func (e *Encoder) Decimal(d decimal.Decimal) {
	c := d.Coefficient()
	mag := c.Bytes()
	if e.Err == nil && (len(mag) > MaxCoefficientBytes || d.Exponent() < -MaxExponent || d.Exponent() > MaxExponent) {
		e.Err = fmt.Errorf("%w: %s is beyond the binary form's limits", e.Invalid, d)
	}
	e.Int(int64(d.Exponent()))
	switch c.Sign() {
	case 0:
		e.Buf = append(e.Buf, 0)
		return
	case 1:
		e.Buf = append(e.Buf, 1)
	default:
		e.Buf = append(e.Buf, 2)
	}
	e.Uint(uint64(len(mag)))
	e.Buf = append(e.Buf, mag...)
}

// Decoder reads values from Data, from Off on. The first problem is
// kept in Err, wrapping Invalid and naming the byte where reading
// stopped.
type Decoder struct {
	Data    []byte
	Off     int
	Err     error
	Invalid error // the error every problem wraps
}

// Fail records a problem at the current offset, unless one is already
// recorded.
func (d *Decoder) Fail(format string, args ...any) {
	if d.Err == nil {
		d.Err = fmt.Errorf("%w: at byte %d: "+format, append([]any{d.Invalid, d.Off}, args...)...)
	}
}

// Header reads what Encoder.Header writes and reports whether Data is
// the form magic names, in this version; what names the form in a
// problem, such as "scorecard partial".
func (d *Decoder) Header(magic string, version uint64, what string) bool {
	if !bytes.HasPrefix(d.Data[d.Off:], []byte(magic)) {
		d.Fail("not an encoded %s", what)
		return false
	}
	d.Off += len(magic)
	if v := d.Uint(); d.Err == nil && v != version {
		d.Fail("%s encoding version %d; this library reads version %d", what, v, version)
	}
	return d.Err == nil
}

// Uint reads an unsigned varint.
func (d *Decoder) Uint() uint64 {
	if d.Err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.Data[d.Off:])
	if !d.minimal(n) {
		return 0
	}
	return v
}

// minimal checks that the varint of n bytes at Off was read whole and in
// its shortest form, so that each number has one binary form, and moves
// past it.
func (d *Decoder) minimal(n int) bool {
	if n <= 0 || (n > 1 && d.Data[d.Off+n-1] == 0) {
		d.Fail("a truncated or overlong number")
		return false
	}
	d.Off += n
	return true
}

// Int reads a signed varint.
func (d *Decoder) Int() int64 {
	if d.Err != nil {
		return 0
	}
	v, n := binary.Varint(d.Data[d.Off:])
	if !d.minimal(n) {
		return 0
	}
	return v
}

const maxInt = int(^uint(0) >> 1)

// Count reads a signed varint that must be a non-negative int; what
// names it in a problem.
func (d *Decoder) Count(what string) int {
	v := d.Int()
	if v < 0 || v > int64(maxInt) {
		d.Fail("%s %d is not a count", what, v)
		return 0
	}
	return int(v)
}

// Length reads the number of entries or bytes that follow. Each takes at
// least one byte, so a length beyond what is left is a problem.
func (d *Decoder) Length(what string) int {
	v := d.Uint()
	if v > uint64(len(d.Data)-d.Off) {
		d.Fail("%s of %d is longer than the %d bytes left", what, v, len(d.Data)-d.Off)
		return 0
	}
	return int(v)
}

// Bytes reads the next n bytes; they alias Data.
func (d *Decoder) Bytes(n int) []byte {
	if d.Err != nil {
		return nil
	}
	if n > len(d.Data)-d.Off {
		d.Fail("%d bytes expected, %d left", n, len(d.Data)-d.Off)
		return nil
	}
	b := d.Data[d.Off : d.Off+n]
	d.Off += n
	return b
}

// Bool reads one byte that must be 0 or 1.
func (d *Decoder) Bool() bool {
	b := d.Bytes(1)
	switch {
	case b == nil:
		return false
	case b[0] > 1:
		d.Fail("%d is not a boolean", b[0])
	}
	return b[0] == 1
}

// Text reads a length and that many bytes.
func (d *Decoder) Text() string { return string(d.Bytes(d.Length("a string"))) }

// ReadID reads 16 UUID bytes into an identifier of type T; all zeros is
// the zero ID.
func ReadID[T any, PT interface {
	*T
	UnmarshalBinary([]byte) error
}](d *Decoder) T {
	var id T
	b := d.Bytes(16)
	if b == nil || uuid.UUID(b) == uuid.Nil {
		return id
	}
	if err := PT(&id).UnmarshalBinary(b); err != nil {
		d.Fail("%v", err)
	}
	return id
}

// Month reads what Encoder.Month writes: a year of 1 to 9999 and its
// month, or year 0 for the zero month.
func (d *Decoder) Month() (int, time.Month) {
	v := d.Uint()
	if v == 0 || d.Err != nil {
		return 0, 0
	}
	if v > 9999*12 {
		d.Fail("month number %d is beyond the year 9999", v)
		return 0, 0
	}
	return int((v - 1) / 12), time.Month((v-1)%12 + 1)
}

// Decimal reads what Encoder.Decimal writes, refusing a value beyond the
// limits and a coefficient with a leading zero byte, so that one decimal
// has one binary form.
func (d *Decoder) Decimal() decimal.Decimal {
	exp := d.Int()
	if d.Err == nil && (exp < -MaxExponent || exp > MaxExponent) {
		d.Fail("decimal exponent %d is beyond ±%d", exp, MaxExponent)
	}
	sign := d.Bytes(1)
	if d.Err != nil {
		return decimal.Zero
	}
	if sign[0] == 0 {
		return decimal.New(0, int32(exp))
	}
	if sign[0] > 2 {
		d.Fail("%d is not a sign", sign[0])
		return decimal.Zero
	}
	n := d.Length("a coefficient")
	if d.Err == nil && (n == 0 || n > MaxCoefficientBytes) {
		d.Fail("a coefficient of %d bytes; 1 to %d expected", n, MaxCoefficientBytes)
	}
	mag := d.Bytes(n)
	if d.Err != nil {
		return decimal.Zero
	}
	if mag[0] == 0 {
		d.Fail("a coefficient with a leading zero byte")
		return decimal.Zero
	}
	c := new(big.Int).SetBytes(mag)
	if sign[0] == 2 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp))
}

// Rest fails unless every byte has been read.
func (d *Decoder) Rest() {
	if d.Err == nil && d.Off != len(d.Data) {
		d.Fail("%d bytes after the end", len(d.Data)-d.Off)
	}
}
