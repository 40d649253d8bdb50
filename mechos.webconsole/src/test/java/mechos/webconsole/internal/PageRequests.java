package mechos.webconsole.internal;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Calls the MechOS page's servlet handlers directly, as the console's user {@code admin} with a valid CSRF token:
 * a fake request (path, headers, content length, form) and a response that records status and body.
 */
final class PageRequests {
    private PageRequests() {
    }

    /** What the handler answered. */
    record Answer(int status, String body, byte[] bytes) {
    }

    /**
     * @param path          below the plugin, e.g. {@code /api/drive}
     * @param contentLength what the request declares
     * @param form          the parsed form; it may throw, as a container does for a malformed body
     */
    static Answer call(MechosPlugin plugin, CsrfGuard csrf, boolean post, String path, long contentLength,
            Supplier<Map<String, String[]>> form) {
        Map<String, String> headers = new HashMap<>();
        headers.put(CsrfGuard.HEADER, csrf.tokenFor("admin"));
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(PageRequests.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (p, m, a) -> switch (m.getName()) {
                case "getPathInfo" -> "/mechos" + path;
                case "getAttribute" -> null;
                case "getRemoteUser" -> "admin";
                case "getHeader" -> headers.get((String) a[0]);
                case "getContentLengthLong" -> contentLength;
                case "getParameterMap" -> form.get();
                case "getParameter" -> {
                    String[] v = form.get().get((String) a[0]);
                    yield v == null ? null : v[0];
                }
                default -> throw new UnsupportedOperationException(m.getName());
                });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] status = { -1 };
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(PageRequests.class.getClassLoader(),
                new Class<?>[] { HttpServletResponse.class }, (p, m, a) -> switch (m.getName()) {
                case "setStatus" -> {
                    status[0] = (Integer) a[0];
                    yield null;
                }
                case "getOutputStream" -> out;
                case "isCommitted" -> false;
                case "setHeader", "setContentType", "setContentLength", "setContentLengthLong" -> null;
                default -> throw new UnsupportedOperationException(m.getName());
                });
        if (post) {
            plugin.doPost(req, resp);
        } else {
            plugin.doGet(req, resp);
        }
        return new Answer(status[0], body.toString(StandardCharsets.UTF_8), body.toByteArray());
    }

    /** @return a form of {@code name, value, name, value, …} */
    static Map<String, String[]> form(String... kv) {
        Map<String, String[]> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], new String[] { kv[i + 1] });
        }
        return m;
    }
}
