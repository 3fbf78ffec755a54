"""flake8-netns: security and reliability checks for network-agent code."""

__version__ = "0.1.0"
