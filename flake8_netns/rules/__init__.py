"""One module per rule family; each exposes `check(context) -> findings`."""
from flake8_netns.rules import ns1_commands, ns2_excepts, ns3_secrets, ns4_todos

FAMILIES = (ns1_commands.check, ns2_excepts.check, ns3_secrets.check,
            ns4_todos.check)
