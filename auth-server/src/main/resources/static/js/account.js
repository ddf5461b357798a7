// The account page: keys and, for security admins, people. Talks to the JSON endpoints.
(function () {
  'use strict';
  const message = document.getElementById('message');
  document.getElementById('add-key').addEventListener('click',
    () => Keygate.addKey(document.getElementById('label').value, 'message'));
  document.querySelectorAll('button.remove').forEach(button => button.addEventListener('click', async () => {
    const match = (document.cookie.match(/(?:^|; )__Host-KEYGATE_AUTH_XSRF=([^;]*)/) || document.cookie.match(/(?:^|; )KEYGATE_AUTH_XSRF=([^;]*)/));
    const response = await fetch('/account/keys/' + encodeURIComponent(button.dataset.id), { method: 'DELETE',
      headers: match ? { 'X-XSRF-TOKEN': decodeURIComponent(match[1]) } : {}, credentials: 'same-origin' });
    if (response.ok) { window.location.reload(); return; }
    // A refusal is an RFC 9457 problem document: 'detail' is the sentence for the person.
    let problem = {};
    try { problem = await response.json(); } catch (e) { problem = {}; }
    message.textContent = problem.detail || 'The request failed (' + response.status + ').';
  }));
  const admin = document.getElementById('admin');
  if (admin) {
    document.getElementById('invite').addEventListener('click', async () => {
      try {
        const result = await Keygate.post('/admin/invitations', {
          displayName: document.getElementById('invite-name').value, email: document.getElementById('invite-email').value,
          organisation: document.getElementById('invite-org').value, roles: [document.getElementById('invite-role').value] });
        document.getElementById('invite-link').textContent = result.link + ' (valid until ' + result.expiresAt + ')';
        loadUsers();
      } catch (e) { message.textContent = e.message; }
    });
    async function act(subject, action) {
      try {
        const result = await Keygate.post('/admin/users/' + encodeURIComponent(subject) + '/' + action, {});
        if (result.link) { document.getElementById('invite-link').textContent = result.link; }
        loadUsers();
      } catch (e) { message.textContent = e.message; }
    }
    async function loadUsers() {
      const users = await (await fetch('/admin/users', { headers: { 'Accept': 'application/json' } })).json();
      const table = document.getElementById('users');
      table.textContent = '';
      users.forEach(u => {
        const row = table.insertRow();
        [u.subject, u.organisation, u.roles.join(', '), u.status, u.keys + ' key(s)'].forEach(text => { row.insertCell().textContent = text; });
        const cell = row.insertCell();
        [['disable', 'Disable'], ['revoke-keys', 'Revoke keys'], ['reinvite', 'Re-invite']].forEach(([action, label]) => {
          const button = document.createElement('button');
          button.type = 'button'; button.textContent = label;
          button.addEventListener('click', () => act(u.subject, action));
          cell.appendChild(button);
        });
      });
    }
    loadUsers();
  }
})();
