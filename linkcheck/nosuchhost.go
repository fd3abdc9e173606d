package linkcheck

import (
	"errors"
	"net"
)

// isNoSuchHost reports whether err says the link's host does not exist.
func isNoSuchHost(err error) bool {
	var d *net.DNSError
	return errors.As(err, &d) && d.IsNotFound
}
