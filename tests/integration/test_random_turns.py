"""At least 1,000 random turns through the real model: every turn gets an answer from Rasa itself.

Seeded random conversations of 5-30 turns mix what parents do: typed questions (the held-out
texts in bot/tests/nlu_test.yml, never trained on), every button payload the assistant can send
(the trained domain's responses, the payloads written in bot/actions, a button for every topic in
knowledge/), the buttons of the reply they just got, and free text (nonsense, long run-on messages,
yes/no, numbers, "not sure", "stop", "start again"), inside and outside every form (each started
by the intent its rule starts it with, then answered at random).

Every turn must answer below 500 with at least one message that Rasa itself wrote: a turn where
Rasa said nothing is a dialogue gap, which the API answers kindly (200) with its own words from
knowledge/ (`not_understood_reply`, which no bot response uses) and counts in
`sen_guide_dialogue_gaps_total`. The test spots each gap by those words and checks the counter,
read before and after the walk, grew by exactly as many. A failure lists every kind found, each
with the conversation that led to it and the shortest ending of it that still fails in a fresh
conversation, so a developer can replay it.

Three conversations run at a time (Rasa, the action server and the API then overlap on two
cores); each conversation has its own seed, so it is the same whatever order they run in.
RANDOM_TURNS_SEED and RANDOM_TURNS change the walk (same seed, same model: same messages sent).
"""

from __future__ import annotations

import json
import os
import random
import re
import tarfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import yaml

from knowledge import load_knowledge, not_understood_reply
from scripts.stack import MODEL, ROOT, Stack

pytestmark = pytest.mark.stack

SEED = int(os.environ.get("RANDOM_TURNS_SEED", "20261202"))
TURNS = int(os.environ.get("RANDOM_TURNS", "1000"))
BOT = ROOT / "bot"
GAPS_METRIC = "sen_guide_dialogue_gaps_total"
MAX_MESSAGE_CHARS = 1000  # the API's default limit; longer would be a 422, not a turn
MAX_FAILURES = 60  # enough to see every kind; a dead stack should not take the whole run
# measured: Rasa, the actions and the API overlap on 2 cores (see the module's docstring)
CONCURRENT_CONVERSATIONS = int(os.environ.get("RANDOM_TURNS_AT_A_TIME", "3"))
GAP = "dialogue gap (Rasa answered nothing)"
GAP_REPLY = not_understood_reply(load_knowledge().council)  # the API's reply to a gap
SHRINK_BUDGET_TURNS = 300  # replayed turns spent finding the shortest failing endings
# Slashes alone are refused as an empty message, by design (tests/api/test_api_quick_replies.py)
EMPTY_MESSAGE = "Type a message before sending."

YES_NO = (
    "yes", "yeah", "yep", "yes please", "i think so", "definitely", "ok", "sure",
    "no", "nope", "no thanks", "not really", "not that i know of", "never", "nah",
)  # fmt: skip
NOT_SURE = ("not sure", "dunno", "i don't know", "no idea", "maybe", "hard to say")
NUMBERS = (
    "0", "1", "2", "3", "10", "twice", "once", "three", "none", "lots",
    "3 reviews this year", "two meetings", "he is 7", "year 6", "about 4 times",
)  # fmt: skip
LEAVING = (
    "stop", "start again", "something else", "cancel", "quit", "never mind", "go back",
    "restart", "/restart", "menu", "can we talk about something else",
)  # fmt: skip
NONSENSE = (
    "asdfghjkl", "qwerty uiop", "???", "...", "hmm", "lol", "jjjjjjj", "x", "123456789",
    "🙂", "👍👍", "the cat sat on the mat", "what is the weather tomorrow", "pizza",
    "sdf sdf sdf ewr", "/", "//", "ok ok ok ok ok", "k", "blue",
)  # fmt: skip
DESCRIPTIVE = (
    "we went to the governors", "the EP has seen him", "the teacher said she is fine",
    "we had a meeting with the senco last week", "nothing has changed",
    "we have tried everything", "the school says he is doing well but he is not",
    "she gets help in a small group", "we complained to the head already",
    "yes, nothing changed", "we haven't done anything yet", "he has an IEP",
)  # fmt: skip


