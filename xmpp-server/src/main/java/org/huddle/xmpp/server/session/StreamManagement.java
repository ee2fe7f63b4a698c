package org.huddle.xmpp.server.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Jid;
import org.huddle.xmpp.codec.Namespaces;
import org.huddle.xmpp.codec.StanzaError;
import org.huddle.xmpp.codec.StanzaError.Condition;
import org.huddle.xmpp.codec.StreamError;
import org.huddle.xmpp.server.routing.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stream management (XEP-0198 v1.6, {@code urn:xmpp:sm:3}) on every transport: acks with {@code
 * <r/>} and {@code <a/>}, and resumption. A session whose connection drops without a clean close
 * hibernates for the resumption window: it stays bound and in its rooms, queueing what it is sent.
 * A new connection that authenticates as the same account and sends {@code <resume/>} takes it
 * over; what the client had not acknowledged is sent again. When the window passes, the session
 * ends: its rooms see it leave, and its unacknowledged stanzas are bounced.
 */
public final class StreamManagement implements SessionFeatures.Feature {
  private static final Logger LOG = LoggerFactory.getLogger(StreamManagement.class);
  static final String NS = Namespaces.SM;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long MOD = 1L << 32;

  /** One session's counters and queue; guarded by the session's output lock or its own monitor. */
  private static final class State {
    final String id;
    final boolean resumable;
    long inbound;
    long outbound;
    final ArrayDeque<Element> unacked = new ArrayDeque<>();
    boolean ackRequested;
    ScheduledFuture<?> expiry;

    State(String id, boolean resumable) {
      this.id = id;
      this.resumable = resumable;
    }
  }

  private final Router router;
  private final Duration window;
  private final int maxQueue;
  private final ScheduledExecutorService timer;
  private final ConcurrentHashMap<C2sSession, State> states = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, C2sSession> resumable = new ConcurrentHashMap<>();

  /**
   * @param window how long a session waits to be resumed ({@code smacks_hibernation_time})
   * @param maxQueue the most unacknowledged stanzas kept for a session ({@code
   *     smacks_max_queue_size})
   */
  public StreamManagement(
      Router router, Duration window, int maxQueue, ScheduledExecutorService timer) {
    this.router = router;
    this.window = window;
    this.maxQueue = maxQueue;
    this.timer = timer;
  }

  /**
   * The local part of the resumable session with this id, for anonymous logins that come to resume
   * it.
   */
  public java.util.Optional<String> usernameFor(String previd) {
    C2sSession s = resumable.get(previd);
    return s == null || s.jid() == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(s.jid().local());
  }

  @Override
  public void advertise(C2sSession session, Element features) {
    features.addChild("sm", NS);
  }

  @Override
  public boolean handle(C2sSession session, Element nonza) {
    if (!NS.equals(nonza.namespace())) {
      return false;
    }
    switch (nonza.name()) {
      case "enable" -> enable(session, nonza);
      case "r" -> {
        State s = states.get(session);
        if (s == null) {
          failed(session, Condition.UNEXPECTED_REQUEST, "stream management is not enabled");
        } else {
          long h;
          synchronized (s) {
            h = s.inbound;
          }
          session.sendNonza(Element.of("a", NS).attr("h", h % MOD));
        }
      }
      case "a" -> acknowledged(session, nonza.attr("h"));
      case "resume" -> resume(session, nonza);
      default -> {
        return false;
      }
    }
    return true;
  }

  private void enable(C2sSession session, Element enable) {
    if (!session.active()) {
      failed(session, Condition.UNEXPECTED_REQUEST, "bind a resource first");
      return;
    }
    if (states.containsKey(session)) {
      failed(session, Condition.UNEXPECTED_REQUEST, "already enabled");
      return;
    }
    boolean resume = "true".equals(enable.attr("resume")) || "1".equals(enable.attr("resume"));
    State s = new State(newId(), resume);
    session.withOutputHeld(() -> states.put(session, s));
    Element enabled = Element.of("enabled", NS);
    if (resume) {
      resumable.put(s.id, session);
      long max = window.toSeconds();
      try {
        if (enable.attr("max") != null) {
          max = Math.max(1, Math.min(max, Long.parseLong(enable.attr("max"))));
        }
      } catch (NumberFormatException ignored) {
        // keep the server's window
      }
      enabled.attr("id", s.id).attr("resume", "true").attr("max", max);
    }
    session.sendNonza(enabled);
  }

  private void acknowledged(C2sSession session, String hAttr) {
    State s = states.get(session);
    if (s == null) {
      return;
    }
    long h;
    try {
      h = Long.parseLong(hAttr);
    } catch (NumberFormatException | NullPointerException e) {
      session.close(StreamError.Condition.UNDEFINED_CONDITION, "an ack needs a numeric h");
      return;
    }
    synchronized (s) {
      s.ackRequested = false;
      if (!drop(s, h)) {
        long sent = s.outbound;
        session.close(
            StreamError.Condition.UNDEFINED_CONDITION,
            "handled-count-too-high: h=" + h + " but only " + sent + " stanzas were sent");
      }
    }
  }

