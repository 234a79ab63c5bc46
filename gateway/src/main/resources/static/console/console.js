'use strict';
// The operator console: plain DOM, no build step. Every call carries the admin's access token;
// the token lives in this tab's sessionStorage only.

const REFRESH_MS = 2000;
const CONTROLS_MS = 3000;
const DEAD_LETTERS_MS = 10000;

// What each break-it action should do to the system; README.md "Break it from the console" says more.
const EXPECTED = {
  freeze: 'No answer from the instance: callers time out, their breakers count slow calls and open; the gateway answers 503 at once.',
  unfreeze: 'It answers again: half-open breakers let trial calls through and close.',
  kill: 'Connections are refused: callers fail fast, breakers open; the saga resumes from Kafka after a restart.',
  restart: 'A new process starts; readiness turns UP within a minute, breakers close after trial calls.',
  slow: 'Charges take 4 s: payment-service counts slow calls, orders confirm late.',
  fail: 'Charges answer 503: payment-service retries, its breaker opens, orders are cancelled when the deadline passes.',
  restore: 'Back to normal: breakers close after trial calls.',
  cut: 'Redis stops answering: rate limits and the token cache fall back to their local tier (see Token cache).',
};

let token = sessionStorage.getItem('bulkhead.console.token');
let timers = [];
// What was replayed, by topic/partition/offset: the panel redraws every 10 s and keeps saying so.
const replayed = new Map();
let sagaAbort = null;
const timelines = new Map();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function rows(selector, items, row) {
  const body = document.querySelector(selector + ' tbody');
  body.replaceChildren(...items.map(row));
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json', ...(options.headers || {}) },
  });
  if (response.status === 401) { signOut('Your session has ended; sign in again.'); throw new Error('401'); }
  if (response.status === 403) { signOut('This account is not an administrator: the console API answered 403.'); throw new Error('403'); }
  const body = response.headers.get('Content-Type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw Object.assign(new Error(body?.detail || response.statusText), { status: response.status, body });
  return body;
}

// --- sign in / out -------------------------------------------------------------------------------

document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('login-error');
  error.textContent = '';
  const credentials = JSON.stringify({ email: document.getElementById('email').value, password: document.getElementById('password').value });
  let response;
  // a busy auth-service can time out at the gateway (504) or be briefly unavailable (503): ask again, twice
  for (let attempt = 0; attempt < 3; attempt++) {
    response = await fetch('/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: credentials });
    if (![503, 504].includes(response.status)) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (!response.ok) { error.textContent = 'Sign-in refused (' + response.status + ').'; return; }
  token = (await response.json()).access_token;
  const roles = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).roles || [];
  sessionStorage.setItem('bulkhead.console.token', token);
  start(document.getElementById('email').value, roles);
});

document.getElementById('sign-out').addEventListener('click', () => signOut(''));

function signOut(message) {
  token = null;
  sessionStorage.removeItem('bulkhead.console.token');
  timers.forEach(clearInterval);
  timers = [];
  if (sagaAbort) sagaAbort.abort();
  document.getElementById('console').hidden = true;
  document.getElementById('sign-out').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('who').textContent = '';
  document.getElementById('login-error').textContent = message;
}

function start(who, roles) {
  document.getElementById('login').hidden = true;
  document.getElementById('console').hidden = false;
  document.getElementById('sign-out').hidden = false;
  document.getElementById('who').textContent = who ? who + (roles.length ? ' (' + roles.join(', ') + ')' : '') : '';
  const every = (ms, task) => { task(); timers.push(setInterval(task, ms)); };
  every(REFRESH_MS, refreshSnapshot);
  every(CONTROLS_MS, refreshControls);
  every(DEAD_LETTERS_MS, refreshDeadLetters);
  followSagas();
}

// --- service map, breakers, meters ---------------------------------------------------------------

async function refreshSnapshot() {
  let snapshot;
  try { snapshot = await api('/api/v1/console/snapshot'); } catch (e) { return; }
  rows('#instances', snapshot.instances, (i) => el('tr', { 'data-instance': i.instance },
    el('td', {}, i.service), el('td', {}, i.instance),
    el('td', { class: 'health ' + i.health }, i.health), el('td', { class: 'readiness ' + i.readiness }, i.readiness)));
  rows('#calls', snapshot.calls, (c) => el('tr', { 'data-call': c.from + '->' + c.to },
    el('td', {}, c.from), el('td', {}, c.to), el('td', {}, c.perSecond),
    el('td', { class: c.errorPercent > 0 ? 'bad' : '' }, c.errorPercent + ' %'), el('td', {}, c.total)));
  rows('#breakers', snapshot.breakers, (b) => el('tr', { 'data-breaker': b.service + '/' + b.name },
    el('td', {}, b.service), el('td', {}, b.name), el('td', { class: 'state ' + b.state }, b.state),
    el('td', {}, b.failureRate < 0 ? '–' : b.failureRate), el('td', {}, b.slowCallRate < 0 ? '–' : b.slowCallRate),
    el('td', {}, b.notPermitted),
    el('td', { class: 'transitions' }, b.transitions.map((t) => t.from + '→' + t.to + ' ' + time(t.at)).join(', '))));
  for (const [id, meters] of [['#saturation', snapshot.saturation], ['#rate-limits', snapshot.rateLimits], ['#token-cache', snapshot.tokenCache]]) {
    // gauges always; counters once they have counted something; the API-document routes are no one's traffic
    const shown = meters.filter((m) => (m.perSecond === null || m.value > 0) && !(m.labels.route || '').startsWith('api-docs-'));
    rows(id, shown, (m) => el('tr', {},
      el('td', {}, m.service), el('td', {}, m.metric),
      el('td', {}, Object.entries(m.labels).map(([k, v]) => k + '=' + v).join(' ')),
      el('td', {}, m.value), el('td', {}, m.perSecond ?? '')));
  }
}

