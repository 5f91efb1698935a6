import io

from bot.i18n.extraction import extract_domain_responses

DOMAIN = b"""
responses:
  utter_x:
  - text: "Call %(emergency_phone)s."
    metadata:
      translators: "Keep it short."
    buttons:
    - title: "Yes"
      payload: /affirm
"""


def test_texts_and_button_titles_are_extracted_with_context_and_comments():
    found = list(extract_domain_responses(io.BytesIO(DOMAIN), None, None, None))
    assert found == [
        (4, "gettext", "Call %(emergency_phone)s.", ["Translators: Keep it short."]),
        (8, "pgettext", ("button", "Yes"), []),
    ]
