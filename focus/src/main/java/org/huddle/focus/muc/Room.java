package org.huddle.focus.muc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.huddle.focus.xml.Xml;
import org.huddle.focus.xmpp.StanzaLink;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jitsi.ConferenceProperties;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * What the focus does in one room. It joins with the nickname {@value #NICK}: lib-jitsi-meet
 * recognises the focus by its real JID and takes a Jingle session from resource {@code focus} as
 * the bridge session (docs/wire.md#room-presence). Every presence the focus sends carries its
 * current extensions, so an update never drops one.
 */
public final class Room {
  /** The focus's nickname in every room. */
  public static final String NICK = "focus";

  private final StanzaLink link;
  private final String jid;
  private final Duration timeout;
  private volatile List<Element> extensions = List.of();

  public Room(StanzaLink link, String jid, Duration timeout) {
    this.link = link;
    this.jid = jid;
    this.timeout = timeout;
  }

  public String jid() {
    return jid;
  }

  /** The focus's occupant JID. */
  public String occupantJid() {
    return jid + "/" + NICK;
  }

  /** Sends the join presence (XEP-0045 §7.2.1); the self-presence that follows confirms it. */
  public void join() {
    Element p = presence();
    p.addChild("x", Namespaces.MUC);
    link.send(p);
  }

  /** Sets the focus's presence extensions for the next presence it sends. */
  public void useExtensions(List<Element> elements) {
    extensions = List.copyOf(elements);
  }

  /** Replaces the focus's presence extensions and re-sends its presence. */
  public void setExtensions(List<Element> elements) {
    useExtensions(elements);
    link.send(presence());
  }

  private Element presence() {
    Element p = Xml.stanza("presence", Map.of("to", occupantJid()));
    extensions.forEach(e -> p.add(e.copy()));
    return p;
  }

  /** Leaves the room (XEP-0045 §7.14). */
  public void leave() {
    link.send(Xml.stanza("presence", Map.of("to", occupantJid(), "type", "unavailable")));
  }

  /**
   * Accepts the default configuration of a room the focus just created (XEP-0045 §10.1.2), so a
   * server that locks new rooms opens it.
   */
  public CompletableFuture<Element> unlock() {
    Element query = new Element("query", Namespaces.MUC_OWNER);
    query.addChild("x", Namespaces.DATA_FORMS).attr("type", "submit");
    return link.request(Xml.iq("set", jid, query), timeout);
  }

  /** Makes a user an owner of the room by real bare JID (XEP-0045 §10.3). */
  public CompletableFuture<Element> grantOwner(String bareJid) {
    return admin(
        new Element("item", Namespaces.MUC_ADMIN)
            .attr("affiliation", "owner")
            .attr("jid", bareJid));
  }

  /** Removes an occupant (XEP-0045 §8.2), with a reason it is shown. */
  public CompletableFuture<Element> kick(String nick, String reason) {
    Element item =
        new Element("item", Namespaces.MUC_ADMIN).attr("nick", nick).attr("role", "none");
    item.addChild("reason", Namespaces.MUC_ADMIN).text(reason);
    return admin(item);
  }

  private CompletableFuture<Element> admin(Element item) {
    Element query = new Element("query", Namespaces.MUC_ADMIN);
    query.add(item);
    return link.request(Xml.iq("set", jid, query), timeout);
  }

  /** {@code <conference-properties xmlns=focus><property key= value=/>...}, as Jicofo writes it. */
  public static Element conferenceProperties(Map<String, String> properties) {
    return new ConferenceProperties(properties).toElement();
  }

  /** Jicofo's sign that no bridge could be found; lib-jitsi-meet then shows an error. */
  public static Element bridgeNotAvailable() {
    return new Element(ConferenceProperties.BRIDGE_NOT_AVAILABLE, WireNamespaces.FOCUS);
  }
}
