package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/openprocure/realize/lifecycle"
)

// problem is one thing wrong with the input, where it was: a row that
// could not be read, or a value the library refused. Line 0 means the
// whole file.
type problem struct {
	File   string
	Line   int
	Column string
	Msg    string
}

func (p problem) String() string {
	switch {
	case p.Line == 0:
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	case p.Column == "":
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Column, p.Msg)
}

// problems collects the input's problems in the order they were found.
type problems struct{ list []problem }

func (ps *problems) add(file string, line int, column, format string, args ...any) {
	ps.list = append(ps.list, problem{File: file, Line: line, Column: column, Msg: fmt.Sprintf(format, args...)})
}

// table is one CSV file: its header and its data rows.
type table struct {
	file string
	cols map[string]int
	rows []*row
	// bad counts the rows that could not be read at all.
	bad int
}

// row is one data row of a table, with the line it started on.
type row struct {
	t      *table
	line   int
	fields []string
	failed bool // a value of the row was refused
	ps     *problems
}

// readTable reads file from fsys. A missing file is no table and, when
// required, a problem; an empty file, a header without a required
// column, or a row of the wrong width is a problem, and every readable
// row is kept.
func readTable(fsys fs.FS, file string, required []string, mandatory bool, ps *problems) *table {
	f, err := fsys.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		if mandatory {
			ps.add(file, 0, "", "missing: the review needs this file")
		}
		return nil
	}
	if err != nil {
		ps.add(file, 0, "", "%v", err)
		return nil
	}
	defer func() { _ = f.Close() }() // read only: closing cannot lose data

	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		ps.add(file, 0, "", "empty file: the first row must be the header")
		return nil
	}
	if err != nil {
		ps.add(file, 1, "", "header: %v", csvErr(err))
		return nil
	}
	t := &table{file: file, cols: map[string]int{}}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := t.cols[name]; dup {
			ps.add(file, 1, name, "appears twice in the header")
		}
		t.cols[name] = i
	}
	missing := false
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			ps.add(file, 1, c, "missing from the header")
			missing = true
		}
	}
	if missing {
		return nil
	}
	for {
		line, _ := r.FieldPos(0)
		fields, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			ps.add(file, pe.StartLine, "", "unreadable row: %v", pe.Err)
			t.bad++
			continue
		}
		if err != nil {
			ps.add(file, line, "", "%v", err)
			t.bad++
			break
		}
		line, _ = r.FieldPos(0)
		if blank(fields) {
			continue
		}
		if len(fields) != len(header) {
			ps.add(file, line, "", "row has %d fields, the header %d", len(fields), len(header))
			t.bad++
			continue
		}
		t.rows = append(t.rows, &row{t: t, line: line, fields: fields, ps: ps})
	}
	return t
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// fail records a problem with column of the row and marks the row.
func (r *row) fail(column, format string, args ...any) {
	r.failed = true
	r.ps.add(r.t.file, r.line, column, format, args...)
}

// str returns the trimmed value of column; "" when the file has no such
// column.
func (r *row) str(column string) string {
	i, ok := r.t.cols[column]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// need returns the value of column, or records that it is empty.
func (r *row) need(column string) string {
	v := r.str(column)
	if v == "" {
		r.fail(column, "empty: a value is required")
	}
	return v
}

// list splits a ";"-separated column into its trimmed, non-empty parts.
func (r *row) list(column string) []string {
	var out []string
	for _, v := range strings.Split(r.str(column), ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// date reads a YYYY-MM-DD column; the zero Date when it is empty and
// not required.
func (r *row) date(column string, required bool) lifecycle.Date {
	v := r.str(column)
	if v == "" {
		if required {
			r.fail(column, "empty: a date (YYYY-MM-DD) is required")
		}
		return lifecycle.Date{}
	}
	d, err := lifecycle.ParseDate(v)
	if err != nil {
		r.fail(column, "%q is not a date (YYYY-MM-DD)", v)
	}
	return d
}

// period reads a YYYY-MM column.
func (r *row) period(column string, required bool) lifecycle.Period {
	v := r.str(column)
	if v == "" {
		if required {
			r.fail(column, "empty: a month (YYYY-MM) is required")
		}
		return lifecycle.Period{}
	}
	p, err := lifecycle.ParsePeriod(v)
	if err != nil {
		r.fail(column, "%q is not a month (YYYY-MM)", v)
	}
	return p
}

// number reads a decimal column; ok is false when it is empty or bad.
func (r *row) number(column string, required bool) (decimal.Decimal, bool) {
	v := r.str(column)
	if v == "" {
		if required {
			r.fail(column, "empty: a number is required")
		}
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(v)
	if err != nil || strings.ContainsAny(v, "eE") {
		r.fail(column, "%q is not a plain decimal number", v)
		return decimal.Zero, false
	}
	return d, true
}

// currency reads an ISO 4217 column.
func (r *row) currency(column string) lifecycle.Currency {
	v := r.need(column)
	if v == "" {
		return ""
	}
	c, err := lifecycle.ParseCurrency(v)
	if err != nil {
		r.fail(column, "%q is not an ISO 4217 currency code", v)
	}
	return c
}

// money reads an amount column in currency c.
func (r *row) money(column string, c lifecycle.Currency, required bool) lifecycle.Money {
	d, ok := r.number(column, required)
	if !ok || c == "" {
		return lifecycle.Money{}
	}
	m, err := lifecycle.NewMoney(d, c)
	if err != nil {
		r.fail(column, "%v", err)
	}
	return m
}

// text reads a column into a value that decodes its own text form
// (stages, cadences, tier kinds...), lowercased.
func (r *row) text(column string, into interface{ UnmarshalText([]byte) error }, required bool) bool {
	v := strings.ToLower(r.str(column))
	if v == "" {
		if required {
			r.fail(column, "empty: a value is required")
		}
		return false
	}
	if err := into.UnmarshalText([]byte(v)); err != nil {
		r.fail(column, "%q: %v", v, err)
		return false
	}
	return true
}

// where names the row for messages about it as a whole.
func (r *row) where() string { return fmt.Sprintf("%s:%d", r.t.file, r.line) }
