package http_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	wchttp "github.com/wikicities/wikicities/http"
)

// documented is the API's OpenAPI document and a router over it, loaded
// once for every test that checks answers against it.
var documented = sync.OnceValues(func() (routers.Router, error) {
	b, err := wchttp.OpenAPI()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, err
	}
	// The document's server is "/": the router matches any host.
	doc.Servers = nil
	return gorillamux.NewRouter(doc)
})

// checkDocumented fails t when an /api/ answer disagrees with the OpenAPI
// document: a status the operation does not list, or a JSON body that does
// not fit the schema documented for it. The API tests call it for every
// answer they get, so the document cannot drift from what the code does.
func checkDocumented(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return
	}
	router, err := documented()
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	// The router matches the path only; the request itself may have been
	// sent to the test server's address.
	probe := req.Clone(context.Background())
	probe.Body = http.NoBody
	route, params, err := router.FindRoute(probe)
	if err != nil && status == http.StatusNotFound {
		return // an address the API does not have, answered as such
	}
	if err != nil {
		t.Errorf("%s %s: not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route},
		Status:                 status,
		Header:                 header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s answered %d, which the OpenAPI document does not describe:\n%v\nbody: %.400s", req.Method, req.URL.Path, status, err, body)
	}
}
