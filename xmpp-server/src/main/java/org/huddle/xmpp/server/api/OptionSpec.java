package org.huddle.xmpp.server.api;

/**
 * An option some part of the server reads, with the type it reads it as. The server checks every
 * declared option's value at start-up, and takes a config name that is declared nowhere, but is a
 * letter or two away from a declared one, for a misspelling (docs/xmpp-server.md, "Options").
 *
 * @param name the option's name, as Prosody spells it ({@code muc_room_locking})
 * @param type what its value must be
 */
public record OptionSpec(String name, OptionType type) {
  public OptionSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an option has a name");
    }
  }

  public static OptionSpec of(String name, OptionType type) {
    return new OptionSpec(name, type);
  }
}
