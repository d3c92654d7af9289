"""Rasa's check of each action-server reply, with its JSON Schema validator built once.

Rasa 3.6 checks every reply of the action server against a JSON Schema
(`RemoteAction._validate_action_result` in rasa/core/actions/action.py) by calling
`jsonschema.validate(result, RemoteAction.action_response_format_spec())`. That function checks
the schema itself against its meta-schema, then builds a new validator, on every call: a median
14 ms for a typical reply of ours, where a validator built once takes 0.65 ms (bench/
action_validation.py, on the 2 shared cores). With 20 conversations at once, py-spy found about
45% of the Rasa server's samples in there.

Rasa 3.6 is the last open-source Rasa, so this cannot be fixed upstream; the server's process is
patched instead. `install()` replaces `jsonschema.validate` (Rasa imports it from `jsonschema`
inside the method, at each call, so it finds the replacement) with `validate` below, which does
what `jsonschema.validate` does — `validator_for`, `check_schema`, `best_match` of
`iter_errors` — but the first time only for each schema: it keeps the checked schema's validator
and reuses it. It changes no behaviour: a valid reply passes, an invalid one raises the same
`jsonschema.ValidationError` (the best match, as `jsonschema.validate` picks it, a new one each
call, so Rasa can still add to its message), and an invalid schema raises the same SchemaError.

`action_response_format_spec()` builds a new dict at each call (sharing Rasa's EVENTS_SCHEMA
inside), so the id() of the schema says nothing: validators are kept by the schema's JSON text
(key order included, since `best_match` breaks ties by order), and a schema is compared with
the kept copy before its validator is used; both cost a few hundredths of a millisecond for
Rasa's 3.7 kB spec. Only plain JSON schemas are kept — ones that read back equal from their
text — and any other call (another validator class, further arguments, a schema that is not
plain JSON, more than `MAX_SCHEMAS` schemas) goes to the real `jsonschema.validate`. Each
validator is built on its own copy of the schema, so a caller changing its dict later changes
nothing.

Installed in the Rasa server's process only, by bot/channels/whole_messages.py, which the server
imports at start (credentials.yml); Rasa answers from one event loop, so a kept validator is
used by one call at a time.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

__all__ = ["MAX_SCHEMAS", "install", "installed", "uninstall", "validate"]

# Rasa validates replies against one schema; a few more leave room without letting the cache
# grow if something else in the process validates against many.
MAX_SCHEMAS = 16

_REAL_VALIDATE = jsonschema.validators.validate
# The JSON text of each schema -> a copy of it (to tell a plain JSON schema from one with the same
# text, such as {1: ...} beside {"1": ...}) and its validator, built once on that copy.
_validators: dict[str, tuple[Any, Validator]] = {}


def validate(instance: Any, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """`jsonschema.validate`, checking each schema and building its validator once."""
    if cls is not None or args or kwargs:
        return _REAL_VALIDATE(instance, schema, cls, *args, **kwargs)
    validator_cls = validator_for(schema)  # every call, as the real one: same warnings
    try:
        text = json.dumps(schema)
    except (TypeError, ValueError):
        return _REAL_VALIDATE(instance, schema)
    key = f"{validator_cls.__module__}.{validator_cls.__qualname__}:{text}"
    kept = _validators.get(key)
    if kept is None:
        copy = json.loads(text)
        if copy != schema or len(_validators) >= MAX_SCHEMAS:
            return _REAL_VALIDATE(instance, schema)
        validator_cls.check_schema(schema)
        kept = _validators[key] = (copy, validator_cls(copy))
    copy, validator = kept
    if copy != schema:
        return _REAL_VALIDATE(instance, schema)
    error = best_match(validator.iter_errors(instance))
    if error is not None:
        raise error
    return None


def install() -> None:
    """Make `jsonschema.validate` this module's `validate` (again: nothing happens)."""
    jsonschema.validate = validate


def uninstall() -> None:
    """Put the real `jsonschema.validate` back and forget the validators (for tests)."""
    jsonschema.validate = _REAL_VALIDATE
    _validators.clear()


def installed() -> bool:
    return jsonschema.validate is validate
