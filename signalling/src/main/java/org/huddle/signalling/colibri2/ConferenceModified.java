package org.huddle.signalling.colibri2;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * The bridge's answer, {@code <conference-modified>}: the created endpoints with the bridge's
 * transports, expired endpoints, and the bridge's own feedback {@link Sources sources} when it
 * created something. See docs/wire.md#colibri2.
 *
 * @param sources the feedback sources, or null
 */
public record ConferenceModified(List<Endpoint> endpoints, Sources sources) {
  public static final String ELEMENT = "conference-modified";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public ConferenceModified {
    endpoints = List.copyOf(endpoints);
  }

  public static ConferenceModified parse(Element e) throws SignallingException {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Element ep : e.elements(Endpoint.ELEMENT, Endpoint.NAMESPACE)) {
      endpoints.add(Endpoint.parse(ep));
    }
    Element s = e.child(Sources.ELEMENT, Sources.NAMESPACE);
    return new ConferenceModified(endpoints, s == null ? null : Sources.parse(s));
  }

  public Element toElement() {
    Element e = new Element(ELEMENT, NAMESPACE);
    endpoints.forEach(ep -> e.add(ep.toElement()));
    if (sources != null) {
      e.add(sources.toElement());
    }
    return e;
  }

  /** The endpoint with this id, or null. */
  public Endpoint endpoint(String id) {
    for (Endpoint ep : endpoints) {
      if (id.equals(ep.id())) {
        return ep;
      }
    }
    return null;
  }
}
