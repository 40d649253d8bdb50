package mechos.webconsole.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.Preprocessor;
import org.osgi.framework.InvalidSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * An HTTP whiteboard {@link Preprocessor}: it sees every request of the console's HTTP server before any servlet
 * context (and so before the Web Console's own login check), which is how the rules of {@link ConsoleSecurity}
 * cover the whole {@code /system/console}, the stock pages included. It also sends
 * {@code X-Frame-Options: DENY}, CSP {@code frame-ancestors 'none'}, {@code X-Content-Type-Options: nosniff} and
 * {@code Referrer-Policy: same-origin} on every response, and passes the console's status printer pages
 * ({@code /system/console/status-*}, {@code /system/console/config/configuration-status.*}) through
 * {@link SecretRedactor}; their zip download, which cannot be redacted, is refused.
 */
@Component(service = Preprocessor.class, configurationPid = GuardConfig.PID)
@Designate(ocd = GuardConfig.class)
public final class ConsoleGuard implements Preprocessor {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);
    private static final int MAX_CLIENTS = 10_000;

    private final CsrfGuard csrf;
    private final AtomicReference<ConsoleSecurity> security = new AtomicReference<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConfigurationAdmin configAdmin;

    @Activate
    public ConsoleGuard(@Reference CsrfGuard csrf, GuardConfig config) {
        this.csrf = csrf;
        modified(config);
    }

    /** A new configuration applies in place (the guard never goes away); the login record starts afresh. */
    @Modified
    void modified(GuardConfig config) {
        security.set(new ConsoleSecurity(csrf,
                new LoginThrottle(System::nanoTime, config.login__free__failures(), config.login__max__lockout__s(),
                        MAX_CLIENTS),
                config));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "same-origin");
        ConsoleSecurity security = this.security.get();
        ConsoleSecurity.Request r = describe(req);
        ConsoleSecurity.Refusal refusal = security.check(r);
        if (refusal != null) {
            refuse(resp, refusal);
            return;
        }
        String path = path(req);
        if (isStatusPrinter(path)) {
            if (path.endsWith(".zip")) {
                refuse(resp, new ConsoleSecurity.Refusal(403,
                        "the zip download is not offered (it would contain secrets); use configuration-status.txt",
                        0));
                return;
            }
            Buffered buffered = new Buffered(resp);
            chain.doFilter(req, buffered);
            security.completed(r, buffered.getStatus());
            buffered.writeRedacted(secretValues());
            return;
        }
        chain.doFilter(req, resp);
        security.completed(r, resp.getStatus());
    }

    private static String path(HttpServletRequest req) {
        String uri = req.getRequestURI();
        return uri == null ? "" : uri;
    }

    static boolean isStatusPrinter(String path) {
        return path.startsWith("/system/console/status-") || path.startsWith("/system/console/config/")
                || path.startsWith("/system/console/configuration-status");
    }

    private static ConsoleSecurity.Request describe(HttpServletRequest req) {
        String host = req.getHeader("Host");
        if (host == null) {
            host = req.getServerName() + ":" + req.getServerPort();
        }
        String te = req.getHeader("Transfer-Encoding");
        return new ConsoleSecurity.Request(req.getMethod(), req.getScheme(), host, req.getHeader("Origin"),
                req.getHeader("Referer"), req.getHeader(CsrfGuard.HEADER), req.getHeader("Authorization"),
                req.getContentLengthLong(), req.getContentType(),
                te != null && te.toLowerCase(Locale.ROOT).contains("chunked"), req.getRemoteAddr());
    }

    private static void refuse(HttpServletResponse resp, ConsoleSecurity.Refusal refusal) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.setStatus(refusal.status());
        if (refusal.retryAfterSeconds() > 0) {
            resp.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        }
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentType("text/plain; charset=utf-8");
        byte[] body = (refusal.message() + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private Set<String> secretValues() {
        Set<String> values = new HashSet<>();
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) {
            return values;
        }
        try {
            Configuration[] all = ca.listConfigurations(null);
            if (all != null) {
                for (Configuration c : all) {
                    SecretRedactor.collect(c.getProperties(), values);
                }
            }
        } catch (IOException | InvalidSyntaxException | IllegalStateException e) {
            LOG.warn("cannot list configurations to redact secrets; masking by key name only: {}", e.toString());
        }
        return values;
    }

    /** Holds a status printer's output so that it can be redacted before it is sent. */
    private static final class Buffered extends HttpServletResponseWrapper {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private ServletOutputStream out;
        private PrintWriter writer;

        Buffered(HttpServletResponse resp) {
            super(resp);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            if (out == null) {
                out = new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                        bytes.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        bytes.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new IllegalStateException("a redacted response is written synchronously");
                    }
                };
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset()));
            }
            return writer;
        }

        @Override
        public void setContentLength(int len) {
            // the length changes with redaction; set when written
        }

        @Override
        public void setContentLengthLong(long len) {
            // as above
        }

        @Override
        public void flushBuffer() {
            if (writer != null) {
                writer.flush();
            }
        }

        private Charset charset() {
            String enc = getResponse().getCharacterEncoding();
            try {
                return enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
            } catch (IllegalArgumentException e) {
                return StandardCharsets.UTF_8;
            }
        }

        void writeRedacted(Set<String> secrets) throws IOException {
            if (writer != null) {
                writer.flush();
            }
            if (getResponse().isCommitted()) {
                return;
            }
            Charset cs = charset();
            byte[] body = SecretRedactor.redact(new String(bytes.toByteArray(), cs), secrets).getBytes(cs);
            HttpServletResponse resp = (HttpServletResponse) getResponse();
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
