//go:build !unix

package store

import "errors"

// ErrLocked is returned by LockFile when another process holds the lock.
var ErrLocked = errors.New("store: in use by another process (is a server running on it?)")

// LockFile does nothing where advisory locks are not available.
func LockFile(path string) (func(), error) { return func() {}, nil }
