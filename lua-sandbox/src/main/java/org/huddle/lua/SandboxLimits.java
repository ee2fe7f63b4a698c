package org.huddle.lua;

/**
 * What one call into a script may use. Loading a file gets {@link #LOAD_SCALE} times as much, since
 * a file may build tables once.
 *
 * @param instructions Lua VM instructions one call may run (the room plugins' {@code
 *     plugin_instruction_budget})
 * @param allocationBytes bytes one call may allocate on its thread ({@code plugin_memory_budget})
 * @param maxStringBytes the longest string {@code string.rep} builds ({@code plugin_max_string})
 */
public record SandboxLimits(long instructions, long allocationBytes, long maxStringBytes) {
  public static final int LOAD_SCALE = 10;
}
