import {api, claims, duration, el, london, londonTime, registerServiceWorker, setToken, signIn, uuid, validToken} from './common.js';
import {installFromAddress, installedKey, normaliseChi, personKey} from './personkey.js';
import {SubmissionQueue} from './queue.js';

const APP = 'officer';
const DEMO_USERS = [
  {subject: 'pc-1234', role: 'OFFICER', org: 'G'},
  {subject: 'pc-5678', role: 'OFFICER', org: 'E'},
  {subject: 'pc-4321', role: 'OFFICER', org: 'Q'},
];
const CASE_KEY = 'toc.officer.case';
const SITES_KEY = 'toc.sites';
const DEVICE_KEY = 'toc.device';

const LABELS = {
  PRE_ALERTED: 'Pre-alert sent',
  ARRIVED: 'Arrived at the ED',
  CLEARED: 'Officers cleared (left the ED)',
  CANCELLED: 'Cancelled (not going)',
  DIVERTED: 'Diverted to another site',
  ABSCONDED: 'Person absconded',
  ENDED_WITHOUT_HANDOVER: 'Ended without handover',
  REFERRED_AT_SCENE: 'Referred at scene',
  OFFICER_RETAINED: 'ED asked officers to stay',
  OFFICER_RELEASED: 'Officers released',
};

/** The vocabulary's Disposition and ReferralPathway codes, in words. */
const DISPOSITIONS = {
  ADMITTED_INFORMAL: 'Admitted to hospital (informal)',
  ADMITTED_DETAINED: 'Admitted under a detention certificate',
  DISCHARGED: 'Discharged (home or on, no referral)',
  REFERRED_COMMUNITY_MENTAL_HEALTH: 'Referred to community mental health',
  REFERRED_DBI: 'Referred to Distress Brief Intervention',
  OTHER: 'Other',
};
const PATHWAYS = {
  NHS24_MENTAL_HEALTH_HUB: 'NHS 24 mental health hub',
  DBI: 'Distress Brief Intervention',
  OTHER: 'Other',
};
/** The legal bases whose form asks for the removal time first (s297: the legal clock starts at removal). */
const REMOVAL_BASES = ['S297', 'S136'];

const STATUS_TEXT = {
  queued: 'Waiting to send',
  PENDING: 'Sent, waiting for the result',
  HELD: 'Sent, held until the case is opened',
  APPLIED: 'Recorded',
  REJECTED: 'Not recorded',
  DUPLICATE: 'Already recorded',
};

const $ = (id) => document.getElementById(id);
const deviceId = localStorage.getItem(DEVICE_KEY) || (() => {
  const id = 'device-' + uuid().slice(0, 8);
  localStorage.setItem(DEVICE_KEY, id);
  return id;
})();

let currentCase = JSON.parse(localStorage.getItem(CASE_KEY) || 'null');
let sites = JSON.parse(localStorage.getItem(SITES_KEY) || '[]');
const rendered = {};
const queue = new SubmissionQueue(APP, render);

function saveCase() {
  if (currentCase) {
    localStorage.setItem(CASE_KEY, JSON.stringify(currentCase));
  } else {
    localStorage.removeItem(CASE_KEY);
  }
}

function options(select, placeholder, entries) {
  const chosen = select.value;
  select.replaceChildren(el('option', {value: ''}, placeholder),
    ...entries.map(([value, text]) => el('option', {value}, text)));
  select.value = chosen;
}

async function loadSites() {
  try {
    const response = await fetch('/api/v1/sites', {headers: {Accept: 'application/json'}});
    if (response.ok) {
      sites = (await response.json()).sites;
      localStorage.setItem(SITES_KEY, JSON.stringify(sites));
    }
  } catch (e) {
    // Offline: the list saved last time is used.
  }
  const entries = sites.map((s) => [s.code, s.name + ' (' + s.code + ')']);
  options($('site'), 'Choose a site', entries);
  options($('divert-site'), 'Choose a site', entries);
}

/** Shows or clears a field's error message (GOV.UK pattern: the message, and the group marked as in error). */
function fieldError(id, groupId, message) {
  const error = $(id);
  error.textContent = message ? 'Error: ' + message : '';
  error.classList.toggle('toc-hidden', !message);
  if (groupId) {
    $(groupId).classList.toggle('govuk-form-group--error', !!message);
    $(groupId).querySelectorAll('input.govuk-input, select.govuk-select').forEach((field) =>
      field.classList.toggle(field.tagName === 'SELECT' ? 'govuk-select--error' : 'govuk-input--error', !!message));
  }
  return !message;
}

