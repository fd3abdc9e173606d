package affiliates

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/mediawiki"
)

// Source says where to read the affiliate lists: Meta-Wiki's pages through
// a MediaWiki client, Wikidata through a SPARQL client. Either may be nil
// (not read), not both.
type Source struct {
	Wiki   *mediawiki.Client
	Pages  []Page // MetaPages when empty
	SPARQL *sparql.Client
}

// Lists is what Read found.
type Lists struct {
	Affiliates []wikicities.Affiliate
	Rejected   []Rejected
	Provenance string
}

// Read reads every list page and the query, and merges them. A missing
// page, an unreadable table, a failed query or an empty answer is an error:
// an import of half the lists would mark the other half as gone.
func (s Source) Read(ctx context.Context) (*Lists, error) {
	if s.Wiki == nil && s.SPARQL == nil {
		return nil, errors.New("affiliates: neither a wiki nor a query service to read from")
	}
	out := &Lists{}
	var meta, wd []wikicities.Affiliate
	revs := map[string]int64{}
	if s.Wiki != nil {
		pages := s.Pages
		if len(pages) == 0 {
			pages = MetaPages
		}
		for _, p := range pages {
			rev, err := s.Wiki.Page(ctx, p.Title)
			if err != nil {
				return nil, fmt.Errorf("affiliates: %s: %w", p.Title, err)
			}
			if rev.Missing {
				return nil, fmt.Errorf("affiliates: page %q does not exist: %w", p.Title, wikicities.ErrNotFound)
			}
			affs, rej, err := ParseMeta(rev.Text, p, rev.RevID)
			if err != nil {
				return nil, fmt.Errorf("affiliates: %w", err)
			}
			if len(affs) == 0 {
				return nil, fmt.Errorf("affiliates: page %q (revision %d) has no list table (a header row with a Name column)", p.Title, rev.RevID)
			}
			revs[rev.Title] = rev.RevID
			meta = append(meta, affs...)
			out.Rejected = append(out.Rejected, rej...)
		}
	}
	if s.SPARQL != nil {
		var rej []Rejected
		err := s.SPARQL.Run(ctx, Query, func(r io.Reader) error {
			var err error
			wd, rej, err = ReadWikidata(r, "wikidata")
			if err != nil {
				return err
			}
			if len(wd) == 0 {
				return sparql.Permanent(fmt.Errorf("%w: the query service returned no affiliate; refusing to import an empty result", sparql.ErrMalformed))
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("affiliates: %w", err)
		}
		out.Rejected = append(out.Rejected, rej...)
	}
	out.Affiliates = Merge(meta, wd)
	out.Provenance = Provenance(revs, s.SPARQL != nil)
	return out, nil
}
