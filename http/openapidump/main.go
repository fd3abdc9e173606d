// Command openapidump writes the assembled OpenAPI document of the API
// (the fragments under http/openapi, as GET /api/v1/openapi.json serves it)
// to the file named by its one argument, or to standard output without one.
// `make api-lint` lints what it writes with Spectral.
package main

import (
	"fmt"
	"os"

	wchttp "github.com/wikicities/wikicities/http"
)

func main() {
	doc, err := wchttp.OpenAPI()
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapidump:", err)
		os.Exit(1)
	}
	if len(os.Args) > 1 {
		err = os.WriteFile(os.Args[1], doc, 0o644)
	} else {
		_, err = os.Stdout.Write(doc)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapidump:", err)
		os.Exit(1)
	}
}
