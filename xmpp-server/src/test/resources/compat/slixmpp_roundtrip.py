"""A client not written in Java, for Huddle's compatibility tests: slixmpp (Python) logs in over STARTTLS,
checks its roster, joins a MUC room and waits for its own groupchat message to come back.

Usage: slixmpp_roundtrip.py PORT CAFILE JID PASSWORD MECHANISM ROOM NICK
Prints ROUNDTRIP_OK <full jid> <mechanism> and exits 0 on success; exits 1 with a reason otherwise.
"""
import asyncio
import logging
import ssl
import sys

import slixmpp


class RoundTrip(slixmpp.ClientXMPP):
    def __init__(self, jid, password, mechanism, room, nick, cafile):
        super().__init__(jid, password, sasl_mech=mechanism)
        self.room = room
        self.nick = nick
        self.outcome = None
        # Verify the server's certificate against exactly the one Huddle made, and check the host name.
        self.ssl_context = ssl.create_default_context(cafile=cafile)
        self.ssl_context.minimum_version = ssl.TLSVersion.TLSv1_2
        for plugin in ("xep_0030", "xep_0045", "xep_0199"):
            self.register_plugin(plugin)
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("groupchat_message", self.groupchat)
        self.add_event_handler("failed_auth", lambda _: self.finish("authentication failed"))

    async def start(self, _event):
        if not self.is_connected_secure():
            self.finish("the connection is not encrypted")
            return
        await self.get_roster()
        if len(self.client_roster) != 0:
            self.finish("expected an empty roster, got %d entries" % len(self.client_roster))
            return
        self.send_presence()
        await self["xep_0045"].join_muc_wait(self.room, self.nick, timeout=10)
        self.send_message(mto=self.room, mbody="hello from slixmpp", mtype="groupchat")

    def is_connected_secure(self):
        return self.socket is not None and isinstance(self.socket, ssl.SSLSocket) or self.transport is not None \
            and self.transport.get_extra_info("ssl_object") is not None

    def groupchat(self, msg):
        if msg["mucnick"] == self.nick and msg["body"] == "hello from slixmpp":
            self.finish(None)

    def finish(self, failure):
        if self.outcome is None:
            self.outcome = failure or "ok"
            self.disconnect()


def main():
    port, cafile, jid, password, mechanism, room, nick = sys.argv[1:8]
    logging.basicConfig(level=logging.ERROR)
    client = RoundTrip(jid, password, mechanism, room, nick, cafile)
    client.connect(address=("127.0.0.1", int(port)), force_starttls=True)
    loop = asyncio.get_event_loop()
    deadline = loop.time() + 30

    async def wait():
        while client.outcome is None and loop.time() < deadline:
            await asyncio.sleep(0.05)

    loop.run_until_complete(wait())
    if client.outcome == "ok":
        print("ROUNDTRIP_OK", client.boundjid.full, mechanism)
        sys.exit(0)
    print("FAILED:", client.outcome or "timed out")
    sys.exit(1)


if __name__ == "__main__":
    main()
