package matching

import "errors"

// ErrInvalidContract reports a contract, price term, unit conversion or
// tolerance that breaks a rule; the index's error lists every one, each
// naming its contract.
var ErrInvalidContract = errors.New("invalid contract")
