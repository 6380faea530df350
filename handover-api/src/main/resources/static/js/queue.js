// The officer app's submissions, kept on the device (localStorage) so nothing is lost without signal.
// Every submission keeps the eventId and occurredAt captured when the officer tapped; it is sent in order, one at
// a time, and a submission that cannot be sent now (offline, 503, 429, 5xx) holds back the later ones so a case's
// events reach the platform in the order they happened.
//
// The answer is the processor's verdict: 201 (recorded) and 200 (already recorded) and any other 4xx (refused, with
// the rule) are final; 202 (held until the case opens, or not judged yet) is durable but not final: the item no
// longer holds back the queue and is sent again now and then until a final answer comes. Re-sending the same eventId
// is safe: the processor answers it with the verdict it already gave, and records nothing new.
//
// The queue is the phone's, not the session's: signing out keeps it (nothing is sent while nobody is signed in) and
// the next sign-in sends it, but only under the officer who tapped: a step another officer recorded on a shared
// phone waits for them (and so do the later steps of its case, to keep its order). A refusal stays listed until the officer dismisses it (unseenRejections, dismiss), so a
// step sent long after the tap and then refused is never refused silently.
import {api, ApiError, claims, token} from './common.js';

const KEY = 'toc.queue.v1';
const KEEP_FINAL_MS = 24 * 3600 * 1000;

/** A final item is never sent again: the person key it carried has no reason to stay on the phone. */
function forgetPersonKey(item) {
  if (item.body) {
    delete item.body.personKey;
  }
}

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
      // A refusal the officer has not read yet stays however old it is.
      return items.filter((i) => i.state !== 'final' || Date.now() - i.tappedAtMs < KEEP_FINAL_MS
        || (i.status === 'REJECTED' && !i.seen));
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
      by: signedIn(this.app),
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

  /** Sends what waits now (after a sign-in): no back-off left over from the time nobody was signed in. */
  resume() {
    this.needsSignIn = false;
    this.nextAttemptAt = 0;
    this.backoffMs = 1000;
    this.flush();
    this.items.filter((i) => i.state === 'sent').forEach((i) => {
      i.nextPollAt = 0;
    });
    this.poll();
  }

  /** Final refusals the officer has not dismissed yet, oldest first. */
  unseenRejections() {
    return this.items.filter((i) => i.state === 'final' && i.status === 'REJECTED' && !i.seen);
  }

  /** The officer has read the refusal: it leaves the list of refusals (and stays in its case's history). */
  dismiss(eventId) {
    this.items.filter((i) => i.eventId === eventId).forEach((i) => {
      i.seen = true;
    });
    this.save();
  }

  async flush() {
    if (this.flushing || Date.now() < this.nextAttemptAt) {
      return;
    }
    if (!token(this.app)) {
      // Signed out: keep everything for the next sign-in.
      return;
    }
    this.flushing = true;
    try {
      const user = signedIn(this.app);
      const waitingForOthers = new Set();
      for (const item of this.items) {
        if (item.state !== 'queued') {
          continue;
        }
        if (waitingForOthers.has(item.caseId) || (item.by && item.by !== user)) {
          waitingForOthers.add(item.caseId);
          const detail = item.by && item.by !== user
            ? 'Waiting for ' + item.by + ' to sign in: it is sent in their name only.'
            : 'Waiting behind a step of this case another officer recorded.';
          if (item.detail !== detail) {
            item.detail = detail;
            this.save();
          }
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

  /** True when the item no longer blocks the queue (durably received, or finally refused). */
  async send(item) {
    item.attempts += 1;
    const body = {...item.body, source: {...item.body.source, queuedOffline: !!item.queuedOffline}};
    try {
      const response = await api(this.app, 'POST', '/api/v1/handovers/' + item.caseId + '/events', body);
      this.answered(item, response);
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
      if (isFinalRefusal(error)) {
        this.refused(item, error);
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

  /** A 2xx answer: 201 and 200 are final, 202 (HELD or PENDING) is received but not judged yet. */
  answered(item, response) {
    const body = response.body || {};
    item.status = body.status || (response.status === 201 ? 'APPLIED' : 'PENDING');
    item.statusUrl = response.location;
    item.linkedCaseId = body.linkedCaseId || item.linkedCaseId || null;
    if (response.status === 202) {
      item.state = 'sent';
      item.detail = body.status === 'HELD'
        ? 'Received; it will be recorded when the case is opened.'
        : 'Received; waiting for the result.';
    } else {
      item.state = 'final';
      item.detail = response.status === 200 ? (body.message || null) : null;
      forgetPersonKey(item);
    }
  }

  refused(item, error) {
    item.state = 'final';
    forgetPersonKey(item);
    item.status = 'REJECTED';
    item.rule = (error.problem && error.problem.rule) || (error.problem && error.problem.errors && error.problem.errors[0]
      ? error.problem.errors[0].rule : null);
    item.detail = describe(error);
  }

  /**
   * Follows received but not yet judged submissions (202) until their verdict is known, by sending them again: the
   * answer to a re-send is the verdict, from any instance of the API.
   */
  async poll() {
    if (this.polling || !navigator.onLine || !token(this.app)) {
      return;
    }
    this.polling = true;
    try {
      for (const item of this.items) {
        if (item.state !== 'sent' || Date.now() < (item.nextPollAt || 0)
          || (item.by && item.by !== signedIn(this.app))) {
          continue;
        }
        item.polls = (item.polls || 0) + 1;
        item.nextPollAt = Date.now() + Math.min(60000, 2000 * item.polls);
        try {
          const body = {...item.body, source: {...item.body.source, queuedOffline: !!item.queuedOffline}};
          this.answered(item, await api(this.app, 'POST', '/api/v1/handovers/' + item.caseId + '/events', body));
        } catch (error) {
          if (isFinalRefusal(error)) {
            this.refused(item, error);
          }
          // Otherwise (offline, 429, 5xx, 401): it stays received; try again on a later round.
        }
        this.save();
      }
    } finally {
      this.polling = false;
    }
  }
}

/** The user id of whoever is signed in to the app, or null. */
function signedIn(app) {
  const jwt = token(app);
  const c = jwt && claims(jwt);
  return c ? c.sub : null;
}

/** A refusal no re-send can change: every 4xx but 401 (sign in), 408 (timeout) and 429 (too many). */
function isFinalRefusal(error) {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);
}

function describe(error) {
  const p = error.problem;
  if (!p) {
    return 'HTTP ' + error.status;
  }
  const rule = p.rule || (p.errors && p.errors[0] ? p.errors[0].rule : null);
  // The processor's messages start with their rule ("INVALID_TRANSITION: ..."): say it once.
  return !rule || String(p.detail).startsWith(rule) ? p.detail : p.detail + ' (' + rule + ')';
}
