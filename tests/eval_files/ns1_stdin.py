"""A by-name execute() whose first argument is a list: later arguments are not argv (stdin, timeouts)."""
def run(client, cmd, process_input, addl_env):
    cmd = list(map(str, addl_env + cmd))
    return client.execute(cmd, process_input)


def caller(client, commands, dev):
    run(client, ["ip", "link"], "\n".join(commands))
    client.execute("ip", "link", "del", "veth-%s" % dev)  # expect: NS103
