import {api, ApiError, claims, describeProblem, duration, el, setToken, signIn, uuid, validToken} from './common.js';
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
const SITE_TYPE_TEXT = {
  EMERGENCY_DEPARTMENT: 'Emergency department',
  PLACE_OF_SAFETY: 'Place of safety (mental health assessment suite)',
  SAFE_SPACE: 'Safe space (crisis or distress centre)',
};
// The vocabulary's codes (DelayReason, Disposition, AssessmentMode) in words.
const DELAY_REASONS = [
  ['AWAITING_MENTAL_HEALTH_ASSESSMENT', 'Waiting for a mental health assessment'],
  ['AWAITING_MEDICAL_ASSESSMENT', 'Waiting for a medical assessment'],
  ['AWAITING_MENTAL_HEALTH_OFFICER', 'Waiting for a mental health officer'],
  ['AWAITING_BED', 'Waiting for a bed'],
  ['INTOXICATION', 'Intoxication'],
  ['STAFFING', 'Staffing'],
  ['OTHER', 'Other reason'],
];
const DISPOSITIONS = [
  ['ADMITTED_INFORMAL', 'Admitted (informal)'],
  ['ADMITTED_DETAINED', 'Admitted (detained)'],
  ['DISCHARGED', 'Discharged'],
  ['REFERRED_COMMUNITY_MENTAL_HEALTH', 'Referred to community mental health'],
  ['REFERRED_DBI', 'Referred to Distress Brief Intervention'],
  ['OTHER', 'Other'],
];
const MODES = {IN_PERSON: 'in person', REMOTE: 'remote'};
const text = (pairs, code) => (pairs.find(([c]) => c === code) || [code, code])[1];

/**
 * How long after recording one of the board's time-point actions its author is offered "Undo": the processor's
 * undo window (handover.policy.undo-window, 5 minutes by default), which judges the undo by when it receives it.
 */
export const UNDO_WINDOW_MS = 5 * 60 * 1000;
/** The board's actions an undo can withdraw, with the words of the "Undo" button. */
const UNDO_TEXT = {
  ACKNOWLEDGED: 'Undo acknowledge',
  HANDOVER_STARTED: 'Undo start handover',
  HANDED_OVER: 'Undo accept handover',
  ASSESSMENT_STARTED: 'Undo assessment started',
};
const MAIN_PATH = ['ACKNOWLEDGED', 'HANDOVER_STARTED', 'HANDED_OVER', 'CLEARED'];

/** A case with no event for this long leaves the live list for "needs closing". */
export const NEEDS_CLOSING_AFTER_MS = 24 * 3600 * 1000;

const $ = (id) => document.getElementById(id);
const cases = new Map();
/** Each case's "record more" panel, kept across renders so an open panel and a half-filled form survive updates. */
const panels = new Map();
const sections = new Map();
let stream = null;
let site = null;
/** The signed-in user's id (the token's subject): the board offers an undo of this user's own actions only. */
let me = null;
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

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function londonParts(date) {
  const parts = {};
  LONDON_PARTS.formatToParts(date).forEach((p) => {
    parts[p.type] = p.value;
  });
  return parts;
}

/** An instant with its date in Europe/London: "Sat 5 Dec 09:05", with the year when it is not this year's. */
export function when(iso) {
  if (!iso) {
    return '—';
  }
  const p = londonParts(new Date(iso));
  const year = p.year === londonParts(new Date()).year ? '' : ' ' + p.year;
  return p.weekday + ' ' + p.day + ' ' + p.month + year + ' ' + p.hour + ':' + p.minute;
}

function timeElement(iso, extra) {
  return el('time', {datetime: iso}, when(iso) + (extra || ''));
}

