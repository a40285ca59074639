"""Optional peers: what a user would pick instead of writing their own, behind the same
contract. Each module imports its third-party dependency at the top, so a missing one shows
as ImportError and the registry lists the peer as unavailable; its registry entry names that
dependency in `requires`, which `primes.names()` looks for without importing it."""
