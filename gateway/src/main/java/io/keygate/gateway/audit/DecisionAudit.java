package io.keygate.gateway.audit;

import io.keygate.policy.audit.AuditEntry;
import reactor.core.publisher.Mono;

/**
 * Where the gateway records decisions. The returned Mono completes once the entry is recorded
 * durably (or spooled where it will not be lost) and errors otherwise; the access filter denies a
 * request whose decision could not be recorded, so nothing is forwarded unaudited.
 */
public interface DecisionAudit {

	Mono<Void> record(AuditEntry entry);

}
