package lifecycle_test

import (
	"fmt"
	"time"

	"github.com/openprocure/realize/lifecycle"
)

// An annual saving of 1,000,000 committed from 1 October for a year
// lands a quarter in the first calendar year and the rest in the next.
func ExamplePhaseAnnual() {
	rate := lifecycle.MustAnnualRate("1000000", "EUR")
	term := lifecycle.Term{
		Start: lifecycle.MustDate(2024, time.October, 1),
		End:   lifecycle.MustDate(2025, time.September, 30),
	}
	s, err := lifecycle.PhaseAnnual(rate, term,
		lifecycle.CurrencyRounding(lifecycle.EUR))
	if err != nil {
		fmt.Println(err)
		return
	}

	calendar := lifecycle.FiscalCalendar{}
	fmt.Println("2024:", s.InYear(calendar, 2024))
	fmt.Println("2025:", s.InYear(calendar, 2025))
	fmt.Println("contract life:", s.Total())
	fmt.Println("due by 2024-12-31:",
		s.DueBy(lifecycle.MustDate(2024, time.December, 31)))
	for _, part := range s.Parts()[:3] {
		fmt.Println(part.Period, part.Amount)
	}
	// Output:
	// 2024: 250000.00 EUR
	// 2025: 750000.00 EUR
	// contract life: 1000000.00 EUR
	// due by 2024-12-31: 250000.00 EUR
	// 2024-10 83333.33 EUR
	// 2024-11 83333.34 EUR
	// 2024-12 83333.33 EUR
}
