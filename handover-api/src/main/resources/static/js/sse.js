// Server-sent events over fetch(), so the bearer token travels in the Authorization header (EventSource cannot
// send headers, and a token in the URL would end up in logs). Reconnects with Last-Event-ID and a growing pause.
export class EventStream {
  constructor(url, tokenFn, handlers) {
    this.url = url;
    this.tokenFn = tokenFn;
    this.handlers = handlers;
    this.lastEventId = null;
    this.stopped = false;
    this.delay = 1000;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.controller) {
      this.controller.abort();
    }
  }

  async connect() {
    while (!this.stopped) {
      this.controller = new AbortController();
      try {
        const headers = {Accept: 'text/event-stream', Authorization: 'Bearer ' + this.tokenFn()};
        if (this.lastEventId) {
          headers['Last-Event-ID'] = this.lastEventId;
        }
        const response = await fetch(this.url, {headers, signal: this.controller.signal, cache: 'no-store'});
        if (!response.ok) {
          this.handlers.error && this.handlers.error(response.status);
          if (response.status === 401 || response.status === 403) {
            return;
          }
          throw new Error('HTTP ' + response.status);
        }
        this.handlers.open && this.handlers.open();
        this.delay = 1000;
        await this.read(response.body.getReader());
      } catch (e) {
        if (this.stopped) {
          return;
        }
      }
      this.handlers.reconnecting && this.handlers.reconnecting();
      await new Promise((resolve) => setTimeout(resolve, this.delay));
      this.delay = Math.min(this.delay * 2, 15000);
    }
  }

  async read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    let event = {name: 'message', data: [], id: null};
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, {stream: true});
      let newline;
      while ((newline = buffer.search(/\r?\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
        if (line === '') {
          if (event.data.length > 0) {
            if (event.id !== null) {
              this.lastEventId = event.id;
            }
            const handler = this.handlers[event.name];
            if (handler) {
              handler(JSON.parse(event.data.join('\n')));
            }
          }
          event = {name: 'message', data: [], id: null};
          continue;
        }
        if (line.startsWith(':')) {
          this.handlers.heartbeat && this.handlers.heartbeat();
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const valueText = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          event.name = valueText;
        } else if (field === 'data') {
          event.data.push(valueText);
        } else if (field === 'id') {
          event.id = valueText;
        }
      }
    }
  }
}
