// Vigil safety dashboard: plain ES modules over the cloud service's /api/v1, no build step.
// Login gives a bearer token (kept in this tab's sessionStorage, never in a cookie); its fleet
// claim is the one fleet this dashboard shows.
const PAGE = 20;
const G = 9.80665;
const $ = (id) => document.getElementById(id);

const state = { board: 'drivers', offset: 0, total: 0, cursor: null, seen: new Set(), event: null };
let session = JSON.parse(sessionStorage.getItem('vigil-session') || 'null');
let api = session ? `/api/v1/fleets/${encodeURIComponent(session.fleet)}` : null;
const timers = [];
let liveStream = null;

function say(text) {
  $('status').textContent = text;
}

function claims(token) {
  const part = token.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
  return JSON.parse(atob(part));
}

function canReview() {
  return session && session.roles.includes('reviewer');
}

class LoggedOut extends Error {}

/** A request to the API with the session's token; a 401 logs out, any other failure throws. */
async function request(url, init = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${session?.token}`, ...(init.headers || {}) };
  const r = await fetch(url, { ...init, headers });
  if (r.status === 401) {
    logout('Your session has ended; log in again.');
    throw new LoggedOut('logged out');
  }
  if (!r.ok) {
    const problem = await r.json().catch(() => ({}));
    throw new Error(problem.detail || `${r.status} ${r.statusText}`);
  }
  return r.status === 202 || r.status === 204 ? null : r.json();
}

/** A request under the fleet's paths. */
const call = (path, init = {}) => request(api + path, init);

const get = (path) => call(path);

/** A request outside the fleet's paths (the model registry is organisation-wide). */
const callRoot = (path) => request(path);

function isAdmin() {
  return session && session.roles.includes('admin');
}

async function login(ev) {
  ev.preventDefault();
  const r = await fetch('/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: $('login-user').value, password: $('login-password').value }),
  });
  if (!r.ok) {
    $('login-error').textContent = r.status === 401 ? 'Wrong user name or password.' : `Login failed (${r.status}).`;
    return;
  }
  const body = await r.json();
  const c = claims(body.access_token);
  session = { token: body.access_token, user: body.username, roles: body.roles || c.roles || [], fleet: c.fleet };
  sessionStorage.setItem('vigil-session', JSON.stringify(session));
  $('login-password').value = '';
  start();
}

function logout(message) {
  session = null;
  sessionStorage.removeItem('vigil-session');
  timers.splice(0).forEach(clearInterval);
  liveStream?.abort();
  // Nothing of the last user's fleet may stay on the page for the next one.
  ['live-feed', 'event-list', 'board-rows', 'fleet-events', 'detail-fields', 'entity-events', 'entity-fields',
    'entity-summary', 'entity-history', 'models-rows', 'rollout-rows', 'rollout-history', 'registry-rows',
    'rollout-summary', 'drift-rows', 'drift-summary', 'drift-plot',
    'retraining-rows', 'retraining-summary'].forEach((id) => $(id).replaceChildren());
  Object.assign(state, { offset: 0, total: 0, cursor: null, event: null });
  state.seen.clear();
  $('detail').hidden = true;
  $('app').hidden = true;
  $('who').hidden = true;
  $('nav').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('login-user').focus();
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
}

function svg(tag, attrs = {}) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function band(name) {
  return name ? el('span', { class: `band ${name}` }, name.replace('_', ' ')) : el('span', {}, '–');
}

async function loadOverview() {
  const [score, vehicles] = await Promise.all([get('/score?days=7'), get('/vehicles?limit=1')]);
  $('fleet-score').textContent = score.score ?? '–';
  $('fleet-band').replaceWith(Object.assign(band(score.band), { id: 'fleet-band' }));
  $('fleet-km').textContent = score.distanceKm.toFixed(1);
  $('vehicles-online').textContent = `${vehicles.online} of ${vehicles.total}`;
  $('fleet-events').replaceChildren(
    ...Object.entries(score.events || {}).map(([t, n]) => el('li', {}, `${t.replaceAll('_', ' ')}: ${n}`)));
  sparkline($('fleet-trend'), (score.days || []).map((d) => d.score).filter((s) => s != null));
}

function sparkline(target, values) {
  target.replaceChildren();
  if (values.length < 2) return;
  const w = 160, h = 32;
  const pts = values.map((v, i) => `${(i * w) / (values.length - 1)},${h - 2 - (v / 100) * (h - 4)}`);
  target.append(svg('polyline', { points: pts.join(' '), fill: 'none', stroke: '#0b5cad', 'stroke-width': 2 }));
}

async function loadBoard() {
  const page = await get(`/leaderboard/${state.board}?days=7&limit=${PAGE}&offset=${state.offset}`);
  state.total = page.total;
  $('board-rows').replaceChildren(
    ...(page.rows || []).map((r, i) =>
      el('tr', {},
        el('td', { class: 'num' }, state.offset + i + 1),
        el('td', {}, el('a', { href: `#${state.board === 'drivers' ? 'driver' : 'vehicle'}=${encodeURIComponent(r.id)}` }, r.id)),
        el('td', { class: 'num' }, r.score ?? '–'),
        el('td', {}, band(r.band)),
        el('td', { class: 'num' }, r.distanceKm.toFixed(1)),
        el('td', { class: 'num' }, r.events))));
  const last = Math.min(state.offset + PAGE, page.total);
  $('board-page').textContent = page.total ? `${state.offset + 1}–${last} of ${page.total}` : 'nobody has driven yet';
  $('board-prev').disabled = state.offset === 0;
  $('board-next').disabled = last >= page.total;
}

