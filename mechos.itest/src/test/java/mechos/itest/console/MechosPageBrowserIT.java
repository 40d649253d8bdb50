package mechos.itest.console;

import static mechos.itest.console.BrowserRobot.attr;
import static mechos.itest.console.BrowserRobot.click;
import static mechos.itest.console.BrowserRobot.number;
import static mechos.itest.console.BrowserRobot.text;
import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The MechOS page of issue 15 in a real headless Chromium against the exported robot jar (simulated robot in the
 * built-in world): the static map layer and scale bar in the fixed map frame; hold-to-drive above the kernel's
 * acceleration step without a rejection; click to set a goal (the simulated robot drives towards it through the
 * kernel as the operator); "2D pose estimate" (perception's localisation takes the pose); e-stop → reset → resume
 * with the buttons enabled only when they mean something; a configuration the kernel refuses is shown on the page;
 * a recording started with a topic selection and a split duration is downloadable. Screenshots go to
 * {@code target/screenshots}.
 */
class MechosPageBrowserIT {
    private static final String PASSWORD = "page-secret-15b";
    /** The console's configuration form for the kernel's speed rule, without the value of max_linear. */
    private static final String SPEED_FORM = "apply=true&action=ajaxConfigManager"
            + "&propertylist=max_linear,max_angular,max_linear_accel,max_angular_accel,accel_window_ms"
            + "&max_angular=1.5&max_linear_accel=0.8&max_angular_accel=3.0&accel_window_ms=500&max_linear=";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theOperatorWorksOnARealMap() throws Exception {
        try (BrowserRobot robot = new BrowserRobot(PASSWORD, "screenshots", "page-")) {
            // page drives at 0.5 m/s: above the kernel's acceleration step from standstill (0.8 m/s² × 0.5 s = 0.4 m/s)
            robot.conf("mechos.webconsole.cfg", "drive_linear=0.5\n");
            robot.tolerateLateLocalisation();
            ConsoleHttp http = robot.http;
            robot.run(List.of(), b -> {
                String token = http.pageToken();
                // The agent (no LLM here: its fallback behaviours) is paused so that only the operator moves the robot.
                assertEquals(200, http.post("mechos/api/agent/pause", token, "").status());

                // 1. The map frame with the built-in world's static map under the octree, a scale bar, the robot pose.
                awaitCondition("static map drawn", Duration.ofSeconds(30),
                        () -> "builtin:default".equals(attr(b, "mechos-map", "data-static-map")));
                awaitCondition("robot pose drawn", Duration.ofSeconds(30), () -> attr(b, "mechos-map", "data-x") != null);
                assertTrue(attr(b, "mechos-map", "data-scale-bar").matches("\\d+ c?m"), attr(b, "mechos-map", "data-scale-bar"));
                awaitCondition("NOMINAL", Duration.ofSeconds(30), () -> text(b, "mechos-safety-state").equals("NOMINAL"));
                assertFalse(b.findElement(By.id("mechos-reset")).isEnabled(), "Reset disabled: nothing to reset");
                assertFalse(b.findElement(By.id("mechos-safety-resume")).isEnabled(), "Resume disabled: nothing awaits it");
                assertEstopCoversNoPanel(b);
                awaitCondition("battery shown", Duration.ofSeconds(10), () -> text(b, "mechos-live").matches("(?s).*battery battery\\s+\\d+ %.*"));
                robot.screenshot(("page-1-map.png"));
                // Zoom (button) changes the scale; the frame stays the map frame (the view does not follow the robot).
                double scale0 = number(attr(b, "mechos-map", "data-scale"));
                click(b, "mechos-zoom-in");
                awaitCondition("zoomed in", Duration.ofSeconds(5), () -> number(attr(b, "mechos-map", "data-scale")) > scale0 * 1.2);
                click(b, "mechos-view-map");

                // 2. Hold-to-drive at 0.5 m/s (drive_linear in conf/ before the start) with the kernel's speed cap
                // raised to 0.6 m/s through Config Admin (the console's configuration form) and an override period of
                // 2 s (conf/ file, applied live): the page renews the kernel's manual override with every drive
                // request, so the held drive passes an override period without a stop (an engagement stops every
                // drive and restarts the acceleration limit from zero; the old page engaged again 1.5 s before the
                // end) and ramps within the acceleration step to above the 0.4 m/s a drive from standstill may reach.
                // (The hold stays short: the built-in world has an obstacle about 2 m ahead of the start pose.)
                assertTrue(http.post("configMgr/mechos.kernel.rule.speed", token, SPEED_FORM + "0.6").status() / 100 != 4,
                        "the configuration form takes the speed cap");
                awaitCondition("the kernel applied max_linear 0.6", Duration.ofSeconds(30), () -> robot.output().toString()
                        .matches("(?s).*safety configuration mechos.kernel.rule.speed changed by [^\\n]*max_linear 0\\.5 -> 0\\.6.*"));
                Path kernelConf = robot.home.resolve("conf/mechos.kernel.cfg");
                String kernelCfg = Files.readString(kernelConf);
                assertTrue(kernelCfg.matches("(?s).*(?m:^override_suspension\\s*=\\s*10\\s*$).*"), kernelCfg);
                // (Lease, world-model and sensor age limits go to the envelope's maxima: on a machine shared by several
                // builds (load 15-25) drive requests of the page were up to 2 s apart and scans older than 0.5 s; the
                // kernel then rightly stops the drive or allows only creep speed. Tested here: the page's ramp and
                // renewals.)
                Files.writeString(kernelConf, kernelCfg.replaceAll("(?m)^override_suspension\\s*=.*$", "override_suspension=2")
                        .replaceAll("(?m)^lease_ms\\s*=.*$", "lease_ms=2000")
                        .replaceAll("(?m)^clearance_max_age_ms\\s*=.*$", "clearance_max_age_ms=1000")
                        .replaceAll("(?m)^stale_sensor_ms\\s*=.*$", "stale_sensor_ms=1000"));
                awaitCondition("the kernel applied override_suspension 2 s", Duration.ofSeconds(30), () -> robot.output().toString()
                        .matches("(?s).*safety configuration mechos.kernel changed by [^\\n]*override_suspension 10(\\.0)? -> 2(\\.0)?.*"));
                WebElement forward = b.findElement(By.id("mechos-drive-forward"));
                new Actions(b).clickAndHold(forward).perform();
                // The kernel's approved (commanded) speed, from its decisions; generous waits only: on a loaded
                // machine the kernel allows creep speed while the world model is stale, and the page then repeats the
                // last approved command before ramping on.
                double[] fastest = { 0 };
                try {
                    awaitCondition("the kernel approves >= 0.45 m/s for the held drive", Duration.ofSeconds(60), () -> {
                        JsonNode c = robot.document("mechos/state.json").path("commanded");
                        if (c.path("agentId").asText().startsWith("operator")) {
                            fastest[0] = Math.max(fastest[0], c.path("linear").asDouble());
                        }
                        return fastest[0] >= 0.45;
                    });
                } catch (AssertionError e) {
                    java.util.Map<String, Double> m = http.metrics();
                    throw new AssertionError(e.getMessage() + " (fastest " + fastest[0] + " m/s; map scans inserted "
                            + m.get("mechos_map_scans_inserted_total") + ", rejected " + m.get("mechos_map_scans_rejected_total")
                            + "; page: " + text(b, "mechos-message") + ")", e);
                }
                int approved0 = count(b, "data-drive-approved");
                awaitCondition("held for 1.6 s more of approved renewals (past the 2 s override period)", Duration.ofSeconds(30),
                        () -> count(b, "data-drive-approved") >= approved0 + 8);
                new Actions(b).release(forward).perform();
                awaitCondition("releasing stops", Duration.ofSeconds(10), () -> Math.abs(robot.pose().path("linear").asDouble(1)) < 0.01);
                assertEquals(null, b.findElement(By.id("mechos")).getAttribute("data-drive-accel-rejected"),
                        "no renewal of the held drive exceeded the acceleration limit: " + text(b, "mechos-decisions"));
                assertFalse(robot.document("mechos/state.json").path("decisions").toString().contains("speed.accel"),
                        "the kernel rejected no page drive for acceleration");
                assertTrue(number(b.findElement(By.id("mechos")).getAttribute("data-drive-max")) >= 0.45,
                        "the page's highest approved command");
                awaitCondition("the commanded-motion arrow clears when stopped", Duration.ofSeconds(10),
                        () -> number(attr(b, "mechos-map", "data-commanded")) == 0);
                System.out.println("page drive: kernel's highest approved command " + fastest[0] + " m/s, page's "
                        + b.findElement(By.id("mechos")).getAttribute("data-drive-max") + " m/s, approved renewals "
                        + count(b, "data-drive-approved") + ", rejected renewals " + count(b, "data-drive-rejected"));
                robot.screenshot(("page-2-drove.png"));

                // 3. Click to set a goal: the simulated robot drives there through the kernel as the operator.
                JsonNode start = robot.pose();
                double gx = 1.0;
                double gy = -1.2;
                double d0 = Math.hypot(gx - start.path("x").asDouble(), gy - start.path("y").asDouble());
                click(b, "mechos-mode-goal");
                clickMap(b, gx, gy);
                awaitCondition("goal accepted", Duration.ofSeconds(10), () -> text(b, "mechos-message").startsWith("goal: driving to"));
                awaitCondition("the robot gets near the goal", Duration.ofSeconds(60), () -> {
                    JsonNode p = robot.pose();
                    return Math.hypot(gx - p.path("x").asDouble(), gy - p.path("y").asDouble()) < Math.min(0.4, d0 / 2);
                });
                robot.screenshot(("page-3-goal.png"));
                assertTrue(json.readTree(http.get("mechos/state.json").body()).path("decisions").toString()
                        .contains("\"agentId\":\"operator:admin\""), "the goal's drives went through the kernel as the operator");
                awaitCondition("goal reached", Duration.ofSeconds(30), () -> text(b, "mechos-goal").contains("reached"));

                http.post("mechos/api/override/release", token, "");
                // 4. E-STOP -> Reset -> Resume autonomy, each button enabled only when it means something.
                click(b, "mechos-estop");
                awaitCondition("ESTOP_LATCHED", Duration.ofSeconds(10), () -> text(b, "mechos-safety-state").equals("ESTOP_LATCHED"));
                awaitCondition("Reset enabled", Duration.ofSeconds(5), () -> b.findElement(By.id("mechos-reset")).isEnabled());
                assertFalse(b.findElement(By.id("mechos-safety-resume")).isEnabled(), "nothing to resume while latched");
                robot.screenshot(("page-5-estop.png"));
                click(b, "mechos-reset");
                awaitCondition("awaiting resume", Duration.ofSeconds(10),
                        () -> text(b, "mechos-safety-state").equals("NOMINAL (awaiting resume)"));
                awaitCondition("Resume enabled, Reset disabled", Duration.ofSeconds(5),
                        () -> b.findElement(By.id("mechos-safety-resume")).isEnabled() && !b.findElement(By.id("mechos-reset")).isEnabled());
                click(b, "mechos-safety-resume");
                awaitCondition("NOMINAL after resume", Duration.ofSeconds(10), () -> text(b, "mechos-safety-state").equals("NOMINAL")
                        && !b.findElement(By.id("mechos-safety-resume")).isEnabled());
                robot.screenshot(("page-6-resumed.png"));

                // 5. A configuration the kernel refuses (outside the safety envelope) is shown on the page.
                Path speed = robot.home.resolve("conf/mechos.kernel.rule.speed.cfg");
                String good = Files.exists(speed) ? Files.readString(speed) : "max_linear=0.5\n";
                Files.writeString(speed, "max_linear=7.5\nmax_angular=1.5\nmax_linear_accel=0.8\nmax_angular_accel=3.0\naccel_window_ms=500\n");
                awaitCondition("rejected value shown", Duration.ofSeconds(30), () -> {
                    String t = text(b, "mechos-config-rejected");
                    return t.startsWith("Configuration rejected") && t.contains("mechos.kernel.rule.speed") && t.contains("7.5");
                });
                robot.screenshot(("page-7-config-rejected.png"));
                Files.writeString(speed, good);

                // 6. Recording with a topic selection, listed with a download link served behind the console login.
                click(b, "mechos-recorder-topics-refresh");
                awaitCondition("topics listed", Duration.ofSeconds(10),
                        () -> !b.findElements(By.cssSelector("#mechos-recorder-topics option[value='kernel/decisions']")).isEmpty());
                // (the list is rebuilt when the refresh answers, keeping the selection: select again if it was replaced)
                awaitCondition("kernel/decisions selected", Duration.ofSeconds(10), () -> {
                    try {
                        WebElement option = b.findElement(By.cssSelector("#mechos-recorder-topics option[value='kernel/decisions']"));
                        ((JavascriptExecutor) b).executeScript("arguments[0].scrollIntoView({block:'center'});", option);
                        if (!option.isSelected()) {
                            option.click();
                        }
                        return option.isSelected();
                    } catch (org.openqa.selenium.StaleElementReferenceException e) {
                        return false;
                    }
                });
                // a split chosen on the page (issue 17) is the split in force; the size field left empty keeps the
                // configured split size
                WebElement every = b.findElement(By.id("mechos-recorder-split-seconds"));
                every.clear();
                every.sendKeys("3600");
                click(b, "mechos-recorder-start");
                awaitCondition("recording", Duration.ofSeconds(10), () -> text(b, "mechos-recorder").startsWith("Recording to"));
                awaitCondition("the page's split in force", Duration.ofSeconds(10),
                        () -> text(b, "mechos-recorder").contains("every 3600 s"));
                http.post("mechos/api/drive", token, "linear=0.1&angular=0");
                http.post("mechos/api/stop", token, "");
                click(b, "mechos-recorder-stop");
                // (read in one script: the list is redrawn with every refresh)
                String[] link = new String[1];
                awaitCondition("recording listed with a link", Duration.ofSeconds(10), () -> {
                    link[0] = (String) ((JavascriptExecutor) b).executeScript(
                            "var a=document.querySelector('#mechos-recordings a.mechos-recording');return a?a.href:null;");
                    return link[0] != null;
                });
                String href = link[0];
                String rel = href.substring(href.indexOf("/system/console/") + "/system/console/".length());
                ConsoleHttp.Response file = http.get(rel);
                assertEquals(200, file.status(), rel);
                assertTrue(file.body().contains("MCAP"), "an MCAP file");
                assertEquals(401, http.getAs(rel, null, null).status(), "downloads need the console login");
                assertEquals(404, http.get("mechos/recordings/..%2Fconf%2Fmechos.kernel.cfg").status(), "only listed recordings");
                robot.screenshot(("page-8-recordings.png"));

                // 7. 2D pose estimate (last: it moves the map pose away from the truth): press at a point 0.5 m ahead and
                // drag along the heading; localisation takes the pose.
                JsonNode here = robot.pose();
                double th = here.path("theta").asDouble();
                double px = here.path("x").asDouble() + 0.5 * Math.cos(th);
                double py = here.path("y").asDouble() + 0.5 * Math.sin(th);
                click(b, "mechos-mode-pose");
                dragOnMap(b, px, py, px + Math.cos(th), py + Math.sin(th));
                awaitCondition("pose estimate accepted", Duration.ofSeconds(10),
                        () -> text(b, "mechos-message").startsWith("pose: pose estimate set"));
                // Perception's localisation received the pose the operator drew (its own log line). (Where the map pose
                // then goes is localisation's business: in SLAM mode, scan matching pulls a wrong estimate back.)
                java.util.regex.Pattern set = java.util.regex.Pattern.compile(
                        "localisation: pose estimate set to Pose2D\\[x=([-0-9.E]+), y=([-0-9.E]+), theta=([-0-9.E]+)\\]");
                double[] got = new double[3];
                awaitCondition("localisation logs the estimate", Duration.ofSeconds(10), () -> {
                    java.util.regex.Matcher m = set.matcher(robot.output());
                    if (!m.find()) {
                        return false;
                    }
                    for (int i = 0; i < 3; i++) {
                        got[i] = Double.parseDouble(m.group(i + 1));
                    }
                    return true;
                });
                assertTrue(Math.hypot(px - got[0], py - got[1]) < 0.05 && Math.abs(angle(got[2] - th)) < 0.1,
                        "estimate (" + px + ", " + py + ", " + th + ") arrived as " + java.util.Arrays.toString(got));
                robot.screenshot(("page-9-pose-estimate.png"));
                click(b, "mechos-mode-pan");

            });
        }
    }

    /** The E-STOP's box overlaps no panel of the page. */
    private static void assertEstopCoversNoPanel(WebDriver b) {
        Object overlaps = ((JavascriptExecutor) b).executeScript(
                "var e=document.getElementById('mechos-estop').getBoundingClientRect();var n=0;"
                        + "document.querySelectorAll('#mechos .mechos-panel').forEach(function(p){var r=p.getBoundingClientRect();"
                        + "if(e.left<r.right&&e.right>r.left&&e.top<r.bottom&&e.bottom>r.top){n++;}});return n;");
        assertEquals(0L, overlaps, "panels under the E-STOP button");
    }

    /** Offsets (CSS pixels) from the canvas centre of a map-frame point. */
    private static int[] offsets(WebDriver b, double x, double y) {
        @SuppressWarnings("unchecked")
        List<Number> o = (List<Number>) ((JavascriptExecutor) b).executeScript(
                "var c=document.getElementById('mechos-map');c.scrollIntoView({block:'center'});"
                        + "var r=c.getBoundingClientRect();var k=r.width/c.width;"
                        + "var cx=+c.getAttribute('data-cx'),cy=+c.getAttribute('data-cy'),s=+c.getAttribute('data-scale');"
                        + "return [(arguments[0]-cx)*s*k,-(arguments[1]-cy)*s*k];", x, y);
        return new int[] { (int) Math.round(o.get(0).doubleValue()), (int) Math.round(o.get(1).doubleValue()) };
    }

    private static void clickMap(WebDriver b, double x, double y) {
        int[] o = offsets(b, x, y);
        WebElement c = b.findElement(By.id("mechos-map"));
        new Actions(b).moveToElement(c, o[0], o[1]).click().perform();
    }

    private static void dragOnMap(WebDriver b, double x0, double y0, double x1, double y1) {
        int[] a = offsets(b, x0, y0);
        int[] z = offsets(b, x1, y1);
        WebElement c = b.findElement(By.id("mechos-map"));
        new Actions(b).moveToElement(c, a[0], a[1]).clickAndHold()
                .moveByOffset((z[0] - a[0]) / 2, (z[1] - a[1]) / 2)
                .moveByOffset(z[0] - a[0] - (z[0] - a[0]) / 2, z[1] - a[1] - (z[1] - a[1]) / 2).release().perform();
    }

    private static int count(WebDriver b, String attr) {
        String v = b.findElement(By.id("mechos")).getAttribute(attr);
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static double angle(double a) {
        return Math.IEEEremainder(a, 2 * Math.PI);
    }
}
