package org.huddle.xmpp.server.features.disco;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.server.routing.Host;
import org.huddle.xmpp.server.routing.Router;
import org.huddle.xmpp.server.routing.StanzaEvent;
import org.huddle.xmpp.server.routing.StanzaEvents;
import org.huddle.xmpp.server.routing.StanzaEvents.IqType;
import org.huddle.xmpp.server.routing.StanzaEvents.To;

/**
 * XEP-0030 service discovery for user hosts: identities and features that other features register,
 * the host's components as items, and an identity for each account.
 */
public final class Disco {
  /** An XEP-0030 identity. */
  public record Identity(String category, String type, String name) {
    public Element toElement() {
      return Element.of("identity", Namespaces.DISCO_INFO)
          .attr("category", category)
          .attr("type", type)
          .attr("name", name);
    }
  }

  private final Router router;
  private final Map<String, List<Identity>> identities = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> features = new ConcurrentHashMap<>();

  public Disco(Router router) {
    this.router = router;
  }

  public void identity(Host host, Identity identity) {
    identities.computeIfAbsent(host.name(), h -> new CopyOnWriteArrayList<>()).add(identity);
  }

  public void feature(Host host, String var) {
    features.computeIfAbsent(host.name(), h -> ConcurrentHashMap.newKeySet()).add(var);
  }

  public void install(Host host) {
    identity(host, new Identity("server", "im", "Huddle"));
    feature(host, Namespaces.DISCO_INFO);
    feature(host, Namespaces.DISCO_ITEMS);
    host.events()
        .on(StanzaEvents.iq(IqType.GET, To.HOST, Namespaces.DISCO_INFO, "query"), this::hostInfo);
    host.events()
        .on(StanzaEvents.iq(IqType.GET, To.HOST, Namespaces.DISCO_ITEMS, "query"), this::hostItems);
    host.events()
        .on(
            StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.DISCO_INFO, "query"),
            this::accountInfo);
    host.events()
        .on(
            StanzaEvents.iq(IqType.GET, To.BARE, Namespaces.DISCO_ITEMS, "query"),
            this::accountItems);
  }

  private boolean hostInfo(StanzaEvent e) {
    if (unknownNode(e)) {
      return true;
    }
    Element q = Element.of("query", Namespaces.DISCO_INFO);
    for (Identity i : identities.getOrDefault(e.host().name(), List.of())) {
      q.add(i.toElement());
    }
    features.getOrDefault(e.host().name(), Set.of()).stream()
        .sorted()
        .forEach(f -> q.addChild("feature").attr("var", f));
    e.result(q);
    return true;
  }

  /** The components under this host's domain, as Prosody lists them. */
  private boolean hostItems(StanzaEvent e) {
    if (unknownNode(e)) {
      return true;
    }
    Element q = Element.of("query", Namespaces.DISCO_ITEMS);
    String suffix = "." + e.host().name();
    router.hosts().stream()
        .filter(h -> !h.isUserHost() && h.name().endsWith(suffix))
        .map(Host::name)
        .sorted()
        .forEach(name -> q.addChild("item").attr("jid", name));
    e.result(q);
    return true;
  }

  private boolean accountInfo(StanzaEvent e) {
    if (unknownNode(e)) {
      return true;
    }
    boolean self = e.from().bare().equals(e.to());
    Element q = Element.of("query", Namespaces.DISCO_INFO);
    boolean anonymous = self && e.origin().anonymous();
    q.add(new Identity("account", anonymous ? "anonymous" : "registered", null).toElement());
    q.addChild("feature").attr("var", Namespaces.DISCO_INFO);
    e.result(q);
    return true;
  }

  private boolean accountItems(StanzaEvent e) {
    if (unknownNode(e)) {
      return true;
    }
    e.result(Element.of("query", Namespaces.DISCO_ITEMS));
    return true;
  }

  private static boolean unknownNode(StanzaEvent e) {
    if (e.stanza().firstElement().attr("node") != null) {
      e.error(Condition.ITEM_NOT_FOUND, "no such node");
      return true;
    }
    return false;
  }
}
