package io.keygate.auth.access.stepup;

/**
 * What the browser returns for a step-up: the id of the challenge it answers and the
 * {@code PublicKeyCredential} JSON of {@code navigator.credentials.get} (base64url byte fields).
 */
public record StepUpAssertion(String challengeId, String credentialJson) {
}
