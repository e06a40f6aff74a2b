"""Client speed on the 200,000-application database (a benchmark, not a test).

    python bench/bench_startup.py [--db PATH] [--runs 3]

Without --db it builds the database with bench/build_large.py (once; reused afterwards). Prints:
  - start-up: process start to a shown main window with the work list filled (target < 1.5 s);
  - a search or filter keystroke answered (target < 100 ms each);
  - scrolling the full case list top to bottom a screen at a time (the slowest step; never blocks);
  - resident memory after all that (target < 400 MB).
Each measurement runs in a fresh process with throw-away settings, offscreen.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DB = Path(tempfile.gettempdir()) / "kjdesk-bench-200k.sqlite"

# Runs in the child: the user's own start (`kjdesk --db PATH`, through kjdesk.cli.main), stopped
# once the main window is shown with its work list; then, for "interact", the interactions, timed
# inside the process.
CHILD = r"""
import json, os, sys, time
import kjdesk.ui.app as client
from kjdesk import cli

built = {}
def build_and_measure(db):
    app, window = built["app"], built["window"] = original(db)
    app.processEvents()
    built["ready"] = time.time()
    raise SystemExit(0)  # leave kjdesk.cli.main before the event loop

original, client.build_client = client.build_client, build_and_measure
try:
    cli.main(["--db", sys.argv[1]])
except SystemExit:
    pass
app, window = built["app"], built["window"]
figures = {"ready": built["ready"], "work_list_rows": window.current_page().model.rowCount()}
if sys.argv[2] == "interact":
    from PySide6.QtWidgets import QApplication
    page = window.show_page("cases")
    app.processEvents()
    def timed(action):
        start = time.perf_counter()
        action()
        app.processEvents()
        return (time.perf_counter() - start) * 1000
    # Each question as the user asks it: the time the GUI thread is busy with the keystroke
    # (the query then runs on a worker), and the time until the answer is on screen.
    keystrokes, answers = {}, {}

    def ask(name, action):
        page.search.setText("")
        for combo in (page.status, page.product, page.year, page.district, page.bank):
            combo.setCurrentIndex(0)
        page.refresh()
        start = time.perf_counter()
        action()
        page._search_timer.stop()  # skip the typing pause: ask now
        page._requery()
        keystrokes[name] = (time.perf_counter() - start) * 1000
        page.wait_for_search()
        page.table.viewport().repaint()
        answers[name] = ((time.perf_counter() - start) * 1000, page.model.rowCount())

    for text in ("上", "上海", "第12", "第12345", "KJ", "KJ2015", "KJ20150001", "91310", "9131000012"):
        ask("search " + text, lambda: page.search.setText(text))
    for combo, pick in ((page.status, 3), (page.product, 2), (page.year, 3), (page.district, 1), (page.bank, 4)):
        ask("filter " + combo.itemText(pick), lambda: combo.setCurrentIndex(pick))
    page.search.setText("")
    for combo in (page.status, page.product, page.year, page.district, page.bank):
        combo.setCurrentIndex(0)
    page.refresh()
    figures["keystrokes_ms"] = keystrokes
    figures["answers_ms"] = answers
    figures["all_cases"] = page.model.rowCount()
    bar = page.table.verticalScrollBar()
    steps = []
    value = 0
    while value < bar.maximum():
        value = min(bar.maximum(), value + bar.pageStep())
        steps.append(timed(lambda: (bar.setValue(value), page.table.viewport().repaint())))
    figures["scroll_steps"] = len(steps)
    figures["scroll_max_ms"] = max(steps) if steps else 0
    figures["scroll_median_ms"] = sorted(steps)[len(steps) // 2] if steps else 0
    figures["scroll_total_s"] = sum(steps) / 1000
    figures["cached_pages"] = page.model.cached_pages()
with open("/proc/self/status") as fh:
    rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
figures["rss_mb"] = rss / 1024
print(json.dumps(figures), flush=True)
import os
os._exit(0)  # the figures are out; skip tearing down 200,000 rows' worth of Qt objects
"""


def ensure_database(db: str | None) -> Path:
    if db:
        return Path(db)
    if not DEFAULT_DB.exists():
        builder = HERE / "build_large.py"
        if not builder.exists():
            sys.exit("bench/build_large.py is not there yet: pass --db PATH to a large kjdesk database")
        subprocess.run([sys.executable, str(builder), "--db", str(DEFAULT_DB)], check=True)
    return DEFAULT_DB


def run_child(db: Path, mode: str) -> tuple[float, dict]:
    with tempfile.TemporaryDirectory() as config:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config)
        env.pop("KJDESK_DB", None)
        start = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD, str(db), mode], env=env, check=True,
                             capture_output=True, text=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return figures["ready"] - start, figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing large kjdesk database")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    db = ensure_database(args.db)

    run_child(db, "start")  # warm the OS file cache, as on a laptop used daily
    starts = [run_child(db, "start") for _ in range(args.runs)]
    times = [t for t, _ in starts]
    print(f"database: {db} ({db.stat().st_size / 2**20:.0f} MB)")
    print(f"start-up to a shown work list ({starts[0][1]['work_list_rows']} rows): "
          f"median {statistics.median(times):.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s "
          f"(target < 1.5 s)")
    _, figures = run_child(db, "interact")
    print(f"case list: {figures['all_cases']:,} cases")
    print(f"  {'question':<26} {'keystroke':>10} {'answered':>10}  matches")
    for name, ms in figures["keystrokes_ms"].items():
        answered, rows = figures["answers_ms"][name]
        print(f"  {name:<26} {ms:8.1f} ms {answered:7.1f} ms  {rows:,}")
    worst = max(figures["keystrokes_ms"].values())
    print(f"slowest keystroke: {worst:.1f} ms (target < 100 ms); slowest answer: "
          f"{max(a for a, _ in figures['answers_ms'].values()):.0f} ms (off the GUI thread)")
    print(f"scrolling top to bottom: {figures['scroll_steps']} screens, median {figures['scroll_median_ms']:.1f} ms, "
          f"slowest {figures['scroll_max_ms']:.1f} ms, "
          f"total {figures['scroll_total_s']:.1f} s, {figures['cached_pages']} pages cached")
    print(f"resident memory: {figures['rss_mb']:.0f} MB (target < 400 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
