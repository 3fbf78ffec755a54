"""The domain, as tables: which calls run commands, pass values through, sanitise or log."""
