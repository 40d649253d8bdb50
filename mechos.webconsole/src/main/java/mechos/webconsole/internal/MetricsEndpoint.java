package mechos.webconsole.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the robot's Prometheus metrics behind a scrape-only credential ({@link ScrapeConfig}),
 * outside the Web Console. The credential reads metrics and nothing else; the console login is not accepted here
 * and the scrape credential is not accepted by the console. The login backoff of {@link ConsoleGuard} applies
 * (a wrong credential is a failed login of that client).
 */
@Component(service = Servlet.class, configurationPid = ScrapeConfig.PID,
        property = { "osgi.http.whiteboard.servlet.pattern=/metrics",
                "osgi.http.whiteboard.servlet.name=mechos-metrics" })
@Designate(ocd = ScrapeConfig.class)
public final class MetricsEndpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    static final int MIN_PASSWORD = 12;

    private final transient MetricsReport metrics;
    private final String user;
    private final String password;

    @Activate
    public MetricsEndpoint(@Reference RobotServices services, @Reference BusMonitor monitor,
            @Reference BatteryGauges batteries, @Reference FleetGauges fleetGauges, ScrapeConfig config) {
        Bundle bundle = FrameworkUtil.getBundle(MetricsEndpoint.class);
        this.metrics = new MetricsReport(services, monitor, new MemoryProbe(TimeUnit.SECONDS.toNanos(1)),
                new JvmMetrics(bundle == null ? "unknown" : bundle.getVersion().toString()), batteries,
                fleetGauges);
        this.user = config.scrape__user() == null ? "" : config.scrape__user();
        String pw = config.scrape__password() == null ? "" : config.scrape__password();
        if (!pw.isEmpty() && pw.length() < MIN_PASSWORD) {
            LOG.warn("configuration {}: scrape_password is shorter than {} characters; the /metrics endpoint stays "
                    + "disabled", ScrapeConfig.PID, MIN_PASSWORD);
            pw = "";
        }
        this.password = pw;
        if (!password.isEmpty()) {
            LOG.info("metrics scrape endpoint /metrics enabled for user '{}'", ConsoleSecurity.printable(user));
        }
    }

    /** @return true when the Authorization header carries the scrape credential (Basic or Bearer) */
    static boolean authorised(String authorization, String user, String password) {
        if (password.isEmpty() || authorization == null) {
            return false;
        }
        String presented;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0 || !MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                    user.getBytes(StandardCharsets.UTF_8))) {
                return false;
            }
            presented = decoded.substring(colon + 1);
        } else {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        try {
            resp.setHeader("Cache-Control", "no-store, max-age=0");
            if (password.isEmpty()) {
                text(resp, 404, "the metrics scrape endpoint is disabled (set " + ScrapeConfig.PID
                        + " scrape_password)\n");
                return;
            }
            if (!authorised(req.getHeader("Authorization"), user, password)) {
                resp.setHeader("WWW-Authenticate", "Basic realm=\"MechOS metrics\"");
                text(resp, 401, "scrape credential required\n");
                return;
            }
            resp.setStatus(200);
            resp.setContentType("text/plain; version=0.0.4; charset=utf-8");
            resp.getOutputStream().write(metrics.prometheus().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.debug("writing /metrics failed (client gone?)", e);
        }
    }

    private static void text(HttpServletResponse resp, int status, String body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
