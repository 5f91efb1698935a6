"""Custom actions for the rasa_sdk action server (`rasa run actions --actions actions`).

Actions are thin: they read the tracker, call `bot/`, and return events and response names.
Every text is rendered by the NLG in the Rasa process from the catalogs.
"""

from actions.find_help import ActionFindHelp
from actions.residence import ActionResidenceExplainer
from actions.self_check import ActionAnswerQuestion, ActionSelfCheck

__all__ = ["ActionAnswerQuestion", "ActionFindHelp", "ActionResidenceExplainer", "ActionSelfCheck"]
