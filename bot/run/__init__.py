"""Programs around the core, not part of it: the CLI, the local launcher, scale-out, the page
server, and the server helpers that tests and benchmarks share."""
