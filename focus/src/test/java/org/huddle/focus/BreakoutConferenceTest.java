package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.smack.ElementExtension;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A breakout room is a conference of its own, as with Jicofo: the focus takes requests for rooms on
 * the breakout MUC ({@code breakout.<xmpp-domain>}) and sets up the room's Jingle sessions on the
 * bridge. Through Huddle's XMPP server with Jitsi's components on, where only a room a moderator
 * added can exist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakoutConferenceTest {
  static final String BREAKOUT = "breakout." + Deployment.DOMAIN;
  private static final Pattern ROOM_JID =
      Pattern.compile("\"jid\":\"([0-9a-f-]{36}@" + Pattern.quote(BREAKOUT) + ")\"");

  HuddleDeployment d;

  @BeforeAll
  void start() throws Exception {
    d = new HuddleDeployment(Map.of("HUDDLE_JITSI_COMPONENTS", "true"), List.of());
    d.startBridge("jvb-a");
    d.startFocus("");
    d.awaitBridges(1);
  }

  @AfterAll
  void stop() throws Exception {
    d.close();
  }

  @Test
  void aBreakoutRoomGetsAConferenceOfItsOwn() throws Exception {
    String main = "main-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
    TestParticipant moderator = new TestParticipant(d.c2sPort(), main, "mod1", 6_000_000, true);
    List<TestParticipant> guests = List.of();
    try {
      assertThat(Xml.payload(moderator.requestConference(Deployment.FOCUS_COMPONENT)).attr("ready"))
          .isEqualTo("true");
      moderator.join();
      BlockingQueue<String> json = new LinkedBlockingQueue<>();
      moderator.xmpp.addAsyncStanzaListener(
          s -> {
            String text = Xml.parse(s.toXML().toString()).childText("json-message", null);
            if (text != null) {
              json.add(text);
            }
          },
          s ->
              s instanceof Message
                  && s.getFrom() != null
                  && BREAKOUT.equals(s.getFrom().toString()));
      String room = adds(moderator, json);
      // Two guests there: each asks the focus, enters, and accepts the session it offers.
      guests = Scenario.meeting(d, room, Deployment.FOCUS_COMPONENT, 2, true);
      Scenario.awaitSourcesKnown(guests);
      assertThat(guests.get(0).focusPresences).as("the focus is in the breakout room").isNotEmpty();
    } finally {
      guests.forEach(TestParticipant::close);
      moderator.close();
    }
  }

  /**
   * The moderator adds a breakout room (the focus makes the first participant owner, so it may take
   * a moment to be allowed); returns a participant for that room.
   */
  private String adds(TestParticipant moderator, BlockingQueue<String> json) throws Exception {
    Element request = new Element("breakout_rooms", "jabber:client");
    request.attr("type", "features/breakout-rooms/add").attr("subject", "Room 1");
    for (int attempt = 0; attempt < 50; attempt++) {
      moderator.xmpp.sendStanza(
          moderator
              .xmpp
              .getStanzaFactory()
              .buildMessageStanza()
              .to(JidCreate.from(BREAKOUT))
              .addExtension(new ElementExtension(request))
              .build());
      for (String j = json.poll(500, TimeUnit.MILLISECONDS);
          j != null;
          j = json.poll(500, TimeUnit.MILLISECONDS)) {
        Matcher m = ROOM_JID.matcher(j);
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    throw new AssertionError("no breakout room was added within 50 attempts");
  }
}
