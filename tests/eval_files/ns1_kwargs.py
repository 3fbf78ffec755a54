"""Shell switched on through **kwargs, forwarded or put in a dict, across wrapper chains."""
from oslo_concurrency import processutils


def custom_execute(*cmd, **kwargs):
    return processutils.execute(*cmd, **kwargs)


def execute_root(*cmd, **kwargs):
    return custom_execute(*cmd, shell=False, **kwargs)


def execute(*cmd, **kwargs):
    if kwargs.pop('run_as_root', False):
        return execute_root(*cmd, **kwargs)
    return custom_execute(*cmd, **kwargs)


def execute_shell_cmd(cmd, options, *args, **kwargs):
    exec_args = {}
    exec_args['shell'] = kwargs.pop('shell', False)
    return processutils.execute(cmd, *options, *args, **exec_args)


def users(root, path, dev):
    execute("mount | grep " + root, shell=True)  # expect: NS101
    execute("mount | grep " + root)  # expect: NS103
    execute("ip", "link", "del", dev)
    execute_root("rm -rf %s" % path, shell=True)  # expect: NS103
    execute_shell_cmd(f"rm -rf {path}", [], shell=True, as_root=True)  # expect: NS101
    execute_shell_cmd(f"rm -rf {path}", [])  # expect: NS103


def execute_with_timeout(*args, **kwargs):
    timeout = kwargs.pop('timeout', 10)
    return execute(*args, timeout=timeout, **kwargs)


def execute_shell_cmd2(cmd, options, *args, **kwargs):
    exec_args = {}
    exec_args['shell'] = kwargs.pop('shell', False)
    cmd_args = list(options) + list(args)
    return execute_with_timeout(cmd, *cmd_args, **exec_args)


def always_shell(cmd):
    opts = {'shell': True}
    return execute_with_timeout(cmd, **opts)


def more_users(path, dev):
    execute_shell_cmd2(f"touch {path}", [], shell=True)  # expect: NS101
    always_shell("ip link set %s up" % dev)  # expect: NS101
