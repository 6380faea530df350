package uk.transferofcare.stack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dev inbox page. Server-rendered HTML that reads without JavaScript; a small script refreshes it every few
 * seconds when something new arrived (with a button to pause that), announcing the counts politely to screen readers
 * instead of re-reading the page.
 */
final class InboxPage {

    private static final DateTimeFormatter READABLE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private InboxPage() {}

    static String render(
            List<ReceivedMail> mail,
            List<ReceivedWebhook> webhooks,
            Optional<DevInbox.FailureMode> failure,
            Optional<DevInbox.SlowMode> slow,
            String version) {
        StringBuilder html = new StringBuilder(16 * 1024);
        html.append("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Dev inbox – transfer of care, local stack</title>
                <noscript><meta http-equiv="refresh" content="15"></noscript>
                <style>
                  :root { color-scheme: light dark; --fg: #0b0c0c; --bg: #fff; --muted: #505a5f; --line: #b1b4b6;
                          --accent: #1d70b8; --warn-bg: #fff4d6; --warn-fg: #5c3c00; }
                  @media (prefers-color-scheme: dark) {
                    :root { --fg: #f3f2f1; --bg: #161819; --muted: #c5c9cc; --line: #505a5f; --accent: #8fc3ff;
                            --warn-bg: #3d2f00; --warn-fg: #ffe8a3; }
                  }
                  body { font: 1rem/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg);
                         margin: 0 auto; max-width: 60rem; padding: 1rem; }
                  a { color: var(--accent); }
                  a:focus, button:focus, summary:focus, pre:focus { outline: 3px solid #fd0; outline-offset: 2px; }
                  .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: var(--bg); }
                  header p { margin: .25rem 0; color: var(--muted); }
                  button { font: inherit; padding: .3rem .8rem; cursor: pointer; }
                  .toolbar { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; margin: .75rem 0; }
                  .toolbar form { margin: 0; }
                  .banner { background: var(--warn-bg); color: var(--warn-fg); border-left: 6px solid #f47738;
                            padding: .5rem 1rem; margin: 1rem 0; }
                  ol.items { list-style: none; padding: 0; margin: 0; }
                  ol.items > li { border-top: 1px solid var(--line); padding: .75rem 0; }
                  h2 { margin-top: 2rem; } h3 { margin: 0 0 .25rem; font-size: 1.1rem; overflow-wrap: anywhere; }
                  dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .25rem 0; }
                  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
                  pre { background: rgba(127,127,127,.12); padding: .5rem; overflow: auto; max-height: 24rem;
                        white-space: pre-wrap; overflow-wrap: anywhere; }
                  .status-error { color: #d4351c; font-weight: 600; }
                  @media (prefers-color-scheme: dark) { .status-error { color: #ff8f7e; } }
                </style>
                </head>
                <body>
                <a class="skip" href="#content">Skip to the messages</a>
                <header>
                <h1>Dev inbox</h1>
                <p>Emails and webhooks the local notification service sent. Nothing here leaves this machine.</p>
                <div class="toolbar">
                  <button type="button" id="pause" aria-pressed="false" hidden>Pause auto-refresh</button>
                  <form method="post" action="/api/clear"><button type="submit">Clear the inbox</button></form>
                  <span id="status" role="status" aria-live="polite"></span>
                </div>
                </header>
                """);
        html.append("<main id=\"content\" tabindex=\"-1\" data-version=\"")
                .append(escape(version))
                .append("\">\n");
        html.append("<nav aria-label=\"Sections\"><a href=\"#mail\">Emails (")
                .append(mail.size())
                .append(")</a> · <a href=\"#webhooks\">Webhooks (")
                .append(webhooks.size())
                .append(")</a></nav>\n");
        failure.ifPresent(mode -> html.append("<p class=\"banner\">Failure switch on: webhooks are answered with HTTP ")
                .append(mode.status())
                .append(" until ")
                .append(time(mode.until().toString()))
                .append(". End it early with <code>DELETE /api/webhooks/failure</code>.</p>\n"));
        slow.ifPresent(mode -> html.append("<p class=\"banner\">Slow switch on: the webhook sink answers each webhook ")
                .append(mode.delay().toMillis())
                .append(" ms after receiving it")
                .append(mode.concurrent() == 0 ? "" : ", at most " + mode.concurrent() + " at once,")
                .append(" until ")
                .append(time(mode.until().toString()))
                .append(". End it early with <code>DELETE /api/webhooks/slow</code>.</p>\n"));

        html.append("<section aria-labelledby=\"mail\">\n<h2 id=\"mail\">Emails (")
                .append(mail.size())
                .append(")</h2>\n");
        if (mail.isEmpty()) {
            html.append("<p>No emails yet.</p>\n");
        } else {
            html.append("<ol class=\"items\">\n");
            mail.forEach(m -> renderMail(html, m));
            html.append("</ol>\n");
        }
        html.append("</section>\n");

        html.append("<section aria-labelledby=\"webhooks\">\n<h2 id=\"webhooks\">Webhooks (")
                .append(webhooks.size())
                .append(")</h2>\n");
        if (webhooks.isEmpty()) {
            html.append("<p>No webhooks yet.</p>\n");
        } else {
            html.append("<ol class=\"items\">\n");
            webhooks.forEach(w -> renderWebhook(html, w));
            html.append("</ol>\n");
        }
        html.append("</section>\n</main>\n");
        html.append(SCRIPT);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void renderMail(StringBuilder html, ReceivedMail m) {
        html.append("<li><article aria-labelledby=\"mail-")
                .append(m.id())
                .append("\">\n<h3 id=\"mail-")
                .append(m.id())
                .append("\">")
                .append(escape(m.subject().isBlank() ? "(no subject)" : m.subject()))
                .append("</h3>\n<dl>\n");
        term(html, "From", m.from());
        term(html, "To", String.join(", ", m.to().isEmpty() ? m.envelopeRecipients() : m.to()));
        if (!m.cc().isEmpty()) {
            term(html, "Cc", String.join(", ", m.cc()));
        }
        html.append("<dt>Received</dt><dd>").append(time(m.receivedAt())).append("</dd>\n");
        html.append("</dl>\n");
        String body = m.text().isBlank() ? m.html() : m.text();
        html.append("<pre tabindex=\"0\" aria-label=\"Body of the email ")
                .append(escape(m.subject()))
                .append("\">")
                .append(escape(body.isBlank() ? "(empty body)" : body))
                .append("</pre>\n</article></li>\n");
    }

    private static void renderWebhook(StringBuilder html, ReceivedWebhook w) {
        html.append("<li><article aria-labelledby=\"hook-")
                .append(w.id())
                .append("\">\n<h3 id=\"hook-")
                .append(w.id())
                .append("\">")
                .append(escape(w.method() + " " + w.path() + (w.query().isEmpty() ? "" : "?" + w.query())))
                .append("</h3>\n<dl>\n");
        html.append("<dt>Received</dt><dd>").append(time(w.receivedAt())).append("</dd>\n");
        html.append("<dt>Answered</dt><dd")
                .append(w.answeredStatus() == 200 ? ">" : " class=\"status-error\">")
                .append(w.answeredStatus())
                .append(w.answeredStatus() == 200 ? " OK" : " (failure switch)")
                .append("</dd>\n");
        Map<String, List<String>> delivery = w.deliveryHeaders();
        if (delivery.isEmpty()) {
            term(html, "Signature", "(no signature or idempotency header)");
        }
        delivery.forEach((name, values) -> term(html, name, String.join(", ", values)));
        html.append("</dl>\n");
        String body = w.json() != null ? PRETTY.writeValueAsString(w.json()) : w.body();
        html.append("<pre tabindex=\"0\" aria-label=\"Body of webhook ")
                .append(w.id())
                .append("\">")
                .append(escape(body.isBlank() ? "(empty body)" : body))
                .append("</pre>\n");
        html.append("<details id=\"hook-")
                .append(w.id())
                .append("-headers\"><summary>All ")
                .append(w.headers().size())
                .append(" headers</summary>\n<dl>\n");
        w.headers().forEach((name, values) -> term(html, name, String.join(", ", values)));
        html.append("</dl>\n</details>\n</article></li>\n");
    }

    private static void term(StringBuilder html, String name, String value) {
        html.append("<dt>")
                .append(escape(name))
                .append("</dt><dd>")
                .append(escape(value))
                .append("</dd>\n");
    }

    private static String time(String instant) {
        return "<time datetime=\"" + escape(instant) + "\">" + escape(readable(instant)) + "</time>";
    }

    /** {@code 2026-11-25T20:58:30.139116946Z} as {@code 2026-11-25 20:58:30 UTC}. */
    static String readable(String instant) {
        try {
            return READABLE.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Polls {@code /api/version} every 3 s; when it changed, fetches the page and swaps the main content, keeping
     * open details open. Skips the swap while focus is inside the content, so keyboard users do not lose their place.
     */
    private static final String SCRIPT = """
            <script>
            (() => {
              const pause = document.getElementById('pause');
              const status = document.getElementById('status');
              let paused = false;
              pause.hidden = false;
              pause.addEventListener('click', () => {
                paused = !paused;
                pause.setAttribute('aria-pressed', String(paused));
                pause.textContent = paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
                status.textContent = paused ? 'Auto-refresh paused.' : 'Auto-refresh on.';
              });
              async function refresh() {
                if (paused) return;
                const current = document.getElementById('content');
                try {
                  const v = await (await fetch('/api/version', { cache: 'no-store' })).json();
                  if (v.version === current.dataset.version) return;
                  if (current.contains(document.activeElement) && document.activeElement !== current) {
                    status.textContent = 'New messages: move focus out of the list, or reload, to see them.';
                    return;
                  }
                  const page = new DOMParser().parseFromString(await (await fetch('/', { cache: 'no-store' })).text(), 'text/html');
                  const fresh = page.getElementById('content');
                  const open = [...current.querySelectorAll('details[open]')].map(d => d.id);
                  current.replaceWith(fresh);
                  open.forEach(id => { const d = document.getElementById(id); if (d) d.open = true; });
                  const counts = [...fresh.querySelectorAll('nav a')].map(a => a.textContent).join(', ');
                  status.textContent = 'Updated ' + new Date().toLocaleTimeString() + ': ' + counts + '.';
                } catch (e) {
                  status.textContent = 'The dev inbox is not answering (is the local stack still running?).';
                }
              }
              setInterval(refresh, 3000);
            })();
            </script>
            """;
}
