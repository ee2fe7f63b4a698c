package org.huddle.xmpp.codec;

/** The namespaces the server speaks, with the specification that defines each. */
public final class Namespaces {
  private Namespaces() {}

  /** RFC 6120 §4.8.5: the stream element. */
  public static final String STREAMS = "http://etherx.jabber.org/streams";

  /** RFC 6120 §4.8.2: content namespace of client streams; Huddle's canonical stanza namespace. */
  public static final String CLIENT = "jabber:client";

  /** RFC 6120 §4.8.2: content namespace of server-to-server streams. */
  public static final String SERVER = "jabber:server";

  /** XEP-0114 §2: content namespace of component streams. */
  public static final String COMPONENT_ACCEPT = "jabber:component:accept";

  /** RFC 6120 §4.9.3: stream error conditions. */
  public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";

  /** RFC 6120 §8.3.3: stanza error conditions. */
  public static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

  /** RFC 6120 §5: STARTTLS. */
  public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";

  /** RFC 6120 §6: SASL. */
  public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";

  /** RFC 6120 §7: resource binding. */
  public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";

  /** RFC 3921 §3 (kept by draft-cridland-xmpp-session-01): the legacy session IQ. */
  public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";

  /** RFC 7395 §3.3.1: WebSocket framing ({@code <open/>}, {@code <close/>}). */
  public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

  /** RFC 6121 §2: the roster. */
  public static final String ROSTER = "jabber:iq:roster";

  /** XEP-0030: service discovery. */
  public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

  public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

  /** XEP-0199: ping. */
  public static final String PING = "urn:xmpp:ping";

  /** XEP-0092: software version. */
  public static final String VERSION = "jabber:iq:version";

  /** XEP-0004: data forms. */
  public static final String DATA_FORMS = "jabber:x:data";

  /** XEP-0045: multi-user chat. */
  public static final String MUC = "http://jabber.org/protocol/muc";

  public static final String MUC_USER = "http://jabber.org/protocol/muc#user";
  public static final String MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
  public static final String MUC_OWNER = "http://jabber.org/protocol/muc#owner";

  /** XEP-0203: delayed delivery, stamped on MUC history. */
  public static final String DELAY = "urn:xmpp:delay";

  /** XEP-0198: stream management. */
  public static final String SM = "urn:xmpp:sm:3";
}
