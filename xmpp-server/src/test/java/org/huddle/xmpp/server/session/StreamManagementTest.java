package org.huddle.xmpp.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stream management (XEP-0198) as in-memory transcripts: acks, who may resume, and what a session
 * that ends leaves unacknowledged. Resumption across real connection losses is in {@link
 * StreamResumptionTest}.
 */
class StreamManagementTest {
  @RegisterExtension static final TestServerExtension server = TestServerExtension.inMemory();

  static final String SM = "urn:xmpp:sm:3";
  static final String ENABLED = "<enabled xmlns='" + SM + "'/>";
  static final String R = "<r xmlns='" + SM + "'/>";
  Transcript t;

  @BeforeEach
  void transcript() {
    t = server.transcript();
  }

  /** Opens a stream and authenticates anonymously, stopping before resource binding. */
  static Peer authenticatedNotBound(Transcript t, String name) {
    Peer p = t.connects(name);
    p.opensStream(TestServer.DOMAIN);
    p.receives("<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>");
    p.sends("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>");
    p.receives("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
    p.stream().restart();
    p.opensStream(TestServer.DOMAIN);
    p.receives(
        "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"
            + "<sm xmlns='"
            + SM
            + "'/></stream:features>");
    return p;
  }

  static String ping(String id) {
    return "<iq type='get' id='" + id + "' to='meet.jitsi'><ping xmlns='urn:xmpp:ping'/></iq>";
  }

  @Nested
  class Acks {
    @Test
    void enablingNeedsABoundResource() {
      Peer raw = authenticatedNotBound(t, "raw");
      raw.sends("<enable xmlns='" + SM + "' resume='true'/>");
      raw.receives(
          "<failed xmlns='"
              + SM
              + "'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
    }

    @Test
    void theServerCountsWhatItHandledAndAsksTheClientToo() {
      Peer c = t.anonymous("c");
      c.sends("<enable xmlns='" + SM + "' resume='true' max='600'/>");
      Element enabled = c.receives("<enabled xmlns='" + SM + "' id='{*}' resume='true' max='60'/>");
      assertThat(enabled.attr("id")).matches("[0-9a-f]{32}");
      for (int i = 0; i < 3; i++) {
        c.sends(ping("p" + i));
      }
      c.sends(R);
      // The server counts the three pings, and asks how many of its three results arrived.
      c.eventuallyReceivesAll("<a xmlns='" + SM + "' h='3'/>", R);
      c.sends("<a xmlns='" + SM + "' h='3'/>");
      c.sends(ping("p9"));
      c.eventuallyReceives("<iq type='result' id='p9'/>");
    }

    /**
     * The server's {@code <r/>} asks about what it has sent, so it must follow the stanza that
     * prompted it. Stanzas for a session are queued from the sender's thread; an ack request posted
     * as a separate task to the recipient's event loop could overtake them (it did, over BOSH).
     */
    @Test
    void theAckRequestFollowsTheStanzaItAsksAbout() {
      Peer quiet = t.anonymous("quiet");
      Peer sender = t.anonymous("sender");
      quiet.sends("<enable xmlns='" + SM + "'/>");
      quiet.receives(ENABLED);
      for (int i = 1; i <= 30; i++) {
        sender.sends("<message type='chat' to='{quiet}'><body>m" + i + "</body></message>");
        quiet.receives("<message from='{sender}'><body>m" + i + "</body></message>");
        quiet.receives(R);
        // Answered (and the answer handled, shown by the reply to an <r/> after it), so the next
        // stanza prompts a new request.
        quiet.sends("<a xmlns='" + SM + "' h='" + i + "'/>" + R);
        quiet.receives("<a xmlns='" + SM + "' h='0'/>");
      }
    }

    @Test
    void acknowledgingMoreThanWasSentEndsTheStream() {
      Peer c = t.anonymous("c");
      c.sends("<enable xmlns='" + SM + "'/>");
      c.receives(ENABLED);
      c.sends("<a xmlns='" + SM + "' h='42'/>");
      Element error = c.receivesStreamError("undefined-condition");
      assertThat(error.childText("text", "urn:ietf:params:xml:ns:xmpp-streams"))
          .contains("handled-count-too-high");
    }
  }

  @Nested
  class Resumption {
    @Test
    void anotherAccountCannotResumeASession() {
      Peer victim = t.anonymous("victim");
      victim.sends("<enable xmlns='" + SM + "' resume='true'/>");
      String id =
          victim.receives("<enabled xmlns='" + SM + "' id='{*}' resume='true'/>").attr("id");
      // Authenticated (as someone else) and not yet bound: only the account check can refuse this.
      Peer thief = authenticatedNotBound(t, "thief");
      thief.sends("<resume xmlns='" + SM + "' previd='" + id + "' h='0'/>");
      thief.receives(
          "<failed xmlns='"
              + SM
              + "'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>");
    }
  }
}
