package org.huddle.xmpp.server.muc;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.Role;

/**
 * Someone in a room: their nick (the resource of their occupant JID), their real JID, role and
 * affiliation, and the presence they last sent, stripped of the MUC join element. Changed only
 * under the room's lock.
 */
public final class Occupant implements org.huddle.xmpp.server.api.Occupant {
  private final Jid occupantJid;
  private final Jid realJid;
  private Role role;
  private Affiliation affiliation;
  private Element presence;

  Occupant(Jid occupantJid, Jid realJid, Role role, Affiliation affiliation, Element presence) {
    this.occupantJid = occupantJid;
    this.realJid = realJid;
    this.role = role;
    this.affiliation = affiliation;
    this.presence = presence;
  }

  /** {@code room@service/nick}. */
  public Jid occupantJid() {
    return occupantJid;
  }

  public String nick() {
    return occupantJid.resource();
  }

  /** The full JID of the occupant's session. */
  public Jid realJid() {
    return realJid;
  }

  public Role role() {
    return role;
  }

  public Affiliation affiliation() {
    return affiliation;
  }

  /** The occupant's last presence as sent by its client, without MUC elements. */
  public Element presence() {
    return presence;
  }

  void role(Role role) {
    this.role = role;
  }

  void affiliation(Affiliation affiliation) {
    this.affiliation = affiliation;
  }

  void presence(Element presence) {
    this.presence = presence;
  }

  /** A copy under another nick, for nick changes. */
  Occupant withNick(Jid newOccupantJid) {
    return new Occupant(newOccupantJid, realJid, role, affiliation, presence);
  }

  @Override
  public String toString() {
    return occupantJid + " (" + realJid + ", " + role.value() + "/" + affiliation.value() + ")";
  }
}
