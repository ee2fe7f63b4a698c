package org.huddle.xmpp.server.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.XmlWriter;
import org.huddle.xmpp.server.testing.InMemoryStream.Disconnected;
import org.huddle.xmpp.server.testing.InMemoryStream.Event;
import org.huddle.xmpp.server.testing.InMemoryStream.Opened;
import org.huddle.xmpp.server.testing.InMemoryStream.Received;

/**
 * A protocol test as a transcript, the way Prosody's are written: "alice sends ..., alice receives
 * ...", over {@link InMemoryStream}s to a {@link TestServer}.
 *
 * <pre>{@code
 * Peer alice = transcript.anonymous("alice");
 * alice.sends("<presence to='{room}/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
 * alice.receives("<presence from='{room}/alice'><x xmlns='http://jabber.org/protocol/muc#user'>"
 *     + "<status code='110'/></x></presence>");
 * }</pre>
 *
 * <p>Sent and expected XML may name placeholders in braces: each peer's full JID ({@code {alice}}),
 * its bare JID ({@code {alice.bare}}), and whatever {@link #let} defines. What a peer receives is
 * matched as a {@link StanzaPattern}: only what the expected XML says is checked, and {@value
 * StanzaPattern#ANY} matches any value. A wait for a stanza is bounded ({@link #WAIT}) and fails
 * only when nothing (or the wrong thing) arrives; no test depends on how fast the server is.
 */
public final class Transcript implements AutoCloseable {
  /** How long a peer waits for what it expects before the test fails. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.-]+)}");
  private static final AtomicInteger BARRIERS = new AtomicInteger();

  private final TestServer server;
  private final Map<String, String> values = new HashMap<>();
  private final List<Peer> peers = new ArrayList<>();

  public Transcript(TestServer server) {
    this.server = server;
  }

  /** Defines the placeholder {@code {name}}. */
  public Transcript let(String name, String value) {
    values.put(name, value);
    return this;
  }

