import {api, claims, describeProblem, duration, el, london, londonTime, setToken, signIn, uuid, validToken} from './common.js';
import {EventStream} from './sse.js';

const APP = 'board';
const DEMO_USERS = [
  {subject: 'nurse-qeuh', role: 'ED_STAFF', org: 'QEUH'},
  {subject: 'nurse-gri', role: 'ED_STAFF', org: 'GRI'},
  {subject: 'nurse-rie', role: 'ED_STAFF', org: 'RIE'},
  {subject: 'sister-qeuh', role: 'SUPERVISOR', org: 'QEUH'},
];
const STATE_TEXT = {
  PRE_ALERTED: 'Pre-alerted',
  ARRIVED: 'Arrived, waiting',
  ACKNOWLEDGED: 'Acknowledged',
  HANDOVER_STARTED: 'Handover under way',
  HANDED_OVER: 'Handed over',
};

const $ = (id) => document.getElementById(id);
const cases = new Map();
let stream = null;
let site = null;
const deviceId = 'board-' + uuid().slice(0, 8);

/** Waiting band by minutes since arrival, as text and colour: under 15, 15+, 30+, 60+. */
export function band(minutes) {
  if (minutes >= 60) {
    return {level: 60, text: 'Over 60 min'};
  }
  if (minutes >= 30) {
    return {level: 30, text: 'Over 30 min'};
  }
  if (minutes >= 15) {
    return {level: 15, text: 'Over 15 min'};
  }
  return {level: 0, text: 'Under 15 min'};
}

function waitingSeconds(c) {
  if (!c.points.arrivedAt) {
    return null;
  }
  const end = c.points.handedOverAt ? Date.parse(c.points.handedOverAt) : Date.now();
  return (end - Date.parse(c.points.arrivedAt)) / 1000;
}

function actionsFor(c) {
  const actions = [];
  if (c.state === 'ARRIVED') {
    actions.push(['ACKNOWLEDGED', 'Acknowledge']);
  }
  if (c.state === 'ACKNOWLEDGED') {
    actions.push(['HANDOVER_STARTED', 'Start handover']);
  }
  if (['ARRIVED', 'ACKNOWLEDGED', 'HANDOVER_STARTED'].includes(c.state)) {
    actions.push(['HANDED_OVER', 'Accept handover']);
  }
  return actions;
}

async function act(c, type, label) {
  const row = 'case ' + shortId(c);
  $('board-status').textContent = label + ' for ' + row + ': sending…';
  try {
    const answer = await api(APP, 'POST', '/api/v1/handovers/' + c.caseId + '/events', {
      eventId: uuid(),
      type,
      occurredAt: new Date().toISOString(),
      source: {channel: 'ED_BOARD', deviceId},
    });
    $('board-status').textContent = label + ' for ' + row + ': ' + (answer.status === 201
      ? 'recorded.'
      : answer.status === 200
        ? 'already recorded.'
        : 'received, the board updates when it is recorded.');
  } catch (e) {
    $('board-status').textContent = label + ' for ' + row + ' failed: ' + describeProblem(e);
  }
}

function shortId(c) {
  return c.localReference || c.caseId.slice(0, 8);
}

function renderRow(c) {
  const seconds = waitingSeconds(c);
  const b = seconds === null ? null : band(seconds / 60);
  const deadline = c.legalClock && c.legalClock.deadline;
  return el('tr', {class: 'govuk-table__row', 'data-case-id': c.caseId, 'data-state': c.state},
    el('th', {class: 'govuk-table__header', scope: 'row'},
      el('a', {class: 'govuk-link', href: '/cases/' + c.caseId}, shortId(c)),
      el('div', {class: 'govuk-body-s'}, 'Division ' + (c.policeDivision || 'unknown') + ', ' + (c.officerCount || '?') + ' officer(s)')),
    el('td', {class: 'govuk-table__cell'}, STATE_TEXT[c.state] || c.state,
      c.state === 'PRE_ALERTED' && c.points.eta ? el('div', {class: 'govuk-body-s'}, 'ETA ' + londonTime(c.points.eta)) : null),
    el('td', {class: 'govuk-table__cell'}, c.points.arrivedAt ? londonTime(c.points.arrivedAt) : '—'),
    el('td', {class: 'govuk-table__cell', 'data-waiting': c.caseId},
      b ? [el('span', {class: 'toc-band toc-band--' + b.level, 'data-band': String(b.level)}, b.text), ' ', duration(seconds)] : '—'),
    el('td', {class: 'govuk-table__cell'}, c.escalationLevel > 0 ? 'Level ' + c.escalationLevel : 'None'),
    el('td', {class: 'govuk-table__cell'}, deadline ? london(deadline) : 'No legal clock'),
    el('td', {class: 'govuk-table__cell toc-actions'},
      actionsFor(c).map(([type, label]) => el('button', {
        class: 'govuk-button govuk-button--secondary',
        type: 'button',
        'data-action': type,
        'aria-label': label + ' case ' + shortId(c),
        onclick: () => act(c, type, label),
      }, label))));
}

