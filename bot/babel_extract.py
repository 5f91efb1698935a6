"""Babel extractors for the domain's `responses:` and the help directory (`make i18n`).

Response texts become plain msgids; button titles become `pgettext("button", title)` entries so
that a short label ("Language") can be translated apart from the same word in a sentence.
A response's `metadata.translators` becomes a "Translators:" comment in the catalog.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.responses import BUTTON_CONTEXT

Extracted = tuple[int, str, Any, list[str]]


def extract_domain_responses(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Extracted]:
    """Yield (line, function, message, comments) for every text and button title."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    responses = _get(root, "responses")
    if not isinstance(responses, MappingNode):
        return
    for _name_node, variations in responses.value:
        if not isinstance(variations, SequenceNode):
            continue
        for variation in variations.value:
            note = _get(_get(variation, "metadata"), "translators")
            comments = [f"Translators: {note.value}"] if isinstance(note, ScalarNode) else []
            text = _get(variation, "text")
            if isinstance(text, ScalarNode):
                yield text.start_mark.line + 1, "gettext", text.value, comments
            buttons = _get(variation, "buttons")
            if isinstance(buttons, SequenceNode):
                for button in buttons.value:
                    title = _get(button, "title")
                    if isinstance(title, ScalarNode):
                        yield (
                            title.start_mark.line + 1,
                            "pgettext",
                            (BUTTON_CONTEXT, title.value),
                            [],
                        )


def _get(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return value_node if isinstance(value_node, Node) else None
    return None


def extract_directory_texts(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Extracted]:
    """Yield each service's `what` and `for_whom` from the directory data file."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    organisations = _get(root, "organisations")
    if not isinstance(organisations, MappingNode):
        return
    for _key, organisation in organisations.value:
        name = _get(organisation, "name")
        services = _get(organisation, "services")
        if not isinstance(services, MappingNode):
            continue
        who = name.value if isinstance(name, ScalarNode) else "an organisation"
        for _service_key, service in services.value:
            for field in ("what", "for_whom"):
                text = _get(service, field)
                if isinstance(text, ScalarNode):
                    note = f"Translators: what {who} does (help directory). Keep it short."
                    yield text.start_mark.line + 1, "gettext", text.value, [note]
