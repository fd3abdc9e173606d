package eventfeed

import (
	"sort"
	"time"

	"github.com/emersion/go-ical"

	"github.com/wikicities/wikicities"
)

// zoneOf is the zone an event's times are written in: its own, or UTC for
// an event in UTC or in a zone that does not load.
func zoneOf(e *wikicities.Event) *time.Location {
	if e.TimeZone == "" || e.TimeZone == "UTC" || e.TimeZone == "Etc/UTC" {
		return time.UTC
	}
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// zoneSpan is the time a VTIMEZONE must describe: from the first start of
// an event in the zone to the end of its last occurrence.
type zoneSpan struct {
	loc      *time.Location
	from, to time.Time
}

// timezoneOccurrences bounds the occurrences of a repeating event read to
// find the end of the span its zone must cover; vtimezoneYears bounds the
// span itself.
const (
	timezoneOccurrences = 200
	vtimezoneYears      = 10
)

// timezones returns a VTIMEZONE for each zone the events are written in
// (not UTC), sorted by TZID.
func timezones(events []*wikicities.Event) []*ical.Component {
	spans := map[string]*zoneSpan{}
	for _, e := range events {
		loc := zoneOf(e)
		if loc == time.UTC {
			continue
		}
		end := e.End
		if e.RRule != "" {
			if occ := Occurrences(e, e.Start, timezoneOccurrences); len(occ) > 0 {
				end = occ[len(occ)-1].Add(e.End.Sub(e.Start))
			}
		}
		sp := spans[loc.String()]
		if sp == nil {
			sp = &zoneSpan{loc: loc, from: e.Start, to: end}
			spans[loc.String()] = sp
		}
		if e.Start.Before(sp.from) {
			sp.from = e.Start
		}
		if end.After(sp.to) {
			sp.to = end
		}
	}
	names := make([]string, 0, len(spans))
	for n := range spans {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*ical.Component, 0, len(names))
	for _, n := range names {
		sp := spans[n]
		if limit := sp.from.AddDate(vtimezoneYears, 0, 0); sp.to.After(limit) {
			sp.to = limit
		}
		out = append(out, vtimezone(sp.loc, sp.from.Add(-24*time.Hour), sp.to.Add(24*time.Hour)))
	}
	return out
}

// vtimezone describes zone loc from from to to (RFC 5545, 3.6.5): the
// offset in effect at from, then one STANDARD or DAYLIGHT part for each
// change of offset in between, as Go's time zone database gives them.
func vtimezone(loc *time.Location, from, to time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, loc.String())
	name, offset := from.In(loc).Zone()
	tz.Children = append(tz.Children, zonePart(from.In(loc).IsDST(), from, offset, offset, name))
	for t := from; t.Before(to); {
		next := t.Add(24 * time.Hour)
		if _, o := next.In(loc).Zone(); o != offset {
			change := transition(loc, t, next)
			name, o = change.In(loc).Zone()
			tz.Children = append(tz.Children, zonePart(change.In(loc).IsDST(), change, offset, o, name))
			offset = o
			next = change
		}
		t = next
	}
	return tz
}

// transition returns the first instant after a whose offset in loc differs
// from a's, knowing that b's does.
func transition(loc *time.Location, a, b time.Time) time.Time {
	_, before := a.In(loc).Zone()
	for b.Sub(a) > time.Second {
		mid := a.Add(b.Sub(a) / 2)
		if _, o := mid.In(loc).Zone(); o == before {
			a = mid
		} else {
			b = mid
		}
	}
	return b
}

// zonePart is a STANDARD or DAYLIGHT part whose onset is at: DTSTART is
// the onset in the local time of the offset before it (RFC 5545).
func zonePart(dst bool, at time.Time, from, to int, name string) *ical.Component {
	kind := ical.CompTimezoneStandard
	if dst {
		kind = ical.CompTimezoneDaylight
	}
	c := ical.NewComponent(kind)
	start := ical.NewProp(ical.PropDateTimeStart)
	start.SetValueType(ical.ValueDateTime)
	start.Value = at.In(time.FixedZone("", from)).Format("20060102T150405")
	start.Params.Del(ical.ParamValue)
	c.Props.Set(start)
	for prop, off := range map[string]int{ical.PropTimezoneOffsetFrom: from, ical.PropTimezoneOffsetTo: to} {
		p := ical.NewProp(prop)
		p.Value = utcOffset(off)
		c.Props.Set(p)
	}
	if name != "" {
		c.Props.SetText(ical.PropTimezoneName, name)
	}
	return c
}

// utcOffset writes an offset in seconds as iCalendar's UTC-OFFSET: +0200.
func utcOffset(sec int) string {
	sign := byte('+')
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	out := []byte{sign, byte('0' + h/10), byte('0' + h%10), byte('0' + m/10), byte('0' + m%10)}
	if s != 0 {
		out = append(out, byte('0'+s/10), byte('0'+s%10))
	}
	return string(out)
}