function render() {
  const open = [...cases.values()].filter((c) => c.open)
    .sort((a, b) => (a.points.arrivedAt || a.points.preAlertedAt || '').localeCompare(b.points.arrivedAt || b.points.preAlertedAt || ''));
  $('count').textContent = open.length === 1 ? '1 open case' : open.length + ' open cases';
  const focusedId = document.activeElement && document.activeElement.closest('tr')
    ? document.activeElement.closest('tr').getAttribute('data-case-id') : null;
  const focusedAction = document.activeElement ? document.activeElement.getAttribute('data-action') : null;
  $('rows').replaceChildren(...open.map(renderRow));
  if (focusedId && focusedAction) {
    const again = document.querySelector('tr[data-case-id="' + focusedId + '"] [data-action="' + focusedAction + '"]');
    if (again) {
      again.focus();
    }
  }
  $('empty').classList.toggle('toc-hidden', open.length > 0);
}

function tick() {
  for (const c of cases.values()) {
    const cell = document.querySelector('[data-waiting="' + c.caseId + '"]');
    const seconds = waitingSeconds(c);
    if (cell && seconds !== null) {
      const b = band(seconds / 60);
      cell.replaceChildren(el('span', {class: 'toc-band toc-band--' + b.level, 'data-band': String(b.level)}, b.text), ' ', duration(seconds));
    }
  }
}

function connect(jwt) {
  const c = claims(jwt);
  site = c.org;
  $('user').textContent = 'Signed in as ' + c.sub + ' (' + c.role + ', ' + site + ')';
  $('site-name').textContent = site;
  if (stream) {
    stream.stop();
  }
  stream = new EventStream('/api/v1/handovers/stream?siteCode=' + encodeURIComponent(site), () => validToken(APP), {
    open: () => setLive('Live.'),
    reconnecting: () => setLive('Connection lost: reconnecting…'),
    error: (status) => setLive(status === 403 ? 'You may not see this board.' : 'Board unavailable (HTTP ' + status + '), retrying…'),
    heartbeat: () => setLive('Live.'),
    board: (data) => {
      cases.clear();
      data.cases.forEach((x) => cases.set(x.caseId, x));
      render();
    },
    case: (x) => {
      const known = cases.get(x.caseId);
      if (!known || known.version <= x.version) {
        const isNew = !known && x.open;
        cases.set(x.caseId, x);
        render();
        if (isNew) {
          $('board-status').textContent = 'New case ' + shortId(x) + ': ' + (STATE_TEXT[x.state] || x.state);
        }
      }
    },
    synced: () => setLive('Live.'),
  });
  stream.start();
}

function setLive(text) {
  $('live').textContent = text + ' Last update ' + londonTime(new Date().toISOString());
}

function show() {
  const jwt = validToken(APP);
  $('signin').classList.toggle('toc-hidden', !!jwt);
  $('app').classList.toggle('toc-hidden', !jwt);
  if (jwt) {
    connect(jwt);
  } else if (stream) {
    stream.stop();
  }
}

signIn(APP, $('signin'), DEMO_USERS, show);
$('sign-out').addEventListener('click', () => {
  setToken(APP, null);
  cases.clear();
  show();
});
setInterval(tick, 1000);
show();
