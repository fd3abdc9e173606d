package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mentoring"
)

// mentoringItems adds the inbox items of the mentorships userID takes part
// in, as the person or as a coordinator of one of the groups in grants:
// requests waiting for the mentor's answer (to-dos), acceptances since
// since (news for the mentee's side), and active mentorships due for a
// check-in (to-dos for both sides, from the day it is due).
func (s *Inboxes) mentoringItems(ctx context.Context, userID int64, grants []wikicities.PartyRef, since int64, now time.Time,
	add func(wikicities.InboxItem)) error {
	where := `(holder_kind = 'person' AND (mentor_id = ? OR mentee_id = ?))`
	args := []any{userID, userID}
	var groups []any
	for _, g := range grants {
		if g.Kind == wikicities.PartyCommunity {
			groups = append(groups, g.ID)
		}
	}
	if len(groups) > 0 {
		in := strings.TrimSuffix(strings.Repeat("?, ", len(groups)), ", ")
		where += ` OR (holder_kind = 'group' AND (mentor_id IN (` + in + `) OR mentee_id IN (` + in + `)))`
		args = append(append(args, groups...), groups...)
	}
	ours := func(kind wikicities.HolderKind, id int64) bool {
		if kind == wikicities.HolderPerson {
			return id == userID
		}
		for _, g := range groups {
			if g == id {
				return true
			}
		}
		return false
	}
	var ms []*wikicities.Mentorship
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.each(ctx, `SELECT `+mentorshipColumns+` FROM mentorships WHERE state IN ('requested', 'accepted', 'active') AND (`+where+`) ORDER BY id`,
			func(sc scanner) error {
				m, err := scanMentorship(sc)
				if err == nil {
					ms = append(ms, m)
				}
				return err
			}, args...)
	})
	if err != nil {
		return err
	}
	for _, m := range ms {
		mentor, mentee := ours(m.Kind, m.Mentor), ours(m.Kind, m.Mentee)
		var it wikicities.InboxItem
		switch {
		case m.State == wikicities.MentorshipRequested && mentor:
			it = wikicities.InboxItem{Kind: wikicities.InboxMentorRequest, ToDo: true, At: m.CreatedAt, Key: fmt.Sprintf("mentor-request-%d", m.ID)}
		case m.State == wikicities.MentorshipAccepted && mentee && m.StateChangedAt.Unix() >= since:
			it = wikicities.InboxItem{Kind: wikicities.InboxMentorAccepted, At: m.StateChangedAt, Key: fmt.Sprintf("mentor-accepted-%d", m.ID)}
		case m.State == wikicities.MentorshipActive:
			var last int64
			if err := s.db.QueryRow(ctx, `SELECT COALESCE(MAX(created_at), 0) FROM mentorship_checkins WHERE mentorship_id = ?`, m.ID).Scan(&last); err != nil {
				return err
			}
			due := mentoring.CheckInDue(m.StateChangedAt, unixTime(last))
			if due.After(now) {
				continue
			}
			it = wikicities.InboxItem{Kind: wikicities.InboxCheckInDue, ToDo: true, At: due, Due: due, Key: fmt.Sprintf("checkin-due-%d-%d", m.ID, due.Unix())}
		default:
			continue
		}
		if err := s.describeMentorship(ctx, &it, m, mentor); err != nil {
			return err
		}
		add(it)
	}
	return nil
}

// describeMentorship fills it with m's capacity (labelled in every
// language), the other side's name (Actor) and, for groups, the parties
// (Ours being the reader's group).
func (s *Inboxes) describeMentorship(ctx context.Context, it *wikicities.InboxItem, m *wikicities.Mentorship, asMentor bool) error {
	it.MentorshipID, it.Title, it.TitleLabels = m.ID, m.Capacity, map[string]string{}
	err := s.db.View(ctx, func(tx *Tx) error {
		if err := tx.each(ctx, `SELECT language, label FROM capacity_labels WHERE code = ?`, func(sc scanner) error {
			var lang, label string
			err := sc.Scan(&lang, &label)
			it.TitleLabels[lang] = label
			return err
		}, m.Capacity); err != nil {
			return err
		}
		me, other := m.Mentee, m.Mentor
		if asMentor {
			me, other = m.Mentor, m.Mentee
		}
		otherName, err := tx.holderName(ctx, wikicities.Holder{Kind: m.Kind, ID: other})
		if err != nil {
			return err
		}
		it.Actor = otherName
		if m.Kind == wikicities.HolderGroup {
			myName, err := tx.holderName(ctx, wikicities.Holder{Kind: m.Kind, ID: me})
			if err != nil {
				return err
			}
			it.Ours = wikicities.Party{Kind: wikicities.PartyCommunity, ID: me, Name: myName}
			it.Other = wikicities.Party{Kind: wikicities.PartyCommunity, ID: other, Name: otherName}
		}
		return nil
	})
	if l := it.TitleLabels["en"]; l != "" {
		it.Title = l
	}
	return err
}
