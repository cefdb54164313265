package io.kairos.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlowProxyTest {
    /** An echo server behind the proxy: every round trip pays the delay once, and bytes keep their order. */
    @Test
    void everyRoundTripIsHeldForTheDelayAndNothingIsReordered() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (Exception ignored) {
                    // the test ends the connection
                }
            });
            server.setDaemon(true);
            server.start();
            try (SlowProxy proxy = SlowProxy.start("127.0.0.1", echo.getLocalPort(), Duration.ofMillis(40));
                    Socket client = new Socket("127.0.0.1", proxy.port())) {
                client.setTcpNoDelay(true);
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                StringBuilder echoed = new StringBuilder();
                long slowest = 0;
                long fastest = Long.MAX_VALUE;
                for (int i = 0; i < 5; i++) {
                    byte[] request = ("ping-" + i + ";").getBytes(StandardCharsets.US_ASCII);
                    long t0 = System.nanoTime();
                    out.write(request);
                    out.flush();
                    byte[] answer = in.readNBytes(request.length);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    slowest = Math.max(slowest, ms);
                    fastest = Math.min(fastest, ms);
                    echoed.append(new String(answer, StandardCharsets.US_ASCII));
                }
                assertEquals("ping-0;ping-1;ping-2;ping-3;ping-4;", echoed.toString());
                assertTrue(fastest >= 40, "a round trip took " + fastest + " ms, less than the 40 ms delay");
                assertTrue(proxy.chunksDelayed() >= 5, "requests held: " + proxy.chunksDelayed());
            }
        }
    }
}
