package org.huddle.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huddle.records.RecordEvent;
import org.huddle.records.RecordQueries;
import org.huddle.records.Records;
import org.huddle.records.testing.TestDatabase;
import org.huddle.signalling.Xml;
import org.huddle.videobridge.MediaSummary;
import org.huddle.videobridge.Videobridge;
import org.huddle.videobridge.testkit.Colibri2Requests;
import org.huddle.videobridge.testkit.MediaSender;
import org.huddle.videobridge.testkit.TestBridges;
import org.huddle.videobridge.testkit.TestConference;
import org.huddle.videobridge.testkit.TestEndpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bridge's media summaries become {@code media_quality} rows of the meeting (the launcher's
 * wiring, {@link RecordsRole#mediaFor}): real SRTP through a bridge on loopback, a sender that
 * skips packets, and the records in the machine's PostgreSQL and in H2.
 */
class RecordsMediaTest {
  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anEndpointThatLeavesLeavesItsMediaSummaryInTheMeetingsRecords(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind);
        Records records = Records.open(db.config());
        Videobridge bridge = TestBridges.start("")) {
      // The focus records the meeting when it enters the room, before any bridge is used.
      records.writeNow(
          List.of(
              new RecordEvent.MeetingStarted("m-media", "standup@muc.meet.jitsi", Instant.now())));
      RecordsRole.mediaFor(bridge, records);
      BlockingQueue<MediaSummary> told = new LinkedBlockingQueue<>();
      bridge.onMediaSummary(told::add);
      Colibri2Requests.Sources sources = Colibri2Requests.Sources.of(7000);
      long sent;
      try (TestConference conference = new TestConference(bridge, "m-media")) {
        TestEndpoint alice = conference.join("alice", sources);
        conference.join("bob", new Colibri2Requests.Sources(8000L, List.of(8010L), List.of(8020L)));
        MediaSender media = new MediaSender(alice, sources);
        media.send(20, 3);
        media.loseNextVideoPacket(1);
        media.loseNextVideoPacket(2);
        media.send(20, 3);
        sent = media.sentPackets();
        var onBridge = bridge.conferences().byMeetingId("m-media").endpoint("alice");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> onBridge.mediaTotals(System.nanoTime()).packetsReceived() == sent);
        bridge
            .colibri2()
            .handle(
                Xml.parse(
                    "<conference-modify xmlns='jitsi:colibri2' meeting-id='m-media'>"
                        + "<endpoint id='alice' expire='true'/></conference-modify>"));
      }
      MediaSummary summary = told.poll(10, TimeUnit.SECONDS);
      assertThat(summary).isNotNull();

      await()
          .atMost(TestDatabase.PATIENCE)
          .until(() -> !records.queries().media("m-media").isEmpty());
      List<RecordQueries.Media> rows = records.queries().media("m-media");
      assertThat(rows).hasSize(1);
      RecordQueries.Media row = rows.get(0);
      assertThat(row.endpoint()).isEqualTo("alice");
      assertThat(row.packetsReceived()).isEqualTo(sent);
      assertThat(row.packetsLost()).isEqualTo(2);
      assertThat(row.bitrateBps()).isPositive().isEqualTo(summary.bitrateBps());
      assertThat(row.layerSwitches()).isZero();
      assertThat(records.rejected()).isZero();
    }
  }
}