@dataclass
class Turn:
    sent: str
    kind: str
    status: int | None = None
    replies: list[dict[str, Any]] = field(default_factory=list)
    failure: str | None = None


@dataclass
class Failure:
    conversation: int
    turn: int
    kind: str
    intent: str | None
    history: list[Turn]
    shortest: list[str] | None = None

    @property
    def signature(self) -> tuple[str, str | None, str]:
        answered = [turn for turn in self.history[:-1] if turn.replies]
        before = _first_reply(answered[-1]) if answered else "(first turn)"
        return self.kind, self.intent, before[:70]


# --- what a parent can send -------------------------------------------------------------------


def _held_out_texts() -> dict[str, list[str]]:
    data = yaml.safe_load((BOT / "tests" / "nlu_test.yml").read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = {}
    for block in data["nlu"]:
        if "intent" not in block:
            continue
        examples = [
            # "[words](entity)" and "[words]{...}" annotations: keep the words
            re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", line[2:].strip())
            for line in block["examples"].splitlines()
            if line.strip().startswith("- ")
        ]
        texts.setdefault(block["intent"], []).extend(e for e in examples if e)
    return texts


def _trained_domain() -> dict[str, Any]:
    """The domain inside the model the stack runs (the source may have moved on since)."""
    with tarfile.open(MODEL, "r:gz") as archive:
        for member in archive:
            if member.name.endswith("domain_provider/domain.yml"):
                extracted = archive.extractfile(member)
                assert extracted is not None
                return dict(yaml.safe_load(extracted.read().decode("utf-8")))
    raise AssertionError(f"{MODEL} holds no domain")


def _payloads(domain: dict[str, Any]) -> list[str]:
    found: set[str] = set()
    for variants in (domain.get("responses") or {}).values():
        for variant in variants or []:
            for button in variant.get("buttons") or []:
                found.add(str(button["payload"]))
    for source in sorted((BOT / "actions").glob("*.py")):
        found.update(re.findall(r"\"payload\":\s*\"(/[^\"]+)\"", source.read_text()))
    kb = load_knowledge()
    found.update(f"/{topic.intent}" for topic in kb.topics.values() if topic.intent)
    # Rasa's templates write a literal brace twice
    return sorted(payload.replace("{{", "{").replace("}}", "}") for payload in found)


def _form_starts(domain: dict[str, Any]) -> dict[str, list[str]]:
    """Each form of the trained domain, with the intents the rules and stories start it by."""
    forms = set(domain.get("forms") or {})
    starts: dict[str, set[str]] = {form: set() for form in forms}
    for path in sorted((BOT / "data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for flow in (data.get("rules") or []) + (data.get("stories") or []):
            steps = flow.get("steps") or []
            for step, form, activated in zip(steps, steps[1:], steps[2:], strict=False):
                # an intent, then the form, then the form active: what starts it (an answer
                # inside a form is followed by the form too, but not by its activation)
                name = form.get("action")
                if "intent" in step and name in forms and activated.get("active_loop") == name:
                    starts[name].add(step["intent"])
    return {form: sorted(intents) for form, intents in sorted(starts.items()) if intents}


@dataclass(frozen=True)
class Pools:
    texts: dict[str, list[str]]
    payloads: list[str]
    form_starts: dict[str, list[str]]

    @classmethod
    def load(cls) -> Pools:
        domain = _trained_domain()
        return cls(_held_out_texts(), _payloads(domain), _form_starts(domain))


class Parent:
    """Chooses what to send next in one conversation, by its own seeded random walk (so each
    conversation is the same whichever order the conversations run in)."""

    def __init__(self, rng: random.Random, pools: Pools) -> None:
        self.rng = rng
        self.texts = pools.texts
        self.intents = sorted(self.texts)
        self.payloads = pools.payloads
        self.form_starts = pools.form_starts
        self.in_form = 0  # turns still to answer in the form just started

    def next_message(self, last_replies: list[dict[str, Any]]) -> tuple[str, str]:
        buttons = [b["payload"] for m in last_replies for b in m.get("buttons") or []]
        if self.in_form:
            self.in_form -= 1
            return self._form_answer(buttons)
        roll = self.rng.random()
        if roll < 0.15 and self.form_starts:
            return self._start_form()
        if roll < 0.45:
            return self._held_out()
        if roll < 0.60 and buttons:
            return self.rng.choice(buttons), "button"
        if roll < 0.75:
            return self.rng.choice(self.payloads), "payload"
        return self._free_text()

    def _start_form(self) -> tuple[str, str]:
        form = self.rng.choice(sorted(self.form_starts))
        intent = self.rng.choice(self.form_starts[form])
        self.in_form = self.rng.randint(1, 8)
        if self.texts.get(intent) and self.rng.random() < 0.6:
            return self.rng.choice(self.texts[intent]), f"start {form} ({intent}, typed)"
        return f"/{intent}", f"start {form} ({intent}, payload)"

    def _form_answer(self, buttons: list[str]) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < 0.35 and buttons:
            return self.rng.choice(buttons), "form: button"
        pools = [
            (YES_NO, "form: yes/no"),
            (NOT_SURE, "form: not sure"),
            (NUMBERS, "form: number"),
            (DESCRIPTIVE, "form: description"),
            (LEAVING, "form: leaving"),
            (NONSENSE, "form: nonsense"),
        ]
        if roll < 0.80:
            pool, kind = self.rng.choice(pools)
            return self.rng.choice(pool), kind
        if roll < 0.93:
            text, kind = self._held_out()
            return text, f"form: question ({kind})"
        return self.rng.choice(self.payloads), "form: payload"

    def _held_out(self) -> tuple[str, str]:
        intent = self.rng.choice(self.intents)
        return self.rng.choice(self.texts[intent]), f"typed {intent}"

    def _free_text(self) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < 0.25:
            return self.rng.choice(NONSENSE), "nonsense"
        if roll < 0.45:
            return self.rng.choice(YES_NO + NOT_SURE), "yes/no"
        if roll < 0.55:
            return self.rng.choice(NUMBERS), "number"
        if roll < 0.65:
            return self.rng.choice(LEAVING), "leaving"
        if roll < 0.75:
            return self.rng.choice(DESCRIPTIVE), "description"
        return self._long_message(), "long message"

    def _long_message(self) -> str:
        parts = [self._held_out()[0] for _ in range(self.rng.randint(2, 6))]
        glue = self.rng.choice((" ", " and ", ". ", ", also ", " but "))
        text = glue.join(parts)
        if self.rng.random() < 0.3:
            text = text.lower().replace(".", "").replace(",", "").replace("'", "")
        if self.rng.random() < 0.2:
            text = (text + " ") * (MAX_MESSAGE_CHARS // max(len(text), 1))
        return text[:MAX_MESSAGE_CHARS].strip() or "hello"


# --- talking to the stack -----------------------------------------------------------------------


class Chat:
    """One client of the API. A dialogue gap shows as the API's own not-understood reply (words
    from knowledge/ that neither Rasa nor the actions send); the gap counter, read around the
    whole run, confirms that no gap went unseen."""

    def __init__(self, stack: Stack) -> None:
        self.api = stack.api_url
        self.http = httpx.Client(timeout=httpx.Timeout(90, connect=10))

    def gaps(self) -> float:
        response = self.http.get(f"{self.api}/metrics")
        response.raise_for_status()
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in response.text.splitlines()
            if line.startswith(GAPS_METRIC)
        )

    def send(self, text: str, session_id: str | None) -> httpx.Response:
        body: dict[str, str] = {"message": text}
        if session_id:
            body["session_id"] = session_id
        for _ in range(5):
            response = self.http.post(f"{self.api}/api/v1/chat", json=body)
            if response.status_code != 429:
                return response
            # the fixture lifts the limits; should another test share them, wait as told
            time.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    def turn(self, turn: Turn, session_id: str | None) -> str | None:
        """Send one turn and judge it; returns the session id to continue with."""
        try:
            response = self.send(turn.sent, session_id)
        except httpx.HTTPError as error:
            turn.failure = f"no answer ({type(error).__name__})"
            return session_id
        turn.status = response.status_code
        body = _json(response)
        turn.replies = list(body.get("messages") or [])
        if not turn.sent.replace("/", "").strip():
            if response.status_code != 422 or body.get("detail") != EMPTY_MESSAGE:
                turn.failure = f"slashes only: status {response.status_code}, not 422"
            return session_id  # a refused message is no turn of the conversation
        if response.status_code >= 500:
            turn.failure = f"status {response.status_code}"
        elif response.status_code != 200:
            turn.failure = f"status {response.status_code}: {body.get('detail')}"
        elif not turn.replies or not all(str(m.get("text", "")).strip() for m in turn.replies):
            turn.failure = "no message"
        elif any(message.get("text") == GAP_REPLY for message in turn.replies):
            turn.failure = GAP
        return str(body.get("session_id") or session_id or "") or None

    def intent_of_last_turn(self, session_id: str | None) -> str | None:
        if not session_id:
            return None
        response = self.http.get(f"{self.api}/api/v1/sessions/{session_id}/transcript")
        if response.status_code != 200:
            return None
        users = [t for t in response.json()["turns"] if t["sender"] == "user"]
        return users[-1].get("intent") if users else None

    def replay(self, texts: list[str]) -> Turn:
        """The texts in a fresh conversation; the last turn, judged."""
        session_id: str | None = None
        last = Turn(sent="", kind="replay")
        for index, text in enumerate(texts):
            last = Turn(sent=text, kind="replay")
            session_id = self.turn(last, session_id)
            if last.failure and index < len(texts) - 1:
                last.failure = f"earlier: {last.failure}"  # not the turn being reproduced
                return last
        return last


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _first_reply(turn: Turn) -> str:
    return str(turn.replies[0].get("text", "")) if turn.replies else "(nothing)"


def _shortest_ending(chat: Chat, failure: Failure, budget: list[int]) -> list[str] | None:
    """The shortest last few messages that fail the same way in a fresh conversation, then
    with any one message of them left out where it still fails."""
    texts = [turn.sent for turn in failure.history]
    ending: list[str] | None = None
    for length in range(1, len(texts) + 1):
        if budget[0] < length:
            return None
        budget[0] -= length
        if chat.replay(texts[-length:]).failure == failure.kind:
            ending = texts[-length:]
            break
    if ending is None:
        return None
    index = 0
    while index < len(ending) - 1 and budget[0] >= len(ending) - 1:
        shorter = ending[:index] + ending[index + 1 :]
        budget[0] -= len(shorter)
        if chat.replay(shorter).failure == failure.kind:
            ending = shorter
        else:
            index += 1
    return ending


def _describe(turn: Turn) -> str:
    lines = [f"  parent> {turn.sent!r}   [{turn.kind}]"]
    if turn.status != 200:
        lines.append(f"    (HTTP {turn.status})")
    for message in turn.replies:
        text = " ".join(str(message.get("text", "")).split())
        text = text if len(text) <= 110 else text[:107] + "..."
        buttons = [b["payload"] for b in message.get("buttons") or []]
        lines.append(f"    bot> {text}" + (f"   buttons: {buttons}" if buttons else ""))
    if turn.failure:
        lines.append(f"    ^^^ {turn.failure}")
    return "\n".join(lines)


def _outage_reasons(stack: Stack) -> Counter[str]:
    """Why the API answered 503, from its own log (reasons only: the log holds no words)."""
    reasons: Counter[str] = Counter()
    log = stack.log_dir / "api.log" if stack.log_dir else None
    if log is None or not log.exists():
        return reasons
    for line in log.read_text(errors="replace").splitlines():
        entry = line[line.find("{") :]
        if '"rasa unavailable"' in entry:
            try:
                reasons[str(json.loads(entry).get("reason"))] += 1
            except ValueError:
                continue
    return reasons


def _report(
    failures: list[Failure], turns: int, conversations: int, seconds: float, stack: Stack
) -> str:
    kinds = Counter(failure.signature for failure in failures)
    lines = [
        f"{len(failures)} failing turns in {turns} turns, {conversations} conversations "
        f"({seconds:.0f} s; RANDOM_TURNS_SEED={SEED}, RANDOM_TURNS={TURNS}, model {MODEL}).",
        "",
        "Kinds (failure, intent Rasa read, the bot's message before):",
    ]
    for (kind, intent, before), count in kinds.most_common():
        lines.append(f"- {count} x {kind}; intent {intent}; after {before!r}")
    if any(failure.kind.startswith("status 5") for failure in failures):
        lines.append(f"Why the API answered 503 (its log): {dict(_outage_reasons(stack))}")
    shown: set[tuple[str, str | None, str]] = set()
    for failure in failures:
        if failure.signature in shown:
            continue
        shown.add(failure.signature)
        lines += [
            "",
            f"=== {failure.kind} (intent {failure.intent}): conversation {failure.conversation},"
            f" turn {failure.turn}",
        ]
        if failure.shortest:
            lines.append(
                "shortest ending that fails the same way in a fresh conversation: "
                + json.dumps(failure.shortest)
            )
        else:
            lines.append("(no shorter ending reproduced it in a fresh conversation)")
        lines.append("the conversation, as sent: " + json.dumps([t.sent for t in failure.history]))
        lines += [_describe(turn) for turn in failure.history]
    return "\n".join(lines)


class Walk:
    """Hands out conversations (each with its own seed) to the workers until enough turns
    have been sent, and collects what they found."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.pools = Pools.load()
        self.lock = threading.Lock()
        self.next_index = 0
        self.turns = 0
        self.reserved = 0
        self.failures: list[Failure] = []
        self.kinds: Counter[str] = Counter()

    def take(self) -> tuple[int, int] | None:
        with self.lock:
            if self.turns + self.reserved >= TURNS or len(self.failures) >= MAX_FAILURES:
                return None
            index = self.next_index
            self.next_index += 1
            length = random.Random(f"{SEED}:{index}:length").randint(5, 30)
            self.reserved += length
            return index, length

    def work(self) -> None:
        chat = Chat(self.stack)
        try:
            while (taken := self.take()) is not None:
                self.converse(chat, *taken)
        finally:
            chat.http.close()

    def converse(self, chat: Chat, index: int, length: int) -> None:
        parent = Parent(random.Random(f"{SEED}:{index}"), self.pools)
        session_id: str | None = None
        history: list[Turn] = []
        failure: Failure | None = None
        for _ in range(length):
            text, kind = parent.next_message(history[-1].replies if history else [])
            turn = Turn(sent=text, kind=kind)
            history.append(turn)
            session_id = chat.turn(turn, session_id)
            if turn.failure:
                intent = chat.intent_of_last_turn(session_id)
                failure = Failure(index, len(history), turn.failure, intent, list(history))
                break  # a fresh conversation: what follows a failure says little
        with self.lock:
            self.reserved -= length
            self.turns += len(history)
            self.kinds.update(turn.kind.split()[0].rstrip(":") for turn in history)
            if failure is not None:
                self.failures.append(failure)


def test_a_thousand_random_turns_all_get_an_answer_from_the_assistant(stack: Stack) -> None:
    walk = Walk(stack)
    chat = Chat(stack)
    gaps_before = chat.gaps()
    started = time.monotonic()
    workers = [threading.Thread(target=walk.work) for _ in range(CONCURRENT_CONVERSATIONS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.monotonic() - started
    gaps_counted = chat.gaps() - gaps_before
    failures = sorted(walk.failures, key=lambda failure: failure.conversation)
    print(
        f"\n{walk.turns} random turns in {walk.next_index} conversations, {seconds:.0f} s "
        f"({seconds / max(walk.turns, 1) * 1000:.0f} ms a turn, {CONCURRENT_CONVERSATIONS} "
        f"conversations at a time); forms started by {walk.pools.form_starts}; "
        f"sent: {dict(walk.kinds.most_common())}"
    )

    gaps_seen = sum(failure.kind == GAP for failure in failures)
    budget = [SHRINK_BUDGET_TURNS]
    seen: set[tuple[str, str | None, str]] = set()
    for failure in failures:
        if failure.signature not in seen:
            seen.add(failure.signature)
            failure.shortest = _shortest_ending(chat, failure, budget)
    chat.http.close()
    assert walk.turns >= TURNS or failures, "the walk stopped early"
    if failures or gaps_counted != gaps_seen:
        report = _report(failures, walk.turns, walk.next_index, seconds, stack)
        if gaps_counted != gaps_seen:
            counted = f"The API counted {gaps_counted} dialogue gaps; replies showed {gaps_seen}."
            report = f"{counted}\n{report}"
        pytest.fail(report, pytrace=False)
