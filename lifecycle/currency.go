package lifecycle

import (
	"fmt"
	"strings"
)

// Currency is an ISO 4217 alphabetic currency code such as "EUR".
//
// A Currency is a small comparable value, usable as a map key. Its zero
// value is the empty code, which names no currency: [Money] in the zero
// currency is "no amount", and every operation that needs a real currency
// refuses it. Obtain a Currency from [ParseCurrency]; the constants below
// cover the codes used most often.
type Currency string

// Frequently used currencies.
const (
	EUR Currency = "EUR"
	USD Currency = "USD"
	GBP Currency = "GBP"
	JPY Currency = "JPY"
	CHF Currency = "CHF"
)

// ParseCurrency returns the currency with the ISO 4217 code s. Letters are
// accepted in either case; surrounding space is not. A code outside the
// active ISO 4217 list is an error wrapping [ErrUnknownCurrency].
func ParseCurrency(s string) (Currency, error) {
	c := Currency(strings.ToUpper(s))
	if _, ok := minorUnits[c]; !ok {
		return "", fmt.Errorf("currency %q: %w", s, ErrUnknownCurrency)
	}
	return c, nil
}

// Valid reports whether c is an active ISO 4217 code.
func (c Currency) Valid() bool {
	_, ok := minorUnits[c]
	return ok
}

// MinorUnits returns the number of decimal places ISO 4217 gives the
// currency: 2 for EUR, 0 for JPY, 3 for KWD. It reports false for a code
// that is not valid.
func (c Currency) MinorUnits() (int32, bool) {
	u, ok := minorUnits[c]
	return u, ok
}

// String returns the code, or "(no currency)" for the zero Currency.
func (c Currency) String() string {
	if c == "" {
		return "(no currency)"
	}
	return string(c)
}

// minorUnits holds the active ISO 4217 codes and their minor units. Funds
// codes and precious metals are left out: savings are never booked in them.
var minorUnits = func() map[Currency]int32 {
	const (
		zero  = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
		three = "BHD IQD JOD KWD LYD OMR TND"
		four  = "CLF UYW"
		two   = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD " +
			"BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CNY COP CRC CUP " +
			"CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP " +
			"GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR " +
			"KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP " +
			"MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN " +
			"PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP " +
			"SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD " +
			"TZS UAH USD UZS VED VES WST XCD XCG YER ZAR ZMW ZWG"
	)
	m := make(map[Currency]int32)
	for places, codes := range map[int32]string{0: zero, 2: two, 3: three, 4: four} {
		for _, code := range strings.Fields(codes) {
			m[Currency(code)] = places
		}
	}
	return m
}()
