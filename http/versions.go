package http

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
)

// Versioned records (communities, institutions, partnerships and their
// responsibilities and activities, accounts) are served with their version
// as a strong ETag, "3". An update names the version it was based on in
// If-Match (some record types also take a version field in the body): none
// at all is 428 Precondition Required (RFC 6585), a stale one 412
// Precondition Failed, a malformed one 422 naming the header.

// ErrPreconditionRequired is returned when an update names no version: no
// If-Match header (nor, where the body has one, a version field).
var ErrPreconditionRequired = errors.New(`precondition required: send If-Match: "<version>" (the ETag of the record you read), so that concurrent edits are detected`)

// ErrPreconditionFailed is returned when an update names a stale version.
var ErrPreconditionFailed = errors.New("precondition failed: the record was changed by someone else; reload and try again")

// versionETag is the ETag of a record at version.
func versionETag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

// setETag sets the ETag of a versioned record.
func setETag(w http.ResponseWriter, version int64) {
	w.Header().Set("ETag", versionETag(version))
}

// writeVersionedJSON writes v with its version as ETag.
func writeVersionedJSON(w http.ResponseWriter, code int, version int64, v any) {
	setETag(w, version)
	writeJSON(w, code, v)
}

// ifMatch reads the If-Match header: one ETag of this API, "<version>".
// ok is false when the header is absent. A weak ETag (W/"3") never matches:
// If-Match compares strongly (RFC 9110, 13.1.1), so it is
// ErrPreconditionFailed. Returns ErrInvalid naming If-Match for anything
// else (unquoted, *, a list).
func ifMatch(r *http.Request) (version int64, ok bool, err error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return 0, false, nil
	}
	if strings.HasPrefix(h, "W/") {
		return 0, false, fmt.Errorf(`%w: If-Match %s is a weak ETag, which never matches; send the strong ETag of the record ("3")`, ErrPreconditionFailed, h)
	}
	tag := h
	if len(tag) < 2 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return 0, false, wikicities.Invalidf("If-Match", `%q is not an ETag of this API (a version in quotes, such as "3")`, h)
	}
	v, err := strconv.ParseInt(tag[1:len(tag)-1], 10, 64)
	if err != nil || v <= 0 {
		return 0, false, wikicities.Invalidf("If-Match", `%q is not an ETag of this API (a version in quotes, such as "3")`, h)
	}
	return v, true, nil
}

// requireVersion decides the version an update is made against: If-Match
// when sent (it must agree with body, the version field of the request body,
// when that is set), else body. body is 0 where the request has no version
// field. Returns ErrPreconditionRequired when neither names a version,
// ErrInvalid for a malformed If-Match or a disagreement.
func requireVersion(r *http.Request, body int64) (int64, error) {
	v, ok, err := ifMatch(r)
	switch {
	case err != nil:
		return 0, err
	case !ok && body <= 0:
		return 0, ErrPreconditionRequired
	case !ok:
		return body, nil
	case body > 0 && body != v:
		return 0, wikicities.Invalidf("version", "%d disagrees with If-Match %d", body, v)
	}
	return v, nil
}

// sameRecord checks the id a PUT's body gives for its record (field: "id",
// or "community_id" for a Wiki Club) against the id of the address: a body
// read from one record and sent to another's address (a loop of a script
// gone wrong) would otherwise write over the other record whenever their
// versions happen to agree. Zero (left out) is fine. Other read-only
// fields (created_at, updated_at, counts) are ignored, so that a record
// read, changed and sent back is accepted.
func sameRecord(field string, body, path int64) error {
	if body != 0 && body != path {
		return wikicities.Invalidf(field, "%d is not the record of the address (%d): leave it out, or send the record to its own address", body, path)
	}
	return nil
}

// missingVersion is the version a write is attempted at when the request
// names none: no record has it, so the store answers every check that comes
// first (not found, forbidden, invalid) and then reports a stale version,
// which versionError turns into ErrPreconditionRequired. So a member who may
// not edit a record hears 403, not 428.
const missingVersion int64 = -1

// versionOrMissing is requireVersion with missingVersion instead of
// ErrPreconditionRequired when the request names no version.
func versionOrMissing(r *http.Request, body int64) (int64, error) {
	v, err := requireVersion(r, body)
	if errors.Is(err, ErrPreconditionRequired) {
		return missingVersion, nil
	}
	return v, err
}

// versionError is the error of a write attempted at version: a stale
// report of a write made at missingVersion is ErrPreconditionRequired; any
// other stale report stays the store's *wikicities.StaleError, which the
// error table answers with 412.
func versionError(err error, version int64) error {
	if version == missingVersion && errors.Is(err, wikicities.ErrStale) {
		return ErrPreconditionRequired
	}
	return err
}

// versionedWrite reads what an update or delete of a versioned record needs,
// in the order it is checked: write access, the ids of the named path
// wildcards, the If-Match version (missingVersion when absent: pass the
// store's error through versionError). It writes the error (401/403, 412,
// 422) and returns ok false on the first that fails.
func (s *Server) versionedWrite(w http.ResponseWriter, r *http.Request, names ...string) (ids []int64, version int64, ok bool) {
	if ids, ok = s.writeIDs(w, r, names...); !ok {
		return nil, 0, false
	}
	version, err := versionOrMissing(r, 0)
	if err != nil {
		s.writeError(w, r, err)
		return nil, 0, false
	}
	return ids, version, true
}
