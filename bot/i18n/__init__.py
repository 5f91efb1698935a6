"""Catalogs and rendering: the translator, response templates, extraction, the report."""
