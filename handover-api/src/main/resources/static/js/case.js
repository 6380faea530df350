import {api, claims, describeProblem, duration, el, london, setToken, signIn, validToken} from './common.js';

const APP = 'case';
const DEMO_USERS = [
  {subject: 'nurse-qeuh', role: 'ED_STAFF', org: 'QEUH'},
  {subject: 'pc-1234', role: 'OFFICER', org: 'G'},
  {subject: 'sgt-g', role: 'SUPERVISOR', org: 'G'},
  {subject: 'admin', role: 'ADMIN', org: 'ADMIN'},
];
const POINTS = [
  ['REMOVED', 'removedAt', 'Removed from a public place'],
  ['PRE_ALERTED', 'preAlertedAt', 'Pre-alerted'],
  ['ARRIVED', 'arrivedAt', 'Arrived (handover clock starts)'],
  ['ACKNOWLEDGED', 'acknowledgedAt', 'Acknowledged by ED'],
  ['HANDOVER_STARTED', 'handoverStartedAt', 'Handover started'],
  ['HANDED_OVER', 'handedOverAt', 'Handed over (clock stops)'],
  ['CLEARED', 'clearedAt', 'Officers cleared'],
  ['OUTCOME', 'outcomeAt', 'Outcome'],
];

const $ = (id) => document.getElementById(id);
const caseId = decodeURIComponent(location.pathname.split('/').pop());

/** The case page accepts any of the apps' tokens, its own first. */
function currentApp() {
  return [APP, 'board', 'officer'].find((a) => validToken(a)) || null;
}

function row(key, value) {
  return el('div', {class: 'govuk-summary-list__row'},
    el('dt', {class: 'govuk-summary-list__key'}, key),
    el('dd', {class: 'govuk-summary-list__value'}, value));
}

function who(r) {
  return r ? r.userId + ' (' + r.role + ', ' + r.org + ')' : '—';
}

function render(c) {
  $('title').textContent = 'Case ' + (c.localReference || c.caseId.slice(0, 8));
  const i = c.intervals;
  $('summary').replaceChildren(
    row('Case id', c.caseId),
    row('State', c.state + (c.open ? ' (open)' : ' (closed)')),
    row('Site', c.siteCode),
    row('Police division', c.policeDivision || 'unknown'),
    row('Legal basis', c.legalBasis || 'not given'),
    row('Officers', c.officerCount == null ? 'not given' : String(c.officerCount)),
    row('Arrival to acknowledged', duration(i.arrivalToAcknowledgedSeconds)),
    row('Handover time (arrival to handed over)', duration(i.handoverSeconds)),
    row('Time at ED (arrival to cleared)', duration(i.timeAtEdSeconds)),
    row('Escalation', c.escalationLevel > 0 ? 'Level ' + c.escalationLevel : 'None'),
    row('Legal clock deadline', c.legalClock && c.legalClock.deadline ? london(c.legalClock.deadline) + ' (' + c.legalClock.basis + ')' : 'None'),
    row('Version', String(c.version)));

  const records = c.timeline || [];
  $('timeline').replaceChildren(...POINTS.filter(([, field]) => c.points[field]).map(([point, field, label]) => {
    const r = records.find((x) => x.point === point);
    const flags = r ? [r.implied ? 'implied' : null, r.late ? 'late' : null, r.corrected ? 'corrected' : null].filter(Boolean) : [];
    return el('tr', {class: 'govuk-table__row', 'data-point': point},
      el('th', {class: 'govuk-table__header', scope: 'row'}, label),
      el('td', {class: 'govuk-table__cell'}, london(c.points[field])),
      el('td', {class: 'govuk-table__cell'}, r ? who(r.recordedBy) : '—'),
      el('td', {class: 'govuk-table__cell'}, r ? london(r.recordedAt) : '—'),
      el('td', {class: 'govuk-table__cell'}, flags.join(', ') || '—'));
  }));
  $('corrections').replaceChildren(...(c.corrections.length ? c.corrections.map((x) =>
    el('li', {}, x.point + ': ' + london(x.from) + ' → ' + london(x.to) + ' by ' + who(x.recordedBy) + ' — ' + x.reason))
    : [el('li', {}, 'No corrections.')]));
  $('rejections').replaceChildren(...(c.rejections.length ? c.rejections.map((x) =>
    el('li', {'data-rule': x.rule}, x.type + ' by ' + who(x.submittedBy) + ' at ' + london(x.occurredAt) + ': rejected, rule ' + x.rule + ' — ' + x.message))
    : [el('li', {}, 'No rejected submissions.')]));
  $('escalations').replaceChildren(...(c.escalations.length ? c.escalations.map((x) =>
    el('li', {}, 'Level ' + x.level + ' (' + x.thresholdMinutes + ' min after arrival): due ' + london(x.dueAt) + (x.firedAt ? ', fired ' + london(x.firedAt) : '')))
    : [el('li', {}, 'No escalations.')]));
}

async function load() {
  const app = currentApp();
  $('signin').classList.toggle('toc-hidden', !!app);
  $('app').classList.toggle('toc-hidden', !app);
  if (!app) {
    return;
  }
  const c = claims(validToken(app));
  $('user').textContent = 'Signed in as ' + c.sub + ' (' + c.role + ', ' + c.org + ')';
  $('status').textContent = 'Loading…';
  try {
    const response = await api(app, 'GET', '/api/v1/handovers/' + encodeURIComponent(caseId));
    render(response.body);
    $('status').textContent = 'Up to date at ' + london(new Date().toISOString()) + '.';
  } catch (e) {
    $('status').textContent = 'Could not load the case: ' + describeProblem(e);
  }
}

signIn(APP, $('signin'), DEMO_USERS, load);
$('refresh').addEventListener('click', load);
$('sign-out').addEventListener('click', () => {
  ['case', 'board', 'officer'].forEach((a) => setToken(a, null));
  load();
});
load();
