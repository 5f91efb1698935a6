"""The benchmarks behind docs/benchmarks.md. Each is a command run from the project root:

    .venv/bin/python -m scripts.bench.nlu --train          make bench-nlu
    .venv/bin/python -m scripts.bench.directory            make bench-directory
    .venv/bin/python -m scripts.bench.paced_load --model   make bench-load
    .venv/bin/python -m scripts.bench.compare.measure      make bench (measures, writes JSON)
    .venv/bin/python -m scripts.bench.compare.render       make bench-render (JSON -> doc, plot)

Each writes its own section of docs/benchmarks.md (doc.py).
"""
