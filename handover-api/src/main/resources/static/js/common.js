// Shared by the pages: tokens, API calls with problem details, time formatting in Europe/London.

const TOKEN_PREFIX = 'toc.token.';

export function token(app) {
  return localStorage.getItem(TOKEN_PREFIX + app);
}

export function setToken(app, value) {
  if (value) {
    localStorage.setItem(TOKEN_PREFIX + app, value);
  } else {
    localStorage.removeItem(TOKEN_PREFIX + app);
  }
}

/** The claims of a JWT (not verified here: the server verifies every call). */
export function claims(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload));
  } catch (e) {
    return null;
  }
}

/** A token still valid for at least a minute, or null. */
export function validToken(app) {
  const jwt = token(app);
  const c = jwt && claims(jwt);
  if (!c || !c.exp || c.exp * 1000 < Date.now() + 60000) {
    return null;
  }
  return jwt;
}

/** Asks the local profile's /dev/tokens for a token; null when the server does not offer it. */
export async function devToken(subject, role, org) {
  const response = await fetch('/dev/tokens', {
    method: 'POST',
    headers: {'Content-Type': 'application/json', Accept: 'application/json'},
    body: JSON.stringify({subject, role, org}),
  });
  if (!response.ok) {
    return null;
  }
  return (await response.json()).token;
}

export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super((problem && problem.detail) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** Calls the API with the app's token; throws ApiError for HTTP errors and TypeError when offline. */
export async function api(app, method, path, body) {
  const headers = {Accept: 'application/json'};
  const jwt = token(app);
  if (jwt) {
    headers.Authorization = 'Bearer ' + jwt;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  // A phone with one bar of signal can hang a request for minutes: give up after 20 s and let the caller retry.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 20000);
  let response;
  let text;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal: controller.signal,
    });
    text = await response.text();
  } finally {
    clearTimeout(timer);
  }
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch (e) {
    parsed = null;
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('Retry-After')) || null;
    throw new ApiError(response.status, parsed, retryAfter);
  }
  return {status: response.status, body: parsed, location: response.headers.get('Location')};
}

/** One line for a problem: the detail and each field's rule. */
export function describeProblem(error) {
  if (!(error instanceof ApiError)) {
    return 'Could not reach the server.';
  }
  const p = error.problem;
  if (!p) {
    return 'HTTP ' + error.status;
  }
  const rules = (p.errors || []).map((e) => e.field + ' (' + e.rule + ')').join(', ');
  return p.detail + (rules ? ' [' + rules + ']' : '');
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
});

/** An ISO instant shown in Europe/London, e.g. "25 Nov, 03:12:04". */
export function london(iso) {
  return iso ? LONDON.format(new Date(iso)) : '—';
}

export function londonTime(iso) {
  return iso ? LONDON_TIME.format(new Date(iso)) : '—';
}

/** "1 h 05 min" / "17 min" / "45 s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '—';
  }
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) {
    return s + ' s';
  }
  const minutes = Math.floor(s / 60);
  if (minutes < 60) {
    return minutes + ' min';
  }
  return Math.floor(minutes / 60) + ' h ' + String(minutes % 60).padStart(2, '0') + ' min';
}

export function uuid() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/** Fills the sign-in panel: demo users (local profile) or a pasted token. Calls onSignedIn(token). */
export function signIn(app, container, demoUsers, onSignedIn) {
  const heading = container.querySelector('h1');
  container.replaceChildren(...(heading ? [heading] : []));
  const select = el('select', {class: 'govuk-select', id: app + '-demo-user', name: 'demo-user'},
    demoUsers.map((u, i) => el('option', {value: String(i)}, u.subject + ' — ' + u.role + ' of ' + u.org)));
  const error = el('p', {class: 'govuk-error-message toc-hidden', id: app + '-signin-error', role: 'alert'});
  const button = el('button', {class: 'govuk-button', type: 'submit', id: app + '-signin'}, 'Sign in as demo user');
  const form = el('form', {novalidate: true},
    el('div', {class: 'govuk-form-group'},
      el('label', {class: 'govuk-label', for: app + '-demo-user'}, 'Demo user (local run only)'),
      error,
      select),
    button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = demoUsers[Number(select.value)];
    const jwt = await devToken(user.subject, user.role, user.org).catch(() => null);
    if (!jwt) {
      error.textContent = 'This server does not offer demo tokens: paste a token below.';
      error.classList.remove('toc-hidden');
      return;
    }
    setToken(app, jwt);
    onSignedIn(jwt);
  });
  const pasted = el('textarea', {class: 'govuk-textarea', id: app + '-token', rows: '3', name: 'token'});
  const pasteForm = el('form', {novalidate: true},
    el('details', {class: 'govuk-details'},
      el('summary', {class: 'govuk-details__summary'},
        el('span', {class: 'govuk-details__summary-text'}, 'Use a token from your identity provider')),
      el('div', {class: 'govuk-details__text'},
        el('label', {class: 'govuk-label', for: app + '-token'}, 'Bearer token'),
        pasted,
        el('button', {class: 'govuk-button govuk-button--secondary', type: 'submit'}, 'Use this token'))));
  pasteForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (pasted.value.trim()) {
      setToken(app, pasted.value.trim());
      onSignedIn(pasted.value.trim());
    }
  });
  container.append(form, pasteForm);
}

export function registerServiceWorker() {
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // The page works without it; it only adds opening while offline.
    });
  }
}
