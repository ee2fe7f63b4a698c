package org.huddle.bench.xmpp;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in client in one room, with its own reader (a virtual thread). It counts the room's
 * presences until it has the full roster, and for groupchat it counts deliveries, records latency
 * (the body carries the sender's index and a send time from this process's clock) and, while the
 * load is closed-loop, sends its next message when its own previous one comes back.
 */
final class Occupant {
  private static final Logger log = LoggerFactory.getLogger(Occupant.class);

  /** What all occupants of one scenario run share. */
  static final class Shared {
    final LongAdder presences = new LongAdder();
    final LongAdder delivered = new LongAdder();
    volatile boolean closedLoop;
    volatile boolean stopping;
    volatile long recordFrom = Long.MAX_VALUE;
    volatile long recordUntil = Long.MAX_VALUE;
  }

  final XmppClient client;
  final int index;
  final String room;
  final String nick;
  final Shared shared;
  final AtomicInteger inFlight = new AtomicInteger();
  final CountDownLatch configured = new CountDownLatch(1);
  private volatile int rosterTarget;
  private volatile CountDownLatch rosterLatch;
  private volatile int presenceCount;
  private volatile boolean self;
  volatile long joinedAt;
  private long[] latencies = new long[0];
  private int latencyCount;
  private Thread reader;
  private volatile boolean leaving;

  Occupant(XmppClient client, int index, String room, Shared shared) {
    this.client = client;
    this.index = index;
    this.room = room;
    this.nick = "u" + index;
    this.shared = shared;
  }

  void startReader() {
    reader = Thread.ofVirtual().name("occupant-" + index).start(this::read);
  }

  /**
   * From now on, counts {@code latch} down (once) and sets {@link #joinedAt} when this occupant has
   * its self-presence and {@code roster} presences from the room in all.
   */
  void expectRoster(int roster, CountDownLatch latch) {
    joinedAt = 0;
    rosterTarget = roster;
    rosterLatch = latch;
    checkRoster();
  }

  private synchronized void checkRoster() {
    CountDownLatch l = rosterLatch;
    if (l != null && joinedAt == 0 && self && presenceCount >= rosterTarget) {
      joinedAt = System.nanoTime();
      rosterLatch = null;
      l.countDown();
    }
  }

  /** Sends the MUC join. */
  void join() throws IOException {
    client.send(
        "<presence to='"
            + room
            + "/"
            + nick
            + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
  }

  /** Accepts the default configuration of a room this occupant created (XEP-0045 10.1.2). */
  void configureInstantRoom() throws IOException {
    client.send(
        "<iq type='set' id='cfg1' to='"
            + room
            + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
            + "<x xmlns='jabber:x:data' type='submit'/></query></iq>");
  }

  void sendMessage(long stamp) throws IOException {
    inFlight.incrementAndGet();
    client.send(
        "<message to='"
            + room
            + "' type='groupchat'><body>m "
            + index
            + " "
            + stamp
            + "</body></message>");
  }

  private void read() {
    try {
      while (!shared.stopping && !leaving) {
        String s = client.nextOrIdle();
        if (s == null) {
          if (!shared.stopping && !leaving) {
            log.warn("occupant {}: server closed the stream", index);
          }
          return;
        }
        if (s.startsWith("<message")) {
          onMessage(s);
        } else if (s.startsWith("<presence")) {
          onPresence(s);
        } else if (s.startsWith("<iq")) {
          onIq(s);
        } else if (s.startsWith("<stream:error") || s.startsWith("</stream:stream")) {
          log.warn("occupant {}: {}", index, s);
          return;
        }
      }
    } catch (IOException e) {
      if (!shared.stopping && !leaving) {
        log.warn("occupant {}: {}", index, e.toString());
      }
    }
  }

  private void onPresence(String s) {
    String from = attr(s, "from");
    if (from == null || !from.startsWith(room + "/")) {
      return;
    }
    int tagEnd = s.indexOf('>');
    String head = tagEnd > 0 ? s.substring(0, tagEnd) : s;
    if (head.contains("type='unavailable'") || head.contains("type=\"unavailable\"")) {
      return;
    }
    if (head.contains("type='error'") || head.contains("type=\"error\"")) {
      log.warn("occupant {}: join refused: {}", index, s);
      return;
    }
    shared.presences.increment();
    presenceCount++;
    if (s.contains("code='110'") || s.contains("code=\"110\"")) {
      self = true;
    }
    checkRoster();
  }

  private void onMessage(String s) throws IOException {
    int b = s.indexOf("<body>");
    if (b < 0 || s.contains("<delay")) {
      return;
    }
    int e = s.indexOf("</body>", b);
    String[] parts = s.substring(b + 6, e).split(" ");
    if (parts.length != 3 || !parts[0].equals("m")) {
      return;
    }
    long now = System.nanoTime();
    shared.delivered.increment();
    int sender = Integer.parseInt(parts[1]);
    long stamp = Long.parseLong(parts[2]);
    if (stamp >= shared.recordFrom && stamp < shared.recordUntil) {
      if (latencyCount == latencies.length) {
        latencies = Arrays.copyOf(latencies, Math.max(1024, latencyCount * 2));
      }
      latencies[latencyCount++] = now - stamp;
    }
    if (sender == index) {
      inFlight.decrementAndGet();
      if (shared.closedLoop && !shared.stopping) {
        sendMessage(System.nanoTime());
      }
    }
  }

  private void onIq(String s) throws IOException {
    String type = attr(s, "type");
    String id = attr(s, "id");
    if ("get".equals(type) && s.contains("urn:xmpp:ping")) {
      client.send("<iq type='result' id='" + id + "' to='" + attr(s, "from") + "'/>");
    } else if ("cfg1".equals(id)) {
      if (!"result".equals(type)) {
        log.warn("occupant {}: room configuration refused: {}", index, s);
      }
      configured.countDown();
    }
  }

  /** The latencies recorded so far, in nanoseconds (call after the reader has stopped). */
  long[] latencies() {
    return Arrays.copyOf(latencies, latencyCount);
  }

  /** This occupant alone leaves: it closes its stream, and the others go on. */
  void leave() {
    leaving = true;
    try {
      client.closeStream();
    } catch (IOException e) {
      // the server may have closed it first; the socket is closed below either way
    }
    client.close();
  }

  void close() {
    shared.stopping = true;
    client.close();
    if (reader != null) {
      try {
        reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String attr(String s, String name) {
    int end = s.indexOf('>');
    for (char q : new char[] {'\'', '"'}) {
      String key = " " + name + "=" + q;
      int i = s.indexOf(key);
      if (i >= 0 && (end < 0 || i < end)) {
        int from = i + key.length();
        int to = s.indexOf(q, from);
        return to > from ? s.substring(from, to) : "";
      }
    }
    return null;
  }
}
