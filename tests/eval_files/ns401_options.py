# flake8-args: --netns-resource-words=vlan,ovs-agent '--netns-tracker-regex=RHBZ#\d+'
# TODO: the vlan is never given back  # expect: NS401
# TODO: restart the OVS agent  # expect: NS401
# TODO: restart the agent  # expect: NS402
# TODO: port leak RHBZ#1234
# TODO: port leak, bug 1234  # expect: NS401
VALUE = 1
