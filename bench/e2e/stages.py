#!/usr/bin/python3
"""Shares of CPU per refresh stage from a `perf record --call-graph dwarf` profile.

    perf script -i perf.data | bench/e2e/stages.py

Each sample goes to the innermost frame that names a stage (below, first match
from the leaf outwards), so a stage's share includes what it calls, except what
a more specific stage claims (the index's apply inside the engine's apply).
"""
import collections
import sys

# (stage, substrings of a frame's symbol), checked in this order for each frame.
STAGES = [
    ("apply (index/apply.cc, store, record_doc)", ["cecat::index::Index::ApplySourceStream",
                                                    "cecat::index::detail::Store",
                                                    "cecat::index::detail::RecordDoc",
                                                    "cecat::index::(anonymous namespace)::Apply"]),
    ("inherited approvals after the apply (Index::ReviseCourses)",
     ["cecat::index::Index::ReviseCourses"]),
    ("engine's index lookups (ReplacedIds: RecordsOnPage; dedup; providers)",
     ["cecat::index::Index::FindByMatchKey", "cecat::index::Index::RecordsOnPage",
      "cecat::index::Index::FindById", "cecat::index::Index::Contributions"]),
    ("staging (index/stage.cc)", ["cecat::index::RecordStage"]),
    ("store responses (PrepareResponse, WriteResponses)", ["cecat::index::PrepareResponse",
                                                           "cecat::index::Index::WriteResponses"]),
    ("normalisation (normalise/)", ["cecat::normalise::"]),
    ("extraction (parsers/)", ["cecat::parsers::"]),
    ("feed (feed/)", ["cecat::feed::"]),
    ("crawl (crawler/, libcurl)", ["cecat::crawler::", "curl_", "Curl_"]),
    ("engine (refresh/, other)", ["cecat::refresh::"]),
]


def main():
    counts = collections.Counter()
    total = 0
    frames = []

    def flush():
        nonlocal total
        if not frames:
            return
        total += 1
        for sym in frames:
            for stage, needles in STAGES:
                if any(n in sym for n in needles):
                    counts[stage] += 1
                    return
        counts["other (process start, sqlite outside a stage, kernel)"] += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            frames = []
            continue
        if line[0] in " \t":
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                frames.append(parts[1])
    flush()
    for stage, n in counts.most_common():
        print(f"{100.0 * n / total:5.1f}%  {n:7d}  {stage}")
    print(f"{100.0:5.1f}%  {total:7d}  samples")


if __name__ == "__main__":
    main()
