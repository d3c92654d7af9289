"""Command line: ``python -m knowledge check`` and ``python -m knowledge show <topic>``."""

from __future__ import annotations

import argparse
import sys

from knowledge.check import find_problems, overdue_reviews
from knowledge.errors import KnowledgeError
from knowledge.loader import load_knowledge
from knowledge.render import topic_reply


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    parser.add_argument(
        "--council-config", help="council file to use (default: $COUNCIL_CONFIG or the example)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate all content and the council configuration")
    show = commands.add_parser("show", help="print a topic as the chat message parents see")
    show.add_argument("topic", help="topic id, e.g. sen_support")
    args = parser.parse_args(argv)

    try:
        knowledge = load_knowledge(args.council_config)
    except KnowledgeError as exc:
        print(f"knowledge check failed: {exc}", file=sys.stderr)
        return 1

    if args.command == "show":
        topic = knowledge.topics.get(args.topic)
        if topic is None:
            print(
                f"no topic {args.topic!r}; topics: {', '.join(knowledge.topics)}", file=sys.stderr
            )
            return 2
        print(topic_reply(topic, with_detail=True))
        return 0

    problems = find_problems(knowledge)
    for reminder in overdue_reviews(knowledge):
        print(f"reminder: {reminder}")
    if problems:
        print(f"knowledge check failed: {len(problems)} problem(s)", file=sys.stderr)
        for problem in problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    print(
        f"knowledge OK: {len(knowledge.topics)} topics, {len(knowledge.questions.questions)} "
        f"questions, {len(knowledge.glossary.terms)} glossary terms, "
        f"{len(knowledge.safeguarding.patterns)} safeguarding patterns, "
        f"council {knowledge.council.name!r} ({knowledge.council.path})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
