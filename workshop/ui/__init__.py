"""The Textual app: launcher, session screen, capture panels per step kind, dialogs."""
