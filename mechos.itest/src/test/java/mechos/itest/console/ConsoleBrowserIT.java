package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.itest.support.MechosTestSupport;

/**
 * The operator's path in a real headless Chromium (Debian {@code chromium} + {@code chromium-driver}): log in to the
 * Web Console of the exported robot jar, open the MechOS page, see the simulated robot move on the map, press
 * E-STOP (the page shows ESTOP_LATCHED and the simulated robot's velocity goes to zero), reset, and answer the
 * agent's AskHuman question. The agent's LLM is a scripted Ollama stand-in on loopback, so the question comes
 * through the real provider, agent loop and kernel. Screenshots go to {@code target/console-screenshots}; the robot
 * logs JSON, which is checked for the MDC fields.
 */
class ConsoleBrowserIT {
    private static final String PASSWORD = "browser-secret-7";
    private static final Duration BOOT = Duration.ofSeconds(120);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void operatorStopsResetsAndAnswersFromTheBrowser() throws Exception {
        Path home = MechosTestSupport.freshRunDirectory();
        int port = MechosTestSupport.freePort();
        Path shots = MechosTestSupport.workDir().getParent().resolve("console-screenshots");
        Files.createDirectories(shots);
        for (String stale : List.of("failure.png", "failure.html", "robot-output.txt")) {
            Files.deleteIfExists(shots.resolve(stale));
        }
        try (FakeOllama llm = new FakeOllama()) {
            Files.createDirectories(home.resolve("conf"));
            Files.writeString(home.resolve("conf/mechos.runtime.llm.ollama.cfg"),
                    "base.url=http://127.0.0.1:" + llm.port() + "\nmodel=fake-llm\n");
            Process robot = startRobot(home, port);
            StringBuffer output = pump(robot);
            WebDriver browser = null;
            try {
                ConsoleHttp http = new ConsoleHttp(port, "admin", PASSWORD);
                awaitCondition("MechOS page served", BOOT, () -> {
                    if (!robot.isAlive()) {
                        throw new AssertionError("robot exited:\n" + output);
                    }
                    return http.get("mechos/state.json").status() == 200;
                });
                browser = chromium();
                WebDriver b = browser;
                // Log in with the console's Basic credentials, then open the MechOS page.
                b.get("http://admin:" + PASSWORD + "@127.0.0.1:" + port + "/system/console/mechos");
                awaitCondition("page loaded with the console's frame", Duration.ofSeconds(20),
                        () -> b.getTitle().contains("MechOS") && !b.findElements(By.id("mechos-map")).isEmpty());
                assertTrue(b.getPageSource().contains("Apache Felix Web Console"), "inside the console's frame");

                // The simulated robot moves on the map (driven by the agent's scripted LLM or its fallback).
                awaitCondition("map drawn with a pose", Duration.ofSeconds(30),
                        () -> attr(b, "mechos-map", "data-x") != null && frames(b) >= 3);
                double x0 = number(attr(b, "mechos-map", "data-x"));
                double y0 = number(attr(b, "mechos-map", "data-y"));
                awaitCondition("robot moves on the map", Duration.ofSeconds(30), () -> Math.hypot(
                        number(attr(b, "mechos-map", "data-x")) - x0, number(attr(b, "mechos-map", "data-y")) - y0) > 0.3);
                awaitCondition("safety NOMINAL shown", Duration.ofSeconds(20), () -> text(b, "mechos-safety-state").equals("NOMINAL"));
                screenshot(b, shots.resolve("1-moving.png"));

                // E-STOP: the page shows the latch, and the simulated robot's velocity goes to zero.
                b.findElement(By.id("mechos-estop")).click();
                awaitCondition("page shows ESTOP_LATCHED", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("ESTOP_LATCHED"));
                awaitCondition("simulated robot's velocity is zero", Duration.ofSeconds(10), () -> {
                    JsonNode pose = pose(http);
                    return Math.abs(pose.path("linear").asDouble(1)) < 0.01 && Math.abs(pose.path("angular").asDouble(1)) < 0.02;
                });
                JsonNode stopped = pose(http);
                awaitCondition("the page shows the stopped robot", Duration.ofSeconds(10),
                        () -> Math.abs(number(attr(b, "mechos-map", "data-linear"))) < 0.01);
                Map<String, Double> metrics = http.metrics();
                assertEquals(0.0, metrics.get("mechos_safety_moving"), 0.0, "nothing commanded after the e-stop");
                assertEquals(1.0, metrics.get("mechos_safety_state{state=\"ESTOP_LATCHED\"}"), 0.0);
                screenshot(b, shots.resolve("2-estop-latched.png"));
                JsonNode later = pose(http);
                assertTrue(Math.hypot(later.path("x").asDouble() - stopped.path("x").asDouble(),
                        later.path("y").asDouble() - stopped.path("y").asDouble()) < 0.02, "the robot stays put");

                // Reset.
                b.findElement(By.id("mechos-reset")).click();
                awaitCondition("page leaves ESTOP_LATCHED", Duration.ofSeconds(10),
                        () -> !text(b, "mechos-safety-state").equals("ESTOP_LATCHED")
                                && !text(b, "mechos-safety-state").equals("unknown"));
                // A reset only re-enables (issue 12, defect 8): autonomy waits for an explicit resume.
                awaitCondition("page shows the reset robot awaiting resume", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("NOMINAL (awaiting resume)"));
                screenshot(b, shots.resolve("3-reset.png"));
                b.findElement(By.id("mechos-safety-resume")).click();
                awaitCondition("page shows NOMINAL after Resume autonomy", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("NOMINAL"));

                // The agent asks; the operator answers on the page; the agent is told the answer.
                llm.mode(FakeOllama.Mode.ASK);
                awaitCondition("question shown", Duration.ofSeconds(30),
                        () -> text(b, "mechos-question").equals(FakeOllama.QUESTION));
                screenshot(b, shots.resolve("4-question.png"));
                WebElement answer = b.findElement(By.id("mechos-answer"));
                answer.sendKeys("Yes, it is open");
                b.findElement(By.id("mechos-answer-send")).click();
                awaitCondition("answer accepted", Duration.ofSeconds(10),
                        () -> text(b, "mechos-message").contains("answer sent to the agent"));
                awaitCondition("question cleared", Duration.ofSeconds(10), () -> text(b, "mechos-question").equals("none"));
                awaitCondition("the agent's next prompt carries the answer", Duration.ofSeconds(30),
                        () -> llm.requests().stream().anyMatch(r -> r.contains("The operator answered your question: Yes, it is open")));
                screenshot(b, shots.resolve("5-answered.png"));

                // Manual override: hold the forward button (the page drives as the operator, the AI is suspended),
                // release it and the robot stops.
                WebElement forward = b.findElement(By.id("mechos-drive-forward"));
                new Actions(b).clickAndHold(forward).perform();
                awaitCondition("page shows OVERRIDE while the operator drives", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("OVERRIDE"));
                awaitCondition("the robot drives forward under manual control", Duration.ofSeconds(10),
                        () -> pose(http).path("linear").asDouble() > 0.1);
                screenshot(b, shots.resolve("6-manual-drive.png"));
                new Actions(b).release(forward).perform();
                awaitCondition("releasing the button stops the robot", Duration.ofSeconds(5),
                        () -> Math.abs(pose(http).path("linear").asDouble(1)) < 0.01);
                assertTrue(json.readTree(http.get("mechos/state.json").body()).path("decisions").toString()
                        .contains("\"agentId\":\"operator:admin\""), "the operator's intents went through the kernel, with the logged-in user");

                // Recorder: start and stop from the page; the recording is listed.
                b.findElement(By.id("mechos-recorder-start")).click();
                awaitCondition("recording", Duration.ofSeconds(10), () -> text(b, "mechos-recorder").startsWith("Recording to"));
                awaitCondition("messages recorded", Duration.ofSeconds(10),
                        () -> !text(b, "mechos-recorder").contains(" - 0 messages"));
                b.findElement(By.id("mechos-recorder-stop")).click();
                awaitCondition("recording stopped and listed", Duration.ofSeconds(10),
                        () -> text(b, "mechos-recorder").startsWith("Not recording")
                                && text(b, "mechos-recordings").contains(".mcap ("));
                screenshot(b, shots.resolve("7-recorded.png"));

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
                    screenshot(b, shots.resolve("8-csrf-refused.png"));
                } finally {
                    evil.stop(0);
                }
                String simState = json.readTree(http.get("bundles/" + simId + ".json").body()).path("data").path(0)
                        .path("state").asText();
                assertEquals("Active", simState, "the forged stop did not stop the simulated drive's bundle");
            } catch (AssertionError | RuntimeException e) {
                if (browser != null) {
                    screenshot(browser, shots.resolve("failure.png"));
                    Files.writeString(shots.resolve("failure.html"), browser.getPageSource());
                }
                Files.writeString(shots.resolve("robot-output.txt"), output.toString());
                throw e;
            } finally {
                if (browser != null) {
                    browser.quit();
                }
                robot.destroy();
                if (!robot.waitFor(15, TimeUnit.SECONDS)) {
                    robot.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The robot pose (with its measured velocity) of the page's map document. */
    private JsonNode pose(ConsoleHttp http) {
        try {
            return json.readTree(http.get("mechos/map.json").body()).path("pose");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process startRobot(Path home, int port) throws IOException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx320m", "-Dmechos.home=" + home,
                "-Dlaunch.storage.dir=" + home.resolve("felix"), "-Dorg.osgi.service.http.port=" + port,
                "-Dmechos.log.format=json", "-jar", MechosTestSupport.runJar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
        pb.environment().put("MECHOS_CONSOLE_PASSWORD", PASSWORD);
        pb.environment().remove("MECHOS_CONSOLE_USER");
        return pb.start();
    }

    private static StringBuffer pump(Process p) {
        StringBuffer out = new StringBuffer();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    out.append(line).append('\n');
                }
            } catch (IOException e) {
                out.append("[output pump stopped: ").append(e).append("]\n");
            }
        }, "robot-output");
        t.setDaemon(true);
        t.start();
        return out;
    }

    /** Debian's chromium and chromedriver, explicitly (Selenium Manager never downloads anything). */
    private static WebDriver chromium() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        return new ChromeDriver(service, options);
    }

    private static String text(WebDriver b, String id) {
        List<WebElement> e = b.findElements(By.id(id));
        return e.isEmpty() ? "" : e.get(0).getText().trim();
    }

    private static String attr(WebDriver b, String id, String name) {
        List<WebElement> e = b.findElements(By.id(id));
        return e.isEmpty() ? null : e.get(0).getAttribute(name);
    }

    private static int frames(WebDriver b) {
        String f = attr(b, "mechos-map", "data-frames");
        return f == null ? 0 : Integer.parseInt(f);
    }

    private static double number(String s) {
        return s == null ? Double.NaN : Double.parseDouble(s);
    }

    private static void screenshot(WebDriver b, Path target) throws IOException {
        File f = ((TakesScreenshot) b).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
