package org.huddle.auth.plugins.lua;

import java.util.Iterator;
import java.util.List;
import org.huddle.xmpp.codec.Element;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A read-only view of an XML element shaped like Prosody's {@code util.stanza}: {@code
 * stanza.name}, {@code stanza.attr} (with {@code xmlns}), {@code stanza:get_child(name, xmlns)},
 * {@code stanza:get_child_text(name, xmlns)}, {@code stanza:get_text()} and {@code
 * stanza:childtags(name, xmlns)}. As in Prosody, a child name without a namespace means the
 * parent's namespace.
 *
 * <p>Plugins read stanzas; they never change the server's copy.
 */
final class StanzaView {
  private StanzaView() {}

  static LuaValue of(Element e) {
    if (e == null) {
      return LuaValue.NIL;
    }
    LuaTable t = new LuaTable();
    t.set("name", e.name());
    LuaTable attr = new LuaTable();
    for (int i = 0; i < e.attributeCount(); i++) {
      attr.set(e.attributeKey(i), e.attributeValue(i));
    }
    if (e.namespace() != null) {
      attr.set("xmlns", e.namespace());
    }
    t.set("attr", attr);
    t.set("get_child", LuaValues.method(a -> of(child(e, a))));
    t.set(
        "get_child_text",
        LuaValues.method(
            a -> {
              Element c = child(e, a);
              return c == null ? LuaValue.NIL : LuaValue.valueOf(c.text());
            }));
    t.set("get_text", LuaValues.method(a -> LuaValue.valueOf(e.text())));
    t.set(
        "childtags",
        LuaValues.method(
            a -> {
              List<Element> matching =
                  a.isnil(1) ? e.elements() : e.elements(a.checkjstring(1), namespace(e, a.arg(2)));
              Iterator<Element> it = matching.iterator();
              return LuaValues.function(x -> it.hasNext() ? of(it.next()) : LuaValue.NIL);
            }));
    return t;
  }

  private static Element child(Element e, Varargs a) {
    return e.child(a.checkjstring(1), namespace(e, a.arg(2)));
  }

  private static String namespace(Element parent, LuaValue xmlns) {
    return xmlns.isnil() ? parent.namespace() : xmlns.checkjstring();
  }
}