/** The parts of an instant's Europe/London wall-clock time. */
function londonParts(ms) {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const p = Object.fromEntries(format.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return {y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second)};
}

/** The instant of a Europe/London wall-clock time (BST or GMT as on that day). */
function londonInstant(y, mo, d, h, mi) {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offset = (ms) => {
    const p = londonParts(ms);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
  };
  return wall - offset(wall - offset(wall));
}

/**
 * The removal time the officer typed (hour and minute, UK time): today, or yesterday when today's would be later
 * than now (a removal is always in the past). Null with an error shown when it is missing or not a time.
 */
function removedAt() {
  const hour = $('removed-hour').value.trim();
  const minute = $('removed-minute').value.trim();
  if (!hour && !minute) {
    fieldError('removed-error', 'removed', 'Enter the time the person was removed, for example 14 and 05');
    return null;
  }
  if (!/^\d{1,2}$/.test(hour) || Number(hour) > 23 || !/^\d{1,2}$/.test(minute) || Number(minute) > 59) {
    fieldError('removed-error', 'removed', 'Enter a real time: hour 0 to 23, minute 0 to 59');
    return null;
  }
  const now = Date.now();
  const today = londonParts(now);
  let at = londonInstant(today.y, today.mo, today.d, Number(hour), Number(minute));
  if (at > now + 60000) {
    const yesterday = new Date(Date.UTC(today.y, today.mo - 1, today.d - 1));
    at = londonInstant(yesterday.getUTCFullYear(), yesterday.getUTCMonth() + 1, yesterday.getUTCDate(), Number(hour), Number(minute));
  }
  fieldError('removed-error', 'removed', null);
  return new Date(at).toISOString();
}

/** Records a step: the eventId and occurredAt are fixed now, at the tap, whatever happens to the network. */
function record(type, details = {}) {
  const body = {
    eventId: uuid(),
    type,
    occurredAt: new Date().toISOString(),
    ...details,
    source: {channel: 'OFFICER_APP', deviceId, queuedOffline: !navigator.onLine},
  };
  queue.add(currentCase.caseId, body);
  currentCase.steps.push(type);
  saveCase();
  render();
  $('announce').textContent = LABELS[type] + ': ' + (navigator.onLine ? 'sending' : 'saved on this phone, will send when online');
}

/** This phone's repeat-attendance key (a non-extractable WebCrypto key), or null: then no CHI number is asked. */
let personKeySecret = null;
let starting = false;

/** Opens a case with PRE_ALERTED, ARRIVED or REFERRED_AT_SCENE and what the start form holds. */
async function startCase(type) {
  if (starting) {
    return; // a second tap while the first is still computing the person key
  }
  starting = true;
  try {
    await openCase(type);
  } finally {
    starting = false;
  }
}

async function openCase(type) {
  const basis = document.querySelector('input[name="legalBasis"]:checked');
  const details = {};
  let valid = true;
  if (basis && REMOVAL_BASES.includes(basis.value)) {
    const removal = removedAt();
    if (removal) {
      details.removedAt = removal;
    } else {
      valid = false;
    }
  }
  const site = $('site').value;
  if (type === 'REFERRED_AT_SCENE') {
    const pathway = $('start-pathway').value;
    valid = fieldError('start-pathway-error', 'start-pathway-group', pathway ? null : 'Choose where you referred the person') && valid;
    details.referralPathway = pathway;
    fieldError('start-error', 'site-group', null);
  } else {
    valid = fieldError('start-error', 'site-group', site ? null : 'Choose the site you are taking the person to') && valid;
  }
  // The person key: only with a key on this phone, only for an attendance (a referral at scene is none), and the CHI
  // number itself never leaves this function.
  let key = null;
  const chi = $('chi').value.trim();
  if (personKeySecret && chi && type !== 'REFERRED_AT_SCENE') {
    const normalised = normaliseChi(chi);
    valid = fieldError('chi-error', 'chi-group', normalised.error || null) && valid;
    if (!normalised.error) {
      key = await personKey(personKeySecret, normalised.digits);
    }
  } else {
    fieldError('chi-error', 'chi-group', null);
  }
  if (!valid) {
    const firstError = document.querySelector('#start .govuk-form-group--error input, #start .govuk-form-group--error select');
    if (firstError) {
      firstError.focus();
    }
    return;
  }
  if (site) {
    details.siteCode = site;
  }
  if (basis) {
    details.legalBasis = basis.value;
  }
  const officers = Number($('officers').value);
  if (officers >= 1 && officers <= 20) {
    details.officerCount = officers;
  }
  const eta = Number($('eta').value);
  if (type === 'PRE_ALERTED' && eta >= 1 && eta <= 600) {
    details.eta = new Date(Date.now() + eta * 60000).toISOString();
  }
  const reference = $('reference').value.trim();
  if (reference) {
    details.localReference = reference;
  }
  if (key) {
    details.personKey = key;
  }
  $('chi').value = '';
  currentCase = {caseId: uuid(), siteCode: site || null, steps: [], officers: details.officerCount || null};
  resetLiveState();
  record(type, details);
  $('case-heading').focus();
}

