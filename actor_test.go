package wikicities_test

import (
	"context"
	"testing"

	"github.com/wikicities/wikicities"
)

// ActorIn is nil for a context without an actor, and every question asked
// of nil answers as of an anonymous reader; with an actor it is that actor.
func TestActorInAnswersAsAnonymousWithoutAnActor(t *testing.T) {
	a := wikicities.ActorIn(context.Background())
	if a != nil || a.SignedIn() || a.IsAdmin() || a.CanWrite() || a.IsSystem() {
		t.Fatalf("no actor: %+v, signed in %v, admin %v", a, a.SignedIn(), a.IsAdmin())
	}
	ada := &wikicities.Actor{UserID: 7, Username: "Ada", Language: "de"}
	if got := wikicities.ActorIn(wikicities.NewContext(context.Background(), ada)); got != ada || !got.SignedIn() {
		t.Fatalf("ActorIn = %+v, want Ada", got)
	}
	if wikicities.ActorFrom(context.Background()) == nil {
		t.Fatal("ActorFrom without an actor is nil, want an anonymous actor")
	}
}
