package io.vigil.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

  @Test
  void everySocketHasNagleOff() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      NoDelaySocketFactory factory = new NoDelaySocketFactory();
      try (Socket unconnected = factory.createSocket();
          Socket connected =
              factory.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        unconnected.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
        assertThat(unconnected.getTcpNoDelay()).isTrue();
        assertThat(connected.getTcpNoDelay()).isTrue();
      }
    }
  }

  @Test
  void tlsSocketsToo() throws Exception {
    NoDelaySslSocketFactory factory =
        new NoDelaySslSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault());
    try (Socket socket = factory.createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }
}