  /** Drops the acknowledged stanzas; false when the client acknowledges more than was sent. */
  private static boolean drop(State s, long h) {
    long ackedBefore = (s.outbound - s.unacked.size()) % MOD;
    long newlyAcked = Math.floorMod(h - ackedBefore, MOD);
    if (newlyAcked > MOD / 2) {
      return true; // an ack older than one already seen: nothing more to drop
    }
    if (newlyAcked > s.unacked.size()) {
      return false;
    }
    for (long i = 0; i < newlyAcked; i++) {
      s.unacked.poll();
    }
    return true;
  }

  @Override
  public void received(C2sSession session, Element stanza) {
    State s = states.get(session);
    if (s != null) {
      synchronized (s) {
        s.inbound++;
      }
    }
  }

  @Override
  public void sent(C2sSession session, Element stanza) {
    State s = states.get(session);
    if (s == null) {
      return;
    }
    boolean overflow;
    boolean requestAck = false;
    synchronized (s) {
      s.outbound++;
      s.unacked.add(stanza);
      overflow = s.unacked.size() > maxQueue;
      if (!s.ackRequested && !session.hibernating()) {
        s.ackRequested = true;
        requestAck = true;
      }
    }
    if (overflow) {
      session.execute(
          () ->
              session.close(
                  StreamError.Condition.RESOURCE_CONSTRAINT, "too many unacknowledged stanzas"));
    } else if (requestAck) {
      // Queued right behind the stanza, on the same connection output, so the request reaches the
      // client after it (a task on the event loop could overtake it: the stanza may have been
      // queued from another thread).
      session.sendNonza(Element.of("r", NS));
    }
  }

  @Override
  public boolean keepOnDisconnect(C2sSession session) {
    State s = states.get(session);
    if (s == null || !s.resumable) {
      return false;
    }
    session.hibernating(true);
    synchronized (s) {
      s.ackRequested = false;
      s.expiry =
          timer.schedule(
              () -> session.execute(() -> expire(session, s)),
              window.toMillis(),
              TimeUnit.MILLISECONDS);
    }
    return true;
  }

  private void expire(C2sSession session, State s) {
    if (session.hibernating() && states.get(session) == s) {
      LOG.info("{} was not resumed within {}", session.jid(), window);
      session.end("not resumed within " + window.toSeconds() + " s");
    }
  }

  /** XEP-0198 §5: a new connection takes over a hibernated (or half-open) session. */
  private void resume(C2sSession shell, Element resume) {
    String previd = resume.attr("previd");
    C2sSession old = previd == null ? null : resumable.get(previd);
    State s = old == null ? null : states.get(old);
    if (old == null || s == null || shell.active() || !old.authenticatedAs(shell.jid().bare())) {
      failed(shell, Condition.ITEM_NOT_FOUND, "no session to resume");
      return;
    }
    long h;
    try {
      h = Long.parseLong(resume.attr("h"));
    } catch (NumberFormatException | NullPointerException e) {
      failed(shell, Condition.BAD_REQUEST, "resume needs a numeric h");
      return;
    }
    Connection fresh = shell.connection();
    old.withOutputHeld(
        () -> {
          Connection previous = old.connection();
          old.attach(fresh);
          old.hibernating(false);
          synchronized (s) {
            if (s.expiry != null) {
              s.expiry.cancel(false);
              s.expiry = null;
            }
            drop(s, h);
            fresh.send(Element.of("resumed", NS).attr("previd", previd).attr("h", s.inbound % MOD));
            for (Element stanza : s.unacked) {
              fresh.send(stanza);
            }
            s.ackRequested = !s.unacked.isEmpty();
          }
          if (previous != fresh) {
            previous.fail(
                new StreamError(StreamError.Condition.CONFLICT, "resumed on another connection"));
          }
        });
    shell.resumedInto(old);
    if (s.ackRequested) {
      old.sendNonza(Element.of("r", NS));
    }
    LOG.info("{} resumed on a new {} connection", old.jid(), fresh.transport());
  }

  @Override
  public void ended(C2sSession session) {
    State s = states.remove(session);
    if (s == null) {
      return;
    }
    resumable.remove(s.id, session);
    List<Element> left;
    synchronized (s) {
      if (s.expiry != null) {
        s.expiry.cancel(false);
      }
      left = List.copyOf(s.unacked);
      s.unacked.clear();
    }
    Jid from = session.jid();
    for (Element stanza : left) {
      bounce(stanza, from);
    }
  }

  /**
   * XEP-0198 §4: what a session that ends never acknowledged goes back to its senders as an error.
   */
  private void bounce(Element stanza, Jid recipient) {
    String type = stanza.attr("type");
    boolean request = stanza.name().equals("iq") && ("get".equals(type) || "set".equals(type));
    boolean message =
        stanza.name().equals("message") && !"groupchat".equals(type) && !"error".equals(type);
    Jid sender = Jid.ofOrNull(stanza.attr("from"));
    if ((request || message) && sender != null && StanzaError.mayReplyTo(stanza)) {
      router.bounce(
          stanza.copy().attr("to", recipient.toString()),
          sender,
          request ? Condition.SERVICE_UNAVAILABLE : Condition.RECIPIENT_UNAVAILABLE,
          "the recipient's session ended before it received this");
    }
  }

  private static void failed(C2sSession session, Condition condition, String text) {
    Element f = Element.of("failed", NS);
    f.addChild(condition.elementName(), Namespaces.STANZAS);
    if (text != null) {
      f.addChild("text", Namespaces.STANZAS).text(text);
    }
    session.sendNonza(f);
  }

  private static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
