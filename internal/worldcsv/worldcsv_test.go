package worldcsv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadMergesCitiesAndNamesBadLines(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"+
		"Munich,Germany,48.1375,11.575,Edinburgh,\"Scotland, United Kingdom\",55.9533,-3.1892\n"+
		"Edinburgh,Scotland,55.9533,-3.1892,Munich,Germany,48.1375,11.575\n"+
		"Munich,Germany,48.1375,11.575,Harare,Zimbabwe,-17.8292,31.0522\n"), 0o644)
	cities, links, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if len(cities) != 3 || len(links) != 2 {
		t.Errorf("%d cities and %d links, want 3 and 2 (Edinburgh, Scotland is Edinburgh, Scotland, United Kingdom)", len(cities), len(links))
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("city1,country1,lat1,lng1,city2,country2,lat2,lng2\nA,X,1,1,B,Y,91.2,0\n"), 0o644)
	if _, _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), `"91.2"`) {
		t.Errorf("bad coordinates: %v", err)
	}
}
