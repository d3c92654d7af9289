"""The adviser console's routes, one module per resource; `api/adviser/` holds what they use.

- `sign_in`: the pages at /adviser (the sign-in form, then the console, both from Jinja2
  templates in `api/templates/adviser/`), signing in and out, and `GET /api/v1/adviser/me`.
- `cases`: the scripted triage and the cases it makes, under /api/v1/adviser.
- `review`: parents' web conversations and the audit log of who read them.

Every JSON route answers 401 without a signed-in adviser (`CurrentAdviser`); routes that change
something also need the session's CSRF token (`CsrfCheckedAdviser`).
"""

from __future__ import annotations

from api.routes.adviser import cases, review, sign_in

# In the order they are included, which is the order of the OpenAPI paths.
routers = (sign_in.router, cases.router, review.router, sign_in.pages)

__all__ = ["routers"]
