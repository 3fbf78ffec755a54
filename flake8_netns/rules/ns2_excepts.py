"""(work in progress)"""


def check(context):
    return ()
