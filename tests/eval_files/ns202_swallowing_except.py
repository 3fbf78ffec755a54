"""NS202: a broad except that swallows a command failure."""
import logging
import subprocess
import time

from oslo_utils import excutils

LOG = logging.getLogger(__name__)


def swallowed(dev, retries):
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception:  # expect: NS202
        pass
    for _ in range(retries):
        try:
            subprocess.check_call(["ip", "link", "del", dev])
        except (OSError, Exception):  # expect: NS202
            time.sleep(1)
            continue
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except BaseException as exc:  # expect: NS202
        LOG.debug("could not delete %s: %s", dev, str(exc))
        return False
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception:  # expect: NS202
        return None
    else:
        LOG.info("deleted")
    finally:
        LOG.info("done")


def handled(dev, errors, verbose):
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception:
        LOG.exception("could not delete %s", dev)
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception:
        (LOG.warning if verbose else LOG.exception)("could not delete %s", dev)
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception:
        LOG.log(logging.ERROR, "could not delete %s", dev)
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception:
        with excutils.save_and_reraise_exception():
            LOG.debug("cleaning up")
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception as exc:
        errors.append(exc)
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception as exc:
        return exc
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except Exception as exc:
        raise RuntimeError(dev) from exc
    try:
        subprocess.check_call(["ip", "link", "del", dev])
    except subprocess.CalledProcessError:
        pass
    try:
        errors.pop()
    except Exception:
        pass
