package org.huddle.xmpp.server.transport.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.codec.XmlWriter;
import org.huddle.xmpp.server.limits.AddressLimits;
import org.huddle.xmpp.server.limits.ByteRate;
import org.huddle.xmpp.server.session.C2sSession;
import org.huddle.xmpp.server.session.SessionObserver;
import org.huddle.xmpp.server.session.StreamOpen;
import org.huddle.xmpp.server.transport.SerialOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BOSH session (XEP-0124, XEP-0206): the client's HTTP requests, in {@code rid} order, carry
 * its stanzas; the server holds up to {@code hold} of them open and answers one whenever it has
 * something to say, or after {@code wait} seconds with an empty body.
 *
 * <p>All state is touched on one Netty event loop. Requests may arrive out of order within the
 * window of {@code requests} rids; they are processed in order. A request whose rid was already
 * answered gets the same answer again (XEP-0124 §14.3). A session with no request open for {@code
 * inactivity} seconds ends.
 *
 * <p>The session counts against its client address ({@code bosh_max_sessions_per_ip}) until it
 * ends, and its request bodies against its byte rate ({@code limits.c2s}): a client over the rate
 * has its next request processed only after the pause that brings it back under.
 */
final class BoshSession extends HttpConnection {
  private static final Logger LOG = LoggerFactory.getLogger(BoshSession.class);
  static final String NS = "http://jabber.org/protocol/httpbind";
  static final String XBOSH = "urn:xmpp:xbosh";

  /** Answers one HTTP request. */
  interface Responder {
    void respond(String body);
  }

  private record Held(long rid, Responder responder, ScheduledFuture<?> timer) {}

  private record Early(Element body, Responder responder) {}

  private final BoshSessions registry;
  private final String sid;
  private final int wait;
  private final int hold;
  private final int requests;
  private final Duration inactivity;
  private final Duration polling;
  private final long maxOutbound;
  private final SerialOutput<String> output;
  private final AddressLimits.Permit permit;
  private final ByteRate rate;
  private final SessionObserver observer;
  private boolean unlimited;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final TreeMap<Long, Early> early = new TreeMap<>();
  private final List<String> outbox = new ArrayList<>();
  private final LinkedHashMap<Long, String> answered = new LinkedHashMap<>();
  private C2sSession session;
  private long nextRid;
  private boolean creationAnswered;
  private String streamFrom;
  private String streamId;
  private String version;
  private String terminateBody;
  private boolean ended;
  private long lastEmptyRequestNanos;
  private ScheduledFuture<?> inactivityTimer;

  BoshSession(
      BoshSessions registry,
      EventLoop loop,
      String sid,
      String remoteAddress,
      boolean secure,
      long firstRid,
      int wait,
      int hold,
      Duration inactivity,
      Duration polling,
      long maxOutbound,
      AddressLimits.Permit permit,
      ByteRate rate,
      SessionObserver observer) {
    super(loop, remoteAddress, secure, "bosh");
    this.permit = permit;
    this.rate = rate;
    this.observer = observer;
    this.registry = registry;
    this.sid = sid;
    this.nextRid = firstRid;
    this.wait = wait;
    this.hold = hold;
    this.requests = hold + 1;
    this.inactivity = inactivity;
    this.polling = polling;
    this.maxOutbound = maxOutbound;
    this.output = new SerialOutput<>(loop, outbox::add, this::flush);
  }

  String sid() {
    return sid;
  }

  /**
   * Runs {@code work} on the loop once the byte rate allows a body of {@code bytes}: at once, or
   * after the pause that brings the client back under its rate.
   */
  void afterRate(long bytes, Runnable work) {
    loop.execute(
        () -> {
          Duration pause = unlimited ? Duration.ZERO : rate.take(bytes, System.nanoTime());
          if (pause.isZero()) {
            work.run();
          } else {
            observer.throttled(transport());
            loop.schedule(work, pause.toNanos(), TimeUnit.NANOSECONDS);
          }
        });
  }

  /** Starts the XMPP session for the creation request (XEP-0124 §7.1), on the loop. */
  void create(C2sSession c2s, Element body, Responder responder) {
    this.session = c2s;
    long rid = nextRid;
    nextRid = rid + 1;
    hold(rid, responder);
    version = body.attrOr("{" + XBOSH + "}version", "1.0");
    try {
      session.opened(this, new StreamOpen(body.attr("to"), null, version, body.attr("xml:lang")));
    } catch (StreamError e) {
      fail(e);
    }
  }

