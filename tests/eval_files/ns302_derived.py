"""NS302: a local made from a secret, logged in the same function."""
import logging

from oslo_utils import strutils

LOG = logging.getLogger(__name__)


def ipsec_up(conf, peer):
    cmd = ["ipsec", "up", peer, "--psk", conf.psk]
    LOG.debug("running %s", cmd)  # expect: NS302
    full = cmd + ["--verbose"]
    LOG.debug("running %s", full)  # expect: NS302


def fetch(user, password, host):
    url = "https://%s:%s@%s/" % (user, password, host)
    LOG.info("fetching %s", url)  # expect: NS302
    link = f"https://{user}:{password}@{host}/"
    LOG.info(f"fetching {link}")  # expect: NS302


def made_to_hold(tok, pw, psk, conf):
    headers = {}
    headers["X-Auth-Token"] = tok
    LOG.debug("headers %s", headers)  # expect: NS302
    params = {"user": conf.user}
    params.update(password=pw)
    LOG.debug("params %s", params)  # expect: NS302
    argv = ["swanctl"]
    argv.append(psk)
    LOG.debug("argv %s", argv)  # expect: NS302
    more = ["ip"]
    more += [conf.auth_key]
    LOG.debug("argv %s", more)  # expect: NS302
    body = {"auth": {"passwordCredentials": {"password": pw}}}
    LOG.debug("body %s", body)  # expect: NS302
    hdrs = {"X-Auth-Token": tok}
    LOG.debug(  # expect: NS302
        "request headers %s", hdrs)
    msg = "login %(password)s" % {"password": pw}
    LOG.error(msg)  # expect: NS302


def more_fillers(conf, value, pw):
    argv = ["ip", "xfrm"]
    argv.extend(["key", conf.psk])
    LOG.debug("argv %s", argv)  # expect: NS302
    opts = {}
    opts.setdefault("password", value)
    LOG.debug("opts %s", opts)  # expect: NS302
    parsed = {"user": conf.user}
    LOG.debug("parsed %s", parsed)
    parsed["PasswordData"] = value
    LOG.debug("parsed %s", parsed)  # expect: NS302
    req = conf.new_request()
    req.password = pw
    LOG.debug("req %s", req)  # expect: NS302
    env = {}
    env.update(os_environ_copy=conf.environ)
    LOG.debug("env %s", env)


def branches(conf, flag):
    if flag:
        secretless = conf.psk
    else:
        secretless = "none"
    LOG.debug("value %s", secretless)  # expect: NS302


def clean_paths(conf, user, pw, resp_factory):
    url = "https://%s/" % conf.host
    LOG.info("fetching %s", url)
    resp = resp_factory(url, auth=(user, pw))
    LOG.debug("response %s", resp)
    hidden = strutils.mask_password(pw)
    LOG.debug("pw %s", hidden)
    count = len(pw)
    LOG.debug("length %s", count)
    cmd = ["ipsec", conf.psk]
    cmd = ["ipsec", "status"]
    LOG.debug("running %s", cmd)
    msg = "Bad password for user %s" % user
    LOG.error(msg)
    has_pw = pw is not None
    LOG.debug("set %s", has_pw)
    params = {"password": "***"}
    LOG.debug("params %s", params)
    fields = {"user": user, "password": pw}
    LOG.debug("user %(user)s", fields)
    LOG.debug("user %(user)s" % fields)
    LOG.debug("user %s", fields["user"])


def later_use(conf):
    LOG.debug("argv %s", argv)
    argv = ["ipsec", conf.psk]
    return argv


def other_scope(conf):
    cmd = ["ipsec", conf.psk]

    def inner():
        LOG.debug("running %s", cmd)

    return inner
