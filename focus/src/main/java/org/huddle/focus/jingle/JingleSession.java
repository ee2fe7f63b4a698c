package org.huddle.focus.jingle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huddle.focus.source.MediaType;
import org.huddle.focus.source.SourceCodec;
import org.huddle.focus.source.SourceMap;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.jingle.BundleGroup;
import org.huddle.signalling.jingle.Content;
import org.huddle.signalling.jingle.IceUdpTransport;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.signalling.jingle.Reason;
import org.huddle.signalling.jingle.RtpDescription;
import org.huddle.signalling.jitsi.BridgeSession;
import org.huddle.signalling.jitsi.JsonMessage;
import org.huddle.xmpp.codec.Element;

/**
 * One Jingle session between the focus (initiator) and a participant (responder): its id, its state
 * (XEP-0166 §6: pending until {@code session-accept}, then active, then ended), and the IQs the
 * focus sends on it. Sources go as {@code json-message} to participants that advertise {@code
 * json-encoded-sources}, as XEP-0339 elements otherwise.
 */
public final class JingleSession {
  /** XEP-0166 session states. */
  public enum State {
    PENDING,
    ACTIVE,
    ENDED
  }

  private final String sid;
  private final String remote;
  private final String remoteRealJid;
  private final String initiator;
  private final boolean jsonSources;
  private volatile State state = State.PENDING;

  /**
   * @param remote the participant's occupant JID, where Jingle goes through the MUC
   * @param remoteRealJid the participant's real JID, which may also send on this session, or null
   * @param initiator the focus's full JID
   * @param jsonSources whether to encode sources as JSON
   */
  public JingleSession(String remote, String remoteRealJid, String initiator, boolean jsonSources) {
    this.sid = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.remote = remote;
    this.remoteRealJid = remoteRealJid;
    this.initiator = initiator;
    this.jsonSources = jsonSources;
  }

  public String sid() {
    return sid;
  }

  public String remote() {
    return remote;
  }

  /** Whether a request from this address belongs to the session's participant. */
  public boolean isFrom(String from) {
    return from != null
        && (from.equalsIgnoreCase(remote)
            || (remoteRealJid != null && from.equalsIgnoreCase(remoteRealJid)));
  }

  public State state() {
    return state;
  }

  public void state(State s) {
    this.state = s;
  }

  public boolean jsonSources() {
    return jsonSources;
  }

  /**
   * The {@code session-initiate}: the contents with the bridge's transport in each, BUNDLE over
   * them, the bridge session, and the sources.
   *
   * @param contents offer contents without transports
   * @param transport the bridge's ICE-UDP transport for this participant
   * @param sources what the participant receives (the others' and the bridge's)
   * @param bridgeSessionId Jitsi's {@code bridge-session id}
   * @param region the bridge's region, or null
   */
  public Element initiate(
      List<Element> contents,
      IceUdpTransport transport,
      SourceMap sources,
      String bridgeSessionId,
      String region) {
    Element j = Jingle.of("session-initiate", sid).toElement().attr("initiator", initiator);
    List<Element> withTransport = new ArrayList<>();
    for (Element c : contents) {
      withTransport.add(c.copy().add(transport.toElement()));
    }
    addSources(j, withTransport, sources);
    j.add(BundleGroup.bundle(withTransport.stream().map(c -> c.attr("name")).toList()).toElement());
    j.add(new BridgeSession(bridgeSessionId, region).toElement());
    return Xml.iq("set", remote, j).attr("from", initiator);
  }

  /** {@code source-add} or {@code source-remove} with these sources. */
  public Element sources(String action, SourceMap sources) {
    Element j = Jingle.of(action, sid).toElement();
    addSources(j, new ArrayList<>(), sources);
    return Xml.iq("set", remote, j).attr("from", initiator);
  }

  /** {@code session-terminate} with a reason (XEP-0166 §7.4). */
  public Element terminate(String reason, String text) {
    Element j = Jingle.of("session-terminate", sid).toElement();
    j.add(new Reason(reason, text).toElement());
    return Xml.iq("set", remote, j).attr("from", initiator);
  }

  private void addSources(Element jingle, List<Element> contents, SourceMap sources) {
    if (jsonSources) {
      contents.forEach(jingle::add);
      if (!sources.isEmpty() || !contents.isEmpty()) {
        jingle.add(new JsonMessage(SourceCodec.toJson(sources)).toElement());
      }
      return;
    }
    Map<MediaType, Element> descriptions = new EnumMap<>(MediaType.class);
    for (Element c : contents) {
      Element d = c.child(RtpDescription.ELEMENT, RtpDescription.NAMESPACE);
      MediaType m = d == null ? null : MediaType.parse(d.attr("media"));
      if (m != null) {
        descriptions.put(m, d);
      }
    }
    SourceCodec.toJingle(sources)
        .forEach(
            (media, elements) -> {
              Element d =
                  descriptions.computeIfAbsent(
                      media,
                      m -> {
                        RtpDescription empty =
                            new RtpDescription(
                                m.wire(), null, List.of(), List.of(), false, false, List.of(),
                                List.of());
                        Element c =
                            new Content("initiator", m.wire(), null, empty, null).toElement();
                        contents.add(c);
                        return c.child(RtpDescription.ELEMENT, RtpDescription.NAMESPACE);
                      });
              elements.forEach(d::add);
            });
    contents.forEach(jingle::add);
  }
}
