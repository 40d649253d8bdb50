package mechos.itest.process;

import static mechos.itest.support.MechosTestSupport.awaitCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import mechos.itest.support.MechosTestSupport;

/**
 * Issue 19: three robots from the exported jar, each its own JVM with its own run directory, console port and start
 * pose in one map, and a real Mosquitto on a free loopback port. Everything is read and done through each robot's
 * own Gogo console (on its standard input; the operator is the shell's agent) and its log:
 * <ol>
 * <li>presence: every robot sees both others online, with statuses younger than 2 s;</li>
 * <li>a broadcast from robot1 arrives on robot2's and robot3's bus;</li>
 * <li>a message from a robot outside the grants and one with a forged sender are dropped and counted;</li>
 * <li>robot3 faces robot2 0.95 m away in its own (empty) copy of the world: its forward Drive is rejected by the
 * clearance rule because of robot2's reported pose, while robot1's is approved;</li>
 * <li>a {@code goto} task posted as operator is awarded to exactly one robot (all three replicas agree), whose
 * built-in executor drives it to the goal through its kernel and completes it;</li>
 * <li>a second task's winner is killed with SIGKILL after it started moving: the task is re-awarded and completed
 * by another robot, which ends at the goal;</li>
 * <li>Mosquitto is restarted while a third task is driven: the survivors reconnect and see each other, and the task
 * is started once and completed.</li>
 * </ol>
 * Prints the PostTask → start → first approved motion and kill → re-award times (bench/REPORT-fleet.md).
 */
class FleetProcessIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration SHELL = Duration.ofSeconds(30);
    private static final Pattern APPROVED = Pattern.compile("approved intent (\\S+): ");
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

    private final List<RobotProcess> robots = new ArrayList<>();
    private final List<Path> homes = new ArrayList<>();
    private Process broker;

    @AfterEach
    void stopAll() throws InterruptedException, IOException {
        for (int i = 0; i < robots.size(); i++) {
            robots.get(i).close();
            // For the report and for diagnosis: each robot's console next to its run directory.
            Files.writeString(homes.get(i).resolve("console.log"), robots.get(i).output());
        }
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(10, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void threeRobotsShareOneFleetThroughMosquitto() throws Exception {
        Path mosquitto = binary("mosquitto");
        Path pub = binary("mosquitto_pub");
        Path work = MechosTestSupport.freshRunDirectory();
        int port = startBroker(mosquitto, work.resolve("broker"));

        // robot1 (0, -1.5) and robot2 (0, 0) face +x; robot3 (0, 0.95) faces -y, towards robot2.
        double[][] poses = { { 0, -1.5, 0 }, { 0, 0, 0 }, { 0, 0.95, -Math.PI / 2 } };
        for (int i = 0; i < 3; i++) {
            Path home = work.resolve("robot" + (i + 1));
            configure(home, "robot" + (i + 1), port, poses[i]);
            homes.add(home);
            robots.add(RobotProcess.start(home, MechosTestSupport.freePort(), Map.of(),
                    List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", RobotProcess.GOGO_ON_STDIN)));
        }
        RobotProcess r1 = robots.get(0);
        RobotProcess r2 = robots.get(1);
        RobotProcess r3 = robots.get(2);
        for (RobotProcess r : robots) {
            awaitCondition("robot ready", BOOT, () -> {
                if (!r.process.isAlive()) {
                    throw new AssertionError("robot exited:\n" + r.output());
                }
                return r.output().contains("MechOS is ready") && r.output().contains("fleet goto executor ready");
            });
        }

        // 1. Presence: all see all, with fresh statuses.
        for (RobotProcess r : robots) {
            awaitCondition("fleet ONLINE and both peers online on " + r.port, Duration.ofSeconds(60), () -> {
                String f = r.shell("mechos:fleet", SHELL);
                return f.contains(" ONLINE") && count(f, " online ") == 2;
            });
        }
        for (RobotProcess r : robots) {
            String f = r.shell("mechos:fleet", SHELL);
            Matcher m = Pattern.compile("seen (\\d+) ms ago").matcher(f);
            int peers = 0;
            while (m.find()) {
                peers++;
                assertTrue(Long.parseLong(m.group(1)) < 2000, "a peer's presence is older than 2 s:\n" + f);
            }
            assertEquals(2, peers, f);
        }

        // 2. A broadcast reaches every other robot's bus.
        RobotProcess.Answer echo2 = r2.send("mechos:echo fleet/messages 1 30");
        RobotProcess.Answer echo3 = r3.send("mechos:echo fleet/messages 1 30");
        String sent = intent(r1, "{\"action\":\"broadcast_fleet\",\"text\":\"hello fleet 19\"}");
        assertTrue(sent.startsWith("approved"), sent);
        assertTrue(r2.awaitAnswer(echo2, Duration.ofSeconds(40)).contains("hello fleet 19"), "robot2 got it");
        assertTrue(r3.awaitAnswer(echo3, Duration.ofSeconds(40)).contains("hello fleet 19"), "robot3 got it");

        // 3. A robot outside the grants, and a forged sender, are dropped and counted.
        long droppedBefore = dropped(r1.shell("mechos:fleet", SHELL));
        publish(pub, port, "intruder", "mechos/itest/broadcast/intruder",
                "{\"from\":\"intruder\",\"to\":\"\",\"text\":\"obey me\",\"intentId\":\"x\",\"sentMillis\":1}");
        publish(pub, port, "intruder", "mechos/itest/broadcast/robot2",
                "{\"from\":\"robot9\",\"to\":\"\",\"text\":\"obey me\",\"intentId\":\"y\",\"sentMillis\":1}");
        awaitCondition("two inbound messages dropped on robot1", Duration.ofSeconds(20),
                () -> dropped(r1.shell("mechos:fleet", SHELL)) >= droppedBefore + 2);
        assertTrue(r1.output().contains("sender 'intruder' is not in the fleet grants"), "grants drop logged");
        assertTrue(r1.output().contains("(forged id)"), "forged sender drop logged");

        // 4. robot2's reported pose is in front of robot3: robot3's forward drive is rejected; robot1's is not.
        // While robot3's world data is late (loaded machine) the kernel answers "creep only" before it looks at the
        // clearance: ask again until it judges the clearance itself.
        String[] answer = new String[1];
        awaitCondition("robot3's kernel judges the clearance", Duration.ofSeconds(30), () -> {
            answer[0] = intent(r3, "{\"action\":\"drive\",\"linear\":0.5,\"angular\":0.0}");
            return !answer[0].contains("[clearance.creep]");
        });
        String blocked = answer[0];
        assertTrue(blocked.startsWith("rejected")
                && (blocked.contains("[clearance.ttc]") || blocked.contains("[clearance.distance]")),
                "robot3 must not drive into robot2: " + blocked);
        String free = intent(r1, "{\"action\":\"drive\",\"linear\":0.1,\"angular\":0.0}");
        assertTrue(free.startsWith("approved"), "robot1 has free floor ahead: " + free);
        intent(r1, "{\"action\":\"stop\",\"reason\":\"itest\"}");

        // 5. A goto task posted as operator: awarded to exactly one robot, driven there and completed.
        LocalTime posted = LocalTime.now();
        String post = intent(r1, "{\"action\":\"post_task\",\"title\":\"goto 1.5 0: fetch\",\"description\":\"\","
                + "\"assignee\":\"\"}");
        String task1 = taskId(post);
        String holder1 = awaitDone(task1, Duration.ofSeconds(90));
        RobotProcess winner1 = byId(holder1);
        assertEquals(1, robotsThatStarted(task1), "exactly one robot executed task 1");
        assertTrue(winner1.output().contains("goto task " + task1 + ": goal (1.5, 0.0) reached"),
                "the winner reached the goal");
        assertPeerNear(other(winner1), holder1, 1.5, 0.0);
        report("task 1 (" + holder1 + ")", posted, winner1, task1);

        // 6. The winner of a second task dies (SIGKILL) while driving: another robot gets it and completes it.
        LocalTime posted2 = LocalTime.now();
        String task2 = taskId(intent(r2, "{\"action\":\"post_task\",\"title\":\"goto -2 -0.5: bring\","
                + "\"description\":\"\",\"assignee\":\"\"}"));
        awaitCondition("a robot moves for task 2", Duration.ofSeconds(60),
                () -> robots.stream().anyMatch(r -> r.output().contains("goto task " + task2 + ": first approved")));
        RobotProcess victim = robots.stream()
                .filter(r -> r.output().contains("goto task " + task2 + ": first approved")).findFirst().orElseThrow();
        report("task 2 first winner", posted2, victim, task2);
        LocalTime killed = LocalTime.now();
        victim.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no last status, no goodbye
        String holder2 = awaitDone(task2, Duration.ofSeconds(120));
        RobotProcess winner2 = byId(holder2);
        assertNotEquals(victim, winner2, "completed by a survivor");
        assertTrue(winner2.output().contains("goto task " + task2 + ": goal (-2.0, -0.5) reached"));
        assertPeerNear(robots.stream().filter(r -> r != victim && r != winner2).findFirst().orElseThrow(), holder2,
                -2.0, -0.5);
        long reaward = millisBetween(killed, logTime(winner2, "goto task " + task2 + ": started"));
        System.out.printf("FLEET-MEASURE kill -9 -> re-award start on %s: %d ms; -> first approved motion %d ms%n",
                holder2, reaward, millisBetween(killed, logTime(winner2, "goto task " + task2 + ": first approved")));

        // 7. Mosquitto restarts while a third task is being driven: the survivors reconnect, see each other again,
        // and the task is completed by one robot, started once (persistent sessions keep the market's history).
        List<RobotProcess> survivors = robots.stream().filter(r -> r.process.isAlive()).toList();
        String task3 = taskId(intent(survivors.get(0), "{\"action\":\"post_task\",\"title\":\"goto -1 0.5: carry\","
                + "\"description\":\"\",\"assignee\":\"\"}"));
        awaitCondition("a robot moves for task 3", Duration.ofSeconds(60),
                () -> survivors.stream().anyMatch(r -> r.output().contains("goto task " + task3 + ": first approved")));
        restartBroker(mosquitto, work.resolve("broker"), port);
        String holder3 = awaitDone(task3, Duration.ofSeconds(120));
        assertEquals(1, robotsThatStarted(task3), "task 3 executed by exactly one robot across the broker restart");
        assertTrue(byId(holder3).output().contains("goto task " + task3 + ": goal (-1.0, 0.5) reached"));
        // every completed task is marked on its executor's task board as reached (the market ends the lease inside
        // the completion call: the board once said "lease ended" and the accepted completion found its claim gone)
        for (RobotProcess r : robots) {
            assertFalse(r.output().contains("not marked: claim lost"), "task board entry left unmarked:\n"
                    + r.output());
        }
        for (RobotProcess r : survivors) {
            awaitCondition("fleet ONLINE again with the other survivor online on " + r.port, Duration.ofSeconds(60),
                    () -> {
                        String f = r.shell("mechos:fleet", SHELL);
                        return f.contains(" ONLINE") && count(f, " online ") == 1;
                    });
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Path binary(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(name + " is not installed (cnf/test-packages.txt lists mosquitto, "
                    + "mosquitto-clients)");
        }
        Assumptions.assumeTrue(false, name + " not installed: the fleet process test is skipped outside CI");
        return null;
    }

    /** Stops Mosquitto (SIGTERM: it saves its persistent state) and starts it again on the same port. */
    private void restartBroker(Path mosquitto, Path dir, int port) throws IOException, InterruptedException {
        broker.destroy();
        assertTrue(broker.waitFor(10, TimeUnit.SECONDS), "mosquitto stopped");
        startBroker(mosquitto, dir, port);
    }

    /** Mosquitto on a free loopback port, anonymous (the ACL is tested in mechos.fleet), persistence on. */
    private int startBroker(Path mosquitto, Path dir) throws IOException {
        return startBroker(mosquitto, dir, MechosTestSupport.freePort());
    }

    private int startBroker(Path mosquitto, Path dir, int port) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
                + "user " + System.getProperty("user.name") + "\npersistence true\npersistence_location "
                + dir.resolve("data") + "/\nlog_dest file " + dir.resolve("mosquitto.log")
                + "\nmax_queued_messages 10000\nset_tcp_nodelay true\n");
        broker = new ProcessBuilder(mosquitto.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        awaitCondition("mosquitto listens on " + port, Duration.ofSeconds(20), () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                if (!broker.isAlive()) {
                    throw new AssertionError("mosquitto exited", notYet);
                }
                return false;
            }
        });
        return port;
    }

    /** The run directory's conf/ before the first start: the platform only adds the files that are missing. */
    private static void configure(Path home, String id, int port, double[] pose) throws IOException {
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        Files.writeString(conf.resolve("mechos.fleet.cfg"), "robot.id=" + id + "\nfleet=itest\n"
                + "broker.uri=tcp://127.0.0.1:" + port + "\nallowed.peers=robot1,robot2,robot3\n"
                // A peer's footprint grows with the age of its status (and a killed robot's last one stays in
                // everyone's clearance): a short presence period and a small cap keep robot2, 0.95 m from robot3,
                // free to leave, while robot3's forward drive towards it stays inside the kernel's 1 s.
                + "presence.period.ms=200\npeer.max.radius.m=0.45\n");
        Files.writeString(conf.resolve("mechos.hal.sim.robot-default.cfg"), "mechos.sim.robot=robot\n"
                + "world.target=(mechos.sim.world=default)\nstartX=" + pose[0] + "\nstartY=" + pose[1]
                + "\nstartTheta=" + pose[2] + "\nfootprintRadius=0.2\nmaxLinear=1.0\nmaxAngular=2.0\n"
                + "maxWheelAccel=1.0\nphysicsRate=100\nrealTimeFactor=1.0\nseed=0\n");
        // Three robots and the build share 2 loaded cores here: their simulators fall behind real time, and world
        // data older than the shipped 500 ms makes the kernel answer "creep only". Allow 1 s, the development
        // envelope's limit (the clearance and time-to-collision checks themselves are unchanged); the goto executors
        // read the kernel's limit, so they plan with the same 1 s.
        Path shipped = MechosTestSupport.runJar().getParent().getParent().getParent()
                .resolve("cnf/conf/mechos.kernel.cfg");
        String kernel = Files.readString(shipped);
        assertTrue(kernel.contains("\nclearance_max_age_ms=500\n"), "shipped kernel configuration changed");
        Files.writeString(conf.resolve("mechos.kernel.cfg"),
                kernel.replace("\nclearance_max_age_ms=500\n", "\nclearance_max_age_ms=1000\n"));
        // Localisation off (map -> odom = identity; the simulated odometry starts at the start pose, in the shared
        // frame): with three simulators falling behind real time on this loaded machine, SLAM's scan matching went
        // LOST and the kernel held robot3 to creep speed. This test is about the fleet, not drift correction.
        Files.writeString(conf.resolve("mechos.perception.localisation.cfg"), "mode=OFF\nmap=\ninitial.x=" + pose[0]
                + "\ninitial.y=" + pose[1] + "\ninitial.theta.deg=" + Math.toDegrees(pose[2]) + "\nlost.after=10\n");
        // Without a model the brain's fallback holds still (the shipped patrol would move the robots around).
        Files.writeString(conf.resolve("mechos.runtime.agent.cfg"), "fallback.tree=hold\n");
    }

    /** @return the line of the answer that says "approved ..." or "rejected ...", or the whole answer */
    private static String intent(RobotProcess r, String json) {
        String a = r.shell("mechos:intent operator '" + json + "'", SHELL);
        for (String line : a.split("\n")) {
            String l = line.strip();
            if (l.startsWith("approved") || l.startsWith("rejected")) {
                return l;
            }
        }
        return a;
    }

    private static String taskId(String answer) {
        Matcher m = APPROVED.matcher(answer);
        assertTrue(answer.startsWith("approved") && m.find(), "PostTask approved: " + answer);
        return m.group(1);
    }

    private static void publish(Path pub, int port, String client, String topic, String payload)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(pub.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-V", "5",
                "-i", client, "-q", "1", "-t", topic, "-m", payload).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mosquitto_pub finished");
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** @return the holder once every living robot's replica shows the task DONE by the same holder */
    private String awaitDone(String taskId, Duration timeout) {
        String[] holder = new String[1];
        awaitCondition("task " + taskId + " DONE on every living robot", timeout, () -> {
            String seen = null;
            for (RobotProcess r : robots) {
                if (!r.process.isAlive()) {
                    continue;
                }
                Optional<String[]> row = marketRow(r.shell("mechos:market", SHELL), taskId);
                if (row.isEmpty() || !row.get()[0].equals("DONE")) {
                    return false;
                }
                if (seen != null && !seen.equals(row.get()[1])) {
                    throw new AssertionError("replicas disagree on the holder of " + taskId + ": " + seen + " / "
                            + row.get()[1]);
                }
                seen = row.get()[1];
            }
            holder[0] = seen;
            return true;
        });
        return holder[0];
    }

    /** @return {phase, holder} of the task in a {@code mechos:market} answer */
    private static Optional<String[]> marketRow(String market, String taskId) {
        Matcher m = Pattern.compile(Pattern.quote(taskId) + "\\s+\\S+\\s+(\\S+)\\s+round \\d+ holder (\\S+)")
                .matcher(market);
        return m.find() ? Optional.of(new String[] { m.group(1), m.group(2) }) : Optional.empty();
    }

    private int robotsThatStarted(String taskId) {
        return (int) robots.stream().filter(r -> r.output().contains("goto task " + taskId + ": started")).count();
    }

    private RobotProcess byId(String robotId) {
        int i = Integer.parseInt(robotId.replace("robot", "")) - 1;
        return robots.get(i);
    }

    private RobotProcess other(RobotProcess r) {
        return robots.stream().filter(o -> o != r && o.process.isAlive()).findFirst().orElseThrow();
    }

    /** The observer sees the peer within 0.35 m of (x, y) (its goal tolerance 0.25 m plus presence lag). */
    private static void assertPeerNear(RobotProcess observer, String peer, double x, double y) {
        awaitCondition(peer + " near (" + x + ", " + y + ") as seen by a peer", Duration.ofSeconds(20), () -> {
            Matcher m = Pattern.compile(Pattern.quote(peer) + "\\s+online\\s+x (\\S+) y (\\S+)")
                    .matcher(observer.shell("mechos:fleet", SHELL));
            return m.find() && Math.hypot(Double.parseDouble(m.group(1)) - x, Double.parseDouble(m.group(2)) - y)
                    <= 0.35;
        });
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static long dropped(String fleet) {
        Matcher m = Pattern.compile("dropped-in (\\d+)").matcher(fleet);
        assertTrue(m.find(), fleet);
        return Long.parseLong(m.group(1));
    }

    /** @return the time stamp of the robot's first log line containing {@code text} */
    private static LocalTime logTime(RobotProcess r, String text) {
        for (String line : r.output().split("\n")) {
            String l = line.startsWith("g! ") ? line.substring(3) : line;
            Matcher m = LOG_TIME.matcher(l);
            if (l.contains(text) && m.find()) {
                return LocalTime.parse(m.group(1));
            }
        }
        throw new AssertionError("no log line with '" + text + "'");
    }

    private static long millisBetween(LocalTime from, LocalTime to) {
        return ChronoUnit.MILLIS.between(from, to);
    }

    private static void report(String what, LocalTime posted, RobotProcess winner, String taskId) {
        System.out.printf("FLEET-MEASURE %s: PostTask -> start %d ms, -> first approved motion %d ms%n", what,
                millisBetween(posted, logTime(winner, "goto task " + taskId + ": started")),
                millisBetween(posted, logTime(winner, "goto task " + taskId + ": first approved")));
        assertFalse(winner.output().isEmpty());
    }
}
