package scorecard

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"
)

// This test sits inside the package to check the encoding against the
// partial's own fields; the encoding's other tests are in
// encoding_test.go.

// TestEncodingCoversEveryField fails when a field is added to what a
// partial holds: the encoding must then write and read it too, or
// partials sent between the stages of a pipeline would lose it.
func TestEncodingCoversEveryField(t *testing.T) {
	encoded := []struct {
		v      any
		fields []string
	}{
		{Partial{}, []string{"cfg", "asOf", "asOfMonth", "inits", "twice", "lines", "scoped", "acct"}},
		{Accounting{}, []string{"Initiatives", "NotYetCreated", "Lines", "AfterAsOf", "OutsideWindow"}},
		{initRecord{}, []string{"category", "labels", "reduction", "stage", "currency", "recurring",
			"implemented", "live", "annual", "plannedQty", "plannedSpend", "months"}},
		{labels{}, []string{"supplier", "region", "unit"}},
		{lineKey{}, []string{"category", "owner", "labels", "period", "currency"}},
		{lineSums{}, []string{"spend", "lines", "leakage"}},
		{scopedKey{}, []string{"initiative", "period", "currency"}},
		{scopedSums{}, []string{"leakage", "maverick", "quantity"}},
	}
	for _, e := range encoded {
		typ := reflect.TypeOf(e.v)
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		require.Equalf(t, e.fields, got, "the fields of %s changed: extend encoding.go to carry them, then this list", typ.Name())
	}
}