/** Minutes Europe/London is ahead of UTC at the instant. */
function londonOffsetMinutes(ms) {
  const p = londonParts(new Date(ms));
  const asUtc = Date.UTC(Number(p.year), monthIndex(p.month), Number(p.day), Number(p.hour), Number(p.minute),
    Number(p.second));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

function monthIndex(shortName) {
  return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(shortName.slice(0, 3));
}

function londonInstant(year, month, day, hour, minute) {
  const guess = Date.UTC(year, month, day, hour, minute);
  let at = guess - londonOffsetMinutes(guess) * 60000;
  at = guess - londonOffsetMinutes(at) * 60000;
  return at;
}

/**
 * The instant of "HH:MM" (UK time) today, or yesterday when today's would be in the future: staff record what
 * happened earlier. Empty means now. Null when the text is not a time.
 */
export function occurredAt(value, now = Date.now()) {
  const t = (value || '').trim();
  if (t === '') {
    return new Date(now).toISOString();
  }
  const m = /^([01]?\d|2[0-3])[:.]?([0-5]\d)$/.exec(t);
  if (!m) {
    return null;
  }
  const today = londonParts(new Date(now));
  const y = Number(today.year);
  const mo = monthIndex(today.month);
  const d = Number(today.day);
  let at = londonInstant(y, mo, d, Number(m[1]), Number(m[2]));
  if (at > now + 60000) {
    at = londonInstant(y, mo, d - 1, Number(m[1]), Number(m[2]));
  }
  return new Date(at).toISOString();
}

function waitingSeconds(c) {
  if (!c.points.arrivedAt) {
    return null;
  }
  const end = c.points.handedOverAt ? Date.parse(c.points.handedOverAt) : Date.now();
  return (end - Date.parse(c.points.arrivedAt)) / 1000;
}

/**
 * When anything last happened to the case by the times events carry (occurredAt): time points, delay reasons, officer
 * changes, dispositions, retained periods, corrections, transfers. The processor's own timers (escalations, legal
 * clock warnings) are not events anyone recorded.
 */
export function lastEventAt(c) {
  const times = [];
  const p = c.points || {};
  ['removedAt', 'preAlertedAt', 'arrivedAt', 'acknowledgedAt', 'handoverStartedAt', 'handedOverAt', 'clearedAt',
    'outcomeAt', 'assessmentStartedAt'].forEach((k) => p[k] && times.push(p[k]));
  (c.delayReasons || []).forEach((x) => times.push(x.at));
  (c.officerChanges || []).forEach((x) => times.push(x.at));
  (c.dispositions || []).forEach((x) => times.push(x.occurredAt));
  (c.retained || []).forEach((x) => times.push(x.from, x.to));
  (c.corrections || []).forEach((x) => times.push(x.recordedAt));
  (c.fieldCorrections || []).forEach((x) => times.push(x.recordedAt));
  (c.divisionTransfers || []).forEach((x) => times.push(x.at));
  if (c.legalClock && c.legalClock.extendedAt) {
    times.push(c.legalClock.extendedAt);
  }
  const valid = times.filter((x) => x).map((x) => Date.parse(x)).filter((x) => !Number.isNaN(x));
  if (valid.length === 0) {
    return c.openedAt || null;
  }
  return new Date(Math.max(...valid)).toISOString();
}

/** How long ago, in hours up to two days, then in days. */
function ago(iso) {
  const seconds = (Date.now() - Date.parse(iso)) / 1000;
  if (seconds < 48 * 3600) {
    return duration(seconds) + ' ago';
  }
  return Math.floor(seconds / 86400) + ' days ago';
}

function needsClosing(c) {
  const last = lastEventAt(c);
  return last !== null && Date.now() - Date.parse(last) > NEEDS_CLOSING_AFTER_MS;
}

function shortId(c) {
  return c.localReference || c.caseId.slice(0, 8);
}

function quickActions(c) {
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

/**
 * The point the signed-in user may still undo on the case, or null: their own (not implied) ACKNOWLEDGED,
 * HANDOVER_STARTED, HANDED_OVER or ASSESSMENT_STARTED recorded less than {@link UNDO_WINDOW_MS} ago, with no later
 * main-path point recorded since; the latest such. The processor judges the undo again when it arrives.
 */
export function undoable(c, user, now = Date.now()) {
  if (!user || !c.open) {
    return null;
  }
  const timeline = c.timeline || [];
  const recorded = new Set(timeline.filter((r) => !r.implied).map((r) => r.point));
  const candidates = timeline.filter((r) => UNDO_TEXT[r.point] && !r.implied && !r.corrected && r.recordedBy
    && r.recordedBy.userId === user && now - Date.parse(r.recordedAt) < UNDO_WINDOW_MS
    && (r.point === 'ASSESSMENT_STARTED' || !MAIN_PATH.slice(MAIN_PATH.indexOf(r.point) + 1).some((p) => recorded.has(p))));
  if (candidates.length === 0) {
    return null;
  }
  const latest = candidates.reduce((a, b) => (Date.parse(b.recordedAt) > Date.parse(a.recordedAt) ? b : a));
  return {point: latest.point, eventId: latest.eventId, label: UNDO_TEXT[latest.point],
    until: new Date(Date.parse(latest.recordedAt) + UNDO_WINDOW_MS).toISOString()};
}

/** The verdict of a 2xx answer in words. */
function verdictText(answer) {
  if (answer.status === 201) {
    return 'recorded.';
  }
  if (answer.status === 200) {
    return 'already recorded.';
  }
  return answer.body && answer.body.status === 'HELD'
    ? 'held until the case opens.'
    : 'received, not judged yet: the board updates when it is recorded.';
}

/** A refusal in words: the processor's rule and message (problem+json), or the API's field errors. */
function refusalText(e) {
  if (!(e instanceof ApiError) || !e.problem) {
    return describeProblem(e);
  }
  const p = e.problem;
  const first = (p.errors || [])[0];
  if (p.rule) {
    return 'not recorded (HTTP ' + e.status + ', rule ' + p.rule + (first && first.field ? ', field ' + first.field : '')
      + '): ' + p.detail;
  }
  return 'not recorded (HTTP ' + e.status + '): ' + describeProblem(e);
}

/** Sends one submission for the case; returns the verdict in words. */
async function submit(c, type, details, at) {
  try {
    const answer = await api(APP, 'POST', '/api/v1/handovers/' + c.caseId + '/events', Object.assign({
      eventId: uuid(),
      type,
      occurredAt: at || new Date().toISOString(),
      source: {channel: 'ED_BOARD', deviceId},
    }, details || {}));
    return {ok: true, text: verdictText(answer)};
  } catch (e) {
    return {ok: false, text: refusalText(e)};
  }
}

function setStatus(message) {
  $('board-status').textContent = message;
}

/** The page's error summary: a refusal of a row's action (GOV.UK: shown at the top, focused, linking to the row). */
function showRefusal(c, message) {
  const row = document.querySelector('tr[data-case-id="' + c.caseId + '"]');
  const link = el('a', {class: 'govuk-link', href: '#' + (row ? row.id : 'rows')}, message);
  link.addEventListener('click', (event) => {
    const target = document.querySelector('tr[data-case-id="' + c.caseId + '"] [data-focus-key]');
    if (target) {
      event.preventDefault();
      target.focus();
    }
  });
  $('error-list').replaceChildren(el('li', {}, link));
  $('error-summary').classList.remove('toc-hidden');
  $('error-summary').focus();
}

function clearRefusal() {
  $('error-summary').classList.add('toc-hidden');
  $('error-list').replaceChildren();
}

async function act(c, type, label, details) {
  const row = 'case ' + shortId(c);
  setStatus(label + ' for ' + row + ': sending…');
  const result = await submit(c, type, details);
  setStatus(label + ' for ' + row + ': ' + result.text);
  if (result.ok) {
    clearRefusal();
  } else {
    showRefusal(c, label + ' for ' + row + ': ' + result.text);
  }
}

// ---------------------------------------------------------------------------------------------
// The "record more" panel of a case: assessment, delay reasons, disposition, officers, absconded.

function formGroup(...children) {
  return el('div', {class: 'govuk-form-group'}, ...children);
}

function timeField(id) {
  return formGroup(
    el('label', {class: 'govuk-label', for: id}, 'Time (UK, 24-hour clock)'),
    el('div', {class: 'govuk-hint', id: id + '-hint'}, 'For example 14:05. Leave empty for now.'),
    el('input', {class: 'govuk-input govuk-input--width-5', id, name: 'time', type: 'text', autocomplete: 'off',
      spellcheck: 'false', 'aria-describedby': id + '-hint'}));
}

function textField(id, name, label, hint, width) {
  return formGroup(
    el('label', {class: 'govuk-label', for: id}, label),
    hint ? el('div', {class: 'govuk-hint', id: id + '-hint'}, hint) : null,
    el('input', {class: 'govuk-input ' + (width || 'govuk-input--width-20'), id, name, type: 'text', autocomplete: 'off',
      'aria-describedby': hint ? id + '-hint' : null, maxlength: name === 'officerCount' ? '2' : '200',
      inputmode: name === 'officerCount' ? 'numeric' : null}));
}

function choices(kind, id, name, legend, options) {
  const cls = kind === 'radio' ? 'govuk-radios' : 'govuk-checkboxes';
  return formGroup(el('fieldset', {class: 'govuk-fieldset'},
    el('legend', {class: 'govuk-fieldset__legend govuk-fieldset__legend--s'}, legend),
    el('div', {class: cls + ' ' + cls + '--small'}, options.map(([code, label]) => el('div', {class: cls + '__item'},
      el('input', {class: cls + '__input', id: id + '-' + code, name, type: kind, value: code}),
      el('label', {class: 'govuk-label ' + cls + '__label', for: id + '-' + code}, label))))));
}

function button(label, action, extraClass) {
  return el('button', {class: 'govuk-button ' + (extraClass || 'govuk-button--secondary'), type: 'submit',
    'data-module': 'govuk-button', 'data-action': action, 'data-focus-key': 'more-' + action}, label);
}

/**
 * A form of the panel. {@code plan(form, submitter)} returns the submissions [{type, details, label}] or a string:
 * what to correct (the form's shape only; whether it fits the case is the processor's verdict).
 */
function actionForm(caseId, key, heading, fields, buttons, plan) {
  const error = el('p', {class: 'govuk-error-message toc-hidden', id: key + '-error-' + caseId});
  const form = el('form', {class: 'toc-action-form', novalidate: true, 'data-form': key},
    el('h3', {class: 'govuk-heading-s'}, heading), error, ...fields, el('div', {class: 'govuk-button-group'}, ...buttons));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const c = cases.get(caseId);
    if (!c) {
      return;
    }
    const time = form.elements.namedItem('time');
    const at = occurredAt(time ? time.value : '');
    const planned = at === null
      ? 'Enter the time as hours and minutes on the 24-hour clock, for example 14:05, or leave it empty for now.'
      : plan(form, event.submitter || form.querySelector('button'));
    const row = 'case ' + shortId(c);
    if (typeof planned === 'string') {
      error.textContent = planned;
      error.classList.remove('toc-hidden');
      setStatus(heading + ' for ' + row + ': ' + planned);
      return;
    }
    error.classList.add('toc-hidden');
    setStatus(heading + ' for ' + row + ': sending…');
    const texts = [];
    let allOk = true;
    for (const s of planned) {
      const result = await submit(c, s.type, s.details, at);
      allOk = allOk && result.ok;
      texts.push((planned.length > 1 || s.label ? s.label + ': ' : '') + result.text);
    }
    setStatus(heading + ' for ' + row + ': ' + texts.join(' '));
    if (allOk) {
      form.reset();
    }
  });
  return form;
}