  /** A later request (XEP-0124 §9), on the loop. */
  void request(long rid, Element body, Responder responder) {
    if (ended) {
      responder.respond(terminateBody != null ? terminateBody : terminate("item-not-found", null));
      return;
    }
    if (rid < nextRid) {
      for (Held h : held) {
        if (h.rid() == rid) {
          // The same request again while we still hold it: its first connection is probably gone.
          held.remove(h);
          h.timer().cancel(false);
          h.responder().respond(wrap(""));
          hold(rid, responder);
          return;
        }
      }
      String again = answered.get(rid);
      if (again != null) {
        responder.respond(again); // a retransmission: same answer (§14.3)
      } else {
        responder.respond(
            terminateNow("item-not-found", "rid " + rid + " is no longer in the window"));
      }
      return;
    }
    if (rid >= nextRid + requests) {
      responder.respond(terminateNow("item-not-found", "rid " + rid + " is outside the window"));
      return;
    }
    if (rid > nextRid) {
      // Within the window but ahead of a missing one: keep it until the gap is filled (§14.1).
      early.put(rid, new Early(body, responder));
      return;
    }
    process(rid, body, responder);
    while (!ended && early.containsKey(nextRid)) {
      Early next = early.remove(nextRid);
      process(nextRid, next.body(), next.responder());
    }
  }

  private void process(long rid, Element body, Responder responder) {
    nextRid = rid + 1;
    cancelInactivity();
    List<Element> payload = body.elements();
    boolean restart = "true".equals(body.attr("{" + XBOSH + "}restart"));
    if (payload.isEmpty() && !restart && !"terminate".equals(body.attr("type"))) {
      long now = System.nanoTime();
      boolean tooSoon = held.isEmpty() && now - lastEmptyRequestNanos < polling.toNanos();
      lastEmptyRequestNanos = now;
      if (tooSoon && hold == 0) {
        responder.respond(terminateNow("policy-violation", "polling too often"));
        return;
      }
    }
    if (held.size() >= requests) {
      responder.respond(terminateNow("policy-violation", "too many concurrent requests"));
      return;
    }
    hold(rid, responder);
    try {
      if (restart) {
        // XEP-0206 §5: a restart body need not repeat the version; it is the session's.
        session.opened(
            this,
            new StreamOpen(body.attrOr("to", streamFrom), null, version, body.attr("xml:lang")));
      }
      for (Element e : payload) {
        session.received(this, e);
      }
      if ("terminate".equals(body.attr("type"))) {
        session.closedByPeer(this);
      }
    } catch (StreamError e) {
      fail(e);
      return;
    }
    while (held.size() > hold) {
      answer(held.poll(), ""); // the oldest makes way (§10)
    }
  }

  private void hold(long rid, Responder responder) {
    ScheduledFuture<?> timer = loop.schedule(() -> waitExpired(rid), wait, TimeUnit.SECONDS);
    held.add(new Held(rid, responder, timer));
  }

  private void waitExpired(long rid) {
    for (Held h : held) {
      if (h.rid() == rid) {
        held.remove(h);
        answer(h, "");
        return;
      }
    }
  }

  /** Sends queued output in the oldest held request, if there is one. */
  private void flush() {
    if (outbox.isEmpty() || held.isEmpty()) {
      return;
    }
    StringBuilder payload = new StringBuilder();
    for (String s : outbox) {
      payload.append(s);
    }
    outbox.clear();
    answer(held.poll(), payload.toString());
  }

  private void answer(Held h, String payload) {
    h.timer().cancel(false);
    String body = wrap(payload);
    answered.put(h.rid(), body);
    while (answered.size() > requests) {
      answered.remove(answered.keySet().iterator().next());
    }
    h.responder().respond(body);
    if (held.isEmpty() && !ended) {
      startInactivity();
    }
  }

