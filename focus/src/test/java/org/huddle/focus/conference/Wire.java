package org.huddle.focus.conference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.huddle.focus.jingle.Features;
import org.huddle.focus.xml.Xml;
import org.huddle.focus.xmpp.StanzaLink;
import org.huddle.signalling.colibri2.ConferenceModified;
import org.huddle.signalling.colibri2.ConferenceModify;
import org.huddle.signalling.colibri2.Endpoint;
import org.huddle.signalling.colibri2.Transport;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * The focus's XMPP connection in memory: it records what the conference sends and answers every
 * request at once, as a room, a bridge and participants that agree to everything would: audio and
 * video in disco#info, a Colibri2 answer with a transport for each endpoint created, and a result
 * for the rest.
 */
final class Wire implements StanzaLink {
  final List<Element> out = new ArrayList<>();

  /** While set, disco#info answers wait in {@link #heldDisco} until {@link #releaseDisco}. */
  boolean holdDisco;

  private final List<Runnable> heldDisco = new ArrayList<>();

  @Override
  public synchronized CompletableFuture<Element> request(Element iq, Duration timeout) {
    out.add(iq);
    Element payload = Xml.payload(iq);
    Element child = null;
    if (payload != null && payload.is(ConferenceModify.ELEMENT, ConferenceModify.NAMESPACE)) {
      List<Endpoint> created = new ArrayList<>();
      for (Element e : payload.elements(Endpoint.ELEMENT, Endpoint.NAMESPACE)) {
        if ("true".equals(e.attr("create"))) {
          IceUdpTransport ice = new IceUdpTransport("u", "p", List.of(), true, null, null);
          created.add(Endpoint.builder(e.attr("id")).transport(new Transport(null, ice)).build());
        }
      }
      child = new ConferenceModified(created, null).toElement();
    } else if (payload != null && payload.is("query", Namespaces.DISCO_INFO)) {
      child = new Element("query", Namespaces.DISCO_INFO);
      for (String feature : List.of(Features.AUDIO, Features.VIDEO)) {
        child.addChild("feature", Namespaces.DISCO_INFO).attr("var", feature);
      }
    }
    Element answer = Xml.result(iq.copy().attr("from", iq.attr("to")), child);
    if (holdDisco && payload != null && payload.is("query", Namespaces.DISCO_INFO)) {
      CompletableFuture<Element> later = new CompletableFuture<>();
      heldDisco.add(() -> later.complete(answer));
      return later;
    }
    return CompletableFuture.completedFuture(answer);
  }

  /** Answers the disco#info requests held so far. */
  void releaseDisco() {
    List<Runnable> held;
    synchronized (this) {
      held = List.copyOf(heldDisco);
      heldDisco.clear();
    }
    held.forEach(Runnable::run);
  }

  @Override
  public synchronized void send(Element stanza) {
    out.add(stanza);
  }

  @Override
  public String jid() {
    return "focus@auth.meet.jitsi/focus";
  }

  /** The Jingle actions sent so far to this occupant JID, in order. */
  synchronized List<String> jingle(String to) {
    return jingleIqs(to).stream().map(iq -> Xml.payload(iq).attr("action")).toList();
  }

  synchronized List<Element> jingleIqs(String to) {
    return out.stream()
        .filter(s -> to.equals(s.attr("to")))
        .filter(s -> Xml.payload(s) != null && Xml.payload(s).is(Jingle.ELEMENT, Jingle.NAMESPACE))
        .toList();
  }

  /** The Colibri2 requests sent so far. */
  synchronized List<Element> colibri() {
    return out.stream()
        .map(Xml::payload)
        .filter(p -> p != null && p.is(ConferenceModify.ELEMENT, ConferenceModify.NAMESPACE))
        .toList();
  }

  synchronized void clear() {
    out.clear();
  }
}
