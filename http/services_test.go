package http_test

import (
	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// services wires db as serve does: the store's services, the matchmaking
// index over db and g observing their writes, and fast password hashing.
func services(db *store.DB, g *twins.Graph) wikicities.Services {
	svc := db.Services()
	svc.Passwords = fastHash
	matchmaking.New(db, g, svc.Clock, match.DefaultWeights()).Observe(&svc)
	return svc
}

// newServer returns a server over db and g wired by services.
func newServer(db *store.DB, g *twins.Graph) *wchttp.Server {
	return wchttp.NewServer(services(db, g), g)
}
