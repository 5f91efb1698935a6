"""Start the rasa_sdk action server on 127.0.0.1 only (rasa_sdk's own CLI binds 0.0.0.0)."""

from __future__ import annotations

import argparse
import logging

from rasa_sdk.endpoint import create_app

from bot import log_privacy


def main() -> None:
    """Serve the actions in this package until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    log_privacy.install(logging.WARNING)
    # Only the Rasa server calls the action server: no CORS origins at all.
    app = create_app("actions", cors_origins=[])
    app.run(host=args.host, port=args.port, access_log=False, workers=1)


if __name__ == "__main__":
    main()