function typeFilter() {
  const t = $('type-filter').value;
  return t ? `&type=${t}` : '';
}

function eventItem(e) {
  const label = `${new Date(e.deviceTime).toLocaleTimeString()} · ${e.type.replaceAll('_', ' ')}`
    + `${e.direction ? ' ' + e.direction : ''} · ${e.vehicleId} · ${e.driverId}`;
  return el('li', {}, el('button', {
    type: 'button',
    class: e.review === 'dismissed' ? 'dismissed' : '',
    'data-event': e.eventId,
    onclick: () => openEvent(e.eventId),
  }, label + (e.review ? ` (${e.review})` : '')));
}

async function loadEvents(more) {
  const page = await get(`/events?limit=${PAGE}${typeFilter()}${more && state.cursor ? '&cursor=' + state.cursor : ''}`);
  const items = (page.events || []).map(eventItem);
  if (more) $('event-list').append(...items);
  else $('event-list').replaceChildren(...items);
  (page.events || []).forEach((e) => state.seen.add(e.eventId));
  state.cursor = page.next;
  $('events-more').disabled = !page.next;
}

/**
 * The live feed: the API's server-sent events, read with fetch (EventSource cannot send the token).
 * Reconnects 3 s after the stream ends or fails; a 401 logs out.
 */
