package mechos.webconsole.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /} redirects to the MechOS page (instead of a bare Jetty 404). Registered as the default servlet of
 * the default context, it answers every other unmatched path with a short 404.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/",
        "osgi.http.whiteboard.servlet.name=mechos-root" })
public final class RootRedirect extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RootRedirect.class);
    static final String TARGET = "/system/console/" + MechosPlugin.LABEL;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        try {
            String uri = req.getRequestURI();
            if (uri == null || uri.equals("/") || uri.isEmpty()) {
                resp.sendRedirect(TARGET);
            } else {
                resp.setStatus(404);
                resp.setContentType("text/plain; charset=utf-8");
                resp.getWriter().write("not found; the MechOS page is at " + TARGET + "\n");
            }
        } catch (IOException e) {
            LOG.debug("answering {} failed (client gone?)", req.getRequestURI(), e);
        }
    }
}
