"""The SEN support guide's knowledge base: content, questions, local services and rules.

Depends only on the standard library and PyYAML, so the Rasa actions (Python 3.10) and the
API (Python 3.11) import the same content. Nothing is read at import time: the first call to
``load_knowledge`` reads and validates everything, then caches it per council file.

The names exported here are what the bot and the API use (and the team's contract: ``Answer``
and the three errors); everything else is imported from its
module (``knowledge.triage.ANSWERS``, ``knowledge.errors.ContentError``...).
"""

from knowledge.ages import is_young_person
from knowledge.clock import (
    Milestone,
    WorkingDays,
    after_decision_letter,
    after_request,
    annual_review,
    appeal_deadline,
    draft_plan,
    phase_transfer,
)
from knowledge.complaints import next_complaint_step
from knowledge.contacts import contact_line, format_contact
from knowledge.errors import ContentError, CouncilConfigError, KnowledgeError
from knowledge.forms import (
    Form,
    FormQuestion,
    clarifying_text,
    control_word,
    interpret_answer,
    looks_like_a_question,
    question_buttons,
    reply_to_offer,
)
from knowledge.glossary import ENTITY_LABELS
from knowledge.loader import Knowledge, load_knowledge
from knowledge.mentions import (
    EHC_PLAN_TOPIC,
    WHERE_GUIDE_APPLIES_TOPIC,
    explain_mentions,
    find_mentions,
    places_outside_england,
    says_child_has_ehc_plan,
)
from knowledge.model import ComplaintStep, Question, Service, Source, Topic
from knowledge.questions import Stage, suggest_questions
from knowledge.render import (
    complaint_step_reply,
    not_understood_reply,
    questions_reply,
    recommendation_reply,
    source_line,
    topic_reply,
)
from knowledge.safeguarding import RiskMatch, detect_risk, emergency_contacts, safeguarding_message
from knowledge.triage import EHC_QUESTION_FIELDS, Answer, EhcAnswers, Recommendation, triage_ehc

__all__ = [
    "EHC_PLAN_TOPIC",
    "EHC_QUESTION_FIELDS",
    "ENTITY_LABELS",
    "WHERE_GUIDE_APPLIES_TOPIC",
    "Answer",
    "ComplaintStep",
    "ContentError",
    "CouncilConfigError",
    "EhcAnswers",
    "Form",
    "FormQuestion",
    "Knowledge",
    "KnowledgeError",
    "Milestone",
    "Question",
    "Recommendation",
    "RiskMatch",
    "Service",
    "Source",
    "Stage",
    "Topic",
    "WorkingDays",
    "after_decision_letter",
    "after_request",
    "annual_review",
    "appeal_deadline",
    "clarifying_text",
    "complaint_step_reply",
    "contact_line",
    "control_word",
    "detect_risk",
    "draft_plan",
    "emergency_contacts",
    "explain_mentions",
    "find_mentions",
    "format_contact",
    "interpret_answer",
    "is_young_person",
    "load_knowledge",
    "looks_like_a_question",
    "next_complaint_step",
    "not_understood_reply",
    "phase_transfer",
    "places_outside_england",
    "question_buttons",
    "questions_reply",
    "recommendation_reply",
    "reply_to_offer",
    "safeguarding_message",
    "says_child_has_ehc_plan",
    "source_line",
    "suggest_questions",
    "topic_reply",
    "triage_ehc",
]
