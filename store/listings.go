package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/groupmatch"
	"github.com/wikicities/wikicities/resolve"
)

// fillListings sets the Listing of each listed community among byID; in is
// their ids as an IN list.
func (t *Tx) fillListings(ctx context.Context, in string, byID map[int64]*wikicities.Community) error {
	// A listed entry is claimed once someone coordinates it.
	rows, err := t.Query(ctx, `SELECT community_id, qid, sources, provenance, imported_at, inception, dissolved,
		CASE WHEN claimed <> 0 OR EXISTS (SELECT 1 FROM coordinators k WHERE k.party_kind = 'community' AND k.party_id = community_id) THEN 1 ELSE 0 END
		FROM community_listings WHERE community_id IN (`+in+`)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		var l wikicities.Listing
		var sources string
		var claimed int
		if err := rows.Scan(&id, &l.QID, &sources, &l.Provenance, &at, &l.Inception, &l.Dissolved, &claimed); err != nil {
			return mapErr(err)
		}
		l.Sources = strings.Split(sources, ",")
		l.ImportedAt, l.Claimed = unixTime(at), claimed != 0
		if c := byID[id]; c != nil {
			c.Listing = &l
		}
	}
	return mapErr(rows.Err())
}

// AffiliateImport says how to apply affiliates read from the movement's lists.
type AffiliateImport struct {
	// Provenance names what was read: page revisions and the query.
	Provenance string
	// Apply confirms the probable matches: such an affiliate is taken to be
	// the community it probably is. Without it, probable matches are only
	// listed and the affiliate is neither added nor merged.
	Apply bool
	// DryRun computes the report and rolls everything back.
	DryRun bool
}

// AffiliateReport is what an affiliates import did (or, in a dry run,
// would do).
type AffiliateReport struct {
	Provenance string                       `json:"provenance"`
	Read       int                          `json:"read"`
	Added      int                          `json:"added"`
	Updated    int                          `json:"updated"`
	Dissolved  int                          `json:"dissolved"`
	Unchanged  int                          `json:"unchanged"`
	Matched    int                          `json:"matched"`
	Probable   int                          `json:"probable"`
	Skipped    int                          `json:"skipped"`
	Changes    []wikicities.AffiliateChange `json:"changes"`
	DryRun     bool                         `json:"dry_run,omitempty"`
}

func (r *AffiliateReport) add(c wikicities.AffiliateChange) { r.Changes = append(r.Changes, c) }

// WriteText prints the report for people, one change a line.
func (r *AffiliateReport) WriteText(w io.Writer) {
	verb := "imported"
	if r.DryRun {
		verb = "would import (dry run, nothing changed)"
	}
	fmt.Fprintf(w, "affiliates %s: %d read, %d added, %d updated, %d dissolved, %d unchanged, %d matched to the directory, %d probable matches to confirm, %d skipped\n",
		verb, r.Read, r.Added, r.Updated, r.Dissolved, r.Unchanged, r.Matched, r.Probable, r.Skipped)
	for _, c := range r.Changes {
		if c.Action == "unchanged" {
			continue
		}
		line := fmt.Sprintf("  %s: %s", c.Action, c.Name)
		if c.Community != 0 {
			line += fmt.Sprintf(" (community %d)", c.Community)
		}
		if len(c.Fields) > 0 {
			line += " [" + strings.Join(c.Fields, ", ") + "]"
		}
		if c.Detail != "" {
			line += ": " + c.Detail
		}
		fmt.Fprintln(w, line)
	}
}

// imported are the fields of a listed community as an import last wrote
// them; a field whose stored value differs was edited by a coordinator.
type imported struct {
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	CityID   int64  `json:"city_id"`
	Country  string `json:"country"`
	Website  string `json:"website"`
	MetaPage string `json:"meta_page"`
	Status   string `json:"status"`
}

func importedOf(c *wikicities.Community) imported {
	return imported{c.Name, string(c.Kind), c.CityID, c.Country, c.Website, c.MetaPage, string(c.Status)}
}

// ImportAffiliates writes the affiliates into the directory as listed
// communities, in one transaction. An affiliate already listed (same
// Wikidata item or Meta page) is updated field by field, except the fields
// a coordinator changed since the last import; one that matches a community
// of the directory exactly or after normalisation is that community (not
// touched); a probable match is reported and, without opts.Apply, skipped.
// Each affiliate is placed in its headquarters' city when the graph knows
// it, at country level otherwise. Only the system actor may run it.
func (d *DB) ImportAffiliates(ctx context.Context, affs []wikicities.Affiliate, opts AffiliateImport) (*AffiliateReport, error) {
	if !wikicities.ActorFrom(ctx).IsSystem() {
		return nil, fmt.Errorf("import affiliates: %w: only the program itself imports affiliates", wikicities.ErrForbidden)
	}
	rep := &AffiliateReport{Provenance: opts.Provenance, Read: len(affs), DryRun: opts.DryRun, Changes: []wikicities.AffiliateChange{}}
	err := d.Update(ctx, func(tx *Tx) error {
		im, err := newAffiliateImporter(ctx, tx, opts, rep)
		if err != nil {
			return err
		}
		for i := range affs {
			if err := im.apply(ctx, &affs[i]); err != nil {
				return fmt.Errorf("affiliate %q (%s): %w", affs[i].Name, affs[i].Place, err)
			}
		}
		if err := tx.Audit(ctx, "import", 0, "affiliates", nil, map[string]any{"provenance": opts.Provenance,
			"added": rep.Added, "updated": rep.Updated, "dissolved": rep.Dissolved}); err != nil {
			return err
		}
		if opts.DryRun {
			return errAffiliatesDryRun
		}
		return nil
	})
	if err != nil && err != errAffiliatesDryRun {
		return nil, err
	}
	return rep, nil
}

type affiliateImporter struct {
	tx     *Tx
	opts   AffiliateImport
	rep    *AffiliateReport
	comms  map[int64]*wikicities.Community
	last   map[int64]imported
	index  *groupmatch.Index
	places *placeIndex
	seen   map[int64]bool
	now    int64
}

func newAffiliateImporter(ctx context.Context, tx *Tx, opts AffiliateImport, rep *AffiliateReport) (*affiliateImporter, error) {
	all, err := tx.queryCommunities(ctx, `SELECT `+communityColumns+` FROM communities ORDER BY id`)
	if err != nil {
		return nil, err
	}
	im := &affiliateImporter{tx: tx, opts: opts, rep: rep, comms: map[int64]*wikicities.Community{}, last: map[int64]imported{},
		seen: map[int64]bool{}, now: tx.db.Now().Unix()}
	groups := make([]groupmatch.Group, 0, len(all))
	for _, c := range all {
		im.comms[c.ID] = c
		g := groupmatch.Group{ID: c.ID, Name: c.Name, MetaPage: c.MetaPage}
		if c.Listing != nil {
			g.QID = c.Listing.QID
		}
		groups = append(groups, g)
	}
	im.index = groupmatch.New(groups)
	rows, err := tx.Query(ctx, `SELECT community_id, imported_json FROM community_listings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var js string
		if err := rows.Scan(&id, &js); err != nil {
			return nil, mapErr(err)
		}
		var v imported
		if err := json.Unmarshal([]byte(js), &v); err != nil {
			return nil, fmt.Errorf("community %d: stored import record: %w", id, err)
		}
		im.last[id] = v
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(err)
	}
	im.places, err = newPlaceIndex(ctx, tx)
	return im, err
}

