package matchmaking

import (
	"context"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/match"
)

// Observe makes x the Suggestions of svc and wraps the services whose
// writes change the directory (communities, institutions, partner requests,
// partnerships) so that each successful write reaches the index at once.
// Call it once, before svc is used.
func (x *Index) Observe(svc *wikicities.Services) {
	svc.Suggestions = x
	svc.Communities = communities{svc.Communities, x}
	svc.Institutions = institutions{svc.Institutions, x}
	svc.Requests = requests{svc.Requests, x}
	svc.Partnerships = partnerships{svc.Partnerships, x}
}

type communities struct {
	wikicities.CommunityService
	x *Index
}

func (s communities) CreateCommunity(ctx context.Context, c *wikicities.Community) error {
	err := s.CommunityService.CreateCommunity(ctx, c)
	if err == nil {
		s.x.update(func(m *match.Matcher) { m.PutCommunity(c) })
	}
	return err
}

func (s communities) UpdateCommunity(ctx context.Context, c *wikicities.Community) error {
	err := s.CommunityService.UpdateCommunity(ctx, c)
	if err == nil {
		s.x.update(func(m *match.Matcher) { m.PutCommunity(c) })
	}
	return err
}

func (s communities) DeleteCommunity(ctx context.Context, id, version int64) error {
	err := s.CommunityService.DeleteCommunity(ctx, id, version)
	if err == nil {
		s.x.Invalidate() // its requests and answers went with it
	}
	return err
}

type institutions struct {
	wikicities.InstitutionService
	x *Index
}

func (s institutions) CreateInstitution(ctx context.Context, i *wikicities.Institution) error {
	err := s.InstitutionService.CreateInstitution(ctx, i)
	if err == nil {
		s.x.update(func(m *match.Matcher) { m.PutInstitution(i) })
	}
	return err
}

func (s institutions) UpdateInstitution(ctx context.Context, i *wikicities.Institution) error {
	err := s.InstitutionService.UpdateInstitution(ctx, i)
	if err == nil {
		s.x.update(func(m *match.Matcher) { m.PutInstitution(i) })
	}
	return err
}

func (s institutions) DeleteInstitution(ctx context.Context, id, version int64) error {
	err := s.InstitutionService.DeleteInstitution(ctx, id, version)
	if err == nil {
		s.x.Invalidate() // its requests and answers went with it
	}
	return err
}

type requests struct {
	wikicities.RequestService
	x *Index
}

func (s requests) CreateRequest(ctx context.Context, r *wikicities.PartnerRequest) error {
	err := s.RequestService.CreateRequest(ctx, r)
	if err == nil {
		s.x.update(func(m *match.Matcher) { m.PutRequest(r) })
	}
	return err
}

func (s requests) DeleteRequest(ctx context.Context, id int64) error {
	err := s.RequestService.DeleteRequest(ctx, id)
	if err == nil {
		s.x.update(func(m *match.Matcher) { m.RemoveRequest(id) })
	}
	return err
}

type partnerships struct {
	wikicities.PartnershipService
	x *Index
}

// Propose excludes the new partners from each other's suggestions.
func (s partnerships) Propose(ctx context.Context, p *wikicities.Partnership, note string) error {
	err := s.PartnershipService.Propose(ctx, p, note)
	if err == nil {
		s.x.update(func(m *match.Matcher) { m.Exclude(wikicities.PartyPair{A: p.A.Ref(), B: p.B.Ref()}) })
	}
	return err
}

// Transition keeps live partners apart; partners of a partnership that was
// declined, withdrawn or ended may be suggested to each other again.
func (s partnerships) Transition(ctx context.Context, id int64, action wikicities.Action, version int64, note string) (*wikicities.Partnership, error) {
	p, err := s.PartnershipService.Transition(ctx, id, action, version, note)
	if err == nil {
		s.afterChange(p)
	}
	return p, err
}

func (s partnerships) afterChange(p *wikicities.Partnership) {
	if p.State.Live() {
		s.x.update(func(m *match.Matcher) { m.Exclude(wikicities.PartyPair{A: p.A.Ref(), B: p.B.Ref()}) })
	} else {
		s.x.Invalidate()
	}
}