async function live(signal) {
  while (session && !signal.aborted) {
    try {
      const r = await fetch(`${api}/events/live`, {
        headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}` },
        signal,
      });
      if (r.status === 401) {
        logout('Your session has ended; log in again.');
        return;
      }
      if (r.ok) {
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const data = buffer.slice(0, end).split('\n')
              .filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trim()).join('\n');
            buffer = buffer.slice(end + 2);
            if (data) addLive(JSON.parse(data));
          }
        }
      }
    } catch (err) {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

function addLive(e) {
  const t = $('type-filter').value;
  if (state.seen.has(e.eventId) || (t && e.type !== t)) return;
  state.seen.add(e.eventId);
  $('live-feed').prepend(eventItem(e));
  while ($('live-feed').children.length > 50) $('live-feed').lastChild.remove();
}

async function openEvent(id) {
  const e = await get(`/events/${id}`);
  state.event = e;
  const fields = [
    ['Type', `${e.type.replaceAll('_', ' ')}${e.direction ? ' (' + e.direction + ')' : ''}`],
    ['Counted as', e.countedAs ? e.countedAs.replaceAll('_', ' ') : 'not counted'],
    ['Review', e.review || 'not reviewed'],
    ['Severity', e.severity],
    ['Time', new Date(e.deviceTimeMs).toISOString()],
    ['Vehicle · driver', `${e.vehicleId} · ${e.driverId}`],
    ['Speed', e.speedKmh != null ? `${e.speedKmh} km/h` : 'no GPS'],
    ['Position', e.position ? `${e.position.lat.toFixed(5)}, ${e.position.lon.toFixed(5)}` : 'no GPS'],
    ['Model', `${e.modelVersion}, confidence ${e.confidence}`],
  ];
  $('detail-fields').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  plot($('snippet-plot'), e.snippet, e.durationMs);
  $('detail').hidden = false;
  $('detail-title').textContent = `Event ${id.slice(0, 8)}`;
  $('detail').scrollIntoView({ behavior: 'smooth' });
  if (location.hash !== `#event=${id}` && !location.hash.match(/^#(driver|vehicle)=/)) {
    history.replaceState(null, '', `#event=${id}`);
  }
}

/** Acceleration (ax, ay in g) above, yaw rate (gz in °/s) below; the event's span shaded. */
function plot(target, s, durationMs) {
  target.replaceChildren();
  const W = 640, H = 300, L = 48, R = 12, panel = 120;
  const n = s.ax.length;
  const t = (i) => s.startOffsetMs + (i * 1000) / s.rateHz;
  const t0 = t(0), t1 = t(n - 1);
  const x = (ms) => L + ((ms - t0) / (t1 - t0 || 1)) * (W - L - R);
  const series = [
    { top: 10, label: 'acceleration, g', lines: [[s.ax.map((v) => v / G), '#0b5cad', 'longitudinal'], [s.ay.map((v) => v / G), '#b35900', 'lateral']] },
    { top: 160, label: 'yaw rate, °/s', lines: [[s.gz.map((v) => (v * 180) / Math.PI), '#1a7f37', 'yaw']] },
  ];
  target.append(svg('rect', { x: x(0), y: 10, width: Math.max(2, x(durationMs) - x(0)), height: 270, fill: '#f59e0b', opacity: 0.18 }));
  for (const p of series) {
    const all = p.lines.flatMap(([v]) => v);
    const lo = Math.min(...all, 0), hi = Math.max(...all, 0);
    const y = (v) => p.top + panel - ((v - lo) / (hi - lo || 1)) * panel;
    target.append(svg('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), stroke: '#c7ced6' }));
    const title = svg('text', { x: L, y: p.top + 10 });
    title.textContent = p.label;
    target.append(title);
    for (const [v, tick] of [[hi, hi], [lo, lo]]) {
      const label = svg('text', { x: 4, y: y(v) + 4 });
      label.textContent = tick.toFixed(2);
      target.append(label);
    }
    p.lines.forEach(([values, color, name], k) => {
      const d = values.map((v, i) => `${i ? 'L' : 'M'}${x(t(i)).toFixed(1)},${y(v).toFixed(1)}`).join('');
      target.append(svg('path', { d, fill: 'none', stroke: color, 'stroke-width': 1.5, 'data-series': name }));
      const legend = svg('text', { x: L + 140 + 90 * k, y: p.top + 10, fill: color });
      legend.textContent = name;
      target.append(legend);
    });
  }
  const axis = svg('text', { x: L, y: H - 4 });
  axis.textContent = `${(t0 / 1000).toFixed(1)} s … ${(t1 / 1000).toFixed(1)} s around the event`;
  target.append(axis);
}

async function review(verdict) {
  const e = state.event;
  const body = { verdict, reviewerId: session.user, note: $('note').value || null };
  await call(`/events/${e.eventId}/review`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  say(`Review "${verdict}" recorded; scores update within a second.`);
  setTimeout(() => refresh().then(() => openEvent(e.eventId)), 1500);
}

async function refresh() {
  await Promise.all([loadOverview(), loadBoard(), loadEvents(false)]);
}

function guard(f) {
  return (...args) => f(...args).catch((err) => err instanceof LoggedOut || say(err.message));
}

const OVERVIEW = ['overview', 'leaderboard', 'events'];
const entity = { kind: null, id: null, cursor: null };
const models = { offset: 0 };

/** Shows the page the location's hash names: overview, a driver, a vehicle, models, an event. */
async function route() {
  const h = location.hash;
  const page = h.match(/^#(driver|vehicle)=([A-Za-z0-9_-]{1,64})$/);
  const onOverview = !page && h !== '#models';
  OVERVIEW.forEach((id) => { $(id).hidden = !onOverview; });
  $('entity').hidden = !page;
  $('models').hidden = h !== '#models';
  if (page) await openEntity(page[1], page[2]);
  else if (h === '#models') await loadModels();
  const linked = h.match(/^#event=([0-9a-f-]{36})$/);
  if (linked) await openEvent(linked[1]);
}

async function openEntity(kind, id) {
  Object.assign(entity, { kind, id, cursor: null });
  $('entity-title').textContent = `${kind === 'driver' ? 'Driver' : 'Vehicle'} ${id}`;
  const score = await get(`/${kind}s/${encodeURIComponent(id)}/score?days=30`);
  $('entity-summary').replaceChildren(
    el('span', { class: 'label' }, 'Score, 30 days'), el('span', { class: 'big' }, score.score ?? '–'), ' ', band(score.band),
    ` · ${score.distanceKm.toFixed(1)} km · `,
    Object.entries(score.events || {}).map(([t, n]) => `${t.replaceAll('_', ' ')}: ${n}`).join(', ') || 'no events');
  scoreHistory($('entity-history'), score);
  $('entity-fields').replaceChildren();
  if (kind === 'vehicle') {
    const v = await get(`/vehicles/${encodeURIComponent(id)}`);
    const fields = [
      ['Online', v.online ? 'yes' : `no${v.offlineReason ? ' (' + v.offlineReason + ')' : ''}`],
      ['Last seen', v.lastSeen || '–'], ['Driver', v.driverId || '–'],
      ['Agent · model', `${v.agentVersion || '–'} · ${v.modelVersion || '–'}`],
    ];
    $('entity-fields').replaceChildren(...fields.flatMap(([k, val]) => [el('dt', {}, k), el('dd', {}, val)]));
  }
  await loadEntityEvents(false);
}

async function loadEntityEvents(more) {
  const t = $('entity-type').value;
  const filter = `${entity.kind}Id=${encodeURIComponent(entity.id)}${t ? '&type=' + t : ''}`;
  const page = await get(`/events?limit=${PAGE}&${filter}${more && entity.cursor ? '&cursor=' + entity.cursor : ''}`);
  const items = (page.events || []).map(eventItem);
  if (more) $('entity-events').append(...items);
  else $('entity-events').replaceChildren(...items);
  entity.cursor = page.next;
  $('entity-more').disabled = !page.next;
}

/** Daily scores from `from` to `to` as a line over 0–100 with the band boundaries; gaps on days without one. */
function scoreHistory(target, report) {
  target.replaceChildren();
  const W = 640, H = 160, L = 32, R = 8, T = 8, B = 20;
  const DAY = 86400000;
  const from = Date.parse(report.from), to = Date.parse(report.to);
  const n = Math.round((to - from) / DAY) + 1;
  const byDay = new Map((report.days || []).map((d) => [d.day, d.score]));
  const x = (i) => L + (i * (W - L - R)) / Math.max(1, n - 1);
  const y = (v) => T + (1 - v / 100) * (H - T - B);
  for (const v of [60, 75, 90]) {
    target.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: '#e3e7eb' }));
    const label = svg('text', { x: 4, y: y(v) + 4 });
    label.textContent = v;
    target.append(label);
  }
  let d = '', drawing = false;
  for (let i = 0; i < n; i++) {
    const score = byDay.get(new Date(from + i * DAY).toISOString().slice(0, 10));
    if (score == null) { drawing = false; continue; }
    d += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)},${y(score).toFixed(1)}`;
    if (!drawing) d += `h0.1`;
    drawing = true;
  }
  if (d) target.append(svg('path', { d, fill: 'none', stroke: '#0b5cad', 'stroke-width': 3, 'stroke-linecap': 'round', 'data-series': 'score' }));
  const first = svg('text', { x: L, y: H - 4 });
  first.textContent = report.from;
  const last = svg('text', { x: W - R - 70, y: H - 4 });
  last.textContent = report.to;
  target.append(first, last);
}

async function loadModels() {
  const page = await get(`/vehicles?limit=${PAGE}&offset=${models.offset}`);
  const rows = page.vehicles || [];
  const versions = {};
  rows.forEach((v) => { versions[v.modelVersion || 'unknown'] = (versions[v.modelVersion || 'unknown'] || 0) + 1; });
  $('models-summary').textContent = `${page.total} vehicles, ${page.online} online; on this page: `
    + (Object.entries(versions).map(([m, n]) => `${n} on ${m}`).join(', ') || 'none');
  $('models-rows').replaceChildren(...rows.map((v) => el('tr', {},
    el('td', {}, el('a', { href: `#vehicle=${encodeURIComponent(v.vehicleId)}` }, v.vehicleId)),
    el('td', {}, v.online ? 'yes' : 'no'),
    el('td', {}, v.agentVersion || '–'),
    el('td', {}, v.modelVersion || '–'),
    el('td', {}, v.modelUpdate ? (v.modelUpdate.state || JSON.stringify(v.modelUpdate)) : '–'))));
  const last = Math.min(models.offset + PAGE, page.total);
  $('models-page').textContent = page.total ? `${models.offset + 1}–${last} of ${page.total}` : 'no vehicles yet';
  $('models-prev').disabled = models.offset === 0;
  $('models-next').disabled = last >= page.total;
  await Promise.all([loadRollout(), loadRegistry(), loadDrift()]);
  await loadRetraining();
}

