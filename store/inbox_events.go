package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/eventfeed"
)

// eventItems adds the Knowledge Park's inbox items: the person's places
// that came free on an event's waitlist since since; the visits waiting for
// an answer from a group of grants (to-dos); and the answers to the visits
// of a group of grants since since.
func (s *Inboxes) eventItems(ctx context.Context, userID int64, grants []wikicities.PartyRef, since int64, add func(wikicities.InboxItem)) error {
	rows, err := s.db.Query(ctx, `SELECT r.event_id, e.title, r.promoted_at FROM event_registrations r JOIN events e ON e.id = r.event_id
		WHERE r.user_id = ? AND r.state = 'registered' AND r.promoted_at >= ? AND r.promoted_at > 0 ORDER BY r.id`, userID, since)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, at int64
		var title string
		if err := rows.Scan(&id, &title, &at); err != nil {
			rows.Close()
			return err
		}
		add(wikicities.InboxItem{Kind: wikicities.InboxPromoted, At: unixTime(at), Key: fmt.Sprintf("promoted-%d", id), EventID: id, Title: title})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var ids []any
	for _, g := range grants {
		if g.Kind == wikicities.PartyCommunity {
			ids = append(ids, g.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := append(append(append([]any{}, ids...), ids...), since)
	rows, err = s.db.Query(ctx, `SELECT `+visitColumns+visitFrom+` WHERE (v.state = 'requested' AND v.host_id IN (`+in+`))
		OR (v.state IN ('accepted', 'declined') AND v.visitor_id IN (`+in+`) AND v.updated_at >= ?) ORDER BY v.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return err
		}
		it := wikicities.InboxItem{VisitID: v.ID, Action: string(v.State)}
		if v.State == wikicities.VisitRequested {
			it.Kind, it.ToDo, it.At, it.Key, it.Ours, it.Other = wikicities.InboxVisit, true, v.CreatedAt, fmt.Sprintf("visit-%d", v.ID), v.Host, v.Visitor
		} else {
			it.Kind, it.At, it.Key, it.Ours, it.Other = wikicities.InboxVisitAnswer, v.UpdatedAt, fmt.Sprintf("visit-%d-%s", v.ID, v.State), v.Visitor, v.Host
		}
		add(it)
	}
	return rows.Err()
}

// reminderItems adds a reminder of each event the person holds a place at
// whose next date starts within wikicities.EventReminder of now: it
// appears EventReminder before the date (so the inbox emails bring it
// then), keyed by the date, so that each date of a repeating event has
// its own.
func (s *Inboxes) reminderItems(ctx context.Context, userID int64, now time.Time, add func(wikicities.InboxItem)) error {
	rows, err := s.db.Query(ctx, `SELECT e.id, e.title, e.time_zone, e.starts_at, e.ends_at, e.rrule FROM event_registrations r
		JOIN events e ON e.id = r.event_id WHERE r.user_id = ? AND r.state = 'registered' AND e.status = 'scheduled'
		AND (e.rrule != '' OR (e.starts_at > ? AND e.starts_at <= ?)) ORDER BY e.starts_at, e.id`,
		userID, now.Unix(), now.Add(wikicities.EventReminder).Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e wikicities.Event
		var start, end int64
		if err := rows.Scan(&e.ID, &e.Title, &e.TimeZone, &start, &end, &e.RRule); err != nil {
			return err
		}
		e.Start, e.End = unixTime(start), unixTime(end)
		for _, at := range eventfeed.Occurrences(&e, now, 3) {
			if !at.After(now) {
				continue // under way: too late to remind
			}
			if at.Sub(now) <= wikicities.EventReminder {
				add(wikicities.InboxItem{Kind: wikicities.InboxEventSoon, At: at.Add(-wikicities.EventReminder),
					Key: fmt.Sprintf("event-soon-%d-%d", e.ID, at.Unix()), EventID: e.ID, Title: e.Title, Due: at})
			}
			break
		}
	}
	return rows.Err()
}
