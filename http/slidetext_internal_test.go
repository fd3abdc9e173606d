package http

import "testing"

func TestSlideHTMLRendersTrainingMarkdownAndEscapesTheRest(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Commons is **free**.\n\nSecond _part_.", "<p>Commons is <strong>free</strong>.</p><p>Second <em>part</em>.</p>"},
		{"- one\n- [two](https://commons.wikimedia.org/wiki/Main_Page)", `<ul><li>one</li><li><a href="https://commons.wikimedia.org/wiki/Main_Page" rel="noopener">two</a></li></ul>`},
		{"<script>alert(1)</script> & [x](javascript:alert(1))", "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; x)</p>"},
		{"## Heading\nline", "<p>Heading<br>line</p>"},
		{"[a](https://x.org/?a=1&b=\"2\")", `<p><a href="https://x.org/?a=1&amp;b=&#34;2&#34;" rel="noopener">a</a></p>`},
	} {
		if got := string(slideHTML(c.in)); got != c.want {
			t.Errorf("slideHTML(%q)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}
