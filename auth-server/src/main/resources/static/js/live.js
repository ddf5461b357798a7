// The live view: polls the JSON endpoint and redraws; text only (textContent), never HTML from data.
(function () {
  const root = document.getElementById('live');
  const staff = root.dataset.staff === 'true';
  const poll = Number(root.dataset.poll) || 3000;
  const url = staff ? '/api/v1/live' : '/api/v1/live/mine';

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : '';
  }

  function left(seconds) {
    const m = Math.floor(seconds / 60);
    return m + ' min ' + (seconds % 60) + ' s';
  }

  function link(td, href, text) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    td.appendChild(a);
    td.appendChild(document.createTextNode(' '));
  }

  async function terminate(session) {
    if (!confirm('End the session of ' + session.subject + ' on ' + session.targetId + ' (gateway ' + session.gateway
        + ')? The grant stays; they can sign in again.')) {
      return;
    }
    const notice = document.getElementById('live-notice');
    try {
      const result = await Keygate.post('/api/v1/live/sessions/' + encodeURIComponent(session.gateway) + '/'
          + encodeURIComponent(session.id) + '/terminate');
      notice.textContent = result.message;
      notice.hidden = false;
    } catch (e) {
      notice.textContent = 'Refused: ' + e.message;
      notice.hidden = false;
    }
    refresh();
  }

  function drawGateways(gateways) {
    const body = document.querySelector('#gateways tbody');
    body.replaceChildren();
    gateways.forEach(g => {
      const row = document.createElement('tr');
      row.dataset.gateway = g.id;
      cell(row, g.id);
      cell(row, g.version);
      cell(row, time(g.startedAt));
      cell(row, time(g.lastHeartbeat));
      const state = cell(row, g.silent ? 'not heartbeating' : 'live');
      if (g.silent) {
        row.className = 'suspended';
        state.className = 'badge danger';
      }
      body.appendChild(row);
    });
  }

  function drawSessions(sessions) {
    const body = document.querySelector('#sessions tbody');
    body.replaceChildren();
    const warnings = [];
    sessions.forEach(s => {
      const row = document.createElement('tr');
      row.dataset.session = s.id;
      row.dataset.gateway = s.gateway;
      if (staff) {
        cell(row, s.subject);
        cell(row, s.organisation);
      }
      cell(row, s.targetId);
      cell(row, s.gateway + (s.gatewaySilent ? ' (not heartbeating: as last reported)' : ''));
      if (staff) {
        cell(row, s.clientAddress);
      }
      cell(row, time(s.started));
      cell(row, time(s.lastRequest));
      cell(row, String(s.requests));
      if (staff) {
        cell(row, String(s.bytes));
        cell(row, String(s.openWebSockets));
      }
      cell(row, left(s.secondsLeft));
      if (s.warningMinutes !== null && s.warningMinutes !== undefined) {
        row.className = 'suspended';
        warnings.push('Your access to ' + s.targetId + ' ends in ' + left(s.secondsLeft)
            + ' (less than ' + s.warningMinutes + ' minutes). Save your work.');
      }
      if (staff) {
        const actions = cell(row, '');
        actions.className = 'actions';
        const button = document.createElement('button');
        button.className = 'danger';
        button.textContent = 'Terminate';
        button.dataset.terminate = s.id;
        button.disabled = s.gatewaySilent;
        button.addEventListener('click', () => terminate(s));
        actions.appendChild(button);
        actions.appendChild(document.createTextNode(' '));
        link(actions, '/access/approver', 'Revoke grant…');
        link(actions, '/access/organisations', 'Suspend ' + s.organisation + '…');
      }
      body.appendChild(row);
    });
    document.getElementById('none').hidden = sessions.length > 0;
    const banner = document.getElementById('warnings');
    banner.textContent = warnings.join(' ');
    banner.className = warnings.length ? 'warning' : '';
  }

  async function refresh() {
    const error = document.getElementById('live-error');
    try {
      const response = await fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' });
      const body = await response.json();
      if (!response.ok) {
        throw new Error(body.detail || body.title || response.status);
      }
      if (staff) {
        drawGateways(body.gateways);
      }
      drawSessions(body.sessions);
      error.hidden = true;
      document.getElementById('updated').textContent = 'Updated ' + time(body.now) + '.';
    } catch (e) {
      error.textContent = 'Could not refresh: ' + e.message;
      error.hidden = false;
    }
  }

  refresh();
  setInterval(refresh, poll);
})();
