package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.huddle.common.config.Settings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FocusConfigTest {
  @Nested
  class Defaults {
    @Test
    void followJicofoAndDockerJitsiMeet() {
      FocusConfig c = FocusConfig.defaults();
      assertThat(c.xmpp().focusJid()).isEqualTo("focus@auth.meet.jitsi");
      assertThat(c.xmpp().focusDomain()).isEqualTo("focus.meet.jitsi");
      assertThat(c.xmpp().conferenceMucDomain()).isEqualTo("muc.meet.jitsi");
      assertThat(c.bridge().breweryJid()).isEqualTo("jvbbrewery@internal-muc.meet.jitsi");
      assertThat(c.bridge().strategy()).isEqualTo(FocusConfig.Strategy.LEAST_LOADED);
      assertThat(c.bridge().healthInterval()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.conference().minParticipants()).isEqualTo(2);
      assertThat(c.conference().stripSimulcast()).isTrue();
      assertThat(c.http().port()).isEqualTo(8888);
      assertThat(c.component().enabled()).isFalse();
      assertThat(c.codec().vp8().pt()).isEqualTo(100);
      assertThat(c.codec().vp8().rtxPt()).isEqualTo(96);
      assertThat(c.codec().opusPt()).isEqualTo(111);
    }

    @Test
    void videoCodecsHaveJicofosPayloadTypesOrderAndAllFourOn() {
      FocusConfig.Codec c = FocusConfig.defaults().codec();
      assertThat(c.video())
          .extracting(
              v -> v.name() + " " + v.pt() + "/" + v.rtxPt() + (v.enabled() ? " on" : " off"))
          .containsExactly("AV1 41/42 on", "VP8 100/96 on", "H264 107/99 on", "VP9 101/97 on");
      assertThat(c.video()).allMatch(FocusConfig.VideoCodec::remb);
      assertThat(c.offeredVideo())
          .extracting(FocusConfig.VideoCodec::name)
          .containsExactly("AV1", "VP8", "H264", "VP9");
      assertThat(c.videoLayersAllocationId()).as("off, as in Jicofo").isZero();
      assertThat(c.av1DependencyDescriptorId()).isEqualTo(11);
    }
  }

  @Nested
  class VideoCodecs {
    @Test
    void theOrderNamesCodecsInAnyCaseAndTheOnesLeftOutFollowInJicofosOrder() {
      assertThat(
              FocusConfig.fromHocon("focus.codec.video.order = [\"h264\", \"VP9\"]")
                  .codec()
                  .video())
          .extracting(FocusConfig.VideoCodec::name)
          .containsExactly("H264", "VP9", "AV1", "VP8");
    }

    @Test
    void aPayloadTypeOfZeroTurnsACodecOffAndAnRtxPayloadTypeOfMinusOneItsRtx() {
      FocusConfig.Codec c =
          FocusConfig.fromHocon(
                  "focus.codec.video { vp9.pt = 0, vp8.rtx-pt = -1, h264.enabled = false }")
              .codec();
      assertThat(c.vp9().enabled()).isFalse();
      assertThat(c.vp8().enabled()).isTrue();
      assertThat(c.vp8().hasRtx()).isFalse();
      assertThat(c.av1().hasRtx()).isTrue();
      assertThat(c.offeredVideo())
          .extracting(FocusConfig.VideoCodec::name)
          .containsExactly("AV1", "VP8");
    }

    @Test
    void anUnknownOrRepeatedCodecInTheOrderIsRefusedWithItsName() {
      assertThatThrownBy(() -> FocusConfig.fromHocon("focus.codec.video.order = [VP8, H265]"))
          .hasMessageContaining("H265")
          .hasMessageContaining("JICOFO_CODEC_ORDER");
      assertThatThrownBy(() -> FocusConfig.fromHocon("focus.codec.video.order = [VP8, vp8]"))
          .hasMessageContaining("VP8")
          .hasMessageContaining("twice");
    }

    @Test
    void theKeysOfBeforeJicofosLayoutAreRefusedNotIgnored() {
      assertThatThrownBy(() -> FocusConfig.fromHocon("focus.codec.h264.enabled = true"))
          .hasMessageContaining("focus.codec.video.h264");
    }
  }

  @Nested
  class Environment {
    @Test
    void dockerJitsiMeetNamesOverrideTheDefaults() {
      FocusConfig c =
          FocusConfig.fromEnvironment(
              Settings.Env.of(
                  Map.ofEntries(
                      Map.entry("XMPP_SERVER", "xmpp.example"),
                      Map.entry("XMPP_PORT", "15222"),
                      Map.entry("XMPP_DOMAIN", "meet.example"),
                      Map.entry("XMPP_AUTH_DOMAIN", "auth.meet.example"),
                      Map.entry("XMPP_MUC_DOMAIN", "conference.meet.example"),
                      Map.entry("XMPP_INTERNAL_MUC_DOMAIN", "internal.meet.example"),
                      Map.entry("JVB_BREWERY_MUC", "bridges"),
                      Map.entry("JICOFO_AUTH_USER", "Jicofo"),
                      Map.entry("JICOFO_AUTH_PASSWORD", "s3cret"),
                      Map.entry("JICOFO_COMPONENT_SECRET", "c0mp"),
                      Map.entry("JICOFO_ENABLE_BRIDGE_HEALTH_CHECKS", "0"),
                      Map.entry("JICOFO_ENABLE_HEALTH_CHECKS", "false"),
                      Map.entry(
                          "OCTO_BRIDGE_SELECTION_STRATEGY", "RegionBasedBridgeSelectionStrategy"),
                      Map.entry(
                          "JICOFO_BRIDGE_REGION_GROUPS", "[\"us-east\",\"us-west\"],[\"eu\"]"),
                      Map.entry("ENABLE_CODEC_H264", "1"),
                      Map.entry("HUDDLE_BIND_ADDRESS", "127.0.0.2"),
                      Map.entry("HUDDLE_FOCUS_HTTP_PORT", "0"))));
      assertThat(c.xmpp().host()).isEqualTo("xmpp.example");
      assertThat(c.component().host()).isEqualTo("xmpp.example");
      assertThat(c.xmpp().port()).isEqualTo(15222);
      assertThat(c.xmpp().focusJid()).isEqualTo("jicofo@auth.meet.example");
      assertThat(c.xmpp().focusDomain()).isEqualTo("focus.meet.example");
      assertThat(c.xmpp().conferenceMucDomain()).isEqualTo("conference.meet.example");
      assertThat(c.bridge().breweryJid()).isEqualTo("bridges@internal.meet.example");
      assertThat(c.component().enabled()).isTrue();
      assertThat(c.bridge().healthChecks()).isFalse();
      assertThat(c.health()).isFalse();
      assertThat(c.bridge().strategy()).isEqualTo(FocusConfig.Strategy.REGION);
      assertThat(c.bridge().regionGroups())
          .containsExactly(List.of("us-east", "us-west"), List.of("eu"));
      assertThat(c.codec().h264().enabled()).isTrue();
      assertThat(c.http().host()).isEqualTo("127.0.0.2");
      assertThat(c.http().port()).isZero();
    }

    @Test
    void codecVariablesSetEachVideoCodecAndTheOrder() {
      FocusConfig.Codec c =
          FocusConfig.fromEnvironment(
                  Settings.Env.of(
                      Map.of(
                          "ENABLE_CODEC_AV1", "true",
                          "ENABLE_CODEC_VP8", "0",
                          "JICOFO_CODEC_VP9_PT", "98",
                          "JICOFO_CODEC_VP9_RTX_PT", "99",
                          "JICOFO_CODEC_H264_RTX_PT", "-1",
                          "JICOFO_CODEC_AV1_ENABLE_REMB", "false",
                          "JICOFO_CODEC_ORDER", "[\"VP9\", \"AV1\"]",
                          "ENABLE_VLA", "1")))
              .codec();
      assertThat(c.video())
          .extracting(FocusConfig.VideoCodec::name)
          .containsExactly("VP9", "AV1", "VP8", "H264");
      assertThat(c.vp9().pt()).isEqualTo(98);
      assertThat(c.vp9().rtxPt()).isEqualTo(99);
      assertThat(c.h264().rtxPt()).isEqualTo(-1);
      assertThat(c.av1().enabled()).isTrue();
      assertThat(c.av1().remb()).isFalse();
      assertThat(c.vp8().enabled()).isFalse();
      assertThat(c.videoLayersAllocationId()).isEqualTo(12);
      assertThat(
              FocusConfig.fromEnvironment(Settings.Env.of(Map.of("JICOFO_CODEC_ORDER", "h264,vp8")))
                  .codec()
                  .video())
          .extracting(FocusConfig.VideoCodec::name)
          .containsExactly("H264", "VP8", "AV1", "VP9");
    }

    @Test
    void midIsOffUnlessJicofoEnableMidTurnsItOn() {
      assertThat(FocusConfig.defaults().codec().midId()).isZero();
      assertThat(
              FocusConfig.fromEnvironment(Settings.Env.of(Map.of("JICOFO_ENABLE_MID", "1")))
                  .codec()
                  .midId())
          .isEqualTo(10);
      assertThat(
              FocusConfig.fromEnvironment(Settings.Env.of(Map.of("JICOFO_ENABLE_MID", "false")))
                  .codec()
                  .midId())
          .isZero();
    }

    @Test
    void theEnvironmentOrderWinsOverTheFilesOrder(@TempDir Path dir) throws Exception {
      Path f = dir.resolve("focus.conf");
      Files.writeString(f, "focus.codec.video { order = [VP9], vp9.pt = 102 }\n");
      FocusConfig.Codec c =
          FocusConfig.fromEnvironment(
                  Settings.Env.of(
                      Map.of(FocusConfig.FILE_VARIABLE, f.toString(), "JICOFO_CODEC_ORDER", "VP8")))
              .codec();
      assertThat(c.video().get(0).name()).isEqualTo("VP8");
      assertThat(c.vp9().pt()).as("from the file").isEqualTo(102);
    }

    @Test
    void aFileSitsBetweenTheDefaultsAndTheEnvironment(@TempDir Path dir) throws Exception {
      Path f = dir.resolve("focus.conf");
      Files.writeString(
          f, "focus.conference.min-participants = 3\nfocus.xmpp.host = \"from-file\"\n");
      FocusConfig c =
          FocusConfig.fromEnvironment(
              Settings.Env.of(
                  Map.of(FocusConfig.FILE_VARIABLE, f.toString(), "XMPP_SERVER", "from-env")));
      assertThat(c.conference().minParticipants()).isEqualTo(3);
      assertThat(c.xmpp().host()).isEqualTo("from-env");
    }

    @Test
    void anUnknownStrategyIsRefusedWithItsName() {
      assertThatThrownBy(
              () ->
                  FocusConfig.fromEnvironment(
                      Settings.Env.of(Map.of("OCTO_BRIDGE_SELECTION_STRATEGY", "Fastest"))))
          .hasMessageContaining("Fastest");
    }

    @Test
    void dockerJitsiMeetAuthVariablesSetWhoMayStartAConference() {
      FocusConfig.Authentication off = FocusConfig.defaults().authentication();
      assertThat(off.enabled()).isFalse();
      assertThat(off.guests()).isFalse();
      assertThat(off.publicRooms())
          .containsExactly("daily-standup", "team-meeting", "weekly-review");

      FocusConfig.Authentication on =
          FocusConfig.fromEnvironment(
                  Settings.Env.of(
                      Map.of(
                          "ENABLE_AUTH", "1",
                          "AUTH_TYPE", "jwt",
                          "ENABLE_GUESTS", "true",
                          "PUBLIC_ROOMS", "lobby, Town-Hall")))
              .authentication();
      assertThat(on.enabled()).isTrue();
      assertThat(on.type()).isEqualTo(FocusConfig.AuthType.JWT);
      assertThat(on.guests()).isTrue();
      assertThat(on.publicRooms()).containsExactly("lobby", "town-hall");

      assertThat(
              FocusConfig.fromEnvironment(
                      Settings.Env.of(
                          Map.of("PUBLIC_ROOMS", "lobby", "HUDDLE_PUBLIC_ROOMS", "standup")))
                  .authentication()
                  .publicRooms())
          .as("as the room policy: HUDDLE_PUBLIC_ROOMS wins")
          .containsExactly("standup");
      assertThatThrownBy(
              () -> FocusConfig.fromEnvironment(Settings.Env.of(Map.of("AUTH_TYPE", "kerberos"))))
          .hasMessageContaining("AUTH_TYPE")
          .hasMessageContaining("kerberos");
    }

    @Test
    void theHttpStrategyNeedsAnAllocationUrl() {
      assertThatThrownBy(
              () ->
                  FocusConfig.fromEnvironment(
                      Settings.Env.of(Map.of("HUDDLE_FOCUS_BRIDGE_SELECTION", "http"))))
          .hasMessageContaining("HUDDLE_FOCUS_ALLOCATION_URL");
    }
  }
}
