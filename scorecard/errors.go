package scorecard

import "errors"

// joinErrors joins errs, or returns the only one unwrapped so that a
// caller's errors.As sees it directly.
func joinErrors(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}
