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
                <div id="mechos" data-root="%1$s" data-csrf="%2$s" data-refresh="%3$d" data-linear="%4$s" data-angular="%5$s" data-linear-step="%6$s" data-angular-step="%7$s">
                  <div class="mechos-bar ui-state-highlight">
                    <button type="button" id="mechos-estop" class="mechos-estop" title="Emergency stop (latches until reset)">E-STOP</button>
                    <span class="mechos-bar-safety">Safety: <span id="mechos-safety-state" class="mechos-state">unknown</span>
                    <span id="mechos-safety-reason" class="mechos-reason"></span></span>
                    <button type="button" id="mechos-reset" disabled title="Clear a latched e-stop or a safe stop">Reset</button>
                    <button type="button" id="mechos-safety-resume" disabled title="After an e-stop reset, let agents act again">Resume autonomy</button>
                    <span id="mechos-message" class="mechos-message" role="status"></span>
                    <div id="mechos-config-rejected" class="mechos-config-rejected" hidden></div>
                  </div>
                  <div class="mechos-grid">
                    <section class="mechos-panel mechos-map-panel">
                      <h3 class="ui-widget-header">Map <span class="mechos-small">(frame <code>map</code>)</span></h3>
                      <div class="mechos-map-tools">
                        <label><input type="radio" name="mechos-map-mode" id="mechos-mode-pan" value="pan" checked> Pan</label>
                        <label><input type="radio" name="mechos-map-mode" id="mechos-mode-goal" value="goal"> Set goal</label>
                        <label><input type="radio" name="mechos-map-mode" id="mechos-mode-pose" value="pose"> 2D pose estimate</label>
                        <button type="button" id="mechos-zoom-in" title="Zoom in">+</button>
                        <button type="button" id="mechos-zoom-out" title="Zoom out">&minus;</button>
                        <button type="button" id="mechos-view-robot" title="Centre the view on the robot">Centre on robot</button>
                        <button type="button" id="mechos-view-map" title="Show the whole static map">Whole map</button>
                        <button type="button" id="mechos-goal-cancel">Cancel goal</button>
                      </div>
                      <canvas id="mechos-map" width="640" height="560" data-frames="0" tabindex="0"></canvas>
                      <div id="mechos-pose" class="mechos-small">no pose yet</div>
                      <div id="mechos-goal" class="mechos-small"></div>
                      <div id="mechos-map-missing" class="mechos-small mechos-warn"></div>
                      <div class="mechos-small">Drag to pan, wheel or +/&minus; to zoom. <b>Set goal</b>: click a point; the robot drives there as you, through the kernel. <b>2D pose estimate</b>: press at the robot's position and drag towards its heading. Light grey/black: static map. Dark grey: occupied octree cells. Red: latest LiDAR points. Blue: robot. Green: commanded motion (next 2 s). Purple: fleet peers.</div>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Live</h3>
                      <table class="nicetable mechos-kv"><tbody id="mechos-live"></tbody></table>
                      <img id="mechos-camera" class="mechos-camera" alt="camera thumbnail" width="160" height="120" hidden>
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
                      <div class="mechos-small">Hold a button or an arrow key to drive (the AI is suspended while you drive); the speed ramps up within the kernel's acceleration limit; releasing stops.</div>
                      <button type="button" id="mechos-override-engage">Engage override</button>
                      <button type="button" id="mechos-override-release">Release override</button>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Agent</h3>
                      <table class="nicetable mechos-kv"><tbody id="mechos-agent"></tbody></table>
                      <div id="mechos-invalid-reply" class="mechos-small mechos-warn"></div>
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
                    <section class="mechos-panel" id="mechos-fleet-panel">
                      <h3 class="ui-widget-header">Fleet</h3>
                      <div id="mechos-fleet" class="mechos-small">fleet not available</div>
                      <table class="nicetable mechos-table"><thead><tr><th>robot</th><th>state</th><th>agent</th><th>last seen</th><th>task</th><th>pose</th></tr></thead><tbody id="mechos-fleet-peers"></tbody></table>
                    </section>
                    <section class="mechos-panel">
                      <h3 class="ui-widget-header">Recorder</h3>
                      <div id="mechos-recorder" class="mechos-small"></div>
                      <label class="mechos-small" for="mechos-recorder-topics">Topics (none selected: all)</label>
                      <select id="mechos-recorder-topics" multiple size="6" class="mechos-topics"></select>
                      <div class="mechos-small">
                        <label for="mechos-recorder-split-mib">Split at (MiB)</label>
                        <input type="text" inputmode="numeric" id="mechos-recorder-split-mib" size="8">
                        <label for="mechos-recorder-split-seconds">Split every (s)</label>
                        <input type="text" inputmode="numeric" id="mechos-recorder-split-seconds" size="8">
                        <span>(empty: the recorder's configured default; 0: never)</span>
                      </div>
                      <div>
                        <button type="button" id="mechos-recorder-start">Start recording</button>
                        <button type="button" id="mechos-recorder-stop">Stop recording</button>
                        <button type="button" id="mechos-recorder-topics-refresh">Refresh topics</button>
                      </div>
                      <ul id="mechos-recordings" class="mechos-small"></ul>
                    </section>
                    <section class="mechos-panel mechos-log-panel">
                      <h3 class="ui-widget-header">Log</h3>
                      <label class="mechos-small">Level at least
                        <select id="mechos-log-level"><option>ERROR</option><option selected>WARN</option><option>INFO</option><option>DEBUG</option></select></label>
                      <span id="mechos-log-state" class="mechos-small"></span>
                      <table class="nicetable mechos-table"><thead><tr><th>time</th><th>level</th><th>logger</th><th>message</th></tr></thead><tbody id="mechos-log"></tbody></table>
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
                number(c.drive__angular()),
                number(OperatorActions.DRIVE_STEP_LINEAR), number(OperatorActions.DRIVE_STEP_ANGULAR));
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
