package mechos.itest.console;

import static mechos.itest.support.MechosTestSupport.awaitCondition;

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
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mechos.itest.support.MechosTestSupport;

/**
 * The setup the browser ITs share: the exported robot jar in its own process (a fresh run directory, a free port,
 * the console password through {@code MECHOS_CONSOLE_PASSWORD}, its output collected), and Debian's headless
 * Chromium logged in to the MechOS page with the console's Basic credentials (Selenium Manager never downloads
 * anything). On a failure the page (screenshot and HTML) and the robot's output are kept next to the screenshots;
 * {@link #close} quits the browser and ends the robot process.
 */
final class BrowserRobot implements AutoCloseable {
    /** How long the robot may take until the MechOS page is served. */
    static final Duration BOOT = Duration.ofSeconds(120);

    /** The body of a browser test. */
    interface Steps {
        void run(WebDriver browser) throws Exception;
    }

    final Path home;
    final int port;
    final ConsoleHttp http;
    final Path shots;
    private final String password;
    private final String prefix;
    private final ObjectMapper json = new ObjectMapper();
    private Process robot;
    private StringBuffer output = new StringBuffer();
    private WebDriver browser;

    /**
     * @param password console password of the robot
     * @param screenshots directory name next to the itest work directory (e.g. {@code screenshots})
     * @param prefix prefix of the failure artefacts ({@code <prefix>failure.png}, {@code .html},
     *        {@code <prefix>robot-output.txt}), whose stale copies are removed now
     */
    BrowserRobot(String password, String screenshots, String prefix) throws IOException {
        this.password = password;
        this.prefix = prefix;
        this.home = MechosTestSupport.freshRunDirectory();
        this.port = MechosTestSupport.freePort();
        this.http = new ConsoleHttp(port, "admin", password);
        this.shots = MechosTestSupport.workDir().getParent().resolve(screenshots);
        Files.createDirectories(shots);
        for (String stale : List.of("failure.png", "failure.html", "robot-output.txt")) {
            Files.deleteIfExists(shots.resolve(prefix + stale));
        }
        Files.createDirectories(home.resolve("conf"));
    }

    /** Writes {@code conf/<name>} of the run directory (before {@link #run}: FileInstall reads it at start). */
    BrowserRobot conf(String name, String text) throws IOException {
        Files.writeString(home.resolve("conf").resolve(name), text);
        return this;
    }

    /**
     * Writes {@code conf/mechos.perception.frames.cfg} with a 1 s lookup tolerance (default 100 ms). Under load
     * (several builds share this machine) localisation publishes a scan's {@code map -> odom} after matching that
     * scan, often more than 100 ms after the occupancy map looked it up for the same scan: nearly every scan was then
     * rejected (out of history; 711 of 715 at load 16-26), the world model went stale and the kernel allowed creep
     * speed only. With 1 s the map uses the previous {@code map -> odom}. (Root README, known limitations.)
     */
    BrowserRobot tolerateLateLocalisation() throws IOException {
        return conf("mechos.perception.frames.cfg",
                "static.transforms=base_link laser 0 0 0.2 0 0 0; base_link imu_link 0 0 0.1 0 0 0\n"
                        + "history.seconds=10.0\nhistory.samples=2000\ntolerance.ms=1000.0\n");
    }

    /**
     * Starts the robot with the given extra JVM arguments, waits until the MechOS page is served, opens it in
     * Chromium and runs the steps; on a failure keeps the artefacts and rethrows.
     */
    void run(List<String> jvmArgs, Steps steps) throws Exception {
        robot = startRobot(jvmArgs);
        output = pump(robot);
        try {
            awaitCondition("MechOS page served", BOOT, () -> {
                if (!robot.isAlive()) {
                    throw new AssertionError("robot exited:\n" + output);
                }
                return http.get("mechos/state.json").status() == 200;
            });
            browser = chromium();
            WebDriver b = browser;
            b.get("http://admin:" + password + "@127.0.0.1:" + port + "/system/console/mechos");
            awaitCondition("page loaded", Duration.ofSeconds(20), () -> !b.findElements(By.id("mechos-map")).isEmpty());
            steps.run(b);
        } catch (AssertionError | RuntimeException e) {
            if (browser != null) {
                screenshot(prefix + "failure.png");
                Files.writeString(shots.resolve(prefix + "failure.html"), browser.getPageSource());
            }
            Files.writeString(shots.resolve(prefix + "robot-output.txt"), output.toString());
            throw e;
        }
    }

    /** Everything the robot printed so far. */
    StringBuffer output() {
        return output;
    }

    private Process startRobot(List<String> jvmArgs) throws IOException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx320m", "-Dmechos.home=" + home,
                "-Dlaunch.storage.dir=" + home.resolve("felix"), "-Dorg.osgi.service.http.port=" + port));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", MechosTestSupport.runJar().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(home.toFile());
        pb.environment().put("MECHOS_CONSOLE_PASSWORD", password);
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

    /** Debian's chromium and chromedriver, explicitly. */
    private static WebDriver chromium() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
        return new ChromeDriver(service, options);
    }

    /** The robot pose (with its measured velocity) of the page's map document. */
    JsonNode pose() {
        return document("mechos/map.json").path("pose");
    }

    /** A JSON document of the page (e.g. {@code mechos/state.json}). */
    JsonNode document(String path) {
        try {
            return json.readTree(http.get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void screenshot(String name) throws IOException {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Clicks an element after scrolling it to the middle of the window: the sticky safety bar covers the top, and
     * the panels above grow while decisions arrive, so a button near an edge can move between Selenium's scroll and
     * its click (the click then lands on whatever took its place).
     */
    static void click(WebDriver b, String id) {
        WebElement e = b.findElement(By.id(id));
        ((JavascriptExecutor) b).executeScript("arguments[0].scrollIntoView({block:'center'});", e);
        e.click();
    }

    static String text(WebDriver b, String id) {
        List<WebElement> e = b.findElements(By.id(id));
        return e.isEmpty() ? "" : e.get(0).getText().trim();
    }

    static String attr(WebDriver b, String id, String name) {
        List<WebElement> e = b.findElements(By.id(id));
        return e.isEmpty() ? null : e.get(0).getAttribute(name);
    }

    static double number(String s) {
        return s == null ? Double.NaN : Double.parseDouble(s);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            stopRobot();
        }
    }

    private void stopRobot() throws InterruptedException {
        if (robot != null) {
            robot.destroy();
            if (!robot.waitFor(15, TimeUnit.SECONDS)) {
                robot.destroyForcibly().waitFor();
            }
        }
    }
}
