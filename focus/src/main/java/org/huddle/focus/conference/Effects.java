package org.huddle.focus.conference;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import org.huddle.focus.jingle.JingleSession;
import org.huddle.xmpp.codec.Element;

/**
 * What a conference's handlers may do besides changing its {@link ConferenceState}: the narrow
 * outbox the {@link Conference} gives them instead of itself. Everything runs on the conference's
 * queue; what comes back later (an answer, a timer) re-enters it through {@link #queue()}.
 */
interface Effects {
  /**
   * Sends an IQ; the answer (an error included) completes the future, or the reply timeout fails
   * it.
   */
  CompletableFuture<Element> request(Element iq);

  /** Sends a stanza that gets no answer, or whose answer nobody waits for. */
  void send(Element stanza);

  /** Fires an event to the conference hooks. */
  void publish(ConferenceEvent event);

  /** Runs the task on the conference's queue after the delay. */
  ScheduledFuture<?> schedule(Duration delay, Runnable task);

  /** The conference's queue, for continuing on an answer. */
  Executor queue();

  /** Has the handler it belongs to carry out a step, now. */
  void dispatch(Step step);

  /** Routes the participant requests on this Jingle session to the conference. */
  void listen(JingleSession session);

  /** Stops routing requests on this session (they are answered with unknown-session). */
  void forget(JingleSession session);
}
