package org.huddle.launcher.doctor;

/**
 * One result of {@code huddle doctor}: what was checked, how it went, and for WARN and FAIL what to
 * do about it.
 */
public record Check(Status status, String what, String fix) {
  public enum Status {
    OK,
    WARN,
    FAIL
  }

  static Check ok(String what) {
    return new Check(Status.OK, what, "");
  }

  static Check warn(String what, String fix) {
    return new Check(Status.WARN, what, fix);
  }

  static Check fail(String what, String fix) {
    return new Check(Status.FAIL, what, fix);
  }

  /** One line: "OK what", or "FAIL what: fix". */
  public String line() {
    String s = String.format("%-4s %s", status, what);
    return fix.isEmpty() ? s : s + " -- fix: " + fix;
  }

  void json(StringBuilder out) {
    out.append("{\"status\":\"").append(status).append("\",\"check\":");
    string(what, out);
    out.append(",\"fix\":");
    string(fix, out);
    out.append('}');
  }

  static void string(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