// apply writes one affiliate.
func (im *affiliateImporter) apply(ctx context.Context, a *wikicities.Affiliate) error {
	want := &wikicities.Community{Kind: a.Kind, Name: strings.TrimSpace(a.Name), MetaPage: a.MetaPage, Website: a.Website,
		Status: wikicities.StatusActive, Languages: []string{}, Projects: []string{}, SkillsOffered: []string{}, SkillsWanted: []string{}}
	if a.Dissolved != "" {
		want.Status = wikicities.StatusClosed
	}
	var note string
	want.CityID, want.Country, note = im.places.place(a)
	if want.CityID == 0 && want.Country == "" {
		im.rep.Skipped++
		im.rep.add(wikicities.AffiliateChange{Action: "skipped", Name: a.Name, Detail: a.Place + ": neither a city nor a country is known"})
		return nil
	}
	m := im.index.Find(groupmatch.Group{Name: want.Name, MetaPage: a.MetaPage, QID: a.QID})
	c := im.comms[m.Group.ID]
	switch {
	case m.Level == groupmatch.None:
		return im.add(ctx, a, want, note)
	case im.seen[m.Group.ID]:
		im.rep.Skipped++
		im.rep.add(wikicities.AffiliateChange{Action: "skipped", Community: c.ID, Name: a.Name,
			Detail: fmt.Sprintf("%s: %s matches community %q, which an earlier entry of the lists already matched", a.Place, m.Level, c.Name)})
		return nil
	case m.Level == groupmatch.Probable && !im.opts.Apply:
		im.rep.Probable++
		im.rep.add(wikicities.AffiliateChange{Action: "probable", Community: c.ID, Name: a.Name,
			Detail: fmt.Sprintf("%s: may be community %q (%s); run again with --apply to take it as that community", a.Place, c.Name, m.Reason)})
		return nil
	}
	im.seen[c.ID] = true
	if c.Listing == nil {
		im.rep.Matched++
		im.rep.add(wikicities.AffiliateChange{Action: "matched", Community: c.ID, Name: a.Name,
			Detail: fmt.Sprintf("%s match (%s): a coordinator keeps it, the import does not change it", m.Level, m.Reason)})
		return nil
	}
	return im.update(ctx, a, c, want)
}

