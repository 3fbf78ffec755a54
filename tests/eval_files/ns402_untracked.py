"""FIXME: a docstring is not a comment."""
# TODO  # expect: NS402
# TODO: move to neutron-lib  # expect: NS402
# FIXME: tracked in bug 1234
# XXX(carol): why?  # expect: NS402
# HACK - keep in sync with the API  # expect: NS402
VALUE = 1  # TODO(dave) rename  # expect: NS402
