"""The conversation's language: which languages exist, detecting them, and their names."""
