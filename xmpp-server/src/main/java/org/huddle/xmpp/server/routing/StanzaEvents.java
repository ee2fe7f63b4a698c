package org.huddle.xmpp.server.routing;

import java.util.Locale;
import org.huddle.xmpp.server.api.EventType;

/**
 * The names of stanza events, built as Prosody builds them from the stanza: {@code
 * <kind>/<to-type>} (such as {@code message/bare}), {@code pre-<kind>/<to-type>} for stanzas
 * leaving a local client, and {@code iq-<type>/<to-type>/<xmlns>:<name>} for IQ requests by their
 * payload.
 */
public final class StanzaEvents {
  private StanzaEvents() {}

  /** The stanza kinds. */
  public enum Kind {
    MESSAGE,
    PRESENCE,
    IQ;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a top-level element, or null when it is not a stanza. */
    public static Kind of(String elementName) {
      return switch (elementName) {
        case "message" -> MESSAGE;
        case "presence" -> PRESENCE;
        case "iq" -> IQ;
        default -> null;
      };
    }
  }

  /**
   * What the {@code to} address names: the host itself, an account (bare JID) or a resource (full
   * JID).
   */
  public enum To {
    HOST,
    BARE,
    FULL;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The IQ request types that carry a payload. */
  public enum IqType {
    GET,
    SET;

    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code message/bare} and the like: a stanza arriving at its destination host. */
  public static EventType<StanzaEvent> stanza(Kind kind, To to) {
    return EventType.of(kind.value() + "/" + to.value(), StanzaEvent.class);
  }

  /**
   * {@code pre-presence/bare} and the like: a stanza leaving a local client, seen by the sender's
   * host.
   */
  public static EventType<StanzaEvent> pre(Kind kind, To to) {
    return EventType.of("pre-" + kind.value() + "/" + to.value(), StanzaEvent.class);
  }

  /**
   * {@code iq-get/host/urn:xmpp:ping:ping}: an IQ request by the name and namespace of its payload.
   */
  public static EventType<StanzaEvent> iq(IqType type, To to, String namespace, String name) {
    return EventType.of(
        "iq-" + type.value() + "/" + to.value() + "/" + namespace + ":" + name, StanzaEvent.class);
  }

  /**
   * The same as {@link #iq(IqType, To, String, String)} from wire strings; null for a type that is
   * not get/set.
   */
  static EventType<StanzaEvent> iq(String type, To to, String namespace, String name) {
    return switch (type) {
      case "get" -> iq(IqType.GET, to, namespace, name);
      case "set" -> iq(IqType.SET, to, namespace, name);
      default -> null;
    };
  }
}
