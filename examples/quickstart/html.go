package main

import "io"

func (rv *review) writeHTML(w io.Writer) error { return nil }
