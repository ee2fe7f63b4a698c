package org.huddle.xmpp.server.routing;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.StanzaError;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.api.Origin;
import org.huddle.xmpp.server.routing.StanzaEvents.Kind;
import org.huddle.xmpp.server.routing.StanzaEvents.To;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stanzas between senders and hosts (RFC 6120 §10): finds the destination host, fires the
 * stanza's events there and answers what nobody handled with the right error.
 *
 * <p>Routing runs on the sender's thread and takes no global lock: hosts and sessions sit in
 * concurrent maps, and delivery to a session only queues bytes on its connection.
 */
public final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** Counts stanzas; the metrics package plugs in here. */
  public interface Observer {
    void routed(Element stanza);

    void bounced(Element stanza, Condition condition);
  }

  private final Map<String, Host> hosts = new ConcurrentHashMap<>();
  private final Map<String, Origin> internalOrigins = new ConcurrentHashMap<>();
  private final SessionRegistry sessions = new SessionRegistry();
  private volatile Observer observer;

  public SessionRegistry sessions() {
    return sessions;
  }

  public void observer(Observer observer) {
    this.observer = observer;
  }

  public void addHost(Host host) {
    if (hosts.putIfAbsent(host.name(), host) != null) {
      throw new IllegalArgumentException("host configured twice: " + host.name());
    }
  }

  /** The host serving this domain, or null. */
  public Host host(String domain) {
    return hosts.get(domain);
  }

  public Collection<Host> hosts() {
    return List.copyOf(hosts.values());
  }

  /** The origin of stanzas the server itself sends from a host. */
  public Origin internalOrigin(Host host) {
    return internalOrigins.computeIfAbsent(host.name(), n -> new InternalOrigin(host));
  }

  /**
   * A stanza from a bound client, its {@code from} already stamped. The sender's host sees it first
   * as a {@code pre-} event (where presence broadcast lives); then it is routed.
   */
  public void fromClient(Element stanza, LocalSession origin) {
    Kind kind = Kind.of(stanza.name());
    String toAttr = stanza.attr("to");
    Jid to = toAttr == null ? origin.jid().bare() : Jid.ofOrNull(toAttr);
    if (to == null) {
      bounce(
          stanza, origin.jid(), Condition.JID_MALFORMED, "'" + toAttr + "' is not a valid address");
      return;
    }
    StanzaEvent pre = new StanzaEvent(this, origin.host(), stanza, origin, origin.jid(), to);
    if (fire(origin.host(), StanzaEvents.pre(kind, toType(to)), pre)) {
      return;
    }
    route(stanza, origin);
  }

  /** Routes a stanza whose {@code from} is set, from any origin, to its destination host. */
  public void route(Element stanza, Origin origin) {
    Observer o = observer;
    if (o != null) {
      o.routed(stanza);
    }
    Jid from = Jid.ofOrNull(stanza.attr("from"));
    if (from == null) {
      from = origin.jid();
    }
    String toAttr = stanza.attr("to");
    Jid to = toAttr == null ? from.bare() : Jid.ofOrNull(toAttr);
    if (to == null) {
      bounce(stanza, from, Condition.JID_MALFORMED, "'" + toAttr + "' is not a valid address");
      return;
    }
    Host host = hosts.get(to.domain());
    if (host == null) {
      bounce(
          stanza,
          from,
          Condition.REMOTE_SERVER_NOT_FOUND,
          "no such domain here (no server-to-server)");
      return;
    }
    dispatch(host, stanza, origin, from, to);
  }

  private void dispatch(Host host, Element stanza, Origin origin, Jid from, Jid to) {
    Kind kind = Kind.of(stanza.name());
    To toType = toType(to);
    StanzaEvent event = new StanzaEvent(this, host, stanza, origin, from, to);
    try {
      String type = stanza.attr("type");
      boolean request = kind == Kind.IQ && ("get".equals(type) || "set".equals(type));
      if (request) {
        if (stanza.elementCount() != 1) {
          bounce(stanza, from, Condition.BAD_REQUEST, "an IQ request carries exactly one payload");
          return;
        }
        Element payload = stanza.firstElement();
        if (fire(host, StanzaEvents.iq(type, toType, payload.namespace(), payload.name()), event)) {
          return;
        }
      }
      if (fire(host, StanzaEvents.stanza(kind, toType), event)) {
        return;
      }
      if (request) {
        bounce(stanza, from, Condition.SERVICE_UNAVAILABLE, null);
      } else if (kind == Kind.MESSAGE && !"groupchat".equals(type) && !"headline".equals(type)) {
        bounce(stanza, from, Condition.SERVICE_UNAVAILABLE, null);
      }
    } catch (RuntimeException e) {
      LOG.error("error handling {} from {} to {}", stanza.name(), from, to, e);
      bounce(stanza, from, Condition.INTERNAL_SERVER_ERROR, null);
    }
  }

  private static boolean fire(
      Host host, org.huddle.xmpp.server.api.EventType<StanzaEvent> t, StanzaEvent e) {
    return host.events().fire(t, e);
  }

  /**
   * Answers a stanza with an error addressed to its sender, unless it is an error or a result
   * itself (RFC 6120 §8.3.1: never answer an error with an error).
   */
  public void bounce(Element stanza, Jid sender, Condition condition, String text) {
    if (!StanzaError.mayReplyTo(stanza)) {
      return;
    }
    Observer o = observer;
    if (o != null) {
      o.bounced(stanza, condition);
    }
    Element reply = StanzaError.reply(stanza, condition, text);
    if (sender != null) {
      reply.attr("to", sender.toString());
    }
    Jid replyTo = sender;
    if (replyTo == null) {
      return;
    }
    // The reply comes from where the stanza was going, or from the sender's own server if that was
    // nowhere.
    Jid replyFrom = Jid.ofOrNull(stanza.attr("to"));
    Host from = replyFrom == null ? null : hosts.get(replyFrom.domain());
    if (from == null) {
      from = hosts.get(replyTo.domain());
      if (replyFrom == null && from != null) {
        reply.attr("from", from.name());
      }
    }
    if (from == null) {
      LOG.debug("dropping {} bounce to {}: no local host", condition, replyTo);
      return;
    }
    Host destination = hosts.get(replyTo.domain());
    if (destination == null) {
      return;
    }
    dispatch(destination, reply, internalOrigin(from), Jid.ofOrNull(reply.attr("from")), replyTo);
  }

  private static To toType(Jid to) {
    return to.isDomain() ? To.HOST : to.isBare() ? To.BARE : To.FULL;
  }

  /** The server itself, sending from one of its hosts. */
  private record InternalOrigin(Host host) implements Origin {
    @Override
    public Jid jid() {
      return host.jid();
    }

    @Override
    public String remoteAddress() {
      return "internal";
    }

    @Override
    public String transport() {
      return "internal";
    }

    @Override
    public boolean anonymous() {
      return false;
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of();
    }
  }
}
