package org.huddle.focus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.huddle.focus.xml.Xml;
import org.huddle.signalling.WireNamespaces;
import org.huddle.xmpp.codec.Element;
import org.junit.jupiter.api.Test;

/**
 * The offer's codecs as configured, and each endpoint's Colibri2 {@code media} narrowed to the
 * codecs its participant accepted, as the bridge receives them.
 */
class CodecNegotiationTest extends PerTestDeployment {
  static final String COLIBRI2 = "jitsi:colibri2";

  static List<String> payloadTypes(Element description) {
    return description.elements("payload-type", WireNamespaces.RTP).stream()
        .map(p -> p.attr("id") + " " + p.attr("name"))
        .toList();
  }

  /** The endpoint elements for {@code id} in the conference-modify requests, in order. */
  static List<Element> endpointRequests(FlakyBridge bridge, String id) {
    List<Element> out = new ArrayList<>();
    synchronized (bridge.requests) {
      for (Element request : bridge.requests) {
        for (Element e : request.elements("endpoint", COLIBRI2)) {
          if (id.equals(e.attr("id"))) {
            out.add(e);
          }
        }
      }
    }
    return out;
  }

  static Element media(Element endpoint, String type) {
    return endpoint.elements("media", COLIBRI2).stream()
        .filter(m -> type.equals(m.attr("type")))
        .findFirst()
        .orElse(null);
  }

  /** The last video media the bridge was sent for this endpoint. */
  static Element lastVideoMedia(FlakyBridge bridge, String id) {
    Element last = null;
    for (Element e : endpointRequests(bridge, id)) {
      Element m = media(e, "video");
      last = m == null ? last : m;
    }
    return last;
  }

  @Test
  void eachEndpointIsAllocatedWithTheOfferAndThenNarrowedToWhatItsParticipantAccepted()
      throws Exception {
    d = new HuddleDeployment();
    try (FlakyBridge bridge = new FlakyBridge(d, "jvb-codecs")) {
      d.startFocus("focus.codec.video.av1.enabled = false\n");
      d.awaitBridges(1);
      String room = "codecs-" + Long.toHexString(System.nanoTime()) + "@" + Deployment.MUC;
      List<TestParticipant> ps = new ArrayList<>();
      List<List<String>> takes = List.of(List.of("VP8"), List.of("VP9", "H264"));
      for (int i = 0; i < 2; i++) {
        TestParticipant p =
            new TestParticipant(d.c2sPort(), room, "c" + i, 130_000L * (i + 1), true);
        p.videoCodecs = takes.get(i);
        participants.add(p);
        ps.add(p);
        p.requestConference(Deployment.FOCUS_COMPONENT);
        p.join();
      }
      for (TestParticipant p : ps) {
        Element initiate = p.acceptSession();
        Element video =
            Xml.payload(initiate).elements("content", WireNamespaces.JINGLE).stream()
                .map(c -> c.child("description", WireNamespaces.RTP))
                .filter(dsc -> dsc != null && "video".equals(dsc.attr("media")))
                .findFirst()
                .orElseThrow();
        assertThat(payloadTypes(video))
            .as("Jicofo's order, AV1 off")
            .containsExactly("100 VP8", "107 H264", "101 VP9", "96 rtx", "99 rtx", "97 rtx");
      }

      List<String> vp8Only = List.of("100 VP8", "96 rtx");
      List<String> vp9AndH264 = List.of("107 H264", "101 VP9", "99 rtx", "97 rtx");
      Await.until(
          "the bridge hears what each participant accepted",
          Duration.ofSeconds(10),
          () ->
              lastVideoMedia(bridge, "c0") != null
                  && payloadTypes(lastVideoMedia(bridge, "c0")).equals(vp8Only)
                  && lastVideoMedia(bridge, "c1") != null
                  && payloadTypes(lastVideoMedia(bridge, "c1")).equals(vp9AndH264));

      for (String id : List.of("c0", "c1")) {
        List<Element> requests = endpointRequests(bridge, id);
        Element create = requests.get(0);
        assertThat(create.attr("create")).isEqualTo("true");
        assertThat(payloadTypes(media(create, "video")))
            .as(id + " is allocated with the whole offer")
            .containsExactly("100 VP8", "107 H264", "101 VP9", "96 rtx", "99 rtx", "97 rtx");
        Element accepted =
            requests.stream()
                .filter(e -> e.attr("create") == null && media(e, "video") != null)
                .findFirst()
                .orElseThrow();
        assertThat(accepted.child("transport", COLIBRI2))
            .as("the same update carries its transport")
            .isNotNull();
        assertThat(payloadTypes(media(accepted, "audio"))).containsExactly("111 opus");
        assertThat(media(accepted, "video").elements("rtp-hdrext", null))
            .as("header extensions as offered")
            .isNotEmpty();
      }
    }
  }
}
