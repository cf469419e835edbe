"""Screening evaluation: precision and recall of each verdict on a labelled EN/FR sample, and the
screening time per text.

    python -m bench.screening_eval [--sample bench/data/moderation_sample.tsv] [--repeat 20]
        [--verdicts offensive=publish,...] [--classifier none]

The sample is written for the project: offensive and benign sentences, some naming or addressing
people, some with addresses or profile URLs (see its header). Runs without Neo4j.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections import Counter
from pathlib import Path

from secret_graph.config import Settings
from secret_graph.screening import VERDICTS, for_settings

SAMPLE = Path(__file__).with_name("data") / "moderation_sample.tsv"


def load(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lang, expected, text = line.split("\t", 2)
            rows.append((lang, expected, text))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--repeat", type=int, default=20, help="timing rounds over the sample")
    parser.add_argument("--verdicts", help="SECRET_GRAPH_SCREENING_VERDICTS to evaluate instead of the default")
    parser.add_argument("--classifier", help="SECRET_GRAPH_SCREENING_CLASSIFIER to evaluate instead")
    parser.add_argument("--errors", action="store_true", help="print every text judged wrongly")
    args = parser.parse_args(argv)
    env = {"SECRET_GRAPH_PEPPER": "evaluation-only-pepper-0123456789abcdef"}
    if args.verdicts:
        env["SECRET_GRAPH_SCREENING_VERDICTS"] = args.verdicts
    if args.classifier:
        env["SECRET_GRAPH_SCREENING_CLASSIFIER"] = args.classifier
    settings = dataclasses.replace(Settings.from_env(env))
    started = time.perf_counter()
    screener = for_settings(settings)
    print(f"screener built in {time.perf_counter() - started:.2f} s (classifier: {settings.screening_classifier})")
    rows = load(args.sample)
    results = [(lang, expected, screener.screen(text).verdict, text) for lang, expected, text in rows]

    print(f"\n{len(rows)} texts ({dict(Counter(lang for lang, *_ in rows))}); verdicts: {settings.screening_verdicts}")
    print(f"{'lang':<5} {'verdict':<8} {'support':>7} {'precision':>9} {'recall':>7}")
    for lang in ("all", *sorted({r[0] for r in rows})):
        subset = [r for r in results if lang in ("all", r[0])]
        for verdict in VERDICTS:
            support = sum(r[1] == verdict for r in subset)
            said = sum(r[2] == verdict for r in subset)
            right = sum(r[1] == r[2] == verdict for r in subset)
            precision = f"{right / said:.2f}" if said else "-"
            recall = f"{right / support:.2f}" if support else "-"
            print(f"{lang:<5} {verdict:<8} {support:>7} {precision:>9} {recall:>7}")
        accuracy = sum(r[1] == r[2] for r in subset) / len(subset)
        print(f"{lang:<5} {'accuracy':<8} {len(subset):>7} {accuracy:>9.2f}")
    if args.errors:
        for lang, expected, said, text in results:
            if expected != said:
                print(f"  {lang} expected {expected:<7} said {said:<7} {text}")

    times = []
    for _ in range(args.repeat):
        for _, _, text in rows:
            begun = time.perf_counter_ns()
            screener.screen(text)
            times.append((time.perf_counter_ns() - begun) / 1e6)
    times.sort()
    print(
        f"\nscreening time per text over {len(times)} runs: p50 {statistics.median(times):.3f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.3f} ms, max {times[-1]:.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
