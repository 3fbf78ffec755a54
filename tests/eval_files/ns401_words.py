# TODO: handle ex_gw_port updates  # expect: NS402
# TODO: use a ThreadPoolExecutor here  # expect: NS402
# TODO: support the router portal  # expect: NS402
# TODO: floating IPs are never released  # expect: NS401
# TODO: this should be cleaned up  # expect: NS401
# TODO: tearing down happens twice  # expect: NS401
# TODO: remove this in 2028  # expect: NS402
# TODO: close our files when we exit  # expect: NS401
# TODO: close the file descriptors  # expect: NS401
# TODO: clean the cache  # expect: NS402
# TODO: leaked  # expect: NS401
# TODO: namespacing is odd here  # expect: NS402
# TODO: runtime.NamespacedPlugins  # expect: NS402
# TODO: importing the process helpers  # expect: NS402
# TODO: the iptables rules grow  # expect: NS402
# TODO: purging happens late  # expect: NS401
# TODO: the process is killed twice  # expect: NS401
# TODO: the router is removed with its routes  # expect: NS401
VALUE = 1