func (im *affiliateImporter) listing(a *wikicities.Affiliate) *wikicities.Listing {
	return &wikicities.Listing{QID: a.QID, Sources: a.Sources, Provenance: im.opts.Provenance, ImportedAt: unixTime(im.now),
		Inception: a.Inception, Dissolved: a.Dissolved}
}

func (im *affiliateImporter) add(ctx context.Context, a *wikicities.Affiliate, want *wikicities.Community, note string) error {
	want.Listing = im.listing(a)
	if err := im.tx.CreateCommunity(ctx, want); err != nil {
		return err
	}
	if err := im.writeListing(ctx, want, true); err != nil {
		return err
	}
	im.seen[want.ID] = true
	im.rep.Added++
	detail := a.Place
	if note != "" {
		detail += "; " + note
	}
	im.rep.add(wikicities.AffiliateChange{Action: "added", Community: want.ID, Name: want.Name, Detail: detail})
	return nil
}

// update brings a listed community up to date, field by field, keeping
// what a coordinator changed since the last import.
func (im *affiliateImporter) update(ctx context.Context, a *wikicities.Affiliate, c, want *wikicities.Community) error {
	last, next := im.last[c.ID], importedOf(want)
	cur := importedOf(c)
	var changed, kept []string
	set := func(field string, curV, lastV, newV any, write func()) {
		switch {
		case curV == newV:
		case curV != lastV:
			kept = append(kept, field)
		default:
			changed = append(changed, field)
			write()
		}
	}
	before := *c
	set("name", cur.Name, last.Name, next.Name, func() { c.Name = want.Name })
	set("kind", cur.Kind, last.Kind, next.Kind, func() { c.Kind = want.Kind })
	set("city", cur.CityID, last.CityID, next.CityID, func() { c.CityID = want.CityID })
	set("country", cur.Country, last.Country, next.Country, func() { c.Country = want.Country })
	set("website", cur.Website, last.Website, next.Website, func() { c.Website = want.Website })
	set("meta_page", cur.MetaPage, last.MetaPage, next.MetaPage, func() { c.MetaPage = want.MetaPage })
	set("status", cur.Status, last.Status, next.Status, func() { c.Status = want.Status })
	dissolved := slices.Contains(changed, "status") && c.Status == wikicities.StatusClosed
	c.Listing = im.listing(a)
	c.Listing.Claimed = before.Listing.Claimed
	if len(changed) > 0 {
		if err := c.Validate(); err != nil {
			return err
		}
		_, err := im.tx.Exec(ctx, `UPDATE communities SET kind = ?, name = ?, name_key = ?, city_id = ?, country = ?, meta_page = ?, website = ?,
			status = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			string(c.Kind), c.Name, wikicities.NameKey(c.Name), nullCity(c.CityID), c.Country, c.MetaPage, c.Website,
			string(c.Status), im.now, c.ID)
		if err != nil {
			return err
		}
		c.Version++
		if err := im.tx.Audit(ctx, "community", c.ID, "import", &before, c); err != nil {
			return err
		}
	}
	if err := im.writeListing(ctx, &wikicities.Community{ID: c.ID, Listing: c.Listing, Name: want.Name, Kind: want.Kind,
		CityID: want.CityID, Country: want.Country, Website: want.Website, MetaPage: want.MetaPage, Status: want.Status}, false); err != nil {
		return err
	}
	switch {
	case dissolved:
		im.rep.Dissolved++
		im.rep.add(wikicities.AffiliateChange{Action: "dissolved", Community: c.ID, Name: c.Name, Fields: changed, Detail: "dissolved " + a.Dissolved})
	case len(changed) > 0:
		im.rep.Updated++
		im.rep.add(wikicities.AffiliateChange{Action: "updated", Community: c.ID, Name: c.Name, Fields: changed})
	default:
		im.rep.Unchanged++
		im.rep.add(wikicities.AffiliateChange{Action: "unchanged", Community: c.ID, Name: c.Name})
	}
	if len(kept) > 0 {
		im.rep.add(wikicities.AffiliateChange{Action: "kept", Community: c.ID, Name: c.Name, Fields: kept,
			Detail: "a coordinator edited these fields; the lists say otherwise"})
	}
	return nil
}

// writeListing records where c comes from and the values imported (those
// of c, which for an update are the lists' values, not the stored ones).
func (im *affiliateImporter) writeListing(ctx context.Context, c *wikicities.Community, create bool) error {
	js, err := json.Marshal(importedOf(c))
	if err != nil {
		return err
	}
	l := c.Listing
	if create {
		_, err = im.tx.Exec(ctx, `INSERT INTO community_listings (community_id, qid, sources, provenance, imported_at, inception, dissolved, claimed, imported_json)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`, c.ID, l.QID, strings.Join(l.Sources, ","), l.Provenance, im.now, l.Inception, l.Dissolved, string(js))
		return err
	}
	_, err = im.tx.Exec(ctx, `UPDATE community_listings SET qid = ?, sources = ?, provenance = ?, imported_at = ?, inception = ?, dissolved = ?, imported_json = ?
		WHERE community_id = ?`, l.QID, strings.Join(l.Sources, ","), l.Provenance, im.now, l.Inception, l.Dissolved, string(js), c.ID)
	return err
}

// errAffiliatesDryRun rolls a dry run of ImportAffiliates back.
var errAffiliatesDryRun = errors.New("dry run")

// nullCity stores city 0 (a community known by its country only) as NULL.
func nullCity(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// placeIndex finds the city of an affiliate's headquarters among the
// stored cities through the one city resolver (resolve.Index.Find): by
// Wikidata item, by a label seen before, or by name in a compatible country
// when exactly one city fits. It never creates a city: an affiliate whose
// city the graph lacks sits at country level.
type placeIndex struct{ x *resolve.Index }

func newPlaceIndex(ctx context.Context, tx *Tx) (*placeIndex, error) {
	cities, err := tx.AllCities(ctx)
	if err != nil {
		return nil, err
	}
	labels, err := tx.AllLabels(ctx)
	if err != nil {
		return nil, err
	}
	return &placeIndex{resolve.New(cities, labels, 0)}, nil
}

// place returns the city of a (0 when unknown), the country to keep when
// the city is unknown, and a note on how it was placed.
func (p *placeIndex) place(a *wikicities.Affiliate) (int64, string, string) {
	if a.CityQID != "" || a.City != "" {
		id, err := p.x.Find(resolve.Side{QID: a.CityQID, Name: a.City, Country: a.Country})
		if err == nil {
			return id, "", ""
		}
		if a.Country != "" && a.City != "" {
			why := "it is not a city of the graph"
			if errors.Is(err, wikicities.ErrAmbiguous) {
				why = "it could be several cities of the graph"
			}
			return 0, a.Country, fmt.Sprintf("placed in %s at country level: its city %q: %s", a.Country, a.City, why)
		}
	}
	if a.Country != "" {
		return 0, a.Country, "placed at country level: no city given"
	}
	return 0, "", ""
}
