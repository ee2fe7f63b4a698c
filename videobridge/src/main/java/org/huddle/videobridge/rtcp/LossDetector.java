package org.huddle.videobridge.rtcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.huddle.rtp.Bytes;

/**
 * Finds gaps in what a sender sends, so the bridge can ask it to retransmit (Generic NACK, RFC 4585
 * §6.2.1) before its receivers notice: each missing sequence number is asked for a few times,
 * spaced out, then given up. Bounded: at most {@value #MAX_MISSING} missing packets per stream and
 * {@value #MAX_STREAMS} streams.
 */
public final class LossDetector {
  private static final int MAX_STREAMS = 16;
  private static final int MAX_MISSING = 256;
  private static final int MAX_GAP = 100;
  private static final int MAX_TRIES = 3;
  private static final long RETRY_NANOS = 100_000_000L;
  private static final long GIVE_UP_NANOS = 1_000_000_000L;

  private static final class Missing {
    final long since;
    long lastAsked;
    int tries;

    Missing(long since) {
      this.since = since;
    }
  }

  private static final class Stream {
    int highest = -1;
    final LinkedHashMap<Integer, Missing> missing = new LinkedHashMap<>();
  }

  private final Map<Long, Stream> streams = new HashMap<>();

  /** Notes a packet that arrived (a retransmission fills its gap). */
  public synchronized void received(long ssrc, int seq, long nowNanos) {
    Stream s = streams.get(ssrc);
    if (s == null) {
      if (streams.size() >= MAX_STREAMS) {
        return;
      }
      s = new Stream();
      streams.put(ssrc, s);
    }
    if (s.highest < 0) {
      s.highest = seq;
      return;
    }
    int d = Bytes.seqDelta(seq, s.highest);
    if (d > 0) {
      if (d <= MAX_GAP) {
        for (int k = 1; k < d; k++) {
          s.missing.put((s.highest + k) & 0xffff, new Missing(nowNanos));
        }
      }
      s.highest = seq;
      while (s.missing.size() > MAX_MISSING) {
        s.missing.remove(s.missing.keySet().iterator().next());
      }
    } else {
      s.missing.remove(seq);
    }
  }

  /** The sequence numbers to ask for now, per SSRC; marks them as asked. */
  public synchronized Map<Long, int[]> due(long nowNanos) {
    Map<Long, int[]> out = new HashMap<>();
    for (Map.Entry<Long, Stream> e : streams.entrySet()) {
      List<Integer> ask = new ArrayList<>();
      for (Iterator<Map.Entry<Integer, Missing>> it = e.getValue().missing.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Integer, Missing> m = it.next();
        Missing x = m.getValue();
        if (x.tries >= MAX_TRIES || nowNanos - x.since > GIVE_UP_NANOS) {
          it.remove();
        } else if (x.tries == 0 || nowNanos - x.lastAsked >= RETRY_NANOS) {
          x.tries++;
          x.lastAsked = nowNanos;
          ask.add(m.getKey());
        }
      }
      if (!ask.isEmpty()) {
        out.put(e.getKey(), ask.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    return out;
  }
}