function nextSteps() {
  const steps = currentCase.steps;
  const has = (t) => steps.includes(t);
  const outcome = ['CANCELLED', 'DIVERTED', 'ABSCONDED', 'ENDED_WITHOUT_HANDOVER'].find(has);
  if (has('CLEARED') || has('CANCELLED') || has('REFERRED_AT_SCENE') || (has('DIVERTED') && !has('ARRIVED'))) {
    return [];
  }
  if (outcome) {
    return ['CLEARED'];
  }
  if (!has('ARRIVED')) {
    return ['ARRIVED', 'CANCELLED', 'DIVERTED', 'REFERRED_AT_SCENE'];
  }
  return ['CLEARED', 'ABSCONDED', 'ENDED_WITHOUT_HANDOVER', 'DIVERTED'];
}

/** Retain and release while officers are at the ED: a retention is open from OFFICER_RETAINED to OFFICER_RELEASED. */
function officerSteps() {
  const steps = currentCase.steps;
  if (!steps.includes('ARRIVED') || nextSteps().length === 0) {
    return [];
  }
  const last = steps.filter((t) => t === 'OFFICER_RETAINED' || t === 'OFFICER_RELEASED').pop();
  return last === 'OFFICER_RETAINED' ? ['OFFICER_RELEASED'] : ['OFFICER_RETAINED', 'OFFICER_RELEASED'];
}

function chosenOrError(selectId, errorId, groupId, message) {
  const value = $(selectId).value;
  if (!fieldError(errorId, groupId, value ? null : message)) {
    $(selectId).focus();
    return null;
  }
  return value;
}

function tap(type) {
  if (type === 'DIVERTED') {
    const destination = $('divert-site').value;
    const ok = fieldError('divert-error', 'divert',
      !destination || destination === currentCase.siteCode ? 'Choose the other site the person is being taken to' : null);
    if (!ok) {
      $('divert-site').focus();
      return;
    }
    record(type, {destinationSiteCode: destination});
  } else if (type === 'REFERRED_AT_SCENE') {
    const pathway = chosenOrError('pathway-select', 'pathway-error', 'pathway', 'Choose where you referred the person');
    if (pathway) {
      record(type, {referralPathway: pathway});
    }
  } else if (type === 'CANCELLED') {
    record(type, {reason: 'stood down before arrival'});
  } else if (type === 'CLEARED') {
    const disposition = $('disposition-select').value;
    record(type, disposition ? {disposition} : {});
  } else if (type === 'OFFICER_RETAINED' || type === 'OFFICER_RELEASED') {
    const count = $('officer-count').value.trim();
    const countOk = fieldError('officer-count-error', 'officer-count-group',
      /^\d{1,2}$/.test(count) && Number(count) >= 1 && Number(count) <= 20 ? null
        : 'Enter how many officers are at the ED from now on, 1 to 20');
    const reason = $('retain-reason').value.trim();
    const reasonOk = type !== 'OFFICER_RETAINED'
      || fieldError('retain-reason-error', 'retain-reason-group', reason ? null : 'Say why the ED asked officers to stay');
    if (!countOk || !reasonOk) {
      (countOk ? $('retain-reason') : $('officer-count')).focus();
      return;
    }
    fieldError('retain-reason-error', 'retain-reason-group', null);
    currentCase.officers = Number(count);
    record(type, type === 'OFFICER_RETAINED' ? {officerCount: Number(count), reason} : {officerCount: Number(count)});
    $('retain-reason').value = '';
    $('officer-count').value = '';
  } else {
    record(type);
  }
  // The buttons are rebuilt for the next steps: keep keyboard and screen reader users in the same place.
  $('next-heading').focus();
}

