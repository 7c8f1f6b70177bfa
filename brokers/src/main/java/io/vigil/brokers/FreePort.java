package io.vigil.brokers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a free loopback TCP port for brokers asked to listen on port 0. The port is free when
 * chosen; another process could take it before the broker binds, which on a test machine is rare
 * enough to accept.
 */
public final class FreePort {

  private FreePort() {}

  /** {@code port} itself, or a free port if it is 0. */
  public static int orPick(int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
