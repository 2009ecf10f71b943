"""Meeting preparation: the annual calendar, follow-ups, open questions, the agenda, calendar files.

- calendar: the annual calendar (årsklocka) of a group, points by month; a new
  draft in that month gets them as items (`apply_calendar`, called by
  drafting.meeting_create).
- follow_ups: recorded by hand on any item, kept in step with a decision
  (`sync_decision_follow_ups`, called by drafting.decision_save), listed and
  closed; drafting.follow_up_pull takes one up in a draft.
- open_questions: sentences that leave a question open ("återkommer till
  samverkansgruppen"), recorded as follow-ups when minutes become adjusted or
  are imported.
- agenda: the föredragningslista of a coming meeting, sent by email.
- ics: calendar files for a meeting and for an adjustment deadline.

None of this is part of the signed minutes: follow-ups of adjusted minutes can
still be recorded and closed. Who may see or do what is in meetings.access.
"""
