"""Handlers of the ``mapper`` subcommands (one module per command group)."""
