package org.huddle.web.site;

import java.util.List;

/**
 * CSV as RFC 4180 writes it (CRLF, quotes doubled), with one guard more: a text cell that starts
 * with {@code = + - @}, a tab or a carriage return gets a leading apostrophe, so a display name
 * such as {@code =HYPERLINK(…)} stays text when the export is opened in a spreadsheet.
 */
final class Csv {
  private Csv() {}

  static void row(List<?> cells, StringBuilder out) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      cell(cells.get(i), out);
    }
    out.append("\r\n");
  }

  static void cell(Object value, StringBuilder out) {
    if (value instanceof Number n) {
      out.append(n);
      return;
    }
    String s = value == null ? "" : value.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      out.append('"').append(s.replace("\"", "\"\"")).append('"');
    } else {
      out.append(s);
    }
  }
}
