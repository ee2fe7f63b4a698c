package org.huddle.launcher.doctor;

import java.util.List;

/** Every check's result, as text (one line each) or JSON. */
public record Report(List<Check> checks) {
  public Report {
    checks = List.copyOf(checks);
  }

  /** Whether any check failed (exit status 1). */
  public boolean failed() {
    return checks.stream().anyMatch(c -> c.status() == Check.Status.FAIL);
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    checks.forEach(c -> out.append(c.line()).append('\n'));
    return out.toString();
  }

  public String json() {
    StringBuilder out = new StringBuilder("{\"ok\":").append(!failed()).append(",\"checks\":[");
    for (int i = 0; i < checks.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      checks.get(i).json(out);
    }
    return out.append("]}\n").toString();
  }
}
