package matching

import "errors"

// ErrInvalidContract reports a contract, price term, unit conversion or
// tolerance that breaks a rule; the index's error lists every one, each
// naming its contract.
var ErrInvalidContract = errors.New("invalid contract")

// ErrInvalidResult reports data that [Result.UnmarshalBinary] cannot
// read as a match result: truncated, corrupt, of another version, or
// holding a value no result could hold.
var ErrInvalidResult = errors.New("invalid match result")
