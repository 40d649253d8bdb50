package mechos.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import mechos.platform.api.ComponentProperties;
import mechos.platform.api.ConfigurationChecks;
import mechos.platform.api.ConfigurationProblem;

/**
 * The "MechOS" page of the Felix Web Console, a plain servlet registered as a console plugin (label
 * {@value #LABEL}). The console authenticates every request before it reaches this servlet (401 otherwise) and
 * draws its own header and navigation around the page, so the page has the console's login and look.
 *
 * <p>Paths below {@code /system/console/mechos}: {@code /} the page; {@code /res/*} its script and style (served
 * by the console from this bundle); {@code /state.json} and {@code /map.json} the live data the page polls;
 * {@code /metrics.txt} Prometheus text; {@code /token.txt} the user's CSRF token as text (for scripts); {@code POST /api/<action>} the operator's actions, each requiring the
 * CSRF token of {@link CsrfGuard} in the {@value CsrfGuard#HEADER} header.
 */
@Component(service = Servlet.class, configurationPid = ConsoleConfig.PID, property = {
        "felix.webconsole.label=" + MechosPlugin.LABEL, "felix.webconsole.title=MechOS",
        "felix.webconsole.category=MechOS" })
@Designate(ocd = ConsoleConfig.class)
public final class MechosPlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MechosPlugin.class);
    /** The console label: the page is at {@code /system/console/mechos}. */
    static final String LABEL = "mechos";
    /** Request attribute set by the OSGi HTTP service to the authenticated user (ServletContextHelper.REMOTE_USER). */
    private static final String REMOTE_USER = "org.osgi.service.http.authentication.remote.user";
    private static final String PLUGIN_ROOT = "felix.webconsole.pluginRoot";
    private static final String RECORDINGS = "/recordings/";
    static final int RECORDINGS_LISTED = 200;
    private static final String SIM_BUNDLE = "mechos.hal.sim";
    /** Period of the goal follower's control steps. */
    static final long GOAL_STEP_MS = 100;
    /** Largest map view radius (m) the page may ask for. */
    static final double MAX_VIEW_RADIUS = 200;

    private final transient ObjectMapper json = new ObjectMapper();
    private final transient AtomicReference<ConsoleConfig> config;
    private final transient CsrfGuard csrf;
    private final transient StateView state;
    private final transient MapDocument map;
    private final transient MetricsReport metrics;
    private final transient OperatorActions actions;
    private final transient RobotServices services;
    private final transient PageSensors sensors;
    private final transient LiveView live;
    private final transient GoalFollower goals;
    private final transient StaticMapLayer staticMap;
    private final transient ScheduledExecutorService scheduler;

    @Activate
    public MechosPlugin(@Reference RobotServices services, @Reference BusMonitor monitor, @Reference CsrfGuard csrf,
            @Reference BatteryGauges batteries, @Reference FleetGauges fleetGauges, @Reference PageSensors sensors, BundleContext context,
            ConsoleConfig config) {
        validate(config);
        this.config = new AtomicReference<>(config);
        this.csrf = csrf;
        this.services = services;
        this.sensors = sensors;
        this.state = new StateView(services, monitor);
        this.map = new MapDocument(services, monitor);
        org.osgi.framework.Bundle bundle = org.osgi.framework.FrameworkUtil.getBundle(MechosPlugin.class);
        this.metrics = new MetricsReport(services, monitor, new MemoryProbe(TimeUnit.SECONDS.toNanos(1)),
                new JvmMetrics(bundle == null ? "unknown" : bundle.getVersion().toString()), batteries,
                fleetGauges);
        this.goals = new GoalFollower(services, System::nanoTime);
        this.actions = new OperatorActions(services, monitor, sensors, goals);
        this.live = new LiveView(services, sensors, System::nanoTime);
        this.staticMap = new StaticMapLayer(name -> simWorldResource(context, name));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mechos-webconsole-goal");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(goals::step, GOAL_STEP_MS, GOAL_STEP_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops a goal in progress (a Stop as the operator) and the goal scheduler. */
    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
        try {
            goals.cancel("the MechOS page was stopped");
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("stopping the page's goal failed", e);
        }
    }

    /** Opens {@code /worlds/<name>} of the simulator bundle, or null when it is absent. */
    private static java.io.InputStream simWorldResource(BundleContext context, String name) {
        if (name.contains("..") || name.startsWith("/")) {
            return null;
        }
        for (org.osgi.framework.Bundle b : context.getBundles()) {
            if (SIM_BUNDLE.equals(b.getSymbolicName())) {
                return StaticMapLayer.open(b.getEntry("/worlds/" + name));
            }
        }
        return null;
    }

    @Modified
    void modified(ConsoleConfig c) {
        validate(c);
        config.set(c);
        LOG.info("MechOS console page configuration changed");
    }

    /**
     * @return what the activation (and a modification) would refuse in these proposed values, one problem per key:
     *         the checks of {@link #validate}
     */
    static List<ConfigurationProblem> problems(Map<String, Object> values) {
        ConsoleConfig c = ComponentProperties.as(ConsoleConfig.class, values);
        return new ConfigurationChecks()
                .check(() -> checkMapRadius(c.map__radius()), "map_radius")
                .check(() -> checkMaxCells(c.max__cells()), "max_cells")
                .check(() -> checkSpeed("drive_linear", c.drive__linear()), "drive_linear")
                .check(() -> checkSpeed("drive_angular", c.drive__angular()), "drive_angular")
                .check(() -> checkRefresh(c.refresh__ms()), "refresh_ms")
                .problems();
    }

    /** The activation's and modification's check of the page's configuration. */
    static void validate(ConsoleConfig c) {
        checkMapRadius(c.map__radius());
        checkMaxCells(c.max__cells());
        checkSpeed("drive_linear", c.drive__linear());
        checkSpeed("drive_angular", c.drive__angular());
        checkRefresh(c.refresh__ms());
    }

    private static void checkMapRadius(double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("map_radius must be a positive number, was " + radius);
        }
    }

    private static void checkMaxCells(int maxCells) {
        if (maxCells < 0) {
            throw new IllegalArgumentException("max_cells must be >= 0, was " + maxCells);
        }
    }

    private static void checkSpeed(String key, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException(key + " must be positive, was " + speed);
        }
    }

    private static void checkRefresh(int refreshMs) {
        if (refreshMs < 50) {
            throw new IllegalArgumentException("refresh_ms must be at least 50, was " + refreshMs);
        }
    }

    /** @return the path below the plugin label, e.g. {@code /state.json}; empty for the page itself */
    static String subPath(HttpServletRequest req) {
        String p = req.getPathInfo();
        if (p == null) {
            return "";
        }
        String prefix = "/" + LABEL;
        if (p.startsWith(prefix)) {
            p = p.substring(prefix.length());
        }
        return p.equals("/") ? "" : p;
    }

    static String user(HttpServletRequest req) {
        Object u = req.getAttribute(REMOTE_USER);
        if (u != null) {
            return u.toString();
        }
        return req.getRemoteUser() == null ? "" : req.getRemoteUser();
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        try {
            switch (subPath(req)) {
            case "":
                page(req, resp);
                break;
            case "/state.json": {
                Map<String, Object> s = state.state();
                s.put("metrics", metrics.summary());
                s.put("live", live.live());
                s.put("goal", goals.status());
                sendJson(resp, 200, s);
                break;
            }
            case "/map.json": {
                ConsoleConfig c = config.get();
                double r = number(req, "r");
                double radius = Double.isFinite(r) && r > 0 ? Math.min(r, MAX_VIEW_RADIUS) : c.map__radius();
                Map<String, Object> m = map.map(number(req, "cx"), number(req, "cy"), radius, c.max__cells());
                m.put("staticMap", staticLayer().map(StaticMapLayer.Layer::describe).orElse(null));
                m.put("goal", goals.status());
                sendJson(resp, 200, m);
                break;
            }
            case "/staticmap.png": {
                Optional<StaticMapLayer.Layer> l = staticLayer();
                if (l.isEmpty()) {
                    sendJson(resp, 404, OperatorActions.result(false, "no static map configured or loadable"));
                } else {
                    resp.setHeader("Cache-Control", "private, max-age=60");
                    resp.setStatus(200);
                    resp.setContentType("image/png");
                    resp.setContentLength(l.get().png().length);
                    resp.getOutputStream().write(l.get().png());
                }
                break;
            }
            case "/logs.json": {
                double n = number(req, "max");
                Map<String, Object> l;
                try {
                    // Logback is an optional import: without it LogView cannot even be loaded.
                    l = new LogView(org.slf4j.LoggerFactory::getILoggerFactory).recent(req.getParameter("level"),
                            Double.isFinite(n) && n > 0 ? (int) Math.min(n, 300) : 100);
                } catch (LinkageError e) {
                    l = new java.util.LinkedHashMap<>(OperatorActions.result(false, "Logback is not installed"));
                    l.put("available", false);
                    l.put("reason", "Logback is not installed: " + e);
                    l.put("events", List.of());
                }
                sendJson(resp, 200, l);
                break;
            }
            case "/topics.json":
                sendJson(resp, 200, sensors.topics());
                break;
            case "/token.txt":
                noCache(resp);
                resp.setStatus(200);
                resp.setContentType("text/plain; charset=utf-8");
                resp.getOutputStream().write((csrf.tokenFor(user(req)) + "\n").getBytes(StandardCharsets.UTF_8));
                break;
            case "/metrics.txt":
                noCache(resp);
                resp.setStatus(200);
                resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
                resp.getOutputStream().write(metrics.prometheus().getBytes(StandardCharsets.UTF_8));
                break;
            default:
                if (subPath(req).startsWith(RECORDINGS)) {
                    recording(subPath(req).substring(RECORDINGS.length()), resp);
                } else {
                    sendJson(resp, 404, OperatorActions.result(false, "no such MechOS resource: " + subPath(req)));
                }
                break;
            }
        } catch (IOException e) {
            LOG.debug("writing a MechOS console response failed (client gone?)", e);
        } catch (RuntimeException e) {
            LOG.warn("MechOS console GET {} failed", req.getPathInfo(), e);
            fail(resp, e);
        }
    }

    /**
     * An operator action: CSRF token first (403), then (except for the e-stop, which takes no parameters and is
     * never refused for its body) the body within {@link ActionForm}'s bounds (413, 411, 400 with a short
     * message), then the action (JSON {@code ok}, {@code message}); an unexpected failure is a 500 with
     * a fixed text (the exception goes to the log, never to the client).
     */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
        String user = "";
        try {
            user = user(req);
            if (!csrf.valid(user, req.getHeader(CsrfGuard.HEADER))) {
                LOG.warn("MechOS console POST {} refused: missing or wrong CSRF token", shortPath(req));
                sendJson(resp, 403, OperatorActions.result(false, "missing or invalid CSRF token; reload the page"));
                return;
            }
            if ("/api/estop".equals(subPath(req))) {
                // stopping is always safe: an e-stop is never refused for its body (it takes no parameters)
                sendJson(resp, 200, actions.estop(user));
                return;
            }
            ActionForm form = ActionForm.read(req.getContentLengthLong(), req.getHeader("Transfer-Encoding"),
                    req::getParameterMap);
            Map<String, Object> r = action(subPath(req), form, user);
            sendJson(resp, r == null ? 404 : 200,
                    r == null ? OperatorActions.result(false, "no such action: " + shortPath(req)) : r);
        } catch (ActionForm.Refused e) {
            LOG.warn("MechOS console POST {} by '{}' refused with {}: {}", shortPath(req), user, e.status(),
                    e.getMessage());
            try {
                sendJson(resp, e.status(), OperatorActions.result(false, e.getMessage()));
            } catch (IOException ex) {
                LOG.debug("writing a MechOS console response failed (client gone?)", ex);
            }
        } catch (IOException e) {
            LOG.debug("writing a MechOS console response failed (client gone?)", e);
        } catch (RuntimeException e) {
            LOG.warn("MechOS console POST {} failed", shortPath(req), e);
            fail(resp, e);
        }
    }

    /** The path below the label for logs and messages, at most 100 characters. */
    private static String shortPath(HttpServletRequest req) {
        String p = subPath(req);
        return p.length() > 100 ? p.substring(0, 100) + "…" : p;
    }

    private Optional<StaticMapLayer.Layer> staticLayer() {
        return staticMap.layer(sensors.staticMap().orElse(null),
                services.runDirectory().map(mechos.platform.api.RunDirectory::home).orElse(null));
    }

    /**
     * Downloads a recording: only a file the recorder lists (by file name, no paths), streamed as an attachment
     * behind the console's login.
     */
    private void recording(String name, HttpServletResponse resp) throws IOException {
        Optional<mechos.memory.api.Recorder> r = services.recorder();
        if (r.isEmpty()) {
            sendJson(resp, 404, OperatorActions.result(false, "recorder not available"));
            return;
        }
        Optional<mechos.memory.api.RecordingFile> file = r.get().recordings(RECORDINGS_LISTED).stream()
                .filter(f -> f.file().getFileName().toString().equals(name)).findFirst();
        if (file.isEmpty() || !java.nio.file.Files.isRegularFile(file.get().file())) {
            sendJson(resp, 404, OperatorActions.result(false, "no such recording: " + name));
            return;
        }
        java.nio.file.Path f = file.get().file();
        noCache(resp);
        resp.setStatus(200);
        resp.setContentType("application/octet-stream");
        resp.setHeader("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"");
        resp.setContentLengthLong(java.nio.file.Files.size(f));
        java.nio.file.Files.copy(f, resp.getOutputStream());
    }

    private Map<String, Object> action(String path, ActionForm form, String user) throws ActionForm.Refused {
        ConsoleConfig c = config.get();
        switch (path) {
        case "/api/goal":
            return actions.goal(user, form.number("x"), form.number("y"), c.drive__linear(), c.drive__angular());
        case "/api/goal/cancel":
            return actions.cancelGoal(user);
        case "/api/pose":
            return actions.setPose(user, form.number("x"), form.number("y"), form.number("theta"));
        case "/api/reset":
            return actions.reset(user);
        case "/api/safety/resume":
            return actions.resume(user);
        case "/api/override/engage":
            return actions.override(user, true);
        case "/api/override/release":
            return actions.override(user, false);
        case "/api/drive":
            return actions.drive(user, form.number("linear"), form.number("angular"));
        case "/api/stop":
            return actions.stop(user);
        case "/api/answer":
            return actions.answer(user, form.text("answer"));
        case "/api/agent/pause":
            return actions.agentPause(true);
        case "/api/agent/resume":
            return actions.agentPause(false);
        case "/api/recorder/start":
            // every field is read before anything starts: a refused one starts nothing
            return actions.startRecording(form.topics("topics"),
                    form.wholeNumber("splitMiB", OperatorActions.MAX_SPLIT_MIB),
                    form.wholeNumber("splitSeconds", OperatorActions.MAX_SPLIT_SECONDS));
        case "/api/recorder/stop":
            return actions.recorder(false);
        default:
            return null;
        }
    }

    /** @return the comma-separated topic names (blank: all topics) */
    static List<String> topics(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String t : csv.split(",")) {
            if (!t.isBlank()) {
                out.add(t.strip());
            }
        }
        return out;
    }

    private static double number(HttpServletRequest req, String name) {
        String v = req.getParameter(name);
        if (v == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void page(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ConsoleConfig c = config.get();
        Object rootAttr = req.getAttribute(PLUGIN_ROOT);
        String root = rootAttr == null ? req.getContextPath() + req.getServletPath() + "/" + LABEL : rootAttr.toString();
        String page = PageTemplate.render(root, csrf.tokenFor(user(req)), c);
        PrintWriter w = resp.getWriter();
        w.write(page);
    }

    private void sendJson(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a MechOS console response", e);
        }
        noCache(resp);
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private void fail(HttpServletResponse resp, RuntimeException e) {
        if (resp.isCommitted()) {
            return;
        }
        try {
            sendJson(resp, 500, OperatorActions.result(false, "internal error (see the robot's log)"));
        } catch (IOException | RuntimeException ex) {
            LOG.debug("cannot report a failure to the client", ex);
        }
    }

    private static void noCache(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store, max-age=0");
        resp.setHeader("X-Content-Type-Options", "nosniff");
    }
}
