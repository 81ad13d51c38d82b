package matching

// ValidCurrency exposes the matcher's table of currency codes to the
// external tests.
var ValidCurrency = validCurrency
