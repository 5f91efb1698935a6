"""`make bench`: this bot against Rasa's default assistant (`rasa init`, the TensorFlow moodbot),
same machine, same Rasa 3.6, same load. It compares two different assistants (NLU pipeline and
dialogue), not Rasa's own overhead on one assistant.

Two commands:

- measure.py runs everything and writes only JSON (docs/benchmarks-vs-rasa.json);
- render.py turns that JSON into section `bench` of docs/benchmarks.md and the plot
  docs/benchmarks-vs-rasa.png, running nothing (`make bench-render`).

One bot after the other, never both at once (the machine has two cores), each measured the
same way:

1. Training time (training.py). Ours: `rasa train` of this project as the Makefile's model rule
   runs it, into a temporary --out directory, with --force and an empty Rasa training cache.
   Plain Rasa: the training `rasa init --no-prompt` does when it creates the default project in
   a temporary directory (the init's only other work, copying the template, is timed from its
   output and subtracted), so the plain model is trained once, not twice.
2. Start-up to ready (bots.py, startup.py): from launching the processes (ours: the action
   server and Rasa at once, as `make run` does; plain: `rasa run`, its default project has no
   custom actions) until a message is answered, as bot.run.local defines ready. Then a second,
   instrumented start-up says where that time goes: imports per package (`python -X
   importtime`), unpacking the model archive, loading each graph component (for TensorFlow
   models also Keras `fit`, `load_weights` and the first inference), and the first message. The
   instrument is a sitecustomize module on PYTHONPATH (startup_hook/) that times those Rasa and
   Keras methods from outside; nothing in the bot changes.
3. Load over the REST channel (load.py): C = 1, 10 and 50 virtual users, each sending a message,
   waiting for the answer and sending the next at once (no think time), for --seconds per
   level, with a new conversation (sender id) every 6 messages because the bot limits messages
   per conversation (HULPROUTE_MESSAGE_BURST, HULPROUTE_MESSAGES_PER_MINUTE); plain Rasa gets
   the same shape. The bot's global message limit is raised (scripts/bench/limits.py). Ours gets
   bench-load's twelve-language mix without a language hint; plain Rasa gets English
   conversations along the stories of its moodbot. Latency p50/p95/p99, answered messages per
   second, errors (status not 200, timeout, empty answer).
4. Memory (memory.py): the resident set (VmRSS) summed over each bot's process tree, sampled
   every 0.5 s from ready to the end of the last level; the peak is reported.
5. Place resolution and directory lookup at p95, in process (bench-directory's measurement).
6. With py-spy (a dev dependency; profiling.py): a sampling profile of every server process of
   each bot for --profile-seconds at 10 users, after the measured levels, summed by graph
   component and by part of the request.

Usage: .venv/bin/python -m scripts.bench.compare.measure --model models/<hash>.tar.gz
           [--seconds 30] [--levels 1,10,50] [--warmup 5] [--profile-seconds 10]
           [--plain-project DIR] [--skip-training]   (these two for quick trials: no training)
           [--out FILE]                              (default docs/benchmarks-vs-rasa.json)
       .venv/bin/python -m scripts.bench.compare.render [--json FILE] [--doc FILE] [--plot FILE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.settings import PROJECT_ROOT

OURS, PLAIN = "this bot", "plain Rasa"
BIN = Path(sys.executable).parent
RAW = PROJECT_ROOT / "docs" / "benchmarks-vs-rasa.json"
PLOT = PROJECT_ROOT / "docs" / "benchmarks-vs-rasa.png"