const rate = (g) => (g.windows ? (1000 * g.events / g.windows).toFixed(2) : '–');

async function loadRollout() {
  const view = await get('/rollout');
  const r = view.rollout;
  const live = r && (r.stage === 'SHADOW' || r.stage === 'CANARY');
  const fleetModels = Object.entries(view.versions || {}).map(([m, n]) => `${n} on ${m}`).join(', ') || 'none reported';
  $('rollout-summary').textContent = r
    ? `${r.model} ${r.candidate}: ${r.stage.toLowerCase().replace('_', ' ')}${r.paused ? ' (paused)' : ''}, `
      + `${r.percent}% cohort of ${view.knownVehicles} vehicles, baseline ${r.baseline || 'unknown'}`
      + (r.stage === 'SHADOW' ? `; shadow agreement ${(100 * (r.shadow.windows ? r.shadow.agreeing / r.shadow.windows : 1)).toFixed(1)}% of ${r.shadow.windows} windows` : '')
      + `. Fleet: ${fleetModels}.`
    : `No rollout yet. Fleet: ${fleetModels}.`;
  $('rollout-groups').hidden = !r;
  $('rollout-rows').replaceChildren(...(r ? [['Canary', r.candidate, r.canary], ['Control', r.baseline || 'other', r.control]] : [])
    .map(([name, model, g]) => el('tr', {},
      el('th', { scope: 'row' }, name), el('td', {}, model), el('td', {}, String(g.vehicles)),
      el('td', {}, String(g.reporting)), el('td', {}, String(g.failed)), el('td', {}, String(g.windows)),
      el('td', {}, String(g.events)), el('td', {}, rate(g)))));
  $('rollout-history').replaceChildren(...((r && r.history) || []).map((t) =>
    el('li', {}, `${t.at} ${t.stage.toLowerCase()}${t.paused ? ' (paused)' : ''} by ${t.by}: ${t.reason}`)));
  $('rollout-start').hidden = !isAdmin() || live;
  $('rollout-steps').hidden = !isAdmin() || !r || r.stage === 'ROLLED_BACK';
  const step = (name) => document.querySelector(`[data-step=${name}]`);
  step('promote').disabled = !live || r.paused;
  step('pause').disabled = !live || r.paused;
  step('resume').disabled = !live || !r.paused;
}

