package org.huddle.xmpp.server.muc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.server.api.Affiliation;
import org.huddle.xmpp.server.api.Role;
import org.huddle.xmpp.server.api.RoomConfig;

/**
 * A multi-user chat room (XEP-0045): its occupants, affiliations, configuration and subject.
 *
 * <p>Every change happens under the room's monitor ({@code synchronized (room)}), so the room needs
 * no finer locks; different rooms never contend. Sending only queues bytes on connections, so
 * holding the lock while fanning out blocks nobody else.
 */
public final class Room implements org.huddle.xmpp.server.api.Room {
  private final MucService service;
  private final Jid jid;
  private final Instant created = Instant.now();
  private final LinkedHashMap<String, Occupant> byNick = new LinkedHashMap<>();
  private final HashMap<Jid, Occupant> byRealJid = new HashMap<>();
  private final HashMap<Jid, Affiliation> affiliations = new HashMap<>();
  private final Map<String, Object> data = new ConcurrentHashMap<>();
  private final RoomHistory history = new RoomHistory();
  private RoomConfig config;
  private String subject = "";
  private Jid subjectFrom;
  private boolean destroyed;

  Room(MucService service, Jid jid, RoomConfig config) {
    this.service = service;
    this.jid = jid;
    this.config = config;
  }

  public Jid jid() {
    return jid;
  }

  public MucService service() {
    return service;
  }

  @Override
  public Instant created() {
    return created;
  }

  @Override
  public synchronized void destroy(String reason) {
    destroy(reason, null);
  }

  @Override
  public synchronized void destroy(String reason, Jid venue) {
    Element notice = Element.of("destroy", Namespaces.MUC_USER);
    if (venue != null) {
      notice.attr("jid", venue.toString());
    }
    if (reason != null) {
      notice.addChild("reason").text(reason);
    }
    service.destroy(this, notice);
  }

  public synchronized RoomConfig config() {
    return config;
  }

  /** Replaces the configuration, saving it when the room is persistent. */
  public synchronized void config(RoomConfig newConfig) {
    this.config = newConfig;
    if (newConfig.persistent()) {
      service.store().save(jid, newConfig);
    } else {
      service.store().remove(jid);
    }
  }

  /**
   * Values plugins keep on the room (as Prosody modules keep fields on room objects, but named and
   * shared).
   */
  public Map<String, Object> data() {
    return data;
  }

  // --- occupants
  // ------------------------------------------------------------------------------------------------

  public synchronized List<Occupant> occupants() {
    return List.copyOf(byNick.values());
  }

  public synchronized int size() {
    return byNick.size();
  }

  public synchronized Occupant occupant(String nick) {
    return byNick.get(nick);
  }

  /** The occupant whose session has this full JID, or null. */
  public synchronized Occupant occupantByRealJid(Jid realJid) {
    return byRealJid.get(realJid);
  }

  synchronized void add(Occupant o) {
    byNick.put(o.nick(), o);
    byRealJid.put(o.realJid(), o);
  }

  synchronized void remove(Occupant o) {
    byNick.remove(o.nick(), o);
    byRealJid.remove(o.realJid(), o);
  }

  synchronized void replace(Occupant old, Occupant renamed) {
    remove(old);
    add(renamed);
  }

  // --- affiliations
  // ---------------------------------------------------------------------------------------------

  /** The affiliation of a user (bare JID); service admins are owners of every room. */
  public synchronized Affiliation affiliation(Jid user) {
    Jid bare = user.bare();
    if (service.isAdmin(bare)) {
      return Affiliation.OWNER;
    }
    return affiliations.getOrDefault(bare, Affiliation.NONE);
  }

  public synchronized void affiliation(Jid user, Affiliation a) {
    if (a == Affiliation.NONE) {
      affiliations.remove(user.bare());
    } else {
      affiliations.put(user.bare(), a);
    }
  }

  /** The users with this affiliation (not counting service admins). */
  public synchronized List<Jid> withAffiliation(Affiliation a) {
    List<Jid> out = new ArrayList<>();
    affiliations.forEach(
        (j, aff) -> {
          if (aff == a) {
            out.add(j);
          }
        });
    return out;
  }

