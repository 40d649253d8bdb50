package mechos.fleet.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between MQTT clients and the broker that a test controls: it can swallow everything the
 * clients send ({@link #blackhole}) so a PUBLISH stays unacknowledged, and cut every connection at once
 * ({@link #cutAll}) like a broker restart or a network drop would.
 */
final class CutProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int brokerPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackhole;
    private volatile boolean closed;

    CutProxy(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "cut-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** While on, bytes from clients to the broker are read and discarded (the broker's replies still pass). */
    void blackhole(boolean on) {
        blackhole = on;
    }

    /** Closes every proxied connection (both sides). */
    void cutAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, true);
                pump(broker, client, false);
            } catch (IOException e) {
                if (!closed) {
                    throw new IllegalStateException("cut proxy accept failed", e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!(upstream && blackhole)) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException connectionCut) {
                // expected when cutAll() closes the sockets: the other pump closes its side below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cut-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException alreadyClosed) {
            // closing a socket whose peer is gone can fail; it is closed either way
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cutAll();
    }
}
