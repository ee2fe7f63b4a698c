package org.huddle.focus.source;

import java.util.List;

/**
 * An {@code ssrc-group} (XEP-0339 §3.2): {@code SIM} (simulcast layers, lowest first) or {@code
 * FID} (a stream and its RTX stream).
 */
public record SsrcGroup(String semantics, List<Long> ssrcs, MediaType media) {
  public SsrcGroup {
    ssrcs = List.copyOf(ssrcs);
  }

  public boolean isSimulcast() {
    return "SIM".equals(semantics);
  }

  public boolean isFid() {
    return "FID".equals(semantics);
  }
}
