// Package csvsafe writes CSV files that are safe to open in a spreadsheet:
// a cell a user wrote that begins with a formula trigger (= + - @, tab or
// carriage return) is prefixed with a single quote, so that Excel, LibreOffice
// and Google Sheets show it as text instead of evaluating it (CSV or
// "formula" injection, OWASP). Quoting of commas, quotes and newlines is left
// to encoding/csv.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// Cell returns s neutralised for a spreadsheet: unchanged unless it begins
// with = + - @ tab or CR, in which case it gains a leading single quote.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// BOM is the UTF-8 byte-order mark. Excel on Windows reads a CSV file as
// UTF-8 only when the file starts with it; without it, names such as
// "Düsseldorf" or "القاهرة" open as mojibake. Other tools (LibreOffice,
// Google Sheets, Python's csv with utf-8-sig) read past it, but plain RFC
// 4180 readers take it for part of the first header, so files for tools go
// without it and a BOM is asked for (?bom=true, --bom).
const BOM = "\uFEFF"

// Writer writes neutralised records to a CSV file.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter returns a Writer to w. Use UseCRLF for RFC 4180 line ends.
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// UseCRLF makes lines end with \r\n.
func (w *Writer) UseCRLF(on bool) { w.w.UseCRLF = on }

// Write writes one record with every cell neutralised. Numbers the program
// itself formats (ids, coordinates, negative numbers) go through WriteRaw.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.w.Write(w.buf)
}

// WriteRaw writes a record whose cells the program produced itself (say, a
// negative longitude) and must be kept exactly. Never pass user text here.
func (w *Writer) WriteRaw(record []string) error { return w.w.Write(record) }

// Flush writes buffered data and returns the first error met while writing.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}
