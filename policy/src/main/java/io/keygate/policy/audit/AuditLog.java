package io.keygate.policy.audit;

/**
 * Where audit entries go. An implementation either records the entry durably (chained) or
 * throws; callers that must not act unaudited (the gateway) deny when it throws.
 */
public interface AuditLog {

	AuditEvent append(AuditEntry entry);

}
