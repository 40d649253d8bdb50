package mechos.itest.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A protocol-faithful Ollama stand-in on 127.0.0.1 ({@code POST /api/chat}, HTTP/1.1, one exchange per
 * connection), written on plain sockets so it runs inside the OSGi framework without com.sun packages. The robot's
 * real Ollama provider (JDK HttpClient transport) and agent loop talk to it; the test scripts each answer and sees
 * every request with the time it arrived.
 */
final class LoopbackLlm implements AutoCloseable {
    /** One scripted answer: a status, extra headers, a body, or no answer at all (the model hangs). */
    record Answer(int status, List<String> headers, String body, boolean hang) {
        static Answer content(String assistantContent) {
            ObjectMapper json = new ObjectMapper();
            ObjectNode reply = json.createObjectNode();
            reply.put("model", "standin");
            reply.putObject("message").put("role", "assistant").put("content", assistantContent);
            reply.put("done", true);
            reply.put("prompt_eval_count", 400);
            reply.put("eval_count", 40);
            return new Answer(200, List.of(), reply.toString(), false);
        }

        static Answer status(int status, String... headers) {
            return new Answer(status, List.of(headers), "{\"error\":\"status " + status + "\"}", false);
        }

        static Answer hanging() {
            return new Answer(0, List.of(), "", true);
        }
    }

    /** A request as it arrived: monotonic time and body. */
    record Request(long nanos, String body) {
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile Function<Request, Answer> script = r -> Answer.status(503);

    LoopbackLlm() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "itest-loopback-llm");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return the requests whose body contains {@code marker} (e.g. the agent's mission), oldest first */
    List<Request> requests(String marker) {
        return requests.stream().filter(r -> r.body().contains(marker)).toList();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "itest-loopback-llm-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("loopback LLM accept failed", e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            String head = readHead(in);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            Request r = new Request(System.nanoTime(), body);
            requests.add(r);
            Answer a = script.apply(r);
            if (a.hang()) {
                closed.await(60, TimeUnit.SECONDS); // hold the connection open without answering
                return;
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder("HTTP/1.1 " + a.status() + " X\r\n")
                    .append("Content-Type: application/json\r\nConnection: close\r\n")
                    .append("Content-Length: ").append(bytes.length).append("\r\n");
            for (String extra : a.headers()) {
                h.append(extra).append("\r\n");
            }
            h.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // the client went away (e.g. it cancelled a hanging call): nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in the request head");
            }
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1 : 0;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
    }
}
