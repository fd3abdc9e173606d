package wikicities

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"
)

// Unavailable reports whether err means that the database cannot be reached
// for now (refused or dropped connections, a server shutting down or
// starting, too many connections, a writer lock held too long), as opposed
// to a fault of the request or of the program: the caller may try again
// shortly. It matches ErrUnavailable and the drivers' errors by their
// standard interfaces (SQLSTATE codes, network errors), so this package
// keeps no dependency on a driver.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return true
	}
	var coded interface{ SQLState() string }
	if errors.As(err, &coded) {
		state := coded.SQLState()
		// 08: connection exception; 57P01-57P03: shutdown, crash, cannot
		// connect now; 53300: too many connections.
		return strings.HasPrefix(state, "08") || state == "57P01" || state == "57P02" || state == "57P03" || state == "53300"
	}
	var sqliteCode interface{ Code() int }
	if errors.As(err, &sqliteCode) {
		// SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes,
		// after the busy timeout has run out.
		c := sqliteCode.Code() & 0xff
		return c == 5 || c == 6
	}
	msg := err.Error()
	// pgx reports a connection it closed after a failure in words only.
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "failed to connect to")
}
