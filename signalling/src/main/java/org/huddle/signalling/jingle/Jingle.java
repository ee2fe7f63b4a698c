package org.huddle.signalling.jingle;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.huddle.signalling.SignallingException;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.jitsi.BridgeSession;
import org.huddle.signalling.jitsi.JsonMessage;
import org.huddle.xmpp.codec.Element;

/**
 * A Jingle action, {@code <jingle action= sid= initiator=>} (XEP-0166 §7,
 * https://xmpp.org/extensions/xep-0166.html#def-jingle), with what Jitsi puts in it: {@link Content
 * contents}, a {@link Reason reason}, sources as a {@link JsonMessage json-message}, the {@link
 * BundleGroup BUNDLE group} and the {@link BridgeSession bridge-session}. Written in that order.
 * See docs/wire.md#jingle.
 *
 * @param action e.g. {@code session-initiate}, {@code source-add}
 * @param initiator the initiator's JID, or null
 * @param reason the reason, or null
 * @param json sources as JSON, or null
 * @param group the BUNDLE group, or null
 * @param bridgeSession the bridge session, or null
 */
public record Jingle(
    String action,
    String sid,
    String initiator,
    List<Content> contents,
    Reason reason,
    JsonMessage json,
    BundleGroup group,
    BridgeSession bridgeSession) {
  public static final String ELEMENT = "jingle";
  public static final String NAMESPACE = WireNamespaces.JINGLE;

  /**
   * The actions XEP-0166 §7.2 defines, Jitsi's source-add and source-remove, and their old names.
   */
  public static final Set<String> ACTIONS =
      Set.of(
          "content-accept",
          "content-add",
          "content-modify",
          "content-reject",
          "content-remove",
          "description-info",
          "security-info",
          "session-accept",
          "session-info",
          "session-initiate",
          "session-terminate",
          "transport-accept",
          "transport-info",
          "transport-reject",
          "transport-replace",
          "source-add",
          "source-remove",
          "addsource",
          "removesource");

  public Jingle {
    contents = List.copyOf(contents);
  }

  /** An action with nothing in it yet. */
  public static Jingle of(String action, String sid) {
    return new Jingle(action, sid, null, List.of(), null, null, null, null);
  }

  public static Jingle parse(Element j) throws SignallingException {
    List<Content> contents = new ArrayList<>();
    for (Element c : j.elements(Content.ELEMENT, Content.NAMESPACE)) {
      contents.add(Content.parse(c));
    }
    Element reason = j.child(Reason.ELEMENT, Reason.NAMESPACE);
    Element json = j.child(JsonMessage.ELEMENT, JsonMessage.NAMESPACE);
    Element group = j.child(BundleGroup.ELEMENT, BundleGroup.NAMESPACE);
    Element session = j.child(BridgeSession.ELEMENT, BridgeSession.NAMESPACE);
    return new Jingle(
        j.attr("action"),
        j.attr("sid"),
        j.attr("initiator"),
        contents,
        reason == null ? null : Reason.parse(reason),
        json == null ? null : JsonMessage.parse(json),
        group == null ? null : BundleGroup.parse(group),
        session == null ? null : BridgeSession.parse(session));
  }

  public Element toElement() {
    Element j =
        new Element(ELEMENT, NAMESPACE)
            .attr("action", action)
            .attr("sid", sid)
            .attr("initiator", initiator);
    contents.forEach(c -> j.add(c.toElement()));
    if (reason != null) {
      j.add(reason.toElement());
    }
    if (json != null) {
      j.add(json.toElement());
    }
    if (group != null) {
      j.add(group.toElement());
    }
    if (bridgeSession != null) {
      j.add(bridgeSession.toElement());
    }
    return j;
  }

  /** A Jingle error condition for an error reply (XEP-0166 §10), e.g. {@code unknown-session}. */
  public static Element error(String condition) {
    return new Element(condition, WireNamespaces.JINGLE_ERRORS);
  }
}
