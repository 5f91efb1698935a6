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

from bot.i18n.responses import BUTTON_CONTEXT

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


def extract_yaml_texts(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[Extracted]:
    """Yield the values of the fields named in the `fields` option, anywhere in a data file.

    Used for the help directory (`what`, `for_whom`) and the residence rules (`says`); the
    translator comment names the record, e.g. "residence rule reflection_period".
    """
    fields = set(str(options.get("fields", "")).split())
    label = str(options.get("label", "record"))
    yield from _walk(yaml.compose(fileobj.read().decode("utf-8")), fields, label, None)


def _walk(
    node: Node | None, fields: set[str], label: str, record: str | None
) -> Iterator[Extracted]:
    if isinstance(node, SequenceNode):
        for item in node.value:
            yield from _walk(item, fields, label, record)
    if not isinstance(node, MappingNode):
        return
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key in fields and isinstance(value_node, ScalarNode) and value_node.value:
            note = f"Translators: {label} {record}. Short, plain sentences (B1)."
            yield value_node.start_mark.line + 1, "gettext", value_node.value, [note]
        else:
            yield from _walk(value_node, fields, label, key)
