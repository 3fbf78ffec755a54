# TODO: the port leaks, https://bugs.launchpad.net/neutron/+bug/1
# TODO: port leak, bug 1852221
# TODO: port leak LP#1948642
# TODO: port leak (Bug #123)
# TODO: port leak #1234
# TODO: port leak, bug/1627480
# TODO: port leak NET-42
# TODO: port leak
# Partial-Bug: see the tracker
# TODO(issue 77): port leak
# TODO: port leak
# (story 2009876)
# TODO: port leak in CentOS-7  # expect: NS401
# TODO: ports over 1000 leak  # expect: NS401
# TODO: port leak, see @l125  # expect: NS401
# TODO: port leak #12  # expect: NS401
# TODO: debug 42 leaking ports  # expect: NS401
VALUE = 1
