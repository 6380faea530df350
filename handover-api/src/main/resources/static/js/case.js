import {ApiError, api, claims, describeProblem, duration, el, london, setToken, signIn, uuid, validToken} from './common.js';

const APP = 'case';
const DEMO_USERS = [
  {subject: 'nurse-qeuh', role: 'ED_STAFF', org: 'QEUH'},
  {subject: 'pc-1234', role: 'OFFICER', org: 'G'},
  {subject: 'sgt-g', role: 'SUPERVISOR', org: 'G'},
  {subject: 'sgt-qeuh', role: 'SUPERVISOR', org: 'QEUH'},
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
  return [APP, 'supervisor', 'board', 'officer'].find((a) => validToken(a)) || null;
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
  $('corrections').replaceChildren(...(auditTrail(c).length ? auditTrail(c).map(([, text]) => el('li', {}, text))
    : [el('li', {}, 'No corrections.')]));
  $('rejections').replaceChildren(...(c.rejections.length ? c.rejections.map((x) =>
    el('li', {'data-rule': x.rule}, x.type + ' by ' + who(x.submittedBy) + ' at ' + london(x.occurredAt) + ': rejected, rule ' + x.rule + ' — ' + x.message))
    : [el('li', {}, 'No rejected submissions.')]));
  $('escalations').replaceChildren(...(c.escalations.length ? c.escalations.map((x) =>
    el('li', {}, 'Level ' + x.level + ' (' + x.thresholdMinutes + ' min after arrival): due ' + london(x.dueAt) + (x.firedAt ? ', fired ' + london(x.firedAt) : '')))
    : [el('li', {}, 'No escalations.')]));
}

const FIELD_TEXT = {POLICE_DIVISION: 'Police division', LEGAL_BASIS: 'Legal basis', SITE_CODE: 'Site'};

