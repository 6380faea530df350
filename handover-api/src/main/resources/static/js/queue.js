// The officer app's submissions, kept on the device (localStorage) so nothing is lost without signal.
// Every submission keeps the eventId and occurredAt captured when the officer tapped; it is sent in order, one at
// a time, and a submission that cannot be sent now (offline, 503, 429, 5xx) holds back the later ones so a case's
// events reach the platform in the order they happened. Re-sending the same eventId is safe: the API answers the
// same and records nothing new.
import {api, ApiError} from './common.js';

const KEY = 'toc.queue.v1';
const KEEP_FINAL_MS = 24 * 3600 * 1000;

export class SubmissionQueue {
  constructor(app, onChange) {
    this.app = app;
    this.onChange = onChange;
    this.items = this.load();
    this.flushing = false;
    this.nextAttemptAt = 0;
    this.backoffMs = 1000;
    this.needsSignIn = false;
    window.addEventListener('online', () => {
      this.nextAttemptAt = 0;
      this.flush();
    });
    setInterval(() => this.flush(), 1000);
    setInterval(() => this.poll(), 2000);
  }

  load() {
    try {
      const items = JSON.parse(localStorage.getItem(KEY) || '[]');
      return items.filter((i) => i.state !== 'final' || Date.now() - i.tappedAtMs < KEEP_FINAL_MS);
    } catch (e) {
      return [];
    }
  }

  save() {
    localStorage.setItem(KEY, JSON.stringify(this.items));
    this.onChange(this);
  }

  /** Adds a submission (eventId and occurredAt already fixed at tap time) and tries to send at once. */
  add(caseId, body) {
    // Queued offline: no network at the tap, or it has to wait behind submissions that could not be sent.
    const held = !navigator.onLine || this.waiting().length > 0;
    this.items.push({
      caseId,
      body,
      eventId: body.eventId,
      type: body.type,
      tappedAtMs: Date.now(),
      state: 'queued',
      status: null,
      detail: null,
      attempts: 0,
      queuedOffline: held,
    });
    this.save();
    this.nextAttemptAt = 0;
    this.flush();
  }

  waiting() {
    return this.items.filter((i) => i.state === 'queued');
  }

  forCase(caseId) {
    return this.items.filter((i) => i.caseId === caseId);
  }

  async flush() {
    if (this.flushing || Date.now() < this.nextAttemptAt) {
      return;
    }
    this.flushing = true;
    try {
      for (const item of this.items) {
        if (item.state !== 'queued') {
          continue;
        }
        const sent = await this.send(item);
        if (!sent) {
          return;
        }
      }
      this.backoffMs = 1000;
    } finally {
      this.flushing = false;
    }
  }

  /** True when the item no longer blocks the queue. */
  async send(item) {
    item.attempts += 1;
    const body = {...item.body, source: {...item.body.source, queuedOffline: !!item.queuedOffline}};
    try {
      const response = await api(this.app, 'POST', '/api/v1/handovers/' + item.caseId + '/events', body);
      item.state = 'sent';
      item.status = (response.body && response.body.status) || 'PENDING';
      item.statusUrl = response.location;
      this.needsSignIn = false;
      this.save();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.needsSignIn = true;
        item.detail = 'Sign in again to send this.';
        this.retryLater(5000);
        return false;
      }
      if (error instanceof ApiError && [400, 403, 404, 409, 413, 415].includes(error.status)) {
        item.state = 'final';
        item.status = 'REFUSED';
        item.detail = describe(error);
        this.save();
        return true;
      }
      // Offline (TypeError), 429, 503 or any 5xx: keep it, and everything after it, for later.
      if (!(error instanceof ApiError)) {
        this.waiting().forEach((waiting) => {
          waiting.queuedOffline = true;
        });
      }
      item.detail = error instanceof ApiError ? describe(error) : 'No connection: kept on this device.';
      this.retryLater(error instanceof ApiError && error.retryAfter ? error.retryAfter * 1000 : null);
      return false;
    }
  }

  retryLater(afterMs) {
    const wait = afterMs || this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 30000);
    this.nextAttemptAt = Date.now() + wait;
    this.save();
  }

  /** Follows sent submissions until the processor's outcome is known. */
  async poll() {
    for (const item of this.items) {
      if (item.state !== 'sent' || !navigator.onLine) {
        continue;
      }
      try {
        const response = await api(this.app, 'GET', '/api/v1/handovers/' + item.caseId + '/events/' + item.eventId);
        const status = response.body.status;
        if (status !== item.status || status !== 'PENDING') {
          item.status = status;
          if (status !== 'PENDING') {
            item.state = 'final';
            item.detail = response.body.message || null;
          }
          this.save();
        }
      } catch (e) {
        // Try again on the next round.
      }
    }
  }
}

function describe(error) {
  const p = error.problem;
  if (!p) {
    return 'HTTP ' + error.status;
  }
  const rule = p.errors && p.errors[0] ? ' (' + p.errors[0].rule + ')' : '';
  return p.detail + rule;
}
