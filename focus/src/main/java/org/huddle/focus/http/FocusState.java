package org.huddle.focus.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.huddle.focus.conference.FocusStats;

/** What the HTTP API reads from the running focus. */
public interface FocusState {
  int conferences();

  double participants();

  int bridges();

  int operationalBridges();

  boolean xmppConnected();

  FocusStats stats();

  /** Why the focus is unhealthy, or null when it is healthy. */
  String healthProblem();

  /** Jicofo's /stats document. */
  JsonNode statsJson();
}
