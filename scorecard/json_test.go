package scorecard_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScorecardJSON(t *testing.T) {
	f := newFixture(t)
	b, err := json.Marshal(f.build(t, f.config()))
	require.NoError(t, err)
	var got struct {
		AsOf       string `json:"asOf"`
		Currency   string `json:"currency"`
		Dimensions string `json:"dimensions"`
		Grain      string `json:"grain"`
		Rows       []struct {
			Path          string         `json:"path"`
			Initiatives   map[string]int `json:"initiatives"`
			CostReduction struct {
				Committed       json.RawMessage `json:"committed"`
				RealizationRate json.RawMessage `json:"realizationRate"`
			} `json:"costReduction"`
			Spend struct {
				Compliance json.RawMessage `json:"contractCompliance"`
			} `json:"spend"`
		} `json:"rows"`
		Accounting struct {
			Lines         map[string]int `json:"lines"`
			AfterAsOf     int            `json:"afterAsOf"`
			NotYetCreated int            `json:"notYetCreated"`
		} `json:"accounting"`
	}
	require.NoError(t, json.Unmarshal(b, &got))
	assert.Equal(t, "2025-09-30T18:00:00Z", got.AsOf)
	assert.Equal(t, "EUR", got.Currency)
	assert.Equal(t, "category", got.Dimensions)
	assert.Equal(t, "month", got.Grain)
	require.Len(t, got.Rows, 3)

	// IT: nothing addressable and no cost reduction committed, so its
	// rates are null, never 0.
	it := got.Rows[0]
	assert.Equal(t, "IT", it.Path)
	assert.JSONEq(t, "null", string(it.Spend.Compliance))
	assert.JSONEq(t, "null", string(it.CostReduction.RealizationRate))
	assert.Equal(t, 1, it.Initiatives["realized"])

	fast := got.Rows[2]
	assert.Equal(t, "MRO > Fasteners", fast.Path)
	assert.JSONEq(t, `{"amount":"120000.00","currency":"EUR"}`, string(fast.CostReduction.Committed))
	assert.JSONEq(t, `"0.2008"`, string(fast.CostReduction.RealizationRate))
	assert.JSONEq(t, `"0.6847"`, string(fast.Spend.Compliance))

	assert.Equal(t, 3, got.Accounting.Lines["on-contract"])
	assert.Equal(t, 1, got.Accounting.Lines["duplicate"])
	assert.Equal(t, 1, got.Accounting.AfterAsOf)
	assert.Equal(t, 1, got.Accounting.NotYetCreated)
}
