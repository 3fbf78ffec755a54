"""Facts about Python code, no domain words: scopes and the one evaluator."""
