package org.huddle.xmpp.server.features.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.huddle.common.config.Settings.Env;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.server.XmppServer;
import org.huddle.xmpp.server.config.XmppConfig;
import org.huddle.xmpp.server.config.XmppConfigLoader;
import org.huddle.xmpp.server.testing.TestServerExtension;
import org.huddle.xmpp.server.testing.Transcript.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker-jitsi-meet style config (its jitsi-meet.cfg.lua's hosts, options and component sections)
 * starts, and its users discover the components Huddle serves, and only those.
 */
class DockerJitsiMeetConfigTest {
  static final String HOSTS =
      """
      VirtualHost "meet.jitsi"
          authentication = "anonymous"
          modules_enabled = { "speakerstats"; "conference_duration"; "end_conference";
                              "muc_lobby_rooms"; "muc_breakout_rooms"; "av_moderation" }
          main_muc = "muc.meet.jitsi"
          lobby_muc = "lobby.meet.jitsi"
          breakout_rooms_muc = "breakout.meet.jitsi"
          speakerstats_component = "speakerstats.meet.jitsi"
          conference_duration_component = "conferenceduration.meet.jitsi"
          end_conference_component = "endconference.meet.jitsi"
          av_moderation_component = "avmoderation.meet.jitsi"
          c2s_require_encryption = false
      VirtualHost "auth.meet.jitsi"
          authentication = "internal_hashed"
      Component "internal-muc.meet.jitsi" "muc"
          muc_room_locking = false
      Component "muc.meet.jitsi" "muc"
          muc_room_locking = false
          muc_room_default_public_jids = true
      Component "lobby.meet.jitsi" "muc"
          muc_room_locking = false
      Component "breakout.meet.jitsi" "muc"
          muc_room_locking = false
      Component "speakerstats.meet.jitsi" "speakerstats_component"
          muc_component = "muc.meet.jitsi"
      Component "conferenceduration.meet.jitsi" "conference_duration_component"
          muc_component = "muc.meet.jitsi"
      Component "endconference.meet.jitsi" "end_conference"
          muc_component = "muc.meet.jitsi"
      Component "avmoderation.meet.jitsi" "av_moderation_component"
          muc_component = "muc.meet.jitsi"
      """;

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.inMemory(Map.of(), HOSTS);

  @Test
  void startsAndAdvertisesWhatItServes() {
    Peer alice = server.transcript().anonymous("alice");
    alice.sends(
        "<iq type='get' id='d1' to='meet.jitsi'>"
            + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
    Element answer = alice.receives("<iq type='result' id='d1'/>");
    assertThat(answer.firstElement().elements("identity", null))
        .filteredOn(i -> "component".equals(i.attr("category")))
        .extracting(i -> i.attr("type") + " " + i.attr("name"))
        .as("every component docker-jitsi-meet's config names, each served")
        .containsExactly(
            "speakerstats speakerstats.meet.jitsi",
            "conference_duration conferenceduration.meet.jitsi",
            "end_conference endconference.meet.jitsi",
            "av_moderation avmoderation.meet.jitsi",
            "lobbyrooms lobby.meet.jitsi",
            "breakout_rooms breakout.meet.jitsi");
  }

  static XmppServer start(Path dir, String hosts) throws Exception {
    XmppConfig config =
        XmppConfigLoader.load(
            "data_path = \"" + dir + "\"\n" + hosts,
            Env.of(
                Map.of("XMPP_PORT", "-1", "XMPP_COMPONENT_PORT", "-1", "PROSODY_HTTP_PORT", "-1")));
    return XmppServer.start(config);
  }

  @Test
  void aComponentModuleHuddleDoesNotProvideStillFailsStartUp(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                start(
                    dir,
                    HOSTS
                        + "Component \"visitors.meet.jitsi\" \"visitors_component\"\n"
                        + "    muc_component = \"muc.meet.jitsi\"\n"))
        .hasMessage(
            "component visitors.meet.jitsi uses module 'visitors_component', which"
                + " Huddle does not provide");
  }

  @Test
  void breakoutRoomsNeedTheirMucAndTheMainOne(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                start(
                    dir,
                    "VirtualHost \"meet.jitsi\"\n"
                        + "    modules_enabled = { \"muc_breakout_rooms\" }\n"
                        + "    main_muc = \"muc.meet.jitsi\"\n"
                        + "Component \"muc.meet.jitsi\" \"muc\"\n"))
        .hasMessage(
            "host meet.jitsi enables muc_breakout_rooms: breakout_rooms_muc"
                + " ('breakout.meet.jitsi') and main_muc ('muc.meet.jitsi') must name two MUC"
                + " components of this server");
  }

  @Test
  void aComponentMustNameTheMucItWatches(@TempDir Path dir) {
    assertThatThrownBy(
            () -> start(dir, "Component \"speakerstats.meet.jitsi\" \"speakerstats_component\"\n"))
        .hasMessage(
            "component speakerstats.meet.jitsi (module 'speakerstats_component'): muc_component"
                + " must name a MUC component of this server");
    assertThatThrownBy(
            () ->
                start(
                    dir,
                    "Component \"speakerstats.meet.jitsi\" \"speakerstats_component\"\n"
                        + "    muc_component = \"rooms.meet.jitsi\"\n"))
        .hasMessageEndingWith("; 'rooms.meet.jitsi' is not one");
  }
}
