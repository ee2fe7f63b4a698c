package org.huddle.xmpp.server.features.extdisco;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.MucEvents;
import org.huddle.xmpp.server.api.Occupant;
import org.huddle.xmpp.server.api.Room;
import org.huddle.xmpp.server.api.Rooms;
import org.huddle.xmpp.server.config.ExternalServiceOptions.Service;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A meeting's own TURN servers, which the focus sets from the allocation hook's answer with
 * Huddle's {@code meeting-services} IQ (docs/xmpp-server.md, "A meeting's TURN servers"): taken
 * only from the focus's account or component ({@code focus_jids}; anyone else gets {@code
 * forbidden}), kept per room until it is destroyed or cleared, and handed by {@link
 * ExternalServices} to the room's occupants instead of the default TURN servers.
 */
public final class MeetingServices {
  static final String NAMESPACE = "urn:huddle:meeting-services:0";
  static final String ELEMENT = "meeting-services";
  static final int MAX_SERVICES = 8;

  private static final Logger LOG = LoggerFactory.getLogger(MeetingServices.class);
  private static final Pattern HOST = Pattern.compile("\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253}");

  /** Told when a room's servers changed: its occupants' sessions then (the focus left out). */
  interface Changed {
    void changed(List<Jid> occupants, List<Service> before, List<Service> after);
  }

  private final Set<Jid> focus;
  private final Function<String, Rooms> mucs;
  private final java.time.Duration ttl;
  private final Map<Jid, List<Service>> byRoom = new ConcurrentHashMap<>();
  private final List<Changed> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong refused = new AtomicLong();

  /**
   * @param focus the bare JIDs (an account, or a component's domain) whose sets are taken
   * @param mucs the MUC service of a domain, or null
   * @param ttl how long the credentials of a meeting's servers last
   */
  public MeetingServices(List<String> focus, Function<String, Rooms> mucs, java.time.Duration ttl) {
    Set<Jid> jids = new java.util.HashSet<>();
    for (String f : focus) {
      Jid j = Jid.ofOrNull(f.trim());
      if (j != null) {
        jids.add(j.bare());
      }
    }
    this.focus = Set.copyOf(jids);
    this.mucs = mucs;
    this.ttl = ttl;
  }

  /** Takes the focus's sets on a user host. */
  public void install(Host host) {
    host.events().on(StanzaEvents.iq(IqType.SET, To.HOST, NAMESPACE, ELEMENT), this::set);
  }

  /** Forgets a room's servers when a room of this MUC service is destroyed. */
  public void watch(Rooms muc) {
    muc.host()
        .events()
        .on(
            MucEvents.ROOM_DESTROYED,
            e -> {
              forget(e.room());
              return false; // others clean up too
            });
  }

  void onChange(Changed l) {
    listeners.add(l);
  }

  /** Sets refused: from a sender that is not the focus, or malformed. */
  public long refused() {
    return refused.get();
  }

  /** The servers of the rooms {@code session} is an occupant of (of the rooms that have some). */
  List<Service> forOccupant(Jid session) {
    List<Service> out = new ArrayList<>();
    for (Map.Entry<Jid, List<Service>> e : byRoom.entrySet()) {
      Rooms muc = mucs.apply(e.getKey().domain());
      Room room = muc == null ? null : muc.room(e.getKey());
      if (room != null && occupies(room, session)) {
        e.getValue().stream().filter(s -> !out.contains(s)).forEach(out::add);
      }
    }
    return out;
  }

  private static boolean occupies(Room room, Jid session) {
    for (Occupant o : room.occupants()) {
      if (o.realJid().equals(session)) {
        return true;
      }
    }
    return false;
  }

  private boolean set(StanzaEvent e) {
    if (!focus.contains(e.from().bare())) {
      refused.incrementAndGet();
      e.error(Condition.FORBIDDEN, "only the focus sets a meeting's services");
      return true;
    }
    Element q = e.stanza().firstElement();
    Jid roomJid = Jid.ofOrNull(q.attr("room") == null ? "" : q.attr("room"));
    if (roomJid == null || !roomJid.isBare() || roomJid.local() == null) {
      refused.incrementAndGet();
      e.error(Condition.BAD_REQUEST, "name the room by its bare JID");
      return true;
    }
    Rooms muc = mucs.apply(roomJid.domain());
    Room room = muc == null ? null : muc.room(roomJid);
    if (room == null) {
      refused.incrementAndGet();
      e.error(Condition.ITEM_NOT_FOUND, "no such room");
      return true;
    }
    List<Service> services = new ArrayList<>();
    for (Element s : q.elements("service", NAMESPACE)) {
      Service parsed = service(s);
      if (parsed == null || services.size() == MAX_SERVICES) {
        refused.incrementAndGet();
        e.error(
            Condition.BAD_REQUEST,
            parsed == null
                ? "a service is type turn or turns, a host, a port 1-65535, transport udp or tcp"
                : "at most " + MAX_SERVICES + " services");
        return true;
      }
      services.add(parsed);
    }
    List<Service> before;
    synchronized (room) { // one change at a time per room, in the order the focus sent them
      before = services.isEmpty() ? byRoom.remove(roomJid) : byRoom.put(roomJid, services);
      before = before == null ? List.of() : before;
      if (!before.equals(services)) {
        LOG.info(
            "{}: the meeting's TURN servers are now {}",
            roomJid,
            services.isEmpty() ? "the defaults" : hosts(services));
        List<Jid> occupants = new ArrayList<>();
        for (Occupant o : room.occupants()) {
          if (!focus.contains(o.realJid().bare())) {
            occupants.add(o.realJid());
          }
        }
        for (Changed l : listeners) {
          l.changed(occupants, before, List.copyOf(services));
        }
      }
    }
    e.result();
    return true;
  }

  private Service service(Element s) {
    String type = s.attr("type");
    String host = s.attr("host");
    String transport = s.attr("transport") == null ? "udp" : s.attr("transport");
    int port;
    try {
      port = Integer.parseInt(s.attr("port") == null ? "" : s.attr("port"));
    } catch (NumberFormatException x) {
      return null;
    }
    if (!("turn".equals(type) || "turns".equals(type))
        || host == null
        || !HOST.matcher(host).matches()
        || port < 1
        || port > 65535
        || !(transport.equals("udp") || transport.equals("tcp"))) {
      return null;
    }
    return new Service(type, host, port, transport, true, ttl, null, null);
  }

  private void forget(Room room) {
    if (byRoom.remove(room.jid()) != null) {
      LOG.debug("{}: destroyed; its TURN servers are forgotten", room.jid());
    }
  }

  private static List<String> hosts(List<Service> services) {
    return services.stream()
        .map(s -> s.type() + ":" + s.host() + ":" + s.port() + "/" + s.transport())
        .toList();
  }
}
