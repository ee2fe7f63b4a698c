package org.huddle.signalling.colibri2;

import java.util.ArrayList;
import java.util.List;
import org.huddle.signalling.Attributes;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;

/**
 * The focus's request to a bridge, {@code <conference-modify meeting-id= name= create= expire=>}
 * with the {@link Endpoint endpoints} to create, change or expire. See docs/wire.md#colibri2.
 *
 * @param meetingId the conference's meeting id, the key the bridge knows it by
 * @param name the room JID, sent when creating, or null
 * @param relays how many {@code relay} and {@code connects} children it has (bridge cascades and
 *     exporters, which Huddle does not do); never written
 */
public record ConferenceModify(
    String meetingId,
    String name,
    boolean create,
    boolean expire,
    List<Endpoint> endpoints,
    int relays) {
  public static final String ELEMENT = "conference-modify";
  public static final String NAMESPACE = WireNamespaces.COLIBRI2;

  public ConferenceModify {
    endpoints = List.copyOf(endpoints);
  }

  /** A request about one endpoint, or none, that neither creates nor expires the conference. */
  public static ConferenceModify of(String meetingId, List<Endpoint> endpoints) {
    return new ConferenceModify(meetingId, null, false, false, endpoints, 0);
  }

  /** The same request, creating the conference under this room name. */
  public ConferenceModify creating(String roomName) {
    return new ConferenceModify(meetingId, roomName, true, expire, endpoints, relays);
  }

  /** The same request, expiring the conference. */
  public ConferenceModify expiring() {
    return new ConferenceModify(meetingId, name, create, true, endpoints, relays);
  }

  /** Reads one; the element must be a {@code conference-modify}, its children well formed. */
  public static ConferenceModify parse(Element e) throws SignallingException {
    if (!e.is(ELEMENT, NAMESPACE)) {
      throw new SignallingException(
          "feature-not-implemented", "feature_not_implemented", "not a conference-modify");
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (Element ep : e.elements(Endpoint.ELEMENT, Endpoint.NAMESPACE)) {
      endpoints.add(Endpoint.parse(ep));
    }
    int relays = e.elements("relay", null).size() + e.elements("connects", null).size();
    return new ConferenceModify(
        e.attr("meeting-id"),
        e.attr("name"),
        Attributes.flag(e, "create"),
        Attributes.flag(e, "expire"),
        endpoints,
        relays);
  }

  public Element toElement() {
    Element e =
        new Element(ELEMENT, NAMESPACE)
            .attr("meeting-id", meetingId)
            .attr("name", name)
            .attr("create", create ? "true" : null)
            .attr("expire", expire ? "true" : null);
    endpoints.forEach(ep -> e.add(ep.toElement()));
    return e;
  }
}
