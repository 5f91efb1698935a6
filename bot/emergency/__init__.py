"""Danger now: the words that get 112 first, whatever the intent classifier read."""
