"""The national contacts as placeholders every message may use: `%(comensha_phone)s`,
`%(comensha_hours)s`, `%(emergency_phone)s`, ... in each language."""

from __future__ import annotations

from bot.find_help.directory.records import Directory


def contact_params(directory: Directory, language: str) -> dict[str, str]:
    """Placeholders every message may use: `%(comensha_phone)s`, `%(comensha_hours)s`, ...

    Read from the directory data file, not the database: the emergency answer must not depend
    on a database being up.
    """
    params: dict[str, str] = {}
    for service in directory.services():
        number = service.phone_number
        if number:
            params[f"{service.key}_phone"] = number.display
        for field in ("email", "website"):
            value = getattr(service, field)
            if value:
                params[f"{service.key}_{field}"] = value
        if service.hours:
            params[f"{service.key}_hours"] = service.hours.format(language)
    return params