function stepButton(type) {
  return el('button', {
    class: 'govuk-button toc-step' + (type === 'ARRIVED' || type === 'CLEARED' ? '' : ' govuk-button--secondary'),
    type: 'button',
    'data-step': type,
    onclick: () => tap(type),
  }, type === 'OFFICER_RELEASED' && !currentCase.steps.includes('OFFICER_RETAINED') ? 'Officers left (count changed)'
    : LABELS[type]);
}

function statusOf(item) {
  if (item.state === 'queued') {
    return STATUS_TEXT.queued;
  }
  return STATUS_TEXT[item.status] || item.status;
}

/** Replaces a container's children only when what it shows changed, so focus and screen readers are not disturbed. */
function replaceIfChanged(id, key, build) {
  if (rendered[id] === key) {
    return;
  }
  rendered[id] = key;
  $(id).replaceChildren(...build());
}

/** Refusals the officer has not yet seen, of any case on this phone: the rule's message, until dismissed. */
function renderRejections() {
  const refused = queue.unseenRejections();
  $('rejections').classList.toggle('toc-hidden', refused.length === 0);
  const before = rendered['rejections-list'] || '';
  const fresh = refused.filter((i) => !before.includes(i.eventId));
  if (fresh.length > 0 && rendered['rejections-list'] !== undefined) {
    $('announce').textContent = 'Not accepted: ' + (LABELS[fresh[0].type] || fresh[0].type) + '. ' + fresh[0].detail;
  }
  replaceIfChanged('rejections-list', refused.map((i) => i.eventId).join(','), () => refused.map((i) =>
    el('li', {class: 'toc-rejection', 'data-event-id': i.eventId, 'data-rule': i.rule || ''},
      el('strong', {}, LABELS[i.type] || i.type), ' (tapped ', londonTime(new Date(i.tappedAtMs).toISOString()),
      ', case ', i.caseId.slice(0, 8), '): ', i.detail,
      el('div', {},
        el('button', {
          class: 'govuk-button govuk-button--secondary toc-dismiss',
          type: 'button',
          'data-dismiss': i.eventId,
          onclick: () => {
            queue.dismiss(i.eventId);
            $('announce').textContent = 'Dismissed.';
            const next = document.querySelector('[data-dismiss]');
            (next || $('queue-heading')).focus();
          },
        }, 'I have read this', el('span', {class: 'govuk-visually-hidden'}, ': ' + (LABELS[i.type] || i.type)))))));
}

