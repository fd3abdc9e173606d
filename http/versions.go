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

// ifMatch reads the If-Match header: one ETag of this API, "<version>"
// (W/"<version>" is taken too: proxies that compress weaken ETags). ok is
// false when the header is absent. Returns ErrInvalid naming If-Match for
// anything else (unquoted, *, a list).
func ifMatch(r *http.Request) (version int64, ok bool, err error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return 0, false, nil
	}
	tag := strings.TrimPrefix(h, "W/")
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

// preconditionError turns the store's report of a stale version (a
// *wikicities.StaleError) into ErrPreconditionFailed, keeping the store's
// message; other errors are returned as they are.
func preconditionError(err error) error {
	if errors.Is(err, wikicities.ErrStale) {
		return fmt.Errorf("%w (%v)", ErrPreconditionFailed, err)
	}
	return err
}

// versionedWrite reads what an update or delete of a versioned record needs,
// in the order it is checked: write access, the ids of the named path
// wildcards, the If-Match version. It writes the error (401/403, 422, 428)
// and returns ok false on the first that fails.
func (s *Server) versionedWrite(w http.ResponseWriter, r *http.Request, names ...string) (ids []int64, version int64, ok bool) {
	if ids, ok = s.writeIDs(w, r, names...); !ok {
		return nil, 0, false
	}
	version, err := requireVersion(r, 0)
	if err != nil {
		s.writeError(w, r, err)
		return nil, 0, false
	}
	return ids, version, true
}
