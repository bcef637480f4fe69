"""workshop: step a room through a workshop agenda and keep a plain-text record of it."""

__version__ = "0.1.0"
