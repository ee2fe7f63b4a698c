package org.huddle.xmpp.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.xmpp.server.transport.RecordingConnection.send;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.codec.ParseBudget;
import org.huddle.xmpp.codec.ParserLimits;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A TCP stream's parse budget, on Netty's in-memory channel with its clock frozen: the test moves
 * time, so nothing depends on how fast the machine is.
 */
class ParseBudgetOnAConnectionTest {
  static final String HEADER = RecordingConnection.HEADER;

  /** 10,000 units a second, a one-second bucket, refused after 30 s of throttling. */
  static final ParseBudget.Limits SMALL =
      new ParseBudget.Limits(10_000, Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** The stream layer with a session that only records what arrives. */
  static final class Recording {
    private Recording() {}

    static RecordingConnection of(ParseBudget.Limits budget) {
      return new RecordingConnection(new ParserLimits(256 * 1024, 32, 64, 4096, 4096, budget));
    }
  }

  EmbeddedChannel channel(RecordingConnection connection) {
    EmbeddedChannel ch = new EmbeddedChannel(connection);
    // From here on, time moves only when the test says so.
    ch.freezeTime();
    return ch;
  }

  static void advance(EmbeddedChannel ch, Duration d) {
    ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    ch.runPendingTasks();
  }

  static String message(int bodyBytes) {
    return "<message to='room@muc.meet.jitsi' type='groupchat'><body>"
        + "x".repeat(bodyBytes)
        + "</body></message>";
  }

  @Nested
  class WithinTheBudget {
    @Test
    void normalTrafficIsReadWithoutAPause() throws Exception {
      RecordingConnection c = Recording.of(ParseBudget.Limits.DEFAULT);
      EmbeddedChannel ch = channel(c);
      send(ch, HEADER);
      for (int i = 0; i < 20; i++) {
        send(ch, message(10_000));
        assertThat(ch.config().isAutoRead()).as("after message %d", i).isTrue();
      }
      send(ch, message(200_000));
      assertThat(ch.config().isAutoRead()).isTrue();
      assertThat(c.received).hasSize(21);
    }

    @Test
    void noBudgetNeverPauses() throws Exception {
      RecordingConnection c = Recording.of(ParseBudget.Limits.NONE);
      EmbeddedChannel ch = channel(c);
      send(ch, HEADER);
      for (int i = 0; i < 100; i++) {
        send(ch, message(200_000));
      }
      assertThat(ch.config().isAutoRead()).isTrue();
      assertThat(c.received).hasSize(100);
    }
  }

  @Nested
  class OverTheBudget {
    @Test
    void readingPausesAndResumesOnceTheBudgetHasRefilled() throws Exception {
      RecordingConnection c = Recording.of(SMALL);
      EmbeddedChannel ch = channel(c);
      send(ch, HEADER);
      send(ch, message(50_000));
      assertThat(c.received).as("what was read is still handled").hasSize(1);
      assertThat(ch.config().isAutoRead()).as("paused").isFalse();
      // About 50,000 units over a 10,000-unit bucket: back to zero after about 4 s.
      advance(ch, Duration.ofSeconds(3));
      assertThat(ch.config().isAutoRead()).as("still paused after 3 s").isFalse();
      advance(ch, Duration.ofSeconds(2));
      assertThat(ch.config().isAutoRead()).as("reading again after 5 s").isTrue();
      assertThat(ch.isOpen()).isTrue();
      assertThat(c.written(ch)).doesNotContain("stream:error");
    }

    @Test
    void aReadThatArrivesWhilePausedIsChargedAndExtendsThePause() throws Exception {
      RecordingConnection c = Recording.of(SMALL);
      EmbeddedChannel ch = channel(c);
      send(ch, HEADER);
      send(ch, message(50_000));
      // As if another handler turned reading back on, or TLS still held decrypted data.
      ch.config().setAutoRead(true);
      send(ch, message(50_000));
      assertThat(ch.config().isAutoRead()).isFalse();
      advance(ch, Duration.ofSeconds(5));
      assertThat(ch.config().isAutoRead()).as("the second read costs 5 s more").isFalse();
      advance(ch, Duration.ofSeconds(5));
      assertThat(ch.config().isAutoRead()).isTrue();
      assertThat(c.received).hasSize(2);
    }

    @Test
    void aPeerThatStaysOverTheBudgetGetsPolicyViolation() throws Exception {
      RecordingConnection c = Recording.of(SMALL);
      EmbeddedChannel ch = channel(c);
      send(ch, HEADER);
      // The peer sends again as soon as reading resumes, at about three times the rate.
      Duration elapsed = Duration.ZERO;
      for (int i = 0; i < 1000 && ch.isOpen(); i++) {
        if (ch.config().isAutoRead()) {
          send(ch, message(30_000));
        } else {
          advance(ch, Duration.ofSeconds(1));
          elapsed = elapsed.plusSeconds(1);
        }
      }
      String got = c.written(ch);
      assertThat(got)
          .contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
          .contains("parse budget");
      assertThat(ch.isOpen()).as("closed").isFalse();
      assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPeerThatPausesLongEnoughToRefillIsNeverRefused() throws Exception {
      RecordingConnection c = Recording.of(SMALL);
      EmbeddedChannel ch = channel(c);
      send(ch, HEADER);
      for (int round = 0; round < 20; round++) {
        // 20 s over the budget, then quiet long enough for the bucket to fill
        for (int s = 0; s < 20; s++) {
          if (ch.config().isAutoRead()) {
            send(ch, message(30_000));
          }
          advance(ch, Duration.ofSeconds(1));
        }
        advance(ch, Duration.ofSeconds(10));
      }
      assertThat(ch.isOpen()).isTrue();
      assertThat(c.written(ch)).doesNotContain("stream:error");
    }
  }

  @Test
  void aStreamErrorFromTheParserIsSentBeforeClosing() throws Exception {
    RecordingConnection c = Recording.of(ParseBudget.Limits.DEFAULT);
    EmbeddedChannel ch = channel(c);
    send(ch, HEADER);
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'<', 'a', '>', (byte) 0xC0, (byte) 0xBC}));
    ch.runPendingTasks();
    assertThat(c.written(ch))
        .contains("<not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
        .endsWith("</stream:stream>");
    assertThat(ch.isOpen()).isFalse();
  }
}
