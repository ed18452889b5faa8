"""Chat sessions: follow-ups resolved against the conversation, bounded history, filters, saved
sessions and transcripts (``session.ChatSession``); the terminal loop is ``briefer.cli.repl``."""

from briefer.chat.session import ChatSession, Turn, parse_filter

__all__ = ["ChatSession", "Turn", "parse_filter"]