async function loadDrift() {
  const view = await get('/drift');
  const versions = view.versions || [];
  const suggested = versions.filter((v) => v.suggestion);
  $('drift-summary').textContent = !versions.length
    ? 'No input statistics from this fleet yet.'
    : suggested.length
      ? `Retraining suggested: ${suggested.map((v) => v.suggestion.reason).join('; ')}.`
      : `Inputs compared with the training data of ${view.model} (alert at PSI ${view.alertPsi}).`;
  $('drift-table').hidden = !versions.length;
  $('drift-rows').replaceChildren(...versions.map((v) => el('tr', {},
    el('td', {}, v.modelVersion), el('td', {}, String(v.vehicles)),
    el('td', {}, el('span', { class: `drift ${v.level}` }, v.level.replace('_', ' '))),
    el('td', {}, v.worstChannel || '–'), el('td', {}, v.worstPsi != null ? v.worstPsi.toFixed(3) : '–'),
    el('td', {}, Math.round(v.samples).toLocaleString()),
    el('td', {}, v.suggestion ? `suggested since ${new Date(v.suggestion.openedAtMs).toISOString()}` : '–'))));
  drift.suggestion = suggested.length ? `drift: ${suggested[0].suggestion.reason}` : null;
  const worst = versions.find((v) => v.worstChannel);
  const channel = worst && (worst.channels || []).find((c) => c.name === worst.worstChannel);
  $('drift-figure').hidden = !channel;
  if (channel) driftPlot($('drift-plot'), channel, worst.modelVersion);
}