/** Corrections (and undos) of time points and of fields, and transfers, oldest first: [recordedAt, text]. */
function auditTrail(c) {
  const label = (point) => (POINTS.find(([p]) => p === point) || [point, null, point])[2];
  const entries = [
    ...c.corrections.map((x) => [x.recordedAt, x.withdrawn
      // An undo: the point's own author withdrew it; it is no longer in the timeline.
      ? label(x.point) + ' at ' + london(x.from) + ': withdrawn (undone) by ' + who(x.recordedBy) + ' at ' +
        london(x.recordedAt) + ' — ' + x.reason
      : label(x.point) + ': ' + london(x.from) + ' → ' + london(x.to) +
        ', corrected by ' + who(x.recordedBy) + ' at ' + london(x.recordedAt) + ' — ' + x.reason]),
    ...(c.fieldCorrections || []).map((x) => [x.recordedAt, (FIELD_TEXT[x.field] || x.field) + ': ' + (x.from || 'none') +
      ' → ' + x.to + ', corrected by ' + who(x.recordedBy) + ' at ' + london(x.recordedAt) + ' — ' + x.reason]),
    ...(c.divisionTransfers || []).map((x) => [x.recordedAt, 'Transferred from division ' + x.fromDivision + ' to ' +
      x.toDivision + ' by ' + who(x.recordedBy) + ' at ' + london(x.recordedAt) + ' — ' + x.reason]),
  ];
  return entries.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

// ---------------------------------------------------------------------------------------------------------------
// A supervisor's correction: one CORRECTED (or ENTERED_IN_ERROR, or CLOSED_NOT_RECORDED for a stale case whose end was
// never recorded) through the API; the processor judges it and the page shows its verdict, then the value before and
// after from the case as the processor left it.

let current = null;

const SUBMIT_TEXT = {error: 'Mark the case entered in error', 'not-recorded': 'Close the case as not recorded'};
const TYPE_OF_KIND = {error: 'ENTERED_IN_ERROR', 'not-recorded': 'CLOSED_NOT_RECORDED'};

function chosenKind() {
  return document.querySelector('input[name="kind"]:checked').value;
}

function showKind() {
  const kind = chosenKind();
  document.querySelectorAll('#correct-form [data-kind]').forEach((g) => g.classList.toggle('toc-hidden', g.dataset.kind !== kind));
  $('correct-submit').textContent = SUBMIT_TEXT[kind] || 'Record the correction';
}

/** What the chosen correction is about, as shown, read from a case view. */
function valueOf(c, kind, point) {
  if (!c) {
    return '—';
  }
  switch (kind) {
    case 'point': {
      const field = (POINTS.find(([p]) => p === point) || [])[1];
      return field && c.points[field] ? london(c.points[field]) : 'not recorded';
    }
    case 'division': return c.policeDivision || 'unknown';
    case 'basis': return c.legalBasis || 'not given';
    case 'site': return c.siteCode;
    default: return c.state;
  }
}

/** A datetime-local value (the browser's local time) as an ISO instant, or null. */
function instant(local) {
  if (!local) {
    return null;
  }
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

async function verdict(app, location) {
  for (let i = 0; i < 15; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const status = (await api(app, 'GET', location)).body;
    if (status.status !== 'HELD') {
      return status;
    }
  }
  return null;
}

async function correct(event) {
  event.preventDefault();
  const app = currentApp();
  const kind = chosenKind();
  const reason = $('correct-reason').value.trim();
  $('correct-reason-error').classList.toggle('toc-hidden', !!reason);
  $('correct-reason-group').classList.toggle('govuk-form-group--error', !reason);
  if (!reason) {
    $('correct-result').textContent = kind === 'not-recorded' ? 'Give a reason for closing the case.'
      : 'Give a reason for the correction.';
    $('correct-reason').focus();
    return;
  }
  const point = $('correct-point').value;
  const details = {reason};
  if (kind === 'point') {
    details.correctedPoint = point;
    details.correctedTo = instant($('correct-to').value);
  } else if (kind === 'division') {
    details.correctedDivision = $('correct-division').value;
  } else if (kind === 'basis') {
    details.correctedLegalBasis = $('correct-basis').value;
  } else if (kind === 'site') {
    details.correctedSiteCode = $('correct-site').value;
  }
  const before = valueOf(current, kind, point);
  $('correct-submit').disabled = true;
  $('correct-result').textContent = 'Sending…';
  try {
    const answer = await api(app, 'POST', '/api/v1/handovers/' + encodeURIComponent(caseId) + '/events', {
      eventId: uuid(),
      type: TYPE_OF_KIND[kind] || 'CORRECTED',
      occurredAt: new Date().toISOString(),
      source: {channel: 'API'},
      ...details,
    });
    let applied = answer.status === 201 || answer.status === 200;
    let sequence = answer.body && answer.body.sequence;
    if (answer.status === 202 && answer.location) {
      $('correct-result').textContent = 'Sent; waiting for the processor\'s verdict…';
      const status = await verdict(app, answer.location);
      if (status && status.status === 'REJECTED') {
        throw new ApiError(409, {detail: status.message, errors: [{field: status.field, rule: status.rule}]}, null);
      }
      applied = !!status;
      sequence = status && status.sequence;
    }
    await load();
    // The case view follows the processor's verdict a moment later: read it again (for up to 10 s) until it holds
    // the applied event, so "After" is the corrected value, not the one before.
    for (let i = 0; applied && sequence && current && current.version < sequence && i < 40; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await load();
    }
    $('correct-result').textContent = applied
      ? 'Applied. Before: ' + before + '. After: ' + valueOf(current, kind, point) + '.'
      : 'Sent, not judged yet: refresh the case in a minute to see whether it was applied.';
    if (applied) {
      $('correct-reason').value = '';
    }
  } catch (e) {
    $('correct-result').textContent = 'Not applied: ' + describeProblem(e);
  } finally {
    $('correct-submit').disabled = false;
  }
}

async function fillSupervisorForm(app) {
  if ($('correct-point').options.length) {
    return;
  }
  $('correct-point').append(...POINTS.filter(([p]) => p !== 'OUTCOME').map(([p, , label]) => el('option', {value: p}, label)));
  try {
    const reference = (await api(app, 'GET', '/api/v1/sites')).body;
    $('correct-division').append(...reference.divisions.map((d) => el('option', {value: d.code}, d.code + ' — ' + d.name)));
    $('correct-site').append(...reference.sites.map((x) => el('option', {value: x.code}, x.code + ' — ' + x.name)));
  } catch (e) {
    $('correct-result').textContent = 'Could not load the sites and divisions: ' + describeProblem(e);
  }
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
    current = response.body;
    render(response.body);
    const supervisor = c.role === 'SUPERVISOR';
    $('supervisor').classList.toggle('toc-hidden', !supervisor);
    if (supervisor) {
      await fillSupervisorForm(app);
    }
    $('status').textContent = 'Up to date at ' + london(new Date().toISOString()) + '.';
  } catch (e) {
    $('status').textContent = 'Could not load the case: ' + describeProblem(e);
  }
}

signIn(APP, $('signin'), DEMO_USERS, load);
document.querySelectorAll('input[name="kind"]').forEach((r) => r.addEventListener('change', showKind));
$('correct-form').addEventListener('submit', correct);
$('refresh').addEventListener('click', load);
$('sign-out').addEventListener('click', () => {
  ['case', 'supervisor', 'board', 'officer'].forEach((a) => setToken(a, null));
  load();
});
load();
