package mechos.itest.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scripted stand-in for an Ollama server on 127.0.0.1 ({@code POST /api/chat}): the robot's real Ollama provider
 * and agent loop talk to it over HTTP. It answers every decision according to its current mode and keeps every
 * request body, so a test can see what the agent was told (e.g. the operator's answer).
 */
final class FakeOllama implements AutoCloseable {
    /** What the fake model decides. */
    enum Mode {
        /** Drive forward in a gentle curve. */
        DRIVE,
        /** Ask the operator {@link #QUESTION} once, then {@link #HOLD}. */
        ASK,
        /** Stop and wait. */
        HOLD
    }

    static final String QUESTION = "Is the loading door open?";

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.DRIVE);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    FakeOllama() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/api/chat", this::chat);
        server.createContext("/", ex -> reply(ex, 404, "{\"error\":\"not found\"}"));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void mode(Mode m) {
        mode.set(m);
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private void chat(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(body);
        ObjectNode intent = json.createObjectNode();
        String rationale;
        Mode m = mode.get();
        if (m == Mode.ASK && mode.compareAndSet(Mode.ASK, Mode.HOLD)) {
            intent.put("action", "ask_human").put("question", QUESTION).putNull("contextImageId");
            rationale = "I cannot see whether the door is open";
        } else if (m == Mode.DRIVE) {
            intent.put("action", "drive").put("linear", 0.25).put("angular", 0.15);
            rationale = "patrolling the room";
        } else {
            intent.put("action", "stop").put("reason", "holding position");
            rationale = "nothing to do";
        }
        ObjectNode content = json.createObjectNode();
        content.put("rationale", rationale);
        content.set("intent", intent);
        ObjectNode reply = json.createObjectNode();
        reply.put("model", "fake-llm");
        reply.putObject("message").put("role", "assistant").put("content", json.writeValueAsString(content));
        reply.put("done", true);
        reply.put("prompt_eval_count", 120);
        reply.put("eval_count", 24);
        reply(ex, 200, json.writeValueAsString(reply));
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
