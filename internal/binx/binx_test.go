package binx

import (
	"errors"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errBad = errors.New("bad input")

type testID struct{ u uuid.UUID }

func (id testID) UUID() uuid.UUID { return id.u }

func (id *testID) UnmarshalBinary(b []byte) error {
	u, err := uuid.FromBytes(b)
	if err != nil {
		return err
	}
	if u.Version() != 4 {
		return errors.New("not a version 4 UUID")
	}
	id.u = u
	return nil
}

func TestRoundTrip(t *testing.T) {
	decimals := []string{"0", "0.00", "-0.001", "1234.50", "-98765432109876543210.123456789", "1e200", "-7e-200"}
	id := testID{uuid.MustParse("0b3c3d1e-54f2-4a8b-9c0d-6e7f8a9b0c1d")}

	e := &Encoder{Invalid: errBad}
	e.Uint(0)
	e.Uint(1 << 63)
	e.Int(-1)
	e.Int(-1 << 63)
	e.Bool(true)
	e.Bool(false)
	e.Text("")
	e.Text("Plant Lyon — €")
	e.ID(id)
	e.ID(testID{})
	for _, s := range decimals {
		e.Decimal(decimal.RequireFromString(s))
	}
	require.NoError(t, e.Err)

	d := &Decoder{Data: e.Buf, Invalid: errBad}
	assert.Equal(t, uint64(0), d.Uint())
	assert.Equal(t, uint64(1<<63), d.Uint())
	assert.Equal(t, int64(-1), d.Int())
	assert.Equal(t, int64(-1<<63), d.Int())
	assert.True(t, d.Bool())
	assert.False(t, d.Bool())
	assert.Empty(t, d.Text())
	assert.Equal(t, "Plant Lyon — €", d.Text())
	assert.Equal(t, id, ReadID[testID](d))
	assert.Equal(t, testID{}, ReadID[testID](d), "16 zero bytes are the zero ID")
	for _, s := range decimals {
		got := d.Decimal()
		want := decimal.RequireFromString(s)
		assert.Truef(t, got.Equal(want), "%s came back as %s", s, got)
		assert.Equalf(t, want.Exponent(), got.Exponent(), "%s keeps its exponent", s)
	}
	d.Rest()
	require.NoError(t, d.Err)
}

func TestEncoderRefusesDecimalsBeyondTheLimits(t *testing.T) {
	for _, s := range []string{"1e257", "1e-257", decimal.New(1, 400).String() + "1"} {
		e := &Encoder{Invalid: errBad}
		e.Decimal(decimal.RequireFromString(s))
		require.ErrorIsf(t, e.Err, errBad, "%s", s)
	}
}

func TestDecoderRefusals(t *testing.T) {
	cases := map[string]struct {
		data []byte
		read func(d *Decoder)
		msg  string
	}{
		"truncated varint":     {[]byte{0x80}, func(d *Decoder) { d.Uint() }, "at byte 0: a truncated or overlong number"},
		"overlong varint":      {[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, func(d *Decoder) { d.Int() }, "overlong"},
		"padded varint":        {[]byte{0x81, 0x00}, func(d *Decoder) { d.Uint() }, "at byte 0: a truncated or overlong number"},
		"padded signed varint": {[]byte{0xbd, 0x80, 0x00}, func(d *Decoder) { d.Int() }, "at byte 0: a truncated or overlong number"},
		"negative count":       {[]byte{0x01}, func(d *Decoder) { d.Count("lines") }, "lines -1 is not a count"},
		"length past the end":  {[]byte{0x05, 'a'}, func(d *Decoder) { _ = d.Text() }, "a string of 5 is longer than the 1 bytes left"},
		"not a boolean":        {[]byte{0x02}, func(d *Decoder) { d.Bool() }, "2 is not a boolean"},
		"short identifier":     {make([]byte, 15), func(d *Decoder) { ReadID[testID](d) }, "16 bytes expected, 15 left"},
		"exponent too large":   {[]byte{0x82, 0x04, 0x00}, func(d *Decoder) { d.Decimal() }, "decimal exponent 257 is beyond ±256"},
		"not a sign":           {[]byte{0x00, 0x03}, func(d *Decoder) { d.Decimal() }, "3 is not a sign"},
		"empty coefficient":    {[]byte{0x00, 0x01, 0x00}, func(d *Decoder) { d.Decimal() }, "a coefficient of 0 bytes"},
		"leading zero byte":    {[]byte{0x00, 0x01, 0x02, 0x00, 0x01}, func(d *Decoder) { d.Decimal() }, "a coefficient with a leading zero byte"},
		"bytes after the end":  {[]byte{0x00, 0x00}, func(d *Decoder) { d.Uint(); d.Rest() }, "at byte 1: 1 bytes after the end"},
		"problem is kept once": {[]byte{0x02, 0x05}, func(d *Decoder) { d.Bool(); d.Bool(); _ = d.Text() }, "at byte 1: 2 is not a boolean"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			d := &Decoder{Data: c.data, Invalid: errBad}
			c.read(d)
			require.ErrorIs(t, d.Err, errBad)
			assert.Contains(t, d.Err.Error(), c.msg)
		})
	}
}

func TestReadIDRefusesWhatTheTypeRefuses(t *testing.T) {
	u := uuid.MustParse("0b3c3d1e-54f2-1a8b-9c0d-6e7f8a9b0c1d") // version 1
	d := &Decoder{Data: u[:], Invalid: errBad}
	ReadID[testID](d)
	require.ErrorIs(t, d.Err, errBad)
	assert.Contains(t, d.Err.Error(), "not a version 4 UUID")
}

func TestReadsAfterAProblemReturnZero(t *testing.T) {
	d := &Decoder{Data: []byte{0x80}, Invalid: errBad}
	d.Uint()
	require.Error(t, d.Err)
	d.Data = []byte{0x01, 0x01, 0x01}
	assert.Zero(t, d.Uint())
	assert.Zero(t, d.Int())
	assert.False(t, d.Bool())
	assert.Empty(t, d.Text())
	assert.True(t, d.Decimal().IsZero())
}

func TestHeader(t *testing.T) {
	e := &Encoder{Invalid: errBad}
	e.Header("realize.test", 3)
	e.Uint(7)

	d := &Decoder{Data: e.Buf, Invalid: errBad}
	require.True(t, d.Header("realize.test", 3, "test form"))
	assert.Equal(t, uint64(7), d.Uint())

	d = &Decoder{Data: e.Buf, Invalid: errBad}
	assert.False(t, d.Header("realize.test", 4, "test form"))
	require.ErrorIs(t, d.Err, errBad)
	assert.Contains(t, d.Err.Error(), "test form encoding version 3; this library reads version 4")

	d = &Decoder{Data: []byte("realize.other"), Invalid: errBad}
	assert.False(t, d.Header("realize.test", 3, "test form"))
	assert.Contains(t, d.Err.Error(), "at byte 0: not an encoded test form")
}
