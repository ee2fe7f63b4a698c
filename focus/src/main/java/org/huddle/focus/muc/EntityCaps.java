package org.huddle.focus.muc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.huddle.xmpp.codec.Element;
import org.huddle.xmpp.codec.Namespaces;

/**
 * XEP-0115 entity capabilities (https://xmpp.org/extensions/xep-0115.html): the {@code <c
 * xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='…' ver='…'/>} of a presence, and
 * whether a disco#info answer hashes to its {@code ver} (§5.1 verification string, §5.4
 * processing), so that a {@code ver} is believed only once an answer proved it.
 *
 * @param hash the hash function's IANA name; only {@code sha-1} is verified here
 * @param node the software's node
 * @param ver the base64 hash of the verification string
 */
public record EntityCaps(String hash, String node, String ver) {
  public static final String ELEMENT = "c";
  public static final String NAMESPACE = "http://jabber.org/protocol/caps";
  private static final String FORM_TYPE = "FORM_TYPE";

  /** The caps in a presence stanza, or null without a complete {@code <c/>}. */
  public static EntityCaps of(Element presence) {
    Element c = presence == null ? null : presence.child(ELEMENT, NAMESPACE);
    if (c == null) {
      return null;
    }
    String hash = c.attr("hash");
    String node = c.attr("node");
    String ver = c.attr("ver");
    if (hash == null || node == null || ver == null || ver.isEmpty()) {
      return null; // the legacy form (§8.4, no hash) names no verifiable version
    }
    return new EntityCaps(hash, node, ver);
  }

  /** Whether {@code ver} can be checked here (§5.4 step 3: an unknown hash is not cached). */
  public boolean verifiable() {
    return "sha-1".equalsIgnoreCase(hash);
  }

  /**
   * Whether a disco#info {@code <query/>} hashes to {@code ver}. False for a query that §5.4 says
   * not to cache: duplicate identities or features, or a data form without exactly one FORM_TYPE.
   */
  public boolean verifies(Element query) {
    if (!verifiable() || query == null) {
      return false;
    }
    String s = verificationString(query);
    if (s == null) {
      return false;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest).equals(ver);
    } catch (NoSuchAlgorithmException e) {
      return false;
    }
  }

  /** §5.1's verification string, or null when §5.4 refuses the query. */
  static String verificationString(Element query) {
    StringBuilder s = new StringBuilder();
    List<String[]> identities = new ArrayList<>();
    for (Element i : query.elements("identity", Namespaces.DISCO_INFO)) {
      identities.add(
          new String[] {
            nz(i.attr("category")), nz(i.attr("type")), nz(i.attr("xml:lang")), nz(i.attr("name"))
          });
    }
    identities.sort(
        Comparator.<String[], String>comparing(a -> a[0], EntityCaps::octets)
            .thenComparing(a -> a[1], EntityCaps::octets)
            .thenComparing(a -> a[2], EntityCaps::octets));
    Set<String> seen = new HashSet<>();
    for (String[] i : identities) {
      String line = String.join("/", i);
      if (!seen.add(line)) {
        return null;
      }
      s.append(line).append('<');
    }
    List<String> features = new ArrayList<>();
    for (Element f : query.elements("feature", Namespaces.DISCO_INFO)) {
      features.add(nz(f.attr("var")));
    }
    if (!appendSorted(s, features)) {
      return null;
    }
    List<Form> forms = new ArrayList<>();
    for (Element x : query.elements("x", Namespaces.DATA_FORMS)) {
      Form form = Form.of(x);
      if (form == null) {
        return null;
      }
      forms.add(form);
    }
    forms.sort(Comparator.comparing(Form::type, EntityCaps::octets));
    for (Form form : forms) {
      s.append(form.type()).append('<');
      form.fields().sort(Comparator.comparing(f -> f.get(0), EntityCaps::octets));
      for (List<String> field : form.fields()) {
        s.append(field.get(0)).append('<');
        List<String> values = new ArrayList<>(field.subList(1, field.size()));
        values.sort(EntityCaps::octets);
        values.forEach(v -> s.append(v).append('<'));
      }
    }
    return s.toString();
  }

  /** Appends each string and '<' in octet order; false on a duplicate. */
  private static boolean appendSorted(StringBuilder s, List<String> items) {
    items.sort(EntityCaps::octets);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0 && items.get(i).equals(items.get(i - 1))) {
        return false;
      }
      s.append(items.get(i)).append('<');
    }
    return true;
  }

  /** A data form's FORM_TYPE and its other fields, each as [var, values...]. */
  private record Form(String type, List<List<String>> fields) {
    static Form of(Element x) {
      String type = null;
      List<List<String>> fields = new ArrayList<>();
      for (Element f : x.elements("field", Namespaces.DATA_FORMS)) {
        List<String> values = new ArrayList<>();
        for (Element v : f.elements("value", Namespaces.DATA_FORMS)) {
          values.add(v.text());
        }
        if (FORM_TYPE.equals(f.attr("var"))) {
          if (type != null || values.size() != 1) {
            return null;
          }
          type = values.get(0);
        } else {
          List<String> field = new ArrayList<>();
          field.add(nz(f.attr("var")));
          field.addAll(values);
          fields.add(field);
        }
      }
      return type == null ? null : new Form(type, fields);
    }
  }

  /** i;octet collation (RFC 4790): by UTF-8 bytes, as §5.1 asks. */
  private static int octets(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
