"""The database shared by the help directory and the usage counts: engine and migrations."""
