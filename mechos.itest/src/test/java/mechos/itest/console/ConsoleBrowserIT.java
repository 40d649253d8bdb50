package mechos.itest.console;

import static mechos.itest.console.BrowserRobot.attr;
import static mechos.itest.console.BrowserRobot.click;
import static mechos.itest.console.BrowserRobot.number;
import static mechos.itest.console.BrowserRobot.text;
import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's path in a real headless Chromium (Debian {@code chromium} + {@code chromium-driver}): log in to the
 * Web Console of the exported robot jar, open the MechOS page, see the simulated robot move on the map, press
 * E-STOP (the page shows ESTOP_LATCHED and the simulated robot's velocity goes to zero), reset, and answer the
 * agent's AskHuman question. The agent's LLM is a scripted Ollama stand-in on loopback, so the question comes
 * through the real provider, agent loop and kernel. Screenshots go to {@code target/console-screenshots}; the robot
 * logs JSON, which is checked for the MDC fields. Robot process and browser: {@link BrowserRobot}.
 */
class ConsoleBrowserIT {
    private static final String PASSWORD = "browser-secret-7";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void operatorStopsResetsAndAnswersFromTheBrowser() throws Exception {
        try (FakeOllama llm = new FakeOllama(); BrowserRobot robot = new BrowserRobot(PASSWORD, "console-screenshots", "")) {
            robot.tolerateLateLocalisation();
            robot.conf("mechos.runtime.llm.ollama.cfg", "base.url=http://127.0.0.1:" + llm.port() + "\nmodel=fake-llm\n");
            ConsoleHttp http = robot.http;
            int port = robot.port;
            Path home = robot.home;
            robot.run(List.of("-Dmechos.log.format=json"), b -> {
                // Logged in with the console's Basic credentials, the MechOS page is open in the console's frame.
                awaitCondition("page loaded with the console's frame", Duration.ofSeconds(20),
                        () -> b.getTitle().contains("MechOS"));
                assertTrue(b.getPageSource().contains("Apache Felix Web Console"), "inside the console's frame");

                // The simulated robot moves on the map (driven by the agent's scripted LLM or its fallback).
                awaitCondition("map drawn with a pose", Duration.ofSeconds(30),
                        () -> attr(b, "mechos-map", "data-x") != null && frames(b) >= 3);
                double x0 = number(attr(b, "mechos-map", "data-x"));
                double y0 = number(attr(b, "mechos-map", "data-y"));
                awaitCondition("robot moves on the map", Duration.ofSeconds(30), () -> Math.hypot(
                        number(attr(b, "mechos-map", "data-x")) - x0, number(attr(b, "mechos-map", "data-y")) - y0) > 0.3);
                awaitCondition("safety NOMINAL shown", Duration.ofSeconds(20), () -> text(b, "mechos-safety-state").equals("NOMINAL"));
                robot.screenshot(("1-moving.png"));

                // E-STOP: the page shows the latch, and the simulated robot's velocity goes to zero.
                click(b, "mechos-estop");
                awaitCondition("page shows ESTOP_LATCHED", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("ESTOP_LATCHED"));
                awaitCondition("simulated robot's velocity is zero", Duration.ofSeconds(10), () -> {
                    JsonNode pose = robot.pose();
                    return Math.abs(pose.path("linear").asDouble(1)) < 0.01 && Math.abs(pose.path("angular").asDouble(1)) < 0.02;
                });
                JsonNode stopped = robot.pose();
                awaitCondition("the page shows the stopped robot", Duration.ofSeconds(10),
                        () -> Math.abs(number(attr(b, "mechos-map", "data-linear"))) < 0.01);
                Map<String, Double> metrics = http.metrics();
                assertEquals(0.0, metrics.get("mechos_safety_moving"), 0.0, "nothing commanded after the e-stop");
                assertEquals(1.0, metrics.get("mechos_safety_state{state=\"ESTOP_LATCHED\"}"), 0.0);
                robot.screenshot(("2-estop-latched.png"));
                JsonNode later = robot.pose();
                assertTrue(Math.hypot(later.path("x").asDouble() - stopped.path("x").asDouble(),
                        later.path("y").asDouble() - stopped.path("y").asDouble()) < 0.02, "the robot stays put");

                // Reset.
                click(b, "mechos-reset");
                awaitCondition("page leaves ESTOP_LATCHED", Duration.ofSeconds(10),
                        () -> !text(b, "mechos-safety-state").equals("ESTOP_LATCHED")
                                && !text(b, "mechos-safety-state").equals("unknown"));
                // A reset only re-enables (issue 12, defect 8): autonomy waits for an explicit resume.
                awaitCondition("page shows the reset robot awaiting resume", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("NOMINAL (awaiting resume)"));
                robot.screenshot(("3-reset.png"));
                click(b, "mechos-safety-resume");
                awaitCondition("page shows NOMINAL after Resume autonomy", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("NOMINAL"));

                // The agent asks; the operator answers on the page; the agent is told the answer.
                llm.mode(FakeOllama.Mode.ASK);
                awaitCondition("question shown", Duration.ofSeconds(30),
                        () -> text(b, "mechos-question").equals(FakeOllama.QUESTION));
                robot.screenshot(("4-question.png"));
                WebElement answer = b.findElement(By.id("mechos-answer"));
                answer.sendKeys("Yes, it is open");
                click(b, "mechos-answer-send");
                awaitCondition("answer accepted", Duration.ofSeconds(10),
                        () -> text(b, "mechos-message").contains("answer sent to the agent"));
                awaitCondition("question cleared", Duration.ofSeconds(10), () -> text(b, "mechos-question").equals("none"));
                awaitCondition("the agent's next prompt carries the answer", Duration.ofSeconds(30),
                        () -> llm.requests().stream().anyMatch(r -> r.contains("The operator answered your question: Yes, it is open")));
                robot.screenshot(("5-answered.png"));

                // Manual override: hold the forward button (the page drives as the operator, the AI is suspended),
                // release it and the robot stops.
                WebElement forward = b.findElement(By.id("mechos-drive-forward"));
                new Actions(b).clickAndHold(forward).perform();
                awaitCondition("page shows OVERRIDE while the operator drives", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("OVERRIDE"));
                awaitCondition("the robot drives forward under manual control", Duration.ofSeconds(10),
                        () -> robot.pose().path("linear").asDouble() > 0.1);
                robot.screenshot(("6-manual-drive.png"));
                new Actions(b).release(forward).perform();
                awaitCondition("releasing the button stops the robot", Duration.ofSeconds(5),
                        () -> Math.abs(robot.pose().path("linear").asDouble(1)) < 0.01);
                assertTrue(json.readTree(http.get("mechos/state.json").body()).path("decisions").toString()
                        .contains("\"agentId\":\"operator:admin\""), "the operator's intents went through the kernel, with the logged-in user");

                // Recorder: start and stop from the page; the recording is listed.
                click(b, "mechos-recorder-start");
                awaitCondition("recording", Duration.ofSeconds(10), () -> text(b, "mechos-recorder").startsWith("Recording to"));
                awaitCondition("messages recorded", Duration.ofSeconds(10),
                        () -> !text(b, "mechos-recorder").contains(" - 0 messages"));
                click(b, "mechos-recorder-stop");
                awaitCondition("recording stopped and listed", Duration.ofSeconds(10),
                        () -> text(b, "mechos-recorder").startsWith("Not recording")
                                && text(b, "mechos-recordings").contains(".mcap ("));
                robot.screenshot(("7-recorded.png"));

                // JSON logs: one event per line, with the MDC fields (the answer is logged under the question's intent id).
                Path log = home.resolve("logs/mechos.json");
                awaitCondition("answer logged with MDC", Duration.ofSeconds(10), () -> read(log).contains("answered in the web console"));
                JsonNode answered = null;
                for (String line : Files.readAllLines(log)) {
                    JsonNode event = json.readTree(line);
                    if (event.path("message").asText().contains("answered in the web console")) {
                        answered = event;
                    }
                }
                assertTrue(answered != null && answered.path("agentId").asText().equals("operator")
                        && !answered.path("intentId").asText().isEmpty(), "MDC fields in the JSON event: " + answered);

                // Issue 15, CSRF: a page of another origin (this browser is logged in to the console) submits the
                // stock console form that stops a bundle. The browser sends the console's Basic credentials with
                // it; the console's guard refuses it (403) and the simulated drive's bundle stays active.
                long simId = -1;
                for (JsonNode bundle : json.readTree(http.get("bundles.json").body()).path("data")) {
                    if (bundle.path("symbolicName").asText().equals("mechos.hal.sim")) {
                        simId = bundle.path("id").asLong();
                    }
                }
                assertTrue(simId >= 0, "mechos.hal.sim listed in bundles.json");
                String target = "http://127.0.0.1:" + port + "/system/console/bundles/" + simId;
                com.sun.net.httpserver.HttpServer evil = com.sun.net.httpserver.HttpServer
                        .create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                byte[] attack = ("<html><body><form id='f' method='POST' action='" + target + "'>"
                        + "<input name='action' value='stop'></form>"
                        + "<script>document.getElementById('f').submit()</script></body></html>")
                        .getBytes(StandardCharsets.UTF_8);
                evil.createContext("/", ex -> {
                    ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                    ex.sendResponseHeaders(200, attack.length);
                    ex.getResponseBody().write(attack);
                    ex.close();
                });
                evil.start();
                try {
                    b.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
                    awaitCondition("the forged POST reached the console and was refused", Duration.ofSeconds(20),
                            () -> b.getCurrentUrl().startsWith(target)
                                    && b.getPageSource().contains("cross-site request refused"));
                    robot.screenshot(("8-csrf-refused.png"));
                } finally {
                    evil.stop(0);
                }
                String simState = json.readTree(http.get("bundles/" + simId + ".json").body()).path("data").path(0)
                        .path("state").asText();
                assertEquals("Active", simState, "the forged stop did not stop the simulated drive's bundle");
            });
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int frames(WebDriver b) {
        String f = attr(b, "mechos-map", "data-frames");
        return f == null ? 0 : Integer.parseInt(f);
    }
}
