package wikitext

import (
	"fmt"
	"testing"
)

func TestScratch(t *testing.T) {
	src := `intro
{| class="wikitable sortable"
|+ Twinning <!-- c -->
! City !! Active group
! Twin city || Active group
|-
| {{flagicon|DEU}} [[w:Munich|Munich]] || [[Wikimedia Deutschland|WMDE]]
| style="color:red" | [[Paris]]<br>{{flag|ITA}}
| a {{!}} b
|-
| rowspan="2" | Rome || x || colspan=2 | y
|-
| z || w
| multi
line '''bold''' &amp; [https://example.org label] <nowiki>|x|</nowiki>
{|
| nested
|}
after
|}`
	ts, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range ts {
		fmt.Printf("table line %d attrs %v caption %q\n", tb.Line, tb.Attrs, tb.Caption.Text)
		for r, row := range tb.Grid {
			for c, cell := range row {
				if cell == nil {
					fmt.Printf("[%d,%d] nil\n", r, c)
					continue
				}
				fmt.Printf("[%d,%d] h=%v %q links=%+v flags=%+v attrs=%v\n", r, c, cell.Header, cell.Text, cell.Links, cell.Flags, cell.Attrs)
			}
		}
	}
}
