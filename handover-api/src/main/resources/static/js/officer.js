import {api, claims, duration, el, london, registerServiceWorker, setToken, signIn, uuid, validToken} from './common.js';
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
};

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
const queue = new SubmissionQueue(APP, render);

function saveCase() {
  if (currentCase) {
    localStorage.setItem(CASE_KEY, JSON.stringify(currentCase));
  } else {
    localStorage.removeItem(CASE_KEY);
  }
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
  const select = $('site');
  const chosen = select.value;
  select.replaceChildren(el('option', {value: ''}, 'Choose a site'),
    ...sites.map((s) => el('option', {value: s.code}, s.name + ' (' + s.code + ')')));
  select.value = chosen;
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

function startCase(type) {
  const site = $('site').value;
  const error = $('start-error');
  if (!site) {
    error.textContent = 'Choose the site you are taking the person to.';
    error.classList.remove('toc-hidden');
    $('site').focus();
    return;
  }
  error.classList.add('toc-hidden');
  const basis = document.querySelector('input[name="legalBasis"]:checked');
  const officers = Number($('officers').value);
  const reference = $('reference').value.trim();
  currentCase = {caseId: uuid(), siteCode: site, steps: []};
  $('case-state').textContent = 'Not known yet';
  const details = {siteCode: site};
  if (basis) {
    details.legalBasis = basis.value;
  }
  if (officers >= 1 && officers <= 20) {
    details.officerCount = officers;
  }
  if (reference) {
    details.localReference = reference;
  }
  record(type, details);
  $('case-heading').focus();
}

function nextSteps() {
  const steps = currentCase.steps;
  const has = (t) => steps.includes(t);
  const outcome = ['CANCELLED', 'DIVERTED', 'ABSCONDED', 'ENDED_WITHOUT_HANDOVER'].find(has);
  if (has('CLEARED') || has('CANCELLED') || (has('DIVERTED') && !has('ARRIVED'))) {
    return [];
  }
  if (outcome) {
    return ['CLEARED'];
  }
  if (!has('ARRIVED')) {
    return ['ARRIVED', 'CANCELLED', 'DIVERTED'];
  }
  return ['CLEARED', 'ABSCONDED', 'ENDED_WITHOUT_HANDOVER', 'DIVERTED'];
}

function stepButton(type) {
  return el('button', {
    class: 'govuk-button toc-step' + (type === 'ARRIVED' || type === 'CLEARED' ? '' : ' govuk-button--secondary'),
    type: 'button',
    'data-step': type,
    onclick: () => {
      if (type === 'DIVERTED') {
        const destination = $('divert-site').value;
        if (!destination || destination === currentCase.siteCode) {
          $('divert-error').textContent = 'Choose the other site the person is being taken to.';
          $('divert-error').classList.remove('toc-hidden');
          $('divert-site').focus();
          return;
        }
        record(type, {destinationSiteCode: destination});
      } else if (type === 'CANCELLED') {
        record(type, {reason: 'stood down before arrival'});
      } else {
        record(type);
      }
    },
  }, LABELS[type]);
}

function statusOf(item) {
  if (item.state === 'queued') {
    return STATUS_TEXT.queued;
  }
  return STATUS_TEXT[item.status] || item.status;
}

function render() {
  const jwt = validToken(APP);
  $('signin').classList.toggle('toc-hidden', !!jwt);
  $('app').classList.toggle('toc-hidden', !jwt);
  if (jwt) {
    const c = claims(jwt);
    $('user').textContent = 'Signed in as ' + c.sub + ' (' + c.role + ', division ' + c.org + ')';
  }
  const online = navigator.onLine;
  $('connection').textContent = online
    ? 'Online.'
    : 'Offline: steps are kept on this phone and sent in order when signal returns.';
  $('connection').classList.toggle('toc-connection--offline', !online);

  const waiting = queue.waiting();
  $('waiting-count').textContent = waiting.length === 0
    ? 'Nothing waiting to send.'
    : waiting.length + ' waiting to send';
  $('waiting-list').replaceChildren(...waiting.map((i) =>
    el('li', {class: 'toc-queue-item'}, LABELS[i.type] || i.type, ' — tapped ', london(new Date(i.tappedAtMs).toISOString()),
      i.detail ? el('div', {class: 'govuk-body-s'}, i.detail) : null)));
  $('sign-in-again').classList.toggle('toc-hidden', !queue.needsSignIn);

  $('start').classList.toggle('toc-hidden', !!currentCase);
  $('case').classList.toggle('toc-hidden', !currentCase);
  if (!currentCase) {
    return;
  }
  const site = sites.find((s) => s.code === currentCase.siteCode);
  $('case-site').textContent = site ? site.name : currentCase.siteCode;
  $('case-id').textContent = currentCase.caseId;
  $('case-link').setAttribute('href', '/cases/' + currentCase.caseId);
  const steps = nextSteps();
  $('steps').replaceChildren(...steps.map(stepButton));
  $('divert').classList.toggle('toc-hidden', !steps.includes('DIVERTED'));
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
}

const STATE_TEXT = {
  PRE_ALERTED: 'Pre-alerted',
  ARRIVED: 'Arrived, waiting for the ED',
  ACKNOWLEDGED: 'ED has acknowledged',
  HANDOVER_STARTED: 'Handover under way',
  HANDED_OVER: 'Handed over to the ED',
  CLEARED: 'Cleared',
};

/** What the platform has applied for the current case (the ED's acknowledgement and handover show up here). */
async function refreshCaseState() {
  if (!currentCase || !navigator.onLine || !validToken(APP)) {
    return;
  }
  try {
    const c = (await api(APP, 'GET', '/api/v1/handovers/' + currentCase.caseId)).body;
    let text = STATE_TEXT[c.state] || c.state;
    if (c.points && c.points.arrivedAt && !c.points.handedOverAt && c.open) {
      text += ' (' + duration((Date.now() - Date.parse(c.points.arrivedAt)) / 1000) + ' since arrival)';
    }
    $('case-state').textContent = text;
  } catch (e) {
    // Not readable yet (404 while nothing was accepted) or offline: keep what is shown.
  }
}

function init() {
  registerServiceWorker();
  signIn(APP, $('signin'), DEMO_USERS, () => render());
  $('sign-out').addEventListener('click', () => {
    setToken(APP, null);
    render();
  });
  $('sign-in-again').addEventListener('click', () => {
    setToken(APP, null);
    render();
  });
  $('start-prealert').addEventListener('click', () => startCase('PRE_ALERTED'));
  $('start-arrived').addEventListener('click', () => startCase('ARRIVED'));
  $('new-case').addEventListener('click', () => {
    currentCase = null;
    saveCase();
    render();
    $('site').focus();
  });
  window.addEventListener('online', render);
  window.addEventListener('offline', render);
  loadSites().then(() => {
    const divert = $('divert-site');
    divert.replaceChildren(el('option', {value: ''}, 'Choose a site'),
      ...sites.map((s) => el('option', {value: s.code}, s.name + ' (' + s.code + ')')));
  });
  setInterval(render, 15000);
  setInterval(refreshCaseState, 5000);
  render();
}

init();
// Exposed for the page's own diagnostics (and the browser tests): how long the current case has been open.
window.tocOfficer = {queue, duration, currentCase: () => currentCase, api: (m, p, b) => api(APP, m, p, b)};
