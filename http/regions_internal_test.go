package http

import (
	"slices"
	"testing"
)

func TestRegionClassesSplitPositiveValues(t *testing.T) {
	for _, c := range []struct {
		values []int
		want   []int
	}{
		{nil, []int{0}},
		{[]int{0, 0}, []int{0}},
		{[]int{0, 3, 3, 3}, []int{0, 3}},
		{[]int{0, 1, 2, 3, 4, 5, 6, 7, 8}, []int{0, 3, 5, 7, 8}},
		{[]int{0, 1, 1, 1, 1, 1, 1, 1, 50}, []int{0, 1, 50}},
	} {
		got := regionClasses(c.values)
		if !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.values, got, c.want)
		}
		for _, v := range c.values {
			if k := classOf(got, v); k < 0 || k >= len(regionPalette) || v > got[k] || k > 0 && v <= got[k-1] {
				t.Errorf("%v: value %d in class %d of %v", c.values, v, k, got)
			}
		}
	}
}
