"""Calls that look like running a command but run none: all quiet."""
from netmiko import ConnectHandler


def database(session, op, txn, stmt, table):
    session.execute(stmt)
    op.execute("ALTER TABLE %s ADD COLUMN x" % table)
    txn.execute(check_error=True)


def remote_device(host, vlan):
    conn = ConnectHandler(host=host)
    conn.send_command("show vlan %s" % vlan)
    conn.send_config_set(["vlan %s" % vlan])


def strings_never_run(dev):
    rule = "-A INPUT -i %s -j DROP" % dev
    return rule
