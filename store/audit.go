package store

import (
	"context"
	"encoding/json"

	"github.com/wikicities/wikicities"
)

// AuditEntry is one recorded change.
type AuditEntry = wikicities.AuditEntry

// Audit records, inside the transaction that makes it, a change to entity id
// by the actor in ctx: before and after are marshalled to JSON (nil for
// creations and deletions).
func (t *Tx) Audit(ctx context.Context, entity string, id int64, action string, before, after any) error {
	a := wikicities.ActorFrom(ctx)
	enc := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := enc(before)
	if err != nil {
		return err
	}
	af, err := enc(after)
	if err != nil {
		return err
	}
	_, err = t.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor_name, entity, entity_id, action, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, t.db.Now().Unix(), a.UserID, a.Username, entity, id, action, b, af)
	return err
}

// AuditLog lists the entries for entity (all entities when empty) and id
// (all ids when 0), newest first.
func (d *DB) AuditLog(ctx context.Context, entity string, id int64, limit int) ([]*AuditEntry, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := d.Query(ctx, `SELECT id, at, actor_id, actor_name, entity, entity_id, action, before_json, after_json
		FROM audit_log WHERE (? = '' OR entity = ?) AND (? = 0 OR entity_id = ?) ORDER BY id DESC LIMIT ?`,
		entity, entity, id, id, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		var b, a string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Entity, &e.EntityID, &e.Action, &b, &a); err != nil {
			return nil, err
		}
		e.At = unixTime(at)
		if b != "" {
			e.Before = json.RawMessage(b)
		}
		if a != "" {
			e.After = json.RawMessage(a)
		}
		out = append(out, &e)
	}
	return out, rows.Err()
}

// Setting returns a stored setting, or "" when unset.
func (d *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := mapErr(d.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v))
	if err == wikicities.ErrNotFound {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting inside the transaction.
func (t *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := t.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
