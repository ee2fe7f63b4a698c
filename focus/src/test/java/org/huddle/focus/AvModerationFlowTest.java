package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.jitsi.Mute;
import org.huddle.videobridge.Videobridge;
import org.huddle.xmpp.codec.Element;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jxmpp.jid.impl.JidCreate;

/**
 * A/V moderation end to end, as Jicofo does it (docs/wire.md#av-moderation): a moderator asks
 * Huddle's {@code avmoderation} component, the component tells the room's occupants and the focus,
 * and the focus refuses a participant's self-unmute until a moderator allows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvModerationFlowTest {
  static final String COMPONENT = "avmoderation." + Deployment.DOMAIN;

  HuddleDeployment d;
  Videobridge bridge;
  List<TestParticipant> ps = List.of();

  @BeforeAll
  void start() throws Exception {
    d = new HuddleDeployment(Map.of("HUDDLE_JITSI_COMPONENTS", "true"), List.of());
    bridge = d.startBridge("jvb-a");
    d.startFocus("");
    d.awaitBridges(1);
  }

  @AfterAll
  void stop() throws Exception {
    ps.forEach(TestParticipant::close);
    d.close();
  }

  /** lib-jitsi-meet's request to the component: {@code <av_moderation/>} with attributes. */
  static void asks(TestParticipant p, Map<String, String> attributes) throws Exception {
    StandardExtensionElement.Builder e =
        StandardExtensionElement.builder("av_moderation", "jabber:client");
    attributes.forEach(e::addAttribute);
    p.xmpp.sendStanza(
        MessageBuilder.buildMessage()
            .to(JidCreate.from(COMPONENT))
            .addExtension(e.build())
            .build());
  }

  static String unmute(TestParticipant p, String room) {
    try {
      Element answer =
          p.ask(room + "/focus", new Mute(false, room + "/" + p.nick, null, false).toElement());
      return Xml.isError(answer) ? Xml.errorCondition(answer) : answer.attr("type");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theFocusRefusesAnUnmuteUntilAModeratorAllowsIt() throws Exception {
    String room = "avmod-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
    ps = Scenario.meeting(d, room, Deployment.FOCUS_COMPONENT, 2, true);
    TestParticipant mod = ps.get(0);
    TestParticipant bob = ps.get(1);
    assertThat(unmute(bob, room)).as("nothing is moderated yet").isEqualTo("result");
    // The first participant becomes a moderator once the focus grants it: ask until it counts.
    Await.until(
        "the moderator's request reaches the focus through the component",
        Duration.ofSeconds(15),
        () -> {
          try {
            asks(mod, Map.of("enable", "true", "mediaType", "audio"));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
          return unmute(bob, room).equals("not-allowed");
        });
    Element notice = bob.mutes.poll(10, TimeUnit.SECONDS);
    assertThat(notice).as("bob is told he is muted").isNotNull();
    Mute told = Mute.parse(Xml.payload(notice));
    assertThat(told.mute()).isTrue();
    assertThat(told.video()).isFalse();
    assertThat(told.actor()).isEqualToIgnoringCase(room + "/" + mod.nick);
    assertThat(unmute(mod, room)).as("a moderator may always unmute").isEqualTo("result");

    asks(mod, Map.of("mediaType", "audio", "jidToWhitelist", room + "/" + bob.nick));
    Await.until(
        "bob, allowed, unmutes himself",
        Duration.ofSeconds(10),
        () -> unmute(bob, room).equals("result"));

    asks(mod, Map.of("mediaType", "audio", "jidToBlacklist", room + "/" + bob.nick));
    Await.until(
        "bob, no longer allowed, may not unmute again",
        Duration.ofSeconds(10),
        () -> unmute(bob, room).equals("not-allowed"));
    asks(mod, Map.of("enable", "false", "mediaType", "audio"));
    Await.until(
        "with moderation off, bob unmutes",
        Duration.ofSeconds(10),
        () -> unmute(bob, room).equals("result"));
  }
}
