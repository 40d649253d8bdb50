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
  var linStep = parseFloat(el.getAttribute('data-linear-step')) || 0.1;
  var angStep = parseFloat(el.getAttribute('data-angular-step')) || 0.4;
  var trail = [];
  var lastMap = null;
  var lastLive = null;

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

  /** "12:00:01" or "11:59:58-12:00:01" for a collapsed run of identical decisions. */
  function span(d) {
    return d.count > 1 && d.firstTime ? time(d.firstTime) + '-' + time(d.time) : time(d.time);
  }
  function times(t, n) { return n > 1 ? t + ' \u00d7' + n : t; }

  function renderLive(l, goal, safety) {
    lastLive = l;
    var pairs = [];
    (l.batteries || []).forEach(function (b) {
      pairs.push(['battery ' + b.id, b.error ? b.error : (typeof b.percent === 'number' ? b.percent.toFixed(0) + ' %' : 'no reading') +
        (typeof b.voltage === 'number' ? ' (' + b.voltage.toFixed(2) + ' V)' : '')]);
    });
    if (!(l.batteries || []).length) { pairs.push(['battery', 'no battery device']); }
    (l.bumpers || []).forEach(function (b) { pairs.push(['bumper ' + b.id, b.error || (b.pressed ? 'PRESSED' : 'clear')]); });
    (l.estopInputs || []).forEach(function (b) { pairs.push(['e-stop input ' + b.id, b.error || (b.pressed ? 'PRESSED' : 'released')]); });
    pairs.push(['current task', l.task || 'none']);
    pairs.push(['goal', goal.active ? 'driving to (' + goal.x + ', ' + goal.y + ')' : (goal.message || 'none')]);
    pairs.push(['moving', safety && safety.available ? (safety.moving ? 'yes' : 'no') : '-']);
    kv('mechos-live', pairs);
    var img = $('mechos-camera');
    if (l.camera && l.camera.dataUrl) {
      if (img.getAttribute('src') !== l.camera.dataUrl) { img.src = l.camera.dataUrl; }
      img.title = 'camera ' + l.camera.id + ' (' + l.camera.width + 'x' + l.camera.height + ', at most 1 frame/s)';
      img.hidden = false;
    } else {
      img.hidden = true;
    }
    text('mechos-goal', goal.active ? 'Goal: (' + goal.x + ', ' + goal.y + ') m, driving' : (goal.message ? 'Goal: ' + goal.message : ''));
    el.setAttribute('data-goal', goal.active ? 'active' : (goal.message || ''));
    var f = l.fleet;
    if (f && !f.error) {
      text('mechos-fleet', 'This robot: ' + f.self + ', link ' + f.health + (f.reason ? ' (' + f.reason + ')' : '') + ', ' + (f.peers || []).length + ' peer(s)');
      rows('mechos-fleet-peers', f.peers, function (p) {
        return [p.id, { text: (p.online ? '' : 'OFFLINE ') + (p.safety || ''), cls: 'mechos-nowrap' }, p.agent || '',
          (p.ageMs / 1000).toFixed(1) + ' s ago', p.task || '-', '(' + num(p.x, 2) + ', ' + num(p.y, 2) + ')'];
      }, function (p) { return p.online ? '' : 'rejected'; });
    } else {
      text('mechos-fleet', f && f.error ? 'fleet view failed: ' + f.error : 'fleet not available (mechos.fleet not configured)');
      rows('mechos-fleet-peers', [], function () { return []; });
    }
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
      text('mechos-safety-reason', safety.reason || '');
      var refused = safety.configRefusals || [];
      var cr = $('mechos-config-rejected');
      cr.hidden = !refused.length;
      cr.textContent = refused.length ? 'Configuration rejected (the last good values stay in force): ' + refused.join(' | ') : '';
      text('mechos-override-state', safety.state === 'OVERRIDE'
        ? 'Override active, ' + Math.round(safety.overrideRemainingMs / 1000) + ' s left' : 'No override active');
      // Reset only when there is something to reset; Resume autonomy only when a reset awaits it.
      $('mechos-reset').disabled = !(safety.state === 'ESTOP_LATCHED' || safety.state === 'SAFE_STOP');
      $('mechos-safety-resume').disabled = !safety.awaitingResume;
    } else {
      st.textContent = 'UNAVAILABLE';
      st.className = 'mechos-state UNAVAILABLE';
      text('mechos-safety-reason', safety.reason || '');
      $('mechos-reset').disabled = true;
      $('mechos-safety-resume').disabled = true;
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
      text('mechos-invalid-reply', a.lastInvalidReply ? 'Last invalid LLM reply (not sent to the kernel): ' + a.lastInvalidReply : '');
      rows('mechos-agent-decisions', a.lastDecisions, function (d) {
        return [span(d), d.source, times(d.intent, d.count), d.verdict, d.rationale || ''];
      }, function (d) { return d.approved ? '' : 'rejected'; });
    } else {
      kv('mechos-agent', [['agent', a.reason || 'not available']]);
      rows('mechos-agent-decisions', [], function () { return []; });
    }
    var q = a.available ? a.pendingQuestion : null;
    text('mechos-question', q || 'none');
    $('mechos-question-box').className = 'mechos-question' + (q ? ' pending' : '');

    rows('mechos-decisions', s.decisions, function (d) {
      return [span(d), d.agentId, times(d.intent, d.count), d.reason];
    }, function (d) { return d.approved ? '' : 'rejected'; });
    rows('mechos-transitions', s.transitions, function (t) {
      return [time(t.time), { text: t.from, cls: 'mechos-nowrap' }, { text: t.to, cls: 'mechos-nowrap' }, t.reason];
    });
    renderLive(s.live || {}, s.goal || {}, safety);

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
      var dflt = rec.defaultSplit || {};
      text('mechos-recorder', (rec.recording ? 'Recording to ' + rec.currentFile + ' (' + (rec.split || {}).text + ')'
        : 'Not recording (configured default: ' + dflt.text + ')') + ' - ' +
        rec.messages + ' messages, ' + rec.bytes + ' bytes, ' + rec.dropped + ' dropped' +
        (rec.lastError ? ', last error: ' + rec.lastError : ''));
      if (typeof dflt.bytes === 'number') {
        $('mechos-recorder-split-mib').placeholder = 'default ' + (dflt.bytes % 1048576 === 0 ? dflt.bytes / 1048576 : num(dflt.bytes / 1048576, 3));
        $('mechos-recorder-split-seconds').placeholder = 'default ' + dflt.seconds;
      }
      var ul = $('mechos-recordings');
      while (ul.firstChild) { ul.removeChild(ul.firstChild); }
      (rec.recordings || []).forEach(function (f) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = root + '/recordings/' + encodeURIComponent(f.file);
        a.setAttribute('download', f.file);
        a.className = 'mechos-recording';
        a.textContent = f.file;
        li.appendChild(a);
        li.appendChild(document.createTextNode(' (' + Math.round(f.bytes / 1024) + ' KiB, ' + new Date(f.modified).toLocaleString() + ')'));
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

  // ---- Map: a fixed view of the map frame (not robot-centred), pan (drag), zoom (wheel, buttons) ----
  var canvas = $('mechos-map');
  var view = { cx: 0, cy: 0, scale: 35, fitted: false };   // scale: canvas pixels per metre
  var staticImg = null, staticVersion = null, staticInfo = null;
  var mode = 'pan';
  var drag = null;

  function toScreen(x, y) { return [canvas.width / 2 + (x - view.cx) * view.scale, canvas.height / 2 - (y - view.cy) * view.scale]; }
  /** Map coordinates of a mouse event (the canvas may be scaled by CSS). */
  function toMap(e) {
    var r = canvas.getBoundingClientRect();
    var px = (e.clientX - r.left) * canvas.width / r.width, py = (e.clientY - r.top) * canvas.height / r.height;
    return [view.cx + (px - canvas.width / 2) / view.scale, view.cy - (py - canvas.height / 2) / view.scale];
  }
  function viewRadius() { return Math.hypot(canvas.width, canvas.height) / 2 / view.scale; }
  function zoom(f, about) {
    var s = Math.max(2, Math.min(800, view.scale * f));
    if (about) {   // keep the point under the cursor where it is
      view.cx = about[0] - (about[0] - view.cx) * view.scale / s;
      view.cy = about[1] - (about[1] - view.cy) * view.scale / s;
    }
    view.scale = s;
    redraw();
  }
  function fitStatic() {
    if (!staticInfo) { return false; }
    var w = staticInfo.width * staticInfo.resolution, h = staticInfo.height * staticInfo.resolution;
    view.cx = staticInfo.originX + w / 2;
    view.cy = staticInfo.originY + h / 2;
    view.scale = Math.min(canvas.width / w, canvas.height / h) * 0.95;
    return true;
  }
  function redraw() { if (lastMap) { drawMap(lastMap); } }

  function niceLength(m) {
    var p = Math.pow(10, Math.floor(Math.log10(m)));
    var n = m / p;
    return (n >= 5 ? 5 : n >= 2 ? 2 : 1) * p;
  }

  function drawMap(d) {
    lastMap = d;
    var g = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height;
    function X(x) { return w / 2 + (x - view.cx) * view.scale; }
    function Y(y) { return h / 2 - (y - view.cy) * view.scale; }
    g.clearRect(0, 0, w, h);
    // static map layer
    var sm = d.staticMap;
    if (sm && sm.version !== staticVersion) {
      staticVersion = sm.version;
      staticInfo = sm;
      var img = new Image();
      img.onload = function () { staticImg = img; if (!view.fitted) { view.fitted = fitStatic(); } redraw(); };
      img.src = root + '/staticmap.png?v=' + encodeURIComponent(sm.version);
    } else if (!sm) {
      staticImg = null; staticInfo = null; staticVersion = null;
    }
    if (staticImg && staticInfo) {
      g.imageSmoothingEnabled = false;
      g.drawImage(staticImg, X(staticInfo.originX), Y(staticInfo.originY + staticInfo.height * staticInfo.resolution),
        staticInfo.width * staticInfo.resolution * view.scale, staticInfo.height * staticInfo.resolution * view.scale);
    }
    // 1 m grid
    var r = viewRadius();
    var step = view.scale < 8 ? 10 : 1;
    g.strokeStyle = 'rgba(0,0,0,0.08)';
    g.lineWidth = 1;
    for (var gx = Math.floor((view.cx - r) / step) * step; gx <= view.cx + r; gx += step) { g.beginPath(); g.moveTo(X(gx), 0); g.lineTo(X(gx), h); g.stroke(); }
    for (var gy = Math.floor((view.cy - r) / step) * step; gy <= view.cy + r; gy += step) { g.beginPath(); g.moveTo(0, Y(gy)); g.lineTo(w, Y(gy)); g.stroke(); }
    // origin axes of the map frame
    g.strokeStyle = '#d32f2f'; g.beginPath(); g.moveTo(X(0), Y(0)); g.lineTo(X(0.5), Y(0)); g.stroke();
    g.strokeStyle = '#388e3c'; g.beginPath(); g.moveTo(X(0), Y(0)); g.lineTo(X(0), Y(0.5)); g.stroke();
    var res = d.resolution || 0.05, size = Math.max(2, res * view.scale);
    g.fillStyle = 'rgba(60,60,60,0.75)';
    (d.cells || []).forEach(function (p) { g.fillRect(X(p[0]) - size / 2, Y(p[1]) - size / 2, size, size); });
    g.fillStyle = '#e53935';
    (d.points || []).forEach(function (p) { g.fillRect(X(p[0]) - 1, Y(p[1]) - 1, 2, 2); });
    // fleet peers
    var fleet = lastLive && lastLive.fleet && lastLive.fleet.peers || [];
    fleet.forEach(function (p) {
      g.strokeStyle = p.online ? '#6a1b9a' : '#9e9e9e';
      g.fillStyle = p.online ? 'rgba(106,27,154,0.2)' : 'rgba(158,158,158,0.2)';
      g.lineWidth = 2;
      g.beginPath(); g.arc(X(p.x), Y(p.y), Math.max(3, (p.radius || 0.2) * view.scale), 0, 2 * Math.PI); g.fill(); g.stroke();
      g.beginPath(); g.moveTo(X(p.x), Y(p.y)); g.lineTo(X(p.x + Math.cos(p.theta) * (p.radius || 0.2) * 1.6), Y(p.y + Math.sin(p.theta) * (p.radius || 0.2) * 1.6)); g.stroke();
      g.fillStyle = '#4a148c'; g.font = '11px sans-serif'; g.fillText(p.id, X(p.x) + 6, Y(p.y) - 6);
      g.lineWidth = 1;
    });
    // goal
    var goal = d.goal || {};
    if (goal.active) {
      g.strokeStyle = '#c62828'; g.lineWidth = 3;
      g.beginPath(); g.moveTo(X(goal.x) - 7, Y(goal.y) - 7); g.lineTo(X(goal.x) + 7, Y(goal.y) + 7);
      g.moveTo(X(goal.x) + 7, Y(goal.y) - 7); g.lineTo(X(goal.x) - 7, Y(goal.y) + 7); g.stroke();
      g.lineWidth = 1;
    }
    var pose = d.pose;
    if (pose) {
      trail.push([pose.x, pose.y]);
      if (trail.length > 400) { trail.shift(); }
      g.strokeStyle = '#90caf9';
      g.beginPath();
      trail.forEach(function (p, i) { if (i === 0) { g.moveTo(X(p[0]), Y(p[1])); } else { g.lineTo(X(p[0]), Y(p[1])); } });
      g.stroke();
      // commanded motion: integrate the commanded (linear, angular) for 2 s from the current pose (zero once stopped)
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
      canvas.setAttribute('data-commanded', String(cm.linear || 0));
      var fr = (d.footprint || 0.2) * view.scale;
      g.strokeStyle = '#1565c0';
      g.fillStyle = 'rgba(21,101,192,0.25)';
      g.lineWidth = 2;
      g.beginPath(); g.arc(X(pose.x), Y(pose.y), Math.max(3, fr), 0, 2 * Math.PI); g.fill(); g.stroke();
      g.beginPath(); g.moveTo(X(pose.x), Y(pose.y));
      g.lineTo(X(pose.x + Math.cos(pose.theta) * (d.footprint || 0.2) * 1.6), Y(pose.y + Math.sin(pose.theta) * (d.footprint || 0.2) * 1.6));
      g.stroke();
      g.lineWidth = 1;
      text('mechos-pose', 'x=' + num(pose.x, 3) + ' m, y=' + num(pose.y, 3) + ' m, heading=' + num(pose.theta * 180 / Math.PI, 1) +
        ' deg, v=' + num(pose.linear, 3) + ' m/s, w=' + num(pose.angular, 3) + ' rad/s (' + pose.confidence + ')');
      canvas.setAttribute('data-x', pose.x);
      canvas.setAttribute('data-y', pose.y);
      canvas.setAttribute('data-theta', pose.theta);
      canvas.setAttribute('data-linear', pose.linear);
    } else {
      text('mechos-pose', 'no pose');
    }
    // pose-estimate arrow while dragging
    if (drag && drag.mode === 'pose' && drag.to) {
      g.strokeStyle = '#00838f'; g.lineWidth = 3;
      g.beginPath(); g.moveTo(X(drag.from[0]), Y(drag.from[1])); g.lineTo(X(drag.to[0]), Y(drag.to[1])); g.stroke();
      g.beginPath(); g.arc(X(drag.from[0]), Y(drag.from[1]), 5, 0, 2 * Math.PI); g.stroke();
      g.lineWidth = 1;
    }
    // scale bar (bottom left)
    var len = niceLength(100 / view.scale);
    g.fillStyle = 'rgba(255,255,255,0.8)'; g.fillRect(6, h - 30, len * view.scale + 50, 24);
    g.strokeStyle = '#000'; g.lineWidth = 2;
    g.beginPath(); g.moveTo(12, h - 12); g.lineTo(12 + len * view.scale, h - 12);
    g.moveTo(12, h - 17); g.lineTo(12, h - 7); g.moveTo(12 + len * view.scale, h - 17); g.lineTo(12 + len * view.scale, h - 7); g.stroke();
    g.lineWidth = 1;
    g.fillStyle = '#000'; g.font = '12px sans-serif';
    var label = len >= 1 ? len + ' m' : Math.round(len * 100) + ' cm';
    g.fillText(label, 18 + len * view.scale, h - 9);
    canvas.setAttribute('data-scale-bar', label);
    canvas.setAttribute('data-cx', view.cx);
    canvas.setAttribute('data-cy', view.cy);
    canvas.setAttribute('data-scale', view.scale);
    canvas.setAttribute('data-static-map', staticImg && staticInfo ? staticInfo.source : '');
    text('mechos-map-missing', (d.missing && d.missing.length) ? 'Not shown: ' + d.missing.join(', ') : '');
    canvas.setAttribute('data-frames', String(parseInt(canvas.getAttribute('data-frames'), 10) + 1));
  }

  document.querySelectorAll('#mechos input[name="mechos-map-mode"]').forEach(function (r) {
    r.addEventListener('change', function () {
      mode = r.value;
      canvas.className = 'mechos-mode-' + mode;
      el.setAttribute('data-map-mode', mode);
    });
  });
  canvas.addEventListener('pointerdown', function (e) {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    drag = { mode: mode, start: [e.clientX, e.clientY], view: [view.cx, view.cy], from: toMap(e), to: null };
  });
  canvas.addEventListener('pointermove', function (e) {
    if (!drag) { return; }
    if (drag.mode === 'pan') {
      var rr = canvas.getBoundingClientRect();
      var k = canvas.width / rr.width;
      view.cx = drag.view[0] - (e.clientX - drag.start[0]) * k / view.scale;
      view.cy = drag.view[1] + (e.clientY - drag.start[1]) * k / view.scale;
      redraw();
    } else if (drag.mode === 'pose') {
      drag.to = toMap(e);
      redraw();
    }
  });
  canvas.addEventListener('pointerup', function (e) {
    if (!drag) { return; }
    var dd = drag;
    drag = null;
    var p = toMap(e);
    if (dd.mode === 'goal') {
      post('goal', { x: p[0].toFixed(3), y: p[1].toFixed(3) });
    } else if (dd.mode === 'pose') {
      var dx = p[0] - dd.from[0], dy = p[1] - dd.from[1];
      // a click without a drag keeps the current heading
      var theta = Math.hypot(dx, dy) * view.scale > 5 ? Math.atan2(dy, dx)
        : (lastMap && lastMap.pose ? lastMap.pose.theta : 0);
      post('pose', { x: dd.from[0].toFixed(3), y: dd.from[1].toFixed(3), theta: theta.toFixed(4) });
      trail = [];
    }
    redraw();
  });
  canvas.addEventListener('pointercancel', function () { drag = null; redraw(); });
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, toMap(e));
  }, { passive: false });
  $('mechos-zoom-in').addEventListener('click', function () { zoom(1.25); });
  $('mechos-zoom-out').addEventListener('click', function () { zoom(0.8); });
  $('mechos-view-robot').addEventListener('click', function () {
    if (lastMap && lastMap.pose) { view.cx = lastMap.pose.x; view.cy = lastMap.pose.y; redraw(); }
  });
  $('mechos-view-map').addEventListener('click', function () { if (fitStatic()) { redraw(); } });
  $('mechos-goal-cancel').addEventListener('click', function () { post('goal/cancel'); });


  function poll(path, render, every) {
    function once() {
      fetch(root + (typeof path === 'function' ? path() : path), { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) {
          if (r.status === 401) { throw new Error('logged out (401)'); }
          return r.json();
        })
        .then(render)
        .catch(function (e) { message('refresh failed: ' + e.message); })
        .then(function () { setTimeout(once, every || refresh); });
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
  // The sent command approaches the target by at most one step per renewal (every 200 ms), below the kernel's
  // acceleration step, and renewals of a held drive follow each other without a stop in between.
  // After a rejection (e.g. creep speed while the world model is stale) the next renewal repeats the last
  // approved command, then the ramp goes on.
  var sent = [0, 0], approved = [0, 0], hold = false;
  function approach(v, target, step) { return v < target ? Math.min(target, v + step) : Math.max(target, v - step); }
  function count(attr) { el.setAttribute(attr, String(parseInt(el.getAttribute(attr) || '0', 10) + 1)); }
  var inflight = false;
  function sendDrive() {
    // One drive request at a time: on a slow robot, renewals must not pile up (each would step the ramp again).
    if (inflight) { return; }
    inflight = true;
    var c = command();
    sent = hold ? approved.slice() : [approach(sent[0], c[0], linStep), approach(sent[1], c[1], angStep)];
    var lin = Math.round(sent[0] * 1000) / 1000, ang = Math.round(sent[1] * 1000) / 1000;
    post('drive', { linear: lin, angular: ang }).then(function (res) {
      inflight = false;
      if (!anyHeld()) { return; }
      el.setAttribute('data-drive', lin + ' ' + (res.ok ? 'approved' : 'rejected'));
      if (res.ok && lin > parseFloat(el.getAttribute('data-drive-max') || '0')) { el.setAttribute('data-drive-max', String(lin)); }
      if (res.ok) {
        approved = [lin, ang]; hold = false;
        count('data-drive-approved');
      } else {
        sent = approved.slice(); hold = true;
        count('data-drive-rejected');
        if (/speed\.accel/.test(res.message || '')) { count('data-drive-accel-rejected'); }
      }
    });
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
      sent = [0, 0]; approved = [0, 0]; hold = false;
      post('stop');
    }
  }
  document.querySelectorAll('#mechos .mechos-drive-btn').forEach(function (b) {
    var dir = b.getAttribute('data-dir');
    b.addEventListener('pointerdown', function (e) {
      e.preventDefault();
      // Capture the pointer: a layout change that moves the button away must not count as letting go.
      if (b.setPointerCapture) { try { b.setPointerCapture(e.pointerId); } catch (err) { /* not capturable */ } }
      press(dir);
    });
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
  $('mechos-recorder-start').addEventListener('click', function () {
    var sel = Array.prototype.filter.call($('mechos-recorder-topics').options, function (o) { return o.selected; })
      .map(function (o) { return o.value; });
    post('recorder/start', { topics: sel.join(','), splitMiB: $('mechos-recorder-split-mib').value.trim(),
      splitSeconds: $('mechos-recorder-split-seconds').value.trim() });
  });
  function loadTopics() {
    fetch(root + '/topics.json', { credentials: 'same-origin', cache: 'no-store' }).then(function (r) { return r.json(); })
      .then(function (names) {
        var s = $('mechos-recorder-topics');
        var chosen = {};
        Array.prototype.forEach.call(s.options, function (o) { if (o.selected) { chosen[o.value] = true; } });
        while (s.firstChild) { s.removeChild(s.firstChild); }
        (names || []).forEach(function (n) {
          var o = document.createElement('option'); o.value = n; o.textContent = n; o.selected = !!chosen[n]; s.appendChild(o);
        });
      }, function (e) { message('topics: ' + e); });
  }
  $('mechos-recorder-topics-refresh').addEventListener('click', loadTopics);
  $('mechos-recorder-stop').addEventListener('click', function () { post('recorder/stop'); });
  $('mechos-answer-send').addEventListener('click', function () {
    var input = $('mechos-answer');
    post('answer', { answer: input.value }).then(function (r) { if (r.ok) { input.value = ''; } });
  });

  poll('/state.json', renderState);
  poll(function () {
    return '/map.json?cx=' + view.cx.toFixed(3) + '&cy=' + view.cy.toFixed(3) + '&r=' + viewRadius().toFixed(2);
  }, drawMap);
  loadTopics();
  // Log view: the newest lines of the robot's log at or above the chosen level, every 2 s.
  poll(function () { return '/logs.json?max=100&level=' + encodeURIComponent($('mechos-log-level').value); }, function (l) {
    text('mechos-log-state', l.available ? l.events.length + ' line(s) shown' : (l.reason || 'log not available'));
    rows('mechos-log', l.events, function (e) {
      return [time(e.time), { text: e.level, cls: 'mechos-nowrap' }, e.logger.replace(/^.*\.(?=[^.]+\.[^.]+$)/, ''), e.message];
    }, function (e) { return e.level === 'ERROR' || e.level === 'WARN' ? 'rejected' : ''; });
  }, 2000);
  $('mechos-log-level').addEventListener('change', function () { el.setAttribute('data-log-level', $('mechos-log-level').value); });
}());
