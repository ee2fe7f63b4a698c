package org.huddle.focus.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.signalling.colibri2.Sources;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SourceCodecTest {
  /** A simulcast sender as lib-jitsi-meet signals it: three layers, each with RTX. */
  static EndpointSources simulcastSender(String owner, long base) {
    Set<Source> s = new LinkedHashSet<>();
    s.add(new Source(base, MediaType.AUDIO, owner + "-a0", owner + "-a0 t", null));
    for (int i = 0; i < 3; i++) {
      s.add(new Source(base + 10 + i, MediaType.VIDEO, owner + "-v0", owner + "-v0 t", "camera"));
      s.add(new Source(base + 20 + i, MediaType.VIDEO, owner + "-v0", owner + "-v0 t", "camera"));
    }
    Set<SsrcGroup> g = new LinkedHashSet<>();
    g.add(new SsrcGroup("SIM", List.of(base + 10, base + 11, base + 12), MediaType.VIDEO));
    for (int i = 0; i < 3; i++) {
      g.add(new SsrcGroup("FID", List.of(base + 10 + i, base + 20 + i), MediaType.VIDEO));
    }
    return new EndpointSources(s, g);
  }

  @Nested
  class Json {
    @Test
    void theCompactFormRoundTripsAllButTheCameraVideoType() throws Exception {
      EndpointSources sender = simulcastSender("a1b2c3d4", 100);
      SourceMap back = SourceCodec.fromJson(SourceCodec.toJson(SourceMap.of("a1b2c3d4", sender)));
      EndpointSources read = back.get("a1b2c3d4");
      assertThat(read.groups()).isEqualTo(sender.groups());
      assertThat(read.sources())
          .extracting(Source::ssrc, Source::name, Source::msid)
          .containsExactlyInAnyOrderElementsOf(
              sender.sources().stream()
                  .map(x -> org.assertj.core.groups.Tuple.tuple(x.ssrc(), x.name(), x.msid()))
                  .toList());
    }

    @Test
    void aGroupThatIsNotAnArrayIsInvalid() {
      assertThatThrownBy(
              () -> SourceCodec.fromJson("{\"sources\":{\"e\":[[],[{\"s\":1,\"n\":2}],[],[]]}}"))
          .isInstanceOf(SourceCodec.InvalidSources.class)
          .hasMessageContaining("not an array");
    }

    @Test
    void usesJitsisShortKeysAndTheDesktopMark() {
      Source screen = new Source(77, MediaType.VIDEO, "e-v1", "e-v1 t", "desktop");
      String json =
          SourceCodec.toJson(SourceMap.of("e", new EndpointSources(Set.of(screen), Set.of())));
      assertThat(json)
          .isEqualTo(
              "{\"sources\":{\"e\":[[{\"s\":77,\"n\":\"e-v1\",\"m\":\"e-v1 t\",\"v\":\"d\"}],[],[]]}}");
    }

    @Test
    void simulcastAndFidGroupsAreSAndF() {
      String json = SourceCodec.toJson(SourceMap.of("x", simulcastSender("x", 1)));
      assertThat(json).contains("[\"s\",11,12,13]").contains("[\"f\",11,21]");
    }

    @Test
    void notJsonIsRefused() {
      assertThatThrownBy(() -> SourceCodec.fromJson("{sources"))
          .isInstanceOf(SourceCodec.InvalidSources.class);
    }
  }

  @Nested
  class StandardForm {
    @Test
    void xep0339ElementsRoundTripPerMedia() throws Exception {
      EndpointSources sender = simulcastSender("o", 500);
      var byMedia = SourceCodec.toJingle(SourceMap.of("o", sender));
      List<Element> contents = new java.util.ArrayList<>();
      byMedia.forEach(
          (media, elements) -> {
            Element c = new Element("content", "urn:xmpp:jingle:1").attr("name", media.wire());
            Element d = c.addChild("description", WireNamespaces.RTP).attr("media", media.wire());
            elements.forEach(d::add);
            contents.add(c);
          });
      assertThat(SourceCodec.fromJingle(contents)).isEqualTo(sender);
      assertThat(Xml.write(contents.get(0))).contains("ssrc-info").contains("owner='o'");
    }

    @Test
    void anSsrcThatIsNotANumberIsRefused() {
      Element c =
          Xml.parse(
              "<content xmlns='urn:xmpp:jingle:1' name='audio'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>"
                  + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='abc'/></description></content>");
      assertThatThrownBy(() -> SourceCodec.fromJingle(List.of(c)))
          .isInstanceOf(SourceCodec.InvalidSources.class);
    }

    @Test
    void anSsrcOutOfRangeIsRefused() {
      Element c =
          Xml.parse(
              "<content xmlns='urn:xmpp:jingle:1' name='audio'><description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>"
                  + "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='4294967296'/></description></content>");
      assertThatThrownBy(() -> SourceCodec.fromJingle(List.of(c)))
          .isInstanceOf(SourceCodec.InvalidSources.class);
    }
  }

  @Nested
  class Simulcast {
    @Test
    void receiversGetTheFirstLayerAndItsRtxOnly() {
      EndpointSources stripped = simulcastSender("s", 0).stripSimulcast();
      assertThat(stripped.ssrcs()).containsExactlyInAnyOrder(0L, 10L, 20L);
      assertThat(stripped.groups())
          .containsExactly(new SsrcGroup("FID", List.of(10L, 20L), MediaType.VIDEO));
    }
  }

  @Nested
  class Colibri2 {
    @Test
    void oneMediaSourcePerNameWithItsGroupsAndNoMsid() throws Exception {
      Sources typed = SourceCodec.toColibri("c", simulcastSender("c", 1000));
      Element sources = typed.toElement();
      String xml = Xml.write(sources);
      assertThat(sources.elements("media-source", null)).hasSize(2);
      assertThat(xml).doesNotContain("msid").contains("semantics='SIM'").contains("id='c-v0'");
      EndpointSources back = SourceCodec.fromColibri(typed);
      assertThat(back.ssrcs()).isEqualTo(simulcastSender("c", 1000).ssrcs());
      assertThat(back.groups()).hasSize(4);
    }

    /** The same sender without source names, as Jitsi clients without source-name signalling. */
    private EndpointSources unnamed(EndpointSources named, boolean withMsid) {
      Set<Source> s = new LinkedHashSet<>();
      named
          .sources()
          .forEach(
              x ->
                  s.add(
                      new Source(
                          x.ssrc(), x.media(), null, withMsid ? x.msid() : null, x.videoType())));
      return new EndpointSources(s, named.groups());
    }

    @Test
    void unnamedLayersAndTheirRtxAreOneTrackNamedAsJitsiClientsNameIt() throws Exception {
      for (boolean msid : new boolean[] {true, false}) {
        Element sources =
            SourceCodec.toColibri("c", unnamed(simulcastSender("c", 1000), msid)).toElement();
        List<Element> media = sources.elements("media-source", null);
        assertThat(media).extracting(m -> m.attr("id")).containsExactly("c-a0", "c-v0");
        Element video = media.get(1);
        assertThat(video.elements("source", WireNamespaces.SSMA)).hasSize(6);
        assertThat(video.elements("ssrc-group", WireNamespaces.SSMA)).hasSize(4);
        assertThat(Xml.write(video)).doesNotContain("c-v1");
      }
    }

    @Test
    void twoUnnamedVideoTracksAreToldApartByMsid() throws Exception {
      Set<Source> s = new LinkedHashSet<>();
      s.add(new Source(1, MediaType.VIDEO, null, "cam t", "camera"));
      s.add(new Source(2, MediaType.VIDEO, null, "cam t", "camera"));
      s.add(new Source(3, MediaType.VIDEO, null, "screen t", "desktop"));
      Set<SsrcGroup> g = Set.of(new SsrcGroup("FID", List.of(1L, 2L), MediaType.VIDEO));
      Element sources = SourceCodec.toColibri("d", new EndpointSources(s, g)).toElement();
      List<Element> media = sources.elements("media-source", null);
      assertThat(media).extracting(m -> m.attr("id")).containsExactly("d-v0", "d-v1");
      assertThat(media.get(0).elements("source", WireNamespaces.SSMA)).hasSize(2);
      assertThat(media.get(1).elements("source", WireNamespaces.SSMA)).hasSize(1);
    }
  }
}