  /** The discussion history replayed to newcomers. */
  public RoomHistory history() {
    return history;
  }

  // --- subject and lifecycle
  // ------------------------------------------------------------------------------------

  public synchronized String subject() {
    return subject;
  }

  @Override
  public synchronized void subject(String text, Jid from) {
    subject = text == null ? "" : text;
    subjectFrom = from;
  }

  /**
   * The subject message (XEP-0045 §7.2.15), sent last on every join, even when the subject is
   * empty.
   */
  synchronized Element subjectMessage() {
    Element m =
        Element.of("message", Namespaces.CLIENT)
            .attr("type", "groupchat")
            .attr("from", subjectFrom == null ? jid.toString() : subjectFrom.toString());
    m.addChild("subject").text(subject);
    return m;
  }

  public synchronized boolean destroyed() {
    return destroyed;
  }

  synchronized void markDestroyed() {
    destroyed = true;
  }

  // --- sending
  // --------------------------------------------------------------------------------------------------

  /** Sends a stanza to one occupant's real JID. */
  void send(Occupant to, Element stanza) {
    stanza.attr("to", to.realJid().toString());
    service.deliver(stanza, to.realJid());
  }

  /** Sends a copy of a stanza to every occupant. */
  void broadcast(Element stanza) {
    for (Occupant o : occupants()) {
      send(o, stanza.copy());
    }
  }

  /** Sends a copy of an occupant's groupchat message to every occupant who sees it. */
  void broadcastFrom(Occupant sender, Element stanza) {
    for (Occupant o : occupants()) {
      if (service.hears(this, o, sender)) {
        send(o, stanza.copy());
      }
    }
  }

  /**
   * Whether occupant {@code recipient} may see real JIDs (XEP-0045 §5.2: whois anyone, or
   * moderators only).
   */
  boolean showsRealJids(Occupant recipient) {
    return config.publicJids() || recipient.role() == Role.MODERATOR;
  }

  /**
   * The presence of {@code subject} as {@code recipient} sees it: the occupant's own presence
   * payload plus the {@code muc#user} element with its item and status codes.
   */
  Element presenceOf(Occupant subject, Occupant recipient, OccupantPresence details) {
    Element p =
        details.payload() != null
            ? details.payload().copy()
            : details.unavailable()
                ? Element.of("presence", Namespaces.CLIENT)
                : subject.presence().copy();
    p.attr("from", subject.occupantJid().toString()).attr("to", null).attr("id", null);
    p.attr("type", details.unavailable() ? "unavailable" : null);
    p.remove("x", Namespaces.MUC).remove("x", Namespaces.MUC_USER);
    Element x = p.addChild("x", Namespaces.MUC_USER);
    Element item =
        x.addChild("item")
            .attr("affiliation", subject.affiliation().value())
            .attr("role", details.unavailable() ? Role.NONE.value() : subject.role().value());
    if (recipient == subject || showsRealJids(recipient)) {
      item.attr("jid", subject.realJid().toString());
    }
    if (details.newNick() != null) {
      item.attr("nick", details.newNick());
    }
    if (details.actor() != null) {
      item.addChild("actor").attr("nick", details.actor());
    }
    if (details.reason() != null) {
      item.addChild("reason").text(details.reason());
    }
    if (details.destroy() != null) {
      x.add(details.destroy().copy());
    }
    for (int code : details.codes()) {
      x.addChild("status").attr("code", code);
    }
    if (recipient == subject) {
      for (int code : details.selfCodes()) {
        x.addChild("status").attr("code", code);
      }
    }
    return p;
  }

  /**
   * Sends {@code subject}'s presence to every occupant (and to the subject itself, even after it
   * left).
   */
  void broadcastPresence(Occupant subject, OccupantPresence details) {
    Collection<Occupant> recipients = occupants();
    boolean subjectIncluded = recipients.contains(subject);
    for (Occupant r : recipients) {
      if (service.sees(this, r, subject)) {
        send(r, presenceOf(subject, r, details));
      }
    }
    if (!subjectIncluded) {
      send(subject, presenceOf(subject, subject, details));
    }
  }

  @Override
  public String toString() {
    return jid.toString();
  }
}