// --- saga timelines, pushed ----------------------------------------------------------------------

// EventSource cannot send an Authorization header: the stream is read with fetch and parsed here.
async function followSagas() {
  const badge = document.getElementById('saga-stream');
  sagaAbort = new AbortController();
  try {
    const response = await fetch('/api/v1/console/sagas', {
      headers: { Authorization: 'Bearer ' + token, Accept: 'text/event-stream' }, signal: sagaAbort.signal,
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      badge.textContent = problem.detail || 'unavailable (' + response.status + ')';
      return;
    }
    badge.textContent = 'live';
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
        if (data) showTimeline(JSON.parse(data));
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return;
  }
  badge.textContent = 'reconnecting';
  if (token) setTimeout(followSagas, 2000);
}

function showTimeline(timeline) {
  timelines.set(timeline.orderId, timeline);
  const list = document.getElementById('timelines');
  const shown = [...timelines.values()].sort((a, b) => (b.placedAt || '').localeCompare(a.placedAt || '')).slice(0, 50);
  list.replaceChildren(...shown.map((t) => el('div', { class: 'timeline ' + t.status, 'data-order': t.orderId },
    el('strong', {}, t.orderId.slice(0, 8)), ' ',
    el('span', { class: 'status ' + t.status }, t.status), t.reason ? ' (' + t.reason + ')' : '',
    el('div', { class: 'steps' }, t.steps.map((s) =>
      s.step + (s.afterMillis != null ? ' +' + s.afterMillis + ' ms' : ' ' + time(s.at)) + (s.reason ? ' (' + s.reason + ')' : '')).join(' → ')))));
}

// --- dead letters --------------------------------------------------------------------------------

document.getElementById('refresh-dead-letters').addEventListener('click', () => refreshDeadLetters());

async function refreshDeadLetters() {
  const box = document.getElementById('dead-letter-topics');
  let topics;
  try { topics = await api('/api/v1/console/dead-letters'); } catch (e) {
    box.replaceChildren(el('p', { class: 'note' }, e.message));
    return;
  }
  box.replaceChildren(...Object.entries(topics).map(([topic, letters]) => el('div', { 'data-topic': topic },
    el('h3', {}, topic + ' (' + letters.length + ')'),
    letters.length === 0 ? el('p', { class: 'note' }, 'empty') : el('table', {}, el('tbody', {}, letters.map((l) =>
      el('tr', { 'data-letter': l.topic + '/' + l.partition + '/' + l.offset },
        el('td', {}, l.partition + '@' + l.offset), el('td', {}, time(l.at)),
        el('td', {}, l.headers['kafka_dlt-exception-message'] || l.headers['kafka_dlt-exception-fqcn'] || ''),
        el('td', {}, el('code', {}, (l.value || '').slice(0, 160))),
        el('td', {}, replayButton(l)))))))));
}

function replayButton(letter) {
  const key = letter.topic + '/' + letter.partition + '/' + letter.offset;
  return el('button', { class: 'replay', disabled: replayed.has(key) ? '' : null, onclick: (e) => replay(e.target, letter, key) },
    replayed.get(key) || 'Replay');
}

async function replay(button, letter, key) {
  button.disabled = true;
  try {
    const sent = await api(`/api/v1/console/dead-letters/${encodeURIComponent(letter.topic)}/${letter.partition}/${letter.offset}/replay`, { method: 'POST' });
    replayed.set(key, 'replayed → ' + sent.topic + '-' + sent.partition + '@' + sent.offset);
    button.textContent = replayed.get(key);
  } catch (e) {
    button.textContent = 'failed: ' + e.message;
    button.disabled = false;
  }
}

// --- break it ------------------------------------------------------------------------------------

async function refreshControls() {
  const absent = document.getElementById('controls-absent');
  let targets;
  try { targets = await api('/api/v1/console/controls'); } catch (e) {
    if (e.status === 404 || e.status === 502) {
      absent.hidden = false;
      absent.textContent = e.message;
      rows('#controls', [], () => null);
    }
    return;
  }
  absent.hidden = true;
  rows('#controls', targets, (t) => el('tr', { 'data-target': t.name },
    el('td', {}, t.name), el('td', { class: 'state ' + t.state }, t.state),
    el('td', {}, t.actions.length
      ? t.actions.map((a) => el('button', { 'data-action': a, title: EXPECTED[a] || '', onclick: () => breakIt(t.name, a) }, a))
      : el('span', { class: 'note' }, t.reason))));
  const offered = [...new Set(targets.flatMap((t) => t.actions))];
  document.getElementById('expected').replaceChildren(...offered.flatMap((a) => [el('dt', {}, a), el('dd', {}, EXPECTED[a] || '')]));
}

async function breakIt(target, action) {
  const error = document.getElementById('control-error');
  error.textContent = '';
  try {
    await api('/api/v1/console/controls', { method: 'POST', body: JSON.stringify({ target, action }) });
  } catch (e) {
    error.textContent = action + ' ' + target + ': ' + e.message;
  }
  refreshControls();
}

function time(instant) {
  return instant ? new Date(instant).toLocaleTimeString() : '';
}

if (token) start('', []);
