"""Build the assistant's own spaCy pipeline: blank English, lookup lemmatizer, entity ruler.

Usage: python bot/nlp/build_pipeline.py <outdir> [--council-config PATH]

The entity ruler patterns come from `knowledge` (its glossary), so the words the assistant
recognises and the words its answers use have one source. We ship no pretrained statistical
model: the pipeline is small, fast on two cores and its behaviour is fully explained by the
patterns and lookup tables.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy
from spacy.language import Language

from knowledge import ENTITY_LABELS, load_knowledge


def build_pipeline(council_config: str | None = None) -> Language:
    """Return the pipeline: tokenizer, lookup lemmatizer and knowledge-driven entity ruler."""
    knowledge = load_knowledge(council_config)
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    # phrase_matcher_attr LOWER: parents rarely capitalise "senco" or "ehcp"
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    # initialize() loads the lookup tables from spacy-lookups-data; it would also reset the
    # ruler, so the patterns are added afterwards.
    nlp.initialize()
    patterns = list(knowledge.entity_patterns())
    unknown = sorted({p["label"] for p in patterns} - set(ENTITY_LABELS))
    if unknown:
        raise ValueError(f"knowledge produced entity labels the bot does not use: {unknown}")
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    nlp.meta["name"] = "sen_guide"
    nlp.meta["version"] = "1.0.0"
    nlp.meta["description"] = "SEN support guide: lookup lemmatizer and glossary entity ruler"
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="directory to write the pipeline to")
    parser.add_argument(
        "--council-config",
        help="council configuration file (default: $COUNCIL_CONFIG or the packaged default)",
    )
    args = parser.parse_args(argv)
    nlp = build_pipeline(args.council_config)
    args.outdir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.outdir)
    ruler = nlp.get_pipe("entity_ruler")
    print(f"wrote {args.outdir} with {len(ruler)} entity patterns")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
