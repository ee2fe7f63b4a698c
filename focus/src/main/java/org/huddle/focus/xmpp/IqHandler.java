package org.huddle.focus.xmpp;

import java.util.concurrent.CompletableFuture;
import org.huddle.xmpp.codec.Element;

/** Answers IQ requests of one payload name and namespace. */
@FunctionalInterface
public interface IqHandler {
  /**
   * Handles a request (an {@code iq} element with {@code from}, {@code to}, {@code id}).
   *
   * @return the answer: a result or error IQ addressed to the requester
   */
  CompletableFuture<Element> handle(Element request);
}
