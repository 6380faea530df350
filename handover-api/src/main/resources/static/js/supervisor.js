// The supervisor's page: their organisation's rejected submissions (GET /api/v1/rejections), each linking to its case,
// where they correct it; and a box to open any case by its id.
import {ApiError, api, claims, describeProblem, el, london, setToken, signIn, validToken} from './common.js';

const APP = 'supervisor';
const DEMO_USERS = [
  {subject: 'sgt-g', role: 'SUPERVISOR', org: 'G'},
  {subject: 'sgt-qeuh', role: 'SUPERVISOR', org: 'QEUH'},
  {subject: 'admin', role: 'ADMIN', org: 'ADMIN'},
];
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const $ = (id) => document.getElementById(id);

function row(r) {
  const who = r.submittedBy.userId + ' (' + r.submittedBy.role + ', ' + r.submittedBy.org + ')';
  return el('tr', {class: 'govuk-table__row', 'data-event-id': r.eventId, 'data-rule': r.rule},
    el('td', {class: 'govuk-table__cell'}, london(r.rejectedAt)),
    el('td', {class: 'govuk-table__cell'}, r.type + ' at ' + london(r.occurredAt)),
    el('td', {class: 'govuk-table__cell'}, who),
    el('td', {class: 'govuk-table__cell'}, r.rule + (r.field ? ' (' + r.field + ')' : '') + ': ' + r.message),
    el('td', {class: 'govuk-table__cell'},
      el('a', {class: 'govuk-link', href: '/cases/' + encodeURIComponent(r.caseId)},
        'Open case', el('span', {class: 'govuk-visually-hidden'}, ' ' + r.caseId.slice(0, 8)))));
}

async function load() {
  const jwt = validToken(APP);
  $('signin').classList.toggle('toc-hidden', !!jwt);
  $('app').classList.toggle('toc-hidden', !jwt);
  if (!jwt) {
    signIn(APP, $('signin'), DEMO_USERS, load);
    return;
  }
  const c = claims(jwt) || {};
  $('user').textContent = 'Signed in as ' + c.sub + ' (' + c.role + ', ' + c.org + ')';
  $('status').textContent = 'Loading…';
  try {
    const queue = (await api(APP, 'GET', '/api/v1/rejections?limit=200')).body;
    $('rejections').replaceChildren(...queue.rejections.map(row));
    $('status').textContent = (queue.count === 0 ? 'No rejected submissions' : queue.count === 1
      ? '1 rejected submission' : queue.count + ' rejected submissions') +
      (queue.org ? ' sent by users of ' + queue.org : ' in every organisation') + ', newest first, at ' +
      london(new Date().toISOString()) + '.';
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setToken(APP, null);
      load();
    } else if (e instanceof ApiError && e.status === 403) {
      $('status').textContent = 'This page is for supervisors and administrators.';
    } else {
      $('status').textContent = 'Could not load the rejected submissions: ' + describeProblem(e);
    }
  }
}

$('open-case').addEventListener('submit', (event) => {
  event.preventDefault();
  const id = $('case-id').value.trim();
  const ok = UUID.test(id);
  $('case-id-error').classList.toggle('toc-hidden', ok);
  $('open-case-group').classList.toggle('govuk-form-group--error', !ok);
  $('case-id').classList.toggle('govuk-input--error', !ok);
  $('error-summary').classList.toggle('toc-hidden', ok);
  if (ok) {
    location.assign('/cases/' + encodeURIComponent(id));
  } else {
    $('error-summary').focus();
  }
});
$('refresh').addEventListener('click', load);
$('sign-out').addEventListener('click', () => {
  setToken(APP, null);
  load();
});
load();