  private String wrap(String payload) {
    StringBuilder sb = new StringBuilder(payload.length() + 256);
    sb.append("<body xmlns='")
        .append(NS)
        .append("' xmlns:stream='")
        .append(Namespaces.STREAMS)
        .append('\'');
    if (!creationAnswered) {
      creationAnswered = true;
      sb.append(" sid='")
          .append(sid)
          .append("' wait='")
          .append(wait)
          .append("' hold='")
          .append(hold);
      sb.append("' requests='").append(requests).append("' polling='").append(polling.toSeconds());
      sb.append("' inactivity='").append(inactivity.toSeconds()).append("' ver='1.6'");
      if (streamFrom != null) {
        sb.append(" from='");
        XmlWriter.escapeAttribute(streamFrom, sb);
        sb.append("' authid='").append(streamId).append('\'');
      }
      sb.append(" xmpp:version='1.0' xmlns:xmpp='")
          .append(XBOSH)
          .append("' xmpp:restartlogic='true'");
    }
    if (payload.isEmpty()) {
      return sb.append("/>").toString();
    }
    return sb.append('>').append(payload).append("</body>").toString();
  }

  // --- ending
  // ---------------------------------------------------------------------------------------------------

  /** The terminate body (XEP-0124 §17) for a condition, optionally with a child element. */
  private String terminate(String condition, String child) {
    StringBuilder sb = new StringBuilder("<body xmlns='").append(NS).append("' type='terminate'");
    if (condition != null) {
      sb.append(" condition='").append(condition).append('\'');
    }
    sb.append(" xmlns:stream='").append(Namespaces.STREAMS).append('\'');
    if (child == null || child.isEmpty()) {
      return sb.append("/>").toString();
    }
    return sb.append('>').append(child).append("</body>").toString();
  }

  /** Ends the session now with a condition; returns the terminate body for the request at hand. */
  private String terminateNow(String condition, String why) {
    LOG.debug("BOSH session {} from {} terminated: {} ({})", sid, remoteAddress, condition, why);
    end(terminate(condition, null), "BOSH " + condition + ": " + why);
    return terminateBody;
  }

  /** Answers every held request with the final body and ends the XMPP session. */
  private void end(String finalBody, String reason) {
    if (ended) {
      return;
    }
    ended = true;
    permit.release();
    terminateBody = finalBody;
    cancelInactivity();
    Held first = held.poll();
    if (first != null) {
      first.timer().cancel(false);
      first.responder().respond(finalBody);
    }
    for (Held h : held) {
      h.timer().cancel(false);
      h.responder().respond(terminate(null, null));
    }
    held.clear();
    for (Early e : early.values()) {
      e.responder().respond(terminate(null, null));
    }
    early.clear();
    registry.remove(this);
    if (session != null) {
      session.disconnected(this, reason);
    }
  }

  private void startInactivity() {
    cancelInactivity();
    inactivityTimer =
        loop.schedule(
            () -> {
              if (held.isEmpty() && !ended) {
                LOG.debug("BOSH session {} from {} timed out", sid, remoteAddress);
                end(terminate("item-not-found", null), "BOSH inactivity");
              }
            },
            inactivity.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void cancelInactivity() {
    if (inactivityTimer != null) {
      inactivityTimer.cancel(false);
      inactivityTimer = null;
    }
  }

  /** The server is stopping: end with system-shutdown. */
  void shutdown() {
    loop.execute(() -> end(terminate("system-shutdown", null), "server stopping"));
  }

  // --- Connection
  // -----------------------------------------------------------------------------------------------

  @Override
  public void openStream(String from, String id) {
    this.streamFrom = from;
    this.streamId = id;
  }

  @Override
  public void send(Element element) {
    if (ended) {
      return;
    }
    if (output.queuedBytes() > maxOutbound) {
      loop.execute(
          () -> end(terminate("policy-violation", null), "BOSH client not collecting its output"));
      return;
    }
    StringBuilder sb = new StringBuilder(256);
    XmlWriter.writeTopLevel(element, NS, false, sb);
    output.add(sb.toString(), sb.length());
  }

  @Override
  public void removeRateLimit() {
    loop.execute(() -> unlimited = true);
  }

  @Override
  public void closeStream() {
    output.then(
        () -> {
          String pending = String.join("", outbox);
          outbox.clear();
          end(terminate(null, pending), "closed");
        });
  }

  @Override
  public void fail(StreamError error) {
    LOG.debug("stream error to {} over BOSH: {}", remoteAddress, error.toString());
    StringBuilder sb = new StringBuilder();
    XmlWriter.writeTopLevel(error.toElement(), NS, false, sb);
    String child = sb.toString();
    output.then(() -> end(terminate("remote-stream-error", child), "stream error " + error));
  }

  /** For tests and metrics: requests currently held. */
  int heldCount() {
    return held.size();
  }

  Map<Long, String> answeredForTests() {
    return answered;
  }
}
