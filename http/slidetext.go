package http

import (
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strings"
)

// The Dashboard writes its slides in Markdown. slideHTML shows the part of
// it that training slides use (paragraphs, bulleted lists, links, bold and
// italics) and escapes everything else, so that a slide can never carry
// markup of its own onto the site.

var (
	mdLink   = regexp.MustCompile(`\[([^\]\n]+)\]\(([^)\s]+)\)`)
	mdBold   = regexp.MustCompile(`\*\*([^*\n]+)\*\*`)
	mdItalic = regexp.MustCompile(`(^|[\s(])_([^_\n]+)_`)
	mdBullet = regexp.MustCompile(`^\s*[-*+]\s+`)
)

// slideInline renders one line's inline Markdown, escaped; links keep only
// http(s) addresses.
func slideInline(s string) string {
	s = html.EscapeString(s)
	s = mdLink.ReplaceAllStringFunc(s, func(m string) string {
		p := mdLink.FindStringSubmatch(m)
		href := html.UnescapeString(p[2])
		if u, err := url.Parse(href); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			return p[1]
		}
		return `<a href="` + html.EscapeString(href) + `" rel="noopener">` + p[1] + `</a>`
	})
	s = mdBold.ReplaceAllString(s, "<strong>$1</strong>")
	return mdItalic.ReplaceAllString(s, "$1<em>$2</em>")
}

// slideHTML renders a slide's Markdown content as safe HTML.
func slideHTML(md string) template.HTML {
	var b strings.Builder
	for _, block := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if len(lines) == 0 || lines[0] == "" {
			continue
		}
		if mdBullet.MatchString(lines[0]) {
			b.WriteString("<ul>")
			for _, l := range lines {
				b.WriteString("<li>" + slideInline(mdBullet.ReplaceAllString(l, "")) + "</li>")
			}
			b.WriteString("</ul>")
			continue
		}
		for i := range lines {
			lines[i] = slideInline(strings.TrimLeft(strings.TrimSpace(lines[i]), "#> "))
		}
		b.WriteString("<p>" + strings.Join(lines, "<br>") + "</p>")
	}
	return template.HTML(b.String()) //nolint:gosec // every piece of text is escaped above
}
