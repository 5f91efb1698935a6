"""Run inside a network namespace with only loopback (see test_offline.py): start the action
server and Rasa, talk to them, print what came back as JSON. Exit code 0 when it ran."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bot.run.servers import free_port, start_action_server, start_rasa, stop
from tests.integration.clients import RestClient
from tests.integration.logs import error_lines


def main(model: str) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="offline-"))
    action_port, rasa_port = free_port(), free_port()
    actions = start_action_server(action_port, workdir / "actions.log")
    rasa = start_rasa(Path(model), rasa_port, action_port, workdir, workdir / "rasa.log", None)
    try:
        client = RestClient(rasa_port)
        result = {
            "danger": client.text("offline-1", "I am in danger"),
            "help": client.text("offline-2", "where can I get help in Eindhoven"),
            "arabic": client.text("offline-3", "انا في خطر"),
        }
        # Read while the servers still run: what they wrote answering, not at shutdown.
        result["errors"] = error_lines(workdir / "actions.log", workdir / "rasa.log")
    finally:
        stop(rasa, actions)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
