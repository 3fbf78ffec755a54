"""SQL is not a command: by-name execute() given SQL text, directly or through a local."""
from trove import mysql_util


def wait_for_txn(engine, txn):
    cmd = "SELECT MASTER_GTID_WAIT('%s')" % txn
    with mysql_util.SqlClient(engine) as client:
        client.execute(cmd)


def status(engine):
    try:
        with mysql_util.SqlClient(engine) as client:
            cmd = "SELECT 1;"
            client.execute(cmd)
    except Exception:
        return None


def shell(utils, dev):
    cmd = "ip link del %s" % dev
    utils.execute(cmd)  # expect: NS102
