package org.huddle.videobridge.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.ReceivedRtp;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.huddle.videobridge.testkit.Vp9SvcSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A receiver whose forwarded layer stops carrying frames gets video again: the bridge moves it to a
 * layer that still sends and asks the sender for the key frame the move needs. Each test is a
 * meeting of its own on one bridge: alice sends, bob receives, over real SRTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerRecoveryTest {
  private static final Pattern VP9_TAG = Pattern.compile("alice-s(\\d)-(\\d+)-");
  private static final Duration LIMIT = Duration.ofSeconds(20);

  Videobridge bridge;
  final List<TestConference> meetings = new ArrayList<>();

  @BeforeAll
  void setUp() throws Exception {
    bridge = TestBridges.start("");
  }

  @AfterAll
  void tearDown() throws Exception {
    meetings.forEach(TestConference::close);
    bridge.close();
  }

  final Colibri2Requests.Sources aliceSources = Colibri2Requests.Sources.of(7000);
  TestEndpoint alice;
  TestEndpoint bob;

  private void meeting(String id) throws Exception {
    TestConference c = new TestConference(bridge, id);
    meetings.add(c);
    alice = c.join("alice", aliceSources);
    bob = c.join("bob", new Colibri2Requests.Sources(8000L, List.of(8010L), List.of(8020L)));
  }

  /** A VP9 layer frame bob received: its spatial layer and picture, from alice's tag. */
  record Frame(int spatial, int picture) {}

  static Frame frame(ReceivedRtp r) {
    Matcher m = VP9_TAG.matcher(new String(r.payload(), StandardCharsets.ISO_8859_1));
    return m.find() ? new Frame(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Vp9Svc {
    Vp9SvcSender sender;
    final List<Frame> got = new ArrayList<>();

    /** Sends pictures until bob has a frame that matches, or the limit passes. */
    private boolean sendUntil(Predicate<Frame> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        sender.send(10);
        List<ReceivedRtp> rtp = new ArrayList<>();
        bob.rtp().drainTo(rtp);
        for (ReceivedRtp r : rtp) {
          Frame f = frame(r);
          if (f != null) {
            got.add(f);
          }
        }
        if (got.stream().anyMatch(wanted)) {
          return true;
        }
      }
      return false;
    }

    /** Starts alice's K-SVC stream and waits until bob gets its top layer, S2, alone. */
    private void atTheTopLayer(String meeting) throws Exception {
      meeting(meeting);
      sender = new Vp9SvcSender(alice, aliceSources);
      got.clear();
      // S2 of a delta picture after S1 of none: the allocator chose the top layer.
      int from = sender.picture() + 1;
      assertThat(sendUntil(f -> f.spatial() == 2 && f.picture() > from + 20))
          .as("bob gets alice's top spatial layer")
          .isTrue();
    }

    @Test
    void whenTheTopLayerStopsButTheStructureStillAnnouncesItBobMovesToTheMiddleLayer()
        throws Exception {
      atTheTopLayer("vp9-top-stops");
      int requests = sender.keyframeRequests();
      int stopped = sender.picture();
      sender.layers(2, 3);
      assertThat(sendUntil(f -> f.spatial() == 1 && f.picture() > stopped + 20))
          .as("bob gets S1 of delta pictures after S2 stopped")
          .isTrue();
      assertThat(sender.keyframeRequests())
          .as("the bridge asked for the key picture the move needs")
          .isGreaterThan(requests);
    }

    @Test
    void whenTheStructureDropsToOneLayerAndBackBobKeepsGettingFrames() throws Exception {
      atTheTopLayer("vp9-one-and-back");
      int one = sender.picture();
      sender.layers(1, 1);
      sender.keyPicture();
      assertThat(sendUntil(f -> f.spatial() == 0 && f.picture() > one + 20))
          .as("bob gets the single layer's delta pictures")
          .isTrue();
      int three = sender.picture();
      sender.layers(3, 3);
      sender.keyPicture();
      assertThat(sendUntil(f -> f.spatial() == 2 && f.picture() > three + 20))
          .as("bob gets the top layer again once it is back")
          .isTrue();
    }

    @Test
    void aStreamWhoseFirstPacketsCarryNoStructureStartsAtTheKeyPictureItAsksFor() throws Exception {
      meeting("vp9-no-structure-first");
      sender = new Vp9SvcSender(alice, aliceSources).startingWithDeltaPictures();
      got.clear();
      assertThat(sendUntil(f -> f.spatial() == 2 && f.picture() > 20))
          .as("bob gets alice's top spatial layer")
          .isTrue();
      assertThat(sender.keyframeRequests()).isPositive();
      assertThat(got.get(0).spatial()).as("bob's first frame is S0 of a key picture").isZero();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Vp8Simulcast {
    @Test
    void whenTheForwardedEncodingStopsBobSwitchesToOneThatSends() throws Exception {
      meeting("vp8-encoding-stops");
      MediaSender media = new MediaSender(alice, aliceSources).answeringKeyframeRequests();
      List<String> tags = new ArrayList<>();
      assertThat(sendUntil(media, 3, tags, "alice-v2")).as("bob gets the 720p encoding").isTrue();
      tags.clear();
      assertThat(sendUntil(media, 2, tags, "alice-v1"))
          .as("bob gets the 360p encoding once the 720p one stopped")
          .isTrue();
    }

    private boolean sendUntil(MediaSender media, int layers, List<String> tags, String wanted)
        throws InterruptedException {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (System.nanoTime() < deadline) {
        media.send(10, layers);
        List<ReceivedRtp> rtp = new ArrayList<>();
        bob.rtp().drainTo(rtp);
        for (ReceivedRtp r : rtp) {
          String s = new String(r.payload(), StandardCharsets.ISO_8859_1);
          int i = s.indexOf("alice-v");
          if (i >= 0) {
            tags.add(s.substring(i, i + 8));
          }
        }
        if (tags.contains(wanted)) {
          return true;
        }
      }
      return false;
    }

    /**
     * Sequence numbers are compared modulo 2^16; the projection once compared each packet with the
     * one it switched at, so 2^15 packets after a switch every packet looked older, and the
     * receiver got nothing for the next 2^15.
     */
    @Test
    void anEncodingForwardedForMoreThan2To15PacketsWithoutASwitchKeepsFlowing() throws Exception {
      meeting("vp8-long-run");
      MediaSender media = new MediaSender(alice, aliceSources).answeringKeyframeRequests();
      List<String> tags = new ArrayList<>();
      assertThat(sendUntil(media, 1, tags, "alice-v0")).as("bob gets the encoding").isTrue();
      int total = 36_000;
      int tail = 2_000;
      AtomicIntegerArray arrived = new AtomicIntegerArray(2);
      Pattern tag = Pattern.compile("alice-long-(\\d+)-");
      bob.onRtp(
          b -> {
            Matcher m = tag.matcher(new String(b, StandardCharsets.ISO_8859_1));
            if (m.find()) {
              arrived.incrementAndGet(Integer.parseInt(m.group(1)) >= total - tail ? 1 : 0);
            }
          });
      for (int i = 0; i < total; i++) {
        media.video(0, false, MediaSender.payload("alice-long", i));
        if (i % 20 == 19) {
          Thread.sleep(1); // at most 20,000 packets a second, within the bridge's queues
        }
      }
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (System.nanoTime() < deadline && arrived.get(1) <= tail / 2) {
        Thread.sleep(50);
      }
      assertThat(arrived.get(1))
          .as(
              "of the last %d of %d packets, more than 2^15 after the switch (%d before them)",
              tail, total, arrived.get(0))
          .isGreaterThan(tail / 2);
    }
  }
}
