package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// Inboxes computes what waits for each person (wikicities.InboxService).
type Inboxes struct{ db *DB }

var _ wikicities.InboxService = (*Inboxes)(nil)

// Inboxes returns the inbox service of d.
func (d *DB) Inboxes() *Inboxes { return &Inboxes{db: d} }

// NewsWindow is how far back the inbox lists news (answers, messages,
// decided claims, answered requests).
const NewsWindow = 30 * 24 * time.Hour

// inboxParties is the select list and joins naming a partnership's parties.
const inboxParties = `p.id, p.a_community_id, ca.name, COALESCE(p.b_community_id, 0), COALESCE(p.b_institution_id, 0), COALESCE(cb.name, ib.name, '')`
const inboxJoins = ` FROM partnerships p JOIN communities ca ON ca.id = p.a_community_id
	LEFT JOIN communities cb ON cb.id = p.b_community_id LEFT JOIN institutions ib ON ib.id = p.b_institution_id`

// mineSQL is a condition on p selecting the partnerships of which grants
// hold a party; "1 = 0" when there are none.
func mineSQL(grants []wikicities.PartyRef) string {
	var cs, is []wikicities.PartyRef
	for _, g := range grants {
		if g.Kind == wikicities.PartyCommunity {
			cs = append(cs, g)
		} else {
			is = append(is, g)
		}
	}
	id := func(r wikicities.PartyRef) int64 { return r.ID }
	var or []string
	if len(cs) > 0 {
		l := idList(cs, id)
		or = append(or, `p.a_community_id IN (`+l+`)`, `p.b_community_id IN (`+l+`)`)
	}
	if len(is) > 0 {
		or = append(or, `p.b_institution_id IN (`+idList(is, id)+`)`)
	}
	if len(or) == 0 {
		return `1 = 0`
	}
	return `(` + strings.Join(or, ` OR `) + `)`
}

// sides fills it.Ours and it.Other from a scanned partnership's parties.
func sides(it *wikicities.InboxItem, grants []wikicities.PartyRef, a wikicities.Party, bc, bi int64, bName string) {
	b := wikicities.Party{Kind: wikicities.PartyCommunity, ID: bc, Name: bName}
	if bc == 0 {
		b = wikicities.Party{Kind: wikicities.PartyInstitution, ID: bi, Name: bName}
	}
	if slices.Contains(grants, a.Ref()) {
		it.Ours, it.Other = a, b
	} else {
		it.Ours, it.Other = b, a
	}
}

