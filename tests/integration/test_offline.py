"""The bot works with no network at all: nothing it needs lies outside the machine."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bot.run.servers import env
from bot.settings import PROJECT_ROOT
from tests.directory_data import organisation_name, phone
from tests.integration.logs import is_service_trouble

pytestmark = pytest.mark.server


def test_the_bot_answers_in_a_network_namespace_with_only_loopback(model_path):
    if not shutil.which("unshare") or not shutil.which("ip"):
        pytest.skip("needs unshare and ip (util-linux, iproute2)")
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.decode()[:200]}")
    script = (
        "ip link set lo up && " f"{sys.executable} -m tests.integration.offline_check {model_path}"
    )
    result = subprocess.run(
        ["unshare", "--net", "sh", "-c", script],
        cwd=PROJECT_ROOT,
        env=env(),
        capture_output=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    answers = json.loads(result.stdout.decode().strip().splitlines()[-1])
    assert answers.pop("errors") == []  # nothing failed on the way, whatever was answered
    for answer in answers.values():
        assert not is_service_trouble(answer), answer  # 112 in a crash's answer proves nothing
    assert f"Call {phone('emergency')}" in answers["danger"]
    assert organisation_name("lumens") in answers["help"] and phone("comensha") in answers["help"]
    assert phone("emergency") in answers["arabic"]
