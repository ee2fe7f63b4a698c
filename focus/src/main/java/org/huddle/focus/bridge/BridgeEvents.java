package org.huddle.focus.bridge;

/** What the registry tells the conferences. */
public interface BridgeEvents {
  /** A bridge joined the brewery, or passed a health check after failing. */
  void bridgeAvailable(Bridge bridge);

  /** A bridge left the brewery or failed its health check: move its conferences. */
  void bridgeLost(Bridge bridge, String why);
}
