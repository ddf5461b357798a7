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
    const linkShown = document.getElementById('invite-link');
    // A key-signed confirmation: the server's challenge (bound to that one action), the admin's key, the answer.
    async function keySigned(stepUpUrl, actionUrl) {
      const challenge = await Keygate.post(stepUpUrl);
      const credential = await navigator.credentials.get({ publicKey: Keygate.requestOptions(challenge.publicKey) });
      return Keygate.post(actionUrl, { challengeId: challenge.challengeId, credential: Keygate.assertionJson(credential) });
    }
    function showIssued(result) {
      linkShown.textContent = result.state === 'AWAITING_CONFIRMATION'
        ? result.link + ' (works only once a second security admin has confirmed it with their key)'
        : result.link ? result.link + ' (valid until ' + result.expiresAt + ')' : result.message;
    }
    document.getElementById('invite').addEventListener('click', async () => {
      try {
        const bootstrap = document.getElementById('invite-bootstrap');
        const result = await Keygate.post('/admin/invitations', {
          displayName: document.getElementById('invite-name').value, email: document.getElementById('invite-email').value,
          organisation: document.getElementById('invite-org').value, roles: [document.getElementById('invite-role').value],
          singleAdminBootstrap: bootstrap ? bootstrap.checked : false });
        showIssued(result);
        load();
      } catch (e) { message.textContent = e.message; }
    });
    async function act(subject, action) {
      try {
        const result = action === 'enable'
          ? await keySigned('/admin/users/' + encodeURIComponent(subject) + '/enable/step-up',
              '/admin/users/' + encodeURIComponent(subject) + '/enable')
          : await Keygate.post('/admin/users/' + encodeURIComponent(subject) + '/' + action, {});
        if (action === 'reinvite') { showIssued(result); }
        load();
      } catch (e) { message.textContent = e.message; }
    }
    function button(cell, label, onClick) {
      const b = document.createElement('button');
      b.type = 'button'; b.textContent = label;
      b.addEventListener('click', onClick);
      cell.appendChild(b);
    }
    async function loadAwaiting() {
      const awaiting = await (await fetch('/admin/invitations/awaiting-confirmation', { headers: { 'Accept': 'application/json' } })).json();
      const table = document.getElementById('awaiting');
      table.textContent = '';
      awaiting.forEach(i => {
        const row = table.insertRow();
        [i.email, i.organisation, i.roles.join(', '), i.reenrollment ? 're-enrollment' : 'new account', 'asked by ' + i.invitedBy]
          .forEach(text => { row.insertCell().textContent = text; });
        button(row.insertCell(), 'Confirm with security key', async () => {
          try {
            showIssued(await keySigned('/admin/invitations/' + i.invitationId + '/confirmation/step-up',
              '/admin/invitations/' + i.invitationId + '/confirmation'));
            load();
          } catch (e) { message.textContent = e.message; }
        });
      });
    }
    async function loadUsers() {
      const users = await (await fetch('/admin/users', { headers: { 'Accept': 'application/json' } })).json();
      const table = document.getElementById('users');
      table.textContent = '';
      users.forEach(u => {
        const row = table.insertRow();
        if (u.disabled) { row.className = 'disabled'; }
        [u.subject, u.organisation, u.roles.join(', ')].forEach(text => { row.insertCell().textContent = text; });
        const status = row.insertCell();
        const label = document.createElement('span');
        label.textContent = u.status;
        if (u.disabled) { label.className = 'disabled-person'; }
        status.appendChild(label);
        [u.keys + ' key(s)', (u.enrolledBy || []).join('; ')].forEach(text => { row.insertCell().textContent = text; });
        const cell = row.insertCell();
        const actions = u.disabled ? [['enable', 'Enable (security key)']]
          : [['disable', 'Disable'], ['revoke-keys', 'Revoke keys'], ['reinvite', 'Re-enroll']];
        actions.forEach(([action, text]) => button(cell, text, () => act(u.subject, action)));
      });
    }
    function load() { loadAwaiting(); loadUsers(); }
    load();
  }
})();