function render() {
  const jwt = validToken(APP);
  $('signin').classList.toggle('toc-hidden', !!jwt);
  $('app').classList.toggle('toc-hidden', !jwt);
  if (jwt) {
    const c = claims(jwt);
    $('user').textContent = 'Signed in as ' + c.sub + ' (' + c.role + ', division ' + c.org + ')';
  } else {
    $('user').textContent = '';
  }
  const online = navigator.onLine;
  $('connection').textContent = online
    ? 'Online.'
    : 'Offline: steps are kept on this phone and sent in order when signal returns.';
  $('connection').classList.toggle('toc-connection--offline', !online);

  const waiting = queue.waiting();
  $('signed-out-queue').textContent = waiting.length + ' recorded ' + (waiting.length === 1 ? 'step is' : 'steps are')
    + ' kept on this phone and will be sent when you sign in.';
  $('signed-out-queue').classList.toggle('toc-hidden', !!jwt || waiting.length === 0);
  $('waiting-count').textContent = waiting.length === 0
    ? 'Nothing waiting to send.'
    : waiting.length + ' waiting to send';
  $('waiting-list').replaceChildren(...waiting.map((i) =>
    el('li', {class: 'toc-queue-item'}, LABELS[i.type] || i.type, ' — tapped ', london(new Date(i.tappedAtMs).toISOString()),
      i.detail ? el('div', {class: 'govuk-body-s'}, i.detail) : null)));
  $('sign-in-again').classList.toggle('toc-hidden', !queue.needsSignIn);
  renderRejections();

  $('start').classList.toggle('toc-hidden', !!currentCase);
  $('case').classList.toggle('toc-hidden', !currentCase);
  if (!currentCase) {
    return;
  }
  const site = sites.find((s) => s.code === currentCase.siteCode);
  $('case-site').textContent = site ? site.name : currentCase.siteCode || 'None (not conveyed)';
  $('case-id').textContent = currentCase.caseId;
  $('case-link').setAttribute('href', '/cases/' + currentCase.caseId);
  const steps = nextSteps();
  replaceIfChanged('steps', currentCase.caseId + ':' + steps.join(','), () => steps.map(stepButton));
  $('divert').classList.toggle('toc-hidden', !steps.includes('DIVERTED'));
  $('pathway').classList.toggle('toc-hidden', !steps.includes('REFERRED_AT_SCENE'));
  $('disposition').classList.toggle('toc-hidden', !steps.includes('CLEARED'));
  const officers = officerSteps();
  $('officer-change').classList.toggle('toc-hidden', officers.length === 0);
  $('retain-reason-group').classList.toggle('toc-hidden', !officers.includes('OFFICER_RETAINED'));
  replaceIfChanged('officer-steps', currentCase.caseId + ':' + officers.join(',') + ':' + currentCase.steps.length,
    () => officers.map(stepButton));
  $('finished').classList.toggle('toc-hidden', steps.length > 0);
  const items = queue.forCase(currentCase.caseId);
  $('submissions').replaceChildren(...items.map((i) => {
    const css = i.state === 'queued' ? 'queued'
      : i.status === 'APPLIED' || i.status === 'DUPLICATE' ? 'applied'
        : i.status === 'PENDING' || i.status === 'HELD' ? 'sent' : 'rejected';
    return el('li', {class: 'toc-submission toc-submission--' + css, 'data-event-id': i.eventId, 'data-status': i.state === 'queued' ? 'QUEUED' : i.status},
      el('strong', {}, LABELS[i.type] || i.type), ': ', statusOf(i),
      i.detail && i.state !== 'queued' ? el('div', {class: 'govuk-body-s'}, i.detail) : null);
  }));
  renderLiveState();
}

const STATE_TEXT = {
  PRE_ALERTED: 'Pre-alerted',
  ARRIVED: 'Arrived, waiting for the ED',
  ACKNOWLEDGED: 'ED has acknowledged',
  HANDOVER_STARTED: 'Handover under way',
  HANDED_OVER: 'Handed over to the ED',
  CLEARED: 'Cleared',
  CANCELLED: 'Cancelled',
  DIVERTED: 'Diverted',
  ABSCONDED: 'Person absconded',
  ENDED_WITHOUT_HANDOVER: 'Ended without handover',
  REFERRED_AT_SCENE: 'Referred at scene',
  ENTERED_IN_ERROR: 'Entered in error (void)',
  NOT_RECORDED: 'Closed by a supervisor as not recorded',
};

/** The case as the platform last showed it (GET /api/v1/handovers/{caseId}), or null. */
let live = null;

function resetLiveState() {
  live = null;
  $('case-state').textContent = 'Not known yet';
}

