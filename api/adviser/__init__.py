"""The adviser console: accounts and sign-in, the scripted triage, case summaries and the
review of parents' web conversations (with an audit log of who read which transcript).

Routes live in `api/routes/adviser/` (sign-in, cases, review) and the pages in
`api/templates/adviser/`; this package holds the data and the rules around them.
"""
