package bench

import (
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// newServer wires a server over db and g as serve does: the store's
// services, the matchmaking index observing their writes, and the
// production password hashing.
func newServer(db *store.DB, g *twins.Graph) *wchttp.Server {
	svc := db.Services()
	svc.Passwords = password.Default
	matchmaking.New(db, g, svc.Clock, match.DefaultWeights()).Observe(&svc)
	return wchttp.NewServer(svc, g)
}