/** The live rows: what the platform applied (the ED's acknowledgement and handover show up here), and the time. */
function renderLiveState() {
  const set = (id, text, data) => {
    if ($(id).textContent !== text) {
      $(id).textContent = text;
    }
    Object.entries(data || {}).forEach(([k, v]) => $(id).setAttribute('data-' + k, v));
  };
  if (!live || live.caseId !== currentCase.caseId) {
    set('case-acknowledged', 'Not known yet', {acknowledged: 'unknown'});
    set('case-waiting', '—');
    set('case-officers', currentCase.officers ? String(currentCase.officers) : '—');
    set('case-deadline', '—');
    return;
  }
  const p = live.points || {};
  set('case-state', STATE_TEXT[live.state] || live.state);
  if (p.acknowledgedAt) {
    set('case-acknowledged', 'Yes, at ' + londonTime(p.acknowledgedAt), {acknowledged: 'yes'});
  } else {
    set('case-acknowledged', p.handedOverAt ? 'Handed over without acknowledgement' : live.open ? 'Not yet' : 'No',
      {acknowledged: p.handedOverAt ? 'implied' : 'no'});
  }
  if (p.arrivedAt && !p.handedOverAt && live.open) {
    const minutes = Math.max(0, Math.floor((Date.now() - Date.parse(p.arrivedAt)) / 60000));
    set('case-waiting', duration((Date.now() - Date.parse(p.arrivedAt)) / 1000) + ' (since ' + londonTime(p.arrivedAt) + ')',
      {minutes: String(minutes)});
  } else if (p.arrivedAt && p.handedOverAt) {
    set('case-waiting', 'Handed over after ' + duration((Date.parse(p.handedOverAt) - Date.parse(p.arrivedAt)) / 1000));
  } else {
    set('case-waiting', !live.open ? 'Not waiting (case closed)' : 'Not arrived yet');
  }
  const officers = live.currentOfficerCount || live.officerCount;
  set('case-officers', officers ? String(officers) : '—');
  const clock = live.legalClock;
  set('case-deadline', clock && clock.deadline ? london(clock.deadline) + ' (' + clock.basis + ')' : 'No legal clock',
    {deadline: clock && clock.deadline ? clock.deadline : ''});
}

async function refreshCaseState() {
  if (!currentCase || !navigator.onLine || !validToken(APP)) {
    return;
  }
  try {
    const c = (await api(APP, 'GET', '/api/v1/handovers/' + currentCase.caseId)).body;
    if (currentCase && c.caseId === currentCase.caseId) {
      live = c;
      renderLiveState();
    }
  } catch (e) {
    // Not readable yet (404 while nothing was accepted) or offline: keep what is shown.
  }
}

function signOut() {
  setToken(APP, null);
  render();
  $('announce').textContent = 'Signed out.' + (queue.waiting().length ? ' Steps waiting to send stay on this phone.' : '');
}

/** Installs a key given in the address (once, from the force's device management) and offers the CHI field if any. */
async function initPersonKey() {
  try {
    if (await installFromAddress()) {
      $('announce').textContent = 'This phone can now count repeat visits.';
    }
  } catch (e) {
    fieldError('person-key-problem', null, 'Repeat visits cannot be counted on this phone: ' + e.message
      + '. Ask your IT service for a new set-up link.');
  }
  personKeySecret = await installedKey();
  $('chi-group').classList.toggle('toc-hidden', !personKeySecret);
}

function init() {
  registerServiceWorker();
  initPersonKey();
  signIn(APP, $('signin'), DEMO_USERS, () => {
    render();
    // Steps kept on the phone while nobody was signed in go now, under the officer who signed in.
    queue.resume();
    refreshCaseState();
  });
  options($('disposition-select'), 'Not known or not recorded', Object.entries(DISPOSITIONS));
  options($('pathway-select'), 'Choose where', Object.entries(PATHWAYS));
  options($('start-pathway'), 'Choose where', Object.entries(PATHWAYS));
  $('sign-out').addEventListener('click', signOut);
  $('sign-in-again').addEventListener('click', signOut);
  document.querySelectorAll('input[name="legalBasis"]').forEach((radio) => radio.addEventListener('change', () => {
    // The removal time follows the basis in the reading order, so it is announced next (no aria-expanded: a radio
    // may not carry it).
    $('removed').classList.toggle('toc-hidden', !REMOVAL_BASES.includes(radio.value));
  }));
  $('start-prealert').addEventListener('click', () => startCase('PRE_ALERTED'));
  $('start-arrived').addEventListener('click', () => startCase('ARRIVED'));
  $('start-referred').addEventListener('click', () => startCase('REFERRED_AT_SCENE'));
  $('new-case').addEventListener('click', () => {
    currentCase = null;
    saveCase();
    render();
    document.querySelector('input[name="legalBasis"]').focus();
  });
  window.addEventListener('online', render);
  window.addEventListener('offline', render);
  loadSites();
  setInterval(render, 15000);
  setInterval(refreshCaseState, 3000);
  render();
  refreshCaseState();
}

init();
// Exposed for the page's own diagnostics (and the browser tests): how long the current case has been open.
window.tocOfficer = {queue, duration, currentCase: () => currentCase, api: (m, p, b) => api(APP, m, p, b)};
