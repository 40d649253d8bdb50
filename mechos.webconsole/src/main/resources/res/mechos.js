/* MechOS page of the Felix Web Console. Plain DOM, no libraries, nothing loaded from elsewhere. */
(function () {
  'use strict';
  var el = document.getElementById('mechos');
  if (!el) { return; }
  // Absolute URLs from the origin: a page opened as http://user:pw@host/... must not pass its credentials to
  // fetch() (browsers refuse that); the browser resends the Basic login it holds for this origin by itself.
  var root = window.location.origin + el.getAttribute('data-root');
  var csrf = el.getAttribute('data-csrf');
  var refresh = parseInt(el.getAttribute('data-refresh'), 10) || 250;
  var speed = parseFloat(el.getAttribute('data-linear')) || 0.3;
  var turn = parseFloat(el.getAttribute('data-angular')) || 0.8;
  var trail = [];

  function $(id) { return document.getElementById(id); }
  function text(id, t) { var e = $(id); if (e) { e.textContent = t; } }
  function time(ms) { return ms ? new Date(ms).toLocaleTimeString() : ''; }
  function num(v, d) { return (typeof v === 'number' && isFinite(v)) ? v.toFixed(d) : '-'; }
  function message(t) { text('mechos-message', t); }

  function post(action, params) {
    var body = new URLSearchParams(params || {});
    return fetch(root + '/api/' + action, {
      method: 'POST', credentials: 'same-origin', body: body,
      headers: { 'X-MechOS-CSRF': csrf, 'Content-Type': 'application/x-www-form-urlencoded' }
    }).then(function (r) {
      return r.json().catch(function () { return { ok: false, message: 'HTTP ' + r.status }; });
    }).then(function (res) {
      message(action + ': ' + res.message);
      return res;
    }, function (err) {
      message(action + ' failed: ' + err);
      return { ok: false, message: String(err) };
    });
  }

  function rows(tbodyId, items, cells, rowClass) {
    var tb = $(tbodyId);
    if (!tb) { return; }
    while (tb.firstChild) { tb.removeChild(tb.firstChild); }
    (items || []).forEach(function (it) {
      var tr = document.createElement('tr');
      if (rowClass) { tr.className = rowClass(it); }
      cells(it).forEach(function (c) {
        var td = document.createElement('td');
        if (c && typeof c === 'object') { td.textContent = c.text; td.className = c.cls || ''; } else { td.textContent = c; }
        tr.appendChild(td);
      });
      tb.appendChild(tr);
    });
  }

  function kv(tbodyId, pairs) {
    rows(tbodyId, pairs, function (p) { return [p[0], p[1]]; });
  }

  function renderState(s) {
    var safety = s.safety || {};
    var st = $('mechos-safety-state');
    if (safety.available) {
      st.textContent = safety.state + (safety.awaitingResume ? ' (awaiting resume)' : '');
      st.className = 'mechos-state ' + safety.state;
      text('mechos-safety-reason', [safety.reason || ''].concat(safety.configRefusals || [])
        .filter(function (x) { return x; }).join(' | '));
      text('mechos-override-state', safety.state === 'OVERRIDE'
        ? 'Override active, ' + Math.round(safety.overrideRemainingMs / 1000) + ' s left' : 'No override active');
    } else {
      st.textContent = 'UNAVAILABLE';
      st.className = 'mechos-state UNAVAILABLE';
      text('mechos-safety-reason', safety.reason || '');
    }
    el.setAttribute('data-safety', st.textContent);

    var a = s.agent || {};
    if (a.available) {
      kv('mechos-agent', [['state', a.state], ['reason', a.reason || ''], ['provider', a.provider || 'none'],
        ['decisions', a.decisions], ['LLM calls', a.llmCalls],
        ['tokens / budget', a.tokensInWindow + ' / ' + (a.tokenBudget > 0 ? a.tokenBudget + ' per ' + a.tokenWindowSeconds
          + ' s (renews in ' + Math.round(a.windowRenewsInMillis / 1000) + ' s)' : 'unlimited')],
        ['requests / limit', a.requestsLastMinute + ' / ' + (a.requestsPerMinute > 0 ? a.requestsPerMinute + ' per min' : 'unlimited')],
        ['cost estimate', num(a.costEstimate, 4)], ['fallback tree', a.fallbackTree || '-']]);
      rows('mechos-agent-decisions', a.lastDecisions, function (d) {
        return [time(d.time), d.source, d.intent, (d.approved ? 'approved' : 'rejected') + (d.verdict ? ': ' + d.verdict : ''), d.rationale || ''];
      }, function (d) { return d.approved ? '' : 'rejected'; });
    } else {
      kv('mechos-agent', [['agent', a.reason || 'not available']]);
      rows('mechos-agent-decisions', [], function () { return []; });
    }
    var q = a.available ? a.pendingQuestion : null;
    text('mechos-question', q || 'none');
    $('mechos-question-box').className = 'mechos-question' + (q ? ' pending' : '');

    rows('mechos-decisions', s.decisions, function (d) {
      return [time(d.time), d.agentId, d.intent, d.reason];
    }, function (d) { return d.approved ? '' : 'rejected'; });
    rows('mechos-transitions', s.transitions, function (t) { return [time(t.time), t.from, t.to, t.reason]; });

    var dev = s.devices || {};
    if (dev.available) {
      rows('mechos-devices', dev.list, function (d) {
        return [d.id, d.kind, { text: d.state, cls: d.state }, d.reason, d.bundle + (d.present ? '' : ' (gone)')];
      });
    } else {
      rows('mechos-devices', [{ id: dev.reason }], function (d) { return [d.id, '', '', '', '']; });
    }

    var rec = s.recorder || {};
    if (rec.available) {
      text('mechos-recorder', (rec.recording ? 'Recording to ' + rec.currentFile : 'Not recording') + ' - ' +
        rec.messages + ' messages, ' + rec.bytes + ' bytes, ' + rec.dropped + ' dropped' +
        (rec.lastError ? ', last error: ' + rec.lastError : ''));
      var ul = $('mechos-recordings');
      while (ul.firstChild) { ul.removeChild(ul.firstChild); }
      (rec.recordings || []).forEach(function (f) {
        var li = document.createElement('li');
        li.textContent = f.file + ' (' + Math.round(f.bytes / 1024) + ' KiB, ' + new Date(f.modified).toLocaleString() + ')';
        ul.appendChild(li);
      });
      if (!(rec.recordings || []).length) {
        var none = document.createElement('li'); none.textContent = 'no recordings in ' + (rec.directory || 'the recordings directory'); ul.appendChild(none);
      }
    } else {
      text('mechos-recorder', rec.reason || 'recorder not available');
    }

    var t = s.tick || {};
    var m = s.metrics || {};
    var pairs = [];
    if (t.available) {
      pairs.push(['safety tick period', num(t.periodMs, 2) + ' ms'], ['tick gap p99 / max', num(t.p99GapMs, 2) + ' / ' + num(t.maxGapMs, 2) + ' ms'],
        ['tick jitter max', num(t.maxJitterMs, 2) + ' ms'], ['ticks', t.ticks]);
    }
    pairs.push(['decision latency mean / max', num(m.decisionLatencyMeanMs, 3) + ' / ' + num(m.decisionLatencyMaxMs, 3) + ' ms'],
      ['dispatch latency mean', num(m.dispatchLatencyMeanMs, 3) + ' ms'],
      ['LLM wait mean / max', num(m.llmWaitMeanMs, 0) + ' / ' + num(m.llmWaitMaxMs, 0) + ' ms'],
      ['memory store latency mean', num(m.memoryLatencyMeanMs, 2) + ' ms'],
      ['bus queued / dropped', m.busQueued + ' / ' + m.busDropped]);
    kv('mechos-metrics', pairs);
  }

  function drawMap(d) {
    var c = $('mechos-map');
    var g = c.getContext('2d');
    var w = c.width, h = c.height;
    var radius = d.radius || 8;
    var scale = Math.min(w, h) / (2 * radius);
    var cx = d.center ? d.center[0] : 0, cy = d.center ? d.center[1] : 0;
    function X(x) { return w / 2 + (x - cx) * scale; }
    function Y(y) { return h / 2 - (y - cy) * scale; }
    g.clearRect(0, 0, w, h);
    g.strokeStyle = '#e4e4e4';
    g.lineWidth = 1;
    for (var gx = Math.floor(cx - radius); gx <= cx + radius; gx++) { g.beginPath(); g.moveTo(X(gx), 0); g.lineTo(X(gx), h); g.stroke(); }
    for (var gy = Math.floor(cy - radius); gy <= cy + radius; gy++) { g.beginPath(); g.moveTo(0, Y(gy)); g.lineTo(w, Y(gy)); g.stroke(); }
    var res = d.resolution || 0.05, size = Math.max(2, res * scale);
    g.fillStyle = '#e53935';
    (d.points || []).forEach(function (p) { g.fillRect(X(p[0]) - 1, Y(p[1]) - 1, 2, 2); });
    g.fillStyle = 'rgba(40,40,40,0.75)';
    (d.cells || []).forEach(function (p) { g.fillRect(X(p[0]) - size / 2, Y(p[1]) - size / 2, size, size); });
    var pose = d.pose;
    if (pose) {
      trail.push([pose.x, pose.y]);
      if (trail.length > 400) { trail.shift(); }
      g.strokeStyle = '#90caf9';
      g.beginPath();
      trail.forEach(function (p, i) { if (i === 0) { g.moveTo(X(p[0]), Y(p[1])); } else { g.lineTo(X(p[0]), Y(p[1])); } });
      g.stroke();
      // commanded motion: integrate the commanded (linear, angular) for 2 s from the current pose
      var cm = d.commanded || {};
      if (cm.linear || cm.angular) {
        var x = pose.x, y = pose.y, th = pose.theta;
        g.strokeStyle = '#2e7d32';
        g.lineWidth = 3;
        g.beginPath();
        g.moveTo(X(x), Y(y));
        for (var i = 0; i < 40; i++) {
          x += cm.linear * Math.cos(th) * 0.05; y += cm.linear * Math.sin(th) * 0.05; th += cm.angular * 0.05;
          g.lineTo(X(x), Y(y));
        }
        g.stroke();
        g.lineWidth = 1;
      }
      var r = (d.footprint || 0.2) * scale;
      g.strokeStyle = '#1565c0';
      g.fillStyle = 'rgba(21,101,192,0.25)';
      g.lineWidth = 2;
      g.beginPath(); g.arc(X(pose.x), Y(pose.y), r, 0, 2 * Math.PI); g.fill(); g.stroke();
      g.beginPath(); g.moveTo(X(pose.x), Y(pose.y));
      g.lineTo(X(pose.x + Math.cos(pose.theta) * (d.footprint || 0.2) * 1.6), Y(pose.y + Math.sin(pose.theta) * (d.footprint || 0.2) * 1.6));
      g.stroke();
      g.lineWidth = 1;
      text('mechos-pose', 'x=' + num(pose.x, 3) + ' m, y=' + num(pose.y, 3) + ' m, heading=' + num(pose.theta * 180 / Math.PI, 1) +
        ' deg, v=' + num(pose.linear, 3) + ' m/s, w=' + num(pose.angular, 3) + ' rad/s (' + pose.confidence + ')');
      c.setAttribute('data-x', pose.x);
      c.setAttribute('data-y', pose.y);
      c.setAttribute('data-linear', pose.linear);
    } else {
      text('mechos-pose', 'no pose');
    }
    text('mechos-map-missing', (d.missing && d.missing.length) ? 'Not shown: ' + d.missing.join(', ') : '');
    c.setAttribute('data-frames', String(parseInt(c.getAttribute('data-frames'), 10) + 1));
  }

  function poll(path, render) {
    function once() {
      fetch(root + path, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) {
          if (r.status === 401) { throw new Error('logged out (401)'); }
          return r.json();
        })
        .then(render)
        .catch(function (e) { message('refresh failed: ' + e.message); })
        .then(function () { setTimeout(once, refresh); });
    }
    once();
  }

  // Manual drive: renew the drive intent while held (the kernel's lease stops the robot if renewals stop),
  // send a Stop when released.
  var held = {};
  var driveTimer = null;
  function command() {
    var lin = 0, ang = 0;
    if (held.forward) { lin += speed; }
    if (held.back) { lin -= speed; }
    if (held.left) { ang += turn; }
    if (held.right) { ang -= turn; }
    return [lin, ang];
  }
  function anyHeld() { return Object.keys(held).some(function (k) { return held[k]; }); }
  function sendDrive() {
    var c = command();
    post('drive', { linear: c[0], angular: c[1] });
  }
  function press(dir) {
    if (dir === 'stop') { release(null); return; }
    if (held[dir]) { return; }
    held[dir] = true;
    var b = $('mechos-drive-' + dir);
    if (b) { b.classList.add('active'); }
    sendDrive();
    if (!driveTimer) { driveTimer = setInterval(sendDrive, 200); }
  }
  function release(dir) {
    if (dir === null) { held = {}; } else { held[dir] = false; }
    document.querySelectorAll('#mechos .mechos-drive-btn').forEach(function (b) {
      if (!held[b.getAttribute('data-dir')]) { b.classList.remove('active'); }
    });
    if (!anyHeld()) {
      if (driveTimer) { clearInterval(driveTimer); driveTimer = null; }
      post('stop');
    }
  }
  document.querySelectorAll('#mechos .mechos-drive-btn').forEach(function (b) {
    var dir = b.getAttribute('data-dir');
    b.addEventListener('pointerdown', function (e) { e.preventDefault(); press(dir); });
    ['pointerup', 'pointerleave', 'pointercancel'].forEach(function (ev) {
      b.addEventListener(ev, function () { if (dir !== 'stop' && held[dir]) { release(dir); } });
    });
  });
  var keys = { ArrowUp: 'forward', ArrowDown: 'back', ArrowLeft: 'left', ArrowRight: 'right' };
  document.addEventListener('keydown', function (e) {
    var dir = keys[e.key];
    if (!dir || /INPUT|TEXTAREA|SELECT/.test(document.activeElement.tagName)) { return; }
    e.preventDefault();
    press(dir);
  });
  document.addEventListener('keyup', function (e) {
    var dir = keys[e.key];
    if (dir && held[dir]) { e.preventDefault(); release(dir); }
  });
  window.addEventListener('blur', function () { if (anyHeld()) { release(null); } });

  $('mechos-estop').addEventListener('click', function () { post('estop'); });
  $('mechos-reset').addEventListener('click', function () { post('reset'); });
  $('mechos-safety-resume').addEventListener('click', function () { post('safety/resume'); });
  $('mechos-override-engage').addEventListener('click', function () { post('override/engage'); });
  $('mechos-override-release').addEventListener('click', function () { post('override/release'); });
  $('mechos-agent-pause').addEventListener('click', function () { post('agent/pause'); });
  $('mechos-agent-resume').addEventListener('click', function () { post('agent/resume'); });
  $('mechos-recorder-start').addEventListener('click', function () { post('recorder/start'); });
  $('mechos-recorder-stop').addEventListener('click', function () { post('recorder/stop'); });
  $('mechos-answer-send').addEventListener('click', function () {
    var input = $('mechos-answer');
    post('answer', { answer: input.value }).then(function (r) { if (r.ok) { input.value = ''; } });
  });

  poll('/state.json', renderState);
  poll('/map.json', drawMap);
}());
