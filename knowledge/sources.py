"""Sources: the seed pages and public documents every statement names (content/sources.yml).

A leaf module: each part of the knowledge that cites sources imports ``resolve_sources`` from
here, and the loader parses sources.yml with ``parse_sources`` before the parts that cite it.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge._fields import Fields
from knowledge.model import Source

# The public pages kept in docs/sources/seeds/ (content/sources.yml cites them by file name).
SEEDS = (
    "000_22c26ba677be622e.txt",
    "001_13bcf42970dfe231.txt",
    "002_c50042a03cd94088.txt",
    "003_2f5eff0bb7c7ba48.txt",
    "004_f9ea0512b02263c2.txt",
)


def parse_sources(root: Fields) -> dict[str, Source]:
    """Every source by id, each with a seed file we keep or an https address."""
    sources: dict[str, Source] = {}
    for source_id, entry in root.entries("sources"):
        seed = entry.opt_text("seed")
        url = entry.opt_text("url")
        if seed is not None and seed not in SEEDS:
            entry.fail("seed", f"{seed!r} is not one of the seed files")
        if url is not None and not url.startswith("https://"):
            entry.fail("url", f"expected a web address starting with https://, got {url!r}")
        if seed is None and url is None:
            entry.fail("seed", "give a seed file name or a url so the source can be checked")
        sources[source_id] = Source(label=entry.text("label"), seed=seed, url=url)
    return sources


def resolve_sources(entry: Fields, sources: Mapping[str, Source]) -> tuple[Source, ...]:
    """The entry's required ``sources`` list, each id checked against content/sources.yml."""
    resolved = []
    for source_id in entry.text_list("sources", required=True):
        if source_id not in sources:
            entry.fail("sources", f"unknown source {source_id!r} (see content/sources.yml)")
        resolved.append(sources[source_id])
    return tuple(resolved)
