"""NS3 on the one evaluator: what derives from a secret and what does not."""
import copy
import json
import logging
import os
from urllib.parse import urlencode

from oslo_serialization import jsonutils

LOG = logging.getLogger(__name__)


def make_url(user, password, host):
    return "https://%s:%s@%s/" % (user, password.strip(), host)


def open_client(user, password):
    return Client(user, password)


def through_pass_through_calls(password, token, conf):
    LOG.debug("%s", json.dumps(password))  # expect: NS301:31 name=password
    LOG.debug("%s", jsonutils.dumps({"token": token}))  # expect: NS301:37 name=token
    LOG.debug("%s", copy.deepcopy(conf.credentials))  # expect: NS301:34 name=conf.credentials
    LOG.debug("%s", urlencode({"password": password}))  # expect: NS301:31 name=password
    LOG.debug("%s", token.encode("utf-8"))  # expect: NS301:20 name=token
    LOG.debug("%s", ("Bearer %s" % token).strip())  # expect: NS301:35 name=token
    LOG.debug("%s", repr(conf.admin_password))  # expect: NS301:25 name=admin_password
    LOG.debug("%s", make_url(conf.user, password, conf.host))  # expect: NS301:40 name=password
    LOG.debug("%s", list(map(str, [password, conf.user])))  # expect: NS301:35 name=password
    LOG.debug("%s", list(map(mask_password, [password, conf.user])))


def derived_or_not(user, password, session, url, host):
    link = make_url(user, password, host)
    LOG.info("fetching %s", link)  # expect: NS302:4 name=link secret=password
    body = json.dumps({"password": password})
    LOG.debug(body)  # expect: NS302 name=body secret=password
    kept = copy.copy(body)
    LOG.debug("%s", kept)  # expect: NS302 name=kept
    resp = session.get(url, auth=(user, password))
    LOG.debug("%s", resp)
    client = open_client(user, password)
    LOG.debug("%s", client)
    sized = "%d characters" % len(password)
    LOG.debug(sized)
    listing = dir(password)
    LOG.debug("%s", listing)


def unpacking(creds, conf):
    user, password = creds
    LOG.debug("%s", user)
    LOG.debug("%s", password)  # expect: NS301:20 name=password
    name, key = conf.user, conf.psk
    LOG.debug("%s", name)
    LOG.debug("%s", key)  # expect: NS302 name=key secret=conf.psk
    for host, secretive in [(conf.host, conf.psk)]:
        LOG.debug("%s", host)


def removed(user, password):
    d = {"user": user, "password": password}
    d.pop("password")
    LOG.debug("%s", d)
    e = dict(user=user, password=password)
    del e["password"]
    LOG.debug("%s", e)
    msg = "login %s:%s" % (user, password)
    LOG.debug(msg.replace(password, "***"))
    masked = msg.replace(password, "***")
    LOG.debug(masked)
    kept = {"user": user, "password": password}
    LOG.debug("%s", kept)  # expect: NS302 name=kept secret=password
    cmd = ["ipsec", user, password]
    cmd.remove(password)
    LOG.debug("%s", cmd)


def namespaces(self, obj):
    LOG.debug("%s", os.environ.copy())  # expect: NS303:20 what=os.environ
    LOG.debug("%s", {**locals()})  # expect: NS303:23 what=locals()
    LOG.debug("%s", [vars(obj)])  # expect: NS303:21 what=vars(obj)
    LOG.debug("%s", os.environ.keys())
    LOG.debug("%s", vars(obj).get("name"))


class Session:
    def _auth_url(self, user, password):
        return "https://%s:%s@%s/" % (user, password, self.host)

    def _connect(self, user, password):
        return self.client.login(user, password)

    def open(self, user, password):
        url = self._auth_url(user, password)
        LOG.debug("opening %s", url)  # expect: NS302 name=url secret=password
        conn = self._connect(user, password)
        LOG.debug("connected %s", conn)
