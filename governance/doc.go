// Package governance enforces the operating model that keeps savings
// from leaking after a contract is signed: named category owners, plans
// that the business units who must execute them have signed off, finance
// approval above thresholds, and segregation of duties.
//
// A [CategoryPlan] is the enduring (3 to 5 year) strategy for a
// category: its owner, the required stakeholders, the horizon, the
// strategy and the sourcing events it runs. It moves Draft → In review →
// Signed off → Active → Retired as a history of events, like a
// lifecycle initiative. A stakeholder's [SignOff] is a document —
// resource commitments, a compliance reporting cadence, the compliance
// level committed to, the consequences of deviation — and a material
// revision of the plan voids the sign-offs given so far, saying so.
//
// A [Policy] is a [lifecycle.Guard]: attached to initiatives, it refuses
// a change the operating model does not allow, listing every reason —
// the gate (an initiative cannot become Committed, or Implemented if the
// plan says so, until its category plan is signed off by every required
// stakeholder), role permissions, the approval matrix (thresholds are
// data), and segregation of duties (nobody approves their own change or
// validates savings they approved or own). Only self-approval can be
// overridden: an administrator's [Override] lifts it for one change and
// stays on record with who gave it, in which role and why.
//
// From sign-offs the package lists the compliance reports due and
// overdue as of a date, and the business units whose on-contract
// compliance is below the level they signed up to, each pointing at the
// consequences they accepted.
//
// Like the rest of realize, the package reads no clock, files or
// network: every time is an argument.
package governance
