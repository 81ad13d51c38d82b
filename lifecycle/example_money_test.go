package lifecycle_test

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// Amounts in one currency add exactly; two currencies are refused, never
// converted, and the error says which amounts met.
func ExampleParseMoney() {
	price, err := lifecycle.ParseMoney("1234.55", "eur")
	if err != nil {
		fmt.Println(err)
		return
	}
	freight := lifecycle.MustMoney("0.45", "EUR")
	total, err := price.Add(freight)
	fmt.Println(total.Amount().StringFixed(2), total.Currency(), err)

	_, err = price.Add(lifecycle.MustMoney("10", "USD"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, lifecycle.ErrCurrencyMismatch))

	_, err = lifecycle.ParseMoney("12,50", "EUR")
	fmt.Println(errors.Is(err, lifecycle.ErrInvalidAmount))
	// Output:
	// 1235.00 EUR <nil>
	// add 1234.55 EUR and 10 USD: currency mismatch
	// true
	// true
}

// Splitting 100 EUR three ways: each division rounds once, under the
// policy it is given, and dividing by zero is an error rather than a
// panic.
func ExampleMoney_Div() {
	budget := lifecycle.MustMoney("100", "EUR")
	three := decimal.NewFromInt(3)
	for _, r := range []lifecycle.Rounding{
		lifecycle.CurrencyRounding(lifecycle.EUR),
		{Mode: lifecycle.Up, Places: 2},
		{Mode: lifecycle.Down, Places: 0},
	} {
		share, err := budget.Div(three, r)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s\n", r, share)
	}

	_, err := budget.Div(decimal.Zero, lifecycle.CurrencyRounding(lifecycle.EUR))
	fmt.Println(err)
	// Output:
	// half-even to 2 places: 33.33 EUR
	// up to 2 places: 33.34 EUR
	// down to 0 places: 33 EUR
	// money 100 EUR: divide 100 by zero: division by zero
}

// A run rate is its own type: it is added to other rates, and its JSON
// says that it is per year.
func ExamplePerYear() {
	licences := lifecycle.PerYear(lifecycle.MustMoney("1200", "EUR"))
	support := lifecycle.MustAnnualRate("300", "EUR")
	both, err := licences.Add(support)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(both)
	fmt.Println(both.PerYear())

	b, err := both.MarshalJSON()
	fmt.Println(string(b), err)

	_, err = both.Add(lifecycle.MustAnnualRate("50", "GBP"))
	fmt.Println(errors.Is(err, lifecycle.ErrCurrencyMismatch))
	// Output:
	// 1500 EUR/year
	// 1500 EUR
	// {"amount":"1500","currency":"EUR","per":"year"} <nil>
	// true
}

// Reading a rate back refuses a total written as "per month".
func ExampleAnnualRate_UnmarshalJSON() {
	var r lifecycle.AnnualRate
	err := r.UnmarshalJSON([]byte(`{"amount":"1200","currency":"EUR","per":"year"}`))
	fmt.Println(r, err)

	err = r.UnmarshalJSON([]byte(`{"amount":"100","currency":"EUR","per":"month"}`))
	fmt.Println(err)
	// Output:
	// 1200 EUR/year <nil>
	// annual rate: per "month", want "year": invalid amount
}
