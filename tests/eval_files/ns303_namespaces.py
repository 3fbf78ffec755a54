"""NS303: a whole namespace handed to a logging call."""
import logging
import os
from os import environ

LOG = logging.getLogger(__name__)


class Handler:
    def handle(self, request, req, obj, pw):
        LOG.debug("locals %s", locals())  # expect: NS303
        LOG.debug("globals %s", globals())  # expect: NS303
        LOG.debug("vars %s", vars())  # expect: NS303
        LOG.debug("obj %s", vars(obj))  # expect: NS303
        LOG.debug("self %s", self.__dict__)  # expect: NS303
        LOG.debug("env %s", os.environ)  # expect: NS303
        LOG.debug("env %s", environ)  # expect: NS303
        LOG.debug("env %s", dict(os.environ))  # expect: NS303
        LOG.debug("hdr %s", request.headers)  # expect: NS303
        LOG.debug("hdr %s", req.headers)  # expect: NS303
        LOG.debug("hdr %s", self.request.headers)  # expect: NS303
        LOG.debug("%(a)s %(b)s", locals())  # expect: NS303
        LOG.debug("%(a)s" % locals())  # expect: NS303
        LOG.debug("{a}".format(**locals()))  # expect: NS303
        LOG.debug("%(a)s", **locals())  # expect: NS303
        LOG.debug("items %s", sorted(os.environ.items()))  # expect: NS303
        env = dict(os.environ)
        LOG.debug("env %s", env)

    def look_alikes(self, request, req, obj, resp):
        LOG.debug("home %s", os.environ.get("HOME"))
        LOG.debug("path %s", os.environ["PATH"])
        LOG.debug("ctype %s", request.headers.get("Content-Type"))
        LOG.debug("ctype %s", req.headers["Content-Type"])
        LOG.debug("names %s", list(vars(obj).keys()))
        LOG.debug("resp %s", resp.headers)
        LOG.debug("req %s", req)
        LOG.debug("token %s", os.environ.get("OS_TOKEN"))  # expect: NS301
