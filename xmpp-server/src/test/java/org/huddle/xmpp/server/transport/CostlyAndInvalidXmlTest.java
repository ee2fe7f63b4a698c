package org.huddle.xmpp.server.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.huddle.xmpp.server.testing.RawClient;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13 over real TCP, with the default parser limits: namespace bombs and made-up names get
 * {@code policy-violation}, bytes that are not UTF-8 or not XML characters get {@code
 * not-well-formed}, each written to the client before the connection closes; Jitsi's own traffic
 * passes; a bystander is served throughout.
 */
class CostlyAndInvalidXmlTest {
  @RegisterExtension
  static final TestServerExtension kit =
      TestServerExtension.with(Map.of("PROSODY_C2S_LIMIT", "64mb/s"), null);

  XMPPTCPConnection bystander;

  @BeforeEach
  void bystander() throws Exception {
    bystander = kit.clients().anonymous();
  }

  @AfterEach
  void bystanderIsUnharmed() throws Exception {
    assertThat(PingManager.getInstanceFor(bystander).pingMyServer())
        .as("bystander still served")
        .isTrue();
  }

  /** Sends the chunks and returns what came back up to the end of the stream, which must close. */
  static String streamErrorFor(byte[]... chunks) throws Exception {
    try (RawClient raw = new RawClient(kit.server().port())) {
      for (byte[] c : chunks) {
        raw.send(c);
      }
      String got = raw.readUntil("</stream:stream>", Duration.ofSeconds(10));
      assertThat(raw.closedWithin(Duration.ofSeconds(5))).as("connection closed").isTrue();
      return got;
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  static String declarations(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(" xmlns:p").append(i).append("='urn:p'");
    }
    return sb.toString();
  }

  @Nested
  class NamespaceBombs {
    @Test
    void elevenThousandDeclarationsOnOneElementBeforeLoginArePolicyViolation() throws Exception {
      assertThat(
              streamErrorFor(
                  utf8(RawClient.HEADER),
                  utf8("<presence><x" + declarations(11_000) + "/></presence>")))
          .contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
          .contains("namespace declarations on one element");
    }

    @Test
    void thirtyThousandMadeUpNamesInOneStanzaArePolicyViolation() throws Exception {
      StringBuilder names = new StringBuilder("<message>");
      for (int i = 0; i < 30_000; i++) {
        names.append("<n").append(i).append("/>");
      }
      assertThat(streamErrorFor(utf8(RawClient.HEADER), utf8(names + "</message>")))
          .contains("<policy-violation")
          .contains("distinct element and attribute names in one stream");
    }

    @Test
    void aStreamHeaderFullOfDeclarationsIsPolicyViolation() throws Exception {
      String header = RawClient.HEADER.replace(" to=", declarations(100) + " to=");
      assertThat(streamErrorFor(utf8(header))).contains("<policy-violation");
    }

    @Test
    void moreThan4096DeclarationsInOneStanzaArePolicyViolation() throws Exception {
      StringBuilder iq = new StringBuilder("<iq type='set' id='x' to='meet.jitsi'>");
      for (int i = 0; i <= 4096; i++) {
        iq.append("<s xmlns='urn:s:").append(i).append("'/>");
      }
      iq.append("</iq>");
      try (RawClient raw = RawClient.loggedInAnonymously(kit.server().port())) {
        raw.send(iq.toString());
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(10)))
            .contains("<policy-violation")
            .contains("4096 namespace declarations in one stanza");
        assertThat(raw.closedWithin(Duration.ofSeconds(5))).isTrue();
      }
    }
  }

  static Stream<Arguments> badCharacters() {
    return Stream.of(
        Arguments.of("overlong '<' (C0 BC)", bytes(0xC0, 0xBC)),
        Arguments.of("overlong three-byte form (E0 80 BC)", bytes(0xE0, 0x80, 0xBC)),
        Arguments.of("a surrogate encoded in UTF-8 (ED A0 80)", bytes(0xED, 0xA0, 0x80)),
        Arguments.of("above U+10FFFF (F4 90 80 80)", bytes(0xF4, 0x90, 0x80, 0x80)),
        Arguments.of("a sequence cut short (E2 82 x)", bytes(0xE2, 0x82, 'x')),
        Arguments.of("a continuation byte alone (80)", bytes(0x80)),
        Arguments.of("NUL", bytes(0x00)),
        Arguments.of("ESC, a C0 control", bytes(0x1B)),
        Arguments.of("U+FFFE", bytes(0xEF, 0xBF, 0xBE)),
        Arguments.of("U+FFFF", bytes(0xEF, 0xBF, 0xBF)),
        Arguments.of("a reference to NUL", utf8("&#0;")),
        Arguments.of("a reference to a lone surrogate", utf8("&#xD800;")));
  }

  @Nested
  class InvalidCharacters {
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.huddle.xmpp.server.transport.CostlyAndInvalidXmlTest#badCharacters")
    void beforeLoginGetNotWellFormedBeforeTheConnectionCloses(String what, byte[] bad)
        throws Exception {
      assertThat(
              streamErrorFor(
                  utf8(RawClient.HEADER),
                  utf8("<message><body>a"),
                  bad,
                  utf8("b</body></message>")))
          .contains("<not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.huddle.xmpp.server.transport.CostlyAndInvalidXmlTest#badCharacters")
    void afterLoginGetNotWellFormedBeforeTheConnectionCloses(String what, byte[] bad)
        throws Exception {
      try (RawClient raw = RawClient.loggedInAnonymously(kit.server().port())) {
        ByteArrayOutputStream stanza = new ByteArrayOutputStream();
        stanza.writeBytes(utf8("<message to='someone@meet.jitsi'><body>a"));
        stanza.writeBytes(bad);
        stanza.writeBytes(utf8("b</body></message>"));
        raw.send(stanza.toByteArray());
        assertThat(raw.readUntil("</stream:stream>", Duration.ofSeconds(10)))
            .contains("<not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(raw.closedWithin(Duration.ofSeconds(5))).as("connection closed").isTrue();
      }
    }
  }

  @Nested
  class JitsiTraffic {
    static final String ROOM = "costly-" + System.nanoTime() + "@" + TestServer.MUC;

    @Test
    void aPresenceWithADozenNamespacesJoinsTheRoomWithItsExtensions() throws Exception {
      try (RawClient raw = RawClient.loggedInAnonymously(kit.server().port())) {
        raw.send(
            "<presence to='"
                + ROOM
                + "/ada'><x xmlns='http://jabber.org/protocol/muc'/>"
                + "<stats-id>Elwin-9aR</stats-id>"
                + "<region id='eu-west' xmlns='http://jitsi.org/jitsi-meet'/>"
                + "<c hash='sha-1' node='https://jitsi.org/jitsi-meet' ver='cvjWXufsg4='"
                + " xmlns='http://jabber.org/protocol/caps'/>"
                + "<jitsi_participant_codecList>vp9,vp8,h264</jitsi_participant_codecList>"
                + "<SourceInfo>{\"ada-a0\":{\"muted\":true}}</SourceInfo>"
                + "<nick xmlns='http://jabber.org/protocol/nick'>Ada</nick>"
                + "<identity xmlns='urn:xmpp:jitsi:identity'><user><id>1</id></user></identity>"
                + "<flip_x xmlns='http://jitsi.org/jitmeet'/>"
                + "<e2ee-idkey xmlns='https://jitsi.org/meet/e2ee'>key</e2ee-idkey>"
                + "<transcription-status xmlns='http://jitsi.org/protocol/transcription'/>"
                + "<features xmlns='http://jitsi.org/features'><feature var='e2ee'/></features>"
                + "</presence>");
        assertThat(raw.readUntil("status code='110'", Duration.ofSeconds(10)))
            .contains("<nick xmlns='http://jabber.org/protocol/nick'>Ada</nick>")
            .contains("e2ee-idkey")
            .doesNotContain("stream:error");
      }
    }

    @Test
    void aJingleIqWithTwoThousandDeclarationsGetsAnAnswer() throws Exception {
      StringBuilder iq =
          new StringBuilder(
              "<iq type='set' id='si1' to='meet.jitsi'><jingle xmlns='urn:xmpp:jingle:1'"
                  + " action='source-add' sid='s1'><content name='video'>"
                  + "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>");
      for (int i = 0; i < 1000; i++) {
        iq.append("<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='")
            .append(i)
            .append("'><ssrc-info xmlns='http://jitsi.org/jitmeet' owner='r@muc/e")
            .append(i)
            .append("'/></source>");
      }
      iq.append("</description></content></jingle></iq>");
      try (RawClient raw = RawClient.loggedInAnonymously(kit.server().port())) {
        raw.send(iq.toString());
        // The server itself does not do Jingle: an error reply shows the whole IQ was parsed.
        assertThat(raw.readUntil("</iq>", 2, Duration.ofSeconds(10)))
            .contains("id='si1'")
            .doesNotContain("stream:error");
      }
    }

    @Test
    void aGroupchatMessageOf200KilobytesIsEchoedWhole() throws Exception {
      String body = "lorem ipsum ".repeat(200_000 / 12);
      try (RawClient raw = RawClient.loggedInAnonymously(kit.server().port())) {
        String room = "large-" + System.nanoTime() + "@" + TestServer.MUC;
        raw.send(
            "<presence to='"
                + room
                + "/big'><x xmlns='http://jabber.org/protocol/muc'/>"
                + "</presence>");
        raw.readUntil("status code='110'", Duration.ofSeconds(10));
        raw.send(
            "<message to='"
                + room
                + "' type='groupchat' id='big1'><body>"
                + body
                + "</body></message>");
        String got = raw.readUntil("ipsum </body>", Duration.ofSeconds(10));
        assertThat(got).contains("id='big1'").contains(body).doesNotContain("stream:error");
      }
    }
  }
}
