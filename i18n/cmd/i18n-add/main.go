// Command i18n-add adds a message to i18n/en.json and its documentation to
// i18n/qqq.json: `make i18n-add KEY=city-twins-heading MSG="Twin cities"
// DOC="Heading of the list of a city's twin cities."`. Translations into
// other languages come from translatewiki.net (or by editing their files).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wikicities/wikicities/i18n"
)

func main() {
	dir := flag.String("dir", "i18n", "directory of the message files")
	key := flag.String("key", "", "message key, lower-case words joined by hyphens")
	msg := flag.String("msg", "", "the English message; $1 for parameters, {{PLURAL:$1|one|other}}")
	doc := flag.String("doc", "", "documentation for translators: where the message shows and what $1 is")
	flag.Parse()
	if err := i18n.AddMessage(*dir, *key, *msg, *doc); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("added %s to %s/en.json and %s/qqq.json\n", *key, *dir, *dir)
}
