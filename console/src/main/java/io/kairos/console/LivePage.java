package io.kairos.console;

import io.kairos.events.Channel;
import io.kairos.events.DecisionOutcome;
import io.kairos.events.Trigger;

/**
 * Live decisions: the page polls {@code /api/decisions} every 250 ms for the decisions read since
 * its last poll (short polling rather than SSE: a plain GET survives proxies and reconnects on its
 * own, and 250 ms keeps a new decision on screen well within a second of the job writing it).
 * Each row keeps when the job wrote the decision ({@code data-written-at}, the Kafka timestamp)
 * and when the page showed it ({@code data-shown-at}), so the delay can be read off the page.
 */
final class LivePage {
    static final int POLL_MILLIS = 250;

    private LivePage() {}

    static String render() {
        StringBuilder body = new StringBuilder();
        body.append("<form id=\"filters\" class=\"card\">")
                .append(select("trigger", Trigger.class))
                .append(select("outcome", DecisionOutcome.class))
                .append(select("channel", Channel.class))
                .append(" <span id=\"status\" class=\"muted\">connecting ...</span></form>")
                .append("<div class=\"cards\"><section class=\"card\"><h2>Per minute</h2><table id=\"per-minute\">")
                .append("<thead><tr><th>minute (UTC)</th><th class=\"num\">decisions</th><th class=\"num\">sent</th>")
                .append("<th class=\"num\">suppressed</th><th></th></tr></thead><tbody></tbody></table></section>")
                .append("<section class=\"card\" style=\"flex:1\"><h2>Decisions as they are made</h2>")
                .append("<table id=\"live\"><thead><tr><th>written</th><th>customer</th><th>trigger</th><th>outcome</th>")
                .append("<th>suppressed by</th><th>offer</th><th>channel</th><th>segment</th></tr></thead>")
                .append("<tbody></tbody></table></section></div>")
                .append("<script>").append(SCRIPT.replace("POLL_MILLIS", Integer.toString(POLL_MILLIS))).append("</script>");
        return Html.page("Live decisions", "Live decisions", body.toString());
    }

    private static <E extends Enum<E>> String select(String name, Class<E> values) {
        StringBuilder s = new StringBuilder("<label>").append(name).append(" <select name=\"").append(name)
                .append("\"><option value=\"\">all</option>");
        for (E e : values.getEnumConstants()) {
            s.append("<option>").append(e.name()).append("</option>");
        }
        return s.append("</select></label> ").toString();
    }

    // Plain DOM code: every value goes in through textContent, never as markup.
    private static final String SCRIPT = """
            (function () {
              const form = document.getElementById('filters');
              const rows = document.querySelector('#live tbody');
              const minutes = document.querySelector('#per-minute tbody');
              const status = document.getElementById('status');
              let after = 0;
              let generation = 0; // a filter change starts over; a poll begun before it is dropped
              function cell(tr, text, cls) {
                const td = document.createElement('td');
                td.textContent = text == null ? '' : text;
                if (cls) td.className = cls;
                tr.appendChild(td);
                return td;
              }
              function time(ms) { return new Date(ms).toISOString().substring(11, 23); }
              function show(d, now) {
                const tr = document.createElement('tr');
                tr.className = 'decision';
                tr.dataset.decisionId = d.decisionId;
                tr.dataset.seq = d.seq;
                tr.dataset.writtenAt = d.writtenAt;
                tr.dataset.shownAt = now;
                cell(tr, time(d.writtenAt));
                const who = cell(tr, '');
                const a = document.createElement('a');
                a.href = '/customer/' + encodeURIComponent(d.customerId);
                a.className = 'cid';
                a.textContent = d.customerId;
                who.appendChild(a);
                cell(tr, d.trigger);
                const outcome = cell(tr, '');
                const tag = document.createElement('span');
                tag.className = 'tag ' + d.outcome;
                tag.textContent = d.outcome;
                outcome.appendChild(tag);
                cell(tr, d.suppressedBy); cell(tr, d.offerId); cell(tr, d.channel); cell(tr, d.segment);
                rows.insertBefore(tr, rows.firstChild);
              }
              function perMinute(list) {
                minutes.textContent = '';
                const max = Math.max(1, ...list.map(m => m.total));
                list.slice(-10).reverse().forEach(m => {
                  const tr = document.createElement('tr');
                  cell(tr, new Date(m.minute).toISOString().substring(11, 16));
                  cell(tr, m.total, 'num'); cell(tr, m.sent, 'num'); cell(tr, m.suppressed, 'num');
                  const bar = document.createElement('div');
                  bar.style.cssText = 'height:10px;background:#4f86b8;width:' + Math.round(120 * m.total / max) + 'px';
                  cell(tr, '').appendChild(bar);
                  minutes.appendChild(tr);
                });
              }
              async function poll() {
                try {
                  const mine = generation;
                  const q = new URLSearchParams(new FormData(form));
                  q.set('after', after);
                  const reply = await (await fetch('/api/decisions?' + q)).json();
                  if (mine !== generation) return;
                  const now = Date.now();
                  reply.decisions.forEach(d => show(d, now));
                  while (rows.children.length > 200) rows.removeChild(rows.lastChild);
                  after = reply.last;
                  perMinute(reply.perMinute);
                  status.textContent = 'live: ' + reply.last + ' decisions read, updated ' + time(now);
                } catch (e) {
                  status.textContent = 'reconnecting ... (' + e + ')';
                } finally {
                  setTimeout(poll, POLL_MILLIS);
                }
              }
              form.addEventListener('change', () => { generation++; after = 0; rows.textContent = ''; });
              form.addEventListener('submit', e => e.preventDefault());
              poll();
            })();
            """;
}
