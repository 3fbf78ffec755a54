"""The shared model every rule family asks: what runs a command, what is a
logger, what is a secret, and what a name in the checked file stands for."""
