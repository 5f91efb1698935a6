"""Anonymous usage counts (counts per day, language, topic and province; never per person)."""
