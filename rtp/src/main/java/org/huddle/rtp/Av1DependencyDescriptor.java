package org.huddle.rtp;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.huddle.rtp.Av1TemplateStructure.Dti;
import org.huddle.rtp.Av1TemplateStructure.Resolution;
import org.huddle.rtp.Av1TemplateStructure.Template;

/**
 * The Dependency Descriptor RTP header extension of the AV1 RTP specification, appendix A
 * (https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension): what
 * one packet says about its frame, resolved against the template dependency structure.
 *
 * <pre>
 *  mandatory_descriptor_fields (3 bytes)
 *   0                   1                   2
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |S|E| template id |         frame_number          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  extended_descriptor_fields, when the extension is longer than 3 bytes:
 *  |T|A|D|F|C| template_dependency_structure, active_decode_targets_bitmask,
 *  frame_dtis, frame_fdiffs, frame_chains ... zero padding to a byte
 * </pre>
 *
 * The bit syntax is A.8.2; {@link #parse} follows it field by field. The frame's layers, DTIs,
 * fdiffs and chain fdiffs come from its template unless the custom flags override them.
 *
 * <p><b>Errors.</b> {@link #parse} throws the checked {@link Invalid}, whose {@link Invalid.Reason}
 * tells a descriptor cut short from one that needs a structure we do not have, one naming a
 * template the structure lacks, and one over the format's limits. It throws nothing unchecked for
 * any content of the range it is given. {@link Invalid} carries no stack trace, so it is cheap on
 * the forwarding path. Building a record or writing one that the format cannot express throws
 * {@link IllegalArgumentException}: that is a programming error, not bad input.
 *
 * <p><b>Key frames.</b> A.8.3: {@code template_dependency_structure_present_flag} MUST be 1 on the
 * first packet of a coded video sequence and 0 otherwise, and an AV1 coded video sequence begins
 * with a key frame. So {@link #isKeyFrame()} is: the packet carries a structure, starts a frame,
 * and the frame is of spatial layer 0 and refers to no other frame (no fdiffs).
 *
 * <p>The state a receiver keeps from packet to packet (the latest structure, the latest active
 * decode targets) is the caller's: after a successful parse, {@code d.structure() != null ?
 * d.structure() : current} is the structure for the next packet.
 *
 * @param startOfFrame {@code start_of_frame}
 * @param endOfFrame {@code end_of_frame}
 * @param templateId {@code frame_dependency_template_id}, 0..63
 * @param frameNumber {@code frame_number}, 0..65535
 * @param structure the {@code template_dependency_structure} this packet carries, or null
 * @param activeDecodeTargets {@code active_decode_targets_bitmask} (bit i is decode target i), or
 *     -1 when this packet sets none; a packet carrying a structure always has one (all decode
 *     targets, unless signalled otherwise)
 * @param templateIndex the template the id resolves to, {@code (templateId - template_id_offset)
 *     mod 64}
 * @param spatialId FrameSpatialId, from the template
 * @param temporalId FrameTemporalId, from the template
 * @param dtis the frame's DTIs, one per decode target ({@code frame_dti})
 * @param fdiffs FrameFdiff: frame number differences to the referred frames, each 1..4096
 * @param chainFdiffs {@code frame_chain_fdiff}, one per chain, each 0..255
 */
