// Keygate's browser side of the WebAuthn ceremonies. Options arrive as WebAuthn JSON
// (base64url byte fields); answers go back as PublicKeyCredential.toJSON() shapes.
(function () {
  'use strict';

  function b64urlToBytes(value) {
    const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - base64.length % 4) % 4);
    return Uint8Array.from(atob(padded), c => c.charCodeAt(0));
  }

  function bytesToB64url(buffer) {
    const bytes = new Uint8Array(buffer);
    let text = '';
    bytes.forEach(b => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function csrfHeaders() {
    const match = (document.cookie.match(/(?:^|; )__Host-KEYGATE_AUTH_XSRF=([^;]*)/) || document.cookie.match(/(?:^|; )KEYGATE_AUTH_XSRF=([^;]*)/));
    const headers = { 'Content-Type': 'application/json' };
    if (match) {
      headers['X-XSRF-TOKEN'] = decodeURIComponent(match[1]);
    }
    return headers;
  }

  async function post(url, body) {
    const response = await fetch(url, { method: 'POST', headers: csrfHeaders(), credentials: 'same-origin',
      body: body === undefined ? '{}' : JSON.stringify(body) });
    let json = {};
    try { json = await response.json(); } catch (e) { json = {}; }
    if (!response.ok) {
      // A refusal is an RFC 9457 problem document: 'detail' is the sentence for the person.
      throw new Error(json.detail || 'The request failed (' + response.status + ').');
    }
    return json;
  }

  function creationOptions(json) {
    const options = Object.assign({}, json);
    options.challenge = b64urlToBytes(json.challenge);
    options.user = Object.assign({}, json.user, { id: b64urlToBytes(json.user.id) });
    options.excludeCredentials = (json.excludeCredentials || []).map(c => Object.assign({}, c, { id: b64urlToBytes(c.id) }));
    return options;
  }

  function requestOptions(json) {
    const options = Object.assign({}, json);
    options.challenge = b64urlToBytes(json.challenge);
    options.allowCredentials = (json.allowCredentials || []).map(c => Object.assign({}, c, { id: b64urlToBytes(c.id) }));
    return options;
  }

  function attestationJson(credential) {
    return {
      id: credential.id, rawId: bytesToB64url(credential.rawId), type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      response: {
        clientDataJSON: bytesToB64url(credential.response.clientDataJSON),
        attestationObject: bytesToB64url(credential.response.attestationObject),
        transports: credential.response.getTransports ? credential.response.getTransports() : []
      },
      clientExtensionResults: credential.getClientExtensionResults()
    };
  }

  function assertionJson(credential) {
    return {
      id: credential.id, rawId: bytesToB64url(credential.rawId), type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      response: {
        clientDataJSON: bytesToB64url(credential.response.clientDataJSON),
        authenticatorData: bytesToB64url(credential.response.authenticatorData),
        signature: bytesToB64url(credential.response.signature),
        userHandle: credential.response.userHandle ? bytesToB64url(credential.response.userHandle) : null
      },
      clientExtensionResults: credential.getClientExtensionResults()
    };
  }

  function show(messageId, text) {
    const element = document.getElementById(messageId);
    if (element) { element.textContent = text; }
  }

  async function assertion(optionsUrl, optionsBody) {
    const options = await post(optionsUrl, optionsBody);
    const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
    return assertionJson(credential);
  }

  async function signIn(messageId) {
    try {
      show(messageId, '');
      const answer = await assertion('/webauthn/authenticate/options');
      const result = await post('/login/webauthn', answer);
      window.location.assign(result.redirectUrl || '/');
    } catch (e) {
      show(messageId, e.message);
    }
  }

  async function enroll(token, label, messageId) {
    try {
      show(messageId, '');
      const options = await post('/enroll/options', { token: token });
      const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
      const result = await post('/enroll/finish', { token: token, label: label, credential: attestationJson(credential) });
      window.location.assign(result.redirectUrl || '/');
    } catch (e) {
      show(messageId, e.message);
    }
  }

  async function addKey(label, messageId) {
    try {
      show(messageId, '');
      const options = await post('/account/keys/options');
      const existing = await navigator.credentials.get({ publicKey: requestOptions(options.assertion) });
      const created = await navigator.credentials.create({ publicKey: creationOptions(options.registration) });
      await post('/account/keys', { label: label, assertion: assertionJson(existing), credential: attestationJson(created) });
      window.location.reload();
    } catch (e) {
      show(messageId, e.message);
    }
  }

  window.Keygate = { signIn: signIn, enroll: enroll, addKey: addKey, assertion: assertion, post: post,
    assertionJson: assertionJson, requestOptions: requestOptions };
})();
