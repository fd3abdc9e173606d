package demo

// City is a demo city. Labels are other "name, country" labels the city is
// known by in twinning lists, so that a later import maps them here.
type City struct {
	QID      string
	Name     string
	Country  string
	Lat, Lng float64
	Labels   [][2]string
	// Names are the city's names in other languages (language code →
	// name), as Wikidata labels its item, so that a German or Arabic page
	// of the demo says "München" or "ميونخ" before any label sync.
	Names map[string]string
}

// Link is a demo twin link between two cities named by their Name.
type Link struct {
	A, B string
	Year int
}

// Cities are the demo cities. Wikidata items are given where they were
// checked; the others are left empty, so that a Wikidata sync attaches the
// right item by name and country instead of a wrong one by id.
var Cities = []City{
	{QID: "Q1726", Name: "Munich", Country: "Germany", Lat: 48.1375, Lng: 11.575, Labels: [][2]string{{"München", "Germany"}}, Names: map[string]string{"de": "München", "ar": "ميونخ"}},
	{QID: "Q23436", Name: "Edinburgh", Country: "Scotland, United Kingdom", Lat: 55.9533, Lng: -3.1892, Names: map[string]string{"ar": "إدنبرة"}},
	{QID: "Q3921", Name: "Harare", Country: "Zimbabwe", Lat: -17.8292, Lng: 31.0522, Names: map[string]string{"ar": "هراري"}},
	{QID: "Q1055", Name: "Hamburg", Country: "Germany", Lat: 53.55, Lng: 10.0, Names: map[string]string{"ar": "هامبورغ"}},
	{QID: "Q656", Name: "Saint Petersburg", Country: "Russia", Lat: 59.9375, Lng: 30.3086, Labels: [][2]string{{"St. Petersburg", "Russia"}}, Names: map[string]string{"de": "Sankt Petersburg", "ar": "سانت بطرسبرغ"}},
	{QID: "Q1715", Name: "Hanover", Country: "Germany", Lat: 52.3744, Lng: 9.7386, Labels: [][2]string{{"Hannover", "Germany"}}, Names: map[string]string{"de": "Hannover", "ar": "هانوفر"}},
	{QID: "Q23154", Name: "Bristol", Country: "England, United Kingdom", Lat: 51.4536, Lng: -2.5975, Names: map[string]string{"ar": "بريستول"}},
	{QID: "Q365", Name: "Cologne", Country: "Germany", Lat: 50.9364, Lng: 6.9528, Labels: [][2]string{{"Köln", "Germany"}}, Names: map[string]string{"de": "Köln", "ar": "كولونيا"}},
	{QID: "Q24826", Name: "Liverpool", Country: "England, United Kingdom", Lat: 53.4072, Lng: -2.9917, Names: map[string]string{"ar": "ليفربول"}},
	{QID: "Q81033", Name: "Monterrey", Country: "Mexico", Lat: 25.6714, Lng: -100.3086, Names: map[string]string{"ar": "مونتيري"}},
	{QID: "Q1492", Name: "Barcelona", Country: "Spain", Lat: 41.3833, Lng: 2.1833, Names: map[string]string{"ar": "برشلونة"}},
	{QID: "Q100", Name: "Boston", Country: "United States", Lat: 42.3603, Lng: -71.0578, Names: map[string]string{"ar": "بوسطن"}},
	{QID: "Q1538", Name: "Pune", Country: "India", Lat: 18.5203, Lng: 73.8567, Names: map[string]string{"ar": "بونه"}},
	{QID: "Q3761", Name: "Accra", Country: "Ghana", Lat: 5.55, Lng: -0.2, Names: map[string]string{"ar": "أكرا"}},
	{QID: "Q61", Name: "Washington, D.C.", Country: "United States", Lat: 38.9047, Lng: -77.0164, Labels: [][2]string{{"Washington D.C.", "United States"}}, Names: map[string]string{"ar": "واشنطن العاصمة"}},
	{QID: "Q2749", Name: "Augsburg", Country: "Germany", Lat: 48.3717, Lng: 10.8983, Names: map[string]string{"ar": "أوغسبورغ"}},
	{QID: "Q160493", Name: "Inverness", Country: "Scotland, United Kingdom", Lat: 57.4778, Lng: -4.2247},
	{Name: "Nagahama", Country: "Japan", Lat: 35.3809, Lng: 136.2785},
	{Name: "Amagasaki", Country: "Japan", Lat: 34.7333, Lng: 135.4},
	{QID: "Q34739", Name: "Dayton", Country: "United States", Lat: 39.7594, Lng: -84.1917, Names: map[string]string{"ar": "دايتون"}},
	{QID: "Q132404", Name: "Bourges", Country: "France", Lat: 47.0844, Lng: 2.3964},
	{Name: "Liberec", Country: "Czech Republic", Lat: 50.7667, Lng: 15.0667},
	{Name: "Jinan", Country: "China", Lat: 36.6702, Lng: 117.0207},
}

// Links are the twin links the movement named.
var Links = []Link{
	{A: "Munich", B: "Edinburgh", Year: 1954},
	{A: "Munich", B: "Harare"},
	{A: "Hamburg", B: "Saint Petersburg", Year: 1957},
	{A: "Hanover", B: "Bristol", Year: 1947},
	{A: "Cologne", B: "Liverpool", Year: 1952},
	{A: "Monterrey", B: "Barcelona"},
	{A: "Boston", B: "Pune"},
	{A: "Accra", B: "Washington, D.C."},
	{A: "Augsburg", B: "Inverness", Year: 1956},
	{A: "Augsburg", B: "Nagahama"},
	{A: "Augsburg", B: "Amagasaki"},
	{A: "Augsburg", B: "Dayton"},
	{A: "Augsburg", B: "Bourges"},
	{A: "Augsburg", B: "Liberec"},
	{A: "Augsburg", B: "Jinan"},
}
