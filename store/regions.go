package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/wikicities/wikicities"
)

// Regions is the SQL implementation of wikicities.RegionService.
type Regions struct{ db *DB }

// Regions returns the regional champions service.
func (d *DB) Regions() *Regions { return &Regions{db: d} }

// Champions lists every champion, by region, then community name.
func (s *Regions) Champions(ctx context.Context) ([]*wikicities.RegionChampion, error) {
	rows, err := s.db.Query(ctx, `SELECT r.region, r.community_id, c.name, r.note, r.created_at
		FROM region_champions r JOIN communities c ON c.id = r.community_id
		WHERE c.archived = 0 ORDER BY r.region, c.name_key, c.id`)
	if err != nil {
		return nil, mapErr(err)
	}
	defer rows.Close()
	out := []*wikicities.RegionChampion{}
	for rows.Next() {
		var ch wikicities.RegionChampion
		var since int64
		if err := rows.Scan(&ch.Region, &ch.CommunityID, &ch.Community, &ch.Note, &since); err != nil {
			return nil, mapErr(err)
		}
		ch.Since = time.Unix(since, 0).UTC()
		out = append(out, &ch)
	}
	return out, mapErr(rows.Err())
}

// AddChampion makes a community champion of a region (see
// wikicities.RegionService).
func (s *Regions) AddChampion(ctx context.Context, ch *wikicities.RegionChampion) error {
	if err := wikicities.ValidateRegionChampion(ch); err != nil {
		return err
	}
	if err := wikicities.ActorFrom(ctx).RequireCoordinator(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: ch.CommunityID}); err != nil {
		return err
	}
	now := s.db.Now().UTC().Truncate(time.Second)
	return s.db.Update(ctx, func(tx *Tx) error {
		var archived int
		err := tx.QueryRow(ctx, `SELECT name, archived FROM communities WHERE id = ?`, ch.CommunityID).Scan(&ch.Community, &archived)
		if errors.Is(err, sql.ErrNoRows) || err == nil && archived != 0 {
			return fmt.Errorf("community %d: %w", ch.CommunityID, wikicities.ErrNotFound)
		}
		if err != nil {
			return mapErr(err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO region_champions (region, community_id, note, created_at) VALUES (?, ?, ?, ?)`,
			ch.Region, ch.CommunityID, ch.Note, now.Unix()); err != nil {
			if isDuplicate(err) {
				return fmt.Errorf("%w: %s is champion of %s already", wikicities.ErrConflict, ch.Community, ch.Region)
			}
			return mapErr(err)
		}
		ch.Since = now
		return tx.Audit(ctx, "region_champion", ch.CommunityID, "create", nil, ch)
	})
}

// RemoveChampion ends a championship (see wikicities.RegionService).
func (s *Regions) RemoveChampion(ctx context.Context, region string, communityID int64) error {
	if err := wikicities.ActorFrom(ctx).RequireCoordinator(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: communityID}); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM region_champions WHERE region = ? AND community_id = ?`, region, communityID)
		if err != nil {
			return mapErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return mapErr(err)
		} else if n == 0 {
			return fmt.Errorf("community %d is not champion of %q: %w", communityID, region, wikicities.ErrNotFound)
		}
		return tx.Audit(ctx, "region_champion", communityID, "delete", map[string]any{"region": region}, nil)
	})
}
