package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
)

// csvBOM reads the optional ?bom= of a download: true (or 1) starts a CSV
// file with a UTF-8 byte-order mark (csvsafe.BOM), so that Excel on Windows
// shows its names as written rather than as mojibake. isCSV says whether
// the download is a CSV file: only a CSV file takes one. Returns ErrInvalid
// naming bom for a value that is not a boolean, or a BOM asked of another
// format.
func csvBOM(r *http.Request, isCSV bool) (bool, error) {
	bom, err := queryBool(r, "bom")
	if err != nil {
		return false, err
	}
	if bom && !isCSV {
		return false, wikicities.Invalidf("bom", "only a CSV file starts with a byte-order mark")
	}
	return bom, nil
}