const drift = { suggestion: null };
let retrainingTimer = null;

async function loadRetraining() {
  clearTimeout(retrainingTimer);
  const view = await get('/retraining');
  const jobs = view.jobs || [];
  const live = jobs.find((j) => j.state === 'REQUESTED' || j.state === 'RUNNING');
  $('retraining-summary').textContent = live
    ? `${live.model} ${live.candidateVersion} from ${live.parentVersion}: ${live.state.toLowerCase()}, ${live.step} (${Math.round(100 * live.progress)}%).`
    : view.busy ? 'The trainer is busy with another fleet\'s job.'
      : jobs.length ? `Last job: ${jobs[0].state.toLowerCase()}: ${jobs[0].outcome || ''}` : 'No retraining jobs yet.';
  $('retraining-table').hidden = !jobs.length;
  $('retraining-rows').replaceChildren(...jobs.map((j) => el('tr', {},
    el('td', {}, j.requestedAt), el('td', {}, j.requestedBy),
    el('td', {}, `${j.parentVersion} → ${j.candidateVersion}`),
    el('td', {}, j.state.toLowerCase()), el('td', {}, j.step || '–'),
    el('td', {}, el('progress', { max: 1, value: j.progress || 0 }, `${Math.round(100 * (j.progress || 0))}%`)),
    el('td', {}, j.outcome || '–'))));
  $('retraining-start').hidden = !isAdmin() || view.busy;
  if (drift.suggestion && !$('retraining-reason').value) $('retraining-reason').value = drift.suggestion.slice(0, 300);
  if (live && location.hash === '#models') retrainingTimer = setTimeout(guard(loadRetraining), 3000);
}

async function retrain() {
  say('Retraining: asking the trainer…');
  await call('/retraining', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ parentVersion: $('retraining-parent').value || null, reason: $('retraining-reason').value || null }),
  });
  await loadRetraining();
  say('Retraining: requested.');
}

/** Reference and observed shares per bin of one channel, side by side. */
function driftPlot(target, c, version) {
  target.replaceChildren();
  const ref = c.reference || [], obs = c.observed || [];
  const n = Math.max(ref.length, obs.length);
  const top = Math.max(...ref, ...obs, 0.01);
  const w = 600 / n;
  for (let i = 0; i < n; i++) {
    const x = 30 + i * w;
    [[ref[i] || 0, '#8a8f98', 0], [obs[i] || 0, '#0b5cad', w / 2]].forEach(([v, color, dx]) => {
      const h = (150 * v) / top;
      target.append(svg('rect', { x: x + dx, y: 160 - h, width: Math.max(1, w / 2 - 1), height: h, fill: color }));
    });
  }
  const label = (x, text) => { const t = svg('text', { x, y: 176, 'font-size': 11 }); t.textContent = text; target.append(t); };
  label(30, `< ${c.low}`);
  label(600, `≥ ${c.high}`);
  $('drift-caption').textContent = `${c.name}: share of frames per bin, training data of ${version} (grey) and the fleet's recent inputs (blue); PSI ${c.psi != null ? c.psi.toFixed(3) : '–'}.`;
}

