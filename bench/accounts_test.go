package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// BenchmarkAuthentication measures what resolving the actor costs each
// request: the same read (GET /api/v1/cities?limit=1) anonymously (the
// baseline), with a session cookie and with a bearer token, in process, on
// SQLite and PostgreSQL. It prints the ratios to the baseline. The request
// count per variant is fixed (not b.N) so that `make bench` (-benchtime 1x)
// gives stable figures.
func BenchmarkAuthentication(b *testing.B) {
	const requests = 2000
	for _, d := range storetest.Dialects(b) {
		db := storetest.MustOpen(b, d)
		s := newServer(db, twins.New(nil, nil))
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		u, err := db.Accounts().CreateUser(ctx, &wikicities.User{Username: "Bench"})
		if err != nil {
			b.Fatal(err)
		}
		sess, _, _ := db.Accounts().CreateSession(ctx, u.ID, time.Hour)
		tok, _, _ := db.Accounts().CreateToken(ctx, u.ID, "bench", wikicities.ScopeRead, time.Time{})
		h := s.Handler()
		variants := []struct {
			name   string
			header func(*http.Request)
		}{
			{"anonymous (baseline)", func(*http.Request) {}},
			{"session cookie", func(r *http.Request) { r.Header.Set("Cookie", "wikicities_session="+sess) }},
			{"bearer token", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }},
		}
		per := make([]time.Duration, len(variants))
		for i, v := range variants {
			start := time.Now()
			for n := 0; n < requests; n++ {
				r := httptest.NewRequest("GET", "/api/v1/cities?limit=1", nil)
				v.header(r)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != 200 {
					b.Fatalf("%s: status %d %s", v.name, w.Code, w.Body)
				}
			}
			per[i] = time.Since(start) / requests
		}
		tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintf(tw, "\nauthentication cost per request, %s, %d requests each\nvariant\tµs/request\tx baseline\n", d, requests)
		for i, v := range variants {
			fmt.Fprintf(tw, "%s\t%.1f\t%.2f\n", v.name, float64(per[i].Nanoseconds())/1e3, float64(per[i])/float64(per[0]))
		}
		tw.Flush()
		b.ReportMetric(float64(per[1])/float64(per[0]), string(d)+"-session/anonymous")
		b.ReportMetric(float64(per[2])/float64(per[0]), string(d)+"-token/anonymous")
	}
}

// BenchmarkPasswordHash is the cost of one sign-in's Argon2id check with the
// default parameters (the baseline being the 30-50 ms OWASP aims at).
func BenchmarkPasswordHash(b *testing.B) {
	const rounds = 5
	h, err := password.Hash("correct horse battery staple", password.Default)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for i := 0; i < rounds; i++ {
		if err := password.Verify("correct horse battery staple", h); err != nil {
			b.Fatal(err)
		}
	}
	ms := float64(time.Since(start).Microseconds()) / 1e3 / rounds
	fmt.Printf("\nArgon2id verify (m=%d KiB, t=%d, p=%d): %.1f ms\n", password.Default.Memory, password.Default.Time, password.Default.Threads, ms)
	b.ReportMetric(ms, "ms/verify")
}
