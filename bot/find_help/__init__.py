"""Help near a place: place names in any script, the help directory, routes and help cards."""
