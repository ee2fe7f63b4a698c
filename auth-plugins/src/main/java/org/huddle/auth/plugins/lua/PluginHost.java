package org.huddle.auth.plugins.lua;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.huddle.xmpp.server.api.Host;
import org.huddle.xmpp.server.api.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Lua plugin of a running server: for each host, the plugins its {@code modules_enabled}
 * names, loaded from the plugin folders or the shipped ones, and reloaded when their files change.
 */
public final class PluginHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

  private final List<PluginInstance> instances;
  private volatile AutoCloseable watcher;

  private PluginHost(List<PluginInstance> instances) {
    this.instances = instances;
  }

  /** Loads every host's plugins and starts watching the plugin folders. */
  public static PluginHost start(ServerContext context, PluginServices services) {
    for (Path folder : services.library().folders()) {
      if (!Files.isDirectory(folder)) {
        LOG.warn(
            "plugin folder {} does not exist; files put there later are not watched for changes",
            folder);
      }
    }
    List<PluginInstance> instances = new ArrayList<>();
    Set<String> notPlugins = new LinkedHashSet<>();
    for (Host host : context.hosts()) {
      for (String module : host.modules()) {
        PluginInstance instance = new PluginInstance(host, module, services);
        instances.add(instance);
        instance.start();
        if (instance.status().state().equals("absent")) {
          notPlugins.add(module);
        }
      }
    }
    if (!notPlugins.isEmpty()) {
      LOG.info(
          "modules_enabled names with no Lua plugin in {} or the shipped ones (fine for Prosody's"
              + " own modules): {}",
          services.library().folders(),
          notPlugins);
    }
    PluginHost host = new PluginHost(List.copyOf(instances));
    List<Path> folders = services.library().watchedFolders();
    try {
      host.watcher =
          PluginWatcher.start(folders, context.timer(), context.blocking(), host::changed);
    } catch (IOException e) {
      LOG.warn(
          "cannot watch the plugin folders ({}); checking them every {} ms instead",
          e.getMessage(),
          PluginPoller.PERIOD_MILLIS);
      host.watcher =
          PluginPoller.start(folders, context.timer(), context.blocking(), host::changed);
    }
    return host;
  }

  /** Reloads the plugins a set of changed files concerns. */
  void changed(Set<Path> files) {
    for (PluginInstance instance : instances) {
      boolean affected =
          files.stream().anyMatch(f -> Files.isDirectory(f) || instance.affectedBy(f));
      if (affected) {
        instance.reload();
      }
    }
  }

  /** Reloads every plugin, as after a change of the options they read (the room-policy file). */
  public void reloadAll() {
    instances.forEach(PluginInstance::reload);
  }

  /** Every plugin instance's state. */
  public List<PluginStatus> status() {
    return instances.stream().map(PluginInstance::status).toList();
  }

  @Override
  public void close() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (Exception e) {
        LOG.debug("closing the plugin watcher", e);
      }
    }
    instances.forEach(PluginInstance::stop);
  }
}
