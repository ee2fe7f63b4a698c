package org.huddle.xmpp.server.features.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Occupant;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.api.Rooms;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One internal component: its host, the MUC service it watches ({@code muc_component}), and what
 * its handlers share: sending JSON messages from its address, recognising the server's own
 * occupants (the focus), and counting the input it drops.
 */
public final class InternalComponent {
  private static final Logger LOG = LoggerFactory.getLogger(InternalComponent.class);

  private final Host host;
  private final String module;
  private final Rooms muc;
  private final Router router;
  private final Set<Jid> admins;
  private final AtomicLong dropped = new AtomicLong();

  InternalComponent(Host host, String module, Rooms muc, Router router, Set<Jid> admins) {
    this.host = host;
    this.module = module;
    this.muc = muc;
    this.router = router;
    this.admins = admins;
  }

  public Host host() {
    return host;
  }

  /** The module serving it ({@code speakerstats_component}). */
  public String module() {
    return module;
  }

  /** The MUC service it watches. */
  Rooms muc() {
    return muc;
  }

  /** Stanzas it dropped as bad input (not an occupant, no such room, malformed). */
  public long dropped() {
    return dropped.get();
  }

  /** Drops a stanza as bad input, counting it. Returns true: the stanza is handled. */
  boolean drop(Element stanza, Jid from, String why) {
    dropped.incrementAndGet();
    LOG.debug("{}: dropped {} from {}: {}", host.name(), stanza.name(), from, why);
    return true;
  }

  /**
   * Whether the occupant is one of the server's admins (the focus, the bridge), which Jitsi's
   * components leave out of meeting statistics.
   */
  boolean isAdmin(Occupant o) {
    return admins.contains(o.realJid().bare());
  }

  /** The occupant of {@code room} whose session is {@code realJid}, or null. */
  static Occupant occupantOf(Room room, Jid realJid) {
    for (Occupant o : room.occupants()) {
      if (o.realJid().equals(realJid)) {
        return o;
      }
    }
    return null;
  }

  /** The occupant who sent a request, and the room of the service it is in. */
  record Sender(Room room, Occupant occupant) {}

  /**
   * The room of the watched service in which the sender of {@code e} is an occupant. When there is
   * no such room ({@code item-not-found}) or several ({@code conflict}: which meeting it means is
   * unclear), the sender is told and null is returned.
   */
  Sender senderOf(StanzaEvent e) {
    List<Sender> found = new ArrayList<>();
    for (Room room : muc.rooms()) {
      Occupant o = occupantOf(room, e.from());
      if (o != null) {
        found.add(new Sender(room, o));
      }
    }
    if (found.isEmpty()) {
      e.error(Condition.ITEM_NOT_FOUND, "you are in no meeting of " + muc.host().name());
      return null;
    }
    if (found.size() > 1) {
      e.error(Condition.CONFLICT, "you are in several meetings; leave the others first");
      return null;
    }
    return found.get(0);
  }

  /** Sends an occupant a JSON message from this component's bare address. */
  void send(Occupant to, String json) {
    send(to.realJid(), json);
  }

  /** Sends a session a JSON message from this component's bare address. */
  void send(Jid to, String json) {
    router.route(JsonMessage.of(host.name(), to.toString(), json), router.internalOrigin(host));
  }
}
