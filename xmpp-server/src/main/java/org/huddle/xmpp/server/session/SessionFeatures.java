package org.huddle.xmpp.server.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huddle.xmpp.codec.Element;

/**
 * Session-level extensions: extra stream features after authentication, and nonzas they handle
 * (XEP-0198's {@code <enable/>}, {@code <r/>}, {@code <a/>}).
 */
public final class SessionFeatures {
  /** One extension of the client session. */
  public interface Feature {
    /** Adds this feature's advertisement to post-authentication {@code <stream:features/>}. */
    void advertise(C2sSession session, Element features);

    /** Handles a nonza; returns whether it did. */
    boolean handle(C2sSession session, Element nonza);

    /**
     * The session's connection was lost without a clean close. Returns true to keep the session
     * (for resumption), in which case this feature now owns ending it.
     */
    default boolean keepOnDisconnect(C2sSession session) {
      return false;
    }

    /** The session ended for good (after any hibernation). */
    default void ended(C2sSession session) {}

    /**
     * A stanza has just been queued for the client (for counting and queueing), under the output
     * lock: what this feature sends now goes out after it.
     */
    default void sent(C2sSession session, Element stanza) {}

    /** A stanza arrived from the client. */
    default void received(C2sSession session, Element stanza) {}
  }

  private final List<Feature> features = new CopyOnWriteArrayList<>();

  public void add(Feature f) {
    features.add(f);
  }

  public List<Feature> all() {
    return features;
  }
}
