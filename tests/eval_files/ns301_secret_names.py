"""NS301: a secret name passed to a logging call, and its look-alikes."""
import logging
import pwd
import secrets

from oslo_log import log as oslo_logging
from oslo_utils import strutils

LOG = oslo_logging.getLogger(__name__)
audit = logging.getLogger("audit")
lg = logging


class Agent:
    _log = logging.getLogger("agent")

    def __init__(self, conf):
        self.events = logging.LoggerAdapter(LOG, {})
        self.conf = conf

    def plug(self, conf, creds, params, ctx, user, password, psk, apiKey):
        LOG.debug("using %s", password)  # expect: NS301
        LOG.debug("psk %s", psk)  # expect: NS301
        LOG.info("key %s", apiKey)  # expect: NS301
        LOG.debug("conf %s", conf.password)  # expect: NS301
        LOG.debug("auth %s", self._auth_token)  # expect: NS301
        LOG.debug("iscsi %s", conf.node.session.auth.password)  # expect: NS301
        LOG.debug("creds %s", creds['password'])  # expect: NS301
        LOG.debug("hdr %s", creds.get('X-Auth-Token'))  # expect: NS301
        LOG.debug(f"user {user} pw {password}")  # expect: NS301
        LOG.debug("pw %s" % password)  # expect: NS301
        LOG.debug("pw {}".format(password))  # expect: NS301
        LOG.debug("%(password)s", params)  # expect: NS301
        LOG.debug("%(user)s %(password)s" % params)  # expect: NS301
        LOG.debug("{token}".format(**ctx))  # expect: NS301
        LOG.debug("%s", {'user': user, 'password': password})  # expect: NS301
        LOG.debug("%s", [user, psk])  # expect: NS301
        LOG.debug("%s", (user, self.conf.admin_password))  # expect: NS301
        LOG.debug("%s", dict(user=user, password=password))  # expect: NS301
        LOG.debug("token %s", self.get_token())  # expect: NS301
        LOG.debug("pw %s", password.strip())  # expect: NS301
        LOG.debug("cmd %s", " ".join(["ipsec", psk]))  # expect: NS301
        LOG.debug("pw %s", str(password))  # expect: NS301
        audit.info("pw %s", password)  # expect: NS301
        lg.warning("pw %s", password)  # expect: NS301
        logging.error("pw %s", password)  # expect: NS301
        self._log.debug("pw %s", password)  # expect: NS301
        self.events.info("pw %s", password)  # expect: NS301
        LOG.log(logging.DEBUG, "pw %s", password)  # expect: NS301
        (LOG.warning if user else LOG.exception)(
            "pw %s", password)  # expect: NS301
        LOG.debug("secret %s",
                  conf.secret_key)  # expect: NS301
        LOG.debug("pw %s", password or "unset")  # expect: NS301
        LOG.debug("x", extra={'credentials': creds})  # expect: NS301

    def look_alikes(self, conf, user, params, key, cookie, session, keystone,
                    password_file, token_url, secret_id, key_name, sort_key,
                    hashed_password, path_to_private_key, monkey, msg):
        LOG.warning("The remote server responded with Forbidden: shared "
                    "secrets do not match. Check the password and token.")
        LOG.debug("key %s", key)
        LOG.debug("keys %s %s", key_name, sort_key)
        LOG.debug("cookie %(cookie)x", {'cookie': cookie})
        LOG.debug("session %s keystone %s monkey %s", session, keystone, monkey)
        LOG.debug("files %s %s %s", password_file, token_url, secret_id)
        LOG.debug("meta %s %s", hashed_password, path_to_private_key)
        LOG.debug("len %s", len(conf.password))
        LOG.debug("set %s", conf.password is not None)
        LOG.debug("set %s", not conf.password)
        LOG.debug("set %s", "yes" if conf.password else "no")
        LOG.debug("masked %s", strutils.mask_password(conf.password))
        LOG.debug("masked %s", strutils.mask_dict_password(params))
        LOG.debug("%s", {'password': strutils.mask_password(conf.password)})
        LOG.debug("%s", {'password': '***'})
        LOG.debug("%s", params['user'])
        LOG.debug("uid %s", pwd.getpwnam(user).pw_uid)
        LOG.debug("delay %s", secrets.SystemRandom().randint(0, 3))
        LOG.debug("valid %s", self.validate_token(user))
        LOG.debug("%(password)s", {'password': strutils.mask_password(msg)})
        LOG.debug("{0}".format(user), password=strutils.mask_password(msg))
        LOG.debug("%(user)s", {'user': user, 'password': conf.password})
        LOG.debug("%(user)s" % {'user': user, 'password': conf.password})
        LOG.debug("%(user)s", params)
        print("pw %s" % conf.password)
        self.notify("pw %s", conf.password)
        conf.log_opt_values(LOG, logging.DEBUG)
