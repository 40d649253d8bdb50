package mechos.itest.process;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.itest.support.MechosTestSupport;

/**
 * Issue 12, defects 3 and 8 on the exported jar: an e-stop acknowledged by the console survives a {@code kill -9}
 * right after the answer; after the restart a reset re-enables but the patrol stays still until Resume.
 */
class EStopLatchProcessIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Pattern TOKEN = Pattern.compile("data-csrf=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acknowledgedEstopSurvivesKill9AndResetWaitsForResume() throws Exception {
        Path home = MechosTestSupport.freshRunDirectory();
        int port = MechosTestSupport.freePort();
        String password;
        try (RobotProcess robot = RobotProcess.start(home, port, Map.of())) {
            robot.awaitConsole(BOOT);
            password = awaitPassword(home);
            awaitSafety(port, password, "the kernel is up", s -> s.path("available").asBoolean());
            String answer = post(port, password, "estop");
            // kill -9 at once: the answer was "latched", so the latch must already be on disk
            robot.process.destroyForcibly().waitFor();
            assertTrue(answer.contains("\"ok\":true") && answer.contains("durable"), answer);
        }
        assertTrue(Files.exists(home.resolve("state/estop-latched")), "latch in the run directory");
        try (RobotProcess robot = RobotProcess.start(home, port, Map.of())) {
            robot.awaitConsole(BOOT);
            JsonNode s = awaitSafety(port, password, "the kernel is up", x -> x.path("available").asBoolean());
            assertEquals("ESTOP_LATCHED", s.path("state").asText(), s.toString());
            assertTrue(s.path("reason").asText().contains("E-STOP from the web console"), s.toString());

            String reset = post(port, password, "reset");
            assertTrue(reset.contains("\"ok\":true"), reset);
            s = safety(port, password);
            assertEquals("NOMINAL", s.path("state").asText(), s.toString());
            assertTrue(s.path("awaitingResume").asBoolean(), s.toString());
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                JsonNode now = safety(port, password);
                assertTrue(!now.path("moving").asBoolean(), "nothing moves after a reset without resume: " + now);
                RobotProcess.pause(100);
            }
            String resumed = post(port, password, "safety/resume");
            assertTrue(resumed.contains("\"ok\":true"), resumed);
            awaitSafety(port, password, "the patrol moves again after the resume",
                    x -> x.path("moving").asBoolean() && !x.path("awaitingResume").asBoolean());
        }
    }

    private static String awaitPassword(Path home) throws IOException {
        Path file = home.resolve("console-password");
        awaitCondition("generated console password", Duration.ofSeconds(20), () -> Files.exists(file));
        return Files.readString(file).trim();
    }

    private interface Check {
        boolean test(JsonNode safety);
    }

    private static JsonNode awaitSafety(int port, String password, String what, Check check) {
        JsonNode[] last = new JsonNode[1];
        awaitCondition(what, Duration.ofSeconds(60), () -> {
            try {
                last[0] = safety(port, password);
                return check.test(last[0]);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        });
        return last[0];
    }

    private static JsonNode safety(int port, String password) throws IOException {
        return JSON.readTree(request(port, password, "GET", "mechos/state.json", null)).path("safety");
    }

    private static String post(int port, String password, String action) throws IOException {
        Matcher m = TOKEN.matcher(request(port, password, "GET", "mechos", null));
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the MechOS page");
        }
        return request(port, password, "POST", "mechos/api/" + action, m.group(1));
    }

    private static String request(int port, String password, String method, String path, String token)
            throws IOException {
        HttpURLConnection con = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/system/console/" + path)
                .openConnection();
        con.setConnectTimeout(2000);
        con.setReadTimeout(10000);
        con.setRequestMethod(method);
        con.setRequestProperty("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        if (token != null) {
            con.setRequestProperty("X-MechOS-CSRF", token);
            con.setDoOutput(true);
            con.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            con.getOutputStream().write(new byte[0]);
        }
        int code = con.getResponseCode();
        InputStream in = code >= 400 ? con.getErrorStream() : con.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        con.disconnect();
        if (code != 200) {
            throw new IOException(method + " " + path + " answered " + code + ": " + body);
        }
        return body;
    }
}
