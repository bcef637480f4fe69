"""The room joins from their phones: a small participation server inside the app.

Plain Python and aiohttp, no Textual: the app opens and closes it, and tests drive it
in-process. Imported only when the facilitator opens the room, so start-up is unchanged.

- `public`: what a phone may see of the session (never notes, names in an anonymous
  session, other steps' results or other sessions), and how a submission becomes an
  entry through the step's kind (`KindSpec.phone`), saved like a typed one.
- `server`: the routes, the join token, server-sent events, rate and size limits.
- `page`: the one self-contained page a phone loads.
- `address`: which address a phone on the same network can reach.
"""
