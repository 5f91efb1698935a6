"""The anonymous self-check: its questions, the dialogue and the result text."""
