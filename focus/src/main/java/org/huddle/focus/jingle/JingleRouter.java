package org.huddle.focus.jingle;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.huddle.focus.xml.StanzaErrors;
import org.huddle.focus.xml.Xml;
import org.huddle.focus.xmpp.IqHandler;
import org.huddle.signalling.jingle.Jingle;
import org.huddle.xmpp.codec.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Jingle requests from participants to their sessions, answering what cannot be routed with
 * XEP-0166's errors: a request without {@code sid} or with an unknown {@code action} is a {@code
 * bad-request}; an unknown session (or one from someone else) is {@code item-not-found} with {@code
 * <unknown-session/>} (§7.2.x, {@code urn:xmpp:jingle:errors:1}).
 */
public final class JingleRouter implements IqHandler {
  private static final Logger LOG = LoggerFactory.getLogger(JingleRouter.class);

  /** Handles the requests of one session. */
  @FunctionalInterface
  public interface SessionHandler {
    /** Answers a request the router found to belong to {@code session}. */
    CompletableFuture<Element> handle(JingleSession session, String action, Element request);
  }

  private record Entry(JingleSession session, SessionHandler handler) {}

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final AtomicLong errors = new AtomicLong();

  /** Routes requests for this session to the handler until {@link #remove}. */
  public void register(JingleSession session, SessionHandler handler) {
    sessions.put(session.sid(), new Entry(session, handler));
  }

  public void remove(JingleSession session) {
    sessions.computeIfPresent(session.sid(), (sid, e) -> e.session() == session ? null : e);
  }

  /** Error answers sent so far (for metrics). */
  public long errorsSent() {
    return errors.get();
  }

  /** How many sessions are routed (for tests: nothing is left behind). */
  public int size() {
    return sessions.size();
  }

  @Override
  public CompletableFuture<Element> handle(Element request) {
    Element jingle = Xml.payload(request);
    String action = jingle == null ? null : jingle.attr("action");
    String sid = jingle == null ? null : jingle.attr("sid");
    if (action == null || sid == null || sid.isBlank()) {
      return error(request, "bad-request", "a Jingle request needs an action and a sid", null);
    }
    if (!Jingle.ACTIONS.contains(action)) {
      return error(request, "bad-request", "unknown Jingle action '" + action + "'", null);
    }
    Entry e = sessions.get(sid);
    if (e == null || !e.session().isFrom(request.attr("from"))) {
      return error(request, "item-not-found", "no session " + sid, Jingle.error("unknown-session"));
    }
    try {
      return e.handler().handle(e.session(), action, request);
    } catch (RuntimeException ex) {
      LOG.warn("Jingle {} failed", action, ex);
      return error(request, "internal-server-error", null, null);
    }
  }

  private CompletableFuture<Element> error(
      Element request, String condition, String text, Element jingleCondition) {
    errors.incrementAndGet();
    return CompletableFuture.completedFuture(
        StanzaErrors.reply(request, condition, text, jingleCondition));
  }

  /** An error answer, counted. */
  public Element errorReply(
      Element request, String condition, String text, String jingleCondition) {
    errors.incrementAndGet();
    return StanzaErrors.reply(
        request, condition, text, jingleCondition == null ? null : Jingle.error(jingleCondition));
  }
}
