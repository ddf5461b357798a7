package io.keygate.gateway.signin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

import reactor.core.publisher.Mono;

/**
 * The client registrations with what discovery would have added: the issuer and the provider's
 * {@code end_session_endpoint}. The gateway configures the auth server's endpoints explicitly
 * (so that it starts, and denies, while the auth server is down), which leaves both out; without
 * them logout here would not end the auth server's session (RP-initiated logout needs the end
 * session endpoint) and no back-channel logout token could be checked (its {@code iss} is compared
 * with the registration's issuer). The endpoint is Spring Authorization Server's {@code /connect/logout}.
 */
final class ProviderMetadataRegistrations implements ReactiveClientRegistrationRepository {

	static final String END_SESSION_PATH = "/connect/logout";

	private final ReactiveClientRegistrationRepository delegate;

	private final String issuer;

	ProviderMetadataRegistrations(ReactiveClientRegistrationRepository delegate, String issuer) {
		this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
		if (issuer == null || issuer.isBlank()) {
			throw new IllegalStateException("keygate.gateway.signin.issuer must name the auth server's issuer");
		}
		this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
	}

	@Override
	public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
		return this.delegate.findByRegistrationId(registrationId).map(registration -> {
			Map<String, Object> metadata = new LinkedHashMap<>(registration.getProviderDetails().getConfigurationMetadata());
			metadata.putIfAbsent("end_session_endpoint", this.issuer + END_SESSION_PATH);
			return ClientRegistration.withClientRegistration(registration)
				.issuerUri(this.issuer)
				.providerConfigurationMetadata(metadata)
				.build();
		});
	}

}
