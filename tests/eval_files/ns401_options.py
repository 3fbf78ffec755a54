# flake8-args: --netns-resource-words=vrf,ovs-agent '--netns-tracker-regex=RHBZ#\d+'
# TODO: the vrf is never released  # expect: NS401
# TODO: kill the OVS agent  # expect: NS401
# TODO: kill the agent  # expect: NS402
# TODO: the vrf naming scheme  # expect: NS402
# TODO: port leak RHBZ#1234
# TODO: port leak, bug 1234  # expect: NS401
VALUE = 1
