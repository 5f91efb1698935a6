"""Hulproute core: plain Python, no Rasa imports.

Everything here is usable from the Rasa adapters (`hulproute_rasa`), the action server (`actions`),
the command line (`bot.run.cli`) and tests alike.
"""
