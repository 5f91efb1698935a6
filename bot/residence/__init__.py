"""The residence explainer: the rules for victims' stay in the Netherlands, and their text."""
