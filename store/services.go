package store

import (
	"context"
	"errors"
	"time"

	"github.com/wikicities/wikicities"
)

// The store implements these service contracts.
var (
	_ wikicities.CityService        = (*Cities)(nil)
	_ wikicities.CommunityService   = (*Communities)(nil)
	_ wikicities.InstitutionService = (*Institutions)(nil)
	_ wikicities.SkillService       = (*Skills)(nil)
	_ wikicities.RequestService     = (*Requests)(nil)
	_ wikicities.PartnershipService = (*Partnerships)(nil)
	_ wikicities.PageLists          = (*PageLists)(nil)
	_ wikicities.AccountService     = (*Accounts)(nil)
	_ wikicities.AuditService       = (*DB)(nil)
	_ wikicities.DigestService      = (*DB)(nil)
	_ wikicities.ReportService      = (*DB)(nil)
	_ wikicities.HealthChecker      = (*DB)(nil)
	_ wikicities.CapacityService    = (*Capacities)(nil)
	_ wikicities.MentorshipService  = (*Mentorships)(nil)
	_ wikicities.TrainingService    = (*Training)(nil)
	_ wikicities.WikiClubService    = (*Clubs)(nil)
	_ wikicities.RegionService      = (*Regions)(nil)
)

// Services returns every service the store implements, with a clock that
// reads d.Now at each call (so that a test replacing d.Now moves it too).
// Suggestions is left nil: package matchmaking provides it.
func (d *DB) Services() wikicities.Services {
	return wikicities.Services{
		Cities:       d.Cities(),
		CityNames:    d.Cities(),
		Communities:  d.Communities(),
		Institutions: d.Institutions(),
		Skills:       d.Skills(),
		Requests:     d.Requests(),
		Partnerships: d.Partnerships(),
		Claims:       d.Claims(),
		Messages:     d.Messages(),
		Inboxes:      d.Inboxes(),
		Capacities:   d.Capacities(),
		Mentorships:  d.Mentorships(),
		Training:     d.Training(),
		Clubs:        d.Clubs(),
		Regions:      d.Regions(),
		Campaigns:    d.Campaigns(),
		Events:       d.Events(),
		Visits:       d.Visits(),
		PageLists:    d.PageLists(),
		Accounts:     d.Accounts(),
		Audit:        d,
		Digests:      d,
		Reports:      d,
		Health:       d,
		Clock:        wikicities.ClockFunc(func() time.Time { return d.Now() }),

		// Which sources state which twin links (twin data worklist).
		TwinStatements: d,
	}
}

// Ping reports whether the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.db.PingContext(ctx) }

// AllCommunities returns every community; with AllInstitutions,
// OpenRequests, PartnerPairs and DirectoryStamp it is the source of the
// matchmaking index.
func (d *DB) AllCommunities(ctx context.Context) ([]*wikicities.Community, error) {
	return d.Communities().AllCommunities(ctx)
}

// AllInstitutions returns every institution.
func (d *DB) AllInstitutions(ctx context.Context) ([]*wikicities.Institution, error) {
	return d.Institutions().AllInstitutions(ctx)
}

// OpenRequests returns the partner requests that have not expired.
func (d *DB) OpenRequests(ctx context.Context) ([]*wikicities.PartnerRequest, error) {
	return d.Requests().OpenRequests(ctx)
}

// PartnerPairs returns the parties of every live partnership.
func (d *DB) PartnerPairs(ctx context.Context) ([]wikicities.PartnershipParties, error) {
	return d.Partnerships().PartnerPairs(ctx)
}

// CommunityCities returns the ids of the cities where communities that are
// not archived are based, the city with most communities first, then by id.
func (s *Communities) CommunityCities(ctx context.Context) ([]int64, error) {
	rows, err := s.db.Query(ctx,
		`SELECT city_id, COUNT(*) FROM communities WHERE archived = 0 GROUP BY city_id ORDER BY COUNT(*) DESC, city_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// LinkTwins adds l as AddTwinLink does, on behalf of the actor in ctx, and
// records the addition (not an existing pair) in the audit log, in one
// transaction.
func (s *Cities) LinkTwins(ctx context.Context, l *wikicities.TwinLink) (bool, error) {
	var added bool
	err := s.db.Update(ctx, func(tx *Tx) error {
		var err error
		if added, err = tx.AddTwinLink(ctx, l); err != nil || !added {
			return err
		}
		return tx.Audit(ctx, "twin_link", l.A, "create", nil, l)
	})
	return added, err
}

// RecordSignIn audits that account userID signed in, and how. No IP
// address: Wikimedia's privacy policy keeps those from view.
func (a *Accounts) RecordSignIn(ctx context.Context, userID int64, method string) error {
	return a.db.Update(ctx, func(tx *Tx) error {
		return tx.Audit(ctx, "user", userID, "sign-in", nil, map[string]string{"method": method})
	})
}

var (
	_ wikicities.Seeder = (*DB)(nil)
	_ wikicities.SeedTx = (*Tx)(nil)
)

// errNotEmpty stops a seed's transaction when the store is not empty.
var errNotEmpty = errors.New("store: not empty")

// Seed runs fn in one transaction if the store holds no city and no account
// and the setting "<name>.loaded" is not set: it sets it first, runs fn,
// and audits the load (entity name, action "load") with fn's summary. It
// reports whether fn ran.
func (d *DB) Seed(ctx context.Context, name string, fn func(wikicities.SeedTx) (any, error)) (bool, error) {
	key := name + ".loaded"
	ran := false
	err := d.Update(ctx, func(tx *Tx) error {
		var done string
		if err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&done); err == nil {
			return nil // loaded once already
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM cities) + (SELECT COUNT(*) FROM users)`).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n > 0 {
			return errNotEmpty
		}
		// Claim the load first: of two servers starting on one empty
		// PostgreSQL database, the second fails here and loads nothing.
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, key, d.Now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		summary, err := fn(tx)
		if err != nil {
			return err
		}
		ran = true
		return tx.Audit(ctx, name, 0, "load", nil, summary)
	})
	switch {
	case errors.Is(err, errNotEmpty):
		return false, nil
	case errors.Is(err, wikicities.ErrConflict):
		return false, nil // another process claimed the load meanwhile
	case err != nil:
		return false, err
	}
	return ran, nil
}
