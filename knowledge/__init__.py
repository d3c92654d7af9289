"""The SEN support guide's knowledge base: content, questions, local services and rules.

Depends only on the standard library and PyYAML, so the Rasa actions (Python 3.10) and the
API (Python 3.11) import the same content. Nothing is read at import time: the first call to
``load_knowledge`` reads and validates everything, then caches it per council file.
"""

from knowledge.ages import YOUNG_PERSON_MAX_AGE, YOUNG_PERSON_MIN_AGE, is_young_person
from knowledge.complaints import COMPLAINT_TRIED, next_complaint_step
from knowledge.contacts import contact_line, format_contact
from knowledge.errors import ContentError, CouncilConfigError, KnowledgeError
from knowledge.forms import (
    Form,
    FormOption,
    FormQuestion,
    FormsContent,
    answer_payload,
    clarifying_text,
    control_word,
    interpret_answer,
    looks_like_a_question,
    question_buttons,
)
from knowledge.glossary import ENTITY_LABELS, Glossary
from knowledge.loader import Knowledge, load_knowledge
from knowledge.mentions import (
    EHC_PLAN_TOPIC,
    WHERE_GUIDE_APPLIES_TOPIC,
    Mention,
    explain_mentions,
    find_mentions,
    places_outside_england,
    says_child_has_ehc_plan,
)
from knowledge.model import (
    ComplaintStep,
    Contact,
    CouncilConfig,
    GlossaryTerm,
    Question,
    Service,
    Source,
    Topic,
)
from knowledge.questions import STAGES, QuestionBank, Stage, suggest_questions
from knowledge.render import (
    complaint_step_reply,
    local_services_reply,
    not_understood_reply,
    questions_reply,
    recommendation_reply,
    source_line,
    topic_reply,
)
from knowledge.safeguarding import (
    RiskMatch,
    detect_risk,
    emergency_contacts,
    safeguarding_message,
)
from knowledge.triage import (
    ANSWERS,
    EHC_QUESTION_FIELDS,
    PROGRESS,
    RECOMMENDATION_CODES,
    REVIEW_CYCLES,
    Answer,
    EhcAnswers,
    Progress,
    Reason,
    Recommendation,
    RecommendationCode,
    ReviewCycles,
    case_summary,
    triage_ehc,
)

__all__ = [
    "ANSWERS",
    "COMPLAINT_TRIED",
    "EHC_PLAN_TOPIC",
    "EHC_QUESTION_FIELDS",
    "ENTITY_LABELS",
    "PROGRESS",
    "RECOMMENDATION_CODES",
    "REVIEW_CYCLES",
    "STAGES",
    "WHERE_GUIDE_APPLIES_TOPIC",
    "YOUNG_PERSON_MAX_AGE",
    "YOUNG_PERSON_MIN_AGE",
    "Answer",
    "ComplaintStep",
    "Contact",
    "ContentError",
    "CouncilConfig",
    "CouncilConfigError",
    "EhcAnswers",
    "Form",
    "FormOption",
    "FormQuestion",
    "FormsContent",
    "Glossary",
    "GlossaryTerm",
    "Knowledge",
    "KnowledgeError",
    "Mention",
    "Progress",
    "Question",
    "QuestionBank",
    "Reason",
    "Recommendation",
    "RecommendationCode",
    "ReviewCycles",
    "RiskMatch",
    "Service",
    "Source",
    "Stage",
    "Topic",
    "answer_payload",
    "case_summary",
    "clarifying_text",
    "complaint_step_reply",
    "contact_line",
    "control_word",
    "detect_risk",
    "emergency_contacts",
    "explain_mentions",
    "find_mentions",
    "format_contact",
    "interpret_answer",
    "is_young_person",
    "load_knowledge",
    "local_services_reply",
    "looks_like_a_question",
    "next_complaint_step",
    "not_understood_reply",
    "places_outside_england",
    "question_buttons",
    "questions_reply",
    "recommendation_reply",
    "safeguarding_message",
    "says_child_has_ehc_plan",
    "source_line",
    "suggest_questions",
    "topic_reply",
    "triage_ehc",
]
