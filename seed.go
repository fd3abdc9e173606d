package wikicities

import "context"

// SeedTx writes the records of a seed (data loaded once into an empty
// store, such as the demo data) inside the seed's transaction.
type SeedTx interface {
	// CreateCity adds c and sets its ID.
	CreateCity(ctx context.Context, c *City) error
	// AddCityLabel records another "name, country" label of city id.
	AddCityLabel(ctx context.Context, id int64, name, country string) error
	// AddTwinLink adds l; an existing pair changes nothing and reports false.
	AddTwinLink(ctx context.Context, l *TwinLink) (bool, error)
	// CreateCommunity validates and adds c, setting ID and Version.
	CreateCommunity(ctx context.Context, c *Community) error
	// CreateInstitution validates and adds i, setting ID and Version.
	CreateInstitution(ctx context.Context, i *Institution) error
}

// Seeder loads seeds; package store implements it.
type Seeder interface {
	// Seed runs fn in one transaction if the store holds no city and no
	// account and the seed name was never loaded before, even if its data
	// was deleted since. It records the load first (so that of two
	// processes starting on one empty database only one seeds) and audits
	// it with fn's summary. It reports whether fn ran; when fn fails,
	// everything is rolled back and its error returned.
	Seed(ctx context.Context, name string, fn func(tx SeedTx) (summary any, err error)) (bool, error)
}
