package match

import (
	"math"

	"github.com/tidwall/rtree"

	"github.com/wikicities/wikicities/geo"
)

// pointIndex is an R-tree of points (cities) in longitude/latitude degrees.
// Queries by radius search the bounding boxes of the circle, split at the
// antimeridian, and keep the points whose haversine distance is within it.
type pointIndex struct {
	tree rtree.RTreeG[int64]
}

func (p *pointIndex) insert(id int64, lat, lng float64) {
	pt := [2]float64{lng, lat}
	p.tree.Insert(pt, pt, id)
}

func (p *pointIndex) remove(id int64, lat, lng float64) {
	pt := [2]float64{lng, lat}
	p.tree.Delete(pt, pt, id)
}

// within calls fn for each point within km of (lat, lng), with its distance.
func (p *pointIndex) within(lat, lng, km float64, fn func(id int64, lat, lng, d float64)) {
	for _, b := range searchBoxes(lat, lng, km) {
		p.tree.Search(b[0], b[1], func(min, _ [2]float64, id int64) bool {
			if d := geo.DistanceKm(lat, lng, min[1], min[0]); d <= km {
				fn(id, min[1], min[0], d)
			}
			return true
		})
	}
}

// searchBoxes returns the lng/lat boxes that cover the circle of km around
// (lat, lng): one box, two when the circle crosses the antimeridian, or a
// full band of longitudes when it reaches a pole.
func searchBoxes(lat, lng, km float64) [][2][2]float64 {
	const deg = 180 / math.Pi
	ang := km / geo.EarthRadiusKm
	dLat := ang * deg
	minLat, maxLat := lat-dLat, lat+dLat
	if minLat <= -90 || maxLat >= 90 || ang >= math.Pi/2 {
		return [][2][2]float64{{{-180, math.Max(minLat, -90)}, {180, math.Min(maxLat, 90)}}}
	}
	dLng := math.Asin(math.Min(1, math.Sin(ang)/math.Cos(lat/deg))) * deg
	minLng, maxLng := lng-dLng, lng+dLng
	switch {
	case minLng < -180:
		return [][2][2]float64{{{minLng + 360, minLat}, {180, maxLat}}, {{-180, minLat}, {maxLng, maxLat}}}
	case maxLng > 180:
		return [][2][2]float64{{{minLng, minLat}, {180, maxLat}}, {{-180, minLat}, {maxLng - 360, maxLat}}}
	}
	return [][2][2]float64{{{minLng, minLat}, {maxLng, maxLat}}}
}
