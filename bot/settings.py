"""One typed settings object, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """Raised at start-up when a setting is present but unusable."""


def _path(env: dict[str, str], name: str, default: Path) -> Path:
    value = env.get(name)
    path = Path(value) if value else default
    if not path.exists():
        raise SettingsError(f"{name} points to {path}, which does not exist")
    return path


@dataclass(frozen=True)
class Settings:
    """Where the project's data lives, and the language to use while none is known."""

    locale_dir: Path
    domain_dir: Path
    messages_dir: Path
    facts_dir: Path
    nlu_dir: Path
    fallback_language: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from the environment (or a given mapping), validating every value."""
        env = dict(os.environ if environ is None else environ)
        from bot.languages import (
            SUPPORTED_LANGUAGES,  # local import: languages imports nothing back
        )

        fallback = env.get("HULPROUTE_FALLBACK_LANGUAGE", "en")
        if fallback not in SUPPORTED_LANGUAGES:
            raise SettingsError(
                f"HULPROUTE_FALLBACK_LANGUAGE must be one of {sorted(SUPPORTED_LANGUAGES)}, "
                f"got {fallback!r}"
            )
        return cls(
            locale_dir=_path(env, "HULPROUTE_LOCALE_DIR", PROJECT_ROOT / "locales"),
            domain_dir=_path(env, "HULPROUTE_DOMAIN_DIR", PROJECT_ROOT / "domain"),
            messages_dir=_path(env, "HULPROUTE_MESSAGES_DIR", PROJECT_ROOT / "messages"),
            facts_dir=_path(env, "HULPROUTE_FACTS_DIR", PROJECT_ROOT / "facts"),
            nlu_dir=_path(env, "HULPROUTE_NLU_DIR", PROJECT_ROOT / "data" / "nlu"),
            fallback_language=fallback,
        )
