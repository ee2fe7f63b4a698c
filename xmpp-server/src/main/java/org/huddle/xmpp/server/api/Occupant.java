package org.huddle.xmpp.server.api;

import org.huddle.xmpp.codec.Jid;

/** Someone in a room, as room events show them. */
public interface Occupant {
  /** {@code room@service/nick}. */
  Jid occupantJid();

  /** The resource of the occupant JID. */
  String nick();

  /** The full JID of the occupant's session. */
  Jid realJid();

  Role role();

  Affiliation affiliation();
}
