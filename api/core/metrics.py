"""Prometheus metrics. Labels never carry message text or session ids."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

CHAT_TURNS = Counter(
    "sen_guide_chat_turns_total",
    "Chat turns handled, by outcome (answered, dialogue_gap, safeguarding, unavailable).",
    ["outcome"],
    registry=REGISTRY,
)
CHAT_LATENCY = Histogram(
    "sen_guide_chat_turn_seconds",
    "Time to answer a chat turn, including the call to Rasa.",
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30),
    registry=REGISTRY,
)
RASA_LATENCY = Histogram(
    "sen_guide_rasa_call_seconds",
    "Time Rasa's REST channel took to answer.",
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30),
    registry=REGISTRY,
)
FALLBACKS = Counter(
    "sen_guide_fallbacks_total",
    "Turns where the assistant could not understand or could not answer, by reason.",
    ["reason"],
    registry=REGISTRY,
)
DIALOGUE_GAPS = Counter(
    "sen_guide_dialogue_gaps_total",
    "Turns where Rasa was up but answered nothing (a dialogue gap, not an outage), by the intent"
    " Rasa read (unknown when its reply did not say).",
    ["intent"],
    registry=REGISTRY,
)
ERRORS = Counter(
    "sen_guide_errors_total",
    "Errors by kind (rasa_unavailable, storage, tracker, unhandled).",
    ["kind"],
    registry=REGISTRY,
)
HTTP_REQUESTS = Counter(
    "sen_guide_http_requests_total",
    "HTTP responses by route template, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
REJECTED = Counter(
    "sen_guide_rejected_requests_total",
    "Requests refused at the edge, by reason (rate_limit, busy, too_large, invalid).",
    ["reason"],
    registry=REGISTRY,
)
