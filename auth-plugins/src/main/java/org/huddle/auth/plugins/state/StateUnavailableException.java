package org.huddle.auth.plugins.state;

/**
 * The shared store could not be reached. The message says so in general terms and never carries
 * keys or values, so it is safe to log and to show a plugin.
 */
public final class StateUnavailableException extends Exception {
  public StateUnavailableException(String message) {
    super(message);
  }
}
