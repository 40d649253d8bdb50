package mechos.itest.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP against the MechOS page of a running console: status codes, bodies, the page's CSRF token, metrics. */
final class ConsoleHttp {
    /** Every GET endpoint of the MechOS plugin, relative to /system/console/. */
    static final String[] GETS = { "mechos", "mechos/state.json", "mechos/map.json", "mechos/metrics.txt",
            "mechos/res/mechos.js", "mechos/res/mechos.css", "mechos/topics.json" };
    /** Every action the page can POST, relative to /system/console/mechos/api/. */
    static final String[] ACTIONS = { "estop", "reset", "safety/resume", "override/engage", "override/release", "drive", "stop",
            "answer", "agent/pause", "agent/resume", "recorder/start", "recorder/stop", "goal", "goal/cancel", "pose" };
    static final String CSRF_HEADER = "X-MechOS-CSRF";
    private static final Pattern TOKEN = Pattern.compile("data-csrf=\"([^\"]+)\"");

    private final int port;
    private final String user;
    private final String password;

    ConsoleHttp(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A response: status and body (empty on connection failure, status -1). */
    record Response(int status, String body) {
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + "/system/console/" + path;
    }

    Response get(String path) {
        return request("GET", path, user, password, null, null);
    }

    Response getAs(String path, String u, String p) {
        return request("GET", path, u, p, null, null);
    }

    Response post(String path, String token, String form) {
        return request("POST", path, user, password, token, form);
    }

    Response postAs(String path, String u, String p, String token, String form) {
        return request("POST", path, u, p, token, form);
    }

    /** @return the CSRF token the page hands to its script */
    String pageToken() {
        Response r = get("mechos");
        if (r.status() != 200) {
            throw new AssertionError("MechOS page answered " + r.status());
        }
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token in the MechOS page:\n" + r.body());
        }
        return m.group(1);
    }

    /** @return the Prometheus samples by their full name with labels, e.g. {@code mechos_up} or {@code a{b="c"}} */
    Map<String, Double> metrics() {
        Response r = get("mechos/metrics.txt");
        if (r.status() != 200) {
            throw new AssertionError("metrics answered " + r.status());
        }
        return parseMetrics(r.body());
    }

    static Map<String, Double> parseMetrics(String text) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int sp = line.lastIndexOf(' ');
            String v = line.substring(sp + 1);
            double d = v.equals("+Inf") ? Double.POSITIVE_INFINITY
                    : v.equals("-Inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(v);
            m.put(line.substring(0, sp), d);
        }
        return m;
    }

    private Response request(String method, String path, String u, String p, String token, String form) {
        try {
            HttpURLConnection con = (HttpURLConnection) new URL(url(path)).openConnection();
            con.setConnectTimeout(2000);
            con.setReadTimeout(10000);
            con.setInstanceFollowRedirects(false);
            con.setRequestMethod(method);
            if (u != null) {
                con.setRequestProperty("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8)));
            }
            if (token != null) {
                con.setRequestProperty(CSRF_HEADER, token);
            }
            if (method.equals("POST")) {
                con.setDoOutput(true);
                con.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
                con.getOutputStream().write((form == null ? "" : form).getBytes(StandardCharsets.UTF_8));
            }
            int code = con.getResponseCode();
            InputStream in = code >= 400 ? con.getErrorStream() : con.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            con.disconnect();
            return new Response(code, body);
        } catch (IOException e) {
            return new Response(-1, e.toString());
        }
    }

    /**
     * A request written on a plain socket, so that headers {@link HttpURLConnection} refuses to send (Origin) can
     * be sent as a browser would, from the given local address (any 127.x address reaches the loopback server).
     *
     * @return the status and the whole answer (head and body)
     */
    Response raw(String method, String path, String localAddress, String u, String p, Map<String, String> headers,
            byte[] body) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.bind(new java.net.InetSocketAddress(localAddress, 0));
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(10000);
            String target = path.startsWith("/") ? path : "/system/console/" + path;
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            head.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            if (u != null) {
                head.append("Authorization: Basic ").append(Base64.getEncoder()
                        .encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8))).append("\r\n");
            }
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            s.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    s.getOutputStream().write(body);
                } catch (IOException e) {
                    // The server may answer (413) and close before reading a large body; the answer is read below.
                    s.shutdownOutput();
                }
            }
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String[] status = answer.split(" ", 3);
            return new Response(status.length > 1 ? Integer.parseInt(status[1]) : -1, answer);
        } catch (IOException | RuntimeException e) {
            return new Response(-1, e.toString());
        }
    }

    static String form(String key, String value) {
        return key + "=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
