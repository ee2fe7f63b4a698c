package org.huddle.focus.muc;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * One occupant as its room presence shows it (XEP-0045 §7.2.3), with the elements lib-jitsi-meet
 * adds (docs/wire.md#room-presence). Those are un-namespaced, so they arrive in {@code
 * jabber:client}.
 *
 * @param room the room's bare JID
 * @param nick the occupant's nickname, which Jitsi uses as the endpoint id
 * @param realJid the occupant's real full JID, or null when the room hides it
 * @param role {@code moderator}, {@code participant}, {@code visitor} or {@code none}
 * @param affiliation {@code owner}, {@code admin}, {@code member}, {@code outcast} or {@code none}
 * @param statusCodes the XEP-0045 status codes (110 is self-presence, 201 a new room)
 * @param available false for unavailable presence (the occupant left, or was kicked)
 * @param statsId the {@code stats-id} text, or null
 * @param region the {@code jitsi_participant_region} text, or null
 * @param email the {@code email} text, or null
 * @param presence the whole stanza, for what else a caller wants to read
 */
public record Occupant(
    String room,
    String nick,
    String realJid,
    String role,
    String affiliation,
    Set<Integer> statusCodes,
    boolean available,
    String statsId,
    String region,
    String email,
    Element presence) {

  /** Reads a presence from {@code room/nick}; null when it is not an occupant's presence. */
  public static Occupant parse(Element presence) {
    String from = presence.attr("from");
    int slash = from == null ? -1 : from.indexOf('/');
    if (slash <= 0 || slash == from.length() - 1) {
      return null;
    }
    String type = presence.attr("type");
    if ("error".equals(type)) {
      return null;
    }
    Element x = presence.child("x", Namespaces.MUC_USER);
    String realJid = null;
    String role = "none";
    String affiliation = "none";
    Set<Integer> codes = new HashSet<>();
    if (x != null) {
      Element item = x.child("item", Namespaces.MUC_USER);
      if (item != null) {
        realJid = item.attr("jid");
        role = item.attrOr("role", "none");
        affiliation = item.attrOr("affiliation", "none");
      }
      for (Element status : x.elements("status", Namespaces.MUC_USER)) {
        try {
          codes.add(Integer.parseInt(status.attrOr("code", "")));
        } catch (NumberFormatException ignored) {
          // A status code we cannot read tells us nothing.
        }
      }
    }
    return new Occupant(
        from.substring(0, slash).toLowerCase(Locale.ROOT),
        from.substring(slash + 1),
        realJid,
        role,
        affiliation,
        Set.copyOf(codes),
        !"unavailable".equals(type),
        text(presence, "stats-id"),
        text(presence, "jitsi_participant_region"),
        text(presence, "email"),
        presence);
  }

  private static String text(Element presence, String name) {
    Element e = presence.child(name, Namespaces.CLIENT);
    if (e == null) {
      e = presence.child(name, "");
    }
    String t = e == null ? null : e.text().trim();
    return t == null || t.isEmpty() ? null : t;
  }

  /** The occupant JID, {@code room/nick}. */
  public String occupantJid() {
    return room + "/" + nick;
  }

  /** Whether this presence is the receiver's own (status 110). */
  public boolean self() {
    return statusCodes.contains(110);
  }

  /** Owners and admins moderate; so does anyone the room made a moderator. */
  public boolean moderator() {
    return "owner".equals(affiliation) || "admin".equals(affiliation) || "moderator".equals(role);
  }

  /** The real JID without resource, or null. */
  public String realBareJid() {
    if (realJid == null) {
      return null;
    }
    int slash = realJid.indexOf('/');
    return slash < 0 ? realJid : realJid.substring(0, slash);
  }
}
