// Package repocheck holds tests that check promises the repository makes
// as a whole rather than any one package: the core packages stay pure (no
// files, network, logging or wall clock), and the README's code tour is
// the example that go test runs. It has no code of its own.
package repocheck
