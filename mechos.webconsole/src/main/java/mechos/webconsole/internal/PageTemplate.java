package mechos.webconsole.internal;

import java.util.Locale;

/**
 * The HTML of the MechOS page, inserted by the console into its own frame (header, navigation, style). The
 * script and style are served from this bundle ({@code /res/}); nothing is loaded from elsewhere, so the page
 * works offline. The CSRF token and the plugin root are handed to the script in data attributes.
 */
final class PageTemplate {
    private PageTemplate() {
    }

    static String render(String root, String csrfToken, ConsoleConfig c) {
        String r = attr(root);
        return """
                <link rel="stylesheet" href="%1$s/res/mechos.css">
                <div id="mechos" data-root="%1$s" data-csrf="%2$s" data-refresh="%3$d" data-linear="%4$s" data-angular="%5$s">
                  <div class="mechos-estop-dock">
                    <button type="button" id="mechos-estop" class="mechos-estop" title="Emergency stop (latches until reset)">E-STOP</button>
                  </div>
                  <p class="statline ui-state-highlight mechos-safety">
                    Safety: <span id="mechos-safety-state" class="mechos-state">unknown</span>
                    <span id="mechos-safety-reason" class="mechos-reason"></span>
                    <button type="button" id="mechos-reset">Reset</button>
                    <button type="button" id="mechos-safety-resume" title="After an e-stop reset, let agents act again">Resume autonomy</button>
                    <span id="mechos-message" class="mechos-message" role="status"></span>
                  </p>
                  <div class="mechos-grid">
                    <section class="mechos-panel mechos-map-panel">
                      <h3 class="ui-widget-header">Map</h3>
                      <canvas id="mechos-map" width="560" height="560" data-frames="0"></canvas>
                      <div id="mechos-pose" class="mechos-small">no pose yet</div>
                      <div id="mechos-map-missing" class="mechos-small mechos-warn"></div>
                      <div class="mechos-small">Dark grey: occupied octree cells (2-D slice). Red: latest LiDAR points. Blue: robot footprint and heading. Green: commanded motion (next 2 s).</div>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Manual override</h3>
                      <div id="mechos-override-state" class="mechos-small"></div>
                      <div class="mechos-drive">
                        <span></span><button type="button" class="mechos-drive-btn" data-dir="forward" id="mechos-drive-forward">&#9650;</button><span></span>
                        <button type="button" class="mechos-drive-btn" data-dir="left" id="mechos-drive-left">&#9664;</button>
                        <button type="button" class="mechos-drive-btn" data-dir="stop" id="mechos-drive-stop">&#9632;</button>
                        <button type="button" class="mechos-drive-btn" data-dir="right" id="mechos-drive-right">&#9654;</button>
                        <span></span><button type="button" class="mechos-drive-btn" data-dir="back" id="mechos-drive-back">&#9660;</button><span></span>
                      </div>
                      <div class="mechos-small">Hold a button or an arrow key to drive (the AI is suspended while you drive); releasing stops.</div>
                      <button type="button" id="mechos-override-engage">Engage override</button>
                      <button type="button" id="mechos-override-release">Release override</button>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Agent</h3>
                      <table class="nicetable mechos-kv"><tbody id="mechos-agent"></tbody></table>
                      <div id="mechos-question-box" class="mechos-question">
                        <div>Question: <strong id="mechos-question">none</strong></div>
                        <input type="text" id="mechos-answer" size="40" placeholder="your answer" autocomplete="off">
                        <button type="button" id="mechos-answer-send">Answer</button>
                      </div>
                      <button type="button" id="mechos-agent-pause">Pause agent</button>
                      <button type="button" id="mechos-agent-resume">Resume agent</button>
                      <h4>Last agent decisions</h4>
                      <table class="nicetable mechos-table"><thead><tr><th>time</th><th>source</th><th>intent</th><th>verdict</th><th>rationale</th></tr></thead><tbody id="mechos-agent-decisions"></tbody></table>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Kernel decisions</h3>
                      <table class="nicetable mechos-table"><thead><tr><th>time</th><th>agent</th><th>intent</th><th>verdict</th></tr></thead><tbody id="mechos-decisions"></tbody></table>
                      <h4>Safety transitions</h4>
                      <table class="nicetable mechos-table"><thead><tr><th>time</th><th>from</th><th>to</th><th>reason</th></tr></thead><tbody id="mechos-transitions"></tbody></table>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Devices</h3>
                      <table class="nicetable mechos-table"><thead><tr><th>device</th><th>kind</th><th>health</th><th>reason</th><th>bundle</th></tr></thead><tbody id="mechos-devices"></tbody></table>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Recorder</h3>
                      <div id="mechos-recorder" class="mechos-small"></div>
                      <button type="button" id="mechos-recorder-start">Start recording</button>
                      <button type="button" id="mechos-recorder-stop">Stop recording</button>
                      <ul id="mechos-recordings" class="mechos-small"></ul>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Metrics</h3>
                      <table class="nicetable mechos-kv"><tbody id="mechos-metrics"></tbody></table>
                      <div class="mechos-small">Prometheus: <a href="%1$s/metrics.txt">%1$s/metrics.txt</a></div>
                    </section>
                  </div>
                </div>
                <script src="%1$s/res/mechos.js"></script>
                """.formatted(r, attr(csrfToken), c.refresh__ms(), number(c.drive__linear()),
                number(c.drive__angular()));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Escapes text for a double-quoted HTML attribute. */
    static String attr(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
            case '&' -> b.append("&amp;");
            case '"' -> b.append("&quot;");
            case '\'' -> b.append("&#39;");
            case '<' -> b.append("&lt;");
            case '>' -> b.append("&gt;");
            default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
