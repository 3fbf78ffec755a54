# TODOs that only mention a resource are NS402 at most; a resource word
# with a lifecycle word, or a cleanup/leak word alone, is NS401.


def refresh(ri):
    # TODO(a): Refactor to clarify roles of ex_gw_port  # expect: NS402
    # TODO(b): check the usage of ThreadPoolExecutor  # expect: NS402
    # TODO(c): add rules for IPv6  # expect: NS402
    # TODO(d): window focus lock  # expect: NS402
    # TODO(e): Drop this rule as it has no effect  # expect: NS402
    # TODO(f): the port naming scheme  # expect: NS402
    # TODO(g): Logical_Router_Port  # expect: NS402
    # TODO(h): output port strategies  # expect: NS402
    # TODO: support removal of exposed ports  # expect: NS401
    # TODO(carl) Where does the port get deleted?  # expect: NS401
    # TODO(mrsmith): add LOG warn if fip count != 0  # expect: NS401
    # FIXME: removing the veth here  # expect: NS401
    # FIXME: the tap is plugged twice  # expect: NS401
    # FIXME: unplugging the bridge fails  # expect: NS401
    # XXX: the lock is never released  # expect: NS401
    # XXX: the socket closes too late  # expect: NS401
    # XXX: the tunnel gets destroyed  # expect: NS401
    # XXX: subnets are allocated here  # expect: NS401
    # HACK: the greenthread spawns another  # expect: NS401
    # HACK: the stale leases stay  # expect: NS401
    # HACK: dangling  # expect: NS401
    # TODO: the namespace is cleaned up elsewhere  # expect: NS401
    # TODO: tearing down the interface  # expect: NS401
    # TODO: clean-ups run late  # expect: NS401
    # TODO: the orphaned devices  # expect: NS401
    # TODO: the gc runs late  # expect: NS401
    return ri


def words(agent):
    # TODO: the portal supports deletion  # expect: NS402
    # TODO: a report is deleted  # expect: NS402
    # TODO: this taped the screen shut  # expect: NS402
    # TODO: addresses  # expect: NS402
    # TODO: count the addresses  # expect: NS401
    # TODO: portals and supports are counted  # expect: NS402
    # TODO: deleted, removed, released, closed  # expect: NS402
    return agent


def mounts(volume):
    # TODO: fix the mount  # expect: NS402
    # TODO: mount here, not in the mount helper  # expect: NS401
    # TODO: the mount is mounted twice  # expect: NS401
    # TODO: unmount the volume  # expect: NS401
    return volume


def two_lines(router):
    # TODO: the router ports here  # expect: NS401
    # are never deleted, and the text goes on below
    # TODO: the router ports here  # expect: NS402
    #
    # are never deleted: a blank comment line ends the TODO
    return router