  /** The value of a placeholder. */
  public String value(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "no placeholder {" + name + "}; known: " + values.keySet());
    }
    return v;
  }

  /** Replaces placeholders; {@code {*}} is left for the matcher. */
  public String fill(String xml) {
    Matcher m = PLACEHOLDER.matcher(xml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      StringBuilder escaped = new StringBuilder();
      XmlWriter.escapeAttribute(value(m.group(1)), escaped);
      m.appendReplacement(out, Matcher.quoteReplacement(escaped.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A client connected to the c2s pipeline, its stream not yet opened. */
  public Peer connects(String name) {
    Peer p = new Peer(name, InMemoryStream.client(server));
    peers.add(p);
    return p;
  }

  /**
   * A client logged in with SASL ANONYMOUS on {@link TestServer#DOMAIN}, bound to the resource
   * {@code name}; its JIDs become the placeholders {@code {name}} and {@code {name.bare}}.
   */
  public Peer anonymous(String name) {
    return loggedIn(
        name,
        TestServer.DOMAIN,
        "ANONYMOUS",
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
  }

  /**
   * A client logged in to an account with SASL PLAIN (the server must allow it without TLS: {@code
   * allow_unencrypted_plain_auth = true}), bound to the resource {@code name}.
   */
  public Peer account(String name, String host, String user, String password) {
    String credentials =
        java.util.Base64.getEncoder()
            .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    return loggedIn(
        name,
        host,
        "PLAIN",
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
            + credentials
            + "</auth>");
  }

  /** A connection to the component port's pipeline (XEP-0114), its stream not yet opened. */
  public Peer connectsAsComponent(String name) {
    Peer p = new Peer(name, InMemoryStream.component(server));
    peers.add(p);
    return p;
  }

  /** A component that has opened its stream to {@code domain} and completed the handshake. */
  public Peer component(String name, String domain, String secret) {
    Peer p = connectsAsComponent(name);
    p.handshakes(domain, secret);
    p.receives("<handshake/>");
    return p;
  }

  private Peer loggedIn(String name, String host, String mechanism, String auth) {
    Peer p = connects(name);
    p.opensStream(host);
    p.receives(
        "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>"
            + mechanism
            + "</mechanism></mechanisms></stream:features>");
    p.stream.send(auth);
    p.receives("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    p.stream.restart();
    p.opensStream(host);
    p.receives(
        "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
    p.sends(
        "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
            + name
            + "</resource></bind></iq>");
    Element bound = p.receives("<iq type='result' id='bind'/>");
    p.jid = Jid.ofOrNull(bound.firstElement().childText("jid", "urn:ietf:params:xml:ns:xmpp-bind"));
    if (p.jid == null) {
      throw new AssertionError(name + " was bound to no valid JID: " + bound.toXml());
    }
    values.put(name, p.jid.toString());
    values.put(name + ".bare", p.jid.bare().toString());
    return p;
  }

  @Override
  public void close() {
    for (Peer p : peers) {
      p.stream.close();
    }
  }

  /** One party to the transcript: an XML stream and what it has received. */
  public final class Peer {
    private final String name;
    private final InMemoryStream stream;
    private Jid jid;

    private Peer(String name, InMemoryStream stream) {
      this.name = name;
      this.stream = stream;
    }

    public String name() {
      return name;
    }

    /** The bound JID, once logged in. */
    public Jid jid() {
      return jid;
    }

    /** The stream under the transcript, for bytes no stanza would carry. */
    public InMemoryStream stream() {
      return stream;
    }

    /** Sends XML (placeholders filled in) as it is. */
    public Peer sends(String xml) {
      stream.send(fill(xml));
      return this;
    }

    /** Opens a client stream to {@code host} and waits for the server's stream header. */
    public Element opensStream(String host) {
      return opens("jabber:client", host);
    }

    /**
     * Opens a component stream to {@code domain} and sends the handshake for {@code secret}:
     * hex(SHA-1(stream id + secret)) (XEP-0114 §3).
     */
    public void handshakes(String domain, String secret) {
      String id = opensComponentStream(domain).attr("id");
      try {
        byte[] digest =
            java.security.MessageDigest.getInstance("SHA-1")
                .digest((id + secret).getBytes(StandardCharsets.UTF_8));
        stream.send("<handshake>" + java.util.HexFormat.of().formatHex(digest) + "</handshake>");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Opens a component stream to {@code domain} and waits for the server's stream header. */
    public Element opensComponentStream(String domain) {
      return opens("jabber:component:accept", domain);
    }

    private Element opens(String namespace, String to) {
      stream.send(
          "<?xml version='1.0'?><stream:stream xmlns='"
              + namespace
              + "' xmlns:stream='http://etherx.jabber.org/streams' to='"
              + to
              + "' version='1.0'>");
      Event e = stream.next(WAIT);
      if (!(e instanceof Opened opened)) {
        throw new AssertionError(name + " opened a stream; expected the server's header, got " + e);
      }
      return opened.header();
    }

    /** The next element must match {@code expected}; returns it. */
    public Element receives(String expected) {
      StanzaPattern pattern = StanzaPattern.parse(fill(expected));
      Element got = nextElement(pattern.toString());
      String why = pattern.mismatch(got);
      if (why != null) {
        throw new AssertionError(
            name
                + " received something else.\n  expected: "
                + pattern
                + "\n  received: "
                + got.toXml()
                + "\n  mismatch: "
                + why);
      }
      return got;
    }

    /**
     * The next {@code expected.length} elements must match the patterns, one each, in any order
     * (for stanzas that come from several sources at once); returns them in the order given.
     */
    public List<Element> receivesInAnyOrder(String... expected) {
      List<StanzaPattern> patterns = new ArrayList<>();
      for (String x : expected) {
        patterns.add(StanzaPattern.parse(fill(x)));
      }
      Element[] matched = new Element[expected.length];
      List<Element> unmatched = new ArrayList<>();
      for (int n = 0; n < expected.length; n++) {
        Element got = nextElement(patterns.toString());
        boolean placed = false;
        for (int i = 0; i < patterns.size() && !placed; i++) {
          if (matched[i] == null && patterns.get(i).matches(got)) {
            matched[i] = got;
            placed = true;
          }
        }
        if (!placed) {
          unmatched.add(got);
        }
      }
      if (!unmatched.isEmpty()) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
          if (matched[i] == null) {
            missing.add(patterns.get(i).toString());
          }
        }
        throw new AssertionError(
            name
                + " received something else.\n  expected: "
                + missing
                + "\n  received: "
                + unmatched);
      }
      return List.of(matched);
    }

    /**
     * Skips what does not match until an element matches {@code expected} (for stanzas a test does
     * not care about, such as a room's subject); returns it.
     */
    public Element eventuallyReceives(String expected) {
      StanzaPattern pattern = StanzaPattern.parse(fill(expected));
      List<String> skipped = new ArrayList<>();
      while (true) {
        Event e = stream.next(WAIT);
        if (e instanceof Received r && pattern.matches(r.element())) {
          return r.element();
        }
        if (e == null || e instanceof Disconnected) {
          throw new AssertionError(
              name
                  + (e == null ? " received nothing matching within " + WAIT : " was disconnected")
                  + ".\n  expected: "
                  + pattern
                  + "\n  skipped: "
                  + skipped);
        }
        skipped.add(e instanceof Received r ? r.element().toXml() : e.toString());
      }
    }

    /**
     * Reads until every pattern has matched some element, in whatever order and with whatever in
     * between (for a count and a request that may arrive either way round).
     */
    public void eventuallyReceivesAll(String... expected) {
      List<StanzaPattern> missing = new ArrayList<>();
      for (String x : expected) {
        missing.add(StanzaPattern.parse(fill(x)));
      }
      List<String> skipped = new ArrayList<>();
      while (!missing.isEmpty()) {
        Event e = stream.next(WAIT);
        if (!(e instanceof Received r)) {
          throw new AssertionError(
              name
                  + (e == null ? " received nothing more within " + WAIT : " received " + e)
                  + ".\n  still expected: "
                  + missing
                  + "\n  skipped: "
                  + skipped);
        }
        if (!missing.removeIf(p -> p.matches(r.element()))) {
          skipped.add(r.element().toXml());
        }
      }
    }

    /**
     * Nothing else has been sent to this peer: a ping to its server comes back before anything
     * else. Whatever the server sent before the pong would have arrived first.
     */
    public void receivesNothingMore() {
      String id = "barrier-" + BARRIERS.incrementAndGet();
      stream.send(
          "<iq type='get' id='"
              + id
              + "' to='"
              + TestServer.DOMAIN
              + "'>"
              + "<ping xmlns='urn:xmpp:ping'/></iq>");
      receives("<iq type='result' id='" + id + "'/>");
    }

    /** The server ends the stream with this error condition and closes the connection. */
    public Element receivesStreamError(String condition) {
      Element error =
          receives(
              "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><"
                  + condition
                  + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
      isDisconnected();
      return error;
    }

    /** The server closes the connection (after closing its stream, if it does). */
    public void isDisconnected() {
      while (true) {
        Event e = stream.next(WAIT);
        if (e instanceof Disconnected) {
          return;
        }
        if (e == null || e instanceof Received) {
          throw new AssertionError(
              name + " expected the connection to close; " + (e == null ? "it stayed open" : e));
        }
      }
    }

    /** Closes the stream and waits for the server to close its own and the connection. */
    public void closesStream() {
      stream.send("</stream:stream>");
      isDisconnected();
    }

    /** Drops the connection without closing the stream. */
    public void drops() {
      stream.drop();
    }

    private Element nextElement(String expected) {
      Event e = stream.next(WAIT);
      if (e instanceof Received r) {
        return r.element();
      }
      throw new AssertionError(
          name
              + (e == null ? " received nothing within " + WAIT : " received " + e)
              + "\n  expected: "
              + expected);
    }

    @Override
    public String toString() {
      return name + (jid == null ? "" : " (" + jid + ")");
    }
  }
}