// Inbox returns what waits for user: see wikicities.Inbox. Returns
// ErrNotFound for an unknown user.
func (s *Inboxes) Inbox(ctx context.Context, userID int64, dueWithin time.Duration) (*wikicities.Inbox, error) {
	var role string
	if err := mapErr(s.db.QueryRow(ctx, `SELECT role FROM users WHERE id = ?`, userID).Scan(&role)); err != nil {
		return nil, fmt.Errorf("user %d: %w", userID, err)
	}
	grants, err := s.db.Accounts().Coordinates(ctx, userID)
	if err != nil {
		return nil, err
	}
	var seen int64
	if err := s.db.QueryRow(ctx, `SELECT seen_at FROM inbox_state WHERE user_id = ?`, userID).Scan(&seen); err != nil && mapErr(err) != wikicities.ErrNotFound {
		return nil, err
	}
	now := s.db.Now()
	since := now.Add(-NewsWindow).Unix()
	in := &wikicities.Inbox{SeenAt: unixTime(seen)}
	add := func(it wikicities.InboxItem) {
		it.New = it.At.Unix() > seen
		in.Items = append(in.Items, it)
	}
	mine := mineSQL(grants)
	for _, step := range []func() error{
		func() error { return s.partnershipItems(ctx, userID, grants, mine, since, add) },
		func() error { return s.messageItems(ctx, userID, grants, mine, since, add) },
		func() error { return s.dueItems(ctx, grants, mine, now, dueWithin, add) },
		func() error { return s.requestItems(ctx, grants, since, add) },
		func() error { return s.eventItems(ctx, userID, grants, since, add) },
		func() error { return s.mentoringItems(ctx, userID, grants, since, now, add) },
		func() error { return s.reminderItems(ctx, userID, now, add) },
		func() error {
			return s.claimItems(ctx, userID, wikicities.Role(role) == wikicities.RoleAdmin, grants, since, add)
		},
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(in.Items, func(x, y wikicities.InboxItem) int {
		if x.ToDo != y.ToDo { // to-dos first
			if x.ToDo {
				return -1
			}
			return 1
		}
		return y.At.Compare(x.At)
	})
	for _, it := range in.Items {
		if it.ToDo || it.New {
			in.Count++
		}
	}
	if in.Items == nil {
		in.Items = []wikicities.InboxItem{}
	}
	return in, nil
}

// partnershipItems adds the proposals waiting for an answer from a party
// of grants, and the answers and other moves others made on partnerships
// of grants since since.
func (s *Inboxes) partnershipItems(ctx context.Context, userID int64, grants []wikicities.PartyRef, mine string, since int64, add func(wikicities.InboxItem)) error {
	rows, err := s.db.Query(ctx, `SELECT `+inboxParties+`, p.created_at, p.message, p.proposed_by`+inboxJoins+
		` WHERE p.state = 'proposed' AND `+mine+` ORDER BY p.id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var it wikicities.InboxItem
		var a wikicities.Party
		var bc, bi, at, by int64
		var bName string
		if err := rows.Scan(&it.PartnershipID, &a.ID, &a.Name, &bc, &bi, &bName, &at, &it.Text, &by); err != nil {
			rows.Close()
			return err
		}
		a.Kind = wikicities.PartyCommunity
		sides(&it, grants, a, bc, bi, bName)
		if it.Ours.Ref() == a.Ref() {
			continue // our own proposal waits for the other party, not for us
		}
		it.Kind, it.ToDo, it.At, it.Key = wikicities.InboxProposal, true, unixTime(at), fmt.Sprintf("proposal-%d", it.PartnershipID)
		add(it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = s.db.Query(ctx, `SELECT `+inboxParties+`, h.id, h.at, h.action, h.actor_name, h.note`+inboxJoins+`
		JOIN partnership_history h ON h.partnership_id = p.id
		WHERE h.action IN ('accept', 'decline', 'withdraw', 'renew', 'end', 'lapse') AND h.actor_id <> ? AND h.at >= ? AND `+mine+
		` ORDER BY h.id`, userID, since)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it wikicities.InboxItem
		var a wikicities.Party
		var bc, bi, hid, at int64
		var bName string
		if err := rows.Scan(&it.PartnershipID, &a.ID, &a.Name, &bc, &bi, &bName, &hid, &at, &it.Action, &it.Actor, &it.Text); err != nil {
			return err
		}
		a.Kind = wikicities.PartyCommunity
		sides(&it, grants, a, bc, bi, bName)
		it.Kind, it.At, it.Key = wikicities.InboxAnswer, unixTime(at), fmt.Sprintf("history-%d", hid)
		add(it)
	}
	return rows.Err()
}

// messageItems adds the messages others wrote since since in the threads
// of partnerships of grants.
func (s *Inboxes) messageItems(ctx context.Context, userID int64, grants []wikicities.PartyRef, mine string, since int64, add func(wikicities.InboxItem)) error {
	rows, err := s.db.Query(ctx, `SELECT `+inboxParties+`, m.id, m.created_at, m.author_name, m.body`+inboxJoins+`
		JOIN partnership_messages m ON m.partnership_id = p.id
		WHERE m.author_id <> ? AND m.created_at >= ? AND `+mine+` ORDER BY m.id`, userID, since)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it wikicities.InboxItem
		var a wikicities.Party
		var bc, bi, mid, at int64
		var bName string
		if err := rows.Scan(&it.PartnershipID, &a.ID, &a.Name, &bc, &bi, &bName, &mid, &at, &it.Actor, &it.Text); err != nil {
			return err
		}
		a.Kind = wikicities.PartyCommunity
		sides(&it, grants, a, bc, bi, bName)
		it.Kind, it.At, it.Key = wikicities.InboxMessage, unixTime(at), fmt.Sprintf("message-%d", mid)
		add(it)
	}
	return rows.Err()
}

// dueItems adds the responsibilities of a party of grants, in running
// partnerships, not done and due before now+within (overdue ones too).
func (s *Inboxes) dueItems(ctx context.Context, grants []wikicities.PartyRef, mine string, now time.Time, within time.Duration, add func(wikicities.InboxItem)) error {
	rows, err := s.db.Query(ctx, `SELECT `+inboxParties+`, r.id, r.owner_side, r.description, r.due_date, r.updated_at`+inboxJoins+`
		JOIN partnership_responsibilities r ON r.partnership_id = p.id
		WHERE p.state IN ('accepted', 'active', 'dormant') AND r.done = 0 AND r.due_date > 0 AND r.due_date < ? AND `+mine+
		` ORDER BY r.due_date`, now.Add(within).Unix())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it wikicities.InboxItem
		var a wikicities.Party
		var bc, bi, rid, due, updated int64
		var bName, owner string
		if err := rows.Scan(&it.PartnershipID, &a.ID, &a.Name, &bc, &bi, &bName, &rid, &owner, &it.Title, &due, &updated); err != nil {
			return err
		}
		a.Kind = wikicities.PartyCommunity
		sides(&it, grants, a, bc, bi, bName)
		ownerIsA := wikicities.Side(owner) == wikicities.SideA
		if ownerIsA != (it.Ours.Ref() == a.Ref()) {
			continue // the other party's task
		}
		it.Kind, it.ToDo, it.Due, it.At = wikicities.InboxResponsibility, true, unixTime(due), unixTime(updated)
		it.Overdue = (&wikicities.Responsibility{Due: it.Due}).Overdue(now)
		it.Key = fmt.Sprintf("responsibility-%d", rid)
		add(it)
	}
	return rows.Err()
}

// requestItems adds the answers given since since to the partner-wanted
// requests of grants.
func (s *Inboxes) requestItems(ctx context.Context, grants []wikicities.PartyRef, since int64, add func(wikicities.InboxItem)) error {
	if len(grants) == 0 {
		return nil
	}
	var or []string
	var args []any
	for _, g := range grants {
		or, args = append(or, `(r.party_kind = ? AND r.party_id = ?)`), append(args, string(g.Kind), g.ID)
	}
	rows, err := s.db.Query(ctx, `SELECT r.id, r.title, r.party_kind, r.party_id, x.id, x.party_kind, x.party_id,
		COALESCE(xc.name, xi.name, ''), x.message, x.partnership_id, x.created_at
		FROM partner_requests r JOIN partner_request_answers x ON x.request_id = r.id
		LEFT JOIN communities xc ON x.party_kind = 'community' AND xc.id = x.party_id
		LEFT JOIN institutions xi ON x.party_kind = 'institution' AND xi.id = x.party_id
		WHERE x.created_at >= ? AND (`+strings.Join(or, ` OR `)+`) ORDER BY x.id`, append([]any{since}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it wikicities.InboxItem
		var ok, xk string
		var xid, at int64
		if err := rows.Scan(&it.RequestID, &it.Title, &ok, &it.Ours.ID, &xid, &xk, &it.Other.ID, &it.Other.Name, &it.Text, &it.PartnershipID, &at); err != nil {
			return err
		}
		it.Ours.Kind, it.Other.Kind = wikicities.PartyKind(ok), wikicities.PartyKind(xk)
		it.Kind, it.At, it.Key = wikicities.InboxRequestAnswered, unixTime(at), fmt.Sprintf("answer-%d", xid)
		add(it)
	}
	return rows.Err()
}

// claimItems adds the pending claims user may decide (on groups of grants;
// for an admin also on groups nobody coordinates) and user's own claims
// decided since since.
func (s *Inboxes) claimItems(ctx context.Context, userID int64, admin bool, grants []wikicities.PartyRef, since int64, add func(wikicities.InboxItem)) error {
	var or []string
	var orArgs []any
	for _, g := range grants {
		or, orArgs = append(or, `(k.party_kind = ? AND k.party_id = ?)`), append(orArgs, string(g.Kind), g.ID)
	}
	if admin {
		or = append(or, `NOT EXISTS (SELECT 1 FROM coordinators g WHERE g.party_kind = k.party_kind AND g.party_id = k.party_id)`)
	}
	// A claim confirmed on Meta-Wiki was the claimant's own doing: no news.
	cond := `(k.user_id = ? AND k.state IN ('approved', 'declined') AND k.method <> 'meta_wiki' AND k.decided_at >= ?)`
	args := []any{userID, since}
	if len(or) > 0 {
		cond += ` OR (k.state = 'pending' AND k.user_id <> ? AND (` + strings.Join(or, ` OR `) + `))`
		args = append(append(args, userID), orArgs...)
	}
	rows, err := s.db.Query(ctx, claimSelect+` WHERE `+cond+` ORDER BY k.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return err
		}
		it := wikicities.InboxItem{ClaimID: c.ID, Ours: c.Party, Actor: c.Username, Text: c.Message, Action: string(c.State)}
		if c.State == wikicities.ClaimPending {
			it.Kind, it.ToDo, it.At, it.Key = wikicities.InboxClaim, true, c.CreatedAt, fmt.Sprintf("claim-%d", c.ID)
		} else {
			it.Kind, it.At, it.Key, it.Actor, it.Text = wikicities.InboxClaimDecided, c.DecidedAt, fmt.Sprintf("claim-%d-%s", c.ID, c.State), c.DecidedBy, c.Note
		}
		add(it)
	}
	return rows.Err()
}

