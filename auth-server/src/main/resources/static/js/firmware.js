// The firmware page: every change here is key-confirmed. The server's challenge is bound to
// exactly that change (the entry's fields, or the image and the decision); the key answers it.
(function () {
  'use strict';
  const message = document.getElementById('message');
  async function keySigned(stepUpUrl, stepUpBody, actionUrl, actionBody) {
    message.textContent = 'Touch your security key and enter its PIN…';
    const challenge = await Keygate.post(stepUpUrl, stepUpBody);
    const credential = await navigator.credentials.get({ publicKey: Keygate.requestOptions(challenge.publicKey) });
    return Keygate.post(actionUrl, Object.assign({}, actionBody || {},
      { challengeId: challenge.challengeId, credential: Keygate.assertionJson(credential) }));
  }
  async function run(action) {
    try {
      const result = await action();
      message.textContent = result.message || 'Done.';
      window.setTimeout(() => window.location.reload(), 800);
    } catch (e) {
      message.textContent = 'Refused: ' + e.message;
    }
  }
  document.getElementById('allow-add').addEventListener('click', () => run(() => {
    const entry = {
      hash: document.getElementById('allow-hash').value.trim(), vendor: document.getElementById('allow-vendor').value.trim(),
      model: document.getElementById('allow-model').value.trim(), version: document.getElementById('allow-version').value.trim(),
      verification: document.getElementById('allow-verification').value.trim() };
    return keySigned('/admin/firmware/allow-list/step-up', entry, '/admin/firmware/allow-list', entry);
  }));
  document.querySelectorAll('button[data-release]').forEach(button => button.addEventListener('click', () => run(() =>
    keySigned('/admin/firmware/held/' + button.dataset.release + '/release/step-up', {},
      '/admin/firmware/held/' + button.dataset.release + '/release'))));
  document.querySelectorAll('button[data-reject]').forEach(button => button.addEventListener('click', () => run(() =>
    keySigned('/admin/firmware/held/' + button.dataset.reject + '/reject/step-up', {},
      '/admin/firmware/held/' + button.dataset.reject + '/reject'))));
})();
