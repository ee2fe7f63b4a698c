package org.huddle.xmpp.server.transport.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The live BOSH sessions, by {@code sid}. */
final class BoshSessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final ConcurrentHashMap<String, BoshSession> bySid = new ConcurrentHashMap<>();

  static String newSid() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  BoshSession get(String sid) {
    return bySid.get(sid);
  }

  void add(BoshSession s) {
    bySid.put(s.sid(), s);
  }

  void remove(BoshSession s) {
    bySid.remove(s.sid(), s);
  }

  int count() {
    return bySid.size();
  }

  void shutdown() {
    for (BoshSession s : List.copyOf(bySid.values())) {
      s.shutdown();
    }
  }
}