// MarkInboxSeen records that user looked at their inbox now.
func (s *Inboxes) MarkInboxSeen(ctx context.Context, userID int64) error {
	_, err := s.db.Exec(ctx, `INSERT INTO inbox_state (user_id, seen_at) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at`, userID, s.db.Now().Unix())
	return err
}

// EmailFrequency returns user's choice, EmailImmediately by default.
func (s *Inboxes) EmailFrequency(ctx context.Context, userID int64) (wikicities.EmailFrequency, error) {
	var f string
	err := mapErr(s.db.QueryRow(ctx, `SELECT email FROM inbox_state WHERE user_id = ?`, userID).Scan(&f))
	if err == wikicities.ErrNotFound {
		return wikicities.EmailImmediately, nil
	}
	return wikicities.EmailFrequency(f), err
}

// SetEmailFrequency records user's choice. Returns ErrInvalid for an
// unknown frequency, ErrNotFound for an unknown user.
func (s *Inboxes) SetEmailFrequency(ctx context.Context, userID int64, f wikicities.EmailFrequency) error {
	if !slices.Contains(wikicities.EmailFrequencies, f) {
		return wikicities.Invalidf("email_frequency", "%q is not one of immediately, daily, weekly, never", f)
	}
	var n int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
		return mapErr(err)
	}
	if n == 0 {
		return fmt.Errorf("user %d: %w", userID, wikicities.ErrNotFound)
	}
	_, err := s.db.Exec(ctx, `INSERT INTO inbox_state (user_id, email) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET email = excluded.email`, userID, string(f))
	return err
}