async function loadRegistry() {
  // Empty lists and nulls are left out of API answers.
  const registered = await callRoot('/api/v1/models');
  $('rollout-version').replaceChildren(...registered.map((m) => el('option', { value: `${m.name}|${m.version}` }, `${m.name} ${m.version}`)));
  $('retraining-parent').replaceChildren(el('option', { value: '' }, 'the fleet\'s model'),
    ...registered.map((m) => el('option', { value: m.version }, `${m.name} ${m.version}`)));
  $('registry-rows').replaceChildren(...registered.map((m) => el('tr', {},
    el('td', {}, m.name), el('td', {}, m.version), el('td', {}, m.parentVersion || '–'),
    el('td', {}, m.createdAt), el('td', {}, m.registeredBy || '–'),
    el('td', {}, ...((m.documents || []).length ? m.documents.map((d) => el('a', { href: '#', 'data-doc': `${m.name}/${m.version}/documents/${d}` }, d)) : ['–'])))));
}

/** Opens a report kept with a model (the API needs the token, so it is fetched, not linked). */
async function openDocument(path) {
  const r = await fetch(`/api/v1/models/${path}`, { headers: { Authorization: `Bearer ${session?.token}` } });
  if (!r.ok) throw new Error(`${r.status} ${r.statusText}`);
  const blob = new Blob([await r.text()], { type: r.headers.get('Content-Type') || 'text/plain' });
  window.open(URL.createObjectURL(blob), '_blank', 'noopener');
}

async function rolloutStep(step, body) {
  say(`Rollout: ${step}…`);
  await call(`/rollout${step === 'start' ? '' : `/${step}`}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await loadRollout();
  say(`Rollout: ${step} done.`);
}

function start() {
  api = `/api/v1/fleets/${encodeURIComponent(session.fleet)}`;
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').hidden = false;
  $('fleet-name').textContent = `· fleet ${session.fleet}`;
  $('user-name').textContent = `${session.user} (${session.roles[session.roles.length - 1]})`;
  $('review-form').hidden = !canReview();
  $('nav').hidden = false;
  guard(refresh)().then(() => say('Up to date.'));
  // Links: #driver=<id>, #vehicle=<id>, #models, #event=<id>.
  guard(route)();
  liveStream = new AbortController();
  live(liveStream.signal);
  timers.push(setInterval(guard(() => Promise.all([loadOverview(), loadBoard()])), 15000));
}

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (ev) => guard(login)(ev));
  $('logout').addEventListener('click', () => logout('Logged out.'));
  document.querySelectorAll('[data-board]').forEach((b) =>
    b.addEventListener('click', guard(async () => {
      state.board = b.dataset.board;
      state.offset = 0;
      document.querySelectorAll('[data-board]').forEach((o) => o.setAttribute('aria-pressed', String(o === b)));
      await loadBoard();
    })));
  $('board-prev').addEventListener('click', guard(async () => { state.offset = Math.max(0, state.offset - PAGE); await loadBoard(); }));
  $('board-next').addEventListener('click', guard(async () => { state.offset += PAGE; await loadBoard(); }));
  $('events-more').addEventListener('click', guard(() => loadEvents(true)));
  $('type-filter').addEventListener('change', guard(() => loadEvents(false)));
  $('review-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    guard(review)(ev.submitter.value);
  });
  $('entity-type').replaceChildren(...$('type-filter').cloneNode(true).children);
  $('entity-type').value = '';
  $('entity-type').addEventListener('change', guard(() => loadEntityEvents(false)));
  $('entity-more').addEventListener('click', guard(() => loadEntityEvents(true)));
  $('models-prev').addEventListener('click', guard(async () => { models.offset = Math.max(0, models.offset - PAGE); await loadModels(); }));
  $('models-next').addEventListener('click', guard(async () => { models.offset += PAGE; await loadModels(); }));
  $('retraining-start').addEventListener('submit', (ev) => {
    ev.preventDefault();
    guard(retrain)();
  });
  $('rollout-start').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const [model, version] = $('rollout-version').value.split('|');
    guard(rolloutStep)('start', { model, version, stage: $('rollout-stage').value, percent: Number($('rollout-percent').value) });
  });
  document.querySelectorAll('[data-step]').forEach((b) => b.addEventListener('click',
    () => guard(rolloutStep)(b.dataset.step, { reason: $('rollout-reason').value || null })));
  $('registry-rows').addEventListener('click', (ev) => {
    const a = ev.target.closest('[data-doc]');
    if (a) {
      ev.preventDefault();
      guard(openDocument)(a.dataset.doc);
    }
  });
  window.addEventListener('hashchange', () => { if (session) guard(route)(); });
  if (session) start();
  else logout();
});
