package org.huddle.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * The template dependency structure of the AV1 Dependency Descriptor: {@code
 * template_dependency_structure()} of the AV1 RTP specification, appendix A.8.2, with its semantics
 * in A.8.3 (https://aomediacodec.github.io/av1-rtp-spec/#a82-syntax).
 *
 * <p>A sender attaches the structure to the first packet of each coded video sequence; every later
 * descriptor names one of its templates by {@code frame_dependency_template_id}. Decode target
 * {@code dt} is one spatial and temporal fidelity a receiver can decode; its layers are derived by
 * {@code decode_target_layers()}.
 *
 * <p>The constructor rejects, with {@link IllegalArgumentException}, a structure the wire format
 * cannot carry: {@link Av1DependencyDescriptor#parse} never builds one.
 *
 * @param templateIdOffset {@code template_id_offset}: the template id of template 0, 0..63
 * @param decodeTargetCount {@code DtCnt}, 1..32
 * @param templates the Frame dependency templates in wire order, 1..64 of them; their layers must
 *     be what {@code next_layer_idc} can express: the first is S0T0, and each next one keeps the
 *     layers, adds one to the temporal id, or adds one to the spatial id with temporal id 0
 * @param chainCount {@code chain_cnt}, 0..DtCnt
 * @param decodeTargetProtectedBy {@code decode_target_protected_by}: the chain protecting each
 *     decode target, empty when {@code chainCount} is 0
 * @param resolutions {@code render_resolutions} for spatial ids 0..MaxSpatialId, or empty when
 *     {@code resolutions_present_flag} is 0
 */
public record Av1TemplateStructure(
    int templateIdOffset,
    int decodeTargetCount,
    List<Template> templates,
    int chainCount,
    List<Integer> decodeTargetProtectedBy,
    List<Resolution> resolutions) {

  /** frame_dependency_template_id has 6 bits, so at most 64 templates can be told apart. */
  public static final int MAX_TEMPLATES = 64;

  /** dt_cnt_minus_one has 5 bits. */
  public static final int MAX_DECODE_TARGETS = 32;

  /** AV1 §5.3.3 obu_extension_header: spatial_id is f(2). */
  public static final int MAX_SPATIAL_ID = 3;

  /** AV1 §5.3.3 obu_extension_header: temporal_id is f(3). */
  public static final int MAX_TEMPORAL_ID = 7;

  /** Decode Target Indication, table A.1; the ordinal is the 2-bit code on the wire. */
  public enum Dti {
    /** '-': no payload for this decode target. */
    NOT_PRESENT,
    /** 'D': present, and no frame of this decode target refers to it. */
    DISCARDABLE,
    /** 'S': present, and a receiver can switch to this decode target here. */
    SWITCH,
    /** 'R': present, and neither discardable nor a switch point. */
    REQUIRED;

    private static final Dti[] BY_CODE = values();

    public int code() {
      return ordinal();
    }

    /** The DTI for a 2-bit code (only the low two bits are used). */
    public static Dti of(int code) {
      return BY_CODE[code & 3];
    }

    /** DTIs from the spec's symbols, one a decode target: {@code "SS-D"}. */
    public static List<Dti> parse(String symbols) {
      List<Dti> out = new ArrayList<>(symbols.length());
      for (char c : symbols.toCharArray()) {
        out.add(
            switch (c) {
              case '-' -> NOT_PRESENT;
              case 'D' -> DISCARDABLE;
              case 'S' -> SWITCH;
              case 'R' -> REQUIRED;
              default -> throw new IllegalArgumentException("not a DTI symbol: " + c);
            });
      }
      return List.copyOf(out);
    }
  }

  /**
   * One Frame dependency template.
   *
   * @param spatialId TemplateSpatialId, 0..3
   * @param temporalId TemplateTemporalId, 0..7
   * @param dtis {@code template_dti}, one per decode target
   * @param fdiffs TemplateFdiff: frame number differences to the referred frames, each 1..16
   * @param chainFdiffs {@code template_chain_fdiff}, one per chain, each 0..15
   */
  public record Template(
      int spatialId,
      int temporalId,
      List<Dti> dtis,
      List<Integer> fdiffs,
      List<Integer> chainFdiffs) {
    public Template {
      check(spatialId >= 0 && spatialId <= MAX_SPATIAL_ID, "spatial id %d", spatialId);
      check(temporalId >= 0 && temporalId <= MAX_TEMPORAL_ID, "temporal id %d", temporalId);
      dtis = List.copyOf(dtis);
      fdiffs = List.copyOf(fdiffs);
      chainFdiffs = List.copyOf(chainFdiffs);
      for (int f : fdiffs) {
        check(f >= 1 && f <= 16, "template fdiff %d outside 1..16", f);
      }
      for (int c : chainFdiffs) {
        check(c >= 0 && c <= 15, "template chain fdiff %d outside 0..15", c);
      }
    }

    /** A template from the spec's notation: {@code of(0, 1, "-DS", List.of(2), List.of(2))}. */
    public static Template of(
        int spatialId,
        int temporalId,
        String dtis,
        List<Integer> fdiffs,
        List<Integer> chainFdiffs) {
      return new Template(spatialId, temporalId, Dti.parse(dtis), fdiffs, chainFdiffs);
    }
  }

  /** A maximum render resolution ({@code max_render_width_minus_1 + 1} by height), 1..65536. */
  public record Resolution(int width, int height) {
    public Resolution {
      check(width >= 1 && width <= 65536, "width %d", width);
      check(height >= 1 && height <= 65536, "height %d", height);
    }
  }

  public Av1TemplateStructure {
    check(
        templateIdOffset >= 0 && templateIdOffset < 64, "template id offset %d", templateIdOffset);
    check(
        decodeTargetCount >= 1 && decodeTargetCount <= MAX_DECODE_TARGETS,
        "decode target count %d",
        decodeTargetCount);
    templates = List.copyOf(templates);
    decodeTargetProtectedBy = List.copyOf(decodeTargetProtectedBy);
    resolutions = List.copyOf(resolutions);
    check(
        !templates.isEmpty() && templates.size() <= MAX_TEMPLATES,
        "template count %d",
        templates.size());
    check(
        chainCount >= 0 && chainCount <= decodeTargetCount,
        "chain count %d with %d decode targets",
        chainCount,
        decodeTargetCount);
    check(
        decodeTargetProtectedBy.size() == (chainCount == 0 ? 0 : decodeTargetCount),
        "%d decode_target_protected_by entries",
        decodeTargetProtectedBy.size());
    for (int chain : decodeTargetProtectedBy) {
      check(chain >= 0 && chain < chainCount, "decode target protected by chain %d", chain);
    }
    for (int i = 0; i < templates.size(); i++) {
      Template t = templates.get(i);
      check(t.dtis().size() == decodeTargetCount, "template %d has %d DTIs", i, t.dtis().size());
      check(
          t.chainFdiffs().size() == chainCount,
          "template %d has %d chain fdiffs",
          i,
          t.chainFdiffs().size());
      if (i == 0) {
        check(t.spatialId() == 0 && t.temporalId() == 0, "template 0 must be S0T0");
      } else {
        check(
            nextLayerIdc(templates.get(i - 1), t) >= 0,
            "template %d (S%dT%d) cannot follow S%dT%d",
            i,
            t.spatialId(),
            t.temporalId(),
            templates.get(i - 1).spatialId(),
            templates.get(i - 1).temporalId());
      }
    }
    int maxSpatialId = templates.get(templates.size() - 1).spatialId();
    check(
        resolutions.isEmpty() || resolutions.size() == maxSpatialId + 1,
        "%d resolutions for %d spatial layers",
        resolutions.size(),
        maxSpatialId + 1);
  }

  /** {@code next_layer_idc} that leads from template {@code a} to {@code b} (0..2), or -1. */
  static int nextLayerIdc(Template a, Template b) {
    if (b.spatialId() == a.spatialId() && b.temporalId() == a.temporalId()) {
      return 0;
    }
    if (b.spatialId() == a.spatialId() && b.temporalId() == a.temporalId() + 1) {
      return 1;
    }
    if (b.spatialId() == a.spatialId() + 1 && b.temporalId() == 0) {
      return 2;
    }
    return -1;
  }

  /** MaxSpatialId: the spatial id of the last template. */
  public int maxSpatialId() {
    return templates.get(templates.size() - 1).spatialId();
  }

  /** MaxTemporalId: the highest temporal id of any template. */
  public int maxTemporalId() {
    int max = 0;
    for (Template t : templates) {
      max = Math.max(max, t.temporalId());
    }
    return max;
  }

  /**
   * The template index {@code frame_dependency_template_id} resolves to, {@code (id + 64 -
   * template_id_offset) % 64} (A.8.2 frame_dependency_definition), or -1 when there is no such
   * template.
   */
  public int templateIndex(int templateId) {
    int index = (templateId - templateIdOffset) & 63;
    return index < templates.size() ? index : -1;
  }

  /** The {@code frame_dependency_template_id} that names template {@code index}. */
  public int templateId(int index) {
    return (templateIdOffset + index) & 63;
  }

  /** DecodeTargetSpatialId (A.8.2 decode_target_layers). */
  public int decodeTargetSpatialId(int decodeTarget) {
    int s = 0;
    for (Template t : templates) {
      if (t.dtis().get(decodeTarget) != Dti.NOT_PRESENT) {
        s = Math.max(s, t.spatialId());
      }
    }
    return s;
  }

  /** DecodeTargetTemporalId (A.8.2 decode_target_layers). */
  public int decodeTargetTemporalId(int decodeTarget) {
    int tid = 0;
    for (Template t : templates) {
      if (t.dtis().get(decodeTarget) != Dti.NOT_PRESENT) {
        tid = Math.max(tid, t.temporalId());
      }
    }
    return tid;
  }

  /**
   * The decode target a receiver that accepts up to spatial id {@code spatialId} and temporal id
   * {@code temporalId} should get: among the decode targets whose layers do not exceed those, the
   * one with the highest spatial id, then the highest temporal id, then the lowest index. -1 when
   * none fits.
   */
  public int decodeTargetAtOrBelow(int spatialId, int temporalId) {
    int best = -1;
    int bestS = -1;
    int bestT = -1;
    for (int dt = 0; dt < decodeTargetCount; dt++) {
      int s = decodeTargetSpatialId(dt);
      int t = decodeTargetTemporalId(dt);
      if (s > spatialId || t > temporalId) {
        continue;
      }
      if (s > bestS || (s == bestS && t > bestT)) {
        best = dt;
        bestS = s;
        bestT = t;
      }
    }
    return best;
  }

  /**
   * True when frames of template {@code templateIndex} belong to decode target {@code
   * decodeTarget}: their DTI for it is not "not present" (table A.1). False for an index out of
   * range. A frame with custom DTIs is judged by {@link Av1DependencyDescriptor#isNeededFor}.
   */
  public boolean isNeeded(int templateIndex, int decodeTarget) {
    if (templateIndex < 0
        || templateIndex >= templates.size()
        || decodeTarget < 0
        || decodeTarget >= decodeTargetCount) {
      return false;
    }
    return templates.get(templateIndex).dtis().get(decodeTarget) != Dti.NOT_PRESENT;
  }

  /**
   * True when frames of template {@code templateIndex} belong to the decode target chosen by {@link
   * #decodeTargetAtOrBelow} for the given layers.
   */
  public boolean isNeededAt(int templateIndex, int spatialId, int temporalId) {
    return isNeeded(templateIndex, decodeTargetAtOrBelow(spatialId, temporalId));
  }

  /** {@code max_render_height_minus_1 + 1} of a spatial layer, or -1 when not signalled. */
  public int maxHeight(int spatialId) {
    return spatialId >= 0 && spatialId < resolutions.size()
        ? resolutions.get(spatialId).height()
        : -1;
  }

  /** {@code max_render_width_minus_1 + 1} of a spatial layer, or -1 when not signalled. */
  public int maxWidth(int spatialId) {
    return spatialId >= 0 && spatialId < resolutions.size()
        ? resolutions.get(spatialId).width()
        : -1;
  }

  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }
}
