package wikicities

// Version is the release of WikiCities, reported in the User-Agent of
// requests to Wikimedia services and by the CLI.
const Version = "0.1.0-dev"
