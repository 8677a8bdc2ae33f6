package io.wattline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every server of the local cloud listens on the loopback address only. */
class LoopbackTest {
    static List<Integer> ports() {
        LocalCloud cloud = TestCloud.get();
        return List.of(cloud.url().getPort(), URI.create(cloud.storage().environment().get("DYNAMODB_ENDPOINT")).getPort(),
                URI.create(cloud.storage().environment().get("S3_ENDPOINT")).getPort());
    }

    static List<InetAddress> otherAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback()) continue;
            for (InetAddress a : Collections.list(n.getInetAddresses())) if (a instanceof Inet4Address) out.add(a);
        }
        return out;
    }

    @Test
    void dynamoDbLocalIsBoundToLoopback() throws Exception {
        TestCloud.get();
        assertEquals(List.of("127.0.0.1"), LocalStorage.dynamoHosts(TestCloud.get().storage().dynamo()));
    }

    @Test
    void noServerAnswersOnAnotherInterface() throws IOException {
        for (int port : ports()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertTrue(s.isConnected(), "answers on loopback: " + port);
            }
            for (InetAddress other : otherAddresses()) {
                assertThrows(IOException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(other, port), 2000);
                    }
                }, "port " + port + " must not answer on " + other);
            }
        }
    }
}
