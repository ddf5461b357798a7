package io.keygate.auth.access.request;

import java.util.Objects;

import io.keygate.policy.request.AccessRequest;

/** A request as read from the database, with the row version an update must still find. */
public record StoredRequest(AccessRequest request, long version, String clientAddress) {

	public StoredRequest {
		Objects.requireNonNull(request, "request cannot be null");
		Objects.requireNonNull(clientAddress, "clientAddress cannot be null");
	}

}