// InboxRecipients lists the enabled accounts with an email address that
// did not choose never, by user id.
func (s *Inboxes) InboxRecipients(ctx context.Context) ([]*wikicities.InboxRecipient, error) {
	rows, err := s.db.Query(ctx, `SELECT u.id, u.username, u.email, u.language, COALESCE(i.email, 'immediately'), COALESCE(i.emailed_at, 0)
		FROM users u LEFT JOIN inbox_state i ON i.user_id = u.id
		WHERE u.disabled = 0 AND u.email <> '' AND COALESCE(i.email, 'immediately') <> 'never' ORDER BY u.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.InboxRecipient
	for rows.Next() {
		var r wikicities.InboxRecipient
		var f string
		var at int64
		if err := rows.Scan(&r.UserID, &r.Username, &r.Email, &r.Language, &f, &at); err != nil {
			return nil, err
		}
		r.Frequency, r.EmailedAt = wikicities.EmailFrequency(f), unixTime(at)
		out = append(out, &r)
	}
	return out, rows.Err()
}

// ClaimInboxEmail records that user is emailed at now, if their last email
// is still last (so that two mailers never both send); it reports false
// when another got there first. ReleaseInboxEmail undoes it when the
// message could not be sent.
func (s *Inboxes) ClaimInboxEmail(ctx context.Context, userID int64, last, now time.Time) (bool, error) {
	if _, err := s.db.Exec(ctx, `INSERT INTO inbox_state (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING`, userID); err != nil {
		return false, err
	}
	res, err := s.db.Exec(ctx, `UPDATE inbox_state SET emailed_at = ? WHERE user_id = ? AND emailed_at = ?`, now.Unix(), userID, nullUnix(last))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseInboxEmail puts user's last email back to last after a failed send.
func (s *Inboxes) ReleaseInboxEmail(ctx context.Context, userID int64, last, claimed time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE inbox_state SET emailed_at = ? WHERE user_id = ? AND emailed_at = ?`, nullUnix(last), userID, claimed.Unix())
	return err
}
