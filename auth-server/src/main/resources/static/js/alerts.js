// The alert page's key-confirmed responses: the server's challenge (bound to this alert and this action), the key, the answer.
(function () {
  'use strict';
  const message = document.getElementById('message');
  document.querySelectorAll('button.key-signed').forEach(button => button.addEventListener('click', async () => {
    const base = '/access/alerts/' + encodeURIComponent(button.dataset.alert) + '/' + button.dataset.response;
    message.hidden = true;
    try {
      const challenge = await Keygate.post(base + '/step-up');
      const credential = await navigator.credentials.get({ publicKey: Keygate.requestOptions(challenge.publicKey) });
      await Keygate.post(base, { challengeId: challenge.challengeId, credential: Keygate.assertionJson(credential) });
      window.location.reload();
    } catch (e) {
      message.textContent = e.message || 'The action failed.';
      message.hidden = false;
    }
  }));
})();
