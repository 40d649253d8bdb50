package mechos.itest.process;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import mechos.itest.support.MechosTestSupport;

/**
 * Issue 15: a safety limit lowered in the Web Console's configuration form survives a restart (before, the form save
 * dropped FileInstall's file reference and the unchanged {@code conf/} file raised the limit again on the next
 * start), a value the kernel refuses ends up neither in force nor in the file, and a refused value prints no stack
 * trace.
 */
class ConsoleEditPersistenceProcessIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final String SPEED = "mechos.kernel.rule.speed";
    private static final String FORM = "apply=true&action=ajaxConfigManager"
            + "&propertylist=max_linear,max_angular,max_linear_accel,max_angular_accel,accel_window_ms"
            + "&max_angular=1.5&max_linear_accel=0.8&max_angular_accel=3.0&accel_window_ms=500&max_linear=";
    private static final Pattern STACK = Pattern.compile("^\\s+at [\\w.$]+\\(|Exception in|^Caused by:",
            Pattern.MULTILINE);

    @Test
    void aLimitLoweredInTheConsoleFormIsKeptAcrossARestartAndARefusedValueNeverReachesTheFile() throws Exception {
        Path home = MechosTestSupport.freshRunDirectory();
        Path file = home.resolve("conf/" + SPEED + ".cfg");
        String password;
        try (RobotProcess robot = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            robot.awaitConsole(BOOT);
            password = awaitPassword(robot, home);
            awaitCondition("the agent started (conf/ applied, kernel up)", Duration.ofSeconds(60),
                    () -> robot.output().contains("agent 'brain' started"));
            assertTrue(Files.readString(file).contains("max_linear=0.5"), "shipped value");

            int saved = robot.post("configMgr/" + SPEED, "admin", password, FORM + "0.4");
            assertTrue(saved == 200 || saved == 302, "config manager accepted the change, got " + saved);
            awaitCondition("the kernel applied max_linear 0.4", Duration.ofSeconds(20),
                    () -> robot.output().matches("(?s).*safety configuration " + Pattern.quote(SPEED)
                            + " changed by [^\n]*max_linear 0\\.5 -> 0\\.4.*"));
            awaitCondition("the form's change is written to " + file, Duration.ofSeconds(20),
                    () -> "0.4".equals(fileValue(file, "max_linear")));
            String text = Files.readString(file);
            assertTrue(text.startsWith("# MechOS rule: speed"), "the file's comment is kept:\n" + text);

            // The console's "Log Service" page (it said "not installed") lists the kernel's line, once; the log
            // file has it once too (the OSGi log bridge copies, never duplicates).
            String marker = "max_linear 0.5 -> 0.4";
            String[] logs = new String[1];
            awaitCondition("the kernel's line on the console's log page", Duration.ofSeconds(20), () -> {
                try {
                    logs[0] = get(robot, "logs/data.json?minLevel=4&traces=false", password);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return logs[0].contains(marker);
            });
            assertTrue(logs[0].contains("\"status\":true"), logs[0]);
            assertEquals(1, logs[0].split(Pattern.quote(marker), -1).length - 1, "once on the log page: " + logs[0]);
            Path logFile = home.resolve("logs/mechos.log");
            assertEquals(1, read(logFile).split(Pattern.quote(marker), -1).length - 1, "once in " + logFile);

            // A value outside the envelope: refused, set back, and the file ends up with the value in force.
            int before = robot.output().length();
            int refused = robot.post("configMgr/" + SPEED, "admin", password, FORM + "-1");
            assertTrue(refused == 200 || refused == 302, "config manager answered " + refused);
            awaitCondition("the refusal is reported", Duration.ofSeconds(20),
                    () -> robot.output().substring(before).contains("Config Admin set back to the values in force"));
            awaitCondition("the file holds the value in force again", Duration.ofSeconds(20),
                    () -> "0.4".equals(fileValue(file, "max_linear")) && inForce(robot, password, "0.4"));
            String after = robot.output().substring(before);
            assertFalse(STACK.matcher(after).find(), "no stack trace for a refused value:\n" + after);

            robot.sigterm();
            assertTrue(robot.process.waitFor(10, TimeUnit.SECONDS), "exits within 10 s of SIGTERM");
        }

        try (RobotProcess again = RobotProcess.start(home, MechosTestSupport.freePort(), Map.of())) {
            again.awaitConsole(BOOT);
            awaitCondition("the agent started after the restart", Duration.ofSeconds(60),
                    () -> again.output().contains("agent 'brain' started"));
            String pw = password;
            awaitCondition("console login after the restart", Duration.ofSeconds(20),
                    () -> again.status("bundles", "admin", pw) == 200);
            assertTrue(inForce(again, password, "0.4"), "max_linear 0.4 in force after the restart: "
                    + get(again, "configMgr/" + SPEED + ".json", password));
            assertEquals("0.4", fileValue(file, "max_linear"), Files.readString(file));
            assertFalse(again.output().contains("max_linear 0.4 -> 0.5"), "never silently raised again");

            // Factory configurations have readable names in the console's configuration list (metatype name hint).
            String configList = get(again, "configMgr", password);
            assertTrue(configList.contains("Simulated battery battery"), "readable factory configuration name");

            // A change to the file still applies live.
            // (The kernel's set-back above is written by FileInstall itself, in its typed syntax: max_linear = D"0.4".)
            String text = read(file);
            Files.writeString(file, text.replaceAll("(?m)^max_linear\\s*=.*$",
                    text.contains("= D\"") ? "max_linear = D\"0.3\"" : "max_linear=0.3"));
            awaitCondition("the file's change applied", Duration.ofSeconds(20),
                    () -> again.output().matches("(?s).*safety configuration " + Pattern.quote(SPEED)
                            + " changed by conf/ file [^\n]*max_linear 0\\.4 -> 0\\.3.*"));

            // A value outside a device's metatype bounds: one WARN naming PID, key, value and reason; the device
            // keeps its last good value; no SCR stack trace.
            int before = again.output().length();
            Path battery = home.resolve("conf/mechos.hal.sim.battery-battery.cfg");
            Files.writeString(battery, read(battery) + "lowThreshold=5\n");
            awaitCondition("the battery configuration is rejected", Duration.ofSeconds(20),
                    () -> again.output().substring(before).contains(
                            "configuration mechos.hal.sim.battery~battery rejected: lowThreshold=5"));
            String after = again.output().substring(before);
            assertFalse(STACK.matcher(after).find(), "no stack trace for a rejected value:\n" + after);
            // The form shows what is in force, not the refused value, and the MechOS page lists the refusal.
            awaitCondition("Config Admin set back from the refused lowThreshold", Duration.ofSeconds(20), () -> {
                try {
                    return !get(again, "configMgr/mechos.hal.sim.battery~battery.json", pw)
                            .matches("(?s).*\"lowThreshold\":\\{[^}]*\"value\":\"?5(\\.0)?\"?[,}].*");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            String state = get(again, "mechos/state.json", pw);
            assertTrue(state.contains("rejected: lowThreshold=5"), "the MechOS page lists the refusal: " + state);
            assertEquals(1, after.split("rejected: lowThreshold=5", -1).length - 1, "reported once:\n" + after);
        }
    }

    private static String awaitPassword(RobotProcess robot, Path home) throws Exception {
        Path passwordFile = home.resolve("console-password");
        awaitCondition("generated console password file", Duration.ofSeconds(20), () -> Files.exists(passwordFile)
                && !read(passwordFile).isBlank());
        String password = Files.readString(passwordFile).trim();
        awaitCondition("console accepts the generated password", Duration.ofSeconds(20),
                () -> robot.status("bundles", "admin", password) == 200);
        return password;
    }

    /** @return true if the console's configuration manager shows {@code max_linear} = {@code value} */
    private static boolean inForce(RobotProcess robot, String password, String value) {
        String json;
        try {
            json = get(robot, "configMgr/" + SPEED + ".json", password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Pattern.compile("\"max_linear\":\\{[^}]*\"value\":\"?" + Pattern.quote(value) + "\"?[,}]")
                .matcher(json).find();
    }

    /** @return the value of {@code key} in a .cfg file, plain ({@code k=v}) or FileInstall's typed syntax ({@code k = D"v"}) */
    private static String fileValue(Path file, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=\\s*(?:[A-Za-z]?\")?([^\"\n]*)\"?\\s*$")
                .matcher(read(file));
        return m.find() ? m.group(1).trim() : null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String get(RobotProcess robot, String page, String password) throws IOException {
        HttpURLConnection con = (HttpURLConnection) new URL(robot.url(page)).openConnection();
        con.setConnectTimeout(1000);
        con.setReadTimeout(5000);
        con.setRequestProperty("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        try {
            assertEquals(200, con.getResponseCode(), "GET " + page);
            return new String(con.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            con.disconnect();
        }
    }
}
