package org.huddle.focus.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.huddle.focus.xml.Xml;
import org.huddle.focus.xmpp.StanzaLink;
import org.huddle.signalling.jitsi.ColibriStats;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridges in the brewery room. The focus joins the room; every occupant whose presence carries
 * Jitsi's {@code stats} is a bridge, updated by each presence (re-sent every few seconds), and gone
 * when it leaves.
 */
public final class BridgeRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeRegistry.class);

  private final String brewery;
  private final String nick = "focus-" + UUID.randomUUID().toString().substring(0, 8);
  private final Duration failureReset;
  private final Map<String, Bridge> bridges = new ConcurrentHashMap<>();
  private final List<BridgeEvents> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong lost = new AtomicLong();

  public BridgeRegistry(String breweryJid, Duration failureReset) {
    this.brewery = breweryJid.toLowerCase(Locale.ROOT);
    this.failureReset = failureReset;
  }

  public void listen(BridgeEvents l) {
    listeners.add(l);
  }

  /** Joins the brewery (after each login). */
  public void join(StanzaLink link) {
    Element p = Xml.stanza("presence", Map.of("to", brewery + "/" + nick));
    p.addChild("x", "http://jabber.org/protocol/muc");
    link.send(p);
  }

  /** Handles a presence; returns whether it came from the brewery. */
  public boolean presence(Element p) {
    String from = p.attr("from");
    if (from == null) {
      return false;
    }
    int slash = from.indexOf('/');
    if (slash < 0 || !from.substring(0, slash).equalsIgnoreCase(brewery)) {
      return false;
    }
    String occupantNick = from.substring(slash + 1);
    if (occupantNick.equals(nick)) {
      return true;
    }
    if ("unavailable".equals(p.attr("type")) || "error".equals(p.attr("type"))) {
      Bridge gone = bridges.remove(occupantNick);
      if (gone != null) {
        lost.incrementAndGet();
        LOG.warn("bridge {} left the brewery", gone);
        listeners.forEach(l -> l.bridgeLost(gone, "left the brewery"));
      }
      return true;
    }
    Element stats = p.child(ColibriStats.ELEMENT, ColibriStats.NAMESPACE);
    if (stats == null) {
      return true;
    }
    Map<String, String> values = ColibriStats.parse(stats).values();
    boolean[] added = {false};
    Bridge b =
        bridges.computeIfAbsent(
            occupantNick,
            n -> {
              added[0] = true;
              return new Bridge(brewery + "/" + n, n);
            });
    boolean wasOperational = !added[0] && b.operational(failureReset);
    boolean wasUnhealthy = b.reportsUnhealthy();
    b.stats(values);
    if (added[0]) {
      LOG.info("bridge {} joined the brewery (region '{}')", b, b.region());
    }
    if (b.operational(failureReset) && !wasOperational) {
      listeners.forEach(l -> l.bridgeAvailable(b));
    } else if (b.reportsUnhealthy() && !wasUnhealthy) {
      LOG.warn("bridge {} reports itself unhealthy", b);
      listeners.forEach(l -> l.bridgeLost(b, "reports itself unhealthy"));
    }
    return true;
  }

  /**
   * Forgets every bridge, without moving anything: after the focus logs in again its conferences
   * are gone, and the brewery's presence tells which bridges are there now.
   */
  public void reset() {
    bridges.clear();
  }

  /** A bridge failed (health check, or a Colibri2 request): conferences move away from it. */
  public void failed(Bridge b, String why) {
    boolean first = !b.failed();
    b.markFailed();
    if (first) {
      LOG.warn("bridge {} failed: {}", b, why);
    }
    listeners.forEach(l -> l.bridgeLost(b, why));
  }

  /** A bridge passed a health check. */
  public void healthy(Bridge b) {
    if (b.failed()) {
      b.markHealthy();
      LOG.info("bridge {} is healthy again", b);
      if (b.operational(failureReset)) {
        listeners.forEach(l -> l.bridgeAvailable(b));
      }
    }
  }

  /** Every bridge in the brewery. */
  public List<Bridge> all() {
    return new ArrayList<>(bridges.values());
  }

  /** Bridges that may get new work. */
  public List<Bridge> operational() {
    List<Bridge> out = new ArrayList<>();
    for (Bridge b : bridges.values()) {
      if (b.operational(failureReset)) {
        out.add(b);
      }
    }
    return out;
  }

  /** The bridge with this occupant JID, or null. */
  public Bridge byJid(String jid) {
    for (Bridge b : bridges.values()) {
      if (b.jid().equalsIgnoreCase(jid)) {
        return b;
      }
    }
    return null;
  }

  /** Bridges that left unexpectedly so far. */
  public long lostCount() {
    return lost.get();
  }

  /** The focus's nickname in the brewery. */
  public String nick() {
    return nick;
  }
}
