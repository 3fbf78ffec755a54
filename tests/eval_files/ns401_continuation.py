def setup(node):
    # TODO(bob): this is called twice  # expect: NS401
    # and deletes the same interface
    node.ready = True
    # TODO: refactor this  # expect: NS402
    #
    # the port is deleted: after a blank comment line, a new paragraph
    node.ready = False

    # TODO: refactor this  # expect: NS402
    # TODO: close the socket  # expect: NS401

    # TODO: refactor this  # expect: NS402

    # the port leak comment after an empty line is not a continuation
    value = 1  # TODO: tune this  # expect: NS402
    # the socket leak comment is less deep than the inline TODO
    # TODO: refactor this, the continuation is deeper  # expect: NS401
    #     and kills the greenthread pool
    return value


# TODO: the first line says nothing  # expect: NS401
# the second names the floating
# IP, released over two lines
VALUE = 2