public record Av1DependencyDescriptor(
    boolean startOfFrame,
    boolean endOfFrame,
    int templateId,
    int frameNumber,
    Av1TemplateStructure structure,
    long activeDecodeTargets,
    int templateIndex,
    int spatialId,
    int temporalId,
    List<Dti> dtis,
    List<Integer> fdiffs,
    List<Integer> chainFdiffs) {

  /** The extmap URI of A.9. */
  public static final String URI =
      "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";

  /** Length of mandatory_descriptor_fields; a descriptor is never shorter. */
  public static final int MANDATORY_LENGTH = 3;

  /** Why bytes are not a usable descriptor. Checked, and without a stack trace. */
  public static final class Invalid extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    public enum Reason {
      /** The fields run past the end of the extension's bytes. */
      TRUNCATED,
      /** The descriptor needs a template dependency structure and none is known yet. */
      NO_STRUCTURE,
      /** frame_dependency_template_id names no template of the structure (A.8.3). */
      UNKNOWN_TEMPLATE,
      /** More templates, spatial or temporal layers than the format allows. */
      LIMIT_EXCEEDED
    }

    private final Reason reason;

    Invalid(Reason reason, String message) {
      super(reason + ": " + message, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  public Av1DependencyDescriptor {
    check(templateId >= 0 && templateId < 64, "template id %d", templateId);
    check(frameNumber >= 0 && frameNumber <= 0xffff, "frame number %d", frameNumber);
    check(templateIndex >= 0 && templateIndex < 64, "template index %d", templateIndex);
    check(
        spatialId >= 0 && spatialId <= Av1TemplateStructure.MAX_SPATIAL_ID,
        "spatial id %d",
        spatialId);
    check(
        temporalId >= 0 && temporalId <= Av1TemplateStructure.MAX_TEMPORAL_ID,
        "temporal id %d",
        temporalId);
    dtis = List.copyOf(dtis);
    fdiffs = List.copyOf(fdiffs);
    chainFdiffs = List.copyOf(chainFdiffs);
    check(
        !dtis.isEmpty() && dtis.size() <= Av1TemplateStructure.MAX_DECODE_TARGETS,
        "%d DTIs",
        dtis.size());
    check(
        activeDecodeTargets >= -1 && activeDecodeTargets < (1L << dtis.size()),
        "active decode targets %x for %d decode targets",
        activeDecodeTargets,
        dtis.size());
    for (int f : fdiffs) {
      check(f >= 1 && f <= 4096, "fdiff %d outside 1..4096", f);
    }
    for (int c : chainFdiffs) {
      check(c >= 0 && c <= 255, "chain fdiff %d outside 0..255", c);
    }
    if (structure != null) {
      checkAgainst(structure, templateId, templateIndex, spatialId, temporalId, dtis, chainFdiffs);
      if (activeDecodeTargets < 0) {
        activeDecodeTargets = allDecodeTargets(structure);
      }
    }
  }

  /**
   * A descriptor that follows template {@code templateIndex} of {@code s} without overrides, with
   * no structure attached and no active decode targets set.
   */
  public static Av1DependencyDescriptor ofTemplate(
      boolean startOfFrame,
      boolean endOfFrame,
      int frameNumber,
      Av1TemplateStructure s,
      int templateIndex) {
    Template t = s.templates().get(templateIndex);
    return new Av1DependencyDescriptor(
        startOfFrame,
        endOfFrame,
        s.templateId(templateIndex),
        frameNumber,
        null,
        -1,
        templateIndex,
        t.spatialId(),
        t.temporalId(),
        t.dtis(),
        t.fdiffs(),
        t.chainFdiffs());
  }

  /** This descriptor with another frame number (taken modulo 2^16). */
  public Av1DependencyDescriptor withFrameNumber(int newFrameNumber) {
    return new Av1DependencyDescriptor(
        startOfFrame,
        endOfFrame,
        templateId,
        newFrameNumber & 0xffff,
        structure,
        activeDecodeTargets,
        templateIndex,
        spatialId,
        temporalId,
        dtis,
        fdiffs,
        chainFdiffs);
  }

  /**
   * This descriptor carrying {@code s} (or, for null, carrying none), e.g. to send the structure
   * again to a receiver that switches layers. {@code s} must define this frame's template.
   */
  public Av1DependencyDescriptor withStructure(Av1TemplateStructure s) {
    return new Av1DependencyDescriptor(
        startOfFrame,
        endOfFrame,
        templateId,
        frameNumber,
        s,
        activeDecodeTargets,
        templateIndex,
        spatialId,
        temporalId,
        dtis,
        fdiffs,
        chainFdiffs);
  }

  /** This descriptor signalling the given active decode targets (-1: none signalled). */
  public Av1DependencyDescriptor withActiveDecodeTargets(long bitmask) {
    return new Av1DependencyDescriptor(
        startOfFrame,
        endOfFrame,
        templateId,
        frameNumber,
        structure,
        bitmask,
        templateIndex,
        spatialId,
        temporalId,
        dtis,
        fdiffs,
        chainFdiffs);
  }

  /** The key-frame rule of the class comment (A.8.3 template_dependency_structure_present_flag). */
  public boolean isKeyFrame() {
    return structure != null && startOfFrame && spatialId == 0 && fdiffs.isEmpty();
  }

  /**
   * True when this frame belongs to decode target {@code decodeTarget}: its DTI for it is not "not
   * present" (table A.1). A forwarder drops the frame for a receiver of that target otherwise.
   */
  public boolean isNeededFor(int decodeTarget) {
    return decodeTarget >= 0
        && decodeTarget < dtis.size()
        && dtis.get(decodeTarget) != Dti.NOT_PRESENT;
  }

  // ---- Byte-level helpers for the forwarding path (off is the extension data's first byte) ----

  /** {@code start_of_frame}. */
  public static boolean isStartOfFrame(byte[] buf, int off) {
    return (buf[off] & 0x80) != 0;
  }

  /** {@code end_of_frame}. */
  public static boolean isEndOfFrame(byte[] buf, int off) {
    return (buf[off] & 0x40) != 0;
  }

  /** {@code frame_dependency_template_id}. */
  public static int templateId(byte[] buf, int off) {
    return buf[off] & 0x3f;
  }

  /** {@code frame_number}. */
  public static int frameNumber(byte[] buf, int off) {
    return Bytes.u16(buf, off + 1);
  }

  /** Rewrites {@code frame_number} in place, modulo 2^16; needs the 3 mandatory bytes. */
  public static void setFrameNumber(byte[] buf, int off, int newFrameNumber) {
    Bytes.put16(buf, off + 1, newFrameNumber & 0xffff);
  }

  /** {@code template_dependency_structure_present_flag}, read without parsing the rest. */
  public static boolean hasStructure(byte[] buf, int off, int len) {
    return len > MANDATORY_LENGTH && (buf[off + MANDATORY_LENGTH] & 0x80) != 0;
  }

  /**
   * {@link #isKeyFrame()} straight from the bytes; false for a descriptor that does not parse. Only
   * a packet that carries a structure is parsed, so this is cheap for all other packets.
   */
  public static boolean isKeyFrame(byte[] buf, int off, int len) {
    if (!hasStructure(buf, off, len) || !isStartOfFrame(buf, off)) {
      return false;
    }
    try {
      return parse(buf, off, len, null).isKeyFrame();
    } catch (Invalid e) {
      return false;
    }
  }

  // ---- Parsing (A.8.2) ----

  /**
   * Parses the extension data {@code buf[off, off + len)}.
   *
   * @param current the latest structure received before this packet, or null when none
   * @throws Invalid when the bytes are not a descriptor that can be resolved
   * @throws IndexOutOfBoundsException when the range is not inside {@code buf} (a caller bug)
   */
  public static Av1DependencyDescriptor parse(
      byte[] buf, int off, int len, Av1TemplateStructure current) throws Invalid {
    Objects.checkFromIndexSize(off, len, buf.length);
    BitReader r = new BitReader(buf, off, len);
    boolean start = r.bit();
    boolean end = r.bit();
    int templateId = r.bits(6);
    int frameNumber = r.bits(16);

    Av1TemplateStructure attached = null;
    long active = -1;
    boolean customDtis = false;
    boolean customFdiffs = false;
    boolean customChains = false;
    if (len > MANDATORY_LENGTH) {
      boolean structurePresent = r.bit();
      boolean activePresent = r.bit();
      customDtis = r.bit();
      customFdiffs = r.bit();
      customChains = r.bit();
      if (structurePresent) {
        attached = readStructure(r);
      }
      if (activePresent) {
        Av1TemplateStructure s = attached != null ? attached : current;
        if (s == null) {
          throw new Invalid(
              Invalid.Reason.NO_STRUCTURE, "active decode targets before any structure");
        }
        active = r.bitsLong(s.decodeTargetCount());
      }
    }

    Av1TemplateStructure s = attached != null ? attached : current;
    if (s == null) {
      throw new Invalid(
          Invalid.Reason.NO_STRUCTURE, "template id " + templateId + " before any structure");
    }
    int index = s.templateIndex(templateId);
    if (index < 0) {
      throw new Invalid(
          Invalid.Reason.UNKNOWN_TEMPLATE,
          "template id "
              + templateId
              + " outside "
              + s.templateIdOffset()
              + ".."
              + (s.templateIdOffset() + s.templates().size() - 1));
    }
    Template t = s.templates().get(index);

    List<Dti> dtis = t.dtis();
    if (customDtis) {
      Dti[] read = new Dti[s.decodeTargetCount()];
      for (int i = 0; i < read.length; i++) {
        read[i] = Dti.of(r.bits(2));
      }
      dtis = Arrays.asList(read);
    }
    List<Integer> fdiffs = t.fdiffs();
    if (customFdiffs) {
      List<Integer> read = new ArrayList<>(4);
      for (int size = r.bits(2); size != 0; size = r.bits(2)) {
        read.add(r.bits(4 * size) + 1);
      }
      fdiffs = read;
    }
    List<Integer> chains = t.chainFdiffs();
    if (customChains) {
      Integer[] read = new Integer[s.chainCount()];
      for (int i = 0; i < read.length; i++) {
        read[i] = r.bits(8);
      }
      chains = Arrays.asList(read);
    }
    // zero_padding follows: receivers ignore it.
    return new Av1DependencyDescriptor(
        start,
        end,
        templateId,
        frameNumber,
        attached,
        active,
        index,
        t.spatialId(),
        t.temporalId(),
        dtis,
        fdiffs,
        chains);
  }

  private static Av1TemplateStructure readStructure(BitReader r) throws Invalid {
    int offset = r.bits(6);
    int dtCount = r.bits(5) + 1;

    // template_layers()
    List<int[]> layers = new ArrayList<>();
    int spatial = 0;
    int temporal = 0;
    int idc;
    do {
      if (layers.size() == Av1TemplateStructure.MAX_TEMPLATES) {
        throw new Invalid(Invalid.Reason.LIMIT_EXCEEDED, "more than 64 templates");
      }
      layers.add(new int[] {spatial, temporal});
      idc = r.bits(2);
      if (idc == 1) {
        temporal++;
        if (temporal > Av1TemplateStructure.MAX_TEMPORAL_ID) {
          throw new Invalid(Invalid.Reason.LIMIT_EXCEEDED, "temporal id above 7");
        }
      } else if (idc == 2) {
        temporal = 0;
        spatial++;
        if (spatial > Av1TemplateStructure.MAX_SPATIAL_ID) {
          throw new Invalid(Invalid.Reason.LIMIT_EXCEEDED, "spatial id above 3");
        }
      }
    } while (idc != 3);
    int count = layers.size();

    // template_dtis()
    Dti[][] dtis = new Dti[count][dtCount];
    for (Dti[] row : dtis) {
      for (int dt = 0; dt < dtCount; dt++) {
        row[dt] = Dti.of(r.bits(2));
      }
    }

    // template_fdiffs()
    List<List<Integer>> fdiffs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<Integer> f = new ArrayList<>(2);
      while (r.bit()) {
        f.add(r.bits(4) + 1);
      }
      fdiffs.add(f);
    }

    // template_chains()
    int chainCount = r.ns(dtCount + 1);
    List<Integer> protectedBy = new ArrayList<>(chainCount == 0 ? 0 : dtCount);
    Integer[][] chainFdiffs = new Integer[count][chainCount];
    if (chainCount > 0) {
      for (int dt = 0; dt < dtCount; dt++) {
        protectedBy.add(r.ns(chainCount));
      }
      for (Integer[] row : chainFdiffs) {
        for (int c = 0; c < chainCount; c++) {
          row[c] = r.bits(4);
        }
      }
    }

    // decode_target_layers() is derived: Av1TemplateStructure#decodeTargetSpatialId.

    List<Resolution> resolutions = new ArrayList<>();
    if (r.bit()) { // resolutions_present_flag
      for (int s = 0; s <= spatial; s++) {
        int w = r.bits(16) + 1;
        int h = r.bits(16) + 1;
        resolutions.add(new Resolution(w, h));
      }
    }

    List<Template> templates = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int[] layer = layers.get(i);
      templates.add(
          new Template(
              layer[0],
              layer[1],
              Arrays.asList(dtis[i]),
              fdiffs.get(i),
              Arrays.asList(chainFdiffs[i])));
    }
    return new Av1TemplateStructure(
        offset, dtCount, templates, chainCount, protectedBy, resolutions);
  }

  // ---- Writing ----

  /**
   * Serializes this descriptor, with {@link #structure()} attached when it is not null. The frame's
   * template is looked up in the attached structure, else in {@code current}; the custom DTI, fdiff
   * and chain fields are written only where the frame differs from its template, and the
   * active-decode-targets field only when it says something the structure does not imply. The
   * result is at least 3 bytes; over 16 it needs the two-byte header extension form (RFC 8285).
   *
   * @throws IllegalArgumentException when no structure defines this frame's template, or the frame
   *     does not match it
   */
  public byte[] write(Av1TemplateStructure current) {
    Av1TemplateStructure s = structure != null ? structure : current;
    check(s != null, "no template dependency structure for template id %d", templateId);
    checkAgainst(s, templateId, templateIndex, spatialId, temporalId, dtis, chainFdiffs);
    Template t = s.templates().get(templateIndex);
    boolean customDtis = !dtis.equals(t.dtis());
    boolean customFdiffs = !fdiffs.equals(t.fdiffs());
    boolean customChains = !chainFdiffs.equals(t.chainFdiffs());
    boolean activePresent =
        structure != null ? activeDecodeTargets != allDecodeTargets(s) : activeDecodeTargets >= 0;

    BitWriter w = new BitWriter();
    w.bit(startOfFrame);
    w.bit(endOfFrame);
    w.bits(templateId, 6);
    w.bits(frameNumber, 16);
    if (structure != null || activePresent || customDtis || customFdiffs || customChains) {
      w.bit(structure != null);
      w.bit(activePresent);
      w.bit(customDtis);
      w.bit(customFdiffs);
      w.bit(customChains);
      if (structure != null) {
        writeStructure(w, structure);
      }
      if (activePresent) {
        w.bits(activeDecodeTargets, s.decodeTargetCount());
      }
      if (customDtis) {
        for (Dti d : dtis) {
          w.bits(d.code(), 2);
        }
      }
      if (customFdiffs) {
        for (int f : fdiffs) {
          int v = f - 1;
          int size = v < 0x10 ? 1 : v < 0x100 ? 2 : 3;
          w.bits(size, 2);
          w.bits(v, 4 * size);
        }
        w.bits(0, 2);
      }
      if (customChains) {
        for (int c : chainFdiffs) {
          w.bits(c, 8);
        }
      }
    }
    return w.toByteArray();
  }

  private static void writeStructure(BitWriter w, Av1TemplateStructure s) {
    w.bits(s.templateIdOffset(), 6);
    w.bits(s.decodeTargetCount() - 1, 5);
    List<Template> templates = s.templates();
    for (int i = 0; i < templates.size(); i++) {
      w.bits(
          i + 1 < templates.size()
              ? Av1TemplateStructure.nextLayerIdc(templates.get(i), templates.get(i + 1))
              : 3,
          2);
    }
    for (Template t : templates) {
      for (Dti d : t.dtis()) {
        w.bits(d.code(), 2);
      }
    }
    for (Template t : templates) {
      for (int f : t.fdiffs()) {
        w.bit(true);
        w.bits(f - 1, 4);
      }
      w.bit(false);
    }
    w.ns(s.decodeTargetCount() + 1, s.chainCount());
    if (s.chainCount() > 0) {
      for (int chain : s.decodeTargetProtectedBy()) {
        w.ns(s.chainCount(), chain);
      }
      for (Template t : templates) {
        for (int c : t.chainFdiffs()) {
          w.bits(c, 4);
        }
      }
    }
    w.bit(!s.resolutions().isEmpty());
    for (Resolution res : s.resolutions()) {
      w.bits(res.width() - 1, 16);
      w.bits(res.height() - 1, 16);
    }
  }

  private static long allDecodeTargets(Av1TemplateStructure s) {
    return (1L << s.decodeTargetCount()) - 1;
  }

  private static void checkAgainst(
      Av1TemplateStructure s,
      int templateId,
      int templateIndex,
      int spatialId,
      int temporalId,
      List<Dti> dtis,
      List<Integer> chainFdiffs) {
    check(
        s.templateIndex(templateId) == templateIndex,
        "template id %d is not template %d of the structure",
        templateId,
        templateIndex);
    Template t = s.templates().get(templateIndex);
    check(
        t.spatialId() == spatialId && t.temporalId() == temporalId,
        "frame S%dT%d does not match template S%dT%d",
        spatialId,
        temporalId,
        t.spatialId(),
        t.temporalId());
    check(
        dtis.size() == s.decodeTargetCount(),
        "%d DTIs for %d decode targets",
        dtis.size(),
        s.decodeTargetCount());
    check(
        chainFdiffs.size() == s.chainCount(),
        "%d chain fdiffs for %d chains",
        chainFdiffs.size(),
        s.chainCount());
  }

  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  /** f(n) and ns(n) of A.8.2, most significant bit first, over a byte range. */
  private static final class BitReader {
    private final byte[] buf;
    private final int off;
    private final long limit;
    private long pos;

    BitReader(byte[] buf, int off, int len) {
      this.buf = buf;
      this.off = off;
      this.limit = 8L * len;
    }

    boolean bit() throws Invalid {
      return bits(1) != 0;
    }

    int bits(int n) throws Invalid {
      return (int) bitsLong(n);
    }

    long bitsLong(int n) throws Invalid {
      if (pos + n > limit) {
        throw new Invalid(
            Invalid.Reason.TRUNCATED, "needs " + (pos + n) + " bits, the extension has " + limit);
      }
      long v = 0;
      for (int i = 0; i < n; i++, pos++) {
        int b = buf[off + (int) (pos >>> 3)] >>> (7 - (int) (pos & 7));
        v = (v << 1) | (b & 1);
      }
      return v;
    }

    int ns(int n) throws Invalid {
      int w = 32 - Integer.numberOfLeadingZeros(n);
      int m = (1 << w) - n;
      int v = bits(w - 1);
      if (v < m) {
        return v;
      }
      return (v << 1) - m + bits(1);
    }
  }

  /** write_f and write_ns of A.8.2; pads the last byte with zero bits. */
  private static final class BitWriter {
    private byte[] buf = new byte[16];
    private int pos;

    void bit(boolean b) {
      bits(b ? 1 : 0, 1);
    }

    void bits(long v, int n) {
      for (int i = n - 1; i >= 0; i--, pos++) {
        if ((pos >>> 3) == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if (((v >>> i) & 1) != 0) {
          buf[pos >>> 3] |= (byte) (0x80 >>> (pos & 7));
        }
      }
    }

    void ns(int n, int v) {
      if (n == 1) {
        return;
      }
      int w = 32 - Integer.numberOfLeadingZeros(n);
      int m = (1 << w) - n;
      if (v < m) {
        bits(v, w - 1);
      } else {
        bits(v + m, w);
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, (pos + 7) >>> 3);
    }
  }
}