function checked(form, name) {
  return [...form.querySelectorAll('input[name="' + name + '"]:checked')].map((i) => i.value);
}

function value(form, name) {
  return form.elements.namedItem(name).value.trim();
}

function panelFor(c) {
  const known = panels.get(c.caseId);
  if (known) {
    return known;
  }
  const id = c.caseId;
  const summaryText = el('span', {class: 'govuk-details__summary-text'});
  const body = el('div', {class: 'govuk-details__text'});
  // The forms are made when the panel is first opened: a board of a hundred cases stays light.
  const fill = () => {
    if (body.childElementCount === 0) {
      body.append(...panelForms(id));
    }
  };
  const summary = el('summary', {class: 'govuk-details__summary', 'data-focus-key': 'more', onclick: fill}, summaryText);
  const details = el('details', {class: 'govuk-details toc-more', 'data-more': id, ontoggle: fill}, summary, body);
  const panel = {details, summaryText};
  panels.set(id, panel);
  return panel;
}

function panelForms(id) {
  const assessment = actionForm(id, 'assessment', 'Assessment started', [timeField('assessment-time-' + id)],
    [button('Assessment started in person', 'ASSESSMENT_STARTED-IN_PERSON'),
      button('Assessment started remotely', 'ASSESSMENT_STARTED-REMOTE')],
    (form, submitter) => {
      const mode = submitter.getAttribute('data-action').endsWith('REMOTE') ? 'REMOTE' : 'IN_PERSON';
      return [{type: 'ASSESSMENT_STARTED', details: {assessmentMode: mode}, label: 'Assessment ' + MODES[mode]}];
    });
  const delay = actionForm(id, 'delay', 'Delay reasons',
    [choices('checkbox', 'delay-' + id, 'delayReason', 'Why is the wait long? Select all that apply.', DELAY_REASONS),
      timeField('delay-time-' + id)],
    [button('Record delay reasons', 'DELAY_REASON_RECORDED')],
    (form) => {
      const reasons = checked(form, 'delayReason');
      if (reasons.length === 0) {
        return 'Select at least one reason for the delay.';
      }
      return reasons.map((r) => ({type: 'DELAY_REASON_RECORDED', details: {delayReason: r}, label: text(DELAY_REASONS, r)}));
    });
  const disposition = actionForm(id, 'disposition', 'Disposition',
    [choices('radio', 'disposition-' + id, 'disposition', 'What happened to the person?', DISPOSITIONS),
      timeField('disposition-time-' + id)],
    [button('Record disposition', 'DISPOSITION_RECORDED')],
    (form) => {
      const chosen = checked(form, 'disposition');
      if (chosen.length === 0) {
        return 'Select what happened to the person.';
      }
      return [{type: 'DISPOSITION_RECORDED', details: {disposition: chosen[0]}, label: text(DISPOSITIONS, chosen[0])}];
    });
  const officerCount = (form, details) => {
    const count = value(form, 'officerCount');
    if (count === '') {
      return null;
    }
    if (!/^\d{1,2}$/.test(count)) {
      return 'Enter the number of officers as a whole number, for example 2.';
    }
    details.officerCount = Number(count);
    return null;
  };
  const retained = actionForm(id, 'retained', 'Officers asked to stay (retained)',
    [textField('retained-count-' + id, 'officerCount', 'Officers at the ED from then on',
      'The new total, at least 1.', 'govuk-input--width-2'),
    textField('retained-reason-' + id, 'reason', 'Reason', 'For example a risk. No names or personal details.'),
    timeField('retained-time-' + id)],
    [button('Record officers retained', 'OFFICER_RETAINED')],
    (form) => {
      const details = {};
      const wrong = officerCount(form, details);
      const reason = value(form, 'reason');
      if (reason !== '') {
        details.reason = reason;
      }
      return wrong || [{type: 'OFFICER_RETAINED', details, label: ''}];
    });
  const released = actionForm(id, 'released', 'Officers released',
    [textField('released-count-' + id, 'officerCount', 'Officers still at the ED from then on',
      'The new total, at least 1. Police record the last officers leaving (cleared).', 'govuk-input--width-2'),
    timeField('released-time-' + id)],
    [button('Record officers released', 'OFFICER_RELEASED')],
    (form) => {
      const details = {};
      return officerCount(form, details) || [{type: 'OFFICER_RELEASED', details, label: ''}];
    });
  const absconded = actionForm(id, 'absconded', 'Person left before handover',
    [textField('absconded-reason-' + id, 'reason', 'What happened (optional)', 'No names or personal details.'),
      timeField('absconded-time-' + id)],
    [button('Record absconded', 'ABSCONDED', 'govuk-button--warning')],
    (form) => {
      const reason = value(form, 'reason');
      return [{type: 'ABSCONDED', details: reason === '' ? {} : {reason}, label: ''}];
    });
  const forms = [assessment, delay, disposition, retained, released, absconded];
  // Which case, for whoever hears a heading or button out of its row (GOV.UK's visually hidden context).
  const which = ' for case ' + shortId(cases.get(id) || {caseId: id});
  forms.forEach((form) => form.querySelectorAll('h3, button').forEach((node) => node.append(
    el('span', {class: 'govuk-visually-hidden'}, which))));
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Rows

function facts(c) {
  const lines = [];
  const p = c.points;
  if (c.state === 'PRE_ALERTED' && p.eta) {
    lines.push(el('div', {class: 'govuk-body-s toc-fact', 'data-eta': p.eta}, 'ETA ', timeElement(p.eta)));
  }
  if (p.assessmentStartedAt) {
    lines.push(el('div', {class: 'govuk-body-s toc-fact', 'data-assessment': c.assessmentMode || ''},
      'Assessment started ', timeElement(p.assessmentStartedAt), c.assessmentMode ? ', ' + MODES[c.assessmentMode] : ''));
  }
  if (c.delayReasons && c.delayReasons.length > 0) {
    lines.push(el('div', {class: 'govuk-body-s toc-fact', 'data-delay-reasons': c.delayReasons.map((d) => d.reason).join(' ')},
      'Delay: ' + c.delayReasons.map((d) => text(DELAY_REASONS, d.reason)).join('; ')));
  }
  if (c.disposition) {
    lines.push(el('div', {class: 'govuk-body-s toc-fact', 'data-disposition': c.disposition},
      'Disposition: ' + text(DISPOSITIONS, c.disposition)));
  }
  const retained = (c.retained || []).find((r) => !r.to);
  if (retained) {
    lines.push(el('div', {class: 'govuk-body-s toc-fact', 'data-retained': 'open'}, 'Officers retained since ',
      timeElement(retained.from)));
  }
  return lines;
}

function caseCell(c) {
  const officers = c.currentOfficerCount || c.officerCount;
  return el('th', {class: 'govuk-table__header', scope: 'row', 'data-label': 'Case'},
    el('a', {class: 'govuk-link', href: '/cases/' + c.caseId, 'data-focus-key': 'link'}, shortId(c)),
    el('div', {class: 'govuk-body-s', 'data-officers': officers || ''},
      'Division ' + (c.policeDivision || 'unknown') + ', ' + (officers ? officers + ' officer' + (officers === 1 ? '' : 's')
        : 'officers not known')));
}

function legalClockCell(c) {
  const clock = c.legalClock;
  const deadline = clock && clock.deadline;
  if (!deadline) {
    return el('td', {class: 'govuk-table__cell', 'data-label': 'Legal clock deadline'}, 'No legal clock');
  }
  return el('td', {class: 'govuk-table__cell', 'data-label': 'Legal clock deadline', 'data-deadline': deadline},
    timeElement(deadline),
    el('div', {class: 'govuk-body-s', 'data-left': deadline, 'data-basis': clock.basis || ''}, timeLeft(clock.basis, deadline)));
}

function timeLeft(basis, deadline) {
  const left = (Date.parse(deadline) - Date.now()) / 1000;
  return (basis ? basis.toLowerCase() + ', ' : '') + (left > 0 ? duration(left) + ' left' : 'passed');
}

function arrivedCell(c) {
  const p = c.points;
  return el('td', {class: 'govuk-table__cell', 'data-label': 'Arrived'},
    p.arrivedAt ? timeElement(p.arrivedAt) : 'Not yet',
    !p.arrivedAt && p.preAlertedAt ? el('div', {class: 'govuk-body-s'}, 'Pre-alerted ', timeElement(p.preAlertedAt)) : null);
}

function waitingContent(c) {
  const seconds = waitingSeconds(c);
  const b = seconds === null ? null : band(seconds / 60);
  return b ? [el('span', {class: 'toc-band toc-band--' + b.level, 'data-band': String(b.level)}, b.text), ' ',
    duration(seconds)] : ['—'];
}

function actionsCell(c) {
  const undo = undoable(c, me);
  return el('td', {class: 'govuk-table__cell toc-actions', 'data-label': 'Actions'},
    quickActions(c).map(([type, label]) => el('button', {
      class: 'govuk-button govuk-button--secondary',
      type: 'button',
      'data-action': type,
      'data-focus-key': type,
      'aria-label': label + ' case ' + shortId(c),
      onclick: () => act(c, type, label),
    }, label)),
    // The signed-in user's own last action, for the minutes the processor still accepts its undo.
    undo ? el('button', {
      class: 'govuk-button govuk-button--warning',
      type: 'button',
      'data-action': 'ACTION_UNDONE',
      'data-undoes': undo.point,
      'data-undo-until': undo.until,
      'data-focus-key': 'ACTION_UNDONE',
      onclick: () => act(c, 'ACTION_UNDONE', undo.label, {undoneEventId: undo.eventId}),
    }, undo.label, el('span', {class: 'govuk-visually-hidden'}, ' for case ' + shortId(c))) : null);
}

function stateCell(c) {
  return el('td', {class: 'govuk-table__cell', 'data-label': 'State'}, STATE_TEXT[c.state] || c.state, facts(c));
}

function liveRows(c) {
  return [el('tr', {class: 'govuk-table__row toc-case-row', id: 'case-' + c.caseId, 'data-case-id': c.caseId,
    'data-state': c.state, 'data-section': 'live'},
  caseCell(c),
  stateCell(c),
  arrivedCell(c),
  el('td', {class: 'govuk-table__cell', 'data-waiting': c.caseId, 'data-label': 'Waiting'}, waitingContent(c)),
  el('td', {class: 'govuk-table__cell', 'data-label': 'Escalation'}, c.escalationLevel > 0 ? 'Level ' + c.escalationLevel : 'None'),
  legalClockCell(c),
  actionsCell(c)), moreRow(c, 7)];
}

function closingRows(c) {
  const last = lastEventAt(c);
  return [el('tr', {class: 'govuk-table__row toc-case-row', id: 'case-' + c.caseId, 'data-case-id': c.caseId,
    'data-state': c.state, 'data-section': 'closing'},
  caseCell(c),
  stateCell(c),
  arrivedCell(c),
  el('td', {class: 'govuk-table__cell', 'data-label': 'Last event', 'data-last-event': last},
    timeElement(last), el('div', {class: 'govuk-body-s', 'data-ago': last}, ago(last))),
  legalClockCell(c),
  actionsCell(c)), moreRow(c, 6)];
}

function moreRow(c, columns) {
  const panel = panelFor(c);
  panel.summaryText.textContent = 'Record more for case ' + shortId(c);
  return el('tr', {class: 'govuk-table__row toc-more-row', 'data-more-for': c.caseId},
    el('td', {class: 'govuk-table__cell', colspan: String(columns)}, panel.details));
}

function arrivalOrder(a, b) {
  const ka = a.points.arrivedAt ? '0' + a.points.arrivedAt : '1' + (a.points.eta || a.points.preAlertedAt || '');
  const kb = b.points.arrivedAt ? '0' + b.points.arrivedAt : '1' + (b.points.eta || b.points.preAlertedAt || '');
  return ka.localeCompare(kb);
}

function render() {
  const open = [...cases.values()].filter((c) => c.open);
  const live = open.filter((c) => !needsClosing(c)).sort(arrivalOrder);
  const closing = open.filter(needsClosing)
    .sort((a, b) => Date.parse(lastEventAt(a)) - Date.parse(lastEventAt(b)));
  sections.clear();
  open.forEach((c) => sections.set(c.caseId, needsClosing(c)));
  for (const id of [...panels.keys()]) {
    if (!sections.has(id)) {
      panels.delete(id);
    }
  }
  $('count').textContent = (live.length === 1 ? '1 open case' : live.length + ' open cases')
    + (closing.length > 0 ? ', ' + closing.length + ' needing closing' : '');

  const active = document.activeElement;
  const holder = active && active.closest ? active.closest('[data-case-id],[data-more-for]') : null;
  const activeCase = holder ? holder.getAttribute('data-case-id') || holder.getAttribute('data-more-for') : null;
  const activeKey = active && active.getAttribute ? active.getAttribute('data-focus-key') : null;

  $('rows').replaceChildren(...live.flatMap(liveRows));
  $('closing-rows').replaceChildren(...closing.flatMap(closingRows));
  $('empty').classList.toggle('toc-hidden', live.length > 0);
  $('closing-table').classList.toggle('toc-hidden', closing.length === 0);
  $('closing-empty').classList.toggle('toc-hidden', closing.length > 0);

  if (active && active !== document.body && document.activeElement !== active) {
    if (active.isConnected) {
      active.focus();
    } else if (activeCase) {
      const again = document.querySelector('tr[data-case-id="' + activeCase + '"] [data-focus-key="' + activeKey + '"]')
        || document.querySelector('tr[data-case-id="' + activeCase + '"] [data-focus-key]');
      if (again) {
        again.focus();
      }
    }
  }
}

function tick() {
  let moved = false;
  for (const c of cases.values()) {
    if (c.open && sections.has(c.caseId) && sections.get(c.caseId) !== needsClosing(c)) {
      moved = true;
    }
    const cell = document.querySelector('[data-waiting="' + c.caseId + '"]');
    if (cell && waitingSeconds(c) !== null) {
      cell.replaceChildren(...waitingContent(c));
    }
  }
  // An "Undo" whose window has passed goes (the processor would refuse it as too late).
  const undoExpired = [...document.querySelectorAll('[data-undo-until]')]
    .some((x) => Date.parse(x.getAttribute('data-undo-until')) <= Date.now());
  if (moved || undoExpired) {
    render();
    return;
  }
  document.querySelectorAll('[data-left]').forEach((x) => {
    x.textContent = timeLeft(x.getAttribute('data-basis'), x.getAttribute('data-left'));
  });
  document.querySelectorAll('[data-ago]').forEach((x) => {
    x.textContent = ago(x.getAttribute('data-ago'));
  });
}

async function showSite(code) {
  $('site-name').textContent = code;
  $('site-type').textContent = '';
  try {
    const answer = await api(APP, 'GET', '/api/v1/sites');
    const found = ((answer.body && answer.body.sites) || []).find((s) => s.code === code);
    if (found) {
      $('site-name').textContent = found.name + ' (' + code + ')';
      $('site-type').textContent = (SITE_TYPE_TEXT[found.type] || found.type) + ', ' + found.board;
      $('site-type').setAttribute('data-site-type', found.type);
    }
  } catch (e) {
    $('site-type').textContent = 'Site type not known (' + describeProblem(e) + ')';
  }
}

function connect(jwt) {
  const c = claims(jwt);
  site = c.org;
  me = c.sub;
  $('user').textContent = 'Signed in as ' + c.sub + ' (' + c.role + ', ' + site + ')';
  showSite(site);
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
        if (isNew && !needsClosing(x)) {
          setStatus('New case ' + shortId(x) + ': ' + (STATE_TEXT[x.state] || x.state));
        }
      }
    },
    synced: () => setLive('Live.'),
  });
  stream.start();
}

function setLive(message) {
  $('live').textContent = message + ' Last update ' + when(new Date().toISOString());
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
  panels.clear();
  show();
});
setInterval(tick, 1000);
show();
