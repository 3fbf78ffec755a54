"""TODO: a docstring TODO about a leaked port is not a comment."""

LEAK = "# TODO: close the socket"  # a string holding a TODO is not one


def plug(port):
    # TODO: the port leaks when plugging fails  # expect: NS401
    # FIXME(alice): tear down the veth pair on error  # expect: NS401
    # XXX: stale namespaces stay behind  # expect: NS401
    # HACK: reuse the bridge  # expect: NS401

    # Hack: a capitalised marker is prose about a port

    # Some minor hacks around the port

    # NOTE: TODO later, because the marker is not the first word: port

    # qos_xxx_rate is a placeholder for the port

    # TODOS and TODO_list are other words: port

    #TODO: no space after the hash, still a marker: delete the port  # expect: NS401
    return port  # TODO: release the port lease  # expect: NS401
