package org.huddle.xmpp.server.features.extdisco;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.testing.Coturn;
import org.huddle.xmpp.server.testing.TestServer;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A meeting's own TURN servers, set by the focus (docs/xmpp-server.md, "A meeting's TURN servers"):
 * the meeting's occupants get them, with credentials a real coturn accepts, and are pushed the
 * change; anyone else keeps the defaults; only the focus may set them.
 */
class MeetingServicesTest {
  static final String SECRET = "meeting-turn-secret";
  static final String NS = "urn:huddle:meeting-services:0";
  static final String V2 = "urn:xmpp:extdisco:2";
  static Coturn coturn;

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.inMemory(
          MeetingServicesTest::startCoturn, "allow_unencrypted_plain_auth = true");

  /** The default TURN server is one nobody runs; the meeting's is a real coturn. */
  static Map<String, String> startCoturn() {
    try {
      coturn = Coturn.start(SECRET);
    } catch (Exception e) {
      throw new IllegalStateException("coturn did not start", e);
    }
    return Map.of(
        "TURN_HOST", "turn.default.example",
        "TURN_PORT", "3478",
        "TURN_TRANSPORT", "udp",
        "TURN_CREDENTIALS", SECRET,
        "STUN_HOST", "stun.default.example",
        "STUN_PORT", "3478");
  }

  @AfterAll
  static void stop() {
    if (coturn != null) {
      coturn.close();
    }
  }

  Transcript t;

  @BeforeEach
  void transcript() {
    t = server.transcript();
  }

  static void enters(Peer peer, String room, String nick) {
    peer.sends(
        "<presence to='"
            + room
            + "/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
    peer.eventuallyReceives(
        "<presence from='"
            + room
            + "/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc#user'><status code='110'/></x></presence>");
  }

  static List<Element> services(Peer peer) {
    peer.sends("<iq type='get' id='ask' to='meet.jitsi'><services xmlns='" + V2 + "'/></iq>");
    return peer.eventuallyReceives("<iq type='result' id='ask'><services xmlns='" + V2 + "'/></iq>")
        .firstElement()
        .elements("service", V2);
  }

  static List<String> turnHosts(List<Element> services) {
    return services.stream()
        .filter(s -> s.attr("type").startsWith("turn"))
        .map(s -> s.attr("host") + ":" + s.attr("port"))
        .toList();
  }

  String set(String room, String services) {
    return "<iq type='set' id='set' to='meet.jitsi'><meeting-services xmlns='"
        + NS
        + "' room='"
        + room
        + "'>"
        + services
        + "</meeting-services></iq>";
  }

  String coturnService() {
    return "<service type='turn' host='127.0.0.1' port='" + coturn.port() + "' transport='udp'/>";
  }

  @Test
  void theFocusSetsAMeetingsTurnAndOnlyItsOccupantsGetItAndArePushedTheChange() throws Exception {
    Peer focus = t.account("focus", TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD);
    Peer alice = t.anonymous("alice");
    Peer bob = t.anonymous("bob");
    enters(focus, "standup@muc.meet.jitsi", "focus");
    enters(alice, "standup@muc.meet.jitsi", "a1");
    enters(bob, "retro@muc.meet.jitsi", "b2");
    assertThat(turnHosts(services(alice))).containsExactly("turn.default.example:3478");

    focus.sends(set("standup@muc.meet.jitsi", coturnService()));
    focus.eventuallyReceives("<iq type='result' id='set'/>");
    Element push =
        alice.eventuallyReceives(
            "<iq type='set' from='meet.jitsi'><services xmlns='"
                + V2
                + "'><service action='delete' type='turn' host='turn.default.example'/>"
                + "<service action='add' type='turn' host='127.0.0.1' username='{*}'"
                + " password='{*}'/></services></iq>");
    alice.sends("<iq type='result' id='" + push.attr("id") + "' to='meet.jitsi'/>");

    List<Element> aliceGets = services(alice);
    assertThat(turnHosts(aliceGets)).containsExactly("127.0.0.1:" + coturn.port());
    assertThat(aliceGets).anyMatch(s -> s.attr("type").equals("stun"));
    Element turn = aliceGets.stream().filter(s -> s.attr("type").equals("turn")).findFirst().get();
    assertThat(turn.attr("username")).endsWith(":" + alice.jid().local());
    assertThat(coturn.allocate(turn.attr("username"), turn.attr("password")))
        .as("coturn accepts the meeting's credentials")
        .isZero();
    assertThat(turnHosts(services(bob)))
        .as("another meeting keeps the defaults")
        .containsExactly("turn.default.example:3478");
    bob.receivesNothingMore();

    focus.sends(set("standup@muc.meet.jitsi", ""));
    focus.eventuallyReceives("<iq type='result' id='set'/>");
    alice.eventuallyReceives(
        "<iq type='set' from='meet.jitsi'><services xmlns='"
            + V2
            + "'><service action='delete' host='127.0.0.1'/>"
            + "<service action='add' host='turn.default.example'/></services></iq>");
    assertThat(turnHosts(services(alice))).containsExactly("turn.default.example:3478");
  }

  @Test
  void anyoneButTheFocusIsForbidden() {
    Peer focus = t.account("focus", TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD);
    Peer jvb = t.account("jvb", TestServer.AUTH, "jvb", TestServer.JVB_PASSWORD);
    Peer mallory = t.anonymous("mallory");
    enters(focus, "daily@muc.meet.jitsi", "focus");
    enters(mallory, "daily@muc.meet.jitsi", "m1");
    for (Peer p : List.of(mallory, jvb)) {
      p.sends(set("daily@muc.meet.jitsi", coturnService()));
      p.eventuallyReceives(
          "<iq type='error' id='set'><error type='auth'>"
              + "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
    }
    mallory.receivesNothingMore();
    assertThat(turnHosts(services(mallory))).containsExactly("turn.default.example:3478");
  }

  @Test
  void theFocusGetsClearErrorsForNoSuchRoomAndBadServices() {
    Peer focus = t.account("focus", TestServer.AUTH, "focus", TestServer.FOCUS_PASSWORD);
    enters(focus, "weekly@muc.meet.jitsi", "focus");
    focus.sends(set("nobody-here@muc.meet.jitsi", coturnService()));
    focus.eventuallyReceives(
        "<iq type='error' id='set'><error><item-not-found"
            + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
    for (String bad :
        List.of(
            "<service type='stun' host='127.0.0.1' port='3478'/>",
            "<service type='turn' host='127.0.0.1' port='70000'/>",
            "<service type='turn' host='bad host' port='3478'/>",
            "<service type='turn' host='127.0.0.1' port='3478' transport='sctp'/>")) {
      focus.sends(set("weekly@muc.meet.jitsi", bad));
      focus.eventuallyReceives(
          "<iq type='error' id='set'><error type='modify'><bad-request"
              + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
    }
    focus.sends(set("weekly", coturnService()));
    focus.eventuallyReceives(
        "<iq type='error' id='set'><error type='modify'><bad-request"
            + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  }
}
